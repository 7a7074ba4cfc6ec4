"""Bounds checked on an untrusted .xlsx before any parser sees it (issue #16).

calamine sizes a sheet by the bounding box of its cells (and reserves room for the declared
``<dimension>``): one cell at XFD1048576 makes it allocate hundreds of GiB and abort the whole
process; one at ALL200000 takes gigabytes. The import fills every merged range cell by cell. So
each worksheet's XML is streamed once (a few MB of memory) and refused, with a Vietnamese message
naming the file and what is too big, when

- the zip lists more members than a workbook has (`MAX_ENTRIES`, read before `zipfile` builds them),
- the zip unpacks to much more than its size would allow for a real workbook (a zip bomb),
- a cell lies beyond ``MAX_COLUMN`` or the bounding box / declared dimension holds far more cells
  than the sheet has (``MAX_SPARSE_CELLS`` or ``SPARSE_FACTOR`` × the cells present),
- there are more than ``MAX_MERGED_RANGES`` merged ranges or they cover more than
  ``MAX_MERGED_CELLS`` cells.

The limits are documented in docs/reliability.md.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from openpyxl.utils import column_index_from_string

MAX_COLUMN = 1_000  # Ranoat's sheets are under 100 columns wide; a list of households under 200
MAX_SPARSE_CELLS = 2_000_000  # a bounding box this large is allowed whatever the sheet holds
SPARSE_FACTOR = 4  # beyond that, the box may hold at most this many times the cells present
MAX_MERGED_RANGES = 20_000
MAX_MERGED_CELLS = 4_000_000
MAX_RATIO = 100  # unpacked / packed; real exports are 5–30 (XML of numbers and short text)
RATIO_FLOOR_BYTES = 64 * 1024 * 1024  # small files may unpack to this whatever their ratio
CHUNK = 4 * 1024 * 1024
MAX_ENTRIES = 10_000  # members of the zip: a workbook of 30 sheets has under 100
MAX_DIRECTORY_BYTES = 4 * 1024 * 1024  # the zip's central directory (a few KB in a real workbook)

_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,4})([0-9]{1,9})"')
_CELL_START = re.compile(rb"<(?:\w+:)?c[ >/]")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\bref="([A-Z0-9:$]{1,40})"')
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]{1,4})([0-9]{1,9}):([A-Z]{1,4})([0-9]{1,9})"')
_REF = re.compile(r"([A-Z]{1,4})([0-9]{1,9})")


class BoundsError(Exception):
    """A workbook too large or too odd to parse safely; the message is Vietnamese and names the file."""


def _column(letters: bytes | str) -> int:
    text = letters.decode() if isinstance(letters, bytes) else letters
    try:
        return column_index_from_string(text)
    except ValueError:
        return 10**9


def _number(value: int) -> str:
    """1.234.567: the thousands separated as Vietnamese writes them."""
    return f"{value:,}".replace(",", ".")


def check_directory(path: Path) -> None:
    """Refuse a zip whose central directory lists more members than a workbook has, before
    `zipfile` builds an object for each (a 50 MB file may list a million). The count and size are
    read from the end-of-directory record; a file without one is left to `zipfile` to refuse."""
    with open(path, "rb") as stream:
        size = stream.seek(0, 2)
        tail = min(size, 22 + 65_535)  # the record, and the longest comment a zip may have after it
        stream.seek(size - tail)
        data = stream.read(tail)
    at = data.rfind(b"PK\x05\x06")
    if at < 0 or len(data) < at + 22:
        return
    entries = int.from_bytes(data[at + 10 : at + 12], "little")
    directory = int.from_bytes(data[at + 12 : at + 16], "little")
    if entries > MAX_ENTRIES or directory > MAX_DIRECTORY_BYTES:
        raise BoundsError(
            f"Tệp {path.name} chứa {_number(entries)} thành phần nén (một sổ Excel có dưới {_number(MAX_ENTRIES)}): "
            "không phải sổ Excel thật, từ chối để tránh làm treo máy."
        )


def check_unpacked(path: Path, packed: int, unpacked: int, *, limit: int) -> None:
    allowed = min(limit, max(RATIO_FLOOR_BYTES, packed * MAX_RATIO))
    if unpacked > allowed:
        raise BoundsError(
            f"Tệp {path.name} nén {packed // 1024} KB nhưng giải nén ra {unpacked // 1024 // 1024} MB "
            f"(giới hạn {allowed // 1024 // 1024} MB): có thể là “bom nén”, từ chối để tránh làm treo máy."
        )


@dataclass(frozen=True)
class SheetLimits:
    """What one sheet may hold beyond the bounds above, for a reader that holds it all: the import
    of a commune's list or workbook (the merge reads a province's workbooks and sets none). Checked
    while the sheet is streamed, so a large sheet is refused as soon as it passes them."""

    cells: int | None = None
    rows: int | None = None
    what: str = "một danh sách hộ của xã"


def check_sheets(path: Path, archive: zipfile.ZipFile, limits: SheetLimits | None = None) -> tuple[str, int]:
    """Stream each worksheet of ``archive`` and refuse one beyond the bounds above (and ``limits``);
    the largest sheet's part name and its number of cells."""
    largest = ("", 0)
    for info in archive.infolist():
        name = info.filename
        if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
            continue
        cells = _check_sheet(path, archive, info, limits or SheetLimits())
        if cells > largest[1]:
            largest = (name.rsplit("/", 1)[-1], cells)
    return largest


def _check_limits(path: Path, sheet: str, limits: SheetLimits, cells: int, max_row: int) -> None:
    if limits.rows is not None and max_row > limits.rows:
        raise BoundsError(
            f"Tệp {path.name}, trang {sheet}: quá {_number(limits.rows)} dòng — quá lớn cho {limits.what}."
        )
    if limits.cells is not None and cells > limits.cells:
        raise BoundsError(
            f"Tệp {path.name}, trang {sheet}: quá {_number(limits.cells)} ô có nội dung — quá lớn cho {limits.what}."
        )


def _check_sheet(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: SheetLimits) -> int:
    sheet = info.filename.rsplit("/", 1)[-1]
    max_row = max_col = cells = 0
    merged_ranges = merged_cells = 0
    declared = 0
    tail = b""
    with archive.open(info) as stream:
        while True:
            chunk = stream.read(CHUNK)
            if not chunk:
                break
            data = tail + chunk
            cut = max(0, len(data) - 512)
            cut = data.rfind(b"<", 0, cut + 1) if cut else 0
            if cut <= 0:
                cut = len(data) if len(chunk) < CHUNK else max(0, len(data) - 512)
            body, tail = data[:cut], data[cut:]
            _scan = _scan_body(body)
            cells += _scan[0]
            max_row, max_col = max(max_row, _scan[1]), max(max_col, _scan[2])
            for a, r1, b, r2 in _MERGE.findall(body):
                merged_ranges += 1
                width = max(0, min(_column(b), MAX_COLUMN) - _column(a) + 1)
                merged_cells += width * max(0, int(r2) - int(r1) + 1)
            if not declared:
                found = _DIMENSION.search(body)
                if found:
                    declared = _area(found.group(1).decode())
            if max_col > MAX_COLUMN:
                raise BoundsError(
                    f"Tệp {path.name}, trang {sheet}: có ô ở cột thứ {_number(max_col)}, quá giới hạn "
                    f"{MAX_COLUMN} cột — tệp không phải một danh sách hay sổ trao đổi thật."
                )
            _check_limits(path, sheet, limits, cells, max_row)
        if tail:
            _scan = _scan_body(tail)
            cells += _scan[0]
            max_row, max_col = max(max_row, _scan[1]), max(max_col, _scan[2])
    _check_limits(path, sheet, limits, cells, max_row)
    allowed = max(MAX_SPARSE_CELLS, SPARSE_FACTOR * cells)
    if max_col > MAX_COLUMN:
        raise BoundsError(f"Tệp {path.name}, trang {sheet}: có ô ở cột thứ {max_col}, quá giới hạn {MAX_COLUMN} cột.")
    if max_row * max_col > allowed or declared > allowed:
        box = max(max_row * max_col, declared)
        raise BoundsError(
            f"Tệp {path.name}, trang {sheet}: vùng dữ liệu {_number(box)} ô mà chỉ có {_number(cells)} ô có nội "
            "dung — quá lớn để đọc an toàn; hãy xoá các ô thừa ở xa (hoặc lưu lại tệp từ Excel) rồi thử lại."
        )
    if merged_ranges > MAX_MERGED_RANGES or merged_cells > MAX_MERGED_CELLS:
        raise BoundsError(
            f"Tệp {path.name}, trang {sheet}: {_number(merged_ranges)} vùng gộp ô phủ {_number(merged_cells)} ô "
            "— quá nhiều để đọc an toàn; hãy bỏ gộp ô (Merge) rồi thử lại."
        )
    return cells


def _scan_body(body: bytes) -> tuple[int, int, int]:
    cells = len(_CELL_START.findall(body))
    max_row = max_col = 0
    columns: set[bytes] = set()
    for letters, row in _CELL.findall(body):
        columns.add(letters)
        if len(row) >= 7 or int(row) > max_row:
            max_row = max(max_row, int(row))
    if columns:
        max_col = max(_column(c) for c in columns)
    return cells, max_row, max_col


def _area(ref: str) -> int:
    found = _REF.findall(ref.replace("$", ""))
    if len(found) != 2:
        return 0
    (a, r1), (b, r2) = found
    return max(0, _column(b) - _column(a) + 1) * max(0, int(r2) - int(r1) + 1)


BAD_ZIP = (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError, ValueError)
