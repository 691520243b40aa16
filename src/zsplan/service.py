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
from zsplan.plan.vocabulary import CATEGORIES
from zsplan.store import db, ledger
from zsplan.store import tables as t

# Plan parsing and loading (pydantic models, YAML) are imported inside the functions
# that need them: status, log and the reports start without them.


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
    from zsplan.plan.validate import load_plan
    from zsplan.store import load

    path = bundled_plan_path()
    loaded = load_plan(path)
    db.create_schema(session)
    outcome = load.load_definitions(session, loaded, now=now, display_path=f"(bundled) {path.name}")
    counts = outcome.counts
    url = session.get_bind().url.render_as_string(hide_password=True)
    return f"initialised {url} from the bundled plan ({counts['measures']} measures, {counts['targets']} targets, {counts['units']} units)"


def _upgrade(engine: Engine, revision: str | None, *, now: dt.datetime) -> str | None:
    """Upgrade a database made by an older zsplan to this release's schema, after a backup beside it.

    SQLite files are copied first to ``<file>.schema-<revision>-<UTC time>.bak``;
    for other databases take a dump before upgrading (the notice says so).
    """
    from zsplan.errors import DatabaseError
    from zsplan.store import migrate

    if revision is None or revision == migrate.SCHEMA_HEAD:
        return None
    if revision not in migrate.REVISIONS:
        raise DatabaseError(
            f"the database's schema is at revision {revision!r}, which this zsplan does not know "
            f"(it knows {migrate.REVISIONS[0]} to {migrate.SCHEMA_HEAD}): it was made by a newer zsplan, or its "
            "alembic_version table was changed; use that newer zsplan, or restore a backup"
        )
    backup_note = "no file backup is made for a server database"
    if engine.url.get_backend_name() == "sqlite":
        stamp = now.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        copy = Path(f"{engine.url.database}.schema-{revision}-{stamp}.bak")
        try:
            backup_database(engine, copy)
        except (UsageError, OSError) as exc:
            raise DatabaseError(f"cannot back up the database before upgrading its schema: {exc}") from None
        backup_note = f"backup: {copy}"
    with db.write_session(engine) as session:
        if migrate.current_revision(session) != migrate.SCHEMA_HEAD:  # another process may have done it
            migrate.upgrade(session)
    return f"upgraded the database schema from {revision} to {migrate.SCHEMA_HEAD} ({backup_note})"


def prepare_database(engine: Engine, *, now: dt.datetime, initialise: bool) -> list[str]:
    """Bring a database up to date in one look: upgrade an older schema, and (if asked) load the bundled plan into a new one.

    Checks without locking first; only a database that needs work takes the
    write lock, and checks again under it, so concurrent first runs load once.

    Returns:
        Notices to show (what was upgraded or initialised), usually none.

    Raises:
        DatabaseError: the database cannot be read, backed up or written, or belongs to another application.
    """
    from zsplan.store import migrate

    with db.read_session(engine) as session:
        state = db.schema_state(session)
        revision = migrate.current_revision(session) if state != "empty" else None
    notices = [notice for notice in [_upgrade(engine, revision, now=now)] if notice]
    if initialise and state != "loaded":
        with db.write_session(engine) as session:
            notice = _initialise(session, now=now)
        if notice:
            notices.append(notice)
    return notices


def load_plan_file(engine: Engine, path: Path, *, display_path: str, now: dt.datetime):
    """Validate ``path`` and load it into the database (one transaction).

    Raises:
        PlanFileError: the plan file has problems (nothing written).
        ReloadRefused: it would drop or redefine targets with progress (nothing written).
        DatabaseError: the database cannot be written, or belongs to another application.
    """
    from zsplan.plan.validate import load_plan
    from zsplan.store import load

    loaded = load_plan(path, display_path)
    with db.write_session(engine) as session:
        if db.schema_state(session) == "empty":
            db.create_schema(session)
        return load.load_definitions(session, loaded, now=now, display_path=display_path)


def _standing(session: Session, spec: TargetSpec, as_of: dt.date) -> Standing:
    """One target's standing as of ``as_of``, inside the transaction that just wrote to it."""
    facts = ledger.progress_facts(session, as_of, [spec.id]).get(spec.id, ProgressFacts())
    return assess(spec, facts, as_of)


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
        standing = _standing(session, spec, as_of)
    return LogResult(entry=entry, standing=standing, notice=notice)


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
            if value is not None:
                raise UsageError(
                    f"entry #{original.id} records a named item of {spec.id!r}, which is counted by its items; "
                    "correct the name with --item NAME or the date with --date, or retract the entry"
                )
            item = item if item is not None else original.item_name
        elif value is None:
            value = original.value
        checked = ledger.check_entry(spec, value=value, item=item, as_of=date, today=today)
        if (checked.value, checked.item_id, checked.item_name, date) == (original.value, original.item_id, original.item_name, original.as_of):
            raise UsageError(f"entry #{original.id} already says that; give a new value, --item or --date")
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
        standing = _standing(session, spec, date)
    return LogResult(entry=entry, standing=standing)


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
        standing = _standing(session, spec, original.as_of)
    return LogResult(entry=entry, standing=standing)


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


def _plan_header(session: Session, as_of: dt.date) -> tuple[str, dt.date | None]:
    """The plan's title and issue date; refuses an as-of date before the plan existed.

    Raises:
        UsageError: ``as_of`` is before the plan's issue date.
    """
    plan = session.exec(select(t.PlanRecord.title, t.PlanRecord.issued)).first()
    if plan is None:
        return "", None
    if as_of < plan.issued:
        raise UsageError(f"--as-of {as_of} is before the plan was issued ({plan.issued}); nothing can be judged then")
    return plan.title, plan.issued


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
        title, issued = _plan_header(session, as_of)
        if unit_record is not None:
            session.expunge(unit_record)
    empty = ProgressFacts()
    standings = [assess(spec, facts.get(spec.id, empty), as_of) for spec in specs]
    return StatusReport(
        plan_title=title,
        plan_issued=issued,
        as_of=as_of,
        standings=standings,
        unit=unit_record,
        category=category,
        known_at=known_at,
    )


# --------------------------------------------------------------------------- bulk import, templates, export, backup


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote (or, with ``dry_run``, would write): entry counts per target id."""

    written: int
    per_target: dict[str, int]
    dry_run: bool
    notice: str | None = None


def import_sheet(
    engine: Engine,
    path: Path,
    *,
    dry_run: bool,
    today: dt.date,
    now: dt.datetime,
    recorded_by: str,
    on_row=None,
) -> ImportResult:
    """Check every row of a CSV/XLSX sheet, then record all of them in one transaction.

    Raises:
        UsageError: the file cannot be read as a sheet.
        ImportRefused: one or more rows are bad (``problems`` lists them); nothing written.
        DatabaseError: the database cannot be written.
    """
    from zsplan.errors import ImportRefused
    from zsplan.io.sheets import SheetError, read_sheet
    from zsplan.store import bulk

    try:
        columns, rows = read_sheet(path)
    except SheetError as error:
        raise UsageError(str(error)) from None
    with db.write_session(engine) as session:
        notice = _initialise(session, now=now)
        try:
            checked = bulk.check_rows(session, columns, rows, today=today, now=now, default_by=recorded_by, on_row=on_row)
        except SheetError as error:
            raise UsageError(str(error)) from None
        if checked.problems:
            count = len(checked.bad_rows)
            raise ImportRefused(f"{path}: {count} bad row{'s' if count != 1 else ''}; nothing was imported", checked.problems)
        if dry_run:
            session.rollback()
            notice = None  # the bundled plan was loaded only to check the rows against it, and is not kept
        else:
            bulk.insert_rows(session, checked.rows)
    return ImportResult(written=len(checked.rows), per_target=dict(checked.per_target), dry_run=dry_run, notice=notice)


def template_rows(engine: Engine, *, unit: str | None) -> list[dict]:
    """One row per target (of ``unit``, if given) with the informational columns of a template filled in.

    Raises:
        UsageError: unknown unit.
    """
    from zsplan.render.status import target_text

    with db.read_session(engine) as session:
        unit_record = ledger.find_unit(session, unit) if unit else None
        specs = ledger.fetch_specs(session, unit_id=unit_record.id if unit_record else None)
    return [
        {
            "target": spec.id,
            "name": spec.name,
            "unit": spec.unit,
            "mode": spec.mode,
            "target_value": target_text(spec),
            "deadline": spec.deadline.isoformat(),
            "lead_unit": spec.lead_unit.name if spec.lead_unit else "",
        }
        for spec in specs
    ]


EXPORT_FORMAT = "zsplan-export"
EXPORT_VERSION = 1


def export_document(engine: Engine, *, now: dt.datetime) -> dict:
    """The whole database as one JSON-ready document: plan definitions and the full ledger.

    Shape: ``{"format": "zsplan-export", "version": 1, "exported_at", "plan": <plan file as JSON>,
    "entries": [every progress entry with all its columns, in id order]}``.
    """
    from zsplan.store import load

    with db.read_session(engine) as session:
        plan = load.stored_definitions(session)
        entries = session.exec(select(t.ProgressEntry).order_by(t.ProgressEntry.id)).all()
        records = [_entry_export(entry) for entry in entries]
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": now.astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z"),
        "plan": plan.model_dump(mode="json") if plan else None,
        "entries": records,
    }


def _entry_export(entry: t.ProgressEntry) -> dict:
    recorded = entry.recorded_at if entry.recorded_at.tzinfo else entry.recorded_at.replace(tzinfo=dt.timezone.utc)
    return {
        "id": entry.id,
        "target_id": entry.target_id,
        "kind": entry.kind,
        "value": entry.value,
        "item_id": entry.item_id,
        "item_name": entry.item_name,
        "as_of": entry.as_of.isoformat(),
        "recorded_at": recorded.astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z"),
        "recorded_by": entry.recorded_by,
        "note": entry.note,
        "source": entry.source,
        "supersedes": entry.supersedes,
        "reason": entry.reason,
    }


def import_export(engine: Engine, path: Path, *, now: dt.datetime, dry_run: bool = False) -> ImportResult:
    """Restore an export (see :func:`export_document`) into a database that has no progress entries.

    Entry ids, recording times and supersession links are kept, so status,
    history and ``--known-at`` read exactly as in the exported database.

    Raises:
        UsageError: the file is not a zsplan export, or the database already has entries.
        PlanFileError: the exported plan does not validate.
    """
    import json

    from pydantic import ValidationError

    from zsplan.errors import PlanFileError
    from zsplan.plan.models import PlanFile
    from zsplan.plan.validate import LoadedPlan
    from zsplan.store import load

    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"{path}: not a readable JSON export ({exc})") from None
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT or document.get("version") != EXPORT_VERSION:
        raise UsageError(f"{path}: not a zsplan export (format {EXPORT_FORMAT!r}, version {EXPORT_VERSION})")
    try:
        plan = PlanFile.model_validate_json(json.dumps(document["plan"]))
    except (ValidationError, KeyError, TypeError) as exc:
        raise PlanFileError(f"{path}: the exported plan does not validate: {exc}") from None
    entries = document.get("entries") or []
    with db.write_session(engine) as session:
        if db.schema_state(session) == "empty":
            db.create_schema(session)
        if session.exec(select(t.ProgressEntry.id)).first() is not None:
            raise UsageError("the database already has progress entries; restore an export into a new database (--db NEW.db)")
        loaded = LoadedPlan(plan=plan, path=path, content_hash="")
        load.load_definitions(session, loaded, now=now, display_path=f"(export) {path.name}")
        try:
            rows = [_entry_import(record) for record in entries]
        except (KeyError, TypeError, ValueError) as exc:
            raise UsageError(f"{path}: an entry is malformed ({exc})") from None
        if rows:
            from sqlalchemy import insert, text

            session.execute(insert(t.ProgressEntry), rows)
            if session.get_bind().url.get_backend_name() == "postgresql":  # explicit ids: move the sequence past them
                session.execute(text("SELECT setval(pg_get_serial_sequence('progress_entry', 'id'), (SELECT max(id) FROM progress_entry))"))
        per_target: dict[str, int] = {}
        for row in rows:
            per_target[row["target_id"]] = per_target.get(row["target_id"], 0) + 1
        if dry_run:
            session.rollback()
    return ImportResult(written=len(rows), per_target=per_target, dry_run=dry_run)


def _entry_import(record: dict) -> dict:
    return {
        "id": int(record["id"]),
        "target_id": str(record["target_id"]),
        "kind": str(record["kind"]),
        "value": float(record["value"]),
        "item_id": record["item_id"],
        "item_name": record["item_name"],
        "as_of": dt.date.fromisoformat(record["as_of"]),
        "recorded_at": dt.datetime.fromisoformat(record["recorded_at"].replace("Z", "+00:00")),
        "recorded_by": str(record["recorded_by"]),
        "note": record["note"],
        "source": record["source"],
        "supersedes": record["supersedes"],
        "reason": record["reason"],
    }


def backup_database(engine: Engine, destination: Path) -> int:
    """Copy an SQLite database to ``destination`` with SQLite's online backup (safe while others write).

    Returns:
        The size of the copy in bytes.

    Raises:
        UsageError: the database is not SQLite, or ``destination`` exists or its folder does not.
    """
    import sqlite3

    if engine.url.get_backend_name() != "sqlite":
        raise UsageError("backup copies SQLite files; for PostgreSQL use pg_dump (or 'zsplan export')")
    if destination.exists():
        raise UsageError(f"{destination} exists; give a new file name")
    if not destination.parent.is_dir():
        raise UsageError(f"folder {destination.parent} does not exist")
    source = sqlite3.connect(engine.url.database)
    try:
        target = sqlite3.connect(destination)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()
    return destination.stat().st_size


# --------------------------------------------------------------------------- assessment, explain, reports


@dataclass(frozen=True)
class PlanAssessment:
    """Every (selected) target assessed as of a date, with the units' scorecards.

    Attributes:
        chapters: ``(id, number, title)`` of the plan's chapters, in order.
    """

    plan_title: str
    as_of: dt.date
    known_at: dt.datetime | None
    stale_days: int
    assessments: list
    scorecards: list
    chapters: list[tuple[str, str, str]]


def assess_plan(
    engine: Engine,
    *,
    as_of: dt.date,
    known_at: dt.datetime | None = None,
    stale_days: int | None = None,
    target: str | None = None,
) -> PlanAssessment:
    """Assess every target (or one) as of ``as_of``: standing, pace, need, staleness, forecast; and score the units.

    Raises:
        UsageError: unknown target, or an as-of date before the plan's issue date.
    """
    from zsplan.analysis.assessment import assess_target, unit_scorecards
    from zsplan.analysis.pace import DEFAULT_STALE_DAYS

    days = DEFAULT_STALE_DAYS if stale_days is None else stale_days
    if days < 1:
        raise UsageError("--stale-days must be at least 1")
    with db.read_session(engine) as session:
        title, _ = _plan_header(session, as_of)
        specs = [ledger.find_target(session, target)] if target else ledger.fetch_specs(session)
        ids = [spec.id for spec in specs] if target else None
        facts = ledger.progress_facts(session, as_of, ids, known_at=known_at)
        series = ledger.progress_series(session, as_of, ids, known_at=known_at)
        units = [(unit.id, unit.name) for unit in session.exec(select(t.UnitRecord).order_by(t.UnitRecord.position)).all()]
        chapters = [
            (measure.id, measure.number, measure.title)
            for measure in session.exec(select(t.MeasureRecord).where(t.MeasureRecord.level == "chapter").order_by(t.MeasureRecord.position)).all()
        ]
    empty = ProgressFacts()
    assessments = [assess_target(assess(spec, facts.get(spec.id, empty), as_of), series.get(spec.id, []), stale_days=days) for spec in specs]
    return PlanAssessment(
        plan_title=title,
        as_of=as_of,
        known_at=known_at,
        stale_days=days,
        assessments=assessments,
        scorecards=unit_scorecards(assessments, units),
        chapters=chapters,
    )
