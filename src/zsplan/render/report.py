"""Mid-year and year-end reports (年中對賬、年底總結): one document model, written as Markdown, HTML, XLSX and Word.

:func:`build_report` turns the assessments into a :class:`Report`: numbered
sections (一、總體情況, then one per chapter of the plan with targets, then
責任單位情況), each chapter with (一)進展情況, (二)存在問題, (三)下一步工作 and
numbered items, and the attachments (附件: the targets table and the units
table). Every writer renders that model, so the Markdown, the HTML, the
workbook and the Word document say the same thing in the same words.

Wording (docs/method.md, "Words in reports"): each target is called by its grade
(:data:`~zsplan.render.labels.GRADE_WORDS`: 超進度, 按序時進度推進, 進度滯後,
嚴重滯後, 未按期完成, 已完成, 未報數據) with its flags; counts stay whole (尚差2名，
距期限18個月); statistics (R, pace bands, monthly rates) stay in ``zsplan explain``.
People read names, never ids; ids appear only in the workbook's appendix sheet and in JSON.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from zsplan.analysis.assessment import TargetAssessment, UnitScorecard
from zsplan.analysis.pace import DAYS_PER_MONTH
from zsplan.analysis.standing import Status, TargetSpec
from zsplan.render.labels import GRADE_LIGHT, GRADE_ORDER, GRADE_WORDS, LIGHT_COLOURS, Grading, Labels, shown_grades
from zsplan.render.status import number

#: Plans with more targets than this get burn-up charts only for the most worrying ones.
MAX_TARGET_CHARTS = 60

_CN_NUMERALS = "一二三四五六七八九十"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 23 → 二十三 (up to 99)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CN_NUMERALS[tens - 1] + "十")
    return head + (_CN_NUMERALS[ones - 1] if ones else "")


@dataclass(frozen=True)
class Period:
    """A reporting period: its label, its first and its last day (the report's as-of date)."""

    code: str
    label_zh: str
    label_en: str
    end: dt.date
    start: dt.date = dt.date.min


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
        return Period(text, f"{year}年上半年（年中對賬）", f"first half of {year} (mid-year reconciliation)", dt.date(year, 6, 30), dt.date(year, 1, 1))
    if quarter:
        q = int(quarter[1])
        end = {1: dt.date(year, 3, 31), 2: dt.date(year, 6, 30), 3: dt.date(year, 9, 30), 4: dt.date(year, 12, 31)}[q]
        return Period(text, f"{year}年第{_CN_NUMERALS[q - 1]}季度", f"Q{q} {year}", end, dt.date(year, 3 * q - 2, 1))
    start = dt.date(year, 7, 1) if half == "H2" else dt.date(year, 1, 1)
    return Period(text, f"{year}年（年底總結）", f"{year} (year-end summary)", dt.date(year, 12, 31), start)


WORDS = {
    "zh": {
        "title": "{plan}{period}進展報告",
        "overview": "總體情況",
        "as_of": "數據截至{date}。",
        "known_at": "按{moment}（UTC）時已錄入的數據生成。",
        "summary": "共{n}項指標：{parts}。",
        "summary_flags": "（其中{flags}）",
        "ambiguous": "統計口徑待明確的指標{n}項（原文可理解為存量或新增）：{names}；本報告按{reading}統計，請牽頭單位確認。",
        "met_at_baseline": "基期已達標的指標{n}項（計劃印發前已達到目標）：{names}。",
        "reading_total": "存量",
        "reading_new": "新增",
        "reading_mixed": "計劃文件所註口徑",
        "count": "{word}{n}項",
        "count_unreported": "截至期限未報送{n}項",
        "count_late": "逾期完成{n}項",
        "progress": "進展情況",
        "problems": "存在問題",
        "next": "下一步工作",
        "none": "無。",
        "item_progress": "{name}：{achieved}，目標{target}（{deadline}前），{percent}，{grade}。",
        "item_progress_milestone": "{name}：{reported}，目標{deadline}前完成，{grade}。",
        "reported_on": "{date}報送完成",
        "item_problem": "{name}：{achieved}，目標{target}，尚差{gap}，{grade}{extra}。",
        "twice_item": "{name}：「{what}」亦計入{others}，可能重複計算，請核實。",
        "twice_evidence": "{name}：證明材料「{what}」亦用於{others}，可能重複計算，請核實。",
        "twice_by": "{name}：證明材料「{what}」由{by}分別報送，可能重複計算，請核實。",
        "item_problem_milestone": "{name}：尚未完成，目標{deadline}前完成，{grade}{extra}。",
        "item_next": "{name}（牽頭單位：{lead}）：{grade}，尚差{gap}，距期限{remaining}，確保{deadline}前完成目標。",
        "item_next_nodata": "{name}（牽頭單位：{lead}）：{grade}，尚差{gap}，距期限{remaining}，請報送進展數據及證明材料。",
        "item_next_milestone": "{name}（牽頭單位：{lead}）：{grade}，須於{deadline}前完成，距期限{remaining}。",
        "item_next_milestone_nodata": "{name}（牽頭單位：{lead}）：{grade}，須於{deadline}前完成，距期限{remaining}，請報送進展情況。",
        "item_next_missed": "{name}（牽頭單位：{lead}）：{grade}，尚差{gap}，請說明原因並提出補救措施。",
        "item_next_missed_milestone": "{name}（牽頭單位：{lead}）：{grade}，尚未完成，請說明原因並提出補救措施。",
        "item_next_unreported": "{name}（牽頭單位：{lead}）：{grade}，請報送進展數據及證明材料，說明原因並提出補救措施。",
        "item_next_late": "{name}（牽頭單位：{lead}）：{grade}，請說明逾期原因。",
        "item_next_scheduled": "{name}（牽頭單位：{lead}）：{grade}，請報送完成情況及證明材料予以確認。",
        "months": "{n}個月",
        "days": "{n}天",
        "stale": "，已超過{days}天未報送進展",
        "projected_miss": "，按現有趨勢到期僅能完成約{projected}",
        "units_title": "責任單位情況",
        "evidence_title": "證據核實、進展備註與預測",
        "ev_unverified": "{name}：第{entry}號記錄來源等級為{grade}（{source}），尚未核實，暫不計入完成數。",
        "ev_rejected": "{name}：第{entry}號記錄經核實不予採信（{reason}），不計入完成數。",
        "ev_conflict": "{name}：第{entry}號記錄的來源說法不一（{source}稱{gives}），請核實。",
        "ev_gives_value": "數值為{value}",
        "ev_gives_date": "日期為{date}",
        "ev_note": "{name}：進展備註（{date}）：{text}（不計入完成數）。",
        "ev_forecast": "{name}：{stated}{source}預計{expected}前{what}；{result}",
        "ev_hit": "預測已兌現。",
        "ev_missed_value": "預測未兌現，實際為{outcome}（相差{diff}）。",
        "ev_missed_done": "預測未兌現，{done}。",
        "ev_done_late": "實際於{date}完成，晚{days}天",
        "ev_not_done": "截至{date}尚未完成",
        "ev_pending": "尚未到期。",
        "ev_scheduled": "{name}：{what}已安排於{expected}（{stated}{source}公布），尚未確認完成，不計入完成數。",
        "ev_scheduled_done": "{name}：{what}曾安排於{expected}，已於{date}確認完成。",
        "ev_done": "完成",
        "unit_line": "{name}：牽頭{lead}；配合{co}。",
        "unit_none": "無",
        "lead": "—",
        "aspirational": "（力爭）",
        "binding": "（約束性）",
        "done": "已完成",
        "not_done": "尚未完成",
        "checklist_done": "已完成{done}{unit}（共{total}{unit}）",
        "target_at_least": "不少於{n}{unit}",
        "target_at_most": "不超過{n}{unit}",
        "target_range": "{min}至{max}{unit}",
        "target_per_year": "每年{per}{unit}，共{n}{unit}",
        "target_checklist": "{n}{unit}全部完成",
        "target_milestone": "按期完成",
        "percent": "完成{p}%",
        "above_range": "超過目標上限",
        "within_range": "達到目標區間",
        "attachments": "附件：",
        "attachment": "附件{n}",
        "targets_table": "指標進展情況表",
        "units_table": "責任單位情況表",
        "dated": "{date}",
        "charts": "指標進展圖",
        "chapter_bars": "各部分指標進展情況",
        "unit_bars": "各責任單位牽頭指標進展情況",
        "more_charts": "僅繪製最需關注的{shown}項指標（共{n}項）的進度圖。",
        "h_no": "序號",
        "h_name": "指標",
        "h_target": "目標",
        "h_achieved": "完成",
        "h_gap": "尚差",
        "h_percent": "完成率",
        "h_grade": "狀態",
        "h_deadline": "期限",
        "h_lead": "牽頭單位",
        "h_unit": "責任單位",
        "h_watch": "需關注的指標",
        "h_lead_of": "牽頭：{word}",
        "h_co_total": "配合指標",
        "h_total": "牽頭指標",
    },
    "en": {
        "title": "{plan}: progress report, {period}",
        "overview": "Overview",
        "as_of": "Figures as of {date}.",
        "known_at": "Generated from the ledger as recorded by {moment} UTC.",
        "summary": "{n} targets: {parts}.",
        "summary_flags": " (of which {flags})",
        "ambiguous": (
            "{n} targets whose counting basis reads either way (the total, or only what is new): {names}; "
            "this report counts {reading}; the lead units to confirm."
        ),
        "met_at_baseline": "{n} targets met at baseline (already met when the plan was issued): {names}.",
        "reading_total": "the total",
        "reading_new": "only what is new",
        "reading_mixed": "as the plan file notes for each",
        "count": "{word} {n}",
        "count_unreported": "not reported by the deadline {n}",
        "count_late": "completed late {n}",
        "progress": "Progress",
        "problems": "Problems",
        "next": "Next steps",
        "none": "None.",
        "item_progress": "{name}: {achieved}, target {target} by {deadline}, {percent}, {grade}.",
        "item_progress_milestone": "{name}: {reported}, due by {deadline}, {grade}.",
        "reported_on": "reported done on {date}",
        "item_problem": "{name}: {achieved}, target {target}, {gap} to go, {grade}{extra}.",
        "twice_item": "{name}: '{what}' is also counted under {others}; possibly counted twice, to be checked.",
        "twice_evidence": "{name}: the document '{what}' is also cited for {others}; possibly counted twice, to be checked.",
        "twice_by": "{name}: the document '{what}' is cited by {by} separately; possibly counted twice, to be checked.",
        "item_problem_milestone": "{name}: not done, due by {deadline}, {grade}{extra}.",
        "item_next": "{name} (lead: {lead}): {grade}, {gap} to go, {remaining} to the deadline; finish by {deadline}.",
        "item_next_nodata": "{name} (lead: {lead}): {grade}, {gap} to go, {remaining} to the deadline; report progress figures and evidence.",
        "item_next_milestone": "{name} (lead: {lead}): {grade}, due by {deadline}, {remaining} to the deadline.",
        "item_next_milestone_nodata": "{name} (lead: {lead}): {grade}, due by {deadline}, {remaining} to the deadline; report progress.",
        "item_next_missed": "{name} (lead: {lead}): {grade}, {gap} to go; explain why and propose remedies.",
        "item_next_missed_milestone": "{name} (lead: {lead}): {grade}, not done; explain why and propose remedies.",
        "item_next_unreported": "{name} (lead: {lead}): {grade}; report progress figures and evidence, explain why and propose remedies.",
        "item_next_late": "{name} (lead: {lead}): {grade}; explain the delay.",
        "item_next_scheduled": "{name} (lead: {lead}): {grade}; report whether it took place, with evidence, to confirm it.",
        "months": "{n} months",
        "days": "{n} days",
        "stale": ", no report for more than {days} days",
        "projected_miss": ", on the current trend only about {projected} by the deadline",
        "units_title": "Responsible units",
        "evidence_title": "Evidence checks, progress notes and forecasts",
        "ev_unverified": "{name}: entry #{entry} is graded {grade} ({source}) and not verified; not counted yet.",
        "ev_rejected": "{name}: entry #{entry} was rejected ({reason}); not counted.",
        "ev_conflict": "{name}: the sources of entry #{entry} disagree ({source} gives {gives}); to be checked.",
        "ev_gives_value": "the figure {value}",
        "ev_gives_date": "the date {date}",
        "ev_note": "{name}: progress note ({date}): {text} (counts nothing).",
        "ev_forecast": "{name}: stated {stated}{source}: {what} by {expected}; {result}",
        "ev_hit": "the forecast held.",
        "ev_missed_value": "the forecast failed: the outcome was {outcome} ({diff}).",
        "ev_missed_done": "the forecast failed: {done}.",
        "ev_done_late": "done on {date}, {days} days late",
        "ev_not_done": "not done by {date}",
        "ev_pending": "not yet due.",
        "ev_scheduled": "{name}: {what} scheduled for {expected} (announced {stated}{source}), not confirmed; not counted.",
        "ev_scheduled_done": "{name}: {what} scheduled for {expected}, confirmed done on {date}.",
        "ev_done": "done",
        "unit_line": "{name}: as lead {lead}; as co-responsible {co}.",
        "unit_none": "none",
        "lead": "—",
        "aspirational": " (aspirational)",
        "binding": " (binding)",
        "done": "done",
        "not_done": "not done",
        "checklist_done": "{done} of {total}{unit} done",
        "target_at_least": "at least {n}{unit}",
        "target_at_most": "at most {n}{unit}",
        "target_range": "{min}–{max}{unit}",
        "target_per_year": "{per}{unit} a year, {n}{unit} in all",
        "target_checklist": "all {n}{unit}",
        "target_milestone": "completion",
        "percent": "{p}% done",
        "above_range": "above the target's upper bound",
        "within_range": "within the target range",
        "attachments": "Attachments: ",
        "attachment": "Attachment {n}",
        "targets_table": "Targets",
        "units_table": "Responsible units",
        "dated": "{date}",
        "charts": "Charts",
        "chapter_bars": "Targets by status, per part of the plan",
        "unit_bars": "Targets led, by status, per responsible unit",
        "more_charts": "Burn-up charts are drawn for the {shown} most worrying of {n} targets.",
        "h_no": "No.",
        "h_name": "target",
        "h_target": "aim",
        "h_achieved": "achieved",
        "h_gap": "to go",
        "h_percent": "done",
        "h_grade": "status",
        "h_deadline": "deadline",
        "h_lead": "lead unit",
        "h_unit": "responsible unit",
        "h_watch": "targets to watch",
        "h_lead_of": "lead: {word}",
        "h_co_total": "co-responsible",
        "h_total": "led",
    },
}


@dataclass(frozen=True)
class ReportInput:
    """What a report is made of.

    Attributes:
        dated: the 成文日期 written under the body (Word and HTML); None leaves it out.
        grading: the thresholds of 嚴重滯後 and 超進度.
    """

    plan_title: str
    period: Period
    as_of: dt.date
    known_at: dt.datetime | None
    assessments: list[TargetAssessment]
    scorecards: list[UnitScorecard]
    chapters: list[tuple[str, str, str]]
    stale_days: int
    dated: dt.date | None = None
    grading: Grading = Grading()  # noqa: RUF009 - frozen, immutable
    flags: Mapping[str, Sequence[Any]] = field(default_factory=dict)  # target id → what may be counted twice (analysis.evidence.Flag)
    evidence: Mapping[str, Any] = field(default_factory=dict)  # target id → analysis.evidence.TargetEvidence


@dataclass(frozen=True)
class Subsection:
    """(一)進展情況 and the like: a heading and numbered items (none: the ``none`` line)."""

    heading: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    """A numbered section: 一、總體情況, 二、<a chapter of the plan>, …, 責任單位情況."""

    heading: str
    paragraphs: tuple[str, ...] = ()
    subsections: tuple[Subsection, ...] = ()
    items: tuple[str, ...] = ()
    chapter: str | None = None  # the plan chapter's id, for its charts


@dataclass(frozen=True)
class Row:
    """A table row: its cells, and its grade (for the colour of its status cell); a group row has one cell."""

    cells: tuple[str, ...]
    grade: str | None = None
    group: bool = False


@dataclass(frozen=True)
class Table:
    """An attachment's table: title, headers, rows; ``numeric`` columns are right-aligned."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[Row, ...]
    numeric: frozenset[int] = frozenset()
    widths: tuple[float, ...] = ()  # relative column widths for Word


@dataclass(frozen=True)
class Report:
    """The whole report, in words: what every writer renders."""

    title: str
    title_lines: tuple[str, ...]
    sections: tuple[Section, ...]
    attachments: tuple[Table, ...]
    dated: str | None
    none: str
    attachments_word: str
    attachment_word: str
    lang: str
    grades: dict[str, str] = field(default_factory=dict)  # target id → grade
    grade_counts: dict[str, int] = field(default_factory=dict)


class _Writer:
    """Words for one report: each target's figures, grade and lines, in the chosen language and script."""

    def __init__(self, data: ReportInput, labels: Labels) -> None:
        self.data = data
        self.labels = labels
        self.words = WORDS[labels.lang]
        self.zh = labels.lang == "zh"

    def t(self, key: str, **values) -> str:
        return self.labels.text(self.words[key].format(**values))

    def date(self, day: dt.date) -> str:
        return self.labels.date(day)

    def grade_of(self, a: TargetAssessment) -> str:
        return self.data.grading.grade(a.standing.status.value, a.ratio, a.standing.target.kind)

    def grade_text(self, a: TargetAssessment) -> str:
        """The grade word with the status's flags: 未按期完成（截至期限未報送）."""
        word = self.labels.grade(self.grade_of(a))
        flags = self.labels.flags(a.standing)
        if not flags:
            return word
        return f"{word}（{'；'.join(flags)}）" if self.zh else f"{word} ({'; '.join(flags)})"

    def name(self, spec: TargetSpec, strength: bool = True) -> str:
        suffix = self.words.get(spec.strength, "") if strength and spec.strength in ("aspirational", "binding") else ""
        return self.labels.name(spec.name) + self.labels.text(suffix)

    def unit(self, spec: TargetSpec) -> str:
        return self.labels.text(spec.unit)

    def target(self, spec: TargetSpec) -> str:
        unit = self.unit(spec)
        if spec.kind == "range":
            return self.t("target_range", min=number(spec.minimum), max=number(spec.maximum), unit=unit)
        if spec.kind == "per_year":
            return self.t("target_per_year", per=number(spec.per_year), n=number((spec.per_year or 0) * len(spec.years)), unit=unit)
        if spec.kind == "checklist":
            return self.t("target_checklist", n=len(spec.items), unit=unit)
        if spec.kind == "milestone":
            return self.t("target_milestone")
        return self.t("target_at_most" if spec.comparator == "at_most" else "target_at_least", n=number(spec.value), unit=unit)

    def achieved(self, a: TargetAssessment) -> str:
        s = a.standing
        spec = s.target
        if spec.kind == "milestone":
            return self.t("done" if s.achieved >= 1 else "not_done")
        if spec.kind == "checklist":
            return self.t("checklist_done", done=len(s.items_done), total=len(spec.items), unit=self.unit(spec))
        return number(s.achieved) + self.unit(spec)

    def achieved_figure(self, a: TargetAssessment) -> str:
        """Achieved for a table cell: ``3家``, ``2/5個``, ``已完成``."""
        s = a.standing
        spec = s.target
        if spec.kind == "checklist":
            return f"{len(s.items_done)}/{len(spec.items)}{self.unit(spec)}"
        return self.achieved(a)

    def percent(self, a: TargetAssessment) -> str:
        s = a.standing
        spec = s.target
        if spec.kind == "range" and spec.maximum is not None and s.achieved > spec.maximum:
            return self.t("above_range")
        if spec.kind == "range" and spec.minimum is not None and s.achieved >= spec.minimum:
            return self.t("within_range")
        return self.t("percent", p=f"{min(s.percent, 100) if spec.kind == 'range' else s.percent:.0f}")

    def percent_cell(self, a: TargetAssessment) -> str:
        text = self.percent(a)
        match = re.search(r"(\d+)%", text)
        return f"{match.group(1)}%" if match else text

    def gap(self, a: TargetAssessment) -> str:
        return number(a.standing.gap) + self.unit(a.standing.target)

    def remaining(self, a: TargetAssessment) -> str:
        days = a.standing.days_left
        months = math.floor(days / DAYS_PER_MONTH)
        return self.t("months", n=months) if months >= 1 else self.t("days", n=days)

    def lead(self, spec: TargetSpec) -> str:
        return self.labels.name(spec.lead_unit.name) if spec.lead_unit else self.words["lead"]

    def common(self, a: TargetAssessment) -> dict[str, str]:
        spec = a.standing.target
        return {
            "name": self.name(spec),
            "achieved": self.achieved(a),
            "target": self.target(spec),
            "deadline": self.date(spec.deadline),
            "percent": self.percent(a),
            "gap": self.gap(a),
            "grade": self.grade_text(a),
            "lead": self.lead(spec),
            "remaining": self.remaining(a),
        }

    # -- the sections ------------------------------------------------------------------

    def summary_parts(self) -> str:
        standings = [a.standing for a in self.data.assessments]
        counts = dict.fromkeys(GRADE_ORDER, 0)
        for a in self.data.assessments:
            counts[self.grade_of(a)] += 1
        sep = "，" if self.zh else ", "
        flags = [
            self.t(key, n=n)
            for key, n in (
                ("count_unreported", sum(s.unreported for s in standings if s.status is Status.MISSED)),
                ("count_late", sum(s.completed_late for s in standings)),
            )
            if n
        ]
        flagged = self.t("summary_flags", flags=sep.join(flags)) if flags else ""
        return sep.join(
            self.t("count", word=self.labels.grade(grade), n=counts[grade]) + (flagged if grade == "missed" else "") for grade in shown_grades(counts)
        )

    def overview(self) -> tuple[str, ...]:
        lines = [self.t("as_of", date=self.date(self.data.as_of)), self.t("summary", n=len(self.data.assessments), parts=self.summary_parts())]
        if self.data.known_at is not None:
            lines.append(self.t("known_at", moment=self.data.known_at.strftime("%Y-%m-%d %H:%M:%S")))
        lines += self.baseline_lines()
        return tuple(lines)

    def baseline_lines(self) -> list[str]:
        """The overview's lines on baseline facts: readings flagged ambiguous, targets met at baseline (docs/method.md, "Baseline facts")."""
        lines = []
        sep = "、" if self.zh else ", "
        ambiguous = [a.standing.target for a in self.data.assessments if a.standing.target.counts_ambiguous]
        if ambiguous:
            readings = {spec.counts for spec in ambiguous}
            reading = self.t("reading_" + (readings.pop() if len(readings) == 1 else "mixed"))
            names = sep.join(self.name(spec, strength=False) for spec in ambiguous)
            lines.append(self.t("ambiguous", n=len(ambiguous), names=names, reading=reading))
        met = [a.standing.target for a in self.data.assessments if a.standing.met_at_baseline]
        if met:
            lines.append(self.t("met_at_baseline", n=len(met), names=sep.join(self.name(spec, strength=False) for spec in met)))
        return lines

    def by_chapter(self) -> list[tuple[tuple[str, str, str], list[TargetAssessment]]]:
        groups: dict[str, tuple[tuple[str, str, str], list[TargetAssessment]]] = {chapter[0]: (chapter, []) for chapter in self.data.chapters}
        for assessment in self.data.assessments:
            chapter = assessment.standing.target.chapter
            groups.setdefault(chapter[0], (chapter, []))[1].append(assessment)
        return [(chapter, items) for chapter, items in groups.values() if items]

    def progress_items(self, items: list[TargetAssessment]) -> list[str]:
        lines = []
        for a in items:
            s = a.standing
            if s.status not in (Status.MET, Status.ON_TRACK) or not s.entries:
                continue
            common = self.common(a)
            if s.target.kind == "milestone":
                done = s.achieved >= 1 and s.last_as_of is not None
                reported = self.t("reported_on", date=self.date(s.last_as_of)) if done and s.last_as_of else common["achieved"]
                lines.append(self.t("item_progress_milestone", reported=reported, **common))
            else:
                lines.append(self.t("item_progress", **common))
        return lines

    def problem_items(self, items: list[TargetAssessment]) -> list[str]:
        lines = []
        for a in sorted(items, key=lambda a: a.concern):
            s = a.standing
            troubled = s.status in (Status.BEHIND, Status.MISSED, Status.NO_DATA, Status.SCHEDULED) or a.stale or a.forecast.projected_to_miss
            if not troubled or s.status is Status.MET:
                continue
            extra = ""
            if a.stale and s.entries:  # never reported: the status says so (未報數據, 截至期限未報送)
                extra += self.t("stale", days=self.data.stale_days)
            if a.forecast.projected_to_miss and a.forecast.projected is not None:
                extra += self.t("projected_miss", projected=f"{max(math.floor(a.forecast.projected), 0)}{self.unit(s.target)}")
            key = "item_problem_milestone" if s.target.kind == "milestone" else "item_problem"
            lines.append(self.t(key, extra=extra, **self.common(a)))
        names: dict[str, str] = {}
        for a in items:  # possibly counted twice: for an analyst to check, whatever the status
            for flag in self.data.flags.get(a.standing.target.id, ()):
                names = names or {b.standing.target.id: self.labels.name(b.standing.target.name) for b in self.data.assessments}
                joint = "、" if self.labels.lang == "zh" else ", "
                others = joint.join(names.get(target, target) for target in flag.targets if target != flag.target_id)  # named, never ids
                key = "twice_item" if flag.kind == "item" else "twice_evidence" if others else "twice_by"
                name, what, by = self.labels.text(a.standing.target.name), self.labels.text(flag.key), ", ".join(flag.recorded_by)
                lines.append(self.t(key, name=name, what=what, others=others, by=by))
        return lines

    def next_items(self, items: list[TargetAssessment]) -> list[str]:
        """One line per target not met, chosen by its status alone, each naming its grade."""
        lines = []
        for a in sorted(items, key=lambda a: a.concern):
            s = a.standing
            if s.status is Status.MET:
                continue
            common = self.common(a)
            milestone = s.target.kind == "milestone"
            if s.status is Status.SCHEDULED:
                key = "item_next_scheduled"
            elif s.status is Status.MISSED:
                if s.completed_late:
                    key = "item_next_late"
                elif s.entries == 0:
                    key = "item_next_unreported"
                else:
                    key = "item_next_missed_milestone" if milestone else "item_next_missed"
            elif milestone:
                key = "item_next_milestone_nodata" if s.status is Status.NO_DATA else "item_next_milestone"
            else:
                key = "item_next_nodata" if s.status is Status.NO_DATA else "item_next"
            lines.append(self.t(key, **common))
        return lines

    def evidence_lines(self) -> list[str]:
        """The evidence section: claims not verified or rejected, conflicting sources, progress notes, forecasts beside
        their outcome and scheduled events, target by target in plan order (none of them counts)."""
        lines = []
        for a in self.data.assessments:
            spec = a.standing.target
            found = self.data.evidence.get(spec.id)
            if found is None:
                continue
            name = self.name(spec, strength=False)
            for entry_id in found.uncounted:
                reviews = found.reviews.get(entry_id, ())
                own = [source for source in found.sources.get(entry_id, ()) if source.relation != "conflict"]
                if reviews and reviews[-1].state == "rejected":
                    lines.append(self.t("ev_rejected", name=name, entry=entry_id, reason=reviews[-1].reason))
                else:
                    from zsplan.analysis.evidence import best_grade

                    text_ = "；".join(source.text or "" for source in own if source.text) or "—"
                    lines.append(self.t("ev_unverified", name=name, entry=entry_id, grade=best_grade(source.grade for source in own), source=text_))
            for entry_id in found.conflicts:
                for source in found.sources.get(entry_id, ()):
                    if source.relation != "conflict":
                        continue
                    gives = [self.t("ev_gives_value", value=number(source.value)) for _ in (1,) if source.value is not None]
                    gives += [self.t("ev_gives_date", date=self.date(source.as_of)) for _ in (1,) if source.as_of is not None]
                    lines.append(self.t("ev_conflict", name=name, entry=entry_id, source=source.text or "—", gives=("，" if self.zh else ", ").join(gives)))
            for note in found.notes:
                lines.append(self.t("ev_note", name=name, date=self.date(note.as_of), text=(f"{note.item}：" if note.item and self.zh else "") + note.text))
            for scored in found.expectations:
                lines.append(self.expectation_line(spec, name, scored))
        return lines

    def expectation_line(self, spec: TargetSpec, name: str, scored: Any) -> str:
        e, score = scored.expectation, scored.score
        by_value = e.kind == "forecast" and e.item is None and spec.kind != "milestone"
        what = self.labels.name(e.item) if e.item else f"{number(e.value)}{self.unit(spec)}" if by_value else self.t("ev_done")
        source = (f"{e.source}" if self.zh else f" by {e.source}") if e.source else ""
        if e.kind == "scheduled":
            what = "" if e.item is None else what  # a milestone: the target's name says what
            if score.done_on is not None:
                return self.t("ev_scheduled_done", name=name, what=what, expected=self.date(e.expected), date=self.date(score.done_on))
            return self.t("ev_scheduled", name=name, what=what, expected=self.date(e.expected), stated=self.date(e.stated_on), source=source)
        if score.result == "pending":
            result = self.t("ev_pending")
        elif score.result == "hit":
            result = self.t("ev_hit")
        elif by_value:
            diff = score.difference or 0.0
            result = self.t("ev_missed_value", outcome=f"{number(score.outcome)}{self.unit(spec)}", diff=f"{'+' if diff >= 0 else '−'}{number(abs(diff))}")
        elif score.done_on is not None:
            result = self.t("ev_missed_done", done=self.t("ev_done_late", date=self.date(score.done_on), days=number(score.difference)))
        else:
            result = self.t("ev_missed_done", done=self.t("ev_not_done", date=self.date(self.data.as_of)))
        return self.t("ev_forecast", name=name, stated=self.date(e.stated_on), source=source, what=what, expected=self.date(e.expected), result=result)

    def unit_counts(self, card: UnitScorecard, lead: bool) -> str:
        counts = dict.fromkeys(GRADE_ORDER, 0)
        for a in card.items:
            spec = a.standing.target
            is_lead = spec.lead_unit is not None and spec.lead_unit.id == card.unit_id
            if is_lead == lead:
                counts[self.grade_of(a)] += 1
        sep = "，" if self.zh else ", "
        text = sep.join(self.t("count", word=self.labels.grade(grade), n=n) for grade, n in counts.items() if n)
        return text or self.t("unit_none")

    def unit_lines(self) -> list[str]:
        return [
            self.t("unit_line", name=self.labels.name(card.unit_name), lead=self.unit_counts(card, True), co=self.unit_counts(card, False))
            for card in self.data.scorecards
        ]

    # -- the attachments ---------------------------------------------------------------

    def targets_table(self, title: str) -> Table:
        w = self.words
        keys = ("h_no", "h_name", "h_target", "h_achieved", "h_gap", "h_percent", "h_grade", "h_deadline", "h_lead")
        headers = tuple(self.labels.text(w[key]) for key in keys)
        rows: list[Row] = []
        n = 0
        for index, (chapter, items) in enumerate(self.by_chapter(), start=2):
            rows.append(Row((self.section_heading(index, self.labels.name(chapter[2])),), group=True))
            for a in items:
                n += 1
                spec = a.standing.target
                milestone = spec.kind == "milestone"
                rows.append(
                    Row(
                        (
                            str(n),
                            self.name(spec),
                            self.target(spec),
                            self.achieved_figure(a),
                            "" if milestone else self.gap(a),
                            "" if milestone else self.percent_cell(a),
                            self.grade_text(a),
                            self.date(spec.deadline),
                            self.lead(spec),
                        ),
                        grade=self.grade_of(a),
                    )
                )
        return Table(self.labels.text(title), headers, tuple(rows), frozenset({0, 4, 5}), (0.5, 3.4, 1.5, 1.2, 0.8, 1.1, 1.5, 1.6, 1.6))

    def units_table(self, title: str) -> Table:
        w = self.words
        every = dict.fromkeys(GRADE_ORDER, 0)
        for a in self.data.assessments:
            every[self.grade_of(a)] += 1
        shown = [grade for grade in shown_grades(every) if grade != "met"] + ["met"]
        headers = (
            self.labels.text(w["h_no"]),
            self.labels.text(w["h_unit"]),
            self.labels.text(w["h_total"]),
            *(self.labels.text(w["h_lead_of"].format(word=GRADE_WORDS[self.labels.lang][grade])) for grade in shown),
            self.labels.text(w["h_co_total"]),
            self.labels.text(w["h_watch"]),
        )
        rows = []
        for rank, card in enumerate(self.data.scorecards, start=1):
            counts = dict.fromkeys(GRADE_ORDER, 0)
            co = 0
            for a in card.items:
                spec = a.standing.target
                if spec.lead_unit is not None and spec.lead_unit.id == card.unit_id:
                    counts[self.grade_of(a)] += 1
                else:
                    co += 1
            sep = "、" if self.zh else "; "
            watch = sep.join(self.name(a.standing.target, strength=False) for a in card.items[:3] if a.standing.status in (Status.MISSED, Status.BEHIND))
            rows.append(Row((str(rank), self.labels.name(card.unit_name), str(sum(counts.values())), *(str(counts[g]) for g in shown), str(co), watch)))
        numeric = frozenset({0, *range(2, 3 + len(shown) + 1)})
        return Table(self.labels.text(title), headers, tuple(rows), numeric, (0.5, 2.2, 0.8, *(0.8,) * len(shown), 0.8, 3.0))

    def section_heading(self, index: int, title: str) -> str:
        return f"{chinese_numeral(index)}、{title}" if self.zh else f"{index}. {title}"

    def sub_heading(self, index: int, key: str) -> str:
        return self.labels.text(f"（{chinese_numeral(index)}）{self.words[key]}" if self.zh else f"({index}) {self.words[key]}")


def build_report(data: ReportInput, labels: Labels = Labels(lang="zh")) -> Report:
    """The report's words: its numbered sections and its attachments (see the module docstring)."""
    w = _Writer(data, labels)
    sections = [Section(w.section_heading(1, labels.text(w.words["overview"])), paragraphs=w.overview())]
    index = 1
    for chapter, items in w.by_chapter():
        index += 1
        subsections = tuple(
            Subsection(w.sub_heading(number_, key), tuple(builder(items)))
            for number_, (key, builder) in enumerate((("progress", w.progress_items), ("problems", w.problem_items), ("next", w.next_items)), start=1)
        )
        sections.append(Section(w.section_heading(index, labels.name(chapter[2])), subsections=subsections, chapter=chapter[0]))
    sections.append(Section(w.section_heading(index + 1, labels.text(w.words["units_title"])), items=tuple(w.unit_lines())))
    evidence = w.evidence_lines()
    if evidence:  # counts nothing: after the units, so every count above stays the summary's
        sections.append(Section(w.section_heading(index + 2, labels.text(w.words["evidence_title"])), items=tuple(evidence)))
    attachments = (w.targets_table(w.words["targets_table"]), w.units_table(w.words["units_table"]))
    grades = {a.standing.target.id: w.grade_of(a) for a in data.assessments}
    counts = dict.fromkeys(GRADE_ORDER, 0)
    for grade in grades.values():
        counts[grade] += 1
    period = data.period.label_zh if w.zh else data.period.label_en
    title = w.t("title", plan=labels.name(data.plan_title), period=period)
    plan = labels.name(data.plan_title)
    title_lines = (plan, title[len(plan) :].lstrip(": ")) if w.zh and title.startswith(plan) else (title,)
    return Report(
        title=title,
        title_lines=title_lines,
        sections=tuple(sections),
        attachments=attachments,
        dated=None if data.dated is None else w.date(data.dated),
        none=labels.text(w.words["none"]),
        attachments_word=labels.text(w.words["attachments"]),
        attachment_word=w.words["attachment"],
        lang=labels.lang,
        grades=grades,
        grade_counts=counts,
    )


def _numbered(lines: tuple[str, ...], none: str) -> list[str]:
    return [f"{index}. {line}" for index, line in enumerate(lines, start=1)] or [none]


def markdown_report(data: ReportInput, labels: Labels = Labels(lang="zh")) -> str:
    """The report as Markdown: the numbered sections (the attachments' tables are in the HTML, XLSX and Word reports)."""
    report = build_report(data, labels)
    out = [f"# {report.title}", ""]
    for section in report.sections:
        out += [f"## {section.heading}", ""]
        if section.paragraphs:
            out += [*section.paragraphs, ""]
        for sub in section.subsections:
            out += [f"### {sub.heading}", "", *_numbered(sub.items, report.none), ""]
        if section.items:
            out += [*_numbered(section.items, report.none), ""]
    return "\n".join(out).rstrip() + "\n"


_CSS = """
body{font-family:"Noto Serif CJK SC","Noto Serif CJK TC","SimSun","Songti SC",serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#212121}
body{line-height:1.7}
h1{font-size:1.6em;text-align:center;font-weight:700}
h2{font-family:"Noto Sans CJK SC","Noto Sans CJK TC","SimHei","Microsoft YaHei",sans-serif;font-size:1.2em;margin-top:1.6em}
h3{font-family:"AR PL UKai CN","KaiTi","STKaiti","Noto Serif CJK SC",serif;font-size:1.05em}
table{border-collapse:collapse;width:100%;font-size:.86em;margin:.6em 0}
th,td{border:1px solid #90a4ae;padding:.25em .45em;text-align:left;vertical-align:top}
th{background:#eceff1}
td.n{text-align:right;white-space:nowrap}
td.group{font-weight:700;background:#f5f5f5}
.green{color:#2e7d32;font-weight:600}
.yellow{color:#9a6b00;font-weight:600}
.red{color:#c62828;font-weight:600}
.grey{color:#616161}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(480px,1fr));gap:.8em}
.chart{border:1px solid #eceff1;padding:.3em}
.chart svg{width:100%;height:auto}
.note{color:#616161;font-size:.85em}
.dated{text-align:right;margin-right:4em}
.attachments{margin-left:2em}
"""


def html_report(data: ReportInput, labels: Labels = Labels(lang="zh"), on_progress: Callable[[int, int], None] | None = None) -> str:
    """The report as one self-contained HTML page: the sections, charts as inline SVG, the attachments' tables (no network)."""
    from zsplan.render.charts import ChartWords, burnup_svg, status_bars_svg

    report = build_report(data, labels)
    w = _Writer(data, labels)
    e = html.escape
    chart_words = ChartWords.of_labels(labels)
    charted = sorted(data.assessments, key=lambda a: a.concern)[:MAX_TARGET_CHARTS]
    charted_ids = {a.standing.target.id for a in charted}
    total = len(charted) + 2
    step = 0

    def tick() -> None:
        nonlocal step
        step += 1
        if on_progress is not None:
            on_progress(step, total)

    def grade_counts(items: list[TargetAssessment]) -> dict[str, int]:
        counts = dict.fromkeys(GRADE_ORDER, 0)
        for a in items:
            counts[report.grades[a.standing.target.id]] += 1
        return counts

    lang = "en" if labels.lang == "en" else ("zh-Hant" if labels.script == "hant" else "zh-Hans")
    parts = [f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{e(report.title)}</title><style>{_CSS}</style></head><body>']
    parts.append(f"<h1>{e(report.title)}</h1>")
    by_chapter = {chapter[0]: items for chapter, items in w.by_chapter()}
    for section in report.sections:
        parts.append(f"<h2>{e(section.heading)}</h2>")
        parts += [f"<p>{e(line)}</p>" for line in section.paragraphs]
        if section.paragraphs:  # the overview: status bars per chapter and per unit
            chapter_rows = [(s.heading, grade_counts(by_chapter[s.chapter])) for s in report.sections if s.chapter is not None]
            parts.append(f'<div class="chart">{status_bars_svg(labels.text(w.words["chapter_bars"]), chapter_rows, chart_words)}</div>')
            tick()
            unit_rows = [
                (labels.name(card.unit_name), grade_counts([a for a in card.items if _leads(card, a)])) for card in data.scorecards if sum(card.lead.values())
            ]
            parts.append(f'<div class="chart">{status_bars_svg(labels.text(w.words["unit_bars"]), unit_rows, chart_words)}</div>')
            tick()
        for sub in section.subsections:
            parts.append(f"<h3>{e(sub.heading)}</h3>")
            parts.append("<ol>" + "".join(f"<li>{e(line)}</li>" for line in sub.items) + "</ol>" if sub.items else f"<p>{e(report.none)}</p>")
        if section.items:
            parts.append("<ol>" + "".join(f"<li>{e(line)}</li>" for line in section.items) + "</ol>")
        if section.chapter is not None:
            charts = [a for a in by_chapter[section.chapter] if a.standing.target.id in charted_ids]
            if charts:
                parts.append('<div class="charts">')
                for number_, a in enumerate(charts, start=1):
                    svg = burnup_svg(a, chart_words, name=w.name(a.standing.target, strength=False), grade=report.grades[a.standing.target.id])
                    parts.append(f'<div class="chart" id="chart-{section.chapter}-{number_}">{svg}</div>')
                    tick()
                parts.append("</div>")
    if len(data.assessments) > MAX_TARGET_CHARTS:
        parts.append(f'<p class="note">{e(w.t("more_charts", shown=MAX_TARGET_CHARTS, n=len(data.assessments)))}</p>')
    if report.attachments:
        sep = "" if report.lang == "zh" else " "
        listed = [f"{n}. {table.title}" for n, table in enumerate(report.attachments, start=1)]
        parts.append(f'<p class="attachments">{e(report.attachments_word)}{sep}{"<br>".join(e(line) for line in listed)}</p>')
    if report.dated:
        parts.append(f'<p class="dated">{e(report.dated)}</p>')
    for n, table in enumerate(report.attachments, start=1):
        parts.append(f"<h2>{e(labels.text(report.attachment_word.format(n=n)))}　{e(table.title)}</h2>")
        parts.append("<table><tr>" + "".join(f"<th>{e(h)}</th>" for h in table.headers) + "</tr>")
        for row in table.rows:
            if row.group:
                parts.append(f'<tr><td class="group" colspan="{len(table.headers)}">{e(row.cells[0])}</td></tr>')
                continue
            cells = []
            for i, cell in enumerate(row.cells):
                text = e(cell)
                if row.grade is not None and i == 6:
                    text = f'<span class="{GRADE_LIGHT[row.grade]}">{text}</span>'
                cells.append(f'<td class="n">{text}</td>' if i in table.numeric else f"<td>{text}</td>")
            parts.append("<tr>" + "".join(cells) + "</tr>")
        parts.append("</table>")
    parts.append("</body></html>\n")
    return "".join(parts)


def _leads(card: UnitScorecard, a: TargetAssessment) -> bool:
    lead = a.standing.target.lead_unit
    return lead is not None and lead.id == card.unit_id


def grade_colour(grade: str) -> str:
    """The colour of a grade's traffic light (#rrggbb)."""
    return LIGHT_COLOURS[GRADE_LIGHT[grade]]


def xlsx_report(data: ReportInput, labels: Labels = Labels(lang="zh")) -> bytes:
    """The report as a workbook (:func:`zsplan.render.workbook.report_workbook`)."""
    from zsplan.render.workbook import report_workbook

    return report_workbook(data, labels)
