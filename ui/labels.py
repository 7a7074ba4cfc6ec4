"""The GUI's names and colours of the core's codes, in one place: categories, survey statuses,
schooling, employment, causes of poverty, why a household is reviewed, the other movements.

The Vietnamese is marked with `QT_TRANSLATE_NOOP` in the context the translations use and is
translated where it is shown (`category_label`, `status_label`, or `QCoreApplication.translate`
with the context). Names the outputs print too (sex, relation, commune type) live in the core
(`ranoat.domain.names`), as the lists print them.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from ranoat.domain.category import Category
from ranoat.domain.household import Employment, PovertyCause, Relation, Schooling, Sex
from ranoat.domain.round import OtherMove, ReviewSource
from ranoat.domain.survey import SurveyStatus
from ui.i18n import QT_TRANSLATE_NOOP

CATEGORY_LABELS = {
    Category.POOR: QT_TRANSLATE_NOOP("Category", "Hộ nghèo"),
    Category.NEAR_POOR: QT_TRANSLATE_NOOP("Category", "Hộ cận nghèo"),
    Category.NOT_POOR: QT_TRANSLATE_NOOP("Category", "Không nghèo"),
    Category.AVERAGE_LIVING_STANDARD: QT_TRANSLATE_NOOP("Category", "Mức sống trung bình"),
}
STATUS_LABELS = {
    SurveyStatus.DRAFT: QT_TRANSLATE_NOOP("SurveyStatus", "Nháp"),
    SurveyStatus.CHECKED: QT_TRANSLATE_NOOP("SurveyStatus", "Đã kiểm tra"),
    SurveyStatus.APPROVED: QT_TRANSLATE_NOOP("SurveyStatus", "Đã duyệt"),
}
SCHOOLING_LABELS = {
    Schooling.NONE: QT_TRANSLATE_NOOP("Schooling", "Chưa/không đi học"),
    Schooling.STUDYING: QT_TRANSLATE_NOOP("Schooling", "Đang đi học"),
    Schooling.PRIMARY: QT_TRANSLATE_NOOP("Schooling", "Tốt nghiệp tiểu học"),
    Schooling.LOWER_SECONDARY: QT_TRANSLATE_NOOP("Schooling", "Tốt nghiệp THCS"),
    Schooling.UPPER_SECONDARY: QT_TRANSLATE_NOOP("Schooling", "Tốt nghiệp THPT"),
    Schooling.VOCATIONAL: QT_TRANSLATE_NOOP("Schooling", "Sơ cấp/trung cấp/cao đẳng nghề"),
    Schooling.HIGHER: QT_TRANSLATE_NOOP("Schooling", "Cao đẳng, đại học trở lên"),
}
EMPLOYMENT_LABELS = {
    Employment.EMPLOYED: QT_TRANSLATE_NOOP("Employment", "Có việc làm"),
    Employment.WAGE_NO_CONTRACT: QT_TRANSLATE_NOOP("Employment", "Làm công không hợp đồng"),
    Employment.UNEMPLOYED: QT_TRANSLATE_NOOP("Employment", "Không có việc làm"),
    Employment.STUDYING: QT_TRANSLATE_NOOP("Employment", "Đang đi học"),
    Employment.UNABLE: QT_TRANSLATE_NOOP("Employment", "Không có khả năng lao động"),
    Employment.RETIRED: QT_TRANSLATE_NOOP("Employment", "Nghỉ hưu, già yếu"),
    Employment.CHILD: QT_TRANSLATE_NOOP("Employment", "Trẻ em"),
}
CAUSE_LABELS = {
    PovertyCause.NO_LAND: QT_TRANSLATE_NOOP("PovertyCause", "1. Không có đất sản xuất"),
    PovertyCause.NO_CAPITAL: QT_TRANSLATE_NOOP("PovertyCause", "2. Không có vốn sản xuất, kinh doanh"),
    PovertyCause.NO_LABOUR: QT_TRANSLATE_NOOP("PovertyCause", "3. Không có lao động"),
    PovertyCause.NO_TOOLS: QT_TRANSLATE_NOOP("PovertyCause", "4. Không có công cụ, phương tiện sản xuất"),
    PovertyCause.NO_KNOWLEDGE: QT_TRANSLATE_NOOP("PovertyCause", "5. Không có kiến thức về sản xuất"),
    PovertyCause.NO_SKILLS: QT_TRANSLATE_NOOP("PovertyCause", "6. Không có kỹ năng lao động, sản xuất"),
    PovertyCause.ILLNESS: QT_TRANSLATE_NOOP("PovertyCause", "7. Có người ốm đau, bệnh nặng, tai nạn"),
    PovertyCause.OTHER: QT_TRANSLATE_NOOP("PovertyCause", "8. Nguyên nhân khác"),
}
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

# ----------------------------------------------------------------------------- colours
CATEGORY_COLOURS = {  # the result's name on Phiếu B
    Category.POOR: "#b71c1c",
    Category.NEAR_POOR: "#e65100",
    Category.NOT_POOR: "#1b5e20",
    Category.AVERAGE_LIVING_STANDARD: "#0d47a1",
}
# the register's result column: only the listed households stand out
REGISTER_COLOURS = {code.value: QColor(CATEGORY_COLOURS[code]) for code in (Category.POOR, Category.NEAR_POOR)}
# the import's preview: a cell with an error, a warning, or a value converted on reading
MARK_COLOURS = {"error": QColor("#f8c9c4"), "warning": QColor("#fbe7a6"), "converted": QColor("#cfe3f7")}


# The core's SEX_NAMES and RELATION_NAMES (ranoat/domain/names.py, what the outputs print), marked for
# the GUI's translations: the household dialog shows them in the UI language (issue #14: English left
# them in Vietnamese). tests/ui/test_friction.py checks the two agree.
SEX_LABELS = {
    Sex.MALE: QT_TRANSLATE_NOOP("Sex", "Nam"),
    Sex.FEMALE: QT_TRANSLATE_NOOP("Sex", "Nữ"),
}
RELATION_LABELS = {
    Relation.HEAD: QT_TRANSLATE_NOOP("Relation", "Chủ hộ"),
    Relation.SPOUSE: QT_TRANSLATE_NOOP("Relation", "Vợ/chồng"),
    Relation.CHILD: QT_TRANSLATE_NOOP("Relation", "Con"),
    Relation.PARENT: QT_TRANSLATE_NOOP("Relation", "Bố/mẹ"),
    Relation.GRANDCHILD: QT_TRANSLATE_NOOP("Relation", "Cháu"),
    Relation.GRANDPARENT: QT_TRANSLATE_NOOP("Relation", "Ông/bà"),
    Relation.SIBLING: QT_TRANSLATE_NOOP("Relation", "Anh/chị/em"),
    Relation.CHILD_IN_LAW: QT_TRANSLATE_NOOP("Relation", "Con dâu/con rể"),
    Relation.OTHER: QT_TRANSLATE_NOOP("Relation", "Khác"),
}


def sex_label(sex: Sex | None) -> str:
    return QCoreApplication.translate("Sex", SEX_LABELS[sex]) if sex else ""


def relation_label(relation: Relation | None) -> str:
    return QCoreApplication.translate("Relation", RELATION_LABELS[relation]) if relation else ""


def category_label(code: str | None, default: str = "") -> str:
    """The category's name in the UI language (CATEGORY_LABELS holds the Vietnamese)."""
    label = CATEGORY_LABELS.get(code or "")  # type: ignore[call-overload]  # a stored code, str of the enum
    return QCoreApplication.translate("Category", label) if label else default


def status_label(code: str | None, default: str = "") -> str:
    label = STATUS_LABELS.get(code or "")  # type: ignore[call-overload]
    return QCoreApplication.translate("SurveyStatus", label) if label else default


# -- rule texts as officers read them (issue #14) --------------------------------------------------
# The rulebooks keep, inside a condition, why it is not certain ("(mốc tuổi chưa được xác minh)",
# "(age limit unverified)"): right for the data's reviewers, noise for an officer at a household. Shown:
# the condition without that remark, a star, and once per view the legend below. The rulebook files
# and their confidence marks are unchanged.
_REMARK_WORDS = "chưa được xác minh|unverified"  # not translated: the rulebooks' own words, matched
_UNVERIFIED_REMARK = re.compile(rf"\s*\((?=[^()]*(?:{_REMARK_WORDS}))[^()]*\)")
UNVERIFIED_MARK = " *"
UNVERIFIED_LEGEND = QT_TRANSLATE_NOOP(
    "RuleText", "* Chi tiết này chưa đối chiếu được với văn bản chính thức; khi có vướng mắc, hỏi cán bộ cấp trên."
)


def officer_condition(text: str) -> tuple[str, bool]:
    """A condition as shown to officers: without the data's "(… chưa được xác minh)" remark, and
    whether it had one (the caller puts `UNVERIFIED_MARK` after it and the legend once)."""
    plain, count = _UNVERIFIED_REMARK.subn("", text)
    if count and plain.endswith(" ."):
        plain = plain[:-2] + "."
    return plain, count > 0


def unverified_legend() -> str:
    return QCoreApplication.translate("RuleText", UNVERIFIED_LEGEND)
