"""Page 4 of the import wizard: households already in the database (update, skip or add)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    Qt,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from ranoat.importing.plan import Choice
from ui.dialogs.import_wizard.common import choice_names

if TYPE_CHECKING:  # the wizard makes the pages and imports them
    from ui.dialogs.import_wizard.wizard import ImportWizard


class MatchesPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(self.tr("Hộ đã có trong cơ sở dữ liệu"))
        self.setSubTitle(
            self.tr(
                "Các hộ dưới đây giống hộ đã có (cùng số CCCD, hoặc cùng họ tên, năm sinh và thôn). Chọn cho từng hộ: "
                "cập nhật hộ đã có theo danh sách, bỏ qua, hoặc thêm thành hộ mới."
            )
        )
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Dòng"),
                self.tr("Chủ hộ trong tệp"),
                self.tr("Hộ đã có"),
                self.tr("Vì sao giống"),
                self.tr("Xử lý"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.combos: list[QComboBox] = []
        self.note = QLabel()
        self.note.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel(self.tr("Tất cả:")))
        for choice in Choice:
            button = QPushButton(choice_names()[choice])
            button.clicked.connect(lambda _checked=False, c=choice: self.choose_all(c))
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def initializePage(self) -> None:
        plan = self.owner.plan
        matches = plan.matches if plan else []
        self.table.setRowCount(len(matches))
        self.combos = []
        for row, planned in enumerate(matches):
            match = planned.match
            assert match is not None
            head = planned.draft.data.head()
            texts = [
                str(planned.draft.head_row),
                head.full_name if head else "",
                f"{match.household_code} — {match.head_name} ({match.village})",
                match.reason,
            ]
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
            combo = QComboBox()
            for choice, name in choice_names().items():
                combo.addItem(name, choice.value)
            combo.setCurrentIndex(combo.findData(planned.choice.value))
            combo.currentIndexChanged.connect(
                lambda _i, p=planned, c=combo: setattr(p, "choice", Choice(str(c.currentData())))
            )
            self.table.setCellWidget(row, 4, combo)
            self.combos.append(combo)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        if matches:
            self.note.setText(self.tr("{n} hộ trong tệp giống hộ đã có.").format(n=len(matches)))
        else:
            self.note.setText(self.tr("Không có hộ nào trong tệp trùng với hộ đã có: mọi hộ sẽ được thêm mới."))

    def choose_all(self, choice: Choice) -> None:
        for combo in self.combos:
            combo.setCurrentIndex(combo.findData(choice.value))
