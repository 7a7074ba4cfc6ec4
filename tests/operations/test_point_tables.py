"""Loading a province's point table into the app (`ranoat.operations.point_tables`).

Tables are built from the shipped synthetic table, changed in Python and written as `<id>.yaml`
(the loader requires the file name to be the id). The user's folder is a directory in tmp_path,
or the default one, which the autouse `user_data_folder` fixture keeps inside tmp_path too.
"""

from __future__ import annotations

import copy
import functools
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from ranoat.operations.point_tables import (
    available_point_tables,
    install_point_table,
    tables_for_standard,
    user_point_table_dir,
)
from ranoat.rules.point_table import PointTableError, load_point_table, point_table_dir, shipped_point_tables

DEMO = "synthetic-demo-2022-2025"
PROVINCE = "lang-son-2022-2025"


@functools.cache
def _shipped() -> dict[str, Any]:
    data = yaml.safe_load((point_table_dir() / f"{DEMO}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def table_data(table_id: str = PROVINCE, *, standard: str = "2022-2025", bonus: int = 0) -> dict[str, Any]:
    """A valid province table (not synthetic, with a legal basis); ``bonus`` shifts its base points."""
    data = copy.deepcopy(_shipped())
    data.update(
        id=table_id,
        standard=standard,
        synthetic=False,
        title={"vi": "Bảng điểm Phiếu B tỉnh Lạng Sơn", "en": "Phiếu B point table, Lạng Sơn"},
        legal_basis=["Thông tư 07/2021/TT-BLĐTBXH, Phụ lục III"],
        confidence="secondary",
    )
    data["base_points"] = {column: points + bonus for column, points in data["base_points"].items()}
    return data


def write(directory: Path, data: dict[str, Any], name: str | None = None) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name or data['id']}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def listing(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir()) if directory.exists() else []


# ----------------------------------------------------------------------------- install_point_table
def test_a_good_table_is_installed_into_the_given_folder(tmp_path: Path) -> None:
    source = write(tmp_path / "downloads", table_data())
    user_dir = tmp_path / "user" / "point-tables"  # does not exist yet
    installed = install_point_table(source, user_dir)

    target = user_dir / f"{PROVINCE}.yaml"
    assert listing(user_dir) == [f"{PROVINCE}.yaml"]  # no .partial left behind
    assert target.read_bytes() == source.read_bytes()
    assert installed.id == PROVINCE
    assert Path(installed.path) == target
    assert installed.sha256 == load_point_table(source).sha256
    assert not installed.synthetic
    assert source.exists()  # copied, not moved


def test_installing_again_replaces_the_table_of_the_same_id(tmp_path: Path) -> None:
    user_dir = tmp_path / "user"
    first = install_point_table(write(tmp_path / "v1", table_data()), user_dir)
    second = install_point_table(write(tmp_path / "v2", table_data(bonus=5)), user_dir)
    assert first.sha256 != second.sha256
    assert listing(user_dir) == [f"{PROVINCE}.yaml"]
    assert load_point_table(user_dir / f"{PROVINCE}.yaml").sha256 == second.sha256


def test_without_a_folder_the_table_goes_to_the_users_data_folder(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    user_dir = user_point_table_dir()
    assert tmp_path_factory.getbasetemp() in user_dir.parents  # conftest: never the real user's folder
    installed = install_point_table(write(tmp_path / "downloads", table_data()))
    assert Path(installed.path) == user_dir / f"{PROVINCE}.yaml"
    assert available_point_tables()[PROVINCE].sha256 == installed.sha256


def _broken_points(data: dict[str, Any]) -> None:
    data["items"][0]["options"][1]["points"]["urban"] = "40"


def _unknown_key(data: dict[str, Any]) -> None:
    data["items"][2]["weight"] = 1


def _missing_base_column(data: dict[str, Any]) -> None:
    del data["base_points"]["rural_dbsh"]


@pytest.mark.parametrize(
    ("mutation", "key"),
    [
        pytest.param(_broken_points, "items.0.options.1.points.urban", id="quoted number"),
        pytest.param(_unknown_key, "items.2.weight", id="unknown key"),
        pytest.param(_missing_base_column, "base_points.rural_dbsh", id="missing column"),
    ],
)
def test_a_broken_table_is_refused_naming_file_and_key_and_nothing_is_copied(
    tmp_path: Path, mutation: Any, key: str
) -> None:
    data = table_data()
    mutation(data)
    source = write(tmp_path / "downloads", data)
    user_dir = tmp_path / "user"
    with pytest.raises(PointTableError) as refused:
        install_point_table(source, user_dir)
    assert refused.value.path == str(source)
    assert refused.value.key == key
    assert str(source) in str(refused.value)
    assert f"khoá '{key}'" in str(refused.value)
    assert listing(user_dir) == []


def test_a_file_that_is_not_yaml_or_named_otherwise_is_refused(tmp_path: Path) -> None:
    user_dir = tmp_path / "user"
    not_yaml = tmp_path / f"{PROVINCE}.yaml"
    not_yaml.write_text("format: ranoat-point-table/1\nid: [unclosed\n", encoding="utf-8")
    with pytest.raises(PointTableError, match=r"khoá 'dòng \d+'") as refused:
        install_point_table(not_yaml, user_dir)
    assert refused.value.path == str(not_yaml)

    misnamed = write(tmp_path / "downloads", table_data(), name="bang-diem")
    with pytest.raises(PointTableError, match="khoá 'id'"):
        install_point_table(misnamed, user_dir)

    duplicate_key = tmp_path / "dup" / f"{PROVINCE}.yaml"
    duplicate_key.parent.mkdir()
    text = yaml.safe_dump(table_data(), allow_unicode=True, sort_keys=False)
    duplicate_key.write_text(text.replace("standard: ", "confidence: secondary\nstandard: ", 1), encoding="utf-8")
    with pytest.raises(PointTableError, match="bị viết hai lần"):
        install_point_table(duplicate_key, user_dir)
    assert listing(user_dir) == []


def test_a_broken_new_version_leaves_the_installed_table_untouched(tmp_path: Path) -> None:
    user_dir = tmp_path / "user"
    good = install_point_table(write(tmp_path / "v1", table_data()), user_dir)
    before = (user_dir / f"{PROVINCE}.yaml").read_bytes()
    broken = table_data(bonus=5)
    _broken_points(broken)
    with pytest.raises(PointTableError):
        install_point_table(write(tmp_path / "v2", broken), user_dir)
    assert listing(user_dir) == [f"{PROVINCE}.yaml"]
    assert (user_dir / f"{PROVINCE}.yaml").read_bytes() == before
    assert available_point_tables(user_dir)[PROVINCE].sha256 == good.sha256


def test_a_copy_that_fails_halfway_leaves_the_installed_table_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Atomic: the new file is written beside the old one and only then put in its place."""
    user_dir = tmp_path / "user"
    good = install_point_table(write(tmp_path / "v1", table_data()), user_dir)
    before = (user_dir / f"{PROVINCE}.yaml").read_bytes()

    def copy_half_then_fail(source: Path, target: Path) -> None:
        data = Path(source).read_bytes()
        Path(target).write_bytes(data[: len(data) // 2])
        raise OSError("disk full")

    monkeypatch.setattr(shutil, "copyfile", copy_half_then_fail)
    with pytest.raises(OSError, match="disk full"):
        install_point_table(write(tmp_path / "v2", table_data(bonus=5)), user_dir)
    monkeypatch.undo()

    assert (user_dir / f"{PROVINCE}.yaml").read_bytes() == before
    # Whatever the failed copy left beside it is not taken for a table.
    assert available_point_tables(user_dir)[PROVINCE].sha256 == good.sha256


# ----------------------------------------------------------------------------- available_point_tables
def test_without_user_tables_only_the_shipped_ones_are_available(tmp_path: Path) -> None:
    shipped = shipped_point_tables()
    assert DEMO in shipped
    assert available_point_tables(tmp_path / "missing") == shipped
    (tmp_path / "empty").mkdir()
    assert available_point_tables(tmp_path / "empty") == shipped


def test_user_tables_are_added_to_the_shipped_ones(tmp_path: Path) -> None:
    user_dir = tmp_path / "user"
    installed = install_point_table(write(tmp_path / "downloads", table_data()), user_dir)
    tables = available_point_tables(user_dir)
    assert set(tables) == {DEMO, PROVINCE}
    assert tables[PROVINCE].sha256 == installed.sha256
    assert tables[DEMO] == shipped_point_tables()[DEMO]


def test_a_user_table_replaces_the_shipped_table_of_the_same_id(tmp_path: Path) -> None:
    user_dir = tmp_path / "user"
    shipped = shipped_point_tables()[DEMO]
    own = copy.deepcopy(_shipped())
    own["base_points"] = {column: points + 1 for column, points in own["base_points"].items()}
    installed = install_point_table(write(tmp_path / "downloads", own), user_dir)
    tables = available_point_tables(user_dir)
    assert list(tables) == [DEMO]
    assert tables[DEMO].sha256 == installed.sha256 != shipped.sha256
    assert Path(tables[DEMO].path) == user_dir / f"{DEMO}.yaml"
    # The shipped file itself is untouched.
    assert shipped_point_tables()[DEMO].sha256 == shipped.sha256


# ----------------------------------------------------------------------------- tables_for_standard
def test_tables_for_standard_keeps_the_tables_of_that_standard(tmp_path: Path) -> None:
    user_dir = tmp_path / "user"
    install_point_table(write(tmp_path / "a", table_data()), user_dir)
    install_point_table(write(tmp_path / "b", table_data("lang-son-2016-2020", standard="2016-2020")), user_dir)
    tables = available_point_tables(user_dir)
    assert sorted(t.id for t in tables_for_standard(tables, "2022-2025")) == [PROVINCE, DEMO]
    assert [t.id for t in tables_for_standard(tables, "2016-2020")] == ["lang-son-2016-2020"]
    assert tables_for_standard(tables, "2027-2030") == []
    assert tables_for_standard({}, "2022-2025") == []
