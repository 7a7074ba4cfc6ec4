"""Merging communes' exchange workbooks: trust checks, duplicates, totals, re-merging, the CLI."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from merge_data import CODES, SHARED_CCCD_NAME, export_changed, other_standard, paths, set_metadata

from ranoat.cli import main
from ranoat.domain.area import Area
from ranoat.domain.household import HouseholdData, MemberData, Relation, Sex
from ranoat.excel.reader import read_exchange
from ranoat.merge import InputStatus, Level, MergeSettings, merge_workbooks, write_merged
from ranoat.merge.records import MergeResult
from ranoat.operations.commune import villages
from ranoat.operations.export import export_round, latest_round_id
from ranoat.operations.households import save_household
from ranoat.operations.round_read import round_report
from ranoat.rules.rulebook import load_all
from ranoat.storage.database import open_database


@pytest.fixture(scope="module")
def merged(
    communes: dict[str, tuple[Path, Path]], tmp_path_factory: pytest.TempPathFactory
) -> tuple[MergeResult, Path]:
    result = merge_workbooks(paths(communes), load_all())
    out = tmp_path_factory.mktemp("merged") / "tinh.xlsx"
    write_merged(result, out, MergeSettings(Level.DISTRICT, "Văn Quan"))
    return result, out


def sheet_rows(path: Path, name: str) -> list[tuple[object, ...]]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return [tuple(r) for r in book[name].iter_rows(values_only=True)]
    finally:
        book.close()


# ----------------------------------------------------------------------------- totals
def test_merged_totals_equal_the_sum_of_the_communes_reports(
    communes: dict[str, tuple[Path, Path]], merged: tuple[MergeResult, Path]
) -> None:
    result, out = merged
    assert [i.status for i in result.inputs] == [InputStatus.MERGED] * 3
    expected_7_1 = [0] * 6
    expected_7_2 = [0] * 9
    for db, _ in communes.values():
        with open_database(db) as database, database.session() as session:
            report = round_report(session, latest_round_id(database), load_all())
        for index, value in enumerate(report.forms.form_7_1.table.total.counts[0]):
            expected_7_1[index] += value
        for index, value in enumerate(report.forms.form_7_2.table.total.counts[0]):
            expected_7_2[index] += value
    assert result.forms is not None
    assert list(result.forms.form_7_1.table.total.counts[0]) == expected_7_1
    assert list(result.forms.form_7_2.table.total.counts[0]) == expected_7_2
    # …and the workbook shows the same: the "Tổng cộng" row of Biểu 7.1, households and people
    total = next(r for r in sheet_rows(out, "Biểu 7.1") if r[1] and str(r[1]).startswith("Tổng cộng"))
    assert [total[2], total[3]] == expected_7_1[:2]
    households = sum(read_exchange(p).metadata["household_rows"] for p in paths(communes))
    assert result.household_count == households == len(sheet_rows(out, "data_households")) - 1


def test_the_merged_forms_7_6_and_7_7_are_the_near_poor_households_of_all_communes(
    communes: dict[str, tuple[Path, Path]], merged: tuple[MergeResult, Path]
) -> None:
    """Every form is a visible sheet of the merged workbook, 7.4/7.5 of the poor, 7.6/7.7 of the
    near-poor; 7.8 has a Hộ and a Nhân khẩu line per commune."""
    result, out = merged
    book = openpyxl.load_workbook(out, read_only=True)
    try:
        names = [n for n in book.sheetnames if n.startswith("Biểu")]
        assert names == [f"Biểu 7.{n}" for n in range(1, 11)]
        assert all(book[n].sheet_state == "visible" for n in names)
    finally:
        book.close()
    assert result.forms is not None
    poor = near = 0
    for db, _ in communes.values():
        with open_database(db) as database, database.session() as session:
            report = round_report(session, latest_round_id(database), load_all())
        poor += report.forms.form_7_4.table.total.counts[0][0]
        near += report.forms.form_7_6.table.total.counts[0][0]
    assert result.forms.form_7_4.table.total.counts[0][0] == poor == result.forms.form_7_1.table.total.counts[0][2]
    assert result.forms.form_7_6.table.total.counts[0][0] == near == result.forms.form_7_1.table.total.counts[0][4]
    assert result.forms.form_7_8.tables[0].line_labels == ("Hộ", "Nhân khẩu")


def test_one_form_row_per_commune_under_its_area(merged: tuple[MergeResult, Path]) -> None:
    result, _ = merged
    assert result.forms is not None
    rows = result.forms.form_7_1.table.unit_rows()
    assert [r.unit.code for r in rows if r.unit is not None] == list(CODES)
    assert all(r.unit is not None and r.unit.area is Area.RURAL for r in rows)  # demo communes are xã


def test_the_header_names_the_merge_level(merged: tuple[MergeResult, Path]) -> None:
    _, out = merged
    assert sheet_rows(out, "DS hộ nghèo")[0][0] == "UBND HUYỆN VĂN QUAN"
    assert sheet_rows(out, "Biểu 7.1")[0][0] == "UBND HUYỆN VĂN QUAN"


def test_the_lists_have_a_commune_column_and_every_poor_household(
    communes: dict[str, tuple[Path, Path]], merged: tuple[MergeResult, Path]
) -> None:
    result, out = merged
    rows = sheet_rows(out, "DS hộ nghèo")
    header = next(i for i, r in enumerate(rows) if r[0] == "STT")
    heads = [r for r in rows[header + 1 :] if isinstance(r[0], (int, float))]
    assert result.forms is not None
    assert len(heads) == result.forms.form_7_1.table.total.counts[0][2]
    names = {c.name for c in result.communes}
    assert {r[1] for r in heads} <= names
    assert {r[3] for r in heads} == {"Chủ hộ"}


def test_the_check_sheet_lists_inputs_totals_and_duplicates(merged: tuple[MergeResult, Path]) -> None:
    result, out = merged
    text = "\n".join(" | ".join(str(v) for v in r if v is not None) for r in sheet_rows(out, "Kiểm tra"))
    assert "1. Các tệp đầu vào" in text
    assert "Đàm Văn Trùng" in text
    assert "Cùng số CCCD" in text
    assert SHARED_CCCD_NAME in text
    assert "Cùng họ tên, ngày sinh" in text
    assert [t.agrees for t in result.totals] == [True, True, True]  # each commune's report matches its data
    assert "KHÔNG KHỚP" not in text


# ----------------------------------------------------------------------------- duplicates
def test_people_in_two_communes_are_reported_never_merged(merged: tuple[MergeResult, Path]) -> None:
    result, _ = merged
    by_cccd = [d for d in result.people if d.rule == "cccd"]
    assert any({p.commune_code for p in d.people} == {CODES[0], CODES[1]} for d in by_cccd)
    by_name = [d for d in result.people if d.rule == "name_birth"]
    found = [d for d in by_name if {p.commune_code for p in d.people} == {CODES[1], CODES[2]}]
    assert found
    assert found[0].people[0].birth == "09/03/1961"
    # both stay in the merged data: nobody is merged automatically
    assert result.household_count == sum(len(c.households) for c in result.communes)
    codes = {(c.code, row[0]) for c in result.communes for row in c.households}
    assert {(CODES[1], "T01-90002"), (CODES[2], "T01-90003")} <= codes
    assert any(d.rule == "name_birth" for d in result.households)  # both are heads


# ----------------------------------------------------------------------------- trust
def test_a_changed_cell_is_detected_and_the_others_still_merge(
    communes: dict[str, tuple[Path, Path]], tmp_path: Path
) -> None:
    edited = tmp_path / "sua-tay.xlsx"
    book = openpyxl.load_workbook(communes[CODES[1]][1])
    sheet = book["data_households"]
    column = [c.value for c in sheet[1]].index("result_category") + 1
    cell = sheet.cell(row=3, column=column)
    cell.value = "not_poor" if cell.value == "poor" else "poor"
    book.save(edited)
    result = merge_workbooks([communes[CODES[0]][1], edited, communes[CODES[2]][1]], load_all())
    status = {i.path.name: (i.status, i.code) for i in result.inputs}
    assert status["sua-tay.xlsx"] == (InputStatus.REJECTED, "checksum")
    assert [c.code for c in result.communes] == [CODES[0], CODES[2]]
    reason = next(i.reason for i in result.inputs if i.path == edited)
    assert "sua-tay.xlsx" in reason
    assert "SHA-256" in reason


def test_truncated_and_renamed_files_are_rejected_the_others_merge(
    communes: dict[str, tuple[Path, Path]], tmp_path: Path
) -> None:
    cut = tmp_path / "cat-cut.xlsx"
    data = communes[CODES[0]][1].read_bytes()
    cut.write_bytes(data[: len(data) * 2 // 3])
    renamed = tmp_path / "danh-sach.xlsx"
    renamed.write_text("Họ tên;Năm sinh\nHoàng Văn A;1970\n", encoding="utf-8")
    result = merge_workbooks([cut, renamed, communes[CODES[1]][1]], load_all())
    assert [(i.status, i.code) for i in result.inputs] == [
        (InputStatus.REJECTED, "not_workbook"),
        (InputStatus.REJECTED, "not_workbook"),
        (InputStatus.MERGED, ""),
    ]
    assert "cat-cut.xlsx" in result.inputs[0].reason
    assert "danh-sach.xlsx" in result.inputs[1].reason
    assert [c.code for c in result.communes] == [CODES[1]]


def test_the_same_file_twice_is_counted_once(communes: dict[str, tuple[Path, Path]], tmp_path: Path) -> None:
    copy = tmp_path / "ban-sao.xlsx"
    shutil.copy(communes[CODES[0]][1], copy)
    result = merge_workbooks([communes[CODES[0]][1], copy, communes[CODES[0]][1]], load_all())
    assert [i.status for i in result.inputs] == [
        InputStatus.MERGED,
        InputStatus.DUPLICATE_FILE,
        InputStatus.DUPLICATE_FILE,
    ]
    assert result.household_count == read_exchange(communes[CODES[0]][1]).metadata["household_rows"]


def test_the_newest_export_of_a_commune_is_kept(communes: dict[str, tuple[Path, Path]], tmp_path: Path) -> None:
    raw = changed_export(communes, CODES[0], tmp_path)
    older = set_metadata(communes[CODES[0]][1], tmp_path / "cu.xlsx", exported_at="2026-01-05T08:00:00+00:00")
    newer = set_metadata(raw, tmp_path / "moi.xlsx", exported_at="2026-01-20T08:00:00+00:00")
    result = merge_workbooks([newer, older], load_all())
    assert [(i.status, i.code) for i in result.inputs] == [
        (InputStatus.MERGED, ""),
        (InputStatus.REJECTED, "superseded"),
    ]
    assert "moi.xlsx" in result.inputs[1].reason
    assert len(result.communes) == 1
    assert any(row[0] == "T01-90009" for row in result.communes[0].households)


def test_another_standard_is_refused_unless_confirmed(communes: dict[str, tuple[Path, Path]], tmp_path: Path) -> None:
    other = other_standard(communes, CODES[2], tmp_path / "khac-chuan.xlsx")
    inputs = [communes[CODES[0]][1], communes[CODES[1]][1], other]
    refused = merge_workbooks(inputs, load_all())
    assert (refused.inputs[2].status, refused.inputs[2].code) == (InputStatus.REJECTED, "other_standard")
    assert "2016-2020" in refused.inputs[2].reason
    assert len(refused.communes) == 2
    allowed = merge_workbooks(inputs, load_all(), allow_mixed=True)
    assert [i.status for i in allowed.inputs] == [InputStatus.MERGED] * 3


def test_another_round_is_refused(communes: dict[str, tuple[Path, Path]], tmp_path: Path) -> None:
    latest = "(SELECT max(id) FROM review_round)"
    other = export_changed(
        communes, CODES[2], tmp_path / "nam-khac.xlsx", f"UPDATE review_round SET year = 2024 WHERE id = {latest}"
    )
    result = merge_workbooks([communes[CODES[0]][1], communes[CODES[1]][1], other], load_all())
    assert (result.inputs[2].status, result.inputs[2].code) == (InputStatus.REJECTED, "other_round")


def test_a_commune_whose_report_totals_disagree_with_its_data_is_flagged(
    communes: dict[str, tuple[Path, Path]], tmp_path: Path
) -> None:
    good = read_exchange(communes[CODES[0]][1])
    assert merge_workbooks([communes[CODES[0]][1]], load_all()).totals[0].recomputed[0] > 0
    values = {
        "report_households": 1,
        "report_members": 2,
        "report_poor_households": 3,
        "report_poor_members": 4,
        "report_near_poor_households": 5,
        "report_near_poor_members": 6,
    }
    wrong = set_metadata(communes[CODES[0]][1], tmp_path / "sai-tong.xlsx", **values)
    check = merge_workbooks([wrong], load_all()).totals[0]
    assert check.reported == (1, 2, 3, 4, 5, 6)
    assert check.agrees is False
    assert good.metadata["commune_code"] == check.commune_code


# ----------------------------------------------------------------------------- merging again
def test_a_merged_workbook_merges_again(
    communes: dict[str, tuple[Path, Path]], merged: tuple[MergeResult, Path], tmp_path: Path
) -> None:
    result, _ = merged
    first_two = merge_workbooks(paths(communes)[:2], load_all())
    partial = tmp_path / "hai-xa.xlsx"
    write_merged(first_two, partial, MergeSettings(Level.CLUSTER, "Cụm Tân Văn"))
    assert read_exchange(partial).merged
    again = merge_workbooks([partial, paths(communes)[2]], load_all())
    assert [i.status for i in again.inputs] == [InputStatus.MERGED, InputStatus.MERGED]
    assert [c.code for c in again.communes] == [c.code for c in result.communes]
    assert again.forms is not None
    assert result.forms is not None
    for left, right in zip(again.forms, result.forms, strict=True):
        for left_table, right_table in zip(left.tables, right.tables, strict=True):
            assert [r.counts for r in left_table.rows()] == [r.counts for r in right_table.rows()]
    assert again.household_count == result.household_count
    assert again.member_count == result.member_count
    # the same commune inside a merged workbook and as its own file counts once
    twice = merge_workbooks([partial, paths(communes)[0]], load_all())
    assert twice.inputs[1].status is InputStatus.DUPLICATE_FILE
    assert len(twice.communes) == 2


def test_an_edited_merged_workbook_is_rejected(merged: tuple[MergeResult, Path], tmp_path: Path) -> None:
    _, out = merged
    edited = tmp_path / "sua.xlsx"
    book = openpyxl.load_workbook(out)
    book["data_members"].cell(row=2, column=4).value = "Tên Khác"
    book.save(edited)
    result = merge_workbooks([edited], load_all())
    assert (result.inputs[0].status, result.inputs[0].code) == (InputStatus.REJECTED, "checksum")


# ----------------------------------------------------------------------------- the command
@pytest.fixture
def folder_of_inputs(communes: dict[str, tuple[Path, Path]], tmp_path: Path) -> Path:
    inbox = tmp_path / "hop-thu"
    inbox.mkdir()
    for path in paths(communes):
        shutil.copy(path, inbox / path.name)
    (inbox / "ghi-chu.xlsx").write_bytes(b"PK\x03\x04 not really")
    (inbox / "~$99911.xlsx").write_bytes(b"excel lock file")
    return inbox


def test_cli_merge_json(folder_of_inputs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "gop.xlsx"
    assert main(["merge", str(folder_of_inputs), "--out", str(out), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    statuses = {Path(i["file"]).name: i["status"] for i in summary["inputs"]}
    assert statuses == {
        "99911.xlsx": "merged",
        "99912.xlsx": "merged",
        "99913.xlsx": "merged",
        "ghi-chu.xlsx": "rejected",
    }
    assert summary["households"] == sum(c["households"] for c in summary["communes"])
    assert summary["members"] == sum(c["members"] for c in summary["communes"])
    assert any(d["rule"] == "cccd" for d in summary["duplicate_people"])
    assert read_exchange(out).metadata["commune_rows"] == 3


def test_cli_merge_nothing_to_merge_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook")
    out = tmp_path / "gop.xlsx"
    assert main(["merge", str(bad), "--out", str(out), "--json"]) == 2
    summary = json.loads(capsys.readouterr().out)
    assert summary["inputs"][0]["status"] == "rejected"
    assert summary["inputs"][0]["reason"]
    assert not out.exists()


def test_the_merged_workbook_prints_through_libreoffice(merged: tuple[MergeResult, Path], tmp_path: Path) -> None:
    import subprocess

    _, out = merged
    office = shutil.which("soffice") or shutil.which("libreoffice")
    assert office, "LibreOffice is installed by .ci/run"
    subprocess.run(
        [
            office,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pdf = tmp_path / "tinh.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "KIỂM TRA SỐ LIỆU GỘP TỪ CÁC XÃ" in text
    assert "DANH SÁCH HỘ NGHÈO NĂM 2025" in text
    assert "Biểu mẫu 7.10" in text


def test_cli_merge_to_an_unwritable_place_says_so(
    communes: dict[str, tuple[Path, Path]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocked = tmp_path / "khong-phai-thu-muc"
    blocked.write_text("a file where a folder should be")
    assert main(["merge", str(paths(communes)[0]), "--out", str(blocked / "gop.xlsx")]) == 2
    assert "không ghi được" in capsys.readouterr().err


def test_cli_merge_never_overwrites_an_input(
    communes: dict[str, tuple[Path, Path]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--out equal to a commune's workbook (named, or inside a folder given) is refused: the workbook
    would be overwritten and its commune silently left out. An earlier merge's output in a folder is
    replaced."""
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    shutil.copy(communes[CODES[0]][1], first)
    shutil.copy(communes[CODES[1]][1], second)
    before = first.read_bytes()
    assert main(["merge", str(first), str(second), "--out", str(first)]) == 2
    assert "a.xlsx" in capsys.readouterr().err
    assert first.read_bytes() == before
    assert main(["merge", str(tmp_path), "--out", str(first)]) == 2
    assert first.read_bytes() == before
    earlier = tmp_path / "gop.xlsx"
    assert main(["merge", str(tmp_path), "--out", str(earlier), "--json"]) == 0
    capsys.readouterr()
    assert main(["merge", str(tmp_path), "--out", str(earlier), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert [Path(i["file"]).name for i in summary["inputs"]] == ["a.xlsx", "b.xlsx"]
    assert read_exchange(earlier).metadata["commune_rows"] == 2


def changed_export(communes: dict[str, tuple[Path, Path]], code: str, folder: Path) -> Path:
    """Another export of the commune ``code``: one household more, so other data."""
    copy = folder / f"{code}-sua.sqlite3"
    shutil.copy(communes[code][0], copy)
    with open_database(copy) as database:
        with database.session() as session:
            save_household(
                session,
                HouseholdData(
                    code="T01-90009",
                    village_id=villages(session)[0].id,
                    area=Area.RURAL,
                    members=[
                        MemberData(full_name="Lý Thị Mới", sex=Sex.FEMALE, relation=Relation.HEAD, birth_year=1990)
                    ],
                ),
            )
        export_round(database, latest_round_id(database), folder / f"{code}-moi.xlsx", load_all())
    return folder / f"{code}-moi.xlsx"


def test_two_exports_of_a_commune_at_the_same_time_are_not_called_newer(
    communes: dict[str, tuple[Path, Path]], tmp_path: Path
) -> None:
    raw = changed_export(communes, CODES[0], tmp_path)
    for when, said in (("2026-01-05T08:00:00+00:00", "2026-01-05T08:00:00+00:00"), ("", "không rõ thời điểm xuất")):
        first = set_metadata(communes[CODES[0]][1], tmp_path / "dau.xlsx", exported_at=when)
        second = set_metadata(raw, tmp_path / "sau.xlsx", exported_at=when)
        result = merge_workbooks([first, second], load_all())
        report = result.inputs[1]
        assert (report.status, report.code) == (InputStatus.REJECTED, "superseded")
        assert "mới hơn" not in report.reason
        assert said in report.reason
        assert "sau.xlsx" in report.reason
        assert "dau.xlsx" in report.reason


def test_a_merged_input_with_every_commune_left_out_says_why_for_each(
    communes: dict[str, tuple[Path, Path]], tmp_path: Path
) -> None:
    """Commune 1 of a merged workbook is already given as its own file, commune 2 has a newer export:
    the merged workbook is rejected (not a mere duplicate), its reason naming it and both communes."""
    both = tmp_path / "hai-xa.xlsx"
    write_merged(merge_workbooks(paths(communes)[:2], load_all()), both, MergeSettings(Level.CLUSTER, "Cụm"))
    newer = set_metadata(changed_export(communes, CODES[1], tmp_path), tmp_path / "moi.xlsx", exported_at="2099-01-01")
    later = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)  # the merge's clock: 2099 is in its past
    result = merge_workbooks([communes[CODES[0]][1], both, newer], load_all(), now=later)
    report = result.inputs[1]
    assert (report.status, report.code) == (InputStatus.REJECTED, "superseded")
    assert report.communes == []
    assert str(both) in report.reason
    assert CODES[0] in report.reason
    assert CODES[1] in report.reason
    assert [c.code for c in result.communes] == [CODES[0], CODES[1]]


def test_duplicates_one_group_per_set_of_people_none_within_a_commune() -> None:
    """The same two people found by CCCD and by name + date of birth are one group (and one pair of
    households); people of the same commune, a 9-digit CMND against a 12-digit CCCD, and names of
    spaces only are not reported."""
    from ranoat.excel.rows import MemberRow
    from ranoat.merge.records import CommuneData, InputReport
    from ranoat.merge.run import find_duplicates

    def person(household: str, name: str, birth: str, cccd: str) -> MemberRow:
        return MemberRow(household, 0, name, "head", "male", int(birth[:4]), birth, "01", cccd, None, None, None, 0)

    def commune(code: str, *members: MemberRow) -> CommuneData:
        return CommuneData({"commune_code": code}, [], list(members), InputReport(Path(f"{code}.xlsx")))

    first = commune(
        "00001",
        person("A1", "Nguyễn Văn An", "1980-01-02", "001080000001"),
        person("A2", "Lò Thị Bình", "1975-05-05", "001075000002"),
        person("A3", "Lò Thị Bình", "1975-05-05", ""),
        person("A4", "  ", "1990-01-01", ""),
        person("A5", "Vi Văn Cường", "1960-03-03", "012345678"),
    )
    second = commune(
        "00002",
        person("B1", "nguyen  van AN", "1980-01-02", "001080000001"),
        person("B4", " ", "1990-01-01", ""),
        person("B5", "Hà Văn Dũng", "1961-04-04", "001061012345"),
    )
    people, households = find_duplicates([first, second])
    assert [(d.rule, [p.household_code for p in d.people]) for d in people] == [("cccd", ["A1", "B1"])]
    assert len(households) == 1


def test_date_and_yes_no_cells_from_elsewhere_are_read_as_text_and_written_back(
    communes: dict[str, tuple[Path, Path]], tmp_path: Path
) -> None:
    """A date typed into the metadata in Excel (its checksum recomputed: v2 covers the metadata)
    reads as ISO text and is written back into the merged workbook; a yes/no cell where a text
    belongs (province_name) is a value Ranoat never writes: that file is rejected."""
    import datetime as dt

    from merge_data import recompute_checksum

    def edited(name: str, key: str, value: Any) -> Path:
        target = set_metadata(communes[CODES[0]][1], tmp_path / name, **{key: "x"})
        book = openpyxl.load_workbook(target)
        for cell, found in book["metadata"].iter_rows(min_row=2):
            if cell.value == key:
                found.value = value
        recompute_checksum(book)
        book.save(target)
        return target

    decided = dt.date.fromisoformat(str(read_exchange(communes[CODES[0]][1]).metadata["decision_date"]))
    dated = edited("ngay.xlsx", "decision_date", decided)  # the same day, as a date cell (the lists show it)
    result = merge_workbooks([dated, communes[CODES[1]][1]], load_all())
    assert result.communes[0].meta["decision_date"] == decided.isoformat()
    out = tmp_path / "gop.xlsx"
    write_merged(result, out, MergeSettings())
    assert read_exchange(out).communes[0]["decision_date"] == decided.isoformat()
    flagged = edited("co-khong.xlsx", "province_name", True)
    refused = merge_workbooks([flagged, communes[CODES[1]][1]], load_all())
    assert (refused.inputs[0].status, refused.inputs[0].code) == (InputStatus.REJECTED, "invalid_value")
    assert "province_name" in refused.inputs[0].reason


def test_a_workbook_with_impossible_values_and_a_matching_checksum_is_refused_alone(
    communes: dict[str, tuple[Path, Path]], tmp_path: Path
) -> None:
    """The checksum can be recomputed by anyone: a file made elsewhere with an unknown movement, a
    text where a number belongs or a member position that is not a number is rejected (invalid
    value), naming the file, sheet, row and column; the others merge."""
    from ranoat.excel.exchange import HOUSEHOLD_COLUMNS, MEMBER_COLUMNS

    def forged(name: str, household: dict[str, str], member: dict[str, str]) -> Path:
        target = tmp_path / name
        book = openpyxl.load_workbook(communes[CODES[2]][1])
        for sheet, columns, values in (
            ("data_households", HOUSEHOLD_COLUMNS, household),
            ("data_members", MEMBER_COLUMNS, member),
        ):
            rows = range(2, 3) if sheet == "data_households" else range(2, book[sheet].max_row + 1, 2)
            for column, value in values.items():
                for row in rows:  # members: every other one, so numbers and texts meet in one roster
                    book[sheet].cell(row=row, column=columns.index(column) + 1).value = value
        book.save(target)
        return set_metadata(target, target)  # the checksum recomputed

    bad = forged("la.xlsx", {"transition": "vanished", "member_count": "ba"}, {})
    odd = forged("vi-tri.xlsx", {}, {"position": "x"})
    result = merge_workbooks([communes[CODES[0]][1], bad, communes[CODES[1]][1]], load_all())
    assert [(i.status, i.code) for i in result.inputs] == [
        (InputStatus.MERGED, ""),
        (InputStatus.REJECTED, "invalid_value"),
        (InputStatus.MERGED, ""),
    ]
    assert str(bad) in result.inputs[1].reason
    assert "trang data_households, dòng 2, cột" in result.inputs[1].reason
    refused = merge_workbooks([odd], load_all())
    assert (refused.inputs[0].status, refused.inputs[0].code) == (InputStatus.REJECTED, "invalid_value")
    assert "trang data_members, dòng 2, cột position" in refused.inputs[0].reason


@pytest.mark.parametrize(
    ("level", "name", "header"),
    [
        (Level.PROVINCE, "Lạng Sơn", "UBND TỈNH LẠNG SƠN"),
        (Level.PROVINCE, "Tỉnh Lạng Sơn", "UBND TỈNH LẠNG SƠN"),
        (Level.PROVINCE, "Thành phố Hà Nội", "UBND THÀNH PHỐ HÀ NỘI"),
        (Level.DISTRICT, "Văn Quan", "UBND HUYỆN VĂN QUAN"),
        (Level.DISTRICT, "Quận Ba Đình", "UBND QUẬN BA ĐÌNH"),
        (Level.CLUSTER, "Tân Văn", "CỤM XÃ TÂN VĂN"),
        (Level.CLUSTER, "Cụm xã Tân Văn", "CỤM XÃ TÂN VĂN"),
        (Level.CLUSTER, "Cụm Tân Văn", "CỤM TÂN VĂN"),
        (Level.PROVINCE, "UBND tỉnh Lạng Sơn", "UBND TỈNH LẠNG SƠN"),
        (Level.PROVINCE, "", "UBND TỈNH"),
    ],
)
def test_the_header_does_not_repeat_the_kind_of_unit(level: Level, name: str, header: str) -> None:
    assert level.authority(name) == header


def test_the_lists_commune_column_fits_the_longest_name(merged: tuple[MergeResult, Path]) -> None:
    from ranoat.merge.workbook import list_table
    from ranoat.reports.lists import ListKind

    result, _ = merged
    longest = max(len(c.name) for c in result.communes)
    assert longest > 20
    width = list_table(result, ListKind.POOR).columns[1].width
    assert width * 1.2 >= longest  # about 1.2 characters of Times New Roman 11 per unit of width, with margins


def test_the_merge_pauses_the_garbage_collector_and_restores_it(
    communes: dict[str, tuple[Path, Path]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from ranoat.merge import run as core
    from ranoat.merge import workbook as merged_workbook

    seen: list[bool] = []
    from ranoat.excel.reader import read_exchange as read

    check = merged_workbook.write_check_sheet

    def reading(path: Path) -> Any:
        seen.append(gc.isenabled())
        return read(path)

    def writing(*args: Any) -> Any:
        seen.append(gc.isenabled())
        return check(*args)

    monkeypatch.setattr(core, "read_exchange", reading)
    monkeypatch.setattr(merged_workbook, "write_check_sheet", writing)
    result = merge_workbooks(paths(communes), load_all())
    assert gc.isenabled()
    write_merged(result, tmp_path / "gop.xlsx", MergeSettings())
    assert seen == [False, False, False, False]
    assert gc.isenabled()
