"""The progress ledger: look up targets and units, record entries, aggregate progress.

Entries are append-only. Aggregation happens in SQL (counts, sums, the latest
entry per target, per-year sums, distinct checklist items), so the analysis
receives one :class:`~zsplan.analysis.standing.ProgressFacts` per target.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import func
from sqlmodel import Session, select

from zsplan.analysis.standing import ProgressFacts, TargetSpec, UnitRef
from zsplan.errors import UsageError
from zsplan.store import tables as t
from zsplan.text import fold


def _spec(row: t.TargetRecord, measures: dict[str, t.MeasureRecord], units: list[UnitRef], items: list[tuple[str, str]]) -> TargetSpec:
    measure = measures[row.measure_id]
    node = measure
    while node.parent_id is not None:
        node = measures[node.parent_id]
    return TargetSpec(
        id=row.id,
        name=row.name,
        kind=row.kind,
        category=row.category,
        unit=row.unit,
        comparator=row.comparator or "at_least",
        deadline=row.deadline,
        baseline_value=row.baseline_value,
        baseline_date=row.baseline_date,
        progress=row.progress,
        measure_id=measure.id,
        measure_number=measure.number,
        measure_title=measure.title,
        chapter=(node.id, node.number, node.title),
        value=row.value,
        minimum=row.min_value,
        maximum=row.max_value,
        per_year=row.per_year,
        years=tuple(int(year) for year in row.years.split(",")) if row.years else (),
        items=tuple(items),
        deadline_inferred=row.deadline_inferred,
        strength=row.strength,
        units=tuple(units),
        source_text=row.source_text,
        stated_in=row.stated_in,
        note=row.note,
    )


def fetch_specs(session: Session, *, unit_id: str | None = None, category: str | None = None) -> list[TargetSpec]:
    """Return the stored targets in plan order, optionally only those of a unit or category.

    Args:
        unit_id: keep targets for which this unit is lead or co-responsible.
        category: keep targets of this category (``lab``, ``team``, …).
    """
    query = select(t.TargetRecord).order_by(t.TargetRecord.position)
    if category is not None:
        query = query.where(t.TargetRecord.category == category)
    if unit_id is not None:
        query = query.where(t.TargetRecord.id.in_(select(t.TargetUnitRecord.target_id).where(t.TargetUnitRecord.unit_id == unit_id)))
    rows = session.exec(query).all()
    measures = {measure.id: measure for measure in session.exec(select(t.MeasureRecord)).all()}
    units: dict[str, list[UnitRef]] = defaultdict(list)
    for link, unit in session.exec(
        select(t.TargetUnitRecord, t.UnitRecord).join(t.UnitRecord, t.UnitRecord.id == t.TargetUnitRecord.unit_id).order_by(t.TargetUnitRecord.target_id, t.TargetUnitRecord.position)
    ).all():
        units[link.target_id].append(UnitRef(id=unit.id, name=unit.name, role=link.role))
    items: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for item in session.exec(select(t.ChecklistItemRecord).order_by(t.ChecklistItemRecord.target_id, t.ChecklistItemRecord.position)).all():
        items[item.target_id].append((item.item_id, item.name))
    return [_spec(row, measures, units[row.id], items[row.id]) for row in rows]


def progress_facts(session: Session, as_of: dt.date, target_ids: Iterable[str] | None = None) -> dict[str, ProgressFacts]:
    """Aggregate the entries dated on or before ``as_of``, per target.

    Returns:
        target id → :class:`ProgressFacts`; targets without entries are absent.
    """
    entry = t.ProgressEntry
    scope = [entry.as_of <= as_of]
    if target_ids is not None:
        scope.append(entry.target_id.in_(list(target_ids)))
    totals = session.exec(
        select(entry.target_id, func.count(), func.max(entry.as_of), func.sum(entry.value)).where(*scope).group_by(entry.target_id)
    ).all()
    ranked = (
        select(
            entry.target_id,
            entry.value,
            func.row_number().over(partition_by=entry.target_id, order_by=(entry.as_of.desc(), entry.id.desc())).label("rank"),
        )
        .where(*scope, entry.item_id.is_(None))
        .subquery()
    )
    latest = dict(session.exec(select(ranked.c.target_id, ranked.c.value).where(ranked.c.rank == 1)).all())
    year = func.extract("year", entry.as_of)
    by_year: dict[str, dict[int, float]] = defaultdict(dict)
    for target_id, entry_year, amount in session.exec(select(entry.target_id, year, func.sum(entry.value)).where(*scope).group_by(entry.target_id, year)).all():
        by_year[target_id][int(entry_year)] = float(amount)
    items: dict[str, set[str]] = defaultdict(set)
    for target_id, item_id in session.exec(select(entry.target_id, entry.item_id).where(*scope, entry.item_id.is_not(None)).distinct()).all():
        items[target_id].add(item_id)
    return {
        target_id: ProgressFacts(
            entries=count,
            last_as_of=last,
            total=float(total or 0),
            latest=latest.get(target_id),
            by_year=by_year.get(target_id, {}),
            items_done=frozenset(items.get(target_id, set())),
        )
        for target_id, count, last, total in totals
    }


def _suggest(query: str, names: dict[str, str]) -> str:
    """``names`` maps folded key → display; return a did-you-mean phrase or ''."""
    hits = difflib.get_close_matches(fold(query), list(names), n=3, cutoff=0.5)
    return "; did you mean " + " or ".join(repr(names[hit]) for hit in hits) + "?" if hits else ""


def find_target(session: Session, query: str) -> TargetSpec:
    """Return the target whose id or name (any script or width) is ``query``.

    Raises:
        UsageError: no target matches (with a did-you-mean), or a name matches several.
    """
    specs = fetch_specs(session)
    for spec in specs:
        if spec.id == query:
            return spec
    key = fold(query)
    matches = [spec for spec in specs if fold(spec.name) == key or spec.id.casefold() == key]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise UsageError(f"target name {query!r} is ambiguous: " + ", ".join(spec.id for spec in matches) + "; use the id")
    partial = [spec for spec in specs if key and key in fold(spec.name)]
    if len(partial) == 1:
        hint = f"; did you mean {partial[0].id!r} ({partial[0].name})?"
    elif partial:
        hint = "; names containing it: " + ", ".join(f"{spec.id} ({spec.name})" for spec in partial[:5])
    else:
        names = {spec.id.casefold(): spec.id for spec in specs} | {fold(spec.name): spec.id for spec in specs}
        hint = _suggest(query, names) or "; run 'zsplan status' to list target ids"
    raise UsageError(f"unknown target {query!r}{hint}")


def find_unit(session: Session, query: str) -> t.UnitRecord:
    """Return the unit whose id, Chinese name (either script) or English name is ``query``.

    Raises:
        UsageError: no unit matches (with a did-you-mean).
    """
    units = session.exec(select(t.UnitRecord).order_by(t.UnitRecord.position)).all()
    key = fold(query)
    for unit in units:
        if unit.id == query or fold(unit.name) == key or fold(unit.name_en) == key or unit.id.casefold() == key:
            return unit
    names = {fold(unit.name): unit.name for unit in units} | {unit.id: unit.id for unit in units}
    raise UsageError(f"unknown unit {query!r}{_suggest(query, names) or '; known units: ' + ', '.join(unit.id for unit in units)}")


#: Largest count accepted in one report; anything above is a typing slip (the plan's largest target is 60).
MAX_VALUE = 1_000_000
#: Longest note or source text accepted, in characters.
MAX_TEXT = 2000


def _check_text(label: str, text: str | None) -> None:
    if text is None:
        return
    if len(text) > MAX_TEXT:
        raise UsageError(f"{label} is {len(text)} characters long; keep it under {MAX_TEXT} (cite a document instead)")
    bad = next((char for char in text if unicodedata.category(char) == "Cc" and char not in "\n\t"), None)
    if bad is not None:
        raise UsageError(f"{label} contains the control character U+{ord(bad):04X}; remove it")


def check_entry(
    spec: TargetSpec,
    *,
    value: float | None,
    item: str | None,
    as_of: dt.date,
    today: dt.date,
    note: str | None = None,
    source: str | None = None,
) -> tuple[float, str | None]:
    """Check a progress report against its target and return the ``(value, item_id)`` to store.

    Rules: the date is not after ``today`` nor before the baseline date; values are
    finite, non-negative whole counts (every unit of the plan, 家/個/項/人/名/所/屆,
    counts whole things) up to :data:`MAX_VALUE`; a milestone takes 1 (done) or 0
    (not yet; default 1); a checklist takes ``item`` (an item id or name, any
    script or case) and no value; notes and sources are at most :data:`MAX_TEXT`
    characters without control characters other than newline and tab.

    Raises:
        UsageError: the report breaks a rule; the message says how to fix it.
    """
    _check_text("--note", note)
    _check_text("--source", source)
    if as_of > today:
        raise UsageError(f"date {as_of} is in the future (today is {today}); progress is reported as of a past or present date")
    if as_of < spec.baseline_date:
        raise UsageError(f"date {as_of} is before the baseline date {spec.baseline_date} of {spec.id!r}")
    if spec.kind == "checklist":
        if item is None:
            listing = ", ".join(f"{item_id} ({name})" for item_id, name in spec.items)
            raise UsageError(f"{spec.id!r} is a checklist; report an item with --item ID: {listing}")
        if value is not None and value != 1:
            raise UsageError(f"{spec.id!r} is a checklist; give --item without a value (or value 1)")
        key = fold(item)
        for item_id, name in spec.items:
            if key in (item_id.casefold(), fold(name)):
                return 1.0, item_id
        raise UsageError(f"unknown item {item!r} of {spec.id!r}; items: " + ", ".join(f"{item_id} ({name})" for item_id, name in spec.items))
    if item is not None:
        raise UsageError(f"--item is for checklist targets; {spec.id!r} is a {spec.kind} target")
    if value is None:
        if spec.kind == "milestone":
            return 1.0, None
        raise UsageError(f"give a value for {spec.id!r} ({'level reached' if spec.progress == 'stock' else 'increment since the last report'}, in {spec.unit})")
    if not math.isfinite(value):
        raise UsageError(f"value {value} is not a finite number")
    if value < 0:
        raise UsageError(f"value {value:g} is negative; {spec.id!r} counts {spec.unit} and cannot go below 0")
    if value > MAX_VALUE:
        raise UsageError(f"value {value:g} is implausibly large for {spec.id!r} (at most {MAX_VALUE:,} {spec.unit} per report)")
    if not float(value).is_integer():
        raise UsageError(f"value {value:g} is not a whole number; {spec.id!r} counts {spec.unit}")
    if spec.kind == "milestone" and value not in (0, 1):
        raise UsageError(f"{spec.id!r} is a milestone; give 1 (done) or 0 (not yet), got {value:g}")
    return float(value), None


def find_item_entry(session: Session, *, target_id: str, item_id: str) -> t.ProgressEntry | None:
    """Return the first entry that already records ``item_id`` for ``target_id``, if any."""
    return session.exec(
        select(t.ProgressEntry)
        .where(t.ProgressEntry.target_id == target_id, t.ProgressEntry.item_id == item_id)
        .order_by(t.ProgressEntry.id)
    ).first()


def record_progress(
    session: Session,
    *,
    spec: TargetSpec,
    value: float,
    item_id: str | None,
    as_of: dt.date,
    recorded_at: dt.datetime,
    recorded_by: str,
    note: str | None = None,
    source: str | None = None,
) -> t.ProgressEntry:
    """Append one checked entry (see :func:`check_entry`) for ``spec``; the caller commits.

    Returns:
        The new entry, with its id assigned.
    """
    entry = t.ProgressEntry(
        target_id=spec.id,
        value=value,
        item_id=item_id,
        as_of=as_of,
        recorded_at=recorded_at,
        recorded_by=recorded_by,
        note=note,
        source=source,
    )
    session.add(entry)
    session.flush()
    return entry
