"""How long importing a commune's list from Excel takes (issue #7): 5,000 households by default.

    uv run python bench/bench_import.py                    # 5,000 households, 3 runs
    uv run python bench/bench_import.py --households 20000 --runs 1 --no-wait

The lists come from a demo commune (`ranoat demo`), so names, ethnic groups and CCCDs are realistic:

- **official layout**: the commune's list as it is typed by hand: a title block, a two-row merged
  header ("Năm sinh" over "Nam" and "Nữ"), a numbering row, the head's row followed by the members'
  rows, ethnic groups by name, CCCDs as text, the village and the status (hộ nghèo / cận nghèo);
- the same list **in TCVN3** (as typed with the .VnTime fonts), to time the legacy conversion;
- Ranoat's own **exchange workbook** of the demo's latest round (`ranoat export`).

Each run imports into a new database that has the commune and its villages and no households, and
times the steps a user waits for: reading the sheet (header and mapping suggestion included),
checking every row and matching against the database (the plan), and writing (the automatic backup
and the one transaction).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchutil import (
    Stats,
    bench_env,
    markdown_table,
    print_disturbed,
    print_machine_facts,
    print_section,
    ranoat_command,
    run_demo,
    undisturbed,
)

from ranoat.domain.ethnicity import ethnicity_name
from ranoat.domain.household import Relation, Sex
from ranoat.importing.legacy import TCVN3_TABLE
from ranoat.operations.commune import CommuneData, VillageData, load_commune, save_commune
from ranoat.operations.importing import plan_exchange, plan_list, read_list, run_import
from ranoat.reports.lists import relation_name
from ranoat.rules.rulebook import load_all
from ranoat.storage.database import open_database

STATUS_NAMES = {"poor": "Hộ nghèo", "near_poor": "Hộ cận nghèo"}
_TO_TCVN3 = {unicode: legacy for legacy, unicode in TCVN3_TABLE.items()}


def to_tcvn3(text: str) -> str:
    return "".join(_TO_TCVN3.get(ch, _TO_TCVN3.get(ch.lower(), ch)) for ch in text)


def write_official_list(demo: Path, out: Path, *, legacy: bool = False) -> tuple[int, int]:
    """The demo's households (all of them, with their latest status) as a hand-made official list."""
    import xlsxwriter

    connection = sqlite3.connect(demo)
    latest = connection.execute("SELECT max(id) FROM review_round").fetchone()[0]
    status = dict(
        connection.execute(
            "SELECT household_id, coalesce(s.override_category, s.category) FROM survey s WHERE round_id = ?",
            (latest,),
        ).fetchall()
    )
    households = connection.execute(
        "SELECT h.id, v.name FROM household h JOIN village v ON v.id = h.village_id ORDER BY v.position, h.head_sort"
    ).fetchall()
    members: dict[int, list[tuple[str, str, str, int, str, str | None]]] = {}
    for row in connection.execute(
        "SELECT household_id, full_name, relation, sex, birth_year, ethnicity_code, cccd FROM member "
        "ORDER BY household_id, position"
    ):
        members.setdefault(row[0], []).append(row[1:])
    connection.close()
    text: Callable[[str], str] = to_tcvn3 if legacy else (lambda s: s)
    book = xlsxwriter.Workbook(str(out))
    sheet = book.add_worksheet("DS")
    sheet.merge_range("A1:I1", text("DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2025"))
    headers = ["STT", "Họ và tên", "Quan hệ với chủ hộ", "Năm sinh", "", "Dân tộc", "Số CCCD", "Thôn", "Phân loại"]
    for column, label in enumerate(headers):
        if column not in (3, 4):
            sheet.merge_range(2, column, 3, column, text(label))
    sheet.merge_range(2, 3, 2, 4, text("Năm sinh"))
    sheet.write_string(3, 3, "Nam")
    sheet.write_string(3, 4, text("Nữ"))
    for column in range(9):
        sheet.write_string(4, column, f"({column + 1})")
    row = 5
    people = 0
    for number, (household_id, village) in enumerate(households, start=1):
        for position, (name, relation, sex, year, ethnicity, cccd) in enumerate(members[household_id]):
            sheet.write_number(row, 0, number) if position == 0 else None
            sheet.write_string(row, 1, text(name))
            sheet.write_string(row, 2, text(relation_name(Relation(relation), Sex(sex))))
            sheet.write_number(row, 3 if sex == "male" else 4, year)
            sheet.write_string(row, 5, text(ethnicity_name(ethnicity) or ethnicity))
            if cccd:
                sheet.write_string(row, 6, cccd)
            if position == 0:
                sheet.write_string(row, 7, text(village))
                category = STATUS_NAMES.get(status.get(household_id) or "")
                if category:
                    sheet.write_string(row, 8, text(category))
            row += 1
            people += 1
    book.close()
    return len(households), people


def empty_commune(demo: Path, target: Path) -> None:
    """A database with the demo's commune and villages and no households."""
    with open_database(demo) as source, source.session() as session:
        commune = load_commune(session)
    assert commune is not None
    commune.villages = [VillageData(v.code, v.name) for v in commune.villages]
    with open_database(target, create=True) as database, database.session() as session:
        save_commune(session, CommuneData(**{**commune.__dict__, "officers": []}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--households", type=int, default=5000, metavar="N", help="households (default 5000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per list (default 3)")
    parser.add_argument("--no-wait", action="store_true", help="measure even while other processes keep the CPU busy")
    options = parser.parse_args()
    print_machine_facts()
    rulebooks = load_all()
    rows: list[list[str]] = []
    with tempfile.TemporaryDirectory(prefix="ranoat-bench-import-") as name:
        folder = Path(name)
        demo = folder / "demo.sqlite3"
        print(f"ranoat demo --households {options.households}: {run_demo(demo, options.households):.1f} s", flush=True)
        lists = {
            "official layout": folder / "official.xlsx",
            "official layout, TCVN3": folder / "official-tcvn3.xlsx",
            "exchange workbook": folder / "exchange.xlsx",
        }
        households, people = write_official_list(demo, lists["official layout"])
        write_official_list(demo, lists["official layout, TCVN3"], legacy=True)
        subprocess.run(
            [*ranoat_command(), "export", "--db", str(demo), "--out", str(lists["exchange workbook"])],
            check=True,
            capture_output=True,
            env=bench_env(folder),
        )
        template = folder / "template.sqlite3"
        empty_commune(demo, template)
        print(f"lists of {households} households, {people} people", flush=True)
        for label, path in lists.items():
            timings: dict[str, list[float]] = {"read": [], "plan": [], "write": [], "total": []}
            for run in range(options.runs):
                target = folder / f"target-{run}.sqlite3"
                shutil.rmtree(folder / "backups", ignore_errors=True)
                for suffix in ("", "-wal", "-shm"):
                    Path(str(target) + suffix).unlink(missing_ok=True)
                shutil.copy(template, target)

                def one(path: Path = path, target: Path = target, label: str = label) -> dict[str, float]:
                    with open_database(target) as database:
                        start = time.perf_counter()
                        if label == "exchange workbook":
                            read = time.perf_counter()
                            with database.session() as session:
                                plan = plan_exchange(session, path, rulebooks, today=dt.date(2026, 11, 30))
                        else:
                            source = read_list(path)
                            read = time.perf_counter()
                            with database.session() as session:
                                plan = plan_list(
                                    session, source, source.mapping, rulebooks, today=dt.date(2026, 11, 30)
                                )
                        planned = time.perf_counter()
                        assert not plan.errors, [p.text() for p in plan.errors[:5]]
                        report = run_import(database, plan, today=dt.date(2026, 11, 30))
                        written = time.perf_counter()
                        assert report.households_added == households, report.summary()
                    return {
                        "read": read - start,
                        "plan": planned - read,
                        "write": written - planned,
                        "total": written - start,
                    }

                found = undisturbed(one, label=f"{label}, run {run + 1}", enabled=not options.no_wait)
                for key, value in found.items():
                    timings[key].append(value)
                print(
                    f"{label}: run {run + 1}: " + ", ".join(f"{key} {value:.2f} s" for key, value in found.items()),
                    flush=True,
                )
            rows.append(
                [
                    label,
                    str(options.runs),
                    *(f"{Stats.of(timings[key]).median / 1000:.2f}" for key in ("read", "plan", "write", "total")),
                ]
            )
    headers = ["list", "runs", "read s", "check + match s", "write s", "total s (median)"]
    print_section(f"Import of {households} households, {people} people", headers, rows)
    print()
    print(markdown_table(headers, rows))
    print_disturbed(not options.no_wait)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
