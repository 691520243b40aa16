"""Validate a plan file: every problem at once, each located at its line and column.

Three passes, each returning :class:`~zsplan.plan.problems.Problem` lists:

1. reading (:mod:`zsplan.plan.source`): YAML syntax, duplicate keys, aliases, tabs;
2. schema (:mod:`zsplan.plan.models`): unknown or missing fields, wrong types;
3. rules (:data:`RULES`): pure functions over the typed plan — unique ids,
   references, the measure outline, deadlines inside the horizon, ranges,
   units of count, and traceability of each ``source_text`` to the plan's text.

Rules run only on a file that passed the schema, so they can rely on types.
"""

from __future__ import annotations

import difflib
import hashlib
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from zsplan.errors import PlanFileError
from zsplan.plan import models as m
from zsplan.plan.problems import Problem
from zsplan.plan.source import Key, LocatedData, read_yaml


@dataclass(frozen=True)
class LoadedPlan:
    """A plan file that passed validation.

    Attributes:
        plan: the typed plan.
        path: the file it was read from.
        content_hash: SHA-256 hex digest of the file's bytes (recorded in load history).
    """

    plan: m.PlanFile
    path: Path
    content_hash: str


@dataclass(frozen=True)
class CheckResult:
    """The outcome of :func:`check_plan_file`: the plan when valid, and every problem found."""

    plan: m.PlanFile | None
    problems: list[Problem]
    content_hash: str


class _Where:
    """Turns a data path into a located problem for one file."""

    def __init__(self, located: LocatedData, display_path: str) -> None:
        self.located = located
        self.display_path = display_path

    def __call__(self, path: Key, rule: str, message: str) -> Problem:
        line, column = self.located.locate(path)
        return Problem(self.display_path, line, column, rule, message)


Rule = Callable[[m.PlanFile, _Where, Path], Iterable[Problem]]


def check_plan_file(path: Path, display_path: str | None = None) -> CheckResult:
    """Validate the plan file at ``path`` and return the plan (if valid) and all problems.

    Args:
        path: the plan file.
        display_path: how problems name the file (defaults to ``str(path)``).

    Returns:
        A :class:`CheckResult`; ``plan`` is ``None`` unless ``problems`` is empty.

    Raises:
        PlanFileError: the file does not exist or cannot be read.
    """
    shown = display_path or str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PlanFileError(f"{shown}: no such file; give the path of a plan file such as data/plan.yaml") from None
    except IsADirectoryError:
        raise PlanFileError(f"{shown}: is a directory, not a plan file") from None
    except OSError as exc:
        raise PlanFileError(f"{shown}: cannot read: {exc.strerror}") from None
    digest = hashlib.sha256(raw).hexdigest()
    located = read_yaml(path, shown)
    if located.problems or located.data is None:
        problems = located.problems or [Problem(shown, 1, 1, "empty", "the file is empty; a plan needs plan, units, measures and targets")]
        return CheckResult(None, sorted(problems), digest)
    if not isinstance(located.data, dict):
        return CheckResult(None, [Problem(shown, 1, 1, "schema", "the top level must be a mapping with plan, units, measures and targets")], digest)
    where = _Where(located, shown)
    try:
        plan = m.PlanFile.model_validate(located.data)
    except ValidationError as exc:
        return CheckResult(None, sorted(_schema_problems(exc, located, where)), digest)
    problems = [problem for rule in RULES for problem in rule(plan, where, path)]
    return CheckResult(plan if not problems else None, sorted(problems), digest)


def load_plan(path: Path, display_path: str | None = None) -> LoadedPlan:
    """Return the validated plan at ``path``.

    Raises:
        PlanFileError: the file is missing, unreadable or has problems
            (``err.problems`` lists them, sorted by line).
    """
    result = check_plan_file(path, display_path)
    if result.plan is None:
        shown = display_path or str(path)
        count = len(result.problems)
        raise PlanFileError(f"{shown}: {count} problem{'s' if count != 1 else ''}; run 'zsplan validate {shown}' to see them", result.problems)
    return LoadedPlan(result.plan, path, result.content_hash)


# --------------------------------------------------------------------------- schema


def _schema_problems(exc: ValidationError, located: LocatedData, where: _Where) -> Iterator[Problem]:
    seen: set[tuple[Key, str]] = set()
    for error in exc.errors():
        path = _concrete_path(located.data, error["loc"])
        kind = error["type"]
        field = path[-1] if path else ""
        if kind == "extra_forbidden":
            allowed = _allowed_fields(path[:-1], located.data)
            hint = difflib.get_close_matches(str(field), allowed, n=1)
            fix = f"; did you mean {hint[0]!r}?" if hint else f"; allowed fields: {', '.join(sorted(allowed))}"
            rule, message = "unknown-field", f"unknown field {field!r}{fix}"
        elif kind == "missing":
            rule, message = "missing-field", f"missing required field {field!r}"
        elif kind == "union_tag_invalid":
            rule, message = "schema", f"unknown target kind {error['input'].get('kind')!r}; expected one of {', '.join(m.TARGET_KINDS)}"
            path = path + ("kind",)
        elif kind == "union_tag_not_found":
            rule, message = "missing-field", f"missing required field 'kind' (one of {', '.join(m.TARGET_KINDS)})"
        elif kind == "literal_error":
            rule, message = "schema", f"{field}: {error['input']!r} is not allowed; {error['msg'][0].lower()}{error['msg'][1:]}"
        else:
            rule, message = "schema", f"{field}: {error['msg']} (got {_describe(error.get('input'))})"
        key = (path, message)
        if key in seen:
            continue
        seen.add(key)
        yield where(path, rule, message)


def _concrete_path(data: Any, loc: tuple[Any, ...]) -> Key:
    """Map a pydantic error location onto the data, dropping union tags such as ``'number'``."""
    path: list[Any] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and part in m.TARGET_KINDS:
            continue
        else:
            path.append(part)
            node = None
    return tuple(path)


def _fields_of(model: type[BaseModel]) -> list[str]:
    return list(model.model_fields)


def _allowed_fields(parent: Key, data: Any) -> list[str]:
    shape = tuple("#" if isinstance(part, int) else part for part in parent)
    target_fields = sorted({name for cls in get_args(get_args(m.Target)[0]) for name in cls.model_fields})
    table: dict[tuple[Any, ...], list[str]] = {
        (): _fields_of(m.PlanFile),
        ("plan",): _fields_of(m.PlanMeta),
        ("plan", "horizon"): _fields_of(m.Horizon),
        ("plan", "vision"): _fields_of(m.Vision),
        ("units", "#"): _fields_of(m.Unit),
        ("measures", "#"): _fields_of(m.Measure),
        ("targets", "#"): target_fields,
        ("targets", "#", "baseline"): _fields_of(m.Baseline),
        ("targets", "#", "items", "#"): _fields_of(m.ChecklistItem),
    }
    return table.get(shape, [])


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (YAML reads yes/no/on/off as true/false; quote text)"
    if isinstance(value, (dict, list)):
        return type(value).__name__
    return f"{value!r}"


# --------------------------------------------------------------------------- rules


def _duplicates(ids: list[str]) -> set[str]:
    return {item for item, count in Counter(ids).items() if count > 1}


def rule_unique_ids(plan: m.PlanFile, where: _Where, path: Path) -> Iterator[Problem]:
    """Ids of units, measures and targets, and of items within a target, are unique; so are target names."""
    for section, items in (("units", plan.units), ("measures", plan.measures), ("targets", plan.targets)):
        first: dict[str, int] = {}
        for index, item in enumerate(items):
            if item.id in first:
                yield where((section, index, "id"), "duplicate-id", f"{section[:-1]} id {item.id!r} is already used by {section}[{first[item.id]}]; ids must be unique")
            else:
                first[item.id] = index
    names: dict[str, int] = {}
    for index, target in enumerate(plan.targets):
        if target.name in names:
            yield where(("targets", index, "name"), "duplicate-name", f"target name {target.name!r} is already used by targets[{names[target.name]}]; names must be unique so that 'zsplan log NAME' is unambiguous")
        else:
            names[target.name] = index
        if isinstance(target, m.ChecklistTarget):
            for dup in sorted(_duplicates([item.id for item in target.items])):
                position = [item.id for item in target.items].index(dup, 1 + [item.id for item in target.items].index(dup))
                yield where(("targets", index, "items", position, "id"), "duplicate-id", f"checklist item id {dup!r} appears twice in target {target.id!r}")


def rule_references(plan: m.PlanFile, where: _Where, path: Path) -> Iterator[Problem]:
    """Every unit and measure named by a measure or target exists."""
    unit_ids = [unit.id for unit in plan.units]
    measure_ids = [measure.id for measure in plan.measures]

    def unknown(kind: str, value: str, known: list[str]) -> str:
        hint = difflib.get_close_matches(value, known, n=1)
        return f"unknown {kind} {value!r}" + (f"; did you mean {hint[0]!r}?" if hint else f"; define it under '{kind}s' first")

    for index, measure in enumerate(plan.measures):
        if measure.parent is not None and measure.parent not in measure_ids:
            yield where(("measures", index, "parent"), "unknown-measure", unknown("measure", measure.parent, measure_ids))
        for position, unit in enumerate(measure.units):
            if unit not in unit_ids:
                yield where(("measures", index, "units", position), "unknown-unit", unknown("unit", unit, unit_ids))
    for index, target in enumerate(plan.targets):
        for field in ("measure", "stated_in"):
            value = getattr(target, field)
            if value is not None and value not in measure_ids:
                yield where(("targets", index, field), "unknown-measure", unknown("measure", value, measure_ids))
        for position, unit in enumerate(target.units or []):
            if unit not in unit_ids:
                yield where(("targets", index, "units", position), "unknown-unit", unknown("unit", unit, unit_ids))


_PARENT_LEVEL = {"chapter": None, "section": "chapter", "measure": "section", "column": "section"}


def rule_outline(plan: m.PlanFile, where: _Where, path: Path) -> Iterator[Problem]:
    """The outline is a tree: chapters at the top, sections under chapters, measures and columns under sections, no cycles."""
    by_id = {measure.id: measure for measure in plan.measures}
    for index, measure in enumerate(plan.measures):
        expected = _PARENT_LEVEL[measure.level]
        parent = by_id.get(measure.parent) if measure.parent else None
        if expected is None and measure.parent is not None:
            yield where(("measures", index, "parent"), "outline", f"a chapter has no parent; remove 'parent: {measure.parent}'")
        elif expected is not None and measure.parent is None:
            yield where(("measures", index), "outline", f"a {measure.level} needs a parent {expected}")
        elif parent is not None and parent.level != expected:
            yield where(("measures", index, "parent"), "outline", f"the parent of a {measure.level} must be a {expected}, but {parent.id!r} is a {parent.level}")
        seen = {measure.id}
        node = parent
        while node is not None:
            if node.id in seen:
                yield where(("measures", index, "parent"), "cycle", f"measure {measure.id!r} is its own ancestor (through {node.id!r}); fix the parent links")
                break
            seen.add(node.id)
            node = by_id.get(node.parent) if node.parent else None


def rule_target_values(plan: m.PlanFile, where: _Where, path: Path) -> Iterator[Problem]:
    """Dates fall inside the plan horizon, ranges are ordered, years are plausible, units of count are the plan's own."""
    horizon = plan.plan.horizon
    if horizon.start > horizon.end:
        yield where(("plan", "horizon", "start"), "horizon", f"horizon start {horizon.start} is after its end {horizon.end}")
    measures = {measure.id: measure for measure in plan.measures}
    for index, target in enumerate(plan.targets):
        here = ("targets", index)
        if not horizon.start <= target.deadline <= horizon.end:
            yield where(here + ("deadline",), "deadline-horizon", f"deadline {target.deadline} is outside the plan horizon {horizon.start}…{horizon.end}")
        if target.baseline.date >= target.deadline:
            yield where(here + ("baseline", "date"), "baseline-date", f"baseline date {target.baseline.date} is not before the deadline {target.deadline}")
        if target.baseline.date > horizon.end:
            yield where(here + ("baseline", "date"), "baseline-date", f"baseline date {target.baseline.date} is after the plan horizon ends ({horizon.end})")
        if target.unit not in m.UNITS_OF_COUNT:
            yield where(here + ("unit",), "unit-of-count", f"unit of count {target.unit!r} is not one the plan uses; use one of {' '.join(m.UNITS_OF_COUNT)}")
        if isinstance(target, m.RangeTarget) and target.min > target.max:
            yield where(here + ("min",), "range", f"range min {target.min:g} is greater than max {target.max:g}")
        if isinstance(target, m.PerYearTarget):
            years = target.years
            for position, year in enumerate(years):
                if not horizon.start.year <= year <= horizon.end.year:
                    yield where(here + ("years", position), "year-horizon", f"year {year} is outside the plan horizon {horizon.start.year}–{horizon.end.year}")
            if years != sorted(set(years)):
                yield where(here + ("years",), "years", "years must be listed once each, in increasing order")
            elif years[-1] != target.deadline.year:
                yield where(here + ("deadline",), "deadline-years", f"deadline {target.deadline} should fall in the last scheduled year {years[-1]}")
        if isinstance(target, m.NumberTarget) and target.comparator == "at_least" and target.baseline.value >= target.value and target.value > 0:
            yield where(here + ("baseline", "value"), "baseline-met", f"baseline {target.baseline.value:g} already meets the target {target.value:g}")
        if target.measure in measures and not (target.units or measures[target.measure].units):
            yield where(here + ("measure",), "no-lead-unit", f"target {target.id!r} has no responsible unit: its measure names none; add 'units: [...]' to the target")


def normalise_text(text: str) -> str:
    """Fold a text for comparison: NFKC (full-width → half-width) and no white space."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def rule_source_text(plan: m.PlanFile, where: _Where, path: Path) -> Iterator[Problem]:
    """Each target's ``source_text`` occurs in the plan document named by ``plan.source_file``."""
    source = path.parent / plan.plan.source_file
    try:
        document = normalise_text(source.read_text(encoding="utf-8"))
    except OSError:
        yield where(("plan", "source_file"), "source-file", f"source file {plan.plan.source_file!r} not found next to the plan file ({source})")
        return
    for index, target in enumerate(plan.targets):
        if normalise_text(target.source_text) not in document:
            yield where(("targets", index, "source_text"), "source-text", f"source_text of {target.id!r} does not occur in {plan.plan.source_file}; copy the sentence from the plan exactly")


RULES: tuple[Rule, ...] = (rule_unique_ids, rule_references, rule_outline, rule_target_values, rule_source_text)
"""The semantic rules, in the order they run; each is a pure function of the typed plan."""
