"""The live poverty calculator of the "Chuẩn nghèo" page (and, later, the what-if tool).

Choose the standard and the area, type the B1 score or the per-capita income, tick the lacking
indicators: the category and the Vietnamese explanation update on every keystroke. The widget
calls the core's pure `classify()`; it holds no rule of its own.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ranoat.domain.area import Area
from ranoat.domain.vietnamese import format_number
from ranoat.rules.classify import Classification, ClassificationError, classify
from ranoat.rules.rulebook import Indicator, Rulebook
from ui.i18n import localized
from ui.labels import UNVERIFIED_MARK, officer_condition, unverified_legend
from ui.widgets.classification_panel import ClassificationPanel


def parse_number(text: str, *, decimals: bool) -> int | float | str | None:
    """Read what the officer typed: '1.500.000' → 1500000; '140,5' → 140.5.

    Returns None for an empty field and the text itself when it is not a number, so that the
    core reports it with its own message (non_numeric_value).
    """
    cleaned = text.strip().replace(" ", "")
    if not cleaned:
        return None
    if decimals:
        if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", cleaned):  # 1.000 is one thousand, as displayed
            return int(cleaned.replace(".", ""))
        if re.fullmatch(r"-?\d+([.,]\d+)?", cleaned):
            value = float(cleaned.replace(",", "."))
            return int(value) if value.is_integer() else value
        return text
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+|-?\d+", cleaned):
        return int(cleaned.replace(".", ""))
    if re.fullmatch(r"-?\d+,\d+", cleaned):  # a fraction of a đồng: let the core refuse it
        return float(cleaned.replace(",", "."))
    return text


class PovertyCalculator(QWidget):
    """Standard + area + B1 or income + lacking indicators → category and explanation."""

    classified = Signal(object)  # Classification | ClassificationError | None

    def __init__(self, rulebooks: dict[str, Rulebook], default_standard: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._rulebooks = rulebooks
        self._checks: dict[str, QCheckBox] = {}
        self._conditions: dict[QObject, str] = {}

        self.standard = QComboBox()
        self.standard.setAccessibleName(self.tr("Chuẩn nghèo"))
        for book in rulebooks.values():
            self.standard.addItem(f"{book.id} — {localized(book.model.title)}", book.id)
        self.area = QComboBox()
        self.area.setAccessibleName(self.tr("Khu vực"))
        self.area.addItem(self.tr("Nông thôn"), Area.RURAL.value)
        self.area.addItem(self.tr("Thành thị"), Area.URBAN.value)

        self.by_score = QRadioButton(self.tr("Điểm B1 (Phiếu B)"))
        self.by_income = QRadioButton(self.tr("Thu nhập bình quân (đồng/người/tháng)"))
        self.by_score.setChecked(True)
        self._path = QButtonGroup(self)
        self._path.addButton(self.by_score)
        self._path.addButton(self.by_income)
        path_row = QHBoxLayout()
        path_row.addWidget(self.by_score)
        path_row.addWidget(self.by_income)
        path_row.addStretch(1)

        self.value = QLineEdit()
        self.value.setAccessibleName(self.tr("Điểm B1 hoặc thu nhập"))
        self.value.setClearButtonEnabled(True)
        self.value.setMaxLength(20)
        self.value_hint = QLabel()
        self.value_hint.setWordWrap(True)
        self.value_hint.setStyleSheet("color: #555;")

        form = QFormLayout()
        form.addRow(self.tr("&Chuẩn nghèo:"), self.standard)
        form.addRow(self.tr("&Khu vực:"), self.area)
        form.addRow(self.tr("Phân loại theo:"), path_row)
        form.addRow(self.tr("&Giá trị:"), self.value)
        form.addRow("", self.value_hint)
        # Quyết định 24/2021 Art. 6: the average living standard is only for such a household that applies
        self.farming = QCheckBox(
            self.tr("Hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp, diêm nghiệp có đơn đề nghị (Mẫu 01)")
        )
        self.farming.setToolTip(
            self.tr(
                "Chỉ hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp, diêm nghiệp có đơn đề nghị mới được xác định là "
                "hộ có mức sống trung bình (theo thu nhập)."
            )
        )
        form.addRow("", self.farming)
        self.farming.setEnabled(False)  # by score first

        self.indicator_box = QGroupBox(
            self.tr("Chỉ số thiếu hụt dịch vụ xã hội cơ bản (đánh dấu chỉ số hộ bị thiếu hụt)")
        )
        self.indicator_grid = QGridLayout(self.indicator_box)
        self.indicator_grid.setVerticalSpacing(2)
        self.condition = QLabel()
        self.condition.setWordWrap(True)
        self.condition.setMinimumHeight(48)
        self.condition.setStyleSheet("color: #333; background: #f4f4f4; padding: 4px; border-radius: 3px;")

        self.result_panel = ClassificationPanel(self.tr("Kết quả"))
        self.category = self.result_panel.category
        self.scores = self.result_panel.scores
        self.explanation = self.result_panel.explanation
        self.trace = self.result_panel.trace

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.indicator_box)
        layout.addWidget(self.condition)
        layout.addWidget(self.result_panel, 1)

        index = self.standard.findData(default_standard)
        self.standard.setCurrentIndex(max(index, 0))
        self._name_areas()
        self._rebuild_indicators()
        self._update_hint()
        self.standard.currentIndexChanged.connect(self._standard_changed)
        self.area.currentIndexChanged.connect(self._changed)
        self.by_score.toggled.connect(self._path_changed)
        self.value.textChanged.connect(self._changed)
        self.farming.toggled.connect(self._changed)
        self._changed()

    # -- what the officer chose -------------------------------------------------------------
    def rulebook(self) -> Rulebook:
        return self._rulebooks[str(self.standard.currentData())]

    def lacking(self) -> list[str]:
        return [code for code, box in self._checks.items() if box.isChecked()]

    def indicator_check(self, code: str) -> QCheckBox:
        return self._checks[code]

    def result(self) -> Classification | ClassificationError | None:
        text = self.value.text()
        number = parse_number(text, decimals=self.by_score.isChecked())
        if number is None:
            return None
        book = self.rulebook()
        kwargs = {"b1": number} if self.by_score.isChecked() else {"income": number}
        try:
            return classify(
                book,
                area=self.area.currentData(),
                lacking=self.lacking(),
                average_living=self.farming.isChecked(),
                **kwargs,
            )
        except ClassificationError as exc:
            return exc

    # -- reactions ---------------------------------------------------------------------------
    def _standard_changed(self) -> None:
        self._name_areas()
        self._rebuild_indicators()
        self._update_hint()
        self._changed()

    def _name_areas(self) -> None:
        """The areas as the chosen standard's text names them (2027–2030: "Khu vực đô thị")."""
        book = self.rulebook()
        for index in range(self.area.count()):
            name = localized(book.area_text(Area(self.area.itemData(index))))
            self.area.setItemText(index, name[:1].upper() + name[1:])

    def _path_changed(self) -> None:
        self.farming.setEnabled(self.by_income.isChecked())  # the band is on the income path only
        self._update_hint()
        self._changed()

    def _rebuild_indicators(self) -> None:
        ticked = set(self.lacking())
        for box in self._checks.values():
            self.indicator_grid.removeWidget(box)
            box.deleteLater()
        self._checks.clear()
        self._conditions.clear()
        book = self.rulebook()
        indicators = list(book.indicators_by_code.values())
        rows = (len(indicators) + 1) // 2
        previous: QWidget = self.value
        for position, indicator in enumerate(indicators):
            box = QCheckBox(f"{indicator.report_column}. {localized(indicator)}")
            box.setChecked(indicator.code in ticked)
            help_text = self._condition_text(indicator, book)
            box.setToolTip(help_text)
            box.setWhatsThis(help_text)
            box.setStatusTip(help_text)
            box.installEventFilter(self)
            box.toggled.connect(self._changed)
            self._conditions[box] = help_text
            self._checks[indicator.code] = box
            self.indicator_grid.addWidget(box, position % rows, position // rows)
            QWidget.setTabOrder(previous, box)
            previous = box
        self.condition.setText(self.tr("Di chuột hoặc chuyển đến một chỉ số để xem điều kiện thiếu hụt."))

    def _condition_text(self, indicator: Indicator, book: Rulebook) -> str:
        dimension = next(localized(d) for d in book.model.dimensions if d.code == indicator.dimension)
        if indicator.condition is None:
            return f"{localized(indicator)} ({dimension}): " + self.tr(
                "Điều kiện thiếu hụt chưa có trong dữ liệu quy chuẩn."
            )
        condition, unverified = officer_condition(localized(indicator.condition))
        if unverified:  # the data's "(… chưa được xác minh)": a star, and the legend once
            return f"{localized(indicator)} ({dimension}): {condition}{UNVERIFIED_MARK}\n{unverified_legend()}"
        return f"{localized(indicator)} ({dimension}): {condition}"

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.FocusIn, QEvent.Type.Enter) and watched in self._conditions:
            self.condition.setText(self._conditions[watched])
        return super().eventFilter(watched, event)

    def _update_hint(self) -> None:
        book = self.rulebook()
        if self.by_score.isChecked():
            line = book.model.score.b1_poverty_max
            self.value.setPlaceholderText(self.tr("ví dụ: 140"))
            noun = self.tr("điểm")
        else:
            line = book.model.income.poverty_line
            self.value.setPlaceholderText(self.tr("ví dụ: 1.500.000"))
            noun = self.tr("đồng")
        if line.known and line.rural is not None and line.urban is not None:
            self.value_hint.setText(
                self.tr("{label}: {rural_area} {rural} {noun}, {urban_area} {urban} {noun}.").format(
                    label=localized(line.label),
                    rural_area=localized(book.area_text(Area.RURAL)),
                    urban_area=localized(book.area_text(Area.URBAN)),
                    rural=format_number(line.rural),
                    urban=format_number(line.urban),
                    noun=noun,
                )
            )
        else:
            self.value_hint.setText(
                self.tr("{label} của chuẩn {id} chưa được ban hành/cấu hình.").format(
                    label=localized(line.label), id=book.id
                )
            )

    def _changed(self) -> None:
        outcome = self.result()
        self.result_panel.show_outcome(
            outcome, self.rulebook(), empty_hint=self.tr("Nhập điểm B1 hoặc thu nhập bình quân để phân loại.")
        )
        self.classified.emit(outcome)
