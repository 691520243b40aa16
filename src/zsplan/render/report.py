"""Mid-year and year-end reports (年中對賬、年底總結): Markdown, self-contained HTML with charts, XLSX.

Aspirational targets (the plan's 力爭) are marked （力爭）. The Markdown follows
the official layout: chapters 一、二、…; under each,
(一)進展情況 (progress), (二)存在問題 (problems), (三)下一步工作 (next steps),
with numbered items 1. 2. …; it pastes into a document as is.

One vocabulary: every status is called by its :data:`~zsplan.render.labels.STATUS_WORDS`
word (with its flags, :meth:`~zsplan.render.labels.Labels.verdict`) in the summary,
in each section's lines and in the units' counts; pace bands by their own
:data:`~zsplan.render.labels.PACE_WORDS`. (一) lists the met and on-track targets,
(二) the behind, missed and no-data ones (and on-track ones that are stale or
projected to miss), (三) one line per target not met, each naming its status, so
the summary's counts are the sections' counts at any as-of date. The HTML holds
the same text, tables, and charts rendered by matplotlib as inline SVG (no
network, no external files). The XLSX has a sheet of all targets and one per
responsible unit.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from zsplan.analysis.assessment import TargetAssessment, UnitScorecard
from zsplan.analysis.pace import Pace
from zsplan.analysis.standing import STATUS_ORDER, Status, summarise
from zsplan.render.labels import Labels
from zsplan.render.safe import spreadsheet_row
from zsplan.render.status import achieved_label, number, target_text

#: Plans with more targets than this get burn-up charts only for the most worrying ones.
MAX_TARGET_CHARTS = 60

_CN_NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Period:
    """A reporting period: its label and its last day (the report's as-of date)."""

    code: str
    label_zh: str
    label_en: str
    end: dt.date


def parse_period(code: str) -> Period:
    """``2021H1`` (年中對賬, to 30 June), ``2021H2`` or ``2021`` (年底總結, to 31 December), ``2021Q1``–``Q4``.

    Raises:
        ValueError: the code is none of these.
    """
    text = code.strip().upper()
    match = re.fullmatch(r"(\d{4})(?:(H[12])|(Q[1-4]))?", text)
    if not match:
        raise ValueError(f"period {code!r} is not YYYY, YYYYH1, YYYYH2 or YYYYQ1–Q4 (e.g. 2021H1)")
    year = int(match.group(1))
    half, quarter = match.group(2), match.group(3)
    if half == "H1":
        return Period(text, f"{year}年上半年（年中對賬）", f"first half of {year} (mid-year reconciliation)", dt.date(year, 6, 30))
    if quarter:
        q = int(quarter[1])
        end = {1: dt.date(year, 3, 31), 2: dt.date(year, 6, 30), 3: dt.date(year, 9, 30), 4: dt.date(year, 12, 31)}[q]
        return Period(text, f"{year}年第{_CN_NUMERALS[q - 1]}季度", f"Q{q} {year}", end)
    return Period(text, f"{year}年（年底總結）", f"{year} (year-end summary)", dt.date(year, 12, 31))


WORDS = {
    "zh": {
        "title": "{plan}{period}進展報告",
        "as_of": "數據截至{date}。",
        "known_at": "按{moment}（UTC）時已錄入的數據生成。",
        "summary": "共{n}項指標：{parts}。",
        "summary_flags": "（其中{flags}）",
        "count_unreported": "截至期限未報送 {n}", "count_late": "逾期完成 {n}",
        "progress": "進展情況", "problems": "存在問題", "next": "下一步工作",
        "none": "無。",
        "item_progress": "{name}：{achieved}，目標{target}（{deadline}前），完成{percent}，{status}。",
        "item_problem": "{name}：{achieved}，目標{target}，差距{gap}，{status}{pace}{extra}。",
        "twice_item": "{name}：「{what}」亦計入{others}，可能重複計算，請核實。",
        "twice_evidence": "{name}：證明材料「{what}」亦用於{others}，可能重複計算，請核實。",
        "twice_by": "{name}：證明材料「{what}」由{by}分別報送，可能重複計算，請核實。",
        "item_next": "{name}（牽頭單位：{lead}）：{status}，尚差{gap}，須每月完成{needed}，方能於{deadline}前完成目標。",
        "item_next_missed": "{name}（牽頭單位：{lead}）：{status}，尚差{gap}，請說明原因並提出補救措施。",
        "item_next_unreported": "{name}（牽頭單位：{lead}）：{status}，請報送進展數據及證明材料，說明原因並提出補救措施。",
        "item_next_late": "{name}（牽頭單位：{lead}）：{status}，請說明逾期原因。",
        "item_next_nodata": "{name}（牽頭單位：{lead}）：{status}，請報送進展數據及證明材料。",
        "item_next_milestone": "{name}（牽頭單位：{lead}）：{status}，{achieved}，須於{deadline}前完成。",
        "pace": "（R={ratio}，{pace}）",
        "stale": "，最近一次報送已逾{days}天",
        "projected_miss": "，按現有趨勢預計到期僅達{projected}",
        "units_title": "責任單位情況",
        "charts_title": "指標進度圖",
        "unit_bar": "責任單位（牽頭）",
        "chapter_bar": "各章指標狀態",
    },
    "en": {
        "title": "{plan}: progress report, {period}",
        "as_of": "Figures as of {date}.",
        "known_at": "Generated from the ledger as recorded by {moment} UTC.",
        "summary": "{n} targets: {parts}.",
        "summary_flags": " (of which {flags})",
        "count_unreported": "no report by the deadline {n}", "count_late": "completed late {n}",
        "progress": "Progress", "problems": "Problems", "next": "Next steps",
        "none": "None.",
        "item_progress": "{name}: {achieved}, target {target} by {deadline}, {percent} done, {status}.",
        "item_problem": "{name}: {achieved}, target {target}, gap {gap}, {status}{pace}{extra}.",
        "twice_item": "{name}: '{what}' is also counted under {others}; possibly counted twice, to be checked.",
        "twice_evidence": "{name}: the document '{what}' is also cited for {others}; possibly counted twice, to be checked.",
        "twice_by": "{name}: the document '{what}' is cited by {by} separately; possibly counted twice, to be checked.",
        "item_next": "{name} (lead: {lead}): {status}, {gap} to go, {needed} needed per month to finish by {deadline}.",
        "item_next_missed": "{name} (lead: {lead}): {status}, {gap} to go; explain why and propose remedies.",
        "item_next_unreported": "{name} (lead: {lead}): {status}; report progress figures and evidence, explain why and propose remedies.",
        "item_next_late": "{name} (lead: {lead}): {status}; explain the delay.",
        "item_next_nodata": "{name} (lead: {lead}): {status}; report progress figures and evidence.",
        "item_next_milestone": "{name} (lead: {lead}): {status}, {achieved}; due by {deadline}.",
        "pace": " (R={ratio}, pace {pace})",
        "stale": ", last reported more than {days} days ago",
        "projected_miss": ", projected to reach only {projected} at the deadline on the current trend",
        "units_title": "Responsible units",
        "charts_title": "Charts",
        "unit_bar": "Responsible units (as lead)",
        "chapter_bar": "Targets by chapter",
    },
}

_SECTIONS_ZH = ["（一）", "（二）", "（三）"]


@dataclass(frozen=True)
class ReportInput:
    """What a report is made of."""

    plan_title: str
    period: Period
    as_of: dt.date
    known_at: dt.datetime | None
    assessments: list[TargetAssessment]
    scorecards: list[UnitScorecard]
    chapters: list[tuple[str, str, str]]
    stale_days: int
    flags: Mapping[str, Sequence[Any]] = field(default_factory=dict)  # target id → what may be counted twice (analysis.evidence.Flag)


class _Writer:
    def __init__(self, data: ReportInput, labels: Labels) -> None:
        self.data = data
        self.labels = labels
        self.words = WORDS[labels.lang]

    def t(self, key: str, **values) -> str:
        return self.labels.text(self.words[key].format(**values))

    def date(self, day: dt.date) -> str:
        return self.labels.date(day)

    def title(self) -> str:
        period = self.data.period.label_zh if self.labels.lang == "zh" else self.data.period.label_en
        return self.t("title", plan=self.data.plan_title, period=period)

    def intro(self) -> list[str]:
        standings = [a.standing for a in self.data.assessments]
        counts = summarise(standings)
        comma = "，" if self.labels.lang == "zh" else ", "
        flags = [
            self.t(key, n=n)
            for key, n in (("count_unreported", sum(s.unreported for s in standings)), ("count_late", sum(s.completed_late for s in standings)))
            if n
        ]
        missed = self.t("summary_flags", flags=comma.join(flags)) if flags else ""
        parts = comma.join(
            f"{self.labels.status(status.value)} {counts[status]}" + (missed if status is Status.MISSED else "") for status in STATUS_ORDER
        )
        lines = [self.t("as_of", date=self.date(self.data.as_of)), self.t("summary", n=len(self.data.assessments), parts=parts)]
        if self.data.known_at is not None:
            lines.append(self.t("known_at", moment=self.data.known_at.strftime("%Y-%m-%d %H:%M:%S")))
        return lines

    def by_chapter(self) -> list[tuple[tuple[str, str, str], list[TargetAssessment]]]:
        groups: dict[str, tuple[tuple[str, str, str], list[TargetAssessment]]] = {chapter[0]: (chapter, []) for chapter in self.data.chapters}
        for assessment in self.data.assessments:
            chapter = assessment.standing.target.chapter
            groups.setdefault(chapter[0], (chapter, []))[1].append(assessment)
        return [(chapter, items) for chapter, items in groups.values() if items]

    def _achieved(self, a: TargetAssessment) -> str:
        s = a.standing
        spec = s.target
        zh = self.labels.lang == "zh"
        if spec.kind == "milestone":
            return ("已完成" if s.achieved >= 1 else "尚未完成") if zh else ("done" if s.achieved >= 1 else "not done")
        if spec.kind == "checklist":
            return f"已完成{len(s.items_done)}/{len(spec.items)}項" if zh else f"{len(s.items_done)} of {len(spec.items)} items done"
        return achieved_label(s) + spec.unit

    def _target(self, a: TargetAssessment) -> str:
        spec = a.standing.target
        zh = self.labels.lang == "zh"
        if spec.kind == "milestone":
            return "按期完成" if zh else "completion"
        if spec.kind == "checklist":
            return f"{len(spec.items)}項全部完成" if zh else f"all {len(spec.items)} items"
        return target_text(spec)

    def _common(self, a: TargetAssessment) -> dict[str, str]:
        s = a.standing
        spec = s.target
        strength = {"aspirational": "（力爭）" if self.labels.lang == "zh" else " (aspirational)", "binding": "（約束性）" if self.labels.lang == "zh" else " (binding)"}
        return {
            "name": self.labels.text(spec.name + strength.get(spec.strength, "")),
            "achieved": self._achieved(a),
            "target": self._target(a),
            "deadline": self.date(spec.deadline),
            "percent": f"{s.percent:.0f}%",
            "gap": f"{number(s.gap)}{spec.unit}",
            "status": self.labels.verdict(s),
            "lead": self.labels.text(spec.lead_unit.name) if spec.lead_unit else "—",
        }

    def progress_items(self, items: list[TargetAssessment]) -> list[str]:
        return [self.t("item_progress", **self._common(a)) for a in items if a.standing.status in (Status.MET, Status.ON_TRACK) and a.standing.entries]

    def problem_items(self, items: list[TargetAssessment]) -> list[str]:
        lines = []
        for a in sorted(items, key=lambda a: a.concern):
            s = a.standing
            troubled = s.status in (Status.BEHIND, Status.MISSED, Status.NO_DATA) or a.stale or a.forecast.projected_to_miss
            if not troubled or s.status is Status.MET:
                continue
            pace = ""
            if a.pace not in (Pace.NO_DATA, Pace.MISSED, Pace.MET) and a.ratio is not None:
                pace = self.t("pace", ratio=f"{a.ratio:.2f}", pace=self.labels.pace(a.pace.value))
            extra = ""
            if a.stale and s.entries:  # never reported: the status says so (未報數據, 截至期限未報送)
                extra += self.t("stale", days=self.data.stale_days)
            if a.forecast.projected_to_miss:
                extra += self.t("projected_miss", projected=f"{a.forecast.projected:.1f}{s.target.unit}")
            lines.append(self.t("item_problem", pace=pace, extra=extra, **self._common(a)))
        for a in items:  # possibly counted twice: for an analyst to check, whatever the status
            for flag in self.data.flags.get(a.standing.target.id, ()):
                others = ", ".join(target for target in flag.targets if target != flag.target_id)
                key = "twice_item" if flag.kind == "item" else "twice_evidence" if others else "twice_by"
                name, what, by = self.labels.text(a.standing.target.name), self.labels.text(flag.key), ", ".join(flag.recorded_by)
                lines.append(self.t(key, name=name, what=what, others=others, by=by))
        return lines

    def next_items(self, items: list[TargetAssessment]) -> list[str]:
        """One line per target not met, chosen by its status alone, each naming that status."""
        lines = []
        for a in sorted(items, key=lambda a: a.concern):
            s = a.standing
            if s.status is Status.MET:
                continue
            common = self._common(a)
            if s.status is Status.MISSED:
                key = "item_next_late" if s.completed_late else "item_next_unreported" if s.entries == 0 else "item_next_missed"
                lines.append(self.t(key, **common))
            elif s.target.kind == "milestone":
                lines.append(self.t("item_next_milestone", **common))
            elif a.needed_per_month is not None:
                lines.append(self.t("item_next", needed=f"{a.needed_per_month:.2f}{s.target.unit}", **common))
            else:
                lines.append(self.t("item_next_nodata", **common))
        return lines


def _numbered(lines: list[str], none: str) -> list[str]:
    return [f"{index}. {line}" for index, line in enumerate(lines, start=1)] or [none]


def markdown_report(data: ReportInput, labels: Labels = Labels(lang="zh")) -> str:
    """The report as Markdown in the official layout (see the module docstring)."""
    w = _Writer(data, labels)
    out = [f"# {w.title()}", "", *w.intro(), ""]
    for chapter, items in w.by_chapter():
        out += [f"## {labels.text(chapter[1])}、{labels.text(chapter[2])}", ""]
        for index, (key, builder) in enumerate((("progress", w.progress_items), ("problems", w.problem_items), ("next", w.next_items))):
            heading = f"{_SECTIONS_ZH[index]}{w.words[key]}" if labels.lang == "zh" else f"({index + 1}) {w.words[key]}"
            out += [f"### {labels.text(heading)}", ""]
            out += _numbered(builder(items), w.words["none"])
            out.append("")
    out += [f"## {w.words['units_title']}", ""]
    zh = labels.lang == "zh"
    for rank, card in enumerate(data.scorecards, start=1):
        lead, co = (
            ("，" if zh else ", ").join(f"{labels.status(s.value)}{'' if zh else ' '}{counts.get(s, 0)}" for s in STATUS_ORDER if counts.get(s, 0))
            for counts in (card.lead, card.co)
        )
        name = labels.text(card.unit_name)
        out.append(f"{rank}. {name}：牽頭 {lead or '無'}；配合 {co or '無'}。" if zh else f"{rank}. {name}: as lead {lead or 'none'}; as co-responsible {co or 'none'}.")
    return "\n".join(out).rstrip() + "\n"


_CSS = """
body{font-family:"Noto Sans CJK SC","Noto Sans CJK TC","Microsoft YaHei","PingFang SC",sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#212121;line-height:1.55}
h1{font-size:1.5em}h2{border-bottom:2px solid #0277bd;padding-bottom:.2em;margin-top:1.6em}h3{font-size:1.05em}
table{border-collapse:collapse;width:100%;font-size:.86em;margin:.6em 0}th,td{border:1px solid #cfd8dc;padding:.25em .45em;text-align:left;vertical-align:top}
th{background:#eceff1}td.n{text-align:right;white-space:nowrap}
.met{color:#2e7d32;font-weight:600}.on_track{color:#0277bd;font-weight:600}.behind{color:#b26a00;font-weight:600}.missed{color:#c62828;font-weight:600}.no_data{color:#616161}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(480px,1fr));gap:.8em}.chart{border:1px solid #eceff1;padding:.3em}.chart svg{width:100%;height:auto}
.note{color:#616161;font-size:.85em}
"""


def html_report(data: ReportInput, labels: Labels = Labels(lang="zh"), on_progress: Callable[[int, int], None] | None = None) -> str:
    """The report as one self-contained HTML page: text, tables and inline SVG charts (no network)."""
    from zsplan.render.charts import burnup_svg, status_bars_svg

    w = _Writer(data, labels)
    e = html.escape
    charted = sorted(data.assessments, key=lambda a: a.concern)[:MAX_TARGET_CHARTS]
    charted_ids = {a.standing.target.id for a in charted}
    total = len(charted) + 2
    step = 0

    def tick() -> None:
        nonlocal step
        step += 1
        if on_progress is not None:
            on_progress(step, total)

    parts = [f"<!DOCTYPE html><html lang=\"{'zh-Hant' if labels.script == 'hant' else 'zh-Hans'}\"><head><meta charset=\"utf-8\"><title>{e(w.title())}</title><style>{_CSS}</style></head><body>"]
    parts.append(f"<h1>{e(w.title())}</h1>")
    parts += [f"<p>{e(line)}</p>" for line in w.intro()]
    chapter_rows = [(chapter[0], summarise([a.standing for a in items])) for chapter, items in w.by_chapter()]
    parts.append(f"<div class=\"chart\">{status_bars_svg('targets by status, per chapter', chapter_rows)}</div>")
    tick()
    unit_rows = [(card.unit_id, card.lead) for card in data.scorecards if sum(card.lead.values())]
    parts.append(f"<div class=\"chart\">{status_bars_svg('targets led, by status, per responsible unit', unit_rows)}</div>")
    tick()
    headers = [labels.header(key) for key in ("id", "name", "target", "achieved", "gap", "%", "status", "pace", "needed/month", "deadline", "lead unit")]
    for chapter, items in w.by_chapter():
        parts.append(f"<h2>{e(labels.text(chapter[1] + '、' + chapter[2]))}</h2>")
        for index, (key, builder) in enumerate((("progress", w.progress_items), ("problems", w.problem_items), ("next", w.next_items))):
            heading = f"{_SECTIONS_ZH[index]}{w.words[key]}" if labels.lang == "zh" else f"({index + 1}) {w.words[key]}"
            lines = builder(items)
            parts.append(f"<h3>{e(labels.text(heading))}</h3>")
            parts.append("<ol>" + "".join(f"<li>{e(line)}</li>" for line in lines) + "</ol>" if lines else f"<p>{e(w.words['none'])}</p>")
        parts.append("<table><tr>" + "".join(f"<th>{e(h)}</th>" for h in headers) + "</tr>")
        for a in items:
            s = a.standing
            spec = s.target
            needed = "" if a.needed_per_month is None else f"{a.needed_per_month:.2f}"
            cells = [
                e(spec.id), e(labels.text(spec.name)), e(target_text(spec)), e(achieved_label(s)), e(number(s.gap)), f"{s.percent:.0f}%",
                f"<span class=\"{s.status.value}\">{e(labels.verdict(s))}</span>", e(labels.pace(a.pace.value)), needed,
                e(spec.deadline.isoformat()), e(labels.text(spec.lead_unit.name) if spec.lead_unit else ""),
            ]
            parts.append("<tr>" + "".join(f"<td class=\"n\">{c}</td>" if i in (2, 3, 4, 5, 8) else f"<td>{c}</td>" for i, c in enumerate(cells)) + "</tr>")
        parts.append("</table>")
        charts = [a for a in items if a.standing.target.id in charted_ids]
        if charts:
            parts.append("<div class=\"charts\">")
            for a in charts:
                parts.append(f"<div class=\"chart\" id=\"chart-{e(a.standing.target.id)}\">{burnup_svg(a)}</div>")
                tick()
            parts.append("</div>")
    if len(data.assessments) > MAX_TARGET_CHARTS:
        parts.append(f"<p class=\"note\">Burn-up charts are drawn for the {MAX_TARGET_CHARTS} most worrying of {len(data.assessments)} targets.</p>")
    parts.append(f"<h2>{e(w.words['units_title'])}</h2><table><tr><th>#</th><th>unit</th>" + "".join(f"<th>lead: {e(labels.status(s.value))}</th>" for s in STATUS_ORDER) + "<th>worst items</th></tr>")
    for rank, card in enumerate(data.scorecards, start=1):
        worst = ", ".join(a.standing.target.id for a in card.items[:3] if a.standing.status is not Status.MET)
        parts.append(f"<tr><td class=\"n\">{rank}</td><td>{e(labels.text(card.unit_name))}</td>" + "".join(f"<td class=\"n\">{card.lead.get(s, 0)}</td>" for s in STATUS_ORDER) + f"<td>{e(worst)}</td></tr>")
    parts.append("</table></body></html>\n")
    return "".join(parts)


def _sheet_title(text: str, used: set[str]) -> str:
    title = re.sub(r"[\[\]:*?/\\]", "_", text)[:31] or "sheet"
    base, n = title, 2
    while title in used:
        title = f"{base[:28]}_{n}"
        n += 1
    used.add(title)
    return title


def xlsx_report(data: ReportInput, labels: Labels = Labels(lang="zh")) -> bytes:
    """The report as a workbook: a sheet of all targets with their figures, and one sheet per responsible unit."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    columns = [
        "id", "name", "chapter", "target", "achieved", "gap", "percent", "status", "pace", "pace_ratio", "needed_per_month", "stale", "projected", "deadline",
        "lead_unit", "strength", "achieved_at_deadline", "unreported", "completed_late", "completed_on", "days_late",
    ]

    def row(a: TargetAssessment) -> list:
        s = a.standing
        spec = s.target
        return [
            spec.id, labels.text(spec.name), spec.chapter[1], target_text(spec), s.achieved, s.gap, round(s.percent, 1),
            labels.status(s.status.value), labels.pace(a.pace.value), None if a.ratio is None else round(a.ratio, 3),
            None if a.needed_per_month is None else round(a.needed_per_month, 2), "yes" if a.stale else "no",
            None if a.forecast.projected is None else round(a.forecast.projected, 1), spec.deadline,
            labels.text(spec.lead_unit.name) if spec.lead_unit else "", spec.strength,
            s.achieved_at_deadline, "yes" if s.unreported else "no", "yes" if s.completed_late else "no", s.completed_on, s.days_late,
        ]

    workbook = Workbook()
    used: set[str] = set()
    sheet = workbook.active
    sheet.title = _sheet_title("targets", used)
    sheet.append(columns)
    for a in data.assessments:
        sheet.append(spreadsheet_row(row(a)))
    for card in data.scorecards:
        unit_sheet = workbook.create_sheet(_sheet_title(card.unit_id, used))
        unit_sheet.append(spreadsheet_row([labels.text(card.unit_name)]))
        unit_sheet.append(["role", *columns])
        for a in card.items:
            role = next((unit.role for unit in a.standing.target.units if unit.id == card.unit_id), "")
            unit_sheet.append(spreadsheet_row([role, *row(a)]))
    for ws in workbook.worksheets:
        for cell in ws[1 if ws.title == "targets" else 2]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2" if ws.title == "targets" else "A3"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
