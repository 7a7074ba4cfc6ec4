"""Checks of a household and its survey before they are saved or classified.

Each check returns `Issue`s rather than raising: the editor shows them beside the fields. An
``error`` must be fixed before the record counts; a ``warning`` is shown and may be kept (a CCCD that
disagrees with the birth year: the card or the register may be wrong); an ``info`` is a note.
Messages are Vietnamese. Pure functions: nothing here reads or writes the database.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Mapping
from typing import Protocol

from ranoat.domain.cccd import check_identity_number
from ranoat.domain.ethnicity import is_ethnicity_code
from ranoat.domain.household import HouseholdData, MemberData, Relation
from ranoat.domain.issue import Issue
from ranoat.domain.names import RELATION_NAMES
from ranoat.domain.survey import SurveyData
from ranoat.domain.vietnamese import format_date, format_number

EARLIEST_BIRTH_YEAR = 1900
B1_MAX = 1000  # far above any threshold (140/175): a typo guard, not a rule of law
HOUSING_AREA_MAX_M2 = 10000  # a typo guard, not a rule of law

_PHONE = re.compile(r"[0-9]+")


def _member_label(index: int, member: MemberData) -> str:
    name = member.full_name.strip()
    return f"{name} (thành viên thứ {index + 1})" if name else f"thành viên thứ {index + 1}"


def validate_household(household: HouseholdData, today: dt.date) -> list[Issue]:
    """Required fields, ranges, exactly one head, codes and identity numbers of a household."""
    issues: list[Issue] = []
    if not household.code.strip():
        issues.append(Issue("code", "error", "Chưa nhập mã hộ."))
    if household.village_id is None:
        issues.append(Issue("village_id", "error", "Chưa chọn thôn, bản, tổ dân phố của hộ."))
    if household.phone.strip() and not _PHONE.fullmatch(household.phone.strip()):
        issues.append(
            Issue(
                "phone", "warning", f"Số điện thoại “{household.phone}” chỉ nên gồm chữ số (không dấu cách, dấu chấm)."
            )
        )
    if not household.members:
        issues.append(Issue("members", "error", "Hộ phải có ít nhất một thành viên."))
        return issues

    heads = [i for i, m in enumerate(household.members) if m.relation is Relation.HEAD]
    if not heads:
        issues.append(Issue("members", "error", "Hộ chưa có chủ hộ: chọn quan hệ “Chủ hộ” cho một thành viên."))
    elif len(heads) > 1:
        names = ", ".join(_member_label(i, household.members[i]) for i in heads)
        issues.append(Issue("members", "error", f"Hộ có {len(heads)} chủ hộ ({names}); mỗi hộ chỉ có một chủ hộ."))

    first_with_number: dict[str, int] = {}
    for index, member in enumerate(household.members):
        where = f"members.{index}"
        issues.extend(_member_issues(where, member, today))
        issues.extend(check_identity_number(member.cccd, member.sex, member.birth_year, field=f"{where}.cccd"))
        number = member.cccd.strip()
        if number:
            if number in first_with_number:
                other = first_with_number[number]
                issues.append(
                    Issue(
                        f"{where}.cccd",
                        "error",
                        f"Số CCCD {number} trùng với số của {_member_label(other, household.members[other])}.",
                    )
                )
            else:
                first_with_number[number] = index
    if len(heads) == 1:
        issues.extend(_generation_issues(household.members, heads[0]))
    return issues


# The least gap in years, by relation, between a member and the head: below it the year of birth is
# most often a typing slip. A child-in-law only has to be younger.
_YOUNGER = {Relation.CHILD: 12, Relation.GRANDCHILD: 24, Relation.CHILD_IN_LAW: 1}
_OLDER = {Relation.PARENT: 12, Relation.GRANDPARENT: 24}


def _generation_issues(members: list[MemberData], head_index: int) -> list[Issue]:
    """Warnings, not errors (issue #14): a child, grandchild or child-in-law not born after the head,
    or a parent or grandparent not born before, usually a mistyped year or relation; and one born on
    the right side but closer than a generation (`_YOUNGER`, `_OLDER`). Shown on the member's year of
    birth, in the household dialog and an import's preview alike; the officer may keep it (an adopted
    child, a step-parent)."""
    head = members[head_index]
    if head.birth_year is None:
        return []
    issues = []
    for index, member in enumerate(members):
        year, relation = member.birth_year, member.relation
        if index == head_index or year is None or relation not in (*_YOUNGER, *_OLDER):
            continue
        gap = year - head.birth_year if relation in _YOUNGER else head.birth_year - year
        if gap >= (_YOUNGER | _OLDER)[relation]:
            continue
        if gap <= 0:
            when = "không sau" if relation in _YOUNGER else "không trước"
            message = (
                f"{_member_label(index, member)} là {RELATION_NAMES[relation].lower()} của chủ hộ nhưng sinh năm "
                f"{year}, {when} năm sinh của chủ hộ ({head.birth_year}): kiểm tra lại năm sinh hoặc quan hệ với "
                "chủ hộ."
            )
        else:
            name, born = RELATION_NAMES[relation], head.birth_year
            message = f"{name} sinh năm {year}, chủ hộ sinh năm {born}: năm sinh có đúng không?"
        issues.append(Issue(f"members.{index}.birth_year", "warning", message))
    return issues


def _member_issues(where: str, member: MemberData, today: dt.date) -> list[Issue]:
    issues: list[Issue] = []
    if not member.full_name.strip():
        issues.append(Issue(f"{where}.full_name", "error", "Chưa nhập họ và tên."))
    elif unicodedata.normalize("NFC", member.full_name) != member.full_name:
        issues.append(
            Issue(
                f"{where}.full_name",
                "warning",
                "Họ và tên chưa ở dạng Unicode dựng sẵn (NFC); cần chuẩn hoá để tìm kiếm và so trùng đúng.",
            )
        )
    if member.sex is None:
        issues.append(Issue(f"{where}.sex", "error", "Chưa chọn giới tính."))
    if member.relation is None:
        issues.append(Issue(f"{where}.relation", "error", "Chưa chọn quan hệ với chủ hộ."))
    if member.birth_year is None:
        issues.append(Issue(f"{where}.birth_year", "error", "Chưa nhập năm sinh."))
    elif not EARLIEST_BIRTH_YEAR <= member.birth_year <= today.year:
        issues.append(
            Issue(
                f"{where}.birth_year",
                "error",
                f"Năm sinh {member.birth_year} không hợp lệ: phải từ {EARLIEST_BIRTH_YEAR} đến {today.year}.",
            )
        )
    if member.birth_date is not None:
        if member.birth_date > today:
            issues.append(
                Issue(
                    f"{where}.birth_date",
                    "error",
                    f"Ngày sinh {format_date(member.birth_date)} ở sau ngày hôm nay ({format_date(today)}).",
                )
            )
        if member.birth_year is not None and member.birth_date.year != member.birth_year:
            issues.append(
                Issue(
                    f"{where}.birth_date",
                    "error",
                    f"Ngày sinh {format_date(member.birth_date)} không khớp với năm sinh {member.birth_year}.",
                )
            )
    if not member.ethnicity_code:
        issues.append(Issue(f"{where}.ethnicity_code", "error", "Chưa chọn dân tộc."))
    elif not is_ethnicity_code(member.ethnicity_code):
        issues.append(
            Issue(
                f"{where}.ethnicity_code",
                "error",
                f"Mã dân tộc “{member.ethnicity_code}” không có trong danh mục 54 dân tộc.",
            )
        )
    return issues


class _Named(Protocol):
    @property
    def vi(self) -> str: ...


class StandardIndicators(Protocol):
    """What the survey's check needs of its standard (a `rules.rulebook.Rulebook`): its id and its
    indicators by code. A protocol, so the domain does not import the rules above it."""

    @property
    def id(self) -> str: ...

    @property
    def indicators_by_code(self) -> Mapping[str, _Named]: ...


def validate_survey(rulebook: StandardIndicators, survey: SurveyData) -> list[Issue]:
    """Ranges of the Phiếu B entries and the lacking indicators against the survey's rulebook."""
    issues: list[Issue] = []
    if survey.b1 is not None and not (math.isfinite(survey.b1) and 0 <= survey.b1 <= B1_MAX):
        issues.append(
            Issue("b1", "error", f"Điểm B1 {_number(survey.b1)} không hợp lệ: phải từ 0 đến {format_number(B1_MAX)}.")
        )
    area = survey.housing_area_m2
    if area is not None and not (math.isfinite(area) and 0 <= area <= HOUSING_AREA_MAX_M2):
        issues.append(
            Issue(
                "housing_area_m2",
                "error",
                f"Diện tích nhà ở {_number(area)} m² không hợp lệ: "
                f"phải từ 0 đến {format_number(HOUSING_AREA_MAX_M2)} m².",
            )
        )
    known = rulebook.indicators_by_code
    seen: set[str] = set()
    for index, code in enumerate(survey.lacking):
        if code not in known:
            issues.append(
                Issue(
                    f"lacking.{index}",
                    "error",
                    f"Chỉ số thiếu hụt “{code}” không có trong chuẩn nghèo {rulebook.id}.",
                )
            )
        elif code in seen:
            issues.append(
                Issue(f"lacking.{index}", "error", f"Chỉ số thiếu hụt “{known[code].vi}” được đánh dấu hai lần.")
            )
        seen.add(code)
    return issues


def _number(value: float) -> str:
    return format_number(value) if math.isfinite(value) else str(value)
