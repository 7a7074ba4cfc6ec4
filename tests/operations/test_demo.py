"""`ranoat demo`: realistic, consistent, reproducible synthetic communes."""

from __future__ import annotations

import sqlite3
import unicodedata
from pathlib import Path

import pytest

from ranoat.cli import main
from ranoat.domain.search import fold
from ranoat.operations.demo import create_demo
from ranoat.rules.classify import classify
from ranoat.rules.rulebook import load_all


def dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as connection:
        tables = ["commune", "village", "officer", "household", "household_cause", "member", "review_round", "survey"]
        return {t: connection.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in tables}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "xa.sqlite3"
    create_demo(path, households=2000, seed=11)
    return path


def test_same_seed_same_data_other_seed_other_data(tmp_path: Path) -> None:
    create_demo(tmp_path / "a.sqlite3", households=150, seed=5)
    create_demo(tmp_path / "b.sqlite3", households=150, seed=5)
    create_demo(tmp_path / "c.sqlite3", households=150, seed=6)
    assert dump(tmp_path / "a.sqlite3") == dump(tmp_path / "b.sqlite3")
    assert dump(tmp_path / "a.sqlite3")["member"] != dump(tmp_path / "c.sqlite3")["member"]


def test_rates_are_near_the_region(demo: Path) -> None:
    with sqlite3.connect(demo) as connection:
        counts = dict(connection.execute("SELECT category, COUNT(*) FROM survey GROUP BY category").fetchall())
        total = connection.execute("SELECT COUNT(*) FROM household").fetchone()[0]
    assert total == 2000
    assert 0.12 <= counts["poor"] / total <= 0.16
    assert 0.065 <= counts["near_poor"] / total <= 0.095


def test_every_stored_result_is_what_classify_says_with_its_rulebook_hash(demo: Path) -> None:
    book = load_all()["2022-2025"]
    with sqlite3.connect(demo) as connection:
        rows = connection.execute(
            "SELECT s.b1, s.lacking, s.category, s.b2, s.rulebook_id, s.rulebook_sha256, h.area "
            "FROM survey s JOIN household h ON h.id = s.household_id"
        ).fetchall()
    import json

    for b1, lacking, category, b2, rulebook_id, sha, area in rows:
        result = classify(book, area=area, b1=b1, lacking=json.loads(lacking))
        assert (result.category.value, result.b2) == (category, b2)
        assert (rulebook_id, sha) == (book.id, book.sha256)


def test_members_are_consistent(demo: Path) -> None:
    with sqlite3.connect(demo) as connection:
        members = connection.execute(
            "SELECT household_id, full_name, name_folded, sex, birth_year, cccd, relation FROM member"
        ).fetchall()
        households = connection.execute("SELECT id FROM household").fetchall()
    heads: dict[int, int] = {}
    ethnic_names = set()
    for household_id, name, folded, sex, birth_year, cccd, relation in members:
        assert unicodedata.is_normalized("NFC", name)
        assert folded == fold(name)
        ethnic_names.add(name.split()[0])
        age = 2025 - birth_year
        if cccd is None:
            assert age < 14
        else:
            assert len(cccd) == 12
            assert cccd.isdigit()
            century = birth_year // 100 - 19
            assert int(cccd[3]) == 2 * century + (1 if sex == "female" else 0)
            assert cccd[4:6] == f"{birth_year % 100:02d}"
        if relation == "head":
            heads[household_id] = heads.get(household_id, 0) + 1
    assert all(heads.get(h, 0) == 1 for (h,) in households), "exactly one head per household"
    # Nùng/Tày, Kinh and Dao family names, with their diacritics
    assert {"Nông", "Hoàng", "Nguyễn", "Triệu"} <= ethnic_names


def test_cli_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "xa.sqlite3"
    assert main(["demo", "--households", "30", "--seed", "2", "--out", str(out)]) == 0
    assert "30 hộ" in capsys.readouterr().out
    before = out.read_bytes()
    assert main(["demo", "--households", "30", "--seed", "3", "--out", str(out)]) == 2
    assert "đã tồn tại" in capsys.readouterr().err
    assert out.read_bytes() == before
