"""XLSX sheets are read within limits: no zip bomb is inflated, only visible worksheets are read,
and a workbook that is not sound is an ``Error:`` line, never a traceback."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from conftest import PLAN, settled_bytes
from zsplan.cli import app
from zsplan.io.sheets import MAX_XLSX_INFLATED


def invoke(runner, *args: str):
    return runner.invoke(app, list(args))


@pytest.fixture
def loaded(runner, isolated_db: Path) -> Path:
    assert invoke(runner, "load", str(PLAN)).exit_code == 0
    return isolated_db


def no_traceback(result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


def test_a_zip_bomb_is_refused_before_it_is_inflated(runner, loaded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = tmp_path / "bomb.xlsx"
    block = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            for _ in range(300):
                part.write(block)
    assert bomb.stat().st_size < 400_000  # 300 MB inflated
    inflated = 300 * len(block) + len("<Types/>")

    def never(*args, **kwargs):
        raise AssertionError("a part of the bomb was inflated")

    monkeypatch.setattr(zipfile.ZipExtFile, "read", never)
    monkeypatch.setattr(zipfile.ZipExtFile, "read1", never)
    before = settled_bytes(loaded)
    result = invoke(runner, "import", str(bomb))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"Error: {bomb}: the workbook would inflate to {inflated:,} bytes, more than the {MAX_XLSX_INFLATED:,} a progress sheet may hold; split it into smaller sheets\n"
    )
    assert settled_bytes(loaded) == before


def test_a_workbook_of_too_many_parts_is_refused(runner, loaded: Path, tmp_path: Path) -> None:
    many = tmp_path / "many.xlsx"
    with zipfile.ZipFile(many, "w") as archive:
        for number in range(10_001):
            archive.writestr(f"p{number}", b"")
    result = invoke(runner, "import", str(many))
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {many}: a workbook of 10,001 parts is not a progress sheet (at most 10,000); save it again from Excel\n",
    )


def workbook_with(path: Path, sheets: list[tuple[str, str, list[list]]]) -> Path:
    """A workbook of (title, state, rows) sheets."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, state, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
        sheet.sheet_state = state
    workbook.save(path)
    return path


HEADER = ["target", "date", "value"]


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_hidden_sheets_are_never_read(runner, loaded: Path, tmp_path: Path, state: str) -> None:
    path = workbook_with(
        tmp_path / "h.xlsx",
        [
            ("secret", state, [HEADER, ["hit_research_staff", "2021-06-30", 999]]),
            ("progress", "visible", [HEADER, ["hit_research_staff", "2021-06-30", 32]]),
            ("later", "visible", [HEADER, ["hit_research_staff", "2021-06-30", 7]]),
        ],
    )
    result = invoke(runner, "import", str(path))
    assert (result.exit_code, result.stdout) == (0, "recorded 1 entry for 1 target\n  hit_research_staff: 1\n"), result.output
    (record,) = json.loads(invoke(runner, "history", "hit_research_staff", "-f", "json").stdout)["records"]
    assert record["value"] == 32  # the first visible sheet, not the hidden one before it


def test_a_workbook_without_a_visible_sheet(runner, loaded: Path, tmp_path: Path) -> None:
    path = workbook_with(tmp_path / "h.xlsx", [("progress", "visible", [HEADER, ["hit_research_staff", "2021-06-30", 32]])])
    # Excel and openpyxl insist on one visible sheet when saving: hide it in the workbook's XML
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b'state="visible"', b'state="hidden"')
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    result = invoke(runner, "import", str(path))
    assert (result.exit_code, result.stderr) == (2, f"Error: {path}: the workbook has no visible worksheet; show the sheet of reports in Excel and save it\n")


def test_a_worksheet_that_is_not_xml_is_an_error(runner, loaded: Path, tmp_path: Path) -> None:
    path = workbook_with(tmp_path / "b.xlsx", [("progress", "visible", [HEADER, ["hit_research_staff", "2021-06-30", 32]])])
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    parts["xl/worksheets/sheet1.xml"] = sheet[: sheet.index(b"</row>") + len(b"</row>")] + b'<row r="2"><c r="A2" t="inlineStr"><is><t>hit_res'  # cut off
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    before = settled_bytes(loaded)
    result = invoke(runner, "import", str(path))
    no_traceback(result)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {path}: cannot read row 2 of sheet 'progress' (")
    assert result.stderr.count("\n") == 1
    assert settled_bytes(loaded) == before


def test_a_number_with_underscores_in_a_text_cell_is_refused(runner, loaded: Path, tmp_path: Path) -> None:
    path = workbook_with(tmp_path / "u.xlsx", [("progress", "visible", [HEADER, ["hit_research_staff", "2021-06-30", "1_000"]])])
    result = invoke(runner, "import", str(path))
    assert (result.exit_code, result.stderr) == (
        1,
        f"row 2, column value: '1_000' is not a number; write it without underscores, e.g. 1000\nError: {path}: 1 bad row; nothing was imported\n",
    )
