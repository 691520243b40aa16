"""The commands end to end through typer's CliRunner, each on its own temporary database."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import PLAN, cli_env, copy_database, settle, settled_bytes, write_plan
from zsplan.cli import app


def invoke(runner, *args: str):
    return runner.invoke(app, list(args))


def status_json(runner, *args: str) -> list[dict]:
    result = invoke(runner, "status", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["records"]


def by_id(rows: list[dict], target_id: str) -> dict:
    return next(row for row in rows if row["target_id"] == target_id)


# ----------------------------------------------------------------- validate


def test_validate_the_bundled_plan(runner) -> None:
    result = invoke(runner, "validate", str(PLAN))
    assert result.exit_code == 0, result.output
    assert result.stdout == (f"{PLAN}: valid: 59 measures (6 chapters, 20 sections, 29 numbered measures, 4 columns), 57 targets, 31 units\n")


def test_validate_lists_problems_and_exits_1(runner, tmp_path: Path) -> None:
    plan = PLAN.read_text(encoding="utf-8").replace("    min: 2\n    max: 3\n", "    min: 3\n    max: 2\n")
    path = write_plan(tmp_path, plan)
    result = invoke(runner, "validate", str(path))
    assert result.exit_code == 1
    line = plan.splitlines().index("    min: 3") + 1
    assert result.stdout == (
        f"{path}:{line}:5: [range] range min 3 is greater than max 2\n"
        f"{path}:{line}:5: [trace-number] range 3-2 is not what source_text states: it says 2家, 5家, 2-3家\n"
    )
    assert result.stderr == f"2 problems in {path}\n"


def test_validate_missing_file(runner, tmp_path: Path) -> None:
    result = invoke(runner, "validate", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'nope.yaml'}: no such file; give the path of a plan file such as data/plan.yaml\n"


# ----------------------------------------------------------------- status


def test_status_on_a_new_database_initialises_it_once(runner, isolated_db: Path) -> None:
    first = invoke(runner, "status")
    assert first.exit_code == 0, first.output
    assert first.stderr == f"initialised sqlite:///{isolated_db} from the bundled plan (59 measures, 57 targets, 31 units)\n"
    assert "57 targets:" in first.stdout
    second = invoke(runner, "status")
    assert second.exit_code == 0
    assert second.stderr == ""


def test_a_checklist_item_logged_as_the_first_command_is_known(runner, isolated_db: Path) -> None:
    # the bundled plan is loaded in the same transaction: its items and units must be visible to the log
    result = invoke(runner, "log", "drug_institute_five_ones", "--item", "中山新藥創制産業園", "--date", "2020-12-01")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("recorded entry #1 for drug_institute_five_ones")
    history = json.loads(invoke(runner, "history", "drug_institute_five_ones", "-f", "json").stdout)["records"]
    assert [row["item"] for row in history] == ["中山新藥創制産業園"]


def test_status_lists_every_target_of_the_plan(runner, initialised: Path) -> None:
    rows = status_json(runner, "--as-of", "2021-06-30")
    assert len(rows) == 57
    torch = by_id(rows, "torch_national_incubators")
    assert {
        key: torch[key]
        for key in ("name", "measure", "category", "unit", "kind", "target", "baseline", "achieved", "gap", "percent", "deadline", "status", "lead_unit")
    } == {
        "name": "火炬開發區國家級科技企業孵化器",
        "measure": "c4.2.1",
        "category": "incubator",
        "unit": "家",
        "kind": "number",
        "target": 4,
        "baseline": 0,
        "achieved": 0,
        "gap": 4,
        "percent": 0,
        "deadline": "2022-12-31",
        "status": "no_data",
        "lead_unit": "torch",
    }
    assert torch["source_text"] == "火炬開發區國家級雙創示範基地:到2022年建成國家級科技企業孵化器4家。"
    assert by_id(rows, "cuiheng_backbone_enterprises")["target"] == {"min": 2, "max": 3}
    assert by_id(rows, "engineering_labs_yearly")["target"] == 3
    assert [y["year"] for y in by_id(rows, "engineering_labs_yearly")["years"]] == [2020, 2021, 2022]
    assert len(by_id(rows, "drug_institute_five_ones")["items"]) == 5


def test_log_torch_incubators_three_of_four(runner, loaded: Path) -> None:
    incubators = [("中山火炬創新創業園", "2020-06-30"), ("中山市健康科技產業基地孵化器", "2020-12-31"), ("中山翠亨新區科創孵化器", "2021-06-30")]
    for name, date in incubators:
        result = invoke(runner, "log", "torch_national_incubators", "--item", name, "--date", date, "--evidence", "國科發區〔2020〕355號", "--by", "analyst")
        assert result.exit_code == 0, result.output
    assert result.stdout == (
        "recorded entry #3 for torch_national_incubators (火炬開發區國家級科技企業孵化器) as of 2021-06-30\n"
        "standing as of 2021-06-30: achieved 3 / target ≥4家, gap 1, 75%, status on_track\n"
    )
    torch = by_id(status_json(runner, "--as-of", "2021-06-30"), "torch_national_incubators")
    assert (torch["achieved"], torch["gap"], torch["percent"], torch["status"], torch["mode"]) == (3, 1, 75, "on_track", "items")
    # the same figure judged after the deadline
    late = by_id(status_json(runner, "--as-of", "2023-01-01"), "torch_national_incubators")
    assert (late["achieved"], late["gap"], late["status"], late["days_left"]) == (3, 1, "missed", -1)
    # and before the third was reported
    early = by_id(status_json(runner, "--as-of", "2021-06-29"), "torch_national_incubators")
    assert (early["achieved"], early["status"]) == (2, "behind")  # 2 < 4 × 638/1188 = 2.148


def test_checklist_items_and_milestones(runner, loaded: Path) -> None:
    assert invoke(runner, "log", "drug_institute_five_ones", "--item", "industrial_park", "--date", "2020-05-01").exit_code == 0
    assert invoke(runner, "log", "drug_institute_five_ones", "--item", "生物医药产业基金", "--date", "2021-01-10").exit_code == 0
    assert invoke(runner, "log", "second_prai_conference", "--date", "2020-11-30").exit_code == 0
    rows = status_json(runner, "--as-of", "2021-06-30")
    five = by_id(rows, "drug_institute_five_ones")
    assert (five["achieved"], five["target"], five["gap"], five["percent"]) == (2, 5, 3, 40)
    assert [item["id"] for item in five["items"] if item["done"]] == ["industrial_park", "industry_fund"]
    conference = by_id(rows, "second_prai_conference")
    assert (conference["achieved"], conference["gap"], conference["status"]) == (1, 0, "met")


def test_range_target_met_at_lower_bound(runner, loaded: Path) -> None:
    for name in ("明陽智慧能源集團", "中山大洋電機"):
        assert invoke(runner, "log", "cuiheng_backbone_enterprises", "--item", name, "--date", "2022-06-30").exit_code == 0
    row = by_id(status_json(runner, "--as-of", "2022-06-30"), "cuiheng_backbone_enterprises")
    assert (row["achieved"], row["gap"], row["percent"], row["status"]) == (2, 0, 100, "met")


def test_status_by_unit_in_either_script(runner, loaded: Path) -> None:
    traditional = status_json(runner, "--unit", "市發展改革局")
    simplified = status_json(runner, "--unit", "市发展改革局")
    by_id_ = status_json(runner, "--unit", "dev_reform")
    assert traditional == simplified == by_id_
    assert [row["target_id"] for row in traditional] == [
        "national_major_facilities",
        "engineering_labs_yearly",
        "drug_institute_five_ones",
        "hit_academicians",
        "hit_research_staff",
        "hit_platforms",
        "ucas_platforms",
        "ucas_teams",
        "ucas_key_technologies",
        "fudan_key_technologies",
        "fudan_researchers",
        "hkust_teams",
        "hkust_transfers",
        "amr_researchers",
        "amr_key_technologies",
        "fudan_centre_unveiled",
        "hkust_centre_unveiled",
        "amr_institute_unveiled",
        "innovation_contests",
        "torch_national_incubators",
        "cuiheng_public_platforms",
        "cuiheng_new_rd_institutions",
        "cuiheng_high_level_teams",
        "cuiheng_backbone_enterprises",
        "cuiheng_science_city",
        "gd_macao_cooperation_zone",
    ]


def test_status_by_category(runner, loaded: Path) -> None:
    assert [row["target_id"] for row in status_json(runner, "--category", "lab")] == [
        "provincial_lab",
        "engineering_labs_yearly",
        "hku_lab_branch",
        "macao_partner_lab",
    ]


def test_status_unknown_unit(runner, loaded: Path) -> None:
    result = invoke(runner, "status", "--unit", "市科枝局")
    assert result.exit_code == 2
    assert result.stderr == "Error: unknown unit '市科枝局'; did you mean '市科技局' or '市科協' or '市財政局'?\n"


def test_status_csv(runner, loaded: Path) -> None:
    result = invoke(runner, "status", "--format", "csv", "--as-of", "2021-06-30", "--category", "enterprise")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "target_id,name,chapter,measure,category,unit,kind,target,baseline,as_of,achieved,gap,percent,expected,deadline,deadline_inferred,days_left,status,pace,needed_per_month,stale,lead_unit,lead_unit_name\n"
        # needed per month: a gap of 2 over 549 days = 18.04 months → 0.11; no report in 639 days → stale
        "cuiheng_backbone_enterprises,翠亨新區10億元規模以上骨幹企業,四,c4.2.1,enterprise,家,range,2-3,0,2021-06-30,0,2,0,1.08,2022-12-31,false,549,no_data,no_data,0.11,true,cuiheng,翠亨新區\n"
    )


def test_status_table_groups_by_chapter_with_a_summary(runner, loaded: Path) -> None:
    invoke(runner, "log", "hit_research_staff", "30", "--date", "2021-06-30")
    result = invoke(runner, "status", "--as-of", "2021-06-30")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert (
        out.index("二、建設高端創新平台,提高科技創新能力")
        < out.index("三、推動産業技術創新")
        < out.index("四、完善孵化育成體系")
        < out.index("五、深化體制機制改革")
    )
    assert "57 targets: 0 missed, 0 behind, 56 no_data, 1 on_track, 0 met" in out
    assert "\x1b[" not in out  # no colour codes when not a terminal


# ----------------------------------------------------------------- bad input leaves the database as it was


def usage(command: str, parameter: str, message: str) -> str:
    """What click prints for a value a parameter type refuses: usage, a hint, and the message."""
    name = command.split(maxsplit=1)[0]
    return f"Usage: zsplan {command}\nTry 'zsplan {name} --help' for help.\n\nError: Invalid value for {parameter}: {message}\n"


BAD_INPUT = [
    (["log", "hit_staff", "3"], "Error: unknown target 'hit_staff'; did you mean 'hit_research_staff' or 'hit_platforms'?\n"),
    (
        ["log", "孵化器", "3"],
        "Error: unknown target '孵化器'; names containing it: incubator_operation_evaluation (孵化器運營評價), torch_national_incubators (火炬開發區國家級科技企業孵化器)\n",
    ),
    (["log", "hit_research_staff", "--", "-1"], "Error: value -1 is negative; 'hit_research_staff' counts 人 and cannot go below 0\n"),
    (["log", "hit_research_staff", "-2"], "Error: value -2 is negative; 'hit_research_staff' counts 人 and cannot go below 0\n"),
    (["log", "hit_research_staff", "three"], usage("log [OPTIONS] TARGET [VALUE]", "'[VALUE]'", "'three' is not a number; give a count such as 3")),
    (
        ["log", "hit_research_staff", "3", "--date", "2021-13-01"],
        usage("log [OPTIONS] TARGET [VALUE]", "'--date'", "2021-13-01 is not a valid date (month must be in 1..12)"),
    ),
    (
        ["log", "hit_research_staff", "3", "--date", "2021-02-30"],
        usage("log [OPTIONS] TARGET [VALUE]", "'--date'", "2021-02-30 is not a valid date (day is out of range for month)"),
    ),
    (
        ["log", "hit_research_staff", "3", "--date", "30/06/2021"],
        usage("log [OPTIONS] TARGET [VALUE]", "'--date'", "'30/06/2021' is not a date; write YYYY-MM-DD, e.g. 2021-06-30"),
    ),
    (["status", "--as-of", "2019-09-29"], "Error: --as-of 2019-09-29 is before the plan was issued (2019-09-30); nothing can be judged then\n"),
    (["status", "--unit", ""], "Error: --unit is empty; give a unit id or its Chinese name\n"),
    (["status", "--stale-days", "-5"], usage("status [OPTIONS]", "'--stale-days'", "-5 is not in the range x>=0.")),
    (["explain", "hit_research_staff", "--stale-days", "-1"], usage("explain [OPTIONS] TARGET", "'--stale-days'", "-1 is not in the range x>=0.")),
    (["report", "--period", "2021H1", "--stale-days", "-1"], usage("report [OPTIONS]", "'--stale-days'", "-1 is not in the range x>=0.")),
    (["status", "--as-of", ""], usage("status [OPTIONS]", "'--as-of'", "'' is not a date; write YYYY-MM-DD, e.g. 2021-06-30")),
    (["status", "--known-at", ""], usage("status [OPTIONS]", "'--known-at'", "'' is not an ISO 8601 timestamp; write e.g. 2021-07-05T09:00:00Z")),
    (
        ["status", "--known-at", "yesterday"],
        usage("status [OPTIONS]", "'--known-at'", "'yesterday' is not an ISO 8601 timestamp; write e.g. 2021-07-05T09:00:00Z"),
    ),
    (["--db", "", "status"], "Error: --db is empty; give a file path or an SQLAlchemy URL\n"),
    (["--db", "sqlite://", "status"], "Error: 'sqlite://' is an in-memory database, which keeps nothing after the command; give a file path\n"),
    (["log", "fudan_researchers", "1e308"], "Error: value 1e+308 is implausibly large for 'fudan_researchers' (at most 1,000,000 人 per report)\n"),
    (["log", "fudan_researchers", "1", "--note", "bell\x07"], "Error: --note contains the control character U+0007; remove it\n"),
    (["log", "fudan_researchers", "1", "--evidence", "x" * 2001], "Error: --evidence is 2001 characters long; keep it under 2000 (cite a document instead)\n"),
    (["log", "fudan_researchers", "2.5"], "Error: value 2.5 is not a whole number; 'fudan_researchers' counts 人\n"),
    (["log", "hit_research_staff", "inf"], "Error: value inf is not a finite number; give the figure as a number such as 3 or 2.5\n"),
    (["log", "hit_research_staff", "nan"], "Error: value nan is not a finite number; give the figure as a number such as 3 or 2.5\n"),
    (
        ["log", "drug_institute_five_ones", "--item", "公共技术平台", "--date", "2021-01-01"],
        "Error: item '公共技術平台' of 'drug_institute_five_ones' is already recorded (entry #2, as of 2020-06-30); an item counts once\n",
    ),
    (
        ["log", "ucas_teams", "--item", "智能  傳感器團隊", "--date", "2021-01-01"],
        "Error: item '智能傳感器團隊' of 'ucas_teams' is already recorded (entry #3, as of 2020-06-30); an item counts once\n",
    ),
    (
        ["log", "ucas_teams", "--item", "智能传感器团队"],
        "Error: item '智能傳感器團隊' of 'ucas_teams' is already recorded (entry #3, as of 2020-06-30); an item counts once\n",
    ),
    (
        ["log", "ucas_teams", "--item", "智能\u200b傳感器團隊\u00ad"],
        "Error: item '智能傳感器團隊' of 'ucas_teams' is already recorded (entry #3, as of 2020-06-30); an item counts once\n",
    ),
    (["log", "ucas_teams", "--item", "\u200b\ufeff"], "Error: --item is empty; give the name of the achievement (e.g. the incubator's name)\n"),
    (["log", "fudan_researchers", "1", "--note", "abc\u202edcba"], "Error: --note contains the control character U+202E; remove it\n"),
    (["log", "ucas_teams", "3"], "Error: 'ucas_teams' is tracked by named items (台賬); name each achievement in --item, one per entry\n"),
    (["log", "ucas_teams", "--item", "   "], "Error: --item is empty; give the name of the achievement (e.g. the incubator's name)\n"),
    (
        ["status", "--category", "labs"],
        "Error: unknown category 'labs'; use one of infrastructure, lab, university, discipline, institution, platform, team, technology, transfer, talent, incubator, enterprise, base, event, policy, organisation\n",
    ),
    (
        ["log", "hit_research_staff", "3", "--date", "2019-09-29"],
        (
            "Error: date 2019-09-29 is before the baseline date 2019-09-30 of 'hit_research_staff': it is recorded as a baseline fact, "
            "which needs its evidence; give --evidence (the document that shows it)\n"
        ),
    ),
    (
        ["log", "hit_research_staff", "3", "--date", "2999-01-01"],
        f"Error: date 2999-01-01 is in the future (today is {dt.date.today()}); progress is reported as of a past or present date\n",
    ),
    (["log", "hit_research_staff"], "Error: give a value for 'hit_research_staff' (level reached, in 人)\n"),
    (["log", "second_prai_conference", "2"], "Error: 'second_prai_conference' is a milestone; give 1 (done) or 0 (not yet), got 2\n"),
    (
        ["log", "talent_apartments"],
        "Error: 'talent_apartments' is a checklist; name one of its items in --item: talent_apartment (精品人才公寓), scientist_apartment (科學家公寓)\n",
    ),
    (
        ["log", "talent_apartments", "--item", "library"],
        "Error: unknown item 'library' of 'talent_apartments'; items: talent_apartment (精品人才公寓), scientist_apartment (科學家公寓)\n",
    ),
    (["log", "hit_research_staff", "3", "--item", "x"], "Error: --item is for targets tracked by named items; 'hit_research_staff' takes a value\n"),
    (["correct", "99", "3", "--reason", "typo"], "Error: no progress entry #99; 'zsplan history TARGET' lists a target's entries\n"),
    (["correct", "1", "3"], "Error: --reason is required: say why, it is kept in the history\n"),
    (["correct", "1", "3", "--reason", "  "], "Error: --reason is empty; say why the entry is corrected or retracted\n"),
    (["correct", "1", "-5", "--reason", "typo"], "Error: value -5 is negative; 'hit_research_staff' counts 人 and cannot go below 0\n"),
    (
        ["correct", "2", "4", "--date", "2020-07-01", "--reason", "recount"],
        "Error: entry #2 records a named item of 'drug_institute_five_ones', which is counted by its items; correct the name with --item NAME or the date with --date, or retract the entry\n",
    ),
    (
        ["correct", "2", "--item", "生物醫藥產業基金", "--reason", "renamed"],
        "Error: item '生物醫藥産業基金' of 'drug_institute_five_ones' is already recorded (entry #4, as of 2020-06-30); an item counts once\n",
    ),
    (["retract", "1"], "Error: --reason is required: say why, it is kept in the history\n"),
    (["items", "hit_research_staff"], "Error: 'hit_research_staff' is tracked by values, not named items; see 'zsplan history hit_research_staff'\n"),
    (["history", "nothing_here"], "Error: unknown target 'nothing_here'; run 'zsplan status' to list target ids\n"),
]


#: What the bad input above refers to: entry #1 of hit_research_staff and items as entries #2–#4, all as of 2020-06-30.
BAD_INPUT_LEDGER = [
    ["hit_research_staff", "1"],
    ["drug_institute_five_ones", "--item", "public_platform"],
    ["ucas_teams", "--item", "智能傳感器團隊"],
    ["drug_institute_five_ones", "--item", "industry_fund"],
]


@pytest.fixture(scope="module")
def bad_input_template(loaded_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A settled database file holding the plan and the BAD_INPUT_LEDGER entries, logged once for all the bad-input cases."""
    db = copy_database(loaded_template, tmp_path_factory.mktemp("bad-input") / "zsplan.db")
    for setup in BAD_INPUT_LEDGER:
        result = CliRunner().invoke(app, ["log", *setup, "--date", "2020-06-30"], env=cli_env(db))
        assert result.exit_code == 0, result.output
    settle(db)
    return db


@pytest.fixture
def bad_input_ledger(bad_input_template: Path, isolated_db: Path) -> Path:
    """This test's database (``ZSPLAN_DB``): a copy of ``bad_input_template``."""
    return copy_database(bad_input_template, isolated_db)


@pytest.mark.parametrize(("args", "message"), BAD_INPUT, ids=[" ".join(args) for args, _ in BAD_INPUT])
def test_bad_input_is_refused_and_writes_nothing(runner, bad_input_ledger: Path, args: list[str], message: str) -> None:
    before = settled_bytes(bad_input_ledger)
    result = invoke(runner, *args)
    assert result.exit_code == 2, result.output
    assert result.stderr == message
    assert result.stdout == ""
    assert settled_bytes(bad_input_ledger) == before


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["status", "--format", "xml"], "'xml' is not one of"),
    ],
)
def test_malformed_arguments_are_usage_errors(runner, loaded: Path, args: list[str], fragment: str) -> None:
    before = settled_bytes(loaded)
    result = invoke(runner, *args)
    assert result.exit_code == 2
    assert fragment in result.stderr
    assert settled_bytes(loaded) == before


# ----------------------------------------------------------------- load


def test_loading_the_same_plan_twice_changes_nothing(runner, loaded: Path) -> None:
    before = settled_bytes(loaded)
    result = invoke(runner, "load", str(PLAN))
    assert result.exit_code == 0, result.output
    assert result.stdout == "unchanged: the database already holds these definitions (59 measures, 57 targets, 31 units)\n"
    assert settled_bytes(loaded) == before


def test_reloading_an_edited_plan_keeps_progress(runner, loaded: Path, tmp_path: Path) -> None:
    assert invoke(runner, "log", "torch_national_incubators", "--item", "中山火炬創新創業園", "--date", "2021-06-30").exit_code == 0
    edited = PLAN.read_text(encoding="utf-8").replace("name: 火炬開發區國家級科技企業孵化器", "name: 火炬開發區國家級孵化器")
    result = invoke(runner, "load", str(write_plan(tmp_path, edited)))
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("targets added 0, updated 1, removed 0\n")
    torch = by_id(status_json(runner, "--as-of", "2021-06-30"), "torch_national_incubators")
    assert (torch["name"], torch["achieved"]) == ("火炬開發區國家級孵化器", 1)


def test_reload_that_drops_a_target_with_progress_is_refused(runner, loaded: Path, tmp_path: Path) -> None:
    assert invoke(runner, "log", "torch_national_incubators", "--item", "甲孵化器", "--date", "2021-06-30").exit_code == 0
    assert invoke(runner, "log", "torch_national_incubators", "--item", "乙孵化器", "--date", "2022-06-30").exit_code == 0
    text = PLAN.read_text(encoding="utf-8")
    start = text.index("  - id: torch_national_incubators")
    end = text.index("  - id: cuiheng_public_platforms")
    path = write_plan(tmp_path, text[:start] + text[end:])
    before = settled_bytes(loaded)
    result = invoke(runner, "load", str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: refusing to load: the new plan drops or redefines targets that have logged progress:\n"
        "  target 'torch_national_incubators' has 2 progress entries (#1…#2)\n"
        "keep them as they are in the plan file (ids, kind, stock/flow and mode are permanent once progress is logged)\n"
    )
    assert settled_bytes(loaded) == before


def test_load_of_an_invalid_plan_writes_nothing(runner, loaded: Path, tmp_path: Path) -> None:
    path = write_plan(tmp_path, PLAN.read_text(encoding="utf-8").replace("    value: 4\n", "    value: four\n"))
    before = settled_bytes(loaded)
    result = invoke(runner, "load", str(path))
    assert result.exit_code == 1
    line = PLAN.read_text(encoding="utf-8").splitlines().index("    value: 4") + 1
    assert result.stderr == (
        f"{path}:{line}:5: [schema] value: 'four' is not a number; write digits only, e.g. 4\nError: {path} has 1 problem; nothing was loaded\n"
    )
    assert settled_bytes(loaded) == before


@pytest.mark.parametrize("columns", ["200", "120", "80"])
def test_status_table_never_cuts_text(runner, loaded: Path, monkeypatch: pytest.MonkeyPatch, columns: str) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    result = invoke(runner, "status", "--as-of", "2021-06-30")
    assert result.exit_code == 0, result.output
    assert "…" not in result.stdout
    assert all(len(line) <= int(columns) for line in result.stdout.splitlines() if line.isascii())
    compact = "".join(result.stdout.split())
    for name in ("智能移動機器人(中山)研究院(AMR)落地挂牌", "中科院藥物創新研究院中山研究院“五個一”", "provincial_characteristic_schools"):
        assert name in compact  # wrapped, perhaps, but whole
    assert compact.count("no_data") == 58  # 57 rows and the summary line


def test_help_examples_stay_one_per_line(runner) -> None:
    result = invoke(runner, "log", "--help")
    assert "\n    zsplan log drug_institute_five_ones --item industrial_park\n" in result.stdout


@pytest.mark.parametrize("columns", ["", "abc", "0"])
def test_unusable_columns_falls_back_to_a_default_width(runner, loaded: Path, monkeypatch: pytest.MonkeyPatch, columns: str) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    result = invoke(runner, "status")
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.stdout.splitlines() if line.isascii()) <= 160


def test_piped_table_lines_have_no_trailing_blanks(runner, loaded: Path) -> None:
    result = invoke(runner, "status")
    assert all(line == line.rstrip() for line in result.stdout.splitlines())


def test_notes_with_brackets_are_kept_verbatim(runner, loaded: Path) -> None:
    result = invoke(runner, "log", "hit_research_staff", "1", "--date", "2020-01-02", "--note", "[red]見[/red] :smile:")
    assert result.exit_code == 0, result.output
    from sqlmodel import Session, create_engine, select

    from zsplan.store.tables import ProgressEntry

    with Session(create_engine(f"sqlite:///{loaded}")) as session:
        assert session.exec(select(ProgressEntry.note)).one() == "[red]見[/red] :smile:"


def test_reload_that_redefines_a_target_with_progress_is_refused(runner, loaded: Path, tmp_path: Path) -> None:
    assert invoke(runner, "log", "second_prai_conference", "--date", "2020-11-30").exit_code == 0
    text = PLAN.read_text(encoding="utf-8")
    start = text.index("  - id: second_prai_conference")
    end = text.index("  - id: torch_national_incubators")
    block = (
        text[start:end]
        .replace("    progress: stock\n", "    progress: flow\n")
        .replace("baseline: {value: 0, date: 2019-09-30}", "baseline: {value: 0, date: 2021-01-01}")
    )
    path = write_plan(tmp_path, text[:start] + block + text[end:])
    before = settled_bytes(loaded)
    result = invoke(runner, "load", str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: refusing to load: the new plan drops or redefines targets that have logged progress:\n"
        "  target 'second_prai_conference' would change from milestone/stock/value to milestone/flow/value, which changes what its 1 progress entry (#1) mean\n"
        "  target 'second_prai_conference' would get baseline date 2021-01-01, after its entry dated 2020-11-30\n"
        "keep them as they are in the plan file (ids, kind, stock/flow and mode are permanent once progress is logged)\n"
    )
    assert settled_bytes(loaded) == before


def test_failed_first_command_leaves_no_database(runner, tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    result = invoke(runner, "--db", str(db), "log", "no_such_target", "1")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: unknown target 'no_such_target'")
    assert "initialised" not in result.stderr
    assert db.read_bytes() == b""  # rolled back: at most an empty file, which counts as a new database


def test_failed_first_command_on_an_empty_file_keeps_it_empty(runner, tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    db.write_bytes(b"")
    result = invoke(runner, "--db", str(db), "log", "torch_national_incubators", "-1")
    assert result.exit_code == 2
    assert db.read_bytes() == b""


def test_another_applications_database_is_left_alone(runner, tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "other.db"
    with sqlite3.connect(db) as connection:
        connection.execute("CREATE TABLE unit (code TEXT)")
    before = settled_bytes(db)
    result = invoke(runner, "--db", str(db), "status")
    assert result.exit_code == 2
    assert result.stderr == f"Error: database sqlite:///{db} belongs to another application (tables: unit); give zsplan a database of its own with --db\n"
    assert settled_bytes(db) == before


def test_a_file_that_is_not_a_database(runner, tmp_path: Path) -> None:
    db = tmp_path / "notes.txt"
    db.write_text("just some text, not SQLite\n" * 100)
    before = db.read_bytes()
    result = invoke(runner, "--db", str(db), "status")
    assert result.exit_code == 2
    assert result.stderr == f"Error: database sqlite:///{db}: file is not a database\n"
    assert db.read_bytes() == before


@pytest.mark.slow
def test_concurrent_first_runs_load_the_plan_once(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    db = tmp_path / "shared.db"
    env = {**os.environ, "ZSPLAN_DB": str(db)}
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "zsplan.cli", "log", "hit_research_staff", "1", "--date", "2021-01-01"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(4)
    ]
    outcomes = [(process.wait(), process.stderr.read().decode()) for process in processes]
    assert [code for code, _ in outcomes] == [0, 0, 0, 0], outcomes
    assert sum("initialised" in err for _, err in outcomes) == 1
    import sqlite3

    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM load_history").fetchone() == (1,)
        assert connection.execute("SELECT count(*), sum(value) FROM progress_entry").fetchone() == (4, 4.0)


def test_terminal_table_matches_the_piped_one(runner, loaded: Path) -> None:
    """On a terminal the same columns come through rich's tables, with the status word coloured."""
    import datetime as dt_
    import io
    import re

    from rich.console import Console

    from zsplan.render.status import render_status_table
    from zsplan.service.assess import assess_plan
    from zsplan.store.db import get_engine, sqlite_url

    assert invoke(runner, "log", "hit_research_staff", "30", "--date", "2021-06-30").exit_code == 0
    report = assess_plan(get_engine(sqlite_url(loaded)), as_of=dt_.date(2021, 6, 30), category="talent")
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=160, color_system="standard", highlight=False, markup=False, emoji=False)
    render_status_table(console, "title", report.standings)
    text = buffer.getvalue()
    assert "\x1b[" in text  # colour on a terminal
    words = re.sub(r"\x1b\[[0-9;]*m", "", text)
    assert "hit_research_staff" in words and "哈工大無人裝備與人工智能創新中心專職科研團隊" in "".join(words.split())
    assert "on_track" in words and "≥50人" in words
    assert "4 targets: 0 missed, 0 behind, 3 no_data, 1 on_track, 0 met" in words


@pytest.mark.slow
@pytest.mark.parametrize("output", ["json", "csv", "table"])
def test_a_reader_that_stops_early_ends_the_output_quietly(tmp_path: Path, loaded_template: Path, output: str) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "ZSPLAN_DB": str(copy_database(loaded_template, tmp_path / "z.db"))}
    process = subprocess.Popen([sys.executable, "-m", "zsplan.cli", "status", "--format", output], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # as `zsplan status | head -0` does: every write meets a closed pipe
    assert (process.wait(), process.stderr.read()) == (0, b"")


@pytest.mark.slow
@pytest.mark.parametrize("output", ["json", "csv", "table"])
def test_output_to_a_full_disk_is_an_error(tmp_path: Path, loaded_template: Path, output: str) -> None:
    import os
    import subprocess
    import sys

    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    env = {**os.environ, "ZSPLAN_DB": str(copy_database(loaded_template, tmp_path / "z.db"))}
    with open("/dev/full", "wb") as full:
        result = subprocess.run([sys.executable, "-m", "zsplan.cli", "status", "--format", output], env=env, stdout=full, stderr=subprocess.PIPE)
    assert (result.returncode, result.stderr) == (2, b"Error: cannot write the output: No space left on device\n")
