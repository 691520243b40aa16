"""Load a validated plan into the database: idempotent, and never orphaning progress.

Loading the same definitions twice writes nothing. Loading edited definitions
replaces them in one transaction and keeps every progress entry. A plan that
would drop a target (or a checklist item) that has progress entries is refused
before anything is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func
from sqlmodel import Session, select

from zsplan.errors import ReloadRefused
from zsplan.plan import models as m
from zsplan.plan.validate import LoadedPlan
from zsplan.store import tables as t


@dataclass(frozen=True)
class LoadOutcome:
    """What a load did.

    Attributes:
        changed: False when the stored definitions already matched (nothing written).
        added, updated, removed: target ids, in plan order (removed: sorted).
        counts: numbers of measures, targets and units now stored.
    """

    changed: bool
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def definition_hash(plan: m.PlanFile) -> str:
    """Fingerprint of the plan's definitions (comments and layout of the file do not count)."""
    return hashlib.sha256(plan.model_dump_json().encode("utf-8")).hexdigest()


def stored_definitions(session: Session) -> m.PlanFile | None:
    """The plan definitions last loaded into the database, or None."""
    text = session.exec(select(t.PlanRecord.definition_json)).first()
    return None if text is None else m.PlanFile.model_validate_json(text)


def target_row(target: m.Target, position: int) -> dict[str, Any]:
    """The ``target`` table row of a plan's target (column → value), as a load writes it."""
    row: dict[str, Any] = {
        "id": target.id,
        "name": target.name,
        "measure_id": target.measure,
        "stated_in": target.stated_in,
        "category": target.category,
        "unit": target.unit,
        "kind": target.kind,
        "comparator": None,
        "value": None,
        "min_value": None,
        "max_value": None,
        "per_year": None,
        "years": None,
        "deadline": target.deadline,
        "deadline_inferred": target.deadline_inferred,
        "baseline_value": target.baseline.value,
        "baseline_date": target.baseline.date,
        "progress": target.progress,
        "mode": _mode_of(target),
        "strength": target.strength,
        "source_text": target.source_text,
        "note": target.note,
        "position": position,
        "counts": target.counts,
        "counts_ambiguous": target.counts_ambiguous,
        "counts_note": target.counts_note,
        "met_at_baseline": target.met_at_baseline,
    }
    if isinstance(target, m.NumberTarget):
        row.update(comparator=target.comparator, value=target.value)
    elif isinstance(target, m.RangeTarget):
        row.update(comparator="at_least", min_value=target.min, max_value=target.max)
    elif isinstance(target, m.PerYearTarget):
        row.update(comparator="at_least", per_year=target.per_year, years=",".join(str(year) for year in target.years))
    else:
        row.update(comparator="at_least")
    return row


def _units_of(target: m.Target, by_measure: dict[str, m.Measure]) -> list[str]:
    """A target's responsible units, lead first: its own list, else its measure's."""
    return list(target.units) if target.units else list(by_measure[target.measure].units)


def target_units(plan: m.PlanFile) -> set[tuple[str, str, str]]:
    """Every ``(target id, unit id, role)`` the plan gives, role ``lead`` for the first unit listed, else ``co``."""
    by_measure = {measure.id: measure for measure in plan.measures}
    return {
        (target.id, unit_id, "lead" if position == 0 else "co") for target in plan.targets for position, unit_id in enumerate(_units_of(target, by_measure))
    }


def _counts(plan: m.PlanFile) -> dict[str, int]:
    return {"measures": len(plan.measures), "targets": len(plan.targets), "units": len(plan.units)}


def _entry_spans(session: Session):
    """Per target with entries: (target id, entry count, first entry id, last entry id, earliest as-of date)."""
    return session.exec(
        select(t.ProgressEntry.target_id, func.count(), func.min(t.ProgressEntry.id), func.max(t.ProgressEntry.id), func.min(t.ProgressEntry.as_of))
        .group_by(t.ProgressEntry.target_id)
        .order_by(t.ProgressEntry.target_id)
    ).all()


def _span(count: int, first: int, last: int) -> str:
    return f"{count} progress entr{'y' if count == 1 else 'ies'} (#{first}" + (f"…#{last})" if last != first else ")")


def _mode_of(target: m.Target) -> str:
    return getattr(target, "mode", "items" if isinstance(target, m.ChecklistTarget) else "value")


def _refuse_orphans(session: Session, plan: m.PlanFile) -> None:
    """Refuse a plan that would drop or reinterpret targets (or checklist items) that have entries.

    Raises:
        ReloadRefused: listing each such target or item with its entries.
    """
    lost: list[str] = []
    new = {target.id: target for target in plan.targets}
    stored = {row.id: row for row in session.exec(select(t.TargetRecord)).all()}
    for target_id, count, first, last, earliest in _entry_spans(session):
        target = new.get(target_id)
        if target is None:
            lost.append(f"target {target_id!r} has {_span(count, first, last)}")
            continue
        old = stored[target_id]
        if (old.kind, old.progress, old.mode) != (target.kind, target.progress, _mode_of(target)):
            lost.append(
                f"target {target_id!r} would change from {old.kind}/{old.progress}/{old.mode} to "
                f"{target.kind}/{target.progress}/{_mode_of(target)}, which changes what its {_span(count, first, last)} mean"
            )
        if target.baseline.date > earliest:
            lost.append(f"target {target_id!r} would get baseline date {target.baseline.date}, after its entry dated {earliest}")
    entry = t.ProgressEntry
    for target_id, item_id, count, first, last in session.exec(
        select(entry.target_id, entry.item_id, func.count(), func.min(entry.id), func.max(entry.id))
        .where(entry.item_id.is_not(None))
        .group_by(entry.target_id, entry.item_id)
        .order_by(entry.target_id, entry.item_id)
    ).all():
        target = new.get(target_id)
        if isinstance(target, m.ChecklistTarget) and item_id not in {item.id for item in target.items}:
            lost.append(f"checklist item {item_id!r} of target {target_id!r} has {_span(count, first, last)}")
    if lost:
        raise ReloadRefused(
            "refusing to load: the new plan drops or redefines targets that have logged progress:\n  "
            + "\n  ".join(lost)
            + "\nkeep them as they are in the plan file (ids, kind, stock/flow and mode are permanent once progress is logged)"
        )


def load_definitions(session: Session, loaded: LoadedPlan, *, now: dt.datetime, display_path: str) -> LoadOutcome:
    """Store ``loaded``'s definitions, replacing the previous ones; the caller commits.

    Args:
        session: an open session; nothing is committed here.
        loaded: a validated plan.
        now: the load time (UTC), recorded in ``load_history``.
        display_path: how the plan file is named in ``load_history``.

    Returns:
        A :class:`LoadOutcome`; ``changed`` is False (and nothing was written) when
        the stored definitions already equal the plan's.

    Raises:
        ReloadRefused: a target or checklist item with progress entries would be dropped.
    """
    plan = loaded.plan
    fingerprint = definition_hash(plan)
    current = session.exec(select(t.PlanRecord)).first()
    if current is not None and current.definition_hash == fingerprint and current.id == plan.plan.id:
        return LoadOutcome(changed=False, counts=_counts(plan))
    _refuse_orphans(session, plan)

    old_targets = {row.id: row.model_dump() for row in session.exec(select(t.TargetRecord)).all()}
    new_rows = [target_row(target, position) for position, target in enumerate(plan.targets)]
    added = [row["id"] for row in new_rows if row["id"] not in old_targets]
    updated = [row["id"] for row in new_rows if row["id"] in old_targets and old_targets[row["id"]] != row]
    removed = sorted(set(old_targets) - {row["id"] for row in new_rows})

    for table in (t.TargetUnitRecord, t.MeasureUnitRecord, t.ChecklistItemRecord):
        session.exec(delete(table))
    if removed:
        session.exec(delete(t.TargetRecord).where(t.TargetRecord.id.in_(removed)))
    session.exec(delete(t.PlanRecord))
    session.flush()

    meta = plan.plan
    session.add(
        t.PlanRecord(
            id=meta.id,
            title=meta.title,
            issuer=meta.issuer,
            issued=meta.issued,
            source_url=meta.source_url,
            horizon_start=meta.horizon.start,
            horizon_end=meta.horizon.end,
            vision_year=meta.vision.year,
            vision_text=meta.vision.text,
            definition_hash=fingerprint,
            definition_json=plan.model_dump_json(),
        )
    )
    keep_units = {unit.id for unit in plan.units}
    keep_measures = {measure.id for measure in plan.measures}
    for position, unit in enumerate(plan.units):
        session.merge(t.UnitRecord(id=unit.id, name=unit.name, name_en=unit.name_en, position=position))
    for position, measure in enumerate(plan.measures):
        session.merge(
            t.MeasureRecord(
                id=measure.id,
                parent_id=measure.parent,
                level=measure.level,
                number=measure.number,
                title=measure.title,
                text=measure.text,
                position=position,
            )
        )
    session.flush()
    for row in new_rows:
        session.merge(t.TargetRecord(**row))
    session.flush()
    session.exec(delete(t.MeasureRecord).where(t.MeasureRecord.id.not_in(keep_measures)))
    session.exec(delete(t.UnitRecord).where(t.UnitRecord.id.not_in(keep_units)))

    by_measure = {measure.id: measure for measure in plan.measures}
    for measure in plan.measures:
        for position, unit_id in enumerate(measure.units):
            session.add(t.MeasureUnitRecord(measure_id=measure.id, unit_id=unit_id, role="lead" if position == 0 else "co", position=position))
    for target in plan.targets:
        for position, unit_id in enumerate(_units_of(target, by_measure)):
            session.add(t.TargetUnitRecord(target_id=target.id, unit_id=unit_id, role="lead" if position == 0 else "co", position=position))
        if isinstance(target, m.ChecklistTarget):
            for position, item in enumerate(target.items):
                session.add(t.ChecklistItemRecord(target_id=target.id, item_id=item.id, name=item.name, position=position))

    counts = _counts(plan)
    summary = f"{counts['measures']} measures, {counts['targets']} targets, {counts['units']} units; +{len(added)} ~{len(updated)} -{len(removed)} targets"
    session.add(t.LoadRecord(loaded_at=now, path=display_path, content_hash=loaded.content_hash, definition_hash=fingerprint, summary=summary))
    session.flush()  # the rest of the transaction reads through plain SQL, which sees only what is flushed
    return LoadOutcome(changed=True, added=added, updated=updated, removed=removed, counts=counts)
