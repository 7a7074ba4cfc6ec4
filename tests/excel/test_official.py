"""The official lists and forms in the exported workbook: every number against the database,
print setup, and LibreOffice converting the workbook to PDF."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from ranoat.demo import create_demo
from ranoat.excel.official import LIST_SHEETS
from ranoat.operations.export import export_round, latest_round_id
from ranoat.rules.rulebook import load_all
from ranoat.storage.database import open_database

FORM_SHEETS = [f"Biểu 7.{n}" for n in range(1, 11)]  # 7.6, 7.7: the near-poor households (issue #13)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("official")
    db_path = folder / "xa.sqlite3"
    create_demo(db_path, households=300, seed=4)
    out = folder / "xa.xlsx"
    with open_database(db_path) as database:
        export_round(database, latest_round_id(database), out, load_all())
    return db_path, out


def result_counts(db_path: Path) -> dict[str, tuple[int, int]]:
    """Households and people by the latest round's decided result, counted with plain SQL."""
    with sqlite3.connect(db_path) as connection:
        (round_id,) = connection.execute("SELECT MAX(id) FROM review_round").fetchone()
        rows = connection.execute(
            """
            SELECT COALESCE(s.override_category, s.category, rh.start_category) AS result,
                   COUNT(*), SUM(h.member_count)
            FROM round_household rh
            JOIN household h ON h.id = rh.household_id
            LEFT JOIN survey s ON s.household_id = rh.household_id AND s.round_id = rh.round_id
            WHERE rh.round_id = ? AND (rh.other_move IS NULL OR rh.other_move NOT IN ('died', 'moved_away', 'merged'))
            GROUP BY result
            """,
            (round_id,),
        ).fetchall()
    return {str(result): (households, people) for result, households, people in rows}


def total_row(sheet: Worksheet) -> list[object]:
    for row in sheet.iter_rows(values_only=True):
        if row[1] == "Tổng cộng (I+II)":
            return list(row)
    raise AssertionError(f"{sheet.title}: no total row")


def test_every_list_and_form_is_a_sheet_with_the_official_header(exported: tuple[Path, Path]) -> None:
    _, out = exported
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[: len(LIST_SHEETS) + len(FORM_SHEETS)] == [*LIST_SHEETS, *FORM_SHEETS]
    for name in [*LIST_SHEETS, *FORM_SHEETS]:
        sheet = book[name]
        texts = {str(c.value) for row in sheet.iter_rows(max_row=6) for c in row if c.value}
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts, name
        assert "Độc lập - Tự do - Hạnh phúc" in texts, name
        assert any(t.startswith("UBND XÃ") for t in texts), name
        # print-ready: A4, landscape, one page wide, header rows repeated, frozen panes
        assert sheet.page_setup.paperSize == 9, name
        assert sheet.page_setup.orientation == "landscape", name
        # fit to one page wide (fitToWidth 1 is the default and left out), any number of pages tall
        assert sheet.sheet_properties.pageSetUpPr is not None, name
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, name
        assert sheet.page_setup.fitToWidth in (None, 1), name
        assert sheet.page_setup.fitToHeight == 0, name
        assert sheet.print_title_rows, name
        assert sheet.freeze_panes, name
        signature = {str(c.value) for row in sheet.iter_rows(min_row=sheet.max_row - 8) for c in row if c.value}
        assert "Người lập biểu" in signature, name
    assert book["DS hộ nghèo"].auto_filter.ref, "lists have filters"
    assert all(book[name].sheet_state == "hidden" for name in ("data_households", "data_members", "metadata"))


def test_form_7_1_totals_equal_the_database(exported: tuple[Path, Path]) -> None:
    db_path, out = exported
    counts = result_counts(db_path)
    households = sum(h for h, _ in counts.values())
    people = sum(p for _, p in counts.values())
    row = total_row(openpyxl.load_workbook(out)["Biểu 7.1"])
    poor, near = counts.get("poor", (0, 0)), counts.get("near_poor", (0, 0))
    assert row[2:12] == [
        households,
        people,
        poor[0],
        pytest.approx(100 * poor[0] / households),
        poor[1],
        pytest.approx(100 * poor[1] / people),
        near[0],
        pytest.approx(100 * near[0] / households),
        near[1],
        pytest.approx(100 * near[1] / people),
    ]


def test_forms_7_2_and_7_3_reconcile_and_end_where_7_1_does(exported: tuple[Path, Path]) -> None:
    db_path, out = exported
    counts = result_counts(db_path)
    book = openpyxl.load_workbook(out)
    for name, category in (("Biểu 7.2", "poor"), ("Biểu 7.3", "near_poor")):
        rows = [r for r in book[name].iter_rows(values_only=True) if r[2] in ("Hộ", "Nhân khẩu")]
        assert rows, name
        for row in rows:
            c = [int(v) for v in row[3:12]]  # type: ignore[arg-type]
            assert c[8] == c[0] - c[1] - c[2] - c[3] + c[4] + c[5] + c[6] + c[7], (name, row)
        total_households = next(r for r in book[name].iter_rows(values_only=True) if r[1] == "Tổng cộng (I+II)")
        assert total_households[11] == counts.get(category, (0, 0))[0]


def test_lists_hold_exactly_the_decided_households(exported: tuple[Path, Path]) -> None:
    db_path, out = exported
    counts = result_counts(db_path)
    book = openpyxl.load_workbook(out)
    for name, category in (("DS hộ nghèo", "poor"), ("DS hộ cận nghèo", "near_poor")):
        heads = [r for r in book[name].iter_rows(values_only=True) if r[2] == "Chủ hộ"]
        assert len(heads) == counts.get(category, (0, 0))[0], name
    # CCCD and years are text, never numbers shown as 20.008.012.345 or 1.980
    sheet = book["DS hộ nghèo"]
    cccd = [c for row in sheet.iter_rows(min_row=10) for c in row[6:7] if c.value]
    assert cccd
    assert all(c.data_type == "s" for c in cccd)


def test_libreoffice_converts_the_workbook_to_pdf(exported: tuple[Path, Path], tmp_path: Path) -> None:
    _, out = exported
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed to check the printed outputs (apt-get install libreoffice-calc-nogui)"
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    pdf = tmp_path / "xa.pdf"
    assert pdf.is_file(), done.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "poppler-utils is needed to read the PDF back"
    text = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for title in (
        "DANH SÁCH HỘ NGHÈO NĂM",
        "TỔNG HỢP KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO",
        "TỔNG HỢP DIỄN BIẾN HỘ NGHÈO TRONG NĂM",
        "PHÂN NHÓM HỘ NGHÈO, HỘ CẬN NGHÈO THEO DÂN TỘC",
    ):
        assert title in text, title


def undecided_export(exported: tuple[Path, Path], folder: Path) -> Path:
    """The demo commune with a new, open 2026 round (no decision yet), exported."""
    from ranoat.domain.round import RoundKind
    from ranoat.operations.rounds import create_round

    copy = folder / "xa.sqlite3"
    shutil.copy(exported[0], copy)
    books = load_all()
    with open_database(copy) as database:
        with database.session() as session:
            open_id = create_round(
                session, year=2026, kind=RoundKind.PERIODIC, standard_id="2022-2025", rulebooks=books
            ).id
        return export_round(database, open_id, folder / "du-thao.xlsx", books).path


def test_an_undecided_round_s_lists_and_forms_say_draft_and_a_decided_one_s_do_not(
    exported: tuple[Path, Path], tmp_path: Path
) -> None:
    """Issue #14: an open round exported for checking must not pass for the official lists."""
    from ranoat.excel.official import DRAFT, DRAFT_NOTE

    _, decided_out = exported
    draft_out = undecided_export(exported, tmp_path)

    def header_texts(path: Path) -> dict[str, set[str]]:
        book = openpyxl.load_workbook(path)
        return {
            name: {str(c.value) for row in book[name].iter_rows(max_row=6) for c in row if c.value}
            for name in [*LIST_SHEETS, *FORM_SHEETS]
        }

    for name, texts in header_texts(draft_out).items():
        assert any(DRAFT in t for t in texts), name
        assert any(DRAFT_NOTE in t for t in texts), name
    for name, texts in header_texts(decided_out).items():
        assert not any(DRAFT in t or "Dự thảo" in t for t in texts), name


def test_an_undecided_round_s_export_merges_with_or_without_the_draft_mark(
    exported: tuple[Path, Path], tmp_path: Path
) -> None:
    """The merge checks the visible titles against the data: the draft mark is expected on an open
    round's sheets, and a file written before the mark existed (same title without it) still merges;
    any other title is refused."""
    from ranoat.excel.official import DRAFT
    from ranoat.merge import merge_workbooks
    from ranoat.merge.records import InputStatus

    books = load_all()
    draft = undecided_export(exported, tmp_path)
    assert [i.status for i in merge_workbooks([draft], books).inputs] == [InputStatus.MERGED]

    def retitled(name: str, change: str) -> Path:
        book = openpyxl.load_workbook(draft)
        for sheet in [*LIST_SHEETS, *FORM_SHEETS]:
            cell = book[sheet]["A5"]
            cell.value = str(cell.value).replace(f" ({DRAFT})", change)
        path = tmp_path / name
        book.save(path)
        return path

    older = merge_workbooks([retitled("truoc.xlsx", "")], books)
    assert [i.status for i in older.inputs] == [InputStatus.MERGED], older.inputs[0].reason
    edited = merge_workbooks([retitled("sua.xlsx", " (BẢN SỬA)")], books)
    assert edited.inputs[0].status is InputStatus.REJECTED
    assert "không khớp với dữ liệu" in edited.inputs[0].reason
