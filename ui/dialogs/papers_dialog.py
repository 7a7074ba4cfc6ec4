"""Giấy tờ: the papers of the round (issue #17; docs/papers.md) — choose the paper, the village or
the households (certificates: tick them in the list), write the .docx (and PDF when LibreOffice is installed) off
the GUI thread with progress and cancel, preview the text, open a file in Word to correct, sign
and print."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ranoat.domain.errors import OperationError
from ranoat.operations.papers import (
    CertificateCandidate,
    PaperFile,
    PapersCancelledError,
    certificate_candidates,
    write_papers,
)
from ranoat.papers.fields import TEMPLATE_FILES, TITLES, PaperKind
from ranoat.papers.pdf import PdfError, find_office
from ranoat.papers.render import TemplateError, install_template, user_template_dir
from ranoat.rules.rulebook import Rulebook
from ranoat.storage.database import Database
from ui.background import WorkDialog, Worker


class PapersWorker(Worker):
    def __init__(self, database: Database, round_id: int, options: dict[str, Any], rulebooks: dict[str, Rulebook]):
        super().__init__()
        self._database, self._round_id, self._options, self._rulebooks = database, round_id, options, rulebooks

    @Slot()
    def run(self) -> None:
        try:
            written = write_papers(
                self._database,
                self._round_id,
                rulebooks=self._rulebooks,
                progress=self.progressed.emit,
                cancelled=lambda: self.cancel_requested,
                **self._options,
            )
        except PapersCancelledError:
            self.cancelled.emit()
        except (OperationError, TemplateError, PdfError, OSError) as exc:
            self.failed.emit(str(exc))
        else:
            self.finished.emit(written)


class PapersDialog(WorkDialog):
    def __init__(
        self,
        database: Database,
        round_id: int,
        rulebooks: dict[str, Rulebook],
        villages: Sequence[tuple[int, str]],
        household_id: int | None,
        decided: bool,
        folder: Path,
        parent: QWidget | None = None,
        template_dir: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Giấy tờ của kỳ rà soát"))
        self._database, self._round_id, self._rulebooks = database, round_id, rulebooks
        self._household_id = household_id
        self._template_dir = template_dir or user_template_dir()
        self._candidates: list[CertificateCandidate] | None = None
        self.kind = QComboBox()
        for kind in PaperKind:
            self.kind.addItem(TITLES[kind], kind.value)
        self.village = QComboBox()
        self.village.addItem(self.tr("Cả xã (mỗi thôn một tệp)"), None)
        for village_id, name in villages:
            self.village.addItem(name, village_id)
        self.kind.currentIndexChanged.connect(self._show_households)
        # the province's own wording: a checked .docx copied into the user's template folder
        self.template = QLabel()
        self.template.setWordWrap(True)
        own = QPushButton(self.tr("Dùng mẫu &riêng…"))
        own.clicked.connect(self._choose_template)
        self.shipped_button = QPushButton(self.tr("Dùng mẫu &gốc"))
        self.shipped_button.clicked.connect(self.use_shipped_template)
        self.kind.currentIndexChanged.connect(self._show_template)
        self.village.currentIndexChanged.connect(self._show_households)
        # certificates: the households of the poor and near-poor lists, each ticked or not (Space)
        self.households = QListWidget()
        self.households.setToolTip(self.tr("Dấu cách: chọn hoặc bỏ chọn hộ"))
        self.all_households = QPushButton(self.tr("Chọn &tất cả"))
        self.all_households.clicked.connect(lambda: self._tick(lambda _c: True))
        self.no_households = QPushButton(self.tr("&Bỏ chọn tất cả"))
        self.no_households.clicked.connect(lambda: self._tick(lambda _c: False))
        self.only_household = QPushButton(self.tr("Chỉ &hộ đang chọn trong sổ hộ"))
        self.only_household.setEnabled(household_id is not None)
        self.only_household.clicked.connect(lambda: self._tick(lambda c: c.household_id == self._household_id))
        self.households_box = QWidget()
        box = QVBoxLayout(self.households_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(QLabel(self.tr("Hộ được cấp giấy chứng nhận (hộ nghèo, hộ cận nghèo của kỳ):")))
        box.addWidget(self.households)
        ticks = QHBoxLayout()
        ticks.addWidget(self.all_households)
        ticks.addWidget(self.no_households)
        ticks.addWidget(self.only_household)
        ticks.addStretch(1)
        box.addLayout(ticks)
        self.folder = QLineEdit(str(folder))
        browse = QPushButton(self.tr("Chọn…"))
        browse.clicked.connect(self._browse)
        self.pdf = QCheckBox(self.tr("Ghi thêm PDF để in"))
        office = find_office()
        self.pdf.setEnabled(office is not None)
        if office is None:
            self.pdf.setToolTip(self.tr("Chưa có LibreOffice: mở tệp Word (.docx) để in."))
        self.draft_note = QLabel(
            "" if decided else self.tr("Kỳ chưa có quyết định: quyết định và giấy chứng nhận sẽ mang dấu DỰ THẢO.")
        )
        self.draft_note.setWordWrap(True)
        self.progress = QProgressBar()
        self.status = QLabel()
        self.files = QListWidget()
        self.files.currentItemChanged.connect(self._preview)
        self.files.itemDoubleClicked.connect(self._open_file)
        self.preview = QTextBrowser()
        self.write_button = QPushButton(self.tr("&Soạn giấy tờ"))
        self.write_button.clicked.connect(self.start)
        self.open_button = QPushButton(self.tr("&Mở để sửa, in…"))
        self.open_button.clicked.connect(lambda: self._open_file(self.files.currentItem()))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.cancel)

        form = QFormLayout()
        form.addRow(self.tr("Giấy tờ:"), self.kind)
        templates = QHBoxLayout()
        templates.addWidget(self.template, 1)
        templates.addWidget(own)
        templates.addWidget(self.shipped_button)
        form.addRow(self.tr("Mẫu:"), templates)
        form.addRow(self.tr("Thôn:"), self.village)
        where = QHBoxLayout()
        where.addWidget(self.folder, 1)
        where.addWidget(browse)
        form.addRow(self.tr("Thư mục ghi:"), where)
        form.addRow("", self.pdf)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.households_box)
        layout.addWidget(self.draft_note)
        row = QHBoxLayout()
        row.addWidget(self.write_button)
        row.addWidget(self.open_button)
        layout.addLayout(row)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.files)
        layout.addWidget(self.preview, 1)
        layout.addWidget(buttons)
        self.resize(760, 680)
        self._show_households()
        self._show_template()

    def _own_template(self) -> Path:
        return self._template_dir / TEMPLATE_FILES[PaperKind(self.kind.currentData())]

    def _show_template(self) -> None:
        own = self._own_template()
        if own.is_file():
            self.template.setText(self.tr("mẫu riêng của tỉnh, xã: {path}").format(path=own))
        else:
            self.template.setText(self.tr("mẫu gốc của Ranoat"))
        self.shipped_button.setEnabled(own.is_file())

    def _choose_template(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Mẫu Word (.docx)"), "", self.tr("Word (*.docx)"))
        if name:
            self.use_template(Path(name))

    def use_template(self, source: Path) -> bool:
        """Check and install ``source`` as the chosen paper's template; a refused one changes nothing
        and its message (naming the field) is shown."""
        try:
            install_template(PaperKind(self.kind.currentData()), source, self._template_dir)
        except (TemplateError, OSError) as exc:
            self.status.setText(str(exc))
            return False
        self.status.setText(self.tr("Đã dùng mẫu riêng {name}.").format(name=source.name))
        self._show_template()
        return True

    def use_shipped_template(self) -> None:
        """Back to the shipped template (asks first: the province's copy is removed)."""
        own = self._own_template()
        if not own.is_file():
            return
        answer = QMessageBox.question(
            self,
            self.tr("Dùng mẫu gốc"),
            self.tr("Xoá mẫu riêng {path} và dùng lại mẫu gốc của Ranoat?").format(path=own),
        )
        if answer == QMessageBox.StandardButton.Yes:
            own.unlink()
            self._show_template()

    def _show_households(self) -> None:
        """List the households that may get a certificate, all ticked, when certificates are chosen.
        The commune's lists are read once, when certificates are first chosen; a village filters them."""
        certificates = PaperKind(self.kind.currentData()) is PaperKind.CERTIFICATES
        self.households_box.setVisible(certificates)
        self.households.clear()
        if not certificates:
            return
        if self._candidates is None:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                self._candidates = certificate_candidates(self._database, self._round_id, self._rulebooks)
            finally:
                QApplication.restoreOverrideCursor()
        village_id = self.village.currentData()
        for candidate in self._candidates:
            if village_id is not None and candidate.village_id != village_id:
                continue
            item = QListWidgetItem(
                f"{candidate.household_code} — {candidate.head_name} — {candidate.village} — {candidate.list_name}"
            )
            item.setData(256, candidate)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.households.addItem(item)

    def _tick(self, which: Callable[[CertificateCandidate], bool]) -> None:
        for i in range(self.households.count()):
            item = self.households.item(i)
            item.setCheckState(Qt.CheckState.Checked if which(item.data(256)) else Qt.CheckState.Unchecked)

    def ticked(self) -> list[int] | None:
        """The ticked households' ids; None when every listed household is ticked (one file per village)."""
        items = [self.households.item(i) for i in range(self.households.count())]
        ticked = [item.data(256).household_id for item in items if item.checkState() == Qt.CheckState.Checked]
        return None if len(ticked) == len(items) else ticked

    def _browse(self) -> None:
        name = QFileDialog.getExistingDirectory(self, self.tr("Thư mục ghi giấy tờ"), self.folder.text())
        if name:
            self.folder.setText(name)

    def options(self) -> dict[str, Any]:
        kind = PaperKind(self.kind.currentData())
        return {
            "out_dir": Path(self.folder.text()),
            "kinds": [kind],
            "village_id": self.village.currentData(),
            "household_ids": self.ticked() if kind is PaperKind.CERTIFICATES else None,
            "pdf": self.pdf.isChecked(),
            "template_dir": self._template_dir,
        }

    def start(self) -> None:
        options = self.options()
        if options["household_ids"] == []:
            self.status.setText(self.tr("Chưa chọn hộ nào để cấp giấy chứng nhận."))
            return
        self.write_button.setEnabled(False)
        self.files.clear()
        self.preview.clear()
        self.run_in_background(PapersWorker(self._database, self._round_id, options, self._rulebooks))

    def _finished(self, result: Any) -> None:
        self._stop_job()
        self.write_button.setEnabled(True)
        written: list[PaperFile] = result
        for paper in written:
            for path in (paper.path, paper.pdf):
                if path is not None:
                    item = QListWidgetItem(path.name)
                    item.setData(256, str(path))
                    self.files.addItem(item)
        self.status.setText(
            self.tr("Đã ghi {n} tệp.").format(n=len(written)) if written else self.tr("Không có giấy tờ nào để ghi.")
        )
        if self.files.count():
            self.files.setCurrentRow(0)

    def _failed(self, message: str) -> None:
        self._stop_job()
        self.write_button.setEnabled(True)
        self.status.setText(message)

    def _cancelled(self) -> None:
        self._stop_job()
        self.write_button.setEnabled(True)
        self.status.setText(self.tr("Đã huỷ."))

    def _preview(self, item: QListWidgetItem | None) -> None:
        """The text of the chosen .docx (its layout is Word's: open it to see the page)."""
        self.preview.clear()
        if item is None or not str(item.data(256)).endswith(".docx"):
            return
        import docx

        document = docx.Document(str(item.data(256)))
        lines = [p.text for p in document.paragraphs[:400]]
        self.preview.setPlainText("\n".join(lines))

    def _open_file(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(item.data(256))))
