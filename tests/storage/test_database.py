"""The commune database's lifecycle: create, upgrade after backup, refuse, lock, audit, restore."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from filelock import FileLock
from sqlalchemy import delete, func, select

from ranoat.storage.database import (
    APPLICATION_ID,
    BACKUPS_KEPT,
    DatabaseError,
    DatabaseExistsError,
    DatabaseFullError,
    DatabaseLockedError,
    DatabaseTooNewError,
    NotARanoatDatabaseError,
    backup_dir_for,
    build_database,
    current_revision,
    default_database_path,
    head_revision,
    list_backups,
    open_database,
    restore_backup,
)
from ranoat.storage.models import AuditEntry, Base, Household, Member, Village

GOLDEN = Path(__file__).parent / "golden"


def add_household(db_path: Path, code: str = "T01-00001") -> None:
    with open_database(db_path, create=True) as db, db.session() as session:
        village = session.scalar(select(Village).where(Village.code == "T01"))
        if village is None:
            village = Village(code="T01", name="Thôn Nà Pàn")
            session.add(village)
            session.flush()
        household = Household(code=code, village_id=village.id, area="rural")
        household.members.append(
            Member(full_name="Hoàng Văn Đức", name_folded="hoang van duc", sex="male", birth_year=1980, relation="head")
        )
        session.add(household)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_database_is_wal_with_foreign_keys_and_marked(tmp_path: Path) -> None:
    path = tmp_path / "xa.sqlite3"
    with open_database(path, create=True) as db:
        assert current_revision(db) == head_revision()
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA application_id").scalar() == APPLICATION_ID


def test_models_and_migrations_agree(tmp_path: Path) -> None:
    with open_database(tmp_path / "xa.sqlite3", create=True) as db, db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_missing_file_is_not_created_without_asking(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="Không tìm thấy"):
        open_database(tmp_path / "none.sqlite3")
    assert not (tmp_path / "none.sqlite3").exists()


def test_opening_backs_up_first_and_the_backup_holds_the_data(tmp_path: Path) -> None:
    path = tmp_path / "xa.sqlite3"
    add_household(path)
    with open_database(path) as db:
        (backup,) = db.backups
    assert backup.parent == backup_dir_for(path)
    with sqlite3.connect(backup) as copy:
        assert copy.execute("SELECT code FROM household").fetchall() == [("T01-00001",)]


def test_backups_rotate(tmp_path: Path) -> None:
    path = tmp_path / "xa.sqlite3"
    add_household(path)
    with open_database(path) as db:
        deliberate = db.backup("manual")
        for _ in range(BACKUPS_KEPT + 5):
            db.backup("periodic")
    backups = list_backups(path)
    assert len([b for b in backups if b.name.endswith("-periodic.sqlite3")]) == BACKUPS_KEPT
    # routine backups never push out the ones made on purpose, nor the one made on open
    assert deliberate in backups
    assert any(b.name.endswith("-open.sqlite3") for b in backups)


def test_a_database_from_a_newer_program_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "xa.sqlite3"
    add_household(path)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'f00d'")
    connection.close()
    before = digest(path)
    with pytest.raises(DatabaseTooNewError, match="phiên bản Ranoat mới hơn"):
        open_database(path)
    assert digest(path) == before


def files(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (relative name → content digest)."""
    return {str(p.relative_to(folder)): digest(p) for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("content", [b"", b"this is not a database at all", b"SQLite format 3\x00garbage" * 10])
def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "lists.sqlite3"
    path.write_bytes(content + b"x")
    before = files(tmp_path)
    with pytest.raises(NotARanoatDatabaseError, match=str(path)):
        open_database(path)
    assert files(tmp_path) == before  # no stray .lock, nothing else new, the file untouched


def test_another_programs_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE t (x)")
    connection.close()
    before = files(tmp_path)
    with pytest.raises(NotARanoatDatabaseError, match="không phải cơ sở dữ liệu Ranoat"):
        open_database(path)
    assert files(tmp_path) == before


def test_a_workbook_given_as_the_database_is_refused_and_nothing_is_left(tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "ds.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("Danh sách").write_string(0, 0, "Họ và tên")
    book.close()
    before = files(tmp_path)
    with pytest.raises(NotARanoatDatabaseError, match=r"ds\.xlsx"):
        open_database(path, create=True)
    assert files(tmp_path) == before


def test_a_database_opened_through_a_symbolic_link_takes_the_same_lock(tmp_path: Path) -> None:
    path = tmp_path / "xa.sqlite3"
    add_household(path)
    link = tmp_path / "lien-ket.sqlite3"
    link.symlink_to(path)
    with open_database(path), pytest.raises(DatabaseLockedError, match=r"lien-ket\.sqlite3"):
        open_database(link)
    with open_database(link), pytest.raises(DatabaseLockedError):
        open_database(path)
    assert not (tmp_path / "lien-ket.sqlite3.lock").exists()


def test_a_new_database_is_built_aside_and_named_only_when_complete(tmp_path: Path) -> None:
    path = tmp_path / "xa.sqlite3"
    with build_database(path) as new:
        with new.database.session() as session:
            session.add(Village(code="T01", name="Thôn Nà Pàn"))
        assert not path.exists()  # nothing under the final name while it is being built
        (staging,) = [p for p in tmp_path.iterdir()]
        assert staging.is_dir()
        assert staging.name.startswith(".xa.sqlite3-")
        new.publish()
    assert [p.name for p in tmp_path.iterdir()] == ["xa.sqlite3"]  # no -wal, no temporary folder
    with open_database(path) as db, db.session() as session:
        assert session.scalar(select(Village.name)) == "Thôn Nà Pàn"


def test_a_failed_build_leaves_nothing(tmp_path: Path) -> None:
    path = tmp_path / "xa.sqlite3"

    def failing_build() -> None:
        with build_database(path) as new:
            with new.database.session() as session:
                session.add(Village(code="T01", name="Thôn Nà Pàn"))
            raise RuntimeError("the import failed")

    with pytest.raises(RuntimeError):
        failing_build()
    with build_database(path):
        pass  # left without publishing: a dry run, a refusal
    assert list(tmp_path.iterdir()) == []


def test_a_database_that_appeared_meanwhile_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "xa.sqlite3"
    with build_database(path) as new:
        add_household(path)  # another process creates the database while this one is being built
        theirs = digest(path)
        with pytest.raises(DatabaseExistsError, match="không ghi đè"):
            new.publish()
    assert digest(path) == theirs
    assert sorted(p.name for p in tmp_path.iterdir()) == ["xa.sqlite3", "xa.sqlite3.lock"]
    with pytest.raises(DatabaseExistsError, match="đã tồn tại"), build_database(path):
        pass
    assert digest(path) == theirs


def test_the_folders_of_builds_that_died_are_removed_and_no_other(tmp_path: Path) -> None:
    path = tmp_path / "xa.sqlite3"
    hour_ago = time.time() - 3700

    def build_folder(name: str, *, old: bool) -> Path:
        folder = tmp_path / f".xa.sqlite3-{name}.building"
        folder.mkdir()
        (folder / "xa.sqlite3").write_bytes(b"SQLite format 3\x00")
        if old:
            os.utime(folder, (hour_ago, hour_ago))
        return folder

    dead, recent, running = build_folder("dead", old=True), build_folder("moi", old=False), build_folder("x", old=True)
    other = tmp_path / ".khac.sqlite3-dead.building"  # of another database: not ours to judge
    other.mkdir()
    os.utime(other, (hour_ago, hour_ago))
    lock = FileLock(str(running / "xa.sqlite3.lock"))
    lock.acquire()
    try:
        with build_database(path) as new:
            new.publish()
    finally:
        lock.release()
    assert not dead.exists()
    assert recent.is_dir()
    assert running.is_dir()
    assert other.is_dir()


def test_a_backup_for_a_change_is_kept_only_if_the_change_is_made(tmp_path: Path) -> None:
    path = tmp_path / "xa.sqlite3"
    add_household(path)
    with open_database(path, backup=False) as db:
        older = [db.backup("import") for _ in range(BACKUPS_KEPT)]

        def failing_change() -> None:
            with db.backup_for_change("import"), db.session() as session:
                session.add(Village(code="T02", name="Thôn Khòn Khẻ"))
                raise RuntimeError("rolled back")

        with pytest.raises(RuntimeError):
            failing_change()
        assert list_backups(path) == older[::-1]  # the copy removed, none of the ten pushed out
        with db.backup_for_change("import") as kept, db.session() as session:
            session.add(Village(code="T02", name="Thôn Khòn Khẻ"))
        assert list_backups(path) == [kept, *older[:0:-1]]  # now the oldest goes
        with sqlite3.connect(kept) as copy:  # the copy is of the database before the change
            assert copy.execute("SELECT count(*) FROM village").fetchone()[0] == 1
        copy.close()


def test_opening_without_backup_makes_none(tmp_path: Path) -> None:
    path = tmp_path / "xa.sqlite3"
    add_household(path)
    with open_database(path, backup=False) as db:
        assert db.backups == []
    assert list_backups(path) == []


def test_second_instance_gets_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "xa.sqlite3"
    with open_database(path, create=True):
        script = "\n".join(
            [
                "import sys",
                "from pathlib import Path",
                "from ranoat.storage.database import open_database, DatabaseLockedError",
                "try:",
                f"    open_database(Path({str(path)!r}))",
                "except DatabaseLockedError as e:",
                "    print(e)",
                "    sys.exit(3)",
            ]
        )
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
        assert done.returncode == 3, done.stderr
        assert "đang được mở trong một cửa sổ Ranoat khác" in done.stdout
    # closed: the lock is released and the file opens again
    with open_database(path):
        pass


def test_a_failed_action_leaves_nothing(tmp_path: Path) -> None:
    path = tmp_path / "xa.sqlite3"
    add_household(path)
    with open_database(path) as db:

        def failing_action() -> None:
            with db.session() as session:
                session.add(Household(code="T01-00002", village_id=1, area="rural"))
                session.flush()
                raise RuntimeError("power cut in the middle of the action")

        with pytest.raises(RuntimeError):
            failing_action()
        with db.session() as session:
            assert session.scalar(select(func.count()).select_from(Household)) == 1
            assert session.scalar(select(func.count()).where(AuditEntry.record_id == "2")) == 0


def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    from sqlalchemy.exc import IntegrityError

    with open_database(tmp_path / "xa.sqlite3", create=True) as db:

        def add_orphan() -> None:
            with db.session() as session:
                session.add(Household(code="X", village_id=999, area="rural"))

        with pytest.raises(IntegrityError):
            add_orphan()


def test_every_change_is_audited_with_user_old_and_new(tmp_path: Path) -> None:
    path = tmp_path / "xa.sqlite3"
    add_household(path)
    with open_database(path, user="Hoàng Thị Lan") as db:
        with db.session() as session:
            household = session.scalars(select(Household)).one()
            household.phone = "0912345678"
        with db.session() as session:
            member = session.scalars(select(Member)).one()
            session.delete(member)
        with db.session() as session:
            entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    actions = [(e.action, e.table_name) for e in entries]
    assert ("insert", "household") in actions
    update = next(e for e in entries if e.action == "update")
    assert (update.user, update.table_name, update.record_id) == ("Hoàng Thị Lan", "household", "1")
    assert update.old == {"phone": ""}
    assert update.new == {"phone": "0912345678"}
    delete = next(e for e in entries if e.action == "delete")
    assert delete.table_name == "member"
    assert delete.old is not None
    assert delete.old["full_name"] == "Hoàng Văn Đức"


def test_restore_from_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "xa.sqlite3"
    add_household(path)
    with open_database(path) as db:
        good = db.backup("before-mistake")
        with db.session() as session:
            session.execute(delete(Household))
    with pytest.raises(DatabaseLockedError), open_database(path):
        restore_backup(good, path)
    restore_backup(good, path)
    with open_database(path) as db, db.session() as session:
        assert session.scalars(select(Household.code)).all() == ["T01-00001"]
    assert any("before-restore" in p.name for p in list_backups(path))


def test_golden_database_of_each_released_schema_opens_and_keeps_its_data(tmp_path: Path) -> None:
    goldens = sorted(GOLDEN.glob("*.sqlite3"))
    assert goldens, "a golden database per released schema belongs in tests/storage/golden"
    for golden in goldens:
        path = tmp_path / golden.name
        path.write_bytes(golden.read_bytes())
        with open_database(path) as db, db.session() as session:
            assert current_revision(db) == head_revision()
            assert session.scalar(select(func.count()).select_from(Household)) == 20
            assert session.scalar(select(Village.name).where(Village.code == "T01")) is not None


def test_default_database_lives_in_the_user_data_folder() -> None:
    path = default_database_path()
    assert path.name == "ranoat.sqlite3"
    assert "Ranoat" in path.parts or "ranoat" in path.parts


@pytest.mark.parametrize("name", ["Xã #2.sqlite3", "xa?1.sqlite3", "Tân Thành 100%.sqlite3"])
def test_file_names_with_url_characters_work(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    add_household(path)
    with open_database(path) as db, db.session() as session:
        assert session.scalar(select(func.count()).select_from(Household)) == 1
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".sqlite3") == [name]


def test_a_failed_migration_leaves_no_half_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """DDL runs in one transaction: a failure part-way leaves the file as it was."""
    from alembic.operations import Operations

    real = Operations.create_table
    calls = {"n": 0}

    def failing_create_table(self: Operations, *args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 4:
            raise RuntimeError("disk full while creating the 4th table")
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    path = tmp_path / "xa.sqlite3"
    monkeypatch.setattr(Operations, "create_table", failing_create_table)
    with pytest.raises(DatabaseError, match="Không nâng cấp được") as failure:
        open_database(path, create=True)
    assert "disk full" in str(failure.value.__cause__)
    monkeypatch.setattr(Operations, "create_table", real)
    with sqlite3.connect(path) as connection:
        tables = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    connection.close()
    assert tables == []
    with open_database(path, create=True) as db:  # and it opens cleanly afterwards
        assert current_revision(db) == head_revision()


# ----------------------------------------------------------------------------- the backup on opening
def open_backups(path: Path) -> list[Path]:
    return [b for b in list_backups(path) if b.name.endswith("-open.sqlite3")]


def test_at_head_the_backup_on_opening_runs_in_the_background_complete_and_pruned(tmp_path: Path) -> None:
    path = tmp_path / "xa.sqlite3"
    add_household(path)
    for _ in range(BACKUPS_KEPT + 2):  # more than kept: the background copy prunes as the open did
        with open_database(path):
            pass
    with open_database(path) as db:
        assert db.open_backup is not None, "at head: copied on a thread of its own"
        target = db.open_backup.target
        with db.session() as session:  # the window writes while the copy runs
            session.add(Household(code="T01-00002", village_id=1, area="rural"))
    assert not db.open_backup.running(), "closing waited for it"
    assert db.open_backup.error is None
    assert db.backups == [target]
    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert ("T01-00001",) in copy.execute("SELECT code FROM household").fetchall()
    copy.close()
    kept = open_backups(path)
    assert len(kept) == BACKUPS_KEPT
    assert kept[0] == target, "the newest is the one just made"
    assert not list(backup_dir_for(path).glob("*.partial"))


def test_a_pending_upgrade_is_preceded_by_a_complete_backup(tmp_path: Path) -> None:
    path = tmp_path / "xa.sqlite3"
    path.write_bytes((GOLDEN / "0001.sqlite3").read_bytes())
    with open_database(path) as db:
        assert db.open_backup is None, "not in the background: the upgrade changes the file"
        (backup,) = db.backups
        assert backup.exists()
        with sqlite3.connect(backup) as copy:
            assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        copy.close()
        assert current_revision(db) == head_revision()


class _FailingBackupConnection:
    """A real sqlite3 connection whose `backup` writes part of the copy, then fails (a full disk)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def __getattr__(self, name: str) -> object:
        return getattr(self._connection, name)

    def backup(self, target: sqlite3.Connection, **_kwargs: object) -> None:
        target.execute("CREATE TABLE half (x)")
        target.commit()
        raise sqlite3.OperationalError("database or disk is full")


def test_an_interrupted_backup_leaves_no_file_under_a_backup_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ranoat.storage.database import backup_file

    path = tmp_path / "xa.sqlite3"
    add_household(path)
    crashed = backup_dir_for(path) / "xa-20261201-101010-000000-open.sqlite3.partial"
    crashed.parent.mkdir(parents=True, exist_ok=True)
    crashed.write_bytes(b"half a copy left by a crash")
    real_connect = sqlite3.connect

    def connect(database: object, *args: object, **kwargs: object) -> object:
        connection = real_connect(database, *args, **kwargs)  # type: ignore[call-overload]
        return _FailingBackupConnection(connection) if str(database) == str(path) else connection

    before = set(list_backups(path))
    monkeypatch.setattr(sqlite3, "connect", connect)
    with open_database(path) as db:  # the copy fails on its thread: the open does not
        assert db.open_backup is not None
        db.wait_for_backup()
        assert isinstance(db.open_backup.error, DatabaseFullError)  # said in Vietnamese (issue #16)
        assert "ổ đĩa đã đầy" in str(db.open_backup.error)
        assert db.backups == []
        with db.session() as session:
            assert session.scalar(select(func.count()).select_from(Household)) == 1
    with pytest.raises(DatabaseFullError, match=r"copy\.sqlite3: ổ đĩa đã đầy"):
        backup_file(path, tmp_path / "copy.sqlite3")
    assert not (tmp_path / "copy.sqlite3").exists()
    assert set(list_backups(path)) == before, "no backup name holds a half copy"
    assert not list(backup_dir_for(path).glob("*.partial")), "nor is one left under its temporary name"


@pytest.fixture
def statements() -> Iterator[list[str]]:
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    recorded: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        recorded.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    yield recorded
    event.remove(Engine, "before_cursor_execute", record)


def test_foreign_key_check_only_after_an_upgrade(tmp_path: Path, statements: list[str]) -> None:
    path = tmp_path / "xa.sqlite3"
    path.write_bytes((GOLDEN / "0001.sqlite3").read_bytes())
    with open_database(path):
        pass
    assert sum("foreign_key_check" in s for s in statements) == 1, "checked after upgrading 0001"
    statements.clear()
    with open_database(path):
        pass
    assert statements, "the statements of an open are recorded"
    assert not [s for s in statements if "foreign_key_check" in s or "application_id =" in s], "at head: nothing"


def test_migration_0003_makes_the_register_order_an_index_scan(tmp_path: Path) -> None:
    path = tmp_path / "xa.sqlite3"
    path.write_bytes((GOLDEN / "0001.sqlite3").read_bytes())
    with open_database(path) as db, db.engine.connect() as connection:
        indexes = {
            name: sql
            for name, sql in connection.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'household'"
            )
        }
        plan = " | ".join(
            row[-1]
            for row in connection.exec_driver_sql(
                "EXPLAIN QUERY PLAN SELECT household.id FROM household ORDER BY household.head_sort, household.code"
            )
        )
    assert "ix_household_head_sort_code" in indexes
    assert "(head_sort, code)" in indexes["ix_household_head_sort_code"]
    assert "ix_household_head_sort" not in indexes, "a prefix of the new one: dropped"
    assert "COVERING INDEX ix_household_head_sort_code" in plan
    assert "TEMP B-TREE" not in plan


def test_migration_0005_declares_room_for_a_provincial_standard_s_id_and_keeps_every_row(tmp_path: Path) -> None:
    """A round under "2022-2025-dong-nai" (18 characters) fits the declared columns; the upgrade of a
    0003 database changes no stored value of the two tables it rebuilds."""
    path = tmp_path / "xa.sqlite3"
    path.write_bytes((GOLDEN / "0003.sqlite3").read_bytes())

    def rows() -> dict[str, list[tuple[object, ...]]]:
        with closing(sqlite3.connect(path)) as connection:
            return {
                table: connection.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
                for table in ("review_round", "survey")
            }

    before = rows()
    with open_database(path) as db, db.engine.connect() as connection:
        declared = {
            (table, row[1]): row[2]
            for table in ("review_round", "survey")
            for row in connection.exec_driver_sql(f"PRAGMA table_info({table})")
        }
    assert declared[("review_round", "standard_id")] == "VARCHAR(40)"
    assert declared[("survey", "rulebook_id")] == "VARCHAR(40)"
    assert rows() == before
    assert before["review_round"], "the golden database has rounds to keep"
