"""Commune exchange workbooks for the merge tests (tests/merge, tests/ui): three demo communes
with people who appear in two of them."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import text

from ranoat.demo import create_demo
from ranoat.domain.area import Area
from ranoat.domain.household import HouseholdData, MemberData, Relation, Sex
from ranoat.excel.document import sheet_parts
from ranoat.excel.exchange import checksum_v2
from ranoat.operations.commune import villages
from ranoat.operations.export import export_round, latest_round_id
from ranoat.operations.households import save_household
from ranoat.rules.rulebook import load_all
from ranoat.storage.database import open_database

CODES = ("99911", "99912", "99913")
SHARED_CCCD_NAME = "Hoàng Văn Đức"


@pytest.fixture(scope="module")
def communes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """Three communes (database, exchange workbook). Commune 2 holds a person with the same CCCD
    as one in commune 1, and a person with the same name and date of birth as one in commune 3."""
    folder = tmp_path_factory.mktemp("communes")
    found: dict[str, tuple[Path, Path]] = {}
    for seed, code in enumerate(CODES, start=1):
        db = folder / f"{code}.sqlite3"
        create_demo(db, households=60, seed=seed, commune_code=code)
        found[code] = (db, folder / f"{code}.xlsx")
    with open_database(found[CODES[0]][0]) as first, first.session() as session:
        cccd, birth_year = session.execute(
            text("SELECT cccd, birth_year FROM member WHERE cccd IS NOT NULL LIMIT 1")
        ).one()
    with open_database(found[CODES[1]][0]) as second, second.session() as session:
        village_id = villages(session)[0].id
        save_household(
            session,
            HouseholdData(
                code="T01-90001",
                village_id=village_id,
                area=Area.RURAL,
                members=[
                    MemberData(
                        full_name="Đàm Văn Trùng",
                        sex=Sex.MALE,
                        relation=Relation.HEAD,
                        birth_year=birth_year,
                        cccd=cccd,
                    ),
                ],
            ),
        )
        save_household(
            session,
            HouseholdData(
                code="T01-90002",
                village_id=village_id,
                area=Area.RURAL,
                members=[
                    MemberData(
                        full_name=SHARED_CCCD_NAME,
                        sex=Sex.MALE,
                        relation=Relation.HEAD,
                        birth_year=1961,
                        birth_date=dt.date(1961, 3, 9),
                    ),
                ],
            ),
        )
    with open_database(found[CODES[2]][0]) as third, third.session() as session:
        save_household(
            session,
            HouseholdData(
                code="T01-90003",
                village_id=villages(session)[0].id,
                area=Area.RURAL,
                members=[  # the same person written decomposed and without the đ: folding finds it
                    MemberData(
                        full_name="Hoàng Văn Đức".upper(),
                        sex=Sex.MALE,
                        relation=Relation.HEAD,
                        birth_year=1961,
                        birth_date=dt.date(1961, 3, 9),
                    ),
                ],
            ),
        )
    books = load_all()
    for db, out in found.values():
        with open_database(db) as database:
            export_round(database, latest_round_id(database), out, books)
    return found


def paths(communes: dict[str, tuple[Path, Path]]) -> list[Path]:
    return [communes[code][1] for code in CODES]


def set_metadata(source: Path, target: Path, **values: str | int) -> Path:
    """A copy of an exchange workbook with metadata keys changed or added, and its checksum
    recomputed as anyone can (the v2 checksum covers the metadata)."""
    book = openpyxl.load_workbook(source)
    sheet = book["metadata"]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    for key, value in values.items():
        if key in rows:
            rows[key][1].value = value
        else:
            sheet.append([key, value])
    recompute_checksum(book)
    book.save(target)
    return target


def recompute_checksum(book: openpyxl.Workbook) -> None:
    """Set a v2 workbook's data_sha256 to the checksum of what it now holds (a forger's step)."""
    metadata = {str(row[0]): row[1] for row in book["metadata"].iter_rows(min_row=2, values_only=True) if row[0]}
    if metadata.get("format_version") == 1:
        return
    # the logical data sheets in the workbook's order, each over its parts (`data_members`, `data_members_2` …)
    names = [name for name in book.sheetnames if name.startswith("data_") and not name[-1].isdigit()]
    sheets = []
    for name in names:
        rows = []
        for part in sheet_parts(name, book.sheetnames):
            width = book[part].max_column
            rows += [
                tuple(row) + (None,) * (width - len(row))
                for row in book[part].iter_rows(min_row=2, values_only=True)
                if any(v is not None for v in row)
            ]
        sheets.append((name, rows))
    checksum = checksum_v2(metadata, sheets)
    for row in book["metadata"].iter_rows(min_row=2):
        if row[0].value == "data_sha256":
            row[1].value = checksum


def export_changed(communes: dict[str, tuple[Path, Path]], code: str, target: Path, statement: str) -> Path:
    """Another export of the commune ``code``, written by Ranoat after ``statement`` (SQL) changed a
    copy of its database: its lists, forms and data all say it (metadata edits leave the lists as
    they were, which the merge refuses)."""
    copy = target.with_suffix(".sqlite3")
    shutil.copy(communes[code][0], copy)
    with open_database(copy) as database:
        with database.session() as session:
            session.execute(text(statement))
        export_round(database, latest_round_id(database), target, load_all())
    return target


def other_standard(communes: dict[str, tuple[Path, Path]], code: str, target: Path) -> Path:
    """The commune's latest round exported as if under the 2016-2020 standard."""
    return export_changed(
        communes,
        code,
        target,
        "UPDATE review_round SET standard_id = '2016-2020' WHERE id = (SELECT max(id) FROM review_round)",
    )
