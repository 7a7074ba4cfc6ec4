"""Friction of the officer's day (issue #14): "Xoá người" asks first and names the member; Enter in
the register's search opens the Phiếu B of the only household found."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QRect, Qt, QTranslator
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from ranoat.demo import create_demo
from ranoat.domain.area import Area
from ranoat.domain.household import HouseholdData, MemberData, Relation, Sex
from ranoat.operations.commune import VillageData
from ranoat.operations.dashboard import Dashboard
from ranoat.operations.explanation import village_sheets
from ranoat.operations.households import load_household
from ranoat.rules.rulebook import load_all
from ranoat.storage.database import open_database
from ui.dialogs.household_dialog import HouseholdDialog
from ui.dialogs.round_dialog import RoundDialog
from ui.main_window import PAGE_DASHBOARD, PAGE_SURVEY, MainWindow
from ui.models.household_table import HEAD_COLUMN
from ui.widgets.survey_page import SurveyPage

TypeText = Callable[[QWidget, str], None]


def test_removing_a_member_asks_first_naming_them(qtbot: QtBot) -> None:
    members = [
        MemberData("Hoàng Văn An", Sex.MALE, Relation.HEAD, 1970),
        MemberData("Nông Thị Bình", Sex.FEMALE, Relation.SPOUSE, 1972),
    ]
    household = HouseholdData(code="T01-00001", village_id=1, area=Area.RURAL, members=members)
    dialog = HouseholdDialog(
        household, [VillageData("T01", "Thôn 1", 1)], lambda h: None, lambda m: [], dt.date(2026, 12, 7)
    )
    qtbot.addWidget(dialog)
    asked: list[str] = []
    answer = [False]

    def confirm(who: str) -> bool:
        asked.append(who)
        return answer[0]

    dialog.confirm_remove = confirm  # type: ignore[method-assign]
    dialog.roster.selectRow(1)
    dialog.remove_member.click()
    assert asked == ["Nông Thị Bình"]
    assert [m.full_name for m in dialog.members()] == ["Hoàng Văn An", "Nông Thị Bình"]
    answer[0] = True
    dialog.remove_member.click()
    assert [m.full_name for m in dialog.members()] == ["Hoàng Văn An"]
    dialog.done(0)


def test_enter_in_the_search_opens_the_only_household_found(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "xa.sqlite3"
    create_demo(path, households=30, seed=8)
    window = MainWindow(load_all(), today=dt.date(2026, 11, 28), database=open_database(path))
    qtbot.addWidget(window)
    window.show()
    page = window.register_page
    assert page is not None
    target = page.model.id_at(0)
    code = window.runner.read(lambda s: load_household(s, target)).code
    page.search.setText(code)  # a household's code: one household
    assert page.model.rowCount() == 1
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert window.nav.currentRow() == PAGE_SURVEY
    assert window.survey_page.current_household_id() == target
    window.survey_page.leave()
    window.show_page(0)
    page.search.setText("van")  # many ("Văn"): the list takes the focus, nothing opens
    assert page.model.rowCount() > 1
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert window.nav.currentRow() == 0


def test_the_village_s_explanation_sheets_are_named_after_it() -> None:
    from ui.widgets.round_page import sheets_file_name

    assert sheets_file_name("Thôn Nà Pàn/2") == "phieu-giai-thich-thon-na-pan-2.pdf"  # no / in a file name
    assert sheets_file_name("Đồng Đăng") == "phieu-giai-thich-dong-dang.pdf"
    assert sheets_file_name("") == "phieu-giai-thich-thon.pdf"


def test_a_new_household_s_code_follows_the_village_until_one_is_typed(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "xa.sqlite3"
    create_demo(path, households=400, seed=3)  # three villages
    window = MainWindow(load_all(), today=dt.date(2026, 11, 28), database=open_database(path))
    qtbot.addWidget(window)
    window.add_household()
    dialog = window.dialog
    assert isinstance(dialog, HouseholdDialog)
    assert dialog.village.count() >= 3  # "— chọn thôn —" and at least two villages
    first = dialog.code.text()
    prefix_of = {dialog.village.itemData(i): dialog.village.itemText(i).rsplit("(", 1)[1][:-1] for i in (1, 2)}
    dialog.village.setCurrentIndex(2)
    assert dialog.code.text() != first
    assert dialog.code.text().startswith(prefix_of[dialog.village.itemData(2)] + "-")
    dialog.village.setCurrentIndex(1)
    assert dialog.code.text().startswith(prefix_of[dialog.village.itemData(1)] + "-")
    # the officer's own code stays
    dialog.code.selectAll()
    qtbot.keyClicks(dialog.code, "RIENG-1")
    dialog.village.setCurrentIndex(2)
    assert dialog.code.text() == "RIENG-1"
    dialog.confirm_discard = lambda: True  # type: ignore[method-assign]
    dialog.reject()


def test_an_existing_household_keeps_its_code_when_the_village_changes(qtbot: QtBot) -> None:
    members = [MemberData("Hoàng Văn An", Sex.MALE, Relation.HEAD, 1970)]
    household = HouseholdData(id=7, code="T01-00009", village_id=1, area=Area.RURAL, members=members)
    villages = [VillageData("T01", "Thôn 1", 1), VillageData("T02", "Thôn 2", 2)]
    dialog = HouseholdDialog(
        household, villages, lambda h: None, lambda m: [], dt.date(2026, 12, 7), suggest_code=lambda v: "T02-00001"
    )
    qtbot.addWidget(dialog)
    dialog.village.setCurrentIndex(2)
    assert dialog.code.text() == "T01-00009"


def _open_a_round(window: MainWindow) -> None:
    """The demo's rounds are closed (read-only Phiếu B): open the next year's."""
    window.new_round()
    dialog = window.dialog
    assert isinstance(dialog, RoundDialog)
    dialog.create_round()


def _y(widget: QWidget) -> int:
    QApplication.processEvents()  # the layouts settle
    return widget.mapTo(widget.window(), QPoint(0, 0)).y()


def test_fields_do_not_jump_when_a_neighbour_s_message_appears(qtbot: QtBot) -> None:
    members = [MemberData("Hoàng Văn An", Sex.MALE, Relation.HEAD, 1970)]
    household = HouseholdData(code="T01-00001", village_id=1, area=Area.RURAL, members=members)
    dialog = HouseholdDialog(
        household, [VillageData("T01", "Thôn 1", 1)], lambda h: None, lambda m: [], dt.date(2026, 12, 7)
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    village_y, relation_y, ethnicity_y = _y(dialog.village), _y(dialog.relation), _y(dialog.ethnicity)
    dialog.code.selectAll()
    qtbot.keyClick(dialog.code, Qt.Key.Key_Delete)  # no code: an error under the code
    assert dialog.code_error.text()
    assert _y(dialog.village) == village_y
    dialog.full_name.selectAll()
    qtbot.keyClick(dialog.full_name, Qt.Key.Key_Delete)  # no name: an error under the name
    assert dialog.name_error.text()
    assert _y(dialog.relation) == relation_y
    dialog.birth.setFocus()
    dialog.birth.selectAll()
    qtbot.keyClicks(dialog.birth, "19x")  # unreadable: an error under the birth field
    assert dialog.birth_error.text()
    assert _y(dialog.ethnicity) == ethnicity_y
    dialog.confirm_discard = lambda: True  # type: ignore[method-assign]
    dialog.reject()


def test_phieu_b_does_not_jump_when_a_number_is_refused(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "xa.sqlite3"
    create_demo(path, households=10, seed=8)
    window = MainWindow(load_all(), today=dt.date(2026, 11, 28), database=open_database(path))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    _open_a_round(window)
    page = window.register_page
    assert page is not None
    window.open_survey(page.model.id_at(0))
    survey = window.survey_page
    part_b_y = _y(survey.part_b)
    survey.income.setFocus()
    qtbot.keyClicks(survey.income, "12,5")
    assert "đồng chẵn" in survey.input_error.text()
    assert _y(survey.part_b) == part_b_y
    survey.confirm_discard = lambda question: True  # type: ignore[method-assign]
    window.close()


def test_the_household_count_follows_an_added_and_a_deleted_household(
    qtbot: QtBot, type_text: TypeText, tmp_path: Path
) -> None:
    path = tmp_path / "xa.sqlite3"
    create_demo(path, households=12, seed=8)
    window = MainWindow(load_all(), today=dt.date(2026, 11, 28), database=open_database(path))
    qtbot.addWidget(window)
    window.show()
    page = window.register_page
    assert page is not None
    assert page.count.text() == "12 hộ"
    window.add_household()
    dialog = window.dialog
    assert isinstance(dialog, HouseholdDialog)
    type_text(dialog.full_name, "Lò Văn Mới")
    dialog.sex.setCurrentIndex(dialog.sex.findData(Sex.MALE))
    qtbot.keyClicks(dialog.birth, "1980")
    assert dialog.save(), dialog.summary.text()
    assert page.count.text() == "13 hộ"
    added = dialog.household().id
    assert added is not None
    window.confirm = lambda title, question: True  # type: ignore[method-assign]
    assert window.delete_household(added)
    assert page.count.text() == "12 hộ"


def _shows_all_of(label: QLabel) -> bool:
    """The label's whole text fits in it as laid out (wrapped when it wraps)."""
    flags = Qt.TextFlag.TextWordWrap if label.wordWrap() else Qt.TextFlag.TextSingleLine
    room = label.contentsRect()
    needed = label.fontMetrics().boundingRect(QRect(0, 0, room.width(), 10_000), int(flags), label.text())
    return needed.width() <= room.width() and needed.height() <= room.height()


def test_the_result_headline_is_whole_at_1366_px(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "xa.sqlite3"
    create_demo(path, households=10, seed=8)
    window = MainWindow(load_all(), today=dt.date(2026, 11, 28), database=open_database(path))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    _open_a_round(window)
    page = window.register_page
    assert page is not None
    window.open_survey(page.model.id_at(0))
    survey = window.survey_page
    survey.b1.setText("200")  # above every line: the longest title
    QApplication.processEvents()
    headline = survey.panel.category
    assert headline.text() == "Không thuộc hộ nghèo, hộ cận nghèo"
    assert _shows_all_of(headline), (headline.width(), headline.fontMetrics().horizontalAdvance(headline.text()))
    assert survey.save()
    window.close()


def _above_the_form(survey: SurveyPage, label: QLabel) -> bool:
    """In view whatever the form is scrolled to: outside the scrolled form, above it."""
    scroll = survey.form_scroll
    top_of_form = scroll.mapTo(survey, QPoint(0, 0)).y()
    return not scroll.isAncestorOf(label) and label.mapTo(survey, QPoint(0, label.height())).y() <= top_of_form


def test_saved_and_locked_notices_are_at_the_top_of_phieu_b(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "xa.sqlite3"
    create_demo(path, households=10, seed=8)
    window = MainWindow(load_all(), today=dt.date(2026, 11, 28), database=open_database(path))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    page = window.register_page
    assert page is not None
    survey = window.survey_page
    window.open_survey(page.model.id_at(0))  # the demo's last round is decided and locked
    QApplication.processEvents()
    assert "đã khoá" in survey.saved_label.text()
    assert survey.saved_label.isVisible()
    assert _above_the_form(survey, survey.saved_label)
    _open_a_round(window)
    window.open_survey(page.model.id_at(0))
    survey.form_scroll.verticalScrollBar().setValue(survey.form_scroll.verticalScrollBar().maximum())
    qtbot.keyClicks(survey.b1, "120")
    assert survey.save()
    QApplication.processEvents()
    assert survey.saved_label.text().startswith("Đã lưu lúc")
    assert survey.saved_label.isVisible()
    assert _above_the_form(survey, survey.saved_label)
    window.close()


def test_a_search_that_finds_a_member_who_is_not_the_head_says_whom(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "xa.sqlite3"
    create_demo(path, households=20, seed=8)
    window = MainWindow(load_all(), today=dt.date(2026, 11, 28), database=open_database(path))
    qtbot.addWidget(window)
    window.show()
    page = window.register_page
    assert page is not None
    village_id = window.runner.read(lambda s: load_household(s, page.model.id_at(0))).village_id
    members = [
        MemberData("Lò Văn Khải", Sex.MALE, Relation.HEAD, 1975, cccd="014075000123"),
        MemberData("Hoàng Thị Mỵ Châu", Sex.FEMALE, Relation.SPOUSE, 1978, cccd="014178000456"),
    ]
    household = HouseholdData(code="T99-00001", village_id=village_id, area=Area.RURAL, members=members)
    assert window._save_household(household) is None
    head = HEAD_COLUMN

    def shown() -> tuple[str, object]:
        assert page.model.rowCount() == 1
        index = page.model.index(0, head)
        return page.model.data(index), page.model.data(index, Qt.ItemDataRole.ToolTipRole)

    page.search.setText("my chau")  # the wife, typed without diacritics
    assert shown() == (
        "Lò Văn Khải · khớp: Hoàng Thị Mỵ Châu",
        "Tìm thấy hộ này qua thành viên Hoàng Thị Mỵ Châu (không phải chủ hộ).",
    )
    page.search.setText("014178000456")  # her CCCD
    assert shown()[0] == "Lò Văn Khải · khớp: Hoàng Thị Mỵ Châu"
    page.search.setText("lo van khai")  # the head himself: nothing to add
    assert shown() == ("Lò Văn Khải", None)
    page.search.setText("t99-00001")  # the code
    assert shown() == ("Lò Văn Khải", None)
    page.search.setText("")
    assert page.model.data(page.model.index(page.model.row_of(household.id or 0), head)) == "Lò Văn Khải"


def test_the_dashboard_shows_a_busy_cursor_while_it_is_built(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.widgets.dashboard_page import DashboardPage

    path = tmp_path / "xa.sqlite3"
    create_demo(path, households=20, seed=8)
    window = MainWindow(load_all(), today=dt.date(2026, 11, 28), database=open_database(path))
    qtbot.addWidget(window)
    window.show()
    seen: list[Qt.CursorShape | None] = []
    build = DashboardPage.show_round

    def watched(page: DashboardPage, dashboard: Dashboard) -> None:
        cursor = QApplication.overrideCursor()
        seen.append(cursor.shape() if cursor is not None else None)
        build(page, dashboard)

    monkeypatch.setattr(DashboardPage, "show_round", watched)
    assert QApplication.overrideCursor() is None
    window.show_page(PAGE_DASHBOARD)
    assert seen == [Qt.CursorShape.WaitCursor]
    assert QApplication.overrideCursor() is None  # restored
    assert window.pages.currentWidget() is window.dashboard_page

    def broken(page: DashboardPage, dashboard: Dashboard) -> None:
        raise RuntimeError("hỏng")

    monkeypatch.setattr(DashboardPage, "show_round", broken)
    with pytest.raises(RuntimeError):
        window._nav_changed(PAGE_DASHBOARD)
    assert QApplication.overrideCursor() is None  # restored even when the build fails


def test_a_pasted_name_longer_than_the_register_holds_is_refused_not_cut(qtbot: QtBot) -> None:
    members = [MemberData("Hoàng Văn An", Sex.MALE, Relation.HEAD, 1970)]
    household = HouseholdData(code="T01-00001", village_id=1, area=Area.RURAL, members=members)
    saved: list[HouseholdData] = []

    def save(data: HouseholdData) -> None:
        saved.append(data)

    dialog = HouseholdDialog(household, [VillageData("T01", "Thôn 1", 1)], save, lambda m: [], dt.date(2026, 12, 7))
    qtbot.addWidget(dialog)
    dialog.show()
    long_name = "Nguyễn " * 17 + "Văn"  # 122 characters
    assert len(long_name) > 100
    QApplication.clipboard().setText(long_name)
    dialog.full_name.setFocus()
    dialog.full_name.selectAll()
    qtbot.keyClick(dialog.full_name, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)  # paste
    assert dialog.full_name.text() == long_name  # nothing cut
    assert f"dài {len(long_name)} ký tự, quá 100 ký tự" in dialog.name_error.text()
    assert not dialog.save()
    assert saved == []
    QApplication.clipboard().setText("0141820007771")  # 13 digits pasted into the CCCD
    dialog.cccd.setFocus()
    qtbot.keyClick(dialog.cccd, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert dialog.cccd.text() == "0141820007771"
    assert "13 chữ số" in dialog.cccd_error.text()
    dialog.full_name.selectAll()
    qtbot.keyClicks(dialog.full_name, "Nguyen Van Binh")
    dialog.cccd.selectAll()
    qtbot.keyClick(dialog.cccd, Qt.Key.Key_Delete)
    assert not dialog.name_error.text()
    assert dialog.save()
    assert saved[0].members[0].full_name == "Nguyen Van Binh"


def test_ctrl_y_and_ctrl_shift_z_redo_what_ctrl_z_undid_in_phieu_b(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "xa.sqlite3"
    create_demo(path, households=10, seed=8)
    window = MainWindow(load_all(), today=dt.date(2026, 11, 28), database=open_database(path))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    _open_a_round(window)
    page = window.register_page
    assert page is not None
    window.open_survey(page.model.id_at(0))
    survey = window.survey_page
    box = survey.indicator_check("employment")
    other = next(b for code, b in survey._checks.items() if code != "employment")
    was = box.isChecked()
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert box.isChecked() is not was
    ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(box, Qt.Key.Key_Z, ctrl)
    assert box.isChecked() is was
    qtbot.keyClick(box, Qt.Key.Key_Y, ctrl)
    assert box.isChecked() is not was, "Ctrl+Y redoes"
    qtbot.keyClick(box, Qt.Key.Key_Z, ctrl)
    assert box.isChecked() is was
    qtbot.keyClick(box, Qt.Key.Key_Z, ctrl | shift)
    assert box.isChecked() is not was, "Ctrl+Shift+Z redoes"
    qtbot.keyClick(box, Qt.Key.Key_Y, ctrl)  # nothing more to redo
    assert box.isChecked() is not was
    # after an undo, a new change: the undone one cannot be redone any more
    qtbot.keyClick(box, Qt.Key.Key_Z, ctrl)
    other_was = other.isChecked()
    other.setFocus()
    qtbot.keyClick(other, Qt.Key.Key_Space)
    qtbot.keyClick(other, Qt.Key.Key_Y, ctrl)
    assert box.isChecked() is was
    assert other.isChecked() is not other_was
    assert survey.save()
    window.close()


def test_rule_texts_read_plainly_with_one_note_for_what_is_not_verified(qtbot: QtBot, tmp_path: Path) -> None:
    from ranoat.operations.explanation import SheetIndicator
    from ui.printing.explanation import sheet_html
    from ui.widgets.standards_page import StandardsPage

    rulebooks = load_all()
    raw = rulebooks["2022-2025"].indicators_by_code["dependents"].condition
    assert raw is not None
    assert "chưa được xác minh" in raw.vi  # the data keeps its remark
    legend = "* Chi tiết này chưa đối chiếu được với văn bản chính thức; khi có vướng mắc, hỏi cán bộ cấp trên."

    path = tmp_path / "xa.sqlite3"
    create_demo(path, households=10, seed=8)
    window = MainWindow(rulebooks, today=dt.date(2026, 11, 28), database=open_database(path))
    qtbot.addWidget(window)
    window.show()
    decided = window.current_round()  # the demo's 2025 round, with its surveys
    assert decided is not None
    sheets = window.runner.read(lambda s: village_sheets(s, decided.id, 1, rulebooks))
    insurance = rulebooks["2022-2025"].indicators_by_code["health_insurance"].condition
    assert insurance is not None
    sheet = dataclasses.replace(
        sheets[0],
        lacking=(
            SheetIndicator(2, "Người phụ thuộc trong hộ gia đình", raw.vi),
            SheetIndicator(4, "Bảo hiểm y tế", insurance.vi),
        ),
    )
    _open_a_round(window)
    page = window.register_page
    assert page is not None
    window.open_survey(page.model.id_at(0))
    survey = window.survey_page
    dependents = survey.indicator_check("dependents")
    assert dependents.toolTip() == ("Số người phụ thuộc chiếm trên một nửa số thành viên của hộ. *\n" + legend)
    QApplication.sendEvent(dependents, QEvent(QEvent.Type.Enter))  # the pointer on it
    assert survey.condition.text().count(legend) == 1
    assert "xác minh" not in survey.condition.text().replace(legend, "")
    nutrition = survey.indicator_check("nutrition")  # nothing uncertain: no star, no note
    assert nutrition.toolTip() == "Hộ có ít nhất một trẻ em dưới 16 tuổi bị suy dinh dưỡng (thấp còi hoặc nhẹ cân)."
    for box in survey._checks.values():
        assert "chưa được xác minh" not in box.toolTip()

    standards = StandardsPage(rulebooks, dt.date(2026, 11, 28))
    qtbot.addWidget(standards)
    calculator = standards.calculator
    assert "chưa được xác minh" not in calculator.indicator_check("dependents").toolTip()
    assert calculator.indicator_check("dependents").toolTip().endswith("thành viên của hộ. *\n" + legend)

    html = sheet_html(sheet)
    assert "chưa được xác minh" not in html
    assert html.count("chưa đối chiếu được") == 1  # the note once for the two
    survey.confirm_discard = lambda question: True  # type: ignore[method-assign]
    window.close()


class _English(QTranslator):
    """A stand-in for the English catalogue (resources/i18n is the integrator's): answers the strings
    this test needs, with the plural chosen by n as Qt's numerus forms are."""

    WORDS: ClassVar[dict[tuple[str, str], tuple[str, ...]]] = {
        ("Sex", "Nam"): ("Male",),
        ("Sex", "Nữ"): ("Female",),
        ("Relation", "Chủ hộ"): ("Head",),
        ("Relation", "Vợ/chồng"): ("Spouse",),
        ("RegisterPage", "{n} hộ"): ("{n} household", "{n} households"),
        ("HouseholdDialog", "Còn {n} lỗi cần sửa trước khi lưu."): ("{n} error to fix", "{n} errors to fix"),
    }

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[tuple[str, str, int]] = []

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
        self.asked.append((context, source, n))
        forms = self.WORDS.get((context, source))
        if forms is None:
            return ""
        return forms[0] if n == 1 or len(forms) == 1 else forms[1]


def test_the_english_ui_names_sexes_and_relations_and_counts_in_the_plural(qtbot: QtBot, tmp_path: Path) -> None:
    from ranoat.domain.names import RELATION_NAMES, SEX_NAMES
    from ui.labels import RELATION_LABELS, SEX_LABELS

    assert SEX_LABELS == SEX_NAMES  # the GUI's marked names are the outputs' names
    assert RELATION_LABELS == RELATION_NAMES
    english = _English()
    QCoreApplication.installTranslator(english)
    try:
        members = [
            MemberData("Hoàng Văn An", Sex.MALE, Relation.HEAD, 1970),
            MemberData("Nông Thị Bình", Sex.FEMALE, Relation.SPOUSE, 1972),
        ]
        household = HouseholdData(code="T01-00001", village_id=1, area=Area.RURAL, members=members)
        dialog = HouseholdDialog(
            household, [VillageData("T01", "Thôn 1", 1)], lambda h: None, lambda m: [], dt.date(2026, 12, 7)
        )
        qtbot.addWidget(dialog)
        assert [dialog.sex.itemText(i) for i in range(1, dialog.sex.count())] == ["Male", "Female"]
        assert dialog.relation.itemText(dialog.relation.findData(Relation.SPOUSE)) == "Spouse"
        roster = dialog.roster
        cells = [roster.item(1, column) for column in (1, 2)]
        assert [cell.text() if cell else None for cell in cells] == ["Spouse", "Female"]
        dialog.full_name.clear()  # one error: the singular
        dialog._member_edited()
        assert dialog.summary.text() == "1 error to fix"
        dialog.confirm_discard = lambda: True  # type: ignore[method-assign]
        dialog.reject()

        path = tmp_path / "xa.sqlite3"
        create_demo(path, households=3, seed=8)
        window = MainWindow(load_all(), today=dt.date(2026, 11, 28), database=open_database(path))
        qtbot.addWidget(window)
        page = window.register_page
        assert page is not None
        assert page.count.text() == "3 households"
        code = window.runner.read(lambda s: load_household(s, page.model.id_at(0))).code
        page.search.setText(code)
        assert page.count.text() == "1 household"
        assert ("RegisterPage", "{n} hộ", 1) in english.asked
        window.open_survey(page.model.id_at(0))
        people = len(window.runner.read(lambda s: load_household(s, page.model.id_at(0))).members)
        heading = "<b>Phiếu B — hộ {code}</b>: {head}, {village} · {n} nhân khẩu<br>{round}"
        assert ("SurveyPage", heading, people) in english.asked  # the count goes to the plural
    finally:
        QCoreApplication.removeTranslator(english)


def test_ctrl_z_and_ctrl_y_in_the_household_dialog(qtbot: QtBot) -> None:
    members = [
        MemberData("Hoàng Văn An", Sex.MALE, Relation.HEAD, 1970),
        MemberData("Nông Thị Bình", Sex.FEMALE, Relation.SPOUSE, 1972),
    ]
    household = HouseholdData(code="T01-00001", village_id=1, area=Area.RURAL, members=members)
    dialog = HouseholdDialog(
        household, [VillageData("T01", "Thôn 1", 1)], lambda h: None, lambda m: [], dt.date(2026, 12, 7)
    )
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
    box = dialog.person_of_merit
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert box.isChecked()
    qtbot.keyClick(box, Qt.Key.Key_Z, ctrl)
    assert not box.isChecked()
    qtbot.keyClick(box, Qt.Key.Key_Y, ctrl)
    assert box.isChecked(), "Ctrl+Y redoes"
    # the roster too: a member's sex changed, undone and redone
    dialog.roster.selectRow(1)
    dialog.sex.setFocus()
    dialog.sex.setCurrentIndex(dialog.sex.findData(Sex.MALE))
    assert dialog.members()[1].sex is Sex.MALE
    qtbot.keyClick(dialog.sex, Qt.Key.Key_Z, ctrl)
    assert dialog.members()[1].sex is Sex.FEMALE
    assert dialog.sex.currentData() == Sex.FEMALE
    assert box.isChecked(), "one step back only"
    qtbot.keyClick(dialog.sex, Qt.Key.Key_Z, ctrl | shift)
    assert dialog.members()[1].sex is Sex.MALE
    assert dialog.roster.item(1, 2).text() == "Nam"  # type: ignore[union-attr]
    # a removed member comes back
    dialog.confirm_remove = lambda who: True  # type: ignore[method-assign]
    dialog.remove_member.click()
    assert len(dialog.members()) == 1
    dialog.undo()
    assert [m.full_name for m in dialog.members()] == ["Hoàng Văn An", "Nông Thị Bình"]
    dialog.confirm_discard = lambda: True  # type: ignore[method-assign]
    dialog.reject()


def test_a_child_older_than_the_head_is_questioned_without_blocking_the_save(qtbot: QtBot) -> None:
    members = [
        MemberData("Hoàng Văn An", Sex.MALE, Relation.HEAD, 1980),
        MemberData("Hoàng Văn Bình", Sex.MALE, Relation.CHILD, 2005),
    ]
    household = HouseholdData(code="T01-00001", village_id=1, area=Area.RURAL, members=members)
    saved: list[HouseholdData] = []

    def save(data: HouseholdData) -> None:
        saved.append(data)

    dialog = HouseholdDialog(household, [VillageData("T01", "Thôn 1", 1)], save, lambda m: [], dt.date(2026, 12, 7))
    qtbot.addWidget(dialog)
    dialog.roster.selectRow(1)
    assert not dialog.birth_error.text()  # 25 years younger: nothing to say
    dialog.birth.selectAll()
    qtbot.keyClicks(dialog.birth, "1960")  # a slip: older than his father — the core's check, said once
    assert dialog.birth_error.text() == (
        "Hoàng Văn Bình (thành viên thứ 2) là con của chủ hộ nhưng sinh năm 1960, không sau năm sinh của chủ hộ "
        "(1980): kiểm tra lại năm sinh hoặc quan hệ với chủ hộ."
    )
    assert "#8a5a00" in dialog.birth_error.styleSheet()  # a warning, amber
    dialog.birth.selectAll()
    qtbot.keyClicks(dialog.birth, "1985")  # after the head, but by 5 years: the dialog's own gap check
    assert dialog.birth_error.text() == "Con sinh năm 1985, chủ hộ sinh năm 1980: năm sinh có đúng không?"
    assert dialog.save(), "a warning does not block saving"
    assert saved[0].members[1].birth_year == 1985
