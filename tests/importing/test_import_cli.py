"""`ranoat import --db DB FILE [--mapping FILE]` (docs/cli.md)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from importing.databases import VILLAGES, commune_database
from importing.workbooks import OFFICIAL_BODY, official
from ranoat.cli import main
from ranoat.importing.mapping import save_mapping
from ranoat.operations.importing import read_list


def commune_db(path: Path) -> Path:
    commune_database(path, VILLAGES[:1]).close()
    return path


def households(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute("SELECT count(*) FROM household").fetchone()[0])


def test_import_prints_a_vietnamese_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = commune_db(tmp_path / "xa.sqlite3")
    assert main(["import", "--db", str(db), str(official(tmp_path / "ds.xlsx"))]) == 0
    out = capsys.readouterr().out
    assert "Đã nhập ds.xlsx: thêm 2 hộ (5 nhân khẩu)" in out
    assert "Tạo mới 1 thôn: Khòn Khẻ" in out
    assert households(db) == 2
    # again: both households are matched and skipped by default
    assert main(["import", "--db", str(db), str(official(tmp_path / "ds.xlsx")), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["matches"], result["added"], result["skipped"]) == (2, 0, 2)


def test_a_list_with_errors_lists_them_all_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = commune_db(tmp_path / "xa.sqlite3")
    body = [list(row) for row in OFFICIAL_BODY]
    body[1][4] = "năm bảy mươi"
    body[3][2] = "Chủ nhà"
    assert main(["import", "--db", str(db), str(official(tmp_path / "loi.xlsx", body))]) == 1
    err = capsys.readouterr().err
    assert "Tệp loi.xlsx, trang “Danh sách”, dòng 9, cột E (Năm sinh / Nữ): " in err
    assert "dòng 11, cột C (Quan hệ với chủ hộ): Quan hệ với chủ hộ “Chủ nhà” không rõ" in err
    assert "chưa ghi gì vào cơ sở dữ liệu" in err
    assert households(db) == 0


def test_mapping_file_and_a_broken_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = commune_db(tmp_path / "xa.sqlite3")
    path = official(tmp_path / "ds.xlsx")
    source = read_list(path)
    source.mapping.columns.pop("category")  # this time without the statuses
    save_mapping(tmp_path / "ghep.json", source.mapping, source.header)
    assert main(["import", "--db", str(db), str(path), "--mapping", str(tmp_path / "ghep.json")]) == 0
    assert "Tình trạng" not in capsys.readouterr().out
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really")
    assert main(["import", "--db", str(db), str(broken)]) == 1
    assert "hong.xlsx" in capsys.readouterr().err


def test_an_exchange_workbook_creates_the_database_it_is_imported_into(
    communes: dict[str, tuple[Path, Path]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    exchange = next(iter(communes.values()))[1]
    db = tmp_path / "moi" / "xa.sqlite3"
    db.parent.mkdir()
    assert main(["import", "--db", str(db), str(exchange), "--dry-run"]) == 0
    assert list(db.parent.iterdir()) == []  # a dry run leaves nothing behind
    assert main(["import", "--db", str(db), str(exchange)]) == 0
    assert "Đã khôi phục" in capsys.readouterr().out  # a v2 workbook into an empty database: restored whole
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT code FROM commune").fetchone()[0] == "99911"
        assert connection.execute("SELECT COUNT(*) FROM review_round").fetchone()[0] == 2
    assert households(db) > 0


def test_a_plain_list_does_not_create_a_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "khong-co.sqlite3"
    assert main(["import", "--db", str(db), str(official(tmp_path / "ds.xlsx"))]) == 2
    assert "Không tìm thấy cơ sở dữ liệu" in capsys.readouterr().err
    assert not db.exists()
