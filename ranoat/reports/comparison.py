"""Two standards side by side, household by household: the round's results (as stored, the village
meeting's decision first) beside what another standard would give (issue #13). Plain data for the
round page's table and its sheet (`ranoat.excel.comparison`); the reading is
`ranoat.operations.comparison.compare_standards`."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ranoat.domain.category import Category
from ranoat.rules.explain import category_title

LISTED = (Category.POOR.value, Category.NEAR_POOR.value)


class Change(StrEnum):
    """How a household's result moves from the round's standard to the other one; the filters."""

    ALL = "all"
    CHANGED = "changed"  # another category (either way)
    JOINS = "joins"  # not on the lists → poor or near-poor
    LEAVES = "leaves"  # poor or near-poor → off the lists
    BETWEEN = "between"  # poor ↔ near-poor
    SAME = "same"
    UNCLASSIFIED = "unclassified"  # the other standard cannot classify it (the reason is given)


CHANGE_NAMES = {
    Change.ALL: "Tất cả các hộ",
    Change.CHANGED: "Các hộ đổi kết quả",
    Change.JOINS: "Vào danh sách nghèo, cận nghèo",
    Change.LEAVES: "Ra khỏi danh sách nghèo, cận nghèo",
    Change.BETWEEN: "Đổi giữa nghèo và cận nghèo",
    Change.SAME: "Giữ nguyên kết quả",
    Change.UNCLASSIFIED: "Không phân loại được theo chuẩn kia",
}


def category_words(code: str | None) -> str:
    """A result as the sheet prints it: the explanation's wording, capitalised (the GUI shows its own
    translated names)."""
    return category_title(code) if code is not None else "Chưa phân loại được"


@dataclass(frozen=True)
class ComparisonRow:
    household_id: int
    code: str
    head: str
    village: str
    area: str  # Area code
    value: float | int | None  # the B1 score or the income (đồng/person/month) compared
    stored: str | None  # the round's result (Category code), None when not classified
    other: str | None  # under the other standard, None when it cannot classify
    note: str = ""  # Vietnamese: why it cannot, or the indicators the other standard does not have

    def changes(self) -> set[Change]:
        """Every filter this row passes."""
        found = {Change.ALL}
        if self.other is None:
            return found | {Change.UNCLASSIFIED}
        if self.other == self.stored:
            return found | {Change.SAME}
        found.add(Change.CHANGED)
        was, will = self.stored in LISTED, self.other in LISTED
        if was and will:
            found.add(Change.BETWEEN)
        elif will:
            found.add(Change.JOINS)
        elif was:
            found.add(Change.LEAVES)
        return found


@dataclass(frozen=True)
class Comparison:
    commune_name: str
    commune_type: str | None
    round_label: str
    standard: str  # the round's standard id
    other_standard: str
    by_income: bool  # compared on the recorded incomes, else on the B1 scores
    rows: tuple[ComparisonRow, ...]

    def only(self, change: Change) -> list[ComparisonRow]:
        return [row for row in self.rows if change in row.changes()]

    def counts(self) -> dict[Change, int]:
        return {change: len(self.only(change)) for change in Change}
