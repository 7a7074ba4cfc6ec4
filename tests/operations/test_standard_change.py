"""At the change of standard (the end of 2026, issue #13): a round opened under the wrong
standard can take another while none of its Phiếu B is checked (every result classified again,
audited), and an empty round can be deleted (audited); anything else is refused and changes
nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from ranoat.domain.area import Area
from ranoat.domain.category import Category
from ranoat.domain.errors import OperationError
from ranoat.domain.household import CommuneType, HouseholdData, MemberData, Relation, Sex
from ranoat.domain.round import RoundKind
from ranoat.domain.survey import SurveyData, SurveyStatus
from ranoat.operations.commune import CommuneData, VillageData, save_commune, villages
from ranoat.operations.households import save_household
from ranoat.operations.rounds import create_round
from ranoat.operations.standard_change import change_standard, delete_round, why_not_delete_round
from ranoat.operations.surveys import save_survey
from ranoat.rules.rulebook import Rulebook, load_all
from ranoat.storage.database import Database, open_database
from ranoat.storage.models import AuditEntry, ReviewRound, RoundHousehold, Survey, VillageMeeting

TODAY = dt.date(2026, 12, 7)
REASON = "Theo Nghị định 351/2025: rà soát năm 2026 theo chuẩn 2022–2025"


@pytest.fixture(scope="module")
def books() -> dict[str, Rulebook]:
    return load_all()


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = open_database(tmp_path / "xa.sqlite3", create=True)
    with database.session() as session:
        save_commune(
            session,
            CommuneData(
                "20", "Lạng Sơn", "06172", "Xã Tân Thành", CommuneType.XA, Area.RURAL, [VillageData("T01", "Thôn 1")]
            ),
        )
    return database


def household(db: Database, code: str) -> int:
    with db.session() as session:
        member = MemberData("Hoàng Văn An", Sex.MALE, Relation.HEAD, 1970)
        data = HouseholdData(code=code, village_id=villages(session)[0].id, area=Area.RURAL, members=[member])
        return save_household(session, data, TODAY).id


def open_round(
    db: Database, books: dict[str, Rulebook], standard: str, kind: RoundKind = RoundKind.PERIODIC, year: int = 2026
) -> int:
    with db.session() as session:
        return create_round(session, year=year, kind=kind, standard_id=standard, rulebooks=books).id


def survey(db: Database, books: dict[str, Rulebook], round_id: int, household_id: int, **data: object) -> None:
    with db.session() as session:
        save_survey(session, round_id=round_id, household_id=household_id, data=SurveyData(**data), rulebooks=books)  # type: ignore[arg-type]


def results(db: Database, round_id: int) -> dict[int, str | None]:
    with db.session() as session:
        return dict(
            session.execute(select(Survey.household_id, Survey.category).where(Survey.round_id == round_id)).all()
        )


def test_a_round_opened_under_2027_2030_takes_2022_2025_and_every_result_is_computed_again(
    db: Database, books: dict[str, Rulebook]
) -> None:
    poor, out = household(db, "T01-00001"), household(db, "T01-00002")
    round_id = open_round(db, books, "2027-2030")  # the default for a periodic round opened now
    survey(db, books, round_id, poor, b1=120, lacking=["health_insurance", "water_source", "hygienic_toilet"])
    survey(db, books, round_id, out, b1=200)
    assert results(db, round_id) == {poor: None, out: None}  # 2027–2030's B1 thresholds are not published
    with db.session() as session:
        count = change_standard(
            session, round_id, "2022-2025", books, "Theo Nghị định 351/2025: rà soát năm 2026 theo chuẩn 2022–2025"
        )
    assert count == 2
    assert results(db, round_id) == {poor: Category.POOR.value, out: Category.NOT_POOR.value}
    with db.session() as session:
        assert session.get(ReviewRound, round_id).standard_id == "2022-2025"  # type: ignore[union-attr]
        assert {s.rulebook_id for s in session.scalars(select(Survey))} == {"2022-2025"}
        note = session.scalars(select(AuditEntry).where(AuditEntry.action == "change_standard")).one()
        assert note.old == {"standard_id": "2027-2030"}
        assert note.new == {
            "standard_id": "2022-2025",
            "reason": "Theo Nghị định 351/2025: rà soát năm 2026 theo chuẩn 2022–2025",
            "surveys": 2,
        }


def test_a_checked_phieu_b_or_no_reason_refuses_the_change_and_nothing_changes(
    db: Database, books: dict[str, Rulebook]
) -> None:
    one = household(db, "T01-00001")
    round_id = open_round(db, books, "2027-2030")
    survey(db, books, round_id, one, b1=120, status=SurveyStatus.CHECKED)
    with db.session() as session, pytest.raises(OperationError, match="1 Phiếu B đã kiểm tra hoặc đã duyệt"):
        change_standard(session, round_id, "2022-2025", books, "lý do")
    assert results(db, round_id) == {one: None}  # still under 2027–2030, not classified again
    other = open_round(db, books, "2027-2030", year=2027)
    with db.session() as session, pytest.raises(OperationError, match="Cần ghi lý do"):
        change_standard(session, other, "2022-2025", books, "  ")
    with db.session() as session, pytest.raises(OperationError, match="đã dùng chuẩn 2027-2030"):
        change_standard(session, other, "2027-2030", books, "lý do")
    with db.session() as session:
        assert {r.standard_id for r in session.scalars(select(ReviewRound))} == {"2027-2030"}
        assert session.scalar(select(func.count()).where(AuditEntry.action == "change_standard")) == 0


def test_an_empty_round_is_deleted_with_its_list_and_a_round_with_work_is_not(
    db: Database, books: dict[str, Rulebook]
) -> None:
    one = household(db, "T01-00001")
    first = open_round(db, books, "2022-2025")
    second = open_round(db, books, "2027-2030", RoundKind.GENERAL)  # opened beside it by mistake
    with db.session() as session:
        assert why_not_delete_round(session, second) is None
        delete_round(session, second)
    with db.session() as session:
        assert session.get(ReviewRound, second) is None
        assert session.scalar(select(func.count()).where(RoundHousehold.round_id == second)) == 0
        note = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "delete", AuditEntry.table_name == "review_round")
        ).one()
        assert note.old is not None
        assert note.old["standard_id"] == "2027-2030"
    survey(db, books, first, one, b1=120)
    with db.session() as session, pytest.raises(OperationError, match="đã có 1 Phiếu B"):
        delete_round(session, first)
    with db.session() as session:
        assert session.get(ReviewRound, first) is not None
        session.add(VillageMeeting(round_id=first, village_id=1, held_on=TODAY, attendees=10, agreed=9, note=""))
    with db.session() as session:
        session.execute(delete(Survey))
    with db.session() as session:
        assert why_not_delete_round(session, first) == "Kỳ rà soát đã có 1 cuộc họp dân: chỉ xoá được kỳ chưa nhập gì."


# ----------------------------------------------------------------------------- the two rounds of a change
def starts(db: Database, round_id: int) -> dict[int, str | None]:
    with db.session() as session:
        query = select(RoundHousehold.household_id, RoundHousehold.start_category)
        return {
            household: start for household, start in session.execute(query.where(RoundHousehold.round_id == round_id))
        }


def previous_of(db: Database, round_id: int) -> int | None:
    with db.session() as session:
        record = session.get(ReviewRound, round_id)
        assert record is not None
        return record.previous_round_id


def test_the_year_s_review_and_the_general_review_coexist_and_start_from_the_right_lists(
    db: Database, books: dict[str, Rulebook]
) -> None:
    """End of 2026: the periodic review under 2022-2025 and the general review (tổng rà soát) under
    2027-2030 are two rounds of one year. Each starts from the 2025 lists; the 2027 rounds start from
    the general review's lists (the new period's), not from the year's review."""
    one = household(db, "T01-00001")
    last_year = open_round(db, books, "2022-2025", year=2025)
    survey(db, books, last_year, one, b1=120, income=1_400_000)  # near-poor in 2025 (rural, few lacking)
    periodic = open_round(db, books, "2022-2025")
    general = open_round(db, books, "2027-2030", RoundKind.GENERAL)
    assert previous_of(db, periodic) == last_year
    assert previous_of(db, general) == last_year  # not the year's periodic review opened before it
    assert starts(db, periodic) == starts(db, general) == {one: Category.NEAR_POOR.value}
    survey(db, books, periodic, one, b1=200, income=3_000_000)  # escaped under the old standard
    with db.session() as session:
        record = session.get(ReviewRound, general)
        assert record is not None
        assert (record.kind, record.starts_on, record.ends_on) == ("general", None, None)  # the province sets them
        assert [r.kind for r in session.scalars(select(ReviewRound).order_by(ReviewRound.id))] == [
            "periodic",
            "periodic",
            "general",
        ]
    next_year = open_round(db, books, "2027-2030", year=2027)
    assert previous_of(db, next_year) == general


def test_a_general_review_opened_first_is_not_where_the_year_s_review_starts(
    db: Database, books: dict[str, Rulebook]
) -> None:
    household(db, "T01-00001")
    last_year = open_round(db, books, "2022-2025", year=2025)
    general = open_round(db, books, "2027-2030", RoundKind.GENERAL)
    periodic = open_round(db, books, "2022-2025")
    assert previous_of(db, general) == last_year
    assert previous_of(db, periodic) == last_year


@pytest.mark.parametrize("kind", [RoundKind.PERIODIC, RoundKind.GENERAL])
def test_a_second_round_of_the_same_kind_and_year_is_refused_and_says_what_to_do(
    db: Database, books: dict[str, Rulebook], kind: RoundKind
) -> None:
    open_round(db, books, "2022-2025", kind)
    with db.session() as session:
        before = session.scalar(select(func.count()).select_from(ReviewRound))
    with db.session() as session, pytest.raises(OperationError) as refused:
        create_round(session, year=2026, kind=kind, standard_id="2027-2030", rulebooks=books)
    message = str(refused.value)
    assert "Không mở được kỳ thứ hai cùng loại trong năm" in message
    assert "chuẩn 2022-2025" in message  # names the round that is there
    if kind is RoundKind.PERIODIC:
        assert "Tổng rà soát" in message
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(ReviewRound)) == before
        # regular rounds: one per month, another month is fine
        create_round(session, year=2026, kind=RoundKind.REGULAR, standard_id="2022-2025", rulebooks=books, month=3)
        create_round(session, year=2026, kind=RoundKind.REGULAR, standard_id="2022-2025", rulebooks=books, month=4)
    with db.session() as session, pytest.raises(OperationError, match="thường xuyên tháng 3 năm 2026"):
        create_round(session, year=2026, kind=RoundKind.REGULAR, standard_id="2022-2025", rulebooks=books, month=3)


def test_a_general_review_s_label_names_it() -> None:
    from ranoat.domain.round import RoundInfo, RoundStatus

    info = RoundInfo(1, 2026, RoundKind.GENERAL, "2027-2030", RoundStatus.OPEN, None)
    assert info.label == "Tổng rà soát năm 2026 (danh sách giai đoạn mới) — chuẩn 2027-2030"
    assert RoundKind.GENERAL.list_year_offset == RoundKind.PERIODIC.list_year_offset == 1
    assert RoundKind.REGULAR.list_year_offset == 0
