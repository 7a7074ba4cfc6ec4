"""Every page shows the open database (issue #14 item 2): open commune A, show each page, open
commune B (Tệp → Mở…, and a new database), and every page shows B — never A's dashboard under B's
title."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ranoat.demo import create_demo, demo_commune_name
from ranoat.operations.register import RegisterFilter, register_ids
from ranoat.operations.rounds import list_rounds
from ranoat.rules.rulebook import Rulebook, load_all
from ranoat.storage.database import open_database
from ui.main_window import PAGE_DASHBOARD, PAGE_REGISTER, PAGE_ROUND, PAGE_STANDARDS, PAGE_SURVEY, MainWindow
from ui.widgets.register_page import RegisterPage

TODAY = dt.date(2026, 11, 28)


@pytest.fixture(scope="module")
def rulebooks() -> dict[str, Rulebook]:
    return load_all()


@pytest.fixture(scope="module")
def communes(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("communes")
    a, b = folder / "a.sqlite3", folder / "b.sqlite3"
    create_demo(a, households=40, seed=1, commune_code="99901")
    create_demo(b, households=25, seed=2, commune_code="99902")
    return a, b


def visit_every_page(window: MainWindow) -> None:
    assert window.register_page is not None
    window.show_page(PAGE_REGISTER)
    window.open_survey(window.register_page.model.id_at(0))
    for page in (PAGE_ROUND, PAGE_STANDARDS, PAGE_DASHBOARD):
        window.show_page(page)


def register_rows(path: Path) -> list[int]:
    with open_database(path, backup=False) as database, database.session() as session:
        latest = list_rounds(session)[-1].id
        return register_ids(session, RegisterFilter(round_id=latest))


@pytest.mark.parametrize("start_on", [PAGE_REGISTER, PAGE_DASHBOARD, PAGE_ROUND, PAGE_SURVEY])
def test_each_page_shows_the_database_opened_last(
    qtbot: QtBot, rulebooks: dict[str, Rulebook], communes: tuple[Path, Path], tmp_path: Path, start_on: int
) -> None:
    a, b = (tmp_path / "a.sqlite3", tmp_path / "b.sqlite3")
    a.write_bytes(communes[0].read_bytes())
    b.write_bytes(communes[1].read_bytes())
    window = MainWindow(rulebooks, today=TODAY, database=open_database(a))
    qtbot.addWidget(window)
    window.show()
    visit_every_page(window)
    assert demo_commune_name("99901") in window.dashboard_page.title.text()
    window.show_page(start_on)  # where the officer is when opening B
    expected = register_rows(b)

    window.open_database_file(b)

    # the register of B, shown at once, whatever page was shown before
    assert isinstance(window.pages.currentWidget(), RegisterPage)
    assert window.pages.currentWidget() is window.register_page
    assert window.nav.currentRow() == PAGE_REGISTER
    assert window.register_page is not None
    assert window.register_page.model.ids() == expected
    assert window.survey_page.current_household_id() is None  # A's household is gone from Phiếu B
    window.show_page(PAGE_DASHBOARD)
    assert window.pages.currentWidget() is window.dashboard_page
    assert demo_commune_name("99902") in window.dashboard_page.title.text()
    assert demo_commune_name("99901") not in window.dashboard_page.title.text()
    window.show_page(PAGE_ROUND)
    assert window.pages.currentWidget() is window.round_page
    assert window.round_page is not None
    assert window.round_page._runner.database is window.database
    window.show_page(PAGE_SURVEY)
    assert window.survey_page.current_household_id() is None


def test_a_new_database_shows_its_empty_register_not_the_old_dashboard(
    qtbot: QtBot, rulebooks: dict[str, Rulebook], communes: tuple[Path, Path], tmp_path: Path
) -> None:
    a = tmp_path / "a.sqlite3"
    a.write_bytes(communes[0].read_bytes())
    window = MainWindow(rulebooks, today=TODAY, database=open_database(a))
    qtbot.addWidget(window)
    window.show()
    visit_every_page(window)
    window.show_page(PAGE_REGISTER)
    window.new_database(tmp_path / "moi.sqlite3")
    assert window.pages.currentWidget() is window.register_page
    assert window.register_page is not None
    assert window.register_page.model.ids() == []
    assert window.dialog is not None  # a new database asks for the commune first
    window.dialog.close()
