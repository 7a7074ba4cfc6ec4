"""Phiếu B point tables (rules.md §2.2): the shipped synthetic table loads and says it is synthetic;
B1 from item answers, checked against totals computed by hand; each way a table file can be broken
is refused with a `PointTableError` naming the file and the key; each way answers can be wrong is
refused with a typed `PointAnswerError`; the content hash ignores comments and layout but not
points; and, for random valid answers (of the shipped table and of random tables), B1 is the base
plus the item points, whatever the order of the answers.

Loader tests take the shipped synthetic table, change it in Python and write it to tmp_path as
`<id>.yaml`.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from ranoat.domain.area import Area
from ranoat.rules.datafile import content_hash
from ranoat.rules.point_table import (
    COLUMNS,
    REGIONS,
    SYNTHETIC_NOTICE,
    Column,
    Item,
    Option,
    PointAnswerError,
    PointErrorCode,
    PointTable,
    PointTableError,
    PointTableModel,
    column_for,
    load_point_table,
    point_table_dir,
    score,
    shipped_point_tables,
)
from ranoat.rules.rulebook import load_all

DEMO = "synthetic-demo-2022-2025"
ROOT = "(gốc)"

Mutation = Callable[[dict[str, Any]], None]


@functools.cache
def shipped_text() -> str:
    return (point_table_dir() / f"{DEMO}.yaml").read_text(encoding="utf-8")


@functools.cache
def _shipped_data() -> dict[str, Any]:
    data = yaml.safe_load(shipped_text())
    assert isinstance(data, dict)
    return data


def shipped_data() -> dict[str, Any]:
    """A fresh copy of the parsed shipped table, for a test to change."""
    return copy.deepcopy(_shipped_data())


@functools.cache
def demo() -> PointTable:
    return shipped_point_tables()[DEMO]


def write(tmp_path: Path, data: object, name: str = DEMO) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _walk(data: Any, dotted: str) -> tuple[Any, str | int]:
    """The container holding the last part of a dotted path (numbers index lists) and that part."""
    parts: list[str | int] = [int(p) if p.isdigit() else p for p in dotted.split(".")]
    for part in parts[:-1]:
        data = data[part]
    return data, parts[-1]


def setting(dotted: str, value: Any) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        container, last = _walk(data, dotted)
        container[last] = value

    return mutate


def deleting(dotted: str) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        container, last = _walk(data, dotted)
        del container[last]

    return mutate


def both(*mutations: Mutation) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        for mutation in mutations:
            mutation(data)

    return mutate


def only_columns(*keep: str) -> Mutation:
    """A provincial table: declare only some columns and drop the others from every points map."""

    def mutate(data: dict[str, Any]) -> None:
        data["columns"] = list(keep)
        data["base_points"] = {c: p for c, p in data["base_points"].items() if c in keep}
        for item in data["items"]:
            for option in item["options"]:
                option["points"] = {c: p for c, p in option["points"].items() if c in keep}

    return mutate


def official() -> Mutation:
    """What a province's typed-in table looks like: not synthetic, with a legal basis."""
    return both(
        setting("synthetic", False),
        setting("title.vi", "Bảng điểm Phiếu B khu vực nông thôn và thành thị"),
        setting("title.en", "Phiếu B point table, rural and urban"),
        setting("legal_basis", ["Thông tư 07/2021/TT-BLĐTBXH, Phụ lục III"]),
        setting("confidence", "secondary"),
    )


def load_error(path: Path) -> PointTableError:
    with pytest.raises(PointTableError) as caught:
        load_point_table(path)
    return caught.value


def assert_names(error: PointTableError, path: Path, key: str) -> None:
    message = str(error)
    assert message.startswith(f"Tệp bảng điểm {path}: "), "the message names the file, in Vietnamese"
    assert f"khoá '{key}'" in message, "the message names the key"
    assert error.path == str(path)
    assert error.key == key


# ---------------------------------------------------------------------------- the shipped table


def test_shipped_tables_are_only_the_synthetic_demo() -> None:
    """The project ships no table presented as official (rules.md §2.2)."""
    tables = shipped_point_tables()
    assert list(tables) == [DEMO]
    for table in tables.values():
        assert table.synthetic
        assert table.notice == SYNTHETIC_NOTICE


def test_synthetic_demo_says_it_is_synthetic() -> None:
    table = demo()
    model = table.model
    assert Path(table.path) == point_table_dir() / f"{DEMO}.yaml"
    assert "BẢNG ĐIỂM MÔ PHỎNG — không phải bảng điểm chính thức" in model.title.vi
    assert "SYNTHETIC" in model.title.en
    assert model.synthetic is True
    assert model.legal_basis == []
    assert model.confidence == "uncertain"
    assert any("invented" in s or "Bịa ra" in s for s in model.source)
    assert shipped_text().startswith("# BẢNG ĐIỂM MÔ PHỎNG")


def test_synthetic_demo_covers_all_columns_and_item_kinds() -> None:
    model = demo().model
    assert tuple(model.columns) == COLUMNS
    assert model.standard in load_all()
    assert 9 <= len(model.items) <= 12
    assert {item.kind for item in model.items} == {"single", "multi", "count"}
    assert [item.number for item in model.items] == ["1", "2", "3", "4", "5a", "5b", "6", "7", "8", "9", "10"]


def extreme_totals(table: PointTable, column: Column) -> tuple[int, int]:
    """The lowest and highest B1 the table can give in a column (counts at 0 and at their maximum)."""
    low = high = table.model.base_points[column]
    for item in table.model.items:
        points = [option.points[column] for option in item.options]
        if item.kind == "single":
            low, high = low + min(points), high + max(points)
        elif item.kind == "multi":
            low, high = low + sum(p for p in points if p < 0), high + sum(p for p in points if p > 0)
        else:
            assert item.max_count is not None
            low, high = low + min(0, points[0] * item.max_count), high + max(0, points[0] * item.max_count)
    return low, high


@pytest.mark.parametrize("column", COLUMNS)
def test_synthetic_demo_spans_both_sides_of_the_thresholds(column: Column) -> None:
    """Calibrated so that the demo has poor and non-poor households in every column (140 / 175)."""
    threshold = 175 if column == "urban" else 140
    low, high = extreme_totals(demo(), column)
    assert low < 100 < threshold < 250 < high


def test_regions_are_those_of_the_rulebooks() -> None:
    for standard in ("2016-2020", "2022-2025"):
        assert tuple(r.code for r in load_all()[standard].model.regions) == REGIONS
    assert ("urban", *(f"rural_{region}" for region in REGIONS)) == COLUMNS


def test_shipped_table_hash_is_the_content_hash() -> None:
    table = demo()
    assert table.sha256 == content_hash(shipped_data())
    assert len(table.sha256) == 64


# ---------------------------------------------------------------------------- scoring, by hand

POOR_HOUSEHOLD: dict[str, object] = {
    "so_nhan_khau": "nam",
    "ty_le_phu_thuoc": "tu_mot_nua",
    "hoc_van_chu_ho": "tieu_hoc",
    "lao_dong_huong_luong": 0,
    "tuong_nha": "tam",
    "mai_nha": "ton_fibro",
    "dien_tich_nha": "tu_8_den_duoi_20",
    "tai_san": ["xe_may", "ti_vi"],
    "dat_san_xuat": "duoi_0_5_ha",
    "gia_suc": 2,
    "nhien_lieu_nau_an": "cui_rom",
}

BETTER_OFF_HOUSEHOLD: dict[str, object] = {
    "so_nhan_khau": "ba",
    "ty_le_phu_thuoc": "duoi_mot_nua",
    "hoc_van_chu_ho": "thpt",
    "lao_dong_huong_luong": 2,
    "tuong_nha": "kien_co",
    "mai_nha": "be_tong_ngoi",
    "dien_tich_nha": "tu_20",
    "tai_san": ["ti_vi", "tu_lanh", "xe_may", "may_giat"],
    "dat_san_xuat": "tu_0_5_den_duoi_1_ha",
    "gia_suc": 0,
    "nhien_lieu_nau_an": "dien_gas",
}


def test_poor_household_in_the_northern_mountains_by_hand() -> None:
    scored = score(demo(), "rural_tdmnpb", POOR_HOUSEHOLD)
    breakdown = [(s.number, s.item, s.answer, s.points) for s in scored.items]
    assert breakdown == [
        ("1", "so_nhan_khau", "nam", 11),
        ("2", "ty_le_phu_thuoc", "tu_mot_nua", 0),
        ("3", "hoc_van_chu_ho", "tieu_hoc", 4),
        ("4", "lao_dong_huong_luong", 0, 0),
        ("5a", "tuong_nha", "tam", 0),
        ("5b", "mai_nha", "ton_fibro", 5),
        ("6", "dien_tich_nha", "tu_8_den_duoi_20", 5),
        ("7", "tai_san", ("ti_vi", "xe_may"), 5 + 9),  # ticked options come back in table order
        ("8", "dat_san_xuat", "duoi_0_5_ha", 5),
        ("9", "gia_suc", 2, 2 * 5),
        ("10", "nhien_lieu_nau_an", "cui_rom", 0),
    ]
    assert scored.base == 36
    assert scored.total == 36 + 11 + 4 + 5 + 5 + 14 + 5 + 10 == 90
    assert scored.column == "rural_tdmnpb"
    assert (scored.table_id, scored.table_sha256, scored.synthetic) == (DEMO, demo().sha256, True)


def test_same_poor_household_in_town_by_hand() -> None:
    scored = score(demo(), "urban", POOR_HOUSEHOLD)
    assert [s.points for s in scored.items] == [15, 0, 6, 0, 0, 8, 8, 8 + 12, 3, 2 * 2, 0]
    assert scored.total == 50 + 15 + 6 + 8 + 8 + 20 + 3 + 4 == 114


def test_better_off_household_in_the_red_river_delta_by_hand() -> None:
    scored = score(demo(), "rural_dbsh", BETTER_OFF_HOUSEHOLD)
    assert [s.points for s in scored.items] == [26, 10, 16, 2 * 10, 16, 13, 13, 6 + 8 + 10 + 6, 9, 0, 8]
    assert scored.total == 42 + 26 + 10 + 16 + 20 + 16 + 13 + 13 + 30 + 9 + 0 + 8 == 203
    assert (
        score(demo(), "urban", BETTER_OFF_HOUSEHOLD).total
        == (50 + 31 + 12 + 19 + 2 * 12 + 19 + 15 + 15 + (8 + 10 + 12 + 8) + 5 + 0 + 10)
        == 238
    )


def test_the_column_changes_the_points() -> None:
    totals = {column: score(demo(), column, BETTER_OFF_HOUSEHOLD).total for column in COLUMNS}
    assert totals["rural_dbsh"] == 203
    assert len(set(totals.values())) > 3, "the regions have their own points"


def test_multi_item_left_out_means_nothing_ticked() -> None:
    answers = {code: a for code, a in POOR_HOUSEHOLD.items() if code != "tai_san"}
    scored = score(demo(), "rural_tdmnpb", answers)
    assert scored.total == 90 - 14
    tai_san = next(s for s in scored.items if s.item == "tai_san")
    assert (tai_san.answer, tai_san.points, tai_san.kind) == ((), 0, "multi")
    assert score(demo(), "rural_tdmnpb", {**answers, "tai_san": []}) == scored


def test_count_at_its_maximum_is_accepted() -> None:
    scored = score(demo(), "rural_tn", {**BETTER_OFF_HOUSEHOLD, "gia_suc": 20, "lao_dong_huong_luong": 6})
    points = {s.item: s.points for s in scored.items}
    assert points["gia_suc"] == 20 * 5
    assert points["lao_dong_huong_luong"] == 6 * 10


def test_a_provincial_table_with_some_columns(tmp_path: Path) -> None:
    data = shipped_data()
    both(only_columns("urban", "rural_tdmnpb"), official())(data)
    table = load_point_table(write(tmp_path, data))
    assert table.columns == ("urban", "rural_tdmnpb")
    assert table.notice is None
    assert not table.synthetic
    assert score(table, "rural_tdmnpb", POOR_HOUSEHOLD).total == 90
    with pytest.raises(PointAnswerError) as caught:
        score(table, "rural_dbscl", POOR_HOUSEHOLD)
    assert caught.value.code is PointErrorCode.COLUMN_NOT_IN_TABLE
    assert "urban, rural_tdmnpb" in caught.value.message


# ---------------------------------------------------------------------------- column_for


@pytest.mark.parametrize("area", [Area.URBAN, "urban"])
@pytest.mark.parametrize("region", [None, "dbscl", ""])
def test_column_for_urban_ignores_the_region(area: object, region: object) -> None:
    assert column_for(area, region) == "urban"


@pytest.mark.parametrize("region", REGIONS)
@pytest.mark.parametrize("area", [Area.RURAL, "rural"])
def test_column_for_rural_uses_the_region(area: object, region: str) -> None:
    assert column_for(area, region) == f"rural_{region}"


@pytest.mark.parametrize(
    ("area", "region", "code"),
    [
        pytest.param("rural", None, PointErrorCode.MISSING_REGION, id="rural without region"),
        pytest.param(Area.RURAL, "", PointErrorCode.MISSING_REGION, id="rural with empty region"),
        pytest.param("rural", "hanoi", PointErrorCode.UNKNOWN_REGION, id="unknown region"),
        pytest.param("rural", "rural_tn", PointErrorCode.UNKNOWN_REGION, id="a column is not a region"),
        pytest.param("rural", 3, PointErrorCode.UNKNOWN_REGION, id="region not a string"),
        pytest.param("suburb", "tn", PointErrorCode.UNKNOWN_AREA, id="unknown area"),
        pytest.param(None, "tn", PointErrorCode.UNKNOWN_AREA, id="no area"),
    ],
)
def test_column_for_errors(area: object, region: object, code: PointErrorCode) -> None:
    with pytest.raises(PointAnswerError) as caught:
        column_for(area, region)
    assert caught.value.code is code
    assert caught.value.message == str(caught.value)
    if code is not PointErrorCode.UNKNOWN_AREA:
        assert "tdmnpb" in caught.value.message, "the message lists the regions"


# ---------------------------------------------------------------------------- scoring errors


def answer_error(answers: dict[str, object], column: object = "rural_tdmnpb") -> PointAnswerError:
    with pytest.raises(PointAnswerError) as caught:
        score(demo(), column, answers)
    return caught.value


def test_unknown_items_are_all_named() -> None:
    error = answer_error({**POOR_HOUSEHOLD, "thu_nhap": 5, "so_phong": "hai"})
    assert error.code is PointErrorCode.UNKNOWN_ITEM
    assert error.items == ("thu_nhap", "so_phong")
    assert "'thu_nhap'" in error.message
    assert "'so_phong'" in error.message
    assert DEMO in error.message


def test_missing_answers_are_all_reported_with_their_numbers() -> None:
    answers = {
        code: a for code, a in POOR_HOUSEHOLD.items() if code not in {"so_nhan_khau", "tuong_nha", "gia_suc", "tai_san"}
    }
    error = answer_error(answers)
    assert error.code is PointErrorCode.MISSING_ANSWER
    assert error.items == ("so_nhan_khau", "tuong_nha", "gia_suc"), "a left-out multi item is not missing"
    assert "Chưa trả lời 3 câu" in error.message
    for fragment in ("câu 1 (Số nhân khẩu của hộ)", "câu 5a (Vật liệu chính của tường nhà)", "câu 9 ("):
        assert fragment in error.message


def test_no_answers_at_all() -> None:
    error = answer_error({})
    assert error.code is PointErrorCode.MISSING_ANSWER
    assert len(error.items) == len(demo().model.items) - 1


@pytest.mark.parametrize(
    ("item", "answer", "code", "fragment"),
    [
        pytest.param("tuong_nha", "gach", PointErrorCode.UNKNOWN_OPTION, "'gach'", id="unknown single option"),
        pytest.param("tai_san", ["ti_vi", "tau_thuyen"], PointErrorCode.UNKNOWN_OPTION, "'tau_thuyen'", id="multi"),
        pytest.param("tai_san", ["ti_vi", "ti_vi"], PointErrorCode.DUPLICATE_OPTION, "'ti_vi'", id="ticked twice"),
        pytest.param("gia_suc", -1, PointErrorCode.NEGATIVE_COUNT, "-1", id="negative count"),
        pytest.param("gia_suc", 21, PointErrorCode.COUNT_OVER_MAX, "tối đa 20", id="count over max"),
        pytest.param("lao_dong_huong_luong", 7, PointErrorCode.COUNT_OVER_MAX, "tối đa 6", id="count over max 6"),
        pytest.param("tuong_nha", ["tam"], PointErrorCode.WRONG_ANSWER_TYPE, "chọn một", id="single given a list"),
        pytest.param("tuong_nha", 2, PointErrorCode.WRONG_ANSWER_TYPE, "chọn một", id="single given a number"),
        pytest.param("tuong_nha", None, PointErrorCode.WRONG_ANSWER_TYPE, "chọn một", id="single given None"),
        pytest.param("tai_san", "ti_vi", PointErrorCode.WRONG_ANSWER_TYPE, "chọn nhiều", id="multi given a string"),
        pytest.param("tai_san", ["ti_vi", 3], PointErrorCode.WRONG_ANSWER_TYPE, "chọn nhiều", id="multi with number"),
        pytest.param("tai_san", {"ti_vi"}, PointErrorCode.WRONG_ANSWER_TYPE, "chọn nhiều", id="multi given a set"),
        pytest.param("gia_suc", "2", PointErrorCode.WRONG_ANSWER_TYPE, "đếm số lượng", id="count given a string"),
        pytest.param("gia_suc", 2.5, PointErrorCode.WRONG_ANSWER_TYPE, "đếm số lượng", id="count given a float"),
        pytest.param("gia_suc", True, PointErrorCode.WRONG_ANSWER_TYPE, "đếm số lượng", id="count given a bool"),
    ],
)
def test_answer_errors(item: str, answer: object, code: PointErrorCode, fragment: str) -> None:
    error = answer_error({**POOR_HOUSEHOLD, item: answer})
    assert error.code is code
    assert error.items == (item,)
    number = demo().items_by_code[item].number
    assert error.message.startswith(f"Câu {number} (")
    assert fragment in error.message


@pytest.mark.parametrize("column", ["rural", "rural_hanoi", None, 1, Area.URBAN.name])
def test_unknown_column(column: object) -> None:
    error = answer_error(POOR_HOUSEHOLD, column)
    assert error.code is PointErrorCode.UNKNOWN_COLUMN
    assert "rural_dbscl" in error.message, "the message lists the columns"


def test_area_enum_value_is_a_column() -> None:
    assert score(demo(), Area.URBAN, POOR_HOUSEHOLD).total == 114


def test_the_first_wrong_answer_in_table_order_is_reported() -> None:
    error = answer_error({**POOR_HOUSEHOLD, "gia_suc": -3, "so_nhan_khau": "muoi"})
    assert error.code is PointErrorCode.UNKNOWN_OPTION
    assert error.items == ("so_nhan_khau",)


# ---------------------------------------------------------------------------- loader: one error per mutation

# (id, mutation, expected key, a fragment of the problem)
SCHEMA_ERRORS: list[tuple[str, Mutation, str, str]] = [
    ("extra key top level", setting("province", "Lạng Sơn"), "province", "extra key"),
    ("extra key in an item", setting("items.2.weight", 2), "items.2.weight", "extra key"),
    ("extra key in an option", setting("items.0.options.0.note", "x"), "items.0.options.0.note", "extra key"),
    ("missing columns", deleting("columns"), "columns", "required key missing"),
    ("missing base points", deleting("base_points"), "base_points", "required key missing"),
    ("missing item kind", deleting("items.2.kind"), "items.2.kind", "required key missing"),
    ("missing option label", deleting("items.1.options.2.label"), "items.1.options.2.label", "required key missing"),
    ("missing English label", deleting("items.0.options.0.label.en"), "items.0.options.0.label.en", "required"),
    ("missing synthetic", deleting("synthetic"), "synthetic", "required key missing"),
    ("wrong format", setting("format", "ranoat-point-table/2"), "format", "ranoat-point-table/1"),
    ("id not a slug", setting("id", "Synthetic Demo"), "id", "pattern"),
    ("standard not a rulebook id", setting("standard", "2022-25"), "standard", "pattern"),
    ("synthetic not a boolean", setting("synthetic", "yes"), "synthetic", "true hoặc false"),
    ("confidence unknown", setting("confidence", "unknown"), "confidence", "confirmed"),
    ("empty source list", setting("source", []), "source", "at least 1"),
    ("empty source text", setting("source", [""]), "source.0", "at least 1"),
    ("empty title", setting("title.vi", ""), "title.vi", "at least 1"),
    (
        "synthetic title without the mark",
        setting("title.vi", "Bảng điểm Phiếu B 2022–2025"),
        "title.vi",
        "BẢNG ĐIỂM MÔ PHỎNG — không phải bảng điểm chính thức",
    ),
    ("synthetic English title without the mark", setting("title.en", "Point table"), "title.en", "synthetic"),
    ("synthetic and confirmed", setting("confidence", "confirmed"), "confidence", "mô phỏng"),
    (
        "official without legal basis",
        both(official(), setting("legal_basis", [])),
        "legal_basis",
        "căn cứ pháp lý",
    ),
    ("empty legal basis text", both(official(), setting("legal_basis", [""])), "legal_basis.0", "at least 1"),
    ("no columns", setting("columns", []), "columns", "at least 1"),
    ("unknown column", setting("columns.6", "rural_hanoi"), "columns.6", "rural_dbscl"),
    ("duplicate column", setting("columns.6", "urban"), "columns.6", "'urban' bị khai báo hai lần"),
    ("base points missing a column", deleting("base_points.rural_dnb"), "base_points.rural_dnb", "thiếu điểm"),
    (
        "base points for an undeclared column",
        both(only_columns("urban", "rural_tdmnpb"), setting("base_points.rural_dbsh", 40)),
        "base_points.rural_dbsh",
        "không được khai báo trong 'columns' (urban, rural_tdmnpb)",
    ),
    ("base points for no column", setting("base_points.suburban", 1), "base_points.suburban", "các cột hợp lệ"),
    ("base points quoted", setting("base_points.urban", "50"), "base_points.urban", "số nguyên"),
    ("no items", setting("items", []), "items", "at least 1"),
    ("duplicate item code", setting("items.3.code", "so_nhan_khau"), "items.3.code", "'so_nhan_khau' bị trùng"),
    ("duplicate item number", setting("items.5.number", "5a"), "items.5.number", "'5a' bị trùng"),
    ("item number not quoted", setting("items.0.number", 1), "items.0.number", "ngoặc kép"),
    ("item number with a space", setting("items.4.number", "5 a"), "items.4.number", "pattern"),
    ("item code not a code", setting("items.0.code", "Số nhân khẩu"), "items.0.code", "pattern"),
    ("unknown item kind", setting("items.0.kind", "ranking"), "items.0.kind", "'single', 'multi' or 'count'"),
    (
        "single item with one option",
        setting("items.4.options", [{"code": "tam", "label": {"vi": "Tạm", "en": "Makeshift"}, "points": {}}]),
        "items.4.options",
        "ít nhất 2 phương án",
    ),
    ("multi item without options", setting("items.7.options", []), "items.7.options", "at least 1"),
    ("count item with three options", setting("items.1.kind", "count"), "items.1.options", "đúng 1 phương án"),
    ("count item with one too many", setting("items.0.kind", "count"), "items.0.options", "có 6"),
    ("max_count on a single item", setting("items.0.max_count", 5), "items.0.max_count", "kind: count"),
    ("max_count zero", setting("items.9.max_count", 0), "items.9.max_count", "greater than or equal to 1"),
    ("max_count quoted", setting("items.9.max_count", "20"), "items.9.max_count", "số nguyên"),
    (
        "duplicate option code",
        setting("items.2.options.3.code", "thcs"),
        "items.2.options.3.code",
        "'thcs' bị trùng",
    ),
    ("option code not a code", setting("items.2.options.0.code", "Chưa học"), "items.2.options.0.code", "pattern"),
    (
        "option points missing a column",
        deleting("items.3.options.0.points.rural_tdmnpb"),
        "items.3.options.0.points.rural_tdmnpb",
        "thiếu điểm cho cột 'rural_tdmnpb'",
    ),
    (
        "option points missing a column, deep",
        deleting("items.4.options.1.points.rural_tdmnpb"),
        "items.4.options.1.points.rural_tdmnpb",
        "thiếu điểm cho cột 'rural_tdmnpb'",
    ),
    (
        "option points for an unknown column",
        setting("items.7.options.6.points.rural_xyz", 3),
        "items.7.options.6.points.rural_xyz",
        "không được khai báo",
    ),
    (
        "option points for an undeclared column",
        both(only_columns("urban"), setting("items.9.options.0.points.rural_tn", 5)),
        "items.9.options.0.points.rural_tn",
        "không được khai báo trong 'columns' (urban)",
    ),
    ("option points quoted", setting("items.0.options.1.points.urban", "40"), "items.0.options.1.points.urban", "số"),
    (
        "option points fractional",
        setting("items.1.options.0.points.rural_tn", 12.5),
        "items.1.options.0.points.rural_tn",
        "số nguyên",
    ),
    (
        "option points a boolean",
        setting("items.1.options.0.points.urban", True),
        "items.1.options.0.points.urban",
        "số nguyên",
    ),
    ("points not a mapping", setting("items.1.options.0.points", [1, 2]), "items.1.options.0.points", "bảng khoá"),
    ("items not a list", setting("items", {"a": 1}), "items", "danh sách"),
    ("empty question", setting("items.3.question.vi", ""), "items.3.question.vi", "at least 1"),
]


@pytest.mark.parametrize(("mutation", "key", "problem"), [pytest.param(m, k, p, id=i) for i, m, k, p in SCHEMA_ERRORS])
def test_schema_error_names_file_and_key(tmp_path: Path, mutation: Mutation, key: str, problem: str) -> None:
    data = shipped_data()
    mutation(data)
    path = write(tmp_path, data)
    error = load_error(path)
    assert_names(error, path, key)
    assert problem in error.problem


def test_the_message_is_vietnamese_and_names_the_exact_key(tmp_path: Path) -> None:
    data = shipped_data()
    del data["items"][4]["options"][1]["points"]["rural_tdmnpb"]
    path = write(tmp_path, data)
    assert str(load_error(path)) == (
        f"Tệp bảng điểm {path}: khoá 'items.4.options.1.points.rural_tdmnpb': "
        "giá trị không hợp lệ: thiếu điểm cho cột 'rural_tdmnpb' đã khai báo trong 'columns'"
    )


def test_unmodified_copy_loads(tmp_path: Path) -> None:
    """Guard for the table above: the round trip through yaml.safe_dump alone is valid."""
    table = load_point_table(write(tmp_path, shipped_data()))
    assert table.id == DEMO
    assert table.sha256 == demo().sha256


def test_official_table_loads(tmp_path: Path) -> None:
    data = shipped_data()
    official()(data)
    table = load_point_table(write(tmp_path, data))
    assert not table.synthetic
    assert table.notice is None


def test_synthetic_marks_are_matched_whatever_the_case(tmp_path: Path) -> None:
    data = shipped_data()
    data["title"] = {"vi": "Bảng điểm mô phỏng số 2", "en": "Synthetic table no. 2"}
    assert load_point_table(write(tmp_path, data)).synthetic


def test_negative_points_are_allowed(tmp_path: Path) -> None:
    """The official tables are unknown: the format must not refuse a negative weight."""
    data = shipped_data()
    data["items"][0]["options"][5]["points"]["rural_tdmnpb"] = -6
    table = load_point_table(write(tmp_path, data))
    answers = {**POOR_HOUSEHOLD, "so_nhan_khau": "sau_tro_len"}
    assert score(table, "rural_tdmnpb", answers).total == 90 - 11 - 6


def test_id_differs_from_file_name(tmp_path: Path) -> None:
    path = write(tmp_path, shipped_data(), "bang-diem-lang-son")
    error = load_error(path)
    assert_names(error, path, "id")
    assert DEMO in error.problem
    assert "bang-diem-lang-son" in error.problem


@pytest.mark.parametrize(
    ("text", "line"),
    [
        pytest.param('format: ranoat-point-table/1\nid: "demo\ntitle:\n  vi: x\n', None, id="unclosed quote"),
        pytest.param("format: ranoat-point-table/1\nid: x\n  bad: indent\n", 3, id="bad indentation"),
        pytest.param("format: ranoat-point-table/1\nitems: [a, b\nx: 2\n", 3, id="unclosed flow list"),
    ],
)
def test_invalid_yaml_syntax(tmp_path: Path, text: str, line: int | None) -> None:
    path = tmp_path / f"{DEMO}.yaml"
    path.write_text(text, encoding="utf-8")
    error = load_error(path)
    assert str(path) in str(error)
    assert error.key.startswith("dòng ")
    if line is not None:
        assert error.key == f"dòng {line}"
    assert "YAML" in error.problem


def test_a_key_written_twice_is_refused(tmp_path: Path) -> None:
    """PyYAML would keep the second value silently; a copied line must not change points unseen."""
    lines = shipped_text().splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("        points: {urban: 40,"))
    lines.insert(at + 1, lines[at].replace("urban: 40,", "urban: 41,"))
    path = tmp_path / f"{DEMO}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    error = load_error(path)
    assert_names(error, path, f"dòng {at + 2}")
    assert f"khoá 'points' bị viết hai lần (dòng {at + 1} và dòng {at + 2})" in error.problem


def test_a_key_written_twice_in_a_flow_mapping_is_refused(tmp_path: Path) -> None:
    text = shipped_text().replace("rural_dbsh: 34,", "rural_dbsh: 34, rural_dbsh: 35,", 1)
    path = tmp_path / f"{DEMO}.yaml"
    path.write_text(text, encoding="utf-8")
    error = load_error(path)
    assert "khoá 'rural_dbsh' bị viết hai lần" in error.problem
    assert error.key.startswith("dòng ")


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("- format: ranoat-point-table/1\n", id="list"),
        pytest.param("ranoat-point-table/1\n", id="scalar"),
        pytest.param("", id="empty file"),
        pytest.param("# only a comment\n", id="only a comment"),
    ],
)
def test_file_that_is_not_a_mapping(tmp_path: Path, text: str) -> None:
    path = tmp_path / f"{DEMO}.yaml"
    path.write_text(text, encoding="utf-8")
    assert_names(load_error(path), path, ROOT)


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / f"{DEMO}.yaml"
    path.write_bytes(shipped_text().encode("utf-16"))
    error = load_error(path)
    assert_names(error, path, "(tệp)")
    assert "UTF-8" in error.problem


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / f"{DEMO}.yaml"
    assert_names(load_error(path), path, "(tệp)")


def test_utf8_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    """Windows editors write a BOM and CRLF: the same table with the same hash."""
    path = tmp_path / f"{DEMO}.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + shipped_text().replace("\n", "\r\n").encode("utf-8"))
    assert load_point_table(path).sha256 == demo().sha256


def test_a_broken_file_among_tables_is_reported(tmp_path: Path) -> None:
    write(tmp_path, shipped_data())
    data = shipped_data()
    both(official(), setting("id", "lang-son"), deleting("items.0.options.0.points.urban"))(data)
    path = write(tmp_path, data, "lang-son")
    with pytest.raises(PointTableError) as caught:
        shipped_point_tables(tmp_path)
    assert_names(caught.value, path, "items.0.options.0.points.urban")


def test_tables_of_a_directory_by_id(tmp_path: Path) -> None:
    write(tmp_path, shipped_data())
    data = shipped_data()
    both(official(), setting("id", "a-lang-son"))(data)
    write(tmp_path, data, "a-lang-son")
    assert list(shipped_point_tables(tmp_path)) == ["a-lang-son", DEMO]


# ---------------------------------------------------------------------------- content hash


def test_hash_is_stable_when_only_comments_and_whitespace_change(tmp_path: Path) -> None:
    noisy: list[str] = ["# a comment added at the top", ""]
    for line in shipped_text().splitlines():
        noisy.append(line + ("   " if line.strip() else ""))
        if line.lstrip().startswith("- code:"):
            noisy.append("    # a comment inside a list")
        noisy.append("")
    path = tmp_path / f"{DEMO}.yaml"
    path.write_text("\n".join(noisy) + "\n# trailing comment\n", encoding="utf-8")
    assert path.read_text(encoding="utf-8") != shipped_text()
    assert load_point_table(path).sha256 == demo().sha256


def test_hash_is_stable_when_keys_are_reordered_and_requoted(tmp_path: Path) -> None:
    reordered = dict(reversed(list(shipped_data().items())))
    path = tmp_path / f"{DEMO}.yaml"
    path.write_text(yaml.safe_dump(reordered, allow_unicode=True, default_style='"'), encoding="utf-8")
    assert load_point_table(path).sha256 == demo().sha256


@pytest.mark.parametrize(
    "mutation",
    [
        pytest.param(setting("items.0.options.0.points.rural_tdmnpb", 37), id="one point"),
        pytest.param(setting("base_points.urban", 51), id="a base"),
        pytest.param(setting("items.9.max_count", 19), id="a maximum"),
        pytest.param(setting("items.2.question.vi", "Học vấn của chủ hộ"), id="a question"),
        pytest.param(setting("source", ["another source"]), id="a source"),
    ],
)
def test_hash_changes_when_a_value_changes(tmp_path: Path, mutation: Mutation) -> None:
    data = shipped_data()
    mutation(data)
    assert load_point_table(write(tmp_path, data)).sha256 != demo().sha256


def test_scored_records_the_hash_of_its_table(tmp_path: Path) -> None:
    data = shipped_data()
    data["items"][0]["options"][4]["points"]["rural_tdmnpb"] = 12
    table = load_point_table(write(tmp_path, data))
    scored = score(table, "rural_tdmnpb", POOR_HOUSEHOLD)
    assert scored.total == 91
    assert scored.table_sha256 == table.sha256 != demo().sha256


# ---------------------------------------------------------------------------- properties


def reference_total(data: dict[str, Any], column: str, answers: dict[str, object]) -> int:
    """B1 straight from the parsed YAML, independently of the scoring code."""
    total: int = data["base_points"][column]
    for item in data["items"]:
        points = {option["code"]: option["points"][column] for option in item["options"]}
        answer = answers.get(item["code"], [])
        if item["kind"] == "single":
            assert isinstance(answer, str)
            total += points[answer]
        elif item["kind"] == "multi":
            assert isinstance(answer, list)
            total += sum(points[code] for code in answer)
        else:
            assert isinstance(answer, int)
            total += answer * next(iter(points.values()))
    return total


def answers_for(table: PointTable) -> st.SearchStrategy[dict[str, object]]:
    """Valid answers of a table; multi items may be left out (nothing ticked)."""
    parts: dict[str, st.SearchStrategy[object]] = {}
    optional: dict[str, st.SearchStrategy[object]] = {}
    for item in table.model.items:
        codes = [option.code for option in item.options]
        if item.kind == "single":
            parts[item.code] = st.sampled_from(codes)
        elif item.kind == "multi":
            optional[item.code] = st.lists(st.sampled_from(codes), unique=True)
        else:
            parts[item.code] = st.integers(0, item.max_count if item.max_count is not None else 1000)
    return st.fixed_dictionaries(parts, optional=optional)


def check_properties(table: PointTable, column: Column, answers: dict[str, object], draw: st.DataObject) -> None:
    scored = score(table, column, answers)
    assert scored.total == scored.base + sum(s.points for s in scored.items)
    assert scored.base == table.model.base_points[column]
    assert [s.item for s in scored.items] == [item.code for item in table.model.items]
    assert score(table, column, answers) == scored, "deterministic"
    shuffled = {code: answers[code] for code in draw.draw(st.permutations(list(answers)))}
    for code, answer in shuffled.items():
        if isinstance(answer, list):
            shuffled[code] = draw.draw(st.permutations(answer))
    assert score(table, column, shuffled) == scored, "the order of answers and ticks does not matter"


@settings(max_examples=200)
@given(data=st.data(), column=st.sampled_from(COLUMNS))
def test_synthetic_total_is_base_plus_breakdown(data: st.DataObject, column: Column) -> None:
    table = demo()
    answers = data.draw(answers_for(table))
    check_properties(table, column, answers, data)
    assert score(table, column, answers).total == reference_total(_shipped_data(), column, answers)


CODES = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
POINTS = st.integers(-50, 200)


@st.composite
def tables(draw: st.DrawFn) -> dict[str, Any]:
    """Valid tables of any shape: some columns, items of every kind, signed points."""
    columns = draw(st.lists(st.sampled_from(COLUMNS), min_size=1, unique=True))

    def points() -> dict[str, int]:
        return {column: draw(POINTS) for column in columns}

    items: list[dict[str, Any]] = []
    for index, code in enumerate(draw(st.lists(CODES, min_size=1, max_size=6, unique=True))):
        kind = draw(st.sampled_from(["single", "multi", "count"]))
        sizes = {"single": (2, 5), "multi": (1, 5), "count": (1, 1)}[kind]
        option_codes = draw(st.lists(CODES, min_size=sizes[0], max_size=sizes[1], unique=True))
        item: dict[str, Any] = {
            "code": code,
            "number": f"{index + 1}{draw(st.sampled_from(['', 'a']))}",
            "question": {"vi": f"Câu {code}", "en": f"Item {code}"},
            "kind": kind,
            "options": [{"code": c, "label": {"vi": c, "en": c}, "points": points()} for c in option_codes],
        }
        if kind == "count" and draw(st.booleans()):
            item["max_count"] = draw(st.integers(1, 30))
        items.append(item)
    return {
        "format": "ranoat-point-table/1",
        "id": "random",
        "title": {"vi": "Bảng điểm mô phỏng ngẫu nhiên", "en": "Random synthetic table"},
        "standard": "2022-2025",
        "synthetic": True,
        "legal_basis": [],
        "source": ["hypothesis"],
        "confidence": "uncertain",
        "columns": columns,
        "base_points": points(),
        "items": items,
    }


@settings(max_examples=200)
@given(raw=tables(), data=st.data())
def test_random_table_total_is_base_plus_breakdown(raw: dict[str, Any], data: st.DataObject) -> None:
    model = PointTableModel.model_validate(copy.deepcopy(raw))
    table = PointTable(model=model, sha256=content_hash(raw), path="<hypothesis>")
    column = data.draw(st.sampled_from(table.columns))
    answers = data.draw(answers_for(table))
    check_properties(table, column, answers, data)
    assert score(table, column, answers).total == reference_total(raw, column, answers)


# ---------------------------------------------------------------------------- the documentation

DOC = Path(__file__).resolve().parents[2] / "docs" / "point-tables.md"


def doc_text() -> str:
    return DOC.read_text(encoding="utf-8")


def test_documented_example_loads_and_scores_as_worked_by_hand(tmp_path: Path) -> None:
    example = doc_text().split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "vi-du-dinh-dang.yaml"
    path.write_text(example, encoding="utf-8")
    table = load_point_table(path)
    assert table.synthetic
    answers: dict[str, object] = {"so_nhan_khau": "ba_tro_len", "tai_san": ["ti_vi", "xe_may"], "gia_suc": 3}
    scored = score(table, column_for("rural", "tdmnpb"), answers)
    assert [s.points for s in scored.items] == [15, 16, 15]
    assert scored.total == 86
    assert "| **B1** | | **86** |" in doc_text()


def test_documentation_names_every_key_and_error_code() -> None:
    text = doc_text()
    for model in (PointTableModel, Item, Option):
        for name in model.model_fields:
            assert f"| `{name}` |" in text, name
    for column in COLUMNS:
        assert f"| `{column}` |" in text, column
    for code in PointErrorCode:
        assert f"| `{code.value}` |" in text, code
