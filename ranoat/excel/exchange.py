"""The machine-readable part of the commune exchange workbook (docs/exchange-format.md).

Three sheets for programs beside the lists and forms for people: `data_households` (one row per
household), `data_members` (one row per member) and `metadata` (key, value). The metadata carries a
SHA-256 over the data rows in a canonical text form, so that a hand-edited, re-saved-with-changes or
truncated file is detected by the level above.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from xlsxwriter.workbook import Workbook

from ranoat import __version__
from ranoat.domain.category import Category
from ranoat.domain.errors import OperationError
from ranoat.domain.ethnicity import KINH
from ranoat.domain.round import OtherMove
from ranoat.domain.transition import Transition
from ranoat.excel.document import Cell, data_sheet
from ranoat.excel.rows import (
    COMPLAINTS,
    DATA_SHEETS,
    HOUSEHOLDS,
    MEETINGS,
    MEMBERS,
    OFFICERS,
    ROUND_HOUSEHOLDS,
    ROUNDS,
    SURVEYS,
    VILLAGES,
    ComplaintRow,
    HouseholdRow,
    MeetingRow,
    MemberRow,
    OfficerRow,
    RoundHouseholdRow,
    RoundRow,
    SurveyRow,
    VillageRow,
)
from ranoat.excel.seal import key_id, seal_of
from ranoat.reports.round_report import DbRow, RoundRead, RoundReport
from ranoat.storage.models import ReviewRound

FORMAT_NAME = "ranoat-exchange"
FORMAT_VERSION = 3
# Form 7.1's Tổng cộng row, in its counts' order (docs/exchange-format.md)
REPORT_KEYS = (
    "report_households",
    "report_members",
    "report_poor_households",
    "report_poor_members",
    "report_near_poor_households",
    "report_near_poor_members",
)
# Metadata keys outside the checksum: the checksum itself, and the seal over it (another key's HMAC)
UNCHECKED_KEYS = frozenset({"data_sha256", "seal"})

# The v1 names, kept for the programs that read them: the columns of each sheet (rows.py defines them)
HOUSEHOLD_COLUMNS = HOUSEHOLDS.columns_of(1)
MEMBER_COLUMNS = MEMBERS.columns_of(1)
SHEETS = ("data_households", "data_members", "metadata")  # the sheets every version has


def canonical(value: object) -> str:
    """The text a cell contributes to the checksum, the same whether written or read back.

    Readers return numbers as floats (calamine) or ints (openpyxl); both give the same text here.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float)):
        number = float(value)
        if not math.isfinite(number):
            return repr(number)
        return str(int(number)) if number.is_integer() else repr(number)
    return str(value)


def sheets_checksum(sheets: Iterable[tuple[str, Iterable[Sequence[object]]]]) -> str:
    """SHA-256 over named sheets of rows: name 0x1D, then each row's canonical cells joined by 0x1F, 0x1E."""
    digest = hashlib.sha256()
    known = _Canonical()  # hundreds of thousands of cells, few distinct numbers (bench/bench_export.py)
    for name, rows in sheets:
        digest.update(name.encode("utf-8") + b"\x1d")
        for row in rows:
            cells = [v if v.__class__ is str else known[v] for v in row]  # text is its own canonical form
            digest.update("\x1f".join(cells).encode("utf-8") + b"\x1e")
    return digest.hexdigest()


class _Canonical(dict[object, str]):
    """`canonical` of each value, computed once. Numbers that compare equal (1, 1.0, True) have
    equal canonical texts, so sharing a key is right."""

    def __missing__(self, value: object) -> str:
        text = self[value] = canonical(value)
        return text


def data_checksum(households: Iterable[Sequence[object]], members: Iterable[Sequence[object]]) -> str:
    return sheets_checksum((("data_households", households), ("data_members", members)))


def checksum_v2(metadata: Mapping[str, object], sheets: Iterable[tuple[str, Sequence[Sequence[object]]]]) -> str:
    """The v2 checksum: SHA-256 over the metadata (every key but `UNCHECKED_KEYS`, sorted by key)
    and every row of every data sheet, each line canonical JSON and ended by a newline.

    Injective: a sheet's line is a JSON object {"sheet": name, "rows": count, "width": columns}, each
    row a JSON array of its cells' canonical texts (`canonical`: 120 not 120.0, empty = ""); JSON
    escapes every quote, separator and control character, so no text can pass for the end of a
    cell, a row or a sheet.
    """
    dumps, row_text = _dumps, _ROW.encode
    digest = hashlib.sha256(b"ranoat-exchange-checksum/2\n")
    known = _Canonical()
    entries = [[key, known[value]] for key, value in sorted(metadata.items()) if key not in UNCHECKED_KEYS]
    digest.update(dumps({"sheet": "metadata", "rows": len(entries), "width": 2}).encode() + b"\n")
    for entry in entries:
        digest.update(dumps(entry).encode() + b"\n")
    for name, rows in sheets:
        width = len(rows[0]) if rows else 0
        digest.update(dumps({"sheet": name, "rows": len(rows), "width": width}).encode() + b"\n")
        for first in range(0, len(rows), 10_000):  # a few thousand rows per update: fewer calls, little memory
            lines = [
                row_text([v if v.__class__ is str else known[v] for v in row]) for row in rows[first : first + 10_000]
            ]
            lines.append("")
            digest.update("\n".join(lines).encode())
    return digest.hexdigest()


# a row: a JSON array of texts (no keys to sort), encoded by the C encoder
_ROW = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def json_text(value: object) -> str | None:
    """A stored JSON value as its canonical text (keys sorted), None for none."""
    return None if value is None else _dumps(value)


Rows = Sequence[tuple[Cell, ...]]


@dataclass
class ExchangeData:
    """The metadata and the data sheets' rows (by sheet name, in `DATA_SHEETS` order)."""

    metadata: dict[str, Cell]
    sheets: dict[str, Rows]

    @property
    def households(self) -> Rows:
        return self.sheets[HOUSEHOLDS.name]

    @property
    def members(self) -> Rows:
        return self.sheets[MEMBERS.name]


def _flag(value: bool | None) -> int | None:
    return None if value is None else int(value)


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


@dataclass(frozen=True)
class HistoryRead:
    """The rounds up to the exported one and their records, as read from the database
    (`operations.round_read.read_history`): the history sheets are built from it."""

    rounds: tuple[ReviewRound, ...]  # up to the exported one, by id
    entries: Sequence[DbRow]  # their RoundHousehold rows
    surveys: Sequence[DbRow]  # their Survey rows (every column)
    meetings: Sequence[DbRow]  # their VillageMeeting rows, by id
    complaints: Sequence[DbRow]  # their Complaint rows, by id
    villages: Sequence[DbRow]  # (id, code, name, position) of every village, by position then id
    phones: dict[int, str | None]  # each household's phone


def build_exchange(
    read: RoundRead,
    report: RoundReport,
    history: HistoryRead,
    *,
    exported_at: dt.datetime | None = None,
    seal_key: bytes | None = None,
) -> ExchangeData:
    """The data sheets and metadata of one round, in village order then Vietnamese name order,
    from the round as read (`read`, `history`) and its report (the metadata carries the report's
    form 7.1 totals). ``seal_key``: the commune's seal key; the metadata then carries
    ``seal_key_id`` and ``seal`` (`ranoat.excel.seal`), computed from the finished ``data_sha256``.
    """
    round_, rulebook, commune = read.round, read.rulebook, read.commune
    if commune is None:
        raise OperationError("Chưa có thông tin xã hoặc kỳ rà soát để xuất.")
    order = {code: i for i, code in enumerate(rulebook.indicators_by_code)}
    villages = {v.id: (index, v.code, v.name) for index, v in enumerate(read.villages)}
    listed, surveys, causes = read.listed, read.surveys, read.causes
    phones = history.phones

    household_rows: list[HouseholdRow] = []
    household_order: list[tuple[int, str]] = []  # (id, code) in the sheet's order
    # by village (a stable sort keeps head_sort, code order within each)
    for h in sorted(read.households, key=lambda h: villages[h.village_id][0]):
        entry = listed.get(h.id)
        survey = surveys.get(h.id)
        # empty only for a household outside the round (registered after it closed): the merge skips it
        start = (entry.start_category or Category.NOT_POOR.value) if entry else None
        move = OtherMove(entry.other_move) if entry and entry.other_move else None
        result = read.finals.get(h.id)  # `rounds.final_categories`, as the forms count it
        movement = read.movements.get(h.id)  # `rounds.movements`: none for a household outside the round
        kind = movement.transition if movement is not None else Transition.STAYED_OUT
        minority = h.ethnic_minority_override
        if minority is None:
            minority = read.heads.get(h.id, KINH) != KINH
        _, village_code, village_name = villages[h.village_id]
        household_order.append((h.id, h.code))
        notes = {cause: note for cause, note in causes.get(h.id, ()) if note}
        household_rows.append(
            HouseholdRow(
                household_code=h.code,
                village_code=village_code,
                village_name=village_name,
                area=h.area,
                address=h.address,
                head_name=h.head_name,
                member_count=h.member_count,
                ethnic_minority=int(minority),
                person_of_merit=int(h.person_of_merit),
                social_protection=int(h.social_protection),
                no_working_capacity=int(h.no_working_capacity),
                start_category=start,
                computed_category=survey.category if survey else None,
                result_category=result,
                override_reason=survey.override_reason if survey else None,
                b1=survey.b1 if survey else None,
                b2=survey.b2 if survey else None,
                lacking=",".join(sorted(survey.lacking, key=lambda c: order.get(c, 99))) if survey else None,
                causes=",".join(cause for cause, _ in causes.get(h.id, ())),
                survey_status=survey.status if survey else None,
                transition=None if kind is Transition.STAYED_OUT else kind.value,
                other_move=move.value if move else None,
                other_reason=entry.other_reason if entry and move else None,
                phone=phones.get(h.id) or None,
                ethnic_minority_override=_flag(h.ethnic_minority_override),
                cause_notes=json_text(notes) if notes else None,
                farming=int(h.farming),
            )
        )
    # a member row is the read row (`read_round`) with the household's code, its flags as 1/0
    member_rows = [
        MemberRow(
            household_code=code,
            position=m.position,
            full_name=m.full_name,
            relation=m.relation,
            sex=m.sex,
            birth_year=m.birth_year,
            birth_date=m.birth_date,
            ethnicity_code=m.ethnicity_code,
            cccd=m.cccd,
            schooling=m.schooling,
            health_insurance=_flag(m.health_insurance),
            employment=m.employment,
            disability=int(m.disability),
        )
        for h, code in household_order
        for m in read.members.get(h, ())
    ]
    codes = dict(household_order)
    rank = {household_id: index for index, (household_id, _) in enumerate(household_order)}
    sheets: dict[str, Rows] = {HOUSEHOLDS.name: household_rows, MEMBERS.name: member_rows}
    sheets.update(_history(read, history, codes, rank))
    exported = exported_at or dt.datetime.now(dt.UTC).replace(microsecond=0)
    metadata: dict[str, Cell] = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "province_code": commune.province_code,
        "province_name": commune.province_name,
        "commune_code": commune.code,
        "commune_name": commune.name,
        "commune_type": commune.type,
        "commune_area": commune.default_area,
        "commune_region": commune.region,
        "round_year": round_.year,
        "round_kind": round_.kind,
        "round_month": round_.month,
        "round_status": round_.status,
        "standard_id": round_.standard_id,
        "rulebook_sha256": rulebook.sha256,
        "decision_number": round_.decision_number,
        "decision_date": _date(round_.decision_date),
        "exported_at": exported.isoformat(),
        "program_version": __version__,
        **{sheet.count_key: len(sheets[sheet.name]) for sheet in DATA_SHEETS},
        # the commune's own form 7.1 totals (Tổng cộng), for the level above to compare with the
        # totals it recomputes from the data rows (optional keys: older files lack them)
        **dict(zip(REPORT_KEYS, report.forms.form_7_1.table.total.lines[0].counts, strict=True)),
    }
    if seal_key is not None:  # the key's fingerprint is checked data: a changed one breaks the checksum
        metadata["seal_key_id"] = key_id(seal_key)
    metadata["data_sha256"] = checksum_v2(metadata, [(sheet.name, sheets[sheet.name]) for sheet in DATA_SHEETS])
    if seal_key is not None:  # last: the seal signs the checksum as it is written (outside the checksum)
        metadata["seal"] = seal_of(seal_key, str(metadata["data_sha256"]))
    return ExchangeData(metadata, sheets)


def _history(read: RoundRead, history: HistoryRead, codes: dict[int, str], rank: dict[int, int]) -> dict[str, Rows]:
    """The sheets of the rounds up to the exported one (last), their households' entries, surveys,
    meetings and complaints; the villages and the officers."""
    rounds = history.rounds
    number = {r.id: index for index, r in enumerate(rounds, start=1)}
    village_codes = {v.id: v.code for v in history.villages}
    round_rows = [
        RoundRow(
            round_no=number[r.id],
            year=r.year,
            kind=r.kind,
            month=r.month,
            standard_id=r.standard_id,
            status=r.status,
            starts_on=_date(r.starts_on),
            ends_on=_date(r.ends_on),
            posting_from=_date(r.posting_from),
            posting_to=_date(r.posting_to),
            decision_number=r.decision_number,
            decision_date=_date(r.decision_date),
            previous_round=number.get(r.previous_round_id) if r.previous_round_id is not None else None,
        )
        for r in rounds
    ]
    entries = sorted(history.entries, key=lambda e: (number[e.round_id], rank[e.household_id]))
    entry_rows = [
        RoundHouseholdRow(
            round_no=number[e.round_id],
            household_code=codes[e.household_id],
            start_category=e.start_category,
            source=e.source,
            applied_on=_date(e.applied_on),
            application_reason=e.application_reason or None,
            other_move=e.other_move,
            other_reason=e.other_reason or None,
        )
        for e in entries
    ]
    surveys = sorted(history.surveys, key=lambda s: (number[s.round_id], rank[s.household_id]))
    survey_rows = [
        SurveyRow(
            round_no=number[s.round_id],
            household_code=codes[s.household_id],
            b1=s.b1,
            income=s.income,
            item_answers=json_text(s.item_answers),
            point_table_id=s.point_table_id,
            point_table_sha256=s.point_table_sha256,
            housing_area_m2=s.housing_area_m2,
            lacking=",".join(s.lacking or ()),
            category=s.category,
            b2=s.b2,
            rulebook_id=s.rulebook_id,
            rulebook_sha256=s.rulebook_sha256,
            officer=s.officer or None,
            status=s.status,
            override_category=s.override_category,
            override_reason=s.override_reason,
            override_by=s.override_by,
        )
        for s in surveys
    ]
    meeting_rows = [
        MeetingRow(
            number[m.round_id], village_codes[m.village_id], m.held_on.isoformat(), m.attendees, m.agreed, m.note
        )
        for m in history.meetings
    ]
    complaint_rows = [
        ComplaintRow(
            number[c.round_id],
            codes[c.household_id],
            c.received_on.isoformat(),
            c.content,
            _date(c.rechecked_on),
            c.outcome,
        )
        for c in history.complaints
    ]
    village_rows = [VillageRow(v.code, v.name, v.position) for v in history.villages]
    officer_rows = [OfficerRow(o.name, o.title, o.role) for o in read.officers]
    return {
        VILLAGES.name: village_rows,
        OFFICERS.name: officer_rows,
        ROUNDS.name: round_rows,
        ROUND_HOUSEHOLDS.name: entry_rows,
        SURVEYS.name: survey_rows,
        MEETINGS.name: meeting_rows,
        COMPLAINTS.name: complaint_rows,
    }


def write_exchange_sheets(book: Workbook, data: ExchangeData) -> None:
    for sheet in DATA_SHEETS:  # a text or a row Excel cannot hold stops the write (`document.write_cell`)
        data_sheet(book, sheet.name, sheet.columns, data.sheets[sheet.name])
    data_sheet(book, "metadata", ("key", "value"), [[key, value] for key, value in data.metadata.items()])
