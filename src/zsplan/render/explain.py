"""``zsplan explain``: every input and intermediate value behind one target's status, with the arithmetic."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from zsplan.analysis.assessment import TargetAssessment
from zsplan.analysis.pace import ACCELERATION_R, DAYS_PER_MONTH, ON_TRACK_R, Pace
from zsplan.analysis.standing import Standing, Status, is_met
from zsplan.render.labels import Labels
from zsplan.render.safe import terminal_text
from zsplan.render.status import number, target_text


def _n(value: float | None, digits: int = 4) -> str:
    if value is None:
        return "—"
    return f"{round(value, digits):g}"


def _deadline_basis(spec: Any) -> str:
    """Where a target's deadline comes from, in words."""
    if spec.within_years is not None:
        return f"approximate: the plan gives about {spec.within_years} years (左右) from its issue date"
    return "inferred: the plan gives no date" if spec.deadline_inferred else "stated by the plan"


def pending_lines(spec: Any, labels: Labels = Labels()) -> list[tuple[str, str]]:
    """``explain``'s lines for a target whose value the plan leaves to be set (目標值待定): it is not judged.

    In Chinese (``labels.lang == "zh"``): 目標, 牽頭單位, 狀態, 出處, with dates as 2025年12月31日.
    """
    if labels.lang == "zh":
        return [
            ("目標", f"目標值待定：規劃尚未明確目標值，列出但暫不考核（單位{spec.unit}，期限{labels.date(spec.deadline)}）"),
            ("牽頭單位", labels.name(spec.lead_unit.name) if spec.lead_unit else "未明確"),
            ("狀態", "目標值待定：規劃修訂明確目標值前不作考核"),
            ("出處", spec.source_text),
        ]
    lead = spec.lead_unit.name if spec.lead_unit else "no lead unit named"
    return [
        ("target", f"目標值待定: the plan states no value yet; listed, never judged (unit {spec.unit}, by {spec.deadline})"),
        ("lead unit", lead),
        ("status", "pending: nothing is judged until the plan is amended with a value"),
        ("source", spec.source_text),
    ]


def status_reason(s: Standing) -> str:
    """Why a standing has its status, in words with its figures (the text after ``status <word>:`` in ``explain``)."""
    spec = s.target
    if s.status is Status.NO_DATA:
        return "nothing reported by the as-of date"
    if s.status is Status.MET:
        if s.deadline_reached:
            return (
                f"achieved {number(s.achieved_at_deadline)} by the deadline {spec.deadline} reaches the target {number(s.target_value)}; the verdict is final"
            )
        return f"achieved {number(s.achieved)} reaches the target {number(s.target_value)}"
    if s.status is Status.SCHEDULED:
        return (
            f"the deadline {spec.deadline} was reached with {number(s.achieved_at_deadline)} of {number(s.target_value)}; what is missing was scheduled"
            " by the deadline and is not confirmed (已安排未確認): neither met nor missed until a report confirms it"
        )
    if s.status is Status.MISSED:
        reasons = []
        if s.unreported:
            reasons.append(f"nothing reported by the deadline {spec.deadline}")
        elif s.deadline_reached and not is_met(spec, s.achieved_at_deadline or 0.0):
            reasons.append(f"the deadline {spec.deadline} was reached with {number(s.achieved_at_deadline)} of {number(s.target_value)}")
        years = s.missed_years
        if years and not s.unreported:
            which = ", ".join(str(year) for year in years)
            plural = len(years) > 1
            reasons.append(
                f"the {which} quota{'s' if plural else ''} of {number(spec.per_year)} {'were' if plural else 'was'} not reached by 31 December"
                " (每年新增: every year counts, whatever the total)"
            )
        final = "the verdict is final at the end of the deadline day" if s.deadline_reached else "a year's quota is final at the end of its 31 December"
        return "; ".join(reasons) + f"; {final}"
    if s.status is Status.ON_TRACK:
        return "a milestone is not behind before its deadline" if spec.kind == "milestone" else f"achieved {number(s.achieved)} ≥ expected {_n(s.expected, 2)}"
    return f"achieved {number(s.achieved)} < expected {_n(s.expected, 2)}"


def flag_text(flag: Any) -> str:
    """What a :class:`zsplan.analysis.evidence.Flag` says, in words (``explain``'s "counted twice?" lines)."""
    others = [target for target in flag.targets if target != flag.target_id]
    entries = ", ".join(f"#{entry}" for entry in flag.entries)
    if flag.kind == "item":
        return f"the achievement {flag.key!r} is also recorded under {', '.join(others)} (entries {entries}); an analyst decides"
    where = f"under {', '.join(others)}" if others else "for this target"
    return f"the document {flag.key!r} is also cited {where} (entries {entries}, recorded by {', '.join(flag.recorded_by)}); an analyst decides"


def counts_text(spec: Any) -> str:
    """What a target counts, in words (docs/method.md, "Baseline facts")."""
    if spec.counts == "new":
        return f"new (新增): only what is new since the baseline date {spec.baseline_date}"
    return "total (存量): what stood at the baseline counts, facts dated before the baseline date included"


def revision_lines(revisions: Sequence[Any], as_of: Any, known_at: Any) -> list[tuple[str, str]]:
    """``explain``'s lines for a target's amendments: what changed, why, from when, and whether this reading uses it."""
    lines = []
    for revision in revisions:
        changes = ", ".join(f"{column} {_shown(old)} → {_shown(new)}" for column, old, new in revision.changes)
        used = "in effect for this reading" if revision.in_effect(as_of, known_at) else "not in effect for this reading: the old definition is judged"
        lines.append(
            (
                "amended",
                f"{changes} from {revision.effective_from} (recorded {revision.recorded_at:%Y-%m-%d %H:%M:%S} UTC; reason: {revision.reason}); {used}",
            )
        )
    return lines


def revision_lines_zh(revisions: Sequence[Any], as_of: Any, known_at: Any, labels: Labels) -> list[tuple[str, str]]:
    """:func:`revision_lines` in Chinese: ``修訂 value 33 → 35，自2021年7月1日起（…；理由：…）；本次考核採用修訂後的目標``."""
    lines = []
    for revision in revisions:
        changes = "，".join(f"{column} {_shown(old)} → {_shown(new)}" for column, old, new in revision.changes)
        used = "本次考核採用修訂後的目標" if revision.in_effect(as_of, known_at) else "本次考核未採用，按修訂前的目標考核"
        recorded = f"{revision.recorded_at:%Y-%m-%d %H:%M:%S} UTC錄入"
        lines.append(("修訂", f"{changes}，自{labels.date(revision.effective_from)}起（{recorded}；理由：{revision.reason}）；{used}"))
    return lines


def link_lines(links: Sequence[Any], labels: Labels | None = None) -> list[tuple[str, str]]:
    """``explain``'s lines for a target's links to and from other plans (:class:`zsplan.analysis.links.PlanLink`).

    English: ``feeds``, ``fed by``, ``under``, ``carried out by``; Chinese (``labels.lang == "zh"``):
    支撐指標, 支撐本指標, 落實措施, 落實本措施的任務. The other plan is named by its title (its id when it is not loaded).
    """
    zh = labels is not None and labels.lang == "zh"
    words = {
        ("feeds", "out"): ("支撐指標", "feeds"),
        ("feeds", "in"): ("支撐本指標", "fed by"),
        ("under", "out"): ("落實措施", "under"),
        ("under", "in"): ("落實本措施的任務", "carried out by"),
    }
    lines = []
    for link in links:
        label = words[link.relation, link.direction][0 if zh else 1]
        if not link.loaded and link.plan_loaded:
            missing = ("該規劃無此指標" if link.kind == "target" else "該規劃無此措施") if zh else f"that plan has no such {link.kind}"
            text = f"《{link.plan_title or link.plan_id}》{link.record_id}（{missing}）" if zh else f"{link.plan_id}: {link.record_id} ({missing})"
        elif not link.loaded:
            text = f"《{link.plan_id}》{link.record_id}（該規劃未載入）" if zh else f"{link.plan_id}: {link.record_id} (that plan is not loaded)"
        elif zh:
            text = f"《{link.plan_title or link.plan_id}》{link.name}"
        else:
            text = f"{link.plan_id}: {link.record_id} — {link.name}"
        lines.append((label, text))
    return lines


def _shown(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "—" if value is None else str(value)


def explanation_lines(
    assessment: TargetAssessment, stale_days: int, flags: Sequence[Any] = (), revisions: Sequence[Any] = (), known_at: Any = None
) -> list[tuple[str, str]]:
    """``(label, text)`` lines: inputs first, then each derived value with its formula (and what may be counted twice,
    and the target's amendments)."""
    s = assessment.standing
    spec = s.target
    baseline = spec.baseline_value
    total_days = (spec.deadline - spec.baseline_date).days
    elapsed_days = min(max((s.as_of - spec.baseline_date).days, 0), total_days)
    lines: list[tuple[str, str]] = [
        ("target", f"{target_text(spec)} by {spec.deadline} ({_deadline_basis(spec)})"),
        (
            "kind",
            f"{spec.kind}, {spec.comparator}, {spec.progress}, recorded by {'named items' if spec.mode == 'items' else 'value'}; strength {spec.strength}",
        ),
        *([("lead unit", "no lead unit named: the plan names no responsible unit for this measure")] if spec.lead_unit is None else []),
        ("baseline", f"{number(baseline)} on {spec.baseline_date}"),
        ("counts", counts_text(spec)),
    ]
    if spec.counts_ambiguous:
        lines.append(("ambiguous", f"the plan's sentence reads either way: {spec.counts_note or ''}"))
    if s.baseline_entries:
        counted = "counted" if spec.counts != "new" else "not counted: only what is new since the baseline counts"
        lines.append(
            (
                "baseline facts",
                (
                    f"{s.baseline_entries} entr{'y' if s.baseline_entries == 1 else 'ies'} dated before {spec.baseline_date} ({counted}); "
                    f"what stood at the baseline: {number(s.achieved_at_baseline)}"
                ),
            )
        )
    lines += [
        ("as of", f"{s.as_of}"),
        ("reports", f"{s.entries} effective entr{'y' if s.entries == 1 else 'ies'}" + (f", last dated {s.last_as_of}" if s.last_as_of else "")),
    ]
    start = spec.start_value
    if spec.counts == "new" and (spec.mode == "items" or spec.progress == "flow" or spec.kind == "milestone"):
        achieved_how = "what is new since the baseline date" + (f" ({s.baseline_entries} baseline fact(s) left out)" if s.baseline_entries else "")
    elif spec.counts == "new":
        achieved_how = f"latest reported level − the level at the baseline ({number(s.achieved_at_baseline)})"
    elif spec.mode == "items":
        distinct = len(s.items_done) if spec.kind == "checklist" else s.achieved - baseline
        capped = " (at most every item)" if spec.kind == "checklist" and baseline else ""
        achieved_how = f"baseline {number(baseline)} + {number(distinct)} distinct item(s){capped}"
    elif spec.kind == "milestone":
        achieved_how = "latest report (1 done, 0 not yet)"
    elif spec.kind == "annual":
        in_year = spec.year or spec.deadline.year
        achieved_how = f"sum of the increments dated in {in_year}" if spec.progress == "flow" else f"latest level reported in {in_year}"
        achieved_how += "; entries of other years do not count"
    elif spec.progress == "flow":
        achieved_how = f"baseline {number(baseline)} + sum of increments"
    else:
        achieved_how = "latest reported level"
    lines.append(("achieved", f"{number(s.achieved)}   ({achieved_how})"))
    if spec.comparator == "approximately":
        tolerance = spec.tolerance or 0.0
        lines.append(
            (
                "approximately",
                (
                    f"{number(s.target_value)}{spec.unit}左右 is reached at {number(s.target_value - tolerance)} or more "
                    f"(tolerance {_n(tolerance, 6)}: the plan file's, or half a unit of the target's last digit: GB/T 8170-2008's rounded-value comparison); "
                    f"{number(s.achieved)} {'reaches' if is_met(spec, s.achieved) else 'does not reach'} it"
                ),
            )
        )
    if spec.precision:
        article = "an" if spec.unit_kind == "amount" else "a"
        lines.append(("precision", f"{spec.unit} is {article} {spec.unit_kind} taking {spec.precision} decimal(s); figures compared as exact decimals"))
    lines.append(("time elapsed", f"{elapsed_days} / {total_days} days = {_n(s.time_elapsed)}"))
    if spec.kind == "per_year":
        due = [str(year) for year in spec.years if s.as_of.year > year or ((s.as_of.month, s.as_of.day) == (12, 31) and s.as_of.year == year)]
        schedule = f"stepped: {number(spec.per_year)} per year falling due each 31 December; due so far: {', '.join(due) or 'none'}"
    elif spec.kind == "milestone":
        schedule = "a milestone is due in full on its deadline"
    elif spec.kind == "annual":
        in_year = spec.year or spec.deadline.year
        origin = "0" if spec.progress == "flow" else number(baseline)
        schedule = f"linear within {in_year}: from {origin} on 1 January to {number(s.target_value)} on 31 December; nothing is due before {in_year}"
    else:
        schedule = f"linear: {number(start)} + {_n(s.time_elapsed)} × ({number(s.target_value)} − {number(start)})"
    lines.append(("expected by now", f"{_n(s.expected, 2)}   ({schedule})"))
    lines.append(("status", f"{s.status.value}: {status_reason(s)}" + ("; met at baseline (基期已達標)" if s.met_at_baseline else "")))
    if s.deadline_reached and s.as_of > spec.deadline:
        lines.append(("at the deadline", f"{number(s.achieved_at_deadline)} achieved by {spec.deadline} (entries dated after it do not change the verdict)"))
    if s.completed_late:
        when = (
            f"on {s.completed_on}, {s.days_late} days after the deadline {spec.deadline}"
            if s.completed_on
            else f"after the deadline {spec.deadline} (the report date is not known)"
        )
        lines.append(("completed late", f"{when}; the verdict stays missed"))
    if assessment.ratio is None:
        ratio_text = "not computed: nothing is expected yet (expected by now = baseline)"
    else:
        ratio_text = f"({number(s.achieved)} − {number(start)}) / ({_n(s.expected, 2)} − {number(start)}) = {_n(assessment.ratio, 3)}"
    lines.append(("pace ratio R", ratio_text))
    thresholds = f"bands: R ≥ {ON_TRACK_R} on_track, {ACCELERATION_R}–{ON_TRACK_R} acceleration_needed, 0–{ACCELERATION_R} limited_progress, < 0 deterioration"
    override = {Pace.MET: " (met overrides)", Pace.MISSED: " (missed overrides)", Pace.NO_DATA: " (no reports)", Pace.NOT_DUE: ""}.get(assessment.pace, "")
    lines.append(("pace", f"{assessment.pace.value}{override}; {thresholds}"))
    lines.append(
        ("gap", f"max({number(s.target_value)} − {number(s.achieved)}, 0) = {number(s.gap)}" + (f"; surplus {number(s.surplus)}" if s.surplus else ""))
    )
    lines.append(("percent", f"{number(s.achieved)} / {number(s.target_value)} × 100 = {s.percent:.1f}%"))
    if assessment.needed_per_month is None:
        if s.status is Status.MET:
            needed = "—  (met)"
        elif s.deadline_reached:
            needed = f"—  (the deadline {spec.deadline} has been reached)"
        else:
            needed = "—  (missed: the target can no longer be met)"
    else:
        needed = f"{number(s.gap)} / ({s.days_left} days / {DAYS_PER_MONTH:.2f}) = {assessment.needed_per_month:.2f} per month"
    lines.append(("needed per month", needed))
    age = "no report yet" if s.last_as_of is None else f"last report {(s.as_of - s.last_as_of).days} days before the as-of date"
    lines.append(("stale", f"{'yes' if assessment.stale else 'no'} ({age}; limit {stale_days} days)"))
    f = assessment.forecast
    if f.projected is None:
        lines.append(("forecast", f.reason or "—"))
    else:
        verdict = "projected to MISS the target" if f.projected_to_miss else "projected to meet the target"
        lines.append(
            (
                "forecast",
                f"least-squares trend over {f.points} report dates: {f.slope_per_month:+.2f} per month → {f.projected:.1f} at {spec.deadline}: {verdict}",
            )
        )
    if spec.kind == "per_year":
        lines.append(
            ("per year", "每年新增 asks for every year: a year whose quota is not reached by its 31 December makes the target missed, whatever the total")
        )
    for year in s.years:
        lines.append((f"year {year.year}", f"{number(year.achieved)} of {number(year.target)}: {year.status.value}"))
    if spec.kind == "checklist":
        done = set(s.items_done)
        lines.append(("items", ", ".join(f"{'✓' if item_id in done else '·'} {name}" for item_id, name in spec.items)))
    for flag in flags:
        lines.append(("counted twice?", flag_text(flag)))
    lines += revision_lines(revisions, s.as_of, known_at)
    lines.append(("source", spec.source_text))
    return lines


def source_text(source: Any) -> str:
    """One source as a line: ``A 國科發區〔2020〕355號 《title》 URL (dated D)``, with what it gives when it conflicts."""
    parts = [source.grade] + [part for part in (source.number, f"《{source.title}》" if source.title else None, source.location) if part]
    if len(parts) == 1 and source.text:
        parts.append(source.text)
    text = " ".join(parts)
    if source.published:
        text += f" (dated {source.published})"
    if source.relation == "conflict":
        gives = [f"value {number(source.value)}" for _ in (1,) if source.value is not None] + [f"date {source.as_of}" for _ in (1,) if source.as_of is not None]
        text += f" — gives {' and '.join(gives) or 'another account'}"
    if source.note:
        text += f"; {source.note}"
    return f"{text}; recorded by {source.recorded_by}"


def score_text(scored: Any, unit: str) -> str:
    """A forecast or scheduled event beside its outcome: ``4 家 by 2022-06-30 (stated 2021-03-01 by …): missed, the outcome was 3 (−1)``.

    ``unit`` is the target's unit for a value target, "" for a milestone.
    """
    e, score = scored.expectation, scored.score
    by_value = e.kind == "forecast" and e.item is None and unit != ""
    what = e.item if e.item is not None else f"{number(e.value)} {unit}" if by_value else "done"
    stated = f"stated {e.stated_on}" + (f" by {e.source}" if e.source else "")
    if e.kind == "scheduled":
        head = f"{what} scheduled for {e.expected} ({stated}); not counted"
        if score.done_on is not None:
            return f"{head}; confirmed: done on {score.done_on}"
        return f"{head}; not confirmed" + (" (已安排未確認)" if score.result != "pending" else "")
    head = f"{what} by {e.expected} ({stated})"
    if score.result == "pending":
        return f"{head}: pending (the date has not come)"
    diff = score.difference or 0.0
    if by_value:
        return f"{head}: {score.result}, the outcome was {number(score.outcome)} ({'+' if diff >= 0 else '−'}{number(abs(diff))})"
    if score.done_on is not None:
        return f"{head}: {score.result}, done on {score.done_on} ({number(abs(diff))} days {'late' if diff > 0 else 'early' if diff < 0 else 'on the day'})"
    return f"{head}: {score.result}, not done ({number(diff)} days overdue)"


def evidence_explanation(evidence: Any, counting: str, unit: str) -> list[tuple[str, str]]:
    """``explain``'s lines about the evidence: what counts, each entry's state and sources, notes, forecasts and scheduled events."""
    words = {
        "default": "verified entries and reported ones graded A or B",
        "verified": "verified entries only (--verified-only)",
        "all": "every entry not rejected (--include-unverified)",
    }
    lines = [("counting", f"{words[counting]}; rejected entries never count")]
    if evidence is None:
        return lines
    if evidence.uncounted:
        lines.append(("not counted", ", ".join(f"#{entry_id} ({evidence.states.get(entry_id, 'reported')})" for entry_id in evidence.uncounted)))
    for entry_id, reviews in sorted(evidence.reviews.items()):
        for review in reviews:
            lines.append((f"entry #{entry_id}", f"{review.state} by {review.recorded_by} on {review.recorded_at:%Y-%m-%d}: {review.reason}"))
    for entry_id, sources in sorted(evidence.sources.items()):
        for source in sources:
            label = {"source": "source", "corroboration": "corroborated", "conflict": "CONFLICT"}.get(source.relation, source.relation)
            lines.append((f"#{entry_id} {label}", source_text(source)))
    if evidence.conflicts:
        lines.append(
            ("conflicts", f"entries {', '.join(f'#{entry_id}' for entry_id in evidence.conflicts)} have sources that disagree; an analyst settles them")
        )
    for note in evidence.notes:
        lines.append(("note", f"{note.as_of}" + (f" [{note.item}]" if note.item else "") + f": {note.text} ({note.recorded_by}; counts nothing)"))
    for scored in evidence.expectations:
        lines.append(("scheduled" if scored.expectation.kind == "scheduled" else "forecast", score_text(scored, unit)))
    return lines


_REVIEW_ZH = {"verified": "核實", "rejected": "不予採信", "reported": "報送"}
_RELATION_ZH = {"source": "來源", "corroboration": "佐證", "conflict": "來源不一致"}
_RESULT_ZH = {"hit": "應驗", "missed": "未應驗", "pending": "未到期"}


def evidence_explanation_zh(evidence: Any, counting: str, unit: str, labels: Labels) -> list[tuple[str, str]]:
    """``explain --lang zh``'s lines about the evidence, the same facts as :func:`evidence_explanation` in Chinese.

    ``unit`` is the target's unit for a value target, "" for a milestone; dates as :meth:`Labels.date` writes them.
    """
    words = {
        "default": "已核實的記錄，及A、B級來源的報送記錄",
        "verified": "僅已核實的記錄（--verified-only）",
        "all": "除不予採信外的全部記錄（--include-unverified）",
    }
    lines = [("計數口徑", f"{words[counting]}；不予採信的記錄一律不計")]
    if evidence is None:
        return lines
    if evidence.uncounted:
        state = {"reported": "待核實", "rejected": "不予採信", "verified": "已核實"}
        lines.append(
            ("未計入", "、".join(f"第{entry_id}號（{state.get(evidence.states.get(entry_id, 'reported'), '待核實')}）" for entry_id in evidence.uncounted))
        )
    for entry_id, reviews in sorted(evidence.reviews.items()):
        for review in reviews:
            lines.append(
                (
                    f"第{entry_id}號記錄",
                    f"{review.recorded_by}於{labels.date(review.recorded_at.date())}{_REVIEW_ZH.get(review.state, review.state)}：{review.reason}",
                )
            )
    for entry_id, sources in sorted(evidence.sources.items()):
        for source in sources:
            parts = [f"{source.grade}級"] + [part for part in (source.number, f"《{source.title}》" if source.title else None, source.location) if part]
            if len(parts) == 1 and source.text:
                parts.append(source.text)
            text = " ".join(parts)
            if source.published:
                text += f"（{labels.date(source.published)}）"
            if source.relation == "conflict":
                gives = ([f"數值{number(source.value)}"] if source.value is not None else []) + (
                    [f"日期{labels.date(source.as_of)}"] if source.as_of is not None else []
                )
                text += f"，所載{'、'.join(gives) or '情況'}與記錄不同"
            if source.note:
                text += f"；{source.note}"
            lines.append((f"第{entry_id}號{_RELATION_ZH.get(source.relation, source.relation)}", f"{text}；錄入人：{source.recorded_by}"))
    if evidence.conflicts:
        lines.append(("來源不一致", "、".join(f"第{entry_id}號" for entry_id in evidence.conflicts) + "記錄的來源所載不一，請分析人員核定"))
    for note in evidence.notes:
        lines.append(
            ("進展備註", f"{labels.date(note.as_of)}" + (f"〔{note.item}〕" if note.item else "") + f"：{note.text}（{note.recorded_by}；不計入完成數）")
        )
    for scored in evidence.expectations:
        e, score = scored.expectation, scored.score
        what = e.item if e.item is not None else f"{number(e.value)}{unit}" if e.kind == "forecast" and unit else "完成"
        stated = f"{labels.date(e.stated_on)}" + (f"由{e.source}" if e.source else "") + "發布"
        if e.kind == "scheduled":
            text = f"{what}安排於{labels.date(e.expected)}（{stated}），不計入完成數；"
            text += f"已確認於{labels.date(score.done_on)}完成" if score.done_on is not None else "尚未確認"
            lines.append(("已安排事項", text))
            continue
        text = f"預計{labels.date(e.expected)}前{what}（{stated}）：{_RESULT_ZH.get(score.result, score.result)}"
        if score.result != "pending" and e.item is None and unit and score.outcome is not None:
            text += f"，實際{number(score.outcome)}{unit}"
        elif score.done_on is not None:
            text += f"，實際於{labels.date(score.done_on)}完成"
        lines.append(("預測", text))
    return lines


def render_explanation(
    console: Console,
    assessment: TargetAssessment,
    stale_days: int,
    labels: Labels = Labels(),
    *,
    flags: Sequence[Any] = (),
    names: dict[str, str] | None = None,
    evidence: Any = None,
    counting: str = "default",
    revisions: Sequence[Any] = (),
    known_at: Any = None,
    links: Sequence[Any] = (),
) -> None:
    """Print the explanation of one target's status (stored text escaped, see :mod:`zsplan.render.safe`).

    In Chinese (``labels.lang == "zh"``) the labels and words are Chinese (:func:`explanation_lines_zh`), the target is
    named without its id, and other targets a flag mentions are called by ``names`` (id → name). ``evidence`` (the
    target's :class:`zsplan.analysis.evidence` summary) adds the lines of :func:`evidence_explanation`; ``revisions``
    (the target's amendments) and ``known_at`` the lines on which definition this reading uses; ``links`` the
    target's links to and from other plans (:func:`link_lines`).
    """
    spec = assessment.standing.target
    if labels.lang == "zh":
        heading = labels.name(spec.name)
        lines = explanation_lines_zh(assessment, stale_days, flags, labels, names=names)
        lines += revision_lines_zh(revisions, assessment.standing.as_of, known_at, labels)
    else:
        heading = f"{spec.id} — {labels.text(spec.name)}"
        lines = explanation_lines(assessment, stale_days, flags, revisions, known_at)
    lines += link_lines(links, labels)
    console.print(Text(terminal_text(labels.text(heading)), style="bold"))
    table = Table(box=box.SIMPLE, show_header=False, show_edge=False, pad_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    unit = spec.unit if spec.kind != "milestone" else ""
    extra = evidence_explanation_zh(evidence, counting, unit, labels) if labels.lang == "zh" else evidence_explanation(evidence, counting, unit)
    for label, text in lines + extra:
        table.add_row(labels.text(label), terminal_text(labels.text(text)))
    console.print(table)


def render_pending(console: Console, spec: Any, labels: Labels = Labels()) -> None:
    """Print ``explain`` for a target whose value is still to be set (目標值待定): what is known, and that it is not judged."""
    heading = labels.name(spec.name) if labels.lang == "zh" else f"{spec.id} — {labels.text(spec.name)}"
    console.print(Text(terminal_text(labels.text(heading)), style="bold"))
    table = Table(box=box.SIMPLE, show_header=False, show_edge=False, pad_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for label, text in pending_lines(spec, labels):
        table.add_row(labels.text(label), terminal_text(labels.text(text)))
    console.print(table)


#: Chinese words of a target's definition, for ``explain --lang zh``.
_KIND_ZH = {"number": "數量指標", "range": "區間指標", "per_year": "每年新增指標", "checklist": "清單指標", "milestone": "節點任務"}
_COMPARATOR_ZH = {"at_least": "不少於目標", "at_most": "不超過目標"}
_PROGRESS_ZH = {"stock": "存量（報送達到的水平）", "flow": "增量（報送本期新增）"}
_STRENGTH_ZH = {"expected": "預期性", "aspirational": "力爭"}


def _date_zh(day: Any) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def status_reason_zh(s: Standing) -> str:
    """:func:`status_reason` in Chinese: why a standing has its status, with its figures."""
    spec = s.target
    deadline = _date_zh(spec.deadline)
    if s.status is Status.NO_DATA:
        return "截至數據日期未報送進展"
    if s.status is Status.MET:
        if s.deadline_reached:
            return f"期限{deadline}前完成{number(s.achieved_at_deadline)}，達到目標{number(s.target_value)}；結論已確定"
        return f"完成{number(s.achieved)}，達到目標{number(s.target_value)}"
    if s.status is Status.MISSED:
        reasons = []
        if s.unreported:
            reasons.append(f"截至期限{deadline}未報送進展")
        elif s.deadline_reached and not is_met(spec, s.achieved_at_deadline or 0.0):
            reasons.append(f"到期限{deadline}時完成{number(s.achieved_at_deadline)}，目標{number(s.target_value)}")
        if s.missed_years and not s.unreported:
            which = "、".join(str(year) for year in s.missed_years)
            reasons.append(f"{which}年度任務{number(spec.per_year)}未於當年12月31日前完成（每年新增：每年分別考核，不看總數）")
        final = "結論於期限當日結束時確定" if s.deadline_reached else "年度任務於當年12月31日結束時確定"
        return "；".join(reasons) + f"；{final}"
    if s.status is Status.ON_TRACK:
        return "節點任務在期限前不判為滯後" if spec.kind == "milestone" else f"完成{number(s.achieved)} ≥ 序時應完成{_n(s.expected, 2)}"
    return f"完成{number(s.achieved)} < 序時應完成{_n(s.expected, 2)}"


def flag_text_zh(flag: Any, names: dict[str, str]) -> str:
    """:func:`flag_text` in Chinese, the other targets called by ``names`` (id → name)."""
    others = "、".join(names.get(target, target) for target in flag.targets if target != flag.target_id)
    entries = "、".join(f"第{entry}號" for entry in flag.entries)
    if flag.kind == "item":
        return f"「{flag.key}」亦計入{others}（記錄{entries}），可能重複計算，請核實"
    where = f"亦用於{others}" if others else "在本指標下重複引用"
    return f"證明材料「{flag.key}」{where}（記錄{entries}，報送人{'、'.join(flag.recorded_by)}），可能重複計算，請核實"


def _forecast_zh(assessment: TargetAssessment) -> str:
    s, f = assessment.standing, assessment.forecast
    if f.projected is not None:
        verdict = "預計無法完成目標" if f.projected_to_miss else "預計可完成目標"
        return f"按{f.points}個報送日期的最小二乘趨勢：每月{f.slope_per_month:+.2f} → 期限{_date_zh(s.target.deadline)}時約{f.projected:.1f}：{verdict}"
    if s.status is Status.MET:
        return "已完成，無需預測"
    if s.deadline_reached:
        return f"已到期限{_date_zh(s.target.deadline)}，結論已確定，不作預測"
    if s.status is Status.MISSED:
        return f"{'、'.join(str(year) for year in s.missed_years)}年度任務未完成，結論已確定，不作預測"
    return f"僅有{f.points}個報送日期，至少需要兩個才能預測"


def explanation_lines_zh(
    assessment: TargetAssessment, stale_days: int, flags: Sequence[Any] = (), labels: Labels = Labels(lang="zh"), *, names: dict[str, str] | None = None
) -> list[tuple[str, str]]:
    """:func:`explanation_lines` in Chinese: the same inputs and derived values, labelled and worded as 目標, 基數, 序時進度 …

    Formulas keep their symbols (R, ×, max); statuses and pace bands are called by their Chinese words
    (:data:`zsplan.render.labels.STATUS_WORDS`, :data:`~zsplan.render.labels.PACE_WORDS`); other targets by their names.
    """
    s = assessment.standing
    spec = s.target
    baseline = spec.baseline_value
    total_days = (spec.deadline - spec.baseline_date).days
    elapsed_days = min(max((s.as_of - spec.baseline_date).days, 0), total_days)
    deadline = _date_zh(spec.deadline)
    how = "名稱台賬逐項" if spec.mode == "items" else "數值"
    lines: list[tuple[str, str]] = [
        ("目標", f"{target_text(spec, labels)}，期限{deadline}（{'規劃未寫明期限，按規劃期末推定' if spec.deadline_inferred else '規劃寫明'}）"),
        (
            "類型",
            "，".join(
                (_KIND_ZH.get(spec.kind, spec.kind), _COMPARATOR_ZH.get(spec.comparator, spec.comparator), _PROGRESS_ZH.get(spec.progress, spec.progress))
            )
            + f"，按{how}記錄；{_STRENGTH_ZH.get(spec.strength, spec.strength)}",
        ),
        ("基數", f"{number(baseline)}（{_date_zh(spec.baseline_date)}）"),
        ("數據截至", _date_zh(s.as_of)),
        ("報送", f"有效記錄{s.entries}條" + (f"，最近一次為{_date_zh(s.last_as_of)}" if s.last_as_of else "")),
    ]
    if spec.mode == "items":
        done = len(s.items_done) if spec.kind == "checklist" else number(s.achieved - baseline)
        achieved_how = f"基數{number(baseline)} + {done}個不同事項"
    elif spec.kind == "milestone":
        achieved_how = "最近一次報送（1為已完成，0為尚未完成）"
    elif spec.progress == "flow":
        achieved_how = f"基數{number(baseline)} + 各期新增之和"
    else:
        achieved_how = "最近一次報送的水平"
    lines.append(("完成", f"{number(s.achieved)}（{achieved_how}）"))
    lines.append(("時間進度", f"{elapsed_days} / {total_days}天 = {_n(s.time_elapsed)}"))
    if spec.kind == "per_year":
        due = [str(year) for year in spec.years if s.as_of.year > year or ((s.as_of.month, s.as_of.day) == (12, 31) and s.as_of.year == year)]
        schedule = f"分年：每年{number(spec.per_year)}，於每年12月31日到期；已到期年度：{'、'.join(due) or '無'}"
    elif spec.kind == "milestone":
        schedule = "節點任務於期限當日整體到期"
    else:
        schedule = f"線性：{number(baseline)} + {_n(s.time_elapsed)} × ({number(s.target_value)} − {number(baseline)})"
    lines.append(("序時應完成", f"{_n(s.expected, 2)}（{schedule}）"))
    lines.append(("狀態", f"{labels.status(s.status.value)}：{status_reason_zh(s)}"))
    if s.deadline_reached and s.as_of > spec.deadline:
        lines.append(("期限時", f"期限{deadline}前完成{number(s.achieved_at_deadline)}（期限後的記錄不改變結論）"))
    if s.completed_late:
        when = f"於{_date_zh(s.completed_on)}完成，超過期限{deadline} {s.days_late}天" if s.completed_on else f"期限{deadline}後完成（報送日期不詳）"
        lines.append(("逾期完成", f"{when}；結論仍為{labels.status('missed')}"))
    if assessment.ratio is None:
        ratio_text = "未計算：目前尚無序時應完成量（應完成 = 基數）"
    else:
        ratio_text = f"({number(s.achieved)} − {number(baseline)}) / ({_n(s.expected, 2)} − {number(baseline)}) = {_n(assessment.ratio, 3)}"
    lines.append(("進度比 R", ratio_text))
    word = labels.pace
    thresholds = (
        f"分檔：R ≥ {ON_TRACK_R} {word('on_track')}，{ACCELERATION_R}–{ON_TRACK_R} {word('acceleration_needed')}，"
        f"0–{ACCELERATION_R} {word('limited_progress')}，< 0 {word('deterioration')}"
    )
    override = {Pace.MET: "（已完成，優先）", Pace.MISSED: "（未按期完成，優先）", Pace.NO_DATA: "（未報送）", Pace.NOT_DUE: ""}.get(assessment.pace, "")
    lines.append(("進度評估", f"{word(assessment.pace.value)}{override}；{thresholds}"))
    lines.append(("差距", f"max({number(s.target_value)} − {number(s.achieved)}, 0) = {number(s.gap)}" + (f"；超出{number(s.surplus)}" if s.surplus else "")))
    lines.append(("完成率", f"{number(s.achieved)} / {number(s.target_value)} × 100 = {s.percent:.1f}%"))
    if spec.kind == "milestone":
        needed = "—（節點任務按期限考核，不計每月進度）"
    elif assessment.needed_per_month is None:
        if s.status is Status.MET:
            needed = "—（已完成）"
        elif s.deadline_reached:
            needed = f"—（已到期限{deadline}）"
        else:
            needed = "—（未按期完成：目標已無法按期達成）"
    else:
        needed = f"{number(s.gap)} / ({s.days_left}天 / {DAYS_PER_MONTH:.2f}) = 每月{assessment.needed_per_month:.2f}"
    lines.append(("每月需完成", needed))
    age = "尚未報送" if s.last_as_of is None else f"最近一次報送在數據日期前{(s.as_of - s.last_as_of).days}天"
    lines.append(("久未報送", f"{'是' if assessment.stale else '否'}（{age}；限{stale_days}天）"))
    lines.append(("預測", _forecast_zh(assessment)))
    if spec.kind == "per_year":
        lines.append(("每年新增", "每年新增要求每年都完成：任何一年未於當年12月31日前完成即為未按期完成，不看總數"))
    for year in s.years:
        lines.append((f"{year.year}年", f"{number(year.achieved)} / {number(year.target)}：{labels.status(year.status.value)}"))
    if spec.kind == "checklist":
        done_ids = set(s.items_done)
        lines.append(("清單事項", "、".join(f"{'✓' if item_id in done_ids else '·'} {labels.name(name)}" for item_id, name in spec.items)))
    for flag in flags:
        lines.append(("可能重複計算", flag_text_zh(flag, names or {})))
    lines.append(("出處", spec.source_text))
    return lines
