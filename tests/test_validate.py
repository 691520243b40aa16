"""Plan validation: each fault located at its line and column, all of them in one run."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import PLAN, write_plan
from zsplan.errors import PlanFileError
from zsplan.plan.validate import check_plan_file, load_plan

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
  - {id: sci_tech, name: 市科技局, name_en: Science and Technology Bureau}
  - {id: torch, name: 火炬開發區, name_en: Torch Zone}
measures:
  - {id: c4, level: chapter, number: 四, title: 完善孵化育成體系}
  - {id: c4.2, parent: c4, level: section, number: (二), title: 打造創新創業升級版}
  - id: c4.2.1
    parent: c4.2
    level: measure
    number: "1."
    title: 推動雙創基地建設
    units: [sci_tech, torch]
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
    baseline: {value: 0, date: 2019-09-30}
    progress: stock
    strength: expected
    source_text: "火炬開發區國家級雙創示範基地:到2022年建成國家級科技企業孵化器4家。"
  - id: enterprises
    name: 骨幹企業
    measure: c4.2.1
    category: enterprise
    unit: 家
    kind: range
    mode: items
    min: 2
    max: 3
    deadline: 2022-12-31
    baseline: {value: 0, date: 2019-09-30}
    progress: stock
    strength: expected
    source_text: "培育2-3家10億元規模以上的骨幹企業。"
"""


def problems_of(tmp_path: Path, text: str) -> list[str]:
    result = check_plan_file(write_plan(tmp_path, text), "plan.yaml")
    return [problem.format() for problem in result.problems]


def test_the_bundled_plan_is_valid() -> None:
    result = check_plan_file(PLAN)
    assert result.problems == []
    assert len(result.plan.targets) == 57


def test_the_minimal_plan_is_valid(tmp_path: Path) -> None:
    assert problems_of(tmp_path, GOOD) == []


def test_duplicate_yaml_key_is_caught(tmp_path: Path) -> None:
    text = GOOD.replace("    value: 4\n", "    value: 4\n    value: 5\n")
    assert problems_of(tmp_path, text) == [
        "plan.yaml:32:5: [duplicate-key] duplicate key 'value' (first at line 31); YAML would silently keep only the last one"
    ]


def test_duplicate_ids(tmp_path: Path) -> None:
    text = GOOD.replace("  - id: enterprises\n", "  - id: incubators\n")
    assert problems_of(tmp_path, text) == ["plan.yaml:37:5: [duplicate-id] target id 'incubators' is already used by targets[0]; ids must be unique"]


def test_unknown_unit_and_measure_with_suggestions(tmp_path: Path) -> None:
    text = GOOD.replace("units: [sci_tech, torch]", "units: [sci_tech, torhc]").replace(
        "    measure: c4.2.1\n    category: enterprise", "    measure: c4.2.9\n    category: enterprise"
    )
    assert problems_of(tmp_path, text) == [
        "plan.yaml:21:23: [unknown-unit] unknown unit 'torhc'; did you mean 'torch'?",
        "plan.yaml:39:5: [unknown-measure] unknown measure 'c4.2.9'; did you mean 'c4.2.1'?",
    ]


def test_range_min_above_max(tmp_path: Path) -> None:
    text = GOOD.replace("    min: 2\n    max: 3\n", "    min: 3\n    max: 2\n")
    assert problems_of(tmp_path, text) == [
        "plan.yaml:44:5: [range] range min 3 is greater than max 2",
        "plan.yaml:44:5: [trace-number] range 3-2 is not what source_text states: it says 2-3家",
    ]


def test_deadline_outside_horizon(tmp_path: Path) -> None:
    text = GOOD.replace("    value: 4\n    deadline: 2022-12-31", "    value: 4\n    deadline: 2025-12-31")
    assert problems_of(tmp_path, text) == ["plan.yaml:32:5: [deadline-horizon] deadline 2025-12-31 is outside the plan horizon 2019-09-30…2022-12-31"]


def test_non_numeric_value(tmp_path: Path) -> None:
    text = GOOD.replace("    value: 4\n", "    value: four\n")
    assert problems_of(tmp_path, text) == ["plan.yaml:31:5: [schema] value: 'four' is not a number; write digits only, e.g. 4"]


def test_negative_value(tmp_path: Path) -> None:
    text = GOOD.replace("    value: 4\n", "    value: -4\n")
    assert problems_of(tmp_path, text) == ["plan.yaml:31:5: [schema] value: Input should be greater than or equal to 0 (got -4)"]


def test_unknown_field_with_did_you_mean(tmp_path: Path) -> None:
    text = GOOD.replace("    value: 4\n    deadline: 2022-12-31", "    value: 4\n    deadlne: 2022-12-31")
    assert problems_of(tmp_path, text) == [
        "plan.yaml:23:5: [missing-field] missing required field 'deadline'",
        "plan.yaml:32:5: [unknown-field] unknown field 'deadlne'; did you mean 'deadline'?",
    ]


def test_yes_where_text_is_meant(tmp_path: Path) -> None:
    text = GOOD.replace("name: 骨幹企業", "name: no")
    assert problems_of(tmp_path, text) == ["plan.yaml:38:11: [yaml-type] 'no' is read by YAML as false; write false, or quote it if it is text"]


def test_source_text_must_occur_in_the_plan(tmp_path: Path) -> None:
    text = GOOD.replace("建成國家級科技企業孵化器4家", "建成國家級科技企業孵化器5家")
    assert problems_of(tmp_path, text) == [
        "plan.yaml:36:5: [source-text] source_text of 'incubators' does not occur in plan-source.txt; copy the sentence from the plan exactly"
    ]


def test_yaml_syntax_error_is_located(tmp_path: Path) -> None:
    text = GOOD.replace("  - {id: torch, name: 火炬開發區, name_en: Torch Zone}", "  - {id: torch, name: 火炬開發區, name_en: Torch Zone")
    (problem,) = problems_of(tmp_path, text)
    # libyaml and pure-Python PyYAML word the last part differently
    assert problem.startswith("plan.yaml:13:9: [syntax] YAML syntax error: while parsing a flow mapping (started at line 12, column 5): ")
    assert "expected ',' or '}'" in problem


def test_tabs_are_refused(tmp_path: Path) -> None:
    text = GOOD.replace("    value: 4\n", "\tvalue: 4\n")
    assert problems_of(tmp_path, text) == ["plan.yaml:31:1: [tab] tab used for indentation; indent with spaces"]


def test_aliases_are_refused_before_they_expand(tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8)
    )
    problems = problems_of(tmp_path, bomb)
    assert len(problems) == 72  # 8 lines of 9 aliases, each reported where it is used
    assert problems[0] == "plan.yaml:2:8: [alias] YAML alias *a is not allowed in a plan file; write the value out"


def test_many_faults_in_one_run(tmp_path: Path) -> None:
    text = (
        GOOD.replace("units: [sci_tech, torch]", "units: [sci_tech, torhc]")
        .replace("    min: 2\n    max: 3\n", "    min: 3\n    max: 2\n")
        .replace("    value: 4\n    deadline: 2022-12-31", "    value: 4\n    deadline: 2025-12-31")
        .replace("    unit: 家\n    kind: range", "    unit: 條\n    kind: range")
    )
    rules = [line.split("[")[1].split("]")[0] for line in problems_of(tmp_path, text)]
    assert rules == ["unknown-unit", "deadline-horizon", "unit-of-count", "range", "trace-number"]


def test_load_plan_raises_with_every_problem(tmp_path: Path) -> None:
    text = GOOD.replace("    min: 2\n    max: 3\n", "    min: 3\n    max: 2\n")
    with pytest.raises(PlanFileError) as caught:
        load_plan(write_plan(tmp_path, text), "plan.yaml")
    assert str(caught.value) == "plan.yaml has 2 problems; nothing was loaded"
    assert [p.rule for p in caught.value.problems] == ["range", "trace-number"]


def test_vocabulary_matches_the_models() -> None:
    from typing import get_args

    from zsplan.plan import models
    from zsplan.plan.vocabulary import CATEGORIES

    assert get_args(models.Category) == CATEGORIES


def test_a_target_failing_the_schema_still_goes_through_the_rules(tmp_path: Path) -> None:
    """Issue 12: unit errors appeared only once category errors were fixed, traceability only after units."""
    text = (
        GOOD.replace("    category: incubator\n    unit: 家\n", "    category: incubatr\n    unit: 條\n")
        .replace("    value: 4\n", "    value: 5\n")
        .replace("    mode: items\n    comparator", "    mode: itemz\n    comparator")
    )
    assert problems_of(tmp_path, text) == [
        (
            "plan.yaml:26:5: [unknown-category] category: 'incubatr' is not allowed; use 'infrastructure', 'lab', 'university', 'discipline', "
            "'institution', 'platform', 'team', 'technology', 'transfer', 'talent', 'incubator', 'enterprise', 'base', 'event', 'policy' or "
            "'organisation', or declare it under categories"
        ),
        "plan.yaml:27:5: [unit-of-count] unit of count '條' is not one the plan uses; use one of 家 個 項 人 名 所 屆, or declare it under units_of_measure (name, kind, precision)",
        "plan.yaml:29:5: [schema] mode: 'itemz' is not allowed; use 'value' or 'items'",
        "plan.yaml:31:5: [trace-number] value 5 is not what source_text states: it says no number of 條",
    ]


def test_a_category_declared_in_the_plan_file_is_accepted(tmp_path: Path) -> None:
    text = GOOD.replace("    category: incubator\n", "    category: rd_input\n") + "categories:\n  - {id: rd_input, name: 研發投入}\n"
    assert problems_of(tmp_path, text) == []


def test_a_faulty_field_hides_only_the_rules_that_read_it(tmp_path: Path) -> None:
    text = GOOD.replace("    value: 4\n    deadline: 2022-12-31", "    value: four\n    deadline: 2025-12-31")
    assert problems_of(tmp_path, text) == [
        "plan.yaml:31:5: [schema] value: 'four' is not a number; write digits only, e.g. 4",
        "plan.yaml:32:5: [deadline-horizon] deadline 2025-12-31 is outside the plan horizon 2019-09-30…2022-12-31",
    ]
