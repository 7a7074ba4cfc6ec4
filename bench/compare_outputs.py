"""Before/after comparison of the merged workbook and a commune's export (issue #19).

    uv run python bench/compare_outputs.py BEFORE_TREE AFTER_TREE [--work /tmp/ranoat-compare]

Makes three 150-household demo communes and their exports with BEFORE_TREE's code (the inputs),
then with each tree's code the merge of the three (fixed clock and export time) and the export of
commune 1; converts every workbook to PDF with LibreOffice (`soffice --headless --convert-to pdf`),
renders the pages at 50 dpi (`pdftoppm`) and compares them pixel for pixel; and compares every
cell of every sheet: value, type, font, borders, fill, alignment and number format (openpyxl),
and each sheet's state, panes, merged ranges, print titles, orientation and page breaks. Exits
non-zero on any difference (the export's metadata `exported_at` and `data_sha256` excepted: the
export time differs).
"""

from __future__ import annotations

import argparse
import filecmp
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

MAKE_INPUTS = """
import sys
from pathlib import Path
from ranoat.demo import create_demo
from ranoat.operations.export import export_round, latest_round_id
from ranoat.rules.rulebook import load_all
from ranoat.storage.database import open_database
src = Path(sys.argv[1]); src.mkdir(parents=True, exist_ok=True)
for n in (1, 2, 3):
    db = src / f"db{n}.sqlite3"
    create_demo(db, households=150, seed=n, commune_code=f"9{n:04d}")
    with open_database(db) as d:
        export_round(d, latest_round_id(d), src / f"xa-{n}.xlsx", load_all())
"""
MAKE_OUTPUTS = """
import datetime as dt, sys
from pathlib import Path
from ranoat.merge import Level, MergeSettings, merge_workbooks, write_merged
from ranoat.operations.export import export_round, latest_round_id
from ranoat.rules.rulebook import load_all
from ranoat.storage.database import open_database
if __name__ == "__main__":
    src, out = Path(sys.argv[1]), Path(sys.argv[2]); out.mkdir(parents=True, exist_ok=True)
    when = dt.datetime(2026, 12, 8, 3, 0, tzinfo=dt.UTC)
    books = load_all()
    result = merge_workbooks(sorted(src.glob("xa-*.xlsx")), books, now=when)
    write_merged(result, out / "merged.xlsx", MergeSettings(Level.PROVINCE, "Lạng Sơn"), exported_at=when)
    with open_database(src / "db1.sqlite3") as database:
        export_round(database, latest_round_id(database), out / "export.xlsx", books)
"""


def run(tree: Path, script: str, *args: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    subprocess.run([sys.executable, "-c", script, *map(str, args)], cwd=tree, env=env, check=True)


def cell_key(cell: Any) -> tuple[Any, ...]:
    f, b, a = cell.font, cell.border, cell.alignment
    return (
        cell.value, cell.data_type, f.b, f.i, f.u, f.sz, f.name,
        b.left.style, b.right.style, b.top.style, b.bottom.style,
        cell.fill.fill_type, str(cell.fill.fgColor.rgb), a.horizontal, a.vertical, a.wrap_text, cell.number_format,
    )  # fmt: skip


def sheet_key(sheet: Any) -> tuple[Any, ...]:
    return (
        sheet.title, sheet.sheet_state, sheet.freeze_panes, str(sheet.merged_cells), sheet.print_title_rows,
        sheet.page_setup.orientation, sheet.row_breaks.count,
    )  # fmt: skip


def compare_cells(before: Path, after: Path) -> list[str]:
    import openpyxl

    a, b = openpyxl.load_workbook(before), openpyxl.load_workbook(after)
    found = []
    if a.sheetnames != b.sheetnames:
        found.append(f"{after.name}: sheets {a.sheetnames} != {b.sheetnames}")
    for one, two in zip(a.worksheets, b.worksheets, strict=False):
        if sheet_key(one) != sheet_key(two):
            found.append(f"{after.name} «{one.title}»: {sheet_key(one)} != {sheet_key(two)}")
        for r1, r2 in zip(one.iter_rows(), two.iter_rows(), strict=False):
            for c1, c2 in zip(r1, r2, strict=False):
                if one.title == "metadata" and r1[0].value in ("exported_at", "data_sha256"):
                    continue
                if cell_key(c1) != cell_key(c2):
                    found.append(f"{after.name} «{one.title}» {c1.coordinate}: {cell_key(c1)} != {cell_key(c2)}")
    return found


def compare_pages(before: Path, after: Path, work: Path) -> list[str]:
    found = []
    pages: dict[str, list[Path]] = {}
    for side, path in (("before", before), ("after", after)):
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(path.parent), str(path)],
            check=True, capture_output=True, timeout=600,
        )  # fmt: skip
        images = work / f"{side}-{path.stem}"
        images.mkdir(parents=True, exist_ok=True)
        subprocess.run(["pdftoppm", "-r", "50", "-png", str(path.with_suffix(".pdf")), str(images / "p")], check=True)
        pages[side] = sorted(images.glob("*.png"))
    if len(pages["before"]) != len(pages["after"]):
        found.append(f"{after.name}: {len(pages['before'])} pages before, {len(pages['after'])} after")
    for one, two in zip(pages["before"], pages["after"], strict=False):
        if not filecmp.cmp(one, two, shallow=False):
            found.append(f"{after.name}: page {one.stem} differs")
    print(f"{after.name}: {len(pages['before'])} pages before, {len(pages['after'])} after")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--work", type=Path, default=Path("/tmp/ranoat-compare"))
    options = parser.parse_args()
    work = options.work
    subprocess.run(["rm", "-rf", str(work)], check=True)
    run(options.before, MAKE_INPUTS, work / "src")
    for side, tree in (("before", options.before), ("after", options.after)):
        run(tree, MAKE_OUTPUTS, work / "src", work / side)
    problems = []
    for name in ("merged.xlsx", "export.xlsx"):
        before, after = work / "before" / name, work / "after" / name
        problems += compare_cells(before, after)
        problems += compare_pages(before, after, work / "pages")
    for problem in problems[:50]:
        print(problem)
    print("identical: every cell, format and page" if not problems else f"{len(problems)} differences")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
