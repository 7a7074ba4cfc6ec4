"""The households of the commune: load, save (with their members and groups), delete, the next code,
the same person in two households."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from ranoat.domain.area import Area
from ranoat.domain.category import Category
from ranoat.domain.errors import OperationError, refuse_long_texts
from ranoat.domain.household import Employment, HouseholdData, MemberData, PovertyCause, Relation, Schooling, Sex
from ranoat.domain.round import RoundStatus
from ranoat.domain.search import fold, name_sort_text, search_document
from ranoat.domain.validation import validate_household
from ranoat.domain.vietnamese import nfc
from ranoat.operations.surveys import store_result
from ranoat.rules.rulebook import Rulebook
from ranoat.storage.models import (
    Household,
    HouseholdCause,
    Member,
    ReviewRound,
    RoundHousehold,
    Survey,
    Village,
)


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
        farming=household.farming,
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
    problems.extend(_cccd_of_someone_else(session, data))
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
    area_changed = not created and (household.area != data.area.value or household.farming != data.farming)
    household.code = data.code.strip()
    assert data.village_id is not None
    household.village_id = data.village_id
    household.area = data.area.value
    household.address = nfc(data.address.strip())
    household.phone = data.phone.strip()
    household.person_of_merit = data.person_of_merit
    household.social_protection = data.social_protection
    household.no_working_capacity = data.no_working_capacity
    household.farming = data.farming
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
        store_result(survey, household, rulebooks[survey.round.standard_id])
    session.flush()
    return len(surveys)


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


def _cccd_of_someone_else(session: Session, data: HouseholdData) -> list[str]:
    """A CCCD entered (new, or changed) that a member of another household already has: refused
    naming that person (issue #16; docs/huong-dan-su-dung.md). A number a member already had is not
    checked again, so a register that holds a duplicate from before still saves its other edits
    (and its export carries the duplicate: the import takes it with a warning)."""
    stored: dict[int, str | None] = {}
    if data.id is not None:
        stored = {
            member_id: cccd
            for member_id, cccd in session.execute(select(Member.id, Member.cccd).where(Member.household_id == data.id))
        }
    problems = []
    for member in data.members:
        number = member.cccd.strip()
        if not number or (member.id is not None and stored.get(member.id) == number):
            continue
        other = session.execute(
            select(Member.full_name, Member.birth_year, Household.code)
            .join(Household, Household.id == Member.household_id)
            .where(Member.cccd == number, Member.household_id != (data.id or -1))
            .limit(1)
        ).first()
        if other is not None:
            name = " ".join(member.full_name.split())
            problems.append(
                f"Số CCCD {number} của {name} đã là số của {other.full_name} (sinh năm {other.birth_year}, hộ "
                f"{other.code}). Mỗi người chỉ có một số CCCD: hãy kiểm tra lại số; nếu đúng là người đó đã chuyển "
                f"sang hộ này, hãy xoá họ khỏi hộ {other.code} trước."
            )
    return problems


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


def next_household_code(session: Session, village_id: int) -> str:
    village = session.get(Village, village_id)
    prefix = village.code if village is not None else "H"
    count = session.scalar(select(func.count()).select_from(Household)) or 0
    number = count + 1
    while session.scalar(select(Household.id).where(Household.code == f"{prefix}-{number:05d}")) is not None:
        number += 1
    return f"{prefix}-{number:05d}"
