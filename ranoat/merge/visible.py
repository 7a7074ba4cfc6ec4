"""The sheets people read, checked against the data rows (docs/merge.md, "The sheets people read").

The checksum covers the hidden data sheets only; the lists and forms are what an officer reads and
prints. At merge, each input's lists ("DS hộ nghèo" … "DS niêm yết") and forms ("Biểu 7.1" …) are
recomputed from its data rows with the code that wrote them — `official.list_table` and
`official.form_table` over the lists and forms of `ranoat.reports` — laid out cell by cell as
`document.write_document` places them, and compared with the cells of the file as read by calamine:
the title, the header rows, every row of the table and the empty row under it (a row added at the
end shows). Any difference names the sheet and the cell (Excel A1), e.g. "Biểu 7.1, ô E12: 206,
theo dữ liệu 226"; a missing sheet is a difference too. The merge rejects such a file.

A merged workbook's own lists and forms (one row per commune) are checked the same way against the
merged tables recomputed from its communes (`workbook.list_tables`, `core.forms_of`); its check
sheet "Kiểm tra", a record of the earlier merge, is not.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from python_calamine import CalamineError

from ranoat import __version__
from ranoat.domain.area import Area
from ranoat.domain.transition import Status
from ranoat.excel.document import Cell, Table
from ranoat.excel.official import LIST_SHEETS, draft_title, form_table, list_table
from ranoat.excel.reader import open_calamine
from ranoat.merge.records import SHOWN, CommuneData, Difference, MergeResult, VisibleCheck, forms_of, indicator_columns
from ranoat.merge.workbook import list_entries, list_tables
from ranoat.reports.forms import (
    COMMUNE_UNIT_HEADER,
    NEAR_POOR_BLOCK,
    POOR_BLOCK,
    Column,
    Form,
    Unit,
    UnitCounts,
    build_table,
)
from ranoat.reports.lists import LIST_TITLES, POSTING_TITLE, HouseholdList, ListEntry, ListKind
from ranoat.reports.round_report import ReportForms, ReportHousehold, Scores, compute_forms
from ranoat.rules.rulebook import Rulebook

TITLE_ROW = 4  # `document.write_document`: the title on the 5th row, the table's header from the 8th
HEADER_ROW = 7
# The versions of Ranoat whose lists and forms this code lays out as they wrote them; a file of
# another version cannot be checked. Version 0.1.0 wrote two layouts of the forms: before
# 8 December 2026 (layout 1: forms 7.4/7.5 with a near-poor block, no 7.6/7.7, form 7.8 counting
# each group in full on one line), then the present one (issue #13). A file without a sheet
# "Biểu 7.6" is of layout 1 (`LAYOUT_1_VERSIONS`): its forms are checked as that layout was.
KNOWN_LAYOUTS = frozenset({"0.1.0", __version__})
LAYOUT_1_VERSIONS = frozenset({"0.1.0"})
LAYOUT_2_SHEET = "Biểu 7.6"


@dataclass(frozen=True)
class Sheet:
    """A sheet for people as the data rows give it: its title and its table."""

    name: str
    title: str
    table: Table
    # an undecided round's title without the "(DỰ THẢO)" mark, as Ranoat wrote it before 8 December 2026
    older_title: str | None = None


def expected_rows(table: Table) -> Iterator[list[Cell]]:
    """The rows of ``table`` from `HEADER_ROW` as `document.write_document` writes them: one header
    row (or a row of group headers over the columns' own), the table's rows, and the empty row
    between the table and the signature block."""
    width = len(table.columns)
    if table.groups:
        top: list[Cell] = [None] * width
        below: list[Cell] = [None] * width
        covered: set[int] = set()
        for text, first, last in table.groups:
            top[first] = text
            covered.update(range(first, last + 1))
        for index, column in enumerate(table.columns):
            if index in covered:
                below[index] = column.header
            else:
                top[index] = column.header
        yield top
        yield below
    else:
        yield [column.header for column in table.columns]
    for values in table.rows:
        row = list(values[:width])
        yield row + [None] * (width - len(row))
    if not table.rows:
        yield [None] * width  # the table's one empty row
    yield [None] * width
    for note in table.notes:  # the notes under the table (form 7.8), in its first cell
        yield [note] + [None] * (width - 1)


def _same(found: Any, expected: Cell) -> bool:
    if expected is None or expected == "":
        return found is None or found == ""
    if isinstance(expected, str):
        return isinstance(found, str) and found == expected
    if isinstance(found, bool) or not isinstance(found, (int, float)):
        return False
    return math.isclose(found, expected, rel_tol=1e-9, abs_tol=1e-9)  # a percentage re-saved by Excel


def compare_sheet(found: Sequence[Sequence[Any]], sheet: Sheet) -> Iterator[Difference]:
    """The cells of ``found`` (a sheet as calamine reads it, from A1) that differ from ``sheet``."""

    def at(row: int, column: int) -> Any:
        if row < len(found) and column < len(found[row]):
            return found[row][column]
        return None

    if not _same(at(TITLE_ROW, 0), sheet.title) and not (
        sheet.older_title is not None and _same(at(TITLE_ROW, 0), sheet.older_title)
    ):
        yield Difference(sheet.name, TITLE_ROW, 0, at(TITLE_ROW, 0), sheet.title)
    for offset, expected in enumerate(expected_rows(sheet.table)):
        row = HEADER_ROW + offset
        cells = found[row] if row < len(found) else ()
        for column, value in enumerate(expected):
            seen = cells[column] if column < len(cells) else None
            if seen == value and seen.__class__ is not bool:  # most cells: equal text or number
                continue
            if not _same(seen, value):
                yield Difference(sheet.name, row, column, seen, value)


# ----------------------------------------------------------------------------- what the data gives
def _sort_entries(entries: list[ListEntry], villages: dict[tuple[str, str], int]) -> list[ListEntry]:
    """A commune's list order (`reports.round_report._entries`): by list, then village, then the data rows'
    order (the head's name in Vietnamese order within a village)."""
    order = {kind: index for index, kind in enumerate(ListKind)}
    return sorted(entries, key=lambda e: (order[e.list], villages[(e.village_code, e.village)]))


def _villages(commune: CommuneData) -> dict[tuple[str, str], int]:
    """The commune's villages (code, name) in its order: the data rows are written village by village."""
    found: dict[tuple[str, str], int] = {}
    for row in commune.households:
        found.setdefault((str(row.village_code or ""), str(row.village_name or "")), len(found))
    return found


def _shown_villages(found: Found) -> dict[str, bool]:
    """The villages form 7.1 shows, in its order: for each name, whether it counts anything."""
    rows = found("Biểu 7.1") or ()
    names: dict[str, bool] = {}
    for row in rows[HEADER_ROW:]:
        if len(row) > 1 and str(row[0]).isdigit() and isinstance(row[1], str):
            counts = any(v not in (0, "", None) for v in row[2:])
            names[row[1]] = names.get(row[1], False) or counts
    return names


def _all_villages(commune: CommuneData, shown: dict[str, bool]) -> list[tuple[str, str]]:
    """The commune's villages in order: those of its data rows, with the villages form 7.1 shows
    that have no household at all (the register has them; the data rows cannot): they count nothing,
    so every cell of their rows must be 0. A name shown with counts where a village of the data rows
    is not shown at all stands for that village (renamed: the name cell differs, not every row
    below it)."""
    known = list(_villages(commune))
    by_name = {name: (code, name) for code, name in known}
    if len(by_name) != len(known):  # two villages of one name: the data rows' order alone
        return known
    names = set(shown)
    queue = list(known)
    order: list[tuple[str, str]] = []
    for name in shown:
        if name in by_name:
            while queue and queue[0][1] != name:  # villages of the data rows that the form does not show
                order.append(queue.pop(0))
            if queue:
                order.append(queue.pop(0))
        elif shown[name] and queue and queue[0][1] not in names:
            order.append(queue.pop(0))
        else:
            order.append(("", name))
    return order + queue


def commune_units(
    commune: CommuneData, records: Sequence[ReportHousehold], shown: dict[str, bool] | None = None
) -> dict[Unit, list[ReportHousehold]]:
    """A commune's villages as units of its forms, with their households of the round, from its
    data rows (``records``, in the rows' order), as `reports.round_report.build_report` counts them: the
    households of the round only; a village with urban and rural households is two units (urban
    first); a village without a household of the round is in the commune's area. ``shown``: the
    villages form 7.1 shows (`_all_villages`)."""
    areas: dict[tuple[str, str], set[Area]] = {key: set() for key in _all_villages(commune, shown or {})}
    chosen: list[tuple[tuple[str, str], ReportHousehold]] = []
    for row, record in zip(commune.households, records, strict=True):
        key = (str(row.village_code or ""), str(row.village_name or ""))
        if record.start is None:  # not part of the round: on no form
            continue
        areas[key].add(record.area)
        chosen.append((key, record))
    by_unit: dict[Unit, list[ReportHousehold]] = {}
    for (code, name), present in areas.items():
        for area in [a for a in (Area.URBAN, Area.RURAL) if a in present] or [commune.area()]:
            by_unit[Unit(code, name, area)] = []
    for (code, name), record in chosen:
        by_unit[Unit(code, name, record.area)].append(record)
    return by_unit


# ----------------------------------------------------------------------------- layout 1 of the forms
def _layout_1_form_7_8(by_unit: Mapping[Unit, Sequence[ReportHousehold]], unit_header: str) -> Form:
    """Form 7.8 as files of layout 1 have it: one line, every group counted in full, "khác" the
    households in none of the groups."""
    columns = tuple(
        Column(key, str(n), header, group)
        for n, (key, header, group) in enumerate(
            (
                ("households", "Tổng số hộ", ""),
                ("ethnic_minority", "Hộ dân tộc thiểu số", "Trong đó"),
                ("no_working_capacity", "Hộ không có khả năng lao động", "Trong đó"),
                ("person_of_merit", "Hộ có người có công với cách mạng", "Trong đó"),
                ("other", "Hộ khác (không thuộc các nhóm trên)", "Trong đó"),
            ),
            1,
        )
    )

    def counts(households: Sequence[ReportHousehold], status: Status) -> tuple[int, ...]:
        mine = [h for h in households if h.end is status]
        flags = [(h.ethnic_minority, h.no_working_capacity, h.person_of_merit) for h in mine]
        return (len(mine), *(sum(f[i] for f in flags) for i in range(3)), sum(not any(f) for f in flags))

    tables = tuple(
        build_table(
            block, columns, ("",), [UnitCounts(u, (counts(hs, status),)) for u, hs in by_unit.items()], 5, tuple
        )
        for block, status in ((POOR_BLOCK, Status.POOR), (NEAR_POOR_BLOCK, Status.NEAR_POOR))
    )
    return Form("7.8", "Phân tích hộ nghèo, hộ cận nghèo theo các nhóm đối tượng", unit_header, tables)


def layout_1(forms: ReportForms, by_unit: Mapping[Unit, Sequence[ReportHousehold]], unit_header: str) -> list[Form]:
    """The forms as a file of layout 1 has them (`KNOWN_LAYOUTS`): 7.4 and 7.5 with the near-poor
    households' block (today's 7.6 and 7.7) beside the poor's, and the old form 7.8."""

    def both(code: str, title: str, poor: Form, near_poor: Form) -> Form:
        blocks = (replace(poor.table, title=POOR_BLOCK), replace(near_poor.table, title=NEAR_POOR_BLOCK))
        return Form(code, title, poor.unit_header, blocks)

    what = "dịch vụ xã hội cơ bản của hộ nghèo, hộ cận nghèo"
    return [
        forms.form_7_1,
        forms.form_7_2,
        forms.form_7_3,
        both("7.4", f"Phân tích các chỉ số thiếu hụt {what}", forms.form_7_4, forms.form_7_6),
        both("7.5", f"Phân tích tỷ lệ các chỉ số thiếu hụt {what}", forms.form_7_5, forms.form_7_7),
        _layout_1_form_7_8(by_unit, unit_header),
        forms.form_7_9,
        forms.form_7_10,
    ]


def _result(communes: list[CommuneData], rulebook: Rulebook) -> MergeResult:
    """What `workbook.list_tables` needs of a merge: the communes and the rulebook."""
    return MergeResult([], communes, rulebook.id, None, None, None, [], [], [], rulebook)


Found = Callable[[str], Sequence[Sequence[Any]] | None]  # a sheet of the file by name, as read (None: missing)


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _shown_scores(
    entries: Sequence[ListEntry], unsurveyed: set[int], found: Found, rulebook: Rulebook
) -> dict[int, Scores]:
    """B1, B2 and the lacking indicators the lists show for the households of the round that have no
    Phiếu B of the round in the data rows (carried over: their scores are from an earlier Phiếu B,
    which a version 1 workbook does not carry), read from the first list that shows each; a cell
    that is not a score is not taken (it then differs from the data rows' empty cell)."""
    codes = {indicator.report_column: code for code, indicator in rulebook.indicators_by_code.items()}
    taken: dict[int, Scores] = {}
    for kind, name in zip(ListKind, LIST_SHEETS, strict=False):
        chosen = [e for e in entries if e.list is kind]
        if not any(e.household_id in unsurveyed for e in chosen):
            continue
        rows = found(name)
        if rows is None:
            continue
        keys = [c.key for c in HouseholdList(kind, "", None, ()).columns()]
        at_b1, at_b2, at_lacking = keys.index("b1"), keys.index("b2"), keys.index("lacking")
        line = HEADER_ROW + 1
        for entry in chosen:
            cells = rows[line] if line < len(rows) else ()
            line += len(entry.people)
            if entry.household_id not in unsurveyed or entry.household_id in taken or len(cells) <= at_lacking:
                continue
            b1, b2, lacking = _number(cells[at_b1]), _number(cells[at_b2]), cells[at_lacking]
            if not isinstance(lacking, str) or (b2 is not None and not b2.is_integer()):
                continue
            numbers = [part.strip() for part in lacking.split(",") if part.strip()]
            if not all(n.isdigit() and int(n) in codes for n in numbers):
                continue
            found_codes = tuple(codes[int(n)] for n in numbers)
            taken[entry.household_id] = Scores(0, b1, int(b2) if b2 is not None else None, found_codes)
    return taken


def commune_sheets(commune: CommuneData, rulebook: Rulebook, found: Found, *, layout: int = 2) -> list[Sheet]:
    """The lists and forms a commune's export writes (`official.write_report`), from its data rows;
    ``layout`` 1: its forms as files of layout 1 have them (`layout_1`).

    A household of the round without a Phiếu B of the round (``survey_status`` empty) shows the scores
    of its latest earlier Phiếu B, which the data rows do not have: those three cells are taken as
    the lists show them (`_shown_scores`), the same on every list, and forms 7.4 and 7.5 count the
    lacking indicators shown."""
    year = commune.meta.get("round_year")
    villages = _villages(commune)
    records = commune.records()
    entries = _sort_entries([e for e, _ in list_entries(_result([commune], rulebook))], villages)
    unsurveyed = {
        r.id
        for r, row in zip(records, commune.households, strict=True)
        if r.start is not None and row.survey_status is None
    }
    if unsurveyed:
        taken = _shown_scores(entries, unsurveyed, found, rulebook)
        columns = {code: indicator.report_column for code, indicator in rulebook.indicators_by_code.items()}
        entries = [
            replace(
                e,
                b1=taken[e.household_id].b1,
                b2=taken[e.household_id].b2,
                lacking=tuple(sorted(columns[c] for c in taken[e.household_id].lacking)),
                lacking_codes=taken[e.household_id].lacking,
            )
            if e.household_id in taken
            else e
            for e in entries
        ]
        records = [replace(r, scores=taken[r.id]) if r.id in taken else r for r in records]
    official = commune.meta.get("round_status") == "closed"

    def sheet(name: str, title: str, table: Table) -> Sheet:
        """As `official.write_report` titles it: an undecided round's sheets are marked as a draft."""
        return Sheet(name, draft_title(title, official), table, None if official else title)

    sheets = []
    for kind, name in zip(ListKind, LIST_SHEETS, strict=False):
        chosen = HouseholdList(kind, LIST_TITLES[kind], None, tuple(e for e in entries if e.list is kind))
        sheets.append(sheet(name, f"{chosen.title.upper()} NĂM {year}", list_table(chosen)))
    posting = HouseholdList(None, POSTING_TITLE, None, tuple(entries))
    sheets.append(sheet(LIST_SHEETS[-1], f"{posting.title.upper()} NĂM {year}", list_table(posting)))
    by_unit = commune_units(commune, records, _shown_villages(found))
    forms: Sequence[Form] = list(compute_forms(by_unit, indicator_columns(rulebook), official=official))
    if layout == 1:
        forms = layout_1(ReportForms(*forms), by_unit, forms[0].unit_header)
    for form in forms:
        sheets.append(sheet(f"Biểu {form.code}", form.title.upper(), form_table(form)[0]))
    return sheets


def merged_sheets(communes: list[CommuneData], rulebook: Rulebook, round_year: Any, *, layout: int = 2) -> list[Sheet]:
    """The lists and forms a merged workbook has (`workbook.write_merged`), from its communes' rows;
    ``layout`` as for `commune_sheets`."""
    sheets = []
    tables = list_tables(_result(communes, rulebook))
    for kind, name in zip(ListKind, LIST_SHEETS, strict=False):
        sheets.append(Sheet(name, f"{LIST_TITLES[kind].upper()} NĂM {round_year or ''}", tables[kind]))
    merged = forms_of(communes, rulebook)
    forms: Sequence[Form] = list(merged or ())
    if merged is not None and layout == 1:
        forms = layout_1(merged, {Unit(c.code, c.name, c.area()): c.records() for c in communes}, COMMUNE_UNIT_HEADER)
    for form in forms:
        sheets.append(Sheet(f"Biểu {form.code}", form.title.upper(), form_table(form)[0]))
    return sheets


# ----------------------------------------------------------------------------- the check


def check_visible(
    path: Path,
    communes: list[CommuneData],
    rulebook: Rulebook | None,
    *,
    merged: bool,
    round_year: Any = None,
    program_version: Any = None,
) -> VisibleCheck:
    """Compare the input's lists and forms with those its data rows give. ``program_version``: the
    Ranoat that wrote the file (its metadata), whose layout must be known."""
    version = str(program_version or "")
    if version not in KNOWN_LAYOUTS:
        return VisibleCheck(
            [],
            0,
            f"do Ranoat phiên bản {version or '(không rõ)'} ghi: phiên bản Ranoat này không biết bố cục danh "
            "sách, biểu mẫu của phiên bản đó nên không kiểm tra được",
            "hãy gộp bằng Ranoat cùng phiên bản với xã, hoặc đề nghị xã xuất lại sổ bằng phiên bản này",
        )
    if rulebook is None:
        standard = communes[0].meta.get("standard_id") if communes else None
        return VisibleCheck([], 0, f"không có chuẩn nghèo {standard} để tính lại danh sách, biểu mẫu")
    try:
        book = open_calamine(path)  # a name that is not UTF-8 too
    except (CalamineError, OSError, ValueError) as exc:
        return VisibleCheck([], 0, f"không đọc được các trang danh sách, biểu mẫu ({exc.__class__.__name__})")
    names = set(book.sheet_names)
    layout = 1 if version in LAYOUT_1_VERSIONS and LAYOUT_2_SHEET not in names else 2
    read: dict[str, Sequence[Sequence[Any]]] = {}

    def found(name: str) -> Sequence[Sequence[Any]] | None:
        if name not in names:
            return None
        if name not in read:
            read[name] = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        return read[name]

    differences: list[Difference] = []
    count = 0
    try:
        if merged:
            expected = merged_sheets(communes, rulebook, round_year, layout=layout)
        else:
            expected = [
                sheet for commune in communes for sheet in commune_sheets(commune, rulebook, found, layout=layout)
            ]
        for sheet in expected:
            rows = found(sheet.name)
            shown = [Difference(sheet.name, -1, -1, None, None)] if rows is None else list(compare_sheet(rows, sheet))
            count += len(shown)
            differences.extend(shown[: max(0, SHOWN - len(differences))])
    except (CalamineError, ValueError, OSError) as exc:
        return VisibleCheck([], 0, f"các trang danh sách, biểu mẫu bị hỏng ({exc.__class__.__name__})")
    finally:
        book.close()
    return VisibleCheck(differences, count)
