"""The data sheets' own writer (issue #19, `document.DataWorksheet`) against the path it replaced:
XlsxWriter writing each cell with `write_string` / `write_number`, in its default (shared strings)
and constant-memory (inline strings) modes. Every cell must read back the same, in openpyxl and in
python-calamine, formula-like texts must stay texts, and the sheet keeps what it had (hidden, the
header row bold and frozen, the column widths)."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter
import xlsxwriter.worksheet
from python_calamine import CalamineWorkbook

from ranoat.excel import document
from ranoat.excel.document import (
    WORKBOOK_OPTIONS,
    Cell,
    WorkbookLimitError,
    atomic_workbook,
    data_sheet,
    inline_text,
)
from ranoat.excel.reader import read_exchange
from ranoat.operations.export import export_round, latest_round_id
from ranoat.rules.rulebook import load_all
from ranoat.storage.database import open_database

COLUMNS = ("household_code", "text", "number", "flag")
RICH = "<r><t>đậm</t></r>"  # XlsxWriter writes a text that looks like this as rich-text markup
# texts that have broken writers: formulas, rich-text look-alikes, escapes, XML, white space, controls
AWKWARD = [
    "=1+2",
    "+84 912 345 678",
    "-5",
    "@SUM(A1:A3)",
    '=HYPERLINK("http://example.com","x")',
    RICH,
    "_x0041_ là chữ A",
    "a & b < c > d \"e\" 'f'",
    " có khoảng trắng đầu",
    "có khoảng trắng cuối ",
    "dòng một\ndòng hai",
    "tab\tở giữa",
    "điều khiển \x01\x07\x1f",
    "\ufffe\uffff",
    "Nguyễn Thị Ánh Tuyết 😀",
    "0123456789012",  # a CCCD: text, never a number
    "ă" * 32_767,  # exactly a cell's length
]
NUMBERS: list[Cell] = [0, 1, -1, 7, 2**31, 10**15, 123456789012345678, 0.1, 1 / 3, -2.5e-10, 1e300, True, False]


def rows() -> list[tuple[Cell, ...]]:
    found: list[tuple[Cell, ...]] = []
    for index, text in enumerate(AWKWARD):
        found.append((f"T01-{index:05d}", text, NUMBERS[index % len(NUMBERS)], index % 2))
    for index, number in enumerate(NUMBERS):
        found.append((f"T02-{index:05d}", None, number, None))
    found.append(("T03-00000", "", None, None))  # empty texts are empty cells, as XlsxWriter's path skipped them
    return found


def old_path(path: Path, table: Sequence[Sequence[Cell]], *, constant_memory: bool) -> None:
    """What `data_sheet` did before issue #19, cell by cell."""
    book = xlsxwriter.Workbook(str(path), {**WORKBOOK_OPTIONS, "constant_memory": constant_memory})
    bold = book.add_format({"bold": True})
    book.add_worksheet("DS")
    sheet = book.add_worksheet("data_households")
    for index, column in enumerate(COLUMNS):
        sheet.write_string(0, index, column, bold)
        sheet.set_column(index, index, max(10, len(column) + 2))
    sheet.freeze_panes(1, 0)
    sheet.hide()
    for row, values in enumerate(table, start=1):
        for index, value in enumerate(values):
            if isinstance(value, str):
                if value:
                    assert sheet.write_string(row, index, value) == 0
            elif value is not None:
                assert sheet.write_number(row, index, value) == 0
    book.close()


def new_path(path: Path, table: Sequence[Sequence[Cell]], *, constant_memory: bool) -> None:
    with atomic_workbook(path, constant_memory=constant_memory) as book:
        book.add_worksheet("DS")
        data_sheet(book, "data_households", COLUMNS, table)


def calamine_cells(path: Path) -> dict[str, list[list[Any]]]:
    book = CalamineWorkbook.from_path(str(path))
    try:
        return {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names}
    finally:
        book.close()


def openpyxl_cells(path: Path) -> dict[str, list[list[tuple[Any, str, bool]]]]:
    """Every cell as (value, data type, bold), every sheet; and the sheets' states and panes."""
    book = openpyxl.load_workbook(path)
    try:
        return {
            sheet.title: [[(c.value, c.data_type, bool(c.font.b)) for c in row] for row in sheet.iter_rows()]
            for sheet in book.worksheets
        }
    finally:
        book.close()


def layout(path: Path) -> list[tuple[str, str, str | None, dict[str, float]]]:
    book = openpyxl.load_workbook(path)
    try:
        return [
            (
                s.title,
                s.sheet_state,
                s.freeze_panes,
                {k: round(float(d.width), 2) for k, d in s.column_dimensions.items() if d.width},
            )
            for s in book.worksheets
        ]
    finally:
        book.close()


@pytest.mark.parametrize("constant_memory", [False, True])
def test_every_cell_reads_back_as_the_old_path_wrote_it(tmp_path: Path, constant_memory: bool) -> None:
    table = rows()
    old, new = tmp_path / "old.xlsx", tmp_path / "new.xlsx"
    old_path(old, table, constant_memory=constant_memory)
    new_path(new, table, constant_memory=constant_memory)
    before, after = calamine_cells(old), calamine_cells(new)
    rich = 1 + AWKWARD.index(RICH)  # the one difference, the old path's bug: it wrote this text as markup
    assert before["data_households"][rich][1] == "đậm"  # … and read back without its tags
    assert after["data_households"][rich][1] == RICH  # the new path keeps the text as given
    for cells in (before, after):
        del cells["data_households"][rich]
    assert after == before
    before_x, after_x = openpyxl_cells(old), openpyxl_cells(new)
    for cells in (before_x, after_x):
        del cells["data_households"][rich]
    assert after_x == before_x  # values, types (texts stay texts), the header's bold
    assert layout(new) == layout(old)
    # and what was written is what was given, texts as texts (a CCCD's leading zero kept)
    read = calamine_cells(new)["data_households"]
    assert read[0] == list(COLUMNS)
    for given, back in zip(table, read[1:], strict=True):
        if "\ufffe" in str(given[1]):  # noncharacters: written as _xFFFE_ by both paths, read back so
            continue
        # numbers as Excel keeps them: 15–17 significant digits (XlsxWriter's "%.16G", both paths)
        assert back == ["" if v is None else (float(f"{v:.16G}") if isinstance(v, (int, float)) else v) for v in given]


def test_formula_like_texts_are_texts_never_formulas(tmp_path: Path) -> None:
    out = tmp_path / "f.xlsx"
    new_path(out, rows(), constant_memory=False)
    book = openpyxl.load_workbook(out)
    sheet = book["data_households"]
    found = {row[1].value: row[1].data_type for row in sheet.iter_rows(min_row=2) if row[1].value}
    book.close()
    for text in ("=1+2", "+84 912 345 678", "-5", "@SUM(A1:A3)", '=HYPERLINK("http://example.com","x")'):
        assert found[text] == "s", text
    with zipfile.ZipFile(out) as archive:
        xml = archive.read("xl/worksheets/sheet2.xml").decode()
        strings = archive.read("xl/sharedStrings.xml").decode()
    assert "<f>" not in xml  # no formula element at all
    assert "<r><t>đậm" not in strings  # XlsxWriter's table would write a rich-text look-alike as markup …
    assert "&lt;r&gt;&lt;t&gt;đậm" in xml  # … so it is an inline string, escaped: text, not markup


def test_inline_text_escapes_as_xlsxwriter_does() -> None:
    assert inline_text("abc") == "<is><t>abc</t></is>"
    assert inline_text(" a") == '<is><t xml:space="preserve"> a</t></is>'
    assert inline_text("a\x01") == "<is><t>a_x0001_</t></is>"
    assert inline_text("_x0041_") == "<is><t>_x005F_x0041_</t></is>"
    assert inline_text("a<b&c>") == "<is><t>a&lt;b&amp;c&gt;</t></is>"


@pytest.mark.parametrize(
    ("value", "said"),
    [("ư" * 32_768, "32.768 ký tự"), (float("nan"), "nan"), (float("inf"), "inf"), (object(), "object")],
)
def test_a_value_a_cell_cannot_hold_stops_the_write_and_leaves_nothing(
    tmp_path: Path, value: Any, said: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(document, "MAX_DATA_ROWS", 3)
    out = tmp_path / "x.xlsx"
    table: list[tuple[Any, ...]] = [("H1", "a", 1, 0)] * 4 + [("H5", "b", value, 1)]
    with pytest.raises(WorkbookLimitError) as caught, atomic_workbook(out) as book:
        data_sheet(book, "data_households", COLUMNS, table)
    message = str(caught.value)
    assert f"Tệp {out}" in message
    assert "trang «data_households_2», dòng 3, cột number" in message  # the 5th row: the 2nd of part 2
    assert said in message
    assert "Tệp không được ghi" in message
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_commune_export_reads_back_with_its_checksum_and_every_cell(tmp_path: Path) -> None:
    """The whole path: a demo commune's export (every data sheet written by the new writer) is read
    back by the exchange reader (row counts and SHA-256 verified) and by openpyxl, text as text."""
    from ranoat.demo import create_demo

    db = tmp_path / "xa.sqlite3"
    create_demo(db, households=40, seed=7)
    out = tmp_path / "xa.xlsx"
    with open_database(db) as database:
        export_round(database, latest_round_id(database), out, load_all())
    workbook = read_exchange(out)  # raises if a row or the checksum differs
    assert len(workbook.households) == 40
    book = openpyxl.load_workbook(out)
    try:
        for name in ("data_households", "data_members", "data_surveys", "metadata"):
            sheet = book[name]
            assert sheet.sheet_state == "hidden"
            assert sheet.freeze_panes == "A2"
            assert all(cell.font.b for cell in sheet[1])  # the header row, bold as before
            kinds = {cell.data_type for row in sheet.iter_rows() for cell in row if cell.value is not None}
            assert kinds <= {"s", "n"}, name  # texts and numbers only: no formula, no error, no boolean
    finally:
        book.close()


def test_workbooks_are_deflated_at_the_fast_level_and_xlsxwriter_is_left_as_it_was(tmp_path: Path) -> None:
    import xlsxwriter.workbook

    fast, default = tmp_path / "fast.xlsx", tmp_path / "default.xlsx"
    table = rows() * 200
    new_path(fast, table, constant_memory=True)
    assert xlsxwriter.workbook.ZipFile is zipfile.ZipFile  # restored after the write
    old_path(default, table, constant_memory=True)  # XlsxWriter's own level (zlib's default)
    with zipfile.ZipFile(fast) as a, zipfile.ZipFile(default) as b:
        assert {i.compress_type for i in a.infolist()} == {zipfile.ZIP_DEFLATED}
        mine, theirs = a.getinfo("xl/worksheets/sheet2.xml"), b.getinfo("xl/worksheets/sheet2.xml")
        # level 1 deflates less tightly than zlib's default: a larger share of the sheet's XML is left
        assert mine.compress_size / mine.file_size > 1.1 * theirs.compress_size / theirs.file_size


# ----------------------------------------------------------------------------- the sheets for people
def document_xml(path: Path, *, constant_memory: bool) -> dict[str, bytes]:
    from ranoat.excel.document import Column, Formats, Heading, Signature, Table, write_document

    columns = [Column("STT", 6), Column("Họ và tên", 30), Column("Năm sinh", 10), Column("Ghi chú", 20)]
    body: list[list[Cell]] = [[i + 1, text, 1950 + i, None if i % 2 else "x"] for i, text in enumerate(AWKWARD[:-1])]
    body += [[None, None, 0.5, ""], [7, RICH, -3, "=SUM(A1)"], [8, "  ", 1 / 3, 10**17]]
    with atomic_workbook(path, constant_memory=constant_memory) as book:
        heading = Heading("UBND XÃ A", "A", "DANH SÁCH", "năm 2026", "Biểu mẫu 1")
        write_document(book, Formats(book), "DS", heading, Table(columns, body), Signature(right_name="Lò A"))
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name != "docProps/core.xml"}


@pytest.mark.parametrize("constant_memory", [False, True])
def test_documents_cells_are_the_same_xml_as_xlsxwriters_own(
    tmp_path: Path, constant_memory: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`DocumentWorksheet` only shortens XlsxWriter's path for formatted cells: every part of the
    workbook is byte for byte what XlsxWriter's own worksheet writes (the creation time aside)."""
    ours = document_xml(tmp_path / "ours.xlsx", constant_memory=constant_memory)
    monkeypatch.setattr(document, "DocumentWorksheet", xlsxwriter.worksheet.Worksheet)
    theirs = document_xml(tmp_path / "theirs.xlsx", constant_memory=constant_memory)
    assert list(ours) == list(theirs)
    for name in ours:
        assert ours[name] == theirs[name], name
    assert b"inlineStr" in ours["xl/worksheets/sheet1.xml"] or not constant_memory
