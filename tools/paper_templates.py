"""Write the shipped paper templates, resources/papers/*.docx (run: python -m tools.paper_templates).

The templates are generated, so that they can be reproduced and reviewed as code; a province that
wants its own wording edits a copy in Word and installs it (docs/papers.md). Layout after Nghị định
30/2020/NĐ-CP, Phụ lục I: A4, margins top/bottom 20 mm, left 30 mm, right 15 mm, Times New Roman;
the authority and number block on the left, Quốc hiệu and Tiêu ngữ on the right, the place and date
under them, the title, the body (13 pt), the recipients (Nơi nhận, 12/11 pt) and the signature block.

Rules.md (§3) gives the forms' fields, not their wording: every sentence of the body here is Ranoat's
own and each template ends with a note that says so, for the officer to delete or the province to
replace with the official text.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

OUT = Path(__file__).resolve().parent.parent / "resources" / "papers"
FONT = "Times New Roman"
CENTER, LEFT, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.JUSTIFY
NOTE = (
    "Ghi chú của Ranoat (xoá trước khi ban hành): Quy định (QĐ 24/2021/QĐ-TTg) nêu các trường của {form}; "
    "lời văn của mẫu này do Ranoat soạn, chưa đối chiếu nguyên văn mẫu ban hành. Tỉnh có thể thay mẫu (docs/papers.md)."
)


def new_document(*, landscape: bool = False) -> DocumentType:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(3)
    return document


def para(
    where: DocumentType | Table | object,
    text: str = "",
    *,
    align: WD_ALIGN_PARAGRAPH = JUSTIFY,
    bold: bool = False,
    italic: bool = False,
    size: float = 13,
    indent: bool = False,
    color: RGBColor | None = None,
) -> Paragraph:
    paragraph: Paragraph = where.add_paragraph()  # type: ignore[attr-defined]
    paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1)
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic, run.font.size = bold, italic, Pt(size)
        if color is not None:
            run.font.color.rgb = color
    return paragraph


def tag(document: DocumentType, text: str) -> None:
    """A paragraph that holds only a docxtpl block tag ({%p … %}): docxtpl removes the paragraph."""
    document.add_paragraph(text)


def no_borders(table: Table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def set_widths(table: Table, widths: list[Length]) -> None:
    """Fixed column widths that Word and LibreOffice both keep: the grid, every cell, a fixed layout
    (python-docx's cell.width alone is ignored by LibreOffice, which then splits the page evenly)."""
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        column.set(qn("w:w"), str(int(width.twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def heading(document: DocumentType, number: str, *, authority: str = "{{ authority_upper }}") -> None:
    """Nghị định 30/2020 ô 1–4: authority and number (left), Quốc hiệu, Tiêu ngữ, place and date (right)."""
    para(
        document,
        "{% if draft %}DỰ THẢO{% endif %}",
        align=WD_ALIGN_PARAGRAPH.RIGHT,
        bold=True,
        color=RGBColor(0xC0, 0, 0),
    )
    table = document.add_table(rows=1, cols=2)
    no_borders(table)
    left, right = table.rows[0].cells
    set_widths(table, [Cm(6.0), Cm(10.5)])  # Quốc hiệu on one line (Nghị định 30/2020)
    left.paragraphs[0].alignment = CENTER
    run = left.paragraphs[0].add_run("{{ parent_authority_upper }}")
    run.font.size = Pt(12)
    para(left, authority, align=CENTER, bold=True, size=12)
    para(left, "———", align=CENTER, size=10)
    para(left, number, align=CENTER, size=13)
    right.paragraphs[0].alignment = CENTER
    run = right.paragraphs[0].add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    run.bold, run.font.size = True, Pt(12)
    para(right, "Độc lập - Tự do - Hạnh phúc", align=CENTER, bold=True, size=13)
    para(right, "———————————", align=CENTER, size=10)
    para(right, "{{ place }}, {{ date_text }}", align=CENTER, italic=True, size=13)


def signature(document: DocumentType, *, recipients: bool = True) -> None:
    """Ô 9a (Nơi nhận) on the left, ô 7 (signature: authority, title, name) on the right."""
    table = document.add_table(rows=1, cols=2)
    no_borders(table)
    left, right = table.rows[0].cells
    if recipients:
        left.paragraphs[0].add_run("Nơi nhận:").bold = True
        left.paragraphs[0].runs[0].italic = True
        left.paragraphs[0].runs[0].font.size = Pt(12)
        para(left, "{% for r in recipients %}- {{ r }};\n{% endfor %}- Lưu: VT.", align=LEFT, size=11)
    right.paragraphs[0].alignment = CENTER
    run = right.paragraphs[0].add_run("{{ signer_block_upper }}")
    run.bold, run.font.size = True, Pt(13)
    para(right, "(Ký, ghi rõ họ tên, đóng dấu)", align=CENTER, italic=True, size=12)
    para(right, "")
    para(right, "")
    para(right, "{{ signer_name }}", align=CENTER, bold=True)


def page_break_unless_last(document: DocumentType) -> None:
    tag(document, "{%p if not loop.last %}")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    tag(document, "{%p endif %}")


def grid(
    document: DocumentType,
    headers: list[str],
    cells: list[str],
    loop: str,
    *,
    size: float = 11,
    widths: list[Length] | None = None,
) -> Table:
    """A bordered table: a header row, one template row repeated by ``loop`` ({%tr for … %})."""
    table = document.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.paragraphs[0].alignment = CENTER
        run = cell.paragraphs[0].add_run(text)
        run.bold, run.font.size = True, Pt(size)
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr for " + loop + " %}")
    for cell, text in zip(table.rows[2].cells, cells, strict=True):
        cell.paragraphs[0].add_run(text).font.size = Pt(size)
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    if widths is not None:
        set_widths(table, widths)
    return table


def note(document: DocumentType, form: str) -> None:
    para(document, NOTE.format(form=form), italic=True, size=9, color=RGBColor(0x70, 0x70, 0x70))


# ----------------------------------------------------------------------------- Mẫu số 02
def decision() -> DocumentType:
    document = new_document()
    heading(document, "Số: {{ decision_number }}")
    para(document, "")
    para(document, "QUYẾT ĐỊNH", align=CENTER, bold=True, size=14)
    para(
        document,
        "Về việc công nhận danh sách hộ nghèo, hộ cận nghèo, hộ thoát nghèo, hộ thoát cận nghèo năm {{ year }} "
        "trên địa bàn {{ commune }}",
        align=CENTER,
        bold=True,
        size=14,
    )
    para(document, "———", align=CENTER, size=10)
    para(document, "CHỦ TỊCH {{ authority_upper }}", align=CENTER, bold=True, size=14)
    tag(document, "{%p for basis in legal_basis %}")
    para(document, "Căn cứ {{ basis }};", italic=True, indent=True)
    tag(document, "{%p endfor %}")
    para(
        document,
        "Căn cứ kết quả rà soát hộ nghèo, hộ cận nghèo năm {{ year }} trên địa bàn {{ commune }};",
        italic=True,
        indent=True,
    )
    para(document, "Theo đề nghị của {{ preparer_title }},", italic=True, indent=True)
    para(document, "QUYẾT ĐỊNH:", align=CENTER, bold=True, size=14)
    p = para(document, "", indent=True)
    p.add_run("Điều 1. ").bold = True
    p.add_run(
        "Công nhận danh sách hộ nghèo, hộ cận nghèo, hộ thoát nghèo, hộ thoát cận nghèo năm {{ year }} trên "
        "địa bàn {{ commune }} (danh sách kèm theo), gồm:"
    )
    tag(document, "{%p for l in lists %}")
    para(document, "- {{ l.title }}: {{ l.households }} hộ, {{ l.people }} nhân khẩu;", indent=True)
    tag(document, "{%p endfor %}")
    p = para(document, "", indent=True)
    p.add_run("Điều 2. ").bold = True
    p.add_run("Quyết định này có hiệu lực kể từ ngày ký.")
    p = para(document, "", indent=True)
    p.add_run("Điều 3. ").bold = True
    p.add_run(
        "Công chức phụ trách lao động - thương binh và xã hội, trưởng các thôn và các hộ gia đình có tên "
        "trong danh sách tại Điều 1 chịu trách nhiệm thi hành Quyết định này./."
    )
    signature(document)
    # The annexed lists, each on its own page
    tag(document, "{%p for l in lists %}")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    para(document, "{{ l.title | upper }} NĂM {{ year }}", align=CENTER, bold=True, size=13)
    para(
        document,
        "(Kèm theo Quyết định số {{ decision_number }} {{ date_text }} của Chủ tịch {{ authority }})",
        align=CENTER,
        italic=True,
        size=12,
    )
    grid(
        document,
        ["STT", "Họ và tên chủ hộ", "Năm sinh", "Dân tộc", "Số CCCD", "Thôn", "Số nhân khẩu", "Ghi chú"],
        [
            "{{ h.number }}",
            "{{ h.head_name }}",
            "{{ h.head_birth_year }}",
            "{{ h.head_ethnicity }}",
            "{{ h.head_cccd }}",
            "{{ h.village }}",
            "{{ h.people }}",
            "{{ h.note }}",
        ],
        "h in l.entries",
    )
    tag(document, "{%p endfor %}")
    note(document, "Mẫu số 02")
    return document


# ----------------------------------------------------------------------------- Mẫu số 03
def certificates() -> DocumentType:
    document = new_document()
    tag(document, "{%p for c in certificates %}")
    heading(document, "Số: {{ c.number }}/GCN-HN.HCN")
    para(document, "")
    para(document, "GIẤY CHỨNG NHẬN", align=CENTER, bold=True, size=14)
    para(document, "{{ c.category_title | upper }}", align=CENTER, bold=True, size=14)
    para(document, "NĂM {{ year }}", align=CENTER, bold=True, size=14)
    para(document, "")
    para(document, "{{ authority }} chứng nhận:", indent=True)
    para(document, "Họ và tên chủ hộ: {{ c.head_name }}      Giới tính: {{ c.head_sex }}", indent=True)
    para(document, "Năm sinh: {{ c.head_birth }}      Dân tộc: {{ c.head_ethnicity }}", indent=True)
    para(document, "Số CCCD: {{ c.head_cccd }}", indent=True)
    para(document, "Nơi thường trú: {{ c.address }}", indent=True)
    para(
        document,
        "Là {{ c.category_title | lower }} năm {{ year }} theo Quyết định số {{ decision_number }} "
        "{{ decision_date_text }} của Chủ tịch {{ authority }}.",
        indent=True,
    )
    para(document, "Các thành viên trong hộ ({{ c.members | length }} người):", indent=True)
    grid(
        document,
        ["STT", "Họ và tên", "Quan hệ với chủ hộ", "Năm sinh", "Giới tính", "Dân tộc", "Số CCCD"],
        [
            "{{ m.number }}",
            "{{ m.name }}",
            "{{ m.relation }}",
            "{{ m.birth_year }}",
            "{{ m.sex }}",
            "{{ m.ethnicity }}",
            "{{ m.cccd }}",
        ],
        "m in c.members",
        widths=[Cm(1.2), Cm(3.7), Cm(2.3), Cm(1.8), Cm(1.7), Cm(1.8), Cm(3.3)],  # 12 CCCD digits on one line
    )
    para(document, "")
    signature(document, recipients=False)
    note(document, "Mẫu số 03")
    page_break_unless_last(document)
    tag(document, "{%p endfor %}")
    return document


# ----------------------------------------------------------------------------- Mẫu số 01 and 04
def applications() -> DocumentType:
    document = new_document()
    tag(document, "{%p for a in applications %}")
    para(document, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align=CENTER, bold=True, size=12)
    para(document, "Độc lập - Tự do - Hạnh phúc", align=CENTER, bold=True, size=13)
    para(document, "———————————", align=CENTER, size=10)
    para(document, "{{ a.form }}", align=WD_ALIGN_PARAGRAPH.RIGHT, italic=True, size=12)
    para(document, "GIẤY ĐỀ NGHỊ", align=CENTER, bold=True, size=14)
    para(document, "{{ a.title }}", align=CENTER, bold=True, size=13)
    para(document, "Kính gửi: {{ authority }}", align=CENTER)
    para(
        document,
        "Họ và tên: {{ a.head_name }}      Giới tính: {{ a.head_sex }}      Ngày sinh: {{ a.head_birth }}",
        indent=True,
    )
    para(document, "Dân tộc: {{ a.head_ethnicity }}      Số CCCD: {{ a.head_cccd }}      Ngày cấp: ……………", indent=True)
    para(document, "Nơi thường trú: {{ a.address }}", indent=True)
    para(document, "Nơi ở hiện tại: {{ a.address }}", indent=True)
    para(document, "Các thành viên trong hộ:", indent=True)
    grid(
        document,
        ["STT", "Họ và tên", "Quan hệ với chủ hộ", "Ngày sinh", "Dân tộc", "Số CCCD", "Tình trạng"],
        [
            "{{ m.number }}",
            "{{ m.name }}",
            "{{ m.relation }}",
            "{{ m.birth }}",
            "{{ m.ethnicity }}",
            "{{ m.cccd }}",
            "{{ m.status }}",
        ],
        "m in a.members",
    )
    para(document, "Lý do đề nghị: {{ a.reason }}", indent=True)
    para(document, "Ngày nhận đơn (UBND xã ghi): {{ a.received_text }}", indent=True, italic=True, size=12)
    para(document, "{{ place }}, ngày …… tháng …… năm ……", align=WD_ALIGN_PARAGRAPH.RIGHT, italic=True)
    para(document, "NGƯỜI ĐỀ NGHỊ", align=WD_ALIGN_PARAGRAPH.RIGHT, bold=True)
    para(document, "(Ký, ghi rõ họ tên)", align=WD_ALIGN_PARAGRAPH.RIGHT, italic=True, size=12)
    para(document, "")
    para(document, "{{ a.head_name }}", align=WD_ALIGN_PARAGRAPH.RIGHT, bold=True)
    note(document, "Mẫu số 01 và Mẫu số 04")
    page_break_unless_last(document)
    tag(document, "{%p endfor %}")
    return document


# ----------------------------------------------------------------------------- biên bản họp dân
def minutes() -> DocumentType:
    document = new_document()
    tag(document, "{%p for mt in meetings %}")
    para(document, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align=CENTER, bold=True, size=12)
    para(document, "Độc lập - Tự do - Hạnh phúc", align=CENTER, bold=True, size=13)
    para(document, "———————————", align=CENTER, size=10)
    para(document, "{{ mt.village }}, {{ mt.held_text }}", align=WD_ALIGN_PARAGRAPH.RIGHT, italic=True)
    para(document, "BIÊN BẢN HỌP DÂN", align=CENTER, bold=True, size=14)
    para(document, "Thống nhất kết quả rà soát hộ nghèo, hộ cận nghèo năm {{ year }}", align=CENTER, bold=True)
    para(
        document,
        "Thời gian: {{ mt.held_text }}. Địa điểm: {{ mt.village }}, {{ commune }}, {{ province }}.",
        indent=True,
    )
    para(document, "Chủ trì: ……………………… (Trưởng thôn). Thư ký: ………………………", indent=True)
    para(
        document,
        "Số người dự họp: {{ mt.attendees }}. Số người đồng ý với kết quả: {{ mt.agreed }}, "
        "đạt tỷ lệ {{ mt.percent }}% số người dự họp ({{ mt.outcome }}).",
        indent=True,
    )
    para(document, "Kết quả rà soát của các hộ ({{ mt.households | length }} hộ):", indent=True)
    grid(
        document,
        ["STT", "Mã hộ", "Chủ hộ", "Kết quả Phiếu B", "Kết quả cuộc họp thống nhất"],
        ["{{ h.number }}", "{{ h.code }}", "{{ h.head_name }}", "{{ h.computed }}", "{{ h.decided }}"],
        "h in mt.households",
    )
    para(document, "Các hộ cuộc họp thống nhất khác kết quả Phiếu B ({{ mt.overrides | length }} hộ):", indent=True)
    tag(document, "{%p for o in mt.overrides %}")
    para(
        document,
        "- {{ o.head_name }} ({{ o.code }}): {{ o.computed }} → {{ o.decided }}. Lý do: {{ o.reason }}",
        indent=True,
    )
    tag(document, "{%p endfor %}")
    para(document, "{{ mt.note }}", indent=True)
    para(document, "Biên bản được lập thành 02 bản và được thông qua trước cuộc họp.", indent=True)
    table = document.add_table(rows=1, cols=2)
    no_borders(table)
    for cell, who in zip(table.rows[0].cells, ("THƯ KÝ", "CHỦ TRÌ"), strict=True):
        cell.paragraphs[0].alignment = CENTER
        cell.paragraphs[0].add_run(who).bold = True
        para(cell, "(Ký, ghi rõ họ tên)", align=CENTER, italic=True, size=12)
    note(document, "biên bản họp dân")
    page_break_unless_last(document)
    tag(document, "{%p endfor %}")
    return document


# ----------------------------------------------------------------------------- thông báo niêm yết
def posting() -> DocumentType:
    document = new_document()
    heading(document, "Số: ……/TB-UBND")
    para(document, "")
    para(document, "THÔNG BÁO", align=CENTER, bold=True, size=14)
    para(
        document,
        "Về việc niêm yết công khai danh sách hộ nghèo, hộ cận nghèo, hộ thoát nghèo, hộ thoát cận "
        "nghèo năm {{ year }}",
        align=CENTER,
        bold=True,
        size=14,
    )
    para(document, "———", align=CENTER, size=10)
    para(
        document,
        "{{ authority }} thông báo niêm yết công khai danh sách hộ nghèo, hộ cận nghèo, hộ thoát nghèo, "
        "hộ thoát cận nghèo năm {{ year }}{% if village %} của {{ village }}{% endif %} (danh sách kèm theo).",
        indent=True,
    )
    para(document, "Thời gian niêm yết: từ {{ posting_from }} đến hết {{ posting_to }}.", indent=True)
    para(document, "Địa điểm niêm yết: {{ places }}.", indent=True)
    para(
        document,
        "Trong thời gian niêm yết, ý kiến phản ánh, khiếu nại (nếu có) xin gửi về {{ complaints_to }}.",
        indent=True,
    )
    signature(document)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    para(document, "{{ list_title | upper }} NĂM {{ year }}", align=CENTER, bold=True)
    para(document, "{% if village %}{{ village }}, {% endif %}{{ commune }}", align=CENTER, italic=True)
    grid(
        document,
        ["STT", "Họ và tên chủ hộ", "Năm sinh", "Dân tộc", "Thôn", "Số nhân khẩu", "Danh sách", "Ghi chú"],
        [
            "{{ h.number }}",
            "{{ h.head_name }}",
            "{{ h.head_birth_year }}",
            "{{ h.head_ethnicity }}",
            "{{ h.village }}",
            "{{ h.people }}",
            "{{ h.list }}",
            "{{ h.note }}",
        ],
        "h in entries",
    )
    note(document, "thông báo niêm yết")
    return document


TEMPLATES = {
    "quyet-dinh-cong-nhan.docx": decision,
    "giay-chung-nhan.docx": certificates,
    "giay-de-nghi.docx": applications,
    "bien-ban-hop-dan.docx": minutes,
    "thong-bao-niem-yet.docx": posting,
}


def write_all(out: Path = OUT) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in TEMPLATES.items():
        document = build()
        document.core_properties.title = name
        document.core_properties.author = "Ranoat"
        document.core_properties.comments = "Generated by tools/paper_templates.py"
        path = out / name
        document.save(str(path))
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_all():
        print(path)
