"""Explanation sheets of a village written to PDF through Qt's printing (`ui.printing.explanation`).

The PDF must be a PDF, have one A4 page per household, and carry the Vietnamese text with its
diacritics in the text layer, each household on its own page in the order of the sheets. The text
is read back with poppler's `pdftotext` where it is installed (CI installs poppler-utils); without
it, from the laid-out QTextDocument.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import sqlite3
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ranoat.demo import create_demo
from ranoat.domain.category import Category
from ranoat.operations.explanation import ExplanationSheet, SheetOverride, village_sheets
from ranoat.rules.rulebook import load_all
from ranoat.storage.database import open_database
from ui.printing.explanation import SCALES, a4_pdf_writer, fitting_scale, sheets_document, write_sheets_pdf


@pytest.fixture(scope="module")
def sheets(tmp_path_factory: pytest.TempPathFactory) -> list[ExplanationSheet]:
    path = tmp_path_factory.mktemp("demo") / "xa.sqlite3"
    create_demo(path, households=60, seed=2)  # one village
    with sqlite3.connect(path) as connection:
        (round_id,) = connection.execute("SELECT id FROM review_round WHERE year = 2025").fetchone()
    database = open_database(path)
    try:
        with database.session() as session:
            return village_sheets(session, round_id, 1, load_all())
    finally:
        database.close()


def pdf_pages(data: bytes) -> int:
    """Page objects in the file (Qt writes them uncompressed); `pdfinfo` agrees where present."""
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", data))


def page_texts(pdf: Path) -> list[str] | None:
    """The text of each page from pdftotext, or None where poppler is not installed."""
    if shutil.which("pdftotext") is None:
        return None
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True, text=True)
    pages = out.stdout.split("\f")
    return [unicodedata.normalize("NFC", p) for p in (pages[:-1] if pages[-1].strip() == "" else pages)]


def test_a_village_becomes_one_page_per_household_with_vietnamese_text(
    qtbot: QtBot, sheets: list[ExplanationSheet], tmp_path: Path
) -> None:
    assert len(sheets) > 20
    pdf = write_sheets_pdf(sheets, tmp_path / "thon.pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert pdf_pages(data) == len(sheets)
    if shutil.which("pdfinfo") is not None:
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True, text=True).stdout
        assert re.search(rf"^Pages:\s+{len(sheets)}$", info, re.MULTILINE)
        assert "595 x 842 pts (A4)" in info

    texts = page_texts(pdf)
    if texts is None:  # no poppler: the text the PDF was printed from
        document = sheets_document(sheets, a4_pdf_writer(tmp_path / "layout.pdf"))
        assert document.pageCount() == len(sheets)
        texts = [document.toPlainText()]
        assert texts[0].count("PHIẾU GIẢI THÍCH KẾT QUẢ RÀ SOÁT") == len(sheets)
    else:
        assert len(texts) == len(sheets)
        for text, sheet in zip(texts, sheets, strict=True):  # each household on its own page, in order
            assert text.count("PHIẾU GIẢI THÍCH KẾT QUẢ RÀ SOÁT") == 1
            assert sheet.household_code in text
            assert sheet.head_name in text
            assert sheet.category_name.upper() in text
    everything = "\n".join(texts)
    for phrase in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "UBND XÃ BẢN MẪU",
        "1.500.000 đồng/người/tháng",
        "Khoảng cách đến loại khác",
        "NGƯỜI LẬP PHIẾU",
        "Rà soát định kỳ năm 2025",
    ):
        assert phrase in " ".join(everything.split()), phrase
    poor = next(s for s in sheets if s.category is Category.POOR)
    assert poor.distance[0].split(":")[0] in " ".join(everything.split())


def test_a_large_household_is_set_smaller_to_stay_on_one_page(
    qtbot: QtBot, sheets: list[ExplanationSheet], tmp_path: Path
) -> None:
    big = max(sheets, key=lambda s: (len(s.lacking), len(s.members)))
    extra = [dataclasses.replace(big.members[-1], name=f"Thành viên {i}") for i in range(9 - len(big.members))]
    crowded = dataclasses.replace(
        big,
        members=big.members + tuple(extra),
        override=SheetOverride(Category.NEAR_POOR, "hộ cận nghèo", "Hộ đã có thu nhập ổn định từ trồng hồi", "Họp dân"),
        notes=("Kết quả đã lưu khác kết quả tính lại theo quy chuẩn hiện hành.",),
    )
    scale = fitting_scale(crowded, a4_pdf_writer(tmp_path / "probe.pdf"))
    pdf = write_sheets_pdf([big, crowded, big], tmp_path / "crowded.pdf")
    assert pdf_pages(pdf.read_bytes()) == 3
    assert scale < SCALES[0]
    texts = page_texts(pdf)
    if texts is not None:
        assert "Thành viên 3" in texts[1]
        assert "HỘ CẬN NGHÈO" in texts[1]


def test_each_sheet_starts_its_own_page_clear_of_the_clipped_edge(
    qtbot: QtBot, sheets: list[ExplanationSheet], tmp_path: Path
) -> None:
    """Printing clips each page at its edge: the first line must start below it, or the accents
    stacked on capitals (the Ẫ of "BẢN MẪU") are cut off (they were, before the header's margin)."""
    writer = a4_pdf_writer(tmp_path / "layout.pdf")
    document = sheets_document(sheets[:5], writer)
    page = document.pageSize().height()
    one_mm = writer.logicalDpiY() / 25.4
    tops = []
    block = document.begin()
    while block.isValid():
        if block.text().startswith("UBND "):
            tops.append(document.documentLayout().blockBoundingRect(block).y())
        block = block.next()
    assert [int(top // page) for top in tops] == [0, 1, 2, 3, 4]
    assert all(top % page >= one_mm for top in tops)


def test_nothing_to_print_is_refused(qtbot: QtBot, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="Không có phiếu"):
        write_sheets_pdf([], tmp_path / "empty.pdf")
    assert not (tmp_path / "empty.pdf").exists()
