"""`classify()`: one household under one standard → category, B2 and the criteria applied.

A pure function: it reads every threshold from the rulebook, records each comparison it makes in
the result (`Criterion`), and raises `ClassificationError` with a typed code for input it cannot
classify. The same shape serves every standard (rules.md §2):

- at or below the outright line (2016–2020 only) → poor, whatever the household lacks;
- at or below the poverty line → poor when it lacks enough indicators (B2 ≥ threshold on the
  score path, count ≥ threshold on the income path), otherwise near-poor;
- above it → neither; on the income path, at or below the average-living ceiling where the
  standard defines one → average living standard.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from ranoat.domain.area import Area
from ranoat.domain.category import Category
from ranoat.rules.rulebook import ByArea, Confidence, Rulebook, SourcedInt

Path = Literal["score", "income"]
Operator = Literal["<=", ">="]
Subject = Literal["b1", "income", "b2", "lacking_count"]


class ErrorCode(StrEnum):
    """Why a household could not be classified. Stable: the CLI prints these codes."""

    UNKNOWN_INDICATOR = "unknown_indicator"
    DUPLICATE_INDICATOR = "duplicate_indicator"
    INVALID_LACKING = "invalid_lacking"
    UNKNOWN_AREA = "unknown_area"
    UNKNOWN_REGION = "unknown_region"
    MISSING_VALUE = "missing_value"
    CONFLICTING_VALUES = "conflicting_values"
    NON_NUMERIC_VALUE = "non_numeric_value"
    NEGATIVE_VALUE = "negative_value"
    NON_INTEGER_INCOME = "non_integer_income"
    SCORE_THRESHOLDS_UNPUBLISHED = "score_thresholds_unpublished"
    INCOME_LINES_UNPUBLISHED = "income_lines_unpublished"


class ClassificationError(ValueError):
    """Input that cannot be classified under the rulebook; `message` is Vietnamese."""

    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Criterion:
    """One comparison made: ``value operator threshold`` and whether it held."""

    key: str  # the rulebook key of the threshold, e.g. "score.b1_poverty_max"
    subject: Subject
    value: int | float
    operator: Operator
    threshold: int
    holds: bool
    confidence: Confidence


@dataclass(frozen=True)
class Classification:
    standard: str
    rulebook_sha256: str
    area: Area
    region: str | None
    path: Path
    value: int | float  # the B1 score or the income compared
    category: Category
    lacking: tuple[str, ...]  # indicator codes, in report-column order
    b2: int
    criteria: tuple[Criterion, ...]


def classify(
    rulebook: Rulebook,
    *,
    area: object,
    lacking: object,
    b1: object = None,
    income: object = None,
    region: object = None,
    average_living: bool = False,
) -> Classification:
    """Classify one household. Raise `ClassificationError` for input that cannot be classified.

    Exactly one of ``b1`` (Phiếu B income score) and ``income`` (đồng per person per month) is given.
    ``average_living``: the household lives from farming, forestry, fishery or salt making and applied
    to be recognised as having an average living standard (Quyết định 24/2021 Art. 6, Mẫu 01); only
    such a household in the income band gets that category, any other one there is not poor.
    """
    the_area = _area(area)
    the_region = _region(rulebook, region)
    codes = _lacking(rulebook, lacking)
    path, value = _measure(b1, income)
    score = rulebook.model.score
    points = _known(score.b2_points_per_indicator, "score.b2_points_per_indicator", path)
    b2 = points * len(codes)
    criteria: list[Criterion] = []

    def compare(
        subject: Subject, got: int | float, operator: Operator, key: str, threshold: int, confidence: Confidence
    ) -> bool:
        holds = got <= threshold if operator == "<=" else got >= threshold
        criteria.append(Criterion(key, subject, got, operator, threshold, holds, confidence))
        return holds

    if path == "score":
        outright, line = score.b1_outright_poor_max, score.b1_poverty_max
        outright_key, line_key = "score.b1_outright_poor_max", "score.b1_poverty_max"
    else:
        outright, line = rulebook.model.income.outright_poor_line, rulebook.model.income.poverty_line
        outright_key, line_key = "income.outright_poor_line", "income.poverty_line"
    line_value = _line(line, the_area, path, rulebook)

    subject: Literal["b1", "income"] = "b1" if path == "score" else "income"
    if (
        outright is not None
        and (outright_value := outright.for_area(the_area)) is not None
        and compare(subject, value, "<=", outright_key, outright_value, outright.confidence)
    ):
        category = Category.POOR
    elif compare(subject, value, "<=", line_key, line_value, line.confidence):
        if path == "score":
            b2_min = _known(score.b2_poor_min, "score.b2_poor_min", path)
            deprived = compare("b2", b2, ">=", "score.b2_poor_min", b2_min, score.b2_poor_min.confidence)
        else:
            count_min = rulebook.model.deprivation.poor_min_count
            minimum = _known(count_min, "deprivation.poor_min_count", path)
            deprived = compare(
                "lacking_count", len(codes), ">=", "deprivation.poor_min_count", minimum, count_min.confidence
            )
        category = Category.POOR if deprived else Category.NEAR_POOR
    else:
        category = Category.NOT_POOR
        ceiling = rulebook.model.income.average_living_ceiling
        if (
            path == "income"
            and average_living
            and ceiling is not None
            and (top := ceiling.for_area(the_area)) is not None
            and compare("income", value, "<=", "income.average_living_ceiling", top, ceiling.confidence)
        ):
            category = Category.AVERAGE_LIVING_STANDARD

    return Classification(
        standard=rulebook.id,
        rulebook_sha256=rulebook.sha256,
        area=the_area,
        region=the_region,
        path=path,
        value=value,
        category=category,
        lacking=codes,
        b2=b2,
        criteria=tuple(criteria),
    )


def _area(area: object) -> Area:
    if isinstance(area, str):
        try:
            return Area(area)
        except ValueError:
            pass
    if area is None:
        raise ClassificationError(
            ErrorCode.UNKNOWN_AREA, "Thiếu khu vực: cần 'rural' (nông thôn) hoặc 'urban' (thành thị)."
        )
    raise ClassificationError(
        ErrorCode.UNKNOWN_AREA,
        f"Khu vực không hợp lệ: {area!r}; chỉ nhận 'rural' (nông thôn) hoặc 'urban' (thành thị).",
    )


def _region(rulebook: Rulebook, region: object) -> str | None:
    if region is None:
        return None
    codes = [r.code for r in rulebook.model.regions]
    if isinstance(region, str) and region in codes:
        return region
    raise ClassificationError(
        ErrorCode.UNKNOWN_REGION,
        f"Vùng không hợp lệ: {region!r}; chuẩn {rulebook.id} có các vùng: {', '.join(codes)}.",
    )


def _lacking(rulebook: Rulebook, lacking: object) -> tuple[str, ...]:
    if not isinstance(lacking, Iterable) or isinstance(lacking, (str, bytes, dict)):
        raise ClassificationError(
            ErrorCode.INVALID_LACKING,
            "Danh sách chỉ số thiếu hụt phải là một danh sách mã chỉ số (có thể rỗng).",
        )
    known = rulebook.indicators_by_code
    seen: set[str] = set()
    for code in lacking:
        if not isinstance(code, str):
            raise ClassificationError(ErrorCode.INVALID_LACKING, f"Mã chỉ số phải là chuỗi, nhận được {code!r}.")
        if code not in known:
            raise ClassificationError(
                ErrorCode.UNKNOWN_INDICATOR,
                f"Chỉ số '{code}' không thuộc chuẩn {rulebook.id}; các chỉ số của chuẩn này: {', '.join(known)}.",
            )
        if code in seen:
            raise ClassificationError(ErrorCode.DUPLICATE_INDICATOR, f"Chỉ số '{code}' được ghi hai lần.")
        seen.add(code)
    return tuple(code for code in known if code in seen)


def _finite(raw: object) -> bool:
    try:
        return math.isfinite(raw)  # type: ignore[arg-type]
    except OverflowError:  # an integer too large for a float: no score or income is like that
        return False


def _number(name: str, raw: object) -> int | float:
    if isinstance(raw, bool) or not isinstance(raw, (int, float)) or not _finite(raw):
        raise ClassificationError(ErrorCode.NON_NUMERIC_VALUE, f"{name} phải là một số, nhận được {raw!r}.")
    if raw < 0:
        raise ClassificationError(ErrorCode.NEGATIVE_VALUE, f"{name} không được âm, nhận được {raw!r}.")
    return raw


def classify_survey(
    rulebook: Rulebook,
    *,
    area: object,
    lacking: object,
    b1: object = None,
    income: object = None,
    average_living: bool = False,
) -> Classification | ClassificationError | None:
    """The one rule for a Phiếu B: which value classifies it, and what it gives.

    Phiếu B's score (B1) decides; an income recorded beside it is kept for what-if and the
    average-living-standard procedure and decides only when there is no score. With neither, nothing
    can be said yet (``None``); input that cannot be classified is returned as its
    `ClassificationError`, not raised. The stored result, the explanation sheet and the live result of
    the survey form all come from here.
    """
    if b1 is None and income is None:
        return None
    value = {"b1": b1} if b1 is not None else {"income": income}
    try:
        return classify(rulebook, area=area, lacking=lacking, average_living=average_living, **value)
    except ClassificationError as exc:
        return exc


def _measure(b1: object, income: object) -> tuple[Path, int | float]:
    if b1 is not None and income is not None:
        raise ClassificationError(
            ErrorCode.CONFLICTING_VALUES,
            "Chỉ ghi một trong hai: điểm B1 hoặc thu nhập bình quân, không ghi cả hai.",
        )
    if b1 is not None:
        return "score", _number("Điểm B1", b1)
    if income is not None:
        value = _number("Thu nhập bình quân đầu người", income)
        if isinstance(value, float):
            if not value.is_integer():
                raise ClassificationError(
                    ErrorCode.NON_INTEGER_INCOME,
                    f"Thu nhập bình quân đầu người tính bằng đồng chẵn, nhận được {income!r}.",
                )
            value = int(value)
        return "income", value
    raise ClassificationError(
        ErrorCode.MISSING_VALUE,
        "Thiếu điểm B1 (Phiếu B) hoặc thu nhập bình quân đầu người: cần một trong hai để phân loại.",
    )


def _line(line: ByArea, area: Area, path: Path, rulebook: Rulebook) -> int:
    value, standard = line.for_area(area), rulebook.id
    if value is not None:
        return value
    if path == "score":
        raise ClassificationError(
            ErrorCode.SCORE_THRESHOLDS_UNPUBLISHED,
            f"Chuẩn {standard}: ngưỡng điểm B1 của Phiếu B chưa được ban hành/cấu hình, nên chưa phân loại "
            "được theo điểm B1. Vẫn phân loại được theo thu nhập bình quân đầu người: hãy nhập thu nhập của hộ.",
        )
    raise ClassificationError(
        ErrorCode.INCOME_LINES_UNPUBLISHED,
        f"Chuẩn {standard}: chuẩn nghèo về thu nhập ({rulebook.area_name(area)}) chưa được ban hành/cấu hình, "
        "nên chưa phân loại được theo thu nhập.",
    )


# What a user reads for each rulebook number a path may lack: no internal keys in any message (issue #13).
_NUMBER_WORDS = {
    "score.b2_points_per_indicator": "số điểm B2 cho mỗi chỉ số thiếu hụt",
    "score.b2_poor_min": "ngưỡng điểm B2 (thiếu hụt dịch vụ xã hội cơ bản) của hộ nghèo",
    "deprivation.poor_min_count": "số chỉ số thiếu hụt tối thiểu của hộ nghèo",
}


def _known(number: SourcedInt, key: str, path: Path) -> int:
    if number.value is not None:
        return number.value
    code = ErrorCode.SCORE_THRESHOLDS_UNPUBLISHED if path == "score" else ErrorCode.INCOME_LINES_UNPUBLISHED
    what = _NUMBER_WORDS.get(key, "một giá trị phân loại")
    still = (
        " Vẫn phân loại được theo thu nhập bình quân đầu người: hãy nhập thu nhập của hộ." if path == "score" else ""
    )
    raise ClassificationError(code, f"Chuẩn này: {what} chưa được ban hành/cấu hình.{still}")
