"""Forms 7.1–7.10 of a round from the province's store, streamed one commune at a time
(docs/province.md): the province is never in memory, only one commune's households and each
commune's counts (a few hundred integers).

Each commune's households are read from the store (their rows and the head's ethnicity, not the
members), counted by the merge's own code (`report_households`, `compute_forms` over that commune
alone, whose unit row's counts are what the province's forms are built from: `Row.counts`), and
dropped before the next. The forms are then built over the communes in the merge's order (urban
first, then by code), so they equal `ranoat merge`'s forms of the same files
(`tests/province/test_forms.py`).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from ranoat.domain.area import Area
from ranoat.domain.ethnicity import KINH, ethnicity_name
from ranoat.domain.transition import Status
from ranoat.domain.vietnamese import format_number
from ranoat.excel.reader import records
from ranoat.excel.rows import MemberRow
from ranoat.merge import InputReport, InputStatus, Level
from ranoat.merge.records import CommuneData, indicator_columns, report_households
from ranoat.province.answers import _current
from ranoat.province.schema import exports, households
from ranoat.province.store import Store
from ranoat.reports.forms import (
    COMMUNE_UNIT_HEADER,
    EthnicColumn,
    Unit,
    UnitCounts,
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
)
from ranoat.reports.round_report import ReportForms, ReportHousehold, compute_forms, summary_counts
from ranoat.rules.rulebook import Rulebook

Progress = Callable[[int, int, str], None]
SURVEYED = ("draft", "checked", "approved")  # data_households.survey_status: a Phiếu B in the round
CHECKED = ("checked", "approved")


class CancelledError(Exception):
    """The caller asked to stop (nothing was written)."""


@dataclass(frozen=True)
class CommuneCounts:
    """One commune of the round, as the province's forms and dashboard need it."""

    unit: Unit
    province_name: str
    households: int  # its data rows
    members: int
    official: bool  # its round is closed (the forms are official only when every commune's is)
    summary: tuple[int, ...]  # form 7.1's counts (households, people, poor …, near-poor …)
    forms: dict[str, tuple[Any, ...]]  # form code -> the unit's counts per table (Row.counts)
    ethnic: tuple[Counter[str | None], Counter[str | None]]  # heads' ethnicities: poor, near-poor
    groups: frozenset[str]  # the ethnic minorities of its counted households' heads
    to_review: int  # households of the round (a start-of-period status or a Phiếu B)
    surveyed: int  # with a Phiếu B in the round
    checked: int  # of which checked or approved
    # the movements of forms 7.2/7.3 by kind (Transition value): households, people
    transitions: dict[str, tuple[int, int]] = field(default_factory=dict)
    scored: tuple[int, int] = (0, 0)  # poor, near-poor households with a Phiếu B's scores in the round


@dataclass(frozen=True)
class ProvinceForms:
    round_year: int
    round_kind: str
    standard_id: str | None
    rulebook: Rulebook | None
    communes: list[CommuneCounts] = field(default_factory=list)  # in the forms' order
    forms: ReportForms | None = None

    @property
    def household_count(self) -> int:
        return sum(c.households for c in self.communes)

    @property
    def member_count(self) -> int:
        return sum(c.members for c in self.communes)


def _most_common(values: list[Any]) -> Any:
    """The most frequent value; on a tie, the first seen (as the merge chooses the standard)."""
    if not values:
        return None
    counts = Counter(values)
    best = max(counts.values())
    return next(v for v in values if counts[v] == best)


def _head(code: str, ethnicity: str | None) -> MemberRow:
    nothing: list[Any] = [None] * len(MemberRow._fields)
    return MemberRow._make(nothing)._replace(household_code=code, relation="head", ethnicity_code=ethnicity)


def _commune(connection: Connection, row: Any, meta: dict[str, Any], rulebook: Rulebook | None) -> CommuneCounts:
    """One commune's counts from its rows in the store (its households, not its members)."""
    found = connection.execute(
        select(households.c.row, households.c.household_code, households.c.head_ethnicity)
        .where(households.c.export_id == row.id)
        .order_by(households.c.seq)
        .execution_options(yield_per=5000)
    )
    rows, heads = [], []
    for text, code, ethnicity in found:
        rows.append(tuple(json.loads(text)))
        if ethnicity is not None:
            heads.append(_head(str(code), ethnicity))
    commune = CommuneData(
        meta, records("data_households", rows), heads, InputReport(Path(row.file), InputStatus.MERGED)
    )
    return commune_counts(commune, rulebook, households=row.households, members=row.members)


def commune_counts(
    commune: CommuneData, rulebook: Rulebook | None, *, households: int | None = None, members: int | None = None
) -> CommuneCounts:
    """The counts of one commune (its households' rows; its members: at least the heads), by the
    merge's own counting; ``rulebook``: the standard whose indicators forms 7.4/7.5 count."""
    meta = commune.meta
    unit = Unit(commune.code, commune.name, commune.area())
    counted: list[ReportHousehold] = report_households(commune)
    one = compute_forms({unit: counted}, indicator_columns(rulebook), official=False, unit_header=COMMUNE_UNIT_HEADER)
    forms = {form.code: tuple(table.unit_rows()[0].counts for table in form.tables) for form in one}
    status = [h.survey_status for h in commune.households]
    return CommuneCounts(
        unit=unit,
        province_name=str(meta.get("province_name") or ""),
        households=len(commune.households) if households is None else households,
        members=len(commune.members) if members is None else members,
        official=meta.get("round_status") == "closed",
        summary=summary_counts(counted),
        forms=forms,
        ethnic=(
            Counter(h.head_ethnicity for h in counted if h.end is Status.POOR),
            Counter(h.head_ethnicity for h in counted if h.end is Status.NEAR_POOR),
        ),
        groups=frozenset({h.head_ethnicity for h in counted if h.counted and h.head_ethnicity} - {KINH}),
        to_review=sum(1 for h in commune.households if h.start_category is not None or h.survey_status in SURVEYED),
        surveyed=sum(1 for s in status if s in SURVEYED),
        checked=sum(1 for s in status if s in CHECKED),
        transitions=_transitions(counted),
        scored=(
            sum(1 for h in counted if h.end is Status.POOR and h.scores is not None),
            sum(1 for h in counted if h.end is Status.NEAR_POOR and h.scores is not None),
        ),
    )


def _transitions(counted: list[ReportHousehold]) -> dict[str, tuple[int, int]]:
    households: Counter[str] = Counter()
    people: Counter[str] = Counter()
    for h in counted:
        households[h.movement.transition.value] += 1
        people[h.movement.transition.value] += h.movement.people
    return {kind: (households[kind], people[kind]) for kind in sorted(households)}


def counts_json(counts: CommuneCounts, standard_id: str | None) -> str:
    """The counts as kept with the export (``exports.counts``), with the standard they were counted for."""
    return json.dumps(
        {
            "standard_id": standard_id,
            "unit": [counts.unit.code, counts.unit.name, counts.unit.area.value],
            "province_name": counts.province_name,
            "households": counts.households,
            "members": counts.members,
            "official": counts.official,
            "summary": counts.summary,
            "forms": counts.forms,
            "ethnic": [sorted(found.items(), key=lambda item: str(item[0])) for found in counts.ethnic],
            "groups": sorted(counts.groups),
            "progress": [counts.to_review, counts.surveyed, counts.checked],
            "transitions": counts.transitions,
            "scored": counts.scored,
        },
        ensure_ascii=False,
    )


def _tuples(value: Any) -> Any:
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


def counts_from_json(text: str, standard_id: str | None) -> CommuneCounts | None:
    """The counts kept with an export; None when they were counted for another standard (the
    indicator columns differ) or are missing."""
    kept = json.loads(text)
    if kept.get("standard_id") != standard_id:
        return None
    code, name, area = kept["unit"]
    to_review, surveyed, checked = kept["progress"]
    return CommuneCounts(
        unit=Unit(code, name, Area(area)),
        province_name=kept["province_name"],
        households=kept["households"],
        members=kept["members"],
        official=kept["official"],
        summary=_tuples(kept["summary"]),
        forms={code: _tuples(found) for code, found in kept["forms"].items()},
        ethnic=(Counter(dict(map(tuple, kept["ethnic"][0]))), Counter(dict(map(tuple, kept["ethnic"][1])))),
        groups=frozenset(kept["groups"]),
        to_review=to_review,
        surveyed=surveyed,
        checked=checked,
        transitions={kind: (n, people) for kind, (n, people) in kept["transitions"].items()},
        scored=(kept["scored"][0], kept["scored"][1]),
    )


def province_forms(
    store: Store,
    rulebooks: dict[str, Rulebook],
    *,
    year: int,
    kind: str,
    codes: Sequence[str] = (),
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    recount: bool = False,
) -> ProvinceForms:
    """The forms of the communes' current exports of the round (``codes``: only these communes),
    equal to the forms of `merge_workbooks` of the same files. Each commune's counts are those kept
    with its export at load (``exports.counts``) when they were counted for the round's standard,
    else (or with ``recount``) counted again from its rows. ``cancelled``: checked between communes;
    True raises `CancelledError`."""
    with store.transaction() as connection:
        chosen = connection.execute(
            select(
                exports.c.id,
                exports.c.file,
                exports.c.meta,
                exports.c.households,
                exports.c.members,
                exports.c.counts,
            )
            .where(_current(year, kind, codes))
            .order_by(exports.c.id)
        ).all()
        metas = [json.loads(row.meta) for row in chosen]
        standard = _most_common([str(meta.get("standard_id")) for meta in metas])
        rulebook = rulebooks.get(standard) if standard else None
        found = []
        for index, (row, meta) in enumerate(zip(chosen, metas, strict=True)):
            if cancelled is not None and cancelled():
                raise CancelledError
            if progress is not None:
                progress(index, len(chosen), f"{meta.get('commune_name') or ''} ({meta.get('commune_code') or ''})")
            kept = counts_from_json(row.counts, standard) if row.counts and not recount else None
            found.append(kept if kept is not None else _commune(connection, row, meta, rulebook))
    if progress is not None:
        progress(len(chosen), len(chosen), "Hoàn tất")
    found.sort(key=lambda c: (c.unit.area is not Area.URBAN, c.unit.code))
    return ProvinceForms(year, kind, standard, rulebook, found, _build(found, rulebook))


def _build(communes: list[CommuneCounts], rulebook: Rulebook | None) -> ReportForms | None:
    """The province's forms from each commune's counts, as `compute_forms` over all communes."""
    if not communes:
        return None
    indicators = indicator_columns(rulebook)
    official = all(c.official for c in communes)
    header = COMMUNE_UNIT_HEADER

    def units(code: str, table: int = 0) -> list[UnitCounts]:
        return [UnitCounts(c.unit, c.forms[code][table]) for c in communes]

    groups = tuple(
        EthnicColumn(code, ethnicity_name(code) or code) for code in sorted(set().union(*(c.groups for c in communes)))
    )

    def ethnic(block: int) -> list[UnitCounts]:
        return [
            UnitCounts(
                c.unit,
                (
                    (
                        sum(c.ethnic[block].values()),
                        c.ethnic[block][KINH],
                        *(c.ethnic[block][g.code] for g in groups),
                    ),
                ),
            )
            for c in communes
        ]

    return ReportForms(
        form_7_1=form_7_1(units("7.1"), official=official, unit_header=header),
        form_7_2=form_7_2(units("7.2"), unit_header=header),
        form_7_3=form_7_3(units("7.3"), unit_header=header),
        form_7_4=form_7_4(units("7.4"), indicators, unit_header=header),
        form_7_5=form_7_5(units("7.4"), indicators, unit_header=header),
        form_7_6=form_7_6(units("7.6"), indicators, unit_header=header),
        form_7_7=form_7_7(units("7.6"), indicators, unit_header=header),
        form_7_8=form_7_8(units("7.8", 0), units("7.8", 1), unit_header=header),
        form_7_9=form_7_9(ethnic(0), ethnic(1), groups, unit_header=header),
        form_7_10=form_7_10(units("7.10"), unit_header=header),
    )


def write_forms(result: ProvinceForms, out: Path, level: Level = Level.PROVINCE, name: str = "") -> list[str]:
    """The forms 7.1–7.10 as a workbook (one sheet per form, as in the merged workbook), written
    atomically; returns the sheet names. `ranoat province export --forms-only`."""
    from ranoat.excel.document import Formats, Heading, Signature, atomic_workbook, write_document
    from ranoat.excel.official import form_table

    unit = name or (result.communes[0].province_name if level is Level.PROVINCE and result.communes else "")
    subtitle = (
        f"Tổng hợp {format_number(len(result.communes))} xã, phường · năm {result.round_year or ''} · "
        f"chuẩn nghèo {result.standard_id or ''}"
    )
    right = "THỦ TRƯỞNG ĐƠN VỊ" if level is Level.CLUSTER else "CHỦ TỊCH UBND"
    with atomic_workbook(out, constant_memory=True) as book:
        formats = Formats(book)
        for form in result.forms or ():
            heading = Heading(level.authority(unit), unit, form.title.upper(), subtitle, f"Biểu mẫu {form.code}")
            signature = Signature(left_title="Người lập biểu", right_title=right)
            write_document(book, formats, f"Biểu {form.code}", heading, form_table(form)[0], signature)
        return [sheet.name for sheet in book.worksheets()]
