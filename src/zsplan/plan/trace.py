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
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
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
def stated_numbers(text: str, unit: str, equivalents: tuple[tuple[str, Decimal], ...] = ()) -> tuple[frozenset[float], frozenset[tuple[float, float]]]:
    """Numbers ``text`` states in ``unit``: single values and ``(low, high)`` ranges.

    Chinese numerals count as digits (五十個 → 50個, 百分之三點五 → 3.5%); a scale word
    before the unit multiplies (5萬家 is 50,000家; in 萬家 it is 5). ``equivalents`` are
    other units the text may state the number in, each with the factor that turns one of
    them into ``unit`` (10,000 for 萬家 when ``unit`` is 家). A unit that starts with a scale
    word also reads its remainder (億元: 5000億元, or 五千億元 which reads as 500000000000元).
    Numbers are read as exact decimals. Returns ``(singles, ranges)``.
    """
    import cn2an

    simplified = _simplified(text)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # cn2an warns about words like 億 it leaves alone
        arabic = cn2an.transform(simplified, "cn2an")
    ways = [(_simplified(unit), Decimal(1)), *((_simplified(name), factor) for name, factor in equivalents)]
    for word, scale in _SCALES:
        if ways[0][0].startswith(word) and len(ways[0][0]) > len(word):
            ways.append((ways[0][0][len(word) :], 1 / Decimal(scale)))
            break
    singles: set[float] = set()
    ranges: set[tuple[float, float]] = set()
    scale_words = "|".join(re.escape(word) for word, _ in _SCALES)
    for name, factor in ways:
        pattern = re.compile(_NUMBER + r"(?:\s*[-–—~至到]\s*" + _NUMBER + r")?\s*(" + scale_words + r")?\s*" + re.escape(name))
        for source in dict.fromkeys((arabic, simplified)):
            for match in pattern.finditer(source):
                low, high, word = match.group(1), match.group(2), match.group(3)
                times = factor * (Decimal(dict(_SCALES)[word]) if word else 1)
                if high is None:
                    singles.add(float(Decimal(low) * times))
                else:
                    ranges.add((float(Decimal(low) * times), float(Decimal(high) * times)))
    return frozenset(singles), frozenset(ranges)


#: Scale words in Simplified script (the text is read in Simplified), longest first.
_SCALES: tuple[tuple[str, int], ...] = (("万亿", 10**12), ("亿", 10**8), ("万", 10**4))


def equivalents(unit: str, table: Mapping[str, m.UnitOfMeasure]) -> tuple[tuple[str, Decimal], ...]:
    """Other declared units a number of ``unit`` may be written in, each with its factor into ``unit``
    (a unit's ``base`` at ``1/scale``, and every unit declared with ``unit`` as its base at its ``scale``)."""
    found: list[tuple[str, Decimal]] = []
    own = table.get(unit)
    if own is not None and own.base is not None:
        found.append((own.base, 1 / Decimal(repr(own.scale))))
    found += [(other.name, Decimal(repr(other.scale))) for other in table.values() if other.base == unit and other.name != unit]
    return tuple(found)


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


#: Words that say a target value is still to be set (目標值待定), in Simplified script.
PENDING_WORDS: tuple[str, ...] = ("待定", "另行制定", "另定")

#: Words that say "approximately" (左右, 約, 大約, 前後), in Simplified script.
APPROXIMATE_WORDS: tuple[str, ...] = ("左右", "约", "前后")


def check_target(target: Any, document: Document, source_name: str, table: Mapping[str, m.UnitOfMeasure] | None = None) -> Iterator[tuple[str, str, str]]:
    """Yield ``(rule, message, field)`` for each way ``target`` fails to trace to ``document``.

    ``table``: the plan's units of measure (:func:`zsplan.plan.models.unit_table`), so a number
    may be stated in a declared equivalent unit (5萬家 for 50000家).
    """
    if fold(target.source_text) not in document.folded:
        yield "source-text", f"source_text of {target.id!r} does not occur in {source_name}; copy the sentence from the plan exactly", "source_text"
        return
    singles, ranges = stated_numbers(target.source_text, target.unit, equivalents(target.unit, table or {}))
    stated = _stated(singles, ranges, target.unit)
    if isinstance(target, (m.NumberTarget, m.AnnualTarget)):
        if target.value not in singles:
            yield "trace-number", f"value {_fmt(target.value)} is not what source_text states: it says {stated}", "value"
        if target.comparator == "approximately" and not any(word in _simplified(target.source_text) for word in APPROXIMATE_WORDS):
            yield "trace-comparator", "comparator approximately needs source_text to say so (左右, 約 or 前後); otherwise use at_least", "comparator"
        if isinstance(target, m.AnnualTarget) and f"{target.year}年" not in unicodedata.normalize("NFKC", target.source_text):
            yield "trace-year", f"year {target.year} is not stated in source_text (as {target.year}年)", "year"
    elif isinstance(target, m.PendingTarget):
        if not any(word in _simplified(target.source_text) for word in PENDING_WORDS):
            yield "trace-pending", "a pending target's source_text must say its value is still to be set (待定, 另行制定 or 另定)", "kind"
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
