"""The queries behind status, log and history use indexes: no full scan of progress entries.

Each query is captured as SQLAlchemy sends it and run through SQLite's
EXPLAIN QUERY PLAN on a database holding a ledger.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import event

from conftest import copy_database, settle
from zsplan.service.assess import assess_plan
from zsplan.service.ledger import log_progress, target_history
from zsplan.store.db import get_engine, sqlite_url

UTC = dt.UTC


@pytest.fixture(scope="module")
def ledger_template(initialised_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A settled database file holding the bundled plan and 30 entries of fudan_researchers (one a day from 2021-01-01), made once for this module."""
    db = copy_database(initialised_template, tmp_path_factory.mktemp("query-plans") / "zsplan.db")
    engine = get_engine(sqlite_url(db))
    for n in range(30):
        log_progress(
            engine,
            target="fudan_researchers",
            value=1,
            item=None,
            as_of=dt.date(2021, 1, 1) + dt.timedelta(days=n),
            today=dt.date(2026, 1, 1),
            now=dt.datetime(2021, 7, 1, tzinfo=UTC),
            recorded_by="x",
            note=None,
            source=None,
        )
    engine.dispose()
    settle(db)
    return db


@pytest.fixture
def engine(ledger_template: Path, isolated_db: Path):
    """An engine on this test's database (``ZSPLAN_DB``), a copy of ``ledger_template``."""
    return get_engine(sqlite_url(copy_database(ledger_template, isolated_db)))


def captured(engine, action) -> list[tuple[str, tuple]]:
    statements: list[tuple[str, tuple]] = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        if "progress_entry" in statement and statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", keep)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    return statements


def full_scans(engine, statements) -> list[str]:
    problems = []
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        for statement, parameters in statements:
            for row in raw.execute("EXPLAIN QUERY PLAN " + statement, parameters).fetchall():
                detail = row[-1]
                if detail.startswith("SCAN") and "progress_entry" in detail and "USING" not in detail:
                    problems.append(f"{detail}  <-  {statement[:160]}")
    return problems


def test_status_queries_use_indexes(engine) -> None:
    statements = captured(engine, lambda: assess_plan(engine, as_of=dt.date(2021, 6, 30)))
    assert len(statements) >= 4
    assert full_scans(engine, statements) == []


def test_log_queries_use_indexes(engine) -> None:
    statements = captured(
        engine,
        lambda: log_progress(
            engine,
            target="ucas_teams",
            value=None,
            item="甲團隊",
            as_of=dt.date(2021, 6, 30),
            today=dt.date(2026, 1, 1),
            now=dt.datetime(2021, 7, 2, tzinfo=UTC),
            recorded_by="x",
            note=None,
            source=None,
        ),
    )
    assert statements
    assert full_scans(engine, statements) == []


def test_history_query_uses_an_index(engine) -> None:
    statements = captured(engine, lambda: target_history(engine, target="fudan_researchers"))
    assert statements
    assert full_scans(engine, statements) == []
