"""Engine and schema: open a database from a URL and make sure it holds zsplan's tables."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import event, inspect
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError as SADatabaseError, OperationalError
from sqlmodel import Session, SQLModel, create_engine, select

from zsplan.errors import DatabaseError
from zsplan.store import tables as t

#: Seconds a writer waits for another writer's lock before giving up (SQLite busy timeout).
SQLITE_BUSY_TIMEOUT_S = 30


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def get_engine(url: str, *, create_dirs: bool = False) -> Engine:
    """Return an engine for ``url``.

    Args:
        url: an SQLAlchemy URL (see :func:`zsplan.config.resolve_db_url`).
        create_dirs: create the parent directory of an SQLite file if missing
            (done for the default location only).

    Raises:
        DatabaseError: the URL is malformed, names a missing driver, or an SQLite
            file whose directory does not exist.
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError(f"cannot understand database URL {url!r}; give a file path or a URL such as sqlite:///zsplan.db") from None
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            parent = Path(database).parent
            if create_dirs:
                parent.mkdir(parents=True, exist_ok=True)
            elif not parent.is_dir():
                raise DatabaseError(f"cannot create database {database}: directory {parent} does not exist")
        try:
            engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})
        except Exception as exc:  # noqa: BLE001 - driver import errors vary by backend
            raise DatabaseError(f"cannot open {url}: {exc}") from None
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    try:
        return create_engine(url, pool_pre_ping=True)
    except (ArgumentError, ImportError, ModuleNotFoundError) as exc:
        raise DatabaseError(f"cannot open {parsed.render_as_string(hide_password=True)}: {exc}; install the database driver") from None


def is_initialised(engine: Engine) -> bool:
    """Return True when the database holds zsplan's tables and a loaded plan.

    Raises:
        DatabaseError: the database cannot be reached or is not a database.
    """
    try:
        if not inspect(engine).has_table(t.PlanRecord.__tablename__):
            return False
        with Session(engine) as session:
            return session.exec(select(t.PlanRecord.id)).first() is not None
    except (OperationalError, SADatabaseError) as exc:
        raise DatabaseError(f"cannot read database {engine.url.render_as_string(hide_password=True)}: {exc.orig}") from None


def create_schema(engine: Engine) -> None:
    """Create any missing tables and record :data:`~zsplan.store.tables.SCHEMA_VERSION`.

    Raises:
        DatabaseError: the database cannot be written.
    """
    try:
        SQLModel.metadata.create_all(engine)
        with Session(engine) as session:
            if session.get(t.MetaRecord, "schema_version") is None:
                session.add(t.MetaRecord(key="schema_version", value=str(t.SCHEMA_VERSION)))
                session.commit()
    except (OperationalError, SADatabaseError) as exc:
        raise DatabaseError(f"cannot write database {engine.url.render_as_string(hide_password=True)}: {exc.orig}") from None
