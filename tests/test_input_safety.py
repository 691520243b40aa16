"""Every way in checks its text as ``log`` does: control and bidirectional characters are refused
in every stored free-text field, at entry, with the field named; nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import PLAN, settled_bytes, write_plan
from zsplan.cli import app
from zsplan.errors import UsageError
from zsplan.store.ledger import check_text


def invoke(runner, *args: str):
    return runner.invoke(app, list(args))


@pytest.fixture
def loaded(runner, isolated_db: Path) -> Path:
    assert invoke(runner, "load", str(PLAN)).exit_code == 0
    assert invoke(runner, "log", "hit_research_staff", "1", "--date", "2020-06-30").exit_code == 0
    return isolated_db


REFUSED = [
    (["log", "hit_research_staff", "2", "--by", "\x1b[2J\x1b[Hadmin"], "Error: --by contains the control character U+001B; remove it\n"),
    (["log", "hit_research_staff", "2", "--by", "ana\rbob"], "Error: --by contains the control character U+000D; remove it\n"),
    (["log", "hit_research_staff", "2", "--note", "\x9b31m red"], "Error: --note contains the control character U+009B; remove it\n"),
    (
        ["log", "hit_research_staff", "2", "--evidence", "\x1b]8;;http://evil.invalid\x07click\x1b]8;;\x07"],
        "Error: --evidence contains the control character U+001B; remove it\n",
    ),
    (["log", "hit_research_staff", "2", "--note", "abc\bd"], "Error: --note contains the control character U+0008; remove it\n"),
    (["log", "hit_research_staff", "2", "--note", "\u200fmarked"], "Error: --note contains the control character U+200F; remove it\n"),
    (["log", "ucas_teams", "--item", "團隊\u202eA"], "Error: --item contains the control character U+202E; remove it\n"),
    (["log", "ucas_teams", "--item", "團隊\u2066A\u2069"], "Error: --item contains the control character U+2066; remove it\n"),
    (["correct", "1", "3", "--reason", "recount", "--by", "x\x1b[8m"], "Error: --by contains the control character U+001B; remove it\n"),
    (["retract", "1", "--reason", "twice", "--by", "\x07"], "Error: --by contains the control character U+0007; remove it\n"),
    (["correct", "1", "3", "--reason", "re\x1bcount"], "Error: --reason contains the control character U+001B; remove it\n"),
    # a recorder and evidence are one line, and not blank (an export or bundle refuses an entry recorded by nobody)
    (["log", "hit_research_staff", "2", "--by", " "], "Error: --by is blank; give who records it, or leave it out (the login name is recorded)\n"),
    (["log", "hit_research_staff", "2", "--by", "\u3000"], "Error: --by is blank; give who records it, or leave it out (the login name is recorded)\n"),
    (["correct", "1", "3", "--reason", "recount", "--by", " "], "Error: --by is blank; give who records it, or leave it out (the login name is recorded)\n"),
    (["retract", "1", "--reason", "twice", "--by", "\t"], "Error: --by holds a line break or a tab; write it on one line (a note may have several)\n"),
    (["log", "hit_research_staff", "2", "--by", "a\nb"], "Error: --by holds a line break or a tab; write it on one line (a note may have several)\n"),
    (
        ["log", "hit_research_staff", "2", "--evidence", "國科發區\n355號"],
        "Error: --evidence holds a line break or a tab; write it on one line (a note may have several)\n",
    ),
    (["log", "hit_research_staff", "2", "--evidence", "  "], "Error: --evidence is blank; give the document (number, URL or file), or leave it out\n"),
    (
        ["status", "--stale-days", "18446744073709551616", "--format", "json"],
        "Error: --stale-days must be at most 36,500 (a hundred years), got 18446744073709551616\n",
    ),
    (["explain", ""], "Error: TARGET is empty; give a target id or its Chinese name ('zsplan status' lists them)\n"),
    (["log", " ", "3"], "Error: TARGET is empty; give a target id or its Chinese name ('zsplan status' lists them)\n"),
    (["history", ""], "Error: TARGET is empty; give a target id or its Chinese name ('zsplan status' lists them)\n"),
]


@pytest.mark.parametrize(("args", "message"), REFUSED, ids=[repr(args) for args, _ in REFUSED])
def test_control_characters_are_refused_at_entry(runner, loaded: Path, args: list[str], message: str) -> None:
    before = settled_bytes(loaded)
    result = invoke(runner, *args)
    assert (result.exit_code, result.stderr, result.stdout) == (2, message, "")
    assert settled_bytes(loaded) == before


def test_invisible_characters_in_item_names_are_still_dropped(runner, loaded: Path) -> None:
    # zero-width spaces and soft hyphens change nothing a reader sees: they are dropped, not refused
    result = invoke(runner, "log", "ucas_teams", "--item", "智能\u200b團隊\u00ad", "--date", "2020-06-30")
    assert result.exit_code == 0, result.output
    assert invoke(runner, "items", "ucas_teams", "-f", "json").stdout.count('"item":"智能團隊"') == 1


def test_a_sheet_cell_with_control_characters_is_a_bad_row(runner, loaded: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "s.csv"
    sheet.write_text(
        "target,date,value,item,note,by\n"
        "hit_research_staff,2021-01-01,3,,ok,科技局\n"
        "ucas_teams,2021-01-01,,團隊\u202eB,,\n"
        "hit_research_staff,2021-02-01,4,,\x1b[31mred,\n"
        "hit_research_staff,2021-03-01,5,,,\x1b[1m\n",
        encoding="utf-8",
    )
    before = settled_bytes(loaded)
    result = invoke(runner, "import", str(sheet))
    assert result.exit_code == 1
    assert result.stderr == (
        "row 3, column item: the item column contains the control character U+202E; remove it\n"
        "row 4, column note: the note column contains the control character U+001B; remove it\n"
        "row 5, column by: the by column contains the control character U+001B; remove it\n"
        f"Error: {sheet}: 3 bad rows; nothing was imported\n"
    )
    assert settled_bytes(loaded) == before


def test_the_default_recorder_of_a_sheet_is_checked(runner, loaded: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "s.csv"
    sheet.write_text("target,date,value\nhit_research_staff,2021-01-01,3\n", encoding="utf-8")
    result = invoke(runner, "import", str(sheet), "--by", "x\x1by")
    assert result.exit_code == 1
    assert result.stderr.startswith("row 2, column by: the by column contains the control character U+001B; remove it\n")


def test_a_lone_surrogate_is_not_text() -> None:
    with pytest.raises(UsageError) as refused:
        check_text("note", "caf\udce9")
    assert str(refused.value) == "note is not valid text: it holds U+DCE9, a lone surrogate (bytes that are not UTF-8); write it as UTF-8"
    check_text("note", "two\nlines\tand a tab")  # allowed


def test_a_plan_with_markup_or_control_characters_in_names_is_not_loaded(runner, loaded: Path, tmp_path: Path) -> None:
    text = PLAN.read_text(encoding="utf-8")
    edited = text.replace("name: 火炬開發區國家級科技企業孵化器", "name: <script>alert(1)</script>", 1).replace(
        "name: 市科技局", 'name: "市科技局\\e]8;;x\\a"', 1
    )
    path = write_plan(tmp_path, edited)
    before = settled_bytes(loaded)
    result = invoke(runner, "load", str(path))
    assert result.exit_code == 1
    lines = edited.splitlines()
    script = next(number for number, line in enumerate(lines, start=1) if "<script>" in line)
    unit = next(number for number, line in enumerate(lines, start=1) if "市科技局\\e" in line)
    unit_column = lines[unit - 1].index("name:") + 1
    assert result.stderr == (
        f"{path}:{unit}:{unit_column}: [text] name contains the control character U+001B; remove it\n"
        f"{path}:{script}:5: [text] name '<script>alert(1)</script>' contains '<'; a name is plain text, without the markup characters < and >\n"
        f"Error: {path} has 2 problems; nothing was loaded\n"
    )
    assert settled_bytes(loaded) == before


# ----------------------------------------------------------------- values, entry numbers and arguments


def usage(command: str, parameter: str, message: str) -> str:
    """What click prints for a value a parameter type refuses: usage, a hint, and the message."""
    name = command.split(maxsplit=1)[0]
    return f"Usage: zsplan {command}\nTry 'zsplan {name} --help' for help.\n\nError: Invalid value for {parameter}: {message}\n"


LOG = "log [OPTIONS] TARGET [VALUE]"
PARSE_REFUSED = [
    (["log", "hit_research_staff", "1_000"], usage(LOG, "'[VALUE]'", "'1_000' is not a number; write it without underscores, e.g. 1000")),
    (["log", "hit_research_staff", "1e-400"], usage(LOG, "'[VALUE]'", "'1e-400' is not a whole number (it rounds to 0); give a count such as 3")),
    (
        ["log", "hit_research_staff", "1.0000000000000000001"],
        usage(LOG, "'[VALUE]'", "'1.0000000000000000001' is not a whole number (it rounds to 1); give a count such as 3"),
    ),
    (["log", "hit_research_staff", "0x10"], usage(LOG, "'[VALUE]'", "'0x10' is not a number; give a count such as 3")),
    (["log", "hit_research_staff", "١٢"], usage(LOG, "'[VALUE]'", "'١٢' is not a number; give a count such as 3")),
    (
        ["correct", "99999999999999999999999", "3", "--reason", "x"],
        usage(
            "correct [OPTIONS] ENTRY [VALUE]", "'ENTRY'", "99999999999999999999999 is not an entry number: entries are numbered from 1 to 9223372036854775807"
        ),
    ),
    (
        ["correct", "9223372036854775808", "3", "--reason", "x"],
        usage("correct [OPTIONS] ENTRY [VALUE]", "'ENTRY'", "9223372036854775808 is not an entry number: entries are numbered from 1 to 9223372036854775807"),
    ),
    (
        ["retract", "0", "--reason", "x"],
        usage("retract [OPTIONS] ENTRY", "'ENTRY'", "0 is not an entry number: entries are numbered from 1 to 9223372036854775807"),
    ),
    (["retract", "#3", "--reason", "x"], usage("retract [OPTIONS] ENTRY", "'ENTRY'", "'#3' is not an entry number; 'zsplan history TARGET' lists them")),
    (
        ["status", "--known-at", "9999-12-31T23:59:59-01:00"],
        usage("status [OPTIONS]", "'--known-at'", "'9999-12-31T23:59:59-01:00' is outside the range of dates zsplan can use"),
    ),
]


@pytest.mark.parametrize(("args", "message"), PARSE_REFUSED, ids=[" ".join(args[:3]) for args, _ in PARSE_REFUSED])
def test_values_that_only_look_like_counts_are_refused(runner, loaded: Path, args: list[str], message: str) -> None:
    before = settled_bytes(loaded)
    result = invoke(runner, *args)
    assert (result.exit_code, result.stderr, result.stdout) == (2, message, "")
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert settled_bytes(loaded) == before


def test_the_largest_entry_number_is_looked_up(runner, loaded: Path) -> None:
    result = invoke(runner, "correct", "9223372036854775807", "3", "--reason", "x")
    assert (result.exit_code, result.stderr) == (2, "Error: no progress entry #9223372036854775807; 'zsplan history TARGET' lists a target's entries\n")


def test_full_width_digits_and_thousands_in_a_sheet_still_count(runner, loaded: Path, tmp_path: Path) -> None:
    assert invoke(runner, "log", "hit_research_staff", "３２", "--date", "2021-01-01").exit_code == 0
    sheet = tmp_path / "s.csv"
    sheet.write_text(
        'target,date,value\nhit_research_staff,2021-02-01,"1,000"\nhit_research_staff,2021-03-01,1_000\nhit_research_staff,2021-04-01,1e-400\n',
        encoding="utf-8",
    )
    result = invoke(runner, "import", str(sheet))
    assert result.exit_code == 1
    assert result.stderr == (
        "row 3, column value: '1_000' is not a number; write it without underscores, e.g. 1000\n"
        "row 4, column value: '1e-400' is not a whole number (it rounds to 0); give a count such as 3\n"
        f"Error: {sheet}: 2 bad rows; nothing was imported\n"
    )
    history = invoke(runner, "history", "hit_research_staff", "-f", "json").stdout
    assert '"value":32' in history


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["log", "hit_research_staff", "3", "--note", "caf\udce9"], "Error: argument 5 (caf\\xe9) is not UTF-8 text; zsplan reads its arguments as UTF-8\n"),
        (["log", "\udcff\udcfe", "3"], "Error: argument 2 (\\xff\\xfe) is not UTF-8 text; zsplan reads its arguments as UTF-8\n"),
        (["--db", "/tmp/\udce9.db", "status"], "Error: argument 2 (/tmp/\\xe9.db) is not UTF-8 text; zsplan reads its arguments as UTF-8\n"),
        (["import", "\x1b[2J\udcff.csv"], "Error: argument 2 (\\x1b[2J\\xff.csv) is not UTF-8 text; zsplan reads its arguments as UTF-8\n"),
    ],
)
def test_arguments_that_are_not_utf8_are_refused(runner, loaded: Path, args: list[str], message: str) -> None:
    before = settled_bytes(loaded)
    result = invoke(runner, *args)
    assert (result.exit_code, result.stderr, result.stdout) == (2, message, "")
    assert settled_bytes(loaded) == before


def test_non_utf8_bytes_from_a_real_command_line(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "ZSPLAN_DB": str(tmp_path / "z.db")}
    result = subprocess.run([sys.executable, "-m", "zsplan.cli", "log", "hit_research_staff", "3", b"--note", b"\xff\xfe"], env=env, capture_output=True)
    assert (result.returncode, result.stdout, result.stderr) == (
        2,
        b"",
        b"Error: argument 5 (\\xff\\xfe) is not UTF-8 text; zsplan reads its arguments as UTF-8\n",
    )
    assert not (tmp_path / "z.db").exists()


def test_a_database_location_that_is_not_utf8(runner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZSPLAN_DB", "/tmp/caf\udce9.db")
    result = invoke(runner, "status")
    assert (result.exit_code, result.stderr) == (2, "Error: $ZSPLAN_DB (/tmp/caf\\xe9.db) is not UTF-8 text; give a database path or URL in UTF-8\n")


@pytest.mark.parametrize("encoding", ["ascii", "cp950"])
@pytest.mark.parametrize("args", [["status", "--as-of", "2021-06-30"], ["history", "ucas_teams"], ["explain", "ucas_teams"], ["--help"], ["log", "--help"]])
def test_output_never_fails_on_the_terminals_encoding(tmp_path: Path, encoding: str, args: list[str]) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "ZSPLAN_DB": str(tmp_path / "z.db"), "PYTHONIOENCODING": encoding}
    assert (
        subprocess.run(
            [sys.executable, "-m", "zsplan.cli", "log", "ucas_teams", "--item", "智能傳感器團隊", "--date", "2021-01-01"], env=env, capture_output=True
        ).returncode
        == 0
    )
    result = subprocess.run([sys.executable, "-m", "zsplan.cli", *args], env=env, capture_output=True)
    assert (result.returncode, b"Traceback" in result.stderr) == (0, False), result.stderr
    if "--help" in args and encoding == "ascii":
        return  # click writes help as UTF-8 where the locale says ASCII (it takes that for a misconfigured C locale)
    result.stdout.decode(encoding)  # what the terminal receives is in its encoding
    if encoding == "ascii":
        assert b"?" in result.stdout  # Chinese it cannot show becomes ?
    if encoding == "cp950" and args[0] == "history":
        assert "智能傳感器團隊".encode("cp950") in result.stdout  # and what it can, it shows


def test_an_error_message_on_an_ascii_terminal(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "ZSPLAN_DB": str(tmp_path / "z.db"), "PYTHONIOENCODING": "ascii"}
    result = subprocess.run([sys.executable, "-m", "zsplan.cli", "log", "孵化器", "3"], env=env, capture_output=True)
    assert result.returncode == 2
    assert result.stderr.startswith(b"Error: unknown target '\\u5b75\\u5316\\u5668'") or result.stderr.startswith(b"Error: unknown target '???'"), result.stderr


def test_a_blank_recorder_cell_is_the_sheets_recorder_and_a_blank_default_is_refused(runner, loaded: Path, tmp_path: Path) -> None:
    import sqlite3

    sheet = tmp_path / "s.csv"
    sheet.write_text("target,date,value,by\nhit_research_staff,2021-01-01,3,科技局\nhit_research_staff,2021-02-01,4,\u3000\n", encoding="utf-8")
    before = settled_bytes(loaded)
    result = invoke(runner, "import", str(sheet), "--by", " ")
    assert result.exit_code == 1
    assert result.stderr.startswith("row 3, column by: the by column is blank; give who records it, or leave it out (the login name is recorded)\n")
    assert settled_bytes(loaded) == before
    assert invoke(runner, "import", str(sheet), "--by", "市科技局規劃科").exit_code == 0
    with sqlite3.connect(loaded) as connection:
        assert connection.execute("SELECT recorded_by FROM progress_entry ORDER BY id DESC LIMIT 2").fetchall() == [("市科技局規劃科",), ("科技局",)]


def test_a_databases_wal_file_given_as_the_database_is_refused_and_left_as_it_was(runner, loaded: Path) -> None:
    wal = loaded.with_name(loaded.name + "-wal")
    existed = wal.exists()
    before = wal.read_bytes() if existed else None
    result = invoke(runner, "--db", str(wal), "status")
    assert (result.exit_code, result.stderr) == (2, f"Error: {wal} is the wal file SQLite keeps beside {loaded}, not a database; give --db {loaded}\n")
    assert (wal.read_bytes() if wal.exists() else None) == before
    zh = invoke(runner, "--db", str(wal), "status", "--lang", "zh")
    assert zh.stderr == f"錯誤：{wal}是SQLite在{loaded}旁保存的wal文件，不是數據庫；請用 --db {loaded}\n"
