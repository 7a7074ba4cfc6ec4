"""Open a review round. The standard is an explicit choice (rules.md §1), shown and recorded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ranoat.domain.round import RoundKind
from ranoat.rules.rulebook import Rulebook, standard_on
from ui.i18n import localized

CreateRound = Callable[[int, RoundKind, str, int | None], str | None]


class RoundDialog(QDialog):
    def __init__(
        self,
        rulebooks: dict[str, Rulebook],
        today: dt.date,
        create: CreateRound,
        parent: QWidget | None = None,
        *,
        province: str | None = None,  # the commune's province code: its own standard is offered too
    ) -> None:
        super().__init__(parent)
        self._rulebooks = rulebooks
        self._create = create
        self.setWindowTitle(self.tr("Mở kỳ rà soát mới"))
        self.year = QSpinBox()
        self.year.setRange(2016, 2100)
        self.year.setValue(today.year)
        self.kind = QComboBox()
        self.kind.addItem(self.tr("Rà soát định kỳ (1/9 – 14/12)"), RoundKind.PERIODIC)
        self.kind.addItem(self.tr("Rà soát thường xuyên (hằng tháng)"), RoundKind.REGULAR)
        self.kind.addItem(self.tr("Tổng rà soát theo chuẩn mới (danh sách giai đoạn mới)"), RoundKind.GENERAL)
        self.month = QSpinBox()
        self.month.setRange(1, 12)
        self.month.setValue(today.month)
        self._province = province
        self.standard = QComboBox()
        for book in rulebooks.values():  # a province's own standard only for a commune of that province
            if book.applies_to(province):
                self.standard.addItem(f"{book.id} — {localized(book.model.title)}", book.id)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b71c1c;")
        form = QFormLayout()
        form.addRow(self.tr("&Năm:"), self.year)
        form.addRow(self.tr("&Loại:"), self.kind)
        form.addRow(self.tr("&Tháng:"), self.month)
        form.addRow(self.tr("&Chuẩn nghèo áp dụng:"), self.standard)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.create_round)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.year.valueChanged.connect(self._suggest)
        self.kind.currentIndexChanged.connect(self._suggest)
        self.standard.currentIndexChanged.connect(self._explain)
        self._suggest()

    def _kind(self) -> RoundKind:
        return RoundKind(self.kind.currentData())

    def _list_year(self) -> int:
        """A periodic or general review in year Y makes the lists for Y + 1; a regular one changes this year's."""
        return self.year.value() + self._kind().list_year_offset

    def _standards(self) -> tuple[str, str]:
        """The standard in force while the year's review is held (1 September; for a regular round,
        1 January) and the one in force on 1 January of the year its lists apply to."""
        year = self.year.value()
        held = dt.date(year, 9, 1) if self._kind() is not RoundKind.REGULAR else dt.date(year, 1, 1)
        return (
            standard_on(self._rulebooks, held, self._province),
            standard_on(self._rulebooks, dt.date(year + 1, 1, 1), self._province),
        )

    def _default(self) -> str:
        """The year's review (periodic, regular) under the standard in force; the general review under
        the standard of the next period (issue #13: as provinces did when the standard changed in 2021)."""
        in_force, next_period = self._standards()
        return next_period if self._kind() is RoundKind.GENERAL else in_force

    def _suggest(self) -> None:
        self.month.setEnabled(self._kind() is RoundKind.REGULAR)
        self.standard.setCurrentIndex(self.standard.findData(self._default()))
        self._explain()

    def _explain(self) -> None:
        book = self._rulebooks[str(self.standard.currentData())]
        year = self.year.value()
        in_force, next_period = self._standards()
        if in_force != next_period:
            text = self.tr(
                "Chuẩn nghèo đổi vào ngày 01/01/{next}: năm {year} vẫn áp dụng chuẩn {old}, từ năm {next} áp dụng "
                "chuẩn {new}. Khi chuẩn đổi cuối năm 2021, các tỉnh vừa rà soát định kỳ trong năm theo chuẩn cũ, vừa "
                "tổng rà soát theo chuẩn mới để lập danh sách cho giai đoạn mới. Hai kỳ này có thể cùng tồn tại: mở "
                "«Rà soát định kỳ» theo chuẩn {old} và «Tổng rà soát» theo chuẩn {new}. Kỳ nào theo chuẩn nào là "
                "theo hướng dẫn của tỉnh; Ranoat không tự quyết định thay."
            ).format(year=year, next=year + 1, old=in_force, new=next_period)
        elif self._kind() is RoundKind.GENERAL:
            text = self.tr(
                "Tổng rà soát dùng khi chuẩn nghèo thay đổi, để lập danh sách cho giai đoạn mới theo chuẩn mới. "
                "Năm {year} không có chuẩn mới: thông thường chỉ cần rà soát định kỳ."
            ).format(year=year)
        else:
            text = self.tr(
                "Mặc định là chuẩn có hiệu lực trong năm {year}, cũng là chuẩn của năm danh sách được áp dụng. "
                "Ranoat không tự quyết định thay: hãy kiểm tra văn bản hướng dẫn của cấp trên."
            ).format(year=year)
        if book.model.score.b1_poverty_max.known is False:
            text += " " + self.tr(
                "Lưu ý: ngưỡng điểm B1 của chuẩn {id} chưa được ban hành/cấu hình — chưa phân loại được theo điểm "
                "B1; phân loại theo thu nhập (khi nhập thu nhập bình quân) vẫn dùng được."
            ).format(id=book.id)
        self.note.setText(text)

    def create_round(self) -> None:
        kind = self._kind()
        month = self.month.value() if kind is RoundKind.REGULAR else None
        problem = self._create(self.year.value(), kind, str(self.standard.currentData()), month)
        if problem:
            self.error.setText(problem)
            return
        self.accept()
