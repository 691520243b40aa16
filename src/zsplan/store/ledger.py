"""The progress ledger: look up targets and units, record entries, aggregate progress.

Entries are append-only. Aggregation happens in SQL (counts, sums, the latest
entry per target, per-year sums, distinct checklist items), so the analysis
receives one :class:`~zsplan.analysis.standing.ProgressFacts` per target.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import String, and_, case, cast, exists, func, insert, literal_column, or_, type_coerce
from sqlalchemy import text as sql_text
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from zsplan.analysis.entries import Entry, HistoryRow, Unit
from zsplan.analysis.revisions import Revision
from zsplan.analysis.standing import ProgressFacts, TargetSpec
from zsplan.errors import LedgerTampered, UsageError
from zsplan.store import plans
from zsplan.store import tables as t
from zsplan.store.checks import (  # noqa: F401  (the ledger's checks, kept under its names)
    MAX_ITEM_NAME,
    MAX_TEXT,
    MAX_VALUE,
    CheckedEntry,
    check_entry,
    check_line,
    check_realised_as,
    check_recorder,
    check_text,
)
from zsplan.store.plain import (
    NIL,
    PlanHeader,
    TargetIndex,
    measure_places,
    naive_utc,
    names_item,
    per_date_rows,
    refuse_foreign_definitions,
    target_specs,
    undo_amendments,
    unknown_unit,
)
from zsplan.text import fold, fold_many


def fetch_specs(
    session: Session,
    *,
    unit_id: str | None = None,
    category: str | None = None,
    ids: list[str] | None = None,
    as_of: dt.date | None = None,
    known_at: dt.datetime | None = None,
) -> list[TargetSpec]:
    """Return the stored targets in plan order, optionally only those of a unit or category, or with these ids.

    Args:
        unit_id: keep targets for which this unit is lead or co-responsible.
        category: keep targets of this category (``lab``, ``team``, …).
        ids: keep only these targets (an indexed look-up: ``log`` stays fast on a large plan), of
            whichever plan (keys are unique in the database); without ``ids``, the targets of the
            selected plan (:func:`zsplan.store.plans.selected_plan`).
        as_of, known_at: the definitions in effect on ``as_of`` as recorded by ``known_at``: an
            amendment (``target_revision``) taking effect after ``as_of``, or recorded after
            ``known_at``, is undone. None: the newest definitions.

    Raises:
        UsageError: no ``ids``, and the database holds several plans and none is selected.
    """
    # Plain rows (not ORM objects): a province-sized plan has tens of thousands of targets.
    target, link, unit, measure, item = (
        table.__table__.c for table in (t.TargetRecord, t.TargetUnitRecord, t.UnitRecord, t.MeasureRecord, t.ChecklistItemRecord)
    )
    connection = session.connection()
    query = select(
        target.id,
        target.name,
        target.kind,
        target.category,
        target.unit,
        target.comparator,
        target.deadline,
        target.baseline_value,
        target.baseline_date,
        target.progress,
        target.mode,
        target.measure_id,
        target.value,
        target.min_value,
        target.max_value,
        target.per_year,
        target.years,
        target.deadline_inferred,
        target.strength,
        target.source_text,
        target.stated_in,
        target.note,
        target.unit_kind,
        target.precision,
        target.tolerance,
        target.year,
        target.within_years,
        target.counts,
        target.counts_ambiguous,
        target.counts_note,
        target.met_at_baseline,
        target.plan_id,
    ).order_by(target.position)
    if ids is None:
        plan_id = plans.selected_plan(session)
        if plan_id is not None:
            query = query.where(target.plan_id == plan_id)
    if category is not None:
        query = query.where(target.category == category)
    if unit_id is not None:
        query = query.where(target.id.in_(select(link.target_id).where(link.unit_id == unit_id)))
    if ids is not None:
        query = query.where(target.id.in_(ids))
    rows = connection.execute(query).all()
    if not rows:
        return []
    if as_of is not None or known_at is not None:
        rows = _as_defined(connection, rows, [column.name for column in query.selected_columns], as_of, known_at)
    refuse_foreign_definitions(rows)
    places = measure_places(connection.execute(select(measure.id, measure.parent_id, measure.number, measure.title)).all(), {row[11] for row in rows})
    unit_query = select(link.target_id, link.unit_id, link.role).order_by(link.target_id, link.position)
    item_query = select(item.target_id, item.item_id, item.name).order_by(item.target_id, item.position)
    if ids is not None:
        unit_query = unit_query.where(link.target_id.in_(ids))
        item_query = item_query.where(item.target_id.in_(ids))
    elif (narrowed := plans.narrowing_plan(session)) is not None:  # several plans: the selected plan's links and items only
        mine = select(target.id).where(target.plan_id == narrowed)
        unit_query = unit_query.where(link.target_id.in_(mine))
        item_query = item_query.where(item.target_id.in_(mine))
    names = dict(connection.execute(select(unit.id, unit.name)).all())
    return target_specs(rows, places, names, connection.execute(unit_query).all(), connection.execute(item_query).all())


def _as_defined(connection, rows: list[Any], names: list[str], as_of: dt.date | None, known_at: dt.datetime | None) -> list[Any]:
    """``rows`` with every amendment not in effect on ``as_of`` (or not recorded by ``known_at``) undone, newest first."""
    revision = t.TargetRevisionRecord.__table__.c
    found = connection.execute(
        select(revision.target_id, revision.recorded_at, revision.effective_from, revision.old_values).order_by(revision.id.desc())
    ).all()
    return undo_amendments(rows, names, found, as_of, known_at) if found else rows


def _effective(entry, known_at: dt.datetime | None) -> list:
    """Conditions for entries that count: not a retraction, not superseded (as known at ``known_at``)."""
    later = aliased(t.ProgressEntry)
    superseding = select(later.id).where(later.supersedes == entry.id)
    conditions = [entry.kind != "retraction"]
    if known_at is not None:
        superseding = superseding.where(later.recorded_at <= known_at)
        conditions.append(entry.recorded_at <= known_at)
    conditions.append(~exists(superseding))
    return conditions


def _has_supersessions(session: Session) -> bool:
    """Whether any entry corrects or retracts another (one indexed look-up)."""
    entry = t.ProgressEntry.__table__.c
    return session.connection().execute(select(entry.id).where(entry.supersedes.is_not(None)).limit(1)).first() is not None


def _scope(
    session: Session,
    entry,
    as_of: dt.date,
    target_ids,
    known_at: dt.datetime | None,
    supersessions: bool | None = None,
    uncounted: frozenset[int] = frozenset(),
) -> list:
    """Conditions selecting the entries that count as of ``as_of`` (and ``known_at``).

    A ledger without any correction or retraction (the usual case) needs no
    supersession test per entry; one indexed look-up decides (``supersessions``
    when the caller has already asked). ``uncounted`` are entries left out by their
    evidence state (:func:`zsplan.store.evidence.uncounted_ids`): rejected ones, and
    unverified claims; usually none.
    """
    scope = [entry.as_of <= as_of]
    if uncounted:
        scope.append(entry.id.not_in(sorted(uncounted)))
    if _has_supersessions(session) if supersessions is None else supersessions:
        scope += _effective(entry, known_at)
    elif known_at is not None:
        scope.append(entry.recorded_at <= known_at)
    if target_ids is not None:
        scope.append(entry.target_id.in_(list(target_ids)))
    return scope


def progress_facts(
    session: Session,
    as_of: dt.date,
    target_ids: Iterable[str] | None = None,
    *,
    known_at: dt.datetime | None = None,
    uncounted: frozenset[int] = frozenset(),
) -> dict[str, ProgressFacts]:
    """Aggregate the effective entries dated on or before ``as_of``, per target, in SQL.

    Six queries whatever the ledger's size, each driven from the target table
    and reading an index alone, and each summing only what some rule needs:

    * per target, the number of entries, and the last as-of date (an indexed
      maximum per target);
    * the sum of values of flow targets counted by value;
    * per-year sums of per-year targets (their sum is the total);
    * the latest value of each stock target and milestone (an indexed look-up);
    * distinct named items of targets counted by items;
    * the items done of each checklist.

    Args:
        target_ids: only these targets (None: all the selected plan's).
        known_at: count only what had been recorded by this UTC time, and
            corrections and retractions recorded by then: the ledger as it stood
            at that moment. None means everything recorded.
        uncounted: entries that do not count by their evidence state (rejected, or
            unverified claims: :func:`zsplan.store.evidence.uncounted_ids`).

    Returns:
        target id → :class:`ProgressFacts`; targets without effective entries are absent.
    """
    target_table, entry_table = t.TargetRecord.__table__, t.ProgressEntry.__table__
    target, entry = target_table.c, entry_table.c
    connection = session.connection()
    chosen = [] if target_ids is None else [target.id.in_(list(target_ids))]
    narrowed = plans.narrowing_plan(session) if target_ids is None else None
    if narrowed is not None:  # a database of several plans: the selected plan's targets
        chosen = [target.plan_id == narrowed]

    supersessions = _has_supersessions(session)

    def scoped(alias):
        return _scope(session, alias, as_of, None, known_at, supersessions, uncounted)

    scope = scoped(entry)

    def per_target(*columns, where=()):
        # rows of the target table joined to their effective entries through the covering index
        return select(target.id, *columns).select_from(target_table.join(entry_table, and_(entry.target_id == target.id, *scope))).where(*chosen, *where)

    last = entry_table.alias("last_entry").c
    last_as_of = select(func.max(last.as_of)).where(last.target_id == target.id, *scoped(last)).scalar_subquery()
    counts = connection.execute(per_target(func.count(), last_as_of).group_by(target.id)).all()
    flow_value = [target.mode == "value", target.progress == "flow", target.kind.not_in(("per_year", "milestone"))]
    totals = dict(connection.execute(per_target(func.sum(entry.value), where=flow_value).group_by(target.id)).all())
    # the year as the first four characters of the ISO date: cheaper than a date function on SQLite
    year = func.substr(cast(entry.as_of, String), literal_column("1"), literal_column("4"))
    by_year: dict[str, dict[int, float]] = defaultdict(dict)
    for target_id, entry_year, amount in connection.execute(
        per_target(year, func.sum(entry.value), where=[target.kind.in_(("per_year", "annual"))]).group_by(target.id, year)
    ).all():
        by_year[target_id][int(entry_year)] = float(amount or 0)
    for target_id, years in by_year.items():
        totals.setdefault(target_id, sum(years.values()))
    latest_entry = entry_table.alias("latest_entry").c
    latest_value = (
        select(latest_entry.value)
        .where(latest_entry.target_id == target.id, latest_entry.item_id.is_(None), latest_entry.kind != "nil", *scoped(latest_entry))
        .order_by(latest_entry.as_of.desc(), latest_entry.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    stock = select(target.id, latest_value).where(*chosen, target.mode == "value", or_(target.progress == "stock", target.kind == "milestone"))
    latest = {target_id: value for target_id, value in connection.execute(stock).all() if value is not None}
    item_counts = dict(
        connection.execute(
            per_target(
                func.count(func.distinct(entry.item_id)), where=[target.mode == "items", target.kind != "checklist", entry.item_id.is_not(None)]
            ).group_by(target.id)
        ).all()
    )
    checklist_items: dict[str, list[str]] = defaultdict(list)
    for target_id, item_id in connection.execute(per_target(entry.item_id, where=[target.kind == "checklist", entry.item_id.is_not(None)]).distinct()).all():
        checklist_items[target_id].append(item_id)
    no_years: dict[int, float] = {}
    none: frozenset[str] = frozenset()
    return {
        target_id: ProgressFacts(
            count,
            last,
            float(totals.get(target_id) or 0),
            latest.get(target_id),
            by_year.get(target_id, no_years),
            frozenset(checklist_items[target_id]) if target_id in checklist_items else none,
            item_counts.get(target_id, 0),
        )
        for target_id, count, last in counts
    }


def with_baseline_facts(
    session: Session, specs: Iterable[TargetSpec], facts: dict[str, ProgressFacts], *, known_at: dt.datetime | None = None
) -> dict[str, ProgressFacts]:
    """``facts`` with :attr:`~zsplan.analysis.standing.ProgressFacts.before_baseline` added for the targets that have baseline facts.

    A baseline fact is an entry dated before its target's baseline date (docs/method.md,
    "Baseline facts"). One query, driven from the target table through the
    (target, as-of) index, finds the targets that have one; each group of them with the
    same baseline date then gets :func:`progress_facts` as of the day before it.

    Returns:
        Target id → facts, for the targets of ``facts``; others unchanged.
    """
    import dataclasses

    wanted = {spec.id: spec for spec in specs if (found := facts.get(spec.id)) is not None and found.before_baseline is None}
    if not wanted:
        return facts
    target, entry = t.TargetRecord.__table__.c, t.ProgressEntry.__table__.c
    early = exists(select(entry.id).where(entry.target_id == target.id, entry.as_of < target.baseline_date))
    query = select(target.id).where(early)
    if len(wanted) <= 500:
        query = query.where(target.id.in_(list(wanted)))
    having = [target_id for (target_id,) in session.connection().execute(query).all() if target_id in wanted]
    if not having:
        return facts
    by_date: dict[dt.date, list[str]] = defaultdict(list)
    for target_id in having:
        by_date[wanted[target_id].baseline_date].append(target_id)
    result = dict(facts)
    for baseline_date, group in by_date.items():
        for target_id, before in progress_facts(session, baseline_date - dt.timedelta(days=1), group, known_at=known_at).items():
            result[target_id] = dataclasses.replace(result[target_id], before_baseline=before)
    return result


def judged_facts(
    session: Session,
    as_of: dt.date,
    specs: Iterable[TargetSpec],
    facts: dict[str, ProgressFacts],
    *,
    known_at: dt.datetime | None = None,
    series: dict[str, list[tuple[dt.date, float, float | None]]] | None = None,
    uncounted: frozenset[int] = frozenset(),
) -> dict[str, ProgressFacts]:
    """``facts`` with what the deadline verdict needs added for the targets past their deadline.

    A target whose deadline is before ``as_of`` and that has an entry dated after its
    deadline gets :attr:`~zsplan.analysis.standing.ProgressFacts.at_deadline` (the same
    aggregates as of its deadline: one :func:`progress_facts` call per distinct deadline,
    for those targets only) and, when ``series`` is given, ``after_deadline`` (its report
    dates after the deadline, which date a late completion). Other targets' facts are
    returned as they are: their deadline facts are their facts.

    Returns:
        Target id → facts, for the targets of ``facts``.
    """
    import dataclasses

    facts = with_baseline_facts(session, specs, facts, known_at=known_at)
    late = [
        spec
        for spec in specs
        if spec.deadline < as_of and (found := facts.get(spec.id)) is not None and found.last_as_of is not None and found.last_as_of > spec.deadline
    ]
    if not late:
        return facts
    rows = series or {}
    by_deadline: dict[dt.date, list[str]] = defaultdict(list)
    for spec in late:
        by_deadline[spec.deadline].append(spec.id)
    at_deadline: dict[str, ProgressFacts] = {}
    for deadline, group in by_deadline.items():
        at_deadline.update(progress_facts(session, deadline, group, known_at=known_at, uncounted=uncounted))
    judged = dict(facts)
    for spec in late:
        after = tuple(row for row in rows.get(spec.id, []) if row[0] > spec.deadline)
        judged[spec.id] = dataclasses.replace(facts[spec.id], at_deadline=at_deadline.get(spec.id, ProgressFacts()), after_deadline=after)
    return judged


def progress_series(
    session: Session,
    as_of: dt.date,
    target_ids: Iterable[str] | None = None,
    *,
    known_at: dt.datetime | None = None,
    uncounted: frozenset[int] = frozenset(),
) -> dict[str, list[tuple[dt.date, float, float | None]]]:
    """Per target, one row per report date of the effective entries: ``(date, sum of values, last value)``.

    The input of forecasts and burn-up charts (:func:`zsplan.analysis.pace.achieved_series`);
    aggregated in SQL, so a target with many entries on a day yields one row. One query: each
    date's sum and the id of its last entry that states a level (not a nil report), whose value
    is then joined in by its id (a date with only nil reports has no last value).
    """
    entry_table = t.ProgressEntry.__table__
    entry = entry_table.c
    scope = _scope(session, entry, as_of, target_ids, known_at, uncounted=uncounted)
    narrowed = plans.narrowing_plan(session) if target_ids is None else None
    if narrowed is not None:  # a database of several plans: the selected plan's targets
        scope.append(entry.target_id.in_(select(t.TargetRecord.id).where(t.TargetRecord.plan_id == narrowed)))
    days = (
        select(
            entry.target_id,
            entry.as_of,
            func.sum(entry.value).label("total"),
            func.max(case((entry.kind != NIL, entry.id))).label("last_id"),
        )
        .where(*scope)
        .group_by(entry.target_id, entry.as_of)
        .subquery("days")
    )
    last = entry_table.alias("last_entry")
    # the dates as the driver gives them (SQLite: ISO text), each distinct one parsed once by per_date_rows
    day = type_coerce(days.c.as_of, String)
    query = select(days.c.target_id, day, days.c.total, last.c.value).select_from(days.outerjoin(last, last.c.id == days.c.last_id))
    return per_date_rows(session.connection().execute(query).all())


def as_entry(row: t.ProgressEntry) -> Entry:
    """The plain :class:`~zsplan.analysis.entries.Entry` of a stored row (``recorded_at`` made UTC-aware)."""
    recorded = row.recorded_at if row.recorded_at.tzinfo else row.recorded_at.replace(tzinfo=dt.UTC)
    return Entry(
        id=int(row.id or 0),
        target_id=row.target_id,
        kind=row.kind,
        value=row.value,
        item_id=row.item_id,
        item_name=row.item_name,
        as_of=row.as_of,
        recorded_at=recorded.astimezone(dt.UTC),
        recorded_by=row.recorded_by,
        note=row.note,
        evidence=row.source,
        supersedes=row.supersedes,
        reason=row.reason,
        entry_hash=row.entry_hash,
    )


def history(session: Session, target_id: str, *, item: str | None = None) -> list[HistoryRow]:
    """Every entry of a target, superseded ones included, in the order recorded (with ``item``: those of the item
    of that name, by the plan's name, its id or the name it was realised under)."""
    entries = session.exec(select(t.ProgressEntry).where(t.ProgressEntry.target_id == target_id).order_by(t.ProgressEntry.id)).all()
    replaced = {entry.supersedes: entry.id for entry in entries if entry.supersedes is not None}
    named = _with_aliases(session, [as_entry(entry) for entry in entries])
    rows = [HistoryRow(entry=entry, superseded_by=replaced.get(entry.id)) for entry in named]
    return rows if item is None else [row for row in rows if names_item(row.entry, item)]


def _with_aliases(session: Session, entries: list[Entry]) -> list[Entry]:
    """``entries`` with the names their achievements were realised under (``realised_as``)."""
    import dataclasses

    ids = [entry.id for entry in entries if entry.item_name is not None]
    if not ids:
        return entries
    aliases: dict[int, str] = dict(
        session.connection().execute(select(t.AliasRecord.entry_id, t.AliasRecord.name).where(t.AliasRecord.entry_id.in_(ids))).tuples().all()
    )
    return [dataclasses.replace(entry, realised_as=aliases[entry.id]) if entry.id in aliases else entry for entry in entries]


def refuse_alias_clash(session: Session, spec: TargetSpec, checked: CheckedEntry, realised_as: str | None) -> None:
    """An achievement counts once under any of its names: refuse an item whose name, or realised-as name, an
    effective entry of the target already records as a name or a realised-as name.

    Raises:
        UsageError: naming the entry that has the name.
    """
    if checked.item_id is None:
        return
    keys = {fold(name) for name in (checked.item_name, realised_as) if name}
    entry = t.ProgressEntry
    query = (
        select(entry.id, entry.item_name, t.AliasRecord.name)
        .select_from(entry)
        .outerjoin(t.AliasRecord, t.AliasRecord.entry_id == entry.id)
        .where(entry.target_id == spec.id, or_(entry.item_id.in_(keys), t.AliasRecord.folded.in_(keys)), *_effective(entry, None))
        .order_by(entry.id)
    )
    for entry_id, item_name, alias in session.connection().execute(query).all():
        if entry_id is not None:
            raise UsageError(
                f"{item_name!r} of {spec.id!r} already has that name (entry #{entry_id}{f', realised as {alias!r}' if alias else ''}); an item counts once",
                "item",
            )


def record_alias(session: Session, entry_id: int, name: str) -> None:
    """Keep the name entry ``entry_id``'s achievement was realised under."""
    session.add(t.AliasRecord(entry_id=entry_id, name=name, folded=fold(name)))
    session.flush()


def all_entries(session: Session) -> list[Entry]:
    """Every entry of the ledger, superseded ones included, in id order (for exports)."""
    return [as_entry(row) for row in session.exec(select(t.ProgressEntry).order_by(t.ProgressEntry.id)).all()]


def has_entries(session: Session) -> bool:
    """Whether the ledger holds any entry at all."""
    return session.exec(select(t.ProgressEntry.id).limit(1)).first() is not None


def restore_entries(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert exported entries with their own ids (a restore); on PostgreSQL move the id sequence past them.

    Args:
        rows: column → value dicts of :class:`~zsplan.store.tables.ProgressEntry`, ids included.
    """
    if not rows:
        return
    from zsplan.store import chain
    from zsplan.store.roles import allow_restore

    ordered = sorted(rows, key=lambda row: row["id"])
    hashes = chain.chain(chain.GENESIS, ([row[name] for name in chain.HASHED] for row in ordered))
    for row, digest in zip(ordered, hashes, strict=True):
        carried = row.pop("entry_hash", None)
        if carried is not None and carried != digest:
            raise LedgerTampered(f"entry #{row['id']} of the export does not match its hash: the export was changed after it was written", [])
        row["entry_hash"] = digest
    allow_restore(session)
    names = sorted({row["item_name"] for row in ordered if row.get("item_name")})
    keys = dict(zip(names, fold_many(names), strict=True))
    session.execute(insert(t.ProgressEntry), [row | {"name_key": keys.get(row.get("item_name") or "")} for row in ordered])
    if session.get_bind().url.get_backend_name() == "postgresql":
        session.execute(sql_text("SELECT setval(pg_get_serial_sequence('progress_entry', 'id'), (SELECT max(id) FROM progress_entry))"))


def effective_items(session: Session, target_id: str, *, as_of: dt.date | None = None) -> list[Entry]:
    """The named achievements that count for a target (optionally those dated by ``as_of``), oldest first."""
    entry = t.ProgressEntry
    query = select(entry).where(entry.target_id == target_id, entry.item_id.is_not(None), *_effective(entry, None))
    if as_of is not None:
        query = query.where(entry.as_of <= as_of)
    return _with_aliases(session, [as_entry(row) for row in session.exec(query.order_by(entry.as_of, entry.id)).all()])


def plan_header(session: Session, plan_id: str | None = None) -> PlanHeader | None:
    """Plan ``plan_id``'s title and issue date (default: the selected plan), or None when no plan is loaded.

    Raises:
        UsageError: no ``plan_id``, and the database holds several plans and none is selected.
    """
    plan_id = plan_id or plans.selected_plan(session)
    if plan_id is None:
        return None
    row = session.exec(select(t.PlanRecord.title, t.PlanRecord.issued).where(t.PlanRecord.id == plan_id)).first()
    return None if row is None else PlanHeader(title=row[0], issued=row[1], id=plan_id)


def links_of(session: Session, target_id: str, measure_id: str, plan_id: str) -> list:
    """:func:`zsplan.store.plans.links_of` (the name both read paths give it)."""
    return plans.links_of(session, target_id, measure_id, plan_id)


def unit_names(session: Session, plan_id: str | None = None) -> list[tuple[str, str]]:
    """The responsible units of plan ``plan_id`` (default: the selected plan) as ``(id, name)``, in the plan's order.

    Raises:
        UsageError: no ``plan_id``, and the database holds several plans and none is selected.
    """
    plan_id = plan_id or plans.selected_plan(session)
    query = (
        select(t.UnitRecord.id, t.UnitRecord.name)
        .join(t.PlanUnitRecord, t.PlanUnitRecord.unit_id == t.UnitRecord.id)
        .where(t.PlanUnitRecord.plan_id == (plan_id or ""))
        .order_by(t.PlanUnitRecord.position)
    )
    return [(unit_id, name) for unit_id, name in session.exec(query).all()]


def chapters(session: Session, plan_id: str | None = None) -> list[tuple[str, str, str]]:
    """The chapters of plan ``plan_id`` (default: the selected plan) as ``(id, number, title)``, in order.

    Raises:
        UsageError: no ``plan_id``, and the database holds several plans and none is selected.
    """
    plan_id = plan_id or plans.selected_plan(session)
    query = select(t.MeasureRecord).where(t.MeasureRecord.level == "chapter", t.MeasureRecord.plan_id == (plan_id or "")).order_by(t.MeasureRecord.position)
    return [(measure.id, measure.number, measure.title) for measure in session.exec(query).all()]


def find_entry(session: Session, entry_id: int) -> Entry:
    """Return entry ``entry_id``; the rest of the session reads its target's plan.

    Raises:
        UsageError: there is no such entry, or ``--plan`` named another plan than its target's.
    """
    entry = session.get(t.ProgressEntry, entry_id)
    if entry is None:
        raise UsageError(f"no progress entry #{entry_id}; 'zsplan history TARGET' lists a target's entries")
    owner = session.exec(select(t.TargetRecord.plan_id).where(t.TargetRecord.id == entry.target_id)).first()
    if owner is not None:
        plans.use_plan(session, owner)  # the rest of the command reads the entry's plan (refused if --plan names another)
    return as_entry(entry)


def check_supersedable(session: Session, entry: Entry) -> None:
    """Only the current version of a report can be corrected or retracted.

    Raises:
        UsageError: ``entry`` is a retraction, or has already been corrected or retracted.
    """
    if entry.kind == "retraction":
        raise UsageError(f"entry #{entry.id} is a retraction; a retraction cannot be corrected or retracted")
    later = session.exec(select(t.ProgressEntry).where(t.ProgressEntry.supersedes == entry.id)).first()
    if later is not None and later.kind == "retraction":
        raise UsageError(f"entry #{entry.id} was retracted by #{later.id}; if it should count after all, log it again")
    if later is not None:
        raise UsageError(f"entry #{entry.id} was already corrected by #{later.id}; work on #{later.id} instead")


def find_target(session: Session, query: str) -> TargetSpec:
    """Return the target whose key, id or name (any script or width) is ``query``.

    A key (unique in the database), a plan's own id or ``<plan id>:<own id>`` finds its target
    whichever plan is selected, unless the id is in several plans and none is asked for (refused);
    a name is looked up in the selected plan. The rest of the session reads the target's plan.

    Raises:
        UsageError: ``query`` is empty, no target matches (with a did-you-mean), or a name matches
            several; or ``--plan`` named another plan than the target's.
    """
    key = plans.choose_key(session, plans.matching_keys(session, "target", query), query, "target")
    exact = fetch_specs(session, ids=[key]) if key is not None else []
    found = exact[0] if exact else TargetIndex(fetch_specs(session)).find(query)
    plans.use_plan(session, found.plan_id)  # the rest of the command reads the target's plan
    return found


def find_unit(session: Session, query: str) -> Unit:
    """Return the unit whose id, Chinese name (either script) or English name is ``query``.

    Raises:
        UsageError: no unit matches (with a did-you-mean).
    """
    units = list(session.exec(select(t.UnitRecord).order_by(t.UnitRecord.position)).all())
    current = session.info.get(plans.PLAN_OPTION) or plans.asked_plan(session)
    if current:  # the units of the plan in use first
        mine = set(session.exec(select(t.PlanUnitRecord.unit_id).where(t.PlanUnitRecord.plan_id == current)).all())
        units.sort(key=lambda unit: unit.id not in mine)
    key = fold(query)
    for unit in units:
        if unit.id == query or fold(unit.name) == key or fold(unit.name_en) == key or unit.id.casefold() == key:
            return Unit(id=unit.id, name=unit.name)
    raise unknown_unit(query, [(unit.id, unit.name) for unit in units])


def recorded_item(session: Session, spec: TargetSpec, checked: CheckedEntry) -> Entry | None:
    """The effective entry that already records ``checked``'s item for ``spec`` (None: none does, or not an item)."""
    if checked.item_id is None:
        return None
    entry = t.ProgressEntry
    query = select(entry).where(entry.target_id == spec.id, entry.item_id == checked.item_id, *_effective(entry, None))
    earlier = session.exec(query.order_by(entry.id)).first()
    return None if earlier is None else as_entry(earlier)


def refuse_duplicate_item(session: Session, spec: TargetSpec, checked: CheckedEntry, *, ignore: int | None = None) -> None:
    """An item counts once per target: refuse one that an effective entry already records.

    Args:
        ignore: an entry id not to count (the one being corrected).

    Raises:
        UsageError: the item is already recorded; the message names the entry.
    """
    if checked.item_id is None:
        return
    entry = t.ProgressEntry
    query = select(entry).where(entry.target_id == spec.id, entry.item_id == checked.item_id, *_effective(entry, None))
    if ignore is not None:
        query = query.where(entry.id != ignore)
    earlier = session.exec(query.order_by(entry.id)).first()
    if earlier is not None:
        raise UsageError(
            f"item {earlier.item_name or earlier.item_id!r} of {spec.id!r} is already recorded "
            f"(entry #{earlier.id}, as of {earlier.as_of}); an item counts once",
            "item",
        )


def effective_item_keys(session: Session, target_ids: Iterable[str]) -> dict[tuple[str, str], int]:
    """The named items that effective entries of these targets already record: (target id, item key) → first entry id."""
    entry = t.ProgressEntry
    ids = list(target_ids)
    query = (
        select(entry.target_id, entry.item_id, func.min(entry.id))
        .where(entry.target_id.in_(ids), entry.item_id.is_not(None), *_effective(entry, None))
        .group_by(entry.target_id, entry.item_id)
    )
    return {(target_id, item_id): first for target_id, item_id, first in session.connection().execute(query)}


def effective_value_keys(session: Session, target_ids: Iterable[str]) -> dict[tuple[str, dt.date, float | str, str], int]:
    """The value reports effective entries of these targets hold: (target id, as-of date, value or ``"nil"``, recorded by) → first entry id."""
    entry = t.ProgressEntry
    ids = list(target_ids)
    query = (
        select(entry.target_id, entry.as_of, entry.value, entry.kind, entry.recorded_by, func.min(entry.id))
        .where(entry.target_id.in_(ids), entry.item_id.is_(None), *_effective(entry, None))
        .group_by(entry.target_id, entry.as_of, entry.value, entry.kind, entry.recorded_by)
    )
    found: dict[tuple[str, dt.date, float | str, str], int] = {}
    for target_id, as_of, value, kind, by, first in session.connection().execute(query):
        key = (target_id, as_of, "nil" if kind == NIL else float(value), by)
        found[key] = min(first, found.get(key, first))
    return found


def record_entry(
    session: Session,
    *,
    target_id: str,
    value: float,
    as_of: dt.date,
    recorded_at: dt.datetime,
    recorded_by: str,
    item_id: str | None = None,
    item_name: str | None = None,
    note: str | None = None,
    evidence: str | None = None,
    kind: str = "log",
    supersedes: int | None = None,
    reason: str | None = None,
) -> Entry:
    """Append one entry (already checked, see :func:`check_entry`) to the ledger; the caller commits.

    Returns:
        The entry as stored, with its id and its chain hash (:mod:`zsplan.store.chain`).
    """
    from zsplan.store import chain, roles

    stamp = roles.server_stamp(session)
    if stamp is not None:
        recorded_at, recorded_by = stamp
    row = t.ProgressEntry(
        target_id=target_id,
        value=value,
        item_id=item_id,
        item_name=item_name,
        as_of=as_of,
        recorded_at=recorded_at,
        recorded_by=recorded_by,
        note=note,
        source=evidence,
        kind=kind,
        supersedes=supersedes,
        reason=reason,
        name_key=fold(item_name) if item_name else None,
    )
    row.entry_hash = chain.entry_hash(chain.chain_head(session), [getattr(row, name) for name in chain.HASHED])
    session.add(row)
    session.flush()
    return as_entry(row)


def target_revisions(session: Session, target_id: str) -> list[Revision]:
    """Every amendment of ``target_id``, oldest first (see :class:`zsplan.analysis.revisions.Revision`)."""
    import json

    revision = t.TargetRevisionRecord.__table__.c
    rows = (
        session.connection()
        .execute(
            select(revision.recorded_at, revision.effective_from, revision.reason, revision.old_values, revision.new_values)
            .where(revision.target_id == target_id)
            .order_by(revision.id)
        )
        .all()
    )
    result = []
    for recorded_at, effective_from, reason, old_values, new_values in rows:
        old, new = json.loads(old_values), json.loads(new_values)
        result.append(Revision(target_id, naive_utc(recorded_at), effective_from, reason, tuple((name, old[name], new[name]) for name in sorted(new))))
    return result


def declared_categories(session: Session) -> tuple[str, ...]:
    """The ids of the categories the stored plan file declares beside the built-in ones (none without a plan)."""
    from zsplan.store import load

    plan = load.stored_definitions(session)
    return tuple(item.id for item in plan.categories) if plan is not None else ()
