"""The commune's settings: its name and codes, villages and officers."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ranoat.domain.area import Area
from ranoat.domain.errors import OperationError
from ranoat.domain.household import CommuneType
from ranoat.domain.vietnamese import nfc
from ranoat.storage.models import (
    Commune,
    Household,
    Officer,
    Village,
)


@dataclass
class VillageData:
    code: str
    name: str
    id: int | None = None


@dataclass
class OfficerData:
    name: str
    title: str
    role: str = "other"  # preparer | chair | other
    id: int | None = None


@dataclass
class CommuneData:
    province_code: str
    province_name: str
    code: str
    name: str
    type: CommuneType
    default_area: Area
    villages: list[VillageData] = field(default_factory=list)
    officers: list[OfficerData] = field(default_factory=list)
    region: str | None = None  # point-table region code (tdmnpb, dbsh, …)


def load_commune(session: Session) -> CommuneData | None:
    commune = session.scalar(select(Commune))
    if commune is None:
        return None
    villages = session.scalars(select(Village).order_by(Village.position, Village.id)).all()
    officers = session.scalars(select(Officer).order_by(Officer.id)).all()
    return CommuneData(
        province_code=commune.province_code,
        province_name=commune.province_name,
        code=commune.code,
        name=commune.name,
        type=CommuneType(commune.type),
        default_area=Area(commune.default_area),
        region=commune.region,
        villages=[VillageData(v.code, v.name, v.id) for v in villages],
        officers=[OfficerData(o.name, o.title, o.role, o.id) for o in officers],
    )


def save_commune(session: Session, data: CommuneData) -> None:
    """Create or update the commune, its villages and officers. A village with households stays."""
    problems = []
    if not data.code.strip() or not data.name.strip():
        problems.append("Cần nhập mã và tên xã.")
    if not data.province_name.strip():
        problems.append("Cần nhập tên tỉnh.")
    codes = [v.code.strip() for v in data.villages]
    if any(not c for c in codes) or any(not v.name.strip() for v in data.villages):
        problems.append("Mỗi thôn cần có mã và tên.")
    if len(set(codes)) != len(codes):
        problems.append("Mã thôn bị trùng.")
    if problems:
        raise OperationError(" ".join(problems))
    commune = session.scalar(select(Commune)) or Commune()
    commune.province_code = data.province_code.strip()
    commune.province_name = nfc(data.province_name.strip())
    commune.code = data.code.strip()
    commune.name = nfc(data.name.strip())
    commune.type = data.type.value
    commune.default_area = data.default_area.value
    commune.region = data.region
    session.add(commune)

    existing = {v.id: v for v in session.scalars(select(Village))}
    listed = {v.id for v in data.villages if v.id is not None}
    # 1. villages no longer listed go first (refused while they have households) …
    for village_id, village in existing.items():
        if village_id not in listed:
            used = session.scalar(select(func.count()).where(Household.village_id == village_id))
            if used:
                raise OperationError(f"Không xoá được {village.name}: thôn còn {used} hộ.")
            session.delete(village)
    session.flush()
    # 2. … kept villages step aside from their codes, so codes can be swapped or reused …
    for village_id in listed & existing.keys():
        existing[village_id].code = f"\x00{village_id}"
    session.flush()
    # 3. … then every village takes its code, name and position.
    for position, village_data in enumerate(data.villages):
        target = existing.get(village_data.id) if village_data.id is not None else None
        if target is None:
            target = Village()
            session.add(target)
        target.code = village_data.code.strip()
        target.name = nfc(village_data.name.strip())
        target.position = position

    for officer in session.scalars(select(Officer)):  # through the ORM, so the audit log sees it
        session.delete(officer)
    for officer_data in data.officers:
        if officer_data.name.strip():
            session.add(
                Officer(
                    name=nfc(officer_data.name.strip()), title=nfc(officer_data.title.strip()), role=officer_data.role
                )
            )
    session.flush()


def villages(session: Session) -> list[VillageData]:
    return [VillageData(v.code, v.name, v.id) for v in session.scalars(select(Village).order_by(Village.position))]
