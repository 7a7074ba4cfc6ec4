"""Hostile workbooks are refused before a parser sees them (issue #16): each would abort the
process (XFD1048576), take gigabytes (ALL200000, a zip bomb) or hang (1,000 big merged ranges)
on the code before the bounds."""

from __future__ import annotations

import re
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from ranoat.excel.reader import ExchangeError, RejectCode, read_exchange
from ranoat.importing.sheet import ImportFileError, read_grid


def _book(path: Path, far: str | None = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "metadata"
    sheet["A1"], sheet["B1"] = "key", "value"
    sheet["A2"], sheet["B2"] = "format", "ranoat-exchange"
    if far:
        sheet[far] = "x"
    book.save(path)
    return path


def _rewrite(path: Path, member: str, change: object) -> None:
    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in items:
            if info.filename == member:
                data = change(data)  # type: ignore[operator]
            target.writestr(info.filename, data)


@pytest.mark.parametrize("far", ["XFD1048576", "ALL200000"])
def test_one_far_cell_is_refused_before_calamine(tmp_path: Path, far: str) -> None:
    path = _book(tmp_path / "xa.xlsx", far)
    start = time.monotonic()
    with pytest.raises(ExchangeError) as caught:
        read_exchange(path)
    assert caught.value.code is RejectCode.TOO_LARGE
    assert "xa.xlsx" in str(caught.value)
    assert "trang sheet1.xml" in str(caught.value)
    assert time.monotonic() - start < 5
    with pytest.raises(ImportFileError, match=r"xa\.xlsx"):
        read_grid(path)


def test_a_declared_dimension_of_the_whole_sheet_is_refused(tmp_path: Path) -> None:
    path = _book(tmp_path / "xa.xlsx")
    _rewrite(
        path,
        "xl/worksheets/sheet1.xml",
        lambda data: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', data),
    )
    with pytest.raises(ExchangeError, match="vùng dữ liệu"):
        read_exchange(path)


def test_a_dense_small_sheet_passes_the_bounds(tmp_path: Path) -> None:
    path = tmp_path / "list.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for r in range(1, 2001):
        sheet.append([f"Người {r}", r, "Thôn 1"])
    sheet["C3000"] = "cuối"  # a little sparse: still well within the box allowed
    book.save(path)
    grid = read_grid(path)
    assert grid.value(2000, 1) == "Người 2000"


def test_a_thousand_big_merged_ranges_are_refused_quickly(tmp_path: Path) -> None:
    path = _book(tmp_path / "danh-sach.xlsx", "GR20000")
    merges = b'<mergeCells count="1000">' + b'<mergeCell ref="A2:GR20000"/>' * 1000 + b"</mergeCells>"
    _rewrite(path, "xl/worksheets/sheet1.xml", lambda data: data.replace(b"</sheetData>", b"</sheetData>" + merges))
    start = time.monotonic()
    with pytest.raises(ImportFileError, match=r"danh-sach\.xlsx"):
        read_grid(path)
    assert time.monotonic() - start < 5


def test_a_zip_bomb_is_refused(tmp_path: Path) -> None:
    path = _book(tmp_path / "bom.xlsx")
    filler = b"<!--" + b" " * (80 * 1024 * 1024) + b"-->"
    _rewrite(path, "xl/worksheets/sheet1.xml", lambda data: data.replace(b"<sheetData>", filler + b"<sheetData>"))
    assert path.stat().st_size < 1024 * 1024
    with pytest.raises(ExchangeError, match="bom nén") as caught:
        read_exchange(path)
    assert caught.value.code is RejectCode.TOO_LARGE


def test_a_corrupted_byte_of_the_central_directory_is_a_message(tmp_path: Path) -> None:
    path = _book(tmp_path / "hong.xlsx")
    data = bytearray(path.read_bytes())
    central = data.rfind(b"PK\x01\x02")
    data[central + 5] = 0x15  # "version made by" → zipfile raised NotImplementedError: version 21.1
    data[central + 6] = 0x15  # version needed to extract
    path.write_bytes(bytes(data))
    with pytest.raises(ExchangeError) as caught:
        read_exchange(path)
    assert "hong.xlsx" in str(caught.value)


def test_a_list_longer_than_the_import_takes_is_refused_while_its_sheet_is_scanned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rows are counted by the bounds scan, before openpyxl builds a row (it took 46 s to reach
    row 200,001 of a 600,000-row list before): the limit is lowered here to keep the file small."""
    from ranoat.importing import sheet as module

    monkeypatch.setattr(module, "MAX_ROWS", 50)
    path = tmp_path / "dai.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    for r in range(1, 81):
        ws.append([f"Người {r}", 1970])
    book.save(path)
    with pytest.raises(
        ImportFileError, match=r"^Tệp dai\.xlsx, trang sheet1\.xml: quá 50 dòng — quá lớn cho một danh sách"
    ):
        read_grid(path)


def test_a_commune_workbook_beyond_its_cells_is_refused_a_merged_one_is_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One commune's workbook (no data_communes sheet) is bounded while it is scanned, by the import
    and the merge alike (a 1,000,000-row data sheet took the merge 1.5 GB and 44 s); one dressed up
    with a data_communes sheet is refused once its metadata says what it is; a merged workbook (a
    province's, large by nature) is not bounded so. The limit is lowered here to keep the files small."""
    from ranoat.cli import main
    from ranoat.excel import reader
    from ranoat.excel.bounds import SheetLimits

    db, exchange, merged = tmp_path / "xa.sqlite3", tmp_path / "so.xlsx", tmp_path / "tong-hop.xlsx"
    assert main(["demo", "--households", "30", "--out", str(db)]) == 0
    assert main(["export", "--db", str(db), "--out", str(exchange)]) == 0
    assert main(["merge", str(exchange), "--out", str(merged)]) == 0
    dressed = tmp_path / "gia-dang.xlsx"
    book = openpyxl.load_workbook(exchange)
    book.create_sheet("data_communes")
    book.save(dressed)
    monkeypatch.setattr(reader, "COMMUNE_SHEETS", SheetLimits(cells=200, what="sổ trao đổi của một xã"))
    for read in (reader.read_commune_exchange, read_exchange):
        with pytest.raises(
            ExchangeError, match=r"so\.xlsx, trang sheet\d+\.xml: quá 200 ô có nội dung — quá lớn cho sổ"
        ):
            read(exchange)
    with pytest.raises(
        ExchangeError, match=r"gia-dang\.xlsx, trang sheet\d+\.xml: [0-9.]+ ô có nội dung — quá lớn cho sổ"
    ) as caught:
        read_exchange(dressed)
    assert caught.value.code is RejectCode.TOO_LARGE
    assert len(read_exchange(merged).households) == 30
