"""Detailed lists (danh sách chi tiết) of a review round, as plain data (rules.md §4).

Four lists — poor, near-poor, escaped poverty, escaped near-poverty — and the posting list
(niêm yết, Decision 24/2021 step 4), which is the four one after the other with a column naming the
list. Each entry is a household: its head first, then its members, and the household's figures.
`HouseholdList.table()` lays an entry out as the official lists print it: one line per person, the
household's cells on the head's line only.

Which household is on which list is decided in `ranoat.reports.round_report` from the round's movements.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from ranoat.domain.area import Area
from ranoat.domain.household import Relation, Sex
from ranoat.domain.transition import Transition


class ListKind(StrEnum):
    POOR = "poor"
    NEAR_POOR = "near_poor"
    ESCAPED_POVERTY = "escaped_poverty"  # poor at the start; near-poor or out at the end
    ESCAPED_NEAR_POVERTY = "escaped_near_poverty"  # near-poor at the start; out at the end


LIST_NAMES: dict[ListKind, str] = {
    ListKind.POOR: "Hộ nghèo",
    ListKind.NEAR_POOR: "Hộ cận nghèo",
    ListKind.ESCAPED_POVERTY: "Hộ thoát nghèo",
    ListKind.ESCAPED_NEAR_POVERTY: "Hộ thoát cận nghèo",
}
LIST_TITLES: dict[ListKind, str] = {
    ListKind.POOR: "Danh sách hộ nghèo",
    ListKind.NEAR_POOR: "Danh sách hộ cận nghèo",
    ListKind.ESCAPED_POVERTY: "Danh sách hộ thoát nghèo",
    ListKind.ESCAPED_NEAR_POVERTY: "Danh sách hộ thoát cận nghèo",
}
POSTING_TITLE = "Danh sách niêm yết công khai hộ nghèo, hộ cận nghèo, hộ thoát nghèo, hộ thoát cận nghèo"

# The "category" column: new to the list, fell back into it, or continuing on it; on the escaped
# lists, where the household went.
NOTES: dict[Transition, str] = {
    Transition.STAYED_POOR: "tiếp tục",
    Transition.STAYED_NEAR_POOR: "tiếp tục",
    Transition.NEAR_POOR_TO_POOR: "mới",
    Transition.POOR_TO_NEAR_POOR: "mới",
    Transition.NEW_POOR: "mới",
    Transition.NEW_NEAR_POOR: "mới",
    Transition.JOINED: "mới",  # moved in or split off
    Transition.FELL_BACK_POOR: "tái nghèo",
    Transition.FELL_BACK_NEAR_POOR: "tái cận nghèo",
}
ESCAPED_NOTES: dict[Transition, str] = {
    Transition.POOR_TO_NEAR_POOR: "thoát nghèo, trở thành hộ cận nghèo",
    Transition.POOR_TO_OUT: "thoát nghèo, vượt chuẩn cận nghèo",
    Transition.NEAR_POOR_TO_OUT: "thoát cận nghèo",
}

SEX_NAMES: dict[Sex, str] = {Sex.MALE: "Nam", Sex.FEMALE: "Nữ"}
# Relation to the head, worded by the member's sex where Vietnamese does (vợ / chồng, bố / mẹ …).
RELATION_NAMES: dict[Relation, tuple[str, str]] = {  # (male, female)
    Relation.HEAD: ("Chủ hộ", "Chủ hộ"),
    Relation.SPOUSE: ("Chồng", "Vợ"),
    Relation.CHILD: ("Con", "Con"),
    Relation.PARENT: ("Bố", "Mẹ"),
    Relation.GRANDCHILD: ("Cháu", "Cháu"),
    Relation.GRANDPARENT: ("Ông", "Bà"),
    Relation.SIBLING: ("Anh/chị/em", "Anh/chị/em"),
    Relation.CHILD_IN_LAW: ("Con rể", "Con dâu"),
    Relation.OTHER: ("Khác", "Khác"),
}

# Groups of a household (rules.md §4), as the lists abbreviate them
ETHNIC_MINORITY = "DTTS"  # hộ dân tộc thiểu số
NO_WORKING_CAPACITY = "KCKNLĐ"  # hộ không có khả năng lao động
PERSON_OF_MERIT = "NCC"  # hộ có người có công


def relation_name(relation: Relation, sex: Sex) -> str:
    male, female = RELATION_NAMES[relation]
    return female if sex is Sex.FEMALE else male


def numbers_text(numbers: tuple[int, ...]) -> str:
    """(1, 3, 8) → "1, 3, 8"."""
    return ", ".join(str(n) for n in numbers)


@dataclass(frozen=True)
class Person:
    name: str
    relation: str  # Vietnamese: "Chủ hộ", "Vợ", "Con" …
    birth_year: int | None  # None only where a merged file has a household row without its members
    sex: str  # "Nam" / "Nữ"
    ethnicity: str  # the group's name ("Nùng"); the stored code when it is not a known code
    cccd: str  # empty when the member has none


@dataclass(frozen=True)
class ListEntry:
    """One household on one list."""

    list: ListKind
    household_id: int
    household_code: str
    village_code: str
    village: str  # the village's name
    area: Area
    people: tuple[Person, ...]  # the head first, then the members in the register's order
    transition: Transition
    note: str  # "mới" / "tái nghèo" / "tái cận nghèo" / "tiếp tục"; where it went on the escaped lists
    start: str | None  # the Category at the start of the round (None: no status)
    result: str | None  # the round's result: the meeting's decision if any, else the computed one
    b1: float | None  # from the household's Phiếu B that decided the result (see `surveyed_in_round`)
    b2: int | None
    lacking: tuple[int, ...]  # report-column numbers of the lacking indicators, ascending
    lacking_codes: tuple[str, ...]  # the stored codes, including any the rulebook does not know
    surveyed_in_round: bool  # False: not re-surveyed; B1, B2 and lacking are from its latest Phiếu B
    ethnic_minority: bool
    no_working_capacity: bool
    person_of_merit: bool
    social_protection: bool
    causes: tuple[int, ...]  # form 7.10 columns (1..8) of its causes of poverty
    other_cause: str  # the stated "other" cause (8), empty when none
    decision_number: str | None
    decision_date: dt.date | None

    @property
    def head(self) -> Person:
        return self.people[0]

    @property
    def list_name(self) -> str:
        return LIST_NAMES[self.list]

    @property
    def groups(self) -> tuple[str, ...]:
        """("DTTS", "KCKNLĐ", "NCC"), those the household is in."""
        flags = (
            (self.ethnic_minority, ETHNIC_MINORITY),
            (self.no_working_capacity, NO_WORKING_CAPACITY),
            (self.person_of_merit, PERSON_OF_MERIT),
        )
        return tuple(label for flag, label in flags if flag)

    @property
    def lacking_text(self) -> str:
        return numbers_text(self.lacking)

    @property
    def causes_text(self) -> str:
        return numbers_text(self.causes)

    @property
    def groups_text(self) -> str:
        return ", ".join(self.groups)


Cell = str | int | float | dt.date | None


@dataclass(frozen=True)
class ListColumn:
    key: str
    header: str  # Vietnamese


PERSON_COLUMNS = (
    ListColumn("name", "Họ và tên"),
    ListColumn("relation", "Quan hệ với chủ hộ"),
    ListColumn("birth_year", "Năm sinh"),
    ListColumn("sex", "Giới tính"),
    ListColumn("ethnicity", "Dân tộc"),
    ListColumn("cccd", "Số CCCD"),
)
HOUSEHOLD_COLUMNS = (
    ListColumn("village", "Thôn, bản, tổ dân phố"),
    ListColumn("note", "Phân loại (mới, tái nghèo, tiếp tục)"),
    ListColumn("b1", "Điểm B1"),
    ListColumn("b2", "Điểm B2"),
    ListColumn("lacking", "Chỉ số thiếu hụt"),
    ListColumn("groups", "Nhóm hộ (DTTS, KCKNLĐ, NCC)"),
    ListColumn("causes", "Nguyên nhân nghèo"),
    ListColumn("decision_number", "Số quyết định"),
    ListColumn("decision_date", "Ngày quyết định"),
)


@dataclass(frozen=True)
class HouseholdList:
    """A list, or the posting list (``kind`` None), of the commune or of one village."""

    kind: ListKind | None
    title: str
    village: str | None  # the village's name when the list is of one village
    entries: tuple[ListEntry, ...]

    @property
    def posting(self) -> bool:
        return self.kind is None

    def columns(self) -> tuple[ListColumn, ...]:
        """The printed columns: STT, the person's, [the list's name on the posting list], the household's."""
        which = (ListColumn("list", "Danh sách"),) if self.posting else ()
        return (ListColumn("number", "STT"), *PERSON_COLUMNS, *which, *HOUSEHOLD_COLUMNS)

    def table(self) -> tuple[tuple[Cell, ...], ...]:
        """One line per person, in `columns()` order. The household's cells (and its number, from 1
        within each list) are on the head's line; a member's line has None there."""
        lines: list[tuple[Cell, ...]] = []
        number = 0
        previous: ListKind | None = None
        for entry in self.entries:
            number = number + 1 if entry.list is previous else 1
            previous = entry.list
            household: tuple[Cell, ...] = (
                entry.village,
                entry.note,
                entry.b1,
                entry.b2,
                entry.lacking_text,
                entry.groups_text,
                entry.causes_text,
                entry.decision_number,
                entry.decision_date,
            )
            which: tuple[Cell, ...] = (entry.list_name,) if self.posting else ()
            for index, person in enumerate(entry.people):
                cells: tuple[Cell, ...] = (
                    person.name,
                    person.relation,
                    person.birth_year,
                    person.sex,
                    person.ethnicity,
                    person.cccd,
                )
                if index == 0:
                    lines.append((number, *cells, *which, *household))
                else:
                    blank: tuple[Cell, ...] = (None,) * (len(which) + len(household))
                    lines.append((None, *cells, *blank))
        return tuple(lines)
