"""Help offline, inside the program (issue #14 item 5): F1 or Trợ giúp → Hướng dẫn sử dụng opens the
user guide, with its pictures, at the chapter of the window or page the officer is on."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextDocument
from pytestqt.qtbot import QtBot

from ranoat.demo import create_demo
from ranoat.rules.rulebook import load_all
from ranoat.shipped import user_guide
from ranoat.storage.database import open_database
from ui.dialogs.household_dialog import HouseholdDialog
from ui.help import TOPICS, HelpWindow, topic_for
from ui.main_window import PAGE_DASHBOARD, PAGE_REGISTER, PAGE_ROUND, PAGE_STANDARDS, PAGE_SURVEY, MainWindow

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "huong-dan-su-dung.md"


def test_the_guide_is_found_and_every_topic_is_one_of_its_chapters(qtbot: QtBot) -> None:
    assert user_guide() == GUIDE
    window = HelpWindow()
    qtbot.addWidget(window)
    headings = window.headings()
    assert "Hướng dẫn sử dụng Ranoat" in headings
    for owner, topic in TOPICS.items():
        assert window.show_topic(topic), f"{owner}: no chapter “{topic}” in the guide"
        assert window.current_heading().split(". ", 1)[-1].startswith(topic)
    assert not window.show_topic("Không có chương này")


def test_the_guide_shows_its_pictures(qtbot: QtBot) -> None:
    window = HelpWindow()
    qtbot.addWidget(window)
    pictures = re.findall(r"!\[[^]]*\]\(([^)]+\.png)\)", GUIDE.read_text(encoding="utf-8"))
    assert pictures, "the guide has pictures"
    for picture in pictures:
        image = window.browser.loadResource(QTextDocument.ResourceType.ImageResource.value, QUrl(picture))
        assert image is not None, picture
        assert not image.isNull(), picture


def test_search_in_the_guide_finds_the_next_place_and_wraps(qtbot: QtBot) -> None:
    window = HelpWindow()
    qtbot.addWidget(window)
    window.search.setText("sao lưu")
    places = []
    for _ in range(window.browser.toPlainText().lower().count("sao lưu") + 1):
        assert window.find_next()
        assert window.browser.textCursor().selectedText().lower() == "sao lưu"
        places.append(window.browser.textCursor().position())
    assert places[-1] == places[0], "after the last place, the search starts from the top again"
    window.search.setText("không có trong hướng dẫn")
    assert not window.find_next()


def test_a_missing_guide_says_so_in_vietnamese(qtbot: QtBot, tmp_path: Path) -> None:
    window = HelpWindow(guide=tmp_path / "khong-co.md")
    qtbot.addWidget(window)
    assert "Không tìm thấy tệp hướng dẫn sử dụng" in window.browser.toPlainText()
    assert window.headings() == []


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    path = tmp_path / "xa.sqlite3"
    create_demo(path, households=20, seed=2)
    main = MainWindow(load_all(), today=dt.date(2026, 11, 28), database=open_database(path))
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()
    return main


@pytest.mark.parametrize(
    ("page", "chapter"),
    [
        (PAGE_REGISTER, "Danh sách hộ"),
        (PAGE_SURVEY, "Nhập Phiếu B"),
        (PAGE_ROUND, "Kỳ rà soát: họp dân, niêm yết, quyết định"),
        (PAGE_STANDARDS, "Chuẩn nghèo và máy tính phân loại"),
        (PAGE_DASHBOARD, "Kỳ rà soát: họp dân, niêm yết, quyết định"),
    ],
)
def test_f1_opens_the_chapter_of_the_page(qtbot: QtBot, window: MainWindow, page: int, chapter: str) -> None:
    window.show_page(page)
    help_window = window.show_help()  # what F1 calls (the key itself: next test)
    assert help_window.isVisible()
    assert help_window.current_heading().split(". ", 1)[-1].startswith(chapter)
    # the chapter's title is at the top of the view (or the view is scrolled as far as it goes)
    block = help_window.browser.textCursor().block()
    layout = help_window.browser.document().documentLayout()
    assert layout is not None
    scroll = help_window.browser.verticalScrollBar()
    assert scroll.value() == min(int(layout.blockBoundingRect(block).top()), scroll.maximum())
    assert scroll.value() > 0


def test_the_f1_key_opens_the_guide_from_a_dialog_at_its_chapter(qtbot: QtBot, window: MainWindow) -> None:
    assert window.register_page is not None
    window.edit_household(window.register_page.model.id_at(0))
    dialog = window.dialog
    assert isinstance(dialog, HouseholdDialog)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    assert topic_for(dialog) == "Thêm, sửa hộ và thành viên"
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.help_window is not None and window.help_window.isVisible())
    assert window.help_window is not None
    assert window.help_window.current_heading().endswith("Thêm, sửa hộ và thành viên")
