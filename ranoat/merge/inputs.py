"""Which files a merge reads: files as given, and the .xlsx files of any folder given (not recursive)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


def expand_inputs(paths: Iterable[Path]) -> list[Path]:
    """Folders become their ``*.xlsx`` files in name order (Excel's lock files ``~$…`` skipped);
    files stay in the order given."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(p for p in path.iterdir() if p.suffix.lower() == ".xlsx" and not p.name.startswith(("~$", ".")))
            )
        else:
            found.append(path)
    return found
