"""Reports (Markdown exactly, HTML in a real browser, XLSX), explain, units, and language/script switches."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import PLAN, cli_env, copy_database, settle
from zsplan.cli import app

GOLDEN = Path(__file__).parent / "data" / "report-2021H1.md"
GOLDEN_EN = Path(__file__).parent / "data" / "report-2021H1.en.md"
GOLDEN_DOCX = Path(__file__).parent / "data" / "report-2021H1.docx.txt"
GOLDEN_DOCX_EN = Path(__file__).parent / "data" / "report-2021H1.en.docx.txt"


def matches_golden(text: str, golden: Path) -> bool:
    """Whether ``text`` is the golden file's text; with ZSPLAN_UPDATE_GOLDEN=1 set, write it there first.

    After a change meant to alter a report, run ``ZSPLAN_UPDATE_GOLDEN=1 pytest tests/test_reports.py`` and
    read the goldens' diff before committing it: the diff is the review.
    """
    if os.environ.get("ZSPLAN_UPDATE_GOLDEN") == "1":
        golden.write_text(text, encoding="utf-8")
    return text == golden.read_text(encoding="utf-8")


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
    command = ["report", "--period", "2021H1", "--format", "html", "-o", str(path), "--lang", "zh", "--dated", "2021-07-10"]
    result = CliRunner().invoke(app, command, env=cli_env(db))
    assert result.exit_code == 0, result.output
    return path


def test_mid_year_markdown_report_is_exactly_as_expected(runner, ledger: Path) -> None:
    result = invoke(runner, "report", "--period", "2021H1", "--lang", "zh")
    assert result.exit_code == 0, result.output
    assert matches_golden(result.stdout, GOLDEN)


def test_mid_year_markdown_report_in_english_is_exactly_as_expected(runner, ledger: Path) -> None:
    result = invoke(runner, "report", "--period", "2021H1", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert matches_golden(result.stdout, GOLDEN_EN)


def test_next_steps_count_whole_units_and_months_never_rates(runner, ledger: Path) -> None:
    report = invoke(runner, "report", "--period", "2021H1", "--lang", "zh").stdout
    rows = json.loads(invoke(runner, "status", "--as-of", "2021-06-30", "-f", "json").stdout)["records"]
    behind = [row for row in rows if row["status"] == "behind"]
    assert {row["target_id"] for row in behind} == {"torch_national_incubators", "fudan_researchers", "drug_institute_five_ones"}
    next_steps = [line for line in report.splitlines() if "（牽頭單位：" in line]
    assert len(next_steps) == sum(row["status"] != "met" for row in rows)
    for row in behind:
        (line,) = [line for line in next_steps if line.split(". ", 1)[1].startswith(row["name"].replace("(", "（").replace(")", "）"))]
        assert f"（牽頭單位：{row['lead_unit_name']}）：" in line
        assert f"尚差{row['gap']}{row['unit']}，距期限18個月，確保2022年12月31日前完成目標。" in line
    # statistics stay in explain: no pace ratio, no band, no rate per month, no fractions of a count
    for word in ("R=", "每月", "進展有限", "需加快", "."):
        assert word not in "".join(line.split(". ", 1)[1] for line in report.splitlines() if re.match(r"\d+\. ", line)), word
    # milestones: a date, never a rate
    assert "1. 第二屆模式識別和人工智能國際會議：2020年11月30日報送完成，目標2022年12月31日前完成，已完成。" in report


def test_grades_follow_the_thresholds(runner, ledger: Path) -> None:
    # 中山複旦 18 of 60, R = 0.56: 嚴重滯後 below 0.6, 進度滯後 when the threshold is lowered to 0.5
    line = "中山複旦聯合創新中心引進研發人才：18人，目標不少於60人，尚差42人，{}，按現有趨勢到期僅能完成約31人。"
    assert line.format("嚴重滯後") in invoke(runner, "report", "--period", "2021H1", "--lang", "zh").stdout
    assert line.format("進度滯後") in invoke(runner, "report", "--period", "2021H1", "--lang", "zh", "--seriously-behind-below", "0.5").stdout
    # 哈工大 30 of 50, R = 1.12: 按序時進度推進; 超進度 from 1.1
    line = "哈工大無人裝備與人工智能創新中心專職科研團隊：30人，目標不少於50人（2022年12月31日前），完成60%，{}。"
    assert line.format("按序時進度推進") in invoke(runner, "report", "--period", "2021H1", "--lang", "zh").stdout
    assert line.format("超進度") in invoke(runner, "report", "--period", "2021H1", "--lang", "zh", "--ahead-from", "1.1").stdout


def test_a_range_exceeded_is_above_its_upper_bound(runner, ledger: Path) -> None:
    assert invoke(runner, "log", "cuiheng_backbone_enterprises", "--item", "完美", "--date", "2021-06-30").exit_code == 0
    assert invoke(runner, "log", "cuiheng_backbone_enterprises", "--item", "木林森", "--date", "2021-06-30").exit_code == 0
    report = invoke(runner, "report", "--period", "2021H1", "--lang", "zh").stdout
    assert "翠亨新區10億元規模以上骨幹企業：4家，目標2至3家（2022年12月31日前），超過目標上限，已完成。" in report
    assert "200%" not in report


def test_english_simplified_report(runner, ledger: Path) -> None:
    result = invoke(runner, "report", "--period", "2021H1", "--lang", "en", "--script", "hans")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# 中山市推进粤港澳大湾区国际科技创新中心建设专项行动计划: progress report, first half of 2021 (mid-year reconciliation)\n")
    assert "### (3) Next steps" in result.stdout
    assert "火炬开发区国家级科技企业孵化器 (lead: 火炬开发区): behind schedule, 2家 to go, 18 months to the deadline; finish by 2022-12-31." in result.stdout
    assert "火炬开发区国家级科技企业孵化器: 2家, target at least 4家, 2家 to go, behind schedule." in result.stdout
    assert "省实验室 (aspirational)" in result.stdout
    assert "25. 市委统战部: as lead none; as co-responsible not reported 5, met 1." in result.stdout


def test_simplified_script_converts_every_word(runner, ledger: Path, tmp_path: Path) -> None:
    md = invoke(runner, "report", "--period", "2021H1", "--lang", "zh", "--script", "hans").stdout
    page = tmp_path / "r.html"
    assert invoke(runner, "report", "--period", "2021H1", "--lang", "zh", "--script", "hans", "-f", "html", "-o", str(page)).exit_code == 0
    for text in (md, visible_text(page.read_text(encoding="utf-8"))):
        assert not set(text) & set("個項進報進滯後區發無責"), sorted(set(text) & set("個項進報進滯後區發無責"))
        assert "个" in text and "项" in text and "进度滞后" in text


def test_the_language_follows_the_locale(runner, ledger: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert invoke(runner, "report", "--period", "2021H1").stdout.startswith(
        "# 中山市推进粤港澳大湾区国际科技创新中心建设专项行动计划2021年上半年（年中对账）进展报告\n"
    )
    monkeypatch.setenv("LC_ALL", "zh_TW.UTF-8")  # LC_ALL wins over LANG
    assert invoke(runner, "report", "--period", "2021H1").stdout == GOLDEN.read_text(encoding="utf-8")
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    assert invoke(runner, "report", "--period", "2021H1").stdout == GOLDEN_EN.read_text(encoding="utf-8")


def test_period_codes(runner, ledger: Path) -> None:
    bad = invoke(runner, "report", "--period", "2021-H1")
    assert (bad.exit_code, bad.stderr) == (
        2,
        (
            "Usage: zsplan report [OPTIONS]\nTry 'zsplan report --help' for help.\n\n"
            "Error: Invalid value for '--period': period '2021-H1' is not YYYY, YYYYH1, YYYYH2 or YYYYQ1–Q4 (e.g. 2021H1)\n"
        ),
    )
    year_end = invoke(runner, "report", "--period", "2021", "--lang", "zh")
    assert year_end.stdout.splitlines()[0].endswith("2021年（年底總結）進展報告")
    assert "數據截至2021年12月31日。" in year_end.stdout
    future = dt.date.today().year + 1
    refused = invoke(runner, "report", "--period", str(future))
    assert (refused.exit_code, refused.stderr) == (
        2,
        f"Error: period {future} has not begun (today is {dt.date.today()}): a report covers a past or current period\n",
    )


ENGLISH = re.compile(r"[A-Za-z]{2,}")
#: Latin letters the plan itself writes in Chinese names: 智能移動機器人(中山)研究院(AMR)
PLAN_LATIN = {"AMR"}


def visible_text(page: str) -> str:
    """What a reader of the HTML sees: the text of the page and of its SVG charts, without styles, tags or comments."""
    import html as html_

    page = re.sub(r"<style[^>]*>.*?</style>", " ", page, flags=re.S)
    page = re.sub(r"<!--.*?-->", " ", page, flags=re.S)
    page = re.sub(r"<title[^>]*>.*?</title>", " ", page, flags=re.S)
    return html_.unescape(re.sub(r"<[^>]+>", " ", page))


def english_words(text: str) -> set[str]:
    return set(ENGLISH.findall(text)) - PLAN_LATIN


def target_ids(runner) -> set[str]:
    return {row["target_id"] for row in json.loads(invoke(runner, "status", "-f", "json").stdout)["records"]}


def unit_ids(runner) -> set[str]:
    return {row["unit_id"] for row in json.loads(invoke(runner, "units", "-f", "json").stdout)["records"]}


def test_xlsx_report_in_chinese(runner, ledger: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "r.xlsx"
    result = invoke(runner, "report", "--period", "2021H1", "--format", "xlsx", "-o", str(path), "--lang", "zh")
    assert result.exit_code == 0, result.output
    workbook = load_workbook(path)
    rows = json.loads(invoke(runner, "status", "--as-of", "2021-06-30", "-f", "json").stdout)["records"]
    n = len(rows)
    assert workbook.sheetnames[:2] == ["匯總", "指標進展"] and workbook.sheetnames[-1] == "附錄 指標編號"
    assert set(workbook.sheetnames[2:-1]) == {row["unit_name"] for row in json.loads(invoke(runner, "units", "-f", "json").stdout)["records"]}
    targets = workbook["指標進展"]
    head = [targets.cell(row, 1).value for row in range(1, 5)]
    assert head == [
        "中山市推進粵港澳大灣區國際科技創新中心建設專項行動計劃2021年上半年（年中對賬）進展報告",
        "報告期：2021年上半年（年中對賬）",
        "數據截至：2021年6月30日",
        "數據來源：各責任單位報送的進展台賬",
    ]
    assert [cell.value for cell in targets[5]] == [
        "序號",
        "所屬部分",
        "指標",
        "目標",
        "完成",
        "尚差",
        "完成率",
        "狀態",
        "期限",
        "距期限",
        "牽頭單位",
        "責任單位",
        "指標性質",
    ]
    assert targets.max_row == 5 + n
    assert targets.freeze_panes == "A6"
    assert (targets.page_setup.orientation, targets.page_setup.paperSize, targets.page_setup.fitToWidth, targets.page_setup.fitToHeight) == (
        "landscape",
        9,
        1,
        0,
    )
    assert targets.sheet_properties.pageSetUpPr.fitToPage is True
    assert targets.print_title_rows == "$1:$5"
    by_name = {row[2]: row for row in targets.iter_rows(min_row=6, values_only=True)}
    torch = by_name["火炬開發區國家級科技企業孵化器"]
    assert torch[3:9] == ("不少於4家", 2, 2, "50%", "進度滯後", "2022年12月31日")
    backbone = targets.cell(
        next(i for i, row in enumerate(targets.iter_rows(min_row=6, values_only=True), start=6) if row[2] == "翠亨新區10億元規模以上骨幹企業"), 4
    )
    assert (backbone.value, backbone.data_type, backbone.number_format) == ("2至3家", "s", "@")
    # widths by display width: the longest name (CJK: 2 columns a character) + 2
    longest = max(len(row[2]) for row in targets.iter_rows(min_row=6, values_only=True))
    assert targets.column_dimensions["C"].width == min(2 * longest + 2, 60)
    summary = workbook["匯總"]
    counts = {row[0]: row[2] for row in summary.iter_rows(min_row=6, values_only=True)}
    assert counts == {"未按期完成": 0, "嚴重滯後": 1, "進度滯後": 2, "未報數據": 50, "按序時進度推進": 2, "超進度": 0, "已完成": 2, "合計": n}
    ids = workbook["附錄 指標編號"]
    assert {row[2] for row in ids.iter_rows(min_row=6, values_only=True)} == {row["target_id"] for row in rows}
    # no English word and no id anywhere but the appendix sheet
    known = target_ids(runner) | unit_ids(runner)
    for sheet in workbook.worksheets[:-1]:
        text = " ".join(str(value) for row in sheet.iter_rows(values_only=True) for value in row if isinstance(value, str))
        assert english_words(text) == set(), (sheet.title, english_words(text))
        assert not set(re.findall(r"[a-z_]{3,}", text)) & known
    assert invoke(runner, "report", "--period", "2021", "--format", "xlsx").stderr == "Error: an XLSX report needs -o FILE\n"


def test_xlsx_and_html_reports_on_the_deadline_day(runner, ledger: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "r.xlsx"
    assert invoke(runner, "report", "--period", "2022", "--format", "xlsx", "-o", str(path), "--lang", "zh").exit_code == 0
    rows = list(load_workbook(path)["指標進展"].iter_rows(min_row=6, values_only=True))
    by_name = {row[2]: row for row in rows}
    torch = by_name["火炬開發區國家級科技企業孵化器"]
    assert (torch[4], torch[7], torch[9]) == (2, "未按期完成", None)
    assert by_name["翠亨新區各類創新創業公共平台"][7] == "未按期完成（截至期限未報送）"
    assert by_name["第二屆模式識別和人工智能國際會議"][4:8] == ("已完成", None, None, "已完成")
    page = tmp_path / "r.html"
    assert invoke(runner, "report", "--period", "2022", "--format", "html", "-o", str(page), "--lang", "zh").exit_code == 0
    text = page.read_text(encoding="utf-8")
    assert '<span class="red">未按期完成（截至期限未報送）</span>' in text
    n = len(rows)
    assert (
        f"<p>共{n}項指標：未按期完成55項（其中截至期限未報送50項），嚴重滯後0項，進度滯後0項，未報數據0項，按序時進度推進0項，超進度0項，已完成2項。</p>"
        in text
    )


@pytest.mark.slow
def test_html_report_is_self_contained(runner, html_report: Path, ledger: Path) -> None:
    page = html_report.read_text(encoding="utf-8")
    n = len(target_ids(runner))
    assert page.count('<div class="chart" id="chart-') == min(n, 60)  # a burn-up chart per target
    assert page.count("<svg") == min(n, 60) + 2  # and one per chapter, one per unit
    # nothing is fetched: no scripts, links, external sources or URLs in styles
    assert not any(marker in page for marker in ("<script", "<link", ' src="', "url(http", "@import", 'href="http'))


def test_html_report_in_chinese_has_no_english_word_or_id(runner, html_report: Path, ledger: Path) -> None:
    page = html_report.read_text(encoding="utf-8")
    text = visible_text(page)
    assert english_words(text) == set()
    assert not set(re.findall(r"[a-z_]{3,}", text)) & (target_ids(runner) | unit_ids(runner))
    # the charts' own text (SVG <text> kept as text), checked on its own: Chinese titles, legends and labels
    svg_text = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", page))
    assert "序時進度" in svg_text and "嚴重滯後" in svg_text and "中山複旦聯合創新中心引進研發人才" in svg_text
    assert "尚未完成（未報數據）" in svg_text and "0/1（" not in svg_text  # a milestone is done or not, never 0 of 1
    ticks = re.findall(r"<text[^>]*>(-?\d{1,3}(?:\.\d+)?)</text>", page)  # dates (2021.06) have four digits
    assert ticks and all("." not in tick for tick in ticks)  # whole counts on every axis
    assert english_words(svg_text) == set()
    assert "font-family: 'Noto Sans CJK SC', 'Noto Sans CJK TC'" in page
    assert "附件：1. 指標進展情況表" in text and "2021年7月10日" in text


def _png_pixels(path: Path):
    """The image as an array (matplotlib reads PNG itself), and the share of its pixels that are not white."""
    import matplotlib.image as mpimg

    pixels = mpimg.imread(str(path))
    dark = (pixels[..., :3].min(axis=2) < 0.9).mean()
    return pixels, float(dark)


@pytest.mark.slow
def test_html_report_renders_in_a_browser(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("Chromium is not installed (Debian package 'chromium'): the HTML report was not rendered in a browser")
    path = request.getfixturevalue("html_report")  # asked for only now: without a browser, no report is drawn for this test
    png = tmp_path / "r.png"
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--window-size=1200,2000",
            f"--screenshot={png}",
            path.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert png.exists(), "the browser wrote no screenshot"
    pixels, dark = _png_pixels(png)
    assert pixels.shape[:2] == (2000, 1200)
    assert dark > 0.02, dark  # text and charts, not a blank page


LIBREOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="module")
def docx_zh(ledger_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("docx-report")
    db = copy_database(ledger_template, folder / "zsplan.db")
    path = folder / "2021年中對賬.docx"
    result = CliRunner().invoke(app, ["report", "--period", "2021H1", "-f", "docx", "-o", str(path), "--dated", "2021-07-10", "--lang", "zh"], env=cli_env(db))
    assert result.exit_code == 0, result.output
    return path


def docx_lines(path: Path) -> list[str]:
    """Each paragraph of the body as ``font<TAB>text`` (the East Asian font of its first run), then the attachments' table cells."""
    from docx import Document
    from docx.oxml.ns import qn

    document = Document(str(path))
    lines = []
    for paragraph in document.paragraphs:
        runs = paragraph.runs
        font = ""
        if runs and runs[-1]._r.rPr is not None and runs[-1]._r.rPr.rFonts is not None:
            font = runs[-1]._r.rPr.rFonts.get(qn("w:eastAsia")) or ""
        lines.append(f"{font}\t{paragraph.text}".rstrip("\t") if paragraph.text else "")
    for table in document.tables:
        lines.append("---")
        for row in table.rows:
            cells, previous = [], None
            for cell in row.cells:
                if cell._tc is not previous:  # a merged cell is listed once per column it spans
                    cells.append(cell.text)
                previous = cell._tc
            lines.append(" | ".join(cells))
    return lines


def test_docx_paragraphs_are_exactly_as_expected(docx_zh: Path) -> None:
    assert matches_golden("\n".join(docx_lines(docx_zh)) + "\n", GOLDEN_DOCX)


def test_docx_in_english_is_exactly_as_expected(runner, ledger: Path, tmp_path: Path) -> None:
    path = tmp_path / "r.docx"
    assert invoke(runner, "report", "--period", "2021H1", "-f", "docx", "-o", str(path), "--dated", "2021-07-10", "--lang", "en").exit_code == 0
    assert matches_golden("\n".join(docx_lines(path)) + "\n", GOLDEN_DOCX_EN)


def test_docx_has_the_official_document_layout(docx_zh: Path) -> None:
    from docx import Document
    from docx.oxml.ns import qn

    document = Document(str(docx_zh))
    body, attachments = document.sections

    def mm(*lengths) -> tuple:
        return tuple(round(length.mm, 1) for length in lengths)

    assert mm(body.page_width, body.page_height) == (210, 297)
    assert mm(body.top_margin, body.bottom_margin, body.left_margin, body.right_margin) == (37, 35, 28, 26)
    grid = body._sectPr.find(qn("w:docGrid"))
    assert (grid.get(qn("w:type")), grid.get(qn("w:linePitch")), grid.get(qn("w:charSpace"))) == ("lines", "579", None)  # 22 lines
    # 28 characters of 16 pt condensed by 0.25 pt fill the 156 mm line: 28 × 15.75 = 441 pt ≤ 442.2 pt < 29 × 15.75
    assert 28 * 15.75 <= 156 / 25.4 * 72 < 29 * 15.75
    assert mm(attachments.page_width, attachments.page_height) == (297, 210)
    assert document.settings.odd_and_even_pages_header_footer is True
    odd, even = body.footer.paragraphs[0], body.even_page_footer.paragraphs[0]
    assert (odd.alignment, even.alignment) == (2, 0)  # right, left
    for footer in (odd, even):
        xml = footer._p.xml
        assert footer.text == "— 1 —" and "PAGE" in xml and 'w:eastAsia="宋体"' in xml and '<w:sz w:val="28"/>' in xml
    title = document.paragraphs[0]
    assert title.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体" and title.runs[0].font.size.pt == 22
    body_text = next(p for p in document.paragraphs if p.text.startswith("數據截至"))
    assert body_text.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312" and body_text.runs[0].font.size.pt == 16
    assert body_text.paragraph_format.line_spacing.pt == 28.95 and body_text.paragraph_format.first_line_indent.pt == 32
    fonts = next(rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/fontTable")).blob.decode("utf-8")
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in fonts and '<w:font w:name="方正小标宋简体"><w:altName w:val="华文中宋"/>' in fonts
    styles = document.styles.element.xml
    assert 'w:eastAsia="zh-CN"' in styles


def test_docx_in_chinese_has_no_english_word_or_id(runner, docx_zh: Path, ledger: Path) -> None:
    import zipfile

    with zipfile.ZipFile(docx_zh) as archive:
        xml = " ".join(archive.read(name).decode("utf-8") for name in archive.namelist() if re.fullmatch(r"word/(document|footer\d*)\.xml", name))
    text = " ".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))
    assert "2021年7月10日" in text and "附件：1. 指標進展情況表" in text
    assert english_words(text) == set()
    assert not set(re.findall(r"[a-z_]{3,}", text)) & (target_ids(runner) | unit_ids(runner))


def _gray_pages(pdf: Path, folder: Path) -> list[tuple[int, int, bytes]]:
    """Each page of ``pdf`` as (width, height, gray pixels), drawn by pdftoppm at 30 dpi."""
    subprocess.run(["pdftoppm", "-r", "30", "-gray", str(pdf), str(folder / "page")], check=True, capture_output=True, timeout=120)
    pages = []
    for image in sorted(folder.glob("page-*.pgm")):
        data = image.read_bytes()
        magic, width, height, _, pixels = data.split(maxsplit=4)
        assert magic == b"P5"
        pages.append((int(width), int(height), pixels))
    return pages


def test_docx_converted_by_libreoffice_has_no_blank_page(docx_zh: Path, tmp_path: Path) -> None:
    if LIBREOFFICE is None or shutil.which("pdftoppm") is None:
        pytest.skip("LibreOffice or poppler-utils is not installed (Debian: libreoffice-writer-nogui, poppler-utils): the docx was not converted")
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "FONTCONFIG_FILE": str(Path(__file__).parent / "data" / "fonts.conf")}
    subprocess.run(
        [LIBREOFFICE, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx_zh)],
        check=True,
        capture_output=True,
        timeout=300,
        env=env,
    )
    pdf = tmp_path / "2021年中對賬.pdf"
    info = subprocess.run(["pdfinfo", "-l", "-1", str(pdf)], check=True, capture_output=True, text=True).stdout
    sizes = re.findall(r"Page +\d+ size: +([\d.]+ x [\d.]+) pts", info)
    portrait, landscape = "595.304 x 841.89", "841.89 x 595.304"
    # the body on A4 portrait, then the attachments on A4 landscape
    assert sizes[0] == portrait and sizes[-1] == landscape and sizes == sorted(sizes, key=lambda size: size == landscape)
    pages = _gray_pages(pdf, tmp_path)
    assert len(pages) == len(sizes) > 3
    for number, (_, _, pixels) in enumerate(pages, start=1):
        dark = sum(1 for value in pixels if value < 200)
        assert dark > 150, f"page {number} is blank but for its number ({dark} dark pixels)"  # "— 15 —" alone: about 40
    fonts = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert "NotoSerifCJK" in fonts  # 仿宋/宋/小標宋 drawn in a serif CJK face, not a Latin font's empty boxes


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
    assert [line for line in lines if line.startswith("year ")] == ["year 2020 1 of 1: met", "year 2021 0 of 1: missed", "year 2022 0 of 1: no_data"]
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


def test_units_are_ranked_by_the_share_behind(runner, ledger: Path) -> None:
    result = invoke(runner, "units", "--as-of", "2021-06-30", "--format", "json")
    assert result.exit_code == 0, result.output
    cards = json.loads(result.stdout)["records"]
    # 火炬開發區 leads one target (專欄4 names its base), the Torch incubators, behind (2 of 4 at half time): 1/1;
    # 市科技局 leads 28, 2 behind (fudan_researchers, the five ones): 2/28, and co-owns 15, 1 behind
    assert [card["unit_id"] for card in cards[:2]] == ["torch", "sci_tech"]
    assert cards[0]["lead"] == {"missed": 0, "scheduled": 0, "behind": 1, "no_data": 0, "on_track": 0, "met": 0}
    assert cards[0]["share_behind"] == {"lead": 1.0, "co": 0.0}
    assert cards[1]["lead"] == {"missed": 0, "scheduled": 0, "behind": 2, "no_data": 24, "on_track": 1, "met": 1}
    assert cards[1]["share_behind"] == {"lead": round(2 / 28, 4), "co": round(1 / 15, 4)}
    assert cards[1]["worst"][:2] == ["fudan_researchers", "drug_institute_five_ones"]
    shares = [card["share_behind"]["lead"] for card in cards]
    assert shares == sorted(shares, reverse=True)


def test_units_table_has_a_column_per_status(runner, ledger: Path) -> None:
    result = runner.invoke(app, ["units", "--as-of", "2021-06-30", "--lang", "zh"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].endswith("— 責任單位情況（數據截至2021年6月30日）")
    assert lines[1].split() == ["#", "責任單位", "角色", "滯後佔比", "未按期完成", "進度滯後", "未報數據", "按序時進度推進", "已完成", "合計", "需關注的指標"]
    first = lines[3].split()
    assert first[:10] == ["1", "火炬開發區", "牽頭", "100%", "0", "1", "0", "0", "0", "1"]
    assert first[10].startswith("火炬開發區國家級科技企業孵化器（進度滯後）、")
    co = next(line for line in lines[4:] if line.split()[0] == "配合")  # after the worst items' wrapped lines
    assert co.split()[:8] == ["配合", "0%", "0", "0", "5", "0", "0", "5"]
    assert english_words(result.stdout) == set() and "dev_reform" not in result.stdout
    english = runner.invoke(app, ["units", "--as-of", "2021-06-30", "--lang", "en"], env={"COLUMNS": "200"}).stdout.splitlines()
    assert english[1].split() == ["#", "unit", "as", "%", "behind", "missed", "behind", "no_data", "on_track", "met", "total", "worst", "items"]
    assert english[3].split()[:11] == ["1", "火炬開發區", "(torch)", "lead", "100%", "0", "1", "0", "0", "0", "1"]


def test_status_in_chinese_and_simplified(runner, ledger: Path) -> None:
    result = invoke(runner, "status", "--as-of", "2021-06-30", "--lang", "zh", "--script", "hans", "--category", "incubator")
    assert result.exit_code == 0, result.output
    assert "火炬开发区国家级科技企业孵化器" in result.stdout
    assert "进度滞后" in result.stdout and "牵头单位" in result.stdout
    assert result.stdout.splitlines()[0].endswith("— 数据截至2021年6月30日 — 类别：孵化载体")


def test_status_table_in_chinese_has_no_english_word_or_id(runner, ledger: Path) -> None:
    result = runner.invoke(app, ["status", "--as-of", "2021-06-30", "--lang", "zh", "--unit", "torch"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].endswith("— 數據截至2021年6月30日 — 責任單位：火炬開發區")
    assert lines[2] == "二、建設高端創新平台，提高科技創新能力"  # the plan's ASCII comma, full-width
    assert lines[3].split() == ["指標", "目標", "完成", "差距", "完成率", "期限", "剩餘天數", "每月需完成", "狀態", "牽頭單位"]
    # a milestone: 按期完成 / 尚未完成, and no rate per month
    assert lines[5].split() == ["生物醫藥國家重點實驗室廣東藥科大學分中心", "按期完成", "尚未完成", "1", "0%", "2022-12-31*", "549", "未報數據", "市科技局"]
    torch = next(line for line in lines if line.startswith("火炬開發區國家級科技企業孵化器"))
    assert torch.split() == ["火炬開發區國家級科技企業孵化器", "≥4家", "2", "2", "50%", "2022-12-31", "549", "0.11", "進度滯後", "火炬開發區"]
    assert lines[-2] == "共6項指標：未按期完成0項，進度滯後1項，未報數據5項，按序時進度推進0項，已完成0項"  # 火炬開發區 leads 1 target, co-owns 5
    assert lines[-1] == "* 期限為推定：規劃未寫明完成時限，按規劃期末計"
    assert english_words(result.stdout) == set() and "torch" not in result.stdout
    english = runner.invoke(app, ["status", "--as-of", "2021-06-30", "--lang", "en", "--unit", "torch"], env={"COLUMNS": "200"}).stdout.splitlines()
    assert english[0].endswith("— as of 2021-06-30 — unit 火炬開發區 (torch)") and english[-2].startswith("6 targets: 0 missed, 1 behind")


def test_explain_in_chinese(runner, ledger: Path) -> None:
    result = invoke(runner, "explain", "torch_national_incubators", "--as-of", "2021-06-30", "--lang", "zh")
    assert result.exit_code == 0, result.output
    lines = [" ".join(line.split()) for line in result.stdout.splitlines()]
    assert lines[0] == "火炬開發區國家級科技企業孵化器"
    for expected in (
        "目標 ≥4家，期限2022年12月31日（規劃寫明）",
        "完成 2（基數0 + 2個不同事項）",
        "時間進度 639 / 1188天 = 0.5379",
        "序時應完成 2.15（線性：0 + 0.5379 × (4 − 0)）",
        "狀態 進度滯後：完成2 < 序時應完成2.15",
        "進度比 R (2 − 0) / (2.15 − 0) = 0.93",
        "進度評估 需加快；分檔：R ≥ 0.95 進展順利，0.6–0.95 需加快，0–0.6 進展有限，< 0 倒退",
        "差距 max(4 − 2, 0) = 2",
        "每月需完成 2 / (549天 / 30.44) = 每月0.11",
        "久未報送 否（最近一次報送在數據日期前121天；限180天）",
    ):
        assert expected in lines, expected
    # everything but the formulas' max and R, and the plan's own source sentence, is Chinese
    body = "\n".join(line for line in lines if not line.startswith("出處"))
    assert english_words(body) == {"max"}
    per_year = explained_zh(runner, "engineering_labs_yearly", "2021-12-31", "--script", "hans")
    assert "状态 未按期完成：2021年度任务1未于当年12月31日前完成（每年新增：每年分别考核，不看总数）；年度任务于当年12月31日结束时确定" in per_year
    assert [line for line in per_year if line[:4] in ("2020", "2021", "2022")] == ["2020年 1 / 1：已完成", "2021年 0 / 1：未按期完成", "2022年 0 / 1：未报数据"]
    milestone = explained_zh(runner, "second_prai_conference", "2020-06-30")
    assert (
        "每月需完成 —（節點任務按期限考核，不計每月進度）" in milestone and "目標 按期完成，期限2022年12月31日（規劃未寫明期限，按規劃期末推定）" in milestone
    )


def explained_zh(runner, target: str, as_of: str, *more: str) -> list[str]:
    result = invoke(runner, "explain", target, "--as-of", as_of, "--lang", "zh", *more)
    assert result.exit_code == 0, result.output
    return [" ".join(line.split()) for line in result.stdout.splitlines()]


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

#: Grade words and the statuses they refine.
STATUS_WORDS = {
    "未按期完成": "missed",
    "嚴重滯後": "behind",
    "進度滯後": "behind",
    "未報數據": "no_data",
    "按序時進度推進": "on_track",
    "超進度": "on_track",
    "已完成": "met",
}
STATUS_RE = re.compile("|".join(STATUS_WORDS))


@pytest.fixture
def tour(runner, isolated_db: Path) -> Path:
    """The README tour's ledger, and the Torch zone's 4th incubator dated 2023-03-01 (60 days late).

    The 4th is written straight to the ledger: ``log`` shows the standing as of the entry's
    date, which needs the deadline facts the store does not supply yet.
    """
    from zsplan.store import db as store_db
    from zsplan.store import ledger
    from zsplan.store.db import get_engine, sqlite_url

    assert invoke(runner, "load", str(PLAN)).exit_code == 0
    for args in TOUR:
        result = invoke(runner, "log", *args, "--by", "clerk")
        assert result.exit_code == 0, result.output
    with store_db.write_session(get_engine(sqlite_url(isolated_db))) as session:
        ledger.record_entry(
            session,
            target_id="torch_national_incubators",
            value=1.0,
            item_id="中山火炬國際孵化器",
            item_name="中山火炬國際孵化器",
            as_of=dt.date(2023, 3, 1),
            recorded_at=dt.datetime(2023, 3, 2, tzinfo=dt.UTC),
            recorded_by="clerk",
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
    from zsplan.store import db as store_db
    from zsplan.store import ledger
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
        plan_title=header.title,
        period=chosen,
        as_of=as_of,
        known_at=None,
        assessments=assessments,
        scorecards=unit_scorecards(assessments, units),
        chapters=chapters,
        stale_days=180,
    )
    return markdown_report(data, Labels(lang="zh"))


def counts_of(report: str) -> dict:
    """What the summary says, and what each kind of section says, target by target."""
    (summary,) = [line for line in report.splitlines() if line.startswith("共")]
    total = int(re.match(r"共(\d+)項指標：", summary).group(1))
    said = dict.fromkeys(("missed", "behind", "no_data", "on_track", "met"), 0)
    for word, n in re.findall(f"({STATUS_RE.pattern})(\\d+)項", summary):
        said[STATUS_WORDS[word]] += int(n)
    flags = dict(re.findall(r"(截至期限未報送|逾期完成)(\d+)項", summary))
    sections: dict[str, Counter] = {"progress": Counter(), "problems": Counter(), "next": Counter()}
    flagged: dict[str, Counter] = {"problems": Counter(), "next": Counter()}
    units = Counter()
    section = None
    for line in report.splitlines():
        if line.startswith("## "):
            section = "units" if line.endswith("、責任單位情況") else None
        elif line.startswith("### "):
            section = {"### （一）進展情況": "progress", "### （二）存在問題": "problems", "### （三）下一步工作": "next"}[line]
        elif re.match(r"\d+\. ", line) and section == "units":
            lead = line.split("：牽頭", 1)[1].split("；", 1)[0]
            for word, n in re.findall(f"({STATUS_RE.pattern})(\\d+)項", lead):
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
        ("2021H1", {"missed": 0, "behind": 1, "no_data": 53, "on_track": 2, "met": 1}, {}),
        # the deadline day: every unmet target is missed, the 53 never reported flagged so
        ("2022", {"missed": 56, "behind": 0, "no_data": 0, "on_track": 0, "met": 1}, {"截至期限未報送": "53"}),
        # two years on: the 4th incubator (2023-03-01) does not change the verdict, it marks a late completion
        ("2024", {"missed": 56, "behind": 0, "no_data": 0, "on_track": 0, "met": 1}, {"截至期限未報送": "53", "逾期完成": "1"}),
    ],
)
def test_report_summary_counts_are_the_sections_counts(tour: Path, period: str, expected: dict, flags: dict) -> None:
    found = counts_of(tour_report(tour, period))
    assert found["said"] == expected and found["flags"] == flags
    assert found["total"] == sum(expected.values()) == 57
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
        assert invoke(runner, "report", "--period", period, "--lang", "zh").stdout == tour_report(tour, period)
    deadline_day = tour_report(tour, "2022")
    lines = deadline_day.splitlines()
    # chapter 四: the thirteen never reported first (the whole target missing), then the Torch zone (led by 火炬開發區, 專欄4)
    assert "14. 火炬開發區國家級科技企業孵化器：3家，目標不少於4家，尚差1家，未按期完成，已超過180天未報送進展。" in lines
    assert "14. 火炬開發區國家級科技企業孵化器（牽頭單位：火炬開發區）：未按期完成，尚差1家，請說明原因並提出補救措施。" in lines
    assert "5. 翠亨新區各類創新創業公共平台：0家，目標不少於5家，尚差5家，未按期完成（截至期限未報送）。" in lines
    assert "5. 翠亨新區各類創新創業公共平台（牽頭單位：翠亨新區）：未按期完成（截至期限未報送），請報送進展數據及證明材料，說明原因並提出補救措施。" in lines
    assert "已逾期" not in deadline_day  # nothing is called overdue but by its status
    lines = tour_report(tour, "2024").splitlines()
    assert (
        "共57項指標：未按期完成56項（其中截至期限未報送53項，逾期完成1項），嚴重滯後0項，進度滯後0項，未報數據0項，按序時進度推進0項，超進度0項，已完成1項。"
        in lines
    )
    assert "14. 火炬開發區國家級科技企業孵化器：4家，目標不少於4家，尚差0家，未按期完成（於2023年3月1日逾期完成，超期60天）。" in lines
    assert "14. 火炬開發區國家級科技企業孵化器（牽頭單位：火炬開發區）：未按期完成（於2023年3月1日逾期完成，超期60天），請說明逾期原因。" in lines


# --- done when: the README tour's 2021H1 report in Chinese, in every format, without an English word or an id --------


@pytest.fixture(scope="module")
def tour_reports(loaded_template: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The README tour's ledger (its six ``log`` lines, as the README writes them) and its 2021H1 report in zh, in md, html, xlsx and docx."""
    folder = tmp_path_factory.mktemp("tour-reports")
    db = copy_database(loaded_template, folder / "zsplan.db")
    for args in TOUR:
        result = CliRunner().invoke(app, ["log", *args], env=cli_env(db))
        assert result.exit_code == 0, result.output
    paths = {}
    for fmt in ("md", "html", "xlsx", "docx"):
        path = folder / f"2021年中對賬.{fmt}"
        command = ["report", "--period", "2021H1", "--lang", "zh", "--format", fmt, "-o", str(path), "--dated", "2021-07-10"]
        result = CliRunner().invoke(app, command, env=cli_env(db))
        assert result.exit_code == 0, result.output
        paths[fmt] = path
    paths["db"] = db
    return paths


def _report_texts(paths: dict[str, Path]) -> dict[str, str]:
    """What a reader reads in each format: the Markdown; the HTML page's text and its SVG charts' text; every workbook
    cell and sheet name but the appendix sheet's; the Word document's text runs (body, tables, footers)."""
    import zipfile

    from openpyxl import load_workbook

    texts = {"md": paths["md"].read_text(encoding="utf-8"), "html": visible_text(paths["html"].read_text(encoding="utf-8"))}
    page = paths["html"].read_text(encoding="utf-8")
    texts["svg"] = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", page))
    workbook = load_workbook(paths["xlsx"])
    appendix = workbook.worksheets[-1]
    assert appendix.title == "附錄 指標編號"  # the one place ids are listed, as an appendix
    cells = [sheet.title for sheet in workbook.worksheets[:-1]]
    cells += [str(value) for sheet in workbook.worksheets[:-1] for row in sheet.iter_rows(values_only=True) for value in row if value is not None]
    texts["xlsx"] = " ".join(cells)
    with zipfile.ZipFile(paths["docx"]) as archive:
        xml = " ".join(archive.read(name).decode("utf-8") for name in archive.namelist() if re.fullmatch(r"word/(document|footer\d*|header\d*)\.xml", name))
    texts["docx"] = " ".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))
    return texts


@pytest.mark.slow
def test_the_tour_report_in_chinese_has_no_english_word_or_id_in_any_format(tour_reports: dict[str, Path]) -> None:
    env = cli_env(tour_reports["db"])
    status = json.loads(CliRunner().invoke(app, ["status", "-f", "json"], env=env).stdout)["records"]
    ids = {row["target_id"] for row in status} | {unit["id"] for row in status for unit in row["units"]} | {row["measure"] for row in status}
    texts = _report_texts(tour_reports)
    for fmt, text in texts.items():
        assert english_words(text) == set(), (fmt, english_words(text))
        assert not set(re.findall(r"[a-z][a-z0-9_.]{2,}", text)) & ids, (fmt, set(re.findall(r"[a-z][a-z0-9_.]{2,}", text)) & ids)
        # the tour's figures are in every format: 3 of the Torch zone's 4 incubators, 32 of 50 researchers
        if fmt != "svg":
            assert "火炬開發區國家級科技企業孵化器" in text and "哈工大無人裝備與人工智能創新中心專職科研團隊" in text, fmt
    assert "2021年7月10日" in texts["docx"] and "附件：1. 指標進展情況表" in texts["docx"]
    assert "匯總" in texts["xlsx"] and "數據截至：2021年6月30日" in texts["xlsx"]
    assert "序時進度" in texts["svg"]


def test_a_long_chinese_title_breaks_between_words() -> None:
    from zsplan.render.docx import TITLE_CHARS, title_lines

    # GB/T 9704 7.3.3: a title's lines keep words whole; 20 characters of 2號 fill the 156 mm line
    assert int(156 / 25.4 * 72 // 22) == TITLE_CHARS
    assert title_lines("中山市推進粵港澳大灣區國際科技創新中心建設專項行動計劃") == ["中山市推進粵港澳大灣區國際科技創新中心", "建設專項行動計劃"]
    assert title_lines("中山市推进粤港澳大湾区国际科技创新中心建设专项行动计划") == ["中山市推进粤港澳大湾区国际科技创新中心", "建设专项行动计划"]
    assert title_lines("2021年上半年（年中對賬）進展報告") == ["2021年上半年（年中對賬）進展報告"]
    assert title_lines("甲" * 45) == ["甲" * 20, "甲" * 20, "甲" * 5]  # no word to break after: at the width
