"""`ranoat import --db DB FILE [--mapping FILE]` (docs/cli.md)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

from importing.databases import VILLAGES, commune_database
from importing.workbooks import OFFICIAL_BODY, official
from ranoat.cli import main
from ranoat.importing.mapping import save_mapping
from ranoat.operations.import_apply import ImportCancelledError
from ranoat.operations.importing import prepare_import, read_list, run_import
from ranoat.rules.rulebook import load_all
from ranoat.storage.database import list_backups, open_database


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
    # the "Tổng cộng" row under the list is skipped, located (issue #14); the statuses come from the column
    assert result["skipped_rows"] == [
        "Tệp ds.xlsx, trang “Danh sách”, dòng 13: Dòng tổng cộng “Tổng cộng”: không phải một hộ, bỏ qua."
    ]
    assert result["status_source"] == "column"


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
    out = capsys.readouterr().out
    assert "Tình trạng theo danh sách được ghi" not in out
    # the title names both categories and the column is left out: said plainly (issue #14)
    assert "nêu nhiều loại hộ và danh sách không có cột phân loại hộ" in out
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


TRIALS = 10
RACER = r"""
import contextlib, io, json, sys, time
from pathlib import Path
from ranoat.cli import main

folder, name, exchange = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
for trial in range(int(sys.argv[4])):
    (folder / f"ready-{trial}-{name}").touch()
    while not (folder / f"go-{trial}").exists():  # the barrier: both start together
        time.sleep(0.001)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["import", "--db", str(folder / f"lan-{trial}" / "xa.sqlite3"), exchange, "--json"])
    (folder / f"result-{trial}-{name}").write_text(json.dumps([code, out.getvalue(), err.getvalue()]))
"""


def test_two_imports_into_a_new_database_at_once_never_destroy_each_other(
    communes: dict[str, tuple[Path, Path]], tmp_path: Path
) -> None:
    """Two `ranoat import --db NEW` started together, ten times (two processes; a barrier file
    releases both for each trial): whatever the order, the database ends up with the workbook's
    households once, every household a process says it added is there, a refused import says
    why, and no temporary file is left in the database's folder."""
    db_of_commune, exchange = next(iter(communes.values()))
    with sqlite3.connect(db_of_commune) as connection:
        expected = int(connection.execute("SELECT count(*) FROM household").fetchone()[0])
    connection.close()
    for trial in range(TRIALS):
        (tmp_path / f"lan-{trial}").mkdir()
    racers = [
        subprocess.Popen([sys.executable, "-c", RACER, str(tmp_path), name, str(exchange), str(TRIALS)])
        for name in ("a", "b")
    ]

    def wait_for(*names: str) -> None:
        deadline = time.monotonic() + 300
        while not all((tmp_path / n).exists() for n in names):
            assert all(r.poll() in (None, 0) for r in racers), "a racer failed"
            assert time.monotonic() < deadline, f"no {names}"
            time.sleep(0.01)

    try:
        for trial in range(TRIALS):
            wait_for(f"ready-{trial}-a", f"ready-{trial}-b")
            (tmp_path / f"go-{trial}").touch()
            wait_for(f"result-{trial}-a", f"result-{trial}-b")
            results = [json.loads((tmp_path / f"result-{trial}-{n}").read_text()) for n in ("a", "b")]
            folder = tmp_path / f"lan-{trial}"
            db = folder / "xa.sqlite3"
            # no temporary file or folder left (a second import that came after the first found the
            # database there and imported into it: its lock and its backup)
            assert {p.name for p in folder.iterdir()} - {"xa.sqlite3.lock", "backups"} == {"xa.sqlite3"}, results
            assert 0 in [code for code, _, _ in results], results
            assert households(db) == expected, results
            added = sum(json.loads(out)["added"] for code, out, _ in results if code == 0)
            assert added == expected, results  # every household a process says it added is there
            for code, _, err in results:
                if code != 0:  # refused: it says why, and that it wrote nothing
                    assert code == 2, err
                    assert "xa.sqlite3" in err, err
                    assert "không ghi đè" in err, err
            with sqlite3.connect(db) as connection:
                assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            connection.close()
    finally:  # on a failure the racers still wait at the next barrier: end them
        for racer in racers:
            if racer.poll() is None:
                racer.kill()
            racer.wait(timeout=60)


def tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (relative name → content digest)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()
    }


def test_a_dry_run_and_a_failed_import_write_no_backup_and_no_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "xa"
    db = commune_db(folder / "xa.sqlite3")
    good = official(tmp_path / "ds.xlsx")
    body = [list(row) for row in OFFICIAL_BODY]
    body[1][4] = "năm bảy mươi"
    bad = official(tmp_path / "loi.xlsx", body)
    before = tree(folder)
    assert main(["import", "--db", str(db), str(good), "--dry-run"]) == 0
    assert "Chưa ghi gì (--dry-run)" in capsys.readouterr().out
    assert tree(folder) == before  # no backup, no file at all: the database byte for byte as it was
    assert main(["import", "--db", str(db), str(bad)]) == 1
    assert "chưa ghi gì" in capsys.readouterr().err
    assert tree(folder) == before
    assert main(["import", "--db", str(db), str(good)]) == 0
    (backup,) = list_backups(db)  # the one import that wrote made the one backup, right before
    assert backup.name.endswith("-import.sqlite3")
    assert f"Bản sao lưu trước khi nhập: {backup}" in capsys.readouterr().out
    with sqlite3.connect(backup) as copy:
        assert copy.execute("SELECT count(*) FROM household").fetchone()[0] == 0
    copy.close()


def test_an_import_rolled_back_during_the_write_keeps_no_backup(tmp_path: Path) -> None:
    db = commune_db(tmp_path / "xa.sqlite3")
    with open_database(db) as database:
        plan = prepare_import(database, official(tmp_path / "ds.xlsx"), load_all())
        assert not plan.errors
        with pytest.raises(ImportCancelledError):
            run_import(database, plan, cancelled=lambda: True)
    assert [b for b in list_backups(db) if b.name.endswith("-import.sqlite3")] == []
    assert households(db) == 0


def test_a_failed_import_into_a_new_database_leaves_nothing(
    communes: dict[str, tuple[Path, Path]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = openpyxl.load_workbook(next(iter(communes.values()))[1])
    book["data_households"].append(["thêm tay"] * 3)  # a row the checksum does not cover: refused
    tampered = tmp_path / "sua-tay.xlsx"
    book.save(tampered)
    folder = tmp_path / "moi"
    folder.mkdir()
    for extra in ([], ["--dry-run"]):
        assert main(["import", "--db", str(folder / "xa.sqlite3"), str(tampered), *extra]) == 1
        assert "sua-tay.xlsx" in capsys.readouterr().err
        assert list(folder.iterdir()) == []  # no database, no temporary file or folder


def test_a_dry_run_on_a_database_of_an_older_schema_leaves_it_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The check runs on a copy: the original is neither upgraded nor backed up nor locked."""
    folder = tmp_path / "xa"
    folder.mkdir()
    db = folder / "xa.sqlite3"
    db.write_bytes((Path(__file__).parent.parent / "storage" / "golden" / "0001.sqlite3").read_bytes())
    before = tree(folder)
    assert main(["import", "--db", str(db), str(official(tmp_path / "ds.xlsx")), "--dry-run"]) == 0
    assert "Chưa ghi gì (--dry-run)" in capsys.readouterr().out
    assert tree(folder) == before
