"""Reading a target's ledger: its history (every entry, superseded ones included) and its named items.

Both read through :func:`zsplan.service.reading.reading`: the fast SQLite reader on an up-to-date SQLite file, else the ORM.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from zsplan.analysis.entries import Entry, HistoryRow
from zsplan.analysis.standing import TargetSpec
from zsplan.errors import UsageError
from zsplan.service.reading import reading

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


@dataclass(frozen=True)
class TargetHistory:
    """A target and every entry recorded for it, superseded ones included."""

    target: TargetSpec
    rows: list[HistoryRow]
    beside: Any = None
    uncounted: frozenset[int] = frozenset()


def target_history(engine: Engine | Any, *, target: str, item: str | None = None) -> TargetHistory:
    """Every entry of ``target`` (id or name), in the order recorded; with ``item``, those of that item
    (by its id, its name or the name it was realised under).

    Raises:
        UsageError: unknown target.
    """
    with reading(engine) as (session, ledger, evidence):
        spec = ledger.find_target(session, target)
        rows = ledger.history(session, spec.id, item=item)
        beside = evidence.beside(session, [spec.id]).get(spec.id)
        uncounted = evidence.uncounted_ids(session)
    return TargetHistory(target=spec, rows=rows, beside=beside, uncounted=uncounted)


@dataclass(frozen=True)
class ItemList:
    """The named achievements that count for a target, as of a date (None: every one)."""

    target: TargetSpec
    as_of: dt.date | None
    items: list[Entry]


def list_items(engine: Engine | Any, *, target: str, as_of: dt.date | None = None, item: str | None = None) -> ItemList:
    """The effective named items of ``target`` (optionally those dated by ``as_of``, or the one ``item`` names:
    by its id, its name or the name it was realised under).

    Raises:
        UsageError: unknown target, or a target not tracked by items.
    """
    with reading(engine) as (session, ledger, _):
        spec = ledger.find_target(session, target)
        if spec.mode != "items":
            raise UsageError(f"{spec.id!r} is tracked by values, not named items; see 'zsplan history {spec.id}'", "target")
        items = ledger.effective_items(session, spec.id, as_of=as_of)
        if item is not None:
            items = [entry for entry in items if ledger.names_item(entry, item)]
    return ItemList(target=spec, as_of=as_of, items=items)
