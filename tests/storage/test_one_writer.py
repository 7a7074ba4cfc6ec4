"""One writer per database, whatever name reaches the file (issue #16): the lock is an OS lock on
the database file itself, so a second Ranoat is refused through a symbolic link, a hard link in
another folder, or after the `.lock` beside the file was deleted while the database is open; a
killed writer's lock does not block the next open."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ranoat.storage.database import DatabaseLockedError, open_database, restore_backup
from ranoat.storage.models import Village

SECOND_OPENER = """
import sys
from pathlib import Path
from ranoat.storage.database import DatabaseLockedError, open_database
from ranoat.storage.models import Village
try:
    with open_database(Path(sys.argv[1])) as db, db.session() as session:
        session.add(Village(code="T02", name="Thôn Khuổi Ná"))  # the second writer's edit
except DatabaseLockedError as e:
    print(e)
    sys.exit(3)
except Exception as e:
    print(repr(e))
    sys.exit(4)
sys.exit(0)
"""


def second_writer(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", SECOND_OPENER, str(path)], capture_output=True, text=True, check=False, timeout=120
    )


def refused(path: Path) -> None:
    done = second_writer(path)
    assert done.returncode == 3, (done.stdout, done.stderr)
    assert f"Cơ sở dữ liệu {path} đang được mở trong một cửa sổ Ranoat khác" in done.stdout


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "du-lieu" / "xa.sqlite3"
    with open_database(path, create=True) as db, db.session() as session:
        session.add(Village(code="T01", name="Thôn Nà Pàn"))
    return path


def test_a_second_writer_through_a_symbolic_link_in_another_folder_is_refused(database: Path, tmp_path: Path) -> None:
    link = tmp_path / "o-khac" / "lien-ket.sqlite3"
    link.parent.mkdir()
    link.symlink_to(database)
    with open_database(database):
        refused(link)
    with open_database(link):
        refused(database)


def test_a_second_writer_through_a_hard_link_is_refused(database: Path, tmp_path: Path) -> None:
    other = tmp_path / "o-khac"
    other.mkdir()
    hard = other / "ban-khac.sqlite3"
    os.link(database, hard)
    with open_database(database):
        refused(hard)
    with open_database(hard):
        refused(database)
        with pytest.raises(DatabaseLockedError):  # and in the same process
            open_database(database)
    with open_database(hard) as db, db.session() as session:  # closed: the link opens again
        assert session.scalar(select(func.count()).select_from(Village)) == 1


def test_a_deleted_lock_file_lets_no_second_writer_in(database: Path) -> None:
    lock_file = Path(str(database) + ".lock")
    with open_database(database):
        lock_file.unlink(missing_ok=True)  # someone tidies the folder while the database is open
        refused(database)
        with pytest.raises(DatabaseLockedError, match="trước khi khôi phục"):
            restore_backup(database, database)


def test_a_killed_writer_does_not_block_the_next_open(database: Path) -> None:
    script = (
        "import os, signal, sys\nfrom pathlib import Path\nfrom ranoat.storage.database import open_database\n"
        "db = open_database(Path(sys.argv[1]))\nprint('open', flush=True)\nos.kill(os.getpid(), signal.SIGKILL)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(database)], capture_output=True, text=True, check=False)
    assert done.stdout.strip() == "open"
    assert done.returncode == -signal.SIGKILL
    done = second_writer(database)
    assert done.returncode == 0, (done.stdout, done.stderr)
