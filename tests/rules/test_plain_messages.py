"""Issue #13: where a standard lacks what a path needs, the message is plain Vietnamese (no rulebook keys)
and says what still works (the income path)."""

from __future__ import annotations

import re

import pytest

from ranoat.rules.classify import ClassificationError, ErrorCode, classify
from ranoat.rules.rulebook import load_all

KEY = re.compile(r"\b(score|income|deprivation)\.[a-z0-9_]+")


@pytest.mark.parametrize("area", ["rural", "urban"])
def test_2027_2030_score_path_names_no_key_and_points_to_income(area: str) -> None:
    book = load_all()["2027-2030"]
    with pytest.raises(ClassificationError) as caught:
        classify(book, area=area, lacking=[], b1=100)
    assert caught.value.code is ErrorCode.SCORE_THRESHOLDS_UNPUBLISHED
    message = caught.value.message
    assert KEY.search(message) is None, message
    assert "score_thresholds_unpublished" not in message
    assert "thu nhập bình quân đầu người" in message
    assert "2027-2030" in message


def test_2027_2030_income_path_still_classifies() -> None:
    book = load_all()["2027-2030"]
    assert classify(book, area="rural", lacking=[], income=1_000_000).category.value == "near_poor"
