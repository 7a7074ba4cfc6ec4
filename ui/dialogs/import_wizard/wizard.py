"""The import wizard: its pages in order, the page flow, and the work each page starts, run on a
worker thread with progress and cancel. The untrusted workbook is parsed in a child process
(`ranoat.importing.isolated`): a parser that aborts or runs away ends there, with a message, and
"Huỷ" stops it within a second."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    Signal,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QWidget,
    QWizard,
    QWizardPage,
)

from ranoat.excel.reader import read_commune_exchange
from ranoat.importing.isolated import run_isolated
from ranoat.importing.mapping import Mapping
from ranoat.importing.plan import ImportPlan
from ranoat.operations.import_apply import ImportReport
from ranoat.operations.importing import (
    ListSource,
    plan_exchange,
    plan_list,
    read_list,
    run_import,
)
from ranoat.rules.rulebook import Rulebook
from ranoat.storage.database import Database
from ui.background import Background
from ui.dialogs.import_wizard.common import ImportTask, Job
from ui.dialogs.import_wizard.file_page import FilePage
from ui.dialogs.import_wizard.mapping_page import MappingPage
from ui.dialogs.import_wizard.matches_page import MatchesPage
from ui.dialogs.import_wizard.preview_page import PreviewPage
from ui.dialogs.import_wizard.run_page import RunPage

# ----------------------------------------------------------------------------- the preview table


# ----------------------------------------------------------------------------- pages


# ----------------------------------------------------------------------------- the wizard
class ImportWizard(QWizard):
    imported = Signal(object)  # ImportReport

    def __init__(
        self,
        database: Database,
        rulebooks: dict[str, Rulebook],
        villages: list[str],
        folder: Path,
        today: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Nhập danh sách từ Excel"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.resize(1100, 680)
        self.database = database
        self.rulebooks = rulebooks
        self.villages = villages
        self.folder = folder
        self.today = today or dt.date.today()
        self.exchange = False
        self.source: ListSource | None = None
        self.plan: ImportPlan | None = None
        self.busy = False
        self._advance_from: QWizardPage | None = None
        self._job: Background | None = None
        self._on_done: Callable[[Any], None] = lambda _result: None
        self._on_failed: Callable[[str], None] = lambda _message: None

        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.matches_page = MatchesPage(self)
        self.run_page = RunPage(self)
        self.pages = [self.file_page, self.mapping_page, self.preview_page, self.matches_page, self.run_page]
        for page in self.pages:
            self.addPage(page)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.status = QLabel()
        footer = QWidget()
        footer_layout = QHBoxLayout(footer)
        footer_layout.setContentsMargins(0, 0, 0, 0)
        footer_layout.addWidget(self.status, 1)
        footer_layout.addWidget(self.progress, 1)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("&Tiếp >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< &Quay lại"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Xong"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("&Huỷ"))
        self.footer = footer  # status and progress: moved onto the page that starts a step

    # -- page flow ----------------------------------------------------------------------------
    def nextId(self) -> int:
        current = self.currentId()
        if current == 0 and self.exchange:
            return 2  # the exchange workbook needs no mapping
        return super().nextId()

    def ready_for(self, page: QWizardPage) -> bool:
        """True once the work started from ``page`` has finished: the wizard may go on."""
        if self._advance_from is page and not self.busy:
            self._advance_from = None
            return True
        return False

    def _move_footer(self) -> None:
        page = self.currentPage()
        layout = page.layout() if page is not None else None
        if layout is not None and self.footer.parent() is not page:
            layout.addWidget(self.footer)

    # -- work on the worker thread --------------------------------------------------------------
    def _run(self, job: Job, done: Callable[[Any], None], failed: Callable[[str], None], what: str) -> None:
        if self._job is not None:
            return
        self.busy = True
        self._move_footer()
        self.status.setText(what)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        for page in self.pages:
            page.completeChanged.emit()
        self._on_done, self._on_failed = done, failed
        self._job = Background(
            self,
            ImportTask(job),
            progressed=self._progressed,
            finished=self._task_finished,
            failed=self._task_failed,
            cancelled=self._task_cancelled,
        )
        self._job.start()

    def _task_finished(self, result: object) -> None:
        done = self._on_done
        self._finish(lambda: done(result))

    def _task_failed(self, message: str) -> None:
        failed = self._on_failed
        self._finish(lambda: failed(message))

    def _task_cancelled(self) -> None:
        failed = self._on_failed
        self._finish(lambda: failed(self.tr("Đã huỷ: chưa ghi gì.")))

    def _progressed(self, done: int, total: int, what: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.status.setText(what)

    def _finish(self, then: Callable[[], None]) -> None:
        if self._job is not None:
            self._job.stop()
        self._job = None
        self.busy = False
        self.progress.setVisible(False)
        self.status.clear()
        then()
        for page in self.pages:
            page.completeChanged.emit()

    def _advance(self, page: QWizardPage) -> None:
        self._advance_from = page
        self.next()

    def is_running(self) -> bool:
        return self._job is not None

    def reject(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self.status.setText(self.tr("Đang huỷ…"))
            return
        super().reject()

    def done(self, result: int) -> None:
        if self._job is not None:
            self._job.cancel()
            self._job.stop()
        super().done(result)

    # -- steps ----------------------------------------------------------------------------------
    def read(self, path: Path, sheet: str | None, *, after: QWizardPage) -> None:
        def job(_progress: Callable[[int, int, str], None], cancelled: Callable[[], bool]) -> object:
            return run_isolated(path, read_list, path, sheet, cancelled=cancelled)

        def done(source: ListSource) -> None:
            self.source = source
            self.mapping_page.show_source(source, self.villages, self.today.year - 1)
            self._advance(after)

        self._run(job, done, self._show_error, self.tr("Đang đọc tệp…"))

    def make_plan(self, mapping: Mapping, *, after: QWizardPage | None) -> None:
        source = self.source
        assert source is not None

        def job(_progress: Callable[[int, int, str], None], _cancelled: Callable[[], bool]) -> object:
            with self.database.session() as session:
                return plan_list(session, source, mapping, self.rulebooks, today=self.today)

        self._run(job, lambda plan: self._planned(plan, after), self._show_error, self.tr("Đang kiểm tra…"))

    def make_plan_of_exchange(self, path: Path, *, after: QWizardPage | None) -> None:
        self.source = None

        def job(_progress: Callable[[int, int, str], None], cancelled: Callable[[], bool]) -> object:
            book = run_isolated(path, read_commune_exchange, path, cancelled=cancelled)
            with self.database.session() as session:
                return plan_exchange(session, path, self.rulebooks, today=self.today, book=book)

        self._run(job, lambda plan: self._planned(plan, after), self._show_error, self.tr("Đang kiểm tra…"))

    def _planned(self, plan: ImportPlan, after: QWizardPage | None) -> None:
        self.plan = plan
        self.preview_page.show_plan(plan)
        if after is not None:
            self._advance(after)

    def reread(self) -> None:
        """Read the file again (after the user fixed it in Excel) with the same mapping."""
        path = Path(self.file_page.path.text().strip())
        if self.exchange:
            self.make_plan_of_exchange(path, after=None)
            return
        mapping = self.mapping_page.mapping()
        sheet = self.file_page.sheet.currentData()

        def job(_progress: Callable[[int, int, str], None], cancelled: Callable[[], bool]) -> object:
            source = run_isolated(path, read_list, path, sheet, cancelled=cancelled)
            with self.database.session() as session:
                return source, plan_list(session, source, mapping, self.rulebooks, today=self.today)

        def done(result: tuple[ListSource, ImportPlan]) -> None:
            self.source = result[0]
            self._planned(result[1], None)

        self._run(job, done, self._show_error, self.tr("Đang đọc lại tệp…"))

    def write(self, *, after: RunPage) -> None:
        plan = self.plan
        assert plan is not None

        def job(progress: Callable[[int, int, str], None], cancelled: Callable[[], bool]) -> object:
            return run_import(self.database, plan, today=self.today, progress=progress, cancelled=cancelled)

        def done(report: ImportReport) -> None:
            after.show_report(report)
            self.button(QWizard.WizardButton.CancelButton).setEnabled(False)
            self.button(QWizard.WizardButton.BackButton).setEnabled(False)
            self.imported.emit(report)

        def failed(message: str) -> None:
            after.show_message(self.tr("Không nhập được: {m} Cơ sở dữ liệu giữ nguyên.").format(m=message), again=True)

        self._run(job, done, failed, self.tr("Đang ghi…"))

    def _show_error(self, message: str) -> None:
        self.status.setText(message)
        page = self.currentPage()
        if page is self.file_page:
            self.file_page.info.setText(message)
        elif page is self.mapping_page:
            self.mapping_page.status.setText(message)
        elif page is self.preview_page:
            self.preview_page.summary.setText(message)
