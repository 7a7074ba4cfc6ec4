"""Composition root of the GUI: `ranoat` with no arguments lands here (entry point `ranoat.gui`)."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ranoat import __version__
from ranoat.rules.rulebook import RulebookError, load_all
from ranoat.shipped import shipped_dir
from ranoat.storage.database import default_database_path, portable_data_dir
from ui.dialogs.database_problem import open_or_explain
from ui.i18n import saved_language, set_language
from ui.main_window import MainWindow
from ui.single_instance import SingleInstance, bring_to_front, instance_key


def create_application(argv: list[str]) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv)
    app.setApplicationName("Ranoat")
    app.setOrganizationName("Ranoat")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(application_icon())
    # What the imports made lives as long as the program: out of the cyclic collector's sight, the
    # full collections that opening a big commune triggers do not walk it again (one took ~100 ms of
    # the open of a 50,000-household commune; docs/performance.md).
    gc.freeze()
    return app


def application_icon() -> QIcon:
    """Ranoat's icon (resources/icons, drawn by packaging/make_icon.py; the installer's is the same)."""
    icons = shipped_dir("icons")
    return QIcon(str(icons / "ranoat.png")) if icons is not None else QIcon()


def main() -> int:
    app = create_application(sys.argv)
    path = default_database_path()
    # Ranoat already open on this database for this user: bring it to the front, open nothing
    # (neither a second, empty window nor a second backup of the file)
    instance = SingleInstance(instance_key(path), app)
    if not instance.claim():
        return 0
    set_language(saved_language())  # before any widget is built: texts are translated when set
    try:
        rulebooks = load_all()
    except RulebookError as exc:
        message = QCoreApplication.translate("App", "Không đọc được dữ liệu chuẩn nghèo:\n{error}")
        QMessageBox.critical(None, "Ranoat", message.format(error=exc))
        return 2
    database = None
    first_start = not path.exists()
    database = open_or_explain(None, path, create=True)  # a message box (a restore offered), never a traceback
    portable = portable_data_dir()
    if first_start and portable is not None and database is not None:
        portable_notice(portable).exec()
    window = MainWindow(rulebooks, database=database)
    instance.raise_requested.connect(lambda: bring_to_front(window))
    window.show()
    try:
        return app.exec()
    finally:
        instance.release()


def portable_notice(folder: Path, parent: QWidget | None = None) -> QMessageBox:
    """What a portable Ranoat says on its first start: where the data is, and how to put it elsewhere."""
    text = QCoreApplication.translate(
        "App",
        "Đây là bản di động của Ranoat: dữ liệu được lưu trong thư mục\n{folder}\nbên cạnh Ranoat.exe "
        "(mang cả thư mục đi là mang theo dữ liệu).\n\nMuốn lưu ở nơi khác, dùng Tệp → Cơ sở dữ liệu mới… "
        "hoặc Tệp → Mở….",
    ).format(folder=folder)
    return QMessageBox(QMessageBox.Icon.Information, "Ranoat", text, QMessageBox.StandardButton.Ok, parent)
