"""Explanation sheets on A4 paper: one household per page, for the village meeting.

`ranoat.operations.explanation` gives the sheets as plain data; here each becomes one page of a
QTextDocument (pages separated by ``page-break-before``) with the official header, the household
and its members, B1, the lacking indicators, B2, the result and its reasons, the meeting's
override, how far the household is from the next category, and the signatures. Numbers are written
the Vietnamese way (1.500.000; 140,5; dd/mm/yyyy).

A sheet that does not fit on its page (a very large household lacking many indicators) is set
again in smaller type, a step at a time, so each household stays on one page; only a sheet that
does not fit even at the smallest size runs on to a second page.

- `write_sheets_pdf(sheets, path)` writes a PDF (QPdfWriter, A4 portrait);
- `print_sheets(sheets, parent)` asks for a printer (QPrintDialog) and prints.

The sheets of a village come from ``village_sheets(session, round_id, village_id, rulebooks)``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QSizeF
from PySide6.QtGui import QFont, QPagedPaintDevice, QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from ranoat.domain.vietnamese import format_number
from ranoat.operations.explanation import NO_CONDITION, ExplanationSheet
from ui.labels import UNVERIFIED_LEGEND, UNVERIFIED_MARK, officer_condition

TITLE = "PHIẾU GIẢI THÍCH KẾT QUẢ RÀ SOÁT"
MARGINS_MM = QMarginsF(20, 12, 15, 12)  # left, top, right, bottom (the left one for binding)
RESOLUTION = 300  # dots per inch of the layout; the PDF's text stays vector
FONT_FAMILIES = ["Times New Roman", "Liberation Serif", "DejaVu Serif"]
SCALES = (1.0, 0.93, 0.86, 0.8)  # type sizes tried, in turn, until a sheet fits on its page


@dataclass(frozen=True)
class _Look:
    """Inline styles at one type scale (inline, so sheets of one document can differ in size)."""

    scale: float

    def pt(self, size: float) -> str:
        return f"{round(size * self.scale, 2)}pt"

    def p(self, size: float, extra: str = "") -> str:
        return f'style="font-size: {self.pt(size)}; margin-top: 0px; margin-bottom: 0px; {extra}"'

    @property
    def body(self) -> str:
        return self.p(10.5, "margin-top: 2px;")

    @property
    def section(self) -> str:
        return self.p(10.5, "font-weight: bold; margin-top: 7px; margin-bottom: 2px;")

    @property
    def item(self) -> str:
        return self.p(10.5, "margin-top: 1px; margin-left: 12px; text-indent: -9px;")

    def cell(self, size: float = 9.5) -> str:
        return f'style="font-size: {self.pt(size)};"'

    @property
    def head(self) -> str:
        return f'style="font-size: {self.pt(9)}; font-weight: bold; background-color: #eeeeee;"'


def _text(value: str) -> str:
    return escape(value, quote=True)


def _num(value: int | float) -> str:
    return format_number(value)


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _date_line(sheet: ExplanationSheet, printed_on: dt.date | None) -> str:
    place = _text(sheet.commune_place)
    if printed_on is None:
        return f"{place}, ngày ...... tháng ...... năm {sheet.round_year}"
    return f"{place}, ngày {printed_on.day:02d} tháng {printed_on.month:02d} năm {printed_on.year}"


def sheet_html(
    sheet: ExplanationSheet, *, printed_on: dt.date | None = None, first: bool = True, scale: float = 1.0
) -> str:
    """One household's sheet as Qt rich text; ``first=False`` starts it on a new page."""
    look = _Look(scale)
    page_break = "" if first else " page-break-before: always;"
    parts: list[str] = []
    add = parts.append

    # -- the official header ----------------------------------------------------------------------
    add(
        # the top margin keeps the accents stacked on capitals (Ẫ, Ả) clear of the page's edge, where
        # printing clips them
        '<table width="100%" cellspacing="0" cellpadding="0" '
        f'style="margin-top: 10px; margin-bottom: 6px;{page_break}">'
        '<tr><td width="40%" align="center" valign="top">'
        f'<p align="center" {look.p(10, "font-weight: bold;")}>UBND {_text(sheet.commune.upper())}</p>'
        '<hr width="35%"/>'
        '</td><td width="60%" align="center" valign="top">'
        f'<p align="center" {look.p(10, "font-weight: bold;")}>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>'
        f'<p align="center" {look.p(10.5, "font-weight: bold;")}>Độc lập - Tự do - Hạnh phúc</p>'
        '<hr width="45%"/>'
        f'<p align="center" {look.p(10.5, "font-style: italic; margin-top: 3px;")}>'
        f"{_date_line(sheet, printed_on)}</p>"
        "</td></tr></table>"
    )
    add(f'<p align="center" {look.p(13, "font-weight: bold; margin-top: 8px;")}>{TITLE}</p>')
    add(f'<p align="center" {look.p(10.5, "font-style: italic;")}>{_text(sheet.round_label)}</p>')

    # -- 1. the household -------------------------------------------------------------------------
    add(f"<p {look.section}>1. Hộ gia đình</p>")
    address = sheet.address or ", ".join(x for x in (sheet.village, sheet.commune, sheet.province) if x)
    add(
        f"<p {look.body}>Chủ hộ: <b>{_text(sheet.head_name)}</b> &nbsp;·&nbsp; Mã hộ: "
        f"<b>{_text(sheet.household_code)}</b> &nbsp;·&nbsp; {_text(_capital(sheet.area_name))} &nbsp;·&nbsp; "
        f"{len(sheet.members)} nhân khẩu<br/>Địa chỉ: {_text(address)}</p>"
    )
    headings = [
        ("5%", "TT"),
        ("28%", "Họ và tên"),
        ("14%", "Quan hệ"),
        ("10%", "Giới tính"),
        ("11%", "Năm sinh"),
        ("12%", "Dân tộc"),
        ("20%", "Số CCCD"),
    ]
    add(_grid_start(look, headings))
    for index, member in enumerate(sheet.members, start=1):
        cells = [
            ("center", str(index)),
            ("left", _text(member.name)),
            ("left", _text(member.relation)),
            ("center", _text(member.sex)),
            ("center", str(member.birth_year)),
            ("left", _text(member.ethnicity)),
            ("center", _text(member.cccd)),
        ]
        add("<tr>" + "".join(f'<td align="{a}" {look.cell()}>{v}</td>' for a, v in cells) + "</tr>")
    add("</table>")

    # -- 2. B1 ------------------------------------------------------------------------------------
    add(f"<p {look.section}>2. Điểm B1 (ước tính thu nhập, Phiếu B)</p>")
    line_value = (
        f"<b>{_num(sheet.b1_line)} điểm</b>"
        if sheet.b1_line is not None
        else "<b>chưa được công bố</b> (không phân loại được theo điểm)"
    )
    line_text = f"{_text(sheet.b1_line_label)} ({_text(sheet.area_name)}): {line_value}."
    lines = []
    if sheet.b1 is not None:
        lines.append(f"Điểm B1 của hộ: <b>{_num(sheet.b1)} điểm</b>; {_lower(line_text)}")
    elif sheet.income is None:
        lines.append(f"Chưa có điểm B1; {_lower(line_text)}")
    else:
        lines.append(line_text)
    if sheet.income is not None:
        lines.append(f"Thu nhập bình quân của hộ: <b>{_num(sheet.income)} đồng/người/tháng</b>.")
    if sheet.income_line is not None:
        lines.append(
            f"{_text(sheet.income_line_label)} ({_text(sheet.area_name)}): {_num(sheet.income_line)} đồng/người/tháng."
        )
    add(f"<p {look.body}>{'<br/>'.join(lines)}</p>")

    # -- 3. lacking indicators and B2 -------------------------------------------------------------
    add(
        f"<p {look.section}>3. Các chỉ số thiếu hụt dịch vụ xã hội cơ bản "
        f"({len(sheet.lacking)}/{sheet.indicator_count} chỉ số)</p>"
    )
    if sheet.lacking:
        add(_grid_start(look, [("6%", "Cột"), ("31%", "Chỉ số thiếu hụt"), ("63%", "Điều kiện thiếu hụt")]))
        unverified = False
        for indicator in sheet.lacking:
            column = str(indicator.report_column) if indicator.report_column else "—"
            plain, uncertain = officer_condition(indicator.condition)
            unverified = unverified or uncertain
            condition = _text(plain) + (UNVERIFIED_MARK if uncertain else "")
            if indicator.condition == NO_CONDITION:
                condition = f"<i>{condition}</i>"
            add(
                f'<tr><td align="center" {look.cell()}>{column}</td><td {look.cell()}>{_text(indicator.name)}</td>'
                f"<td {look.cell(8.5)}>{condition}</td></tr>"
            )
        add("</table>")
        if unverified:  # the sheet is Vietnamese whatever the UI language: the legend as written
            add(f"<p {look.body}><i>{_text(UNVERIFIED_LEGEND)}</i></p>")
    else:
        add(f"<p {look.body}>Hộ không thiếu hụt chỉ số nào.</p>")
    threshold = f"từ {_num(sheet.b2_threshold)} điểm trở lên" if sheet.b2_threshold is not None else "chưa được công bố"
    b2_text = f"ngưỡng điểm B2 của hộ nghèo: {threshold}."
    if sheet.b2 is not None:
        how = (
            f" ({_num(sheet.b2_points_per_indicator)} điểm × {len(sheet.lacking)} chỉ số)"
            if sheet.b2_points_per_indicator is not None
            else ""
        )
        b2_text = f"Điểm B2 của hộ: <b>{_num(sheet.b2)} điểm</b>{how}; {b2_text}"
    add(f"<p {look.body}>{_capital(b2_text)}</p>")

    # -- 4. the result ----------------------------------------------------------------------------
    add(f"<p {look.section}>4. Kết quả phân loại</p>")
    add(f"<p {look.body}>Kết quả tính theo chuẩn: <b>{_text(sheet.category_name.upper())}</b></p>")
    # the last reason is the conclusion, in bold just above; the standard is named in the footer
    reasons = sheet.reasons[:-1] if sheet.reasons and sheet.reasons[-1].startswith("Kết luận") else sheet.reasons
    add(_bullets(look, reasons))
    if sheet.override is not None:
        override = sheet.override
        by = f" Người ghi: {_text(override.by)}." if override.by else ""
        add(
            f"<p {look.body}>Điều chỉnh theo họp dân: <b>{_text(override.category_name.upper())}</b>. "
            f"Lý do: {_text(override.reason.rstrip('.'))}.{by}</p>"
        )
        add(f"<p {look.body}>Kết quả sau họp dân: <b>{_text(sheet.final_category_name.upper())}</b></p>")
    if sheet.meeting is not None:
        meeting = sheet.meeting
        percent = format_number(round(100 * meeting.agreed / meeting.attendees, 1)) if meeting.attendees else "0"
        add(
            f"<p {look.body}>Họp dân ngày {_text(meeting.held_on_text)}: {meeting.agreed}/{meeting.attendees} "
            f"người dự họp đồng ý ({percent}%).</p>"
        )
    if sheet.decision is not None:
        add(f"<p {look.body}>{_text(sheet.decision)} của Chủ tịch UBND {_text(sheet.commune)}.</p>")
    for note in sheet.notes:
        add(f"<p {look.body}><i>Lưu ý: {_text(note)}</i></p>")

    # -- 5. distance to the next category ---------------------------------------------------------
    add(f"<p {look.section}>5. Khoảng cách đến loại khác</p>")
    add(_bullets(look, sheet.distance))

    # -- signatures and the rulebook that decided -------------------------------------------------
    signer = sheet.surveyed_by or sheet.preparer
    add(
        '<table width="100%" cellspacing="0" cellpadding="0" style="margin-top: 10px;">'
        f'<tr><td width="50%" align="center" {look.cell(10.5)}><b>ĐẠI DIỆN HỘ GIA ĐÌNH</b><br/>'
        "<i>(Ký, ghi rõ họ tên)</i></td>"
        f'<td width="50%" align="center" {look.cell(10.5)}><b>NGƯỜI LẬP PHIẾU</b><br/>'
        "<i>(Ký, ghi rõ họ tên)</i></td></tr>"
        f'<tr><td height="{round(52 * scale)}"></td><td></td></tr>'
        f'<tr><td></td><td align="center" {look.cell(10.5)}><b>{_text(signer)}</b></td></tr>'
        "</table>"
    )
    add(
        f"<p {look.p(7.5, 'font-style: italic; color: #444444; margin-top: 6px;')}>"
        f"Hộ {_text(sheet.household_code)} — {_text(sheet.standard_title)}, quy chuẩn {_text(sheet.standard_id)} "
        f"(mã kiểm tra {sheet.rulebook_sha256[:12]}). Kết quả tính bằng phần mềm Ranoat từ Phiếu B của hộ.</p>"
    )
    return "".join(parts)


def _grid_start(look: _Look, headings: Sequence[tuple[str, str]]) -> str:
    heads = "".join(f'<th width="{width}" {look.head}>{label}</th>' for width, label in headings)
    return (
        '<table width="100%" cellspacing="0" cellpadding="2" border="1" '
        'style="border-collapse: collapse; border-color: #000000; border-style: solid;">'
        f"<tr>{heads}</tr>"
    )


def _bullets(look: _Look, sentences: Sequence[str]) -> str:
    return "".join(f"<p {look.item}>–&nbsp;{_text(s)}</p>" for s in sentences)


def _document(device: QPagedPaintDevice, html: str) -> QTextDocument:
    """A document laid out on the device's pages (its page size, margins and resolution)."""
    document = QTextDocument()
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSizeF(10.5)
    document.setDefaultFont(font)
    document.setDefaultStyleSheet("hr { height: 1px; margin-top: 1px; margin-bottom: 1px; }")
    document.setUseDesignMetrics(True)
    document.documentLayout().setPaintDevice(device)
    document.setDocumentMargin(0)
    page = device.pageLayout().paintRectPixels(device.logicalDpiX())
    document.setPageSize(QSizeF(page.width(), page.height()))
    document.setHtml(html)
    return document


def fitting_scale(sheet: ExplanationSheet, device: QPagedPaintDevice, *, printed_on: dt.date | None = None) -> float:
    """The largest of `SCALES` at which the sheet fits on one page of the device (else the smallest)."""
    for scale in SCALES:
        if _document(device, sheet_html(sheet, printed_on=printed_on, scale=scale)).pageCount() == 1:
            return scale
    return SCALES[-1]


def sheets_document(
    sheets: Sequence[ExplanationSheet], device: QPagedPaintDevice, *, printed_on: dt.date | None = None
) -> QTextDocument:
    """Every sheet, each from a new page and in the largest type that keeps it on one page."""
    body = "".join(
        sheet_html(
            sheet, printed_on=printed_on, first=index == 0, scale=fitting_scale(sheet, device, printed_on=printed_on)
        )
        for index, sheet in enumerate(sheets)
    )
    return _document(device, f"<html><body>{body}</body></html>")


def _a4(device: QPagedPaintDevice) -> None:
    a4 = QPageSize(QPageSize.PageSizeId.A4)
    device.setPageLayout(QPageLayout(a4, QPageLayout.Orientation.Portrait, MARGINS_MM, QPageLayout.Unit.Millimeter))


def a4_pdf_writer(path: Path) -> QPdfWriter:
    """A PDF writer at ``path`` with the sheets' page: A4 portrait, their margins and resolution."""
    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION)
    writer.setCreator("Ranoat")
    _a4(writer)
    return writer


def write_sheets_pdf(sheets: Sequence[ExplanationSheet], path: Path, *, printed_on: dt.date | None = None) -> Path:
    """Write the sheets to a PDF at ``path`` (A4 portrait, one household per page); return it.

    ``printed_on`` fills the date line; without it the line is left to be filled in by hand.
    """
    if not sheets:
        raise ValueError("Không có phiếu nào để in.")
    writer = a4_pdf_writer(path)
    writer.setTitle(f"{TITLE} — {sheets[0].village}")
    document = sheets_document(sheets, writer, printed_on=printed_on)
    document.print_(writer)  # the PDF is complete when print_'s painter ends
    del document  # its layout points at the writer: it goes first
    del writer
    return path


def print_sheets(
    sheets: Sequence[ExplanationSheet], parent: QWidget | None, *, printed_on: dt.date | None = None
) -> bool:
    """Ask for a printer (QPrintDialog) and print the sheets; False when the officer cancels."""
    if not sheets:
        return False
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setResolution(RESOLUTION)  # as the PDF: rules and borders are set in device pixels
    _a4(printer)
    printer.setDocName(f"{TITLE} — {sheets[0].village}")
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(QCoreApplication.translate("ExplanationSheet", "In phiếu giải thích kết quả rà soát"))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    document = sheets_document(sheets, printer, printed_on=printed_on)
    document.print_(printer)
    return True
