"""Importing household lists (issue #7): each layout, merged headers, legacy text, bad rows with
their sheet/row/column, matches and the user's choice, all or nothing, the exchange round trip."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from importing.databases import commune_database
from importing.workbooks import (
    HEADER,
    OFFICIAL_BODY,
    TITLE,
    Row,
    household_rows,
    official,
    person_rows,
    save,
    to_tcvn3,
    to_vni,
)
from ranoat.domain.household import Relation, Sex
from ranoat.importing.legacy import TextEncoding
from ranoat.importing.mapping import Layout, load_mapping, save_mapping
from ranoat.importing.plan import Choice, ImportPlan
from ranoat.importing.sheet import ImportFileError
from ranoat.operations.households import load_household
from ranoat.operations.import_apply import ImportCancelledError
from ranoat.operations.importing import plan_list, prepare_import, read_list, run_import
from ranoat.rules.rulebook import Rulebook, load_all
from ranoat.storage.database import Database, list_backups, open_database
from ranoat.storage.models import Household, Member, ReviewRound, RoundHousehold, Village

TODAY = dt.date(2026, 11, 30)


@pytest.fixture(scope="module")
def rulebooks() -> dict[str, Rulebook]:
    return load_all()


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = commune_database(tmp_path / "xa.sqlite3")
    yield database
    database.close()


def plan_of(db: Database, path: Path, rulebooks: dict[str, Rulebook], **kwargs: Any) -> ImportPlan:
    return prepare_import(db, path, rulebooks, today=TODAY, **kwargs)


def dump(db: Database) -> list[tuple[Any, ...]]:
    """Every row of every table: "unchanged" means exactly this."""
    connection = sqlite3.connect(db.path)
    try:
        tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return [(t, *row) for t in tables for row in connection.execute(f'SELECT * FROM "{t}" ORDER BY 1')]
    finally:
        connection.close()


def people(db: Database) -> list[tuple[Any, ...]]:
    with db.session() as session:
        rows = session.execute(
            select(Household.code, Village.name, Member.full_name, Member.birth_year, Member.sex, Member.relation)
            .join(Household, Household.id == Member.household_id)
            .join(Village, Village.id == Household.village_id)
            .order_by(Household.id, Member.position)
        ).all()
        ethnic = session.execute(
            select(Member.ethnicity_code, Member.cccd).order_by(Member.household_id, Member.position)
        )
        extra = list(ethnic)
    return [(*row, e[0], e[1] or "") for row, e in zip(rows, extra, strict=True)]


# ----------------------------------------------------------------------------- the official layout
def test_official_layout_with_title_block_and_merged_two_row_header(
    db: Database, rulebooks: dict[str, Rulebook], tmp_path: Path
) -> None:
    path = official(tmp_path / "ds.xlsx")
    source = read_list(path)
    assert source.header is not None
    assert (source.header.first_row, source.header.last_row) == (5, 7)  # under the title; numbering row kept out
    assert source.header.labels[4] == "Năm sinh / Nam"
    assert source.mapping.columns == {
        "sequence": 1,
        "full_name": 2,
        "relation": 3,
        "birth_year_male": 4,
        "birth_year_female": 5,
        "ethnicity": 6,
        "cccd": 7,
        "village": 8,
        "category": 9,
    }
    plan = plan_of(db, path, rulebooks)
    assert plan.layout is Layout.OFFICIAL
    assert plan.errors == []
    assert plan.year == 2025  # from the title "… NĂM 2025"
    report = run_import(db, plan, today=TODAY)
    assert (report.households_added, report.members_added) == (2, 5)
    assert (report.poor, report.near_poor, report.round_year) == (1, 1, 2025)
    assert people(db) == [
        ("NP-00001", "Thôn Nà Pàn", "Hoàng Văn Thào", 1968, "male", "head", "07", "020068000101"),
        ("NP-00001", "Thôn Nà Pàn", "Lương Thị Hòa", 1970, "female", "spouse", "02", "020170000102"),
        ("NP-00001", "Thôn Nà Pàn", "Hoàng Văn Đức", 1995, "male", "child", "07", "020095000103"),
        ("KK-00002", "Thôn Khòn Khẻ", "Nguyễn Thị Thủy", 1980, "female", "head", "01", "020180000201"),
        ("KK-00002", "Thôn Khòn Khẻ", "Trần Minh Quý", 2005, "male", "child", "01", "020205000202"),
    ]
    with db.session() as session:
        round_ = session.scalars(select(ReviewRound)).one()
        assert (round_.year, round_.status, round_.standard_id) == (2025, "closed", "2022-2025")
        starts = dict(
            session.execute(
                select(Household.code, RoundHousehold.start_category).join(
                    Household, Household.id == RoundHousehold.household_id
                )
            ).all()
        )
    assert starts == {"NP-00001": "poor", "KK-00002": "near_poor"}
    assert any(p.name.endswith("-import.sqlite3") for p in list_backups(db.path))


def test_next_round_starts_from_the_imported_statuses(
    db: Database, rulebooks: dict[str, Rulebook], tmp_path: Path
) -> None:
    from ranoat.domain.round import RoundKind
    from ranoat.operations.rounds import create_round

    run_import(db, plan_of(db, official(tmp_path / "ds.xlsx"), rulebooks), today=TODAY)
    with db.session() as session:
        info = create_round(session, year=2026, kind=RoundKind.PERIODIC, standard_id="2022-2025", rulebooks=rulebooks)
        starts = sorted(
            session.execute(
                select(RoundHousehold.start_category, RoundHousehold.source).where(RoundHousehold.round_id == info.id)
            ).all()
        )
    assert starts == [("near_poor", "carried"), ("poor", "carried")]


@pytest.mark.parametrize(("encode", "encoding"), [(to_tcvn3, TextEncoding.TCVN3), (to_vni, TextEncoding.VNI)])
def test_legacy_encoded_lists_are_converted_and_shown(
    db: Database, rulebooks: dict[str, Rulebook], tmp_path: Path, encode: Any, encoding: TextEncoding
) -> None:
    path = official(tmp_path / "cu.xlsx", encode=encode)
    plan = plan_of(db, path, rulebooks)
    assert plan.encoding is encoding
    assert plan.errors == []
    shown = {(c.row, c.column): (c.before, c.after) for c in plan.conversions}
    assert shown[(8, 2)] == (encode("Hoàng Văn Thào"), "Hoàng Văn Thào")
    assert shown[(9, 2)] == (encode("Lương Thị Hoà"), "Lương Thị Hòa")  # converted, then one tone placement
    run_import(db, plan, today=TODAY)
    assert [p[2] for p in people(db)] == [
        "Hoàng Văn Thào",
        "Lương Thị Hòa",
        "Hoàng Văn Đức",
        "Nguyễn Thị Thủy",
        "Trần Minh Quý",
    ]


# ----------------------------------------------------------------------------- the other layouts
def test_one_row_per_household_with_village_sections(
    db: Database, rulebooks: dict[str, Rulebook], tmp_path: Path
) -> None:
    path = household_rows(tmp_path / "ho.xlsx")
    source = read_list(path)
    assert source.mapping.effective_layout() is Layout.HOUSEHOLD
    plan = plan_of(db, path, rulebooks)
    assert [p.text() for p in plan.errors] == []
    # the CCCD typed as a number lost its leading 0: read back with a warning naming the cell
    warning = next(p for p in plan.problems if p.severity == "warning")
    assert (warning.row, warning.column, warning.header) == (5, 6, "CMND/CCCD")
    report = run_import(db, plan, today=TODAY)
    assert report.households_added == 3
    rows = people(db)
    assert [(r[1], r[2], r[5], r[7]) for r in rows] == [
        ("Thôn Nà Pàn", "Hoàng Văn Thào", "head", "020068000101"),
        ("Thôn Nà Pàn", "Lộc Thị Mai", "head", "020175000301"),
        ("Thôn Khòn Khẻ", "Nguyễn Thị Thủy", "head", ""),
    ]
    with db.session() as session:
        merit = session.scalars(select(Household.person_of_merit).order_by(Household.id)).all()
        # no status column, but the title "Danh sách hộ nghèo thôn …" says every household is poor (issue #14)
        starts = session.scalars(select(RoundHousehold.start_category)).all()
    assert merit == [True, False, False]
    assert (plan.status_source, starts) == ("title", ["poor", "poor", "poor"])


def test_one_row_per_person_grouped_by_household_code(
    db: Database, rulebooks: dict[str, Rulebook], tmp_path: Path
) -> None:
    plan = plan_of(db, person_rows(tmp_path / "nguoi.xlsx"), rulebooks)
    assert plan.layout is Layout.PERSON
    assert plan.errors == []
    run_import(db, plan, today=TODAY)
    with db.session() as session:
        household = load_household(session, session.scalar(select(Household.id).where(Household.code == "NP-001")) or 0)
    assert [(m.full_name, m.relation, m.birth_date) for m in household.members] == [
        ("Hoàng Văn Đức", Relation.CHILD, dt.date(1995, 5, 12)),
        ("Hoàng Văn Thào", Relation.HEAD, dt.date(1968, 1, 1)),
        ("Lương Thị Hòa", Relation.SPOUSE, dt.date(1970, 10, 20)),
    ]


# ----------------------------------------------------------------------------- bad rows
def test_every_problem_names_sheet_row_and_column_and_nothing_is_written(
    db: Database, rulebooks: dict[str, Rulebook], tmp_path: Path
) -> None:
    body: list[Row] = [
        [1, "Hoàng Văn Thào", "Chủ hộ", 1968, None, "Nùng", "02006800010", "Nà Pàn", "Hộ nghèo"],  # 11 digits
        [None, "Lương Thị Hoà", "Vợ", None, "197O", "Tày", "020170000102", None, None],  # the letter O
        [None, "", "Con", 1995, None, "Nùng", None, None, None],  # no name
        [None, "Hoàng Văn Út", "Cháu họ", 2010, None, "Người Sao Hỏa", None, None, None],
        [2, "Nguyễn Thị Thuỷ", "Chủ hộ", None, 1980, "Kinh", "020170000102", "Khòn Khẻ", "Nghèo lắm"],
    ]
    path = official(tmp_path / "loi.xlsx", body)
    before = dump(db)
    plan = plan_of(db, path, rulebooks)
    found = {(p.row, p.column): p for p in plan.errors}
    assert found[(8, 7)].message.startswith("Số CCCD phải có 12 chữ số")
    assert "197O" in found[(9, 5)].message
    assert found[(10, 2)].message == "Thiếu họ và tên."
    assert "Cháu họ" in found[(11, 3)].message
    assert "Người Sao Hỏa" in found[(11, 6)].message
    assert "trùng với người ở dòng 9" in found[(12, 7)].message
    assert "Nghèo lắm" in found[(12, 9)].message
    text = plan.problem_text(found[(9, 5)])
    assert text.startswith("Tệp loi.xlsx, trang “Danh sách”, dòng 9, cột E (Năm sinh / Nữ): ")
    with pytest.raises(Exception, match="lỗi"):
        run_import(db, plan, today=TODAY)
    assert dump(db) == before


def test_a_member_before_any_head_is_a_problem(db: Database, rulebooks: dict[str, Rulebook], tmp_path: Path) -> None:
    body = [[None, "Lương Thị Hoà", "Vợ", None, 1970, "Tày", None, "Nà Pàn", None]]
    plan = plan_of(db, official(tmp_path / "x.xlsx", body), rulebooks)
    assert [(p.row, p.column) for p in plan.errors] == [(8, 3)]


def test_files_that_are_not_workbooks_get_one_clear_message(
    db: Database, rulebooks: dict[str, Rulebook], tmp_path: Path
) -> None:
    for name, content in (("rong.xlsx", b""), ("csv.xlsx", b"a,b\n1,2\n"), ("cut.xlsx", None)):
        path = tmp_path / name
        if content is None:
            whole = official(tmp_path / "whole.xlsx").read_bytes()
            content = whole[: len(whole) // 2]
        path.write_bytes(content)
        with pytest.raises(ImportFileError, match=name.replace(".", r"\.")):
            plan_of(db, path, rulebooks)


# ----------------------------------------------------------------------------- matches
def test_matches_by_cccd_or_name_year_village_and_the_users_choice(
    db: Database, rulebooks: dict[str, Rulebook], tmp_path: Path
) -> None:
    no_status = [[*row[:8], None] for row in OFFICIAL_BODY[:5]]
    run_import(db, plan_of(db, official(tmp_path / "a.xlsx", no_status), rulebooks), today=TODAY)
    changed = [list(row) for row in no_status]
    changed[0][6] = "020068000101"
    changed[3][6] = None  # the head of household 2 is found by name + year + village
    changed[4][5] = "Tày"  # and one of its members' ethnicity changed
    plan = plan_of(db, official(tmp_path / "b.xlsx", changed), rulebooks)
    assert [(m.match.household_code, m.choice) for m in plan.matches if m.match] == [
        ("NP-00001", Choice.SKIP),
        ("KK-00002", Choice.SKIP),
    ]
    assert "cùng số CCCD 020068000101" in (plan.matches[0].match.reason if plan.matches[0].match else "")
    assert "cùng họ tên, năm sinh 1980 và thôn" in (plan.matches[1].match.reason if plan.matches[1].match else "")
    plan.matches[0].choice = Choice.ADD
    plan.matches[1].choice = Choice.UPDATE
    report = run_import(db, plan, today=TODAY)
    assert (report.households_added, report.households_updated, report.households_skipped) == (1, 1, 0)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Household)) == 3
        kk = load_household(session, session.scalar(select(Household.id).where(Household.code == "KK-00002")) or 0)
    assert [(m.full_name, m.ethnicity_code, m.cccd) for m in kk.members] == [
        ("Nguyễn Thị Thủy", "01", "020180000201"),  # the list had no CCCD for her: the stored one stays
        ("Trần Minh Quý", "02", "020205000202"),
    ]


def test_skipping_every_match_writes_no_household(db: Database, rulebooks: dict[str, Rulebook], tmp_path: Path) -> None:
    path = official(tmp_path / "a.xlsx", [[*row[:8], None] for row in OFFICIAL_BODY[:5]])
    run_import(db, plan_of(db, path, rulebooks), today=TODAY)
    plan = plan_of(db, path, rulebooks)
    assert len(plan.matches) == 2
    report = run_import(db, plan, today=TODAY)
    assert (report.households_added, report.households_skipped) == (0, 2)


# ----------------------------------------------------------------------------- all or nothing
def test_a_failure_or_a_cancel_midway_leaves_the_database_exactly_as_it_was(
    db: Database, rulebooks: dict[str, Rulebook], tmp_path: Path
) -> None:
    plan = plan_of(db, official(tmp_path / "ds.xlsx"), rulebooks)
    before = dump(db)
    with pytest.raises(ImportCancelledError):
        run_import(db, plan, today=TODAY, cancelled=lambda: True, backup=False)
    assert dump(db) == before
    calls = []

    def explode(done: int, total: int, what: str) -> None:
        calls.append(what)
        if what.startswith("Ghi tình trạng"):  # after every household went in
            raise OSError("đĩa đầy")

    with pytest.raises(OSError, match="đĩa đầy"):
        run_import(db, plan, today=TODAY, progress=explode, backup=False)
    assert dump(db) == before
    assert calls


def test_statuses_are_not_recorded_when_the_database_has_a_later_round(
    db: Database, rulebooks: dict[str, Rulebook], tmp_path: Path
) -> None:
    from ranoat.domain.round import RoundKind
    from ranoat.operations.rounds import create_round

    with db.session() as session:
        create_round(session, year=2026, kind=RoundKind.PERIODIC, standard_id="2022-2025", rulebooks=rulebooks)
    plan = plan_of(db, official(tmp_path / "ds.xlsx"), rulebooks)
    assert plan.errors == []
    assert any("đã có kỳ rà soát năm 2026" in p.message for p in plan.problems if p.severity == "warning")
    report = run_import(db, plan, today=TODAY)
    assert (report.households_added, report.round_id) == (2, None)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(ReviewRound)) == 1


# ----------------------------------------------------------------------------- mappings
def test_a_saved_mapping_is_used_for_a_file_with_moved_columns(
    db: Database, rulebooks: dict[str, Rulebook], tmp_path: Path
) -> None:
    source = read_list(official(tmp_path / "ds.xlsx"))
    mapping = source.mapping
    mapping.default_ethnicity = ""
    saved = tmp_path / "ghep-cot.json"
    save_mapping(saved, mapping, source.header)
    # the same headers, with "Ghi chú" moved to the front: the header text finds the columns again
    moved: list[Row] = [[row[-1], *row[:-1]] if row else row for row in HEADER]
    body = [[None, *row[:9]] for row in OFFICIAL_BODY[:5]]
    merges = ["A5:A6", "B5:B6", "C5:C6", "D5:D6", "E5:F5", "G5:G6", "H5:H6", "I5:I6", "J5:J6"]
    path = save(tmp_path / "moved.xlsx", [*TITLE, *moved, *body], merges=merges)
    reread = read_list(path)
    loaded = load_mapping(saved, reread.header)
    assert loaded.columns["full_name"] == 3
    assert loaded.columns["category"] == 10
    with db.session() as session:
        plan = plan_list(session, reread, loaded, rulebooks, today=TODAY)
    assert plan.errors == []
    assert len(plan.households) == 2


def test_a_mapping_is_remembered_for_the_next_file_with_the_same_headers(tmp_path: Path) -> None:
    from ranoat.importing.mapping import remember

    source = read_list(official(tmp_path / "ds.xlsx"))
    assert source.header is not None
    assert not source.remembered
    source.mapping.columns.pop("cccd")
    remember(source.mapping, source.header)
    again = read_list(official(tmp_path / "ds2.xlsx"))
    assert again.remembered
    assert "cccd" not in again.mapping.columns


# ----------------------------------------------------------------------------- round trip
def test_exchange_workbook_round_trip_into_an_empty_database(tmp_path: Path, rulebooks: dict[str, Rulebook]) -> None:
    from ranoat.demo import create_demo
    from ranoat.excel.reader import read_exchange
    from ranoat.operations.export import export_round, latest_round_id

    create_demo(tmp_path / "demo.sqlite3", households=120, seed=7)
    with open_database(tmp_path / "demo.sqlite3") as source:
        first = export_round(source, latest_round_id(source), tmp_path / "first.xlsx", rulebooks).path
    with open_database(tmp_path / "empty.sqlite3", create=True) as target:
        plan = prepare_import(target, first, rulebooks, today=TODAY)
        assert plan.errors == []
        report = run_import(target, plan, today=TODAY)
        assert report.households_added == 120
        second = export_round(target, latest_round_id(target), tmp_path / "second.xlsx", rulebooks).path
    a, b = read_exchange(first), read_exchange(second)
    # format v2 restores the whole round (tests/excel/test_exchange_v2.py compares every cell and table):
    # every household column, its start status and result included, and every member column, in order
    assert b.households == a.households
    assert b.members == a.members
    assert b.sheets == a.sheets
    for key in ("province_code", "province_name", "commune_code", "commune_name", "round_year", "standard_id"):
        assert b.metadata[key] == a.metadata[key]


# ----------------------------------------------------------------------------- malformed workbooks
_cell = st.one_of(
    st.none(),
    st.integers(min_value=-(10**13), max_value=10**13),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["Chủ hộ", "Vợ", "Con", "Nam", "Nữ", "Nùng", "x", "", "Hộ nghèo", "Thôn Nà Pàn", "Tổng cộng"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12),
    st.dates(min_value=dt.date(1890, 1, 1), max_value=dt.date(2030, 1, 1)),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.lists(st.lists(_cell, min_size=0, max_size=10), max_size=8), header=st.booleans())
def test_malformed_workbooks_never_crash_and_never_write_half(
    db: Database, rulebooks: dict[str, Rulebook], tmp_path_factory: pytest.TempPathFactory, body: Any, header: bool
) -> None:
    path = save(tmp_path_factory.mktemp("fuzz") / "f.xlsx", [*(HEADER if header else []), *body])
    before = dump(db)
    plan = plan_of(db, path, rulebooks)
    for problem in plan.problems:
        assert problem.message
        assert plan.problem_text(problem).startswith("Tệp f.xlsx")
    if plan.errors:
        with pytest.raises(Exception, match="lỗi"):
            run_import(db, plan, today=TODAY, backup=False)
        assert dump(db) == before
    else:
        with db.session() as session:
            households = session.scalar(select(func.count()).select_from(Household)) or 0
        report = run_import(db, plan, today=TODAY, backup=False)
        with db.session() as session:
            after = session.scalar(select(func.count()).select_from(Household)) or 0
            members = session.scalars(select(Member.sex)).all()
        assert after == households + report.households_added
        assert set(members) <= {Sex.MALE.value, Sex.FEMALE.value}


@settings(max_examples=60, deadline=None)
@given(content=st.binary(max_size=2000), zipped=st.booleans())
def test_any_bytes_give_a_plan_or_one_clear_message(content: bytes, zipped: bool) -> None:
    import io
    import tempfile
    import zipfile

    from ranoat.importing.sheet import read_grid

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.xlsx"
        if zipped:  # a zip whose parts are garbage: what a truncated or forged workbook looks like inside
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w") as archive:
                archive.writestr("[Content_Types].xml", content)
                archive.writestr("xl/workbook.xml", content)
                archive.writestr("xl/worksheets/sheet1.xml", content)
            path.write_bytes(buffer.getvalue())
        else:
            path.write_bytes(content)
        message = "x.xlsx"  # read, or refused with a message naming the file: nothing else escapes
        try:
            read_grid(path)
        except ImportFileError as exc:
            message = str(exc)
        assert "x.xlsx" in message


def test_oversized_sheets_are_refused_before_they_fill_the_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ranoat.importing.sheet as sheet

    path = official(tmp_path / "ds.xlsx")
    monkeypatch.setattr(sheet, "MAX_CELLS", 50)
    with pytest.raises(ImportFileError, match="quá lớn cho một danh sách hộ"):
        sheet.read_grid(path)
    monkeypatch.setattr(sheet, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(ImportFileError, match="giải nén ra"):
        sheet.read_grid(path)


def test_a_numbered_row_without_relation_is_the_head(
    db: Database, rulebooks: dict[str, Rulebook], tmp_path: Path
) -> None:
    body = [list(row) for row in OFFICIAL_BODY]
    body[0][2] = None  # "1 | Hoàng Văn Thào | (empty)": the numbered row of the official list
    plan = plan_of(db, official(tmp_path / "ds.xlsx", body), rulebooks)
    assert plan.errors == []
    head = plan.households[0].draft.data.head()
    assert head is not None
    assert head.full_name == "Hoàng Văn Thào"
    body[1][2] = None  # an unnumbered row still needs its relation
    plan = plan_of(db, official(tmp_path / "ds2.xlsx", body), rulebooks)
    assert [(p.row, p.column, p.message) for p in plan.errors] == [(9, 3, "Thiếu quan hệ với chủ hộ.")]
