"""What the province asks its store (docs/province.md): what is loaded and what is missing, the
merged workbook of any set of communes and round (the merge's own writer, fed from the store), and
a household's history across rounds."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, and_, select

from ranoat.domain.category import round_result
from ranoat.domain.round import OtherMove
from ranoat.excel.reader import records
from ranoat.merge import InputReport, InputStatus, MergeResult
from ranoat.merge.records import CommuneData, VisibleCheck
from ranoat.merge.run import assemble
from ranoat.merge.seal import SealCheck, SealStatus
from ranoat.province.schema import communes, exports, households, members, sheet_rows
from ranoat.province.store import Store
from ranoat.rules.rulebook import Rulebook


@dataclass(frozen=True)
class Loaded:
    commune_code: str
    commune_name: str
    round_year: int
    round_kind: str
    round_month: int
    exported_at: str
    households: int
    members: int
    data_sha256: str
    file: str
    loaded_at: str
    history: int  # older exports of this commune and round kept


@dataclass(frozen=True)
class Status:
    loaded: list[Loaded]
    missing: dict[tuple[int, str, int], list[tuple[str, str]]]  # round -> communes with no export of it


def status(store: Store) -> Status:
    with store.transaction() as connection:
        rows = connection.execute(
            select(exports, communes.c.name)
            .join(communes, communes.c.code == exports.c.commune_code)
            .order_by(exports.c.round_year, exports.c.round_kind, exports.c.round_month, exports.c.commune_code)
        ).all()
        every = [(row.code, row.name) for row in connection.execute(select(communes).order_by(communes.c.code))]
    history: dict[tuple[Any, ...], int] = {}
    for row in rows:
        if not row.current:
            key = (row.commune_code, row.round_year, row.round_kind, row.round_month)
            history[key] = history.get(key, 0) + 1
    loaded = [
        Loaded(
            row.commune_code,
            row.name,
            row.round_year,
            row.round_kind,
            row.round_month,
            row.exported_at,
            row.households,
            row.members,
            row.data_sha256,
            row.file,
            row.loaded_at,
            history.get((row.commune_code, row.round_year, row.round_kind, row.round_month), 0),
        )
        for row in rows
        if row.current
    ]
    rounds: dict[tuple[int, str, int], set[str]] = {}
    for item in loaded:
        rounds.setdefault((item.round_year, item.round_kind, item.round_month), set()).add(item.commune_code)
    missing = {key: [(code, name) for code, name in every if code not in have] for key, have in rounds.items()}
    return Status(loaded, missing)


def _current(year: int, kind: str, codes: Sequence[str]) -> Any:
    condition = and_(exports.c.current, exports.c.round_year == year, exports.c.round_kind == kind)
    if codes:
        condition = condition & exports.c.commune_code.in_(list(codes))
    return condition


def _rows_of(connection: Connection, table: Any, export_id: int) -> list[tuple[Any, ...]]:
    found = connection.execute(
        select(table.c.row).where(table.c.export_id == export_id).order_by(table.c.seq)
    ).scalars()
    return [tuple(json.loads(text)) for text in found]


def merged_result(
    store: Store,
    rulebooks: dict[str, Rulebook],
    *,
    year: int,
    kind: str,
    codes: Sequence[str] = (),
    now: dt.datetime | None = None,
) -> MergeResult:
    """The merge of the communes' current exports of the round (``codes``: only these communes), as
    `merge_workbooks` gives for the same files loaded in the same order: write it with
    `ranoat.merge.write_merged`."""
    clock = now if now is not None else dt.datetime.now(dt.UTC)
    reports: list[InputReport] = []
    kept: list[CommuneData] = []
    with store.transaction() as connection:
        chosen = connection.execute(select(exports).where(_current(year, kind, codes)).order_by(exports.c.id)).all()
        for row in chosen:
            noted = json.loads(row.report)
            seal = noted.get("seal")
            report = InputReport(
                Path(row.file),
                InputStatus.MERGED,
                reason=str(noted.get("reason") or ""),
                communes=[row.commune_code],
                households=row.households,
                members=row.members,
                warnings=list(noted.get("warnings") or []),
                visible=VisibleCheck([], 0),
                seal=SealCheck(**{**seal, "status": SealStatus(seal["status"])}) if seal else None,
            )
            reports.append(report)
            sheets: dict[str, list[tuple[Any, ...]]] = {}
            for name, text in connection.execute(
                select(sheet_rows.c.sheet, sheet_rows.c.row)
                .where(sheet_rows.c.export_id == row.id)
                .order_by(sheet_rows.c.sheet, sheet_rows.c.seq)
            ):
                sheets.setdefault(name, []).append(tuple(json.loads(text)))
            kept.append(
                CommuneData(
                    json.loads(row.meta),
                    records("data_households", _rows_of(connection, households, row.id)),
                    records("data_members", _rows_of(connection, members, row.id)),
                    report,
                    sheets={name: records(name, rows) for name, rows in sheets.items()},
                )
            )
    return assemble(reports, kept, rulebooks, clock)


@dataclass(frozen=True)
class RoundEntry:
    round_year: int
    round_kind: str
    round_month: int
    village_name: str | None
    head_name: str | None
    result_category: str | None
    transition: str | None
    exported_at: str
    start_category: str | None = None
    b1: float | int | None = None
    b2: int | None = None
    member_count: int | None = None
    # where the round was read: "export" (the commune's current export of that round), or "earlier"
    # (an earlier round carried in a later export's data_rounds, data_round_households, data_surveys)
    source: str = "export"
    file: str = ""


def _earlier_rounds(connection: Connection, export: Any, household_code: str) -> list[RoundEntry]:
    """The household in the earlier rounds a v2 export carries (its commune's own record of them)."""
    found: dict[str, list[tuple[Any, ...]]] = {}
    for name, text in connection.execute(
        select(sheet_rows.c.sheet, sheet_rows.c.row)
        .where(
            sheet_rows.c.export_id == export.id,
            sheet_rows.c.sheet.in_(("data_rounds", "data_round_households", "data_surveys")),
        )
        .order_by(sheet_rows.c.sheet, sheet_rows.c.seq)
    ):
        found.setdefault(name, []).append(tuple(json.loads(text)))
    rounds = records("data_rounds", found.get("data_rounds", []))
    listed = {
        r.round_no: r
        for r in records("data_round_households", found.get("data_round_households", []))
        if str(r.household_code) == household_code
    }
    surveys = {  # the last Phiếu B of the household in each round
        r.round_no: r
        for r in records("data_surveys", found.get("data_surveys", []))
        if str(r.household_code) == household_code
    }
    entries = []
    for number, known in enumerate(rounds, start=1):
        if number == len(rounds) or (known.round_no not in listed and known.round_no not in surveys):
            continue  # the exported round itself is read from its households; a round without the household
        start = listed[known.round_no].start_category if known.round_no in listed else None
        move = listed[known.round_no].other_move if known.round_no in listed else None
        survey = surveys.get(known.round_no)
        left = bool(move) and move in {m.value for m in OtherMove if m.leaves}
        entries.append(
            RoundEntry(
                round_year=int(known.year),
                round_kind=str(known.kind),
                round_month=int(known.month or 0),
                village_name=None,
                head_name=None,
                result_category=round_result(
                    start=start,
                    computed=survey.category if survey else None,
                    override=survey.override_category if survey else None,
                    left=left,
                ),
                transition=None,
                exported_at=export.exported_at,
                start_category=start,
                b1=survey.b1 if survey else None,
                b2=survey.b2 if survey else None,
                source="earlier",
                file=export.file,
            )
        )
    return entries


def household_history(store: Store, commune_code: str, household_code: str) -> list[RoundEntry]:
    """The household in every round, oldest first: from the commune's current export of each round
    loaded, and for the rounds not loaded, from the earlier rounds a later export carries (format v2:
    a commune's household codes are stable across its rounds, and its export keeps every round)."""
    with store.transaction() as connection:
        found = connection.execute(
            select(
                exports.c.id,
                exports.c.round_year,
                exports.c.round_kind,
                exports.c.round_month,
                exports.c.exported_at,
                exports.c.file,
                households.c.row,
            )
            .join(households, households.c.export_id == exports.c.id)
            .where(
                exports.c.current, exports.c.commune_code == commune_code, households.c.household_code == household_code
            )
            .order_by(exports.c.round_year, exports.c.round_month, exports.c.round_kind)
        ).all()
        entries: dict[tuple[int, str, int], RoundEntry] = {}
        for row in found:
            (record,) = records("data_households", [tuple(json.loads(row.row))])
            entries[(row.round_year, row.round_kind, row.round_month)] = RoundEntry(
                row.round_year,
                row.round_kind,
                row.round_month,
                record.village_name,
                record.head_name,
                record.result_category,
                record.transition,
                row.exported_at,
                start_category=record.start_category,
                b1=record.b1,
                b2=record.b2,
                member_count=record.member_count,
                file=row.file,
            )
        for row in reversed(found):  # the newest export's record of an earlier round first
            for entry in _earlier_rounds(connection, row, household_code):
                entries.setdefault((entry.round_year, entry.round_kind, entry.round_month), entry)
    return [entries[key] for key in sorted(entries, key=lambda k: (k[0], k[2], k[1]))]
