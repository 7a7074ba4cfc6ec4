"""The dashboard of a review round: plain figures for the commune and its villages.

Households and people; poor and near-poor households and people with their rates, for the commune
and per village; how many poor and near-poor households lack each indicator; the movements of
forms 7.2/7.3 counted by kind; survey progress per village. The GUI draws it (`ui/`); nothing here
is rounded or formatted.

Who counts: the households of the round (a start-of-period row — every household of the commune
when the round was opened — or a Phiếu B in the round), except those that left the commune
through an "other" movement (died, moved away, merged), which forms 7.2/7.3 do not count at the
end of the period either. A household's result is `domain.category.round_result`: the meeting's override,
else the computed result, else (not re-surveyed) its start status.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ranoat.domain.category import Category
from ranoat.domain.errors import OperationError
from ranoat.domain.round import OtherMove, RoundInfo
from ranoat.domain.transition import Movement, Transition
from ranoat.operations.commune import load_commune
from ranoat.operations.rounds import VillageProgress, final_categories, list_rounds, movements, progress
from ranoat.rules.rulebook import Rulebook
from ranoat.storage.models import Household, RoundHousehold, Survey, Village


def _percent(part: int, whole: int) -> float:
    """``part`` as a percentage of ``whole``; 0.0 when there is nothing to divide by."""
    return 100.0 * part / whole if whole else 0.0


@dataclass(frozen=True)
class Figures:
    """Households and people of one unit (the commune, or a village), and its poor and near-poor."""

    name: str
    households: int
    people: int
    poor_households: int
    poor_people: int
    near_poor_households: int
    near_poor_people: int
    village_id: int | None = None  # None for the commune

    @property
    def poor_household_rate(self) -> float:
        """Poor households as a percentage of the households (0.0 when there are none)."""
        return _percent(self.poor_households, self.households)

    @property
    def poor_people_rate(self) -> float:
        """People in poor households as a percentage of the people."""
        return _percent(self.poor_people, self.people)

    @property
    def near_poor_household_rate(self) -> float:
        return _percent(self.near_poor_households, self.households)

    @property
    def near_poor_people_rate(self) -> float:
        return _percent(self.near_poor_people, self.people)


@dataclass(frozen=True)
class IndicatorCount:
    """How many poor and near-poor households lack one indicator (forms 7.4/7.5 column order)."""

    code: str
    name: str  # the rulebook's Vietnamese name; the code itself when the rulebook does not know it
    report_column: int | None  # None for a code the round's rulebook does not define
    poor: int
    near_poor: int


@dataclass(frozen=True)
class TransitionCount:
    transition: Transition
    households: int
    people: int


@dataclass(frozen=True)
class Dashboard:
    round: RoundInfo
    commune: Figures
    villages: tuple[Figures, ...]  # every village of the commune, in the commune's order
    indicators: tuple[IndicatorCount, ...]  # every indicator of the round's standard, in report order
    # Poor / near-poor households with a Phiếu B in the round: what the indicator counts are out of
    # (a household carried over without a new survey has no lacking indicators recorded in the round).
    poor_surveyed: int
    near_poor_surveyed: int
    transitions: tuple[TransitionCount, ...]  # every kind of movement, in `Transition` order
    progress: tuple[VillageProgress, ...]  # villages with households to review, in the commune's order

    @property
    def has_movements(self) -> bool:
        """False when the round has no start-of-period statuses to move from (no movements at all)."""
        return any(t.households for t in self.transitions)

    def transition_households(self, kind: Transition) -> int:
        return next(t.households for t in self.transitions if t.transition is kind)


def round_dashboard(session: Session, round_id: int, rulebooks: dict[str, Rulebook]) -> Dashboard:
    """The dashboard of a round. Raises `OperationError` for an unknown round or standard."""
    info = next((r for r in list_rounds(session) if r.id == round_id), None)
    if info is None:
        raise OperationError(f"Không tìm thấy kỳ rà soát số {round_id}.")
    rulebook = rulebooks.get(info.standard_id)
    if rulebook is None:
        raise OperationError(f"Không có chuẩn nghèo '{info.standard_id}' của kỳ rà soát này.")

    left = {
        household_id
        for household_id, move in session.execute(
            select(RoundHousehold.household_id, RoundHousehold.other_move).where(
                RoundHousehold.round_id == round_id, RoundHousehold.other_move.is_not(None)
            )
        )
        if move is not None and OtherMove(move).leaves
    }
    finals = {h: c for h, c in final_categories(session, round_id).items() if h not in left}

    village_rows = session.execute(select(Village.id, Village.name).order_by(Village.position, Village.id)).all()
    counts = {village_id: [0, 0, 0, 0, 0, 0] for village_id, _ in village_rows}
    for household_id, village_id, people in session.execute(
        select(Household.id, Household.village_id, Household.member_count)
    ):
        if household_id not in finals:
            continue
        row = counts[village_id]
        category = finals[household_id]
        row[0] += 1
        row[1] += people
        if category == Category.POOR.value:
            row[2] += 1
            row[3] += people
        elif category == Category.NEAR_POOR.value:
            row[4] += 1
            row[5] += people
    villages = tuple(_figures(name, counts[village_id], village_id) for village_id, name in village_rows)
    commune = load_commune(session)
    totals = [sum(row[i] for row in counts.values()) for i in range(6)]
    commune_figures = _figures(commune.name if commune is not None else "", totals, None)

    indicators, poor_surveyed, near_poor_surveyed = _deprivation(session, round_id, rulebook, finals)
    return Dashboard(
        round=info,
        commune=commune_figures,
        villages=villages,
        indicators=indicators,
        poor_surveyed=poor_surveyed,
        near_poor_surveyed=near_poor_surveyed,
        transitions=_count_transitions(movements(session, round_id, rulebooks)),
        progress=tuple(progress(session, round_id)),
    )


def _figures(name: str, counts: list[int], village_id: int | None) -> Figures:
    households, people, poor_households, poor_people, near_poor_households, near_poor_people = counts
    return Figures(
        name,
        households,
        people,
        poor_households,
        poor_people,
        near_poor_households,
        near_poor_people,
        village_id=village_id,
    )


def _deprivation(
    session: Session, round_id: int, rulebook: Rulebook, finals: dict[int, str | None]
) -> tuple[tuple[IndicatorCount, ...], int, int]:
    known = rulebook.indicators_by_code  # in report-column order
    poor: dict[str, int] = dict.fromkeys(known, 0)
    near_poor: dict[str, int] = dict.fromkeys(known, 0)
    poor_surveyed = near_poor_surveyed = 0
    for household_id, lacking in session.execute(
        select(Survey.household_id, Survey.lacking).where(Survey.round_id == round_id)
    ):
        category = finals.get(household_id)
        if category == Category.POOR.value:
            target = poor
            poor_surveyed += 1
        elif category == Category.NEAR_POOR.value:
            target = near_poor
            near_poor_surveyed += 1
        else:
            continue
        for code in set(lacking or ()):
            target[code] = target.get(code, 0) + 1
    unknown = sorted((set(poor) | set(near_poor)) - set(known))  # kept, not silently dropped
    rows = [
        IndicatorCount(code, indicator.vi, indicator.report_column, poor[code], near_poor[code])
        for code, indicator in known.items()
    ]
    rows += [IndicatorCount(code, code, None, poor.get(code, 0), near_poor.get(code, 0)) for code in unknown]
    return tuple(rows), poor_surveyed, near_poor_surveyed


def _count_transitions(found: Iterable[Movement]) -> tuple[TransitionCount, ...]:
    households = dict.fromkeys(Transition, 0)
    people = dict.fromkeys(Transition, 0)
    for movement in found:
        households[movement.transition] += 1
        people[movement.transition] += movement.people
    return tuple(TransitionCount(kind, households[kind], people[kind]) for kind in Transition)
