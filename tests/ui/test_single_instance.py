"""A second start of Ranoat on the same database raises the first window and ends (issue #14: it
opened a second, empty window)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QDir
from PySide6.QtWidgets import QApplication, QMainWindow
from pytestqt.qtbot import QtBot

import ui.app
from ui.single_instance import SingleInstance, bring_to_front, instance_key

REPO = Path(__file__).resolve().parents[2]


def test_the_key_is_per_database(tmp_path: Path) -> None:
    first, second = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    assert instance_key(first) == instance_key(tmp_path / "x" / ".." / "a.sqlite3")  # the same file
    assert instance_key(first) != instance_key(second)
    assert instance_key(first).startswith("ranoat-")
    assert "/" not in instance_key(first)


def test_the_second_claim_asks_the_first_to_raise(qtbot: QtBot, tmp_path: Path) -> None:
    key = instance_key(tmp_path / "xa.sqlite3")
    first = SingleInstance(key)
    assert first.claim()
    try:
        with qtbot.waitSignal(first.raise_requested, timeout=3000):
            assert not SingleInstance(key).claim()
        assert SingleInstance(instance_key(tmp_path / "other.sqlite3")).claim()  # another database: its own
    finally:
        first.release()
    assert SingleInstance(key).claim(), "after the first ends, a start is the first again"


@pytest.mark.skipif(sys.platform == "win32", reason="a named pipe leaves nothing behind on Windows")
def test_a_socket_left_by_a_crashed_instance_is_taken_over(qapp: QApplication, tmp_path: Path) -> None:
    key = instance_key(tmp_path / "xa.sqlite3")
    left = Path(QDir.tempPath()) / key
    left.write_text("")  # what a killed Ranoat leaves: a socket file nobody listens on
    instance = SingleInstance(key)
    try:
        assert instance.claim()
    finally:
        instance.release()
        left.unlink(missing_ok=True)


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen: no window manager
def test_a_minimised_window_comes_back(qtbot: QtBot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.showMinimized()
    bring_to_front(window)
    assert not window.isMinimized()
    assert window.isVisible()


def test_main_on_an_open_database_raises_the_first_and_opens_no_window(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, qapp: QApplication
) -> None:
    path = tmp_path / "ranoat.sqlite3"
    monkeypatch.setattr(ui.app, "default_database_path", lambda: path)
    built: list[object] = []
    monkeypatch.setattr(ui.app, "MainWindow", lambda *a, **k: built.append(a))
    first = SingleInstance(instance_key(path))
    assert first.claim()
    try:
        with qtbot.waitSignal(first.raise_requested, timeout=3000):
            assert ui.app.main() == 0
    finally:
        first.release()
    assert built == []
    assert not path.exists(), "the second start did not open (nor create, nor back up) the database"


def test_a_second_process_exits_at_once_and_raises_the_first(qtbot: QtBot, tmp_path: Path) -> None:
    """Two real processes: this one holds the key, a new `ui.app.main()` asks it and exits 0."""
    path = tmp_path / "ranoat.sqlite3"
    first = SingleInstance(instance_key(path))
    assert first.claim()
    script = (
        "import sys; from pathlib import Path; import ui.app as a;"
        f"a.default_database_path = lambda: Path({str(path)!r});"
        "a.MainWindow = lambda *x, **k: sys.exit(3);"
        "sys.exit(a.main())"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    try:
        with qtbot.waitSignal(first.raise_requested, timeout=30000):
            second = subprocess.Popen([sys.executable, "-c", script], cwd=REPO, env=env)
        assert second.wait(timeout=60) == 0
    finally:
        first.release()
