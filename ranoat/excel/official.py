"""The official lists and report forms of a round as printable sheets (rules.md §4).

Layouts come from the report data (`ranoat.reports`): column headers, groups and rows are data; this
module only places them under the administrative header, with totals in bold and the signature
block, through `ranoat.excel.document`.
"""

from __future__ import annotations

import datetime as dt

from xlsxwriter.workbook import Workbook

from ranoat.domain.names import commune_authority, commune_place
from ranoat.domain.vietnamese import format_date
from ranoat.excel.document import Cell, Column, Formats, Heading, Signature, Table, check_fits, write_document
from ranoat.reports import Form, HouseholdList, RoundReport, RowKind


def _authority(report: RoundReport) -> str:
    return commune_authority(report.commune_name, report.commune_type)


def _place(report: RoundReport) -> str:
    return commune_place(report.commune_name, report.commune_type)


DRAFT = "DỰ THẢO"
DRAFT_NOTE = (
    "Dự thảo: kỳ rà soát chưa có quyết định công nhận của Chủ tịch UBND xã, chưa dùng làm danh sách chính thức."
)


def draft_title(text: str, official: bool) -> str:
    """A list's or form's title, marked as a draft while the round is not decided (issue #14): an
    exported list or form of an open round must not pass for the official one."""
    return text if official else f"{text} ({DRAFT})"


def _signature(report: RoundReport) -> Signature:
    chair_title = report.chair.title.upper() if report.chair and report.chair.title else "CHỦ TỊCH UBND"
    return Signature(
        left_title="Người lập biểu",
        left_name=report.preparer.name if report.preparer else "",
        right_title=chair_title,
        right_name=report.chair.name if report.chair else "",
        day=report.decision_date,
    )


def form_table(form: Form) -> tuple[Table, list[tuple[str, int, int]]]:
    """All blocks of a form in one printable table: STT, unit, [line], then the columns."""
    first = form.tables[0]
    has_lines = first.line_labels != ("",)
    lead = [Column("STT", 6), Column(form.unit_header, 28)]
    if has_lines:
        lead.append(Column("", 12))
    columns = list(lead)
    groups: list[tuple[str, int, int]] = []
    for table in form.tables:
        start = len(columns)
        for column in table.columns:
            header = f"{column.header}\n({column.number})" if column.number else column.header
            columns.append(Column(header, 11 if not column.percent else 9, "percent" if column.percent else "int"))
        if table.title:  # a block of the form: "Hộ nghèo", "Hộ cận nghèo"
            groups.append((table.title, start, len(columns) - 1))
            continue
        index = 0  # runs of columns sharing a group header ("Hộ nghèo": số hộ, tỷ lệ)
        while index < len(table.columns):
            group, end = table.columns[index].group, index
            while end + 1 < len(table.columns) and table.columns[end + 1].group == group:
                end += 1
            if group:
                groups.append((group, start + index, start + end))
            index = end + 1
    rows: list[list[Cell]] = []
    bold: set[int] = set()
    blocks = form.tables
    for row_index, row in enumerate(first.rows()):
        for line_index, line in enumerate(row.lines):
            cells: list[Cell] = [row.number if line_index == 0 else "", row.name if line_index == 0 else ""]
            if has_lines:
                cells.append(line.label)
            for block in blocks:
                block_row = block.rows()[row_index]
                cells.extend(block_row.lines[line_index].values)
            if row.kind is not RowKind.UNIT:
                bold.add(len(rows))
            rows.append(cells)
    return Table(columns, rows, groups, bold, notes=list(form.notes)), groups


def write_form(book: Workbook, formats: Formats, report: RoundReport, form: Form, table: Table | None = None) -> None:
    """``table``: the form's `form_table`, when the caller has it already."""
    if table is None:
        table, _ = form_table(form)
    heading = Heading(
        authority=_authority(report),
        place=_place(report),
        title=draft_title(form.title.upper(), report.official),
        subtitle=f"Năm {report.year} · {report.round_label}" + ("" if report.official else f" · {DRAFT_NOTE}"),
        form=f"Biểu mẫu {form.code}",
    )
    write_document(book, formats, f"Biểu {form.code}", heading, table, _signature(report), landscape=True)


LIST_WIDTHS = {
    "number": 5,
    "name": 22,
    "relation": 10,
    "birth_year": 7,
    "sex": 6,
    "ethnicity": 8,
    "cccd": 14,
    "list": 16,
    "village": 16,
    "note": 13,
    "b1": 7,
    "b2": 6,
    "lacking": 17,
    "groups": 12,
    "causes": 11,
    "decision_number": 13,
    "decision_date": 11,
}
LIST_KINDS = {"b1": "number", "b2": "int", "birth_year": "text", "number": "int"}


def list_table(household_list: HouseholdList) -> Table:
    columns = [
        Column(c.header, LIST_WIDTHS.get(c.key, 12), LIST_KINDS.get(c.key, "text")) for c in household_list.columns()
    ]
    rows: list[list[Cell]] = []
    italic: set[int] = set()
    keys = [c.key for c in household_list.columns()]
    birth, decided = keys.index("birth_year"), keys.index("decision_date")
    for line in household_list.table():
        cells: list[Cell] = list(line)  # type: ignore[arg-type]  # the one date is formatted below
        if cells[birth] is not None:
            cells[birth] = str(cells[birth])  # a year, not a number: 1980, never 1.980
        day = line[decided]
        if isinstance(day, dt.date):
            cells[decided] = format_date(day)
        if cells[0] is None:
            italic.add(len(rows))  # a member under the head's line
        rows.append(cells)
    return Table(columns, rows, italic_rows=italic)


def write_list(
    book: Workbook,
    formats: Formats,
    report: RoundReport,
    household_list: HouseholdList,
    name: str,
    table: Table | None = None,
) -> None:
    """``table``: the list's `list_table`, when the caller has it already."""
    village = f" — {household_list.village}" if household_list.village else ""
    decision = (
        f"Kèm theo Quyết định số {report.decision_number} ngày {format_date(report.decision_date)}"
        if report.decision_number and report.decision_date
        else report.round_label
    )
    heading = Heading(
        authority=_authority(report),
        place=_place(report),
        title=draft_title(f"{household_list.title.upper()} NĂM {report.year}{village.upper()}", report.official),
        subtitle=decision if report.official else f"{decision} · {DRAFT_NOTE}",
    )
    if table is None:
        table = list_table(household_list)
    write_document(book, formats, name, heading, table, _signature(report), landscape=True, filters=True)


LIST_SHEETS = ("DS hộ nghèo", "DS hộ cận nghèo", "DS thoát nghèo", "DS thoát cận nghèo", "DS niêm yết")


def write_report(book: Workbook, report: RoundReport, *, lists: bool = True, forms: bool = True) -> list[str]:
    """The lists and forms of the round; returns the sheet names in order. Each sheet is checked to
    fit in one Excel sheet (`check_fits`) before anything is written."""
    chosen_lists = (
        [
            (household_list, name, list_table(household_list))
            for household_list, name in zip((*report.lists, report.posting), LIST_SHEETS, strict=True)
        ]
        if lists
        else []
    )
    chosen_forms = [(form, form_table(form)[0]) for form in report.forms] if forms else []
    for name, table in [(name, table) for _, name, table in chosen_lists] + [
        (f"Biểu {form.code}", table) for form, table in chosen_forms
    ]:
        check_fits(name, table)
    formats = Formats(book)
    names: list[str] = []
    for household_list, name, table in chosen_lists:
        write_list(book, formats, report, household_list, name, table)
        names.append(name)
    for form, table in chosen_forms:
        write_form(book, formats, report, form, table)
        names.append(f"Biểu {form.code}")
    return names
