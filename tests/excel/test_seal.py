"""The seal of the exchange workbook: the key as people type it, the seal an export writes, the key
kept out of the workbook and the audit log, and the commune databases of schema 0003 upgraded."""

from __future__ import annotations

import base64
import hashlib
import hmac
import shutil
import sqlite3
import zipfile
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from ranoat.cli import main
from ranoat.demo import create_demo
from ranoat.domain.errors import OperationError
from ranoat.excel.reader import read_exchange
from ranoat.excel.seal import SealKeyError, key_id, key_text, new_key, parse_key, seal_matches, seal_of
from ranoat.operations.export import export_round, latest_round_id
from ranoat.operations.seal import commune_seal_key, seal_key_id, set_seal_key
from ranoat.rules.rulebook import load_all
from ranoat.storage.database import current_revision, head_revision, open_database
from ranoat.storage.models import AuditEntry, Commune

GOLDEN_0003 = Path(__file__).parents[1] / "storage" / "golden" / "0003.sqlite3"
KEY = bytes(range(32))


def spellings(key: bytes) -> list[str]:
    """Every form the key could leak in: hex (upper and lower), the typed text with and without
    dashes, plain base32 and base64 of the raw bytes."""
    text = key_text(key)
    return [
        key.hex(),
        key.hex().upper(),
        text,
        text.replace("-", ""),
        base64.b32encode(key).decode().rstrip("="),
        base64.b64encode(key).decode(),
    ]


# ----------------------------------------------------------------------------- the key as text
def test_a_key_survives_its_text_however_it_is_typed() -> None:
    for _ in range(20):
        key = new_key()
        text = key_text(key)
        groups = text.split("-")
        assert len(groups) == 14
        assert all(len(g) == 4 and set(g) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for g in groups)
        assert parse_key(text) == key
        assert parse_key(f"  {text.lower()}\n") == key
        assert parse_key(" ".join(groups)) == key
        assert parse_key("".join(groups)) == key
        # 0, 1, 8 are not base32 letters: read as the O, I, B they look like
        assert parse_key(text.replace("O", "0").replace("I", "1").replace("B", "8")) == key
    assert len({key_text(new_key()) for _ in range(50)}) == 50


def test_a_mistyped_key_is_refused_without_repeating_it() -> None:
    text = key_text(KEY)
    letters = text.replace("-", "")
    refused = 0
    for position in range(len(letters)):  # every single wrong letter is caught by the check bytes
        wrong = "A" if letters[position] != "A" else "B"
        typo = letters[:position] + wrong + letters[position + 1 :]
        with pytest.raises(SealKeyError) as error:
            parse_key(typo)
        assert typo not in str(error.value)
        assert text not in str(error.value)
        refused += 1
    assert refused == 56
    with pytest.raises(SealKeyError, match="56 ký tự"):
        parse_key(text[:-5])
    with pytest.raises(SealKeyError, match="A–Z"):
        parse_key(letters[:-1] + "!")


def test_the_seal_is_the_hmac_of_the_documented_text_and_the_key_id_its_fingerprint() -> None:
    checksum = hashlib.sha256(b"any data").hexdigest()
    expected = hmac.new(KEY, b"ranoat-seal-v1\n" + checksum.encode(), hashlib.sha256).hexdigest()
    assert seal_of(KEY, checksum) == expected
    assert key_id(KEY) == hashlib.sha256(KEY).hexdigest()[:8]
    assert seal_matches(KEY, checksum, expected)
    assert seal_matches(KEY, checksum, expected.upper())
    assert not seal_matches(KEY, checksum[:-1] + "0" if checksum[-1] != "0" else checksum[:-1] + "1", expected)
    assert not seal_matches(bytes(32), checksum, expected)
    assert not seal_matches(KEY, checksum, "không phải niêm phong")


# ----------------------------------------------------------------------------- the commune's key and its export
@pytest.fixture
def commune_db(tmp_path: Path) -> Path:
    path = tmp_path / "xa.sqlite3"
    create_demo(path, households=25, seed=4)
    return path


def test_an_export_with_the_communes_key_is_sealed_and_the_key_is_nowhere_in_it(
    commune_db: Path, tmp_path: Path
) -> None:
    with open_database(commune_db) as database:
        with database.session() as session:
            assert set_seal_key(session, key_text(KEY)).key_id == key_id(KEY)
        out = tmp_path / "xa.xlsx"
        result = export_round(database, latest_round_id(database), out, load_all())
    assert result.seal_key_id == key_id(KEY)
    metadata = read_exchange(out).metadata
    assert metadata["seal_key_id"] == key_id(KEY)
    assert metadata["seal"] == seal_of(KEY, metadata["data_sha256"])
    # every cell of every sheet, and every part of the zip (properties, shared strings …)
    book = openpyxl.load_workbook(out)
    cells = [str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]
    assert len(cells) > 1000
    with zipfile.ZipFile(out) as archive:
        parts = [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
    for leaked in spellings(KEY):
        assert not any(leaked in cell for cell in cells), leaked
        assert not any(leaked in part for part in parts), leaked


def test_the_key_id_is_covered_by_the_checksum_and_the_seal_is_not(commune_db: Path, tmp_path: Path) -> None:
    """``seal_key_id`` is written before the v2 checksum is computed: changed by hand, the file is
    refused as edited. ``seal`` is computed from the checksum, so it stays outside it: a changed seal
    leaves the checksum valid (the merge's seal check refuses it, tests/merge/test_seal_at_merge.py)."""
    from ranoat.excel.reader import ExchangeError, RejectCode

    with open_database(commune_db) as database:
        with database.session() as session:
            set_seal_key(session, key_text(KEY))
        out = tmp_path / "xa.xlsx"
        export_round(database, latest_round_id(database), out, load_all())

    def edited(key: str, value: str) -> Path:
        book = openpyxl.load_workbook(out)
        for name, cell in book["metadata"].iter_rows(min_row=2):
            if name.value == key:
                cell.value = value
        target = tmp_path / f"{key}.xlsx"
        book.save(target)
        return target

    with pytest.raises(ExchangeError) as caught:
        read_exchange(edited("seal_key_id", "00000000"))
    assert caught.value.code is RejectCode.CHECKSUM
    assert read_exchange(edited("seal", "0" * 64)).metadata["seal"] == "0" * 64


def test_without_a_key_the_export_is_not_sealed(commune_db: Path, tmp_path: Path) -> None:
    with open_database(commune_db) as database:
        out = tmp_path / "xa.xlsx"
        result = export_round(database, latest_round_id(database), out, load_all())
    assert result.seal_key_id is None
    metadata = read_exchange(out).metadata
    assert "seal" not in metadata
    assert "seal_key_id" not in metadata


def test_the_key_is_set_once_changed_only_when_asked_and_masked_in_the_audit_log(commune_db: Path) -> None:
    other = bytes(reversed(range(32)))
    with open_database(commune_db) as database:
        with database.session() as session:
            assert seal_key_id(session) is None
            first = set_seal_key(session, key_text(KEY))
        assert (first.changed, first.replaced) == (True, None)
        with database.session() as session:
            again = set_seal_key(session, key_text(KEY).lower())  # the same key: nothing to ask, nothing written
        assert (again.changed, again.key_id) == (False, key_id(KEY))
        with pytest.raises(OperationError, match=f"mã khoá {key_id(KEY)}") as refused, database.session() as session:
            set_seal_key(session, key_text(other))
        assert not any(leaked in str(refused.value) for leaked in spellings(other) + spellings(KEY))
        with database.session() as session:
            assert commune_seal_key(session) == KEY  # refused: unchanged
            replaced = set_seal_key(session, key_text(other), replace=True)
        assert (replaced.key_id, replaced.replaced) == (key_id(other), key_id(KEY))
        with database.session() as session:
            assert commune_seal_key(session) == other
            entries = session.scalars(select(AuditEntry).where(AuditEntry.table_name == "commune")).all()
    changes = [e for e in entries if e.action == "update" and "seal_key" in (e.new or {})]
    assert [((e.old or {})["seal_key"], (e.new or {})["seal_key"]) for e in changes] == [
        (None, "***"),
        ("***", "***"),
    ]
    with sqlite3.connect(commune_db) as connection:
        logged = " ".join(str(row) for row in connection.execute("SELECT old, new FROM audit_log"))
    connection.close()
    for leaked in spellings(KEY) + spellings(other):
        assert leaked not in logged


def test_a_mistyped_key_is_refused_and_nothing_is_stored(commune_db: Path) -> None:
    text = key_text(KEY)
    typo = ("A" if text[0] != "A" else "B") + text[1:]
    with (
        pytest.raises(OperationError, match="gõ sai") as refused,
        open_database(commune_db) as database,
        database.session() as session,
    ):
        set_seal_key(session, typo)
    assert typo not in str(refused.value)
    with open_database(commune_db) as database, database.session() as session:
        assert commune_seal_key(session) is None


def test_cli_set_key_then_export_says_sealed(
    commune_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["seal", "set-key", "--db", str(commune_db), key_text(KEY)]) == 0
    said = capsys.readouterr().out
    assert key_id(KEY) in said
    assert not any(leaked in said for leaked in spellings(KEY))
    other = key_text(bytes(32))
    assert main(["seal", "set-key", "--db", str(commune_db), other]) == 2  # a different key needs --replace
    refused = capsys.readouterr().err
    assert f"Xã đã có khoá niêm phong (mã khoá {key_id(KEY)})" in refused
    assert other not in refused
    out = tmp_path / "xa.xlsx"
    assert main(["export", "--db", str(commune_db), "--out", str(out)]) == 0
    assert f"Đã niêm phong bằng khoá của xã (mã khoá {key_id(KEY)})" in capsys.readouterr().out
    assert read_exchange(out).metadata["seal_key_id"] == key_id(KEY)
    assert main(["seal", "set-key", "--db", str(commune_db), "--replace", other]) == 0
    assert key_id(bytes(32)) in capsys.readouterr().out


# ----------------------------------------------------------------------------- the migration
def test_a_schema_0003_database_is_upgraded_keeps_its_data_and_can_be_sealed(tmp_path: Path) -> None:
    path = tmp_path / "xa.sqlite3"
    shutil.copy(GOLDEN_0003, path)
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0003",)
        columns = [row[1] for row in connection.execute("PRAGMA table_info(commune)")]
        before = connection.execute("SELECT * FROM commune").fetchall()
    connection.close()
    assert "seal_key" not in columns
    with open_database(path) as database:
        assert current_revision(database) == head_revision() == "0006"
        with database.session() as session:
            commune = session.scalars(select(Commune)).one()
            assert commune.seal_key is None
            set_seal_key(session, key_text(KEY))
        out = tmp_path / "xa.xlsx"
        export_round(database, latest_round_id(database), out, load_all())
    with sqlite3.connect(path) as connection:
        after = connection.execute("SELECT * FROM commune").fetchall()
    connection.close()
    assert [row[:-1] for row in after] == before  # every column as it was, the key added at the end
    metadata = read_exchange(out).metadata
    assert metadata["seal"] == seal_of(KEY, metadata["data_sha256"])


def test_cli_set_key_reads_the_key_from_standard_input(
    commune_db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(key_text(KEY) + "\n"))
    assert main(["seal", "set-key", "--db", str(commune_db), "-"]) == 0
    assert key_id(KEY) in capsys.readouterr().out
    with open_database(commune_db) as database, database.session() as session:
        assert commune_seal_key(session) == KEY
