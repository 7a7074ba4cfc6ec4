"""The review round as a process (Decision 24/2021/QĐ-TTg; rules.md §3): the list to review with
its start-of-period statuses, village meetings, overrides, posting and complaints, the decision
that closes the round (and its correction, which opens it again), the movements of forms 7.2/7.3,
and what-if under another standard.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Row, Select, func, or_, select
from sqlalchemy.orm import Session

from ranoat.domain.category import Category, round_result
from ranoat.domain.errors import OperationError, refuse_long_texts
from ranoat.domain.round import OtherMove, ReviewSource, RoundInfo, RoundKind, RoundStatus, average_living_applies
from ranoat.domain.survey import SurveyStatus
from ranoat.domain.transition import Movement, Status, Transition, status_of, transition
from ranoat.domain.vietnamese import format_date, nfc
from ranoat.rules.classify import ClassificationError, classify
from ranoat.rules.rulebook import DEFAULT_RELAPSE, Rulebook
from ranoat.storage.database import Database
from ranoat.storage.models import (
    AuditEntry,
    Commune,
    Complaint,
    Household,
    ReviewRound,
    RoundHousehold,
    Survey,
    Village,
    VillageMeeting,
)

MEETING_MAJORITY = 0.5  # Decision 24/2021: at least 50% of attendees agree (rules.md §3 step 3)
LISTED = (Category.POOR.value, Category.NEAR_POOR.value)


def writable_round(session: Session, round_id: int) -> ReviewRound:
    round_ = session.get(ReviewRound, round_id)
    if round_ is None:
        raise OperationError(f"Không tìm thấy kỳ rà soát số {round_id}.")
    if round_.status == RoundStatus.CLOSED.value:
        raise OperationError("Kỳ rà soát đã có quyết định và đã khoá; mọi thay đổi phải làm trong một kỳ mới.")
    return round_


def _rows(session: Session, statement: Select[*tuple[Any, ...]]) -> Sequence[Row[*tuple[Any, ...]]]:
    """The rows of a column query read on the session's connection: a third of the ORM's cost per
    row (thousands per round, bench/bench_export.py). Flushed first where the session autoflushes,
    so pending changes are read as `Session.execute` would read them."""
    if session.autoflush:
        session.flush()
    return session.connection().execute(statement).all()


# ----------------------------------------------------------------------------- the list to review
def final_categories(session: Session, round_id: int) -> dict[int, str | None]:
    """Every household's result in a round (households not in the round are absent). A household
    that left the lists (died, moved away, merged) has no result: it is not carried further."""
    starts: dict[int, str | None] = {}
    left: set[int] = set()
    for household_id, start, move in _rows(
        session,
        select(RoundHousehold.household_id, RoundHousehold.start_category, RoundHousehold.other_move).where(
            RoundHousehold.round_id == round_id
        ),
    ):
        starts[household_id] = start
        if move is not None and OtherMove(move).leaves:
            left.add(household_id)
    decided = {
        household_id: (override, category)
        for household_id, override, category in _rows(
            session,
            select(Survey.household_id, Survey.override_category, Survey.category).where(Survey.round_id == round_id),
        )
    }
    finals: dict[int, str | None] = {}
    for household_id in set(starts) | set(decided):
        override, computed = decided.get(household_id, (None, None))
        finals[household_id] = round_result(
            start=starts.get(household_id), computed=computed, override=override, left=household_id in left
        )
    return finals


def previous_round(round_: ReviewRound) -> Select[ReviewRound]:
    """The round a new one starts from: the latest one opened before it, except the other round of a
    change of standard. The year's review (periodic, regular) and the general review (tổng rà soát,
    the lists of the next period) of one year both start from the lists in force during that year:
    neither starts from the other. The next year's rounds start from the general review."""
    other = RoundKind.PERIODIC if round_.kind == RoundKind.GENERAL.value else RoundKind.GENERAL
    return (
        select(ReviewRound)
        .where(ReviewRound.id != round_.id)
        .where(or_(ReviewRound.year != round_.year, ReviewRound.kind != other.value))
        .order_by(ReviewRound.id.desc())
        .limit(1)
    )


def carry_forward(session: Session, round_: ReviewRound) -> int:
    """Start a new round from the previous one: every household of the commune gets the previous
    round's result as its start status; the poor and near-poor are on the list to review."""
    previous = session.scalar(previous_round(round_))
    finals = final_categories(session, previous.id) if previous is not None else {}
    round_.previous_round_id = previous.id if previous is not None else None
    rows = []
    for (household_id,) in session.execute(select(Household.id)):
        start = finals.get(household_id)
        rows.append(
            RoundHousehold(
                round_id=round_.id,
                household_id=household_id,
                start_category=start,
                source=(ReviewSource.CARRIED if start in LISTED else ReviewSource.NOT_LISTED).value,
            )
        )
    session.add_all(rows)
    session.flush()
    return len(rows)


def round_household(session: Session, round_id: int, household_id: int) -> RoundHousehold:
    """The household's row in the round, created (not listed, start from the previous round) if new."""
    row = session.get(RoundHousehold, (round_id, household_id))
    if row is None:
        if session.get(Household, household_id) is None:
            raise OperationError(f"Không tìm thấy hộ số {household_id}.")
        round_ = session.get(ReviewRound, round_id)
        start = None
        if round_ is not None and round_.previous_round_id is not None:
            start = final_categories(session, round_.previous_round_id).get(household_id)
        row = RoundHousehold(round_id=round_id, household_id=household_id, start_category=start)
        session.add(row)
        session.flush()
    return row


def add_to_review(
    session: Session,
    round_id: int,
    household_id: int,
    source: ReviewSource,
    *,
    applied_on: dt.date | None = None,
    reason: str = "",
) -> None:
    """Put a household on the list: an application (Mẫu 01 / Mẫu 04, with date and reason) or the
    officer's own addition."""
    writable_round(session, round_id)
    refuse_long_texts([("Lý do đề nghị", reason)])
    if source in (ReviewSource.APPLIED_01, ReviewSource.APPLIED_04) and (applied_on is None or not reason.strip()):
        raise OperationError("Đơn đề nghị (Mẫu 01/Mẫu 04) cần ngày nộp và lý do.")
    row = round_household(session, round_id, household_id)
    row.source = source.value
    row.applied_on = applied_on
    row.application_reason = nfc(reason.strip())
    session.flush()


def set_other_move(session: Session, round_id: int, household_id: int, move: OtherMove | None, reason: str) -> None:
    """Record (or clear) an "other" movement; it needs a reason (forms 7.2/7.3 col 4 and 8)."""
    writable_round(session, round_id)
    refuse_long_texts([("Lý do biến động", reason)])
    if move is not None and not reason.strip():
        raise OperationError("Biến động khác (chết, chuyển đi, chuyển đến, tách, nhập hộ) cần ghi lý do.")
    row = round_household(session, round_id, household_id)
    row.other_move = move.value if move is not None else None
    row.other_reason = nfc(reason.strip()) if move is not None else ""
    session.flush()


# ----------------------------------------------------------------------------- progress
@dataclass(frozen=True)
class VillageProgress:
    village_id: int
    village: str
    to_review: int
    surveyed: int
    checked: int  # checked or approved
    not_yet: int
    meeting_percent: float | None  # the latest meeting's agreement, if any


def progress(session: Session, round_id: int) -> list[VillageProgress]:
    """Surveyed / not yet / checked, per village, for the households on the list to review."""
    leaving = [move.value for move in OtherMove if move.leaves]
    listed = select(RoundHousehold.household_id).where(
        RoundHousehold.round_id == round_id,
        RoundHousehold.source != ReviewSource.NOT_LISTED.value,
        RoundHousehold.other_move.is_(None) | RoundHousehold.other_move.not_in(leaving),  # left: not reviewed
    )
    surveyed_ids = select(Survey.household_id).where(Survey.round_id == round_id)
    to_review_ids = listed.union(surveyed_ids).subquery()
    rows = session.execute(
        select(Village.id, Village.name, Household.id, Survey.status)
        .join(Household, Household.village_id == Village.id)
        .join(to_review_ids, to_review_ids.c.household_id == Household.id)
        .outerjoin(Survey, (Survey.household_id == Household.id) & (Survey.round_id == round_id))
        .order_by(Village.position, Village.id)
    ).all()
    meetings = latest_meetings(session, round_id)
    result: dict[int, list[int | str]] = {}
    names: dict[int, str] = {}
    for village_id, name, _household_id, status in rows:
        names[village_id] = name
        counts = result.setdefault(village_id, [0, 0, 0])
        counts[0] = int(counts[0]) + 1
        if status is not None:
            counts[1] = int(counts[1]) + 1
            if status in (SurveyStatus.CHECKED.value, SurveyStatus.APPROVED.value):
                counts[2] = int(counts[2]) + 1
    return [
        VillageProgress(
            village_id,
            names[village_id],
            int(c[0]),
            int(c[1]),
            int(c[2]),
            int(c[0]) - int(c[1]),
            meetings[village_id].percent if village_id in meetings else None,
        )
        for village_id, c in result.items()
    ]


# ----------------------------------------------------------------------------- village meetings
@dataclass(frozen=True)
class MeetingResult:
    id: int
    village_id: int
    held_on: dt.date
    attendees: int
    agreed: int

    @property
    def percent(self) -> float:
        return 100.0 * self.agreed / self.attendees

    @property
    def passed(self) -> bool:
        return self.agreed / self.attendees >= MEETING_MAJORITY


def record_meeting(
    session: Session, round_id: int, village_id: int, *, held_on: dt.date, attendees: int, agreed: int, note: str = ""
) -> tuple[MeetingResult, int]:
    """Record a village meeting. Below 50% agreement the village's surveys are re-opened (set back
    to draft) to be surveyed again and met on again; returns the result and how many re-opened."""
    writable_round(session, round_id)
    if session.get(Village, village_id) is None:
        raise OperationError(f"Không tìm thấy thôn số {village_id}.")
    refuse_long_texts([("Ghi chú cuộc họp", note)])
    if attendees <= 0 or not 0 <= agreed <= attendees:
        raise OperationError("Số người dự họp phải lớn hơn 0 và số người đồng ý không vượt quá số người dự.")
    meeting = VillageMeeting(
        round_id=round_id, village_id=village_id, held_on=held_on, attendees=attendees, agreed=agreed, note=nfc(note)
    )
    session.add(meeting)
    session.flush()
    result = MeetingResult(meeting.id, village_id, held_on, attendees, agreed)
    reopened = 0
    if not result.passed:
        surveys = session.scalars(_to_reopen(round_id, village_id)).all()
        for survey in surveys:  # through the ORM, so each change is in the audit log
            survey.status = SurveyStatus.DRAFT.value
        reopened = len(surveys)
        session.flush()
    return result, reopened


def _to_reopen(round_id: int, village_id: int) -> Select[Survey]:
    """The village's checked or approved surveys of the round: what a meeting below 50% sends back."""
    in_village = select(Household.id).where(Household.village_id == village_id)
    return select(Survey).where(
        Survey.round_id == round_id,
        Survey.household_id.in_(in_village),
        Survey.status != SurveyStatus.DRAFT.value,
    )


def surveys_to_reopen(session: Session, round_id: int, village_id: int) -> int:
    """How many of the village's forms a meeting below 50% would send back to draft (ask first)."""
    return len(session.scalars(_to_reopen(round_id, village_id)).all())


def latest_meetings(session: Session, round_id: int) -> dict[int, MeetingResult]:
    meetings = session.scalars(
        select(VillageMeeting).where(VillageMeeting.round_id == round_id).order_by(VillageMeeting.id)
    )
    return {m.village_id: MeetingResult(m.id, m.village_id, m.held_on, m.attendees, m.agreed) for m in meetings}


# ----------------------------------------------------------------------------- overrides
def override_result(
    session: Session, round_id: int, household_id: int, category: Category | None, reason: str, by: str
) -> None:
    """The meeting decides otherwise than the computed result: keep both, with the reason.
    ``category=None`` removes an override."""
    writable_round(session, round_id)
    survey = session.scalar(select(Survey).where(Survey.round_id == round_id, Survey.household_id == household_id))
    if survey is None:
        raise OperationError("Hộ chưa có Phiếu B trong kỳ này: chưa thể điều chỉnh kết quả.")
    if category is not None and not reason.strip():
        raise OperationError("Điều chỉnh kết quả cần ghi rõ lý do (theo biên bản họp dân).")
    refuse_long_texts([("Lý do điều chỉnh kết quả", reason), ("Người điều chỉnh", by)])
    survey.override_category = category.value if category is not None else None
    survey.override_reason = nfc(reason.strip()) if category is not None else None
    survey.override_by = nfc(by.strip()) if category is not None else None
    session.flush()


# ----------------------------------------------------------------------------- posting, complaints
def set_posting(session: Session, round_id: int, posted_from: dt.date, posted_to: dt.date) -> None:
    round_ = writable_round(session, round_id)
    if posted_to < posted_from:
        raise OperationError("Ngày kết thúc niêm yết phải sau ngày bắt đầu.")
    round_.posting_from, round_.posting_to = posted_from, posted_to
    session.flush()


def add_complaint(session: Session, round_id: int, household_id: int, received_on: dt.date, content: str) -> int:
    writable_round(session, round_id)
    if session.get(Household, household_id) is None:
        raise OperationError(f"Không tìm thấy hộ số {household_id}.")
    if not content.strip():
        raise OperationError("Cần ghi nội dung khiếu nại.")
    refuse_long_texts([("Nội dung khiếu nại", content)])
    complaint = Complaint(round_id=round_id, household_id=household_id, received_on=received_on, content=nfc(content))
    session.add(complaint)
    session.flush()
    return complaint.id


@dataclass(frozen=True)
class ComplaintInfo:
    id: int
    received_on: dt.date
    content: str
    rechecked_on: dt.date | None
    outcome: str


def complaints_of(session: Session, round_id: int, household_id: int) -> list[ComplaintInfo]:
    return [
        ComplaintInfo(c.id, c.received_on, c.content, c.rechecked_on, c.outcome)
        for c in session.scalars(
            select(Complaint)
            .where(Complaint.round_id == round_id, Complaint.household_id == household_id)
            .order_by(Complaint.received_on, Complaint.id)
        )
    ]


def record_recheck(session: Session, complaint_id: int, rechecked_on: dt.date, outcome: str) -> None:
    complaint = session.get(Complaint, complaint_id)
    if complaint is None:
        raise OperationError(f"Không tìm thấy khiếu nại số {complaint_id}.")
    writable_round(session, complaint.round_id)
    refuse_long_texts([("Kết quả phúc tra", outcome)])
    if rechecked_on < complaint.received_on:
        raise OperationError("Ngày phúc tra không thể trước ngày nhận khiếu nại.")
    complaint.rechecked_on, complaint.outcome = rechecked_on, nfc(outcome.strip())
    session.flush()


# ----------------------------------------------------------------------------- the decision
WAIVE_HINT = "Nếu vẫn phải ghi quyết định trước, cần ghi rõ lý do (được lưu vào nhật ký thay đổi)."


class DecisionError(OperationError):
    """The decision cannot be recorded now. ``problems`` block it whatever is said; ``waivable`` —
    the posting period still running, a complaint without its outcome — block it unless a reason
    is recorded (Decision 24/2021: posting and complaints come before recognition)."""

    def __init__(self, problems: list[str], waivable: list[str]) -> None:
        self.problems = problems
        self.waivable = waivable
        hint = [WAIVE_HINT] if waivable and not problems else []
        super().__init__(" ".join([*problems, *waivable, *hint]))


@dataclass(frozen=True)
class DecisionCheck:
    problems: list[str]  # block the decision
    waivable: list[str]  # block it unless a reason is recorded

    @property
    def ready(self) -> bool:
        return not self.problems and not self.waivable


def check_decision(
    session: Session, round_id: int, *, number: str, decided_on: dt.date, today: dt.date | None = None
) -> DecisionCheck:
    """What stands in the way of the chair's decision now (nothing is changed)."""
    round_ = writable_round(session, round_id)
    today = today or dt.date.today()
    problems = []
    if not number.strip():
        problems.append("Cần số quyết định.")
    drafts = session.scalar(
        select(func.count()).where(Survey.round_id == round_id, Survey.status == SurveyStatus.DRAFT.value)
    )
    if drafts:
        problems.append(f"Còn {drafts} phiếu ở trạng thái nháp.")
    meetings = latest_meetings(session, round_id)
    surveyed_villages = session.execute(
        select(Village.id, Village.name)
        .join(Household, Household.village_id == Village.id)
        .join(Survey, Survey.household_id == Household.id)
        .where(Survey.round_id == round_id)
        .distinct()
    ).all()
    for village_id, name in surveyed_villages:
        meeting = meetings.get(village_id)
        if meeting is None or not meeting.passed:
            problems.append(f"{name}: chưa có cuộc họp dân đạt từ 50% đồng ý.")
    waivable = []
    if round_.posting_to is None:  # Decision 24/2021 step 4 comes before the decision (rules.md §3)
        waivable.append(
            "Chưa ghi thời gian niêm yết công khai danh sách: quyết định công nhận chỉ ghi sau khi đã niêm "
            "yết tại thôn và trụ sở UBND xã, hết thời gian niêm yết và đã giải quyết khiếu nại."
        )
    elif today <= round_.posting_to:
        waivable.append(
            f"Đang trong thời gian niêm yết công khai (đến hết ngày {format_date(round_.posting_to)}): "
            "quyết định công nhận chỉ ghi sau khi hết niêm yết và đã giải quyết khiếu nại."
        )
    elif decided_on <= round_.posting_to:
        waivable.append(
            f"Ngày quyết định {format_date(decided_on)} chưa sau ngày kết thúc niêm yết "
            f"{format_date(round_.posting_to)}."
        )
    open_complaints = session.execute(
        select(Household.code)
        .join(Complaint, Complaint.household_id == Household.id)
        .where(Complaint.round_id == round_id, func.trim(Complaint.outcome) == "")
        .order_by(Complaint.received_on, Complaint.id)
    ).all()
    if open_complaints:
        codes = ", ".join(dict.fromkeys(code for (code,) in open_complaints))
        waivable.append(f"Còn {len(open_complaints)} khiếu nại chưa có kết quả phúc tra (hộ {codes}).")
    return DecisionCheck(problems, waivable)


def close_round(
    session: Session,
    round_id: int,
    *,
    number: str,
    decided_on: dt.date,
    today: dt.date | None = None,
    reason: str = "",
) -> None:
    """The commune chair's decision (Mẫu 02) closes the round and freezes its results.

    Refused (`DecisionError`) while a survey is still a draft, or a village with surveys has no
    meeting that agreed; and, unless ``reason`` says why it cannot wait, while no posting period is
    recorded, while it runs (``today`` ≤ its last day, or a decision dated within it) or while a
    complaint has no outcome.
    A decision taken over those is written to the audit log with its reason.
    """
    round_ = writable_round(session, round_id)
    check = check_decision(session, round_id, number=number, decided_on=decided_on, today=today)
    reason = nfc(reason.strip())
    if check.problems or (check.waivable and not reason):
        raise DecisionError(check.problems, check.waivable)
    round_.decision_number = nfc(number.strip())
    round_.decision_date = decided_on
    round_.status = RoundStatus.CLOSED.value
    session.flush()
    if check.waivable:
        note_round(
            session,
            round_,
            "decide",
            None,
            {
                "decision_number": round_.decision_number,
                "decision_date": decided_on.isoformat(),
                "reason": reason,
                "waived": check.waivable,
            },
        )


def note_round(
    session: Session, round_: ReviewRound, action: str, old: dict[str, Any] | None, new: dict[str, Any]
) -> None:
    """An audit line for a step of the round that is more than its changed columns: its reason."""
    session.add(
        AuditEntry(
            user=str(session.info.get("user", "?")),
            table_name=ReviewRound.__tablename__,
            record_id=str(round_.id),
            action=action,
            old=old,
            new=new,
        )
    )
    session.flush()


def reopen_round(session: Session, round_id: int, reason: str, by: str) -> None:
    """The chairman's correction of the decision: the round is open again.

    The decision number and date are cleared (no decision is in force until the corrected one is
    recorded, and the lists must not print the old one); they stay in the audit log, in the
    "reopen" line with the reason and who ordered it, and in the update line (old → new).
    Call `reopen_with_backup` to take the backup first, as the GUI does.
    """
    round_ = _to_correct(session, round_id, reason, by)
    old = {
        "status": round_.status,
        "decision_number": round_.decision_number,
        "decision_date": round_.decision_date.isoformat() if round_.decision_date else None,
    }
    round_.status = RoundStatus.OPEN.value
    round_.decision_number = None
    round_.decision_date = None
    session.flush()
    note_round(
        session, round_, "reopen", old, {"status": round_.status, "reason": nfc(reason.strip()), "by": nfc(by.strip())}
    )


def reopen_with_backup(database: Database, round_id: int, reason: str, by: str) -> Path:
    """`reopen_round` after an automatic backup ("reopen"); the backup's path. A refused reopening
    (no reason, a round that is open) is refused before any backup is written."""
    with database.session() as session:
        _to_correct(session, round_id, reason, by)
    backup = database.backup("reopen")
    with database.session() as session:
        reopen_round(session, round_id, reason, by)
    return backup


def _to_correct(session: Session, round_id: int, reason: str, by: str) -> ReviewRound:
    """The closed round to open again; raises, changing nothing, when it cannot be."""
    round_ = session.get(ReviewRound, round_id)
    if round_ is None:
        raise OperationError(f"Không tìm thấy kỳ rà soát số {round_id}.")
    if round_.status != RoundStatus.CLOSED.value:
        raise OperationError("Kỳ rà soát chưa có quyết định: không có gì để mở lại.")
    problems = []
    if not reason.strip():
        problems.append("Mở lại kỳ rà soát cần ghi rõ lý do (theo văn bản đính chính của Chủ tịch UBND xã).")
    if not by.strip():
        problems.append("Cần ghi người quyết định mở lại.")
    if problems:
        raise OperationError(" ".join(problems))
    return round_


# ----------------------------------------------------------------------------- movements
def movements(session: Session, round_id: int, rulebooks: Mapping[str, Rulebook] | None = None) -> list[Movement]:
    """Every household's movement between the start of the round and its result, by village; what
    is a relapse ("tái nghèo") is the rule of the round's standard (`relapsed`), from ``rulebooks``."""
    round_ = session.get(ReviewRound, round_id)
    if round_ is None:
        raise OperationError(f"Không tìm thấy kỳ rà soát số {round_id}.")
    earlier = earlier_statuses(session, round_)
    book = rulebooks.get(round_.standard_id) if rulebooks is not None else None
    finals = final_categories(session, round_id)
    rows = session.execute(
        select(RoundHousehold, Household.member_count, Village.name)
        .join(Household, Household.id == RoundHousehold.household_id)
        .join(Village, Village.id == Household.village_id)
        .where(RoundHousehold.round_id == round_id)
    ).all()
    result = []
    for row, people, village in rows:
        start = status_of(row.start_category)
        end = status_of(finals.get(row.household_id))
        move = OtherMove(row.other_move) if row.other_move else None
        before = relapsed(earlier.get(row.household_id, frozenset()), end, book)
        kind = transition(start, end, was_listed_before=before, other_move=move)
        result.append(
            Movement(row.household_id, village, start, None if kind is Transition.LEFT else end, kind, people)
        )
    return result


def earlier_statuses(session: Session, round_: ReviewRound) -> dict[int, frozenset[str]]:
    """The list statuses ("poor", "near_poor") each household had at some time before this round:
    at the start or in the result of any earlier round (the oldest round's start is the list it
    began from). Households on neither list before are absent."""
    found: dict[int, set[str]] = defaultdict(set)
    for household_id, start in _rows(
        session,
        select(RoundHousehold.household_id, RoundHousehold.start_category).where(RoundHousehold.round_id < round_.id),
    ):
        if start in LISTED:
            found[household_id].add(start)
    for (older_id,) in session.execute(select(ReviewRound.id).where(ReviewRound.id < round_.id)):
        for household_id, category in final_categories(session, older_id).items():
            if category in LISTED:
                found[household_id].add(category)
    return {household_id: frozenset(statuses) for household_id, statuses in found.items()}


def relapsed(earlier: frozenset[str], end: Status, rulebook: Rulebook | None) -> bool:
    """Whether joining list ``end`` from outside both lists is a relapse ("tái nghèo", "tái cận
    nghèo") rather than new, given the statuses held before: the rule of the round's standard
    (`Rulebook.relapse_after`; `DEFAULT_RELAPSE` without one)."""
    if end not in (Status.POOR, Status.NEAR_POOR):
        return False
    code = "poor" if end is Status.POOR else "near_poor"
    after = rulebook.relapse_after(code) if rulebook is not None else DEFAULT_RELAPSE[code]
    return bool(earlier & after)


def counts_by_status(found: list[Movement]) -> Counter[Status]:
    return Counter(m.end for m in found if m.end is not None)


# ----------------------------------------------------------------------------- what-if
@dataclass(frozen=True)
class WhatIfRow:
    household_id: int
    stored: str | None
    other: str | None  # the category under the other standard, None when it cannot classify
    error: str | None  # the error code when it cannot
    dropped: tuple[str, ...] = ()  # lacking indicators the other standard does not have


def what_if_rows(session: Session, round_id: int) -> list[Row[Survey, Household, str | None]]:
    """Each Phiếu B of the round with its household and the household's source in the round, in the
    register's order (the head's name, then the code)."""
    return list(
        session.execute(
            select(Survey, Household, RoundHousehold.source)
            .join(Household, Household.id == Survey.household_id)
            .outerjoin(
                RoundHousehold,
                (RoundHousehold.round_id == Survey.round_id) & (RoundHousehold.household_id == Survey.household_id),
            )
            .where(Survey.round_id == round_id)
            .order_by(Household.head_sort, Household.code)
        )
    )


def reclassify(
    survey: Survey, household: Household, source: str | None, rulebook: Rulebook, *, by_income: bool
) -> WhatIfRow:
    """One Phiếu B under ``rulebook`` (`what_if`), nothing stored."""
    stored = survey.override_category or survey.category
    value = {"income": survey.income} if by_income else {"b1": survey.b1}
    known_codes = rulebook.indicators_by_code
    known = [code for code in survey.lacking if code in known_codes]
    dropped = tuple(code for code in survey.lacking if code not in known_codes)
    applies = average_living_applies(household.farming, source)
    try:
        outcome = classify(rulebook, area=household.area, lacking=known, average_living=applies, **value)
    except ClassificationError as exc:
        return WhatIfRow(survey.household_id, stored, None, exc.code.value, dropped)
    return WhatIfRow(survey.household_id, stored, outcome.category.value, None, dropped)


def what_if(session: Session, round_id: int, rulebook: Rulebook, *, by_income: bool = False) -> list[WhatIfRow]:
    """Re-classify a round's surveys under another standard without touching what is stored.

    ``by_income`` uses the recorded per-capita incomes (the 2027–2030 standard has no published
    score thresholds); otherwise the B1 scores. Lacking indicators the other standard does not
    have (info_access_means under 2027–2030, say) cannot count there: they are left out and
    reported in ``dropped``, never silently."""
    return [
        reclassify(survey, household, source, rulebook, by_income=by_income)
        for survey, household, source in what_if_rows(session, round_id)
    ]


def refuse_twin(session: Session, year: int, kind: RoundKind, month: int | None) -> None:
    """One round of a kind per year (and month): a second "periodic 2026" beside the first would split
    the year's surveys in two. Under another standard, change the round's standard or open the general
    review (tổng rà soát) for the next period."""
    same_month = ReviewRound.month.is_(None) if month is None else ReviewRound.month == month
    twin = session.scalar(
        select(ReviewRound).where(ReviewRound.year == year, ReviewRound.kind == kind.value, same_month).limit(1)
    )
    if twin is None:
        return
    label = RoundInfo(twin.id, twin.year, kind, twin.standard_id, RoundStatus(twin.status), twin.month).label
    hint = (
        " Muốn rà soát theo chuẩn khác: đổi chuẩn của kỳ đó khi chưa có phiếu nào được kiểm tra, hoặc mở "
        "«Tổng rà soát» để lập danh sách giai đoạn mới theo chuẩn mới."
        if kind is not RoundKind.GENERAL
        else ""
    )
    when = "tháng" if kind is RoundKind.REGULAR else "năm"
    raise OperationError(f"Đã có kỳ «{label}». Không mở được kỳ thứ hai cùng loại trong {when}.{hint}")


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
    refuse_other_province(session, rulebooks[standard_id])
    if kind is RoundKind.REGULAR and (month is None or not 1 <= month <= 12):
        raise OperationError("Kỳ rà soát thường xuyên cần tháng từ 1 đến 12.")
    refuse_twin(session, year, kind, month if kind is RoundKind.REGULAR else None)
    round_ = ReviewRound(
        year=year,
        kind=kind.value,
        month=month if kind is RoundKind.REGULAR else None,
        standard_id=standard_id,
        # 1/9 – 14/12: Decision 24/2021 for the periodic review; a general review's dates are the province's
        starts_on=dt.date(year, 9, 1) if kind is RoundKind.PERIODIC else None,
        ends_on=dt.date(year, 12, 14) if kind is RoundKind.PERIODIC else None,
        status=RoundStatus.OPEN.value,
    )
    session.add(round_)
    session.flush()
    carry_forward(session, round_)
    return RoundInfo(round_.id, year, kind, standard_id, RoundStatus.OPEN, round_.month)


@dataclass(frozen=True)
class RoundState:
    """Where a round stands: its status, its posting and the decision that closed it."""

    status: RoundStatus
    posting_from: dt.date | None
    posting_to: dt.date | None
    decision_number: str | None
    decision_date: dt.date | None


def round_state(session: Session, round_id: int) -> RoundState:
    record = session.get(ReviewRound, round_id)
    if record is None:
        raise OperationError(f"Không tìm thấy kỳ rà soát số {round_id}.")
    return RoundState(
        RoundStatus(record.status),
        record.posting_from,
        record.posting_to,
        record.decision_number,
        record.decision_date,
    )


def refuse_other_province(session: Session, book: Rulebook) -> None:
    """A province's own standard is for the communes of that province only: raise otherwise."""
    commune = session.scalar(select(Commune))
    province = book.province
    if province is not None and not book.applies_to(commune.province_code if commune is not None else None):
        where = (
            f"tỉnh {commune.province_name} (mã {commune.province_code})" if commune is not None else "chưa nhập tỉnh"
        )
        raise OperationError(
            f"Chuẩn nghèo {book.id} là chuẩn riêng của tỉnh {province.name} (mã {province.code}); "
            f"xã này thuộc {where}, nên không dùng được chuẩn đó. Hãy chọn chuẩn quốc gia hoặc chuẩn của tỉnh mình."
        )
