"""Shared fixtures: every test gets its own database under tmp_path; nothing touches a real file."""

from __future__ import annotations

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
