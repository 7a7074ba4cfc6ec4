"""A whole round through the real windows: open it, survey, the village meeting with an override,
posting, a complaint, the decision — and then the closed round no longer changes."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from test_register_flow import TypeText, add_household, open_round, set_up_commune, start

from ranoat.domain.errors import OperationError
from ranoat.domain.survey import SurveyData
from ranoat.operations.rounds import complaints_of
from ranoat.operations.surveys import load_survey, save_survey
from ranoat.rules.rulebook import load_all
from ui.dialogs.round_actions import ComplaintDialog, DecisionDialog, MeetingDialog, PostingDialog, RecheckDialog
from ui.main_window import PAGE_ROUND, MainWindow
from ui.models.household_table import RESULT_COLUMN


def test_a_whole_round_then_the_closed_round_is_frozen(qtbot: QtBot, type_text: TypeText, tmp_path: Path) -> None:
    rulebooks = load_all()
    window: MainWindow = start(qtbot, rulebooks, tmp_path / "xa.sqlite3", create=True)
    set_up_commune(type_text, window)
    open_round(window)
    assert add_household(qtbot, type_text, window).save()
    register = window.register_page
    assert register is not None
    household_id = register.model.id_at(0)

    # survey: B1 120 and 3 lacking → poor; marked approved
    window.open_survey(household_id)
    survey = window.survey_page
    survey.b1.setText("120")
    for code in ("employment", "nutrition", "housing_quality"):
        survey.indicator_check(code).setChecked(True)
    survey.status.setCurrentIndex(survey.status.findText("Đã duyệt"))
    assert survey.save()
    assert survey.panel.category.text() == "Hộ nghèo"

    # the village meeting decides near-poor instead, with a reason: both results stay visible
    survey.override_category.setCurrentIndex(survey.override_category.findText("Hộ cận nghèo"))
    type_text(survey.override_reason, "Họp dân: hộ vừa có con đi làm có hợp đồng")
    assert survey.apply_override()
    assert survey.panel.category.text() == "Hộ nghèo", "the computed result is still shown"
    assert "Kết quả quyết định sau họp dân: hộ cận nghèo" in survey.decided.text()
    assert register.model.data(register.model.index(0, RESULT_COLUMN)) == "Hộ cận nghèo *"

    round_page = window.round_page
    assert round_page is not None
    window.show_page(PAGE_ROUND)
    assert round_page.table.rowCount() == 1
    assert [round_page.table.item(0, c).text() for c in range(5)] == ["Thôn Nà Pàn", "1", "1", "1", "0"]  # type: ignore[union-attr]

    # a meeting below 50% re-opens the village's surveys (asked first); a second one agrees
    asked: list[str] = []

    def answer_yes(title: str, question: str) -> bool:
        asked.append(question)
        return True

    round_page.confirm = answer_yes  # type: ignore[method-assign]
    round_page.table.selectRow(0)
    round_page.meeting()
    meeting = round_page.dialog
    assert isinstance(meeting, MeetingDialog)
    type_text(meeting.attendees, "40")
    type_text(meeting.agreed, "19")
    assert "chưa đạt" in meeting.share.text()
    assert meeting.submit()
    assert "1 phiếu đã kiểm tra hoặc đã duyệt của thôn sẽ chuyển về «Nháp»" in asked[0]
    window.open_survey(household_id, show=False)
    assert survey.status.currentText() == "Nháp", "re-opened for a new survey"
    survey.status.setCurrentIndex(survey.status.findText("Đã duyệt"))
    assert survey.save()
    round_page.meeting()
    meeting = round_page.dialog
    assert isinstance(meeting, MeetingDialog)
    type_text(meeting.attendees, "40")
    type_text(meeting.agreed, "20")
    assert "đạt (từ 50% trở lên)" in meeting.share.text()
    assert meeting.submit()
    assert len(asked) == 1, "a meeting that agrees is not asked about"
    assert round_page.table.item(0, 5).text() == "50,0%"  # type: ignore[union-attr]

    # posting (ended two days ago), and a complaint from the household
    round_page.posting()
    posting = round_page.dialog
    assert isinstance(posting, PostingDialog)
    posting.posted_from.setDate(QDate(2026, 11, 23))
    posting.posted_to.setDate(QDate(2026, 11, 26))
    assert posting.submit()
    assert "niêm yết" in round_page.heading.text()
    register.select(household_id)
    round_page.complaint()
    complaint = round_page.dialog
    assert isinstance(complaint, ComplaintDialog)
    assert not complaint.submit(), "a complaint needs its content"
    assert "nội dung" in complaint.error.text()
    type_text(complaint.content, "Hộ đề nghị xem lại điểm B1")
    assert complaint.submit()
    round_page.recheck()
    recheck = round_page.dialog
    assert isinstance(recheck, RecheckDialog)
    assert "Hộ đề nghị xem lại điểm B1" in recheck.complaint.currentText()
    type_text(recheck.outcome, "Phúc tra: giữ nguyên kết quả")
    assert recheck.submit()
    assert window.database is not None
    with window.database.session() as session:
        (rechecked,) = complaints_of(session, register.round_id() or 0, household_id)
    assert rechecked.outcome == "Phúc tra: giữ nguyên kết quả"
    assert rechecked.rechecked_on is not None

    # the decision closes the round, asked first
    round_page.decision()
    decision = round_page.dialog
    assert isinstance(decision, DecisionDialog)
    type_text(decision.number, "125/QĐ-UBND")
    assert decision.submit()
    assert decision.result() == QDialog.DialogCode.Accepted
    assert "Ghi Quyết định số 125/QĐ-UBND ngày 28/11/2026" in asked[-1]
    assert "125/QĐ-UBND" in round_page.heading.text()
    assert not round_page.meeting_button.isEnabled()
    assert not round_page.decision_button.isEnabled()

    # frozen: Phiếu B is read-only and the operations refuse
    window.open_survey(household_id)
    assert not survey.part_a.isEnabled()
    assert not survey.save()
    round_id = register.round_id()
    assert round_id is not None
    assert window.database is not None
    with pytest.raises(OperationError, match="đã khoá"), window.database.session() as session:
        save_survey(session, round_id=round_id, household_id=household_id, data=SurveyData(b1=200), rulebooks=rulebooks)
    with window.database.session() as session:
        stored = load_survey(session, round_id, household_id)
    assert stored is not None
    assert stored.b1 == 120
    assert stored.override_category == "near_poor"
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    window.close()


def test_a_village_s_explanation_sheets_print_from_the_round_page(qtbot: QtBot, tmp_path: Path) -> None:
    from ranoat.demo import create_demo

    path = tmp_path / "xa.sqlite3"
    create_demo(path, households=60, seed=2)
    window = start(qtbot, load_all(), path)
    round_page = window.round_page
    assert round_page is not None
    window.show_page(PAGE_ROUND)
    round_page.table.selectRow(0)
    village_id = round_page.selected_village()
    assert village_id is not None
    pdf = tmp_path / "thon.pdf"
    count = round_page.sheets_pdf(village_id, pdf)
    assert count > 0
    assert pdf.read_bytes().startswith(b"%PDF")
    pdfinfo = shutil.which("pdfinfo")
    assert pdfinfo, "poppler-utils is needed to read the PDF back"
    info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=True).stdout
    assert f"Pages:           {count}" in info, "one A4 page per surveyed household"
    window.close()
