"""`suggest_lacking()`: each kind of suggestion on both sides of its threshold, the "cannot tell"
answers, the reasons (members and numbers named), and thresholds read from the rulebook data.

Thresholds of the shipped 2022–2025 rulebook: housing area 8 m²/person, health insurance from age 6,
school attendance 3 to under 16, dependents more than half with children under 16.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from ranoat.domain.area import Area
from ranoat.domain.household import Employment, HouseholdData, MemberData, Relation, Schooling, Sex
from ranoat.domain.survey import SurveyData
from ranoat.rules.rulebook import Rulebook, load_all, load_rulebook, rulebook_dir
from ranoat.rules.suggest import Suggestion, suggest_lacking

TODAY = dt.date(2026, 6, 15)


@pytest.fixture(scope="module")
def book() -> Rulebook:
    return load_all()["2022-2025"]


def person(name: str, age: int | None, **fields: Any) -> MemberData:
    """A member whose age on TODAY is ``age`` (from the birth year alone), None when unknown."""
    birth_year = None if age is None else TODAY.year - age
    return MemberData(name, sex=Sex.MALE, relation=Relation.CHILD, birth_year=birth_year, **fields)


def household(*members: MemberData, social_protection: bool = False) -> HouseholdData:
    return HouseholdData(
        code="T01-00001", village_id=1, area=Area.RURAL, members=list(members), social_protection=social_protection
    )


def adults(count: int, **fields: Any) -> list[MemberData]:
    """Working adults, insured and done with school: they lack nothing and depend on no one."""
    return [
        person(
            f"Người lớn {i + 1}",
            40,
            employment=Employment.EMPLOYED,
            health_insurance=True,
            schooling=Schooling.UPPER_SECONDARY,
            **fields,
        )
        for i in range(count)
    ]


def suggestion(book: Rulebook, code: str, data: HouseholdData, survey: SurveyData | None = None) -> Suggestion:
    found = [s for s in suggest_lacking(book, data, survey or SurveyData(), TODAY) if s.code == code]
    assert len(found) == 1
    return found[0]


# ---------------------------------------------------------------------------- which indicators


def test_one_suggestion_per_indicator_with_a_rule_in_report_order(book: Rulebook) -> None:
    result = suggest_lacking(book, household(*adults(2)), SurveyData(housing_area_m2=50), TODAY)
    assert [s.code for s in result] == ["dependents", "health_insurance", "child_school_attendance", "housing_area"]
    for item in result:
        assert item.reason.endswith(".")


def test_2016_2020_suggests_nothing_and_2027_2030_only_dependents() -> None:
    books = load_all()
    data = household(*adults(2))
    assert suggest_lacking(books["2016-2020"], data, SurveyData(housing_area_m2=1), TODAY) == []
    assert [s.code for s in suggest_lacking(books["2027-2030"], data, SurveyData(housing_area_m2=1), TODAY)] == [
        "dependents"
    ]


def test_inputs_are_not_changed(book: Rulebook) -> None:
    data = household(*adults(2), person("Cháu", 8, schooling=Schooling.NONE, health_insurance=False))
    survey = SurveyData(housing_area_m2=10, lacking=["employment"])
    before = (copy.deepcopy(data), copy.deepcopy(survey))
    first = suggest_lacking(book, data, survey, TODAY)
    assert (data, survey) == before
    assert suggest_lacking(book, data, survey, TODAY) == first


# ---------------------------------------------------------------------------- housing area


def test_housing_area_reason_names_the_numbers(book: Rulebook) -> None:
    result = suggestion(book, "housing_area", household(*adults(4)), SurveyData(housing_area_m2=26))
    assert result.lacking is True
    assert result.reason == "Diện tích nhà ở bình quân 6,5 m²/người (26 m² cho 4 người), dưới 8 m²."


@pytest.mark.parametrize(
    ("area", "people", "lacking", "shown"),
    [
        pytest.param(32.0, 4, False, "8 m²/người", id="exactly 8 is not lacking"),
        pytest.param(8.0, 1, False, "8 m²/người", id="exactly 8 one person"),
        pytest.param(7.99, 1, True, "7,99 m²/người", id="7.99 is lacking"),
        pytest.param(31.96, 4, True, "7,99 m²/người", id="7.99 per person of four"),
        pytest.param(23.99, 3, True, "7,99 m²/người", id="7.9966 shown rounded down"),
        pytest.param(24.01, 3, False, "8 m²/người", id="8.0033 shown rounded down"),
        pytest.param(0.0, 2, True, "0 m²/người", id="no floor area"),
        pytest.param(120.0, 3, False, "40 m²/người", id="plenty"),
    ],
)
def test_housing_area_threshold(book: Rulebook, area: float, people: int, lacking: bool, shown: str) -> None:
    result = suggestion(book, "housing_area", household(*adults(people)), SurveyData(housing_area_m2=area))
    assert result.lacking is lacking
    assert shown in result.reason
    assert result.reason.endswith(", dưới 8 m²." if lacking else ", không dưới 8 m².")


def test_housing_area_not_entered_cannot_tell(book: Rulebook) -> None:
    result = suggestion(book, "housing_area", household(*adults(3)), SurveyData(housing_area_m2=None))
    assert result.lacking is None
    assert "Chưa nhập diện tích nhà ở" in result.reason


def test_housing_area_without_members_cannot_tell(book: Rulebook) -> None:
    result = suggestion(book, "housing_area", household(), SurveyData(housing_area_m2=30))
    assert result.lacking is None
    assert "chưa có thành viên" in result.reason


@pytest.mark.parametrize("area", [-1.0, float("nan"), float("inf")])
def test_housing_area_impossible_value_cannot_tell(book: Rulebook, area: float) -> None:
    assert suggestion(book, "housing_area", household(*adults(2)), SurveyData(housing_area_m2=area)).lacking is None


# ---------------------------------------------------------------------------- health insurance


def test_age_6_without_insurance_is_suggested(book: Rulebook) -> None:
    data = household(*adults(2), person("Nguyễn Văn Bình", 6, health_insurance=False))
    result = suggestion(book, "health_insurance", data)
    assert result.lacking is True
    assert result.reason == "Thành viên từ 6 tuổi trở lên không có bảo hiểm y tế: Nguyễn Văn Bình (6 tuổi)."


def test_age_5_without_insurance_is_not(book: Rulebook) -> None:
    result = suggestion(book, "health_insurance", household(*adults(2), person("Bé Na", 5, health_insurance=False)))
    assert result.lacking is False
    assert result.reason == "Mọi thành viên từ 6 tuổi trở lên đều có bảo hiểm y tế."


def test_age_from_the_birth_date_when_known(book: Rulebook) -> None:
    """Born 1/7/2020: 5 years old on 15/6/2026 although the years differ by 6."""
    child = MemberData("Bé Na", birth_year=2020, birth_date=dt.date(2020, 7, 1), health_insurance=False)
    assert suggestion(book, "health_insurance", household(*adults(1), child)).lacking is False
    child.birth_date = dt.date(2020, 6, 15)
    assert suggestion(book, "health_insurance", household(*adults(1), child)).lacking is True


def test_every_uninsured_member_is_named(book: Rulebook) -> None:
    data = household(
        person("Lò Văn A", 40, health_insurance=False),
        person("Lò Thị B", 12, health_insurance=False),
        person("Lò Văn C", 3, health_insurance=False),
    )
    result = suggestion(book, "health_insurance", data)
    assert result.lacking is True
    assert "Lò Văn A (40 tuổi), Lò Thị B (12 tuổi)" in result.reason
    assert "Lò Văn C" not in result.reason


def test_a_member_without_a_name_is_named_by_position(book: Rulebook) -> None:
    result = suggestion(book, "health_insurance", household(*adults(1), person("  ", 30, health_insurance=False)))
    assert "thành viên thứ 2 (30 tuổi)" in result.reason


@pytest.mark.parametrize(
    ("member", "fragment"),
    [
        pytest.param(person("Hoàng Văn D", 30, health_insurance=None), "chưa ghi bảo hiểm y tế", id="insurance blank"),
        pytest.param(person("Hoàng Văn D", None, health_insurance=False), "chưa biết năm sinh", id="no birth year"),
        pytest.param(person("Hoàng Văn D", None, health_insurance=None), "chưa biết năm sinh", id="nothing known"),
    ],
)
def test_health_insurance_cannot_tell(book: Rulebook, member: MemberData, fragment: str) -> None:
    result = suggestion(book, "health_insurance", household(*adults(2), member))
    assert result.lacking is None
    assert fragment in result.reason
    assert "Hoàng Văn D" in result.reason


def test_health_insurance_known_facts_settle_it(book: Rulebook) -> None:
    # insured: the unknown age does not matter; below the age: the blank insurance does not matter
    data = household(*adults(1), person("E", None, health_insurance=True), person("F", 2, health_insurance=None))
    assert suggestion(book, "health_insurance", data).lacking is False
    # one uninsured member settles it even when another is unknown
    data.members.append(person("G", 20, health_insurance=False))
    assert suggestion(book, "health_insurance", data).lacking is True


def test_health_insurance_only_young_children(book: Rulebook) -> None:
    result = suggestion(book, "health_insurance", household(person("Bé", 2, health_insurance=False)))
    assert result.lacking is False
    assert result.reason == "Hộ không có thành viên từ 6 tuổi trở lên."


# ---------------------------------------------------------------------------- school attendance


@pytest.mark.parametrize(
    ("age", "lacking"),
    [
        pytest.param(2, False, id="2 too young"),
        pytest.param(3, True, id="3 suggests"),
        pytest.param(10, True, id="10 suggests"),
        pytest.param(15, True, id="15 suggests"),
        pytest.param(16, False, id="16 does not"),
    ],
)
def test_child_not_in_school_by_age(book: Rulebook, age: int, lacking: bool) -> None:
    child = person("Vi Thị Hoa", age, schooling=Schooling.NONE)
    result = suggestion(book, "child_school_attendance", household(*adults(2), child))
    assert result.lacking is lacking
    if lacking:
        assert result.reason == f"Trẻ em từ 3 đến dưới 16 tuổi không đi học: Vi Thị Hoa ({age} tuổi)."
    else:
        assert result.reason == "Hộ không có trẻ em từ 3 đến dưới 16 tuổi."


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"schooling": Schooling.STUDYING}, id="schooling studying"),
        pytest.param({"employment": Employment.STUDYING}, id="employment studying"),
        pytest.param(
            {"schooling": Schooling.PRIMARY, "employment": Employment.STUDYING}, id="finished primary, studying"
        ),
    ],
)
def test_child_in_school(book: Rulebook, fields: dict[str, Any]) -> None:
    result = suggestion(book, "child_school_attendance", household(*adults(2), person("Con", 9, **fields)))
    assert result.lacking is False
    assert result.reason == "Mọi trẻ em từ 3 đến dưới 16 tuổi đều đang đi học."


def test_child_who_left_school_is_suggested(book: Rulebook) -> None:
    child = person("Con", 14, schooling=Schooling.PRIMARY, employment=Employment.EMPLOYED)
    assert suggestion(book, "child_school_attendance", household(*adults(2), child)).lacking is True


@pytest.mark.parametrize(
    ("member", "fragment"),
    [
        pytest.param(person("Con", 9), "chưa ghi tình trạng đi học của Con (9 tuổi)", id="schooling blank"),
        pytest.param(person("Con", 9, employment=Employment.CHILD), "chưa ghi tình trạng đi học", id="only 'child'"),
        pytest.param(person("Con", None, schooling=Schooling.NONE), "chưa biết năm sinh của Con", id="no birth year"),
    ],
)
def test_school_attendance_cannot_tell(book: Rulebook, member: MemberData, fragment: str) -> None:
    result = suggestion(book, "child_school_attendance", household(*adults(2), member))
    assert result.lacking is None
    assert fragment in result.reason


def test_a_member_in_school_with_unknown_age_does_not_block(book: Rulebook) -> None:
    data = household(*adults(2), person("Con", None, schooling=Schooling.STUDYING))
    assert suggestion(book, "child_school_attendance", data).lacking is False


# ---------------------------------------------------------------------------- dependents


COUNTED = (
    "Người phụ thuộc là trẻ em dưới 16 tuổi, người cao tuổi hoặc người khuyết tật hưởng trợ cấp xã hội hằng "
    "tháng; người hưởng lương hưu không tính. Sổ không ghi ai hưởng trợ cấp xã hội hằng tháng, chỉ ghi hộ có "
    "đối tượng bảo trợ xã hội hay không."
)


def test_dependents_exactly_half_is_not_lacking(book: Rulebook) -> None:
    data = household(*adults(2), person("Con A", 10), person("Con B", 4))
    result = suggestion(book, "dependents", data)
    assert result.lacking is False
    assert result.reason == (
        "Có 2/4 thành viên là người phụ thuộc, không quá 50% số thành viên: Con A (10 tuổi), Con B (4 tuổi). " + COUNTED
    )


def test_dependents_more_than_half_is_lacking(book: Rulebook) -> None:
    data = household(*adults(2), person("Con A", 10), person("Con B", 4), person("Con C", 1))
    result = suggestion(book, "dependents", data)
    assert result.lacking is True
    assert result.reason.startswith("Có 3/5 thành viên là người phụ thuộc, trên 50% số thành viên: ")
    assert "Con C (1 tuổi)" in result.reason
    assert result.reason.endswith(COUNTED)  # the note says what it counts


@pytest.mark.parametrize(
    ("fields", "why"),
    [
        pytest.param({"disability": True}, "khuyết tật", id="disability"),
        pytest.param({"employment": Employment.UNABLE}, "không có khả năng lao động", id="unable"),
        pytest.param({"employment": Employment.RETIRED}, "nghỉ hưu, già yếu", id="retired"),
    ],
)
def test_adults_count_only_on_a_social_allowance_which_the_data_cannot_name(
    book: Rulebook, fields: dict[str, Any], why: str
) -> None:
    """An elderly or disabled person counts only on a monthly social allowance; a pensioner never.
    Without a social-protection beneficiary in the household nobody receives one: not counted."""
    worker = person("Lao động", 40, employment=Employment.EMPLOYED)
    elders = (person("Ông Sáu", 70, **fields), person("Bà Bảy", 68, **fields))
    result = suggestion(book, "dependents", household(worker, *elders))
    assert result.lacking is False
    assert result.reason == (
        f"Không có thành viên nào là người phụ thuộc. Không tính Ông Sáu (70 tuổi, {why}), Bà Bảy (68 tuổi, "
        f"{why}): hộ không có đối tượng bảo trợ xã hội nên không ai hưởng trợ cấp xã hội hằng tháng. {COUNTED}"
    )
    # with one, the register does not say which member receives it, and here that decides it
    result = suggestion(book, "dependents", household(worker, *elders, social_protection=True))
    assert result.lacking is None
    assert (
        f"chưa biết ai hưởng trợ cấp xã hội hằng tháng trong số Ông Sáu (70 tuổi, {why}), Bà Bảy (68 tuổi, {why})"
        in result.reason
    )


def test_a_pensioner_does_not_make_a_household_lacking(book: Rulebook) -> None:
    """Two retired members and a worker: the old rule counted 2/3 dependents, lacking."""
    retired = [person(name, 66, employment=Employment.RETIRED) for name in ("Ông Hưu", "Bà Hưu")]
    data = household(*adults(1), *retired)
    assert suggestion(book, "dependents", data).lacking is False


def test_children_alone_can_settle_it_whatever_the_allowance(book: Rulebook) -> None:
    # 3/5 children: lacking, whoever receives the allowance
    data = household(person("Bà", 80, disability=True), *adults(1), *(person(f"Con {i}", i) for i in (2, 5, 9)))
    assert suggestion(book, "dependents", replace_social(data, True)).lacking is True
    # 1/4 children and one possible: at most 2/4, not more than half either way
    data = household(*adults(2), person("Bà", 80, disability=True), person("Con", 3), social_protection=True)
    assert suggestion(book, "dependents", data).lacking is False


def replace_social(data: HouseholdData, value: bool) -> HouseholdData:
    return HouseholdData(data.code, data.village_id, data.area, members=data.members, social_protection=value)


def test_several_reasons_of_one_dependent(book: Rulebook) -> None:
    data = household(person("Con", 12, disability=True))
    assert "Con (12 tuổi, khuyết tật)" in suggestion(book, "dependents", data).reason


def test_16_is_not_a_child_dependent_and_15_is(book: Rulebook) -> None:
    assert suggestion(book, "dependents", household(*adults(1), person("Con", 16))).lacking is False
    assert suggestion(book, "dependents", household(*adults(1), person("Con", 15), person("Em", 3))).lacking is True


def test_no_dependents(book: Rulebook) -> None:
    result = suggestion(book, "dependents", household(*adults(3)))
    assert result.lacking is False
    assert result.reason == f"Không có thành viên nào là người phụ thuộc. {COUNTED}"


def test_dependents_unknown_birth_year_that_could_tip_it(book: Rulebook) -> None:
    # 1/3 known; 2/3 if the member of unknown age is a child
    data = household(*adults(1), person("Con A", 10), person("Lạ", None))
    result = suggestion(book, "dependents", data)
    assert result.lacking is None
    assert result.reason == (
        f"Chưa đủ dữ liệu: 1/3 thành viên là người phụ thuộc: Con A (10 tuổi); chưa biết năm sinh của Lạ. {COUNTED}"
    )


def test_dependents_unknown_birth_year_that_cannot_tip_it(book: Rulebook) -> None:
    # 3/5 are dependents whatever the unknown member is
    data = household(*adults(1), person("A", 1), person("B", 2), person("C", 3), person("Lạ", None))
    assert suggestion(book, "dependents", data).lacking is True
    # 1/5, at most 2/5 with the unknown one: not more than half either way
    data = household(*adults(3), person("A", 1), person("Lạ", None))
    assert suggestion(book, "dependents", data).lacking is False
    # a disabled member of unknown age is no child to count, and without a social-protection
    # beneficiary in the household no dependent either: 1/3
    data = household(*adults(1), person("Lạ", None, disability=True), person("A", 1))
    assert suggestion(book, "dependents", data).lacking is False


def test_no_members_cannot_tell(book: Rulebook) -> None:
    result = suggest_lacking(book, household(), SurveyData(housing_area_m2=20), TODAY)
    assert [s.lacking for s in result] == [None, None, None, None]


# ---------------------------------------------------------------------------- thresholds are data


def _moved_thresholds(tmp_path: Path) -> Rulebook:
    data = yaml.safe_load((rulebook_dir() / "2022-2025.yaml").read_text(encoding="utf-8"))
    rules = {i["code"]: i["suggestion"] for i in data["indicators"] if "suggestion" in i}
    rules["housing_area"]["square_metres"] = 10
    rules["health_insurance"]["min_age"] = 18
    rules["child_school_attendance"].update(min_age=6, max_age_exclusive=15)
    rules["dependents"].update(share=0.3, child_under_age=18)
    path = tmp_path / "2022-2025.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_rulebook(path)


def test_thresholds_come_from_the_rulebook(tmp_path: Path, book: Rulebook) -> None:
    moved = _moved_thresholds(tmp_path)
    area = SurveyData(housing_area_m2=36)
    four = household(*adults(4))
    assert suggestion(book, "housing_area", four, area).lacking is False  # 9 m² ≥ 8
    result = suggestion(moved, "housing_area", four, area)
    assert result.lacking is True
    assert result.reason.endswith("dưới 10 m².")

    teen = household(*adults(1), person("Con", 16, health_insurance=False, schooling=Schooling.NONE))
    assert suggestion(book, "health_insurance", teen).lacking is True
    assert suggestion(moved, "health_insurance", teen).lacking is False

    small = household(*adults(2), person("Con", 4, schooling=Schooling.NONE))
    assert suggestion(book, "child_school_attendance", small).lacking is True
    assert suggestion(moved, "child_school_attendance", small).lacking is False

    # 1 of 3 (a 17-year-old): not over half, but over 30% with children under 18
    data = household(*adults(2), person("Con", 17, schooling=Schooling.STUDYING))
    assert suggestion(book, "dependents", data).lacking is False
    moved_result = suggestion(moved, "dependents", data)
    assert moved_result.lacking is True
    assert "trên 30% số thành viên" in moved_result.reason


def test_share_compares_exactly(tmp_path: Path) -> None:
    """3/10 is not more than a share of 0.3 (binary floating point would say 0.30000000000000004)."""
    data = yaml.safe_load((rulebook_dir() / "2022-2025.yaml").read_text(encoding="utf-8"))
    data["indicators"][1]["suggestion"]["share"] = 0.3
    path = tmp_path / "2022-2025.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    moved = load_rulebook(path)
    three_of_ten = household(*adults(7), person("A", 1), person("B", 2), person("C", 3))
    assert suggestion(moved, "dependents", three_of_ten).lacking is False
    three_of_ten.members.append(person("D", 4))
    assert suggestion(moved, "dependents", three_of_ten).lacking is True
