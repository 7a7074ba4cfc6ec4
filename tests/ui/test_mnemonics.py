"""No two Alt-key mnemonics clash on the main window's register page (issue #14 friction list:
Alt+X was both the Xã menu and "Xoá hộ…", Alt+T three times): an officer who learns Alt+letter
must get one thing for each letter."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from pathlib import Path

from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget
from pytestqt.qtbot import QtBot

from ranoat.demo import create_demo
from ranoat.domain.search import fold
from ranoat.rules.rulebook import load_all
from ranoat.storage.database import open_database
from ui.main_window import PAGE_REGISTER, MainWindow


def mnemonic(text: str) -> str | None:
    """The letter after a single "&" (Qt's mnemonic), folded; None without one."""
    found = re.search(r"&([^&])", text.replace("&&", ""))
    return fold(found.group(1)) if found else None


def test_mnemonic_of() -> None:
    assert mnemonic("&Xoá hộ…") == "x"
    assert mnemonic("Trợ &giúp") == "g"
    assert mnemonic("A && B") is None
    assert mnemonic("&Đóng") == "d"


def visible_mnemonics(window: MainWindow) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for action in window.menuBar().actions():
        letter = mnemonic(action.text())
        if letter:
            found[letter].append(f"menu {action.text()}")
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QAbstractButton) or (isinstance(widget, QLabel) and widget.buddy() is not None):
            letter = mnemonic(widget.text())
            if letter:
                found[letter].append(f"{type(widget).__name__} {widget.text()}")
    return found


def test_no_two_mnemonics_clash_on_the_register_page(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "xa.sqlite3"
    create_demo(path, households=10, seed=1)
    window = MainWindow(load_all(), today=dt.date(2026, 11, 28), database=open_database(path))
    qtbot.addWidget(window)
    window.show()
    window.show_page(PAGE_REGISTER)
    clashes = {letter: owners for letter, owners in visible_mnemonics(window).items() if len(owners) > 1}
    assert clashes == {}
