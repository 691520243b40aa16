"""Preparing a database for a command (schema upgrades, the bundled plan) and backing it up."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from zsplan.config import bundled_plan_path
from zsplan.errors import DatabaseError, UsageError
from zsplan.store import chain, db, migrate


def ensure_plan(session: Session, *, now: dt.datetime) -> str | None:
    """Inside a write transaction: create the schema and load the bundled plan if the database has none.

    Returns:
        A notice saying what was loaded, or None when the database already held a plan.
    """
    if db.schema_state(session) == "loaded":
        return None
    from zsplan.plan.validate import load_plan
    from zsplan.store import load

    path = bundled_plan_path()
    loaded = load_plan(path)
    migrate.upgrade(session)
    outcome = load.load_definitions(session, loaded, now=now, display_path=f"(bundled) {path.name}")
    counts = outcome.counts
    return f"initialised {db.describe(session)} from the bundled plan ({counts['measures']} measures, {counts['targets']} targets, {counts['units']} units)"


def _upgrade(engine: Engine, revision: str | None, *, now: dt.datetime) -> str | None:
    """Upgrade a database made by an older zsplan to this release's schema, after a backup beside it.

    The check, the backup and the upgrade happen under the write lock, so that of
    several first runs after an upgrade one makes the backup and upgrades, and the
    others wait and find the work done (one backup, no error). SQLite files are
    copied to ``<file>.schema-<revision>-<UTC time>.bak``; for other databases take
    a dump before upgrading (the notice says so).
    """
    if revision is None or revision == migrate.SCHEMA_HEAD:
        return None
    if revision not in migrate.REVISIONS:
        raise DatabaseError(
            f"the database's schema is at revision {revision!r}, which this zsplan does not know "
            f"(it knows {migrate.REVISIONS[0]} to {migrate.SCHEMA_HEAD}): it was made by a newer zsplan, or its "
            "alembic_version table was changed; use that newer zsplan, or restore a backup"
        )
    read_only = db.read_only_mode(engine)
    if read_only:
        raise DatabaseError(
            f"database {db.shown(engine)} has schema revision {revision}, and this zsplan reads {migrate.SCHEMA_HEAD}: the upgrade writes to it, "
            f"which {read_only} does not allow; open it once without {read_only} to upgrade it (a backup is kept beside it)"
        )
    with db.write_session(engine) as session:  # concurrent first runs queue here; the first upgrades, the others find it done
        if migrate.current_revision(session) == migrate.SCHEMA_HEAD:
            return None
        backup_note = _backup_before_upgrade(engine, revision, now=now)
        migrate.upgrade(session)
        chain.seal_unchained(session)  # entries recorded before the hash chain existed get their hashes
    return f"upgraded the database schema from {revision} to {migrate.SCHEMA_HEAD} ({backup_note})"


def _backup_before_upgrade(engine: Engine, revision: str, *, now: dt.datetime) -> str:
    """Copy an SQLite file to ``<file>.schema-<revision>-<UTC time>.bak`` (under the caller's write lock); say where.

    Raises:
        DatabaseError: the copy cannot be written.
    """
    if engine.url.get_backend_name() != "sqlite":
        return "no file backup is made for a server database"
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    copy = Path(f"{engine.url.database}.schema-{revision}-{stamp}.bak")
    try:
        backup_database(engine, copy)
    except (UsageError, DatabaseError, OSError) as exc:
        raise DatabaseError(f"cannot back up the database before upgrading its schema: {exc}") from None
    return f"backup: {copy}"


def prepare_database(engine: Engine, *, now: dt.datetime, initialise: bool) -> list[str]:
    """Bring a database up to date in one look: upgrade an older schema, and (if asked) load the bundled plan into a new one.

    Checks without locking first; only a database that needs work takes the
    write lock, and checks again under it, so concurrent first runs load once.

    Returns:
        Notices to show (what was upgraded or initialised), usually none.

    Raises:
        DatabaseError: the database cannot be read, backed up or written, or belongs to another application.
    """
    with db.read_session(engine) as session:
        state = db.schema_state(session)
        revision = migrate.current_revision(session) if state != "empty" else None
    notices = [notice for notice in [_upgrade(engine, revision, now=now)] if notice]
    if initialise and state != "loaded":
        with db.write_session(engine) as session:
            notice = ensure_plan(session, now=now)
        if notice:
            notices.append(notice)
    return notices


def _refuse_other_plan_on_a_new_database(engine: Engine, plan: str) -> None:
    """A database with no plan yet would get the bundled one: asking for another plan is refused before that.

    Raises:
        UsageError: ``plan`` is not the bundled plan's id and the database holds no plan (nothing is created).
    """
    with db.read_session(engine) as session:
        state = db.schema_state(session)
    if state == "loaded":
        return
    from zsplan.plan.validate import load_plan

    bundled = load_plan(bundled_plan_path()).plan.plan.id
    if plan != bundled:
        raise UsageError(f"no plan {plan!r} in this database (it holds no plan yet); 'zsplan load PLAN.yaml' loads one", "plan")


def open_database(url: str, *, create_dirs: bool, now: dt.datetime, initialise: bool, plan: str | None = None) -> tuple[Engine, list[str]]:
    """An engine on ``url``, its schema brought up to date (see :func:`prepare_database`).

    Args:
        url: an SQLAlchemy URL (:func:`zsplan.config.resolve_db_url`).
        create_dirs: create a missing folder for an SQLite file (the default location only).
        initialise: load the bundled plan into a database that has none.
        plan: the plan the command reads (``--plan``/``$ZSPLAN_PLAN``), when the database holds
            several; None: the only one (:func:`zsplan.store.plans.selected_plan`).

    Returns:
        The engine and the notices to show (what was upgraded or initialised).

    Raises:
        DatabaseError: the URL or the database cannot be used.
    """
    engine = db.get_engine(url, create_dirs=create_dirs)
    if plan and initialise:
        _refuse_other_plan_on_a_new_database(engine, plan)
    notices = prepare_database(engine, now=now, initialise=initialise)
    return (db.with_plan(engine, plan) if plan else engine), notices


def backup_database(engine: Engine, destination: Path) -> int:
    """Copy an SQLite database to ``destination``, safely while others write.

    Returns:
        The size of the copy in bytes.

    Nothing is left at ``destination`` when the copy fails or is interrupted
    (see :func:`zsplan.store.db.backup_sqlite`).

    Raises:
        UsageError: ``destination`` exists or its folder does not.
        DatabaseError: the database is not SQLite, or the copy cannot be written (a full disk).
    """
    if engine.url.get_backend_name() != "sqlite":
        raise UsageError("backup copies SQLite files; for PostgreSQL use pg_dump (or 'zsplan export')")
    if destination.exists():
        raise UsageError(f"{destination} exists; give a new file name")
    if not destination.parent.is_dir():
        raise UsageError(f"folder {destination.parent} does not exist")
    return db.backup_sqlite(engine, destination)
