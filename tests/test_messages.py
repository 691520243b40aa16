"""Messages a person reads on the command line follow the language: refusals, confirmations, notices and
summaries of log, correct, retract, import and validate, in Chinese with --lang zh or a zh* locale."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import settled_bytes
from zsplan.cli import app
from zsplan.render.messages import CATALOG, chinese


def invoke(runner, *args: str, env: dict | None = None):
    return runner.invoke(app, list(args), env=env)


@pytest.mark.parametrize(
    ("args", "english", "chinese_line"),
    [
        (
            ["log", "hit_researh_staff", "3"],
            "Error: unknown target 'hit_researh_staff'; did you mean 'hit_research_staff' or 'amr_researchers' or 'fudan_researchers'?",
            "錯誤：未知指標'hit_researh_staff'；是否指'hit_research_staff'或'amr_researchers'或'fudan_researchers'？",
        ),
        (
            ["log", "hit_research_staff", "-3"],
            "Error: value -3 is negative; 'hit_research_staff' counts 人 and cannot go below 0",
            "錯誤：數值-3為負數；'hit_research_staff'以「人」計數，不能小於0",
        ),
        (
            ["log", "hit_research_staff", "2.5"],
            "Error: value 2.5 is not a whole number; 'hit_research_staff' counts 人",
            "錯誤：數值2.5不是整數；'hit_research_staff'以「人」計數",
        ),
        (
            ["log", "torch_national_incubators", "3"],
            "Error: 'torch_national_incubators' is tracked by named items (台賬); name each achievement in --item, one per entry",
            "錯誤：'torch_national_incubators'按名稱台賬記錄；請在--item中逐項填寫成果名稱，每條記錄一項",
        ),
        (
            ["log", "second_prai_conference", "2"],
            "Error: 'second_prai_conference' is a milestone; give 1 (done) or 0 (not yet), got 2",
            "錯誤：'second_prai_conference'是節點任務；請填1（已完成）或0（尚未完成），收到2",
        ),
        (
            ["log", "hit_research_staff", "3", "--date", "2019-01-01"],
            (
                "Error: date 2019-01-01 is before the baseline date 2019-09-30 of 'hit_research_staff': it is recorded as a baseline fact, "
                "which needs its evidence; give --evidence (the document that shows it)"
            ),
            "錯誤：日期2019-01-01早於'hit_research_staff'的基數日期2019-09-30，將作為基期事實記錄，須附證明材料；請填--evidence（證明該事實的文件）",
        ),
        (
            ["correct", "99", "3", "--reason", "x"],
            "Error: no progress entry #99; 'zsplan history TARGET' lists a target's entries",
            "錯誤：沒有第99號記錄；'zsplan history TARGET'列出一項指標的全部記錄",
        ),
        (["correct", "99", "3"], "Error: --reason is required: say why, it is kept in the history", "錯誤：須給出--reason：請說明原因，原因保存在歷史記錄中"),
        (["status", "--unit", "nowhere"], None, "錯誤：未知責任單位'nowhere'"),
    ],
)
def test_refusals_follow_the_language(runner, loaded: Path, args: list[str], english: str | None, chinese_line: str) -> None:
    before = settled_bytes(loaded)
    en = invoke(runner, *args, "--lang", "en")
    zh = invoke(runner, *args, "--lang", "zh")
    assert en.exit_code == zh.exit_code != 0
    if english is not None:
        assert en.stderr == english + "\n"
    assert zh.stderr.startswith(chinese_line), zh.stderr
    assert settled_bytes(loaded) == before  # nothing written


def test_the_language_of_messages_follows_the_locale(runner, loaded: Path) -> None:
    result = invoke(runner, "log", "nothing", "3", env={"LANG": "zh_CN.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
    assert result.stderr == "错误：未知指标'nothing'；'zsplan status'列出全部指标\n"  # zh_CN: Simplified
    result = invoke(runner, "log", "nothing", "3", env={"LANG": "zh_TW.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
    assert result.stderr == "錯誤：未知指標'nothing'；'zsplan status'列出全部指標\n"
    result = invoke(runner, "log", "nothing", "3", env={"LANG": "en_US.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
    assert result.stderr == "Error: unknown target 'nothing'; run 'zsplan status' to list target ids\n"


def test_log_correct_and_retract_confirm_in_chinese(runner, loaded: Path) -> None:
    logged = invoke(runner, "log", "hit_research_staff", "32", "--date", "2021-06-30", "--lang", "zh")
    assert logged.exit_code == 0, logged.output
    assert logged.stdout == (
        "已記錄第1號記錄：哈工大無人裝備與人工智能創新中心專職科研團隊，數據截至2021年6月30日\n"
        "截至2021年6月30日：完成32，目標≥50人，差距18，完成率64%，狀態：按序時進度推進\n"
    )
    corrected = invoke(runner, "correct", "1", "35", "--reason", "複核", "--lang", "zh", "--script", "hans")
    assert corrected.stdout.splitlines()[0] == "已记录第2号记录（更正第1号）：哈工大无人装备与人工智能创新中心专职科研团队，数据截至2021年6月30日"
    retracted = invoke(runner, "retract", "2", "--reason", "重複", "--lang", "zh")
    assert retracted.stdout.splitlines() == [
        "已記錄第3號記錄（撤銷第2號）：哈工大無人裝備與人工智能創新中心專職科研團隊，數據截至2021年6月30日",
        "截至2021年6月30日：完成0，目標≥50人，差距50，完成率0%，狀態：未報數據",
    ]
    milestone = invoke(runner, "log", "second_prai_conference", "--date", "2020-11-30", "--lang", "zh").stdout.splitlines()[1]
    assert milestone == "截至2020年11月30日：完成已完成，目標按期完成，差距0，完成率100%，狀態：已完成"
    assert re.findall(r"[A-Za-z]{2,}", logged.stdout + corrected.stdout + retracted.stdout) == []


def test_import_refusal_and_summary_in_chinese(runner, loaded: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "bad.csv"
    sheet.write_text("target,date,value\nhit_research_staff,2021/2/30,3\nhit_researh_staff,2021年6月30日,4\n", encoding="utf-8")
    before = settled_bytes(loaded)
    refused = invoke(runner, "import", str(sheet), "--lang", "zh")
    assert refused.exit_code == 1
    assert refused.stderr.splitlines() == [
        "第2行「date」列：'2021/2/30'不是日期；請寫成2021-06-30、2021/6/30或2021年6月30日",
        "第3行「target」列：未知指標'hit_researh_staff'；是否指'hit_research_staff'或'amr_researchers'或'fudan_researchers'？",
        f"錯誤：{sheet}：2行有誤；未導入任何數據",
    ]
    assert settled_bytes(loaded) == before
    good = tmp_path / "g.csv"
    good.write_bytes("指标,日期,数值\nhit_research_staff,2021/6/30,33\n".encode("gbk"))
    dry = invoke(runner, "import", str(good), "--lang", "zh", "--dry-run")
    assert (dry.stdout, dry.stderr) == ("將記錄1條記錄，涉及1項指標（試運行：未寫入任何數據）\n  hit_research_staff: 1\n", "已按GB18030編碼讀取g.csv\n")
    again = invoke(runner, "import", str(good), "--lang", "zh")
    assert again.stdout.startswith("已記錄1條記錄，涉及1項指標\n")
    twice = invoke(runner, "import", str(good), "--lang", "zh")
    assert twice.stderr.splitlines()[0] == "如需再次導入，請加--allow-duplicates"
    assert re.fullmatch(
        rf"錯誤：{re.escape(str(good))}：此文件已於.+（UTC）由.+導入（文件名g\.csv：第1至1號記錄）；未導入任何數據", twice.stderr.splitlines()[1]
    )


def test_validate_summary_in_chinese(runner) -> None:
    result = invoke(runner, "validate", "data/plan.yaml", "--lang", "zh")
    assert result.stdout == "data/plan.yaml：有效：59項措施（6章、20節、29條編號措施、4個專欄），57項指標，31個責任單位\n"
    broken = invoke(runner, "validate", "tests/data/broken/44-ten-faults.yaml", "--lang", "zh")
    assert broken.exit_code == 1 and broken.stderr == "tests/data/broken/44-ten-faults.yaml有10個問題\n"


def test_every_catalog_pattern_compiles_and_its_template_uses_its_parts() -> None:
    for pattern, template in CATALOG:
        names = set(re.compile(pattern).groupindex)
        assert set(re.findall(r"\{(\w+)\}", template)) <= names, pattern


def test_unknown_messages_stay_in_english() -> None:
    assert chinese("something new the core says") == "something new the core says"
    assert chinese("row 4, column 備註: something new") == "第4行「備註」列：something new"
