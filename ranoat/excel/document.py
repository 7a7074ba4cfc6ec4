"""Writing official documents into an .xlsx: the administrative header, a title, a table with
repeated header rows, totals, and the signature block — printable on A4.

Written with XlsxWriter (our benchmark in bench/ and notes/stack-facts.md: about twice as fast as
openpyxl's write-only mode for the same cells, with print settings, merged headers, frozen panes
and filters). Every text cell is written with `write_string`, so a value beginning with '=', '+',
'-' or '@' is text, never a formula (and the workbook is opened with strings_to_formulas off).

Nothing is cut without a word: XlsxWriter does not raise for a row past Excel's 1,048,576 rows or a
text longer than 32,767 characters, it returns -1 or -2 (and writes the text cut). Every write here
checks that value and raises `WorkbookLimitError` naming the sheet, row and column; `atomic_workbook`
then leaves no file under the output's name. A data sheet longer than `MAX_DATA_ROWS` continues on
numbered sheets (`data_members`, `data_members_2`, …: `sheet_parts`); a sheet for people that would
not fit is refused before it is written (`check_fits`).
"""

from __future__ import annotations

import datetime as dt
import errno
import functools
import math
import os
import re
import secrets
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import xlsxwriter
import xlsxwriter.workbook
from xlsxwriter.exceptions import FileCreateError
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell_fast
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ranoat.domain.errors import CELL_TEXT_LIMIT, OperationError, cell_length
from ranoat.domain.vietnamese import format_number
from ranoat.storage.files import PartialNote

FONT = "Times New Roman"  # the font of Vietnamese administrative documents; has every Vietnamese glyph
Cell = str | int | float | None

EXCEL_ROWS = 1_048_576  # the rows of one Excel sheet (XlsxWriter's `xls_rowmax`)
# Module constants, so that tests can make them small: the data rows of one data sheet (below its
# header row) before it continues on the next numbered sheet, and the rows a sheet for people may use.
MAX_DATA_ROWS = EXCEL_ROWS - 1
MAX_SHEET_ROWS = EXCEL_ROWS


class WorkbookLimitError(OperationError):
    """A value or a sheet that Excel cannot hold: nothing is written under the output's name."""


def _failed(sheet: Worksheet, row: int, column: int, value: object, code: int, name: str = "") -> NoReturn:
    """Raise for a write XlsxWriter refused (-1) or cut (-2) at ``row``, ``column`` (from 0); ``name``:
    the column's name on a data sheet (what a program reading it knows it by), else its letter."""
    where = f"trang «{sheet.name}», dòng {format_number(row + 1)}, cột {name or xl_col_to_name(max(column, 0))}"
    if isinstance(value, str) and cell_length(value) > CELL_TEXT_LIMIT:
        reason = (
            f"văn bản dài {format_number(cell_length(value))} ký tự, quá {format_number(CELL_TEXT_LIMIT)} ký tự "
            "một ô Excel chứa được"
        )
    elif row >= EXCEL_ROWS:
        reason = f"quá {format_number(EXCEL_ROWS)} dòng một trang Excel chứa được"
    else:
        reason = f"không ghi được ô này (mã lỗi {code} của XlsxWriter)"
    raise WorkbookLimitError(f"Không ghi được {where}: {reason}. Tệp không được ghi.")


def checked_merge(
    sheet: Worksheet, first_row: int, first_col: int, last_row: int, last_col: int, text: str, fmt: Format
) -> None:
    """`merge_range`, checked: XlsxWriter ignores the result of writing the merged cell's text, and
    refuses (-1, a warning, nothing written) a range of one cell: that one is written as a cell."""
    if (first_row, first_col) == (last_row, last_col):
        write_cell(sheet, first_row, first_col, text, fmt)
    elif cell_length(text) > CELL_TEXT_LIMIT or sheet.merge_range(first_row, first_col, last_row, last_col, text, fmt):
        _failed(sheet, max(first_row, last_row), first_col, text, -1)


def checked(result: int | None, sheet: Worksheet, row: int, column: int, value: object = None) -> None:
    """Raise unless a `write_*`/`set_row` of XlsxWriter returned 0 (or nothing)."""
    if result:
        _failed(sheet, row, column, value, result)


@dataclass(frozen=True)
class Column:
    header: str
    width: float  # in characters
    kind: str = "text"  # text | int | number | percent


@dataclass
class Table:
    """A header (one or two rows: ``groups`` are merged cells above spans of columns) and rows."""

    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)
    groups: list[tuple[str, int, int]] = field(default_factory=list)  # (text, first column, last column)
    bold_rows: set[int] = field(default_factory=set)  # subtotals and totals
    italic_rows: set[int] = field(default_factory=set)  # members under their household's head
    notes: list[str] = field(default_factory=list)  # lines printed under the table (form 7.8's rule)
    # each data row as tall as its longest wrapped text (a few hundred rows of long texts: the
    # comparison sheet); the lists and forms keep one line a row, their texts fit their columns
    fit_rows: bool = False


@dataclass(frozen=True)
class Heading:
    authority: str  # "UBND XÃ TÂN THÀNH"
    place: str  # "Tân Thành" for "Tân Thành, ngày … tháng … năm …"
    title: str
    subtitle: str = ""
    form: str = ""  # "Biểu mẫu 7.1" shown top right


@dataclass(frozen=True)
class Signature:
    left_title: str = "Người lập biểu"
    left_name: str = ""
    right_title: str = "CHỦ TỊCH"
    right_name: str = ""
    day: dt.date | None = None


class Formats:
    def __init__(self, book: Workbook) -> None:
        def make(**props: Any) -> Format:
            return book.add_format({"font_name": FONT, "font_size": 11, "valign": "vcenter", **props})

        self.authority = make(bold=True, align="center")
        self.nation = make(bold=True, align="center")
        self.motto = make(bold=True, italic=False, align="center", underline=1)
        self.title = make(bold=True, font_size=14, align="center", text_wrap=True)
        self.subtitle = make(italic=True, align="center")
        self.form = make(italic=True, align="right")
        self.border = book.add_format({"border": 1})  # for a conditional format: borders only
        self.header = make(bold=True, align="center", text_wrap=True, border=1, bg_color="#F2F2F2")
        self.text = make(border=1, text_wrap=True)
        self.int = make(border=1, num_format="#,##0")
        self.number = make(border=1, num_format="#,##0.##")
        self.percent = make(border=1, num_format="0.00")
        self.bold = {
            kind: make(border=1, bold=True, text_wrap=True, **({"num_format": fmt} if fmt else {}))
            for kind, fmt in (("text", None), ("int", "#,##0"), ("number", "#,##0.##"), ("percent", "0.00"))
        }
        self.italic = {
            kind: make(border=1, italic=True, text_wrap=True, **({"num_format": fmt} if fmt else {}))
            for kind, fmt in (("text", None), ("int", "#,##0"), ("number", "#,##0.##"), ("percent", "0.00"))
        }
        self.plain = {"text": self.text, "int": self.int, "number": self.number, "percent": self.percent}
        self.sign_title = make(bold=True, align="center")
        self.sign_note = make(italic=True, align="center")
        self.sign_name = make(bold=True, align="center")
        self.date = make(italic=True, align="center")
        self.note = make(italic=True, align="left", text_wrap=True)


WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


def new_workbook(path: Path, *, constant_memory: bool = False, tmpdir: str | None = None) -> Workbook:
    """``constant_memory``: each row is written to disk when the next begins (rows must then be
    written in order): the merge's 5 million cells in tens of MB instead of about 500 MB.
    ``tmpdir``: where XlsxWriter keeps its temporary files (the system's when None)."""
    options: dict[str, Any] = {**WORKBOOK_OPTIONS, "constant_memory": constant_memory}
    if tmpdir is not None:
        options["tmpdir"] = tmpdir
    book = xlsxwriter.Workbook(str(path), options)
    book.set_properties({"title": "Ranoat", "author": "Ranoat", "comments": "Rà soát hộ nghèo, hộ cận nghèo"})
    return book


@contextmanager
def atomic_workbook(path: Path, *, constant_memory: bool = False) -> Iterator[Workbook]:
    """Write to a temporary file beside ``path`` and rename it into place only when complete,
    so a crash or a cancel never leaves half a workbook under the real name.

    The temporary file is created as any new file is (mode 0666 less the user's umask), not
    private as `tempfile.mkstemp` makes it: the workbook is meant to be read by others (the
    level above, from a shared folder), and the rename keeps the mode.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = _new_file_beside(path, ".xlsx.partial")
    note = PartialNote(Path(temporary))  # hidden on Windows; removed at the next start if this run is killed
    # XlsxWriter's own temporary files (rows, each part's XML) in a folder of this write: a write
    # stopped halfway (a value a data sheet cannot hold, found while the file is stored) leaves none
    scratch = tempfile.TemporaryDirectory(prefix="ranoat-xlsx-", ignore_cleanup_errors=True)
    try:
        book = new_workbook(Path(temporary), constant_memory=constant_memory, tmpdir=scratch.name)
        try:
            yield book
        except WorkbookLimitError as exc:
            raise WorkbookLimitError(f"Tệp {path}: {exc}") from exc
        note.ready()  # XlsxWriter now opens it to write (CREATE_ALWAYS): Windows refuses that on a hidden file
        try:
            with _zip_level(ZIP_LEVEL):
                book.close()
        except FileCreateError as exc:  # XlsxWriter wraps the OSError (disk full, …): given back as one
            _discard_row_files(book)
            raise _write_failure(exc, path) from exc
        except WorkbookLimitError as exc:  # a data sheet's value, refused as its XML was made
            _discard_row_files(book)
            raise WorkbookLimitError(f"Tệp {path}: {exc}") from exc
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)
        note.done()
        scratch.cleanup()


# Deflate level of the workbooks written. XlsxWriter leaves zlib's default (6); 1 compresses the merge's
# 300 MB of sheet XML about three times faster (7.2 → 2.3 s) for a file about a quarter larger
# (33 → 42 MB for 30 communes); readers inflate either as fast (docs/performance.md, issue #19).
ZIP_LEVEL = 1


@contextmanager
def _zip_level(level: int) -> Iterator[None]:
    """XlsxWriter's zip archive made with ``level`` while the workbook is stored (it calls the
    `ZipFile` of its module and passes no level)."""
    original = xlsxwriter.workbook.ZipFile  # the class, or what stands in for it (a test's full disk)
    xlsxwriter.workbook.ZipFile = functools.partial(original, compresslevel=level)
    try:
        yield
    finally:
        xlsxwriter.workbook.ZipFile = original


def _discard_row_files(book: Workbook) -> None:
    """Close and remove the temporary row files of constant-memory sheets, which XlsxWriter leaves
    open (and on disk) when the workbook could not be stored."""
    for sheet in book.worksheets():
        handle, name = getattr(sheet, "row_data_fh", None), getattr(sheet, "row_data_filename", None)
        if handle is not None:
            handle.close()
        if name:
            Path(name).unlink(missing_ok=True)


def _write_failure(exc: FileCreateError, path: Path) -> OSError:
    """The OSError inside XlsxWriter's FileCreateError, named after the real output and, for a full
    disk, said in Vietnamese with what to do."""
    cause = exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else None
    code = cause.errno if cause is not None and cause.errno is not None else errno.EIO
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        reason = "ổ đĩa đã đầy; hãy giải phóng chỗ trống hoặc chọn nơi lưu khác rồi làm lại"
    else:
        reason = (cause.strerror if cause is not None else None) or str(exc)
    return OSError(code, reason, str(path))


def _new_file_beside(path: Path, suffix: str) -> str:
    """A new empty file with a name of its own in ``path``'s folder, created with the umask's mode."""
    while True:
        name = str(path.parent / f".{path.stem}-{secrets.token_hex(6)}{suffix}")
        try:
            os.close(os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666))
        except FileExistsError:
            continue
        return name


def write_cell(sheet: Worksheet, row: int, column: int, value: Cell, fmt: Format) -> None:
    if value is None or value == "":
        result = sheet.write_blank(row, column, None, fmt)
    elif isinstance(value, str):
        result = sheet.write_string(row, column, value, fmt)  # never a formula, whatever it begins with
    else:
        result = sheet.write_number(row, column, value, fmt)
    if result:
        _failed(sheet, row, column, value, result)


def wrapped_lines(text: str, width: float) -> int:
    """About how many lines ``text`` wraps to in a column ``width`` characters wide."""
    per_line = max(width * 1.4 - 2, 1)  # Times New Roman 11: about 1.4 characters per unit of column width
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def document_rows(table: Table) -> int:
    """The rows `write_document` uses for ``table``: the heading (7), the header (1 or 2), the table's
    rows (at least 1), a blank row, its notes with a blank row after them, and the signature block (7)."""
    notes = len(table.notes) + 1 if table.notes else 0
    return 7 + (2 if table.groups else 1) + max(len(table.rows), 1) + notes + 8


def check_fits(name: str, table: Table, advice: str = "") -> None:
    """Refuse, before anything is written, a sheet for people that one Excel sheet cannot hold;
    ``advice``: what the user can do instead (a sentence), added to the message."""
    needed = document_rows(table)
    if needed > MAX_SHEET_ROWS:
        raise WorkbookLimitError(
            f"Trang «{name}» cần {format_number(needed)} dòng ({format_number(len(table.rows))} dòng của bảng, "
            f"cùng tiêu đề và chữ ký), quá {format_number(MAX_SHEET_ROWS)} dòng một trang Excel chứa được: "
            f"không ghi tệp.{' ' + advice if advice else ''}"
        )


def write_document(  # noqa: C901
    book: Workbook,
    formats: Formats,
    name: str,
    heading: Heading,
    table: Table,
    signature: Signature,
    *,
    landscape: bool = True,
    filters: bool = False,
) -> Worksheet:
    """One sheet laid out as an official document; returns it. Refused (`check_fits`) before the
    sheet is added if it would not fit in one Excel sheet."""
    check_fits(name, table)
    sheet = book.add_worksheet(name, worksheet_class=DocumentWorksheet)
    width = len(table.columns)
    left = max(1, min(3, width // 3))  # columns for the authority block
    right_first = max(left + 1, width - max(4, width // 2))
    checked_merge(sheet, 0, 0, 0, left - 1, heading.authority, formats.authority)
    checked_merge(sheet, 0, right_first, 0, width - 1, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", formats.nation)
    checked_merge(sheet, 1, right_first, 1, width - 1, "Độc lập - Tự do - Hạnh phúc", formats.motto)
    if heading.form:
        checked_merge(sheet, 2, right_first, 2, width - 1, heading.form, formats.form)
    checked_merge(sheet, 4, 0, 4, width - 1, heading.title, formats.title)
    checked(sheet.set_row(4, 36), sheet, 4, 0)
    if heading.subtitle:
        checked_merge(sheet, 5, 0, 5, width - 1, heading.subtitle, formats.subtitle)

    header_row = 7
    if table.groups:
        # group headers wrap onto two lines in narrow spans
        checked(sheet.set_row(header_row, 30), sheet, header_row, 0)
        covered: set[int] = set()
        for text, first, last in table.groups:
            if first == last:
                checked(sheet.write_string(header_row, first, text, formats.header), sheet, header_row, first, text)
            else:
                checked_merge(sheet, header_row, first, header_row, last, text, formats.header)
            covered.update(range(first, last + 1))
        # Row by row, as constant_memory mode needs (the merge uses it: a row is final once the next
        # begins): the columns without a group span both header rows, their text in the first.
        for index, column in enumerate(table.columns):
            if index not in covered:
                sheet.merge.append([header_row, index, header_row + 1, index])  # what merge_range records
                checked(sheet.write_string(header_row, index, column.header, formats.header), sheet, header_row, index)
        for index, column in enumerate(table.columns):
            if index in covered:
                write_cell(sheet, header_row + 1, index, column.header, formats.header)
            else:
                write_cell(sheet, header_row + 1, index, None, formats.header)
        last_header = header_row + 1
    else:
        for index, column in enumerate(table.columns):
            write_cell(sheet, header_row, index, column.header, formats.header)
        last_header = header_row
    # Row heights are not measured by Excel when it opens a file: give the header the lines its
    # longest wrapped text needs (about one line per column width of characters).
    lines = max(
        (
            math.ceil(len(part) / max(column.width - 1, 1))
            for column in table.columns
            for part in column.header.split("\n")
        ),
        default=1,
    ) + max((column.header.count("\n") for column in table.columns), default=0)
    checked(sheet.set_row(last_header, 15 * max(lines, 2) + 4), sheet, last_header, 0)
    for index, column in enumerate(table.columns):
        checked(sheet.set_column(index, index, column.width), sheet, 0, index)

    first_data = last_header + 1
    # The hot loop of an export (hundreds of thousands of cells): bound methods and one format per
    # column looked up once, and no cell written for an empty value — the table's borders reach the
    # empty cells through one conditional format below instead of a bordered blank cell each.
    write_string, write_number = sheet.write_string, sheet.write_number
    plain = [formats.plain[column.kind] for column in table.columns]
    bold = [formats.bold[column.kind] for column in table.columns]
    italic = [formats.italic[column.kind] for column in table.columns]
    for offset, values in enumerate(table.rows):
        row = first_data + offset
        style = bold if offset in table.bold_rows else italic if offset in table.italic_rows else plain
        for index, value in enumerate(values[:width]):
            if isinstance(value, str):
                if value and write_string(row, index, value, style[index]):  # never a formula
                    _failed(sheet, row, index, value, -2)
            elif value is not None and write_number(row, index, value, style[index]):
                _failed(sheet, row, index, value, -1)
    if table.fit_rows:
        for offset, values in enumerate(table.rows):
            height = max(
                (
                    wrapped_lines(v, c.width)
                    for v, c in zip(values, table.columns, strict=False)
                    if isinstance(v, str) and v
                ),
                default=1,
            )
            if height > 1:  # Excel and LibreOffice do not grow rows with wrapped text written by a program
                checked(sheet.set_row(first_data + offset, 15 * height + 2), sheet, first_data + offset, 0)
    last_data = first_data + max(len(table.rows), 1) - 1
    # Empty cells of the table (a member's line under the head's, a line of a multi-line row) are
    # bordered like the others: printed the same, without writing them.
    checked(
        sheet.conditional_format(first_data, 0, last_data, width - 1, {"type": "blanks", "format": formats.border}),
        sheet,
        last_data,
        width - 1,
    )

    # the notes under the table, from its second row below (as `merge.visible.expected_rows` reads them)
    for offset, note in enumerate(table.notes):
        note_row = last_data + 2 + offset
        checked_merge(sheet, note_row, 0, note_row, width - 1, note, formats.note)
        lines = math.ceil(len(note) / max(sum(c.width for c in table.columns), 1))  # wrapped in the merged cell
        checked(sheet.set_row(note_row, 15 * max(lines, 1) + 4), sheet, note_row, 0)
    signature_row = last_data + 2 + (len(table.notes) + 1 if table.notes else 0)
    day = signature.day
    date_text = (
        f"{heading.place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"
        if day
        else f"{heading.place}, ngày …… tháng …… năm ……"
    )
    checked_merge(sheet, signature_row, right_first, signature_row, width - 1, date_text, formats.date)
    checked_merge(sheet, signature_row + 1, 0, signature_row + 1, left - 1, signature.left_title, formats.sign_title)
    checked_merge(
        sheet, signature_row + 1, right_first, signature_row + 1, width - 1, signature.right_title, formats.sign_title
    )
    checked_merge(sheet, signature_row + 2, 0, signature_row + 2, left - 1, "(Ký, ghi rõ họ tên)", formats.sign_note)
    checked_merge(
        sheet, signature_row + 2, right_first, signature_row + 2, width - 1, "(Ký tên, đóng dấu)", formats.sign_note
    )
    checked_merge(sheet, signature_row + 6, 0, signature_row + 6, left - 1, signature.left_name, formats.sign_name)
    checked_merge(
        sheet, signature_row + 6, right_first, signature_row + 6, width - 1, signature.right_name, formats.sign_name
    )

    # Print: A4, landscape where wide, fit to one page wide, header rows on every page.
    sheet.set_paper(9)
    if landscape:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(header_row, last_header)
    sheet.set_footer('&C&"Times New Roman"Trang &P/&N')
    sheet.freeze_panes(first_data, 0)
    if filters and table.rows:
        checked(sheet.autofilter(last_header, 0, last_data, width - 1), sheet, last_data, width - 1)
    checked(sheet.print_area(0, 0, signature_row + 6, width - 1), sheet, signature_row + 6, width - 1)
    return sheet


def sheet_part(name: str, number: int) -> str:
    """The name of a data sheet's ``number``-th part (from 1): ``name``, then ``name_2``, ``name_3`` …"""
    return name if number == 1 else f"{name}_{number}"


def sheet_parts(name: str, names: Sequence[str]) -> list[str]:
    """The parts of the logical data sheet ``name`` among a workbook's sheet ``names``, in order:
    ``name`` (if present), then ``name_2``, ``name_3`` … as long as they follow one another."""
    present = set(names)
    parts: list[str] = []
    while sheet_part(name, len(parts) + 1) in present:
        parts.append(sheet_part(name, len(parts) + 1))
    return parts


def data_sheet(book: Workbook, name: str, columns: Sequence[str], rows: Iterable[Sequence[Cell]]) -> list[Worksheet]:
    """A sheet for programs: one header row of stable column names, then plain values; returns its
    parts. More than `MAX_DATA_ROWS` rows continue on ``name_2``, ``name_3`` … (`sheet_part`),
    each with the same header row: one logical sheet, read back whole by `ranoat.excel.reader`.

    The cells are not handed to XlsxWriter one by one: each part is a `DataWorksheet`, which writes
    its rows' XML itself when the workbook is stored (docs/performance.md, "The data sheets'
    writer"). Each value is checked as its XML is made: a text longer than a cell holds, or a value
    that is not text, a finite number or empty, raises `WorkbookLimitError` from ``book.close()``
    (`atomic_workbook` then leaves no file and no temporary file behind)."""
    bold = book.add_format({"bold": True})
    bold_xf = bold._get_xf_index()  # registered now: XlsxWriter numbers the formats it saw used
    table = rows if isinstance(rows, Sequence) else list(rows)
    parts: list[Worksheet] = []
    for first in range(0, max(len(table), 1), MAX_DATA_ROWS):
        sheet = book.add_worksheet(sheet_part(name, len(parts) + 1), worksheet_class=DataWorksheet)
        assert isinstance(sheet, DataWorksheet)
        for index, column in enumerate(columns):
            checked(sheet.set_column(index, index, max(10, len(column) + 2)), sheet, 0, index)
        sheet.freeze_panes(1, 0)
        sheet.hide()  # for programs: hidden from printing and from casual editing, still readable
        sheet.set_data(columns, table, first, min(first + MAX_DATA_ROWS, len(table)), bold_xf)
        parts.append(sheet)
    return parts


_TEXT_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\s|\s$")
_ESCAPED_ESCAPE = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")


def inline_text(value: str) -> str:
    """The ``<is>`` element of a text cell, as XlsxWriter writes an inline string: control
    characters as ``_xHHHH_`` (a literal ``_xHHHH_`` with its underscore escaped), ``&<>``
    escaped, ``xml:space="preserve"`` for leading or trailing white space. Unlike XlsxWriter, a
    text that looks like rich-text XML (``<r>…</r>``) is escaped too: it is data, not markup."""
    if not _TEXT_SPECIAL.search(value):
        return f"<is><t>{value}</t></is>"
    value = _ESCAPED_ESCAPE.sub(r"_x005F\1", value)
    value = _CONTROL.sub(lambda match: f"_x{ord(match.group(1)):04X}_", value)
    value = value.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    preserve = ' xml:space="preserve"' if value[:1].isspace() or value[-1:].isspace() else ""
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<is><t{preserve}>{value}</t></is>"


def _data_failed(part: str, row: int, index: int, value: object, columns: Sequence[str]) -> NoReturn:
    """Raise for a value a data sheet cannot hold, at ``row`` (from 1, the header's row is 1)."""
    column = columns[index] if index < len(columns) else xl_col_to_name(index)
    where = f"trang «{part}», dòng {format_number(row)}, cột {column}"
    if isinstance(value, str):
        reason = (
            f"văn bản dài {format_number(cell_length(value))} ký tự, quá {format_number(CELL_TEXT_LIMIT)} ký tự "
            "một ô Excel chứa được"
        )
    else:
        reason = f"giá trị {value!r} không phải văn bản hay số ghi được vào ô Excel"
    raise WorkbookLimitError(f"Không ghi được {where}: {reason}. Tệp không được ghi.")


class DataWorksheet(Worksheet):  # type: ignore[misc]
    """A hidden sheet for programs whose rows XlsxWriter never holds as cells: its ``<sheetData>``
    is written straight from the rows when the workbook is stored — the same XML a constant-memory
    XlsxWriter sheet has (inline strings, numbers as ``%.16G``), about ten times faster. Only the
    cells are ours: the sheet's columns, panes, visibility and everything around them are XlsxWriter's."""

    def set_data(
        self, columns: Sequence[str], rows: Sequence[Sequence[Cell]], first: int, stop: int, bold: int
    ) -> None:
        """The part's header and rows ``rows[first:stop]`` (kept, not copied, until the file is stored);
        ``bold``: the header's format index. Outside constant-memory mode the texts go into the
        workbook's shared strings now, as XlsxWriter's cells do (its table is closed before any sheet
        is stored), and are checked now."""
        width = max(len(columns), max((len(rows[i]) for i in range(first, stop)), default=0))
        self._data = (tuple(columns), rows, first, stop, bold, width)
        self.dim_rowmin, self.dim_rowmax = 0, stop - first
        self.dim_colmin, self.dim_colmax = 0, max(width - 1, 0)
        self._shared: dict[str, int] = {}
        if self.constant_memory:
            return
        shared, known, half = self.str_table._get_shared_string_index, self._shared, CELL_TEXT_LIMIT // 2
        for column in columns:
            known[column] = shared(column)
        for number in range(first, stop):
            for index, value in enumerate(rows[number]):
                if isinstance(value, str) and value:
                    text = str(value)
                    if len(text) > half and cell_length(text) > CELL_TEXT_LIMIT:
                        _data_failed(self.name, number - first + 2, index, text, columns)
                    if not (text.startswith("<r>") and text.endswith("</r>")):  # the table would write it as markup
                        known[text] = shared(text)  # each occurrence counted, as XlsxWriter's cells are

    def _write_sheet_data(self) -> None:
        self._write_data()

    def _write_optimized_sheet_data(self) -> None:
        self._write_data()

    def _plain(self, value: object, row: int, index: int) -> Cell:
        """A value of a subclass (a `StrEnum`'s member, a bool) as the plain text or number it is."""
        if isinstance(value, str):
            return str(value)
        if isinstance(value, int):
            return int(value)
        if isinstance(value, float):
            return float(value)
        self._refuse(row, index, value)

    def _refuse(self, row: int, index: int, value: object) -> NoReturn:
        self.fh.close()  # the part's XML file, opened by XlsxWriter's packager: the write stops here
        _data_failed(self.name, row, index, value, self._data[0])

    def _drop_row_file(self) -> None:
        """constant_memory's row file: never used, the rows are ours."""
        handle, name = getattr(self, "row_data_fh", None), getattr(self, "row_data_filename", None)
        if handle is not None and not handle.closed:
            handle.close()
        if name:
            Path(name).unlink(missing_ok=True)

    def _text_writer(self) -> Callable[[str], str]:
        """A text cell's type attribute and content (the ``<c r="…" `` before it is the caller's)."""
        if self.constant_memory:  # inline strings, as XlsxWriter's constant-memory sheets have
            return lambda value: f't="inlineStr">{inline_text(value)}'
        shared = self._shared

        def text_xml(value: str) -> str:  # the workbook's shared strings (`set_data`), as XlsxWriter's cells
            index = shared.get(value)
            if index is None:  # a text XlsxWriter's table would take for rich-text markup: inline, escaped
                return f't="inlineStr">{inline_text(value)}'
            return f't="s"><v>{index}</v>'

        return text_xml

    def _write_data(self) -> None:
        self._drop_row_file()
        columns, rows, first, stop, bold, width = self._data
        write = self.fh.write
        letters = [xl_col_to_name(index) for index in range(width)]
        text_xml = self._text_writer()
        write("<sheetData>")
        header = "".join(
            f'<c r="{letter}1" s="{bold}" {text_xml(column)}</c>'
            for letter, column in zip(letters, columns, strict=False)
            if column
        )
        write(f'<row r="1">{header}</row>')
        texts: dict[str, str] = {}  # codes, categories, names repeat: each text's XML made once
        numbers: dict[object, str] = {}

        half = CELL_TEXT_LIMIT // 2  # no text this long or shorter is over the limit in UTF-16 units
        chunk: list[str] = []
        for number in range(first, stop):
            row = str(number - first + 2)
            cells = []
            for letter, value in zip(letters, rows[number], strict=False):
                kind = value.__class__
                if kind is not str and kind is not int and kind is not float and value is not None:
                    value = self._plain(value, int(row), letters.index(letter))
                    kind = value.__class__
                if kind is str:
                    if value:
                        xml = texts.get(value)  # type: ignore[arg-type]
                        if xml is None:
                            if len(value) > half and cell_length(value) > CELL_TEXT_LIMIT:  # type: ignore[arg-type]
                                self._refuse(int(row), letters.index(letter), value)
                            xml = texts[value] = text_xml(value)  # type: ignore[index,arg-type]
                        cells.append(f'<c r="{letter}{row}" {xml}</c>')
                elif value is not None:
                    text = numbers.get(value)
                    if text is None:
                        if kind is float and not math.isfinite(value):  # type: ignore[arg-type]
                            self._refuse(int(row), letters.index(letter), value)
                        text = numbers[value] = f"{value:.16G}"
                    cells.append(f'<c r="{letter}{row}"><v>{text}</v></c>')
            chunk.append(f'<row r="{row}">{"".join(cells)}</row>')
            if len(chunk) == 2000:
                write("".join(chunk))
                chunk.clear()
        write("".join(chunk))
        write("</sheetData>")


class DocumentWorksheet(Worksheet):  # type: ignore[misc]
    """An XlsxWriter sheet for people whose formatted text, number and blank cells are serialised by
    a shorter path than XlsxWriter's generic one (one escape test per text instead of two regular
    expressions, no attribute list per cell): byte for byte the same XML (tested). Everything else
    (cells without a format, rich strings, formulas, a text XlsxWriter takes for rich-text markup)
    goes through XlsxWriter's own `_write_cell`."""

    def _write_cell(self, row: int, col: int, cell: Any) -> None:
        fmt = cell.format
        kind = cell.__class__.__name__
        if fmt is None or kind not in _FAST_CELLS:
            super()._write_cell(row, col, cell)
            return
        where = f'<c r="{xl_rowcol_to_cell_fast(row, col)}" s="{fmt._get_xf_index()}"'
        if kind == "String":
            string = cell.string
            if not self.constant_memory:  # the shared string's index
                self.fh.write(f'{where} t="s"><v>{string}</v></c>')
            elif string.startswith("<r>") and string.endswith("</r>"):
                super()._write_cell(row, col, cell)
            else:
                self.fh.write(f'{where} t="inlineStr">{inline_text(string)}</c>')
        elif kind == "Number":
            self.fh.write(f"{where}><v>{cell.number:.16G}</v></c>")
        else:
            self.fh.write(f"{where}/>")


_FAST_CELLS = frozenset({"String", "Number", "Blank"})
