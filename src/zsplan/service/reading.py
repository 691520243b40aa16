"""How the reading commands read: through the fast SQLite reader when it can serve, else through the ORM.

``status``, ``explain``, ``items`` and ``history`` ask :func:`read_database` for their database. On an
SQLite file that exists, is at the schema head and holds a plan, that is a
:class:`zsplan.store.fastread.Database`, read with :mod:`sqlite3` alone; anything else (PostgreSQL, a
new database to initialise, an older schema to upgrade, another application's file, ``?mode=ro``
URLs, ``$ZSPLAN_READ_PATH=orm``) gets the engine :func:`zsplan.service.database.open_database`
prepares, exactly as before. The services then read inside :func:`reading`, which gives them the
session and the store modules of that path: their functions have the same names and results.

Nothing here imports SQLAlchemy unless the ORM path is taken.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from zsplan.store import fastread

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


def fast_database(option: str | None, plan: str | None = None, *, several: bool = False) -> fastread.Database | None:
    """The fast reader's database for ``--db`` (``option``), ``$ZSPLAN_DB`` or the default; None when the ORM must serve.

    ``plan`` is ``--plan`` (or ``$ZSPLAN_PLAN``): the fast reader serves a database of one plan, and
    only when no other plan is asked for; with ``several`` (``status``, whose every read keeps one plan's
    rows) also a database of several plans of which ``plan`` names one (:func:`zsplan.store.fastread.open_database`).

    Raises:
        UsageError: ``option`` is empty or the location is not UTF-8 text (as the ORM path would).
    """
    from zsplan.config import resolve_db_location

    if fastread.environment_forces_orm():
        return None
    location = resolve_db_location(option)
    if isinstance(location, Path):
        return fastread.open_database(location, plan=plan, several=several)
    path = _plain_sqlite_path(location)
    return None if path is None else fastread.open_database(path, location, plan=plan, several=several)


def _plain_sqlite_path(url: str) -> Path | None:
    """The file of a plain ``sqlite:///FILE`` URL (no driver, no parameters); None for any other URL."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or any(char in url for char in "?#"):
        return None
    database = unquote(url[len(prefix) :])
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def orm_engine(database: Any, *, now: dt.datetime | None = None) -> Engine:
    """An SQLAlchemy engine on ``database`` (a fast reader's database, or already an engine)."""
    if not isinstance(database, fastread.Database):
        return database
    from zsplan.service.database import open_database
    from zsplan.store.db import sqlite_url

    engine, _ = open_database(database.url or sqlite_url(database.path), create_dirs=False, now=now or dt.datetime.now(dt.UTC), initialise=True)
    return engine


@contextlib.contextmanager
def reading(database: Any) -> Iterator[tuple[Any, ModuleType, ModuleType]]:
    """One read transaction on ``database``: ``(session, ledger, evidence)``, the store modules of its path.

    On the fast path both modules are :mod:`zsplan.store.fastread`; on the ORM path they are
    :mod:`zsplan.store.ledger` and :mod:`zsplan.store.evidence` in :func:`zsplan.store.db.read_session`.

    Raises:
        DatabaseError: the database cannot be read.
    """
    if isinstance(database, fastread.Database):
        with fastread.read_session(database) as session:
            yield session, fastread, fastread
        return
    from zsplan.store import db, evidence, ledger

    with db.read_session(database) as session:
        yield session, ledger, evidence


def store_of(session: Any) -> ModuleType:
    """The ledger module that reads ``session``: :mod:`zsplan.store.fastread` or :mod:`zsplan.store.ledger`."""
    if isinstance(session, fastread.Session):
        return fastread
    from zsplan.store import ledger

    return ledger


def is_task(database: Any, query: str) -> bool:
    """Whether ``query`` names a task (a measure with responsible units) rather than a target."""
    if isinstance(database, fastread.Database):
        with reading(database) as (session, _, _):
            return fastread.is_task(session, query)
    from zsplan.service.rounds import is_task as orm_is_task

    return orm_is_task(database, query)
