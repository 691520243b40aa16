"""Schema versions: find a database's revision and upgrade it with Alembic.

A database made by the first release (before Alembic) has ``zsplan_meta`` but
no ``alembic_version``: it is at revision ``0001``. Upgrades run inside the
caller's transaction, so a failed upgrade leaves the database as it was.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the fast read path reads SCHEMA_HEAD without SQLAlchemy
    from sqlmodel import Session

#: The newest revision; the one this release's tables (:mod:`zsplan.store.tables`) correspond to.
SCHEMA_HEAD = "0015"
#: Every revision this release can upgrade from, oldest first (the files in ``migrations/versions``).
REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0009", "0010", "0011", "0012", "0013", "0014", "0015")
FIRST_REVISION = "0001"


def _config(connection):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    config.attributes["connection"] = connection
    return config


def current_revision(session: Session) -> str | None:
    """The database's schema revision, or None for a database without zsplan's tables."""
    from sqlalchemy import text

    from zsplan.store import catalog

    tables = catalog.table_names(session)
    if "alembic_version" in tables:
        return session.connection().execute(text("SELECT version_num FROM alembic_version")).scalar()
    if "zsplan_meta" in tables:
        return FIRST_REVISION
    return None


def upgrade(session: Session) -> None:
    """Bring the schema to :data:`SCHEMA_HEAD` in the session's transaction (from nothing, or from an older revision)."""
    from alembic import command

    from zsplan.store import catalog

    connection = session.connection()
    config = _config(connection)
    tables = catalog.table_names(session)
    if "zsplan_meta" in tables and "alembic_version" not in tables:
        command.stamp(config, FIRST_REVISION)
    command.upgrade(config, "head")
