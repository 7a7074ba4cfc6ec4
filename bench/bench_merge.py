"""Benchmark: merging 30 communes of 2,000 households (issue #6).

    uv run --group bench python bench/bench_merge.py [--communes 30] [--households 2000] [--runs 3]

Generates the communes once with `ranoat demo` and `ranoat export` (cached in --data, default
/tmp/ranoat-bench-merge), then times, each run in a fresh child process so that its peak memory
(ru_maxrss) is its own:

- ranoat:  `merge_workbooks` + `write_merged`, the whole merge as `ranoat merge` does it;
- pandas:  (a) a plain script: pandas.read_excel(engine="openpyxl") of each file's two data sheets,
           concat with a commune column, DataFrame.to_excel (openpyxl) of both sheets;
- floor:   (b) reading the same files' data sheets and metadata with python-calamine, and writing
           exactly the cells of ranoat's merged workbook (every sheet, values only) with xlsxwriter.

Targets: ranoat at least 3x faster than (a), at most 1.5x (b), peak memory under 500 MB.
Figures go to docs/performance.md with this command.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def _make_commune(args: tuple[Path, int, int]) -> Path:
    from ranoat.demo import create_demo
    from ranoat.operations.export import export_round, latest_round_id
    from ranoat.rules.rulebook import load_all
    from ranoat.storage.database import open_database

    folder, number, households = args
    code = f"9{number:04d}"
    db = folder / f"{code}.sqlite3"
    out = folder / f"xa-{code}.xlsx"
    if out.exists():
        return out
    if db.exists():
        db.unlink()
    create_demo(db, households=households, seed=number, commune_code=code)
    with open_database(db) as database:
        export_round(database, latest_round_id(database), out, load_all())
    return out


def generate(folder: Path, communes: int, households: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        paths = list(pool.map(_make_commune, [(folder, n, households) for n in range(1, communes + 1)]))
    print(f"{communes} communes ready in {folder} ({time.perf_counter() - started:.1f} s)", file=sys.stderr)
    return paths


# ----------------------------------------------------------------------------- the three variants
def run_ranoat(paths: list[Path], out: Path) -> dict[str, Any]:
    import ranoat.merge.visible as visible
    from ranoat.merge import Level, MergeSettings, merge_workbooks, write_merged
    from ranoat.rules.rulebook import load_all

    checking = [0.0]  # time in the check of the sheets people read (lists, forms), within read_and_check
    check = visible.check_visible

    def timed(*args: Any, **kwargs: Any) -> visible.VisibleCheck:
        begun = time.perf_counter()
        try:
            return check(*args, **kwargs)
        finally:
            checking[0] += time.perf_counter() - begun

    visible.check_visible = timed  # type: ignore[assignment]  # core imports it at each merge
    books = load_all()
    started = time.perf_counter()
    result = merge_workbooks(paths, books)
    read = time.perf_counter()
    write_merged(result, out, MergeSettings(Level.PROVINCE, "Lạng Sơn"))
    done = time.perf_counter()
    return {
        "seconds": done - started,
        "read_and_check": read - started,
        "visible_check": checking[0],
        "write": done - read,
        "households": result.household_count,
        "members": result.member_count,
        "merged": sum(1 for i in result.inputs if i.status.value == "merged"),
    }


def run_pandas(paths: list[Path], out: Path) -> dict[str, Any]:
    import pandas as pd

    started = time.perf_counter()
    households, members = [], []
    for path in paths:
        sheets = pd.read_excel(path, sheet_name=["data_households", "data_members", "metadata"], engine="openpyxl")
        meta = dict(zip(sheets["metadata"]["key"], sheets["metadata"]["value"], strict=True))
        for frame, into in ((sheets["data_households"], households), (sheets["data_members"], members)):
            frame.insert(0, "commune_code", meta["commune_code"])
            into.append(frame)
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        pd.concat(households).to_excel(writer, sheet_name="data_households", index=False)
        pd.concat(members).to_excel(writer, sheet_name="data_members", index=False)
    return {"seconds": time.perf_counter() - started}


def merged_cells(path: Path) -> list[tuple[str, list[list[Any]]]]:
    """Every sheet of ranoat's merged workbook as values (read before the floor's timing)."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    try:
        return [(name, book.get_sheet_by_name(name).to_python()) for name in book.sheet_names]
    finally:
        book.close()


def run_floor(paths: list[Path], out: Path, cells_from: Path) -> dict[str, Any]:
    import xlsxwriter
    from python_calamine import CalamineWorkbook

    sheets = merged_cells(cells_from)
    started = time.perf_counter()
    rows_read = 0
    for path in paths:
        book = CalamineWorkbook.from_path(str(path))
        for name in ("metadata", "data_households", "data_members"):
            rows_read += len(book.get_sheet_by_name(name).to_python())
        book.close()
    read = time.perf_counter()
    workbook = xlsxwriter.Workbook(str(out), {"strings_to_numbers": False, "strings_to_formulas": False})
    written = 0
    for name, rows in sheets:
        sheet = workbook.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value == "" or value is None:
                    continue
                if isinstance(value, str):
                    sheet.write_string(r, c, value)
                else:
                    sheet.write_number(r, c, float(value) if not isinstance(value, (int, float)) else value)
                written += 1
    workbook.close()
    done = time.perf_counter()
    return {
        "seconds": done - started,
        "read": read - started,
        "write": done - read,
        "cells": written,
        "rows_read": rows_read,
    }


def child(variant: str, data: Path, out: Path) -> None:
    paths = sorted(data.glob("xa-*.xlsx"))
    if variant == "ranoat":
        figures = run_ranoat(paths, out)
    elif variant == "pandas":
        figures = run_pandas(paths, out)
    else:
        figures = run_floor(paths, out, data / "ranoat-merged.xlsx")
    print(json.dumps(figures))


def measure(variant: str, data: Path, out: Path) -> dict[str, Any]:
    """Run one variant in a fresh process; add its peak resident memory (MB)."""
    process = subprocess.Popen(
        [sys.executable, __file__, "--child", variant, "--data", str(data), "--out", str(out)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit(f"{variant} failed with status {status}")
    figures: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    figures["peak_mb"] = usage.ru_maxrss / 1024
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--communes", type=int, default=30)
    parser.add_argument("--households", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", type=Path, default=Path("/tmp/ranoat-bench-merge"))
    parser.add_argument("--skip-pandas", action="store_true", help="(a) takes minutes; run it once")
    parser.add_argument("--child", choices=["ranoat", "pandas", "floor"], help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        child(options.child, options.data, options.out)
        return
    data = options.data / f"{options.communes}x{options.households}"
    generate(data, options.communes, options.households)
    results: dict[str, list[dict[str, Any]]] = {"ranoat": [], "floor": [], "pandas": []}
    for run in range(options.runs):
        for variant in ("ranoat", "floor") + (() if options.skip_pandas or run > 0 else ("pandas",)):
            out = data / ("ranoat-merged.xlsx" if variant == "ranoat" else f"{variant}-merged.xlsx")
            figures = measure(variant, data, out)
            results[variant].append(figures)
            print(f"run {run + 1} {variant}: {figures}", file=sys.stderr)

    def median(variant: str, key: str = "seconds") -> float:
        return statistics.median(r[key] for r in results[variant])

    first = results["ranoat"][0]
    print(
        f"\n{options.communes} communes, {first['households']:,} households, {first['members']:,} members; "
        f"{options.runs} runs (medians)"
    )
    print(
        f"ranoat merge        {median('ranoat'):7.2f} s  (read+check {median('ranoat', 'read_and_check'):.2f} s, "
        f"of which the lists' and forms' check {median('ranoat', 'visible_check'):.2f} s; "
        f"write {median('ranoat', 'write'):.2f} s)  peak {max(r['peak_mb'] for r in results['ranoat']):.0f} MB"
    )
    print(
        f"(b) calamine+xlsxwriter floor {median('floor'):7.2f} s  (read {median('floor', 'read'):.2f} s, "
        f"write {median('floor', 'write'):.2f} s, {results['floor'][0]['cells']:,} cells)  "
        f"peak {max(r['peak_mb'] for r in results['floor']):.0f} MB"
    )
    print(f"ratio ranoat / floor: {median('ranoat') / median('floor'):.2f}x (target <= 1.5x)")
    if results["pandas"]:
        print(
            f"(a) pandas + openpyxl {median('pandas'):7.2f} s  "
            f"peak {max(r['peak_mb'] for r in results['pandas']):.0f} MB"
        )
        print(f"speed-up over (a): {median('pandas') / median('ranoat'):.1f}x (target >= 3x)")


if __name__ == "__main__":
    main()
