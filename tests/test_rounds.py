"""Reporting rounds end to end: tasks, a 2020 round and a 2021H1 round of five units (two on time, one late, one
returned and sent again, one never), completeness, the 催報 list, review, the lock, the report and what changed."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

from conftest import ROOT, copy_database, settled_bytes
from zsplan.analysis.rounds import (
    NO_REPORT,
    Owed,
    Submission,
    TaskSpec,
    TaskUnit,
    UnitReport,
    completeness,
    judge_task,
    parse_round_period,
)
from zsplan.cli import app, shared

# ------------------------------------------------------------------------------------------------ pure rules


def test_periods_follow_the_plans_cycle() -> None:
    h1 = parse_round_period("2021h1")
    assert (h1.code, h1.kind, h1.start, h1.end, h1.default_due()) == ("2021H1", "half", dt.date(2021, 1, 1), dt.date(2021, 6, 30), dt.date(2021, 7, 10))
    year = parse_round_period("2020")
    assert (year.kind, year.start, year.end, year.default_due(), year.label_zh()) == (
        "year",
        dt.date(2020, 1, 1),
        dt.date(2020, 12, 31),
        dt.date(2021, 1, 10),
        "2020年",
    )
    q3 = parse_round_period("2021Q3")
    assert (q3.start, q3.end, q3.label_zh()) == (dt.date(2021, 7, 1), dt.date(2021, 9, 30), "2021年第三季度")
    with pytest.raises(ValueError, match="round '2021H3' is not YYYY, YYYYH1, YYYYH2 or YYYYQ1–Q4"):
        parse_round_period("2021H3")


def _report(unit: str, state: str | None, as_of: str, report_id: int, recorded: str = "2021-07-01T00:00:00+00:00") -> UnitReport:
    return UnitReport(
        report_id, "task", "c4.2.1", unit, "lead" if unit == "dev_reform" else "co", dt.date.fromisoformat(as_of), state, None, None, None, None,
        dt.datetime.fromisoformat(recorded), "x",
    )  # fmt: skip


TASK = TaskSpec(
    "c4.2.1", "1.", "推動雙創基地建設", "measure", ("c4", "四", "…"), (TaskUnit("dev_reform", "市發展改革局", "lead"), TaskUnit("torch", "火炬開發區", "co"))
)


def test_a_tasks_verdict_is_its_lead_units_latest_state() -> None:
    reports = [
        _report("dev_reform", "not_started", "2020-12-31", 1),
        _report("dev_reform", "in_progress", "2021-06-30", 2),
        _report("torch", "completed", "2021-06-30", 3),
    ]
    assert judge_task(TASK, reports, dt.date(2020, 12, 31)).verdict == "not_started"
    standing = judge_task(TASK, reports, dt.date(2021, 6, 30))
    assert (standing.verdict, standing.lead_report.id, [r.id for r in standing.contributions]) == ("in_progress", 2, [3])  # a co-unit never sets it
    assert judge_task(TASK, reports[2:], dt.date(2021, 6, 30)).verdict == NO_REPORT  # only the co-unit reported
    known = dt.datetime(2021, 6, 1, tzinfo=dt.UTC)
    assert judge_task(TASK, reports, dt.date(2021, 6, 30), known).verdict == NO_REPORT  # nothing was recorded by then


def test_completeness_is_judged_on_the_latest_submission_and_the_due_date() -> None:
    def sent(sid: int, unit: str, received: str, *decisions: str) -> Submission:
        at = dt.datetime.fromisoformat(received)
        return Submission(sid, "2021H1", unit, at, at, "x", None, 1, tuple((d, at, "y", "r") for d in decisions))

    owed = [Owed(unit, unit) for unit in ("a", "b", "c", "d")]
    rows = completeness(
        owed,
        [sent(1, "a", "2021-07-10T15:00:00+00:00"), sent(2, "b", "2021-07-11T01:00:00+00:00"), sent(3, "c", "2021-07-01T00:00:00+00:00", "return")],
        due=dt.date(2021, 7, 10),
        today=dt.date(2021, 7, 11),
    )
    assert [(r.unit_id, r.state, r.timeliness, r.days_late) for r in rows] == [
        ("a", "submitted", "on_time", None),
        ("b", "submitted", "late", 1),
        ("c", "returned", "missing", None),  # returned and not sent again: it still owes it
        ("d", "not_submitted", "missing", None),
    ]
    early = completeness(owed[3:], [], due=dt.date(2021, 7, 10), today=dt.date(2021, 7, 10))
    assert early[0].timeliness == "pending"


# ------------------------------------------------------------------------------------------------ the CLI, end to end


class Clock:
    """The time the commands see: ``shared.now`` and ``shared.today`` patched."""

    moment = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)

    def at(self, text: str) -> None:
        self.moment = dt.datetime.fromisoformat(text).astimezone(dt.UTC)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    moment = Clock()
    monkeypatch.setattr(shared, "now", lambda: moment.moment)
    monkeypatch.setattr(shared, "today", lambda: dt.date(2021, 8, 31))
    return moment


def valid(document: dict) -> dict:
    """``document``, checked against the schema of its kind (docs/schemas/)."""
    import jsonschema

    kind = document["format"].removeprefix("zsplan-")
    schema = json.loads((ROOT / "docs" / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)
    return document


def run(runner, *args: str, code: int = 0):
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result


def sheet(runner, tmp_path: Path, round_code: str, unit: str, fills: dict[str, dict[str, str]], extra: list[dict[str, str]] = (), name: str = "") -> Path:
    """The unit's round sheet as ``template --round`` writes it, with ``fills`` (編號 → column → text) written in, and extra rows."""
    blank = tmp_path / f"blank-{round_code}-{unit}-{name}.csv"
    run(runner, "template", "--round", round_code, "--unit", unit, "--format", "csv", "-o", str(blank))
    rows = list(csv.reader(blank.read_text(encoding="utf-8-sig").splitlines()))
    header = rows[0]
    out = [header]
    for row in rows[1:]:
        for column, text in fills.get(row[1], {}).items():
            row[header.index(column)] = text
        out.append(row)
    for cells in extra:
        out.append([cells.get(column, "") for column in header])
    filled = tmp_path / f"{round_code}-{unit}{name}.csv"
    with filled.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(out)
    return filled


UNITS = ["torch", "cuiheng", "dev_reform", "market_reg", "banfu"]


def test_status_tasks_lists_every_task_of_the_plan(runner, clock) -> None:
    result = run(runner, "status", "--tasks", "--as-of", "2021-06-30", "-f", "json")
    document = json.loads(result.stdout)
    assert document["format"] == "zsplan-tasks"
    assert len(document["records"]) == 34  # the 34 measures and sections that name responsible units
    assert [r["task_id"] for r in document["records"]][:3] == ["c2.1", "c2.2.1", "c2.2.2"]
    assert {r["verdict"] for r in document["records"]} == {"no_data"}
    assert document["counts"] == {"delayed": 0, "no_data": 34, "not_started": 0, "in_progress": 0, "completed": 0}
    torch_tasks = [r["task_id"] for r in document["records"] if r["lead_unit"] == "torch"]
    assert torch_tasks == ["c4.1.1", "c4.3.1"]  # both measures led by the Torch zone, which carry no target
    table = run(runner, "status", "--tasks", "--as-of", "2021-06-30").stdout
    assert table.splitlines()[-1] == "34 tasks: 0 delayed, 34 not reported, 0 not started, 0 in progress, 0 completed"
    assert "c3.3.1  三、(三)1. 集中力量開展“卡脖子”關鍵技術攻關" in table


def test_a_task_is_reported_and_explained(runner, clock, isolated_db: Path) -> None:
    clock.at("2021-07-02T09:00:00+08:00")
    result = run(runner, "task", "c3.3.1", "--unit", "市科技局", "--state", "推進中", "--date", "2021-06-30", "--progress", "已發布揭榜制指南", "--by", "陳")
    assert result.stdout == "recorded task report #1 for c3.3.1\nverdict as of 2021-06-30: in progress (in_progress)\n"
    co = run(runner, "task", "c3.3.1", "--unit", "health", "--date", "2021-06-30", "--progress", "配合遴選醫藥攻關項目")
    assert co.stdout.endswith("verdict as of 2021-06-30: in progress (in_progress)\n")
    explained = run(runner, "explain", "c3.3.1", "--as-of", "2021-06-30").stdout
    assert "  as of 2021-06-30: in progress (in_progress)\n" in explained
    assert "    #2 2021-06-30 市衛生健康局 (co) - [zsplan task]\n      進展情況：配合遴選醫藥攻關項目\n" in explained
    before = settled_bytes(isolated_db)
    bad = run(runner, "task", "c3.3.1", "--unit", "市科技局", "--state", "完成了", "--date", "2021-06-30", code=2)
    assert bad.stderr == "Error: --state '完成了' is not a task state; write 未啟動、推進中、已完成、滯後 (or not_started, in_progress, completed, delayed)\n"
    stranger = run(runner, "task", "c3.3.1", "--unit", "banfu", "--progress", "x", "--date", "2021-06-30", code=2)
    assert stranger.stderr.startswith("Error: 板芙鎮 is not responsible for task c3.3.1 (集中力量開展“卡脖子”關鍵技術攻關)")
    unknown = run(runner, "log", "c9.9", "--note", "x", code=2)
    assert unknown.stderr.startswith("Error: unknown target 'c9.9'")
    assert settled_bytes(isolated_db) == before


def test_one_round_end_to_end(runner, clock, tmp_path: Path, isolated_db: Path) -> None:
    # --- the 2020 round: two units, accepted, closed
    clock.at("2021-01-04T09:00:00+08:00")
    assert run(runner, "round", "open", "2020", "--unit", "dev_reform", "--unit", "torch", "--by", "科技局李").stdout == (
        "opened round 2020: 2020-01-01 to 2020-12-31, due 2021-01-10, 2 units\n"
    )
    dev_2020 = sheet(
        runner,
        tmp_path,
        "2020",
        "dev_reform",
        {
            "c2.2.2": {"狀態": "推進中", "進展情況": "認定1家省級工程實驗室"},
            "c4.2.1": {"狀態": "未啟動"},
            "engineering_labs_yearly": {"事項": "中山市甲工程實驗室", "日期": "2020-12-31", "證明材料": "粵發改高技〔2020〕1號"},
        },
    )
    clock.at("2021-01-08T10:00:00+08:00")
    run(runner, "round", "submit", "2020", "--unit", "dev_reform", str(dev_2020), "--by", "科技局李")
    torch_2020 = sheet(
        runner,
        tmp_path,
        "2020",
        "torch",
        {
            "c4.1.1": {"狀態": "推進中"},
            "c4.3.1": {"狀態": "推進中"},
            "torch_national_incubators": {"事項": "中山火炬創新創業園", "日期": "2020-06-30", "證明材料": "國科發區〔2020〕355號"},
        },
    )
    run(runner, "round", "submit", "2020", "--unit", "torch", str(torch_2020), "--by", "科技局李")
    clock.at("2021-01-12T10:00:00+08:00")
    assert (
        run(runner, "round", "accept", "2020", "--unit", "dev_reform", "--by", "科技局王").stdout
        == "accepted submission #1 of 市發展改革局: 1 entry, 2 reports\n"
    )
    assert (
        run(runner, "round", "accept", "2020", "--unit", "torch", "--by", "科技局王").stdout == "accepted submission #2 of 火炬開發區: 1 entry, 2 reports\n"
    )  # the incubator is the Torch zone's figure: 專欄4 names it the lead
    clock.at("2021-01-20T10:00:00+08:00")
    assert run(runner, "round", "close", "2020").stdout == "closed round 2020: entries dated 2020-01-01 to 2020-12-31 are locked\n"

    # --- after the 2020 round closed: a correction, and an entry dated in 2020 that can only come in late
    clock.at("2021-02-01T10:00:00+08:00")
    (lab,) = json.loads(run(runner, "history", "engineering_labs_yearly", "-f", "json").stdout)["records"]
    assert (lab["id"], lab["item"], lab["recorded_by"]) == (1, "中山市甲工程實驗室", "市發展改革局")  # the unit's sheet, accepted
    run(runner, "correct", str(lab["id"]), "--item", "中山市乙工程實驗室", "--reason", "名稱以認定文件為準", "--by", "科技局王")
    before = settled_bytes(isolated_db)
    refused = run(runner, "log", "torch_national_incubators", "--item", "中山健康科技產業基地孵化器", "--date", "2020-12-31", code=1)
    assert refused.stderr == (
        "Error: 2020-12-31 is inside round 2020 (2020-01-01 to 2020-12-31), closed on 2021-01-20 02:00 UTC; nothing was recorded: "
        "reopen the round ('zsplan round reopen 2020 --reason TEXT') or mark the entry late (--late)\n"
    )
    assert settled_bytes(isolated_db) == before
    clock.at("2021-03-01T10:00:00+08:00")
    run(
        runner,
        "log",
        "torch_national_incubators",
        "--item",
        "中山健康科技產業基地孵化器",
        "--date",
        "2020-12-31",
        "--evidence",
        "國科發區〔2020〕355號",
        "--late",
        "--by",
        "科技局王",
    )

    # --- the 2021H1 round: five units
    clock.at("2021-07-01T09:00:00+08:00")
    run(runner, "round", "open", "2021H1", "--due", "2021-07-10", *[arg for unit in UNITS for arg in ("--unit", unit)], "--by", "科技局李")
    torch = sheet(
        runner,
        tmp_path,
        "2021H1",
        "torch",
        {
            "c4.1.1": {"狀態": "推進中", "進展情況": "自創區建設方案已印發", "下一步工作": "推進園區擴容"},
            "c4.3.1": {"狀態": "已完成", "進展情況": "完成高質量發展考核", "證明材料": "中火炬〔2021〕12號"},
            "c4.2.1": {"進展情況": "配合建設雙創示範基地"},
            "torch_national_incubators": {"事項": "中山火炬科技企業孵化器", "證明材料": "國科發區〔2021〕8號"},
        },
    )
    clock.at("2021-07-06T16:00:00+08:00")
    run(runner, "round", "submit", "2021H1", "--unit", "torch", str(torch), "--by", "火炬區張")
    cuiheng = sheet(runner, tmp_path, "2021H1", "cuiheng", {"c4.3.2": {"狀態": "推進中", "進展情況": "翠亨新區起步區建設提速", "存在問題": "高端人才不足"}})
    clock.at("2021-07-08T11:00:00+08:00")
    run(runner, "round", "submit", "2021H1", "--unit", "cuiheng", str(cuiheng), "--by", "翠亨區劉")
    draft = sheet(runner, tmp_path, "2021H1", "market_reg", {"c5.3.1": {"狀態": "推進中", "進展情況": "初稿：待補充"}}, name="-draft")
    clock.at("2021-07-05T10:00:00+08:00")
    run(runner, "round", "submit", "2021H1", "--unit", "market_reg", str(draft), "--by", "市監局周")
    clock.at("2021-07-06T10:00:00+08:00")
    run(runner, "round", "return", "2021H1", "--unit", "market_reg", "--reason", "缺少另兩項任務的進展和證明材料", "--by", "科技局王")
    again = sheet(
        runner,
        tmp_path,
        "2021H1",
        "market_reg",
        {
            "c5.3.1": {"狀態": "推進中", "進展情況": "與港澳知識產權部門簽署合作備忘錄"},
            "c5.3.2": {"狀態": "推進中", "進展情況": "開展專項執法行動"},
            "c5.3.3": {"狀態": "滯後", "存在問題": "轉化平台建設延後", "下一步工作": "第三季度上線"},
        },
    )
    clock.at("2021-07-09T15:00:00+08:00")
    run(runner, "round", "submit", "2021H1", "--unit", "market_reg", str(again), "--by", "市監局周")
    dev = sheet(
        runner,
        tmp_path,
        "2021H1",
        "dev_reform",
        {
            "c2.2.2": {"狀態": "推進中", "進展情況": "組織第二批申報"},
            "c4.2.1": {"狀態": "推進中", "進展情況": "雙創示範基地建設方案已印發", "存在問題": "場地不足"},
            "engineering_labs_yearly": {"事項": "中山市丙工程實驗室", "證明材料": "粵發改高技〔2021〕5號"},
        },
    )
    clock.at("2021-07-15T10:00:00+08:00")
    late = run(runner, "round", "submit", "2021H1", "--unit", "dev_reform", str(dev), "--by", "發改局吳")
    assert late.stdout == "recorded submission #7 of 市發展改革局 to round 2021H1 (late): 3 rows, awaiting review\n"

    # the draft view shows what awaits review, marked; the official report does not count it
    clock.at("2021-07-16T09:00:00+08:00")
    report = run(runner, "round", "report", "2021H1", "--draft").stdout
    assert "- 市發展改革局（牽頭）：狀態：推進中；進展情況：雙創示範基地建設方案已印發；存在問題：場地不足。（待審核）" in report
    official = run(runner, "round", "report", "2021H1").stdout
    assert "（待審核）" not in official and "雙創示範基地建設方案已印發" not in official

    for unit in ("torch", "cuiheng", "market_reg", "dev_reform"):
        run(runner, "round", "accept", "2021H1", "--unit", unit, "--by", "科技局王")
    twice = run(runner, "round", "accept", "2021H1", "--unit", "torch", code=1)
    assert twice.stderr == "Error: torch's latest submission #3 to round 2021H1 was already accepted; nothing awaits review\n"

    # --- completeness, exact
    table = run(runner, "round", "show", "2021H1").stdout
    assert table == (
        "round 2021H1 (2021-01-01 to 2021-06-30), due 2021-07-10, open\n"
        "unit                       tasks lead/co  targets lead/co  state          received          sent  returned  decided                    timeliness\n"
        "─────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────\n"
        "火炬開發區 (torch)         2/3            1/5              accepted       2021-07-06 16:00  1     0         2021-07-16 09:00 科技局王  on time\n"
        "翠亨新區 (cuiheng)         1/3            6/4              accepted       2021-07-08 11:00  1     0         2021-07-16 09:00 科技局王  on time\n"
        "市發展改革局 (dev_reform)  2/8            2/24             accepted       2021-07-15 10:00  1     0         2021-07-16 09:00 科技局王  late +5d\n"
        "市市場監管局 (market_reg)  3/2            2/2              accepted       2021-07-09 15:00  2     1         2021-07-16 09:00 科技局王  on time\n"
        "板芙鎮 (banfu)             0/1            0/1              not submitted                    0     0                                    missing\n"
        "5 units: 3 on time, 1 late, 1 missing, 0 pending\n"
    )
    document = valid(json.loads(run(runner, "round", "show", "2021H1", "-f", "json").stdout))
    assert (document["format"], document["round"], document["due"], document["counts"]) == (
        "zsplan-completeness",
        "2021H1",
        "2021-07-10",
        {"on_time": 3, "late": 1, "missing": 1, "pending": 0},
    )
    assert [(r["unit_id"], r["state"], r["timeliness"], r["days_late"], r["submissions"], r["returns"]) for r in document["records"]] == [
        ("torch", "accepted", "on_time", None, 1, 0),
        ("cuiheng", "accepted", "on_time", None, 1, 0),
        ("dev_reform", "accepted", "late", 5, 1, 0),
        ("market_reg", "accepted", "on_time", None, 2, 1),
        ("banfu", "not_submitted", "missing", None, 0, 0),
    ]
    assert document["records"][3]["received_at"] == "2021-07-09T07:00:00Z"

    # --- the 催報 list names the missing unit and what it owes
    assert run(runner, "round", "remind", "2021H1", "--by", "科技局李").stdout == (
        "關於報送2021年上半年任務和目標推進情況的催報（2021H1，截止2021年7月10日）\n"
        "\n"
        "1. 板芙鎮：截至2021年7月16日尚未報送，已逾期。\n"
        "   配合任務（請填報配合工作進展）：加快推進與澳門科技大學合作辦學。\n"
        "   配合指標（請填報配合工作進展）：香山大學（澳門科技大學中山合作辦學）。\n"
        "   填報表：zsplan template --round 2021H1 --unit banfu\n"
    )

    # --- close, then an entry dated inside the closed round is refused, nothing written
    clock.at("2021-07-20T10:00:00+08:00")
    run(runner, "round", "close", "2021H1", "--by", "科技局李")
    before = settled_bytes(isolated_db)
    locked = run(runner, "log", "torch_national_incubators", "--item", "中山某孵化器", "--date", "2021-05-31", code=1)
    assert locked.stderr == (
        "Error: 2021-05-31 is inside round 2021H1 (2021-01-01 to 2021-06-30), closed on 2021-07-20 02:00 UTC; nothing was recorded: "
        "reopen the round ('zsplan round reopen 2021H1 --reason TEXT') or mark the entry late (--late)\n"
    )
    assert run(runner, "round", "submit", "2021H1", "--unit", "banfu", code=1).stderr.startswith(
        "Error: round 2021H1 was closed on 2021-07-20 02:00 UTC; a submission is refused"
    )
    assert settled_bytes(isolated_db) == before

    # --- the report compiled from accepted submissions only, each unit's narrative under its measure
    report = run(runner, "round", "report", "2021H1").stdout
    assert report.startswith(
        "# 中山市推進粵港澳大灣區國際科技創新中心建設專項行動計劃2021年上半年任務和目標推進情況（年中對賬）\n\n"
        "報告期2021年1月1日至2021年6月30日。僅計入已審核通過的報送；按2021-07-20 02:00（UTC）關閉時已審核的數據生成。\n\n"
        "## 一、報送情況\n\n"
        "應報5個單位，按時報送3個，逾期報送1個，未報送1個。\n\n"
        "- 火炬開發區：按時報送（2021年7月6日報送），已通過。\n"
        "- 翠亨新區：按時報送（2021年7月8日報送），已通過。\n"
        "- 市發展改革局：逾期報送（2021年7月15日報送，逾期5天），已通過。\n"
        "- 市市場監管局：按時報送（2021年7月9日報送），已通過，曾退回1次。\n"
        "- 板芙鎮：未報送，未提交。\n"
    )
    assert "共34項任務：滯後1項，未報送26項，未啟動0項，推進中6項，已完成1項。" in report
    assert (
        "### 四、（二）1.推動雙創基地建設（牽頭單位：市發展改革局）：推進中\n\n"
        "- 市發展改革局（牽頭）：狀態：推進中；進展情況：雙創示範基地建設方案已印發；存在問題：場地不足。\n"
        "- 火炬開發區（配合）：進展情況：配合建設雙創示範基地。\n"
    ) in report
    assert (
        "### 四、（三）1.推動火炬開發區高質量發展（牽頭單位：火炬開發區）：已完成\n\n- 火炬開發區（牽頭）：狀態：已完成；進展情況：完成高質量發展考核；證明材料：中火炬〔2021〕12號。\n"
        in report
    )
    assert (
        "### 五、（三）3.推動知識産權轉化運用（牽頭單位：市市場監管局）：滯後\n\n- 市市場監管局（牽頭）：狀態：滯後；存在問題：轉化平台建設延後；下一步工作：第三季度上線。\n"
        in report
    )
    assert "初稿" not in report  # the returned submission never counted
    assert (
        "- 火炬開發區國家級科技企業孵化器：本期新增1家，累計3家，目標4家，按序時進度推進。\n\n　　本期新增成果：中山火炬科技企業孵化器（證明材料：國科發區〔2021〕8號）。"
        in report
    )
    assert (
        "- 每年新增省級以上工程實驗室：本期新增1家，累計2家，目標3家，按序時進度推進。\n\n　　本期新增成果：中山市丙工程實驗室（證明材料：粵發改高技〔2021〕5號）。"
        in report
    )  # the late unit's own figure, accepted: 乙 (2020, corrected) and 丙; 1 a year is due by 2020-12-31 only
    assert "- 市市場監管局：" in report and "板芙鎮（配合）" not in report
    unit_report = run(runner, "round", "report", "2021H1", "--unit", "torch").stdout
    assert "- 火炬開發區：按時報送（2021年7月6日報送），已通過。\n\n## 二" in unit_report and "翠亨新區起步區" not in unit_report
    html = tmp_path / "2021H1.html"
    run(runner, "round", "report", "2021H1", "--format", "html", "-o", str(html))
    assert "<h3>四、（二）1.推動雙創基地建設（牽頭單位：市發展改革局）：推進中</h3>" in html.read_text(encoding="utf-8")

    # --- what changed between the 2020 and 2021H1 rounds
    changed = run(runner, "round", "diff", "2020", "2021H1", "-f", "json").stdout
    diff = valid(json.loads(changed))
    assert (diff["before"], diff["after"]) == (
        {"label": "2020", "as_of": "2020-12-31", "known_at": "2021-01-20T02:00:00Z"},
        {"label": "2021H1", "as_of": "2021-06-30", "known_at": "2021-07-20T02:00:00Z"},
    )
    changes = [r for r in diff["records"] if r["record"] == "change"]
    assert [(c["change"], c["entry_id"], c["target_id"], c["before"], c["after"], c["reason"], c["marked_late"]) for c in changes] == [
        ("correction", 3, "engineering_labs_yearly", "中山市甲工程實驗室 as of 2020-12-31", "中山市乙工程實驗室 as of 2020-12-31", "名稱以認定文件為準", False),
        ("late", 4, "torch_national_incubators", None, "中山健康科技產業基地孵化器 as of 2020-12-31", None, True),
    ]
    flips = [(r["kind"], r["id"], r["before"], r["after"]) for r in diff["records"] if r["record"] == "flip"]
    assert flips == [
        ("target", "torch_national_incubators", "behind", "on_track"),  # 1 of 4 by 2020 as known then; 3 by mid-2021
        ("task", "c4.2.1", "not_started", "in_progress"),
        ("task", "c4.3.1", "in_progress", "completed"),
        ("task", "c4.3.2", "no_data", "in_progress"),
        ("task", "c5.3.1", "no_data", "in_progress"),
        ("task", "c5.3.2", "no_data", "in_progress"),
        ("task", "c5.3.3", "no_data", "delayed"),
    ]
    torch_flip = next(r for r in diff["records"] if r["record"] == "flip" and r["id"] == "torch_national_incubators")
    assert torch_flip["why"] == "achieved 1 → 3 of 4 (expected by then 1.54 → 2.15); late #4"
    assert diff["counts"] == {"late": 1, "correction": 1, "retraction": 0, "flips": len(flips)}
    text = run(runner, "round", "diff", "2020", "2021H1").stdout
    assert text.splitlines()[:6] == [
        "2020 (as of 2020-12-31) → 2021H1 (as of 2021-06-30)",
        "change         entry    target                     as of       recorded (UTC)    by        before                               after                                        reason",
        "─" * 191,
        "correction     #3 ← #1  engineering_labs_yearly    2020-12-31  2021-02-01 02:00  科技局王  中山市甲工程實驗室 as of 2020-12-31  中山市乙工程實驗室 as of 2020-12-31          名稱以認定文件為準",
        "late (--late)  #4       torch_national_incubators  2020-12-31  2021-03-01 02:00  科技局王                                       中山健康科技產業基地孵化器 as of 2020-12-31",
        "kind    id                         name                            before       after        why",
    ]
    assert text.splitlines()[-1] == "1 late, 1 corrections, 0 retractions; 7 verdicts flipped"

    tasks = valid(json.loads(run(runner, "status", "--tasks", "--as-of", "2021-06-30", "-f", "json").stdout))
    assert len(tasks["records"]) == 34
    assert tasks["counts"] == {"delayed": 1, "no_data": 26, "not_started": 0, "in_progress": 6, "completed": 1}
    c421 = next(r for r in tasks["records"] if r["task_id"] == "c4.2.1")
    assert (c421["verdict"], c421["lead_report"]["submission_id"], [c["unit_id"] for c in c421["contributions"]]) == ("in_progress", 7, ["torch"])

    units = run(runner, "units", "--as-of", "2021-06-30").stdout.split("tasks led, by reported state, as of 2021-06-30\n", 1)[1].splitlines()
    assert units[0].split() == ["unit", "delayed", "not", "reported", "not", "started", "in", "progress", "completed", "co-owned", "(reported/all)"]
    rows = {line.split()[1]: line.split()[2:] for line in units[2:]}
    assert rows["(torch)"] == ["0", "0", "0", "1", "1", "1/3"]  # c4.1.1 in progress, c4.3.1 completed; its part of c4.2.1 reported
    assert rows["(market_reg)"] == ["1", "0", "0", "2", "0", "0/2"]
    assert rows["(banfu)"] == ["0", "0", "0", "0", "0", "0/1"]

    # --- every step in the history, a reopen with its reason
    run(runner, "round", "reopen", "2021H1", "--reason", "板芙鎮補報", "--by", "科技局李")
    steps = run(runner, "round", "history", "2021H1").stdout.splitlines()
    assert [line.split("  ")[1].strip() for line in steps[3:]] == (
        ["open", "submit", "submit", "submit", "return", "submit", "submit"] + ["accept"] * 4 + ["remind", "close", "reopen"]
    )
    assert steps[-1] == "2021-07-20 02:00:00  reopen  科技局李                            板芙鎮補報"


def test_the_method_quotes_the_plans_own_sentences() -> None:
    from zsplan.text import fold

    source = fold((ROOT / "data" / "plan-source.txt").read_text(encoding="utf-8"))
    method = (ROOT / "docs" / "method.md").read_text(encoding="utf-8")
    for sentence in ("制定年度工作要點,任務分解到具體責任部門", "對各項任務和目標推進情況進行跟蹤落實,及時掌握進展情況,並做好年中對賬、年底總結"):
        assert f"「{sentence}」" in method and fold(sentence) in source


def test_an_import_into_a_closed_round_is_refused_unless_late(runner, clock, tmp_path: Path, isolated_db: Path) -> None:
    clock.at("2021-07-01T09:00:00+08:00")
    run(runner, "round", "open", "2021H1", "--unit", "torch")
    clock.at("2021-07-20T09:00:00+08:00")
    run(runner, "round", "close", "2021H1")
    rows = tmp_path / "rows.csv"
    rows.write_text("target,date,value\nhit_research_staff,2021-03-31,30\nhit_research_staff,2021-07-15,32\n", encoding="utf-8")
    before = settled_bytes(isolated_db)
    refused = run(runner, "import", str(rows), code=1)
    assert refused.stderr.endswith("Error: 2021-03-31 is inside round 2021H1 (2021-01-01 to 2021-06-30), closed on 2021-07-20 01:00 UTC; nothing was recorded: "
        "reopen the round ('zsplan round reopen 2021H1 --reason TEXT') or mark the entry late (--late)\n")  # fmt: skip
    assert settled_bytes(isolated_db) == before
    run(runner, "round", "reopen", "2021H1", "--reason", "補錄一季度數據")
    run(runner, "round", "close", "2021H1")
    clock.at("2021-07-21T09:00:00+08:00")
    run(runner, "import", str(rows), "--late", "--by", "科技局王")
    steps = run(runner, "round", "history", "2021H1").stdout.splitlines()
    assert steps[-1].split() == ["2021-07-21", "01:00:00", "late", "entry", "科技局王", "entry", "#1"]
    result = valid(
        json.loads(run(runner, "round", "diff", "2021H1", "--known-at", "2021-07-20T02:00:00Z", "--known-at", "2021-07-22T00:00:00Z", "-f", "json").stdout)
    )
    assert [(r["change"], r["entry_id"], r["marked_late"]) for r in result["records"] if r["record"] == "change"] == [
        ("late", 1, True)
    ]  # #2 is dated after 2021H1
    assert [(r["id"], r["before"], r["after"]) for r in result["records"] if r["record"] == "flip"] == [("hit_research_staff", "no_data", "on_track")]


def test_bad_sheet_rows_are_refused_with_row_column_and_fix(runner, clock, tmp_path: Path, isolated_db: Path) -> None:
    clock.at("2021-07-01T09:00:00+08:00")
    run(runner, "round", "open", "2021H1", "--unit", "dev_reform", "--unit", "torch")
    bad = sheet(
        runner,
        tmp_path,
        "2021H1",
        "dev_reform",
        {
            "c2.2.2": {"狀態": "差不多"},
            "c4.2.1": {"進展情況": "沒寫狀態"},
            "national_major_facilities": {"數值": "1"},
            "engineering_labs_yearly": {"事項": "中山某工程實驗室", "日期": "2021-07-05"},
            "torch_national_incubators": {"事項": "中山某孵化器"},  # 專欄4 makes 火炬開發區 its lead; 市發展改革局 co-owns it
        },
        extra=[{"類別": "指標", "編號": "provincial_lab", "數值": "1"}],
    )
    before = settled_bytes(isolated_db)
    result = run(runner, "round", "submit", "2021H1", "--unit", "dev_reform", str(bad), code=1)
    assert result.stderr.splitlines() == [
        "row 3, column 狀態: '差不多' is not a state; write 未啟動、推進中、已完成、滯後",
        "row 9, column 狀態: empty; 市發展改革局 leads this task: write 未啟動、推進中、已完成、滯後",
        (
            "row 12, column 數值: 市發展改革局 is co-responsible for national_major_facilities; its lead unit reports the figure (so it is counted once): "
            "write your part in 進展情況"
        ),
        "row 13, column 日期: 2021-07-05 is outside round 2021H1 (2021-01-01 to 2021-06-30); write a date in the period, or leave it empty for its last day",
        (
            "row 31, column 事項: 市發展改革局 is co-responsible for torch_national_incubators; its lead unit reports the figure (so it is counted once): "
            "write your part in 進展情況"
        ),
        (
            "row 45, column 編號: provincial_lab is not a task or target of 市發展改革局 in round 2021H1; "
            "keep the rows 'zsplan template --round 2021H1 --unit dev_reform' wrote"
        ),
        f"Error: {bad}: 6 problems in 市發展改革局's sheet for round 2021H1; nothing was recorded",
    ]
    assert settled_bytes(isolated_db) == before
    foreign = run(runner, "round", "submit", "2021H1", "--unit", "banfu", str(bad), code=2)
    assert foreign.stderr == "Error: round 2021H1 does not ask 板芙鎮 (banfu) to report; its units: dev_reform, torch\n"


def test_a_revision_0011_database_is_upgraded_to_0012_with_a_backup(runner, tmp_path: Path, initialised_template: Path) -> None:
    from conftest import downgrade
    from zsplan.store import migrate

    db = downgrade(copy_database(initialised_template, tmp_path / "v11.db"), "0011")
    result = runner.invoke(app, ["--db", str(db), "status", "--tasks"])
    assert result.exit_code == 0, result.output
    (backup,) = tmp_path.glob("v11.db.schema-0011-*.bak")
    assert result.stderr == f"upgraded the database schema from 0011 to {migrate.SCHEMA_HEAD} (backup: {backup})\n"
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM reporting_round").fetchone() == (0,)


def test_an_xlsx_round_sheet_goes_round_trip(runner, clock, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    clock.at("2021-07-01T09:00:00+08:00")
    run(runner, "round", "open", "2021H1", "--unit", "cuiheng")
    book = tmp_path / "cuiheng.xlsx"
    assert run(runner, "template", "--round", "2021H1", "--unit", "翠亨新區", "-o", str(book)).stdout == (
        f"wrote {book}: 4 tasks, 10 targets for 翠亨新區 in round 2021H1\n"
    )
    workbook = load_workbook(book)
    assert workbook.sheetnames == ["填報表", "填報說明"]
    sheet = workbook["填報表"]
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["類別", "編號", "名稱", "角色"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[1].value == "c4.3.2")
    assert (row[0].value, row[2].value, row[3].value) == ("任務", "四、（三）2.加快推動翠亨新區發展", "牽頭")
    row[header.index("狀態")].value = "推进中"  # Simplified is read too
    row[header.index("進展情況")].value = "起步區建設提速"
    workbook.save(book)
    clock.at("2021-07-09T09:00:00+08:00")
    assert run(runner, "round", "submit", "2021H1", "--unit", "cuiheng", str(book)).stdout == (
        "recorded submission #1 of 翠亨新區 to round 2021H1: 1 row, awaiting review\n"
    )
    again = run(runner, "round", "submit", "2021H1", "--unit", "cuiheng", str(book), code=1)
    assert again.stderr == "Error: 翠亨新區 has submission #1 to round 2021H1 awaiting review; accept or return it first\n"
    run(runner, "round", "accept", "2021H1", "--unit", "cuiheng")
    tasks = json.loads(run(runner, "status", "--tasks", "--unit", "cuiheng", "--as-of", "2021-06-30", "-f", "json").stdout)
    assert [(r["task_id"], r["verdict"]) for r in tasks["records"]] == [
        ("c2.1", "no_data"),
        ("c4.2.1", "no_data"),
        ("c4.2.3", "no_data"),
        ("c4.3.2", "in_progress"),
    ]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["round", "open", "2021H3"],
            2,
            "Error: round '2021H3' is not YYYY, YYYYH1, YYYYH2 or YYYYQ1–Q4; write e.g. 2021H1 (to 30 June) or 2021 (to 31 December)\n",
        ),
        (["round", "open", "2021H1"], 2, "Error: round 2021H1 is already open; 'zsplan round show 2021H1' shows it\n"),
        (["round", "open", "2021H2", "--due", "2021-12-01"], 2, "Error: --due 2021-12-01 is before the period ends (2021-12-31); give a date on or after it\n"),
        (["round", "open", "2021H2", "--unit", "torch", "--unit", "火炬開發區"], 2, "Error: a unit is named twice in --unit; name each once\n"),
        (["round", "show", "2022"], 2, "Error: no round 2022; rounds: 2021H1: open one with 'zsplan round open 2022'\n"),
        (["round", "diff", "2021H1"], 2, "Error: compare two rounds (round diff 2020 2021H1), or one round at two times (--known-at T1 --known-at T2)\n"),
        (
            ["round", "diff", "2021H1", "2021H1"],
            2,
            "Error: round 2021H1 is open: what changed since it is counted from its close; close it, or give --known-at twice\n",
        ),
        (["round", "reopen", "2021H1", "--reason", "x"], 1, "Error: round 2021H1 is open; only a closed round is reopened\n"),
        (["round", "accept", "2021H1", "--unit", "torch"], 1, "Error: torch has not submitted to round 2021H1; nothing to review\n"),
        (["round", "return", "2021H1", "--unit", "torch", "--reason", " "], 2, "Error: --reason is empty; say why the submission is returned\n"),
        (["round", "submit", "2021H1"], 2, "Error: --unit is required\n"),
    ],
)
def test_round_commands_refuse_bad_usage_and_write_nothing(runner, clock, isolated_db: Path, args: list[str], code: int, message: str) -> None:
    run(runner, "round", "open", "2021H1", "--unit", "torch")
    before = settled_bytes(isolated_db)
    result = run(runner, *args, code=code)
    assert result.stderr == message
    assert settled_bytes(isolated_db) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe\x00garbage", "neither UTF-8 nor GB18030/GBK text (byte 0); save the sheet as CSV UTF-8, or give its encoding with --encoding big5"),
        (b"target,value\nx,1\n", "no 編號 column"),
        ("類別,編號,顏色\n任務,c4.1.1,紅\n".encode(), "row 1, column 顏色: unknown column"),
    ],
)
def test_an_unreadable_or_foreign_sheet_is_refused_without_a_traceback(runner, clock, tmp_path: Path, isolated_db: Path, content: bytes, message: str) -> None:
    run(runner, "round", "open", "2021H1", "--unit", "torch")
    path = tmp_path / "sheet.csv"
    path.write_bytes(content)
    before = settled_bytes(isolated_db)
    result = runner.invoke(app, ["round", "submit", "2021H1", "--unit", "torch", str(path)])
    assert result.exit_code in (1, 2), result.output
    assert isinstance(result.exception, SystemExit), result.exception  # an Error line and an exit code, not a bug
    assert message in result.stderr and "Traceback" not in result.output
    assert settled_bytes(isolated_db) == before


def test_a_unit_that_reported_with_the_cli_submits_without_a_sheet(runner, clock, isolated_db: Path) -> None:
    clock.at("2021-07-01T09:00:00+08:00")
    run(runner, "round", "open", "2021H1", "--unit", "torch")
    clock.at("2021-07-05T09:00:00+08:00")
    run(runner, "task", "c4.1.1", "--unit", "torch", "--state", "已完成", "--date", "2021-06-30", "--evidence", "粵府函〔2021〕1號")
    assert (
        run(runner, "round", "submit", "2021H1", "--unit", "torch").stdout == "recorded submission #1 of 火炬開發區 to round 2021H1: 0 rows, awaiting review\n"
    )
    run(runner, "round", "accept", "2021H1", "--unit", "torch")
    (row,) = valid(json.loads(run(runner, "round", "show", "2021H1", "-f", "json").stdout))["records"]
    assert (row["state"], row["timeliness"], row["received_at"]) == ("accepted", "on_time", "2021-07-05T01:00:00Z")
    assert "### 四、（一）1.推進珠三角（中山）國家自主創新示範區建設（牽頭單位：火炬開發區）：已完成" in run(runner, "round", "report", "2021H1").stdout
