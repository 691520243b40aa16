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


def pending_lines(spec: Any) -> list[tuple[str, str]]:
    """``explain``'s lines for a target whose value the plan leaves to be set (目標值待定): it is not judged."""
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
        ("as of", f"{s.as_of}"),
        ("reports", f"{s.entries} effective entr{'y' if s.entries == 1 else 'ies'}" + (f", last dated {s.last_as_of}" if s.last_as_of else "")),
    ]
    if spec.mode == "items":
        achieved_how = f"baseline {number(baseline)} + {len(s.items_done) if spec.kind == 'checklist' else number(s.achieved - baseline)} distinct item(s)"
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
                    f"(tolerance {_n(tolerance, 6)}: the plan file's, or half a unit of the target's last digit, GB/T 8170-2008 §4.3.2); "
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
        start = "0" if spec.progress == "flow" else number(baseline)
        schedule = f"linear within {in_year}: from {start} on 1 January to {number(s.target_value)} on 31 December; nothing is due before {in_year}"
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
    lines += revision_lines(revisions, s.as_of, known_at)
    lines.append(("source", spec.source_text))
    return lines


def render_explanation(
    console: Console,
    assessment: TargetAssessment,
    stale_days: int,
    labels: Labels = Labels(),
    *,
    flags: Sequence[Any] = (),
    revisions: Sequence[Any] = (),
    known_at: Any = None,
) -> None:
    """Print the explanation of one target's status (stored text escaped, see :mod:`zsplan.render.safe`)."""
    spec = assessment.standing.target
    console.print(Text(terminal_text(f"{spec.id} — {labels.text(spec.name)}"), style="bold"))
    table = Table(box=box.SIMPLE, show_header=False, show_edge=False, pad_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for label, text in explanation_lines(assessment, stale_days, flags, revisions, known_at):
        table.add_row(label, terminal_text(labels.text(text)))
    console.print(table)


def render_pending(console: Console, spec: Any, labels: Labels = Labels()) -> None:
    """Print ``explain`` for a target whose value is still to be set (目標值待定): what is known, and that it is not judged."""
    console.print(Text(terminal_text(f"{spec.id} — {labels.text(spec.name)}"), style="bold"))
    table = Table(box=box.SIMPLE, show_header=False, show_edge=False, pad_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for label, text in pending_lines(spec):
        table.add_row(label, terminal_text(labels.text(text)))
    console.print(table)
