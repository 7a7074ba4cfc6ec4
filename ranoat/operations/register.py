"""The register list: which households a filter and a search select, in which order, and the rows
the register page shows for them.

Its neighbours by noun: `commune` (settings, villages, officers), `households` (load, save, delete),
`surveys` (Phiếu B) and `rounds` (the review rounds). Each function takes the action's Session, one
transaction (`Database.session()`), and returns plain data (house style: no SQL in widgets).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from ranoat.domain.category import round_result
from ranoat.domain.round import OtherMove
from ranoat.domain.search import fold
from ranoat.storage.models import (
    Household,
    RoundHousehold,
    Survey,
    Village,
)

# ----------------------------------------------------------------------------- commune settings


# ----------------------------------------------------------------------------- review rounds


# ----------------------------------------------------------------------------- households


# ----------------------------------------------------------------------------- the register list
@dataclass(frozen=True)
class RegisterFilter:
    round_id: int | None = None
    village_id: int | None = None
    category: str | None = None  # a Category value, or "none" for not yet classified
    status: str | None = None  # a SurveyStatus value, or "none" for no survey in the round
    search: str = ""


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


def register_ids(session: Session, flt: RegisterFilter) -> list[int]:
    """Household ids matching the filter, in Vietnamese order of the head's name, then code."""
    query = select(Household.id)
    survey_join = and_(Survey.household_id == Household.id, Survey.round_id == (flt.round_id or -1))
    if flt.category is not None or flt.status is not None:
        query = query.outerjoin(Survey, survey_join)
    if flt.village_id is not None:
        query = query.where(Household.village_id == flt.village_id)
    result = func.coalesce(Survey.override_category, Survey.category)
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
    query = query.order_by(Household.head_sort, Household.code)
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
