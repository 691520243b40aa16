"""Amendments of a target's definition, as plain data (recorded by ``zsplan load --reason --effective``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Revision:
    """One amendment of a target.

    Attributes:
        target_id: the amended target.
        recorded_at: when it was loaded (UTC, naive).
        effective_from: the first as-of date judged by the new definition.
        reason: why (中期評估調整 …).
        changes: ``(column, old, new)`` of the changed definition, sorted by column.
    """

    target_id: str
    recorded_at: dt.datetime
    effective_from: dt.date
    reason: str
    changes: tuple[tuple[str, Any, Any], ...]

    def in_effect(self, as_of: dt.date, known_at: dt.datetime | None) -> bool:
        """Whether a reading as of ``as_of`` (as known at ``known_at``, UTC) uses the new definition."""
        known = known_at.astimezone(dt.UTC).replace(tzinfo=None) if known_at is not None and known_at.tzinfo else known_at
        return as_of >= self.effective_from and (known is None or self.recorded_at <= known)
