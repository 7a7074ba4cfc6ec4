"""The machine-readable part of the commune exchange workbook (docs/exchange-format.md).

Three sheets for programs beside the lists and forms for people: `data_households` (one row per
household), `data_members` (one row per member) and `metadata` (key, value). The metadata carries a
SHA-256 over the data rows in a canonical text form, so that a hand-edited, re-saved-with-changes or
truncated file is detected by the level above.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session
from xlsxwriter.workbook import Workbook

from ranoat import __version__
from ranoat.domain.category import Category
from ranoat.domain.ethnicity import KINH
from ranoat.domain.household import OtherMove
from ranoat.domain.transition import Transition
from ranoat.excel.document import Cell, data_sheet
from ranoat.excel.seal import seal_metadata
from ranoat.operations.errors import OperationError
from ranoat.reports.data import RoundRead, RoundReport, read_round, round_report
from ranoat.rules.rulebook import Rulebook

FORMAT_NAME = "ranoat-exchange"
FORMAT_VERSION = 1
SHEETS = ("data_households", "data_members", "metadata")
# Form 7.1's Tổng cộng row, in its counts' order (docs/exchange-format.md)
REPORT_KEYS = (
    "report_households",
    "report_members",
    "report_poor_households",
    "report_poor_members",
    "report_near_poor_households",
    "report_near_poor_members",
)

HOUSEHOLD_COLUMNS = (
    "household_code",
    "village_code",
    "village_name",
    "area",
    "address",
    "head_name",
    "member_count",
    "ethnic_minority",
    "person_of_merit",
    "social_protection",
    "no_working_capacity",
    "start_category",
    "computed_category",
    "result_category",
    "override_reason",
    "b1",
    "b2",
    "lacking",
    "causes",
    "survey_status",
    "transition",
    "other_move",
    "other_reason",
)
MEMBER_COLUMNS = (
    "household_code",
    "position",
    "full_name",
    "relation",
    "sex",
    "birth_year",
    "birth_date",
    "ethnicity_code",
    "cccd",
    "schooling",
    "health_insurance",
    "employment",
    "disability",
)


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


@dataclass
class ExchangeData:
    metadata: dict[str, Cell]
    households: list[list[Cell]]
    members: list[list[Cell]]


def _flag(value: bool | None) -> int | None:
    return None if value is None else int(value)


def exchange_data(
    session: Session,
    round_id: int,
    rulebooks: dict[str, Rulebook],
    *,
    exported_at: dt.datetime | None = None,
    read: RoundRead | None = None,
    report: RoundReport | None = None,
    seal_key: bytes | None = None,
) -> ExchangeData:
    """The data sheets and metadata of one round, in village order then Vietnamese name order.

    ``read`` and ``report``: the round as `read_round` read it and its report (the metadata carries
    the report's form 7.1 totals), when the caller has them already — an export reads a round once.
    ``seal_key``: the commune's seal key; the metadata then carries ``seal_key_id`` and ``seal``
    (`ranoat.excel.seal`), computed from the finished ``data_sha256``.
    """
    if read is None:
        read = read_round(session, round_id, rulebooks)
    if report is None:
        report = round_report(session, round_id, rulebooks, read=read)
    round_, rulebook, commune = read.round, read.rulebook, read.commune
    if commune is None:
        raise OperationError("Chưa có thông tin xã hoặc kỳ rà soát để xuất.")
    order = {code: i for i, code in enumerate(rulebook.indicators_by_code)}
    villages = {v.id: (index, v.code, v.name) for index, v in enumerate(read.villages)}
    listed, surveys, causes = read.listed, read.surveys, read.causes

    household_rows: list[list[Cell]] = []
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
        household_rows.append(
            [
                h.code,
                village_code,
                village_name,
                h.area,
                h.address,
                h.head_name,
                h.member_count,
                int(minority),
                int(h.person_of_merit),
                int(h.social_protection),
                int(h.no_working_capacity),
                start,
                survey.category if survey else None,
                result,
                survey.override_reason if survey else None,
                survey.b1 if survey else None,
                survey.b2 if survey else None,
                ",".join(sorted(survey.lacking, key=lambda c: order.get(c, 99))) if survey else None,
                ",".join(cause for cause, _ in causes.get(h.id, ())),
                survey.status if survey else None,
                None if kind is Transition.STAYED_OUT else kind.value,
                move.value if move else None,
                entry.other_reason if entry and move else None,
            ]
        )
    # a member row is the read row with the household's code, its flags as 1/0 (columns in read_round's order)
    member_rows: list[list[Cell]] = [
        [code, *m[1:10], _flag(m[10]), m[11], int(m[12])]
        for h, code in household_order
        for m in read.members.get(h, ())
    ]
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
        "round_year": round_.year,
        "round_kind": round_.kind,
        "round_month": round_.month,
        "round_status": round_.status,
        "standard_id": round_.standard_id,
        "rulebook_sha256": rulebook.sha256,
        "decision_number": round_.decision_number,
        "decision_date": round_.decision_date.isoformat() if round_.decision_date else None,
        "exported_at": exported.isoformat(),
        "program_version": __version__,
        "household_rows": len(household_rows),
        "member_rows": len(member_rows),
        "data_sha256": data_checksum(household_rows, member_rows),
        # the commune's own form 7.1 totals (Tổng cộng), for the level above to compare with the
        # totals it recomputes from the data rows (optional keys: older files lack them)
        **dict(zip(REPORT_KEYS, report.forms.form_7_1.table.total.lines[0].counts, strict=True)),
    }
    if seal_key is not None:  # last: the seal signs the checksum as it will be written
        metadata.update(seal_metadata(seal_key, str(metadata["data_sha256"])))
    return ExchangeData(metadata, household_rows, member_rows)


def write_exchange_sheets(book: Workbook, data: ExchangeData) -> None:
    data_sheet(book, "data_households", HOUSEHOLD_COLUMNS, data.households)
    data_sheet(book, "data_members", MEMBER_COLUMNS, data.members)
    data_sheet(book, "metadata", ("key", "value"), [[key, value] for key, value in data.metadata.items()])
