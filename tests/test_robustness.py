"""No traceback from input or from the machine: database locations, read-only databases, full disks,
closed pipes. Each ends with one ``Error:`` line and a documented exit code, or, after a committed
write, exit 0 and a word on stderr."""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PLAN, settled_bytes
from zsplan.cli import app


def invoke(runner, *args: str):
    return runner.invoke(app, list(args))


def no_traceback(result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


@pytest.fixture
def loaded(runner, isolated_db: Path) -> Path:
    assert invoke(runner, "load", str(PLAN)).exit_code == 0
    assert invoke(runner, "log", "hit_research_staff", "30", "--date", "2021-06-30").exit_code == 0
    return isolated_db


def entries(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT count(*) FROM progress_entry").fetchone()[0]


# ----------------------------------------------------------------- where the database is


@pytest.mark.parametrize(
    ("db", "message"),
    [
        (":memory:", "Error: ':memory:' is an in-memory database, which keeps nothing after the command; give a file path\n"),
        ("file::memory:", "Error: 'file::memory:' is an in-memory database, which keeps nothing after the command; give a file path\n"),
        (
            "sqlite:///x.db?mode=memory",
            "Error: 'sqlite:///x.db?mode=memory' is an in-memory database, which keeps nothing after the command; give a file path\n",
        ),
        (
            "sqlite:///x.db?colour=red",
            "Error: database URL 'sqlite:///x.db?colour=red': unknown parameter 'colour'; an SQLite URL may take mode, immutable, cache, nolock, psow, vfs (e.g. ?mode=ro to only read)\n",
        ),
        ("sqlite:///x.db?mode=ro&mode=rw", "Error: database URL 'sqlite:///x.db?mode=ro&mode=rw': parameter 'mode' is given more than once\n"),
    ],
)
def test_databases_that_keep_nothing_or_are_misspelt_are_refused(runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db: str, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(runner, "--db", db, "status")
    assert (result.exit_code, result.stderr, result.stdout) == (2, message, "")
    assert list(tmp_path.iterdir()) == []  # no file named ':memory:', no x.db


def test_a_read_only_database_is_read_and_never_written(runner, loaded: Path) -> None:
    url = f"sqlite:///{loaded}?mode=ro"
    before = settled_bytes(loaded)
    status = invoke(runner, "--db", url, "status", "-f", "json", "--as-of", "2021-06-30")
    assert status.exit_code == 0, status.output
    assert status.stdout == invoke(runner, "status", "-f", "json", "--as-of", "2021-06-30").stdout
    for args in (["log", "hit_research_staff", "31", "--date", "2021-06-30"], ["retract", "1", "--reason", "x"], ["load", str(PLAN)]):
        result = invoke(runner, "--db", url, *args)
        assert (result.exit_code, result.stderr) == (
            2,
            f"Error: database sqlite:///{loaded}?mode=ro is read-only (mode=ro); this command writes to it: open the database without mode=ro\n",
        )
        no_traceback(result)
    assert settled_bytes(loaded) == before
    assert entries(loaded) == 1


def test_a_read_only_database_of_an_older_schema_is_refused_with_the_upgrade_it_needs(runner, loaded: Path, tmp_path: Path) -> None:
    from conftest import downgrade
    from zsplan.store import migrate

    downgrade(loaded, "0014")
    before = settled_bytes(loaded)
    url = f"sqlite:///{loaded}?mode=ro"
    result = invoke(runner, "--db", url, "status")
    assert (result.exit_code, result.stderr) == (
        2,
        (
            f"Error: database sqlite:///{loaded}?mode=ro has schema revision 0014, and this zsplan reads {migrate.SCHEMA_HEAD}: the upgrade writes to it, "
            "which mode=ro does not allow; open it once without mode=ro to upgrade it (a backup is kept beside it)\n"
        ),
    )
    assert settled_bytes(loaded) == before
    assert list(loaded.parent.glob("*.bak")) == []  # nothing written, no backup left behind


def test_sqlite_uri_parameters_take_effect(runner, loaded: Path) -> None:
    # mode=rw opens an existing file only: a missing one is an error, not a new database
    missing = loaded.with_name("missing.db")
    result = invoke(runner, "--db", f"sqlite:///{missing}?mode=rw", "status")
    assert (result.exit_code, result.stderr) == (2, f"Error: database sqlite:///{missing}?mode=rw: unable to open database file\n")
    assert not missing.exists()
    assert invoke(runner, "--db", f"sqlite:///{loaded}?mode=rw", "log", "hit_research_staff", "31", "--date", "2021-06-30").exit_code == 0
    assert entries(loaded) == 2


def test_an_unwritable_data_directory(runner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # the default location, under XDG_DATA_HOME, cannot be made: a file stands where the folder would be
    monkeypatch.delenv("ZSPLAN_DB")
    (tmp_path / "xdg").write_text("not a folder")
    result = invoke(runner, "status")
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: cannot create the folder {tmp_path}/xdg/zsplan for the database: Not a directory; give a database with --db or $ZSPLAN_DB\n",
    )
    no_traceback(result)


def test_a_read_only_data_directory(runner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # as XDG_DATA_HOME on a read-only file system says it (root would pass a chmod, so the refusal is simulated)
    monkeypatch.delenv("ZSPLAN_DB")

    def read_only(self, *args, **kwargs):
        raise PermissionError(errno.EROFS, "Read-only file system", str(self))

    monkeypatch.setattr(Path, "mkdir", read_only)
    result = invoke(runner, "log", "hit_research_staff", "3")
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: cannot create the folder {tmp_path}/xdg/zsplan for the database: Read-only file system; give a database with --db or $ZSPLAN_DB\n",
    )


def test_a_folder_the_database_cannot_be_created_in(runner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    monkeypatch.setattr(os, "access", lambda path, mode: Path(path) != folder)
    result = invoke(runner, "--db", str(folder / "z.db"), "status")
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: cannot create database {folder}/z.db: folder {folder} is not writable; give a database with --db or $ZSPLAN_DB\n",
    )
    assert list(folder.iterdir()) == []


# ----------------------------------------------------------------- backups


def test_a_backup_onto_a_full_disk_leaves_no_file(runner, loaded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import zsplan.store.db as store_db

    def full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store_db.os, "fsync", full)
    folder = tmp_path / "backups"
    folder.mkdir()
    copy = folder / "copy.db"
    result = invoke(runner, "backup", str(copy))
    assert (result.exit_code, result.stderr, result.stdout) == (2, f"Error: cannot write the backup {copy}: No space left on device\n", "")
    no_traceback(result)
    assert list(folder.iterdir()) == []  # neither the copy nor its temporary file


def test_a_backup_the_database_engine_cannot_finish_leaves_no_file(runner, loaded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import zsplan.store.db as store_db

    real_connect = sqlite3.connect

    class Failing:
        def __init__(self, target) -> None:
            self.connection = real_connect(target)

        def backup(self, target) -> None:
            raise sqlite3.OperationalError("database or disk is full")

        def close(self) -> None:
            self.connection.close()

    calls = []

    def connect(target, *args, **kwargs):
        calls.append(target)
        return Failing(target) if len(calls) == 1 else real_connect(target, *args, **kwargs)

    monkeypatch.setattr(store_db.sqlite3, "connect", connect)
    copy = tmp_path / "b" / "copy.db"
    copy.parent.mkdir()
    result = invoke(runner, "backup", str(copy))
    assert (result.exit_code, result.stderr) == (2, f"Error: cannot write the backup {copy}: database or disk is full\n")
    assert list(copy.parent.iterdir()) == []


def test_an_interrupted_backup_leaves_no_file(loaded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import zsplan.store.db as store_db
    from zsplan.store.db import backup_sqlite, get_engine, sqlite_url

    def interrupted(*args) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(store_db.os, "link", interrupted)
    copy = tmp_path / "b" / "copy.db"
    copy.parent.mkdir()
    with pytest.raises(KeyboardInterrupt):
        backup_sqlite(get_engine(sqlite_url(loaded)), copy)
    assert list(copy.parent.iterdir()) == []


def test_a_backup_is_written_whole_with_the_usual_permissions(runner, loaded: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    result = invoke(runner, "backup", str(copy))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {copy} ({copy.stat().st_size:,} bytes)\n"
    umask = os.umask(0)
    os.umask(umask)
    assert copy.stat().st_mode & 0o777 == 0o666 & ~umask
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".copy.db")] == []
    assert entries(copy) == 1


# ----------------------------------------------------------------- a committed write whose confirmation cannot be printed


@pytest.mark.parametrize("error", [OSError(errno.ENOSPC, "No space left on device"), BrokenPipeError(errno.EPIPE, "Broken pipe")])
def test_a_recorded_entry_exits_0_when_its_confirmation_cannot_be_printed(runner, loaded: Path, monkeypatch: pytest.MonkeyPatch, error: OSError) -> None:
    import zsplan.render.status as render_status

    def unprintable(*args, **kwargs) -> None:
        raise error

    monkeypatch.setattr(render_status, "render_log_result", unprintable)
    result = invoke(runner, "log", "hit_research_staff", "31", "--date", "2021-06-30")
    assert (result.exit_code, result.stderr) == (0, f"recorded, but the confirmation could not be printed ({error.strerror})\n")
    assert entries(loaded) == 2


def test_an_output_error_before_anything_is_written_is_still_an_error(runner, loaded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import zsplan.render.ledger as render_ledger

    def unprintable(*args, **kwargs) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(render_ledger, "render_history", unprintable)
    result = invoke(runner, "history", "hit_research_staff")
    assert (result.exit_code, result.stderr) == (2, "Error: cannot write the output: No space left on device\n")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize(
    ("args", "what"),
    [
        (["log", "hit_research_staff", "31", "--date", "2021-06-30"], "recorded"),
        (["correct", "1", "33", "--reason", "recount"], "recorded"),
        (["retract", "1", "--reason", "twice"], "recorded"),
    ],
)
def test_a_write_to_a_full_disk_after_the_commit(tmp_path: Path, args: list[str], what: str) -> None:
    env = {**os.environ, "ZSPLAN_DB": str(tmp_path / "z.db")}
    assert (
        subprocess.run([sys.executable, "-m", "zsplan.cli", "log", "hit_research_staff", "30", "--date", "2021-06-30"], env=env, capture_output=True).returncode
        == 0
    )
    with open("/dev/full", "wb") as full:
        result = subprocess.run([sys.executable, "-m", "zsplan.cli", *args], env=env, stdout=full, stderr=subprocess.PIPE)
    assert (result.returncode, result.stderr) == (0, f"{what}, but the confirmation could not be printed (No space left on device)\n".encode())
    assert entries(tmp_path / "z.db") == 1 + (args[0] != "log" or 1)


def test_a_closed_pipe_after_the_commit(tmp_path: Path) -> None:
    env = {**os.environ, "ZSPLAN_DB": str(tmp_path / "z.db")}
    assert subprocess.run([sys.executable, "-m", "zsplan.cli", "load"], env=env, capture_output=True).returncode == 0
    process = subprocess.Popen(
        [sys.executable, "-m", "zsplan.cli", "log", "hit_research_staff", "30", "--date", "2021-06-30"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    process.stdout.close()  # as `zsplan log … | head -0`
    assert (process.wait(), process.stderr.read()) == (0, b"recorded, but the confirmation could not be printed (Broken pipe)\n")
    assert entries(tmp_path / "z.db") == 1


@pytest.mark.parametrize("args", [["history", "hit_research_staff"], ["explain", "hit_research_staff"], ["units"]])
def test_every_command_ends_quietly_when_the_reader_stops(tmp_path: Path, args: list[str]) -> None:
    # rich's consoles used to exit 1 on a closed pipe; the README promises exit 0 for any command
    env = {**os.environ, "ZSPLAN_DB": str(tmp_path / "z.db")}
    assert (
        subprocess.run([sys.executable, "-m", "zsplan.cli", "log", "hit_research_staff", "30", "--date", "2021-06-30"], env=env, capture_output=True).returncode
        == 0
    )
    process = subprocess.Popen([sys.executable, "-m", "zsplan.cli", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()
    assert (process.wait(), process.stderr.read()) == (0, b"")
