"""The official outputs of one review round, as plain data: forms 7.1–7.10 and the lists.

`build_report()` makes a `RoundReport` from the round as read once (`RoundRead`, read from the
database by `ranoat.operations.round_read`, the layer above); a workbook writer lays it out.

Who counts. The households of the round — those with a start-of-period row (every household of
the commune when the round was opened, plus any added, surveyed or moved in since) — except the ones
that left through an "other" movement (died, moved away, merged). Those count only where forms
7.2/7.3 count them: at the start (column 1) and as "giảm khác" (column 4). A household's result is
`domain.category.round_result`: the village meeting's decision where it overrode the computed result, else
the computed result, else (not re-surveyed) its start status.

Units. A unit is a village in the commune's report; its area (section I urban, II rural) is the
area of its households (`Household.area`). A village with both urban and rural households is split
into two units with the same code, one in each section, each counting its own households. A village
with no household in the round is listed once, in the section of the commune's default area.

Data that the register holds once, not per round, is read as it is now: the village, area and
number of members (people) of a household, its members, its groups and its causes of poverty.

Indicators and scores. The lacking indicators (forms 7.4–7.7, lists), B1 and B2 come from the Phiếu
B that decided the household's result: its survey in this round or, for a household carried over
without a new survey, its latest survey in an earlier round under the same standard (`ListEntry.
surveyed_in_round` says which). A household with no such survey lacks nothing in forms 7.4–7.7.

Ethnic minority (form 7.8, lists): the head's ethnicity is not Kinh ("01"), unless the commune has
decided otherwise for the household (`Household.ethnic_minority_override`). Form 7.9 groups by the
head's ethnic group as recorded.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row

from ranoat.domain.area import Area
from ranoat.domain.errors import OperationError
from ranoat.domain.ethnicity import KINH, ethnicity_name
from ranoat.domain.household import PovertyCause, Relation, Sex
from ranoat.domain.round import RoundInfo, RoundKind, RoundStatus
from ranoat.domain.transition import Movement, Status, Transition, form_rows
from ranoat.reports.forms import (
    FORM_7_1_WIDTH,
    FORM_7_2_WIDTH,
    FORM_7_8_WIDTH,
    VILLAGE_UNIT_HEADER,
    EthnicColumn,
    Form,
    IndicatorColumn,
    Unit,
    UnitCounts,
    cause_number,
    form_7_1,
    form_7_2,
    form_7_3,
    form_7_4,
    form_7_5,
    form_7_6,
    form_7_7,
    form_7_8,
    form_7_9,
    form_7_10,
    target_group,
)
from ranoat.reports.lists import (
    ESCAPED_NOTES,
    LIST_TITLES,
    NOTES,
    POSTING_TITLE,
    SEX_NAMES,
    HouseholdList,
    ListEntry,
    ListKind,
    Person,
    relation_name,
)
from ranoat.rules.rulebook import Rulebook
from ranoat.storage.models import (
    Commune,
    Officer,
    ReviewRound,
    Village,
)

DbRow = Row[*tuple[Any, ...]]  # a row of a column query
# Stored codes to enums, looked up in a dict: calling an enum costs several times more (bench/)
AREAS = {area.value: area for area in Area}
CAUSES = {cause.value: cause for cause in PovertyCause}
CAUSE_NUMBERS = {cause: cause_number(cause) for cause in PovertyCause}
SEXES = {sex.value: sex for sex in Sex}
RELATIONS = {relation.value: relation for relation in Relation}
ESCAPED_POVERTY = (Transition.POOR_TO_NEAR_POOR, Transition.POOR_TO_OUT)
ESCAPED_NEAR_POVERTY = (Transition.NEAR_POOR_TO_OUT,)


@dataclass(frozen=True)
class ReportForms:
    """Forms 7.1–7.10 over some units: a commune's villages, or a merge's communes."""

    form_7_1: Form
    form_7_2: Form
    form_7_3: Form
    form_7_4: Form
    form_7_5: Form
    form_7_6: Form
    form_7_7: Form
    form_7_8: Form
    form_7_9: Form
    form_7_10: Form

    def __iter__(self) -> Iterator[Form]:
        return iter(
            (
                self.form_7_1,
                self.form_7_2,
                self.form_7_3,
                self.form_7_4,
                self.form_7_5,
                self.form_7_6,
                self.form_7_7,
                self.form_7_8,
                self.form_7_9,
                self.form_7_10,
            )
        )


@dataclass(frozen=True)
class Signatory:
    """A person named in a signature block (Officer roles "preparer" and "chair")."""

    name: str
    title: str


@dataclass(frozen=True)
class RoundReport:
    province_code: str
    province_name: str
    commune_code: str
    commune_name: str
    commune_type: str  # a CommuneType value ("xa"), "" when unknown: the header's kind
    round_id: int
    round_label: str  # "Rà soát định kỳ năm 2025 — chuẩn 2022-2025"
    year: int
    kind: RoundKind
    official: bool  # the round is closed by the chair's decision: results are "chính thức", else "sơ bộ"
    standard_id: str
    decision_number: str | None
    decision_date: dt.date | None
    village: str | None  # the village of the lists when they are of one village; forms are the commune's
    forms: ReportForms
    poor: HouseholdList
    near_poor: HouseholdList
    escaped_poverty: HouseholdList
    escaped_near_poverty: HouseholdList
    posting: HouseholdList  # niêm yết: the four lists, one after the other
    preparer: Signatory | None  # Người lập biểu
    chair: Signatory | None  # Chủ tịch UBND

    @property
    def lists(self) -> tuple[HouseholdList, ...]:
        return (self.poor, self.near_poor, self.escaped_poverty, self.escaped_near_poverty)


@dataclass(frozen=True)
class Scores:
    round_id: int
    b1: float | None
    b2: int | None
    lacking: tuple[str, ...]


@dataclass(frozen=True)
class ReportHousehold:
    """What the report needs of one household of the round."""

    id: int
    code: str
    village_id: int
    area: Area
    head_sort: str
    movement: Movement
    start: str | None  # the Category at the start of the round
    result: str | None  # `domain.category.round_result`
    ethnic_minority: bool
    head_ethnicity: str | None
    no_working_capacity: bool
    person_of_merit: bool
    social_protection: bool
    causes: tuple[PovertyCause, ...]
    other_cause: str
    scores: Scores | None

    @property
    def counted(self) -> bool:
        """Still in the commune at the end of the round (did not leave through an other movement)."""
        return self.movement.end is not None

    @property
    def end(self) -> Status | None:
        return self.movement.end


def build_report(read: RoundRead, village_id: int | None = None) -> RoundReport:
    """The forms and lists of a round as `operations.round_read.read_round` read it. ``village_id``:
    the lists of one village only (the forms are always the commune's). Raises `OperationError` for
    an unknown village."""
    round_, rulebook, village_rows = read.round, read.rulebook, read.villages
    villages = {v.id: v for v in village_rows}
    if village_id is not None and village_id not in villages:
        raise OperationError(f"Không tìm thấy thôn số {village_id}.")
    commune = read.commune
    default_area = Area(commune.default_area) if commune is not None else Area.RURAL

    households = _households(read)
    units = _units(village_rows, households, default_area)
    indicators = tuple(IndicatorColumn(i.report_column, i.code, i.vi) for i in rulebook.indicators_by_code.values())
    by_unit: dict[Unit, list[ReportHousehold]] = {unit: [] for unit in units}
    for household in households:
        by_unit[_unit_of(household, villages)].append(household)
    info = RoundInfo(
        round_.id, round_.year, RoundKind(round_.kind), round_.standard_id, RoundStatus(round_.status), round_.month
    )
    entries = _entries(read, households, villages, village_id)
    village_name = villages[village_id].name if village_id is not None else None
    lists = {
        kind: HouseholdList(kind, LIST_TITLES[kind], village_name, tuple(e for e in entries if e.list is kind))
        for kind in ListKind
    }

    def signatory(role: str) -> Signatory | None:
        found = next((o for o in read.officers if o.role == role), None)
        return Signatory(found.name, found.title) if found is not None else None

    return RoundReport(
        province_code=commune.province_code if commune is not None else "",
        province_name=commune.province_name if commune is not None else "",
        commune_code=commune.code if commune is not None else "",
        commune_name=commune.name if commune is not None else "",
        commune_type=commune.type if commune is not None else "",
        round_id=round_.id,
        round_label=info.label,
        year=round_.year,
        kind=info.kind,
        official=info.status is RoundStatus.CLOSED,
        standard_id=round_.standard_id,
        decision_number=round_.decision_number,
        decision_date=round_.decision_date,
        village=village_name,
        forms=compute_forms(by_unit, indicators, official=info.status is RoundStatus.CLOSED),
        poor=lists[ListKind.POOR],
        near_poor=lists[ListKind.NEAR_POOR],
        escaped_poverty=lists[ListKind.ESCAPED_POVERTY],
        escaped_near_poverty=lists[ListKind.ESCAPED_NEAR_POVERTY],
        posting=HouseholdList(None, POSTING_TITLE, village_name, entries),
        preparer=signatory("preparer"),
        chair=signatory("chair"),
    )


def compute_forms(
    by_unit: Mapping[Unit, Sequence[ReportHousehold]],
    indicators: tuple[IndicatorColumn, ...],
    *,
    official: bool,
    unit_header: str = VILLAGE_UNIT_HEADER,
) -> ReportForms:
    """The ten forms over these units (in this order), each unit counting its own households."""
    groups = tuple(
        EthnicColumn(code, ethnicity_name(code) or code)
        for code in sorted(
            {h.head_ethnicity for hs in by_unit.values() for h in hs if h.counted and h.head_ethnicity} - {KINH}
        )
    )
    poor_7_4 = [UnitCounts(u, (_deprivation(hs, Status.POOR, indicators),)) for u, hs in by_unit.items()]
    near_7_4 = [UnitCounts(u, (_deprivation(hs, Status.NEAR_POOR, indicators),)) for u, hs in by_unit.items()]
    return ReportForms(
        form_7_1=form_7_1(
            [UnitCounts(u, (summary_counts(hs),)) for u, hs in by_unit.items()],
            official=official,
            unit_header=unit_header,
        ),
        form_7_2=form_7_2(_movement_counts(by_unit, Status.POOR), unit_header=unit_header),
        form_7_3=form_7_3(_movement_counts(by_unit, Status.NEAR_POOR), unit_header=unit_header),
        form_7_4=form_7_4(poor_7_4, indicators, unit_header=unit_header),
        form_7_5=form_7_5(poor_7_4, indicators, unit_header=unit_header),
        form_7_6=form_7_6(near_7_4, indicators, unit_header=unit_header),
        form_7_7=form_7_7(near_7_4, indicators, unit_header=unit_header),
        form_7_8=form_7_8(
            [UnitCounts(u, _target_groups(hs, Status.POOR)) for u, hs in by_unit.items()],
            [UnitCounts(u, _target_groups(hs, Status.NEAR_POOR)) for u, hs in by_unit.items()],
            unit_header=unit_header,
        ),
        form_7_9=form_7_9(
            [UnitCounts(u, (_ethnic_groups(hs, Status.POOR, groups),)) for u, hs in by_unit.items()],
            [UnitCounts(u, (_ethnic_groups(hs, Status.NEAR_POOR, groups),)) for u, hs in by_unit.items()],
            groups,
            unit_header=unit_header,
        ),
        form_7_10=form_7_10(
            [UnitCounts(u, (_causes(hs, Status.POOR), _causes(hs, Status.NEAR_POOR))) for u, hs in by_unit.items()],
            unit_header=unit_header,
        ),
    )


# ----------------------------------------------------------------------------- the round as read
@dataclass(frozen=True)
class RoundRead:
    """One read of a round: every row the report and the exchange workbook's data sheets need,
    read once with column queries on the session's connection (no ORM objects: tens of thousands of
    rows per export, bench/bench_export.py). `operations.round_read.read_round` makes it (the
    database is read above this layer); `build_report` and `ranoat.excel.exchange.build_exchange` both
    take it, so an export reads the round once."""

    round: ReviewRound
    rulebook: Rulebook
    commune: Commune | None
    villages: tuple[Village, ...]  # in the commune's order
    households: tuple[DbRow, ...]  # every household of the commune, by head_sort then code
    members: dict[int, list[DbRow]]  # by household, in roster order; `birth_date` as ISO text
    listed: dict[int, DbRow]  # the round's start-of-period rows (RoundHousehold), by household
    surveys: dict[int, DbRow]  # this round's Phiếu B, by household
    scores: dict[int, Scores]  # the Phiếu B that decided each household's result (`_scores`)
    causes: dict[int, list[tuple[str, str]]]  # (cause, note) in cause-code order
    heads: dict[int, str]  # the head's ethnicity code
    earlier: dict[
        int, frozenset[str]
    ]  # the list statuses held before this round (`operations.rounds.earlier_statuses`)
    finals: dict[int, str | None]  # `rounds.final_categories`
    movements: dict[int, Movement]  # `rounds.movements`, by household
    officers: tuple[Officer, ...]  # the commune's officers, in their order (signature blocks)


def _households(read: RoundRead) -> list[ReportHousehold]:
    """The households of the round (those with a movement), by head_sort then code."""
    result = []
    for row in read.households:
        movement = read.movements.get(row.id)
        if movement is None:
            continue
        head = read.heads.get(row.id)
        override = row.ethnic_minority_override
        causes = read.causes.get(row.id, ())
        result.append(
            ReportHousehold(
                id=row.id,
                code=row.code,
                village_id=row.village_id,
                area=AREAS[row.area],
                head_sort=row.head_sort,
                movement=movement,
                start=read.listed[row.id].start_category,
                result=read.finals.get(row.id),
                ethnic_minority=override if override is not None else (head is not None and head != KINH),
                head_ethnicity=head,
                no_working_capacity=row.no_working_capacity,
                person_of_merit=row.person_of_merit,
                social_protection=row.social_protection,
                causes=tuple(sorted((CAUSES[c] for c, _ in causes), key=CAUSE_NUMBERS.__getitem__)),
                other_cause=next((note for c, note in causes if c == PovertyCause.OTHER.value), ""),
                scores=read.scores.get(row.id),
            )
        )
    return result


def _units(villages: Iterable[Village], households: Sequence[ReportHousehold], default_area: Area) -> list[Unit]:
    """Villages in order; a village with urban and rural households is two units (urban first)."""
    areas: dict[int, set[Area]] = defaultdict(set)
    for household in households:
        areas[household.village_id].add(household.area)
    units: list[Unit] = []
    for village in villages:
        present = [area for area in (Area.URBAN, Area.RURAL) if area in areas[village.id]] or [default_area]
        units.extend(Unit(village.code, village.name, area) for area in present)
    return units


def _unit_of(household: ReportHousehold, villages: dict[int, Village]) -> Unit:
    village = villages[household.village_id]
    return Unit(village.code, village.name, household.area)


# ----------------------------------------------------------------------------- counting
def summary_counts(households: Sequence[ReportHousehold]) -> tuple[int, ...]:
    """Form 7.1 counts: households, people, poor households and people, near-poor households and people."""
    counts = [0] * FORM_7_1_WIDTH
    for household in households:
        if not household.counted:
            continue
        people = household.movement.people
        counts[0] += 1
        counts[1] += people
        if household.end is Status.POOR:
            counts[2] += 1
            counts[3] += people
        elif household.end is Status.NEAR_POOR:
            counts[4] += 1
            counts[5] += people
    return tuple(counts)


def _movement_counts(by_unit: Mapping[Unit, Sequence[ReportHousehold]], status: Status) -> list[UnitCounts]:
    """Form 7.2 (POOR) or 7.3 (NEAR_POOR): `transition.form_rows` over this report's units."""
    keys = {unit: str(index) for index, unit in enumerate(by_unit)}
    rows = form_rows(
        (
            Movement(m.household_id, key, m.start, m.end, m.transition, m.people)
            for unit, key in keys.items()
            for m in (h.movement for h in by_unit[unit])
        ),
        status,
    )
    result = []
    for unit, key in keys.items():
        row = rows.get(key)
        if row is None:
            empty = (0,) * FORM_7_2_WIDTH
            result.append(UnitCounts(unit, (empty, empty)))
        else:
            result.append(
                UnitCounts(
                    unit,
                    (
                        tuple(row.households[c] for c in range(1, 10)),
                        tuple(row.people[c] for c in range(1, 10)),
                    ),
                )
            )
    return result


def _deprivation(
    households: Sequence[ReportHousehold], status: Status, indicators: tuple[IndicatorColumn, ...]
) -> tuple[int, ...]:
    total = 0
    lacking: Counter[str] = Counter()
    for household in households:
        if household.end is not status:
            continue
        total += 1
        if household.scores is not None:
            lacking.update(household.scores.lacking)
    return (total, *(lacking[i.code] for i in indicators))


def _target_groups(households: Sequence[ReportHousehold], status: Status) -> tuple[tuple[int, ...], ...]:
    """Form 7.8, a line of households and one of their people: the total, then each household in
    the first of its groups only (`forms.target_group`); column 5 is printed as 1 − 2 − 3 − 4."""
    counts = [[0] * (FORM_7_8_WIDTH + 1), [0] * (FORM_7_8_WIDTH + 1)]
    for household in households:
        if household.end is not status:
            continue
        column = target_group(household.ethnic_minority, household.no_working_capacity, household.person_of_merit)
        for line, n in ((0, 1), (1, household.movement.people)):
            counts[line][0] += n
            counts[line][column - 1] += n
    return tuple(tuple(line[:FORM_7_8_WIDTH]) for line in counts)


def _ethnic_groups(
    households: Sequence[ReportHousehold], status: Status, groups: tuple[EthnicColumn, ...]
) -> tuple[int, ...]:
    found: Counter[str | None] = Counter(h.head_ethnicity for h in households if h.end is status)
    return (sum(found.values()), found[KINH], *(found[g.code] for g in groups))


def _causes(households: Sequence[ReportHousehold], status: Status) -> tuple[int, ...]:
    found: Counter[PovertyCause] = Counter(c for h in households if h.end is status for c in h.causes)
    return tuple(found[cause] for cause in PovertyCause)


# ----------------------------------------------------------------------------- the lists
def list_kinds(household: ReportHousehold) -> list[ListKind]:
    """The lists a household of the round is on: poor or near-poor at the end, and escaped ones."""
    kinds = []
    if household.end is Status.POOR:
        kinds.append(ListKind.POOR)
    elif household.end is Status.NEAR_POOR:
        kinds.append(ListKind.NEAR_POOR)
    if household.movement.transition in ESCAPED_POVERTY:
        kinds.append(ListKind.ESCAPED_POVERTY)
    elif household.movement.transition in ESCAPED_NEAR_POVERTY:
        kinds.append(ListKind.ESCAPED_NEAR_POVERTY)
    return kinds


def _entries(
    read: RoundRead,
    households: Sequence[ReportHousehold],
    villages: dict[int, Village],
    village_id: int | None,
) -> tuple[ListEntry, ...]:
    """Every list's entries: by list, then village in order, then head's name (Vietnamese order)."""
    position = {v: index for index, v in enumerate(villages)}
    chosen = [
        (kind, h)
        for h in households  # already in head_sort, code order
        if village_id is None or h.village_id == village_id
        for kind in list_kinds(h)
    ]
    order = {kind: index for index, kind in enumerate(ListKind)}
    chosen.sort(key=lambda item: (order[item[0]], position[item[1].village_id]))  # stable
    round_ = read.round
    people = _people(read.members, (h.id for _, h in chosen))
    columns = {code: i.report_column for code, i in read.rulebook.indicators_by_code.items()}
    entries = []
    for kind, h in chosen:
        village = villages[h.village_id]
        scores = h.scores
        codes = scores.lacking if scores is not None else ()
        notes = NOTES if kind in (ListKind.POOR, ListKind.NEAR_POOR) else ESCAPED_NOTES
        entries.append(
            ListEntry(
                list=kind,
                household_id=h.id,
                household_code=h.code,
                village_code=village.code,
                village=village.name,
                area=h.area,
                people=people.get(h.id, ()),
                transition=h.movement.transition,
                note=notes.get(h.movement.transition, ""),
                start=h.start,
                result=h.result,
                b1=scores.b1 if scores is not None else None,
                b2=scores.b2 if scores is not None else None,
                lacking=tuple(sorted(columns[c] for c in codes if c in columns)),
                lacking_codes=codes,
                surveyed_in_round=scores is not None and scores.round_id == round_.id,
                ethnic_minority=h.ethnic_minority,
                no_working_capacity=h.no_working_capacity,
                person_of_merit=h.person_of_merit,
                social_protection=h.social_protection,
                causes=tuple(CAUSE_NUMBERS[c] for c in h.causes),
                other_cause=h.other_cause,
                decision_number=round_.decision_number,
                decision_date=round_.decision_date,
            )
        )
    return tuple(entries)


def _people(members: Mapping[int, Sequence[DbRow]], household_ids: Iterable[int]) -> dict[int, tuple[Person, ...]]:
    """The members of these households, the head first, then in the register's order."""
    found: dict[int, tuple[Person, ...]] = {}
    names: dict[str, str] = {}  # ethnicity code → name, looked up once per code
    for household_id in household_ids:
        if household_id in found:
            continue
        people: list[tuple[bool, int, Person]] = []
        for m in members.get(household_id, ()):
            sex = SEXES[m.sex]
            ethnicity = names.get(m.ethnicity_code)
            if ethnicity is None:
                ethnicity = names[m.ethnicity_code] = ethnicity_name(m.ethnicity_code) or m.ethnicity_code
            person = Person(
                name=m.full_name,
                relation=relation_name(RELATIONS[m.relation], sex),
                birth_year=m.birth_year,
                sex=SEX_NAMES[sex],
                ethnicity=ethnicity,
                cccd=m.cccd or "",
            )
            people.append((m.relation != Relation.HEAD.value, m.position, person))
        if people:
            found[household_id] = tuple(p for _, _, p in sorted(people, key=lambda m: (m[0], m[1])))
    return found
