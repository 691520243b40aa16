"""Schema migrations: the migrations make exactly the models, and a first-release database is carried forward."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from sqlmodel import SQLModel

import zsplan.store.tables  # noqa: F401  (registers the models)
from conftest import assert_entries_carried
from zsplan.cli import app
from zsplan.store import migrate
from zsplan.store.db import get_engine, sqlite_url, write_session

V1_DUMP = Path(__file__).parent / "data" / "schema-v1.sql"


def test_schema_head_is_the_last_migration() -> None:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory(str(Path(migrate.__file__).parent / "migrations"))
    assert scripts.get_current_head() == migrate.SCHEMA_HEAD
    assert tuple(reversed([script.revision for script in scripts.walk_revisions()])) == migrate.REVISIONS


def test_a_database_from_a_newer_zsplan_is_refused_without_a_backup(runner, tmp_path: Path) -> None:
    db = tmp_path / "newer.db"
    assert runner.invoke(app, ["--db", str(db), "status"]).exit_code == 0
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099'")
    before = db.read_bytes()
    result = runner.invoke(app, ["--db", str(db), "status"])
    assert (result.exit_code, result.stderr) == (
        2,
        (
            f"Error: the database's schema is at revision '0099', which this zsplan does not know (it knows 0001 to {migrate.SCHEMA_HEAD}): "
            "it was made by a newer zsplan, or its alembic_version table was changed; use that newer zsplan, or restore a backup\n"
        ),
    )
    assert not list(tmp_path.glob("*.bak")) and db.read_bytes() == before


def test_migrations_make_exactly_the_models(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    engine = get_engine(sqlite_url(tmp_path / "fresh.db"))
    with write_session(engine) as session:
        migrate.upgrade(session)
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), SQLModel.metadata) == []


def make_v1_database(path: Path) -> None:
    """A database written by the first release (see tests/data/schema-v1.sql: five entries logged with it)."""
    with sqlite3.connect(path) as connection:
        connection.executescript(V1_DUMP.read_text(encoding="utf-8"))


def dump(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        return list(connection.iterdump())


def rows(path: Path, query: str) -> list[tuple]:
    with sqlite3.connect(path) as connection:
        return connection.execute(query).fetchall()


def test_first_release_database_is_upgraded_in_place_without_losing_an_entry(runner, tmp_path: Path) -> None:
    db = tmp_path / "v1.db"
    make_v1_database(db)
    original = dump(db)
    before = rows(db, "SELECT id, target_id, value, item_id, as_of, recorded_at, recorded_by, note, source, kind FROM progress_entry ORDER BY id")
    assert len(before) == 5
    result = runner.invoke(app, ["--db", str(db), "status", "--as-of", "2021-06-30", "--format", "json"])
    assert result.exit_code == 0, result.output
    (backup,) = tmp_path.glob("v1.db.schema-0001-*.bak")
    assert result.stderr == f"upgraded the database schema from 0001 to {migrate.SCHEMA_HEAD} (backup: {backup})\n"
    assert dump(backup) == original  # the backup holds the first-release database as it was
    assert rows(db, "SELECT version_num FROM alembic_version") == [(migrate.SCHEMA_HEAD,)]
    assert rows(db, "SELECT key, value FROM zsplan_meta") == []  # revision 0005 dropped the unread version row
    after = rows(db, "SELECT id, target_id, value, item_id, as_of, recorded_at, recorded_by, note, source, kind FROM progress_entry ORDER BY id")
    assert after == before
    standings = {row["target_id"]: row for row in json.loads(result.stdout)["records"]}
    assert (standings["torch_national_incubators"]["achieved"], standings["torch_national_incubators"]["percent"]) == (3, 75)
    assert standings["hit_research_staff"]["achieved"] == 30
    assert standings["drug_institute_five_ones"]["achieved"] == 1
    assert standings["second_prai_conference"]["status"] == "met"
    history = json.loads(runner.invoke(app, ["--db", str(db), "history", "drug_institute_five_ones", "-f", "json"]).stdout)["records"]
    assert [(row["item"], row["as_of"]) for row in history] == [("中山新藥創制産業園", "2020-12-01")]
    again = runner.invoke(app, ["--db", str(db), "status"])
    assert again.exit_code == 0 and "upgraded" not in again.stderr
    verified = runner.invoke(app, ["--db", str(db), "verify"])  # the upgrade sealed the first release's entries into the hash chain
    assert verified.exit_code == 0, verified.output
    assert verified.stdout.startswith("verified: 5 entries in an unbroken hash chain, head ")


def test_a_new_database_is_made_by_the_migrations(runner, tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    assert runner.invoke(app, ["--db", str(db), "status"]).exit_code == 0
    assert rows(db, "SELECT version_num FROM alembic_version") == [(migrate.SCHEMA_HEAD,)]
    assert not list(tmp_path.glob("*.bak"))


def test_concurrent_first_runs_after_an_upgrade_share_one_backup(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    db = tmp_path / "v1.db"
    make_v1_database(db)
    env = {**os.environ, "ZSPLAN_DB": str(db)}
    processes = [
        subprocess.Popen([sys.executable, "-m", "zsplan.cli", "status", "--format", "json"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for _ in range(3)
    ]
    outcomes = [(process.wait(timeout=120), process.stderr.read().decode()) for process in processes]
    assert [code for code, _ in outcomes] == [0, 0, 0], outcomes
    assert sum("upgraded the database schema from 0001" in err for _, err in outcomes) == 1
    assert len(list(tmp_path.glob("v1.db.schema-0001-*.bak"))) == 1
    assert rows(db, "SELECT version_num FROM alembic_version") == [(migrate.SCHEMA_HEAD,)]


def test_a_revision_0006_database_is_upgraded_to_the_head_without_losing_an_entry(runner, tmp_path: Path) -> None:
    from alembic import command

    from zsplan.store import chain

    db = tmp_path / "v6.db"
    make_v1_database(db)
    engine = get_engine(sqlite_url(db))
    with write_session(engine) as session:
        connection = session.connection()
        command.stamp(migrate._config(connection), "0001")
        command.upgrade(migrate._config(connection), "0006")
        chain.seal_unchained(session)
    engine.dispose()
    assert rows(db, "SELECT version_num FROM alembic_version") == [("0006",)]
    before = rows(db, "SELECT * FROM progress_entry ORDER BY id")
    result = runner.invoke(app, ["--db", str(db), "verify"])
    assert result.exit_code == 0, result.output
    (backup,) = tmp_path.glob("v6.db.schema-0006-*.bak")
    assert result.stderr == f"upgraded the database schema from 0006 to {migrate.SCHEMA_HEAD} (backup: {backup})\n"
    assert_entries_carried(db, before)
    assert rows(db, "SELECT count(*) FROM entry_evidence") == [(0,)]  # the entries' own evidence stays where it was


def test_a_revision_0007_database_is_upgraded_keeping_its_sources(runner, tmp_path: Path) -> None:
    """Revision 0009 adds a source's number, title, location and date; a 0007 source keeps its text and grade."""
    from alembic import command

    from zsplan.store import chain

    db = tmp_path / "v7.db"
    make_v1_database(db)
    engine = get_engine(sqlite_url(db))
    with write_session(engine) as session:
        connection = session.connection()
        command.stamp(migrate._config(connection), "0001")
        command.upgrade(migrate._config(connection), "0007")
        chain.seal_unchained(session)
        first = connection.exec_driver_sql("SELECT min(id) FROM progress_entry").scalar()
        connection.exec_driver_sql(
            "INSERT INTO entry_evidence (entry_id, relation, text, folded, grade, recorded_at, recorded_by) "
            f"VALUES ({first}, 'source', '國科發區〔2020〕355號', '国科发区〔2020〕355号', 'A', '2021-01-05 09:00:00', 'analyst')"
        )
    engine.dispose()
    before = rows(db, "SELECT * FROM progress_entry ORDER BY id")
    result = runner.invoke(app, ["--db", str(db), "verify"])
    assert result.exit_code == 0, result.output
    (backup,) = tmp_path.glob("v7.db.schema-0007-*.bak")
    assert result.stderr == f"upgraded the database schema from 0007 to {migrate.SCHEMA_HEAD} (backup: {backup})\n"
    assert_entries_carried(db, before)
    assert rows(db, "SELECT entry_id, relation, text, grade, number, title, location, published FROM entry_evidence") == [
        (first, "source", "國科發區〔2020〕355號", "A", None, None, None, None)
    ]


def test_a_revision_0007_database_gets_what_its_targets_count_without_losing_an_entry(runner, tmp_path: Path) -> None:
    from alembic import command

    from zsplan.store import chain

    db = tmp_path / "v7.db"
    make_v1_database(db)
    engine = get_engine(sqlite_url(db))
    with write_session(engine) as session:
        connection = session.connection()
        command.stamp(migrate._config(connection), "0001")
        command.upgrade(migrate._config(connection), "0007")
        chain.seal_unchained(session)
    engine.dispose()
    before = rows(db, "SELECT * FROM progress_entry ORDER BY id")
    assert before
    result = runner.invoke(app, ["--db", str(db), "verify"])
    assert result.exit_code == 0, result.output
    (backup,) = tmp_path.glob("v7.db.schema-0007-*.bak")
    assert result.stderr == f"upgraded the database schema from 0007 to {migrate.SCHEMA_HEAD} (backup: {backup})\n"
    assert_entries_carried(db, before)
    # rows of an older load read as before: the total counts, not ambiguous, not met at baseline
    assert set(rows(db, "SELECT counts, counts_ambiguous, counts_note, met_at_baseline FROM target")) == {(None, 0, None, 0)}


def _entry_indexes(db: Path) -> list[str]:
    with sqlite3.connect(db) as connection:
        found = connection.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'progress_entry' AND name LIKE 'ix_%' ORDER BY name")
        return [row[0] for row in found]


def _upgraded_by_status(runner, db: Path, revision: str, as_of: str) -> str:
    """Run ``status --format json`` on ``db`` (at ``revision``): it upgrades the database to the head with a backup
    beside it and says so, and every entry is carried (:func:`conftest.assert_entries_carried`). Returns the JSON."""
    with sqlite3.connect(db) as connection:
        entries = connection.execute("SELECT * FROM progress_entry ORDER BY id").fetchall()
    result = runner.invoke(app, ["--db", str(db), "status", "--format", "json", "--as-of", as_of])
    assert result.exit_code == 0, result.output
    (backup,) = db.parent.glob(f"{db.name}.schema-{revision}-*.bak")
    assert result.stderr == f"upgraded the database schema from {revision} to {migrate.SCHEMA_HEAD} (backup: {backup})\n"
    assert_entries_carried(db, entries)
    return result.stdout


def test_a_revision_0013_database_is_carried_to_the_head_with_a_backup(runner, tmp_path: Path, initialised_template: Path) -> None:
    from conftest import copy_database, downgrade

    db = copy_database(initialised_template, tmp_path / "v13.db")
    assert runner.invoke(app, ["--db", str(db), "log", "torch_national_incubators", "--item", "中山火炬創新創業園", "--date", "2020-06-30"]).exit_code == 0
    downgrade(db, "0013")
    assert _entry_indexes(db) == ["ix_progress_supersedes", "ix_progress_target_asof", "ix_progress_target_item"]
    _upgraded_by_status(runner, db, "0013", "2020-06-30")
    assert _entry_indexes(db) == [
        "ix_progress_name_key",
        "ix_progress_source",
        "ix_progress_supersedes",
        "ix_progress_target_asof",
        "ix_progress_target_item",
        "ix_progress_unkeyed",
    ]
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT item_name, name_key FROM progress_entry").fetchall() == [("中山火炬創新創業園", "中山火炬创新创业园")]
        # the named entry is in the keys' index, and in key order the check reads it from the index alone
        plan = connection.execute(
            "EXPLAIN QUERY PLAN SELECT name_key, min(target_id) FROM progress_entry INDEXED BY ix_progress_name_key "
            "WHERE name_key IS NOT NULL AND as_of <= '2024-12-31' AND kind != 'nil' GROUP BY name_key"
        ).fetchall()
        assert "COVERING INDEX ix_progress_name_key" in plan[0][3]
    assert runner.invoke(app, ["--db", str(db), "verify"]).exit_code == 0


def test_a_revision_0014_database_gets_its_names_keys_and_flags_what_it_flagged(runner, tmp_path: Path, initialised_template: Path) -> None:
    """Revision 0015 folds each stored name once into ``name_key``: the counted-twice flags are the ones 0014 gave."""
    from conftest import copy_database, downgrade

    db = copy_database(initialised_template, tmp_path / "v14.db")
    for args in (
        ["torch_national_incubators", "--item", "中山火炬創新創業園", "--date", "2020-06-30"],
        ["cuiheng_public_platforms", "--item", "中山火炬创新创业园 ", "--date", "2020-07-30"],  # the other script, a trailing space
        ["hit_research_staff", "32", "--date", "2021-06-30"],
    ):
        assert runner.invoke(app, ["--db", str(db), "log", *args]).exit_code == 0
    downgrade(db, "0014")
    assert "ix_progress_item_name" in _entry_indexes(db)
    status = _upgraded_by_status(runner, db, "0014", "2021-06-30")
    assert "ix_progress_item_name" not in _entry_indexes(db)
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT name_key FROM progress_entry ORDER BY id").fetchall() == [("中山火炬创新创业园",), ("中山火炬创新创业园",), (None,)]
    flagged = {record["target_id"]: [flag["entries"] for flag in record["counted_twice"]] for record in json.loads(status)["records"]}
    assert {target: entries for target, entries in flagged.items() if entries} == {"torch_national_incubators": [[1, 2]], "cuiheng_public_platforms": [[1, 2]]}
    assert runner.invoke(app, ["--db", str(db), "verify"]).exit_code == 0


def test_loading_a_plan_beside_another_brings_analysed_statistics_up_to_date(runner, tmp_path: Path) -> None:
    from conftest import ROOT

    db = tmp_path / "analysed.db"
    assert runner.invoke(app, ["--db", str(db), "load", str(ROOT / "data" / "plan.yaml")]).exit_code == 0

    def statistics() -> dict[str, str]:
        with sqlite3.connect(db) as connection:
            return dict(connection.execute("SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'target' AND idx = 'ix_target_plan_id'").fetchall())

    with sqlite3.connect(db) as connection:
        connection.execute("ANALYZE")
    assert statistics() == {"ix_target_plan_id": "57 57"}  # one plan: every target has its id
    assert runner.invoke(app, ["--db", str(db), "load", str(ROOT / "examples" / "cn-14th-fyp-sti.yaml")]).exit_code == 0
    with sqlite3.connect(db) as connection:
        national = connection.execute("SELECT count(*) FROM target WHERE plan_id = 'cn-14th-fyp-sti-2021'").fetchone()[0]
    assert statistics() == {"ix_target_plan_id": f"{57 + national} {(57 + national + 1) // 2}"}  # two plans: half the targets each, on average
    # a database never analysed gets no statistics from a load
    fresh = tmp_path / "fresh.db"
    assert runner.invoke(app, ["--db", str(fresh), "load", str(ROOT / "data" / "plan.yaml")]).exit_code == 0
    with sqlite3.connect(fresh) as connection:
        assert connection.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone() == (0,)


def test_revision_0015_folds_names_as_zsplan_does() -> None:
    """The migration keeps its own copy of the fold (a migration imports no zsplan code): the two agree."""
    import importlib.util

    from zsplan.text import fold

    path = Path(migrate.__file__).parent / "migrations" / "versions" / "0015_name_keys.py"
    spec = importlib.util.spec_from_file_location("revision_0015", path)
    assert spec is not None and spec.loader is not None
    revision = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(revision)
    names = ["中山火炬創新創業園", "中山火炬创新创业园 ", "ＡＢＣ孵化器", "中山\u200b火炬 孵化器", "Straße", "臺灣", "市發展改革局", "項目12"]
    assert revision.fold_many(names) == [fold(name) for name in names]
    assert revision.fold_many(names)[:3] == ["中山火炬创新创业园", "中山火炬创新创业园", "abc孵化器"]
