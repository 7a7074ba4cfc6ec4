"""Export timing (issue #5): all outputs of the 5,000-household demo's latest round, against
XlsxWriter writing the same cells — the floor — in the same run.

    uv run python bench/bench_export.py [--households 5000] [--runs 5] [--no-wait]

Targets: our export at most 1.3 × the floor (issue #5); at most 0.35 × XlsxWriter writing the same
cells (issue #19). Besides XlsxWriter, two other writers write the same cells' values (without their
formats: neither takes a format per cell), the collector paused: rustpy-xlsxwriter (Rust; its rows
are dicts, built inside the timing) and Ranoat's own data-sheet writer (`DataWorksheet`). "The
floor" is the fastest of the three in the run; the ratio to each is printed.

The floor is XlsxWriter writing exactly the cells our workbook holds — every `<c>` element of every
sheet, blank-with-a-format ones included, the same values, each with a format equal to the cell's
(font, bold/italic, borders, fill, alignment, wrapping, number format) — with the same workbook
options, then closing the file. The cells are read back from our own first export (untimed), and
the script checks that the floor's file holds as many cells as ours. The floor skips the database,
the report computation, merged ranges, column widths, row heights, the conditional format that
borders empty table cells, and print settings: what our export does on top of writing the cells.

Our export pauses Python's cyclic garbage collector while it runs (`ranoat.operations.export`). The
floor is timed both ways: as a plain script (collector on) and with the collector paused as ours
is. The verdict uses the second, the stricter: the same conditions for both.

Ours and the floors run in turn, each when other processes use under 0.2 cores (and again, up to
3 times, when they used more than 0.3 meanwhile; `--no-wait` turns this off)."""

from __future__ import annotations

import argparse
import gc
import re
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import xlsxwriter
from benchutil import OtherLoad, print_disturbed, undisturbed
from openpyxl.cell.cell import Cell as OpenpyxlCell

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ranoat.demo import create_demo
from ranoat.excel.document import WORKBOOK_OPTIONS
from ranoat.operations.export import export_round, latest_round_id
from ranoat.rules.rulebook import load_all
from ranoat.storage.database import open_database

CellSpec = tuple[int, int, Any, int]  # row, column, value (None: blank with a format), format key
CELL = re.compile(rb"<c ")


def cell_count(path: Path) -> dict[str, int]:
    """The `<c>` elements of each worksheet part of an .xlsx."""
    with zipfile.ZipFile(path) as archive:
        return {
            name: len(CELL.findall(archive.read(name)))
            for name in archive.namelist()
            if name.startswith("xl/worksheets/sheet")
        }


def format_properties(cell: OpenpyxlCell) -> dict[str, Any]:
    """An XlsxWriter format equal to the cell's style, as far as our workbook uses styles."""
    font, alignment, border, fill = cell.font, cell.alignment, cell.border, cell.fill
    props: dict[str, Any] = {"font_name": font.name, "font_size": font.sz}
    if font.b:
        props["bold"] = True
    if font.i:
        props["italic"] = True
    if font.u:
        props["underline"] = 1
    if cell.number_format != "General":
        props["num_format"] = cell.number_format
    if alignment.horizontal:
        props["align"] = alignment.horizontal
    if alignment.vertical:
        props["valign"] = "vcenter" if alignment.vertical == "center" else alignment.vertical
    if alignment.wrap_text:
        props["text_wrap"] = True
    if border.left is not None and border.left.style:
        props["border"] = 1
    if fill.fill_type == "solid" and fill.fgColor is not None and isinstance(fill.fgColor.rgb, str):
        props["bg_color"] = "#" + fill.fgColor.rgb[-6:]
    return props


def floor_cells(path: Path) -> tuple[dict[str, list[CellSpec]], dict[int, dict[str, Any]]]:
    """Every cell of our workbook, sheet by sheet in row order, and the formats they use."""
    book = openpyxl.load_workbook(path)
    sheets: dict[str, list[CellSpec]] = {}
    formats: dict[int, dict[str, Any]] = {}
    for sheet in book.worksheets:
        cells: list[CellSpec] = []
        for (row, column), cell in sorted(sheet._cells.items()):  # the cells present in the file
            key = cell.style_id
            if key not in formats:
                formats[key] = format_properties(cell)
            cells.append((row - 1, column - 1, cell.value, key))
        sheets[sheet.title] = cells
    book.close()
    return sheets, formats


def floor_write(
    path: Path, sheets: dict[str, list[CellSpec]], properties: dict[int, dict[str, Any]], *, collector: bool
) -> float:
    """Write the cells; ``collector`` False: with the cyclic garbage collector paused, as our export runs."""
    if not collector:
        gc.disable()
    try:
        return _floor_write(path, sheets, properties)
    finally:
        gc.enable()


def _floor_write(path: Path, sheets: dict[str, list[CellSpec]], properties: dict[int, dict[str, Any]]) -> float:
    started = time.perf_counter()
    book = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
    formats = {key: book.add_format(props) for key, props in properties.items()}
    for name, cells in sheets.items():
        sheet = book.add_worksheet(name)
        for row, column, value, key in cells:
            if value is None:
                sheet.write_blank(row, column, None, formats[key])
            elif isinstance(value, str):
                sheet.write_string(row, column, value, formats[key])
            else:
                sheet.write_number(row, column, value, formats[key])
    book.close()
    return time.perf_counter() - started


def grids(sheets: dict[str, list[CellSpec]]) -> dict[str, list[list[Any]]]:
    """Each sheet's cells as rows of values (a blank with a format: empty)."""
    found: dict[str, list[list[Any]]] = {}
    for name, cells in sheets.items():
        height = max((r for r, _, _, _ in cells), default=-1) + 1
        width = max((c for _, c, _, _ in cells), default=-1) + 1
        grid: list[list[Any]] = [[None] * width for _ in range(height)]
        for row, column, value, _ in cells:
            grid[row][column] = value
        found[name] = grid
    return found


def rustpy_write(path: Path, grid: dict[str, list[list[Any]]]) -> float:
    import rustpy_xlsxwriter

    gc.disable()
    try:
        started = time.perf_counter()
        entries: list[tuple[str, Any]] = []
        for name, rows in grid.items():
            keys = [str(i) for i in range(len(rows[0]) if rows else 0)]
            entries.append((name, [dict(zip(keys, row, strict=True)) for row in rows]))
        rustpy_xlsxwriter.write_worksheets(entries, str(path))
        return time.perf_counter() - started
    finally:
        gc.enable()


def ranoat_writer_write(path: Path, grid: dict[str, list[list[Any]]]) -> float:
    from ranoat.excel.document import DataWorksheet, new_workbook

    gc.disable()
    try:
        started = time.perf_counter()
        book = new_workbook(path)
        bold = book.add_format({"bold": True})._get_xf_index()
        for name, rows in grid.items():
            sheet = book.add_worksheet(name, worksheet_class=DataWorksheet)
            header = [str(v) if v is not None else "" for v in rows[0]] if rows else []
            sheet.set_data(header, rows, 1, len(rows), bold)
        book.close()
        return time.perf_counter() - started
    finally:
        gc.enable()


def rounded(times: list[float]) -> list[float]:
    return [round(t, 2) for t in times]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-wait", action="store_true", help="measure at once, however busy the machine is")
    args = parser.parse_args()
    wait = not args.no_wait
    rulebooks = load_all()
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "xa.sqlite3"
        create_demo(db_path, households=args.households, seed=1)
        ours: list[float] = []
        floors: dict[bool, list[float]] = {True: [], False: []}  # by collector on
        others_floors: dict[str, list[float]] = {"rustpy": [], "ranoat-writer": []}
        others: list[float] = []  # cores other processes used during each measurement kept
        last_load = [0.0]
        with open_database(db_path) as database:
            round_id = latest_round_id(database)
            first = Path(folder) / "first.xlsx"
            result = export_round(database, round_id, first, rulebooks)  # warm-up, and the floor's cells
            sheets, properties = floor_cells(first)
            grid = grids(sheets)
            expected = cell_count(first)
            for run in range(args.runs):
                out = Path(folder) / f"ours-{run}.xlsx"

                def export(out: Path = out) -> float:
                    load = OtherLoad()
                    started = time.perf_counter()
                    export_round(database, round_id, out, rulebooks)
                    elapsed = time.perf_counter() - started
                    last_load[0] = load.cores()  # of the attempt kept
                    return elapsed

                gc.collect()
                ours.append(undisturbed(export, label=f"export run {run + 1}", enabled=wait))
                others.append(last_load[0])
                assert cell_count(out) == expected, "our export wrote different cells from one run to the next"
                for collector in (False, True):
                    floor = Path(folder) / f"floor-{run}-{collector}.xlsx"

                    def write(floor: Path = floor, collector: bool = collector) -> float:
                        load = OtherLoad()
                        elapsed = floor_write(floor, sheets, properties, collector=collector)
                        last_load[0] = load.cores()
                        return elapsed

                    gc.collect()
                    label = f"floor run {run + 1}, collector {'on' if collector else 'paused'}"
                    floors[collector].append(undisturbed(write, label=label, enabled=wait))
                    others.append(last_load[0])
                    assert sum(cell_count(floor).values()) == sum(expected.values()), "the floor wrote other cells"
                for writer, function in (("rustpy", rustpy_write), ("ranoat-writer", ranoat_writer_write)):
                    floor = Path(folder) / f"floor-{run}-{writer}.xlsx"

                    def other(floor: Path = floor, function: Any = function) -> float:
                        load = OtherLoad()
                        elapsed: float = function(floor, grid)
                        last_load[0] = load.cores()
                        return elapsed

                    gc.collect()
                    others_floors[writer].append(undisturbed(other, label=f"{writer} run {run + 1}", enabled=wait))
                    others.append(last_load[0])
        cells = sum(expected.values())
        blank = sum(1 for specs in sheets.values() for spec in specs if spec[2] is None)
        print(f"households: {args.households}; sheets: {len(result.sheets)}; cells: {cells:,} ({blank:,} blank)")
        print(f"ranoat export (all outputs):            median {statistics.median(ours):.2f} s  runs {rounded(ours)}")
        for collector, label in ((False, "collector paused"), (True, "collector on    ")):
            times = floors[collector]
            print(f"floor: same cells, {label}:     median {statistics.median(times):.2f} s  runs {rounded(times)}")
        for collector, label in ((False, "the floor with the collector paused, as ours"), (True, "the plain floor")):
            times = floors[collector]
            ratio = statistics.median(ours) / statistics.median(times)
            pairs = statistics.median(o / f for o, f in zip(ours, times, strict=True))
            verdict = ("pass" if ratio <= 1.3 else "FAIL") if not collector else "for comparison"
            print(f"ratio to {label}: {ratio:.2f} × (median of per-run ratios {pairs:.2f} ×) — {verdict}")
        for writer, times in others_floors.items():
            print(f"floor: same values, {writer:13s}:  median {statistics.median(times):.2f} s  runs {rounded(times)}")
        candidates = {
            "xlsxwriter": statistics.median(floors[False]),
            **{w: statistics.median(t) for w, t in others_floors.items()},
        }
        fastest = min(candidates, key=candidates.__getitem__)
        mine = statistics.median(ours)
        ratio = mine / candidates[fastest]
        print(f"floor = the fastest candidate: {fastest} ({candidates[fastest]:.2f} s); ratio {ratio:.2f} ×")
        xlsx = mine / candidates["xlsxwriter"]
        verdict = "pass" if xlsx <= 0.35 else "FAIL"
        print(f"ratio to XlsxWriter writing the same cells: {xlsx:.2f} × (target <= 0.35 ×: {verdict})")
        import resource

        print(f"peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
        busy = statistics.median(others)
        print(f"other processes during the measurements: median {busy:.2f} cores, max {max(others):.2f}")
        print_disturbed(wait)
    return 0


if __name__ == "__main__":
    sys.exit(main())
