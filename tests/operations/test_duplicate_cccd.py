"""One CCCD, one person (issue #16). Entry refuses a number another household's member has,
naming that person; a register that holds a duplicate from before (entered before the check, or by
an older Ranoat) still saves its other edits, and its export carries the duplicate: the import takes
it with a warning, so the commune moves to a new PC by export → import. On the code before, entry
took the duplicate and the export was refused by its own import ("trùng với người ở dòng …")."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from importing.databases import VILLAGES, commune_database
from sqlalchemy import func, select

from ranoat.cli import main
from ranoat.domain.area import Area
from ranoat.domain.errors import OperationError
from ranoat.domain.household import HouseholdData, MemberData, Relation, Sex
from ranoat.operations.commune import villages
from ranoat.operations.households import load_household, save_household
from ranoat.storage.database import open_database
from ranoat.storage.models import Household, Member

DUC = "020080123456"  # Lạng Sơn (020), male born in the 1900s (0), 1980 (80)
LAN = "020185654321"


def household(code: str, village_id: int, *members: MemberData) -> HouseholdData:
    return HouseholdData(code, village_id, Area.RURAL, members=list(members))


def head(name: str, cccd: str, year: int = 1980, sex: Sex = Sex.MALE) -> MemberData:
    return MemberData(name, sex, Relation.HEAD, year, cccd=cccd)


def test_entry_refuses_a_cccd_another_household_has_naming_the_person(tmp_path: Path) -> None:
    with commune_database(tmp_path / "xa.sqlite3", VILLAGES[:1]) as db:
        with db.session() as session:
            village = villages(session)[0].id
            assert village is not None
            save_household(session, household("T01-00001", village, head("Hoàng Văn Đức", DUC)))
        with pytest.raises(OperationError) as caught, db.session() as session:
            save_household(session, household("T01-00002", village, head("Lộc Văn Đức", DUC)))
        message = str(caught.value)
        assert f"Số CCCD {DUC} của Lộc Văn Đức đã là số của Hoàng Văn Đức (sinh năm 1980, hộ T01-00001)" in message
        assert "hãy xoá họ khỏi hộ T01-00001 trước" in message
        with db.session() as session:
            assert session.scalar(select(func.count()).select_from(Household)) == 1
            # a number that is no one else's saves; and changing a member's number to a taken one is refused
            saved = save_household(session, household("T01-00002", village, head("Lộc Văn Đức", "")))
        with db.session() as session:
            data = load_household(session, saved.id)
            data.members[0].cccd = DUC
            with pytest.raises(OperationError, match="đã là số của Hoàng Văn Đức"):
                save_household(session, data)


def legacy_duplicate(path: Path) -> tuple[str, str]:
    """Give a member of another household the CCCD of the first member with one (as an older Ranoat
    let it be entered); the two names."""
    with sqlite3.connect(path) as connection:
        _first_id, first_household, first_name, number = connection.execute(
            "SELECT id, household_id, full_name, cccd FROM member WHERE cccd IS NOT NULL ORDER BY id LIMIT 1"
        ).fetchone()
        other_id, other_name = connection.execute(
            "SELECT id, full_name FROM member WHERE household_id != ? AND cccd IS NOT NULL ORDER BY id LIMIT 1",
            (first_household,),
        ).fetchone()
        connection.execute("UPDATE member SET cccd = ? WHERE id = ?", (number, other_id))
    connection.close()
    return first_name, other_name


def test_a_register_with_a_duplicate_from_before_still_saves_its_other_edits(tmp_path: Path) -> None:
    path = tmp_path / "xa.sqlite3"
    assert main(["demo", "--households", "20", "--seed", "4", "--out", str(path)]) == 0
    legacy_duplicate(path)
    with open_database(path, backup=False) as db, db.session() as session:
        number = session.scalar(select(Member.cccd).group_by(Member.cccd).having(func.count() > 1))
        holder = session.scalar(select(Member).where(Member.cccd == number).order_by(Member.id.desc()))
        assert holder is not None
        data = load_household(session, holder.household_id)
        data.phone = "0912345678"
        save_household(session, data)  # its own number, unchanged: not checked again


def test_a_commune_moves_to_a_new_pc_by_export_and_import_with_a_duplicate_cccd(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old_pc, new_pc = tmp_path / "may-cu", tmp_path / "may-moi"
    old_pc.mkdir()
    new_pc.mkdir()
    old = old_pc / "xa.sqlite3"
    assert main(["demo", "--households", "30", "--seed", "4", "--out", str(old)]) == 0
    first_name, other_name = legacy_duplicate(old)
    usb = tmp_path / "usb" / "xa.xlsx"
    assert main(["export", "--db", str(old), "--out", str(usb)]) == 0
    capsys.readouterr()
    new = new_pc / "xa.sqlite3"
    assert main(["import", "--db", str(new), str(usb)]) == 0
    out = capsys.readouterr().out
    assert "trùng với người ở dòng" in out
    assert "vẫn nhập như trong sổ đã xuất; hãy đối chiếu giấy tờ và sửa số sai sau khi nhập" in out

    def register(path: Path) -> list[tuple[str, str, str | None]]:
        with sqlite3.connect(path) as connection:
            rows = connection.execute(
                "SELECT h.code, m.full_name, m.cccd FROM member m JOIN household h ON h.id = m.household_id "
                "ORDER BY h.code, m.position"
            ).fetchall()
        connection.close()
        return [(str(code), str(name), cccd) for code, name, cccd in rows]

    assert register(new) == register(old)  # every person, with the duplicate, carried
    duplicated = {name for _code, name, cccd in register(new) if [c for _h, _n, c in register(new)].count(cccd) > 1}
    assert {first_name, other_name} <= duplicated
