"""Nil reports (本期無新增): a target reported with nothing new counts as reported and keeps what it had."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import settled_bytes
from zsplan.cli import app


def invoke(runner, *args: str):
    return runner.invoke(app, list(args))


def record(runner, target: str, as_of: str = "2021-06-30") -> dict:
    rows = json.loads(invoke(runner, "status", "--as-of", as_of, "-f", "json").stdout)["records"]
    return next(row for row in rows if row["target_id"] == target)


def test_a_nil_report_keeps_a_stock_level_and_counts_as_reported(runner, loaded: Path) -> None:
    assert invoke(runner, "log", "hit_research_staff", "32", "--date", "2021-03-31").exit_code == 0
    result = invoke(runner, "log", "hit_research_staff", "--nil", "--date", "2021-06-30")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == "standing as of 2021-06-30: achieved 32 / target ≥50人, gap 18, 64%, status on_track"
    row = record(runner, "hit_research_staff")
    # the level stays 32 (a nil report is not a level of 0); two reports, the last on 2021-06-30
    assert (row["achieved"], row["entries"], row["last_reported"]) == (32, 2, "2021-06-30")
    history = json.loads(invoke(runner, "history", "hit_research_staff", "-f", "json").stdout)["records"]
    assert [(entry["kind"], entry["value"]) for entry in history] == [("log", 32), ("nil", None)]


def test_a_nil_report_adds_nothing_to_a_flow_target(runner, loaded: Path) -> None:
    assert invoke(runner, "log", "fudan_researchers", "10", "--date", "2021-03-31").exit_code == 0
    assert invoke(runner, "log", "fudan_researchers", "--nil", "--date", "2021-06-30").exit_code == 0
    row = record(runner, "fudan_researchers")
    assert (row["achieved"], row["entries"], row["last_reported"]) == (10, 2, "2021-06-30")


def test_a_nil_report_alone_is_not_no_data_and_not_stale(runner, loaded: Path) -> None:
    # provincial_lab: 1 by 2022-12-31 (inferred); as of 2021-06-30, 639/1188 of the time has passed, 0 < 0.54 expected
    assert invoke(runner, "log", "provincial_lab", "--nil", "--date", "2021-06-30").exit_code == 0
    row = record(runner, "provincial_lab")
    assert (row["achieved"], row["status"], row["entries"], row["stale"]) == (0, "behind", 1, False)
    # 180 days later it is stale again: a nil report is a report, and reports age
    assert record(runner, "provincial_lab", "2021-12-28")["stale"] is True


def test_a_nil_report_leaves_a_milestone_done(runner, loaded: Path) -> None:
    assert invoke(runner, "log", "second_prai_conference", "--date", "2020-11-30").exit_code == 0
    assert invoke(runner, "log", "second_prai_conference", "--nil", "--date", "2021-06-30").exit_code == 0
    assert record(runner, "second_prai_conference")["status"] == "met"


def test_zero_for_an_items_target_points_to_nil_and_writes_nothing(runner, loaded: Path) -> None:
    before = settled_bytes(loaded)
    result = invoke(runner, "log", "provincial_lab", "0", "--date", "2021-06-30")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: 'provincial_lab' is tracked by named items and 0 is not an item; to report nothing new this period, "
        "send a nil report (log --nil, or nil in a sheet's value column)\n"
    )
    result = invoke(runner, "log", "hit_research_staff", "5", "--nil", "--date", "2021-06-30")
    assert result.exit_code == 2
    assert result.stderr == "Error: a nil report says nothing new for 'hit_research_staff'; leave the value out (a level of 0 is a figure, not a nil report)\n"
    assert settled_bytes(loaded) == before


def test_a_sheet_row_says_nil_in_its_value_column(runner, loaded: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "h1.csv"
    sheet.write_text(
        "target,date,value,item\nhit_research_staff,2021-03-31,32,\nhit_research_staff,2021-06-30,無新增,\nprovincial_lab,2021-06-30,NIL,\nfudan_researchers,2021-06-30,无新增,\n",
        encoding="utf-8",
    )
    result = invoke(runner, "import", str(sheet))
    assert result.exit_code == 0, result.output
    assert (record(runner, "hit_research_staff")["achieved"], record(runner, "provincial_lab")["entries"]) == (32, 1)
    assert record(runner, "fudan_researchers")["status"] == "behind"


def test_a_zero_row_for_an_items_target_is_refused_with_the_nil_hint(runner, loaded: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "h1.csv"
    sheet.write_text("target,date,value\nprovincial_lab,2021-06-30,0\n", encoding="utf-8")
    before = settled_bytes(loaded)
    result = invoke(runner, "import", str(sheet))
    assert result.exit_code == 1
    assert "row 2, column value: 'provincial_lab' is tracked by named items and 0 is not an item; to report nothing new this period" in result.stderr
    assert settled_bytes(loaded) == before


def test_a_nil_report_cannot_be_corrected_into_a_figure(runner, loaded: Path) -> None:
    assert invoke(runner, "log", "hit_research_staff", "--nil", "--date", "2021-06-30").exit_code == 0
    before = settled_bytes(loaded)
    result = invoke(runner, "correct", "1", "30", "--reason", "typo")
    assert result.exit_code == 2
    assert result.stderr == "Error: entry #1 is a nil report (nothing new); retract it and log the figure instead\n"
    assert settled_bytes(loaded) == before
