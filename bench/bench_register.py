"""Register and survey entry on a big commune (issue #3): open, search as you type, save.

    uv run python bench/bench_register.py                      # makes a 50,000-household demo first
    uv run python bench/bench_register.py --db demo.sqlite3    # or measures a copy of an existing one

Everything goes through the code a user's actions run, with Qt offscreen (QT_QPA_PLATFORM=offscreen):

1. Open and show the first page: `open_database(path)` (which backs the file up first), `load_all()`,
   `MainWindow(rulebooks, database=db)`, `show()`, `processEvents()`, until the register table has
   painted its first rows (`row_data(0)` fetched and the table grabbed into a pixmap). "Cold" is the
   first open in a new process (one process per run; imports are done before the clock starts, and
   the time from the process's start is shown too); "repeat" is opening again in the same process.
2. Search per keystroke: realistic text typed letter by letter into the register's search field
   (key events, as a keyboard sends them); per key, the time until the model has been reset and the
   first 30 rows (a screenful) are fetched, and until the table has been painted. The typing starts
   after the window has run its event loop for 3 s (its deferred work done, as when an officer looks
   at the list first); the first key typed as soon as the first page shows is measured too, in each
   cold-open process.
3. Saving: Phiếu B of 200 different households in a new open round through `MainWindow._save_survey`
   (the household's groups and the survey in one `Database.session()` transaction); saving again (the
   draft autosave); `SurveyPage.save()` from the form; and `save_household` for an edited household.

Each measurement runs in a child process of its own (this process only orchestrates and reports):
PySide6 6.12.0 on Python 3.11 loses a reference to None on every call of a Qt method that returns
nothing, and a long session aborts with "Fatal Python error: none_dealloc". By default each
measurement waits for a quiet machine and is repeated (up to 3 times) when other processes used
more than 0.3 cores meanwhile. The database is a copy in a temporary folder; nothing outside it is
written (the Qt data folder is redirected there too).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import gc
import itertools
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchutil import (
    KEPT_DISTURBED,
    REPO,
    Stats,
    bench_env,
    fmt_ms,
    markdown_table,
    print_disturbed,
    print_machine_facts,
    print_section,
    run_demo,
    undisturbed,
    verdict,
    wait_until_quiet,
)

SCREENFUL = 30  # rows fetched per keystroke: what a 1366×768 window shows of the register
TARGET_FIRST_PAGE_MS = 500.0
TARGET_KEYSTROKE_MS = 100.0
TARGET_SAVE_MS = 50.0
# What an officer types: a head's name without diacritics, a family name with them (as a Vietnamese
# input method delivers composed letters), the start of a CCCD (province 020 = Lạng Sơn), a household code.
QUERIES = ["hoang van duc", "nông thị", "0200", "T12-"]


def _qt_ready(data_home: Path) -> None:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["XDG_DATA_HOME"] = str(data_home / "xdg-data")


# ----------------------------------------------------------------------------- 1. open, first page
@dataclass
class OpenTiming:
    open_database: float
    load_rulebooks: float
    main_window: float
    show: float
    first_rows: float
    total: float
    rows_cached_after_show: int
    since_process_start: float | None = None


def open_and_show(path: Path) -> tuple[Any, OpenTiming]:
    """Open the database and show the main window until the register's first rows are painted."""
    from PySide6.QtWidgets import QApplication

    from ranoat.rules.rulebook import load_all
    from ranoat.storage.database import open_database
    from ui.main_window import MainWindow

    app = QApplication.instance()
    assert app is not None
    t0 = time.perf_counter()
    database = open_database(path)
    t1 = time.perf_counter()
    rulebooks = load_all()
    t2 = time.perf_counter()
    window = MainWindow(rulebooks, database=database)
    t3 = time.perf_counter()
    window.show()
    app.processEvents()
    t4 = time.perf_counter()
    page = window.register_page
    assert page is not None
    cached = len(page.model._rows)
    page.model.row_data(0)
    pixmap = page.table.grab()
    t5 = time.perf_counter()
    assert not pixmap.isNull()
    assert page.model.rowCount() > 0, "the register is empty"
    assert page.model._rows, "the first rows were not fetched"
    assert window.dialog is None, "a dialog opened (no commune in the database?)"
    timing = OpenTiming(t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t5 - t0, cached)
    return window, timing


def close_window(window: Any) -> None:
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    window.close()  # closeEvent closes the database and releases its lock
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()
    gc.collect()


def repeat_runs(path: Path, runs: int, quiet: bool) -> tuple[OpenTiming, list[OpenTiming]]:
    """The first open in this process (cold), then ``runs`` more (repeat), each after closing the last."""

    def one() -> OpenTiming:
        window, timing = open_and_show(path)
        close_window(window)
        return timing

    first = undisturbed(one, label="first open in process", enabled=quiet)
    timings = []
    for run in range(runs):
        timing = undisturbed(one, label=f"repeat open {run + 1}", enabled=quiet)
        timings.append(timing)
        print(f"repeat open {run + 1}: {timing.total * 1000:.0f} ms", file=sys.stderr, flush=True)
    return first, timings


# ----------------------------------------------------------------------------- 2. search per keystroke
@dataclass
class Keystroke:
    query: str
    text: str  # the field's text after the key
    matches: int
    filtered: float  # key event → model reset (textChanged → apply_filter → set_filter)
    rows: float  # … → first screenful of rows fetched
    painted: float  # … → table painted


def type_key(widget: Any, char: str) -> None:
    """One key as a keyboard (ASCII) or a Vietnamese input method (a composed letter) delivers it."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    if char.isascii():
        QTest.keyClicks(widget, char)
    else:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char))


def timed_key(page: Any, query: str, press: Callable[[], None]) -> Keystroke:
    from PySide6.QtWidgets import QApplication

    model = page.model
    t0 = time.perf_counter()
    press()
    t1 = time.perf_counter()
    for row in range(min(SCREENFUL, model.rowCount())):
        model.row_data(row)
    t2 = time.perf_counter()
    QApplication.processEvents()
    page.table.grab()
    t3 = time.perf_counter()
    return Keystroke(query, page.search.text(), model.rowCount(), t1 - t0, t2 - t0, t3 - t0)


def search_runs(window: Any, repetitions: int, quiet: bool) -> tuple[list[Keystroke], list[Keystroke]]:
    """Type every query letter by letter, ``repetitions`` times; after each, clear the field (Backspace)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    page = window.register_page
    page.search.setFocus()

    def one(query: str) -> tuple[list[Keystroke], Keystroke]:
        assert page.search.text() == ""
        keys = [timed_key(page, query, lambda char=char: type_key(page.search, char)) for char in query]
        page.search.selectAll()
        clear = timed_key(page, query, lambda: QTest.keyClick(page.search, Qt.Key.Key_Backspace))
        return keys, clear

    typed: list[Keystroke] = []
    cleared: list[Keystroke] = []
    for _ in range(repetitions):
        for query in QUERIES:
            keys, clear = undisturbed(lambda query=query: one(query), label=f"typing “{query}”", enabled=quiet)
            typed.extend(keys)
            cleared.append(clear)
    return typed, cleared


# ----------------------------------------------------------------------------- 3. saving
def open_new_round(window: Any) -> int:
    """A new periodic round, opened as the "Mở kỳ rà soát mới" dialog does; the register switches to it."""
    from ranoat.domain.round import RoundKind

    # one periodic round a year: the first year from 2026 without one (an earlier section may have opened 2026)
    year = 2026
    while (problem := window._create_round(year, RoundKind.PERIODIC, "2022-2025", None)) is not None:
        assert "Không mở được kỳ thứ hai" in problem, problem
        year += 1
    round_id = window.register_page.round_id()
    assert round_id is not None
    return int(round_id)


def survey_saves(window: Any, count: int, rng: random.Random) -> dict[str, list[float]]:
    """`MainWindow._save_survey`: the household's groups and Phiếu B in one `Database.session()`
    transaction, as the form's Save and autosave call it; first save, then again (the autosave)."""
    from ranoat.domain.survey import SurveyData, SurveyStatus
    from ranoat.operations.households import load_household

    database = window.database
    round_id = open_new_round(window)
    codes = list(window.rulebooks["2022-2025"].indicators_by_code)

    def save(household: Any) -> float:
        survey = SurveyData(
            b1=float(rng.randint(70, 260)),
            lacking=rng.sample(codes, rng.randint(0, 5)),
            housing_area_m2=float(rng.randint(12, 120)),
            officer="Hoàng Thị Lan",
            status=SurveyStatus.DRAFT,
        )
        start = time.perf_counter()
        problem = window._save_survey(round_id, household, survey)
        elapsed = time.perf_counter() - start
        assert problem is None, problem
        return elapsed

    first, again = [], []
    for household_id in rng.sample(window.register_page.model.ids(), count):
        with database.session() as session:
            household = load_household(session, household_id)  # what the form holds: not timed
        first.append(save(household))
        again.append(save(household))
    return {"survey_first": first, "survey_again": again}


def form_saves(window: Any, count: int, rng: random.Random) -> dict[str, list[float]]:
    """Open a household's Phiếu B, type B1, save: what Ctrl+S and the autosave timer run."""
    open_new_round(window)
    survey_page = window.survey_page
    form, opened = [], []
    for household_id in rng.sample(window.register_page.model.ids(), count):
        start = time.perf_counter()
        window.open_survey(household_id)
        opened.append(time.perf_counter() - start)
        survey_page.b1.setText(str(rng.randint(70, 260)))
        start = time.perf_counter()
        assert survey_page.save(), survey_page.saved_label.text()
        form.append(time.perf_counter() - start)
    window.show_page(0)
    return {"survey_form": form, "open_survey": opened}


def household_saves(window: Any, count: int, rng: random.Random) -> dict[str, list[float]]:
    """Phone and the head's name corrected: saved in a bare transaction, and through the dialog's callback."""
    from ranoat.operations.households import load_household, save_household

    database = window.database
    bare, gui = [], []
    for household_id in rng.sample(window.register_page.model.ids(), 2 * count):
        with database.session() as session:
            household = load_household(session, household_id)
        household.phone = f"09{rng.randrange(10**8):08d}"
        household.members[0].full_name = household.members[0].full_name + " Anh"
        start = time.perf_counter()
        if len(bare) <= len(gui):
            with database.session() as session:  # what MainWindow._save_household runs in its transaction
                save_household(session, household, window.today, rulebooks=window.rulebooks)
            bare.append(time.perf_counter() - start)
        else:
            assert window._save_household(household) is None  # MainWindow: transaction, row refresh, select
            gui.append(time.perf_counter() - start)
    return {"household_bare": bare, "household_gui": gui}


SAVE_SECTIONS: dict[str, Callable[[Any, int, random.Random], dict[str, list[float]]]] = {
    "survey-saves": survey_saves,
    "form-saves": form_saves,
    "household-saves": household_saves,
}


# ----------------------------------------------------------------------------- child processes
def child(options: argparse.Namespace) -> int:
    """One measurement in this new process; prints its results as one JSON line on stdout."""
    _qt_ready(options.data_home)
    from PySide6.QtWidgets import QApplication

    from ui.app import create_application

    app = create_application(sys.argv[:1])
    assert isinstance(app, QApplication)
    none_refs = sys.getrefcount(None)
    quiet = not options.no_wait
    path: Path = options.child_db
    payload: dict[str, Any] = {}
    if options.child == "open":
        window, timing = open_and_show(path)
        timing.since_process_start = time.perf_counter()  # absolute CLOCK_MONOTONIC; the parent subtracts its start
        # The officer types at once (before anything the window does later, a second or so after showing).
        window.register_page.search.setFocus()
        first_key = timed_key(window.register_page, "h", lambda: type_key(window.register_page.search, "h"))
        close_window(window)
        payload["open"] = dataclasses.asdict(timing)
        payload["first_key"] = dataclasses.asdict(first_key)
    elif options.child == "repeat":
        first, repeat = repeat_runs(path, options.repeat_runs, quiet)
        payload["first"] = dataclasses.asdict(first)
        payload["repeat"] = [dataclasses.asdict(t) for t in repeat]
    else:
        from PySide6.QtTest import QTest

        window, _ = open_and_show(path)
        # Let the window's deferred work run (the register reads its search documents 1.5 s after it
        # shows), as it does while the officer looks at the list before typing or opening a form.
        QTest.qWait(3000)
        if options.child == "search":
            typed, cleared = search_runs(window, options.search_repetitions, quiet)
            payload["typed"] = [dataclasses.asdict(k) for k in typed]
            payload["cleared"] = [dataclasses.asdict(k) for k in cleared]
        else:
            payload.update(SAVE_SECTIONS[options.child](window, options.saves, random.Random(options.seed)))
        close_window(window)
    payload["none_refs_lost"] = none_refs - sys.getrefcount(None)
    payload["disturbed"] = KEPT_DISTURBED
    print(json.dumps(payload), flush=True)
    sys.stderr.flush()
    os._exit(0)  # no interpreter teardown: with PySide6 6.12.0 it may abort (see the module's docstring)


def run_child(section: str, path: Path, data_home: Path, options: argparse.Namespace, seed: int = 0) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", section, "--child-db", str(path)]
    command += ["--data-home", str(data_home), "--seed", str(seed or options.seed), "--saves", str(options.saves)]
    command += ["--repeat-runs", str(options.repeat_runs), "--search-repetitions", str(options.search_repetitions)]
    if options.no_wait:
        command.append("--no-wait")
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=bench_env(data_home), cwd=REPO)
    *messages, last = result.stdout.strip().splitlines() or [""]
    for line in [*messages, *result.stderr.splitlines()]:
        if not line.startswith("This plugin does not support"):  # Qt's offscreen platform says so on show()
            print(line, flush=True)
    if result.returncode != 0:
        raise SystemExit(f"the {section} measurement failed (exit status {result.returncode})")
    payload: dict[str, Any] = json.loads(last)
    payload["started"] = started
    KEPT_DISTURBED.extend(payload["disturbed"])
    return payload


# ----------------------------------------------------------------------------- report
def _stats_row(label: str, seconds: Sequence[float], target: float | None) -> list[str]:
    stats = Stats.of(seconds)
    return [
        label,
        str(stats.n),
        fmt_ms(stats.median),
        fmt_ms(stats.p95),
        fmt_ms(stats.max),
        "" if target is None else f"< {fmt_ms(target)}",
        "" if target is None else f"{verdict(stats.median, target)} / {verdict(stats.max, target)}",
    ]


STAT_HEADERS = ["measurement", "n", "median ms", "p95 ms", "max ms", "target ms", "median / max vs target"]


def report(
    cold: list[OpenTiming],
    first_in_process: OpenTiming,
    repeat: list[OpenTiming],
    first_keys: list[Keystroke],
    typed: list[Keystroke],
    cleared: list[Keystroke],
    saves: dict[str, list[float]],
    households: int,
) -> None:
    markdown: list[str] = []

    open_rows = [
        _stats_row(
            "open → first page painted, cold (new process per run)", [t.total for t in cold], TARGET_FIRST_PAGE_MS
        ),
        _stats_row("open → first page painted, repeat (same process)", [t.total for t in repeat], TARGET_FIRST_PAGE_MS),
        _stats_row(
            "process start → first page painted, cold (incl. Python, imports)",
            [t.since_process_start or 0.0 for t in cold],
            None,
        ),
    ]
    print_section(f"1. Open a {households:,}-household database and show the first page", STAT_HEADERS, open_rows)
    markdown.append(markdown_table(STAT_HEADERS, open_rows))

    phase_headers = ["phase (median ms)", "cold", "repeat"]
    phase_labels = {
        "open_database": "open_database() (backup, lock, migrations check)",
        "load_rulebooks": "load_all() (rulebooks)",
        "main_window": "MainWindow(...) (register ids query, widgets)",
        "show": "show() + processEvents() (first paint)",
        "first_rows": "row_data(0) + table.grab()",
        "total": "total",
    }
    phase_rows = [
        [
            label,
            fmt_ms(Stats.of([getattr(t, phase) for t in cold]).median),
            fmt_ms(Stats.of([getattr(t, phase) for t in repeat]).median),
        ]
        for phase, label in phase_labels.items()
    ]
    print_section("   where the open time goes", phase_headers, phase_rows)
    print(f"   (first open in the repeat process, after its imports: {first_in_process.total * 1000:.0f} ms)")
    markdown.append(markdown_table(phase_headers, phase_rows))

    search_rows = [
        _stats_row("keystroke → first 30 rows fetched (all typed keys)", [k.rows for k in typed], TARGET_KEYSTROKE_MS),
        _stats_row("keystroke → model reset only", [k.filtered for k in typed], None),
        _stats_row("keystroke → table painted", [k.painted for k in typed], None),
        _stats_row("clear the field (Backspace) → first 30 rows", [k.rows for k in cleared], None),
        _stats_row(
            "first key (“h”) typed as soon as the first page shows, new process",
            [k.rows for k in first_keys],
            TARGET_KEYSTROKE_MS,
        ),
    ]
    for query in QUERIES:
        search_rows.append(
            _stats_row(f"  typing “{query}” → first 30 rows", [k.rows for k in typed if k.query == query], None)
        )
    print_section("2. Search as you type (per keystroke)", STAT_HEADERS, search_rows)
    markdown.append(markdown_table(STAT_HEADERS, search_rows))

    per_key_headers = ["text in the field", "matches", "median ms to 30 rows", "max ms"]
    per_key_rows = []
    seen: dict[str, list[Keystroke]] = {}
    for key in typed:
        seen.setdefault(key.text, []).append(key)
    for text, keys in seen.items():
        stats = Stats.of([k.rows for k in keys])
        per_key_rows.append([f"“{text}”", f"{keys[0].matches:,}", fmt_ms(stats.median), fmt_ms(stats.max)])
    print_section("   per keystroke", per_key_headers, per_key_rows)
    markdown.append(markdown_table(per_key_headers, per_key_rows))

    save_rows = [
        _stats_row(
            "save Phiếu B, first save (MainWindow._save_survey, one transaction)", saves["survey_first"], TARGET_SAVE_MS
        ),
        _stats_row("save Phiếu B again (the autosave of the same household)", saves["survey_again"], TARGET_SAVE_MS),
        _stats_row("SurveyPage.save() from the form (incl. the row refresh)", saves["survey_form"], TARGET_SAVE_MS),
        _stats_row("save_household, edited household (one transaction)", saves["household_bare"], TARGET_SAVE_MS),
        _stats_row("MainWindow._save_household (incl. row refresh, select)", saves["household_gui"], None),
        _stats_row("open a household's Phiếu B (MainWindow.open_survey)", saves["open_survey"], None),
    ]
    print_section("3. Saving", STAT_HEADERS, save_rows)
    markdown.append(markdown_table(STAT_HEADERS, save_rows))

    print("\nMarkdown\n========")
    print("\n\n".join(markdown))


# ----------------------------------------------------------------------------- main
def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--households", type=int, default=50000, help="size of the demo database (default 50000)")
    parser.add_argument("--db", type=Path, help="measure a copy of this database instead of making a demo")
    parser.add_argument("--cold-runs", type=int, default=5, help="cold opens, one new process each (default 5)")
    parser.add_argument("--repeat-runs", type=int, default=5, help="repeat opens in one process (default 5)")
    parser.add_argument("--search-repetitions", type=int, default=3, help="times each query is typed (default 3)")
    parser.add_argument("--saves", type=int, default=200, help="households saved per measurement (default 200)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--no-wait",
        action="store_true",
        help="measure even while other processes keep the CPU busy (by default each measurement waits for a "
        "quiet machine and is repeated, up to 3 times, when other processes used more than 0.3 cores meanwhile)",
    )
    parser.add_argument("--child", choices=["open", "repeat", "search", *SAVE_SECTIONS], help=argparse.SUPPRESS)
    parser.add_argument("--child-db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--data-home", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.child is not None:
        return child(options)
    quiet = not options.no_wait

    with tempfile.TemporaryDirectory(prefix="ranoat-bench-") as folder:
        data_home = Path(folder)
        path = data_home / "xa.sqlite3"
        if options.db is not None:
            shutil.copyfile(options.db, path)
        else:
            if quiet:
                wait_until_quiet()
            seconds = run_demo(path, options.households)
            print(f"ranoat demo --households {options.households}: {seconds:.1f} s", flush=True)
        print_machine_facts()

        cold = []
        first_keys: list[Keystroke] = []
        for run in range(options.cold_runs):
            payload = undisturbed(
                lambda: run_child("open", path, data_home, options), label=f"cold open {run + 1}", enabled=quiet
            )
            timing = OpenTiming(**payload["open"])
            first_keys.append(Keystroke(**payload["first_key"]))
            timing.since_process_start = (timing.since_process_start or 0.0) - payload["started"]
            cold.append(timing)
            since_start = timing.since_process_start * 1000
            print(f"cold open {run + 1}: {timing.total * 1000:.0f} ms (from process start {since_start:.0f} ms)")
        payload = run_child("repeat", path, data_home, options)
        first = OpenTiming(**payload["first"])
        repeat = [OpenTiming(**t) for t in payload["repeat"]]
        lost = payload["none_refs_lost"]

        payload = run_child("search", path, data_home, options)
        typed = [Keystroke(**k) for k in payload["typed"]]
        cleared = [Keystroke(**k) for k in payload["cleared"]]
        lost = max(lost, payload["none_refs_lost"])
        print(f"search: {len(typed)} keystrokes", flush=True)

        saves: dict[str, list[float]] = {}
        attempts = itertools.count(1)
        for section in SAVE_SECTIONS:
            payload = undisturbed(
                lambda section=section: run_child(section, path, data_home, options, seed=next(attempts)),
                label=section,
                enabled=quiet,
            )
            saves.update(
                {key: value for key, value in payload.items() if isinstance(value, list) and key != "disturbed"}
            )
            lost = max(lost, payload["none_refs_lost"])
            print(f"{section}: done", flush=True)

        with contextlib.closing(sqlite3.connect(path)) as connection:
            (households,) = connection.execute("SELECT count(*) FROM household").fetchone()
        report(cold, first, repeat, first_keys, typed, cleared, saves, households)
        print_disturbed(quiet)
        if lost > 1000:
            print(
                f"\nNote: up to {lost:,} references to None were lost in one measurement process "
                "(PySide6 6.12.0 refcount bug; the interpreter aborts when they run out)."
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
