"""Stored rows made plain data: shared by the ORM queries (:mod:`zsplan.store.ledger`) and the fast
SQLite reader (:mod:`zsplan.store.fastread`), so that both turn the same rows into the same
:class:`~zsplan.analysis.standing.TargetSpec` and find targets by the same rules.

Standard library and :mod:`zsplan.analysis` only: the fast reader imports this without SQLAlchemy.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from zsplan.analysis.entries import Entry
from zsplan.analysis.evidence import Cited, Expectation, Note, Review, Source
from zsplan.analysis.standing import TargetSpec, UnitRef
from zsplan.errors import LedgerTampered, UsageError
from zsplan.plan.vocabulary import TARGET_KINDS
from zsplan.text import fold, fold_many

#: Kind of the entry that reports "nothing new this period" (本期無新增): it counts as a report, adds nothing
#: to a flow target and leaves a stock target's level and a milestone as they were.
NIL = "nil"

#: Seconds a writer waits for another writer's lock before giving up: SQLite's busy timeout,
#: PostgreSQL's ``lock_timeout``. ``$ZSPLAN_LOCK_TIMEOUT`` (seconds, > 0) overrides it.
LOCK_TIMEOUT_S = 30


def lock_timeout_s() -> float:
    """The lock timeout in seconds: ``$ZSPLAN_LOCK_TIMEOUT`` when it is a positive number, else :data:`LOCK_TIMEOUT_S`."""
    try:
        value = float(os.environ.get("ZSPLAN_LOCK_TIMEOUT", ""))
    except ValueError:
        return LOCK_TIMEOUT_S
    return value if 0 < value < 86_400 else LOCK_TIMEOUT_S


#: The ``target`` columns a target's definition is read from, in the order :func:`target_specs` takes them.
TARGET_COLUMNS = (
    "id",
    "name",
    "kind",
    "category",
    "unit",
    "comparator",
    "deadline",
    "baseline_value",
    "baseline_date",
    "progress",
    "mode",
    "measure_id",
    "value",
    "min_value",
    "max_value",
    "per_year",
    "years",
    "deadline_inferred",
    "strength",
    "source_text",
    "stated_in",
    "note",
    "unit_kind",
    "precision",
    "tolerance",
    "year",
    "within_years",
    "counts",
    "counts_ambiguous",
    "counts_note",
    "met_at_baseline",
    "plan_id",
)


def naive_utc(moment: dt.datetime) -> dt.datetime:
    """``moment`` in UTC without its zone, as the database stores recording times (one without a zone is UTC)."""
    return moment.astimezone(dt.UTC).replace(tzinfo=None) if moment.tzinfo is not None else moment


def undo_amendments(
    rows: list[Any], names: list[str], found: Iterable[tuple[Any, Any, Any, str]], as_of: dt.date | None, known_at: dt.datetime | None
) -> list[Any]:
    """``rows`` of the target table with every amendment not in effect on ``as_of`` (or not recorded by ``known_at``) undone.

    Args:
        names: the column of each value of a row.
        found: every ``target_revision`` row as ``(target id, recorded at, effective from, old values)``, newest first.
    """
    wanted = {row[0] for row in rows}
    known = naive_utc(known_at) if known_at is not None else None
    undo: dict[str, dict[str, Any]] = defaultdict(dict)
    for target_id, recorded_at, effective_from, old_values in found:
        if target_id not in wanted:
            continue
        recorded = naive_utc(recorded_at) if isinstance(recorded_at, dt.datetime) else dt.datetime.fromisoformat(str(recorded_at))
        effective = effective_from if isinstance(effective_from, dt.date) else dt.date.fromisoformat(str(effective_from))
        if (known is not None and recorded > known) or (as_of is not None and effective > as_of):
            undo[target_id].update(json.loads(old_values))  # older revisions, read later, overwrite newer ones
    if not undo:
        return rows
    position = {name: index for index, name in enumerate(names)}
    result = []
    for row in rows:
        if row[0] not in undo:
            result.append(row)
            continue
        values = list(row)
        for column, value in undo[row[0]].items():
            if column in position:
                values[position[column]] = dt.date.fromisoformat(value) if column in ("deadline", "baseline_date") and value else value
        result.append(tuple(values))
    return result


#: What zsplan itself writes in the columns the analysis branches on (kind, comparator, progress, mode).
WRITTEN = {
    2: frozenset(TARGET_KINDS),
    5: frozenset({"at_least", "at_most", "approximately"}),
    9: frozenset({"stock", "flow"}),
    10: frozenset({"items", "value"}),
}


def refuse_foreign_definitions(rows: list[Any]) -> None:
    """Refuse target rows holding what no zsplan load writes (a kind set to 'banana' with another tool).

    Raises:
        LedgerTampered: naming the target and the column; ``zsplan verify`` lists every difference.
    """
    for row in rows:
        for column, allowed in WRITTEN.items():
            if row[column] not in allowed:
                field = {2: "kind", 5: "comparator", 9: "progress", 10: "mode"}[column]
                raise LedgerTampered(
                    f"target {row[0]!r} has {field} {row[column]!r}, which zsplan never writes: the database was changed outside zsplan; "
                    "run 'zsplan verify', and restore a backup or an export",
                    [],
                )


def measure_places(rows, wanted: set[str]) -> dict[str, tuple[str, str, tuple[str, str, str]]]:
    """measure id → (number, title, (chapter id, chapter number, chapter title)) for the ``wanted`` measures,
    from (id, parent, number, title) rows of the whole outline."""
    by_id = {row[0]: row for row in rows}
    places = {}
    for measure_id in wanted:
        node = by_id[measure_id]
        number, title = node[2], node[3]
        while node[1] is not None:
            node = by_id[node[1]]
        places[measure_id] = (number, title, (node[0], node[2], node[3]))
    return places


def target_specs(
    rows: list[Any],
    places: dict[str, tuple[str, str, tuple[str, str, str]]],
    unit_names: dict[str, str],
    unit_links: Iterable[tuple[str, str, str]],
    item_rows: Iterable[tuple[str, str, str]],
) -> list[TargetSpec]:
    """The :class:`TargetSpec` of each row of :data:`TARGET_COLUMNS`, in the order of ``rows``.

    Args:
        places: from :func:`measure_places`.
        unit_names: unit id → name, of every unit.
        unit_links: ``(target id, unit id, role)`` in each target's order of units.
        item_rows: ``(target id, item id, name)`` in each checklist's order.
    """
    # a province has tens of units and tens of thousands of targets: one UnitRef per unit and role
    refs = {(unit_id_, role): UnitRef(id=unit_id_, name=name, role=role) for unit_id_, name in unit_names.items() for role in ("lead", "co")}
    units: dict[str, list[UnitRef]] = defaultdict(list)
    for target_id, unit_id_, role in unit_links:
        units[target_id].append(refs[unit_id_, role])
    items: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for target_id, item_id, name in item_rows:
        items[target_id].append((item_id, name))
    specs = []
    for (
        id_,
        name,
        kind,
        category_,
        unit_,
        comparator,
        deadline,
        baseline_value,
        baseline_date,
        progress,
        mode,
        measure_id,
        value,
        minimum,
        maximum,
        per_year,
        years,
        deadline_inferred,
        strength,
        source_text,
        stated_in,
        note,
        unit_kind,
        precision,
        tolerance,
        year,
        within_years,
        counts,
        counts_ambiguous,
        counts_note,
        met_at_baseline,
        plan_id,
    ) in rows:
        number, title, chapter = places[measure_id]
        specs.append(
            TargetSpec(
                id=id_,
                name=name,
                kind=kind,
                category=category_,
                unit=unit_,
                comparator=comparator or "at_least",
                deadline=deadline,
                baseline_value=baseline_value,
                baseline_date=baseline_date,
                progress=progress,
                mode=mode,
                measure_id=measure_id,
                measure_number=number,
                measure_title=title,
                chapter=chapter,
                value=value,
                minimum=minimum,
                maximum=maximum,
                per_year=per_year,
                years=tuple(int(year) for year in years.split(",")) if years else (),
                items=tuple(items[id_]) if id_ in items else (),
                deadline_inferred=deadline_inferred,
                strength=strength,
                units=tuple(units[id_]) if id_ in units else (),
                source_text=source_text,
                stated_in=stated_in,
                note=note,
                unit_kind=unit_kind or "count",
                precision=precision or 0,
                tolerance=tolerance,
                year=year,
                within_years=within_years,
                counts=counts or "total",
                counts_ambiguous=bool(counts_ambiguous),
                counts_note=counts_note,
                met_at_baseline=bool(met_at_baseline),
                plan_id=plan_id,
            )
        )
    return specs


@dataclass(frozen=True)
class PlanHeader:
    """The stored plan's title and issue date, and its id."""

    title: str
    issued: dt.date
    id: str = ""


@dataclass(frozen=True)
class Beside:
    """What is kept beside one target's entries, as known at a moment.

    Attributes:
        notes: progress notes, by date then id.
        expectations: forecasts and scheduled events, by expected date then id.
        sources: entry id → its sources (own, corroborations, conflicts), in the order recorded.
        reviews: entry id → its reviews, oldest first.
    """

    notes: tuple[Note, ...] = ()
    expectations: tuple[Expectation, ...] = ()
    sources: dict[int, tuple[Source, ...]] | None = None
    reviews: dict[int, tuple[Review, ...]] | None = None


def per_date_rows(rows: Iterable[tuple[str, Any, float, float | None]]) -> dict[str, list[tuple[dt.date, float, float | None]]]:
    """The rows of ``progress_series``'s query, ``(target id, date, sum of values, last value)`` in any order,
    as that function gives them: per target, ``(date, sum, last)`` oldest first.

    Dates may come as :class:`datetime.date` (PostgreSQL) or as ISO text (SQLite, on either read path);
    a ledger repeats its dates, so each text is parsed once.
    """
    result: dict[str, list[tuple[dt.date, float, float | None]]] = defaultdict(list)
    dates: dict[Any, dt.date] = {}
    for target_id, day, total, last in rows:
        date = dates.get(day)
        if date is None:
            date = dates[day] = day if isinstance(day, dt.date) else dt.date.fromisoformat(day)
        result[target_id].append((date, float(total), last))
    for per_date in result.values():
        per_date.sort()  # the dates of a target are distinct: only they are compared
    return dict(result)


def names_item(entry: Entry, query: str) -> bool:
    """Whether ``query`` names the entry's item: its id, its name or the name it was realised under (folded)."""
    key = fold(query)
    return bool(key) and key in {fold(name) for name in (entry.item_id, entry.item_name, entry.realised_as) if name}


def suggest(query: str, names: dict[str, str]) -> str:
    """``names`` maps folded key → display; return a did-you-mean phrase or ''."""
    import difflib

    hits = difflib.get_close_matches(fold(query), list(names), n=3, cutoff=0.5)
    return "; did you mean " + " or ".join(repr(names[hit]) for hit in hits) + "?" if hits else ""


def unknown_unit(query: str, units: list[tuple[str, str]]) -> UsageError:
    """The refusal of a unit ``query`` that none of ``units`` (``(id, name)``, in the plan's order) is, with a did-you-mean."""
    names = {fold(name): name for _, name in units} | {unit_id: unit_id for unit_id, _ in units}
    return UsageError(f"unknown unit {query!r}{suggest(query, names) or '; known units: ' + ', '.join(unit_id for unit_id, _ in units)}", "unit")


class TargetIndex:
    """Finds targets by id or by name in any script, width or spacing; built once, used for many lookups."""

    def __init__(self, specs: list[TargetSpec]) -> None:
        self.specs = specs
        self.by_id = {spec.id: spec for spec in specs}
        self.by_key: dict[str, list[TargetSpec]] = defaultdict(list)
        for spec in specs:
            self.by_key[fold(spec.name)].append(spec)
            if spec.id.casefold() != fold(spec.name):
                self.by_key[spec.id.casefold()].append(spec)

    def find(self, query: str) -> TargetSpec:
        """Return the target ``query`` names.

        Raises:
            UsageError: ``query`` is empty, no target matches (with a did-you-mean), or a name matches several.
        """
        if query in self.by_id:
            return self.by_id[query]
        key = fold(query)
        if not key:
            raise UsageError("{target} is empty; give a target id or its Chinese name ('zsplan status' lists them)", "target")
        matches = self.by_key.get(key, [])
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise UsageError(f"target name {query!r} is ambiguous: " + ", ".join(spec.id for spec in matches) + "; use the id", "target")
        partial = [spec for spec in self.specs if key and key in fold(spec.name)]
        if len(partial) == 1:
            hint = f"; did you mean {partial[0].id!r} ({partial[0].name})?"
        elif partial:
            hint = "; names containing it: " + ", ".join(f"{spec.id} ({spec.name})" for spec in partial[:5])
        else:
            names = {spec.id.casefold(): spec.id for spec in self.specs} | {fold(spec.name): spec.id for spec in self.specs}
            hint = suggest(query, names) or "; run 'zsplan status' to list target ids"
        raise UsageError(f"unknown target {query!r}{hint}", "target")


#: Above this many keys or texts in any kind, the readers give up narrowing the entries to those :class:`Flagged`
#: names (their SQL would bind too many parameters): they then read every cited entry, which is slower and gives
#: the same flags.
NARROW_LIMIT = 900
#: Keys bound in one query when the readers look up a list of them (below SQLite's and PostgreSQL's limits).
BIND_CHUNK = 900


@dataclass(frozen=True, slots=True)
class Flagged:
    """What may be counted twice: ``names``, the folded keys of names (an item's name, kept folded with its entry
    since revision 0015, or its realised-as name); ``documents``, evidence texts as stored (before folding);
    ``unkeyed``, the names as stored of entries kept without a key (written outside zsplan) whose key is among
    ``names``. ``narrow`` is False when there are too many to bind (:data:`NARROW_LIMIT`)."""

    names: tuple[str, ...]
    documents: tuple[str, ...]
    unkeyed: tuple[str, ...] = ()
    narrow: bool = True

    @classmethod
    def of(cls, names: Iterable[str], documents: Iterable[str], unkeyed: Iterable[str] = ()) -> Flagged:
        """The keys and texts, each once and sorted, with ``narrow`` set by :data:`NARROW_LIMIT`."""
        kept, cited, loose = tuple(sorted(set(names))), tuple(sorted(set(documents))), tuple(sorted(set(unkeyed)))
        return cls(kept, cited, loose, narrow=max(len(kept), len(cited), len(loose)) <= NARROW_LIMIT)


def keyed_names(rows: Iterable[tuple[str, str | None, str]]) -> list[tuple[str, str, str]]:
    """``(key, name, target id)`` of the names the counted-twice check reads beside the keyed entries, from
    ``(name as stored, its stored key or None, target id)``: a realised-as name (``entry_alias.folded``) and an
    entry's item name kept without a key (folded here, each distinct name once). A name of no key is dropped."""
    rows = list(rows)
    loose = list(dict.fromkeys(name for name, key, _ in rows if key is None))
    folded = dict(zip(loose, fold_many(loose), strict=True))
    keyed = [(folded[name] if key is None else key, name, target_id) for name, key, target_id in rows]
    return [row for row in keyed if row[0]]


def shared_names(spanning: Iterable[str], beside: Iterable[tuple[str, str, str]], spans: Iterable[tuple[str, str, str]]) -> tuple[set[str], set[str]]:
    """Which folded names may be counted twice: a name whose key is recorded under two targets.

    Args:
        spanning: the keys (``progress_entry.name_key``) whose keyed entries already span two targets, found in SQL.
        beside: :func:`keyed_names` of the realised-as names and of the entries kept without a key.
        spans: ``(key, least target id, greatest target id)`` of the keyed entries under each key of ``beside``.

    Returns:
        The flagged keys, and the names as stored of ``beside`` under them: the readers find the unkeyed
        entries among the flagged by these names (a realised-as name is found by its key, ``entry_alias.folded``).
    """
    flagged = set(spanning)
    targets: dict[str, set[str]] = defaultdict(set)
    for key, _, target_id in beside:
        targets[key].add(target_id)
    for key, least, greatest in spans:
        targets[key].update((least, greatest))
    flagged.update(key for key, under in targets.items() if len(under) > 1)
    return flagged, {name for key, name, _ in beside if key in flagged}


def flagged_documents(groups: Iterable[tuple[str, str, str, str, str]]) -> set[str]:
    """Which evidence texts, as stored, may be counted twice, from the cited entries grouped by text in SQL.

    ``groups`` are ``(text, least target id, greatest target id, least recorder, greatest recorder)`` per
    distinct stored text. Texts are folded (:func:`zsplan.text.fold`) and their groups merged by key: a
    document whose key spans two targets or two recorders is what
    :func:`zsplan.analysis.evidence.counted_twice` flags, and every stored text of such a key is returned.
    The entries holding these texts are all that :func:`cited` needs for documents: a group of any other
    key is never flagged, whichever entries it keeps. Each distinct text is folded once.
    """
    rows = [row for row in groups if row[0]]
    distinct = list(dict.fromkeys(row[0] for row in rows))
    folded = dict(zip(distinct, fold_many(distinct), strict=True))
    members: dict[str, list[tuple[str, str, str, str, str]]] = defaultdict(list)
    for row in rows:
        if folded[row[0]]:
            members[folded[row[0]]].append(row)
    documents: set[str] = set()
    for group in members.values():
        targets = {target for member in group for target in member[1:3]}
        recorders = {recorder for member in group for recorder in member[3:5]}
        if len(targets) > 1 or len(recorders) > 1:
            documents.update(member[0] for member in group)
    return documents


def cited(rows: Iterable[tuple[Any, ...]], aliases: dict[int, tuple[str, str]], sources: dict[int, list[str]]) -> list[Cited]:
    """The :class:`~zsplan.analysis.evidence.Cited` entries that may be counted twice, from the entries' rows.

    ``rows`` are ``(entry id, target id, recorded by, as-of date, item name, name key, evidence)``; names are
    the item's name, under its stored key (folded here when the entry has none), and its realised-as name
    (``aliases``: entry id → ``(name, key)``); documents the evidence and the further sources (``sources``),
    folded here. Only entries sharing a key of a name, or a folded document, with another entry are
    returned: :func:`zsplan.analysis.evidence.counted_twice` flags nothing else, and a ledger of a million
    entries has hundreds of thousands of names, each its own.
    """
    entries = []
    unkeyed: list[str] = []
    for entry_id, target_id, by, day, item_name, name_key, source in rows:
        names = ([(name_key, item_name)] if item_name else []) + ([(aliases[entry_id][1], aliases[entry_id][0])] if entry_id in aliases else [])
        if item_name and name_key is None:
            unkeyed.append(item_name)
        texts = [text_ for text_ in ([source, *sources.get(entry_id, [])] if source else sources.get(entry_id, [])) if text_]
        entries.append((entry_id, target_id, by, day, names, texts))
    distinct = list(dict.fromkeys(unkeyed + [text_ for entry in entries for text_ in entry[5]]))
    folded = dict(zip(distinct, fold_many(distinct), strict=True))
    name_count: dict[str, int] = defaultdict(int)
    document_count: dict[str, int] = defaultdict(int)
    keyed = []
    for entry_id, target_id, by, day, names, texts in entries:
        named = tuple((folded[name] if key is None else key, name) for key, name in names)
        documents = tuple((folded[text_], text_) for text_ in texts if folded[text_])
        for key in {key for key, _ in named if key}:
            name_count[key] += 1
        for key in {key for key, _ in documents}:
            document_count[key] += 1
        keyed.append((entry_id, target_id, by, day, named, documents))
    result = []
    for entry_id, target_id, by, day, named, documents in keyed:
        if any(name_count[key] > 1 for key, _ in named if key) or any(document_count[key] > 1 for key, _ in documents):
            result.append(Cited(entry_id, target_id, by, day, named, documents))
    return result
