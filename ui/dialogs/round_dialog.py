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

    def _list_year(self) -> int:
        """A periodic review in year Y makes the lists for Y + 1; a regular one changes this year's."""
        periodic = RoundKind(self.kind.currentData()) is RoundKind.PERIODIC
        return self.year.value() + 1 if periodic else self.year.value()

    def _suggest(self) -> None:
        self.month.setEnabled(RoundKind(self.kind.currentData()) is RoundKind.REGULAR)
        default = standard_on(self._rulebooks, dt.date(self._list_year(), 1, 1), self._province)
        self.standard.setCurrentIndex(self.standard.findData(default))
        self._explain()

    def _explain(self) -> None:
        book = self._rulebooks[str(self.standard.currentData())]
        text = self.tr(
            "Mặc định là chuẩn có hiệu lực ngày 01/01/{year}, năm danh sách được áp dụng. Ranoat không tự quyết "
            "định thay: hãy kiểm tra văn bản hướng dẫn của cấp trên."
        ).format(year=self._list_year())
        if book.model.score.b1_poverty_max.known is False:
            text += " " + self.tr(
                "Lưu ý: ngưỡng điểm B1 của chuẩn {id} chưa được ban hành/cấu hình — chưa phân loại được theo điểm."
            ).format(id=book.id)
        self.note.setText(text)

    def create_round(self) -> None:
        kind = RoundKind(self.kind.currentData())
        month = self.month.value() if kind is RoundKind.REGULAR else None
        problem = self._create(self.year.value(), kind, str(self.standard.currentData()), month)
        if problem:
            self.error.setText(problem)
            return
        self.accept()
