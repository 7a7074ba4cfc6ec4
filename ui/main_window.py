"""The main window: the register, Phiếu B, the standards page; the database's menus and status bar."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs
from PySide6.QtCore import QRunnable, Qt, QThreadPool, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from ranoat import __version__
from ranoat.domain.category import Category
from ranoat.domain.errors import OperationError
from ranoat.domain.household import HouseholdData, MemberData
from ranoat.domain.round import RoundInfo, RoundKind, RoundStatus
from ranoat.domain.survey import SurveyData
from ranoat.operations import actions
from ranoat.operations.changes import Changes, WriteFailedError
from ranoat.operations.commune import CommuneData, VillageData, load_commune, villages
from ranoat.operations.dashboard import round_dashboard
from ranoat.operations.households import (
    PersonMatch,
    find_same_person,
    load_household,
    next_household_code,
    why_not_delete,
)
from ranoat.operations.point_tables import (
    available_point_tables,
    install_point_table,
    tables_for_standard,
    user_point_table_dir,
)
from ranoat.operations.rounds import list_rounds
from ranoat.operations.seal import seal_key_id
from ranoat.rules.point_table import Column, PointAnswerError, PointTable, PointTableError, column_for
from ranoat.rules.rulebook import Rulebook, in_force
from ranoat.storage.database import (
    Database,
    DatabaseCorruptError,
    DatabaseError,
    list_backups,
    open_database,
    restore_backup,
)
from ui.dialogs.commune_dialog import CommuneDialog
from ui.dialogs.database_problem import offer_restore
from ui.dialogs.export_dialog import ExportDialog
from ui.dialogs.household_dialog import HouseholdDialog
from ui.dialogs.import_wizard import ImportWizard
from ui.dialogs.round_dialog import RoundDialog
from ui.help import HelpKey, HelpWindow, topic_for
from ui.i18n import LANGUAGES, current_language, localized, round_label, save_language
from ui.merge_window import MergeWindow
from ui.runner import Runner
from ui.widgets.register_page import RegisterPage
from ui.widgets.round_page import RoundPage
from ui.widgets.standards_page import StandardsPage
from ui.widgets.survey_page import SurveyPage

if TYPE_CHECKING:  # imported when the page is first shown: matplotlib takes ~1.2 s to import
    from ui.widgets.dashboard_page import DashboardPage

BACKUP_EVERY_MS = 10 * 60 * 1000
PAGE_REGISTER, PAGE_SURVEY, PAGE_ROUND, PAGE_STANDARDS, PAGE_DASHBOARD = range(5)


class _Backup(QRunnable):
    """A periodic backup off the GUI thread (SQLite's online backup opens its own connections)."""

    def __init__(self, database: Database) -> None:
        super().__init__()
        self._database = database

    def run(self) -> None:
        try:
            self._database.backup("periodic")
        except Exception:
            return


class MainWindow(QMainWindow):
    def __init__(
        self,
        rulebooks: dict[str, Rulebook],
        today: dt.date | None = None,
        database: Database | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.today = today or dt.date.today()
        self.point_table_dir = user_point_table_dir()
        self._point_tables: dict[str, PointTable] | None = None
        self.rulebooks = rulebooks
        self.database: Database | None = None
        self.dialog: QWidget | None = None  # the open dialog, if any (tests reach it here)
        self.help_window: HelpWindow | None = None  # the user guide, made when first asked for
        self.backup_warning = ""  # what the status bar says when the backup on opening failed
        self.runner = Runner(self)  # every read and write of the database goes through it
        self.runner.changed.connect(self._apply_changes)
        self.runner.damaged.connect(self._damage_found)
        self._damage_offered: Database | None = None  # the restore is offered once per open database
        self.setWindowTitle(self.tr("Ranoat — Rà soát hộ nghèo, hộ cận nghèo"))

        self.nav = QListWidget()
        self.nav.addItems(
            [
                self.tr("Danh sách hộ"),
                self.tr("Phiếu B"),
                self.tr("Kỳ rà soát"),
                self.tr("Chuẩn nghèo"),
                self.tr("Tổng hợp"),
            ]
        )
        self.nav.setFixedWidth(130)
        self.pages = QStackedWidget()
        self.register_page: RegisterPage | None = None
        self.round_page: RoundPage | None = None
        self.survey_page = SurveyPage(self.today)
        self.standards_page = StandardsPage(rulebooks, self.today)
        self._dashboard_page: DashboardPage | None = None  # made when first shown (`dashboard_page`)
        self.empty_page = QLabel(self.tr("Chưa mở cơ sở dữ liệu. Dùng Tệp → Mở… hoặc Tệp → Cơ sở dữ liệu mới…"))
        for page in (self.empty_page, self.survey_page, self.standards_page):
            self.pages.addWidget(page)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.nav)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.nav.currentRowChanged.connect(self._nav_changed)

        self.survey_page.navigate.connect(self._survey_step)
        self.survey_page.back.connect(lambda: self.show_page(PAGE_REGISTER))
        self.survey_page.status_reset.connect(lambda message: self.statusBar().showMessage(message, 15000))

        self.database_label = QLabel()
        self.standard_label = QLabel()
        current = in_force(rulebooks, self.today)
        standard = current.id if current is not None else self.tr("không có")
        self.standard_label.setText(self.tr("Chuẩn đang áp dụng: {id}").format(id=standard))
        self.statusBar().addPermanentWidget(self.database_label)
        self.statusBar().addPermanentWidget(self.standard_label)
        self._build_menus()

        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(BACKUP_EVERY_MS)
        self.backup_timer.timeout.connect(self.periodic_backup)
        self.backup_timer.start()
        self.resize(1366, 768)
        screen = self.screen()
        if screen is not None:  # never larger than the screen's free area (a 1366×768 laptop has a taskbar)
            free = screen.availableGeometry()
            self.resize(min(1366, free.width()), min(768, free.height()))
        if database is not None:
            self.set_database(database)
        else:
            self.show_page(PAGE_STANDARDS)

    # -- menus ---------------------------------------------------------------------------------
    def _action(
        self,
        menu_title: str,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        menu = self._menus.get(menu_title)
        if menu is None:
            menu = self.menuBar().addMenu(menu_title)
            self._menus[menu_title] = menu
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        self._menus: dict[str, QMenu] = {}
        file_menu, commune_menu, view_menu, help_menu = (
            self.tr("&Tệp"),
            self.tr("&Xã"),
            self.tr("X&em"),
            self.tr("Trợ &giúp"),
        )
        self._action(file_menu, self.tr("&Cơ sở dữ liệu mới…"), self._ask_new_database)
        self._action(file_menu, self.tr("&Mở…"), self._ask_open_database, QKeySequence.StandardKey.Open)
        self._action(file_menu, self.tr("Lưu &bản sao…"), self._ask_save_copy)
        self._action(file_menu, self.tr("&Nhập danh sách từ Excel…"), self.import_list, "Ctrl+Shift+I")
        self._action(file_menu, self.tr("&Xuất Excel…"), self.export_excel, "Ctrl+Shift+E")
        self._action(file_menu, self.tr("&Gộp sổ của các xã…"), self.merge_workbooks, "Ctrl+Shift+G")
        self._action(file_menu, self.tr("&Sao lưu ngay"), self.backup_now)
        self._action(file_menu, self.tr("&Khôi phục từ bản sao lưu…"), self._ask_restore)
        self._action(file_menu, self.tr("&Thoát"), self.close, QKeySequence.StandardKey.Quit)
        self._action(commune_menu, self.tr("&Thông tin xã, thôn…"), self.edit_commune)
        self._action(commune_menu, self.tr("&Mở kỳ rà soát mới…"), self.new_round)
        self._action(commune_menu, self.tr("&Thêm hộ…"), self.add_household, "Ctrl+N")
        self._action(commune_menu, self.tr("Nạp &bảng điểm Phiếu B…"), self._ask_point_table)
        self._action(view_menu, self.tr("&Danh sách hộ"), lambda: self.show_page(PAGE_REGISTER), "Ctrl+1")
        self._action(view_menu, self.tr("&Phiếu B"), lambda: self.show_page(PAGE_SURVEY), "Ctrl+2")
        self._action(view_menu, self.tr("&Kỳ rà soát"), lambda: self.show_page(PAGE_ROUND), "Ctrl+3")
        self._action(view_menu, self.tr("&Chuẩn nghèo"), lambda: self.show_page(PAGE_STANDARDS), "Ctrl+4")
        self._action(view_menu, self.tr("&Tổng hợp"), lambda: self.show_page(PAGE_DASHBOARD), "Ctrl+5")
        f1 = QKeySequence.StandardKey.HelpContents
        self._action(help_menu, self.tr("&Hướng dẫn sử dụng"), lambda: self.show_help(), f1)
        app = QApplication.instance()
        if app is not None:  # F1 in the dialogs too (a dialog blocks this window's shortcut while open)
            app.installEventFilter(HelpKey(self, self.show_help))
        self._action(help_menu, self.tr("&Giới thiệu Ranoat"), self.show_about)
        self._build_language_menu(self._menus[view_menu])

    def _build_language_menu(self, view: QMenu) -> None:
        """Xem → Ngôn ngữ / Language: each language in its own name, the one in use checked."""
        view.addSeparator()
        self.language_menu = view.addMenu(self.tr("&Ngôn ngữ / Language"))
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, name in LANGUAGES.items():
            action = QAction(name, self)
            action.setCheckable(True)
            action.setChecked(code == current_language())
            action.triggered.connect(lambda _checked=False, code=code: self.choose_language(code))
            group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action

    def choose_language(self, language: str) -> QMessageBox | None:
        """Save the UI language; it applies when Ranoat starts again (the message says so)."""
        save_language(language)
        self.language_actions[language].setChecked(True)
        if language == current_language():
            self.statusBar().showMessage(self.tr("Giữ ngôn ngữ {language}.").format(language=LANGUAGES[language]), 8000)
            return None
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("Ngôn ngữ / Language"),
            self.tr("Ranoat sẽ hiển thị bằng {language} từ lần khởi động sau.").format(language=LANGUAGES[language]),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.open()
        return box

    def show_help(self, window: QWidget | None = None) -> HelpWindow:
        """F1 / Trợ giúp → Hướng dẫn sử dụng: the guide at the chapter of the window (a dialog's F1,
        `HelpKey`) or of the page in use."""
        where = self.pages.currentWidget() if window is None or window is self else window
        if self.help_window is None:
            self.help_window = HelpWindow()  # a window of its own: a dialog open elsewhere does not block it
        if self.help_window.isVisible():  # already open behind another window: bring it forward
            self.help_window.raise_()
            self.help_window.activateWindow()
        self.help_window.show()
        topic = topic_for(where)
        if topic is not None:  # once shown: the page is laid out at the window's size
            self.help_window.show_topic(topic)
        return self.help_window

    def show_about(self) -> QMessageBox:
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("Giới thiệu Ranoat"),
            self.tr("Ranoat {version}\nRà soát hộ nghèo, hộ cận nghèo.").format(version=__version__),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.open()
        return box

    # -- pages ---------------------------------------------------------------------------------
    @property
    def dashboard_page(self) -> DashboardPage:
        """The "Tổng hợp" page, made (and matplotlib imported) the first time it is asked for."""
        if self._dashboard_page is None:
            from ui.widgets.dashboard_page import DashboardPage

            self._dashboard_page = DashboardPage()
            self._dashboard_page.exported.connect(
                lambda path: self.statusBar().showMessage(self.tr("Đã lưu ảnh: {path}").format(path=path), 8000)
            )
            self.pages.addWidget(self._dashboard_page)
        return self._dashboard_page

    def show_page(self, index: int) -> None:
        if self.nav.currentRow() == index:  # setCurrentRow emits nothing: show the (maybe rebuilt) page again
            self._nav_changed(index)
        else:
            self.nav.setCurrentRow(index)

    def _nav_changed(self, index: int) -> None:
        if index == PAGE_REGISTER:
            self.pages.setCurrentWidget(self.register_page or self.empty_page)
        elif index == PAGE_SURVEY:
            self.pages.setCurrentWidget(self.survey_page)
        elif index == PAGE_ROUND:
            if self.round_page is not None:
                self.round_page.show_round(self.current_round())
            self.pages.setCurrentWidget(self.round_page or self.empty_page)
        elif index == PAGE_DASHBOARD:
            round_info = self.current_round()
            if self.database is None or round_info is None:
                self.pages.setCurrentWidget(self.empty_page)
                return
            # 3–4 s on a big commune (matplotlib the first time, the counts, the charts): a busy
            # cursor meanwhile, so the window does not look frozen (issue #14)
            self.statusBar().showMessage(self.tr("Đang lập trang Tổng hợp…"))
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                self.dashboard_page.show_round(
                    self.runner.read(lambda s: round_dashboard(s, round_info.id, self.rulebooks))
                )
                self.pages.setCurrentWidget(self.dashboard_page)
            finally:
                QApplication.restoreOverrideCursor()
                self.statusBar().clearMessage()
        else:
            self.pages.setCurrentWidget(self.standards_page)

    # -- the database ----------------------------------------------------------------------------
    def _watch_open_backup(self, database: Database) -> None:
        """The backup made on opening runs on a thread: say so plainly if it failed."""
        opened = database.open_backup
        if opened is None or database is not self.database:
            return
        if opened.running():
            QTimer.singleShot(500, lambda: self._watch_open_backup(database))
            return
        if isinstance(opened.error, DatabaseCorruptError):  # its check found damage: no copy was made
            self._damage_found(opened.error)
        elif opened.error is not None:
            self.backup_warning = self.tr(
                "Không sao lưu được khi mở cơ sở dữ liệu ({error}). Hãy kiểm tra ổ đĩa còn chỗ trống rồi "
                "dùng Tệp → Sao lưu ngay."
            ).format(error=opened.error)
            self.statusBar().showMessage(self.backup_warning)

    def set_database(self, database: Database) -> None:
        if self.database is not None:
            self.survey_page.flush()
            self.database.close()
        self.survey_page.clear()  # its household and round belong to the database just closed
        self.database = database
        self.runner.database = database
        self.runner.unsaved = False
        if self.register_page is not None:
            self.pages.removeWidget(self.register_page)
            self.register_page.deleteLater()
        self.register_page = RegisterPage(database)
        self.register_page.add_requested.connect(self.add_household)
        self.register_page.edit_requested.connect(self.edit_household)
        self.register_page.survey_requested.connect(self.open_survey)
        self.register_page.delete_requested.connect(self.delete_household)
        self.pages.addWidget(self.register_page)
        if self.round_page is not None:
            self.pages.removeWidget(self.round_page)
            self.round_page.deleteLater()
        self.round_page = RoundPage(self.runner, self.rulebooks, self.today, self.register_page.current_id)
        self.pages.addWidget(self.round_page)
        self.register_page.round.currentIndexChanged.connect(
            lambda: self.round_page.show_round(self.current_round()) if self.round_page else None
        )
        self.database_label.setText(self.tr("CSDL: {path}").format(path=database.path))
        self.setWindowTitle(self.tr("Ranoat — {name}").format(name=database.path.name))
        self._watch_open_backup(database)
        self.refresh_choices()
        self.show_page(PAGE_REGISTER)
        if self.runner.read(load_commune) is None:
            self.edit_commune()

    def refresh_choices(self) -> None:
        if self.database is None or self.register_page is None:
            return
        rounds, village_list = self.runner.read(lambda s: (list_rounds(s), villages(s)))
        self.register_page.set_choices(rounds, village_list)

    def new_database(self, path: Path) -> None:
        if self.survey_page.leave():
            self.set_database(open_database(path, create=True))

    def open_database_file(self, path: Path) -> None:
        if self.survey_page.leave():
            self.set_database(open_database(path))

    def _ask_new_database(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Cơ sở dữ liệu mới"), "", self.tr("Ranoat (*.sqlite3)"))
        if name:
            self._guard(lambda: self.new_database(Path(name)))

    def _ask_open_database(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Mở cơ sở dữ liệu"), "", self.tr("Ranoat (*.sqlite3)"))
        if name:
            self._guard(lambda: self.open_database_file(Path(name)))

    def _ask_save_copy(self) -> None:
        if self.database is None:
            return
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Lưu bản sao"), "", self.tr("Ranoat (*.sqlite3)"))
        if name:
            self.survey_page.flush()
            self.database.save_copy(Path(name))
            self.statusBar().showMessage(self.tr("Đã lưu bản sao: {name}").format(name=name), 8000)

    def backup_now(self) -> Path | None:
        if self.database is None:
            return None
        self.survey_page.flush()
        path = self.database.backup("manual")
        self.runner.unsaved = False
        self.statusBar().showMessage(self.tr("Đã sao lưu: {name}").format(name=path.name), 8000)
        return path

    def periodic_backup(self) -> None:
        if self.database is not None and self.runner.unsaved:
            self.runner.unsaved = False
            QThreadPool.globalInstance().start(_Backup(self.database))

    def restore(self, backup: Path) -> None:
        """Replace the open database with a backup (the current file is backed up first)."""
        if self.database is None:
            return
        path = self.database.path
        self.survey_page.flush()
        self.survey_page.clear()
        self.database.close()
        self.database = None
        try:
            restore_backup(backup, path)
        finally:
            self.set_database(open_database(path))

    def _ask_restore(self) -> None:
        if self.database is None:
            return
        backups = list_backups(self.database.path)
        if not backups:
            QMessageBox.information(self, self.tr("Khôi phục"), self.tr("Chưa có bản sao lưu nào."))
            return
        labels = [f"{dt.datetime.fromtimestamp(p.stat().st_mtime):%d/%m/%Y %H:%M:%S} — {p.name}" for p in backups]
        label, ok = QInputDialog.getItem(
            self, self.tr("Khôi phục từ bản sao lưu"), self.tr("Chọn bản sao lưu:"), labels, 0, False
        )
        if not ok:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Khôi phục"),
            self.tr("Thay dữ liệu hiện tại bằng bản sao lưu này? Dữ liệu hiện tại sẽ được sao lưu trước."),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._guard(lambda: self.restore(backups[labels.index(label)]))

    def _damage_found(self, error: DatabaseCorruptError) -> None:
        """A damaged page met by a read or a write, or by the check on opening: said in the status
        bar, and the restore offered once, after the action that met it has unwound."""
        database = self.database
        if database is None or database.path != error.path or self._damage_offered is database:
            return
        self._damage_offered = database
        self.backup_warning = str(error)
        self.statusBar().showMessage(self.backup_warning)
        QTimer.singleShot(0, lambda: self._offer_restore(database, error))

    def _offer_restore(self, database: Database, error: DatabaseCorruptError) -> None:
        if database is not self.database:
            return
        restored = offer_restore(self, error, close=self._close_database)
        if restored is not None:
            self.backup_warning = ""  # the damage it named is gone with the file
            self.statusBar().clearMessage()
            self.set_database(restored)

    def _close_database(self) -> None:
        """Before the file is replaced (a restore): nothing of this window keeps it open."""
        if self.database is not None:
            self.survey_page.clear()
            self.database.close()
            self.database = None
            self.runner.database = None

    def _guard(self, action: Callable[[], object]) -> None:
        try:
            action()
        except DatabaseCorruptError as exc:  # a damaged file: the newest sound backup is offered
            restored = offer_restore(
                self, exc, close=self._close_database if self.database and self.database.path == exc.path else None
            )
            if restored is not None:
                self.set_database(restored)
        except (DatabaseError, OperationError) as exc:
            QMessageBox.warning(self, self.tr("Ranoat"), str(exc))

    def import_list(self) -> None:
        """Tệp → Nhập danh sách từ Excel…: the import wizard; the register is refreshed after."""
        if self.database is None:
            return
        self.survey_page.flush()
        names = [v.name for v in self.runner.read(villages)]
        wizard = ImportWizard(
            self.database, self.rulebooks, names, Path(platformdirs.user_documents_dir()), self.today, self
        )
        wizard.imported.connect(self._imported)
        self.dialog = wizard
        wizard.open()

    def _imported(self, _report: object) -> None:
        # the wizard wrote in its own transaction on its worker: new villages, the imported round, households
        self.runner.note(Changes(commune=True, rounds=True, households=True))

    def export_excel(self) -> None:
        if self.database is None:
            return
        self.survey_page.flush()
        rounds, village_list, commune = self.runner.read(lambda s: (list_rounds(s), villages(s), load_commune(s)))
        if not rounds or commune is None:
            QMessageBox.information(self, self.tr("Xuất Excel"), self.tr("Chưa có thông tin xã hoặc kỳ rà soát."))
            return
        dialog = ExportDialog(
            self.database,
            self.rulebooks,
            rounds,
            village_list,
            commune.code,
            Path(platformdirs.user_documents_dir()),
            self,
        )
        current = self.current_round()
        if current is not None:
            dialog.round.setCurrentIndex(max(dialog.round.findData(current.id), 0))
        self.dialog = dialog
        dialog.open()

    def merge_workbooks(self) -> None:
        """The level above: merge the communes' exchange workbooks (needs no database of its own)."""
        window = MergeWindow(self.rulebooks, Path(platformdirs.user_documents_dir()), self)
        self.dialog = window
        window.open()

    # -- commune, rounds ---------------------------------------------------------------------------
    def edit_commune(self) -> None:
        if self.database is None:
            return
        commune, sealing = self.runner.read(lambda s: (load_commune(s), seal_key_id(s)))
        any_book = next(iter(self.rulebooks.values()))
        regions = [(r.code, localized(r)) for r in any_book.model.regions]
        dialog = CommuneDialog(commune, self._save_commune, regions, self, seal_key_id=sealing)
        self.dialog = dialog
        dialog.open()

    def _save_commune(self, data: CommuneData, seal_key: str | None = None, replace: bool = False) -> str | None:
        """The commune's details and, when typed, its seal key: one transaction."""
        try:
            self.runner.run(actions.save_commune_settings(data, seal_key, replace=replace))
        except WriteFailedError as exc:  # nothing was written: the session rolled back
            return self.tr("Không lưu được thông tin xã: {error}").format(error=exc.kind)
        except OperationError as exc:
            return str(exc)
        return None

    def new_round(self) -> None:
        if self.database is None:
            return
        commune = self.runner.read(load_commune)
        province = commune.province_code if commune is not None else None
        dialog = RoundDialog(self.rulebooks, self.today, self._create_round, self, province=province)
        self.dialog = dialog
        dialog.open()

    def _create_round(self, year: int, kind: RoundKind, standard: str, month: int | None) -> str | None:
        try:
            created = self.runner.run(
                actions.open_round(year=year, kind=kind, standard_id=standard, rulebooks=self.rulebooks, month=month)
            )
        except OperationError as exc:
            return str(exc)
        if self.register_page is not None:  # work goes on in the round just opened
            self.register_page.round.setCurrentIndex(self.register_page.round.findData(created.id))
        return None

    # -- Phiếu B point tables -------------------------------------------------------------------------
    def point_tables(self) -> dict[str, PointTable]:
        """The shipped and loaded point tables, read once (not on every Phiếu B opened)."""
        if self._point_tables is None:
            try:
                self._point_tables = available_point_tables(self.point_table_dir)
            except PointTableError as exc:
                self.statusBar().showMessage(str(exc), 15000)
                return {}
        return self._point_tables

    def load_point_table_file(self, path: Path) -> str:
        """Validate and install a province's point table; the message says what happened."""
        try:
            table = install_point_table(path, self.point_table_dir)
        except PointTableError as exc:
            return str(exc)
        self._point_tables = None  # read again, with the new table
        message = self.tr("Đã nạp bảng điểm “{title}” cho chuẩn {standard}.").format(
            title=localized(table.model.title), standard=table.model.standard
        )
        return message + (" " + table.notice if table.notice else "")

    def _ask_point_table(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Nạp bảng điểm Phiếu B"), "", self.tr("Bảng điểm (*.yaml)"))
        if name:
            QMessageBox.information(self, self.tr("Bảng điểm Phiếu B"), self.load_point_table_file(Path(name)))

    # -- households ----------------------------------------------------------------------------------
    def add_household(self) -> None:
        if self.database is None or self.register_page is None:
            return
        commune, village_list = self.runner.read(lambda s: (load_commune(s), villages(s)))
        if commune is None or not village_list:
            QMessageBox.information(self, self.tr("Thêm hộ"), self.tr("Hãy nhập thông tin xã và các thôn trước."))
            return
        chosen = self.register_page.village.currentData()
        village_id = int(chosen) if chosen is not None else village_list[0].id
        assert village_id is not None
        code = self.runner.read(lambda s: next_household_code(s, village_id))
        household = HouseholdData(code=code, village_id=village_id, area=commune.default_area)
        self._open_household(household, village_list)

    def edit_household(self, household_id: int) -> None:
        if self.database is None:
            return
        household, village_list = self.runner.read(lambda s: (load_household(s, household_id), villages(s)))
        self._open_household(household, village_list)

    def _open_household(self, household: HouseholdData, village_list: list[VillageData]) -> None:
        def suggest_code(village_id: int) -> str:
            return self.runner.read(lambda s: next_household_code(s, village_id))

        dialog = HouseholdDialog(
            household,
            village_list,
            self._save_household,
            self._find_person,
            self.today,
            self,
            suggest_code=suggest_code,
        )
        self.dialog = dialog
        dialog.open()

    def _save_household(self, data: HouseholdData) -> str | None:
        assert self.register_page is not None
        try:
            saved = self.runner.run(actions.save_household_data(data, self.today, self.rulebooks))
        except OperationError as exc:
            return str(exc)
        data.id = saved.id
        self.register_page.select(saved.id)
        if self.survey_page.current_household_id() == saved.id:
            self.open_survey(saved.id, show=False)  # Phiếu B must not keep an old copy of the household
        return None

    def confirm(self, title: str, question: str) -> bool:
        """Ask before a destructive action (tests replace this)."""
        answer = QMessageBox.question(self, title, question, defaultButton=QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def delete_household(self, household_id: int) -> bool:
        if self.database is None or self.register_page is None:
            return False
        household = self.runner.read(lambda s: load_household(s, household_id))
        head = household.head()
        question = self.tr("Xoá hộ {code} ({head}) và {n} thành viên? Bản sao lưu được tạo trước khi xoá.").format(
            code=household.code, head=head.full_name if head else "?", n=len(household.members)
        )
        reason = self.runner.read(lambda s: why_not_delete(s, household_id))
        if reason is not None:
            QMessageBox.information(self, self.tr("Xoá hộ"), reason)
            return False
        if not self.confirm(self.tr("Xoá hộ"), question):
            return False
        try:
            self.runner.run(actions.remove_household(household_id))
        except OperationError as exc:
            QMessageBox.warning(self, self.tr("Xoá hộ"), str(exc))
            return False
        self.statusBar().showMessage(self.tr("Đã xoá hộ {code}.").format(code=household.code), 8000)
        return True

    def _find_person(self, member: MemberData) -> list[PersonMatch]:
        return self.runner.read(
            lambda s: find_same_person(
                s,
                full_name=member.full_name,
                birth_year=member.birth_year,
                cccd=member.cccd,
                exclude_member_id=member.id,
            )
        )

    # -- surveys -------------------------------------------------------------------------------------
    def current_round(self) -> RoundInfo | None:
        if self.database is None or self.register_page is None:
            return None
        round_id = self.register_page.round_id()
        return next((r for r in self.runner.read(list_rounds) if r.id == round_id), None)

    def open_survey(self, household_id: int, *, show: bool = True) -> bool:
        """Show a household's Phiếu B in the round chosen in the register.

        The household on the page now is saved (or, if it cannot be, the officer is asked) first.
        """
        if self.database is None or self.register_page is None:
            return False
        round_info = self.current_round()
        if round_info is None:
            QMessageBox.information(
                self, self.tr("Phiếu B"), self.tr("Hãy mở một kỳ rà soát trước (Xã → Mở kỳ rà soát mới).")
            )
            return False
        if not self.survey_page.leave():
            return False
        form = self.runner.read(lambda s: actions.survey_form(s, round_info.id, household_id))
        household, survey, village, commune = form.household, form.survey, form.village, form.commune
        preparer = next((o.name for o in commune.officers if o.role == "preparer"), "") if commune else ""
        try:
            column: Column | None = column_for(household.area, commune.region if commune else None)
        except PointAnswerError:
            column = None  # a rural commune whose region is not set yet: the form says so
        if show:
            self.show_page(PAGE_SURVEY)
        loaded = self.survey_page.load(
            household,
            survey,
            self.rulebooks[round_info.standard_id],
            round_label(round_info),
            village,
            lambda h, s, confirmed: self._save_survey(round_info.id, h, s, status_confirmed=confirmed),
            default_officer=preparer,
            point_tables=tables_for_standard(self.point_tables(), round_info.standard_id),
            column=column,
            read_only=round_info.status is RoundStatus.CLOSED,
            override=lambda category, reason: self._override(round_info.id, household_id, category, reason),
        )
        self.register_page.select(household_id)
        return loaded

    def _save_survey(
        self, round_id: int, household: HouseholdData, survey: SurveyData, *, status_confirmed: bool = False
    ) -> str | None:
        try:  # the household's groups and the survey: one transaction
            saved = self.runner.run(
                actions.save_phieu_b(round_id, household, survey, self.rulebooks, status_confirmed=status_confirmed)
            )
        except OperationError as exc:
            return str(exc)
        survey.id = saved.id
        return None

    def _override(self, round_id: int, household_id: int, category: Category | None, reason: str) -> str | None:
        assert self.database is not None
        try:
            self.runner.run(actions.override(round_id, household_id, category, reason, self.database.user))
        except OperationError as exc:
            return str(exc)
        return None

    def _apply_changes(self, changes: Changes) -> None:
        """An operation changed the database: the views that show what it changed follow."""
        if changes.commune or changes.rounds:
            self.refresh_choices()  # the villages and rounds to choose from
        if self.register_page is not None:
            if changes.households:
                self.register_page.model.refresh()
            elif changes.household_id is not None:
                self.register_page.model.refresh(changes.household_id)
        if changes.results:  # a step of the round changed results or statuses: Phiếu B follows
            household = self.survey_page.current_household_id()
            if household is not None and not self.survey_page.is_dirty():
                self.open_survey(household, show=False)

    def _survey_step(self, step: int) -> None:
        if self.register_page is None or self.survey_page.current_household_id() is None:
            return
        current = self.survey_page.current_household_id()
        assert current is not None
        target = self.register_page.neighbour(current, step)
        if target is None:
            self.statusBar().showMessage(self.tr("Đã đến đầu/cuối danh sách."), 4000)
            return
        self.open_survey(target)

    # -- closing ---------------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.survey_page.leave():
            event.ignore()  # a draft that cannot be saved, and the officer chose to keep it
            return
        if self.database is not None:
            self.database.close()
            self.database = None
        super().closeEvent(event)
