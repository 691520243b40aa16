"""Achieved vs target, gap, percent and status of one target as of a date.

The method (also in README "Status method"):

* **achieved** — targets tracked by named items: baseline + the number of
  distinct items recorded (checklists: items of the list reported done); stock
  targets: the latest reported level on or before the as-of date (the baseline if
  none); flow targets: baseline + the sum of increments; milestones: the latest
  report, 1 done or 0 not yet. Corrected and retracted entries do not count.
* **target value** — ``at_least``/``at_most`` N: N; a range: its lower bound
  (a range is met at its minimum); per-year: ``per_year × number of years``;
  checklist: the number of items; milestone: 1.
* **gap** — what remains: ``max(target − achieved, 0)`` (``at_most``:
  ``max(achieved − target, 0)``); never negative. **surplus** — the excess over
  the target once met, else 0.
* **percent** — ``achieved / target × 100`` (0–100, above 100 when exceeded);
  for ``at_most`` the share of the required reduction achieved.
* **time elapsed** — ``(as_of − baseline date) / (deadline − baseline date)``,
  clamped to 0–1.
* **expected by now** — linear from the baseline to the target over that time;
  stepped for per-year targets (each year's quota falls due on 31 December).
* **status** — ``no_data`` when nothing has been reported by the as-of date;
  else ``met`` when achieved reaches the target; else ``missed`` when the
  deadline has passed; else ``on_track`` when achieved ≥ expected by now (for
  linear schedules: the achieved fraction ≥ the fraction of time elapsed);
  else ``behind``. A milestone that is not done is ``on_track`` until its
  deadline (it has no intermediate schedule).

Per-year targets are also judged year by year on the increments reported in
each calendar year (reports before the first year count towards it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum


class Status(str, Enum):
    """A target's standing, in order of concern for sorting (worst first is reversed)."""

    MET = "met"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    MISSED = "missed"
    NO_DATA = "no_data"


STATUS_ORDER: tuple[Status, ...] = (Status.MISSED, Status.BEHIND, Status.NO_DATA, Status.ON_TRACK, Status.MET)
"""Statuses from most to least urgent, used for summaries."""


@dataclass(frozen=True, slots=True)
class UnitRef:
    """A responsible unit as attached to a target: ``role`` is ``lead`` or ``co``."""

    id: str
    name: str
    role: str


@dataclass(frozen=True, slots=True)
class TargetSpec:
    """A target as the analysis needs it (plain data, no ORM).

    Attributes:
        kind: ``number``, ``range``, ``per_year``, ``checklist`` or ``milestone``.
        comparator: ``at_least`` (higher is better) or ``at_most`` (lower is better).
        value: N for ``number`` targets; ``minimum``/``maximum`` for ranges;
            ``per_year`` and ``years`` for per-year targets; ``items`` as
            ``(item_id, name)`` pairs for checklists. Counts are in ``unit``.
        progress: ``stock`` (levels; the latest counts) or ``flow`` (increments add up).
        mode: ``value`` (numbers are reported) or ``items`` (named achievements are
            reported and counted: checklists and ledger targets).
        chapter: ``(id, number, title)`` of the chapter the target's measure is in.
        units: responsible units, lead first.
    """

    id: str
    name: str
    kind: str
    category: str
    unit: str
    comparator: str
    deadline: dt.date
    baseline_value: float
    baseline_date: dt.date
    progress: str
    mode: str = "value"
    measure_id: str = ""
    measure_number: str = ""
    measure_title: str = ""
    chapter: tuple[str, str, str] = ("", "", "")
    value: float | None = None
    minimum: float | None = None
    maximum: float | None = None
    per_year: float | None = None
    years: tuple[int, ...] = ()
    items: tuple[tuple[str, str], ...] = ()
    deadline_inferred: bool = False
    strength: str = "expected"
    units: tuple[UnitRef, ...] = ()
    source_text: str = ""
    stated_in: str | None = None
    note: str | None = None

    @property
    def lead_unit(self) -> UnitRef | None:
        """The first responsible unit, or None."""
        return self.units[0] if self.units else None

    @property
    def target_value(self) -> float:
        """The number that counts as meeting the target (see the module docstring)."""
        if self.kind == "range":
            return float(self.minimum or 0)
        if self.kind == "per_year":
            return float(self.per_year or 0) * len(self.years)
        if self.kind == "checklist":
            return float(len(self.items))
        if self.kind == "milestone":
            return 1.0
        return float(self.value or 0)


@dataclass(frozen=True, slots=True)
class ProgressFacts:
    """Aggregates of one target's progress entries dated on or before the as-of date.

    Attributes:
        entries: number of entries.
        last_as_of: the latest entry date, or None.
        total: sum of entry values, for flow targets counted by value (0 for other targets:
            no rule reads it, so the ledger does not compute it).
        latest: value of the latest entry (stock targets; ties broken by record order).
        by_year: sum of entry values per calendar year of ``as_of``.
        items_done: ids of checklist items reported done.
        item_count: how many distinct named items count (targets tracked by items).
    """

    entries: int = 0
    last_as_of: dt.date | None = None
    total: float = 0.0
    latest: float | None = None
    by_year: Mapping[int, float] = field(default_factory=dict)
    items_done: frozenset[str] = frozenset()
    item_count: int = 0


@dataclass(frozen=True, slots=True)
class YearStanding:
    """One year of a per-year target: quota, what was added that year, and its status."""

    year: int
    target: float
    achieved: float
    status: Status


@dataclass(frozen=True, slots=True)
class Standing:
    """A target's standing as of a date. Numbers are in the target's unit; ``percent`` is 0–100(+).

    ``time_elapsed`` is a fraction 0–1; ``days_left`` is negative once the deadline has passed.
    """

    target: TargetSpec
    as_of: dt.date
    achieved: float
    target_value: float
    gap: float
    surplus: float
    percent: float
    expected: float
    time_elapsed: float
    days_left: int
    status: Status
    entries: int
    last_as_of: dt.date | None
    years: tuple[YearStanding, ...] = ()
    items_done: tuple[str, ...] = ()


def time_elapsed(start: dt.date, end: dt.date, as_of: dt.date) -> float:
    """Fraction (0–1) of the period ``start``→``end`` that has passed at ``as_of``."""
    total = (end - start).days
    if total <= 0:
        return 1.0
    return min(max((as_of - start).days / total, 0.0), 1.0)


def achieved_value(spec: TargetSpec, facts: ProgressFacts) -> float:
    """The achieved level as of the facts' date, in the target's unit (see module docstring)."""
    if spec.kind == "checklist":
        return float(len(facts.items_done & {item_id for item_id, _ in spec.items}))
    if spec.mode == "items":
        return spec.baseline_value + facts.item_count
    if spec.kind == "milestone":
        return 1.0 if (facts.latest or 0) >= 1 else 0.0
    if spec.progress == "flow":
        return spec.baseline_value + facts.total
    return spec.baseline_value if facts.latest is None else facts.latest


def expected_value(spec: TargetSpec, as_of: dt.date, elapsed: float | None = None) -> float:
    """What the schedule expects to be achieved by ``as_of``.

    Linear from the baseline to the target value between the baseline date and
    the deadline; stepped for per-year targets (quota of each year whose
    31 December is on or before ``as_of``); for milestones 1 from the deadline on.
    ``elapsed`` is :func:`time_elapsed` of the target at ``as_of`` when the caller has it.
    """
    if spec.kind == "per_year":
        due_years = sum(1 for year in spec.years if dt.date(year, 12, 31) <= as_of)
        return spec.baseline_value + (spec.per_year or 0) * due_years
    if spec.kind == "milestone":
        return 1.0 if as_of >= spec.deadline else 0.0
    fraction = time_elapsed(spec.baseline_date, spec.deadline, as_of) if elapsed is None else elapsed
    return spec.baseline_value + fraction * (spec.target_value - spec.baseline_value)


def _is_met(spec: TargetSpec, achieved: float) -> bool:
    if spec.comparator == "at_most":
        return achieved <= spec.target_value
    return achieved >= spec.target_value


def _on_pace(spec: TargetSpec, achieved: float, expected: float) -> bool:
    if spec.comparator == "at_most":
        return achieved <= expected
    return achieved >= expected


def _percent(spec: TargetSpec, achieved: float) -> float:
    target = spec.target_value
    if spec.comparator == "at_most":
        required = spec.baseline_value - target
        if required <= 0:
            return 100.0 if achieved <= target else 0.0
        return (spec.baseline_value - achieved) / required * 100
    if target <= 0:
        return 100.0
    return achieved / target * 100


def _year_standings(spec: TargetSpec, facts: ProgressFacts, as_of: dt.date) -> tuple[YearStanding, ...]:
    if spec.kind != "per_year" or not spec.years:
        return ()
    first = spec.years[0]
    added = dict.fromkeys(spec.years, 0.0)
    for year, amount in facts.by_year.items():
        if year <= first:
            added[first] += amount
        elif year in added:
            added[year] += amount
    result = []
    quota = float(spec.per_year or 0)
    for year in spec.years:
        start = max(dt.date(year, 1, 1), spec.baseline_date) if year == first else dt.date(year, 1, 1)
        end = dt.date(year, 12, 31)
        achieved = added[year]
        if achieved >= quota:
            status = Status.MET
        elif as_of > end:
            status = Status.MISSED
        elif as_of < start or facts.entries == 0:
            status = Status.NO_DATA
        elif achieved >= quota * time_elapsed(start, end, as_of):
            status = Status.ON_TRACK
        else:
            status = Status.BEHIND
        result.append(YearStanding(year=year, target=quota, achieved=achieved, status=status))
    return tuple(result)


def assess(spec: TargetSpec, facts: ProgressFacts, as_of: dt.date) -> Standing:
    """Return the :class:`Standing` of ``spec`` as of ``as_of`` given its progress ``facts``.

    ``facts`` must cover entries dated on or before ``as_of`` only. The rules are
    in this module's docstring (and README "Status method").
    """
    achieved = achieved_value(spec, facts)
    target = spec.target_value
    elapsed = time_elapsed(spec.baseline_date, spec.deadline, as_of)
    expected = expected_value(spec, as_of, elapsed)
    if spec.comparator == "at_most":
        gap, surplus = max(achieved - target, 0.0), max(target - achieved, 0.0)
    else:
        gap, surplus = max(target - achieved, 0.0), max(achieved - target, 0.0)
    if facts.entries == 0:
        status = Status.NO_DATA
    elif _is_met(spec, achieved):
        status = Status.MET
    elif as_of > spec.deadline:
        status = Status.MISSED
    elif spec.kind == "milestone" or _on_pace(spec, achieved, expected):
        status = Status.ON_TRACK
    else:
        status = Status.BEHIND
    items_done = tuple(item_id for item_id, _ in spec.items if item_id in facts.items_done)
    return Standing(
        target=spec,
        as_of=as_of,
        achieved=achieved,
        target_value=target,
        gap=gap,
        surplus=surplus,
        percent=_percent(spec, achieved),
        expected=expected,
        time_elapsed=elapsed,
        days_left=(spec.deadline - as_of).days,
        status=status,
        entries=facts.entries,
        last_as_of=facts.last_as_of,
        years=_year_standings(spec, facts, as_of),
        items_done=items_done,
    )


def summarise(standings: list[Standing]) -> dict[Status, int]:
    """Count standings per status, in :data:`STATUS_ORDER` (every status present, possibly 0)."""
    counts = dict.fromkeys(STATUS_ORDER, 0)
    for standing in standings:
        counts[standing.status] += 1
    return counts
