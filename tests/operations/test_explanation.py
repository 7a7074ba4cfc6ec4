"""Explanation sheets (`ranoat.operations.explanation`): the data of each sheet against `classify()`
and the database, and the "distance to the next category" sentences at the boundaries.

The demo commune has a closed 2025 round under 2022-2025 with a survey for every household; the
expected values are read back with plain SQL, not through the functions under test.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from ranoat.demo import create_demo
from ranoat.domain.category import Category
from ranoat.domain.errors import OperationError
from ranoat.domain.ethnicity import ethnicity_name
from ranoat.domain.round import RoundKind
from ranoat.domain.search import name_sort_key
from ranoat.domain.survey import SurveyData, SurveyStatus
from ranoat.operations.explanation import (
    NO_CONDITION,
    ExplanationSheet,
    distance_to_next,
    explanation_sheet,
    village_sheets,
)
from ranoat.operations.rounds import create_round, override_result, record_meeting
from ranoat.operations.surveys import save_survey
from ranoat.rules.classify import Classification, classify
from ranoat.rules.explain import reasons
from ranoat.rules.rulebook import Rulebook, SourcedInt, load_all
from ranoat.storage.database import Database, open_database

RELATIONS = {"head": "Chủ hộ", "spouse": "Vợ/chồng", "child": "Con", "parent": "Bố/mẹ"}


@pytest.fixture(scope="module")
def rulebooks() -> dict[str, Rulebook]:
    return load_all()


@pytest.fixture(scope="module")
def book(rulebooks: dict[str, Rulebook]) -> Rulebook:
    return rulebooks["2022-2025"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "xa.sqlite3"
    create_demo(path, households=340, seed=3)  # two villages
    return path


@pytest.fixture
def database(demo: Path, tmp_path: Path) -> Iterator[Database]:
    """A copy of the demo commune that a test may change."""
    copy = tmp_path / "xa.sqlite3"
    copy.write_bytes(demo.read_bytes())
    db = open_database(copy)
    yield db
    db.close()


def codes_of(book: Rulebook, count: int) -> list[str]:
    return list(book.indicators_by_code)[:count]


# ----------------------------------------------------------------------------- the sheets
def latest_round(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        (round_id,) = connection.execute("SELECT id FROM review_round WHERE year = 2025").fetchone()
    return int(round_id)


def surveyed_in_2025(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        (household_id,) = connection.execute(
            "SELECT s.household_id FROM survey s JOIN review_round r ON r.id = s.round_id WHERE r.year = 2025 "
            "ORDER BY s.household_id LIMIT 1"
        ).fetchone()
    return int(household_id)


def households_of(path: Path, village_id: int) -> list[int]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT id FROM household WHERE village_id = ? ORDER BY id", (village_id,))
        return [int(r[0]) for r in rows]


def test_every_sheet_of_a_village_says_what_classify_says(
    demo: Path, database: Database, rulebooks: dict[str, Rulebook], book: Rulebook
) -> None:
    round_id = latest_round(demo)
    with sqlite3.connect(demo) as connection:
        surveys = {
            row[0]: row[1:]
            for row in connection.execute(
                "SELECT h.code, s.b1, s.lacking, h.area, s.category, s.officer, "
                "s.override_category, s.override_reason, s.override_by FROM survey s "
                "JOIN household h ON h.id = s.household_id WHERE h.village_id = 1 AND s.round_id = ?",
                (round_id,),
            )
        }
        members: dict[str, list[tuple[str, str, str, int, str, str | None]]] = {}
        for row in connection.execute(
            "SELECT h.code, m.full_name, m.relation, m.sex, m.birth_year, m.ethnicity_code, m.cccd "
            "FROM member m JOIN household h ON h.id = m.household_id WHERE h.village_id = 1 "
            "ORDER BY h.id, m.position"
        ):
            members.setdefault(row[0], []).append(row[1:])
        number, decided_on = connection.execute(
            "SELECT decision_number, decision_date FROM review_round WHERE id = ?", (round_id,)
        ).fetchone()
        meeting = connection.execute(
            "SELECT held_on, attendees, agreed FROM village_meeting WHERE round_id = ? AND village_id = 1 "
            "ORDER BY id DESC LIMIT 1",
            (round_id,),
        ).fetchone()
    with database.session() as session:
        sheets = village_sheets(session, round_id, 1, rulebooks)

    assert {s.household_code for s in sheets} == set(surveys)
    categories = set()
    for sheet in sheets:
        b1, lacking_json, area, stored, officer, decided, reason, by = surveys[sheet.household_code]
        lacking = json.loads(lacking_json)
        expected = classify(book, area=area, lacking=lacking, b1=b1)
        assert sheet.category is expected.category
        assert sheet.category.value == stored
        categories.add(sheet.category)
        assert sheet.b1 == b1
        assert sheet.b1_line == 140  # the demo commune is rural
        assert sheet.income_line == 1_500_000
        assert sheet.b2 == expected.b2 == 10 * len(lacking)
        assert sheet.b2_threshold == 30
        assert sheet.indicator_count == 12
        assert [i.name for i in sheet.lacking] == [book.indicators_by_code[c].vi for c in expected.lacking]
        assert [i.report_column for i in sheet.lacking] == sorted(i.report_column for i in sheet.lacking)
        for indicator, code in zip(sheet.lacking, expected.lacking, strict=True):
            condition = book.indicators_by_code[code].condition
            assert condition is not None
            assert indicator.condition == condition.vi
        assert list(sheet.reasons) == reasons(expected, book)
        assert list(sheet.distance) == distance_to_next(expected, book)
        if decided is None:
            assert sheet.override is None
            assert sheet.final_category_name == sheet.category_name
        else:
            assert sheet.override is not None
            assert (sheet.override.category.value, sheet.override.reason, sheet.override.by) == (decided, reason, by)
            assert sheet.final_category_name == sheet.override.category_name != sheet.category_name
        assert sheet.notes == ()
        assert sheet.surveyed_by == officer
        rows = members[sheet.household_code]
        assert [(m.name, m.relation, m.birth_year, m.cccd) for m in sheet.members] == [
            (name, RELATIONS[relation], year, cccd or "") for name, relation, _sex, year, _eth, cccd in rows
        ]
        assert [m.sex for m in sheet.members] == [{"male": "Nam", "female": "Nữ"}[r[2]] for r in rows]
        assert [m.ethnicity for m in sheet.members] == [ethnicity_name(r[4]) for r in rows]
        heads = [r[0] for r in rows if r[1] == "head"]
        assert [sheet.head_name] == heads
        assert (sheet.province, sheet.commune, sheet.commune_place) == (
            "Lạng Sơn",
            "Xã Bản Mẫu (dữ liệu mô phỏng)",
            "Bản Mẫu",
        )
        assert sheet.round_label == "Rà soát định kỳ năm 2025 — chuẩn 2022-2025"
        assert (sheet.standard_id, sheet.rulebook_sha256) == (book.id, book.sha256)
        if number is not None:
            day = dt.date.fromisoformat(decided_on)
            assert sheet.decision == f"Quyết định số {number} ngày {day:%d/%m/%Y}"
        if meeting is not None:
            held_on, attendees, agreed = meeting
            assert sheet.meeting is not None
            assert sheet.meeting.held_on_text == dt.date.fromisoformat(held_on).strftime("%d/%m/%Y")
            assert (sheet.meeting.attendees, sheet.meeting.agreed) == (attendees, agreed)
    assert categories == {Category.POOR, Category.NEAR_POOR, Category.NOT_POOR}


def test_village_sheets_are_in_vietnamese_order_of_the_head_and_only_that_village(
    demo: Path, database: Database, rulebooks: dict[str, Rulebook]
) -> None:
    round_id = latest_round(demo)
    with database.session() as session:
        first = village_sheets(session, round_id, 1, rulebooks)
        second = village_sheets(session, round_id, 2, rulebooks)
    for sheets, village in ((first, "T01"), (second, "T02")):
        assert sheets
        assert all(s.household_code.startswith(village + "-") for s in sheets)
        keys = [(name_sort_key(s.head_name), s.household_code) for s in sheets]
        assert keys == sorted(keys)
        assert len({s.village for s in sheets}) == 1
    assert first[0].village != second[0].village


def test_only_households_with_phieu_b_in_the_round_get_a_sheet(
    demo: Path, database: Database, rulebooks: dict[str, Rulebook], book: Rulebook
) -> None:
    surveyed, not_surveyed = households_of(demo, 1)[4:6], households_of(demo, 1)[6]
    with database.session() as session:
        new = create_round(session, year=2026, kind=RoundKind.PERIODIC, standard_id="2022-2025", rulebooks=rulebooks)
        for household_id in surveyed:
            data = SurveyData(b1=150, lacking=codes_of(book, 1), officer="Hoàng Thị Lan", status=SurveyStatus.CHECKED)
            save_survey(session, round_id=new.id, household_id=household_id, data=data, rulebooks=rulebooks)
    with database.session() as session:
        sheets = village_sheets(session, new.id, 1, rulebooks)
        assert sorted(s.household_id for s in sheets) == surveyed
        assert village_sheets(session, new.id, 2, rulebooks) == []
        with pytest.raises(OperationError, match="chưa có Phiếu B"):
            explanation_sheet(session, new.id, not_surveyed, rulebooks)


def test_the_meetings_override_and_the_meeting_are_on_the_sheet(
    demo: Path, database: Database, rulebooks: dict[str, Rulebook], book: Rulebook
) -> None:
    household = households_of(demo, 1)[3]
    with database.session() as session:
        new = create_round(session, year=2026, kind=RoundKind.PERIODIC, standard_id="2022-2025", rulebooks=rulebooks)
        data = SurveyData(b1=120, lacking=codes_of(book, 3), officer="Lương Văn Hải", status=SurveyStatus.CHECKED)
        save_survey(session, round_id=new.id, household_id=household, data=data, rulebooks=rulebooks)
        override_result(session, new.id, household, Category.NEAR_POOR, "Hộ đã có việc làm ổn định", "Tổ rà soát thôn")
        record_meeting(session, new.id, 1, held_on=dt.date(2026, 11, 20), attendees=40, agreed=31)
    with database.session() as session:
        sheet = explanation_sheet(session, new.id, household, rulebooks)
    assert sheet.category is Category.POOR
    assert sheet.category_name == "hộ nghèo"
    assert sheet.override is not None
    assert (sheet.override.category, sheet.override.reason, sheet.override.by) == (
        Category.NEAR_POOR,
        "Hộ đã có việc làm ổn định",
        "Tổ rà soát thôn",
    )
    assert sheet.final_category_name == "hộ cận nghèo"
    assert sheet.meeting is not None
    assert (sheet.meeting.held_on_text, sheet.meeting.attendees, sheet.meeting.agreed) == ("20/11/2026", 40, 31)
    assert sheet.surveyed_by == "Lương Văn Hải"
    assert sheet.round_label == "Rà soát định kỳ năm 2026 — chuẩn 2022-2025"
    # the distance is still that of the computed result: B1 120 is 20 under 140, B2 30 is one indicator over
    assert sheet.distance[0].startswith("Điểm B1 = 120, cách ngưỡng điểm B1 (140 điểm) là 20 điểm")
    assert "nếu giảm được 1 chỉ số thiếu hụt" in sheet.distance[1]


def test_a_standard_without_score_thresholds_says_so_on_the_sheet(
    demo: Path, database: Database, rulebooks: dict[str, Rulebook]
) -> None:
    later = rulebooks["2027-2030"]
    household = households_of(demo, 1)[2]
    with database.session() as session:
        new = create_round(session, year=2027, kind=RoundKind.PERIODIC, standard_id="2027-2030", rulebooks=rulebooks)
        data = SurveyData(b1=120, lacking=codes_of(later, 2), officer="Hoàng Thị Lan")
        save_survey(session, round_id=new.id, household_id=household, data=data, rulebooks=rulebooks)
    with database.session() as session:
        sheet = explanation_sheet(session, new.id, household, rulebooks)
    assert sheet.category is None
    assert sheet.category_name == "chưa xác định được"
    assert sheet.b1_line is None
    assert sheet.b2_threshold is None
    assert sheet.income_line == 2_200_000
    assert sheet.b2 == 20  # 10 points per indicator is in the rulebook, with its own confidence
    assert "chưa được ban hành/cấu hình" in sheet.reasons[0]
    assert sheet.distance == (
        "Chuẩn 2027-2030 chưa công bố ngưỡng phân loại cần dùng: chưa tính được khoảng cách đến loại khác.",
    )
    assert [i.condition for i in sheet.lacking].count(NO_CONDITION) == sum(
        later.indicators_by_code[c].condition is None for c in codes_of(later, 2)
    )


def test_an_unknown_round_or_standard_is_refused(
    demo: Path, database: Database, rulebooks: dict[str, Rulebook]
) -> None:
    round_id = latest_round(demo)
    with database.session() as session:
        with pytest.raises(OperationError, match="kỳ rà soát số 99"):
            village_sheets(session, 99, 1, rulebooks)
        with pytest.raises(OperationError, match="2022-2025"):
            village_sheets(session, round_id, 1, {})
        with pytest.raises(OperationError, match="thôn số 42"):
            village_sheets(session, round_id, 42, rulebooks)


def test_a_sheet_is_plain_frozen_data(demo: Path, database: Database, rulebooks: dict[str, Rulebook]) -> None:
    with database.session() as session:
        sheet = explanation_sheet(session, latest_round(demo), surveyed_in_2025(demo), rulebooks)
    assert isinstance(sheet, ExplanationSheet)
    with pytest.raises(AttributeError):
        sheet.head_name = "x"  # type: ignore[misc]
    assert isinstance(sheet.members, tuple)


# ----------------------------------------------------------------------------- distance sentences
def test_b1_at_the_line_is_0_points_from_it(book: Rulebook) -> None:
    result = classify(book, area="rural", b1=140, lacking=codes_of(book, 3))
    assert result.category is Category.POOR
    assert distance_to_next(result, book) == [
        "Điểm B1 = 140, cách ngưỡng điểm B1 (140 điểm) là 0 điểm (đúng bằng ngưỡng): khi điểm B1 vượt quá "
        "140 điểm thì hộ không còn thuộc diện nghèo, cận nghèo.",
        "Hộ thiếu hụt 3 chỉ số, B2 = 30 điểm (đạt ngưỡng hộ nghèo từ 30 điểm trở lên): nếu giảm được 1 chỉ số "
        "thiếu hụt (còn thiếu hụt 2 chỉ số, B2 = 20 điểm, dưới ngưỡng hộ nghèo 30 điểm) thì là hộ cận nghèo.",
    ]


def test_b1_one_above_the_line_is_1_point_above_and_would_be_near_poor_with_b2_20(book: Rulebook) -> None:
    result = classify(book, area="rural", b1=141, lacking=codes_of(book, 2))
    assert result.category is Category.NOT_POOR
    assert distance_to_next(result, book) == [
        "Điểm B1 = 141, cao hơn ngưỡng điểm B1 (140 điểm) là 1 điểm: không thuộc diện nghèo, cận nghèo.",
        "Nếu điểm B1 giảm từ 1 điểm trở lên (còn từ 140 điểm trở xuống) thì hộ là hộ cận nghèo "
        "(vì hộ thiếu hụt 2 chỉ số, B2 = 20 điểm, dưới ngưỡng hộ nghèo 30 điểm).",
    ]


def test_above_the_line_with_b2_30_would_be_poor(book: Rulebook) -> None:
    result = classify(book, area="rural", b1=141.5, lacking=codes_of(book, 3))
    sentences = distance_to_next(result, book)
    assert sentences[0].startswith("Điểm B1 = 141,5, cao hơn ngưỡng điểm B1 (140 điểm) là 1,5 điểm")
    assert "thì hộ là hộ nghèo (vì hộ thiếu hụt 3 chỉ số, B2 = 30 điểm" in sentences[1]


def test_near_poor_with_b2_20_needs_one_more_indicator(book: Rulebook) -> None:
    result = classify(book, area="rural", b1=128, lacking=codes_of(book, 2))
    assert result.category is Category.NEAR_POOR
    first, second = distance_to_next(result, book)
    assert first.startswith("Điểm B1 = 128, cách ngưỡng điểm B1 (140 điểm) là 12 điểm:")
    assert second == (
        "Hộ thiếu hụt 2 chỉ số, B2 = 20 điểm (dưới ngưỡng hộ nghèo 30 điểm): nếu thiếu hụt thêm 1 chỉ số "
        "(tổng cộng thiếu hụt 3 chỉ số, B2 = 30 điểm, đạt ngưỡng hộ nghèo từ 30 điểm trở lên) thì là hộ nghèo."
    )


def test_near_poor_lacking_nothing_needs_three_more(book: Rulebook) -> None:
    result = classify(book, area="rural", b1=100, lacking=[])
    assert "nếu thiếu hụt thêm 3 chỉ số" in distance_to_next(result, book)[1]
    assert distance_to_next(result, book)[1].startswith("Hộ không thiếu hụt chỉ số nào, B2 = 0 điểm")


@pytest.mark.parametrize(("lacking", "fewer", "left"), [(3, 1, 2), (4, 2, 2), (6, 4, 2)])
def test_poor_needs_b2_under_30_to_be_near_poor(book: Rulebook, lacking: int, fewer: int, left: int) -> None:
    result = classify(book, area="rural", b1=90, lacking=codes_of(book, lacking))
    assert result.category is Category.POOR
    assert (
        f"nếu giảm được {fewer} chỉ số thiếu hụt (còn thiếu hụt {left} chỉ số, B2 = {10 * left} điểm"
        in distance_to_next(result, book)[1]
    )


def test_the_urban_line_is_used_for_an_urban_household(book: Rulebook) -> None:
    at = distance_to_next(classify(book, area="urban", b1=175, lacking=[]), book)
    above = distance_to_next(classify(book, area="urban", b1=176, lacking=[]), book)
    assert "cách ngưỡng điểm B1 (175 điểm) là 0 điểm" in at[0]
    assert "cao hơn ngưỡng điểm B1 (175 điểm) là 1 điểm" in above[0]


def test_income_path_in_dong_with_vietnamese_numbers(book: Rulebook) -> None:
    poor = distance_to_next(classify(book, area="rural", income=1_200_000, lacking=codes_of(book, 3)), book)
    assert poor[0].startswith(
        "Thu nhập bình quân 1.200.000 đồng/người/tháng, cách chuẩn nghèo (1.500.000 đồng) là 300.000 đồng:"
    )
    assert "nếu giảm được 1 chỉ số thiếu hụt (còn thiếu hụt 2 chỉ số, dưới mức hộ nghèo 3 chỉ số)" in poor[1]
    average = distance_to_next(classify(book, area="rural", income=1_800_000, lacking=[]), book)
    assert "cao hơn chuẩn nghèo (1.500.000 đồng) là 300.000 đồng" in average[0]
    assert average[2].startswith(
        "Thu nhập còn cách mức trên của hộ có mức sống trung bình (2.250.000 đồng) là 450.000 đồng"
    )


def test_the_outright_line_of_2016_2020(rulebooks: dict[str, Rulebook]) -> None:
    old = rulebooks["2016-2020"]
    result = classify(old, area="rural", b1=110, lacking=codes_of(old, 1))
    assert result.category is Category.POOR
    first, second = distance_to_next(result, old)
    assert first.startswith("Điểm B1 = 110, cách ngưỡng điểm B1 nghèo (không xét B2; 120 điểm) là 10 điểm")
    assert "hộ sẽ là hộ cận nghèo" in first
    assert "cách ngưỡng điểm B1 cận nghèo (150 điểm) là 40 điểm" in second


def test_unpublished_thresholds_are_said_not_guessed(rulebooks: dict[str, Rulebook], book: Rulebook) -> None:
    later = rulebooks["2027-2030"]
    sentences = distance_to_next(classify(later, area="rural", income=2_500_000, lacking=[]), later)
    assert sentences[-1] == (
        "Chuẩn 2027-2030 chưa công bố mức trên của hộ có mức sống trung bình (khu vực nông thôn): "
        "chưa xác định được hộ có thuộc mức sống trung bình hay không."
    )
    # a not-poor household under a standard whose B2 threshold is unknown: B1 is known, B2 is not
    unknown = SourcedInt(value=None, source=["test"], confidence="unknown")
    model = book.model.model_copy(update={"score": book.model.score.model_copy(update={"b2_poor_min": unknown})})
    no_b2 = Rulebook(model=model, sha256="test", path="test")
    result = classify(no_b2, area="rural", b1=150, lacking=codes_of(book, 3))
    assert result.category is Category.NOT_POOR
    assert distance_to_next(result, no_b2)[1] == (
        "Nếu điểm B1 giảm từ 10 điểm trở lên (còn từ 140 điểm trở xuống) thì hộ là hộ nghèo hoặc hộ cận nghèo "
        "(chuẩn 2022-2025 chưa công bố ngưỡng điểm B2 của hộ nghèo, nên chưa xác định được)."
    )


def test_a_phieu_b_with_b1_and_the_optional_income_is_explained_as_stored(
    demo: Path, database: Database, rulebooks: dict[str, Rulebook], book: Rulebook
) -> None:
    # B1 120 is under the 140 line; B2 20 makes it near-poor. The income beside it is optional
    # (kept for what-if); the score decides, on the stored result and on the sheet alike.
    household = households_of(demo, 1)[7]
    with database.session() as session:
        new = create_round(session, year=2026, kind=RoundKind.PERIODIC, standard_id="2022-2025", rulebooks=rulebooks)
        data = SurveyData(b1=120, income=900_000, lacking=codes_of(book, 2), officer="Hoàng Thị Lan")
        saved = save_survey(session, round_id=new.id, household_id=household, data=data, rulebooks=rulebooks)
    with database.session() as session:
        sheet = explanation_sheet(session, new.id, household, rulebooks)
    assert isinstance(saved.outcome, Classification)
    assert saved.outcome.category is Category.NEAR_POOR
    assert sheet.category is Category.NEAR_POOR
    assert sheet.category_name == "hộ cận nghèo"
