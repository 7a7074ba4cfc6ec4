"""Which files a merge reads: files as given, and the .xlsx files of any folder given (not recursive)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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


def _is_merged_workbook(path: Path) -> bool:
    from ranoat.excel.reader import ExchangeError, read_exchange

    try:
        return read_exchange(path, verify=False).merged
    except ExchangeError:
        return False


def _resolved(path: Path) -> Path | None:
    """``path`` with its links followed, or None for a symbolic link in a loop (or one that cannot
    be followed): such a name is never the output (issue #16)."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):  # Python 3.11 says a loop with RuntimeError, later ones OSError
        return None


def output_conflict(named: Sequence[Path], out: Path, *, explicit: bool = True) -> str | None:
    """Why the merge must not write ``out`` (a Vietnamese sentence), or None.

    A file named as an input (``explicit``: the command line's FILE arguments) is never overwritten:
    its data would be lost and silently left out of the merge. Among a folder's files (or the
    window's list, ``explicit=False``), the output of an earlier merge (a merged workbook) is skipped
    and replaced; any other file there (a commune's workbook) is not overwritten."""
    target = _resolved(out)
    if target is None:  # the output's own name loops: nothing of an input can be under it
        return None
    for path in named:
        if path.is_dir():
            inside = {_resolved(p) for p in expand_inputs([path])}
            if target not in inside or _is_merged_workbook(target):
                continue
        elif _resolved(path) != target or (not explicit and _is_merged_workbook(target)):
            continue
        return (
            f"Tệp kết quả {out} cũng là một tệp đầu vào: gộp sẽ ghi đè lên nó. "
            "Hãy chọn tên khác cho tệp kết quả (không có tệp nào được ghi)."
        )
    return None
