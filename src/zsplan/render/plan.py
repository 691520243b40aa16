"""What plan and sheet commands print: summaries of ``validate``, ``load`` and ``import``; template rows."""

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
    line = f"loaded {shown}: {totals}; targets added {len(outcome.added)}, updated {len(outcome.updated)}, removed {len(outcome.removed)}"
    if getattr(outcome, "added_plan", False) and getattr(outcome, "others", ()):
        line += f"; plan {outcome.plan_id} added beside {', '.join(outcome.others)} (choose with --plan)"
    changes = [f"  {target_id}: {column} {_shown(old)} → {_shown(new)}" for target_id, column, old, new in getattr(outcome, "changes", [])]
    if outcome.revision is not None and changes:
        changes.append(f"  amendment effective from {outcome.revision[1]}: {outcome.revision[0]}")
    return "\n".join([*changes, line])  # the summary line last, as before


def _shown(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "—" if value is None else str(value)


def import_summary(result: Any, labels: Any = None) -> str:
    """What an import recorded (or would record), then one ``  target: count`` line per target.

    Args:
        result: a :class:`zsplan.service.sheets.ImportResult`.
        labels: a :class:`zsplan.render.labels.Labels`; in Chinese: ``已記錄4條記錄，涉及3項指標``.
    """
    targets = len(result.per_target)
    if labels is not None and labels.lang == "zh":
        head = f"{'將記錄' if result.dry_run else '已記錄'}{result.written}條記錄，涉及{targets}項指標" + (
            "（試運行：未寫入任何數據）" if result.dry_run else ""
        )
        lines = [labels.text(head)]
    else:
        verb = "would record" if result.dry_run else "recorded"
        lines = [
            f"{verb} {result.written} entr{'y' if result.written == 1 else 'ies'} for {targets} target{'s' if targets != 1 else ''}"
            + (" (dry run: nothing written)" if result.dry_run else "")
        ]
    lines += [f"  {target_id}: {count}" for target_id, count in sorted(result.per_target.items())]
    return "\n".join(lines)


def template_rows(specs: list[Any]) -> list[dict[str, str]]:
    """The informational columns of a ready-to-fill sheet, one row per target.

    Args:
        specs: :class:`zsplan.analysis.standing.TargetSpec` objects, in plan order.

    Returns:
        Dicts with ``target`` (id), ``name``, ``unit`` (家/個/項/人…), ``mode`` (items or value),
        ``target_value`` (as :func:`zsplan.render.status.target_text` writes it), ``deadline``
        (YYYY-MM-DD), ``lead_unit`` (its Chinese name), and for targets counted by value
        ``basis`` (累計 for a level — stock targets, and flow targets the plan states as 累計 —,
        本期新增 for an increment) and ``how_to_fill`` (what to write, in words); each value a
        :func:`zsplan.render.safe.spreadsheet_cell` (never a formula, control characters escaped).
    """
    from zsplan.render.safe import spreadsheet_cell
    from zsplan.render.status import target_text

    rows = [
        {
            "target": spec.id,
            "name": spec.name,
            "unit": spec.unit,
            "mode": spec.mode,
            "target_value": target_text(spec),
            "deadline": spec.deadline.isoformat(),
            "lead_unit": spec.lead_unit.name if spec.lead_unit else "",
            **_how_to_fill(spec),
        }
        for spec in specs
    ]
    return [{column: spreadsheet_cell(value) for column, value in row.items()} for row in rows]


def _how_to_fill(spec: Any) -> dict[str, str]:
    """``basis`` and ``how_to_fill`` of a template row (see :func:`template_rows`)."""
    if spec.mode == "items":
        return {"basis": "", "how_to_fill": "item: one achievement's name per row (台賬), no value"}
    if spec.kind == "milestone":
        return {"basis": "", "how_to_fill": "value: 1 done, 0 not yet"}
    if spec.progress == "stock":
        return {"basis": "累計", "how_to_fill": f"value: the level reached as of the date (累計, {spec.unit})"}
    if "累計" in spec.source_text or "累计" in spec.source_text:
        return {"basis": "累計", "how_to_fill": f"value: the cumulative total as of the date (累計, {spec.unit}); or the increment with basis 本期新增"}
    return {"basis": "本期新增", "how_to_fill": f"value: the increment since the last report (本期新增, {spec.unit}); or the level with basis 累計"}


def plans_text(plans: list[Any], labels: Any = None) -> str:
    """``zsplan plans`` as a table: id, issue date, targets, measures, title (one line per plan; ``plans`` is
    never empty, since the command first loads the bundled plan into a database that has none).

    ``labels``: a :class:`zsplan.render.labels.Labels`; in Chinese the headings are 編號 印發日期 指標 措施 規劃名稱
    and the dates are written 2019年9月30日 (the ids stay: they are what --plan takes).
    """
    zh = labels is not None and labels.lang == "zh"
    width = max(len(plan.id) for plan in plans)
    if zh:
        import datetime as dt

        from rich.cells import cell_len as cell_width

        dates = [labels.date(dt.date.fromisoformat(plan.issued)) for plan in plans]
        date_width = max(cell_width(day) for day in dates)
        head = ["編號", "印發日期", "指標", "措施", "規劃名稱"]
        lines = [labels.text(f"{head[0]}{' ' * (width - 4)}  {head[1]}{' ' * (date_width - 8)}  {head[2]}  {head[3]}  {head[4]}")]
        lines += [
            f"{plan.id:<{width}}  {day}{' ' * (date_width - cell_width(day))}  {plan.targets:>4}  {plan.measures:>4}  {labels.text(plan.title)}"
            for plan, day in zip(plans, dates, strict=True)
        ]
        return "\n".join(lines) + "\n"
    lines = [f"{'id':<{width}}  issued      targets  measures  title"]
    lines += [f"{plan.id:<{width}}  {plan.issued:<10}  {plan.targets:>7}  {plan.measures:>8}  {plan.title}" for plan in plans]
    return "\n".join(lines) + "\n"


def plans_json(plans: list[Any]) -> str:
    """``zsplan plans --format json`` (docs/schemas/plans.schema.json)."""
    from zsplan.render.jsonout import document_text

    return document_text("plans", ({"id": p.id, "title": p.title, "issued": p.issued, "targets": p.targets, "measures": p.measures} for p in plans))
