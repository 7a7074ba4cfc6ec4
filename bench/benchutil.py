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
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


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


def machine_facts() -> dict[str, str]:
    """What the figures were measured on: cores, CPU, Python and how it was built, library versions."""
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
    cores = (
        subprocess.run([nproc], capture_output=True, text=True, check=False).stdout.strip()
        if nproc
        else str(os.cpu_count())
    )
    config_args = str(sysconfig.get_config_var("CONFIG_ARGS") or "")
    optimised = "--enable-optimizations" in config_args or "--with-lto" in config_args
    import sqlite3

    return {
        "cores (nproc)": cores,
        "cpu": cpu,
        "os": platform.platform(),
        "python": f"{platform.python_version()} ({sys.executable})",
        "python build": "PGO/LTO (--enable-optimizations)" if optimised else "no PGO/LTO (built without --enable-optimizations)",
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
