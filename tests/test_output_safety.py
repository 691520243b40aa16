"""What a terminal, a spreadsheet or a browser receives from zsplan never acts on stored text:
control and bidirectional characters show as escapes, cells never start a formula, HTML is escaped."""

from __future__ import annotations

import hashlib
import io
import json
import re
import sqlite3
from pathlib import Path

import pytest
from rich.console import Console

from conftest import PLAN
from zsplan.cli import app

#: Text an older zsplan (or another tool) may have stored: a screen clear, an OSC-8 hyperlink,
#: a carriage return that overwrites, an 8-bit CSI, a right-to-left override.
HOSTILE = "\x1b[2J\x1b]8;;http://evil.invalid\x07link\x1b]8;;\x07\rX\x9b31m\u202eRTL"


def invoke(runner, *args: str):
    return runner.invoke(app, list(args))


def as_an_older_zsplan_left_it(
    db: Path, *, targets: dict[str, str] | None = None, units: dict[str, str] | None = None, title: str | None = None, chapters: str | None = None
) -> None:
    """Give targets, units, the plan and its chapters these names, in the tables and in the stored definitions alike,
    and seal the entries into the hash chain as an upgrade does: a database an older zsplan (before text was
    checked) wrote, which zsplan verify accepts."""
    targets, units = targets or {}, units or {}
    from zsplan.store import chain
    from zsplan.store.db import get_engine, sqlite_url, write_session

    with sqlite3.connect(db) as connection:
        definition = json.loads(connection.execute("SELECT definition_json FROM plan").fetchone()[0])
        for target in definition["targets"]:
            if target["id"] in targets:
                target["name"] = targets[target["id"]]
                connection.execute("UPDATE target SET name = ? WHERE id = ?", (targets[target["id"]], target["id"]))
        for unit in definition["units"]:
            if unit["id"] in units:
                unit["name"] = units[unit["id"]]
                connection.execute("UPDATE unit SET name = ? WHERE id = ?", (units[unit["id"]], unit["id"]))
        if title is not None:
            definition["plan"]["title"] = title
            connection.execute("UPDATE plan SET title = ?", (title,))
        if chapters is not None:
            for measure in definition["measures"]:
                if measure["level"] == "chapter":
                    measure["title"] = chapters
            connection.execute("UPDATE measure SET title = ? WHERE level = 'chapter'", (chapters,))
        text = json.dumps(definition, ensure_ascii=False, separators=(",", ":"))
        connection.execute("UPDATE plan SET definition_json = ?, definition_hash = ?", (text, hashlib.sha256(text.encode("utf-8")).hexdigest()))
        connection.execute("UPDATE progress_entry SET entry_hash = NULL, name_key = NULL")  # keys are folded from the names when read
    with write_session(get_engine(sqlite_url(db))) as session:
        chain.seal_unchained(session)


@pytest.fixture
def hostile(runner, isolated_db: Path) -> Path:
    """A database whose stored text holds escape sequences, as one written before they were refused."""
    assert invoke(runner, "load", str(PLAN)).exit_code == 0
    assert invoke(runner, "log", "hit_research_staff", "30", "--date", "2021-06-30", "--note", "n", "--evidence", "e", "--by", "b").exit_code == 0
    assert invoke(runner, "log", "ucas_teams", "--item", "團隊", "--date", "2021-06-30", "--evidence", "e", "--by", "b").exit_code == 0
    with sqlite3.connect(isolated_db) as connection:
        connection.execute("UPDATE progress_entry SET note = ?, source = ?, recorded_by = ?", (HOSTILE, HOSTILE, HOSTILE))
        connection.execute("UPDATE progress_entry SET item_name = ? WHERE item_name IS NOT NULL", (HOSTILE,))
    as_an_older_zsplan_left_it(
        isolated_db,
        targets={"hit_research_staff": "Name" + HOSTILE, "ucas_teams": "Name" + HOSTILE},
        units={"dev_reform": "Unit" + HOSTILE},
        title="Plan" + HOSTILE,
    )
    return isolated_db


@pytest.mark.parametrize(
    "args",
    [
        ["history", "hit_research_staff"],
        ["history", "ucas_teams"],
        ["items", "ucas_teams"],
        ["status", "--as-of", "2021-06-30"],
        ["status", "--as-of", "2021-06-30", "--format", "csv"],
        ["explain", "hit_research_staff", "--as-of", "2021-06-30"],
        ["units", "--as-of", "2021-06-30"],
        ["report", "--period", "2021H1"],
        ["template", "--format", "csv", "-o", "-"],
    ],
    ids=lambda args: " ".join(args[:2]),
)
def test_stored_escape_sequences_show_escaped(runner, hostile: Path, args: list[str]) -> None:
    result = invoke(runner, *args)
    assert result.exit_code == 0, result.output
    out = result.stdout
    for raw in ("\x1b", "\x07", "\r", "\x9b", "\u202e"):
        assert raw not in out
    assert "\\x1b[2J" in out and "\\u202e" in out


def test_history_shows_every_stored_field_escaped(runner, hostile: Path) -> None:
    result = invoke(runner, "history", "hit_research_staff")
    assert result.exit_code == 0, result.output
    out = result.stdout  # the table folds long cells over lines: look for pieces of them
    assert out.count("\\x1b[2J\\x1b]8;;http://evil.invalid\\x07") == 4  # the name in the title; by, note, evidence
    assert out.count("\\x1b]8;;\\x07\\x0dX\\u009b31m\\u202eRTL") == 4
    assert "(Name\\x1b[2J" in out


@pytest.mark.parametrize("args", [["history", "hit_research_staff", "-f", "json"], ["items", "ucas_teams", "-f", "json"], ["status", "-f", "json"]])
def test_json_output_escapes_them_and_keeps_the_value(runner, hostile: Path, args: list[str]) -> None:
    result = invoke(runner, *args)
    assert result.exit_code == 0, result.output
    for raw in ("\x1b", "\x07", "\r", "\x9b", "\u202e"):
        assert raw not in result.stdout
    assert "\\u001b[2J" in result.stdout and "\\u009b" in result.stdout and "\\u202e" in result.stdout
    records = json.loads(result.stdout)["records"]
    if args[0] == "status":
        assert next(record for record in records if record["target_id"] == "hit_research_staff")["name"] == "Name" + HOSTILE
    elif args[0] == "items":
        assert records[0]["item"] == HOSTILE
    else:
        assert (records[0]["note"], records[0]["evidence"], records[0]["recorded_by"]) == (HOSTILE, HOSTILE, HOSTILE)


def test_the_export_file_escapes_them_and_restores_nothing_hostile(runner, hostile: Path, tmp_path: Path) -> None:
    export = tmp_path / "e.json"
    assert invoke(runner, "export", "-o", str(export)).exit_code == 0
    text = export.read_text(encoding="utf-8")
    assert "\u202e" not in text and "\x9b" not in text
    assert json.loads(text)["entries"][0]["note"] == HOSTILE


def test_a_terminal_table_escapes_them_too() -> None:
    import datetime as dt

    from zsplan.analysis.entries import Entry, HistoryRow
    from zsplan.render.ledger import render_history
    from zsplan.service.database import prepare_database
    from zsplan.store.db import get_engine, sqlite_url, write_session
    from zsplan.store.ledger import fetch_specs

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=400, color_system="standard", highlight=False, markup=False, emoji=False)
    engine = get_engine(sqlite_url(Path(__import__("os").environ["ZSPLAN_DB"])))
    prepare_database(engine, now=dt.datetime(2021, 7, 1, tzinfo=dt.UTC), initialise=True)
    with write_session(engine) as session:
        spec = fetch_specs(session, ids=["hit_research_staff"])[0]
    entry = Entry(
        id=1, target_id=spec.id, kind="log", value=3.0, item_id=None, item_name=None, as_of=dt.date(2021, 6, 30),
        recorded_at=dt.datetime(2021, 7, 1), recorded_by=HOSTILE, note=HOSTILE, evidence=HOSTILE, supersedes=None, reason=None,
    )  # fmt: skip
    render_history(console, spec, [HistoryRow(entry=entry, superseded_by=None)])
    text = buffer.getvalue()
    assert "\x1b[2J" not in text and "\x1b]8" not in text and "\u202e" not in text and "\x9b" not in text
    assert "\\x1b[2J" in text  # the colour codes rich adds are its own


def test_error_messages_escape_what_the_user_typed(runner, isolated_db: Path, tmp_path: Path) -> None:
    odd = tmp_path / "\x1b[31mreports\u202e.txt"
    odd.write_text("x")
    result = invoke(runner, "import", str(odd))
    assert result.exit_code == 2
    assert result.stderr == f"Error: {tmp_path}/\\x1b[31mreports\\u202e.txt: unknown sheet type .txt; give a .csv, .xlsx or .xls file\n"


# ----------------------------------------------------------------- spreadsheets: no formula from stored text

FORMULA = '=HYPERLINK("http://evil.invalid","open")'


@pytest.fixture
def formulas(runner, isolated_db: Path) -> Path:
    """Stored names that a spreadsheet would run, as a tampered or older database may hold them."""
    assert invoke(runner, "load", str(PLAN)).exit_code == 0
    as_an_older_zsplan_left_it(
        isolated_db,
        targets={"cuiheng_backbone_enterprises": FORMULA, "hit_research_staff": "+1+cmd|' /C calc'!A0"},
        units={"cuiheng": "@SUM(1+1)", "sci_tech": "-2+3"},
    )
    return isolated_db


def test_status_csv_cells_never_start_a_formula(runner, formulas: Path) -> None:
    result = invoke(runner, "status", "--format", "csv", "--as-of", "2023-01-01", "--category", "enterprise")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1].startswith('cuiheng_backbone_enterprises,"\'=HYPERLINK(""http://evil.invalid"",""open"")",')
    assert result.stdout.splitlines()[1].endswith(",-1,missed,missed,,true,cuiheng,'@SUM(1+1)")  # days left -1: a genuine number


def test_status_csv_keeps_negative_numbers_as_numbers(runner, formulas: Path) -> None:
    import csv

    result = invoke(runner, "status", "--format", "csv", "--as-of", "2023-01-01")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {row["days_left"] for row in rows} == {"-1"}
    assert next(row for row in rows if row["target_id"] == "hit_research_staff")["name"] == "'+1+cmd|' /C calc'!A0"


def test_templates_never_start_a_formula(runner, formulas: Path, tmp_path: Path) -> None:
    import csv

    from openpyxl import load_workbook

    result = invoke(runner, "template", "--format", "csv", "-o", "-")
    rows = {row["target"]: row for row in csv.DictReader(io.StringIO(result.stdout))}
    assert (rows["cuiheng_backbone_enterprises"]["name"], rows["cuiheng_backbone_enterprises"]["lead_unit"]) == ("'" + FORMULA, "'@SUM(1+1)")
    assert rows["provincial_lab"]["lead_unit"] == "'-2+3"
    path = tmp_path / "t.xlsx"
    assert invoke(runner, "template", "-o", str(path)).exit_code == 0
    sheet = load_workbook(path).active
    cells = [cell for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str) and "HYPERLINK" in cell.value]
    assert [(cell.value, cell.data_type) for cell in cells] == [("'" + FORMULA, "s")]
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)


def test_the_xlsx_report_never_starts_a_formula(runner, formulas: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "r.xlsx"
    result = invoke(runner, "report", "--period", "2021H1", "--format", "xlsx", "--lang", "en", "-o", str(path))
    assert result.exit_code == 0, result.output
    workbook = load_workbook(path)
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert not any(cell.data_type == "f" for cell in cells)
    texts = {cell.value for cell in cells if isinstance(cell.value, str)}
    assert {"'" + FORMULA, "'@SUM(1+1)", "'-2+3", "'+1+cmd|' /C calc'!A0"} <= texts
    assert not any(text.startswith(("=", "+", "@")) for text in texts)
    targets = workbook["Targets"]
    header = [cell.value for cell in targets[5]]  # under the title, period, as-of and source rows
    gaps = [row[header.index("to go")] for row in targets.iter_rows(min_row=6, values_only=True) if isinstance(row[0], int)]
    assert any(isinstance(gap, int | float) for gap in gaps)  # numbers stay numbers, never text with an apostrophe
    assert not any(isinstance(gap, str) and gap.lstrip("'").lstrip("-").isdigit() for gap in gaps)


def test_the_xlsx_report_of_stored_control_characters_is_written(runner, hostile: Path, tmp_path: Path) -> None:
    # XLSX cannot hold control characters: before they were escaped, openpyxl refused the workbook with a traceback
    from openpyxl import load_workbook

    path = tmp_path / "r.xlsx"
    result = invoke(runner, "report", "--period", "2021H1", "--format", "xlsx", "--lang", "en", "-o", str(path))
    assert result.exit_code == 0, result.output
    names = {row[2] for row in load_workbook(path)["Targets"].iter_rows(min_row=6, values_only=True)}
    assert "Name\\x1b[2J\\x1b]8;;http://evil.invalid\\x07link\\x1b]8;;\\x07\\x0dX\\u009b31m\\u202eRTL" in names


# ----------------------------------------------------------------- HTML


def test_the_html_report_escapes_markup_in_every_stored_text(runner, isolated_db: Path, tmp_path: Path) -> None:
    assert invoke(runner, "load", str(PLAN)).exit_code == 0
    script = "<script>alert(1)</script>"
    assert invoke(runner, "log", "hit_research_staff", "30", "--date", "2021-06-30", "--note", script, "--evidence", script, "--by", script).exit_code == 0
    as_an_older_zsplan_left_it(isolated_db, targets={"hit_research_staff": script + '"onload="x'}, units={"dev_reform": script}, title=script, chapters=script)
    path = tmp_path / "r.html"
    result = invoke(runner, "report", "--period", "2021H1", "--format", "html", "-o", str(path))
    assert result.exit_code == 0, result.output
    page = path.read_text(encoding="utf-8")
    outside_text = re.sub(r"<text[^>]*>[^<]*</text>", "", page)  # a quote inside an SVG text node is text, not an attribute
    assert "<script" not in page and "onload=" not in outside_text.replace("&quot;onload=&quot;", "")
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 4  # title, chapter headings, target and unit names
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot;onload=&quot;x" in page


def test_json_bytes_escapes_what_its_pattern_escapes_whether_or_not_the_quick_check_passes() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from zsplan.render.safe import _JSON_UNSAFE, _json_escaped, json_bytes

    assert json_bytes("中山—“園”\u202e\x7f\u0085".encode()) == "中山—“園”".encode() + b"\\u202e\\u007f\\u0085"
    assert json_bytes("中山市科技局".encode()) == "中山市科技局".encode()

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
    def same(text: str) -> None:
        chunk = text.encode("utf-8")
        assert json_bytes(chunk) == _JSON_UNSAFE.sub(_json_escaped, chunk)

    same()
