"""The report as a workbook (``zsplan report --format xlsx``): ready to print and to send.

Sheets, in the report's language and script: 匯總 (the counts by grade, the
report's title, period, as-of date and source), 指標進展 (every target, grouped by
part of the plan), one sheet per responsible unit (named by its Chinese name),
and 附錄 指標編號 (each target's id, for whoever matches the workbook with the
JSON output). Each sheet starts with four rows — title, period, as-of date and
source — then a frozen, bold header row; column widths follow the display
width of their contents (a CJK character counts two); the print setup is A4
landscape, fit to the page width, the header rows repeated on every page.
Figures are numbers; targets such as 2至3家 are text cells (``@``), so that no
spreadsheet turns them into dates.
"""

from __future__ import annotations

import io
import re
import unicodedata

from zsplan.analysis.assessment import TargetAssessment
from zsplan.render.labels import GRADE_LIGHT, LIGHT_COLOURS, LIGHT_WORDS, Labels, shown_grades
from zsplan.render.report import ReportInput, _Writer, build_report
from zsplan.render.safe import spreadsheet_row, terminal_text

WORDS = {
    "zh": {
        "summary": "匯總",
        "targets": "指標進展",
        "ids": "附錄 指標編號",
        "period": "報告期：{period}",
        "as_of": "數據截至：{date}",
        "source": "數據來源：各責任單位報送的進展台賬{known}",
        "known": "（按{moment}（UTC）時已錄入的數據）",
        "grade": "狀態",
        "count": "指標數",
        "light": "信號燈",
        "total": "合計",
        "no": "序號",
        "part": "所屬部分",
        "name": "指標",
        "target": "目標",
        "achieved": "完成",
        "gap": "尚差",
        "percent": "完成率",
        "deadline": "期限",
        "remaining": "距期限",
        "lead": "牽頭單位",
        "units": "責任單位",
        "role": "本單位職責",
        "strength": "指標性質",
        "id": "指標編號",
        "lead_role": "牽頭",
        "co_role": "配合",
        "aspirational": "力爭",
        "binding": "約束性",
        "expected": "預期性",
    },
    "en": {
        "summary": "Summary",
        "targets": "Targets",
        "ids": "Appendix target ids",
        "period": "Period: {period}",
        "as_of": "Figures as of: {date}",
        "source": "Source: the zsplan progress ledger{known}",
        "known": " (as recorded by {moment} UTC)",
        "grade": "status",
        "count": "targets",
        "light": "light",
        "total": "total",
        "no": "No.",
        "part": "part of the plan",
        "name": "target",
        "target": "aim",
        "achieved": "achieved",
        "gap": "to go",
        "percent": "done",
        "deadline": "deadline",
        "remaining": "to the deadline",
        "lead": "lead unit",
        "units": "responsible units",
        "role": "role",
        "strength": "strength",
        "id": "target id",
        "lead_role": "lead",
        "co_role": "co-responsible",
        "aspirational": "aspirational",
        "binding": "binding",
        "expected": "expected",
    },
}

_HEAD_ROWS = 4  # title, period, as-of, source; the header row is the 5th


def display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: two for each wide (CJK) character, one for the others."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _sheet_title(text: str, used: set[str]) -> str:
    title = re.sub(r"[\[\]:*?/\\]", "_", terminal_text(text))[:31] or "sheet"  # control characters shown escaped
    base, n = title, 2
    while title in used:
        title = f"{base[:28]}_{n}"
        n += 1
    used.add(title)
    return title


def report_workbook(data: ReportInput, labels: Labels = Labels(lang="zh")) -> bytes:
    """The workbook's bytes (see the module docstring)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    report = build_report(data, labels)
    writer = _Writer(data, labels)
    words = {key: labels.text(value) for key, value in WORDS[labels.lang].items()}
    period = labels.text(data.period.label_zh if labels.lang == "zh" else data.period.label_en)
    known = "" if data.known_at is None else words["known"].format(moment=data.known_at.strftime("%Y-%m-%d %H:%M:%S"))
    head = [report.title, words["period"].format(period=period), words["as_of"].format(date=labels.date(data.as_of)), words["source"].format(known=known)]
    bold = Font(bold=True)
    text_columns: dict[str, set[int]] = {}

    workbook = Workbook()
    used: set[str] = set()

    def new_sheet(title: str, headers: list[str], text: set[int], first: bool = False):
        sheet = workbook.active if first else workbook.create_sheet()
        sheet.title = _sheet_title(title, used)
        for line in head:
            sheet.append(spreadsheet_row([line]))
        sheet["A1"].font = Font(bold=True, size=14)
        sheet.append(spreadsheet_row(headers))
        for cell in sheet[_HEAD_ROWS + 1]:
            cell.font = bold
            cell.fill = PatternFill("solid", fgColor="ECEFF1")
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.freeze_panes = f"A{_HEAD_ROWS + 2}"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_title_rows = f"1:{_HEAD_ROWS + 1}"
        text_columns[sheet.title] = text
        return sheet

    def fill(cell, grade: str) -> None:
        colour = LIGHT_COLOURS[GRADE_LIGHT[grade]].lstrip("#")
        cell.font = Font(bold=True, color=colour)

    # 匯總: the counts by grade
    summary = new_sheet(words["summary"], [words["grade"], words["light"], words["count"]], {0, 1}, first=True)
    for grade in shown_grades(report.grade_counts):
        summary.append([labels.grade(grade), labels.text(LIGHT_WORDS[labels.lang][GRADE_LIGHT[grade]]), report.grade_counts[grade]])
        fill(summary.cell(summary.max_row, 1), grade)
    summary.append([words["total"], "", len(data.assessments)])
    summary.cell(summary.max_row, 1).font = bold

    columns = ["no", "part", "name", "target", "achieved", "gap", "percent", "grade", "deadline", "remaining", "lead", "units", "strength"]

    def row(n: int, a: TargetAssessment) -> list:
        s = a.standing
        spec = s.target
        milestone = spec.kind == "milestone"
        units = ("、" if labels.lang == "zh" else ", ").join(labels.name(unit.name) for unit in spec.units)
        return [
            n,
            labels.name(spec.chapter[2]),
            writer.name(spec, strength=False),
            writer.target(spec),
            writer.achieved_figure(a) if milestone or spec.kind == "checklist" else int(s.achieved) if float(s.achieved).is_integer() else s.achieved,
            None if milestone else (int(s.gap) if float(s.gap).is_integer() else s.gap),
            None if milestone else writer.percent_cell(a),
            writer.grade_text(a),
            labels.date(spec.deadline),
            writer.remaining(a) if s.days_left > 0 else "",
            writer.lead(spec),
            units,
            words.get(spec.strength, spec.strength),
        ]

    text = {1, 2, 3, 6, 7, 8, 9, 10, 11, 12}  # the figures (achieved, to go) stay numbers
    targets = new_sheet(words["targets"], [words[key] for key in columns], text)
    for n, a in enumerate(data.assessments, start=1):
        targets.append(spreadsheet_row(row(n, a)))
        fill(targets.cell(targets.max_row, 8), report.grades[a.standing.target.id])
    for card in data.scorecards:
        sheet = new_sheet(labels.name(card.unit_name), [words["role"]] + [words[key] for key in columns], {0} | {i + 1 for i in text})
        for n, a in enumerate(card.items, start=1):
            lead = a.standing.target.lead_unit is not None and a.standing.target.lead_unit.id == card.unit_id
            sheet.append(spreadsheet_row([words["lead_role" if lead else "co_role"], *row(n, a)]))
            fill(sheet.cell(sheet.max_row, 9), report.grades[a.standing.target.id])
    ids = new_sheet(words["ids"], [words["no"], words["name"], words["id"]], {1, 2})
    for n, a in enumerate(data.assessments, start=1):
        ids.append(spreadsheet_row([n, writer.name(a.standing.target, strength=False), a.standing.target.id]))

    for sheet in workbook.worksheets:
        text = text_columns[sheet.title]
        widths: dict[int, int] = {}
        for values in sheet.iter_rows(min_row=_HEAD_ROWS + 1):
            for index, cell in enumerate(values):
                if cell.value is None:
                    continue
                widths[index] = max(widths.get(index, 0), display_width(str(cell.value)))
                if index in text and cell.row > _HEAD_ROWS + 1:
                    cell.number_format = "@"
                    cell.data_type = "s"
                    cell.value = str(cell.value)
        for index, width in widths.items():
            sheet.column_dimensions[get_column_letter(index + 1)].width = min(max(width + 2, 6), 60)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
