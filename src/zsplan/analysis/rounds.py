"""Reporting rounds (年中對賬、年底總結): periods, tasks and their verdicts, completeness, and what changed between rounds.

Pure functions over plain data: no database, no terminal. The rules are in
docs/method.md ("Tasks", "Reporting rounds", "Completeness", "What changed").

The plan's words (六(三)(四)): 「制定年度工作要點,任務分解到具體責任部門」 and
「對各項任務和目標推進情況進行跟蹤落實,及時掌握進展情況,並做好年中對賬、年底總結」 —
tasks and targets, decomposed to units, reconciled twice a year.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

#: A task's reported state, as the field writes it (docs/method.md, "Tasks"), in order of concern (worst first).
TASK_STATES = ("delayed", "not_started", "in_progress", "completed")
#: The words a unit writes for each state (Traditional, as the plan writes; Simplified is read too).
TASK_STATE_WORDS = {"not_started": "未啟動", "in_progress": "推進中", "completed": "已完成", "delayed": "滯後"}
#: A task's verdict when its lead unit has reported nothing by the date.
NO_REPORT = "no_data"
#: Every verdict a task can have, worst first (``no_data`` after ``delayed``: nothing is known).
TASK_VERDICTS = ("delayed", NO_REPORT, "not_started", "in_progress", "completed")
#: Verdict words in reports and tables.
TASK_VERDICT_WORDS = {
    "zh": {**TASK_STATE_WORDS, NO_REPORT: "未報送"},
    "en": {"not_started": "not started", "in_progress": "in progress", "completed": "completed", "delayed": "delayed", NO_REPORT: "not reported"},
}

#: Days after a period's end by which its submissions are due, unless a round says otherwise (the 10th of the next month).
DEFAULT_DUE_DAYS = 10


@dataclass(frozen=True)
class RoundPeriod:
    """A reporting period: ``code`` (2021H1, 2021H2, 2021, 2021Q3), its first and last day (inclusive) and its kind.

    ``kind`` is ``half`` (年中對賬: January–June, or July–December for H2), ``year``
    (年底總結: the calendar year) or ``quarter``.
    """

    code: str
    kind: str
    start: dt.date
    end: dt.date

    def default_due(self) -> dt.date:
        """The due date when a round gives none: :data:`DEFAULT_DUE_DAYS` days after the period's end (7月10日, 1月10日)."""
        return self.end + dt.timedelta(days=DEFAULT_DUE_DAYS)

    def contains(self, day: dt.date) -> bool:
        """Whether ``day`` lies in the period (both ends included)."""
        return self.start <= day <= self.end

    def label_zh(self) -> str:
        """The period as officials write it: 2021年上半年, 2021年, 2021年下半年, 2021年第三季度."""
        year = self.start.year
        if self.kind == "half":
            return f"{year}年{'上' if self.start.month == 1 else '下'}半年"
        if self.kind == "quarter":
            return f"{year}年第{'一二三四'[(self.start.month - 1) // 3]}季度"
        return f"{year}年"


def parse_round_period(code: str) -> RoundPeriod:
    """``2021H1`` (1 January–30 June), ``2021H2`` (1 July–31 December), ``2021`` (the year), ``2021Q1``–``Q4``.

    Raises:
        ValueError: ``code`` is none of these (the message says what to write).
    """
    text = code.strip().upper()
    match = re.fullmatch(r"(\d{4})(?:(H[12])|(Q[1-4]))?", text)
    if not match or not 1900 <= int(match.group(1)) <= 2999:
        raise ValueError(f"round {code!r} is not YYYY, YYYYH1, YYYYH2 or YYYYQ1–Q4; write e.g. 2021H1 (to 30 June) or 2021 (to 31 December)")
    year = int(match.group(1))
    half, quarter = match.group(2), match.group(3)
    if half == "H1":
        return RoundPeriod(text, "half", dt.date(year, 1, 1), dt.date(year, 6, 30))
    if half == "H2":
        return RoundPeriod(text, "half", dt.date(year, 7, 1), dt.date(year, 12, 31))
    if quarter:
        q = int(quarter[1])
        start = dt.date(year, 3 * q - 2, 1)
        end = dt.date(year, 12, 31) if q == 4 else dt.date(year, 3 * q + 1, 1) - dt.timedelta(days=1)
        return RoundPeriod(text, "quarter", start, end)
    return RoundPeriod(text, "year", dt.date(year, 1, 1), dt.date(year, 12, 31))


# ------------------------------------------------------------------------------------------------ tasks


@dataclass(frozen=True)
class TaskUnit:
    """A responsible unit of a task: its id, name and role (``lead``: the first the plan lists; else ``co``)."""

    id: str
    name: str
    role: str


@dataclass(frozen=True)
class TaskSpec:
    """A task: a measure (or section) of the plan that names responsible units (責任單位).

    ``id`` is the measure's id (``c3.3.1``); ``number`` and ``title`` as the plan
    prints them; ``chapter`` is ``(id, number, title)`` of its chapter; ``targets`` the
    ids of the targets the measure carries (possibly none); ``outline`` its place as the
    plan numbers it, chapter, section and measure (``三(三)1.``).
    """

    id: str
    number: str
    title: str
    level: str
    chapter: tuple[str, str, str]
    units: tuple[TaskUnit, ...]
    targets: tuple[str, ...] = ()
    outline: str = ""

    @property
    def lead(self) -> TaskUnit:
        """The lead unit (the first listed)."""
        return self.units[0]


@dataclass(frozen=True)
class UnitReport:
    """What a unit reported for one period on a task (or, as narrative, on a target).

    Attributes:
        subject_kind: ``task`` or ``target``; subject_id: the task's or the target's id.
        role: the unit's role for the subject (``lead`` or ``co``).
        as_of: the last day of the period reported on.
        state: for a task, one of :data:`TASK_STATES` (None: a contribution without a state, or a target's narrative).
        progress, problems, next_steps: 進展情況, 存在問題, 下一步工作 (free text, may be None).
        submission_id: the accepted submission it came from (None: recorded directly with ``zsplan task``).
        late: recorded with ``--late`` inside a closed round.
    """

    id: int
    subject_kind: str
    subject_id: str
    unit_id: str
    role: str
    as_of: dt.date
    state: str | None
    progress: str | None
    problems: str | None
    next_steps: str | None
    evidence: str | None
    recorded_at: dt.datetime
    recorded_by: str
    submission_id: int | None = None
    late: bool = False


@dataclass(frozen=True)
class TaskStanding:
    """A task as of a date: its verdict, the lead unit's latest report, and the co-responsible units' latest contributions.

    ``verdict`` is one of :data:`TASK_VERDICTS`; ``lead_report`` is None when the lead
    unit has reported nothing dated by the as-of date (verdict ``no_data``).
    """

    task: TaskSpec
    as_of: dt.date
    verdict: str
    lead_report: UnitReport | None
    contributions: tuple[UnitReport, ...] = ()
    reports: int = 0

    @property
    def last_reported(self) -> dt.date | None:
        """The date of the lead unit's latest report (None: never)."""
        return self.lead_report.as_of if self.lead_report else None


def _latest(reports: Iterable[UnitReport]) -> UnitReport | None:
    return max(reports, key=lambda report: (report.as_of, report.recorded_at, report.id), default=None)


def judge_task(task: TaskSpec, reports: Sequence[UnitReport], as_of: dt.date, known_at: dt.datetime | None = None) -> TaskStanding:
    """A task's verdict as of ``as_of``: the state in the lead unit's latest report dated by then.

    Reports dated after ``as_of``, or (with ``known_at``) recorded after it, are not
    read. The latest is the one with the latest period (``as_of``), then the latest
    recorded. Co-responsible units contribute (their latest report each is kept apart,
    in ``contributions``) but never set the verdict: the plan names the lead unit first,
    and it answers for the task. A lead report without a state does not set it either.

    Args:
        reports: every report on this task (any unit, any date).
    """
    seen = [r for r in reports if r.subject_kind == "task" and r.subject_id == task.id and r.as_of <= as_of]
    if known_at is not None:
        seen = [r for r in seen if r.recorded_at <= known_at]
    lead = _latest(r for r in seen if r.unit_id == task.lead.id and r.state is not None)
    contributions = []
    for unit in task.units[1:]:
        latest = _latest(r for r in seen if r.unit_id == unit.id)
        if latest is not None:
            contributions.append(latest)
    verdict = lead.state if lead is not None and lead.state else NO_REPORT
    return TaskStanding(task=task, as_of=as_of, verdict=verdict, lead_report=lead, contributions=tuple(contributions), reports=len(seen))


def judge_tasks(tasks: Sequence[TaskSpec], reports: Sequence[UnitReport], as_of: dt.date, known_at: dt.datetime | None = None) -> list[TaskStanding]:
    """:func:`judge_task` for every task, in plan order."""
    by_task: dict[str, list[UnitReport]] = {}
    for report in reports:
        if report.subject_kind == "task":
            by_task.setdefault(report.subject_id, []).append(report)
    return [judge_task(task, by_task.get(task.id, []), as_of, known_at) for task in tasks]


def count_verdicts(standings: Iterable[TaskStanding]) -> dict[str, int]:
    """How many tasks have each verdict, every verdict of :data:`TASK_VERDICTS` present (0 when none)."""
    counts = dict.fromkeys(TASK_VERDICTS, 0)
    for standing in standings:
        counts[standing.verdict] += 1
    return counts


# ------------------------------------------------------------------------------------------------ submissions and completeness

#: Submission states (Akvo RSR's draft → pending → returned/approved; DHIS2's data approval).
SUBMISSION_STATES = ("not_submitted", "submitted", "returned", "accepted")
#: Timeliness of a unit in a round.
TIMELINESS = ("on_time", "late", "missing", "pending")


@dataclass(frozen=True)
class Owed:
    """What one unit owes a round: the tasks and targets it leads (it reports) and those it co-owns (it contributes).

    Each is a tuple of ``(id, name)`` in plan order.
    """

    unit_id: str
    unit_name: str
    lead_tasks: tuple[tuple[str, str], ...] = ()
    co_tasks: tuple[tuple[str, str], ...] = ()
    lead_targets: tuple[tuple[str, str], ...] = ()
    co_targets: tuple[tuple[str, str], ...] = ()

    @property
    def count(self) -> int:
        """How many tasks and targets in all."""
        return len(self.lead_tasks) + len(self.co_tasks) + len(self.lead_targets) + len(self.co_targets)


@dataclass(frozen=True)
class Submission:
    """One submission of a unit to a round, with the decisions on it (in order).

    Attributes:
        received_at: when the unit's sheet (or word) reached the bureau, UTC; timeliness is judged on it.
        recorded_at, recorded_by: when and by whom it was entered.
        decisions: ``(action, at, by, reason)`` with action ``accept`` or ``return``, oldest first.
        rows: how many figures and reports it holds.
    """

    id: int
    round_id: str
    unit_id: str
    received_at: dt.datetime
    recorded_at: dt.datetime
    recorded_by: str
    file_name: str | None
    rows: int
    decisions: tuple[tuple[str, dt.datetime, str, str | None], ...] = ()

    @property
    def state(self) -> str:
        """``submitted`` (awaiting review), ``returned`` or ``accepted``: the latest decision's, else ``submitted``."""
        if not self.decisions:
            return "submitted"
        return {"accept": "accepted", "return": "returned"}[self.decisions[-1][0]]


@dataclass(frozen=True)
class CompletenessRow:
    """One unit's line in a round's completeness table.

    Attributes:
        state: one of :data:`SUBMISSION_STATES` (of its latest submission).
        timeliness: ``on_time`` (its latest submission received by the due date), ``late`` (after),
            ``missing`` (nothing to review after the due date: never submitted, or returned and not
            sent again) or ``pending`` (nothing yet, the due date not passed).
        received_at / submitted_by: of the latest submission; decided_at / decided_by / reason: of its latest decision.
        submissions: how many it sent; returns: how many were returned.
    """

    unit_id: str
    unit_name: str
    owed: Owed
    state: str
    timeliness: str
    received_at: dt.datetime | None = None
    submitted_by: str | None = None
    decided_at: dt.datetime | None = None
    decided_by: str | None = None
    reason: str | None = None
    submissions: int = 0
    returns: int = 0
    days_late: int | None = None


def completeness(
    owed: Sequence[Owed], submissions: Sequence[Submission], *, due: dt.date, today: dt.date, local_date: Mapping[dt.datetime, dt.date] | None = None
) -> list[CompletenessRow]:
    """Who has reported to a round, per unit in the order given: on time, late, missing (DHIS2's reporting rate and timeliness).

    A submission is on time when it was received on or before the due date (the local
    date of ``received_at``, from ``local_date``; the UTC date without it). A unit's line
    follows its latest submission: one returned and sent again is judged by the new one;
    one returned and not sent again is ``missing`` after the due date (the unit still owes
    it), as is a unit that never sent one. ``days_late`` = received date − due date.

    Args:
        today: the local date the table is made on (``missing`` only after ``due``).
    """
    by_unit: dict[str, list[Submission]] = {}
    for submission in sorted(submissions, key=lambda s: (s.received_at, s.id)):
        by_unit.setdefault(submission.unit_id, []).append(submission)
    rows = []
    for unit in owed:
        sent = by_unit.get(unit.unit_id, [])
        returns = sum(1 for s in sent for decision in s.decisions if decision[0] == "return")
        if not sent:
            rows.append(CompletenessRow(unit.unit_id, unit.unit_name, unit, "not_submitted", "missing" if today > due else "pending"))
            continue
        latest = sent[-1]
        received = (local_date or {}).get(latest.received_at, latest.received_at.date())
        waiting = "missing" if today > due else "pending"
        timeliness = waiting if latest.state == "returned" else ("on_time" if received <= due else "late")
        decision = latest.decisions[-1] if latest.decisions else None
        rows.append(
            CompletenessRow(
                unit.unit_id,
                unit.unit_name,
                unit,
                latest.state,
                timeliness,
                received_at=latest.received_at,
                submitted_by=latest.recorded_by,
                decided_at=decision[1] if decision else None,
                decided_by=decision[2] if decision else None,
                reason=decision[3] if decision else None,
                submissions=len(sent),
                returns=returns,
                days_late=(received - due).days if timeliness == "late" else None,
            )
        )
    return rows


def count_timeliness(rows: Iterable[CompletenessRow]) -> dict[str, int]:
    """How many units are on time, late, missing and pending (every key present)."""
    counts = dict.fromkeys(TIMELINESS, 0)
    for row in rows:
        counts[row.timeliness] += 1
    return counts


# ------------------------------------------------------------------------------------------------ what changed between rounds


@dataclass(frozen=True)
class LedgerChange:
    """An entry recorded between two moments that changes what an earlier round said.

    ``change`` is ``late`` (an entry dated by the earlier round's end, recorded after that
    round's moment), ``correction`` or ``retraction`` (with its ``reason``); ``supersedes``
    the entry corrected or retracted; ``before`` its figure (or item) and ``after`` the new one.
    """

    change: str
    entry_id: int
    target_id: str
    as_of: dt.date
    recorded_at: dt.datetime
    recorded_by: str
    before: str | None = None
    after: str | None = None
    supersedes: int | None = None
    reason: str | None = None
    marked_late: bool = False


@dataclass(frozen=True)
class Flip:
    """A target or task whose verdict differs between two rounds, and why.

    ``kind`` is ``target`` or ``task``; ``before``/``after`` are its statuses (verdicts);
    ``why`` says what moved it in plain words (achieved and expected, or the reports).
    """

    kind: str
    subject_id: str
    name: str
    before: str
    after: str
    why: str
    changes: tuple[int, ...] = ()


@dataclass(frozen=True)
class TargetPoint:
    """A target's standing at one round, as the diff needs it: status, achieved, expected (counts in its unit)."""

    target_id: str
    name: str
    status: str
    achieved: float
    expected: float
    target_value: float


@dataclass(frozen=True)
class RoundDiff:
    """What changed between two points (rounds, or two ``--known-at`` times): the ledger changes and the flips."""

    changes: tuple[LedgerChange, ...] = ()
    flips: tuple[Flip, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)


def _figure(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def diff_rounds(
    before: Sequence[TargetPoint],
    after: Sequence[TargetPoint],
    tasks_before: Sequence[TaskStanding],
    tasks_after: Sequence[TaskStanding],
    changes: Sequence[LedgerChange],
) -> RoundDiff:
    """Compare two points: every target or task whose verdict differs, with why, and the ledger changes between them.

    A target's why: ``achieved A → B of T (expected by then E1 → E2)``, then the entries
    recorded between the points that touch it (late entries, corrections, retractions), by
    number. A task's why: the lead unit's reports at each point (state and period), or
    ``no report``.
    """
    touched: dict[str, list[LedgerChange]] = {}
    for change in changes:
        touched.setdefault(change.target_id, []).append(change)
    old = {point.target_id: point for point in before}
    flips = []
    for point in after:
        was = old.get(point.target_id)
        if was is None or was.status == point.status:
            continue
        why = (
            f"achieved {_figure(was.achieved)} → {_figure(point.achieved)} of {_figure(point.target_value)} "
            f"(expected by then {was.expected:.2f} → {point.expected:.2f})"
        )
        related = touched.get(point.target_id, [])
        if related:
            why += "; " + ", ".join(f"{change.change} #{change.entry_id}" for change in related)
        flips.append(Flip("target", point.target_id, point.name, was.status, point.status, why, tuple(change.entry_id for change in related)))
    old_tasks = {standing.task.id: standing for standing in tasks_before}
    for standing in tasks_after:
        was_task = old_tasks.get(standing.task.id)
        if was_task is None or was_task.verdict == standing.verdict:
            continue
        flips.append(
            Flip("task", standing.task.id, standing.task.title, was_task.verdict, standing.verdict, f"{_task_said(was_task)} → {_task_said(standing)}")
        )
    counts = {kind: sum(1 for change in changes if change.change == kind) for kind in ("late", "correction", "retraction")}
    counts["flips"] = len(flips)
    return RoundDiff(changes=tuple(changes), flips=tuple(flips), counts=counts)


def _task_said(standing: TaskStanding) -> str:
    report = standing.lead_report
    if report is None:
        return f"no report by {standing.as_of.isoformat()}"
    return f"{report.state} (reported for {report.as_of.isoformat()} by {report.unit_id})"
