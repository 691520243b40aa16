"""Shared fixtures: every test gets its own database under tmp_path; nothing touches a real file."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "data" / "plan.yaml"
SOURCE = ROOT / "data" / "plan-source.txt"


@pytest.fixture(autouse=True)
def isolated_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point ZSPLAN_DB at a fresh file and the user data dir at tmp_path."""
    db = tmp_path / "zsplan.db"
    monkeypatch.setenv("ZSPLAN_DB", str(db))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    return db


@pytest.fixture
def runner() -> CliRunner:
    """Typer's CliRunner, to run commands in the test's process."""
    return CliRunner()


def write_plan(directory: Path, text: str, name: str = "plan.yaml") -> Path:
    """Write a dedented plan file (and a copy of the source document beside it); return its path."""
    path = directory / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    (directory / "plan-source.txt").write_text(SOURCE.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def settled_bytes(db: Path) -> bytes:
    """The database file's bytes after folding the WAL into it.

    In WAL mode committed writes may sit in ``-wal`` for a while; a checkpoint
    first makes "the file is byte-identical" mean "nothing was committed".
    """
    import sqlite3

    connection = sqlite3.connect(db)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()
    return db.read_bytes()


# ----------------------------------------------------------------- template databases
#
# Loading the plan costs about half a second (validation, then the inserts). Most
# tests only need a database that holds it, so it is loaded once per run into a
# template file and each test gets a copy of that file.


def settle(db: Path) -> None:
    """Fold the WAL into the database file, so that the file alone is the whole database."""
    import sqlite3

    connection = sqlite3.connect(db)
    try:
        busy, _, _ = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        connection.close()
    assert busy == 0, f"{db}: the WAL could not be folded in; another connection is writing"


def copy_database(template: Path, destination: Path) -> Path:
    """Copy a settled template database file to ``destination`` (a new file; no WAL comes along) and return it."""
    shutil.copyfile(template, destination)
    return destination


def downgrade(db: Path, revision: str) -> Path:
    """Take the database at ``db`` back to schema ``revision`` with the migrations' own downgrades (an older
    release's database, for upgrade tests); return ``db``."""
    from alembic import command

    from zsplan.store import migrate
    from zsplan.store.db import get_engine, sqlite_url, write_session

    engine = get_engine(sqlite_url(db))
    with write_session(engine) as session:
        command.downgrade(migrate._config(session.connection()), revision)
    engine.dispose()
    return db


def assert_entries_carried(db: Path, before: list[tuple]) -> None:
    """The entries of ``db`` are ``before`` (``SELECT * FROM progress_entry ORDER BY id`` of an older revision), each
    with the key revision 0015 adds after its columns: its item name folded, or none without a name."""
    import sqlite3

    from zsplan.text import fold

    with sqlite3.connect(db) as connection:
        after = connection.execute("SELECT * FROM progress_entry ORDER BY id").fetchall()
        columns = [row[1] for row in connection.execute("PRAGMA table_info(progress_entry)")]
    width = len(before[0]) if before else len(columns) - 1
    assert columns[width:] == ["name_key"]
    assert [row[:width] for row in after] == before
    names = columns.index("item_name")
    assert [row[width] for row in after] == [fold(row[names]) if row[names] else None for row in before]


def cli_env(db: Path) -> dict[str, str]:
    """The environment ``isolated_db`` gives a test, for a database at ``db`` (for CliRunner.invoke(env=...))."""
    return {"ZSPLAN_DB": str(db), "XDG_DATA_HOME": str(db.parent / "xdg"), "NO_COLOR": "1", "COLUMNS": "200"}


@pytest.fixture(scope="session")
def loaded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A settled database file holding data/plan.yaml and nothing else, made once per run.

    Made as the tests made their own: ``zsplan load data/plan.yaml`` through
    typer's CliRunner on a new database. Copy it (``copy_database``); never
    write to it.
    """
    from zsplan.cli import app

    db = tmp_path_factory.mktemp("loaded-template") / "zsplan.db"
    result = CliRunner().invoke(app, ["load", str(PLAN)], env=cli_env(db))
    assert result.exit_code == 0, result.output
    settle(db)
    return db


@pytest.fixture(scope="session")
def initialised_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A settled database file that the first command initialised from the bundled plan, made once per run.

    Made by ``zsplan status`` through CliRunner on a new database: the state a
    test's database is in after its first ``log``. Copy it; never write to it.
    """
    from zsplan.cli import app

    db = tmp_path_factory.mktemp("initialised-template") / "zsplan.db"
    result = CliRunner().invoke(app, ["status"], env=cli_env(db))
    assert result.exit_code == 0, result.output
    assert "initialised" in result.stderr, result.output
    settle(db)
    return db


@pytest.fixture
def loaded(loaded_template: Path, isolated_db: Path) -> Path:
    """This test's database (``ZSPLAN_DB``) holding data/plan.yaml and no progress: a copy of ``loaded_template``."""
    return copy_database(loaded_template, isolated_db)


@pytest.fixture
def initialised(initialised_template: Path, isolated_db: Path) -> Path:
    """This test's database (``ZSPLAN_DB``) as the first command leaves a new one: a copy of ``initialised_template``."""
    return copy_database(initialised_template, isolated_db)
