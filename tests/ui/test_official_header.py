"""The official header is right everywhere, from one function (issue #14 item 6): a commune typed
as "Quan Sơn" of type "Xã" is "UBND XÃ QUAN SƠN" on every list and form of the Excel export, on
the explanation sheet and (as "Ủy ban nhân dân xã Quan Sơn") on the papers; the date line's place is
"Quan Sơn"."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import openpyxl
import pytest

from ranoat.demo import create_demo
from ranoat.domain.household import CommuneType
from ranoat.domain.names import commune_authority, commune_full_name, commune_place
from ranoat.operations.commune import load_commune, save_commune
from ranoat.operations.explanation import village_sheets
from ranoat.operations.export import export_round
from ranoat.operations.papers import _common
from ranoat.operations.round_read import round_report
from ranoat.operations.rounds import list_rounds
from ranoat.rules.rulebook import load_all
from ranoat.storage.database import Database, open_database
from ui.printing.explanation import sheet_html


@pytest.mark.parametrize(
    ("name", "kind", "full", "place", "authority"),
    [
        ("Quan Sơn", "xa", "Xã Quan Sơn", "Quan Sơn", "UBND XÃ QUAN SƠN"),
        ("Xã Tân Thành", "xa", "Xã Tân Thành", "Tân Thành", "UBND XÃ TÂN THÀNH"),
        ("xã Hữu Kiên", "xa", "xã Hữu Kiên", "Hữu Kiên", "UBND XÃ HỮU KIÊN"),
        ("Đông Kinh", "phuong", "Phường Đông Kinh", "Đông Kinh", "UBND PHƯỜNG ĐÔNG KINH"),
        ("Côn Đảo", "dac_khu", "Đặc khu Côn Đảo", "Côn Đảo", "UBND ĐẶC KHU CÔN ĐẢO"),
        ("Bình An (sáp nhập 2025)", "xa", "Xã Bình An (sáp nhập 2025)", "Bình An", "UBND XÃ BÌNH AN (SÁP NHẬP 2025)"),
        ("UBND xã Na Rì", "xa", "Xã UBND xã Na Rì", "UBND xã Na Rì", "UBND XÃ NA RÌ"),
    ],
)
def test_the_one_header_function(name: str, kind: str, full: str, place: str, authority: str) -> None:
    if not name.startswith("UBND"):
        assert commune_full_name(name, kind) == full
        assert commune_place(name, kind) == place
    assert commune_authority(name, kind) == authority


@pytest.fixture
def quan_son(tmp_path: Path) -> Database:
    path = tmp_path / "xa.sqlite3"
    create_demo(path, households=20, seed=4)
    database = open_database(path)
    with database.session() as session:
        commune = load_commune(session)
        assert commune is not None
        save_commune(session, dataclasses.replace(commune, name="Quan Sơn", type=CommuneType.XA))
    return database


def test_excel_explanation_sheet_and_papers_say_the_same_authority(quan_son: Database, tmp_path: Path) -> None:
    books = load_all()
    with quan_son.session() as session:
        round_id = list_rounds(session)[-1].id
        sheets = village_sheets(session, round_id, 1, books)
        report = round_report(session, round_id, books)
    out = tmp_path / "xuat.xlsx"
    export_round(quan_son, round_id, out, books)
    book = openpyxl.load_workbook(out, read_only=True)
    headed = [name for name in book.sheetnames if not name.startswith("data_") and name != "metadata"]
    assert headed, "the export has lists and forms"
    for name in headed:
        first_rows = [c for row in book[name].iter_rows(max_row=6, values_only=True) for c in row if c]
        assert "UBND XÃ QUAN SƠN" in first_rows, (name, first_rows[:4])
        assert "UBND QUAN SƠN" not in first_rows, name
    assert sheets, "the village has surveyed households"
    html = sheet_html(sheets[0])
    assert "UBND XÃ QUAN SƠN" in html
    assert "Quan Sơn, ngày" in html
    common = _common(report, books[report.standard_id])
    assert common["authority_upper"] == "ỦY BAN NHÂN DÂN XÃ QUAN SƠN"
    assert common["authority"] == "Ủy ban nhân dân xã Quan Sơn"
