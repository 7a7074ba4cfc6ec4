"""Search folding and the Vietnamese sort order (rules.md §5)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ranoat.domain.search import fold, name_sort_key, name_sort_text, sort_key, sort_text


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("duc", "Đức"),
        ("DUC", "đức"),
        ("hoang van duc", "Hoàng  Văn Đức"),
        ("hoa", "Hoà"),
        ("hoa", "Hòa"),
        ("thuy", "Thuý"),
        ("nguyen", unicodedata.normalize("NFD", "Nguyễn")),
    ],
)
def test_fold_ignores_case_diacritics_and_d(typed: str, stored: str) -> None:
    assert fold(typed) == fold(stored)


def test_old_and_new_tone_placement_fold_equal() -> None:
    assert fold("hoà") == fold("hòa")
    assert fold("thuý") == fold("thúy")


def test_vietnamese_alphabet_order() -> None:
    words = ["Đào", "Dung", "Ân", "Ăn", "Anh", "Ơn", "Ôn", "On", "Ưng", "Uy", "Bình"]
    assert sorted(words, key=sort_key) == ["Anh", "Ăn", "Ân", "Bình", "Dung", "Đào", "On", "Ôn", "Ơn", "Uy", "Ưng"]


def test_tones_break_ties_in_order_ngang_huyen_hoi_nga_sac_nang() -> None:
    words = ["Mạ", "Má", "Mã", "Mả", "Mà", "Ma"]
    assert sorted(words, key=sort_key) == ["Ma", "Mà", "Mả", "Mã", "Má", "Mạ"]


def test_people_sort_by_given_name_first() -> None:
    names = ["Nguyễn Văn Ân", "Lê Thị Anh", "Trần An", "Hoàng Đức", "Bế Văn Dũng"]
    assert sorted(names, key=name_sort_key) == ["Trần An", "Lê Thị Anh", "Nguyễn Văn Ân", "Bế Văn Dũng", "Hoàng Đức"]


VIETNAMESE = "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ"


@given(st.lists(st.text(alphabet=VIETNAMESE + VIETNAMESE.upper() + " 0", max_size=12), min_size=2, max_size=30))
def test_stored_sort_text_orders_like_sort_key(words: list[str]) -> None:
    """The indexed column the register sorts by must agree with the Vietnamese order."""
    assert [sort_key(w) for w in sorted(words, key=sort_text)] == [sort_key(w) for w in sorted(words, key=sort_key)]
    assert [name_sort_key(w) for w in sorted(words, key=name_sort_text)] == sorted(name_sort_key(w) for w in words)


def test_a_space_sorts_before_letters() -> None:
    assert sorted(["Anh", "An Bình", "An"], key=sort_key) == ["An", "An Bình", "Anh"]
