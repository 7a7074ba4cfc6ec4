"""Restoring a commune's exchange workbook (format version 2) into an empty database.

A v2 workbook carries the whole of its round and of every earlier round (docs/exchange-format.md):
restored, the database holds the same commune, villages, officers, households, members, causes,
rounds, round entries, Phiếu B, village meetings and complaints, so that exporting the round again
gives the same data sheets cell for cell. Not restored: the audit log, creation times and the
database's own ids. In the caller's one transaction (all of it or nothing); bulk inserts, as the
list import writes (notes/stack-facts.md), and one audit line naming the file.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from ranoat.domain.errors import OperationError
from ranoat.domain.search import fold, name_sort_text, search_document
from ranoat.excel.reader import ExchangeWorkbook
from ranoat.excel.rows import (
    COMPLAINTS,
    MEETINGS,
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
from ranoat.storage.models import (
    AuditEntry,
    Base,
    Commune,
    Complaint,
    Household,
    HouseholdCause,
    Member,
    Officer,
    ReviewRound,
    RoundHousehold,
    Survey,
    Village,
    VillageMeeting,
    utcnow,
)

Step = Callable[[int, str], None]
BATCH = 5000


def can_restore(session: Session, book: ExchangeWorkbook) -> bool:
    """A commune's v2 workbook, into a database without households or rounds."""
    if book.merged or int(book.metadata.get("format_version") or 1) < 2:
        return False
    return (
        session.scalar(select(func.count(Household.id))) == 0
        and session.scalar(select(func.count(ReviewRound.id))) == 0
    )


def _date(text: object) -> dt.date | None:
    return dt.date.fromisoformat(str(text)) if text else None


def _text(value: object) -> str:
    """A text column that cannot be NULL: an empty cell is the empty text."""
    return "" if value is None else str(value)


def _insert(session: Session, model: type[Base], rows: list[dict[str, Any]]) -> None:
    table = Base.metadata.tables[model.__tablename__]
    for first in range(0, len(rows), BATCH):
        session.execute(insert(table), rows[first : first + BATCH])


def restore_workbook(session: Session, book: ExchangeWorkbook, step: Step) -> tuple[int, int]:
    """Write everything ``book`` holds; (households, members) written."""
    if not can_restore(session, book):
        raise OperationError("Chỉ khôi phục được sổ trao đổi phiên bản 2 vào một cơ sở dữ liệu chưa có hộ, chưa có kỳ.")
    meta, sheets = book.metadata, book.sheets
    now = utcnow()
    _commune(session, meta)
    step(0, "Ghi thôn, cán bộ")
    village_ids = _villages(session, sheets[VILLAGES.name])
    officers: list[OfficerRow] = sheets[OFFICERS.name]
    existing = {tuple(row) for row in session.execute(select(Officer.name, Officer.title, Officer.role))}
    _insert(
        session,
        Officer,
        [
            {"name": o.name, "title": _text(o.title), "role": o.role}
            for o in officers
            if (o.name, _text(o.title), o.role) not in existing
        ],
    )
    step(0, "Ghi các hộ")
    households: list[HouseholdRow] = book.households
    members: list[MemberRow] = book.members
    people: dict[str, list[MemberRow]] = {}
    for member in members:
        people.setdefault(member.household_code, []).append(member)
    first_id = (session.scalar(select(func.max(Household.id))) or 0) + 1
    ids = {row.household_code: first_id + index for index, row in enumerate(households)}
    household_rows: list[dict[str, Any]] = []
    member_rows: list[dict[str, Any]] = []
    cause_rows: list[dict[str, Any]] = []
    for row in households:
        household_id = ids[row.household_code]
        roster = sorted(people.get(row.household_code, []), key=lambda m: m.position)
        head_name = _text(row.head_name)
        household_rows.append(
            {
                "id": household_id,
                "code": row.household_code,
                "village_id": village_ids[str(row.village_code)],
                "address": _text(row.address),
                "area": row.area,
                "phone": _text(row.phone),
                "person_of_merit": bool(row.person_of_merit),
                "social_protection": bool(row.social_protection),
                "no_working_capacity": bool(row.no_working_capacity),
                "farming": bool(row.farming),  # empty in a file of format 1 or 2: not marked
                "ethnic_minority_override": None
                if row.ethnic_minority_override is None
                else bool(row.ethnic_minority_override),
                "search_text": search_document(
                    row.household_code, [m.full_name for m in roster], [m.cccd for m in roster if m.cccd]
                ),
                "head_name": head_name,
                "head_sort": name_sort_text(head_name),
                "member_count": row.member_count,
                "created_at": now,
                "updated_at": now,
            }
        )
        member_rows.extend(
            {
                "household_id": household_id,
                "position": m.position,
                "full_name": m.full_name,
                "name_folded": fold(m.full_name),
                "sex": m.sex,
                "birth_date": _date(m.birth_date),
                "birth_year": m.birth_year,
                "ethnicity_code": _text(m.ethnicity_code),
                "cccd": m.cccd,
                "relation": m.relation,
                "schooling": m.schooling,
                "health_insurance": None if m.health_insurance is None else bool(m.health_insurance),
                "employment": m.employment,
                "disability": bool(m.disability),
            }
            for m in roster
        )
        notes: dict[str, str] = json.loads(row.cause_notes) if row.cause_notes else {}
        cause_rows.extend(
            {"household_id": household_id, "cause": cause, "note": str(notes.get(cause, ""))}
            for cause in (row.causes or "").split(",")
            if cause
        )
    _insert(session, Household, household_rows)
    _insert(session, Member, member_rows)
    _insert(session, HouseholdCause, cause_rows)
    step(len(households), "Ghi các kỳ rà soát")
    round_ids = _rounds(session, sheets[ROUNDS.name])
    entries: list[RoundHouseholdRow] = sheets[ROUND_HOUSEHOLDS.name]
    _insert(
        session,
        RoundHousehold,
        [
            {
                "round_id": round_ids[e.round_no],
                "household_id": ids[e.household_code],
                "start_category": e.start_category,
                "source": e.source,
                "applied_on": _date(e.applied_on),
                "application_reason": _text(e.application_reason),
                "other_move": e.other_move,
                "other_reason": _text(e.other_reason),
            }
            for e in entries
        ],
    )
    surveys: list[SurveyRow] = sheets[SURVEYS.name]
    survey_rows = [
        {
            "round_id": round_ids[s.round_no],
            "household_id": ids[s.household_code],
            "b1": s.b1,
            "income": s.income,
            "item_answers": json.loads(s.item_answers) if s.item_answers else None,
            "point_table_id": s.point_table_id,
            "point_table_sha256": s.point_table_sha256,
            "housing_area_m2": s.housing_area_m2,
            "lacking": [code for code in (s.lacking or "").split(",") if code],
            "category": s.category,
            "b2": s.b2,
            "rulebook_id": s.rulebook_id,
            "rulebook_sha256": s.rulebook_sha256,
            "officer": _text(s.officer),
            "status": s.status,
            "override_category": s.override_category,
            "override_reason": s.override_reason,
            "override_by": s.override_by,
            "created_at": now,
            "updated_at": now,
        }
        for s in surveys
    ]
    # no answers: the column left out, so that it is SQL NULL as the ORM stores it (not JSON null)
    _insert(session, Survey, [row for row in survey_rows if row["item_answers"] is not None])
    _insert(
        session,
        Survey,
        [{k: v for k, v in row.items() if k != "item_answers"} for row in survey_rows if row["item_answers"] is None],
    )
    meetings: list[MeetingRow] = sheets[MEETINGS.name]
    _insert(
        session,
        VillageMeeting,
        [
            {
                "round_id": round_ids[m.round_no],
                "village_id": village_ids[m.village_code],
                "held_on": _date(m.held_on),
                "attendees": m.attendees,
                "agreed": m.agreed,
                "note": _text(m.note),
            }
            for m in meetings
        ],
    )
    complaints: list[ComplaintRow] = sheets[COMPLAINTS.name]
    _insert(
        session,
        Complaint,
        [
            {
                "round_id": round_ids[c.round_no],
                "household_id": ids[c.household_code],
                "received_on": _date(c.received_on),
                "content": c.content,
                "rechecked_on": _date(c.rechecked_on),
                "outcome": _text(c.outcome),
            }
            for c in complaints
        ],
    )
    _insert(
        session,
        AuditEntry,
        [
            {
                "at": now,
                "user": str(session.info.get("user", "?")),
                "table_name": "import",
                "record_id": book.path.name[:60],
                "action": "insert",
                "old": None,
                "new": {
                    "file": book.path.name,
                    "restored": True,
                    "households": len(households),
                    "members": len(members),
                    "rounds": len(round_ids),
                    "surveys": len(surveys),
                    "meetings": len(meetings),
                    "complaints": len(complaints),
                },
            }
        ],
    )
    session.flush()
    return len(households), len(members)


def _commune(session: Session, meta: dict[str, Any]) -> None:
    values = {
        "province_code": _text(meta.get("province_code")),
        "province_name": _text(meta.get("province_name")),
        "code": _text(meta.get("commune_code")),
        "name": _text(meta.get("commune_name")),
        "type": _text(meta.get("commune_type")) or "xa",
        "default_area": _text(meta.get("commune_area")) or "rural",
        "region": meta.get("commune_region"),
    }
    commune = session.scalar(select(Commune))
    if commune is None:
        session.add(Commune(**values))
    elif commune.code != values["code"]:
        raise OperationError(
            f"Sổ trao đổi là của {values['name']} (mã {values['code']}), khác xã của cơ sở dữ liệu "
            f"({commune.name}, mã {commune.code})."
        )
    else:
        for key, value in values.items():
            setattr(commune, key, value)
    session.flush()


def _villages(session: Session, rows: list[VillageRow]) -> dict[str, int]:
    """The workbook's villages by code: an existing village of that code takes its name and place."""
    stored = {v.code: v for v in session.scalars(select(Village))}
    for row in rows:
        village = stored.get(row.village_code)
        if village is None:
            village = stored[row.village_code] = Village(code=row.village_code)
            session.add(village)
        village.name, village.position = row.village_name, row.position
    session.flush()
    return {code: village.id for code, village in stored.items()}


def _rounds(session: Session, rows: list[RoundRow]) -> dict[int, int]:
    """The rounds oldest first (their ids in that order: "earlier" is a lower id), by round_no."""
    ids: dict[int, int] = {}
    for row in sorted(rows, key=lambda r: r.round_no):
        round_ = ReviewRound(
            year=row.year,
            kind=row.kind,
            month=row.month,
            standard_id=row.standard_id,
            starts_on=_date(row.starts_on),
            ends_on=_date(row.ends_on),
            status=row.status,
            previous_round_id=ids.get(row.previous_round) if row.previous_round is not None else None,
            posting_from=_date(row.posting_from),
            posting_to=_date(row.posting_to),
            decision_number=row.decision_number,
            decision_date=_date(row.decision_date),
        )
        session.add(round_)
        session.flush()
        ids[row.round_no] = round_.id
    return ids
