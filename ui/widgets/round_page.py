"""The round page ("Kỳ rà soát"): progress per village and the steps of Decision 24/2021 —
village meeting, posting, complaints, the decision and its correction — plus what-if under
another standard. What sends forms back to draft, closes the round or opens it again is asked
first (`confirm`)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import platformdirs
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ranoat.domain.errors import OperationError
from ranoat.domain.round import OtherMove, ReviewSource, RoundInfo, RoundStatus
from ranoat.domain.vietnamese import format_date, format_number
from ranoat.operations import actions
from ranoat.operations.actions import ROUND_STEP, round_step
from ranoat.operations.changes import Transaction
from ranoat.operations.commune import load_commune, villages
from ranoat.operations.comparison import compare_standards
from ranoat.operations.explanation import village_sheets
from ranoat.operations.households import load_household
from ranoat.operations.papers import is_decided, slug
from ranoat.operations.rounds import (
    MEETING_MAJORITY,
    DecisionError,
    add_complaint,
    check_decision,
    close_round,
    complaints_of,
    progress,
    record_meeting,
    record_recheck,
    reopen_with_backup,
    round_household,
    round_state,
    set_other_move,
    set_posting,
    surveys_to_reopen,
)
from ranoat.operations.standard_change import why_not_delete_round
from ranoat.operations.surveys import set_review_source
from ranoat.reports.comparison import Change
from ranoat.rules.rulebook import Rulebook
from ranoat.storage.database import Database
from ui.dialogs.comparison_dialog import ComparisonDialog
from ui.dialogs.round_actions import (
    ComplaintDialog,
    DecisionDialog,
    MeetingDialog,
    PostingDialog,
    RecheckDialog,
    ReopenDialog,
    ReviewListDialog,
)
from ui.i18n import QT_TRANSLATE_NOOP, localized, round_label
from ui.labels import category_label
from ui.printing.explanation import write_sheets_pdf
from ui.runner import Runner

PROGRESS_HEADERS = [  # translated where shown (self.tr in RoundPage)
    QT_TRANSLATE_NOOP("RoundPage", "Thôn"),
    QT_TRANSLATE_NOOP("RoundPage", "Cần rà soát"),
    QT_TRANSLATE_NOOP("RoundPage", "Đã nhập phiếu"),
    QT_TRANSLATE_NOOP("RoundPage", "Đã kiểm tra"),
    QT_TRANSLATE_NOOP("RoundPage", "Chưa nhập"),
    QT_TRANSLATE_NOOP("RoundPage", "Họp dân (% đồng ý)"),
]


class RoundPage(QWidget):
    def __init__(
        self,
        runner: Runner,
        rulebooks: dict[str, Rulebook],
        today: dt.date,
        current_household: Callable[[], int | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner  # every read and step goes through it (`ui.runner`)
        self._rulebooks = rulebooks
        self._today = today
        self._current_household = current_household
        self._round: RoundInfo | None = None
        self.dialog: QWidget | None = None

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.notice = QLabel()  # the outcome of the last step, e.g. surveys re-opened by a meeting
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #8a5a00;")
        self.table = QTableWidget(0, len(PROGRESS_HEADERS))
        self.table.setHorizontalHeaderLabels([self.tr(h) for h in PROGRESS_HEADERS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

        self.list_button = QPushButton(self.tr("Danh sách rà soát của hộ đang chọn…"))
        self.meeting_button = QPushButton(self.tr("&Họp dân…"))
        self.posting_button = QPushButton(self.tr("&Niêm yết…"))
        self.complaint_button = QPushButton(self.tr("&Khiếu nại của hộ đang chọn…"))
        self.recheck_button = QPushButton(self.tr("Phúc &tra…"))
        self.recheck_button.clicked.connect(self.recheck)
        self.decision_button = QPushButton(self.tr("Ra &quyết định…"))
        self.reopen_button = QPushButton(self.tr("Mở &lại kỳ (đính chính quyết định)…"))
        self.reopen_button.clicked.connect(self.reopen)
        self.sheets_button = QPushButton(self.tr("&Phiếu giải thích của thôn (PDF)…"))
        self.sheets_button.clicked.connect(self._ask_sheets_pdf)
        self.papers_button = QPushButton(self.tr("&Giấy tờ…"))  # issue #17
        self.papers_button.clicked.connect(self.papers)
        # a round opened under the wrong standard (the change of standard at the end of 2026, issue #13)
        self.standard_button = QPushButton(self.tr("Đổi &chuẩn nghèo của kỳ…"))
        self.standard_button.clicked.connect(self.change_round_standard)
        self.delete_round_button = QPushButton(self.tr("X&oá kỳ rà soát trống…"))
        self.delete_round_button.clicked.connect(self.delete_empty_round)
        self.step_buttons = (
            self.list_button,
            self.meeting_button,
            self.posting_button,
            self.complaint_button,
            self.recheck_button,
            self.decision_button,
        )
        steps = QGridLayout()
        for index, button in enumerate(
            (
                *self.step_buttons,
                self.sheets_button,
                self.reopen_button,
                self.papers_button,
                self.standard_button,
                self.delete_round_button,
            )
        ):
            steps.addWidget(button, index // 4, index % 4)
        self.list_button.clicked.connect(self.edit_review_list)
        self.meeting_button.clicked.connect(self.meeting)
        self.posting_button.clicked.connect(self.posting)
        self.complaint_button.clicked.connect(self.complaint)
        self.decision_button.clicked.connect(self.decision)

        self.what_if_standard = QComboBox()
        self._fill_standards()
        self.what_if_path = QComboBox()
        self.what_if_path.addItem(self.tr("theo điểm B1"), "b1")
        self.what_if_path.addItem(self.tr("theo thu nhập đã ghi"), "income")
        self.what_if_button = QPushButton(self.tr("&So sánh"))
        self.what_if_result = QLabel()
        self.what_if_result.setWordWrap(True)
        compare = QHBoxLayout()
        compare.addWidget(QLabel(self.tr("Phân loại lại theo chuẩn khác (không thay đổi kết quả đã lưu):")))
        compare.addWidget(self.what_if_standard, 1)
        compare.addWidget(self.what_if_path)
        compare.addWidget(self.what_if_button)
        self.what_if_button.clicked.connect(self.compare)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.notice)
        layout.addWidget(self.table, 1)
        layout.addLayout(steps)
        layout.addLayout(compare)
        layout.addWidget(self.what_if_result)

    # -- showing -----------------------------------------------------------------------------
    def _fill_standards(self) -> None:
        """The standards to compare with, again when one was loaded since (Chuẩn nghèo → Nạp chuẩn
        nghèo của tỉnh… adds to the same dict)."""
        if self.what_if_standard.count() == len(self._rulebooks):
            return
        chosen = self.what_if_standard.currentData()
        self.what_if_standard.clear()
        for book in self._rulebooks.values():
            self.what_if_standard.addItem(localized(book.model.title), book.id)
        if chosen is not None:
            self.what_if_standard.setCurrentIndex(max(0, self.what_if_standard.findData(chosen)))

    def show_round(self, round_info: RoundInfo | None) -> None:
        self._round = round_info
        self._fill_standards()
        self._enable(round_info is not None and round_info.status is not RoundStatus.CLOSED)
        self.reopen_button.setEnabled(False)
        chosen = self.selected_village()
        if round_info is None:
            self.heading.setText(self.tr("Chưa có kỳ rà soát. Xã → Mở kỳ rà soát mới…"))
            self.table.setRowCount(0)
            return
        rows, record = self._runner.read(lambda s: (progress(s, round_info.id), round_state(s, round_info.id)))
        posting = (
            self.tr("niêm yết {a} – {b}").format(a=format_date(record.posting_from), b=format_date(record.posting_to))
            if record.posting_from and record.posting_to
            else self.tr("chưa niêm yết")
        )
        closed = record.status is RoundStatus.CLOSED
        self._enable(not closed)  # the decision may have just closed it, a correction opened it
        self.reopen_button.setEnabled(closed)
        decision = (
            self.tr("Quyết định số {n} ngày {d} — đã khoá").format(
                n=record.decision_number, d=format_date(record.decision_date)
            )
            if record.decision_number and record.decision_date
            else self.tr("chưa có quyết định")
        )
        self.heading.setText(f"<b>{round_label(round_info)}</b> · {posting} · {decision}")
        self.table.setRowCount(len(rows))
        for row, village in enumerate(rows):
            meeting = "" if village.meeting_percent is None else f"{village.meeting_percent:.1f}%".replace(".", ",")
            numbers = [village.to_review, village.surveyed, village.checked, village.not_yet]
            cells = [village.village, *(format_number(n) for n in numbers), meeting]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, village.village_id)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.table.setCurrentCell(-1, -1)
        self.table.clearSelection()
        for row, village in enumerate(rows):  # the village chosen stays chosen
            if village.village_id == chosen:
                self.table.selectRow(row)

    def _enable(self, open_round: bool) -> None:
        for button in self.step_buttons:
            button.setEnabled(open_round)

    @property
    def _database(self) -> Database:
        assert self._runner.database is not None
        return self._runner.database

    def _act(self, action: Callable[[Transaction], object]) -> str | None:
        """A step of the round, in one transaction through the runner (which refreshes the register
        and Phiếu B); this page shows the round again."""
        try:
            self._runner.run(round_step(action))
        except OperationError as exc:
            return str(exc)
        self.show_round(self._round)
        return None

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.open()

    def ask_item(self, title: str, prompt: str, items: list[str]) -> str | None:
        """One of ``items``, chosen from the keyboard (tests replace this); None when cancelled."""
        item, ok = QInputDialog.getItem(self, title, prompt, items, 0, False)
        return item if ok else None

    def ask_text(self, title: str, prompt: str) -> str | None:
        """A line of text (tests replace this); None when cancelled."""
        text, ok = QInputDialog.getText(self, title, prompt)
        return text if ok else None

    def change_round_standard(self) -> None:
        """Đổi chuẩn nghèo của kỳ: while no Phiếu B of the round is checked, every result is computed
        again under the standard chosen (operations.standard_change), with the reason in the audit log."""
        if self._round is None:
            return
        round_info = self._round
        commune = self._runner.read(load_commune)
        province = commune.province_code if commune is not None else None
        choices = {
            f"{book.id} — {localized(book.model.title)}": book.id
            for book in self._rulebooks.values()
            if book.id != round_info.standard_id and book.applies_to(province)
        }
        title = self.tr("Đổi chuẩn nghèo của kỳ rà soát")
        chosen = self.ask_item(
            title,
            self.tr(
                "Kỳ «{round}» đang theo chuẩn {id}. Chỉ đổi được khi chưa có Phiếu B nào đã kiểm tra; mọi "
                "Phiếu B của kỳ được phân loại lại theo chuẩn mới. Chuẩn mới:"
            ).format(round=round_label(round_info), id=round_info.standard_id),
            list(choices),
        )
        if chosen is None:
            return
        reason = self.ask_text(title, self.tr("Lý do đổi chuẩn (ghi vào nhật ký thay đổi):"))
        if reason is None:
            return
        standard = choices[chosen]
        try:
            count = self._runner.run(actions.change_round_standard(round_info.id, standard, self._rulebooks, reason))
        except OperationError as exc:
            self.notice.setText(str(exc))
            return
        self._round = replace(round_info, standard_id=standard)
        self.show_round(self._round)
        self.notice.setText(
            self.tr("Đã đổi chuẩn nghèo của kỳ sang {id}: {n} Phiếu B được phân loại lại.").format(
                id=standard, n=format_number(count)
            )
        )

    def delete_empty_round(self) -> None:
        """Xoá kỳ rà soát trống: a round with no Phiếu B, meeting or complaint, after a backup."""
        if self._round is None:
            return
        round_info = self._round
        reason = self._runner.read(lambda s: why_not_delete_round(s, round_info.id))
        if reason is not None:
            self.notice.setText(reason)
            return
        question = self.tr(
            "Xoá kỳ «{round}»? Kỳ chưa có Phiếu B, cuộc họp hay khiếu nại nào; danh sách rà soát đầu kỳ của "
            "kỳ này cũng bị xoá. Một bản sao lưu được tạo trước khi xoá."
        ).format(round=round_label(round_info))
        if not self.confirm(self.tr("Xoá kỳ rà soát"), question):
            return
        try:
            self._runner.run(actions.remove_round(round_info.id))
        except OperationError as exc:
            self.notice.setText(str(exc))
            return
        self._round = None
        self.show_round(None)
        self.notice.setText(self.tr("Đã xoá kỳ «{round}».").format(round=round_label(round_info)))

    def question_box(self, title: str, question: str) -> QMessageBox:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            title,
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box

    def confirm(self, title: str, question: str) -> bool:
        """Ask before a step that changes what the officer did or locks it (tests replace this)."""
        return self.question_box(title, question).exec() == QMessageBox.StandardButton.Yes

    # -- steps -------------------------------------------------------------------------------
    def meeting(self) -> None:
        if self._round is None:
            return
        round_id = self._round.id
        village_list = self._runner.read(_village_names)
        outcome: list[str] = []

        def apply(values: dict[str, Any]) -> str | None:
            attendees, agreed = int(values["attendees"]), int(values["agreed"])
            if agreed / attendees < MEETING_MAJORITY:
                count = self._runner.read(lambda s: surveys_to_reopen(s, round_id, int(values["village_id"])))
                question = self.tr(
                    "{village}: {agreed}/{attendees} người đồng ý ({p}%), dưới 50%.\n\n"
                    "{n} phiếu đã kiểm tra hoặc đã duyệt của thôn sẽ chuyển về «Nháp» để rà soát lại, "
                    "rồi họp dân lại.\n\nGhi kết quả cuộc họp này?"
                ).format(
                    village=values["village"],
                    agreed=agreed,
                    attendees=attendees,
                    p=f"{100 * agreed / attendees:.1f}".replace(".", ","),
                    n=count,
                )
                if not self.confirm(self.tr("Họp dân chưa đạt"), question):
                    return self.tr("Chưa ghi cuộc họp: kiểm tra lại số người dự họp và số người đồng ý.")

            def run(session: Transaction) -> None:
                result, reopened = record_meeting(
                    session,
                    round_id,
                    int(values["village_id"]),
                    held_on=values["held_on"],
                    attendees=attendees,
                    agreed=agreed,
                    note=str(values["note"]),
                )
                if not result.passed:
                    outcome.append(self.tr("Dưới 50% đồng ý: {n} phiếu của thôn được mở lại.").format(n=reopened))

            return self._act(run)

        dialog = MeetingDialog(village_list, self._today, apply, self, village_id=self.selected_village())
        dialog.accepted.connect(lambda: self.notice.setText(outcome[0] if outcome else ""))
        self._open(dialog)

    def posting(self) -> None:
        if self._round is None:
            return
        round_id = self._round.id
        self._open(
            PostingDialog(
                self._today,
                lambda v: self._act(lambda s: set_posting(s, round_id, v["posted_from"], v["posted_to"])),
                self,
            )
        )

    def _household_label(self, household_id: int) -> str:
        household = self._runner.read(lambda s: load_household(s, household_id))
        head = household.head()
        return f"{household.code} ({head.full_name if head else '?'})"

    def complaint(self) -> None:
        household_id = self._current_household()
        if self._round is None or household_id is None:
            return
        round_id = self._round.id
        self._open(
            ComplaintDialog(
                self._household_label(household_id),
                self._today,
                lambda v: self._act(
                    lambda s: add_complaint(s, round_id, household_id, v["received_on"], str(v["content"]))
                ),
                self,
            )
        )

    def recheck(self) -> None:
        household_id = self._current_household()
        if self._round is None or household_id is None:
            return
        round_id = self._round.id
        complaints = [
            (c.id, f"{format_date(c.received_on)}: {c.content[:60]}")
            for c in self._runner.read(lambda s: complaints_of(s, round_id, household_id))
        ]
        if not complaints:
            self.notice.setText(self.tr("Hộ đang chọn chưa có khiếu nại nào trong kỳ này."))
            return
        self._open(
            RecheckDialog(
                self._household_label(household_id),
                complaints,
                self._today,
                lambda v: self._act(
                    lambda s: record_recheck(s, int(v["complaint_id"]), v["rechecked_on"], str(v["outcome"]))
                ),
                self,
            )
        )

    def edit_review_list(self) -> None:
        household_id = self._current_household()
        if self._round is None or household_id is None:
            return
        round_id = self._round.id
        source, move, move_reason = self._runner.read(
            lambda s: (lambda row: (ReviewSource(row.source), row.other_move, row.other_reason))(
                round_household(s, round_id, household_id)
            )
        )

        def apply(values: dict[str, Any]) -> str | None:
            def run(session: Transaction) -> None:
                chosen = values["source"]
                assert isinstance(chosen, ReviewSource)
                set_review_source(
                    session,
                    round_id,
                    household_id,
                    chosen,
                    self._rulebooks,
                    applied_on=values["applied_on"]
                    if chosen in (ReviewSource.APPLIED_01, ReviewSource.APPLIED_04)
                    else None,
                    reason=str(values["reason"]),
                )
                new_move = values["move"]
                set_other_move(session, round_id, household_id, new_move, str(values["move_reason"]))

            return self._act(run)

        self._open(
            ReviewListDialog(
                self._household_label(household_id),
                source,
                OtherMove(move) if move else None,
                move_reason,
                self._today,
                apply,
                self,
            )
        )

    def decision(self) -> None:
        if self._round is None:
            return
        round_info = self._round

        def apply(values: dict[str, Any]) -> str | None:
            number, decided_on = str(values["number"]), values["decided_on"]
            reason = str(values["reason"]).strip()
            try:
                check = self._runner.read(
                    lambda s: check_decision(s, round_info.id, number=number, decided_on=decided_on, today=self._today)
                )
            except OperationError as exc:
                return str(exc)
            if check.problems or (check.waivable and not reason):
                return str(DecisionError(check.problems, check.waivable))
            question = self.tr(
                "Ghi Quyết định số {number} ngày {date} công nhận danh sách hộ nghèo, hộ cận nghèo của "
                "kỳ «{round}»?\n\nKỳ rà soát sẽ được khoá: mọi Phiếu B, kết quả và danh sách chỉ còn xem, "
                "không sửa được nữa. Chỉ mở lại được khi Chủ tịch UBND xã đính chính quyết định "
                "(nút «Mở lại kỳ»)."
            ).format(number=number.strip(), date=format_date(decided_on), round=round_label(round_info))
            if check.waivable:
                question += "\n\n" + self.tr(
                    "Ghi trước khi hết niêm yết hoặc giải quyết xong khiếu nại: {problems} Lý do (lưu vào nhật ký "
                    "thay đổi): «{reason}»."
                ).format(problems=" ".join(check.waivable), reason=reason)
            if not self.confirm(self.tr("Ghi quyết định và khoá kỳ rà soát"), question):
                return self.tr("Chưa ghi quyết định.")
            return self._act(
                lambda s: close_round(
                    s, round_info.id, number=number, decided_on=decided_on, today=self._today, reason=reason
                )
            )

        self._open(DecisionDialog(self._today, apply, self))

    def reopen(self) -> None:
        """The chairman corrects the decision: the round opens again, after a backup."""
        if self._round is None:
            return
        round_info = self._round
        record, commune = self._runner.read(lambda s: (round_state(s, round_info.id), load_commune(s)))
        number, day = record.decision_number, record.decision_date
        chair = next((o.name for o in commune.officers if o.role == "chair"), "") if commune else ""
        decision = self.tr("Quyết định số {n} ngày {d}").format(n=number or "?", d=format_date(day) if day else "?")

        def apply(values: dict[str, Any]) -> str | None:
            reason, by = str(values["reason"]).strip(), str(values["by"]).strip()
            if not reason or not by:
                return self.tr("Cần ghi lý do mở lại (theo văn bản đính chính) và người quyết định.")
            question = self.tr(
                "Mở lại kỳ «{round}»?\n\n{decision} được gỡ khỏi kỳ rà soát (vẫn lưu trong nhật ký thay đổi, cùng "
                "lý do và người quyết định); các phiếu và kết quả sửa được trở lại cho tới khi ghi quyết định "
                "đính chính. Một bản sao lưu được tạo trước khi mở lại."
            ).format(round=round_label(round_info), decision=decision)
            if not self.confirm(self.tr("Mở lại kỳ rà soát"), question):
                return self.tr("Chưa mở lại kỳ rà soát.")
            try:
                backup = reopen_with_backup(self._database, round_info.id, reason, by)
            except OperationError as exc:
                return str(exc)
            self.notice.setText(
                self.tr("Đã mở lại kỳ rà soát; bản sao lưu trước khi mở lại: {name}.").format(name=backup.name)
            )
            self._round = replace(round_info, status=RoundStatus.OPEN)
            self.show_round(self._round)
            self._runner.note(ROUND_STEP)  # reopened in its own transaction, after its backup
            return None

        self._open(ReopenDialog(decision, chair, apply, self))

    # -- explanation sheets ----------------------------------------------------------------------
    def _selected_item(self) -> QTableWidgetItem | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() is not None else []
        return self.table.item(rows[0].row(), 0) if rows else None

    def selected_village(self) -> int | None:
        """The village of the row chosen in the progress table, or None when none is chosen."""
        item = self._selected_item()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def sheets_pdf(self, village_id: int, path: Path) -> int:
        """Write the explanation sheets of a village (one A4 page per surveyed household); how many."""
        if self._round is None:
            return 0
        round_id = self._round.id
        sheets = self._runner.read(lambda s: village_sheets(s, round_id, village_id, self._rulebooks))
        if not sheets:
            return 0
        write_sheets_pdf(sheets, path, printed_on=self._today)
        return len(sheets)

    def _ask_sheets_pdf(self) -> None:
        village_id = self.selected_village()
        if village_id is None:
            self.notice.setText(self.tr("Chọn một thôn trong bảng trước."))
            return
        item = self._selected_item()
        village = item.text() if item is not None else ""  # the row shows the village's name: no read
        suggested = Path(platformdirs.user_documents_dir()) / sheets_file_name(village)
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Phiếu giải thích của thôn"), str(suggested), self.tr("PDF (*.pdf)")
        )
        if name:
            try:
                count = self.sheets_pdf(village_id, Path(name))
            except OperationError as exc:
                self.notice.setText(str(exc))
                return
            self.notice.setText(self.tr("Đã ghi {n} phiếu giải thích vào {name}.").format(n=count, name=name))

    def papers(self) -> None:
        """Giấy tờ: the papers of the round (ui/dialogs/papers_dialog.py)."""
        if self._round is None:
            return
        from ui.dialogs.papers_dialog import PapersDialog

        round_id = self._round.id
        decided, names = self._runner.read(lambda s: (is_decided(s, round_id), _village_names(s)))
        folder = self._database.path.parent / "giay-to"
        self._open(
            PapersDialog(
                self._database, self._round.id, self._rulebooks, names, self._current_household(), decided, folder, self
            )
        )

    # -- what-if -----------------------------------------------------------------------------
    def compare(self) -> None:
        """The round's results beside another standard's, household by household (nothing stored
        changes): a line of counts here, the table with its filter and sheet in a dialog."""
        if self._round is None:
            return
        book = self._rulebooks[str(self.what_if_standard.currentData())]
        by_income = self.what_if_path.currentData() == "income"
        round_id = self._round.id
        comparison = self._runner.read(lambda s: compare_standards(s, round_id, book, by_income=by_income))
        if not comparison.rows:
            self.what_if_result.setText(self.tr("Kỳ này chưa có phiếu nào."))
            return
        stored = Counter(r.stored for r in comparison.rows)
        other = Counter(r.other for r in comparison.rows if r.other)
        counts = comparison.counts()
        parts = [
            self.tr("{label}: {a} → {b}").format(
                label=category_label(code), a=format_number(stored.get(code, 0)), b=format_number(other.get(code, 0))
            )
            for code in ("poor", "near_poor")
        ]
        text = self.tr("Theo {id}: {parts}; {n} hộ đổi kết quả.").format(
            id=book.id, parts="; ".join(parts), n=format_number(counts[Change.CHANGED])
        )
        if counts[Change.UNCLASSIFIED]:
            text += " " + self.tr("{n} phiếu không phân loại được theo chuẩn này (xem cột Ghi chú).").format(
                n=format_number(counts[Change.UNCLASSIFIED])
            )
        self.what_if_result.setText(text)
        self._open(ComparisonDialog(comparison, self))


def _village_names(session: Transaction) -> list[tuple[int, str]]:
    """(id, name) of the commune's villages, in their order: the choices of the step dialogs."""
    return [(v.id, v.name) for v in villages(session) if v.id is not None]


def sheets_file_name(village: str) -> str:
    """The explanation sheets' file, named after the village ("phieu-giai-thich-thon-na-pan.pdf"),
    saved in the officer's Documents folder unless they choose another place."""
    return f"phieu-giai-thich-{slug(village) if village.strip() else 'thon'}.pdf"
