"""Small dialogs for the steps of a round: village meeting, posting, complaint, decision, the list.

Each takes a callback that performs the operation and returns an error message or None; the
dialog stays open and shows the message when the operation refuses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ranoat.domain.household import OtherMove, ReviewSource
from ui.i18n import QT_TRANSLATE_NOOP

Apply = Callable[[dict[str, Any]], str | None]

SOURCE_LABELS = {  # translated where shown (self.tr in ReviewListDialog)
    ReviewSource.CARRIED: QT_TRANSLATE_NOOP("ReviewListDialog", "Trong danh sách đầu kỳ"),
    ReviewSource.APPLIED_01: QT_TRANSLATE_NOOP("ReviewListDialog", "Có đơn đề nghị rà soát (Mẫu 01)"),
    ReviewSource.APPLIED_04: QT_TRANSLATE_NOOP(
        "ReviewListDialog", "Có đơn đề nghị công nhận thoát nghèo, thoát cận nghèo (Mẫu 04)"
    ),
    ReviewSource.ADDED: QT_TRANSLATE_NOOP("ReviewListDialog", "Cán bộ bổ sung vào danh sách"),
    ReviewSource.NOT_LISTED: QT_TRANSLATE_NOOP("ReviewListDialog", "Không thuộc diện rà soát kỳ này"),
}
MOVE_LABELS = {
    None: QT_TRANSLATE_NOOP("ReviewListDialog", "Không có"),
    OtherMove.DIED: QT_TRANSLATE_NOOP("ReviewListDialog", "Hộ một người đã chết"),
    OtherMove.MOVED_AWAY: QT_TRANSLATE_NOOP("ReviewListDialog", "Chuyển đi nơi khác"),
    OtherMove.MERGED: QT_TRANSLATE_NOOP("ReviewListDialog", "Nhập vào hộ khác"),
    OtherMove.MOVED_IN: QT_TRANSLATE_NOOP("ReviewListDialog", "Chuyển đến"),
    OtherMove.SPLIT: QT_TRANSLATE_NOOP("ReviewListDialog", "Tách hộ"),
}


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


class MeetingDialog(ActionDialog):
    def __init__(self, villages: list[tuple[int, str]], today: dt.date, apply: Apply, parent: QWidget | None = None):
        super().__init__(self.tr("Họp dân thống nhất kết quả rà soát"), apply, parent)
        self.village = QComboBox()
        for village_id, name in villages:
            self.village.addItem(name, village_id)
        self.held_on = date_edit(today)
        self.attendees = QSpinBox()
        self.attendees.setRange(1, 100000)
        self.agreed = QSpinBox()
        self.agreed.setRange(0, 100000)
        self.note = QLineEdit()
        self.share = QLabel()
        self.form.addRow(self.tr("&Thôn:"), self.village)
        self.form.addRow(self.tr("&Ngày họp:"), self.held_on)
        self.form.addRow(self.tr("Số người &dự họp:"), self.attendees)
        self.form.addRow(self.tr("Số người đồng &ý:"), self.agreed)
        self.form.addRow(self.tr("Ghi chú:"), self.note)
        self.form.addRow("", self.share)
        self.attendees.valueChanged.connect(self._share)
        self.agreed.valueChanged.connect(self._share)
        self._share()

    def _share(self) -> None:
        percent = 100 * self.agreed.value() / max(self.attendees.value(), 1)
        verdict = (
            self.tr("đạt (từ 50% trở lên)")
            if percent >= 50
            else self.tr("chưa đạt: các phiếu của thôn sẽ được mở lại để rà soát và họp lại")
        )
        self.share.setText(self.tr("Tỷ lệ đồng ý: {p}% — {v}").format(p=f"{percent:.1f}".replace(".", ","), v=verdict))

    def values(self) -> dict[str, Any]:
        return {
            "village_id": self.village.currentData(),
            "held_on": to_date(self.held_on.date()),
            "attendees": self.attendees.value(),
            "agreed": self.agreed.value(),
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
    def __init__(self, today: dt.date, apply: Apply, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Quyết định công nhận danh sách (Mẫu 02)"), apply, parent)
        self.number = QLineEdit()
        self.number.setPlaceholderText(self.tr("ví dụ: 125/QĐ-UBND"))
        self.decided_on = date_edit(today)
        warning = QLabel(
            self.tr(
                "Sau khi ghi quyết định, kỳ rà soát được khoá: kết quả không sửa được nữa; thay đổi về sau "
                "làm trong một kỳ rà soát thường xuyên mới."
            )
        )
        warning.setWordWrap(True)
        self.form.addRow(self.tr("Số &quyết định:"), self.number)
        self.form.addRow(self.tr("&Ngày quyết định:"), self.decided_on)
        self.form.addRow(warning)

    def values(self) -> dict[str, Any]:
        return {"number": self.number.text(), "decided_on": to_date(self.decided_on.date())}


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
