"""Export a round to Excel: choose the round, what to write and where; progress and cancel.

The export runs on a worker thread (the GUI stays responsive); it writes to a temporary file and
renames it at the end, so cancelling never leaves half a workbook.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ranoat.domain.errors import OperationError
from ranoat.domain.round import RoundInfo
from ranoat.domain.search import fold
from ranoat.operations.commune import VillageData
from ranoat.operations.export import ExportCancelledError, ExportResult, export_round
from ranoat.rules.rulebook import Rulebook
from ranoat.storage.database import Database
from ui.background import WorkDialog, Worker
from ui.i18n import round_label


class ExportWorker(Worker):
    """Writes the export on a worker thread."""

    def __init__(self, database: Database, rulebooks: dict[str, Rulebook], options: dict[str, object]) -> None:
        super().__init__()
        self._database = database
        self._rulebooks = rulebooks
        self._options = options

    def run(self) -> None:
        options = self._options
        try:
            result = export_round(
                self._database,
                int(options["round_id"]),  # type: ignore[call-overload]
                Path(str(options["path"])),
                self._rulebooks,
                progress=lambda done, total, what: self.progressed.emit(done, total, what),
                cancelled=lambda: self.cancel_requested,
                village_id=options["village_id"],  # type: ignore[arg-type]
                lists=bool(options["lists"]),
                forms=bool(options["forms"]),
                data_sheets=bool(options["data"]),
            )
        except ExportCancelledError:
            self.cancelled.emit()
        except OperationError as exc:
            self.failed.emit(str(exc))
        except OSError as exc:  # disk full, a folder one may not write: nothing written
            self.failed.emit(f"{exc.filename or options['path']}: {exc.strerror or exc}")
        else:
            self.finished.emit(result)


def default_name(commune_code: str, round_info: RoundInfo, village: str | None) -> str:
    village_part = f"-{re.sub(r'[^a-z0-9]+', '-', fold(village)).strip('-')}" if village else ""
    return f"ranoat-{commune_code}-{round_info.year}-{round_info.kind.value}{village_part}.xlsx"


class ExportDialog(WorkDialog):
    def __init__(
        self,
        database: Database,
        rulebooks: dict[str, Rulebook],
        rounds: list[RoundInfo],
        villages: list[VillageData],
        commune_code: str,
        folder: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Xuất Excel"))
        self.resize(640, 320)
        self._database = database
        self._rulebooks = rulebooks
        self._rounds = {r.id: r for r in rounds}
        self._villages = {v.id: v.name for v in villages}
        self._commune_code = commune_code
        self.result_path: Path | None = None
        self.open_folder_when_done = True

        self.round = QComboBox()
        for info in rounds:
            self.round.addItem(round_label(info), info.id)
        self.scope = QComboBox()
        self.scope.addItem(self.tr("Cả xã: sổ trao đổi (danh sách, biểu mẫu, dữ liệu)"), None)
        for village in villages:
            self.scope.addItem(self.tr("Danh sách của {name} (niêm yết)").format(name=village.name), village.id)
        self.lists = QCheckBox(self.tr("Danh sách hộ nghèo, cận nghèo, thoát nghèo, thoát cận nghèo, niêm yết"))
        self.forms = QCheckBox(self.tr("Biểu mẫu 7.1 – 7.10"))
        self.data = QCheckBox(self.tr("Trang dữ liệu cho cấp trên tổng hợp"))
        for box in (self.lists, self.forms, self.data):
            box.setChecked(True)
        self.folder = QLineEdit(str(folder))
        browse = QPushButton(self.tr("Chọn…"))
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        self.file_name = QLineEdit()
        self.progress = QProgressBar()
        self.progress.setRange(0, 4)
        self.status = QLabel()
        self.status.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("&Kỳ rà soát:"), self.round)
        form.addRow(self.tr("&Phạm vi:"), self.scope)
        form.addRow(self.tr("Nội dung:"), self.lists)
        form.addRow("", self.forms)
        form.addRow("", self.data)
        folder_label = QLabel(self.tr("&Thư mục:"))  # a row of a field and a button: the label needs its buddy
        folder_label.setBuddy(self.folder)
        form.addRow(folder_label, folder_row)
        form.addRow(self.tr("Tên &tệp:"), self.file_name)

        self.buttons = QDialogButtonBox()
        self.start_button = self.buttons.addButton(self.tr("&Xuất"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(self.tr("&Huỷ"), QDialogButtonBox.ButtonRole.RejectRole)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.round.currentIndexChanged.connect(self._suggest_name)
        self.scope.currentIndexChanged.connect(self._scope_changed)
        self._suggest_name()

    def _scope_changed(self) -> None:
        village = self.scope.currentData() is not None
        for box in (self.forms, self.data):
            box.setEnabled(not village)  # forms and data are always the whole commune's
        self._suggest_name()

    def _suggest_name(self) -> None:
        info = self._rounds.get(self.round.currentData())
        if info is not None:
            village = self._villages.get(self.scope.currentData())
            self.file_name.setText(default_name(self._commune_code, info, village))

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Chọn thư mục"), self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def target(self) -> Path:
        name = self.file_name.text().strip() or "ranoat.xlsx"
        if not name.lower().endswith(".xlsx"):
            name += ".xlsx"
        return Path(self.folder.text()) / name

    def start(self) -> None:
        if self._job is not None:
            return
        village = self.scope.currentData()
        options: dict[str, object] = {
            "round_id": self.round.currentData(),
            "path": str(self.target()),
            "village_id": village,
            "lists": self.lists.isChecked(),
            "forms": self.forms.isChecked() and village is None,
            "data": self.data.isChecked() and village is None,
        }
        self.start_button.setEnabled(False)
        self.status.setText(self.tr("Đang xuất…"))
        self.run_in_background(ExportWorker(self._database, self._rulebooks, options))

    def _finished(self, result: ExportResult) -> None:
        self._done()
        self.result_path = result.path
        text = self.tr("Đã ghi {path}: {n} trang.").format(path=result.path, n=len(result.sheets))
        if result.seal_key_id:
            text += " " + self.tr("Đã niêm phong bằng khoá của xã (mã khoá {key_id}).").format(
                key_id=result.seal_key_id
            )
        elif "data_households" in result.sheets:  # the data sheets, for the level above, without a seal
            text += " " + self.tr("Chưa niêm phong: xã chưa nhập khoá niêm phong do tỉnh cấp (Thông tin xã).")
        self.status.setText(text)
        if self.open_folder_when_done:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.path.parent)))
        self.cancel_button.setText(self.tr("Đóng"))

    def _failed(self, message: str) -> None:
        self._done()
        self.status.setText(self.tr("Không xuất được: {message}").format(message=message))
        self.start_button.setEnabled(True)

    def _cancelled(self) -> None:
        self._done()
        self.status.setText(self.tr("Đã huỷ: không có tệp nào được ghi."))
        self.start_button.setEnabled(True)

    def _done(self) -> None:
        self._stop_job()
