"""The province's store in the GUI: loading from the merge window, the store's window (what is
loaded and missing, the province dashboard, forms 7.1–7.10), off the GUI thread with cancel."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from merge_data import CODES, paths
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

import ui.province_window
from ranoat.merge import InputStatus
from ranoat.province.answers import status
from ranoat.province.store import open_store
from ranoat.rules.rulebook import load_all
from ui.merge_window import MergeWindow
from ui.province_window import ProvinceWindow, StoreLoadWorker, StoreReadWorker


@pytest.fixture(autouse=True)
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = str(tmp_path / "settings.ini")
    monkeypatch.setattr(ui.province_window, "QSettings", lambda: QSettings(path, QSettings.Format.IniFormat))


def statuses(window: MergeWindow) -> list[str]:
    found = []
    for row in range(window.table.rowCount()):
        item = window.table.item(row, 1)
        assert item is not None
        found.append(item.text())
    return found


def test_load_into_the_store_from_the_merge_window(
    communes: dict[str, tuple[Path, Path]], tmp_path: Path, qtbot: QtBot
) -> None:
    window = MergeWindow(load_all(), tmp_path)
    qtbot.addWidget(window)
    store = tmp_path / "kho.sqlite3"
    window.store.setText(str(store))
    window.add_paths(paths(communes))
    assert window.load_button.isEnabled()
    qtbot.mouseClick(window.load_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.loaded is not None and not window.is_running(), timeout=60_000)
    assert statuses(window) == ["Đã nạp vào kho"] * 3
    assert "đã nạp 3 tệp" in window.status.text()
    assert not (tmp_path / "tong-hop-ra-soat.xlsx").exists()  # loading writes no merged workbook
    opened = open_store(store)
    assert sorted(item.commune_code for item in status(opened).loaded) == sorted(CODES)
    opened.close()
    # again: nothing changes, and the table says so
    qtbot.mouseClick(window.load_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.loaded is not None and not window.is_running(), timeout=60_000)
    assert statuses(window) == ["Tệp trùng"] * 3
    assert "3 tệp đã có, không đổi" in window.status.text()
    assert QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat).value("province/store") == str(store)


def test_a_cancelled_load_keeps_what_was_loaded_complete(
    communes: dict[str, tuple[Path, Path]], tmp_path: Path, qtbot: QtBot
) -> None:
    store = str(tmp_path / "huy.sqlite3")
    worker = StoreLoadWorker(store, paths(communes), load_all())
    worker.progressed.connect(lambda done, _total, _what: worker.cancel() if done == 0 else None)
    with qtbot.waitSignal(worker.finished, timeout=60_000) as signal:
        worker.run()
    loaded = signal.args[0]
    assert loaded.cancelled
    assert [r.status for r in loaded.reports] == [InputStatus.MERGED]
    opened = open_store(store)
    assert [item.households for item in status(opened).loaded] == [loaded.reports[0].households]
    opened.close()


def test_the_store_window_dashboard_and_forms(
    communes: dict[str, tuple[Path, Path]], tmp_path: Path, qtbot: QtBot
) -> None:
    from ranoat.province.load import load_files

    store = tmp_path / "kho.sqlite3"
    opened = open_store(store)
    load_files(opened, paths(communes), load_all())
    opened.close()
    window = ProvinceWindow(load_all(), str(store))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.refresh()
    qtbot.waitUntil(lambda: window.read is not None and not window.is_running(), timeout=60_000)
    assert window.table.rowCount() == 3
    assert window.rounds.count() == 1
    assert "3 xã" in window.status.text()
    assert window.dashboard.dashboard is not None
    assert [v.name for v in window.dashboard.dashboard.villages] == [
        c.unit.name
        for c in window.read.forms.communes  # type: ignore[union-attr]
    ]
    assert window.dashboard.rate_axes.get_title(loc="left") == "Tỷ lệ hộ nghèo, cận nghèo theo xã (% số hộ)"
    assert window.export_button.isEnabled()
    window.grab().save(str(tmp_path / "province-window.png"))
    window.tabs.setCurrentIndex(1)
    window.grab().save(str(tmp_path / "province-loaded.png"))
    # the forms written from the store, off the GUI thread
    out = tmp_path / "bieu.xlsx"
    window.refresh(window.chosen_round(), out)
    qtbot.waitUntil(lambda: not window.is_running() and window.read is not None and window.read.written == out)
    book = openpyxl.load_workbook(out, read_only=True)
    try:
        assert book.sheetnames[0] == "Biểu 7.1"
    finally:
        book.close()
    assert "Đã ghi biểu 7.1–7.10" in window.status.text()


def test_reading_the_store_can_be_cancelled(
    communes: dict[str, tuple[Path, Path]], tmp_path: Path, qtbot: QtBot
) -> None:
    from ranoat.province.load import load_files

    store = str(tmp_path / "kho.sqlite3")
    opened = open_store(store)
    load_files(opened, paths(communes), load_all())
    opened.close()
    out = tmp_path / "khong.xlsx"
    worker = StoreReadWorker(store, load_all(), None, out)
    worker.cancel()
    with qtbot.waitSignal(worker.cancelled, timeout=30_000):
        worker.run()
    assert not out.exists()


def test_a_store_that_cannot_be_opened_says_so(tmp_path: Path, qtbot: QtBot) -> None:
    window = ProvinceWindow(load_all(), "postgresql+psycopg://ranoat:mat-khau@127.0.0.1:1/none")
    qtbot.addWidget(window)
    window.refresh()
    qtbot.waitUntil(lambda: not window.is_running() and "Không đọc được kho" in window.status.text(), timeout=30_000)
    assert "mat-khau" not in window.status.text()
