"""Several plans in one database (issue: any plan, in one ledger): load adds a plan beside the first and
removes nothing of it, every command takes --plan, keys stay unique, links between plans show both ways,
and the bundled plan's figures are what they were."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from conftest import ROOT, copy_database, settled_bytes, write_plan
from zsplan.cli import app

FYP = ROOT / "examples" / "cn-14th-fyp-sti.yaml"
WORK_POINTS = ROOT / "examples" / "zs-work-points-2020.yaml"
BUNDLED = "zs-gba-itic-2019"
FYP_ID = "cn-14th-fyp-sti-2021"


def run(runner, *args: str, code: int = 0):
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result


def records(text: str) -> list[dict]:
    return json.loads(text)["records"]


def test_a_second_plan_is_added_beside_the_first_and_the_first_reads_as_before(runner, loaded: Path) -> None:
    before = run(runner, "status", "--as-of", "2021-06-30", "--format", "json").stdout
    result = run(runner, "load", str(FYP))
    assert result.stdout == (
        f"loaded {FYP}: 3 measures, 5 targets, 0 units; targets added 5, updated 0, removed 0; plan {FYP_ID} added beside {BUNDLED} (choose with --plan)\n"
    )
    assert records(run(runner, "plans", "--format", "json").stdout) == [
        {
            "id": FYP_ID,
            "title": "国民经济和社会发展第十四个五年规划和2035年远景目标纲要（科技创新与数字化目标摘录）",
            "issued": "2021-03-11",
            "targets": 5,
            "measures": 3,
        },
        {"id": BUNDLED, "title": "中山市推進粵港澳大灣區國際科技創新中心建設專項行動計劃", "issued": "2019-09-30", "targets": 57, "measures": 59},
    ]
    assert run(runner, "status", "--plan", BUNDLED, "--as-of", "2021-06-30", "--format", "json").stdout == before
    assert run(runner, "--plan", BUNDLED, "status", "--as-of", "2021-06-30", "--format", "json").stdout == before
    fyp = records(run(runner, "status", "--plan", FYP_ID, "--as-of", "2022-06-30", "--format", "json").stdout)
    assert [record["target_id"] for record in fyp] == ["rd_growth", "high_value_patents", "digital_core_share", "basic_research_share", "basic_research_2025"]
    # reloading the bundled plan leaves the other plan where it is
    assert run(runner, "load", str(ROOT / "data" / "plan.yaml")).stdout.startswith("unchanged: ")
    assert [plan["id"] for plan in records(run(runner, "plans", "--format", "json").stdout)] == [FYP_ID, BUNDLED]


def test_with_several_plans_a_command_that_reads_the_plan_asks_which(runner, loaded: Path, monkeypatch) -> None:
    run(runner, "load", str(FYP))
    result = run(runner, "status", code=2)
    assert result.stderr == (
        f"Error: this database holds 2 plans ({FYP_ID}, {BUNDLED}); choose one with --plan ID or $ZSPLAN_PLAN ('zsplan plans' lists them)\n"
    )
    assert run(runner, "status", "--lang", "zh", code=2).stderr == (
        f"錯誤：此數據庫存有2個規劃（{FYP_ID}, {BUNDLED}）；請用--plan ID或環境變量ZSPLAN_PLAN指定其一（「zsplan plans」列出全部規劃）\n"
    )
    assert run(runner, "status", "--plan", "nope", code=2).stderr == (
        f"Error: no plan 'nope' in this database (it holds {FYP_ID}, {BUNDLED}); 'zsplan plans' lists them\n"
    )
    monkeypatch.setenv("ZSPLAN_PLAN", FYP_ID)
    assert run(runner, "status").stdout.startswith("国民经济和社会发展第十四个五年规划")


def test_a_target_key_finds_its_plan_without_plan(runner, loaded: Path) -> None:
    run(runner, "load", str(FYP))
    result = run(runner, "log", "rd_growth", "7.2", "--date", "2023-12-31", "--evidence", "統計公報")
    assert result.stdout.splitlines() == [
        "recorded entry #1 for rd_growth (全社会研发经费投入年均增长) as of 2023-12-31",
        "standing as of 2023-12-31: achieved 7.2 / target ≥7%, gap 0, 103%, status met",
    ]
    assert "全社会研发经费投入年均增长" in run(runner, "explain", "rd_growth", "--as-of", "2024-01-31").stdout
    wrong = run(runner, "explain", "rd_growth", "--plan", BUNDLED, code=2)
    assert wrong.stderr == f"Error: this belongs to plan '{FYP_ID}', not to the plan asked for ('{BUNDLED}'); give --plan {FYP_ID}\n"
    # the bundled plan's standings did not move
    bundled = records(run(runner, "status", "--plan", BUNDLED, "--as-of", "2024-01-31", "--format", "json").stdout)
    assert len(bundled) == 57 and all(record["achieved"] == 0 for record in bundled)


OTHER = """
plan:
  id: other-plan
  title: 另一規劃
  issuer: 中山市人民政府
  issued: 2020-01-01
  source_url: https://example.org/other
  source_file: plan-source.txt
  horizon: {start: 2020-01-01, end: 2022-12-31}
units:
  - {id: sci_tech, name: 市科技局, name_en: Zhongshan Municipal Bureau of Science and Technology}
measures:
  - {id: c2, level: chapter, number: 二, title: "建設高端創新平台,提高科技創新能力"}
  - {id: c2.2, parent: c2, level: section, number: (二), title: 加快完善實驗室體系建設}
  - {id: c2.2.1, parent: c2.2, level: measure, number: "1.", title: 謀劃建設省實驗室, units: [sci_tech]}
targets:
  - id: provincial_lab
    name: 另一規劃的省實驗室
    measure: c2.2.1
    category: lab
    unit: 家
    kind: number
    mode: value
    comparator: at_least
    value: 1
    deadline: 2022-12-31
    baseline: {value: 0, date: 2020-01-01}
    progress: stock
    strength: aspirational
    source_text: "力爭布局建設1家省實驗室"
"""


def test_an_id_another_plan_uses_is_stored_under_a_qualified_key(runner, loaded: Path, tmp_path: Path) -> None:
    path = write_plan(tmp_path, OTHER, name="other.yaml")
    assert run(runner, "load", str(path)).stdout.endswith("plan other-plan added beside zs-gba-itic-2019 (choose with --plan)\n")
    with sqlite3.connect(loaded) as connection:
        assert connection.execute("SELECT id, plan_id FROM target WHERE name = '另一規劃的省實驗室'").fetchall() == [
            ("other-plan:provincial_lab", "other-plan")
        ]
        assert connection.execute("SELECT count(*) FROM measure WHERE plan_id = 'other-plan' AND id LIKE 'other-plan:%'").fetchone() == (3,)
    # the plan's own id, with the plan selected, finds its record; the bare key finds the bundled plan's
    run(runner, "log", "provincial_lab", "1", "--plan", "other-plan", "--date", "2021-03-01")
    history = json.loads(run(runner, "history", "other-plan:provincial_lab", "--format", "json").stdout)
    assert [(record["id"], record["value"]) for record in history["records"]] == [(1, 1)]
    assert run(runner, "explain", "provincial_lab", "--as-of", "2021-06-30", code=2).stderr == (
        "Error: target id 'provincial_lab' is in 2 plans (other-plan, zs-gba-itic-2019); give --plan ID, "
        "or write it as other-plan:provincial_lab or zs-gba-itic-2019:provincial_lab\n"
    )
    for asked in (["zs-gba-itic-2019:provincial_lab"], ["provincial_lab", "--plan", BUNDLED]):
        assert run(runner, "explain", *asked, "--as-of", "2021-06-30").stdout.startswith("provincial_lab — 省實驗室")
    assert run(runner, "explain", "other-plan:provincial_lab", "--as-of", "2021-06-30").stdout.startswith("other-plan:provincial_lab — 另一規劃的省實驗室")
    # a task's own id with its plan asked for; an id in two plans without it is refused
    assert run(runner, "explain", "c2.2.1", "--plan", "other-plan").stdout.startswith("other-plan:c2.2.1 ")
    assert run(runner, "explain", "c2.2.1", code=2).stderr.startswith("Error: task id 'c2.2.1' is in 2 plans (other-plan, zs-gba-itic-2019)")
    # review and source of another plan's entry are refused when --plan names another plan; nothing written
    before = settled_bytes(loaded)
    refused = run(runner, "review", "1", "--reject", "--reason", "x", "--plan", BUNDLED, code=2)
    assert refused.stderr == "Error: this belongs to plan 'other-plan', not to the plan asked for ('zs-gba-itic-2019'); give --plan other-plan\n"
    assert settled_bytes(loaded) == before
    other = records(run(runner, "status", "--plan", "other-plan", "--as-of", "2021-06-30", "--format", "json").stdout)
    assert [(record["target_id"], record["achieved"], record["status"]) for record in other] == [("other-plan:provincial_lab", 1, "met")]
    bundled = {record["target_id"]: record for record in records(run(runner, "status", "--plan", BUNDLED, "--as-of", "2021-06-30", "--format", "json").stdout)}
    assert bundled["provincial_lab"]["achieved"] == 0
    # reloading the other plan keeps its keys (its entry stays with it)
    assert run(runner, "load", str(path)).stdout.startswith("unchanged: ")
    assert run(runner, "verify").exit_code == 0


def test_a_unit_id_naming_another_unit_is_refused_and_nothing_is_written(runner, loaded: Path, tmp_path: Path) -> None:
    path = write_plan(tmp_path, OTHER.replace("name: 市科技局", "name: 市科學技術協會"), name="clash.yaml")
    before = settled_bytes(loaded)
    result = run(runner, "load", str(path), code=1)
    assert result.stderr == (
        "Error: refusing to load: a unit id names one organisation in every plan of the database:\n"
        "  unit 'sci_tech' is 市科技局 in plan zs-gba-itic-2019, but this plan names it 市科學技術協會\n"
        "use the same id and name for the same unit, and another id and name for another unit\n"
    )
    assert settled_bytes(loaded) == before


def test_links_between_plans_show_from_both_ends(runner, loaded: Path) -> None:
    run(runner, "load", str(WORK_POINTS))
    up = run(runner, "explain", "hku_lab_branch", "--as-of", "2020-06-30", "--lang", "en").stdout
    assert "fed by             zs-work-points-2020: hku_lab_branch_2020 — 生物醫藥國家重點實驗室廣東藥科大學分中心" in up
    assert "carried out by     zs-work-points-2020: wp1.1.1 — 1. 共建粵港澳聯合實驗室" in up
    down = run(runner, "explain", "hku_lab_branch_2020", "--as-of", "2020-06-30", "--lang", "en").stdout
    assert "feeds              zs-gba-itic-2019: hku_lab_branch — 生物醫藥國家重點實驗室廣東藥科大學分中心" in down
    assert "under              zs-gba-itic-2019: c2.2.3 — 3. 共建粵港澳聯合實驗室" in down
    task = run(runner, "explain", "c2.2.3", "--as-of", "2020-06-30", "--lang", "en").stdout
    assert "  carried out by: zs-work-points-2020: wp1.1.1 — 1. 共建粵港澳聯合實驗室\n" in task
    assert "  under: zs-gba-itic-2019: c2.2.3 — 3. 共建粵港澳聯合實驗室\n" in run(runner, "explain", "wp1.1.1", "--as-of", "2020-06-30", "--lang", "en").stdout
    zh = run(runner, "explain", "hku_lab_branch", "--as-of", "2020-06-30", "--lang", "zh").stdout
    assert "落實本措施的任務   《中山市推進粵港澳大灣區國際科技創新中心建設2020年工作要點（格式示例）》1. 共建粵港澳聯合實驗室" in zh


def test_a_link_to_a_plan_not_loaded_is_kept_and_said(runner, isolated_db: Path) -> None:
    run(runner, "load", str(WORK_POINTS))
    down = run(runner, "explain", "hku_lab_branch_2020", "--as-of", "2020-06-30", "--lang", "en").stdout
    assert "feeds              zs-gba-itic-2019: hku_lab_branch (that plan is not loaded)" in down


def test_status_and_reports_side_by_side(runner, loaded: Path) -> None:
    run(runner, "load", str(FYP))
    table = run(runner, "status", "--all-plans", "--as-of", "2022-06-30").stdout
    first, second = table.index("国民经济和社会发展第十四个五年规划"), table.index("中山市推進粵港澳大灣區國際科技創新中心建設專項行動計劃 —")
    assert first < second
    report = run(runner, "report", "--period", "2022H1", "--all-plans").stdout
    titles = [line for line in report.splitlines() if line.startswith("# ")]
    assert titles == [
        "# 国民经济和社会发展第十四个五年规划和2035年远景目标纲要（科技创新与数字化目标摘录）: progress report, first half of 2022 (mid-year reconciliation)",
        "# 中山市推進粵港澳大灣區國際科技創新中心建設專項行動計劃: progress report, first half of 2022 (mid-year reconciliation)",
    ]
    single = run(runner, "report", "--period", "2022H1", "--plan", BUNDLED).stdout
    assert report.endswith(single)
    assert run(runner, "export", code=2).stderr == (
        f"Error: this database holds 2 plans ({FYP_ID}, {BUNDLED}); an export carries one plan and the whole ledger: "
        "copy the database with 'zsplan backup FILE' instead\n"
    )
    assert run(runner, "status", "--all-plans", "--format", "json", code=2).stderr == (
        "Error: --all-plans shows the plans' tables one after another; for json or csv (or --tasks) give --plan ID, one plan at a time\n"
    )


def test_a_round_reads_the_plan_it_was_opened_for(runner, loaded: Path) -> None:
    run(runner, "load", str(FYP))
    run(runner, "round", "open", "2021H1", "--plan", BUNDLED, "--unit", "cuiheng")
    shown = run(runner, "round", "show", "2021H1").stdout
    assert "翠亨新區" in shown
    with sqlite3.connect(loaded) as connection:
        assert connection.execute("SELECT id, plan_id FROM reporting_round").fetchall() == [("2021H1", BUNDLED)]
    # the other plan's entries are not locked by the bundled plan's closed round
    run(runner, "round", "close", "2021H1")
    run(runner, "log", "rd_growth", "6.1", "--date", "2021-06-30", "--evidence", "統計公報")


def test_a_revision_0012_database_is_carried_to_0013_with_a_backup(runner, tmp_path: Path, initialised_template: Path) -> None:
    from conftest import assert_entries_carried, downgrade
    from zsplan.store import migrate

    db = copy_database(initialised_template, tmp_path / "v12.db")
    assert runner.invoke(app, ["--db", str(db), "log", "fudan_researchers", "12", "--date", "2020-06-30"]).exit_code == 0
    downgrade(db, "0012")
    with sqlite3.connect(db) as connection:
        entries = connection.execute("SELECT * FROM progress_entry ORDER BY id").fetchall()
        assert "plan_id" not in [row[1] for row in connection.execute("PRAGMA table_info(target)")]
    result = runner.invoke(app, ["--db", str(db), "status", "--format", "json", "--as-of", "2020-06-30"])
    assert result.exit_code == 0, result.output
    (backup,) = tmp_path.glob("v12.db.schema-0012-*.bak")
    assert result.stderr == f"upgraded the database schema from 0012 to {migrate.SCHEMA_HEAD} (backup: {backup})\n"
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT DISTINCT plan_id FROM target").fetchall() == [(BUNDLED,)]
        assert connection.execute("SELECT DISTINCT plan_id FROM measure").fetchall() == [(BUNDLED,)]
        assert connection.execute("SELECT count(*) FROM plan_unit WHERE plan_id = ?", (BUNDLED,)).fetchone() == (31,)
    assert_entries_carried(db, entries)
    fudan = next(record for record in records(result.stdout) if record["target_id"] == "fudan_researchers")
    assert fudan["achieved"] == 12
    assert runner.invoke(app, ["--db", str(db), "verify"]).exit_code == 0


def test_a_link_into_its_own_plan_or_twice_is_a_located_problem(runner, tmp_path: Path) -> None:
    text = WORK_POINTS.read_text(encoding="utf-8")
    text = text.replace("under: zs-gba-itic-2019:c2.2.3", "under: zs-work-points-2020:wp1")
    text = text.replace("feeds: [zs-gba-itic-2019:hku_lab_branch]", "feeds: [zs-gba-itic-2019:hku_lab_branch, zs-gba-itic-2019:hku_lab_branch]")
    path = tmp_path / "links.yaml"
    path.write_text(text.replace("source_file: ../data/plan-source.txt", f"source_file: {ROOT / 'data' / 'plan-source.txt'}"), encoding="utf-8")
    result = run(runner, "validate", str(path), code=1)
    assert result.stdout.splitlines() == [
        f"{path}:38:5: [link] 'zs-work-points-2020:wp1' is in this plan; 'under' names a measure of another plan (use 'parent' here)",
        f"{path}:60:46: [link] 'zs-gba-itic-2019:hku_lab_branch' is listed twice",
    ]


def test_plan_refusals_read_in_chinese(runner, loaded: Path, tmp_path: Path) -> None:
    run(runner, "load", str(write_plan(tmp_path, OTHER, name="other.yaml")))
    assert run(runner, "explain", "provincial_lab", "--lang", "zh", code=2).stderr == (
        "錯誤：指標編號「provincial_lab」見於2個規劃（other-plan, zs-gba-itic-2019）；請用--plan ID指定規劃，"
        "或寫作other-plan:provincial_lab or zs-gba-itic-2019:provincial_lab\n"
    )
    assert run(runner, "status", "--all-plans", "--format", "csv", "--lang", "zh", code=2).stderr == (
        "錯誤：--all-plans按規劃逐一列出表格；如需json或csv（或--tasks），請用--plan ID逐個規劃輸出\n"
    )
    from zsplan.render.messages import chinese

    refused = run(runner, "export", code=2).stderr.removeprefix("Error: ").rstrip("\n")
    assert chinese(refused).startswith("此數據庫存有2個規劃（other-plan, zs-gba-itic-2019）；導出文件只能包含一個規劃及全部台賬")


def test_a_reload_that_drops_a_target_with_a_note_is_refused_and_nothing_is_written(runner, loaded: Path, tmp_path: Path) -> None:
    path = write_plan(tmp_path, OTHER, name="other.yaml")
    run(runner, "load", str(path))
    run(runner, "note", "other-plan:provincial_lab", "選址已定", "--date", "2021-05-01")
    renamed = write_plan(tmp_path, OTHER.replace("  - id: provincial_lab\n", "  - id: provincial_lab_b\n"), name="renamed.yaml")
    before = settled_bytes(loaded)
    assert run(runner, "load", str(renamed), code=1).stderr == (
        "Error: refusing to load: the new plan drops or redefines targets that have logged progress:\n"
        "  target 'other-plan:provincial_lab' has 1 progress note\n"
        "keep them as they are in the plan file (ids, kind, stock/flow and mode are permanent once progress is logged)\n"
    )
    assert settled_bytes(loaded) == before


def test_plan_options_that_contradict_each_other_are_refused(runner, loaded: Path) -> None:
    run(runner, "load", str(FYP))
    assert "names 'b' after the command, 'a' before it; give one plan" in run(runner, "--plan", "a", "status", "--plan", "b", code=2).stderr
    assert "is empty" in run(runner, "--plan", "", "status", code=2).stderr
    assert run(runner, "status", "--all-plans", "--plan", BUNDLED, code=2).stderr == "Error: --all-plans reads every plan; leave out --plan\n"
    assert run(runner, "--plan", "nope", "--db", str(loaded.parent / "new.db"), "status", code=2).stderr == (
        "Error: no plan 'nope' in this database (it holds no plan yet); 'zsplan load PLAN.yaml' loads one\n"
    )


def test_the_plans_read_in_chinese(runner, loaded: Path) -> None:
    run(runner, "load", str(FYP))
    assert run(runner, "plans", "--lang", "zh").stdout.splitlines() == [
        "編號                  印發日期       指標  措施  規劃名稱",
        "cn-14th-fyp-sti-2021  2021年3月11日     5     3  国民经济和社会发展第十四个五年规划和2035年远景目标纲要（科技创新与数字化目标摘录）",
        "zs-gba-itic-2019      2019年9月30日    57    59  中山市推進粵港澳大灣區國際科技創新中心建設專項行動計劃",
    ]
    assert run(runner, "plans", "--lang", "zh", "--script", "hans").stdout.splitlines()[0] == "编号                  印发日期       指标  措施  规划名称"


def test_the_html_reports_of_several_plans_are_one_page(runner, loaded: Path, tmp_path: Path) -> None:
    run(runner, "load", str(FYP))
    out = tmp_path / "both.html"
    run(runner, "report", "--period", "2022H1", "--all-plans", "--format", "html", "-o", str(out))
    page = out.read_text(encoding="utf-8")
    assert page.count("<html") == 1 and page.count("</body></html>") == 1 and page.count("<body") == 1
    assert page.count("<section") == 2 and page.count('<section style="break-before: page">') == 1
    assert page.index("国民经济和社会发展第十四个五年规划") < page.index("中山市推進粵港澳大灣區國際科技創新中心建設專項行動計劃")
    assert run(runner, "report", "--period", "2022H1", "--all-plans", "--format", "docx", "-o", str(tmp_path / "x.docx"), code=2).stderr == (
        "Error: --all-plans writes md or html (the plans one after another); for docx give --plan ID, one file per plan\n"
    )
    assert not (tmp_path / "x.docx").exists()


def test_a_round_code_another_plan_has_is_refused_by_name_and_nothing_is_written(runner, loaded: Path) -> None:
    run(runner, "load", str(WORK_POINTS))
    run(runner, "round", "open", "2020H2", "--plan", BUNDLED, "--unit", "cuiheng")
    before = settled_bytes(loaded)
    refused = run(runner, "round", "open", "2020H2", "--plan", "zs-work-points-2020", code=2)
    assert refused.stderr == (
        "Error: round 2020H2 is already open, for plan zs-gba-itic-2019: a round's code is used once per database, "
        "so this plan's rounds of the period cannot be opened beside it ('zsplan round show 2020H2' shows it)\n"
    )
    assert settled_bytes(loaded) == before
    from zsplan.render.messages import chinese

    assert chinese(refused.stderr.removeprefix("Error: ").rstrip("\n")) == (
        "輪次2020H2已為規劃zs-gba-itic-2019開啟：同一數據庫中輪次編號只能使用一次，本規劃不能再開同一期間的輪次（「zsplan round show 2020H2」可查看）"
    )


def test_an_export_is_not_restored_beside_another_plan(runner, loaded: Path, tmp_path: Path) -> None:
    exported = tmp_path / "fyp.json"
    single = tmp_path / "fyp.db"
    run(runner, "--db", str(single), "load", str(FYP))
    run(runner, "--db", str(single), "export", "-o", str(exported))
    before = settled_bytes(loaded)
    refused = run(runner, "import", str(exported), code=2)
    assert refused.stderr == "Error: the database holds another plan (zs-gba-itic-2019); restore an export into a new database (--db NEW.db)\n"
    assert settled_bytes(loaded) == before
    from zsplan.render.messages import chinese

    assert (
        chinese(refused.stderr.removeprefix("Error: ").rstrip("\n"))
        == "數據庫已存有其他規劃（zs-gba-itic-2019）；請將導出文件恢復到新的數據庫（--db 新文件.db）"
    )
