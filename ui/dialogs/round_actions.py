"""Small dialogs for the steps of a round: village meeting, posting, complaint, decision, the list.

Each takes a callback that performs the operation and returns an error message or None; the
dialog stays open and shows the message when the operation refuses (or the officer, asked, says no).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ranoat.domain.round import OtherMove, ReviewSource
from ui.labels import MOVE_LABELS, SOURCE_LABELS

Apply = Callable[[dict[str, Any]], str | None]


def to_date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def date_edit(day: dt.date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setCalendarPopup(True)
    return edit


class ActionDialog(QDialog):
    """A form, an error line and OK/Cancel; OK calls ``apply(values())``."""

    def __init__(self, title: str, apply: Apply, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._apply = apply
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setStyleSheet("color: #b71c1c;")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert ok is not None
        self.ok_button: QPushButton = ok
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def values(self) -> dict[str, Any]:
        raise NotImplementedError

    def submit(self) -> bool:
        problem = self._apply(self.values())
        if problem:
            self.error.setText(problem)
            return False
        self.accept()
        return True


MAX_PEOPLE = 100000


def count_of(edit: QLineEdit) -> int | None:
    """The whole number typed in a count field, or None while it is empty."""
    text = edit.text().strip()
    return int(text) if text.isdigit() else None


class MeetingDialog(ActionDialog):
    """The village meeting: on the village chosen in the round page, with counts that start empty
    and must be typed (OK stays disabled until they are: present ≥ 1, agreeing ≤ present)."""

    def __init__(
        self,
        villages: list[tuple[int, str]],
        today: dt.date,
        apply: Apply,
        parent: QWidget | None = None,
        *,
        village_id: int | None = None,
    ):
        super().__init__(self.tr("Họp dân thống nhất kết quả rà soát"), apply, parent)
        self.village = QComboBox()
        for id_, name in villages:
            self.village.addItem(name, id_)
        self.village.setCurrentIndex(self.village.findData(village_id) if village_id is not None else -1)
        self.village.setPlaceholderText(self.tr("— chọn thôn —"))
        self.held_on = date_edit(today)
        self.attendees = QLineEdit()
        self.attendees.setValidator(QIntValidator(0, MAX_PEOPLE, self.attendees))
        self.attendees.setPlaceholderText(self.tr("theo biên bản họp"))
        self.agreed = QLineEdit()
        self.agreed.setValidator(QIntValidator(0, MAX_PEOPLE, self.agreed))
        self.agreed.setPlaceholderText(self.tr("theo biên bản họp"))
        self.note = QLineEdit()
        self.share = QLabel()
        self.share.setWordWrap(True)
        self.form.addRow(self.tr("&Thôn:"), self.village)
        self.form.addRow(self.tr("&Ngày họp:"), self.held_on)
        self.form.addRow(self.tr("Số người &dự họp:"), self.attendees)
        self.form.addRow(self.tr("Số người đồng &ý:"), self.agreed)
        self.form.addRow(self.tr("Ghi chú:"), self.note)
        self.form.addRow("", self.share)
        self.attendees.textChanged.connect(self._share)
        self.agreed.textChanged.connect(self._share)
        self.village.currentIndexChanged.connect(self._share)
        self.setMinimumWidth(520)
        self._share()
        (self.attendees if self.village.currentIndex() >= 0 else self.village).setFocus()

    def problem(self) -> str | None:
        """What is missing or impossible in the form, or None when it can be recorded."""
        attendees, agreed = count_of(self.attendees), count_of(self.agreed)
        if self.village.currentIndex() < 0:
            return self.tr("Chọn thôn đã họp.")
        if attendees is None or agreed is None:
            return self.tr("Nhập số người dự họp và số người đồng ý theo biên bản.")
        if attendees < 1:
            return self.tr("Số người dự họp phải từ 1 trở lên.")
        if agreed > attendees:
            return self.tr("Số người đồng ý ({agreed}) không được lớn hơn số người dự họp ({attendees}).").format(
                agreed=agreed, attendees=attendees
            )
        return None

    def percent(self) -> float:
        return 100 * (count_of(self.agreed) or 0) / max(count_of(self.attendees) or 0, 1)

    def _share(self) -> None:
        problem = self.problem()
        self.ok_button.setEnabled(problem is None)
        if problem is not None:
            self.share.setText(problem)
            return
        percent = self.percent()
        verdict = (
            self.tr("đạt (từ 50% trở lên)")
            if percent >= 50
            else self.tr("chưa đạt: các phiếu của thôn sẽ được mở lại để rà soát và họp lại")
        )
        self.share.setText(self.tr("Tỷ lệ đồng ý: {p}% — {v}").format(p=f"{percent:.1f}".replace(".", ","), v=verdict))

    def submit(self) -> bool:
        if self.problem() is not None:  # Enter, or a caller, before the counts are typed
            return False
        return super().submit()

    def values(self) -> dict[str, Any]:
        return {
            "village_id": self.village.currentData(),
            "village": self.village.currentText(),
            "held_on": to_date(self.held_on.date()),
            "attendees": count_of(self.attendees),
            "agreed": count_of(self.agreed),
            "note": self.note.text(),
        }


class PostingDialog(ActionDialog):
    def __init__(self, today: dt.date, apply: Apply, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Niêm yết công khai danh sách"), apply, parent)
        self.posted_from = date_edit(today)
        self.posted_to = date_edit(today + dt.timedelta(days=3))
        self.form.addRow(self.tr("Niêm yết &từ ngày:"), self.posted_from)
        self.form.addRow(self.tr("&đến ngày:"), self.posted_to)

    def values(self) -> dict[str, Any]:
        return {"posted_from": to_date(self.posted_from.date()), "posted_to": to_date(self.posted_to.date())}


class ComplaintDialog(ActionDialog):
    def __init__(self, household: str, today: dt.date, apply: Apply, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Khiếu nại của hộ {household}").format(household=household), apply, parent)
        self.received_on = date_edit(today)
        self.content = QPlainTextEdit()
        self.content.setTabChangesFocus(True)
        self.form.addRow(self.tr("Ngày &nhận:"), self.received_on)
        self.form.addRow(self.tr("&Nội dung:"), self.content)

    def values(self) -> dict[str, Any]:
        return {"received_on": to_date(self.received_on.date()), "content": self.content.toPlainText()}


class RecheckDialog(ActionDialog):
    """Phúc tra: the outcome of re-checking one of the household's complaints."""

    def __init__(
        self,
        household: str,
        complaints: list[tuple[int, str]],
        today: dt.date,
        apply: Apply,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("Phúc tra khiếu nại của hộ {household}").format(household=household), apply, parent)
        self.complaint = QComboBox()
        for complaint_id, label in complaints:
            self.complaint.addItem(label, complaint_id)
        self.rechecked_on = date_edit(today)
        self.outcome = QPlainTextEdit()
        self.outcome.setTabChangesFocus(True)
        self.form.addRow(self.tr("&Khiếu nại:"), self.complaint)
        self.form.addRow(self.tr("Ngày &phúc tra:"), self.rechecked_on)
        self.form.addRow(self.tr("&Kết quả phúc tra:"), self.outcome)

    def values(self) -> dict[str, Any]:
        return {
            "complaint_id": self.complaint.currentData(),
            "rechecked_on": to_date(self.rechecked_on.date()),
            "outcome": self.outcome.toPlainText(),
        }


class DecisionDialog(ActionDialog):
    """The chair's decision. The round page asks before it is recorded; the reason is needed only
    to record it while the posting period runs or a complaint has no outcome."""

    def __init__(self, today: dt.date, apply: Apply, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Quyết định công nhận danh sách (Mẫu 02)"), apply, parent)
        self.number = QLineEdit()
        self.number.setPlaceholderText(self.tr("ví dụ: 125/QĐ-UBND"))
        self.decided_on = date_edit(today)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(60)
        self.reason.setPlaceholderText(
            self.tr("chỉ khi phải ghi quyết định khi chưa niêm yết, chưa hết niêm yết hoặc còn khiếu nại chưa phúc tra")
        )
        warning = QLabel(
            self.tr(
                "Sau khi ghi quyết định, kỳ rà soát được khoá: kết quả không sửa được nữa; thay đổi về sau "
                "làm trong một kỳ rà soát thường xuyên mới, hoặc mở lại kỳ khi Chủ tịch UBND xã đính chính "
                "quyết định."
            )
        )
        warning.setWordWrap(True)
        self.form.addRow(self.tr("Số &quyết định:"), self.number)
        self.form.addRow(self.tr("&Ngày quyết định:"), self.decided_on)
        self.form.addRow(self.tr("&Lý do ghi trước hạn:"), self.reason)
        self.form.addRow(warning)
        self.setMinimumWidth(560)

    def values(self) -> dict[str, Any]:
        return {
            "number": self.number.text(),
            "decided_on": to_date(self.decided_on.date()),
            "reason": self.reason.toPlainText(),
        }


class ReopenDialog(ActionDialog):
    """The chairman's correction of the decision opens the round again: why, and who ordered it."""

    def __init__(self, decision: str, chair: str, apply: Apply, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Mở lại kỳ rà soát (đính chính quyết định)"), apply, parent)
        self.decision = QLabel(decision)
        self.decision.setWordWrap(True)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(70)
        self.reason.setPlaceholderText(self.tr("ví dụ: Quyết định số 130/QĐ-UBND đính chính kết quả hộ …"))
        self.by = QLineEdit(chair)
        self.form.addRow(self.tr("Quyết định đang có:"), self.decision)
        self.form.addRow(self.tr("&Lý do mở lại:"), self.reason)
        self.form.addRow(self.tr("&Người quyết định:"), self.by)
        self.setMinimumWidth(560)
        self.reason.setFocus()

    def values(self) -> dict[str, Any]:
        return {"reason": self.reason.toPlainText(), "by": self.by.text()}


class ReviewListDialog(ActionDialog):
    """Why a household is reviewed this round (applications with date and reason), and "other"
    movements (died, moved, split, merged) with their reason."""

    def __init__(
        self,
        household: str,
        source: ReviewSource,
        move: OtherMove | None,
        move_reason: str,
        today: dt.date,
        apply: Apply,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("Danh sách rà soát — hộ {household}").format(household=household), apply, parent)
        self.source = QComboBox()
        for value, label in SOURCE_LABELS.items():
            self.source.addItem(self.tr(label), value.value)
        self.source.setCurrentIndex(max(self.source.findData(source.value), 0))
        self.applied_on = date_edit(today)
        self.reason = QLineEdit()
        self.other_move = QComboBox()
        for move_value, label in MOVE_LABELS.items():
            self.other_move.addItem(self.tr(label), move_value.value if move_value else None)
        self.other_move.setCurrentIndex(max(self.other_move.findData(move.value if move else None), 0))
        self.move_reason = QLineEdit(move_reason)
        self.form.addRow(self.tr("&Lý do rà soát:"), self.source)
        self.form.addRow(self.tr("Ngày nộp đơn:"), self.applied_on)
        self.form.addRow(self.tr("Lý do đề nghị:"), self.reason)
        self.form.addRow(self.tr("&Biến động khác:"), self.other_move)
        self.form.addRow(self.tr("Lý do biến động:"), self.move_reason)

    def values(self) -> dict[str, Any]:
        move = self.other_move.currentData()
        return {
            "source": ReviewSource(str(self.source.currentData())),
            "applied_on": to_date(self.applied_on.date()),
            "reason": self.reason.text(),
            "move": OtherMove(str(move)) if move else None,
            "move_reason": self.move_reason.text(),
        }
