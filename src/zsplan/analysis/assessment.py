"""Everything the reports say about a target, and the responsible units' scorecards.

:func:`assess_target` adds to a :class:`~zsplan.analysis.standing.Standing` its
pace band and ratio, what is needed per month, staleness and a forecast;
:func:`unit_scorecards` rolls targets up by responsible unit (lead and
co-responsible kept apart) and ranks the units.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from zsplan.analysis.pace import DEFAULT_STALE_DAYS, Forecast, Pace, achieved_series, forecast, is_stale, needed_per_month, pace_of
from zsplan.analysis.standing import STATUS_ORDER, Standing, Status


@dataclass(frozen=True)
class TargetAssessment:
    """A standing with its pace, need, staleness, forecast and achieved series (for charts)."""

    standing: Standing
    pace: Pace
    ratio: float | None
    needed_per_month: float | None
    stale: bool
    forecast: Forecast
    series: tuple[tuple[dt.date, float], ...] = ()

    @property
    def concern(self) -> tuple[int, float]:
        """Sort key, most worrying first: status severity, then the share of the target still missing."""
        severity = STATUS_ORDER.index(self.standing.status)
        share = self.standing.gap / self.standing.target_value if self.standing.target_value else 0.0
        return (severity, -share)


def assess_target(
    standing: Standing,
    per_date: list[tuple[dt.date, float, float | None]],
    *,
    stale_days: int = DEFAULT_STALE_DAYS,
) -> TargetAssessment:
    """Assess one target from its standing and its per-date aggregates (see :func:`~zsplan.analysis.pace.achieved_series`)."""
    series = achieved_series(standing, per_date)
    pace, ratio = pace_of(standing)
    return TargetAssessment(
        standing=standing,
        pace=pace,
        ratio=ratio,
        needed_per_month=needed_per_month(standing),
        stale=is_stale(standing, stale_days),
        forecast=forecast(series, standing),
        series=tuple(series),
    )


@dataclass(frozen=True)
class UnitScorecard:
    """One responsible unit's targets by status, as lead and as co-responsible unit.

    Attributes:
        lead, co: status → number of targets.
        items: the unit's targets (lead or co), most worrying first.
    """

    unit_id: str
    unit_name: str
    lead: dict[Status, int] = field(default_factory=dict)
    co: dict[Status, int] = field(default_factory=dict)
    items: tuple[TargetAssessment, ...] = ()

    def share_behind(self, role: str) -> float:
        """The share (0–1) of the targets the unit leads (``role`` ``lead``) or co-owns (``co``) that are missed or behind; 0 without any."""
        counts = self.lead if role == "lead" else self.co
        total = sum(counts.values())
        return (counts.get(Status.MISSED, 0) + counts.get(Status.BEHIND, 0)) / total if total else 0.0

    @property
    def rank_key(self) -> tuple:
        """Units rank by the share of their lead targets missed or behind (a unit leading 2 targets, 1 behind, ranks
        above one leading 20, 3 behind), then by that share of their co-owned targets, then by the share of lead targets
        without data; a tie goes to the unit with more targets missed or behind, then to the unit id (docs/method.md,
        "Responsible units")."""
        lead_total = sum(self.lead.values())
        bad = sum(counts.get(status, 0) for counts in (self.lead, self.co) for status in (Status.MISSED, Status.BEHIND))
        no_data_share = self.lead.get(Status.NO_DATA, 0) / lead_total if lead_total else 0.0
        return (-self.share_behind("lead"), -self.share_behind("co"), -no_data_share, -bad, self.unit_id)


def unit_scorecards(assessments: Iterable[TargetAssessment], units: Iterable[tuple[str, str]]) -> list[UnitScorecard]:
    """Scorecards of the units that have targets, ranked worst first (see :attr:`UnitScorecard.rank_key`).

    Args:
        units: ``(id, name)`` of every unit, in registry order.
    """
    names = dict(units)
    lead: dict[str, dict[Status, int]] = {}
    co: dict[str, dict[Status, int]] = {}
    items: dict[str, list[TargetAssessment]] = {}
    for assessment in assessments:
        for unit in assessment.standing.target.units:
            table = lead if unit.role == "lead" else co
            counts = table.setdefault(unit.id, dict.fromkeys(STATUS_ORDER, 0))
            counts[assessment.standing.status] += 1
            items.setdefault(unit.id, []).append(assessment)
    cards = [
        UnitScorecard(
            unit_id=unit_id,
            unit_name=names.get(unit_id, unit_id),
            lead=lead.get(unit_id, dict.fromkeys(STATUS_ORDER, 0)),
            co=co.get(unit_id, dict.fromkeys(STATUS_ORDER, 0)),
            items=tuple(sorted(unit_items, key=lambda a: a.concern)),
        )
        for unit_id, unit_items in items.items()
    ]
    return sorted(cards, key=lambda card: card.rank_key)
