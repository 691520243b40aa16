"""Ledger entries as the analysis and the renderers see them: plain, frozen data, no ORM.

The store turns its rows into these (:func:`zsplan.store.ledger.history`,
:func:`zsplan.store.ledger.effective_items`); nothing downstream sees a table row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Entry:
    """One progress report in the ledger (append-only).

    Attributes:
        id: the entry's number, as ``zsplan history`` shows it.
        target_id: the target it reports on.
        kind: ``log``, ``nil`` (nothing new this period), ``correction`` (replaces entry ``supersedes``)
            or ``retraction`` (cancels it).
        value: in the target's unit of count (家/個/項/人…): a stock target's level, a flow
            target's increment, a milestone's 1 (done) or 0, a named item's 1.
        item_id: a checklist item's id or a named achievement's folded name; None for values.
        item_name: the item's name as written.
        as_of: the date the figure is true on.
        recorded_at: when it was recorded, UTC (timezone-aware).
        recorded_by: who recorded it.
        evidence: document number, URL or file cited; None when none was given.
        reason: why a correction or retraction was made.
        entry_hash: the entry's link in the ledger's hash chain (:mod:`zsplan.store.chain`), 64 hex digits.
        realised_as: the name the achievement was realised under, beside the plan's name of it
            (``log --item industrial_park --as 中山新藥創制産業園``); None when none was given.
    """

    id: int
    target_id: str
    kind: str
    value: float
    item_id: str | None
    item_name: str | None
    as_of: dt.date
    recorded_at: dt.datetime
    recorded_by: str
    note: str | None = None
    evidence: str | None = None
    supersedes: int | None = None
    reason: str | None = None
    entry_hash: str | None = None
    realised_as: str | None = None

    @property
    def is_item(self) -> bool:
        """Whether the entry records (or, as a retraction, cancels) a named item rather than a value."""
        return self.item_id is not None or (self.kind == "retraction" and self.item_name is not None)


@dataclass(frozen=True, slots=True)
class HistoryRow:
    """One entry of a target's history, with what became of it.

    ``superseded_by`` is the id of the correction or retraction that replaced it, if any.
    """

    entry: Entry
    superseded_by: int | None

    @property
    def effective(self) -> bool:
        """Whether the entry counts: neither a retraction nor replaced by a later one."""
        return self.entry.kind != "retraction" and self.superseded_by is None


@dataclass(frozen=True, slots=True)
class Unit:
    """A responsible unit (責任單位) of the plan: its id and its Chinese name as the plan writes it."""

    id: str
    name: str
