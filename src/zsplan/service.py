"""Use cases behind the commands: each is one call, in one transaction.

The CLI parses arguments, calls one function here, and renders the result.
Every writing function commits all of its work or none of it (see
:mod:`zsplan.store.db`): a ``log`` that fails on a new database does not even
leave the initialisation behind.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from zsplan.analysis.standing import ProgressFacts, Standing, TargetSpec, assess
from zsplan.config import bundled_plan_path
from zsplan.errors import UsageError
from zsplan.plan.models import CATEGORIES
from zsplan.plan.validate import LoadedPlan, load_plan
from zsplan.store import db, ledger, load
from zsplan.store import tables as t

LoadOutcome = load.LoadOutcome


@dataclass(frozen=True)
class StatusReport:
    """Standings of the selected targets as of a date, with the plan's title and the filter used."""

    plan_title: str
    plan_issued: dt.date | None
    as_of: dt.date
    standings: list[Standing]
    unit: t.UnitRecord | None = None
    category: str | None = None
    known_at: dt.datetime | None = None


@dataclass(frozen=True)
class LogResult:
    """A recorded entry and the target's standing right after it (as of the entry's date).

    ``notice`` says the database was initialised from the bundled plan on the way.
    """

    entry: t.ProgressEntry
    standing: Standing
    notice: str | None = None


def _initialise(session: Session, *, now: dt.datetime) -> str | None:
    """Inside a write transaction: create the schema and load the bundled plan if the database has none."""
    state = db.schema_state(session)
    if state == "loaded":
        return None
    path = bundled_plan_path()
    loaded = load_plan(path)
    db.create_schema(session)
    outcome = load.load_definitions(session, loaded, now=now, display_path=f"(bundled) {path.name}")
    counts = outcome.counts
    url = session.get_bind().url.render_as_string(hide_password=True)
    return f"initialised {url} from the bundled plan ({counts['measures']} measures, {counts['targets']} targets, {counts['units']} units)"


def ensure_initialised(engine: Engine, *, now: dt.datetime) -> str | None:
    """Make sure the database holds a plan, loading the bundled one into a new database.

    Checks without locking first; only a database without a plan takes the
    write lock, and checks again under it, so concurrent first runs load once.

    Returns:
        A one-line notice when the database was initialised, else None.

    Raises:
        DatabaseError: the database cannot be read or written, or belongs to another application.
    """
    with db.read_session(engine) as session:
        if db.schema_state(session) == "loaded":
            return None
    with db.write_session(engine) as session:
        return _initialise(session, now=now)


def load_plan_file(engine: Engine, path: Path, *, display_path: str, now: dt.datetime) -> LoadOutcome:
    """Validate ``path`` and load it into the database (one transaction).

    Raises:
        PlanFileError: the plan file has problems (nothing written).
        ReloadRefused: it would drop or redefine targets with progress (nothing written).
        DatabaseError: the database cannot be written, or belongs to another application.
    """
    loaded: LoadedPlan = load_plan(path, display_path)
    with db.write_session(engine) as session:
        if db.schema_state(session) == "empty":
            db.create_schema(session)
        return load.load_definitions(session, loaded, now=now, display_path=display_path)


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
) -> LogResult:
    """Record one progress report for ``target`` (id or name) and return the new standing.

    Args:
        now: the recording time, UTC .

    Raises:
        UsageError: unknown target, a value/date/item the target cannot take, or an
            item already recorded (nothing written); see :func:`zsplan.store.ledger.check_entry`.
        DatabaseError: the database cannot be written.
    """
    with db.write_session(engine) as session:
        notice = _initialise(session, now=now)
        spec = ledger.find_target(session, target)
        checked = ledger.check_entry(spec, value=value, item=item, as_of=as_of, today=today, note=note, source=source)
        ledger.refuse_duplicate_item(session, spec, checked)
        entry = ledger.record_entry(
            session,
            t.ProgressEntry(
                target_id=spec.id,
                value=checked.value,
                item_id=checked.item_id,
                item_name=checked.item_name,
                as_of=as_of,
                recorded_at=now,
                recorded_by=recorded_by,
                note=note,
                source=source,
            ),
        )
        facts = ledger.progress_facts(session, as_of, [spec.id]).get(spec.id, ProgressFacts())
    return LogResult(entry=entry, standing=assess(spec, facts, as_of), notice=notice)


def _reason(reason: str) -> str:
    text = " ".join(reason.split())
    if not text:
        raise UsageError("--reason is empty; say why the entry is corrected or retracted")
    ledger.check_text("--reason", text)
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
            or the reason is empty.
    """
    why = _reason(reason)
    with db.write_session(engine) as session:
        original = ledger.find_entry(session, entry_id)
        ledger.check_supersedable(session, original)
        spec = ledger.find_target(session, original.target_id)
        date = as_of or original.as_of
        if spec.mode == "items":
            item = item if item is not None else original.item_name
            value = None
        elif value is None:
            value = original.value
        checked = ledger.check_entry(spec, value=value, item=item, as_of=date, today=today)
        ledger.refuse_duplicate_item(session, spec, checked, ignore=original.id)
        entry = ledger.record_entry(
            session,
            t.ProgressEntry(
                target_id=spec.id,
                value=checked.value,
                item_id=checked.item_id,
                item_name=checked.item_name,
                as_of=date,
                recorded_at=now,
                recorded_by=recorded_by,
                note=original.note,
                source=original.source,
                kind="correction",
                supersedes=original.id,
                reason=why,
            ),
        )
        facts = ledger.progress_facts(session, date, [spec.id]).get(spec.id, ProgressFacts())
    return LogResult(entry=entry, standing=assess(spec, facts, date))


def retract_entry(engine: Engine, *, entry_id: int, reason: str, now: dt.datetime, recorded_by: str) -> LogResult:
    """Cancel entry ``entry_id`` (a report that should not count); it stays in history.

    Raises:
        UsageError: no such entry, it was already corrected or retracted, or the reason is empty.
    """
    why = _reason(reason)
    with db.write_session(engine) as session:
        original = ledger.find_entry(session, entry_id)
        ledger.check_supersedable(session, original)
        spec = ledger.find_target(session, original.target_id)
        entry = ledger.record_entry(
            session,
            t.ProgressEntry(
                target_id=spec.id,
                value=0.0,
                item_id=None,
                item_name=original.item_name,
                as_of=original.as_of,
                recorded_at=now,
                recorded_by=recorded_by,
                kind="retraction",
                supersedes=original.id,
                reason=why,
            ),
        )
        facts = ledger.progress_facts(session, original.as_of, [spec.id]).get(spec.id, ProgressFacts())
    return LogResult(entry=entry, standing=assess(spec, facts, original.as_of))


@dataclass(frozen=True)
class TargetHistory:
    """A target and every entry recorded for it, superseded ones included."""

    target: TargetSpec
    rows: list[ledger.HistoryRow]


def target_history(engine: Engine, *, target: str) -> TargetHistory:
    """Every entry of ``target`` (id or name), in the order recorded.

    Raises:
        UsageError: unknown target.
    """
    with db.read_session(engine) as session:
        spec = ledger.find_target(session, target)
        rows = ledger.history(session, spec.id)
        for row in rows:
            session.expunge(row.entry)
    return TargetHistory(target=spec, rows=rows)


@dataclass(frozen=True)
class ItemList:
    """The named achievements that count for a target, as of a date."""

    target: TargetSpec
    as_of: dt.date | None
    items: list[t.ProgressEntry]


def list_items(engine: Engine, *, target: str, as_of: dt.date | None = None) -> ItemList:
    """The effective named items of ``target`` (optionally those dated by ``as_of``).

    Raises:
        UsageError: unknown target, or a target not tracked by items.
    """
    with db.read_session(engine) as session:
        spec = ledger.find_target(session, target)
        if spec.mode != "items":
            raise UsageError(f"{spec.id!r} is tracked by values, not named items; see 'zsplan history {spec.id}'")
        items = ledger.effective_items(session, spec.id, as_of=as_of)
        for entry in items:
            session.expunge(entry)
    return ItemList(target=spec, as_of=as_of, items=items)


def compute_status(
    engine: Engine,
    *,
    as_of: dt.date,
    unit: str | None = None,
    category: str | None = None,
    known_at: dt.datetime | None = None,
) -> StatusReport:
    """Return every (selected) target's standing as of ``as_of``.

    Args:
        known_at: reproduce the figures as the ledger stood at this UTC time
            : later entries, corrections and retractions are ignored.
        unit: a unit id or name (either script); keeps targets it leads or co-owns.
        category: keep targets of this category (one of :data:`~zsplan.plan.models.CATEGORIES`).

    Raises:
        UsageError: the unit or the category is unknown or empty.
    """
    if category is not None and category not in CATEGORIES:
        raise UsageError(f"unknown category {category!r}; use one of {', '.join(CATEGORIES)}")
    if unit is not None and not unit.strip():
        raise UsageError("--unit is empty; give a unit id or its Chinese name")
    with db.read_session(engine) as session:
        unit_record = ledger.find_unit(session, unit) if unit else None
        specs = ledger.fetch_specs(session, unit_id=unit_record.id if unit_record else None, category=category)
        facts = ledger.progress_facts(session, as_of, known_at=known_at)
        plan = session.exec(select(t.PlanRecord.title, t.PlanRecord.issued)).first()
        if plan is not None and as_of < plan.issued:
            raise UsageError(f"--as-of {as_of} is before the plan was issued ({plan.issued}); nothing can be judged then")
        if unit_record is not None:
            session.expunge(unit_record)
    empty = ProgressFacts()
    standings = [assess(spec, facts.get(spec.id, empty), as_of) for spec in specs]
    return StatusReport(
        plan_title=plan.title if plan else "",
        plan_issued=plan.issued if plan else None,
        as_of=as_of,
        standings=standings,
        unit=unit_record,
        category=category,
        known_at=known_at,
    )
