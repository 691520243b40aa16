"""What tables a database has: the one catalogue question that both the engine and the migrations ask."""

from __future__ import annotations

from sqlalchemy import inspect
from sqlmodel import Session


def table_names(session: Session) -> set[str]:
    """The tables of the database's current schema (a plain catalogue query on SQLite; the inspector elsewhere)."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        return {row[0] for row in connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
    return set(inspect(connection).get_table_names())
