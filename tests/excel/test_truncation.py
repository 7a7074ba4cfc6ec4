"""No silent truncation (issue #11, item 2): every write to a workbook is checked, a data sheet
longer than Excel's rows continues on numbered sheets that are read back as one, and a sheet for
people that cannot fit is refused before anything is written."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from ranoat.cli import main
from ranoat.demo import create_demo
from ranoat.domain.errors import OperationError
from ranoat.excel import document
from ranoat.excel.document import (
    Column,
    Formats,
    Heading,
    Signature,
    Table,
    WorkbookLimitError,
    atomic_workbook,
    data_sheet,
    sheet_parts,
    write_cell,
    write_document,
)
from ranoat.excel.reader import ExchangeError, RejectCode, read_exchange
from ranoat.operations.export import export_round, latest_round_id
from ranoat.operations.importing import has_exchange_sheets, is_exchange
from ranoat.rules.rulebook import load_all
from ranoat.storage.database import open_database

LIMIT = 50  # data rows per data sheet in these tests: 60 households and about 230 members continue


def sheets_of(path: Path) -> dict[str, list[list[Any]]]:
    book = CalamineWorkbook.from_path(str(path))
    try:
        return {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names}
    finally:
        book.close()


def leftovers(folder: Path) -> list[str]:
    """Workbooks and temporary workbooks (`atomic_workbook`: ".name-….xlsx.partial") in ``folder``."""
    return sorted(p.name for p in folder.iterdir() if ".xlsx" in p.name)


@pytest.fixture(scope="module")
def commune(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A demo commune (60 households) and its export with Excel's own limits."""
    folder = tmp_path_factory.mktemp("commune")
    db = folder / "xa.sqlite3"
    create_demo(db, households=60, seed=4)
    whole = folder / "xa-nguyen.xlsx"
    with open_database(db) as database:
        export_round(database, latest_round_id(database), whole, load_all())
    return db, whole


def export_split(db: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    with monkeypatch.context() as patch:
        patch.setattr(document, "MAX_DATA_ROWS", LIMIT)
        with open_database(db) as database:
            export_round(database, latest_round_id(database), out, load_all())
    return out


# ----------------------------------------------------------------------------- every write checked
def test_a_row_past_excels_last_row_raises_naming_sheet_row_and_column(tmp_path: Path) -> None:
    out = tmp_path / "a.xlsx"

    def past_the_last_row() -> None:
        with atomic_workbook(out) as book:
            sheet = book.add_worksheet("DS hộ nghèo")
            write_cell(sheet, 1_048_575, 2, "Lò Văn Cuối", Formats(book).text)  # the last row: written
            write_cell(sheet, 1_048_576, 2, "Lò Thị Mất", Formats(book).text)  # one past it

    with pytest.raises(WorkbookLimitError) as caught:
        past_the_last_row()
    message = str(caught.value)
    assert "trang «DS hộ nghèo», dòng 1.048.577, cột C" in message
    assert "1.048.576 dòng" in message
    assert str(out) in message
    assert isinstance(caught.value, OperationError)  # the CLI and the export dialog show it as it is
    assert not out.exists()
    assert leftovers(tmp_path) == []  # the temporary file is removed too


def test_a_text_longer_than_a_cell_holds_raises_instead_of_being_cut(tmp_path: Path) -> None:
    out = tmp_path / "b.xlsx"
    rows = [["T01-00001", "ngắn"], ["T01-00002", "ă" * 32_768]]
    with pytest.raises(WorkbookLimitError) as caught, atomic_workbook(out) as book:
        data_sheet(book, "data_households", ("household_code", "address"), rows)
    message = str(caught.value)
    assert "trang «data_households», dòng 3, cột address" in message
    assert "32.768 ký tự" in message
    assert "32.767" in message
    assert not out.exists()
    assert leftovers(tmp_path) == []


def test_a_text_of_exactly_a_cells_length_is_written_whole(tmp_path: Path) -> None:
    out = tmp_path / "c.xlsx"
    text = "ư" * 32_767
    with atomic_workbook(out) as book:
        data_sheet(book, "data_households", ("household_code", "address"), [["T01-00001", text]])
    assert sheets_of(out)["data_households"][1] == ["T01-00001", text]


def test_characters_outside_the_bmp_count_twice_as_excel_counts_them(tmp_path: Path) -> None:
    text = "😀" * 16_384  # 16,384 characters, 32,768 UTF-16 units: XlsxWriter would cut it
    with pytest.raises(WorkbookLimitError, match=r"32\.768 ký tự"), atomic_workbook(tmp_path / "d.xlsx") as book:
        data_sheet(book, "data_members", ("full_name",), [[text]])


def table(rows: int, width: int = 4) -> Table:
    columns = [Column(f"Cột {i}", 10) for i in range(width)]
    return Table(columns, [[f"r{r}c{c}" for c in range(width)] for r in range(rows)])


def test_a_document_title_longer_than_a_cell_raises(tmp_path: Path) -> None:
    """`merge_range` writes a cut text and returns 0: the title is checked before it."""
    out = tmp_path / "e.xlsx"
    heading = Heading("UBND XÃ A", "A", "Đ" * 40_000)
    with (
        pytest.raises(WorkbookLimitError, match=r"trang «DS», dòng 5, cột A: văn bản dài 40\.000 ký tự"),
        atomic_workbook(out) as book,
    ):
        write_document(book, Formats(book), "DS", heading, table(3), Signature())
    assert not out.exists()


def test_a_narrow_documents_authority_is_written_not_dropped(tmp_path: Path) -> None:
    """A table of fewer than six columns puts the authority in one cell: `merge_range` of one cell
    writes nothing (a warning and -1); it is written as a cell."""
    out = tmp_path / "f.xlsx"
    with atomic_workbook(out) as book:
        write_document(book, Formats(book), "Hẹp", Heading("UBND XÃ HẸP", "Hẹp", "DANH SÁCH"), table(2, 3), Signature())
    rows = sheets_of(out)["Hẹp"]
    assert rows[0][0] == "UBND XÃ HẸP"
    signature = [r for r in rows if "Người lập biểu" in r]
    assert signature
    assert signature[0][0] == "Người lập biểu"


def test_a_long_text_in_a_commune_is_refused_at_export_not_cut(
    commune: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "xa.sqlite3"
    db.write_bytes(commune[0].read_bytes())
    with sqlite3.connect(db) as connection:
        code = connection.execute("SELECT code FROM household ORDER BY code LIMIT 1").fetchone()[0]
        connection.execute("UPDATE household SET address = ? WHERE code = ?", ("Thôn Dài " * 5_000, code))
    out = tmp_path / "xa.xlsx"
    assert main(["export", "--db", str(db), "--out", str(out)]) == 2
    error = capsys.readouterr().err
    assert str(out) in error
    assert "trang «data_households», dòng" in error
    assert "45.000 ký tự" in error
    assert not out.exists()
    assert leftovers(tmp_path) == []


# ----------------------------------------------------------------------------- data sheets continue
def test_a_data_sheet_continues_on_numbered_sheets_each_with_its_header(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(document, "MAX_DATA_ROWS", 5)
    out = tmp_path / "g.xlsx"
    rows: list[list[str | int | None]] = [[f"H{i:02d}", i, None if i % 3 else f"ghi chú {i}"] for i in range(12)]
    with atomic_workbook(out) as book:
        book.add_worksheet("DS")  # the active sheet, visible (Excel shows one sheet at least)
        parts = data_sheet(book, "data_members", ("household_code", "position", "note"), rows)
        data_sheet(book, "data_households", ("household_code",), [["H00"]] * 5)  # exactly the limit: one sheet
    assert [p.name for p in parts] == ["data_members", "data_members_2", "data_members_3"]
    sheets = sheets_of(out)
    assert list(sheets) == ["DS", "data_members", "data_members_2", "data_members_3", "data_households"]
    header = ["household_code", "position", "note"]
    assert [s[0] for s in list(sheets.values())[1:4]] == [header] * 3
    assert [len(s) - 1 for s in list(sheets.values())[1:4]] == [5, 5, 2]
    read = [r for name in ("data_members", "data_members_2", "data_members_3") for r in sheets[name][1:]]
    assert read == [[h, i, "" if n is None else n] for h, i, n in rows]  # every cell, in order (12.0 == 12)
    assert sheet_parts("data_members", list(sheets)) == ["data_members", "data_members_2", "data_members_3"]
    assert sheet_parts("data_households", list(sheets)) == ["data_households"]
    book = openpyxl.load_workbook(out, read_only=True)
    assert {book[name].sheet_state for name in book.sheetnames[1:]} == {"hidden"}  # for programs, all parts


def test_sheet_parts_stop_at_the_first_missing_number() -> None:
    names = ["DS hộ nghèo", "data_members", "data_members_2", "data_members_4", "data_members_x"]
    assert sheet_parts("data_members", names) == ["data_members", "data_members_2"]
    assert sheet_parts("data_communes", names) == []


def test_a_split_export_reads_back_as_the_whole_one(
    commune: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, whole = commune
    split = export_split(db, tmp_path / "xa-chia.xlsx", monkeypatch)
    names = list(sheets_of(split))
    assert "data_households_2" in names
    assert "data_members_5" in names
    assert has_exchange_sheets(names)
    assert is_exchange(split)
    a, b = read_exchange(whole), read_exchange(split)  # verified: row counts and checksum
    assert len(b.members) > 4 * LIMIT
    assert b.households == a.households
    assert b.members == a.members
    assert b.metadata["member_rows"] == len(a.members)
    moment = ("exported_at", "data_sha256")  # the v2 checksum covers the metadata, the moment too
    assert {k: v for k, v in b.metadata.items() if k not in moment} == {
        k: v for k, v in a.metadata.items() if k not in moment
    }


def test_a_missing_part_is_refused_as_cut(
    commune: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    split = export_split(commune[0], tmp_path / "xa-chia.xlsx", monkeypatch)
    book = openpyxl.load_workbook(split)
    del book["data_members_3"]  # data_members_4 and _5 no longer follow: the logical sheet ends at _2
    book.save(tmp_path / "thieu.xlsx")
    with pytest.raises(ExchangeError) as caught:
        read_exchange(tmp_path / "thieu.xlsx")
    assert caught.value.code is RejectCode.ROW_COUNT


def test_a_part_with_the_wrong_header_is_named(
    commune: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    split = export_split(commune[0], tmp_path / "xa-chia.xlsx", monkeypatch)
    book = openpyxl.load_workbook(split)
    book["data_members_2"].cell(row=1, column=3).value = "ho_ten"
    book.save(tmp_path / "sai.xlsx")
    with pytest.raises(ExchangeError, match="trang data_members_2, dòng 1: tên cột"):
        read_exchange(tmp_path / "sai.xlsx")


def test_a_split_export_imports_as_the_whole_one(
    commune: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The import reads the numbered sheets: importing the split and the whole export into two new
    databases gives the same data, compared through a fresh export of each, every cell."""
    db, whole = commune
    split = export_split(db, tmp_path / "xa-chia.xlsx", monkeypatch)
    exports = []
    for name, source in (("nguyen", whole), ("chia", split)):
        target = tmp_path / f"{name}.sqlite3"
        assert main(["import", "--db", str(target), str(source)]) == 0
        again = tmp_path / f"{name}-lai.xlsx"
        with open_database(target) as database:
            export_round(database, latest_round_id(database), again, load_all())
        exports.append(read_exchange(again))
    from_whole, from_split = exports
    assert len(from_split.members) == len(read_exchange(whole).members)
    assert from_split.households == from_whole.households
    assert from_split.members == from_whole.members


# ----------------------------------------------------------------------------- sheets for people
def test_a_list_that_cannot_fit_is_refused_before_anything_is_written(
    commune: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(document, "MAX_SHEET_ROWS", 40)
    written: list[str] = []
    original = document.write_document

    def spy(*args: Any, **kwargs: Any) -> Any:
        written.append(args[2])
        return original(*args, **kwargs)

    monkeypatch.setattr("ranoat.excel.official.write_document", spy)
    out = tmp_path / "xa.xlsx"
    with open_database(commune[0]) as database, pytest.raises(WorkbookLimitError) as caught:
        export_round(database, latest_round_id(database), out, load_all())
    found = re.search(r"Trang «(DS [^»]+)» cần (\d+) dòng \((\d+) dòng của bảng.*quá 40 dòng", str(caught.value))
    assert found, caught.value
    name, needed, rows = found[1], int(found[2]), int(found[3])
    # the rows that list really takes, in the export written with Excel's limit: heading, table, signature
    whole = openpyxl.load_workbook(commune[1], read_only=True)[name]
    assert needed == whole.max_row > 40
    assert 0 < rows < needed
    assert written == []  # no sheet was begun
    assert not out.exists()
    assert leftovers(tmp_path) == []


def test_document_rows_counts_what_write_document_uses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A table that needs exactly the limit is written; one row more is refused."""
    for groups in ([], [("Nhóm", 1, 2)]):
        plain = table(10)
        plain.groups = list(groups)
        needed = document.document_rows(plain)
        monkeypatch.setattr(document, "MAX_SHEET_ROWS", needed)
        out = tmp_path / f"vua-{len(groups)}.xlsx"
        with atomic_workbook(out) as book:
            write_document(book, Formats(book), "Vừa", Heading("UBND", "A", "DS"), plain, Signature(right_name="Lò A"))
        rows = sheets_of(out)["Vừa"]
        assert len(rows) == needed
        assert "Lò A" in rows[-1]
        plain.rows.append(["thêm"] * 4)
        with (
            pytest.raises(WorkbookLimitError, match=f"cần {needed + 1} dòng"),
            atomic_workbook(tmp_path / "qua.xlsx") as book,
        ):
            write_document(book, Formats(book), "Quá", Heading("UBND", "A", "DS"), plain, Signature())
