"""Drive the main window's "Chuẩn nghèo" page as an officer would: keyboard and mouse."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ranoat.rules.rulebook import Rulebook, load_all, standard_on
from ui.main_window import MainWindow
from ui.widgets.calculator import PovertyCalculator, parse_number

TODAY = dt.date(2026, 11, 28)


@pytest.fixture(scope="module")
def rulebooks() -> dict[str, Rulebook]:
    return load_all()


@pytest.fixture
def window(qtbot: QtBot, rulebooks: dict[str, Rulebook]) -> MainWindow:
    main = MainWindow(rulebooks, today=TODAY)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


@pytest.fixture
def calc(window: MainWindow) -> PovertyCalculator:
    return window.standards_page.calculator


def type_value(qtbot: QtBot, calc: PovertyCalculator, text: str) -> None:
    calc.value.clear()
    qtbot.keyClicks(calc.value, text)


def tick(qtbot: QtBot, calc: PovertyCalculator, *codes: str) -> None:
    for code in codes:
        box = calc.indicator_check(code)
        box.setFocus()
        qtbot.keyClick(box, Qt.Key.Key_Space)


def test_window_is_vietnamese_with_menus_and_status(window: MainWindow) -> None:
    assert window.windowTitle() == "Ranoat — Rà soát hộ nghèo, hộ cận nghèo"
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus == ["&Tệp", "&Xã", "X&em", "Trợ &giúp"]  # Alt+E: Alt+X is the Xã menu
    assert window.standard_label.text() == "Chuẩn đang áp dụng: 2022-2025"
    assert window.pages.currentWidget() is window.standards_page


def test_page_lists_every_standard_with_validity_and_gaps(window: MainWindow, rulebooks: dict[str, Rulebook]) -> None:
    table = window.standards_page.table
    assert table.rowCount() == 3
    rows = [[cell.text() for c in range(3) if (cell := table.item(r, c)) is not None] for r in range(3)]
    assert rows[0][:1] == ["2016-2020"]
    assert rows[1] == ["2022-2025", "01/01/2022 – 31/12/2026 (đang áp dụng)", "2 mục"]
    assert rows[2][0] == "2027-2030"
    assert rows[2][2] == f"{len(rulebooks['2027-2030'].missing())} mục"
    # the in-force standard is selected; its legal basis and gaps are shown
    assert table.currentRow() == 1
    details = window.standards_page.details.toPlainText()
    assert "Nghị định 07/2021/NĐ-CP, Điều 3" in details
    assert "Bảng điểm Phiếu B" in details


def test_rural_b1_boundary_and_b2_boundary_update_as_you_type(qtbot: QtBot, calc: PovertyCalculator) -> None:
    assert calc.category.text() == "Chưa có kết quả"
    type_value(qtbot, calc, "140")
    tick(qtbot, calc, "employment", "nutrition")
    assert calc.category.text() == "Hộ cận nghèo"
    assert "B2 = 20 điểm" in calc.scores.text()
    tick(qtbot, calc, "housing_area")
    assert calc.category.text() == "Hộ nghèo"
    assert "Điểm B1 = 140, không vượt ngưỡng điểm B1 140 điểm (khu vực nông thôn)" in calc.explanation.text()
    assert "Diện tích nhà ở bình quân đầu người" in calc.explanation.text()
    qtbot.keyClick(calc.value, Qt.Key.Key_End)
    qtbot.keyClick(calc.value, Qt.Key.Key_Backspace)
    qtbot.keyClicks(calc.value, "1")
    assert calc.value.text() == "141"
    assert calc.category.text() == "Không thuộc hộ nghèo, hộ cận nghèo"


def test_urban_threshold_is_175(qtbot: QtBot, calc: PovertyCalculator) -> None:
    calc.area.setCurrentIndex(calc.area.findData("urban"))
    type_value(qtbot, calc, "175")
    assert calc.category.text() == "Hộ cận nghèo"
    type_value(qtbot, calc, "176")
    assert calc.category.text() == "Không thuộc hộ nghèo, hộ cận nghèo"


def test_income_path_with_vietnamese_number_format(qtbot: QtBot, calc: PovertyCalculator) -> None:
    qtbot.mouseClick(calc.by_income, Qt.MouseButton.LeftButton)
    assert calc.by_income.isChecked()
    assert calc.value_hint.text() == "Chuẩn nghèo: khu vực nông thôn 1.500.000 đồng, khu vực thành thị 2.000.000 đồng."
    type_value(qtbot, calc, "1.500.000")
    assert calc.category.text() == "Hộ cận nghèo"
    type_value(qtbot, calc, "2.250.000")
    # in the band: the average living standard only for a farming household that applied (Mẫu 01)
    assert not calc.farming.isChecked()
    assert calc.category.text() == "Không thuộc hộ nghèo, hộ cận nghèo"
    calc.farming.setFocus()
    qtbot.keyClick(calc.farming, Qt.Key.Key_Space)
    assert calc.farming.isChecked()
    assert calc.category.text() == "Hộ có mức sống trung bình"
    type_value(qtbot, calc, "2250001")
    assert calc.category.text() == "Không thuộc hộ nghèo, hộ cận nghèo"
    qtbot.mouseClick(calc.by_score, Qt.MouseButton.LeftButton)
    assert not calc.farming.isEnabled()  # the band is on the income path only


def test_bad_input_is_explained_not_crashed(qtbot: QtBot, calc: PovertyCalculator) -> None:
    type_value(qtbot, calc, "abc")
    assert calc.category.text() == "Không phân loại được"
    assert "Điểm B1 phải là một số" in calc.explanation.text()
    type_value(qtbot, calc, "-5")
    assert "không được âm" in calc.explanation.text()


def test_2027_2030_says_score_thresholds_are_missing_and_income_works(
    qtbot: QtBot, window: MainWindow, calc: PovertyCalculator
) -> None:
    window.standards_page.table.selectRow(2)
    assert calc.standard.currentData() == "2027-2030"
    assert "chưa được ban hành/cấu hình" in calc.value_hint.text()
    type_value(qtbot, calc, "100")
    assert calc.category.text() == "Không phân loại được"
    assert "chưa được ban hành/cấu hình" in calc.explanation.text()
    assert calc.trace.text() == "Quy chuẩn 2027-2030"  # no internal error code shown
    assert "score_thresholds" not in calc.explanation.text() + calc.trace.text()
    qtbot.mouseClick(calc.by_income, Qt.MouseButton.LeftButton)
    # Decree 351/2025 says "đô thị" where Decree 07/2021 said "thành thị"
    assert [calc.area.itemText(i) for i in range(2)] == ["Khu vực nông thôn", "Khu vực đô thị"]
    assert calc.value_hint.text() == "Chuẩn nghèo: khu vực nông thôn 2.200.000 đồng, khu vực đô thị 2.800.000 đồng."
    type_value(qtbot, calc, "2.200.000")
    tick(qtbot, calc, "employment", "nutrition", "waste_treatment")
    assert calc.category.text() == "Hộ nghèo"


def test_switching_standard_rebuilds_indicators_and_keeps_common_ticks(
    qtbot: QtBot, window: MainWindow, calc: PovertyCalculator
) -> None:
    tick(qtbot, calc, "health_insurance", "info_access_means")
    calc.standard.setCurrentIndex(calc.standard.findData("2016-2020"))
    assert window.standards_page.table.currentRow() == 0
    assert calc.lacking() == ["health_insurance"]
    assert calc.indicator_check("info_assets").text() == "10. Tài sản phục vụ tiếp cận thông tin"
    with pytest.raises(KeyError):
        calc.indicator_check("info_access_means")


def test_indicator_condition_shows_on_focus(
    qtbot: QtBot, calc: PovertyCalculator, rulebooks: dict[str, Rulebook]
) -> None:
    box = calc.indicator_check("housing_area")
    box.setFocus()
    qtbot.waitUntil(lambda: "dưới 8 m²" in calc.condition.text())
    expected = rulebooks["2022-2025"].indicators_by_code["housing_area"].condition
    assert expected is not None
    assert expected.vi in box.toolTip()


def test_tab_moves_from_value_to_the_indicators(qtbot: QtBot, calc: PovertyCalculator) -> None:
    calc.value.setFocus()
    qtbot.keyClick(calc.value, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is calc.indicator_check("employment")


@pytest.mark.parametrize(
    ("text", "decimals", "expected"),
    [
        ("1.500.000", False, 1500000),
        ("1500000", False, 1500000),
        (" 2 000 000 ", False, 2000000),
        ("140", True, 140),
        ("140,5", True, 140.5),
        ("140.5", True, 140.5),
        ("1.000", True, 1000),  # a B1 of 1000 is displayed as 1.000 and must read back as 1000
        ("140.500", True, 140500),
        ("", True, None),
        ("1.5.0", False, "1.5.0"),
        ("abc", True, "abc"),
    ],
)
def test_parse_number(text: str, decimals: bool, expected: object) -> None:
    assert parse_number(text, decimals=decimals) == expected


def test_standard_in_force_by_date(rulebooks: dict[str, Rulebook]) -> None:
    assert standard_on(rulebooks, dt.date(2026, 12, 31)) == "2022-2025"
    assert standard_on(rulebooks, dt.date(2027, 1, 1)) == "2027-2030"
    assert standard_on(rulebooks, dt.date(2021, 12, 31)) == "2016-2020"


def test_ranoat_without_arguments_opens_the_window(tmp_path: Path) -> None:
    """`python -m ranoat` finds the GUI through the entry point, creates the default database in
    the user's data folder, and keeps running until closed."""
    (entry,) = metadata.entry_points(group="ranoat.gui", name="main")
    assert entry.value == "ui.app:main"
    # the user's data folder of this test, never the real one
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(tmp_path)}
    with subprocess.Popen([sys.executable, "-m", "ranoat"], env=env, stderr=subprocess.PIPE, text=True) as process:
        try:
            database = tmp_path / "Ranoat" / "ranoat.sqlite3"
            deadline = time.monotonic() + 60  # start-up takes seconds on a slow, busy machine
            while not database.is_file() and process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.2)
            time.sleep(1)  # and it keeps running with the window open
            crashed = process.poll() is not None
        finally:
            process.terminate()
            _, errors = process.communicate(timeout=10)
    assert not crashed, errors
    assert "Traceback" not in errors
    assert (tmp_path / "Ranoat" / "ranoat.sqlite3").is_file()


PROVINCIAL = Path(__file__).parents[1] / "rules" / "fixtures" / "2022-2025-dong-nai.yaml"  # a test fixture, not law


def test_a_provincial_standard_is_loaded_listed_with_its_hash_and_usable(qtbot: QtBot, tmp_path: Path) -> None:
    books = load_all()  # not the module's: this test adds to it
    main = MainWindow(books, today=dt.date(2024, 10, 1))
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.pages.setCurrentWidget(main.standards_page)
    page = main.standards_page
    assert page.table.rowCount() == 3
    assert "Mã băm (SHA-256) của dữ liệu" in page.details.toPlainText()
    assert books["2022-2025"].sha256 in page.details.toPlainText()
    source = tmp_path / "chuan-dong-nai.yaml"
    source.write_bytes(PROVINCIAL.read_bytes())
    book = page.load_file(source)
    assert book is not None
    assert page.table.rowCount() == 4

    def cell(row: int, column: int) -> str:
        item = page.table.item(row, column)
        assert item is not None
        return item.text()

    assert [cell(row, 0) for row in range(4)] == [
        "2016-2020",
        "2022-2025",
        "2022-2025-dong-nai",
        "2027-2030",
    ]
    assert "chuẩn của tỉnh Đồng Nai" in cell(2, 1)
    assert page.table.currentRow() == 2
    text = page.details.toPlainText()
    assert "Chuẩn riêng của tỉnh Đồng Nai (mã tỉnh 75), nâng chuẩn quốc gia 2022-2025" in text
    assert book.sha256 in text
    assert "Đã nạp chuẩn nghèo 2022-2025-dong-nai của tỉnh Đồng Nai" in page.load_status.text()
    # the main window's rulebooks have it, for a round to use; the calculator classifies with it
    assert "2022-2025-dong-nai" in main.rulebooks
    assert page.calculator.standard.currentData() == "2022-2025-dong-nai"
    qtbot.mouseClick(page.calculator.by_income, Qt.MouseButton.LeftButton)
    type_value(qtbot, page.calculator, "1.900.000")
    tick(qtbot, page.calculator, "employment", "nutrition")
    assert page.calculator.category.text() == "Hộ nghèo", page.calculator.explanation.text()
    # and it is still there when the program starts again
    assert "2022-2025-dong-nai" in load_all()


def test_a_file_that_is_not_a_provincial_standard_is_refused_with_the_reason(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    page = window.standards_page
    broken = tmp_path / "hong.yaml"
    broken.write_text("id: 2022-2025-x\nformat: ranoat-rulebook/1\n", encoding="utf-8")
    assert page.load_file(broken) is None
    assert page.load_status.text().startswith("Không nạp được chuẩn nghèo: Tệp quy chuẩn")
    assert str(broken) in page.load_status.text()
    assert page.table.rowCount() == 3
