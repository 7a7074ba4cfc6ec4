"""How long `ranoat demo --households N` takes: the whole command, in a new process, as a user runs it.

    uv run python bench/bench_demo.py                      # 5,000 and 50,000 households, 3 runs each
    uv run python bench/bench_demo.py --sizes 5000 --runs 5

Each run writes a new database into a temporary folder (deleted afterwards). The time includes the
interpreter's start and imports, generating the households, classifying every survey, writing the
file and closing it.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from benchutil import (
    Stats,
    markdown_table,
    print_disturbed,
    print_machine_facts,
    print_section,
    run_demo,
    undisturbed,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 50000], metavar="N", help="household counts")
    parser.add_argument("--runs", type=int, default=3, help="runs per size (default 3)")
    parser.add_argument(
        "--no-wait",
        action="store_true",
        help="measure even while other processes keep the CPU busy (by default each run waits for a quiet "
        "machine and is repeated, up to 3 times, when other processes used more than 0.3 cores meanwhile)",
    )
    options = parser.parse_args()

    print_machine_facts()
    rows: list[list[str]] = []
    with tempfile.TemporaryDirectory(prefix="ranoat-bench-demo-") as folder:
        for size in options.sizes:
            seconds = []
            for run in range(options.runs):
                out = Path(folder) / f"demo-{size}-{run}.sqlite3"

                def one(out: Path = out, size: int = size) -> float:
                    out.unlink(missing_ok=True)
                    return run_demo(out, size)

                elapsed = undisturbed(one, label=f"{size} households, run {run + 1}", enabled=not options.no_wait)
                seconds.append(elapsed)
                size_mb = out.stat().st_size / 1e6
                print(f"ranoat demo --households {size}: run {run + 1}: {elapsed:.2f} s ({size_mb:.0f} MB)", flush=True)
                out.unlink()
            stats = Stats.of(seconds)
            rows.append(
                [
                    f"ranoat demo --households {size}",
                    str(stats.n),
                    f"{stats.median / 1000:.2f}",
                    f"{stats.min / 1000:.2f}",
                    f"{stats.max / 1000:.2f}",
                    f"{size_mb:.0f}",
                ]
            )
    headers = ["command", "runs", "median s", "min s", "max s", "file MB"]
    print_section("Demo database generation (wall clock, new process per run)", headers, rows)
    print()
    print(markdown_table(headers, rows))
    print_disturbed(not options.no_wait)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
