"""Duplicate imports: rows already in the ledger, the same file twice, and cumulative levels for flow targets."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

from conftest import settled_bytes
from zsplan.cli import app


def invoke(runner, *args: str):
    return runner.invoke(app, list(args))


def sheet(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def achieved(runner, target: str, as_of: str = "2021-06-30") -> float:
    rows = json.loads(invoke(runner, "status", "--as-of", as_of, "-f", "json").stdout)["records"]
    return next(row for row in rows if row["target_id"] == target)["achieved"]


def test_the_same_file_twice_is_refused_naming_when_it_was_imported(runner, loaded: Path, tmp_path: Path) -> None:
    first = sheet(tmp_path / "h1.csv", "target,date,value\nhit_research_staff,2021-03-31,32\nfudan_researchers,2021-03-31,10\n")
    assert invoke(runner, "import", str(first), "--by", "火炬區科技局").exit_code == 0
    with sqlite3.connect(loaded) as connection:
        (imported_at,) = connection.execute("SELECT imported_at FROM imported_file").fetchone()
    before = settled_bytes(loaded)
    again = tmp_path / "copy.csv"
    again.write_bytes(first.read_bytes())  # another name, the same bytes
    result = invoke(runner, "import", str(again), "--by", "火炬區科技局")
    assert result.exit_code == 1
    assert result.stderr == (
        "give --allow-duplicates to import it again\n"
        f"Error: {again}: this file was already imported on {imported_at[:19]} UTC by 火炬區科技局 (as h1.csv: entries #1–#2); nothing was imported\n"
    )
    assert settled_bytes(loaded) == before
    assert achieved(runner, "fudan_researchers") == 10


def test_rows_already_in_the_ledger_are_refused_unless_allowed(runner, loaded: Path, tmp_path: Path) -> None:
    assert invoke(runner, "log", "fudan_researchers", "10", "--date", "2021-03-31", "--by", "u1").exit_code == 0
    assert invoke(runner, "log", "hit_research_staff", "--nil", "--date", "2021-03-31", "--by", "u1").exit_code == 0
    resent = sheet(
        tmp_path / "resent.csv",
        "target,date,value,by\nfudan_researchers,2021-03-31,10,u1\nhit_research_staff,2021-03-31,nil,u1\n"
        "fudan_researchers,2021-03-31,10,u2\nfudan_researchers,2021-03-31,11,u1\n",
    )
    before = settled_bytes(loaded)
    result = invoke(runner, "import", str(resent))
    assert result.exit_code == 1
    assert result.stderr == (
        "row 2: fudan_researchers 10 as of 2021-03-31 by u1 is already in the ledger (entry #1); give --allow-duplicates to record it again\n"
        "row 3: hit_research_staff nil as of 2021-03-31 by u1 is already in the ledger (entry #2); give --allow-duplicates to record it again\n"
        f"Error: {resent}: 2 bad rows; nothing was imported\n"
    )
    assert settled_bytes(loaded) == before
    # another unit's 10, and another figure, are not duplicates; with --allow-duplicates all four are recorded
    result = invoke(runner, "import", str(resent), "--allow-duplicates")
    assert result.exit_code == 0, result.output
    assert achieved(runner, "fudan_researchers") == 10 + 10 + 10 + 11


def test_a_cumulative_level_for_a_flow_target_is_recorded_as_the_increment(runner, loaded: Path, tmp_path: Path) -> None:
    # fudan_researchers: 引進研發人才累計60人, a flow target (each report adds); 10 logged, then the sheet says 累計 25, then 累計 40
    assert invoke(runner, "log", "fudan_researchers", "10", "--date", "2021-03-31").exit_code == 0
    rows = sheet(
        tmp_path / "h1.csv",
        "target,date,value,basis\nfudan_researchers,2021-06-30,25,累計\nfudan_researchers,2021-09-30,40,cumulative\nfudan_researchers,2021-10-31,2,本期新增\n",
    )
    assert invoke(runner, "import", str(rows)).exit_code == 0
    history = json.loads(invoke(runner, "history", "fudan_researchers", "-f", "json").stdout)["records"]
    assert [row["value"] for row in history] == [10, 15, 15, 2]
    assert (achieved(runner, "fudan_researchers"), achieved(runner, "fudan_researchers", "2021-10-31")) == (25, 42)


def test_a_cumulative_level_that_goes_down_is_refused(runner, loaded: Path, tmp_path: Path) -> None:
    assert invoke(runner, "log", "fudan_researchers", "30", "--date", "2021-03-31").exit_code == 0
    rows = sheet(
        tmp_path / "h1.csv",
        "target,date,value,basis\nfudan_researchers,2021-06-30,25,累計\nhit_research_staff,2021-06-30,3,本期新增\nhit_research_staff,2021-06-30,3,total\n",
    )
    before = settled_bytes(loaded)
    result = invoke(runner, "import", str(rows))
    assert result.exit_code == 1
    assert result.stderr == (
        "row 2, column value: the cumulative level 25 is below the 30 人 already achieved as of 2021-06-30 for 'fudan_researchers'; "
        "a cumulative total cannot go down (correct the earlier entry if it was wrong)\n"
        "row 3, column basis: 'hit_research_staff' is a level (stock): write the level reached as of the date with basis 累計, not an increment\n"
        "row 4, column basis: 'total' is not a basis; write 累計 (cumulative: the level reached) or 本期新增 (increment since the last report)\n"
        f"Error: {rows}: 3 bad rows; nothing was imported\n"
    )
    assert settled_bytes(loaded) == before


def test_the_template_says_increment_or_cumulative_per_value_target(runner, loaded: Path) -> None:
    result = invoke(runner, "template", "--format", "csv", "-o", "-")
    assert result.exit_code == 0, result.output
    rows = {row["target"]: row for row in csv.DictReader(io.StringIO(result.stdout))}
    assert list(rows["hit_research_staff"])[7:9] == ["how_to_fill", "basis"]
    assert (rows["hit_research_staff"]["basis"], rows["hit_research_staff"]["how_to_fill"]) == ("累計", "value: the level reached as of the date (累計, 人)")
    # the plan says 引進研發人才累計60人: the template asks for the cumulative total
    assert rows["fudan_researchers"]["basis"] == "累計"
    assert (rows["hit_academicians"]["basis"], rows["hit_academicians"]["how_to_fill"]) == (
        "本期新增",
        "value: the increment since the last report (本期新增, 名); or the level with basis 累計",
    )
    assert rows["torch_national_incubators"]["basis"] == ""


def test_a_filled_template_imports_as_it_says(runner, loaded: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    assert invoke(runner, "template", "-o", str(out)).exit_code == 0
    from openpyxl import load_workbook

    workbook = load_workbook(out)
    assert workbook.sheetnames == ["progress", "填報說明"]
    assert "本期新增 (increment)" in workbook["填報說明"]["A2"].value
    sheet_ = workbook["progress"]
    header = [cell.value for cell in sheet_[1]]
    for row in sheet_.iter_rows(min_row=2):
        if row[0].value == "fudan_researchers":
            row[header.index("value")].value = 12
            row[header.index("date")].value = "2021-06-30"
    workbook.save(out)
    result = invoke(runner, "import", str(out))
    assert result.exit_code == 0, result.output
    assert achieved(runner, "fudan_researchers") == 12
