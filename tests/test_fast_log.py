"""``zsplan log`` on the fast path (store.fastwrite over sqlite3) writes what the ORM path writes.

The same reports, at the same moments, are logged into two copies of one database: one through the
fast path, one with ``ZSPLAN_READ_PATH=orm``. Outputs, exit codes and every row of every table must
be identical, both chains must verify, and a refusal must leave the file byte-identical. Reports the
fast path does not take (a grade, a realised-as name, a second source, a ledger with rounds) go the
ORM way on both.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import cli_env, settled_bytes
from zsplan.cli import app
from zsplan.store import fastwrite

ORM = {"ZSPLAN_READ_PATH": "orm"}


def _rows(db: Path) -> dict[str, list[tuple]]:
    connection = sqlite3.connect(db)
    try:
        tables = [name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {name: connection.execute(f'SELECT * FROM "{name}" ORDER BY rowid').fetchall() for name in tables}
    finally:
        connection.close()


@pytest.fixture
def pair(initialised: Path, tmp_path: Path) -> tuple[Path, Path]:
    fast, orm = tmp_path / "fast.db", tmp_path / "orm.db"
    shutil.copyfile(initialised, fast)
    shutil.copyfile(initialised, orm)
    return fast, orm


def _both(runner: CliRunner, pair: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, moment: str, args: list[str]) -> tuple[int, str]:
    """Run ``args`` at ``moment`` on both databases (fast, then ORM); assert the same exit code and output; return them."""
    from zsplan.cli import shared

    monkeypatch.setattr(shared, "now", lambda: dt.datetime.fromisoformat(moment))
    monkeypatch.setattr(shared, "login", lambda: "tester")
    fast, orm = pair
    before = settled_bytes(fast)
    on_fast = runner.invoke(app, args, env=cli_env(fast))
    on_orm = runner.invoke(app, args, env={**cli_env(orm), **ORM})
    assert on_fast.exception is None or isinstance(on_fast.exception, SystemExit), on_fast.output
    assert (on_fast.exit_code, on_fast.stdout, on_fast.stderr) == (on_orm.exit_code, on_orm.stdout, on_orm.stderr), args
    if on_fast.exit_code != 0:
        assert settled_bytes(fast) == before, args  # a refusal writes nothing
    return on_fast.exit_code, on_fast.stdout + on_fast.stderr


def test_log_writes_the_same_rows_on_both_paths(runner: CliRunner, pair: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    written = []
    original = fastwrite.record_entry
    monkeypatch.setattr(fastwrite, "record_entry", lambda *args, **kwargs: written.append(kwargs["target_id"]) or original(*args, **kwargs))
    steps = [
        ("2021-07-05T09:00:00+00:00", ["log", "fudan_researchers", "32", "--date", "2021-06-30", "--note", "名冊\n第二行", "--evidence", "人事處"], 0),
        ("2021-07-05T09:00:01.5+00:00", ["log", "fudan_researchers", "1.5", "--date", "2021-06-30"], 2),  # not a whole count
        ("2021-07-05T09:00:02+00:00", ["log", "fudan_researchers", "-1", "--date", "2021-06-30"], 2),
        ("2021-07-05T09:00:03+00:00", ["log", "fudan_researchers", "3", "--date", "2031-06-30"], 2),  # in the future
        ("2021-07-05T09:00:04+00:00", ["log", "fudan_researchers", "3", "--date", "2019-06-30"], 2),  # a baseline fact needs evidence
        ("2021-07-05T09:00:05+00:00", ["log", "fudan_researchers", "3", "--date", "2019-06-30", "--evidence", "2019年公報"], 0),
        ("2021-07-05T09:00:06+00:00", ["log", "torch_national_incubators", "--item", "中山火炬創新創業園", "--date", "2020-06-30"], 0),
        ("2021-07-05T09:00:07+00:00", ["log", "torch_national_incubators", "--item", "中山火炬创新创业园 ", "--date", "2020-07-31"], 2),  # the same item
        ("2021-07-05T09:00:08+00:00", ["log", "torch_national_incubators", "--item", "中山某孵化器", "--as", "翠亨孵化器", "--date", "2021-05-31"], 0),
        ("2021-07-05T09:00:09+00:00", ["log", "torch_national_incubators", "--item", "翠亨孵化器", "--date", "2021-06-30"], 2),  # its realised-as name
        ("2021-07-05T09:00:10+00:00", ["log", "torch_national_incubators", "--item", "中山火炬創新創業園", "--date", "2020-06-30", "--evidence", "355號"], 0),
        (
            "2021-07-05T09:00:11+00:00",
            ["log", "torch_national_incubators", "--item", "某報道孵化器", "--date", "2021-06-30", "--evidence", "報道", "--grade", "D"],
            0,
        ),
        ("2021-07-05T09:00:12+00:00", ["log", "torch_national_incubators", "3", "--date", "2021-06-30"], 2),  # items take no value
        ("2021-07-05T09:00:13+00:00", ["log", "drug_institute_five_ones", "--item", "industrial_park", "--date", "2020-09-30"], 0),
        ("2021-07-05T09:00:14+00:00", ["log", "drug_institute_five_ones", "--item", "nonsense", "--date", "2020-09-30"], 2),
        ("2021-07-05T09:00:15+00:00", ["log", "innovation_contests", "--item", "中國創新創業大賽", "--date", "2020-11-30"], 0),
        ("2021-07-05T09:00:16+00:00", ["log", "second_prai_conference", "--date", "2020-11-30"], 0),  # a milestone: done
        ("2021-07-05T09:00:17+00:00", ["log", "second_prai_conference", "2", "--date", "2020-11-30"], 2),
        ("2021-07-05T09:00:18+00:00", ["log", "provincial_lab", "--nil", "--date", "2021-06-30"], 0),
        ("2021-07-05T09:00:19+00:00", ["log", "provincial_lab", "--nil", "1", "--date", "2021-06-30"], 2),
        ("2021-07-05T09:00:20+00:00", ["log", "復旦", "3", "--date", "2021-06-30"], 2),  # unknown target
        (
            "2021-07-05T09:00:21+00:00",
            ["log", "中山复旦联合创新中心引进研发人才", "3", "--date", "2021-06-30", "--by", "市科技局"],
            0,
        ),  # by its Simplified name
        ("2021-07-05T09:00:22+00:00", ["log", "fudan_researchers", "3", "--date", "2021-06-30", "--by", "bad\x1bname"], 2),
        ("2021-07-06T00:00:00+00:00", ["round", "open", "2021H1", "--due", "2021-07-10"], 0),
        ("2021-07-12T00:00:00+00:00", ["round", "close", "2021H1"], 0),
        ("2021-07-12T00:00:01+00:00", ["log", "fudan_researchers", "2", "--date", "2021-05-31"], 1),  # inside the closed round
        ("2021-07-12T00:00:02+00:00", ["log", "fudan_researchers", "2", "--date", "2021-05-31", "--late"], 0),
        ("2021-07-12T00:00:03+00:00", ["log", "fudan_researchers", "2", "--date", "2021-07-11"], 0),
    ]
    for moment, args, code in steps:
        assert _both(runner, pair, monkeypatch, moment, args)[0] == code, args
    fast, orm = pair
    assert _rows(fast) == _rows(orm)
    assert written == [
        "fudan_researchers",
        "fudan_researchers",
        "torch_national_incubators",
        "drug_institute_five_ones",
        "innovation_contests",
        "second_prai_conference",
        "provincial_lab",
        "fudan_researchers",
    ]  # the plain reports went the fast way; grades, realised-as names, second sources and rounds the ORM way
    for db in pair:
        verified = runner.invoke(app, ["verify"], env=cli_env(db))
        assert verified.exit_code == 0 and verified.stdout.startswith("verified: 12 entries in an unbroken hash chain"), verified.output
    connection = sqlite3.connect(fast)
    first = connection.execute("SELECT target_id, value, recorded_at, recorded_by, note, kind FROM progress_entry ORDER BY id LIMIT 2").fetchall()
    connection.close()
    assert first == [
        ("fudan_researchers", 32.0, "2021-07-05 09:00:00.000000", "tester", "名冊\n第二行", "log"),  # recorded_at as SQLAlchemy stores it
        ("fudan_researchers", 3.0, "2021-07-05 09:00:05.000000", "tester", None, "log"),
    ]


def test_a_log_on_a_database_the_fast_reader_does_not_read_goes_the_orm_way(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["log", "fudan_researchers", "3", "--date", "2021-06-30"], env=cli_env(tmp_path / "new.db"))
    assert result.exit_code == 0, result.output
    assert "initialised" in result.stderr  # the first run: the ORM initialises the database, then records


def test_a_locked_database_is_worded_as_the_orm_words_it(runner: CliRunner, pair: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZSPLAN_LOCK_TIMEOUT", "0.1")
    results = []
    for db, env in ((pair[0], {}), (pair[1], ORM)):
        holder = sqlite3.connect(db, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            results.append(runner.invoke(app, ["log", "fudan_researchers", "3", "--date", "2021-06-30"], env={**cli_env(db), **env}))
        finally:
            holder.execute("ROLLBACK")
            holder.close()
    fast, orm = results
    assert fast.exit_code == orm.exit_code == 2
    assert fast.stderr.replace(str(pair[0]), "DB") == orm.stderr.replace(str(pair[1]), "DB")
    assert "database is locked" in fast.stderr


@pytest.mark.parametrize(
    "line",
    [
        "recorded entry #12 for fudan_researchers (中山複旦聯合創新中心引進研發人才) as of 2021-06-30",
        "standing as of 2021-06-30: achieved 50 / target 60, gap 10, 83%, status on_track",
        "已記錄第12號記錄：中山複旦聯合創新中心引進研發人才，數據截至2021年6月30日" * 3,  # wider than 160 cells: rich wraps it
        "a" * 159,
        "a" * 161,
        "名" * 80,
        "名" * 81,
        "tab\there",
        "[bold]not markup[/bold] :smile: 1.5e3 http://example.org",
        "emoji 🎉 and e\u0301 combining",
        "trailing blanks   ",
    ],
)
def test_plain_lines_are_what_rich_prints(line: str) -> None:
    import io

    from zsplan.render.console import PlainLines, TrimmedLines, _console_class

    plain, rich = io.StringIO(), io.StringIO()
    PlainLines(TrimmedLines(plain), 160).print(line)
    _console_class()(file=TrimmedLines(rich), width=160, highlight=False, markup=False, emoji=False, no_color=True).print(line)
    assert plain.getvalue() == rich.getvalue()
