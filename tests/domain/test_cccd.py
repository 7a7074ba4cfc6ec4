"""`check_identity_number()`: the shape of a CCCD or old CMND, and digit 4 (sex and century) and
digits 5–6 (birth year) against the member's data — warnings, never errors (rules.md §5)."""

from __future__ import annotations

import pytest

from ranoat.domain.cccd import check_identity_number
from ranoat.domain.household import Sex
from ranoat.domain.issue import Issue


def severities(issues: list[Issue]) -> list[str]:
    return [issue.severity for issue in issues]


def test_empty_number_has_no_issue() -> None:
    assert check_identity_number("", Sex.MALE, 1980) == []
    assert check_identity_number("   ", None, None) == []


@pytest.mark.parametrize(
    ("number", "sex", "birth_year"),
    [
        pytest.param("020080123456", Sex.MALE, 1980, id="male 1900s"),
        pytest.param("020185123456", Sex.FEMALE, 1985, id="female 1900s"),
        pytest.param("001200123456", Sex.MALE, 2000, id="male 2000s"),
        pytest.param("079315654321", Sex.FEMALE, 2015, id="female 2000s"),
        pytest.param("020499000001", Sex.MALE, 2199, id="male 2100s"),
        pytest.param("020501000001", Sex.FEMALE, 2101, id="female 2100s"),
        pytest.param("020600000001", Sex.MALE, 2200, id="male 2200s"),
        pytest.param("020199000001", Sex.FEMALE, 1999, id="last year of the century"),
        pytest.param("020100000001", Sex.FEMALE, 1900, id="first year of the century"),
        pytest.param("999080123456", Sex.MALE, 1980, id="province code not checked"),
    ],
)
def test_consistent_cccd_has_no_issue(number: str, sex: Sex, birth_year: int) -> None:
    assert check_identity_number(number, sex, birth_year) == []


def test_surrounding_spaces_are_ignored() -> None:
    assert check_identity_number(" 020080123456 ", Sex.MALE, 1980) == []


@pytest.mark.parametrize(
    "number",
    [
        pytest.param("02008012345A", id="letter"),
        pytest.param("020 080 123 456", id="spaces inside"),
        pytest.param("020-080-123456", id="dashes"),
        pytest.param("０２００８０１２３４５６", id="full-width digits"),
        pytest.param("02008012345²", id="superscript digit"),
    ],
)
def test_non_digits_are_an_error(number: str) -> None:
    issues = check_identity_number(number, Sex.MALE, 1980)
    assert severities(issues) == ["error"]
    assert "chữ số" in issues[0].message


@pytest.mark.parametrize("length", [1, 8, 10, 11, 13, 20])
def test_wrong_length_is_an_error(length: int) -> None:
    issues = check_identity_number("1" * length, None, None)
    assert severities(issues) == ["error"]
    assert "12 chữ số" in issues[0].message
    assert f"có {length} chữ số" in issues[0].message


def test_old_9_digit_cmnd_is_accepted_with_a_note() -> None:
    issues = check_identity_number("081234567", Sex.FEMALE, 1950)
    assert severities(issues) == ["info"]
    assert issues[0].message.startswith("CMND cũ (9 số)")


def test_sex_disagreeing_is_a_warning() -> None:
    issues = check_identity_number("020180123456", Sex.MALE, 1980)
    assert severities(issues) == ["warning"]
    assert "Chữ số thứ 4" in issues[0].message
    assert "nữ" in issues[0].message
    assert "nam" in issues[0].message


def test_century_disagreeing_is_a_warning() -> None:
    issues = check_identity_number("020005123456", Sex.MALE, 2005)
    assert severities(issues) == ["warning"]
    assert "1900 đến 1999" in issues[0].message
    assert "2005" in issues[0].message


def test_year_digits_disagreeing_are_a_warning() -> None:
    issues = check_identity_number("020086123456", Sex.MALE, 1985)
    assert severities(issues) == ["warning"]
    assert "Chữ số thứ 5–6" in issues[0].message
    assert "(86)" in issues[0].message
    assert "1985" in issues[0].message


def test_everything_disagreeing_gives_three_warnings() -> None:
    issues = check_identity_number("020386123456", Sex.MALE, 1985)
    assert severities(issues) == ["warning", "warning", "warning"]


def test_unknown_sex_or_birth_year_is_not_checked() -> None:
    assert check_identity_number("020386123456", None, None) == []
    assert severities(check_identity_number("020386123456", None, 1986)) == ["warning"]  # century only
    assert severities(check_identity_number("020386123456", Sex.MALE, None)) == ["warning"]  # sex only


def test_issues_carry_the_field_path() -> None:
    assert check_identity_number("12", None, None)[0].field == "cccd"
    issues = check_identity_number("020180123456", Sex.MALE, 1980, field="members.2.cccd")
    assert [issue.field for issue in issues] == ["members.2.cccd"]
