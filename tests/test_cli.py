"""The `ranoat` command line (product.md "Command line"): `classify`, `standards`, `--version`.

Runs `ranoat.cli.main([...])` in-process with capsys on JSON Lines files in tmp_path, and once as a
real `python -m ranoat` subprocess.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import ranoat
from ranoat.cli import main
from ranoat.demo import create_demo
from ranoat.rules.classify import ErrorCode
from ranoat.rules.rulebook import load_all

REPO = Path(__file__).resolve().parent.parent
OUTPUT_FIELDS = {"id", "standard", "category", "b2", "lacking", "reasons"}


def jsonl(*records: object) -> str:
    """One line per record; a str is written as it is (for blank and broken lines)."""
    return "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records)


def write_input(tmp_path: Path, text: str | bytes, name: str = "households.jsonl") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict[str, Any]], str]:
    """Exit status, the parsed stdout lines and stderr of `ranoat ARGS`."""
    status = main(list(args))
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert all(line.strip() for line in lines), "no blank output lines"
    return status, [json.loads(line) for line in lines], err


def classify_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str | bytes, standard: str = "2022-2025"
) -> tuple[int, list[dict[str, Any]], str]:
    return run(capsys, "classify", "--standard", standard, str(write_input(tmp_path, text)))


GOOD = [
    {"id": "H001", "area": "rural", "b1": 140, "lacking": ["nutrition", "employment", "dependents"]},
    {"id": "H002", "area": "urban", "b1": 175, "lacking": ["telecom_use", "employment"]},
    {"id": "H003", "area": "rural", "b1": 140.5, "lacking": []},
    {"id": "H004", "area": "rural", "income": 1500001, "lacking": ["employment"]},
    {"id": "H005", "area": "urban", "income": 3000001, "lacking": [], "region": "dnb"},
]


# ---------------------------------------------------------------------------- classify: good input


def test_classify_one_output_line_per_input_line_in_order(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = jsonl(GOOD[0], "", GOOD[1], "   ", GOOD[2], GOOD[3], "\t", GOOD[4]) + "\n\n"
    status, out, err = classify_file(capsys, tmp_path, text)
    assert status == 0
    assert err == ""
    assert [o["id"] for o in out] == ["H001", "H002", "H003", "H004", "H005"]
    for record in out:
        assert set(record) >= OUTPUT_FIELDS
        assert "error" not in record
        assert record["standard"] == "2022-2025"
        assert isinstance(record["reasons"], list)
        assert record["reasons"]
        assert all(isinstance(sentence, str) and sentence for sentence in record["reasons"])
    assert [(o["category"], o["b2"]) for o in out] == [
        ("poor", 30),
        ("near_poor", 20),
        ("not_poor", 0),
        ("average_living_standard", 10),
        ("not_poor", 0),
    ]
    # lacking comes back in report-column order (rules.md §2.3), whatever the input order.
    assert out[0]["lacking"] == ["employment", "dependents", "nutrition"]
    assert out[1]["lacking"] == ["employment", "telecom_use"]
    assert out[2]["lacking"] == []


def test_classify_output_records_the_rulebook(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, _ = classify_file(capsys, tmp_path, jsonl(GOOD[0]))
    assert status == 0
    assert out[0]["rulebook_sha256"] == load_all()["2022-2025"].sha256


def test_reasons_are_vietnamese_with_vietnamese_numbers(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, _ = classify_file(capsys, tmp_path, jsonl(GOOD[3], GOOD[2], GOOD[0]))
    assert status == 0
    income, fractional, poor = (o["reasons"] for o in out)
    # Income 1,500,001 against the rural line 1,500,000: dots group thousands.
    assert any("1.500.001" in s and "1.500.000" in s and "nông thôn" in s for s in income), income
    assert any("2.250.000" in s for s in income), income
    assert "hộ có mức sống trung bình" in income[-1]
    assert "1500000" not in " ".join(income)
    # B1 140.5 against 140: a comma marks decimals.
    assert any("140,5" in s and "140 điểm" in s for s in fractional), fractional
    assert "không thuộc hộ nghèo, hộ cận nghèo" in fractional[-1]
    # B2 and the lacking indicators are named.
    assert any("B2 = 30" in s for s in poor), poor
    assert "hộ nghèo" in poor[-1]


def test_output_is_utf8_not_escaped(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    main(["classify", "--standard", "2022-2025", str(write_input(tmp_path, jsonl(GOOD[0])))])
    out = capsys.readouterr().out
    assert "hộ nghèo" in out
    assert "\\u" not in out


def test_classify_2016_2020_and_2027_2030(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, _ = classify_file(
        capsys,
        tmp_path,
        jsonl(
            {"id": "a", "area": "rural", "income": 700000, "lacking": []},
            {"id": "b", "area": "urban", "b1": 141, "lacking": ["health_access", "info_assets"]},
        ),
        standard="2016-2020",
    )
    assert status == 0
    assert [(o["standard"], o["category"], o["b2"]) for o in out] == [
        ("2016-2020", "poor", 0),
        ("2016-2020", "near_poor", 20),
    ]
    status, out, _ = classify_file(
        capsys,
        tmp_path,
        jsonl({"id": "c", "area": "urban", "income": 2800001, "lacking": ["waste_treatment"]}),
        standard="2027-2030",
    )
    assert status == 0
    assert (out[0]["category"], out[0]["b2"], out[0]["lacking"]) == ("not_poor", 10, ["waste_treatment"])
    assert any("chưa có mức trên" in s for s in out[0]["reasons"])


# ---------------------------------------------------------------------------- classify: bad lines


def assert_error(record: dict[str, Any], household_id: object, code: str) -> str:
    assert set(record) == {"id", "error"}
    assert record["id"] == household_id
    assert set(record["error"]) == {"code", "message"}
    assert record["error"]["code"] == code
    message = record["error"]["message"]
    assert isinstance(message, str)
    assert message
    return message


def test_error_lines_keep_going_and_exit_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = {"id": "H900", "area": "rural", "b1": 100, "lacking": ["health_access"]}
    status, out, _ = classify_file(capsys, tmp_path, jsonl(GOOD[0], bad, GOOD[1]))
    assert status == 1
    assert [o["id"] for o in out] == ["H001", "H900", "H002"]
    assert out[0]["category"] == "poor"
    assert out[2]["category"] == "near_poor"
    message = assert_error(out[1], "H900", ErrorCode.UNKNOWN_INDICATOR.value)
    assert "health_access" in message
    assert "Dòng 2" in message


@pytest.mark.parametrize(
    ("record", "code"),
    [
        pytest.param({"area": "town", "b1": 1, "lacking": []}, ErrorCode.UNKNOWN_AREA, id="area"),
        pytest.param({"area": "rural", "lacking": []}, ErrorCode.MISSING_VALUE, id="no score"),
        pytest.param({"area": "rural", "b1": 1, "income": 1, "lacking": []}, ErrorCode.CONFLICTING_VALUES, id="both"),
        pytest.param({"area": "rural", "b1": "1", "lacking": []}, ErrorCode.NON_NUMERIC_VALUE, id="string b1"),
        pytest.param({"area": "rural", "b1": True, "lacking": []}, ErrorCode.NON_NUMERIC_VALUE, id="bool b1"),
        pytest.param({"area": "rural", "income": -5, "lacking": []}, ErrorCode.NEGATIVE_VALUE, id="negative"),
        pytest.param({"area": "rural", "income": 1.5, "lacking": []}, ErrorCode.NON_INTEGER_INCOME, id="fraction"),
        pytest.param({"area": "rural", "b1": 1}, ErrorCode.INVALID_LACKING, id="no lacking"),
        pytest.param(
            {"area": "rural", "b1": 1, "lacking": ["employment", "employment"]},
            ErrorCode.DUPLICATE_INDICATOR,
            id="duplicate",
        ),
        pytest.param({"area": "rural", "b1": 1, "lacking": [], "region": "x"}, ErrorCode.UNKNOWN_REGION, id="region"),
    ],
)
def test_classification_error_codes_reach_the_output(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, record: dict[str, Any], code: ErrorCode
) -> None:
    status, out, _ = classify_file(capsys, tmp_path, jsonl({"id": "X1", **record}, GOOD[0]))
    assert status == 1
    assert_error(out[0], "X1", code.value)
    assert out[1]["category"] == "poor"


def test_score_under_2027_2030_is_refused_income_works(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = jsonl(
        {"id": "s", "area": "rural", "b1": 120, "lacking": []},
        {"id": "i", "area": "rural", "income": 2200000, "lacking": []},
    )
    status, out, _ = classify_file(capsys, tmp_path, text, standard="2027-2030")
    assert status == 1
    message = assert_error(out[0], "s", ErrorCode.SCORE_THRESHOLDS_UNPUBLISHED.value)
    assert "chưa được ban hành/cấu hình" in message
    assert out[1]["category"] == "near_poor"


@pytest.mark.parametrize(
    "line",
    [
        pytest.param('{"id": "A1", "area": "rural"', id="truncated"),
        pytest.param("{'id': 'A1'}", id="single quotes"),
        pytest.param("id=A1", id="not json"),
    ],
)
def test_invalid_json_line(capsys: pytest.CaptureFixture[str], tmp_path: Path, line: str) -> None:
    status, out, _ = classify_file(capsys, tmp_path, jsonl(GOOD[0], line, GOOD[1]))
    assert status == 1
    assert len(out) == 3
    message = assert_error(out[1], None, "invalid_json")
    assert "Dòng 2" in message
    assert out[0]["id"] == "H001"
    assert out[2]["id"] == "H002"


def test_non_utf8_line_is_invalid_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = '{"id": "A1", "area": "nông thôn"}'.encode("utf-16")
    text = jsonl(GOOD[0]).encode("utf-8") + bad.replace(b"\n", b"") + b"\n" + jsonl(GOOD[1]).encode("utf-8")
    status, out, _ = classify_file(capsys, tmp_path, text)
    assert status == 1
    assert [o.get("id") for o in out] == ["H001", None, "H002"]
    assert_error(out[1], None, "invalid_json")


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("[1, 2]", id="list"),
        pytest.param('"H001"', id="string"),
        pytest.param("42", id="number"),
        pytest.param("null", id="null"),
    ],
)
def test_line_that_is_not_an_object(capsys: pytest.CaptureFixture[str], tmp_path: Path, line: str) -> None:
    status, out, _ = classify_file(capsys, tmp_path, jsonl(line, GOOD[0]))
    assert status == 1
    assert_error(out[0], None, "invalid_record")
    assert out[1]["category"] == "poor"


def test_unknown_field(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    record = {"id": "H010", "area": "rural", "b1": 100, "lacking": [], "b2": 30}
    status, out, _ = classify_file(capsys, tmp_path, jsonl(record))
    assert status == 1
    message = assert_error(out[0], "H010", "unknown_field")
    assert "b2" in message


@pytest.mark.parametrize(
    ("record", "shown"),
    [
        pytest.param({"area": "rural", "b1": 100, "lacking": []}, None, id="missing"),
        pytest.param({"id": "", "area": "rural", "b1": 100, "lacking": []}, None, id="empty"),
        pytest.param({"id": None, "area": "rural", "b1": 100, "lacking": []}, None, id="null"),
        pytest.param({"id": ["H1"], "area": "rural", "b1": 100, "lacking": []}, None, id="list"),
        pytest.param({"id": 17, "area": "rural", "b1": 100, "lacking": []}, 17, id="number"),
    ],
)
def test_missing_or_bad_id(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, record: dict[str, Any], shown: object
) -> None:
    status, out, _ = classify_file(capsys, tmp_path, jsonl(record, GOOD[0]))
    assert status == 1
    assert_error(out[0], shown, "invalid_id")
    assert out[1]["id"] == "H001"


def test_all_lines_bad_still_one_output_each(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, _ = classify_file(capsys, tmp_path, jsonl("{", "[]", {"id": "z", "area": "rural", "b1": 1}))
    assert status == 1
    assert [o["error"]["code"] for o in out] == ["invalid_json", "invalid_record", "invalid_lacking"]


def test_empty_file_outputs_nothing_and_succeeds(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, _ = classify_file(capsys, tmp_path, "\n \n")
    assert (status, out) == (0, [])


# ---------------------------------------------------------------------------- classify: usage errors


def test_unknown_standard_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write_input(tmp_path, jsonl(GOOD[0]))
    status = main(["classify", "--standard", "2021-2025", str(path)])
    out, err = capsys.readouterr()
    assert status == 2
    assert out == ""
    assert "2021-2025" in err
    assert "2022-2025" in err


def test_missing_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "absent.jsonl"
    status = main(["classify", "--standard", "2022-2025", str(path)])
    out, err = capsys.readouterr()
    assert status == 2
    assert out == ""
    assert str(path) in err


def test_missing_standard_option_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["classify", str(write_input(tmp_path, jsonl(GOOD[0])))])
    assert caught.value.code == 2
    assert "--standard" in capsys.readouterr().err


# ---------------------------------------------------------------------------- classify: encodings, stdin


def test_utf8_bom_at_start(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = b"\xef\xbb\xbf" + jsonl(GOOD[0], GOOD[1]).encode("utf-8")
    status, out, _ = classify_file(capsys, tmp_path, text)
    assert status == 0
    assert [o["id"] for o in out] == ["H001", "H002"]


def test_crlf_line_endings(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = jsonl(GOOD[0], "", GOOD[1]).replace("\n", "\r\n").encode("utf-8")
    status, out, _ = classify_file(capsys, tmp_path, text)
    assert status == 0
    assert [o["id"] for o in out] == ["H001", "H002"]


def test_vietnamese_id_round_trips(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    record = {**GOOD[0], "id": "Thôn Nà Lừa – hộ 7"}
    status, out, _ = classify_file(capsys, tmp_path, jsonl(record))
    assert status == 0
    assert out[0]["id"] == "Thôn Nà Lừa – hộ 7"


def test_stdin_dash(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    data = jsonl(GOOD[0], "", {"id": "bad", "area": "rural", "lacking": []}, GOOD[4]).encode("utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    status, out, _ = run(capsys, "classify", "--standard", "2022-2025", "-")
    assert status == 1
    assert [o["id"] for o in out] == ["H001", "bad", "H005"]
    assert out[0]["category"] == "poor"
    assert_error(out[1], "bad", "missing_value")
    assert out[2]["category"] == "not_poor"


def test_stdin_dash_all_good(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    data = b"\xef\xbb\xbf" + jsonl(GOOD[1]).encode("utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    status, out, _ = run(capsys, "classify", "--standard", "2022-2025", "-")
    assert status == 0
    assert [(o["id"], o["category"]) for o in out] == [("H002", "near_poor")]


def test_subprocess_python_m_ranoat(tmp_path: Path) -> None:
    path = write_input(tmp_path, jsonl(GOOD[0], {"id": "E", "area": "city", "b1": 1, "lacking": []}, GOOD[3]))
    done = subprocess.run(
        [sys.executable, "-m", "ranoat", "classify", "--standard", "2022-2025", str(path)],
        cwd=REPO,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr.decode("utf-8", "replace")
    out = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert [o["id"] for o in out] == ["H001", "E", "H004"]
    assert out[0]["category"] == "poor"
    assert out[1]["error"]["code"] == "unknown_area"
    assert out[2]["category"] == "average_living_standard"
    assert any("1.500.000" in s for s in out[2]["reasons"])


# ---------------------------------------------------------------------------- standards, --version


def test_standards_text(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["standards"])
    out, _ = capsys.readouterr()
    assert status == 0
    blocks = {block.split()[0]: block for block in out.strip().split("\n\n")}
    assert list(blocks) == ["2016-2020", "2022-2025", "2027-2030"]
    assert "[score.b1_poverty_max]" in blocks["2027-2030"]
    assert "[income.average_living_ceiling]" in blocks["2027-2030"]
    assert "01/01/2027 – 31/12/2030" in blocks["2027-2030"]
    assert "score.b1_poverty_max" not in blocks["2022-2025"]
    assert "Nghị định 07/2021/NĐ-CP" in blocks["2022-2025"]
    for standard, book in load_all().items():
        assert book.sha256 in blocks[standard]


def test_standards_json(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["standards", "--json"])
    out, _ = capsys.readouterr()
    assert status == 0
    listing = json.loads(out)
    assert [s["id"] for s in listing] == ["2016-2020", "2022-2025", "2027-2030"]
    by_id = {s["id"]: s for s in listing}
    books = load_all()
    for standard, entry in by_id.items():
        assert {"id", "title", "valid_from", "valid_to", "in_force", "legal_basis", "sha256", "missing"} <= set(entry)
        assert entry["sha256"] == books[standard].sha256
        assert isinstance(entry["in_force"], bool)
        for item in entry["missing"]:
            assert set(item) == {"key", "vi", "en"}
            assert item["vi"]
            assert item["en"]
    assert (by_id["2027-2030"]["valid_from"], by_id["2027-2030"]["valid_to"]) == ("2027-01-01", "2030-12-31")
    keys_2027 = [m["key"] for m in by_id["2027-2030"]["missing"]]
    assert "score.b1_poverty_max" in keys_2027
    assert "income.average_living_ceiling" in keys_2027
    keys_2022 = [m["key"] for m in by_id["2022-2025"]["missing"]]
    assert not [k for k in keys_2022 if k.startswith(("income.", "score."))]
    assert "Nghị định 351/2025/NĐ-CP" in by_id["2027-2030"]["legal_basis"]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert out.strip() == f"ranoat {ranoat.__version__}"
    assert ranoat.__version__[0].isdigit()


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["frobnicate"])
    assert caught.value.code == 2
    assert capsys.readouterr().err


def test_huge_numbers_are_error_lines_not_crashes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "huge.jsonl"
    lines = [
        '{"id": "a", "area": "rural", "income": 1' + "0" * 400 + ', "lacking": []}',
        '{"id": "b", "area": "rural", "income": 1' + "0" * 5000 + ', "lacking": []}',
        '{"id": "c", "area": "rural", "b1": 100, "lacking": []}',
    ]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["classify", "--standard", "2022-2025", str(source)]) == 1
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert out[0]["error"]["code"] == "non_numeric_value"
    assert out[1]["error"]["code"] == "invalid_json"
    assert out[2]["category"] == "near_poor"


# ---------------------------------------------------------------------------- files written: demo, export, merge
@pytest.fixture(params=[(0o022, 0o644), (0o027, 0o640)], ids=["umask-022", "umask-027"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    """Run with a umask; yields the mode a new file gets under it."""
    mask, mode = request.param
    old = os.umask(mask)
    try:
        yield mode
    finally:
        os.umask(old)


def test_written_files_get_the_mode_of_the_users_umask(
    umask: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A shared folder for the level above must be able to read what a commune writes: the
    database, the exchange workbook and the merged workbook are made as any new file is."""
    db, exchange, merged = tmp_path / "xa.sqlite3", tmp_path / "so.xlsx", tmp_path / "tong-hop.xlsx"
    assert main(["demo", "--households", "20", "--out", str(db)]) == 0
    assert main(["export", "--db", str(db), "--out", str(exchange)]) == 0
    assert main(["merge", str(exchange), "--out", str(merged)]) == 0
    capsys.readouterr()
    for path in (db, exchange, merged):
        assert stat.S_IMODE(path.stat().st_mode) == umask, path


def test_a_demo_database_gets_its_name_only_when_complete(tmp_path: Path) -> None:
    out = tmp_path / "xa.sqlite3"
    seen: list[bool] = []
    create_demo(out, households=12_000, seed=3, progress=lambda _done, _total: seen.append(out.exists()))
    assert seen == [False, False, False]  # each batch written while nothing is under the name
    assert [p.name for p in tmp_path.iterdir()] == ["xa.sqlite3"]  # no temporary file left
    with sqlite3.connect(out) as connection:
        assert connection.execute("SELECT count(*) FROM household").fetchone()[0] == 12_000
    connection.close()


def test_demo_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "xa.sqlite3"
    out.write_bytes(b"du lieu cua ai do")
    assert main(["demo", "--households", "5", "--out", str(out)]) == 2
    assert "không ghi đè" in capsys.readouterr().err
    assert out.read_bytes() == b"du lieu cua ai do"
    assert [p.name for p in tmp_path.iterdir()] == ["xa.sqlite3"]
