"""Reading an exchange workbook (a commune's, or a merged one) back, safely, and checking that it is intact.

Untrusted files: the file's size and the zip's uncompressed size are limited before anything is
parsed; the data sheets are read with calamine (a Rust parser that expands no XML entities, so an
entity bomb yields nothing; notes/stack-facts.md), seven to ten times faster than openpyxl on these
sheets. Every way a broken file can fail (not a zip, not a workbook, truncated, wrong sheets, edited
by hand) becomes one `ExchangeError` with a Vietnamese message naming the file (and the sheet and
row where it applies) and a stable `code` for programs (`ranoat merge --json`).
"""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook

from ranoat.excel.document import sheet_parts
from ranoat.excel.exchange import FORMAT_NAME, FORMAT_VERSION, HOUSEHOLD_COLUMNS, MEMBER_COLUMNS, data_checksum
from ranoat.excel.merged import (
    COMMUNE_COLUMNS,
    MERGED_FORMAT_NAME,
    MERGED_FORMAT_VERSION,
    MERGED_HOUSEHOLD_COLUMNS,
    MERGED_MEMBER_COLUMNS,
    merged_checksum,
)

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 2 * 1024 * 1024 * 1024


class RejectCode(StrEnum):
    """Why a workbook cannot be used (stable, for programs)."""

    UNREADABLE = "unreadable"  # cannot be opened at all
    TOO_LARGE = "too_large"
    NOT_WORKBOOK = "not_workbook"  # not an .xlsx: a CSV, an old .xls, a truncated zip
    NOT_EXCHANGE = "not_exchange"  # a workbook, but not one Ranoat wrote
    DAMAGED = "damaged"  # a sheet cannot be parsed
    NEWER_VERSION = "newer_version"
    ROW_COUNT = "row_count"  # rows missing or added since the export
    CHECKSUM = "checksum"  # data edited since the export


class ExchangeError(Exception):
    """A workbook that cannot be used; the message is Vietnamese and names the file."""

    def __init__(self, message: str, code: RejectCode = RejectCode.NOT_EXCHANGE) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class ExchangeWorkbook:
    """A commune's workbook (``communes`` empty; rows in the v1 columns), or a merged workbook
    (``communes``: one dict per merged commune; rows led by their ``commune_code``)."""

    path: Path
    metadata: dict[str, Any]
    households: list[tuple[Any, ...]]
    members: list[tuple[Any, ...]]
    communes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def merged(self) -> bool:
        return self.metadata.get("format") == MERGED_FORMAT_NAME


def _check_container(path: Path, *, kind: str = "một sổ trao đổi của xã") -> int:
    """Refuse a file too large for ``kind`` (what it should be, in the message) or not a zip, before
    any parsing; the size its members unpack to."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ExchangeError(f"Không đọc được tệp {path}: {exc.strerror}.", RejectCode.UNREADABLE) from exc
    if size > MAX_FILE_BYTES:
        raise ExchangeError(f"Tệp {path} quá lớn ({size // 1024 // 1024} MB) cho {kind}.", RejectCode.TOO_LARGE)
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise ExchangeError(
            f"Tệp {path} không phải sổ Excel .xlsx hợp lệ (có thể bị hỏng, bị cắt cụt, hoặc là tệp .xls/CSV đổi tên).",
            RejectCode.NOT_WORKBOOK,
        ) from exc
    if unpacked > MAX_UNCOMPRESSED_BYTES:
        raise ExchangeError(f"Tệp {path} giải nén ra quá lớn: từ chối để tránh làm treo máy.", RejectCode.TOO_LARGE)
    return unpacked


def _cell(value: Any) -> Any:
    """calamine gives "" for an empty cell and floats for numbers: None and ints where whole. Ranoat
    writes only text and numbers; a date, time or yes/no cell (a file edited or made elsewhere)
    becomes text or 1/0, never a value the merge cannot write back."""
    if value == "":
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (str, int, float)):
        return value
    if isinstance(value, (dt.date, dt.time)):  # datetime is a date
        return value.isoformat()
    return str(value)


class _Cells(dict[Any, Any]):
    """Each distinct cell value converted once (`_cell`) and shared by every row that has it."""

    def __missing__(self, key: Any) -> Any:
        value = self[key] = _cell(key)
        return value


def read_exchange(path: Path, *, verify: bool = True) -> ExchangeWorkbook:
    """Read the data sheets and metadata; with ``verify``, refuse a file whose data does not match
    its checksum, whose row counts disagree, or that comes from an unknown newer format version."""
    path = Path(path)
    _check_container(path)
    try:
        book = CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as exc:
        raise ExchangeError(
            f"Tệp {path} không phải sổ Excel .xlsx hợp lệ ({exc.__class__.__name__}).", RejectCode.NOT_WORKBOOK
        ) from exc
    try:
        if "metadata" not in book.sheet_names:
            raise ExchangeError(f"Tệp {path} không phải sổ trao đổi của Ranoat: thiếu trang metadata.")
        metadata = {str(row[0]): _cell(row[1]) for row in _sheet(path, book, "metadata")[1:] if len(row) > 1 and row[0]}
        kind = metadata.get("format")
        household_columns: tuple[str, ...]
        member_columns: tuple[str, ...]
        if kind == MERGED_FORMAT_NAME:
            household_columns, member_columns, known = (
                MERGED_HOUSEHOLD_COLUMNS,
                MERGED_MEMBER_COLUMNS,
                MERGED_FORMAT_VERSION,
            )
        elif kind == FORMAT_NAME:
            household_columns, member_columns, known = HOUSEHOLD_COLUMNS, MEMBER_COLUMNS, FORMAT_VERSION
        else:
            raise ExchangeError(f"Tệp {path}, trang metadata: không phải sổ trao đổi của Ranoat.")
        version = metadata.get("format_version")
        if not isinstance(version, (int, float)) or int(version) > known:
            raise ExchangeError(
                f"Tệp {path} theo định dạng phiên bản {version}, mới hơn phiên bản Ranoat này đọc được ({known}): "
                "hãy cập nhật Ranoat.",
                RejectCode.NEWER_VERSION,
            )
        missing = [name for name in ("data_households", "data_members") if name not in book.sheet_names]
        if kind == MERGED_FORMAT_NAME and "data_communes" not in book.sheet_names:
            missing.insert(0, "data_communes")
        if missing:
            raise ExchangeError(f"Tệp {path} không phải sổ trao đổi của Ranoat: thiếu trang {', '.join(missing)}.")
        households = _rows(path, book, "data_households", household_columns)
        members = _rows(path, book, "data_members", member_columns)
        commune_rows = _rows(path, book, "data_communes", COMMUNE_COLUMNS) if kind == MERGED_FORMAT_NAME else []
    finally:
        book.close()
    if verify:
        counts: list[tuple[str, int]] = [("household_rows", len(households)), ("member_rows", len(members))]
        if kind == MERGED_FORMAT_NAME:
            counts.insert(0, ("commune_rows", len(commune_rows)))
        for key, found in counts:
            expected = metadata.get(key)
            if not isinstance(expected, (int, float)) or int(expected) != found:
                raise ExchangeError(
                    f"Tệp {path}: số dòng dữ liệu ({found}) khác số ghi trong metadata ({expected}) — "
                    "tệp bị cắt bớt hoặc bị sửa tay.",
                    RejectCode.ROW_COUNT,
                )
        if kind == MERGED_FORMAT_NAME:
            checksum = merged_checksum(commune_rows, households, members)
        else:
            checksum = data_checksum(households, members)
        if checksum != metadata.get("data_sha256"):
            raise ExchangeError(
                f"Tệp {path}: dữ liệu không khớp mã kiểm tra SHA-256 — tệp đã bị sửa tay sau khi xuất.",
                RejectCode.CHECKSUM,
            )
    communes = [dict(zip(COMMUNE_COLUMNS, row, strict=True)) for row in commune_rows]
    return ExchangeWorkbook(path, metadata, households, members, communes)


def _sheet(path: Path, book: CalamineWorkbook, name: str) -> list[list[Any]]:
    try:
        rows: list[list[Any]] = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except (CalamineError, ValueError, OSError) as exc:
        raise ExchangeError(
            f"Tệp {path}, trang {name}: bị hỏng hoặc bị cắt cụt ({exc.__class__.__name__}).", RejectCode.DAMAGED
        ) from exc
    return rows


def _rows(path: Path, book: CalamineWorkbook, name: str, columns: tuple[str, ...]) -> list[tuple[Any, ...]]:
    """The rows of the logical data sheet ``name``: its parts ``name``, ``name_2`` … (a sheet longer
    than Excel's rows continues on the next, `document.data_sheet`) one after the other."""
    width = len(columns)
    result = []
    convert = _Cells().__getitem__  # one object per distinct value: "rural", "head", "01" … repeat on every row
    for part in sheet_parts(name, book.sheet_names):
        raw = _sheet(path, book, part)
        if not raw or tuple(raw[0][:width]) != columns:
            raise ExchangeError(f"Tệp {path}, trang {part}, dòng 1: tên cột không đúng định dạng trao đổi.")
        for values in raw[1:]:
            row = tuple(map(convert, values[:width]))
            if len(row) < width:
                row += (None,) * (width - len(row))
            if all(v is None for v in row):
                continue
            result.append(row)
        del raw  # one part's cells at a time
    return result
