"""The household editor: the household's fields, groups and causes, and its member roster.

The roster is a list (add, remove, move up/down) with the selected member's fields below it.
Validation runs on every change and shows Vietnamese messages beside the fields; errors block
saving, warnings (a CCCD that disagrees with sex or birth year, a possible duplicate person) do not.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import re
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ranoat.domain.area import Area
from ranoat.domain.ethnicity import ethnic_groups
from ranoat.domain.household import Employment, HouseholdData, MemberData, PovertyCause, Relation, Schooling, Sex
from ranoat.domain.issue import Issue
from ranoat.domain.validation import validate_household
from ranoat.operations.commune import VillageData
from ranoat.operations.households import PersonMatch
from ui.i18n import QT_TRANSLATE_NOOP
from ui.labels import (
    CAUSE_LABELS,
    EMPLOYMENT_LABELS,
    RELATION_LABELS,
    SCHOOLING_LABELS,
    SEX_LABELS,
    relation_label,
    sex_label,
)
from ui.widgets.keyboard import TypeAheadCombo, focus_next

E = TypeVar("E", bound=StrEnum)

ROSTER_HEADERS = [  # translated where shown (self.tr in HouseholdDialog)
    QT_TRANSLATE_NOOP("HouseholdDialog", "Họ và tên"),
    QT_TRANSLATE_NOOP("HouseholdDialog", "Quan hệ"),
    QT_TRANSLATE_NOOP("HouseholdDialog", "Giới tính"),
    QT_TRANSLATE_NOOP("HouseholdDialog", "Năm sinh"),
    QT_TRANSLATE_NOOP("HouseholdDialog", "CCCD"),
]
_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")

SaveHousehold = Callable[[HouseholdData], str | None]  # returns an error message, or None when saved
FindPerson = Callable[[MemberData], list[PersonMatch]]
# the lengths the register's columns hold (ranoat/storage/models.py: Household, Member, HouseholdCause)
CODE_MAX, ADDRESS_MAX, PHONE_MAX, NAME_MAX, CAUSE_NOTE_MAX = 30, 200, 20, 100, 200
SuggestCode = Callable[[int], str]  # the next free household code in a village (T01-00001)


def parse_birth(text: str) -> tuple[int | None, dt.date | None] | None:
    """What is typed in "Năm sinh": a year ("1975"), a date ("03/02/1975", "3.2.1975", "03021975")
    or nothing. Returns (year, date), or None when it cannot be read."""
    text = text.strip()
    if not text:
        return None, None
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
        return (year, None) if 1800 <= year <= 2100 else None
    digits = re.fullmatch(r"(\d{2})(\d{2})(\d{4})", text)
    found = digits or _DATE.match(text)
    if not found:
        return None
    day, month, year = (int(part) for part in found.groups())
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    return (year, date) if 1800 <= year <= 2100 else None


def birth_text(member: MemberData) -> str:
    if member.birth_date:
        return member.birth_date.strftime("%d/%m/%Y")
    return str(member.birth_year or "")


def _combo(labels: Mapping[Any, str], *, empty: str | None = None, context: str | None = None) -> QComboBox:
    """A combo of ``labels``; with ``context``, labels marked QT_TRANSLATE_NOOP(context, …) are translated.
    Picked from the keyboard by first letters without diacritics ("nu" → Nữ)."""
    combo = TypeAheadCombo()
    if empty is not None:
        combo.addItem(empty, None)
    for value, label in labels.items():
        combo.addItem(QCoreApplication.translate(context, label) if context else label, value)
    return combo


def _enum(kind: type[E], value: object) -> E | None:
    """A combo box hands back a StrEnum as its plain string: turn it back into the enum."""
    return None if value is None else kind(str(value))


class ErrorLabel(QLabel):
    """A Vietnamese message beside a field: red for errors, amber for warnings.

    Always laid out, one line high when empty, so that the fields below do not jump while the officer
    types and a message comes and goes (issue #14). A message of several lines still grows the label."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setMinimumHeight(self.fontMetrics().lineSpacing())

    def show_issues(self, issues: list[Issue]) -> None:
        if not issues:
            self.clear()
            return
        colour = "#b71c1c" if any(i.severity == "error" for i in issues) else "#8a5a00"
        self.setStyleSheet(f"color: {colour};")
        self.setText("\n".join(i.message for i in issues))


class HouseholdDialog(QDialog):
    saved = Signal()

    def __init__(
        self,
        household: HouseholdData,
        villages: list[VillageData],
        save: SaveHousehold,
        find_person: FindPerson,
        today: dt.date,
        parent: QWidget | None = None,
        suggest_code: SuggestCode | None = None,
    ) -> None:
        super().__init__(parent)
        self._household = household
        # a new household's code follows the village while it is still the suggested one (issue #14)
        self._suggest_code = suggest_code if household.id is None else None
        self._suggested_code = household.code
        self._save = save
        self._find_person = find_person
        self._today = today
        self._loading = False
        self._current = -1
        self._constructed = False
        self._changed_since_open = False
        # Ctrl+Z / Ctrl+Y over the whole form (the roster too), as in Phiếu B (issue #14: no redo)
        self._undo: list[HouseholdData] = []
        self._redo: list[HouseholdData] = []
        self._snapshot: HouseholdData | None = None
        self._restoring = False
        self.setWindowTitle(
            self.tr("Hộ gia đình {code}").format(code=household.code) if household.id else self.tr("Thêm hộ")
        )
        self.resize(1100, 700)

        # -- household fields
        # No QLineEdit.setMaxLength on the text fields: it cuts a pasted text without a word (issue #14).
        # A text longer than the database column is refused instead, naming the limit (`too_long`).
        self.code = QLineEdit(household.code)
        self.village = QComboBox()
        self.village.addItem(self.tr("— chọn thôn —"), None)
        for village in villages:
            self.village.addItem(f"{village.name} ({village.code})", village.id)
        self.village.setCurrentIndex(max(self.village.findData(household.village_id), 0))
        self.area = QComboBox()
        self.area.addItem(self.tr("Nông thôn"), Area.RURAL.value)
        self.area.addItem(self.tr("Thành thị"), Area.URBAN.value)
        self.area.setCurrentIndex(self.area.findData(household.area.value))
        self.address = QLineEdit(household.address)
        self.phone = QLineEdit(household.phone)
        self.code_error = ErrorLabel()
        self.village_error = ErrorLabel()
        self.phone_error = ErrorLabel()
        self.address_error = ErrorLabel()
        form = QFormLayout()
        form.addRow(self.tr("&Mã hộ:"), self._with_error(self.code, self.code_error))
        form.addRow(self.tr("&Thôn:"), self._with_error(self.village, self.village_error))
        form.addRow(self.tr("&Khu vực:"), self.area)
        form.addRow(self.tr("Đị&a chỉ:"), self._with_error(self.address, self.address_error))
        form.addRow(self.tr("Điện t&hoại:"), self._with_error(self.phone, self.phone_error))

        groups = QGroupBox(self.tr("Nhóm đối tượng"))
        groups_layout = QVBoxLayout(groups)
        self.person_of_merit = QCheckBox(self.tr("Hộ có người có công với cách mạng"))
        self.social_protection = QCheckBox(self.tr("Hộ có đối tượng bảo trợ xã hội"))
        self.no_working_capacity = QCheckBox(self.tr("Hộ không có khả năng lao động"))
        self.person_of_merit.setChecked(household.person_of_merit)
        self.social_protection.setChecked(household.social_protection)
        self.no_working_capacity.setChecked(household.no_working_capacity)
        # Quyết định 24/2021 Art. 6: only such a household (that applies, Mẫu 01) can have an average living standard
        self.farming = QCheckBox(self.tr("Hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp, diêm nghiệp"))
        self.farming.setToolTip(
            self.tr(
                "Chỉ hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp, diêm nghiệp có đơn đề nghị (Mẫu 01) mới được "
                "xác định là hộ có mức sống trung bình."
            )
        )
        self.farming.setChecked(household.farming)
        for box in (self.person_of_merit, self.social_protection, self.no_working_capacity, self.farming):
            groups_layout.addWidget(box)
        self.ethnic_minority = QLabel()
        groups_layout.addWidget(self.ethnic_minority)

        causes = QGroupBox(self.tr("Nguyên nhân nghèo"))
        causes_layout = QGridLayout(causes)
        self.cause_boxes: dict[PovertyCause, QCheckBox] = {}
        for position, (cause, label) in enumerate(CAUSE_LABELS.items()):
            box = QCheckBox(QCoreApplication.translate("PovertyCause", label))
            box.setChecked(cause in household.causes)
            self.cause_boxes[cause] = box
            causes_layout.addWidget(box, position % 4, position // 4)
        self.other_cause = QLineEdit(household.causes.get(PovertyCause.OTHER, ""))
        self.other_cause.setPlaceholderText(self.tr("Ghi rõ nguyên nhân khác"))
        causes_layout.addWidget(self.other_cause, 4, 0, 1, 2)
        self.cause_error = ErrorLabel()
        causes_layout.addWidget(self.cause_error, 5, 0, 1, 2)

        top = QHBoxLayout()
        top.addLayout(form, 3)
        top.addWidget(groups, 2)
        top.addWidget(causes, 3)

        # -- roster
        self.roster = QTableWidget(0, len(ROSTER_HEADERS))
        self.roster.setHorizontalHeaderLabels([self.tr(h) for h in ROSTER_HEADERS])
        self.roster.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.roster.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.roster.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.roster.horizontalHeader().setStretchLastSection(True)
        self.roster.setColumnWidth(0, 220)
        self.add_member = QPushButton(self.tr("Thêm &người"))
        self.remove_member = QPushButton(self.tr("&Xoá người"))
        self.move_up = QPushButton(self.tr("Lên"))
        self.move_down = QPushButton(self.tr("Xuống"))
        roster_buttons = QVBoxLayout()
        for button in (self.add_member, self.remove_member, self.move_up, self.move_down):
            roster_buttons.addWidget(button)
        roster_buttons.addStretch(1)
        self.roster_error = ErrorLabel()

        # -- the selected member
        self.full_name = QLineEdit()
        self.sex = _combo(SEX_LABELS, empty=self.tr("—"), context="Sex")
        self.relation = _combo(RELATION_LABELS, empty=self.tr("—"), context="Relation")
        # one field for the year or the whole date, typed as on the paper: "1975" or "03/02/1975"
        self.birth = QLineEdit()
        self.birth.setPlaceholderText(self.tr("năm (1975) hoặc ngày (03/02/1975)"))
        self.ethnicity = TypeAheadCombo()
        for group in ethnic_groups():
            self.ethnicity.addItem(group.name, group.code)
        self.cccd = QLineEdit()  # 13 digits pasted: "phải có 12 chữ số", not a silently cut number
        self.cccd.setPlaceholderText(self.tr("12 số (hoặc CMND 9 số)"))
        self.schooling = _combo(SCHOOLING_LABELS, empty=self.tr("—"), context="Schooling")
        self.employment = _combo(EMPLOYMENT_LABELS, empty=self.tr("—"), context="Employment")
        self.health_insurance = QComboBox()
        self.health_insurance.addItem(self.tr("—"), None)
        self.health_insurance.addItem(self.tr("Có thẻ BHYT"), True)
        self.health_insurance.addItem(self.tr("Không có thẻ BHYT"), False)
        self.disability = QCheckBox(self.tr("Người khuyết tật"))
        self.name_error = ErrorLabel()
        self.person_error = ErrorLabel()
        self.birth_error = ErrorLabel()
        self.cccd_error = ErrorLabel()
        member_form = QFormLayout()
        member_form.addRow(self.tr("&Họ và tên:"), self._with_error(self.full_name, self.name_error))
        member_form.addRow(self.tr("Quan hệ với chủ hộ:"), self.relation)
        member_form.addRow(self.tr("Giới tính:"), self._with_error(self.sex, self.person_error))
        member_form.addRow(self.tr("Năm/ngày sinh:"), self._with_error(self.birth, self.birth_error))
        member_form.addRow(self.tr("Dân tộc:"), self.ethnicity)
        member_form.addRow(self.tr("Số &CCCD:"), self._with_error(self.cccd, self.cccd_error))
        other_form = QFormLayout()
        other_form.addRow(self.tr("Trình độ học vấn:"), self.schooling)
        other_form.addRow(self.tr("Việc làm:"), self.employment)
        other_form.addRow(self.tr("Bảo hiểm y tế:"), self.health_insurance)
        other_form.addRow("", self.disability)
        self.member_box = QGroupBox(self.tr("Thành viên đang chọn"))
        member_layout = QHBoxLayout(self.member_box)
        member_layout.addLayout(member_form, 3)
        member_layout.addLayout(other_form, 2)

        roster_row = QHBoxLayout()
        roster_row.addWidget(self.roster, 1)
        roster_row.addLayout(roster_buttons)

        self.summary = ErrorLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("&Lưu (Ctrl+S)"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Đóng"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(QLabel(self.tr("<b>Thành viên của hộ</b> (đúng một chủ hộ)")))
        layout.addLayout(roster_row, 2)
        layout.addWidget(self.roster_error)
        layout.addWidget(self.member_box, 3)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)

        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        QShortcut(QKeySequence.StandardKey.Undo, self, self.undo)
        for keys in ("Ctrl+Y", "Ctrl+Shift+Z"):
            QShortcut(QKeySequence(keys), self, self.redo)
        self.add_member.clicked.connect(self.add_new_member)
        self.remove_member.clicked.connect(self.remove_current_member)
        self.move_up.clicked.connect(lambda: self.move_current(-1))
        self.move_down.clicked.connect(lambda: self.move_current(1))
        self.roster.currentCellChanged.connect(self._member_selected)
        for editor in (self.full_name, self.cccd):
            editor.textEdited.connect(self._member_edited)
            editor.editingFinished.connect(self._check_same_person)
        for combo in (self.sex, self.relation, self.ethnicity, self.schooling, self.employment, self.health_insurance):
            combo.currentIndexChanged.connect(self._member_edited)
        self.birth.textEdited.connect(self._member_edited)
        self.birth.editingFinished.connect(self._check_same_person)
        self.birth_unreadable = False
        self.disability.toggled.connect(self._member_edited)
        for field in (self.code, self.address, self.phone, self.other_cause):
            field.textEdited.connect(self.validate)
        self.village.currentIndexChanged.connect(self._village_changed)
        self.village.currentIndexChanged.connect(self.validate)
        self.area.currentIndexChanged.connect(self.validate)
        for box in (
            self.person_of_merit,
            self.social_protection,
            self.no_working_capacity,
            self.farming,
            *self.cause_boxes.values(),
        ):
            box.toggled.connect(self.validate)

        # paper order (Mẫu 01): name, relation, sex, birth, ethnicity, CCCD, then the rest; Enter or Tab
        # moves along it, Alt+N starts the next member with the focus on the name
        order = [
            self.full_name,
            self.relation,
            self.sex,
            self.birth,
            self.ethnicity,
            self.cccd,
            self.schooling,
            self.employment,
            self.health_insurance,
            self.disability,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        self.add_member.setText(self.tr("Thêm người (Alt+N)"))
        QShortcut(QKeySequence("Alt+N"), self, self.add_new_member)

        self._same_person: dict[int, list[PersonMatch]] = {}
        self._fill_roster()
        if household.members:
            self.roster.selectRow(0)
        else:
            self.add_new_member()
            self.relation.setCurrentIndex(self.relation.findData(Relation.HEAD))
        self.validate()
        self._constructed = True
        self._snapshot = copy.deepcopy(self.household())

    def _village_changed(self) -> None:
        """A new household's suggested code is per village (T01-00001): choosing another village
        suggests that village's code, unless the officer has typed a code of their own."""
        village_id = self.village.currentData()
        if self._suggest_code is None or village_id is None or self._restoring:
            return
        if self.code.text().strip() not in ("", self._suggested_code):
            return
        self._suggested_code = self._suggest_code(int(village_id))
        self.code.setText(self._suggested_code)

    @staticmethod
    def _with_error(field: QWidget, error: ErrorLabel) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(field)
        layout.addWidget(error)
        return box

    # -- roster ------------------------------------------------------------------------------
    def members(self) -> list[MemberData]:
        return self._household.members

    def _fill_roster(self) -> None:
        self.roster.setRowCount(len(self._household.members))
        for row, member in enumerate(self._household.members):
            self._fill_row(row, member)

    def _fill_row(self, row: int, member: MemberData) -> None:
        cells = [
            member.full_name,
            relation_label(member.relation),
            sex_label(member.sex),
            str(member.birth_year or ""),
            member.cccd,
        ]
        for column, text in enumerate(cells):
            self.roster.setItem(row, column, QTableWidgetItem(text))

    def add_new_member(self) -> None:
        """A new member, the focus on its name. Not pre-filled with the head's family name: a
        Vietnamese wife keeps hers; the ethnicity is the head's, the usual case."""
        head = self._household.head()
        ethnicity = head.ethnicity_code if head else "01"
        self._household.members.append(MemberData(full_name="", ethnicity_code=ethnicity))
        self._fill_roster()
        self.roster.selectRow(len(self._household.members) - 1)
        self.full_name.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.validate()

    def remove_current_member(self) -> None:
        """Xoá người: asks first, naming the member (issue #14: it deleted at once)."""
        row = self._current
        if 0 <= row < len(self._household.members):
            member = self._household.members[row]
            who = member.full_name.strip() or self.tr("thành viên thứ {n}").format(n=row + 1)
            if not self.confirm_remove(who):
                return
            del self._household.members[row]
            self._current = -1
            self._fill_roster()
            if self._household.members:
                self.roster.selectRow(min(row, len(self._household.members) - 1))
            self.validate()

    def move_current(self, step: int) -> None:
        row, target = self._current, self._current + step
        members = self._household.members
        if 0 <= row < len(members) and 0 <= target < len(members):
            members[row], members[target] = members[target], members[row]
            self._current = -1
            self._fill_roster()
            self.roster.selectRow(target)

    def _member_selected(self, row: int, *_: int) -> None:
        self._current = row
        enabled = 0 <= row < len(self._household.members)
        self.member_box.setEnabled(enabled)
        if not enabled:
            return
        member = self._household.members[row]
        self._loading = True
        self.full_name.setText(member.full_name)
        self.sex.setCurrentIndex(max(self.sex.findData(member.sex), 0))
        self.relation.setCurrentIndex(max(self.relation.findData(member.relation), 0))
        self.birth.setText(birth_text(member))
        self.birth_unreadable = False
        self.ethnicity.setCurrentIndex(max(self.ethnicity.findData(member.ethnicity_code), 0))
        self.cccd.setText(member.cccd)
        self.schooling.setCurrentIndex(max(self.schooling.findData(member.schooling), 0))
        self.employment.setCurrentIndex(max(self.employment.findData(member.employment), 0))
        self.health_insurance.setCurrentIndex(max(self.health_insurance.findData(member.health_insurance), 0))
        self.disability.setChecked(member.disability)
        self._loading = False
        self.validate(touched=False)

    def _member_edited(self) -> None:
        if self._loading or not 0 <= self._current < len(self._household.members):
            return
        member = self._household.members[self._current]
        member.full_name = self.full_name.text()
        member.sex = _enum(Sex, self.sex.currentData())
        member.relation = _enum(Relation, self.relation.currentData())
        birth = parse_birth(self.birth.text())
        self.birth_unreadable = birth is None
        member.birth_year, member.birth_date = birth if birth is not None else (None, None)
        member.ethnicity_code = str(self.ethnicity.currentData())
        member.cccd = self.cccd.text().strip()
        member.schooling = _enum(Schooling, self.schooling.currentData())
        member.employment = _enum(Employment, self.employment.currentData())
        member.health_insurance = self.health_insurance.currentData()
        member.disability = self.disability.isChecked()
        self._fill_row(self._current, member)
        self.validate()

    def _check_same_person(self) -> None:
        if not 0 <= self._current < len(self._household.members):
            return
        member = self._household.members[self._current]
        self._same_person[self._current] = self._find_person(member)
        self.validate()

    # -- validation and saving -----------------------------------------------------------------
    def household(self) -> HouseholdData:
        data = self._household
        data.code = self.code.text().strip()
        data.village_id = self.village.currentData()
        data.area = Area(self.area.currentData())
        data.address = self.address.text()
        data.phone = self.phone.text()
        data.person_of_merit = self.person_of_merit.isChecked()
        data.social_protection = self.social_protection.isChecked()
        data.no_working_capacity = self.no_working_capacity.isChecked()
        data.farming = self.farming.isChecked()
        data.causes = {
            cause: (self.other_cause.text() if cause is PovertyCause.OTHER else "")
            for cause, box in self.cause_boxes.items()
            if box.isChecked()
        }
        return data

    def issues(self) -> list[Issue]:
        found = validate_household(self.household(), self._today)
        if self.birth_unreadable and 0 <= self._current < len(self._household.members):
            # "no birth year" is not news when something was typed: say only why it is not read
            found = [i for i in found if i.field != f"members.{self._current}.birth_year"]
            found.append(
                Issue(
                    f"members.{self._current}.birth_year",
                    "error",
                    self.tr("Không đọc được «{text}»: gõ năm (1975) hoặc ngày (03/02/1975).").format(
                        text=self.birth.text()
                    ),
                )
            )
        found.extend(self.too_long())
        for row, matches in self._same_person.items():
            for match in matches:
                if match.household_id != self._household.id:
                    found.append(
                        Issue(
                            f"members.{row}.cccd",
                            "warning",
                            self.tr("Có thể trùng người: {name} ({year}) ở hộ {code} — {reason}.").format(
                                name=match.full_name,
                                year=match.birth_year,
                                code=match.household_code,
                                reason=match.reason,
                            ),
                        )
                    )
        return found

    def too_long(self) -> list[Issue]:
        """Texts longer than the register's columns can hold: refused, naming the limit (they were cut
        at the limit without a word when pasted)."""
        data = self._household
        texts: list[tuple[str, str, str, int]] = [
            ("code", self.tr("Mã hộ"), data.code, CODE_MAX),
            ("address", self.tr("Địa chỉ"), data.address, ADDRESS_MAX),
            ("phone", self.tr("Điện thoại"), data.phone, PHONE_MAX),
            ("causes", self.tr("Nguyên nhân khác"), self.other_cause.text(), CAUSE_NOTE_MAX),
        ]
        texts += [
            (f"members.{row}.full_name", self.tr("Họ và tên"), member.full_name, NAME_MAX)
            for row, member in enumerate(data.members)
        ]
        return [
            Issue(
                field,
                "error",
                self.tr("{what} dài {n} ký tự, quá {limit} ký tự sổ hộ ghi được: hãy viết gọn lại.").format(
                    what=what, n=len(text.strip()), limit=limit
                ),
            )
            for field, what, text, limit in texts
            if len(text.strip()) > limit
        ]

    def validate(self, *, touched: bool = True) -> list[Issue]:
        if touched and self._constructed and not self._loading:
            self._changed_since_open = True
        found = self.issues()
        if self._constructed and not self._restoring and self._snapshot is not None:
            now = self._household  # as issues() read it from the fields
            if now != self._snapshot:
                self._undo.append(self._snapshot)
                self._redo.clear()  # a new change: what was undone cannot be redone any more
                self._snapshot = copy.deepcopy(now)
        prefix = f"members.{self._current}."

        def at(*fields: str) -> list[Issue]:
            return [i for i in found if i.field in fields]

        self.code_error.show_issues(at("code"))
        self.village_error.show_issues(at("village_id", "village"))
        self.phone_error.show_issues(at("phone"))
        self.address_error.show_issues(at("address"))
        self.cause_error.show_issues(at("causes"))
        self.roster_error.show_issues(at("members", "head", "relation"))
        self.name_error.show_issues(at(prefix + "full_name"))
        self.person_error.show_issues(at(prefix + "sex", prefix + "relation"))
        self.birth_error.show_issues(at(prefix + "birth_year", prefix + "birth_date"))
        self.cccd_error.show_issues(at(prefix + "cccd", prefix + "ethnicity_code"))
        head = self._household.head()
        minority = head is not None and head.ethnicity_code != "01"
        self.ethnic_minority.setText(
            self.tr("Hộ dân tộc thiểu số (theo dân tộc của chủ hộ)") if minority else self.tr("Hộ dân tộc Kinh")
        )
        errors = [i for i in found if i.severity == "error"]
        if errors:
            self.summary.show_issues(
                [
                    Issue(
                        "",
                        "error",
                        self.tr("Còn {n} lỗi cần sửa trước khi lưu.", "", len(errors)).format(n=len(errors)),
                    )
                ]
            )
        else:
            self.summary.show_issues([])
        return found

    def undo(self) -> None:
        """Ctrl+Z outside a text field (which undoes its own typing first): the form as it was before
        the last change, the roster included."""
        if self._undo and self._snapshot is not None:
            self._redo.append(self._snapshot)
            self._restore(self._undo.pop())

    def redo(self) -> None:
        """Ctrl+Y or Ctrl+Shift+Z: what Ctrl+Z undid, again."""
        if self._redo and self._snapshot is not None:
            self._undo.append(self._snapshot)
            self._restore(self._redo.pop())

    def _restore(self, state: HouseholdData) -> None:
        self._restoring = True
        try:
            row = self._current
            self._household = copy.deepcopy(state)
            self.code.setText(state.code)
            self.village.setCurrentIndex(max(self.village.findData(state.village_id), 0))
            self.area.setCurrentIndex(max(self.area.findData(state.area.value), 0))
            self.address.setText(state.address)
            self.phone.setText(state.phone)
            self.person_of_merit.setChecked(state.person_of_merit)
            self.social_protection.setChecked(state.social_protection)
            self.no_working_capacity.setChecked(state.no_working_capacity)
            self.farming.setChecked(state.farming)
            for cause, box in self.cause_boxes.items():
                box.setChecked(cause in state.causes)
            self.other_cause.setText(state.causes.get(PovertyCause.OTHER, ""))
            self._current = -1
            self._fill_roster()
            if state.members:
                self.roster.selectRow(min(max(row, 0), len(state.members) - 1))
                self._member_selected(self.roster.currentRow())  # the same row: no signal, load it
            self._snapshot = copy.deepcopy(self.household())
        finally:
            self._restoring = False
        self.validate()

    def has_changes(self) -> bool:
        return self._changed_since_open

    def reject(self) -> None:
        """Esc or Đóng: ask before throwing away edits that were not saved."""
        if self._changed_since_open and not self.confirm_discard():
            return
        super().reject()

    def confirm_remove(self, who: str) -> bool:
        """Ask before removing a member from the roster (tests replace this)."""
        answer = QMessageBox.question(
            self,
            self.tr("Xoá người khỏi hộ?"),
            self.tr("Xoá {who} khỏi danh sách thành viên của hộ? (Chỉ có hiệu lực khi bấm Lưu.)").format(who=who),
            defaultButton=QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def confirm_discard(self) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Đóng mà không lưu?"),
            self.tr("Các thay đổi của hộ {code} chưa được lưu. Bỏ các thay đổi này?").format(code=self.code.text()),
            defaultButton=QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def save(self) -> bool:
        errors = [i for i in self.validate() if i.severity == "error"]
        if errors:
            self.summary.show_issues(errors)
            return False
        problem = self._save(self.household())
        if problem:
            self.summary.show_issues([Issue("", "error", problem)])
            return False
        self._changed_since_open = False
        self.saved.emit()
        self.accept()
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter moves to the next field (as on the paper form) instead of closing the dialog."""
        focused = self.focusWidget()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and focused is not None:
            focus_next(focused)
            return
        super().keyPressEvent(event)
