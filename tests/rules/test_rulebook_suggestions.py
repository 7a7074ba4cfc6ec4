"""The ``suggestion`` block of an indicator: the shipped values, and each way a block can be broken
refused with a `RulebookError` naming the file and the key (without pydantic's union tag).

Indicators of the shipped 2022–2025 rulebook by index: 1 dependents, 3 health_insurance,
5 child_school_attendance, 7 housing_area.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from ranoat.rules.rulebook import (
    ChildNotInSchool,
    DependentsOverShare,
    HousingAreaPerPersonBelow,
    MemberWithoutHealthInsurance,
    RulebookError,
    load_all,
    load_rulebook,
    rulebook_dir,
)

DEPENDENTS, HEALTH, SCHOOL, HOUSING = 1, 3, 5, 7


def shipped(standard: str = "2022-2025") -> dict[str, Any]:
    data = yaml.safe_load((rulebook_dir() / f"{standard}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / f"{data['id']}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# ---------------------------------------------------------------------------- shipped values


def test_2022_2025_suggestions() -> None:
    indicators = load_all()["2022-2025"].indicators_by_code
    housing = indicators["housing_area"].suggestion
    assert isinstance(housing, HousingAreaPerPersonBelow)
    assert (housing.square_metres, housing.confidence) == (8, "secondary")
    health = indicators["health_insurance"].suggestion
    assert isinstance(health, MemberWithoutHealthInsurance)
    assert (health.min_age, health.confidence) == (6, "uncertain")
    school = indicators["child_school_attendance"].suggestion
    assert isinstance(school, ChildNotInSchool)
    assert (school.min_age, school.max_age_exclusive, school.confidence) == (3, 16, "secondary")
    dependents = indicators["dependents"].suggestion
    assert isinstance(dependents, DependentsOverShare)
    assert (dependents.share, dependents.child_under_age, dependents.confidence) == (0.5, 16, "uncertain")
    assert dependents.note is not None
    assert "2027–2030" in dependents.note
    with_rule = {code for code, i in indicators.items() if i.suggestion is not None}
    assert with_rule == {"housing_area", "health_insurance", "child_school_attendance", "dependents"}
    for code in with_rule:
        rule = indicators[code].suggestion
        assert rule is not None
        assert rule.source


def test_2027_2030_suggests_only_dependents_from_the_draft() -> None:
    indicators = load_all()["2027-2030"].indicators_by_code
    assert [code for code, i in indicators.items() if i.suggestion is not None] == ["dependents"]
    dependents = indicators["dependents"].suggestion
    assert isinstance(dependents, DependentsOverShare)
    assert (dependents.share, dependents.child_under_age) == (0.5, 16)
    assert dependents.confidence == "secondary"
    assert dependents.note is not None
    assert dependents.note.startswith("draft. Dependents: children under 16, and elderly or disabled people")
    assert "(not pensioners)" in dependents.note


def test_2016_2020_has_no_suggestion() -> None:
    assert all(i.suggestion is None for i in load_all()["2016-2020"].indicators_by_code.values())


def test_the_block_is_optional(tmp_path: Path) -> None:
    data = shipped()
    for indicator in data["indicators"]:
        indicator.pop("suggestion", None)
    book = load_rulebook(write(tmp_path, data))
    assert all(i.suggestion is None for i in book.indicators_by_code.values())
    assert book.sha256 != load_all()["2022-2025"].sha256


def test_hash_changes_with_a_suggestion_value(tmp_path: Path) -> None:
    data = shipped()
    data["indicators"][HOUSING]["suggestion"]["square_metres"] = 9
    assert load_rulebook(write(tmp_path, data)).sha256 != load_all()["2022-2025"].sha256


# ---------------------------------------------------------------------------- broken blocks


def _set(index: int, **changes: Any) -> Any:
    def mutate(data: dict[str, Any]) -> None:
        data["indicators"][index]["suggestion"].update(changes)

    return mutate


def _delete(index: int, key: str) -> Any:
    def mutate(data: dict[str, Any]) -> None:
        del data["indicators"][index]["suggestion"][key]

    return mutate


def _replace(index: int, block: Any) -> Any:
    def mutate(data: dict[str, Any]) -> None:
        data["indicators"][index]["suggestion"] = block

    return mutate


BROKEN: list[Any] = [
    pytest.param(
        _set(HOUSING, kind="housing_volume"), "indicators.7.suggestion.kind", "housing_volume", id="unknown kind"
    ),
    pytest.param(_delete(HOUSING, "kind"), "indicators.7.suggestion.kind", "required key missing", id="missing kind"),
    pytest.param(
        _delete(HOUSING, "square_metres"),
        "indicators.7.suggestion.square_metres",
        "required key missing",
        id="missing square_metres",
    ),
    pytest.param(
        _delete(SCHOOL, "max_age_exclusive"),
        "indicators.5.suggestion.max_age_exclusive",
        "required key missing",
        id="missing max_age_exclusive",
    ),
    pytest.param(
        _delete(DEPENDENTS, "child_under_age"),
        "indicators.1.suggestion.child_under_age",
        "required key missing",
        id="missing child_under_age",
    ),
    pytest.param(_delete(HEALTH, "source"), "indicators.3.suggestion.source", "required key missing", id="no source"),
    pytest.param(
        _delete(HEALTH, "confidence"), "indicators.3.suggestion.confidence", "required key missing", id="no confidence"
    ),
    pytest.param(_set(DEPENDENTS, share=1), "indicators.1.suggestion.share", "less than 1", id="share 1"),
    pytest.param(_set(DEPENDENTS, share=1.5), "indicators.1.suggestion.share", "less than 1", id="share above 1"),
    pytest.param(_set(DEPENDENTS, share=0), "indicators.1.suggestion.share", "greater than 0", id="share 0"),
    pytest.param(_set(DEPENDENTS, share="0.5"), "indicators.1.suggestion.share", "number", id="share quoted"),
    pytest.param(_set(DEPENDENTS, share=True), "indicators.1.suggestion.share", "number", id="share boolean"),
    pytest.param(
        _set(DEPENDENTS, share=float("nan")), "indicators.1.suggestion.share", "finite", id="share not a number"
    ),
    pytest.param(_set(HOUSING, square_metres=0), "indicators.7.suggestion.square_metres", "greater than 0", id="0 m²"),
    pytest.param(
        _set(HOUSING, square_metres=-8), "indicators.7.suggestion.square_metres", "greater than 0", id="negative m²"
    ),
    pytest.param(_set(HEALTH, min_age=6.5), "indicators.3.suggestion.min_age", "integer", id="fractional age"),
    pytest.param(
        _set(HEALTH, min_age=-1), "indicators.3.suggestion.min_age", "greater than or equal to 0", id="age -1"
    ),
    pytest.param(_set(SCHOOL, min_age=16), "indicators.5.suggestion", "must be above min_age", id="school range empty"),
    pytest.param(
        _set(SCHOOL, max_age_exclusive=2),
        "indicators.5.suggestion",
        "must be above min_age",
        id="school range reversed",
    ),
    pytest.param(_set(HOUSING, per="person"), "indicators.7.suggestion.per", "extra key", id="extra key"),
    pytest.param(
        _set(HEALTH, square_metres=8), "indicators.3.suggestion.square_metres", "extra key", id="another kind's key"
    ),
    pytest.param(
        _set(HOUSING, confidence="unknown"), "indicators.7.suggestion", "confidence 'unknown'", id="unknown confidence"
    ),
    pytest.param(
        _set(HOUSING, confidence="sure"), "indicators.7.suggestion.confidence", "confirmed", id="bad confidence label"
    ),
    pytest.param(_replace(HOUSING, 8), "indicators.7.suggestion", "", id="not a mapping"),
]


@pytest.mark.parametrize(("mutation", "key", "fragment"), BROKEN)
def test_broken_suggestion_is_refused_naming_file_and_key(
    tmp_path: Path, mutation: Any, key: str, fragment: str
) -> None:
    data = shipped()
    mutation(data)
    path = write(tmp_path, data)
    with pytest.raises(RulebookError) as caught:
        load_rulebook(path)
    error = caught.value
    assert error.path == str(path)
    assert error.key == key
    assert str(path) in str(error)
    assert f"'{key}'" in str(error)
    assert fragment in error.problem


def test_a_suggestion_on_an_indicator_of_2027_2030_is_checked_too(tmp_path: Path) -> None:
    data = shipped("2027-2030")
    data["indicators"][1]["suggestion"]["share"] = 1
    path = write(tmp_path, data)
    with pytest.raises(RulebookError) as caught:
        load_rulebook(path)
    assert caught.value.key == "indicators.1.suggestion.share"


def test_an_integer_area_and_a_fractional_share_load(tmp_path: Path) -> None:
    data = shipped()
    data["indicators"][HOUSING]["suggestion"]["square_metres"] = 7.5
    data["indicators"][DEPENDENTS]["suggestion"]["share"] = 0.4
    indicators = load_rulebook(write(tmp_path, data)).indicators_by_code
    assert isinstance(indicators["housing_area"].suggestion, HousingAreaPerPersonBelow)
    assert indicators["housing_area"].suggestion.square_metres == 7.5
    assert isinstance(indicators["dependents"].suggestion, DependentsOverShare)
    assert indicators["dependents"].suggestion.share == 0.4
