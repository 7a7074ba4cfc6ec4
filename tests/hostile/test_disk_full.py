"""Disk full while a workbook is written (issue #16): XlsxWriter wraps the OSError in its own
FileCreateError, which escaped every ``except OSError`` of export and merge as a traceback. Now it
is an OSError carrying the errno and the file's name, nothing is left under the real name and no
partial file remains."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
import xlsxwriter.workbook

from ranoat.excel.document import atomic_workbook


def _no_space(*_args: object, **_kwargs: object) -> object:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_disk_full_is_an_oserror_naming_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsxwriter.workbook, "ZipFile", _no_space)
    out = tmp_path / "ket-qua.xlsx"
    with pytest.raises(OSError, match="ổ đĩa đã đầy") as caught, atomic_workbook(out) as book:
        book.add_worksheet("a").write_string(0, 0, "x")
    assert caught.value.errno == errno.ENOSPC
    assert caught.value.filename == str(out)
    assert "đầy" in str(caught.value.strerror)
    assert list(tmp_path.iterdir()) == []  # no output, no .partial litter


def test_existing_output_is_kept_when_the_disk_is_full(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "ket-qua.xlsx"
    out.write_bytes(b"old")
    monkeypatch.setattr(xlsxwriter.workbook, "ZipFile", _no_space)
    with pytest.raises(OSError, match="ổ đĩa đã đầy"), atomic_workbook(out, constant_memory=True) as book:
        book.add_worksheet("a")
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["ket-qua.xlsx"]


def test_cli_export_and_merge_on_a_full_disk_exit_2_with_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from ranoat.cli import EXIT_USAGE, main

    db, exchange = tmp_path / "xa.sqlite3", tmp_path / "so.xlsx"
    assert main(["demo", "--households", "5", "--out", str(db)]) == 0
    assert main(["export", "--db", str(db), "--out", str(exchange)]) == 0
    capsys.readouterr()
    before = sorted(p.name for p in tmp_path.iterdir())
    monkeypatch.setattr(xlsxwriter.workbook, "ZipFile", _no_space)
    assert main(["export", "--db", str(db), "--out", str(tmp_path / "moi.xlsx")]) == EXIT_USAGE
    assert f"không ghi được {tmp_path / 'moi.xlsx'}: ổ đĩa đã đầy" in capsys.readouterr().err
    assert main(["merge", str(exchange), "--out", str(tmp_path / "tong-hop.xlsx")]) == EXIT_USAGE
    assert "ổ đĩa đã đầy" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == before
