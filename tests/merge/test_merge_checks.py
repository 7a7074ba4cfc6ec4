"""What the merge checks beyond the checksum: the sheets people read against the data rows, one
commune code with two names, an export time after the merge's clock (docs/merge.md)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from merge_data import CODES, export_changed, paths, set_metadata
from python_calamine import CalamineWorkbook

from ranoat.cli import main
from ranoat.excel.exchange import HOUSEHOLD_COLUMNS
from ranoat.excel.reader import read_exchange
from ranoat.merge import InputStatus, Level, MergeSettings, merge_workbooks, write_merged
from ranoat.merge.records import cell_name
from ranoat.merge.run import FUTURE_TOLERANCE
from ranoat.rules.rulebook import load_all

LATEST = "(SELECT max(id) FROM review_round)"


def edited(source: Path, target: Path, sheet: str, row: int, column: int, value: Any) -> tuple[Path, Any]:
    """A copy with one cell of a sheet for people changed (row and column from 1): the data sheets,
    hence the checksum, untouched. Returns the copy and the cell's old value."""
    book = openpyxl.load_workbook(source)
    cell = book[sheet].cell(row=row, column=column)
    old = cell.value
    cell.value = value
    book.save(target)
    return target, old


def rows_of(path: Path, sheet: str) -> list[list[Any]]:
    book = CalamineWorkbook.from_path(str(path))
    try:
        rows: list[list[Any]] = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        return rows
    finally:
        book.close()


def check_sheet_text(out: Path) -> list[str]:
    return [" | ".join(shown(v) for v in row if v not in ("", None)) for row in rows_of(out, "Kiểm tra")]


def shown(value: object) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


# ----------------------------------------------------------------------------- the sheets people read
def test_an_untouched_export_agrees_with_its_data(communes: dict[str, tuple[Path, Path]]) -> None:
    result = merge_workbooks(paths(communes), load_all())
    assert [i.status for i in result.inputs] == [InputStatus.MERGED] * 3
    for report in result.inputs:
        assert report.visible is not None
        assert (report.visible.agrees, report.visible.count, report.visible.problem) == (True, 0, "")


def test_the_poor_total_of_form_7_1_edited_is_rejected_naming_the_cell(
    communes: dict[str, tuple[Path, Path]], tmp_path: Path
) -> None:
    source = communes[CODES[1]][1]
    total = next(i for i, r in enumerate(rows_of(source, "Biểu 7.1")) if str(r[1]).startswith("Tổng cộng")) + 1
    tampered, old = edited(source, tmp_path / "bieu-sua.xlsx", "Biểu 7.1", total, 5, 206)
    assert isinstance(old, (int, float))
    assert old != 206
    read_exchange(tampered)  # the data and its checksum are intact: only the form was edited
    result = merge_workbooks([communes[CODES[0]][1], tampered, communes[CODES[2]][1]], load_all())
    report = result.inputs[1]
    assert (report.status, report.code) == (InputStatus.REJECTED, "visible_mismatch")
    assert f"Biểu 7.1, ô E{total}: 206, theo dữ liệu {shown(old)}" in report.reason
    assert str(tampered) in report.reason
    assert [c.code for c in result.communes] == [CODES[0], CODES[2]]
    # the check sheet lists it, and never says "Khớp" for it
    out = tmp_path / "gop.xlsx"
    write_merged(result, out, MergeSettings(Level.PROVINCE, "Lạng Sơn"))
    lines = [line for line in check_sheet_text(out) if "bieu-sua.xlsx" in line]
    assert any(f"KHÔNG KHỚP | 1 | Biểu 7.1, ô E{total}" in line for line in lines)
    assert any("Từ chối | visible_mismatch" in line for line in lines)
    assert not any("Khớp" in line.replace("KHÔNG KHỚP", "") for line in lines)


def test_a_b1_edited_in_the_poor_list_is_rejected_naming_the_cell(
    communes: dict[str, tuple[Path, Path]], tmp_path: Path
) -> None:
    source = communes[CODES[0]][1]
    rows = rows_of(source, "DS hộ nghèo")
    header = next(i for i, r in enumerate(rows) if r[0] == "STT")
    b1 = rows[header].index("Điểm B1")
    first = header + 1  # the first poor household's head line
    assert rows[first][2] == "Chủ hộ"
    assert isinstance(rows[first][b1], float)
    tampered, old = edited(source, tmp_path / "b1.xlsx", "DS hộ nghèo", first + 1, b1 + 1, 150)
    report = merge_workbooks([tampered], load_all()).inputs[0]
    assert (report.status, report.code) == (InputStatus.REJECTED, "visible_mismatch")
    assert f"DS hộ nghèo, ô {cell_name(first, b1)}: 150, theo dữ liệu {shown(old)}" in report.reason
    assert report.visible is not None
    assert report.visible.count == 1


def test_a_row_added_under_a_list_and_a_changed_title_are_differences(
    communes: dict[str, tuple[Path, Path]], tmp_path: Path
) -> None:
    source = communes[CODES[2]][1]
    rows = rows_of(source, "DS hộ cận nghèo")
    after = max(i for i, r in enumerate(rows) if r[1] not in ("", None) and i > 7 and r[0] != "") + 1
    while after < len(rows) and rows[after][1] not in ("", None):  # past the last household's members
        after += 1
    book = openpyxl.load_workbook(source)
    book["DS hộ cận nghèo"].cell(row=after + 1, column=2).value = "Người Thêm"
    book["Biểu 7.1"]["A5"].value = "TỔNG HỢP KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO (CHÍNH THỨC) SỬA"
    book.save(tmp_path / "them.xlsx")
    report = merge_workbooks([tmp_path / "them.xlsx"], load_all()).inputs[0]
    assert report.code == "visible_mismatch"
    assert f"DS hộ cận nghèo, ô B{after + 1}: “Người Thêm”, theo dữ liệu (trống)" in report.reason
    assert "Biểu 7.1, ô A5:" in report.reason
    assert "(2 ô khác)" in report.reason


def test_a_file_whose_people_sheets_were_deleted_is_rejected(
    communes: dict[str, tuple[Path, Path]], tmp_path: Path
) -> None:
    book = openpyxl.load_workbook(communes[CODES[0]][1])
    for name in ("DS hộ nghèo", "Biểu 7.4"):
        del book[name]
    book.save(tmp_path / "thieu.xlsx")
    report = merge_workbooks([tmp_path / "thieu.xlsx"], load_all()).inputs[0]
    assert (report.status, report.code) == (InputStatus.REJECTED, "visible_mismatch")
    assert "thiếu trang “DS hộ nghèo”" in report.reason
    assert "thiếu trang “Biểu 7.4”" in report.reason


def test_forms_7_6_7_7_and_the_note_of_7_8_are_checked_too(
    communes: dict[str, tuple[Path, Path]], tmp_path: Path
) -> None:
    source = communes[CODES[0]][1]
    rows = rows_of(source, "Biểu 7.6")
    total = next(i for i, r in enumerate(rows) if str(r[1]).startswith("Tổng cộng")) + 1
    tampered, old = edited(source, tmp_path / "bieu-7-6.xlsx", "Biểu 7.6", total, 3, 999)
    report = merge_workbooks([tampered], load_all()).inputs[0]
    assert (report.status, report.code) == (InputStatus.REJECTED, "visible_mismatch")
    assert f"Biểu 7.6, ô C{total}: 999, theo dữ liệu {shown(old)}" in report.reason
    rows = rows_of(source, "Biểu 7.8")
    note = next(i for i, r in enumerate(rows) if str(r[0]).startswith("Ghi chú:")) + 1
    reworded, _ = edited(source, tmp_path / "bieu-7-8.xlsx", "Biểu 7.8", note, 1, "Ghi chú: tính mọi nhóm")
    report = merge_workbooks([reworded], load_all()).inputs[0]
    assert (report.status, report.code) == (InputStatus.REJECTED, "visible_mismatch")
    assert f"Biểu 7.8, ô A{note}: “Ghi chú: tính mọi nhóm”" in report.reason


def test_a_file_of_the_first_forms_layout_is_checked_as_that_layout(
    communes: dict[str, tuple[Path, Path]], tmp_path: Path
) -> None:
    """Files of version 0.1.0 written before forms 7.6/7.7 (the v1 fixture) still merge, checked
    against the layout they were written in; a present-day export with 7.6 and 7.7 deleted is
    checked as that old layout too, and its 7.4 (poor households only) then differs."""
    old = Path(__file__).parents[1] / "excel" / "fixtures" / "exchange-v1.xlsx"
    assert "Biểu 7.6" not in CalamineWorkbook.from_path(str(old)).sheet_names
    assert merge_workbooks([old], load_all()).inputs[0].status is InputStatus.MERGED
    book = openpyxl.load_workbook(communes[CODES[0]][1])
    for name in ("Biểu 7.6", "Biểu 7.7"):
        del book[name]
    book.save(tmp_path / "bo-7-6.xlsx")
    report = merge_workbooks([tmp_path / "bo-7-6.xlsx"], load_all()).inputs[0]
    assert (report.status, report.code) == (InputStatus.REJECTED, "visible_mismatch")
    assert "Biểu 7.4, ô A5:" in report.reason  # the old title named the near-poor households too


def test_a_file_of_an_unknown_ranoat_version_is_rejected_with_the_reason(
    communes: dict[str, tuple[Path, Path]], tmp_path: Path
) -> None:
    other = set_metadata(communes[CODES[0]][1], tmp_path / "phien-ban.xlsx", program_version="9.4.0")
    report = merge_workbooks([other], load_all()).inputs[0]
    assert (report.status, report.code) == (InputStatus.REJECTED, "visible_mismatch")
    assert "phiên bản 9.4.0" in report.reason
    assert "không kiểm tra được" in report.reason


def test_households_carried_over_without_a_new_survey_keep_their_earlier_scores(
    communes: dict[str, tuple[Path, Path]], tmp_path: Path
) -> None:
    """A poor household not re-surveyed this round shows its earlier Phiếu B's B1 on the lists,
    which a version 1 workbook's data rows do not carry: the honest file merges; the lists must
    agree with one another and forms 7.4 and 7.5 with the lacking indicators they show."""
    carried = export_changed(
        communes,
        CODES[0],
        tmp_path / "mang-sang.xlsx",
        f"DELETE FROM survey WHERE round_id = {LATEST} AND household_id IN (SELECT household_id FROM survey "
        f"WHERE round_id < {LATEST} AND category = 'poor' AND b1 IS NOT NULL LIMIT 2)",
    )
    data = read_exchange(carried)
    columns = {name: index for index, name in enumerate(HOUSEHOLD_COLUMNS)}
    heads = [
        r[columns["head_name"]]
        for r in data.households
        if r[columns["survey_status"]] is None and r[columns["result_category"]] == "poor"
    ]
    assert len(heads) == 2
    report = merge_workbooks([carried], load_all()).inputs[0]
    assert (report.status, report.visible is not None and report.visible.agrees) == (InputStatus.MERGED, True)
    rows = rows_of(carried, "DS hộ nghèo")
    header = next(i for i, r in enumerate(rows) if r[0] == "STT")
    b1 = rows[header].index("Điểm B1")
    line = next(i for i, r in enumerate(rows) if r[1] == heads[0] and r[2] == "Chủ hộ")
    assert isinstance(rows[line][b1], float)  # the earlier survey's score, shown
    tampered, _ = edited(carried, tmp_path / "mang-sang-sua.xlsx", "DS hộ nghèo", line + 1, b1 + 1, 99)
    again = merge_workbooks([tampered], load_all()).inputs[0]
    assert again.code == "visible_mismatch"
    assert "DS niêm yết" in again.reason  # the posting list still shows the earlier score


def test_villages_without_households_are_on_the_forms_with_zeros(
    communes: dict[str, tuple[Path, Path]], tmp_path: Path
) -> None:
    """The register's villages without any household are rows of the forms, which the data rows
    cannot show: taken from form 7.1 where the data's villages are in the same order; all zeros."""
    empty = export_changed(
        communes,
        CODES[1],
        tmp_path / "thon-moi.xlsx",
        "INSERT INTO village (code, name, position) VALUES ('T00', 'Thôn Mới', -1), ('T99', 'Bản Cuối', 99)",
    )
    rows = rows_of(empty, "Biểu 7.1")
    names = [r[1] for r in rows if str(r[0]).isdigit()]
    assert names[0] == "Thôn Mới"
    assert names[-1] == "Bản Cuối"
    report = merge_workbooks([empty], load_all()).inputs[0]
    assert (report.status, report.reason) == (InputStatus.MERGED, "")
    line = next(i for i, r in enumerate(rows) if r[1] == "Bản Cuối")
    counted, _ = edited(empty, tmp_path / "thon-moi-sua.xlsx", "Biểu 7.1", line + 1, 3, 5)
    assert f"Biểu 7.1, ô C{line + 1}: 5, theo dữ liệu 0" in merge_workbooks([counted], load_all()).inputs[0].reason
    first = next(i for i, r in enumerate(rows) if r[1] == names[1])  # a village with households, renamed
    renamed, _ = edited(empty, tmp_path / "doi-ten.xlsx", "Biểu 7.1", first + 1, 2, "Thôn Khác")
    reason = merge_workbooks([renamed], load_all()).inputs[0].reason
    assert f"Biểu 7.1, ô B{first + 1}: “Thôn Khác”, theo dữ liệu “{names[1]}”" in reason


def test_a_merged_workbook_is_checked_against_its_own_lists_and_forms(
    communes: dict[str, tuple[Path, Path]], tmp_path: Path
) -> None:
    cluster = tmp_path / "cum.xlsx"
    write_merged(merge_workbooks(paths(communes)[:2], load_all()), cluster, MergeSettings(Level.CLUSTER, "Cụm"))
    good = merge_workbooks([cluster], load_all()).inputs[0]
    assert good.status is InputStatus.MERGED
    assert good.visible is not None
    assert good.visible.agrees
    rows = rows_of(cluster, "Biểu 7.2")
    unit = next(i for i, r in enumerate(rows) if r[0] == "1")
    tampered, old = edited(cluster, tmp_path / "cum-sua.xlsx", "Biểu 7.2", unit + 1, 4, 77)
    report = merge_workbooks([tampered, paths(communes)[2]], load_all()).inputs[0]
    assert (report.status, report.code) == (InputStatus.REJECTED, "visible_mismatch")
    assert f"Biểu 7.2, ô D{unit + 1}: 77, theo dữ liệu {shown(old)}" in report.reason


# ----------------------------------------------------------------------------- one code, two communes
@pytest.mark.parametrize(
    ("statement", "said"),
    [
        ("UPDATE commune SET name = 'Xã Song Sinh'", "Xã Song Sinh"),
        ("UPDATE commune SET province_code = '12', province_name = 'Lai Châu'", None),
    ],
)
def test_two_communes_with_one_code_are_both_refused_naming_both(
    communes: dict[str, tuple[Path, Path]], tmp_path: Path, statement: str, said: str | None
) -> None:
    first = communes[CODES[0]][1]
    second = export_changed(communes, CODES[0], tmp_path / "cung-ma.xlsx", statement)
    name = str(read_exchange(first).metadata["commune_name"])
    result = merge_workbooks([first, second, communes[CODES[1]][1]], load_all())
    for report in result.inputs[:2]:
        assert (report.status, report.code) == (InputStatus.REJECTED, "code_conflict")
        assert first.name in report.reason
        assert second.name in report.reason
        assert name in report.reason
        assert said is None or said in report.reason
        assert CODES[0] in report.reason
    assert [c.code for c in result.communes] == [CODES[1]]


def test_two_communes_with_equal_rows_are_not_one_file(communes: dict[str, tuple[Path, Path]], tmp_path: Path) -> None:
    """Another commune with the same rows (say, none yet) is not a copy of the first. A version 2
    checksum covers the metadata, so their checksums differ; a version 1 checksum covers the rows
    only, so two v1 files of different communes can share one: they are still two communes."""
    other = export_changed(communes, CODES[0], tmp_path / "xa-khac.xlsx", "UPDATE commune SET code = '99919'")
    first = communes[CODES[0]][1]
    assert read_exchange(other).metadata["data_sha256"] != read_exchange(first).metadata["data_sha256"]
    result = merge_workbooks([first, other], load_all())
    assert [i.status for i in result.inputs] == [InputStatus.MERGED, InputStatus.MERGED]
    assert sorted(c.code for c in result.communes) == [CODES[0], "99919"]

    v1 = Path(__file__).parents[1] / "excel" / "fixtures" / "exchange-v1.xlsx"
    code = str(read_exchange(v1).metadata["commune_code"])
    twin = set_metadata(v1, tmp_path / "v1-khac.xlsx", commune_code="99918", commune_name="Xã Sinh Đôi")
    assert read_exchange(twin).metadata["data_sha256"] == read_exchange(v1).metadata["data_sha256"]
    result = merge_workbooks([v1, twin], load_all())
    assert [i.status for i in result.inputs] == [InputStatus.MERGED, InputStatus.MERGED]
    assert sorted(c.code for c in result.communes) == sorted([code, "99918"])


# ----------------------------------------------------------------------------- export times
def exported_at(path: Path) -> dt.datetime:
    return dt.datetime.fromisoformat(str(read_exchange(path).metadata["exported_at"]))


def test_an_export_time_after_the_merges_clock_is_flagged_and_still_merges(
    communes: dict[str, tuple[Path, Path]], tmp_path: Path
) -> None:
    source = communes[CODES[0]][1]
    now = exported_at(source) - dt.timedelta(days=30)  # the commune's PC a month ahead
    result = merge_workbooks([source], load_all(), now=now)
    report = result.inputs[0]
    assert (report.status, report.code, report.warnings) == (InputStatus.MERGED, "", ["future_export"])
    assert "muộn hơn giờ của máy gộp" in report.reason
    assert now.isoformat() in report.reason
    out = tmp_path / "gop.xlsx"
    write_merged(result, out, MergeSettings())
    assert any("Đã gộp, cần xem ghi chú" in line and "muộn hơn" in line for line in check_sheet_text(out))
    # within the tolerance (two PCs' clocks differ by minutes): no flag
    close = merge_workbooks([source], load_all(), now=exported_at(source) - FUTURE_TOLERANCE + dt.timedelta(seconds=1))
    assert (close.inputs[0].warnings, close.inputs[0].reason) == ([], "")


def test_two_exports_of_a_commune_one_dated_in_the_future_are_both_refused(
    communes: dict[str, tuple[Path, Path]], tmp_path: Path
) -> None:
    older = communes[CODES[0]][1]
    newer = export_changed(
        communes, CODES[0], tmp_path / "sau.xlsx", "UPDATE household SET address = 'Nhà mới' WHERE id = 1"
    )
    assert read_exchange(newer).metadata["data_sha256"] != read_exchange(older).metadata["data_sha256"]
    future = set_metadata(older, tmp_path / "tuong-lai.xlsx", exported_at="2099-01-01T08:00:00+00:00")
    now = exported_at(newer) + dt.timedelta(hours=1)
    result = merge_workbooks([future, newer, communes[CODES[1]][1]], load_all(), now=now)
    for report in result.inputs[:2]:
        assert (report.status, report.code) == (InputStatus.REJECTED, "ambiguous_newest")
        assert "tuong-lai.xlsx" in report.reason
        assert "sau.xlsx" in report.reason
        assert "không biết bản nào mới nhất" in report.reason
    assert "muộn hơn giờ của máy gộp" in result.inputs[0].reason
    assert [c.code for c in result.communes] == [CODES[1]]
    # with the clock past 2099 the same two are ordinary: the newest is kept
    later = merge_workbooks([future, newer], load_all(), now=dt.datetime(2100, 1, 1, tzinfo=dt.UTC))
    assert [(i.status, i.code) for i in later.inputs] == [
        (InputStatus.MERGED, ""),
        (InputStatus.REJECTED, "superseded"),
    ]


def test_cli_json_gives_the_codes_and_warnings(
    communes: dict[str, tuple[Path, Path]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tampered, _ = edited(communes[CODES[0]][1], tmp_path / "sua.xlsx", "Biểu 7.2", 11, 3, 999)
    future = set_metadata(communes[CODES[1]][1], tmp_path / "sau.xlsx", exported_at="2099-01-01T00:00:00+00:00")
    out = tmp_path / "gop.xlsx"
    assert main(["merge", str(tampered), str(future), "--out", str(out), "--json"]) == 0
    inputs = json.loads(capsys.readouterr().out)["inputs"]
    assert [(i["status"], i["code"], i["warnings"]) for i in inputs] == [
        ("rejected", "visible_mismatch", []),
        ("merged", None, ["future_export"]),
    ]
    assert "Biểu 7.2, ô C11: 999" in inputs[0]["reason"]
