"""Units of measure, decimals, approximately (左右) and annual targets (issue 12, items 1–2).

The plan below is a test plan: its source text is written for the test (it is not a government
document); each sentence states a figure the way S&T plans do (3.5%左右, 33%以上, 達到10%,
5000億元, 5萬家)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from zsplan.cli import app
from zsplan.plan.validate import check_plan_file

SOURCE = (
    "測試用計劃(非政府文件)。到2025年,全社會研發投入強度達到3.5%左右。規模以上工業企業研發機構覆蓋率33%以上。"
    "高新技術產品產值佔比達到10%。2025年技術合同成交額5000億元。高新技術企業達到5萬家。培育新型研發機構30个。"
)

PLAN = """
plan:
  id: share-test
  title: 測試計劃
  issuer: 測試
  issued: 2021-01-01
  source_url: "http://example.invalid/share-test"
  source_file: source.txt
  horizon: {start: 2021-01-01, end: 2025-12-31}
  vision: {year: 2035, text: 遠景}
units_of_measure:
  - {name: "%", kind: share, precision: 2}
  - {name: 億元, kind: amount, precision: 2}
  - {name: 萬家, kind: count, base: 家, scale: 10000}
units:
  - {id: sci_tech, name: 市科技局, name_en: Science and Technology Bureau}
measures:
  - {id: c1, level: chapter, number: 一, title: 目標}
  - {id: c1.1, parent: c1, level: section, number: (一), title: 主要指標}
  - {id: c1.1.1, parent: c1.1, level: measure, number: "1.", title: 指標, units: [sci_tech]}
targets:
  - id: rd_intensity
    name: 全社會研發投入強度
    measure: c1.1.1
    category: policy
    unit: "%"
    kind: number
    mode: value
    comparator: approximately
    value: 3.5
    deadline: 2025-12-31
    baseline: {value: 2.9, date: 2021-01-01}
    progress: stock
    strength: expected
    source_text: "到2025年,全社會研發投入強度達到3.5%左右。"
  - id: rd_coverage
    name: 研發機構覆蓋率
    measure: c1.1.1
    category: policy
    unit: "%"
    kind: number
    mode: value
    comparator: at_least
    value: 33
    deadline: 2025-12-31
    deadline_inferred: true
    baseline: {value: 20, date: 2021-01-01}
    progress: stock
    strength: expected
    source_text: "規模以上工業企業研發機構覆蓋率33%以上。"
  - id: hitech_share
    name: 高新技術產品產值佔比
    measure: c1.1.1
    category: policy
    unit: "%"
    kind: number
    mode: value
    comparator: at_least
    value: 10
    deadline: 2025-12-31
    deadline_inferred: true
    baseline: {value: 8.25, date: 2021-01-01}
    progress: stock
    strength: expected
    source_text: "高新技術產品產值佔比達到10%。"
  - id: contract_turnover
    name: 技術合同成交額
    measure: c1.1.1
    category: transfer
    unit: 億元
    kind: annual
    year: 2025
    comparator: at_least
    value: 5000
    deadline: 2025-12-31
    baseline: {value: 0, date: 2021-01-01}
    progress: flow
    strength: expected
    source_text: "2025年技術合同成交額5000億元。"
  - id: hitech_enterprises
    name: 高新技術企業
    measure: c1.1.1
    category: enterprise
    unit: 家
    kind: number
    mode: value
    comparator: at_least
    value: 50000
    deadline: 2025-12-31
    deadline_inferred: true
    baseline: {value: 30000, date: 2021-01-01}
    progress: stock
    strength: expected
    source_text: "高新技術企業達到5萬家。"
  - id: new_institutes
    name: 新型研發機構
    measure: c1.1.1
    category: institution
    unit: 个
    kind: number
    mode: value
    comparator: at_least
    value: 30
    deadline: 2025-12-31
    deadline_inferred: true
    baseline: {value: 0, date: 2021-01-01}
    progress: flow
    strength: expected
    source_text: "培育新型研發機構30个。"
"""


def write(tmp_path: Path, text: str = PLAN) -> Path:
    (tmp_path / "source.txt").write_text(SOURCE, encoding="utf-8")
    path = tmp_path / "share.yaml"
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str) -> list[str]:
    return [problem.format() for problem in check_plan_file(write(tmp_path, text), "share.yaml").problems]


def test_shares_amounts_and_scaled_counts_trace_to_the_text(tmp_path: Path) -> None:
    result = check_plan_file(write(tmp_path))
    assert result.problems == []
    assert [unit.name for unit in result.plan.units_of_measure] == ["%", "億元", "萬家"]


def test_a_unit_the_table_does_not_declare_is_refused_naming_the_table(tmp_path: Path) -> None:
    text = PLAN.replace('  - {name: "%", kind: share, precision: 2}\n', "")
    assert problems(tmp_path, text)[0] == (
        "share.yaml:24:5: [unit-of-count] unit of count '%' is not one the plan uses; use one of 家 個 項 人 名 所 屆 億元 萬家"
    )


def test_numbers_are_checked_against_the_scaled_text(tmp_path: Path) -> None:
    text = PLAN.replace("    value: 5000\n    deadline", "    value: 500\n    deadline").replace("    value: 50000\n", "    value: 5000\n")
    assert problems(tmp_path, text) == [
        "share.yaml:73:5: [trace-number] value 500 is not what source_text states: it says 5000億元",
        "share.yaml:87:5: [trace-number] value 5000 is not what source_text states: it says 50000家",
        "share.yaml:90:16: [baseline-met] baseline 30000 already meets the target; if the plan asks for what was already there, add 'met_at_baseline: true', else fix the baseline",
    ]


def test_decimals_beyond_the_declared_precision_are_refused(tmp_path: Path) -> None:
    text = PLAN.replace("    value: 3.5\n", "    value: 3.505\n").replace("    value: 30\n", "    value: 30.5\n")
    found = problems(tmp_path, text)
    assert "share.yaml:29:5: [precision] value 3.505 has more decimals than '%' takes (2); declare a larger precision for '%' under units_of_measure" in found
    assert "share.yaml:102:5: [precision] value 30.5 has more decimals than '个' takes (0); a count is whole" in found


def test_approximately_needs_the_text_to_say_so(tmp_path: Path) -> None:
    text = PLAN.replace("    comparator: at_least\n    value: 33\n", "    comparator: approximately\n    value: 33\n")
    assert problems(tmp_path, text) == [
        "share.yaml:42:5: [trace-comparator] comparator approximately needs source_text to say so (左右, 約 or 前後); otherwise use at_least"
    ]


def test_an_annual_target_falls_due_at_the_end_of_its_year(tmp_path: Path) -> None:
    text = PLAN.replace("    year: 2025\n", "    year: 2024\n")
    assert problems(tmp_path, text) == [
        "share.yaml:71:5: [trace-year] year 2024 is not stated in source_text (as 2024年)",
        "share.yaml:74:5: [annual-year] an annual target of 2024 is due on 2024-12-31, not 2025-12-31",
    ]


def _loaded(runner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["load", str(write(tmp_path))])
    assert result.exit_code == 0, result.output


def _status(runner, target: str, as_of: str) -> str:
    import json

    result = runner.invoke(app, ["status", "--as-of", as_of, "--format", "json"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)["records"]
    return next(record["status"] for record in records if record["target_id"] == target)


def test_a_share_takes_decimals_and_approximately_reads_met_at_3_54_and_missed_at_3_40(runner, tmp_path: Path) -> None:
    _loaded(runner, tmp_path)
    logged = runner.invoke(app, ["log", "rd_intensity", "3.54", "--date", "2025-12-31"])
    assert logged.exit_code == 0, logged.output
    assert _status(runner, "rd_intensity", "2025-12-31") == "met"
    explained = runner.invoke(app, ["explain", "rd_intensity", "--as-of", "2025-12-31"])
    assert explained.exit_code == 0, explained.output
    assert (
        "approximately      3.5%左右 is reached at 3.45 or more (tolerance 0.05: the plan file's, or half a unit of the target's last digit: "
        "GB/T 8170-2008's rounded-value comparison); 3.54 reaches it" in explained.stdout
    )
    assert "status             met: achieved 3.54 by the deadline 2025-12-31 reaches the target 3.5; the verdict is final" in explained.stdout
    assert "precision          % is a share taking 2 decimal(s); figures compared as exact decimals" in explained.stdout
    corrected = runner.invoke(app, ["correct", "1", "3.40", "--reason", "統計局終核數"])
    assert corrected.exit_code == 0, corrected.output
    assert _status(runner, "rd_intensity", "2025-12-31") == "missed"
    explained = runner.invoke(app, ["explain", "rd_intensity", "--as-of", "2025-12-31"])
    assert "3.4 does not reach it" in explained.stdout
    assert (
        "status             missed: the deadline 2025-12-31 was reached with 3.4 of 3.5; the verdict is final at the end of the deadline day"
        in explained.stdout
    )


def test_the_tolerance_boundary_is_exact(runner, tmp_path: Path) -> None:
    _loaded(runner, tmp_path)
    assert runner.invoke(app, ["log", "rd_intensity", "3.45", "--date", "2025-06-30"]).exit_code == 0
    assert _status(runner, "rd_intensity", "2025-06-30") == "met"
    assert runner.invoke(app, ["correct", "1", "3.44", "--reason", "x"]).exit_code == 0
    # 3.44 < 3.45: not reached; expected by 2025-06-30 is 2.9 + 1641/1825 × 0.6 = 3.4395, so on track
    assert _status(runner, "rd_intensity", "2025-06-30") == "on_track"


def test_log_refuses_decimals_beyond_the_precision_and_for_whole_counts(runner, tmp_path: Path) -> None:
    _loaded(runner, tmp_path)
    result = runner.invoke(app, ["log", "rd_intensity", "3.545", "--date", "2025-06-30"])
    assert result.exit_code == 2
    assert result.stderr == "Error: value 3.545 has more decimals than % takes in 'rd_intensity' (2); give it as the plan states it, e.g. 3.55\n"
    result = runner.invoke(app, ["log", "new_institutes", "3.5", "--date", "2025-06-30"])
    assert result.exit_code == 2
    assert result.stderr == "Error: value 3.5 is not a whole number; 'new_institutes' counts 个\n"


def test_sums_of_decimal_increments_are_exact(runner, tmp_path: Path) -> None:
    _loaded(runner, tmp_path)
    for value, day in (("1000.1", "2025-03-31"), ("1999.7", "2025-06-30"), ("2000.2", "2025-09-30")):
        assert runner.invoke(app, ["log", "contract_turnover", value, "--date", day]).exit_code == 0
    # 1000.1 + 1999.7 + 2000.2 is 5000.000000000001 in binary floating point; exactly 5000.0
    assert _status(runner, "contract_turnover", "2025-09-30") == "met"


def test_an_annual_flow_counts_only_its_own_year(runner, tmp_path: Path) -> None:
    _loaded(runner, tmp_path)
    assert runner.invoke(app, ["log", "contract_turnover", "4000", "--date", "2024-12-31"]).exit_code == 0
    assert runner.invoke(app, ["log", "contract_turnover", "1500", "--date", "2025-03-31"]).exit_code == 0
    # 2024's 4000 does not count towards 2025: not met a year early, and 1500 of 5000 by 31 March is behind
    assert _status(runner, "contract_turnover", "2024-12-31") == "no_data"
    assert _status(runner, "contract_turnover", "2025-03-31") == "on_track"
    assert runner.invoke(app, ["log", "contract_turnover", "3000", "--date", "2025-11-30"]).exit_code == 0
    assert _status(runner, "contract_turnover", "2025-12-31") == "missed"
    explained = runner.invoke(app, ["explain", "contract_turnover", "--as-of", "2025-12-31"])
    assert "achieved           4500   (sum of the increments dated in 2025; entries of other years do not count)" in explained.stdout
    assert runner.invoke(app, ["log", "contract_turnover", "500", "--date", "2025-12-31"]).exit_code == 0
    assert _status(runner, "contract_turnover", "2025-12-31") == "met"


PENDING = (
    PLAN.replace("  vision: {year: 2035, text: 遠景}\n", "")
    .replace(
        '  - {id: c1.1.1, parent: c1.1, level: measure, number: "1.", title: 指標, units: [sci_tech]}\n',
        '  - {id: c1.1.1, parent: c1.1, level: measure, number: "1.", title: 指標}\n',
    )
    .replace(
        '    strength: expected\n    source_text: "培育新型研發機構30个。"\n',
        '    strength: expected\n    source_text: "培育新型研發機構30个。"\n    units: [sci_tech]\n',
    )
    + """  - id: digital_share
    name: 數字經濟核心產業增加值佔比
    measure: c1.1.1
    category: rd_input
    unit: "%"
    kind: pending
    deadline: 2025-12-31
    baseline: {value: 7.8, date: 2021-01-01}
    progress: stock
    strength: expected
    source_text: "數字經濟核心產業增加值佔比目標值待定。"
  - id: platforms_five_years
    name: 創新平台
    measure: c1.1.1
    category: platform
    unit: 家
    kind: number
    mode: value
    comparator: at_least
    value: 10
    within_years: 5
    deadline: 2026-01-01
    baseline: {value: 0, date: 2021-01-01}
    progress: flow
    strength: aspirational
    source_text: "力爭經過5年左右,建成創新平台10家。"
categories:
  - {id: rd_input, name: 研發投入}
"""
).replace("horizon: {start: 2021-01-01, end: 2025-12-31}", "horizon: {start: 2021-01-01, end: 2026-01-01}")


def _pending_plan(tmp_path: Path) -> Path:
    path = write(tmp_path, PENDING)
    (tmp_path / "source.txt").write_text(SOURCE + "數字經濟核心產業增加值佔比目標值待定。力爭經過5年左右,建成創新平台10家。", encoding="utf-8")
    return path


def test_pending_targets_optional_vision_and_lead_unit_declared_categories_and_approximate_deadlines_validate(tmp_path: Path) -> None:
    result = check_plan_file(_pending_plan(tmp_path))
    assert result.problems == []
    assert result.plan.plan.vision is None
    wrong = PENDING.replace("    deadline: 2026-01-01\n", "    deadline: 2025-12-31\n")
    path = write(tmp_path, wrong)
    (tmp_path / "source.txt").write_text(SOURCE + "數字經濟核心產業增加值佔比目標值待定。力爭經過5年左右,建成創新平台10家。", encoding="utf-8")
    assert [problem.format() for problem in check_plan_file(path, "share.yaml").problems] == [
        "share.yaml:130:5: [deadline-years] within_years 5 after the issue date 2021-01-01 is 2026-01-01; write deadline: 2026-01-01"
    ]


def test_a_pending_target_is_listed_never_judged_and_cannot_be_logged(runner, tmp_path: Path) -> None:
    import json

    result = runner.invoke(app, ["load", str(_pending_plan(tmp_path))])
    assert result.exit_code == 0, result.output
    status = runner.invoke(app, ["status", "--as-of", "2025-12-31"])
    assert status.exit_code == 0, status.output
    assert "1 pending (目標值待定, not judged):\n  digital_share  數字經濟核心產業增加值佔比  (%, by 2025-12-31; no lead unit named)\n" in status.stdout
    assert "7 targets: 6 missed" in status.stdout  # the pending one is not counted among the judged
    records = json.loads(runner.invoke(app, ["status", "--as-of", "2025-12-31", "--format", "json"]).stdout)["records"]
    assert "digital_share" not in [record["target_id"] for record in records]
    explained = runner.invoke(app, ["explain", "digital_share", "--as-of", "2025-12-31"])
    assert explained.exit_code == 0, explained.output
    assert "status      pending: nothing is judged until the plan is amended with a value" in explained.stdout
    logged = runner.invoke(app, ["log", "digital_share", "8.1", "--date", "2025-06-30"])
    assert logged.exit_code == 2
    assert "has no target value yet (目標值待定)" in logged.stderr
    explained = runner.invoke(app, ["explain", "rd_intensity", "--as-of", "2025-12-31"])
    assert "lead unit          no lead unit named: the plan names no responsible unit for this measure" in explained.stdout
    explained = runner.invoke(app, ["explain", "platforms_five_years", "--as-of", "2025-12-31"])
    assert "target             ≥10家 by 2026-01-01 (approximate: the plan gives about 5 years (左右) from its issue date)" in explained.stdout
    assert "~2026-01-01" in runner.invoke(app, ["status", "--as-of", "2025-12-31"]).stdout


AMENDED_SOURCE = SOURCE + "中期評估調整:規模以上工業企業研發機構覆蓋率35%以上。"


def _at(monkeypatch, moment: str) -> None:
    import datetime as dt

    from zsplan.cli import shared

    monkeypatch.setattr(shared, "now", lambda: dt.datetime.fromisoformat(moment))


def test_an_amendment_changes_the_verdict_from_its_effective_date_and_known_at_reproduces_the_old_report(runner, tmp_path: Path, monkeypatch) -> None:
    """Issue 12, done when: an amendment in 2021 changes the verdict from its effective date on, while
    --known-at before it reproduces the old target and its report byte for byte."""
    _at(monkeypatch, "2021-04-05T09:00:00+00:00")
    _loaded(runner, tmp_path)
    assert runner.invoke(app, ["log", "rd_coverage", "34", "--date", "2021-03-31"]).exit_code == 0
    before = runner.invoke(app, ["report", "--period", "2021", "--known-at", "2021-07-01T00:00:00Z"])
    assert before.exit_code == 0, before.output
    assert _status(runner, "rd_coverage", "2021-12-31") == "met"  # 34 ≥ 33

    (tmp_path / "source.txt").write_text(AMENDED_SOURCE, encoding="utf-8")
    amended = tmp_path / "amended.yaml"
    amended.write_text(
        (tmp_path / "share.yaml")
        .read_text(encoding="utf-8")
        .replace("    value: 33\n", "    value: 35\n")
        .replace('source_text: "規模以上工業企業研發機構覆蓋率33%以上。"', 'source_text: "中期評估調整:規模以上工業企業研發機構覆蓋率35%以上。"'),
        encoding="utf-8",
    )
    _at(monkeypatch, "2021-07-05T09:00:00+00:00")
    db = tmp_path / "zsplan.db"
    from conftest import settled_bytes

    unchanged = settled_bytes(db)
    refused = runner.invoke(app, ["load", str(amended)])
    assert refused.exit_code == 1
    assert refused.stderr.startswith(
        "Error: refusing to load: the new plan amends targets that have logged progress:\n  rd_coverage: value 33 → 35\n"
        "  rd_coverage: source_text 規模以上工業企業研發機構覆蓋率33%以上。 → 中期評估調整:規模以上工業企業研發機構覆蓋率35%以上。\n"
        "give the amendment's reason and the date it takes effect"
    )
    assert settled_bytes(db) == unchanged  # nothing written
    loaded = runner.invoke(app, ["load", str(amended), "--reason", "中期評估調整", "--effective", "2021-07-01"])
    assert loaded.exit_code == 0, loaded.output
    assert loaded.stdout.splitlines()[:-1] == [
        "  rd_coverage: value 33 → 35",
        "  rd_coverage: source_text 規模以上工業企業研發機構覆蓋率33%以上。 → 中期評估調整:規模以上工業企業研發機構覆蓋率35%以上。",
        "  amendment effective from 2021-07-01: 中期評估調整",
    ]

    assert _status(runner, "rd_coverage", "2021-06-30") == "met"  # before the effective date: the old target 33
    # from 2021-07-01 on: 34 < 35; expected by 2021-07-01 is 20 + 181/1825 × (35 − 20) = 21.49, so on track
    assert _status(runner, "rd_coverage", "2021-07-01") == "on_track"
    assert _status(runner, "rd_coverage", "2021-12-31") == "on_track"
    import json

    known = runner.invoke(app, ["status", "--as-of", "2021-12-31", "--known-at", "2021-07-01T00:00:00Z", "--format", "json"])
    record = next(r for r in json.loads(known.stdout)["records"] if r["target_id"] == "rd_coverage")
    assert (record["status"], record["target"]) == ("met", 33)
    again = runner.invoke(app, ["report", "--period", "2021", "--known-at", "2021-07-01T00:00:00Z"])
    assert again.exit_code == 0, again.output
    assert again.stdout_bytes == before.stdout_bytes

    explained = runner.invoke(app, ["explain", "rd_coverage", "--as-of", "2021-12-31"])
    assert (
        "amended source_text 規模以上工業企業研發機構覆蓋率33%以上。 → 中期評估調整:規模以上工業企業研發機構覆蓋率35%以上。, value 33 → 35 "
        "from 2021-07-01 (recorded 2021-07-05 09:00:00 UTC; reason: 中期評估調整); in effect for this reading".replace(" ", "")
        in "".join(explained.stdout.split())
    )
    explained = runner.invoke(app, ["explain", "rd_coverage", "--as-of", "2021-06-30"])
    assert "notineffectforthisreading:theolddefinitionisjudged" in "".join(explained.stdout.split())
    assert "status             met: achieved 34 reaches the target 33" in explained.stdout

    # an export carries the amendment (export version 4): restored elsewhere, the same past report comes out
    exported = tmp_path / "ledger.json"
    assert runner.invoke(app, ["export", "-o", str(exported)]).exit_code == 0
    (revision,) = json.loads(exported.read_text(encoding="utf-8"))["evidence"]["revisions"]
    assert (revision["target_id"], revision["effective_from"], revision["reason"]) == ("rd_coverage", "2021-07-01", "中期評估調整")
    assert json.loads(revision["old_values"])["value"] == 33 and json.loads(revision["new_values"])["value"] == 35
    elsewhere = tmp_path / "restored.db"
    restored = runner.invoke(app, ["--db", str(elsewhere), "import", str(exported)])
    assert restored.exit_code == 0, restored.output
    again = runner.invoke(app, ["--db", str(elsewhere), "report", "--period", "2021", "--known-at", "2021-07-01T00:00:00Z"])
    assert again.exit_code == 0, again.output
    assert again.stdout_bytes == before.stdout_bytes
    assert _status(runner, "rd_coverage", "2021-07-01") == "on_track"


def test_a_pending_target_reads_in_chinese_without_its_id(runner, tmp_path: Path) -> None:
    # 目標值待定 in zh: named, no id, no English word; the log refusal worded too, nothing written
    assert runner.invoke(app, ["load", str(_pending_plan(tmp_path))]).exit_code == 0
    status = runner.invoke(app, ["status", "--as-of", "2025-12-31", "--lang", "zh"])
    assert status.exit_code == 0, status.output
    assert "目標值待定、暫不考核的指標1項：\n  數字經濟核心產業增加值佔比（%，期限2025年12月31日；牽頭單位：未明確）\n" in status.stdout
    assert "digital_share" not in status.stdout
    explained = runner.invoke(app, ["explain", "digital_share", "--as-of", "2025-12-31", "--lang", "zh"])
    assert explained.exit_code == 0, explained.output
    lines = [" ".join(line.split()) for line in explained.stdout.splitlines()]
    assert lines[0] == "數字經濟核心產業增加值佔比"
    assert "目標 目標值待定：規劃尚未明確目標值，列出但暫不考核（單位%，期限2025年12月31日）" in lines
    assert "牽頭單位 未明確" in lines and "狀態 目標值待定：規劃修訂明確目標值前不作考核" in lines
    assert "digital_share" not in explained.stdout
    before = runner.invoke(app, ["history", "digital_share", "--format", "json"]).stdout
    logged = runner.invoke(app, ["log", "digital_share", "8.1", "--date", "2025-06-30", "--lang", "zh"])
    assert logged.exit_code == 2
    assert logged.stderr.startswith("錯誤：'digital_share'目標值待定：列出但暫不考核；請先修訂規劃明確目標值，再報送進展")
    assert runner.invoke(app, ["history", "digital_share", "--format", "json"]).stdout == before  # nothing written
