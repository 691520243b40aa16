"""The fast read path: the queries of ``status``, ``explain``, ``items`` and ``history`` on an SQLite file,
over the standard library's :mod:`sqlite3` (no SQLAlchemy, no sqlmodel, no pydantic).

Each function here has the name, arguments and result of the ORM function it stands for
(:mod:`zsplan.store.ledger`, :mod:`zsplan.store.evidence`, :func:`zsplan.store.rounds.find_task`),
and runs the same SQL as that function compiles to on SQLite, so that a service reads through
either module alike (:mod:`zsplan.service.reading`) and gets the same plain data.
``tests/test_fast_read.py`` compares the commands' outputs on both paths.

Values come back as SQLAlchemy's SQLite types give them: ``DATE`` text as :class:`datetime.date`,
``DATETIME`` text as a naive :class:`datetime.datetime`, booleans as :class:`bool`; parameters
are bound as SQLAlchemy binds them (dates as ISO text, moments as ``YYYY-MM-DD HH:MM:SS.ffffff``,
the zone dropped).

Only a database at :data:`SCHEMA` is read here (:func:`open_database`); anything else goes the ORM
way, which upgrades, initialises or refuses it.

The questions "which targets, measures, chapters, units, which plan" are asked in
:func:`_targets`, :func:`_measures`, :func:`chapters`, :func:`unit_names` and :func:`plan_header`,
each taking a ``plan_id`` filter for databases that will hold several plans.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import json
import os
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zsplan.analysis import evidence as rules
from zsplan.analysis.entries import Entry, HistoryRow, Unit
from zsplan.analysis.evidence import Cited, Expectation, Note, Review, Source
from zsplan.analysis.links import PlanLink
from zsplan.analysis.revisions import Revision
from zsplan.analysis.standing import ProgressFacts, TargetSpec
from zsplan.errors import DatabaseError
from zsplan.store import plain
from zsplan.store.plain import (
    NIL,
    TARGET_COLUMNS,
    Beside,
    PlanHeader,
    TargetIndex,
    lock_timeout_s,
    measure_places,
    naive_utc,
    names_item,
    refuse_foreign_definitions,
    target_specs,
    undo_amendments,
    unknown_unit,
)
from zsplan.text import fold, fold_many

__all__ = ["NIL", "Beside", "PlanHeader", "names_item"]

#: The schema revision these queries were written for. The fast path reads a database only when its
#: revision is this one and the head (:data:`zsplan.store.migrate.SCHEMA_HEAD`); a new migration makes
#: ``tests/test_fast_read.py`` fail until the queries here are brought to it and this is raised.
SCHEMA = "0015"


@dataclass(frozen=True)
class Database:
    """An SQLite file at :data:`SCHEMA` holding a plan: what the fast path reads (see :func:`open_database`).

    Attributes:
        path: the file.
        url: the SQLAlchemy URL it was named by (None: named by its path), for messages and for the ORM path
            (:mod:`zsplan.service.reading`).
        plan: in a database of several plans, the one ``--plan`` chose: every query over "every target"
            keeps that plan's (as :func:`zsplan.store.plans.narrowing_plan` makes the ORM's); None in a
            database of one plan, whose queries need no such condition.
    """

    path: Path
    url: str | None = None
    plan: str | None = None

    @property
    def shown(self) -> str:
        """How messages name the database."""
        return self.url or f"sqlite:///{self.path}"


class Session:
    """One read transaction on a :class:`Database` (a snapshot: ``BEGIN`` … ``ROLLBACK``); ``plan`` is the
    database's :attr:`Database.plan`."""

    def __init__(self, connection: sqlite3.Connection, plan: str | None = None) -> None:
        self.connection = connection
        self.plan = plan

    def all(self, sql: str, parameters: Iterable[Any] = ()) -> list[Any]:
        """Every row of ``sql`` with ``parameters`` (``?`` placeholders)."""
        return self.connection.execute(sql, tuple(parameters)).fetchall()

    @functools.cached_property
    def few(self) -> list[str]:
        """The chosen plan's target ids when it has few (:data:`_FEW_TARGETS`); empty for a larger plan, or no plan chosen."""
        if self.plan is None:
            return []
        rows = self.all(f"SELECT target.id FROM target WHERE target.plan_id = ? LIMIT {_FEW_TARGETS + 1}", [self.plan])
        return [row[0] for row in rows] if len(rows) <= _FEW_TARGETS else []

    @functools.cached_property
    def others(self) -> list[str] | None:
        """The target ids of the plans beside the chosen one when they are few (:data:`_FEW_TARGETS` in all); None
        when they are many, or no plan is chosen."""
        if self.plan is None:
            return None
        rows = self.all(f"SELECT target.id FROM target WHERE target.plan_id != ? LIMIT {_FEW_TARGETS + 1}", [self.plan])
        return [row[0] for row in rows] if len(rows) <= _FEW_TARGETS else None


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=lock_timeout_s(), isolation_level=None, check_same_thread=False)
    connection.execute("BEGIN")
    return connection


def open_database(path: Path, url: str | None = None, plan: str | None = None, *, several: bool = False) -> Database | None:
    """The fast path's :class:`Database` for an existing SQLite file at :data:`SCHEMA` (the head) that holds one plan; else None.

    With ``several`` (the commands whose every read keeps one plan's rows: ``status``), also a database of
    several plans when ``plan`` (``--plan``) names one of them. None also for what is not such a file
    (missing, empty, another application's, not a database, unreadable), for a database of several plans
    otherwise, and when ``plan`` names a plan it does not hold: the ORM path then initialises, upgrades,
    chooses the plan or refuses with its own words.
    """
    from zsplan.store.migrate import SCHEMA_HEAD

    if SCHEMA != SCHEMA_HEAD:
        return None
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return None
        connection = _connect(path)
    except (OSError, sqlite3.Error):
        return None
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
        if not {"zsplan_meta", "alembic_version", "plan"} <= tables:
            return None
        if connection.execute("SELECT version_num FROM alembic_version").fetchall() != [(SCHEMA,)]:
            return None
        held = [row[0] for row in connection.execute('SELECT "plan".id FROM "plan"')]
        if len(held) > 1:
            if not several or plan not in held:
                return None
            return Database(path=path, url=url, plan=plan)
        if len(held) != 1 or (plan is not None and held[0] != plan):
            return None
    except sqlite3.Error:
        return None
    finally:
        with contextlib.suppress(sqlite3.Error):
            connection.execute("ROLLBACK")
        connection.close()
    return Database(path=path, url=url)


@contextlib.contextmanager
def read_session(database: Database) -> Iterator[Session]:
    """A :class:`Session` on ``database``: one read transaction, rolled back and closed at the end.

    Raises:
        DatabaseError: the database cannot be read, worded as :func:`zsplan.store.db.read_session` words it.
    """
    try:
        connection = _connect(database.path)
        try:
            yield Session(connection, database.plan)
        finally:
            with contextlib.suppress(sqlite3.Error):
                connection.execute("ROLLBACK")
            connection.close()
    except sqlite3.Error as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DatabaseError(f"database {database.shown}: {reason}") from None


# ------------------------------------------------------------------------------------------------ values


def _date(value: Any) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def _moment(value: Any) -> dt.datetime | None:
    return None if value is None else dt.datetime.fromisoformat(value)


def _bool(value: Any) -> bool | None:
    return None if value is None else bool(value)


def _bind_moment(moment: dt.datetime) -> str:
    """A moment as SQLAlchemy binds it to SQLite (its zone dropped, as SQLAlchemy does)."""
    return f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d} {moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}.{moment.microsecond:06d}"


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _marks(values: Iterable[Any]) -> tuple[str, list[Any]]:
    found = list(values)
    return ", ".join("?" * len(found)), found


def _plan_filter(column: str, plan_id: str | None) -> tuple[list[str], list[Any]]:
    """The condition keeping the rows of one plan (``plan_id`` None: every row)."""
    return ([f"{column} = ?"], [plan_id]) if plan_id is not None else ([], [])


#: A plan of at most this many targets is narrowed to by its target ids, bound as parameters; a larger one by its id.
_FEW_TARGETS = 900


def _plan_targets(session: Session, column: str, *, large: str = "in") -> tuple[list[str], list[Any]]:
    """The condition keeping ``column`` (a target id) to the session's plan's targets; none in a database of one plan.

    A small plan beside a large one is named by its targets' ids: SQLite's statistics keep only the average
    number of targets per plan id (two plans of 57 and 100,000 targets average 50,000), so a condition on the
    plan id looks unselective and the planner walks every target of the other plan. A plan of more than
    :data:`_FEW_TARGETS` targets, most of the table, is named by its id, in the form the query reads best:
    ``large="in"``, ``column IN (the plan's targets)``, for a pass over a large table; ``"exists"``, a look-up
    of each row's target, for rows driven from a small table (notes, evidence), where an ``IN`` list would make
    SQLite walk the plan's 100,000 targets and their entries; ``"plan"``, ``target.plan_id = ?``, when ``column``
    is ``target.id`` of the query's own ``target``. Beside plans of few targets in all, a large plan is the
    rest: ``column NOT IN`` (their targets), a list of tens rather than 100,000.
    """
    if session.plan is None:
        return [], []
    if session.few:
        marks, values = _marks(session.few)
        return [f"{column} IN ({marks})"], values
    if large == "plan":
        return ["target.plan_id = ?"], [session.plan]
    others = session.others
    if others is not None:  # a large plan beside small ones (a national plan beside a city's): leave theirs out
        marks, values = _marks(others)
        return ([f"{column} NOT IN ({marks})"], values) if others else ([], [])
    if large == "exists":
        return [f"EXISTS (SELECT 1 FROM target AS plan_target WHERE plan_target.id = {column} AND plan_target.plan_id = ?)"], [session.plan]
    return [f"{column} IN (SELECT target.id FROM target WHERE target.plan_id = ?)"], [session.plan]


def _where(conditions: list[str]) -> str:
    return f" WHERE {' AND '.join(conditions)}" if conditions else ""


# ------------------------------------------------------------------------------------------------ the plan


def plan_header(session: Session, *, plan_id: str | None = None) -> PlanHeader | None:
    """:func:`zsplan.store.ledger.plan_header` (default: the session's plan)."""
    conditions, parameters = _plan_filter('"plan".id', plan_id or session.plan)
    rows = session.all(f'SELECT "plan".title, "plan".issued, "plan".id FROM "plan"{_where(conditions)}', parameters)
    return None if not rows else PlanHeader(title=rows[0][0], issued=_date(rows[0][1]), id=rows[0][2])


def _targets(session: Session, *, unit_id: str | None, category: str | None, ids: list[str] | None, plan_id: str | None = None) -> list[tuple[Any, ...]]:
    """The rows of :data:`zsplan.store.plain.TARGET_COLUMNS` of the chosen targets, in plan order, typed."""
    conditions, parameters = _plan_filter("target.plan_id", plan_id or session.plan)
    if category is not None:
        conditions.append("target.category = ?")
        parameters.append(category)
    if unit_id is not None:
        conditions.append("target.id IN (SELECT target_unit.target_id FROM target_unit WHERE target_unit.unit_id = ?)")
        parameters.append(unit_id)
    if ids is not None:
        marks, values = _marks(ids)
        conditions.append(f"target.id IN ({marks})")
        parameters += values
    columns = ", ".join(f"target.{name}" for name in TARGET_COLUMNS)
    rows = session.all(f"SELECT {columns} FROM target{_where(conditions)} ORDER BY target.position", parameters)
    deadline, baseline_date, inferred = (TARGET_COLUMNS.index(name) for name in ("deadline", "baseline_date", "deadline_inferred"))
    typed = []
    for row in rows:
        values = list(row)
        values[deadline], values[baseline_date], values[inferred] = _date(row[deadline]), _date(row[baseline_date]), _bool(row[inferred])
        typed.append(tuple(values))
    return typed


def _measures(session: Session, *, plan_id: str | None = None) -> list[Any]:
    """``(id, parent id, number, title)`` of every node of the outline (default: the session's plan's)."""
    conditions, parameters = _plan_filter("measure.plan_id", plan_id or session.plan)
    return session.all(f"SELECT measure.id, measure.parent_id, measure.number, measure.title FROM measure{_where(conditions)}", parameters)


def chapters(session: Session, *, plan_id: str | None = None) -> list[tuple[str, str, str]]:
    """:func:`zsplan.store.ledger.chapters` (default: the session's plan's)."""
    conditions, parameters = _plan_filter("measure.plan_id", plan_id or session.plan)
    rows = session.all(
        f"SELECT measure.id, measure.number, measure.title FROM measure WHERE {' AND '.join(['measure.level = ?', *conditions])} ORDER BY measure.position",
        ["chapter", *parameters],
    )
    return [(id_, number, title) for id_, number, title in rows]


def unit_names(session: Session) -> list[tuple[str, str]]:
    """:func:`zsplan.store.ledger.unit_names` (in a database of several plans, the session's plan's units)."""
    if session.plan is not None:
        return [
            (id_, name)
            for id_, name in session.all(
                "SELECT unit.id, unit.name FROM unit JOIN plan_unit ON plan_unit.unit_id = unit.id WHERE plan_unit.plan_id = ? ORDER BY plan_unit.position",
                [session.plan],
            )
        ]
    return [(id_, name) for id_, name in session.all("SELECT unit.id, unit.name FROM unit ORDER BY unit.position")]


def fetch_specs(
    session: Session,
    *,
    unit_id: str | None = None,
    category: str | None = None,
    ids: list[str] | None = None,
    as_of: dt.date | None = None,
    known_at: dt.datetime | None = None,
) -> list[TargetSpec]:
    """:func:`zsplan.store.ledger.fetch_specs`."""
    rows = _targets(session, unit_id=unit_id, category=category, ids=ids)
    if not rows:
        return []
    if as_of is not None or known_at is not None:
        found = session.all(
            "SELECT target_revision.target_id, target_revision.recorded_at, target_revision.effective_from, target_revision.old_values "
            "FROM target_revision ORDER BY target_revision.id DESC"
        )
        if found:
            revisions = [(target_id, _moment(recorded), _date(effective), old) for target_id, recorded, effective, old in found]
            rows = undo_amendments(rows, list(TARGET_COLUMNS), revisions, as_of, known_at)
    refuse_foreign_definitions(rows)
    places = measure_places(_measures(session), {row[11] for row in rows})
    unit_sql = "SELECT target_unit.target_id, target_unit.unit_id, target_unit.role FROM target_unit"
    item_sql = "SELECT checklist_item.target_id, checklist_item.item_id, checklist_item.name FROM checklist_item"
    parameters: list[Any] = []
    if ids is not None:
        marks, parameters = _marks(ids)
        unit_sql += f" WHERE target_unit.target_id IN ({marks})"
        item_sql += f" WHERE checklist_item.target_id IN ({marks})"
    elif session.plan is not None:  # a database of several plans: this plan's links only
        unit_narrowed, parameters = _plan_targets(session, "target_unit.target_id")
        item_narrowed, _ = _plan_targets(session, "checklist_item.target_id")
        unit_sql += _where(unit_narrowed)
        item_sql += _where(item_narrowed)
    names = dict(session.all("SELECT unit.id, unit.name FROM unit"))
    links = session.all(unit_sql + " ORDER BY target_unit.target_id, target_unit.position", parameters)
    items = session.all(item_sql + " ORDER BY checklist_item.target_id, checklist_item.position", parameters)
    return target_specs(rows, places, names, links, items)


def _own(session: Session, query: str) -> str:
    """``query`` without a leading ``<plan id>:`` of the database's one plan (how another plan names its records)."""
    if ":" in query:
        plan_part, own = query.split(":", 1)
        if session.all('SELECT 1 FROM "plan" WHERE "plan".id = ?', [plan_part]):
            return own
    return query


def find_target(session: Session, query: str) -> TargetSpec:
    """:func:`zsplan.store.ledger.find_target` (on a database of one plan)."""
    exact = fetch_specs(session, ids=[query]) or fetch_specs(session, ids=[_own(session, query)])
    if exact:
        return exact[0]
    return TargetIndex(fetch_specs(session)).find(query)


def links_of(session: Session, target_id: str, measure_id: str, plan_id: str) -> list[PlanLink]:
    """:func:`zsplan.store.plans.links_of` on a database of one plan: what the target and its measure link to (the other plans are not loaded)."""
    rows = session.all(
        "SELECT plan_link.relation, plan_link.to_plan, plan_link.to_id FROM plan_link WHERE plan_link.plan_id = ? AND plan_link.from_id IN (?, ?) "
        "ORDER BY plan_link.position",
        [plan_id, target_id, measure_id],
    )
    return [
        PlanLink(relation, "out", "target" if relation == "feeds" else "measure", to_plan, "", to_id, "", False, False) for relation, to_plan, to_id in rows
    ]


def find_unit(session: Session, query: str) -> Unit:
    """:func:`zsplan.store.ledger.find_unit`."""
    units = session.all("SELECT unit.id, unit.name, unit.name_en FROM unit ORDER BY unit.position")
    if session.plan is not None:  # the units of the plan in use first, as the ORM sorts them
        mine = {row[0] for row in session.all("SELECT plan_unit.unit_id FROM plan_unit WHERE plan_unit.plan_id = ?", [session.plan])}
        units.sort(key=lambda unit: unit[0] not in mine)
    key = fold(query)
    for id_, name, name_en in units:
        if id_ == query or fold(name) == key or fold(name_en) == key or id_.casefold() == key:
            return Unit(id=id_, name=name)
    raise unknown_unit(query, [(id_, name) for id_, name, _ in units])


def declared_categories(session: Session) -> tuple[str, ...]:
    """:func:`zsplan.store.ledger.declared_categories`: the ids of the categories the stored plan file declares."""
    conditions, parameters = _plan_filter('"plan".id', session.plan)
    rows = session.all(f'SELECT "plan".definition_json FROM "plan"{_where(conditions)}', parameters)
    if not rows or rows[0][0] is None:
        return ()
    return tuple(category["id"] for category in json.loads(rows[0][0]).get("categories", []))


def is_task(session: Session, query: str) -> bool:
    """Whether ``query`` names a task, as :func:`zsplan.store.rounds.find_task` finds one: a measure with responsible units,
    by its id or its title (either script)."""
    key, own = fold(query), _own(session, query)
    rows = session.all(
        "SELECT measure.id, measure.title FROM measure WHERE measure.id IN (SELECT measure_unit.measure_id FROM measure_unit) ORDER BY measure.position"
    )
    return any(id_ in (query, own) or fold(title) == key for id_, title in rows)


def target_revisions(session: Session, target_id: str) -> list[Revision]:
    """:func:`zsplan.store.ledger.target_revisions`."""
    rows = session.all(
        "SELECT target_revision.recorded_at, target_revision.effective_from, target_revision.reason, target_revision.old_values, "
        "target_revision.new_values FROM target_revision WHERE target_revision.target_id = ? ORDER BY target_revision.id",
        [target_id],
    )
    result = []
    for recorded_at, effective_from, reason, old_values, new_values in rows:
        old, new = json.loads(old_values), json.loads(new_values)
        result.append(
            Revision(target_id, naive_utc(_moment(recorded_at)), _date(effective_from), reason, tuple((name, old[name], new[name]) for name in sorted(new)))
        )
    return result


# ------------------------------------------------------------------------------------------------ the ledger


def _has_supersessions(session: Session) -> bool:
    return bool(session.all("SELECT progress_entry.id FROM progress_entry WHERE progress_entry.supersedes IS NOT NULL LIMIT 1"))


def _effective(alias: str, known_at: dt.datetime | None) -> tuple[list[str], list[Any]]:
    """:func:`zsplan.store.ledger._effective` for the entries named ``alias``: neither a retraction nor superseded."""
    later = f"{alias}_later"
    conditions, parameters = [f"{alias}.kind != ?"], ["retraction"]
    superseding = f"SELECT {later}.id FROM progress_entry AS {later} WHERE {later}.supersedes = {alias}.id"
    if known_at is not None:
        superseding += f" AND {later}.recorded_at <= ?"
        conditions.append(f"{alias}.recorded_at <= ?")
        parameters.append(_bind_moment(known_at))
    conditions.append(f"NOT (EXISTS ({superseding}))")
    if known_at is not None:
        parameters.append(_bind_moment(known_at))
    return conditions, parameters


def _scope(
    session: Session,
    alias: str,
    as_of: dt.date,
    target_ids: Iterable[str] | None,
    known_at: dt.datetime | None,
    supersessions: bool | None = None,
    uncounted: frozenset[int] = frozenset(),
) -> tuple[list[str], list[Any]]:
    """:func:`zsplan.store.ledger._scope`: the conditions on ``alias`` selecting the entries that count as of ``as_of``."""
    conditions, parameters = [f"{alias}.as_of <= ?"], [as_of.isoformat()]
    if uncounted:
        marks, values = _marks(sorted(uncounted))
        conditions.append(f"({alias}.id NOT IN ({marks}))")
        parameters += values
    if _has_supersessions(session) if supersessions is None else supersessions:
        more, values = _effective(alias, known_at)
        conditions += more
        parameters += values
    elif known_at is not None:
        conditions.append(f"{alias}.recorded_at <= ?")
        parameters.append(_bind_moment(known_at))
    if target_ids is not None:
        marks, values = _marks(target_ids)
        conditions.append(f"{alias}.target_id IN ({marks})")
        parameters += values
    return conditions, parameters


def progress_facts(
    session: Session,
    as_of: dt.date,
    target_ids: Iterable[str] | None = None,
    *,
    known_at: dt.datetime | None = None,
    uncounted: frozenset[int] = frozenset(),
) -> dict[str, ProgressFacts]:
    """:func:`zsplan.store.ledger.progress_facts`: the same six aggregates, in the same SQL."""
    chosen: list[str] = []
    chosen_parameters: list[Any] = []
    if target_ids is not None:
        marks, chosen_parameters = _marks(target_ids)
        chosen = [f"target.id IN ({marks})"]
    else:
        chosen, chosen_parameters = _plan_targets(session, "target.id", large="plan")
    supersessions = _has_supersessions(session)
    scope, scope_parameters = _scope(session, "progress_entry", as_of, None, known_at, supersessions, uncounted)
    join = f"target JOIN progress_entry ON progress_entry.target_id = target.id AND {' AND '.join(scope)}"

    def per_target(columns: str, where: list[str] = (), where_parameters: list[Any] = (), *, before: list[Any] = (), tail: str = "") -> list[Any]:  # type: ignore[assignment]
        sql = f"SELECT target.id, {columns} FROM {join}{_where([*chosen, *where])}{tail}"
        return session.all(sql, [*before, *scope_parameters, *chosen_parameters, *where_parameters])

    last_scope, last_parameters = _scope(session, "last_entry", as_of, None, known_at, supersessions, uncounted)
    last_as_of = f"(SELECT max(last_entry.as_of) FROM progress_entry AS last_entry WHERE last_entry.target_id = target.id AND {' AND '.join(last_scope)})"
    counts = per_target(f"count(*), {last_as_of}", before=last_parameters, tail=" GROUP BY target.id")
    totals = dict(
        per_target(
            "sum(progress_entry.value)",
            ["target.mode = ?", "target.progress = ?", "(target.kind NOT IN (?, ?))"],
            ["value", "flow", "per_year", "milestone"],
            tail=" GROUP BY target.id",
        )
    )
    year = "substr(CAST(progress_entry.as_of AS VARCHAR), 1, 4)"
    by_year: dict[str, dict[int, float]] = defaultdict(dict)
    for target_id, entry_year, amount in per_target(
        f"{year}, sum(progress_entry.value)", ["target.kind IN (?, ?)"], ["per_year", "annual"], tail=f" GROUP BY target.id, {year}"
    ):
        by_year[target_id][int(entry_year)] = float(amount or 0)
    for target_id, years in by_year.items():
        totals.setdefault(target_id, sum(years.values()))
    latest_scope, latest_parameters = _scope(session, "latest_entry", as_of, None, known_at, supersessions, uncounted)
    latest_value = (
        "(SELECT latest_entry.value FROM progress_entry AS latest_entry WHERE latest_entry.target_id = target.id AND latest_entry.item_id IS NULL "
        f"AND latest_entry.kind != ? AND {' AND '.join(latest_scope)} ORDER BY latest_entry.as_of DESC, latest_entry.id DESC LIMIT 1)"
    )
    stock = session.all(
        f"SELECT target.id, {latest_value} FROM target{_where([*chosen, 'target.mode = ?', '(target.progress = ? OR target.kind = ?)'])}",
        [NIL, *latest_parameters, *chosen_parameters, "value", "stock", "milestone"],
    )
    latest = {target_id: value for target_id, value in stock if value is not None}
    item_counts = dict(
        per_target(
            "count(distinct(progress_entry.item_id))",
            ["target.mode = ?", "target.kind != ?", "progress_entry.item_id IS NOT NULL"],
            ["items", "checklist"],
            tail=" GROUP BY target.id",
        )
    )
    checklist_items: dict[str, list[str]] = defaultdict(list)
    checklist_sql = f"SELECT DISTINCT target.id, progress_entry.item_id FROM {join}{_where([*chosen, 'target.kind = ?', 'progress_entry.item_id IS NOT NULL'])}"
    for target_id, item_id in session.all(checklist_sql, [*scope_parameters, *chosen_parameters, "checklist"]):
        checklist_items[target_id].append(item_id)
    no_years: dict[int, float] = {}
    none: frozenset[str] = frozenset()
    return {
        target_id: ProgressFacts(
            count,
            _date(last),
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
    """:func:`zsplan.store.ledger.with_baseline_facts`."""
    wanted = {spec.id: spec for spec in specs if (found := facts.get(spec.id)) is not None and found.before_baseline is None}
    if not wanted:
        return facts
    sql = (
        "SELECT target.id FROM target WHERE (EXISTS (SELECT progress_entry.id FROM progress_entry "
        "WHERE progress_entry.target_id = target.id AND progress_entry.as_of < target.baseline_date))"
    )
    parameters: list[Any] = []
    if len(wanted) <= 500:
        marks, parameters = _marks(wanted)
        sql += f" AND target.id IN ({marks})"
    having = [target_id for (target_id,) in session.all(sql, parameters) if target_id in wanted]
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
    """:func:`zsplan.store.ledger.judged_facts`."""
    specs = list(specs)
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
    """:func:`zsplan.store.ledger.progress_series`."""
    target_ids = list(target_ids) if target_ids is not None else None
    scope, parameters = _scope(session, "progress_entry", as_of, target_ids, known_at, uncounted=uncounted)
    if target_ids is None:  # a database of several plans: the session's plan's entries
        mine, plan_parameters = _plan_targets(session, "progress_entry.target_id")
        scope, parameters = [*scope, *mine], [*parameters, *plan_parameters]
    days = (
        "SELECT progress_entry.target_id AS target_id, progress_entry.as_of AS as_of, sum(progress_entry.value) AS total, "
        "max(CASE WHEN (progress_entry.kind != ?) THEN progress_entry.id END) AS last_id "
        f"FROM progress_entry WHERE {' AND '.join(scope)} GROUP BY progress_entry.target_id, progress_entry.as_of"
    )
    return plain.per_date_rows(
        session.all(
            f"SELECT days.target_id, days.as_of, days.total, last_entry.value FROM ({days}) AS days "
            "LEFT OUTER JOIN progress_entry AS last_entry ON last_entry.id = days.last_id",
            [NIL, *parameters],
        )
    )


_ENTRY_COLUMNS = (
    "progress_entry.id, progress_entry.target_id, progress_entry.value, progress_entry.item_id, progress_entry.item_name, progress_entry.as_of, "
    "progress_entry.recorded_at, progress_entry.recorded_by, progress_entry.note, progress_entry.source, progress_entry.kind, "
    "progress_entry.supersedes, progress_entry.reason, progress_entry.entry_hash"
)


def _as_entry(row: Any) -> Entry:
    """:func:`zsplan.store.ledger.as_entry` of a row of :data:`_ENTRY_COLUMNS`."""
    id_, target_id, value, item_id, item_name, as_of, recorded_at, recorded_by, note, source, kind, supersedes, reason, entry_hash = row
    recorded = _moment(recorded_at)
    assert recorded is not None
    recorded = recorded if recorded.tzinfo else recorded.replace(tzinfo=dt.UTC)
    return Entry(
        id=int(id_ or 0),
        target_id=target_id,
        kind=kind,
        value=value,
        item_id=item_id,
        item_name=item_name,
        as_of=_date(as_of),
        recorded_at=recorded.astimezone(dt.UTC),
        recorded_by=recorded_by,
        note=note,
        evidence=source,
        supersedes=supersedes,
        reason=reason,
        entry_hash=entry_hash,
    )


def _with_aliases(session: Session, entries: list[Entry]) -> list[Entry]:
    ids = [entry.id for entry in entries if entry.item_name is not None]
    if not ids:
        return entries
    marks, parameters = _marks(ids)
    aliases: dict[int, str] = dict(
        session.all(f"SELECT entry_alias.entry_id, entry_alias.name FROM entry_alias WHERE entry_alias.entry_id IN ({marks})", parameters)
    )
    return [dataclasses.replace(entry, realised_as=aliases[entry.id]) if entry.id in aliases else entry for entry in entries]


def history(session: Session, target_id: str, *, item: str | None = None) -> list[HistoryRow]:
    """:func:`zsplan.store.ledger.history`."""
    entries = [
        _as_entry(row)
        for row in session.all(f"SELECT {_ENTRY_COLUMNS} FROM progress_entry WHERE progress_entry.target_id = ? ORDER BY progress_entry.id", [target_id])
    ]
    replaced = {entry.supersedes: entry.id for entry in entries if entry.supersedes is not None}
    named = _with_aliases(session, entries)
    rows = [HistoryRow(entry=entry, superseded_by=replaced.get(entry.id)) for entry in named]
    return rows if item is None else [row for row in rows if names_item(row.entry, item)]


def effective_items(session: Session, target_id: str, *, as_of: dt.date | None = None) -> list[Entry]:
    """:func:`zsplan.store.ledger.effective_items`."""
    effective, parameters = _effective("progress_entry", None)
    conditions = ["progress_entry.target_id = ?", "progress_entry.item_id IS NOT NULL", *effective]
    parameters = [target_id, *parameters]
    if as_of is not None:
        conditions.append("progress_entry.as_of <= ?")
        parameters.append(as_of.isoformat())
    rows = session.all(f"SELECT {_ENTRY_COLUMNS} FROM progress_entry{_where(conditions)} ORDER BY progress_entry.as_of, progress_entry.id", parameters)
    return _with_aliases(session, [_as_entry(row) for row in rows])


# ------------------------------------------------------------------------------------------------ beside the ledger


def _known(column: str, known_at: dt.datetime | None) -> tuple[list[str], list[Any]]:
    return ([], []) if known_at is None else ([f"{column} <= ?"], [_bind_moment(known_at)])


def review_states(session: Session, *, known_at: dt.datetime | None = None) -> dict[int, str]:
    """:func:`zsplan.store.evidence.review_states`."""
    conditions, parameters = _known("entry_review.recorded_at", known_at)
    states: dict[int, str] = {}
    for entry_id, state in session.all(
        f"SELECT entry_review.entry_id, entry_review.state FROM entry_review{_where(conditions)} ORDER BY entry_review.id", parameters
    ):
        states[entry_id] = state
    return states


def entry_grades(session: Session, *, known_at: dt.datetime | None = None) -> dict[int, list[str]]:
    """:func:`zsplan.store.evidence.entry_grades`."""
    conditions, parameters = _known("entry_evidence.recorded_at", known_at)
    grades: dict[int, list[str]] = {}
    for entry_id, grade in session.all(
        f"SELECT entry_evidence.entry_id, entry_evidence.grade FROM entry_evidence{_where(['entry_evidence.relation IN (?, ?)', *conditions])}",
        ["source", "corroboration", *parameters],
    ):
        grades.setdefault(entry_id, []).append(grade)
    return grades


def uncounted_ids(session: Session, *, policy: str = "default", known_at: dt.datetime | None = None) -> frozenset[int]:
    """:func:`zsplan.store.evidence.uncounted_ids`."""
    states = review_states(session, known_at=known_at)
    grades = entry_grades(session, known_at=known_at)
    ids = set(states) | set(grades)
    if policy == "verified":
        conditions, parameters = _known("progress_entry.recorded_at", known_at)
        ids |= {row[0] for row in session.all(f"SELECT progress_entry.id FROM progress_entry{_where(conditions)}", parameters)}
    return frozenset(entry_id for entry_id in ids if not rules.counts(states.get(entry_id, "reported"), rules.best_grade(grades.get(entry_id, ())), policy))


def _source(row: Any) -> Source:
    entry_id, relation, grade, text_, number, title, location, published, as_of, value, note, recorded_at, recorded_by = row
    return Source(
        entry_id, relation, grade, text_, number, title, location, _date(published), _date(as_of), value, note, _utc(_moment(recorded_at)), recorded_by
    )


def beside(session: Session, target_ids: list[str] | None, *, known_at: dt.datetime | None = None, entries: bool = True) -> dict[str, Beside]:
    """:func:`zsplan.store.evidence.beside`."""

    def narrow(column: str) -> tuple[list[str], list[Any]]:
        """The rows of the targets asked for (else of the session's plan): a condition on ``column``."""
        if target_ids is not None:
            marks, values = _marks(target_ids)
            return [f"{column} IN ({marks})"], values
        return _plan_targets(session, column, large="exists")

    notes: dict[str, list[Note]] = {}
    conditions, parameters = _known("progress_note.recorded_at", known_at)
    more, chosen_parameters = narrow("progress_note.target_id")
    conditions += more
    for id_, target_id, item_name, as_of, text_, recorded_at, recorded_by in session.all(
        "SELECT progress_note.id, progress_note.target_id, progress_note.item_name, progress_note.as_of, progress_note.text, progress_note.recorded_at, "
        f"progress_note.recorded_by FROM progress_note{_where(conditions)} ORDER BY progress_note.as_of, progress_note.id",
        [*parameters, *chosen_parameters],
    ):
        notes.setdefault(target_id, []).append(Note(int(id_ or 0), target_id, item_name, _date(as_of), text_, _utc(_moment(recorded_at)), recorded_by))
    expected: dict[str, list[Expectation]] = {}
    conditions, parameters = _known("forecast.recorded_at", known_at)
    more, chosen_parameters = narrow("forecast.target_id")
    conditions += more
    for id_, target_id, kind, value, item_name, by_date, stated_on, source, recorded_at, recorded_by in session.all(
        "SELECT forecast.id, forecast.target_id, forecast.kind, forecast.value, forecast.item_name, forecast.by_date, forecast.stated_on, forecast.source, "
        f"forecast.recorded_at, forecast.recorded_by FROM forecast{_where(conditions)} ORDER BY forecast.by_date, forecast.id",
        [*parameters, *chosen_parameters],
    ):
        expected.setdefault(target_id, []).append(
            Expectation(int(id_ or 0), target_id, kind, value, item_name, _date(by_date), _date(stated_on), source, _utc(_moment(recorded_at)), recorded_by)
        )
    sources: dict[str, dict[int, list[Source]]] = {}
    reviews: dict[str, dict[int, list[Review]]] = {}
    if entries:
        conditions, parameters = _known("entry_evidence.recorded_at", known_at)
        more, chosen_parameters = narrow("progress_entry.target_id")
        conditions += more
        for *row, target_id in session.all(
            "SELECT entry_evidence.entry_id, entry_evidence.relation, entry_evidence.grade, entry_evidence.text, entry_evidence.number, entry_evidence.title, "
            "entry_evidence.location, entry_evidence.published, entry_evidence.as_of, entry_evidence.value, entry_evidence.note, entry_evidence.recorded_at, "
            "entry_evidence.recorded_by, progress_entry.target_id FROM entry_evidence JOIN progress_entry ON progress_entry.id = entry_evidence.entry_id"
            f"{_where(conditions)} ORDER BY entry_evidence.id",
            [*parameters, *chosen_parameters],
        ):
            sources.setdefault(target_id, {}).setdefault(row[0], []).append(_source(row))
        conditions, parameters = _known("entry_review.recorded_at", known_at)
        more, chosen_parameters = narrow("progress_entry.target_id")
        conditions += more
        for entry_id, state, reason, recorded_at, recorded_by, target_id in session.all(
            "SELECT entry_review.entry_id, entry_review.state, entry_review.reason, entry_review.recorded_at, entry_review.recorded_by, "
            "progress_entry.target_id FROM entry_review JOIN progress_entry ON progress_entry.id = entry_review.entry_id"
            f"{_where(conditions)} ORDER BY entry_review.id",
            [*parameters, *chosen_parameters],
        ):
            reviews.setdefault(target_id, {}).setdefault(entry_id, []).append(Review(entry_id, state, reason, _utc(_moment(recorded_at)), recorded_by))
    result = {}
    for target_id in set(notes) | set(expected) | set(sources) | set(reviews):
        result[target_id] = Beside(
            tuple(notes.get(target_id, ())),
            tuple(expected.get(target_id, ())),
            {key: tuple(value) for key, value in sources.get(target_id, {}).items()},
            {key: tuple(value) for key, value in reviews.get(target_id, {}).items()},
        )
    return result


def cited_entries(session: Session, *, as_of: dt.date, known_at: dt.datetime | None = None, uncounted: frozenset[int] = frozenset()) -> list[Cited]:
    """:func:`zsplan.store.evidence.cited_entries`: the keys and texts that may be counted twice found in SQL first
    (:func:`_shared_names`, :func:`_shared_documents`), then only the entries holding one."""
    scope, parameters = _scope(session, "progress_entry", as_of, None, known_at, uncounted=uncounted)
    mine, plan_parameters = _plan_targets(session, "progress_entry.target_id")
    if session.plan is not None and not session.few and _others_cite_nothing(session):
        mine, plan_parameters = [], []  # every entry that names or cites is this plan's: no look-up of each one's target
    counted = [*scope, *mine, "progress_entry.kind != ?"]
    parameters = [*parameters, *plan_parameters, NIL]
    names, unkeyed = _shared_names(session, counted, parameters)
    documents = _shared_documents(session, counted, parameters)
    if not names and not documents:
        return []
    flagged = plain.Flagged.of(names, documents, unkeyed)
    narrowing, narrowed = "", []
    if flagged.narrow:
        keys, key_values = _marks(flagged.names or [""])
        texts, text_values = _marks(flagged.documents or [""])
        loose, loose_values = _marks(flagged.unkeyed or [""])
        narrowing = (
            f" AND (progress_entry.name_key IN ({keys}) OR progress_entry.source IN ({texts})"
            f" OR (progress_entry.name_key IS NULL AND progress_entry.item_name IN ({loose}))"
            f" OR progress_entry.id IN (SELECT entry_alias.entry_id FROM entry_alias WHERE entry_alias.folded IN ({keys}))"
            " OR progress_entry.id IN (SELECT entry_evidence.entry_id FROM entry_evidence"
            f" WHERE entry_evidence.relation = 'source' AND entry_evidence.text IN ({texts})))"
        )
        narrowed = [*key_values, *text_values, *loose_values, *key_values, *text_values]
    rows = session.all(
        "SELECT progress_entry.id, progress_entry.target_id, progress_entry.recorded_by, progress_entry.as_of, progress_entry.item_name, "
        "progress_entry.name_key, progress_entry.source FROM progress_entry WHERE "
        + " AND ".join([*counted, "(progress_entry.item_id IS NOT NULL OR progress_entry.source IS NOT NULL)"])
        + narrowing,
        [*parameters, *narrowed],
    )
    aliases = {
        entry_id: (name, key) for entry_id, name, key in session.all("SELECT entry_alias.entry_id, entry_alias.name, entry_alias.folded FROM entry_alias")
    }
    sources: dict[int, list[str]] = {}
    for entry_id, text_ in session.all(
        "SELECT entry_evidence.entry_id, entry_evidence.text FROM entry_evidence WHERE entry_evidence.relation = ? AND entry_evidence.text IS NOT NULL",
        ["source"],
    ):
        sources.setdefault(entry_id, []).append(text_)
    return plain.cited([(entry_id, target_id, by, _date(day), *rest) for entry_id, target_id, by, day, *rest in rows], aliases, sources)


def _shared_names(session: Session, counted: list[str], parameters: list[Any]) -> tuple[set[str], set[str]]:
    """:func:`zsplan.store.plain.shared_names` of the counted entries (``counted``: conditions on progress_entry).

    The keyed names are grouped in SQL, in the order of revision 0015's ``ix_progress_name_key``: one read of that
    index alone, no sort, nothing folded. The realised-as names and the names kept without a key
    (``ix_progress_unkeyed``: usually none) are read beside them, with the keyed entries under the same keys.
    """
    keyed = [*counted, "progress_entry.name_key IS NOT NULL"]
    unkeyed = [*counted, "progress_entry.item_name IS NOT NULL", "progress_entry.name_key IS NULL"]
    few = session.few  # a few targets: read through the target index
    spanning = [
        key
        for (key,) in session.all(
            f"SELECT progress_entry.name_key FROM progress_entry{'' if few else ' INDEXED BY ix_progress_name_key'} WHERE {' AND '.join(keyed)} "
            "GROUP BY progress_entry.name_key HAVING count(DISTINCT progress_entry.target_id) > 1",  # a third faster than min != max here
            parameters,
        )
    ]
    beside = plain.keyed_names(
        [
            *session.all(
                "SELECT entry_alias.name, entry_alias.folded, progress_entry.target_id FROM entry_alias "
                f"CROSS JOIN progress_entry ON progress_entry.id = entry_alias.entry_id WHERE {' AND '.join(counted)}",
                parameters,
            ),
            *session.all(
                f"SELECT progress_entry.item_name, NULL, progress_entry.target_id FROM progress_entry{'' if few else ' INDEXED BY ix_progress_unkeyed'} "
                f"WHERE {' AND '.join(unkeyed)}",
                parameters,
            ),
        ]
    )
    spans: list[tuple[str, str, str]] = []
    keys = sorted({key for key, _, _ in beside})
    for start in range(0, len(keys), plain.BIND_CHUNK):
        marks, values = _marks(keys[start : start + plain.BIND_CHUNK])
        spans += session.all(
            f"SELECT progress_entry.name_key, min(progress_entry.target_id), max(progress_entry.target_id) FROM progress_entry "
            f"WHERE {' AND '.join(keyed)} AND progress_entry.name_key IN ({marks}) GROUP BY progress_entry.name_key",
            [*parameters, *values],
        )
    return plain.shared_names(spanning, beside, spans)


def _others_cite_nothing(session: Session) -> bool:
    """Whether the plans beside the session's have few targets (:data:`_FEW_TARGETS`) and none of their entries names
    an achievement, has a realised-as name or cites a source: a city plan beside a national one, say. The
    counted-twice check of the large plan then reads every named or sourced entry without asking whose it is."""
    others = session.others
    if others is None:
        return False
    if not others:
        return True
    marks, values = _marks(others)
    mine = f"progress_entry.target_id IN ({marks})"
    return not session.all(
        f"SELECT 1 FROM progress_entry WHERE {mine} AND (progress_entry.item_name IS NOT NULL OR progress_entry.source IS NOT NULL "
        "OR progress_entry.id IN (SELECT entry_alias.entry_id FROM entry_alias) "
        "OR progress_entry.id IN (SELECT entry_evidence.entry_id FROM entry_evidence WHERE entry_evidence.relation = 'source')) LIMIT 1",
        values,
    )


#: Distinct texts folded at a time by :func:`_shared_documents` (what it holds in memory at once).
_FOLD_CHUNK = 50_000


def _shared_documents(session: Session, counted: list[str], parameters: list[Any]) -> set[str]:
    """:func:`zsplan.store.plain.flagged_documents` of the counted entries (``counted``: conditions on progress_entry),
    with the keys kept in SQLite.

    The entries' evidence and further sources are grouped by text in SQL (revision 0014's ``ix_progress_source``
    holds the sourced entries in text order); the distinct texts are folded :data:`_FOLD_CHUNK` at a time into a
    temporary table of keys, and the keys spanning two targets or two recorders are found in SQL. What stays in
    memory is one chunk and the texts found, not every document of the ledger.
    """
    spans = (
        "min(progress_entry.target_id) AS least, max(progress_entry.target_id) AS greatest, "
        "min(progress_entry.recorded_by) AS first_by, max(progress_entry.recorded_by) AS last_by"
    )
    cited = [*counted, "(progress_entry.item_id IS NOT NULL OR progress_entry.source IS NOT NULL)"]
    own = "progress_entry" if session.few else "progress_entry INDEXED BY ix_progress_source"
    further = ["entry_evidence.relation = 'source'", "entry_evidence.text IS NOT NULL"]
    own_where = " AND ".join([*cited, "progress_entry.source IS NOT NULL"])
    further_where = " AND ".join([*cited, *further])
    parts = [
        f"SELECT progress_entry.source AS text, {spans} FROM {own} WHERE {own_where} GROUP BY progress_entry.source",
        (
            f"SELECT entry_evidence.text AS text, {spans} FROM entry_evidence CROSS JOIN progress_entry "
            f"ON progress_entry.id = entry_evidence.entry_id WHERE {further_where} GROUP BY entry_evidence.text"
        ),
    ]
    session.all("DROP TABLE IF EXISTS temp.zsplan_cited_text")
    session.all("CREATE TEMP TABLE zsplan_cited_text AS " + " UNION ALL ".join(parts), parameters * len(parts))
    session.all("DROP TABLE IF EXISTS temp.zsplan_text_key")
    session.all("CREATE TEMP TABLE zsplan_text_key (text_id INTEGER PRIMARY KEY, key TEXT NOT NULL)")
    cursor = session.connection.execute("SELECT rowid, text FROM temp.zsplan_cited_text WHERE text != '' ORDER BY rowid")
    while chunk := cursor.fetchmany(_FOLD_CHUNK):
        keys = fold_many([text_ for _, text_ in chunk])
        session.connection.executemany("INSERT INTO temp.zsplan_text_key VALUES (?, ?)", zip((text_id for text_id, _ in chunk), keys, strict=True))
    keyed = "temp.zsplan_cited_text AS cited_text JOIN temp.zsplan_text_key AS text_key ON text_key.text_id = cited_text.rowid"
    shared = session.all(
        f"SELECT text_key.key FROM {keyed} WHERE text_key.key != '' GROUP BY text_key.key "
        "HAVING min(cited_text.least) != max(cited_text.greatest) OR min(cited_text.first_by) != max(cited_text.last_by)"
    )
    if not shared:  # usually: only then are their texts looked up
        return set()
    session.all("DROP TABLE IF EXISTS temp.zsplan_shared_key")
    session.all("CREATE TEMP TABLE zsplan_shared_key (key TEXT NOT NULL PRIMARY KEY) WITHOUT ROWID")
    session.connection.executemany("INSERT INTO temp.zsplan_shared_key VALUES (?)", shared)
    return {text_ for (text_,) in session.all(f"SELECT cited_text.text FROM {keyed} JOIN temp.zsplan_shared_key AS shared ON shared.key = text_key.key")}


def environment_forces_orm() -> bool:
    """Whether ``$ZSPLAN_READ_PATH`` is ``orm``: every read then goes through SQLAlchemy (tests compare the two paths)."""
    return os.environ.get("ZSPLAN_READ_PATH", "").strip().lower() == "orm"
