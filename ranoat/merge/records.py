"""The merge's records: its inputs' reports, the communes read from them, the merge's result, and the
records the report forms count (built from a commune's data rows), and the result of checking an
input's sheets for people. The run (`core`), that check (`visible`) and the workbook writer
(`workbook`) build on these records, so none of the three imports another's internals."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from ranoat.domain.area import Area
from ranoat.domain.household import PovertyCause
from ranoat.domain.search import fold
from ranoat.domain.transition import Movement, Transition, status_of
from ranoat.domain.vietnamese import format_number
from ranoat.excel.reader import ExchangeError, RejectCode
from ranoat.excel.rows import HouseholdRow, MemberRow
from ranoat.merge.seal import SealCheck
from ranoat.reports.forms import COMMUNE_UNIT_HEADER, IndicatorColumn, Unit, cause_number
from ranoat.reports.round_report import ReportForms, ReportHousehold, Scores, compute_forms
from ranoat.rules.rulebook import Rulebook


class Level(StrEnum):
    """The level that merges (a setting): it names the header of the merged outputs."""

    DISTRICT = "district"  # huyện (until 2025)
    PROVINCE = "province"  # tỉnh
    CLUSTER = "cluster"  # cụm xã

    def authority(self, name: str) -> str:
        """ "UBND TỈNH LẠNG SƠN" for "Lạng Sơn"; a name that already says its kind ("Tỉnh Lạng Sơn",
        "Thành phố Hà Nội", "Quận Ba Đình", "Cụm xã Tân Văn", "UBND …") is not prefixed twice."""
        prefix = {Level.DISTRICT: "UBND HUYỆN", Level.PROVINCE: "UBND TỈNH", Level.CLUSTER: "CỤM XÃ"}[self]
        kinds = {
            Level.DISTRICT: ("huyen", "quan", "thi xa", "thanh pho"),
            Level.PROVINCE: ("tinh", "thanh pho"),
            Level.CLUSTER: ("cum",),
        }[self]
        folded = f"{fold(name)} "
        if folded.startswith("ubnd "):
            return name.upper().strip()
        if any(folded.startswith(f"{kind} ") for kind in kinds):
            return name.upper().strip() if self is Level.CLUSTER else f"UBND {name.upper().strip()}"
        return f"{prefix} {name.upper()}".strip()


class InputStatus(StrEnum):
    MERGED = "merged"
    REJECTED = "rejected"
    DUPLICATE_FILE = "duplicate_file"


class MergeCode(StrEnum):
    """Reasons a readable exchange workbook is not merged (beside `reader.RejectCode`)."""

    SUPERSEDED = "superseded"
    OTHER_STANDARD = "other_standard"
    OTHER_ROUND = "other_round"
    SAME_DATA = "same_data"
    VISIBLE_MISMATCH = "visible_mismatch"  # its lists or forms are not what its data rows give
    CODE_CONFLICT = "code_conflict"  # another input has the same commune code and another name
    AMBIGUOUS_NEWEST = "ambiguous_newest"  # two exports of a commune, one dated after the merge's clock


class MergeWarning(StrEnum):
    """What is flagged on an input that still merges."""

    FUTURE_EXPORT = "future_export"  # exported after the merge's clock: the commune's clock may be wrong


@dataclass
class InputReport:
    path: Path
    status: InputStatus = InputStatus.MERGED
    code: str = ""
    reason: str = ""
    communes: list[str] = field(default_factory=list)  # codes of the communes it brought
    households: int = 0
    members: int = 0
    left_out: list[str] = field(default_factory=list)  # the codes of its communes left out (MergeCode)
    warnings: list[str] = field(default_factory=list)  # MergeWarning codes, once each
    visible: VisibleCheck | None = None  # its lists and forms against its data rows (None: not checked)
    seal: SealCheck | None = None  # None: not read far enough to look (ranoat.merge.seal)


@dataclass
class CommuneData:
    """One commune of the merge: its own metadata and its data rows (`ranoat.excel.rows`'s records;
    ``sheets``: its other data sheets, v2, by name)."""

    meta: dict[str, Any]
    households: list[HouseholdRow]
    members: list[MemberRow]
    source: InputReport
    _records: list[ReportHousehold] | None = None
    sheets: dict[str, list[Any]] = field(default_factory=dict)

    def records(self) -> list[ReportHousehold]:
        """The data rows as the records the forms and lists count (computed once)."""
        if self._records is None:
            self._records = report_households(self)
        return self._records

    @property
    def code(self) -> str:
        return str(self.meta.get("commune_code") or "")

    @property
    def name(self) -> str:
        return str(self.meta.get("commune_name") or self.code)

    @property
    def round_key(self) -> tuple[Any, ...]:
        return (self.meta.get("round_year"), self.meta.get("round_kind"), self.meta.get("round_month") or None)

    def area(self) -> Area:
        """The section the commune's row goes to: its type's area; else where most households are."""
        declared = self.meta.get("commune_area")
        if declared in (Area.URBAN.value, Area.RURAL.value):
            return Area(declared)
        found = Counter(row.area for row in self.households)
        return Area.URBAN if found[Area.URBAN.value] > found[Area.RURAL.value] else Area.RURAL


@dataclass(frozen=True)
class PersonRef:
    commune_code: str
    commune_name: str
    household_code: str
    full_name: str
    birth: str  # dd/mm/yyyy or the year
    cccd: str
    relation: str


@dataclass(frozen=True)
class Duplicate:
    """The same person (or household head) in more than one commune, by one rule."""

    rule: str  # "cccd" | "name_birth"
    key: str
    people: tuple[PersonRef, ...]


@dataclass(frozen=True)
class TotalsCheck:
    commune_code: str
    commune_name: str
    reported: tuple[int, ...] | None  # the commune's own form 7.1 total row (households, people, …)
    recomputed: tuple[int, ...]

    @property
    def agrees(self) -> bool | None:
        return None if self.reported is None else self.reported == self.recomputed


@dataclass
class MergeResult:
    inputs: list[InputReport]
    communes: list[CommuneData]  # kept, in report order (urban first, then by code)
    standard_id: str | None
    round_year: int | None
    round_kind: str | None
    forms: ReportForms | None
    people: list[Duplicate]
    households: list[Duplicate]
    totals: list[TotalsCheck]
    rulebook: Rulebook | None
    clock: dt.datetime | None = None  # the merge's "now": export times after it are not trusted
    keys_file: Path | None = None  # the seals were checked with this keys file; None: not checked

    @property
    def household_count(self) -> int:
        return sum(len(c.households) for c in self.communes)

    @property
    def member_count(self) -> int:
        return sum(len(c.members) for c in self.communes)

    @property
    def merged_any(self) -> bool:
        return any(i.status is InputStatus.MERGED for i in self.inputs)


class MergeCancelledError(Exception):
    """The user cancelled; nothing was written."""


def _flag(value: Any) -> bool:
    return value in (1, 1.0, "1", True)


def report_households(commune: CommuneData) -> list[ReportHousehold]:
    """The commune's data rows as the records the report forms count (as `round_report` does)."""
    heads: dict[str, str | None] = {}
    for member in commune.members:
        if member.relation == "head":
            heads[str(member.household_code)] = member.ethnicity_code
    result = []
    for number, row in enumerate(commune.households):
        try:
            result.append(_report_household(commune, number, row, heads))
        except (ValueError, TypeError) as exc:
            raise ExchangeError(
                f"Tệp {commune.source.path}, trang data_households, hộ {row.household_code} của "
                f"{commune.name} ({commune.code}): giá trị không hợp lệ ({exc}) — tệp không do Ranoat ghi "
                "hoặc đã bị sửa.",
                RejectCode.DAMAGED,
            ) from exc
    return result


def _report_household(
    commune: CommuneData, number: int, row: HouseholdRow, heads: dict[str, str | None]
) -> ReportHousehold:
    code = str(row.household_code)
    kind = Transition(row.transition) if row.transition else Transition.STAYED_OUT
    start = status_of(row.start_category)
    end = None if kind is Transition.LEFT else status_of(row.result_category)
    if row.start_category is None:  # not part of this round: counted nowhere, as in the commune
        kind, end = Transition.STAYED_OUT, None
    people = int(row.member_count or 0)
    causes = tuple(
        sorted(
            (PovertyCause(c) for c in str(row.causes or "").split(",") if c in PovertyCause.__members__.values()),
            key=cause_number,
        )
    )
    lacking = tuple(c for c in str(row.lacking or "").split(",") if c)
    b1, b2 = row.b1, row.b2
    if not isinstance(b1, (int, float, type(None))) or not isinstance(b2, (int, float, type(None))):
        raise ValueError(f"điểm B1, B2: {b1!r}, {b2!r}")
    scored = b1 is not None or b2 is not None or bool(lacking)
    return ReportHousehold(
        id=number,
        code=code,
        village_id=0,
        area=Area(row.area) if row.area in ("urban", "rural") else commune.area(),
        head_sort="",
        movement=Movement(number, commune.code, start, end, kind, people),
        start=row.start_category,
        result=row.result_category,
        ethnic_minority=_flag(row.ethnic_minority),
        head_ethnicity=heads.get(code),
        no_working_capacity=_flag(row.no_working_capacity),
        person_of_merit=_flag(row.person_of_merit),
        social_protection=_flag(row.social_protection),
        causes=causes,
        other_cause="",
        scores=Scores(0, b1, int(b2) if b2 is not None else None, lacking) if scored else None,
    )


def indicator_columns(rulebook: Rulebook | None) -> tuple[IndicatorColumn, ...]:
    """The lacking indicators' columns of forms 7.4 and 7.5, as `reports.round_report.round_report` makes them."""
    if rulebook is None:
        return ()
    return tuple(IndicatorColumn(i.report_column, i.code, i.vi) for i in rulebook.indicators_by_code.values())


def forms_of(communes: list[CommuneData], rulebook: Rulebook | None) -> ReportForms | None:
    """The merged forms: one row per commune, in this order (None for no commune)."""
    if not communes:
        return None
    by_unit = {Unit(c.code, c.name, c.area()): c.records() for c in communes}
    official = all(c.meta.get("round_status") == "closed" for c in communes)
    return compute_forms(by_unit, indicator_columns(rulebook), official=official, unit_header=COMMUNE_UNIT_HEADER)


SHOWN = 5  # differences quoted in the reason; all are counted


@dataclass(frozen=True)
class Difference:
    """A cell of a sheet for people that is not what the data rows give (``row``, ``column`` from 0);
    ``row`` -1: the whole sheet is missing."""

    sheet: str
    row: int
    column: int
    found: Any
    expected: Any

    def text(self) -> str:
        if self.row < 0:
            return f"thiếu trang “{self.sheet}”"
        where = f"{self.sheet}, ô {cell_name(self.row, self.column)}"
        return f"{where}: {_shown(self.found)}, theo dữ liệu {_shown(self.expected)}"


def cell_name(row: int, column: int) -> str:
    """(11, 4) → "E12" (Excel A1 address; row and column from 0)."""
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{letters}{row + 1}"


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "(trống)"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return format_number(round(value, 2) if isinstance(value, float) else value)
    return f"“{value}”"


@dataclass(frozen=True)
class VisibleCheck:
    """The result of checking one input's sheets for people."""

    differences: list[Difference]  # the first `SHOWN` of them, in sheet order
    count: int  # all of them
    problem: str = ""  # why the sheets could not be checked at all
    advice: str = "hãy đề nghị xã xuất lại sổ từ Ranoat"

    @property
    def agrees(self) -> bool:
        return not self.problem and self.count == 0

    def reason(self, path: Path) -> str:
        """The Vietnamese reason for a rejection, naming the file, the first cells and the count."""
        if self.problem:
            return f"Tệp {path}: {self.problem} — {self.advice}."
        shown = "; ".join(d.text() for d in self.differences[:SHOWN])
        more = f"; và {format_number(self.count - SHOWN)} ô khác" if self.count > SHOWN else ""
        return (
            f"Tệp {path}: các trang danh sách, biểu mẫu không khớp với dữ liệu của tệp "
            f"({format_number(self.count)} ô khác): {shown}{more}. Các trang này đã bị sửa sau khi xuất "
            "(dữ liệu ẩn không đổi): hãy đề nghị xã xuất lại sổ từ Ranoat."
        )
