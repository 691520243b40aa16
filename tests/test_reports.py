"""Reports (Markdown exactly, HTML in a real browser, XLSX), explain, units, and language/script switches."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zsplan.cli import app

from conftest import cli_env, copy_database, settle

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
    rows = json.loads(invoke(runner, "status", "--as-of", "2021-06-30", "-f", "json").stdout)
    behind = [row for row in rows if row["status"] == "behind"]
    assert {row["id"] for row in behind} == {"torch_national_incubators", "fudan_researchers", "drug_institute_five_ones"}
    next_steps = [line for line in report.splitlines() if "（牽頭單位：" in line]
    for row in behind:
        (line,) = [line for line in next_steps if line.split(". ", 1)[1].startswith(row["name"])]
        assert f"（牽頭單位：{row['lead_unit_name']}）：尚差" in line
        assert f"須每月完成{row['needed_per_month']:.2f}" in line


def test_english_simplified_report(runner, ledger: Path) -> None:
    result = invoke(runner, "report", "--period", "2021H1", "--lang", "en", "--script", "hans")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# 中山市推进粤港澳大湾区国际科技创新中心建设专项行动计划: progress report, first half of 2021 (mid-year reconciliation)\n")
    assert "### (3) Next steps" in result.stdout
    assert "火炬开发区国家级科技企业孵化器 (lead: 市发展改革局): 2家 to go" in result.stdout
    assert "省实验室 (aspirational)" in result.stdout


def test_period_codes(runner, ledger: Path) -> None:
    bad = invoke(runner, "report", "--period", "2021-H1")
    assert (bad.exit_code, bad.stderr) == (2, "Error: period '2021-H1' is not YYYY, YYYYH1, YYYYH2 or YYYYQ1–Q4 (e.g. 2021H1)\n")
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


def test_units_are_ranked(runner, ledger: Path) -> None:
    result = invoke(runner, "units", "--as-of", "2021-06-30", "--format", "json")
    assert result.exit_code == 0, result.output
    cards = json.loads(result.stdout)
    assert [card["id"] for card in cards[:2]] == ["sci_tech", "dev_reform"]
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
