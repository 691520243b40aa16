"""On PostgreSQL too, the queries behind status, explain, log, history and items use indexes.

Each query is captured as SQLAlchemy sends it and planned with ``EXPLAIN`` in a session
where sequential scans are priced out (``enable_seqscan = off``): a plan that still
reads ``progress_entry`` with a sequential scan has no index it could use. (On tables
this small the planner would otherwise prefer a scan whatever the indexes.)

Set ZSPLAN_TEST_PG to an SQLAlchemy URL of a database the tests may create schemas in.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import uuid

import pytest
from sqlalchemy import event, text

from zsplan.service.assess import assess_plan
from zsplan.service.database import prepare_database
from zsplan.service.ledger import list_items, log_progress, target_history
from zsplan.store.db import get_engine

PG_URL = os.environ.get("ZSPLAN_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
UTC = dt.UTC


def _pg_reason() -> str | None:
    import importlib.util

    if importlib.util.find_spec("psycopg") is None:
        return "psycopg is not installed"
    engine = get_engine(PG_URL)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:  # any failure to connect means: no server to test against
        return f"PostgreSQL at {PG_URL} is not reachable ({type(exc).__name__})"
    finally:
        engine.dispose()
    return None


pytestmark = pytest.mark.skipif(bool(reason := _pg_reason()), reason=f"PostgreSQL query plans: {reason}")


@contextlib.contextmanager
def _schema():
    schema = f"zs_{uuid.uuid4().hex[:12]}"
    admin = get_engine(PG_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="module")
def engine():
    """An engine on a PostgreSQL schema holding the bundled plan and a small ledger of values, items and a correction."""
    with _schema() as url:
        engine = get_engine(url)
        prepare_database(engine, now=dt.datetime(2021, 1, 1, tzinfo=UTC), initialise=True)
        common = {"today": dt.date(2026, 1, 1), "now": dt.datetime(2021, 7, 1, tzinfo=UTC), "recorded_by": "x", "note": None, "source": "文件"}
        for n in range(30):
            log_progress(engine, target="fudan_researchers", value=1, item=None, as_of=dt.date(2021, 1, 1) + dt.timedelta(days=n), **common)
        for n in range(5):
            log_progress(engine, target="ucas_teams", value=None, item=f"團隊{n}", as_of=dt.date(2021, 2, 1) + dt.timedelta(days=n), **common)
        log_progress(engine, target="hit_research_staff", value=32, item=None, as_of=dt.date(2021, 6, 30), **common)
        yield engine
        engine.dispose()


def captured(engine, action) -> list[tuple[str, object]]:
    statements: list[tuple[str, object]] = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        if "progress_entry" in statement and statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", keep)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    return statements


def sequential_scans(engine, statements) -> list[str]:
    problems = []
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        raw.execute("SET enable_seqscan = off")
        for statement, parameters in statements:
            plan = "\n".join(row[0] for row in raw.execute("EXPLAIN " + statement, parameters).fetchall())
            if "Seq Scan on progress_entry" in plan:
                problems.append(f"{statement[:200]}\n{plan}")
        raw.rollback()
    return problems


def test_status_queries_use_indexes(engine) -> None:
    statements = captured(engine, lambda: assess_plan(engine, as_of=dt.date(2021, 6, 30), flags=True))
    assert len(statements) >= 6
    assert sequential_scans(engine, statements) == []


def test_explain_queries_use_indexes(engine) -> None:
    statements = captured(engine, lambda: assess_plan(engine, as_of=dt.date(2023, 6, 30), target="fudan_researchers", detail=True))
    assert statements
    assert sequential_scans(engine, statements) == []


def test_log_queries_use_indexes(engine) -> None:
    action = lambda: log_progress(
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
    )
    statements = captured(engine, action)
    assert statements
    assert sequential_scans(engine, statements) == []


def test_history_and_items_queries_use_indexes(engine) -> None:
    statements = captured(engine, lambda: (target_history(engine, target="fudan_researchers"), list_items(engine, target="ucas_teams")))
    assert len(statements) >= 2
    assert sequential_scans(engine, statements) == []


def test_a_query_without_an_index_is_found(engine) -> None:
    (problem,) = sequential_scans(engine, [("SELECT id FROM progress_entry WHERE note = %(note)s", {"note": "x"})])
    assert "Seq Scan on progress_entry" in problem
