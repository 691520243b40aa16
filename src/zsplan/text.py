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


#: Between texts folded together (a private-use character: NFKC, OpenCC and case folding leave it as it is).
_FOLD_SEPARATOR = "\ue000"
#: Below this many texts, :func:`fold_many` folds them one by one.
_FOLD_BATCH = 256


def fold_many(texts: list[str]) -> list[str]:
    """:func:`fold` of each of ``texts``, in order: the same keys, computed on the texts joined (one NFKC, one
    OpenCC conversion, one case fold), which a ledger's hundreds of thousands of item names need."""
    if len(texts) < _FOLD_BATCH or any(_FOLD_SEPARATOR in text for text in texts):
        return [fold(text) for text in texts]
    joined = unicodedata.normalize("NFKC", _FOLD_SEPARATOR.join(texts))
    invisible = [char for char in set(joined) if unicodedata.category(char) == "Cf"]  # the few distinct characters, checked once each
    if invisible:
        joined = re.sub("[" + "".join(re.escape(char) for char in invisible) + "]", "", joined)
    compact = re.sub(r"\s+", "", joined)
    parts = _t2s().convert(compact).casefold().split(_FOLD_SEPARATOR)
    return parts if len(parts) == len(texts) else [fold(text) for text in texts]


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


_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_NOT_FINITE = re.compile(r"[+-]?(?:inf|infinity|nan)", re.IGNORECASE)


def _is_whole(written: str) -> bool:
    """Whether the decimal number ``written`` (matching ``_DECIMAL``) is a whole number, exactly."""
    mantissa, _, exponent = written.lower().partition("e")
    whole, _, fraction = mantissa.lstrip("+-").partition(".")
    digits = (whole + fraction).lstrip("0")
    if not digits:
        return True  # zero, however written
    trailing = len(digits) - len(digits.rstrip("0"))
    if len(exponent.lstrip("+-")) > 30:  # far beyond any float: only its sign matters
        return not exponent.startswith("-")
    return int(exponent or "0") - len(fraction) + trailing >= 0


def read_number(text: str) -> float:
    """The number ``text`` writes: decimal digits, optionally a sign, a decimal point and an
    exponent (``3``, ``-2``, ``1.5``, ``1e3``; full-width digits read as digits). ``inf`` and ``nan``
    are read too, for the checks after to refuse with their own reason.

    Unlike :class:`float`, which would read them, refused are: underscores (``1_000``),
    digits of other scripts, and text that only rounding makes whole (``1e-400`` reads as 0,
    ``1.0000000000000000001`` as 1): a reported count must be what was written.

    Raises:
        ValueError: the text is not such a number; the message quotes it and says what to write.
    """
    written = unicodedata.normalize("NFKC", text).strip()
    if _NOT_FINITE.fullmatch(written):
        return float(written)
    if not _DECIMAL.fullmatch(written):
        if "_" in written and _DECIMAL.fullmatch(written.replace("_", "")):
            raise ValueError(f"{text!r} is not a number; write it without underscores, e.g. {written.replace('_', '')}")
        raise ValueError(f"{text!r} is not a number; give a count such as 3")
    number = float(written)
    if number.is_integer() and not _is_whole(written):
        raise ValueError(f"{text!r} is not a whole number (it rounds to {number:g}); give a count such as 3")
    return number
