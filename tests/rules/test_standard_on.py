"""The standard in force on a day: one definition (`Rulebooks.standard_on`, issue #12 item 1), used
by the import, the standards page, the round dialog and the status bar (they call it directly)."""

from __future__ import annotations

import datetime as dt

import pytest

from ranoat.operations.importing import choose_standard
from ranoat.rules.rulebook import Rulebooks, load_all, standard_on


@pytest.fixture(scope="module")
def rulebooks() -> Rulebooks:
    return load_all()


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2016, 1, 1), "2016-2020"),  # its first day
        (dt.date(2021, 12, 31), "2016-2020"),  # extended through 2021 (rules.md)
        (dt.date(2022, 1, 1), "2022-2025"),
        (dt.date(2026, 12, 31), "2022-2025"),  # Decree 351/2025: through 31/12/2026
        (dt.date(2027, 1, 1), "2027-2030"),
        (dt.date(2030, 12, 31), "2027-2030"),
    ],
)
def test_the_standard_in_force_at_each_boundary(rulebooks: Rulebooks, day: dt.date, expected: str) -> None:
    book = rulebooks.in_force(day)
    assert book is not None
    assert book.id == expected
    assert rulebooks.standard_on(day) == expected
    assert standard_on(dict(rulebooks), day) == expected  # any mapping of rulebooks, not only load_all's


def test_outside_every_standard(rulebooks: Rulebooks) -> None:
    assert rulebooks.in_force(dt.date(2015, 12, 31)) is None
    assert rulebooks.standard_on(dt.date(2015, 12, 31)) == "2016-2020"  # before all: the earliest
    assert rulebooks.in_force(dt.date(2031, 1, 1)) is None
    assert rulebooks.standard_on(dt.date(2031, 1, 1)) == "2027-2030"  # after all: the latest begun


def test_an_imported_list_takes_the_standard_in_force_at_the_end_of_its_year(rulebooks: Rulebooks) -> None:
    assert choose_standard(rulebooks, 2021) == "2016-2020"
    assert choose_standard(rulebooks, 2022) == "2022-2025"
    assert choose_standard(rulebooks, 2026) == "2022-2025"
    assert choose_standard(rulebooks, 2027) == "2027-2030"
    assert choose_standard(rulebooks, 2015) == rulebooks.standard_on(dt.date(2015, 12, 31))
