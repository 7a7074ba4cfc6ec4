"""Odd values, odd names and odd links in the files given to `ranoat import` and `ranoat merge`
(issue #16): each a Vietnamese message naming the file (and the sheet, row and column of a value),
the documented exit status (import 1, merge 2 when nothing merged), and nothing changed. On the
code before, a year of 99999 was imported, 10^20 in a number ended in SQLite's OverflowError, a
name that is not UTF-8 crashed the merge's printing (UnicodeEncodeError) and lost the import's
message, a symbolic link in a loop crashed the merge (RuntimeError), and `is_exchange` scanned
every sheet of a large file."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from ranoat.cli import EXIT_LINE_FAILED, EXIT_OK, EXIT_USAGE, main
from ranoat.excel.exchange import FORMAT_VERSION, checksum_v2
from ranoat.excel.reader import _layout, _rows, read_exchange
from ranoat.operations.importing import is_exchange


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A commune's database and its exchange workbook."""
    folder = tmp_path_factory.mktemp("xa")
    db, book = folder / "xa.sqlite3", folder / "so.xlsx"
    assert main(["demo", "--households", "12", "--out", str(db)]) == EXIT_OK
    assert main(["export", "--db", str(db), "--out", str(book)]) == EXIT_OK
    return db, book


def _resealed(source: Path, out: Path, sheet: str, column: str, value: Any) -> Path:
    """``source`` with one cell changed (row 2 of a data sheet; a metadata key's value) and its
    checksum computed again: what someone who knows the format could make, so that only the value
    checks stand between the cell and the database."""
    book = openpyxl.load_workbook(source)
    if sheet == "metadata":
        keys = [c.value for c in book[sheet]["A"]]
        book[sheet].cell(keys.index(column) + 1, 2).value = value
    else:
        header = [c.value for c in book[sheet][1]]
        book[sheet].cell(2, header.index(column) + 1).value = value
    book.save(out)
    loaded = read_exchange(out, verify=False)
    calamine = CalamineWorkbook.from_path(str(out))
    layout = _layout(False, FORMAT_VERSION)
    rows = {name: _rows(out, calamine, name, columns) for name, columns, _ in layout}
    calamine.close()
    checksum = checksum_v2(loaded.metadata, [(name, rows[name]) for name, _, _ in layout])
    for cells in book["metadata"].iter_rows():
        if cells[0].value == "data_sha256":
            cells[1].value = checksum
    book.save(out)
    return out


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


ODD_VALUES = [
    ("metadata", "round_year", "năm 2025", "không phải số nguyên"),
    ("metadata", "round_year", 99999, "ngoài khoảng"),  # was imported: a round of the year 99999
    ("metadata", "round_year", 10**20, "ngoài khoảng"),  # was SQLite's OverflowError
    ("metadata", "round_month", 13, "ngoài khoảng"),
    ("data_members", "position", "một", "không phải số nguyên"),
    ("data_members", "position", 10**20, "ngoài khoảng"),  # was SQLite's OverflowError
    ("data_households", "member_count", -3, "ngoài khoảng"),
    ("data_surveys", "income", 10**19, "ngoài khoảng"),
]


@pytest.mark.parametrize(("sheet", "column", "value", "said"), ODD_VALUES)
def test_an_odd_value_is_a_message_naming_the_place_and_nothing_changes(
    exported: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    sheet: str,
    column: str,
    value: object,
    said: str,
) -> None:
    db, source = exported
    odd = _resealed(source, tmp_path / "so-sua.xlsx", sheet, column, value)
    before = _digest(db)
    capsys.readouterr()
    new_db = tmp_path / "moi.sqlite3"
    assert main(["import", "--db", str(new_db), str(odd)]) == EXIT_LINE_FAILED
    assert main(["import", "--db", str(db), str(odd)]) == EXIT_LINE_FAILED
    err = capsys.readouterr().err
    place = "trang metadata, khoá " if sheet == "metadata" else f"trang {sheet}, dòng 2, cột "
    assert err.count(f"Tệp {odd}, {place}{column}: ") == 2, err
    assert said in err
    assert "Traceback" not in err
    assert not new_db.exists()
    assert _digest(db) == before
    out = tmp_path / "tong-hop.xlsx"
    assert main(["merge", str(odd), "--out", str(out)]) == EXIT_USAGE
    printed = capsys.readouterr().out
    assert f"{odd}: TỪ CHỐI — Tệp {odd}, {place}{column}: " in printed
    assert not out.exists()


def test_a_mapping_file_with_an_impossible_year_is_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from importing.databases import commune_database
    from importing.workbooks import official

    commune_database(tmp_path / "xa.sqlite3").close()
    listing = official(tmp_path / "ds.xlsx")
    mapping = tmp_path / "ghep.json"
    mapping.write_text(json.dumps({"format": "ranoat-import-mapping", "columns": {}, "year": 10**20}), "utf-8")
    code = main(["import", "--db", str(tmp_path / "xa.sqlite3"), "--dry-run", "--mapping", str(mapping), str(listing)])
    assert code == EXIT_LINE_FAILED
    assert f"Tệp {mapping}: năm “{10**20}” của danh sách không hợp lệ" in capsys.readouterr().err


# ----------------------------------------------------------------------------- names that are not UTF-8
def _streams(monkeypatch: pytest.MonkeyPatch) -> tuple[io.BytesIO, io.BytesIO]:
    """Standard output and error as a terminal's: bytes under a strict UTF-8 text layer (pytest's
    capture would hide what the real streams do with a surrogate)."""
    out, err = io.BytesIO(), io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(out, encoding="utf-8", errors="strict"))
    monkeypatch.setattr(sys, "stderr", io.TextIOWrapper(err, encoding="utf-8", errors="strict"))
    return out, err


def _flushed(*streams: io.BytesIO) -> list[bytes]:
    sys.stdout.flush()
    sys.stderr.flush()
    return [s.getvalue() for s in streams]


@pytest.mark.skipif(sys.platform == "win32", reason="Windows names are UTF-16: no undecodable bytes")
def test_names_that_are_not_utf8_are_printed_as_their_bytes(
    exported: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, source = exported
    folder = os.fsencode(tmp_path)
    good, bad = Path(os.fsdecode(folder + b"/\xff.xlsx")), Path(os.fsdecode(folder + b"/\xfe hong.xlsx"))
    good.write_bytes(source.read_bytes())
    bad.write_bytes(b"PK\x03\x04 not a workbook")
    before = _digest(db)

    out, err = _streams(monkeypatch)
    assert main(["import", "--db", str(db), "--dry-run", str(good)]) == EXIT_OK  # was "not a valid .xlsx (OSError)"
    printed, _ = _flushed(out, err)
    assert b"Ki\xe1\xbb\x83m tra xong " + folder + b"/\xff.xlsx: 12 h\xe1\xbb\x99" in printed

    out, err = _streams(monkeypatch)
    assert main(["import", "--db", str(tmp_path / "moi.sqlite3"), str(bad)]) == EXIT_LINE_FAILED
    _, said = _flushed(out, err)
    assert folder + b"/\xfe hong.xlsx kh\xc3\xb4ng ph\xe1\xba\xa3i s\xe1\xbb\x95 Excel" in said  # not "no database"
    assert not (tmp_path / "moi.sqlite3").exists()
    assert _digest(db) == before

    out, err = _streams(monkeypatch)
    assert main(["merge", str(good), str(bad), "--out", str(tmp_path / "th.xlsx")]) == EXIT_OK  # the good one merges
    printed, said = _flushed(out, err)
    assert folder + b"/\xff.xlsx: " in printed
    assert folder + b"/\xfe hong.xlsx: T\xe1\xbb\xaa CH\xe1\xbb\x90I" in printed
    assert b"Traceback" not in said

    out, err = _streams(monkeypatch)
    main(["merge", "--json", str(bad), "--out", str(tmp_path / "th2.xlsx")])
    printed, _ = _flushed(out, err)
    summary = json.loads(printed.decode("utf-8"))  # valid UTF-8 JSON: the bytes as \udcXX escapes
    assert os.fsencode(summary["inputs"][0]["file"]) == folder + b"/\xfe hong.xlsx"


# ----------------------------------------------------------------------------- symbolic links in a loop
@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need a privilege on Windows")
def test_a_symlink_loop_is_a_message_for_merge_and_import(
    exported: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, source = exported
    loop, other = tmp_path / "vong.xlsx", tmp_path / "vong2.xlsx"
    loop.symlink_to(other)
    other.symlink_to(loop)
    out = tmp_path / "tong-hop.xlsx"
    capsys.readouterr()
    assert main(["merge", str(loop), "--out", str(out)]) == EXIT_USAGE  # was RuntimeError: Symlink loop
    printed = capsys.readouterr().out
    assert f"{loop}: TỪ CHỐI — Không đọc được tệp {loop}: tên tệp là một liên kết tượng trưng (symlink)" in printed
    assert main(["merge", str(source), str(tmp_path), "--out", str(out)]) == EXIT_OK  # a folder holding the loop
    assert f"{loop}: TỪ CHỐI" in capsys.readouterr().out
    before = _digest(db)
    assert main(["import", "--db", str(db), str(loop)]) == EXIT_LINE_FAILED
    assert main(["import", "--db", str(tmp_path / "moi.sqlite3"), str(loop)]) == EXIT_LINE_FAILED
    said = capsys.readouterr().err
    assert said.count(f"Không đọc được tệp {loop}: tên tệp là một liên kết tượng trưng (symlink) trỏ vòng") == 2
    assert _digest(db) == before
    assert not (tmp_path / "moi.sqlite3").exists()


# ----------------------------------------------------------------------------- is_exchange, bounded
def _large_without_dimensions(source: Path, out: Path, rows: int) -> Path:
    """``source`` with its first sheet grown to ``rows`` rows and no ``<dimension>`` anywhere."""
    with zipfile.ZipFile(source) as archive:
        items = [(info.filename, archive.read(info)) for info in archive.infolist()]
    row = b'<row r="%d">' + b"".join(b'<c r="%s%%d"><v>1</v></c>' % c.encode() for c in "ABCDEFGHIJKLMNOP") + b"</row>"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for name, data in items:
            data = re.sub(rb"<dimension[^>]*/>", b"", data)
            if name == "xl/worksheets/sheet1.xml":
                head, _, tail = data.partition(b"</sheetData>")
                with target.open(name, "w", force_zip64=True) as stream:
                    stream.write(head)
                    for first in range(100, 100 + rows, 10_000):
                        stream.write(b"".join(row.replace(b"%d", b"%d" % r) for r in range(first, first + 10_000)))
                    stream.write(b"</sheetData>" + tail)
            else:
                target.writestr(name, data)
    return out


def test_is_exchange_reads_only_the_table_of_contents(exported: tuple[Path, Path], tmp_path: Path) -> None:
    big = _large_without_dimensions(exported[1], tmp_path / "lon.xlsx", 300_000)
    assert big.stat().st_size > 5 * 1024 * 1024
    start = time.monotonic()
    assert is_exchange(big)  # the code before streamed every sheet: about 10 s here, a minute for 50 MB
    assert time.monotonic() - start < 1.0


def test_a_zip_listing_a_myriad_of_members_is_refused_before_zipfile_lists_them(tmp_path: Path) -> None:
    from ranoat.excel.reader import ExchangeError, RejectCode

    path = tmp_path / "nhieu.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for index in range(12_000):
            archive.writestr(f"x/{index}", b"")
    for check in (read_exchange, is_exchange):
        with pytest.raises(Exception, match=r"nhieu\.xlsx chứa 12\.000 thành phần nén") as caught:
            check(path)
        if isinstance(caught.value, ExchangeError):
            assert caught.value.code is RejectCode.TOO_LARGE


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need a privilege on Windows")
def test_a_symlink_loop_inside_a_folder_is_no_output_conflict(tmp_path: Path) -> None:
    """The merge window and `ranoat merge FOLDER` ask whether the output is one of the inputs: a
    looping link among a folder's files is not (it raised RuntimeError)."""
    from ranoat.merge.inputs import output_conflict

    folder = tmp_path / "xa"
    folder.mkdir()
    (folder / "vong.xlsx").symlink_to(folder / "vong.xlsx")
    assert output_conflict([folder], tmp_path / "tong-hop.xlsx", explicit=False) is None
    assert output_conflict([folder / "vong.xlsx"], tmp_path / "tong-hop.xlsx") is None
    assert output_conflict([folder], folder / "vong.xlsx") is None  # the output's own name loops
