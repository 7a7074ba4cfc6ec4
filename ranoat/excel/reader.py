"""Reading an exchange workbook back, safely, and checking that it is intact.

Untrusted files: the size and the zip's uncompressed size are limited before anything is parsed,
openpyxl parses through defusedxml (XML bombs and external entities fail), and every way a broken
file can fail (not a zip, not a workbook, truncated, wrong sheets) becomes one `ExchangeError` with
a Vietnamese message naming the file (and the sheet and row where it applies).
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from ranoat.excel.exchange import FORMAT_NAME, FORMAT_VERSION, HOUSEHOLD_COLUMNS, MEMBER_COLUMNS, data_checksum

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 2 * 1024 * 1024 * 1024


class ExchangeError(Exception):
    """A workbook that cannot be used; the message is Vietnamese and names the file."""


@dataclass
class ExchangeWorkbook:
    path: Path
    metadata: dict[str, Any]
    households: list[tuple[Any, ...]]
    members: list[tuple[Any, ...]]


def _check_container(path: Path) -> None:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ExchangeError(f"Không đọc được tệp {path}: {exc.strerror}.") from exc
    if size > MAX_FILE_BYTES:
        raise ExchangeError(f"Tệp {path} quá lớn ({size // 1024 // 1024} MB) cho một sổ trao đổi của xã.")
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise ExchangeError(
            f"Tệp {path} không phải sổ Excel .xlsx hợp lệ (có thể bị hỏng, bị cắt cụt, hoặc là tệp .xls/CSV đổi tên)."
        ) from exc
    if unpacked > MAX_UNCOMPRESSED_BYTES:
        raise ExchangeError(f"Tệp {path} giải nén ra quá lớn: từ chối để tránh làm treo máy.")


def read_exchange(path: Path, *, verify: bool = True) -> ExchangeWorkbook:
    """Read the data sheets and metadata; with ``verify``, refuse a file whose data does not match
    its checksum, whose row counts disagree, or that comes from an unknown newer format version."""
    path = Path(path)
    _check_container(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, KeyError, ValueError, zlib.error, ParseError, zipfile.BadZipFile, OSError) as exc:
        raise ExchangeError(f"Tệp {path} không phải sổ trao đổi của Ranoat ({exc.__class__.__name__}).") from exc
    try:
        missing = [name for name in ("metadata", "data_households", "data_members") if name not in book.sheetnames]
        if missing:
            raise ExchangeError(f"Tệp {path} không phải sổ trao đổi của Ranoat: thiếu trang {', '.join(missing)}.")
        metadata = {
            str(row[0]): row[1] for row in book["metadata"].iter_rows(min_row=2, values_only=True) if row and row[0]
        }
        households = _rows(path, book, "data_households", HOUSEHOLD_COLUMNS)
        members = _rows(path, book, "data_members", MEMBER_COLUMNS)
    except (zlib.error, ParseError, zipfile.BadZipFile, KeyError, EOFError) as exc:
        raise ExchangeError(f"Tệp {path} bị hỏng hoặc bị cắt cụt ({exc.__class__.__name__}).") from exc
    finally:
        book.close()
    if metadata.get("format") != FORMAT_NAME:
        raise ExchangeError(f"Tệp {path}, trang metadata: không phải sổ trao đổi của Ranoat.")
    version = metadata.get("format_version")
    if not isinstance(version, (int, float)) or int(version) > FORMAT_VERSION:
        raise ExchangeError(
            f"Tệp {path} theo định dạng phiên bản {version}, mới hơn phiên bản Ranoat này đọc được "
            f"({FORMAT_VERSION}): hãy cập nhật Ranoat."
        )
    if verify:
        for key, rows in (("household_rows", households), ("member_rows", members)):
            expected = metadata.get(key)
            if not isinstance(expected, (int, float)) or int(expected) != len(rows):
                raise ExchangeError(
                    f"Tệp {path}: số dòng dữ liệu ({len(rows)}) khác số ghi trong metadata ({expected}) — "
                    "tệp bị cắt bớt hoặc bị sửa tay."
                )
        if data_checksum(households, members) != metadata.get("data_sha256"):
            raise ExchangeError(f"Tệp {path}: dữ liệu không khớp mã kiểm tra SHA-256 — tệp đã bị sửa tay sau khi xuất.")
    return ExchangeWorkbook(path, metadata, households, members)


def _rows(path: Path, book: Any, name: str, columns: tuple[str, ...]) -> list[tuple[Any, ...]]:
    sheet = book[name]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None or tuple(header[: len(columns)]) != columns:
        raise ExchangeError(f"Tệp {path}, trang {name}, dòng 1: tên cột không đúng định dạng trao đổi.")
    result = []
    for values in rows:
        row = tuple(values[: len(columns)]) + (None,) * max(0, len(columns) - len(values))
        if all(v is None for v in row):
            continue
        result.append(row)
    return result
