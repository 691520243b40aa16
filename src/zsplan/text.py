"""Folding Chinese names for lookup: script, width, spacing and case do not matter.

``市发展改革局``, ``市發展改革局`` and ``市發展改革局 `` fold to the same key, so a
user may type a target, unit or item name in Simplified or Traditional script,
with full- or half-width characters. Conversion uses OpenCC (Traditional →
Simplified, ``t2s``).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def visible(text: str) -> str:
    """``text`` without invisible format characters (Unicode category Cf: zero-width space
    U+200B, byte-order mark U+FEFF, soft hyphen U+00AD, bidirectional controls, …).

    They change nothing a reader sees, so two names that differ only by them are the same name.
    """
    if text.isascii():
        return text
    return "".join(char for char in text if unicodedata.category(char) != "Cf")


def fold(text: str) -> str:
    """Return the lookup key of ``text``: NFKC, no white space or invisible characters, Simplified script, case-folded."""
    compact = "".join(visible(unicodedata.normalize("NFKC", text)).split())
    return _t2s().convert(compact).casefold()
