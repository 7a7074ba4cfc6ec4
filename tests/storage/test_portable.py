"""A portable Ranoat keeps its data beside the program (issue #15: the Windows portable zip)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from ranoat.storage.database import PORTABLE_MARKER, default_database_path, portable_data_dir


def windows_bundle(root: Path, *, portable: bool) -> Path:
    """The portable zip's layout: Ranoat.exe, portable.txt and the bundled Python\\pythonw.exe."""
    (root / "Python").mkdir(parents=True)
    (root / "Python" / "pythonw.exe").write_bytes(b"MZ")
    (root / "Ranoat.exe").write_bytes(b"MZ")
    if portable:
        (root / PORTABLE_MARKER).write_text("portable", encoding="utf-8")
    return root / "Python" / "pythonw.exe"


def test_the_portable_bundle_keeps_data_beside_ranoat_exe(tmp_path: Path) -> None:
    python = windows_bundle(tmp_path / "USB" / "Ranoat", portable=True)
    assert portable_data_dir(python) == tmp_path / "USB" / "Ranoat" / "du-lieu"


def test_a_one_folder_bundle_with_the_marker_beside_its_program_is_portable(tmp_path: Path) -> None:
    (tmp_path / "ranoat").write_bytes(b"\x7fELF")
    (tmp_path / PORTABLE_MARKER).write_text("portable", encoding="utf-8")
    assert portable_data_dir(tmp_path / "ranoat") == tmp_path / "du-lieu"


def test_an_installed_bundle_is_not_portable(tmp_path: Path) -> None:
    assert portable_data_dir(windows_bundle(tmp_path / "Programs" / "Ranoat", portable=False)) is None


def test_a_folder_named_like_the_marker_does_not_make_it_portable(tmp_path: Path) -> None:
    python = windows_bundle(tmp_path / "Ranoat", portable=False)
    (tmp_path / "Ranoat" / PORTABLE_MARKER).mkdir()
    assert portable_data_dir(python) is None


def test_the_default_database_follows_the_portable_marker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    installed = default_database_path()
    monkeypatch.setattr(sys, "executable", str(windows_bundle(tmp_path / "Ranoat", portable=True)))
    assert default_database_path() == tmp_path / "Ranoat" / "du-lieu" / "ranoat.sqlite3"
    (tmp_path / "Ranoat" / PORTABLE_MARKER).unlink()
    assert default_database_path() == installed
