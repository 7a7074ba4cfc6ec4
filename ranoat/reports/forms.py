"""Report forms of Phụ lục VII, Circular 07/2021 as amended by 02/2022 (rules.md §4), as plain data.

Numbering. The form numbers (7.1 … 7.10) and their split follow the local templates that cite
"theo mẫu 7.x" (rules.md §4, [secondary]), not the circular's text, which we have not read: two
independent template sets make the near-poor households' deprivation counts and rates their own
forms 7.6 and 7.7 after the poor households' 7.4 and 7.5 (issue #13), so 7.4/7.5 are the poor
households' only.

A form is one or more tables (form 7.8 has a block for the poor and one for the near-poor). A table
has its Vietnamese column headers and its rows: "I. Khu vực thành thị" with its subtotal and one row
per unit, "II. Khu vực nông thôn" the same, and "Tổng cộng (I+II)". Both sections are always
present, with a zero subtotal when they have no unit. A unit is a village (thôn, bản, tổ dân phố) in
a commune's report and a commune at the level above, which builds the same forms from one
`UnitCounts` per commune and area: a commune's section subtotal (`Row.counts`) is exactly that
commune's unit row in the merged report.

Every row keeps the integer counts it was made from (`Line.counts`) beside the values printed in
its columns (`Line.values`): subtotals and totals add the counts, then compute the printed values
from the sums, so a percentage is never an average of percentages. Percentages are floats, not
rounded (the writer formats them); a percentage of nothing is 0.0.

Titles and column wording come from local templates that cite "theo mẫu 7.x": [secondary] in
rules.md — the official titles may differ slightly.

Nothing here reads the database: `ranoat.reports.round_report` counts the households and calls the builders.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from ranoat.domain.area import Area
from ranoat.domain.household import PovertyCause

Number = int | float
# One unit's counts: one tuple of integers per line of the row (most forms have one line; forms
# 7.2/7.3 have "Hộ" and "Nhân khẩu", form 7.10 "- Hộ nghèo" and "- Hộ cận nghèo").
Counts = tuple[tuple[int, ...], ...]

VILLAGE_UNIT_HEADER = "Thôn, bản, tổ dân phố"
COMMUNE_UNIT_HEADER = "Xã, phường, đặc khu"
TOTAL_NAME = "Tổng cộng (I+II)"
# (area, section number, section title), in the order the forms print them
SECTIONS: tuple[tuple[Area, str, str], ...] = (
    (Area.URBAN, "I", "Khu vực thành thị"),
    (Area.RURAL, "II", "Khu vực nông thôn"),
)
POOR_BLOCK = "Hộ nghèo"
NEAR_POOR_BLOCK = "Hộ cận nghèo"

# Form 7.10 columns, in `PovertyCause` order (rules.md §4, [secondary] wording)
CAUSE_NAMES: dict[PovertyCause, str] = {
    PovertyCause.NO_LAND: "Không có đất sản xuất",
    PovertyCause.NO_CAPITAL: "Không có vốn sản xuất, kinh doanh",
    PovertyCause.NO_LABOUR: "Không có lao động",
    PovertyCause.NO_TOOLS: "Không có công cụ, phương tiện sản xuất",
    PovertyCause.NO_KNOWLEDGE: "Không có kiến thức về sản xuất",
    PovertyCause.NO_SKILLS: "Không có kỹ năng lao động, sản xuất",
    PovertyCause.ILLNESS: "Có người ốm đau, bệnh nặng, tai nạn",
    PovertyCause.OTHER: "Nguyên nhân khác",
}


def cause_number(cause: PovertyCause) -> int:
    """The cause's column in form 7.10 (1..8)."""
    return list(PovertyCause).index(cause) + 1


def percent(part: int, whole: int) -> float:
    """``part`` as a percentage of ``whole``, unrounded; 0.0 when ``whole`` is 0."""
    return 100.0 * part / whole if whole else 0.0


class RowKind(StrEnum):
    UNIT = "unit"
    SUBTOTAL = "subtotal"  # the "I. Khu vực thành thị" / "II. Khu vực nông thôn" row
    TOTAL = "total"  # "Tổng cộng (I+II)"


@dataclass(frozen=True)
class Unit:
    """A row of a report: a village of a commune's report, a commune of the merged report.

    ``code`` is the village code (or the official commune code). A village with urban and rural
    households is two units with the same code, one in each section."""

    code: str
    name: str
    area: Area


@dataclass(frozen=True)
class UnitCounts:
    """What a form builder is given for one unit: its integer counts, one tuple per line."""

    unit: Unit
    counts: Counts


@dataclass(frozen=True)
class Column:
    key: str  # stable identifier for code and tests: "poor_households", "lacking_nutrition", …
    number: str  # the printed column number: "1", "2", …
    header: str  # Vietnamese
    group: str = ""  # a header above consecutive columns of the same group ("Hộ nghèo")
    percent: bool = False  # the value is a percentage (a float, unrounded)


@dataclass(frozen=True)
class Line:
    label: str  # "" for a one-line row; "Hộ", "Nhân khẩu", "- Hộ nghèo", …
    counts: tuple[int, ...]  # the integer counts (added up in subtotals and totals)
    values: tuple[Number, ...]  # the printed cells, one per column of the table


@dataclass(frozen=True)
class Row:
    kind: RowKind
    number: str  # "1", "2", … for units (from 1 in each section); "I", "II" for subtotals; "" for the total
    name: str  # the unit's name, "Khu vực thành thị", or TOTAL_NAME
    area: Area | None  # None for the total
    unit: Unit | None  # None for subtotals and the total
    lines: tuple[Line, ...]

    @property
    def counts(self) -> Counts:
        """The row's counts: what the level above gives the builders for this row as a unit."""
        return tuple(line.counts for line in self.lines)


@dataclass(frozen=True)
class Section:
    number: str  # "I" / "II"
    title: str  # "Khu vực thành thị" / "Khu vực nông thôn"
    area: Area
    subtotal: Row
    units: tuple[Row, ...]


@dataclass(frozen=True)
class Table:
    title: str  # the block's title ("Hộ nghèo", "Hộ cận nghèo"), "" for a form with one table
    columns: tuple[Column, ...]
    line_labels: tuple[str, ...]  # ("",) for one-line rows
    sections: tuple[Section, ...]  # urban (I), then rural (II)
    total: Row

    def rows(self) -> tuple[Row, ...]:
        """Every row in print order: subtotal I, its units, subtotal II, its units, the total."""
        rows: list[Row] = []
        for section in self.sections:
            rows.append(section.subtotal)
            rows.extend(section.units)
        rows.append(self.total)
        return tuple(rows)

    def section(self, area: Area) -> Section:
        return next(s for s in self.sections if s.area is area)

    def unit_rows(self) -> tuple[Row, ...]:
        return tuple(row for section in self.sections for row in section.units)

    def unit_row(self, code: str, area: Area) -> Row:
        """The row of a unit; KeyError when the table has none."""
        for row in self.unit_rows():
            if row.unit is not None and row.unit.code == code and row.unit.area is area:
                return row
        raise KeyError((code, area))

    def column_index(self, key: str) -> int:
        for index, column in enumerate(self.columns):
            if column.key == key:
                return index
        raise KeyError(key)

    def value(self, row: Row, key: str, line: int = 0) -> Number:
        """The printed value of one cell, by column key."""
        return row.lines[line].values[self.column_index(key)]


@dataclass(frozen=True)
class Form:
    code: str  # "7.1", "7.2", …
    title: str  # Vietnamese, [secondary] (rules.md §4)
    unit_header: str  # the heading of the name column: VILLAGE_UNIT_HEADER or COMMUNE_UNIT_HEADER
    tables: tuple[Table, ...]
    notes: tuple[str, ...] = ()  # printed under the table ("Ghi chú: …"), one line each

    @property
    def table(self) -> Table:
        """The table of a one-table form."""
        if len(self.tables) != 1:
            raise ValueError(f"Biểu {self.code} có {len(self.tables)} bảng.")
        return self.tables[0]


# ----------------------------------------------------------------------------- the generic table
Render = Callable[[tuple[int, ...]], tuple[Number, ...]]


def _line(label: str, counts: tuple[int, ...], render: Render) -> Line:
    return Line(label, counts, render(counts))


def _add(parts: Sequence[Counts], lines: int, width: int) -> Counts:
    return tuple(tuple(sum(part[i][j] for part in parts) for j in range(width)) for i in range(lines))


def build_table(
    title: str,
    columns: Sequence[Column],
    line_labels: Sequence[str],
    units: Sequence[UnitCounts],
    width: int,
    render: Render,
) -> Table:
    """A table from each unit's counts (``width`` integers per line), in the order given within
    each section. ``render`` turns one line's counts into its printed values, one per column."""
    labels = tuple(line_labels)
    for item in units:
        if len(item.counts) != len(labels) or any(len(c) != width for c in item.counts):
            raise ValueError(
                f"{item.unit.name}: cần {len(labels)} dòng × {width} số đếm, nhận được {[len(c) for c in item.counts]}"
            )

    def row(kind: RowKind, number: str, name: str, area: Area | None, unit: Unit | None, counts: Counts) -> Row:
        lines = tuple(_line(label, c, render) for label, c in zip(labels, counts, strict=True))
        for line in lines:
            if len(line.values) != len(columns):
                raise ValueError(f"{name}: {len(line.values)} giá trị cho {len(columns)} cột")
        return Row(kind, number, name, area, unit, lines)

    sections = []
    for area, number, section_title in SECTIONS:
        mine = [item for item in units if item.unit.area is area]
        unit_rows = tuple(
            row(RowKind.UNIT, str(index), item.unit.name, area, item.unit, item.counts)
            for index, item in enumerate(mine, start=1)
        )
        subtotal_counts = _add([item.counts for item in mine], len(labels), width)
        subtotal = row(RowKind.SUBTOTAL, number, section_title, area, None, subtotal_counts)
        sections.append(Section(number, section_title, area, subtotal, unit_rows))
    total_counts = _add([s.subtotal.counts for s in sections], len(labels), width)
    total = row(RowKind.TOTAL, "", TOTAL_NAME, None, None, total_counts)
    return Table(title, tuple(columns), labels, tuple(sections), total)


def _numbered(specs: Sequence[tuple[str, str, str, bool]]) -> tuple[Column, ...]:
    """Columns from (key, header, group, percent), numbered 1, 2, … in order."""
    return tuple(
        Column(key, str(n), header, group, is_percent) for n, (key, header, group, is_percent) in enumerate(specs, 1)
    )


def _same(counts: tuple[int, ...]) -> tuple[Number, ...]:
    return counts


# ----------------------------------------------------------------------------- 7.1
# counts: households, people, poor households, poor people, near-poor households, near-poor people
FORM_7_1_WIDTH = 6


def form_7_1(units: Sequence[UnitCounts], *, official: bool, unit_header: str = VILLAGE_UNIT_HEADER) -> Form:
    """Tổng hợp kết quả rà soát: households and people, poor and near-poor with their rates.
    ``official``: the round's result is decided ("chính thức"), else preliminary ("sơ bộ")."""
    columns = _numbered(
        [
            ("households", "Số hộ", "Tổng số hộ dân cư", False),
            ("people", "Số nhân khẩu", "Tổng số hộ dân cư", False),
            ("poor_households", "Số hộ", "Hộ nghèo", False),
            ("poor_household_rate", "Tỷ lệ (%)", "Hộ nghèo", True),
            ("poor_people", "Số nhân khẩu", "Nhân khẩu hộ nghèo", False),
            ("poor_people_rate", "Tỷ lệ (%)", "Nhân khẩu hộ nghèo", True),
            ("near_poor_households", "Số hộ", "Hộ cận nghèo", False),
            ("near_poor_household_rate", "Tỷ lệ (%)", "Hộ cận nghèo", True),
            ("near_poor_people", "Số nhân khẩu", "Nhân khẩu hộ cận nghèo", False),
            ("near_poor_people_rate", "Tỷ lệ (%)", "Nhân khẩu hộ cận nghèo", True),
        ]
    )

    def render(c: tuple[int, ...]) -> tuple[Number, ...]:
        households, people, poor_h, poor_p, near_h, near_p = c
        return (
            households,
            people,
            poor_h,
            percent(poor_h, households),
            poor_p,
            percent(poor_p, people),
            near_h,
            percent(near_h, households),
            near_p,
            percent(near_p, people),
        )

    kind = "chính thức" if official else "sơ bộ"
    title = f"Tổng hợp kết quả rà soát hộ nghèo, hộ cận nghèo ({kind})"
    table = build_table("", columns, ("",), units, FORM_7_1_WIDTH, render)
    return Form("7.1", title, unit_header, (table,))


# ----------------------------------------------------------------------------- 7.2 / 7.3
# counts: columns 1..9 of the form, one line for households ("Hộ") and one for people ("Nhân khẩu")
MOVEMENT_LINES = ("Hộ", "Nhân khẩu")
FORM_7_2_WIDTH = 9


def _movement_form(code: str, poor: bool, units: Sequence[UnitCounts], unit_header: str) -> Form:
    kind = "hộ nghèo" if poor else "hộ cận nghèo"
    other_kind = "hộ cận nghèo" if poor else "hộ nghèo"
    fell_back = "Tái nghèo" if poor else "Tái cận nghèo"
    escaped = "Thoát nghèo – vượt chuẩn cận nghèo" if poor else "Thoát cận nghèo"
    to_other = "Thoát nghèo – trở thành hộ cận nghèo" if poor else "Hộ cận nghèo trở thành hộ nghèo"
    down, up = "Giảm trong năm", "Tăng trong năm"
    columns = _numbered(
        [
            ("start", f"Tổng số {kind} đầu năm", "", False),
            ("to_other", to_other, down, False),
            ("escaped", escaped, down, False),
            ("other_decrease", "Giảm khác (chết, chuyển đi, nhập hộ)", down, False),
            ("from_other", f"{other_kind.capitalize()} trở thành {kind}", up, False),
            ("fell_back", fell_back, up, False),
            ("new", "Phát sinh mới", up, False),
            ("other_increase", "Tăng khác (chuyển đến, tách hộ)", up, False),
            ("end", f"Tổng số {kind} cuối năm (9 = 1 − 2 − 3 − 4 + 5 + 6 + 7 + 8)", "", False),
        ]
    )
    title = f"Tổng hợp diễn biến {kind} trong năm"
    table = build_table("", columns, MOVEMENT_LINES, units, FORM_7_2_WIDTH, _same)
    return Form(code, title, unit_header, (table,))


def form_7_2(units: Sequence[UnitCounts], *, unit_header: str = VILLAGE_UNIT_HEADER) -> Form:
    """Diễn biến hộ nghèo: columns 1..9 (`ranoat.domain.transition.form_rows`), 9 = 1−2−3−4+5+6+7+8."""
    return _movement_form("7.2", True, units, unit_header)


def form_7_3(units: Sequence[UnitCounts], *, unit_header: str = VILLAGE_UNIT_HEADER) -> Form:
    """Diễn biến hộ cận nghèo: the mirror of 7.2."""
    return _movement_form("7.3", False, units, unit_header)


# ----------------------------------------------------------------------------- 7.4 / 7.5
@dataclass(frozen=True)
class IndicatorColumn:
    """An indicator of the round's rulebook, in report-column order."""

    number: int  # its report_column (1..12 under 2022–2025)
    code: str
    name: str  # Vietnamese, from the rulebook


def _deprivation_form(
    code: str,
    block: str,
    units: Sequence[UnitCounts],
    indicators: Sequence[IndicatorColumn],
    unit_header: str,
    *,
    rates: bool,
) -> Form:
    def render(c: tuple[int, ...]) -> tuple[Number, ...]:
        return (c[0], *(percent(n, c[0]) for n in c[1:])) if rates else c

    columns = _deprivation_columns(block, indicators, rates=rates)
    table = build_table("", columns, ("",), units, 1 + len(indicators), render)
    kind = "Phân tích tỷ lệ các chỉ số" if rates else "Phân tích các chỉ số"
    return Form(code, f"{kind} thiếu hụt dịch vụ xã hội cơ bản của {block.lower()}", unit_header, (table,))


def form_7_4(
    poor: Sequence[UnitCounts], indicators: Sequence[IndicatorColumn], *, unit_header: str = VILLAGE_UNIT_HEADER
) -> Form:
    """Chỉ số thiếu hụt of the poor households: the households and how many of them lack each
    indicator. counts: total households, then one count per indicator in ``indicators`` order."""
    return _deprivation_form("7.4", POOR_BLOCK, poor, indicators, unit_header, rates=False)


def form_7_5(
    poor: Sequence[UnitCounts], indicators: Sequence[IndicatorColumn], *, unit_header: str = VILLAGE_UNIT_HEADER
) -> Form:
    """Tỷ lệ thiếu hụt of the poor households: the counts of form 7.4, each indicator as a
    percentage of the households."""
    return _deprivation_form("7.5", POOR_BLOCK, poor, indicators, unit_header, rates=True)


def form_7_6(
    near_poor: Sequence[UnitCounts], indicators: Sequence[IndicatorColumn], *, unit_header: str = VILLAGE_UNIT_HEADER
) -> Form:
    """Form 7.4 for the near-poor households (its own form in the local templates, see above)."""
    return _deprivation_form("7.6", NEAR_POOR_BLOCK, near_poor, indicators, unit_header, rates=False)


def form_7_7(
    near_poor: Sequence[UnitCounts], indicators: Sequence[IndicatorColumn], *, unit_header: str = VILLAGE_UNIT_HEADER
) -> Form:
    """Form 7.5 for the near-poor households: the counts of form 7.6 as percentages."""
    return _deprivation_form("7.7", NEAR_POOR_BLOCK, near_poor, indicators, unit_header, rates=True)


def _deprivation_columns(block: str, indicators: Sequence[IndicatorColumn], *, rates: bool) -> tuple[Column, ...]:
    group = "Tỷ lệ hộ thiếu hụt theo chỉ số (%)" if rates else "Số hộ thiếu hụt theo chỉ số"
    return _numbered(
        [("households", f"Tổng số {block.lower()}", "", False)]
        + [(f"lacking_{i.code}", f"{i.number}. {i.name}", group, rates) for i in indicators]
    )


# ----------------------------------------------------------------------------- 7.8
# counts, per line ("Hộ", then "Nhân khẩu": the people of those households): the total, then the
# households counted in ethnic minority, no working capacity, person of merit — each household in
# the first of these groups it belongs to (`target_group`); "khác" is printed as 1 − 2 − 3 − 4.
FORM_7_8_WIDTH = 4
TARGET_LINES = ("Hộ", "Nhân khẩu")
FORM_7_8_NOTE = (
    "Ghi chú: mỗi hộ chỉ tính một lần, vào nhóm đầu tiên theo thứ tự cột 2, 3, 4 mà hộ thuộc về "
    "(hộ dân tộc thiểu số có người có công chỉ tính ở cột 2); cột 5 = 1 − 2 − 3 − 4 là các hộ "
    "không thuộc nhóm nào. Dòng Nhân khẩu là số nhân khẩu của các hộ đó."
)


def target_group(ethnic_minority: bool, no_working_capacity: bool, person_of_merit: bool) -> int:
    """The column of form 7.8 a household is counted in: 2, 3 or 4 for the first group it belongs
    to in the form's order, 5 ("khác") for none. The printed identity 5 = 1 − 2 − 3 − 4 (rules.md
    §4) holds only if each household is counted once; the form says so in its note."""
    for column, member in ((2, ethnic_minority), (3, no_working_capacity), (4, person_of_merit)):
        if member:
            return column
    return 5


def form_7_8(
    poor: Sequence[UnitCounts], near_poor: Sequence[UnitCounts], *, unit_header: str = VILLAGE_UNIT_HEADER
) -> Form:
    """Theo nhóm đối tượng, a line of households and one of their people per unit. Each household
    is counted once, in the first group of the form it belongs to (`target_group`), so that
    "khác" = 1 − 2 − 3 − 4 as the form prints it (issue #13); the note under the form says so."""
    columns = _numbered(
        [
            ("households", "Tổng số", "", False),
            ("ethnic_minority", "Hộ dân tộc thiểu số", "Trong đó", False),
            ("no_working_capacity", "Hộ không có khả năng lao động", "Trong đó", False),
            ("person_of_merit", "Hộ có người có công với cách mạng", "Trong đó", False),
            ("other", "Khác (5 = 1 − 2 − 3 − 4)", "Trong đó", False),
        ]
    )

    def render(c: tuple[int, ...]) -> tuple[Number, ...]:
        total, minority, no_capacity, merit = c
        return (total, minority, no_capacity, merit, total - minority - no_capacity - merit)

    tables = tuple(
        build_table(block, columns, TARGET_LINES, units, FORM_7_8_WIDTH, render)
        for block, units in ((POOR_BLOCK, poor), (NEAR_POOR_BLOCK, near_poor))
    )
    title = "Phân tích hộ nghèo, hộ cận nghèo theo các nhóm đối tượng"
    return Form("7.8", title, unit_header, tables, (FORM_7_8_NOTE,))


# ----------------------------------------------------------------------------- 7.9
@dataclass(frozen=True)
class EthnicColumn:
    code: str  # "07"
    name: str  # "Nùng"


def form_7_9(
    poor: Sequence[UnitCounts],
    near_poor: Sequence[UnitCounts],
    groups: Sequence[EthnicColumn],
    *,
    unit_header: str = VILLAGE_UNIT_HEADER,
) -> Form:
    """Theo dân tộc (of the household head). counts: total, Kinh, then one count per group of
    ``groups`` (the ethnic minorities present, in code order); printed: total, ethnic minority
    (= total − Kinh), Kinh, the groups."""

    def render(c: tuple[int, ...]) -> tuple[Number, ...]:
        total, kinh, *per_group = c
        return (total, total - kinh, kinh, *per_group)

    columns = _numbered(
        [
            ("households", "Tổng số hộ", "", False),
            ("ethnic_minority", "Hộ dân tộc thiểu số", "", False),
            ("kinh", "Kinh", "Chia theo dân tộc", False),
        ]
        + [(f"ethnic_{g.code}", g.name, "Chia theo dân tộc", False) for g in groups]
    )
    tables = tuple(
        build_table(block, columns, ("",), units, 2 + len(groups), render)
        for block, units in ((POOR_BLOCK, poor), (NEAR_POOR_BLOCK, near_poor))
    )
    return Form("7.9", "Phân nhóm hộ nghèo, hộ cận nghèo theo dân tộc", unit_header, tables)


# ----------------------------------------------------------------------------- 7.10
CAUSE_LINES = ("- Hộ nghèo", "- Hộ cận nghèo")
FORM_7_10_WIDTH = len(PovertyCause)


def form_7_10(units: Sequence[UnitCounts], *, unit_header: str = VILLAGE_UNIT_HEADER) -> Form:
    """Theo nguyên nhân nghèo: per unit a line for the poor and one for the near-poor; counts: how
    many households have each cause, in `PovertyCause` order (a household may have several)."""
    columns = _numbered([(f"cause_{cause.value}", CAUSE_NAMES[cause], "Nguyên nhân", False) for cause in PovertyCause])
    table = build_table("", columns, CAUSE_LINES, units, FORM_7_10_WIDTH, _same)
    return Form("7.10", "Phân tích hộ nghèo, hộ cận nghèo theo các nguyên nhân nghèo", unit_header, (table,))
