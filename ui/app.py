"""Composition root of the GUI: `ranoat` with no arguments lands here (entry point `ranoat.gui`)."""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from ranoat import __version__
from ranoat.rules.rulebook import RulebookError, load_all
from ranoat.storage.database import DatabaseError, default_database_path, open_database
from ui.i18n import saved_language, set_language
from ui.main_window import MainWindow


def create_application(argv: list[str]) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv)
    app.setApplicationName("Ranoat")
    app.setOrganizationName("Ranoat")
    app.setApplicationVersion(__version__)
    # What the imports made lives as long as the program: out of the cyclic collector's sight, the
    # full collections that opening a big commune triggers do not walk it again (one took ~100 ms of
    # the open of a 50,000-household commune; docs/performance.md).
    gc.freeze()
    return app


def main() -> int:
    app = create_application(sys.argv)
    set_language(saved_language())  # before any widget is built: texts are translated when set
    try:
        rulebooks = load_all()
    except RulebookError as exc:
        message = QCoreApplication.translate("App", "Không đọc được dữ liệu chuẩn nghèo:\n{error}")
        QMessageBox.critical(None, "Ranoat", message.format(error=exc))
        return 2
    database = None
    path = default_database_path()
    try:
        database = open_database(path, create=True)
    except DatabaseError as exc:
        QMessageBox.critical(None, "Ranoat", str(exc))
    window = MainWindow(rulebooks, database=database)
    window.show()
    return app.exec()
