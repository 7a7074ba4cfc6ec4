"""A merge with more rows than an Excel sheet holds (issue #11, item 2), with the limits made small:
the data sheets continue on numbered sheets, the merged workbook merges again with the same totals
and the same rows, and a list that cannot fit is refused before anything is written."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from merge_data import paths
from python_calamine import CalamineWorkbook

from ranoat.cli import main
from ranoat.excel import document
from ranoat.excel.document import WorkbookLimitError
from ranoat.excel.reader import read_exchange
from ranoat.merge import InputStatus, Level, MergeSettings, merge_workbooks, write_merged
from ranoat.rules.rulebook import load_all

LIMIT = 100  # data rows per data sheet: 3 communes of about 60 households and 230 members each
AT = dt.datetime(2026, 12, 7, 8, 0, tzinfo=dt.UTC)


def sheets_of(path: Path) -> dict[str, list[list[Any]]]:
    book = CalamineWorkbook.from_path(str(path))
    try:
        return {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names}
    finally:
        book.close()


def parts(sheets: dict[str, list[list[Any]]], name: str) -> list[str]:
    return [n for n in sheets if n == name or (n.startswith(f"{name}_") and n[len(name) + 1 :].isdigit())]


def test_a_merge_longer_than_a_sheet_continues_and_merges_again_with_the_same_rows(
    communes: dict[str, tuple[Path, Path]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    books = load_all()
    result = merge_workbooks(paths(communes), books)
    whole = tmp_path / "nguyen.xlsx"  # Excel's own limit: one sheet each
    write_merged(result, whole, MergeSettings(Level.DISTRICT, "Văn Quan"), exported_at=AT)
    monkeypatch.setattr(document, "MAX_DATA_ROWS", LIMIT)
    split = tmp_path / "chia.xlsx"
    write_merged(result, split, MergeSettings(Level.DISTRICT, "Văn Quan"), exported_at=AT)

    a, b = sheets_of(whole), sheets_of(split)
    assert result.member_count > 6 * LIMIT
    assert parts(a, "data_members") == ["data_members"]
    members = parts(b, "data_members")
    assert members == ["data_members", *(f"data_members_{n}" for n in range(2, len(members) + 1))]
    assert len(members) == -(-result.member_count // LIMIT)  # as many as needed, none empty
    assert parts(b, "data_households") == ["data_households", "data_households_2"]
    # every cell of every data sheet: the parts, one after the other, are the whole sheet
    for name in ("data_communes", "data_households", "data_members", "metadata"):
        chunks = [b[part] for part in parts(b, name)]
        assert all(chunk[0] == a[name][0] for chunk in chunks)  # the same header on each
        assert all(1 <= len(chunk) - 1 <= LIMIT for chunk in chunks)
        assert [row for chunk in chunks for row in chunk[1:]] == a[name][1:]
    # the sheets for people are the same too
    assert {n: rows for n, rows in b.items() if not n.startswith(("data_", "metadata"))} == {
        n: rows for n, rows in a.items() if not n.startswith(("data_", "metadata"))
    }

    # merged again: accepted (checksum, row counts), the same totals, the same rows
    again = merge_workbooks([split], books)
    assert [i.status for i in again.inputs] == [InputStatus.MERGED]
    assert (again.household_count, again.member_count) == (result.household_count, result.member_count)
    assert [c.code for c in again.communes] == [c.code for c in result.communes]
    second = tmp_path / "lai.xlsx"
    write_merged(again, second, MergeSettings(Level.DISTRICT, "Văn Quan"), exported_at=AT)
    first, last = read_exchange(split), read_exchange(second)
    assert last.communes == first.communes == read_exchange(whole).communes
    assert last.households == first.households == read_exchange(whole).households
    assert last.members == first.members == read_exchange(whole).members
    assert len(last.members) == result.member_count


def test_ranoat_merge_accepts_its_own_long_output_with_the_same_totals(
    communes: dict[str, tuple[Path, Path]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(document, "MAX_DATA_ROWS", LIMIT)
    out, again = tmp_path / "gop.xlsx", tmp_path / "gop-lai.xlsx"
    assert main(["merge", *map(str, paths(communes)), "--out", str(out), "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert "data_members_2" in sheets_of(out)
    assert main(["merge", str(out), "--out", str(again), "--json"]) == 0
    second = json.loads(capsys.readouterr().out)
    assert [i["status"] for i in second["inputs"]] == ["merged"]
    assert (second["households"], second["members"]) == (first["households"], first["members"])
    assert first["members"] == sum(len(rows) - 1 for n, rows in sheets_of(again).items() if n.startswith("data_mem"))
    assert second["communes"] == [{**c, "file": str(out)} for c in first["communes"]]


def test_a_merged_list_that_cannot_fit_is_refused_before_anything_is_written(
    communes: dict[str, tuple[Path, Path]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    result = merge_workbooks(paths(communes), load_all())
    monkeypatch.setattr(document, "MAX_SHEET_ROWS", 60)
    began: list[str] = []
    monkeypatch.setattr("ranoat.merge.workbook.write_check_sheet", lambda *args: began.append("Kiểm tra"))
    out = tmp_path / "gop.xlsx"
    with pytest.raises(WorkbookLimitError) as caught:
        write_merged(result, out, MergeSettings(Level.PROVINCE, "Lạng Sơn"))
    message = str(caught.value)
    assert message.startswith("Trang «DS hộ nghèo» cần ")
    assert "quá 60 dòng một trang Excel chứa được: không ghi tệp" in message
    assert "gộp ít xã hơn" in message
    assert began == []  # refused before the first sheet
    assert list(tmp_path.iterdir()) == []
    # the command line says so, exits 2 and writes nothing
    monkeypatch.undo()
    monkeypatch.setattr(document, "MAX_SHEET_ROWS", 60)
    assert main(["merge", *map(str, paths(communes)), "--out", str(out)]) == 2
    assert "Trang «DS hộ nghèo» cần " in capsys.readouterr().err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_the_list_limit_counts_the_rows_the_list_really_takes(
    communes: dict[str, tuple[Path, Path]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At exactly the rows the largest list takes, the merge is written; one fewer is refused."""
    result = merge_workbooks(paths(communes), load_all())
    out = tmp_path / "gop.xlsx"
    write_merged(result, out, MergeSettings(Level.PROVINCE, "Lạng Sơn"))
    sheets = openpyxl.load_workbook(out, read_only=True)  # max_row: the signature block's last row
    largest = max(sheets[name].max_row for name in sheets.sheetnames if name.startswith(("DS ", "Biểu ")))
    sheets.close()
    monkeypatch.setattr(document, "MAX_SHEET_ROWS", largest)
    write_merged(result, tmp_path / "vua.xlsx", MergeSettings(Level.PROVINCE, "Lạng Sơn"))
    monkeypatch.setattr(document, "MAX_SHEET_ROWS", largest - 1)
    with pytest.raises(WorkbookLimitError, match=f"cần {largest:,} dòng".replace(",", ".")):
        write_merged(result, tmp_path / "thieu.xlsx", MergeSettings(Level.PROVINCE, "Lạng Sơn"))
    assert not (tmp_path / "thieu.xlsx").exists()
