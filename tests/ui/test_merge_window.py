"""The merge window driven as a user would: add files and a folder, merge, read the statuses."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from merge_data import CODES, export_changed, other_standard, set_metadata
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from ranoat.excel.reader import read_exchange
from ranoat.merge import Level, MergeSettings
from ranoat.rules.rulebook import load_all
from ui.merge_window import MergeWindow, MergeWorker


@pytest.fixture
def inbox(communes: dict[str, tuple[Path, Path]], tmp_path: Path) -> Path:
    """What arrived from the communes: two good files, a copy, an edited one, a cut one, one of
    another standard."""
    folder = tmp_path / "nhan-tu-xa"
    folder.mkdir()
    for code in CODES[:2]:
        shutil.copy(communes[code][1], folder / f"{code}.xlsx")
    shutil.copy(communes[CODES[0]][1], folder / "ban-sao-99911.xlsx")
    book = openpyxl.load_workbook(communes[CODES[2]][1])
    sheet = book["data_members"]
    sheet.cell(row=2, column=3).value = "Tên Đã Sửa"
    book.save(folder / "sua-tay.xlsx")
    data = communes[CODES[1]][1].read_bytes()
    (folder / "cat-cut.xlsx").write_bytes(data[: len(data) // 2])
    other_standard(communes, CODES[2], folder / "khac-chuan.xlsx")
    return folder


def cell(window: MergeWindow, row: int, column: int) -> str:
    item = window.table.item(row, column)
    assert item is not None
    return item.text()


def current_result(window: MergeWindow) -> Path | None:
    return window.result_path


def statuses(window: MergeWindow) -> dict[str, str]:
    return {cell(window, row, 0): cell(window, row, 1) for row in range(window.table.rowCount())}


def answer_questions(monkeypatch: pytest.MonkeyPatch, button: QMessageBox.StandardButton) -> list[str]:
    """QMessageBox.question answered with ``button``; the texts asked, in order."""
    asked: list[str] = []

    def answer(_parent: object, _title: str, text: str, *_args: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return button

    monkeypatch.setattr(QMessageBox, "question", answer)
    return asked


def run_merge(window: MergeWindow, qtbot: QtBot) -> None:
    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.merge_result is not None and not window.is_running(), timeout=60_000)


def test_merge_window_with_good_and_bad_files(
    qtbot: QtBot, inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MergeWindow(load_all(), tmp_path)
    qtbot.addWidget(window)
    window.open_folder_when_done = False
    window.level.setCurrentIndex(window.level.findData(Level.CLUSTER.value))
    window.unit_name.setText("Cụm Tân Văn")
    out = tmp_path / "ket-qua" / "gop.xlsx"
    window.out.setText(str(out))
    window.show()

    # a folder through the button's path, a file again by drag and drop: counted once in the list
    window.add_paths([inbox])
    assert len(window.paths()) == 6
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(inbox / "99911.xlsx"))])
    drop = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    window.dropEvent(drop)
    assert len(window.paths()) == 6
    assert set(statuses(window).values()) == {"Chờ gộp"}

    asked = answer_questions(monkeypatch, QMessageBox.StandardButton.No)
    run_merge(window, qtbot)
    assert asked
    assert "khac-chuan.xlsx" in asked[0]
    assert statuses(window) == {
        "99911.xlsx": "Đã gộp",
        "99912.xlsx": "Đã gộp",
        "ban-sao-99911.xlsx": "Tệp trùng",
        "cat-cut.xlsx": "Từ chối",
        "khac-chuan.xlsx": "Khác chuẩn/kỳ",
        "sua-tay.xlsx": "Bị sửa tay",
    }
    reasons = {cell(window, r, 0): cell(window, r, 4) for r in range(window.table.rowCount())}
    assert "SHA-256" in reasons["sua-tay.xlsx"]
    assert "cat-cut.xlsx" in reasons["cat-cut.xlsx"]
    assert out.exists()
    merged = read_exchange(out)
    assert merged.metadata["level"] == "cluster"
    assert merged.metadata["unit_name"] == "Cụm Tân Văn"
    assert [c["commune_code"] for c in merged.communes] == list(CODES[:2])
    assert "Đã ghi" in window.status.text()

    # the user confirms mixing standards: the third commune is merged too
    window.merge_result = None
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    run_merge(window, qtbot)
    qtbot.waitUntil(lambda: statuses(window)["khac-chuan.xlsx"] == "Đã gộp", timeout=60_000)
    assert len(read_exchange(out).communes) == 3


def test_the_level_and_name_are_remembered(qtbot: QtBot, inbox: Path, tmp_path: Path) -> None:
    first = MergeWindow(load_all(), tmp_path)
    qtbot.addWidget(first)
    first.open_folder_when_done = False
    first.level.setCurrentIndex(first.level.findData(Level.DISTRICT.value))
    first.unit_name.setText("Văn Quan")
    first.out.setText(str(tmp_path / "a.xlsx"))
    first.add_paths([inbox / "99911.xlsx"])
    run_merge(first, qtbot)
    second = MergeWindow(load_all(), tmp_path)
    qtbot.addWidget(second)
    assert second.level.currentData() == Level.DISTRICT.value
    assert second.unit_name.text() == "Văn Quan"


def test_remove_and_delete_key(qtbot: QtBot, inbox: Path, tmp_path: Path) -> None:
    window = MergeWindow(load_all(), tmp_path)
    qtbot.addWidget(window)
    window.add_paths([inbox / "99911.xlsx", inbox / "99912.xlsx"])
    window.show()
    window.table.selectRow(0)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    assert [p.name for p in window.paths()] == ["99912.xlsx"]
    window.clear()
    assert not window.start_button.isEnabled()


def test_a_cancelled_merge_writes_nothing(inbox: Path, tmp_path: Path, qtbot: QtBot) -> None:
    out = tmp_path / "huy.xlsx"
    worker = MergeWorker([inbox / "99911.xlsx"], load_all(), out, MergeSettings(), allow_mixed=False)
    worker.cancel()
    with qtbot.waitSignal(worker.cancelled, timeout=5_000):
        worker.run()
    assert not out.exists()
    assert list(tmp_path.glob("*.partial")) == []


def test_the_result_file_cannot_be_one_of_the_communes_workbooks(qtbot: QtBot, inbox: Path, tmp_path: Path) -> None:
    window = MergeWindow(load_all(), tmp_path)
    qtbot.addWidget(window)
    window.open_folder_when_done = False
    target = inbox / "99911.xlsx"
    before = target.read_bytes()
    window.add_paths([target, inbox / "99912.xlsx"])
    window.out.setText(str(target))
    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    assert not window.is_running()
    assert "99911.xlsx" in window.status.text()
    assert target.read_bytes() == before
    assert window.start_button.isEnabled()


def test_a_new_run_does_not_show_the_previous_runs_results(qtbot: QtBot, inbox: Path, tmp_path: Path) -> None:
    window = MergeWindow(load_all(), tmp_path)
    qtbot.addWidget(window)
    window.open_folder_when_done = False
    window.out.setText(str(tmp_path / "gop.xlsx"))
    window.add_paths([inbox / "99911.xlsx", inbox / "sua-tay.xlsx"])
    run_merge(window, qtbot)
    assert statuses(window) == {"99911.xlsx": "Đã gộp", "sua-tay.xlsx": "Bị sửa tay"}
    assert window.result_path is not None
    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    # until the new run ends (or is cancelled), nothing of the previous one is shown as its result
    assert set(statuses(window).values()) == {"Chờ gộp"}
    assert current_result(window) is None  # read again (mypy keeps the narrowing across the click)
    qtbot.waitUntil(lambda: window.merge_result is not None and not window.is_running(), timeout=60_000)
    assert statuses(window)["99911.xlsx"] == "Đã gộp"


def test_a_commune_of_another_standard_inside_a_merged_workbook_is_asked_about(
    communes: dict[str, tuple[Path, Path]], qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ranoat.merge import merge_workbooks, write_merged

    other = other_standard(communes, CODES[1], tmp_path / "khac-chuan.xlsx")
    cluster = tmp_path / "cum.xlsx"
    write_merged(
        merge_workbooks([communes[CODES[0]][1], other], load_all(), allow_mixed=True),
        cluster,
        MergeSettings(Level.CLUSTER, "Tân Văn"),
    )
    window = MergeWindow(load_all(), tmp_path)
    qtbot.addWidget(window)
    window.open_folder_when_done = False
    window.out.setText(str(tmp_path / "tinh.xlsx"))
    window.add_paths([cluster, communes[CODES[2]][1]])
    asked = answer_questions(monkeypatch, QMessageBox.StandardButton.Yes)
    run_merge(window, qtbot)
    qtbot.waitUntil(lambda: window.merge_result is not None and len(window.merge_result.communes) == 3, timeout=60_000)
    assert len(asked) == 1
    assert "cum.xlsx" in asked[0]
    assert CODES[1] in asked[0]


def test_the_window_names_the_new_refusals_and_the_future_warning(
    communes: dict[str, tuple[Path, Path]], qtbot: QtBot, tmp_path: Path
) -> None:
    """Edited lists or forms, two communes with one code, and an export dated after this PC's clock."""
    book = openpyxl.load_workbook(communes[CODES[0]][1])
    book["Biểu 7.1"]["C12"].value = 12345
    book.save(tmp_path / "bieu-sua.xlsx")
    renamed = export_changed(communes, CODES[1], tmp_path / "ten-khac.xlsx", "UPDATE commune SET name = 'Xã Song Sinh'")
    future = set_metadata(communes[CODES[2]][1], tmp_path / "tuong-lai.xlsx", exported_at="2099-01-01T00:00:00+00:00")
    window = MergeWindow(load_all(), tmp_path)
    qtbot.addWidget(window)
    window.open_folder_when_done = False
    window.out.setText(str(tmp_path / "gop.xlsx"))
    window.add_paths([tmp_path / "bieu-sua.xlsx", communes[CODES[1]][1], renamed, future])
    run_merge(window, qtbot)
    assert statuses(window) == {
        "bieu-sua.xlsx": "Danh sách/biểu bị sửa",
        "99912.xlsx": "Trùng mã xã",
        "ten-khac.xlsx": "Trùng mã xã",
        "tuong-lai.xlsx": "Đã gộp, cần xem ghi chú",
    }
    reasons = {cell(window, r, 0): cell(window, r, 4) for r in range(window.table.rowCount())}
    assert "Biểu 7.1, ô C12: 12.345, theo dữ liệu" in reasons["bieu-sua.xlsx"]
    assert "Xã Song Sinh" in reasons["99912.xlsx"]
    assert "2099-01-01" in reasons["tuong-lai.xlsx"]
