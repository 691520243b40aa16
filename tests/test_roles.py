"""Per-unit roles on PostgreSQL: the database itself refuses a unit's entry for another unit's target.

Runs against the local PostgreSQL server (ZSPLAN_TEST_PG), in a database and with
roles of its own, dropped afterwards.
"""

from __future__ import annotations

import json
import os
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from conftest import PLAN
from zsplan.cli import app

PG_URL = os.environ.get("ZSPLAN_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _server():
    try:
        engine = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:
        pytest.skip(f"PostgreSQL at {PG_URL} is not reachable ({type(exc).__name__})")
    return engine


@pytest.fixture(scope="module")
def bureau():
    """A database loaded with the bundled plan, roles set up, and two staff: one of 火炬開發區, one of 市教育和體育局."""
    server = _server()
    tag = uuid.uuid4().hex[:8]
    name, prefix = f"zsplan_roles_{tag}", f"zr{tag}"
    alice, bob = f"alice_{tag}", f"bob_{tag}"
    with server.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    owner = make_url(PG_URL).set(database=name)
    urls = {"owner": owner.render_as_string(hide_password=False)}
    urls |= {who: owner.set(username=login, password=None).render_as_string(hide_password=False) for who, login in (("alice", alice), ("bob", bob))}
    runner = CliRunner()
    try:
        for args in (
            ["load", str(PLAN)],
            ["admin", "setup", "--prefix", prefix],
            ["admin", "grant", alice, "--unit", "火炬開發區"],
            ["admin", "grant", bob, "--unit", "edu_sports"],
        ):
            result = runner.invoke(app, ["--db", urls["owner"], *args])
            assert result.exit_code == 0, result.output
        yield {"urls": urls, "prefix": prefix, "alice": alice, "bob": bob}
    finally:
        with server.connect() as connection:
            connection.execute(text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()"))
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            for role in (alice, bob, *(f"{prefix}_{suffix}" for suffix in ("admin", "analyst", "reporter"))):
                connection.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
            units = [row[0] for row in connection.execute(text(f"SELECT rolname FROM pg_roles WHERE rolname LIKE '{prefix}_unit_%'"))]
            for role in units:
                connection.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
        server.dispose()


def zsplan(url: str, *args: str):
    return CliRunner().invoke(app, ["--db", url, *args])


def entry_count(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM progress_entry")).scalar_one()
    finally:
        engine.dispose()


def test_setup_made_a_role_per_unit_and_said_so(bureau) -> None:
    again = zsplan(bureau["urls"]["owner"], "admin", "setup", "--prefix", bureau["prefix"])
    assert again.exit_code == 0, again.output
    p = bureau["prefix"]
    assert again.stdout == f"roles ready: {p}_admin, {p}_analyst, {p}_reporter and 31 unit roles ({p}_unit_<unit id>)\n"


def test_a_unit_records_for_its_own_target_and_the_server_says_who_and_when(bureau) -> None:
    alice = bureau["urls"]["alice"]
    result = zsplan(alice, "log", "torch_national_incubators", "--item", "中山火炬創新創業園", "--date", "2020-06-30", "--by", "mallory")
    assert result.exit_code == 0, result.output
    history = json.loads(zsplan(alice, "history", "torch_national_incubators", "-f", "json").stdout)["records"]
    assert [(row["item"], row["recorded_by"]) for row in history] == [("中山火炬創新創業園", bureau["alice"])]  # not the --by flag


def test_a_unit_cannot_record_for_another_units_target(bureau) -> None:
    alice, bob = bureau["urls"]["alice"], bureau["urls"]["bob"]
    before = entry_count(bureau["urls"]["owner"])
    refused = zsplan(alice, "log", "hit_research_staff", "30", "--date", "2020-12-31")
    assert refused.exit_code == 1, refused.output
    assert refused.stderr == (
        f"Error: the database refused the write: {bureau['alice']} may record only for the targets of the units it reports for, "
        "and may not change plans or past entries; an administrator grants units with 'zsplan admin grant'\n"
    )
    assert zsplan(bob, "log", "torch_national_incubators", "--item", "別人的孵化器", "--date", "2020-06-30").exit_code == 1
    assert entry_count(bureau["urls"]["owner"]) == before
    assert zsplan(bob, "log", "hku_lab_branch", "--date", "2021-03-01").exit_code == 0  # 市教育和體育局 is co-responsible
    assert entry_count(bureau["urls"]["owner"]) == before + 1


def test_the_database_refuses_direct_sql_too(bureau) -> None:
    engine = create_engine(bureau["urls"]["alice"])
    try:
        with engine.connect() as connection, pytest.raises(Exception, match="row-level security"):
            connection.execute(
                text(
                    "INSERT INTO progress_entry (target_id, value, as_of, recorded_at, recorded_by, kind) "
                    "VALUES ('hit_research_staff', 50, '2021-01-01', now(), 'x', 'log')"
                )
            )
        with engine.connect() as connection, pytest.raises(Exception, match="permission denied"):
            connection.execute(text("UPDATE progress_entry SET value = 99"))
        with engine.connect() as connection, pytest.raises(Exception, match="permission denied"):
            connection.execute(text("DELETE FROM target"))
    finally:
        engine.dispose()


def test_a_unit_cannot_change_the_plan(bureau, tmp_path) -> None:
    edited = tmp_path / "plan.yaml"
    edited.write_text(PLAN.read_text(encoding="utf-8").replace("name: 省實驗室", "name: 省級實驗室", 1), encoding="utf-8")
    (tmp_path / "plan-source.txt").write_text((PLAN.parent / "plan-source.txt").read_text(encoding="utf-8"), encoding="utf-8")
    refused = zsplan(bureau["urls"]["alice"], "load", str(edited))
    assert refused.exit_code == 1, refused.output
    assert refused.stderr.startswith(f"Error: the database refused the write: {bureau['alice']} may record only")
    names = json.loads(zsplan(bureau["urls"]["owner"], "status", "--category", "lab", "-f", "json").stdout)["records"]
    assert "省實驗室" in [row["name"] for row in names]


def test_grant_needs_exactly_one_role(bureau) -> None:
    result = zsplan(bureau["urls"]["owner"], "admin", "grant", "carol", "--unit", "torch", "--analyst")
    assert (result.exit_code, result.stderr) == (2, "Error: give exactly one of --unit UNIT, --analyst or --admin\n")


def test_roles_are_postgresql_only(tmp_path) -> None:
    result = zsplan(str(tmp_path / "z.db"), "admin", "setup")
    assert result.exit_code == 2
    assert result.stderr.endswith("roles and row-level security are PostgreSQL's; an SQLite file has one user (see README, Security model)\n")


def test_a_writer_behind_a_held_lock_gives_up_with_a_message(bureau, monkeypatch: pytest.MonkeyPatch) -> None:
    from zsplan.store.db import PG_WRITE_LOCK

    monkeypatch.setenv("ZSPLAN_LOCK_TIMEOUT", "1")
    holder = create_engine(bureau["urls"]["owner"])
    try:
        with holder.connect() as connection, connection.begin():
            connection.execute(text(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK})"))
            before = entry_count(bureau["urls"]["owner"])
            waited = zsplan(bureau["urls"]["owner"], "log", "hit_research_staff", "31", "--date", "2021-01-31")
        assert waited.exit_code == 2, waited.output
        assert waited.stderr.endswith(": another writer has held the write lock for 1 s; try again\n")
        assert entry_count(bureau["urls"]["owner"]) == before
    finally:
        holder.dispose()


def test_a_unit_reports_on_its_task_under_roles(bureau) -> None:
    result = zsplan(bureau["urls"]["alice"], "task", "c4.3.1", "--unit", "火炬開發區", "--state", "推進中", "--date", "2021-06-30", "--progress", "推進中")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("verdict as of 2021-06-30: in progress (in_progress)\n")
    opened = zsplan(bureau["urls"]["alice"], "round", "open", "2021H1")  # running rounds is the analysts' work
    assert opened.exit_code == 1, opened.output
