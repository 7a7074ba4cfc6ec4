"""The writer decision (issue #19): candidate writers on a plain data sheet.

    uv run --group bench python bench/bench_writers.py [--rows 230000] [--soffice]

Each candidate writes the same data sheet (rows like `data_members`: 13 columns of codes, names,
numbers, empty cells, and texts that break writers: formulas, a rich-text look-alike, escapes,
control characters, white space), then the file is read back with openpyxl and python-calamine
and, with --soffice, converted to PDF by LibreOffice (`soffice --headless --convert-to pdf`).
Printed per candidate: the time to write, the file's size, whether every cell reads back as
written in both readers, whether every formula-like text is a text in openpyxl (data type "s",
never "f"), and whether LibreOffice converted it.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

COLUMNS = [
    "household_code",
    "position",
    "full_name",
    "relation",
    "sex",
    "birth_year",
    "birth_date",
    "ethnicity_code",
    "cccd",
    "schooling",
    "health_insurance",
    "employment",
    "disability",
]
FORMULAS = ["=1+2", "+84 912", "-x", "@SUM(A1)", '=HYPERLINK("http://example.com","x")']
AWKWARD = [*FORMULAS, "a & b < c", " đầu", "cuối ", "dòng\nhai", "<r><t>đậm</t></r>", "_x0041_", "ctl\x01"]
NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lò Văn Cường", "Hoàng Thị Dung", *AWKWARD]


def rows(count: int) -> list[list[Any]]:
    pick = random.Random(1)
    return [
        [
            f"T{i // 4:05d}",
            i % 4 + 1,
            NAMES[i % len(NAMES)],
            pick.choice(["head", "spouse", "child"]),
            pick.choice(["male", "female"]),
            pick.randint(1930, 2020),
            None if i % 3 else "1980-02-03",
            "01",
            f"0{pick.randint(10**10, 10**11 - 1)}",
            None,
            pick.choice([0, 1, None]),
            "farmer",
            0,
        ]
        for i in range(count)
    ]


def xlsxwriter_write(path: Path, data: list[list[Any]]) -> None:
    import xlsxwriter

    from ranoat.excel.document import WORKBOOK_OPTIONS

    book = xlsxwriter.Workbook(str(path), {**WORKBOOK_OPTIONS, "constant_memory": True})
    sheet = book.add_worksheet("data_members")
    for c, name in enumerate(COLUMNS):
        sheet.write_string(0, c, name)
    for r, row in enumerate(data, 1):
        for c, v in enumerate(row):
            if isinstance(v, str):
                if v:
                    sheet.write_string(r, c, v)
            elif v is not None:
                sheet.write_number(r, c, v)
    book.close()


def rustpy_write(path: Path, data: list[list[Any]]) -> None:
    import rustpy_xlsxwriter

    rustpy_xlsxwriter.write_worksheets(
        [("data_members", [dict(zip(COLUMNS, row, strict=True)) for row in data])], str(path)
    )


def ranoat_write(path: Path, data: list[list[Any]]) -> None:
    from ranoat.excel.document import atomic_workbook, data_sheet

    with atomic_workbook(path, constant_memory=True) as book:
        data_sheet(book, "data_members", COLUMNS, data)


CANDIDATES: dict[str, Callable[[Path, list[list[Any]]], None]] = {
    "xlsxwriter 3.3.1 (constant_memory)": xlsxwriter_write,
    "rustpy-xlsxwriter 0.8.0": rustpy_write,
    "ranoat DataWorksheet": ranoat_write,
}


def expected(value: Any) -> Any:
    return "" if value is None else (float(value) if isinstance(value, (int, float)) else value)


def check(path: Path, data: list[list[Any]], sample: int) -> dict[str, Any]:
    import openpyxl
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    read = book.get_sheet_by_name("data_members").to_python(skip_empty_area=False)
    book.close()
    calamine_wrong = sorted(
        {
            repr(v)
            for got, row in zip(read[1:], data, strict=False)
            for g, v in zip(got, row, strict=False)
            if g != expected(v)
        }
    )
    wb = openpyxl.load_workbook(path, read_only=True)
    formulas_text, openpyxl_wrong = True, set()
    for row, given in zip(wb["data_members"].iter_rows(min_row=2, max_row=sample + 1), data, strict=False):
        for cell, value in zip(row, given, strict=False):
            if isinstance(value, str) and value in FORMULAS and cell.data_type != "s":
                formulas_text = False
            if isinstance(value, str) and value and cell.value != value:
                openpyxl_wrong.add(f"{value!r}->{cell.value!r}")
    wb.close()
    return {
        "calamine_differs": calamine_wrong,
        "openpyxl_differs": sorted(openpyxl_wrong),
        "formulas_as_text": formulas_text,
    }


def soffice(path: Path) -> bool:
    with tempfile.TemporaryDirectory() as out:
        done = subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", out, str(path)],
            capture_output=True,
            timeout=600,
            check=False,
        )
        return done.returncode == 0 and any(Path(out).glob("*.pdf"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=230_000)
    parser.add_argument("--soffice", action="store_true", help="also convert a 2,000-row file with LibreOffice")
    options = parser.parse_args()
    data = rows(options.rows)
    print(subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip())
    with tempfile.TemporaryDirectory() as folder:
        for name, write in CANDIDATES.items():
            path = Path(folder) / "out.xlsx"
            started = time.perf_counter()
            write(path, data)
            seconds = time.perf_counter() - started
            result = check(path, data, sample=5000)
            size = path.stat().st_size / 1e6
            if options.soffice:
                small = Path(folder) / "small.xlsx"
                write(small, data[:2000])
                result["libreoffice_pdf"] = soffice(small)
            print(f"{name:36s} {seconds:6.2f} s  {size:6.1f} MB  {result}")
            path.unlink()
    print(subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip())


if __name__ == "__main__":
    main()
