"""Engine, transactions and schema.

Every command runs in one transaction: :func:`write_session` for commands that
write, :func:`read_session` for the others. SQLite files are put in WAL mode
(readers and one writer at a time, never "database is locked" for a reader)
with a busy timeout for writers. On SQLite the driver's own
transaction handling is switched off and zsplan issues ``BEGIN`` itself
(``BEGIN IMMEDIATE`` for writers, so two writers queue on the busy timeout
instead of failing halfway), which also makes table creation part of the
transaction: a command that fails leaves no half-made schema behind.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.engine.url import URL
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlmodel import Session, create_engine

from zsplan.errors import DatabaseError, PermissionRefused
from zsplan.store import catalog
from zsplan.store import tables as t
from zsplan.store.plain import LOCK_TIMEOUT_S, lock_timeout_s  # noqa: F401  (LOCK_TIMEOUT_S: the store's name for it)

_WRITE = "zsplan_write"
#: Execution options of an engine: why it is read-only (``mode=ro``), and the URL as the user gave it.
_READ_ONLY = "zsplan_read_only"
_SHOWN = "zsplan_shown_url"

#: SQLite URI parameters (https://sqlite.org/uri.html) a ``sqlite:///`` URL may carry; zsplan opens
#: the file through a ``file:`` URI so that they take effect (the driver would silently drop them).
SQLITE_URI_PARAMETERS = ("mode", "immutable", "cache", "nolock", "psow", "vfs")
#: Parameters of the Python driver an SQLAlchemy SQLite URL may carry.
SQLITE_DRIVER_PARAMETERS = ("uri", "timeout", "isolation_level", "detect_types", "check_same_thread", "cached_statements")


def with_plan(engine: Engine, plan_id: str) -> Engine:
    """The same engine (and pool), its sessions reading plan ``plan_id`` (:mod:`zsplan.store.plans`)."""
    from zsplan.store.plans import PLAN_OPTION

    return engine.execution_options(**{PLAN_OPTION: plan_id})


def sqlite_url(path: str | Path) -> str:
    """The SQLAlchemy URL of an SQLite file, safe for any file name (``?``, ``#``, spaces)."""
    return URL.create("sqlite", database=str(path)).render_as_string()


def _on_connect(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None  # zsplan emits BEGIN itself, see _on_begin
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _switch_to_wal(dbapi_connection) -> None:
    """Put a zsplan SQLite database in WAL mode (readers never block the writer nor the writer readers).

    Called after each committed write; the mode is kept in the file, so this acts
    once. It touches only a database that holds zsplan's tables, never a new file
    before its first commit, another application's database, or a database that
    is only read.
    """
    cursor = dbapi_connection.cursor()
    try:
        if (
            cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal"
            and cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'zsplan_meta'").fetchone()
        ):
            cursor.execute("PRAGMA journal_mode=WAL")
    except sqlite3.DatabaseError:
        pass  # not a database, read-only, or busy: the next statement reports it, or a later run switches
    finally:
        cursor.close()


def _on_begin(connection: Connection) -> None:
    immediate = connection.get_execution_options().get(_WRITE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _describe(url: URL) -> str:
    return url.render_as_string(hide_password=True)


def shown(engine: Any) -> str:
    """How messages name the engine's database: the URL as given (with ``?mode=ro``), password hidden."""
    return engine.get_execution_options().get(_SHOWN) or _describe(engine.url)


def _sqlite_parameters(url: str, parsed: URL) -> tuple[dict[str, str], str | None]:
    """The SQLite URI parameters of ``parsed`` and, when they make it read-only, why (``mode=ro``).

    Raises:
        DatabaseError: an unknown or repeated parameter, or ``mode=memory``.
    """
    query = dict(parsed.query)
    known = SQLITE_URI_PARAMETERS + SQLITE_DRIVER_PARAMETERS
    for key, value in query.items():
        if key not in known:
            raise DatabaseError(
                f"database URL {url!r}: unknown parameter {key!r}; an SQLite URL may take {', '.join(SQLITE_URI_PARAMETERS)} (e.g. ?mode=ro to only read)"
            )
        if not isinstance(value, str):
            raise DatabaseError(f"database URL {url!r}: parameter {key!r} is given more than once")
    if query.get("mode") == "memory":
        raise DatabaseError(f"{url!r} is an in-memory database, which keeps nothing after the command; give a file path")
    parameters = {key: str(query[key]) for key in SQLITE_URI_PARAMETERS if key in query}
    read_only = "mode=ro" if parameters.get("mode") == "ro" else "immutable=1" if parameters.get("immutable") == "1" else None
    return parameters, read_only


def get_engine(url: str, *, create_dirs: bool = False) -> Engine:
    """Return an engine for ``url``.

    Args:
        url: an SQLAlchemy URL (see :func:`zsplan.config.resolve_db_url`).
        create_dirs: create the parent directory of an SQLite file if missing
            (done for the default location only).

    An SQLite URL may carry SQLite's URI parameters (``sqlite:///x.db?mode=ro``): they
    are honoured, and with ``mode=ro`` (or ``immutable=1``) every write transaction is
    refused as read-only (:func:`write_session`).

    Raises:
        DatabaseError: the URL is malformed or in-memory, has an unknown parameter, names
            a driver that is not installed, or an SQLite file whose directory does not
            exist or cannot be created.
    """
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise DatabaseError(f"cannot understand database URL {url!r}; give a file path or a URL such as sqlite:///zsplan.db") from None
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if not database or database == ":memory:" or database.startswith("file::memory:"):
            raise DatabaseError(f"{url!r} is an in-memory database, which keeps nothing after the command; give a file path")
        parameters, read_only = _sqlite_parameters(url, parsed)
        parent = Path(database).parent
        if create_dirs:
            try:
                parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseError(f"cannot create the folder {parent} for the database: {exc.strerror}; give a database with --db or $ZSPLAN_DB") from None
        elif not parent.is_dir():
            raise DatabaseError(f"cannot create database {database}: directory {parent} does not exist")
        if Path(database).is_dir():
            raise DatabaseError(f"{database} is a directory; give the path of a database file")
        if not Path(database).exists() and not read_only and not os.access(parent, os.W_OK):
            raise DatabaseError(f"cannot create database {database}: folder {parent} is not writable; give a database with --db or $ZSPLAN_DB")
        options = {_READ_ONLY: read_only, _SHOWN: _describe(parsed)}
        if parameters and not parsed.query.get("uri"):
            target = f"file:{quote(os.path.abspath(database))}?{urlencode(parameters)}"

            def connect() -> sqlite3.Connection:
                return sqlite3.connect(target, uri=True, timeout=lock_timeout_s(), check_same_thread=False)

            engine = create_engine(parsed.difference_update_query(list(parameters)), creator=connect, execution_options=options)
        else:
            engine = create_engine(parsed, connect_args={"timeout": lock_timeout_s()}, execution_options=options)
        event.listen(engine, "connect", _on_connect)
        event.listen(engine, "begin", _on_begin)
        return engine
    try:
        engine = create_engine(parsed, pool_pre_ping=True)
    except (ArgumentError, ImportError, NoSuchModuleError) as exc:
        raise DatabaseError(f"cannot open {_describe(parsed)}: {exc}; install the database driver (see README)") from None
    if parsed.get_backend_name() == "postgresql":
        event.listen(engine, "connect", _on_connect_postgresql)
        event.listen(engine, "begin", _on_begin_postgresql)
    return engine


#: Key of the transaction-level advisory lock that queues zsplan's writers on PostgreSQL.
PG_WRITE_LOCK = 0x7A73_706C  # "zspl"


def _on_connect_postgresql(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("SET TIME ZONE 'UTC'")  # recording times are UTC; the server's zone must not shift them
    cursor.execute(f"SET lock_timeout = '{int(lock_timeout_s() * 1000)}ms'")  # a writer behind a held lock gives up, as on SQLite
    cursor.close()
    dbapi_connection.commit()


def _on_begin_postgresql(connection: Connection) -> None:
    if connection.get_execution_options().get(_WRITE, False):
        # Writers queue here, as BEGIN IMMEDIATE makes them on SQLite: checks then writes see a stable ledger.
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK})")


@contextlib.contextmanager
def _translated(engine: Engine) -> Iterator[None]:
    try:
        yield
    except (OperationalError, SADatabaseError) as exc:
        sqlstate = getattr(getattr(exc, "orig", None), "sqlstate", None)
        if sqlstate == "42501":  # insufficient privilege: a grant or a row-level security policy said no
            who = engine.url.username or "this role"
            raise PermissionRefused(
                f"the database refused the write: {who} may record only for the targets of the units it reports for, "
                "and may not change plans or past entries; an administrator grants units with 'zsplan admin grant'"
            ) from None
        if sqlstate == "55P03":
            raise DatabaseError(f"database {_describe(engine.url)}: another writer has held the write lock for {lock_timeout_s():g} s; try again") from None
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        raise DatabaseError(f"database {shown(engine)}: {reason}") from None


def read_only_mode(engine: Engine) -> str | None:
    """How the engine's database was opened read-only (e.g. ``mode=ro``), or None when it may be written."""
    return engine.get_execution_options().get(_READ_ONLY)


@contextlib.contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """A session in one write transaction: committed if the block succeeds, rolled back otherwise.

    A rolled-back first command on a new SQLite path leaves at most an empty file,
    which zsplan treats as a new database. (It is not removed: another process may
    be in the middle of its own first transaction on it.)

    Raises:
        DatabaseError: the database cannot be reached, is locked for longer than
            the busy timeout, is not writable, or was opened read-only (``mode=ro``).
    """
    read_only = read_only_mode(engine)
    if read_only:
        raise DatabaseError(f"database {shown(engine)} is read-only ({read_only}); this command writes to it: open the database without {read_only}")
    with _translated(engine), Session(engine, expire_on_commit=False) as session:
        session.connection(execution_options={_WRITE: True})
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
    if engine.url.get_backend_name() == "sqlite":  # a first commit may have made the schema just now
        raw = engine.raw_connection()
        try:
            _switch_to_wal(raw.driver_connection)
        finally:
            raw.close()


@contextlib.contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """A session for reading; nothing it does is committed.

    Raises:
        DatabaseError: the database cannot be reached or read.
    """
    with _translated(engine), Session(engine) as session:
        try:
            yield session
        finally:
            session.rollback()


def describe(session: Session) -> str:
    """The session's database URL, password hidden (for notices)."""
    return shown(session.get_bind())


def schema_state(session: Session) -> str:
    """Say what the database holds: ``empty``, ``zsplan`` (zsplan's tables, maybe no plan yet) or ``loaded``.

    Raises:
        DatabaseError: the database has tables of some other application (zsplan
            will not add its own to it).
    """
    tables = catalog.table_names(session)
    if not tables:
        return "empty"
    if t.MetaRecord.__tablename__ not in tables:
        listed = ", ".join(sorted(tables)[:5]) + (", …" if len(tables) > 5 else "")
        raise DatabaseError(
            f"database {shown(session.get_bind())} belongs to another application (tables: {listed}); give zsplan a database of its own with --db"
        )
    plan = t.PlanRecord.__table__
    return "loaded" if session.connection().execute(plan.select().with_only_columns(plan.c.id).limit(1)).first() is not None else "zsplan"


def backup_sqlite(engine: Engine, destination: Path) -> int:
    """Copy the engine's SQLite file to ``destination`` with SQLite's online backup (safe while others write).

    The copy is written to a temporary file in the destination's folder, flushed to disk,
    and only then given its name (a hard link, which never replaces a file that appeared
    meanwhile; a rename where the file system has no hard links). An interrupted or failed
    backup leaves no file at ``destination`` and no temporary file.

    Returns:
        The size of the copy in bytes.

    Raises:
        DatabaseError: the database is not an SQLite file, or the copy cannot be written
            (a full disk, a read-only folder).
        UsageError: ``destination`` came into existence while the copy was made.
    """
    from zsplan.errors import UsageError

    if engine.url.get_backend_name() != "sqlite" or not engine.url.database:
        raise DatabaseError("backup copies SQLite files; for PostgreSQL use pg_dump (or 'zsplan export')")
    temporary: Path | None = None
    try:
        handle, name = tempfile.mkstemp(prefix=f".{destination.name}.", suffix=".tmp", dir=destination.parent)
        os.close(handle)
        temporary = Path(name)
        source = sqlite3.connect(engine.url.database)
        try:
            target = sqlite3.connect(temporary)
            try:
                source.backup(target)
            finally:
                target.close()
        finally:
            source.close()
        with temporary.open("rb+") as written:
            os.fsync(written.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # as a new file gets, not mkstemp's 0600
        try:
            os.link(temporary, destination)
        except FileExistsError:
            raise UsageError(f"{destination} exists; give a new file name") from None
        except OSError:  # no hard links on this file system
            if destination.exists():
                raise UsageError(f"{destination} exists; give a new file name") from None
            os.replace(temporary, destination)
    except (OSError, sqlite3.Error) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise DatabaseError(f"cannot write the backup {destination}: {reason}") from None
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
            Path(f"{temporary}-journal").unlink(missing_ok=True)
    return destination.stat().st_size
