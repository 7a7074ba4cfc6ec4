"""Kill a process that is saving surveys, at random moments after its commits, many times.

The writer reports each commit as it happens (a message on a pipe, sent only after the commit); the
clock for the kill starts only once it has reported its first one, so every kill lands among
commits, never during the imports before the first (the writer needs seconds to start on a slow
machine). After every kill the database must pass `PRAGMA integrity_check`, every survey whose
commit the writer reported must be there with the value it wrote (WAL + synchronous=NORMAL survives
an application crash; notes/stack-facts.md), and the application must open the file again
(`open_database`: the killed writer's lock must not block it).

The writers are forked from a multiprocessing fork server that has imported Ranoat once, so each
of them starts in milliseconds; each is still a process of its own, killed with SIGKILL.
`bench/bench_kill.py` runs the same kind of campaign on every write path, many more times.
"""

from __future__ import annotations

import multiprocessing
import random
import signal
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ranoat.demo import create_demo
from ranoat.storage.database import open_database

TRIALS = 20
HOUSEHOLDS = 200

# Run by `exec` in the forked writer (the builtin is what the fork server is asked to call, so no
# test module has to be importable there); `report` is the writer's end of the pipe.
WRITER = r"""
from ranoat.domain.round import RoundKind
from ranoat.domain.survey import SurveyData, SurveyStatus
from ranoat.operations.rounds import create_round
from ranoat.operations.surveys import save_survey
from ranoat.rules.rulebook import load_all
from ranoat.storage.database import open_database

books = load_all()
db = open_database(path)
with db.session() as session:
    round_id = create_round(session, year=2026 + start // 12, kind=RoundKind.REGULAR, month=start % 12 + 1,
                            standard_id="2022-2025", rulebooks=books).id
report.send(("round", round_id))
n = 0
while True:
    household = n % households + 1
    b1 = float((start * 7 + n) % 250)
    with db.session() as session:
        save_survey(session, round_id=round_id, household_id=household,
                    data=SurveyData(b1=b1, lacking=["employment"], status=SurveyStatus.DRAFT), rulebooks=books)
    report.send(("saved", household, b1))  # sent only after the commit
    n += 1
"""

PRELOAD = [
    "ranoat.domain.household",
    "ranoat.operations.register",
    "ranoat.rules.rulebook",
    "ranoat.storage.database",
]


def _received(connection: Connection) -> list[tuple[Any, ...]]:
    """Every complete message the killed writer sent (one cut off by the kill ends the list)."""
    messages: list[tuple[Any, ...]] = []
    while True:
        try:
            messages.append(connection.recv())
        except (EOFError, OSError):
            return messages


def test_killed_writers_never_corrupt_or_lose_committed_surveys(tmp_path: Path) -> None:
    path = tmp_path / "xa.sqlite3"
    create_demo(path, households=HOUSEHOLDS, seed=4)
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    rng = random.Random(20261128)
    committed_per_trial: list[int] = []
    for attempt in range(TRIALS):
        receiver, sender = context.Pipe(duplex=False)
        writer = context.Process(
            target=exec,
            args=(WRITER, {"path": path, "start": attempt, "households": HOUSEHOLDS, "report": sender}),
            daemon=True,
        )
        writer.start()
        sender.close()  # the writer holds the only sending end: its death ends the stream
        messages: list[tuple[Any, ...]] = []
        try:
            # The clock starts at the first reported commit (the round), not at the process start.
            assert receiver.poll(120), f"attempt {attempt}: the writer reported no commit within 120 s"
            messages.append(receiver.recv())
            assert receiver.poll(60), f"attempt {attempt}: the writer saved no survey within 60 s"
            messages.append(receiver.recv())
            time.sleep(rng.uniform(0.0, 0.4))  # it keeps committing meanwhile
        finally:
            writer.kill()
            writer.join(30)
        assert writer.exitcode == -signal.SIGKILL, f"attempt {attempt}: the writer ended on its own ({writer.exitcode})"
        messages += _received(receiver)
        receiver.close()

        assert messages[0][0] == "round"
        round_id = messages[0][1]
        saves = [(household, b1) for kind, household, b1 in messages[1:] if kind == "saved"]
        assert saves, f"attempt {attempt}: killed before its first reported survey"
        committed: dict[int, float] = {}
        for household, b1 in saves:
            committed[household] = b1
        committed_per_trial.append(len(saves))

        # The application opens the file again; the killed writer's lock does not block it.
        with open_database(path) as database, database.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").fetchall() == [("ok",)]
            stored: dict[int, float] = dict(
                connection.exec_driver_sql(
                    "SELECT household_id, b1 FROM survey WHERE round_id = ?", (round_id,)
                ).fetchall()
            )
        # The write after the last reported one may have committed just before the kill.
        maybe_newer = saves[-1][0] % HOUSEHOLDS + 1
        for household, b1 in committed.items():
            assert household in stored, f"attempt {attempt}: committed survey of household {household} lost"
            if household != maybe_newer:
                assert stored[household] == b1, f"attempt {attempt}: household {household} has a wrong B1"
        # Nothing stored that was not written: at most the one write in flight when killed.
        assert set(stored) <= set(committed) | {maybe_newer}, f"attempt {attempt}: surveys nobody wrote"

    # Every kill landed after commits; most of them after many (the campaign is not all first saves).
    assert len(committed_per_trial) == TRIALS
    assert all(count >= 1 for count in committed_per_trial)
    assert sum(count > 5 for count in committed_per_trial) >= TRIALS // 2, committed_per_trial


def test_open_removes_what_a_killed_backup_or_restore_left(tmp_path: Path) -> None:
    """The files bench/bench_kill.py found left for ever after a kill -9: a backup's half copy and its
    rollback journal in the backups folder, and a restore's half copy (and journal) beside the
    database. None is under a final name; the application removes them when it opens the file."""
    from ranoat.storage.database import backup_dir_for, list_backups

    path = tmp_path / "xa.sqlite3"
    create_demo(path, households=5, seed=1)
    folder = backup_dir_for(path)
    folder.mkdir(parents=True, exist_ok=True)
    left = [
        folder / "xa-20261207-054622-925469-manual.sqlite3.partial",
        folder / "xa-20261207-054622-925469-manual.sqlite3.partial-journal",
        folder / "xa-20261207-054623-000001-before-restore.sqlite3.partial-journal",
        tmp_path / "xa.sqlite3.partial",
        tmp_path / "xa.sqlite3.partial-journal",
    ]
    for leftover in left:
        leftover.write_bytes(b"half a copy left by a kill")
    kept = tmp_path / "other.sqlite3.partial"  # another database's: not this file's to remove
    kept.write_bytes(b"not ours")
    backups = set(list_backups(path))
    with open_database(path):
        pass
    assert [p.name for p in left if p.exists()] == []
    assert kept.exists()
    assert backups <= set(list_backups(path)), "the complete backups are kept"
