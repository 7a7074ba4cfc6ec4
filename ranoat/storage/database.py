"""Opening, creating, upgrading, backing up and locking the commune database.

- One SQLite file per commune. WAL journal, foreign keys on, `synchronous=NORMAL` (an application
  crash never corrupts; notes/stack-facts.md), a busy timeout.
- Opening takes an OS lock on the database file itself (`DatabaseLock`: through any symbolic or
  hard link, whatever happens to the `.lock` beside the real file, which is taken too), so a second
  Ranoat on the same file gets a clear message instead of two writers interleaving their edits.
- A file that cannot be written (read-only file, folder or file system) is refused before anything
  is read or written; SQLite's full disk, damage and read-only errors are Vietnamese
  `DatabaseError`s (`storage_error`), a damaged file naming the newest sound backup (issue #16).
- A file that is not a Ranoat database is refused before the lock: nothing is left beside it.
- A new database is built under a temporary name in a folder of its own beside the target
  (`build_database`) and linked to its name only when complete, never over a file that appeared
  meanwhile: a failed or refused creation removes its own temporary files and nothing else.
- Every open makes an automatic backup (unless the caller makes its own right before its change:
  `open_database(backup=False)`, `Database.backup_for_change`). When the schema must be brought to the newest Alembic
  revision, the backup is made first, synchronously, and the upgrade (checked with
  `foreign_key_check`) runs after it; when the file is already at head, nothing is changed on open
  and the backup runs on a thread of its own while the window opens (`close()` waits for it). A
  file written by a newer Ranoat (a revision we do not know) is refused, never touched.
- `PRAGMA application_id` marks the file as Ranoat's, so opening some other SQLite file is refused.
"""

from __future__ import annotations

import datetime as dt
import errno
import functools
import glob
import logging
import os
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from filelock import FileLock, Timeout
from sqlalchemy import URL, Connection, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError as SQLAlchemyDBAPIError
from sqlalchemy.orm import Session, sessionmaker

from ranoat.storage.audit import install_audit
from ranoat.storage.files import FileHeldError, IdentityLock, hide, remove_leftovers, unhide
from ranoat.storage.location import DEFAULT_NAME as DEFAULT_NAME  # re-exported: their callers import them here
from ranoat.storage.location import PORTABLE_DATA as PORTABLE_DATA
from ranoat.storage.location import PORTABLE_MARKER as PORTABLE_MARKER
from ranoat.storage.location import default_database_path as default_database_path
from ranoat.storage.location import portable_data_dir as portable_data_dir

APPLICATION_ID = 0x52414E4F  # "RANO"
MIGRATIONS = Path(__file__).parent / "migrations"
BACKUPS_KEPT = 10
PARTIAL_SUFFIX = ".partial"  # a backup being written; renamed to its final name once complete
DAMAGED_SUFFIX = ".hong"  # a damaged file kept by a restore (never listed as a backup)
BUILDING_SUFFIX = ".building"  # the folder a new database is built in, beside its target
ABANDONED_AFTER_SECONDS = 3600  # a build folder unlocked and unchanged this long was left by a crash

_log = logging.getLogger(__name__)
_prune_lock = threading.Lock()  # the open backup's thread, the periodic one and the GUI may prune at once


class DatabaseError(Exception):
    """A database that cannot be opened; the message is Vietnamese and names the file."""


class DatabaseLockedError(DatabaseError):
    pass


class DatabaseTooNewError(DatabaseError):
    pass


class NotARanoatDatabaseError(DatabaseError):
    pass


class DatabaseReadOnlyError(DatabaseError):
    """The file, its folder or its file system may not be written: refused before anything is changed."""


class DatabaseCorruptError(DatabaseError):
    """A damaged database (a damaged page, a file that is no longer a database); ``backup`` is the
    newest automatic backup that is sound, or None."""

    def __init__(self, message: str, path: Path, backup: Path | None) -> None:
        super().__init__(message)
        self.path = path
        self.backup = backup


class DatabaseFullError(DatabaseError):
    """The disk (or the database's size limit) is full: the write was rolled back."""


class DatabaseExistsError(DatabaseError):
    """The target of a new database exists, or appeared while it was being built: never overwritten."""


def backup_dir_for(path: Path) -> Path:
    return path.parent / "backups" / path.stem


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@functools.cache
def _scripts() -> tuple[str, frozenset[str]]:
    """The head and every revision of the migration scripts shipped (they do not change while running)."""
    scripts = ScriptDirectory.from_config(_alembic_config())
    head = scripts.get_current_head()
    assert head is not None
    return head, frozenset(script.revision for script in scripts.walk_revisions())


def head_revision() -> str:
    return _scripts()[0]


def known_revisions() -> set[str]:
    return set(_scripts()[1])


def _configure_connection(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the driver, decide where transactions begin (see _begin): Python 3.11's
    # sqlite3 would otherwise commit before every DDL statement, so a failed migration could
    # leave half a schema behind (SQLAlchemy's documented pysqlite recipe).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA busy_timeout = 5000")
    cursor.close()


def _begin(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")


def _engine(path: Path) -> Engine:
    # URL.create keeps the path as it is: '#' or '?' in a file name is not parsed as URL syntax.
    engine = create_engine(URL.create("sqlite", database=str(path)))
    event.listen(engine, "connect", _configure_connection)
    event.listen(engine, "begin", _begin)
    return engine


class _OpenBackup:
    """The backup made on opening, copied on a thread of its own (its own SQLite connections).

    The copy is one `Connection.backup` step (a consistent snapshot, whatever the GUI writes
    meanwhile), written under a temporary name and renamed when complete (`backup_file`), then the
    backups of the same reason are pruned. A failure is logged and kept in ``error``: the open does
    not depend on it (nothing was changed on opening).
    """

    def __init__(self, source: Path, target: Path) -> None:
        self.target = target
        self.error: BaseException | None = None
        self._source = source
        self._thread = threading.Thread(target=self._run, name="ranoat-open-backup")  # exiting finishes it
        self._thread.start()

    def _run(self) -> None:
        try:
            damage = damage_found(self._source)
            if damage is not None:  # a copy of a damaged file must not push a sound backup out
                raise corrupt_error(self._source, damage)
            _keep_backup(self._source, self.target)
        except Exception as exc:  # kept for the caller (`error`), never raised in the thread
            self.error = exc
            _log.warning("the backup on opening %s failed: %r", self._source, exc)

    def wait(self) -> None:
        self._thread.join()

    def running(self) -> bool:
        return self._thread.is_alive()


@dataclass
class Database:
    """An open commune database. Close it to release the lock."""

    path: Path
    engine: Engine
    lock: DatabaseLock
    user: str = "cán bộ"
    made_backups: list[Path] = field(default_factory=list)
    open_backup: _OpenBackup | None = None

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def backups(self) -> list[Path]:
        """The backups made since opening (the one made on opening first), once complete."""
        self.wait_for_backup()
        opened = self.open_backup
        if opened is not None and opened.error is None and opened.target not in self.made_backups:
            self.made_backups.insert(0, opened.target)
        return self.made_backups

    def wait_for_backup(self) -> None:
        """Wait until the backup made on opening is complete (at once when it already is)."""
        if self.open_backup is not None:
            self.open_backup.wait()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One session, one transaction, per user action: committed on success, rolled back on error."""
        try:
            with self._sessions() as session, session.begin():
                session.info["user"] = self.user
                yield session
        except SQLAlchemyDBAPIError as exc:  # rolled back already; said in Vietnamese when we know what it is
            mapped = storage_error(self.path, exc.orig)
            if mapped is None:
                raise
            raise mapped from exc

    def backup(self, reason: str = "manual") -> Path:
        """A consistent copy in one step (SQLite online backup), then keep the newest ten."""
        self.wait_for_backup()
        target = _backup_target(self.path, reason)
        _keep_backup(self.path, target)
        self.made_backups.append(target)
        return target

    @contextmanager
    def backup_for_change(self, reason: str) -> Iterator[Path]:
        """A backup made right before a change and kept only if the change is made.

        If the block raises, the change rolled back and the database is as the copy shows it: the
        copy is removed again (it would only push a useful backup out of the ten kept). Older
        backups are pruned only once the block has completed, so a failed change costs none of them.
        """
        self.wait_for_backup()
        target = _backup_target(self.path, reason)
        backup_file(self.path, target)
        try:
            yield target
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        prune_backups(target.parent, BACKUPS_KEPT)
        self.made_backups.append(target)

    def save_copy(self, target: Path) -> None:
        """ "Lưu bản sao": a consistent copy of the open database at ``target``."""
        backup_file(self.path, target)

    def close(self) -> None:
        """Wait for the backup made on opening, then release the connections and the lock."""
        try:
            self.wait_for_backup()
        finally:
            self.engine.dispose()
            self.lock.release()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _backup_target(path: Path, reason: str) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    return backup_dir_for(path) / f"{path.stem}-{stamp}-{reason}.sqlite3"


def _keep_backup(source: Path, target: Path) -> None:
    """An automatic backup: the copy, then only the newest `BACKUPS_KEPT` of its reason kept."""
    backup_file(source, target)
    prune_backups(target.parent, BACKUPS_KEPT)


def backup_file(source: Path, target: Path) -> None:
    """Copy a live SQLite database in one step; never incrementally (it never finishes with a writer).

    The copy is written under a temporary name and renamed once complete: an interrupted copy (a
    crash, a full disk) never leaves a half file under the final name.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + PARTIAL_SUFFIX)
    try:
        src = sqlite3.connect(source)
        try:
            dst = sqlite3.connect(partial)
            try:
                hide(partial)  # on Windows, while it is being written
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
        unhide(partial)
        partial.replace(target)
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        mapped = storage_error(source, exc, target=target)
        if mapped is None:
            raise
        raise mapped from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _reason(backup: Path) -> str:
    """The reason a backup was made: the last word of its name (open, periodic, manual …)."""
    return backup.stem.rsplit("-", 1)[-1]


def prune_backups(directory: Path, keep: int) -> None:
    """Keep the newest ``keep`` backups of each reason.

    Budgets are per reason so that routine backups (every open, every ten minutes) never push out
    the ones made on purpose: before a deletion, before a restore, or by hand.
    """
    with _prune_lock:
        by_reason: dict[str, list[Path]] = {}
        for backup in sorted(directory.glob("*.sqlite3"), key=lambda p: p.stat().st_mtime_ns):
            by_reason.setdefault(_reason(backup), []).append(backup)
        for backups in by_reason.values():
            for old in backups[:-keep] if keep else backups:
                old.unlink(missing_ok=True)


SQLITE_CORRUPT, SQLITE_NOTADB, SQLITE_FULL, SQLITE_READONLY, SQLITE_IOERR = 11, 26, 13, 8, 10


def storage_error(path: Path, exc: BaseException | None, *, target: Path | None = None) -> DatabaseError | None:
    """What SQLite's error means for the user of ``path``, in Vietnamese; None when it is none of
    these: a damaged file, a full disk, a file that became read-only. ``target``: the file being
    written when that is not ``path`` (a backup)."""
    if not isinstance(exc, sqlite3.Error):
        return None
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    text = str(exc).lower()
    written = target or path
    if code == SQLITE_FULL or "database or disk is full" in text or (code == SQLITE_IOERR and _disk_full(written)):
        return DatabaseFullError(
            f"Không ghi được vào {'tệp ' if target else 'cơ sở dữ liệu '}{written}: ổ đĩa đã đầy. Chưa ghi gì: "
            "thao tác đã được huỷ, dữ liệu vẫn như trước. Hãy giải phóng chỗ trống trên ổ đĩa (xoá tệp không cần, "
            "dọn Thùng rác) hoặc chuyển cơ sở dữ liệu sang ổ khác, rồi làm lại."
        )
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB) or "malformed" in text or "not a database" in text:
        return corrupt_error(path, str(exc))
    if code == SQLITE_READONLY or "readonly database" in text:
        return DatabaseReadOnlyError(
            f"Không ghi được vào cơ sở dữ liệu {path}: tệp, thư mục hoặc ổ đĩa chứa nó đã thành chỉ đọc. Chưa ghi gì. "
            "Hãy bỏ thuộc tính chỉ đọc (hoặc chép tệp vào một thư mục ghi được), mở lại rồi làm lại."
        )
    return None


def _disk_full(path: Path) -> bool:
    try:
        return shutil.disk_usage(path.parent).free < 1024 * 1024
    except OSError:
        return False


def damage_found(path: Path) -> str | None:
    """SQLite's `quick_check` of a file (read-only): None when sound, else what it found. About 140 ms
    on a 50,000-household commune (83 MB), so it runs on the open backup's thread, not in the open."""
    try:
        connection = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return str(exc)
    try:
        rows = connection.execute("PRAGMA quick_check(5)").fetchall()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        connection.close()
    found = [str(row[0]) for row in rows]
    if found == ["ok"]:
        return None
    lines = [line.strip() for text in found for line in text.splitlines() if line.strip() and "***" not in line]
    return "; ".join(lines[:3]) or "quick_check"


def sound_backup(path: Path) -> Path | None:
    """The newest automatic backup of ``path`` that is itself sound (a Ranoat database, `quick_check`
    ok), or None."""
    for backup in list_backups(path):
        try:
            _inspect(backup)
        except DatabaseError:
            continue
        if damage_found(backup) is None:
            return backup
    return None


def corrupt_error(path: Path, detail: str) -> DatabaseCorruptError:
    """A damaged database: what to do, with the newest sound backup named, and how to restore it."""
    backup = sound_backup(path)
    head = f"Cơ sở dữ liệu {path} bị hỏng (SQLite: {detail}). Ranoat không ghi gì vào tệp này."
    if backup is None:
        advice = (
            f" Không có bản sao lưu tự động nào còn tốt trong {backup_dir_for(path)}. Hãy giữ nguyên tệp hỏng, "
            "mở bản sao bạn đã lưu ở nơi khác (Tệp → Mở…) hoặc nhập lại tệp Excel đã xuất gần nhất vào một cơ sở dữ "
            "liệu mới, và nhờ cán bộ kỹ thuật kiểm tra ổ đĩa."
        )
    else:
        when = dt.datetime.fromtimestamp(backup.stat().st_mtime)
        advice = (
            f" Hãy khôi phục từ bản sao lưu {backup} (sao lưu lúc {when:%H:%M %d/%m/%Y}; những gì sửa sau lúc đó "
            f"phải nhập lại): mở Ranoat và chọn “Khôi phục” khi được hỏi; hoặc làm bằng tay — đóng mọi cửa sổ "
            f"Ranoat, đổi tên tệp hỏng {path.name} thành {path.stem}-hong{path.suffix} (giữ lại để kiểm tra), xoá "
            f"các tệp {path.name}-wal và {path.name}-shm nếu có, rồi chép bản sao lưu vào thư mục {path.parent} "
            f"với tên {path.name}."
        )
    return DatabaseCorruptError(head + advice, path, backup)


def list_backups(path: Path) -> list[Path]:
    """Backups of a database, newest first."""
    directory = backup_dir_for(path)
    if not directory.is_dir():
        return []
    return sorted(directory.glob("*.sqlite3"), key=lambda p: p.stat().st_mtime_ns, reverse=True)


def open_database(path: Path, *, create: bool = False, user: str = "cán bộ", backup: bool = True) -> Database:
    """Open (or with ``create``, create) a commune database, upgrading it after a backup.

    ``create``: a missing file is built aside and moved into place complete (`build_database`); if
    another process created it meanwhile, that database is opened (its lock decides). ``backup``
    False: no backup on opening, for a caller that makes its own right before it changes anything
    (an upgrade still makes one first: it changes the file).
    """
    path = Path(path)
    remove_leftovers()  # partial files of exports and merges that a kill left anywhere (files.PartialNote)
    fresh = False
    if not path.exists():
        if not create:
            raise DatabaseError(f"Không tìm thấy cơ sở dữ liệu {path}.")
        fresh = _create(path, user)
    return _open(path, user=user, backup=backup and not fresh)


def _create(path: Path, user: str) -> bool:
    """A new, empty database at ``path``; False when another process created one there meanwhile."""
    try:
        with build_database(path, user=user) as new:
            new.publish()
    except DatabaseExistsError:
        return False
    return True


def _lock_path(path: Path) -> str:
    """The lock beside the real file: opened through a symbolic link, the file takes the same lock."""
    return os.path.realpath(path) + ".lock"


_READ_ONLY = {errno.EACCES, errno.EPERM, errno.EROFS}


def read_only_error(path: Path, exc: OSError | None, *, folder: bool) -> DatabaseReadOnlyError:
    """The message for a database that may not be written: the file, its folder or its file system."""
    if exc is not None and exc.errno == errno.EROFS:
        return DatabaseReadOnlyError(
            f"Cơ sở dữ liệu {path} nằm trên ổ đĩa chỉ đọc (đĩa CD/DVD, USB hay thẻ nhớ bị khoá ghi, thư mục chia "
            "sẻ chỉ đọc): Ranoat không mở nó và không thay đổi gì. Hãy chép tệp vào một thư mục ghi được trên máy "
            "(ví dụ Tài liệu) rồi mở bản chép, hoặc gạt khoá ghi của USB/thẻ nhớ."
        )
    if folder:
        return DatabaseReadOnlyError(
            f"Cơ sở dữ liệu {path} nằm trong thư mục chỉ đọc {path.parent}: Ranoat cần ghi bên cạnh tệp (nhật ký "
            "ghi, khoá, bản sao lưu) nên không mở nó và không thay đổi gì. Hãy chép tệp vào một thư mục ghi được "
            "(ví dụ Tài liệu) rồi mở bản chép, hoặc xin quyền ghi vào thư mục đó."
        )
    return DatabaseReadOnlyError(
        f"Cơ sở dữ liệu {path} là tệp chỉ đọc (thuộc tính “Chỉ đọc”, hoặc tài khoản này không có quyền ghi): Ranoat "
        "không mở nó và không thay đổi gì. Hãy bỏ thuộc tính chỉ đọc của tệp (chuột phải vào tệp → Thuộc tính → bỏ "
        "chọn “Chỉ đọc”), hoặc chép tệp vào một thư mục ghi được rồi mở bản chép."
    )


def _locked_error(path: Path) -> DatabaseLockedError:
    return DatabaseLockedError(
        f"Cơ sở dữ liệu {path} đang được mở trong một cửa sổ Ranoat khác. Hãy dùng cửa sổ đó, hoặc đóng nó rồi mở lại."
    )


def _folder_writable(folder: Path) -> bool:
    try:
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError:
        return False


class DatabaseLock:
    """The lock of an open database: an OS lock on the database file itself (`IdentityLock`: it
    follows the file through a symbolic or hard link and survives a deleted lock file) and the
    `.lock` file beside the real file (the one earlier Ranoat versions take). Either held elsewhere
    refuses the open; a killed process's locks go with it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.file = IdentityLock(path)
        self.beside = FileLock(_lock_path(path))

    def acquire(self) -> None:
        try:
            self.file.acquire()
        except FileHeldError:
            raise _locked_error(self.path) from None
        except OSError as exc:
            if exc.errno in _READ_ONLY:
                raise read_only_error(self.path, exc, folder=False) from exc
            raise
        try:
            self.beside.acquire(timeout=0)
        except Timeout as exc:
            self.file.release()
            if not _folder_writable(self.path.parent):  # on Windows filelock reports a denied .lock as held
                raise read_only_error(self.path, None, folder=True) from exc
            raise _locked_error(self.path) from exc
        except OSError as exc:
            self.file.release()
            if exc.errno in _READ_ONLY:
                raise read_only_error(self.path, exc, folder=True) from exc
            raise

    def release_file(self) -> None:
        """Only the lock on the file (kept: the `.lock`), before the file itself is renamed or replaced
        (Windows refuses that while a handle is open)."""
        self.file.release()

    def release(self) -> None:
        self.file.release()
        self.beside.release()


def _refuse_read_only(path: Path) -> None:
    """A database that could not be written is refused before anything is read or written: a
    read-only file (attribute or permissions), folder (SQLite writes its -wal beside the file) or file
    system. No handle is opened: closing one would drop the locks SQLite holds in this process."""
    if not os.access(path, os.W_OK):
        erofs = sys.platform != "win32" and os.statvfs(path).f_flag & os.ST_RDONLY != 0
        raise read_only_error(path, OSError(errno.EROFS, "read-only") if erofs else None, folder=False)
    if not _folder_writable(path.parent):
        raise read_only_error(path, None, folder=True)


def _open(path: Path, *, user: str, backup: bool) -> Database:
    exists = path.exists() and path.stat().st_size > 0
    if exists:
        _refuse_read_only(path)
        _checked_revision(path)  # before the lock: a file that is not ours gets no .lock beside it
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = DatabaseLock(path)
    lock.acquire()
    try:
        database = _open_locked(path, lock, exists=exists, user=user, backup=backup)
    except BaseException:
        lock.release()
        raise
    return database


@dataclass
class NewDatabase:
    """A database being built by `build_database`: ``database`` is open on its temporary file."""

    path: Path  # where it goes once complete
    database: Database
    published: bool = False

    def publish(self) -> None:
        """Close the database and give it its name, unless a file took that name meanwhile.

        Everything is in the main file first (WAL checkpointed and removed on the last close, the
        file synced). The name is then a hard link, which fails if the target exists: a database
        someone else created meanwhile is never overwritten (`DatabaseExistsError`). The lock of
        the temporary file is held until `build_database` has removed its folder.
        """
        self.database.wait_for_backup()
        self.database.engine.dispose()
        self.database.lock.release_file()  # Windows renames no file held open; the `.lock` stays
        temporary = self.database.path
        with sqlite3.connect(temporary) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.close()  # the last connection: SQLite removes the -wal file
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        _link_new(temporary, self.path)
        self.published = True


def _link_new(source: Path, target: Path) -> None:
    """``source`` under the name ``target``, never over an existing file."""
    exists = DatabaseExistsError(
        f"Tệp {target} đã có trong lúc tạo cơ sở dữ liệu mới (có lẽ một lần nhập hay một cửa sổ Ranoat khác "
        "vừa tạo nó): không ghi đè, chưa ghi gì vào tệp đó."
    )
    try:
        os.link(source, target)
    except FileExistsError:
        raise exists from None
    except OSError:
        # A file system without hard links (FAT, some network shares). On Windows a rename never
        # replaces a file; elsewhere the check and the rename are a moment apart.
        if os.name != "nt" and os.path.lexists(target):
            raise exists from None
        try:
            os.rename(source, target)
        except FileExistsError:
            raise exists from None
    if os.name != "nt":  # the new name survives a power cut
        directory = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


@contextmanager
def build_database(path: Path, *, user: str = "cán bộ") -> Iterator[NewDatabase]:
    """A new database for ``path``, built in a temporary folder of its own beside it.

    Fill ``database`` inside the block and call `NewDatabase.publish` when it is complete; leaving
    the block otherwise (an error, a refusal, no publish) removes the temporary folder — its own
    files only: nothing at ``path`` is ever touched. Refused at once if ``path`` exists.
    """
    path = Path(path)
    if os.path.lexists(path):
        raise DatabaseExistsError(f"Tệp {path} đã tồn tại; chọn tên khác (không ghi đè dữ liệu).")
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_builds(path)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{path.name}-", suffix=BUILDING_SUFFIX, dir=path.parent))
    except OSError as exc:
        if exc.errno in _READ_ONLY:
            raise read_only_error(path, exc, folder=True) from exc
        raise
    try:
        new = NewDatabase(path, _open(staging / path.name, user=user, backup=False))
        try:
            yield new
        finally:
            new.database.close()
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _remove_abandoned_builds(path: Path) -> None:
    """The temporary folders of builds of ``path`` that died (a crash, a kill): unlocked, and
    unchanged for an hour (a build holds its lock from just after its folder is made to the end)."""
    cutoff = time.time() - ABANDONED_AFTER_SECONDS
    for staging in path.parent.glob(f".{glob.escape(path.name)}-*{BUILDING_SUFFIX}"):
        try:
            if not staging.is_dir() or staging.stat().st_mtime > cutoff:
                continue
        except OSError:
            continue
        lock = FileLock(_lock_path(staging / path.name))
        try:
            lock.acquire(timeout=0)
        except Timeout:
            continue  # still being built
        try:
            shutil.rmtree(staging, ignore_errors=True)
        finally:
            lock.release()


def open_snapshot(path: Path, folder: Path, *, user: str = "cán bộ") -> Database:
    """A consistent copy of the database ``path`` in ``folder``, opened (and upgraded there if need
    be): for a check that must not change anything of the original — no lock, no backup, no upgrade."""
    path = Path(path)
    if not (path.exists() and path.stat().st_size > 0):
        raise DatabaseError(f"Không tìm thấy cơ sở dữ liệu {path}.")
    _checked_revision(path)
    copy = Path(folder) / path.name
    backup_file(path, copy)
    return _open(copy, user=user, backup=False)


def _remove_partial_backups(path: Path) -> None:
    """Copies left half-written by a crash, with the rollback journals SQLite kept beside them: the
    backups', and a restore's copy beside the file itself (under the lock no backup or restore of
    this file is running). A kill -9 campaign found the journals and the restore's copy left
    behind for ever (bench/bench_kill.py, docs/reliability.md)."""
    leftovers = [Path(str(path) + PARTIAL_SUFFIX + journal) for journal in _JOURNALS]
    directory = backup_dir_for(path)
    if directory.is_dir():
        for journal in _JOURNALS:
            leftovers += directory.glob(f"*{PARTIAL_SUFFIX}{journal}")
    for partial in leftovers:
        partial.unlink(missing_ok=True)


_JOURNALS = ("", "-journal", "-wal", "-shm")  # a file's name, and SQLite's files beside it


def _checked_revision(path: Path) -> str | None:
    """The revision of an existing file; refused if it is not a Ranoat database or is too new."""
    revision = _inspect(path)
    if revision not in known_revisions() and revision is not None:
        raise DatabaseTooNewError(
            f"Cơ sở dữ liệu {path} được tạo bởi phiên bản Ranoat mới hơn (lược đồ {revision}). "
            "Hãy cập nhật Ranoat; tệp không bị thay đổi."
        )
    return revision


def _open_locked(path: Path, lock: DatabaseLock, *, exists: bool, user: str, backup: bool) -> Database:
    made: list[Path] = []
    open_backup: _OpenBackup | None = None
    if exists:
        revision = _checked_revision(path)  # again under the lock: the file may have changed
        _remove_partial_backups(path)
        target = _backup_target(path, "open")
        if revision == head_revision():
            # Nothing will change on opening: copy on a thread while the window opens.
            if backup:
                open_backup = _OpenBackup(path, target)
        else:
            # An upgrade will change the file: the copy must be complete first.
            _keep_backup(path, target)
            made.append(target)
    engine = _engine(path)
    try:
        _migrate(engine)
    except Exception as exc:
        engine.dispose()
        if open_backup is not None:
            open_backup.wait()
        mapped = storage_error(path, getattr(exc, "orig", None))  # a full disk, a damaged file
        if mapped is not None:
            raise mapped from exc
        raise DatabaseError(
            f"Không nâng cấp được cơ sở dữ liệu {path}: {exc.__class__.__name__}. Tệp được giữ nguyên; "
            f"bản sao lưu trước khi mở nằm trong {backup_dir_for(path)}."
        ) from exc
    install_audit()
    return Database(path=path, engine=engine, lock=lock, user=user, made_backups=made, open_backup=open_backup)


def _migrate(engine: Engine) -> None:
    """Mark the file and bring the schema to head in one transaction, if it is not there yet.

    Foreign keys are switched off around it (SQLite only allows that outside a transaction), as
    SQLite's guide to schema changes asks: Alembic's batch mode rebuilds a table by copying it,
    which a referencing table would otherwise forbid. `foreign_key_check` then proves the result
    consistent before the commit. A file already at head is not written to and not checked again
    (the check reads every referencing row: ~45 ms on a 50,000-household commune).
    """
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with connection.begin():
                marked = connection.exec_driver_sql("PRAGMA application_id").scalar() == APPLICATION_ID
                before = MigrationContext.configure(connection).get_current_revision()
                if marked and before == head_revision():
                    return
                connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
                config = _alembic_config()
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise DatabaseError(f"Dữ liệu sau khi nâng cấp không nhất quán: {broken[:5]}")
        finally:
            raw.execute("PRAGMA foreign_keys = ON")


def _inspect(path: Path) -> str | None:
    """The Alembic revision of an existing file; refuse files that are not Ranoat databases."""
    with open(path, "rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            if list_backups(path):  # it was a Ranoat database: backups of it were made
                raise corrupt_error(path, "phần đầu tệp không còn là của một cơ sở dữ liệu SQLite")
            raise NotARanoatDatabaseError(f"Tệp {path} không phải cơ sở dữ liệu SQLite (Ranoat).")
    try:
        connection = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise NotARanoatDatabaseError(f"Không mở được {path}: {exc}.") from exc
    try:
        (application_id,) = connection.execute("PRAGMA application_id").fetchone()
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if application_id != APPLICATION_ID:
            if not tables:
                return None  # an empty SQLite file (e.g. a first creation that failed): set it up
            raise NotARanoatDatabaseError(f"Tệp {path} không phải cơ sở dữ liệu Ranoat.")
        if "alembic_version" not in tables:
            return None
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        return str(row[0]) if row else None
    except sqlite3.DatabaseError as exc:
        mapped = storage_error(path, exc)
        if isinstance(mapped, DatabaseCorruptError) and list_backups(path):
            raise mapped from exc
        raise NotARanoatDatabaseError(f"Tệp {path} không phải cơ sở dữ liệu SQLite hợp lệ: {exc}.") from exc
    finally:
        connection.close()


def current_revision(database: Database) -> str | None:
    with database.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def restore_backup(backup: Path, path: Path, *, damaged: bool = False) -> Path | None:
    """Replace a (closed) database with a backup, after keeping a copy of the current file.

    The copy is a backup (`…-before-restore.sqlite3`); for a ``damaged`` file, which SQLite may not
    be able to read, the file's bytes as they are (with its -wal) go to `…-damaged.sqlite3.hong` in
    the backups folder, which is never offered as a backup nor pruned. The copy's path is returned.
    Refused while the database is open anywhere (through any link).
    """
    path = Path(path)
    if not path.exists():
        _inspect(backup)
        backup_file(backup, path)
        return None
    lock = DatabaseLock(path)
    try:
        lock.acquire()
    except DatabaseLockedError as exc:
        raise DatabaseLockedError(f"Hãy đóng cơ sở dữ liệu {path} trước khi khôi phục.") from exc
    lock.release_file()  # nobody has it open; Windows replaces no file held open (the `.lock` stays)
    try:
        _inspect(backup)
        stamp = f"{dt.datetime.now():%Y%m%d-%H%M%S-%f}"
        if damaged:
            kept = backup_dir_for(path) / f"{path.stem}-{stamp}-damaged{path.suffix}{DAMAGED_SUFFIX}"
            kept.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, kept)
            wal = Path(str(path) + "-wal")
            if wal.exists():
                shutil.copyfile(wal, str(kept) + "-wal")
        else:
            kept = backup_dir_for(path) / f"{path.stem}-{stamp}-before-restore.sqlite3"
            backup_file(path, kept)
        for suffix in ("-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        backup_file(backup, path)
    finally:
        lock.release()
    return kept
