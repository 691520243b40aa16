"""Aliases: an achievement carries the plan's checklist item and the name it was realised under; either name finds it."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import settled_bytes
from zsplan.cli import app


def invoke(runner, *args: str):
    return runner.invoke(app, list(args))


def test_either_name_finds_the_achievement(runner, loaded: Path) -> None:
    result = invoke(runner, "log", "drug_institute_five_ones", "--item", "public_platform", "--as", "中山藥物創新公共技術服務平台", "--date", "2021-03-01")
    assert result.exit_code == 0, result.output
    for name in ("public_platform", "公共技術平台", "中山药物创新公共技术服务平台"):
        items = json.loads(invoke(runner, "items", "drug_institute_five_ones", "--item", name, "-f", "json").stdout)["records"]
        assert [(row["id"], row["item"], row["realised_as"]) for row in items] == [(1, "公共技術平台", "中山藥物創新公共技術服務平台")], name
        history = json.loads(invoke(runner, "history", "drug_institute_five_ones", "--item", name, "-f", "json").stdout)["records"]
        assert [row["id"] for row in history] == [1], name
    assert json.loads(invoke(runner, "items", "drug_institute_five_ones", "--item", "industrial_park", "-f", "json").stdout)["records"] == []
    table = invoke(runner, "items", "drug_institute_five_ones").stdout
    assert "公共技術平台 (as 中山藥物創新公共技術服務平台)" in table


def test_a_realised_as_name_counts_once(runner, loaded: Path) -> None:
    assert invoke(runner, "log", "torch_national_incubators", "--item", "甲孵化器", "--as", "中山甲創新園", "--date", "2020-12-01").exit_code == 0
    before = settled_bytes(loaded)
    result = invoke(runner, "log", "torch_national_incubators", "--item", "中山甲创新园", "--date", "2021-03-01")
    assert result.exit_code == 2
    assert (
        result.stderr == "Error: '甲孵化器' of 'torch_national_incubators' already has that name (entry #1, realised as '中山甲創新園'); an item counts once\n"
    )
    result = invoke(runner, "log", "hit_research_staff", "3", "--as", "x")
    assert (result.exit_code, result.stderr) == (2, "Error: --as names an achievement; 'hit_research_staff' takes a value\n")
    assert settled_bytes(loaded) == before


def test_a_correction_keeps_the_realised_as_name(runner, loaded: Path) -> None:
    assert invoke(runner, "log", "drug_institute_five_ones", "--item", "public_platform", "--as", "中山平台", "--date", "2021-03-01").exit_code == 0
    assert invoke(runner, "correct", "1", "--date", "2021-03-02", "--reason", "date of the approval").exit_code == 0
    items = json.loads(invoke(runner, "items", "drug_institute_five_ones", "-f", "json").stdout)["records"]
    assert [(row["id"], row["realised_as"], row["as_of"]) for row in items] == [(2, "中山平台", "2021-03-02")]
