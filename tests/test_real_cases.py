"""A ledger of real-style cases, judged as an evaluator would by hand (issue 11, "Done when").

Each case is a kind of fact met when monitoring the plan's implementation: a nil report, the same
sheet imported twice, two sources that disagree, an unverified claim (and a rejected one), a forecast
the outcome contradicted, an event scheduled and not confirmed, an item done after the deadline, a
progress note. Each is judged as of 2021-06-30 (mid-term), 2022-12-31 (the deadline day) and
2024-12-31 (two years on), and the statuses are the ones written by hand in docs/method.md
("Worked examples: real cases"). The plan's deadline is 2022-12-31 and its baseline 2019-09-30:
1188 days; by 2021-06-30, 639 of them (f = 0.538).

The two pre-plan cases of the issue — a fact dated before the plan and an item done before the plan —
are ``test_pre_plan_cases_are_baseline_facts``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from conftest import settled_bytes
from zsplan.cli import app

DATES = ("2021-06-30", "2022-12-31", "2024-12-31")

#: target → (its case, the status as of each of DATES, by hand).
EXPECTED = {
    # nil reports every half-year: reported (not no_data, not "no report"), achieved 0 < 1 × 0.538 expected → behind; then missed
    "provincial_lab": ("nil report", ("behind", "missed", "missed")),
    # a half-year sheet (10 + 15) imported twice: the second refused, 25 < 60 × 0.538 = 32.3 → behind; then missed
    "fudan_researchers": ("the same sheet imported twice", ("behind", "missed", "missed")),
    # 32 reported (B); a newspaper (C) says 35: kept as a conflict, 32 counts; 32 ≥ 50 × 0.538 = 26.9 → on_track
    "hit_research_staff": ("two conflicting sources", ("on_track", "missed", "missed")),
    # only a claim graded D, not verified: it does not count, so nothing is reported → no_data, then missed with no report
    "cuiheng_new_rd_institutions": ("an unverified claim", ("no_data", "missed", "missed")),
    # a claim graded C, rejected by an analyst: never counts
    "cuiheng_high_level_teams": ("a rejected claim", ("no_data", "missed", "missed")),
    # forecast "unveiled by 2021-03-31" (stated 2020-06-01); unveiled 2022-03-15, before the deadline → met
    "amr_institute_unveiled": ("a forecast the outcome contradicted", ("no_data", "met", "met")),
    # scheduled for 2022-11-20 (announced 2022-10-01), never confirmed: at the deadline neither met nor missed
    "second_prai_conference": ("an event not confirmed", ("no_data", "scheduled", "scheduled")),
    # 3 incubators by 2021-06-30 ≥ 4 × 0.538 = 2.15 → on_track; the 4th dated 2023-03-01: missed, completed 60 days late
    "torch_national_incubators": ("an item done after the deadline", ("on_track", "missed", "missed")),
    # a progress note ("fitting out the premises") counts nothing: still no report
    "hkust_centre_unveiled": ("a progress note", ("no_data", "missed", "missed")),
}


def invoke(runner, *args: str):
    return runner.invoke(app, list(args))


def ok(runner, *args: str):
    result = invoke(runner, *args)
    assert result.exit_code == 0, (args, result.output)
    return result


def records(runner, as_of: str, *extra: str) -> dict[str, dict]:
    result = ok(runner, "status", "--as-of", as_of, "-f", "json", *extra)
    return {row["target_id"]: row for row in json.loads(result.stdout)["records"]}


@pytest.fixture
def cases(runner, loaded: Path, tmp_path: Path) -> Path:
    """The real-style ledger, recorded through the commands a unit and an analyst use."""
    # a nil report: 本期無新增, twice
    ok(runner, "log", "provincial_lab", "--nil", "--date", "2020-12-31", "--by", "市科技局")
    ok(runner, "log", "provincial_lab", "--nil", "--date", "2021-06-30", "--by", "市科技局")
    # the same sheet imported twice: the second time is refused, nothing written
    sheet = tmp_path / "復旦中山研究院2021H1.csv"
    sheet.write_text("target,date,value\nfudan_researchers,2020-12-31,10\nfudan_researchers,2021-06-30,15\n", encoding="utf-8")
    ok(runner, "import", str(sheet), "--by", "復旦中山研究院")
    before = settled_bytes(loaded)
    again = invoke(runner, "import", str(sheet), "--by", "復旦中山研究院")
    assert again.exit_code == 1 and "this file was already imported" in again.stderr
    assert settled_bytes(loaded) == before
    ok(
        runner,
        "forecast",
        "fudan_researchers",
        "--value",
        "60",
        "--expected-date",
        "2022-12-31",
        "--stated",
        "2021-01-15",
        "--source",
        "復旦中山研究院年度計劃",
    )
    # two conflicting sources: the unit's figure (entry 5) and a newspaper's
    ok(runner, "log", "hit_research_staff", "32", "--date", "2021-06-30", "--evidence", "哈工大中心人員名冊", "--by", "哈工大機器人研究院")
    ok(runner, "source", "5", "--grade", "C", "--url", "https://news.example.org/hit-35", "--value", "35", "--published", "2021-07-02")
    # an unverified claim (entry 6) and a claim rejected on review (entry 7)
    ok(runner, "log", "cuiheng_new_rd_institutions", "--item", "翠亨某新型研發機構", "--date", "2021-03-01", "--evidence", "微信公眾號文章", "--grade", "D")
    ok(runner, "log", "cuiheng_high_level_teams", "--item", "某院士團隊", "--date", "2021-04-01", "--evidence", "媒體報道", "--grade", "C")
    ok(runner, "review", "7", "--reject", "--reason", "團隊未落地，報道有誤", "--by", "analyst")
    # a forecast the outcome contradicted (entry 8)
    ok(runner, "forecast", "amr_institute_unveiled", "--expected-date", "2021-03-31", "--stated", "2020-06-01", "--source", "市政府新聞發布會")
    ok(runner, "log", "amr_institute_unveiled", "--date", "2022-03-15", "--evidence", "揭牌儀式新聞稿")
    # an event scheduled, not confirmed
    ok(runner, "log", "second_prai_conference", "--scheduled", "--date", "2022-11-20", "--stated", "2022-10-01", "--evidence", "大會組委會公告")
    # incubators: three by mid-2021 (entries 9-11), one verified; the first corroborated; the 4th after the deadline (entry 12)
    ok(
        runner,
        "log",
        "torch_national_incubators",
        "--item",
        "中山火炬創新創業園",
        "--date",
        "2020-06-30",
        "--evidence",
        "國科發區〔2020〕355號",
        "--grade",
        "A",
    )
    ok(runner, "log", "torch_national_incubators", "--item", "中山健康科技產業基地孵化器", "--date", "2020-12-31")
    ok(runner, "log", "torch_national_incubators", "--item", "中山翠亨新區科創孵化器", "--date", "2021-06-30")
    second = ok(runner, "log", "torch_national_incubators", "--item", "中山火炬創新創業園", "--date", "2020-06-30", "--evidence", "火炬區管委會公告")
    assert second.stdout.startswith("item already recorded as entry #9 (as of 2020-06-30); no entry written")
    ok(runner, "review", "9", "--verify", "--reason", "核對科技部名單", "--by", "analyst")
    ok(runner, "log", "torch_national_incubators", "--item", "中山火炬國際孵化器", "--date", "2023-03-01")
    # a progress note, counting nothing
    ok(runner, "note", "hkust_centre_unveiled", "場地裝修中，預計年內揭牌", "--date", "2021-05-10")
    ok(runner, "note", "drug_institute_five_ones", "產業園一期主體結構封頂", "--item", "industrial_park", "--date", "2021-06-01")
    return loaded


def test_the_cases_read_as_an_evaluator_writes_them(runner, cases: Path) -> None:
    for index, as_of in enumerate(DATES):
        found = records(runner, as_of)
        assert {target: found[target]["status"] for target in EXPECTED} == {target: statuses[index] for target, (_, statuses) in EXPECTED.items()}, as_of
    mid, deadline, later = (records(runner, as_of) for as_of in DATES)
    # the nil report is a report: never "no report"; achieved stays 0
    assert (mid["provincial_lab"]["entries"], mid["provincial_lab"]["achieved"], deadline["provincial_lab"]["unreported"]) == (2, 0, False)
    # the sheet counted once
    assert (mid["fudan_researchers"]["achieved"], mid["fudan_researchers"]["entries"]) == (25, 2)
    # the unit's figure counts, the newspaper's is a conflict for the analyst
    assert (mid["hit_research_staff"]["achieved"], mid["hit_research_staff"]["conflicts"]) == (32, [5])
    # claims: not counted, so "no report by the deadline"
    assert (mid["cuiheng_new_rd_institutions"]["uncounted"], deadline["cuiheng_new_rd_institutions"]["unreported"]) == ([6], True)
    assert (mid["cuiheng_high_level_teams"]["uncounted"], deadline["cuiheng_high_level_teams"]["unreported"]) == ([7], True)
    # the forecasts beside their outcomes: never counted, scored once their date came
    scores = [(f["result"], f["outcome"], f["done_on"], f["difference"]) for f in mid["amr_institute_unveiled"]["forecasts"]]
    assert scores == [("missed", 0, None, 91)]  # 2021-03-31 → 2021-06-30, not done
    scores = [(f["result"], f["outcome"], f["done_on"], f["difference"]) for f in deadline["amr_institute_unveiled"]["forecasts"]]
    assert scores == [("missed", 1, "2022-03-15", 349)]  # done 349 days after the date forecast
    assert [(f["result"], f["outcome"], f["difference"]) for f in mid["fudan_researchers"]["forecasts"]] == [("pending", None, None)]
    assert [(f["result"], f["outcome"], f["difference"]) for f in deadline["fudan_researchers"]["forecasts"]] == [("missed", 25, -35)]
    # the scheduled event: not counted, not done, not missed
    assert (deadline["second_prai_conference"]["achieved"], deadline["second_prai_conference"]["entries"]) == (0, 0)
    assert [(f["kind"], f["result"]) for f in deadline["second_prai_conference"]["forecasts"]] == [("scheduled", "missed")]
    # done after the deadline: missed, completed late on 2023-03-01, 60 days late; the corroboration wrote no entry
    late = later["torch_national_incubators"]
    assert (late["achieved"], late["completed_late"], late["completed_on"], late["days_late"], late["entries"]) == (4, True, "2023-03-01", 60, 4)
    assert (deadline["torch_national_incubators"]["achieved_at_deadline"], deadline["torch_national_incubators"]["completed_late"]) == (3, False)
    # a note is shown, counts nothing
    note = mid["hkust_centre_unveiled"]
    assert (note["notes"], note["last_note"], note["entries"]) == (1, {"date": "2021-05-10", "item": None, "text": "場地裝修中，預計年內揭牌"}, 0)
    assert (
        mid["drug_institute_five_ones"]["notes"],
        mid["drug_institute_five_ones"]["status"],
        records(runner, "2021-05-31")["drug_institute_five_ones"]["notes"],
    ) == (
        1,
        "no_data",
        0,
    )


def test_what_counts_is_a_choice_rejected_claims_never_count(runner, cases: Path) -> None:
    # --include-unverified: the D claim counts (1 < 2 × 0.538 = 1.08 → behind); the rejected one still does not
    found = [records(runner, as_of, "--include-unverified") for as_of in DATES]
    assert [rows["cuiheng_new_rd_institutions"]["status"] for rows in found] == ["behind", "missed", "missed"]
    assert [rows["cuiheng_high_level_teams"]["status"] for rows in found] == ["no_data", "missed", "missed"]
    # --verified-only: only entry 9 (the verified incubator) counts: 1 < 2.15 → behind; nothing else is reported
    strict = records(runner, "2021-06-30", "--verified-only")
    assert {target: strict[target]["status"] for target in ("torch_national_incubators", "hit_research_staff", "provincial_lab", "fudan_researchers")} == {
        "torch_national_incubators": "behind",
        "hit_research_staff": "no_data",
        "provincial_lab": "no_data",
        "fudan_researchers": "no_data",
    }
    assert strict["torch_national_incubators"]["achieved"] == 1
    both = invoke(runner, "status", "--verified-only", "--include-unverified")
    assert (both.exit_code, both.stderr) == (2, "Error: --verified-only and --include-unverified contradict each other; give one\n")


def test_history_and_explain_show_the_evidence(runner, cases: Path) -> None:
    history = json.loads(ok(runner, "history", "torch_national_incubators", "-f", "json").stdout)["records"]
    first = history[0]
    assert (first["review_state"], first["grade"], first["counted"]) == ("verified", "A", True)
    assert [(s["relation"], s["grade"], s["text"]) for s in first["sources"]] == [
        ("source", "A", "國科發區〔2020〕355號"),
        ("corroboration", "B", "火炬區管委會公告"),
    ]
    assert [(r["state"], r["reason"], r["recorded_by"]) for r in first["reviews"]] == [("verified", "核對科技部名單", "analyst")]
    claim = json.loads(ok(runner, "history", "cuiheng_high_level_teams", "-f", "json").stdout)["records"][0]
    assert (claim["review_state"], claim["grade"], claim["counted"]) == ("rejected", "C", False)
    table = ok(runner, "history", "cuiheng_high_level_teams").stdout
    assert "rejected: never counts" in table and "#7 rejected by analyst at " in table and ": 團隊未落地，報道有誤" in table
    explained = ok(runner, "explain", "hit_research_staff", "--as-of", "2021-06-30").stdout
    assert "#5 CONFLICT" in explained and "C https://news.example.org/hit-35 (dated 2021-07-02) — gives value 35" in explained
    explained = ok(runner, "explain", "amr_institute_unveiled", "--as-of", "2022-12-31").stdout
    assert "done by 2021-03-31 (stated 2020-06-01 by 市政府新聞發布會): missed, done on 2022-03-15 (349 days late)" in explained
    explained = ok(runner, "explain", "second_prai_conference", "--as-of", "2022-12-31").stdout
    assert "status             scheduled: the deadline 2022-12-31 was reached with 0 of 1; what is missing was scheduled" in explained


#: Grade words of a Chinese report, and the statuses they refine.
WORDS = {
    "未按期完成": "missed",
    "已安排未確認": "scheduled",
    "嚴重滯後": "behind",
    "進度滯後": "behind",
    "未報數據": "no_data",
    "超進度": "on_track",
    "按序時進度推進": "on_track",
    "已完成": "met",
}
WORD_RE = re.compile("|".join(WORDS))


def test_the_2022_year_end_report_counts_what_its_sections_count(runner, cases: Path) -> None:
    report = ok(runner, "report", "--period", "2022", "--lang", "zh").stdout
    (summary,) = [line for line in report.splitlines() if line.startswith("共")]
    said = Counter()
    for word, n in re.findall(f"({WORD_RE.pattern})(\\d+)項", summary):
        said[WORDS[word]] += int(n)
    # 57 targets as of the deadline day: amr met, the conference scheduled, the other 55 missed (51 never reported)
    assert (
        summary
        == "共57項指標：未按期完成55項（其中截至期限未報送51項），已安排未確認1項，嚴重滯後0項，進度滯後0項，未報數據0項，按序時進度推進0項，超進度0項，已完成1項。"
    )
    assert dict(said) == {"missed": 55, "scheduled": 1, "behind": 0, "no_data": 0, "on_track": 0, "met": 1}
    sections: dict[str, Counter] = {"progress": Counter(), "problems": Counter(), "next": Counter()}
    units, section = Counter(), None
    for line in report.splitlines():
        if line.startswith("## "):
            section = "units" if line.endswith("、責任單位情況") else "evidence" if line.endswith("證據核實、進展備註與預測") else None
        elif line.startswith("### "):
            section = {"### （一）進展情況": "progress", "### （二）存在問題": "problems", "### （三）下一步工作": "next"}[line]
        elif re.match(r"\d+\. ", line) and section == "units":
            for word, n in re.findall(f"({WORD_RE.pattern})(\\d+)項", line.split("：牽頭", 1)[1].split("；", 1)[0]):
                units[WORDS[word]] += int(n)
        elif re.match(r"\d+\. ", line) and section in sections:
            sections[section][WORDS[WORD_RE.findall(line)[-1]]] += 1
    assert dict(sections["progress"]) == {"met": 1}
    assert dict(sections["problems"]) == {"missed": 55, "scheduled": 1}
    assert dict(sections["next"]) == {"missed": 55, "scheduled": 1}
    assert {status: n for status, n in units.items() if n} == {"missed": 55, "scheduled": 1, "met": 1}
    # the evidence section lists what counts nothing, for the analyst
    evidence = report.split("證據核實、進展備註與預測", 1)[1]
    assert "翠亨新區新型研發機構：第6號記錄來源等級為D（微信公眾號文章），尚未核實，暫不計入完成數。" in evidence
    assert "第二屆模式識別和人工智能國際會議：已安排於2022年11月20日（2022年10月1日大會組委會公告公布），尚未確認完成，不計入完成數。" in evidence


def test_the_evidence_survives_an_export_and_restore(runner, cases: Path, tmp_path: Path) -> None:
    exported = tmp_path / "cases.json"
    ok(runner, "export", "-o", str(exported))
    document = json.loads(exported.read_text(encoding="utf-8"))
    assert {name: len(rows) for name, rows in document["evidence"].items()} == {
        "aliases": 0,
        "imported_files": 1,
        "sources": 5,
        "reviews": 2,
        "notes": 2,
        "forecasts": 3,
        "revisions": 0,
    }
    restored = tmp_path / "restored.db"
    ok(runner, "--db", str(restored), "import", str(exported))
    for as_of in DATES:
        assert records(runner, as_of) == json.loads(json.dumps(_records_of(runner, restored, as_of)))
    again = invoke(runner, "--db", str(restored), "import", str(tmp_path / "復旦中山研究院2021H1.csv"), "--by", "復旦中山研究院")
    assert again.exit_code == 1 and "this file was already imported" in again.stderr  # the digest came along


def _records_of(runner, db: Path, as_of: str) -> dict[str, dict]:
    result = ok(runner, "--db", str(db), "status", "--as-of", as_of, "-f", "json")
    return {row["target_id"]: row for row in json.loads(result.stdout)["records"]}


def test_pre_plan_cases_are_baseline_facts(runner, loaded: Path) -> None:
    """A fact and an item dated before the plan (baseline 2019-09-30) are recorded as baseline facts, never moved.

    As of 2021-06-30 (f = 639 / 1188 = 0.538): a platform of 2019-05-20 counts for 翠亨新區's 5 platforms (counts total,
    flagged ambiguous): 1 < 5 × 0.538 = 2.69 → behind; an item of 2019-06-01 counts for the 五個一 checklist: 1 of 5 →
    behind; a key technology of 2019-03-01 does not count for 突破關鍵技術 (counts new): achieved 0, but reported, so
    behind rather than no_data. None is met by the deadline: missed on 2022-12-31 and after.
    """
    ok(runner, "log", "cuiheng_public_platforms", "--item", "中山翠亨新區公共技術服務平台", "--date", "2019-05-20", "--evidence", "粵科函〔2019〕88號")
    ok(runner, "log", "drug_institute_five_ones", "--item", "industrial_park", "--date", "2019-06-01", "--evidence", "中科院藥物所中山園區建設協議")
    ok(runner, "log", "ucas_key_technologies", "--item", "某關鍵技術", "--date", "2019-03-01", "--evidence", "技術鑒定證書")
    expected = {
        "cuiheng_public_platforms": (1, ("behind", "missed", "missed")),
        "drug_institute_five_ones": (1, ("behind", "missed", "missed")),
        "ucas_key_technologies": (0, ("behind", "missed", "missed")),
    }
    for index, as_of in enumerate(DATES):
        rows = records(runner, as_of)
        for target, (achieved, statuses) in expected.items():
            assert (rows[target]["achieved"], rows[target]["status"]) == (achieved, statuses[index]), (target, as_of)
            assert rows[target]["baseline_facts"] == 1
    history = json.loads(ok(runner, "history", "drug_institute_five_ones", "-f", "json").stdout)["records"]
    assert [(row["as_of"], row["baseline_fact"]) for row in history] == [("2019-06-01", True)]  # its own date, not moved
    refused = invoke(runner, "log", "cuiheng_public_platforms", "--item", "另一平台", "--date", "2019-01-01")
    assert refused.exit_code == 2 and "recorded as a baseline fact, which needs its evidence" in refused.stderr
