"""The commune officer's whole path through the real windows, by keyboard where a person would.

Set up the commune, open a round, add a household with members, enter Phiếu B and watch the
classification, save, restart the app, and find the household by typing its name without
diacritics.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from ranoat.demo import create_demo
from ranoat.domain.round import RoundKind
from ranoat.rules.rulebook import Rulebook, load_all
from ranoat.storage.database import open_database
from ui.dialogs.commune_dialog import CommuneDialog
from ui.dialogs.household_dialog import HouseholdDialog
from ui.dialogs.round_dialog import RoundDialog
from ui.main_window import MainWindow
from ui.models.household_table import RESULT_COLUMN, HouseholdTableModel

TypeText = Callable[[QWidget, str], None]

TODAY = dt.date(2026, 11, 28)


@pytest.fixture(scope="module")
def rulebooks() -> dict[str, Rulebook]:
    return load_all()


def start(qtbot: QtBot, rulebooks: dict[str, Rulebook], path: Path, *, create: bool = False) -> MainWindow:
    window = MainWindow(rulebooks, today=TODAY, database=open_database(path, create=create))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def set_up_commune(type_text: TypeText, window: MainWindow) -> None:
    dialog = window.dialog
    assert isinstance(dialog, CommuneDialog), "a new database asks for the commune first"
    type_text(dialog.province_code, "20")
    type_text(dialog.province_name, "Lạng Sơn")
    type_text(dialog.code, "06172")
    type_text(dialog.name, "Xã Tân Thành")
    dialog._add_village_row(None)
    item = dialog.villages.item(0, 1)
    assert item is not None
    item.setText("Thôn Nà Pàn")
    type_text(dialog.preparer, "Hoàng Thị Lan")
    type_text(dialog.chair, "Nông Văn Cường")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted


def open_round(window: MainWindow) -> None:
    window.new_round()
    dialog = window.dialog
    assert isinstance(dialog, RoundDialog)
    dialog.year.setValue(2025)
    # a periodic review in 2025 (lists for 2026): the standard in force that year, also the 2026 lists'
    assert dialog.standard.currentData() == "2022-2025"
    assert "trong năm 2025, cũng là chuẩn của năm danh sách" in dialog.note.text()
    dialog.create_round()
    assert dialog.result() == QDialog.DialogCode.Accepted


def add_household(qtbot: QtBot, type_text: TypeText, window: MainWindow) -> HouseholdDialog:
    window.add_household()
    dialog = window.dialog
    assert isinstance(dialog, HouseholdDialog)
    assert dialog.code.text() == "T01-00001"
    # the first member is the head, ready to be typed
    assert dialog.relation.currentText() == "Chủ hộ"
    type_text(dialog.full_name, "Hoàng Văn Đức")
    dialog.sex.setCurrentIndex(dialog.sex.findText("Nam"))
    type_text(dialog.birth, "1980")
    dialog.ethnicity.setCurrentIndex(dialog.ethnicity.findText("Nùng"))
    type_text(dialog.cccd, "020080123456")
    dialog.health_insurance.setCurrentIndex(dialog.health_insurance.findData(False))
    assert not dialog.cccd_error.text(), dialog.cccd_error.text()
    qtbot.mouseClick(dialog.add_member, Qt.MouseButton.LeftButton)
    assert dialog.full_name.text() == "", "a new member is not pre-filled with the head's family name"
    type_text(dialog.full_name, "Hoàng Thị Mai")
    dialog.relation.setCurrentIndex(dialog.relation.findText("Con"))
    dialog.sex.setCurrentIndex(dialog.sex.findText("Nữ"))
    type_text(dialog.birth, "2014")
    dialog.schooling.setCurrentIndex(dialog.schooling.findText("Chưa/không đi học"))
    return dialog


def test_officer_sets_up_enters_a_survey_restarts_and_finds_the_household(
    qtbot: QtBot, type_text: TypeText, rulebooks: dict[str, Rulebook], tmp_path: Path
) -> None:
    path = tmp_path / "xa.sqlite3"
    window = start(qtbot, rulebooks, path, create=True)
    set_up_commune(type_text, window)
    open_round(window)
    register = window.register_page
    assert register is not None
    assert register.round.currentText() == "Rà soát định kỳ năm 2025 — chuẩn 2022-2025"

    dialog = add_household(qtbot, type_text, window)
    assert dialog.save(), dialog.summary.text()
    assert register.model.rowCount() == 1
    assert register.model.row_data(0).head_name == "Hoàng Văn Đức"

    # Enter on the table opens Phiếu B for the selected household. (Closing a dialog gives the
    # focus back to the main window on a desktop; the offscreen platform needs to be told.)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    register.table.setFocus()
    qtbot.keyClick(register.table, Qt.Key.Key_Return)
    survey = window.survey_page
    assert window.pages.currentWidget() is survey
    assert QApplication.focusWidget() is survey.b1
    type_text(survey.b1, "135")
    assert survey.panel.category.text() == "Hộ cận nghèo"
    # suggestions from the roster: an 11-year-old not in school, a member without health insurance
    assert "Gợi ý: nên đánh dấu" in survey.suggestion_text("child_school_attendance")
    assert "Hoàng Văn Đức" in survey.suggestion_text("health_insurance")
    for code in ("child_school_attendance", "health_insurance", "housing_quality"):
        box = survey.indicator_check(code)
        box.setFocus()
        qtbot.keyClick(box, Qt.Key.Key_Space)
    assert survey.panel.category.text() == "Hộ nghèo"
    assert "Điểm B2 = 30" in survey.panel.explanation.text()
    qtbot.keyClick(survey, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert survey.saved_label.text().startswith("Đã lưu lúc")
    assert register.model.row_data(0).category == "poor"
    window.close()

    # restart: the household is there, found by its name typed without diacritics
    window = start(qtbot, rulebooks, path)
    register = window.register_page
    assert register is not None
    assert window.dialog is None, "the commune is set up: no dialog on start"
    register.search.setFocus()
    type_text(register.search, "hoang van duc")
    assert register.model.rowCount() == 1
    assert register.model.data(register.model.index(0, RESULT_COLUMN)) == "Hộ nghèo"
    register.search.clear()
    type_text(register.search, "020080123456")
    assert register.model.rowCount() == 1
    register.search.clear()
    type_text(register.search, "khong co ai")
    assert register.model.rowCount() == 0
    window.close()


def test_editor_shows_problems_beside_the_fields_and_blocks_errors(
    qtbot: QtBot, type_text: TypeText, rulebooks: dict[str, Rulebook], tmp_path: Path
) -> None:
    window = start(qtbot, rulebooks, tmp_path / "xa.sqlite3", create=True)
    set_up_commune(type_text, window)
    dialog = add_household(qtbot, type_text, window)
    # a CCCD whose sex digit says female for a male born 1980: a warning beside the field, not a block
    dialog.roster.selectRow(0)
    dialog.cccd.clear()
    type_text(dialog.cccd, "020180123456")
    assert dialog.cccd_error.text()
    assert "giới tính" in dialog.cccd_error.text()
    # two heads: an error that blocks saving
    dialog.roster.selectRow(1)
    dialog.relation.setCurrentIndex(dialog.relation.findText("Chủ hộ"))
    assert "chủ hộ" in dialog.roster_error.text()
    assert not dialog.save()
    assert window.register_page is not None
    assert window.register_page.model.rowCount() == 0
    # fixed: saved, with the warning still shown but not blocking
    dialog.relation.setCurrentIndex(dialog.relation.findText("Con"))
    assert dialog.save(), dialog.summary.text()
    assert window.register_page.model.rowCount() == 1
    window.close()


def test_the_same_person_in_another_household_is_flagged(
    qtbot: QtBot, type_text: TypeText, rulebooks: dict[str, Rulebook], tmp_path: Path
) -> None:
    window = start(qtbot, rulebooks, tmp_path / "xa.sqlite3", create=True)
    set_up_commune(type_text, window)
    assert add_household(qtbot, type_text, window).save()
    window.add_household()
    dialog = window.dialog
    assert isinstance(dialog, HouseholdDialog)
    type_text(dialog.full_name, "Hoang Van Duc")  # typed without diacritics
    type_text(dialog.birth, "1980")
    dialog.full_name.editingFinished.emit()
    assert "Có thể trùng người: Hoàng Văn Đức (1980) ở hộ T01-00001" in dialog.cccd_error.text()
    window.close()


def documents_read(model: HouseholdTableModel) -> bool:
    """Whether the model holds the documents for searching in memory (read again after an action)."""
    return model._texts is not None


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "xa.sqlite3"
    create_demo(path, households=400, seed=3)
    return path


def test_survey_keyboard_navigation_autosave_and_undo(
    qtbot: QtBot, type_text: TypeText, rulebooks: dict[str, Rulebook], demo_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "xa.sqlite3"
    path.write_bytes(demo_path.read_bytes())
    window = start(qtbot, rulebooks, path)
    register = window.register_page
    assert register is not None
    window.new_round()
    dialog = window.dialog
    assert isinstance(dialog, RoundDialog)
    # December 2026, the standard changes on 01/01/2027: the year's periodic review is offered under the
    # standard in force (2022-2025), the general review (tổng rà soát) for the next period under 2027-2030,
    # and the note explains the two rounds
    assert dialog.standard.currentData() == "2022-2025"
    note = dialog.note.text()
    assert "Chuẩn nghèo đổi vào ngày 01/01/2027" in note
    assert "«Rà soát định kỳ» theo chuẩn 2022-2025 và «Tổng rà soát» theo chuẩn 2027-2030" in note
    assert "hướng dẫn của tỉnh" in note
    dialog.kind.setCurrentIndex(dialog.kind.findData(RoundKind.GENERAL))
    assert dialog.standard.currentData() == "2027-2030"
    dialog.kind.setCurrentIndex(dialog.kind.findData(RoundKind.PERIODIC))
    assert dialog.standard.currentData() == "2022-2025"
    dialog.create_round()
    assert register.round.currentText() == "Rà soát định kỳ năm 2026 — chuẩn 2022-2025"
    first = register.model.id_at(0)
    second = register.model.id_at(1)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.open_survey(first)
    survey = window.survey_page
    type_text(survey.b1, "150")
    # Enter moves on to the next field, as on the paper form
    assert survey.panel.category.text() in ("Hộ cận nghèo", "Không thuộc hộ nghèo, hộ cận nghèo", "Hộ nghèo")
    qtbot.keyClick(survey.b1, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is survey.housing_area
    type_text(survey.housing_area, "20")
    box = survey.indicator_check("employment")
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert box.isChecked()
    qtbot.keyClick(survey, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not box.isChecked(), "Ctrl+Z undoes the last change"
    # the draft saves itself shortly after the last change
    qtbot.waitUntil(lambda: not survey.is_dirty(), timeout=5000)
    assert survey.saved_label.text().startswith("Đã lưu lúc")
    # Ctrl+PgDown goes to the next household of the list
    qtbot.keyClick(survey, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert survey.current_household_id() == second
    qtbot.keyClick(survey, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert survey.current_household_id() == first
    assert survey.b1.text() == "150"
    assert survey.housing_area.text() == "20"
    window.close()


def test_household_table_model_passes_qt_modeltest(
    qtmodeltester: object, rulebooks: dict[str, Rulebook], demo_path: Path, tmp_path: Path
) -> None:
    from ui.models.household_table import HouseholdTableModel

    path = tmp_path / "xa.sqlite3"
    path.write_bytes(demo_path.read_bytes())
    with open_database(path) as database:
        model = HouseholdTableModel(database)
        from ranoat.operations.register import RegisterFilter

        model.set_filter(RegisterFilter(round_id=1))
        assert model.rowCount() == 400
        qtmodeltester.check(model)  # type: ignore[attr-defined]
        model.set_filter(RegisterFilter(round_id=1, category="poor"))
        assert all(model.row_data(row).category == "poor" for row in range(model.rowCount()))
        qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_a_round_under_2027_2030_says_the_score_thresholds_are_missing(
    qtbot: QtBot, type_text: TypeText, rulebooks: dict[str, Rulebook], demo_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "xa.sqlite3"
    path.write_bytes(demo_path.read_bytes())
    window = start(qtbot, rulebooks, path)
    window.new_round()
    dialog = window.dialog
    assert isinstance(dialog, RoundDialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(RoundKind.GENERAL))  # the next period's lists
    assert dialog.standard.currentData() == "2027-2030"
    assert "chưa được ban hành/cấu hình" in dialog.note.text()
    assert "phân loại theo thu nhập" in dialog.note.text()
    dialog.create_round()
    register = window.register_page
    assert register is not None
    window.open_survey(register.model.id_at(0))
    survey = window.survey_page
    assert "chưa được ban hành/cấu hình" in survey.b1_hint.text()
    type_text(survey.b1, "120")
    assert survey.panel.category.text() == "Không phân loại được"
    assert "chưa được ban hành/cấu hình" in survey.panel.explanation.text()
    window.close()


def test_item_level_entry_with_a_point_table_gives_b1(
    qtbot: QtBot, rulebooks: dict[str, Rulebook], demo_path: Path, tmp_path: Path
) -> None:
    from ranoat.operations.surveys import load_survey
    from ranoat.rules.point_table import Scored, column_for, score, shipped_point_tables

    path = tmp_path / "xa.sqlite3"
    path.write_bytes(demo_path.read_bytes())
    window = start(qtbot, rulebooks, path)
    window.new_round()
    dialog = window.dialog
    assert isinstance(dialog, RoundDialog)
    dialog.standard.setCurrentIndex(dialog.standard.findData("2022-2025"))
    dialog.create_round()
    register = window.register_page
    assert register is not None
    household_id = register.model.id_at(0)
    window.open_survey(household_id)
    survey = window.survey_page
    # the synthetic table is offered for 2022-2025, and says plainly that it is not official
    index = survey.method.findData("synthetic-demo-2022-2025")
    assert index > 0
    survey.method.setCurrentIndex(index)
    assert survey.point_entry.isVisible()
    assert "không phải bảng điểm chính thức" in survey.point_entry.notice.text()
    assert survey.b1.isReadOnly()
    # nothing answered yet: no B1, and the unanswered questions are named
    assert survey.b1.text() == ""
    assert "Chưa trả lời" in survey.input_error.text()
    assert "câu 5a (Vật liệu chính của tường nhà)" in survey.input_error.text()
    # answer every single-choice item with its first option
    table = shipped_point_tables()["synthetic-demo-2022-2025"]
    for item in table.model.items:
        widget = survey.point_entry._inputs[item.code]
        if item.kind == "single":
            widget.setCurrentIndex(1)  # type: ignore[union-attr]
    answers = survey.point_entry.answers()
    expected = score(table, column_for("rural", "tdmnpb"), answers)
    assert isinstance(expected, Scored)
    assert survey.b1.text() == str(expected.total)
    assert survey.save()
    assert window.database is not None
    with window.database.session() as session:
        stored = load_survey(session, register.round_id() or 0, household_id)
    assert stored is not None
    assert stored.b1 == expected.total
    assert stored.item_answers == answers
    assert (stored.point_table_id, stored.point_table_sha256) == (table.id, table.sha256)
    window.close()


def test_loading_a_point_table_file_validates_it_first(
    qtbot: QtBot, rulebooks: dict[str, Rulebook], tmp_path: Path
) -> None:
    from ranoat.rules.point_table import point_table_dir

    window = start(qtbot, rulebooks, tmp_path / "xa.sqlite3", create=True)
    window.point_table_dir = tmp_path / "tables"
    broken = tmp_path / "tinh-x-2022-2025.yaml"
    good_text = (point_table_dir() / "synthetic-demo-2022-2025.yaml").read_text(encoding="utf-8")
    broken.write_text(good_text.replace("format: ranoat-point-table/1", "format: ranoat-point-table/9"), "utf-8")
    message = window.load_point_table_file(broken)
    assert str(broken) in message
    assert "'format'" in message
    assert not (tmp_path / "tables").exists() or not list((tmp_path / "tables").iterdir())
    good = tmp_path / "synthetic-demo-2022-2025.yaml"
    good.write_text(good_text, "utf-8")
    message = window.load_point_table_file(good)
    assert message.startswith("Đã nạp bảng điểm")
    assert (tmp_path / "tables" / "synthetic-demo-2022-2025.yaml").is_file()
    window.close()


def test_deleting_a_household_asks_first_and_keeps_surveyed_ones(
    qtbot: QtBot, type_text: TypeText, rulebooks: dict[str, Rulebook], tmp_path: Path
) -> None:
    window = start(qtbot, rulebooks, tmp_path / "xa.sqlite3", create=True)
    set_up_commune(type_text, window)
    assert add_household(qtbot, type_text, window).save()
    register = window.register_page
    assert register is not None
    household_id = register.model.id_at(0)
    questions: list[str] = []

    def answer_no(title: str, question: str) -> bool:
        questions.append(question)
        return False

    window.confirm = answer_no  # type: ignore[method-assign]
    assert not window.delete_household(household_id)
    assert "Xoá hộ T01-00001 (Hoàng Văn Đức) và 2 thành viên?" in questions[0]
    assert register.model.rowCount() == 1, "answered No: nothing deleted"
    window.confirm = lambda title, question: True  # type: ignore[method-assign]
    assert window.delete_household(household_id)
    assert register.model.rowCount() == 0
    assert window.database is not None
    from ranoat.storage.database import list_backups

    assert any("before-delete" in p.name for p in list_backups(window.database.path))
    window.close()


def _open_round_2022(window: MainWindow) -> None:
    window.new_round()
    dialog = window.dialog
    assert isinstance(dialog, RoundDialog)
    dialog.standard.setCurrentIndex(dialog.standard.findData("2022-2025"))
    dialog.create_round()


def test_phieu_b_never_writes_back_an_old_copy_of_the_household(
    qtbot: QtBot, type_text: TypeText, rulebooks: dict[str, Rulebook], demo_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "xa.sqlite3"
    path.write_bytes(demo_path.read_bytes())
    window = start(qtbot, rulebooks, path)
    _open_round_2022(window)
    register = window.register_page
    assert register is not None
    household_id = register.model.id_at(0)
    window.open_survey(household_id)
    # the household is edited meanwhile: a member is added and the area changed
    window.edit_household(household_id)
    editor = window.dialog
    assert isinstance(editor, HouseholdDialog)
    members_before = len(editor.members())
    qtbot.mouseClick(editor.add_member, Qt.MouseButton.LeftButton)
    type_text(editor.full_name, "Em Út")
    editor.relation.setCurrentIndex(editor.relation.findText("Con"))
    editor.sex.setCurrentIndex(editor.sex.findText("Nữ"))
    type_text(editor.birth, "2020")
    editor.area.setCurrentIndex(editor.area.findData("urban"))
    assert editor.save(), editor.summary.text()
    # back on Phiếu B, the officer types a B1: the new member and the area must survive
    survey = window.survey_page
    survey.b1.setText("160")
    assert survey.save()
    assert window.database is not None
    from ranoat.operations.households import load_household

    with window.database.session() as session:
        household = load_household(session, household_id)
    assert len(household.members) == members_before + 1
    assert household.area.value == "urban"
    assert "thành thị" in survey.b1_hint.text(), "the page shows the urban threshold now"
    window.close()


def test_an_unsaveable_draft_is_not_dropped_silently(
    qtbot: QtBot, rulebooks: dict[str, Rulebook], demo_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "xa.sqlite3"
    path.write_bytes(demo_path.read_bytes())
    window = start(qtbot, rulebooks, path)
    _open_round_2022(window)
    register = window.register_page
    assert register is not None
    first, second = register.model.id_at(0), register.model.id_at(1)
    window.open_survey(first)
    survey = window.survey_page
    survey.b1.setText("13O")  # a letter O typed for a zero
    asked: list[str] = []

    def keep(question: str) -> bool:
        asked.append(question)
        return False

    survey.confirm_discard = keep  # type: ignore[method-assign]
    assert not window.open_survey(second)
    assert survey.current_household_id() == first, "the officer stays on the household to fix it"
    assert "chưa lưu được" in asked[0]
    window.close()
    assert window.isVisible(), "closing is refused while the draft can be neither saved nor dropped"
    survey.confirm_discard = lambda question: True  # type: ignore[method-assign]
    assert window.open_survey(second)
    assert survey.current_household_id() == second
    window.close()


def test_opening_another_database_clears_phieu_b(
    qtbot: QtBot, rulebooks: dict[str, Rulebook], demo_path: Path, tmp_path: Path
) -> None:
    first_path, second_path = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    first_path.write_bytes(demo_path.read_bytes())
    second_path.write_bytes(demo_path.read_bytes())
    window = start(qtbot, rulebooks, first_path)
    _open_round_2022(window)
    assert window.register_page is not None
    window.open_survey(window.register_page.model.id_at(0))
    window.open_database_file(second_path)
    survey = window.survey_page
    assert survey.current_household_id() is None
    survey.b1.setText("120")
    assert not survey.save(), "nothing can be written into the other commune's database"
    window.close()


def test_a_closed_round_is_read_only(
    qtbot: QtBot, rulebooks: dict[str, Rulebook], demo_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "xa.sqlite3"
    path.write_bytes(demo_path.read_bytes())
    window = start(qtbot, rulebooks, path)
    register = window.register_page
    assert register is not None
    assert register.round.currentText().startswith("Rà soát định kỳ năm 2025")  # the demo's closed round
    window.open_survey(register.model.id_at(0))
    survey = window.survey_page
    assert not survey.part_a.isEnabled()
    assert not survey.save_button.isEnabled()
    assert "đã khoá" in survey.saved_label.text()
    window.close()


def test_commune_settings_keep_the_region(
    qtbot: QtBot, rulebooks: dict[str, Rulebook], demo_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "xa.sqlite3"
    path.write_bytes(demo_path.read_bytes())
    window = start(qtbot, rulebooks, path)
    window.edit_commune()
    dialog = window.dialog
    assert isinstance(dialog, CommuneDialog)
    assert dialog.region.currentData() == "tdmnpb"
    assert dialog.region.currentText() == "Trung du và miền núi phía Bắc"
    dialog.save()
    assert window.database is not None
    from ranoat.operations.commune import load_commune

    with window.database.session() as session:
        commune = load_commune(session)
    assert commune is not None
    assert commune.region == "tdmnpb"
    window.close()


def test_closing_the_household_editor_asks_before_dropping_edits(
    qtbot: QtBot, type_text: TypeText, rulebooks: dict[str, Rulebook], tmp_path: Path
) -> None:
    window = start(qtbot, rulebooks, tmp_path / "xa.sqlite3", create=True)
    set_up_commune(type_text, window)
    dialog = add_household(qtbot, type_text, window)
    assert dialog.has_changes()
    dialog.confirm_discard = lambda: False  # type: ignore[method-assign]
    dialog.reject()
    assert dialog.isVisible(), "answered No: the editor stays open with the typed roster"
    dialog.confirm_discard = lambda: True  # type: ignore[method-assign]
    dialog.reject()
    assert not dialog.isVisible()
    window.close()


SEARCHES = ("", "h", "hoang van", "NÔNG THỊ", "duc", "020", "t01-", "50%", "a_b", "khong co ai")


def test_the_search_in_memory_finds_what_the_sql_search_finds(
    qtbot: QtBot, rulebooks: dict[str, Rulebook], demo_path: Path, tmp_path: Path
) -> None:
    from ranoat.operations.register import RegisterFilter, register_ids
    from ui.models.household_table import HouseholdTableModel

    path = tmp_path / "xa.sqlite3"
    path.write_bytes(demo_path.read_bytes())
    with open_database(path) as database:
        model = HouseholdTableModel(database)
        model.wait_for_search()
        for search in SEARCHES:
            for category in (None, "poor"):
                flt = RegisterFilter(round_id=2, category=category, search=search)
                model.set_filter(flt)
                assert model._texts is not None, "searched in memory"
                with database.session() as session:
                    assert model.ids() == register_ids(session, flt), (search, category)


def test_a_key_typed_before_the_search_documents_are_read_is_answered_with_sql(
    qtbot: QtBot, rulebooks: dict[str, Rulebook], demo_path: Path, tmp_path: Path
) -> None:
    """The first key does not wait for the documents: SQL answers it; once they are read, the same
    search in memory gives the same rows in the same order."""
    from ranoat.operations.register import RegisterFilter, register_ids
    from ui.models.household_table import HouseholdTableModel

    path = tmp_path / "xa.sqlite3"
    path.write_bytes(demo_path.read_bytes())
    with open_database(path) as database:
        for search in SEARCHES[1:]:
            for category in (None, "poor"):
                model = HouseholdTableModel(database)
                model.set_filter(RegisterFilter(round_id=2, category=category))
                flt = RegisterFilter(round_id=2, category=category, search=search)
                model.set_filter(flt)  # the first key, before any read of the documents
                assert model._texts is None, "answered without the documents"
                by_sql = model.ids()
                with database.session() as session:
                    assert by_sql == register_ids(session, flt), (search, category)
                model.wait_for_search()
                model.set_filter(flt)
                assert documents_read(model), "the documents are read once the search ends"
                assert model.ids() == by_sql, (search, category)
                model.set_filter(replace(flt, search=""))
                with database.session() as session:
                    assert model.ids() == register_ids(session, replace(flt, search=""))


def test_an_income_recorded_beside_b1_is_kept_for_what_if(
    qtbot: QtBot, rulebooks: dict[str, Rulebook], demo_path: Path, tmp_path: Path
) -> None:
    from ranoat.operations.rounds import what_if
    from ranoat.operations.surveys import load_survey

    path = tmp_path / "xa.sqlite3"
    path.write_bytes(demo_path.read_bytes())
    window = start(qtbot, rulebooks, path)
    _open_round_2022(window)
    register = window.register_page
    assert register is not None
    household_id = register.model.id_at(0)
    window.open_survey(household_id)
    survey = window.survey_page
    survey.b1.setText("150")  # above the rural line: not poor by Phiếu B
    survey.income.setText("2.100.000")  # at or below 2027-2030's rural line of 2.200.000
    assert survey.panel.category.text() == "Không thuộc hộ nghèo, hộ cận nghèo", "B1 decides"
    assert survey.save()
    assert window.database is not None
    round_id = register.round_id()
    assert round_id is not None
    with window.database.session() as session:
        stored = load_survey(session, round_id, household_id)
        assert stored is not None
        assert (stored.b1, stored.income) == (150, 2100000)
        rows = {r.household_id: r for r in what_if(session, round_id, rulebooks["2027-2030"], by_income=True)}
    assert rows[household_id].other in ("poor", "near_poor")
    survey.income.setText("12,5")
    assert "đồng chẵn" in survey.input_error.text()
    survey.confirm_discard = lambda question: True  # type: ignore[method-assign]  # drop the bad draft on close
    window.close()


def test_the_main_window_imports_matplotlib_only_for_the_dashboard(
    qtbot: QtBot, rulebooks: dict[str, Rulebook], tmp_path: Path
) -> None:
    import subprocess
    import sys

    script = "import sys, ui.app, ui.main_window; print('matplotlib' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False", "matplotlib (~1.2 s to import) waits for the Tổng hợp page"
    window = start(qtbot, rulebooks, tmp_path / "xa.sqlite3", create=True)
    assert window._dashboard_page is None
    page = window.dashboard_page
    assert window.dashboard_page is page
    assert window.pages.indexOf(page) >= 0
    window.close()


def test_a_failed_backup_on_opening_is_said_plainly(
    qtbot: QtBot, rulebooks: dict[str, Rulebook], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "xa.sqlite3"
    create_demo(path, households=20, seed=5)
    import ranoat.storage.database as storage

    def disk_full(_source: Path, _target: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage, "backup_file", disk_full)
    window = MainWindow(rulebooks, today=TODAY, database=open_database(path))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(window.backup_warning), timeout=10_000)
    assert "Không sao lưu được khi mở" in window.backup_warning
    assert window.statusBar().currentMessage() == window.backup_warning
    window.close()
