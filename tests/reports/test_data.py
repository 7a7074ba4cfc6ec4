"""The data of a round's official outputs (`ranoat.reports`) on real SQLite files built with the public
operations, with every expected number worked out by hand below.

The commune (three review rounds, 2024–2026; the report is of 2026). Villages in the commune's order:
T02 "Tổ dân phố Phố Mới" (urban and rural households: two units), T01 "Thôn Nà Pàn", T03 "Thôn Khuổi
Phầy" (no household). Results by round (P poor, N near-poor, O out, - not surveyed):

    code    village area  people head       groups            2024 2025 2026
    h1      T01     rural 4      Nùng       DTTS KCKNLĐ NCC   P    P    -  (stays poor, from its 2025 Phiếu B)
    h2      T01     rural 3      Kinh       NCC               P    P    N  (escaped poverty → near-poor)
    h3      T01     rural 2      Tày        DTTS              P    O    P  (fell back: tái nghèo)
    h4      T01     rural 5      Kinh                         N    N    O  (escaped near-poverty)
    h5      T01     rural 1      Hoa                          P    P    died (other decrease)
    h6      T01     rural 2      Kinh*      DTTS (override)   O    O    O → meeting decided N (new)
    h7      T01     rural 3      Dao        DTTS KCKNLĐ       -    -    P  (new)
    h12     T01     rural 2      Sán Chay   DTTS              N    O    N  (fell back: tái cận nghèo)
    h8      T02     urban 3      Kinh                         N    N    P  (B1 160: poor only in town)
    h9      T02     urban 2      Kinh                         O    O    O
    h11     T02     urban 2      Mông*      (override: not DTTS)         moved in 2026, N
    h10     T02     rural 4      Nùng       DTTS              P    P    P → meeting decided O
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from ranoat.demo import create_demo
from ranoat.domain.area import Area
from ranoat.domain.category import Category
from ranoat.domain.errors import OperationError
from ranoat.domain.household import CommuneType, HouseholdData, MemberData, PovertyCause, Relation, Sex
from ranoat.domain.round import OtherMove, RoundKind, RoundStatus
from ranoat.domain.survey import SurveyData, SurveyStatus
from ranoat.domain.transition import Transition
from ranoat.operations.commune import CommuneData, OfficerData, VillageData, load_commune, save_commune
from ranoat.operations.households import save_household
from ranoat.operations.round_read import round_report
from ranoat.operations.rounds import (
    close_round,
    create_round,
    list_rounds,
    override_result,
    record_meeting,
    set_other_move,
    set_posting,
)
from ranoat.operations.surveys import save_survey
from ranoat.reports import (
    COMMUNE_UNIT_HEADER,
    Form,
    ListEntry,
    ListKind,
    RoundReport,
    RowKind,
    Table,
    Unit,
    UnitCounts,
    form_7_1,
    form_7_2,
    percent,
)
from ranoat.rules.rulebook import Rulebook, load_all
from ranoat.storage.database import Database, open_database

TODAY = dt.date(2026, 10, 1)
P, N, OUT = Category.POOR, Category.NEAR_POOR, Category.NOT_POOR
# Phiếu B under 2022–2025: poor B1 ≤ 140 (rural) / 175 (urban) and B2 ≥ 30; near-poor B2 < 30.
PRESET = {
    P: SurveyData(
        b1=100, lacking=["health_insurance", "water_source", "hygienic_toilet"], status=SurveyStatus.APPROVED
    ),
    N: SurveyData(b1=120, lacking=["health_insurance"], status=SurveyStatus.APPROVED),
    OUT: SurveyData(b1=200, lacking=[], status=SurveyStatus.APPROVED),
}
DECISION = ("125/QĐ-UBND", dt.date(2026, 12, 15))


def approved(b1: float, *lacking: str) -> SurveyData:
    return SurveyData(b1=b1, lacking=list(lacking), status=SurveyStatus.APPROVED)


@pytest.fixture(scope="module")
def rulebooks() -> dict[str, Rulebook]:
    return load_all()


@dataclass
class Built:
    db: Database
    books: dict[str, Rulebook]
    villages: dict[str, int]  # village code → id
    households: dict[str, int]  # "h1" → id
    rounds: list[int]

    def report(self, village: str | None = None, round_id: int | None = None) -> RoundReport:
        with self.db.session() as session:
            return round_report(
                session,
                round_id if round_id is not None else self.rounds[-1],
                self.books,
                self.villages[village] if village is not None else None,
            )


def _member(name: str, sex: Sex, relation: Relation, year: int, ethnicity: str, cccd: str = "") -> MemberData:
    return MemberData(name, sex, relation, year, ethnicity_code=ethnicity, cccd=cccd)


def _household(
    built: Built,
    key: str,
    village: str,
    area: Area,
    head: str,
    ethnicity: str,
    people: int,
    *,
    causes: dict[PovertyCause, str] | None = None,
    person_of_merit: bool = False,
    no_working_capacity: bool = False,
    ethnic_minority_override: bool | None = None,
    members: list[MemberData] | None = None,
) -> None:
    if members is None:
        members = [_member(head, Sex.MALE, Relation.HEAD, 1970, ethnicity)]
        members += [
            _member(f"{head.split()[0]} Thị Con {i}", Sex.FEMALE, Relation.CHILD, 2005, ethnicity)
            for i in range(1, people)
        ]
    assert len(members) == people
    data = HouseholdData(
        code=f"{village}-{key}",
        village_id=built.villages[village],
        area=area,
        members=members,
        causes=causes or {},
        person_of_merit=person_of_merit,
        no_working_capacity=no_working_capacity,
        ethnic_minority_override=ethnic_minority_override,
    )
    with built.db.session() as session:
        built.households[key] = save_household(session, data, TODAY).id


def _survey(built: Built, round_id: int, key: str, data: SurveyData | Category) -> None:
    with built.db.session() as session:
        save_survey(
            session,
            round_id=round_id,
            household_id=built.households[key],
            data=PRESET[data] if isinstance(data, Category) else data,
            rulebooks=built.books,
        )


def _round(built: Built, year: int) -> int:
    with built.db.session() as session:
        round_id = create_round(
            session, year=year, kind=RoundKind.PERIODIC, standard_id="2022-2025", rulebooks=built.books
        ).id
    built.rounds.append(round_id)
    return round_id


def _close(built: Built, round_id: int, year: int, number: str, day: dt.date) -> None:
    with built.db.session() as session:
        for village in ("T01", "T02"):
            record_meeting(
                session, round_id, built.villages[village], held_on=dt.date(year, 11, 2), attendees=60, agreed=50
            )
        set_posting(session, round_id, dt.date(year, 11, 20), dt.date(year, 11, 25))  # posted, then decided
        close_round(session, round_id, number=number, decided_on=day, today=day)


def build(path: Path, books: dict[str, Rulebook], *, close_last: bool = True) -> Built:
    db = open_database(path, create=True)
    with db.session() as session:
        save_commune(
            session,
            CommuneData(
                province_code="20",
                province_name="Lạng Sơn",
                code="06112",
                name="Xã Tân Văn",
                type=CommuneType.XA,
                default_area=Area.RURAL,
                villages=[
                    VillageData("T01", "Thôn Nà Pàn"),
                    VillageData("T02", "Tổ dân phố Phố Mới"),
                    VillageData("T03", "Thôn Khuổi Phầy"),
                ],
                officers=[
                    OfficerData("Lành Thị Hoa", "Công chức Văn hoá – Xã hội", "other"),
                    OfficerData("Hoàng Thị Lan", "Người lập biểu", "preparer"),
                    OfficerData("Nông Văn Cường", "Chủ tịch UBND xã", "chair"),
                ],
            ),
        )
    with db.session() as session:  # the commune reorders its villages: T02, T01, T03 (not code order)
        data = load_commune(session)
        assert data is not None
        data.villages = [data.villages[1], data.villages[0], data.villages[2]]
        save_commune(session, data)
        villages = {v.code: v.id for v in data.villages if v.id is not None}
    built = Built(db, books, villages, {}, [])

    r, u = Area.RURAL, Area.URBAN
    _household(
        built, "h1", "T01", r, "Hoàng Văn Đức", "07", 4,
        causes={PovertyCause.NO_LAND: "", PovertyCause.ILLNESS: ""}, person_of_merit=True, no_working_capacity=True,
    )  # fmt: skip
    _household(
        built, "h2", "T01", r, "Nguyễn Văn Bình", "01", 3, causes={PovertyCause.NO_LABOUR: ""}, person_of_merit=True
    )
    _household(built, "h3", "T01", r, "Nông Văn Dũng", "02", 2, causes={PovertyCause.NO_CAPITAL: ""})
    _household(built, "h4", "T01", r, "Phạm Văn Tuấn", "01", 5)
    _household(built, "h5", "T01", r, "Lưu Văn Sơn", "04", 1)
    _household(built, "h6", "T01", r, "Trần Thị Ánh", "01", 2, ethnic_minority_override=True)
    _household(
        built, "h7", "T01", r, "Bàn Văn An", "09", 3,
        causes={PovertyCause.OTHER: "Thiên tai", PovertyCause.NO_LAND: ""}, no_working_capacity=True,
    )  # fmt: skip
    _household(built, "h12", "T01", r, "Lâm Văn Cường", "15", 2, causes={PovertyCause.ILLNESS: ""})
    h8_members = [  # the head is not the first member of the roster
        _member("Đỗ Thị Mai", Sex.FEMALE, Relation.SPOUSE, 1972, "01", "020172654321"),
        _member("Vũ Văn Hải", Sex.MALE, Relation.HEAD, 1970, "01", "020070123456"),
        _member("Vũ Minh Khoa", Sex.MALE, Relation.CHILD, 2012, "01"),
    ]
    _household(built, "h8", "T02", u, "Vũ Văn Hải", "01", 3, causes={PovertyCause.NO_SKILLS: ""}, members=h8_members)
    _household(built, "h9", "T02", u, "Đặng Văn Long", "01", 2)
    _household(built, "h10", "T02", r, "Lương Văn Thắng", "07", 4, causes={PovertyCause.NO_LAND: ""})

    first = _round(built, 2024)
    for key, category in (
        ("h1", P), ("h2", P), ("h3", P), ("h4", N), ("h5", P), ("h6", OUT),
        ("h8", N), ("h9", OUT), ("h10", P), ("h12", N),
    ):  # fmt: skip
        _survey(built, first, key, category)
    _close(built, first, 2024, "98/QĐ-UBND", dt.date(2024, 12, 13))

    second = _round(built, 2025)
    _survey(built, second, "h1", approved(100, "employment", "nutrition", "housing_area"))
    for key, category in (
        ("h2", P), ("h3", OUT), ("h4", N), ("h5", P), ("h6", OUT), ("h8", N), ("h9", OUT), ("h10", P), ("h12", OUT),
    ):  # fmt: skip
        _survey(built, second, key, category)
    _close(built, second, 2025, "110/QĐ-UBND", dt.date(2025, 12, 12))

    third = _round(built, 2026)
    _survey(built, third, "h2", approved(130, "health_insurance"))
    _survey(built, third, "h3", approved(110, "health_insurance", "water_source", "hygienic_toilet", "housing_area"))
    _survey(built, third, "h4", OUT)
    _survey(built, third, "h6", approved(200, "housing_area"))
    _survey(built, third, "h7", approved(90, "employment", "housing_area", "water_source"))
    _survey(built, third, "h8", approved(160, "employment", "nutrition", "water_source"))
    _survey(built, third, "h9", approved(250))
    _survey(built, third, "h10", P)
    _survey(built, third, "h12", approved(120))
    _household(built, "h11", "T02", u, "Giàng A Páo", "08", 2, causes={PovertyCause.NO_TOOLS: ""},
               ethnic_minority_override=False)  # fmt: skip
    with db.session() as session:
        set_other_move(session, third, built.households["h11"], OtherMove.MOVED_IN, "Chuyển đến từ Cao Bằng")
        set_other_move(session, third, built.households["h5"], OtherMove.DIED, "Hộ một người, chủ hộ qua đời")
    _survey(built, third, "h11", approved(170, "telecom_use"))
    with db.session() as session:
        override_result(session, third, built.households["h6"], N, "Chồng mất sức lao động", "Họp dân thôn Nà Pàn")
        override_result(session, third, built.households["h10"], OUT, "Có lương hưu ổn định", "Họp dân Phố Mới")
    if close_last:
        _close(built, third, 2026, *DECISION)
    return built


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, rulebooks: dict[str, Rulebook]) -> Iterator[Built]:
    result = build(tmp_path_factory.mktemp("reports") / "xa.sqlite3", rulebooks)
    try:
        yield result
    finally:
        result.db.close()


@pytest.fixture(scope="module")
def report(built: Built) -> RoundReport:
    return built.report()


# ----------------------------------------------------------------------------- helpers
URBAN_T02 = ("T02", Area.URBAN)
RURAL_T02 = ("T02", Area.RURAL)
T01 = ("T01", Area.RURAL)
T03 = ("T03", Area.RURAL)
ZERO9 = (0,) * 9


def values(table: Table, unit: tuple[str, Area] | str, line: int = 0) -> tuple[int | float, ...]:
    """A row's printed values: a unit ("T01", Area.RURAL), or "I", "II", "total"."""
    if isinstance(unit, tuple):
        row = table.unit_row(*unit)
    elif unit == "total":
        row = table.total
    else:
        row = next(s.subtotal for s in table.sections if s.number == unit)
    return row.lines[line].values


def add(parts: Sequence[tuple[tuple[int, ...], ...]], like: tuple[tuple[int, ...], ...]) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(sum(part[i][j] for part in parts) for j in range(len(like[i]))) for i in range(len(like)))


def assert_adds_up(form: Form) -> None:
    """Units add up to their section's subtotal, I + II to the total, and count columns print the counts."""
    for table in form.tables:
        for section in table.sections:
            assert section.subtotal.kind is RowKind.SUBTOTAL
            assert all(row.kind is RowKind.UNIT and row.area is section.area for row in section.units)
            assert section.subtotal.counts == add([r.counts for r in section.units], section.subtotal.counts)
        assert table.total.kind is RowKind.TOTAL
        assert table.total.counts == add([s.subtotal.counts for s in table.sections], table.total.counts)
        for row in table.rows():
            for line in row.lines:
                assert len(line.values) == len(table.columns)
                assert all(isinstance(v, float) for v, c in zip(line.values, table.columns, strict=True) if c.percent)


# ----------------------------------------------------------------------------- the report's frame
def test_the_report_names_the_commune_round_decision_and_signatories(report: RoundReport) -> None:
    assert (report.province_code, report.province_name, report.commune_code, report.commune_name) == (
        "20",
        "Lạng Sơn",
        "06112",
        "Xã Tân Văn",
    )
    assert (report.year, report.kind, report.standard_id, report.official) == (
        2026,
        RoundKind.PERIODIC,
        "2022-2025",
        True,
    )
    assert report.round_label == "Rà soát định kỳ năm 2026 — chuẩn 2022-2025"
    assert (report.decision_number, report.decision_date) == DECISION
    assert report.preparer is not None
    assert (report.preparer.name, report.preparer.title) == ("Hoàng Thị Lan", "Người lập biểu")
    assert report.chair is not None
    assert (report.chair.name, report.chair.title) == ("Nông Văn Cường", "Chủ tịch UBND xã")
    assert report.village is None
    assert [f.code for f in report.forms] == ["7.1", "7.2", "7.3", "7.4", "7.5", "7.6", "7.7", "7.8", "7.9", "7.10"]
    assert report.forms.form_7_1.title == "Tổng hợp kết quả rà soát hộ nghèo, hộ cận nghèo (chính thức)"
    assert report.forms.form_7_2.title == "Tổng hợp diễn biến hộ nghèo trong năm"
    assert report.forms.form_7_3.title == "Tổng hợp diễn biến hộ cận nghèo trong năm"
    assert report.forms.form_7_10.title == "Phân tích hộ nghèo, hộ cận nghèo theo các nguyên nhân nghèo"
    assert all(form.unit_header == "Thôn, bản, tổ dân phố" for form in report.forms)


def test_units_follow_the_village_order_and_a_village_with_both_areas_is_split(report: RoundReport) -> None:
    for form in report.forms:
        for table in form.tables:
            urban, rural = table.sections
            assert (urban.number, urban.title, urban.area) == ("I", "Khu vực thành thị", Area.URBAN)
            assert (rural.number, rural.title, rural.area) == ("II", "Khu vực nông thôn", Area.RURAL)
            assert [(r.number, r.unit) for r in urban.units] == [("1", Unit("T02", "Tổ dân phố Phố Mới", Area.URBAN))]
            assert [(r.number, r.unit) for r in rural.units] == [
                ("1", Unit("T02", "Tổ dân phố Phố Mới", Area.RURAL)),
                ("2", Unit("T01", "Thôn Nà Pàn", Area.RURAL)),
                ("3", Unit("T03", "Thôn Khuổi Phầy", Area.RURAL)),  # no household: the commune's default area
            ]
            assert [r.name for r in table.rows()] == [
                "Khu vực thành thị",
                "Tổ dân phố Phố Mới",
                "Khu vực nông thôn",
                "Tổ dân phố Phố Mới",
                "Thôn Nà Pàn",
                "Thôn Khuổi Phầy",
                "Tổng cộng (I+II)",
            ]
            assert (table.total.number, table.total.area, table.total.unit) == ("", None, None)


def test_every_form_adds_up(report: RoundReport) -> None:
    for form in report.forms:
        assert_adds_up(form)


# ----------------------------------------------------------------------------- 7.1
def test_form_7_1_counts_households_people_and_rates(report: RoundReport) -> None:
    table = report.forms.form_7_1.table
    assert [c.key for c in table.columns] == [
        "households",
        "people",
        "poor_households",
        "poor_household_rate",
        "poor_people",
        "poor_people_rate",
        "near_poor_households",
        "near_poor_household_rate",
        "near_poor_people",
        "near_poor_people_rate",
    ]
    assert [c.number for c in table.columns] == [str(n) for n in range(1, 11)]
    assert [c.percent for c in table.columns] == [False, False] + [False, True] * 4
    assert table.columns[0].group == "Tổng số hộ dân cư"
    approx = pytest.approx
    # T02 urban: h8 poor (3 people), h9 out (2), h11 near-poor (2, moved in)
    assert values(table, URBAN_T02) == approx((3, 7, 1, 100 / 3, 3, 300 / 7, 1, 100 / 3, 2, 200 / 7))
    # T02 rural: h10, decided out
    assert values(table, RURAL_T02) == (1, 4, 0, 0.0, 0, 0.0, 0, 0.0, 0, 0.0)
    # T01: h1 h3 h7 poor (4+2+3), h2 h6 h12 near-poor (3+2+2), h4 out (5); h5 died and is not counted
    assert values(table, T01) == approx((7, 21, 3, 300 / 7, 9, 900 / 21, 3, 300 / 7, 7, 700 / 21))
    assert values(table, "I") == approx((3, 7, 1, 100 / 3, 3, 300 / 7, 1, 100 / 3, 2, 200 / 7))
    assert values(table, "II") == approx((8, 25, 3, 37.5, 9, 36.0, 3, 37.5, 7, 28.0))
    # the rates of the total are computed from the summed counts, not averaged
    assert values(table, "total") == approx((11, 32, 4, 400 / 11, 12, 37.5, 4, 400 / 11, 9, 900 / 32))


def test_a_unit_with_nothing_to_divide_has_zero_rates(report: RoundReport) -> None:
    assert percent(0, 0) == 0.0
    assert percent(3, 0) == 0.0
    assert percent(1, 4) == 25.0
    row = values(report.forms.form_7_1.table, T03)
    assert row == (0, 0, 0, 0.0, 0, 0.0, 0, 0.0, 0, 0.0)
    assert all(type(v) is float for v in row[3::2][:4])


# ----------------------------------------------------------------------------- 7.2 / 7.3
def test_form_7_2_movements_of_the_poor(report: RoundReport) -> None:
    table = report.forms.form_7_2.table
    assert table.line_labels == ("Hộ", "Nhân khẩu")
    assert [c.number for c in table.columns] == [str(n) for n in range(1, 10)]
    assert table.columns[8].header.endswith("(9 = 1 − 2 − 3 − 4 + 5 + 6 + 7 + 8)")
    # T02 urban: h8 near-poor → poor (col 5)
    assert values(table, URBAN_T02, 0) == (0, 0, 0, 0, 1, 0, 0, 0, 1)
    assert values(table, URBAN_T02, 1) == (0, 0, 0, 0, 3, 0, 0, 0, 3)
    # T02 rural: h10 poor, decided out: escaped above near-poor (col 3)
    assert values(table, RURAL_T02, 0) == (1, 0, 1, 0, 0, 0, 0, 0, 0)
    assert values(table, RURAL_T02, 1) == (4, 0, 4, 0, 0, 0, 0, 0, 0)
    # T01: start h1 h2 h5; h2 → near-poor (2), h5 died (4), h3 fell back (6), h7 new (7)
    assert values(table, T01, 0) == (3, 1, 0, 1, 0, 1, 1, 0, 3)
    assert values(table, T01, 1) == (8, 3, 0, 1, 0, 2, 3, 0, 9)
    assert values(table, T03, 0) == ZERO9
    assert values(table, "total", 0) == (4, 1, 1, 1, 1, 1, 1, 0, 4)
    assert values(table, "total", 1) == (12, 3, 4, 1, 3, 2, 3, 0, 12)


def test_form_7_3_movements_of_the_near_poor(report: RoundReport) -> None:
    table = report.forms.form_7_3.table
    # T02 urban: h8 near-poor → poor (2); h11 moved in, near-poor (8)
    assert values(table, URBAN_T02, 0) == (1, 1, 0, 0, 0, 0, 0, 1, 1)
    assert values(table, URBAN_T02, 1) == (3, 3, 0, 0, 0, 0, 0, 2, 2)
    assert values(table, RURAL_T02, 0) == ZERO9
    # T01: start h4; h4 → out (3), h2 poor → near-poor (5), h12 fell back (6), h6 new by the meeting (7)
    assert values(table, T01, 0) == (1, 0, 1, 0, 1, 1, 1, 0, 3)
    assert values(table, T01, 1) == (5, 0, 5, 0, 3, 2, 2, 0, 7)
    assert values(table, "total", 0) == (2, 1, 1, 0, 1, 1, 1, 1, 4)
    assert values(table, "total", 1) == (8, 3, 5, 0, 3, 2, 2, 2, 9)


def test_forms_7_2_and_7_3_reconcile_on_every_line_and_end_where_7_1_does(report: RoundReport) -> None:
    for form in (report.forms.form_7_2, report.forms.form_7_3):
        for row in form.table.rows():
            for line in row.lines:
                c = (0, *line.values)
                assert c[9] == c[1] - c[2] - c[3] - c[4] + c[5] + c[6] + c[7] + c[8], (form.code, row.name, line)
    summary = report.forms.form_7_1.table
    for row in summary.rows():
        poor = report.forms.form_7_2.table.rows()[summary.rows().index(row)]
        near = report.forms.form_7_3.table.rows()[summary.rows().index(row)]
        assert (poor.lines[0].values[8], poor.lines[1].values[8]) == (row.lines[0].values[2], row.lines[0].values[4])
        assert (near.lines[0].values[8], near.lines[1].values[8]) == (row.lines[0].values[6], row.lines[0].values[8])


# ----------------------------------------------------------------------------- 7.4 – 7.7
def test_forms_7_4_and_7_6_count_lacking_indicators_in_report_column_order(
    report: RoundReport, rulebooks: dict[str, Rulebook]
) -> None:
    """7.4 is of the poor households only, 7.6 the same for the near-poor: each its own form, as
    the local templates number them."""
    form_4, form_6 = report.forms.form_7_4, report.forms.form_7_6
    assert (form_4.code, form_6.code) == ("7.4", "7.6")
    assert form_4.title == "Phân tích các chỉ số thiếu hụt dịch vụ xã hội cơ bản của hộ nghèo"
    assert form_6.title == "Phân tích các chỉ số thiếu hụt dịch vụ xã hội cơ bản của hộ cận nghèo"
    poor, near_poor = form_4.table, form_6.table  # one table each
    names = [
        f"{i.report_column}. {i.vi}"
        for i in sorted(rulebooks["2022-2025"].model.indicators, key=lambda i: i.report_column)
    ]
    assert [c.header for c in poor.columns] == ["Tổng số hộ nghèo", *names]
    assert [c.header for c in near_poor.columns] == ["Tổng số hộ cận nghèo", *names]
    assert names[0] == "1. Việc làm"
    assert names[11] == "12. Phương tiện phục vụ tiếp cận thông tin"
    #                     total 1  2  3  4  5  6  7  8  9 10 11 12
    assert values(poor, URBAN_T02) == (1, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0)  # h8: 1 3 9
    # h1 (from its 2025 Phiếu B): 1 3 8; h3: 4 8 9 10; h7: 1 8 9. h10 was decided out: not counted
    assert values(poor, T01) == (3, 2, 0, 1, 1, 0, 0, 0, 3, 2, 1, 0, 0)
    assert values(poor, RURAL_T02) == (0,) * 13
    assert values(poor, "total") == (4, 3, 0, 2, 1, 0, 0, 0, 3, 3, 1, 0, 0)
    assert values(near_poor, URBAN_T02) == (1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0)  # h11: 11
    assert values(near_poor, T01) == (3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0)  # h2: 4; h6: 8; h12: none
    assert poor.value(poor.total, "lacking_housing_area") == 3


def test_forms_7_5_and_7_7_give_the_same_as_percentages_of_the_total(report: RoundReport) -> None:
    form_5, form_7 = report.forms.form_7_5, report.forms.form_7_7
    assert form_5.title == "Phân tích tỷ lệ các chỉ số thiếu hụt dịch vụ xã hội cơ bản của hộ nghèo"
    assert form_7.title == "Phân tích tỷ lệ các chỉ số thiếu hụt dịch vụ xã hội cơ bản của hộ cận nghèo"
    poor, near_poor = form_5.table, form_7.table
    assert [c.percent for c in poor.columns] == [False] + [True] * 12
    approx = pytest.approx
    assert values(poor, T01) == approx(
        (3, 200 / 3, 0.0, 100 / 3, 100 / 3, 0.0, 0.0, 0.0, 100.0, 200 / 3, 100 / 3, 0.0, 0.0)
    )
    assert values(poor, "total") == approx((4, 75.0, 0.0, 50.0, 25.0, 0.0, 0.0, 0.0, 75.0, 75.0, 25.0, 0.0, 0.0))
    assert values(near_poor, RURAL_T02) == (0,) + (0.0,) * 12  # no near-poor household: 0.0, not an error
    assert values(near_poor, "total") == approx((4, 0.0, 0.0, 0.0, 25.0, 0.0, 0.0, 0.0, 25.0, 0.0, 0.0, 25.0, 0.0))


# ----------------------------------------------------------------------------- 7.8
def test_form_7_8_counts_each_household_once_in_its_first_group_with_its_people(report: RoundReport) -> None:
    form = report.forms.form_7_8
    poor, near_poor = form.tables
    assert [c.key for c in poor.columns] == [
        "households",
        "ethnic_minority",
        "no_working_capacity",
        "person_of_merit",
        "other",
    ]
    assert poor.line_labels == ("Hộ", "Nhân khẩu")
    assert poor.columns[4].header == "Khác (5 = 1 − 2 − 3 − 4)"
    # T01 poor: h1 (DTTS, KCKNLĐ, NCC; 4 people), h3 (DTTS; 2), h7 (DTTS, KCKNLĐ; 3): all three in
    # column 2 only, the first group they belong to
    assert values(poor, T01) == (3, 3, 0, 0, 0)
    assert values(poor, T01, 1) == (9, 9, 0, 0, 0)
    assert values(poor, URBAN_T02) == (1, 0, 0, 0, 1)  # h8: Kinh, no group; 3 people
    assert values(poor, URBAN_T02, 1) == (3, 0, 0, 0, 3)
    assert values(poor, "total") == (4, 3, 0, 0, 1)
    assert values(poor, "total", 1) == (12, 9, 0, 0, 3)
    # T01 near-poor: h2 (NCC only: column 4; 3 people), h6 (Kinh head, DTTS by the commune's
    # decision; 2), h12 (Sán Chay; 2)
    assert values(near_poor, T01) == (3, 2, 0, 1, 0)
    assert values(near_poor, T01, 1) == (7, 4, 0, 3, 0)
    # h11: Mông head, but the commune decided it is not an ethnic-minority household
    assert values(near_poor, URBAN_T02) == (1, 0, 0, 0, 1)
    assert values(near_poor, URBAN_T02, 1) == (2, 0, 0, 0, 2)
    for table in (poor, near_poor):
        for row in table.rows():
            for line in row.lines:
                total, minority, no_capacity, merit, other = line.values
                assert other == total - minority - no_capacity - merit >= 0
    # the rule is printed under the form
    assert len(form.notes) == 1
    assert form.notes[0].startswith("Ghi chú: mỗi hộ chỉ tính một lần, vào nhóm đầu tiên theo thứ tự cột 2, 3, 4")


# ----------------------------------------------------------------------------- 7.9
def test_form_7_9_groups_by_the_heads_ethnic_group(report: RoundReport) -> None:
    poor, near_poor = report.forms.form_7_9.tables
    # groups present among the households of the round, in code order; Hoa (04) is not there: its
    # only household (h5) died
    assert [c.header for c in poor.columns] == [
        "Tổng số hộ",
        "Hộ dân tộc thiểu số",
        "Kinh",
        "Tày",
        "Nùng",
        "Mông",
        "Dao",
        "Sán Chay",
    ]
    assert [c.key for c in poor.columns][3:] == ["ethnic_02", "ethnic_07", "ethnic_08", "ethnic_09", "ethnic_15"]
    assert values(poor, T01) == (3, 3, 0, 1, 1, 0, 1, 0)  # h1 Nùng, h3 Tày, h7 Dao
    assert values(poor, URBAN_T02) == (1, 0, 1, 0, 0, 0, 0, 0)
    assert values(poor, "total") == (4, 3, 1, 1, 1, 0, 1, 0)
    assert values(near_poor, T01) == (3, 1, 2, 0, 0, 0, 0, 1)  # h2, h6 Kinh; h12 Sán Chay
    assert values(near_poor, URBAN_T02) == (1, 1, 0, 0, 0, 1, 0, 0)  # h11 Mông (by the head, as recorded)
    for table in (poor, near_poor):
        for row in table.rows():
            total, minority, kinh, *groups = row.lines[0].values
            assert minority == total - kinh == sum(groups)


# ----------------------------------------------------------------------------- 7.10
def test_form_7_10_causes_of_poverty_with_a_line_for_poor_and_near_poor(report: RoundReport) -> None:
    table = report.forms.form_7_10.table
    assert table.line_labels == ("- Hộ nghèo", "- Hộ cận nghèo")
    assert [c.header for c in table.columns] == [
        "Không có đất sản xuất",
        "Không có vốn sản xuất, kinh doanh",
        "Không có lao động",
        "Không có công cụ, phương tiện sản xuất",
        "Không có kiến thức về sản xuất",
        "Không có kỹ năng lao động, sản xuất",
        "Có người ốm đau, bệnh nặng, tai nạn",
        "Nguyên nhân khác",
    ]
    assert [r.lines[0].label for r in table.rows()] == ["- Hộ nghèo"] * 7
    # T01 poor: h1 (1, 7), h3 (2), h7 (1, 8); near-poor: h2 (3), h12 (7)
    assert values(table, T01, 0) == (2, 1, 0, 0, 0, 0, 1, 1)
    assert values(table, T01, 1) == (0, 0, 1, 0, 0, 0, 1, 0)
    assert values(table, URBAN_T02, 0) == (0, 0, 0, 0, 0, 1, 0, 0)  # h8
    assert values(table, URBAN_T02, 1) == (0, 0, 0, 1, 0, 0, 0, 0)  # h11
    assert values(table, RURAL_T02, 0) == (0,) * 8  # h10 has a cause but was decided out
    assert values(table, "total", 0) == (2, 1, 0, 0, 0, 1, 1, 1)
    assert values(table, "total", 1) == (0, 0, 1, 1, 0, 0, 1, 0)


# ----------------------------------------------------------------------------- the lists
def codes(entries: Sequence[ListEntry]) -> list[str]:
    return [e.household_code.split("-")[1] for e in entries]


def test_list_membership_follows_the_decided_result(report: RoundReport) -> None:
    # villages in the commune's order (T02 first), heads in Vietnamese order of the given name:
    # An < Dũng < Đức (d before đ), Ánh < Bình < Cường
    assert codes(report.poor.entries) == ["h8", "h7", "h3", "h1"]
    assert codes(report.near_poor.entries) == ["h11", "h6", "h2", "h12"]  # h6: computed out, decided near-poor
    assert codes(report.escaped_poverty.entries) == ["h10", "h2"]  # h10: computed poor, decided out
    assert codes(report.escaped_near_poverty.entries) == ["h4"]
    everyone = {e.household_code for lst in report.lists for e in lst.entries}
    assert "T01-h5" not in everyone  # died: an other decrease, on no list
    assert "T02-h9" not in everyone
    assert [lst.title for lst in report.lists] == [
        "Danh sách hộ nghèo",
        "Danh sách hộ cận nghèo",
        "Danh sách hộ thoát nghèo",
        "Danh sách hộ thoát cận nghèo",
    ]
    assert [e.list for e in report.escaped_poverty.entries] == [ListKind.ESCAPED_POVERTY] * 2
    by_code = {e.household_code: e for e in report.near_poor.entries}
    assert (by_code["T01-h6"].result, by_code["T01-h6"].start) == ("near_poor", "not_poor")
    escaped = {e.household_code: e for e in report.escaped_poverty.entries}
    assert (escaped["T02-h10"].start, escaped["T02-h10"].result) == ("poor", "not_poor")
    assert escaped["T02-h10"].note == "thoát nghèo, vượt chuẩn cận nghèo"
    assert escaped["T01-h2"].note == "thoát nghèo, trở thành hộ cận nghèo"
    assert report.escaped_near_poverty.entries[0].note == "thoát cận nghèo"
    # the list sizes are the counts of form 7.1
    total = report.forms.form_7_1.table.total.lines[0].values
    assert (len(report.poor.entries), len(report.near_poor.entries)) == (total[2], total[6])


def test_list_notes_new_fell_back_continuing(report: RoundReport) -> None:
    notes = {e.household_code: (e.note, e.transition) for e in (*report.poor.entries, *report.near_poor.entries)}
    assert notes == {
        "T02-h8": ("mới", Transition.NEAR_POOR_TO_POOR),
        "T01-h7": ("mới", Transition.NEW_POOR),
        "T01-h3": ("tái nghèo", Transition.FELL_BACK_POOR),
        "T01-h1": ("tiếp tục", Transition.STAYED_POOR),
        "T02-h11": ("mới", Transition.JOINED),
        "T01-h6": ("mới", Transition.NEW_NEAR_POOR),
        "T01-h2": ("mới", Transition.POOR_TO_NEAR_POOR),
        "T01-h12": ("tái cận nghèo", Transition.FELL_BACK_NEAR_POOR),
    }


def test_a_list_entry_carries_the_household_its_people_and_figures(report: RoundReport) -> None:
    h8 = report.poor.entries[0]
    assert (h8.household_code, h8.village_code, h8.village, h8.area) == (
        "T02-h8",
        "T02",
        "Tổ dân phố Phố Mới",
        Area.URBAN,
    )
    # the head first, though the roster lists the wife first
    assert [(p.name, p.relation, p.birth_year, p.sex, p.ethnicity, p.cccd) for p in h8.people] == [
        ("Vũ Văn Hải", "Chủ hộ", 1970, "Nam", "Kinh", "020070123456"),
        ("Đỗ Thị Mai", "Vợ", 1972, "Nữ", "Kinh", "020172654321"),
        ("Vũ Minh Khoa", "Con", 2012, "Nam", "Kinh", ""),
    ]
    assert (h8.b1, h8.b2, h8.lacking, h8.lacking_text, h8.surveyed_in_round) == (160.0, 30, (1, 3, 9), "1, 3, 9", True)
    assert (h8.groups, h8.causes, h8.causes_text) == ((), (6,), "6")
    assert (h8.decision_number, h8.decision_date) == DECISION
    h1 = next(e for e in report.poor.entries if e.household_code == "T01-h1")
    # not surveyed in 2026: its result and figures come from its 2025 Phiếu B
    assert (h1.b1, h1.b2, h1.lacking_text, h1.surveyed_in_round) == (100.0, 30, "1, 3, 8", False)
    assert h1.lacking_codes == ("employment", "nutrition", "housing_area")
    assert (h1.groups_text, h1.causes_text) == ("DTTS, KCKNLĐ, NCC", "1, 7")
    assert [p.relation for p in h1.people] == ["Chủ hộ", "Con", "Con", "Con"]
    assert h1.people[0].ethnicity == "Nùng"
    h7 = next(e for e in report.poor.entries if e.household_code == "T01-h7")
    assert (h7.causes, h7.other_cause, h7.groups) == ((1, 8), "Thiên tai", ("DTTS", "KCKNLĐ"))
    h6 = next(e for e in report.near_poor.entries if e.household_code == "T01-h6")
    assert (h6.ethnic_minority, h6.groups, h6.b1, h6.lacking) == (True, ("DTTS",), 200.0, (8,))
    h11 = report.near_poor.entries[0]
    assert (h11.ethnic_minority, h11.people[0].ethnicity) == (False, "Mông")


def test_the_posting_list_is_the_four_lists_with_a_column_naming_each(report: RoundReport) -> None:
    posting = report.posting
    assert posting.posting
    assert posting.title.startswith("Danh sách niêm yết công khai")
    assert posting.entries == (
        *report.poor.entries,
        *report.near_poor.entries,
        *report.escaped_poverty.entries,
        *report.escaped_near_poverty.entries,
    )
    assert [e.list_name for e in posting.entries] == ["Hộ nghèo"] * 4 + ["Hộ cận nghèo"] * 4 + [
        "Hộ thoát nghèo"
    ] * 2 + ["Hộ thoát cận nghèo"]
    keys = [c.key for c in posting.columns()]
    assert keys[:8] == ["number", "name", "relation", "birth_year", "sex", "ethnicity", "cccd", "list"]
    assert "list" not in [c.key for c in report.poor.columns()]
    lines = posting.table()
    assert len(lines) == sum(len(e.people) for e in posting.entries)
    assert all(len(line) == len(keys) for line in lines)
    heads = [line for line in lines if line[0] is not None]
    # numbered from 1 within each list
    assert [line[0] for line in heads] == [1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 1]
    first, wife = lines[0], lines[1]
    assert first[: keys.index("list") + 2] == (1, "Vũ Văn Hải", "Chủ hộ", 1970, "Nam", "Kinh", "020070123456",
                                                "Hộ nghèo", "Tổ dân phố Phố Mới")  # fmt: skip
    assert first[keys.index("note")] == "mới"
    assert first[keys.index("lacking")] == "1, 3, 9"
    assert first[keys.index("decision_date")] == DECISION[1]
    assert wife[:7] == (None, "Đỗ Thị Mai", "Vợ", 1972, "Nữ", "Kinh", "020172654321")
    assert set(wife[7:]) == {None}


def test_lists_of_one_village_and_forms_of_the_commune(built: Built, report: RoundReport) -> None:
    village = built.report("T01")
    assert village.village == "Thôn Nà Pàn"
    assert codes(village.poor.entries) == ["h7", "h3", "h1"]
    assert codes(village.near_poor.entries) == ["h6", "h2", "h12"]
    assert codes(village.escaped_poverty.entries) == ["h2"]
    assert codes(village.escaped_near_poverty.entries) == ["h4"]
    assert all(lst.village == "Thôn Nà Pàn" for lst in (*village.lists, village.posting))
    assert len(village.posting.entries) == 8
    assert village.forms == report.forms


def test_unknown_round_standard_or_village_is_refused(built: Built) -> None:
    with built.db.session() as session:
        with pytest.raises(OperationError, match="Không tìm thấy kỳ rà soát số 999"):
            round_report(session, 999, built.books)
        with pytest.raises(OperationError, match="Không có chuẩn nghèo '2022-2025'"):
            round_report(session, built.rounds[-1], {})
        with pytest.raises(OperationError, match="Không tìm thấy thôn số 999"):
            round_report(session, built.rounds[-1], built.books, 999)


def test_an_open_round_gives_preliminary_results(tmp_path: Path, rulebooks: dict[str, Rulebook]) -> None:
    open_round = build(tmp_path / "xa.sqlite3", rulebooks, close_last=False)
    try:
        report = open_round.report()
        assert not report.official
        assert report.forms.form_7_1.title == "Tổng hợp kết quả rà soát hộ nghèo, hộ cận nghèo (sơ bộ)"
        assert (report.decision_number, report.decision_date) == (None, None)
        assert all(e.decision_number is None for e in report.posting.entries)
        assert values(report.forms.form_7_1.table, "total")[:3] == (11, 32, 4)
        # an earlier, closed round: its own movements, its own decision
        earlier = open_round.report(round_id=open_round.rounds[1])
        assert (earlier.year, earlier.official, earlier.decision_number) == (2025, True, "110/QĐ-UBND")
        assert codes(earlier.poor.entries) == ["h10", "h2", "h1", "h5"]  # T02 first, then T01: Bình, Đức, Sơn
        assert codes(earlier.escaped_poverty.entries) == ["h3"]
    finally:
        open_round.db.close()


# ----------------------------------------------------------------------------- the level above
def test_the_builders_make_the_merged_report_from_communes_section_rows(report: RoundReport) -> None:
    """At the level above, a commune is a unit: its section subtotals are its rows."""
    summary = report.forms.form_7_1.table
    other = ((10, 40, 2, 8, 1, 4),)
    units = [
        UnitCounts(Unit("06112", "Xã Tân Văn", Area.URBAN), summary.section(Area.URBAN).subtotal.counts),
        UnitCounts(Unit("06112", "Xã Tân Văn", Area.RURAL), summary.section(Area.RURAL).subtotal.counts),
        UnitCounts(Unit("06115", "Xã Tân Thành", Area.RURAL), other),
    ]
    merged = form_7_1(units, official=True, unit_header=COMMUNE_UNIT_HEADER)
    assert merged.unit_header == "Xã, phường, đặc khu"
    assert_adds_up(merged)
    table = merged.table
    assert [r.name for r in table.rows()] == [
        "Khu vực thành thị",
        "Xã Tân Văn",
        "Khu vực nông thôn",
        "Xã Tân Văn",
        "Xã Tân Thành",
        "Tổng cộng (I+II)",
    ]
    assert values(table, "total") == pytest.approx((21, 72, 6, 600 / 21, 20, 2000 / 72, 5, 500 / 21, 13, 1300 / 72))
    movements = form_7_2(
        [UnitCounts(Unit("06112", "Xã Tân Văn", Area.RURAL), report.forms.form_7_2.table.total.counts)]
    )
    assert movements.table.total.counts == report.forms.form_7_2.table.total.counts
    with pytest.raises(ValueError, match="Xã Tân Thành"):
        form_7_1([UnitCounts(Unit("06115", "Xã Tân Thành", Area.RURAL), ((1, 2, 3),))], official=True)


# ----------------------------------------------------------------------------- on a demo database
@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    create_demo(path, households=400, seed=5)
    return path


def test_a_demo_rounds_report_agrees_with_plain_sql(demo: Path, rulebooks: dict[str, Rulebook]) -> None:
    database = open_database(demo)
    try:
        with database.session() as session:
            closed = [r for r in list_rounds(session) if r.status is RoundStatus.CLOSED]
            assert closed
            latest = max(closed, key=lambda r: (r.year, r.id))
            report = round_report(session, latest.id, rulebooks)
    finally:
        database.close()

    leaving = tuple(m.value for m in OtherMove if m.leaves)
    joining = tuple(m.value for m in OtherMove if not m.leaves)
    marks = ",".join("?" * len(leaving))
    households_sql = f"""
        SELECT h.id, h.member_count,
               COALESCE(s.override_category, s.category, rh.start_category) AS result,
               rh.start_category, rh.other_move,
               (SELECT m.ethnicity_code FROM member m WHERE m.household_id = h.id AND m.relation = 'head') AS head
        FROM round_household rh
        JOIN household h ON h.id = rh.household_id
        LEFT JOIN survey s ON s.round_id = rh.round_id AND s.household_id = rh.household_id
        WHERE rh.round_id = ? AND (rh.other_move IS NULL OR rh.other_move NOT IN ({marks}))
    """
    with sqlite3.connect(demo) as connection:
        rows = connection.execute(households_sql, (latest.id, *leaving)).fetchall()
        start_poor = connection.execute(
            "SELECT COUNT(*) FROM round_household WHERE round_id = ? AND start_category = 'poor' "
            f"AND (other_move IS NULL OR other_move NOT IN ({','.join('?' * len(joining))}))",
            (latest.id, *joining),
        ).fetchone()[0]
        decision = connection.execute(
            "SELECT decision_number, decision_date FROM review_round WHERE id = ?", (latest.id,)
        ).fetchone()
    poor = [r for r in rows if r[2] == "poor"]
    near_poor = [r for r in rows if r[2] == "near_poor"]
    escaped = [r for r in rows if r[3] == "poor" and r[4] is None and r[2] != "poor"]
    escaped_near = [r for r in rows if r[3] == "near_poor" and r[4] is None and r[2] not in ("poor", "near_poor")]

    assert report.official
    assert (report.decision_number, str(report.decision_date)) == tuple(decision)
    for form in report.forms:
        assert_adds_up(form)
    total = report.forms.form_7_1.table.total.lines[0].values
    assert total[:3] == (len(rows), sum(r[1] for r in rows), len(poor))
    assert (total[4], total[6], total[8]) == (sum(r[1] for r in poor), len(near_poor), sum(r[1] for r in near_poor))
    assert total[3] == pytest.approx(100 * len(poor) / len(rows))
    assert report.forms.form_7_1.table.section(Area.URBAN).subtotal.counts == ((0,) * 6,)  # the demo commune is a xã

    poor_moves = report.forms.form_7_2.table.total.lines[0].values
    assert (poor_moves[0], poor_moves[8]) == (start_poor, len(poor))
    assert report.forms.form_7_3.table.total.lines[0].values[8] == len(near_poor)
    for form in (report.forms.form_7_2, report.forms.form_7_3):
        for row in form.table.rows():
            for line in row.lines:
                c = (0, *line.values)
                assert c[9] == c[1] - c[2] - c[3] - c[4] + c[5] + c[6] + c[7] + c[8]

    counted = (
        (report.forms.form_7_4, report.forms.form_7_5, poor),
        (report.forms.form_7_6, report.forms.form_7_7, near_poor),
    )
    for count_form, rate_form, group in counted:
        counts = count_form.table.total.lines[0].values
        assert counts[0] == len(group)
        assert all(0 <= n <= len(group) for n in counts[1:])
        rates = rate_form.table.total.lines[0].values
        assert rates == pytest.approx((len(group), *(100 * n / len(group) for n in counts[1:])))
    for table, group in zip(report.forms.form_7_9.tables, (poor, near_poor), strict=True):
        total_, minority, kinh, *_ = table.total.lines[0].values
        assert (total_, kinh, minority) == (
            len(group),
            sum(r[5] == "01" for r in group),
            sum(r[5] != "01" for r in group),
        )
    for table, group in zip(report.forms.form_7_8.tables, (poor, near_poor), strict=True):
        assert table.total.lines[0].values[0] == len(group)
        assert table.total.lines[1].values[0] == sum(r[1] for r in group)

    assert len(report.poor.entries) == len(poor)
    assert len(report.near_poor.entries) == len(near_poor)
    assert len(report.escaped_poverty.entries) == len(escaped)
    assert len(report.escaped_near_poverty.entries) == len(escaped_near)
    members = {r[0]: r[1] for r in rows}
    for entry in report.posting.entries:
        assert len(entry.people) == members[entry.household_id]
        assert entry.people[0].relation == "Chủ hộ"
        assert entry.decision_number == report.decision_number
