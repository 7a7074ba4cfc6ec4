"""The main window: menus, pages, status bar."""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QStackedWidget, QWidget

from ranoat import __version__
from ranoat.rules.rulebook import Rulebook
from ui.widgets.standards_page import StandardsPage


class MainWindow(QMainWindow):
    def __init__(
        self, rulebooks: dict[str, Rulebook], today: dt.date | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        today = today or dt.date.today()
        self.setWindowTitle(self.tr("Ranoat — Rà soát hộ nghèo, hộ cận nghèo"))
        self.pages = QStackedWidget()
        self.standards_page = StandardsPage(rulebooks, today)
        self.pages.addWidget(self.standards_page)
        self.setCentralWidget(self.pages)
        self._build_menus()

        in_force = [b for b in rulebooks.values() if b.in_force_on(today)]
        standard = in_force[0].id if in_force else self.tr("không có")
        self.standard_label = QLabel(self.tr("Chuẩn đang áp dụng: {id}").format(id=standard))
        self.statusBar().addPermanentWidget(self.standard_label)
        self.statusBar().showMessage(self.tr("Sẵn sàng"), 5000)
        self.resize(1280, 720)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&Tệp"))
        quit_action = QAction(self.tr("&Thoát"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view_menu = self.menuBar().addMenu(self.tr("&Xem"))
        standards_action = QAction(self.tr("&Chuẩn nghèo"), self)
        standards_action.setShortcut(QKeySequence("Ctrl+1"))
        standards_action.triggered.connect(lambda: self.pages.setCurrentWidget(self.standards_page))
        view_menu.addAction(standards_action)

        help_menu = self.menuBar().addMenu(self.tr("Trợ &giúp"))
        about_action = QAction(self.tr("&Giới thiệu Ranoat"), self)
        about_action.triggered.connect(self.show_about)
        help_menu.addAction(about_action)

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
