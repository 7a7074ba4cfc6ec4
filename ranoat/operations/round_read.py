"""Reading a round from the database, once, for its report and its exchange workbook.

The layers below take what is read here as plain data: `reports.round_report.build_report` the forms and
lists, `excel.exchange.build_exchange` the data sheets. Reading is this layer's work (the import
order in docs/architecture.md), so the report and the workbook writers never hold a session.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import Session

from ranoat.domain.category import round_result
from ranoat.domain.errors import OperationError
from ranoat.domain.household import Relation
from ranoat.domain.round import OtherMove
from ranoat.domain.transition import Movement, Transition, status_of, transition
from ranoat.excel.exchange import ExchangeData, HistoryRead, build_exchange
from ranoat.operations.rounds import earlier_statuses, relapsed
from ranoat.reports.round_report import DbRow, RoundRead, RoundReport, Scores, build_report
from ranoat.rules.rulebook import Rulebook
from ranoat.storage.models import (
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
)


def read_round(session: Session, round_id: int, rulebooks: dict[str, Rulebook]) -> RoundRead:
    """Read a round once. Raises `OperationError` for an unknown round or standard."""
    round_ = session.get(ReviewRound, round_id)
    if round_ is None:
        raise OperationError(f"Không tìm thấy kỳ rà soát số {round_id}.")
    rulebook = rulebooks.get(round_.standard_id)
    if rulebook is None:
        raise OperationError(f"Không có chuẩn nghèo '{round_.standard_id}' của kỳ rà soát này.")
    session.flush()  # the reads below go to the connection, past the session's autoflush
    connection = session.connection()

    def run(statement: Any) -> Sequence[DbRow]:
        """Core rows (a third of the ORM's cost per row), fetched all at once (not one call per row)."""
        return connection.execute(statement).all()

    villages = tuple(session.scalars(select(Village).order_by(Village.position, Village.id)))
    commune = session.scalar(select(Commune))
    households = tuple(
        run(
            select(
                Household.id,
                Household.code,
                Household.village_id,
                Household.area,
                Household.address,
                Household.head_name,
                Household.head_sort,
                Household.member_count,
                Household.ethnic_minority_override,
                Household.no_working_capacity,
                Household.person_of_merit,
                Household.social_protection,
                Household.farming,
            ).order_by(Household.head_sort, Household.code)
        )
    )
    members: dict[int, list[DbRow]] = defaultdict(list)
    heads: dict[int, str] = {}  # the head's ethnicity code
    head = Relation.HEAD.value
    # the columns in the order of the exchange workbook's data_members sheet (`exchange_data` relies on it)
    for member in run(
        select(
            Member.household_id,
            Member.position,
            Member.full_name,
            Member.relation,
            Member.sex,
            Member.birth_year,
            type_coerce(Member.birth_date, String).label("birth_date"),  # ISO text as stored: never parsed
            Member.ethnicity_code,
            Member.cccd,
            Member.schooling,
            Member.health_insurance,
            Member.employment,
            Member.disability,
        ).order_by(Member.household_id, Member.position, Member.id)
    ):
        members[member[0]].append(member)  # by index: 19,000 rows of a 5,000-household commune
        if member[3] == head:
            heads[member[0]] = member[7]
    listed = {
        row.household_id: row
        for row in run(
            select(
                RoundHousehold.household_id,
                RoundHousehold.start_category,
                RoundHousehold.other_move,
                RoundHousehold.other_reason,
            ).where(RoundHousehold.round_id == round_.id)
        )
    }
    surveys: dict[int, DbRow] = {}
    scores: dict[int, Scores] = {}
    # Each household's Phiếu B that decided its result: in this round, else its latest in an
    # earlier round (a lower id) under the same standard.
    for survey in run(
        select(
            Survey.household_id,
            Survey.round_id,
            Survey.category,
            Survey.override_category,
            Survey.override_reason,
            Survey.b1,
            Survey.b2,
            Survey.lacking,
            Survey.status,
        )
        .join(ReviewRound, ReviewRound.id == Survey.round_id)
        .where(ReviewRound.standard_id == round_.standard_id, ReviewRound.id <= round_.id)
        .order_by(Survey.round_id)
    ):
        scores[survey.household_id] = Scores(
            survey.round_id, survey.b1, survey.b2, tuple(dict.fromkeys(survey.lacking or ()))
        )
        if survey.round_id == round_.id:
            surveys[survey.household_id] = survey
    causes: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for household_id, cause, note in run(
        select(HouseholdCause.household_id, HouseholdCause.cause, HouseholdCause.note).order_by(
            HouseholdCause.household_id, HouseholdCause.cause
        )
    ):
        causes[household_id].append((cause, note))
    earlier = earlier_statuses(session, round_)
    # `rounds.final_categories` and `rounds.movements`, from the rows above
    left = {h for h, entry in listed.items() if entry.other_move is not None and OtherMove(entry.other_move).leaves}
    finals: dict[int, str | None] = {
        h: round_result(
            start=listed[h].start_category if h in listed else None,
            computed=surveys[h].category if h in surveys else None,
            override=surveys[h].override_category if h in surveys else None,
            left=h in left,
        )
        for h in set(listed) | set(surveys)
    }
    village_names = {v.id: v.name for v in villages}
    moves: dict[int, Movement] = {}
    for household in households:
        entry = listed.get(household.id)
        if entry is None:
            continue
        start = status_of(entry.start_category)
        end = status_of(finals.get(household.id))
        move = OtherMove(entry.other_move) if entry.other_move else None
        before = relapsed(earlier.get(household.id, frozenset()), end, rulebook)
        kind = transition(start, end, was_listed_before=before, other_move=move)
        moves[household.id] = Movement(
            household.id,
            village_names[household.village_id],
            start,
            None if kind is Transition.LEFT else end,
            kind,
            household.member_count,
        )
    return RoundRead(
        round=round_,
        rulebook=rulebook,
        commune=commune,
        villages=villages,
        households=households,
        members=members,
        listed=listed,
        surveys=surveys,
        scores=scores,
        causes=causes,
        heads=heads,
        earlier=earlier,
        finals=finals,
        movements=moves,
        officers=tuple(session.scalars(select(Officer).order_by(Officer.id))),
    )


def round_report(
    session: Session,
    round_id: int,
    rulebooks: dict[str, Rulebook],
    village_id: int | None = None,
    *,
    read: RoundRead | None = None,
) -> RoundReport:
    """The forms and lists of a round (`reports.round_report.build_report`). ``village_id``: the lists of one
    village only (the forms are always the commune's). ``read``: the round as `read_round` read it,
    not read again. Raises `OperationError` for an unknown round, standard or village."""
    return build_report(read if read is not None else read_round(session, round_id, rulebooks), village_id)


def read_history(session: Session, round_: ReviewRound) -> HistoryRead:
    """The rounds up to ``round_`` and their records, for the exchange workbook's history sheets."""
    connection = session.connection()
    return HistoryRead(
        rounds=tuple(session.scalars(select(ReviewRound).where(ReviewRound.id <= round_.id).order_by(ReviewRound.id))),
        entries=connection.execute(select(RoundHousehold).where(RoundHousehold.round_id <= round_.id)).all(),
        surveys=connection.execute(select(Survey.__table__).where(Survey.round_id <= round_.id)).all(),
        meetings=connection.execute(
            select(VillageMeeting).where(VillageMeeting.round_id <= round_.id).order_by(VillageMeeting.id)
        ).all(),
        complaints=connection.execute(
            select(Complaint).where(Complaint.round_id <= round_.id).order_by(Complaint.id)
        ).all(),
        villages=connection.execute(
            select(Village.id, Village.code, Village.name, Village.position).order_by(Village.position, Village.id)
        ).all(),
        phones=dict(connection.execute(select(Household.id, Household.phone)).all()),
    )


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
    """The exchange workbook's data sheets and metadata of one round (`excel.exchange.build_exchange`).
    ``read`` and ``report``: the round as `read_round` read it and its report, when the caller has
    them already — an export reads a round once."""
    if read is None:
        read = read_round(session, round_id, rulebooks)
    if report is None:
        report = build_report(read)
    return build_exchange(read, report, read_history(session, read.round), exported_at=exported_at, seal_key=seal_key)
