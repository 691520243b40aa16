"""Sheets as Excel and WPS write and read them: CSV with a BOM and cells kept as text, dates as officials write
them, GB18030/GBK and Big5 CSV, Excel serial dates, and Excel 97–2003 (.xls) workbooks."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest

from conftest import settled_bytes
from zsplan.cli import app
from zsplan.io.sheets import sheet_date

XLS = Path(__file__).parent / "data" / "reports-2021H1.xls"


def invoke(runner, *args: str):
    return runner.invoke(app, list(args))


def entries(runner, target: str) -> list[tuple]:
    history = json.loads(invoke(runner, "history", target, "-f", "json").stdout)["records"]
    return [(row["as_of"], row["value"], row["item"]) for row in history]


# --- CSV for Excel and WPS ---------------------------------------------------------------------------


def test_status_csv_for_excel_starts_with_a_bom_and_keeps_ranges_as_text(runner, loaded: Path) -> None:
    result = invoke(runner, "status", "--as-of", "2021-06-30", "--format", "csv", "--excel")
    assert result.exit_code == 0, result.output
    data = result.stdout_bytes
    assert data[:3] == b"\xef\xbb\xbf"  # the UTF-8 byte-order mark: Excel on Chinese Windows reads UTF-8, not GBK
    assert data[3:13] == b"target_id,"
    rows = {row[0]: row for row in csv.reader(io.StringIO(data.decode("utf-8-sig")))}
    header = rows["target_id"]
    backbone = dict(zip(header, rows["cuiheng_backbone_enterprises"], strict=True))
    assert backbone["target"] == '="2-3"'  # shown as 2-3, never as 3 February
    assert backbone["name"] == "翠亨新區10億元規模以上骨幹企業" and backbone["deadline"] == "2022-12-31" and backbone["gap"] == "2"
    # without --excel: the CSV for scripts, as before (no BOM, the range as written)
    plain = invoke(runner, "status", "--as-of", "2021-06-30", "--format", "csv").stdout_bytes
    assert plain[:10] == b"target_id," and b",2-3," in plain
    refused = invoke(runner, "status", "--excel")
    assert (refused.exit_code, refused.stderr) == (2, "Error: --excel shapes CSV for Excel and WPS; give it with --format csv\n")


def test_excel_cells_guard_what_excel_would_convert() -> None:
    from zsplan.render.safe import excel_cell

    assert [excel_cell(text) for text in ("2-3", "1/2", "0760", "440300199001011234", "3e5", "50%", "2021.6")] == [
        '="2-3"',
        '="1/2"',
        '="0760"',
        '="440300199001011234"',
        '="3e5"',
        '="50%"',
        '="2021.6"',
    ]
    # dates, numbers, words and formula starts are left to the other guards
    assert [excel_cell(value) for value in ("2021-06-30", 3, 2.5, "市科技局", "=HYPERLINK(1)", None)] == [
        "2021-06-30",
        3,
        2.5,
        "市科技局",
        "'=HYPERLINK(1)",
        None,
    ]


def test_csv_template_has_a_bom(runner, loaded: Path, tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    assert invoke(runner, "template", "--format", "csv", "-o", str(path)).exit_code == 0
    assert path.read_bytes()[:3] == b"\xef\xbb\xbf"


# --- dates as officials write them -------------------------------------------------------------------


def test_sheet_dates() -> None:
    june = dt.date(2021, 6, 30)
    for written in ("2021/6/30", "2021-6-30", "2021.6.30", "2021年6月30日", "2021年06月30日", "２０２１年６月３０日", " 2021 / 06 / 30 "):
        assert sheet_date(written) == june, written
    assert sheet_date("2021/2/30") == "2021/2/30"  # not a day: left for the checks to refuse
    assert sheet_date("2021-06-30") == june and sheet_date("20210630") == "20210630"  # not a form officials write: refused after
    excel = dt.date(1899, 12, 30)
    assert sheet_date(44377, excel) == june and sheet_date(44377.0, excel) == june
    assert sheet_date(42915, dt.date(1904, 1, 1)) == june  # a workbook in the 1904 date system (Excel for Mac)
    assert sheet_date(44377) == 44377  # a number in a CSV is not a serial day
    assert [sheet_date(n, excel) for n in (2021, 20210630, 44377.5, True)] == [2021, 20210630, 44377.5, True]


def test_csv_import_reads_dates_as_officials_write_them(runner, loaded: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "h1.csv"
    sheet.write_text(
        "指標,日期,數值,事項\n"
        "hit_research_staff,2020/12/31,20,\n"
        "hit_research_staff,2021-3-31,25,\n"
        "hit_research_staff,2021年6月30日,32,\n"
        "torch_national_incubators,2021.6.30,,中山火炬創新創業園\n",
        encoding="utf-8",
    )
    result = invoke(runner, "import", str(sheet))
    assert result.exit_code == 0, result.output
    assert entries(runner, "hit_research_staff") == [("2020-12-31", 20, None), ("2021-03-31", 25, None), ("2021-06-30", 32, None)]
    assert entries(runner, "torch_national_incubators") == [("2021-06-30", None, "中山火炬創新創業園")]


def test_a_date_that_is_no_day_is_refused_naming_row_and_column(runner, loaded: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "bad.csv"
    sheet.write_text("指標,日期,數值\nhit_research_staff,2021/6/30,32\nhit_research_staff,2021/2/30,33\n", encoding="utf-8")
    before = settled_bytes(loaded)
    result = invoke(runner, "import", str(sheet))
    assert result.exit_code == 1
    assert result.stderr == (f"row 3, column 日期: '2021/2/30' is not a date; write YYYY-MM-DD\nError: {sheet}: 1 bad row; nothing was imported\n")
    assert settled_bytes(loaded) == before


# --- GB18030/GBK and Big5 CSV --------------------------------------------------------------------------

GBK_SHEET = "指标,日期,数值,证明材料\nhit_research_staff,2021/6/30,32,人员名册\n"


def test_gbk_csv_is_detected(runner, loaded: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "火炬.csv"
    sheet.write_bytes(GBK_SHEET.encode("gbk"))  # as Excel and WPS on Chinese Windows save "CSV"
    result = invoke(runner, "import", str(sheet))
    assert result.exit_code == 0, result.output
    assert result.stderr == "read 火炬.csv as GB18030 text\n"
    history = json.loads(invoke(runner, "history", "hit_research_staff", "-f", "json").stdout)["records"]
    assert [(row["as_of"], row["value"], row["evidence"]) for row in history] == [("2021-06-30", 32, "人员名册")]


def test_big5_csv_with_encoding(runner, loaded: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "澳門.csv"
    sheet.write_bytes("指標,日期,數值,證明材料\nhit_research_staff,2021年6月30日,32,人員名冊\n".encode("big5"))
    result = invoke(runner, "import", str(sheet), "--encoding", "big5")
    assert result.exit_code == 0, result.output
    assert entries(runner, "hit_research_staff") == [("2021-06-30", 32, None)]


def test_csv_in_another_encoding_is_refused_naming_the_row_and_the_fix(runner, loaded: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "gbk.csv"
    sheet.write_bytes(GBK_SHEET.encode("gbk"))
    before = settled_bytes(loaded)
    result = invoke(runner, "import", str(sheet), "--encoding", "utf-8")
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {sheet}: row 1: not utf-8 text (byte 2); give the file's encoding with --encoding (auto, utf-8, gb18030, gbk, big5)\n",
    )
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"target,date,value\nhit_research_staff,2021-06-30,\x80\n")  # a lone 0x80 is neither UTF-8 nor GB18030
    result = invoke(runner, "import", str(binary))
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {binary}: row 2: neither UTF-8 nor GB18030/GBK text (byte 48); save the sheet as CSV UTF-8, or give its encoding with --encoding big5\n",
    )
    assert settled_bytes(loaded) == before


# --- workbooks: serial dates and .xls ------------------------------------------------------------------


def test_xlsx_serial_dates_are_read_as_days(runner, loaded: Path, tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["target", "date", "value"])
    sheet.append(["hit_research_staff", 44196, 20])  # a date cell formatted as a number: 2020-12-31
    sheet.append(["hit_research_staff", "2021年6月30日", 32])
    path = tmp_path / "serial.xlsx"
    workbook.save(path)
    result = invoke(runner, "import", str(path))
    assert result.exit_code == 0, result.output
    assert entries(runner, "hit_research_staff") == [("2020-12-31", 20, None), ("2021-06-30", 32, None)]


def test_xls_workbook_is_imported(runner, loaded: Path, tmp_path: Path) -> None:
    # made by LibreOffice ("MS Excel 97"): a date cell, a serial number (44196), 2021年6月30日 as text, and a hidden sheet
    path = tmp_path / "reports-2021H1.xls"
    shutil.copy(XLS, path)
    result = invoke(runner, "import", str(path), "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "would record 3 entries for 3 targets (dry run: nothing written)\n  fudan_researchers: 1\n  hit_research_staff: 1\n  torch_national_incubators: 1\n"
    )
    assert invoke(runner, "import", str(path)).exit_code == 0
    assert entries(runner, "hit_research_staff") == [("2021-06-30", 32, None)]  # the hidden sheet's row (99 in 2020) is not read
    assert entries(runner, "torch_national_incubators") == [("2020-12-31", None, "中山火炬創新創業園")]
    assert entries(runner, "fudan_researchers") == [("2021-06-30", 12, None)]


def test_a_broken_xls_is_refused(runner, loaded: Path, tmp_path: Path) -> None:
    path = tmp_path / "broken.xls"
    path.write_bytes(XLS.read_bytes()[:600])
    before = settled_bytes(loaded)
    result = invoke(runner, "import", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {path}: cannot open as an Excel 97–2003 workbook (") and result.stderr.endswith("); save it as .xlsx\n")
    assert settled_bytes(loaded) == before


@pytest.mark.parametrize("encoding", ["gb18030", "gbk"])
def test_encoding_option_reads_gbk(runner, loaded: Path, tmp_path: Path, encoding: str) -> None:
    sheet = tmp_path / "g.csv"
    sheet.write_bytes(GBK_SHEET.encode("gbk"))
    result = invoke(runner, "import", str(sheet), "--encoding", encoding, "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stderr == f"read g.csv as {encoding.upper()} text\n"
