"""The GUI's user actions, each one `Operation` (`operations.changes`): the action's one
transaction and the record of what it changed. The window calls them through its runner
(`ui.runner.Runner`) and never builds a transaction itself; the CLI and the tests call the
operations these are made of directly."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ranoat.domain.category import Category
from ranoat.domain.household import HouseholdData
from ranoat.domain.round import RoundInfo, RoundKind
from ranoat.domain.survey import SurveyData
from ranoat.operations.changes import Action, Changes, Operation, operation
from ranoat.operations.commune import CommuneData, load_commune, save_commune, villages
from ranoat.operations.households import (
    SavedHousehold,
    delete_household,
    load_household,
    save_household,
    set_household_groups,
)
from ranoat.operations.rounds import create_round, override_result
from ranoat.operations.seal import set_seal_key
from ranoat.operations.standard_change import change_standard, delete_round
from ranoat.operations.surveys import SavedSurvey, load_survey, save_survey
from ranoat.rules.rulebook import Rulebook

COMMUNE_CHANGED = Changes(commune=True)
# a step of a round (meeting, posting, complaint, decision…) changes statuses and results of many households
ROUND_STEP = Changes(households=True, results=True)


def save_commune_settings(data: CommuneData, seal_key: str | None = None, *, replace: bool = False) -> Operation[None]:
    """The commune's details and, when typed, its seal key: one transaction."""

    def run(session: Session) -> None:
        save_commune(session, data)
        if seal_key is not None:
            set_seal_key(session, seal_key, replace=replace)

    return operation(run, COMMUNE_CHANGED)


def open_round(
    *, year: int, kind: RoundKind, standard_id: str, rulebooks: dict[str, Rulebook], month: int | None
) -> Operation[RoundInfo]:
    return operation(
        lambda s: create_round(s, year=year, kind=kind, standard_id=standard_id, rulebooks=rulebooks, month=month),
        Changes(rounds=True),
    )


def save_household_data(
    data: HouseholdData, today: dt.date, rulebooks: dict[str, Rulebook]
) -> Operation[SavedHousehold]:
    """A household and its members (a new one is added to the register, an edited one changes its row)."""
    return Operation(
        lambda s: save_household(s, data, today, rulebooks=rulebooks),
        lambda saved: Changes(households=saved.created, household_id=saved.id),
    )


def remove_household(household_id: int) -> Operation[None]:
    """Delete a household, after a backup (the caller has asked the officer first)."""
    return operation(
        lambda s: delete_household(s, household_id), Changes(households=True), backup_first="before-delete"
    )


def save_phieu_b(
    round_id: int,
    household: HouseholdData,
    survey: SurveyData,
    rulebooks: dict[str, Rulebook],
    *,
    status_confirmed: bool = False,
) -> Operation[SavedSurvey]:
    """The household's groups and causes as Phiếu B records them, and the survey: one transaction."""
    household_id = household.id
    assert household_id is not None

    def run(session: Session) -> SavedSurvey:
        set_household_groups(
            session,
            household_id,
            person_of_merit=household.person_of_merit,
            social_protection=household.social_protection,
            no_working_capacity=household.no_working_capacity,
            causes=household.causes,
        )
        return save_survey(
            session,
            round_id=round_id,
            household_id=household_id,
            data=survey,
            rulebooks=rulebooks,
            status_confirmed=status_confirmed,
        )

    return operation(run, Changes(household_id=household_id))


def override(round_id: int, household_id: int, category: Category | None, reason: str, by: str) -> Operation[None]:
    """The village meeting's decision on one household's result."""
    return operation(
        lambda s: override_result(s, round_id, household_id, category, reason, by),
        Changes(household_id=household_id),
    )


def change_round_standard(
    round_id: int, standard_id: str, rulebooks: dict[str, Rulebook], reason: str
) -> Operation[int]:
    """A round's standard changed while none of its Phiếu B is checked: every result again."""
    return operation(
        lambda s: change_standard(s, round_id, standard_id, rulebooks, reason),
        Changes(rounds=True, households=True, results=True),
    )


def remove_round(round_id: int) -> Operation[None]:
    """Delete an empty round, after a backup (the caller has asked the officer first)."""
    return operation(
        lambda s: delete_round(s, round_id), Changes(rounds=True, households=True), backup_first="before-delete"
    )


def round_step(action: Action[object]) -> Operation[object]:
    """A step of the round's process, recorded by ``action`` (an operation of `operations.rounds`)."""
    return operation(action, ROUND_STEP)


@dataclass(frozen=True)
class SurveyForm:
    """What Phiếu B shows for one household in one round."""

    household: HouseholdData
    survey: SurveyData | None
    village: str
    commune: CommuneData | None


def survey_form(session: Session, round_id: int, household_id: int) -> SurveyForm:
    household = load_household(session, household_id)
    village = next((v.name for v in villages(session) if v.id == household.village_id), "")
    return SurveyForm(household, load_survey(session, round_id, household_id), village, load_commune(session))
