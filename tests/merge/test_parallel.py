"""Reading and checking the inputs in processes (issue #19, `ranoat.merge.run.read_inputs`): the
same reports, in the same order, and the same merged workbook as reading them here; cancel still
stops the merge, ending the processes; nothing is left running."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from merge_data import CODES, communes, other_standard  # noqa: F401  (communes: the module's fixture)
from python_calamine import CalamineWorkbook

from ranoat.merge import MergeSettings, merge_workbooks, write_merged
from ranoat.merge.records import MergeCancelledError
from ranoat.merge.run import default_workers
from ranoat.rules.rulebook import load_all


@pytest.fixture(scope="module")
def inbox(communes: dict[str, tuple[Path, Path]], tmp_path_factory: pytest.TempPathFactory) -> list[Path]:  # noqa: F811
    """Good files, a copy, a hand-edited one, a cut one, one of another standard, one not a workbook."""
    folder = tmp_path_factory.mktemp("inbox")
    for code in CODES:
        shutil.copy(communes[code][1], folder / f"{code}.xlsx")
    shutil.copy(communes[CODES[0]][1], folder / "ban-sao.xlsx")
    book = openpyxl.load_workbook(communes[CODES[2]][1])
    book["data_members"].cell(row=2, column=3).value = "Tên Đã Sửa"
    book.save(folder / "sua-tay.xlsx")
    data = communes[CODES[1]][1].read_bytes()
    (folder / "cat-cut.xlsx").write_bytes(data[: len(data) // 2])
    other_standard(communes, CODES[2], folder / "khac-chuan.xlsx")
    (folder / "khong-phai.xlsx").write_text("mã xã;tên\n", encoding="utf-8")
    order = ["99911", "ban-sao", "sua-tay", "99912", "cat-cut", "khac-chuan", "khong-phai", "99913"]
    return [folder / f"{name}.xlsx" for name in order]


def reports(result: Any) -> list[tuple[str, str, str, str, list[str], int, int]]:
    return [(i.path.name, i.status.value, i.code, i.reason, i.communes, i.households, i.members) for i in result.inputs]


def cells(path: Path) -> dict[str, list[list[Any]]]:
    book = CalamineWorkbook.from_path(str(path))
    try:
        return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}
    finally:
        book.close()


def test_in_processes_the_merge_is_the_same_as_here(inbox: list[Path], tmp_path: Path) -> None:
    rulebooks = load_all()
    here = merge_workbooks(inbox, rulebooks, workers=1)
    there = merge_workbooks(inbox, rulebooks, workers=2)
    assert reports(there) == reports(here)  # every input's fate and message, in the inputs' order
    assert [r[1] for r in reports(here)] == [
        "merged",
        "duplicate_file",
        "rejected",  # hand-edited
        "merged",
        "rejected",  # cut
        "rejected",  # another standard
        "rejected",  # not a workbook
        "rejected",  # superseded by khac-chuan.xlsx, a later export of 99913 (itself of another standard)
    ]
    assert [c.code for c in there.communes] == [c.code for c in here.communes]
    assert there.people == here.people
    a, b = tmp_path / "here.xlsx", tmp_path / "there.xlsx"
    moment = dt.datetime(2026, 12, 8, 3, 0, tzinfo=dt.UTC)
    write_merged(here, a, MergeSettings(), exported_at=moment)
    write_merged(there, b, MergeSettings(), exported_at=moment)
    assert cells(b) == cells(a)  # every sheet, every cell, the checksum included
    assert multiprocessing.active_children() == []  # the processes ended with the reading


def test_cancel_stops_a_merge_in_processes_and_ends_them(inbox: list[Path]) -> None:
    asked: list[str] = []

    def progress(_done: int, _total: int, what: str) -> None:
        asked.append(what)

    with pytest.raises(MergeCancelledError):
        merge_workbooks(inbox, load_all(), workers=2, progress=progress, cancelled=lambda: len(asked) >= 2)
    assert asked == ["Đọc 99911.xlsx", "Đọc ban-sao.xlsx"]  # stopped at the next input, nothing merged
    assert multiprocessing.active_children() == []


def test_few_inputs_are_read_here() -> None:
    assert default_workers(5) == 1
    assert default_workers(1) == 1
    assert 1 <= default_workers(30) <= 4
