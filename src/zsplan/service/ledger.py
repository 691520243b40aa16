"""Recording progress (log, correct, retract) and reading a target's ledger (history, named items)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.engine import Engine
from sqlmodel import Session

from zsplan.analysis.standing import ProgressFacts, Standing, TargetSpec, assess
from zsplan.errors import UsageError
from zsplan.service.database import ensure_plan
from zsplan.service.fastlog import LogResult
from zsplan.service.history import ItemList, TargetHistory, list_items, target_history  # noqa: F401  (the ledger's reading services)
from zsplan.store import db, ledger, rounds


def _standing(session: Session, spec: TargetSpec, as_of: dt.date) -> Standing:
    """One target's standing as of ``as_of``, inside the transaction that just wrote to it."""
    from zsplan.store import evidence

    uncounted = evidence.uncounted_ids(session)
    facts = ledger.progress_facts(session, as_of, [spec.id], uncounted=uncounted)
    facts = ledger.judged_facts(session, as_of, [spec], facts, uncounted=uncounted)
    return assess(spec, facts.get(spec.id, ProgressFacts()), as_of)


def log_progress(
    engine: Engine,
    *,
    target: str,
    value: float | None,
    item: str | None,
    as_of: dt.date,
    today: dt.date,
    now: dt.datetime,
    recorded_by: str,
    note: str | None,
    source: str | None,
    nil: bool = False,
    realised_as: str | None = None,
    grade: str | None = None,
    late: bool = False,
) -> LogResult:
    """Record one progress report for ``target`` (id or name) and return the new standing.

    Args:
        value: in the target's unit of count (家/個/項/人…); None for named items and milestones done.
        now: the recording time, UTC.
        source: the evidence (document number, URL, file).
        nil: a nil report (nothing new this period): no value nor item; kind ``nil``.
        realised_as: the name the achievement was realised under (targets tracked by items);
            either name finds it (``items``, ``history``), and neither may be recorded again.
        grade: the grade of ``source`` (A–D, :data:`zsplan.analysis.evidence.GRADES`); None: B, the unit's
            own report. An entry graded C or D counts only once verified (docs/method.md, "Evidence states").
            An item already recorded, reported again with a source, is not refused: the source is kept
            for the earlier entry as a corroboration or a conflict.
        late: the entry is dated inside a closed reporting round and is recorded as late (``--late``);
            without it such an entry is refused (:func:`zsplan.store.rounds.refuse_locked`).

    Raises:
        UsageError: unknown target, a value/date/item the target cannot take, an
            item already recorded (nothing written; see :func:`zsplan.store.ledger.check_entry`),
            or ``recorded_by`` with control characters.
        RoundRefused: ``as_of`` lies in a closed reporting round and ``late`` is not given (nothing written).
        DatabaseError: the database cannot be written.
    """
    from zsplan.analysis import evidence as rules
    from zsplan.service.evidence import check_grade
    from zsplan.store import evidence

    ledger.check_recorder(recorded_by)
    graded = None if grade is None else check_grade(grade)
    with db.write_session(engine) as session:
        notice = ensure_plan(session, now=now)
        spec = ledger.find_target(session, target)
        checked = ledger.check_entry(spec, value=value, item=item, as_of=as_of, today=today, note=note, source=source, nil=nil)
        alias = ledger.check_realised_as(spec, realised_as)
        earlier = ledger.recorded_item(session, spec, checked) if source is not None and alias is None else None
        if earlier is not None:  # a second source for an item already recorded: kept, not refused
            kept = evidence.record_source(
                session,
                entry_id=earlier.id,
                relation="corroboration" if earlier.as_of == as_of else "conflict",
                grade=graded or rules.DEFAULT_GRADE,
                number=source,
                title=None,
                location=None,
                published=None,
                as_of=as_of,
                note=note,
                now=now,
                by=recorded_by,
            )
            return LogResult(entry=earlier, standing=_standing(session, spec, as_of), notice=notice, second_source=kept)
        ledger.refuse_duplicate_item(session, spec, checked)
        ledger.refuse_alias_clash(session, spec, checked, alias)
        locked = rounds.refuse_locked(session, [as_of], late=late, plan_id=spec.plan_id)
        entry = ledger.record_entry(
            session,
            target_id=spec.id,
            value=checked.value,
            item_id=checked.item_id,
            item_name=checked.item_name,
            as_of=as_of,
            recorded_at=now,
            recorded_by=recorded_by,
            note=note,
            evidence=source,
            kind=checked.kind,
        )
        if alias is not None:
            ledger.record_alias(session, entry.id, alias)
        if graded is not None:
            evidence.record_source(
                session,
                entry_id=entry.id,
                relation="source",
                grade=graded,
                number=source,
                title=None,
                location=None,
                published=None,
                now=now,
                by=recorded_by,
            )
        if locked:
            rounds.mark_late(session, entry_ids=[entry.id], round_id=locked[as_of], now=now, by=recorded_by)
        standing = _standing(session, spec, as_of)
    return LogResult(entry=entry, standing=standing, notice=notice, counted=graded is None or rules.counts("reported", graded))


def _reason(reason: str) -> str:
    text = " ".join(reason.split())
    if not text:
        raise UsageError("{reason} is empty; say why the entry is corrected or retracted", "reason")
    ledger.check_text("reason", text)
    return text


def correct_entry(
    engine: Engine,
    *,
    entry_id: int,
    value: float | None,
    item: str | None,
    as_of: dt.date | None,
    reason: str,
    today: dt.date,
    now: dt.datetime,
    recorded_by: str,
) -> LogResult:
    """Supersede entry ``entry_id`` with a corrected figure (or item name, or date); the original stays in history.

    Unspecified parts are kept from the original: its value or item, and its as-of date.

    Raises:
        UsageError: no such entry, it was already corrected or retracted, the
            corrected report breaks a rule of :func:`zsplan.store.ledger.check_entry`,
            or the reason is empty; ``recorded_by`` holds control characters.
    """
    why = _reason(reason)
    ledger.check_recorder(recorded_by)
    with db.write_session(engine) as session:
        original = ledger.find_entry(session, entry_id)
        ledger.check_supersedable(session, original)
        if original.kind == ledger.NIL:
            raise UsageError(f"entry #{original.id} is a nil report (nothing new); retract it and log the figure instead")
        spec = ledger.find_target(session, original.target_id)
        date = as_of or original.as_of
        if spec.mode == "items":
            if value is not None:
                raise UsageError(
                    f"entry #{original.id} records a named item of {spec.id!r}, which is counted by its items; "
                    "correct the name with {item} NAME or the date with {date}, or retract the entry",
                    "value",
                )
            item = item if item is not None else original.item_name
        elif value is None:
            value = original.value
        checked = ledger.check_entry(spec, value=value, item=item, as_of=date, today=today)
        if (checked.value, checked.item_id, checked.item_name, date) == (original.value, original.item_id, original.item_name, original.as_of):
            raise UsageError(f"entry #{original.id} already says that; give a new value, {{item}} or {{date}}")
        ledger.refuse_duplicate_item(session, spec, checked, ignore=original.id)
        entry = ledger.record_entry(
            session,
            target_id=spec.id,
            value=checked.value,
            item_id=checked.item_id,
            item_name=checked.item_name,
            as_of=date,
            recorded_at=now,
            recorded_by=recorded_by,
            note=original.note,
            evidence=original.evidence,
            kind="correction",
            supersedes=original.id,
            reason=why,
        )
        carried = ledger.history(session, spec.id)  # the realised-as name stays with the corrected achievement
        alias = next((row.entry.realised_as for row in carried if row.entry.id == original.id), None)
        if alias is not None:
            ledger.record_alias(session, entry.id, alias)
        standing = _standing(session, spec, date)
    return LogResult(entry=entry, standing=standing)


def retract_entry(engine: Engine, *, entry_id: int, reason: str, now: dt.datetime, recorded_by: str) -> LogResult:
    """Cancel entry ``entry_id`` (a report that should not count); it stays in history.

    Raises:
        UsageError: no such entry, it was already corrected or retracted, the reason is empty,
            or ``recorded_by`` holds control characters.
    """
    why = _reason(reason)
    ledger.check_recorder(recorded_by)
    with db.write_session(engine) as session:
        original = ledger.find_entry(session, entry_id)
        ledger.check_supersedable(session, original)
        spec = ledger.find_target(session, original.target_id)
        entry = ledger.record_entry(
            session,
            target_id=spec.id,
            value=0.0,
            item_name=original.item_name,
            as_of=original.as_of,
            recorded_at=now,
            recorded_by=recorded_by,
            kind="retraction",
            supersedes=original.id,
            reason=why,
        )
        standing = _standing(session, spec, original.as_of)
    return LogResult(entry=entry, standing=standing)
