"""No litter (issue #16): a partial output beside the outputs of an export or a merge killed in the
middle (`.…xlsx.partial`, in any folder) is removed at the next start — a Ranoat command, or the
opening of a database — while a write still running keeps its own; a clean failure leaves none;
while it exists it is hidden on Windows, and unhidden before the rename that gives the complete file
its name. On the code before, the kill trials left 84 such files for ever (docs/reliability.md)."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

import ranoat.storage.files as files
from ranoat.cli import main
from ranoat.excel.document import atomic_workbook
from ranoat.storage.database import backup_file, open_database
from ranoat.storage.files import register_folder, remove_leftovers

KILLED_WRITER = """
import os, signal, sys
from pathlib import Path
from ranoat.excel.document import atomic_workbook
with atomic_workbook(Path(sys.argv[1])) as book:
    book.add_worksheet("Hộ").write_string(0, 0, "Hoàng Văn Đức")
    print("writing", flush=True)
    if sys.argv[2] == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    sys.stdin.readline()  # until told to finish
"""


def partials(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.xlsx.partial"))


def killed_export(out: Path) -> Path:
    done = subprocess.run(
        [sys.executable, "-c", KILLED_WRITER, str(out), "kill"], capture_output=True, text=True, check=False
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    (partial,) = partials(out.parent)
    return partial


def test_a_killed_exports_partial_file_is_removed_at_the_next_start(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "o-usb" / "ket-qua.xlsx"
    out.parent.mkdir()
    partial = killed_export(out)
    assert list(register_folder().iterdir()), "the write was noted"
    assert main(["standards"]) == 0  # any command is a start
    capsys.readouterr()
    assert not partial.exists()
    assert list(out.parent.iterdir()) == []
    assert list(register_folder().iterdir()) == []


def test_opening_a_database_removes_them_too(tmp_path: Path) -> None:
    out = tmp_path / "xuat" / "ket-qua.xlsx"
    out.parent.mkdir()
    first, second = killed_export(out), killed_export(tmp_path / "ket-qua-2.xlsx")
    open_database(tmp_path / "xa.sqlite3", create=True).close()
    assert not first.exists()
    assert not second.exists()


def test_a_write_still_running_keeps_its_partial_file(tmp_path: Path) -> None:
    out = tmp_path / "ket-qua.xlsx"
    with subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(out), "wait"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as writer:
        assert writer.stdout is not None
        assert writer.stdin is not None
        assert writer.stdout.readline().strip() == "writing"
        (partial,) = partials(tmp_path)
        assert remove_leftovers() == []  # another Ranoat starts meanwhile
        assert partial.exists()
        writer.stdin.write("\n")
        writer.stdin.flush()
        assert writer.wait(timeout=60) == 0
    assert out.is_file()
    assert partials(tmp_path) == []
    assert list(register_folder().iterdir()) == []


def test_a_clean_failure_leaves_neither_the_partial_file_nor_its_note(tmp_path: Path) -> None:
    out = tmp_path / "ket-qua.xlsx"
    seen: list[int] = []

    def cancelled_write() -> None:
        with atomic_workbook(out) as book:
            book.add_worksheet("a")
            seen.append(len(partials(tmp_path)))
            raise RuntimeError("người dùng huỷ")

    with pytest.raises(RuntimeError, match="huỷ"):
        cancelled_write()
    assert seen == [1]
    assert list(tmp_path.iterdir()) == []
    assert list(register_folder().iterdir()) == []


def test_partial_files_are_hidden_while_they_exist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On Windows `_set_hidden` sets FILE_ATTRIBUTE_HIDDEN (elsewhere the leading dot hides them):
    each partial file is hidden while written and unhidden before its rename, never after."""
    calls: list[tuple[str, bool, bool]] = []
    monkeypatch.setattr(files, "_set_hidden", lambda path, hidden: calls.append((path.name, hidden, path.exists())))
    out = tmp_path / "ket-qua.xlsx"
    with atomic_workbook(out) as book:
        book.add_worksheet("a")
    (partial_name,) = {name for name, _hidden, _exists in calls}
    assert partial_name.endswith(".xlsx.partial")
    assert [(hidden, exists) for _name, hidden, exists in calls] == [(True, True), (False, True)]
    calls.clear()
    database = tmp_path / "xa.sqlite3"
    open_database(database, create=True, backup=False).close()
    calls.clear()
    backup_file(database, tmp_path / "sao-luu.sqlite3")
    assert [(name, hidden) for name, hidden, _exists in calls] == [
        ("sao-luu.sqlite3.partial", True),
        ("sao-luu.sqlite3.partial", False),
    ]
