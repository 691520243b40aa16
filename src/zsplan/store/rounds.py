"""Reporting rounds in the database (revision 0012): rounds and their events, submissions and their rows, units'
reports on tasks, the entries accepted submissions wrote, late entries. All SQL of rounds is here.

Every table is append-only: a round's state (open, closed) and a submission's (submitted, returned, accepted)
are their latest events.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from zsplan.analysis.entries import Entry
from zsplan.analysis.rounds import LedgerChange, Owed, RoundPeriod, Submission, TaskSpec, TaskUnit, UnitReport, parse_round_period
from zsplan.errors import UsageError
from zsplan.store import plans
from zsplan.store import tables as t
from zsplan.text import fold


def _naive(moment: dt.datetime) -> dt.datetime:
    """A moment to store or compare with: in UTC, with its zone (a moment without one is taken as UTC)."""
    return moment.astimezone(dt.UTC) if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _aware(moment: dt.datetime) -> dt.datetime:
    """A stored moment read back: UTC with zone."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


# ------------------------------------------------------------------------------------------------ tasks


def fetch_tasks(session: Session) -> list[TaskSpec]:
    """Every task of the selected plan: each measure (or section) with responsible units, in plan order, lead unit first.

    A measure's chapter is found by walking up its parents; ``targets`` are the ids of the
    targets the measure carries, in plan order.

    Raises:
        UsageError: the database holds several plans and none is selected (:func:`zsplan.store.plans.selected_plan`).
    """
    plan_id = plans.selected_plan(session) or ""
    measures = session.exec(select(t.MeasureRecord).where(t.MeasureRecord.plan_id == plan_id).order_by(t.MeasureRecord.position)).all()
    by_id = {measure.id: measure for measure in measures}
    names = dict(session.exec(select(t.UnitRecord.id, t.UnitRecord.name)).all())
    links: dict[str, list[t.MeasureUnitRecord]] = {}
    for link in session.exec(select(t.MeasureUnitRecord).order_by(t.MeasureUnitRecord.position)).all():
        links.setdefault(link.measure_id, []).append(link)
    targets: dict[str, list[str]] = {}
    for target_id, measure_id in session.exec(
        select(t.TargetRecord.id, t.TargetRecord.measure_id).where(t.TargetRecord.plan_id == plan_id).order_by(t.TargetRecord.position)
    ).all():
        targets.setdefault(measure_id, []).append(target_id)
    tasks = []
    for measure in measures:
        units = links.get(measure.id)
        if not units:
            continue
        chapter = measure
        numbers = [measure.number]
        while chapter.parent_id is not None and chapter.parent_id in by_id:
            chapter = by_id[chapter.parent_id]
            numbers.insert(0, chapter.number + ("、" if chapter.level == "chapter" else ""))
        tasks.append(
            TaskSpec(
                id=measure.id,
                number=measure.number,
                title=measure.title,
                level=measure.level,
                chapter=(chapter.id, chapter.number, chapter.title),
                units=tuple(TaskUnit(link.unit_id, names.get(link.unit_id, link.unit_id), link.role) for link in units),
                targets=tuple(targets.get(measure.id, [])),
                outline="".join(numbers),
            )
        )
    return tasks


def find_task(session: Session, query: str, tasks: Sequence[TaskSpec] | None = None) -> TaskSpec | None:
    """The task whose key, id or title (either script) is ``query``; None when none is.

    A measure's key finds it whichever plan is selected, and the rest of the session reads its plan;
    a title is looked up in the selected plan.
    """
    if tasks is None:
        found = plans.matching_keys(session, "measure", query)
        asked = plans.asked_plan(session)
        if asked is not None and found and all(plan_id != asked for _, plan_id in found):
            return None  # a measure of another plan: perhaps the asked plan's target of that id
        chosen = plans.choose_key(session, found, query, "task")
        if chosen is not None:
            query = chosen
        elif plans.is_ambiguous(session):
            return None  # not a task's key, and no plan to look its title up in: let the caller say so
    key = fold(query)
    for task in tasks if tasks is not None else fetch_tasks(session):
        if task.id == query or fold(task.title) == key:
            return task
    return None


def owed(session: Session, unit_ids: Sequence[str]) -> list[Owed]:
    """What each unit owes a round, in the order given: the tasks and targets it leads, and those it co-owns.

    Raises:
        UsageError: a unit id that the plan does not have.
    """
    names = dict(session.exec(select(t.UnitRecord.id, t.UnitRecord.name)).all())
    tasks = fetch_tasks(session)
    target_rows = session.exec(
        select(t.TargetUnitRecord.unit_id, t.TargetUnitRecord.role, t.TargetRecord.id, t.TargetRecord.name)
        .join(t.TargetRecord, t.TargetRecord.id == t.TargetUnitRecord.target_id)
        .where(t.TargetRecord.plan_id == (plans.selected_plan(session) or ""))
        .order_by(t.TargetRecord.position)
    ).all()
    result = []
    for unit_id in unit_ids:
        if unit_id not in names:
            raise UsageError(f"unknown unit {unit_id!r}", "unit")
        lead_tasks = tuple((task.id, task.title) for task in tasks if task.lead.id == unit_id)
        co_tasks = tuple((task.id, task.title) for task in tasks if any(u.id == unit_id and u.role != "lead" for u in task.units))
        lead_targets = tuple((target_id, name) for uid, role, target_id, name in target_rows if uid == unit_id and role == "lead")
        co_targets = tuple((target_id, name) for uid, role, target_id, name in target_rows if uid == unit_id and role != "lead")
        result.append(Owed(unit_id, names[unit_id], lead_tasks, co_tasks, lead_targets, co_targets))
    return result


def responsible_units(session: Session) -> list[str]:
    """Every unit that owes something (a task or a target) in the selected plan, in the plan's order of units."""
    plan_id = plans.selected_plan(session) or ""
    ids = session.exec(select(t.PlanUnitRecord.unit_id).where(t.PlanUnitRecord.plan_id == plan_id).order_by(t.PlanUnitRecord.position)).all()
    used = set(
        session.exec(
            select(t.MeasureUnitRecord.unit_id)
            .join(t.MeasureRecord, t.MeasureRecord.id == t.MeasureUnitRecord.measure_id)
            .where(t.MeasureRecord.plan_id == plan_id)
        ).all()
    ) | set(
        session.exec(
            select(t.TargetUnitRecord.unit_id).join(t.TargetRecord, t.TargetRecord.id == t.TargetUnitRecord.target_id).where(t.TargetRecord.plan_id == plan_id)
        ).all()
    )
    return [unit_id for unit_id in ids if unit_id in used]


# ------------------------------------------------------------------------------------------------ rounds


@dataclass(frozen=True)
class RoundEvent:
    """One step of a round, as ``round history`` lists it."""

    id: int
    round_id: str
    action: str
    unit_id: str | None
    submission_id: int | None
    reason: str | None
    at: dt.datetime
    by: str


@dataclass(frozen=True)
class RoundInfo:
    """A round: its period and due date, the units it asks (``(id, name)``, in order), whether it is closed, and since when.

    ``closed_at`` is the latest close while closed (the moment the round's figures were locked), else None.
    ``plan_id``: the plan the round was opened for (revision 0013; ``""`` for a round from before).
    """

    period: RoundPeriod
    due: dt.date
    opened_at: dt.datetime
    opened_by: str
    units: tuple[tuple[str, str], ...]
    closed: bool
    closed_at: dt.datetime | None
    events: tuple[RoundEvent, ...]
    plan_id: str = ""

    @property
    def id(self) -> str:
        """The round's code (2021H1)."""
        return self.period.code


def create_round(session: Session, *, period: RoundPeriod, due: dt.date, unit_ids: Sequence[str], now: dt.datetime, by: str) -> None:
    """Store a new round of the selected plan and its ``open`` event (the caller has checked that the code is new)."""
    session.add(
        t.RoundRecord(
            id=period.code,
            plan_id=plans.selected_plan(session) or "",
            kind=period.kind,
            period_start=period.start,
            period_end=period.end,
            due=due,
            opened_at=_naive(now),
            opened_by=by,
        )
    )
    session.flush()
    for position, unit_id in enumerate(unit_ids):
        session.add(t.RoundUnitRecord(round_id=period.code, unit_id=unit_id, position=position))
    add_event(session, round_id=period.code, action="open", now=now, by=by)


def add_event(
    session: Session,
    *,
    round_id: str,
    action: str,
    now: dt.datetime,
    by: str,
    unit_id: str | None = None,
    submission_id: int | None = None,
    reason: str | None = None,
) -> None:
    """Append one step to a round's history."""
    session.add(t.RoundEventRecord(round_id=round_id, action=action, unit_id=unit_id, submission_id=submission_id, reason=reason, at=_naive(now), by=by))
    session.flush()


def round_exists(session: Session, code: str) -> bool:
    """Whether a round with this code was opened."""
    return session.get(t.RoundRecord, code) is not None


def round_plan(session: Session, code: str) -> str:
    """The id of the plan round ``code`` was opened for (``""`` for a round from before revision 0013, or none)."""
    return session.exec(select(t.RoundRecord.plan_id).where(t.RoundRecord.id == code)).first() or ""


def round_codes(session: Session) -> list[str]:
    """Every round's code, in the order of their periods."""
    return list(session.exec(select(t.RoundRecord.id).order_by(t.RoundRecord.period_end, t.RoundRecord.period_start)).all())


def find_round(session: Session, code: str) -> RoundInfo:
    """The round ``code`` (2021H1) with its units and events; the rest of the session reads the round's plan.

    Raises:
        UsageError: no such round (the message lists the rounds there are), or ``--plan`` named
            another plan than the round's.
    """
    info = _round_info(session, code)
    plans.use_plan(session, info.plan_id)
    return info


def _round_info(session: Session, code: str) -> RoundInfo:
    try:
        key = parse_round_period(code).code
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    record = session.get(t.RoundRecord, key)
    if record is None:
        known = round_codes(session)
        listed = f"; rounds: {', '.join(known)}" if known else "; none is open yet"
        raise UsageError(f"no round {key}{listed}: open one with 'zsplan round open {key}'")
    names = dict(session.exec(select(t.UnitRecord.id, t.UnitRecord.name)).all())
    unit_ids = session.exec(select(t.RoundUnitRecord.unit_id).where(t.RoundUnitRecord.round_id == key).order_by(t.RoundUnitRecord.position)).all()
    events = tuple(
        RoundEvent(int(e.id or 0), e.round_id, e.action, e.unit_id, e.submission_id, e.reason, _aware(e.at), e.by)
        for e in session.exec(select(t.RoundEventRecord).where(t.RoundEventRecord.round_id == key).order_by(t.RoundEventRecord.id)).all()
    )
    closed, closed_at = _closed(events)
    period = RoundPeriod(record.id, record.kind, record.period_start, record.period_end)
    return RoundInfo(
        period=period,
        due=record.due,
        opened_at=_aware(record.opened_at),
        opened_by=record.opened_by,
        units=tuple((unit_id, names.get(unit_id, unit_id)) for unit_id in unit_ids),
        closed=closed,
        closed_at=closed_at,
        events=events,
        plan_id=record.plan_id,
    )


def _closed(events: Iterable[RoundEvent]) -> tuple[bool, dt.datetime | None]:
    state = [(e.action, e.at) for e in events if e.action in ("open", "close", "reopen")]
    if state and state[-1][0] == "close":
        return True, state[-1][1]
    return False, None


def closed_rounds_on(session: Session, day: dt.date, plan_id: str | None = None) -> list[RoundInfo]:
    """The rounds (of plan ``plan_id``, or of every plan) whose period holds ``day`` and that are closed now.

    A round from before revision 0013 (no plan) locks every plan's entries."""
    query = select(t.RoundRecord.id).where(t.RoundRecord.period_start <= day, t.RoundRecord.period_end >= day)
    if plan_id is not None:
        query = query.where(t.RoundRecord.plan_id.in_([plan_id, ""]))
    return [info for info in (_round_info(session, code) for code in session.exec(query).all()) if info.closed]


def has_rounds(session: Session) -> bool:
    """Whether any round was opened (one look-up: ``log`` asks it before anything else)."""
    return session.exec(select(t.RoundRecord.id).limit(1)).first() is not None


# ------------------------------------------------------------------------------------------------ submissions


def record_submission(
    session: Session,
    *,
    round_id: str,
    unit_id: str,
    received_at: dt.datetime,
    now: dt.datetime,
    by: str,
    file_name: str | None,
    digest: str | None,
    rows: Sequence[tuple[int, str, str, str, dict[str, str]]],
) -> int:
    """Store a submission with its rows ``(row number, subject kind, subject id, role, cells)`` and its ``submit`` event; its id."""
    record = t.SubmissionRecord(
        round_id=round_id,
        unit_id=unit_id,
        received_at=_naive(received_at),
        recorded_at=_naive(now),
        recorded_by=by,
        file_name=file_name,
        digest=digest,
        rows=len(rows),
    )
    session.add(record)
    session.flush()
    submission_id = int(record.id or 0)
    for number, kind, subject, role, cells in rows:
        session.add(
            t.SubmissionRowRecord(
                submission_id=submission_id, row_number=number, subject_kind=kind, subject_id=subject, role=role, cells=json.dumps(cells, ensure_ascii=False)
            )
        )
    add_event(session, round_id=round_id, action="submit", now=now, by=by, unit_id=unit_id, submission_id=submission_id)
    return submission_id


def submissions(session: Session, round_id: str) -> list[Submission]:
    """Every submission to a round, oldest first, with the accept/return decisions on each."""
    records = session.exec(select(t.SubmissionRecord).where(t.SubmissionRecord.round_id == round_id).order_by(t.SubmissionRecord.id)).all()
    decisions: dict[int, list[tuple[str, dt.datetime, str, str | None]]] = {}
    query = (
        select(t.RoundEventRecord)
        .where(t.RoundEventRecord.round_id == round_id, t.RoundEventRecord.action.in_(("accept", "return")))
        .order_by(t.RoundEventRecord.id)
    )
    for event in session.exec(query).all():
        if event.submission_id is not None:
            decisions.setdefault(event.submission_id, []).append((event.action, _aware(event.at), event.by, event.reason))
    return [
        Submission(
            id=int(r.id or 0),
            round_id=r.round_id,
            unit_id=r.unit_id,
            received_at=_aware(r.received_at),
            recorded_at=_aware(r.recorded_at),
            recorded_by=r.recorded_by,
            file_name=r.file_name,
            rows=r.rows,
            decisions=tuple(decisions.get(int(r.id or 0), [])),
        )
        for r in records
    ]


def submission_rows(session: Session, submission_id: int) -> list[tuple[int, str, str, str, dict[str, str]]]:
    """A submission's rows as stored: ``(row number, subject kind, subject id, role, cells)``, in sheet order."""
    query = select(t.SubmissionRowRecord).where(t.SubmissionRowRecord.submission_id == submission_id).order_by(t.SubmissionRowRecord.row_number)
    return [(row.row_number, row.subject_kind, row.subject_id, row.role, json.loads(row.cells)) for row in session.exec(query).all()]


def digest_submitted(session: Session, round_id: str, unit_id: str, digest: str) -> Submission | None:
    """The earlier submission of the same file by the same unit to the same round, if any."""
    record = session.exec(
        select(t.SubmissionRecord).where(t.SubmissionRecord.round_id == round_id, t.SubmissionRecord.unit_id == unit_id, t.SubmissionRecord.digest == digest)
    ).first()
    if record is None:
        return None
    return next(s for s in submissions(session, round_id) if s.id == record.id)


def link_entries(session: Session, submission_id: int, first: int, last: int) -> None:
    """Record that entries ``first``..``last`` (inclusive) were written when ``submission_id`` was accepted."""
    for entry_id in range(first, last + 1):
        session.add(t.SubmissionEntryRecord(entry_id=entry_id, submission_id=submission_id))
    session.flush()


def submission_of_entries(session: Session) -> dict[int, int]:
    """Entry id → the submission whose acceptance wrote it."""
    return dict(session.exec(select(t.SubmissionEntryRecord.entry_id, t.SubmissionEntryRecord.submission_id)).all())


def mark_late(session: Session, *, entry_ids: Iterable[int], round_id: str, now: dt.datetime, by: str) -> None:
    """Record that these entries were recorded late (``--late``) inside the closed round ``round_id``."""
    for entry_id in entry_ids:
        session.add(t.LateEntryRecord(entry_id=entry_id, round_id=round_id, recorded_at=_naive(now), recorded_by=by))
    session.flush()


def late_entries(session: Session) -> dict[int, str]:
    """Entry id → the closed round it was recorded late into."""
    return dict(session.exec(select(t.LateEntryRecord.entry_id, t.LateEntryRecord.round_id)).all())


def late_entries_of(session: Session, round_id: str) -> list[tuple[int, dt.datetime, str]]:
    """The entries recorded late into ``round_id``: ``(entry id, when, by whom)``, in id order."""
    query = select(t.LateEntryRecord).where(t.LateEntryRecord.round_id == round_id).order_by(t.LateEntryRecord.entry_id)
    return [(row.entry_id, _aware(row.recorded_at), row.recorded_by) for row in session.exec(query).all()]


def last_entry_id(session: Session) -> int:
    """The highest entry id (0 for an empty ledger)."""
    return int(session.exec(select(func.max(t.ProgressEntry.id))).first() or 0)


# ------------------------------------------------------------------------------------------------ units' reports


def record_unit_report(session: Session, report: UnitReport) -> int:
    """Append a unit's report on a task (or narrative on a target); its id."""
    record = t.UnitReportRecord(
        subject_kind=report.subject_kind,
        subject_id=report.subject_id,
        unit_id=report.unit_id,
        role=report.role,
        as_of=report.as_of,
        state=report.state,
        progress=report.progress,
        problems=report.problems,
        next_steps=report.next_steps,
        evidence=report.evidence,
        recorded_at=_naive(report.recorded_at),
        recorded_by=report.recorded_by,
        submission_id=report.submission_id,
        late=report.late,
    )
    session.add(record)
    session.flush()
    return int(record.id or 0)


def unit_reports(session: Session, *, subject_kind: str | None = None, subject_id: str | None = None) -> list[UnitReport]:
    """Every unit report (of one kind, or of one subject), in the order recorded."""
    query = select(t.UnitReportRecord).order_by(t.UnitReportRecord.id)
    if subject_kind is not None:
        query = query.where(t.UnitReportRecord.subject_kind == subject_kind)
    if subject_id is not None:
        query = query.where(t.UnitReportRecord.subject_id == subject_id)
    return [
        UnitReport(
            id=int(r.id or 0),
            subject_kind=r.subject_kind,
            subject_id=r.subject_id,
            unit_id=r.unit_id,
            role=r.role,
            as_of=r.as_of,
            state=r.state,
            progress=r.progress,
            problems=r.problems,
            next_steps=r.next_steps,
            evidence=r.evidence,
            recorded_at=_aware(r.recorded_at),
            recorded_by=r.recorded_by,
            submission_id=r.submission_id,
            late=r.late,
        )
        for r in session.exec(query).all()
    ]


# ------------------------------------------------------------------------------------------------ the ledger between two moments


def changes_between(session: Session, *, since: dt.datetime | None, until: dt.datetime | None, dated_by: dt.date) -> list[LedgerChange]:
    """Entries recorded after ``since`` and by ``until`` that change what stood at ``since`` as of ``dated_by``.

    * ``late``: a log or nil entry dated on or before ``dated_by``, recorded in the window;
    * ``correction`` / ``retraction``: recorded in the window, of an entry dated by ``dated_by``
      (or correcting one to a date by then), with the figure before and after and the reason.

    ``since`` None means from the start; ``until`` None means up to now. In a database of several
    plans, the selected plan's entries only.
    """
    entry = t.ProgressEntry
    query = select(entry).order_by(entry.id)
    narrowed = plans.narrowing_plan(session)
    if narrowed is not None:  # a database of several plans: the round's plan's entries
        query = query.where(entry.target_id.in_(select(t.TargetRecord.id).where(t.TargetRecord.plan_id == narrowed)))
    if since is not None:
        query = query.where(entry.recorded_at > _naive(since))
    if until is not None:
        query = query.where(entry.recorded_at <= _naive(until))
    rows = session.exec(query).all()
    originals_ids = {row.supersedes for row in rows if row.supersedes is not None}
    originals = {row.id: row for row in session.exec(select(entry).where(entry.id.in_(originals_ids))).all()} if originals_ids else {}
    marked = late_entries(session)
    changes = []
    for row in rows:
        shown_at = _aware(row.recorded_at)
        if row.kind in ("log", "nil"):
            if row.as_of <= dated_by:
                changes.append(
                    LedgerChange(
                        "late", int(row.id or 0), row.target_id, row.as_of, shown_at, row.recorded_by, after=_said(row), marked_late=int(row.id or 0) in marked
                    )
                )
            continue
        original = originals.get(row.supersedes)
        if original is None or (original.as_of > dated_by and row.as_of > dated_by):
            continue
        after = None if row.kind == "retraction" else _said(row)
        changes.append(
            LedgerChange(row.kind, int(row.id or 0), row.target_id, row.as_of, shown_at, row.recorded_by, _said(original), after, row.supersedes, row.reason)
        )
    return changes


def _said(row: t.ProgressEntry) -> str:
    """What an entry says, in a few words: its item, or its figure, and its date."""
    if row.kind == "nil":
        return f"nil as of {row.as_of.isoformat()}"
    what = row.item_name if row.item_name is not None else (str(int(row.value)) if float(row.value).is_integer() else f"{row.value:g}")
    return f"{what} as of {row.as_of.isoformat()}"


def entries_in_period(session: Session, *, start: dt.date, end: dt.date, known_at: dt.datetime | None) -> list[Entry]:
    """The effective log entries and corrections dated in ``start``..``end`` (as known at ``known_at``), in id order."""
    entry = t.ProgressEntry
    query = select(entry).where(entry.as_of >= start, entry.as_of <= end, entry.kind.in_(("log", "correction")))
    narrowed = plans.narrowing_plan(session)
    if narrowed is not None:  # a database of several plans: the round's plan's entries
        query = query.where(entry.target_id.in_(select(t.TargetRecord.id).where(t.TargetRecord.plan_id == narrowed)))
    if known_at is not None:
        query = query.where(entry.recorded_at <= _naive(known_at))
    rows = session.exec(query.order_by(entry.id)).all()
    later = select(entry.supersedes, entry.recorded_at).where(entry.supersedes.is_not(None))
    superseded = {sid for sid, at in session.exec(later).all() if known_at is None or at <= _naive(known_at)}
    from zsplan.store.ledger import as_entry

    return [as_entry(row) for row in rows if row.id not in superseded]


def refuse_locked(session: Session, days: Sequence[dt.date], *, late: bool, plan_id: str | None = None) -> dict[dt.date, str]:
    """The round lock: refuse entries dated inside a closed round, unless ``late``; return each such date's round.

    ``plan_id``: the plan the entries belong to (only its rounds lock them); None: every plan's rounds.

    Asked by ``log``, sheet imports, ``zsplan task`` and accepted submissions inside their write
    transaction, before anything is written (a ledger without rounds pays one look-up).

    Raises:
        RoundRefused: a date lies in a closed round and ``late`` is not given (nothing is written).
    """
    from zsplan.errors import RoundRefused

    if not days or not has_rounds(session):
        return {}
    found: dict[dt.date, str] = {}
    for day in sorted(set(days)):
        closed = closed_rounds_on(session, day, plan_id)
        if closed:
            found[day] = closed[0].id
    if found and not late:
        day, code = next(iter(found.items()))
        info = _round_info(session, code)
        closed_at = info.closed_at.strftime("%Y-%m-%d %H:%M") if info.closed_at else "?"
        more = f" (and {len(found) - 1} more dates in closed rounds)" if len(found) > 1 else ""
        raise RoundRefused(
            f"{day} is inside round {code} ({info.period.start} to {info.period.end}), closed on {closed_at} UTC{more}; nothing was recorded: "
            f"reopen the round ('zsplan round reopen {code} --reason TEXT') or mark the entry late (--late)"
        )
    return found
