"""Shared helpers for the benchmark scripts in bench/: statistics, tables, machine facts, demo databases.

The benchmarks are plain scripts (`uv run python bench/…`), not tests: pytest only collects tests/.
"""

from __future__ import annotations

import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import sysconfig
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

REPO = Path(__file__).resolve().parent.parent
T = TypeVar("T")


@dataclass(frozen=True)
class Stats:
    """Summary of timings, in milliseconds."""

    n: int
    median: float
    p95: float
    max: float
    min: float

    @classmethod
    def of(cls, seconds: Sequence[float]) -> Stats:
        if not seconds:
            raise ValueError("no samples")
        ms = sorted(s * 1000 for s in seconds)
        rank = max(1, math.ceil(0.95 * len(ms)))  # nearest-rank 95th percentile
        return cls(len(ms), statistics.median(ms), ms[rank - 1], ms[-1], ms[0])


def fmt_ms(value: float) -> str:
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def verdict(value_ms: float, target_ms: float | None) -> str:
    if target_ms is None:
        return ""
    return "pass" if value_ms < target_ms else "FAIL"


def text_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain-text table for the terminal: first column left-aligned, the others right-aligned."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        parts = [
            str(cell).ljust(width) if index == 0 else str(cell).rjust(width)
            for index, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(headers), rule, *(line(row) for row in rows)])


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    align = ["---" if index == 0 else "---:" for index in range(len(headers))]
    lines = [headers, align, *rows]
    return "\n".join("| " + " | ".join(str(cell) for cell in line) + " |" for line in lines)


def print_section(title: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    print()
    print(title)
    print("=" * len(title))
    print(text_table(headers, rows))


def code_revision() -> str:
    """The commit of the `ranoat` package measured, and whether its code had uncommitted changes."""
    import ranoat

    root = Path(ranoat.__file__).resolve().parent.parent
    git = shutil.which("git")
    if git is None:
        return "unknown"
    head = subprocess.run([git, "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    if head.returncode != 0:
        return f"{root} (not a git checkout)"
    dirty = subprocess.run(
        [git, "-C", str(root), "status", "--porcelain", "--", "ranoat", "ui", "resources"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return f"{head.stdout.strip()} in {root}" + (" + uncommitted changes to ranoat/ui" if dirty else "")


def load_average() -> str:
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "unknown"
    return f"{one:.2f} {five:.2f} {fifteen:.2f} (1, 5, 15 min)"


def machine_facts() -> dict[str, str]:
    """What the figures were measured on: cores, CPU, Python and how it was built, library versions."""
    import sqlite3

    import PySide6
    import sqlalchemy

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            names = [line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")]
        if names:
            cpu = names[0]
    except OSError:
        pass
    nproc = shutil.which("nproc")
    cores = subprocess.run([nproc], capture_output=True, text=True).stdout.strip() if nproc else str(os.cpu_count())
    config_args = str(sysconfig.get_config_var("CONFIG_ARGS") or "")
    flags = ["--enable-optimizations", "--with-lto", "--enable-shared"]
    build = ", ".join(f"{flag} {'yes' if flag in config_args else 'no'}" for flag in flags)
    return {
        "code": code_revision(),
        "cores (nproc)": cores,
        "cpu": cpu,
        "load average": load_average(),
        "os": platform.platform(),
        "python": f"{platform.python_version()} ({sys.executable})",
        "python configure": build,
        "sqlite": sqlite3.sqlite_version,
        "sqlalchemy": sqlalchemy.__version__,
        "pyside6": PySide6.__version__,
    }


def print_machine_facts() -> None:
    print_section("Machine", ["fact", "value"], list(machine_facts().items()))


def ranoat_command() -> list[str]:
    """The `ranoat` console script of this environment (the one `uv run ranoat` runs)."""
    script = Path(sys.executable).parent / "ranoat"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from ranoat.cli import main; sys.exit(main())"]


def run_demo(out: Path, households: int, seed: int = 1) -> float:
    """Run `ranoat demo --households N --out OUT` as a user would; return its wall-clock seconds."""
    command = [*ranoat_command(), "demo", "--households", str(households), "--seed", str(seed), "--out", str(out)]
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, text=True, env=bench_env(out.parent))
    return time.perf_counter() - start


def bench_env(data_home: Path) -> dict[str, str]:
    """The environment of a benchmark child: offscreen Qt, and a data folder that is not the user's."""
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(data_home / "xdg-data")}


# ----------------------------------------------------------------------------- other load on the machine
def _system_cpu_seconds() -> float:
    """CPU time (all cores, all processes) spent busy since boot, from /proc/stat; 0 where there is none."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = [int(value) for value in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return 0.0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _own_cpu_seconds() -> float:
    """CPU time of this process and its finished children."""
    import resource

    me = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


class OtherLoad:
    """How many cores other processes kept busy meanwhile (the benchmark's own CPU time is subtracted)."""

    def __init__(self) -> None:
        self._wall = time.perf_counter()
        self._system = _system_cpu_seconds()
        self._own = _own_cpu_seconds()

    def cores(self) -> float:
        wall = time.perf_counter() - self._wall
        others = (_system_cpu_seconds() - self._system) - (_own_cpu_seconds() - self._own)
        return max(0.0, others / wall) if wall > 0 else 0.0


def wait_until_quiet(threshold: float = 0.2, settle: int = 2, timeout: float = 600.0) -> float:
    """Wait until other processes use under ``threshold`` cores for ``settle`` seconds running.

    Other people's test runs on a 2-core machine would otherwise inflate the figures. Returns the
    seconds waited; gives up (and says so) after ``timeout``.
    """
    start = time.perf_counter()
    quiet = 0
    announced = False
    while quiet < settle:
        load = OtherLoad()
        time.sleep(1.0)
        cores = load.cores()
        if cores < threshold:
            quiet += 1
            continue
        quiet = 0
        if not announced:
            print(f"waiting for other processes to finish (using {cores:.1f} cores)…", flush=True)
            announced = True
        if time.perf_counter() - start > timeout:
            print(f"gave up waiting after {timeout:.0f} s; the figures may be inflated", flush=True)
            break
    return time.perf_counter() - start


KEPT_DISTURBED: list[str] = []  # measurements kept although other processes were busy on every attempt


def undisturbed(
    action: Callable[[], T], *, label: str = "", enabled: bool = True, threshold: float = 0.3, attempts: int = 3
) -> T:
    """Run ``action`` when the machine is quiet; run it again (up to ``attempts`` times) when other
    processes used more than ``threshold`` cores meanwhile. The last result is kept either way (and
    ``label`` recorded in `KEPT_DISTURBED`)."""
    if not enabled:
        return action()
    for attempt in range(attempts):
        wait_until_quiet()
        load = OtherLoad()
        result = action()
        cores = load.cores()
        if cores <= threshold:
            return result
        print(f"  disturbed: other processes used {cores:.2f} cores; attempt {attempt + 1} of {attempts}", flush=True)
    KEPT_DISTURBED.append(f"{label or 'measurement'} ({cores:.2f} cores busy elsewhere)")
    return result


def print_disturbed(checked: bool = True) -> None:
    if not checked:
        print("\nOther processes' load was not checked (--no-wait).")
    elif KEPT_DISTURBED:
        print(f"\nKept although disturbed on all attempts ({len(KEPT_DISTURBED)}): " + "; ".join(KEPT_DISTURBED))
    else:
        print("\nEvery measurement ran while other processes used at most 0.3 cores.")
