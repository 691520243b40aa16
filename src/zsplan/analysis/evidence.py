"""Rules on the evidence behind entries: achievements or documents that may be counted twice.

Pure functions on plain data; the store supplies :class:`Cited` rows for the effective
entries, the renderers word the :class:`Flag` results. A flag is never a refusal: the same
name under two targets may be two things, and one approval document may list several
achievements; an analyst decides (docs/method.md, "Counted twice?").
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Cited:
    """An effective entry as the evidence rules see it.

    Attributes:
        names: ``(key, name)`` of the achievement it records: the item's name, and the name it
            was realised under (``--as``), each with its folded key; empty for values.
        documents: ``(key, text)`` of each evidence cited, folded key first.
    """

    entry_id: int
    target_id: str
    recorded_by: str
    as_of: dt.date
    names: tuple[tuple[str, str], ...] = ()
    documents: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Flag:
    """Something one target shares with other entries, for an analyst to check.

    Attributes:
        kind: ``item`` (the same named achievement under two or more targets) or ``evidence``
            (the same document cited under two or more targets, or by two or more recorders).
        key: the name or document as first written.
        target_id: the target this flag is shown for.
        entries: every entry sharing it, in id order (this target's and the others').
        targets: the targets sharing it, sorted.
        recorded_by: who recorded those entries, sorted.
    """

    kind: str
    key: str
    target_id: str
    entries: tuple[int, ...]
    targets: tuple[str, ...]
    recorded_by: tuple[str, ...]


def counted_twice(cited: Iterable[Cited]) -> dict[str, list[Flag]]:
    """Flags per target id: named achievements (folded names) recorded under more than one target, and
    evidence documents (folded text) cited under more than one target or by more than one recorder.

    Returns:
        target id → its flags (items first, then evidence; each by key as first written); targets without flags are absent.
    """
    groups: dict[tuple[str, str], list[tuple[Cited, str]]] = defaultdict(list)
    for entry in cited:
        for kind, keyed in (("item", entry.names), ("evidence", entry.documents)):
            seen = set()
            for key, text in keyed:
                if key and key not in seen:
                    seen.add(key)
                    groups[kind, key].append((entry, text))
    flags: dict[str, list[Flag]] = defaultdict(list)
    for (kind, _), members in sorted(groups.items(), key=lambda group: (group[0][0] != "item", min(entry.entry_id for entry, _ in group[1]))):
        targets = tuple(sorted({entry.target_id for entry, _ in members}))
        recorders = tuple(sorted({entry.recorded_by for entry, _ in members}))
        if len(targets) < 2 and (kind == "item" or len(recorders) < 2):
            continue
        ordered = sorted(members, key=lambda member: member[0].entry_id)
        entries = tuple(entry.entry_id for entry, _ in ordered)
        for target_id in targets:
            flags[target_id].append(Flag(kind, ordered[0][1], target_id, entries, targets, recorders))
    return dict(flags)
