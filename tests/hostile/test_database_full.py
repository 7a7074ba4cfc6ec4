"""The disk fills while an import writes into the database (issue #16): SQLite's "database or disk
is full" is a Vietnamese message naming the database and what to do, the CLI exits 2, the write is
rolled back (the file as it was, the import's backup removed again) and a new database being built
leaves nothing. On the code before, it was a traceback (sqlalchemy.exc.OperationalError)."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from importing.databases import VILLAGES, commune_database
from importing.workbooks import official
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite

import ranoat.storage.database as storage
from ranoat.cli import main
from ranoat.storage.database import DatabaseFullError, list_backups, open_database


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def disk_fills_on_insert(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """SQLite reports a full disk on the first INSERT, as it does when the file cannot grow."""
    refused: list[str] = []

    def full(self: object, cursor: Any, statement: str, parameters: Any, context: object = None) -> None:
        if statement.lstrip().upper().startswith("INSERT"):
            refused.append(statement)
            raise sqlite3.OperationalError("database or disk is full")
        cursor.execute(statement, parameters)

    def full_many(self: object, cursor: Any, statement: str, parameters: Any, context: object = None) -> None:
        if statement.lstrip().upper().startswith("INSERT"):
            refused.append(statement)
            raise sqlite3.OperationalError("database or disk is full")
        cursor.executemany(statement, parameters)

    monkeypatch.setattr(SQLiteDialect_pysqlite, "do_execute", full)
    monkeypatch.setattr(SQLiteDialect_pysqlite, "do_executemany", full_many)
    return refused


def test_a_list_import_on_a_full_disk_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "xa.sqlite3"
    commune_database(db, VILLAGES[:1]).close()
    listing = official(tmp_path / "ds.xlsx")
    before, backups = digest(db), list_backups(db)
    refused = disk_fills_on_insert(monkeypatch)
    assert main(["import", "--db", str(db), str(listing)]) == 2
    error = capsys.readouterr().err
    assert refused, "the import reached its write"
    assert "Traceback" not in error
    assert error.startswith(f"ranoat: Không ghi được vào cơ sở dữ liệu {db}: ổ đĩa đã đầy. Chưa ghi gì")
    assert "Hãy giải phóng chỗ trống trên ổ đĩa" in error
    assert digest(db) == before
    assert list_backups(db) == backups, "the import's backup was removed with the rolled-back write"


def test_the_session_says_it_in_the_gui_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ranoat.storage.models import Village

    db = tmp_path / "xa.sqlite3"
    commune_database(db, VILLAGES[:1]).close()
    disk_fills_on_insert(monkeypatch)
    with open_database(db, backup=False) as database:
        with pytest.raises(DatabaseFullError, match="ổ đĩa đã đầy"), database.session() as session:
            session.add(Village(code="T09", name="Thôn Bản Chắt"))
        with database.session() as session:
            assert session.query(Village).filter_by(code="T09").count() == 0


def test_a_new_database_on_a_disk_that_fills_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A real SQLITE_FULL: the file may not grow past the pages of an empty commune database."""
    demo = tmp_path / "demo.sqlite3"
    assert main(["demo", "--households", "40", "--seed", "2", "--out", str(demo)]) == 0
    exchange = tmp_path / "xa.xlsx"
    assert main(["export", "--db", str(demo), "--out", str(exchange)]) == 0
    empty = tmp_path / "empty.sqlite3"
    open_database(empty, create=True).close()
    with sqlite3.connect(empty) as connection:
        pages = int(connection.execute("PRAGMA page_count").fetchone()[0])
    connection.close()
    real = storage._configure_connection

    def small_disk(dbapi_connection: sqlite3.Connection, record: object) -> None:
        real(dbapi_connection, record)
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 2}")

    monkeypatch.setattr(storage, "_configure_connection", small_disk)
    capsys.readouterr()
    target = tmp_path / "may-moi" / "xa.sqlite3"
    target.parent.mkdir()
    assert main(["import", "--db", str(target), str(exchange)]) == 2
    error = capsys.readouterr().err
    assert "Traceback" not in error
    assert "ổ đĩa đã đầy" in error
    assert list(target.parent.iterdir()) == []  # no database, no temporary folder


def test_a_gui_action_on_a_full_disk_is_a_refusal_in_vietnamese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The GUI runs its actions through `perform`, which every window catches as an OperationError."""
    from ranoat.domain.errors import OperationError
    from ranoat.operations.changes import Changes, WriteFailedError, operation, perform
    from ranoat.storage.models import Village

    db = tmp_path / "xa.sqlite3"
    commune_database(db, VILLAGES[:1]).close()
    disk_fills_on_insert(monkeypatch)
    with open_database(db, backup=False) as database:
        with pytest.raises(WriteFailedError) as caught:
            perform(database, operation(lambda s: s.add(Village(code="T09", name="Thôn Bản Chắt")), Changes()))
        assert isinstance(caught.value, OperationError)
        assert str(caught.value).startswith(f"Không ghi được vào cơ sở dữ liệu {db}: ổ đĩa đã đầy")
