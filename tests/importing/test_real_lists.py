"""Importing an officer's own Excel list, not the exchange workbook (issue #14 item 4): totals and
subtotals, blank separators and repeated headers skipped with a located note; the category read
from the title when there is no category column (marks or none, TCVN3/VNI), or a plain warning;
flat "Năm sinh Nam | Năm sinh Nữ" headers read as the merged two-row ones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from importing.databases import commune_database
from importing.workbooks import FLAT_HEADER, OWN_BODY, Row, own_household_list, own_list, save, to_tcvn3, to_vni
from ranoat.domain.household import Sex
from ranoat.importing.plan import ImportPlan
from ranoat.operations.importing import prepare_import, read_list, run_import
from ranoat.rules.rulebook import Rulebook, load_all
from ranoat.storage.database import Database
from ranoat.storage.models import Household, RoundHousehold, Village

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


def notes(plan: ImportPlan) -> list[tuple[int | None, str]]:
    return [(p.row, p.message) for p in plan.problems if p.severity == "info"]


def statuses(plan: ImportPlan) -> list[str | None]:
    return [h.draft.status for h in plan.households]


# ----------------------------------------------------------------------------- rows that are not households
def test_totals_blank_rows_and_repeated_headers_are_skipped_each_with_a_located_note(
    db: Database, rulebooks: dict[str, Rulebook], tmp_path: Path
) -> None:
    plan = plan_of(db, own_list(tmp_path / "ds.xlsx"), rulebooks)
    assert [plan.problem_text(p) for p in plan.errors] == []
    assert [[m.full_name for m in h.draft.data.members] for h in plan.households] == [
        ["Hoàng Văn Thào", "Lương Thị Hòa"],
        ["Nguyễn Thị Thủy", "Trần Minh Quý"],
    ]
    assert [h.draft.village for h in plan.households] == ["Nà Pàn", "Khòn Khẻ"]
    assert plan.new_villages == []  # no village called "Tổng cộng" or "Cộng thôn Nà Pàn"
    assert notes(plan) == [
        (7, "Dòng tổng cộng “Cộng thôn Nà Pàn”: không phải một hộ, bỏ qua."),
        (8, "Dòng trống: bỏ qua."),
        (9, "Dòng tiêu đề lặp lại (danh sách in nhiều trang): bỏ qua."),
        (12, "Dòng tổng cộng “Cộng”: không phải một hộ, bỏ qua."),
        (13, "Dòng tổng cộng “Tổng cộng”: không phải một hộ, bỏ qua."),
    ]  # the blank row above the signature separates nothing: no note
    assert plan.problem_text(plan.skipped[0]) == (
        "Tệp ds.xlsx, trang “Danh sách”, dòng 7: Dòng tổng cộng “Cộng thôn Nà Pàn”: không phải một hộ, bỏ qua."
    )
    report = run_import(db, plan, today=TODAY)
    assert (report.households_added, report.members_added) == (2, 4)
    assert "Bỏ qua 5 dòng không phải hộ" in report.summary()
    assert report.rows_skipped[2] == (
        "Tệp ds.xlsx, trang “Danh sách”, dòng 9: Dòng tiêu đề lặp lại (danh sách in nhiều trang): bỏ qua."
    )
    with db.session() as session:
        assert sorted(session.scalars(select(Village.name))) == ["Thôn Khòn Khẻ", "Thôn Nà Pàn"]


def test_a_total_whose_words_are_in_the_village_column_is_not_a_household(
    db: Database, rulebooks: dict[str, Rulebook], tmp_path: Path
) -> None:
    plan = plan_of(db, own_household_list(tmp_path / "ho.xlsx", "DANH SÁCH HỘ NGHÈO NĂM 2025"), rulebooks)
    assert plan.errors == []
    assert [h.draft.village for h in plan.households] == ["Nà Pàn", "Nà Pàn", "Khòn Khẻ"]
    assert plan.new_villages == []
    assert notes(plan) == [(6, "Dòng tổng cộng “Tổng cộng”: không phải một hộ, bỏ qua.")]


def test_a_grand_total_first_and_more_households_after_a_subtotal_are_all_read(
    db: Database, rulebooks: dict[str, Rulebook], tmp_path: Path
) -> None:
    body: list[Row] = [
        ["Tổng cộng toàn xã", None, "2 hộ", None, 2, 2, None, None],  # row 5: the total printed first
        *OWN_BODY[:3],  # the first village and its subtotal
        ["Khòn Khẻ", 2, "Nguyễn Thị Thuỷ", "Chủ hộ", None, 1980, "Kinh", "020180000201"],  # row 9
    ]
    plan = plan_of(db, own_list(tmp_path / "ds.xlsx", body), rulebooks)
    assert plan.errors == []
    assert len(plan.households) == 2
    assert [row for row, _ in notes(plan)] == [5, 8]


@pytest.mark.parametrize("name", ["Công Văn Hùng", "Tống Thị Số", "Cộng Đồng"])
def test_names_that_look_like_total_words_are_still_people(
    db: Database, rulebooks: dict[str, Rulebook], tmp_path: Path, name: str
) -> None:
    """ "Công" and "Tống" are surnames: only the tone marks tell them from "Cộng", "Tổng"; and a
    person's row (a name with a year) is never a total."""
    body = [["Nà Pàn", 1, name, "Chủ hộ", 1968, None, "Nùng", None]]
    plan = plan_of(db, own_list(tmp_path / "ds.xlsx", body), rulebooks)
    assert plan.errors == []
    assert [m.full_name for h in plan.households for m in h.draft.data.members] == [name]
    assert notes(plan) == []


# ----------------------------------------------------------------------------- the category from the title
@pytest.mark.parametrize(
    ("title", "status"),
    [
        ("DANH SÁCH HỘ NGHÈO NĂM 2025", "poor"),
        ("Danh sách hộ cận nghèo năm 2025", "near_poor"),
        ("DANH SACH HO CAN NGHEO NAM 2025", "near_poor"),  # typed without marks
        ("danh sách các hộ nghèo thôn Nà Pàn", "poor"),
        (to_tcvn3("DANH SÁCH HỘ CẬN NGHÈO NĂM 2025"), "near_poor"),  # the title typed in .VnTime
        (to_vni("DANH SÁCH HỘ NGHÈO NĂM 2025"), "poor"),  # in VNI-Times
        ("DANH SÁCH HỘ THOÁT NGHÈO NĂM 2025", "not_poor"),
        ("DANH SÁCH HỘ NGHÈO - THÔN NÀ PÀN NĂM 2025", "poor"),  # a dash, then a place: one category
    ],
)
def test_the_category_is_read_from_the_title_when_there_is_no_category_column(
    db: Database, rulebooks: dict[str, Rulebook], tmp_path: Path, title: str, status: str
) -> None:
    plan = plan_of(db, own_household_list(tmp_path / "ds.xlsx", title, total=False), rulebooks)
    assert plan.errors == []
    assert statuses(plan) == [status] * 3
    assert plan.status_source == "title"
    assert plan.year == 2025 or "2025" not in title
    assert not [p for p in plan.problems if p.severity == "warning"]
    report = run_import(db, plan, today=TODAY)
    assert (report.poor, report.near_poor) == (
        3 if status == "poor" else 0,
        3 if status == "near_poor" else 0,
    )
    with db.session() as session:
        assert session.scalars(select(RoundHousehold.start_category)).all() == [status] * 3


def test_the_title_of_a_whole_tcvn3_sheet_gives_its_category(
    db: Database, rulebooks: dict[str, Rulebook], tmp_path: Path
) -> None:
    rows: list[Row] = [["DANH SÁCH HỘ CẬN NGHÈO NĂM 2024"], [], FLAT_HEADER, *OWN_BODY]
    path = save(tmp_path / "cu.xlsx", [[to_tcvn3(v) if isinstance(v, str) else v for v in row] for row in rows])
    plan = plan_of(db, path, rulebooks)
    assert plan.errors == []
    assert (statuses(plan), plan.year, plan.status_source) == (["near_poor", "near_poor"], 2024, "title")


def read_rows(path: Path) -> list[list[object]]:
    from openpyxl import load_workbook

    sheet = load_workbook(path).active
    assert sheet is not None
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize(
    ("title", "said"),
    [
        ("DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2025", "nêu nhiều loại hộ"),
        ("DANH SÁCH HỘ NGHÈO VÀ CẬN NGHÈO NĂM 2025", "nêu nhiều loại hộ"),
        ("Danh sách hộ cận nghèo, hộ nghèo năm 2025", "nêu nhiều loại hộ"),
        ("DANH SÁCH HỘ NGHÈO VÀ HỘ CÓ MỨC SỐNG TRUNG BÌNH", "nêu nhiều loại hộ"),
        ("DANH SÁCH HỘ GIA ĐÌNH NĂM 2025", "tiêu đề không ghi đây là danh sách hộ nghèo hay hộ cận nghèo"),
        ("DANH SÁCH HỘ GIA ĐÌNH RÀ SOÁT HỘ NGHÈO NĂM 2025", "tiêu đề không ghi"),  # reviewed, not all poor
    ],
)
def test_a_list_with_no_category_anywhere_is_warned_about_plainly(
    db: Database, rulebooks: dict[str, Rulebook], tmp_path: Path, title: str, said: str
) -> None:
    plan = plan_of(db, own_household_list(tmp_path / "ds.xlsx", title, total=False), rulebooks)
    assert plan.errors == []
    assert statuses(plan) == [None] * 3
    warnings = [p.message for p in plan.problems if p.severity == "warning"]
    assert len(warnings) == 1
    assert said in warnings[0]
    assert "không có tình trạng nghèo, cận nghèo" in warnings[0]


def test_a_category_column_or_the_users_choice_comes_before_the_title(
    db: Database, rulebooks: dict[str, Rulebook], tmp_path: Path
) -> None:
    path = own_list(tmp_path / "ds.xlsx")  # titled "DANH SÁCH HỘ NGHÈO NĂM 2025"
    source = read_list(path)
    source.mapping.category = "near_poor"  # "cả danh sách là hộ cận nghèo"
    from ranoat.operations.importing import plan_list

    with db.session() as session:
        plan = plan_list(session, source, source.mapping, rulebooks, today=TODAY)
    assert (statuses(plan), plan.status_source) == (["near_poor", "near_poor"], "chosen")
    body = [[*row, "Hộ cận nghèo" if row and row[1] == 1 else None] for row in OWN_BODY[:2]]
    with_column = save(
        tmp_path / "cot.xlsx",
        [["DANH SÁCH HỘ NGHÈO NĂM 2025"], [*read_rows(path)[3], "Phân loại hộ"], *body],
    )
    plan = plan_of(db, with_column, rulebooks)
    assert (statuses(plan), plan.status_source) == (["near_poor"], "column")


# ----------------------------------------------------------------------------- flat "Năm sinh Nam | Năm sinh Nữ"
@pytest.mark.parametrize(
    ("male", "female"),
    [("Năm sinh Nam", "Năm sinh Nữ"), ("Năm sinh (Nam)", "Năm sinh (Nữ)"), ("NĂM SINH - NAM", "NĂM SINH - NỮ")],
)
def test_flat_year_by_sex_headers_map_as_the_merged_ones(
    db: Database, rulebooks: dict[str, Rulebook], tmp_path: Path, male: str, female: str
) -> None:
    rows = read_rows(own_list(tmp_path / "ds.xlsx", OWN_BODY[:2]))
    rows[3][4:6] = [male, female]
    path = save(tmp_path / "phang.xlsx", rows)
    source = read_list(path)
    assert source.header is not None
    assert (source.header.first_row, source.header.last_row) == (4, 4)
    assert (source.mapping.columns["birth_year_male"], source.mapping.columns["birth_year_female"]) == (5, 6)
    assert "birth_year" not in source.mapping.columns
    plan = plan_of(db, path, rulebooks)
    assert plan.errors == []
    members = plan.households[0].draft.data.members
    assert [(m.birth_year, m.sex) for m in members] == [(1968, Sex.MALE), (1970, Sex.FEMALE)]
    run_import(db, plan, today=TODAY)
    with db.session() as session:
        assert session.scalar(select(Household.head_name)) == "Hoàng Văn Thào"


def test_an_unmerged_two_row_year_header_maps_as_the_merged_one(
    db: Database, rulebooks: dict[str, Rulebook], tmp_path: Path
) -> None:
    """ "Năm sinh" typed once and centred across two columns (not merged), "Nam" and "Nữ" under it."""
    header: list[Row] = [
        ["Thôn", "STT", "Họ và tên", "Quan hệ với chủ hộ", "Năm sinh", None, "Dân tộc", "Số CCCD"],
        [None, None, None, None, "Nam", "Nữ", None, None],
    ]
    path = save(tmp_path / "ds.xlsx", [["DANH SÁCH HỘ NGHÈO NĂM 2025"], *header, *OWN_BODY[:2]])
    source = read_list(path)
    assert source.header is not None
    assert (source.header.first_row, source.header.last_row) == (2, 3)
    assert (source.header.labels[5], source.header.labels[6]) == ("Năm sinh / Nam", "Năm sinh / Nữ")
    assert (source.mapping.columns["birth_year_male"], source.mapping.columns["birth_year_female"]) == (5, 6)
    plan = plan_of(db, path, rulebooks)
    assert plan.errors == []
    members = plan.households[0].draft.data.members
    assert [(m.birth_year, m.sex) for m in members] == [(1968, Sex.MALE), (1970, Sex.FEMALE)]
