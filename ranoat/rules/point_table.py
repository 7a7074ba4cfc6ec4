"""Phiếu B point tables: items × answer options × scoring column → points, as data (rules.md §2.2).

The B1 score (income estimate) of Phiếu B is computed from household characteristics with one
table per area/region: urban, and rural for each of the six regions. The official tables (Phụ lục
III–IV of Thông tư 07/2021, amended by 02/2022) are unknown to the project, so a province types them
into a file of this format and loads it; the project ships no table presented as official. A table
with ``synthetic: true`` (tests, demos) must say so in its title.

B1 = ``base_points[column]`` + the points of every item:

- ``single``: exactly one option is chosen → its points;
- ``multi``: any options are ticked (none is allowed) → the sum of their points;
- ``count``: a whole number ≥ 0 (at most ``max_count`` when given) × the points of the item's one
  option, which are points per unit.

The schema is closed (unknown keys are errors) and strict (a quoted number is not a number); a
key written twice in one mapping is an error too (plain PyYAML would keep the last one silently).
A broken file raises `PointTableError`, whose message names the file and the exact key; answers
that cannot be scored raise `PointAnswerError` with a stable code and a Vietnamese message.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ranoat.domain.area import Area
from ranoat.rules.datafile import DataFileError, KeyedProblemError, load_data_file
from ranoat.rules.rulebook import Code, NonEmptyText, Text
from ranoat.shipped import shipped_dir

FORMAT = "ranoat-point-table/1"

Column = Literal["urban", "rural_tdmnpb", "rural_dbsh", "rural_btb_dhmt", "rural_tn", "rural_dnb", "rural_dbscl"]
# The fixed scoring columns, in the order of rules.md §2.2 (urban, then the six regions).
COLUMNS: tuple[Column, ...] = get_args(Column)
# The six regions of the rulebooks' `regions` (2016–2020 and 2022–2025 use the same codes).
REGIONS: tuple[str, ...] = tuple(column.removeprefix("rural_") for column in COLUMNS if column != "urban")

Kind = Literal["single", "multi", "count"]
TableConfidence = Literal["confirmed", "secondary", "uncertain"]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
# As printed on the form: "1", "5a", "5.1", "10b".
ItemNumber = Annotated[str, Field(pattern=r"^[0-9]+[a-z]?(\.[0-9]+[a-z]?)*$", max_length=12)]

# What a synthetic table's title must contain (compared case-insensitively, NFC).
SYNTHETIC_MARK_VI = "mô phỏng"
SYNTHETIC_MARK_EN = "synthetic"
SYNTHETIC_NOTICE = "BẢNG ĐIỂM MÔ PHỎNG — không phải bảng điểm chính thức"


class _Closed(BaseModel):
    # strict: a YAML boolean or a quoted number is not silently turned into points
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Option(_Closed):
    """One answer option of an item and its points in every column of the table."""

    code: Code
    label: Text
    # Checked against the table's `columns` by `PointTableModel` (to name the exact key).
    points: dict[str, int]


class Item(_Closed):
    """One question of Phiếu B that contributes to B1."""

    code: Code
    number: ItemNumber
    question: Text
    kind: Kind
    max_count: Annotated[int, Field(ge=1)] | None = None
    help: Text | None = None
    options: Annotated[list[Option], Field(min_length=1)]

    @cached_property
    def options_by_code(self) -> dict[str, Option]:
        return {option.code: option for option in self.options}


class PointTableModel(_Closed):
    format: Literal["ranoat-point-table/1"]
    id: Slug
    title: Text
    standard: Annotated[str, Field(pattern=r"^\d{4}-\d{4}$")]
    synthetic: bool
    legal_basis: list[NonEmptyText]
    source: Annotated[list[NonEmptyText], Field(min_length=1)]
    confidence: TableConfidence
    note: str | None = None
    columns: Annotated[list[Column], Field(min_length=1)]
    base_points: dict[str, int]
    items: Annotated[list[Item], Field(min_length=1)]

    @model_validator(mode="after")
    def _consistent(self) -> PointTableModel:
        self._check_provenance()
        seen_columns: set[str] = set()
        for index, column in enumerate(self.columns):
            if column in seen_columns:
                raise KeyedProblemError(f"columns.{index}", f"cột '{column}' bị khai báo hai lần")
            seen_columns.add(column)
        _check_points("base_points", self.base_points, self.columns)
        item_codes: set[str] = set()
        numbers: set[str] = set()
        for i, item in enumerate(self.items):
            where = f"items.{i}"
            if item.code in item_codes:
                raise KeyedProblemError(f"{where}.code", f"mã câu hỏi '{item.code}' bị trùng")
            item_codes.add(item.code)
            if item.number in numbers:
                raise KeyedProblemError(f"{where}.number", f"số thứ tự câu '{item.number}' bị trùng")
            numbers.add(item.number)
            _check_item(where, item, self.columns)
        return self

    def _check_provenance(self) -> None:
        if self.synthetic:
            if SYNTHETIC_MARK_VI not in _folded(self.title.vi):
                raise KeyedProblemError(
                    "title.vi",
                    "bảng điểm mô phỏng (synthetic: true) phải có chữ “mô phỏng” trong tên, "
                    f"ví dụ “{SYNTHETIC_NOTICE}”",
                )
            if SYNTHETIC_MARK_EN not in _folded(self.title.en):
                raise KeyedProblemError(
                    "title.en", "bảng điểm mô phỏng (synthetic: true) phải có chữ “synthetic” trong tên tiếng Anh"
                )
            if self.confidence == "confirmed":
                raise KeyedProblemError(
                    "confidence", "bảng điểm mô phỏng không thể có độ tin cậy 'confirmed'; dùng 'uncertain'"
                )
        elif not self.legal_basis:
            raise KeyedProblemError(
                "legal_basis",
                "bảng điểm không phải mô phỏng phải nêu căn cứ pháp lý "
                "(ví dụ: Thông tư 07/2021/TT-BLĐTBXH, Phụ lục III)",
            )


def _folded(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def _check_points(where: str, points: Mapping[str, int], columns: Sequence[str]) -> None:
    """Exactly the declared columns, each once: name the first key that is wrong."""
    for column in points:
        if column not in columns:
            known = "" if column in COLUMNS else f"; các cột hợp lệ: {', '.join(COLUMNS)}"
            raise KeyedProblemError(
                f"{where}.{column}", f"cột '{column}' không được khai báo trong 'columns' ({', '.join(columns)}){known}"
            )
    for column in columns:
        if column not in points:
            raise KeyedProblemError(f"{where}.{column}", f"thiếu điểm cho cột '{column}' đã khai báo trong 'columns'")


def _check_item(where: str, item: Item, columns: Sequence[str]) -> None:
    if item.kind == "single" and len(item.options) < 2:
        raise KeyedProblemError(f"{where}.options", "câu hỏi chọn một (single) phải có ít nhất 2 phương án")
    if item.kind == "count" and len(item.options) != 1:
        raise KeyedProblemError(
            f"{where}.options",
            f"câu hỏi đếm số lượng (count) phải có đúng 1 phương án (điểm cho mỗi đơn vị), có {len(item.options)}",
        )
    if item.kind != "count" and item.max_count is not None:
        raise KeyedProblemError(f"{where}.max_count", "max_count chỉ dùng cho câu hỏi đếm số lượng (kind: count)")
    option_codes: set[str] = set()
    for j, option in enumerate(item.options):
        if option.code in option_codes:
            raise KeyedProblemError(f"{where}.options.{j}.code", f"mã phương án '{option.code}' bị trùng trong câu")
        option_codes.add(option.code)
        _check_points(f"{where}.options.{j}.points", option.points, columns)


class PointTableError(DataFileError):
    """A point-table file that cannot be used. The message names the file and the key."""

    kind = "bảng điểm"


@dataclass(frozen=True)
class PointTable:
    """A loaded, validated point table and the SHA-256 that identifies its content."""

    model: PointTableModel
    sha256: str
    path: str

    @property
    def id(self) -> str:
        return self.model.id

    @property
    def synthetic(self) -> bool:
        return self.model.synthetic

    @property
    def columns(self) -> tuple[Column, ...]:
        return tuple(self.model.columns)

    @property
    def notice(self) -> str | None:
        """What the app must show beside a synthetic table and every score computed with it."""
        return SYNTHETIC_NOTICE if self.model.synthetic else None

    @cached_property
    def items_by_code(self) -> dict[str, Item]:
        return {item.code: item for item in self.model.items}


def load_point_table(path: Path) -> PointTable:
    """Read and validate one point-table file; raise `PointTableError` naming the file and key."""
    model, sha256 = load_data_file(path, PointTableModel, PointTableError)
    return PointTable(model=model, sha256=sha256, path=str(path))


def point_table_dir() -> Path:
    """The shipped point tables: `resources/point-tables` in a source tree, bundled in a wheel."""
    found = shipped_dir("point-tables")
    if found is None:
        raise PointTableError("resources/point-tables", "(thư mục)", "không tìm thấy thư mục bảng điểm")
    return found


def shipped_point_tables(directory: Path | None = None) -> dict[str, PointTable]:
    """Every point table of a directory (default: the shipped ones) by id, sorted by id."""
    directory = directory or point_table_dir()
    tables = [load_point_table(path) for path in sorted(directory.glob("*.yaml"))]
    return {table.id: table for table in sorted(tables, key=lambda t: t.id)}


# ---------------------------------------------------------------------------- scoring


class PointErrorCode(StrEnum):
    """Why answers could not be scored. Stable: callers may show or store these codes."""

    UNKNOWN_AREA = "unknown_area"
    MISSING_REGION = "missing_region"
    UNKNOWN_REGION = "unknown_region"
    UNKNOWN_COLUMN = "unknown_column"
    COLUMN_NOT_IN_TABLE = "column_not_in_table"
    UNKNOWN_ITEM = "unknown_item"
    UNKNOWN_OPTION = "unknown_option"
    DUPLICATE_OPTION = "duplicate_option"
    MISSING_ANSWER = "missing_answer"
    WRONG_ANSWER_TYPE = "wrong_answer_type"
    NEGATIVE_COUNT = "negative_count"
    COUNT_OVER_MAX = "count_over_max"


class PointAnswerError(ValueError):
    """Answers that cannot be scored with the table; `message` is Vietnamese.

    ``items`` holds the codes of the items concerned (all of them for a missing answer), so that
    the entry form can mark them.
    """

    def __init__(self, code: PointErrorCode, message: str, items: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.items = tuple(items)


Answer = str | tuple[str, ...] | int


@dataclass(frozen=True)
class ItemScore:
    """The points of one item: ``answer`` is an option code (single), the ticked option codes in
    table order (multi), or the count (count)."""

    item: str
    number: str
    kind: Kind
    answer: Answer
    points: int


@dataclass(frozen=True)
class Scored:
    """B1 for one household: ``total`` = ``base`` + the points of every item in ``items``."""

    table_id: str
    table_sha256: str
    synthetic: bool
    column: Column
    base: int
    items: tuple[ItemScore, ...]  # every item of the table, in table order
    total: int


def column_for(area: object, region: object = None) -> Column:
    """The scoring column of a household: "urban", or "rural_<region>" (a rural household needs
    its region; the region of an urban household is not used)."""
    if area == Area.URBAN:
        return "urban"
    if area != Area.RURAL:
        raise PointAnswerError(
            PointErrorCode.UNKNOWN_AREA,
            f"Khu vực không hợp lệ: {area!r}; chỉ nhận 'rural' (nông thôn) hoặc 'urban' (thành thị).",
        )
    if region is None or region == "":
        raise PointAnswerError(
            PointErrorCode.MISSING_REGION,
            f"Hộ ở khu vực nông thôn cần có vùng để chọn cột bảng điểm; các vùng: {', '.join(REGIONS)}.",
        )
    column = f"rural_{region}" if isinstance(region, str) else None
    for known in COLUMNS:
        if known == column:
            return known
    raise PointAnswerError(
        PointErrorCode.UNKNOWN_REGION, f"Vùng không hợp lệ: {region!r}; các vùng: {', '.join(REGIONS)}."
    )


def score(table: PointTable, column: object, answers: Mapping[str, object]) -> Scored:
    """B1 of one household from its Phiếu B answers, in one column of the table.

    ``answers`` maps item code → option code (single), a list of option codes (multi; a missing
    multi item counts as nothing ticked), or a whole number ≥ 0 (count). Every single and count
    item needs an answer. Checks, in order: the column, unknown items (all named), each answer in
    table order, then missing answers (all named with their numbers in one error).
    """
    the_column = _column(table, column)
    model = table.model
    unknown = [code for code in answers if code not in table.items_by_code]
    if unknown:
        raise PointAnswerError(
            PointErrorCode.UNKNOWN_ITEM,
            f"Câu hỏi không có trong bảng điểm '{table.id}': {', '.join(repr(c) for c in unknown)}.",
            [str(c) for c in unknown],
        )
    scores: list[ItemScore] = []
    missing: list[Item] = []
    for item in model.items:
        if item.code not in answers:
            if item.kind == "multi":
                scores.append(ItemScore(item.code, item.number, item.kind, (), 0))
            else:
                missing.append(item)
            continue
        answer, points = _score_item(item, the_column, answers[item.code])
        scores.append(ItemScore(item.code, item.number, item.kind, answer, points))
    if missing:
        listed = "; ".join(f"câu {item.number} ({item.question.vi})" for item in missing)
        raise PointAnswerError(
            PointErrorCode.MISSING_ANSWER,
            f"Chưa trả lời {len(missing)} câu bắt buộc của Phiếu B: {listed}.",
            [item.code for item in missing],
        )
    base = model.base_points[the_column]
    return Scored(
        table_id=table.id,
        table_sha256=table.sha256,
        synthetic=model.synthetic,
        column=the_column,
        base=base,
        items=tuple(scores),
        total=base + sum(s.points for s in scores),
    )


def _column(table: PointTable, column: object) -> Column:
    for known in table.columns:
        if known == column:
            return known
    if isinstance(column, str) and column in COLUMNS:
        raise PointAnswerError(
            PointErrorCode.COLUMN_NOT_IN_TABLE,
            f"Bảng điểm '{table.id}' không có cột '{column}'; các cột của bảng: {', '.join(table.columns)}.",
        )
    raise PointAnswerError(
        PointErrorCode.UNKNOWN_COLUMN, f"Cột bảng điểm không hợp lệ: {column!r}; các cột: {', '.join(COLUMNS)}."
    )


def _score_item(item: Item, column: Column, answer: object) -> tuple[Answer, int]:
    where = f"Câu {item.number} ({item.question.vi})"
    if item.kind == "single":
        if not isinstance(answer, str):
            raise _wrong_type(item, where, "một mã phương án", answer)
        return answer, _option(item, where, answer).points[column]
    if item.kind == "multi":
        if not isinstance(answer, (list, tuple)) or not all(isinstance(code, str) for code in answer):
            raise _wrong_type(item, where, "một danh sách mã phương án (có thể rỗng)", answer)
        ticked: set[str] = set()
        for code in answer:
            _option(item, where, code)
            if code in ticked:
                raise PointAnswerError(
                    PointErrorCode.DUPLICATE_OPTION, f"{where}: phương án '{code}' được chọn hai lần.", [item.code]
                )
            ticked.add(code)
        chosen = [option for option in item.options if option.code in ticked]
        return tuple(o.code for o in chosen), sum(o.points[column] for o in chosen)
    if not isinstance(answer, int) or isinstance(answer, bool):
        raise _wrong_type(item, where, "một số nguyên không âm", answer)
    if answer < 0:
        raise PointAnswerError(
            PointErrorCode.NEGATIVE_COUNT, f"{where}: số lượng không được âm (nhận {answer}).", [item.code]
        )
    if item.max_count is not None and answer > item.max_count:
        raise PointAnswerError(
            PointErrorCode.COUNT_OVER_MAX,
            f"{where}: số lượng {answer} vượt quá mức tối đa {item.max_count} của bảng điểm.",
            [item.code],
        )
    return answer, answer * item.options[0].points[column]


def _option(item: Item, where: str, code: str) -> Option:
    option = item.options_by_code.get(code)
    if option is None:
        raise PointAnswerError(
            PointErrorCode.UNKNOWN_OPTION,
            f"{where}: phương án '{code}' không có trong bảng; các phương án: {', '.join(item.options_by_code)}.",
            [item.code],
        )
    return option


def _wrong_type(item: Item, where: str, expected: str, answer: object) -> PointAnswerError:
    return PointAnswerError(
        PointErrorCode.WRONG_ANSWER_TYPE,
        f"{where}: câu {_KIND_VI[item.kind]} cần {expected}, nhận {answer!r} ({type(answer).__name__}).",
        [item.code],
    )


_KIND_VI: dict[Kind, str] = {"single": "chọn một", "multi": "chọn nhiều", "count": "đếm số lượng"}
