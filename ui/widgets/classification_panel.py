"""The live result: category, B2 and the Vietnamese explanation of a classification."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from ranoat.domain.category import Category
from ranoat.rules.classify import Classification, ClassificationError
from ranoat.rules.explain import reasons
from ranoat.rules.rulebook import Rulebook
from ui.i18n import QT_TRANSLATE_NOOP
from ui.labels import CATEGORY_COLOURS

# The core's CATEGORY_NAMES (rules/explain.py) as titles, translated where shown
TITLES = {
    Category.POOR: QT_TRANSLATE_NOOP("ClassificationPanel", "Hộ nghèo"),
    Category.NEAR_POOR: QT_TRANSLATE_NOOP("ClassificationPanel", "Hộ cận nghèo"),
    Category.NOT_POOR: QT_TRANSLATE_NOOP("ClassificationPanel", "Không thuộc hộ nghèo, hộ cận nghèo"),
    Category.AVERAGE_LIVING_STANDARD: QT_TRANSLATE_NOOP("ClassificationPanel", "Hộ có mức sống trung bình"),
}


class ClassificationPanel(QGroupBox):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.category = QLabel()
        font = QFont(self.category.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.category.setFont(font)
        # the longest title ("Không thuộc hộ nghèo, hộ cận nghèo") is wider than the panel at 1366 px:
        # it goes on two lines instead of being cut (issue #14)
        self.category.setWordWrap(True)
        self.category.setAccessibleName(self.tr("Kết quả phân loại"))
        self.scores = QLabel()
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.explanation.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.trace = QLabel()
        self.trace.setWordWrap(True)
        self.trace.setStyleSheet("color: #666;")
        self.body = QVBoxLayout(self)
        self.body.addWidget(self.category)
        self.body.addWidget(self.scores)
        self.body.addWidget(self.explanation, 1)
        self.body.addWidget(self.trace)

    def show_outcome(
        self, outcome: Classification | ClassificationError | None, rulebook: Rulebook, *, empty_hint: str
    ) -> None:
        if outcome is None:
            self.category.setText(self.tr("Chưa có kết quả"))
            self.category.setStyleSheet("color: #555;")
            self.scores.setText("")
            self.explanation.setText(empty_hint)
            self.trace.setText("")
        elif isinstance(outcome, ClassificationError):
            self.category.setText(self.tr("Không phân loại được"))
            self.category.setStyleSheet("color: #b71c1c;")
            self.scores.setText("")
            self.explanation.setText(outcome.message)
            # the message says what is missing and what still works; no internal code (issue #13)
            self.trace.setText(self.tr("Quy chuẩn {id}").format(id=rulebook.id))
        else:
            self.category.setText(self.tr(TITLES[outcome.category]))
            self.category.setStyleSheet(f"color: {CATEGORY_COLOURS[outcome.category]};")
            self.scores.setText(
                self.tr("B2 = {b2} điểm · {count} chỉ số thiếu hụt").format(b2=outcome.b2, count=len(outcome.lacking))
            )
            self.explanation.setText("\n".join(f"• {sentence}" for sentence in reasons(outcome, rulebook)))
            self.trace.setText(
                self.tr("Quy chuẩn {id} · SHA-256 {hash}").format(id=rulebook.id, hash=rulebook.sha256[:16] + "…")
            )
