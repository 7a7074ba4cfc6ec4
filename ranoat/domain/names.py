"""Vietnamese names of the register's codes, as the official outputs (lists, explanation sheets)
print them and as the GUI shows them."""

from __future__ import annotations

import re
from pathlib import Path

from ranoat.domain.household import CommuneType, Relation, Sex
from ranoat.domain.search import fold

SEX_NAMES = {Sex.MALE: "Nam", Sex.FEMALE: "Nữ"}
RELATION_NAMES = {
    Relation.HEAD: "Chủ hộ",
    Relation.SPOUSE: "Vợ/chồng",
    Relation.CHILD: "Con",
    Relation.PARENT: "Bố/mẹ",
    Relation.GRANDCHILD: "Cháu",
    Relation.GRANDPARENT: "Ông/bà",
    Relation.SIBLING: "Anh/chị/em",
    Relation.CHILD_IN_LAW: "Con dâu/con rể",
    Relation.OTHER: "Khác",
}
COMMUNE_TYPE_NAMES = {CommuneType.XA: "Xã", CommuneType.PHUONG: "Phường", CommuneType.DAC_KHU: "Đặc khu"}


# ----------------------------------------------------------------------------- the official header
def commune_full_name(name: str, kind: str | None) -> str:
    """The commune's name with its kind, as the official header and the papers print it: "Xã Quan
    Sơn" for ("Quan Sơn", "xa"). A name that already says its kind ("Phường 1", "xã Tân Thành") is
    kept as typed; an unknown kind reads as "Xã" (most units are)."""
    name = name.strip()
    folded = fold(name).lower()
    if any(folded.startswith(fold(word).lower() + " ") for word in COMMUNE_TYPE_NAMES.values()):
        return name
    word = COMMUNE_TYPE_NAMES.get(CommuneType(kind)) if kind in set(CommuneType) else None
    return f"{word or COMMUNE_TYPE_NAMES[CommuneType.XA]} {name}".strip()


def commune_place(name: str, kind: str | None) -> str:
    """The place name of the date line ("Quan Sơn, ngày …"): the name without its kind or a note in
    brackets."""
    full = commune_full_name(name, kind)
    place = full.split(" ", 1)[1] if " " in full else full
    for word in COMMUNE_TYPE_NAMES.values():  # "Đặc khu" has two words
        if fold(full).lower().startswith(fold(word).lower() + " "):
            place = full[len(word) + 1 :]
            break
    return re.sub(r"\s*\([^)]*\)\s*$", "", place).strip() or place


def commune_authority(name: str, kind: str | None) -> str:
    """The issuing authority of the commune's lists, forms and sheets: "UBND XÃ QUAN SƠN". One
    function for every output (Excel, the explanation sheet), issue #14 item 6."""
    if fold(name).lower().startswith("ubnd "):
        return name.strip().upper()
    return f"UBND {commune_full_name(name, kind).upper()}"


def file_label(path: Path) -> str:
    """A file's name as a cell of a workbook can hold it: a name that is not UTF-8 (Linux keeps its
    bytes; Python holds them as surrogates) with each undecodable byte shown as U+FFFD (issue #16)."""
    return cell_text(path.name)


def cell_text(text: str) -> str:
    """``text`` as a workbook's cell can hold it: the bytes of a file name that is not UTF-8, which
    Python holds as lone surrogates, each shown as U+FFFD."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        try:
            return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        except UnicodeEncodeError:  # a surrogate no file name gives
            return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return text
