"""Every number of the exported workbook against the database (issue #5).

The expected figures are computed here, independently of `ranoat.reports`: plain SQL over the
tables and the rules as docs/rules.md and the forms state them (who counts, a household's result,
its movement between the start of the round and its result, the Phiếu B that decided it). The
workbook is read back with openpyxl, and every number cell of every form — each unit row, each
section subtotal, the Tổng cộng row, every percentage — is compared, as are the lists' lines
(households and their members, head first) and the data sheets' rows.

The demo database is given what it lacks to exercise every path: a village with urban and rural
households (two units), a village with no household, heads recorded after other members, the
commune's ethnic-minority decisions overriding the head's ethnicity, and a household outside the
latest round.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from ranoat.demo import create_demo
from ranoat.excel.exchange import HOUSEHOLD_COLUMNS, MEMBER_COLUMNS
from ranoat.operations.export import export_round, latest_round_id
from ranoat.rules.rulebook import load_all
from ranoat.storage.database import open_database

LEAVES = ("died", "moved_away", "merged")
CAUSES = ("no_land", "no_capital", "no_labour", "no_tools", "no_knowledge", "no_skills", "illness", "other")
URBAN, RURAL = "urban", "rural"
SECTIONS = {"I": URBAN, "II": RURAL}
SECTION_NAMES = {URBAN: "Khu vực thành thị", RURAL: "Khu vực nông thôn"}
TOTAL = "Tổng cộng (I+II)"
P, N, OUT = "poor", "near_poor", "out"
Rows = list[tuple[Any, ...]]


# ----------------------------------------------------------------------------- the database
@dataclass
class H:
    """One household of the commune, as the database says."""

    id: int
    code: str
    village_id: int
    village: str
    village_code: str
    area: str
    address: str
    head_name: str
    people: int
    in_round: bool
    start_category: str | None
    move: str | None
    move_reason: str
    result: str | None  # the round's result; None when the household left
    start: str  # P / N / OUT
    end: str | None  # P / N / OUT; None when it left
    movement: str  # the transition, by the rules in the test
    minority: bool
    head_ethnicity: str | None
    no_working_capacity: bool
    person_of_merit: bool
    social_protection: bool
    causes: tuple[str, ...]  # in cause-code order
    decided: sqlite3.Row | None  # the Phiếu B that decided the result (this round's, else the latest earlier)
    survey: sqlite3.Row | None  # this round's Phiếu B

    @property
    def left(self) -> bool:
        return self.move in LEAVES

    @property
    def lacking(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(_json_list(self.decided["lacking"]))) if self.decided else ()


def _json_list(text: str | None) -> list[str]:
    return list(json.loads(text)) if text else []


def status(category: str | None) -> str:
    return P if category == "poor" else N if category == "near_poor" else OUT


def movement(start: str, end: str, earlier: bool, move: str | None) -> str:
    """Decision 24/2021 as docs/rules.md §4 states it: the movement of forms 7.2/7.3."""
    if move is not None:
        return "left" if move in LEAVES else "joined"
    if start == end:
        return {P: "stayed_poor", N: "stayed_near_poor", OUT: "stayed_out"}[start]
    if start == P:
        return "poor_to_near_poor" if end == N else "poor_to_out"
    if start == N:
        return "near_poor_to_poor" if end == P else "near_poor_to_out"
    if end == P:
        return "fell_back_poor" if earlier else "new_poor"
    return "fell_back_near_poor" if earlier else "new_near_poor"


@dataclass
class Database:
    round_id: int
    standard_id: str
    decision_number: str | None
    decision_date: str | None
    default_area: str
    villages: list[sqlite3.Row]  # in the commune's order
    households: list[H]  # every household, by village order, then head_sort, code
    members: dict[int, list[sqlite3.Row]]  # by household, in roster position order

    @property
    def round_households(self) -> list[H]:
        return [h for h in self.households if h.in_round]

    @property
    def counted(self) -> list[H]:
        return [h for h in self.round_households if not h.left]


def read_database(path: Path) -> Database:
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    with connection:
        (round_id, standard_id, decision_number, decision_date) = connection.execute(
            "SELECT id, standard_id, decision_number, decision_date FROM review_round ORDER BY year DESC, id DESC"
        ).fetchone()
        (default_area,) = connection.execute("SELECT default_area FROM commune").fetchone()
        villages = connection.execute("SELECT * FROM village ORDER BY position, id").fetchall()
        leaves = "('died', 'moved_away', 'merged')"
        # listed poor or near-poor before this round: at the start or in the result of an earlier round
        earlier = {
            row[0]
            for row in connection.execute(
                f"""
                SELECT household_id FROM round_household
                WHERE round_id < :r AND start_category IN ('poor', 'near_poor')
                UNION
                SELECT rh.household_id FROM round_household rh
                LEFT JOIN survey s ON s.round_id = rh.round_id AND s.household_id = rh.household_id
                WHERE rh.round_id < :r AND (rh.other_move IS NULL OR rh.other_move NOT IN {leaves})
                  AND COALESCE(s.override_category, s.category, rh.start_category) IN ('poor', 'near_poor')
                UNION
                SELECT s.household_id FROM survey s
                WHERE s.round_id < :r AND COALESCE(s.override_category, s.category) IN ('poor', 'near_poor')
                  AND NOT EXISTS (SELECT 1 FROM round_household rh
                                  WHERE rh.round_id = s.round_id AND rh.household_id = s.household_id)
                """,
                {"r": round_id},
            )
        }
        decided = {
            row["household_id"]: row
            for row in connection.execute(
                """
                SELECT s.* FROM survey s JOIN review_round r ON r.id = s.round_id
                WHERE r.standard_id = ? AND s.round_id <= ? ORDER BY s.round_id
                """,
                (standard_id, round_id),
            )
        }  # the latest wins
        surveys = {
            row["household_id"]: row
            for row in connection.execute("SELECT * FROM survey WHERE round_id = ?", (round_id,))
        }
        causes: dict[int, list[str]] = {}
        for household_id, cause in connection.execute(
            "SELECT household_id, cause FROM household_cause ORDER BY household_id, cause"
        ):
            causes.setdefault(household_id, []).append(cause)
        members: dict[int, list[sqlite3.Row]] = {}
        for row in connection.execute("SELECT * FROM member ORDER BY household_id, position, id"):
            members.setdefault(row["household_id"], []).append(row)
        rows = connection.execute(
            """
            SELECT h.*, v.name AS village, v.code AS village_code,
                   rh.household_id IS NOT NULL AS in_round, rh.start_category, rh.other_move, rh.other_reason,
                   (SELECT m.ethnicity_code FROM member m WHERE m.household_id = h.id AND m.relation = 'head')
                       AS head_ethnicity
            FROM household h
            JOIN village v ON v.id = h.village_id
            LEFT JOIN round_household rh ON rh.household_id = h.id AND rh.round_id = ?
            ORDER BY v.position, v.id, h.head_sort, h.code
            """,
            (round_id,),
        ).fetchall()
    connection.close()
    households = []
    for row in rows:
        survey = surveys.get(row["id"])
        move = row["other_move"]
        if move in LEAVES:
            result = None
        elif survey is not None and (survey["override_category"] or survey["category"]):
            result = survey["override_category"] or survey["category"]
        else:
            result = row["start_category"]
        start, end = status(row["start_category"]), status(result)
        kind = movement(start, end, row["id"] in earlier, move)
        override = row["ethnic_minority_override"]
        head = row["head_ethnicity"]
        households.append(
            H(
                id=row["id"],
                code=row["code"],
                village_id=row["village_id"],
                village=row["village"],
                village_code=row["village_code"],
                area=row["area"],
                address=row["address"],
                head_name=row["head_name"],
                people=row["member_count"],
                in_round=bool(row["in_round"]),
                start_category=row["start_category"],
                move=move,
                move_reason=row["other_reason"] or "",
                result=result,
                start=start,
                end=None if kind == "left" else end,
                movement=kind,
                minority=bool(override) if override is not None else (head is not None and head != "01"),
                head_ethnicity=head,
                no_working_capacity=bool(row["no_working_capacity"]),
                person_of_merit=bool(row["person_of_merit"]),
                social_protection=bool(row["social_protection"]),
                causes=tuple(causes.get(row["id"], ())),
                decided=decided.get(row["id"]),
                survey=survey,
            )
        )
    return Database(round_id, standard_id, decision_number, decision_date, default_area, villages, households, members)


def percent(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 0.0


# ----------------------------------------------------------------------------- expected forms
def form_7_1(hs: Sequence[H]) -> list[list[Any]]:
    counted = [h for h in hs if not h.left]
    households, people = len(counted), sum(h.people for h in counted)
    poor = [h for h in counted if h.end == P]
    near = [h for h in counted if h.end == N]
    poor_h, poor_p = len(poor), sum(h.people for h in poor)
    near_h, near_p = len(near), sum(h.people for h in near)
    return [
        [
            households,
            people,
            poor_h,
            percent(poor_h, households),
            poor_p,
            percent(poor_p, people),
            near_h,
            percent(near_h, households),
            near_p,
            percent(near_p, people),
        ]
    ]


# Form 7.2 (poor) and 7.3 (near-poor), columns 2, 3, 5, 6, 7: the movements that fill them
MOVEMENT_COLUMNS = {
    P: {2: "poor_to_near_poor", 3: "poor_to_out", 5: "near_poor_to_poor", 6: "fell_back_poor", 7: "new_poor"},
    N: {
        2: "near_poor_to_poor",
        3: "near_poor_to_out",
        5: "poor_to_near_poor",
        6: "fell_back_near_poor",
        7: "new_near_poor",
    },
}


def form_7_2(hs: Sequence[H], which: str) -> list[list[Any]]:
    """Two lines, households and people: columns 1..9."""
    households, people = [0] * 10, [0] * 10

    def add(column: int, h: H) -> None:
        households[column] += 1
        people[column] += h.people

    for h in hs:
        if h.start == which and h.movement != "joined":
            add(1, h)
        if h.movement == "left" and h.start == which:
            add(4, h)
        if h.movement == "joined" and h.end == which:
            add(8, h)
        if h.end == which:
            add(9, h)
        for column, kind in MOVEMENT_COLUMNS[which].items():
            if h.movement == kind:
                add(column, h)
    return [households[1:], people[1:]]


def deprivation(hs: Sequence[H], which: str, indicators: Sequence[str], *, rates: bool) -> list[Any]:
    mine = [h for h in hs if h.end == which]
    counts = [sum(1 for h in mine if code in h.lacking) for code in indicators]
    return [len(mine), *([percent(c, len(mine)) for c in counts] if rates else counts)]


def target_groups(hs: Sequence[H], which: str) -> list[list[Any]]:
    """Form 7.8's two lines, households and their people: each household in the first of its
    groups in the form's order (minority, no working capacity, person of merit), else in "khác"."""
    lines = [[0] * 5, [0] * 5]
    for h in hs:
        if h.end != which:
            continue
        flags = (h.minority, h.no_working_capacity, h.person_of_merit)
        column = next((i for i, flag in enumerate(flags, 1) if flag), 4)
        for line, n in ((0, 1), (1, h.people)):
            lines[line][0] += n
            lines[line][column] += n
    return lines


def ethnic_groups(hs: Sequence[H], which: str, groups: Sequence[str]) -> list[Any]:
    mine = [h for h in hs if h.end == which]
    found = Counter(h.head_ethnicity for h in mine)
    return [len(mine), len(mine) - found["01"], found["01"], *(found[g] for g in groups)]


def form_7_10(hs: Sequence[H]) -> list[list[Any]]:
    return [[sum(1 for h in hs if h.end == which and cause in h.causes) for cause in CAUSES] for which in (P, N)]


# ----------------------------------------------------------------------------- the workbook
@dataclass
class FormLine:
    section: str  # urban / rural; "" for the total
    number: Any  # STT: "I", "II", 1, 2, …, None for the total
    name: str  # the unit, the section or the total
    label: Any  # the line's label ("Hộ", "Nhân khẩu", …) in forms with several lines per row
    values: list[Any]


def form_lines(rows: Rows, lines_per_row: int) -> list[FormLine]:
    """The table of a form sheet: from the first section's subtotal to the Tổng cộng row's last line."""
    start = next(i for i, row in enumerate(rows) if row[1] == SECTION_NAMES[URBAN])
    first_value = 3 if lines_per_row > 1 else 2
    result: list[FormLine] = []
    section, number, name = "", None, ""
    for row in rows[start:]:
        if row[1] is not None:
            number, name = row[0], row[1]
            section = SECTIONS.get(str(number), section) if name != TOTAL else ""
        label = row[2] if lines_per_row > 1 else None
        result.append(FormLine(section, number, name, label, list(row[first_value:])))
        if name == TOTAL and sum(1 for line in result if line.name == TOTAL) == lines_per_row:
            break
    return result


Compute = Callable[[Sequence["H"]], list[list[Any]]]  # a group's households → its lines' values


def expected_form(
    db: Database, width: int, lines: Sequence[str], compute: Compute
) -> list[tuple[str, Any, Any, Any, list[Any]]]:
    """(section, STT, name, line label, values) of every line: subtotal I, its units, subtotal II,
    its units, the total. A village's unit in a section counts its households of that area; a village
    with no household in the round is listed once, under the commune's default area."""
    hs = db.round_households
    result: list[tuple[str, Any, Any, Any, list[Any]]] = []

    def add(section: str, number: Any, name: str, group: Sequence[H]) -> None:
        for index, values in enumerate(compute(group)):
            first = index == 0
            result.append(
                (section, number if first else None, name if first else None, lines[index] if lines else None, values)
            )

    for area, roman in ((URBAN, "I"), (RURAL, "II")):
        add(area, roman, SECTION_NAMES[area], [h for h in hs if h.area == area])
        units = [
            v
            for v in db.villages
            if any(h.village_id == v["id"] and h.area == area for h in hs)
            or (area == db.default_area and not any(h.village_id == v["id"] for h in hs))
        ]
        for number, village in enumerate(units, start=1):
            add(area, str(number), village["name"], [h for h in hs if h.village_id == village["id"] and h.area == area])
    add("", None, TOTAL, hs)
    for line in result:
        assert len(line[4]) == width, line
    return result


def assert_form(rows: Rows, db: Database, name: str, width: int, lines: Sequence[str], compute: Compute) -> int:
    """Compare every line of a form sheet; returns the number of number cells compared."""
    actual = form_lines(rows, max(len(lines), 1))
    expected = expected_form(db, width, lines, compute)
    assert len(actual) == len(expected), name
    compared = 0
    section = ""
    for got, (exp_section, number, unit, label, values) in zip(actual, expected, strict=True):
        where = f"{name}, {unit or section}, {label or ''}"
        if unit is not None:
            section = exp_section
            assert (got.section, str(got.number or ""), got.name) == (exp_section, str(number or ""), unit), where
        assert got.label == label, where
        printed = got.values[:width]
        assert all(isinstance(v, (int, float)) for v in printed), (where, printed)
        assert printed == [pytest.approx(v, abs=1e-9) if isinstance(v, float) else v for v in values], where
        assert all(v is None for v in got.values[width:]), where
        compared += len(printed)
    return compared


# ----------------------------------------------------------------------------- fixtures
@dataclass
class Exported:
    db: Database
    sheets: dict[str, Rows]
    indicators: list[str]  # indicator codes in report-column order
    indicator_columns: dict[str, int]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Exported:
    folder = tmp_path_factory.mktemp("against-db")
    path = folder / "xa.sqlite3"
    create_demo(path, households=300, seed=7)
    with sqlite3.connect(path) as connection:
        (round_id,) = connection.execute("SELECT MAX(id) FROM review_round").fetchone()
        first_village = connection.execute("SELECT id FROM village ORDER BY position, id").fetchone()[0]
        # a village with urban and rural households: two units, one in each section
        connection.execute("UPDATE household SET area = 'urban' WHERE village_id = ? AND id % 4 = 0", (first_village,))
        # a village with no household: listed once, in the commune's default area
        connection.execute("INSERT INTO village (code, name, position) VALUES ('T99', 'Tổ dân phố Mới', 99)")
        # the commune decided otherwise than the head's ethnicity for a few households
        connection.execute(
            """UPDATE household SET ethnic_minority_override = 0 WHERE id IN (
                   SELECT household_id FROM member WHERE relation = 'head' AND ethnicity_code != '01' LIMIT 5)"""
        )
        connection.execute(
            """UPDATE household SET ethnic_minority_override = 1 WHERE id IN (
                   SELECT household_id FROM member WHERE relation = 'head' AND ethnicity_code = '01' LIMIT 5)"""
        )
        # heads recorded after other members: the lists still print the head first
        connection.execute(
            """UPDATE member SET position = 20 WHERE relation = 'head' AND household_id IN (
                   SELECT household_id FROM member GROUP BY household_id HAVING COUNT(*) > 2 LIMIT 10)"""
        )
        # a household outside the latest round: in the data sheets, in no form or list
        outside = connection.execute(
            "SELECT household_id FROM round_household WHERE round_id = ? AND other_move IS NULL LIMIT 1", (round_id,)
        ).fetchone()[0]
        connection.execute("DELETE FROM survey WHERE round_id = ? AND household_id = ?", (round_id, outside))
        connection.execute("DELETE FROM round_household WHERE round_id = ? AND household_id = ?", (round_id, outside))
    out = folder / "xa.xlsx"
    rulebooks = load_all()
    with open_database(path) as database:
        export_round(database, latest_round_id(database), out, rulebooks)
    db = read_database(path)
    book = openpyxl.load_workbook(out)
    sheets = {sheet.title: [tuple(c.value for c in row) for row in sheet.iter_rows()] for sheet in book.worksheets}
    book.close()
    indicators = sorted(rulebooks[db.standard_id].indicators_by_code.values(), key=lambda i: i.report_column)
    return Exported(db, sheets, [i.code for i in indicators], {i.code: i.report_column for i in indicators})


def test_the_fixture_exercises_every_path(exported: Exported) -> None:
    db = exported.db
    hs = db.round_households
    assert {h.area for h in hs} == {URBAN, RURAL}
    assert any(not any(h.village_id == v["id"] for h in hs) for v in db.villages)
    assert {"left", "joined", "stayed_poor", "poor_to_out", "near_poor_to_out"} <= {h.movement for h in hs}
    assert any(h.survey is None and h.decided is not None for h in hs), "a result carried over from an earlier Phiếu B"
    assert any(h.survey is not None and h.survey["override_category"] for h in hs), "a meeting's decision"
    assert any(not h.in_round for h in db.households)
    assert any(h.minority and h.head_ethnicity == "01" for h in hs)
    assert any(h.end == P and h.lacking for h in hs)
    assert any(h.end == N and h.causes for h in hs)


# ----------------------------------------------------------------------------- the forms
def test_form_7_1_every_cell(exported: Exported) -> None:
    compared = assert_form(exported.sheets["Biểu 7.1"], exported.db, "7.1", 10, (), form_7_1)
    assert compared >= 10 * 6


@pytest.mark.parametrize(("sheet", "which"), [("Biểu 7.2", P), ("Biểu 7.3", N)])
def test_forms_7_2_and_7_3_every_cell(exported: Exported, sheet: str, which: str) -> None:
    assert_form(exported.sheets[sheet], exported.db, sheet, 9, ("Hộ", "Nhân khẩu"), lambda hs: form_7_2(hs, which))


@pytest.mark.parametrize(
    ("sheet", "which", "rates"),
    [("Biểu 7.4", P, False), ("Biểu 7.5", P, True), ("Biểu 7.6", N, False), ("Biểu 7.7", N, True)],
)
def test_forms_7_4_to_7_7_every_cell(exported: Exported, sheet: str, which: str, rates: bool) -> None:
    """7.4/7.5: the poor households only; 7.6/7.7: the near-poor households, each its own sheet."""
    codes = exported.indicators
    assert_form(
        exported.sheets[sheet],
        exported.db,
        sheet,
        1 + len(codes),
        (),
        lambda hs: [deprivation([h for h in hs if not h.left], which, codes, rates=rates)],
    )


def test_form_7_8_every_cell(exported: Exported) -> None:
    in_two = [
        h
        for h in exported.db.round_households
        if h.end in (P, N) and h.minority + h.no_working_capacity + h.person_of_merit > 1
    ]
    assert in_two, "households in two groups, counted once"
    compared = assert_form(
        exported.sheets["Biểu 7.8"],
        exported.db,
        "7.8",
        10,
        ("Hộ", "Nhân khẩu"),
        lambda hs: [p + n for p, n in zip(target_groups(hs, P), target_groups(hs, N), strict=True)],
    )
    assert compared >= 10 * 2 * 6
    rows = exported.sheets["Biểu 7.8"]
    total = max(i for i, row in enumerate(rows) if row[1] == TOTAL)
    # the rule is printed under the form, after one empty row
    assert all(v is None for v in rows[total + 2])
    assert str(rows[total + 3][0]).startswith("Ghi chú: mỗi hộ chỉ tính một lần, vào nhóm đầu tiên")
    # and the printed identity 5 = 1 − 2 − 3 − 4 holds on every line of both blocks
    start = next(i for i, row in enumerate(rows) if row[1] == SECTION_NAMES[URBAN])
    for row in rows[start : total + 2]:
        values = row[3:13]
        assert all(isinstance(v, int) for v in values), row
        for block in (values[:5], values[5:]):
            assert block[4] == block[0] - block[1] - block[2] - block[3] >= 0, row


def test_form_7_9_every_cell(exported: Exported) -> None:
    db = exported.db
    groups = sorted({h.head_ethnicity for h in db.counted if h.head_ethnicity} - {"01"})
    assert len(groups) >= 3
    assert_form(
        exported.sheets["Biểu 7.9"],
        db,
        "7.9",
        2 * (3 + len(groups)),
        (),
        lambda hs: [ethnic_groups(hs, P, groups) + ethnic_groups(hs, N, groups)],
    )


def test_form_7_10_every_cell(exported: Exported) -> None:
    assert_form(exported.sheets["Biểu 7.10"], exported.db, "7.10", 8, ("- Hộ nghèo", "- Hộ cận nghèo"), form_7_10)


def test_the_metadata_carries_the_form_7_1_totals(exported: Exported) -> None:
    metadata = {row[0]: row[1] for row in exported.sheets["metadata"][1:]}
    (total,) = form_7_1(exported.db.round_households)
    assert [
        metadata["report_households"],
        metadata["report_members"],
        metadata["report_poor_households"],
        metadata["report_poor_members"],
        metadata["report_near_poor_households"],
        metadata["report_near_poor_members"],
    ] == [total[0], total[1], total[2], total[4], total[6], total[8]]


# ----------------------------------------------------------------------------- the lists
LISTS: dict[str, tuple[str, Callable[[H], bool]]] = {
    "DS hộ nghèo": ("Hộ nghèo", lambda h: h.end == P),
    "DS hộ cận nghèo": ("Hộ cận nghèo", lambda h: h.end == N),
    "DS thoát nghèo": ("Hộ thoát nghèo", lambda h: h.movement in ("poor_to_near_poor", "poor_to_out")),
    "DS thoát cận nghèo": ("Hộ thoát cận nghèo", lambda h: h.movement == "near_poor_to_out"),
}


def expected_lines(exported: Exported, sheet: str) -> list[dict[str, Any]]:
    """The lines of a list: per household (village order, then the head's name) its head, then the
    other members in roster order; the household's cells on the head's line."""
    db = exported.db
    names = [sheet] if sheet in LISTS else list(LISTS)  # the posting list: the four, one after the other
    lines: list[dict[str, Any]] = []
    for name in names:
        list_name, chosen = LISTS[name]
        households = [h for h in db.round_households if chosen(h)]
        for number, h in enumerate(households, start=1):
            people = sorted(db.members[h.id], key=lambda m: (m["relation"] != "head", m["position"]))
            for index, m in enumerate(people):
                line: dict[str, Any] = {
                    "Họ và tên": m["full_name"],
                    "Năm sinh": str(m["birth_year"]),
                    "Số CCCD": m["cccd"] or None,
                }
                if index == 0:
                    scored = h.decided
                    groups = [
                        t
                        for flag, t in (
                            (h.minority, "DTTS"),
                            (h.no_working_capacity, "KCKNLĐ"),
                            (h.person_of_merit, "NCC"),
                        )
                        if flag
                    ]
                    line |= {
                        "STT": number,
                        "Quan hệ với chủ hộ": "Chủ hộ",
                        "Thôn, bản, tổ dân phố": h.village,
                        "Điểm B1": scored["b1"] if scored else None,
                        "Điểm B2": scored["b2"] if scored else None,
                        "Chỉ số thiếu hụt": ", ".join(
                            str(n) for n in sorted(exported.indicator_columns[c] for c in h.lacking)
                        )
                        or None,
                        "Nhóm hộ (DTTS, KCKNLĐ, NCC)": ", ".join(groups) or None,
                        "Nguyên nhân nghèo": ", ".join(
                            str(CAUSES.index(c) + 1) for c in sorted(h.causes, key=CAUSES.index)
                        )
                        or None,
                        "Số quyết định": db.decision_number,
                        "Ngày quyết định": dt.date.fromisoformat(db.decision_date).strftime("%d/%m/%Y")
                        if db.decision_date
                        else None,
                    }
                    if sheet not in LISTS:
                        line["Danh sách"] = list_name
                else:
                    line |= {"STT": None, "Thôn, bản, tổ dân phố": None, "Điểm B1": None, "Điểm B2": None}
                lines.append(line)
    return lines


@pytest.mark.parametrize("sheet", [*LISTS, "DS niêm yết"])
def test_list_lines_equal_the_database(exported: Exported, sheet: str) -> None:
    rows = exported.sheets[sheet]
    header_index = next(i for i, row in enumerate(rows) if row[0] == "STT")
    header = [str(h) if h is not None else "" for h in rows[header_index]]
    expected = expected_lines(exported, sheet)
    assert expected, sheet
    body = rows[header_index + 1 : header_index + 1 + len(expected)]
    assert len(body) == len(expected)
    for index, (row, line) in enumerate(zip(body, expected, strict=True)):
        got = dict(zip(header, row, strict=False))
        assert {key: got[key] for key in line} == line, (sheet, index)
    after = rows[header_index + 1 + len(expected)]
    assert all(v is None for v in after), "nothing but the households' lines in the table"


def test_the_posting_list_names_each_line_s_list(exported: Exported) -> None:
    rows = exported.sheets["DS niêm yết"]
    header_index = next(i for i, row in enumerate(rows) if row[0] == "STT")
    column = list(rows[header_index]).index("Danh sách")
    heads = [row[column] for row in rows[header_index + 1 :] if row[2] == "Chủ hộ"]
    expected: dict[str, int] = {
        name: len([h for h in exported.db.round_households if chosen(h)]) for name, chosen in LISTS.values()
    }
    assert Counter(heads) == expected


# ----------------------------------------------------------------------------- the data sheets
def data_rows(rows: Rows, columns: Sequence[str]) -> list[tuple[Any, ...]]:
    assert tuple(rows[0][: len(columns)]) == tuple(columns)
    return [tuple(row[: len(columns)]) for row in rows[1:] if any(v is not None for v in row)]


def blank(value: Any) -> Any:
    return None if value == "" else value


def test_data_households_equal_the_database(exported: Exported) -> None:
    db = exported.db
    order = {code: i for i, code in enumerate(exported.indicators)}
    expected = []
    for h in db.households:
        survey = h.survey
        start = (h.start_category or "not_poor") if h.in_round else None
        expected.append(
            tuple(
                blank(v)
                for v in (
                    h.code,
                    h.village_code,
                    h.village,
                    h.area,
                    h.address,
                    h.head_name,
                    h.people,
                    int(h.minority),
                    int(h.person_of_merit),
                    int(h.social_protection),
                    int(h.no_working_capacity),
                    start,
                    survey["category"] if survey else None,
                    h.result,
                    survey["override_reason"] if survey else None,
                    survey["b1"] if survey else None,
                    survey["b2"] if survey else None,
                    ",".join(sorted(_json_list(survey["lacking"]), key=lambda c: order.get(c, 99))) if survey else None,
                    ",".join(h.causes),
                    survey["status"] if survey else None,
                    None if h.movement == "stayed_out" else h.movement,
                    h.move,
                    h.move_reason if h.move else None,
                )
            )
        )
    assert data_rows(exported.sheets["data_households"], HOUSEHOLD_COLUMNS) == expected


def test_data_members_equal_the_database(exported: Exported) -> None:
    db = exported.db
    expected = [
        tuple(
            blank(v)
            for v in (
                h.code,
                m["position"],
                m["full_name"],
                m["relation"],
                m["sex"],
                m["birth_year"],
                m["birth_date"],
                m["ethnicity_code"],
                m["cccd"],
                m["schooling"],
                m["health_insurance"],
                m["employment"],
                m["disability"],
            )
        )
        for h in db.households
        for m in db.members[h.id]
    ]
    assert data_rows(exported.sheets["data_members"], MEMBER_COLUMNS) == expected
