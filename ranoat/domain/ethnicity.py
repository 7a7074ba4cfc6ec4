"""The 54 ethnic groups of Vietnam with their codes (rules.md §5), read from
`resources/reference/ethnic-groups.csv` (the statistics office's classification).

Spellings vary between documents: "H'Mông", "Hmông" and "Mông"; "Khơ-me" and "Khmer"; "Ê-đê" and
"Ê Đê". `find_ethnic_group()` accepts a code or a name written either way: it ignores case, spaces,
hyphens and apostrophes, knows a few common alternative names, and as a last resort matches without
diacritics when that is unambiguous.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ranoat.domain.search import fold
from ranoat.shipped import shipped_dir

KINH = "01"

# Other names and spellings met in registers and older documents → code. Spellings that differ only
# in case, spaces, hyphens or apostrophes ("Ê-đê", "Gia-rai") need no entry here.
_ALIASES: dict[str, str] = {
    "Việt": "01",
    "Khơ-me": "05",
    "Khơ me": "05",
    "H'Mông": "08",
    "Hmong": "08",
    "Jrai": "10",
    "Bahnar": "13",
    "K'Ho": "16",
    "Chàm": "17",
    "M'Nông": "20",
    "Ra Glai": "21",
    "X'Tiêng": "22",
    "Stiêng": "22",
    "Vân Kiều": "23",
    "Bru Vân Kiều": "23",
    "Katu": "26",
    "Giẻ Triêng": "27",
    "Khmu": "29",
    "Kh'mú": "29",
    "Cao Lan": "15",
    "Sán Chí": "15",
    "Cao Lan-Sán Chí": "15",
}

_SEPARATORS = re.compile(r"[\s\-‐‑–—'’‘`ʼ.]+")


@dataclass(frozen=True)
class EthnicGroup:
    code: str  # two digits, "01" Kinh … "54" Rơ Măm
    name: str


class EthnicityDataError(Exception):
    """The reference file is missing or broken; the message names the file."""


def reference_dir() -> Path:
    """The reference data: `resources/reference` in a source tree, bundled in a wheel."""
    found = shipped_dir("reference")
    if found is None:
        raise EthnicityDataError("không tìm thấy thư mục dữ liệu tham chiếu resources/reference")
    return found


@cache
def ethnic_groups() -> tuple[EthnicGroup, ...]:
    """The 54 groups in code order."""
    path = reference_dir() / "ethnic-groups.csv"
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise EthnicityDataError(f"Tệp danh mục dân tộc {path}: không đọc được: {exc}") from exc
    groups: list[EthnicGroup] = []
    for line, row in enumerate(rows, start=2):
        code, name = (row.get("code") or "").strip(), (row.get("name") or "").strip()
        if not re.fullmatch(r"[0-9]{2}", code) or not name:
            raise EthnicityDataError(f"Tệp danh mục dân tộc {path}: dòng {line} không hợp lệ")
        groups.append(EthnicGroup(code, unicodedata.normalize("NFC", name)))
    if len({g.code for g in groups}) != len(groups):
        raise EthnicityDataError(f"Tệp danh mục dân tộc {path}: mã dân tộc bị trùng")
    return tuple(sorted(groups, key=lambda g: g.code))


@cache
def _by_code() -> dict[str, EthnicGroup]:
    return {g.code: g for g in ethnic_groups()}


def ethnic_group(code: str) -> EthnicGroup | None:
    """The group of a code ("08"), or None."""
    return _by_code().get(code)


def is_ethnicity_code(code: str) -> bool:
    return code in _by_code()


def ethnicity_name(code: str) -> str | None:
    group = ethnic_group(code)
    return group.name if group is not None else None


def _key(text: str) -> str:
    """Lower case, NFC, without spaces, hyphens or apostrophes: 'H'Mông' → 'hmông'."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFC", text).lower())


def _loose(text: str) -> str:
    """`_key` without diacritics (đ → d): 'Ê Đê' → 'ede'."""
    return fold(_key(text)).replace(" ", "")


@cache
def _names() -> tuple[dict[str, str], dict[str, str]]:
    """(exact key → code, loose key → code); loose keys that two groups share are left out."""
    spellings = [(g.name, g.code) for g in ethnic_groups()] + list(_ALIASES.items())
    exact = {_key(name): code for name, code in spellings}
    loose: dict[str, str] = {}
    ambiguous: set[str] = set()
    for name, code in spellings:
        key = _loose(name)
        if loose.get(key, code) != code:
            ambiguous.add(key)
        loose[key] = code
    return exact, {key: code for key, code in loose.items() if key not in ambiguous}


def find_ethnic_group(text: str) -> EthnicGroup | None:
    """The group named by ``text``: a code ("8", "08"), the official name or a common variant."""
    text = text.strip()
    if text.isascii() and text.isdigit() and len(text) <= 2:
        return ethnic_group(text.zfill(2))
    exact, loose = _names()
    code = exact.get(_key(text)) or loose.get(_loose(text))
    return ethnic_group(code) if code is not None else None
