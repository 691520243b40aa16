"""Validate a plan file: every problem at once, each located at its line and column.

Three passes, each returning :class:`~zsplan.plan.problems.Problem` lists:

1. reading (:mod:`zsplan.plan.source`): YAML syntax, duplicate keys, aliases,
   tabs, values that YAML types surprisingly (``no``, ``010``, ``1_000``, ``.5``);
2. schema (:mod:`zsplan.plan.models`), item by item: unknown or missing fields,
   wrong types, malformed ids. An item that fails is left out of pass 3, the
   others still go through it, so one run reports every fault;
3. rules (:data:`RULES`): pure functions over the valid items — unique ids,
   references, the measure outline, deadlines inside the horizon, ranges, units
   of count, text without control characters and names without markup, and traceability of each target to the plan's own text
   (:mod:`zsplan.plan.trace`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import difflib
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel, TypeAdapter, ValidationError

from zsplan.errors import PlanFileError
from zsplan.plan import models as m
from zsplan.plan.problems import Problem
from zsplan.plan.source import MAX_PLAN_BYTES, Key, LocatedData, decode_plan_bytes, read_limited, too_large
from zsplan.text import unsafe_character

SECTIONS = ("plan", "units", "measures", "targets")
#: Sections a plan file may leave out.
OPTIONAL_SECTIONS = ("units_of_measure", "categories", "amendment")


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


@dataclass
class PlanView:
    """The items of a plan file that passed the schema, each with its index in the file.

    Attributes:
        meta: the ``plan`` section, or None if it failed the schema.
        horizon, source_file: taken from ``meta``, or read on their own when another
            field of the ``plan`` section is faulty, so date and traceability rules still run.
        units, measures, targets: ``(index, item)`` pairs of the valid items.
        raw_ids: per section, every ``id`` written in the file, valid item or not
            (so a reference to an item that failed the schema is not also "unknown").
        path: the plan file (``source_file`` is relative to it).
        holes: per target index that failed the schema, the top-level fields that were
            replaced by placeholders so the rules could still run on the rest of the item;
            problems about those fields (and rules that read them) are dropped.
    """

    meta: m.PlanMeta | None
    horizon: m.Horizon | None = None
    source_file: str | None = None
    units: list[tuple[int, m.Unit]] = field(default_factory=list)
    measures: list[tuple[int, m.Measure]] = field(default_factory=list)
    targets: list[tuple[int, Any]] = field(default_factory=list)
    units_of_measure: list[tuple[int, m.UnitOfMeasure]] = field(default_factory=list)
    categories: list[tuple[int, m.CategoryDef]] = field(default_factory=list)
    amendment: m.Amendment | None = None
    raw_ids: dict[str, list[str]] = field(default_factory=dict)
    path: Path = Path(".")
    holes: dict[int, frozenset[str]] = field(default_factory=dict)


class Where:
    """Turns a data path into a located problem for one file."""

    def __init__(self, located: LocatedData, display_path: str) -> None:
        self.located = located
        self.display_path = display_path

    def __call__(self, path: Key, rule: str, message: str) -> Problem:
        line, column = self.located.locate(path)
        return Problem(self.display_path, line, column, rule, message)


Rule = Callable[[PlanView, Where], Iterable[Problem]]


def check_plan_files(files: list[tuple[Path, str]]) -> tuple[list[Problem], list[tuple[str, m.PlanFile]]]:
    """Validate several plan files in one run.

    Args:
        files: ``(path, how problems name it)`` pairs.

    Returns:
        Every problem of every file, and ``(shown path, plan)`` for each valid file.

    Raises:
        PlanFileError: a file does not exist or cannot be read.
    """
    problems: list[Problem] = []
    plans: list[tuple[str, m.PlanFile]] = []
    for path, shown in files:
        result = check_plan_file(path, shown)
        problems += result.problems
        if result.plan is not None:
            plans.append((shown, result.plan))
    return problems, plans


def check_plan_file(path: Path, display_path: str | None = None) -> CheckResult:
    """Validate the plan file at ``path`` and return the plan (if valid) and all problems.

    Args:
        path: the plan file.
        display_path: how problems name the file (defaults to ``str(path)``).

    Returns:
        A :class:`CheckResult`; ``plan`` is None unless ``problems`` is empty.
        Problems are sorted by line and column.

    Raises:
        PlanFileError: the file does not exist or cannot be read.
    """
    shown = display_path or str(path)
    try:
        raw = read_limited(path, MAX_PLAN_BYTES)
    except FileNotFoundError:
        raise PlanFileError(f"{shown}: no such file; give the path of a plan file such as data/plan.yaml") from None
    except IsADirectoryError:
        raise PlanFileError(f"{shown}: is a directory, not a plan file") from None
    except OSError as exc:
        raise PlanFileError(f"{shown}: cannot read: {exc.strerror}") from None
    if raw is None:
        return CheckResult(None, too_large(shown).problems, "")
    digest = hashlib.sha256(raw).hexdigest()
    located = decode_plan_bytes(raw, shown)
    problems = list(located.problems)
    if located.data is None:
        if not problems:
            problems = [Problem(shown, 1, 1, "empty", "the file is empty; a plan needs plan, units, measures and targets")]
        return CheckResult(None, sorted(problems), digest)
    where = Where(located, shown)
    if not isinstance(located.data, dict):
        problems.append(where((), "schema", "the top level must be a mapping with the sections plan, units, measures and targets"))
        return CheckResult(None, sorted(problems), digest)
    view, schema_problems = _schema_pass(located, where, path)
    problems += schema_problems
    # A value YAML typed surprisingly explains every later complaint about its line.
    typed_lines = {problem.line for problem in located.problems if problem.rule == "yaml-type"}
    for rule in RULES:
        problems += [problem for problem in _beside_holes(rule, view, where) if problem.line not in typed_lines]
    if problems:
        return CheckResult(None, sorted(set(problems)), digest)
    return CheckResult(_plan_of(view), [], digest)


class _DataWhere(Where):
    """Locates problems of plan data that has no lines (the plan of a JSON export) by their place in the data:
    ``plan.targets[3] (id torch_incubators), field name``."""

    def __init__(self, data: Any, display_path: str, prefix: str) -> None:
        super().__init__(LocatedData(data), display_path)
        self.prefix = prefix

    def place(self, path: Key) -> str:
        """``path`` as the data reads: keys joined by dots, list items as ``[N]`` with their id, the last key as the field."""
        text, node = self.prefix, self.located.data
        for position, part in enumerate(path):
            last = position == len(path) - 1
            if isinstance(part, int):
                text += f"[{part}]"
                node = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
                if isinstance(node, dict) and isinstance(node.get("id"), str):
                    text += f" (id {node['id'][:64]})"
            elif last:
                text += f", field {str(part)[:64]}"
            else:
                text += f".{str(part)[:64]}"
                node = node.get(part) if isinstance(node, dict) else None
        return text

    def __call__(self, path: Key, rule: str, message: str) -> Problem:
        if path and message.startswith(f"{path[-1]}: "):  # the place names the field already
            message = message[len(f"{path[-1]}: ") :]
        return Problem(self.display_path, 0, 0, rule, f"{self.place(path)}: {message}")


def check_plan_data(data: Any, display_path: str, *, prefix: str = "plan") -> CheckResult:
    """Validate a plan given as JSON data (the ``plan`` of an export) as a plan file is validated.

    The same schema (unknown and missing fields, types, ids; dates as ``YYYY-MM-DD`` text, as
    JSON writes them) and the same rules run, except traceability to the plan's source text,
    which is not in the export: a target lowered or renamed since the plan was issued is
    accepted, ``<script>`` in a name or a reference to an unknown unit is not.

    Args:
        data: parsed JSON.
        display_path: the file, as problems name it.
        prefix: how the data's place is named in messages.

    Returns:
        A :class:`CheckResult` (``content_hash`` empty). Problems have line and column 0;
        each message starts with the place, ``plan.targets[3] (id x), field name: …``,
        in the order found.
    """
    where = _DataWhere(data, display_path, prefix)
    if not isinstance(data, dict):
        return CheckResult(None, [where((), "schema", "the plan must be an object with plan, units, measures and targets")], "")
    view, problems = _schema_pass(where.located, where, Path("."), json_mode=True)
    for rule in RULES:
        if rule is not rule_trace:
            problems += list(_beside_holes(rule, view, where))
    if problems:
        return CheckResult(None, list(dict.fromkeys(problems)), "")
    return CheckResult(_plan_of(view), [], "")


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
        raise PlanFileError(f"{shown} has {count} problem{'s' if count != 1 else ''}; nothing was loaded", result.problems)
    return LoadedPlan(result.plan, path, result.content_hash)


# --------------------------------------------------------------------------- schema

_META: Any = TypeAdapter(m.PlanMeta)
_HORIZON: Any = TypeAdapter(m.Horizon)
_ITEM_MODELS: dict[str, Any] = {
    "units": TypeAdapter(m.Unit),
    "measures": TypeAdapter(m.Measure),
    "targets": TypeAdapter(m.Target),
    "units_of_measure": TypeAdapter(m.UnitOfMeasure),
    "categories": TypeAdapter(m.CategoryDef),
}


def _plan_of(view: Any) -> m.PlanFile:
    """The plan a schema pass read, once every rule found nothing (a view with holes or no plan part has problems)."""
    assert view.meta is not None  # a plan without its plan part has a missing-field problem
    assert not view.holes  # a target with holes failed the schema, so there are problems
    return m.PlanFile(
        plan=view.meta,
        units=[unit for _, unit in view.units],
        measures=[measure for _, measure in view.measures],
        targets=[target for _, target in view.targets],
        units_of_measure=[unit for _, unit in view.units_of_measure],
        categories=[category for _, category in view.categories],
        amendment=view.amendment,
    )


def _schema_pass(located: LocatedData, where: Where, path: Path, *, json_mode: bool = False) -> tuple[PlanView, list[Problem]]:
    """Validate each item on its own; ``json_mode`` reads the data as JSON gives it (dates as text)."""
    data: dict[Any, Any] = located.data

    def validate(adapter: Any, item: Any) -> Any:
        return adapter.validate_json(json.dumps(item, default=str)) if json_mode else adapter.validate_python(item)

    problems: list[Problem] = []
    for key in data:
        if key not in SECTIONS + OPTIONAL_SECTIONS:
            hint = difflib.get_close_matches(str(key), SECTIONS + OPTIONAL_SECTIONS, n=1)
            fix = f"; did you mean {hint[0]!r}?" if hint else f"; the sections are {', '.join(SECTIONS + OPTIONAL_SECTIONS)}"
            problems.append(where((key,), "unknown-field", f"unknown section {key!r}{fix}"))
    for key in SECTIONS:
        if key not in data:
            problems.append(where((), "missing-field", f"missing required section {key!r}"))
    view = PlanView(meta=None, path=path)
    if "plan" in data:
        try:
            view.meta = validate(_META, data["plan"])
            view.horizon, view.source_file = view.meta.horizon, view.meta.source_file
        except ValidationError as exc:
            problems += _schema_problems(exc, ("plan",), located, where, json_mode=json_mode)
            raw = data["plan"] if isinstance(data["plan"], dict) else {}
            with contextlib.suppress(ValidationError):
                view.horizon = validate(_HORIZON, raw.get("horizon"))
            if isinstance(raw.get("source_file"), str):
                view.source_file = raw["source_file"]
    if "amendment" in data:
        try:
            view.amendment = validate(TypeAdapter(m.Amendment), data["amendment"])
        except ValidationError as exc:
            problems += _schema_problems(exc, ("amendment",), located, where, json_mode=json_mode)
    for section in ("units", "measures", "targets", "units_of_measure", "categories"):
        items = data.get(section)
        if section not in data:
            continue
        if not isinstance(items, list):
            problems.append(where((section,), "schema", f"{section} must be a list of items, each starting with '- '"))
            continue
        key = "name" if section == "units_of_measure" else "id"
        view.raw_ids[section] = [item[key] for item in items if isinstance(item, dict) and isinstance(item.get(key), str)]
        valid = []
        for index, item in enumerate(items):
            try:
                valid.append((index, validate(_ITEM_MODELS[section], item)))
            except ValidationError as exc:
                problems += _schema_problems(exc, (section, index), located, where, json_mode=json_mode)
                patched = _patched_target(exc, item, index, view.horizon) if section == "targets" else None
                if patched is not None:
                    with contextlib.suppress(ValidationError):
                        valid.append((index, validate(_ITEM_MODELS[section], patched[0])))
                        view.holes[index] = patched[1]
        setattr(view, section, valid)
    return view, problems


#: Which rules read a target field: when the field failed the schema (and holds a placeholder), their problems are not reported.
_READS: dict[str, frozenset[str]] = {
    "category": frozenset({"mode-people", "unknown-category"}),
    "mode": frozenset({"mode-people"}),
    "unit": frozenset({"unit-of-count", "trace-number", "trace-item", "precision"}),
    "deadline": frozenset({"deadline-horizon", "baseline-date", "deadline-years", "year-horizon", "years", "annual-year"}),
    "baseline": frozenset({"baseline-date", "baseline-met"}),
    "years": frozenset({"deadline-years", "year-horizon", "years"}),
    "year": frozenset({"annual-year", "deadline-years"}),
    "comparator": frozenset({"baseline-met", "tolerance"}),
    "value": frozenset({"baseline-met", "trace-number", "precision", "tolerance"}),
    "min": frozenset({"range", "trace-number", "precision"}),
    "max": frozenset({"range", "trace-number", "precision"}),
    "per_year": frozenset({"trace-number", "precision"}),
    "items": frozenset({"trace-item", "trace-number"}),
    "source_text": frozenset({"source-text", "trace-number", "trace-item"}),
    "units": frozenset({"no-lead-unit"}),
    "measure": frozenset({"no-lead-unit"}),
}


def _placeholders(index: int, horizon: m.Horizon | None) -> dict[str, Any]:
    """Values valid under the schema, put in place of a target's faulty fields so the other rules still run."""
    end = horizon.end if horizon is not None else dt.date(2000, 12, 31)
    return {
        "id": f"zz-faulty-target-{index}",
        "name": f"faulty target {index}",
        "measure": "zz-faulty-measure",
        "category": m.CATEGORIES[0],
        "unit": m.UNITS_OF_COUNT[0],
        "deadline": end,
        "baseline": {"value": 0, "date": end - dt.timedelta(days=1)},
        "progress": "stock",
        "strength": "expected",
        "mode": "value",
        "comparator": "at_least",
        "value": 1,
        "min": 1,
        "max": 1,
        "per_year": 1,
        "years": [end.year],
        "year": end.year,
        "items": [{"id": "zz-faulty-item", "name": "faulty item"}],
        "source_text": "faulty",
    }


def _patched_target(exc: ValidationError, item: Any, index: int, horizon: m.Horizon | None) -> tuple[dict[str, Any], frozenset[str]] | None:
    """``item`` with each top-level field that failed the schema replaced by a placeholder (unknown fields left out),
    and the set of fields replaced; None when the item cannot be patched (not a mapping, no known kind)."""
    if not isinstance(item, dict) or item.get("kind") not in m.TARGET_KINDS:
        return None
    values = _placeholders(index, horizon)
    patched = dict(item)
    holes: set[str] = set()
    for error in exc.errors():
        loc = [part for part in error["loc"] if part not in m.TARGET_KINDS]
        name = str(loc[0]) if loc else ""
        if error["type"] == "extra_forbidden" and len(loc) == 1:
            patched.pop(name, None)
        elif name in values or name in ("stated_in", "note", "deadline_inferred"):
            patched[name] = values.get(name)
            holes.add(name)
            if name == "deadline":
                holes.add("baseline")
        else:
            return None
    for name in ("stated_in", "note"):
        if patched.get(name, "") is None:
            patched.pop(name)
    if patched.get("deadline_inferred", False) is None:
        patched.pop("deadline_inferred")
    return patched, frozenset(holes)


class _HoledWhere(Where):
    """Locates problems as ``inner`` does, but answers None for what concerns a placeholder field of a faulty target."""

    def __init__(self, inner: Where, holes: Mapping[int, frozenset[str]]) -> None:
        super().__init__(inner.located, inner.display_path)
        self.inner, self.holes = inner, holes

    def __call__(self, path: Key, rule: str, message: str) -> Problem:
        if len(path) >= 2 and path[0] == "targets" and path[1] in self.holes:
            fields = self.holes[path[1]]
            if (len(path) > 2 and path[2] in fields) or any(rule in _READS.get(name, frozenset()) for name in fields):
                return None  # type: ignore[return-value]
        return self.inner(path, rule, message)


def _beside_holes(rule: Rule, view: PlanView, where: Where) -> Iterator[Problem]:
    """Run ``rule``, dropping what it says about placeholder fields of targets that failed the schema
    (and the problems of rules that read those fields), so every other fault is still reported in the same run."""
    if not view.holes:
        yield from rule(view, where)
        return
    yield from (problem for problem in rule(view, _HoledWhere(where, view.holes)) if problem is not None)


def _schema_problems(exc: ValidationError, prefix: Key, located: LocatedData, where: Where, *, json_mode: bool = False) -> Iterator[Problem]:
    seen: set[tuple[Key, str]] = set()
    for error in exc.errors():
        path = _concrete_path(located.data, prefix + tuple(error["loc"]))
        if path in located.typed_paths:
            continue  # the reader already explained how YAML typed this value
        rule, message, path = _describe_error(error, path, located.data, json_mode=json_mode)
        if (path, message) in seen:
            continue
        seen.add((path, message))
        yield where(path, rule, message)


def _describe_error(error: Mapping[str, Any], path: Key, data: Any, *, json_mode: bool = False) -> tuple[str, str, Key]:
    kind = error["type"]
    field = path[-1] if path else ""
    value: Any = error.get("input")
    if json_mode and kind in ("date_type", "date_from_datetime_parsing", "date_parsing", "date_from_datetime_inexact"):
        return "schema", f"{field}: {_describe(value)} is not a date; write YYYY-MM-DD", path
    if json_mode and kind == "string_type":
        return "schema", f"{field}: {_describe(value)} is not text", path
    if kind == "extra_forbidden":
        allowed = _allowed_fields(path[:-1])
        hint = difflib.get_close_matches(str(field), allowed, n=1)
        fix = f"; did you mean {hint[0]!r}?" if hint else f"; allowed fields: {', '.join(sorted(allowed))}"
        return "unknown-field", f"unknown field {field!r}{fix}", path
    if kind == "missing":
        return "missing-field", f"missing required field {field!r}", path
    if kind == "union_tag_invalid":
        return "schema", f"unknown target kind {value.get('kind')!r}; use one of {', '.join(m.TARGET_KINDS)}", (*path, "kind")
    if kind == "union_tag_not_found":
        return "missing-field", f"missing required field 'kind' (one of {', '.join(m.TARGET_KINDS)})", path
    if kind == "string_pattern_mismatch":  # only ids carry a pattern
        return "id", f"{value!r} is not a valid id: use lower-case ASCII letters, digits, _ . - and start with a letter", path
    if kind == "literal_error":
        expected = error["ctx"]["expected"]
        return "schema", f"{field}: {value!r} is not allowed; use {expected}", path
    if kind == "string_type" and hasattr(value, "isoformat"):
        return "yaml-type", f"{field}: {value.isoformat()} is read by YAML as a date; quote it if it is text", path
    if kind in ("date_type", "date_from_datetime_parsing", "date_parsing") and isinstance(value, str):
        return "yaml-type", f"{field}: {value!r} is text, not a date; write the date unquoted as YYYY-MM-DD", path
    if kind in ("float_type", "int_type", "float_parsing", "int_parsing") and isinstance(value, str):
        return "schema", f"{field}: {value!r} is not a number; write digits only, e.g. 4", path
    if kind == "string_type" and isinstance(value, bool):
        return "yaml-type", f"{field}: YAML read this as {str(value).lower()}; quote it if it is text", path
    return "schema", f"{field}: {error['msg']} (got {_describe(value)})", path


def _concrete_path(data: Any, loc: tuple[Any, ...]) -> Key:
    """Map a pydantic error location onto the data, dropping union tags such as ``'number'``."""
    path: list[Any] = []
    node = data
    for part in loc:
        if (isinstance(node, dict) and part in node) or (isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)):
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


_TARGET_FIELDS = sorted({name for cls in get_args(get_args(m.Target)[0]) for name in cls.model_fields})


def _allowed_fields(parent: Key) -> list[str]:
    shape = tuple("#" if isinstance(part, int) else part for part in parent)
    table: dict[tuple[Any, ...], list[str]] = {
        ("plan",): _fields_of(m.PlanMeta),
        ("plan", "horizon"): _fields_of(m.Horizon),
        ("plan", "vision"): _fields_of(m.Vision),
        ("units", "#"): _fields_of(m.Unit),
        ("measures", "#"): _fields_of(m.Measure),
        ("targets", "#"): _TARGET_FIELDS,
        ("targets", "#", "baseline"): _fields_of(m.Baseline),
        ("targets", "#", "items", "#"): _fields_of(m.ChecklistItem),
        ("units_of_measure", "#"): _fields_of(m.UnitOfMeasure),
        ("categories", "#"): _fields_of(m.CategoryDef),
        ("amendment",): _fields_of(m.Amendment),
    }
    return table.get(shape, [])


def _describe(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:60] + "…"


# --------------------------------------------------------------------------- rules


def rule_unique_ids(view: PlanView, where: Where) -> Iterator[Problem]:
    """Ids of units, measures and targets, and of items within a target, are unique; so are target names."""
    for section in ("units", "measures", "targets"):
        first: dict[str, int] = {}
        for index, item in getattr(view, section):
            if item.id in first:
                yield where(
                    (section, index, "id"), "duplicate-id", f"{section[:-1]} id {item.id!r} is already used by {section}[{first[item.id]}]; ids must be unique"
                )
            else:
                first[item.id] = index
    names: dict[str, int] = {}
    for index, target in view.targets:
        if target.name in names:
            yield where(
                ("targets", index, "name"),
                "duplicate-name",
                f"target name {target.name!r} is already used by targets[{names[target.name]}]; names must be unique so that 'zsplan log NAME' is unambiguous",
            )
        else:
            names[target.name] = index
        if isinstance(target, m.ChecklistTarget):
            seen: set[str] = set()
            for position, item in enumerate(target.items):
                if item.id in seen:
                    yield where(
                        ("targets", index, "items", position, "id"), "duplicate-id", f"checklist item id {item.id!r} appears twice in target {target.id!r}"
                    )
                seen.add(item.id)


def _unknown(kind: str, value: str, known: list[str]) -> str:
    hint = difflib.get_close_matches(value, known, n=1)
    return f"unknown {kind} {value!r}" + (f"; did you mean {hint[0]!r}?" if hint else f"; define it under '{kind}s' first")


def rule_references(view: PlanView, where: Where) -> Iterator[Problem]:
    """Every unit and measure named by a measure or target exists."""
    unit_ids = view.raw_ids.get("units", [])
    measure_ids = view.raw_ids.get("measures", [])
    for index, measure in view.measures:
        if measure.parent is not None and measure.parent not in measure_ids:
            yield where(("measures", index, "parent"), "unknown-measure", _unknown("measure", measure.parent, measure_ids))
        for position, unit in enumerate(measure.units):
            if unit not in unit_ids:
                yield where(("measures", index, "units", position), "unknown-unit", _unknown("unit", unit, unit_ids))
    for index, target in view.targets:
        for name in ("measure", "stated_in"):
            value = getattr(target, name)
            if value is not None and value not in measure_ids:
                yield where(("targets", index, name), "unknown-measure", _unknown("measure", value, measure_ids))
        for position, unit in enumerate(target.units or []):
            if unit not in unit_ids:
                yield where(("targets", index, "units", position), "unknown-unit", _unknown("unit", unit, unit_ids))


def rule_links(view: PlanView, where: Where) -> Iterator[Problem]:
    """A link (``feeds``, ``under``) names another plan's record: ``<plan id>:<its id>``, not this plan's, and once."""
    own = view.meta.id if view.meta is not None else None
    for index, measure in view.measures:
        if measure.under is not None and own is not None and measure.under.split(":", 1)[0] == own:
            yield where(("measures", index, "under"), "link", f"{measure.under!r} is in this plan; 'under' names a measure of another plan (use 'parent' here)")
    for index, target in view.targets:
        seen: set[str] = set()
        for position, ref in enumerate(target.feeds):
            if own is not None and ref.split(":", 1)[0] == own:
                yield where(("targets", index, "feeds", position), "link", f"{ref!r} is in this plan; 'feeds' names a target of another plan")
            elif ref in seen:
                yield where(("targets", index, "feeds", position), "link", f"{ref!r} is listed twice")
            seen.add(ref)


_PARENT_LEVEL = {"chapter": None, "section": "chapter", "measure": "section", "column": "section"}


def rule_outline(view: PlanView, where: Where) -> Iterator[Problem]:
    """The outline is a tree: chapters at the top, sections under chapters, measures and columns under sections, no cycles."""
    by_id = {measure.id: measure for _, measure in view.measures}
    for index, measure in view.measures:
        expected = _PARENT_LEVEL[measure.level]
        parent = by_id.get(measure.parent) if measure.parent else None
        if expected is None and measure.parent is not None:
            yield where(("measures", index, "parent"), "outline", f"a chapter has no parent; remove 'parent: {measure.parent}'")
        elif expected is not None and measure.parent is None:
            yield where(("measures", index), "outline", f"a {measure.level} needs a parent {expected}")
        elif parent is not None and parent.level != expected:
            yield where(
                ("measures", index, "parent"), "outline", f"the parent of a {measure.level} must be a {expected}, but {parent.id!r} is a {parent.level}"
            )
        seen: set[str] = set()
        node = parent
        while node is not None and node.id not in seen:
            if node.id == measure.id:
                yield where(("measures", index, "parent"), "cycle", f"measure {measure.id!r} is its own ancestor; fix the parent links")
                break
            seen.add(node.id)
            node = by_id.get(node.parent) if node.parent else None


def rule_dates(view: PlanView, where: Where) -> Iterator[Problem]:
    """Deadlines fall inside the plan horizon and after the baseline; per-year schedules stay inside the horizon;
    an approximate deadline (``within_years``) is the issue date plus that many years."""
    horizon = view.horizon
    if horizon is None:
        return
    if view.meta is not None:
        for index, target in view.targets:
            if target.within_years is not None:
                due = _years_after(view.meta.issued, target.within_years)
                if target.deadline != due:
                    yield where(
                        ("targets", index, "deadline"),
                        "deadline-years",
                        f"within_years {target.within_years} after the issue date {view.meta.issued} is {due}; write deadline: {due}",
                    )
    if horizon.start > horizon.end:
        yield where(("plan", "horizon", "start"), "horizon", f"horizon start {horizon.start} is after its end {horizon.end}")
        return
    for index, target in view.targets:
        here = ("targets", index)
        if not horizon.start <= target.deadline <= horizon.end:
            yield where((*here, "deadline"), "deadline-horizon", f"deadline {target.deadline} is outside the plan horizon {horizon.start}…{horizon.end}")
        if target.baseline.date >= target.deadline:
            yield where((*here, "baseline", "date"), "baseline-date", f"baseline date {target.baseline.date} is not before the deadline {target.deadline}")
        elif target.baseline.date > horizon.end:
            yield where((*here, "baseline", "date"), "baseline-date", f"baseline date {target.baseline.date} is after the plan horizon ends ({horizon.end})")
        if isinstance(target, m.PerYearTarget):
            years = target.years
            for position, year in enumerate(years):
                if not horizon.start.year <= year <= horizon.end.year:
                    yield where((*here, "years", position), "year-horizon", f"year {year} is outside the plan horizon {horizon.start.year}–{horizon.end.year}")
            if years != sorted(set(years)):
                yield where((*here, "years"), "years", "years must be listed once each, in increasing order")
            elif years[-1] != target.deadline.year:
                yield where((*here, "deadline"), "deadline-years", f"deadline {target.deadline} should fall in the last scheduled year {years[-1]}")


def _years_after(day: dt.date, years: int) -> dt.date:
    """``day`` plus ``years`` calendar years (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def rule_values(view: PlanView, where: Where) -> Iterator[Problem]:
    """Ranges are ordered, units are the plan's own or declared, numbers take the unit's decimals, baselines do not already meet targets."""
    table = m.unit_table([unit for _, unit in view.units_of_measure])
    categories = list(m.CATEGORIES) + [category.id for _, category in view.categories]
    for index, target in view.targets:
        here = ("targets", index)
        if target.category not in categories:
            quoted = ", ".join(repr(name) for name in categories[:-1]) + f" or {categories[-1]!r}"
            yield where((*here, "category"), "unknown-category", f"category: {target.category!r} is not allowed; use {quoted}, or declare it under categories")
        if target.unit not in table:
            declared = "".join(f" {unit.name}" for _, unit in view.units_of_measure)
            yield where(
                (*here, "unit"),
                "unit-of-count",
                f"unit of count {target.unit!r} is not one the plan uses; use one of {' '.join(m.UNITS_OF_COUNT)}{declared}"
                + ("" if declared else ", or declare it under units_of_measure (name, kind, precision)"),
            )
        else:
            yield from _precision_problems(target, table[target.unit], here, where)
        if isinstance(target, m.RangeTarget) and target.min > target.max:
            yield where((*here, "min"), "range", f"range min {target.min:g} is greater than max {target.max:g}")
        yield from _baseline_problems(target, here, where)
        if getattr(target, "mode", None) == "items" and target.category == "talent":
            yield where((*here, "mode"), "mode-people", "counts of people are tracked as values (mode: value): no personal names are stored")
        # A target whose measure names no responsible unit is allowed (many plans name none); it is shown "no lead unit named".


def _decimals(value: float) -> int:
    """How many decimals ``value`` is written with (3.54 → 2, 60 → 0)."""
    text = repr(float(value))
    if "e" in text:
        return max(-decimal.Decimal(text).as_tuple().exponent, 0)  # type: ignore[operator]
    return len(text.partition(".")[2].rstrip("0"))


def _precision_problems(target: Any, unit: m.UnitOfMeasure, here: Key, where: Where) -> Iterator[Problem]:
    """A target's numbers take no more decimals than its unit's precision (a count takes none)."""
    for name in ("value", "min", "max", "per_year", "tolerance"):
        value = getattr(target, name, None)
        if value is not None and name != "tolerance" and _decimals(value) > unit.precision:
            yield where(
                (*here, name),
                "precision",
                f"{name} {value!r} has more decimals than {unit.name!r} takes ({unit.precision}); "
                + ("a count is whole" if unit.precision == 0 else f"declare a larger precision for {unit.name!r} under units_of_measure"),
            )
    if _decimals(target.baseline.value) > unit.precision:
        yield where(
            (*here, "baseline", "value"), "precision", f"baseline value {target.baseline.value!r} has more decimals than {unit.name!r} takes ({unit.precision})"
        )
    if getattr(target, "tolerance", None) is not None and target.comparator != "approximately":
        yield where((*here, "tolerance"), "tolerance", "tolerance is for comparator approximately (左右); remove it or make the comparator approximately")
    if isinstance(target, m.AnnualTarget) and target.deadline != dt.date(target.year, 12, 31):
        yield where((*here, "deadline"), "annual-year", f"an annual target of {target.year} is due on {target.year}-12-31, not {target.deadline}")


def rule_units_of_measure(view: PlanView, where: Where) -> Iterator[Problem]:
    """Declared units of measure are named once, a count takes no decimals, and a scaled unit names a known base."""
    names = [unit.name for _, unit in view.units_of_measure]
    table = m.unit_table([unit for _, unit in view.units_of_measure])
    seen: set[str] = set()
    for index, unit in view.units_of_measure:
        here = ("units_of_measure", index)
        if unit.name in seen:
            yield where((*here, "name"), "duplicate-id", f"unit of measure {unit.name!r} is declared twice")
        seen.add(unit.name)
        if unit.kind == "count" and unit.precision:
            yield where((*here, "precision"), "precision", f"{unit.name!r} is a count: it takes no decimals (precision 0)")
        if unit.base is not None and unit.base not in table:
            yield where((*here, "base"), "unknown-unit", _unknown("unit of measure", unit.base, names))
        if unit.base is None and unit.scale != 1:
            yield where((*here, "scale"), "scale", f"scale {unit.scale:g} needs the unit it scales: add 'base:' (萬家 is base 家, scale 10000)")


def _meets_at_baseline(target: Any) -> bool | None:
    """Whether the baseline value alone meets the target (None: the kind has no such reading, or lower is better)."""
    value = target.baseline.value
    if isinstance(target, m.NumberTarget):
        return None if target.comparator != "at_least" else 0 < target.value <= value
    if isinstance(target, m.RangeTarget):
        return 0 < target.min <= value
    if isinstance(target, m.ChecklistTarget):
        return len(target.items) <= value
    if isinstance(target, (m.PerYearTarget, m.AnnualTarget)):
        return None  # judged on a year's own additions or level, never on a baseline
    if isinstance(target, m.PendingTarget):
        return None  # no value yet (目標值待定): nothing to meet
    return value >= 1  # a milestone: 1 is done


def _baseline_problems(target: Any, here: Key, where: Where) -> Iterator[Problem]:
    """A baseline that meets the target must say so; what ``counts`` and ``met_at_baseline`` say must agree.

    Rules (docs/method.md, "Baseline facts"): a baseline that already meets the target is a
    problem unless ``met_at_baseline: true`` (the plan asks for something already there:
    say so, or fix the baseline); ``met_at_baseline: true`` needs a baseline that meets it
    and a target that counts the total (a 新增 target starts from nothing new); a reading
    flagged ``counts_ambiguous`` needs ``counts_note`` and an explicit ``counts``; a
    checklist's baseline counts items, so it is at most its number of items.
    """
    meets = _meets_at_baseline(target)
    value = target.baseline.value
    if meets and not target.met_at_baseline and target.counts != "new":
        yield where(
            (*here, "baseline", "value"),
            "baseline-met",
            f"baseline {value:g} already meets the target; if the plan asks for what was already there, add 'met_at_baseline: true', else fix the baseline",
        )
    if target.met_at_baseline:
        if target.counts == "new":
            yield where(
                (*here, "met_at_baseline"), "baseline-met", "a target that counts only what is new (counts: new) cannot be met at baseline; remove one of them"
            )
        elif not meets:
            yield where(
                (*here, "met_at_baseline"),
                "baseline-met",
                f"met_at_baseline is true but baseline {value:g} does not meet the target; fix the baseline or remove it",
            )
    if target.counts_ambiguous and (target.counts_note is None or target.counts is None):
        yield where(
            (*here, "counts_ambiguous"),
            "counts-note",
            "an ambiguous reading needs 'counts: total' or 'counts: new' (the reading used) and 'counts_note' (why, and the other reading)",
        )
    if isinstance(target, m.ChecklistTarget) and value > len(target.items):
        yield where((*here, "baseline", "value"), "baseline-items", f"baseline {value:g} is more than the checklist's {len(target.items)} items")


def rule_trace(view: PlanView, where: Where) -> Iterator[Problem]:
    """Each target traces to the plan: its ``source_text`` is in the plan's text and states its number(s)."""
    from zsplan.plan import trace

    if view.source_file is None:
        return
    source = view.path.parent / view.source_file
    try:
        raw = read_limited(source, trace.MAX_SOURCE_BYTES) if source.is_file() else None
        document = trace.Document(raw.decode("utf-8")) if raw is not None else None
    except (OSError, UnicodeDecodeError):
        document = None
    if document is None:
        yield where(
            ("plan", "source_file"),
            "source-file",
            f"source file {view.source_file!r} is not a readable UTF-8 text file of at most {trace.MAX_SOURCE_BYTES} bytes next to the plan file ({source})",
        )
        return
    table = m.unit_table([unit for _, unit in view.units_of_measure])
    for index, target in view.targets:
        for rule, message, field_name in trace.check_target(target, document, view.source_file, table):
            path = ("targets", index, *tuple(int(part) if part.isdigit() else part for part in field_name.split(".")))
            yield where(path, rule, message)


#: Characters a name may not hold besides control characters: names are shown in HTML reports and spreadsheets.
MARKUP_CHARACTERS = "<>"


def _text_problem(field_name: str, value: str, *, name: bool) -> str | None:
    """What is wrong with a text field's characters, or None; a name is one line of plain text."""
    bad = unsafe_character(value, "" if name else "\n\t")
    if bad is not None:
        return f"{field_name} contains the control character U+{ord(bad):04X}; remove it"
    markup = next((char for char in value if char in MARKUP_CHARACTERS), None) if name else None
    if markup is not None:
        shown = value if len(value) <= 40 else value[:40] + "…"
        return f"{field_name} {shown!r} contains {markup!r}; a name is plain text, without the markup characters < and >"
    return None


def rule_text(view: PlanView, where: Where) -> Iterator[Problem]:
    """Text holds no control or bidirectional characters (notes and quoted text may hold line breaks and tabs),
    and names no markup characters (``<script>`` in a target name reaches every report)."""
    fields: list[tuple[Key, Any, tuple[str, ...], tuple[str, ...]]] = []  # (path, item, name fields, text fields)
    if view.meta is not None:
        fields.append((("plan",), view.meta, ("title", "issuer"), ("source_url", "source_file")))
        if view.meta.vision is not None:
            fields.append((("plan", "vision"), view.meta.vision, (), ("text",)))
    fields += [(("units", index), unit, ("name", "name_en"), ()) for index, unit in view.units]
    fields += [(("measures", index), measure, ("number", "title"), ("text",)) for index, measure in view.measures]
    for index, target in view.targets:
        fields.append((("targets", index), target, ("name", "unit"), ("source_text", "note")))
        if isinstance(target, m.ChecklistTarget):
            fields += [(("targets", index, "items", position), item, ("name",), ()) for position, item in enumerate(target.items)]
    for path, item, names, texts in fields:
        for field_name in names + texts:
            value = getattr(item, field_name)
            if isinstance(value, str):
                message = _text_problem(field_name, value, name=field_name in names)
                if message is not None:
                    yield where((*path, field_name), "text", message)


RULES: tuple[Rule, ...] = (rule_unique_ids, rule_references, rule_links, rule_outline, rule_dates, rule_values, rule_units_of_measure, rule_text, rule_trace)
"""The semantic rules, in the order they run; each is a function of the valid items."""
