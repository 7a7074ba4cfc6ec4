"""`validate_household()` and `validate_survey()`: each rule, the field path it reports and its
severity; a complete household and a complete survey have no issue."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable

import pytest

from ranoat.domain.area import Area
from ranoat.domain.household import HouseholdData, MemberData, Relation, Sex
from ranoat.domain.issue import Issue
from ranoat.domain.survey import SurveyData
from ranoat.domain.validation import validate_household, validate_survey
from ranoat.rules.rulebook import Rulebook, load_all

TODAY = dt.date(2026, 6, 15)


def complete() -> HouseholdData:
    return HouseholdData(
        code="T01-00001",
        village_id=1,
        area=Area.RURAL,
        phone="0912345678",
        members=[
            MemberData("Hoàng Văn Thắng", Sex.MALE, Relation.HEAD, 1980, cccd="020080123456", ethnicity_code="02"),
            MemberData("Lục Thị Hoà", Sex.FEMALE, Relation.SPOUSE, 1984, dt.date(1984, 3, 8), "07", "020184654321"),
            MemberData("Hoàng Minh Đức", Sex.MALE, Relation.CHILD, 2012, ethnicity_code="02"),
        ],
    )


def at(issues: list[Issue], field: str) -> list[Issue]:
    return [issue for issue in issues if issue.field == field]


def only(issues: list[Issue], field: str, severity: str) -> Issue:
    assert [(i.field, i.severity) for i in issues] == [(field, severity)], issues
    return issues[0]


@pytest.fixture(scope="module")
def book() -> Rulebook:
    return load_all()["2022-2025"]


def test_a_complete_household_has_no_issue() -> None:
    assert validate_household(complete(), TODAY) == []


# ---------------------------------------------------------------------------- required fields

Change = Callable[[HouseholdData], None]


def _code(h: HouseholdData) -> None:
    h.code = "  "


def _village(h: HouseholdData) -> None:
    h.village_id = None


def _name(h: HouseholdData) -> None:
    h.members[1].full_name = ""


def _sex(h: HouseholdData) -> None:
    h.members[2].sex = None


def _relation(h: HouseholdData) -> None:
    h.members[2].relation = None


def _birth_year(h: HouseholdData) -> None:
    h.members[2].birth_year = None


def _ethnicity(h: HouseholdData) -> None:
    h.members[0].ethnicity_code = ""


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        pytest.param(_code, "code", "mã hộ", id="code"),
        pytest.param(_village, "village_id", "thôn", id="village"),
        pytest.param(_name, "members.1.full_name", "họ và tên", id="full name"),
        pytest.param(_sex, "members.2.sex", "giới tính", id="sex"),
        pytest.param(_relation, "members.2.relation", "quan hệ", id="relation"),
        pytest.param(_birth_year, "members.2.birth_year", "năm sinh", id="birth year"),
        pytest.param(_ethnicity, "members.0.ethnicity_code", "dân tộc", id="ethnicity"),
    ],
)
def test_required_fields(change: Change, field: str, words: str) -> None:
    household = complete()
    change(household)
    issue = only(validate_household(household, TODAY), field, "error")
    assert words in issue.message


def test_a_household_needs_a_member() -> None:
    household = complete()
    household.members = []
    issue = only(validate_household(household, TODAY), "members", "error")
    assert "ít nhất một thành viên" in issue.message


# ---------------------------------------------------------------------------- ranges


@pytest.mark.parametrize(
    ("birth_year", "ok"),
    [(1899, False), (1900, True), (2026, True), (2027, False), (0, False), (26, False)],
)
def test_birth_year_range(birth_year: int, ok: bool) -> None:
    household = complete()
    household.members[2].relation = Relation.OTHER  # no generation check: the year's range alone
    household.members[2].birth_year = birth_year
    issues = validate_household(household, TODAY)
    if ok:
        assert issues == []
    else:
        issue = only(issues, "members.2.birth_year", "error")
        assert "từ 1900 đến 2026" in issue.message


def test_birth_date_must_match_the_birth_year() -> None:
    household = complete()
    household.members[1].birth_date = dt.date(1985, 3, 8)
    issue = only(validate_household(household, TODAY), "members.1.birth_date", "error")
    assert "08/03/1985" in issue.message
    assert "1984" in issue.message


def test_birth_date_in_the_future() -> None:
    household = complete()
    household.members[2].birth_year = 2026
    household.members[2].birth_date = dt.date(2026, 6, 16)
    issue = only(validate_household(household, TODAY), "members.2.birth_date", "error")
    assert "16/06/2026" in issue.message
    household.members[2].birth_date = TODAY
    assert validate_household(household, TODAY) == []


# ---------------------------------------------------------------------------- the head


def test_no_head() -> None:
    household = complete()
    household.members[0].relation = Relation.SPOUSE
    issue = only(validate_household(household, TODAY), "members", "error")
    assert "chưa có chủ hộ" in issue.message


def test_two_heads() -> None:
    household = complete()
    household.members[1].relation = Relation.HEAD
    issue = only(validate_household(household, TODAY), "members", "error")
    assert "2 chủ hộ" in issue.message
    assert "Hoàng Văn Thắng (thành viên thứ 1)" in issue.message
    assert "Lục Thị Hoà (thành viên thứ 2)" in issue.message


# ---------------------------------------------------------------------------- codes and text


@pytest.mark.parametrize("code", ["55", "00", "8", "Tày", "1"])
def test_unknown_ethnicity_code(code: str) -> None:
    household = complete()
    household.members[2].ethnicity_code = code
    issue = only(validate_household(household, TODAY), "members.2.ethnicity_code", "error")
    assert "54 dân tộc" in issue.message


@pytest.mark.parametrize(
    ("phone", "ok"),
    [("", True), ("0912345678", True), (" 0912345678 ", True), ("0912 345 678", False), ("+84912345678", False)],
)
def test_phone_digits_only_is_a_warning(phone: str, ok: bool) -> None:
    household = complete()
    household.phone = phone
    issues = validate_household(household, TODAY)
    if ok:
        assert issues == []
    else:
        assert "chữ số" in only(issues, "phone", "warning").message


def test_full_name_not_in_nfc_is_a_warning() -> None:
    household = complete()
    household.members[1].full_name = unicodedata.normalize("NFD", "Lục Thị Hoà")
    issue = only(validate_household(household, TODAY), "members.1.full_name", "warning")
    assert "NFC" in issue.message


# ---------------------------------------------------------------------------- identity numbers


def test_cccd_checks_are_reported_at_the_member() -> None:
    household = complete()
    household.members[0].cccd = "020180123456"  # digit 4 says female
    issue = only(validate_household(household, TODAY), "members.0.cccd", "warning")
    assert "nữ" in issue.message
    household.members[0].cccd = "0201801"
    only(validate_household(household, TODAY), "members.0.cccd", "error")
    household.members[0].cccd = "081234567"
    assert only(validate_household(household, TODAY), "members.0.cccd", "info").message.startswith("CMND cũ")


def test_same_cccd_twice_in_the_household() -> None:
    household = complete()
    household.members[2].cccd = "020080123456"  # the head's number; also disagrees with the birth year
    issues = validate_household(household, TODAY)
    errors = [i for i in at(issues, "members.2.cccd") if i.severity == "error"]
    assert len(errors) == 1
    assert "trùng" in errors[0].message
    assert "Hoàng Văn Thắng (thành viên thứ 1)" in errors[0].message
    assert at(issues, "members.0.cccd") == []


def test_same_cccd_with_surrounding_spaces_is_the_same() -> None:
    household = complete()
    household.members[2].cccd = " 020080123456"
    assert any("trùng" in i.message for i in at(validate_household(household, TODAY), "members.2.cccd"))


def test_messages_are_vietnamese_and_severities_closed() -> None:
    household = HouseholdData(
        code="",
        village_id=None,
        area=Area.URBAN,
        phone="09.12",
        members=[MemberData("", cccd="abc", ethnicity_code="99"), MemberData("Bà", cccd="020180123456")],
    )
    issues = validate_household(household, TODAY)
    assert len(issues) >= 10
    for issue in issues:
        assert issue.severity in ("error", "warning", "info")
        assert issue.message.endswith(".")
        assert not issue.message.isascii()


# ---------------------------------------------------------------------------- survey


def test_a_complete_survey_has_no_issue(book: Rulebook) -> None:
    survey = SurveyData(b1=135.5, housing_area_m2=42.5, lacking=["employment", "housing_area"])
    assert validate_survey(book, survey) == []
    assert validate_survey(book, SurveyData()) == []


@pytest.mark.parametrize(
    ("b1", "ok"),
    [
        (0, True),
        (1000, True),
        (140.5, True),
        (-0.5, False),
        (1000.5, False),
        (float("nan"), False),
        (float("inf"), False),
    ],
)
def test_b1_range(book: Rulebook, b1: float, ok: bool) -> None:
    issues = validate_survey(book, SurveyData(b1=b1))
    if ok:
        assert issues == []
    else:
        assert "từ 0 đến 1.000" in only(issues, "b1", "error").message


@pytest.mark.parametrize(
    ("area", "ok"), [(0, True), (10000, True), (7.5, True), (-1, False), (10000.5, False), (float("nan"), False)]
)
def test_housing_area_range(book: Rulebook, area: float, ok: bool) -> None:
    issues = validate_survey(book, SurveyData(housing_area_m2=area))
    if ok:
        assert issues == []
    else:
        assert "10.000 m²" in only(issues, "housing_area_m2", "error").message


def test_lacking_codes_must_be_known_to_the_rulebook(book: Rulebook) -> None:
    issue = only(validate_survey(book, SurveyData(lacking=["employment", "health_access"])), "lacking.1", "error")
    assert "health_access" in issue.message
    assert "2022-2025" in issue.message
    # the same code is known to the 2016–2020 standard
    assert validate_survey(load_all()["2016-2020"], SurveyData(lacking=["health_access"])) == []


def test_a_lacking_code_ticked_twice(book: Rulebook) -> None:
    issue = only(validate_survey(book, SurveyData(lacking=["housing_area", "housing_area"])), "lacking.1", "error")
    assert "Diện tích nhà ở bình quân đầu người" in issue.message


# ---------------------------------------------------------------------------- between members
@pytest.mark.parametrize(
    ("relation", "year", "warned"),
    [
        (Relation.CHILD, 1979, True),  # head 1980: a child born before the head
        (Relation.CHILD, 1980, True),  # the same year
        (Relation.CHILD, 1992, False),  # 12 years younger
        (Relation.GRANDCHILD, 1975, True),
        (Relation.CHILD_IN_LAW, 1981, False),
        (Relation.PARENT, 1980, True),
        (Relation.PARENT, 1968, False),
        (Relation.GRANDPARENT, 1995, True),
        (Relation.SIBLING, 2000, False),  # no order between siblings
        (Relation.OTHER, 1900, False),
    ],
)
def test_a_member_of_another_generation_born_on_the_wrong_side_of_the_head_is_a_warning(
    relation: Relation, year: int, warned: bool
) -> None:
    household = complete()
    household.members[2].relation = relation
    household.members[2].birth_year = year
    issues = validate_household(household, TODAY)
    if not warned:
        assert issues == []
        return
    issue = only(issues, "members.2.birth_year", "warning")
    assert "Hoàng Minh Đức" in issue.message
    assert f"sinh năm {year}" in issue.message
    assert "(1980)" in issue.message
    assert "kiểm tra lại năm sinh hoặc quan hệ" in issue.message
    assert [i for i in issues if i.severity == "error"] == []  # kept if the officer says so


@pytest.mark.parametrize(
    ("relation", "year", "said"),
    [
        (Relation.CHILD, 1985, "Con sinh năm 1985"),  # after the head, but by 5 years
        (Relation.CHILD, 1991, "Con sinh năm 1991"),  # 11
        (Relation.GRANDCHILD, 2000, "Cháu sinh năm 2000"),  # 20
        (Relation.PARENT, 1975, "Bố/mẹ sinh năm 1975"),
        (Relation.GRANDPARENT, 1960, "Ông/bà sinh năm 1960"),
    ],
)
def test_a_member_closer_to_the_head_than_a_generation_is_questioned(relation: Relation, year: int, said: str) -> None:
    household = complete()
    household.members[2].relation = relation
    household.members[2].birth_year = year
    issue = only(validate_household(household, TODAY), "members.2.birth_year", "warning")
    assert issue.message == f"{said}, chủ hộ sinh năm 1980: năm sinh có đúng không?"


def test_no_generation_check_without_the_head_s_year() -> None:
    household = complete()
    household.members[0].birth_year = None
    household.members[2].birth_year = 1900
    assert at(validate_household(household, TODAY), "members.2.birth_year") == []
