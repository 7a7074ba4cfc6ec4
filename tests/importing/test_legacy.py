"""Legacy Vietnamese text (rules.md §5): TCVN3 and VNI to Unicode, and one tone-mark placement."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from importing.workbooks import to_tcvn3, to_vni
from ranoat.importing.legacy import (
    TextEncoding,
    convert_cell,
    detect_encoding,
    from_tcvn3,
    from_vni,
    normalize_text,
)

NAMES = ["Hoàng Văn Thào", "Lương Thị Hòa", "Nguyễn Thị Thủy", "Đặng Quốc Trường", "Lộc Thị Ước", "Bế Văn Khỏe"]


def test_tcvn3_text_is_converted() -> None:
    assert from_tcvn3("NguyÔn V¨n §øc") == "Nguyễn Văn Đức"
    assert from_tcvn3("Chñ hé") == "Chủ hộ"
    assert from_tcvn3("Con d©u") == "Con dâu"


def test_vni_text_is_converted() -> None:
    assert from_vni("Nguyeãn Vaên Ñöùc") == "Nguyễn Văn Đức"
    assert from_vni("Xin chaøo caùc baïn") == "Xin chào các bạn"
    assert from_vni("Ñoàng Vaên Höông") == "Đồng Văn Hương"


@pytest.mark.parametrize("name", NAMES)
def test_every_name_survives_a_trip_through_each_legacy_encoding(name: str) -> None:
    assert convert_cell(to_vni(name), TextEncoding.VNI) == name
    assert convert_cell(to_tcvn3(name), TextEncoding.TCVN3) == name


def test_a_sheet_is_recognised_from_all_its_text() -> None:
    assert detect_encoding([to_tcvn3(n) for n in NAMES]) is TextEncoding.TCVN3
    assert detect_encoding([to_vni(n) for n in NAMES]) is TextEncoding.VNI
    assert detect_encoding(NAMES) is TextEncoding.UNICODE
    assert detect_encoding(["STT", "Họ và tên", "1968"]) is TextEncoding.UNICODE


def test_unicode_cells_of_a_legacy_sheet_stay_as_they_are() -> None:
    # a letter beyond Latin-1 (ễ, ơ, đ) cannot be legacy text
    assert convert_cell("Nguyễn Văn Đức", TextEncoding.VNI) == "Nguyễn Văn Đức"
    assert convert_cell("Lê Thị Hòa", TextEncoding.TCVN3) == "Lê Thị Hòa"


def test_one_tone_placement_the_traditional_one() -> None:
    assert normalize_text("Lương Thị Hoà") == "Lương Thị Hòa"
    assert normalize_text("Thuỷ") == "Thủy"
    assert normalize_text("khoẻ") == "khỏe"
    assert normalize_text("Quý") == "Quý"  # qu + y: the mark stays on y
    assert normalize_text("Hoàng") == "Hoàng"  # not an open syllable
    assert normalize_text("Nguy\u0065\u0302\u0303n") == "Nguyễn"  # decomposed → NFC


@given(st.text())
def test_conversion_never_fails_and_always_gives_nfc(text: str) -> None:
    for encoding in TextEncoding:
        result = convert_cell(text, encoding)
        assert unicodedata.normalize("NFC", result) == result
