"""One-line summaries of what plan and sheet commands did: ``validate``, ``load``, ``import``."""

from __future__ import annotations

from typing import Any


def plan_summary(shown: str, plan: Any) -> str:
    """``PATH: valid: N measures (… chapters, … sections, … numbered measures, … columns), N targets, N units``.

    Args:
        shown: the path as the user gave it.
        plan: a validated :class:`zsplan.plan.models.PlanFile`.
    """
    levels = {level: sum(1 for measure in plan.measures if measure.level == level) for level in ("chapter", "section", "measure", "column")}
    return (
        f"{shown}: valid: {len(plan.measures)} measures ({levels['chapter']} chapters, {levels['section']} sections, "
        f"{levels['measure']} numbered measures, {levels['column']} columns), {len(plan.targets)} targets, {len(plan.units)} units"
    )


def load_summary(shown: str, outcome: Any) -> str:
    """What a load did, in one line (see :class:`zsplan.store.load.LoadOutcome`)."""
    counts = outcome.counts
    totals = f"{counts['measures']} measures, {counts['targets']} targets, {counts['units']} units"
    if not outcome.changed:
        return f"unchanged: the database already holds these definitions ({totals})"
    return f"loaded {shown}: {totals}; targets added {len(outcome.added)}, updated {len(outcome.updated)}, removed {len(outcome.removed)}"


def import_summary(result: Any) -> str:
    """What an import recorded (or would record), then one ``  target: count`` line per target.

    Args:
        result: a :class:`zsplan.service.sheets.ImportResult`.
    """
    verb = "would record" if result.dry_run else "recorded"
    targets = len(result.per_target)
    lines = [
        f"{verb} {result.written} entr{'y' if result.written == 1 else 'ies'} for {targets} target{'s' if targets != 1 else ''}"
        + (" (dry run: nothing written)" if result.dry_run else "")
    ]
    lines += [f"  {target_id}: {count}" for target_id, count in sorted(result.per_target.items())]
    return "\n".join(lines)
