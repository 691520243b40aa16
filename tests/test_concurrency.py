"""Several writers at once, and a writer killed halfway: real processes on a real file."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import copy_database

pytestmark = pytest.mark.slow

WRITER = textwrap.dedent(
    """
    import datetime as dt, sys
    from zsplan.service.ledger import log_progress
    from zsplan.store.db import get_engine, sqlite_url

    engine = get_engine(sqlite_url(sys.argv[1]))
    worker = int(sys.argv[2])
    for n in range(int(sys.argv[3])):
        log_progress(
            engine, target="fudan_researchers", value=1, item=None, as_of=dt.date(2021, 6, 30),
            today=dt.date(2026, 1, 1), now=dt.datetime.now(dt.timezone.utc), recorded_by=f"worker-{worker}",
            note=f"{worker}-{n}", source=None,
        )
    """
)


def run(*args: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zsplan.cli", *args], capture_output=True, text=True, env=env)


def test_eight_writers_of_200_entries_each(tmp_path: Path, loaded_template: Path) -> None:
    db = copy_database(loaded_template, tmp_path / "shared.db")
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(worker), "200"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for worker in range(8)
    ]
    results = [(writer.wait(timeout=300), writer.stderr.read()) for writer in writers]
    assert all(code == 0 for code, _ in results), [err[-500:] for _, err in results]
    assert not any("locked" in err for _, err in results)
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*), count(DISTINCT note), sum(value) FROM progress_entry").fetchone() == (1600, 1600, 1600.0)
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_import_killed_halfway_leaves_all_or_nothing(tmp_path: Path, loaded_template: Path) -> None:
    db = copy_database(loaded_template, tmp_path / "ledger.db")
    rows = 60_000
    sheet = tmp_path / "big.csv"
    with sheet.open("w", encoding="utf-8") as out:
        out.write("target,date,value,note\n")
        for n in range(rows):
            out.write(f"fudan_researchers,2021-06-30,1,{'說明' * 20} {n}\n")
    killed_while_writing = 0
    for attempt in range(4):  # killed at the moment the insert starts spilling to the WAL
        process = subprocess.Popen([sys.executable, "-m", "zsplan.cli", "--db", str(db), "import", str(sheet)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        wal = Path(f"{db}-wal")
        deadline = time.monotonic() + 120
        while process.poll() is None and time.monotonic() < deadline:
            if wal.exists() and wal.stat().st_size > 2_000_000:  # the insert is spilling pages
                os.kill(process.pid, signal.SIGKILL)
                killed_while_writing += 1
                break
            time.sleep(0.005)
        process.wait(timeout=120)
        with sqlite3.connect(db) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            count = connection.execute("SELECT count(*) FROM progress_entry").fetchone()[0]
        assert process.returncode == -signal.SIGKILL, "the import finished before it could be killed; make the sheet larger"
        assert count == 0, f"attempt {attempt}: a killed import left {count} rows"
    assert killed_while_writing == 4
    # and left alone, the same import writes every row
    finished = run("--db", str(db), "import", str(sheet))
    assert finished.returncode == 0, finished.stderr
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM progress_entry").fetchone()[0] == rows
