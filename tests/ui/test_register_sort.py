"""The register sorts by any column (issue #14 item 3): a click on a header orders the list by it
(Vietnamese collation for names, numbers for B1/B2, the poor first for results), a second click
reverses it, empty values stay last, and the order holds while the officer types in the search."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QHeaderView
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from ranoat.demo import create_demo
from ranoat.domain.category import Category
from ranoat.domain.survey import SurveyStatus
from ranoat.operations.register import SORT_KEYS, RegisterFilter, RegisterRow, register_ids, register_rows
from ranoat.operations.rounds import list_rounds
from ranoat.rules.rulebook import load_all
from ranoat.storage.database import Database, open_database
from ranoat.storage.models import Household, Village
from ui.main_window import MainWindow
from ui.models.household_table import COLUMNS

RANK = {c.value: r for r, c in enumerate((Category.POOR, Category.NEAR_POOR, Category.AVERAGE_LIVING_STANDARD))}
RANK[Category.NOT_POOR.value] = 3
STATUS = {s.value: r for r, s in enumerate(SurveyStatus)}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sort") / "xa.sqlite3"
    create_demo(path, households=120, seed=11)
    return path


@pytest.fixture
def database(demo: Path, tmp_path: Path) -> Database:
    path = tmp_path / "xa.sqlite3"
    path.write_bytes(demo.read_bytes())
    return open_database(path)


def value_of(key: str, row: RegisterRow, positions: dict[str, int]) -> Any:
    """The value a column sorts by, from the row the register shows."""
    return {
        "code": row.code,
        "head": None,
        "village": positions[row.village],
        "members": row.members,
        "start": RANK.get(row.start or ""),
        "result": RANK.get(row.result or ""),
        "b1": row.b1,
        "b2": row.b2,
        "status": STATUS.get(row.status or ""),
    }[key]


def expected_order(
    rows: list[RegisterRow], key: str, descending: bool, names: dict[int, tuple[str, str]], positions: dict[str, int]
) -> list[int]:
    """The order the issue asks for, computed in Python: by the key (empty values last either way),
    ties by the head's name in Vietnamese order (`head_sort`), then code."""
    if key == "head":
        return sorted((r.id for r in rows), key=lambda i: names[i], reverse=descending)
    filled = sorted((r for r in rows if value_of(key, r, positions) is not None), key=lambda r: names[r.id])
    empty = sorted((r for r in rows if value_of(key, r, positions) is None), key=lambda r: names[r.id])
    ordered = sorted(filled, key=lambda r: value_of(key, r, positions), reverse=descending)  # stable: ties by name
    return [r.id for r in ordered + empty]


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("key", SORT_KEYS)
def test_each_column_sorts_the_register(database: Database, key: str, descending: bool) -> None:
    with database.session() as session:
        round_id = list_rounds(session)[-1].id
        positions = {name: position for name, position in session.execute(select(Village.name, Village.position))}
        names = {
            i: (sort, code)
            for i, sort, code in session.execute(select(Household.id, Household.head_sort, Household.code))
        }
        ids = register_ids(session, RegisterFilter(round_id=round_id, sort=key, descending=descending))
        rows = register_rows(session, ids, round_id)
    assert sorted(ids) == sorted(names), "every household, once"
    assert ids == expected_order(rows, key, descending, names, positions)


def test_an_unknown_sort_is_refused(database: Database) -> None:
    with database.session() as session, pytest.raises(ValueError, match="unknown register sort"):
        register_ids(session, RegisterFilter(sort="phone"))


def test_a_click_on_a_header_sorts_and_the_search_keeps_the_order(qtbot: QtBot, database: Database) -> None:
    window = MainWindow(load_all(), today=dt.date(2026, 11, 28), database=database)
    qtbot.addWidget(window)
    window.show()
    page = window.register_page
    assert page is not None
    header = page.table.horizontalHeader()
    b1 = [c.header for c in COLUMNS].index("B1")
    assert SORT_KEYS[b1] == "b1"

    def shown_b1() -> list[float | None]:
        with database.session() as session:
            return [r.b1 for r in register_rows(session, page.model.ids(), page.round_id())]

    by_name = page.model.ids()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_centre(header, b1))
    values = shown_b1()
    filled = [v for v in values if v is not None]
    assert filled == sorted(filled), "ascending B1 after one click"
    assert values[len(filled) :] == [None] * (len(values) - len(filled)), "households without a score last"
    assert page.model.ids() != by_name
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_centre(header, b1))
    values = shown_b1()
    filled = [v for v in values if v is not None]
    assert filled == sorted(filled, reverse=True), "descending after a second click"
    order = page.model.ids()
    qtbot.keyClicks(page.search, "van")  # typing narrows the list, the order stays
    narrowed = page.model.ids()
    assert 0 < len(narrowed) < len(order)
    assert narrowed == [i for i in order if i in set(narrowed)]
    page.search.clear()
    page.village.setCurrentIndex(1)  # another filter keeps the sort too
    assert page.model.current_filter().sort == "b1"
    assert page.model.current_filter().descending


def _centre(header: QHeaderView, section: int) -> QPoint:
    return QPoint(header.sectionViewportPosition(section) + header.sectionSize(section) // 2, header.height() // 2)
