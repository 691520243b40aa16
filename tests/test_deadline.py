"""The deadline verdict end to end on in-memory data: explain and reports with late completions.

The ledger's side of the rule (``ProgressFacts.at_deadline`` and ``after_deadline``)
is built here by hand, as the store is to fill it in (docs/method.md, "The deadline").
"""

from __future__ import annotations

import datetime as dt

from zsplan.analysis.assessment import assess_target
from zsplan.analysis.standing import ProgressFacts, Status, TargetSpec, UnitRef, assess
from zsplan.render.explain import explanation_lines

BASE = dt.date(2019, 9, 30)
DEADLINE = dt.date(2022, 12, 31)
FOURTH = dt.date(2023, 3, 1)  # 60 days after the deadline
LEAD = UnitRef("dev_reform", "市發展改革局", "lead")


def torch() -> TargetSpec:
    return TargetSpec(
        id="torch_national_incubators",
        name="火炬開發區國家級科技企業孵化器",
        kind="number",
        category="incubator",
        unit="家",
        comparator="at_least",
        deadline=DEADLINE,
        baseline_value=0.0,
        baseline_date=BASE,
        progress="stock",
        mode="items",
        value=4.0,
        units=(LEAD,),
        chapter=("ch4", "四", "完善孵化育成體系,打造創新創業升級版"),
        source_text="火炬開發區國家級雙創示範基地:到2022年建成國家級科技企業孵化器4家。",
    )


#: (date, sum of values, last value) per report date: three incubators by mid-2021, the fourth in 2023
TORCH_ROWS = [(dt.date(2020, 6, 30), 1.0, 1.0), (dt.date(2020, 12, 31), 1.0, 1.0), (dt.date(2021, 6, 30), 1.0, 1.0), (FOURTH, 1.0, 1.0)]


def torch_facts(as_of: dt.date) -> ProgressFacts:
    """What the store passes for the Torch zone as of ``as_of``: the as-of aggregates, and the deadline's once past it."""
    rows = [row for row in TORCH_ROWS if row[0] <= as_of]
    facts = ProgressFacts(entries=len(rows), last_as_of=rows[-1][0], item_count=len(rows))
    if as_of <= DEADLINE:
        return facts
    by_deadline = [row for row in rows if row[0] <= DEADLINE]
    return ProgressFacts(
        entries=facts.entries,
        last_as_of=facts.last_as_of,
        item_count=facts.item_count,
        at_deadline=ProgressFacts(entries=len(by_deadline), last_as_of=by_deadline[-1][0], item_count=len(by_deadline)),
        after_deadline=tuple(row for row in rows if row[0] > DEADLINE),
    )


def torch_assessment(as_of: dt.date):
    standing = assess(torch(), torch_facts(as_of), as_of)
    return assess_target(standing, [row for row in TORCH_ROWS if row[0] <= as_of])


def test_explain_a_late_completion() -> None:
    assessment = torch_assessment(dt.date(2024, 12, 31))
    assert assessment.standing.status is Status.MISSED
    lines = dict(explanation_lines(assessment, 180))
    assert lines["status"] == "missed: the deadline 2022-12-31 was reached with 3 of 4; the verdict is final at the end of the deadline day"
    assert lines["at the deadline"] == "3 achieved by 2022-12-31 (entries dated after it do not change the verdict)"
    assert lines["completed late"] == "on 2023-03-01, 60 days after the deadline 2022-12-31; the verdict stays missed"
    assert lines["achieved"] == "4   (baseline 0 + 4 distinct item(s))"
    assert lines["gap"] == "max(4 − 4, 0) = 0"
    assert lines["needed per month"] == "—  (the deadline 2022-12-31 has been reached)"
    assert lines["forecast"] == "deadline 2022-12-31 reached: the verdict is final, no projection"
    # on the deadline day itself the figures are the deadline's: no separate line, nothing late
    on_the_day = dict(explanation_lines(torch_assessment(DEADLINE), 180))
    assert on_the_day["status"] == "missed: the deadline 2022-12-31 was reached with 3 of 4; the verdict is final at the end of the deadline day"
    assert "at the deadline" not in on_the_day and "completed late" not in on_the_day


def test_the_store_supplies_the_deadline_facts_end_to_end(runner, loaded) -> None:
    """Through the CLI: 3 of 4 incubators by the deadline, the 4th on 2023-03-01 — missed, completed 60 days late."""
    import json

    from zsplan.cli import app

    for day, name in (("2020-06-30", "甲孵化器"), ("2021-01-01", "乙孵化器"), ("2022-06-01", "丙孵化器"), ("2023-03-01", "丁孵化器")):
        assert runner.invoke(app, ["log", "torch_national_incubators", "--item", name, "--date", day]).exit_code == 0
    for as_of, expected in (
        ("2022-12-30", ("behind", 3, None, False, None, None)),  # 3 < 4 × 1187/1188 expected the day before
        ("2022-12-31", ("missed", 3, 3, False, None, None)),
        ("2024-12-31", ("missed", 4, 3, True, "2023-03-01", 60)),
    ):
        document = json.loads(runner.invoke(app, ["status", "--as-of", as_of, "-f", "json"]).stdout)
        torch = next(row for row in document["records"] if row["target_id"] == "torch_national_incubators")
        assert (
            torch["status"],
            torch["achieved"],
            torch["achieved_at_deadline"],
            torch["completed_late"],
            torch["completed_on"],
            torch["days_late"],
        ) == expected
    never = next(row for row in document["records"] if row["target_id"] == "hit_research_staff")
    assert (never["status"], never["unreported"]) == ("missed", True)
