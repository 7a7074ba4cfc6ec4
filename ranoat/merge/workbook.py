"""Writing a `MergeResult` as the merged workbook (docs/merge.md, docs/exchange-format.md).

Sheets for people: "Kiểm tra" (the inputs and why any was refused, each commune's own totals against
the totals recomputed from its data rows, the people and households found in more than one commune),
the four lists with a commune column, and forms 7.1–7.10 with one row per commune. Sheets for
programs (hidden): `data_communes`, `data_households`, `data_members`, `metadata` — the merged
workbook can itself be merged again.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ranoat import __version__
from ranoat.collector import collector_paused
from ranoat.domain.ethnicity import ethnicity_name
from ranoat.domain.household import Relation, Sex
from ranoat.domain.names import cell_text, file_label
from ranoat.domain.vietnamese import format_number
from ranoat.excel.document import (
    Cell,
    Column,
    DocumentWorksheet,
    Formats,
    Heading,
    Signature,
    Table,
    atomic_workbook,
    check_fits,
    checked,
    checked_merge,
    data_sheet,
    wrapped_lines,
    write_cell,
    write_document,
)
from ranoat.excel.exchange import checksum_v2
from ranoat.excel.merged import COMMUNE_COLUMNS_V2, MERGED_FORMAT_NAME, MERGED_FORMAT_VERSION, merged_columns
from ranoat.excel.official import LIST_SHEETS as OFFICIAL_LIST_SHEETS
from ranoat.excel.official import form_table
from ranoat.excel.official import list_table as list_table_of
from ranoat.excel.rows import DATA_SHEETS, MemberRow
from ranoat.merge.records import CommuneData, InputStatus, Level, MergeResult
from ranoat.merge.seal import SealCheck, SealStatus
from ranoat.reports.forms import COMMUNE_UNIT_HEADER, cause_number
from ranoat.reports.lists import (
    ESCAPED_NOTES,
    LIST_TITLES,
    NOTES,
    SEX_NAMES,
    HouseholdList,
    ListEntry,
    ListKind,
    Person,
    relation_name,
)
from ranoat.reports.round_report import list_kinds

CHECK_SHEET = "Kiểm tra"
LIST_SHEETS = dict(zip(ListKind, OFFICIAL_LIST_SHEETS, strict=False))  # a commune's sheet names, without the posting
STATUS_NAMES = {
    InputStatus.MERGED: "Đã gộp",
    InputStatus.REJECTED: "Từ chối",
    InputStatus.DUPLICATE_FILE: "Tệp trùng",
}
WARNED = "Đã gộp, cần xem ghi chú"  # merged with a warning (MergeWarning): an export time in the future
RULE_NAMES = {"cccd": "Cùng số CCCD", "name_birth": "Cùng họ tên, ngày sinh"}
TOO_LARGE_ADVICE = "Hãy gộp ít xã hơn trong một tệp (ví dụ từng huyện, từng cụm xã)."


@dataclass(frozen=True)
class MergeSettings:
    level: Level = Level.PROVINCE
    name: str = ""  # the unit's name: "Lạng Sơn", "Văn Quan", "Cụm xã Tân Văn"


def unit_name(result: MergeResult, settings: MergeSettings) -> str:
    if settings.name:
        return settings.name
    if settings.level is Level.PROVINCE and result.communes:
        return str(result.communes[0].meta.get("province_name") or "")
    return ""


def _heading(result: MergeResult, settings: MergeSettings, title: str, form: str = "") -> Heading:
    name = unit_name(result, settings)
    subtitle = (
        f"Tổng hợp {format_number(len(result.communes))} xã, phường · năm {result.round_year or ''} · "
        f"chuẩn nghèo {result.standard_id or ''}"
    )
    return Heading(settings.level.authority(name), name, title, subtitle, form)


def _signature(settings: MergeSettings) -> Signature:
    right = "THỦ TRƯỞNG ĐƠN VỊ" if settings.level is Level.CLUSTER else "CHỦ TỊCH UBND"
    return Signature(left_title="Người lập biểu", right_title=right)


def write_merged(
    result: MergeResult,
    out: Path,
    settings: MergeSettings,
    *,
    progress: Callable[[int, int, str], None] | None = None,
    exported_at: dt.datetime | None = None,
) -> list[str]:
    """Write the merged workbook atomically (temporary file, then rename); returns the sheet names."""
    steps = 4

    def step(done: int, what: str) -> None:
        if progress is not None:
            progress(done, steps, what)

    with collector_paused():
        # the sheets for people first, each checked to fit in one Excel sheet before anything is written
        lists = {LIST_SHEETS[kind]: (kind, table) for kind, table in list_tables(result).items()}
        forms = {f"Biểu {form.code}": (form, form_table(form)[0]) for form in result.forms or ()}
        for name, (_, table) in (*lists.items(), *forms.items()):
            check_fits(name, table, TOO_LARGE_ADVICE)
        with atomic_workbook(out, constant_memory=True) as book:  # every sheet below writes its rows in order
            formats = Formats(book)
            step(0, "Ghi trang kiểm tra")
            write_check_sheet(book, formats, result, settings)
            step(1, "Ghi danh sách")
            for name, (kind, table) in lists.items():
                heading = _heading(result, settings, f"{LIST_TITLES[kind].upper()} NĂM {result.round_year or ''}")
                write_document(book, formats, name, heading, table, _signature(settings), filters=True)
            step(2, "Ghi biểu mẫu")
            for name, (form, table) in forms.items():
                heading = _heading(result, settings, form.title.upper(), f"Biểu mẫu {form.code}")
                write_document(book, formats, name, heading, table, _signature(settings))
            step(3, "Ghi các trang dữ liệu")
            write_data_sheets(book, result, settings, exported_at)
            names = [sheet.name for sheet in book.worksheets()]
            step(steps, "Hoàn tất")
    return names


# ----------------------------------------------------------------------------- lists
def _person(row: MemberRow) -> Person:
    try:
        sex = Sex(row.sex)
        relation = relation_name(Relation(row.relation), sex)
        sex_name = SEX_NAMES[sex]
    except ValueError:
        relation, sex_name = str(row.relation or ""), str(row.sex or "")
    year, code = row.birth_year, row.ethnicity_code
    return Person(
        name=str(row.full_name or ""),
        relation=relation,
        birth_year=int(year) if isinstance(year, (int, float)) else None,
        sex=sex_name,
        ethnicity=(ethnicity_name(str(code)) or str(code)) if code else "",
        cccd=str(row.cccd or ""),
    )


def _roster_order(member: MemberRow) -> tuple[bool, float]:
    """The head first, then by roster position (a position that is not a number last, not a crash)."""
    position = member.position
    return (member.relation != "head", position if isinstance(position, (int, float)) else math.inf)


def _decision_date(commune: CommuneData) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(commune.meta.get("decision_date") or ""))
    except ValueError:
        return None


def list_entries(result: MergeResult) -> list[tuple[ListEntry, str]]:
    """Every list's entries with their commune's name, communes in report order: the same
    `ListEntry` a commune's lists are made of, built from the data rows."""
    columns = (
        {code: indicator.report_column for code, indicator in result.rulebook.indicators_by_code.items()}
        if result.rulebook is not None
        else {}
    )
    found: list[tuple[ListEntry, str]] = []
    for commune in result.communes:
        members: dict[str, list[MemberRow]] = defaultdict(list)
        for member in commune.members:
            members[str(member.household_code)].append(member)
        decided = _decision_date(commune)
        for record, row in zip(commune.records(), commune.households, strict=True):
            kinds = list_kinds(record)
            if not kinds:
                continue
            people = tuple(_person(m) for m in sorted(members.get(record.code, []), key=_roster_order))
            if not people:  # a household row without member rows still shows its head's name
                people = (Person(str(row.head_name or ""), "Chủ hộ", None, "", "", ""),)
            codes = record.scores.lacking if record.scores is not None else ()
            for kind in kinds:
                notes = NOTES if kind in (ListKind.POOR, ListKind.NEAR_POOR) else ESCAPED_NOTES
                entry = ListEntry(
                    list=kind,
                    household_id=record.id,
                    household_code=record.code,
                    village_code=str(row.village_code or ""),
                    village=str(row.village_name or ""),
                    area=record.area,
                    people=people,
                    transition=record.movement.transition,
                    note=notes.get(record.movement.transition, ""),
                    start=record.start,
                    result=record.result,
                    b1=record.scores.b1 if record.scores is not None else None,
                    b2=record.scores.b2 if record.scores is not None else None,
                    lacking=tuple(sorted(columns[c] for c in codes if c in columns)),
                    lacking_codes=codes,
                    surveyed_in_round=True,
                    ethnic_minority=record.ethnic_minority,
                    no_working_capacity=record.no_working_capacity,
                    person_of_merit=record.person_of_merit,
                    social_protection=record.social_protection,
                    causes=tuple(cause_number(c) for c in record.causes),
                    other_cause="",
                    decision_number=str(commune.meta.get("decision_number") or "") or None,
                    decision_date=decided,
                )
                found.append((entry, commune.name))
    return found


def list_tables(result: MergeResult) -> dict[ListKind, Table]:
    """The four lists as printed for a commune (`official.list_table`), with the commune's name as
    a second column; numbered from 1 across the merge."""
    entries = list_entries(result)
    longest = max((len(c.name) for c in result.communes), default=0)
    # the commune's name on one line: Excel and LibreOffice do not grow a row for wrapped text
    commune_column = Column(COMMUNE_UNIT_HEADER, max(20, min(math.ceil(longest / 1.2) + 1, 45)))
    tables = {}
    for kind in LIST_SHEETS:
        chosen = [(entry, name) for entry, name in entries if entry.list is kind]
        table = list_table_of(HouseholdList(kind, LIST_TITLES[kind], None, tuple(e for e, _ in chosen)))
        # one printed line per person: the commune's name on the head's line, as the village's
        communes = [name if index == 0 else None for entry, name in chosen for index in range(len(entry.people))]
        for cells, name in zip(table.rows, communes, strict=True):
            cells.insert(1, name)
        table.columns.insert(1, commune_column)
        tables[kind] = table
    return tables


def list_table(result: MergeResult, kind: ListKind) -> Table:
    return list_tables(result)[kind]


# ----------------------------------------------------------------------------- the check sheet
CHECK_WIDTHS = (6, 30, 14, 14, 44, 12, 12, 14)
REPORT_FIGURES = (
    "Số hộ",
    "Số nhân khẩu",
    "Số hộ nghèo",
    "Số nhân khẩu hộ nghèo",
    "Số hộ cận nghèo",
    "Số nhân khẩu hộ cận nghèo",
)


def write_check_sheet(book: Workbook, formats: Formats, result: MergeResult, settings: MergeSettings) -> Worksheet:  # noqa: C901
    """The inputs and their fate, each commune's report totals against its data, and duplicates."""
    sheet = book.add_worksheet(CHECK_SHEET, worksheet_class=DocumentWorksheet)
    last = len(CHECK_WIDTHS) - 1
    for index, width in enumerate(CHECK_WIDTHS):
        checked(sheet.set_column(index, index, width), sheet, 0, index)
    name = unit_name(result, settings)
    checked_merge(sheet, 0, 0, 0, 3, settings.level.authority(name), formats.authority)
    checked_merge(sheet, 2, 0, 2, last, "KIỂM TRA SỐ LIỆU GỘP TỪ CÁC XÃ", formats.title)
    checked(sheet.set_row(2, 24), sheet, 2, 0)
    counts = {status: sum(1 for i in result.inputs if i.status is status) for status in InputStatus}
    summary = (
        f"{format_number(len(result.inputs))} tệp đầu vào: {format_number(counts[InputStatus.MERGED])} tệp đã gộp, "
        f"{format_number(counts[InputStatus.REJECTED])} tệp bị từ chối, "
        f"{format_number(counts[InputStatus.DUPLICATE_FILE])} tệp trùng. "
        f"Đã gộp {format_number(len(result.communes))} xã, {format_number(result.household_count)} hộ, "
        f"{format_number(result.member_count)} nhân khẩu."
    )
    checked_merge(sheet, 3, 0, 3, last, summary, formats.subtitle)
    row = 5

    def section(title: str, headers: tuple[str, ...]) -> None:
        nonlocal row
        title = cell_text(title)  # the check sheet names files: a name that is not UTF-8 too
        checked_merge(sheet, row, 0, row, last, title, formats.bold["text"])
        checked(sheet.set_row(row, 18 * wrapped_lines(title, sum(CHECK_WIDTHS))), sheet, row, 0)
        row += 1
        for index, header in enumerate(headers):
            write_cell(sheet, row, index, header, formats.header)
        checked(sheet.set_row(row, 32), sheet, row, 0)
        row += 1

    def line(values: list[Cell], bold: bool = False) -> None:
        nonlocal row
        values = [cell_text(v) if isinstance(v, str) else v for v in values]
        for index, value in enumerate(values):
            kind = "int" if isinstance(value, int) else "text"
            write_cell(sheet, row, index, value, (formats.bold if bold else formats.plain)[kind])
        height = max((wrapped_lines(str(v), w) for v, w in zip(values, CHECK_WIDTHS, strict=False) if v), default=1)
        if height > 1:  # Excel and LibreOffice do not grow rows with wrapped text written by a program
            checked(sheet.set_row(row, 15 * height + 2), sheet, row, 0)
        row += 1

    section(
        "1. Các tệp đầu vào",
        ("STT", "Tệp", "Kết quả", "Mã lý do", "Lý do, ghi chú", "Xã đã gộp", "Số hộ", "Số nhân khẩu"),
    )
    for number, report in enumerate(result.inputs, start=1):
        merged = report.status is InputStatus.MERGED
        line(
            [
                number,
                file_label(report.path),
                WARNED if merged and report.warnings else STATUS_NAMES[report.status],
                report.code,
                report.reason,
                ", ".join(report.communes) if merged else "",
                report.households if merged else None,
                report.members if merged else None,
            ],
            bold=report.status is InputStatus.REJECTED or bool(report.warnings),
        )
    row += 1
    section(
        "2. Danh sách, biểu mẫu trong từng tệp so với danh sách, biểu mẫu tính lại từ dữ liệu của tệp",
        ("STT", "Tệp", "Kết quả", "Số ô khác", "Các ô khác (đầu tiên)", "", "", ""),
    )
    for number, report in enumerate(result.inputs, start=1):
        shown = report.visible
        if shown is None:
            verdict, cells, why = "Không kiểm tra (tệp không đọc được dữ liệu)", None, ""
        elif shown.problem:
            verdict, cells, why = "KHÔNG KIỂM TRA ĐƯỢC", None, shown.problem
        else:
            verdict = "Khớp" if shown.agrees else "KHÔNG KHỚP"
            cells, why = shown.count, "; ".join(d.text() for d in shown.differences)
        line(
            [number, file_label(report.path), verdict, cells, why, None, None, None],
            bold=shown is not None and not shown.agrees,
        )
    row += 1
    section(
        "3. Số liệu báo cáo của từng xã (tổng cộng biểu 7.1 trong tệp của xã) so với số tính lại từ dữ liệu của xã",
        ("STT", "Xã", "Mã xã", "Kết quả", "Chỉ tiêu", "Xã báo cáo", "Tính lại", "Chênh lệch"),
    )
    for number, check in enumerate(result.totals, start=1):
        verdict = {None: "Tệp không có số liệu báo cáo", True: "Khớp", False: "KHÔNG KHỚP"}[check.agrees]
        for index, figure in enumerate(REPORT_FIGURES):
            reported = check.reported[index] if check.reported is not None else None
            recomputed = check.recomputed[index]
            first = index == 0
            line(
                [
                    number if first else None,
                    check.commune_name if first else None,
                    check.commune_code if first else None,
                    verdict if first else None,
                    figure,
                    reported,
                    recomputed,
                    recomputed - reported if reported is not None else None,
                ],
                bold=reported is not None and reported != recomputed,
            )
    row += 1
    for title, groups in (
        ("4. Người có mặt ở nhiều xã: cần xác minh, chương trình không tự gộp", result.people),
        ("5. Hộ có chủ hộ có mặt ở nhiều xã: cần xác minh, chương trình không tự gộp", result.households),
    ):
        section(title, ("Nhóm", "Họ và tên", "Ngày/năm sinh", "Số CCCD", "Xã", "Mã xã", "Mã hộ", "Căn cứ trùng"))
        if not groups:
            line([None, "Không có", None, None, None, None, None, None])
        for number, duplicate in enumerate(groups, start=1):
            for person in duplicate.people:
                line(
                    [
                        number,
                        person.full_name,
                        person.birth,
                        person.cccd,
                        person.commune_name,
                        person.commune_code,
                        person.household_code,
                        RULE_NAMES[duplicate.rule],
                    ]
                )
        row += 1
    section(_seal_title(result), ("STT", "Tệp", "Mã xã", "Mã khoá trong tệp", "Niêm phong", "Mã khoá của tỉnh"))
    for number, report in enumerate(result.inputs, start=1):
        sealing = report.seal
        line(
            [
                number,
                file_label(report.path),
                ", ".join(report.communes) or (sealing.commune_code if sealing is not None else ""),
                sealing.key_id if sealing is not None else None,
                seal_name(sealing),
                sealing.expected_key_id if sealing is not None else None,
            ],
            bold=sealing is not None and sealing.rejected,
        )
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    sheet.fit_to_pages(1, 0)
    sheet.set_footer('&C&"Times New Roman"Trang &P/&N')
    checked(sheet.print_area(0, 0, row, last), sheet, row, last)
    return sheet


SEAL_NAMES = {
    SealStatus.VERIFIED: "Có niêm phong, đã xác minh bằng khoá của xã",
    SealStatus.INVALID: "NIÊM PHONG SAI: không gộp",
    SealStatus.MISSING: "KHÔNG CÓ NIÊM PHONG dù tỉnh đã cấp khoá: không gộp",
    SealStatus.NO_KEY: "Có niêm phong, không kiểm tra được: tệp khoá chưa có khoá của xã",
    SealStatus.UNSEALED: "Không có niêm phong (tệp khoá chưa có khoá của xã)",
    SealStatus.MERGED_WORKBOOK: "Sổ đã gộp: không mang niêm phong của từng xã",
}


def seal_name(check: SealCheck | None) -> str:
    """An input's seal as the check sheet says it; empty for a file that could not be read."""
    if check is None:
        return ""
    if check.status is SealStatus.NOT_CHECKED:
        return "Có niêm phong, không kiểm tra" if check.sealed else "Không có niêm phong"
    return SEAL_NAMES[check.status]


def _seal_title(result: MergeResult) -> str:
    if result.keys_file is None:
        return (
            "6. Niêm phong: KHÔNG KIỂM TRA (không có tệp khoá niêm phong). Mã kiểm tra SHA-256 chỉ cho thấy tệp "
            "không bị sửa nhầm; ai cũng tính lại được, nên không chứng minh tệp do xã lập"
        )
    verified = sum(1 for i in result.inputs if i.seal is not None and i.seal.status is SealStatus.VERIFIED)
    return (
        f"6. Niêm phong: kiểm tra bằng tệp khoá {result.keys_file.name}; "
        f"{format_number(verified)}/{format_number(len(result.inputs))} tệp có niêm phong đã xác minh"
    )


# ----------------------------------------------------------------------------- data sheets
def commune_row(commune: CommuneData) -> list[Any]:
    return [commune.meta.get(key) for key in COMMUNE_COLUMNS_V2]


def write_data_sheets(
    book: Workbook, result: MergeResult, settings: MergeSettings, exported_at: dt.datetime | None
) -> None:
    """`data_communes`, then each of a commune's data sheets with every commune's rows led by its
    code (a commune from a v1 file: its v2 columns empty, no rows in the v2 sheets)."""
    communes = [commune_row(c) for c in result.communes]
    sheets: list[tuple[str, list[tuple[Any, ...]]]] = [("data_communes", [tuple(row) for row in communes])]
    for sheet in DATA_SHEETS:
        rows: list[tuple[Any, ...]]
        if sheet.name == "data_households":
            rows = [(c.code, *row) for c in result.communes for row in c.households]
        elif sheet.name == "data_members":
            rows = [(c.code, *row) for c in result.communes for row in c.members]
        else:
            rows = [(c.code, *row) for c in result.communes for row in c.sheets.get(sheet.name, ())]
        sheets.append((sheet.name, rows))
    check = {sheet.name: sheet for sheet in DATA_SHEETS}
    data_sheet(book, "data_communes", COMMUNE_COLUMNS_V2, communes)
    for name, rows in sheets[1:]:
        data_sheet(book, name, merged_columns(check[name].columns), rows)
    exported = exported_at or dt.datetime.now(dt.UTC).replace(microsecond=0)
    metadata: dict[str, Cell] = {
        "format": MERGED_FORMAT_NAME,
        "format_version": MERGED_FORMAT_VERSION,
        "level": settings.level.value,
        "unit_name": unit_name(result, settings),
        "standard_id": result.standard_id,
        "round_year": result.round_year,
        "round_kind": result.round_kind,
        "exported_at": exported.isoformat(),
        "program_version": __version__,
        "commune_rows": len(communes),
        **{sheet.count_key: len(rows) for sheet, (_, rows) in zip(DATA_SHEETS, sheets[1:], strict=True)},
    }
    metadata["data_sha256"] = checksum_v2(metadata, sheets)
    data_sheet(book, "metadata", ("key", "value"), [[key, value] for key, value in metadata.items()])
