"""Item-by-item Phiếu B entry driven by a loaded point table: the answers give the B1 total."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from ranoat.rules.point_table import Column, Item, PointAnswerError, PointTable, Scored, score
from ui.i18n import localized


class PointEntry(QWidget):
    """One row per item of the table: a choice, ticks or a count, and the points it gives."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._table: PointTable | None = None
        self._column: Column | None = None
        self._inputs: dict[str, QComboBox | QSpinBox | list[QCheckBox]] = {}
        self._points: dict[str, QLabel] = {}
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #b71c1c; font-weight: bold;")
        self.form = QFormLayout(self)
        self.form.addRow(self.notice)

    def set_table(self, table: PointTable, column: Column, answers: dict[str, object] | None) -> None:
        while self.form.rowCount() > 1:
            self.form.removeRow(1)
        self._inputs.clear()
        self._points.clear()
        self._table, self._column = table, column
        self.notice.setText(table.notice or "")
        self.notice.setVisible(bool(table.notice))
        for item in table.model.items:
            row = QHBoxLayout()
            widget = self._input_for(item, (answers or {}).get(item.code))
            if isinstance(widget, list):
                for box in widget:
                    row.addWidget(box)
            else:
                row.addWidget(widget, 1)
            points = QLabel()
            points.setMinimumWidth(70)
            row.addWidget(points)
            self._points[item.code] = points
            label = QLabel(f"{item.number}. {localized(item.question)}")
            label.setWordWrap(True)
            if item.help is not None:
                label.setToolTip(localized(item.help))
            self.form.addRow(label, row)
        self.refresh()

    def _input_for(self, item: Item, answer: object) -> QComboBox | QSpinBox | list[QCheckBox]:
        if item.kind == "single":
            combo = QComboBox()
            combo.addItem(self.tr("— chọn —"), None)
            for option in item.options:
                combo.addItem(localized(option.label), option.code)
            combo.setCurrentIndex(max(combo.findData(answer), 0))
            combo.currentIndexChanged.connect(self._changed)
            self._inputs[item.code] = combo
            return combo
        if item.kind == "multi":
            chosen = set(answer) if isinstance(answer, list) else set()
            boxes = []
            for option in item.options:
                box = QCheckBox(localized(option.label))
                box.setProperty("option", option.code)
                box.setChecked(option.code in chosen)
                box.toggled.connect(self._changed)
                boxes.append(box)
            self._inputs[item.code] = boxes
            return boxes
        spin = QSpinBox()
        spin.setRange(0, item.max_count or 999)
        spin.setValue(answer if isinstance(answer, int) else 0)
        spin.valueChanged.connect(self._changed)
        self._inputs[item.code] = spin
        return spin

    def answers(self) -> dict[str, object]:
        answers: dict[str, object] = {}
        for code, widget in self._inputs.items():
            if isinstance(widget, QComboBox):
                if widget.currentData() is not None:
                    answers[code] = str(widget.currentData())
            elif isinstance(widget, QSpinBox):
                answers[code] = widget.value()
            else:
                answers[code] = [str(box.property("option")) for box in widget if box.isChecked()]
        return answers

    def result(self) -> Scored | PointAnswerError | None:
        if self._table is None or self._column is None:
            return None
        try:
            return score(self._table, self._column, self.answers())
        except PointAnswerError as exc:
            return exc

    def refresh(self) -> None:
        outcome = self.result()
        by_item = {s.item: s.points for s in outcome.items} if isinstance(outcome, Scored) else {}
        for code, label in self._points.items():
            label.setText(self.tr("{n} điểm").format(n=by_item[code]) if code in by_item else "")

    def _changed(self) -> None:
        self.refresh()
        self.changed.emit()
