"""Benchmark: the province's store at a province's size (issue #18).

    uv run python bench/bench_province.py [--communes 200] [--households 2000] \
        --store /tmp/p.sqlite3 [--store postgresql+psycopg://ranoat@127.0.0.1:54329/ranoat]

The communes' exchange workbooks are generated once as bench/bench_merge_large.py does (`ranoat
demo` + `ranoat export`, cached in --data, default /tmp/ranoat-bench-merge/<communes>x<households>;
200 × 2,000 households give about 1.5 million members). A newer export of the first commune (one
household's address changed in its database, exported again) is made once beside them.

For each store, emptied first (a SQLite file removed; a PostgreSQL database's ``public`` schema
dropped: use a database for benchmarks only), each step in a fresh child process so that its peak
memory (ru_maxrss) is its own:

1. load: every commune's workbook into the empty store (`load_files`, the merge's checks included);
2. replace: the newer export of the first commune (the older one kept as history);
3. status: `status()`, what is loaded and missing;
4. forms: forms 7.1–7.10 of the whole province from the store (`province_forms`, from the counts kept
   with each export) written as a workbook (`write_forms`): `ranoat province export --forms-only`;
5. recount: the same, every commune counted again from its household rows one at a time (what a
   store loaded before migration p0002 does; no target).

Targets: load ≤ 3 min (PostgreSQL), ≤ 5 min (SQLite); replace ≤ 5 s; forms ≤ 10 s; peak ≤ 500 MB.
Prints one line per step (seconds, peak MB, load average) and exits non-zero if a step's check fails.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGETS = {"load": {"sqlite": 300.0, "postgresql": 180.0}, "replace": 5.0, "forms": 10.0}
PEAK_MB = 500


def newer_export(data: Path) -> Path:
    """The first commune exported again after one household's address changed (made once)."""
    from ranoat.operations.export import export_round, latest_round_id
    from ranoat.rules.rulebook import load_all
    from ranoat.storage.database import open_database

    out = data / "newer" / "xa-90001-moi.xlsx"
    if out.exists():
        return out
    out.parent.mkdir(exist_ok=True)
    copy = out.parent / "90001.sqlite3"
    shutil.copy(data / "90001.sqlite3", copy)
    with sqlite3.connect(copy) as raw:
        raw.execute("UPDATE household SET address = 'Địa chỉ đã sửa' WHERE id = (SELECT min(id) FROM household)")
    with open_database(copy) as database:
        export_round(database, latest_round_id(database), out, load_all())
    return out


def empty(store: str) -> None:
    if "://" not in store:
        for suffix in ("", "-wal", "-shm"):
            Path(store + suffix).unlink(missing_ok=True)
        return
    from sqlalchemy import create_engine

    engine = create_engine(store)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    engine.dispose()


def child(kind: str, store: str, files: list[str], out: str) -> dict[str, Any]:
    from ranoat.province.answers import status
    from ranoat.province.forms import province_forms, write_forms
    from ranoat.province.load import load_files
    from ranoat.province.store import open_store
    from ranoat.rules.rulebook import load_all

    books = load_all()
    opened = open_store(store)
    started = time.perf_counter()
    figures: dict[str, Any] = {}
    if kind in ("load", "replace"):
        reports = load_files(opened, [Path(f) for f in files], books, workers=min(os.cpu_count() or 1, 4))
        figures["loaded"] = sum(1 for r in reports if r.status.value == "merged")
        figures["refused"] = [r.reason for r in reports if r.status.value != "merged"][:3]
        figures["households"] = sum(r.households for r in reports)
        figures["members"] = sum(r.members for r in reports)
    elif kind == "status":
        found = status(opened)
        figures["current"] = len(found.loaded)
        figures["history"] = sum(item.history for item in found.loaded)
    else:  # forms; recount: every commune counted again from its household rows (a store older than p0002)
        year = status(opened).loaded[0].round_year
        result = province_forms(opened, books, year=year, kind="periodic", recount=kind == "recount")
        computed = time.perf_counter()
        write_forms(result, Path(out))
        figures["compute"] = round(computed - started, 2)
        figures["communes"] = len(result.communes)
        figures["households"] = result.household_count
        figures["members"] = result.member_count
        assert result.forms is not None
        figures["form_7_1_total"] = result.forms.form_7_1.table.total.lines[0].counts
    figures["seconds"] = round(time.perf_counter() - started, 2)
    # the main process and the largest checking process (load: at most --workers of them at once)
    figures["main_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    figures["worker_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    figures["cpu_s"] = round(own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime, 1)
    opened.close()
    return figures


def measure(kind: str, store: str, files: list[str], out: Path) -> dict[str, Any]:
    process = subprocess.Popen(
        [sys.executable, __file__, "--child", kind, "--store", store, "--out", str(out), *files],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    output = process.stdout.read()
    _, code, usage = os.wait4(process.pid, 0)
    if code != 0:
        raise SystemExit(f"{kind} failed ({code})")
    figures: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    figures["peak_mb"] = round(usage.ru_maxrss / 1024)
    figures["load_average"] = [round(x, 2) for x in os.getloadavg()]
    return figures


def run_store(store: str, files: list[str], newer: Path, folder: Path) -> list[str]:
    engine = "postgresql" if store.startswith("postgresql") else "sqlite"
    empty(store)
    failures = []
    print(f"\n== {engine}: {store}", flush=True)
    steps = (("load", files), ("replace", [str(newer)]), ("status", []), ("forms", []), ("recount", []))
    for kind, inputs in steps:
        figures = measure(kind, store, inputs, folder / f"province-forms-{engine}.xlsx")
        print(f"{kind:8} {json.dumps(figures, ensure_ascii=False)}", flush=True)
        target = TARGETS.get(kind)
        limit = target[engine] if isinstance(target, dict) else target
        if limit is not None and figures["seconds"] > limit:
            failures.append(f"{engine} {kind}: {figures['seconds']} s > {limit} s")
        if figures["peak_mb"] > PEAK_MB:
            failures.append(f"{engine} {kind}: peak {figures['peak_mb']} MB > {PEAK_MB} MB")
        if kind in ("load", "replace") and figures["loaded"] != len(inputs):
            failures.append(f"{engine} {kind}: {figures['loaded']}/{len(inputs)} loaded {figures['refused']}")
        if kind == "status" and (figures["current"], figures["history"]) != (len(files), 1):
            failures.append(f"{engine} status: {figures}")
        if kind in ("forms", "recount") and figures["communes"] != len(files):
            failures.append(f"{engine} forms: {figures['communes']} communes")
    if "://" not in store:
        print(f"store file: {Path(store).stat().st_size / 1024 / 1024:.0f} MB", flush=True)
    return failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--communes", type=int, default=200)
    parser.add_argument("--households", type=int, default=2000)
    parser.add_argument("--data", type=Path, default=Path("/tmp/ranoat-bench-merge"))
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="processes generating communes")
    parser.add_argument("--store", action="append", default=[], help="a SQLite file or a PostgreSQL URL (repeat)")
    parser.add_argument("--child", default="", help=argparse.SUPPRESS)
    parser.add_argument("--out", default="", help=argparse.SUPPRESS)
    parser.add_argument("files", nargs="*", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        print(json.dumps(child(options.child, options.store[0], options.files, options.out), ensure_ascii=False))
        return
    from bench_merge_large import generate
    from benchutil import code_revision

    folder = options.data / f"{options.communes}x{options.households}"
    files = [str(p) for p in generate(folder, options.communes, options.households, options.workers)]
    newer = newer_export(folder)
    print(f"code {code_revision()}; {len(files)} communes in {folder}; load average {os.getloadavg()}", flush=True)
    failures = [failure for store in options.store for failure in run_store(store, files, newer, folder)]
    if failures:
        raise SystemExit("targets missed: " + "; ".join(failures))
    print("every target met")


if __name__ == "__main__":
    main()
