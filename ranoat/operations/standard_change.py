"""At a change of standard (the end of 2026): a round's standard changed while none of its Phiếu B
is checked, and an empty round deleted (issue #13). Both are the officer's corrections of a round
opened under the wrong standard; both are written to the audit log."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ranoat.domain.errors import OperationError
from ranoat.domain.round import RoundStatus
from ranoat.domain.survey import SurveyStatus
from ranoat.operations.rounds import note_round, refuse_other_province, writable_round
from ranoat.operations.surveys import store_result
from ranoat.rules.rulebook import Rulebook
from ranoat.storage.models import Complaint, Household, ReviewRound, RoundHousehold, Survey, VillageMeeting


def change_standard(
    session: Session, round_id: int, standard_id: str, rulebooks: Mapping[str, Rulebook], reason: str
) -> int:
    """The round's standard changes while none of its Phiếu B is checked or approved: every Phiếu B
    of the round is classified again under the new standard in this transaction, and the audit log
    has the old and the new standard with the reason. How many Phiếu B were classified again."""
    round_ = writable_round(session, round_id)
    book = rulebooks.get(standard_id)
    if book is None:
        raise OperationError(f"Không có chuẩn nghèo '{standard_id}'.")
    if standard_id == round_.standard_id:
        raise OperationError(f"Kỳ rà soát đã dùng chuẩn {standard_id}.")
    refuse_other_province(session, book)
    reviewed = int(
        session.scalar(
            select(func.count()).where(
                Survey.round_id == round_id,
                Survey.status.in_([SurveyStatus.CHECKED.value, SurveyStatus.APPROVED.value]),
            )
        )
        or 0
    )
    if reviewed:
        raise OperationError(
            f"Kỳ rà soát đã có {reviewed} Phiếu B đã kiểm tra hoặc đã duyệt: chỉ đổi được chuẩn nghèo khi chưa có "
            "phiếu nào được kiểm tra. Hãy mở một kỳ mới theo chuẩn cần dùng."
        )
    if not reason.strip():
        raise OperationError("Cần ghi lý do đổi chuẩn nghèo (ví dụ: theo văn bản hướng dẫn của cấp trên).")
    old = round_.standard_id
    round_.standard_id = standard_id
    surveys = session.execute(
        select(Survey, Household)
        .join(Household, Household.id == Survey.household_id)
        .where(Survey.round_id == round_id)
    ).all()
    for survey, household in surveys:  # through the ORM: each result's change is in the audit log too
        store_result(survey, household, book)
    note_round(
        session,
        round_,
        "change_standard",
        {"standard_id": old},
        {"standard_id": standard_id, "reason": reason.strip(), "surveys": len(surveys)},
    )
    return len(surveys)


def why_not_delete_round(session: Session, round_id: int) -> str | None:
    """Why a round cannot be deleted, or None when it is empty: no Phiếu B, village meeting,
    complaint or decision, and no later round continues from it."""
    round_ = session.get(ReviewRound, round_id)
    if round_ is None:
        return f"Không tìm thấy kỳ rà soát số {round_id}."
    if round_.status == RoundStatus.CLOSED.value:
        return "Kỳ rà soát đã có quyết định: không xoá được."
    for count, what in (
        (session.scalar(select(func.count()).where(Survey.round_id == round_id)), "Phiếu B"),
        (session.scalar(select(func.count()).where(VillageMeeting.round_id == round_id)), "cuộc họp dân"),
        (session.scalar(select(func.count()).where(Complaint.round_id == round_id)), "khiếu nại"),
    ):
        if count:
            return f"Kỳ rà soát đã có {count} {what}: chỉ xoá được kỳ chưa nhập gì."
    if session.scalar(select(func.count()).where(ReviewRound.previous_round_id == round_id)):
        return "Đã có kỳ rà soát sau tiếp nối kỳ này: không xoá được."
    return None


def delete_round(session: Session, round_id: int) -> None:
    """Delete an empty round (`why_not_delete_round`) with its start-of-period list, audited (the
    ORM's audit of the deleted row). The
    GUI backs the database up first (`operations.actions.remove_round`)."""
    reason = why_not_delete_round(session, round_id)
    if reason is not None:
        raise OperationError(reason)
    round_ = session.get(ReviewRound, round_id)
    assert round_ is not None
    session.execute(delete(RoundHousehold).where(RoundHousehold.round_id == round_id))
    session.delete(round_)  # through the ORM: the audit log keeps the round as it was
    session.flush()
