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


class RoundKind(StrEnum):
    PERIODIC = "periodic"  # rà soát định kỳ (1/9 – 14/12)
    REGULAR = "regular"  # rà soát thường xuyên (hằng tháng)


class RoundStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class SurveyStatus(StrEnum):
    DRAFT = "draft"  # nháp
    CHECKED = "checked"  # đã kiểm tra
    APPROVED = "approved"  # đã duyệt


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
    ethnic_minority_override: bool | None = None
    causes: dict[PovertyCause, str] = field(default_factory=dict)  # cause → note (for OTHER)
    members: list[MemberData] = field(default_factory=list)
    id: int | None = None

    def head(self) -> MemberData | None:
        heads = [m for m in self.members if m.relation is Relation.HEAD]
        return heads[0] if len(heads) == 1 else None


@dataclass
class SurveyData:
    """Phiếu B of one household in one round, as the survey form holds it."""

    b1: float | None = None
    income: int | None = None
    item_answers: dict[str, object] | None = None  # point-table item code → option(s) or count
    point_table_id: str | None = None  # the table that scored item_answers, and its content hash
    point_table_sha256: str | None = None
    lacking: list[str] = field(default_factory=list)
    housing_area_m2: float | None = None  # total floor area, for the housing-area suggestion
    officer: str = ""
    status: SurveyStatus = SurveyStatus.DRAFT
    id: int | None = None
    # read-only here: the village meeting's decision, recorded by rounds.override_result
    override_category: str | None = None
    override_reason: str | None = None


class ReviewSource(StrEnum):
    """Why a household is on a round's list to review (Phụ lục I, Circular 07/2021)."""

    CARRIED = "carried"  # on the poor or near-poor list at the start of the period
    APPLIED_01 = "applied_01"  # applied to be reviewed (Mẫu 01, Decision 24/2021)
    APPLIED_04 = "applied_04"  # applied to be recognised as escaped (Mẫu 04)
    ADDED = "added"  # added by the officer
    NOT_LISTED = "not_listed"  # in the commune, not to be reviewed this round


class OtherMove(StrEnum):
    """The "other" movements of forms 7.2/7.3, each needing a recorded reason."""

    DIED = "died"  # single-person household, the person died — leaves the list
    MOVED_AWAY = "moved_away"  # moved out of the commune — leaves the list
    MERGED = "merged"  # merged into another household — leaves the list
    MOVED_IN = "moved_in"  # moved into the commune — joins the list
    SPLIT = "split"  # a new household split from another — joins the list

    @property
    def leaves(self) -> bool:
        return self in (OtherMove.DIED, OtherMove.MOVED_AWAY, OtherMove.MERGED)
