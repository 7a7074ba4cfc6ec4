"""Where the data lives: the user's data folder, or beside a portable Ranoat (issue #15)."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs

DEFAULT_NAME = "ranoat.sqlite3"
PORTABLE_MARKER = "portable.txt"  # beside Ranoat.exe in the portable zip (packaging/windows/build.py)
PORTABLE_DATA = "du-lieu"


def portable_data_dir(executable: str | Path | None = None) -> Path | None:
    """The data folder of a portable Ranoat, or None when this one is installed.

    A portable Ranoat has `portable.txt` beside its program: in the folder of the Python
    executable (a PyInstaller bundle) or one above it (the Windows bundle's `Python/pythonw.exe`
    under the folder of `Ranoat.exe`). Its data then lives in `du-lieu` beside the marker, so that
    a USB stick carries the program and the data together (issue #15).
    """
    program = Path(sys.executable if executable is None else executable).absolute()
    for folder in (program.parent, program.parent.parent):
        if (folder / PORTABLE_MARKER).is_file():
            return folder / PORTABLE_DATA
    return None


def default_database_path() -> Path:
    """The default database: in the user's data folder (platform conventions), or beside a portable Ranoat."""
    portable = portable_data_dir()
    folder = portable if portable is not None else Path(platformdirs.user_data_dir("Ranoat", appauthor=False))
    return folder / DEFAULT_NAME
