"""The 54 ethnic groups: codes, names, and the spelling variants accepted on import (rules.md §5)."""

from __future__ import annotations

import unicodedata

import pytest

from ranoat.domain.ethnicity import (
    KINH,
    ethnic_group,
    ethnic_groups,
    ethnicity_name,
    find_ethnic_group,
    is_ethnicity_code,
    reference_dir,
)


def test_the_54_groups_in_code_order() -> None:
    groups = ethnic_groups()
    assert len(groups) == 54
    assert [g.code for g in groups] == [f"{n:02d}" for n in range(1, 55)]
    assert len({g.name for g in groups}) == 54
    assert all(unicodedata.is_normalized("NFC", g.name) for g in groups)
    assert (reference_dir() / "ethnic-groups.csv").is_file()


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("01", "Kinh"),
        ("02", "Tày"),
        ("07", "Nùng"),
        ("08", "Mông"),
        ("09", "Dao"),
        ("15", "Sán Chay"),
        ("54", "Rơ Măm"),
    ],
)
def test_lookup_by_code(code: str, name: str) -> None:
    assert is_ethnicity_code(code)
    assert ethnicity_name(code) == name
    group = ethnic_group(code)
    assert group is not None
    assert group.name == name


@pytest.mark.parametrize("code", ["", "00", "55", "1", "8", "001", "Kinh"])
def test_unknown_codes(code: str) -> None:
    assert not is_ethnicity_code(code)
    assert ethnicity_name(code) is None
    assert ethnic_group(code) is None


def test_kinh_constant() -> None:
    assert ethnicity_name(KINH) == "Kinh"


def test_every_official_name_finds_its_group() -> None:
    for group in ethnic_groups():
        assert find_ethnic_group(group.name) == group
        assert find_ethnic_group(group.name.upper()) == group
        assert find_ethnic_group(unicodedata.normalize("NFD", group.name)) == group


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("H'Mông", "08"),
        ("H’Mông", "08"),
        ("Hmông", "08"),
        ("HMÔNG", "08"),
        ("Mông", "08"),
        ("Hmong", "08"),
        ("Khơ-me", "05"),
        ("Khơ me", "05"),
        ("Khmer", "05"),
        ("khmer", "05"),
        ("Ê-đê", "12"),
        ("Êđê", "12"),
        ("Ê Đê", "12"),
        ("Gia-rai", "10"),
        ("Jrai", "10"),
        ("Bru Vân Kiều", "23"),
        ("Vân Kiều", "23"),
        ("Giẻ Triêng", "27"),
        ("Xơ-đăng", "14"),
        ("M'Nông", "20"),
        ("Cao Lan", "15"),
        ("Sán Chí", "15"),
        ("Tay", "02"),
        ("nung", "07"),
        ("  Dao  ", "09"),
        ("Việt", "01"),
        ("8", "08"),
        ("08", "08"),
    ],
)
def test_variants(text: str, code: str) -> None:
    group = find_ethnic_group(text)
    assert group is not None
    assert group.code == code


def test_names_that_differ_only_by_diacritics_stay_apart() -> None:
    lao, co_lao, co = find_ethnic_group("Lào"), find_ethnic_group("Cờ Lao"), find_ethnic_group("Co")
    assert (lao and lao.code, co_lao and co_lao.code, co and co.code) == ("37", "47", "30")
    la_ha, la_hu = find_ethnic_group("La Ha"), find_ethnic_group("La Hủ")
    assert (la_ha and la_ha.code, la_hu and la_hu.code) == ("39", "41")


@pytest.mark.parametrize("text", ["", "   ", "Mán Xanh", "Kinh Tày", "55", "0", "Mông Cổ"])
def test_unknown_names(text: str) -> None:
    assert find_ethnic_group(text) is None
