"""Folding Chinese names for lookup: script, width, spacing and case do not matter.

``市发展改革局``, ``市發展改革局`` and ``市發展改革局 `` fold to the same key, so a
user may type a target, unit or item name in Simplified or Traditional script,
with full- or half-width characters. Conversion uses OpenCC (Traditional →
Simplified, ``t2s``).
"""

from __future__ import annotations

import re
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


#: Characters no stored text may hold, and that output shows escaped: C0 and C1 control
#: characters (ESC starts terminal escape sequences, CR and backspace overwrite what was shown,
#: U+009B is an 8-bit CSI), DEL, the bidirectional embeddings, overrides, isolates and marks
#: (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C: they make text display in another
#: order than it is stored), and lone surrogates (bytes that were not UTF-8 text).
UNSAFE_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def unsafe_character(text: str, allowed: str = "") -> str | None:
    """The first character of ``text`` that :data:`UNSAFE_CHARACTERS` matches and ``allowed``
    does not list (e.g. ``"\\n\\t"`` for notes), or None when there is none."""
    if text.isprintable():  # the usual case, checked in C
        return None
    return next((match.group() for match in UNSAFE_CHARACTERS.finditer(text) if match.group() not in allowed), None)
