"""December 2026: the year's review and the general review (tổng rà soát) of one year side by side;
the register's round box and the dashboard's title say which one is shown (issue #13)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot
from test_register_flow import start

from ranoat.demo import create_demo
from ranoat.domain.round import RoundKind
from ranoat.rules.rulebook import load_all
from ui.main_window import PAGE_DASHBOARD


def test_the_register_and_the_dashboard_name_the_round_shown(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "xa.sqlite3"
    create_demo(path, households=30, seed=5)
    window = start(qtbot, load_all(), path)
    assert window._create_round(2026, RoundKind.PERIODIC, "2022-2025", None) is None
    assert window._create_round(2026, RoundKind.GENERAL, "2027-2030", None) is None
    refused = window._create_round(2026, RoundKind.GENERAL, "2027-2030", None)
    assert refused is not None
    assert "Không mở được kỳ thứ hai cùng loại trong năm" in refused
    register = window.register_page
    assert register is not None
    labels = [register.round.itemText(i) for i in range(register.round.count())]
    periodic = "Rà soát định kỳ năm 2026 — chuẩn 2022-2025"
    general = "Tổng rà soát năm 2026 (danh sách giai đoạn mới) — chuẩn 2027-2030"
    assert periodic in labels
    assert general in labels
    for label in (general, periodic):
        register.round.setCurrentIndex(labels.index(label))
        window.show_page(PAGE_DASHBOARD)

        def shown(label: str = label) -> bool:
            return label in window.dashboard_page.title.text()

        qtbot.waitUntil(shown, timeout=10_000)
        assert register.round.currentText() == label
    window.close()


def test_without_a_round_the_register_names_the_menu_that_opens_one(qtbot: QtBot, tmp_path: Path) -> None:
    """The hint names a menu and an item the window really has (it said "Rà soát →", a menu that does
    not exist)."""
    window = start(qtbot, load_all(), tmp_path / "moi.sqlite3", create=True)
    register = window.register_page
    assert register is not None
    hint = register.round.itemText(0)
    menu_title, item = hint[hint.index("(") + 1 : hint.rindex(")")].split(" → ")
    menus = {action.text().replace("&", ""): action.menu() for action in window.menuBar().actions()}
    assert menu_title in menus
    menu = menus[menu_title]
    assert isinstance(menu, QMenu)
    items = [action.text().replace("&", "") for action in menu.actions()]
    assert item in items
    window.close()
