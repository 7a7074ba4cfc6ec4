"""Every value of an exchange workbook checked against what Ranoat writes, whatever its checksum says.

A checksum proves only that the rows are the ones it was computed over: anyone can recompute it.
So the reader also checks each column's values (`ranoat.excel.rows`: the kind of value, the closed
vocabularies of `ranoat.domain`, the standard's indicator codes) and the references between the
sheets (a member's household exists, a survey's round and household exist, codes are unique). The
first violation is raised as a `InvalidDataError` naming the sheet, row and column.

Fast on a province's merged workbook (a million member rows): each column's distinct values are
checked once, and a row is looked for only when a value fails.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from ranoat.excel.rows import METADATA_RULES, SHEETS_BY_NAME, TEXT_REQUIRED, Kind, Rule
from ranoat.rules.point_table import REGIONS
from ranoat.rules.rulebook import load_all

Rows = Sequence[Sequence[Any]]


class InvalidDataError(Exception):
    """A value Ranoat never writes. ``reference``: a broken reference or a repeated code."""

    def __init__(self, message: str, *, reference: bool = False) -> None:
        super().__init__(message)
        self.reference = reference


@cache
def indicator_codes() -> dict[str, frozenset[str]]:
    """Each standard's indicator codes, by standard id."""
    return {book.id: frozenset(book.indicators_by_code) for book in load_all().values()}


def _all_indicators() -> frozenset[str]:
    return frozenset().union(*indicator_codes().values())


def _shown(value: object) -> str:
    text = str(value)
    return f"“{text[:60]}…”" if len(text) > 60 else f"“{text}”"


# The numbers a column may hold (issue #16): a year of 99999 or a position of 10^20 passes "a whole
# number" but makes the import's date or SQLite's 64-bit integer fail with a traceback. Years as
# the round dialog allows them, widened; birth years of four digits, as the list import reads them.
YEARS = (1900, 2200)
RANGES: dict[str, tuple[int, int]] = {
    "round_year": YEARS,
    "year": YEARS,
    "birth_year": (1000, 9999),
    "round_month": (1, 12),
    "month": (1, 12),
    "position": (-1_000_000, 1_000_000),  # an ordering key: the register puts a village first with -1
    "member_count": (0, 100_000),
    "round_no": (1, 10**9),
    "previous_round": (1, 10**9),
    "attendees": (0, 10**7),
    "agreed": (0, 10**7),
}
LARGEST = 10**15  # any other number: money in đồng, areas, counts (SQLite holds 9.2 × 10^18)


def _out_of_range(column: str, value: int | float) -> str | None:
    low, high = RANGES.get(column, (-LARGEST, LARGEST))
    if not math.isfinite(value) or not low <= value <= high:
        return f"giá trị {_shown(value)} nằm ngoài khoảng cho phép ({low} đến {high})"
    return None


def _number_problem(kind: Kind, value: Any, column: str) -> str | None:
    if kind is Kind.INT and value.__class__ is not int:
        return f"giá trị {_shown(value)} không phải số nguyên"
    if value.__class__ not in (int, float):
        return f"giá trị {_shown(value)} không phải số"
    return _out_of_range(column, value)


def _problem(rule: Rule, value: Any, column: str = "") -> str | None:
    """Why ``value`` breaks ``rule`` (Vietnamese), None when it does not; ``column`` names the
    column (or metadata key) for its range of numbers (`RANGES`)."""
    if value is None:
        return "ô trống, cột này phải có giá trị" if rule.required else None
    kind = rule.kind
    if kind in (Kind.INT, Kind.NUMBER):
        return _number_problem(kind, value, column)
    if kind is Kind.FLAG:
        return None if value.__class__ is int and value in (0, 1) else f"giá trị {_shown(value)} không phải 1 hoặc 0"
    if not isinstance(value, str):
        return f"giá trị {_shown(value)} phải là văn bản"
    if kind is Kind.DATE:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return f"giá trị {_shown(value)} không phải ngày dạng NNNN-TT-NN"
        return None
    if kind is Kind.JSON:
        try:
            parsed = json.loads(value)
        except ValueError:
            return f"giá trị {_shown(value)} không phải JSON"
        return None if isinstance(parsed, dict) else f"giá trị {_shown(value)} không phải một đối tượng JSON"
    if kind is Kind.CODES:
        if rule.vocabulary is not None:
            unknown = [code for code in value.split(",") if code and code not in rule.vocabulary]
            if unknown:
                return f"mã {_shown(unknown[0])} không có trong danh mục"
        return None
    if rule.vocabulary is not None and value not in rule.vocabulary:
        return f"giá trị {_shown(value)} không có trong danh mục ({', '.join(sorted(rule.vocabulary))})"
    return None


def _check_column(sheet: str, column: str, rule: Rule, values: Sequence[Any]) -> None:
    for value in set(values):
        problem = _problem(rule, value, column)
        if problem is not None:
            row = values.index(value) + 2
            raise InvalidDataError(f"trang {sheet}, dòng {row}, cột {column}: {problem}.")


def _rules(sheet: str, columns: Sequence[str]) -> list[Rule]:
    if sheet == "data_communes":
        return [METADATA_RULES.get(c, Rule(Kind.INT)) if c != "commune_code" else TEXT_REQUIRED for c in columns]
    rules = SHEETS_BY_NAME[sheet].rules
    found = []
    for column in columns:
        rule = rules.get(column, TEXT_REQUIRED)  # `commune_code`, leading a merged workbook's rows
        if column == "lacking":  # indicator codes of the standards Ranoat knows
            rule = Rule(rule.kind, rule.required, _all_indicators(), rule.since)
        elif column == "commune_region":
            rule = Rule(vocabulary=frozenset(REGIONS))
        found.append(rule)
    return found


def validate(metadata: dict[str, Any], sheets: dict[str, tuple[Sequence[str], Rows]], *, merged: bool) -> None:
    """Check the metadata, every column of every sheet, then the references between the sheets."""
    if not merged:
        for key, rule in METADATA_RULES.items():
            if rule.since > int(metadata["format_version"]) or key == "data_sha256":
                continue
            if key == "commune_region" and metadata.get(key) is not None:
                rule = Rule(vocabulary=frozenset(REGIONS))
            problem = _problem(rule, metadata.get(key), key)
            if problem is not None:
                raise InvalidDataError(f"trang metadata, khoá {key}: {problem}.")
    columns_of: dict[str, dict[str, Sequence[Any]]] = {}
    for sheet, (columns, rows) in sheets.items():
        transposed: list[Sequence[Any]] = list(zip(*rows, strict=True)) if rows else [() for _ in columns]
        for column, rule, values in zip(columns, _rules(sheet, columns), transposed, strict=True):
            _check_column(sheet, column, rule, values)
        columns_of[sheet] = dict(zip(columns, transposed, strict=True))
    _references(columns_of, merged)


def _keys(columns: dict[str, Sequence[Any]], names: Sequence[str], merged: bool) -> list[tuple[Any, ...]]:
    lead = ["commune_code"] if merged else []
    return list(zip(*(columns[name] for name in [*lead, *names]), strict=True))


def _unique(sheet: str, what: str, keys: list[tuple[Any, ...]]) -> set[tuple[Any, ...]]:
    found = set(keys)
    if len(found) != len(keys):
        seen: set[tuple[Any, ...]] = set()
        for row, key in enumerate(keys, start=2):
            if key in seen:
                raise InvalidDataError(
                    f"trang {sheet}, dòng {row}: {what} {_shown(key[-1])} đã có ở một dòng trước", reference=True
                )
            seen.add(key)
    return found


def _exist(sheet: str, column: str, what: str, keys: list[tuple[Any, ...]], known: Iterable[tuple[Any, ...]]) -> None:
    missing = set(keys) - set(known)
    if missing:
        row = next(index for index, key in enumerate(keys, start=2) if key in missing)
        raise InvalidDataError(
            f"trang {sheet}, dòng {row}, cột {column}: {_shown(keys[row - 2][-1])} không có trong {what}",
            reference=True,
        )


def _references(sheets: dict[str, dict[str, Sequence[Any]]], merged: bool) -> None:
    households = sheets["data_households"]
    if merged and "data_communes" in sheets:
        communes = {(code,) for code in sheets["data_communes"]["commune_code"]}
        for name, columns in sheets.items():
            if name != "data_communes":
                _exist(name, "commune_code", "trang data_communes", [(c,) for c in columns["commune_code"]], communes)
    codes = _unique("data_households", "mã hộ", _keys(households, ["household_code"], merged))
    members = sheets["data_members"]
    _exist("data_members", "household_code", "trang data_households", _keys(members, ["household_code"], merged), codes)
    _unique("data_members", "số thứ tự", _keys(members, ["household_code", "position"], merged))
    if "data_villages" not in sheets:  # a version 1 file
        return
    villages = _unique("data_villages", "mã thôn", _keys(sheets["data_villages"], ["village_code"], merged))
    places = _keys(households, ["village_code"], merged)
    if merged:  # a commune merged from a v1 file has no village rows: its households are not checked
        with_villages = {key[0] for key in villages}
        villages = villages | {key for key in places if key[0] not in with_villages}
    _exist("data_households", "village_code", "trang data_villages", places, villages)
    rounds = _unique("data_rounds", "số kỳ", _keys(sheets["data_rounds"], ["round_no"], merged))
    previous = _keys(sheets["data_rounds"], ["previous_round"], merged)
    _exist(
        "data_rounds", "previous_round", "trang data_rounds", previous, rounds | {k for k in previous if k[-1] is None}
    )
    for name in ("data_round_households", "data_surveys", "data_complaints"):
        columns = sheets[name]
        _exist(name, "round_no", "trang data_rounds", _keys(columns, ["round_no"], merged), rounds)
        _exist(name, "household_code", "trang data_households", _keys(columns, ["household_code"], merged), codes)
    for name in ("data_round_households", "data_surveys"):
        _unique(name, "hộ", _keys(sheets[name], ["round_no", "household_code"], merged))
    meetings = sheets["data_meetings"]
    _exist("data_meetings", "round_no", "trang data_rounds", _keys(meetings, ["round_no"], merged), rounds)
    _exist("data_meetings", "village_code", "trang data_villages", _keys(meetings, ["village_code"], merged), villages)
