"""Movements between years (forms 7.2/7.3): every transition type and the reconciliation identity."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ranoat.domain.category import Category
from ranoat.domain.round import OtherMove
from ranoat.domain.transition import (
    FormRow,
    Movement,
    Status,
    Transition,
    form_rows,
    status_of,
    transition,
)

P, N, OUT = Status.POOR, Status.NEAR_POOR, Status.OUT


@pytest.mark.parametrize(
    ("start", "end", "before", "move", "expected"),
    [
        (P, P, False, None, Transition.STAYED_POOR),
        (N, N, False, None, Transition.STAYED_NEAR_POOR),
        (OUT, OUT, True, None, Transition.STAYED_OUT),
        (P, N, False, None, Transition.POOR_TO_NEAR_POOR),
        (P, OUT, False, None, Transition.POOR_TO_OUT),
        (N, P, False, None, Transition.NEAR_POOR_TO_POOR),
        (N, OUT, False, None, Transition.NEAR_POOR_TO_OUT),
        (OUT, P, True, None, Transition.FELL_BACK_POOR),
        (OUT, P, False, None, Transition.NEW_POOR),
        (OUT, N, True, None, Transition.FELL_BACK_NEAR_POOR),
        (OUT, N, False, None, Transition.NEW_NEAR_POOR),
        (P, OUT, False, OtherMove.DIED, Transition.LEFT),
        (N, OUT, False, OtherMove.MOVED_AWAY, Transition.LEFT),
        (P, OUT, False, OtherMove.MERGED, Transition.LEFT),
        (OUT, P, False, OtherMove.MOVED_IN, Transition.JOINED),
        (OUT, N, True, OtherMove.SPLIT, Transition.JOINED),
    ],
)
def test_every_transition(
    start: Status, end: Status, before: bool, move: OtherMove | None, expected: Transition
) -> None:
    assert transition(start, end, was_listed_before=before, other_move=move) is expected


def test_categories_map_to_list_statuses() -> None:
    assert status_of(Category.POOR) is P
    assert status_of("near_poor") is N
    assert status_of(Category.AVERAGE_LIVING_STANDARD) is OUT
    assert status_of(None) is OUT


def move(transition_: Transition, start: Status, end: Status | None, people: int = 4, unit: str = "T01") -> Movement:
    return Movement(1, unit, start, end, transition_, people)


def test_form_7_2_columns() -> None:
    movements = [
        move(Transition.STAYED_POOR, P, P, 3),
        move(Transition.POOR_TO_NEAR_POOR, P, N, 4),
        move(Transition.POOR_TO_OUT, P, OUT, 5),
        move(Transition.LEFT, P, None, 1),
        move(Transition.NEAR_POOR_TO_POOR, N, P, 6),
        move(Transition.FELL_BACK_POOR, OUT, P, 2),
        move(Transition.NEW_POOR, OUT, P, 7),
        move(Transition.JOINED, OUT, P, 3),
        move(Transition.NEAR_POOR_TO_OUT, N, OUT, 2),  # not in 7.2
    ]
    row = form_rows(movements, P)["T01"]
    assert row.households == {1: 4, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1, 7: 1, 8: 1, 9: 5}
    assert row.people == {1: 13, 2: 4, 3: 5, 4: 1, 5: 6, 6: 2, 7: 7, 8: 3, 9: 21}
    assert row.reconciles()
    near = form_rows(movements, N)["T01"]
    assert near.households == {1: 2, 2: 1, 3: 1, 4: 0, 5: 1, 6: 0, 7: 0, 8: 0, 9: 1}
    assert near.reconciles()


def test_a_broken_row_does_not_reconcile() -> None:
    row = FormRow()
    row.add(1, 3)
    assert not row.reconciles()


CATEGORIES = [Category.POOR, Category.NEAR_POOR, Category.NOT_POOR, Category.AVERAGE_LIVING_STANDARD]


@st.composite
def histories(draw: st.DrawFn) -> tuple[list[list[Category]], list[list[OtherMove | None]]]:
    """Random multi-year histories: per household a category per year and an occasional move."""
    households = draw(st.integers(1, 40))
    years = draw(st.integers(2, 6))
    categories = [[draw(st.sampled_from(CATEGORIES)) for _ in range(years)] for _ in range(households)]
    moves = [
        [draw(st.one_of(st.none(), st.none(), st.none(), st.sampled_from(list(OtherMove)))) for _ in range(years)]
        for _ in range(households)
    ]
    return categories, moves


@settings(max_examples=200, deadline=None)
@given(histories())
def test_forms_reconcile_over_random_multi_year_histories(
    history: tuple[list[list[Category]], list[list[OtherMove | None]]],
) -> None:
    categories, moves = history
    years = len(categories[0])
    for year in range(1, years):
        movements = []
        for household, (cats, household_moves) in enumerate(zip(categories, moves, strict=True)):
            start, end = status_of(cats[year - 1]), status_of(cats[year])
            before = any(status_of(c) is not OUT for c in cats[: year - 1])
            other = household_moves[year]
            kind = transition(start, end, was_listed_before=before, other_move=other)
            movements.append(
                Movement(
                    household,
                    f"T{household % 3}",
                    start,
                    None if kind is Transition.LEFT else end,
                    kind,
                    1 + household % 5,
                )
            )
        for status in (P, N):
            rows = form_rows(movements, status)
            assert all(row.reconciles() for row in rows.values())
            # and the totals agree with counting the states directly
            start_total = sum(1 for m in movements if m.start is status and m.transition is not Transition.JOINED)
            end_total = sum(1 for m in movements if m.end is status)
            assert sum(r.households[1] for r in rows.values()) == start_total
            assert sum(r.households[9] for r in rows.values()) == end_total
