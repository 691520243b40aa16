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
