"""Where the database and the bundled plan are: option > environment variable > default.

The database default is ``zsplan.db`` in the user data directory given by
platformdirs (on Linux ``~/.local/share/zsplan/zsplan.db``, or under
``$XDG_DATA_HOME``). ``ZSPLAN_DB`` or ``--db`` may name a file path or any
SQLAlchemy URL (``sqlite:///…``, ``postgresql+psycopg://…``).
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

DB_ENV_VAR = "ZSPLAN_DB"
PLAN_FILE_NAME = "plan.yaml"


def default_db_path() -> Path:
    """Return the default SQLite file: ``<user data dir>/zsplan/zsplan.db``."""
    from platformdirs import user_data_path

    return user_data_path("zsplan", appauthor=False) / "zsplan.db"


def resolve_db_url(option: str | None) -> str:
    """Return the SQLAlchemy URL to use.

    Args:
        option: the ``--db`` value, if given: a file path or an SQLAlchemy URL.

    Returns:
        ``option``, else ``$ZSPLAN_DB`` (an empty value counts as unset), else the
        default path, as a URL. A bare path becomes ``sqlite:///<absolute path>``.

    Raises:
        UsageError: ``option`` is given but empty, or the location is not UTF-8 text.
        DatabaseError: a bare ``:memory:``, an in-memory database that keeps nothing
            (not a file named ``:memory:`` in the current folder).
    """
    location = resolve_db_location(option)
    if isinstance(location, str):
        return location
    from zsplan.store.db import sqlite_url

    return sqlite_url(location)


def resolve_db_location(option: str | None) -> str | Path:
    """The database :func:`resolve_db_url` names, before a file path is made a URL: a URL as given, or the
    absolute path of an SQLite file (what the fast read path opens without SQLAlchemy).

    Raises:
        UsageError, DatabaseError: as :func:`resolve_db_url`.
    """
    from zsplan.errors import DatabaseError, UsageError

    if option is not None and not option.strip():
        raise UsageError("--db is empty; give a file path or an SQLAlchemy URL")
    raw = option or os.environ.get(DB_ENV_VAR) or str(default_db_path())
    if any("\udc80" <= char <= "\udcff" for char in raw):
        shown = raw.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        source = "--db" if option else f"${DB_ENV_VAR}" if os.environ.get(DB_ENV_VAR) else "the default database path ($XDG_DATA_HOME)"
        raise UsageError(f"{source} ({shown}) is not UTF-8 text; give a database path or URL in UTF-8")
    if "://" in raw:
        return raw
    if raw.strip() == ":memory:" or raw.startswith("file::memory:"):
        raise DatabaseError(f"{raw!r} is an in-memory database, which keeps nothing after the command; give a file path")
    path = Path(raw).expanduser().resolve()
    for suffix in ("-wal", "-shm", "-journal"):
        if not path.name.endswith(suffix) or path.name == suffix:
            continue
        database = path.with_name(path.name[: -len(suffix)])
        if database.is_file():
            raise UsageError(f"{path} is the {suffix[1:]} file SQLite keeps beside {database}, not a database; give --db {database}")
    return path


def bundled_plan_path() -> Path:
    """Return the path of the plan shipped with zsplan.

    In an installed wheel the plan lives in the package (``zsplan/data/plan.yaml``);
    in a source checkout it is the repository's ``data/plan.yaml``.

    Raises:
        FileNotFoundError: neither location holds a plan (a broken install).
    """
    packaged = resources.files("zsplan").joinpath("data", PLAN_FILE_NAME)
    if packaged.is_file():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[2] / "data" / PLAN_FILE_NAME
    if checkout.is_file():
        return checkout
    raise FileNotFoundError(f"the bundled {PLAN_FILE_NAME} is missing from the zsplan installation")
