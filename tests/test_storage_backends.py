"""The storage suite on every backend: SQLite always, PostgreSQL whenever a server is reachable.

Set ZSPLAN_TEST_PG to an SQLAlchemy URL of a database the tests may create
schemas in (default: postgresql+psycopg://postgres@127.0.0.1:5432/test). Each
test gets a schema of its own, dropped afterwards; a test that needs only the
plan loaded gets a database cloned from one initialised once per run (where the
role may create databases; otherwise a schema initialised for the test).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import DBAPIError

from conftest import PLAN, copy_database, write_plan
from zsplan.errors import ImportRefused, ReloadRefused, UsageError
from zsplan.plan.validate import load_plan
from zsplan.render.export import export_json
from zsplan.service.assess import assess_plan
from zsplan.service.database import prepare_database
from zsplan.service.ledger import correct_entry, log_progress, retract_entry
from zsplan.service.plan import load_plan_file
from zsplan.service.sheets import export_ledger, import_export, import_sheet
from zsplan.store.db import get_engine, read_session, sqlite_url, write_session

PG_URL = os.environ.get("ZSPLAN_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
UTC = dt.UTC
TODAY = dt.date(2026, 11, 29)


def _pg_reason() -> str | None:
    import importlib.util

    if importlib.util.find_spec("psycopg") is None:
        return "psycopg is not installed"
    engine = get_engine(PG_URL)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:
        return f"PostgreSQL at {PG_URL} is not reachable ({type(exc).__name__})"
    finally:
        engine.dispose()
    return None


PG_SKIP = _pg_reason()


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path: Path):
    """The URL of a new, empty database on each backend: an SQLite file in tmp_path, or a schema of its own on PostgreSQL."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / "store.db")
        return
    if PG_SKIP:
        pytest.skip(f"PostgreSQL storage tests skipped: {PG_SKIP}")
    with _pg_schema() as url:
        yield url


@contextlib.contextmanager
def _pg_schema():
    """The URL of a new schema in the ZSPLAN_TEST_PG database, dropped afterwards."""
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


@pytest.fixture
def engine(url: str):
    """An engine on the new, empty database of ``url``."""
    engine = get_engine(url)
    yield engine
    engine.dispose()


def _pg_admin():
    """An engine on the ZSPLAN_TEST_PG database outside transactions, for CREATE and DROP DATABASE."""
    return create_engine(PG_URL, isolation_level="AUTOCOMMIT")


def _pg_database_url(name: str) -> str:
    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_initialised_template():
    """The name of a PostgreSQL database initialised from the bundled plan once per run, to clone (CREATE DATABASE … TEMPLATE).

    None when PostgreSQL is not reachable or its role may not create databases;
    the tests then initialise a schema of their own instead.
    """
    if PG_SKIP:
        yield None
        return
    name = f"zs_template_{uuid.uuid4().hex[:12]}"
    admin = _pg_admin()
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except DBAPIError:  # no CREATEDB privilege: fall back to initialising each test's schema
        admin.dispose()
        yield None
        return
    engine = get_engine(_pg_database_url(name))
    try:
        (notice,) = prepare_database(engine, now=at(8), initialise=True)
        assert notice.startswith("initialised "), notice
    finally:
        engine.dispose()  # a template database must have no connections while it is cloned
    yield name
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def initialised_url(request, tmp_path: Path, initialised_template: Path, pg_initialised_template):
    """The URL of a database that holds the bundled plan and no progress, on each backend.

    The state the first ``log`` on a new database leaves behind, without paying
    for the load in every test: on SQLite a copy of ``initialised_template``; on
    PostgreSQL a clone of ``pg_initialised_template`` (or, where the role may not
    create databases, a new schema initialised here).
    """
    if request.param == "sqlite":
        yield sqlite_url(copy_database(initialised_template, tmp_path / "store.db"))
        return
    if PG_SKIP:
        pytest.skip(f"PostgreSQL storage tests skipped: {PG_SKIP}")
    if pg_initialised_template is None:
        with _pg_schema() as url:
            engine = get_engine(url)
            prepare_database(engine, now=at(8), initialise=True)
            engine.dispose()
            yield url
        return
    name = f"zs_{uuid.uuid4().hex[:12]}"
    admin = _pg_admin()
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{pg_initialised_template}"'))
    yield _pg_database_url(name)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def initialised_engine(initialised_url: str):
    """An engine on the database of ``initialised_url`` (the bundled plan, no progress)."""
    engine = get_engine(initialised_url)
    yield engine
    engine.dispose()


def at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2021, 7, 1, hour, minute, tzinfo=UTC)


def log(engine, target, value=None, item=None, date=dt.date(2021, 6, 30), now=None):
    return log_progress(engine, target=target, value=value, item=item, as_of=date, today=TODAY, now=now or at(9), recorded_by="clerk", note=None, source=None)


def standing(engine, target, *, as_of=dt.date(2021, 6, 30), known_at=None):
    report = assess_plan(engine, as_of=as_of, known_at=known_at)
    return next(s for s in report.standings if s.target.id == target)


def count(engine, table: str) -> int:
    with read_session(engine) as session:
        return session.connection().execute(text(f"SELECT count(*) FROM {table}")).scalar()


def test_initialise_and_reload_idempotently(engine) -> None:
    (notice,) = prepare_database(engine, now=at(8), initialise=True)
    assert notice.startswith("initialised ")
    assert prepare_database(engine, now=at(8), initialise=True) == []
    outcome = load_plan_file(engine, PLAN, display_path="data/plan.yaml", now=at(9))
    assert not outcome.changed
    assert (count(engine, "target"), count(engine, "measure"), count(engine, "unit"), count(engine, "load_history")) == (57, 59, 31, 1)


def test_edited_reload_keeps_entries_and_dropping_a_target_is_refused(initialised_engine, tmp_path: Path) -> None:
    log(initialised_engine, "hit_research_staff", 30)
    edited = PLAN.read_text(encoding="utf-8").replace("name: 哈工大無人裝備與人工智能創新中心專職科研團隊", "name: 哈工大中心專職科研團隊")
    outcome = load_plan_file(initialised_engine, write_plan(tmp_path, edited, "edited.yaml"), display_path="edited.yaml", now=at(10))
    assert outcome.updated == ["hit_research_staff"]
    assert standing(initialised_engine, "hit_research_staff").achieved == 30
    text_ = PLAN.read_text(encoding="utf-8")
    start, end = text_.index("  - id: hit_research_staff"), text_.index("  - id: hit_platforms")
    with pytest.raises(ReloadRefused, match="target 'hit_research_staff' has 1 progress entry"):
        load_plan_file(initialised_engine, write_plan(tmp_path, text_[:start] + text_[end:], "dropped.yaml"), display_path="dropped.yaml", now=at(11))
    assert count(initialised_engine, "target") == 57


def test_items_give_the_torch_figure(engine) -> None:
    # on a new database: the first log initialises it from the bundled plan
    for name, date in (("甲孵化器", dt.date(2020, 6, 30)), ("乙孵化器", dt.date(2020, 12, 31)), ("丙孵化器", dt.date(2021, 6, 30))):
        result = log(engine, "torch_national_incubators", item=name, date=date)
    s = result.standing
    assert (s.achieved, s.gap, s.percent, s.status.value) == (3, 1, 75, "on_track")
    with pytest.raises(UsageError, match="already recorded"):
        log(engine, "torch_national_incubators", item="丙孵化器")


def test_per_year_targets_are_judged_year_by_year(initialised_engine) -> None:
    # the per-year sums are grouped by the year of the as-of date in SQL, on both backends
    for name, date in (("甲實驗室", dt.date(2019, 12, 1)), ("乙實驗室", dt.date(2020, 11, 30)), ("丙實驗室", dt.date(2021, 3, 1))):
        log(initialised_engine, "engineering_labs_yearly", item=name, date=date)
    s = standing(initialised_engine, "engineering_labs_yearly", as_of=dt.date(2021, 6, 30))
    assert [(year.year, year.achieved, year.status.value) for year in s.years] == [(2020, 2, "met"), (2021, 1, "met"), (2022, 0, "no_data")]
    assert (s.achieved, s.target_value, s.gap) == (3, 3, 0)


def test_nil_reports_duplicates_and_double_counts_in_sql(initialised_engine) -> None:
    # a nil report is never the latest level, in the aggregate and in the per-date series, on both backends
    from zsplan.store import evidence, ledger
    from zsplan.store.db import read_session

    log(initialised_engine, "hit_research_staff", 32, date=dt.date(2021, 3, 31))
    log_progress(
        initialised_engine,
        target="hit_research_staff",
        value=None,
        item=None,
        as_of=dt.date(2021, 6, 30),
        today=TODAY,
        now=at(10),
        recorded_by="clerk",
        note=None,
        source=None,
        nil=True,
    )
    s = standing(initialised_engine, "hit_research_staff")
    assert (s.achieved, s.entries, s.last_as_of) == (32, 2, dt.date(2021, 6, 30))
    log(initialised_engine, "torch_national_incubators", item="甲園")
    log(initialised_engine, "cuiheng_public_platforms", item="甲园")
    with read_session(initialised_engine) as session:
        series = ledger.progress_series(session, dt.date(2021, 6, 30), ["hit_research_staff"])
        keys = ledger.effective_value_keys(session, ["hit_research_staff"])
        cited = evidence.cited_entries(session, as_of=dt.date(2021, 6, 30))
    assert series == {"hit_research_staff": [(dt.date(2021, 3, 31), 32.0, 32.0), (dt.date(2021, 6, 30), 0.0, None)]}
    assert keys == {("hit_research_staff", dt.date(2021, 3, 31), 32.0, "clerk"): 1, ("hit_research_staff", dt.date(2021, 6, 30), "nil", "clerk"): 2}
    assert sorted((c.entry_id, c.target_id, c.names[0][0]) for c in cited) == [
        (3, "torch_national_incubators", "甲园"),
        (4, "cuiheng_public_platforms", "甲园"),
    ]


def test_corrections_retractions_and_known_at(initialised_engine) -> None:
    first = log(initialised_engine, "hit_research_staff", 30, now=at(9))
    correct_entry(initialised_engine, entry_id=first.entry.id, value=35, item=None, as_of=None, reason="複核", today=TODAY, now=at(11), recorded_by="a")
    other = log(initialised_engine, "fudan_researchers", 10, now=at(12))
    retract_entry(initialised_engine, entry_id=other.entry.id, reason="twice", now=at(13), recorded_by="a")
    assert standing(initialised_engine, "hit_research_staff").achieved == 35
    assert standing(initialised_engine, "hit_research_staff", known_at=at(10)).achieved == 30
    assert standing(initialised_engine, "fudan_researchers").achieved == 0
    assert standing(initialised_engine, "fudan_researchers", known_at=at(12, 30)).achieved == 10


def test_bulk_import_is_all_or_nothing(initialised_engine, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("target,date,value\nhit_research_staff,2021-06-30,30\nhit_research_staff,2021-06-31,31\n", encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        import_sheet(initialised_engine, bad, dry_run=False, today=TODAY, now=at(9), recorded_by="x")
    assert refused.value.problems == ["row 3, column date: '2021-06-31' is not a date; write YYYY-MM-DD"]
    assert count(initialised_engine, "progress_entry") == 0
    good = tmp_path / "good.csv"
    good.write_text("target,date,value\n" + "".join("fudan_researchers,2021-06-30,1\n" for _ in range(500)), encoding="utf-8")
    assert import_sheet(initialised_engine, good, dry_run=False, today=TODAY, now=at(9), recorded_by="x").written == 500
    assert standing(initialised_engine, "fudan_researchers").achieved == 500


def test_export_restores_into_an_empty_database(initialised_engine, tmp_path: Path) -> None:

    first = log(initialised_engine, "hit_research_staff", 30, now=at(9))
    correct_entry(initialised_engine, entry_id=first.entry.id, value=35, item=None, as_of=None, reason="複核", today=TODAY, now=at(11), recorded_by="a")
    log(initialised_engine, "drug_institute_five_ones", item="industrial_park", now=at(12))
    exported = export_ledger(initialised_engine)
    path = tmp_path / "export.json"
    path.write_text(export_json(exported.plan, exported.entries, exported_at=at(14)), encoding="utf-8")
    restored = get_engine(sqlite_url(tmp_path / "restored.db"))
    import_export(restored, path, now=at(15))
    for known_at in (None, at(10)):
        mine = [(s.target.id, s.achieved, s.status) for s in assess_plan(initialised_engine, as_of=dt.date(2021, 6, 30), known_at=known_at).standings]
        theirs = [(s.target.id, s.achieved, s.status) for s in assess_plan(restored, as_of=dt.date(2021, 6, 30), known_at=known_at).standings]
        assert mine == theirs
    # the restored ledger goes on numbering after the restored ids
    assert log(restored, "hit_research_staff", 36, now=at(16)).entry.id == 4


WRITER = textwrap.dedent(
    """
    import datetime as dt, sys
    from zsplan.service.ledger import log_progress
    from zsplan.store.db import get_engine

    engine = get_engine(sys.argv[1])
    for n in range(int(sys.argv[3])):
        log_progress(engine, target="fudan_researchers", value=1, item=None, as_of=dt.date(2021, 6, 30), today=dt.date(2026, 1, 1),
                     now=dt.datetime.now(dt.timezone.utc), recorded_by=f"w{sys.argv[2]}", note=f"{sys.argv[2]}-{n}", source=None)
    """
)


@pytest.mark.slow
def test_concurrent_writers(initialised_url: str, initialised_engine) -> None:
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, initialised_url, str(w), "50"], stderr=subprocess.PIPE, text=True) for w in range(4)]
    errors = [(writer.wait(timeout=300), writer.stderr.read()) for writer in writers]
    assert all(code == 0 for code, _ in errors), errors
    assert count(initialised_engine, "progress_entry") == 200
    assert standing(initialised_engine, "fudan_researchers").achieved == 200


def test_a_first_schema_database_is_upgraded(url: str, engine) -> None:
    from alembic import command

    from zsplan.store import migrate

    with write_session(engine) as session:
        command.upgrade(migrate._config(session.connection()), "0001")
    loaded = load_plan(PLAN)
    with write_session(engine) as session:  # what the first release stored: definitions without mode, one entry
        connection = session.connection()
        connection.execute(text("INSERT INTO measure (id, parent_id, level, number, title, position) VALUES ('c4', NULL, 'chapter', '四', 't', 0)"))
        connection.execute(
            text(
                "INSERT INTO target (id, name, measure_id, category, unit, kind, comparator, value, deadline, deadline_inferred, "
                "baseline_value, baseline_date, progress, strength, source_text, position) VALUES "
                "('hit_research_staff', 'n', 'c4', 'talent', '人', 'number', 'at_least', 50, '2022-12-31', false, 0, '2019-09-30', 'stock', 'expected', 's', 0)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO progress_entry (id, target_id, value, as_of, recorded_at, recorded_by, kind) VALUES "
                "(1, 'hit_research_staff', 30, '2021-06-30', '2021-07-01 09:00:00', 'clerk', 'log')"
            )
        )
    assert loaded.plan.plan.id == "zs-gba-itic-2019"
    (notice,) = prepare_database(engine, now=at(10), initialise=False)
    assert notice.startswith("upgraded the database schema from 0001 to " + migrate.SCHEMA_HEAD)
    with read_session(engine) as session:
        connection = session.connection()
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == migrate.SCHEMA_HEAD
        assert connection.execute(text("SELECT id, value, recorded_by FROM progress_entry")).all() == [(1, 30.0, "clerk")]
        assert connection.execute(text("SELECT mode FROM target")).scalar() == "value"


def test_a_round_is_submitted_accepted_locked_and_compared(initialised_engine, tmp_path: Path) -> None:
    from zsplan.errors import RoundRefused
    from zsplan.io.round_sheet import round_sheet_content
    from zsplan.render.rounds import round_sheet_notes, round_sheet_rows
    from zsplan.service import rounds

    engine = initialised_engine
    rounds.open_round(engine, code="2021H1", due=dt.date(2021, 7, 10), units=["dev_reform", "banfu"], now=at(1), by="li")
    data = rounds.round_sheet(engine, code="2021H1", unit="dev_reform")
    rows = round_sheet_rows(data)
    for row in rows:
        if row["subject"] == "c4.2.1":
            row.update({"state": "推進中", "progress": "方案已印發"})
        if row["subject"] == "engineering_labs_yearly":  # a figure 市發展改革局 leads (專欄4's incubators are 火炬開發區's)
            row.update({"item": "中山市甲工程實驗室", "evidence": "粵發改高技〔2021〕1號"})
    sheet = tmp_path / "dev.csv"
    sheet.write_text(str(round_sheet_content(rows, "csv", round_sheet_notes(data))), encoding="utf-8")
    sent = rounds.submit(engine, code="2021H1", unit="dev_reform", path=sheet, received_at=at(2), today=TODAY, now=at(2), by="wu")
    assert (sent.rows, sent.late) == (2, False)
    assert count(engine, "progress_entry") == 0  # kept apart until accepted
    accepted = rounds.accept(engine, code="2021H1", unit="dev_reform", today=TODAY, now=at(3), by="wang")
    assert (accepted.entries, accepted.reports) == (1, 1)
    assert standing(engine, "engineering_labs_yearly").achieved == 1
    view = rounds.show_round(engine, code="2021H1", now=dt.datetime(2021, 7, 11, 12, tzinfo=UTC))
    assert [(row.unit_id, row.state, row.timeliness) for row in view.rows] == [("dev_reform", "accepted", "on_time"), ("banfu", "not_submitted", "missing")]
    rounds.close_round(engine, code="2021H1", now=at(4), by="li")
    with pytest.raises(RoundRefused, match="2021-05-31 is inside round 2021H1"):
        log(engine, "hit_research_staff", 3, date=dt.date(2021, 5, 31), now=at(5))
    assert count(engine, "progress_entry") == 1
    log_progress(
        engine,
        target="hit_research_staff",
        value=3,
        item=None,
        as_of=dt.date(2021, 5, 31),
        today=TODAY,
        now=at(6),
        recorded_by="x",
        note=None,
        source=None,
        late=True,
    )
    assert count(engine, "late_entry") == 1
    result = rounds.round_diff(engine, first="2021H1", second=None, known_at=[at(4), at(7)], now=at(8))
    assert [(c.change, c.target_id, c.marked_late) for c in result.diff.changes] == [("late", "hit_research_staff", True)]
    assert [(f.subject_id, f.before, f.after) for f in result.diff.flips] == [("hit_research_staff", "no_data", "behind")]
    tasks = rounds.task_status(engine, as_of=dt.date(2021, 6, 30))
    assert next(s.verdict for s in tasks.standings if s.task.id == "c4.2.1") == "in_progress"
