"""Reading one sheet of an untrusted workbook, safely, into a grid of plain values.

- The container is checked before parsing (size, uncompressed size: `ranoat.excel.reader`), and
  openpyxl parses through defusedxml (XML bombs and external entities fail).
- The sheet is streamed in read-only mode (a few MB of memory for tens of thousands of rows) with
  at most `MAX_ROWS` rows and `MAX_COLUMNS` columns; the merged ranges, which read-only mode does
  not expose, are taken from the same parse (they follow the cells in the sheet's XML).
- Merged cells are filled from their top-left cell: a header merged across columns gives each
  column its group label; a value merged down a household's rows is repeated on each row.
- Text is converted from TCVN3/VNI where the sheet is in a legacy encoding, then NFC with one
  tone placement (`legacy`); each conversion is kept for the preview (before → after).
"""

from __future__ import annotations

import datetime as dt
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._reader import WorkSheetParser

from ranoat.excel.bounds import SheetLimits
from ranoat.excel.reader import ExchangeError, check_container, os_reason, workbook_sheet_names
from ranoat.importing.legacy import TextEncoding, convert_cell, detect_encoding, is_tie

MAX_ROWS = 200_000
MAX_COLUMNS = 200
MAX_CELLS = 4_000_000  # rows × columns held in memory: a commune's list is well under a million
MAX_UNPACKED_BYTES = 400 * 1024 * 1024  # a list of tens of thousands of people unpacks to a few MB

Value = str | int | float | dt.date | dt.datetime | bool | None

# ElementTree's ParseError, or lxml's XMLSyntaxError once lxml is installed (docxtpl brings it and
# openpyxl then parses with it): both are SyntaxErrors.
ParseError = SyntaxError


class ImportFileError(Exception):
    """A file that cannot be read at all; the message is Vietnamese and names the file."""


@dataclass
class Grid:
    """One sheet's values: ``rows[0]`` is Excel row 1; every row has ``width`` cells."""

    path: Path
    sheet: str
    rows: list[list[Value]]
    width: int
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # min_row, min_col, max_row, max_col
    encoding: TextEncoding = TextEncoding.UNICODE
    converted: dict[tuple[int, int], tuple[str, str]] = field(default_factory=dict)  # (row, col) 1-based

    def value(self, row: int, column: int) -> Value:
        """The value at an Excel row and column (both from 1); None outside the sheet."""
        if 1 <= row <= len(self.rows) and 1 <= column <= self.width:
            return self.rows[row - 1][column - 1]
        return None


def column_letter(column: int) -> str:
    return get_column_letter(column)


def _open(path: Path) -> Any:
    try:  # the zip's directory read once, the size refused before any sheet is scanned
        check_container(
            path,
            kind="một danh sách hộ",
            limit=MAX_UNPACKED_BYTES,
            sheets=SheetLimits(cells=MAX_CELLS, rows=MAX_ROWS, what="một danh sách hộ của xã"),
        )
    except ExchangeError as exc:
        raise ImportFileError(str(exc)) from exc
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, KeyError, ValueError, TypeError, zlib.error, ParseError, zipfile.BadZipFile) as exc:
        raise ImportFileError(
            f"Tệp {path.name} không đọc được như một sổ Excel .xlsx ({exc.__class__.__name__})."
        ) from exc
    except OSError as exc:
        raise ImportFileError(f"Không đọc được tệp {path}: {os_reason(exc)}.") from exc


def sheet_names(path: Path) -> list[str]:
    """The worksheets of a workbook, in order (chart sheets are left out), from its table of
    contents alone: milliseconds whatever the sheets hold (`workbook_sheet_names`)."""
    try:
        return workbook_sheet_names(Path(path), kind="một danh sách hộ")
    except ExchangeError as exc:
        raise ImportFileError(str(exc)) from exc


def read_grid(path: Path, sheet: str | None = None) -> Grid:
    """Read a sheet (the first when ``sheet`` is None) into a `Grid`."""
    path = Path(path)
    book = _open(path)
    try:
        name = sheet if sheet is not None else book.sheetnames[0] if book.sheetnames else None
        if name is None or name not in book.sheetnames:
            raise ImportFileError(f"Tệp {path.name} không có trang “{sheet}”.")
        rows, merged = _parse(path, book, name)
    finally:
        book.close()
    width = min(MAX_COLUMNS, max((len(r) for r in rows), default=0))
    if width * len(rows) > MAX_CELLS:
        raise ImportFileError(
            f"Tệp {path.name}, trang “{name}”: {len(rows)} dòng × {width} cột là quá lớn cho một danh sách hộ."
        )
    for row in rows:
        del row[width:]
        row.extend([None] * (width - len(row)))
    grid = Grid(path, name, rows, width)
    _fill_merged(grid, merged)
    _convert_text(grid)
    return grid


def _parse(path: Path, book: Any, name: str) -> tuple[list[list[Value]], list[tuple[int, int, int, int]]]:
    worksheet = book[name]
    if not hasattr(worksheet, "_get_source"):
        raise ImportFileError(f"Tệp {path.name}, trang “{name}”: không phải trang dữ liệu (có thể là biểu đồ).")
    rows: list[list[Value]] = []
    try:
        # openpyxl's own read-only row parser, driven here so that the merged ranges that follow
        # the rows in the XML are kept (ReadOnlyWorksheet drops them).
        with worksheet._get_source() as source:
            parser = WorkSheetParser(
                source,
                worksheet._shared_strings,
                data_only=True,
                epoch=book.epoch,
                date_formats=book._date_formats,
                timedelta_formats=book._timedelta_formats,
            )
            for index, cells in parser.parse():
                if index > MAX_ROWS:
                    raise ImportFileError(
                        f"Tệp {path.name}, trang “{name}”: quá {f'{MAX_ROWS:,}'.replace(',', '.')} dòng "
                        "— không phải một danh sách hộ của xã."
                    )
                while len(rows) < index - 1:
                    rows.append([])
                values: list[Value] = []
                for cell in cells:
                    column = cell["column"]
                    if column > MAX_COLUMNS:
                        continue
                    values.extend([None] * (column - 1 - len(values)))
                    values.append(_plain(cell["value"]))
                rows.append(values)
            merged = []
            if parser.merged_cells is not None:
                for item in parser.merged_cells.mergeCell:
                    min_col, min_row, max_col, max_row = range_boundaries(item.ref)
                    if min_col is None or min_row is None or max_col is None or max_row is None:
                        continue
                    merged.append((min_row, min_col, min(max_row, len(rows)), min(max_col, MAX_COLUMNS)))
    except ImportFileError:
        raise
    except (KeyError, ValueError, TypeError, zlib.error, ParseError, zipfile.BadZipFile, EOFError, OSError) as exc:
        raise ImportFileError(
            f"Tệp {path.name}, trang “{name}”: bị hỏng hoặc bị cắt cụt ({exc.__class__.__name__})."
        ) from exc
    return rows, merged


def _plain(value: object) -> Value:
    if value is None or isinstance(value, (str, int, float, dt.date, bool)):
        return value
    if isinstance(value, dt.time):
        return value.isoformat()
    return str(value)  # timedelta, errors like #N/A come as text


def _fill_merged(grid: Grid, merged: list[tuple[int, int, int, int]]) -> None:
    for min_row, min_col, max_row, max_col in merged:
        if max_row < min_row or max_col < min_col or min_col > grid.width:
            continue
        top_left = grid.value(min_row, min_col)
        grid.merged.append((min_row, min_col, max_row, max_col))
        for row in range(min_row, max_row + 1):
            for column in range(min_col, min(max_col, grid.width) + 1):
                grid.rows[row - 1][column - 1] = top_left


def _convert_text(grid: Grid) -> None:  # noqa: C901
    """Convert the cells that read better converted. A cell that reads as well both ways ("Thò" is a
    word, and VNI for "Thị") is converted when its row has legacy text, or its column has and its row
    has no text that is certainly Unicode (a letter beyond Latin-1: ễ, ơ, đ)."""
    texts = [v for row in grid.rows for v in row if isinstance(v, str)]
    grid.encoding = detect_encoding(texts)
    if grid.encoding is TextEncoding.UNICODE:  # NFC and one tone placement only
        normalized: dict[str, str] = {}
        for row in grid.rows:
            for c, value in enumerate(row):
                if isinstance(value, str):
                    found = normalized.get(value)
                    if found is None:
                        found = normalized[value] = convert_cell(value, grid.encoding).strip()
                    row[c] = found
        return
    cache: dict[str, tuple[str, bool]] = {}
    ties: list[tuple[int, int, str]] = []
    legacy_rows: set[int] = set()
    legacy_columns: set[int] = set()
    unicode_rows: set[int] = set()
    for r, row in enumerate(grid.rows, start=1):
        for c, value in enumerate(row, start=1):
            if not isinstance(value, str):
                continue
            read = cache.get(value)
            if read is None:
                read = cache[value] = (
                    convert_cell(value, grid.encoding, on_tie=False).strip(),
                    is_tie(value, grid.encoding),
                )
            after, tie = read
            if tie:
                ties.append((r, c, value))
            elif any(ch > "\u00ff" for ch in value):
                unicode_rows.add(r)
            if after != value:
                row[c - 1] = after
                if after != " ".join(value.split()):
                    grid.converted[(r, c)] = (value, after)
                    if not tie:
                        legacy_rows.add(r)
                        legacy_columns.add(c)
    for r, c, original in ties:
        if r in legacy_rows or (c in legacy_columns and r not in unicode_rows):
            after = convert_cell(original, grid.encoding, on_tie=True).strip()
            grid.rows[r - 1][c - 1] = after
            if after != " ".join(original.split()):
                grid.converted[(r, c)] = (original, after)
