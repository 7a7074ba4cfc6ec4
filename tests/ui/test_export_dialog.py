"""The export dialog: runs off the GUI thread with progress, can be cancelled, writes the workbook."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from ranoat.demo import create_demo
from ranoat.excel.reader import read_exchange
from ranoat.rules.rulebook import load_all
from ui.dialogs.export_dialog import ExportDialog
from ui.main_window import MainWindow


def open_dialog(qtbot: QtBot, tmp_path: Path, households: int = 120) -> tuple[MainWindow, ExportDialog]:
    from ranoat.storage.database import open_database

    db = tmp_path / "xa.sqlite3"
    create_demo(db, households=households, seed=8)
    window = MainWindow(load_all(), database=open_database(db))
    qtbot.addWidget(window)
    window.export_excel()
    dialog = window.dialog
    assert isinstance(dialog, ExportDialog)
    dialog.open_folder_when_done = False
    dialog.folder.setText(str(tmp_path / "out"))
    return window, dialog


def test_export_writes_the_workbook_with_progress(qtbot: QtBot, tmp_path: Path) -> None:
    window, dialog = open_dialog(qtbot, tmp_path)
    assert dialog.file_name.text() == "ranoat-99901-2025-periodic.xlsx"
    steps: list[int] = []
    dialog.progress.valueChanged.connect(steps.append)
    dialog.start()
    qtbot.waitUntil(lambda: dialog.result_path is not None, timeout=60000)
    assert dialog.result_path == tmp_path / "out" / "ranoat-99901-2025-periodic.xlsx"
    assert read_exchange(dialog.result_path).metadata["round_year"] == 2025
    assert steps[-1] == 4
    assert "Đã ghi" in dialog.status.text()
    window.close()


def test_cancel_stops_a_long_export(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A slow export (a fake that waits for the flag) is cancelled from the dialog's button."""
    import time

    import ui.dialogs.export_dialog as module
    from ranoat.operations.export import ExportCancelledError

    def slow_export(*_args: object, progress: Any, cancelled: Any, **_kwargs: object) -> None:
        progress(1, 4, "Đang đọc dữ liệu")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if cancelled():
                raise ExportCancelledError
            time.sleep(0.01)
        raise AssertionError("the cancel flag never arrived")

    monkeypatch.setattr(module, "export_round", slow_export)
    window, dialog = open_dialog(qtbot, tmp_path)
    dialog.start()
    qtbot.waitUntil(lambda: dialog.progress.value() == 1, timeout=10000)
    assert dialog.is_running()
    dialog.cancel()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=10000)
    assert dialog.status.text() == "Đã huỷ: không có tệp nào được ghi."
    assert dialog.start_button.isEnabled()
    window.close()


def test_cancelling_the_export_itself_leaves_no_file(tmp_path: Path) -> None:
    from ranoat.operations.export import ExportCancelledError, export_round, latest_round_id
    from ranoat.storage.database import open_database

    db = tmp_path / "xa.sqlite3"
    create_demo(db, households=50, seed=8)
    out = tmp_path / "out" / "xa.xlsx"
    calls = {"n": 0}

    def cancel_at_third_step() -> bool:
        calls["n"] += 1
        return calls["n"] >= 3  # after the data is read and the workbook is open

    with open_database(db) as database, pytest.raises(ExportCancelledError):
        export_round(database, latest_round_id(database), out, load_all(), cancelled=cancel_at_third_step)
    assert not out.parent.exists() or list(out.parent.iterdir()) == []


def test_a_village_export_has_its_lists_only(qtbot: QtBot, tmp_path: Path) -> None:
    import openpyxl

    window, dialog = open_dialog(qtbot, tmp_path)
    dialog.scope.setCurrentIndex(1)
    assert not dialog.forms.isEnabled()
    assert "thon" in dialog.file_name.text()
    dialog.start()
    qtbot.waitUntil(lambda: dialog.result_path is not None, timeout=60000)
    assert dialog.result_path is not None
    book = openpyxl.load_workbook(dialog.result_path, read_only=True)
    assert book.sheetnames == ["DS hộ nghèo", "DS hộ cận nghèo", "DS thoát nghèo", "DS thoát cận nghèo", "DS niêm yết"]
    window.close()
