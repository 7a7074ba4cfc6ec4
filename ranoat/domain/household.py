"""Codes of the household register: commune types, sex, relation to the head, causes of poverty,
review rounds and survey states. Stored as these string values; the UI words them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from ranoat.domain.area import Area


class CommuneType(StrEnum):
    """xã → rural, phường → urban; đặc khu: the officer chooses (rules.md §2.6, [secondary])."""

    XA = "xa"
    PHUONG = "phuong"
    DAC_KHU = "dac_khu"

    def default_area(self) -> Area | None:
        return {CommuneType.XA: Area.RURAL, CommuneType.PHUONG: Area.URBAN}.get(self)


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"


class Relation(StrEnum):
    """Quan hệ với chủ hộ (Mẫu 01 of Decision 24/2021 records it for every member)."""

    HEAD = "head"  # chủ hộ
    SPOUSE = "spouse"  # vợ/chồng
    CHILD = "child"  # con
    PARENT = "parent"  # bố/mẹ
    GRANDCHILD = "grandchild"  # cháu
    GRANDPARENT = "grandparent"  # ông/bà
    SIBLING = "sibling"  # anh/chị/em
    CHILD_IN_LAW = "child_in_law"  # con dâu/con rể
    OTHER = "other"  # khác


class PovertyCause(StrEnum):
    """Nguyên nhân nghèo, the columns of report form 7.10 (rules.md §4, [secondary])."""

    NO_LAND = "no_land"  # 1 không có đất sản xuất
    NO_CAPITAL = "no_capital"  # 2 không có vốn sản xuất, kinh doanh
    NO_LABOUR = "no_labour"  # 3 không có lao động
    NO_TOOLS = "no_tools"  # 4 không có công cụ, phương tiện sản xuất
    NO_KNOWLEDGE = "no_knowledge"  # 5 không có kiến thức về sản xuất
    NO_SKILLS = "no_skills"  # 6 không có kỹ năng lao động, sản xuất
    ILLNESS = "illness"  # 7 có người ốm đau, bệnh nặng, tai nạn
    OTHER = "other"  # 8 nguyên nhân khác (ghi rõ)


class Schooling(StrEnum):
    NONE = "none"  # chưa đi học / không đi học
    STUDYING = "studying"  # đang đi học
    PRIMARY = "primary"  # tốt nghiệp tiểu học
    LOWER_SECONDARY = "lower_secondary"  # tốt nghiệp THCS
    UPPER_SECONDARY = "upper_secondary"  # tốt nghiệp THPT
    VOCATIONAL = "vocational"  # sơ cấp, trung cấp, cao đẳng nghề
    HIGHER = "higher"  # cao đẳng, đại học trở lên


class Employment(StrEnum):
    """Tình trạng việc làm, as Mẫu 01 records it: employed / not employed / studying, and more."""

    EMPLOYED = "employed"  # có việc làm
    WAGE_NO_CONTRACT = "wage_no_contract"  # làm công hưởng lương không có hợp đồng
    UNEMPLOYED = "unemployed"  # không có việc làm
    STUDYING = "studying"  # đang đi học
    UNABLE = "unable"  # không có khả năng lao động
    RETIRED = "retired"  # nghỉ hưu, già yếu
    CHILD = "child"  # trẻ em, chưa đến tuổi lao động


@dataclass
class MemberData:
    """A member as the editor holds it; ``id`` is None until saved."""

    full_name: str
    sex: Sex | None = None
    relation: Relation | None = None
    birth_year: int | None = None
    birth_date: dt.date | None = None
    ethnicity_code: str = "01"
    cccd: str = ""  # 12 digits (CCCD) or 9 digits (old CMND); empty when none
    schooling: Schooling | None = None
    health_insurance: bool | None = None
    employment: Employment | None = None
    disability: bool = False
    id: int | None = None

    def age_on(self, day: dt.date) -> int | None:
        """Age in whole years on a day; from the birth year alone when the date is unknown."""
        if self.birth_date is not None:
            before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
            return day.year - self.birth_date.year - int(before_birthday)
        if self.birth_year is not None:
            return day.year - self.birth_year
        return None


@dataclass
class HouseholdData:
    """A household with its members, as the editor and the operations exchange it."""

    code: str
    village_id: int | None
    area: Area
    address: str = ""
    phone: str = ""
    person_of_merit: bool = False
    social_protection: bool = False
    no_working_capacity: bool = False
    # lives from farming, forestry, fishery or salt making (nông, lâm, ngư, diêm nghiệp): only such a
    # household that applies (Mẫu 01) can be recognised as having an average living standard
    farming: bool = False
    ethnic_minority_override: bool | None = None
    causes: dict[PovertyCause, str] = field(default_factory=dict)  # cause → note (for OTHER)
    members: list[MemberData] = field(default_factory=list)
    id: int | None = None

    def head(self) -> MemberData | None:
        heads = [m for m in self.members if m.relation is Relation.HEAD]
        return heads[0] if len(heads) == 1 else None
