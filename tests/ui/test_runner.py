"""The GUI's one runner (`ui.runner.Runner`) and the operations it runs (`ranoat.operations.changes`):
each action is one transaction, says what it changed, and the main window refreshes from that record
and never opens a database session itself (issue #12 item 3)."""

from __future__ import annotations

import ast
import datetime as dt
from functools import partial
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ranoat.demo import create_demo
from ranoat.domain.area import Area
from ranoat.domain.errors import OperationError
from ranoat.domain.household import HouseholdData, MemberData, Relation, Sex
from ranoat.operations import actions
from ranoat.operations.changes import Changes, WriteFailedError, operation
from ranoat.operations.commune import villages
from ranoat.operations.households import load_household, next_household_code, why_not_delete
from ranoat.rules.rulebook import Rulebook, load_all
from ranoat.storage.database import Database, list_backups, open_database
from ranoat.storage.models import Household, Village
from ui.main_window import MainWindow
from ui.runner import Runner

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def rulebooks() -> dict[str, Rulebook]:
    return load_all()


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "xa.sqlite3"
    create_demo(path, households=60, seed=5)
    return path


@pytest.fixture
def database(demo_path: Path, tmp_path: Path) -> Database:
    path = tmp_path / "xa.sqlite3"
    path.write_bytes(demo_path.read_bytes())
    return open_database(path)


def village_count(database: Database) -> int:
    with database.session() as session:
        return int(session.scalar(select(func.count()).select_from(Village)) or 0)


def test_a_run_says_what_changed_and_marks_the_database_for_backup(qtbot: QtBot, database: Database) -> None:
    runner = Runner()
    runner.database = database
    household_id = 1
    household = runner.read(lambda s: load_household(s, household_id))
    household.address = "Số 9, đường mới"
    with qtbot.waitSignal(runner.changed) as signal:
        saved = runner.run(actions.save_household_data(household, dt.date(2026, 10, 1), load_all()))
    assert signal.args == [Changes(households=False, household_id=saved.id)]
    assert runner.unsaved
    assert runner.read(lambda s: load_household(s, household_id)).address == "Số 9, đường mới"


def test_a_refused_action_changes_nothing_and_says_nothing_changed(qtbot: QtBot, database: Database) -> None:
    runner = Runner()
    runner.database = database
    before = village_count(database)

    def add_then_refuse(session: object) -> None:
        from sqlalchemy.orm import Session

        assert isinstance(session, Session)
        session.add(Village(code="99", name="Thôn thử", position=99))
        session.flush()
        raise OperationError("Từ chối")

    with qtbot.assertNotEmitted(runner.changed), pytest.raises(OperationError, match="Từ chối"):
        runner.run(operation(add_then_refuse, Changes(commune=True)))
    assert not runner.unsaved
    assert village_count(database) == before  # the village added before the refusal was rolled back


def test_a_database_refusal_is_a_vietnamese_message_and_nothing_is_written(qtbot: QtBot, database: Database) -> None:
    runner = Runner()
    runner.database = database
    before = village_count(database)
    code = runner.read(villages)[0].code

    def duplicate(session: object) -> None:
        from sqlalchemy.orm import Session

        assert isinstance(session, Session)
        session.add(Village(code="98", name="Thôn một", position=98))
        session.add(Village(code=code, name="Thôn trùng mã", position=97))  # the code is unique
        session.flush()

    with qtbot.assertNotEmitted(runner.changed), pytest.raises(WriteFailedError) as raised:
        runner.run(operation(duplicate, Changes(commune=True)))
    assert isinstance(raised.value.__cause__, IntegrityError)
    assert str(raised.value) == "Không ghi được vào cơ sở dữ liệu (IntegrityError): không có gì thay đổi."
    assert village_count(database) == before


def test_a_destructive_action_is_backed_up_first(qtbot: QtBot, database: Database) -> None:
    runner = Runner()
    runner.database = database

    def before_delete() -> set[Path]:
        return {p for p in list_backups(database.path) if "before-delete" in p.name}

    earlier = before_delete()
    village = runner.read(villages)[0]
    assert village.id is not None
    code = runner.read(partial(next_household_code, village_id=village.id))
    new = HouseholdData(
        code=code,
        village_id=village.id,
        area=Area.RURAL,
        members=[MemberData("Lò Văn Mới", sex=Sex.MALE, birth_year=1980, relation=Relation.HEAD)],
    )
    with qtbot.waitSignal(runner.changed) as signal:
        household_id = runner.run(actions.save_household_data(new, dt.date(2026, 10, 1), load_all())).id
    assert signal.args == [Changes(households=True, household_id=household_id)]  # a new row: the whole list
    assert runner.read(partial(why_not_delete, household_id=household_id)) is None
    with qtbot.waitSignal(runner.changed) as signal:
        runner.run(actions.remove_household(household_id))
    assert signal.args == [Changes(households=True)]
    assert len(before_delete() - earlier) == 1
    with database.session() as session:
        assert session.get(Household, household_id) is None


def test_the_main_window_refreshes_from_the_record_of_changes(
    qtbot: QtBot, rulebooks: dict[str, Rulebook], database: Database
) -> None:
    window = MainWindow(rulebooks, today=dt.date(2026, 11, 28), database=database)
    qtbot.addWidget(window)
    assert window.register_page is not None
    model = window.register_page.model
    first = model.id_at(0)
    household = window.runner.read(lambda s: load_household(s, first))
    head = household.head()
    assert head is not None
    head.full_name = "Zzz Người Đổi Tên"
    assert window._save_household(household) is None
    assert window.runner.unsaved  # the periodic backup will run
    row = model.row_of(first)
    shown = [str(model.index(row, column).data()) for column in range(model.columnCount())]
    assert "Zzz Người Đổi Tên" in shown, "the edited household's row shows the new name"
    window.periodic_backup()
    assert not window.runner.unsaved


def calls_session(path: Path) -> list[int]:
    """Lines of ``path`` that open a database session (``….session()``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "session"
    ]


@pytest.mark.parametrize("module", ["ui/main_window.py", "ui/widgets/round_page.py"])
def test_the_windows_open_no_database_session_themselves(module: str) -> None:
    assert calls_session(ROOT / module) == []


def test_the_session_finder_finds_one() -> None:
    assert calls_session(ROOT / "ui" / "models" / "household_table.py")  # the register's lazy model reads itself
