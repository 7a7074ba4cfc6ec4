"""The "Chuẩn nghèo" page: the standards we know, their validity and gaps, and the calculator."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ranoat.domain.vietnamese import format_date
from ranoat.rules.rulebook import Rulebook, standard_on
from ui.i18n import localized
from ui.widgets.calculator import PovertyCalculator


class StandardsPage(QWidget):
    def __init__(self, rulebooks: dict[str, Rulebook], today: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self._rulebooks = rulebooks
        self.table = QTableWidget(len(rulebooks), 3)
        self.table.setHorizontalHeaderLabels([self.tr("Chuẩn"), self.tr("Hiệu lực"), self.tr("Còn thiếu")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in (0, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for row, book in enumerate(rulebooks.values()):
            validity = book.model.validity
            state = self.tr(" (đang áp dụng)") if book.in_force_on(today) else ""
            missing = book.missing()
            cells = [
                book.id,
                f"{format_date(validity.valid_from)} – {format_date(validity.valid_to)}{state}",
                self.tr("{n} mục").format(n=len(missing)) if missing else self.tr("đủ"),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, book.id)
                item.setToolTip(localized(book.model.title))
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()

        self.details = QTextBrowser()
        self.details.setOpenLinks(False)

        default = standard_on(rulebooks, today)
        self.calculator = PovertyCalculator(rulebooks, default)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(self.tr("<b>Các chuẩn nghèo</b>")))
        left_layout.addWidget(self.table)
        details_box = QGroupBox(self.tr("Căn cứ pháp lý và phần còn thiếu"))
        details_layout = QVBoxLayout(details_box)
        details_layout.addWidget(self.details)
        left_layout.addWidget(details_box, 1)

        right = QGroupBox(self.tr("Máy tính phân loại hộ"))
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.calculator)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([440, 900])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.table.currentCellChanged.connect(self._row_changed)
        self.table.selectRow(list(rulebooks).index(default))
        self.calculator.standard.currentIndexChanged.connect(self._follow_calculator)

    def _row_changed(self, row: int, _column: int, _old_row: int, _old_column: int) -> None:
        if row < 0:
            return
        book = list(self._rulebooks.values())[row]
        self.details.setHtml(self._describe(book))
        index = self.calculator.standard.findData(book.id)
        if index != self.calculator.standard.currentIndex():
            self.calculator.standard.setCurrentIndex(index)

    def _follow_calculator(self) -> None:
        row = self.calculator.standard.currentIndex()
        if row != self.table.currentRow():
            self.table.selectRow(row)

    def _describe(self, book: Rulebook) -> str:
        basis = "".join(f"<li>{doc.document}</li>" for doc in book.model.legal_basis)
        missing = book.missing()
        if missing:
            gaps = "".join(f"<li>{localized(item)}</li>" for item in missing)
            gap_html = self.tr(
                "<p><b>Còn thiếu</b> (chưa có trong văn bản hoặc chưa được xác minh):</p><ul>{items}</ul>"
            )
            gap_text = gap_html.format(items=gaps)
        else:
            gap_text = self.tr("<p>Không thiếu giá trị nào.</p>")
        return self.tr("<p><b>{title}</b></p><p>Căn cứ:</p><ul>{basis}</ul>{gaps}").format(
            title=localized(book.model.title), basis=basis, gaps=gap_text
        )
