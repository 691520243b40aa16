"""The example plan under examples/: a labelled excerpt of a real plan with shares, amounts and a 左右 target."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import ROOT
from zsplan.cli import app
from zsplan.plan.validate import check_plan_file

EXAMPLE = ROOT / "examples" / "cn-14th-fyp-sti.yaml"


def test_the_example_plan_validates_and_traces_to_its_source_text() -> None:
    result = check_plan_file(EXAMPLE)
    assert result.problems == []
    plan = result.plan
    assert [(target.id, target.unit, getattr(target, "value", None)) for target in plan.targets] == [
        ("rd_growth", "%", 7),
        ("high_value_patents", "件", 12),
        ("digital_core_share", "%", 10),
        ("basic_research_share", "%", 8),
        ("basic_research_2025", "亿元", 2800),
    ]
    assert plan.plan.vision is None and plan.units == []


def _status(runner, as_of: str) -> dict[str, dict]:
    result = runner.invoke(app, ["status", "--as-of", as_of, "--format", "json"])
    assert result.exit_code == 0, result.output
    return {record["target_id"]: record for record in json.loads(result.stdout)["records"]}


def test_the_example_plan_loads_and_judges_shares_and_an_approximate_amount(runner, tmp_path: Path) -> None:
    loaded = runner.invoke(app, ["load", str(EXAMPLE)])
    assert loaded.exit_code == 0, loaded.output
    for target, value, day in (
        ("basic_research_share", "8.02", "2025-12-31"),
        ("digital_core_share", "9.9", "2025-12-31"),
        ("basic_research_2025", "1400.25", "2025-06-30"),
        ("basic_research_2025", "1399.25", "2025-12-31"),
    ):
        result = runner.invoke(app, ["log", target, value, "--date", day])
        assert result.exit_code == 0, result.output
    records = _status(runner, "2025-12-31")
    assert {target: record["status"] for target, record in records.items()} == {
        "rd_growth": "missed",
        "high_value_patents": "missed",
        "digital_core_share": "missed",
        "basic_research_share": "met",
        "basic_research_2025": "met",  # 1400.25 + 1399.25 = 2799.5: 2800亿元左右 within the default tolerance 0.5
    }
    assert records["basic_research_2025"]["achieved"] == 2799.5
    assert runner.invoke(app, ["correct", "4", "1399.15", "--reason", "决算数"]).exit_code == 0
    assert _status(runner, "2025-12-31")["basic_research_2025"]["status"] == "missed"  # 2799.4 < 2799.5
    explained = runner.invoke(app, ["explain", "basic_research_2025", "--as-of", "2025-12-31"])
    assert "2800亿元左右 is reached at 2799.5 or more (tolerance 0.5" in explained.stdout
    assert "2799.4doesnotreachit" in "".join(explained.stdout.split())  # the table may wrap the line
