"""Composition root of the GUI: `ranoat` with no arguments lands here (entry point `ranoat.gui`)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from ranoat import __version__
from ranoat.rules.rulebook import RulebookError, load_all
from ui.main_window import MainWindow


def create_application(argv: list[str]) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv)
    app.setApplicationName("Ranoat")
    app.setOrganizationName("Ranoat")
    app.setApplicationVersion(__version__)
    return app


def main() -> int:
    app = create_application(sys.argv)
    try:
        rulebooks = load_all()
    except RulebookError as exc:
        QMessageBox.critical(None, "Ranoat", f"Không đọc được dữ liệu chuẩn nghèo:\n{exc}")
        return 2
    window = MainWindow(rulebooks)
    window.show()
    return app.exec()
