"""Reporting rounds (年中對賬、年底總結): open, submit, review, remind, close and reopen; what units owe; task reports;
what a round compiles and what changed between two rounds. Each function is one transaction.

The rules are in docs/method.md ("Tasks", "Reporting rounds"). Submissions hold their rows apart from the ledger
until they are accepted: a round's report therefore counts accepted figures only, and a returned sheet never
touched a figure.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session

from zsplan.analysis.links import PlanLink
from zsplan.analysis.rounds import (
    TASK_STATE_WORDS,
    TASK_STATES,
    CompletenessRow,
    LedgerChange,
    Owed,
    RoundDiff,
    RoundPeriod,
    Submission,
    TargetPoint,
    TaskSpec,
    TaskStanding,
    UnitReport,
    completeness,
    diff_rounds,
    judge_task,
    judge_tasks,
    parse_round_period,
)
from zsplan.analysis.standing import Standing, TargetSpec
from zsplan.errors import ImportRefused, RoundRefused, UsageError
from zsplan.service.database import ensure_plan
from zsplan.store import db, ledger, plans
from zsplan.store import rounds as store
from zsplan.store.rounds import RoundEvent, RoundInfo
from zsplan.text import fold

#: The time zone the due dates are in: a sheet received by 23:59 on the due day in Zhongshan is on time.
LOCAL_ZONE = ZoneInfo("Asia/Shanghai")


def local_date(moment: dt.datetime) -> dt.date:
    """The date in Zhongshan (UTC+8) of a moment."""
    return moment.astimezone(LOCAL_ZONE).date()


def _period(code: str) -> RoundPeriod:
    try:
        return parse_round_period(code)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _reason(reason: str, what: str) -> str:
    text = " ".join(reason.split())
    if not text:
        raise UsageError(f"{{reason}} is empty; say why the {what}", "reason")
    ledger.check_text("reason", text)
    return text


# ------------------------------------------------------------------------------------------------ rounds


def open_round(engine: Engine, *, code: str, due: dt.date | None, units: Sequence[str], now: dt.datetime, by: str) -> RoundInfo:
    """Open a reporting round for a period: 2021H1 (to 30 June, 年中對賬), 2021 (to 31 December, 年底總結), 2021H2, 2021Q3.

    Args:
        due: the date submissions are due (default: 10 days after the period's end, 7月10日 / 1月10日).
        units: the units asked to report (ids or names; default: every unit responsible for a task or target).

    Raises:
        UsageError: a bad code, a round already open for it, a due date before the period ends, an unknown unit.
    """
    period = _period(code)
    ledger.check_recorder(by)
    with db.write_session(engine) as session:
        ensure_plan(session, now=now)
        header = ledger.plan_header(session)
        if header is not None and period.end < header.issued:
            raise UsageError(f"round {period.code} ends on {period.end}, before the plan was issued ({header.issued}); there is nothing to report for it")
        if store.round_exists(session, period.code):
            owner = store.round_plan(session, period.code)
            if header is not None and owner and owner != header.id:
                raise UsageError(
                    f"round {period.code} is already open, for plan {owner}: a round's code is used once per database, "
                    f"so this plan's rounds of the period cannot be opened beside it ('zsplan round show {period.code}' shows it)"
                )
            raise UsageError(f"round {period.code} is already open; 'zsplan round show {period.code}' shows it")
        chosen_due = due or period.default_due()
        if chosen_due < period.end:
            raise UsageError(f"--due {chosen_due} is before the period ends ({period.end}); give a date on or after it")
        chosen = [ledger.find_unit(session, unit).id for unit in units] if units else store.responsible_units(session)
        if len(set(chosen)) != len(chosen):
            raise UsageError("a unit is named twice in --unit; name each once")
        store.create_round(session, period=period, due=chosen_due, unit_ids=chosen, now=now, by=by)
        return store.find_round(session, period.code)


def _refuse_closed(info: RoundInfo, step: str) -> None:
    if info.closed:
        closed = info.closed_at.strftime("%Y-%m-%d %H:%M") if info.closed_at else "?"
        raise RoundRefused(f"round {info.id} was closed on {closed} UTC; {step} is refused: reopen it first with 'zsplan round reopen {info.id} --reason TEXT'")


def close_round(engine: Engine, *, code: str, now: dt.datetime, by: str) -> RoundInfo:
    """Close a round: its period is locked (entries dated inside it are refused unless marked late) and its figures fixed.

    Raises:
        UsageError: no such round. RoundRefused: it is already closed.
    """
    ledger.check_recorder(by)
    with db.write_session(engine) as session:
        info = store.find_round(session, code)
        if info.closed:
            raise RoundRefused(f"round {info.id} is already closed")
        store.add_event(session, round_id=info.id, action="close", now=now, by=by)
        return store.find_round(session, info.id)


def reopen_round(engine: Engine, *, code: str, reason: str, now: dt.datetime, by: str) -> RoundInfo:
    """Reopen a closed round, with the reason recorded (its history keeps it).

    Raises:
        UsageError: no such round, or an empty reason. RoundRefused: it is not closed.
    """
    why = _reason(reason, "round is reopened")
    ledger.check_recorder(by)
    with db.write_session(engine) as session:
        info = store.find_round(session, code)
        if not info.closed:
            raise RoundRefused(f"round {info.id} is open; only a closed round is reopened")
        store.add_event(session, round_id=info.id, action="reopen", now=now, by=by, reason=why)
        return store.find_round(session, info.id)


def round_history(engine: Engine, *, code: str) -> tuple[RoundInfo, dict[str, str]]:
    """A round with every step of it (open, submit, return, accept, remind, close, reopen, and each entry recorded
    late into it, as a ``late`` step naming the entry), and the unit names by id.

    Raises:
        UsageError: no such round.
    """
    import dataclasses

    with db.read_session(engine) as session:
        info = store.find_round(session, code)
        late = [RoundEvent(0, info.id, "late", None, None, f"entry #{entry_id}", at, by) for entry_id, at, by in store.late_entries_of(session, info.id)]
        events = list(info.events)
        for step in late:  # after the last step recorded by then (the round's own steps stay in the order recorded)
            position = max((index + 1 for index, event in enumerate(events) if event.at <= step.at), default=0)
            events.insert(position, step)
        return dataclasses.replace(info, events=tuple(events)), dict(ledger.unit_names(session))


# ------------------------------------------------------------------------------------------------ completeness


@dataclass(frozen=True)
class RoundView:
    """A round and who has reported to it: one :class:`CompletenessRow` per unit asked, in the round's order.

    ``today`` is the local date the table was made on (``missing`` is judged against it).
    """

    info: RoundInfo
    rows: list[CompletenessRow]
    today: dt.date
    submissions: list[Submission] = field(default_factory=list)


def _view(session: Session, info: RoundInfo, now: dt.datetime) -> RoundView:
    sent = store.submissions(session, info.id)
    owed = store.owed(session, [unit_id for unit_id, _ in info.units])
    dates = {s.received_at: local_date(s.received_at) for s in sent}
    today = local_date(now)
    rows = completeness(owed, sent, due=info.due, today=today, local_date=dates)
    return RoundView(info=info, rows=rows, today=today, submissions=sent)


def show_round(engine: Engine, *, code: str, now: dt.datetime) -> RoundView:
    """A round's completeness: per unit, on time, late, missing or pending, its submission's state, who and when.

    Raises:
        UsageError: no such round.
    """
    with db.read_session(engine) as session:
        return _view(session, store.find_round(session, code), now)


def remind(engine: Engine, *, code: str, now: dt.datetime, by: str) -> RoundView:
    """The units to chase (催報): those with nothing to review (never submitted, or returned), with what they owe.

    The reminder is recorded in the round's history (``remind``, naming how many units).

    Raises:
        UsageError: no such round.
    """
    ledger.check_recorder(by)
    with db.write_session(engine) as session:
        info = store.find_round(session, code)
        view = _view(session, info, now)
        chased = [row for row in view.rows if row.state in ("not_submitted", "returned")]
        store.add_event(session, round_id=info.id, action="remind", now=now, by=by, reason=f"{len(chased)} units: " + ", ".join(r.unit_id for r in chased))
    return view


# ------------------------------------------------------------------------------------------------ submissions

_STATE_KEYS = {fold(word): state for state, word in TASK_STATE_WORDS.items()} | {fold(state): state for state in TASK_STATES}
_STATE_KEYS |= {fold(word): state for word, state in (("未启动", "not_started"), ("推进中", "in_progress"), ("滞后", "delayed"))}
_KIND_KEYS = {
    fold(word): kind for word, kind in (("任務", "task"), ("任务", "task"), ("task", "task"), ("指標", "target"), ("指标", "target"), ("target", "target"))
}
_TEXTS = {"progress": "進展情況", "problems": "存在問題", "next": "下一步工作", "evidence": "證明材料", "note": "備註"}
_STATE_HELP = "、".join(TASK_STATE_WORDS[state] for state in ("not_started", "in_progress", "completed", "delayed"))


def parse_state(text: str) -> str | None:
    """A task state from the words a unit writes (未啟動/推進中/已完成/滯後, either script, or their English ids); None if none."""
    return _STATE_KEYS.get(fold(text))


@dataclass(frozen=True)
class _Checked:
    """A checked submission: its rows ready to store, and the problems."""

    rows: list[tuple[int, str, str, str, dict[str, str]]]
    problems: list[str]


def _owned(owed: Owed) -> dict[str, tuple[str, str]]:
    """Subject id → (kind, role) for what a unit owes."""
    found: dict[str, tuple[str, str]] = {}
    for kind, role, pairs in (
        ("task", "lead", owed.lead_tasks),
        ("task", "co", owed.co_tasks),
        ("target", "lead", owed.lead_targets),
        ("target", "co", owed.co_targets),
    ):
        for subject, _ in pairs:
            found.setdefault(subject, (kind, role))
    return found


def _check_sheet_rows(session: Session, info: RoundInfo, owed: Owed, rows, *, today: dt.date, now: dt.datetime) -> _Checked:
    """Check a round sheet's rows against what the unit owes and the ledger (every problem, as ``row N, column X: …``)."""
    from zsplan.io.round_sheet import HEADER_OF
    from zsplan.io.sheets import SheetRow
    from zsplan.store import bulk

    owned = _owned(owed)
    problems: list[str] = []
    kept: list[tuple[int, str, str, str, dict[str, str]]] = []
    figures: list[SheetRow] = []
    end = info.period.end.isoformat()
    for row in rows:
        if not row.filled:
            continue
        cells = {key: value for key, value in row.cells.items() if value not in (None, "")}
        subject = (cells.get("subject") or "").strip()
        where = f"row {row.number}"
        if not subject:
            problems.append(f"{where}, column {HEADER_OF['subject']}: empty; keep the 編號 the template wrote in each row")
            continue
        if subject not in owned:
            problems.append(
                f"{where}, column {HEADER_OF['subject']}: {subject} is not a task or target of {owed.unit_name} in round {info.id}; "
                f"keep the rows 'zsplan template --round {info.id} --unit {owed.unit_id}' wrote"
            )
            continue
        kind, role = owned[subject]
        written_kind = _KIND_KEYS.get(fold(cells.get("kind", ""))) if cells.get("kind") else kind
        if written_kind != kind:
            problems.append(
                f"{where}, column {HEADER_OF['kind']}: {subject} is a {'任務' if kind == 'task' else '指標'}; write that, or leave it as the template wrote it"
            )
            continue
        for key, header in _TEXTS.items():
            try:
                ledger.check_text("note", cells.get(key))
            except UsageError as error:
                problems.append(f"{where}, column {header}: {error.worded({'note': 'the text'})}")
        stored = {key: cells[key] for key in ("value", "item", "date", "basis", "state", "progress", "problems", "next", "evidence", "note") if key in cells}
        if kind == "task":
            for key in ("value", "item", "basis"):
                if key in cells:
                    problems.append(f"{where}, column {HEADER_OF[key]}: a task takes a state and words, not a figure; write figures in the rows of its targets")
            state = cells.get("state")
            if state is not None and parse_state(state) is None:
                problems.append(f"{where}, column {HEADER_OF['state']}: {state!r} is not a state; write {_STATE_HELP}")
            elif state is None and role == "lead":
                problems.append(f"{where}, column {HEADER_OF['state']}: empty; {owed.unit_name} leads this task: write {_STATE_HELP}")
            elif state is not None:
                stored["state"] = parse_state(state) or state
            if "date" in cells:
                problems.append(f"{where}, column {HEADER_OF['date']}: a task is reported for the period ({end}); leave the date empty")
            if "state" in cells and role == "co":
                pass  # a co-responsible unit may say how its part stands; it never sets the task's verdict
            kept.append((row.number, kind, subject, role, stored))
            continue
        if "state" in cells:
            problems.append(f"{where}, column {HEADER_OF['state']}: a target takes a figure, not a state; leave 狀態 empty")
        figure = any(key in cells for key in ("value", "item"))
        if figure and role == "co":
            problems.append(
                f"{where}, column {HEADER_OF['value' if 'value' in cells else 'item']}: {owed.unit_name} is co-responsible for {subject}; "
                "its lead unit reports the figure (so it is counted once): write your part in 進展情況"
            )
            continue
        if figure:
            date = cells.get("date") or end
            stored["date"] = date
            figures.append(
                SheetRow(
                    row.number,
                    {
                        "target": subject,
                        "value": cells.get("value"),
                        "item": cells.get("item"),
                        "date": date,
                        "note": cells.get("note"),
                        "evidence": cells.get("evidence"),
                        "basis": cells.get("basis"),
                    },
                )
            )
            try:
                day = dt.date.fromisoformat(date)
            except ValueError:
                day = None
            if day is not None and not info.period.contains(day):
                problems.append(
                    f"{where}, column {HEADER_OF['date']}: {date} is outside round {info.id} ({info.period.start} to {info.period.end}); "
                    "write a date in the period, or leave it empty for its last day"
                )
        elif "date" in cells or "basis" in cells:
            problems.append(f"{where}, column {HEADER_OF['value']}: empty; write the figure (數值) or the achievement's name (事項), or clear 日期 and 口徑")
        kept.append((row.number, kind, subject, role, stored))
    if figures:
        headers = {
            "target": HEADER_OF["subject"],
            "value": HEADER_OF["value"],
            "item": HEADER_OF["item"],
            "date": HEADER_OF["date"],
            "note": HEADER_OF["note"],
            "evidence": HEADER_OF["evidence"],
            "basis": HEADER_OF["basis"],
        }
        checked = bulk.check_rows(
            session, ["target", "value", "item", "date", "note", "evidence", "basis"], figures, headers=headers, today=today, now=now, default_by=owed.unit_name
        )
        problems += checked.problems
    problems.sort(key=lambda line: int(line.split(",")[0].split()[1]) if line.startswith("row ") and line.split(",")[0].split()[1].isdigit() else 0)
    return _Checked(rows=kept, problems=problems)


@dataclass(frozen=True)
class SubmitResult:
    """A stored submission: its id, the unit, its rows (figures and reports), and whether it came after the due date."""

    submission_id: int
    round_id: str
    unit_id: str
    unit_name: str
    rows: int
    late: bool
    received_at: dt.datetime


def submit(
    engine: Engine,
    *,
    code: str,
    unit: str,
    path: Path | None,
    received_at: dt.datetime | None,
    today: dt.date,
    now: dt.datetime,
    by: str,
) -> SubmitResult:
    """Record a unit's submission to a round: its filled round sheet (``path``), or — without one — its reports
    recorded with ``zsplan task`` and ``zsplan log`` for the period (a submission of no rows).

    The sheet is checked whole (every problem listed, nothing written): rows of tasks and
    targets the unit owes, known states, a lead unit's state for each task it leads,
    figures only from the lead unit, dates inside the period, and each figure by the rules
    of ``zsplan import``. Its rows are kept apart from the ledger until the submission is accepted.

    Args:
        received_at: when the sheet reached the bureau (default ``now``); timeliness is judged on it.

    Raises:
        UsageError: no such round or unit, the unit is not asked by the round, an unreadable file,
            a receipt time in the future.
        RoundRefused: the round is closed, or the unit has a submission awaiting review.
        ImportRefused: bad rows (``problems`` lists them), or the same file submitted before.
    """
    from zsplan.io.round_sheet import SheetError, read_round_sheet

    ledger.check_recorder(by)
    received = received_at or now
    if received > now:
        raise UsageError(f"--received {received:%Y-%m-%dT%H:%M:%SZ} is in the future; give when the sheet was received")
    rows: list = []
    digest = None
    header_problems: list[str] = []
    if path is not None:
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            header_problems, rows = read_round_sheet(path)
        except OSError as error:
            raise UsageError(f"{path}: cannot read: {error.strerror}") from None
        except SheetError as error:
            raise UsageError(str(error)) from None
    with db.write_session(engine) as session:
        info = store.find_round(session, code)
        chosen = ledger.find_unit(session, unit)
        if chosen.id not in {unit_id for unit_id, _ in info.units}:
            raise UsageError(f"round {info.id} does not ask {chosen.name} ({chosen.id}) to report; its units: {', '.join(u for u, _ in info.units)}", "unit")
        _refuse_closed(info, "a submission")
        sent = [s for s in store.submissions(session, info.id) if s.unit_id == chosen.id]
        if sent and sent[-1].state == "submitted":
            raise RoundRefused(f"{chosen.name} has submission #{sent[-1].id} to round {info.id} awaiting review; accept or return it first")
        if sent and sent[-1].state == "accepted":
            raise RoundRefused(f"{chosen.name}'s submission #{sent[-1].id} to round {info.id} was accepted; correct its figures with 'zsplan correct'")
        if digest is not None:
            earlier = store.digest_submitted(session, info.id, chosen.id, digest)
            if earlier is not None:
                raise ImportRefused(
                    f"{path}: this file was already submitted as #{earlier.id} on {earlier.recorded_at:%Y-%m-%d %H:%M} UTC "
                    f"({earlier.state}); nothing was recorded",
                    ["send the corrected sheet, not the returned one"],
                )
        owed = store.owed(session, [chosen.id])[0]
        checked = _check_sheet_rows(session, info, owed, rows, today=today, now=now)
        problems = header_problems + checked.problems
        if problems:
            count = len(problems)
            raise ImportRefused(
                f"{path}: {count} problem{'s' if count != 1 else ''} in {chosen.name}'s sheet for round {info.id}; nothing was recorded", problems
            )
        if path is not None and not checked.rows:
            raise ImportRefused(
                f"{path}: no row reports anything (a state, a figure or words); nothing was recorded", ["fill in the sheet 'zsplan template --round' wrote"]
            )
        submission_id = store.record_submission(
            session,
            round_id=info.id,
            unit_id=chosen.id,
            received_at=received,
            now=now,
            by=by,
            file_name=path.name if path is not None else None,
            digest=digest,
            rows=checked.rows,
        )
    return SubmitResult(submission_id, info.id, chosen.id, chosen.name, len(checked.rows), local_date(received) > info.due, received)


def _pending(session: Session, info: RoundInfo, unit_id: str) -> Submission:
    sent = [s for s in store.submissions(session, info.id) if s.unit_id == unit_id]
    if not sent:
        raise RoundRefused(f"{unit_id} has not submitted to round {info.id}; nothing to review")
    latest = sent[-1]
    if latest.state != "submitted":
        raise RoundRefused(f"{unit_id}'s latest submission #{latest.id} to round {info.id} was already {latest.state}; nothing awaits review")
    return latest


@dataclass(frozen=True)
class DecisionResult:
    """An accepted or returned submission: the ledger entries and unit reports its acceptance wrote."""

    submission_id: int
    round_id: str
    unit_id: str
    unit_name: str
    action: str
    entries: int = 0
    reports: int = 0


def accept(engine: Engine, *, code: str, unit: str, today: dt.date, now: dt.datetime, by: str) -> DecisionResult:
    """Accept a unit's submission: its figures go into the ledger (checked again, by the rules of ``zsplan import``)
    and its task reports and narratives are kept; from now on the round's report counts them.

    Raises:
        UsageError: no such round or unit. RoundRefused: the round is closed, or nothing awaits review.
        ImportRefused: a figure no longer fits the ledger (another report came in since): return the submission.
    """
    from zsplan.io.sheets import SheetRow
    from zsplan.store import bulk

    ledger.check_recorder(by)
    with db.write_session(engine) as session:
        info = store.find_round(session, code)
        chosen = ledger.find_unit(session, unit)
        _refuse_closed(info, "accepting a submission")
        submission = _pending(session, info, chosen.id)
        rows = store.submission_rows(session, submission.id)
        figures = [
            SheetRow(number, {"target": subject, **{key: cells.get(key) for key in ("value", "item", "date", "note", "evidence", "basis")}})
            for number, kind, subject, _role, cells in rows
            if kind == "target" and ("value" in cells or "item" in cells)
        ]
        written = 0
        if figures:
            checked = bulk.check_rows(
                session, ["target", "value", "item", "date", "note", "evidence", "basis"], figures, today=today, now=now, default_by=chosen.name
            )
            if checked.problems:
                raise ImportRefused(
                    f"submission #{submission.id} of {chosen.name} no longer fits the ledger; nothing was accepted: return it", checked.problems
                )
            store.refuse_locked(session, [row[4] for row in checked.rows], late=False)
            first = store.last_entry_id(session) + 1
            bulk.insert_rows(session, checked.rows)
            last = store.last_entry_id(session)
            if last >= first:
                store.link_entries(session, submission.id, first, last)
            written = max(last - first + 1, 0)
        reports = 0
        for _number, kind, subject, role, cells in rows:
            if kind == "target" and not any(key in cells for key in ("progress", "problems", "next")):
                continue
            store.record_unit_report(
                session,
                UnitReport(
                    id=0,
                    subject_kind=kind,
                    subject_id=subject,
                    unit_id=chosen.id,
                    role=role,
                    as_of=info.period.end,
                    state=cells.get("state") if kind == "task" else None,
                    progress=cells.get("progress"),
                    problems=cells.get("problems"),
                    next_steps=cells.get("next"),
                    evidence=cells.get("evidence") if kind == "task" else None,
                    recorded_at=now,
                    recorded_by=chosen.name,
                    submission_id=submission.id,
                ),
            )
            reports += 1
        store.add_event(session, round_id=info.id, action="accept", now=now, by=by, unit_id=chosen.id, submission_id=submission.id)
    return DecisionResult(submission.id, info.id, chosen.id, chosen.name, "accept", written, reports)


def return_submission(engine: Engine, *, code: str, unit: str, reason: str, now: dt.datetime, by: str) -> DecisionResult:
    """Return a unit's submission with a reason (nothing of it is counted); the unit sends a new one.

    Raises:
        UsageError: no such round or unit, an empty reason. RoundRefused: the round is closed, or nothing awaits review.
    """
    why = _reason(reason, "submission is returned")
    ledger.check_recorder(by)
    with db.write_session(engine) as session:
        info = store.find_round(session, code)
        chosen = ledger.find_unit(session, unit)
        _refuse_closed(info, "returning a submission")
        submission = _pending(session, info, chosen.id)
        store.add_event(session, round_id=info.id, action="return", now=now, by=by, unit_id=chosen.id, submission_id=submission.id, reason=why)
    return DecisionResult(submission.id, info.id, chosen.id, chosen.name, "return")


# ------------------------------------------------------------------------------------------------ the lock


def guard_entries(session: Session, days: Sequence[dt.date], *, late: bool) -> dict[dt.date, str]:
    """The round lock, for ``log`` and sheet imports: inside their write transaction, before anything is written.

    Returns:
        The dates that lie in closed rounds (when ``late``), each with its round; record them with :func:`mark_late`.

    Raises:
        RoundRefused: a date lies in a closed round and ``late`` is not given.
    """
    return store.refuse_locked(session, days, late=late)


def mark_late(session: Session, entries: Sequence[tuple[int, dt.date]], found: dict[dt.date, str], *, now: dt.datetime, by: str) -> None:
    """Record the entries ``(id, as-of date)`` dated inside closed rounds as recorded late, each under its round."""
    for entry_id, day in entries:
        if day in found:
            store.mark_late(session, entry_ids=[entry_id], round_id=found[day], now=now, by=by)


# ------------------------------------------------------------------------------------------------ tasks


def _find_task(session: Session, query: str) -> TaskSpec:
    task = store.find_task(session, query)
    if task is None:
        raise UsageError(f"unknown task {query!r}; 'zsplan status --tasks' lists them (a task is a measure with responsible units)", "target")
    return task


def is_task(engine: Engine, query: str) -> bool:
    """Whether ``query`` names a task (a measure with responsible units) rather than a target."""
    with db.read_session(engine) as session:
        return store.find_task(session, query) is not None


@dataclass(frozen=True)
class TaskReportResult:
    """A task report recorded, and the task's standing as of its date."""

    report_id: int
    standing: TaskStanding
    late_round: str | None = None


def record_task_report(
    engine: Engine,
    *,
    task: str,
    unit: str,
    state: str | None,
    as_of: dt.date,
    progress: str | None,
    problems: str | None,
    next_steps: str | None,
    evidence: str | None,
    today: dt.date,
    now: dt.datetime,
    by: str,
    late: bool = False,
) -> TaskReportResult:
    """Record a unit's report on a task for a period, directly (like ``zsplan log``: it counts at once).

    Raises:
        UsageError: unknown task or unit, a unit not responsible for the task, an unknown state, a lead
            report without a state, a date in the future or before the plan, text with control characters.
        RoundRefused: the date lies in a closed round and ``late`` is not given.
    """
    ledger.check_recorder(by)
    for name, text in (("note", progress), ("note", problems), ("note", next_steps), ("evidence", evidence)):
        ledger.check_text(name, text)
    if as_of > today:
        raise UsageError(f"{{date}} {as_of} is in the future; report what stands by today ({today})", "date")
    chosen_state = None
    if state is not None:
        chosen_state = parse_state(state)
        if chosen_state is None:
            raise UsageError(f"--state {state!r} is not a task state; write {_STATE_HELP} (or not_started, in_progress, completed, delayed)")
    with db.write_session(engine) as session:
        ensure_plan(session, now=now)
        spec = _find_task(session, task)
        chosen = ledger.find_unit(session, unit)
        role = next((u.role for u in spec.units if u.id == chosen.id), None)
        if role is None:
            raise UsageError(f"{chosen.name} is not responsible for task {spec.id} ({spec.title}); its units: {', '.join(u.name for u in spec.units)}", "unit")
        if role == "lead" and chosen_state is None:
            raise UsageError(f"{chosen.name} leads task {spec.id}: give --state ({_STATE_HELP})")
        if not any((chosen_state, progress, problems, next_steps)):
            raise UsageError("nothing to record: give --state, --progress, --problems or --next")
        header = ledger.plan_header(session)
        if header is not None and as_of < header.issued:
            raise UsageError(f"{{date}} {as_of} is before the plan was issued ({header.issued})", "date")
        found = store.refuse_locked(session, [as_of], late=late)
        report = UnitReport(
            id=0,
            subject_kind="task",
            subject_id=spec.id,
            unit_id=chosen.id,
            role=role,
            as_of=as_of,
            state=chosen_state,
            progress=progress,
            problems=problems,
            next_steps=next_steps,
            evidence=evidence,
            recorded_at=now,
            recorded_by=by,
            late=bool(found),
        )
        report_id = store.record_unit_report(session, report)
        standing = judge_task(spec, store.unit_reports(session, subject_kind="task", subject_id=spec.id), as_of)
    return TaskReportResult(report_id, standing, found.get(as_of))


@dataclass(frozen=True)
class TaskView:
    """Every task (or one unit's) judged as of a date."""

    as_of: dt.date
    known_at: dt.datetime | None
    standings: list[TaskStanding]
    unit: tuple[str, str] | None = None
    units: dict[str, str] = field(default_factory=dict)


def task_status(engine: Engine, *, as_of: dt.date, known_at: dt.datetime | None = None, unit: str | None = None) -> TaskView:
    """Every task of the plan with its verdict as of ``as_of`` (those ``unit`` leads or co-owns, with ``unit``).

    Raises:
        UsageError: unknown unit.
    """
    with db.read_session(engine) as session:
        tasks = store.fetch_tasks(session)
        chosen = ledger.find_unit(session, unit) if unit else None
        if chosen is not None:
            tasks = [task for task in tasks if any(u.id == chosen.id for u in task.units)]
        reports = store.unit_reports(session, subject_kind="task")
        names = dict(ledger.unit_names(session))
    standings = judge_tasks(tasks, reports, as_of, known_at)
    return TaskView(as_of, known_at, standings, (chosen.id, chosen.name) if chosen else None, names)


@dataclass(frozen=True)
class TaskExplanation:
    """One task: its standing and every report on it (any unit, any date), oldest first, and its links to other plans."""

    standing: TaskStanding
    reports: list[UnitReport]
    units: dict[str, str]
    links: tuple[PlanLink, ...] = ()


def explain_task(engine: Engine, *, task: str, as_of: dt.date, known_at: dt.datetime | None = None) -> TaskExplanation:
    """Why a task has its verdict: the lead unit's latest report, the co-responsible units' contributions, every report.

    Raises:
        UsageError: unknown task.
    """
    with db.read_session(engine) as session:
        spec = _find_task(session, task)
        reports = store.unit_reports(session, subject_kind="task", subject_id=spec.id)
        names = dict(ledger.unit_names(session))
        links = tuple(plans.links_of(session, "", spec.id, plans.selected_plan(session) or ""))
    return TaskExplanation(judge_task(spec, reports, as_of, known_at), reports, names, links)


# ------------------------------------------------------------------------------------------------ the round's sheet


@dataclass(frozen=True)
class RoundSheetData:
    """What a unit's round sheet lists: the round, what the unit owes, the tasks and targets, last period's standings."""

    info: RoundInfo
    owed: Owed
    tasks: list[TaskSpec]
    targets: list[TargetSpec]
    last: dict[str, Standing]
    last_date: dt.date


def round_sheet(engine: Engine, *, code: str, unit: str) -> RoundSheetData:
    """The round sheet of one unit (``zsplan template --round R --unit U``).

    Raises:
        UsageError: no such round or unit, or a unit the round does not ask.
    """
    from zsplan.analysis.standing import ProgressFacts, assess

    with db.read_session(engine) as session:
        info = store.find_round(session, code)
        chosen = ledger.find_unit(session, unit)
        if chosen.id not in {unit_id for unit_id, _ in info.units}:
            raise UsageError(f"round {info.id} does not ask {chosen.name} ({chosen.id}) to report", "unit")
        owed = store.owed(session, [chosen.id])[0]
        wanted = {subject for subject, _ in owed.lead_tasks + owed.co_tasks}
        tasks = [task for task in store.fetch_tasks(session) if task.id in wanted]
        ids = [subject for subject, _ in owed.lead_targets + owed.co_targets]
        specs = ledger.fetch_specs(session, ids=ids) if ids else []
        last_date = info.period.start - dt.timedelta(days=1)
        header = ledger.plan_header(session)
        if header is not None and last_date < header.issued:
            last_date = header.issued
        facts = ledger.progress_facts(session, last_date, ids) if ids else {}
        facts = ledger.judged_facts(session, last_date, specs, facts) if ids else {}
    last = {spec.id: assess(spec, facts.get(spec.id, ProgressFacts()), last_date) for spec in specs}
    return RoundSheetData(info, owed, tasks, specs, last, last_date)


# ------------------------------------------------------------------------------------------------ the round's report


@dataclass(frozen=True)
class RoundReportData:
    """What a round's report is compiled from.

    Attributes:
        standings: every target as of the period's end, from accepted figures (as known when the round closed).
        before: the same as of the day before the period (for 本期新增).
        tasks: every task's standing as of the period's end; reports: the accepted unit reports dated in the period.
        items: named achievements dated in the period: target id → ``(item name, evidence, entry id)``.
        pending: with ``draft``: rows of submissions awaiting review, ``(unit id, subject kind, subject id, cells)``.
        unit: the ``--unit`` filter, ``(id, name)``.
    """

    view: RoundView
    plan_title: str
    standings: list[Standing]
    before: dict[str, Standing]
    tasks: list[TaskStanding]
    reports: list[UnitReport]
    items: dict[str, list[tuple[str, str | None, int]]]
    units: dict[str, str]
    known_at: dt.datetime | None
    pending: list[tuple[str, str, str, dict[str, str]]] = field(default_factory=list)
    unit: tuple[str, str] | None = None
    draft: bool = False


def round_report(engine: Engine, *, code: str, unit: str | None, draft: bool, now: dt.datetime) -> RoundReportData:
    """Compile a round: per measure the units' narratives, per target 本期新增 and the named achievements with
    evidence, completeness; from accepted figures only (``draft`` adds the rows awaiting review, marked).

    Figures are as known when the round closed (its latest close), or now while it is open.

    Raises:
        UsageError: no such round, unknown unit.
    """
    from zsplan.service.assess import assess_plan

    with db.read_session(engine) as session:
        info = store.find_round(session, code)
        view = _view(session, info, now)
        chosen = ledger.find_unit(session, unit) if unit else None
        known_at = info.closed_at
        tasks = store.fetch_tasks(session)
        reports = [r for r in store.unit_reports(session) if info.period.contains(r.as_of) and (known_at is None or r.recorded_at <= known_at)]
        all_task_reports = store.unit_reports(session, subject_kind="task")
        entries = store.entries_in_period(session, start=info.period.start, end=info.period.end, known_at=known_at)
        names = dict(ledger.unit_names(session))
        pending: list[tuple[str, str, str, dict[str, str]]] = []
        if draft:
            for submission in view.submissions:
                if submission.state == "submitted":
                    pending += [(submission.unit_id, kind, subject, cells) for _n, kind, subject, _role, cells in store.submission_rows(session, submission.id)]
    unit_id = chosen.id if chosen else None
    engine = db.with_plan(engine, info.plan_id) if info.plan_id else engine  # the round's plan
    after = assess_plan(engine, as_of=info.period.end, known_at=known_at, unit=unit_id)
    start = info.period.start - dt.timedelta(days=1)
    issued = after.plan_issued
    before_as_of = start if issued is None or start >= issued else issued
    before = {s.target.id: s for s in assess_plan(engine, as_of=before_as_of, known_at=known_at, unit=unit_id).standings}
    if chosen is not None:
        tasks = [task for task in tasks if any(u.id == chosen.id for u in task.units)]
        reports = [r for r in reports if r.unit_id == chosen.id]
        pending = [p for p in pending if p[0] == chosen.id]
        view = RoundView(view.info, [row for row in view.rows if row.unit_id == chosen.id], view.today, view.submissions)
    items: dict[str, list[tuple[str, str | None, int]]] = {}
    for entry in entries:
        if entry.item_name is not None:
            items.setdefault(entry.target_id, []).append((entry.item_name, entry.evidence, entry.id))
    return RoundReportData(
        view=view,
        plan_title=after.plan_title,
        standings=after.standings,
        before=before,
        tasks=judge_tasks(tasks, all_task_reports, info.period.end, known_at),
        reports=reports,
        items=items,
        units=names,
        known_at=known_at,
        pending=pending,
        unit=(chosen.id, chosen.name) if chosen else None,
        draft=draft,
    )


# ------------------------------------------------------------------------------------------------ what changed


@dataclass(frozen=True)
class DiffPoint:
    """One side of a comparison: a label (the round's code, or the time), the as-of date and the moment of knowledge."""

    label: str
    as_of: dt.date
    known_at: dt.datetime | None


@dataclass(frozen=True)
class DiffResult:
    """What changed between two points, and the points."""

    before: DiffPoint
    after: DiffPoint
    diff: RoundDiff
    names: dict[str, str]


def round_diff(engine: Engine, *, first: str, second: str | None, known_at: Sequence[dt.datetime] = (), now: dt.datetime) -> DiffResult:
    """What changed between two rounds (each as of its period's end, as known when it closed), or within one round
    between two ``--known-at`` times: late entries, corrections and retractions with their reasons, and every target
    or task whose verdict flipped, with why.

    Raises:
        UsageError: no such round; not two rounds nor one round with two ``--known-at`` times; times in the wrong order.
    """
    from zsplan.service.assess import assess_plan

    with db.read_session(engine) as session:
        one = store.find_round(session, first)
        other = store.find_round(session, second) if second is not None else None
        if other is None and len(known_at) != 2:
            raise UsageError("compare two rounds (round diff 2020 2021H1), or one round at two times (--known-at T1 --known-at T2)")
        if other is not None and known_at and len(known_at) != 2:
            raise UsageError("give --known-at twice (one time per round), or not at all")
        if other is not None and other.period.end < one.period.end:
            one, other = other, one
        if len(known_at) == 2:
            times: list[dt.datetime | None] = sorted(known_at)  # type: ignore[assignment]
        else:
            if one.closed_at is None:
                raise UsageError(f"round {one.id} is open: what changed since it is counted from its close; close it, or give --known-at twice")
            times = [one.closed_at, other.closed_at if other is not None else None]
        if times[0] is not None and times[1] is not None and times[0] > times[1]:
            raise UsageError("the first round closed after the second; reopen and close them in order, or give --known-at")
        second_round = other or one
        changes = store.changes_between(session, since=times[0], until=times[1], dated_by=one.period.end)
        tasks = store.fetch_tasks(session)
        reports = store.unit_reports(session, subject_kind="task")
        names = {spec.id: spec.name for spec in ledger.fetch_specs(session)} | {task.id: task.title for task in tasks}
    before = DiffPoint(one.id if other is not None else _moment(times[0]), one.period.end, times[0])
    after = DiffPoint(second_round.id if other is not None else _moment(times[1]), second_round.period.end, times[1])
    points = []
    engine = db.with_plan(engine, one.plan_id) if one.plan_id else engine  # the rounds' plan
    for point in (before, after):
        standings = assess_plan(engine, as_of=point.as_of, known_at=point.known_at).standings
        points.append([TargetPoint(s.target.id, s.target.name, s.status.value, s.achieved, s.expected, s.target_value) for s in standings])
    task_points = [judge_tasks(tasks, reports, point.as_of, point.known_at) for point in (before, after)]
    diff = diff_rounds(points[0], points[1], task_points[0], task_points[1], changes)
    return DiffResult(before, after, diff, names)


def _moment(moment: dt.datetime | None) -> str:
    return "now" if moment is None else moment.strftime("%Y-%m-%dT%H:%M:%SZ")


__all__ = ["LedgerChange", "RoundEvent", "RoundInfo"]
