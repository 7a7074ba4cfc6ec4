"""The round dashboard: every figure checked against counts made independently, in SQL, on demo data.

Every round of the demo commune (closed rounds with their history), and one more opened from the
latest (carried start statuses) in which some households are surveyed again (drafts among them),
some results overridden by the meeting, some households move away, die or move in, and one survey
carries an indicator code the standard does not define.
"""

from __future__ import annotations

import json
import random
import sqlite3
from collections import Counter
from pathlib import Path

import pytest

from ranoat.demo import create_demo
from ranoat.domain.category import Category
from ranoat.domain.errors import OperationError
from ranoat.domain.round import OtherMove, RoundKind
from ranoat.domain.survey import SurveyData, SurveyStatus
from ranoat.domain.transition import Status, Transition, form_rows
from ranoat.operations.dashboard import Dashboard, Figures, round_dashboard
from ranoat.operations.rounds import create_round, movements, override_result, progress, set_other_move
from ranoat.operations.surveys import save_survey
from ranoat.rules.rulebook import Rulebook, load_all
from ranoat.storage.database import open_database

LEAVING = ("died", "moved_away", "merged")


@pytest.fixture(scope="module")
def rulebooks() -> dict[str, Rulebook]:
    return load_all()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, rulebooks: dict[str, Rulebook]) -> Path:
    """The demo commune with one more round, open, whose id is the highest (`new_round`)."""
    path = tmp_path_factory.mktemp("dashboard") / "xa.sqlite3"
    summary = create_demo(path, households=800, seed=7)
    assert summary.households == 800
    rng = random.Random(3)
    codes = list(rulebooks["2022-2025"].indicators_by_code)
    database = open_database(path)
    try:
        with database.session() as session:
            new = create_round(
                session, year=2026, kind=RoundKind.PERIODIC, standard_id="2022-2025", rulebooks=rulebooks
            ).id
            chosen = rng.sample(range(1, 801), 260)
            for household_id in chosen[:200]:  # surveyed again, with new results
                poorish = rng.random() < 0.4
                data = SurveyData(
                    b1=float(rng.randint(80, 140) if poorish else rng.randint(141, 240)),
                    lacking=rng.sample(codes, rng.randint(0, 5)),
                    status=rng.choice([SurveyStatus.DRAFT, SurveyStatus.CHECKED, SurveyStatus.APPROVED]),
                    officer="Hoàng Thị Lan",
                )
                save_survey(session, round_id=new, household_id=household_id, data=data, rulebooks=rulebooks)
            for household_id in chosen[:12]:  # the meeting decided otherwise
                override_result(session, new, household_id, Category.POOR, "Biên bản họp thôn", "Trưởng thôn")
            for household_id in chosen[200:215]:
                set_other_move(session, new, household_id, OtherMove.MOVED_AWAY, "Chuyển đi tỉnh khác")
            for household_id in chosen[215:220]:
                set_other_move(session, new, household_id, OtherMove.DIED, "Hộ một người, đã mất")
            for household_id in chosen[220:226]:
                set_other_move(session, new, household_id, OtherMove.MOVED_IN, "Chuyển đến từ xã khác")
    finally:
        database.close()
    with sqlite3.connect(path) as connection:
        # a code the standard does not define (an older data file, say) is kept, not dropped
        survey_id = connection.execute(
            "SELECT id FROM survey WHERE round_id = ? AND category = 'poor' ORDER BY id LIMIT 1", (new,)
        ).fetchone()[0]
        connection.execute(
            "UPDATE survey SET lacking = ? WHERE id = ?", (json.dumps(["employment", "old_code"]), survey_id)
        )
        # a village with no households yet
        connection.execute("INSERT INTO village (code, name, position) VALUES ('T99', 'Thôn Mới Lập', 99)")
    return path


def round_ids(path: Path) -> list[int]:
    with sqlite3.connect(path) as connection:
        return [row[0] for row in connection.execute("SELECT id FROM review_round ORDER BY id")]


def new_round(path: Path) -> int:
    """The round the fixture opened: the newest."""
    return round_ids(path)[-1]


def dashboard_of(path: Path, round_id: int, rulebooks: dict[str, Rulebook]) -> Dashboard:
    database = open_database(path)
    try:
        with database.session() as session:
            return round_dashboard(session, round_id, rulebooks)
    finally:
        database.close()


# The result of every household in a round, computed in SQL alone: the override, else the computed
# result, else the start status; only households in the round, without those that left.
FINALS = """
    SELECT h.id AS household_id, h.village_id, h.member_count AS people,
           COALESCE(NULLIF(s.override_category, ''), NULLIF(s.category, ''), rh.start_category) AS category,
           rh.start_category AS start, rh.other_move AS other_move, s.lacking AS lacking
    FROM household h
    LEFT JOIN round_household rh ON rh.household_id = h.id AND rh.round_id = :round
    LEFT JOIN survey s ON s.household_id = h.id AND s.round_id = :round
    WHERE rh.household_id IS NOT NULL OR s.id IS NOT NULL
"""
IN_ROUND = f"SELECT * FROM ({FINALS}) WHERE other_move IS NULL OR other_move NOT IN {LEAVING}"

Row = tuple[int, int, int, int, int, int]


def sql_by_village(path: Path, round_id: int) -> dict[int, Row]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute(
            f"""SELECT v.id, COUNT(f.household_id), COALESCE(SUM(f.people), 0),
                       COALESCE(SUM(f.category = 'poor'), 0),
                       COALESCE(SUM(CASE WHEN f.category = 'poor' THEN f.people END), 0),
                       COALESCE(SUM(f.category = 'near_poor'), 0),
                       COALESCE(SUM(CASE WHEN f.category = 'near_poor' THEN f.people END), 0)
                FROM village v LEFT JOIN ({IN_ROUND}) f ON f.village_id = v.id
                GROUP BY v.id""",
            {"round": round_id},
        ).fetchall()
    return {row[0]: tuple(row[1:]) for row in rows}


def as_row(f: Figures) -> Row:
    return (f.households, f.people, f.poor_households, f.poor_people, f.near_poor_households, f.near_poor_people)


def test_the_fixture_has_history_and_a_new_round(demo: Path) -> None:
    ids = round_ids(demo)
    assert len(ids) >= 2
    with sqlite3.connect(demo) as connection:
        carried = connection.execute(
            "SELECT COUNT(*) FROM round_household WHERE round_id = ? AND start_category IS NOT NULL", (ids[-1],)
        ).fetchone()[0]
    assert carried > 0  # start statuses to move from


def test_village_figures_are_the_sql_counts_and_add_up_to_the_commune(
    demo: Path, rulebooks: dict[str, Rulebook]
) -> None:
    for round_id in round_ids(demo):
        dashboard = dashboard_of(demo, round_id, rulebooks)
        expected = sql_by_village(demo, round_id)
        assert {v.village_id: as_row(v) for v in dashboard.villages} == expected, round_id
        totals = tuple(sum(row[i] for row in expected.values()) for i in range(6))
        assert as_row(dashboard.commune) == totals, round_id
        assert dashboard.commune.households > 0
        assert dashboard.commune.village_id is None
        assert dashboard.commune.name == "Xã Bản Mẫu (dữ liệu mô phỏng)"
        assert dashboard.villages[-1].name == "Thôn Mới Lập"  # the commune's order, empty villages too
        assert as_row(dashboard.villages[-1]) == (0, 0, 0, 0, 0, 0)


def test_the_latest_demo_round_agrees_with_the_demo_generator(
    tmp_path: Path, demo: Path, rulebooks: dict[str, Rulebook]
) -> None:
    """The generator's own tally of its latest round (those who left excluded) is the dashboard's."""
    summary = create_demo(tmp_path / "other.sqlite3", households=800, seed=7)
    latest = round_ids(demo)[-2]  # the fixture opened one more
    dashboard = dashboard_of(demo, latest, rulebooks)
    assert (dashboard.commune.poor_households, dashboard.commune.near_poor_households) == (
        summary.poor,
        summary.near_poor,
    )


def test_those_who_left_are_not_counted_and_overrides_are(demo: Path, rulebooks: dict[str, Rulebook]) -> None:
    new = new_round(demo)
    dashboard = dashboard_of(demo, new, rulebooks)
    with sqlite3.connect(demo) as connection:
        listed = connection.execute("SELECT COUNT(*) FROM round_household WHERE round_id = ?", (new,)).fetchone()[0]
        left = connection.execute(
            f"SELECT COUNT(*) FROM round_household WHERE round_id = ? AND other_move IN {LEAVING}", (new,)
        ).fetchone()[0]
        overridden = connection.execute(
            "SELECT household_id FROM survey WHERE round_id = ? AND override_category = 'poor'", (new,)
        ).fetchall()
        computed_poor = connection.execute(
            "SELECT COUNT(*) FROM survey WHERE round_id = ? AND override_category = 'poor' AND category = 'poor'",
            (new,),
        ).fetchone()[0]
    assert listed == 800  # opening the round listed every household of the commune
    assert left == 20
    assert dashboard.commune.households == listed - left
    assert len(overridden) == 12
    assert computed_poor < 12  # some overrides changed the result, and the dashboard follows them
    assert dashboard.transition_households(Transition.LEFT) == left


def test_rates_are_unrounded_percentages(demo: Path, rulebooks: dict[str, Rulebook]) -> None:
    for round_id in round_ids(demo):
        dashboard = dashboard_of(demo, round_id, rulebooks)
        for figures in (dashboard.commune, *dashboard.villages):
            if figures.households == 0:
                assert figures.poor_household_rate == figures.near_poor_household_rate == 0.0
                assert figures.poor_people_rate == figures.near_poor_people_rate == 0.0
                continue
            assert figures.poor_household_rate == 100 * figures.poor_households / figures.households
            assert figures.near_poor_household_rate == 100 * figures.near_poor_households / figures.households
            assert figures.poor_people_rate == 100 * figures.poor_people / figures.people
            assert figures.near_poor_people_rate == 100 * figures.near_poor_people / figures.people
    latest = dashboard_of(demo, round_ids(demo)[-2], rulebooks)
    # the demo is built to be near the region's rates (about 14% poor, 8% near-poor)
    assert 10 < latest.commune.poor_household_rate < 18
    assert 5 < latest.commune.near_poor_household_rate < 11


def test_deprivation_per_indicator_is_the_sql_count_in_report_order(demo: Path, rulebooks: dict[str, Rulebook]) -> None:
    book = rulebooks["2022-2025"]
    for round_id in round_ids(demo):
        dashboard = dashboard_of(demo, round_id, rulebooks)
        with sqlite3.connect(demo) as connection:
            rows = connection.execute(
                f"""SELECT f.category, j.value, COUNT(DISTINCT f.household_id)
                    FROM ({IN_ROUND}) f, json_each(f.lacking) j
                    WHERE f.category IN ('poor', 'near_poor') GROUP BY f.category, j.value""",
                {"round": round_id},
            ).fetchall()
            surveyed = dict(
                connection.execute(
                    f"SELECT category, COUNT(*) FROM ({IN_ROUND}) WHERE lacking IS NOT NULL GROUP BY category",
                    {"round": round_id},
                ).fetchall()
            )
        expected = {(category, code): n for category, code, n in rows}
        got = {("poor", i.code): i.poor for i in dashboard.indicators if i.poor}
        got |= {("near_poor", i.code): i.near_poor for i in dashboard.indicators if i.near_poor}
        assert got == expected, round_id
        assert expected  # there is something to count
        assert (dashboard.poor_surveyed, dashboard.near_poor_surveyed) == (
            surveyed.get("poor", 0),
            surveyed.get("near_poor", 0),
        )

        known = [i for i in dashboard.indicators if i.report_column is not None]
        assert [i.code for i in known] == list(book.indicators_by_code)
        assert [i.report_column for i in known] == list(range(1, len(book.indicators_by_code) + 1))
        assert [i.name for i in known] == [i.vi for i in book.indicators_by_code.values()]
        assert known[0].name == "Việc làm"
        unknown = [(i.code, i.name, i.poor) for i in dashboard.indicators if i.report_column is None]
        assert unknown == ([("old_code", "old_code", 1)] if round_id == new_round(demo) else [])


def test_transitions_add_up_and_match_sql_and_the_forms(demo: Path, rulebooks: dict[str, Rulebook]) -> None:
    for round_id in round_ids(demo):
        dashboard = dashboard_of(demo, round_id, rulebooks)
        assert [t.transition for t in dashboard.transitions] == list(Transition)
        with sqlite3.connect(demo) as connection:
            rows = connection.execute(FINALS, {"round": round_id}).fetchall()
            listed, listed_people = connection.execute(
                """SELECT COUNT(*), SUM(h.member_count) FROM round_household rh
                   JOIN household h ON h.id = rh.household_id WHERE rh.round_id = ?""",
                (round_id,),
            ).fetchone()
        assert sum(t.households for t in dashboard.transitions) == listed
        assert sum(t.people for t in dashboard.transitions) == listed_people

        def status(category: str | None) -> str:
            return category if category in ("poor", "near_poor") else "out"

        expected: Counter[str] = Counter()
        for _id, _village, _people, category, start, other_move, _lacking in rows:
            if other_move is not None:
                expected["left" if other_move in LEAVING else "joined"] += 1
            elif status(start) == status(category):
                expected[f"stayed_{status(start)}"] += 1
            elif status(category) == "out":
                expected[f"{status(start)}_to_out"] += 1
            elif status(start) == "out":
                expected[f"into_{status(category)}"] += 1  # new or fallen back: told apart by earlier rounds
            else:
                expected[f"{status(start)}_to_{status(category)}"] += 1
        got = {t.transition: t.households for t in dashboard.transitions}
        assert got[Transition.LEFT] == expected["left"]
        assert got[Transition.JOINED] == expected["joined"]
        assert got[Transition.STAYED_POOR] == expected["stayed_poor"]
        assert got[Transition.STAYED_NEAR_POOR] == expected["stayed_near_poor"]
        assert got[Transition.STAYED_OUT] == expected["stayed_out"]
        assert got[Transition.POOR_TO_OUT] == expected["poor_to_out"] > 0
        assert got[Transition.NEAR_POOR_TO_OUT] == expected["near_poor_to_out"]
        assert got[Transition.POOR_TO_NEAR_POOR] == expected["poor_to_near_poor"]
        assert got[Transition.NEAR_POOR_TO_POOR] == expected["near_poor_to_poor"]
        assert got[Transition.NEW_POOR] + got[Transition.FELL_BACK_POOR] == expected["into_poor"] > 0
        assert got[Transition.NEW_NEAR_POOR] + got[Transition.FELL_BACK_NEAR_POOR] == expected["into_near_poor"]
        assert dashboard.has_movements

        # the same movements fill forms 7.2/7.3: their end column is the dashboard's poor / near-poor count
        database = open_database(demo)
        try:
            with database.session() as session:
                found = movements(session, round_id)
        finally:
            database.close()
        poor_rows, near_rows = form_rows(found, Status.POOR).values(), form_rows(found, Status.NEAR_POOR).values()
        assert sum(row.households[9] for row in poor_rows) == dashboard.commune.poor_households
        assert sum(row.people[9] for row in poor_rows) == dashboard.commune.poor_people
        assert sum(row.households[9] for row in near_rows) == dashboard.commune.near_poor_households
        assert sum(row.people[9] for row in near_rows) == dashboard.commune.near_poor_people
    new = dashboard_of(demo, new_round(demo), rulebooks)
    assert new.transition_households(Transition.LEFT) == 20
    assert new.transition_households(Transition.JOINED) == 6


def test_a_round_without_start_statuses_has_no_movements(
    tmp_path: Path, demo: Path, rulebooks: dict[str, Rulebook]
) -> None:
    """As in a database from before rounds had start statuses: only the surveys say anything."""
    copy = tmp_path / "no-starts.sqlite3"
    copy.write_bytes(demo.read_bytes())
    first = round_ids(copy)[0]
    with sqlite3.connect(copy) as connection:
        connection.execute("DELETE FROM round_household WHERE round_id = ?", (first,))
        surveyed = connection.execute("SELECT COUNT(*) FROM survey WHERE round_id = ?", (first,)).fetchone()[0]
    dashboard = dashboard_of(copy, first, rulebooks)
    assert not dashboard.has_movements
    assert all(t.households == t.people == 0 for t in dashboard.transitions)
    assert dashboard.commune.households == surveyed > 0
    assert as_row(dashboard.commune) == tuple(sum(r[i] for r in sql_by_village(copy, first).values()) for i in range(6))


def test_progress_is_the_rounds_progress_and_covers_the_list(demo: Path, rulebooks: dict[str, Rulebook]) -> None:
    for round_id in round_ids(demo):
        dashboard = dashboard_of(demo, round_id, rulebooks)
        database = open_database(demo)
        try:
            with database.session() as session:
                assert list(dashboard.progress) == progress(session, round_id)
        finally:
            database.close()
        with sqlite3.connect(demo) as connection:
            to_review, surveyed, checked = connection.execute(
                """SELECT COUNT(*), COUNT(s.id), COALESCE(SUM(s.status IN ('checked', 'approved')), 0)
                   FROM household h
                   LEFT JOIN survey s ON s.household_id = h.id AND s.round_id = :round
                   WHERE s.id IS NOT NULL OR h.id IN (
                       SELECT household_id FROM round_household
                       WHERE round_id = :round AND source != 'not_listed'
                         AND (other_move IS NULL OR other_move NOT IN ('died', 'moved_away', 'merged')))""",
                {"round": round_id},
            ).fetchone()
        assert sum(p.to_review for p in dashboard.progress) == to_review
        assert sum(p.surveyed for p in dashboard.progress) == surveyed
        assert sum(p.checked for p in dashboard.progress) == checked
        assert all(p.surveyed + p.not_yet == p.to_review for p in dashboard.progress)
    new = dashboard_of(demo, new_round(demo), rulebooks)
    checked = sum(p.checked for p in new.progress)
    surveyed = sum(p.surveyed for p in new.progress)
    assert 0 < checked < surveyed < sum(p.to_review for p in new.progress)  # drafts, and some not yet


def test_unknown_round_or_standard_is_refused(demo: Path, rulebooks: dict[str, Rulebook]) -> None:
    with pytest.raises(OperationError, match="số 99"):
        dashboard_of(demo, 99, rulebooks)
    without = {k: v for k, v in rulebooks.items() if k != "2022-2025"}
    with pytest.raises(OperationError, match="2022-2025"):
        dashboard_of(demo, round_ids(demo)[0], without)


def test_dashboard_is_frozen_plain_data(demo: Path, rulebooks: dict[str, Rulebook]) -> None:
    dashboard = dashboard_of(demo, new_round(demo), rulebooks)
    with pytest.raises(AttributeError):
        dashboard.commune.households = 0  # type: ignore[misc]
    assert isinstance(dashboard.villages, tuple)
    assert all(isinstance(v.poor_household_rate, float) for v in dashboard.villages)
    assert dashboard.round.year == 2026
