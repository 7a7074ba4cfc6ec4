"""Shared test setup. Qt must know it has no display before PySide6 is imported anywhere."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

TypeText = Callable[[QWidget, str], None]

# Fixtures shared by test folders (tests/ is on sys.path: this conftest's folder)
pytest_plugins = ["merge_data"]


@pytest.fixture
def type_text(qtbot: QtBot) -> TypeText:
    """Type text into a widget. ASCII goes through QTest; Vietnamese letters arrive as key events
    carrying the composed character, as a Vietnamese input method (Unikey, EVKey) delivers them —
    QTest's own key clicks accept ASCII only."""

    def type_into(widget: QWidget, text: str) -> None:
        for char in text:
            if char.isascii():
                qtbot.keyClicks(widget, char)
            else:
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QApplication.sendEvent(
                        widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
                    )

    return type_into


@pytest.fixture(autouse=True)
def user_data_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never read or write the real user's data folder (platformdirs follows XDG_DATA_HOME)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("user-data")))


@pytest.fixture(autouse=True)
def no_modal_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal message box would wait for a click that never comes and hang the run: fail instead."""
    from PySide6.QtWidgets import QMessageBox

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"a modal message box was opened in a test: {args[1:3]}")

    for name in ("question", "information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, refuse)
