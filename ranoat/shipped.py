"""Where the shipped data lives: `resources/<name>` in a source tree, `ranoat/_resources/<name>` in
an installed wheel (pyproject.toml force-includes `resources` there)."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
GUIDE = "huong-dan-su-dung.md"  # the user guide's file name (`user_guide`)


def shipped_dir(name: str) -> Path | None:
    """The folder of shipped data ``name`` (rulebooks, point-tables, reference), or None."""
    for candidate in (PACKAGE / "_resources" / name, PACKAGE.parent / "resources" / name):
        if candidate.is_dir():
            return candidate
    return None


def user_guide() -> Path | None:
    """The user guide (Vietnamese, Markdown with its pictures in ``img/``): `help/` in an installed
    wheel (pyproject.toml force-includes docs/huong-dan-su-dung.md and docs/img there), `docs/` in a
    source tree. None when neither is there."""
    for candidate in (PACKAGE / "_resources" / "help" / GUIDE, PACKAGE.parent / "docs" / GUIDE):
        if candidate.is_file():
            return candidate
    return None
