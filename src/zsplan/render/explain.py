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


def explanation_lines(assessment: TargetAssessment, stale_days: int, flags: Sequence[Any] = ()) -> list[tuple[str, str]]:
    """``(label, text)`` lines: inputs first, then each derived value with its formula (and what may be counted twice)."""
    s = assessment.standing
    spec = s.target
    baseline = spec.baseline_value
    total_days = (spec.deadline - spec.baseline_date).days
    elapsed_days = min(max((s.as_of - spec.baseline_date).days, 0), total_days)
    lines: list[tuple[str, str]] = [
        ("target", f"{target_text(spec)} by {spec.deadline} ({'inferred: the plan gives no date' if spec.deadline_inferred else 'stated by the plan'})"),
        (
            "kind",
            f"{spec.kind}, {spec.comparator}, {spec.progress}, recorded by {'named items' if spec.mode == 'items' else 'value'}; strength {spec.strength}",
        ),
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
    elif spec.progress == "flow":
        achieved_how = f"baseline {number(baseline)} + sum of increments"
    else:
        achieved_how = "latest reported level"
    lines.append(("achieved", f"{number(s.achieved)}   ({achieved_how})"))
    lines.append(("time elapsed", f"{elapsed_days} / {total_days} days = {_n(s.time_elapsed)}"))
    if spec.kind == "per_year":
        due = [str(year) for year in spec.years if s.as_of.year > year or ((s.as_of.month, s.as_of.day) == (12, 31) and s.as_of.year == year)]
        schedule = f"stepped: {number(spec.per_year)} per year falling due each 31 December; due so far: {', '.join(due) or 'none'}"
    elif spec.kind == "milestone":
        schedule = "a milestone is due in full on its deadline"
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
    lines.append(("source", spec.source_text))
    return lines


def render_explanation(console: Console, assessment: TargetAssessment, stale_days: int, labels: Labels = Labels(), *, flags: Sequence[Any] = ()) -> None:
    """Print the explanation of one target's status (stored text escaped, see :mod:`zsplan.render.safe`)."""
    spec = assessment.standing.target
    console.print(Text(terminal_text(f"{spec.id} — {labels.text(spec.name)}"), style="bold"))
    table = Table(box=box.SIMPLE, show_header=False, show_edge=False, pad_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for label, text in explanation_lines(assessment, stale_days, flags):
        table.add_row(label, terminal_text(labels.text(text)))
    console.print(table)
