"""The register ("Danh sách hộ"): filters, search as you type, the lazy household table."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ranoat.domain.round import RoundInfo
from ranoat.domain.vietnamese import format_number
from ranoat.operations.commune import VillageData
from ranoat.operations.register import SORT_KEYS, RegisterFilter
from ranoat.storage.database import Database
from ui.i18n import round_label
from ui.labels import CATEGORY_LABELS, STATUS_LABELS, category_label, status_label
from ui.models.household_table import HouseholdTableModel


class RegisterPage(QWidget):
    """Emits the chosen household's id: to edit it, or to enter its Phiếu B."""

    edit_requested = Signal(int)
    survey_requested = Signal(int)
    add_requested = Signal()
    delete_requested = Signal(int)

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = HouseholdTableModel(database, self)

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Tìm theo tên, số CCCD hoặc mã hộ (gõ không dấu cũng được)…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Tìm kiếm"))
        self.round = QComboBox()
        self.round.setAccessibleName(self.tr("Kỳ rà soát"))
        self.village = QComboBox()
        self.village.setAccessibleName(self.tr("Thôn"))
        self.category = QComboBox()
        self.category.setAccessibleName(self.tr("Kết quả"))
        self.category.addItem(self.tr("Mọi kết quả"), None)
        for category in CATEGORY_LABELS:
            self.category.addItem(category_label(category), category.value)
        self.category.addItem(self.tr("Chưa phân loại"), "none")
        self.status = QComboBox()
        self.status.setAccessibleName(self.tr("Tình trạng phiếu"))
        self.status.addItem(self.tr("Mọi tình trạng phiếu"), None)
        self.status.addItem(self.tr("Chưa có phiếu"), "none")
        for status in STATUS_LABELS:
            self.status.addItem(status_label(status), status.value)

        filters = QHBoxLayout()
        find_label = QLabel(self.tr("Tì&m:"))
        find_label.setBuddy(self.search)
        filters.addWidget(find_label)
        filters.addWidget(self.search, 3)
        filters.addWidget(self.village, 1)
        filters.addWidget(self.category, 1)
        filters.addWidget(self.status, 1)

        round_row = QHBoxLayout()
        round_label = QLabel(self.tr("&Kỳ rà soát:"))
        round_label.setBuddy(self.round)
        round_row.addWidget(round_label)
        round_row.addWidget(self.round, 1)
        self.count = QLabel()
        round_row.addWidget(self.count)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # a click on a header sorts by that column (a second click reverses it); by the head's name at first
        header.setSortIndicator(SORT_KEYS.index("head"), Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        for column, width in enumerate([110, 210, 190, 95, 120, 150, 55, 55, 100]):
            self.table.setColumnWidth(column, width)
        # Enter/Return on a row, or a double click (per the platform's style), opens its Phiếu B
        self.table.activated.connect(lambda index: self.survey_requested.emit(self.model.id_at(index.row())))

        self.add_button = QPushButton(self.tr("Thêm &hộ"))
        self.edit_button = QPushButton(self.tr("&Sửa hộ"))
        self.survey_button = QPushButton(self.tr("&Nhập phiếu B"))
        self.delete_button = QPushButton(self.tr("X&oá hộ…"))
        self.add_button.clicked.connect(self.add_requested.emit)
        self.edit_button.clicked.connect(self._edit_current)
        self.survey_button.clicked.connect(self._survey_current)
        self.delete_button.clicked.connect(self._delete_current)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.survey_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(QLabel(self.tr("Enter: nhập phiếu B · Ctrl+E: sửa hộ · Ctrl+F: tìm")))

        layout = QVBoxLayout(self)
        layout.addLayout(round_row)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search)
        QShortcut(QKeySequence("Ctrl+E"), self, self._edit_current)
        self.search.returnPressed.connect(self._search_enter)

        self.search.textChanged.connect(self.apply_filter)
        # the count follows every change of the list: a filter, and a household added, deleted or
        # imported (the model is read again then), not only a change of filter (issue #14)
        for signal in (self.model.modelReset, self.model.rowsInserted, self.model.rowsRemoved):
            signal.connect(self._show_count)
        for combo in (self.round, self.village, self.category, self.status):
            combo.currentIndexChanged.connect(self.apply_filter)

    # -- data --------------------------------------------------------------------------------
    def set_choices(self, rounds: list[RoundInfo], villages: list[VillageData]) -> None:
        for combo in (self.round, self.village):
            combo.blockSignals(True)
        current_round = self.round.currentData()
        self.round.clear()
        for info in rounds:
            self.round.addItem(round_label(info), info.id)
        if not rounds:
            self.round.addItem(self.tr("Chưa có kỳ rà soát (Xã → Mở kỳ rà soát mới…)"), None)
        index = self.round.findData(current_round)
        self.round.setCurrentIndex(max(index, 0))
        current_village = self.village.currentData()
        self.village.clear()
        self.village.addItem(self.tr("Mọi thôn"), None)
        for village in villages:
            self.village.addItem(village.name, village.id)
        self.village.setCurrentIndex(max(self.village.findData(current_village), 0))
        for combo in (self.round, self.village):
            combo.blockSignals(False)
        self.apply_filter()
        # After the first page is on screen, not during it (the worker would compete for the GIL);
        # a key typed before then reads the documents at once.
        QTimer.singleShot(1500, self.model.preload_search)

    def round_id(self) -> int | None:
        data = self.round.currentData()
        return int(data) if data is not None else None

    def apply_filter(self) -> None:
        selected = self.current_id()
        self.model.set_filter(
            RegisterFilter(
                round_id=self.round_id(),
                village_id=self.village.currentData(),
                category=self.category.currentData(),
                status=self.status.currentData(),
                search=self.search.text(),
                sort=self.model.current_filter().sort,  # the column the officer sorted by stays
                descending=self.model.current_filter().descending,
            )
        )
        row = self.model.row_of(selected) if selected is not None else -1
        if self.model.rowCount():
            self.table.selectRow(max(row, 0))

    def _show_count(self) -> None:
        count = self.model.rowCount()  # picks the English plural ("1 household", "2 households")
        self.count.setText(self.tr("{n} hộ", "", count).format(n=format_number(count)))

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def select(self, household_id: int) -> None:
        row = self.model.row_of(household_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def neighbour(self, household_id: int, step: int) -> int | None:
        """The household before/after this one in the list as filtered and sorted now."""
        row = self.model.row_of(household_id)
        target = row + step
        if row < 0 or not 0 <= target < self.model.rowCount():
            return None
        return self.model.id_at(target)

    # -- actions -----------------------------------------------------------------------------
    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _search_enter(self) -> None:
        """Enter in the search: the only household found opens its Phiếu B; with several, the list
        takes the focus (arrows, then Enter)."""
        if self.model.rowCount() == 1:
            self.survey_requested.emit(self.model.id_at(0))
        elif self.model.rowCount():
            self.table.setFocus()

    def _edit_current(self) -> None:
        current = self.current_id()
        if current is not None:
            self.edit_requested.emit(current)

    def _delete_current(self) -> None:
        current = self.current_id()
        if current is not None:
            self.delete_requested.emit(current)

    def _survey_current(self) -> None:
        current = self.current_id()
        if current is not None:
            self.survey_requested.emit(current)
