"""Use cases behind the commands: each is one call that opens a session, works, and commits or rolls back.

The CLI parses arguments, calls one function here, and renders the result.
Every writing function either commits all of its work or none of it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError, DatabaseError as SADatabaseError
from sqlmodel import Session, select

from zsplan.analysis.standing import Standing, assess
from zsplan.config import bundled_plan_path
from zsplan.errors import DatabaseError, UsageError
from zsplan.plan.models import CATEGORIES
from zsplan.plan.validate import LoadedPlan, load_plan
from zsplan.store import db, ledger, load
from zsplan.store import tables as t


@dataclass(frozen=True)
class StatusReport:
    """Standings of the selected targets as of a date, with the plan's title and the filter used."""

    plan_title: str
    as_of: dt.date
    standings: list[Standing]
    unit: t.UnitRecord | None = None
    category: str | None = None


@dataclass(frozen=True)
class LogResult:
    """A recorded entry and the target's standing right after it (as of the entry's date)."""

    entry: t.ProgressEntry
    standing: Standing


class _Guard:
    """Turn driver errors (locked, read-only, unreachable) into :class:`DatabaseError`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc is not None and isinstance(exc, (OperationalError, SADatabaseError)):
            url = self.engine.url.render_as_string(hide_password=True)
            raise DatabaseError(f"database {url}: {getattr(exc, 'orig', exc)}") from None
        return False


def ensure_initialised(engine: Engine, *, now: dt.datetime) -> str | None:
    """Create the schema and load the bundled plan into an empty database.

    Returns:
        A one-line notice when the database was initialised, else None.

    Raises:
        DatabaseError: the database cannot be read or written.
    """
    if db.is_initialised(engine):
        return None
    path = bundled_plan_path()
    loaded = load_plan(path)
    db.create_schema(engine)
    with _Guard(engine), Session(engine) as session:
        outcome = load.load_definitions(session, loaded, now=now, display_path=f"(bundled) {path.name}")
        session.commit()
    counts = outcome.counts
    url = engine.url.render_as_string(hide_password=True)
    return f"initialised {url} from the bundled plan ({counts['measures']} measures, {counts['targets']} targets, {counts['units']} units)"


def load_plan_file(engine: Engine, path: Path, *, display_path: str, now: dt.datetime) -> LoadOutcome:
    """Validate ``path`` and load it into the database (one transaction).

    Raises:
        PlanFileError: the plan file has problems (nothing written).
        ReloadRefused: it would drop targets with progress (nothing written).
        DatabaseError: the database cannot be written.
    """
    loaded: LoadedPlan = load_plan(path, display_path)
    db.create_schema(engine)
    with _Guard(engine), Session(engine) as session:
        outcome = load.load_definitions(session, loaded, now=now, display_path=display_path)
        if outcome.changed:
            session.commit()
        return outcome


LoadOutcome = load.LoadOutcome


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

    Raises:
        UsageError: unknown target, or a value/date/item the target cannot take
            (nothing written); see :func:`zsplan.store.ledger.check_entry`.
    """
    with _Guard(engine), Session(engine) as session:
        spec = ledger.find_target(session, target)
        stored_value, item_id = ledger.check_entry(spec, value=value, item=item, as_of=as_of, today=today)
        if item_id is not None:
            earlier = ledger.find_item_entry(session, target_id=spec.id, item_id=item_id)
            if earlier is not None:
                raise UsageError(f"item {item_id!r} of {spec.id!r} is already recorded (entry #{earlier.id}, as of {earlier.as_of}); an item counts once")
        entry = ledger.record_progress(
            session,
            spec=spec,
            value=stored_value,
            item_id=item_id,
            as_of=as_of,
            recorded_at=now,
            recorded_by=recorded_by,
            note=note,
            source=source,
        )
        facts = ledger.progress_facts(session, as_of, [spec.id]).get(spec.id)
        session.commit()
        session.refresh(entry)
        standing = assess(spec, facts, as_of)
        session.expunge(entry)
    return LogResult(entry=entry, standing=standing)


def compute_status(engine: Engine, *, as_of: dt.date, unit: str | None = None, category: str | None = None) -> StatusReport:
    """Return every (selected) target's standing as of ``as_of``.

    Args:
        unit: a unit id or name (either script); keeps targets it leads or co-owns.
        category: keep targets of this category (one of :data:`~zsplan.plan.models.CATEGORIES`).

    Raises:
        UsageError: the unit or the category is unknown.
    """
    from zsplan.analysis.standing import ProgressFacts

    if category is not None and category not in CATEGORIES:
        raise UsageError(f"unknown category {category!r}; use one of {', '.join(CATEGORIES)}")
    with _Guard(engine), Session(engine) as session:
        unit_record = ledger.find_unit(session, unit) if unit else None
        specs = ledger.fetch_specs(session, unit_id=unit_record.id if unit_record else None, category=category)
        facts = ledger.progress_facts(session, as_of)
        plan = session.exec(select(t.PlanRecord)).first()
        if unit_record is not None:
            session.expunge(unit_record)
    empty = ProgressFacts()
    standings = [assess(spec, facts.get(spec.id, empty), as_of) for spec in specs]
    return StatusReport(plan_title=plan.title if plan else "", as_of=as_of, standings=standings, unit=unit_record, category=category)
