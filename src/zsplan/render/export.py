"""The export file (``zsplan export``): the plan and the whole ledger as one ``zsplan-export`` document."""

from __future__ import annotations

import datetime as dt
from typing import Any

from zsplan.analysis.entries import Entry


def export_record(entry: Entry) -> dict[str, Any]:
    """One entry with every stored field, as ``zsplan import`` restores it (docs/schemas/export.schema.json)."""
    return {
        "id": entry.id,
        "target_id": entry.target_id,
        "kind": entry.kind,
        "value": entry.value,
        "item_id": entry.item_id,
        "item_name": entry.item_name,
        "as_of": entry.as_of,
        "recorded_at": entry.recorded_at,
        "recorded_by": entry.recorded_by,
        "note": entry.note,
        "evidence": entry.evidence,
        "supersedes": entry.supersedes,
        "reason": entry.reason,
        "hash": entry.entry_hash,
    }


def export_json(plan: dict[str, Any] | None, entries: list[Entry], *, exported_at: dt.datetime, evidence: dict[str, list[dict[str, Any]]] | None = None) -> str:
    """The export document: ``format``, ``version``, ``exported_at`` (UTC), ``chain_head`` (the last entry's hash,
    which identifies the ledger), ``plan`` (the plan file as JSON), ``evidence`` (the tables kept beside the
    entries: realised-as names, imported-sheet digests, sources, reviews, notes, forecasts and scheduled events;
    :data:`zsplan.store.evidence.EXPORTED`), then ``entries``."""
    from zsplan.render.jsonout import document_text

    head = entries[-1].entry_hash if entries else None
    kept = evidence if evidence is not None else {}
    return document_text(
        "export", (export_record(entry) for entry in entries), key="entries", exported_at=exported_at, chain_head=head, plan=plan, evidence=kept
    )
