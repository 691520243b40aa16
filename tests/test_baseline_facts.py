"""Baseline facts: what stood before the plan is recorded as such, and each target says whether it counts.

The rules are docs/method.md, "Baseline facts". The plan (issued 2019-09-30) states no
baseline; a zone may already have had national incubators when it was issued. Such a
fact is recorded with its own date (never moved to the issue date) and its evidence; a
target that counts the total (存量, ``counts: total``) counts it, one that counts only
what is new (新增, ``counts: new``) does not.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from conftest import settled_bytes, write_plan
from zsplan.analysis.assessment import assess_target
from zsplan.analysis.standing import ProgressFacts, Status, TargetSpec, assess, deadline_facts
from zsplan.cli import app
from zsplan.plan.validate import check_plan_file
from zsplan.render.explain import explanation_lines

BASE = dt.date(2019, 9, 30)
DEADLINE = dt.date(2022, 12, 31)
MID_2021 = dt.date(2021, 6, 30)


def spec(**overrides) -> TargetSpec:
    fields = {
        "id": "t",
        "name": "t",
        "kind": "number",
        "category": "incubator",
        "unit": "家",
        "comparator": "at_least",
        "deadline": DEADLINE,
        "baseline_value": 0.0,
        "baseline_date": BASE,
        "progress": "stock",
        "mode": "items",
        "value": 4.0,
    }
    return TargetSpec(**{**fields, **overrides})


# --------------------------------------------------------------------------- the analysis


def test_a_checklist_baseline_counts_as_items_done() -> None:
    # the "五個一" with one of its five delivered before the plan (baseline 1): achieved 1, not 0
    five = spec(kind="checklist", items=tuple((f"i{n}", f"item {n}") for n in range(5)), progress="flow", baseline_value=1.0, value=None)
    assert assess(five, ProgressFacts(), MID_2021).achieved == 1
    assert assess(five, ProgressFacts(entries=1, items_done=frozenset({"i2"})), MID_2021).achieved == 2
    # never more than every item
    four_done = ProgressFacts(entries=4, items_done=frozenset({"i0", "i1", "i2", "i3"}))
    assert assess(five, four_done, MID_2021).achieved == 5
    lines = dict(explanation_lines(assess_target(assess(five, ProgressFacts(), MID_2021), [], stale_days=180), 180))
    assert lines["achieved"] == "1   (baseline 1 + 0 distinct item(s) (at most every item))"


def test_baseline_facts_count_for_a_target_that_counts_the_total() -> None:
    # 建成國家級科技企業孵化器4家 read as the total: 4 incubators recognised in 2018 meet it at baseline
    torch = spec(counts="total")
    before = ProgressFacts(entries=4, last_as_of=dt.date(2018, 12, 1), item_count=4)
    facts = ProgressFacts(entries=4, last_as_of=dt.date(2018, 12, 1), item_count=4, before_baseline=before)
    standing = assess(torch, facts, MID_2021)
    assert (standing.status, standing.achieved, standing.baseline_entries, standing.achieved_at_baseline, standing.met_at_baseline) == (
        Status.MET,
        4,
        4,
        4,
        True,
    )
    # read as 新增 (counts: new), the same four are no new incubator: 0 < 2.15 expected by now
    as_new = assess(spec(counts="new"), facts, MID_2021)
    assert (as_new.status, as_new.achieved, as_new.expected, as_new.met_at_baseline) == (Status.BEHIND, 0, pytest.approx(4 * 639 / 1188), False)
    # one more after the plan: met, and still met at baseline (what stood then met it)
    later = ProgressFacts(entries=5, last_as_of=dt.date(2020, 6, 30), item_count=5, before_baseline=before)
    assert assess(torch, later, MID_2021).met_at_baseline is True
    # two before, two after: met, but not at baseline
    half = ProgressFacts(entries=2, last_as_of=dt.date(2018, 12, 1), item_count=2)
    mixed = assess(torch, ProgressFacts(entries=4, last_as_of=dt.date(2021, 1, 1), item_count=4, before_baseline=half), MID_2021)
    assert (mixed.status, mixed.achieved_at_baseline, mixed.met_at_baseline) == (Status.MET, 2, False)


def test_baseline_facts_do_not_count_for_a_target_that_counts_only_what_is_new() -> None:
    # 引進50個以上創新團隊: a team there before the plan was not brought in under it
    teams = spec(counts="new", progress="flow", value=50.0)
    before = ProgressFacts(entries=1, last_as_of=dt.date(2019, 1, 1), item_count=1)
    facts = ProgressFacts(entries=3, last_as_of=dt.date(2021, 3, 1), item_count=3, before_baseline=before)
    standing = assess(teams, facts, MID_2021)
    assert (standing.achieved, standing.baseline_entries, standing.met_at_baseline) == (2, 1, False)
    # expected by now starts from 0: 50 × 639/1188
    assert standing.expected == pytest.approx(50 * 639 / 1188)


def test_a_level_that_counts_only_what_is_new_counts_what_it_adds_to_the_level_at_the_baseline() -> None:
    staff = spec(counts="new", mode="value", progress="stock", value=50.0)
    before = ProgressFacts(entries=1, last_as_of=dt.date(2019, 6, 30), latest=20.0)
    assert assess(staff, ProgressFacts(entries=2, last_as_of=MID_2021, latest=32.0, before_baseline=before), MID_2021).achieved == 12
    assert assess(staff, ProgressFacts(entries=1, last_as_of=dt.date(2019, 6, 30), latest=20.0, before_baseline=before), MID_2021).achieved == 0
    # a value target counted by increments
    flow = spec(counts="new", mode="value", progress="flow", value=60.0)
    old = ProgressFacts(entries=1, total=8.0)
    assert assess(flow, ProgressFacts(entries=3, total=30.0, before_baseline=old), MID_2021).achieved == 22


def test_a_per_year_target_that_counts_what_is_new_leaves_baseline_facts_out_of_its_first_year() -> None:
    # 力爭每年新增1家省級以上工程實驗室 (counts: new): a laboratory of May 2019 is no 2020 addition
    labs = spec(kind="per_year", per_year=1.0, years=(2020, 2021, 2022), value=None, counts="new", progress="flow")
    before = ProgressFacts(entries=1, last_as_of=dt.date(2019, 5, 1), by_year={2019: 1.0}, item_count=1)
    facts = ProgressFacts(entries=1, last_as_of=dt.date(2019, 5, 1), by_year={2019: 1.0}, item_count=1, before_baseline=before)
    standing = assess(labs, facts, dt.date(2021, 1, 1))
    assert (standing.achieved, standing.years[0].achieved, standing.years[0].status, standing.status) == (0, 0, Status.MISSED, Status.MISSED)
    # counted as the total, the same laboratory is 2020's (reports before the first year count towards it)
    assert (
        assess(spec(kind="per_year", per_year=1.0, years=(2020, 2021, 2022), value=None, progress="flow"), facts, dt.date(2021, 1, 1)).years[0].status
        is Status.MET
    )


def test_the_deadline_verdict_leaves_baseline_facts_out_too() -> None:
    teams = spec(counts="new", progress="flow", value=2.0)
    before = ProgressFacts(entries=1, last_as_of=dt.date(2019, 1, 1), item_count=1)
    at_deadline = ProgressFacts(entries=2, last_as_of=dt.date(2022, 6, 1), item_count=2)  # as the store gives it: no before_baseline
    facts = ProgressFacts(entries=3, last_as_of=dt.date(2023, 3, 1), item_count=3, at_deadline=at_deadline, before_baseline=before)
    assert deadline_facts(teams, facts, dt.date(2024, 12, 31)).before_baseline == before
    standing = assess(teams, facts, dt.date(2024, 12, 31))
    # 1 new by the deadline (of 2), 2 new by 2024: missed, completed late
    assert (standing.status, standing.achieved_at_deadline, standing.achieved, standing.completed_late) == (Status.MISSED, 1, 2, True)


def test_a_target_the_plan_file_says_is_met_at_baseline_is_met_without_a_report() -> None:
    met = spec(baseline_value=4.0, met_at_baseline=True)
    for as_of in (MID_2021, DEADLINE, dt.date(2024, 12, 31)):
        standing = assess(met, ProgressFacts(), as_of)
        assert (standing.status, standing.unreported, standing.met_at_baseline) == (Status.MET, False, True), as_of
    # without met_at_baseline the same baseline is a figure no one reported
    assert assess(spec(baseline_value=4.0), ProgressFacts(), MID_2021).status is Status.NO_DATA


# --------------------------------------------------------------------------- the plan file

GOOD = """
plan:
  id: mini
  title: 測試計劃
  issuer: 中山市人民政府
  issued: 2019-09-30
  source_url: "http://example.invalid/plan"
  source_file: plan-source.txt
  horizon: {start: 2019-09-30, end: 2022-12-31}
  vision: {year: 2035, text: 遠景}
units:
  - {id: torch, name: 火炬開發區, name_en: Torch Zone}
measures:
  - {id: c4, level: chapter, number: 四, title: 完善孵化育成體系}
  - {id: c4.2, parent: c4, level: section, number: (二), title: 打造創新創業升級版}
  - {id: c4.2.1, parent: c4.2, level: measure, number: "1.", title: 推動雙創基地建設, units: [torch]}
targets:
  - id: incubators
    name: 國家級科技企業孵化器
    measure: c4.2.1
    category: incubator
    unit: 家
    kind: number
    mode: items
    comparator: at_least
    value: 4
    deadline: 2022-12-31
    baseline: {value: 4, date: 2019-09-30}
    progress: stock
    strength: expected
    source_text: "火炬開發區國家級雙創示範基地:到2022年建成國家級科技企業孵化器4家。"
"""


def problems_of(tmp_path: Path, text: str) -> list[str]:
    return [problem.format() for problem in check_plan_file(write_plan(tmp_path, text), "plan.yaml").problems]


def test_a_baseline_that_meets_the_target_is_valid_only_when_the_file_says_so(tmp_path: Path) -> None:
    assert problems_of(tmp_path, GOOD) == [
        (
            "plan.yaml:27:16: [baseline-met] baseline 4 already meets the target; "
            "if the plan asks for what was already there, add 'met_at_baseline: true', else fix the baseline"
        )
    ]
    assert problems_of(tmp_path, GOOD.replace("    strength: expected\n", "    strength: expected\n    met_at_baseline: true\n")) == []


def test_what_counts_and_met_at_baseline_must_agree(tmp_path: Path) -> None:
    new_and_met = GOOD.replace("    strength: expected\n", "    strength: expected\n    counts: new\n    met_at_baseline: true\n")
    assert problems_of(tmp_path, new_and_met) == [
        "plan.yaml:31:5: [baseline-met] a target that counts only what is new (counts: new) cannot be met at baseline; remove one of them"
    ]
    not_met = GOOD.replace("baseline: {value: 4,", "baseline: {value: 1,").replace(
        "    strength: expected\n", "    strength: expected\n    met_at_baseline: true\n"
    )
    assert problems_of(tmp_path, not_met) == [
        "plan.yaml:30:5: [baseline-met] met_at_baseline is true but baseline 1 does not meet the target; fix the baseline or remove it"
    ]
    unexplained = GOOD.replace("baseline: {value: 4,", "baseline: {value: 0,").replace(
        "    strength: expected\n", "    strength: expected\n    counts_ambiguous: true\n"
    )
    assert problems_of(tmp_path, unexplained) == [
        (
            "plan.yaml:30:5: [counts-note] an ambiguous reading needs 'counts: total' or 'counts: new' (the reading used) "
            "and 'counts_note' (why, and the other reading)"
        )
    ]
    bad_reading = GOOD.replace("    strength: expected\n", "    strength: expected\n    counts: stock\n")
    assert any("[schema] counts: 'stock' is not allowed; use 'total' or 'new'" in problem for problem in problems_of(tmp_path, bad_reading))


# --------------------------------------------------------------------------- the command line


def invoke(runner, *args: str):
    return runner.invoke(app, list(args))


def status_of(runner, target_id: str, as_of: str) -> dict:
    rows = json.loads(invoke(runner, "status", "--as-of", as_of, "-f", "json").stdout)["records"]
    return next(row for row in rows if row["target_id"] == target_id)


def test_a_fact_before_the_plan_needs_its_evidence_and_nothing_is_written_without(runner, loaded: Path) -> None:
    before = settled_bytes(loaded)
    result = invoke(runner, "log", "torch_national_incubators", "--item", "中山火炬創新創業園", "--date", "2018-05-01")
    assert (result.exit_code, result.stderr) == (
        2,
        (
            "Error: date 2018-05-01 is before the baseline date 2019-09-30 of 'torch_national_incubators': it is recorded as a baseline fact, "
            "which needs its evidence; give --evidence (the document that shows it)\n"
        ),
    )
    assert settled_bytes(loaded) == before


INCUBATORS_2018 = ["中山火炬創新創業園", "中山健康科技產業基地孵化器", "中山翠亨新區科創孵化器", "中山市大學生創業孵化基地"]


def test_a_zone_that_met_its_target_before_the_plan_reads_met_at_baseline(runner, loaded: Path) -> None:
    # 專欄4: 到2022年建成國家級科技企業孵化器4家; the zone had four recognised in 2018 (the case of the issue)
    for name in INCUBATORS_2018:
        result = invoke(runner, "log", "torch_national_incubators", "--item", name, "--date", "2018-12-01", "--evidence", "國科發區〔2018〕1號")
        assert result.exit_code == 0, result.output
    row = status_of(runner, "torch_national_incubators", "2021-06-30")
    assert {key: row[key] for key in ("status", "achieved", "counts", "counts_ambiguous", "baseline_facts", "achieved_at_baseline", "met_at_baseline")} == {
        "status": "met",
        "achieved": 4,
        "counts": "total",
        "counts_ambiguous": True,
        "baseline_facts": 4,
        "achieved_at_baseline": 4,
        "met_at_baseline": True,
    }
    # the dates are the facts' own: not moved to the plan's issue date
    history = json.loads(invoke(runner, "history", "torch_national_incubators", "-f", "json").stdout)["records"]
    assert {(record["as_of"], record["baseline_fact"]) for record in history} == {("2018-12-01", True)}
    table = invoke(runner, "history", "torch_national_incubators").stdout
    assert table.count("baseline fact (counts)") == 4
    explained = invoke(runner, "explain", "torch_national_incubators", "--as-of", "2021-06-30").stdout
    assert "met at baseline (基期已達標)" in explained
    assert "baseline facts     4 entries dated before 2019-09-30 (counted); what stood at the baseline: 4" in explained
    assert "ambiguous          the plan's sentence reads either way: 建成…4家" in explained
    report = invoke(runner, "report", "--period", "2021H1", "--lang", "zh").stdout
    assert "基期已達標的指標1項（計劃印發前已達到目標）：火炬開發區國家級科技企業孵化器。" in report
    assert "統計口徑待明確的指標7項（原文可理解為存量或新增）：" in report


def test_a_team_there_before_the_plan_does_not_count_as_introduced(runner, loaded: Path) -> None:
    # 引進50個以上創新團隊 counts only what is new (counts: new)
    assert invoke(runner, "log", "ucas_teams", "--item", "甲團隊", "--date", "2019-03-01", "--evidence", "中科院大學函〔2019〕3號").exit_code == 0
    assert invoke(runner, "log", "ucas_teams", "--item", "乙團隊", "--date", "2020-03-01").exit_code == 0
    row = status_of(runner, "ucas_teams", "2021-06-30")
    assert (row["achieved"], row["counts"], row["baseline_facts"], row["achieved_at_baseline"], row["met_at_baseline"]) == (1, "new", 1, 1, False)
    assert "baseline fact (not counted: counts new)" in invoke(runner, "history", "ucas_teams").stdout
    # the same team cannot be recorded again as new: an item counts once
    again = invoke(runner, "log", "ucas_teams", "--item", "甲團隊", "--date", "2020-06-30")
    assert (again.exit_code, again.stderr) == (
        2,
        "Error: item '甲團隊' of 'ucas_teams' is already recorded (entry #1, as of 2019-03-01); an item counts once\n",
    )


def test_a_checklist_item_done_before_the_plan_is_done_and_keeps_its_date(runner, loaded: Path) -> None:
    # 力爭到2022年完成“五個一”: the institute itself was set up before the plan
    result = invoke(runner, "log", "drug_institute_five_ones", "--item", "institute", "--date", "2019-06-01", "--evidence", "中山府函〔2019〕100號")
    assert result.exit_code == 0, result.output
    row = status_of(runner, "drug_institute_five_ones", "2021-06-30")
    assert (row["achieved"], row["baseline_facts"], [item["done"] for item in row["items"]]) == (1, 1, [True, False, False, False, False])
    items = invoke(runner, "items", "drug_institute_five_ones").stdout
    assert "2019-06-01 (baseline fact)" in items
