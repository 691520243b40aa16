"""Output files (-o) never replace a database; other files are replaced atomically or need --force."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import cli_env, copy_database, settle, settled_bytes
from zsplan.cli import app


def invoke(runner, *args: str):
    return runner.invoke(app, list(args))


@pytest.fixture(scope="module")
def one_entry_template(loaded_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A settled database file holding the plan and one entry (hit_research_staff 30 as of 2020-12-31), made once for this module."""
    db = copy_database(loaded_template, tmp_path_factory.mktemp("one-entry") / "zsplan.db")
    result = CliRunner().invoke(app, ["log", "hit_research_staff", "30", "--date", "2020-12-31"], env=cli_env(db))
    assert result.exit_code == 0, result.output
    settle(db)
    return db


@pytest.fixture
def loaded(one_entry_template: Path, isolated_db: Path) -> Path:
    """This test's database (``ZSPLAN_DB``), holding the plan and one entry: a copy of ``one_entry_template``."""
    return copy_database(one_entry_template, isolated_db)


def entries(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT count(*) FROM progress_entry").fetchone()[0]


@pytest.mark.parametrize(
    "args",
    [
        ["export", "-o"],
        ["export", "--force", "-o"],
        ["report", "--period", "2021H1", "-o"],
        ["report", "--period", "2021H1", "--format", "xlsx", "--force", "-o"],
    ],
)
def test_output_onto_the_database_in_use_is_refused(runner, loaded: Path, args: list[str]) -> None:
    before = settled_bytes(loaded)
    result = invoke(runner, *args, str(loaded))
    assert result.exit_code == 2, result.output
    assert result.stderr == f"Error: {loaded} is the database in use; write the output to another file\n"
    assert settled_bytes(loaded) == before
    assert entries(loaded) == 1


def test_a_symlink_onto_the_database_is_refused(runner, loaded: Path, tmp_path: Path) -> None:
    link = tmp_path / "report.md"
    link.symlink_to(loaded)
    before = settled_bytes(loaded)
    result = invoke(runner, "report", "--period", "2021H1", "-o", str(link))
    assert result.exit_code == 2, result.output
    assert result.stderr == f"Error: {link} is the database in use; write the output to another file\n"
    assert settled_bytes(loaded) == before and link.is_symlink()


def test_another_database_file_is_refused_even_with_force(runner, loaded: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    before = other.read_bytes()
    result = invoke(runner, "export", "--force", "-o", str(other))
    assert result.exit_code == 2, result.output
    assert result.stderr == f"Error: {other} is a database file; zsplan does not write output over a database\n"
    assert other.read_bytes() == before


def test_a_file_of_another_kind_needs_force(runner, loaded: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("keep me\n", encoding="utf-8")
    result = invoke(runner, "export", "-o", str(notes))
    assert result.exit_code == 2, result.output
    assert result.stderr == f"Error: {notes} exists and is not a .json file; give another -o FILE, or --force to replace it\n"
    assert notes.read_text(encoding="utf-8") == "keep me\n"
    assert invoke(runner, "export", "--force", "-o", str(notes)).exit_code == 0
    assert notes.read_text(encoding="utf-8").startswith("{")


def test_a_file_of_its_own_kind_is_replaced_atomically(runner, loaded: Path, tmp_path: Path) -> None:
    report = tmp_path / "2021H1.md"
    report.write_text("old\n", encoding="utf-8")
    os.chmod(report, 0o640)
    result = invoke(runner, "report", "--period", "2021H1", "-o", str(report))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {report}\n"
    assert report.read_text(encoding="utf-8").startswith("# ")
    assert oct(report.stat().st_mode & 0o777) == oct(0o640)
    assert sorted(path.name for path in tmp_path.iterdir() if path.name.startswith(".2021H1")) == []


def test_a_missing_folder_is_a_clear_error(runner, loaded: Path, tmp_path: Path) -> None:
    result = invoke(runner, "export", "-o", str(tmp_path / "nowhere" / "x.json"))
    assert result.exit_code == 2, result.output
    assert result.stderr == f"Error: cannot write {tmp_path / 'nowhere' / 'x.json'}: folder {tmp_path / 'nowhere'} does not exist\n"
