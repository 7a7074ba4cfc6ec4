"""Phiếu B, in the paper form's order: B1, housing area, the indicators, groups and causes, status.

Keyboard-first: Tab follows the form, Enter moves to the next field, Ctrl+S saves, Ctrl+PgDown /
Ctrl+PgUp go to the next / previous household of the register list, Ctrl+Z undoes the last change.
A draft is saved automatically a moment after the last change, so nothing typed is lost.
The live panel shows the category and its reasons while the officer types.

Each household's form opens scrolled to the top with its first field focused. A change to a form
that is "Đã kiểm tra" or "Đã duyệt" puts it back to "Nháp" at once, visibly, with a message
(`status_reset`); the officer chooses the status again after checking (`save_survey` enforces the
same rule).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, replace

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ranoat.domain.category import Category
from ranoat.domain.household import HouseholdData, PovertyCause
from ranoat.domain.survey import SurveyData, SurveyStatus
from ranoat.domain.vietnamese import format_number
from ranoat.rules.classify import Classification, ClassificationError, classify_survey
from ranoat.rules.explain import CATEGORY_NAMES
from ranoat.rules.point_table import Column, PointAnswerError, PointTable, Scored
from ranoat.rules.rulebook import Rulebook
from ranoat.rules.suggest import suggest_lacking
from ui.i18n import localized
from ui.labels import CAUSE_LABELS, STATUS_LABELS, UNVERIFIED_MARK, officer_condition, unverified_legend
from ui.widgets.calculator import parse_number
from ui.widgets.classification_panel import ClassificationPanel
from ui.widgets.keyboard import focus_next
from ui.widgets.point_entry import PointEntry

AUTOSAVE_MS = 1500


@dataclass(frozen=True)
class FormState:
    """Everything the officer can change on the form; the undo history is a list of these."""

    b1: str
    housing_area: str
    income: str
    lacking: frozenset[str]
    person_of_merit: bool
    social_protection: bool
    no_working_capacity: bool
    causes: frozenset[PovertyCause]
    other_cause: str
    status: SurveyStatus
    officer: str
    method: str  # "" = the B1 total typed from the paper form, else the id of the point table
    answers: str  # the point-table answers as canonical JSON


# save(household, survey, status_confirmed) → an error message, or None when saved.
# status_confirmed: the officer chose the status after the last change of content.
SaveSurvey = Callable[[HouseholdData, SurveyData, bool], str | None]
REVIEWED = (SurveyStatus.CHECKED, SurveyStatus.APPROVED)
# override(category or None to remove, reason) → an error message, or None
Override = Callable[[Category | None, str], str | None]


class SurveyPage(QWidget):
    saved = Signal(int)  # household id
    navigate = Signal(int)  # +1 next household, -1 previous
    back = Signal()
    status_reset = Signal(str)  # a checked/approved form was changed and is a draft again: the message

    def __init__(self, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self._household: HouseholdData | None = None
        self._survey = SurveyData()
        self._rulebook: Rulebook | None = None
        self._save: SaveSurvey | None = None
        self._checks: dict[str, QCheckBox] = {}
        self._hints: dict[str, QLabel] = {}
        self._tables: dict[str, PointTable] = {}
        self._column: Column | None = None
        self._history: list[FormState] = []
        self._redo: list[FormState] = []  # what Ctrl+Z undid, for Ctrl+Y / Ctrl+Shift+Z
        self._state: FormState | None = None
        self._loading = False
        self._dirty = False
        self._read_only = True
        self._status_confirmed = False  # the officer chose the status after the last change of content
        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(AUTOSAVE_MS)
        self.autosave.timeout.connect(self._autosave)

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.previous_button = QPushButton(self.tr("◀ Hộ trước (Ctrl+PgUp)"))
        self.next_button = QPushButton(self.tr("Hộ tiếp ▶ (Ctrl+PgDown)"))
        self.back_button = QPushButton(self.tr("Về danh sách (Esc)"))
        self.previous_button.clicked.connect(lambda: self.go(-1))
        self.next_button.clicked.connect(lambda: self.go(1))
        self.back_button.clicked.connect(self._back)
        self.status_badge = QLabel()  # the form's status, always in view (the combo is further down)
        self.status_badge.setStyleSheet("font-weight: bold; padding: 2px 6px;")
        # "Đã lưu lúc …", "Chưa lưu …" and the locked-round notice under the heading, always in view
        # (they were at the bottom of the long form, issue #14)
        self.saved_label = QLabel()
        self.saved_label.setWordWrap(True)
        self.saved_label.setStyleSheet("color: #555;")
        title = QVBoxLayout()
        title.setSpacing(2)
        title.addWidget(self.heading)
        title.addWidget(self.saved_label)
        top = QHBoxLayout()
        top.addLayout(title, 1)
        top.addWidget(self.status_badge)
        top.addWidget(self.previous_button)
        top.addWidget(self.next_button)
        top.addWidget(self.back_button)

        # A. B1
        self.b1 = QLineEdit()
        self.b1.setAccessibleName(self.tr("Tổng điểm B1"))
        self.b1.setPlaceholderText(self.tr("tổng điểm B1 trên phiếu giấy"))
        self.b1.setMaxLength(10)
        self.b1_hint = QLabel()
        self.b1_hint.setStyleSheet("color: #555;")
        self.housing_area = QLineEdit()
        self.housing_area.setAccessibleName(self.tr("Diện tích nhà ở"))
        self.housing_area.setPlaceholderText(self.tr("m², để gợi ý chỉ số diện tích nhà ở"))
        self.housing_area.setMaxLength(10)
        self.income = QLineEdit()
        self.income.setAccessibleName(self.tr("Thu nhập bình quân"))
        self.income.setPlaceholderText(self.tr("đồng/người/tháng, nếu đã xác định (không bắt buộc)"))
        self.income.setMaxLength(14)
        self.input_error = QLabel()
        self.input_error.setStyleSheet("color: #b71c1c;")
        # one line kept for it even when empty, and not wrapped (a wrapping label in this form is given a
        # second line it does not need): part B does not jump as a message comes and goes (issue #14)
        self.input_error.setMinimumHeight(self.input_error.fontMetrics().lineSpacing())
        self.method = QComboBox()
        self.method.setAccessibleName(self.tr("Cách tính điểm B1"))
        self.point_entry = PointEntry()
        self.point_entry.hide()
        self.point_entry.changed.connect(self._points_changed)
        part_a = self.part_a = QGroupBox(self.tr("A. Điểm thu nhập (B1)"))
        form_a = QFormLayout(part_a)
        form_a.addRow(self.tr("Cách tính &điểm:"), self.method)
        form_a.addRow(self.point_entry)
        form_a.addRow(self.tr("Tổng điểm &B1:"), self.b1)
        form_a.addRow("", self.b1_hint)
        form_a.addRow(self.tr("Diện tích &nhà ở (m²):"), self.housing_area)
        form_a.addRow(self.tr("Thu nhập bình &quân:"), self.income)
        form_a.addRow("", self.input_error)

        # B. indicators
        self.part_b = QGroupBox(self.tr("B. Chỉ số thiếu hụt dịch vụ xã hội cơ bản (B2 = 10 điểm mỗi chỉ số)"))
        self.indicator_grid = QGridLayout(self.part_b)
        self.indicator_grid.setVerticalSpacing(1)
        self.condition = QLabel()
        self.condition.setWordWrap(True)
        self.condition.setMinimumHeight(40)
        self.condition.setStyleSheet("color: #333; background: #f4f4f4; padding: 4px;")

        # C. groups, causes, status
        part_c = self.part_c = QGroupBox(self.tr("C. Nhóm đối tượng, nguyên nhân nghèo"))
        grid_c = QGridLayout(part_c)
        self.person_of_merit = QCheckBox(self.tr("Có người có công"))
        self.social_protection = QCheckBox(self.tr("Có đối tượng bảo trợ xã hội"))
        self.no_working_capacity = QCheckBox(self.tr("Không có khả năng lao động"))
        grid_c.addWidget(self.person_of_merit, 0, 0)
        grid_c.addWidget(self.social_protection, 0, 1)
        grid_c.addWidget(self.no_working_capacity, 1, 0)
        self.cause_boxes: dict[PovertyCause, QCheckBox] = {}
        for position, (cause, label) in enumerate(CAUSE_LABELS.items()):
            box = QCheckBox(QCoreApplication.translate("PovertyCause", label))
            self.cause_boxes[cause] = box
            grid_c.addWidget(box, 2 + position % 4, position // 4)
        self.other_cause = QLineEdit()
        self.other_cause.setPlaceholderText(self.tr("Ghi rõ nguyên nhân khác"))
        grid_c.addWidget(self.other_cause, 6, 0, 1, 2)
        self.status = QComboBox()
        for status, label in STATUS_LABELS.items():
            self.status.addItem(QCoreApplication.translate("SurveyStatus", label), status)
        self.officer = QLineEdit()
        self.officer.setPlaceholderText(self.tr("Người rà soát"))
        self.status_notice = QLabel()  # why the status went back to draft
        self.status_notice.setWordWrap(True)
        self.status_notice.setStyleSheet("color: #8a5a00;")
        status_row = QFormLayout()
        status_row.addRow(self.tr("Tình trạng &phiếu:"), self.status)
        status_row.addRow("", self.status_notice)
        status_row.addRow(self.tr("Người &rà soát:"), self.officer)
        grid_c.addLayout(status_row, 7, 0, 1, 2)

        part_d = self.part_d = QGroupBox(self.tr("D. Kết quả sau họp dân (chỉ khi khác kết quả tính)"))
        form_d = QFormLayout(part_d)
        self.override_category = QComboBox()
        self.override_category.addItem(self.tr("— giữ kết quả tính —"), None)
        for category in (Category.POOR, Category.NEAR_POOR, Category.NOT_POOR):
            name = CATEGORY_NAMES[category]
            self.override_category.addItem(name[0].upper() + name[1:], category.value)
        self.override_reason = QLineEdit()
        self.override_reason.setPlaceholderText(self.tr("lý do, theo biên bản họp dân"))
        self.override_button = QPushButton(self.tr("Ghi &điều chỉnh"))
        self.override_button.clicked.connect(self.apply_override)
        form_d.addRow(self.tr("Kết quả quyết định:"), self.override_category)
        form_d.addRow(self.tr("Lý do:"), self.override_reason)
        form_d.addRow("", self.override_button)

        self.save_button = QPushButton(self.tr("&Lưu phiếu (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        bottom = QHBoxLayout()
        bottom.addWidget(self.save_button)
        bottom.addStretch(1)

        form = QWidget()
        form_layout = QVBoxLayout(form)
        # never squeeze the form below its natural height: the scroll area scrolls instead
        form_layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        form_layout.addWidget(part_a)
        form_layout.addWidget(self.part_b)
        form_layout.addWidget(self.condition)
        form_layout.addWidget(part_c)
        form_layout.addWidget(part_d)
        form_layout.addLayout(bottom)
        form_layout.addStretch(1)
        scroll = self.form_scroll = QScrollArea()
        scroll.setWidget(form)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.panel = ClassificationPanel(self.tr("Kết quả phân loại (tính ngay khi nhập)"))
        self.decided = QLabel()
        self.decided.setWordWrap(True)
        self.decided.setStyleSheet("color: #0d47a1; font-weight: bold;")
        self.panel.body.addWidget(self.decided)
        self.panel.setMinimumWidth(330)
        body = QHBoxLayout()
        body.addWidget(scroll, 5)
        body.addWidget(self.panel, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)

        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        QShortcut(QKeySequence("Ctrl+PgDown"), self, lambda: self.go(1))
        QShortcut(QKeySequence("Ctrl+PgUp"), self, lambda: self.go(-1))
        QShortcut(QKeySequence.StandardKey.Undo, self, self.undo)
        for keys in ("Ctrl+Y", "Ctrl+Shift+Z"):  # both, whatever the platform's habit (issue #14)
            QShortcut(QKeySequence(keys), self, self.redo)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self._back)
        for edit in (self.b1, self.housing_area, self.income, self.other_cause, self.officer):
            edit.textChanged.connect(self._changed)  # typed, pasted or set: guarded by _loading
            edit.installEventFilter(self)
        for box in (self.person_of_merit, self.social_protection, self.no_working_capacity, *self.cause_boxes.values()):
            box.toggled.connect(self._changed)
        self.status.currentIndexChanged.connect(self._show_status)
        self.status.currentIndexChanged.connect(self._status_chosen)
        self.method.currentIndexChanged.connect(self._method_changed)

    # -- loading -----------------------------------------------------------------------------
    def load(
        self,
        household: HouseholdData,
        survey: SurveyData | None,
        rulebook: Rulebook,
        round_label: str,
        village: str,
        save: SaveSurvey,
        default_officer: str = "",
        point_tables: list[PointTable] | None = None,
        column: Column | None = None,
        read_only: bool = False,
        override: Override | None = None,
    ) -> bool:
        """Show a household's Phiếu B; False (nothing changes) when the current one cannot be left."""
        if not self.leave():
            return False
        self._loading = True
        self._household, self._rulebook, self._save = household, rulebook, save
        self._override = override
        self._survey = survey or SurveyData(officer=default_officer)
        self._tables = {t.id: t for t in point_tables or []}
        self._column = column
        self.method.clear()
        self.method.addItem(self.tr("Nhập tổng điểm B1 từ phiếu giấy"), "")
        for table in self._tables.values():
            self.method.addItem(
                self.tr("Chấm theo bảng điểm: {title}").format(title=localized(table.model.title)), table.id
            )
        self.method.setEnabled(bool(self._tables))
        head = household.head()
        self.heading.setText(
            self.tr(  # the count picks the English plural ("1 person", "3 people")
                "<b>Phiếu B — hộ {code}</b>: {head}, {village} · {n} nhân khẩu<br>{round}", "", len(household.members)
            ).format(
                code=household.code,
                head=head.full_name if head else "?",
                village=village,
                n=len(household.members),
                round=round_label,
            )
        )
        line = rulebook.model.score.b1_poverty_max
        area = household.area
        threshold = line.for_area(area)
        self.b1_hint.setText(
            self.tr("Ngưỡng điểm B1 ({area}): {value} điểm").format(
                area=localized(rulebook.area_text(area)),
                value=format_number(threshold),
            )
            if threshold is not None
            else self.tr("Chuẩn {id}: ngưỡng điểm B1 chưa được ban hành/cấu hình.").format(id=rulebook.id)
        )
        self._build_indicators(rulebook)
        self.b1.setText(format_number(self._survey.b1) if self._survey.b1 is not None else "")
        area_m2 = self._survey.housing_area_m2
        self.housing_area.setText(format_number(area_m2) if area_m2 is not None else "")
        income = self._survey.income
        self.income.setText(format_number(income) if income is not None else "")
        for code, box in self._checks.items():
            box.setChecked(code in self._survey.lacking)
        self.person_of_merit.setChecked(household.person_of_merit)
        self.social_protection.setChecked(household.social_protection)
        self.no_working_capacity.setChecked(household.no_working_capacity)
        for cause, box in self.cause_boxes.items():
            box.setChecked(cause in household.causes)
        self.other_cause.setText(household.causes.get(PovertyCause.OTHER, ""))
        self.status.setCurrentIndex(self.status.findData(self._survey.status))
        self._show_status()
        self.officer.setText(self._survey.officer)
        method = self._survey.point_table_id if self._survey.point_table_id in self._tables else ""
        self.method.setCurrentIndex(max(self.method.findData(method), 0))
        self._show_method(method, self._survey.item_answers)
        self._loading = False
        self._dirty = False
        self._status_confirmed = False
        self.status_notice.setText("")
        self._history.clear()
        self._redo.clear()
        self._state = self.state()
        self.saved_label.setText(self.tr("Đã lưu") if survey is not None else self.tr("Phiếu mới"))
        self._show_override()
        self._refresh()
        self._set_read_only(read_only)
        if read_only:
            self.saved_label.setText(self.tr("Kỳ rà soát đã có quyết định và đã khoá: chỉ xem, không sửa được."))
        self.saved_label.setStyleSheet("color: #8a5a00; font-weight: bold;" if read_only else "color: #555;")
        self._show_first_field()
        return True

    def _show_first_field(self) -> None:
        """The form from its top, the first field focused: B1, or the way B1 is scored when a
        point table is used. Whatever the previous household's form was scrolled to, the officer
        sees the field the keys go into."""
        self.form_scroll.verticalScrollBar().setValue(0)
        first = self.method if self.method.currentData() else self.b1
        first.setFocus()
        if first is self.b1:
            self.b1.selectAll()
        self.form_scroll.ensureWidgetVisible(first)

    def _set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for part in (self.part_a, self.part_b, self.part_c, self.part_d):
            part.setEnabled(not read_only)
        self.save_button.setEnabled(not read_only)

    def _show_override(self) -> None:
        category = self._survey.override_category
        self.override_category.setCurrentIndex(max(self.override_category.findData(category), 0))
        self.override_reason.setText(self._survey.override_reason or "")
        if category:
            name = CATEGORY_NAMES[Category(category)]
            self.decided.setText(
                self.tr("Kết quả quyết định sau họp dân: {name}. Lý do: {reason}").format(
                    name=name, reason=self._survey.override_reason or ""
                )
            )
        else:
            self.decided.setText("")

    def apply_override(self) -> bool:
        """Record the meeting's decision beside the computed result (both stay visible)."""
        if self._override is None or self._household is None or not self.flush():
            return False
        data = self.override_category.currentData()
        category = Category(str(data)) if data else None
        problem = self._override(category, self.override_reason.text())
        if problem:
            self.saved_label.setText(self.tr("Không ghi được điều chỉnh: {problem}").format(problem=problem))
            return False
        self._survey = replace(
            self._survey,
            override_category=category.value if category else None,
            override_reason=self.override_reason.text().strip() if category else None,
        )
        self._show_override()
        assert self._household.id is not None
        self.saved.emit(self._household.id)
        return True

    def clear(self) -> None:
        """Forget the household (another database was opened): nothing can be saved here any more."""
        self.autosave.stop()
        self._household, self._rulebook, self._save = None, None, None
        self._dirty = False
        self._history.clear()
        self._redo.clear()
        self.heading.setText(self.tr("Chưa chọn hộ. Chọn một hộ trong danh sách và nhấn Enter."))
        self.saved_label.setText("")
        self._set_read_only(True)

    def leave(self) -> bool:
        """Save pending edits before leaving this household. If they cannot be saved (a B1 that is
        not a number, say), ask whether to discard them; False means stay here."""
        if self.flush():
            return True
        assert self._household is not None
        question = self.tr("Phiếu B của hộ {code} chưa lưu được: {reason}\nBỏ các thay đổi chưa lưu?").format(
            code=self._household.code, reason=self.saved_label.text()
        )
        if self.confirm_discard(question):
            self.autosave.stop()
            self._dirty = False
            return True
        return False

    def confirm_discard(self, question: str) -> bool:
        answer = QMessageBox.question(
            self, self.tr("Phiếu B chưa lưu"), question, defaultButton=QMessageBox.StandardButton.No
        )
        return answer == QMessageBox.StandardButton.Yes

    def _build_indicators(self, rulebook: Rulebook) -> None:
        for widget in [*self._checks.values(), *self._hints.values()]:
            self.indicator_grid.removeWidget(widget)
            widget.deleteLater()
        self._checks.clear()
        self._hints.clear()
        previous: QWidget = self.housing_area
        for row, indicator in enumerate(rulebook.indicators_by_code.values()):
            box = QCheckBox(f"{indicator.report_column}. {localized(indicator)}")
            missing = self.tr("Điều kiện chưa có trong dữ liệu quy chuẩn.")
            condition, unverified = (
                officer_condition(localized(indicator.condition)) if indicator.condition else (missing, False)
            )
            if unverified:  # the data's "(… chưa được xác minh)": a star, and the legend once
                condition += UNVERIFIED_MARK
            box.setStatusTip(condition)
            box.setToolTip(f"{condition}\n{unverified_legend()}" if unverified else condition)
            box.installEventFilter(self)
            box.toggled.connect(self._changed)
            hint = QLabel()
            hint.setStyleSheet("color: #8a5a00;")
            hint.setWordWrap(True)
            self.indicator_grid.addWidget(box, row, 0)
            self.indicator_grid.addWidget(hint, row, 1)
            self.indicator_grid.setColumnStretch(1, 1)
            self._checks[indicator.code] = box
            self._hints[indicator.code] = hint
            QWidget.setTabOrder(previous, box)
            previous = box
        QWidget.setTabOrder(previous, self.person_of_merit)

    # -- state, undo -------------------------------------------------------------------------
    def indicator_check(self, code: str) -> QCheckBox:
        return self._checks[code]

    def suggestion_text(self, code: str) -> str:
        return self._hints[code].text()

    def state(self) -> FormState:
        return FormState(
            b1=self.b1.text(),
            housing_area=self.housing_area.text(),
            income=self.income.text(),
            lacking=frozenset(code for code, box in self._checks.items() if box.isChecked()),
            person_of_merit=self.person_of_merit.isChecked(),
            social_protection=self.social_protection.isChecked(),
            no_working_capacity=self.no_working_capacity.isChecked(),
            causes=frozenset(c for c, box in self.cause_boxes.items() if box.isChecked()),
            other_cause=self.other_cause.text(),
            status=SurveyStatus(self.status.currentData()),
            officer=self.officer.text(),
            method=str(self.method.currentData() or ""),
            answers=json.dumps(self.point_entry.answers() if self.method.currentData() else {}, sort_keys=True),
        )

    def _apply(self, state: FormState) -> None:
        self._loading = True
        self.b1.setText(state.b1)
        self.housing_area.setText(state.housing_area)
        self.income.setText(state.income)
        for code, box in self._checks.items():
            box.setChecked(code in state.lacking)
        self.person_of_merit.setChecked(state.person_of_merit)
        self.social_protection.setChecked(state.social_protection)
        self.no_working_capacity.setChecked(state.no_working_capacity)
        for cause, box in self.cause_boxes.items():
            box.setChecked(cause in state.causes)
        self.other_cause.setText(state.other_cause)
        self.status.setCurrentIndex(self.status.findData(state.status))
        self.officer.setText(state.officer)
        self.method.setCurrentIndex(max(self.method.findData(state.method), 0))
        self._show_method(state.method, json.loads(state.answers))
        self._loading = False

    def _show_method(self, method: str, answers: dict[str, object] | None) -> None:
        table = self._tables.get(method)
        if table is not None and self._column is None:
            self.input_error.setText(
                self.tr("Chưa khai báo vùng của xã (Xã → Thông tin xã): chưa chấm điểm theo bảng được.")
            )
            table = None
        if table is not None and self._column is not None:
            self.point_entry.set_table(table, self._column, answers)
            self.point_entry.show()
            self.b1.setReadOnly(True)
            scored = self.point_entry.result()
            self.b1.setText(format_number(scored.total) if isinstance(scored, Scored) else "")
        else:
            self.point_entry.hide()
            self.b1.setReadOnly(False)

    def _method_changed(self) -> None:
        if self._loading:
            return
        self._show_method(str(self.method.currentData() or ""), self._survey.item_answers)
        self._changed()

    def _points_changed(self) -> None:
        if self._loading:
            return
        scored = self.point_entry.result()
        self.b1.setText(format_number(scored.total) if isinstance(scored, Scored) else "")
        self._changed()

    def undo(self) -> None:
        if not self._history:
            return
        if self._state is not None:
            self._redo.append(self._state)
        self._go_to(self._history.pop())

    def redo(self) -> None:
        """Ctrl+Y or Ctrl+Shift+Z: do again what Ctrl+Z undid (until something else is changed)."""
        if not self._redo:
            return
        if self._state is not None:
            self._history.append(self._state)
        self._go_to(self._redo.pop())

    def _go_to(self, state: FormState) -> None:
        self._apply(state)
        self._state = state
        self._status_confirmed = False
        self.status_notice.setText("")
        self._mark_dirty()

    def _show_status(self) -> None:
        status = self.status.currentData()
        if status is None:
            self.status_badge.setText("")
            return
        label = QCoreApplication.translate("SurveyStatus", STATUS_LABELS[SurveyStatus(status)])
        self.status_badge.setText(self.tr("Tình trạng: {status}").format(status=label))
        colour = "#8a5a00" if status == SurveyStatus.DRAFT else "#1b5e20"
        self.status_badge.setStyleSheet(f"font-weight: bold; padding: 2px 6px; color: {colour};")

    def _status_chosen(self) -> None:
        if self._loading or self._read_only:
            return
        self._status_confirmed = True  # chosen by the officer, for the content as it stands
        self.status_notice.setText("")
        self._changed()

    def _changed(self) -> None:
        if self._loading or self._read_only:
            return
        new = self.state()
        if (
            self._state is not None
            and new.status in REVIEWED
            and replace(new, status=self._state.status) != self._state
        ):
            new = self._back_to_draft(new)
        if self._state is not None and new != self._state:
            self._history.append(self._state)
            self._redo.clear()  # a new change: what was undone cannot be redone any more
        self._state = new
        self._mark_dirty()

    def _back_to_draft(self, new: FormState) -> FormState:
        """A checked or approved form changed: it is a draft again, visibly, and the officer is told."""
        label = QCoreApplication.translate("SurveyStatus", STATUS_LABELS[new.status])
        self._loading = True
        self.status.setCurrentIndex(self.status.findData(SurveyStatus.DRAFT))
        self._loading = False
        self._status_confirmed = False
        assert self._household is not None
        message = self.tr(
            "Phiếu B của hộ {code} đã được sửa: tình trạng chuyển từ «{old}» về «Nháp». "
            "Kiểm tra lại rồi chọn lại «{old}»."
        ).format(code=self._household.code, old=label)
        self.status_notice.setText(message)
        self.status_reset.emit(message)
        return replace(new, status=SurveyStatus.DRAFT)

    def _mark_dirty(self) -> None:
        self._dirty = True
        self.saved_label.setText(self.tr("Chưa lưu — tự lưu nháp sau giây lát"))
        self.autosave.start()
        self._refresh()

    # -- the form as data ----------------------------------------------------------------------
    def _scored(self) -> Scored | PointAnswerError | None:
        return self.point_entry.result() if self.method.currentData() else None

    def _numbers(self) -> tuple[float | None, float | None, list[str]]:
        problems = []
        scored = self._scored()
        b1: int | float | str | None
        if self.method.currentData():
            b1 = scored.total if isinstance(scored, Scored) else None
        else:
            b1 = parse_number(self.b1.text(), decimals=True)
        if isinstance(b1, str):
            problems.append(self.tr("Điểm B1 phải là một số."))
            b1 = None
        elif b1 is not None and not 0 <= b1 <= 1000:
            problems.append(self.tr("Điểm B1 phải từ 0 đến 1.000."))
        income = parse_number(self.income.text(), decimals=False)
        if income is not None and (not isinstance(income, int) or income < 0):
            problems.append(self.tr("Thu nhập bình quân phải là số đồng chẵn, không âm (ví dụ 1.500.000)."))
        area = parse_number(self.housing_area.text(), decimals=True)
        if isinstance(area, str):
            problems.append(self.tr("Diện tích nhà ở phải là một số (m²)."))
            area = None
        elif area is not None and not 0 <= area <= 10000:
            problems.append(self.tr("Diện tích nhà ở phải từ 0 đến 10.000 m²."))
        return (float(b1) if b1 is not None else None), (float(area) if area is not None else None), problems

    def _income(self) -> int | None:
        value = parse_number(self.income.text(), decimals=False)
        return value if isinstance(value, int) and value >= 0 else None

    def survey_data(self) -> SurveyData:
        b1, area, _ = self._numbers()
        state = self.state()
        table = self._tables.get(str(self.method.currentData() or ""))
        return replace(
            self._survey,
            b1=b1,
            item_answers=self.point_entry.answers() if table else None,
            point_table_id=table.id if table else None,
            point_table_sha256=table.sha256 if table else None,
            housing_area_m2=area,
            income=self._income(),
            lacking=[code for code in self._checks if code in state.lacking],
            status=state.status,
            officer=state.officer.strip(),
        )

    def household_data(self) -> HouseholdData:
        assert self._household is not None
        state = self.state()
        return replace(
            self._household,
            person_of_merit=state.person_of_merit,
            social_protection=state.social_protection,
            no_working_capacity=state.no_working_capacity,
            causes={c: (state.other_cause.strip() if c is PovertyCause.OTHER else "") for c in state.causes},
        )

    def outcome(self) -> Classification | ClassificationError | None:
        if self._rulebook is None or self._household is None:
            return None
        b1, _, problems = self._numbers()
        if problems:
            return None
        data = self.survey_data()
        # The same rule as the stored result (B1 decides; the income only where there is no B1).
        return classify_survey(
            self._rulebook, area=self._household.area, lacking=data.lacking, b1=b1, income=data.income
        )

    def _refresh(self) -> None:
        if self._rulebook is None or self._household is None:
            return
        _, _, problems = self._numbers()
        scored = self._scored()
        if isinstance(scored, PointAnswerError):
            problems = [*problems, scored.message]
        self.input_error.setText("\n".join(problems))
        for suggestion in suggest_lacking(self._rulebook, self._household, self.survey_data(), self._today):
            hint = self._hints.get(suggestion.code)
            if hint is None:
                continue
            ticked = self._checks[suggestion.code].isChecked()
            if suggestion.lacking is None:
                hint.setText(self.tr("Chưa đủ dữ liệu để gợi ý: {reason}").format(reason=suggestion.reason))
            elif suggestion.lacking != ticked:
                verdict = self.tr("nên đánh dấu") if suggestion.lacking else self.tr("có thể không thiếu hụt")
                hint.setText(self.tr("Gợi ý: {verdict} — {reason}").format(verdict=verdict, reason=suggestion.reason))
            else:
                hint.setText("")
        self.panel.show_outcome(
            self.outcome(), self._rulebook, empty_hint=self.tr("Nhập tổng điểm B1 để thấy kết quả phân loại.")
        )

    # -- saving, navigation --------------------------------------------------------------------
    def save(self) -> bool:
        self.autosave.stop()
        if self._household is None or self._save is None or self._read_only:
            return False
        _, _, problems = self._numbers()
        if problems:
            self.saved_label.setText(self.tr("Chưa lưu: {problems}").format(problems=" ".join(problems)))
            return False
        problem = self._save(self.household_data(), self.survey_data(), self._status_confirmed)
        if problem:
            self.saved_label.setText(self.tr("Không lưu được: {problem}").format(problem=problem))
            return False
        self._dirty = False
        self.saved_label.setText(self.tr("Đã lưu lúc {time}").format(time=dt.datetime.now().strftime("%H:%M:%S")))
        assert self._household.id is not None
        self.saved.emit(self._household.id)
        return True

    def _autosave(self) -> None:
        if self._dirty:
            self.save()

    def flush(self) -> bool:
        """Save pending edits now (before leaving the household); True when nothing is left unsaved."""
        if self._dirty:
            return self.save()
        return True

    def current_household_id(self) -> int | None:
        return self._household.id if self._household is not None else None

    def is_dirty(self) -> bool:
        return self._dirty

    def go(self, step: int) -> None:
        if self.leave():
            self.navigate.emit(step)

    def _back(self) -> None:
        if self.leave():
            self.back.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, QCheckBox) and event.type() in (QEvent.Type.FocusIn, QEvent.Type.Enter):
            self.condition.setText(f"{watched.text()}: {watched.toolTip()}")
        if (
            isinstance(watched, QLineEdit)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            focus_next(watched)  # Enter moves on, as on the paper form
            return True
        return super().eventFilter(watched, event)
