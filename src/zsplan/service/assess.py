"""The one assessment pipeline behind ``status``, ``explain``, ``units`` and ``report``.

Every command that judges targets calls :func:`assess_plan`: the same option
checks (as-of date, unit, category, stale days), the same ledger reads and the
same analysis. ``detail`` adds what reports and ``explain`` need beyond the
standing (pace, forecasts from the achieved series, scorecards), which costs an
extra query per target group and is left out of ``status``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from zsplan.analysis.assessment import TargetAssessment, UnitScorecard, assess_target, unit_scorecards
from zsplan.analysis.entries import Unit
from zsplan.analysis.evidence import POLICIES, Flag, TargetEvidence, counted_twice
from zsplan.analysis.links import PlanLink
from zsplan.analysis.pace import DEFAULT_STALE_DAYS
from zsplan.analysis.revisions import Revision
from zsplan.analysis.standing import ProgressFacts, Standing, TargetSpec, assess
from zsplan.errors import LedgerTampered, UsageError
from zsplan.plan.vocabulary import CATEGORIES
from zsplan.service.reading import orm_engine, reading, store_of

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


@dataclass(frozen=True)
class PlanAssessment:
    """Every selected target judged as of a date.

    Attributes:
        plan_title: the plan's title ("" when no plan is loaded).
        plan_issued: the plan's issue date.
        standings: achieved vs target, gap, status … per target, in plan order.
        assessments: with ``detail``: each standing with pace, need, staleness and
            forecast (in plan order); empty otherwise.
        scorecards: with ``detail``: the responsible units ranked, worst first.
        chapters: ``(id, number, title)`` of the plan's chapters, in order.
        unit: the ``unit`` filter, resolved; category: the ``category`` filter.
        stale_days: a report older than this many days is stale (≥ 0).
        chain_head: with ``verify``, the hash of the last entry (identifies the ledger).
        flags: with ``detail`` or ``flags``: per target id, what may be counted twice
            (:func:`zsplan.analysis.evidence.counted_twice`); targets without flags are absent.
        counting: which entries counted (``default``, ``verified``, ``all``: docs/method.md, "Evidence states").
        evidence: per target id, what is kept beside its entries (notes, scored forecasts and scheduled
            events, sources, review states, entries not counted, conflicts); targets with none are absent.
        revisions: with ``target``: that target's amendments, oldest first.
        links: with ``target``: its links to and from other plans (:mod:`zsplan.analysis.links`).
        plan_id: the id of the plan judged (a database may hold several).
        pending: targets whose value the plan leaves to be set (目標值待定), in plan order: listed,
            never judged (they have no standing).
    """

    plan_title: str
    plan_issued: dt.date | None
    as_of: dt.date
    known_at: dt.datetime | None
    stale_days: int
    standings: list[Standing]
    assessments: list[TargetAssessment] = field(default_factory=list)
    scorecards: list[UnitScorecard] = field(default_factory=list)
    chapters: list[tuple[str, str, str]] = field(default_factory=list)
    unit: Unit | None = None
    category: str | None = None
    chain_head: str | None = None
    flags: dict[str, list[Flag]] = field(default_factory=dict)
    counting: str = "default"
    evidence: dict[str, TargetEvidence] = field(default_factory=dict)
    pending: list[TargetSpec] = field(default_factory=list)
    revisions: list[Revision] = field(default_factory=list)
    links: list[PlanLink] = field(default_factory=list)
    plan_id: str = ""


#: The most days a report may age before it is stale (``--stale-days``): a hundred years.
MAX_STALE_DAYS = 36_500


def check_options(*, stale_days: int, unit: str | None, category: str | None, declared: tuple[str, ...] = ()) -> None:
    """The checks every assessment makes of its options, in one place.

    Args:
        declared: the categories the loaded plan file declares beside :data:`CATEGORIES`.

    Raises:
        UsageError: ``stale_days`` below 0 or above :data:`MAX_STALE_DAYS`, an empty unit, or an unknown category.
    """
    if stale_days < 0:
        raise UsageError(f"{{stale_days}} must be 0 or more, got {stale_days}", "stale_days")
    if stale_days > MAX_STALE_DAYS:
        raise UsageError(f"{{stale_days}} must be at most {MAX_STALE_DAYS:,} (a hundred years), got {stale_days}", "stale_days")
    if category is not None and category not in CATEGORIES + declared:
        raise UsageError(f"unknown category {category!r}; use one of {', '.join(CATEGORIES + declared)}", "category")
    if unit is not None and not unit.strip():
        raise UsageError("{unit} is empty; give a unit id or its Chinese name", "unit")


def assess_plan(
    engine: Engine | Any,
    *,
    as_of: dt.date,
    known_at: dt.datetime | None = None,
    stale_days: int = DEFAULT_STALE_DAYS,
    unit: str | None = None,
    category: str | None = None,
    target: str | None = None,
    detail: bool = False,
    verify: bool = False,
    flags: bool = False,
    counting: str = "default",
) -> PlanAssessment:
    """Judge every target (or those of ``unit``/``category``, or one ``target``) as of ``as_of``.

    Args:
        engine: the database: an engine, or the fast SQLite reader's (:func:`zsplan.service.reading.fast_database`;
            with ``verify`` the ORM reads it).
        as_of: the date progress is judged on.
        known_at: reproduce the ledger as recorded by this UTC time: later entries,
            corrections and retractions are ignored.
        stale_days: days after which the last report is stale (≥ 0).
        unit: a unit id or name (either script); keeps the targets it leads or co-owns.
        category: keeps the targets of this category (:data:`zsplan.plan.vocabulary.CATEGORIES`).
        target: one target id or name.
        detail: also compute pace, need, staleness, forecasts and the units' scorecards.
        verify: first check the ledger's hash chain and the plan's tables (:mod:`zsplan.store.chain`),
            and give the chain head; reports do, so a report says which ledger it was computed from.
        flags: also find what may be counted twice (implied by ``detail``).
        counting: ``default`` (verified entries and reported ones graded A or B), ``verified``
            (``--verified-only``) or ``all`` (``--include-unverified``: every entry not rejected);
            rejected entries never count.

    Raises:
        UsageError: a bad option (see :func:`check_options`), an unknown unit or
            target, or an as-of date before the plan's issue date.
        LedgerTampered: with ``verify``, the ledger or the plan's tables were changed outside zsplan.
    """
    check_options(stale_days=stale_days, unit=unit, category=None)
    if counting not in POLICIES:
        raise UsageError(f"unknown counting {counting!r}; use one of {', '.join(POLICIES)}")
    from zsplan.service import beside

    with reading(orm_engine(engine) if verify else engine) as (session, ledger, evidence):
        if category is not None:
            check_options(stale_days=stale_days, unit=unit, category=category, declared=_declared_categories(session, category))
        head = _verified_head(session) if verify else None
        asked = ledger.find_target(session, target) if target is not None else None  # reads the target's plan from here on
        header = ledger.plan_header(session)
        if header is not None and as_of < header.issued:
            raise UsageError(f"{{as_of}} {as_of} is before the plan was issued ({header.issued}); nothing can be judged then", "as_of")
        chosen = ledger.find_unit(session, unit) if unit else None
        if asked is not None:
            specs = ledger.fetch_specs(session, ids=[asked.id], as_of=as_of, known_at=known_at)
        else:
            specs = ledger.fetch_specs(session, unit_id=chosen.id if chosen else None, category=category, as_of=as_of, known_at=known_at)
        revisions = ledger.target_revisions(session, specs[0].id) if target is not None else []
        links = ledger.links_of(session, specs[0].id, specs[0].measure_id, specs[0].plan_id) if target is not None else []
        pending = [spec for spec in specs if spec.kind == "pending"]
        specs = [spec for spec in specs if spec.kind != "pending"]
        ids = [spec.id for spec in specs] if target is not None else None
        uncounted = evidence.uncounted_ids(session, policy=counting, known_at=known_at)
        facts = ledger.progress_facts(session, as_of, ids, known_at=known_at, uncounted=uncounted)
        series = ledger.progress_series(session, as_of, ids, known_at=known_at, uncounted=uncounted) if detail else None
        facts = ledger.judged_facts(session, as_of, specs, facts, known_at=known_at, series=series, uncounted=uncounted)
        kept = evidence.beside(session, ids, known_at=known_at)
        expectations = {target_id: found_.expectations for target_id, found_ in kept.items() if found_.expectations}
        if expectations:
            facts = beside.scheduled_facts(session, specs, facts, as_of, known_at=known_at, uncounted=uncounted, expectations=expectations)
        gathered = beside.gather(session, specs, as_of, known_at=known_at, uncounted=uncounted, found=kept) if kept else {}
        series = series or {}
        units = ledger.unit_names(session) if detail else []
        chapters = ledger.chapters(session)
        found = counted_twice(evidence.cited_entries(session, as_of=as_of, known_at=known_at, uncounted=uncounted)) if detail or flags else {}
        empty = ProgressFacts()
        standings = [assess(spec, facts.get(spec.id, empty), as_of) for spec in specs]
        if not detail:
            standings = _date_late_completions(session, standings, facts, as_of, known_at, uncounted)
    assessments = [assess_target(standing, series.get(standing.target.id, []), stale_days=stale_days) for standing in standings] if detail else []
    return PlanAssessment(
        plan_title=header.title if header else "",
        plan_issued=header.issued if header else None,
        as_of=as_of,
        known_at=known_at,
        stale_days=stale_days,
        standings=standings,
        assessments=assessments,
        scorecards=unit_scorecards(assessments, units) if detail else [],
        chapters=chapters,
        unit=chosen,
        category=category,
        chain_head=head,
        flags={spec.id: found[spec.id] for spec in specs if spec.id in found},
        counting=counting,
        evidence=gathered,
        pending=pending,
        revisions=revisions,
        links=links,
        plan_id=header.id if header else "",
    )


def assess_plans(engine: Engine, **options: object) -> list[PlanAssessment]:
    """:func:`assess_plan` for every plan the database holds, ordered by plan id (side by side).

    ``options`` are :func:`assess_plan`'s keyword arguments (not ``target``). A unit or category filter
    keeps the plans that have targets of it; a plan without the unit or category is left out.

    Raises:
        UsageError: as :func:`assess_plan`; a unit or category that no plan has.
    """
    from zsplan.store import db, plans

    engine = orm_engine(engine)
    with db.read_session(engine) as session:
        ids = [plan.id for plan in plans.stored_plans(session)] if db.schema_state(session) != "empty" else []
    results = []
    refused: list[UsageError] = []
    for plan_id in ids:
        try:
            result = assess_plan(db.with_plan(engine, plan_id), **options)  # type: ignore[arg-type]
        except UsageError as error:
            if options.get("category") is None and options.get("unit") is None:
                raise
            refused.append(error)  # a category or unit this plan does not have: the plan is left out
            continue
        if (options.get("unit") is None and options.get("category") is None) or result.standings or result.pending:
            results.append(result)
    if refused and not results:
        raise refused[0]
    return results


def _declared_categories(session: Any, category: str) -> tuple[str, ...]:
    """The categories the stored plan declares (read only for a category that is not built in)."""
    if category in CATEGORIES:
        return ()
    return store_of(session).declared_categories(session)


def _date_late_completions(
    session: Any,
    standings: list[Standing],
    facts: dict[str, ProgressFacts],
    as_of: dt.date,
    known_at: dt.datetime | None,
    uncounted: frozenset[int] = frozenset(),
) -> list[Standing]:
    """Standings whose targets were completed late, judged again with their report dates after the deadline.

    Only those targets' series are read (one query), so that status pays for dating a
    late completion only where there is one.
    """
    late = [standing for standing in standings if standing.completed_late and standing.completed_on is None]
    if not late:
        return standings
    ledger = store_of(session)
    series = ledger.progress_series(session, as_of, [standing.target.id for standing in late], known_at=known_at, uncounted=uncounted)
    dated = ledger.judged_facts(session, as_of, [standing.target for standing in late], facts, known_at=known_at, series=series, uncounted=uncounted)
    again = {standing.target.id: assess(standing.target, dated[standing.target.id], as_of) for standing in late}
    return [again.get(standing.target.id, standing) for standing in standings]


def _verified_head(session: Any) -> str:
    """The chain head of a ledger that verifies; :class:`~zsplan.errors.LedgerTampered` otherwise."""
    from zsplan.store import chain

    found = chain.verify_ledger(session)
    if not found.ok:
        raise LedgerTampered(
            "the ledger or the plan's tables were changed outside zsplan; no report is compiled from them: run 'zsplan verify'",
            found.plan_problems
            + found.key_problems
            + ([f"entry #{found.first_bad} is the first that does not match the hash chain"] if found.first_bad else []),
        )
    return found.head
