"""Benchmark: merging 30 communes of 2,000 households (issues #6, #19).

    uv run --group bench python bench/bench_merge.py [--communes 30] [--households 2000] [--runs 3]

Generates the communes once with `ranoat demo` and `ranoat export` (cached in --data, default
/tmp/ranoat-bench-merge), then times, each run in a fresh child process so that its peak memory
(ru_maxrss) is its own:

- ranoat:  `merge_workbooks` + `write_merged`, the whole merge as `ranoat merge` does it (its
           reading processes' peak is reported beside the main process's);
- pandas:  (a) a plain script: pandas.read_excel(engine="openpyxl") of each file's two data sheets,
           concat with a commune column, DataFrame.to_excel (openpyxl) of both sheets;
- floors:  (b) reading the same files' data sheets and metadata with python-calamine, and writing
           exactly the cells of ranoat's merged workbook (every sheet, values only), once per
           candidate writer: XlsxWriter (default mode, its fastest), rustpy-xlsxwriter (Rust,
           `write_worksheets`) and Ranoat's own data-sheet writer (`DataWorksheet`). The floor is
           the fastest of them in the run.

The machine's load (`uptime`) is printed before and after. Targets (issue #19): ranoat at most
0.25x the XlsxWriter floor and at least 15x faster than (a), peak memory at most 500 MB.
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
    import resource

    return {
        "workers_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
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


def _read_inputs(paths: list[Path]) -> int:
    from python_calamine import CalamineWorkbook

    rows_read = 0
    for path in paths:
        book = CalamineWorkbook.from_path(str(path))
        for name in ("metadata", "data_households", "data_members"):
            rows_read += len(book.get_sheet_by_name(name).to_python())
        book.close()
    return rows_read


def _write_xlsxwriter(out: Path, sheets: list[tuple[str, list[list[Any]]]]) -> int:
    import xlsxwriter

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
    return written


def _write_rustpy(out: Path, sheets: list[tuple[str, list[list[Any]]]]) -> int:
    """rustpy-xlsxwriter takes rows as dicts; its header row is the keys ("0", "1", …): one row more
    per sheet than the others write (under 600 cells of 4.8 million)."""
    import rustpy_xlsxwriter

    written = 0
    entries = []
    for name, rows in sheets:
        width = max((len(row) for row in rows), default=0)
        keys = [str(i) for i in range(width)]
        records = [{k: (None if v == "" else v) for k, v in zip(keys, row, strict=False)} for row in rows]
        written += sum(1 for row in rows for v in row if v != "" and v is not None)
        entries.append((name, records))
    rustpy_xlsxwriter.write_worksheets(entries, str(out))
    return written


def _write_ranoat(out: Path, sheets: list[tuple[str, list[list[Any]]]]) -> int:
    from ranoat.excel.document import DataWorksheet, new_workbook

    book = new_workbook(out)
    bold = book.add_format({"bold": True})._get_xf_index()
    written = 0
    for name, rows in sheets:
        sheet = book.add_worksheet(name, worksheet_class=DataWorksheet)
        sheet.set_data([str(v) for v in rows[0]] if rows else [], rows, 1, len(rows), bold)
        written += sum(1 for row in rows for v in row if v != "" and v is not None)
    book.close()
    return written


WRITERS = {"xlsxwriter": _write_xlsxwriter, "rustpy": _write_rustpy, "ranoat-writer": _write_ranoat}


def run_floor(writer: str, paths: list[Path], out: Path, cells_from: Path) -> dict[str, Any]:
    sheets = merged_cells(cells_from)
    started = time.perf_counter()
    rows_read = _read_inputs(paths)
    read = time.perf_counter()
    written = WRITERS[writer](out, sheets)
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
        figures = run_floor(variant.removeprefix("floor-"), paths, out, data / "ranoat-merged.xlsx")
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


FLOORS = tuple(f"floor-{writer}" for writer in WRITERS)


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--communes", type=int, default=30)
    parser.add_argument("--households", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", type=Path, default=Path("/tmp/ranoat-bench-merge"))
    parser.add_argument("--skip-pandas", action="store_true", help="(a) takes minutes; run it once")
    parser.add_argument("--child", choices=["ranoat", "pandas", *FLOORS], help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        child(options.child, options.data, options.out)
        return
    data = options.data / f"{options.communes}x{options.households}"
    generate(data, options.communes, options.households)
    loads = [uptime()]
    print(f"load before: {loads[0]}", file=sys.stderr)
    results: dict[str, list[dict[str, Any]]] = {v: [] for v in ("ranoat", *FLOORS, "pandas")}
    for run in range(options.runs):
        for variant in ("ranoat", *FLOORS) + (() if options.skip_pandas or run > 0 else ("pandas",)):
            out = data / ("ranoat-merged.xlsx" if variant == "ranoat" else f"{variant}-merged.xlsx")
            figures = measure(variant, data, out)
            results[variant].append(figures)
            print(f"run {run + 1} {variant}: {figures}", file=sys.stderr)
    loads.append(uptime())

    def median(variant: str, key: str = "seconds") -> float:
        return statistics.median(r[key] for r in results[variant])

    first = results["ranoat"][0]
    ours = median("ranoat")
    print(f"\nload before: {loads[0]}\nload after:  {loads[1]}")
    print(
        f"{options.communes} communes, {first['households']:,} households, {first['members']:,} members; "
        f"{options.runs} runs (medians)"
    )
    print(
        f"ranoat merge        {ours:7.2f} s  (read+check {median('ranoat', 'read_and_check'):.2f} s, "
        f"of which the lists' and forms' check {median('ranoat', 'visible_check'):.2f} s; "
        f"write {median('ranoat', 'write'):.2f} s)  peak {max(r['peak_mb'] for r in results['ranoat']):.0f} MB, "
        f"each reading process {max(r['workers_peak_mb'] for r in results['ranoat']):.0f} MB"
    )
    for variant in FLOORS:
        print(
            f"(b) {variant:20s} {median(variant):7.2f} s  (read {median(variant, 'read'):.2f} s, "
            f"write {median(variant, 'write'):.2f} s, {results[variant][0]['cells']:,} cells)  "
            f"peak {max(r['peak_mb'] for r in results[variant]):.0f} MB"
        )
    fastest = min(FLOORS, key=median)
    print(f"floor = the fastest candidate: {fastest}")
    print(f"ratio ranoat / floor ({fastest}): {ours / median(fastest):.2f}x")
    print(f"ratio ranoat / XlsxWriter floor: {ours / median('floor-xlsxwriter'):.2f}x (target <= 0.25x)")
    if results["pandas"]:
        print(
            f"(a) pandas + openpyxl {median('pandas'):7.2f} s  "
            f"peak {max(r['peak_mb'] for r in results['pandas']):.0f} MB"
        )
        print(f"speed-up over (a): {median('pandas') / ours:.1f}x (target >= 15x)")
    peak = max(r["peak_mb"] for r in results["ranoat"])
    print(f"merge peak memory {peak:.0f} MB (target <= 500 MB)")


if __name__ == "__main__":
    main()
