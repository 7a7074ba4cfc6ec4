"""The comparison of two standards as a printable sheet: the rows the officer filtered on the round
page, under the commune's administrative header (`ranoat.excel.document`)."""

from __future__ import annotations

from pathlib import Path

from ranoat.domain.area import Area
from ranoat.domain.names import commune_authority, commune_place
from ranoat.excel.document import Cell, Column, Formats, Heading, Signature, Table, atomic_workbook, write_document
from ranoat.reports.comparison import CHANGE_NAMES, Change, Comparison, category_words

SHEET = "So sánh chuẩn"
AREA_WORDS = {Area.URBAN.value: "Thành thị", Area.RURAL.value: "Nông thôn"}


def comparison_table(comparison: Comparison, change: Change) -> Table:
    value_header = "Thu nhập bình quân\n(đồng/người/tháng)" if comparison.by_income else "Điểm B1"
    table = Table(
        [
            Column("STT", 6, "int"),
            Column("Mã hộ", 14),
            Column("Họ và tên chủ hộ", 26),
            Column("Thôn", 16),
            Column("Khu vực", 11),
            Column(value_header, 14, "int" if comparison.by_income else "number"),
            Column(f"Kết quả theo chuẩn {comparison.standard}\n(của kỳ)", 16),
            Column(f"Kết quả theo chuẩn {comparison.other_standard}", 16),
            Column("Ghi chú", 34),
        ],
        fit_rows=True,  # the notes and "Không thuộc hộ nghèo, hộ cận nghèo" wrap
    )
    rows = comparison.only(change)
    for number, row in enumerate(rows, start=1):
        cells: list[Cell] = [
            number,
            row.code,
            row.head,
            row.village,
            AREA_WORDS.get(row.area, row.area),
            row.value,
            category_words(row.stored),
            category_words(row.other),
            row.note,
        ]
        table.rows.append(cells)
    counts = comparison.counts()
    path = "thu nhập bình quân đã ghi" if comparison.by_income else "điểm B1"
    table.notes.append(
        f"So sánh theo {path}; kết quả của kỳ là kết quả đã lưu (quyết định của cuộc họp dân, nếu có). "
        f"Chuẩn {comparison.other_standard} chỉ để so sánh: không thay đổi kết quả nào của kỳ."
    )
    table.notes.append(
        f"Tổng số hộ có phiếu: {counts[Change.ALL]}; đổi kết quả: {counts[Change.CHANGED]} (vào danh sách: "
        f"{counts[Change.JOINS]}, ra khỏi danh sách: {counts[Change.LEAVES]}, giữa nghèo và cận nghèo: "
        f"{counts[Change.BETWEEN]}); không phân loại được: {counts[Change.UNCLASSIFIED]}."
    )
    return table


def write_comparison(path: Path, comparison: Comparison, change: Change = Change.ALL) -> int:
    """Write the rows that pass ``change`` to ``path`` (atomically); returns how many."""
    table = comparison_table(comparison, change)
    heading = Heading(
        authority=commune_authority(comparison.commune_name, comparison.commune_type),
        place=commune_place(comparison.commune_name, comparison.commune_type),
        title=f"SO SÁNH KẾT QUẢ THEO CHUẨN {comparison.standard} VÀ CHUẨN {comparison.other_standard}",
        subtitle=f"{comparison.round_label} — {CHANGE_NAMES[change]}",
    )
    with atomic_workbook(path) as book:
        write_document(book, Formats(book), SHEET, heading, table, Signature(right_title="CHỦ TỊCH UBND"), filters=True)
    return len(table.rows)
