"""`classify_survey()`: the one rule for which value of a Phiếu B classifies it (issue #12).

Phiếu B's B1 score decides; an income typed beside it does not (it is kept for what-if); the income
decides only without a B1; with neither nothing is said; bad input comes back as the error.
The thresholds are the 2022–2025 ones of rules.md §2 (rural: B1 ≤ 140 poor-or-near-poor line).
"""

from __future__ import annotations

from ranoat.domain.category import Category
from ranoat.rules.classify import Classification, ClassificationError, classify, classify_survey
from ranoat.rules.rulebook import load_all

BOOK = load_all()["2022-2025"]
TWO = [indicator.code for indicator in BOOK.model.indicators][:2]


def test_b1_decides_even_with_an_income_beside_it() -> None:
    # B1 141 is above the rural line: not poor, whatever an income of 100.000 đồng would say.
    result = classify_survey(BOOK, area="rural", lacking=TWO, b1=141, income=100_000)
    assert isinstance(result, Classification)
    assert result.path == "score"
    assert result.category is classify(BOOK, area="rural", lacking=TWO, b1=141).category
    assert result.category is Category.NOT_POOR


def test_b1_at_the_line_with_an_income_is_the_score_result() -> None:
    result = classify_survey(BOOK, area="rural", lacking=TWO, b1=140, income=9_000_000)
    assert isinstance(result, Classification)
    assert result.path == "score"
    assert result.category is classify(BOOK, area="rural", lacking=TWO, b1=140).category
    assert result.category is not Category.NOT_POOR


def test_income_decides_only_without_b1() -> None:
    result = classify_survey(BOOK, area="rural", lacking=TWO, income=1_000_000)
    assert isinstance(result, Classification)
    assert result.path == "income"
    assert result.category is classify(BOOK, area="rural", lacking=TWO, income=1_000_000).category


def test_neither_value_says_nothing_yet() -> None:
    assert classify_survey(BOOK, area="rural", lacking=TWO) is None


def test_bad_input_is_returned_not_raised() -> None:
    result = classify_survey(BOOK, area="rural", lacking=TWO, b1="abc")
    assert isinstance(result, ClassificationError)
