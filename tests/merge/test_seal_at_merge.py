"""The seal at the merge: the province's keys file, and each commune's seal verified, refused when
wrong or missing, noted when it cannot be checked — and what the checksum alone does not catch."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import openpyxl
import pytest
from merge_data import set_metadata

from ranoat.cli import main
from ranoat.demo import create_demo
from ranoat.excel.reader import read_exchange
from ranoat.excel.seal import key_id, key_text, parse_key
from ranoat.merge import InputStatus, MergeSettings, merge_workbooks, write_merged
from ranoat.merge.seal import KeysFileError, SealKeys, SealStatus, add_key, read_keys, write_keys
from ranoat.merge.workbook import CHECK_SHEET
from ranoat.operations.export import export_round, latest_round_id
from ranoat.operations.seal import set_seal_key
from ranoat.rules.rulebook import load_all
from ranoat.storage.database import open_database

SEALED, OTHER = "99931", "99932"
KEYS = {SEALED: bytes(range(32)), OTHER: bytes(range(100, 132))}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two communes' workbooks: 99931 sealed with its key, 99932 exported without one."""
    folder = tmp_path_factory.mktemp("sealed")
    found = {}
    for seed, code in enumerate((SEALED, OTHER), start=1):
        db = folder / f"{code}.sqlite3"
        create_demo(db, households=25, seed=seed, commune_code=code)
        with open_database(db) as database:
            if code == SEALED:
                with database.session() as session:
                    set_seal_key(session, key_text(KEYS[code]))
            found[code] = folder / f"{code}.xlsx"
            export_round(database, latest_round_id(database), found[code], load_all())
    return found


def keys_file(folder: Path, keys: dict[str, bytes]) -> SealKeys:
    path = folder / "khoa.csv"
    write_keys(path, keys)
    return read_keys(path)


def forged(source: Path, target: Path) -> Path:
    """What a forger does: change a value of the data rows that no list or form shows (a household's
    address: an edit of a list or of what it is computed from is caught by the merge's visible check,
    `ranoat.merge.visible`), then recompute `data_sha256`, as anyone can (`set_metadata`)."""
    book = openpyxl.load_workbook(source)
    sheet = book["data_households"]
    column = [c.value for c in sheet[1]].index("address") + 1
    cell = sheet.cell(row=2, column=column)
    cell.value = f"{cell.value or ''} (đã sửa)"
    book.save(target)
    assert read_exchange(target, verify=False).households[0].address.endswith("(đã sửa)")
    return set_metadata(target, target)


def seal_lines(path: Path) -> list[tuple[object, ...]]:
    """The check sheet's seal section: its title and its rows."""
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        rows = [tuple(r) for r in book[CHECK_SHEET].iter_rows(values_only=True)]
    finally:
        book.close()
    start = next(i for i, r in enumerate(rows) if str(r[0] or "").startswith("6. Niêm phong"))
    return [rows[start], *(r for r in rows[start + 2 :] if r[0] is not None)]


def test_a_sealed_file_verifies_with_the_keys_and_the_check_sheet_says_so(
    inputs: dict[str, Path], tmp_path: Path
) -> None:
    keys = keys_file(tmp_path, {SEALED: KEYS[SEALED]})
    result = merge_workbooks([inputs[SEALED], inputs[OTHER]], load_all(), keys=keys)
    assert [i.status for i in result.inputs] == [InputStatus.MERGED, InputStatus.MERGED]
    sealed, other = (i.seal for i in result.inputs)
    assert sealed is not None
    assert other is not None
    assert (sealed.status, sealed.key_id, sealed.expected_key_id) == (
        SealStatus.VERIFIED,
        key_id(KEYS[SEALED]),
        key_id(KEYS[SEALED]),
    )
    assert (other.status, other.sealed) == (SealStatus.UNSEALED, False)  # no key for it: merged, said
    assert result.keys_file == keys.path
    out = tmp_path / "gop.xlsx"
    write_merged(result, out, MergeSettings())
    title, first, second = seal_lines(out)
    assert "kiểm tra bằng tệp khoá khoa.csv" in str(title[0])
    assert "1/2 tệp có niêm phong đã xác minh" in str(title[0])
    assert first[1:6] == (
        f"{SEALED}.xlsx",
        SEALED,
        key_id(KEYS[SEALED]),
        "Có niêm phong, đã xác minh bằng khoá của xã",
        key_id(KEYS[SEALED]),
    )
    assert second[1:5] == (f"{OTHER}.xlsx", OTHER, None, "Không có niêm phong (tệp khoá chưa có khoá của xã)")


def test_an_edited_file_with_its_checksum_recomputed_merges_without_keys_and_is_refused_with_them(
    inputs: dict[str, Path], tmp_path: Path
) -> None:
    edited = forged(inputs[SEALED], tmp_path / "sua-tay.xlsx")
    plain = merge_workbooks([edited, inputs[OTHER]], load_all())
    assert plain.inputs[0].status is InputStatus.MERGED  # the checksum alone cannot tell
    keys = keys_file(tmp_path, KEYS)
    result = merge_workbooks([edited, inputs[OTHER]], load_all(), keys=keys)
    report = result.inputs[0]
    assert (report.status, report.code) == (InputStatus.REJECTED, "seal_invalid")
    assert str(edited) in report.reason
    assert f"({SEALED})" in report.reason
    assert "bị sửa sau khi xã niêm phong" in report.reason
    assert report.seal is not None
    assert report.seal.key_id == report.seal.expected_key_id
    assert [c.code for c in result.communes] == []  # 99932 is not sealed while the province has its key
    assert (result.inputs[1].status, result.inputs[1].code) == (InputStatus.REJECTED, "seal_missing")


def test_a_file_sealed_with_another_key_is_refused_naming_both_keys(inputs: dict[str, Path], tmp_path: Path) -> None:
    wrong = bytes(32)
    keys = keys_file(tmp_path, {SEALED: wrong})
    result = merge_workbooks([inputs[SEALED], inputs[OTHER]], load_all(), keys=keys)
    report = result.inputs[0]
    assert (report.status, report.code) == (InputStatus.REJECTED, "seal_invalid")
    assert key_id(KEYS[SEALED]) in report.reason
    assert key_id(wrong) in report.reason
    assert str(inputs[SEALED]) in report.reason
    assert result.inputs[1].status is InputStatus.MERGED
    assert [c.code for c in result.communes] == [OTHER]


def test_an_unsealed_file_of_a_commune_the_province_has_a_key_for_is_refused(
    inputs: dict[str, Path], tmp_path: Path
) -> None:
    keys = keys_file(tmp_path, KEYS)
    result = merge_workbooks([inputs[SEALED], inputs[OTHER]], load_all(), keys=keys)
    assert [(i.status, i.code) for i in result.inputs] == [
        (InputStatus.MERGED, ""),
        (InputStatus.REJECTED, "seal_missing"),
    ]
    reason = result.inputs[1].reason
    assert str(inputs[OTHER]) in reason
    assert f"({OTHER})" in reason
    assert key_id(KEYS[OTHER]) in reason
    out = tmp_path / "gop.xlsx"
    write_merged(result, out, MergeSettings())
    _, _, missing = seal_lines(out)
    assert missing[2:6] == (
        OTHER,
        None,
        "KHÔNG CÓ NIÊM PHONG dù tỉnh đã cấp khoá: không gộp",
        key_id(KEYS[OTHER]),
    )


def test_a_sealed_file_without_a_key_in_the_keys_file_merges_with_a_note(
    inputs: dict[str, Path], tmp_path: Path
) -> None:
    keys = keys_file(tmp_path, {OTHER: KEYS[OTHER]})
    result = merge_workbooks([inputs[SEALED]], load_all(), keys=keys)
    report = result.inputs[0]
    assert report.status is InputStatus.MERGED
    assert report.seal is not None
    assert report.seal.status is SealStatus.NO_KEY
    assert report.reason.startswith("không kiểm tra được niêm phong")
    assert f"({SEALED})" in report.reason
    assert key_id(KEYS[SEALED]) in report.reason


def test_without_keys_seals_are_not_checked_and_the_check_sheet_says_so(
    inputs: dict[str, Path], tmp_path: Path
) -> None:
    edited = forged(inputs[SEALED], tmp_path / "sua-tay.xlsx")
    result = merge_workbooks([edited, inputs[OTHER]], load_all())
    assert [i.status for i in result.inputs] == [InputStatus.MERGED, InputStatus.MERGED]
    assert [(i.seal.status, i.seal.sealed) for i in result.inputs if i.seal is not None] == [
        (SealStatus.NOT_CHECKED, True),
        (SealStatus.NOT_CHECKED, False),
    ]
    out = tmp_path / "gop.xlsx"
    write_merged(result, out, MergeSettings())
    title, first, second = seal_lines(out)
    assert "KHÔNG KIỂM TRA" in str(title[0])
    assert "không chứng minh tệp do xã lập" in str(title[0])
    assert first[4] == "Có niêm phong, không kiểm tra"
    assert second[4] == "Không có niêm phong"


def test_a_merged_workbook_input_carries_no_seals_and_still_merges(inputs: dict[str, Path], tmp_path: Path) -> None:
    keys = keys_file(tmp_path, {SEALED: KEYS[SEALED]})
    first = tmp_path / "cum.xlsx"
    write_merged(merge_workbooks([inputs[SEALED]], load_all(), keys=keys), first, MergeSettings())
    again = merge_workbooks([first], load_all(), keys=keys)
    assert again.inputs[0].status is InputStatus.MERGED
    assert again.inputs[0].seal is not None
    assert again.inputs[0].seal.status is SealStatus.MERGED_WORKBOOK


# ----------------------------------------------------------------------------- the keys file
def test_the_keys_file_round_trips_is_private_and_replaced_atomically(tmp_path: Path) -> None:
    path = tmp_path / "khoa.csv"
    assert add_key(path, SEALED, KEYS[SEALED]) is None
    assert add_key(path, OTHER, KEYS[OTHER]) is None
    assert read_keys(path).keys == KEYS
    assert path.read_text(encoding="utf-8").splitlines() == [
        "commune_code,key",
        f"{SEALED},{key_text(KEYS[SEALED])}",
        f"{OTHER},{key_text(KEYS[OTHER])}",
    ]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    with pytest.raises(KeysFileError, match=f"mã khoá {key_id(KEYS[SEALED])}"):
        add_key(path, SEALED, bytes(32))
    assert read_keys(path).keys == KEYS  # refused: unchanged
    assert add_key(path, SEALED, bytes(32), replace=True) == key_id(KEYS[SEALED])
    assert read_keys(path).keys == {SEALED: bytes(32), OTHER: KEYS[OTHER]}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["khoa.csv"]  # no temporary file left


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("ma,khoa\n", "dòng 1: phải là tiêu đề commune_code,key"),
        ("", "dòng 1: phải là tiêu đề"),
        (f"commune_code,key\n{SEALED}\n", "dòng 2: cần đúng hai cột"),
        (
            f"commune_code,key\n{SEALED},{key_text(KEYS[SEALED])}\n{SEALED},{key_text(KEYS[OTHER])}\n",
            "dòng 3: xã 99931 có hai khoá",
        ),
    ],
)
def test_a_broken_keys_file_is_refused_naming_the_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "khoa.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(KeysFileError, match=message) as refused:
        read_keys(path)
    assert str(path) in str(refused.value)
    assert key_text(KEYS[SEALED]) not in str(refused.value)


def test_a_mistyped_key_in_the_keys_file_is_refused_without_showing_it(tmp_path: Path) -> None:
    text = key_text(KEYS[SEALED])
    typo = text[:-1] + ("A" if text[-1] != "A" else "B")
    path = tmp_path / "khoa.csv"
    path.write_text(f"\ufeffcommune_code,key\n\n{OTHER},{key_text(KEYS[OTHER])}\n{SEALED},{typo}\n", encoding="utf-8")
    with pytest.raises(KeysFileError, match=f"dòng 4 \\(xã {SEALED}\\)") as refused:
        read_keys(path)
    assert typo not in str(refused.value)
    assert typo.replace("-", "") not in str(refused.value)


# ----------------------------------------------------------------------------- the command line
def test_cli_new_key_prints_a_key_the_commune_can_type_and_keeps_it_in_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "khoa.csv"
    assert main(["seal", "new-key", "--commune", SEALED, "--keys", str(path)]) == 0
    printed = capsys.readouterr().out.splitlines()
    key = parse_key(printed[1])
    assert read_keys(path).keys == {SEALED: key}
    assert key_id(key) in printed[0]
    assert main(["seal", "new-key", "--commune", SEALED, "--keys", str(path)]) == 2  # has one: --replace
    assert "--replace" in capsys.readouterr().err
    assert read_keys(path).keys == {SEALED: key}
    assert main(["seal", "new-key", "--commune", SEALED, "--keys", str(path), "--replace"]) == 0
    assert f"thay khoá cũ mã {key_id(key)}" in capsys.readouterr().out
    assert read_keys(path).keys[SEALED] != key


def test_cli_merge_keys_json_reports_each_inputs_seal(
    inputs: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keys = keys_file(tmp_path, {SEALED: KEYS[SEALED]})
    out = tmp_path / "gop.xlsx"
    files = [str(inputs[SEALED]), str(inputs[OTHER])]
    assert main(["merge", *files, "--out", str(out), "--keys", str(keys.path), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["keys"] == str(keys.path)
    assert [i["seal"] for i in summary["inputs"]] == [
        {"status": "verified", "sealed": True, "key_id": key_id(KEYS[SEALED]), "expected_key_id": key_id(KEYS[SEALED])},
        {"status": "unsealed", "sealed": False, "key_id": None, "expected_key_id": None},
    ]
    assert main(["merge", *files, "--out", str(out), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["keys"] is None
    assert [i["seal"]["status"] for i in summary["inputs"]] == ["not_checked", "not_checked"]
    broken = tmp_path / "hong.csv"
    broken.write_text("not,keys\n", encoding="utf-8")
    assert main(["merge", *files, "--out", str(tmp_path / "khac.xlsx"), "--keys", str(broken)]) == 2
    assert str(broken) in capsys.readouterr().err
    assert not (tmp_path / "khac.xlsx").exists()
