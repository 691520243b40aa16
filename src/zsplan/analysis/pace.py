"""Pace bands, needed-per-month, staleness and forecasts: how a target is moving, beyond met or not.

Pace follows the progress-assessment bands used for SDG tracking, computed on
the target's own schedule (linear, or stepped for per-year targets) because
growth-rate formulas fail for counts that start from zero:

    R = (achieved − baseline) / (expected by now − baseline)

    R ≥ 0.95          on_track
    0.60 ≤ R < 0.95   acceleration_needed
    0 ≤ R < 0.60      limited_progress
    R < 0             deterioration

A met target is ``met`` whatever R is; a missed one (from its deadline day
on, or a per-year target with a year missed) is ``missed``; with nothing
reported it is ``no_data``; while nothing is expected yet (expected by now =
baseline: a milestone before its deadline, a per-year target before its first
31 December) it is ``not_due``. For lower-is-better
targets both differences are negative and R reads the same way.

Needed per month and forecasts look forward to the deadline, so they stop
there: from the deadline day on (and for a missed target) there is nothing
left to need or to project.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from zsplan.analysis.standing import DateRow, Standing, Status, accumulate

#: R at or above which a target is on track (SDG "on track" band).
ON_TRACK_R = 0.95
#: R at or above which a target needs acceleration rather than showing limited progress.
ACCELERATION_R = 0.60
#: Days in an average month, for "needed per month".
DAYS_PER_MONTH = 365.25 / 12
#: Default age in days after which a target's last report counts as stale.
DEFAULT_STALE_DAYS = 180


class Pace(str, Enum):
    """The pace band of a target (see the module docstring for the rules)."""

    MET = "met"
    ON_TRACK = "on_track"
    ACCELERATION_NEEDED = "acceleration_needed"
    LIMITED_PROGRESS = "limited_progress"
    DETERIORATION = "deterioration"
    MISSED = "missed"
    NOT_DUE = "not_due"
    NO_DATA = "no_data"


def pace_ratio(baseline: float, expected: float, achieved: float) -> float | None:
    """R = (achieved − baseline) / (expected − baseline); None when nothing is expected yet."""
    denominator = expected - baseline
    if denominator == 0:
        return None
    return (achieved - baseline) / denominator


def band(ratio: float) -> Pace:
    """The band of a pace ratio R (thresholds :data:`ON_TRACK_R`, :data:`ACCELERATION_R`, 0)."""
    if ratio >= ON_TRACK_R:
        return Pace.ON_TRACK
    if ratio >= ACCELERATION_R:
        return Pace.ACCELERATION_NEEDED
    if ratio >= 0:
        return Pace.LIMITED_PROGRESS
    return Pace.DETERIORATION


def pace_of(standing: Standing) -> tuple[Pace, float | None]:
    """The pace band of a standing and its R (None when not computed)."""
    ratio = pace_ratio(standing.target.start_value, standing.expected, standing.achieved)
    if standing.status is Status.NO_DATA:
        return Pace.NO_DATA, ratio
    if standing.status is Status.MET:
        return Pace.MET, ratio
    if standing.status is Status.MISSED:
        return Pace.MISSED, ratio
    if standing.status is Status.SCHEDULED:
        return Pace.NOT_DUE, None  # a verdict waits for the event to be confirmed: nothing to grade
    if ratio is None:
        return Pace.NOT_DUE, None
    return band(ratio), ratio


def needed_per_month(standing: Standing) -> float | None:
    """What must be added per month from the as-of date to meet the target by its deadline (units/month).

    ``gap / (days_left / DAYS_PER_MONTH)``. None when the target is met or missed, or
    once the deadline is reached (``days_left`` ≤ 0): nothing can still be done in time.
    """
    if standing.gap <= 0 or standing.days_left <= 0 or standing.status in (Status.MET, Status.MISSED, Status.SCHEDULED):
        return None
    return standing.gap / (standing.days_left / DAYS_PER_MONTH)


def is_stale(standing: Standing, stale_days: int = DEFAULT_STALE_DAYS) -> bool:
    """True when the last report is more than ``stale_days`` days before the as-of date (or there is none, once due).

    Met and completed-late targets are never stale: there is nothing more to report.
    """
    if standing.status is Status.MET or standing.completed_late:
        return False
    if standing.last_as_of is None:
        return standing.time_elapsed > 0 and (standing.as_of - standing.target.baseline_date).days > stale_days
    return (standing.as_of - standing.last_as_of).days > stale_days


@dataclass(frozen=True)
class Forecast:
    """A least-squares linear trend of the achieved series, projected to the deadline.

    Attributes:
        points: how many dated values the trend was fitted on.
        slope_per_month: the trend's rise per month, in the target's unit (None without a trend).
        projected: the trend's value at the deadline (None without a trend).
        projected_to_miss: True when the projection falls short of the target.
        reason: why there is no projection, when there is none.
    """

    points: int
    slope_per_month: float | None = None
    projected: float | None = None
    projected_to_miss: bool | None = None
    reason: str | None = None


def forecast(series: list[tuple[dt.date, float]], standing: Standing) -> Forecast:
    """Fit achieved-vs-date by least squares and project it to the deadline.

    Args:
        series: ``(date, achieved at that date)`` points, one per report date, oldest first.

    Needs at least two distinct dates; a met target needs no projection, and from the
    deadline day on (or once missed) there is no deadline ahead to project to.
    """
    points = len(series)
    if standing.status is Status.MET:
        return Forecast(points, reason="met: no projection needed")
    if standing.deadline_reached:
        return Forecast(points, reason=f"deadline {standing.target.deadline} reached: the verdict is final, no projection")
    if standing.status is Status.MISSED:
        years = ", ".join(str(year) for year in standing.missed_years)
        return Forecast(points, reason=f"missed ({years} quota not reached): the verdict is final, no projection")
    if points < 2:
        return Forecast(points, reason=f"no projection from {points} report date{'s' if points != 1 else ''}: at least two are needed")
    import statistics

    origin = series[0][0]
    x = [(day - origin).days for day, _ in series]
    y = [value for _, value in series]
    slope, intercept = statistics.linear_regression(x, y)
    projected = intercept + slope * (standing.target.deadline - origin).days
    miss = projected > standing.target_value if standing.target.comparator == "at_most" else projected < standing.target_value
    return Forecast(points, slope_per_month=slope * DAYS_PER_MONTH, projected=projected, projected_to_miss=miss)


def achieved_series(standing: Standing, per_date: list[DateRow]) -> list[tuple[dt.date, float]]:
    """The achieved value after each report date, from per-date aggregates.

    Args:
        per_date: ``(date, sum of values, last value)`` of the effective entries of
            each report date, oldest first (see :func:`zsplan.store.ledger.progress_series`).

    Returns:
        ``(date, achieved)`` per report date, in the target's unit: stock targets and
        milestones take the last value of each date; flow targets, named items and
        checklists accumulate from the baseline (:func:`~zsplan.analysis.standing.accumulate`).
        A ``counts: total`` target starts from the baseline value and counts its baseline facts
        as any report; a ``counts: new`` target starts from 0 and its baseline facts are left out
        (a level counts from the level they last reported).
    """
    spec = standing.target
    if spec.counts != "new":
        return accumulate(spec, spec.baseline_value, per_date)
    before = [row for row in per_date if row[0] < spec.baseline_date]
    after = [row for row in per_date if row[0] >= spec.baseline_date]
    cumulative = spec.mode == "items" or (spec.progress == "flow" and spec.kind != "milestone")
    if cumulative:
        return accumulate(spec, 0.0, after)
    level = accumulate(spec, spec.baseline_value, before)[-1][1] if before else spec.baseline_value
    return [(day, max(value - level, 0.0)) for day, value in accumulate(spec, level, after)]
