"""`suggest_lacking()`: which indicator ticks the member data suggests (rules.md §2.3).

The officer decides every tick; this only suggests, with a Vietnamese reason that names the members
and the numbers. The kinds of suggestion are fixed in `ranoat.rules.rulebook` and their thresholds,
sources and confidence come from the rulebook: an indicator without a ``suggestion`` block gets no
suggestion. ``lacking`` is None when the data cannot tell (no housing area entered, a birth year or an
insurance status missing where it matters).

Ages follow `MemberData.age_on`: from the birth date when known, else today's year minus the birth
year (which may count a person one year older before their birthday).

- ``housing_area_per_person_below``: housing area / number of members < square_metres.
- ``member_without_health_insurance``: a member aged min_age or older with health insurance "no".
- ``child_not_in_school``: a child aged min_age to under max_age_exclusive who does not go to
  school (schooling not "studying" and employment not "studying"). Attendance only: whether the
  school level is right for the age is the officer's judgement.
- ``dependents_over_share``: dependents are more than ``share`` of the members. A dependent is, by
  the definition the rulebooks cite (rules.md §2.4), a child under child_under_age, or an elderly or
  disabled person on a monthly social allowance (trợ cấp xã hội hằng tháng); a pensioner is not.
  The register has no field for "on a monthly social allowance" and no age for "elderly" (none is
  in rules.md): it has each member's age, disability and employment ("unable", "retired, old and
  frail") and the household's "có đối tượng bảo trợ xã hội" (a social-protection beneficiary, which
  a monthly social allowance makes a person). So children are counted; a member with a disability,
  unable to work or "retired, old and frail" *may* be one (an elderly or disabled person on the
  allowance, or a pensioner): not counted when the household has no social-protection
  beneficiary, and when it has one, the data cannot tell which member receives it — the suggestion
  then says it cannot tell if the answer depends on them. Every reason ends with what is counted
  (`dependents_counted`).

A pure function: it reads nothing but its arguments.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from fractions import Fraction

from ranoat.domain.household import Employment, HouseholdData, MemberData, Schooling
from ranoat.domain.survey import SurveyData
from ranoat.domain.vietnamese import format_number
from ranoat.rules.rulebook import (
    ChildNotInSchool,
    DependentsOverShare,
    HousingAreaPerPersonBelow,
    IndicatorSuggestion,
    MemberWithoutHealthInsurance,
    Rulebook,
)


@dataclass(frozen=True)
class Suggestion:
    """A suggested tick: ``lacking`` True or False, or None when the data cannot tell."""

    code: str  # indicator code of the rulebook
    lacking: bool | None
    reason: str  # Vietnamese


_Verdict = tuple[bool | None, str]

_NO_MEMBERS: _Verdict = (None, "Hộ chưa có thành viên nên chưa xét được.")


def suggest_lacking(
    rulebook: Rulebook, household: HouseholdData, survey: SurveyData, today: dt.date
) -> list[Suggestion]:
    """One suggestion per indicator of the rulebook that has a ``suggestion`` block, in report order."""
    suggestions: list[Suggestion] = []
    for code, indicator in rulebook.indicators_by_code.items():
        if indicator.suggestion is not None:
            lacking, reason = _evaluate(indicator.suggestion, household, survey, today)
            suggestions.append(Suggestion(code, lacking, reason))
    return suggestions


def _evaluate(rule: IndicatorSuggestion, household: HouseholdData, survey: SurveyData, today: dt.date) -> _Verdict:
    if isinstance(rule, HousingAreaPerPersonBelow):
        return _housing_area(rule, household, survey)
    if isinstance(rule, MemberWithoutHealthInsurance):
        return _health_insurance(rule, household.members, today)
    if isinstance(rule, ChildNotInSchool):
        return _school(rule, household.members, today)
    return _dependents(rule, household, today)


def _exact(value: float) -> Fraction:
    """The decimal as written (0.3 → 3/10), so thresholds compare exactly, free of binary rounding."""
    return Fraction(repr(value)) if isinstance(value, float) else Fraction(value)


def _label(index: int, member: MemberData) -> str:
    return member.full_name.strip() or f"thành viên thứ {index + 1}"


def _with_age(index: int, member: MemberData, age: int) -> str:
    return f"{_label(index, member)} ({age} tuổi)"


def _housing_area(rule: HousingAreaPerPersonBelow, household: HouseholdData, survey: SurveyData) -> _Verdict:
    limit = format_number(rule.square_metres)
    area = survey.housing_area_m2
    if area is None:
        return None, f"Chưa nhập diện tích nhà ở nên chưa so được với mức {limit} m²/người."
    people = len(household.members)
    if people == 0:
        return _NO_MEMBERS
    if not (math.isfinite(area) and area >= 0):
        return None, "Diện tích nhà ở đã nhập không hợp lệ."
    per_person = _exact(area) / people
    # Shown rounded down to 2 decimals, so the number shown is on the same side of the limit.
    shown = Decimal(per_person.numerator) / Decimal(per_person.denominator)
    shown = shown.quantize(Decimal("0.01"), rounding=ROUND_FLOOR)
    text = (
        f"Diện tích nhà ở bình quân {format_number(float(shown))} m²/người "
        f"({format_number(area)} m² cho {people} người)"
    )
    if per_person < _exact(rule.square_metres):
        return True, f"{text}, dưới {limit} m²."
    return False, f"{text}, không dưới {limit} m²."


def _health_insurance(rule: MemberWithoutHealthInsurance, members: list[MemberData], today: dt.date) -> _Verdict:
    if not members:
        return _NO_MEMBERS
    lacking: list[str] = []
    unknown: list[str] = []
    concerned = 0
    for index, member in enumerate(members):
        age = member.age_on(today)
        if age is not None and age < rule.min_age:
            continue
        if member.health_insurance is True:
            concerned += 1
        elif age is None:
            unknown.append(f"chưa biết năm sinh của {_label(index, member)}")
        elif member.health_insurance is False:
            lacking.append(_with_age(index, member, age))
        else:
            unknown.append(f"chưa ghi bảo hiểm y tế của {_with_age(index, member, age)}")
    group = f"từ {rule.min_age} tuổi trở lên"
    if lacking:
        return True, f"Thành viên {group} không có bảo hiểm y tế: {', '.join(lacking)}."
    if unknown:
        return None, f"Chưa đủ dữ liệu: {'; '.join(unknown)}."
    if concerned:
        return False, f"Mọi thành viên {group} đều có bảo hiểm y tế."
    return False, f"Hộ không có thành viên {group}."


def _attends_school(member: MemberData) -> bool | None:
    if member.schooling is Schooling.STUDYING or member.employment is Employment.STUDYING:
        return True
    if member.schooling is not None:
        return False
    return None


def _school(rule: ChildNotInSchool, members: list[MemberData], today: dt.date) -> _Verdict:
    if not members:
        return _NO_MEMBERS
    lacking: list[str] = []
    unknown: list[str] = []
    children = 0
    for index, member in enumerate(members):
        attends = _attends_school(member)
        age = member.age_on(today)
        if age is not None and not rule.min_age <= age < rule.max_age_exclusive:
            continue
        if attends is True:
            children += 1
        elif age is None:
            unknown.append(f"chưa biết năm sinh của {_label(index, member)}")
        elif attends is False:
            lacking.append(_with_age(index, member, age))
        else:
            unknown.append(f"chưa ghi tình trạng đi học của {_with_age(index, member, age)}")
    group = f"từ {rule.min_age} đến dưới {rule.max_age_exclusive} tuổi"
    if lacking:
        return True, f"Trẻ em {group} không đi học: {', '.join(lacking)}."
    if unknown:
        return None, f"Chưa đủ dữ liệu: {'; '.join(unknown)}."
    if children:
        return False, f"Mọi trẻ em {group} đều đang đi học."
    return False, f"Hộ không có trẻ em {group}."


def dependents_counted(rule: DependentsOverShare) -> str:
    """What the dependents suggestion counts, said at the end of each of its reasons."""
    return (
        f"Người phụ thuộc là trẻ em dưới {rule.child_under_age} tuổi, người cao tuổi hoặc người khuyết tật "
        "hưởng trợ cấp xã hội hằng tháng; người hưởng lương hưu không tính. Sổ không ghi ai hưởng trợ cấp "
        "xã hội hằng tháng, chỉ ghi hộ có đối tượng bảo trợ xã hội hay không."
    )


def _allowance_candidate(member: MemberData) -> str:
    """Why a member might be an elderly or disabled person on a monthly social allowance ("" if not)."""
    if member.disability:
        return "khuyết tật"
    if member.employment is Employment.UNABLE:
        return "không có khả năng lao động"
    if member.employment is Employment.RETIRED:
        return "nghỉ hưu, già yếu"
    return ""


def _dependents(rule: DependentsOverShare, household: HouseholdData, today: dt.date) -> _Verdict:
    members = household.members
    if not members:
        return _NO_MEMBERS
    children: list[str] = []  # dependents for certain
    candidates: list[str] = []  # on a monthly social allowance, perhaps
    unknown: list[str] = []  # of unknown age: perhaps a child
    for index, member in enumerate(members):
        age = member.age_on(today)
        candidate = _allowance_candidate(member)
        why = ", ".join(part for part in (f"{age} tuổi" if age is not None else "", candidate) if part)
        shown = f"{_label(index, member)} ({why})" if why else _label(index, member)
        if age is not None and age < rule.child_under_age:
            children.append(shown)
        elif candidate:
            candidates.append(shown)
        elif age is None:
            unknown.append(shown)
    possible = candidates if household.social_protection else []
    total = len(members)
    share = _exact(rule.share)
    percent = format_number(float(share * 100))
    count = f"{len(children)}/{total} thành viên là người phụ thuộc"
    named = f": {', '.join(children)}" if children else ""
    counted = dependents_counted(rule)
    if candidates and not household.social_protection:
        counted = (
            f"Không tính {', '.join(candidates)}: hộ không có đối tượng bảo trợ xã hội nên không ai hưởng "
            f"trợ cấp xã hội hằng tháng. {counted}"
        )
    if Fraction(len(children), total) > share:
        return True, f"Có {count}, trên {percent}% số thành viên{named}. {counted}"
    if Fraction(len(children) + len(possible) + len(unknown), total) > share:
        missing = [f"chưa biết năm sinh của {', '.join(unknown)}"] if unknown else []
        if possible:
            missing.append(f"chưa biết ai hưởng trợ cấp xã hội hằng tháng trong số {', '.join(possible)}")
        return None, f"Chưa đủ dữ liệu: {count}{named}; {'; '.join(missing)}. {counted}"
    if not children:
        return False, f"Không có thành viên nào là người phụ thuộc. {counted}"
    return False, f"Có {count}, không quá {percent}% số thành viên{named}. {counted}"
