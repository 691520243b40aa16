"""A unit's round sheet (填報表): what it owes a round — its tasks and targets, last period's figures, checklist
items, increment or cumulative — with instructions in Chinese; written as CSV or XLSX, and read back.

The sheet is read with :func:`zsplan.io.sheets.read_sheet` (the same limits: UTF-8 CSV, the first visible
worksheet of an XLSX, zip bombs refused) and its columns are named by their Chinese headers (either script).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zsplan.io.sheets import SheetError, read_sheet
from zsplan.text import fold

#: The round sheet's columns: (header as written, key), in order.
ROUND_COLUMNS = (
    ("類別", "kind"),
    ("編號", "subject"),
    ("名稱", "name"),
    ("角色", "role"),
    ("計量單位", "count_unit"),
    ("目標值", "target_value"),
    ("上期數據", "last"),
    ("口徑", "basis"),
    ("數值", "value"),
    ("事項", "item"),
    ("日期", "date"),
    ("狀態", "state"),
    ("進展情況", "progress"),
    ("存在問題", "problems"),
    ("下一步工作", "next"),
    ("證明材料", "evidence"),
    ("備註", "note"),
    ("填報說明", "how_to_fill"),
)
HEADER_OF = {key: header for header, key in ROUND_COLUMNS}
#: What :func:`zsplan.io.sheets.read_sheet` calls the columns it knows (名稱 → name, 數值 → value, …).
_READ_AS = {
    "name": "name",
    "value": "value",
    "item": "item",
    "date": "date",
    "basis": "basis",
    "evidence": "evidence",
    "note": "note",
    "how_to_fill": "how_to_fill",
}
#: Columns a unit fills in; the others are for its information and are not read.
FILLED = ("value", "item", "date", "basis", "state", "progress", "problems", "next", "evidence", "note")

KIND_WORDS = {"task": "任務", "target": "指標"}
ROLE_WORDS = {"lead": "牽頭", "co": "配合"}


def instructions(round_code: str, period_label: str, start: str, end: str, due: str, unit_name: str, unit_id: str) -> tuple[str, ...]:
    """The sheet's instructions (the XLSX's 填報說明 sheet; the CSV's last rows), in Chinese."""
    return (
        f"{unit_name}：{period_label}（{start}至{end}）任務和目標推進情況填報表，請於{due}前報送。",
        "每行一項：類別為「任務」的行填寫狀態（未啟動、推進中、已完成、滯後）及進展情況、存在問題、下一步工作；類別為「指標」的行填寫數值或事項。",
        "角色為「牽頭」的單位負責填報狀態和數據；角色為「配合」的單位只填寫配合工作的進展情況、存在問題和下一步工作，不填數值和事項（數據由牽頭單位報送，避免重複計算）。",
        "口徑：「累計」填截至日期的累計數；「本期新增」填本期新增數。上期數據為上一報告期末已審核的累計數。",
        "按事項統計的指標（如平台、機構、團隊）每項成果一行，在事項欄填寫名稱（可複製本行）；清單類指標在事項欄填寫清單事項名稱。本期無新增請在數值欄填寫「無新增」。",
        f"日期留空即為本期期末（{end}）；日期須在本期內。證明材料請填寫文件編號、網址或附件名稱。",
        f"填好後按時報送；收到後導入：zsplan round submit {round_code} --unit {unit_id} 文件名。",
    )


def round_sheet_content(rows: Sequence[dict[str, Any]], fmt: str, notes: Sequence[str], *, bom: bool = False) -> bytes | str:
    """The sheet: a header of :data:`ROUND_COLUMNS`, one row per task or target, then the instructions.

    Args:
        rows: one dict per row keyed by the column keys of :data:`ROUND_COLUMNS`.
        fmt: ``csv`` (the instructions follow as rows whose 類別 is 說明) or ``xlsx`` (on a second sheet, 填報說明).
        notes: the instructions (:func:`instructions`).
    """
    headers = [header for header, _ in ROUND_COLUMNS]
    keys = [key for _, key in ROUND_COLUMNS]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(headers)
        for row in rows:
            writer.writerow(["" if row.get(key) is None else row.get(key) for key in keys])
        for line in notes:
            writer.writerow(["說明", *[""] * (len(keys) - 2), line])  # the notes in the last column, how_to_fill
        return ("\ufeff" if bom else "") + buffer.getvalue()
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "填報表"
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([row.get(key) for key in keys])
    widths = {"name": 36, "progress": 40, "problems": 30, "next": 30, "how_to_fill": 50, "item": 28, "evidence": 24, "subject": 22}
    for index, key in enumerate(keys, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = widths.get(key, 10)
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "C2"
    notes_sheet = workbook.create_sheet("填報說明")
    for line in notes:
        notes_sheet.append([line])
    notes_sheet.column_dimensions["A"].width = 120
    data = io.BytesIO()
    workbook.save(data)
    return data.getvalue()


@dataclass(frozen=True)
class RoundRow:
    """A row of a filled round sheet: its row number and its cells by key (None when blank; text as written)."""

    number: int
    cells: dict[str, str | None]

    @property
    def filled(self) -> bool:
        """Whether the unit wrote anything in a column it fills."""
        return any(self.cells.get(key) not in (None, "") for key in FILLED)


def _key_of(column: str) -> str | None:
    if column in _READ_AS:
        return _READ_AS[column]
    folded = fold(column)
    for header, key in ROUND_COLUMNS:
        if fold(header) == folded:
            return key
    return None


def read_round_sheet(path: Path) -> tuple[list[str], list[RoundRow]]:
    """Read a filled round sheet.

    Returns:
        Problems of the header (``row 1, column X: …``; empty when it is right) and the rows
        that are not instructions (類別 說明), in order.

    Raises:
        SheetError: the file cannot be read as a sheet (type, encoding, no header).
    """
    sheet = read_sheet(path)
    keys = [_key_of(column) if column else None for column in sheet.columns]
    problems = []
    for column, key in zip(sheet.columns, keys, strict=True):
        if column and key is None:
            shown = sheet.headers.get(column, column)
            problems.append(f"row 1, column {shown}: unknown column; a round sheet has {'、'.join(header for header, _ in ROUND_COLUMNS)}")
    if "subject" not in keys:
        problems.append("row 1: no 編號 column; write the sheet with 'zsplan template --round ROUND --unit UNIT' and fill it in")
    return problems, list(_rows(sheet.rows, dict(zip(sheet.columns, keys, strict=True))))


def _rows(rows: Iterator[Any], keys: dict[str, str | None]) -> Iterator[RoundRow]:
    from zsplan.io.sheets import cell_text

    for row in rows:
        cells: dict[str, str | None] = {}
        for column, value in row.cells.items():
            key = keys.get(column)
            if key is not None:
                text = None if value is None else cell_text(value)
                cells[key] = text or None
        if (cells.get("kind") or "").strip() in ("說明", "说明"):
            continue
        yield RoundRow(row.number, cells)


__all__ = ["HEADER_OF", "KIND_WORDS", "ROLE_WORDS", "ROUND_COLUMNS", "RoundRow", "SheetError", "instructions", "read_round_sheet", "round_sheet_content"]
