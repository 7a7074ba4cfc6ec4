"""The province's forms 7.1–7.10 streamed from the store, one commune at a time, equal the merge's
forms of the same files; the head's ethnicity column of migration p0002 (docs/province.md)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import openpyxl
import pytest
from merge_data import CODES, paths
from sqlalchemy import create_engine, select, text

from ranoat.cli import main
from ranoat.merge import InputStatus, merge_workbooks
from ranoat.province.answers import status
from ranoat.province.forms import CancelledError, province_forms, write_forms
from ranoat.province.load import default_workers, load_files
from ranoat.province.schema import households
from ranoat.province.store import open_store
from ranoat.rules.rulebook import load_all

PG = os.environ.get("RANOAT_TEST_PG_URL")
NOW = dt.datetime(2099, 1, 1, tzinfo=dt.UTC)


@pytest.fixture(params=["sqlite", *(["postgresql"] if PG else [])])
def store_spec(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "province.sqlite3")
    engine = create_engine(str(PG))
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    engine.dispose()
    return str(PG)


def test_streamed_forms_equal_the_merge(communes: dict[str, tuple[Path, Path]], store_spec: str) -> None:
    store = open_store(store_spec)
    load_files(store, paths(communes), load_all(), now=NOW)
    year = status(store).loaded[0].round_year
    seen: list[tuple[int, int]] = []
    found = province_forms(
        store, load_all(), year=year, kind="periodic", progress=lambda done, total, _: seen.append((done, total))
    )
    merged = merge_workbooks(paths(communes), load_all(), now=NOW)
    assert found.forms is not None
    assert merged.forms is not None
    assert list(found.forms) == list(merged.forms)  # every form, table, row, line and cell
    assert [c.unit.code for c in found.communes] == [c.code for c in merged.communes]
    assert (found.household_count, found.member_count) == (merged.household_count, merged.member_count)
    assert seen[-1] == (3, 3)
    # the counts kept at load and the counts from the rows again: the same forms
    again = province_forms(store, load_all(), year=year, kind="periodic", recount=True)
    assert again.forms is not None
    assert list(again.forms) == list(merged.forms)
    assert again.communes == found.communes
    # some heads are of an ethnic minority in the demo: form 7.9 has their columns
    assert len(found.forms.form_7_9.tables[0].columns) > 3
    only = province_forms(store, load_all(), year=year, kind="periodic", codes=[CODES[2]])
    alone = merge_workbooks([communes[CODES[2]][1]], load_all(), now=NOW)
    assert only.forms is not None
    assert alone.forms is not None
    assert list(only.forms) == list(alone.forms)
    with pytest.raises(CancelledError):
        province_forms(store, load_all(), year=year, kind="periodic", cancelled=lambda: True)
    assert province_forms(store, load_all(), year=year + 1, kind="periodic").forms is None
    store.close()


def test_forms_only_export(communes: dict[str, tuple[Path, Path]], tmp_path: Path) -> None:
    store = str(tmp_path / "p.sqlite3")
    assert main(["province", "load", "--store", store, *map(str, paths(communes))]) == 0
    year = status(open_store(store)).loaded[0].round_year
    out = tmp_path / "forms.xlsx"
    args = ["province", "export", "--store", store, "--year", str(year), "--forms-only", "--out", str(out)]
    assert main([*args, "--name", "Lạng Sơn"]) == 0
    book = openpyxl.load_workbook(out, read_only=True)
    try:
        assert book.sheetnames == [
            f"Biểu {c}" for c in ("7.1", "7.2", "7.3", "7.4", "7.5", "7.6", "7.7", "7.8", "7.9", "7.10")
        ]
        cells = [v for row in book["Biểu 7.1"].iter_rows(values_only=True) for v in row if v is not None]
    finally:
        book.close()
    merged = merge_workbooks(paths(communes), load_all(), now=NOW)
    assert merged.forms is not None
    total = merged.forms.form_7_1.table.total.lines[0].counts[0]
    assert total in cells
    assert any("LẠNG SƠN" in str(v).upper() for v in cells)
    written = write_forms(
        province_forms(open_store(store), load_all(), year=year, kind="periodic"), tmp_path / "w.xlsx"
    )
    assert written[0] == "Biểu 7.1"


def test_head_ethnicity_column_and_its_migration(communes: dict[str, tuple[Path, Path]], tmp_path: Path) -> None:
    spec = str(tmp_path / "old.sqlite3")
    store = open_store(spec)
    load_files(store, [communes[CODES[0]][1]], load_all(), now=NOW)
    with store.transaction() as connection:
        loaded = dict(connection.execute(select(households.c.household_code, households.c.head_ethnicity)).all())
    assert loaded
    assert all(v for v in loaded.values())
    # the store as p0001 left it: no column; upgrading fills it from the members' rows
    year = status(store).loaded[0].round_year
    before = province_forms(store, load_all(), year=year, kind="periodic")
    with store.engine.begin() as connection:
        connection.execute(text("ALTER TABLE households DROP COLUMN head_ethnicity"))
        connection.execute(text("ALTER TABLE exports DROP COLUMN counts"))
        connection.execute(text("UPDATE province_alembic_version SET version_num = 'p0001'"))
    store.close()
    store = open_store(spec)
    with store.transaction() as connection:
        upgraded = dict(connection.execute(select(households.c.household_code, households.c.head_ethnicity)).all())
    assert upgraded == loaded
    after = province_forms(store, load_all(), year=year, kind="periodic")  # no counts kept: counted from the rows
    assert after.communes == before.communes
    store.close()


def test_checked_in_worker_processes_the_same_store(
    communes: dict[str, tuple[Path, Path]], store_spec: str, tmp_path: Path
) -> None:
    """Inputs checked in two processes while this one writes: the same reports and the same store
    as one after the other; a cancel before the second input leaves the first loaded, complete."""
    one = open_store(tmp_path / "one.sqlite3")
    sequential = load_files(one, paths(communes), load_all(), now=NOW)
    store = open_store(store_spec)
    parallel = load_files(store, paths(communes), load_all(), now=NOW, workers=2)
    assert [(r.path, r.status, r.communes, r.households, r.members) for r in parallel] == [
        (r.path, r.status, r.communes, r.households, r.members) for r in sequential
    ]
    year = status(store).loaded[0].round_year
    assert province_forms(store, load_all(), year=year, kind="periodic").communes == (
        province_forms(one, load_all(), year=year, kind="periodic").communes
    )
    store.close()
    asked: list[int] = []

    def cancel_second() -> bool:
        asked.append(1)
        return len(asked) > 1

    three = open_store(tmp_path / "three.sqlite3")
    stopped = load_files(three, paths(communes), load_all(), now=NOW, workers=2, cancelled=cancel_second)
    assert [r.status for r in stopped] == [InputStatus.MERGED]
    assert [item.commune_code for item in status(three).loaded] == stopped[0].communes
    one.close()
    three.close()
    assert default_workers(7) == 1  # starting processes costs more than it saves
    assert default_workers(200) == min(os.cpu_count() or 1, 4)


def test_the_province_dashboard_agrees_with_each_communes_own(
    communes: dict[str, tuple[Path, Path]], tmp_path: Path
) -> None:
    """Over one commune, the province's dashboard has the commune's own figures, indicators and
    movements (`round_dashboard` of its database); over three, one row per commune adding up."""
    from ranoat.operations.dashboard import round_dashboard
    from ranoat.operations.export import latest_round_id
    from ranoat.province.dashboard import province_dashboard
    from ranoat.storage.database import open_database

    store = open_store(tmp_path / "d.sqlite3")
    load_files(store, paths(communes), load_all(), now=NOW)
    year = status(store).loaded[0].round_year
    db = communes[CODES[0]][0]
    with open_database(db) as database, database.session() as session:
        own = round_dashboard(session, latest_round_id(database), load_all())
    one = province_dashboard(province_forms(store, load_all(), year=year, kind="periodic", codes=[CODES[0]]))
    figures = ("households", "people", "poor_households", "poor_people", "near_poor_households", "near_poor_people")
    assert [getattr(one.commune, f) for f in figures] == [getattr(own.commune, f) for f in figures]
    assert [(i.code, i.poor, i.near_poor) for i in one.indicators] == [
        (i.code, i.poor, i.near_poor) for i in own.indicators
    ]
    assert (one.poor_surveyed, one.near_poor_surveyed) == (own.poor_surveyed, own.near_poor_surveyed)
    assert one.transitions == own.transitions
    assert sum(p.surveyed for p in one.progress) == sum(p.surveyed for p in own.progress)
    every = province_dashboard(province_forms(store, load_all(), year=year, kind="periodic"), "Lạng Sơn")
    assert every.commune.name == "Lạng Sơn"
    assert len(every.villages) == 3
    assert every.commune.households == sum(v.households for v in every.villages)
    store.close()
