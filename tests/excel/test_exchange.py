"""The exchange workbook: written from the database, read back intact, and refused when broken."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from merge_data import recompute_checksum

from ranoat.cli import main
from ranoat.demo import create_demo
from ranoat.domain.area import Area
from ranoat.domain.household import HouseholdData, MemberData, Relation, Sex
from ranoat.excel.document import atomic_workbook
from ranoat.excel.exchange import FORMAT_VERSION, REPORT_KEYS, canonical, data_checksum
from ranoat.excel.reader import ExchangeError, read_exchange
from ranoat.operations.commune import villages
from ranoat.operations.export import export_round, latest_round_id
from ranoat.operations.households import save_household
from ranoat.rules.rulebook import load_all
from ranoat.storage.database import open_database


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("export")
    db_path = folder / "xa.sqlite3"
    create_demo(db_path, households=200, seed=9)
    with open_database(db_path) as database:
        with database.session() as session:  # a name that looks like a formula must stay text
            village_id = villages(session)[0].id
            save_household(
                session,
                HouseholdData(
                    code="T01-99999",
                    village_id=village_id,
                    area=Area.RURAL,
                    address='=HYPERLINK("http://x")',
                    members=[
                        MemberData(full_name="=1+2", sex=Sex.MALE, relation=Relation.HEAD, birth_year=1970),
                        MemberData(full_name="@Lò Văn Páo", sex=Sex.MALE, relation=Relation.CHILD, birth_year=2001),
                        MemberData(full_name="+84 Hà", sex=Sex.FEMALE, relation=Relation.CHILD, birth_year=2003),
                        MemberData(full_name="-Vi Thị Sen", sex=Sex.FEMALE, relation=Relation.CHILD, birth_year=2005),
                    ],
                ),
            )
        out = folder / "xa.xlsx"
        export_round(database, latest_round_id(database), out, load_all())
    return db_path, out


def test_the_data_sheets_hold_every_household_and_member(exported: tuple[Path, Path]) -> None:
    db_path, out = exported
    workbook = read_exchange(out)
    with sqlite3.connect(db_path) as connection:
        households = connection.execute("SELECT COUNT(*) FROM household").fetchone()[0]
        members = connection.execute("SELECT COUNT(*) FROM member").fetchone()[0]
        names = {row[0] for row in connection.execute("SELECT full_name FROM member")}
    assert len(workbook.households) == households == workbook.metadata["household_rows"]
    assert len(workbook.members) == members == workbook.metadata["member_rows"]
    assert {row[2] for row in workbook.members} == names
    assert workbook.metadata["format_version"] == FORMAT_VERSION
    assert workbook.metadata["standard_id"] == "2022-2025"
    assert workbook.metadata["commune_code"] == "99901"


def test_text_that_looks_like_a_formula_is_written_as_text(exported: tuple[Path, Path]) -> None:
    _, out = exported
    book = openpyxl.load_workbook(out)
    sheet = book["data_members"]
    cells = {c.value: c for row in sheet.iter_rows(min_row=2, max_col=3) for c in row[2:3]}
    for text in ("=1+2", "@Lò Văn Páo", "+84 Hà", "-Vi Thị Sen"):
        assert cells[text].data_type == "s", text
    address = next(
        c
        for row in book["data_households"].iter_rows(min_row=2, max_col=5)
        for c in row[4:5]
        if c.value and str(c.value).startswith("=")
    )
    assert address.data_type == "s"
    book.close()


def test_a_changed_cell_is_detected(exported: tuple[Path, Path], tmp_path: Path) -> None:
    _, out = exported
    edited = tmp_path / "edited.xlsx"
    book = openpyxl.load_workbook(out)
    cell = book["data_households"].cell(row=2, column=16)  # b1 of the first household
    assert isinstance(cell.value, (int, float))
    cell.value = cell.value + 1
    book.save(edited)
    with pytest.raises(ExchangeError, match="SHA-256"):
        read_exchange(edited)


def test_a_deleted_row_is_detected(exported: tuple[Path, Path], tmp_path: Path) -> None:
    _, out = exported
    edited = tmp_path / "short.xlsx"
    book = openpyxl.load_workbook(out)
    book["data_members"].delete_rows(5)
    book.save(edited)
    with pytest.raises(ExchangeError, match="số dòng dữ liệu"):
        read_exchange(edited)


def test_a_truncated_file_is_refused(exported: tuple[Path, Path], tmp_path: Path) -> None:
    _, out = exported
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(out.read_bytes()[: out.stat().st_size // 2])
    with pytest.raises(ExchangeError, match=str(cut)):
        read_exchange(cut)


@pytest.mark.parametrize("content", [b"household_code,head\nT01,Hoang\n", b"", b"\xd0\xcf\x11\xe0old xls"])
def test_a_renamed_non_workbook_is_refused(tmp_path: Path, content: bytes) -> None:
    fake = tmp_path / "danh-sach.xlsx"
    fake.write_bytes(content)
    with pytest.raises(ExchangeError, match="không phải sổ Excel"):
        read_exchange(fake)


def test_a_workbook_from_another_program_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Họ tên", "Năm sinh"])  # type: ignore[union-attr]
    book.save(other)
    with pytest.raises(ExchangeError, match="thiếu trang"):
        read_exchange(other)


def test_a_newer_format_version_is_refused(exported: tuple[Path, Path], tmp_path: Path) -> None:
    _, out = exported
    newer = tmp_path / "newer.xlsx"
    book = openpyxl.load_workbook(out)
    sheet = book["metadata"]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "format_version":
            row[1].value = FORMAT_VERSION + 1
    book.save(newer)
    with pytest.raises(ExchangeError, match="mới hơn"):
        read_exchange(newer)


def test_canonical_cells_agree_between_readers() -> None:
    assert canonical(120) == canonical(120.0) == "120"
    assert canonical(140.5) == "140.5"
    assert canonical(None) == canonical("") == ""
    assert canonical(True) == "1"
    assert data_checksum([[1, "a"]], []) == data_checksum([[1.0, "a"]], [])
    assert data_checksum([[1, "a"]], []) != data_checksum([[1, "b"]], [])


def test_a_failed_write_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"

    def interrupted_export() -> None:
        with atomic_workbook(target) as book:
            book.add_worksheet("x").write_string(0, 0, "bắt đầu")
            raise RuntimeError("power cut while writing")

    with pytest.raises(RuntimeError):
        interrupted_export()
    assert list(tmp_path.iterdir()) == []


def test_cli_export(tmp_path: Path, capsys: pytest.CaptureFixture[str], exported: tuple[Path, Path]) -> None:
    db_path, _ = exported
    copy = tmp_path / "xa.sqlite3"
    shutil.copy(db_path, copy)
    out = tmp_path / "xuat.xlsx"
    assert main(["export", "--db", str(copy), "--out", str(out)]) == 0
    assert "Đã ghi" in capsys.readouterr().out
    assert read_exchange(out).metadata["household_rows"] == 201
    assert main(["export", "--db", str(tmp_path / "none.sqlite3"), "--out", str(out)]) == 2
    assert "Không tìm thấy" in capsys.readouterr().err


def test_the_export_pauses_the_garbage_collector_and_restores_it(
    exported: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from ranoat.excel.exchange import write_exchange_sheets
    from ranoat.operations import export as export_module
    from ranoat.operations.export import ExportCancelledError

    db_path, _ = exported
    copy = tmp_path / "xa.sqlite3"
    shutil.copy(db_path, copy)
    seen: list[bool] = []

    def spy(*args: Any, **kwargs: Any) -> None:
        seen.append(gc.isenabled())
        write_exchange_sheets(*args, **kwargs)

    monkeypatch.setattr(export_module, "write_exchange_sheets", spy)
    with open_database(copy) as database:
        round_id = latest_round_id(database)
        export_round(database, round_id, tmp_path / "a.xlsx", load_all())
        assert seen == [False]
        assert gc.isenabled()
        with pytest.raises(ExportCancelledError):
            export_round(database, round_id, tmp_path / "b.xlsx", load_all(), cancelled=lambda: True)
        assert gc.isenabled()
        gc.disable()  # a caller that had paused it itself keeps it paused
        try:
            export_round(database, round_id, tmp_path / "c.xlsx", load_all())
            assert not gc.isenabled()
        finally:
            gc.enable()


def test_the_report_totals_are_in_the_metadata_and_optional_for_readers(
    exported: tuple[Path, Path], tmp_path: Path
) -> None:
    _, out = exported
    metadata = read_exchange(out).metadata
    assert all(isinstance(metadata[key], int) for key in REPORT_KEYS)
    assert metadata["report_households"] >= metadata["report_poor_households"] + metadata["report_near_poor_households"]
    older = tmp_path / "older.xlsx"  # a file written before the keys existed
    book = openpyxl.load_workbook(out)
    sheet = book["metadata"]
    for row in reversed(range(2, sheet.max_row + 1)):
        if str(sheet.cell(row=row, column=1).value).startswith("report_"):
            sheet.delete_rows(row)
    recompute_checksum(book)  # the v2 checksum covers the metadata
    book.save(older)
    assert not any(key in read_exchange(older).metadata for key in REPORT_KEYS)
