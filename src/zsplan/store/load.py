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
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func
from sqlmodel import Session, select

from zsplan.errors import ReloadRefused
from zsplan.plan import models as m
from zsplan.plan.validate import LoadedPlan
from zsplan.store import plans
from zsplan.store import tables as t


@dataclass(frozen=True)
class LoadOutcome:
    """What a load did.

    Attributes:
        changed: False when the stored definitions already matched (nothing written).
        added, updated, removed: target ids, in plan order (removed: sorted).
        counts: numbers of measures, targets and units now stored.
        changes: ``(target id, column, old, new)`` of every updated target's changed definition
            (position in the plan left out), in plan order.
        revision: ``(reason, effective date)`` when the changes were recorded as an amendment
            (``target_revision`` rows, so readings before it use the old definitions).
        plan_id: the plan's id; added_plan: the database did not hold this plan before (revision 0013);
        others: the ids of the database's other plans.
    """

    changed: bool
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    changes: list[tuple[str, str, Any, Any]] = field(default_factory=list)
    revision: tuple[str, dt.date] | None = None
    plan_id: str = ""
    added_plan: bool = False
    others: tuple[str, ...] = ()


def definition_hash(plan: m.PlanFile) -> str:
    """Fingerprint of the plan's definitions (comments and layout of the file do not count)."""
    return hashlib.sha256(plan.model_dump_json().encode("utf-8")).hexdigest()


def stored_definitions(session: Session, plan_id: str | None = None) -> m.PlanFile | None:
    """The definitions last loaded of plan ``plan_id`` (default: the selected plan, :func:`zsplan.store.plans.selected_plan`), or None.

    Raises:
        UsageError: no plan given, and the database holds several and none is selected.
    """
    plan_id = plan_id if plan_id is not None else plans.selected_plan(session)
    if plan_id is None:
        return None
    text = session.exec(select(t.PlanRecord.definition_json).where(t.PlanRecord.id == plan_id)).first()
    return None if text is None else m.PlanFile.model_validate_json(text)


def target_row(target: m.Target, position: int, *, plan_id: str, units: dict[str, m.UnitOfMeasure]) -> dict[str, Any]:
    """The ``target`` table row of a plan's target (column → value), as a load writes it (``plan_id``: its plan's id).

    ``units``: the plan's declared units (:func:`zsplan.plan.models.unit_table`, made once for every target of
    the plan); a target in one of them (other than a count of precision 0) keeps its kind and precision.
    """
    row: dict[str, Any] = {
        "id": target.id,
        "plan_id": plan_id,
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
        "unit_kind": None,
        "precision": None,
        "tolerance": None,
        "year": None,
        "within_years": target.within_years,
        "counts": target.counts,
        "counts_ambiguous": target.counts_ambiguous,
        "counts_note": target.counts_note,
        "met_at_baseline": target.met_at_baseline,
    }
    unit = units.get(target.unit)
    if unit is not None and (unit.kind, unit.precision) != ("count", 0):
        row.update(unit_kind=unit.kind, precision=unit.precision)
    if isinstance(target, (m.NumberTarget, m.AnnualTarget)):
        row.update(comparator=target.comparator, value=target.value)
        if target.comparator == "approximately":
            row.update(tolerance=approximate_tolerance(target.value, target.tolerance))
        if isinstance(target, m.AnnualTarget):
            row.update(year=target.year)
    elif isinstance(target, m.RangeTarget):
        row.update(comparator="at_least", min_value=target.min, max_value=target.max)
    elif isinstance(target, m.PerYearTarget):
        row.update(comparator="at_least", per_year=target.per_year, years=",".join(str(year) for year in target.years))
    else:
        row.update(comparator="at_least")
    return row


def approximate_tolerance(value: float, declared: float | None) -> float:
    """How far below ``value`` an approximately (左右) target still counts as reached, in its unit.

    The plan file's ``tolerance`` when declared; else half a unit of the last digit ``value`` is
    written with: 3.5 → 0.05 (3.45 reaches 3.5%左右), 60 → 0.5. This is GB/T 8170-2008's
    rounded-value comparison (修約值比較法): a figure rounded to the digit the target states is
    compared with it; rounding half up, 3.45 rounds to 3.5.
    """
    if declared is not None:
        return declared
    text = repr(float(value))
    places = 0 if "e" in text else len(text.partition(".")[2].rstrip("0"))
    return float(Decimal(5).scaleb(-(places + 1)))


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


def keyed_plan(session: Session, plan: m.PlanFile) -> m.PlanFile:
    """``plan`` with its measure and target ids replaced by the keys they are stored under.

    A plan's ids are its own; in a database holding several plans an id another plan already uses
    is stored as ``<plan id>:<id>`` (:func:`zsplan.store.plans.keys_of`). References inside the plan
    (a measure's parent, a target's measure and ``stated_in``) follow. A database holding one plan
    stores every id as it is.
    """
    plan_id = plan.plan.id
    measure_keys = plans.keys_of(session, plan_id, {measure.id for measure in plan.measures}, "measure")
    target_keys = plans.keys_of(session, plan_id, {target.id for target in plan.targets}, "target")
    if all(key == local for key, local in (*((v, k) for k, v in measure_keys.items()), *((v, k) for k, v in target_keys.items()))):
        return plan

    def measure_key(record_id: str | None) -> str | None:
        return None if record_id is None else measure_keys.get(record_id, record_id)

    measures = [measure.model_copy(update={"id": measure_keys[measure.id], "parent": measure_key(measure.parent)}) for measure in plan.measures]
    targets = [
        target.model_copy(update={"id": target_keys[target.id], "measure": measure_key(target.measure), "stated_in": measure_key(target.stated_in)})
        for target in plan.targets
    ]
    return plan.model_copy(update={"measures": measures, "targets": targets})


def _plan_target_ids(session: Session, plan_id: str) -> list[str]:
    return list(session.exec(select(t.TargetRecord.id).where(t.TargetRecord.plan_id == plan_id)).all())


def _refuse_orphans(session: Session, plan: m.PlanFile) -> None:
    """Refuse a plan that would drop or reinterpret targets (or checklist items) of its own that have entries.

    ``plan`` is keyed (:func:`keyed_plan`); only the stored targets of the same plan id are compared.

    Raises:
        ReloadRefused: listing each such target or item with its entries.
    """
    lost: list[str] = []
    new = {target.id: target for target in plan.targets}
    stored = {row.id: row for row in session.exec(select(t.TargetRecord).where(t.TargetRecord.plan_id == plan.plan.id)).all()}
    for target_id, count, first, last, earliest in _entry_spans(session):
        if target_id not in stored:
            continue
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
    dropped = sorted(set(stored) - set(new))
    if dropped:  # what is kept beside a target with no entries (a note, a forecast) would be orphaned too
        for table, what in ((t.NoteRecord, "progress note"), (t.ForecastRecord, "forecast")):
            for target_id, count in session.exec(
                select(table.target_id, func.count()).where(table.target_id.in_(dropped)).group_by(table.target_id).order_by(table.target_id)
            ).all():
                lost.append(f"target {target_id!r} has {count} {what}{'s' if count != 1 else ''}")
    entry = t.ProgressEntry
    for target_id, item_id, count, first, last in session.exec(
        select(entry.target_id, entry.item_id, func.count(), func.min(entry.id), func.max(entry.id))
        .where(entry.item_id.is_not(None))
        .group_by(entry.target_id, entry.item_id)
        .order_by(entry.target_id, entry.item_id)
    ).all():
        if target_id not in stored:
            continue
        target = new.get(target_id)
        if isinstance(target, m.ChecklistTarget) and item_id not in {item.id for item in target.items}:
            lost.append(f"checklist item {item_id!r} of target {target_id!r} has {_span(count, first, last)}")
    if lost:
        raise ReloadRefused(
            "refusing to load: the new plan drops or redefines targets that have logged progress:\n  "
            + "\n  ".join(lost)
            + "\nkeep them as they are in the plan file (ids, kind, stock/flow and mode are permanent once progress is logged)"
        )


def _refuse_unit_clashes(session: Session, plan: m.PlanFile) -> None:
    """A unit id the database's other plans already use must name the same unit, and a unit's name the same id.

    Raises:
        ReloadRefused: listing each unit id whose name differs, and each name under another id, with the plans that use it.
    """
    others = session.exec(
        select(t.UnitRecord.id, t.UnitRecord.name, t.PlanUnitRecord.plan_id)
        .join(t.PlanUnitRecord, t.PlanUnitRecord.unit_id == t.UnitRecord.id)
        .where(t.PlanUnitRecord.plan_id != plan.plan.id)
        .order_by(t.UnitRecord.id, t.PlanUnitRecord.plan_id)
    ).all()
    named: dict[str, tuple[str, list[str]]] = {}
    for unit_id, name, plan_id in others:
        named.setdefault(unit_id, (name, []))[1].append(plan_id)
    by_name = {name: (unit_id, plan_ids) for unit_id, (name, plan_ids) in named.items()}
    clashes = [
        f"unit {unit.id!r} is {named[unit.id][0]} in plan {', '.join(named[unit.id][1])}, but this plan names it {unit.name}"
        for unit in plan.units
        if unit.id in named and named[unit.id][0] != unit.name
    ]
    clashes += [
        f"{unit.name} is unit {by_name[unit.name][0]!r} in plan {', '.join(by_name[unit.name][1])}, but this plan calls it {unit.id!r}"
        for unit in plan.units
        if unit.name in by_name and by_name[unit.name][0] != unit.id
    ]
    if clashes:
        raise ReloadRefused(
            "refusing to load: a unit id names one organisation in every plan of the database:\n  "
            + "\n  ".join(clashes)
            + "\nuse the same id and name for the same unit, and another id and name for another unit"
        )


def load_definitions(
    session: Session,
    loaded: LoadedPlan,
    *,
    now: dt.datetime,
    display_path: str,
    reason: str | None = None,
    effective: dt.date | None = None,
) -> LoadOutcome:
    """Store ``loaded``'s definitions, replacing the previous ones of the same plan id; the caller commits.

    A database holds several plans (revision 0013): a plan file whose ``plan.id`` is new is added
    beside the plans already stored and removes nothing of theirs; one whose id is stored replaces
    that plan's definitions. Responsible units are shared by id across plans (a unit id names one
    organisation: a different name for it is refused).

    A changed definition of a target that has progress entries is an **amendment**: it needs
    a ``reason`` and the date it takes ``effective`` from (arguments, or the plan file's
    ``amendment``), and is kept in ``target_revision`` with the old and new values, so that
    judging as of an earlier date, or as known before ``now``, uses the old definition.

    Args:
        session: an open session; nothing is committed here.
        loaded: a validated plan.
        now: the load time (UTC), recorded in ``load_history`` (and as the revisions' recording time).
        display_path: how the plan file is named in ``load_history``.
        reason, effective: why and from when an amendment applies (override the file's ``amendment``).

    Returns:
        A :class:`LoadOutcome`; ``changed`` is False (and nothing was written) when
        the stored definitions already equal the plan's.

    Raises:
        ReloadRefused: a target or checklist item with progress entries would be dropped, a
            target with progress entries is changed without a reason and an effective date
            (the message lists each change old → new), or a unit id clashes with another plan's.
    """
    own = loaded.plan
    plan_id = own.plan.id
    fingerprint = definition_hash(own)
    current = session.exec(select(t.PlanRecord).where(t.PlanRecord.id == plan_id)).first()
    if current is not None and current.definition_hash == fingerprint:
        return LoadOutcome(changed=False, counts=_counts(own), plan_id=plan_id, added_plan=False)
    plan = keyed_plan(session, own)
    _refuse_orphans(session, plan)
    _refuse_unit_clashes(session, plan)

    old_targets = {row.id: row.model_dump() for row in session.exec(select(t.TargetRecord).where(t.TargetRecord.plan_id == plan_id)).all()}
    declared = m.unit_table(plan.units_of_measure)
    new_rows = [target_row(target, position, plan_id=plan_id, units=declared) for position, target in enumerate(plan.targets)]
    added = [row["id"] for row in new_rows if row["id"] not in old_targets]
    updated = [row["id"] for row in new_rows if row["id"] in old_targets and old_targets[row["id"]] != row]
    removed = sorted(set(old_targets) - {row["id"] for row in new_rows})
    changes = [
        (row["id"], column, old_targets[row["id"]][column], value)
        for row in new_rows
        if row["id"] in updated
        for column, value in row.items()
        if column != "position" and old_targets[row["id"]][column] != value
    ]
    if plan.amendment is not None:
        reason = reason if reason is not None else plan.amendment.reason
        effective = effective if effective is not None else plan.amendment.effective
    revision = _amendment(session, changes, reason, effective)

    old_measures = set(session.exec(select(t.MeasureRecord.id).where(t.MeasureRecord.plan_id == plan_id)).all())
    stale_targets = set(old_targets) | {row["id"] for row in new_rows}
    stale_measures = old_measures | {measure.id for measure in plan.measures}
    session.exec(delete(t.TargetUnitRecord).where(t.TargetUnitRecord.target_id.in_(stale_targets)))
    session.exec(delete(t.ChecklistItemRecord).where(t.ChecklistItemRecord.target_id.in_(stale_targets)))
    session.exec(delete(t.MeasureUnitRecord).where(t.MeasureUnitRecord.measure_id.in_(stale_measures)))
    session.exec(delete(t.PlanLinkRecord).where(t.PlanLinkRecord.plan_id == plan_id))
    session.exec(delete(t.PlanUnitRecord).where(t.PlanUnitRecord.plan_id == plan_id))
    if removed:
        session.exec(delete(t.TargetRecord).where(t.TargetRecord.id.in_(removed)))
    session.exec(delete(t.PlanRecord).where(t.PlanRecord.id == plan_id))
    session.flush()

    meta = own.plan
    session.add(
        t.PlanRecord(
            id=meta.id,
            title=meta.title,
            issuer=meta.issuer,
            issued=meta.issued,
            source_url=meta.source_url,
            horizon_start=meta.horizon.start,
            horizon_end=meta.horizon.end,
            vision_year=meta.vision.year if meta.vision else 0,  # 0 and "": the plan states no vision
            vision_text=meta.vision.text if meta.vision else "",
            definition_hash=fingerprint,
            definition_json=own.model_dump_json(),
        )
    )
    session.flush()
    positions = dict(session.exec(select(t.UnitRecord.id, t.UnitRecord.position)).all())
    shared = set(session.exec(select(t.PlanUnitRecord.unit_id).where(t.PlanUnitRecord.plan_id != plan_id)).all())
    next_position = max(positions.values(), default=-1) + 1
    alone = len(session.exec(select(t.PlanRecord.id)).all()) == 1  # one plan: units in its order, as before 0013
    for position, unit in enumerate(plan.units):
        if unit.id not in positions:
            positions[unit.id], next_position = next_position, next_position + 1
        if unit.id in shared:
            continue  # another plan's unit too: kept as stored (its English name included)
        session.merge(t.UnitRecord(id=unit.id, name=unit.name, name_en=unit.name_en, position=position if alone else positions[unit.id]))
    session.flush()
    for position, unit in enumerate(plan.units):
        session.add(t.PlanUnitRecord(plan_id=plan_id, unit_id=unit.id, position=position))
    for position, measure in enumerate(plan.measures):
        session.merge(
            t.MeasureRecord(
                id=measure.id,
                plan_id=plan_id,
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
    keep_measures = {measure.id for measure in plan.measures}
    session.exec(delete(t.MeasureRecord).where(t.MeasureRecord.plan_id == plan_id, t.MeasureRecord.id.not_in(keep_measures)))
    session.exec(delete(t.UnitRecord).where(t.UnitRecord.id.not_in(select(t.PlanUnitRecord.unit_id))))

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
    _record_links(session, plan)

    counts = _counts(plan)
    summary = f"{counts['measures']} measures, {counts['targets']} targets, {counts['units']} units; +{len(added)} ~{len(updated)} -{len(removed)} targets"
    session.add(t.LoadRecord(plan_id=plan_id, loaded_at=now, path=display_path, content_hash=loaded.content_hash, definition_hash=fingerprint, summary=summary))
    if revision is not None:
        _record_revisions(session, changes, revision, now)
    session.flush()  # the rest of the transaction reads through plain SQL, which sees only what is flushed
    _refresh_statistics(session)
    return LoadOutcome(
        changed=True,
        added=added,
        updated=updated,
        removed=removed,
        counts=counts,
        changes=changes,
        revision=revision,
        plan_id=plan_id,
        added_plan=current is None,
        others=tuple(other for other in session.exec(select(t.PlanRecord.id).order_by(t.PlanRecord.id)).all() if other != plan_id),
    )


#: The tables whose rows a plan's load adds or replaces, and that queries narrow to one plan (``plan_id``).
_PLAN_TABLES = ("target", "measure", "plan_unit", "target_unit", "checklist_item")


def _refresh_statistics(session: Session) -> None:
    """Bring SQLite's planner statistics of the plan tables up to date, when the database keeps any.

    A database that was analysed (``sqlite_stat1`` exists: the benchmark's, or one a bureau ran ``ANALYZE`` on)
    describes its tables as they were then; after a second plan is loaded beside the first, the statistics
    still say every target has the first plan's id, and SQLite scans the 100,000 targets of a national plan
    to find a city plan's 57 instead of using ``ix_target_plan_id``. Analysing these five tables takes
    tens of milliseconds for 100,000 targets. A database never analysed has no statistics to go stale, and
    PostgreSQL keeps its own (autovacuum): nothing is done for either.
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return
    if connection.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'").first() is None:
        return
    for table in _PLAN_TABLES:
        connection.exec_driver_sql(f"ANALYZE {table}")


def _record_links(session: Session, plan: m.PlanFile) -> None:
    """The plan's links to other plans (``plan_link``): a target that ``feeds`` another plan's target,
    a measure ``under`` another plan's measure. ``plan`` is keyed; the far end is ``plan id:own id``."""
    links = [("target", target.id, "feeds", ref) for target in plan.targets for ref in target.feeds]
    links += [("measure", measure.id, "under", measure.under) for measure in plan.measures if measure.under is not None]
    for position, (kind, from_id, relation, ref) in enumerate(links):
        to_plan, to_id = ref.split(plans.SEPARATOR, 1)
        session.add(t.PlanLinkRecord(plan_id=plan.plan.id, from_kind=kind, from_id=from_id, relation=relation, to_plan=to_plan, to_id=to_id, position=position))


#: Columns whose change alters how a target is judged: changed on a target with progress, they are an amendment
#: that needs a reason and an effective date (a new name, note or source text alone does not).
AMENDING_COLUMNS = frozenset(
    {
        "value",
        "min_value",
        "max_value",
        "per_year",
        "years",
        "deadline",
        "baseline_value",
        "baseline_date",
        "comparator",
        "tolerance",
        "year",
        "within_years",
        "precision",
        "unit_kind",
        "unit",
    }
)


def change_text(column: str, old: Any, new: Any) -> str:
    """One change of a target's definition as a person reads it: ``value 33 → 35``."""

    def shown(value: Any) -> str:
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return "—" if value is None else str(value)

    return f"{column} {shown(old)} → {shown(new)}"


def _amendment(session: Session, changes: list[tuple[str, str, Any, Any]], reason: str | None, effective: dt.date | None) -> tuple[str, dt.date] | None:
    """The ``(reason, effective date)`` to record the changes under, or None when they need no record.

    Raises:
        ReloadRefused: targets with progress entries change without both a reason and an effective date.
    """
    changed = sorted({target_id for target_id, *_ in changes})
    if not changed:
        return None
    entry = t.ProgressEntry
    with_progress = set(session.exec(select(entry.target_id).where(entry.target_id.in_(changed)).distinct()).all())
    if reason is not None and not reason.strip():
        reason = None
    if reason is not None and effective is not None:
        return reason.strip(), effective
    if not with_progress:
        return None
    amended = {target_id for target_id, column, *_ in changes if target_id in with_progress and column in AMENDING_COLUMNS}
    if not amended:
        return None  # a renamed target or an edited note changes no judgement: loaded as before
    lines = [f"{target_id}: {change_text(column, old, new)}" for target_id, column, old, new in changes if target_id in amended]
    raise ReloadRefused(
        "refusing to load: the new plan amends targets that have logged progress:\n  "
        + "\n  ".join(lines)
        + "\ngive the amendment's reason and the date it takes effect (load --reason TEXT --effective YYYY-MM-DD, "
        "or 'amendment: {reason: …, effective: YYYY-MM-DD}' in the plan file); earlier dates keep the old targets"
    )


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _record_revisions(session: Session, changes: list[tuple[str, str, Any, Any]], revision: tuple[str, dt.date], now: dt.datetime) -> None:
    """One ``target_revision`` row per changed target: the old and new values of its changed columns."""
    import json

    per_target: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}
    for target_id, column, old, new in changes:
        old_values, new_values = per_target.setdefault(target_id, ({}, {}))
        old_values[column], new_values[column] = _json_value(old), _json_value(new)
    recorded = now.astimezone(dt.UTC)
    for target_id, (old_values, new_values) in per_target.items():
        session.add(
            t.TargetRevisionRecord(
                target_id=target_id,
                recorded_at=recorded,
                effective_from=revision[1],
                reason=revision[0],
                old_values=json.dumps(old_values, ensure_ascii=False, sort_keys=True),
                new_values=json.dumps(new_values, ensure_ascii=False, sort_keys=True),
            )
        )
