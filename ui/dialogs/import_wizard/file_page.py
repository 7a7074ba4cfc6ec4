"""Page 1 of the import wizard: the file and its sheet."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWizardPage,
)

from ranoat.importing.sheet import ImportFileError, sheet_names
from ranoat.operations.importing import (
    has_exchange_sheets,
)

if TYPE_CHECKING:  # the wizard makes the pages and imports them
    from ui.dialogs.import_wizard.wizard import ImportWizard


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(self.tr("Chọn tệp Excel"))
        self.setSubTitle(
            self.tr(
                "Danh sách hộ nghèo, cận nghèo của năm trước: mẫu danh sách chính thức, danh sách tự lập, tệp xuất "
                "từ phần mềm khác, hoặc sổ trao đổi của Ranoat. Tệp được đọc, không bị sửa."
            )
        )
        self.path = QLineEdit()
        self.path.setPlaceholderText(self.tr("Đường dẫn tệp .xlsx"))
        browse = QPushButton(self.tr("&Chọn tệp…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.sheet = QComboBox()
        self.info = QLabel()
        self.info.setWordWrap(True)
        form = QFormLayout(self)
        file_label = QLabel(self.tr("&Tệp:"))
        file_label.setBuddy(self.path)  # a row of widgets has no buddy of its own
        form.addRow(file_label, row)
        form.addRow(self.tr("T&rang:"), self.sheet)
        form.addRow("", self.info)
        self.path.editingFinished.connect(self.load_sheets)
        self.sheet.currentIndexChanged.connect(self.completeChanged)

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("Chọn danh sách Excel"), str(self.owner.folder), self.tr("Sổ Excel (*.xlsx *.xlsm)")
        )
        if chosen:
            self.path.setText(chosen)
            self.load_sheets()

    def load_sheets(self) -> None:
        self.sheet.clear()
        self.info.clear()
        text = self.path.text().strip()
        if not text:
            return
        path = Path(text)
        try:
            names = sheet_names(path)
        except ImportFileError as exc:
            self.info.setText(str(exc))
            self.completeChanged.emit()
            return
        self.owner.exchange = exchange = has_exchange_sheets(names)
        if exchange:
            self.sheet.addItem(self.tr("(sổ trao đổi của Ranoat: đọc các trang dữ liệu)"), None)
            self.info.setText(
                self.tr(
                    "Đây là sổ trao đổi của Ranoat: các cột đã biết, không cần ghép cột; kết quả của kỳ rà soát "
                    "trong sổ được ghi làm tình trạng hiện tại của các hộ."
                )
            )
        else:
            for name in names:
                self.sheet.addItem(name, name)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.sheet.count() > 0 and not self.owner.busy

    def validatePage(self) -> bool:
        if self.owner.ready_for(self):
            return True
        path = Path(self.path.text().strip())
        sheet = self.sheet.currentData()
        if self.owner.exchange:
            self.owner.make_plan_of_exchange(path, after=self)
        else:
            self.owner.read(path, sheet, after=self)
        return False
