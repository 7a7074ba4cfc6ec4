"""Reading one cell as a field's value. Each reader returns the value or raises `BadValueError` with a
Vietnamese reason; the caller adds the file, sheet, row and column."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from functools import lru_cache
from typing import TypeVar

from ranoat.domain.area import Area
from ranoat.domain.category import Category
from ranoat.domain.ethnicity import find_ethnic_group
from ranoat.domain.household import Employment, PovertyCause, Relation, Schooling, Sex
from ranoat.domain.names import RELATION_NAMES, SEX_NAMES
from ranoat.domain.search import fold
from ranoat.importing.sheet import Value

E = TypeVar("E", bound=StrEnum)


class BadValueError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def shown(value: Value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date):  # a datetime is a date
        return value.strftime("%d/%m/%Y")
    return str(value)


def is_empty(value: Value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: Value) -> str:
    return "" if value is None else shown(value).strip()


# The register's own names ("Vợ/chồng", "Con dâu/con rể" …) and codes ("spouse" …) are read as well
_RELATIONS: dict[str, tuple[Relation, Sex | None]] = {
    **{fold(name): (relation, None) for relation, name in RELATION_NAMES.items()},
    **{relation.value: (relation, None) for relation in Relation},
    "ch": (Relation.HEAD, None),
    "vo": (Relation.SPOUSE, Sex.FEMALE),
    "chong": (Relation.SPOUSE, Sex.MALE),
    "vo chong": (Relation.SPOUSE, None),
    "con trai": (Relation.CHILD, Sex.MALE),
    "con gai": (Relation.CHILD, Sex.FEMALE),
    "con nuoi": (Relation.CHILD, None),
    "con de": (Relation.CHILD, None),
    "con dau": (Relation.CHILD_IN_LAW, Sex.FEMALE),
    "con re": (Relation.CHILD_IN_LAW, Sex.MALE),
    "bo": (Relation.PARENT, Sex.MALE),
    "cha": (Relation.PARENT, Sex.MALE),
    "me": (Relation.PARENT, Sex.FEMALE),
    "bo me": (Relation.PARENT, None),
    "cha/me": (Relation.PARENT, None),
    "bo de": (Relation.PARENT, Sex.MALE),
    "me de": (Relation.PARENT, Sex.FEMALE),
    "chau noi": (Relation.GRANDCHILD, None),
    "chau ngoai": (Relation.GRANDCHILD, None),
    "ong": (Relation.GRANDPARENT, Sex.MALE),
    "ba": (Relation.GRANDPARENT, Sex.FEMALE),
    "ong noi": (Relation.GRANDPARENT, Sex.MALE),
    "ba noi": (Relation.GRANDPARENT, Sex.FEMALE),
    "ong ngoai": (Relation.GRANDPARENT, Sex.MALE),
    "ba ngoai": (Relation.GRANDPARENT, Sex.FEMALE),
    "anh": (Relation.SIBLING, Sex.MALE),
    "chi": (Relation.SIBLING, Sex.FEMALE),
    "em": (Relation.SIBLING, None),
    "anh trai": (Relation.SIBLING, Sex.MALE),
    "chi gai": (Relation.SIBLING, Sex.FEMALE),
    "em trai": (Relation.SIBLING, Sex.MALE),
    "em gai": (Relation.SIBLING, Sex.FEMALE),
}


def relation(value: Value) -> tuple[Relation, Sex | None]:
    """The relation to the head, and the sex it implies ("Vợ" is a woman) when it does."""
    return _relation(text(value))


@lru_cache(maxsize=1024)
def _relation(value: str) -> tuple[Relation, Sex | None]:
    key = fold(value).replace(" / ", "/")
    found = _RELATIONS.get(key)
    if found is None:
        raise BadValueError(
            f"Quan hệ với chủ hộ “{text(value)}” không rõ; dùng: Chủ hộ, Vợ, Chồng, Con, Bố, Mẹ, Cháu, Ông, Bà, "
            "Anh/chị/em, Con dâu, Con rể, Khác."
        )
    return found


_SEXES: dict[str, Sex] = {
    **{fold(name): sex for sex, name in SEX_NAMES.items()},
    **{sex.value: sex for sex in Sex},
    "m": Sex.MALE,
    "trai": Sex.MALE,
    "f": Sex.FEMALE,
    "gai": Sex.FEMALE,
}


def sex(value: Value) -> Sex:
    found = _SEXES.get(fold(text(value)))
    if found is not None:
        return found
    raise BadValueError(f"Giới tính “{text(value)}” không rõ; dùng “Nam” hoặc “Nữ”.")


def year(value: Value, today: dt.date) -> tuple[int, dt.date | None]:
    """A birth year (1975, "1975") or a full date (a date cell, "12/05/1975", "1975-05-12")."""
    if isinstance(value, dt.datetime):
        return value.year, value.date()
    if isinstance(value, dt.date):
        return value.year, value
    if isinstance(value, bool):
        raise BadValueError(f"Năm sinh “{value}” không hợp lệ.")
    if isinstance(value, (int, float)):
        if float(value).is_integer() and 1000 <= value <= 9999:
            return int(value), None
        raise BadValueError(f"Năm sinh “{shown(value)}” không hợp lệ: cần 4 chữ số, ví dụ 1975.")
    raw = text(value)
    if re.fullmatch(r"[0-9]{4}", raw):
        return int(raw), None
    if not re.search(r"[/.\-]", raw):
        raise BadValueError(f"Năm sinh “{raw}” không hợp lệ: cần 4 chữ số, ví dụ 1975.")
    day = date(value)
    return day.year, day


def date(value: Value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = text(value)
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    raise BadValueError(f"Ngày “{raw}” không đọc được; viết theo dạng ngày/tháng/năm, ví dụ 05/12/1975.")


def identity(value: Value) -> tuple[str, str | None]:
    """A CCCD/CMND as text, and a note when Excel had stored it as a number and lost its leading 0."""
    if isinstance(value, bool):
        raise BadValueError(f"Số CCCD/CMND “{value}” không hợp lệ.")
    if isinstance(value, (int, float)):
        if not float(value).is_integer() or value < 0:
            raise BadValueError(f"Số CCCD/CMND “{shown(value)}” không hợp lệ.")
        digits = str(int(value))
        if len(digits) in (10, 11):
            return digits.zfill(12), (
                f"Ô số CCCD được lưu dạng số nên mất số 0 ở đầu ({digits}); đã đọc là {digits.zfill(12)}."
            )
        if len(digits) == 8:
            return digits.zfill(
                9
            ), f"Ô số CMND được lưu dạng số nên mất số 0 ở đầu ({digits}); đã đọc là {digits.zfill(9)}."
        return digits, None
    return re.sub(r"[\s.\-]", "", text(value)), None


def ethnicity(value: Value) -> str:
    return _ethnicity(text(value))


@lru_cache(maxsize=1024)
def _ethnicity(value: str) -> str:
    group = find_ethnic_group(value)
    if group is None:
        raise BadValueError(f"Dân tộc “{text(value)}” không có trong danh mục 54 dân tộc.")
    return group.code


_TRUE = {"x", "co", "1", "yes", "true", "c", "v"}  # folded: "Có" is "co"
_FALSE = {"", "0", "khong", "k", "no", "false", "-"}


def flag(value: Value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        if value in (0, 1):
            return bool(value)
        raise BadValueError(f"“{shown(value)}” không phải có/không (dùng x, 1, Có hoặc để trống).")
    key = fold(text(value))
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise BadValueError(f"“{text(value)}” không phải có/không (dùng x, 1, Có hoặc để trống).")


def optional_flag(value: Value) -> bool | None:
    return None if is_empty(value) else flag(value)


def _coded(
    value: Value, codes: type[E], words: dict[str, E], what: str, *, within: bool = False, hint: str = ""
) -> E | None:
    """An empty cell (None), a code of ``codes``, or one of ``words`` (folded; with ``within``,
    anywhere in the cell); else the error names ``what`` and gives the ``hint``."""
    if is_empty(value):
        return None
    key = fold(text(value))
    try:
        return codes(key)
    except ValueError:
        pass
    for word, found in words.items():
        if key == word or (within and word in key):
            return found
    raise BadValueError(f"{what} “{text(value)}” không rõ{'; ' + hint if hint else ''}.")


def area(value: Value) -> Area:
    key = fold(text(value))
    if key in ("nong thon", "rural", "nt"):
        return Area.RURAL
    if key in ("thanh thi", "urban", "tt"):
        return Area.URBAN
    raise BadValueError(f"Khu vực “{text(value)}” không rõ; dùng “Nông thôn” hoặc “Thành thị”.")


_CATEGORIES = {
    "ngheo": Category.POOR,
    "ho ngheo": Category.POOR,
    "hn": Category.POOR,
    "can ngheo": Category.NEAR_POOR,
    "ho can ngheo": Category.NEAR_POOR,
    "hcn": Category.NEAR_POOR,
    "khong ngheo": Category.NOT_POOR,
    "thoat ngheo": Category.NOT_POOR,
    "thoat can ngheo": Category.NOT_POOR,
    "muc song trung binh": Category.AVERAGE_LIVING_STANDARD,
    "ho co muc song trung binh": Category.AVERAGE_LIVING_STANDARD,
}


def category(value: Value) -> Category | None:
    return _coded(value, Category, _CATEGORIES, "Phân loại hộ", hint="dùng “Hộ nghèo”, “Hộ cận nghèo” hoặc “Không”")


_CAUSE_NUMBERS = {str(i + 1): cause for i, cause in enumerate(PovertyCause)}
_CAUSE_WORDS = {
    "dat": PovertyCause.NO_LAND,
    "von": PovertyCause.NO_CAPITAL,
    "lao dong": PovertyCause.NO_LABOUR,
    "cong cu": PovertyCause.NO_TOOLS,
    "phuong tien": PovertyCause.NO_TOOLS,
    "kien thuc": PovertyCause.NO_KNOWLEDGE,
    "ky nang": PovertyCause.NO_SKILLS,
    "om": PovertyCause.ILLNESS,
    "benh": PovertyCause.ILLNESS,
    "tai nan": PovertyCause.ILLNESS,
    "khac": PovertyCause.OTHER,
}


def causes(value: Value) -> dict[PovertyCause, str]:
    """Causes of poverty: form 7.10's numbers (1–8), the codes, or the words ("thiếu vốn")."""
    found: dict[PovertyCause, str] = {}
    for part in re.split(r"[,;+\n]", text(value)):
        key = fold(part).strip(" .")
        if not key:
            continue
        if key in _CAUSE_NUMBERS:
            found[_CAUSE_NUMBERS[key]] = ""
            continue
        try:
            found[PovertyCause(key)] = ""
            continue
        except ValueError:
            pass
        matched = [cause for word, cause in _CAUSE_WORDS.items() if re.search(rf"\b{word}\b", key)]
        if not matched:
            raise BadValueError(f"Nguyên nhân nghèo “{part.strip()}” không rõ; dùng số 1–8 của biểu 7.10.")
        for cause in matched:
            found[cause] = part.strip() if cause is PovertyCause.OTHER else ""
    return found


_SCHOOLING = {
    "chua di hoc": Schooling.NONE,
    "khong di hoc": Schooling.NONE,
    "dang di hoc": Schooling.STUDYING,
    "tieu hoc": Schooling.PRIMARY,
    "thcs": Schooling.LOWER_SECONDARY,
    "trung hoc co so": Schooling.LOWER_SECONDARY,
    "thpt": Schooling.UPPER_SECONDARY,
    "trung hoc pho thong": Schooling.UPPER_SECONDARY,
    "trung cap": Schooling.VOCATIONAL,
    "so cap": Schooling.VOCATIONAL,
    "cao dang": Schooling.HIGHER,
    "dai hoc": Schooling.HIGHER,
}


def schooling(value: Value) -> Schooling | None:
    return _coded(value, Schooling, _SCHOOLING, "Trình độ học vấn", within=True)


_EMPLOYMENT = {
    "co viec lam": Employment.EMPLOYED,
    "khong co viec lam": Employment.UNEMPLOYED,
    "that nghiep": Employment.UNEMPLOYED,
    "dang di hoc": Employment.STUDYING,
    "hoc sinh": Employment.STUDYING,
    "khong co kha nang lao dong": Employment.UNABLE,
    "nghi huu": Employment.RETIRED,
    "gia yeu": Employment.RETIRED,
    "tre em": Employment.CHILD,
}


def employment(value: Value) -> Employment | None:
    return _coded(value, Employment, _EMPLOYMENT, "Tình trạng việc làm")
