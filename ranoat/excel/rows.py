"""One typed definition of each data sheet of the exchange workbook (docs/exchange-format.md).

Each sheet is a `NamedTuple` (its fields are the sheet's columns, in order) and a `Sheet` that
names it, says which format version added each column and how each value is checked: its kind
(text, whole number, number, 0/1 flag, ISO date, comma-separated codes, JSON object) and, where the
values are codes, their closed vocabulary (the enums of `ranoat.domain`). The writer builds these
records, the reader builds them back (`Sheet.record_of` by column name, a v1 file's missing
columns empty), the merge and the import read their fields by name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple

from ranoat.domain.area import Area
from ranoat.domain.category import Category
from ranoat.domain.household import CommuneType, Employment, PovertyCause, Relation, Schooling, Sex
from ranoat.domain.round import OtherMove, ReviewSource, RoundKind, RoundStatus
from ranoat.domain.survey import SurveyStatus
from ranoat.domain.transition import Transition

Value = str | int | float | None
OFFICER_ROLES = ("preparer", "chair", "other")


class Kind(StrEnum):
    TEXT = "text"
    INT = "int"  # a whole number
    NUMBER = "number"
    FLAG = "flag"  # 1 or 0
    DATE = "date"  # ISO text, 2025-12-15
    CODES = "codes"  # comma-separated codes, each of the vocabulary
    JSON = "json"  # a JSON object as text


@dataclass(frozen=True)
class Rule:
    """How one column's values are checked. ``required``: never empty. ``since``: the format
    version that added the column (older files lack it; it reads as empty)."""

    kind: Kind = Kind.TEXT
    required: bool = False
    vocabulary: frozenset[str] | None = None
    since: int = 1


def codes(*enums: type[StrEnum] | tuple[str, ...]) -> frozenset[str]:
    found: set[str] = set()
    for values in enums:
        found.update(str(v) for v in values)
    return frozenset(found)


TEXT, TEXT_REQUIRED = Rule(), Rule(required=True)
INT, INT_REQUIRED = Rule(Kind.INT), Rule(Kind.INT, required=True)
NUMBER = Rule(Kind.NUMBER)
FLAG, FLAG_REQUIRED = Rule(Kind.FLAG), Rule(Kind.FLAG, required=True)
DATE = Rule(Kind.DATE)
CATEGORY = Rule(vocabulary=codes(Category))


def v2(rule: Rule) -> Rule:
    return Rule(rule.kind, rule.required, rule.vocabulary, since=2)


def v3(rule: Rule) -> Rule:
    return Rule(rule.kind, rule.required, rule.vocabulary, since=3)


# ----------------------------------------------------------------------------- the rows
class HouseholdRow(NamedTuple):
    """data_households: one row per household of the commune, its result in the exported round."""

    household_code: str
    village_code: str | None
    village_name: str | None
    area: str
    address: str | None
    head_name: str | None
    member_count: int
    ethnic_minority: int | None
    person_of_merit: int | None
    social_protection: int | None
    no_working_capacity: int | None
    start_category: str | None
    computed_category: str | None
    result_category: str | None
    override_reason: str | None
    b1: float | int | None
    b2: int | None
    lacking: str | None
    causes: str | None
    survey_status: str | None
    transition: str | None
    other_move: str | None
    other_reason: str | None
    # version 2
    phone: str | None = None
    ethnic_minority_override: int | None = None  # as stored: empty = from the head's ethnicity
    cause_notes: str | None = None  # JSON object {cause: note}, only the causes with a note
    # version 3: lives from farming, forestry, fishery or salt making (the average living standard)
    farming: int | None = None


class MemberRow(NamedTuple):
    """data_members: one row per member, in roster order."""

    household_code: str
    position: int
    full_name: str
    relation: str
    sex: str
    birth_year: int
    birth_date: str | None
    ethnicity_code: str | None
    cccd: str | None
    schooling: str | None
    health_insurance: int | None
    employment: str | None
    disability: int | None


class VillageRow(NamedTuple):
    """data_villages (v2): the commune's villages in its order."""

    village_code: str
    village_name: str
    position: int


class OfficerRow(NamedTuple):
    """data_officers (v2): the people named in signature blocks."""

    name: str
    title: str | None
    role: str


class RoundRow(NamedTuple):
    """data_rounds (v2): the exported round and every earlier one, oldest first; ``round_no``
    numbers them 1, 2, … (the exported round is the last) and the other sheets refer to it."""

    round_no: int
    year: int
    kind: str
    month: int | None
    standard_id: str
    status: str
    starts_on: str | None
    ends_on: str | None
    posting_from: str | None
    posting_to: str | None
    decision_number: str | None
    decision_date: str | None
    previous_round: int | None


class RoundHouseholdRow(NamedTuple):
    """data_round_households (v2): a household in a round, its start-of-period status and more."""

    round_no: int
    household_code: str
    start_category: str | None
    source: str
    applied_on: str | None
    application_reason: str | None
    other_move: str | None
    other_reason: str | None


class SurveyRow(NamedTuple):
    """data_surveys (v2): every Phiếu B of every round of the workbook, as stored."""

    round_no: int
    household_code: str
    b1: float | int | None
    income: int | None
    item_answers: str | None  # JSON object, keys sorted
    point_table_id: str | None
    point_table_sha256: str | None
    housing_area_m2: float | int | None
    lacking: str | None  # comma-separated, in the stored order
    category: str | None
    b2: int | None
    rulebook_id: str | None
    rulebook_sha256: str | None
    officer: str | None
    status: str
    override_category: str | None
    override_reason: str | None
    override_by: str | None


class MeetingRow(NamedTuple):
    """data_meetings (v2): every village meeting of every round, in the order they were recorded."""

    round_no: int
    village_code: str
    held_on: str
    attendees: int
    agreed: int
    note: str | None


class ComplaintRow(NamedTuple):
    """data_complaints (v2): every complaint and its re-check, in the order they were received."""

    round_no: int
    household_code: str
    received_on: str
    content: str
    rechecked_on: str | None
    outcome: str | None


@dataclass(frozen=True)
class Sheet:
    """A data sheet: its name, its record type, the metadata key of its row count and its rules."""

    name: str
    record: type[Any]  # a NamedTuple class
    count_key: str
    rules: dict[str, Rule] = field(default_factory=dict)
    since: int = 1

    def __post_init__(self) -> None:
        fields: tuple[str, ...] = self.record._fields
        assert tuple(self.rules) == fields, (self.name, set(fields) ^ set(self.rules))

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(self.record._fields)

    def columns_of(self, version: int) -> tuple[str, ...]:
        """The columns a file of format ``version`` has (v1: the first 23 of data_households)."""
        return tuple(name for name, rule in self.rules.items() if rule.since <= version)


HOUSEHOLDS = Sheet(
    "data_households",
    HouseholdRow,
    "household_rows",
    {
        "household_code": TEXT_REQUIRED,
        "village_code": TEXT,
        "village_name": TEXT,
        "area": Rule(required=True, vocabulary=codes(Area)),
        "address": TEXT,
        "head_name": TEXT,
        "member_count": INT_REQUIRED,
        "ethnic_minority": FLAG,
        "person_of_merit": FLAG,
        "social_protection": FLAG,
        "no_working_capacity": FLAG,
        "start_category": CATEGORY,
        "computed_category": CATEGORY,
        "result_category": CATEGORY,
        "override_reason": TEXT,
        "b1": NUMBER,
        "b2": INT,
        "lacking": Rule(Kind.CODES),  # the standard's indicator codes: checked by the reader
        "causes": Rule(Kind.CODES, vocabulary=codes(PovertyCause)),
        "survey_status": Rule(vocabulary=codes(SurveyStatus)),
        "transition": Rule(vocabulary=codes(Transition)),
        "other_move": Rule(vocabulary=codes(OtherMove)),
        "other_reason": TEXT,
        "phone": v2(TEXT),
        "ethnic_minority_override": v2(FLAG),
        "cause_notes": v2(Rule(Kind.JSON)),
        "farming": v3(FLAG),
    },
)
MEMBERS = Sheet(
    "data_members",
    MemberRow,
    "member_rows",
    {
        "household_code": TEXT_REQUIRED,
        "position": INT_REQUIRED,
        "full_name": TEXT_REQUIRED,
        "relation": Rule(required=True, vocabulary=codes(Relation)),
        "sex": Rule(required=True, vocabulary=codes(Sex)),
        "birth_year": INT_REQUIRED,
        "birth_date": DATE,
        "ethnicity_code": TEXT,
        "cccd": TEXT,
        "schooling": Rule(vocabulary=codes(Schooling)),
        "health_insurance": FLAG,
        "employment": Rule(vocabulary=codes(Employment)),
        "disability": FLAG,
    },
)
VILLAGES = Sheet(
    "data_villages",
    VillageRow,
    "village_rows",
    {"village_code": TEXT_REQUIRED, "village_name": TEXT_REQUIRED, "position": INT_REQUIRED},
    since=2,
)
OFFICERS = Sheet(
    "data_officers",
    OfficerRow,
    "officer_rows",
    {"name": TEXT_REQUIRED, "title": TEXT, "role": Rule(required=True, vocabulary=frozenset(OFFICER_ROLES))},
    since=2,
)
ROUNDS = Sheet(
    "data_rounds",
    RoundRow,
    "round_rows",
    {
        "round_no": INT_REQUIRED,
        "year": INT_REQUIRED,
        "kind": Rule(required=True, vocabulary=codes(RoundKind)),
        "month": INT,
        "standard_id": TEXT_REQUIRED,
        "status": Rule(required=True, vocabulary=codes(RoundStatus)),
        "starts_on": DATE,
        "ends_on": DATE,
        "posting_from": DATE,
        "posting_to": DATE,
        "decision_number": TEXT,
        "decision_date": DATE,
        "previous_round": INT,
    },
    since=2,
)
ROUND_HOUSEHOLDS = Sheet(
    "data_round_households",
    RoundHouseholdRow,
    "round_household_rows",
    {
        "round_no": INT_REQUIRED,
        "household_code": TEXT_REQUIRED,
        "start_category": CATEGORY,
        "source": Rule(required=True, vocabulary=codes(ReviewSource)),
        "applied_on": DATE,
        "application_reason": TEXT,
        "other_move": Rule(vocabulary=codes(OtherMove)),
        "other_reason": TEXT,
    },
    since=2,
)
SURVEYS = Sheet(
    "data_surveys",
    SurveyRow,
    "survey_rows",
    {
        "round_no": INT_REQUIRED,
        "household_code": TEXT_REQUIRED,
        "b1": NUMBER,
        "income": INT,
        "item_answers": Rule(Kind.JSON),
        "point_table_id": TEXT,
        "point_table_sha256": TEXT,
        "housing_area_m2": NUMBER,
        "lacking": Rule(Kind.CODES),  # the round's standard's indicator codes: checked by the reader
        "category": CATEGORY,
        "b2": INT,
        "rulebook_id": TEXT,
        "rulebook_sha256": TEXT,
        "officer": TEXT,
        "status": Rule(required=True, vocabulary=codes(SurveyStatus)),
        "override_category": CATEGORY,
        "override_reason": TEXT,
        "override_by": TEXT,
    },
    since=2,
)
MEETINGS = Sheet(
    "data_meetings",
    MeetingRow,
    "meeting_rows",
    {
        "round_no": INT_REQUIRED,
        "village_code": TEXT_REQUIRED,
        "held_on": Rule(Kind.DATE, required=True),
        "attendees": INT_REQUIRED,
        "agreed": INT_REQUIRED,
        "note": TEXT,
    },
    since=2,
)
COMPLAINTS = Sheet(
    "data_complaints",
    ComplaintRow,
    "complaint_rows",
    {
        "round_no": INT_REQUIRED,
        "household_code": TEXT_REQUIRED,
        "received_on": Rule(Kind.DATE, required=True),
        "content": TEXT_REQUIRED,
        "rechecked_on": DATE,
        "outcome": TEXT,
    },
    since=2,
)
# The data sheets of a commune's workbook, in the workbook's (and the checksum's) order.
DATA_SHEETS: tuple[Sheet, ...] = (
    HOUSEHOLDS,
    MEMBERS,
    VILLAGES,
    OFFICERS,
    ROUNDS,
    ROUND_HOUSEHOLDS,
    SURVEYS,
    MEETINGS,
    COMPLAINTS,
)
SHEETS_BY_NAME = {sheet.name: sheet for sheet in DATA_SHEETS}


def sheets_of(version: int) -> tuple[Sheet, ...]:
    return tuple(sheet for sheet in DATA_SHEETS if sheet.since <= version)


# ----------------------------------------------------------------------------- the metadata
def _count_keys() -> dict[str, Rule]:
    return {sheet.count_key: Rule(Kind.INT, since=sheet.since) for sheet in DATA_SHEETS}


# The commune workbook's metadata keys and their checks (the report totals: `exchange.REPORT_KEYS`).
METADATA_RULES: dict[str, Rule] = {
    "format": TEXT_REQUIRED,
    "format_version": INT_REQUIRED,
    "province_code": TEXT,
    "province_name": TEXT,
    "commune_code": TEXT_REQUIRED,
    "commune_name": TEXT_REQUIRED,
    "commune_type": Rule(vocabulary=codes(CommuneType)),
    "commune_area": Rule(vocabulary=codes(Area)),
    "commune_region": v2(TEXT),  # a region code of the point tables (checked by the reader)
    "round_year": INT_REQUIRED,
    "round_kind": Rule(vocabulary=codes(RoundKind)),
    "round_month": INT,
    "round_status": Rule(vocabulary=codes(RoundStatus)),
    "standard_id": TEXT_REQUIRED,
    "rulebook_sha256": TEXT,
    "decision_number": TEXT,
    "decision_date": DATE,
    "exported_at": TEXT,
    "program_version": TEXT,
    **_count_keys(),
    "data_sha256": TEXT,
}
