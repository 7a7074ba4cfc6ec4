"""Benchmark and check: a merge with more members than an Excel sheet holds (issue #11, item 2).

    uv run python bench/bench_merge_large.py [--communes 140] [--households 2000] [--workers 2]

Generates the communes once with `ranoat demo` and `ranoat export` as bench/bench_merge.py does
(cached in --data, default /tmp/ranoat-bench-merge/<communes>x<households>; 140 × 2,000 households
give about 1.07 million members, more than the 1,048,575 data rows of one sheet), then, each step in
a fresh child process so that its peak memory (ru_maxrss) is its own:

1. merge: `merge_workbooks` + `write_merged` of every commune's workbook, what `ranoat merge` does;
2. re-merge: the merged workbook merged again, alone, and written to a second workbook.

It checks that the first merge's `data_members` continues on `data_members_2`, that the re-merge
accepts the merged workbook (no input refused) with the same commune, household and member totals,
and that both merged workbooks read back (`read_exchange`) to the same rows, every cell compared.
Prints the times and peak memory; exits non-zero if a check fails. Figures go to docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_merge import _make_commune  # the same communes as the 30-commune benchmark
from benchutil import code_revision, load_average


def generate(folder: Path, communes: int, households: int, workers: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        paths = list(pool.map(_make_commune, [(folder, n, households) for n in range(1, communes + 1)]))
    print(f"{communes} communes ready in {folder} ({time.perf_counter() - started:.1f} s)", file=sys.stderr)
    return paths


def run_merge(inputs: list[Path], out: Path) -> dict[str, Any]:
    from python_calamine import CalamineWorkbook

    from ranoat.merge import Level, MergeSettings, merge_workbooks, write_merged
    from ranoat.rules.rulebook import load_all

    started = time.perf_counter()
    result = merge_workbooks(inputs, load_all())
    read = time.perf_counter()
    write_merged(result, out, MergeSettings(Level.PROVINCE, "Lạng Sơn"))
    done = time.perf_counter()
    book = CalamineWorkbook.from_path(str(out))
    try:
        sheets = [name for name in book.sheet_names if name.startswith("data_")]
    finally:
        book.close()
    return {
        "seconds": done - started,
        "read_and_check": read - started,
        "write": done - read,
        "inputs": len(inputs),
        "refused": [f"{i.path.name}: {i.reason}" for i in result.inputs if i.status.value != "merged"],
        "communes": len(result.communes),
        "households": result.household_count,
        "members": result.member_count,
        "data_sheets": sheets,
        "file_mb": out.stat().st_size / 1024 / 1024,
    }


def run_compare(first: Path, second: Path) -> dict[str, Any]:
    """Both merged workbooks read back (checksums verified): the same rows, every cell."""
    from ranoat.excel.reader import read_exchange

    started = time.perf_counter()
    a, b = read_exchange(first), read_exchange(second)
    return {
        "seconds": time.perf_counter() - started,
        "same_communes": a.communes == b.communes,
        "same_households": a.households == b.households,
        "same_members": a.members == b.members,
        "members_read": len(a.members),
    }


def measure(step: str, *paths: Path) -> dict[str, Any]:
    """Run one step in a fresh process; add its peak resident memory (MB)."""
    process = subprocess.Popen(
        [sys.executable, __file__, "--child", step, *map(str, paths)], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit(f"{step} failed with status {status}")
    figures: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    figures["peak_mb"] = usage.ru_maxrss / 1024
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--communes", type=int, default=140)
    parser.add_argument("--households", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="processes generating communes")
    parser.add_argument("--data", type=Path, default=Path("/tmp/ranoat-bench-merge"))
    parser.add_argument("--generate-only", action="store_true")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        step, *paths = options.child
        if step == "merge":
            figures = run_merge([Path(p) for p in paths[:-1]], Path(paths[-1]))
        else:
            figures = run_compare(Path(paths[0]), Path(paths[1]))
        print(json.dumps(figures))
        return
    data = options.data / f"{options.communes}x{options.households}"
    paths = generate(data, options.communes, options.households, options.workers)
    if options.generate_only:
        return
    print(f"code {code_revision()}; load average {load_average()}", file=sys.stderr)
    first, second = data / "large-merged.xlsx", data / "large-remerged.xlsx"
    merge = measure("merge", *paths, first)
    print(f"merge: {merge}", file=sys.stderr)
    remerge = measure("merge", first, second)
    print(f"re-merge: {remerge}", file=sys.stderr)
    compare = measure("compare", first, second)
    print(f"compare: {compare}", file=sys.stderr)
    failures = [
        what
        for what, ok in (
            ("every commune merged", not merge["refused"] and merge["communes"] == options.communes),
            ("more members than one sheet holds", merge["members"] > 1_048_575),
            ("data_members continues on data_members_2", "data_members_2" in merge["data_sheets"]),
            ("the merged workbook merges again", not remerge["refused"]),
            (
                "the same totals after the re-merge",
                (remerge["communes"], remerge["households"], remerge["members"])
                == (merge["communes"], merge["households"], merge["members"]),
            ),
            ("every member row read back", compare["members_read"] == merge["members"]),
            (
                "the same rows, every cell",
                compare["same_communes"] and compare["same_households"] and compare["same_members"],
            ),
        )
        if not ok
    ]
    print(
        f"\n{merge['communes']} communes, {merge['households']:,} households, {merge['members']:,} members; "
        f"data sheets {', '.join(merge['data_sheets'])}; {merge['file_mb']:.0f} MB"
    )
    print(
        f"merge     {merge['seconds']:7.1f} s (read+check {merge['read_and_check']:.1f} s, "
        f"write {merge['write']:.1f} s)  peak {merge['peak_mb']:.0f} MB"
    )
    print(
        f"re-merge  {remerge['seconds']:7.1f} s (read+check {remerge['read_and_check']:.1f} s, "
        f"write {remerge['write']:.1f} s)  peak {remerge['peak_mb']:.0f} MB; same totals: "
        f"{(remerge['households'], remerge['members']) == (merge['households'], merge['members'])}"
    )
    print(f"compare   {compare['seconds']:7.1f} s  peak {compare['peak_mb']:.0f} MB")
    if failures:
        raise SystemExit("FAILED: " + "; ".join(failures))
    print("all checks passed")


if __name__ == "__main__":
    main()
