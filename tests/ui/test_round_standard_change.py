"""The round page corrects a round opened under the wrong standard (issue #13, the change of
standard at the end of 2026): Đổi chuẩn nghèo của kỳ classifies every Phiếu B again while none is
checked; Xoá kỳ rà soát trống deletes an empty round after asking, with a backup first."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from ranoat.demo import create_demo
from ranoat.domain.round import RoundKind
from ranoat.operations.rounds import create_round, list_rounds
from ranoat.rules.rulebook import Rulebook, load_all
from ranoat.storage.database import list_backups, open_database
from ranoat.storage.models import ReviewRound
from ui.main_window import PAGE_ROUND, MainWindow


@pytest.fixture(scope="module")
def books() -> dict[str, Rulebook]:
    return load_all()


def window_with_a_new_round(qtbot: QtBot, tmp_path: Path, books: dict[str, Rulebook], standard: str) -> MainWindow:
    path = tmp_path / "xa.sqlite3"
    create_demo(path, households=15, seed=3)
    with open_database(path, backup=False) as db, db.session() as session:
        create_round(session, year=2026, kind=RoundKind.PERIODIC, standard_id=standard, rulebooks=books)
    window = MainWindow(books, today=dt.date(2026, 12, 7), database=open_database(path))
    qtbot.addWidget(window)
    window.show()
    assert window.register_page is not None
    latest = max(window.runner.read(list_rounds), key=lambda r: r.id)
    window.register_page.round.setCurrentIndex(window.register_page.round.findData(latest.id))
    window.show_page(PAGE_ROUND)
    return window


def test_the_round_takes_another_standard_and_the_register_says_so(
    qtbot: QtBot, tmp_path: Path, books: dict[str, Rulebook]
) -> None:
    window = window_with_a_new_round(qtbot, tmp_path, books, "2027-2030")
    page = window.round_page
    assert page is not None
    asked: list[list[str]] = []

    def choose(title: str, prompt: str, items: list[str]) -> str:
        asked.append(items)
        return next(item for item in items if item.startswith("2022-2025"))

    page.ask_item = choose  # type: ignore[method-assign]
    page.ask_text = lambda title, prompt: "Nghị định 351/2025: năm 2026 theo chuẩn 2022–2025"  # type: ignore[method-assign]
    page.standard_button.click()
    assert all(not item.startswith("2027-2030") for item in asked[0]), "the round's own standard is not offered"
    assert "Đã đổi chuẩn nghèo của kỳ sang 2022-2025" in page.notice.text()
    with window.database.session() as session:  # type: ignore[union-attr]
        latest = session.scalars(select(ReviewRound).order_by(ReviewRound.id.desc())).first()
        assert latest is not None
        assert latest.standard_id == "2022-2025"
    assert window.register_page is not None
    assert "chuẩn 2022-2025" in window.register_page.round.currentText()  # the choice list is read again
    assert "2022-2025" in page.heading.text()


def test_an_empty_round_is_deleted_after_asking_with_a_backup(
    qtbot: QtBot, tmp_path: Path, books: dict[str, Rulebook]
) -> None:
    window = window_with_a_new_round(qtbot, tmp_path, books, "2027-2030")
    page = window.round_page
    assert page is not None
    assert window.database is not None
    rounds_before = len(window.runner.read(list_rounds))
    questions: list[str] = []

    def refuse(title: str, question: str) -> bool:
        questions.append(question)
        return False

    page.confirm = refuse  # type: ignore[method-assign]
    page.delete_round_button.click()
    assert len(window.runner.read(list_rounds)) == rounds_before, "No: nothing deleted"
    page.confirm = lambda title, question: True  # type: ignore[method-assign]
    earlier = {p for p in list_backups(window.database.path) if "before-delete" in p.name}
    page.delete_round_button.click()
    assert len(window.runner.read(list_rounds)) == rounds_before - 1
    assert len({p for p in list_backups(window.database.path) if "before-delete" in p.name} - earlier) == 1
    assert "Đã xoá kỳ" in page.notice.text()
    assert questions
    assert "Một bản sao lưu được tạo trước khi xoá" in questions[0]
    # a round with work (the demo's 2025 round, with its Phiếu B and decision) is not deleted
    assert window.register_page is not None
    window.register_page.round.setCurrentIndex(0)
    window.show_page(PAGE_ROUND)
    page.delete_round_button.click()
    assert len(window.runner.read(list_rounds)) == rounds_before - 1
    assert "không xoá được" in page.notice.text() or "chỉ xoá được kỳ chưa nhập gì" in page.notice.text()
