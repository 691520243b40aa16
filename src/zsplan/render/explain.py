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
        ("as of", f"{s.as_of}"),
        ("reports", f"{s.entries} effective entr{'y' if s.entries == 1 else 'ies'}" + (f", last dated {s.last_as_of}" if s.last_as_of else "")),
    ]
    if spec.mode == "items":
        achieved_how = f"baseline {number(baseline)} + {len(s.items_done) if spec.kind == 'checklist' else number(s.achieved - baseline)} distinct item(s)"
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
        schedule = f"linear: {number(baseline)} + {_n(s.time_elapsed)} × ({number(s.target_value)} − {number(baseline)})"
    lines.append(("expected by now", f"{_n(s.expected, 2)}   ({schedule})"))
    lines.append(("status", f"{s.status.value}: {status_reason(s)}"))
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
        ratio_text = f"({number(s.achieved)} − {number(baseline)}) / ({_n(s.expected, 2)} − {number(baseline)}) = {_n(assessment.ratio, 3)}"
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


def render_explanation(
    console: Console,
    assessment: TargetAssessment,
    stale_days: int,
    labels: Labels = Labels(),
    *,
    flags: Sequence[Any] = (),
    evidence: Any = None,
    counting: str = "default",
) -> None:
    """Print the explanation of one target's status (stored text escaped, see :mod:`zsplan.render.safe`)."""
    spec = assessment.standing.target
    console.print(Text(terminal_text(f"{spec.id} — {labels.text(spec.name)}"), style="bold"))
    table = Table(box=box.SIMPLE, show_header=False, show_edge=False, pad_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    extra = evidence_explanation(evidence, counting, spec.unit if spec.kind != "milestone" else "")
    for label, text in explanation_lines(assessment, stale_days, flags) + extra:
        table.add_row(label, terminal_text(labels.text(text)))
    console.print(table)
