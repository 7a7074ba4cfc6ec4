"""Data tests: the hand-written boundary cases in `cases/<standard>.yaml` against `classify()`.

The expected values in the case files come from rules.md §2, not from running the code. This module
runs one pytest case per YAML case, then checks that the case files really cover every threshold
of every shipped rulebook on both sides (computed from the rulebook data, so a threshold added
without cases fails here), that every error code is exercised, and that each standard has exactly
the indicator codes that product.md lists.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from ranoat.domain.area import Area
from ranoat.domain.category import Category
from ranoat.rules.classify import ClassificationError, ErrorCode, classify
from ranoat.rules.rulebook import ByArea, Rulebook, load_all

CASES_DIR = Path(__file__).parent / "cases"
BOOKS: dict[str, Rulebook] = load_all()

INPUT_KEYS = ("area", "b1", "income", "lacking", "region", "average_living")
RESULT_KEYS = ("category", "b2", "criteria_keys")
ERROR_KEYS = ("error", "message_contains")
ALLOWED_KEYS = frozenset({"name", *INPUT_KEYS, *RESULT_KEYS, *ERROR_KEYS})

# Indicator codes per standard, copied from product.md "Command line". 2016–2020 and 2022–2025 are
# also in report-column order (rules.md §2.3 and §2.5 give the order); the 2027–2030 grouping is a
# draft, so only the set is fixed.
PRODUCT_INDICATORS: dict[str, list[str]] = {
    "2016-2020": [
        "health_access",
        "health_insurance",
        "adult_education",
        "child_school_attendance",
        "housing_quality",
        "housing_area",
        "water_source",
        "hygienic_toilet",
        "telecom_use",
        "info_assets",
    ],
    "2022-2025": [
        "employment",
        "dependents",
        "nutrition",
        "health_insurance",
        "adult_education",
        "child_school_attendance",
        "housing_quality",
        "housing_area",
        "water_source",
        "hygienic_toilet",
        "telecom_use",
        "info_access_means",
    ],
    "2027-2030": [
        "employment",
        "dependents",
        "nutrition",
        "health_insurance",
        "adult_education",
        "child_school_attendance",
        "housing_quality",
        "housing_area",
        "water_source",
        "hygienic_toilet",
        "telecom_use",
        "waste_treatment",
    ],
}
ORDERED_INDICATORS = ("2016-2020", "2022-2025")

# The threshold keys the brief names; the coverage test also discovers any other ByArea line.
KNOWN_THRESHOLD_KEYS = {
    "income.outright_poor_line",
    "income.poverty_line",
    "income.average_living_ceiling",
    "score.b1_outright_poor_max",
    "score.b1_poverty_max",
}


@dataclass(frozen=True)
class Case:
    standard: str
    name: str
    data: dict[str, Any]

    @property
    def id(self) -> str:
        return f"{self.standard} {self.name}"

    @property
    def inputs(self) -> dict[str, Any]:
        """Keyword arguments of `classify()`; absent area/lacking are passed as None."""
        kwargs: dict[str, Any] = {"area": self.data.get("area"), "lacking": self.data.get("lacking")}
        for key in ("b1", "income", "region", "average_living"):
            if key in self.data:
                kwargs[key] = self.data[key]
        return kwargs

    @property
    def is_error(self) -> bool:
        return "error" in self.data

    def measured(self, path_key: str) -> float | None:
        """The numeric b1 or income of a non-error case, else None."""
        value = self.data.get(path_key)
        if self.is_error or isinstance(value, bool) or not isinstance(value, (int, float)):
            return None
        return float(value)


def _case_files() -> list[Path]:
    return sorted(CASES_DIR.glob("*.yaml"))


def _load_cases() -> list[Case]:
    cases: list[Case] = []
    for path in _case_files():
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(raw, list), f"{path}: must be a YAML list of cases"
        assert raw, f"{path}: has no cases"
        for index, item in enumerate(raw):
            assert isinstance(item, dict), f"{path}: case {index} is not a mapping"
            where = f"{path}: case {index} ({item.get('name')!r})"
            assert isinstance(item.get("name"), str), f"{where}: needs a name"
            assert item["name"].strip(), f"{where}: needs a name"
            unknown = set(item) - ALLOWED_KEYS
            assert not unknown, f"{where}: unknown keys {sorted(unknown)}"
            if "error" in item:
                assert not set(item) & set(RESULT_KEYS), f"{where}: an error case has no category/b2"
                assert item["error"] in {code.value for code in ErrorCode}, f"{where}: unknown error code"
            else:
                assert "message_contains" not in item, f"{where}: message_contains needs an error"
                assert {"category", "b2"} <= set(item), f"{where}: needs category and b2, or error"
                assert item["category"] in {c.value for c in Category}, f"{where}: unknown category"
            cases.append(Case(path.stem, item["name"], item))
    return cases


CASES = _load_cases()


def test_case_files_exist_for_every_standard_and_only_for_them() -> None:
    stems = [path.stem for path in _case_files()]
    assert stems == sorted(BOOKS), "one case file per shipped standard, named <id>.yaml"


def test_case_ids_are_unique() -> None:
    ids = [case.id for case in CASES]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"duplicate case names: {duplicates}"


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_case(case: Case) -> None:
    book = BOOKS[case.standard]
    expected = case.data
    if case.is_error:
        with pytest.raises(ClassificationError) as caught:
            classify(book, **case.inputs)
        assert caught.value.code == ErrorCode(expected["error"])
        assert caught.value.message.strip(), "the error carries a (Vietnamese) message"
        if "message_contains" in expected:
            assert expected["message_contains"] in caught.value.message
        return

    result = classify(book, **case.inputs)
    assert result.category == Category(expected["category"])
    assert result.b2 == expected["b2"]
    assert result.standard == case.standard
    assert result.rulebook_sha256 == book.sha256
    assert result.area == Area(expected["area"])
    assert result.region == expected.get("region")
    assert result.path == ("score" if "b1" in expected and expected["b1"] is not None else "income")
    assert sorted(result.lacking) == sorted(expected["lacking"])
    if "criteria_keys" in expected:
        assert [c.key for c in result.criteria] == expected["criteria_keys"]
    # Every recorded comparison is self-consistent.
    for criterion in result.criteria:
        ok = (
            criterion.value <= criterion.threshold
            if criterion.operator == "<="
            else criterion.value >= criterion.threshold
        )
        assert criterion.holds == ok, criterion


# ---------------------------------------------------------------------------- coverage


def _threshold_lines(book: Rulebook) -> Iterator[tuple[str, ByArea]]:
    """Every per-area line or threshold of the income and score paths, by rulebook key."""
    for section_name in ("income", "score"):
        section = getattr(book.model, section_name)
        for field in type(section).model_fields:
            line = getattr(section, field)
            if isinstance(line, ByArea):
                yield f"{section_name}.{field}", line


def test_threshold_discovery_sees_the_known_keys() -> None:
    found = {key for book in BOOKS.values() for key, _ in _threshold_lines(book)}
    assert found >= KNOWN_THRESHOLD_KEYS


def _uncovered() -> list[str]:
    missing: list[str] = []
    for standard, book in BOOKS.items():
        cases = [c for c in CASES if c.standard == standard]
        for key, line in _threshold_lines(book):
            path_key = "income" if key.startswith("income.") else "b1"
            for area in Area:
                threshold = line.for_area(area)
                if threshold is None:
                    continue
                values = [
                    v for c in cases if c.data.get("area") == area.value and (v := c.measured(path_key)) is not None
                ]
                if not any(v == threshold for v in values):
                    missing.append(f"{standard} {area.value} {key} = {threshold}")
                if not any(threshold < v <= threshold + 1 for v in values):
                    missing.append(f"{standard} {area.value} {key} just above {threshold}")
    return missing


def test_every_threshold_is_covered_on_both_sides() -> None:
    """For every standard, area and known threshold: a case at the value and one just above it."""
    assert _uncovered() == []


def test_deprivation_boundary_is_covered_inside_every_band() -> None:
    """Within the band where lacking counts (outright < value ≤ line), cases at min-1 and min lacking."""
    missing: list[str] = []
    for standard, book in BOOKS.items():
        model = book.model
        paths: list[tuple[str, ByArea | None, ByArea, int | None]] = [
            (
                "income",
                model.income.outright_poor_line,
                model.income.poverty_line,
                model.deprivation.poor_min_count.value,
            ),
        ]
        points, b2_min = model.score.b2_points_per_indicator.value, model.score.b2_poor_min.value
        if points and b2_min is not None:
            paths.append(
                ("b1", model.score.b1_outright_poor_max, model.score.b1_poverty_max, math.ceil(b2_min / points))
            )
        for path_key, outright, line, minimum in paths:
            if minimum is None:
                continue
            for area in Area:
                top = line.for_area(area)
                if top is None:
                    continue
                bottom = outright.for_area(area) if outright is not None else None
                counts = {
                    len(c.data["lacking"])
                    for c in CASES
                    if c.standard == standard
                    and c.data.get("area") == area.value
                    and (v := c.measured(path_key)) is not None
                    and (bottom is None or v > bottom)
                    and v <= top
                }
                for wanted in (minimum - 1, minimum):
                    if wanted not in counts:
                        missing.append(f"{standard} {area.value} {path_key}: {wanted} lacking in the band")
    assert missing == []


def test_every_error_code_is_exercised() -> None:
    """income_lines_unpublished needs a custom rulebook: it is tested in test_rulebook.py."""
    used = {c.data["error"] for c in CASES if c.is_error}
    assert used | {ErrorCode.INCOME_LINES_UNPUBLISHED.value} == {code.value for code in ErrorCode}


def test_unknown_indicator_cases_cross_the_standards() -> None:
    """A code of another standard is rejected: 2016-2020 codes under 2022-2025, info_access_means in 2027."""
    lacking_of = {
        (c.standard, code) for c in CASES if c.data.get("error") == "unknown_indicator" for code in c.data["lacking"]
    }
    assert ("2022-2025", "health_access") in lacking_of
    assert ("2027-2030", "info_access_means") in lacking_of


def test_both_paths_and_both_areas_have_results_in_every_standard() -> None:
    for standard in BOOKS:
        for area in Area:
            for path_key in ("b1", "income"):
                results = [
                    c
                    for c in CASES
                    if c.standard == standard and c.data.get("area") == area.value and c.measured(path_key) is not None
                ]
                errors = [
                    c
                    for c in CASES
                    if c.standard == standard
                    and c.data.get("area") == area.value
                    and c.data.get("error") == "score_thresholds_unpublished"
                ]
                assert results or (path_key == "b1" and errors), f"{standard} {area.value} {path_key}"


# ---------------------------------------------------------------------------- indicators


@pytest.mark.parametrize("standard", sorted(PRODUCT_INDICATORS))
def test_indicator_codes_are_those_of_product_md(standard: str) -> None:
    codes = list(BOOKS[standard].indicators_by_code)
    assert sorted(codes) == sorted(PRODUCT_INDICATORS[standard])
    assert len(codes) == len(PRODUCT_INDICATORS[standard])
    if standard in ORDERED_INDICATORS:
        assert codes == PRODUCT_INDICATORS[standard], "report-column order of rules.md"


def test_product_md_lists_the_standards_that_ship() -> None:
    assert sorted(PRODUCT_INDICATORS) == sorted(BOOKS) == ["2016-2020", "2022-2025", "2027-2030"]


@pytest.mark.parametrize("standard", sorted(PRODUCT_INDICATORS))
def test_lacking_comes_back_in_report_column_order(standard: str) -> None:
    book = BOOKS[standard]
    reversed_codes = list(reversed(PRODUCT_INDICATORS[standard]))
    result = classify(book, area="rural", income=0, lacking=reversed_codes)
    assert list(result.lacking) == list(book.indicators_by_code)
    assert result.b2 == 10 * len(reversed_codes)
    assert result.category is Category.POOR
