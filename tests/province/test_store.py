"""The province's store: load, status, export equal to the merge, history (docs/province.md).
Runs on SQLite, and on PostgreSQL when RANOAT_TEST_PG_URL names a server (.ci/run)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import openpyxl
import pytest
from merge_data import CODES, export_changed, paths
from sqlalchemy import func, select, text

from ranoat.cli import main
from ranoat.merge import InputStatus, Level, MergeSettings, merge_workbooks, write_merged
from ranoat.province.answers import household_history, merged_result, status
from ranoat.province.load import load_files
from ranoat.province.schema import exports, households
from ranoat.province.store import describe, open_store, store_url
from ranoat.rules.rulebook import load_all

PG = os.environ.get("RANOAT_TEST_PG_URL")
NOW = dt.datetime(2099, 1, 1, tzinfo=dt.UTC)


@pytest.fixture(params=["sqlite", *(["postgresql"] if PG else [])])
def store_spec(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "province.sqlite3")
    from sqlalchemy import create_engine

    engine = create_engine(str(PG))
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    engine.dispose()
    return str(PG)


def cells(path: Path) -> dict[str, list[tuple[object, ...]]]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        found: dict[str, list[tuple[object, ...]]] = {}
        for sheet in book.worksheets:
            rows: list[tuple[object, ...]] = [tuple(row) for row in sheet.iter_rows(values_only=True)]
            if sheet.title == "metadata":  # the export time (and the checksum over it) differ
                rows = [r for r in rows if r[0] not in ("exported_at", "data_sha256")]
            found[sheet.title] = rows
        return found
    finally:
        book.close()


def test_load_status_export_equals_merge(
    communes: dict[str, tuple[Path, Path]], store_spec: str, tmp_path: Path
) -> None:
    store = open_store(store_spec)
    reports = load_files(store, paths(communes), load_all(), now=NOW)
    assert [r.status for r in reports] == [InputStatus.MERGED] * 3
    assert [r.communes for r in reports] == [[c] for c in CODES]
    found = status(store)
    assert sorted(item.commune_code for item in found.loaded) == sorted(CODES)
    assert all(not who for who in found.missing.values())
    year = found.loaded[0].round_year
    from_store = tmp_path / "store.xlsx"
    from_files = tmp_path / "files.xlsx"
    settings = MergeSettings(Level.PROVINCE, "Lạng Sơn")
    write_merged(merged_result(store, load_all(), year=year, kind="periodic", now=NOW), from_store, settings)
    write_merged(merge_workbooks(paths(communes), load_all(), now=NOW), from_files, settings)
    assert cells(from_store) == cells(from_files)
    # a subset of communes: the same as merging those files
    subset = tmp_path / "subset.xlsx"
    write_merged(
        merged_result(store, load_all(), year=year, kind="periodic", codes=[CODES[1]], now=NOW), subset, settings
    )
    only = tmp_path / "only.xlsx"
    write_merged(merge_workbooks([communes[CODES[1]][1]], load_all(), now=NOW), only, settings)
    assert cells(subset) == cells(only)
    store.close()


def test_same_file_twice_changes_nothing_newer_replaces_older_refused(
    communes: dict[str, tuple[Path, Path]], store_spec: str, tmp_path: Path
) -> None:
    store = open_store(store_spec)
    code = CODES[0]
    load_files(store, [communes[code][1]], load_all(), now=NOW)
    again = load_files(store, [communes[code][1]], load_all(), now=NOW)
    assert again[0].status is InputStatus.DUPLICATE_FILE
    with store.transaction() as connection:
        assert connection.execute(select(func.count()).select_from(exports)).scalar_one() == 1
    newer = export_changed(communes, code, tmp_path / "newer.xlsx", "UPDATE household SET address = 'Đổi' ")
    replaced = load_files(store, [newer], load_all(), now=NOW)
    assert replaced[0].status is InputStatus.MERGED, replaced[0].reason
    with store.transaction() as connection:
        rows = connection.execute(select(exports.c.file, exports.c.current).order_by(exports.c.id)).all()
    assert [(Path(f).name, c) for f, c in rows] == [(communes[code][1].name, False), ("newer.xlsx", True)]
    older = load_files(store, [communes[code][1]], load_all(), now=NOW)
    assert older[0].status is InputStatus.DUPLICATE_FILE  # the same data as the kept history
    status_before = status(store)
    assert [item.file for item in status_before.loaded] == [str(newer)]
    store.close()


def test_rejected_file_changes_nothing(store_spec: str, tmp_path: Path) -> None:
    store = open_store(store_spec)
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook")
    reports = load_files(store, [bad], load_all())
    assert reports[0].status is InputStatus.REJECTED
    assert reports[0].code == "not_workbook"
    assert status(store).loaded == []
    store.close()


def test_household_history(communes: dict[str, tuple[Path, Path]], store_spec: str) -> None:
    store = open_store(store_spec)
    load_files(store, [communes[CODES[0]][1]], load_all(), now=NOW)
    with store.transaction() as connection:
        code = connection.execute(select(households.c.household_code).limit(1)).scalar_one()
    entries = household_history(store, CODES[0], code)
    assert [e.round_kind for e in entries] == ["periodic", "periodic"]  # the export and the round it carries
    assert entries[0].round_year + 1 == entries[1].round_year
    assert household_history(store, CODES[0], "NO-SUCH") == []
    store.close()


def test_password_never_shown(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    url = store_url("postgresql+psycopg://ranoat:s3cr3t-pw@127.0.0.1:1/none")
    assert "s3cr3t-pw" not in describe(url)
    monkeypatch.setenv("RANOAT_STORE_PASSWORD", "env-s3cr3t")
    assert store_url("postgresql+psycopg://ranoat@127.0.0.1:1/none").password == "env-s3cr3t"
    code = main(["province", "status", "--store", "postgresql+psycopg://ranoat:s3cr3t-pw@127.0.0.1:1/none"])
    out = capsys.readouterr()
    assert code == 2
    assert "s3cr3t-pw" not in out.out + out.err
    assert "127.0.0.1" in out.err


def test_cli_load_status_export(
    communes: dict[str, tuple[Path, Path]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = str(tmp_path / "p.sqlite3")
    assert main(["province", "load", "--store", store, *map(str, paths(communes)), "--json"]) == 0
    assert '"status": "loaded"' in capsys.readouterr().out
    assert main(["province", "status", "--store", store, "--json"]) == 0
    assert CODES[2] in capsys.readouterr().out
    year = status(open_store(store)).loaded[0].round_year
    out = tmp_path / "out.xlsx"
    assert main(["province", "export", "--store", store, "--year", str(year), "--out", str(out)]) == 0
    assert out.exists()


def test_older_export_is_refused_naming_the_loaded_one(
    communes: dict[str, tuple[Path, Path]], store_spec: str, tmp_path: Path
) -> None:
    store = open_store(store_spec)
    code = CODES[1]
    newer = export_changed(communes, code, tmp_path / "moi.xlsx", "UPDATE household SET address = 'Mới' ")
    assert load_files(store, [newer], load_all(), now=NOW)[0].status is InputStatus.MERGED
    older = load_files(store, [communes[code][1]], load_all(), now=NOW)[0]
    assert older.status is InputStatus.REJECTED
    assert older.code == "superseded"
    assert "moi.xlsx" in older.reason
    assert [item.file for item in status(store).loaded] == [str(newer)]
    store.close()


def test_two_staff_loading_at_once_neither_lose_nor_double(
    communes: dict[str, tuple[Path, Path]], store_spec: str
) -> None:
    import threading

    first, second = open_store(store_spec), open_store(store_spec)
    results: list[InputStatus] = []

    def run(store: object, path: Path) -> None:
        results.append(load_files(store, [path], load_all(), now=NOW)[0].status)  # type: ignore[arg-type]

    threads = [
        threading.Thread(target=run, args=(first, communes[CODES[0]][1])),
        threading.Thread(target=run, args=(second, communes[CODES[0]][1])),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == sorted([InputStatus.MERGED, InputStatus.DUPLICATE_FILE])
    with first.transaction() as connection:
        assert connection.execute(select(func.count()).select_from(exports)).scalar_one() == 1
        count = connection.execute(select(func.count()).select_from(households)).scalar_one()
    assert count == status(first).loaded[0].households
    first.close()
    second.close()


def test_household_history_across_rounds(
    communes: dict[str, tuple[Path, Path]], store_spec: str, tmp_path: Path
) -> None:
    """The demo commune has two rounds (2024, 2025); its export of 2025 carries 2024 (data_rounds,
    data_round_households, data_surveys). Loading it alone gives both years; loading the 2024
    export too gives 2024 from that export, with the same start and result."""
    from ranoat.operations.export import export_round
    from ranoat.storage.database import open_database

    db, latest = communes[CODES[0]]
    with open_database(db) as database, database.session() as session:
        first_round, year = session.execute(text("SELECT id, year FROM review_round ORDER BY year LIMIT 1")).one()
        code, category, override, start = session.execute(
            text(
                "SELECT h.code, s.category, s.override_category, rh.start_category FROM survey s "
                "JOIN household h ON h.id = s.household_id JOIN round_household rh "
                "ON rh.household_id = h.id AND rh.round_id = s.round_id "
                "WHERE s.round_id = :r AND s.category IS NOT NULL ORDER BY h.code LIMIT 1"
            ),
            {"r": first_round},
        ).one()
    store = open_store(store_spec)
    load_files(store, [latest], load_all(), now=NOW)
    carried = household_history(store, CODES[0], code)
    assert [(e.round_year, e.source) for e in carried] == [(year, "earlier"), (year + 1, "export")]
    assert carried[0].start_category == start
    assert carried[0].result_category == (override or category)
    assert carried[1].head_name
    older = tmp_path / "2024.xlsx"
    with open_database(db) as database:
        export_round(database, first_round, older, load_all())
    assert load_files(store, [older], load_all(), now=NOW)[0].status is InputStatus.MERGED
    both = household_history(store, CODES[0], code)
    assert [(e.round_year, e.source) for e in both] == [(year, "export"), (year + 1, "export")]
    assert (both[0].start_category, both[0].result_category) == (start, override or category)
    assert both[0].head_name
    store.close()


def test_cli_history(
    communes: dict[str, tuple[Path, Path]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = str(tmp_path / "h.sqlite3")
    assert main(["province", "load", "--store", store, str(communes[CODES[0]][1])]) == 0
    with open_store(store).transaction() as connection:
        code = connection.execute(select(households.c.household_code).limit(1)).scalar_one()
    capsys.readouterr()
    assert main(["province", "history", "--store", store, "--commune", CODES[0], "--household", code]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert "đợt trước của xã" in lines[0]
    assert "đầu kỳ" in lines[1]
    assert main(["province", "history", "--store", store, "--commune", CODES[0], "--household", "X", "--json"]) == 1
