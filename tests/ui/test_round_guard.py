"""The round page never changes data behind the officer's back (issue #11 item 4), through the
real window: the village meeting dialog opens on the village chosen, with empty counts that must
be typed, and asks before a meeting below 50% sends forms back to draft; the decision asks first
and is refused while the posting period runs (unless a reason is recorded); the chairman's
correction opens the round again, after a backup, with an audit line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from test_register_flow import TODAY, TypeText, start

from ranoat.demo import create_demo
from ranoat.domain.survey import SurveyData, SurveyStatus
from ranoat.operations.register import RegisterFilter, register_ids
from ranoat.operations.surveys import save_survey
from ranoat.rules.rulebook import Rulebook, load_all
from ranoat.storage.database import list_backups
from ranoat.storage.models import AuditEntry, Household, ReviewRound, Survey, VillageMeeting
from ui.dialogs.round_actions import DecisionDialog, MeetingDialog, PostingDialog, ReopenDialog
from ui.dialogs.round_dialog import RoundDialog
from ui.main_window import PAGE_ROUND, MainWindow
from ui.widgets.round_page import RoundPage


@pytest.fixture(scope="module")
def rulebooks() -> dict[str, Rulebook]:
    return load_all()


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "xa.sqlite3"
    create_demo(path, households=400, seed=3)  # two villages
    return path


@dataclass
class Asked:
    """The questions the round page asked, and the answer it gets."""

    answer: bool = True
    questions: list[str] = field(default_factory=list)

    def __call__(self, title: str, question: str) -> bool:
        self.questions.append(question)
        return self.answer


@dataclass
class Setup:
    window: MainWindow
    page: RoundPage
    round_id: int
    asked: Asked
    by_village: dict[int, list[int]]  # village id → the households surveyed there (approved)


def set_up(qtbot: QtBot, rulebooks: dict[str, Rulebook], demo_path: Path, tmp_path: Path, surveyed: int = 3) -> Setup:
    """A new 2026 round of the demo commune with ``surveyed`` approved forms in each village."""
    path = tmp_path / "xa.sqlite3"
    path.write_bytes(demo_path.read_bytes())
    window = start(qtbot, rulebooks, path)
    window.new_round()
    dialog = window.dialog
    assert isinstance(dialog, RoundDialog)
    dialog.standard.setCurrentIndex(dialog.standard.findData("2022-2025"))
    dialog.create_round()
    assert dialog.result() == QDialog.DialogCode.Accepted
    register = window.register_page
    assert register is not None
    assert window.database is not None
    round_id = register.round_id()
    assert round_id is not None
    by_village: dict[int, list[int]] = {}
    with window.database.session() as session:
        for household_id in register_ids(session, RegisterFilter(round_id=round_id)):
            household = session.get(Household, household_id)
            assert household is not None
            chosen = by_village.setdefault(household.village_id, [])
            if len(chosen) < surveyed:
                data = SurveyData(b1=120, lacking=["employment"], status=SurveyStatus.APPROVED)
                save_survey(session, round_id=round_id, household_id=household_id, data=data, rulebooks=rulebooks)
                chosen.append(household_id)
    assert len(by_village) == 2
    window.show_page(PAGE_ROUND)
    page = window.round_page
    assert page is not None
    asked = Asked()
    page.confirm = asked  # type: ignore[method-assign]
    return Setup(window, page, round_id, asked, by_village)


def statuses(setup: Setup, village_id: int) -> list[str]:
    assert setup.window.database is not None
    with setup.window.database.session() as session:
        return list(
            session.scalars(
                select(Survey.status)
                .where(Survey.round_id == setup.round_id, Survey.household_id.in_(setup.by_village[village_id]))
                .order_by(Survey.household_id)
            )
        )


def meetings(setup: Setup) -> list[tuple[int, int, int]]:
    assert setup.window.database is not None
    with setup.window.database.session() as session:
        return [
            (m.village_id, m.attendees, m.agreed)
            for m in session.scalars(select(VillageMeeting).where(VillageMeeting.round_id == setup.round_id))
        ]


def village_row(page: RoundPage, village_id: int) -> int:
    for row in range(page.table.rowCount()):
        item = page.table.item(row, 0)
        assert item is not None
        if item.data(Qt.ItemDataRole.UserRole) == village_id:
            return row
    raise AssertionError(f"village {village_id} is not in the progress table")


def test_the_meeting_dialog_opens_on_the_selected_village_with_counts_to_type(
    qtbot: QtBot, type_text: TypeText, rulebooks: dict[str, Rulebook], demo_path: Path, tmp_path: Path
) -> None:
    setup = set_up(qtbot, rulebooks, demo_path, tmp_path)
    page = setup.page
    second = sorted(setup.by_village)[1]
    page.table.selectRow(village_row(page, second))
    page.meeting()
    dialog = page.dialog
    assert isinstance(dialog, MeetingDialog)
    assert dialog.village.currentData() == second, "the village chosen in the round page, not the first"
    assert (dialog.attendees.text(), dialog.agreed.text()) == ("", "")
    assert not dialog.ok_button.isEnabled()
    # Enter before anything is typed records nothing
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert not dialog.submit()
    assert dialog.isVisible()
    assert meetings(setup) == []
    type_text(dialog.attendees, "40")
    assert not dialog.ok_button.isEnabled(), "the agreeing count must be typed too"
    type_text(dialog.agreed, "41")
    assert not dialog.ok_button.isEnabled()
    assert "Số người đồng ý (41) không được lớn hơn số người dự họp (40)" in dialog.share.text()
    dialog.attendees.clear()
    type_text(dialog.attendees, "0")
    assert not dialog.ok_button.isEnabled()
    assert "từ 1 trở lên" in dialog.share.text()
    dialog.attendees.clear()
    type_text(dialog.attendees, "45")
    assert dialog.ok_button.isEnabled()
    assert "91,1%" in dialog.share.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert meetings(setup) == [(second, 45, 41)]
    assert setup.asked.questions == [], "a meeting that agrees changes no form: nothing to ask"
    # the village stays chosen after the page refreshes; with no village chosen the dialog picks none
    assert page.selected_village() == second
    page.table.clearSelection()
    page.meeting()
    dialog = page.dialog
    assert isinstance(dialog, MeetingDialog)
    assert dialog.village.currentIndex() == -1
    type_text(dialog.attendees, "10")
    type_text(dialog.agreed, "9")
    assert not dialog.ok_button.isEnabled()
    assert "Chọn thôn" in dialog.share.text()
    setup.window.close()


def test_a_meeting_below_half_asks_before_sending_forms_back_to_draft(
    qtbot: QtBot, type_text: TypeText, rulebooks: dict[str, Rulebook], demo_path: Path, tmp_path: Path
) -> None:
    setup = set_up(qtbot, rulebooks, demo_path, tmp_path)
    page = setup.page
    first, second = sorted(setup.by_village)
    page.table.selectRow(village_row(page, first))
    page.meeting()
    dialog = page.dialog
    assert isinstance(dialog, MeetingDialog)
    type_text(dialog.attendees, "40")
    type_text(dialog.agreed, "19")
    # answered No: nothing recorded, the forms stay approved, the dialog stays open
    setup.asked.answer = False
    assert not dialog.submit()
    (question,) = setup.asked.questions
    assert f"{dialog.village.currentText()}: 19/40 người đồng ý (47,5%), dưới 50%" in question
    assert "3 phiếu đã kiểm tra hoặc đã duyệt của thôn sẽ chuyển về «Nháp»" in question
    assert "Chưa ghi cuộc họp" in dialog.error.text()
    assert meetings(setup) == []
    assert statuses(setup, first) == ["approved"] * 3
    # answered Yes: recorded, and exactly the forms named go back to draft
    setup.asked.answer = True
    assert dialog.submit()
    assert meetings(setup) == [(first, 40, 19)]
    assert statuses(setup, first) == ["draft"] * 3
    assert statuses(setup, second) == ["approved"] * 3, "another village is untouched"
    assert "3 phiếu của thôn được mở lại" in page.notice.text()
    setup.window.close()


def test_the_decision_asks_first_is_refused_while_posting_runs_and_the_correction_reopens(
    qtbot: QtBot, type_text: TypeText, rulebooks: dict[str, Rulebook], demo_path: Path, tmp_path: Path
) -> None:
    setup = set_up(qtbot, rulebooks, demo_path, tmp_path, surveyed=1)
    page, window = setup.page, setup.window
    assert window.database is not None
    for village_id in sorted(setup.by_village):
        page.table.selectRow(village_row(page, village_id))
        page.meeting()
        meeting = page.dialog
        assert isinstance(meeting, MeetingDialog)
        type_text(meeting.attendees, "50")
        type_text(meeting.agreed, "40")
        assert meeting.submit()
    page.posting()  # 28/11 – 01/12/2026: the posting period runs today (28/11)
    posting = page.dialog
    assert isinstance(posting, PostingDialog)
    assert posting.submit()

    # refused while posting runs, before any question
    page.decision()
    decision = page.dialog
    assert isinstance(decision, DecisionDialog)
    type_text(decision.number, "125/QĐ-UBND")
    assert not decision.submit()
    assert "Đang trong thời gian niêm yết công khai (đến hết ngày 01/12/2026)" in decision.error.text()
    assert "cần ghi rõ lý do" in decision.error.text()
    assert setup.asked.questions == []
    # with a reason: asked (what it does, that the round becomes read-only); No leaves it open
    reason = "UBND huyện yêu cầu công nhận trước ngày 01/12 để cấp thẻ BHYT"
    type_text(decision.reason, reason)
    setup.asked.answer = False
    assert not decision.submit()
    (question,) = setup.asked.questions
    assert "Ghi Quyết định số 125/QĐ-UBND ngày 28/11/2026" in question
    assert "Kỳ rà soát sẽ được khoá" in question
    assert "chỉ còn xem, không sửa được nữa" in question
    assert f"«{reason}»" in question
    assert page.decision_button.isEnabled()
    assert not page.reopen_button.isEnabled()
    setup.asked.answer = True
    assert decision.submit()
    assert decision.result() == QDialog.DialogCode.Accepted
    assert "125/QĐ-UBND" in page.heading.text()
    assert not page.decision_button.isEnabled()
    with window.database.session() as session:
        (note,) = session.scalars(select(AuditEntry).where(AuditEntry.action == "decide")).all()
    assert note.new is not None
    assert note.new["reason"] == reason

    # the chairman's correction: reopened after a question and a backup
    household_id = setup.by_village[sorted(setup.by_village)[0]][0]
    assert window.open_survey(household_id, show=False)
    assert not window.survey_page.part_a.isEnabled(), "closed: read-only"
    assert page.reopen_button.isEnabled()
    page.reopen()
    reopen = page.dialog
    assert isinstance(reopen, ReopenDialog)
    assert "Quyết định số 125/QĐ-UBND ngày 28/11/2026" in reopen.decision.text()
    assert reopen.by.text() == "Nông Văn Cường", "the commune's chair, as set up"
    before = len(setup.asked.questions)
    assert not reopen.submit(), "a reason is required"
    assert "Cần ghi lý do mở lại" in reopen.error.text()
    assert len(setup.asked.questions) == before
    type_text(reopen.reason, "Quyết định số 130/QĐ-UBND đính chính kết quả hộ")
    setup.asked.answer = False
    assert not reopen.submit()
    assert "Mở lại kỳ" in setup.asked.questions[-1]
    assert "Một bản sao lưu được tạo trước" in setup.asked.questions[-1]
    assert not any("reopen" in b.name for b in list_backups(window.database.path))
    setup.asked.answer = True
    assert reopen.submit()
    backups = [b for b in list_backups(window.database.path) if "reopen" in b.name]
    assert len(backups) == 1
    assert backups[0].name in page.notice.text()
    with window.database.session() as session:
        round_ = session.get(ReviewRound, setup.round_id)
        assert round_ is not None
        assert (round_.status, round_.decision_number) == ("open", None)
        (entry,) = session.scalars(select(AuditEntry).where(AuditEntry.action == "reopen")).all()
    assert entry.old is not None
    assert entry.old["decision_number"] == "125/QĐ-UBND"
    assert page.decision_button.isEnabled()
    assert not page.reopen_button.isEnabled()
    assert "chưa có quyết định" in page.heading.text()
    assert window.survey_page.part_a.isEnabled(), "Phiếu B can be corrected again"
    # the posting corrected to the days it really ran, then the corrected decision needs no reason
    page.posting()
    posting = page.dialog
    assert isinstance(posting, PostingDialog)
    posting.posted_from.setDate(QDate(2026, 11, 23))
    posting.posted_to.setDate(QDate(2026, 11, 26))
    assert posting.submit()
    page.decision()
    decision = page.dialog
    assert isinstance(decision, DecisionDialog)
    assert decision.decided_on.date() == QDate(TODAY.year, TODAY.month, TODAY.day)
    type_text(decision.number, "131/QĐ-UBND")
    assert decision.submit(), decision.error.text()
    assert "131/QĐ-UBND" in page.heading.text()
    with window.database.session() as session:
        assert len(session.scalars(select(AuditEntry).where(AuditEntry.action == "decide")).all()) == 1
    window.close()


def test_the_decision_of_a_round_never_posted_is_refused_until_a_reason_is_typed(
    qtbot: QtBot, type_text: TypeText, rulebooks: dict[str, Rulebook], demo_path: Path, tmp_path: Path
) -> None:
    """Decision 24/2021 posts the lists before the chair recognises them: with the meetings held and
    no posting recorded, the dialog says so and asks for a reason; with one, it asks and decides."""
    setup = set_up(qtbot, rulebooks, demo_path, tmp_path, surveyed=1)
    page, window = setup.page, setup.window
    for village_id in sorted(setup.by_village):
        page.table.selectRow(village_row(page, village_id))
        page.meeting()
        meeting = page.dialog
        assert isinstance(meeting, MeetingDialog)
        type_text(meeting.attendees, "50")
        type_text(meeting.agreed, "40")
        assert meeting.submit()
    page.decision()
    decision = page.dialog
    assert isinstance(decision, DecisionDialog)
    type_text(decision.number, "125/QĐ-UBND")
    assert not decision.submit()
    assert "Chưa ghi thời gian niêm yết công khai danh sách" in decision.error.text()
    assert "cần ghi rõ lý do" in decision.error.text()
    assert setup.asked.questions == []  # refused before any question
    type_text(decision.reason, "Niêm yết bằng loa truyền thanh, chưa ghi ngày")
    assert decision.submit(), decision.error.text()
    assert "Chưa ghi thời gian niêm yết" in setup.asked.questions[-1]
    assert window.database is not None
    with window.database.session() as session:
        round_ = session.get(ReviewRound, setup.round_id)
        assert round_ is not None
        assert (round_.status, round_.decision_number) == ("closed", "125/QĐ-UBND")
