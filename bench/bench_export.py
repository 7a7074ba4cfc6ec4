"""Export timing (issue #5): all outputs of the 5,000-household demo's latest round, against
XlsxWriter writing the same cells with no formatting — the floor — in the same run.

    uv run python bench/bench_export.py [--households 5000] [--runs 3]

Target: our export at most 1.3 × the floor. Both write the same sheets and the same values (read
back from our workbook, untimed); the floor skips the database, the report computation, formats,
merged headers and print settings.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import openpyxl
import xlsxwriter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ranoat.operations.demo import create_demo
from ranoat.operations.export import export_round, latest_round_id
from ranoat.rules.rulebook import load_all
from ranoat.storage.database import open_database


def floor_write(path: Path, sheets: dict[str, list[tuple[object, ...]]]) -> float:
    started = time.perf_counter()
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, str):
                    sheet.write_string(r, c, value)
                else:
                    sheet.write_number(r, c, value)  # type: ignore[arg-type]
    book.close()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rulebooks = load_all()
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "xa.sqlite3"
        create_demo(db_path, households=args.households, seed=1)
        ours: list[float] = []
        floors: list[float] = []
        with open_database(db_path) as database:
            round_id = latest_round_id(database)
            for run in range(args.runs):
                out = Path(folder) / f"ours-{run}.xlsx"
                started = time.perf_counter()
                result = export_round(database, round_id, out, rulebooks)
                ours.append(time.perf_counter() - started)
                book = openpyxl.load_workbook(out, read_only=True)
                cells = {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}
                book.close()
                floors.append(floor_write(Path(folder) / f"floor-{run}.xlsx", cells))
        count = sum(len(rows) * max((len(r) for r in rows), default=0) for rows in cells.values())
        ours_median, floor_median = statistics.median(ours), statistics.median(floors)
        print(f"households: {args.households}; sheets: {len(result.sheets)}; cells (rows × columns): {count:,}")
        print(f"ranoat export (all outputs):     median {ours_median:.2f} s  runs {[round(t, 2) for t in ours]}")
        print(f"xlsxwriter, same cells, no style: median {floor_median:.2f} s  runs {[round(t, 2) for t in floors]}")
        ratio = ours_median / floor_median
        print(f"ratio: {ratio:.2f} × (target ≤ 1.3 ×) — {'pass' if ratio <= 1.3 else 'FAIL'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
