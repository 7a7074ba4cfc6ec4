"""The register list: which households a filter and a search select, in which order, and the rows
the register page shows for them.

Its neighbours by noun: `commune` (settings, villages, officers), `households` (load, save, delete),
`surveys` (Phiếu B) and `rounds` (the review rounds). Each function takes the action's Session, one
transaction (`Database.session()`), and returns plain data (house style: no SQL in widgets).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, SQLColumnExpression, and_, case, func, select
from sqlalchemy.orm import Session

from ranoat.domain.category import Category, round_result
from ranoat.domain.household import Relation
from ranoat.domain.round import OtherMove
from ranoat.domain.search import fold
from ranoat.domain.survey import SurveyStatus
from ranoat.storage.models import (
    Household,
    Member,
    RoundHousehold,
    Survey,
    Village,
)


# ----------------------------------------------------------------------------- the register list
@dataclass(frozen=True)
class RegisterFilter:
    round_id: int | None = None
    village_id: int | None = None
    category: str | None = None  # a Category value, or "none" for not yet classified
    status: str | None = None  # a SurveyStatus value, or "none" for no survey in the round
    search: str = ""
    sort: str = "head"  # one of SORT_KEYS: the register's columns
    descending: bool = False


# The register's columns, in the table's order, by which it sorts (a tie: the head's name, then code)
SORT_KEYS = ("code", "head", "village", "members", "start", "result", "b1", "b2", "status")
# the order of categories and statuses when sorted: the poor first; drafts first
_CATEGORY_RANK = {
    c.value: rank
    for rank, c in enumerate((Category.POOR, Category.NEAR_POOR, Category.AVERAGE_LIVING_STANDARD, Category.NOT_POOR))
}
_STATUS_RANK = {s.value: rank for rank, s in enumerate(SurveyStatus)}
_LEAVING = tuple(move.value for move in OtherMove if move.leaves)


@dataclass(frozen=True)
class RegisterRow:
    id: int
    code: str
    head_name: str
    village: str
    members: int
    category: str | None
    b1: float | None
    b2: int | None
    status: str | None
    start: str | None = None  # the start-of-period category in the round
    override: str | None = None  # the village meeting's decision, when it differs
    left: bool = False  # left the lists in the round (died, moved away, merged)

    @property
    def result(self) -> str | None:
        """The round's result for the household, as forms 7.1–7.3 count it (`round_result`)."""
        return round_result(start=self.start, computed=self.category, override=self.override, left=self.left)


def _result() -> ColumnElement[str | None]:
    """The round's result as `RegisterRow.result` (`domain.category.round_result`) computes it, in
    SQL: nothing for a household that left the lists, else the meeting's decision, else the computed
    result, else the start-of-period status."""
    return case(
        (RoundHousehold.other_move.in_(_LEAVING), None),
        else_=func.coalesce(Survey.override_category, Survey.category, RoundHousehold.start_category),
    )


def _rank(column: SQLColumnExpression[Any], ranks: dict[str, int]) -> ColumnElement[int | None]:
    return case(*((column == code, rank) for code, rank in ranks.items()), else_=None)


def register_ids(session: Session, flt: RegisterFilter) -> list[int]:
    """Household ids matching the filter, in the order of ``flt.sort`` (by default the Vietnamese
    order of the head's name), ties by the head's name then code; empty values last either way."""
    if flt.sort not in SORT_KEYS:
        raise ValueError(f"unknown register sort {flt.sort!r}")
    query = select(Household.id)
    round_id = flt.round_id or -1
    needs_round = (
        flt.category is not None or flt.status is not None or flt.sort in ("start", "result", "b1", "b2", "status")
    )
    if needs_round:
        query = query.outerjoin(Survey, and_(Survey.household_id == Household.id, Survey.round_id == round_id))
        query = query.outerjoin(
            RoundHousehold, and_(RoundHousehold.household_id == Household.id, RoundHousehold.round_id == round_id)
        )
    if flt.village_id is not None:
        query = query.where(Household.village_id == flt.village_id)
    result = _result()
    if flt.category == "none":
        query = query.where(result.is_(None))
    elif flt.category is not None:
        query = query.where(result == flt.category)
    if flt.status == "none":
        query = query.where(Survey.id.is_(None))
    elif flt.status is not None:
        query = query.where(Survey.status == flt.status)
    phrase = search_phrase(flt.search)
    if phrase:
        query = query.where(_contains(phrase))
    key: SQLColumnExpression[Any] | None = {
        "code": Household.code,
        "head": None,
        "village": Village.position,
        "members": Household.member_count,
        "start": _rank(RoundHousehold.start_category, _CATEGORY_RANK),
        "result": _rank(result, _CATEGORY_RANK),
        "b1": Survey.b1,
        "b2": Survey.b2,
        "status": _rank(Survey.status, _STATUS_RANK),
    }[flt.sort]
    if flt.sort == "village":
        query = query.join(Village, Village.id == Household.village_id)
    by_name = (Household.head_sort, Household.code)
    if key is None:  # the head's name itself, either way
        query = query.order_by(*((c.desc() for c in by_name) if flt.descending else by_name))
    else:
        query = query.order_by((key.desc() if flt.descending else key.asc()).nulls_last(), *by_name)
    return list(session.scalars(query))


def _contains(phrase: str) -> ColumnElement[bool]:
    """The household's folded search document contains ``phrase`` (LIKE with its wildcards escaped)."""
    escaped = phrase.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return Household.search_text.like(f"%{escaped}%", escape="\\")


def search_matches(session: Session, phrase: str) -> set[int]:
    """The ids of the households whose search document contains ``phrase`` (a `search_phrase`), as
    `register_ids` matches them, in no order: one scan of the table (15–30 ms for 50,000 households,
    against 60–80 ms for the same search ordered through the register's index). For the keys typed
    before `search_texts` has been read. Core rows on the session's connection: no ORM row handling."""
    return set(session.connection().execute(select(Household.id).where(_contains(phrase))).scalars())


def search_phrase(text: str) -> str:
    """What a typed search looks for in the folded search documents (see `search_document`)."""
    return fold(text).replace("|", " ")


def search_texts(session: Session, ids: Sequence[int] | None = None) -> dict[int, str]:
    """The folded search document of every household (or of some): for searching in memory as the
    officer types, which is what `register_ids` does with SQL, without a table scan per key."""
    query = select(Household.id, Household.search_text)
    if ids is not None:
        query = query.where(Household.id.in_(ids))
    return {household_id: text for household_id, text in session.execute(query)}


def member_hits(session: Session, ids: Sequence[int], phrase: str) -> dict[int, str]:
    """Of the households ``ids`` that a search (a `search_phrase`) finds, those found through a member
    who is not the head (by name or CCCD): that member's full name, so the register can say whom it
    matched. Found by the code or the head's name: not in the answer. For a page of the table only
    (one query for its members), never for the whole list."""
    if not phrase or not ids:
        return {}
    query = (
        select(Member.household_id, Member.full_name, Member.name_folded, Member.cccd, Member.relation, Household.code)
        .join(Household, Household.id == Member.household_id)
        .where(Member.household_id.in_(ids))
        .order_by(Member.household_id, Member.position, Member.id)
    )
    hits: dict[int, str] = {}
    direct: set[int] = set()  # found by the code or the head's name
    # Core rows on the session's connection (no ORM row handling): 200 households in a few ms
    for household_id, full_name, folded, cccd, relation, code in session.connection().execute(query):
        if household_id in direct:
            continue
        found = phrase in folded or phrase in (cccd or "")
        if (relation == Relation.HEAD.value and found) or phrase in fold(code):
            direct.add(household_id)
            hits.pop(household_id, None)
        elif found and household_id not in hits:
            hits[household_id] = full_name
    return hits


def register_rows(session: Session, ids: Sequence[int], round_id: int | None) -> list[RegisterRow]:
    """The rows of some households, in the order of ``ids`` (one query for a page of the table)."""
    if not ids:
        return []
    query = (
        select(
            Household,
            Village.name,
            Survey.category,
            Survey.b1,
            Survey.b2,
            Survey.status,
            RoundHousehold.start_category,
            Survey.override_category,
            RoundHousehold.other_move,
        )
        .join(Village, Village.id == Household.village_id)
        .outerjoin(Survey, and_(Survey.household_id == Household.id, Survey.round_id == (round_id or -1)))
        .outerjoin(
            RoundHousehold,
            and_(RoundHousehold.household_id == Household.id, RoundHousehold.round_id == (round_id or -1)),
        )
        .where(Household.id.in_(ids))
    )
    by_id = {
        h.id: RegisterRow(
            h.id,
            h.code,
            h.head_name,
            village,
            h.member_count,
            category,
            b1,
            b2,
            status,
            start,
            override,
            left=move is not None and OtherMove(move).leaves,
        )
        for h, village, category, b1, b2, status, start, override, move in session.execute(query).all()
    }
    return [by_id[i] for i in ids if i in by_id]


# ----------------------------------------------------------------------------- surveys
