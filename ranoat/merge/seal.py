"""The province's side of the seal (docs/merge.md, "The seal"): its keys file and the check of
each input at the merge.

The keys file is a CSV text file, UTF-8, with the header ``commune_code,key`` and one line per
commune: the commune's code and its key as the officer types it (`ranoat.excel.seal.key_text`).
It is secret: written atomically (a temporary file renamed into place) and readable by its owner
only. Messages name the file and the line, never a key.

At the merge, with a keys file, each commune workbook is:
- sealed, and the seal verifies under the commune's key → ``verified``;
- sealed, and it does not verify → rejected, ``seal_invalid`` (wrong key, or edited after sealing);
- not sealed while the province has a key for the commune → rejected, ``seal_missing``: once a
  commune has a key every file of it must be sealed, or a forger would simply leave the seal out;
- sealed or not, with no key for the commune in the file → merged with a note (``no_key`` /
  ``unsealed``).
Without a keys file seals are not checked (``not_checked``). A merged workbook carries no seals of
its communes (``merged_workbook``): the level that merged it checked them, or did not.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from ranoat.excel.reader import ExchangeWorkbook
from ranoat.excel.seal import SealKeyError, key_id, key_text, parse_key, seal_matches
from ranoat.storage.files import PartialNote

KEYS_HEADER = ("commune_code", "key")
MAX_KEYS_FILE_BYTES = 10 * 1024 * 1024  # some 10,000 communes take 700 kB


class SealCode(StrEnum):
    """Why an input is rejected by the seal check (beside `MergeCode` and `reader.RejectCode`)."""

    SEAL_INVALID = "seal_invalid"
    SEAL_MISSING = "seal_missing"


class SealStatus(StrEnum):
    VERIFIED = "verified"
    INVALID = "invalid"
    MISSING = "missing"
    NO_KEY = "no_key"  # sealed, but the keys file has no key for the commune
    UNSEALED = "unsealed"  # not sealed, and no key for the commune
    NOT_CHECKED = "not_checked"  # no keys file
    MERGED_WORKBOOK = "merged_workbook"


class KeysFileError(Exception):
    """A keys file that cannot be used; the message is Vietnamese, names the file (and line)."""


@dataclass(frozen=True)
class SealKeys:
    path: Path
    keys: dict[str, bytes]  # commune code → key


@dataclass(frozen=True)
class SealCheck:
    status: SealStatus
    sealed: bool  # the file carries a seal
    key_id: str | None = None  # the fingerprint written in the file
    expected_key_id: str | None = None  # the fingerprint of the province's key for the commune
    reason: str = ""  # why it is rejected, or the note it is merged with
    commune_code: str = ""  # the commune the file says it is from (a commune workbook)

    @property
    def rejected(self) -> bool:
        return self.status in (SealStatus.INVALID, SealStatus.MISSING)

    @property
    def code(self) -> str:
        return {SealStatus.INVALID: SealCode.SEAL_INVALID, SealStatus.MISSING: SealCode.SEAL_MISSING}.get(
            self.status, ""
        )


# ----------------------------------------------------------------------------- the keys file
def read_keys(path: Path) -> SealKeys:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_KEYS_FILE_BYTES:
            raise KeysFileError(f"Tệp khoá niêm phong {path} quá lớn: đây không phải tệp khoá.")
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise KeysFileError(f"Không đọc được tệp khoá niêm phong {path}: {exc.strerror}.") from exc
    except UnicodeDecodeError as exc:
        raise KeysFileError(f"Tệp khoá niêm phong {path} không phải văn bản UTF-8.") from exc
    rows = [(number, row) for number, row in enumerate(csv.reader(io.StringIO(text)), start=1) if any(row)]
    if not rows or tuple(cell.strip() for cell in rows[0][1]) != KEYS_HEADER:
        raise KeysFileError(f"Tệp khoá niêm phong {path}, dòng 1: phải là tiêu đề {','.join(KEYS_HEADER)}.")
    keys: dict[str, bytes] = {}
    for number, row in rows[1:]:
        if len(row) != len(KEYS_HEADER) or not row[0].strip():
            raise KeysFileError(f"Tệp khoá niêm phong {path}, dòng {number}: cần đúng hai cột, mã xã và khoá.")
        code = row[0].strip()
        try:
            key = parse_key(row[1])
        except SealKeyError as exc:
            raise KeysFileError(f"Tệp khoá niêm phong {path}, dòng {number} (xã {code}): {exc}") from None
        if code in keys:
            raise KeysFileError(f"Tệp khoá niêm phong {path}, dòng {number}: xã {code} có hai khoá.")
        keys[code] = key
    return SealKeys(path, keys)


def write_keys(path: Path, keys: dict[str, bytes]) -> None:
    """Write the whole keys file (communes in code order) under a temporary name, then rename it
    into place: a crash never leaves half a keys file, and the old one stays until the new is whole."""
    path = Path(path)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(KEYS_HEADER)
    for code in sorted(keys):
        writer.writerow((code, key_text(keys[code])))
    directory = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".partial", dir=directory)  # mode 0600
    note = PartialNote(Path(temporary))  # hidden on Windows; removed at the next start if this run is killed
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(buffer.getvalue())
            out.flush()
            os.fsync(out.fileno())
        note.ready()
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)
        note.done()


def add_key(path: Path, commune_code: str, key: bytes, *, replace: bool = False) -> str | None:
    """Put ``key`` into the keys file for the commune (creating the file); the fingerprint of the key
    it replaced, or None. A commune that has a key already keeps it unless ``replace``."""
    code = commune_code.strip()
    if not code:
        raise KeysFileError("Cần mã xã để cấp khoá niêm phong.")
    keys = read_keys(path).keys if Path(path).exists() else {}
    old = keys.get(code)
    if old is not None and not replace:
        raise KeysFileError(
            f"Xã {code} đã có khoá niêm phong (mã khoá {key_id(old)}) trong tệp {path}. Cấp khoá mới thì các tệp "
            "xã đã niêm phong bằng khoá cũ không còn kiểm tra được: dùng --replace nếu đúng là muốn thay."
        )
    keys[code] = key
    write_keys(path, keys)
    return key_id(old) if old is not None else None


# ----------------------------------------------------------------------------- the check at the merge
def check_seal(workbook: ExchangeWorkbook, keys: SealKeys | None) -> SealCheck:
    """The seal of one input, read and checksum-verified already (`read_exchange`)."""
    meta = workbook.metadata
    seal, file_key_id = meta.get("seal"), meta.get("seal_key_id")
    sealed = isinstance(seal, str) and bool(seal)
    shown_id = str(file_key_id) if file_key_id not in (None, "") else None
    if workbook.merged:
        return SealCheck(SealStatus.MERGED_WORKBOOK, False)
    code = str(meta.get("commune_code") or "")
    if keys is None:
        return SealCheck(SealStatus.NOT_CHECKED, sealed, shown_id, commune_code=code)
    who = f"{meta.get('commune_name') or code} ({code})"
    key = keys.keys.get(code)
    if key is None:
        if not sealed:
            return SealCheck(SealStatus.UNSEALED, False, commune_code=code)
        note = (
            f"không kiểm tra được niêm phong: tệp khoá {keys.path.name} chưa có khoá của {who} "
            f"(tệp niêm phong bằng khoá mã {shown_id or 'không rõ'})"
        )
        return SealCheck(SealStatus.NO_KEY, True, shown_id, reason=note, commune_code=code)
    expected = key_id(key)
    if not sealed:
        return SealCheck(
            SealStatus.MISSING,
            False,
            shown_id,
            expected,
            f"Tệp {workbook.path}: {who} không có niêm phong, trong khi tỉnh đã cấp khoá cho xã (mã khoá {expected}) "
            "— không gộp, vì không chứng minh được tệp do xã lập. Xã cần nhập khoá niêm phong rồi xuất lại.",
            code,
        )
    if shown_id != expected:
        return SealCheck(
            SealStatus.INVALID,
            True,
            shown_id,
            expected,
            f"Tệp {workbook.path}: {who} niêm phong bằng khoá mã {shown_id or 'không rõ'}, không phải khoá tỉnh cấp "
            f"cho xã (mã khoá {expected}) — xã dùng khoá cũ hoặc khoá khác, hoặc tệp không do xã lập: không gộp, "
            "hãy hỏi lại xã.",
            code,
        )
    if not seal_matches(key, str(meta.get("data_sha256") or ""), str(seal)):
        return SealCheck(
            SealStatus.INVALID,
            True,
            shown_id,
            expected,
            f"Tệp {workbook.path}: niêm phong của {who} không khớp dữ liệu — tệp đã bị sửa sau khi xã niêm phong, "
            "hoặc không do xã lập: không gộp.",
            code,
        )
    return SealCheck(SealStatus.VERIFIED, True, shown_id, expected, commune_code=code)
