"""A damaged database (issue #16): damaged pages in the middle of the file, or a file whose start
is no longer a database. Each is "Cơ sở dữ liệu … bị hỏng" naming the file and the newest sound
automatic backup with the steps to restore it; the CLI exits 2; nothing is written, and a damaged
file never becomes a backup. The GUI asks, then puts the backup in place, keeping the damaged file.
On the code before, a damaged page was a traceback (sqlite3.DatabaseError: database disk image is
malformed) and a damaged start "không phải cơ sở dữ liệu"."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from ranoat.cli import main
from ranoat.rules.rulebook import load_all
from ranoat.storage.database import (
    DAMAGED_SUFFIX,
    DatabaseCorruptError,
    damage_found,
    list_backups,
    open_database,
    restore_backup,
)
from ranoat.storage.models import Household
from ui.dialogs import database_problem
from ui.dialogs.database_problem import open_or_explain
from ui.main_window import MainWindow

YES = QMessageBox.StandardButton.Yes

PAGE = 4096


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "xa.sqlite3"
    assert main(["demo", "--households", "60", "--seed", "5", "--out", str(path)]) == 0
    return path


def households(path: Path) -> int:
    with open_database(path, backup=False) as db, db.session() as session:
        return session.scalar(select(func.count()).select_from(Household)) or 0


@pytest.fixture
def backed_up(demo: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A commune database used once (so it has its automatic backup), closed."""
    path = tmp_path / "du-lieu" / "xa.sqlite3"
    path.parent.mkdir()
    shutil.copyfile(demo, path)
    with open_database(path) as db:
        db.wait_for_backup()
    (backup,) = list_backups(path)
    return path, backup


def damage_pages(path: Path, name: str = "household") -> None:
    """Overwrite every page of one table or index (a bad sector, a copy cut short and patched)."""
    with sqlite3.connect(path) as connection:
        pages = [row[0] for row in connection.execute("SELECT pageno FROM dbstat WHERE name = ?", (name,))]
    connection.close()
    assert pages
    with open(path, "r+b") as handle:
        for page in pages:
            handle.seek((page - 1) * PAGE)
            handle.write(bytes((page * 7 + i) % 251 for i in range(PAGE)))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_cli_names_the_damage_and_the_backup_to_restore(
    backed_up: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, backup = backed_up
    damage_pages(path)
    assert damage_found(path) is not None
    before = digest(path)
    out = tmp_path / "xuat.xlsx"
    assert main(["export", "--db", str(path), "--out", str(out)]) == 2
    error = capsys.readouterr().err
    assert "Traceback" not in error
    assert error.startswith(f"ranoat: Cơ sở dữ liệu {path} bị hỏng")
    assert f"khôi phục từ bản sao lưu {backup}" in error
    assert f"chép bản sao lưu vào thư mục {path.parent} với tên {path.name}" in error  # the steps
    assert not out.exists()
    assert digest(path) == before
    assert list_backups(path) == [backup], "the damaged file was not copied as a backup"


def test_a_file_whose_start_is_no_longer_a_database_is_called_damaged(backed_up: tuple[Path, Path]) -> None:
    path, backup = backed_up
    with open(path, "r+b") as handle:
        handle.write(b"\0" * 100)  # the header zeroed
    with pytest.raises(DatabaseCorruptError, match="bị hỏng") as caught:
        open_database(path)
    assert caught.value.backup == backup
    assert str(backup) in str(caught.value)


def test_without_a_sound_backup_it_says_what_else_to_do(backed_up: tuple[Path, Path]) -> None:
    path, backup = backed_up
    damage_pages(backup)  # the only backup is damaged too: it is not offered
    damage_pages(path)
    database = open_database(path, backup=False)  # the damage is in the households: the open reads none of them
    no_backup = "Không có bản sao lưu tự động nào còn tốt"
    with pytest.raises(DatabaseCorruptError, match=no_backup) as caught, database.session() as session:
        session.execute(select(Household.code, Household.head_name)).all()
    database.close()
    assert caught.value.backup is None


def test_restoring_a_damaged_database_keeps_the_damaged_file(backed_up: tuple[Path, Path]) -> None:
    path, backup = backed_up
    damage_pages(path)
    damaged = digest(path)
    kept = restore_backup(backup, path, damaged=True)
    assert kept is not None
    assert kept.name.endswith(f"-damaged.sqlite3{DAMAGED_SUFFIX}")
    assert digest(kept) == damaged
    assert kept not in list_backups(path)  # never offered as a backup
    assert damage_found(path) is None
    assert households(path) == 60


def test_the_gui_asks_then_restores_and_keeps_the_damaged_file(
    backed_up: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, backup = backed_up
    with open(path, "r+b") as handle:
        handle.write(b"\0" * 100)
    damaged = digest(path)
    asked: list[str] = []

    def question(_parent: QWidget | None, _title: str, text: str, *_args: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    told: list[str] = []
    monkeypatch.setattr(database_problem, "ask_restore", lambda _p, _t, text: question(_p, _t, text) == YES)
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *_a: told.append(text))
    database = open_or_explain(None, path)
    assert database is not None
    try:
        assert len(asked) == 1
        assert f"Cơ sở dữ liệu {path} bị hỏng" in asked[0]
        assert f"Khôi phục từ bản sao lưu {backup.name} ngay bây giờ?" in asked[0]
        (kept,) = [p for p in backup.parent.iterdir() if p.name.endswith(DAMAGED_SUFFIX)]
        assert digest(kept) == damaged
        assert str(kept) in told[0]
    finally:
        database.close()
    assert households(path) == 60


def test_the_gui_declined_changes_nothing(backed_up: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    path, _backup = backed_up
    with open(path, "r+b") as handle:
        handle.write(b"\0" * 100)
    damaged = digest(path)
    monkeypatch.setattr(database_problem, "ask_restore", lambda *_a: False)
    assert open_or_explain(None, path) is None
    assert digest(path) == damaged
    assert sorted(p.name for p in path.parent.iterdir()) == ["backups", "xa.sqlite3", "xa.sqlite3.lock"]


def test_the_window_offers_the_restore_once_its_check_on_opening_finds_damage(
    qtbot: QtBot, backed_up: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, backup = backed_up
    damage_pages(path, "ix_member_cccd")  # an index the first page does not read
    asked: list[str] = []

    def question(_parent: QWidget | None, _title: str, text: str, *_args: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(database_problem, "ask_restore", lambda _p, _t, text: question(_p, _t, text) == YES)
    monkeypatch.setattr(QMessageBox, "information", lambda *_a: None)
    opened = open_database(path)  # the damage is in the middle: the open itself does not read it
    window = MainWindow(load_all(), database=opened)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(asked), timeout=10_000)
    assert f"Khôi phục từ bản sao lưu {backup.name}" in asked[0]
    qtbot.waitUntil(lambda: window.database is not None and window.database is not opened, timeout=10_000)
    assert window.database is not None
    assert damage_found(window.database.path) is None
    assert window.backup_warning == ""  # the damage it named went with the file
    assert window.statusBar().currentMessage() == ""
    window.close()  # closes the restored database


def test_the_window_offers_the_restore_when_a_read_meets_a_damaged_page(
    qtbot: QtBot, backed_up: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The damage comes while the window is open (a failing disk): the read that meets it fails as
    before, and the window then offers the restore, once."""
    path, _backup = backed_up
    asked: list[str] = []

    def question(_parent: QWidget | None, _title: str, text: str, *_args: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(database_problem, "ask_restore", lambda _p, _t, text: question(_p, _t, text) == YES)
    monkeypatch.setattr(QMessageBox, "information", lambda *_a: None)
    opened = open_database(path)
    opened.wait_for_backup()  # sound when opened: its backup is made
    (backup,) = [b for b in list_backups(path) if damage_found(b) is None][:1]
    window = MainWindow(load_all(), database=opened)
    qtbot.addWidget(window)
    damage_pages(path)
    opened.engine.dispose()  # the next read comes from the disk, not from a connection's cache
    for _ in range(2):
        with pytest.raises(DatabaseCorruptError):
            window.runner.read(lambda s: s.execute(select(Household.code, Household.head_name)).all())
    qtbot.waitUntil(lambda: window.database is not None and window.database is not opened, timeout=10_000)
    assert len(asked) == 1
    assert f"Khôi phục từ bản sao lưu {backup.name}" in asked[0]
    assert window.database is not None
    assert damage_found(window.database.path) is None
    window.close()


def test_the_restore_is_asked_with_a_button_named_as_the_message_says(qtbot: QtBot) -> None:
    """The message tells the officer to choose "Khôi phục": the question's button says so, and a stray
    Enter does not replace the file (No is the default)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    seen: list[tuple[list[str], str]] = []

    def look() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, look)
            return
        default = box.defaultButton()
        seen.append(([b.text() for b in box.buttons()], default.text() if default is not None else ""))
        box.button(QMessageBox.StandardButton.Yes).click()

    QTimer.singleShot(20, look)
    assert database_problem.ask_restore(None, "Cơ sở dữ liệu bị hỏng", "Khôi phục?") is True
    ((buttons, default),) = seen
    assert "Khôi phục" in buttons
    assert default != "Khôi phục"
