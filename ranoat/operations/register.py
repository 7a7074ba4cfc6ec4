"""The household register: one function per user intent, each taking the action's Session.

The GUI calls these (house style: no SQL in widgets); each returns plain data. A Session is one
transaction (`Database.session()`), so an action either happens whole or not at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from ranoat.domain.area import Area
from ranoat.domain.category import Category, round_result
from ranoat.domain.household import (
    CommuneType,
    Employment,
    HouseholdData,
    MemberData,
    OtherMove,
    PovertyCause,
    Relation,
    ReviewSource,
    RoundKind,
    RoundStatus,
    Schooling,
    Sex,
    SurveyData,
    SurveyStatus,
)
from ranoat.domain.search import fold, name_sort_text, search_document
from ranoat.domain.validation import validate_household
from ranoat.domain.vietnamese import nfc
from ranoat.operations.errors import OperationError, refuse_long_texts
from ranoat.operations.rounds import carry_forward, round_household
from ranoat.rules.classify import Classification, ClassificationError, classify_survey
from ranoat.rules.rulebook import Rulebook
from ranoat.storage.models import (
    Commune,
    Household,
    HouseholdCause,
    Member,
    Officer,
    ReviewRound,
    RoundHousehold,
    Survey,
    Village,
)


# ----------------------------------------------------------------------------- commune settings
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


# ----------------------------------------------------------------------------- review rounds
@dataclass(frozen=True)
class RoundInfo:
    id: int
    year: int
    kind: RoundKind
    standard_id: str
    status: RoundStatus
    month: int | None

    @property
    def label(self) -> str:
        kind = "định kỳ" if self.kind is RoundKind.PERIODIC else f"thường xuyên tháng {self.month}"
        return f"Rà soát {kind} năm {self.year} — chuẩn {self.standard_id}"


def list_rounds(session: Session) -> list[RoundInfo]:
    rounds = session.scalars(select(ReviewRound).order_by(ReviewRound.year.desc(), ReviewRound.id.desc()))
    return [RoundInfo(r.id, r.year, RoundKind(r.kind), r.standard_id, RoundStatus(r.status), r.month) for r in rounds]


def create_round(
    session: Session,
    *,
    year: int,
    kind: RoundKind,
    standard_id: str,
    rulebooks: dict[str, Rulebook],
    month: int | None = None,
) -> RoundInfo:
    """Open a review round with an explicitly chosen standard (rules.md §1: never silently)."""
    if standard_id not in rulebooks:
        raise OperationError(f"Không có chuẩn nghèo '{standard_id}'.")
    if kind is RoundKind.REGULAR and (month is None or not 1 <= month <= 12):
        raise OperationError("Kỳ rà soát thường xuyên cần tháng từ 1 đến 12.")
    round_ = ReviewRound(
        year=year,
        kind=kind.value,
        month=month if kind is RoundKind.REGULAR else None,
        standard_id=standard_id,
        starts_on=dt.date(year, 9, 1) if kind is RoundKind.PERIODIC else None,
        ends_on=dt.date(year, 12, 14) if kind is RoundKind.PERIODIC else None,
        status=RoundStatus.OPEN.value,
    )
    session.add(round_)
    session.flush()
    carry_forward(session, round_)
    return RoundInfo(round_.id, year, kind, standard_id, RoundStatus.OPEN, round_.month)


# ----------------------------------------------------------------------------- households
def load_household(session: Session, household_id: int) -> HouseholdData:
    household = session.get(Household, household_id)
    if household is None:
        raise OperationError(f"Không tìm thấy hộ số {household_id}.")
    return HouseholdData(
        id=household.id,
        code=household.code,
        village_id=household.village_id,
        area=Area(household.area),
        address=household.address,
        phone=household.phone,
        person_of_merit=household.person_of_merit,
        social_protection=household.social_protection,
        no_working_capacity=household.no_working_capacity,
        ethnic_minority_override=household.ethnic_minority_override,
        causes={PovertyCause(c.cause): c.note for c in household.causes},
        members=[
            MemberData(
                id=m.id,
                full_name=m.full_name,
                sex=Sex(m.sex),
                relation=Relation(m.relation),
                birth_year=m.birth_year,
                birth_date=m.birth_date,
                ethnicity_code=m.ethnicity_code,
                cccd=m.cccd or "",
                schooling=Schooling(m.schooling) if m.schooling else None,
                health_insurance=m.health_insurance,
                employment=Employment(m.employment) if m.employment else None,
                disability=m.disability,
            )
            for m in household.members
        ],
    )


@dataclass(frozen=True)
class SavedHousehold:
    id: int
    created: bool


def save_household(
    session: Session,
    data: HouseholdData,
    today: dt.date | None = None,
    rulebooks: dict[str, Rulebook] | None = None,
) -> SavedHousehold:
    """Insert or update a household and its roster (members added, changed, removed, reordered).

    Refused, with every error at once, when `validate_household` finds an error; warnings (a CCCD
    that disagrees with sex or birth year, say) do not block. When the area changes, the results
    stored for the household's surveys in open rounds are computed again (with ``rulebooks``).
    """
    problems = [i.message for i in validate_household(data, today or dt.date.today()) if i.severity == "error"]
    duplicate = session.scalar(
        select(Household.id).where(Household.code == data.code.strip(), Household.id != (data.id or -1))
    )
    if duplicate is not None:
        problems.append(f"Mã hộ {data.code.strip()} đã có trong cơ sở dữ liệu.")
    if problems:
        raise OperationError(" ".join(problems))
    refuse_long_texts(
        [
            ("Địa chỉ", data.address),
            *((f"Ghi chú nguyên nhân nghèo “{cause.value}”", note) for cause, note in data.causes.items()),
            *((f"Họ tên thành viên thứ {i}", m.full_name) for i, m in enumerate(data.members, start=1)),
        ]
    )
    created = data.id is None
    if created:
        household = Household()
        session.add(household)
    else:
        found = session.get(Household, data.id)
        if found is None:
            raise OperationError(f"Không tìm thấy hộ số {data.id}.")
        household = found
    area_changed = not created and household.area != data.area.value
    household.code = data.code.strip()
    assert data.village_id is not None
    household.village_id = data.village_id
    household.area = data.area.value
    household.address = nfc(data.address.strip())
    household.phone = data.phone.strip()
    household.person_of_merit = data.person_of_merit
    household.social_protection = data.social_protection
    household.no_working_capacity = data.no_working_capacity
    household.ethnic_minority_override = data.ethnic_minority_override

    current = {m.id: m for m in household.members}
    roster: list[Member] = []
    for position, member_data in enumerate(data.members):
        member = current.pop(member_data.id, None) if member_data.id is not None else None
        if member is None:
            member = Member()
        name = nfc(" ".join(member_data.full_name.split()))
        assert member_data.sex is not None
        assert member_data.relation is not None
        assert member_data.birth_year is not None
        member.position = position
        member.full_name = name
        member.name_folded = fold(name)
        member.sex = member_data.sex.value
        member.relation = member_data.relation.value
        member.birth_year = member_data.birth_year
        member.birth_date = member_data.birth_date
        member.ethnicity_code = member_data.ethnicity_code
        member.cccd = member_data.cccd.strip() or None
        member.schooling = member_data.schooling.value if member_data.schooling else None
        member.health_insurance = member_data.health_insurance
        member.employment = member_data.employment.value if member_data.employment else None
        member.disability = member_data.disability
        roster.append(member)
    household.members = roster  # members no longer listed are deleted (delete-orphan)

    household.causes = [
        HouseholdCause(cause=cause.value, note=nfc(note.strip())) for cause, note in data.causes.items()
    ]
    head = next(m for m in roster if m.relation == Relation.HEAD.value)
    household.head_name = head.full_name
    household.head_sort = name_sort_text(head.full_name)
    household.member_count = len(roster)
    household.search_text = search_document(
        household.code, [m.full_name for m in roster], [m.cccd for m in roster if m.cccd]
    )
    session.flush()
    if area_changed and rulebooks is not None:
        reclassify_open_surveys(session, household.id, rulebooks)
    return SavedHousehold(household.id, created)


def set_household_groups(
    session: Session,
    household_id: int,
    *,
    person_of_merit: bool,
    social_protection: bool,
    no_working_capacity: bool,
    causes: dict[PovertyCause, str],
) -> None:
    """Only the groups and causes of poverty, as Phiếu B records them; the roster is untouched."""
    household = session.get(Household, household_id)
    if household is None:
        raise OperationError(f"Không tìm thấy hộ số {household_id}.")
    household.person_of_merit = person_of_merit
    household.social_protection = social_protection
    household.no_working_capacity = no_working_capacity
    current = {c.cause: c for c in household.causes}
    wanted = {cause.value: nfc(note.strip()) for cause, note in causes.items()}
    for code, cause in current.items():
        if code not in wanted:
            household.causes.remove(cause)
        elif cause.note != wanted[code]:
            cause.note = wanted[code]
    for code, note in wanted.items():
        if code not in current:
            household.causes.append(HouseholdCause(cause=code, note=note))
    session.flush()


def reclassify_open_surveys(session: Session, household_id: int, rulebooks: dict[str, Rulebook]) -> int:
    """Compute again the stored result of a household's surveys in open rounds; return how many."""
    household = session.get(Household, household_id)
    if household is None:
        return 0
    surveys = session.scalars(
        select(Survey)
        .join(ReviewRound, ReviewRound.id == Survey.round_id)
        .where(Survey.household_id == household_id, ReviewRound.status == RoundStatus.OPEN.value)
    ).all()
    for survey in surveys:
        _store_result(survey, household, rulebooks[survey.round.standard_id])
    session.flush()
    return len(surveys)


def _store_result(
    survey: Survey, household: Household, rulebook: Rulebook
) -> Classification | ClassificationError | None:
    outcome = classify_survey(rulebook, area=household.area, lacking=survey.lacking, b1=survey.b1, income=survey.income)
    if isinstance(outcome, Classification):
        survey.category, survey.b2 = outcome.category.value, outcome.b2
        survey.rulebook_id, survey.rulebook_sha256 = outcome.standard, outcome.rulebook_sha256
    else:
        survey.category, survey.b2, survey.rulebook_id, survey.rulebook_sha256 = None, None, None, None
    return outcome


def why_not_delete(session: Session, household_id: int) -> str | None:
    """Why a household cannot be deleted, or None when it can (ask before backing up for it)."""
    surveys = session.scalar(select(func.count()).where(Survey.household_id == household_id))
    if surveys:
        return "Không xoá được hộ đã có phiếu rà soát; lịch sử phải được giữ lại."
    listed = session.scalar(
        select(func.count()).where(
            RoundHousehold.household_id == household_id,
            RoundHousehold.start_category.in_([Category.POOR.value, Category.NEAR_POOR.value]),
        )
    )
    if listed:
        return "Không xoá được hộ đã có trong danh sách hộ nghèo, cận nghèo của một kỳ rà soát."
    return None


def delete_household(session: Session, household_id: int) -> None:
    """Delete a household with no survey (the GUI asks first; surveys keep history)."""
    reason = why_not_delete(session, household_id)
    if reason is not None:
        raise OperationError(reason)
    household = session.get(Household, household_id)
    if household is not None:
        for row in session.scalars(select(RoundHousehold).where(RoundHousehold.household_id == household_id)):
            session.delete(row)  # only "not listed" rows can be here (why_not_delete)
        session.flush()
        session.delete(household)
        session.flush()


@dataclass(frozen=True)
class PersonMatch:
    household_id: int
    household_code: str
    member_id: int
    full_name: str
    birth_year: int
    reason: str  # Vietnamese: why it looks like the same person


def find_same_person(
    session: Session, *, full_name: str, birth_year: int | None, cccd: str, exclude_member_id: int | None = None
) -> list[PersonMatch]:
    """People already in the database who may be this one: same CCCD, or same folded name and year."""
    conditions = []
    if cccd.strip():
        conditions.append(Member.cccd == cccd.strip())
    if full_name.strip() and birth_year is not None:
        conditions.append(and_(Member.name_folded == fold(full_name), Member.birth_year == birth_year))
    if not conditions:
        return []
    query = (
        select(Member, Household.code)
        .join(Household, Household.id == Member.household_id)
        .where(or_(*conditions), Member.id != (exclude_member_id or -1))
        .limit(20)
    )
    matches = []
    for member, code in session.execute(query).all():
        reason = (
            f"cùng số CCCD {member.cccd}"
            if cccd.strip() and member.cccd == cccd.strip()
            else f"cùng họ tên và năm sinh {member.birth_year}"
        )
        matches.append(PersonMatch(member.household_id, code, member.id, member.full_name, member.birth_year, reason))
    return matches


# ----------------------------------------------------------------------------- the register list
@dataclass(frozen=True)
class RegisterFilter:
    round_id: int | None = None
    village_id: int | None = None
    category: str | None = None  # a Category value, or "none" for not yet classified
    status: str | None = None  # a SurveyStatus value, or "none" for no survey in the round
    search: str = ""


@dataclass(frozen=True)
class RegisterRow:
    id: int
    code: str
    head_name: str
    village: str
    members: int
    category: str | None
    b1: float | None
    b2: int | None
    status: str | None
    start: str | None = None  # the start-of-period category in the round
    override: str | None = None  # the village meeting's decision, when it differs
    left: bool = False  # left the lists in the round (died, moved away, merged)

    @property
    def result(self) -> str | None:
        """The round's result for the household, as forms 7.1–7.3 count it (`round_result`)."""
        return round_result(start=self.start, computed=self.category, override=self.override, left=self.left)


def register_ids(session: Session, flt: RegisterFilter) -> list[int]:
    """Household ids matching the filter, in Vietnamese order of the head's name, then code."""
    query = select(Household.id)
    survey_join = and_(Survey.household_id == Household.id, Survey.round_id == (flt.round_id or -1))
    if flt.category is not None or flt.status is not None:
        query = query.outerjoin(Survey, survey_join)
    if flt.village_id is not None:
        query = query.where(Household.village_id == flt.village_id)
    result = func.coalesce(Survey.override_category, Survey.category)
    if flt.category == "none":
        query = query.where(result.is_(None))
    elif flt.category is not None:
        query = query.where(result == flt.category)
    if flt.status == "none":
        query = query.where(Survey.id.is_(None))
    elif flt.status is not None:
        query = query.where(Survey.status == flt.status)
    phrase = search_phrase(flt.search)
    if phrase:
        query = query.where(_contains(phrase))
    query = query.order_by(Household.head_sort, Household.code)
    return list(session.scalars(query))


def _contains(phrase: str) -> ColumnElement[bool]:
    """The household's folded search document contains ``phrase`` (LIKE with its wildcards escaped)."""
    escaped = phrase.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return Household.search_text.like(f"%{escaped}%", escape="\\")


def search_matches(session: Session, phrase: str) -> set[int]:
    """The ids of the households whose search document contains ``phrase`` (a `search_phrase`), as
    `register_ids` matches them, in no order: one scan of the table (15–30 ms for 50,000 households,
    against 60–80 ms for the same search ordered through the register's index). For the keys typed
    before `search_texts` has been read. Core rows on the session's connection: no ORM row handling."""
    return set(session.connection().execute(select(Household.id).where(_contains(phrase))).scalars())


def search_phrase(text: str) -> str:
    """What a typed search looks for in the folded search documents (see `search_document`)."""
    return fold(text).replace("|", " ")


def search_texts(session: Session, ids: Sequence[int] | None = None) -> dict[int, str]:
    """The folded search document of every household (or of some): for searching in memory as the
    officer types, which is what `register_ids` does with SQL, without a table scan per key."""
    query = select(Household.id, Household.search_text)
    if ids is not None:
        query = query.where(Household.id.in_(ids))
    return {household_id: text for household_id, text in session.execute(query)}


def register_rows(session: Session, ids: Sequence[int], round_id: int | None) -> list[RegisterRow]:
    """The rows of some households, in the order of ``ids`` (one query for a page of the table)."""
    if not ids:
        return []
    query = (
        select(
            Household,
            Village.name,
            Survey.category,
            Survey.b1,
            Survey.b2,
            Survey.status,
            RoundHousehold.start_category,
            Survey.override_category,
            RoundHousehold.other_move,
        )
        .join(Village, Village.id == Household.village_id)
        .outerjoin(Survey, and_(Survey.household_id == Household.id, Survey.round_id == (round_id or -1)))
        .outerjoin(
            RoundHousehold,
            and_(RoundHousehold.household_id == Household.id, RoundHousehold.round_id == (round_id or -1)),
        )
        .where(Household.id.in_(ids))
    )
    by_id = {
        h.id: RegisterRow(
            h.id,
            h.code,
            h.head_name,
            village,
            h.member_count,
            category,
            b1,
            b2,
            status,
            start,
            override,
            left=move is not None and OtherMove(move).leaves,
        )
        for h, village, category, b1, b2, status, start, override, move in session.execute(query).all()
    }
    return [by_id[i] for i in ids if i in by_id]


def villages(session: Session) -> list[VillageData]:
    return [VillageData(v.code, v.name, v.id) for v in session.scalars(select(Village).order_by(Village.position))]


def next_household_code(session: Session, village_id: int) -> str:
    village = session.get(Village, village_id)
    prefix = village.code if village is not None else "H"
    count = session.scalar(select(func.count()).select_from(Household)) or 0
    number = count + 1
    while session.scalar(select(Household.id).where(Household.code == f"{prefix}-{number:05d}")) is not None:
        number += 1
    return f"{prefix}-{number:05d}"


# ----------------------------------------------------------------------------- surveys
@dataclass(frozen=True)
class SavedSurvey:
    id: int
    outcome: Classification | ClassificationError | None
    status: SurveyStatus = SurveyStatus.DRAFT  # the status stored
    reset_from: SurveyStatus | None = None  # a checked/approved form whose content changed: back to draft


REVIEWED = (SurveyStatus.CHECKED.value, SurveyStatus.APPROVED.value)


def _content(survey: Survey) -> tuple[object, ...]:
    """What the officer fills in on Phiếu B (everything but its status and the meeting's override)."""
    return (
        survey.b1,
        survey.income,
        survey.item_answers,
        survey.point_table_id,
        survey.point_table_sha256,
        list(survey.lacking or []),
        survey.housing_area_m2,
        survey.officer,
    )


def load_survey(session: Session, round_id: int, household_id: int) -> SurveyData | None:
    survey = session.scalar(select(Survey).where(Survey.round_id == round_id, Survey.household_id == household_id))
    if survey is None:
        return None
    return SurveyData(
        id=survey.id,
        b1=survey.b1,
        income=survey.income,
        item_answers=survey.item_answers,
        point_table_id=survey.point_table_id,
        point_table_sha256=survey.point_table_sha256,
        lacking=list(survey.lacking),
        housing_area_m2=survey.housing_area_m2,
        officer=survey.officer,
        status=SurveyStatus(survey.status),
        override_category=survey.override_category,
        override_reason=survey.override_reason,
    )


def save_survey(
    session: Session,
    *,
    round_id: int,
    household_id: int,
    data: SurveyData,
    rulebooks: dict[str, Rulebook],
    status_confirmed: bool = False,
) -> SavedSurvey:
    """Store Phiếu B and the result computed now, with the rulebook id and hash that decided it.

    A form that is "Đã kiểm tra" or "Đã duyệt" and whose content changes goes back to "Nháp"
    (``reset_from`` says so; the audit log has old → new): a check or an approval covers what was
    checked, not what was typed afterwards. The status given is kept only when the caller sets
    another status than the stored one, or says the officer set it for this content
    (``status_confirmed``: re-checked after the change).
    """
    round_ = session.get(ReviewRound, round_id)
    household = session.get(Household, household_id)
    if round_ is None or household is None:
        raise OperationError("Không tìm thấy kỳ rà soát hoặc hộ.")
    if round_.status == RoundStatus.CLOSED.value:
        raise OperationError("Kỳ rà soát đã có quyết định và đã khoá; mọi thay đổi phải làm trong một kỳ mới.")
    refuse_long_texts([("Tên cán bộ điều tra", data.officer)])
    listed = round_household(session, round_id, household_id)
    if listed.source == ReviewSource.NOT_LISTED.value:
        listed.source = ReviewSource.ADDED.value  # surveyed: the officer put it on the list
    survey = session.scalar(select(Survey).where(Survey.round_id == round_id, Survey.household_id == household_id))
    before: tuple[object, ...] | None = None
    if survey is None:
        survey = Survey(round_id=round_id, household_id=household_id)
        session.add(survey)
    else:
        before = _content(survey)
    stored_status = survey.status
    survey.b1 = data.b1
    survey.income = data.income
    survey.item_answers = data.item_answers
    survey.point_table_id, survey.point_table_sha256 = data.point_table_id, data.point_table_sha256
    survey.lacking = list(data.lacking)
    survey.housing_area_m2 = data.housing_area_m2
    survey.officer = nfc(data.officer)
    reset_from: SurveyStatus | None = None
    if (
        before is not None
        and stored_status in REVIEWED
        and data.status.value == stored_status
        and not status_confirmed
        and _content(survey) != before
    ):
        reset_from = SurveyStatus(stored_status)
        survey.status = SurveyStatus.DRAFT.value
    else:
        survey.status = data.status.value
    outcome = _store_result(survey, household, rulebooks[round_.standard_id])
    session.flush()
    return SavedSurvey(survey.id, outcome, SurveyStatus(survey.status), reset_from)
