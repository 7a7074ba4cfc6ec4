"""The register operations (`ranoat.operations.register`) on a real SQLite file, through their public functions.

Each action runs in its own `Database.session()` (one transaction), as the GUI calls it; what an
action stored is read back in a fresh session, or straight from the tables where the denormalised
columns (head_sort, search_text, positions) are what is being checked. A refused action must leave
the file exactly as it was: `snapshot()` reads every table before and after.
"""

from __future__ import annotations

import datetime as dt
import itertools
import unicodedata
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ranoat.domain.area import Area
from ranoat.domain.errors import OperationError
from ranoat.domain.household import (
    CommuneType,
    Employment,
    HouseholdData,
    MemberData,
    PovertyCause,
    Relation,
    Schooling,
    Sex,
)
from ranoat.domain.round import RoundKind, RoundStatus
from ranoat.domain.search import fold, name_sort_text
from ranoat.domain.survey import SurveyData, SurveyStatus
from ranoat.domain.validation import validate_household
from ranoat.operations.commune import CommuneData, OfficerData, VillageData, load_commune, save_commune, villages
from ranoat.operations.households import (
    SavedHousehold,
    delete_household,
    find_same_person,
    load_household,
    next_household_code,
    save_household,
)
from ranoat.operations.register import (
    RegisterFilter,
    RegisterRow,
    member_hits,
    register_ids,
    register_rows,
    search_phrase,
)
from ranoat.operations.rounds import create_round, list_rounds
from ranoat.operations.surveys import load_survey, save_survey
from ranoat.rules.classify import Classification, ClassificationError, ErrorCode
from ranoat.rules.rulebook import Rulebook, load_all
from ranoat.storage.database import Database, open_database
from ranoat.storage.models import (
    AuditEntry,
    Base,
    Commune,
    Household,
    HouseholdCause,
    Member,
    Officer,
    ReviewRound,
    Survey,
    Village,
)

TODAY = dt.date(2026, 10, 1)
POOR_LACKING = ["employment", "health_insurance", "water_source"]  # B2 = 30 under 2022–2025


# ----------------------------------------------------------------------------- helpers
@pytest.fixture(scope="module")
def rulebooks() -> dict[str, Rulebook]:
    return load_all()


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "xa.sqlite3", create=True)
    try:
        yield database
    finally:
        database.close()


def commune_data(*villages_: VillageData, officers: list[OfficerData] | None = None) -> CommuneData:
    return CommuneData(
        province_code="20",
        province_name="Lạng Sơn",
        code="06112",
        name="Xã Tân Văn",
        type=CommuneType.XA,
        default_area=Area.RURAL,
        villages=list(villages_),
        officers=officers or [],
        region="tdmnpb",
    )


@pytest.fixture
def village_ids(db: Database) -> dict[str, int]:
    """A commune with two villages; their ids by code."""
    with db.session() as session:
        save_commune(session, commune_data(VillageData("T01", "Thôn Nà Pàn"), VillageData("T02", "Thôn Khuổi Phầy")))
    with db.session() as session:
        return {v.code: v.id for v in villages(session) if v.id is not None}


def person(
    name: str,
    relation: Relation | None = Relation.HEAD,
    sex: Sex | None = Sex.MALE,
    birth_year: int | None = 1980,
    cccd: str = "",
    **fields: Any,
) -> MemberData:
    return MemberData(full_name=name, sex=sex, relation=relation, birth_year=birth_year, cccd=cccd, **fields)


def household(code: str, village_id: int, *members: MemberData, **fields: Any) -> HouseholdData:
    return HouseholdData(code=code, village_id=village_id, area=Area.RURAL, members=list(members), **fields)


def add(db: Database, data: HouseholdData) -> int:
    with db.session() as session:
        return save_household(session, data, TODAY).id


def load(db: Database, household_id: int) -> HouseholdData:
    with db.session() as session:
        return load_household(session, household_id)


def count(db: Database, model: type[Base]) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, to show that a refused action changed nothing."""
    with db.engine.connect() as connection:
        return {
            table.name: [tuple(row) for row in connection.execute(table.select().order_by(*table.primary_key))]
            for table in Base.metadata.sorted_tables
        }


def open_round(db: Database, rulebooks: dict[str, Rulebook], standard_id: str = "2022-2025", year: int = 2026) -> int:
    with db.session() as session:
        return create_round(
            session, year=year, kind=RoundKind.PERIODIC, standard_id=standard_id, rulebooks=rulebooks
        ).id


def survey(db: Database, rulebooks: dict[str, Rulebook], round_id: int, household_id: int, data: SurveyData) -> int:
    with db.session() as session:
        return save_survey(session, round_id=round_id, household_id=household_id, data=data, rulebooks=rulebooks).id


# ----------------------------------------------------------------------------- commune settings
def test_save_commune_creates_the_commune_then_updates_the_same_row(db: Database) -> None:
    with db.session() as session:
        assert load_commune(session) is None
    decomposed = unicodedata.normalize("NFD", "Xã Tân Văn")
    with db.session() as session:
        save_commune(session, replace(commune_data(VillageData("T01", "Thôn Nà Pàn")), name=f"  {decomposed} "))
    with db.session() as session:
        first = load_commune(session)
    assert first is not None
    assert first.name == "Xã Tân Văn"
    assert unicodedata.is_normalized("NFC", first.name)
    assert (first.province_name, first.code, first.type, first.default_area, first.region) == (
        "Lạng Sơn",
        "06112",
        CommuneType.XA,
        Area.RURAL,
        "tdmnpb",
    )

    first.name = "Phường Chi Lăng"
    first.type = CommuneType.PHUONG
    first.default_area = Area.URBAN
    first.region = None
    with db.session() as session:
        save_commune(session, first)
    with db.session() as session:
        second = load_commune(session)
    assert second is not None
    assert (second.name, second.type, second.default_area, second.region) == (
        "Phường Chi Lăng",
        CommuneType.PHUONG,
        Area.URBAN,
        None,
    )
    assert count(db, Commune) == 1
    assert second.villages == first.villages


def test_villages_are_added_renamed_and_reordered_keeping_their_ids(db: Database, village_ids: dict[str, int]) -> None:
    with db.session() as session:
        data = load_commune(session)
    assert data is not None
    t01, t02 = data.villages
    t02.name = "Thôn Khuổi Phầy Mới"
    data.villages = [VillageData("T03", "Bản Pò Mã"), t02, t01]
    with db.session() as session:
        save_commune(session, data)

    with db.session() as session:
        after = load_commune(session)
        positions = {code: position for code, position in session.execute(select(Village.code, Village.position))}
        listed = villages(session)
    assert after is not None
    assert [(v.code, v.name) for v in after.villages] == [
        ("T03", "Bản Pò Mã"),
        ("T02", "Thôn Khuổi Phầy Mới"),
        ("T01", "Thôn Nà Pàn"),
    ]
    assert positions == {"T03": 0, "T02": 1, "T01": 2}
    assert [v.code for v in listed] == ["T03", "T02", "T01"]
    ids = {v.code: v.id for v in after.villages}
    assert ids["T01"] == village_ids["T01"]
    assert ids["T02"] == village_ids["T02"]
    assert ids["T03"] not in village_ids.values()


def test_removing_an_empty_village_deletes_it(db: Database, village_ids: dict[str, int]) -> None:
    with db.session() as session:
        data = load_commune(session)
    assert data is not None
    data.villages = [v for v in data.villages if v.code != "T02"]
    with db.session() as session:
        save_commune(session, data)
    with db.session() as session:
        assert [v.code for v in villages(session)] == ["T01"]
        assert session.get(Village, village_ids["T02"]) is None


def test_removing_a_village_with_households_is_refused_and_nothing_changes(
    db: Database, village_ids: dict[str, int]
) -> None:
    add(db, household("T02-00001", village_ids["T02"], person("Hoàng Văn Đức")))
    with db.session() as session:
        data = load_commune(session)
    assert data is not None
    data.officers = [OfficerData("Lý Thị Mai", "Chủ tịch UBND xã", "chair")]
    with db.session() as session:
        save_commune(session, data)
    before = snapshot(db)

    with db.session() as session:
        data = load_commune(session)
    assert data is not None
    # Several changes in the same action: all of them must be rolled back with the refusal.
    data.name = "Xã Đổi Tên"
    data.villages = [VillageData("T09", "Thôn Mới"), replace(data.villages[0], name="Thôn Nà Pàn Đổi Tên")]
    data.officers = [OfficerData("Hoàng Văn Ba", "Cán bộ LĐTBXH", "preparer")]
    with pytest.raises(OperationError, match=r"^Không xoá được Thôn Khuổi Phầy: thôn còn 1 hộ\.$"), db.session() as s:
        save_commune(s, data)

    assert snapshot(db) == before
    with db.session() as session:
        kept = load_commune(session)
    assert kept is not None
    assert kept.name == "Xã Tân Văn"
    assert [(v.code, v.name) for v in kept.villages] == [("T01", "Thôn Nà Pàn"), ("T02", "Thôn Khuổi Phầy")]
    assert [o.name for o in kept.officers] == ["Lý Thị Mai"]


def test_duplicate_village_codes_are_refused(db: Database) -> None:
    before = snapshot(db)
    data = commune_data(VillageData("T01", "Thôn Nà Pàn"), VillageData(" T01 ", "Thôn Khác"))
    with pytest.raises(OperationError, match="Mã thôn bị trùng"), db.session() as session:
        save_commune(session, data)
    assert snapshot(db) == before
    with db.session() as session:
        assert load_commune(session) is None


def test_duplicate_codes_among_existing_villages_are_refused(db: Database, village_ids: dict[str, int]) -> None:
    with db.session() as session:
        data = load_commune(session)
    assert data is not None
    before = snapshot(db)
    data.villages[1].code = "T01"
    with pytest.raises(OperationError, match="Mã thôn bị trùng"), db.session() as session:
        save_commune(session, data)
    assert snapshot(db) == before


def test_missing_commune_fields_are_all_reported(db: Database) -> None:
    data = replace(commune_data(VillageData("", "Thôn Nà Pàn")), name=" ", province_name="")
    with pytest.raises(OperationError) as refused, db.session() as session:
        save_commune(session, data)
    message = str(refused.value)
    for expected in ("Cần nhập mã và tên xã.", "Cần nhập tên tỉnh.", "Mỗi thôn cần có mã và tên."):
        assert expected in message
    assert count(db, Commune) == 0


def test_officers_are_replaced(db: Database) -> None:
    with db.session() as session:
        save_commune(
            session,
            commune_data(
                officers=[
                    OfficerData("Hoàng Văn Ba", "Cán bộ LĐTBXH", "preparer"),
                    OfficerData("Lý Thị Mai", "Chủ tịch UBND xã", "chair"),
                ]
            ),
        )
    with db.session() as session:
        data = load_commune(session)
    assert data is not None
    assert [(o.name, o.role) for o in data.officers] == [("Hoàng Văn Ba", "preparer"), ("Lý Thị Mai", "chair")]

    data.officers = [
        OfficerData(unicodedata.normalize("NFD", " Nông Văn Dũng "), "Chủ tịch UBND xã", "chair"),
        OfficerData("   ", "Không tên", "other"),  # a blank row of the editor is dropped
    ]
    with db.session() as session:
        save_commune(session, data)
    with db.session() as session:
        after = load_commune(session)
        rows = session.scalars(select(Officer)).all()
    assert after is not None
    assert [(o.name, o.title, o.role) for o in after.officers] == [("Nông Văn Dũng", "Chủ tịch UBND xã", "chair")]
    assert len(rows) == 1


def test_a_removed_village_code_can_be_given_to_a_new_village(db: Database, village_ids: dict[str, int]) -> None:
    """At e71dd07 this raised sqlalchemy's IntegrityError (UNIQUE village.code), not an OperationError:
    the new village was autoflushed before the removed one was deleted."""
    with db.session() as session:
        data = load_commune(session)
    assert data is not None
    data.villages = [data.villages[0], VillageData("T02", "Thôn Khuổi Phầy (lập lại)")]
    with db.session() as session:
        save_commune(session, data)
    with db.session() as session:
        after = villages(session)
    assert [(v.code, v.name) for v in after] == [("T01", "Thôn Nà Pàn"), ("T02", "Thôn Khuổi Phầy (lập lại)")]
    assert after[0].id == village_ids["T01"]


def test_two_villages_can_swap_codes(db: Database, village_ids: dict[str, int]) -> None:
    """At e71dd07 this raised sqlalchemy's IntegrityError: rows were updated one at a time."""
    with db.session() as session:
        data = load_commune(session)
    assert data is not None
    data.villages[0].code, data.villages[1].code = "T02", "T01"
    with db.session() as session:
        save_commune(session, data)
    with db.session() as session:
        after = {v.id: v.code for v in villages(session)}
    assert after == {village_ids["T01"]: "T02", village_ids["T02"]: "T01"}


# ----------------------------------------------------------------------------- review rounds
def test_create_round_records_the_explicit_standard_and_periodic_dates(
    db: Database, rulebooks: dict[str, Rulebook]
) -> None:
    with db.session() as session:
        info = create_round(
            session, year=2026, kind=RoundKind.PERIODIC, standard_id="2022-2025", rulebooks=rulebooks, month=5
        )
    assert (info.year, info.kind, info.standard_id, info.status, info.month) == (
        2026,
        RoundKind.PERIODIC,
        "2022-2025",
        RoundStatus.OPEN,
        None,
    )
    assert info.label == "Rà soát định kỳ năm 2026 — chuẩn 2022-2025"
    with db.session() as session:
        stored = session.get(ReviewRound, info.id)
        assert stored is not None
        assert (stored.standard_id, stored.kind, stored.month, stored.status) == ("2022-2025", "periodic", None, "open")
        assert (stored.starts_on, stored.ends_on) == (dt.date(2026, 9, 1), dt.date(2026, 12, 14))
        assert list_rounds(session) == [info]


def test_a_second_standard_is_recorded_as_chosen(db: Database, rulebooks: dict[str, Rulebook]) -> None:
    with db.session() as session:
        create_round(session, year=2025, kind=RoundKind.PERIODIC, standard_id="2022-2025", rulebooks=rulebooks)
        create_round(session, year=2027, kind=RoundKind.PERIODIC, standard_id="2027-2030", rulebooks=rulebooks)
    with db.session() as session:
        assert [(r.year, r.standard_id) for r in list_rounds(session)] == [(2027, "2027-2030"), (2025, "2022-2025")]


def test_an_unknown_standard_is_refused(db: Database, rulebooks: dict[str, Rulebook]) -> None:
    with pytest.raises(OperationError, match="Không có chuẩn nghèo '2031-2035'"), db.session() as session:
        create_round(session, year=2031, kind=RoundKind.PERIODIC, standard_id="2031-2035", rulebooks=rulebooks)
    assert count(db, ReviewRound) == 0


@pytest.mark.parametrize("month", [1, 12])
def test_a_regular_round_takes_a_month(db: Database, rulebooks: dict[str, Rulebook], month: int) -> None:
    with db.session() as session:
        info = create_round(
            session, year=2026, kind=RoundKind.REGULAR, standard_id="2022-2025", rulebooks=rulebooks, month=month
        )
    assert info.month == month
    assert info.label == f"Rà soát thường xuyên tháng {month} năm 2026 — chuẩn 2022-2025"
    with db.session() as session:
        stored = session.get(ReviewRound, info.id)
        assert stored is not None
        assert (stored.kind, stored.month, stored.starts_on, stored.ends_on) == ("regular", month, None, None)


@pytest.mark.parametrize("month", [None, 0, 13, -1])
def test_a_regular_round_without_a_valid_month_is_refused(
    db: Database, rulebooks: dict[str, Rulebook], month: int | None
) -> None:
    with pytest.raises(OperationError, match="cần tháng từ 1 đến 12"), db.session() as session:
        create_round(
            session, year=2026, kind=RoundKind.REGULAR, standard_id="2022-2025", rulebooks=rulebooks, month=month
        )
    assert count(db, ReviewRound) == 0


# ----------------------------------------------------------------------------- households: create
def test_a_new_household_gets_its_denormalised_columns(db: Database, village_ids: dict[str, int]) -> None:
    data = household(
        " T01-00001 ",
        village_ids["T01"],
        person("Nông Thị Lan", Relation.SPOUSE, Sex.FEMALE, 1982, cccd="020182000456"),
        person("Hoàng  Văn   Đức", Relation.HEAD, Sex.MALE, 1980, cccd=" 020080000123 "),
        person("Hoàng Minh Ánh", Relation.CHILD, Sex.FEMALE, 2015),
        address=" Thôn Nà Pàn, xã Tân Văn ",
        phone=" 0912345678 ",
    )
    with db.session() as session:
        saved = save_household(session, data, TODAY)
    assert saved.created

    with db.session() as session:
        row = session.get(Household, saved.id)
        assert row is not None
        assert row.code == "T01-00001"
        assert row.head_name == "Hoàng Văn Đức"
        assert row.head_sort == name_sort_text("Hoàng Văn Đức")
        assert row.member_count == 3
        assert row.search_text == "t01-00001|nong thi lan|hoang van duc|hoang minh anh|020182000456|020080000123"
        assert row.search_text.split("|") == [
            "t01-00001",
            "nong thi lan",
            "hoang van duc",
            "hoang minh anh",
            "020182000456",
            "020080000123",
        ]
        assert (row.address, row.phone) == ("Thôn Nà Pàn, xã Tân Văn", "0912345678")
        members = session.scalars(select(Member).where(Member.household_id == saved.id).order_by(Member.position))
        assert [(m.position, m.full_name, m.name_folded, m.cccd) for m in members] == [
            (0, "Nông Thị Lan", "nong thi lan", "020182000456"),
            (1, "Hoàng Văn Đức", "hoang van duc", "020080000123"),
            (2, "Hoàng Minh Ánh", "hoang minh anh", None),
        ]


def test_a_decomposed_name_is_stored_in_nfc(db: Database, village_ids: dict[str, int]) -> None:
    typed = unicodedata.normalize("NFD", "Nguyễn Thị Thuỷ")
    assert typed != "Nguyễn Thị Thuỷ"
    data = household("T01-00001", village_ids["T01"], person(typed, sex=Sex.FEMALE))
    assert any(i.severity == "warning" for i in validate_household(data, TODAY))  # warned, not blocked
    household_id = add(db, data)
    loaded = load(db, household_id)
    assert loaded.members[0].full_name == "Nguyễn Thị Thuỷ"
    assert unicodedata.is_normalized("NFC", loaded.members[0].full_name)
    with db.session() as session:
        row = session.get(Household, household_id)
        assert row is not None
        assert row.head_name == "Nguyễn Thị Thuỷ"
        assert row.head_sort == name_sort_text("Nguyễn Thị Thuỷ")
        assert session.scalar(select(Member.name_folded)) == "nguyen thi thuy"
        # An NFC search finds the name typed decomposed.
        matches = find_same_person(session, full_name="Nguyễn Thị Thuỷ", birth_year=1980, cccd="")
    assert [m.household_id for m in matches] == [household_id]


def test_causes_are_stored_and_replaced(db: Database, village_ids: dict[str, int]) -> None:
    data = household(
        "T01-00001",
        village_ids["T01"],
        person("Hoàng Văn Đức"),
        causes={PovertyCause.NO_LAND: "", PovertyCause.OTHER: " mưa lũ "},
    )
    household_id = add(db, data)
    loaded = load(db, household_id)
    assert loaded.causes == {PovertyCause.NO_LAND: "", PovertyCause.OTHER: "mưa lũ"}

    loaded.causes = {PovertyCause.OTHER: "mưa lũ năm 2025", PovertyCause.ILLNESS: ""}
    add(db, loaded)
    assert load(db, household_id).causes == {PovertyCause.OTHER: "mưa lũ năm 2025", PovertyCause.ILLNESS: ""}
    with db.session() as session:
        assert set(session.scalars(select(HouseholdCause.cause))) == {"other", "illness"}


# ----------------------------------------------------------------------------- households: edit
def test_editing_a_roster_renames_removes_adds_and_reorders(db: Database, village_ids: dict[str, int]) -> None:
    household_id = add(
        db,
        household(
            "T01-00001",
            village_ids["T01"],
            person("Hoàng Văn Đức", Relation.HEAD, Sex.MALE, 1980, cccd="020080000123"),
            person("Nông Thị Lan", Relation.SPOUSE, Sex.FEMALE, 1982),
            person("Hoàng Văn Bình", Relation.CHILD, Sex.MALE, 2005, cccd="020205000789"),
        ),
    )
    loaded = load(db, household_id)
    head, spouse, child = loaded.members
    assert head.id is not None
    assert spouse.id is not None
    assert child.id is not None

    spouse.full_name = "Nông Thị Lành"
    newborn = person("Hoàng Thị Mai", Relation.CHILD, Sex.FEMALE, 2024)
    loaded.members = [newborn, spouse, head]  # child removed, newborn added first, order changed
    with db.session() as session:
        saved = save_household(session, loaded, TODAY)
    assert saved == SavedHousehold(household_id, created=False)

    after = load(db, household_id)
    assert [m.full_name for m in after.members] == ["Hoàng Thị Mai", "Nông Thị Lành", "Hoàng Văn Đức"]
    assert after.members[1].id == spouse.id
    assert after.members[2].id == head.id
    assert after.members[0].id not in (head.id, spouse.id, child.id)
    with db.session() as session:
        assert session.get(Member, child.id) is None
        rows = session.execute(
            select(Member.position, Member.id, Member.name_folded)
            .where(Member.household_id == household_id)
            .order_by(Member.position)
        ).all()
        assert [(r.position, r.name_folded) for r in rows] == [
            (0, "hoang thi mai"),
            (1, "nong thi lanh"),
            (2, "hoang van duc"),
        ]
        row = session.get(Household, household_id)
        assert row is not None
        assert row.member_count == 3
        assert row.head_name == "Hoàng Văn Đức"
        assert row.search_text == "t01-00001|hoang thi mai|nong thi lanh|hoang van duc|020080000123"
        assert session.scalar(select(func.count()).select_from(Member)) == 3


def test_renaming_the_head_updates_the_register_columns(db: Database, village_ids: dict[str, int]) -> None:
    household_id = add(db, household("T01-00001", village_ids["T01"], person("Hoàng Văn Đức")))
    loaded = load(db, household_id)
    loaded.members[0].full_name = "Hoàng Văn An"
    loaded.code = "T01-00099"
    add(db, loaded)
    with db.session() as session:
        row = session.get(Household, household_id)
        assert row is not None
        assert (row.code, row.head_name, row.head_sort) == ("T01-00099", "Hoàng Văn An", name_sort_text("Hoàng Văn An"))
        assert row.search_text == "t01-00099|hoang van an"
        assert register_ids(session, RegisterFilter(search="duc")) == []
        assert register_ids(session, RegisterFilter(search="van an")) == [household_id]


def test_an_edit_records_old_and_new_in_the_audit_log(db: Database, village_ids: dict[str, int]) -> None:
    household_id = add(
        db,
        household(
            "T01-00001",
            village_ids["T01"],
            person("Hoàng Văn Đức"),
            person("Nông Thị Lan", Relation.SPOUSE, Sex.FEMALE, 1982),
        ),
    )
    loaded = load(db, household_id)
    spouse_id = loaded.members[1].id
    loaded.phone = "0912345678"
    loaded.members[1].full_name = "Nông Thị Lành"
    add(db, loaded)

    with db.session() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "update")).all()
    # One action may flush more than once (an autoflush before the roster loads): merge its entries.
    old: dict[tuple[str, str], dict[str, Any]] = {}
    new: dict[tuple[str, str], dict[str, Any]] = {}
    for entry in entries:
        assert entry.user == db.user
        assert entry.old is not None
        assert entry.new is not None
        old.setdefault((entry.table_name, entry.record_id), {}).update(entry.old)
        new.setdefault((entry.table_name, entry.record_id), {}).update(entry.new)
    assert set(old) == {("household", str(household_id)), ("member", str(spouse_id))}
    household_key, member_key = ("household", str(household_id)), ("member", str(spouse_id))
    assert (old[household_key]["phone"], new[household_key]["phone"]) == ("", "0912345678")
    assert new[household_key]["search_text"] == "t01-00001|hoang van duc|nong thi lanh"
    assert old[member_key] == {"full_name": "Nông Thị Lan", "name_folded": "nong thi lan"}
    assert new[member_key] == {"full_name": "Nông Thị Lành", "name_folded": "nong thi lanh"}


def test_saving_an_unknown_household_id_is_refused(db: Database, village_ids: dict[str, int]) -> None:
    data = household("T01-00001", village_ids["T01"], person("Hoàng Văn Đức"), id=999)
    with pytest.raises(OperationError, match="Không tìm thấy hộ số 999"), db.session() as session:
        save_household(session, data, TODAY)
    assert count(db, Household) == 0
    with pytest.raises(OperationError, match="Không tìm thấy hộ số 999"), db.session() as session:
        load_household(session, 999)


# ----------------------------------------------------------------------------- households: refused
def test_every_validation_error_is_reported_and_nothing_is_written(db: Database, village_ids: dict[str, int]) -> None:
    add(db, household("T01-00001", village_ids["T01"], person("Hoàng Văn Đức")))
    before = snapshot(db)
    data = household(
        "T01-00001",  # in use
        village_ids["T01"],
        person("", Relation.SPOUSE, Sex.FEMALE, 1982),  # no name
        person("Hoàng Văn Bình", Relation.CHILD, None, 2005),  # no sex
        person("Hoàng Thị Mai", Relation.CHILD, Sex.FEMALE, None),  # no birth year
    )  # and no head
    with pytest.raises(OperationError) as refused, db.session() as session:
        save_household(session, data, TODAY)
    message = str(refused.value)
    for expected in (
        "Hộ chưa có chủ hộ",
        "Chưa nhập họ và tên.",
        "Chưa chọn giới tính.",
        "Chưa nhập năm sinh.",
        "Mã hộ T01-00001 đã có trong cơ sở dữ liệu.",
    ):
        assert expected in message
    assert snapshot(db) == before


def test_two_heads_are_refused(db: Database, village_ids: dict[str, int]) -> None:
    before = snapshot(db)
    data = household(
        "T01-00001",
        village_ids["T01"],
        person("Hoàng Văn Đức"),
        person("Nông Thị Lan", Relation.HEAD, Sex.FEMALE, 1982),
    )
    with pytest.raises(OperationError, match="Hộ có 2 chủ hộ"), db.session() as session:
        save_household(session, data, TODAY)
    assert snapshot(db) == before


def test_a_duplicate_household_code_is_refused_on_create_and_on_edit(db: Database, village_ids: dict[str, int]) -> None:
    add(db, household("T01-00001", village_ids["T01"], person("Hoàng Văn Đức")))
    second = add(db, household("T01-00002", village_ids["T01"], person("Nông Văn Dũng")))
    before = snapshot(db)
    with pytest.raises(OperationError, match=r"^Mã hộ T01-00001 đã có"), db.session() as session:
        save_household(session, household(" T01-00001 ", village_ids["T02"], person("Lý Văn Tư")), TODAY)
    edited = load(db, second)
    edited.code = "T01-00001"
    with pytest.raises(OperationError, match=r"^Mã hộ T01-00001 đã có"), db.session() as session:
        save_household(session, edited, TODAY)
    assert snapshot(db) == before
    # Saving a household under its own code is no duplicate.
    edited.code = "T01-00002"
    add(db, edited)


def test_a_refused_edit_leaves_the_household_as_it_was(db: Database, village_ids: dict[str, int]) -> None:
    household_id = add(
        db,
        household(
            "T01-00001",
            village_ids["T01"],
            person("Hoàng Văn Đức"),
            person("Nông Thị Lan", Relation.SPOUSE, Sex.FEMALE, 1982),
        ),
    )
    before = snapshot(db)
    loaded = load(db, household_id)
    loaded.members[0].full_name = "Hoàng Văn Đạt"
    loaded.members[1].relation = Relation.HEAD
    loaded.members.append(person("Hoàng Văn Bình", Relation.CHILD, Sex.MALE, 2005))
    with pytest.raises(OperationError, match="chủ hộ"), db.session() as session:
        save_household(session, loaded, TODAY)
    assert snapshot(db) == before


def test_a_cccd_that_disagrees_with_sex_warns_but_does_not_block(db: Database, village_ids: dict[str, int]) -> None:
    # Fourth digit 1: a woman born 1900–1999; the member is recorded as a man.
    data = household("T01-00001", village_ids["T01"], person("Hoàng Văn Đức", cccd="020180000123"))
    issues = validate_household(data, TODAY)
    assert [i.severity for i in issues] == ["warning"]
    household_id = add(db, data)
    assert load(db, household_id).members[0].cccd == "020180000123"


# ----------------------------------------------------------------------------- find_same_person
@pytest.fixture
def two_households(db: Database, village_ids: dict[str, int]) -> tuple[int, int]:
    first = add(
        db,
        household(
            "T01-00001",
            village_ids["T01"],
            person("Hoàng Văn Đức", cccd="020080000123"),
            person("Nông Thị Lan", Relation.SPOUSE, Sex.FEMALE, 1982),
        ),
    )
    second = add(db, household("T02-00001", village_ids["T02"], person("Lý Văn Tư", birth_year=1975)))
    return first, second


def test_same_cccd_in_another_household_is_found(db: Database, two_households: tuple[int, int]) -> None:
    first, _ = two_households
    head_id = load(db, first).members[0].id
    with db.session() as session:
        matches = find_same_person(session, full_name="Lý Văn Khác", birth_year=1990, cccd=" 020080000123 ")
    assert [(m.household_id, m.household_code, m.member_id, m.full_name, m.birth_year) for m in matches] == [
        (first, "T01-00001", head_id, "Hoàng Văn Đức", 1980)
    ]
    assert matches[0].reason == "cùng số CCCD 020080000123"


def test_same_folded_name_and_year_typed_without_diacritics_is_found(
    db: Database, two_households: tuple[int, int]
) -> None:
    first, _ = two_households
    spouse_id = load(db, first).members[1].id
    with db.session() as session:
        matches = find_same_person(session, full_name="  NONG thi   lan ", birth_year=1982, cccd="")
    assert [(m.member_id, m.full_name) for m in matches] == [(spouse_id, "Nông Thị Lan")]
    assert matches[0].reason == "cùng họ tên và năm sinh 1982"


def test_the_member_itself_is_excluded(db: Database, two_households: tuple[int, int]) -> None:
    first, _ = two_households
    head_id = load(db, first).members[0].id
    with db.session() as session:
        assert (
            find_same_person(
                session, full_name="Hoàng Văn Đức", birth_year=1980, cccd="020080000123", exclude_member_id=head_id
            )
            == []
        )
        # Without excluding it, the same search finds it (once, though both criteria hold).
        found = find_same_person(session, full_name="Hoàng Văn Đức", birth_year=1980, cccd="020080000123")
    assert [m.member_id for m in found] == [head_id]
    assert found[0].reason == "cùng số CCCD 020080000123"


def test_a_different_birth_year_is_not_the_same_person(db: Database, two_households: tuple[int, int]) -> None:
    with db.session() as session:
        assert find_same_person(session, full_name="Hoang Van Duc", birth_year=1981, cccd="") == []
        assert find_same_person(session, full_name="Hoang Van Duc", birth_year=None, cccd="") == []
        assert find_same_person(session, full_name="", birth_year=1980, cccd="  ") == []
        assert find_same_person(session, full_name="Hoang Van", birth_year=1980, cccd="") == []


# ----------------------------------------------------------------------------- the register list
def codes(session: Session, ids: list[int]) -> list[str]:
    return [row.code for row in register_rows(session, ids, None)]


def test_the_register_is_in_vietnamese_order_of_the_heads_given_name(db: Database, village_ids: dict[str, int]) -> None:
    heads = ["Trần Văn Đức", "Vũ Văn An", "Nguyễn Thị Ân", "Lê Bình", "Đặng Văn Anh", "Lê Văn An"]
    for number, name in enumerate(heads, start=1):
        # Codes run against the expected order, so sorting by code or id would fail.
        add(db, household(f"T01-{10 - number:05d}", village_ids["T01"], person(name)))
    with db.session() as session:
        ids = register_ids(session, RegisterFilter())
        rows = register_rows(session, ids, None)
    assert [r.head_name for r in rows] == [
        "Lê Văn An",
        "Vũ Văn An",
        "Đặng Văn Anh",
        "Nguyễn Thị Ân",
        "Lê Bình",
        "Trần Văn Đức",
    ]


def test_same_head_name_falls_back_to_the_code(db: Database, village_ids: dict[str, int]) -> None:
    for code in ("T01-00003", "T01-00001", "T01-00002"):
        add(db, household(code, village_ids["T01"], person("Hoàng Văn Đức", birth_year=1970 + int(code[-1]))))
    with db.session() as session:
        assert codes(session, register_ids(session, RegisterFilter())) == ["T01-00001", "T01-00002", "T01-00003"]


@pytest.fixture
def surveyed(db: Database, village_ids: dict[str, int], rulebooks: dict[str, Rulebook]) -> dict[str, Any]:
    """Five households, surveyed in a 2022–2025 round as: poor, near-poor, not poor, unclassified, none."""
    t01, t02 = village_ids["T01"], village_ids["T02"]
    ids = {
        "poor": add(db, household("T01-00001", t01, person("Hoàng Văn An"))),
        "near_poor": add(db, household("T01-00002", t01, person("Nông Văn Bình"))),
        "not_poor": add(db, household("T02-00001", t02, person("Lý Văn Cường"))),
        "unclassified": add(db, household("T02-00002", t02, person("Triệu Văn Dũng"))),
        "no_survey": add(db, household("T02-00003", t02, person("Vi Văn Đức"))),
    }
    round_id = open_round(db, rulebooks)
    entries = {
        "poor": SurveyData(b1=100, lacking=POOR_LACKING, status=SurveyStatus.APPROVED),
        "near_poor": SurveyData(b1=120, lacking=["employment"], status=SurveyStatus.CHECKED),
        "not_poor": SurveyData(b1=200, status=SurveyStatus.CHECKED),
        "unclassified": SurveyData(),
    }
    for key, data in entries.items():
        survey(db, rulebooks, round_id, ids[key], data)
    other_round = open_round(db, rulebooks, year=2027)  # a round where nobody is surveyed yet
    return {"ids": ids, "round": round_id, "other_round": other_round, "villages": village_ids}


def test_filters_by_village_category_and_status(db: Database, surveyed: dict[str, Any]) -> None:
    ids: dict[str, int] = surveyed["ids"]
    round_id: int = surveyed["round"]
    t02: int = surveyed["villages"]["T02"]

    def found(**criteria: Any) -> set[str]:
        with db.session() as session:
            matched = register_ids(session, RegisterFilter(**criteria))
        assert len(matched) == len(set(matched)), "a household listed twice"
        return {key for key, value in ids.items() if value in matched}

    assert found() == set(ids)
    assert found(village_id=t02) == {"not_poor", "unclassified", "no_survey"}
    assert found(round_id=round_id, category="poor") == {"poor"}
    assert found(round_id=round_id, category="near_poor") == {"near_poor"}
    assert found(round_id=round_id, category="not_poor") == {"not_poor"}
    assert found(round_id=round_id, category="none") == {"unclassified", "no_survey"}
    assert found(round_id=round_id, status="none") == {"no_survey"}
    assert found(round_id=round_id, status="checked") == {"near_poor", "not_poor"}
    assert found(round_id=round_id, status="approved") == {"poor"}
    assert found(round_id=round_id, status="draft") == {"unclassified"}
    assert found(round_id=round_id, village_id=t02, category="none") == {"unclassified", "no_survey"}
    assert found(round_id=round_id, village_id=t02, status="checked") == {"not_poor"}
    assert found(round_id=round_id, category="none", status="draft") == {"unclassified"}
    # In another round nobody is surveyed: no Phiếu B, and the result is the start status the round
    # carried forward (the poor household is still poor), as the "Kết quả" column shows it (issue #12).
    assert found(round_id=surveyed["other_round"], category="poor") == {"poor"}
    assert found(round_id=surveyed["other_round"], category="near_poor") == {"near_poor"}
    assert found(round_id=surveyed["other_round"], status="none") == set(ids)


def test_register_rows_follow_the_given_ids_with_the_rounds_results(db: Database, surveyed: dict[str, Any]) -> None:
    ids: dict[str, int] = surveyed["ids"]
    order = [ids["no_survey"], ids["poor"], ids["unclassified"], ids["not_poor"], ids["near_poor"]]
    with db.session() as session:
        rows = register_rows(session, order, surveyed["round"])
        unsurveyed = register_rows(session, [ids["poor"]], surveyed["other_round"])
        assert register_rows(session, [], surveyed["round"]) == []
        assert register_rows(session, [ids["poor"], 9999], surveyed["round"]) == [rows[1]]
    assert [r.id for r in rows] == order
    assert rows[1] == RegisterRow(
        ids["poor"], "T01-00001", "Hoàng Văn An", "Thôn Nà Pàn", 1, "poor", 100, 30, "approved"
    )
    assert rows[4] == RegisterRow(
        ids["near_poor"], "T01-00002", "Nông Văn Bình", "Thôn Nà Pàn", 1, "near_poor", 120, 10, "checked"
    )
    assert rows[3] == RegisterRow(
        ids["not_poor"], "T02-00001", "Lý Văn Cường", "Thôn Khuổi Phầy", 1, "not_poor", 200, 0, "checked"
    )
    assert rows[2] == RegisterRow(
        ids["unclassified"], "T02-00002", "Triệu Văn Dũng", "Thôn Khuổi Phầy", 1, None, None, None, "draft"
    )
    assert rows[0] == RegisterRow(
        ids["no_survey"], "T02-00003", "Vi Văn Đức", "Thôn Khuổi Phầy", 1, None, None, None, None
    )
    # the later round carried the first round's result forward as its start status
    assert unsurveyed == [
        RegisterRow(ids["poor"], "T01-00001", "Hoàng Văn An", "Thôn Nà Pàn", 1, None, None, None, None, start="poor")
    ]


@pytest.fixture
def searchable(db: Database, village_ids: dict[str, int]) -> dict[str, int]:
    t01 = village_ids["T01"]
    return {
        "duc": add(
            db,
            household(
                "T01-00001",
                t01,
                person("Hoàng Văn Đức", cccd="020080000123"),
                person("Nông Thị Lan", Relation.SPOUSE, Sex.FEMALE, 1982),
            ),
        ),
        "dung": add(db, household("T01-00002", t01, person("Hoàng Văn Dũng"))),
        "underscore": add(db, household("K_01", t01, person("Lý Văn Tư"))),
        "lookalike": add(db, household("KX01", t01, person("Lý Văn Tám"))),
    }


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        pytest.param("Hoàng Văn Đức", {"duc"}, id="as written"),
        pytest.param("hoang van duc", {"duc"}, id="no diacritics"),
        pytest.param("HOANG VAN ĐUC", {"duc"}, id="upper case and đ"),
        pytest.param("hoang van d", {"duc", "dung"}, id="a prefix of a given name"),
        pytest.param("  văn   đ ", {"duc", "dung"}, id="spaces collapse"),
        pytest.param("dung", {"dung"}, id="dũng only"),
        pytest.param("thi lan", {"duc"}, id="another member's name"),
        pytest.param("duc nong", set(), id="across two members' names"),
        pytest.param("lan|hoang", set(), id="a typed separator is a space"),
        pytest.param("00001 hoang", set(), id="across the code and a name"),
        pytest.param("020080000123", {"duc"}, id="whole cccd"),
        pytest.param("0800001", {"duc"}, id="part of a cccd"),
        pytest.param("t01-00002", {"dung"}, id="household code"),
        pytest.param("T01-0000", {"duc", "dung"}, id="part of a code"),
        pytest.param("k_0", {"underscore"}, id="underscore is literal"),
        pytest.param("_", {"underscore"}, id="lone underscore"),
        pytest.param("%", set(), id="percent is literal"),
        pytest.param("k%1", set(), id="percent inside"),
        pytest.param("\\", set(), id="backslash is literal"),
        pytest.param("", {"duc", "dung", "underscore", "lookalike"}, id="empty finds all"),
        pytest.param("   ", {"duc", "dung", "underscore", "lookalike"}, id="blank finds all"),
    ],
)
def test_search(db: Database, searchable: dict[str, int], typed: str, expected: set[str]) -> None:
    with db.session() as session:
        found = register_ids(session, RegisterFilter(search=typed))
    assert {key for key, value in searchable.items() if value in found} == expected
    assert len(found) == len(expected)


def test_search_combines_with_filters(db: Database, surveyed: dict[str, Any]) -> None:
    ids: dict[str, int] = surveyed["ids"]
    with db.session() as session:
        assert register_ids(session, RegisterFilter(search="van", village_id=surveyed["villages"]["T01"])) == [
            ids["poor"],
            ids["near_poor"],
        ]
        assert register_ids(session, RegisterFilter(round_id=surveyed["round"], category="none", search="duc")) == [
            ids["no_survey"]
        ]


# ----------------------------------------------------------------------------- next_household_code
def test_next_household_code_uses_the_village_prefix_and_skips_codes_in_use(
    db: Database, village_ids: dict[str, int]
) -> None:
    t01, t02 = village_ids["T01"], village_ids["T02"]
    with db.session() as session:
        assert next_household_code(session, t01) == "T01-00001"
        assert next_household_code(session, t02) == "T02-00001"
    add(db, household("T01-00002", t01, person("Hoàng Văn Đức")))
    add(db, household("T01-00003", t01, person("Nông Văn Dũng", birth_year=1970)))
    with db.session() as session:
        assert next_household_code(session, t01) == "T01-00004"
        code = next_household_code(session, t02)
    assert code.startswith("T02-")
    assert code not in {"T01-00002", "T01-00003"}
    add(db, household(code, t02, person("Lý Văn Tư")))  # the code proposed is free
    with db.session() as session:
        proposed = next_household_code(session, t01)
        assert session.scalar(select(Household.id).where(Household.code == proposed)) is None
        assert proposed.startswith("T01-")


# ----------------------------------------------------------------------------- surveys
@pytest.fixture
def one_household(db: Database, village_ids: dict[str, int]) -> int:
    return add(db, household("T01-00001", village_ids["T01"], person("Hoàng Văn Đức")))


def test_save_survey_classifies_and_records_the_rulebook(
    db: Database, rulebooks: dict[str, Rulebook], one_household: int
) -> None:
    round_id = open_round(db, rulebooks)
    with db.session() as session:
        saved = save_survey(
            session,
            round_id=round_id,
            household_id=one_household,
            data=SurveyData(b1=120.5, lacking=POOR_LACKING, officer=unicodedata.normalize("NFD", "Lý Thị Mai")),
            rulebooks=rulebooks,
        )
    assert isinstance(saved.outcome, Classification)
    assert (saved.outcome.category.value, saved.outcome.b2) == ("poor", 30)
    book = rulebooks["2022-2025"]
    with db.session() as session:
        row = session.get(Survey, saved.id)
        assert row is not None
        assert (row.round_id, row.household_id, row.b1, row.category, row.b2) == (
            round_id,
            one_household,
            120.5,
            "poor",
            30,
        )
        assert (row.rulebook_id, row.rulebook_sha256) == ("2022-2025", book.sha256)
        assert len(row.rulebook_sha256 or "") == 64
        assert row.officer == "Lý Thị Mai"


def test_a_b1_under_2027_2030_keeps_the_b1_and_stores_no_category(
    db: Database, rulebooks: dict[str, Rulebook], one_household: int
) -> None:
    round_id = open_round(db, rulebooks, "2027-2030")
    with db.session() as session:
        saved = save_survey(
            session,
            round_id=round_id,
            household_id=one_household,
            data=SurveyData(b1=100, lacking=POOR_LACKING),
            rulebooks=rulebooks,
        )
    assert isinstance(saved.outcome, ClassificationError)
    assert saved.outcome.code is ErrorCode.SCORE_THRESHOLDS_UNPUBLISHED
    with db.session() as session:
        row = session.get(Survey, saved.id)
        assert row is not None
        assert (row.b1, row.lacking) == (100, POOR_LACKING)
        assert (row.category, row.b2, row.rulebook_id, row.rulebook_sha256) == (None, None, None, None)


def test_saving_twice_updates_the_one_survey_of_the_household_in_the_round(
    db: Database, rulebooks: dict[str, Rulebook], one_household: int
) -> None:
    round_id = open_round(db, rulebooks)
    first = survey(db, rulebooks, round_id, one_household, SurveyData(b1=100, lacking=POOR_LACKING))
    second = survey(db, rulebooks, round_id, one_household, SurveyData(b1=200, status=SurveyStatus.CHECKED))
    assert first == second
    with db.session() as session:
        rows = session.scalars(select(Survey)).all()
        assert len(rows) == 1
        assert (rows[0].b1, rows[0].lacking, rows[0].category, rows[0].b2, rows[0].status) == (
            200,
            [],
            "not_poor",
            0,
            "checked",
        )
    # Clearing the B1 clears the stored result too: no stale category.
    survey(db, rulebooks, round_id, one_household, SurveyData(lacking=["employment"]))
    with db.session() as session:
        row = session.scalars(select(Survey)).one()
        assert (row.b1, row.category, row.b2, row.rulebook_id) == (None, None, None, None)
    # Another round has its own survey.
    other = open_round(db, rulebooks, year=2027)
    assert survey(db, rulebooks, other, one_household, SurveyData(b1=100)) != first
    assert count(db, Survey) == 2


def status_changes(db: Database, survey_id: int) -> list[tuple[object, object]]:
    """The survey's status changes in the audit log, old → new, in order."""
    with db.session() as session:
        entries = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.table_name == "survey", AuditEntry.record_id == str(survey_id))
            .order_by(AuditEntry.id)
        ).all()
        return [
            ((e.old or {}).get("status"), (e.new or {}).get("status"))
            for e in entries
            if e.action == "update" and "status" in (e.new or {})
        ]


@pytest.mark.parametrize("reviewed", [SurveyStatus.CHECKED, SurveyStatus.APPROVED])
@pytest.mark.parametrize(
    "change",
    [
        {"b1": 160.0},
        {"lacking": ["employment"]},
        {"income": 1_200_000},
        {"housing_area_m2": 30.0},
        {"officer": "Lý Thị Mai"},
    ],
)
def test_a_change_to_a_checked_or_approved_form_puts_it_back_to_draft(
    db: Database,
    rulebooks: dict[str, Rulebook],
    one_household: int,
    reviewed: SurveyStatus,
    change: dict[str, Any],
) -> None:
    round_id = open_round(db, rulebooks)
    data = SurveyData(b1=120, lacking=POOR_LACKING, officer="Hoàng Thị Lan", status=reviewed)
    survey_id = survey(db, rulebooks, round_id, one_household, data)
    # the same form saved again (an autosave, say) keeps its status
    with db.session() as session:
        again = save_survey(session, round_id=round_id, household_id=one_household, data=data, rulebooks=rulebooks)
    assert (again.status, again.reset_from) == (reviewed, None)
    # a changed field, the status left as it was: back to draft, and the caller is told
    with db.session() as session:
        saved = save_survey(
            session, round_id=round_id, household_id=one_household, data=replace(data, **change), rulebooks=rulebooks
        )
    assert (saved.status, saved.reset_from) == (SurveyStatus.DRAFT, reviewed)
    with db.session() as session:
        row = session.get(Survey, survey_id)
        assert row is not None
        assert row.status == "draft"
        for key, value in change.items():
            assert getattr(row, key) == value, "the edit itself is stored"
    assert status_changes(db, survey_id) == [(reviewed.value, "draft")], "old → new in the audit log"


def test_a_status_set_explicitly_with_the_change_is_kept(
    db: Database, rulebooks: dict[str, Rulebook], one_household: int
) -> None:
    round_id = open_round(db, rulebooks)
    data = SurveyData(b1=120, lacking=POOR_LACKING, status=SurveyStatus.CHECKED)
    survey_id = survey(db, rulebooks, round_id, one_household, data)
    # another status than the stored one is the caller's explicit choice
    survey(db, rulebooks, round_id, one_household, replace(data, b1=125, status=SurveyStatus.APPROVED))
    # the same status, confirmed by the officer for the changed content (re-checked)
    with db.session() as session:
        saved = save_survey(
            session,
            round_id=round_id,
            household_id=one_household,
            data=replace(data, b1=130, status=SurveyStatus.APPROVED),
            rulebooks=rulebooks,
            status_confirmed=True,
        )
    assert (saved.status, saved.reset_from) == (SurveyStatus.APPROVED, None)
    with db.session() as session:
        row = session.get(Survey, survey_id)
        assert row is not None
        assert (row.b1, row.status) == (130, "approved")
    assert status_changes(db, survey_id) == [("checked", "approved")]


def test_a_draft_stays_a_draft_and_a_new_form_takes_the_status_given(
    db: Database, rulebooks: dict[str, Rulebook], one_household: int
) -> None:
    round_id = open_round(db, rulebooks)
    with db.session() as session:
        first = save_survey(
            session,
            round_id=round_id,
            household_id=one_household,
            data=SurveyData(b1=120, status=SurveyStatus.CHECKED),
            rulebooks=rulebooks,
        )
    assert (first.status, first.reset_from) == (SurveyStatus.CHECKED, None), "a new form is not a change"
    survey(db, rulebooks, round_id, one_household, SurveyData(b1=120, status=SurveyStatus.DRAFT))
    with db.session() as session:
        saved = save_survey(
            session, round_id=round_id, household_id=one_household, data=SurveyData(b1=99), rulebooks=rulebooks
        )
    assert (saved.status, saved.reset_from) == (SurveyStatus.DRAFT, None)


def test_a_closed_round_refuses_a_survey(db: Database, rulebooks: dict[str, Rulebook], one_household: int) -> None:
    round_id = open_round(db, rulebooks)
    survey(db, rulebooks, round_id, one_household, SurveyData(b1=100, lacking=POOR_LACKING))
    with db.session() as session:
        closed = session.get(ReviewRound, round_id)
        assert closed is not None
        closed.status = RoundStatus.CLOSED.value
    before = snapshot(db)
    with pytest.raises(OperationError, match="đã khoá; mọi thay đổi phải làm trong một kỳ mới"), db.session() as s:
        save_survey(s, round_id=round_id, household_id=one_household, data=SurveyData(b1=300), rulebooks=rulebooks)
    assert snapshot(db) == before


def test_an_unknown_round_or_household_is_refused(
    db: Database, rulebooks: dict[str, Rulebook], one_household: int
) -> None:
    round_id = open_round(db, rulebooks)
    for round_, household_ in ((round_id, 999), (999, one_household)):
        with pytest.raises(OperationError, match="Không tìm thấy kỳ rà soát hoặc hộ"), db.session() as session:
            save_survey(session, round_id=round_, household_id=household_, data=SurveyData(), rulebooks=rulebooks)
    assert count(db, Survey) == 0


def test_survey_fields_round_trip_through_load_survey(
    db: Database, rulebooks: dict[str, Rulebook], one_household: int
) -> None:
    round_id = open_round(db, rulebooks)
    with db.session() as session:
        assert load_survey(session, round_id, one_household) is None
    answers: dict[str, object] = {"so_nhan_khau": "ba", "tai_san": ["ti_vi", "xe_may"], "gia_suc": 2}
    data = SurveyData(
        b1=137.5,
        item_answers=answers,
        point_table_id="synthetic-demo-2022-2025",
        point_table_sha256="ab" * 32,
        lacking=["housing_area", "employment"],
        housing_area_m2=24.5,
        officer="Lý Thị Mai",
        status=SurveyStatus.CHECKED,
    )
    survey_id = survey(db, rulebooks, round_id, one_household, data)
    with db.session() as session:
        loaded = load_survey(session, round_id, one_household)
    assert loaded == replace(data, id=survey_id)

    income = SurveyData(income=1_200_000, lacking=["employment"], status=SurveyStatus.APPROVED)
    survey(db, rulebooks, round_id, one_household, income)
    with db.session() as session:
        assert load_survey(session, round_id, one_household) == replace(income, id=survey_id)


# ----------------------------------------------------------------------------- delete_household
def test_a_household_with_a_survey_cannot_be_deleted(
    db: Database, rulebooks: dict[str, Rulebook], one_household: int
) -> None:
    survey(db, rulebooks, open_round(db, rulebooks), one_household, SurveyData(b1=100))
    before = snapshot(db)
    with pytest.raises(OperationError, match="Không xoá được hộ đã có phiếu rà soát"), db.session() as session:
        delete_household(session, one_household)
    assert snapshot(db) == before


def test_deleting_a_household_deletes_its_members_and_causes(db: Database, village_ids: dict[str, int]) -> None:
    doomed = add(
        db,
        household(
            "T01-00001",
            village_ids["T01"],
            person("Hoàng Văn Đức"),
            person("Nông Thị Lan", Relation.SPOUSE, Sex.FEMALE, 1982),
            causes={PovertyCause.NO_LAND: ""},
        ),
    )
    kept = add(db, household("T01-00002", village_ids["T01"], person("Lý Văn Tư")))
    with db.session() as session:
        delete_household(session, doomed)
    with db.session() as session:
        assert session.get(Household, doomed) is None
        assert session.scalars(select(Member.household_id)).all() == [kept]
        assert session.scalar(select(func.count()).select_from(HouseholdCause)) == 0
        deleted = session.scalars(select(AuditEntry.table_name).where(AuditEntry.action == "delete")).all()
    assert sorted(deleted) == ["household", "household_cause", "member", "member"]
    with db.session() as session:
        delete_household(session, doomed)  # already gone: nothing to do


# ----------------------------------------------------------------------------- property: roster round trip
LETTERS = "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ"
NON_HEAD = [r for r in Relation if r is not Relation.HEAD]

words = st.text(alphabet=LETTERS, min_size=1, max_size=7).map(lambda w: w[0].upper() + w[1:])
names = st.lists(words, min_size=1, max_size=4).map(" ".join)
texts = st.lists(st.text(alphabet=LETTERS + ",.0123456789", min_size=1, max_size=8), max_size=4).map(" ".join)


@st.composite
def members(draw: st.DrawFn, relation: Relation) -> MemberData:
    year = draw(st.integers(1900, TODAY.year - 1))
    sex = draw(st.sampled_from(Sex))
    birth_date = draw(st.none() | st.dates(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    cccd = draw(st.just("") | st.from_regex(r"[0-9]{12}", fullmatch=True) | st.from_regex(r"[0-9]{9}", fullmatch=True))
    return MemberData(
        full_name=draw(names),
        sex=sex,
        relation=relation,
        birth_year=year,
        birth_date=birth_date,
        ethnicity_code=draw(st.sampled_from(["01", "02", "05", "08", "12", "54"])),
        cccd=cccd,
        schooling=draw(st.none() | st.sampled_from(Schooling)),
        health_insurance=draw(st.none() | st.booleans()),
        employment=draw(st.none() | st.sampled_from(Employment)),
        disability=draw(st.booleans()),
    )


@st.composite
def rosters(draw: st.DrawFn) -> list[MemberData]:
    size = draw(st.integers(1, 8))
    relations = [Relation.HEAD, *draw(st.lists(st.sampled_from(NON_HEAD), min_size=size - 1, max_size=size - 1))]
    roster = [draw(members(relation)) for relation in draw(st.permutations(relations))]
    seen: set[str] = set()
    for member in roster:  # two members never share an identity number (that is an error)
        if member.cccd in seen:
            member.cccd = ""
        seen.add(member.cccd)
    return roster


@st.composite
def households_(draw: st.DrawFn) -> HouseholdData:
    return HouseholdData(
        code="",  # set by the test
        village_id=None,
        area=draw(st.sampled_from(Area)),
        address=draw(texts),
        phone=draw(st.from_regex(r"(0[0-9]{9})?", fullmatch=True)),
        person_of_merit=draw(st.booleans()),
        social_protection=draw(st.booleans()),
        no_working_capacity=draw(st.booleans()),
        ethnic_minority_override=draw(st.none() | st.booleans()),
        causes=draw(st.dictionaries(st.sampled_from(PovertyCause), texts, max_size=3)),
        members=draw(rosters()),
    )


@pytest.fixture
def property_db(tmp_path: Path) -> Iterator[tuple[Database, dict[str, int]]]:
    with open_database(tmp_path / "xa.sqlite3", create=True) as database:
        with database.session() as session:
            save_commune(session, commune_data(VillageData("T01", "Thôn Nà Pàn"), VillageData("T02", "Thôn Khác")))
        with database.session() as session:
            ids = {v.code: v.id for v in villages(session) if v.id is not None}
        yield database, ids


_numbers = itertools.count(1)


def _own_numbers(household: HouseholdData, number: int) -> None:
    """The example's identity numbers begin with its own number: examples share the database, and a
    CCCD another household has is refused at entry (issue #16)."""
    seen: set[str] = set()
    for member in household.members:
        if member.cccd:
            member.cccd = f"{number:06d}{member.cccd[6:]}"
            if member.cccd in seen:
                member.cccd = ""
            seen.add(member.cccd)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=households_(), second=households_(), keep=st.lists(st.booleans(), min_size=8, max_size=8), data=st.data())
def test_saved_households_load_back_field_for_field(
    property_db: tuple[Database, dict[str, int]],
    first: HouseholdData,
    second: HouseholdData,
    keep: list[bool],
    data: st.DataObject,
) -> None:
    db, village_ids = property_db
    number = next(_numbers)
    _own_numbers(first, number)
    _own_numbers(second, number)
    first.code, first.village_id = f"T01-{number:05d}", village_ids["T01"]
    assert not [i for i in validate_household(first, TODAY) if i.severity == "error"]
    household_id = add(db, first)
    loaded = load(db, household_id)
    assert [m.id for m in loaded.members] == sorted(m.id for m in loaded.members if m.id is not None)
    assert loaded == replace(
        first,
        id=household_id,
        members=[replace(m, id=n.id) for m, n in zip(first.members, loaded.members, strict=True)],
    )

    # An edit: some saved members kept (by id, with new values), the others removed, new ones added,
    # the whole roster shuffled; the household's own fields replaced.
    kept_ids = [m.id for m, k in zip(loaded.members, keep, strict=False) if k]
    new_roster = [replace(m, id=kept_ids[i]) if i < len(kept_ids) else m for i, m in enumerate(second.members)]
    new_roster = data.draw(st.permutations(new_roster))
    edited = replace(
        second, id=household_id, code=f"T02-{number:05d}", village_id=village_ids["T02"], members=new_roster
    )
    assert add(db, edited) == household_id
    reloaded = load(db, household_id)
    assert len(reloaded.members) == len(edited.members)
    for given_member, stored in zip(edited.members, reloaded.members, strict=True):
        if given_member.id is not None:
            assert stored.id == given_member.id
    assert reloaded == replace(
        edited, members=[replace(m, id=n.id) for m, n in zip(edited.members, reloaded.members, strict=True)]
    )
    with db.session() as session:
        row = session.get(Household, household_id)
        assert row is not None
        head = next(m for m in edited.members if m.relation is Relation.HEAD)
        assert (row.head_name, row.member_count) == (head.full_name, len(edited.members))
        assert row.search_text == "|".join(
            [
                fold(edited.code),
                *(fold(m.full_name) for m in edited.members),
                *(m.cccd for m in edited.members if m.cccd),
            ]
        )
        gone = {m.id for m in loaded.members} - {m.id for m in new_roster}
        assert not gone & set(session.scalars(select(Member.id)))


# ----------------------------------------------------------------------------- review-found defects
def test_changing_the_area_reclassifies_surveys_of_open_rounds(
    db: Database, village_ids: dict[str, int], rulebooks: dict[str, Rulebook]
) -> None:
    """B1 160 with 3 lacking: not poor in a rural area (line 140), poor in an urban one (line 175)."""
    household_id = add(db, household("T01-00001", village_ids["T01"], person("Hoàng Văn Đức")))
    round_id = open_round(db, rulebooks)
    survey(
        db, rulebooks, round_id, household_id, SurveyData(b1=160, lacking=["employment", "nutrition", "housing_area"])
    )
    with db.session() as session:
        assert session.scalar(select(Survey.category)) == "not_poor"
    data = replace(load(db, household_id), area=Area.URBAN)
    with db.session() as session:
        save_household(session, data, TODAY, rulebooks=rulebooks)
    with db.session() as session:
        assert session.scalar(select(Survey.category)) == "poor"


def test_phieu_b_groups_and_causes_leave_the_roster_alone(db: Database, village_ids: dict[str, int]) -> None:
    from ranoat.operations.households import set_household_groups

    household_id = add(
        db,
        household(
            "T01-00001",
            village_ids["T01"],
            person("Hoàng Văn Đức"),
            person("Hoàng Thị Mai", Relation.CHILD, Sex.FEMALE, 2012),
        ),
    )
    with db.session() as session:
        set_household_groups(
            session,
            household_id,
            person_of_merit=True,
            social_protection=False,
            no_working_capacity=True,
            causes={PovertyCause.ILLNESS: "", PovertyCause.OTHER: "Lũ quét"},
        )
    stored = load(db, household_id)
    assert [m.full_name for m in stored.members] == ["Hoàng Văn Đức", "Hoàng Thị Mai"]
    assert stored.person_of_merit
    assert stored.no_working_capacity
    assert stored.causes == {PovertyCause.ILLNESS: "", PovertyCause.OTHER: "Lũ quét"}


def test_a_member_removed_from_the_roster_is_in_the_audit_log(db: Database, village_ids: dict[str, int]) -> None:
    household_id = add(
        db,
        household(
            "T01-00001",
            village_ids["T01"],
            person("Hoàng Văn Đức"),
            person("Hoàng Thị Mai", Relation.CHILD, Sex.FEMALE, 2012),
        ),
    )
    data = load(db, household_id)
    data.members = data.members[:1]
    with db.session() as session:
        save_household(session, data, TODAY)
    with db.session() as session:
        deletes = session.scalars(select(AuditEntry).where(AuditEntry.action == "delete")).all()
    assert [(e.table_name, (e.old or {}).get("full_name")) for e in deletes] == [("member", "Hoàng Thị Mai")]


def test_replaced_officers_are_in_the_audit_log(db: Database) -> None:
    with db.session() as session:
        save_commune(
            session,
            commune_data(
                VillageData("T01", "Thôn Nà Pàn"), officers=[OfficerData("Hoàng Thị Lan", "Người lập biểu", "preparer")]
            ),
        )
    with db.session() as session:
        save_commune(
            session,
            commune_data(
                VillageData("T01", "Thôn Nà Pàn"), officers=[OfficerData("Lương Văn Hải", "Người lập biểu", "preparer")]
            ),
        )
    with db.session() as session:
        deleted = session.scalars(
            select(AuditEntry).where(AuditEntry.table_name == "officer", AuditEntry.action == "delete")
        ).all()
    assert [(e.old or {}).get("name") for e in deleted] == ["Hoàng Thị Lan"]


def test_member_hits_name_the_member_who_is_not_the_head(db: Database, village_ids: dict[str, int]) -> None:
    wife = person("Hoàng Thị Mai", Relation.SPOUSE, Sex.FEMALE, 1982, cccd="014182000777")
    first = add(db, household("T01-00001", village_ids["T01"], person("Lò Văn Mai"), wife))
    namesake = person("Hoàng Thị Mai", Relation.SPOUSE, Sex.FEMALE, 1990)
    second = add(db, household("T01-00002", village_ids["T01"], person("Nông Văn Tú"), namesake))
    third = add(db, household("T01-00003", village_ids["T01"], person("Hoàng Văn Mạnh")))
    ids = [first, second, third]
    with db.session() as session:
        found = register_ids(session, RegisterFilter(search="mai"))
        assert sorted(found) == sorted([first, second])
        # the first is found by its head's name too: nothing to say; the second only by the wife
        assert member_hits(session, ids, search_phrase("mai")) == {second: "Hoàng Thị Mai"}
        assert member_hits(session, ids, search_phrase("014182000777")) == {first: "Hoàng Thị Mai"}  # her CCCD
        assert member_hits(session, ids, search_phrase("t01-0000")) == {}  # by the code
        assert member_hits(session, ids, search_phrase("hoang van manh")) == {}  # the head
        assert member_hits(session, ids, "") == {}
