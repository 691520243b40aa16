"""Read YAML into plain Python data while remembering where every key and item stands.

PyYAML's ``safe_load`` forgets positions and silently keeps the last of two equal
keys. This reader composes the node graph with the safe loader, refuses what a
plan file never needs (duplicate keys, aliases, tabs used for indentation, files
over :data:`MAX_PLAN_BYTES`), and returns the data with a position index.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml

from zsplan.plan.problems import Problem

#: Largest plan file accepted, in bytes (the bundled plan is about 45 KB; a province-sized plan of 10,000 targets about 4 MB).
MAX_PLAN_BYTES = 16 * 1024 * 1024

Key = tuple[Any, ...]

#: libyaml's safe loader when PyYAML was built with it (about 10× faster), else the pure-Python one.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class LocatedData:
    """Plain data read from a YAML file, with positions.

    Attributes:
        data: the document as dicts, lists and scalars (``None`` if unreadable).
        positions: maps a path such as ``("targets", 3, "value")`` to the 1-based
            ``(line, column)`` of that key (for mapping entries) or item (for
            sequence entries). The empty path ``()`` is the document start.
        problems: problems found while reading (syntax, duplicate keys, aliases,
            values YAML types surprisingly).
        typed_paths: paths whose value already has a ``yaml-type`` problem (so the
            schema need not report the same value again).
    """

    data: Any
    positions: dict[Key, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    typed_paths: set[Key] = field(default_factory=set)

    def locate(self, path: Key) -> tuple[int, int]:
        """Return the position of ``path``, or of its nearest located ancestor."""
        for end in range(len(path), -1, -1):
            pos = self.positions.get(tuple(path[:end]))
            if pos is not None:
                return pos
        return (1, 1)


_BOOL_WORDS = {"yes", "no", "on", "off", "y", "n"}


def _surprise(text: str, value: Any) -> str | None:
    """Explain how YAML 1.1 reads a plain scalar if the reading is likely not what was meant."""
    if isinstance(value, bool):
        if text.lower() in _BOOL_WORDS:
            return f"{text!r} is read by YAML as {str(value).lower()}; write {str(value).lower()}, or quote it if it is text"
        return None
    if isinstance(value, int):
        digits = text.lstrip("+-")
        if "_" in text:
            return f"{text!r} is read by YAML as {value}; write {value}"
        if ":" in text:
            return f"{text!r} is read by YAML as {value} (base 60); quote it if it is text"
        if digits[:2].lower() in ("0x", "0b", "0o"):
            return f"{text!r} is read by YAML as {value}; write {value}"
        if len(digits) > 1 and digits.startswith("0"):
            return f"{text!r} is read by YAML as {value} (octal); write {int(digits, 10) if digits.isdigit() else value}"
        if text.startswith("+"):
            return f"{text!r} is read by YAML as {value}; write {value}"
        return None
    if isinstance(value, float):
        stripped = text.lstrip("+-")
        if "_" in text or ":" in text or stripped.startswith(".") or stripped.endswith(".") or text.startswith("+"):
            shown = f"{value:g}" if math.isfinite(value) else text
            return f"{text!r} is read by YAML as {shown}; write {shown}, or quote it if it is text"
    return None


class _Reader:
    def __init__(self, text: str, display_path: str) -> None:
        self.loader = _SafeLoader(text)
        self.display_path = display_path
        self.positions: dict[Key, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.typed_paths: set[Key] = set()
        self._seen: set[int] = set()

    def problem(self, mark: yaml.Mark, rule: str, message: str) -> None:
        self.problems.append(Problem(self.display_path, mark.line + 1, mark.column + 1, rule, message))

    def convert(self, node: yaml.Node, path: Key) -> Any:
        if id(node) in self._seen:
            # The composer hands back the same node object for every alias of an anchor.
            self.problem(node.start_mark, "alias", "YAML anchors and aliases are not allowed in a plan file; write the value out")
            return None
        self._seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            result = []
            for index, item in enumerate(node.value):
                self.positions[(*path, index)] = (item.start_mark.line + 1, item.start_mark.column + 1)
                result.append(self.convert(item, (*path, index)))
            return result
        return self._scalar(cast(yaml.ScalarNode, node), path)  # the third kind of YAML node

    def _scalar(self, node: yaml.ScalarNode, path: Key) -> Any:
        try:
            value = self.loader.construct_object(node, deep=True)
        except ValueError as exc:  # 2022-02-30 matches the date pattern but is no date; 5,000 digits
            if node.tag.endswith(":timestamp"):
                message = f"{node.value!r} is not a valid date ({exc}); write YYYY-MM-DD"
            else:
                shown = node.value if len(node.value) <= 20 else node.value[:20] + "…"
                message = f"{shown!r} cannot be read as a {node.tag.rsplit(':', 1)[-1]} ({exc})"
            self.problem(node.start_mark, "yaml-type", message)
            self.typed_paths.add(path)
            return node.value
        if not node.style:  # plain scalar (the C loader says '', the Python one None)
            surprise = _surprise(node.value, value)
            if surprise:
                self.problem(node.start_mark, "yaml-type", surprise)
                self.typed_paths.add(path)
        return value

    def _mapping(self, node: yaml.MappingNode, path: Key) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        first_seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problem(key_node.start_mark, "alias", "YAML merge keys (<<) are not allowed in a plan file; write the fields out")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node.start_mark, "syntax", "a mapping key must be a plain word")
                continue
            key = self.loader.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if key in first_seen:
                self.problem(
                    key_node.start_mark,
                    "duplicate-key",
                    f"duplicate key {key!r} (first at line {first_seen[key]}); YAML would silently keep only the last one",
                )
                continue
            first_seen[key] = line
            self.positions[(*path, key)] = (line, key_node.start_mark.column + 1)
            result[key] = self.convert(value_node, (*path, key))
        return result


def read_limited(path: Path, limit: int) -> bytes | None:
    """Read at most ``limit`` bytes of ``path`` in one pass; None if the file holds more.

    Works for pipes and devices (``/dev/stdin``), which report no size, and never
    reads more than ``limit + 1`` bytes of a huge or endless file.

    Raises:
        OSError: the file cannot be opened or read.
    """
    with path.open("rb") as stream:
        data = stream.read(limit + 1)
    return None if len(data) > limit else data


def decode_plan_bytes(raw: bytes, display_path: str) -> LocatedData:
    """Decode a plan file's bytes as UTF-8 and read them; see :func:`read_yaml_text`."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        return LocatedData(
            None,
            problems=[
                Problem(
                    display_path,
                    line,
                    column,
                    "encoding",
                    f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at byte {exc.start}: {exc.reason}); save the file as UTF-8",
                )
            ],
        )
    return read_yaml_text(text, display_path)


def read_yaml(path: Path, display_path: str | None = None) -> LocatedData:
    """Read a YAML file into :class:`LocatedData`.

    Args:
        path: the file to read.
        display_path: how to name the file in problems (defaults to ``str(path)``).

    Returns:
        The data and positions; ``data`` is ``None`` when the file is not
        readable YAML, with the reason in ``problems``.

    Raises:
        OSError: the file cannot be opened.
    """
    shown = display_path or str(path)
    raw = read_limited(path, MAX_PLAN_BYTES)
    if raw is None:
        return too_large(shown)
    return decode_plan_bytes(raw, shown)


def too_large(display_path: str) -> LocatedData:
    """The problem of a file over :data:`MAX_PLAN_BYTES`."""
    return LocatedData(None, problems=[Problem(display_path, 1, 1, "too-large", f"file is larger than {MAX_PLAN_BYTES} bytes, the most a plan file may be")])


def _alias_problems(text: str, display_path: str) -> list[Problem]:
    """Find every alias (``*name``) from the event stream, before anything is built from it.

    Raises:
        yaml.MarkedYAMLError: the text is not valid YAML.
    """
    problems = []
    for event in yaml.parse(text, Loader=_SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            mark = event.start_mark
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            problems.append(Problem(display_path, line, column, "alias", f"YAML alias *{event.anchor} is not allowed in a plan file; write the value out"))
    return problems


def read_yaml_text(text: str, display_path: str) -> LocatedData:
    """Read YAML from a string; see :func:`read_yaml`."""
    problems: list[Problem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            problems.append(Problem(display_path, number, len(line) - len(stripped) + 1, "tab", "tab used for indentation; indent with spaces"))
    if problems:
        return LocatedData(None, problems=problems)
    reader = _Reader(text, display_path)
    try:
        aliases = _alias_problems(text, display_path)
        if aliases:
            return LocatedData(None, problems=aliases)
        node = reader.loader.get_single_node()
        data = reader.convert(node, ()) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at_line, at_column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        context = exc.context or ""
        if exc.context and exc.context_mark is not None and exc.context_mark is not mark:
            context += f" (started at line {exc.context_mark.line + 1}, column {exc.context_mark.column + 1})"
        message = ": ".join(part for part in (context, exc.problem) if part)
        return LocatedData(None, problems=[Problem(display_path, at_line, at_column, "syntax", f"YAML syntax error: {message}")])
    except yaml.YAMLError as exc:
        return LocatedData(None, problems=[Problem(display_path, 1, 1, "syntax", f"YAML error: {exc}")])
    finally:
        reader.loader.dispose()
    reader.positions[()] = (1, 1)
    return LocatedData(data, reader.positions, reader.problems, reader.typed_paths)
