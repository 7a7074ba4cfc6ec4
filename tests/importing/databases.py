"""The database the import tests write into: a new one with the commune "Xã Bản Mẫu" of Lạng Sơn
declared, and its villages (the villages the workbooks of `workbooks` name)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ranoat.domain.area import Area
from ranoat.domain.household import CommuneType
from ranoat.operations.commune import CommuneData, VillageData, save_commune
from ranoat.storage.database import Database, open_database

VILLAGES = (VillageData("NP", "Thôn Nà Pàn"), VillageData("KK", "Thôn Khòn Khẻ"))


def commune_database(path: Path, villages: Sequence[VillageData] = VILLAGES) -> Database:
    """A new database at ``path`` with the commune and ``villages`` saved; the caller closes it."""
    database = open_database(path, create=True)
    with database.session() as session:
        save_commune(
            session,
            CommuneData("20", "Lạng Sơn", "99901", "Xã Bản Mẫu", CommuneType.XA, Area.RURAL, villages=list(villages)),
        )
    return database
