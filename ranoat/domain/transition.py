"""Movements between the start-of-period list and a round's result (rules.md §4, forms 7.2/7.3).

Every household is in one of three states at the start and at the end of a period — poor,
near-poor, or out (neither; the average-living-standard category counts as out) — or it leaves or
joins the lists through an "other" movement (a single-person household died, moved away, merged;
moved in, split off). Each household contributes to exactly one decrease or "stayed" at the start
side and exactly one increase or "stayed" at the end side, so the forms reconcile by construction:

    end = start − 2 − 3 − 4 + 5 + 6 + 7 + 8        (form 7.2 for poor, 7.3 mirrored for near-poor)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from ranoat.domain.category import Category
from ranoat.domain.round import OtherMove


class Status(StrEnum):
    POOR = "poor"
    NEAR_POOR = "near_poor"
    OUT = "out"


def status_of(category: Category | str | None) -> Status:
    """A category as a list status; no result or any non-poor category is 'out'."""
    if category == Category.POOR:
        return Status.POOR
    if category == Category.NEAR_POOR:
        return Status.NEAR_POOR
    return Status.OUT


class Transition(StrEnum):
    STAYED_POOR = "stayed_poor"
    STAYED_NEAR_POOR = "stayed_near_poor"
    STAYED_OUT = "stayed_out"
    POOR_TO_NEAR_POOR = "poor_to_near_poor"  # 7.2 col 2 · 7.3 col 5
    POOR_TO_OUT = "poor_to_out"  # 7.2 col 3 (thoát nghèo, vượt chuẩn cận nghèo)
    NEAR_POOR_TO_POOR = "near_poor_to_poor"  # 7.2 col 5 · 7.3 col 2
    NEAR_POOR_TO_OUT = "near_poor_to_out"  # 7.3 col 3 (thoát cận nghèo)
    FELL_BACK_POOR = "fell_back_poor"  # 7.2 col 6 (tái nghèo)
    NEW_POOR = "new_poor"  # 7.2 col 7 (phát sinh mới)
    FELL_BACK_NEAR_POOR = "fell_back_near_poor"  # 7.3 col 6 (tái cận nghèo)
    NEW_NEAR_POOR = "new_near_poor"  # 7.3 col 7
    LEFT = "left"  # an "other" decrease: 7.2/7.3 col 4, by the start status
    JOINED = "joined"  # an "other" increase: 7.2/7.3 col 8, by the end status


def transition(
    start: Status, end: Status, *, was_listed_before: bool, other_move: OtherMove | None = None
) -> Transition:
    """The movement of one household. ``was_listed_before``: held before this period's start a
    status that makes joining the list ``end`` from outside both lists a fall back ("tái nghèo",
    "tái cận nghèo") rather than new — the rule of the standard (`operations.rounds.relapsed`)."""
    if other_move is not None:
        return Transition.LEFT if other_move.leaves else Transition.JOINED
    if start is end:
        return {
            Status.POOR: Transition.STAYED_POOR,
            Status.NEAR_POOR: Transition.STAYED_NEAR_POOR,
            Status.OUT: Transition.STAYED_OUT,
        }[start]
    if start is Status.POOR:
        return Transition.POOR_TO_NEAR_POOR if end is Status.NEAR_POOR else Transition.POOR_TO_OUT
    if start is Status.NEAR_POOR:
        return Transition.NEAR_POOR_TO_POOR if end is Status.POOR else Transition.NEAR_POOR_TO_OUT
    if end is Status.POOR:
        return Transition.FELL_BACK_POOR if was_listed_before else Transition.NEW_POOR
    return Transition.FELL_BACK_NEAR_POOR if was_listed_before else Transition.NEW_NEAR_POOR


@dataclass(frozen=True)
class Movement:
    household_id: int
    unit: str  # the village (commune report) or the commune (merged report)
    start: Status
    end: Status | None  # None when the household left the lists
    transition: Transition
    people: int


# Form 7.2 columns for the poor, 7.3 the mirror for the near-poor: which transitions fill 2..8.
FORM_COLUMNS: dict[Status, dict[int, tuple[Transition, ...]]] = {
    Status.POOR: {
        2: (Transition.POOR_TO_NEAR_POOR,),
        3: (Transition.POOR_TO_OUT,),
        5: (Transition.NEAR_POOR_TO_POOR,),
        6: (Transition.FELL_BACK_POOR,),
        7: (Transition.NEW_POOR,),
    },
    Status.NEAR_POOR: {
        2: (Transition.NEAR_POOR_TO_POOR,),
        3: (Transition.NEAR_POOR_TO_OUT,),
        5: (Transition.POOR_TO_NEAR_POOR,),
        6: (Transition.FELL_BACK_NEAR_POOR,),
        7: (Transition.NEW_NEAR_POOR,),
    },
}


@dataclass
class FormRow:
    """Columns 1..9 of form 7.2 (or 7.3) for one unit, in households and in people."""

    households: dict[int, int] = field(default_factory=lambda: dict.fromkeys(range(1, 10), 0))
    people: dict[int, int] = field(default_factory=lambda: dict.fromkeys(range(1, 10), 0))

    def add(self, column: int, people: int) -> None:
        self.households[column] += 1
        self.people[column] += people

    def reconciles(self) -> bool:
        return all(
            counts[9] == counts[1] - counts[2] - counts[3] - counts[4] + counts[5] + counts[6] + counts[7] + counts[8]
            for counts in (self.households, self.people)
        )


def form_rows(movements: Iterable[Movement], status: Status) -> dict[str, FormRow]:
    """Form 7.2 (status POOR) or 7.3 (NEAR_POOR) rows by unit. Columns 1 and 9 are counted from
    the start and end states, 2..8 from the movements; `FormRow.reconciles` checks the identity."""
    rows: dict[str, FormRow] = {}
    columns = FORM_COLUMNS[status]
    for movement in movements:
        row = rows.setdefault(movement.unit, FormRow())
        if movement.start is status and movement.transition is not Transition.JOINED:
            row.add(1, movement.people)
        if movement.end is status:
            row.add(9, movement.people)
        if movement.transition is Transition.LEFT and movement.start is status:
            row.add(4, movement.people)
        elif movement.transition is Transition.JOINED and movement.end is status:
            row.add(8, movement.people)
        else:
            for column, transitions in columns.items():
                if movement.transition in transitions:
                    row.add(column, movement.people)
    return rows
