"""A household's result in a round is one definition (`domain.category.round_result`): the
register's "Kết quả" column says what forms 7.1–7.3 count, carried-over households included."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from ranoat.demo import create_demo
from ranoat.domain.category import Category, round_result
from ranoat.domain.round import OtherMove, RoundKind
from ranoat.domain.survey import SurveyData
from ranoat.operations.register import register_rows
from ranoat.operations.round_read import read_round
from ranoat.operations.rounds import create_round, set_other_move
from ranoat.operations.surveys import save_survey
from ranoat.rules.rulebook import Rulebook, load_all
from ranoat.storage.database import Database, open_database
from ranoat.storage.models import RoundHousehold


@pytest.fixture(scope="module")
def rulebooks() -> dict[str, Rulebook]:
    return load_all()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "xa.sqlite3"
    create_demo(path, households=120, seed=5)
    return path


@pytest.fixture
def database(demo: Path, tmp_path: Path) -> Iterator[Database]:
    copy = tmp_path / "xa.sqlite3"
    copy.write_bytes(demo.read_bytes())
    db = open_database(copy)
    yield db
    db.close()


def test_the_rule_decision_then_computed_then_start_and_nothing_for_who_left() -> None:
    poor, near, out = Category.POOR.value, Category.NEAR_POOR.value, Category.NOT_POOR.value
    assert round_result(start=poor, computed=near, override=out) == out
    assert round_result(start=poor, computed=near, override=None) == near
    assert round_result(start=poor, computed=None, override=None) == poor  # carried over, not re-surveyed
    assert round_result(start=None, computed=None, override=None) is None
    assert round_result(start=poor, computed=near, override=out, left=True) is None


def test_the_registers_result_is_what_forms_7_1_to_7_3_count(
    database: Database, rulebooks: dict[str, Rulebook]
) -> None:
    with database.session() as session:
        new = create_round(session, year=2026, kind=RoundKind.PERIODIC, standard_id="2022-2025", rulebooks=rulebooks)
        listed = session.scalars(
            select(RoundHousehold)
            .where(RoundHousehold.round_id == new.id, RoundHousehold.start_category == Category.POOR.value)
            .order_by(RoundHousehold.household_id)
        ).all()
        assert len(listed) >= 3, "the demo commune carries poor households into the new round"
        carried, surveyed, gone = (row.household_id for row in listed[:3])
        save_survey(
            session,
            round_id=new.id,
            household_id=surveyed,
            data=SurveyData(b1=300, lacking=[], officer="Hoàng Thị Lan"),
            rulebooks=rulebooks,
        )
        set_other_move(session, new.id, gone, OtherMove.DIED, "Chủ hộ sống một mình đã mất")
    with database.session() as session:
        finals = read_round(session, new.id, rulebooks).finals
        rows = {row.id: row for row in register_rows(session, list(finals), new.id)}
    assert rows[carried].category is None  # not re-surveyed: the start status carries over
    assert rows[carried].result == Category.POOR.value
    assert rows[surveyed].result == Category.NOT_POOR.value
    assert rows[gone].result is None
    assert {h: rows[h].result for h in finals} == finals
