"""Bulk import, templates, export/restore and backup."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

from conftest import settled_bytes
from zsplan.cli import app


def invoke(runner, *args: str):
    return runner.invoke(app, list(args))


def entry_count(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT count(*) FROM progress_entry").fetchone()[0]


def write_csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_import_records_every_row(runner, loaded: Path, tmp_path: Path) -> None:
    sheet = write_csv(
        tmp_path / "h1.csv",
        "target,date,value,item,evidence\n"
        "hit_research_staff,2021-06-30,32,,人員名冊\n"
        "火炬开发区国家级科技企业孵化器,2020-12-01,,中山火炬創新創業園,國科發區〔2020〕355號\n"
        "torch_national_incubators,2021-03-01,,中山健康科技孵化器,\n"
        "drug_institute_five_ones,2020-06-30,,industrial_park,\n",
    )
    result = invoke(runner, "import", str(sheet), "--by", "火炬區科技局")
    assert result.exit_code == 0, result.output
    assert result.stdout == ("recorded 4 entries for 3 targets\n  drug_institute_five_ones: 1\n  hit_research_staff: 1\n  torch_national_incubators: 2\n")
    rows = json.loads(invoke(runner, "status", "--as-of", "2021-06-30", "-f", "json").stdout)["records"]
    torch = next(row for row in rows if row["target_id"] == "torch_national_incubators")
    assert (torch["achieved"], torch["gap"], torch["percent"]) == (2, 2, 50)
    history = json.loads(invoke(runner, "history", "torch_national_incubators", "-f", "json").stdout)["records"]
    assert [(row["item"], row["recorded_by"], row["evidence"]) for row in history] == [
        ("中山火炬創新創業園", "火炬區科技局", "國科發區〔2020〕355號"),
        ("中山健康科技孵化器", "火炬區科技局", None),
    ]


def test_imported_entries_are_stored_like_logged_ones(runner, loaded: Path, tmp_path: Path) -> None:
    # --known-at compares the stored text: an import must write dates and times exactly as log does
    assert invoke(runner, "log", "hit_research_staff", "30", "--date", "2021-03-31").exit_code == 0
    sheet = write_csv(tmp_path / "q2.csv", "target,date,value\nhit_research_staff,2021-06-30,32\n")
    assert invoke(runner, "import", str(sheet)).exit_code == 0
    with sqlite3.connect(loaded) as connection:
        stored = connection.execute("SELECT kind, as_of, recorded_at FROM progress_entry ORDER BY id").fetchall()
    assert [as_of for _, as_of, _ in stored] == ["2021-03-31", "2021-06-30"]
    for _, _, recorded_at in stored:
        assert dt.datetime.strptime(recorded_at, "%Y-%m-%d %H:%M:%S.%f")  # UTC, no offset written


def test_dry_run_writes_nothing(runner, loaded: Path, tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "h1.csv", "target,date,value\nhit_research_staff,2021-06-30,32\n")
    before = settled_bytes(loaded)
    result = invoke(runner, "import", str(sheet), "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("would record 1 entry for 1 target (dry run: nothing written)\n")
    assert settled_bytes(loaded) == before


def test_a_dry_run_on_a_new_database_keeps_it_empty(runner, isolated_db: Path, tmp_path: Path) -> None:
    # the bundled plan is loaded only to check the rows against it, and rolled back with them
    sheet = write_csv(tmp_path / "h1.csv", "target,date,value\nhit_research_staff,2021-06-30,32\n")
    isolated_db.touch()
    result = invoke(runner, "import", str(sheet), "--dry-run")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "would record 1 entry for 1 target (dry run: nothing written)\n  hit_research_staff: 1\n",
        "",
    )
    with sqlite3.connect(isolated_db) as connection:
        assert connection.execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)


def test_one_bad_row_rejects_the_whole_file(runner, loaded: Path, tmp_path: Path) -> None:
    sheet = write_csv(
        tmp_path / "bad.csv",
        "target,date,value,item\n"
        "hit_research_staff,2021-06-30,32,\n"
        "torch_national_incubators,2021-03-01,,甲孵化器\n"
        "torch_national_incubators,2021-04-01,,甲孵化器\n"
        "ucas_teams,2021-13-01,,團隊A\n"
        "fudan_researchers,2021-01-01,2.5,\n"
        "nonexistent,2021-01-01,1,\n"
        "hit_research_staff,,3,\n"
        "ucas_teams,2021-01-01,3,\n",
    )
    before = settled_bytes(loaded)
    result = invoke(runner, "import", str(sheet))
    assert result.exit_code == 1
    assert result.stderr == (
        "row 4, column item: '甲孵化器' of 'torch_national_incubators' is also in row 3; an item counts once\n"
        "row 5, column date: '2021-13-01' is not a date; write YYYY-MM-DD\n"
        "row 6, column value: value 2.5 is not a whole number; 'fudan_researchers' counts 人\n"
        "row 7, column target: unknown target 'nonexistent'; run 'zsplan status' to list target ids\n"
        "row 8, column date: empty; give the as-of date as YYYY-MM-DD\n"
        "row 9, column item: 'ucas_teams' is tracked by named items (台賬); name each achievement in the item column, one per entry\n"
        f"Error: {sheet}: 6 bad rows; nothing was imported\n"
    )
    assert settled_bytes(loaded) == before


def test_rows_alike_but_for_their_note_are_each_checked(runner, loaded: Path, tmp_path: Path) -> None:
    # the same target, value, date and evidence on many rows: each row's note, evidence and by are still checked
    sheet = write_csv(
        tmp_path / "alike.csv",
        "target,date,value,note,evidence,by\n"
        "fudan_researchers,2021-06-30,1,first,,\n"
        "fudan_researchers,2021-06-30,1,bad\x1b[2J,,\n"
        "fudan_researchers,2021-06-30,1,third,,\n"
        "fudan_researchers,2021-06-30,1,fourth,,ana\x9bbob\n"
        "fudan_researchers,2019-06-30,1,fifth,,\n"
        "fudan_researchers,2019-06-30,1,sixth,doc,\n"
        "fudan_researchers,2019-06-30,1,seventh,\x1b,\n",
    )
    before = settled_bytes(loaded)
    result = invoke(runner, "import", str(sheet))
    assert result.exit_code == 1
    assert result.stderr == (
        "row 3, column note: the note column contains the control character U+001B; remove it\n"
        "row 5, column by: the by column contains the control character U+009B; remove it\n"
        "row 6, column evidence: date 2019-06-30 is before the baseline date 2019-09-30 of 'fudan_researchers': it is recorded as a "
        "baseline fact, which needs its evidence; give the evidence column (the document that shows it)\n"
        "row 8, column evidence: the evidence column contains the control character U+001B; remove it\n"
        f"Error: {sheet}: 4 bad rows; nothing was imported\n"
    )
    assert settled_bytes(loaded) == before


def test_items_already_in_the_ledger_are_refused(runner, loaded: Path, tmp_path: Path) -> None:
    assert invoke(runner, "log", "ucas_teams", "--item", "生物醫藥團隊", "--date", "2020-06-30").exit_code == 0
    sheet = write_csv(
        tmp_path / "again.csv",
        "target,date,item\nucas_teams,2021-01-01,生物医药团队\nucas_teams,2021-13-01,新團隊\nucas_teams,2021-02-01,生物醫藥 團隊\n",
    )
    result = invoke(runner, "import", str(sheet))
    assert result.exit_code == 1
    assert result.stderr == (  # in sheet order, though the ledger is asked once at the end
        "row 2, column item: '生物医药团队' of 'ucas_teams' is already recorded (entry #1); an item counts once\n"
        "row 3, column date: '2021-13-01' is not a date; write YYYY-MM-DD\n"
        "row 4, column item: '生物醫藥 團隊' of 'ucas_teams' is also in row 2; an item counts once\n"
        f"Error: {sheet}: 3 bad rows; nothing was imported\n"
    )


def test_sheets_that_would_lose_or_change_data_are_refused(runner, loaded: Path, tmp_path: Path) -> None:
    before = settled_bytes(loaded)
    for number, (text, message) in enumerate(
        [
            ("target,value,date,value\nhit_research_staff,12,2021-04-30,99\n", "row 1, column 4: the column 'value' is already column 2; keep one of them"),
            ("target,date,as_of\nhit_research_staff,2021-04-30,\n", "row 1, column 3: the column 'date' is already column 2; keep one of them"),
        ]
    ):
        sheet = write_csv(tmp_path / f"twice{number}.csv", text)
        result = invoke(runner, "import", str(sheet))
        assert (result.exit_code, result.stderr) == (1, f"{message}\nError: {sheet}: 1 bad row; nothing was imported\n")
    cases = [
        (
            'target,value,date,note\nhit_research_staff,5,2021-01-31,"unterminated\nhit_research_staff,6,2021-02-28,x\n',
            "row 2: not valid CSV (unexpected end of data); check the quotes in that row (a cell with a comma, quote or line break must be quoted whole, a quote inside it doubled)",
        ),
    ]
    for number, (text, message) in enumerate(cases):
        sheet = write_csv(tmp_path / f"bad{number}.csv", text)
        result = invoke(runner, "import", str(sheet))
        assert (result.exit_code, result.stderr) == (2, f"Error: {sheet}: {message}\n")
    blank = write_csv(tmp_path / "blank.csv", "target,value,date,,note\nhit_research_staff,12,2021-04-30,LOST,n\n")
    result = invoke(runner, "import", str(blank))
    assert result.stderr.startswith("row 2, column 4: a value outside the named columns; put it under a header\n")
    numbers = write_csv(
        tmp_path / "n.csv",
        'target,value,date\nhit_research_staff,"1,5",2021-04-30\nhit_research_staff,20210630,20210630\nhit_research_staff,2021-W26-3,2021-W26-3\n',
    )
    result = invoke(runner, "import", str(numbers))
    assert result.stderr == (
        "row 2, column value: '1,5' is not a number; commas may only group thousands, as in 1,000\n"
        "row 3, column date: '20210630' is not a date; write YYYY-MM-DD\n"
        "row 4, column date: '2021-W26-3' is not a date; write YYYY-MM-DD\n"
        f"Error: {numbers}: 3 bad rows; nothing was imported\n"
    )
    assert settled_bytes(loaded) == before
    huge = write_csv(tmp_path / "huge.csv", "target,value,date,note\nhit_research_staff,5,2021-01-31," + "x" * 200_000 + "\n")
    assert invoke(runner, "import", str(huge)).stderr.startswith("row 2, column note: the note column is 200000 characters long")


def test_chinese_headers_in_either_script_and_grouped_thousands(runner, loaded: Path, tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "zh.csv", '指标,数值,日期,备注,证明材料,填报人\nhit_research_staff,"1,200",2021-06-30,半年,名冊,科技局\n')
    result = invoke(runner, "import", str(sheet))
    assert (result.exit_code, result.stdout) == (0, "recorded 1 entry for 1 target\n  hit_research_staff: 1\n")
    (row,) = json.loads(invoke(runner, "history", "hit_research_staff", "-f", "json").stdout)["records"]
    assert (row["value"], row["recorded_by"], row["note"], row["evidence"]) == (1200, "科技局", "半年", "名冊")
    assert type(row["value"]) is int  # a count, written 1200 rather than 1200.0


def test_a_sheet_without_reports_says_so(runner, loaded: Path, tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "empty.csv", "target,value,date\n")
    result = invoke(runner, "import", str(sheet))
    assert (result.exit_code, result.stdout) == (0, "recorded 0 entries for 0 targets\n")
    assert result.stderr == f"no row of {sheet} reports anything (a value, an item or a date); nothing to record\n"


def test_header_problems(runner, loaded: Path, tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "h.csv", "target,valeu,date\nhit_research_staff,3,2021-01-01\n")
    result = invoke(runner, "import", str(sheet))
    assert result.exit_code == 1
    assert result.stderr == (
        f"row 1, column 2: unknown column 'valeu'; use target, value, item, date, note, evidence, by, basis\nError: {sheet}: 1 bad row; nothing was imported\n"
    )
    two = write_csv(tmp_path / "two.csv", "target,valeu\nhit_research_staff,3\n")
    before = settled_bytes(loaded)
    result = invoke(runner, "import", str(two))
    assert (result.exit_code, result.stderr) == (  # two problems, one bad row: the header
        1,
        (
            "row 1, column 2: unknown column 'valeu'; use target, value, item, date, note, evidence, by, basis\n"
            "row 1: no 'date' column; the header needs target, value, item, date, note, evidence, by, basis\n"
            f"Error: {two}: 1 bad row; nothing was imported\n"
        ),
    )
    assert settled_bytes(loaded) == before
    no_date = write_csv(tmp_path / "n.csv", "target,value\nhit_research_staff,3\n")
    result = invoke(runner, "import", str(no_date))
    assert result.stderr.startswith("row 1: no 'date' column; the header needs target, value, item, date, note, evidence, by, basis\n")


def test_unreadable_sheets(runner, loaded: Path, tmp_path: Path) -> None:
    odd = tmp_path / "reports.txt"
    odd.write_text("x")
    result = invoke(runner, "import", str(odd))
    assert (result.exit_code, result.stderr) == (2, f"Error: {odd}: unknown sheet type .txt; give a .csv, .xlsx or .xls file\n")
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a workbook")
    result = invoke(runner, "import", str(fake))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {fake}: cannot open as an Excel workbook")


@pytest.mark.slow
def test_large_xlsx_with_one_bad_row_writes_nothing_and_names_the_row(runner, loaded: Path, tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["target", "date", "value", "item", "evidence"])
    start = dt.date(2020, 1, 1)
    for number in range(5000):
        day = start + dt.timedelta(days=number % 900)
        if number % 2:
            sheet.append(["fudan_researchers", day, 1, None, f"doc-{number}"])
        else:
            sheet.append(["ucas_key_technologies", day, None, f"關鍵技術 {number}", None])
    sheet.cell(row=3001, column=3).value = -1  # data row 3000, a fudan_researchers row
    path = tmp_path / "big.xlsx"
    workbook.save(path)
    before = settled_bytes(loaded)
    result = invoke(runner, "import", str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"row 3001, column value: value -1 is negative; 'fudan_researchers' counts 人 and cannot go below 0\nError: {path}: 1 bad row; nothing was imported\n"
    )
    assert settled_bytes(loaded) == before
    sheet.cell(row=3001, column=3).value = 1
    workbook.save(path)
    result = invoke(runner, "import", str(path))
    assert result.exit_code == 0, result.output
    assert entry_count(loaded) == 5000
    rows = json.loads(invoke(runner, "status", "--as-of", "2022-12-31", "-f", "json").stdout)["records"]
    assert next(row for row in rows if row["target_id"] == "fudan_researchers")["achieved"] == 2500
    assert next(row for row in rows if row["target_id"] == "ucas_key_technologies")["achieved"] == 2500


def test_template_lists_a_units_targets(runner, loaded: Path, tmp_path: Path) -> None:
    result = invoke(runner, "template", "--unit", "火炬开发区", "--format", "csv", "-o", "-")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "target,name,unit,mode,target_value,deadline,lead_unit,how_to_fill,basis,value,item,date,note,evidence,by"
    # 專欄4's 「火炬開發區國家級雙創示範基地:到2022年建成國家級科技企業孵化器4家」 is led by 火炬開發區
    assert (
        lines[4]
        == 'torch_national_incubators,火炬開發區國家級科技企業孵化器,家,items,≥4家,2022-12-31,火炬開發區,"item: one achievement\'s name per row (台賬), no value",,,,,,,'
    )
    assert len(lines) == 1 + 6
    xlsx = tmp_path / "torch.xlsx"
    assert invoke(runner, "template", "--unit", "torch", "-o", str(xlsx)).exit_code == 0
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx).active
    assert [cell.value for cell in sheet[1]][:4] == ["target", "name", "unit", "mode"]
    assert sheet.max_row == 7


def test_a_filled_template_imports(runner, loaded: Path, tmp_path: Path) -> None:
    result = invoke(runner, "template", "--unit", "torch", "--format", "csv", "-o", "-")
    lines = result.stdout.splitlines()
    # one row filled in, the others left as the template wrote them
    filled = [*lines[:4], lines[4].removesuffix(",,,,,,,") + ",,,中山火炬創新創業園,2021-03-01,,,", *lines[5:]]
    sheet = write_csv(tmp_path / "filled.csv", "\n".join(filled) + "\n")
    result = invoke(runner, "import", str(sheet))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("recorded 1 entry for 1 target\n")


def test_export_then_import_into_an_empty_database_gives_identical_status(runner, loaded: Path, tmp_path: Path) -> None:
    assert invoke(runner, "log", "hit_research_staff", "30", "--date", "2021-06-30").exit_code == 0
    assert invoke(runner, "correct", "1", "35", "--reason", "複核").exit_code == 0
    assert invoke(runner, "log", "torch_national_incubators", "--item", "甲孵化器", "--date", "2021-01-01").exit_code == 0
    assert invoke(runner, "retract", "3", "--reason", "wrong zone").exit_code == 0
    assert invoke(runner, "log", "drug_institute_five_ones", "--item", "industrial_park", "--date", "2020-06-30").exit_code == 0
    export = tmp_path / "export.json"
    assert invoke(runner, "export", "-o", str(export)).exit_code == 0
    document = json.loads(export.read_text(encoding="utf-8"))
    assert (document["format"], document["version"], len(document["entries"])) == ("zsplan-export", 4, 5)
    restored = tmp_path / "restored.db"
    result = invoke(runner, "--db", str(restored), "import", str(export))
    assert result.exit_code == 0, result.output
    for args in (["status", "-f", "json", "--as-of", "2021-06-30"], ["status", "--as-of", "2022-12-31"], ["history", "hit_research_staff", "-f", "json"]):
        assert invoke(runner, "--db", str(restored), *args).stdout == invoke(runner, *args).stdout
    again = invoke(runner, "--db", str(restored), "import", str(export))
    assert again.exit_code == 2
    assert again.stderr == "Error: the database already has progress entries; restore an export into a new database (--db NEW.db)\n"


def test_backup_is_a_working_copy(runner, loaded: Path, tmp_path: Path) -> None:
    assert invoke(runner, "log", "hit_research_staff", "30", "--date", "2021-06-30").exit_code == 0
    copy = tmp_path / "copy.db"
    result = invoke(runner, "backup", str(copy))
    assert result.exit_code == 0, result.output
    assert entry_count(copy) == 1
    assert invoke(runner, "--db", str(copy), "status", "-f", "json").stdout == invoke(runner, "status", "-f", "json").stdout
    result = invoke(runner, "backup", str(copy))
    assert (result.exit_code, result.stderr) == (2, f"Error: {copy} exists; give a new file name\n")


def test_restoring_an_export_with_dry_run_writes_nothing(runner, loaded: Path, tmp_path: Path) -> None:
    assert invoke(runner, "log", "hit_research_staff", "30", "--date", "2021-06-30").exit_code == 0
    export = tmp_path / "export.json"
    assert invoke(runner, "export", "-o", str(export)).exit_code == 0
    restored = tmp_path / "restored.db"
    result = invoke(runner, "--db", str(restored), "import", str(export), "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("would record 1 entry for 1 target (dry run: nothing written)")
    assert not restored.exists() or restored.stat().st_size == 0  # even the tables were rolled back
