"""What is kept beside a target's entries, judged for an assessment: scheduled events at the deadline, scored
forecasts, sources, review states (docs/method.md, "Forecasts", "Scheduled events", "Evidence states").

Read inside the caller's read transaction, through the store of its path (:func:`zsplan.service.reading.store_of`):
the fast SQLite reader or the ORM.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from zsplan.analysis import evidence as rules
from zsplan.analysis.entries import Entry
from zsplan.analysis.standing import ProgressFacts, TargetSpec, achieved_value
from zsplan.service.reading import store_of
from zsplan.store.plain import Beside
from zsplan.text import fold


def scheduled_facts(
    session, specs: list[TargetSpec], facts: dict, as_of: dt.date, *, known_at: dt.datetime | None, uncounted: frozenset[int], expectations: dict
) -> dict:
    """``facts`` with :attr:`~zsplan.analysis.standing.ProgressFacts.scheduled` set for the targets past their deadline
    whose missing milestone or items have an event scheduled by the deadline and not confirmed.

    An event is confirmed by a counted entry of the item (or a milestone done), whatever its date: dated after the
    deadline, the target is then completed late, not scheduled.
    """
    judged = dict(facts)
    for spec in specs:
        events = [e for e in expectations.get(spec.id, ()) if e.kind == "scheduled" and e.expected <= spec.deadline and e.stated_on <= as_of]
        if not events or as_of < spec.deadline:
            continue
        if spec.kind == "milestone":
            done = any(e.value == 1 and e.id not in uncounted for e in _effective_values(session, spec.id))
            pending = 0 if done else 1
        else:
            recorded = {fold(entry.item_name or "") for entry in store_of(session).effective_items(session, spec.id) if entry.id not in uncounted}
            pending = len({fold(e.item or "") for e in events} - recorded)
        if pending:
            judged[spec.id] = dataclasses.replace(facts.get(spec.id, ProgressFacts()), scheduled=pending)
    return judged


def _effective_values(session, target_id: str) -> list[Entry]:
    return [row.entry for row in store_of(session).history(session, target_id) if row.effective]


def _done_on(session, spec: TargetSpec, item: str | None, uncounted: frozenset[int]) -> dt.date | None:
    """The date a counted entry first records ``item`` done (a milestone: done), or None."""
    if item is None:
        days = [entry.as_of for entry in _effective_values(session, spec.id) if entry.value == 1 and entry.kind != "nil" and entry.id not in uncounted]
    else:
        key = fold(item)
        days = [
            entry.as_of
            for entry in store_of(session).effective_items(session, spec.id)
            if entry.id not in uncounted and key in (fold(entry.item_name or ""), fold(entry.realised_as or ""), entry.item_id)
        ]
    return min(days) if days else None


def gather(
    session,
    specs: list[TargetSpec],
    as_of: dt.date,
    *,
    known_at: dt.datetime | None,
    uncounted: frozenset[int],
    found: dict[str, Beside],
) -> dict[str, rules.TargetEvidence]:
    """What is kept beside each target's entries as of ``as_of``: notes, scored forecasts and scheduled events,
    sources, review states, the entries not counted and those with a conflicting source.

    Returns:
        target id → :class:`~zsplan.analysis.evidence.TargetEvidence`; targets with nothing beside are absent.
    """
    ledger = store_of(session)
    result = {}
    for spec in specs:
        kept = found.get(spec.id)
        if kept is None:
            continue
        scored = []
        for e in kept.expectations:
            if e.stated_on > as_of:
                continue
            if e.kind == "forecast" and (e.item is None and spec.kind != "milestone"):
                achieved = None
                if as_of >= e.expected:  # the outcome is known: achieved as of the expected date
                    facts = ledger.progress_facts(session, e.expected, [spec.id], known_at=known_at, uncounted=uncounted)
                    achieved = achieved_value(spec, facts.get(spec.id, ProgressFacts()))
                score = rules.score_value(e, achieved, as_of, lower_is_better=spec.comparator == "at_most")
            else:
                score = rules.score_done(e, _done_on(session, spec, e.item, uncounted), as_of)
            scored.append(rules.Scored(e, score))
        sources = kept.sources or {}
        reviews = kept.reviews or {}
        states = {entry_id: rows[-1].state for entry_id, rows in reviews.items() if rows}
        mine = {entry.id for entry in _effective_values(session, spec.id)} if sources or reviews else set()
        result[spec.id] = rules.TargetEvidence(
            notes=tuple(note for note in kept.notes if note.as_of <= as_of),
            expectations=tuple(scored),
            sources=sources,
            states=states,
            reviews=reviews,
            uncounted=tuple(sorted(entry_id for entry_id in uncounted if entry_id in mine)),
            conflicts=tuple(sorted(entry_id for entry_id, rows in sources.items() if any(row.relation == "conflict" for row in rows))),
        )
    return result
