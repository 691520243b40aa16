"""Reports (Markdown exactly, HTML in a real browser, XLSX), explain, units, and language/script switches."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zsplan.cli import app

from conftest import PLAN, cli_env, copy_database, settle

GOLDEN = Path(__file__).parent / "data" / "report-2021H1.md"

LEDGER = [
    ["torch_national_incubators", "--item", "中山火炬創新創業園", "--date", "2020-06-30"],
    ["torch_national_incubators", "--item", "中山健康科技孵化器", "--date", "2021-03-01"],
    ["fudan_researchers", "10", "--date", "2020-06-30"],
    ["fudan_researchers", "8", "--date", "2021-05-31"],
    ["hit_research_staff", "30", "--date", "2020-12-31"],
    ["drug_institute_five_ones", "--item", "industrial_park", "--date", "2020-06-30"],
    ["drug_institute_five_ones", "--item", "public_platform", "--date", "2021-06-01"],
    ["second_prai_conference", "--date", "2020-11-30"],
    ["engineering_labs_yearly", "--item", "甲工程實驗室", "--date", "2020-04-01"],
    ["cuiheng_backbone_enterprises", "--item", "明陽智慧能源", "--date", "2021-06-30"],
    ["cuiheng_backbone_enterprises", "--item", "大洋電機", "--date", "2021-06-30"],
]


def invoke(runner, *args: str):
    return runner.invoke(app, list(args))


@pytest.fixture(scope="module")
def ledger_template(loaded_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A settled database file holding the plan and the LEDGER entries (logged by 'clerk'), made once for this module."""
    db = copy_database(loaded_template, tmp_path_factory.mktemp("report-ledger") / "zsplan.db")
    for args in LEDGER:
        result = CliRunner().invoke(app, ["log", *args, "--by", "clerk"], env=cli_env(db))
        assert result.exit_code == 0, result.output
    settle(db)
    return db


@pytest.fixture
def ledger(ledger_template: Path, isolated_db: Path) -> Path:
    """This test's database (``ZSPLAN_DB``): a copy of ``ledger_template``."""
    return copy_database(ledger_template, isolated_db)


@pytest.fixture(scope="module")
def html_report(ledger_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 2021H1 HTML report of ``ledger_template``, written once for this module (its charts take seconds to draw)."""
    folder = tmp_path_factory.mktemp("html-report")
    db = copy_database(ledger_template, folder / "zsplan.db")
    path = folder / "r.html"
    result = CliRunner().invoke(app, ["report", "--period", "2021H1", "--format", "html", "-o", str(path)], env=cli_env(db))
    assert result.exit_code == 0, result.output
    return path


def test_mid_year_markdown_report_is_exactly_as_expected(runner, ledger: Path) -> None:
    result = invoke(runner, "report", "--period", "2021H1")
    assert result.exit_code == 0, result.output
    assert result.stdout == GOLDEN.read_text(encoding="utf-8")


def test_mid_year_report_lists_every_behind_target_with_its_monthly_need(runner, ledger: Path) -> None:
    report = invoke(runner, "report", "--period", "2021H1").stdout
    rows = json.loads(invoke(runner, "status", "--as-of", "2021-06-30", "-f", "json").stdout)["records"]
    behind = [row for row in rows if row["status"] == "behind"]
    assert {row["target_id"] for row in behind} == {"torch_national_incubators", "fudan_researchers", "drug_institute_five_ones"}
    next_steps = [line for line in report.splitlines() if "（牽頭單位：" in line]
    for row in behind:
        (line,) = [line for line in next_steps if line.split(". ", 1)[1].startswith(row["name"])]
        assert f"（牽頭單位：{row['lead_unit_name']}）：進度滯後，尚差" in line
        assert f"須每月完成{row['needed_per_month']:.2f}" in line


def test_english_simplified_report(runner, ledger: Path) -> None:
    result = invoke(runner, "report", "--period", "2021H1", "--lang", "en", "--script", "hans")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# 中山市推进粤港澳大湾区国际科技创新中心建设专项行动计划: progress report, first half of 2021 (mid-year reconciliation)\n")
    assert "### (3) Next steps" in result.stdout
    assert "火炬开发区国家级科技企业孵化器 (lead: 市发展改革局): behind, 2家 to go" in result.stdout
    assert "火炬开发区国家级科技企业孵化器: 2家, target ≥4家, gap 2家, behind (R=0.93, pace acceleration_needed)." in result.stdout
    assert "省实验室 (aspirational)" in result.stdout
    assert "22. 市委统战部: as lead none; as co-responsible no_data 4, met 1." in result.stdout


def test_period_codes(runner, ledger: Path) -> None:
    bad = invoke(runner, "report", "--period", "2021-H1")
    assert (bad.exit_code, bad.stderr) == (
        2,
        "Usage: zsplan report [OPTIONS]\nTry 'zsplan report --help' for help.\n\n"
        "Error: Invalid value for '--period': period '2021-H1' is not YYYY, YYYYH1, YYYYH2 or YYYYQ1–Q4 (e.g. 2021H1)\n",
    )
    year_end = invoke(runner, "report", "--period", "2021")
    assert year_end.stdout.splitlines()[0].endswith("2021年（年底總結）進展報告")
    assert "數據截至2021年12月31日。" in year_end.stdout


def test_xlsx_report_has_a_target_sheet_and_one_per_unit(runner, ledger: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "r.xlsx"
    result = invoke(runner, "report", "--period", "2021H1", "--format", "xlsx", "-o", str(path))
    assert result.exit_code == 0, result.output
    workbook = load_workbook(path)
    assert workbook.sheetnames[0] == "targets"
    assert workbook["targets"].max_row == 41
    assert set(workbook.sheetnames[1:]) == {
        "sci_tech", "dev_reform", "cuiheng", "torch", "edu_sports", "towns_related", "united_front", "banfu", "industry_it",
        "hr_social", "youth_league", "towns_all", "sci_assoc", "foreign_affairs", "organisation", "market_reg", "court", "customs", "housing", "finance", "tax",
        "natural_resources",
    }
    torch = next(row for row in workbook["targets"].iter_rows(values_only=True) if row[0] == "torch_national_incubators")
    assert torch[4:8] == (2, 2, 50.0, "進度滯後")
    assert invoke(runner, "report", "--period", "2021", "--format", "xlsx").stderr == "Error: an XLSX report needs -o FILE\n"


def test_xlsx_and_html_reports_on_the_deadline_day(runner, ledger: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "r.xlsx"
    assert invoke(runner, "report", "--period", "2022", "--format", "xlsx", "-o", str(path)).exit_code == 0
    rows = list(load_workbook(path)["targets"].iter_rows(values_only=True))
    assert rows[0][7:9] == ("status", "pace") and rows[0][16:] == ("achieved_at_deadline", "unreported", "completed_late", "completed_on", "days_late")
    by_id = {row[0]: row for row in rows[1:]}
    # 2 of 4 by the deadline day: missed; pace missed in the same word; nothing needed per month any more
    torch = by_id["torch_national_incubators"]
    assert (torch[4], torch[7], torch[8], torch[10], torch[16:]) == (2, "未按期完成", "未按期完成", None, (2, "no", "no", None, None))
    assert by_id["cuiheng_public_platforms"][7] == "未按期完成" and by_id["cuiheng_public_platforms"][16:18] == (0, "yes")
    assert by_id["second_prai_conference"][7] == "已完成"
    page = tmp_path / "r.html"
    assert invoke(runner, "report", "--period", "2022", "--format", "html", "-o", str(page)).exit_code == 0
    text = page.read_text(encoding="utf-8")
    assert '<span class="missed">未按期完成（截至期限未報送）</span>' in text
    assert "<p>共40項指標：未按期完成 38（其中截至期限未報送 33），進度滯後 0，未報數據 0，進度正常 0，已完成 2。</p>" in text


@pytest.mark.slow
def test_html_report_is_self_contained(html_report: Path) -> None:
    page = html_report.read_text(encoding="utf-8")
    assert page.count('<div class="chart" id="chart-') == 40  # a burn-up chart per target
    assert page.count("<svg") == 42  # and one per chapter, one per unit
    # nothing is fetched: no scripts, links, external sources or URLs in styles
    assert not any(marker in page for marker in ("<script", "<link", ' src="', "url(http", "@import", 'href="http'))


@pytest.mark.slow
def test_html_report_renders_in_a_browser(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("Chromium is not installed (Debian package 'chromium'): the HTML report was not rendered in a browser")
    path = request.getfixturevalue("html_report")  # asked for only now: without a browser, no report is drawn for this test
    png = tmp_path / "r.png"
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,1600",
         f"--screenshot={png}", path.as_uri()],
        capture_output=True, timeout=120, check=False,
    )
    assert png.exists(), "the browser wrote no screenshot"
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1200, 1600)
    assert len(data) > 20_000  # a blank page compresses to a few kilobytes


def test_explain_shows_the_arithmetic(runner, ledger: Path) -> None:
    result = invoke(runner, "explain", "torch_national_incubators", "--as-of", "2021-06-30")
    assert result.exit_code == 0, result.output
    lines = [" ".join(line.split()) for line in result.stdout.splitlines()]
    for expected in (
        "achieved 2 (baseline 0 + 2 distinct item(s))",
        "time elapsed 639 / 1188 days = 0.5379",
        "expected by now 2.15 (linear: 0 + 0.5379 × (4 − 0))",
        "status behind: achieved 2 < expected 2.15",
        "pace ratio R (2 − 0) / (2.15 − 0) = 0.93",
        "gap max(4 − 2, 0) = 2",
        "percent 2 / 4 × 100 = 50.0%",
        "needed per month 2 / (549 days / 30.44) = 0.11 per month",
        "stale no (last report 121 days before the as-of date; limit 180 days)",
    ):
        assert expected in lines, expected
    assert any(line.startswith("pace acceleration_needed; bands: R ≥ 0.95 on_track") for line in lines)


def test_explain_a_per_year_target(runner, ledger: Path) -> None:
    lines = [" ".join(line.split()) for line in invoke(runner, "explain", "engineering_labs_yearly", "--as-of", "2021-06-30").stdout.splitlines()]
    assert "expected by now 1 (stepped: 1 per year falling due each 31 December; due so far: 2020)" in lines
    assert "year 2020 1 of 1: met" in lines and "year 2021 0 of 1: behind" in lines
    assert "per year 每年新增 asks for every year: a year whose quota is not reached by its 31 December makes the target missed, whatever the total" in lines


def test_explain_a_per_year_target_with_a_year_missed(runner, ledger: Path) -> None:
    lines = explained(runner, "engineering_labs_yearly", "2021-12-31")
    assert (
        "status missed: the 2021 quota of 1 was not reached by 31 December (每年新增: every year counts, whatever the total); "
        "a year's quota is final at the end of its 31 December"
    ) in lines
    assert ["year 2020 1 of 1: met", "year 2021 0 of 1: missed", "year 2022 0 of 1: no_data"] == [line for line in lines if line.startswith("year ")]
    assert "needed per month — (missed: the target can no longer be met)" in lines
    assert "forecast missed (2021 quota not reached): the verdict is final, no projection" in lines
    # the day before, 2021 is still open: behind within the year, and the target on track (1 due, 1 done)
    assert "status on_track: achieved 1 ≥ expected 1" in explained(runner, "engineering_labs_yearly", "2021-12-30")


def explained(runner, target: str, as_of: str) -> list[str]:
    result = invoke(runner, "explain", target, "--as-of", as_of)
    assert result.exit_code == 0, result.output
    return [" ".join(line.split()) for line in result.stdout.splitlines()]


def test_explain_on_the_deadline_day(runner, ledger: Path) -> None:
    lines = explained(runner, "torch_national_incubators", "2022-12-31")
    for expected in (
        "status missed: the deadline 2022-12-31 was reached with 2 of 4; the verdict is final at the end of the deadline day",
        "needed per month — (the deadline 2022-12-31 has been reached)",
        "forecast deadline 2022-12-31 reached: the verdict is final, no projection",
        "gap max(4 − 2, 0) = 2",
    ):
        assert expected in lines, expected
    assert any(line.startswith("pace missed (missed overrides); bands:") for line in lines)
    # the day before, one day is left: behind, 2 needed in 1 day = 60.88 per month
    lines = explained(runner, "torch_national_incubators", "2022-12-30")
    assert "status behind: achieved 2 < expected 4" in lines
    assert "needed per month 2 / (1 days / 30.44) = 60.88 per month" in lines
    # a target never reported
    lines = explained(runner, "cuiheng_public_platforms", "2022-12-31")
    assert "status missed: nothing reported by the deadline 2022-12-31; the verdict is final at the end of the deadline day" in lines
    assert "status no_data: nothing reported by the as-of date" in explained(runner, "cuiheng_public_platforms", "2022-12-30")


def test_units_are_ranked(runner, ledger: Path) -> None:
    result = invoke(runner, "units", "--as-of", "2021-06-30", "--format", "json")
    assert result.exit_code == 0, result.output
    cards = json.loads(result.stdout)["records"]
    assert [card["unit_id"] for card in cards[:2]] == ["sci_tech", "dev_reform"]
    # 市科技局 leads fudan_researchers and the five ones (behind), hit_research_staff (on track), the conference (met)
    assert cards[0]["lead"] == {"missed": 0, "behind": 2, "no_data": 18, "on_track": 1, "met": 1}
    # 市發展改革局 leads the Torch incubators (behind) and co-owns the other two
    assert cards[1]["lead"]["behind"] == 1 and cards[1]["co"]["behind"] == 2
    assert cards[0]["worst"][:2] == ["fudan_researchers", "drug_institute_five_ones"]


def test_status_in_chinese_and_simplified(runner, ledger: Path) -> None:
    result = invoke(runner, "status", "--as-of", "2021-06-30", "--lang", "zh", "--script", "hans", "--category", "incubator")
    assert result.exit_code == 0, result.output
    assert "火炬开发区国家级科技企业孵化器" in result.stdout
    assert "进度滞后" in result.stdout and "牵头单位" in result.stdout


# --- one vocabulary: the summary's counts are the sections' counts, at every as-of date -------------

#: The README tour's ledger.
TOUR = [
    ["torch_national_incubators", "--item", "中山火炬創新創業園", "--date", "2020-06-30"],
    ["torch_national_incubators", "--item", "中山健康科技產業基地孵化器", "--date", "2020-12-31"],
    ["torch_national_incubators", "--item", "中山翠亨新區科創孵化器", "--date", "2021-06-30"],
    ["hit_research_staff", "32", "--date", "2021-06-30"],
    ["drug_institute_five_ones", "--item", "中山新藥創制産業園", "--date", "2020-12-01"],
    ["second_prai_conference", "--date", "2020-11-30"],
]

STATUS_WORDS = {"未按期完成": "missed", "進度滯後": "behind", "未報數據": "no_data", "進度正常": "on_track", "已完成": "met"}
STATUS_RE = re.compile("|".join(STATUS_WORDS))


@pytest.fixture
def tour(runner, isolated_db: Path) -> Path:
    """The README tour's ledger, and the Torch zone's 4th incubator dated 2023-03-01 (60 days late).

    The 4th is written straight to the ledger: ``log`` shows the standing as of the entry's
    date, which needs the deadline facts the store does not supply yet.
    """
    from zsplan.store import db as store_db, ledger
    from zsplan.store.db import get_engine, sqlite_url

    assert invoke(runner, "load", str(PLAN)).exit_code == 0
    for args in TOUR:
        result = invoke(runner, "log", *args, "--by", "clerk")
        assert result.exit_code == 0, result.output
    with store_db.write_session(get_engine(sqlite_url(isolated_db))) as session:
        ledger.record_entry(
            session, target_id="torch_national_incubators", value=1.0, item_id="中山火炬國際孵化器", item_name="中山火炬國際孵化器",
            as_of=dt.date(2023, 3, 1), recorded_at=dt.datetime(2023, 3, 2, tzinfo=dt.timezone.utc), recorded_by="clerk",
        )
    return isolated_db


def tour_report(db: Path, period: str) -> str:
    """The Markdown report built from the store as it is to be wired: deadline facts for targets past their deadline.

    ``ProgressFacts.at_deadline`` is ``progress_facts`` as of each deadline and ``after_deadline``
    the ``progress_series`` rows dated after it (docs/method.md, "The deadline").
    """
    from zsplan.analysis.assessment import assess_target, unit_scorecards
    from zsplan.analysis.standing import ProgressFacts, assess
    from zsplan.render.labels import Labels
    from zsplan.render.report import ReportInput, markdown_report, parse_period
    from zsplan.store import db as store_db, ledger
    from zsplan.store.db import get_engine, sqlite_url

    chosen = parse_period(period)
    as_of = chosen.end
    with store_db.read_session(get_engine(sqlite_url(db))) as session:
        specs = ledger.fetch_specs(session)
        facts = ledger.progress_facts(session, as_of)
        series = ledger.progress_series(session, as_of)
        past = [spec for spec in specs if spec.deadline < as_of]
        at_deadline: dict = {}
        for deadline in {spec.deadline for spec in past}:
            at_deadline.update(ledger.progress_facts(session, deadline, [spec.id for spec in past if spec.deadline == deadline]))
        units, chapters, header = ledger.unit_names(session), ledger.chapters(session), ledger.plan_header(session)
    standings = []
    for spec in specs:
        facts_ = facts.get(spec.id, ProgressFacts())
        if spec.deadline < as_of:
            later = tuple(row for row in series.get(spec.id, []) if row[0] > spec.deadline)
            facts_ = dataclasses.replace(facts_, at_deadline=at_deadline.get(spec.id, ProgressFacts()), after_deadline=later)
        standings.append(assess(spec, facts_, as_of))
    assessments = [assess_target(standing, series.get(standing.target.id, []), stale_days=180) for standing in standings]
    data = ReportInput(
        plan_title=header.title, period=chosen, as_of=as_of, known_at=None, assessments=assessments,
        scorecards=unit_scorecards(assessments, units), chapters=chapters, stale_days=180,
    )
    return markdown_report(data, Labels(lang="zh"))


def counts_of(report: str) -> dict:
    """What the summary says, and what each kind of section says, target by target."""
    (summary,) = [line for line in report.splitlines() if line.startswith("共")]
    total = int(re.match(r"共(\d+)項指標：", summary).group(1))
    said = {STATUS_WORDS[word]: int(n) for word, n in re.findall(r"(未按期完成|進度滯後|未報數據|進度正常|已完成) (\d+)", summary)}
    flags = dict(re.findall(r"(截至期限未報送|逾期完成) (\d+)", summary))
    sections: dict[str, Counter] = {"progress": Counter(), "problems": Counter(), "next": Counter()}
    flagged: dict[str, Counter] = {"problems": Counter(), "next": Counter()}
    units = Counter()
    section = None
    for line in report.splitlines():
        if line.startswith("## "):
            section = "units" if line == "## 責任單位情況" else None
        elif line.startswith("### "):
            section = {"### （一）進展情況": "progress", "### （二）存在問題": "problems", "### （三）下一步工作": "next"}[line]
        elif re.match(r"\d+\. ", line) and section == "units":
            lead = line.split("：牽頭 ", 1)[1].split("；", 1)[0]
            for word, n in re.findall(r"(未按期完成|進度滯後|未報數據|進度正常|已完成)(\d+)", lead):
                units[STATUS_WORDS[word]] += int(n)
        elif re.match(r"\d+\. ", line) and section is not None:
            status = STATUS_WORDS[STATUS_RE.findall(line)[-1]]  # the status comes after the name and figures
            sections[section][status] += 1
            if section in flagged:
                for flag in ("截至期限未報送", "逾期完成"):
                    flagged[section][flag] += flag in line
    return {"total": total, "said": said, "flags": flags, "sections": sections, "flagged": flagged, "units": units}


@pytest.mark.parametrize(
    ("period", "expected", "flags"),
    [
        # mid-2021 (README tour): the Torch zone 3 of 4 and the HIT team 32 of 50 on track, the five ones 1 of 5 behind
        ("2021H1", {"missed": 0, "behind": 1, "no_data": 36, "on_track": 2, "met": 1}, {}),
        # the deadline day: every unmet target is missed, the 36 never reported flagged so
        ("2022", {"missed": 39, "behind": 0, "no_data": 0, "on_track": 0, "met": 1}, {"截至期限未報送": "36"}),
        # two years on: the 4th incubator (2023-03-01) does not change the verdict, it marks a late completion
        ("2024", {"missed": 39, "behind": 0, "no_data": 0, "on_track": 0, "met": 1}, {"截至期限未報送": "36", "逾期完成": "1"}),
    ],
)
def test_report_summary_counts_are_the_sections_counts(tour: Path, period: str, expected: dict, flags: dict) -> None:
    found = counts_of(tour_report(tour, period))
    assert found["said"] == expected and found["flags"] == flags
    assert found["total"] == sum(expected.values()) == 40
    progress, problems, next_steps = found["sections"]["progress"], found["sections"]["problems"], found["sections"]["next"]
    # (一) lists the met and on-track targets, (二) every behind, missed and unreported one, (三) every one not met
    assert {status: progress[status] for status in ("met", "on_track")} == {status: expected[status] for status in ("met", "on_track")}
    assert set(progress) <= {"met", "on_track"}
    assert {status: problems[status] for status in ("behind", "missed", "no_data")} == {status: expected[status] for status in ("behind", "missed", "no_data")}
    assert {status: n for status, n in next_steps.items() if n} == {status: n for status, n in expected.items() if n and status != "met"}
    # the flags the summary counts are the flags the lines show, in (二) and in (三)
    for section in ("problems", "next"):
        assert {flag: str(n) for flag, n in found["flagged"][section].items() if n} == flags
    # and the responsible units' lead counts add up to the same (every target has one lead unit)
    assert {status: n for status, n in found["units"].items() if n} == {status: n for status, n in expected.items() if n}


def test_report_on_the_deadline_day_and_after_a_late_completion(runner, tour: Path) -> None:
    # the store as wired today gives the same report until something is dated after the deadline
    for period in ("2021H1", "2022"):
        assert invoke(runner, "report", "--period", period).stdout == tour_report(tour, period)
    deadline_day = tour_report(tour, "2022")
    lines = deadline_day.splitlines()
    # chapter 四: the seven never reported first (the whole target missing), then the Torch zone
    assert "8. 火炬開發區國家級科技企業孵化器：3家，目標≥4家，差距1家，未按期完成，最近一次報送已逾180天。" in lines
    assert "8. 火炬開發區國家級科技企業孵化器（牽頭單位：市發展改革局）：未按期完成，尚差1家，請說明原因並提出補救措施。" in lines
    assert "2. 翠亨新區各類創新創業公共平台：0家，目標≥5家，差距5家，未按期完成（截至期限未報送）。" in lines
    assert "2. 翠亨新區各類創新創業公共平台（牽頭單位：市發展改革局）：未按期完成（截至期限未報送），請報送進展數據及證明材料，說明原因並提出補救措施。" in lines
    assert "已逾期" not in deadline_day  # nothing is called overdue but by its status
    lines = tour_report(tour, "2024").splitlines()
    assert "共40項指標：未按期完成 39（其中截至期限未報送 36，逾期完成 1），進度滯後 0，未報數據 0，進度正常 0，已完成 1。" in lines
    assert "8. 火炬開發區國家級科技企業孵化器：4家，目標≥4家，差距0家，未按期完成（於2023年3月1日逾期完成，超期60天）。" in lines
    assert "8. 火炬開發區國家級科技企業孵化器（牽頭單位：市發展改革局）：未按期完成（於2023年3月1日逾期完成，超期60天），請說明逾期原因。" in lines
