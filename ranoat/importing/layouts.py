"""The three list layouts read into household drafts, with every problem of every cell.

- official: the head's row followed by the members' rows (a relation column); a row whose
  relation is "Chủ hộ" starts a household. The household's cells (village, category, groups …) are
  read from the head's row.
- household: one row per household, the head only.
- person: one row per person with a household code; rows with the same code form a household.

A row with a single text across the table ("Thôn Nà Pàn", "I. Thôn Khòn Khẻ") heads a section: it
names the village of the households below when the list has no village column. Rows that are not
households are skipped, each with a note naming its row: totals and subtotals ("Tổng cộng", "Cộng",
"Tổng số", "Cộng thôn Nà Pàn"), blank separator rows, and the header or numbering row repeated
(a list printed page by page). The signature block ("Người lập biểu", "Chủ tịch UBND …") ends the list.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from ranoat.domain.area import Area
from ranoat.domain.household import HouseholdData, MemberData, Relation, Sex
from ranoat.domain.search import fold
from ranoat.importing import values
from ranoat.importing.mapping import FIELDS_BY_KEY, HeaderInfo, Layout, Mapping, is_numbering_row
from ranoat.importing.sheet import Grid, Value, column_letter

Severity = Literal["error", "warning", "info"]
T = TypeVar("T")


@dataclass(frozen=True)
class Problem:
    severity: Severity
    message: str
    sheet: str | None = None
    row: int | None = None  # Excel row number
    column: int | None = None  # from 1
    header: str = ""

    def where(self) -> str:
        parts = []
        if self.sheet is not None:
            parts.append(f"trang “{self.sheet}”")
        if self.row is not None:
            parts.append(f"dòng {self.row}")
        if self.column is not None:
            letter = column_letter(self.column)
            parts.append(f"cột {letter} ({self.header})" if self.header else f"cột {letter}")
        return ", ".join(parts)

    def text(self) -> str:
        where = self.where()
        return f"{where[:1].upper()}{where[1:]}: {self.message}" if where else self.message


@dataclass
class Draft:
    """A household read from the list, before it meets the database."""

    data: HouseholdData
    village: str  # the village as the list names it (name or code); "" when none
    village_code: str = ""  # the exchange workbook's village code
    status: str | None = None  # a Category value: the household's status on the list
    head_row: int = 0
    member_rows: list[int] = field(default_factory=list)  # Excel row of each member
    fields: frozenset[str] = frozenset()  # the mapped fields: the ones an update may change
    code_given: bool = False
    ethnic_minority: bool | None = None  # the exchange workbook's column (to keep an override)


@dataclass
class ReadResult:
    drafts: list[Draft]
    problems: list[Problem]
    layout: Layout
    data_rows: int
    skipped: list[Problem] = field(default_factory=list)  # the rows that are not households (also in problems)


_END = re.compile(r"^(?:nguoi lap|xac nhan|chu tich|ubnd|can bo)\b")  # the signature block
# Totals and subtotals, on the text as typed (lower case, NFC): "cộng" is not "Công" (a surname, a
# given name) and "tổng" is not "Tống" (a surname), so the tone marks decide; a list typed without
# any mark is read with the same words unmarked.
_TOTAL_MARKED = re.compile(r"^(?:tổng cộng|tổng số|cộng(?=\s*(?:$|[:(0-9]|thôn|bản|xóm|ấp|tổ|khu|toàn|xã)))")
_TOTAL_PLAIN = re.compile(r"^(?:tong cong|tong so|cong(?=\s*(?:$|[:(0-9]|thon|ban|xom|ap|to|khu|toan|xa)))")
_DIGIT = re.compile(r"[0-9]")
_COUNT_WORDS = re.compile(r"\b(?:ho|nguoi|khau|nhan|gia dinh|thanh vien)\b|[0-9.,:;()\-/]")
_SECTION_PREFIX = re.compile(r"^\s*([IVXLC]+|[0-9]+|[a-zA-Z])[.)]\s*")


class _Row:
    """One data row: reads fields, collecting problems with their row and column."""

    def __init__(self, grid: Grid, header: HeaderInfo, mapping: Mapping, row: int, problems: list[Problem]) -> None:
        self.grid, self.header, self.mapping, self.row, self.problems = grid, header, mapping, row, problems

    def column(self, key: str) -> int | None:
        return self.mapping.columns.get(key)

    def raw(self, key: str) -> Value:
        column = self.column(key)
        return self.grid.value(self.row, column) if column is not None else None

    def problem(self, key: str | None, message: str, severity: Severity = "error") -> None:
        column = self.column(key) if key is not None else None
        label = self.header.labels.get(column, FIELDS_BY_KEY[key].label if key else "") if column else ""
        self.problems.append(Problem(severity, message, self.grid.sheet, self.row, column, label))

    def read(self, key: str, reader: Callable[[Value], T]) -> T | None:
        """The cell read as the field's value; None when empty or unreadable (a problem is noted)."""
        value = self.raw(key)
        if values.is_empty(value):
            return None
        try:
            return reader(value)
        except values.BadValueError as exc:
            self.problem(key, exc.message)
            return None

    def text(self, key: str) -> str:
        return values.text(self.raw(key))

    def is_blank(self) -> bool:
        return all(values.is_empty(self.grid.value(self.row, c)) for c in self.mapping.columns.values())


def read_layout(grid: Grid, header: HeaderInfo, mapping: Mapping, *, default_area: Area, today: dt.date) -> ReadResult:  # noqa: C901
    """Every household of the list, and every problem found reading it."""
    layout = mapping.effective_layout()
    problems: list[Problem] = []
    if "full_name" not in mapping.columns:
        problems.append(Problem("error", "Chưa chọn cột “Họ và tên”.", grid.sheet))
    if not any(k in mapping.columns for k in ("birth_year", "birth_year_male", "birth_year_female", "birth_date")):
        problems.append(Problem("error", "Chưa chọn cột “Năm sinh” (hoặc “Ngày sinh”).", grid.sheet))
    if layout is Layout.PERSON and "household_code" not in mapping.columns:
        problems.append(Problem("error", "Danh sách mỗi người một dòng cần cột “Mã hộ”.", grid.sheet))
    if layout is not Layout.HOUSEHOLD and "relation" not in mapping.columns:
        problems.append(Problem("error", "Danh sách có thành viên cần cột “Quan hệ với chủ hộ”.", grid.sheet))
    if problems:
        return ReadResult([], problems, layout, 0)

    fields = frozenset(mapping.columns) | (frozenset({"village"}) if mapping.default_village else frozenset())
    drafts: list[Draft] = []
    by_code: dict[str, Draft] = {}
    section = ""
    data_rows = 0
    current: Draft | None = None
    name_column = mapping.columns["full_name"]
    skipped: list[Problem] = []
    blanks: list[int] = []  # blank rows since the last row read: reported once a row follows them
    header_cells = _header_cells(grid, header)
    for row in range(header.data_start, len(grid.rows) + 1):
        cells = _Row(grid, header, mapping, row, problems)
        if cells.is_blank():
            blanks.append(row)
            continue
        present = [values.text(v) for v in grid.rows[row - 1] if not values.is_empty(v)]
        distinct = set(present)
        name_text = fold(values.text(grid.value(row, name_column)))
        if _END.match(name_text) or (not name_text and any(_END.match(fold(text)) for text in distinct)):
            break  # the signature block (the blank rows above it separate nothing)
        if blanks:
            skipped.append(_blank_rows(grid, blanks))
            blanks = []
        not_a_household = _not_a_household(grid, header_cells, row, name_column)
        if not_a_household:
            skipped.append(Problem("info", not_a_household, grid.sheet, row))
            continue
        if len(distinct) == 1 and (len(present) >= 2 or not _has_person_data(cells)):  # merged across, or alone
            section = _SECTION_PREFIX.sub("", next(iter(distinct))).strip()
            continue
        data_rows += 1
        member, relation_given = _member(cells, layout, mapping, today)
        if layout is Layout.OFFICIAL:
            if member.relation is Relation.HEAD or current is None:
                if member.relation is not Relation.HEAD and relation_given:
                    cells.problem(
                        "relation",
                        "Dòng thành viên đứng trước mọi dòng chủ hộ: không biết thuộc hộ nào "
                        "(mẫu danh sách: dòng chủ hộ, tiếp theo là các thành viên).",
                    )
                    continue
                current = _household(cells, mapping, section, default_area, fields)
                drafts.append(current)
            current.data.members.append(member)
            current.member_rows.append(row)
        elif layout is Layout.HOUSEHOLD:
            member.relation = Relation.HEAD
            draft = _household(cells, mapping, section, default_area, fields)
            draft.data.members.append(member)
            draft.member_rows.append(row)
            drafts.append(draft)
        else:
            code = cells.text("household_code")
            if not code:
                cells.problem("household_code", "Thiếu mã hộ: không biết người này thuộc hộ nào.")
                continue
            grouped = by_code.get(code)
            if grouped is None:
                grouped = _household(cells, mapping, section, default_area, fields)
                by_code[code] = grouped
                drafts.append(grouped)
            elif member.relation is Relation.HEAD:
                _household_fields(grouped, cells, mapping, section, default_area)  # the head's row decides
            grouped.data.members.append(member)
            grouped.member_rows.append(row)
    if data_rows == 0:
        problems.append(Problem("error", "Không có dòng dữ liệu nào dưới dòng tiêu đề.", grid.sheet))
    problems.extend(skipped)
    _check_codes(grid, mapping, drafts, problems, layout)
    return ReadResult(drafts, problems, layout, data_rows, skipped)


def _header_cells(grid: Grid, header: HeaderInfo) -> dict[int, set[str]]:
    """Each column's header texts, folded: a data row that repeats them is the header again."""
    found: dict[int, set[str]] = {}
    for row in range(header.first_row, header.last_row + 1):
        if is_numbering_row(grid.rows[row - 1]):
            continue  # "1 2 3 …" could equal a household's numbers: a repeated one is found as such
        for column in range(1, grid.width + 1):
            value = grid.value(row, column)
            if isinstance(value, str) and value.strip():
                found.setdefault(column, set()).add(fold(value))
    return found


def _blank_rows(grid: Grid, rows: list[int]) -> Problem:
    if len(rows) == 1:
        return Problem("info", "Dòng trống: bỏ qua.", grid.sheet, rows[0])
    return Problem("info", f"{len(rows)} dòng trống (dòng {rows[0]}–{rows[-1]}): bỏ qua.", grid.sheet, rows[0])


def is_total(text: str) -> bool:
    """A total or subtotal's words: "Tổng cộng", "Tổng số …", "Cộng", "Cộng thôn Nà Pàn" (or unmarked)."""
    if text.lstrip()[:1] not in ("T", "t", "C", "c"):
        return False  # most cells: read once per row of a list of tens of thousands
    lowered = " ".join(text.lower().split())
    if lowered.isascii():
        return _TOTAL_PLAIN.match(lowered) is not None
    return _TOTAL_MARKED.match(lowered) is not None


def _is_person(name: str, header_names: set[str], header_lengths: set[int]) -> bool:
    """A name cell that is a person's name: no digit, not a total's words, not the header's text.
    The cheap test that lets most rows of a long list skip the others (a folded text keeps its length)."""
    if len(name) <= 4 or _DIGIT.search(name) is not None or is_total(name):
        return False
    return len(name) not in header_lengths or fold(name) not in header_names


def _not_a_household(grid: Grid, header_cells: dict[int, set[str]], row: int, name_column: int) -> str:
    """Why the row is not a household (a total, the header or the numbering row repeated), or ""."""
    cells = grid.rows[row - 1]
    name = values.text(grid.value(row, name_column))
    names = header_cells.get(name_column, set())
    if _is_person(name, names, {len(text) for text in names}):
        return ""  # a household's row or a member's: neither a total nor the header again
    if is_numbering_row(cells):
        return "Dòng đánh số cột (1), (2), (3)… lặp lại: bỏ qua."
    repeated = sum(
        1
        for column, value in enumerate(cells, start=1)
        if isinstance(value, str) and column in header_cells and fold(value) in header_cells[column]
    )
    if repeated >= 2:
        return "Dòng tiêu đề lặp lại (danh sách in nhiều trang): bỏ qua."
    total = next((v for v in cells if isinstance(v, str) and is_total(v)), None)
    if total is not None and (is_total(name) or not _COUNT_WORDS.sub("", fold(name)).strip()):
        return f"Dòng tổng cộng “{total}”: không phải một hộ, bỏ qua."
    return ""


def _has_person_data(cells: _Row) -> bool:
    return any(
        not values.is_empty(cells.raw(key))
        for key in ("birth_year", "birth_year_male", "birth_year_female", "birth_date", "relation", "cccd", "sex")
    )


def _member(cells: _Row, layout: Layout, mapping: Mapping, today: dt.date) -> tuple[MemberData, bool]:  # noqa: C901
    name = cells.text("full_name")
    member = MemberData(full_name=name)
    if not name:
        cells.problem("full_name", "Thiếu họ và tên.")
    relation_given = False
    implied_sex: Sex | None = None
    if layout is not Layout.HOUSEHOLD:
        found = cells.read("relation", values.relation)
        if isinstance(found, tuple):
            member.relation, implied_sex = found
            relation_given = True
        elif values.is_empty(cells.raw("relation")):
            if layout is Layout.OFFICIAL and not values.is_empty(cells.raw("sequence")):
                member.relation = Relation.HEAD  # the numbered row of an official list is the head's
                relation_given = True
            else:
                cells.problem("relation", "Thiếu quan hệ với chủ hộ.")
    # the year of birth: one column, a date column, or the official lists' two columns Nam / Nữ
    year_sex: Sex | None = None
    year_key: str | None = None  # the column the year came from (or was unreadable in)
    for key, column_sex in (("birth_year_male", Sex.MALE), ("birth_year_female", Sex.FEMALE), ("birth_year", None)):
        if values.is_empty(cells.raw(key)):
            continue
        year_sex = column_sex or year_sex  # a year in the Nam / Nữ column tells the sex, even unreadable
        year_key = year_key or key
        found_year = cells.read(key, lambda v: values.year(v, today))
        if isinstance(found_year, tuple):
            if member.birth_year is not None and member.birth_year != found_year[0]:
                cells.problem(key, "Có năm sinh ở cả cột Nam và cột Nữ.")
            member.birth_year, member.birth_date = found_year
            year_key = key
    if not values.is_empty(cells.raw("birth_date")):
        year_key = year_key or "birth_date"
        found_date = cells.read("birth_date", values.date)
        if isinstance(found_date, dt.date):
            member.birth_date = found_date
            member.birth_year = member.birth_year or found_date.year
    if member.birth_year is None and name and year_key is None:
        missing_key = next((k for k in ("birth_year", "birth_year_male", "birth_date") if k in mapping.columns), None)
        cells.problem(missing_key, "Thiếu năm sinh.")
    elif member.birth_year is not None and not 1900 <= member.birth_year <= today.year:
        cells.problem(year_key, f"Năm sinh {member.birth_year} không hợp lệ: phải từ 1900 đến {today.year}.")
    stated = cells.read("sex", values.sex)
    member.sex = stated if isinstance(stated, Sex) else year_sex or implied_sex
    if member.sex is None and values.is_empty(cells.raw("sex")) and name:
        cells.problem(
            "sex" if "sex" in mapping.columns else None,
            f"Thiếu giới tính của {name}." if "sex" not in mapping.columns else "Thiếu giới tính.",
        )
    if "ethnicity" in mapping.columns and not values.is_empty(cells.raw("ethnicity")):
        code = cells.read("ethnicity", values.ethnicity)
        member.ethnicity_code = code if isinstance(code, str) else ""
    elif mapping.default_ethnicity:
        member.ethnicity_code = values.ethnicity(mapping.default_ethnicity)
    else:
        member.ethnicity_code = ""  # from the head of the household, or a problem (see `finish`)
    number = cells.read("cccd", values.identity)
    if isinstance(number, tuple):
        member.cccd, note = number
        if note:
            cells.problem("cccd", note, "warning")
    school = cells.read("schooling", values.schooling)
    member.schooling = school
    insured = cells.read("health_insurance", values.optional_flag)
    member.health_insurance = insured if isinstance(insured, bool) else None
    job = cells.read("employment", values.employment)
    member.employment = job
    member.disability = bool(cells.read("disability", values.flag))
    return member, relation_given


def _household(cells: _Row, mapping: Mapping, section: str, default_area: Area, fields: frozenset[str]) -> Draft:
    draft = Draft(
        data=HouseholdData(code="", village_id=None, area=default_area),
        village="",
        head_row=cells.row,
        fields=fields,
    )
    _household_fields(draft, cells, mapping, section, default_area)
    return draft


def _household_fields(draft: Draft, cells: _Row, mapping: Mapping, section: str, default_area: Area) -> None:
    data = draft.data
    draft.head_row = cells.row
    code = cells.text("household_code")
    data.code, draft.code_given = code, bool(code)
    draft.village = cells.text("village") or section or mapping.default_village
    draft.village_code = cells.text("village_code")
    data.address = cells.text("address")
    data.phone = cells.text("phone")
    found_area = cells.read("area", values.area)
    data.area = found_area if isinstance(found_area, Area) else default_area
    for key in ("person_of_merit", "social_protection", "no_working_capacity", "farming"):
        setattr(data, key, bool(cells.read(key, values.flag)))
    found_causes = cells.read("causes", values.causes)
    data.causes = found_causes if isinstance(found_causes, dict) else {}
    if "category" in mapping.columns:
        found = cells.read("category", values.category)
        draft.status = found.value if found is not None else None
    elif mapping.category:
        found_category = values.category(mapping.category)
        draft.status = found_category.value if found_category is not None else None


def _check_codes(grid: Grid, mapping: Mapping, drafts: list[Draft], problems: list[Problem], layout: Layout) -> None:
    if layout is Layout.PERSON or "household_code" not in mapping.columns:
        return
    seen: dict[str, int] = {}
    column = mapping.columns["household_code"]
    for draft in drafts:
        code = draft.data.code
        if code and code in seen:
            problems.append(
                Problem(
                    "error",
                    f"Mã hộ {code} trùng với hộ ở dòng {seen[code]}.",
                    grid.sheet,
                    draft.head_row,
                    column,
                    FIELDS_BY_KEY["household_code"].label,
                )
            )
        elif code:
            seen[code] = draft.head_row
