"""Loading a province's Phiếu B point table into the app, and listing the tables available.

A table a user loads is validated first (`load_point_table` names the file and key of any
problem) and only then copied into the user's data folder, so a broken file never reaches the
list. The shipped tables (only a synthetic one, titled as such) come from the program's resources.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import platformdirs

from ranoat.rules.point_table import PointTable, load_point_table, shipped_point_tables


def user_point_table_dir() -> Path:
    return Path(platformdirs.user_data_dir("Ranoat", appauthor=False)) / "point-tables"


def available_point_tables(user_dir: Path | None = None) -> dict[str, PointTable]:
    """Shipped tables, then the user's (a user table with the same id replaces a shipped one)."""
    tables = dict(shipped_point_tables())
    directory = user_dir or user_point_table_dir()
    if directory.is_dir():
        tables.update(shipped_point_tables(directory))
    return tables


def install_point_table(source: Path, user_dir: Path | None = None) -> PointTable:
    """Validate a point-table file and copy it into the user's folder; raise PointTableError if broken."""
    table = load_point_table(source)  # raises with file and key before anything is copied
    directory = user_dir or user_point_table_dir()
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"{table.id}.yaml"
    partial = target.with_suffix(".yaml.partial")
    shutil.copyfile(source, partial)
    partial.replace(target)
    return load_point_table(target)


def tables_for_standard(tables: dict[str, PointTable], standard_id: str) -> list[PointTable]:
    return [t for t in tables.values() if t.model.standard == standard_id]
