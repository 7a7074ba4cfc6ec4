"""Rulebooks: one data file per poverty standard, with a closed schema.

A rulebook holds every number and indicator of one standard (rules.md §2) together with the legal
basis, a source and a confidence for each value. Nothing in code knows a threshold: `classify()`
reads them from here. Where the law is unknown to us the value is ``null`` with confidence
``unknown``; the loader keeps it, and `Rulebook.missing()` reports it so the app can say so.

The schema is closed (unknown keys are errors) and the kinds of criteria are fixed in code: there
is no expression language in the data (house-style rule 5, after OpenFisca parameters).

A broken file raises `RulebookError`, whose message names the file and the key.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal, get_args

import platformdirs
import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from ranoat.domain.area import Area
from ranoat.domain.vietnamese import format_number
from ranoat.rules.datafile import DataFileError, KeyedProblemError, load_data_file
from ranoat.shipped import shipped_dir

FORMAT = "ranoat-rulebook/1"
NATIONAL_ID = r"^\d{4}-\d{4}$"
RULEBOOK_ID = r"^\d{4}-\d{4}(-[a-z0-9]+)*$"
RULEBOOK_ID_LENGTH = 40

Confidence = Literal["confirmed", "secondary", "uncertain", "unknown"]
Code = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
NonEmptyText = Annotated[str, Field(min_length=1)]
Sources = Annotated[list[NonEmptyText], Field(min_length=1)]


class _Closed(BaseModel):
    # strict: a YAML boolean or a quoted number is not silently turned into a threshold
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Text(_Closed):
    """A text in Vietnamese (the official wording) and English."""

    vi: NonEmptyText
    en: NonEmptyText


class Cited(_Closed):
    """Where a value comes from and how sure we are of it."""

    source: Sources
    confidence: Confidence
    note: str | None = None


class SourcedInt(Cited):
    """One number with its source. ``value`` is null exactly when the confidence is ``unknown``."""

    value: int | None = Field(ge=0)

    @model_validator(mode="after")
    def _null_means_unknown(self) -> SourcedInt:
        _check_unknown(self.value is None, self.confidence)
        return self


class ByArea(Cited):
    """A line or threshold with one value per area (money in whole đồng, scores in points)."""

    label: Text
    rural: int | None = Field(ge=0)
    urban: int | None = Field(ge=0)

    @model_validator(mode="after")
    def _both_or_neither(self) -> ByArea:
        if (self.rural is None) != (self.urban is None):
            raise ValueError("rural and urban must both be given or both be null")
        _check_unknown(self.rural is None, self.confidence)
        return self

    @property
    def known(self) -> bool:
        return self.rural is not None

    def for_area(self, area: Area) -> int | None:
        return self.rural if area is Area.RURAL else self.urban


def _check_unknown(is_null: bool, confidence: Confidence) -> None:
    if is_null and confidence != "unknown":
        raise ValueError("a null value must have confidence 'unknown'")
    if not is_null and confidence == "unknown":
        raise ValueError("a value with confidence 'unknown' must be null")


class LegalDocument(Cited):
    # provincial_decision: the province's own decision that sets a provincial standard (`Province`)
    role: Literal["standard", "amendment", "extension", "process", "method_and_forms", "provincial_decision"]
    document: NonEmptyText
    date: dt.date | None = None


class Validity(Cited):
    valid_from: dt.date
    valid_to: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> Validity:
        if self.valid_to < self.valid_from:
            raise ValueError("valid_to is before valid_from")
        return self


class Named(_Closed):
    code: Code
    vi: NonEmptyText
    en: NonEmptyText


# ---------------------------------------------------------------------------- indicator suggestions
# Where member data allows, the app *suggests* a tick (rules.md §2.3); the officer decides. The kinds
# are fixed here and their numbers live in the rulebook with their own source and confidence, so no
# threshold of a suggestion is a constant in code. `ranoat.rules.suggest` evaluates them.
#
# A suggestion with confidence 'unknown' is refused: leave the block out instead.


class _SuggestionRule(Cited):
    @model_validator(mode="after")
    def _not_unknown(self) -> _SuggestionRule:
        if self.confidence == "unknown":
            raise ValueError("a suggestion with confidence 'unknown' must be left out")
        return self


class HousingAreaPerPersonBelow(_SuggestionRule):
    """Lacking when the housing area divided by the number of members is below ``square_metres``."""

    kind: Literal["housing_area_per_person_below"]
    square_metres: float = Field(gt=0, allow_inf_nan=False)


class MemberWithoutHealthInsurance(_SuggestionRule):
    """Lacking when a member aged ``min_age`` or older has no health insurance."""

    kind: Literal["member_without_health_insurance"]
    min_age: int = Field(ge=0)


class ChildNotInSchool(_SuggestionRule):
    """Lacking when a child aged ``min_age`` to under ``max_age_exclusive`` does not go to school."""

    kind: Literal["child_not_in_school"]
    min_age: int = Field(ge=0)
    max_age_exclusive: int = Field(ge=1)

    @model_validator(mode="after")
    def _range(self) -> ChildNotInSchool:
        if self.max_age_exclusive <= self.min_age:
            raise ValueError(f"max_age_exclusive ({self.max_age_exclusive}) must be above min_age ({self.min_age})")
        return self


class DependentsOverShare(_SuggestionRule):
    """Lacking when dependents are more than ``share`` of the members.

    A dependent is a child under ``child_under_age`` or an elderly or disabled person on a monthly
    social allowance, not a pensioner; how the register's data stands for the allowance is in
    `ranoat.rules.suggest` (``dependents_over_share``).
    """

    kind: Literal["dependents_over_share"]
    share: float = Field(gt=0, lt=1, allow_inf_nan=False)
    child_under_age: int = Field(ge=1)


IndicatorSuggestion = Annotated[
    HousingAreaPerPersonBelow | MemberWithoutHealthInsurance | ChildNotInSchool | DependentsOverShare,
    Field(discriminator="kind"),
]
SUGGESTION_KINDS: frozenset[str] = frozenset(
    kind
    for model in (HousingAreaPerPersonBelow, MemberWithoutHealthInsurance, ChildNotInSchool, DependentsOverShare)
    for kind in get_args(model.model_fields["kind"].annotation)
)


class Indicator(Cited):
    """One indicator of lacking basic social services (chỉ số thiếu hụt dịch vụ xã hội cơ bản)."""

    code: Code
    report_column: int = Field(ge=1, description="column in report forms 7.4–7.7")
    vi: NonEmptyText
    en: NonEmptyText
    dimension: Code
    # The condition under which a household lacks it; null where the wording is unknown to us.
    condition: Text | None
    # How the app may suggest the tick from member data; absent where no rule is known to us.
    suggestion: IndicatorSuggestion | None = None


class Deprivation(_Closed):
    """How many lacking indicators make an income-poor household poor rather than near-poor."""

    poor_min_count: SourcedInt


class IncomeRule(_Closed):
    """The income path: per-capita income in đồng per month against the lines of each area.

    - at or below ``outright_poor_line`` (where the standard has one) → poor whatever it lacks;
    - at or below ``poverty_line`` → poor if it lacks at least ``poor_min_count`` indicators,
      else near-poor;
    - above it and at or below ``average_living_ceiling`` → average living standard, where known.
    """

    outright_poor_line: ByArea | None
    poverty_line: ByArea
    average_living_ceiling: ByArea | None


class ScoreRule(_Closed):
    """The Phiếu B path: the B1 income score against thresholds, B2 = points × lacking indicators.

    Same shape as the income path: B1 at or below ``b1_outright_poor_max`` → poor; at or below
    ``b1_poverty_max`` → poor if B2 ≥ ``b2_poor_min``, else near-poor; above → neither.
    """

    b1_outright_poor_max: ByArea | None
    b1_poverty_max: ByArea
    b2_points_per_indicator: SourcedInt
    b2_poor_min: SourcedInt


class OpenItem(Cited):
    """Something the standard needs that the law has not given us (Phiếu A, point tables …)."""

    code: Code
    vi: NonEmptyText
    en: NonEmptyText


class AreaNames(Cited):
    """How the standard's text names the two areas: Decree 07/2021 says "khu vực thành thị",
    Decree 351/2025 "khu vực đô thị" (rules-reference.yaml, 2027–2030 ``area_terms``)."""

    rural: Text
    urban: Text


# The areas as the 2022–2025 standard (Decree 07/2021) and the report forms name them: the default
# of a rulebook without ``area_names``.
DEFAULT_AREA_NAMES = {
    Area.RURAL: Text(vi="khu vực nông thôn", en="rural area"),
    Area.URBAN: Text(vi="khu vực thành thị", en="urban area"),
}


class Province(Cited):
    """A provincial standard: a province raising a national standard for its own communes (the
    2026–2030 decree allows it; Đồng Nai did for 2022–2025). Its legal basis includes the province's
    own decision (role ``provincial_decision``); its id is the national id and the province's slug,
    ``2022-2025-dong-nai``."""

    code: Annotated[str, Field(pattern=r"^\d{2}$")]  # the province's official code ("75")
    name: NonEmptyText  # "Đồng Nai"
    raises: Annotated[str, Field(pattern=NATIONAL_ID)]  # the national standard it raises ("2022-2025")


ListedStatus = Literal["poor", "near_poor"]


class Relapse(Cited):
    """Which earlier status makes a household that joins a list from outside both lists a "tái
    nghèo" (fell back into poverty, form 7.2 column 6) or "tái cận nghèo" (form 7.3 column 6)
    rather than "phát sinh mới" (column 7): ``poor`` for the poor list, ``near_poor`` for the
    near-poor one. "Before" is the start or the result of any earlier round."""

    poor: Annotated[list[ListedStatus], Field(min_length=1)]
    near_poor: Annotated[list[ListedStatus], Field(min_length=1)]


# A rulebook without a `relapse` block: as the shipped ones say (the dossier's reading for the poor,
# issue #13 item 4; rules.md §4's for the near-poor, on which the dossier says nothing)
DEFAULT_RELAPSE: dict[str, frozenset[str]] = {
    "poor": frozenset({"poor"}),
    "near_poor": frozenset({"poor", "near_poor"}),
}


class RulebookModel(_Closed):
    format: Literal["ranoat-rulebook/1"]
    # "2022-2025" for a national standard, "2022-2025-dong-nai" for a provincial one (`province`)
    # at most 40 characters: the database's columns for it (schema 0005)
    id: Annotated[str, Field(pattern=RULEBOOK_ID, max_length=RULEBOOK_ID_LENGTH)]
    title: Text
    validity: Validity
    legal_basis: Annotated[list[LegalDocument], Field(min_length=1)]
    regions: list[Named]
    dimensions: Annotated[list[Named], Field(min_length=1)]
    indicators: Annotated[list[Indicator], Field(min_length=1)]
    deprivation: Deprivation
    income: IncomeRule
    score: ScoreRule
    open_items: list[OpenItem] = []
    # the wording of the areas, where it differs from DEFAULT_AREA_NAMES
    area_names: AreaNames | None = None
    # how sure we are of the indicators' report_column order (the column order of forms 7.4–7.7)
    report_order: Cited | None = None
    # set for a province's standard only
    province: Province | None = None
    # what counts as "tái nghèo" / "tái cận nghèo" (DEFAULT_RELAPSE when absent)
    relapse: Relapse | None = None

    @model_validator(mode="after")
    def _provincial(self) -> RulebookModel:
        national = re.fullmatch(NATIONAL_ID, self.id) is not None
        if self.province is None:
            if not national:
                raise KeyedProblemError("id", f"'{self.id}' is a provincial id: the rulebook needs a 'province' block")
            return self
        if national or not self.id.startswith(self.province.raises + "-"):
            raise KeyedProblemError(
                "id", f"a provincial standard's id is '{self.province.raises}-<province>', got '{self.id}'"
            )
        if not any(doc.role == "provincial_decision" for doc in self.legal_basis):
            raise KeyedProblemError(
                "legal_basis", "a provincial standard needs the province's decision (role provincial_decision)"
            )
        return self

    @model_validator(mode="after")
    def _consistent(self) -> RulebookModel:
        _unique("regions", [r.code for r in self.regions])
        _unique("dimensions", [d.code for d in self.dimensions])
        _unique("indicators", [i.code for i in self.indicators])
        expected = set(range(1, len(self.indicators) + 1))
        seen_columns: set[int] = set()
        dimensions = {d.code for d in self.dimensions}
        for index, indicator in enumerate(self.indicators):
            if indicator.report_column not in expected or indicator.report_column in seen_columns:
                raise KeyedProblemError(
                    f"indicators.{index}.report_column",
                    f"report_column must number the indicators 1..{len(self.indicators)} once each, "
                    f"got {indicator.report_column}",
                )
            seen_columns.add(indicator.report_column)
            if indicator.dimension not in dimensions:
                raise KeyedProblemError(f"indicators.{index}.dimension", f"unknown dimension '{indicator.dimension}'")
        income, score = self.income, self.score
        _ascending(
            [
                ("income.outright_poor_line", income.outright_poor_line),
                ("income.poverty_line", income.poverty_line),
                ("income.average_living_ceiling", income.average_living_ceiling),
            ]
        )
        _ascending(
            [("score.b1_outright_poor_max", score.b1_outright_poor_max), ("score.b1_poverty_max", score.b1_poverty_max)]
        )
        return self


def _unique(where: str, codes: list[str]) -> None:
    seen: set[str] = set()
    for index, code in enumerate(codes):
        if code in seen:
            raise KeyedProblemError(f"{where}.{index}.code", f"duplicate code '{code}'")
        seen.add(code)


def _ascending(lines: list[tuple[str, ByArea | None]]) -> None:
    """Lines of one path must rise strictly, area by area, where they are known."""
    for area in Area:
        known = [(key, v) for key, line in lines if line is not None and (v := line.for_area(area)) is not None]
        for (low_key, low), (high_key, high) in itertools.pairwise(known):
            if high <= low:
                raise KeyedProblemError(
                    f"{high_key}.{area.value}",
                    f"the {area.value} lines must rise strictly: {high} is not above {low_key} = {low}",
                )


class RulebookError(DataFileError):
    """A rulebook file that cannot be used. The message names the file and the key."""

    kind = "quy chuẩn"


@dataclass(frozen=True)
class MissingItem:
    """A value of a standard that the law has not given us, as `ranoat standards` reports it."""

    key: str
    vi: str
    en: str


@dataclass(frozen=True)
class Rulebook:
    """A loaded, validated rulebook and the SHA-256 that identifies its content."""

    model: RulebookModel
    sha256: str
    path: str

    @property
    def id(self) -> str:
        return self.model.id

    @property
    def province(self) -> Province | None:
        """The province whose standard this is; None for a national standard."""
        return self.model.province

    def applies_to(self, province_code: str | None) -> bool:
        """A national standard applies everywhere; a provincial one only in its province."""
        return self.model.province is None or self.model.province.code == province_code

    @cached_property
    def indicators_by_code(self) -> dict[str, Indicator]:
        return {i.code: i for i in sorted(self.model.indicators, key=lambda i: i.report_column)}

    def area_text(self, area: Area) -> Text:
        """The area as this standard's text names it ("khu vực nông thôn", "khu vực đô thị" …)."""
        names = self.model.area_names
        if names is None:
            return DEFAULT_AREA_NAMES[area]
        return names.rural if area is Area.RURAL else names.urban

    def relapse_after(self, end: str) -> frozenset[str]:
        """The earlier statuses ("poor", "near_poor") that make joining list ``end`` a relapse."""
        rule = self.model.relapse
        if rule is None:
            return DEFAULT_RELAPSE.get(end, frozenset())
        return frozenset({"poor": rule.poor, "near_poor": rule.near_poor}.get(end, ()))

    def area_name(self, area: Area) -> str:
        """`area_text` in Vietnamese."""
        return self.area_text(area).vi

    def in_force_on(self, day: dt.date) -> bool:
        return self.model.validity.valid_from <= day <= self.model.validity.valid_to

    def missing(self) -> list[MissingItem]:
        """Every value this standard needs that is unknown to us, in a stable order."""
        items: list[MissingItem] = []
        for key, line in self._lines():
            if line is not None and not line.known:
                items.append(MissingItem(key, line.label.vi, line.label.en))
        for indicator in self.indicators_by_code.values():
            if indicator.condition is None:
                items.append(
                    MissingItem(
                        f"indicators.{indicator.code}.condition",
                        f"Điều kiện thiếu hụt của chỉ số “{indicator.vi}”",
                        f"Deprivation condition of indicator “{indicator.en}”",
                    )
                )
        for key, number, vi, en in self._numbers():
            if number.value is None:
                items.append(MissingItem(key, vi, en))
        for item in self.model.open_items:
            items.append(MissingItem(f"open_items.{item.code}", item.vi, item.en))
        return items

    def _numbers(self) -> Iterator[tuple[str, SourcedInt, str, str]]:
        score = self.model.score
        yield (
            "deprivation.poor_min_count",
            self.model.deprivation.poor_min_count,
            "Số chỉ số thiếu hụt tối thiểu của hộ nghèo",
            "Minimum lacking indicators of a poor household",
        )
        yield (
            "score.b2_points_per_indicator",
            score.b2_points_per_indicator,
            "Điểm B2 cho mỗi chỉ số thiếu hụt",
            "B2 points per lacking indicator",
        )
        yield "score.b2_poor_min", score.b2_poor_min, "Ngưỡng điểm B2 của hộ nghèo", "B2 threshold of a poor household"

    def _lines(self) -> Iterator[tuple[str, ByArea | None]]:
        income, score = self.model.income, self.model.score
        yield "income.outright_poor_line", income.outright_poor_line
        yield "income.poverty_line", income.poverty_line
        yield "income.average_living_ceiling", income.average_living_ceiling
        yield "score.b1_outright_poor_max", score.b1_outright_poor_max
        yield "score.b1_poverty_max", score.b1_poverty_max


def load_rulebook(path: Path) -> Rulebook:
    """Read and validate one rulebook file; raise `RulebookError` naming the file and key."""
    model, sha256 = load_data_file(path, RulebookModel, RulebookError)
    return Rulebook(model=model, sha256=sha256, path=str(path))


def rulebook_dir() -> Path:
    """The shipped rulebooks: `resources/rulebooks` in a source tree, bundled in a wheel."""
    found = shipped_dir("rulebooks")
    if found is None:
        raise RulebookError("resources/rulebooks", "(thư mục)", "không tìm thấy thư mục quy chuẩn")
    return found


class Rulebooks(dict[str, Rulebook]):
    """The rulebooks by id, in chronological order (`load_all`): the one place that says which
    standard is in force on a day.

    Provincial standards (`Rulebook.province`) are among them, so that a round can use one and its
    results can be explained and exported, but `in_force` and `standard_on` choose one only for a
    commune of that province (``province``: its code): there it is preferred to the national
    standard in force, since the province decided it for its communes; anywhere else, and when no
    province is given, only national standards are chosen. ``problems``: the files of the user's
    folder that were not loaded, each with its reason (Vietnamese)."""

    problems: tuple[str, ...] = ()

    def in_force(self, day: dt.date, province: str | None = None) -> Rulebook | None:
        """The standard in force on ``day`` (the earliest, should two overlap), or None."""
        return in_force(self, day, province)

    def standard_on(self, day: dt.date, province: str | None = None) -> str:
        """The standard to use on ``day``: the one in force, else the latest national one that has
        begun, else the earliest (a day before every standard)."""
        return standard_on(self, day, province)


def in_force(rulebooks: Mapping[str, Rulebook], day: dt.date, province: str | None = None) -> Rulebook | None:
    """`Rulebooks.in_force` for any mapping of rulebooks by id."""
    books = sorted(
        (book for book in rulebooks.values() if province is not None and book.applies_to(province)),
        key=lambda b: (b.province is None, b.model.validity.valid_from),
    )
    books += sorted(
        (book for book in rulebooks.values() if book.province is None), key=lambda b: b.model.validity.valid_from
    )
    return next((book for book in books if book.in_force_on(day)), None)


def standard_on(rulebooks: Mapping[str, Rulebook], day: dt.date, province: str | None = None) -> str:
    """`Rulebooks.standard_on` for any mapping of rulebooks by id."""
    current = in_force(rulebooks, day, province)
    if current is not None:
        return current.id
    national = [book for book in rulebooks.values() if book.province is None] or list(rulebooks.values())
    books = sorted(national, key=lambda b: b.model.validity.valid_from)
    started = [book for book in books if book.model.validity.valid_from <= day]
    return (started[-1] if started else books[0]).id


def user_rulebook_dir() -> Path:
    """The provincial standards the user loaded (`install_rulebook`), in the user's data folder."""
    return Path(platformdirs.user_data_dir("Ranoat", appauthor=False)) / "rulebooks"


def provincial_problem(book: Rulebook, national: Mapping[str, Rulebook]) -> str | None:
    """Why a rulebook of the user's folder cannot be used beside the shipped ``national`` ones
    (Vietnamese), or None. Only provincial standards are loaded from there: the national ones are
    the program's, with their sources; a province's standard must raise one of them."""
    province = book.province
    if province is None:
        return "chỉ nạp được chuẩn nghèo của tỉnh (có khối 'province'); các chuẩn quốc gia đã có sẵn trong chương trình"
    if book.id in national:
        return f"đã có chuẩn {book.id} trong chương trình"
    base = national.get(province.raises)
    if base is None or base.province is not None:
        return f"không có chuẩn quốc gia {province.raises} mà chuẩn của tỉnh nâng lên"
    for area in Area:
        own, floor = book.model.income.poverty_line.for_area(area), base.model.income.poverty_line.for_area(area)
        if own is not None and floor is not None and own < floor:
            return (
                f"chuẩn nghèo của tỉnh ({book.area_name(area)}) {format_number(own)} đồng thấp hơn chuẩn quốc gia "
                f"{format_number(floor)} đồng"
            )
    return None


def _declared_id(source: Path) -> str:
    """The id a rulebook file declares, checked before it names a file in the user's folder."""
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise RulebookError(source, "(tệp)", f"không đọc được tệp quy chuẩn: {exc}") from exc
    identifier = data.get("id") if isinstance(data, dict) else None
    if not isinstance(identifier, str) or re.fullmatch(RULEBOOK_ID, identifier) is None:
        raise RulebookError(source, "id", "cần mã chuẩn dạng 2022-2025-ten-tinh")
    return identifier


def install_rulebook(source: Path, national: Mapping[str, Rulebook], user_dir: Path | None = None) -> Rulebook:
    """Validate a provincial standard's file (the same schema as the shipped ones, and
    `provincial_problem` against ``national``) and only then copy it into the user's folder as
    ``<id>.yaml``, replacing an earlier copy of the same id; raise `RulebookError` naming the file
    and key. The copy is what `load_all` reads from then on."""
    identifier = _declared_id(source)
    directory = user_dir or user_rulebook_dir()
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=directory) as folder:
        candidate = Path(folder) / f"{identifier}.yaml"
        shutil.copyfile(source, candidate)
        try:
            book = load_rulebook(candidate)  # the whole schema, with the file named by its id
        except RulebookError as exc:  # named by the user's file, not the copy
            raise RulebookError(source, exc.key, exc.problem) from exc
        problem = provincial_problem(book, {k: b for k, b in national.items() if b.province is None})
        if problem is not None:
            raise RulebookError(source, "province", problem)
        target = directory / candidate.name
        candidate.replace(target)
    return load_rulebook(target)


def load_all(directory: Path | None = None, user_dir: Path | None = None) -> Rulebooks:
    """All rulebooks by id, in chronological order: those of ``directory`` (the shipped ones by
    default) and the provincial standards of the user's folder (``user_dir``, by default
    `user_rulebook_dir` when ``directory`` is the shipped one). A broken or unusable file of the
    user's folder is left out and named in `Rulebooks.problems`, so that it cannot stop the program."""
    shipped = directory is None
    books = [load_rulebook(path) for path in sorted((directory or rulebook_dir()).glob("*.yaml"))]
    problems: list[str] = []
    folder = user_dir or (user_rulebook_dir() if shipped else None)
    if folder is not None and folder.is_dir():
        national = {book.id: book for book in books if book.province is None}
        for path in sorted(folder.glob("*.yaml")):
            try:
                book = load_rulebook(path)
            except RulebookError as exc:
                problems.append(str(exc))
                continue
            problem = provincial_problem(book, national)
            if problem is not None:
                problems.append(f"Tệp quy chuẩn {path}: {problem}")
                continue
            books.append(book)
    result = Rulebooks({book.id: book for book in sorted(books, key=lambda b: b.model.validity.valid_from)})
    result.problems = tuple(problems)
    return result
