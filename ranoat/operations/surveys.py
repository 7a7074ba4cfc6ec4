"""Phiếu B of a household in a round: load, save (classified and audited) and the stored result."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from ranoat.domain.errors import OperationError, refuse_long_texts
from ranoat.domain.round import ReviewSource, RoundStatus, average_living_applies
from ranoat.domain.survey import SurveyData, SurveyStatus
from ranoat.domain.vietnamese import nfc
from ranoat.operations.rounds import add_to_review, round_household
from ranoat.rules.classify import Classification, ClassificationError, classify_survey
from ranoat.rules.rulebook import Rulebook
from ranoat.storage.models import (
    Household,
    ReviewRound,
    RoundHousehold,
    Survey,
)


def average_living_in_round(session: Session, round_id: int, household: Household) -> bool:
    """`domain.round.average_living_applies` for the household's row in the round (read only for a
    farming household)."""
    if not household.farming:
        return False
    row = session.get(RoundHousehold, (round_id, household.id))
    return row is not None and average_living_applies(household.farming, row.source)


def store_result(
    survey: Survey, household: Household, rulebook: Rulebook
) -> Classification | ClassificationError | None:
    session = object_session(survey)
    applies = session is not None and average_living_in_round(session, survey.round_id, household)
    outcome = classify_survey(
        rulebook,
        area=household.area,
        lacking=survey.lacking,
        b1=survey.b1,
        income=survey.income,
        average_living=applies,
    )
    if isinstance(outcome, Classification):
        survey.category, survey.b2 = outcome.category.value, outcome.b2
        survey.rulebook_id, survey.rulebook_sha256 = outcome.standard, outcome.rulebook_sha256
    else:
        survey.category, survey.b2, survey.rulebook_id, survey.rulebook_sha256 = None, None, None, None
    return outcome


def set_review_source(
    session: Session,
    round_id: int,
    household_id: int,
    source: ReviewSource,
    rulebooks: dict[str, Rulebook],
    *,
    applied_on: dt.date | None = None,
    reason: str = "",
) -> None:
    """`add_to_review`, and the household's Phiếu B of the round classified again: an application
    (Mẫu 01) or its withdrawal decides whether a farming household in the income band has an average
    living standard."""
    add_to_review(session, round_id, household_id, source, applied_on=applied_on, reason=reason)
    survey = session.scalar(select(Survey).where(Survey.round_id == round_id, Survey.household_id == household_id))
    household = session.get(Household, household_id)
    if survey is not None and household is not None:
        store_result(survey, household, rulebooks[survey.round.standard_id])
        session.flush()


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
    outcome = store_result(survey, household, rulebooks[round_.standard_id])
    session.flush()
    return SavedSurvey(survey.id, outcome, SurveyStatus(survey.status), reset_from)
