"""The province's dashboard: the commune dashboard's figures (`ranoat.operations.dashboard.Dashboard`)
with one row per commune instead of per village, from the counts of the store
(`ranoat.province.forms.province_forms`): the GUI draws it with the commune dashboard's charts.

Per commune: households and people, poor and near-poor (form 7.1's counts); the indicators lacked
by poor and near-poor households (form 7.4's); the movements of forms 7.2/7.3; the Phiếu B progress
(the households of the round, those with a Phiếu B, those checked or approved).
"""

from __future__ import annotations

from ranoat.domain.round import RoundInfo, RoundKind, RoundStatus
from ranoat.domain.transition import Transition
from ranoat.operations.dashboard import Dashboard, Figures, IndicatorCount, TransitionCount
from ranoat.operations.rounds import VillageProgress
from ranoat.province.forms import CommuneCounts, ProvinceForms


def _figures(name: str, counts: tuple[int, ...], number: int | None) -> Figures:
    households, people, poor, poor_people, near, near_people = counts
    return Figures(name, households, people, poor, poor_people, near, near_people, village_id=number)


def province_dashboard(result: ProvinceForms, name: str = "") -> Dashboard:
    """The dashboard of the round over the communes of ``result`` (``name``: the province's; empty:
    the communes' province)."""
    communes: list[CommuneCounts] = result.communes
    unit = name or (communes[0].province_name if communes else "")
    totals = tuple(sum(c.summary[i] for c in communes) for i in range(6))
    indicators: list[IndicatorCount] = []
    if result.rulebook is not None:
        for index, (code, indicator) in enumerate(result.rulebook.indicators_by_code.items(), start=1):
            indicators.append(
                IndicatorCount(
                    code,
                    indicator.vi,
                    indicator.report_column,
                    sum(c.forms["7.4"][0][0][index] for c in communes),
                    sum(c.forms["7.6"][0][0][index] for c in communes),
                )
            )
    transitions = tuple(
        TransitionCount(
            kind,
            sum(c.transitions.get(kind.value, (0, 0))[0] for c in communes),
            sum(c.transitions.get(kind.value, (0, 0))[1] for c in communes),
        )
        for kind in Transition
    )
    progress = tuple(
        VillageProgress(number, c.unit.name, c.to_review, c.surveyed, c.checked, c.to_review - c.surveyed, None)
        for number, c in enumerate(communes)
    )
    closed = bool(communes) and all(c.official for c in communes)
    return Dashboard(
        round=RoundInfo(
            0,
            result.round_year,
            RoundKind(result.round_kind) if result.round_kind in set(RoundKind) else RoundKind.PERIODIC,
            result.standard_id or "",
            RoundStatus.CLOSED if closed else RoundStatus.OPEN,
            None,
        ),
        commune=_figures(unit, totals, None),
        villages=tuple(_figures(c.unit.name, c.summary, number) for number, c in enumerate(communes)),
        indicators=tuple(indicators),
        poor_surveyed=sum(c.scored[0] for c in communes),
        near_poor_surveyed=sum(c.scored[1] for c in communes),
        transitions=transitions,
        progress=progress,
    )
