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
* **status** — before the deadline: ``no_data`` when nothing has been
  reported by the as-of date; else ``missed`` when a per-year target's quota
  of a year that has ended was not reached; else ``met`` when achieved reaches
  the target; else ``on_track`` when achieved ≥ expected by now (for linear
  schedules: the achieved fraction ≥ the fraction of time elapsed); else
  ``behind``. A milestone that is not done is ``on_track`` until its deadline
  (it has no intermediate schedule).
* **the deadline verdict** — from the deadline day on (as of the deadline
  itself: "到2022年" is met by the end of 2022-12-31 or not at all) the status
  is final and is judged on the entries dated on or before the deadline only:
  ``met`` when they reach the target (and, per year, every quota), else
  ``missed``. A target with no entry dated by its deadline is ``missed`` and
  ``unreported`` (never ``no_data``). Entries dated after the deadline never
  change the verdict; when they bring achieved to the target, a missed target
  is marked ``completed_late``, with the date it was reached and the days late.
* **scheduled, not confirmed** — from the deadline day on, a target that would be
  ``missed`` but whose missing milestone or items all have an event scheduled by the
  deadline and not confirmed (:attr:`ProgressFacts.scheduled`) is ``scheduled``
  (已安排未確認): neither met nor missed until the event is confirmed (a ``log``
  dated by the deadline makes it met; dated after, missed and completed late).

Per-year targets (每年新增) are also judged year by year on the increments
reported in each calendar year (reports before the first year count towards
it); a year's quota falls due at the end of its 31 December, and a year missed
means the target is missed whatever the total.

Achieved, gap, percent and surplus are always the as-of date's figures (late
achievements included); only the status is the deadline's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum


class Status(str, Enum):
    """A target's standing, in order of concern for sorting (worst first is reversed)."""

    MET = "met"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    MISSED = "missed"
    NO_DATA = "no_data"
    SCHEDULED = "scheduled"  # 已安排未確認: at the deadline, done only by a scheduled event not confirmed


STATUS_ORDER: tuple[Status, ...] = (Status.MISSED, Status.SCHEDULED, Status.BEHIND, Status.NO_DATA, Status.ON_TRACK, Status.MET)
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
        kind: ``number``, ``range``, ``per_year``, ``checklist``, ``milestone`` or ``annual``
            (a figure of the calendar year ``year``, judged on the entries dated in it).
        comparator: ``at_least`` (higher is better), ``at_most`` (lower is better) or
            ``approximately`` (N左右: reached at N − ``tolerance``; higher is better).
        unit_kind, precision: the unit's kind (``count``, ``share`` — a percentage 0–100 —,
            ``amount``, ``rate``) and how many decimals its values take; figures are
            compared as exact decimals at that precision (:func:`exact`).
        value: N for ``number`` targets; ``minimum``/``maximum`` for ranges;
            ``per_year`` and ``years`` for per-year targets; ``items`` as
            ``(item_id, name)`` pairs for checklists. Counts are in ``unit``.
        progress: ``stock`` (levels; the latest counts) or ``flow`` (increments add up).
        mode: ``value`` (numbers are reported) or ``items`` (named achievements are
            reported and counted: checklists and ledger targets).
        chapter: ``(id, number, title)`` of the chapter the target's measure is in.
        units: responsible units, lead first.
        counts: ``total`` (存量: what stood at the baseline counts, baseline facts included)
            or ``new`` (新增: only what is new since the baseline date counts).
        counts_ambiguous: the plan's sentence reads either way; ``counts_note`` says why.
        met_at_baseline: the plan file says the baseline already meets the target.
        plan_id: the id of the plan the target belongs to (a database may hold several; ``id`` is
            the key it is stored under, unique in the database).
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
    unit_kind: str = "count"
    precision: int = 0
    tolerance: float | None = None
    year: int | None = None
    within_years: int | None = None
    counts: str = "total"
    counts_ambiguous: bool = False
    counts_note: str | None = None
    met_at_baseline: bool = False
    plan_id: str = ""

    @property
    def start_value(self) -> float:
        """Where progress is counted from: the baseline value for ``counts: total``, 0 for ``counts: new``."""
        return 0.0 if self.counts == "new" else self.baseline_value

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


#: One report date's aggregate: ``(date, sum of the values of that date's effective entries, value of its last entry)``.
DateRow = tuple[dt.date, float, float | None]


@dataclass(frozen=True, slots=True)
class ProgressFacts:
    """Aggregates of one target's effective progress entries dated on or before the as-of date.

    Attributes:
        entries: number of entries.
        last_as_of: the latest entry date, or None.
        total: sum of entry values, for flow targets counted by value (0 for other targets:
            no rule reads it, so the ledger does not compute it).
        latest: value of the latest entry (stock targets; ties broken by record order).
        by_year: sum of entry values per calendar year of ``as_of``.
        items_done: ids of checklist items reported done.
        item_count: how many distinct named items count (targets tracked by items).
        at_deadline: the same aggregates (these seven fields) over the entries dated on or
            before the target's **deadline**, with the same ``known_at``; its own
            ``at_deadline`` and ``after_deadline`` stay empty. Needed when the as-of date is
            after the deadline and some entry is dated after the deadline; None otherwise
            (when nothing is dated after the deadline these facts are the deadline's).
            The store fills it with ``progress_facts(session, spec.deadline, ids, known_at=…)``
            for the targets whose deadline is before the as-of date.
        before_baseline: the same aggregates (the first seven fields) over the entries dated
            **before the target's baseline date** (baseline facts), with the same ``known_at``;
            None when there are none (the store fills it only for targets that have some).
            A ``counts: new`` target subtracts them from what is achieved; a ``counts: total``
            target counts them as any entry.
        after_deadline: one :data:`DateRow` per report date after the deadline, up to the
            as-of date, oldest first: the rows of ``progress_series(session, as_of, ids,
            known_at=…)`` dated after the target's deadline. Read only to date a late
            completion (:attr:`Standing.completed_on`); empty when there are none, or when
            the store does not supply them (then a late completion has no date).
        scheduled: how many of what the target still lacked at its deadline (its milestone,
            or items not recorded) have an event scheduled for a date on or before the
            deadline and not confirmed (``zsplan log … --scheduled``); 0 when none. Never
            counted as achieved; it decides the status ``scheduled`` (:func:`assess`).
    """

    entries: int = 0
    last_as_of: dt.date | None = None
    total: float = 0.0
    latest: float | None = None
    by_year: Mapping[int, float] = field(default_factory=dict)
    items_done: frozenset[str] = frozenset()
    item_count: int = 0
    at_deadline: ProgressFacts | None = None
    after_deadline: tuple[DateRow, ...] = ()
    scheduled: int = 0
    before_baseline: ProgressFacts | None = None


@dataclass(frozen=True, slots=True)
class YearStanding:
    """One year of a per-year target: its quota and what was added that year (in the target's unit), and its status.

    ``met`` once the quota is reached; ``missed`` from the year's 31 December on when it
    is not (final at the end of that day); ``no_data`` before the year starts or with no
    report at all; else ``on_track``/``behind`` on a linear schedule within the year.
    """

    year: int
    target: float
    achieved: float
    status: Status


@dataclass(frozen=True, slots=True)
class Standing:
    """A target's standing as of a date. Numbers are in the target's unit; ``percent`` is 0–100(+).

    ``achieved``, ``gap``, ``surplus``, ``percent``, ``entries`` and ``last_as_of`` are
    the as-of date's; ``status`` is, from the deadline day on, the deadline verdict
    (see the module docstring). ``time_elapsed`` is a fraction 0–1; ``days_left`` is
    0 on the deadline day and negative after it.

    Attributes:
        years: per-year targets: each year's quota, what was added and its status.
        items_done: checklists: ids of the items reported done, in plan order.
        achieved_at_deadline: from the deadline day on, achieved counting only entries
            dated on or before the deadline (what the verdict is judged on); None before.
        unreported: from the deadline day on, True when no entry is dated on or before
            the deadline (the status is then ``missed``).
        completed_late: True when the target is ``missed`` but entries dated after the
            deadline have since brought achieved to the target.
        completed_on: the report date on which it was reached, when the facts date it
            (see :attr:`ProgressFacts.after_deadline`); else None.
        days_late: ``completed_on − deadline`` in days (60 for 2023-03-01 against
            2022-12-31); None without ``completed_on``.
        baseline_entries: how many of the effective entries are baseline facts (dated
            before the baseline date).
        achieved_at_baseline: what stood at the baseline, in the target's unit: the
            baseline value with the baseline facts (``counts: total``: their items, sums or
            latest level); for ``counts: new`` the level progress is counted from.
        met_at_baseline: the target is ``met`` and what stood at the baseline already met
            it (the plan file says so, or baseline facts show it; never for ``counts: new``).
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
    achieved_at_deadline: float | None = None
    unreported: bool = False
    completed_late: bool = False
    completed_on: dt.date | None = None
    days_late: int | None = None
    baseline_entries: int = 0
    achieved_at_baseline: float = 0.0
    met_at_baseline: bool = False

    @property
    def deadline_reached(self) -> bool:
        """Whether the as-of date is the deadline or later: the status is then final."""
        return self.as_of >= self.target.deadline

    @property
    def missed_years(self) -> tuple[int, ...]:
        """Years of a per-year target whose quota was not reached by their 31 December."""
        return tuple(year.year for year in self.years if year.status is Status.MISSED)


def exact(spec: TargetSpec, value: float) -> Decimal:
    """``value`` as the exact decimal it stands for in ``spec``'s unit: rounded half up to the unit's precision
    (a sum of increments 0.1 + 0.2 is 0.3, not 0.30000000000000004; a count is whole)."""
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-spec.precision), rounding=ROUND_HALF_UP)


def _tidy(spec: TargetSpec, value: float) -> float:
    """``value`` without the binary noise of float sums, at the unit's precision (counts are left as they are)."""
    return value if spec.precision == 0 else float(exact(spec, value))


def _year_span(spec: TargetSpec) -> tuple[dt.date, dt.date]:
    """The calendar year an annual target is judged in (its baseline date when that falls inside the year)."""
    year = spec.year or spec.deadline.year
    return max(dt.date(year, 1, 1), spec.baseline_date), dt.date(year, 12, 31)


def _in_year(spec: TargetSpec, facts: ProgressFacts) -> bool:
    """Whether an annual target has an entry dated in its year among ``facts``."""
    year = spec.year or spec.deadline.year
    if spec.progress == "flow":
        return year in facts.by_year
    return facts.last_as_of is not None and facts.last_as_of.year == year


def time_elapsed(start: dt.date, end: dt.date, as_of: dt.date) -> float:
    """Fraction (0–1) of the period ``start``→``end`` that has passed at ``as_of``."""
    total = (end - start).days
    if total <= 0:
        return 1.0
    return min(max((as_of - start).days / total, 0.0), 1.0)


def _counted(spec: TargetSpec, facts: ProgressFacts) -> float:
    """What the facts hold for a ``counts: total`` reading: the baseline value with every entry."""
    if spec.kind == "checklist":
        done = len(facts.items_done & {item_id for item_id, _ in spec.items})
        return float(min(len(spec.items), spec.baseline_value + done))  # a baseline of N is N items done
    if spec.mode == "items":
        return spec.baseline_value + facts.item_count
    if spec.kind == "milestone":
        return 1.0 if (facts.latest if facts.latest is not None else spec.baseline_value) >= 1 else 0.0
    if spec.kind == "annual":
        if spec.progress == "flow":  # the year's own flow: what was added in it
            return _tidy(spec, facts.by_year.get(spec.year or spec.deadline.year, 0.0))
        return facts.latest if _in_year(spec, facts) and facts.latest is not None else spec.baseline_value
    if spec.progress == "flow":
        return _tidy(spec, spec.baseline_value + facts.total)
    return spec.baseline_value if facts.latest is None else facts.latest


def achieved_at_baseline(spec: TargetSpec, facts: ProgressFacts) -> float:
    """What stood at the baseline: the baseline value with the baseline facts (``facts.before_baseline``), in the target's unit."""
    return _counted(spec, facts.before_baseline or ProgressFacts())


def achieved_value(spec: TargetSpec, facts: ProgressFacts) -> float:
    """The achieved level as of the facts' date, in the target's unit (see module docstring).

    ``counts: total``: the baseline value with every entry, baseline facts included (a
    checklist's baseline value counts as that many of its items done). ``counts: new``:
    only what is new since the baseline — the entries dated before the baseline date, and
    the baseline value, are not counted; a level counts what it adds to the level at the
    baseline (never below 0); a milestone counts only if done after the baseline date.
    """
    total = _counted(spec, facts)
    if spec.counts != "new":
        return total
    before = facts.before_baseline or ProgressFacts()
    if spec.kind == "checklist":
        known = {item_id for item_id, _ in spec.items}
        return float(len((facts.items_done - before.items_done) & known))
    if spec.mode == "items":
        return float(max(facts.item_count - before.item_count, 0))
    if spec.kind == "milestone":
        return total if facts.entries > before.entries else 0.0
    if spec.progress == "flow":
        return facts.total - before.total
    return max(total - _counted(spec, before), 0.0)


def expected_value(spec: TargetSpec, as_of: dt.date, elapsed: float | None = None) -> float:
    """What the schedule expects to be achieved by ``as_of``.

    Linear from the baseline to the target value between the baseline date and
    the deadline; stepped for per-year targets (quota of each year whose
    31 December is on or before ``as_of``); for milestones 1 from the deadline on.
    ``elapsed`` is :func:`time_elapsed` of the target at ``as_of`` when the caller has it.
    """
    start = spec.start_value
    if spec.kind == "per_year":
        due_years = sum(1 for year in spec.years if dt.date(year, 12, 31) <= as_of)
        return start + (spec.per_year or 0) * due_years
    if spec.kind == "milestone":
        return 1.0 if as_of >= spec.deadline else 0.0
    if spec.kind == "annual":
        first, last = _year_span(spec)
        begin = 0.0 if spec.progress == "flow" else start
        return begin + time_elapsed(first, last, as_of) * (spec.target_value - begin) if as_of >= first else begin
    fraction = time_elapsed(spec.baseline_date, spec.deadline, as_of) if elapsed is None else elapsed
    return start + fraction * (spec.target_value - start)


def is_met(spec: TargetSpec, achieved: float) -> bool:
    """Whether ``achieved`` (in the target's unit) reaches the target value (``at_most``: falls to it;
    ``approximately``: reaches the target value less its tolerance), compared as exact decimals."""
    reached, target = exact(spec, achieved), exact(spec, spec.target_value)
    if spec.comparator == "at_most":
        return reached <= target
    if spec.comparator == "approximately":
        return reached >= target - Decimal(repr(float(spec.tolerance or 0)))
    return reached >= target


def _on_pace(spec: TargetSpec, achieved: float, expected: float) -> bool:
    if spec.comparator == "at_most":
        return achieved <= expected
    return achieved >= expected or (spec.precision > 0 and exact(spec, achieved) >= exact(spec, expected))


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
    # a target that counts only what is new leaves its baseline facts out of every year (docs/method.md, "Baseline facts")
    before = facts.before_baseline.by_year if spec.counts == "new" and facts.before_baseline is not None else {}
    for year, gross in facts.by_year.items():
        amount = gross - before.get(year, 0.0)
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
        elif as_of >= end:  # the year's quota falls due at the end of its 31 December
            status = Status.MISSED
        elif as_of < start or facts.entries == 0:
            status = Status.NO_DATA
        elif achieved >= quota * time_elapsed(start, end, as_of):
            status = Status.ON_TRACK
        else:
            status = Status.BEHIND
        result.append(YearStanding(year=year, target=quota, achieved=achieved, status=status))
    return tuple(result)


def accumulate(spec: TargetSpec, start: float, per_date: Iterable[DateRow]) -> list[tuple[dt.date, float]]:
    """The achieved value after each report date, from ``start`` and per-date aggregates.

    Args:
        start: achieved before the first row (the baseline, or achieved at the deadline).
        per_date: :data:`DateRow` rows, oldest first.

    Returns:
        ``(date, achieved)`` per row, in the target's unit. Stock targets and milestones
        take the last value of each date; flow targets, named items and checklists add
        each date's sum to the running value.
    """
    cumulative = spec.mode == "items" or (spec.progress == "flow" and spec.kind != "milestone")
    series, running = [], start
    for day, total, last in per_date:
        if cumulative:
            running += total
        elif last is not None:
            running = last
        series.append((day, running))
    return series


def deadline_facts(spec: TargetSpec, facts: ProgressFacts, as_of: dt.date) -> ProgressFacts:
    """The facts the status is judged on: ``facts`` before the deadline, the deadline's from the deadline day on.

    From the deadline day on that is ``facts.at_deadline`` when given, else ``facts``
    itself when no entry is dated after the deadline (they are then the same).

    Raises:
        ValueError: the as-of date is after the deadline, an entry is dated after it and
            ``facts.at_deadline`` is missing: the verdict cannot be judged (a caller's bug).
    """
    if as_of < spec.deadline:
        return facts
    if facts.at_deadline is not None:
        if facts.at_deadline.before_baseline is None and facts.before_baseline is not None:
            # baseline facts are dated before the deadline: the deadline's are the as-of date's
            return dataclasses.replace(facts.at_deadline, before_baseline=facts.before_baseline)
        return facts.at_deadline
    if facts.last_as_of is None or facts.last_as_of <= spec.deadline:
        return facts
    raise ValueError(
        f"{spec.id}: entries are dated after the deadline {spec.deadline} (the last {facts.last_as_of}) "
        "but the facts carry no at_deadline aggregate: the deadline verdict needs the entries dated up to the deadline"
    )


def _first_met(spec: TargetSpec, start: float, rows: Iterable[DateRow]) -> dt.date | None:
    """The first report date after the deadline on which achieved reaches the target, or None."""
    later = [row for row in rows if row[0] > spec.deadline]
    for day, achieved in accumulate(spec, start, later):
        if is_met(spec, 1.0 if spec.kind == "milestone" and achieved >= 1 else achieved):
            return day
    return None


def assess(spec: TargetSpec, facts: ProgressFacts, as_of: dt.date) -> Standing:
    """Return the :class:`Standing` of ``spec`` as of ``as_of`` given its progress ``facts``.

    ``facts`` must cover entries dated on or before ``as_of`` only; from the deadline
    day on, the status is judged on :func:`deadline_facts`. The rules are in this
    module's docstring (and docs/method.md).

    Raises:
        ValueError: see :func:`deadline_facts`.
    """
    achieved = achieved_value(spec, facts)
    target = spec.target_value
    # a baseline the plan file says meets the target is the file's own report of it (docs/method.md, "Baseline facts")
    file_met = spec.met_at_baseline and spec.counts != "new" and is_met(spec, _counted(spec, ProgressFacts()))
    elapsed = time_elapsed(spec.baseline_date, spec.deadline, as_of)
    expected = expected_value(spec, as_of, elapsed)
    if spec.comparator == "at_most":
        gap, surplus = max(achieved - target, 0.0), max(target - achieved, 0.0)
    else:
        gap, surplus = max(target - achieved, 0.0), max(achieved - target, 0.0)
    if spec.comparator == "approximately" and is_met(spec, achieved):
        gap = 0.0  # reached within its tolerance: nothing remains to do
    judged = deadline_facts(spec, facts, as_of)
    years = _year_standings(spec, judged, as_of)
    year_missed = any(year.status is Status.MISSED for year in years)
    achieved_at_deadline: float | None = None
    unreported = completed_late = False
    completed_on: dt.date | None = None
    if as_of < spec.deadline:
        if (facts.entries == 0 and not file_met) or (spec.kind == "annual" and not _in_year(spec, facts)):
            status = Status.NO_DATA
        elif year_missed:
            status = Status.MISSED
        elif is_met(spec, achieved):
            status = Status.MET
        elif spec.kind == "milestone" or _on_pace(spec, achieved, expected):
            status = Status.ON_TRACK
        else:
            status = Status.BEHIND
    else:
        achieved_at_deadline = achieved if judged is facts else achieved_value(spec, judged)
        unreported = (judged.entries == 0 and not file_met) or (spec.kind == "annual" and not _in_year(spec, judged))
        met_by_deadline = is_met(spec, achieved_at_deadline)
        status = Status.MET if met_by_deadline and not unreported and not year_missed else Status.MISSED
        reported_after = facts.entries > judged.entries
        if status is Status.MISSED and reported_after and is_met(spec, achieved) and (unreported or not met_by_deadline):
            completed_late = True
            completed_on = _first_met(spec, achieved_at_deadline, facts.after_deadline)
        elif status is Status.MISSED and facts.scheduled and not year_missed and is_met(spec, achieved_at_deadline + facts.scheduled):
            status = Status.SCHEDULED  # neither done nor not done: scheduled by the deadline, not confirmed
    items_done = tuple(item_id for item_id, _ in spec.items if item_id in facts.items_done)
    at_baseline = achieved_at_baseline(spec, facts)
    met_at_start = status is Status.MET and spec.counts != "new" and is_met(spec, at_baseline)
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
        years=years,
        items_done=items_done,
        achieved_at_deadline=achieved_at_deadline,
        unreported=unreported,
        completed_late=completed_late,
        completed_on=completed_on,
        days_late=None if completed_on is None else (completed_on - spec.deadline).days,
        baseline_entries=facts.before_baseline.entries if facts.before_baseline else 0,
        achieved_at_baseline=at_baseline,
        met_at_baseline=met_at_start,
    )


def summarise(standings: list[Standing]) -> dict[Status, int]:
    """Count standings per status, in :data:`STATUS_ORDER` (every status present, possibly 0)."""
    counts = dict.fromkeys(STATUS_ORDER, 0)
    for standing in standings:
        counts[standing.status] += 1
    return counts
