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
import errno
import zipfile
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException, ElementTree  # type: ignore[import-untyped]
from python_calamine import CalamineError, CalamineWorkbook

from ranoat.excel.bounds import BAD_ZIP, BoundsError, SheetLimits, check_directory, check_sheets, check_unpacked
from ranoat.excel.document import sheet_parts
from ranoat.excel.exchange import FORMAT_NAME, FORMAT_VERSION, checksum_v2, data_checksum
from ranoat.excel.merged import MERGED_FORMAT_NAME, MERGED_FORMAT_VERSION, commune_columns, merged_checksum
from ranoat.excel.rows import SHEETS_BY_NAME, sheets_of
from ranoat.excel.validate import InvalidDataError, validate

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 2 * 1024 * 1024 * 1024
# One commune's workbook, imported: a town of 100,000 people has 1.3 million cells on data_members
COMMUNE_SHEETS = SheetLimits(cells=2_000_000, what="sổ trao đổi của một xã")


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
    INVALID_VALUE = "invalid_value"  # a value Ranoat never writes: an unknown code, a wrong type
    INVALID_REFERENCE = "invalid_reference"  # a row of no household, village or round; a code twice


class ExchangeError(Exception):
    """A workbook that cannot be used; the message is Vietnamese and names the file."""

    def __init__(self, message: str, code: RejectCode = RejectCode.NOT_EXCHANGE) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class ExchangeWorkbook:
    """A commune's workbook (``communes`` empty; rows as the typed records of `ranoat.excel.rows`,
    a v1 file's v2 columns empty), or a merged workbook (``communes``: one dict per merged commune;
    rows are tuples led by their ``commune_code``). ``sheets``: the data sheets beyond households
    and members (v2: villages, officers, rounds, round entries, surveys, meetings, complaints;
    empty for a v1 file)."""

    path: Path
    metadata: dict[str, Any]
    households: list[Any]
    members: list[Any]
    communes: list[dict[str, Any]] = field(default_factory=list)
    sheets: dict[str, list[Any]] = field(default_factory=dict)

    @property
    def merged(self) -> bool:
        return self.metadata.get("format") == MERGED_FORMAT_NAME


def os_reason(exc: OSError) -> str:
    """Why a file cannot be opened, in Vietnamese, for the errors a file given by name meets."""
    if exc.errno == errno.ELOOP:
        return "tên tệp là một liên kết tượng trưng (symlink) trỏ vòng về chính nó — hãy chọn tệp thật"
    if exc.errno == errno.ENOENT:
        return "không có tệp này (hoặc liên kết trỏ tới tệp đã bị xoá)"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "không có quyền đọc — hãy chép tệp vào thư mục của mình hoặc xin quyền đọc"
    if exc.errno == errno.EISDIR:
        return "đây là một thư mục, không phải tệp"
    return str(exc.strerror or exc)


def open_calamine(path: Path) -> CalamineWorkbook:
    """calamine's workbook of ``path``. A name that is not UTF-8 (bytes a Linux file system keeps
    as they are, which Python holds as surrogates) cannot reach calamine's path: the file is
    opened here and handed over as a file object."""
    name = str(path)
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        with open(path, "rb") as stream:
            return CalamineWorkbook.from_filelike(stream)
    return CalamineWorkbook.from_path(name)


def check_container(
    path: Path,
    *,
    kind: str = "một sổ trao đổi của xã",
    limit: int = MAX_UNCOMPRESSED_BYTES,
    sheets: SheetLimits | None = None,
) -> int:
    """Refuse a file too large for ``kind`` (what it should be, in the message; ``limit``: the most
    it may unpack to; ``sheets``: what each sheet may hold) or not a zip, before any parsing; the
    size its members unpack to."""
    return _check_container(path, kind=kind, limit=limit, sheets=sheets)[0]


def _file_size(path: Path, kind: str) -> int:
    """The file's size, refused when it cannot be read or is larger than any ``kind`` Ranoat reads."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ExchangeError(f"Không đọc được tệp {path}: {os_reason(exc)}.", RejectCode.UNREADABLE) from exc
    if size > MAX_FILE_BYTES:
        raise ExchangeError(f"Tệp {path} quá lớn ({size // 1024 // 1024} MB) cho {kind}.", RejectCode.TOO_LARGE)
    return size


def _check_container(path: Path, *, kind: str, limit: int, sheets: SheetLimits | None) -> tuple[int, tuple[str, int]]:
    """`check_container`, and the largest sheet's part name and cells (`check_sheets`)."""
    size = _file_size(path, kind)
    try:
        check_directory(path)
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > limit:
                raise ExchangeError(
                    f"Tệp {path} giải nén ra {unpacked // 1024 // 1024} MB, quá lớn cho {kind} "
                    f"(giới hạn {limit // 1024 // 1024} MB): từ chối để tránh làm treo máy.",
                    RejectCode.TOO_LARGE,
                )
            check_unpacked(path, size, unpacked, limit=limit)
            largest = check_sheets(path, archive, sheets)  # bounds before calamine/openpyxl see the sheets (#16)
    except BoundsError as exc:
        raise ExchangeError(str(exc), RejectCode.TOO_LARGE) from exc
    except PermissionError as exc:
        raise ExchangeError(
            f"Không có quyền đọc tệp {path}: hãy chép tệp vào thư mục của mình hoặc xin quyền đọc.",
            RejectCode.UNREADABLE,
        ) from exc
    except (*BAD_ZIP, OSError) as exc:
        raise ExchangeError(
            f"Tệp {path} không phải sổ Excel .xlsx hợp lệ (có thể bị hỏng, bị cắt cụt, hoặc là tệp .xls/CSV đổi tên).",
            RejectCode.NOT_WORKBOOK,
        ) from exc
    return unpacked, largest


MAX_WORKBOOK_XML = 8 * 1024 * 1024  # xl/workbook.xml: the sheets' names (a few KB in a real workbook)
_RELATIONSHIPS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def workbook_sheet_names(path: Path, *, kind: str = "một sổ Excel") -> list[str]:
    """The worksheets of a workbook, in order (chart sheets left out), read from ``xl/workbook.xml``
    and its relationships alone: no sheet is opened, so this takes milliseconds whatever the
    sheets hold (`ranoat.operations.importing.is_exchange`, the import wizard's list of sheets).
    The zip's directory and unpacked size are checked first (`check_directory`, `check_unpacked`);
    the sheets themselves are bounded when they are read (`check_container`)."""
    size = _file_size(path, kind)
    not_workbook = ExchangeError(
        f"Tệp {path} không phải sổ Excel .xlsx hợp lệ (có thể bị hỏng, bị cắt cụt, hoặc là tệp .xls/CSV đổi tên).",
        RejectCode.NOT_WORKBOOK,
    )
    try:
        check_directory(path)
        with zipfile.ZipFile(path) as archive:
            check_unpacked(path, size, sum(i.file_size for i in archive.infolist()), limit=MAX_UNCOMPRESSED_BYTES)
            info = archive.getinfo("xl/workbook.xml")
            if info.file_size > MAX_WORKBOOK_XML:
                raise BoundsError(f"Tệp {path.name}: phần mục lục (xl/workbook.xml) quá lớn cho một sổ Excel thật.")
            with archive.open(info) as stream:
                workbook = ElementTree.fromstring(stream.read(MAX_WORKBOOK_XML + 1))
            kinds: dict[str, str] = {}
            if "xl/_rels/workbook.xml.rels" in archive.namelist():
                rels_info = archive.getinfo("xl/_rels/workbook.xml.rels")
                if rels_info.file_size <= MAX_WORKBOOK_XML:
                    with archive.open(rels_info) as stream:
                        rels = ElementTree.fromstring(stream.read(MAX_WORKBOOK_XML + 1))
                    kinds = {str(r.get("Id")): str(r.get("Type", "")) for r in rels}
    except BoundsError as exc:
        raise ExchangeError(str(exc), RejectCode.TOO_LARGE) from exc
    except PermissionError as exc:
        raise ExchangeError(f"Không đọc được tệp {path}: {os_reason(exc)}.", RejectCode.UNREADABLE) from exc
    except (*BAD_ZIP, KeyError, SyntaxError, DefusedXmlException, OSError) as exc:  # SyntaxError: ParseError
        raise not_workbook from exc
    names = []
    for sheet in workbook.iter():
        if sheet.tag.rsplit("}", 1)[-1] != "sheet" or sheet.get("name") is None:
            continue
        relation = kinds.get(str(sheet.get(_RELATIONSHIPS)), "")
        if not relation or relation.endswith("/worksheet"):
            names.append(str(sheet.get("name")))
    return names


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


def read_commune_exchange(path: Path) -> ExchangeWorkbook:
    """A commune's exchange workbook for the import: `read_exchange`, each sheet within `COMMUNE_SHEETS`."""
    return read_exchange(path, sheets=COMMUNE_SHEETS)


def _bounds_by_sheets(path: Path) -> SheetLimits | None:
    """One commune's workbook by its sheets (no data_communes): bounded as one while it is scanned."""
    return None if "data_communes" in workbook_sheet_names(path) else COMMUNE_SHEETS


def _check_commune_size(path: Path, largest: tuple[str, int], *, merged: bool) -> None:
    """A commune's workbook dressed up with a data_communes sheet: its largest sheet, once more."""
    limit = COMMUNE_SHEETS.cells or 0
    if not merged and largest[1] > limit:
        cells, most = (f"{n:,}".replace(",", ".") for n in (largest[1], limit))
        raise ExchangeError(
            f"Tệp {path}, trang {largest[0]}: {cells} ô có nội dung — quá lớn cho {COMMUNE_SHEETS.what} "
            f"(tối đa {most} ô mỗi trang).",
            RejectCode.TOO_LARGE,
        )


def read_exchange(path: Path, *, verify: bool = True, sheets: SheetLimits | None = None) -> ExchangeWorkbook:
    """Read the data sheets and metadata; with ``verify``, refuse a file whose data does not match
    its checksum, whose row counts disagree, that comes from an unknown newer format version, or
    that holds a value Ranoat never writes (`validate`: codes, types, references). ``sheets``: what
    each sheet may hold (the import of one commune's workbook: `COMMUNE_SHEETS`)."""
    path = Path(path)
    sheets = sheets or _bounds_by_sheets(path)
    _unpacked, largest = _check_container(
        path, kind="một sổ trao đổi của xã", limit=MAX_UNCOMPRESSED_BYTES, sheets=sheets
    )
    try:
        book = open_calamine(path)
    except (CalamineError, OSError, ValueError) as exc:
        raise ExchangeError(
            f"Tệp {path} không phải sổ Excel .xlsx hợp lệ ({exc.__class__.__name__}).", RejectCode.NOT_WORKBOOK
        ) from exc
    try:
        if "metadata" not in book.sheet_names:
            raise ExchangeError(f"Tệp {path} không phải sổ trao đổi của Ranoat: thiếu trang metadata.")
        metadata = {str(row[0]): _cell(row[1]) for row in _sheet(path, book, "metadata")[1:] if len(row) > 1 and row[0]}
        kind = metadata.get("format")
        if kind == MERGED_FORMAT_NAME:
            known = MERGED_FORMAT_VERSION
        elif kind == FORMAT_NAME:
            known = FORMAT_VERSION
        else:
            raise ExchangeError(f"Tệp {path}, trang metadata: không phải sổ trao đổi của Ranoat.")
        version = metadata.get("format_version")
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise ExchangeError(
                f"Tệp {path}, trang metadata, khoá format_version: giá trị “{version}” không phải số phiên bản.",
                RejectCode.INVALID_VALUE,
            )
        if version > known:
            raise ExchangeError(
                f"Tệp {path} theo định dạng phiên bản {version}, mới hơn phiên bản Ranoat này đọc được ({known}): "
                "hãy cập nhật Ranoat.",
                RejectCode.NEWER_VERSION,
            )
        merged = kind == MERGED_FORMAT_NAME
        _check_commune_size(path, largest, merged=merged)
        layout = _layout(merged, version)
        missing = [name for name, _, _ in layout if name not in book.sheet_names]
        if missing:
            raise ExchangeError(f"Tệp {path} không phải sổ trao đổi của Ranoat: thiếu trang {', '.join(missing)}.")
        read = {name: _rows(path, book, name, columns) for name, columns, _ in layout}
    finally:
        book.close()
    if verify:
        for name, _, count_key in layout:
            expected, found = metadata.get(count_key), len(read[name])
            if not isinstance(expected, (int, float)) or int(expected) != found:
                raise ExchangeError(
                    f"Tệp {path}, trang {name}: số dòng dữ liệu ({found}) khác số ghi trong metadata "
                    f"({count_key} = {expected}) — tệp bị cắt bớt hoặc bị sửa tay.",
                    RejectCode.ROW_COUNT,
                )
        if version == 1:
            if merged:
                checksum = merged_checksum(read["data_communes"], read["data_households"], read["data_members"])
            else:
                checksum = data_checksum(read["data_households"], read["data_members"])
        else:
            checksum = checksum_v2(metadata, [(name, read[name]) for name, _, _ in layout])
        if checksum != metadata.get("data_sha256"):
            raise ExchangeError(
                f"Tệp {path}: dữ liệu không khớp mã kiểm tra SHA-256 — tệp đã bị sửa tay sau khi xuất.",
                RejectCode.CHECKSUM,
            )
        try:
            validate(metadata, {name: (columns, read[name]) for name, columns, _ in layout}, merged=merged)
        except InvalidDataError as exc:
            code = RejectCode.INVALID_REFERENCE if exc.reference else RejectCode.INVALID_VALUE
            raise ExchangeError(f"Tệp {path}, {exc}", code) from exc
    return _workbook(path, metadata, read, merged)


def _layout(merged: bool, version: int) -> list[tuple[str, tuple[str, ...], str]]:
    """The data sheets of a file of this kind and version: (name, columns, metadata key of its row count)."""
    lead = ("commune_code",) if merged else ()
    found = [(sheet.name, (*lead, *sheet.columns_of(version)), sheet.count_key) for sheet in sheets_of(version)]
    if merged:
        found.insert(0, ("data_communes", commune_columns(version), "commune_rows"))
    return found


def records(name: str, rows: list[tuple[Any, ...]]) -> list[Any]:
    """The rows of the data sheet ``name`` as its typed records (`ranoat.excel.rows`); a v1 file's
    rows lack the v2 columns, which read as empty."""
    record = SHEETS_BY_NAME[name].record
    width = len(record._fields)
    make = record._make
    if rows and len(rows[0]) == width:
        return [make(row) for row in rows]
    return [make(row + (None,) * (width - len(row))) for row in rows]


def _workbook(
    path: Path, metadata: dict[str, Any], read: dict[str, list[tuple[Any, ...]]], merged: bool
) -> ExchangeWorkbook:
    """A commune's workbook as typed records; a merged workbook's rows stay tuples led by their
    ``commune_code`` (the merge makes each commune's records: `ranoat.merge.run`)."""
    sheets = {name: rows if merged else records(name, rows) for name, rows in read.items() if name != "data_communes"}
    households, members = sheets.pop("data_households"), sheets.pop("data_members")
    columns = commune_columns(int(metadata["format_version"])) if merged else ()
    communes = [dict(zip(columns, row, strict=True)) for row in read.get("data_communes", [])]
    return ExchangeWorkbook(path, metadata, households, members, communes, sheets)


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
