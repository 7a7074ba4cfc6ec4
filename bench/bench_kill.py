"""Kill -9 campaign: every write path of Ranoat, killed at random moments, then checked (issue #11).

    uv run python bench/bench_kill.py                                  # 50 trials on each path
    uv run python bench/bench_kill.py --trials 10 --paths survey export --households 300

Not a timed test: a script, like the others in bench/. Each trial starts a writer in a process of
its own, kills it with SIGKILL at a random moment of its work, and checks what it left:

- **survey**: `save_survey` through a real `Database`, in a loop; the writer reports each commit
  on a pipe after it; the kill comes 0–1 s after the first reported commit. Every reported survey
  must be there with the value written, nothing unwritten may be there.
- **import-list**: `ranoat import --db DB LIST.xlsx` of the commune's list (official layout) into
  a database with the commune and no households. Either all of the file's households and members
  are there or none; a second `ranoat import` of the same file then succeeds and gives them all.
- **import-exchange**: `ranoat import --db NEW.sqlite3 EXCHANGE.xlsx` into a database that does not
  exist yet (the command creates it). Either no database, or one that opens with all or none of the
  households; a second import then succeeds and gives them all.
- **export**: `ranoat export --db DB --out FILE.xlsx`, on every other trial over an earlier export
  under the same name. The file either does not exist or is a complete workbook that
  `read_exchange` verifies (checksum, row counts) with all the households.
- **merge**: `ranoat merge A.xlsx B.xlsx C.xlsx --out MERGED.xlsx`. The output either does not exist
  or `read_exchange` verifies it with every commune's households and members.
- **backup**: `Database.backup` in a loop; the kill comes 0–1 s after the first reported copy.
  The reported copies are there (the newest ones: older ones are pruned), every `*.sqlite3` under
  its final name is a complete database with every household, and `open_database` removes any
  half-written `.partial`.
- **restore**: `restore_backup` of a second, different database over one that a crashed survey
  writer has just left with its last commits in the WAL (killed 0–0.3 s after its first commit).
  The file is either the restored database, whole, or the old one with every survey the crashed
  writer reported; the copy made before restoring, once under its final name, has them all too.

After every kill, on every path: `PRAGMA integrity_check` is "ok" for every database involved, and
the application opens it again with `open_database` (which must not be blocked by the killed
process's lock). Files left beside an output by the kill (temporary `.partial` files, never under
the final name) are counted in the table, then removed.

The writers run in processes forked from a multiprocessing fork server that has imported Ranoat
once (the commands through `ranoat.cli.main`, the function the `ranoat` console script calls, with
the same arguments), so a trial does not spend seconds on imports before the work the kill must
hit. For the commands and the restore, the clock starts when the writer reports it has begun; the
duration of three uninterrupted runs is measured first ("calibration", the median kept), and the
kill comes at a random moment: for half the trials anywhere in 0–1.1 × that duration, for the
other half in its last 40 % (0.6–1.1 ×: the backup, the transaction, the workbook's close and
rename). Runs that end before their kill are counted ("finished first") and checked the same way.
Temporary files are counted once the application has opened the database again.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import multiprocessing
import os
import random
import re
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from bench_import import empty_commune, write_official_list
from benchutil import bench_env, markdown_table, print_machine_facts, print_section, ranoat_command

from ranoat.excel.reader import ExchangeError, read_exchange
from ranoat.storage.database import DatabaseError, open_database

PATHS = ("survey", "import-list", "import-exchange", "export", "merge", "backup", "restore")
LOOP_WINDOW = 1.0  # seconds after the first reported commit in which the loop writers are killed
PRELOAD = [
    "ranoat.cli",
    "ranoat.domain.household",
    "ranoat.excel.exchange",
    "ranoat.excel.reader",
    "ranoat.operations.import_apply",
    "ranoat.merge",
    "ranoat.operations.export",
    "ranoat.operations.importing",
    "ranoat.operations.register",
    "ranoat.rules.rulebook",
    "ranoat.storage.database",
    "python_calamine",
    "xlsxwriter",
    "openpyxl",
]

# The writers, run by `exec` in a process forked from the fork server; `report` is the sending end
# of a pipe, `log` a file for the writer's own output.
COMMAND = r"""
import sys
from ranoat.cli import main
with open(log, "a", encoding="utf-8") as out:
    sys.stdout = sys.stderr = out
    report.send(("start",))
    status = main(argv)
    out.flush()
report.send(("done", status))
"""

SURVEYS = r"""
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
    report.send(("commit", household, b1))  # sent only after the commit
    n += 1
"""

BACKUPS = r"""
from ranoat.storage.database import open_database

db = open_database(path)
db.wait_for_backup()
report.send(("start",))
while True:
    target = db.backup("manual")
    report.send(("commit", str(target)))  # sent once the copy is complete under its final name
"""

RESTORE = r"""
from ranoat.storage.database import restore_backup

report.send(("start",))
restore_backup(source, path)
report.send(("done", None))
"""


@dataclass
class Trial:
    path: str
    killed: bool  # False: the writer had finished (or failed) before the kill came
    delay: float  # seconds from the clock's start to the kill
    commits: int  # commits the writer reported before the kill (loops); 1 for a finished command
    outcome: str
    stray: list[str]  # files left beside the output (temporary names), removed after listing
    failures: list[str] = field(default_factory=list)


@dataclass
class Setup:
    folder: Path
    households: int
    members: int
    demo: Path  # the commune database (N households), never written by a trial
    half: Path  # a second, different database (for restore), never written by a trial
    half_households: int
    template: Path  # the commune and its villages, no households (for the list import)
    official: Path  # the commune's list, official layout
    exchange: Path  # the commune's exchange workbook
    communes: list[Path]  # three communes' exchange workbooks (for merge)
    commune_households: int
    commune_members: int


# ----------------------------------------------------------------------------- checks
def integrity(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return f"{path.name}: {exc}"
    finally:
        connection.close()
    return "" if rows == [("ok",)] else f"{path.name}: integrity_check {rows[:3]}"


def counts(path: Path) -> tuple[int, int]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        households = connection.execute("SELECT count(*) FROM household").fetchone()[0]
        members = connection.execute("SELECT count(*) FROM member").fetchone()[0]
    finally:
        connection.close()
    return int(households), int(members)


def reopens(path: Path) -> str:
    """The application opens the file again (the killed writer's lock must not stop it)."""
    try:
        with open_database(path):
            pass
    except DatabaseError as exc:
        return f"open_database: {exc}"
    return ""


def database_checks(path: Path) -> list[str]:
    return [problem for problem in (integrity(path), reopens(path)) if problem]


def backups_checks(folder: Path, households: int) -> list[str]:
    """Every backup under its final name is a whole database with every household."""
    problems: list[str] = []
    for backup in sorted((folder / "backups").rglob("*.sqlite3")):
        problem = integrity(backup)
        if problem:
            problems.append(f"backup {problem}")
            continue
        found = counts(backup)[0]
        if found != households:
            problems.append(f"backup {backup.name}: {found} households, expected {households}")
    return problems


def stray_files(folder: Path) -> list[str]:
    """Temporary files the kill left (never under a final name), their names with the time stamps
    and random parts as *; removed after listing."""
    found = [p for p in folder.rglob("*") if p.is_file() and ".partial" in p.name]
    names = []
    for p in found:
        name = re.sub(r"-\d{8}-\d{6}-\d{6}-", "-*-", p.relative_to(folder).as_posix())
        names.append(re.sub(r"^(.*/)?(\.[^/]+?-)[A-Za-z0-9_]{8}(\.xlsx\.partial)$", r"\1\2*\3", name))
        p.unlink()
    return names


def workbook_check(path: Path, households: int, members: int) -> str:
    try:
        book = read_exchange(path)
    except ExchangeError as exc:
        return f"partial or invalid workbook under its final name: {exc}"
    if (len(book.households), len(book.members)) != (households, members):
        found = f"{len(book.households)} households, {len(book.members)} members"
        return f"{path.name}: {found}, expected {households}, {members}"
    return ""


def rerun_import(database: Path, workbook: Path, households: int, members: int) -> str:
    """The officer runs the same import again after the crash: it must succeed and give them all."""
    from ranoat.cli import main

    with contextlib.redirect_stdout(io.StringIO()) as out, contextlib.redirect_stderr(out):
        status = main(["import", "--db", str(database), str(workbook)])
    if status != 0:
        return f"import again: exit {status}: {out.getvalue().strip()[-300:]}"
    found = counts(database)
    if found != (households, members):
        return f"import again: {found[0]} households, {found[1]} members, expected {households}, {members}"
    return ""


def remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    shutil.rmtree(path.parent / "backups", ignore_errors=True)


# ----------------------------------------------------------------------------- running a writer
class Writer:
    """One writer forked from the fork server, reporting on a pipe."""

    def __init__(self, context: Any, code: str, **names: Any) -> None:
        self._receiver, sender = context.Pipe(duplex=False)
        self.process = context.Process(target=exec, args=(code, {**names, "report": sender}), daemon=True)
        self.process.start()
        sender.close()  # the writer holds the only sending end: its death ends the stream
        self.messages: list[tuple[Any, ...]] = []

    def wait_for(self, kind: str, timeout: float = 120.0) -> bool:
        """Wait for the first message of ``kind``; False if the writer ended or said nothing."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self._receiver.poll(max(0.0, deadline - time.monotonic())):
                return False
            try:
                message = self._receiver.recv()
            except (EOFError, OSError):
                return False
            self.messages.append(message)
            if message[0] == kind:
                return True
        return False

    def kill_after(self, delay: float) -> bool:
        """Kill it after ``delay`` seconds; True if it was still running when killed."""
        time.sleep(delay)
        self.process.kill()
        self.process.join(30)
        killed = bool(self.process.exitcode == -signal.SIGKILL)
        self.messages += _drain(self._receiver)
        self._receiver.close()
        return killed

    def of(self, kind: str) -> list[tuple[Any, ...]]:
        return [m for m in self.messages if m[0] == kind]


def _drain(connection: Connection) -> list[tuple[Any, ...]]:
    messages: list[tuple[Any, ...]] = []
    while True:
        try:
            if not connection.poll(0):
                return messages
            messages.append(connection.recv())
        except (EOFError, OSError):
            return messages


def run_once(context: Any, code: str, delay: float | None, **names: Any) -> tuple[bool, float, Any]:
    """Run a writer that reports ("start",) then ("done", result); kill it ``delay`` s after its
    start (None: let it finish). Returns (killed before done, seconds to the kill or the end, result
    or None)."""
    writer = Writer(context, code, **names)
    if not writer.wait_for("start"):
        raise RuntimeError(f"the writer did not start: {names}")
    started = time.monotonic()
    if delay is None:
        writer.wait_for("done", timeout=600)
        elapsed = time.monotonic() - started
        killed = writer.kill_after(0)
    else:
        killed = writer.kill_after(delay)
        elapsed = delay
    done = writer.of("done")
    return killed and not done, elapsed, done[0][1] if done else None


def run_command(context: Any, argv: list[str], log: Path, delay: float | None) -> tuple[bool, float, int | None]:
    """Run a `ranoat` command (``ranoat.cli.main(argv)``); killed or not, and its exit status if it ended."""
    killed, elapsed, status = run_once(context, COMMAND, delay, argv=argv, log=str(log))
    return killed, elapsed, status


# ----------------------------------------------------------------------------- the paths
def crashed_writer(
    context: Any, path: Path, number: int, households: int, window: float
) -> tuple[bool, float, int, list[tuple[int, float]]]:
    """Save surveys into ``path`` until killed, ``window`` s at most after the first reported commit;
    returns (killed, delay, round id, the (household, B1) commits reported, in order)."""
    writer = Writer(context, SURVEYS, path=path, start=number, households=households)
    if not writer.wait_for("commit"):
        raise RuntimeError("the survey writer reported no commit")
    delay = random.uniform(0, window)
    killed = writer.kill_after(delay)
    (round_id,) = writer.of("round")[0][1:]
    return killed, delay, round_id, [(m[1], m[2]) for m in writer.of("commit")]


def surveys_checks(path: Path, round_id: int, saves: list[tuple[int, float]], households: int) -> list[str]:
    """Every reported survey is there with its value, and nothing nobody wrote."""
    connection = sqlite3.connect(path)
    try:
        stored = dict(connection.execute("SELECT household_id, b1 FROM survey WHERE round_id = ?", (round_id,)))
    finally:
        connection.close()
    committed = dict(saves)
    maybe_newer = saves[-1][0] % households + 1  # the write in flight may have committed
    lost = [h for h in committed if h not in stored]
    wrong = [h for h, b1 in committed.items() if h in stored and h != maybe_newer and stored[h] != b1]
    unwritten = set(stored) - set(committed) - {maybe_newer}
    failures = []
    if lost:
        failures.append(f"{path.name}: committed surveys lost: households {lost[:10]} of {len(committed)}")
    if wrong:
        failures.append(f"{path.name}: wrong B1 stored: households {wrong[:10]}")
    if unwritten:
        failures.append(f"{path.name}: surveys nobody wrote: {sorted(unwritten)[:10]}")
    return failures


def trial_survey(context: Any, setup: Setup, work: Path, number: int) -> Trial:
    path = work / "xa.sqlite3"
    if not path.exists():
        shutil.copy(setup.demo, path)
    killed, delay, round_id, saves = crashed_writer(context, path, number, setup.households, LOOP_WINDOW)
    failures = database_checks(path)
    failures += surveys_checks(path, round_id, saves, setup.households)
    shutil.rmtree(work / "backups", ignore_errors=True)  # the checks' own open backups
    return Trial("survey", killed, delay, len(saves), "commits kept", stray_files(work), failures)


def _import_outcome(path: Path, setup: Setup, failures: list[str]) -> str:
    households, members = counts(path)
    if (households, members) == (0, 0):
        return "none"
    if (households, members) == (setup.households, setup.members):
        return "all"
    failures.append(f"half-import: {households} households, {members} members of {setup.households}, {setup.members}")
    return "HALF"


def trial_import_list(context: Any, setup: Setup, work: Path, delay: float | None) -> Trial:
    target = work / "xa.sqlite3"
    remove_database(target)
    shutil.copy(setup.template, target)
    argv = ["import", "--db", str(target), str(setup.official)]
    killed, elapsed, status = run_command(context, argv, work / "log.txt", delay)
    failures = database_checks(target)
    outcome = _import_outcome(target, setup, failures) if not failures else "broken"
    if status is not None and status != 0:
        failures.append(f"the import failed on its own: exit {status}")
    if status == 0 and outcome != "all":
        failures.append(f"the import reported success with {outcome} of the households")
    failures += backups_checks_import(work)
    stray = stray_files(work)
    problem = rerun_import(target, setup.official, setup.households, setup.members)
    if problem:
        failures.append(problem)
    return Trial("import-list", killed, elapsed, 0 if killed else 1, outcome, stray, failures)


def backups_checks_import(work: Path) -> list[str]:
    """The backups an import makes are copies of the database before the import (whole ones)."""
    problems: list[str] = []
    for backup in sorted((work / "backups").rglob("*.sqlite3")):
        problem = integrity(backup)
        if problem:
            problems.append(f"backup {problem}")
    return problems


def trial_import_exchange(context: Any, setup: Setup, work: Path, delay: float | None) -> Trial:
    target = work / "new.sqlite3"
    remove_database(target)
    argv = ["import", "--db", str(target), str(setup.exchange)]
    killed, elapsed, status = run_command(context, argv, work / "log.txt", delay)
    failures: list[str] = []
    if not target.exists():
        outcome = "no database"
    else:
        failures += database_checks(target)
        outcome = _import_outcome(target, setup, failures) if not failures else "broken"
        if outcome == "none":
            outcome = "empty database"
    if status is not None and status != 0:
        failures.append(f"the import failed on its own: exit {status}")
    if status == 0 and outcome != "all":
        failures.append(f"the import reported success with {outcome}")
    failures += backups_checks_import(work)
    stray = stray_files(work)
    problem = rerun_import(target, setup.exchange, setup.households, setup.members)
    if problem:
        failures.append(problem)
    return Trial("import-exchange", killed, elapsed, 0 if killed else 1, outcome, stray, failures)


def trial_export(context: Any, setup: Setup, work: Path, number: int, delay: float | None) -> Trial:
    db = work / "xa.sqlite3"
    if not db.exists():
        shutil.copy(setup.demo, db)
    out = work / "xuat.xlsx"
    earlier = work / "earlier.xlsx"
    over = number % 2 == 1 and earlier.exists()
    out.unlink(missing_ok=True)
    if over:
        shutil.copy(earlier, out)
    argv = ["export", "--db", str(db), "--out", str(out)]
    killed, elapsed, status = run_command(context, argv, work / "log.txt", delay)
    failures = database_checks(db)
    if status is not None and status != 0:
        failures.append(f"the export failed on its own: exit {status}")
    if not out.exists():
        outcome = "absent"
        if over:
            failures.append("the earlier export under the same name is gone")
        if status == 0:
            failures.append("the export reported success and wrote nothing")
    else:
        problem = workbook_check(out, setup.households, setup.members)
        if problem:
            failures.append(problem)
        outcome = "earlier kept" if over and out.read_bytes() == earlier.read_bytes() else "complete"
        if not earlier.exists() and not problem:
            shutil.copy(out, earlier)
    shutil.rmtree(work / "backups", ignore_errors=True)  # the opens' backups of the source database
    return Trial("export", killed, elapsed, 0 if killed else 1, outcome, stray_files(work), failures)


def trial_merge(context: Any, setup: Setup, work: Path, delay: float | None) -> Trial:
    out = work / "gop.xlsx"
    out.unlink(missing_ok=True)
    argv = ["merge", *(str(p) for p in setup.communes), "--out", str(out)]
    killed, elapsed, status = run_command(context, argv, work / "log.txt", delay)
    failures: list[str] = []
    if status is not None and status != 0:
        failures.append(f"the merge failed on its own: exit {status}")
    if not out.exists():
        outcome = "absent"
        if status == 0:
            failures.append("the merge reported success and wrote nothing")
    else:
        outcome = "complete"
        problem = workbook_check(out, setup.commune_households, setup.commune_members)
        if problem:
            failures.append(problem)
    return Trial("merge", killed, elapsed, 0 if killed else 1, outcome, stray_files(work), failures)


def trial_backup(context: Any, setup: Setup, work: Path) -> Trial:
    db = work / "xa.sqlite3"
    if not db.exists():
        shutil.copy(setup.demo, db)
    shutil.rmtree(work / "backups", ignore_errors=True)
    writer = Writer(context, BACKUPS, path=db)
    if not writer.wait_for("commit"):
        return Trial("backup", False, 0, 0, "no commit", [], ["the writer reported no backup"])
    delay = random.uniform(0, LOOP_WINDOW)
    killed = writer.kill_after(delay)
    reported = [Path(m[1]) for m in writer.of("commit")]
    failures = [f"reported backup {p.name} missing" for p in reported[-9:] if not p.exists()]
    failures += backups_checks(work, setup.households)
    partials = [p.name for p in (work / "backups").rglob("*.partial")]
    failures += database_checks(db)  # open_database also removes the half-written copies
    left = [p.name for p in (work / "backups").rglob("*.partial")]
    if left:
        failures.append(f"half-written copies left after open_database: {left}")
    failures += backups_checks(work, setup.households)  # the backup made on opening, too
    outcome = "killed mid-copy" if partials else "killed between copies"
    return Trial("backup", killed, delay, len(reported), outcome, stray_files(work), failures)


def trial_restore(context: Any, setup: Setup, work: Path, number: int, delay: float | None) -> Trial:
    """Restore a backup over a database that a crashed writer left with its last commits in the WAL."""
    db = work / "xa.sqlite3"
    remove_database(db)
    shutil.copy(setup.demo, db)
    _, _, round_id, saves = crashed_writer(context, db, number, setup.households, 0.3)
    killed, elapsed, _ = run_once(context, RESTORE, delay, path=db, source=str(setup.half))
    failures: list[str] = []
    for backup in sorted((work / "backups").rglob("*.sqlite3")):
        problem = integrity(backup)
        if problem:
            failures.append(f"backup {problem}")
        elif backup.name.endswith("-before-restore.sqlite3"):  # the copy of the file as the crash left it
            failures += surveys_checks(backup, round_id, saves, setup.households)
    failures += database_checks(db)
    stray = stray_files(work)  # what is still there once the application has opened the file again
    outcome = "broken"
    if not failures:
        households = counts(db)[0]
        if households == setup.half_households:
            outcome = "restored"
        elif households == setup.households:
            outcome = "old kept"
            failures += surveys_checks(db, round_id, saves, setup.households)
        else:
            outcome = "MIXED"
            failures.append(f"restored file has {households} households: neither database")
    return Trial("restore", killed, elapsed, len(saves), outcome, stray, failures)


# ----------------------------------------------------------------------------- setup
def prepare(folder: Path, households: int) -> Setup:
    env = bench_env(folder)
    ranoat = ranoat_command()

    def run(*args: str) -> None:
        subprocess.run([*ranoat, *args], check=True, capture_output=True, text=True, env=env)

    demo = folder / "demo.sqlite3"
    half = folder / "half.sqlite3"
    run("demo", "--households", str(households), "--seed", "3", "--out", str(demo))
    run("demo", "--households", str(max(1, households // 2)), "--seed", "5", "--out", str(half))
    template = folder / "template.sqlite3"
    empty_commune(demo, template)
    official = folder / "official.xlsx"
    write_official_list(demo, official)
    exchange = folder / "exchange.xlsx"
    run("export", "--db", str(demo), "--out", str(exchange))
    communes: list[Path] = []
    commune_households = commune_members = 0
    for number in range(3):
        code = f"9{number + 1:04d}"
        db = folder / f"xa-{code}.sqlite3"
        run("demo", "--households", str(households), "--seed", str(10 + number), "--commune", code, "--out", str(db))
        out = folder / f"xa-{code}.xlsx"
        run("export", "--db", str(db), "--out", str(out))
        book = read_exchange(out)
        commune_households += len(book.households)
        commune_members += len(book.members)
        communes.append(out)
    for backups in folder.rglob("backups"):
        shutil.rmtree(backups, ignore_errors=True)
    members = counts(demo)[1]
    return Setup(
        folder,
        households,
        members,
        demo,
        half,
        counts(half)[0],
        template,
        official,
        exchange,
        communes,
        commune_households,
        commune_members,
    )


# ----------------------------------------------------------------------------- the campaign
def kill_moment(duration: float) -> float:
    """Half the kills anywhere in the run, half in its last 40 % (the backup, the transaction, the
    workbook's close and rename are there)."""
    if random.random() < 0.5:
        return random.uniform(0, 1.1 * duration)
    return random.uniform(0.6 * duration, 1.1 * duration)


def campaign(
    path: str, context: Any, setup: Setup, trials: int, show: Callable[[Trial], None]
) -> tuple[list[Trial], float | None]:
    work = setup.folder / path
    work.mkdir()
    commands: dict[str, Callable[[int, float | None], Trial]] = {
        "import-list": lambda n, d: trial_import_list(context, setup, work, d),
        "import-exchange": lambda n, d: trial_import_exchange(context, setup, work, d),
        "export": lambda n, d: trial_export(context, setup, work, n, d),
        "merge": lambda n, d: trial_merge(context, setup, work, d),
        "restore": lambda n, d: trial_restore(context, setup, work, n, d),
    }
    loops: dict[str, Callable[[int], Trial]] = {
        "survey": lambda n: trial_survey(context, setup, work, n),
        "backup": lambda n: trial_backup(context, setup, work),
    }
    results: list[Trial] = []
    duration: float | None = None
    if path in commands:
        calibration = [commands[path](-1 - n, None) for n in range(3)]
        for run in calibration:
            if run.failures or run.killed:
                raise RuntimeError(f"{path}: an uninterrupted run failed: {run.failures}")
        duration = statistics.median(run.delay for run in calibration)
        runs = ", ".join(f"{run.delay:.2f}" for run in calibration)
        print(f"{path}: uninterrupted runs take {runs} s; kills within 0–{1.1 * duration:.2f} s", flush=True)
        for number in range(trials):
            results.append(commands[path](number, kill_moment(duration)))
            show(results[-1])
    else:
        for number in range(trials):
            results.append(loops[path](number))
            show(results[-1])
    return results, duration


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trials", type=int, default=50, metavar="N", help="kills per path (default 50)")
    parser.add_argument("--paths", nargs="+", choices=PATHS, default=list(PATHS), metavar="PATH", help=", ".join(PATHS))
    parser.add_argument("--households", type=int, default=500, metavar="N", help="households per commune (500)")
    parser.add_argument("--seed", type=int, default=20261207, help="seed of the kill moments")
    parser.add_argument("--verbose", action="store_true", help="a line per trial")
    options = parser.parse_args()
    print_machine_facts()
    print(f"\n{' '.join(sys.argv)}", flush=True)
    random.seed(options.seed)
    rows: list[list[str]] = []
    failed: list[str] = []
    strays: dict[str, Counter[str]] = {}
    with tempfile.TemporaryDirectory(prefix="ranoat-bench-kill-") as name:
        folder = Path(name)
        os.environ.update(bench_env(folder))  # the fork server and its writers inherit it
        started = time.monotonic()
        setup = prepare(folder, options.households)
        print(
            f"setup {time.monotonic() - started:.0f} s: {setup.households} households, {setup.members} members; "
            f"merge of 3 communes: {setup.commune_households} households, {setup.commune_members} members",
            flush=True,
        )
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)

        def show(trial: Trial) -> None:
            if options.verbose or trial.failures:
                state = "killed" if trial.killed else "finished"
                print(
                    f"  {trial.path}: {state} at {trial.delay:.2f} s, {trial.commits} commits, {trial.outcome}"
                    + (f", left {', '.join(trial.stray)}" if trial.stray else "")
                    + (f" — FAILED: {'; '.join(trial.failures)}" if trial.failures else ""),
                    flush=True,
                )

        for path in options.paths:
            started = time.monotonic()
            trials, duration = campaign(path, context, setup, options.trials, show)
            seconds = time.monotonic() - started
            killed = sum(t.killed for t in trials)
            outcomes = Counter(t.outcome for t in trials)
            bad = [t for t in trials if t.failures]
            failed += [f"{path}: {'; '.join(t.failures)}" for t in bad]
            commits = [t.commits for t in trials]
            for trial in trials:
                strays.setdefault(path, Counter()).update(trial.stray)
            rows.append(
                [
                    path,
                    str(len(trials)),
                    str(killed),
                    str(len(trials) - killed),
                    f"{duration:.2f}" if duration is not None else f"0–{LOOP_WINDOW:.0f} after 1st commit",
                    f"{statistics.median(commits):.0f}" if path in ("survey", "backup", "restore") else "",
                    ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())),
                    str(sum(len(t.stray) for t in trials)),
                    str(len(bad)),
                    f"{seconds:.0f}",
                ]
            )
            print(
                f"{path}: {len(trials)} trials, {killed} killed mid-run, {len(bad)} failed, {seconds:.0f} s", flush=True
            )
    headers = [
        "path",
        "trials",
        "killed mid-run",
        "finished first",
        "run s (kill window)",
        "commits reported (median)",
        "outcomes",
        "stray temp files",
        "failed",
        "wall s",
    ]
    print_section("Kill -9 campaign", headers, rows)
    print()
    print(markdown_table(headers, rows))
    left = [[path, name, str(count)] for path, names in strays.items() for name, count in sorted(names.items())]
    if left:
        print_section("Temporary files left by the kills (never under a final name)", ["path", "file", "trials"], left)
    if failed:
        print(f"\n{len(failed)} failed trials:")
        for line in failed:
            print(f"  {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
