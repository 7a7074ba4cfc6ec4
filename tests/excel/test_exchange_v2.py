"""Exchange format version 2 (issue #11 items 1, 8, 9): lossless round trip through an empty
database, a checksum over the metadata and every row in an unambiguous encoding, every value checked
whatever the checksum says, version 1 still read, texts too long for a cell refused."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from merge_data import recompute_checksum
from python_calamine import CalamineWorkbook
from sqlalchemy import func, select

from ranoat.demo import create_demo
from ranoat.domain.errors import OperationError
from ranoat.excel.exchange import FORMAT_VERSION, checksum_v2, data_checksum
from ranoat.excel.reader import ExchangeError, RejectCode, read_exchange
from ranoat.excel.rows import DATA_SHEETS, HOUSEHOLDS, MEMBERS, HouseholdRow
from ranoat.merge import MergeSettings, merge_workbooks, write_merged
from ranoat.merge.records import InputStatus
from ranoat.operations.export import export_round, latest_round_id
from ranoat.operations.importing import prepare_import, run_import
from ranoat.operations.round_read import exchange_data
from ranoat.rules.rulebook import Rulebook, load_all
from ranoat.storage.database import open_database

TODAY = dt.date(2026, 11, 30)
FIXTURES = Path(__file__).parent / "fixtures"
EXPORTED_AT = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def rulebooks() -> dict[str, Rulebook]:
    return load_all()


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo commune (two rounds, meetings, complaints, officers) exported, imported into a
    database that does not exist yet, and exported again."""
    folder = tmp_path_factory.mktemp("v2")
    books = load_all()
    source, target = folder / "demo.sqlite3", folder / "restored.sqlite3"
    create_demo(source, households=400, seed=9)
    with open_database(source) as database:
        first = export_round(database, latest_round_id(database), folder / "first.xlsx", books).path
    with open_database(target, create=True) as database:
        plan = prepare_import(database, first, books, today=TODAY)
        assert plan.errors == []
        assert plan.restore is not None
        report = run_import(database, plan, today=TODAY, backup=False)
        assert report.restored
        second = export_round(database, latest_round_id(database), folder / "second.xlsx", books).path
    return {"source": source, "target": target, "first": first, "second": second}


def _data_sheets(path: Path) -> dict[str, list[list[Any]]]:
    book = CalamineWorkbook.from_path(str(path))
    try:
        return {
            name: book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            for name in book.sheet_names
            if name.startswith("data_") or name == "metadata"
        }
    finally:
        book.close()


def test_export_import_export_gives_the_same_data_sheets_cell_for_cell(round_trip: dict[str, Path]) -> None:
    first, second = _data_sheets(round_trip["first"]), _data_sheets(round_trip["second"])
    assert list(first) == [*(sheet.name for sheet in DATA_SHEETS), "metadata"] == list(second)
    for name, rows in first.items():
        again = second[name]
        if name == "metadata":  # the export time differs, and the checksum that covers it
            rows = [row for row in rows if row[0] not in ("exported_at", "data_sha256")]
            again = [row for row in again if row[0] not in ("exported_at", "data_sha256")]
        assert len(rows) == len(again), name
        for number, (a, b) in enumerate(zip(rows, again, strict=True), start=1):
            assert a == b, (name, number)
    # every sheet has rows: the round trip compared something on each
    assert all(len(rows) > 1 for rows in first.values()), {name: len(rows) for name, rows in first.items()}


def test_the_same_export_time_gives_the_same_checksum(round_trip: dict[str, Path]) -> None:
    books = load_all()
    found = []
    for key in ("source", "target"):
        with open_database(round_trip[key]) as database, database.session() as session:
            found.append(exchange_data(session, latest_round_id(database), books, exported_at=EXPORTED_AT))
    assert found[0].metadata == found[1].metadata
    assert found[0].sheets == found[1].sheets


# The database's rows without their surrogate ids and times: references by natural key.
COMPARED = {
    "commune": "SELECT province_code, province_name, code, name, type, default_area, region FROM commune",
    "village": "SELECT code, name, position FROM village",
    "officer": "SELECT name, title, role FROM officer",
    "household": """SELECT h.code, v.code, h.address, h.area, h.phone, h.person_of_merit, h.social_protection,
        h.no_working_capacity, h.ethnic_minority_override, h.search_text, h.head_name, h.head_sort, h.member_count
        FROM household h JOIN village v ON v.id = h.village_id""",
    "member": """SELECT h.code, m.position, m.full_name, m.name_folded, m.sex, m.birth_date, m.birth_year,
        m.ethnicity_code, m.cccd, m.relation, m.schooling, m.health_insurance, m.employment, m.disability
        FROM member m JOIN household h ON h.id = m.household_id""",
    "household_cause": """SELECT h.code, c.cause, c.note FROM household_cause c
        JOIN household h ON h.id = c.household_id""",
    "review_round": """SELECT r.year, r.kind, r.month, r.standard_id, r.starts_on, r.ends_on, r.status,
        p.year, r.posting_from, r.posting_to, r.decision_number, r.decision_date
        FROM review_round r LEFT JOIN review_round p ON p.id = r.previous_round_id""",
    "round_household": """SELECT r.year, h.code, e.start_category, e.source, e.applied_on, e.application_reason,
        e.other_move, e.other_reason FROM round_household e JOIN review_round r ON r.id = e.round_id
        JOIN household h ON h.id = e.household_id""",
    "survey": """SELECT r.year, h.code, s.b1, s.income, s.item_answers, s.point_table_id, s.point_table_sha256,
        s.housing_area_m2, s.lacking, s.category, s.b2, s.rulebook_id, s.rulebook_sha256, s.officer, s.status,
        s.override_category, s.override_reason, s.override_by
        FROM survey s JOIN review_round r ON r.id = s.round_id JOIN household h ON h.id = s.household_id""",
    "village_meeting": """SELECT r.year, v.code, m.held_on, m.attendees, m.agreed, m.note FROM village_meeting m
        JOIN review_round r ON r.id = m.round_id JOIN village v ON v.id = m.village_id ORDER BY m.id""",
    "complaint": """SELECT r.year, h.code, c.received_on, c.content, c.rechecked_on, c.outcome FROM complaint c
        JOIN review_round r ON r.id = c.round_id JOIN household h ON h.id = c.household_id ORDER BY c.id""",
}


def _normal(value: Any) -> Any:
    """JSON as its parsed value (key order is not data); "" and NULL of a nullable text, JSON null
    and SQL NULL are one empty cell in the workbook (docs/exchange-format.md)."""
    import json

    if value == "null":
        return None
    if isinstance(value, str) and value[:1] in "{[":
        try:
            return json.dumps(json.loads(value), sort_keys=True)
        except ValueError:
            return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None if value == "" else value


def test_the_restored_database_has_everything_of_the_source(round_trip: dict[str, Path]) -> None:
    def rows(path: Path, query: str) -> list[tuple[Any, ...]]:
        with sqlite3.connect(path) as connection:
            found = [tuple(_normal(v) for v in row) for row in connection.execute(query)]
        return found if "ORDER BY" in query else sorted(found, key=repr)

    counts = {}
    for table, query in COMPARED.items():
        source, restored = rows(round_trip["source"], query), rows(round_trip["target"], query)
        assert source == restored, table
        counts[table] = len(source)
    # what issue #11 found missing after an import: all of it is there
    assert counts["review_round"] == 2
    assert counts["survey"] > 700
    assert counts["village_meeting"] > 0
    assert counts["complaint"] > 0
    assert counts["officer"] == 2
    assert counts["round_household"] > 700


def test_checksum_v2_covers_the_metadata(round_trip: dict[str, Path], tmp_path: Path) -> None:
    for key, value in (("commune_name", "Xã Khác"), ("round_year", 2026), ("exported_at", "2099-01-01T00:00:00")):
        edited = tmp_path / f"{key}.xlsx"
        book = openpyxl.load_workbook(round_trip["first"])
        for cell, found in book["metadata"].iter_rows(min_row=2):
            if cell.value == key:
                found.value = value
        book.save(edited)
        with pytest.raises(ExchangeError) as caught:
            read_exchange(edited)
        assert caught.value.code is RejectCode.CHECKSUM, key


def test_checksum_v2_covers_every_data_sheet(round_trip: dict[str, Path], tmp_path: Path) -> None:
    for sheet in DATA_SHEETS[2:]:
        edited = tmp_path / f"{sheet.name}.xlsx"
        book = openpyxl.load_workbook(round_trip["first"])
        cell = book[sheet.name].cell(row=2, column=len(sheet.columns))
        cell.value = f"{cell.value or ''}x"
        book.save(edited)
        with pytest.raises(ExchangeError) as caught:
            read_exchange(edited)
        assert caught.value.code is RejectCode.CHECKSUM, sheet.name


def test_checksum_v2_is_injective_where_v1_was_not() -> None:
    """v1 joined cells with 0x1F and rows with 0x1E, unescaped: a row folded into the previous
    row's last cell gave the same checksum. v2 writes each row as a JSON array."""
    rows = [["T01-1", "An"], ["T01-2", "Bình"]]
    folded = [["T01-1", "An\x1eT01-2\x1fBình"]]
    assert data_checksum(rows, []) == data_checksum(folded, [])
    meta = {"format": "ranoat-exchange"}
    assert checksum_v2(meta, [("data_households", rows)]) != checksum_v2(meta, [("data_households", folded)])
    split = [["T01-1", "An", "x"]]
    assert checksum_v2(meta, [("data_households", [["T01-1", "An,x"]])]) != checksum_v2(
        meta, [("data_households", split)]
    )
    # numbers canonical as before: what calamine and openpyxl read gives one checksum
    assert checksum_v2(meta, [("s", [[120, 1.5]])]) == checksum_v2(meta, [("s", [[120.0, 1.5]])])
    assert checksum_v2({**meta, "seal": "a", "data_sha256": "b"}, []) == checksum_v2(meta, [])


def _forged(source: Path, target: Path, sheet: str, column: str, value: Any, row: int = 2) -> Path:
    """A copy with one cell changed and the checksum recomputed, as anyone can."""
    book = openpyxl.load_workbook(source)
    header = [c.value for c in book[sheet][1]]
    book[sheet].cell(row=row, column=header.index(column) + 1).value = value
    recompute_checksum(book)
    book.save(target)
    return target


@pytest.mark.parametrize(
    ("sheet", "column", "value", "code"),
    [
        ("data_households", "result_category", "rich", RejectCode.INVALID_VALUE),
        ("data_members", "relation", "king", RejectCode.INVALID_VALUE),
        ("data_members", "household_code", "KHONG-CO", RejectCode.INVALID_REFERENCE),
        ("data_households", "lacking", "nutrition,flying", RejectCode.INVALID_VALUE),
        ("data_households", "member_count", "ba", RejectCode.INVALID_VALUE),
        ("data_surveys", "status", "done", RejectCode.INVALID_VALUE),
        ("data_surveys", "household_code", "KHONG-CO", RejectCode.INVALID_REFERENCE),
        ("data_round_households", "other_move", "flew", RejectCode.INVALID_VALUE),
        ("data_complaints", "received_on", "hôm qua", RejectCode.INVALID_VALUE),
        ("data_meetings", "village_code", "T99", RejectCode.INVALID_REFERENCE),
        ("data_villages", "village_code", "T02", RejectCode.INVALID_REFERENCE),  # a code twice
        ("metadata", "value", "hai nghìn", RejectCode.INVALID_VALUE),  # round_year, row of its key
    ],
)
def test_a_value_ranoat_never_writes_is_refused_whatever_the_checksum(
    round_trip: dict[str, Path], tmp_path: Path, sheet: str, column: str, value: Any, code: RejectCode
) -> None:
    row = 2
    if sheet == "metadata":
        book = openpyxl.load_workbook(round_trip["first"])
        row = next(r for r in range(2, 40) if book["metadata"].cell(row=r, column=1).value == "round_year")
    target = _forged(round_trip["first"], tmp_path / "forged.xlsx", sheet, column, value, row)
    assert read_exchange(target, verify=False)  # it reads, the checksum matches …
    with pytest.raises(ExchangeError) as caught:  # … and it is refused
        read_exchange(target)
    assert caught.value.code is code
    message = str(caught.value)
    assert str(target) in message
    assert f"trang {sheet}" in message
    if sheet != "metadata":
        assert ", dòng " in message
        assert f"cột {column}" in message or "đã có" in message
    else:
        assert "khoá round_year" in message


def test_a_forged_file_is_rejected_by_the_merge_and_not_imported(
    round_trip: dict[str, Path], tmp_path: Path, rulebooks: dict[str, Rulebook]
) -> None:
    forged = _forged(round_trip["first"], tmp_path / "rich.xlsx", "data_households", "result_category", "rich")
    result = merge_workbooks([forged], rulebooks)
    assert (result.inputs[0].status, result.inputs[0].code) == (InputStatus.REJECTED, "invalid_value")
    assert "cột result_category" in result.inputs[0].reason
    from ranoat.importing.sheet import ImportFileError

    with open_database(tmp_path / "new.sqlite3", create=True) as database, pytest.raises(ImportFileError):
        prepare_import(database, forged, rulebooks, today=TODAY)


def test_the_v1_fixture_is_still_read_verified_and_imported(tmp_path: Path, rulebooks: dict[str, Rulebook]) -> None:
    book = read_exchange(FIXTURES / "exchange-v1.xlsx")
    assert book.metadata["format_version"] == 1
    assert FORMAT_VERSION == 3
    assert len(book.households) == book.metadata["household_rows"] == 40
    assert len(book.members) == book.metadata["member_rows"] == 144
    assert all(isinstance(row, HouseholdRow) for row in book.households)
    assert {(row.phone, row.cause_notes) for row in book.households} == {(None, None)}  # v2 columns: empty
    assert book.sheets == {}
    with open_database(tmp_path / "from-v1.sqlite3", create=True) as database:
        plan = prepare_import(database, FIXTURES / "exchange-v1.xlsx", rulebooks, today=TODAY)
        assert plan.errors == []
        assert plan.restore is None
        report = run_import(database, plan, today=TODAY, backup=False)
    assert (report.households_added, report.members_added) == (40, 144)


def test_the_v2_fixture_is_still_read_verified_restored_and_merged(
    tmp_path: Path, rulebooks: dict[str, Rulebook]
) -> None:
    """Format 3 adds `farming` to data_households (the average living standard, issue #13); a file of
    format 2, written by the program before it, reads with the column empty, restores with no household
    marked, and merges beside a format 3 file."""
    book = read_exchange(FIXTURES / "exchange-v2.xlsx")
    assert book.metadata["format_version"] == 2
    assert len(book.households) == book.metadata["household_rows"] == 30
    assert {row.farming for row in book.households} == {None}
    assert "farming" not in _data_sheets(FIXTURES / "exchange-v2.xlsx")["data_households"][0]
    target = tmp_path / "from-v2.sqlite3"
    with open_database(target, create=True) as database:
        plan = prepare_import(database, FIXTURES / "exchange-v2.xlsx", rulebooks, today=TODAY)
        assert plan.errors == []
        assert plan.restore is not None
        report = run_import(database, plan, today=TODAY, backup=False)
        assert report.restored
        with database.session() as session:
            from ranoat.storage.models import Household

            assert session.scalar(select(func.count()).select_from(Household)) == 30
            assert session.scalar(select(func.count()).where(Household.farming)) == 0
        again = export_round(database, latest_round_id(database), tmp_path / "v3.xlsx", rulebooks).path
    v3 = read_exchange(again)
    assert v3.metadata["format_version"] == 3
    assert [row[:-1] for row in v3.households] == [tuple(row)[:-1] for row in book.households]
    assert {row.farming for row in v3.households} == {0}
    merged_v2 = read_exchange(FIXTURES / "merged-v2.xlsx")
    assert merged_v2.metadata["format_version"] == 2
    result = merge_workbooks([FIXTURES / "merged-v2.xlsx"], rulebooks)
    assert [i.status for i in result.inputs] == [InputStatus.MERGED]
    out = tmp_path / "gop.xlsx"
    write_merged(result, out, MergeSettings())
    assert read_exchange(out).metadata["format_version"] == 3


def test_the_farming_flag_goes_through_export_and_import_into_a_new_database(
    tmp_path: Path, rulebooks: dict[str, Rulebook]
) -> None:
    from ranoat.storage.models import Household

    source, target = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    create_demo(source, households=40, seed=4)
    with sqlite3.connect(source) as connection:
        connection.execute("UPDATE household SET farming = 1 WHERE id % 3 = 0")
    with open_database(source) as database:
        with database.session() as session:
            marked = set(session.scalars(select(Household.code).where(Household.farming)))
        path = export_round(database, latest_round_id(database), tmp_path / "a.xlsx", rulebooks).path
    assert marked
    assert {row.household_code for row in read_exchange(path).households if row.farming == 1} == marked
    with open_database(target, create=True) as database:
        plan = prepare_import(database, path, rulebooks, today=TODAY)
        run_import(database, plan, today=TODAY, backup=False)
        with database.session() as session:
            assert set(session.scalars(select(Household.code).where(Household.farming))) == marked


def test_a_tampered_v1_file_is_still_refused(tmp_path: Path) -> None:
    edited = tmp_path / "v1.xlsx"
    book = openpyxl.load_workbook(FIXTURES / "exchange-v1.xlsx")
    header = [c.value for c in book["data_households"][1]]
    book["data_households"].cell(row=2, column=header.index("b1") + 1).value = 1
    book.save(edited)
    with pytest.raises(ExchangeError) as caught:
        read_exchange(edited)
    assert caught.value.code is RejectCode.CHECKSUM


def test_merged_v2_carries_every_sheet_and_merged_v1_still_merges(
    round_trip: dict[str, Path], tmp_path: Path, rulebooks: dict[str, Rulebook]
) -> None:
    merged_v1 = read_exchange(FIXTURES / "merged-v1.xlsx")
    assert merged_v1.merged
    assert len(merged_v1.communes) == 2
    assert len(merged_v1.members) == 250
    result = merge_workbooks([round_trip["first"], FIXTURES / "merged-v1.xlsx"], rulebooks)
    assert [i.status for i in result.inputs] == [InputStatus.MERGED, InputStatus.MERGED]
    out = tmp_path / "gop.xlsx"
    write_merged(result, out, MergeSettings())
    merged = read_exchange(out)
    assert merged.metadata["format_version"] == 3
    commune = read_exchange(round_trip["first"])
    mine = str(commune.metadata["commune_code"])
    assert [row[1:] for row in merged.households if row[0] == mine] == [tuple(r) for r in commune.households]
    for sheet in DATA_SHEETS[2:]:
        assert [row[1:] for row in merged.sheets[sheet.name] if row[0] == mine] == [
            tuple(r) for r in commune.sheets[sheet.name]
        ], sheet.name
    # and the merged workbook merges again with the same totals
    again = merge_workbooks([out], rulebooks)
    assert again.household_count == result.household_count
    assert again.member_count == result.member_count


def test_the_typed_definition_keeps_the_v1_columns_first() -> None:
    from ranoat.excel.exchange import HOUSEHOLD_COLUMNS, MEMBER_COLUMNS

    v1 = _data_sheets(FIXTURES / "exchange-v1.xlsx")
    assert tuple(v1["data_households"][0]) == HOUSEHOLD_COLUMNS == HOUSEHOLDS.columns[: len(HOUSEHOLD_COLUMNS)]
    assert tuple(v1["data_members"][0]) == MEMBER_COLUMNS == MEMBERS.columns


def test_a_text_longer_than_a_cell_is_refused_by_the_writer_never_cut(
    round_trip: dict[str, Path], tmp_path: Path
) -> None:
    """A database written past the entry checks (an older version, a tool): the export refuses."""
    import shutil

    copy = tmp_path / "long.sqlite3"
    shutil.copy(round_trip["source"], copy)
    with sqlite3.connect(copy) as connection:
        first = "(SELECT MIN(id) FROM complaint)"
        connection.execute(f"UPDATE complaint SET outcome = ? WHERE id = {first}", ("x" * 40000,))
    out = tmp_path / "long.xlsx"
    with open_database(copy) as database, pytest.raises(OperationError) as caught:
        export_round(database, latest_round_id(database), out, load_all())
    assert "data_complaints" in str(caught.value)
    assert "cột outcome" in str(caught.value)
    assert "40.000" in str(caught.value)
    assert not out.exists()


def test_a_text_longer_than_a_cell_is_refused_at_entry(round_trip: dict[str, Path], tmp_path: Path) -> None:
    """A 40,000-character reason, content, note or address is refused with a Vietnamese message
    before anything is stored (it could not be exported whole); a text of exactly a cell is kept."""
    import shutil

    from ranoat.domain.category import Category
    from ranoat.domain.errors import CELL_TEXT_LIMIT, TextTooLongError
    from ranoat.domain.round import OtherMove, RoundKind
    from ranoat.operations import rounds
    from ranoat.operations.households import load_household, save_household
    from ranoat.operations.rounds import create_round
    from ranoat.storage.models import Complaint, Survey, VillageMeeting

    long_text, fitting = "ý" * 40_000, "a" * CELL_TEXT_LIMIT
    copy = tmp_path / "entry.sqlite3"
    shutil.copy(round_trip["source"], copy)
    books = load_all()
    with open_database(copy) as database:
        with database.session() as session:
            round_id = create_round(
                session, year=2026, kind=RoundKind.PERIODIC, standard_id="2022-2025", rulebooks=books
            ).id
        with database.session() as session:
            household_id = session.scalars(select(Survey.household_id).where(Survey.round_id == 2)).first()
            assert household_id is not None
            village_id = load_household(session, household_id).village_id
            assert village_id is not None
        before = _dump(copy)
        attempts = [
            lambda s: rounds.add_complaint(s, round_id, household_id, dt.date(2026, 10, 1), long_text),
            lambda s: rounds.record_meeting(
                s, round_id, village_id, held_on=dt.date(2026, 10, 1), attendees=10, agreed=9, note=long_text
            ),
            lambda s: rounds.set_other_move(s, round_id, household_id, OtherMove.MOVED_AWAY, long_text),
        ]
        for attempt in attempts:
            with pytest.raises(TextTooLongError, match=r"40\.000 ký tự, quá 32\.767"), database.session() as session:
                attempt(session)
        with database.session() as session:
            data = load_household(session, household_id)
            data.address = long_text
            with pytest.raises(TextTooLongError, match=r"Địa chỉ dài 40\.000 ký tự"):
                save_household(session, data, TODAY)
        assert _dump(copy) == before  # nothing stored
        with database.session() as session:  # exactly a cell's worth is stored whole
            complaint = rounds.add_complaint(session, round_id, household_id, dt.date(2026, 10, 1), fitting)
        with database.session() as session:
            assert session.get(Complaint, complaint).content == fitting  # type: ignore[union-attr]
            assert session.scalar(select(func.count(VillageMeeting.id)).where(VillageMeeting.round_id == round_id)) == 0
    # the override reason: surveyed in the open round first
    with open_database(copy) as database, database.session() as session:
        from ranoat.domain.survey import SurveyData, SurveyStatus
        from ranoat.operations.surveys import save_survey

        save_survey(
            session,
            round_id=round_id,
            household_id=household_id,
            data=SurveyData(b1=150, lacking=[], status=SurveyStatus.DRAFT),
            rulebooks=books,
        )
    with open_database(copy) as database:
        with (
            pytest.raises(TextTooLongError, match=r"Lý do điều chỉnh kết quả dài 40\.000"),
            database.session() as session,
        ):
            rounds.override_result(session, round_id, household_id, Category.POOR, long_text, "Chủ tịch")
        with database.session() as session:
            survey = session.scalar(
                select(Survey).where(Survey.round_id == round_id, Survey.household_id == household_id)
            )
            assert survey is not None
            assert survey.override_reason is None


def _dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite3.connect(path) as connection:
        return {
            table: sorted(connection.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
            for table in ("household", "member", "household_cause", "round_household", "village_meeting", "complaint")
        }
