"""Page 5 of the import wizard: the import itself, with progress and cancel, then the report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from ranoat.importing.plan import Choice
from ranoat.operations.import_apply import ImportReport

if TYPE_CHECKING:  # the wizard makes the pages and imports them
    from ui.dialogs.import_wizard.wizard import ImportWizard


class RunPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(self.tr("Nhập vào cơ sở dữ liệu"))
        self.setSubTitle(
            self.tr(
                "Ranoat sao lưu cơ sở dữ liệu rồi ghi cả danh sách trong một lần: nếu có trục trặc hoặc bạn huỷ, "
                "cơ sở dữ liệu giữ nguyên như trước."
            )
        )
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.start = QPushButton(self.tr("&Nhập danh sách"))
        self.start.clicked.connect(self._start)
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        row = QHBoxLayout()
        row.addWidget(self.start)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.report, 1)
        self.result: ImportReport | None = None

    def initializePage(self) -> None:
        plan = self.owner.plan
        if plan is None:
            return
        choices = [h.choice for h in plan.matches]
        added = len(plan.households) - len(choices) + choices.count(Choice.ADD)
        text = self.tr("Sẽ thêm {a} hộ, cập nhật {u} hộ, bỏ qua {s} hộ.").format(
            a=added, u=choices.count(Choice.UPDATE), s=choices.count(Choice.SKIP)
        )
        if plan.restore is not None:
            sheets = plan.restore.sheets
            text = self.tr(
                "Cơ sở dữ liệu còn trống: sổ trao đổi được khôi phục toàn bộ — {h} hộ, {r} kỳ rà soát, {p} phiếu B, "
                "{m} cuộc họp thôn, {c} khiếu nại, như ở xã đã xuất sổ."
            ).format(
                h=len(plan.restore.households),
                r=len(sheets["data_rounds"]),
                p=len(sheets["data_surveys"]),
                m=len(sheets["data_meetings"]),
                c=len(sheets["data_complaints"]),
            )
        elif plan.has_statuses and plan.record_statuses:
            text += " " + self.tr(
                "Tình trạng nghèo, cận nghèo theo danh sách được ghi thành kỳ rà soát định kỳ năm {y} (đã đóng, "
                "chuẩn {s}); kỳ rà soát tiếp theo bắt đầu từ đó."
            ).format(y=plan.year, s=plan.standard_id)
        self.summary.setText(text)

    def _start(self) -> None:
        self.start.setEnabled(False)
        self.owner.write(after=self)

    def show_report(self, report: ImportReport) -> None:
        self.result = report
        lines = [report.summary(), *report.rows_skipped]
        lines += [
            self.tr("Mã hộ {old} đã có: hộ mới được đặt mã {new}.").format(old=old, new=new)
            for old, new in report.codes_changed
        ]
        if report.backup:
            lines.append(self.tr("Bản sao lưu trước khi nhập: {path}").format(path=report.backup))
        self.report.setPlainText("\n".join(lines))
        self.completeChanged.emit()

    def show_message(self, text: str, *, again: bool) -> None:
        self.report.setPlainText(text)
        self.start.setEnabled(again)

    def isComplete(self) -> bool:
        return self.result is not None
