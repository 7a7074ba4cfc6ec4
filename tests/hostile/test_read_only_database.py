"""A database that may not be written (issue #16): a read-only file, a read-only folder, a
read-only file system. Each is refused before anything is read or written with a Vietnamese message
naming the file and what to do; the CLI exits 2 (the database cannot be opened); nothing changed.
On the code before, each was a traceback (PermissionError from the lock, or SQLite's "attempt to
write a readonly database")."""

from __future__ import annotations

import errno
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from hostile.readonly import read_only_file, read_only_folder, snapshot, writable_again
from ranoat.cli import main
from ranoat.storage.database import DatabaseReadOnlyError, open_database


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "xa.sqlite3"
    assert main(["demo", "--households", "12", "--seed", "3", "--out", str(path)]) == 0
    return path


@pytest.fixture
def database(demo: Path, tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "o-chi-doc"
    folder.mkdir()
    path = folder / "xa.sqlite3"
    shutil.copyfile(demo, path)
    yield path
    writable_again(folder, path)


def test_a_read_only_file_is_refused_naming_it_and_nothing_changes(
    database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read_only_file(database, monkeypatch)
    before = snapshot(database.parent)
    with pytest.raises(DatabaseReadOnlyError) as caught:
        open_database(database)
    message = str(caught.value)
    assert f"Cơ sở dữ liệu {database} là tệp chỉ đọc" in message
    assert "bỏ thuộc tính chỉ đọc" in message
    assert "chép tệp vào một thư mục ghi được" in message
    assert snapshot(database.parent) == before  # no .lock, no backup, no -wal


def test_a_database_in_a_read_only_folder_is_refused(database: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    read_only_folder(database.parent, monkeypatch)
    before = snapshot(database.parent)
    with pytest.raises(DatabaseReadOnlyError, match="nằm trong thư mục chỉ đọc") as caught:
        open_database(database)
    assert str(database.parent) in str(caught.value)
    assert "chép tệp vào một thư mục ghi được" in str(caught.value)
    assert snapshot(database.parent) == before


def test_a_new_database_in_a_read_only_folder_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "cd"
    folder.mkdir()
    read_only_folder(folder, monkeypatch)
    try:
        with pytest.raises(DatabaseReadOnlyError, match="thư mục chỉ đọc"):
            open_database(folder / "moi.sqlite3", create=True)
        assert list(folder.iterdir()) == []
    finally:
        writable_again(folder)


def test_a_database_on_a_read_only_file_system_is_refused(database: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    read_only_file(database, monkeypatch, code=errno.EROFS)
    before = snapshot(database.parent)
    with pytest.raises(DatabaseReadOnlyError, match="nằm trên ổ đĩa chỉ đọc"):
        open_database(database)
    assert snapshot(database.parent) == before


def test_the_cli_says_it_and_exits_2(
    database: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    read_only_file(database, monkeypatch)
    before = snapshot(database.parent)
    out = tmp_path / "xuat.xlsx"
    assert main(["export", "--db", str(database), "--out", str(out)]) == 2
    error = capsys.readouterr().err
    assert error.startswith(f"ranoat: Cơ sở dữ liệu {database} là tệp chỉ đọc")
    assert "Traceback" not in error
    assert not out.exists()
    assert snapshot(database.parent) == before


def test_the_gui_shows_a_message_box_and_opens_nothing(database: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from ui.dialogs.database_problem import open_or_explain

    read_only_file(database, monkeypatch)
    before = snapshot(database.parent)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text, *_a: shown.append(text))
    assert open_or_explain(None, database) is None
    assert len(shown) == 1
    assert shown[0].startswith(f"Cơ sở dữ liệu {database} là tệp chỉ đọc")
    assert snapshot(database.parent) == before
