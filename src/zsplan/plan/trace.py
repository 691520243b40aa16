"""Traceability: every target can be found in the plan's own text, with its number.

Two checks per target:

* its ``source_text`` occurs in the plan document, ignoring white space,
  full-/half-width differences and Traditional/Simplified script (OpenCC);
* the number(s) it encodes are stated in that ``source_text`` next to its unit
  of count: ``value: 50`` with ``unit: 個`` needs "50個" (or "五十個") there; a
  range 2–3 needs "2-3家"; a per-year quota needs "1家"; a checklist's items must
  each be named there, and where the text counts them (五個一) the count must
  match. Chinese numerals are read with cn2an (二 = 2, 兩 = 2, 五十 = 50).

A number that also appears elsewhere in the same sentence with the same unit
passes; the check catches transcription slips, not every possible swap.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from zsplan.plan import models as m
from zsplan.text import fold

_NUMBER = r"(\d+(?:\.\d+)?)"

#: Largest source document read for traceability (the plan's text is about 24 KB).
MAX_SOURCE_BYTES = 4 * 1024 * 1024


def _simplified(text: str) -> str:
    from zsplan.text import _t2s

    return _t2s().convert(unicodedata.normalize("NFKC", text))


@lru_cache(maxsize=512)
def stated_numbers(text: str, unit: str) -> tuple[frozenset[float], frozenset[tuple[float, float]]]:
    """Numbers ``text`` states in ``unit``: single values and ``(low, high)`` ranges.

    Chinese numerals count as digits (五十個 → 50個). Returns ``(singles, ranges)``.
    """
    import cn2an

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # cn2an warns about words like 億 it leaves alone
        arabic = cn2an.transform(_simplified(text), "cn2an")
    unit_s = re.escape(_simplified(unit))
    singles: set[float] = set()
    ranges: set[tuple[float, float]] = set()
    pattern = re.compile(_NUMBER + r"(?:\s*[-–—~至到]\s*" + _NUMBER + r")?\s*" + unit_s)
    for match in pattern.finditer(arabic):
        low, high = match.group(1), match.group(2)
        if high is None:
            singles.add(float(low))
        else:
            ranges.add((float(low), float(high)))
    return frozenset(singles), frozenset(ranges)


@dataclass(frozen=True)
class Document:
    """The plan's text, folded once for searching (see :func:`zsplan.text.fold`)."""

    text: str

    @property
    def folded(self) -> str:
        return _folded(self.text)


@lru_cache(maxsize=4)
def _folded(text: str) -> str:
    return fold(text)


def _fmt(value: float) -> str:
    return f"{value:g}"


def _stated(singles: frozenset[float], ranges: frozenset[tuple[float, float]], unit: str) -> str:
    parts = [f"{_fmt(v)}{unit}" for v in sorted(singles)] + [f"{_fmt(a)}-{_fmt(b)}{unit}" for a, b in sorted(ranges)]
    return ", ".join(parts) if parts else f"no number of {unit}"


def check_target(target: Any, document: Document, source_name: str) -> Iterator[tuple[str, str, str]]:
    """Yield ``(rule, message, field)`` for each way ``target`` fails to trace to ``document``."""
    if fold(target.source_text) not in document.folded:
        yield "source-text", f"source_text of {target.id!r} does not occur in {source_name}; copy the sentence from the plan exactly", "source_text"
        return
    singles, ranges = stated_numbers(target.source_text, target.unit)
    stated = _stated(singles, ranges, target.unit)
    if isinstance(target, m.NumberTarget):
        if target.value not in singles:
            yield "trace-number", f"value {_fmt(target.value)} is not what source_text states: it says {stated}", "value"
    elif isinstance(target, m.RangeTarget):
        if (target.min, target.max) not in ranges:
            yield "trace-number", f"range {_fmt(target.min)}-{_fmt(target.max)} is not what source_text states: it says {stated}", "min"
    elif isinstance(target, m.PerYearTarget):
        if target.per_year not in singles:
            yield "trace-number", f"per_year {_fmt(target.per_year)} is not what source_text states: it says {stated}", "per_year"
    elif isinstance(target, m.ChecklistTarget):
        text = fold(target.source_text)
        for position, item in enumerate(target.items):
            if fold(item.name) not in text:
                yield "trace-item", f"checklist item {item.name!r} is not named in source_text", f"items.{position}"
        if singles and float(len(target.items)) not in singles:
            yield "trace-number", f"{len(target.items)} items listed, but source_text counts {stated}", "items"
