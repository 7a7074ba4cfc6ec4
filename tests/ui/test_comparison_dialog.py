"""The round page's "So sánh": the round's results beside another standard's, household by
household, filtered from the keyboard and written to a sheet (issue #13)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from test_register_flow import start

from ranoat.demo import create_demo
from ranoat.excel.comparison import SHEET
from ranoat.operations.comparison import compare_standards
from ranoat.reports.comparison import Change
from ranoat.rules.rulebook import load_all
from ui.dialogs.comparison_dialog import ComparisonDialog
from ui.main_window import PAGE_ROUND


def test_compare_opens_the_households_table_filters_and_exports_the_rows_shown(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "xa.sqlite3"
    create_demo(path, households=60, seed=2)
    books = load_all()
    window = start(qtbot, books, path)
    page = window.round_page
    assert page is not None
    window.show_page(PAGE_ROUND)
    page.what_if_standard.setCurrentIndex(page.what_if_standard.findData("2016-2020"))
    page.what_if_path.setCurrentIndex(page.what_if_path.findData("b1"))
    qtbot.keyClick(page.what_if_button, Qt.Key.Key_Space)
    dialog = page.dialog
    assert isinstance(dialog, ComparisonDialog)
    assert window.database is not None
    round_info = page._round
    assert round_info is not None
    with window.database.session() as session:
        expected = compare_standards(session, round_info.id, books["2016-2020"], by_income=False)
    assert dialog.comparison == expected
    assert dialog.model.rowCount() == len(expected.rows) > 0
    assert "Không kết quả nào của kỳ bị thay đổi" in dialog.summary.text()
    assert "hộ đổi kết quả" in page.what_if_result.text()
    # the filter, from the keyboard: each choice shows exactly its households, its count in its name
    dialog.filter.setFocus()
    for index in range(dialog.filter.count()):
        dialog.filter.setCurrentIndex(index)
        change = dialog.change()
        wanted = expected.only(change)
        assert dialog.model.rowCount() == len(wanted)
        assert [dialog.model.row_at(r) for r in range(dialog.model.rowCount())] == wanted
        assert dialog.filter.currentText().endswith(f"({len(wanted)})")
    dialog.filter.setCurrentIndex(dialog.filter.findData(Change.CHANGED))
    changed = expected.only(Change.CHANGED)
    assert changed, "the demo round has households whose result differs under 2016-2020"
    first = dialog.model.index(0, 4).data(), dialog.model.index(0, 5).data()
    assert first[0] != first[1]
    out = tmp_path / dialog.file_name()
    assert dialog.file_name() == "so-sanh-chuan-2022-2025-2016-2020.xlsx"
    notice = dialog.export(out)
    assert notice == f"Đã ghi {len(changed)} hộ vào {out}."
    sheet = load_workbook(out)[SHEET]
    codes = [row[1] for row in sheet.iter_rows(values_only=True) if isinstance(row[0], int)]
    assert codes == [row.code for row in changed]
    # a folder that cannot be written: a message, no traceback
    blocked = tmp_path / "blocked"
    blocked.write_text("not a folder")
    assert dialog.export(blocked / "x.xlsx").startswith(f"Không ghi được tệp {blocked / 'x.xlsx'}")
    dialog.grab().save(str(tmp_path / "comparison.png"))
    window.close()


def test_a_standard_loaded_after_the_start_can_be_compared_with(qtbot: QtBot, tmp_path: Path) -> None:
    """Chuẩn nghèo → Nạp chuẩn nghèo của tỉnh… adds to the window's rulebooks in place; the round
    page offers it the next time it shows the round, without a restart."""
    from ranoat.rules.rulebook import load_rulebook

    path = tmp_path / "xa.sqlite3"
    create_demo(path, households=20, seed=3)
    books = load_all()
    window = start(qtbot, books, path)
    page = window.round_page
    assert page is not None
    offered = [page.what_if_standard.itemData(i) for i in range(page.what_if_standard.count())]
    assert "2022-2025-dong-nai" not in offered
    fixture = Path(__file__).parents[1] / "rules" / "fixtures" / "2022-2025-dong-nai.yaml"  # a test fixture, not law
    book = load_rulebook(fixture)
    window.rulebooks[book.id] = book
    window.show_page(PAGE_ROUND)
    page.show_round(page._round)
    offered = [page.what_if_standard.itemData(i) for i in range(page.what_if_standard.count())]
    assert offered == list(window.rulebooks)
    window.close()
