"""Stored text as a terminal or a spreadsheet may show it: control and bidirectional characters
escaped, and no cell a spreadsheet would run as a formula.

New text is checked at entry (:func:`zsplan.store.ledger.check_text`, the plan's ``text``
rule), but a database written by an older zsplan or by another tool may still hold an
escape sequence in a name or a note. Every renderer that prints stored text to the
console passes it through :func:`terminal_text`, so ``ESC [ 2 J`` shows as ``\\x1b[2J``
instead of clearing the screen, and U+202E as ``\\u202e`` instead of reversing the line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from zsplan.text import UNSAFE_CHARACTERS


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    if match.group() in "\n\t":
        return match.group()
    return f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}"


def terminal_text(text: str) -> str:
    """``text`` with each character of :data:`zsplan.text.UNSAFE_CHARACTERS` but newline and tab
    written as an escape: ``\\x1b`` for C0 controls and DEL, ``\\u009b``, ``\\u202e``, ``\\udcff``
    for the others (so escaped JSON text stays valid JSON)."""
    if text.isprintable():  # the usual case, checked in C
        return text
    return UNSAFE_CHARACTERS.sub(_escaped, text)


#: The UTF-8 forms of the characters :func:`terminal_text` escapes that JSON encoders leave as they are:
#: DEL, C1 controls, and the bidirectional controls and marks (C0 controls are always escaped in JSON).
_JSON_UNSAFE = re.compile(rb"\x7f|\xc2[\x80-\x9f]|\xd8\x9c|\xe2\x80[\x8e\x8f\xaa-\xae]|\xe2\x81[\xa6-\xa9]")


def _json_escaped(match: re.Match[bytes]) -> bytes:
    return f"\\u{ord(match.group().decode('utf-8')):04x}".encode("ascii")


#: The bytes every match of :data:`_JSON_UNSAFE` starts with (or is): a chunk without any has nothing to escape.
_JSON_UNSAFE_STARTS = (b"\x7f", b"\xc2", b"\xd8", b"\xe2\x80", b"\xe2\x81")


def json_bytes(chunk: bytes) -> bytes:
    """UTF-8 JSON text with DEL, C1 and bidirectional characters written as ``\\uXXXX`` escapes
    (the same JSON value; a terminal shows the escape instead of acting on the character)."""
    if not any(start in chunk for start in _JSON_UNSAFE_STARTS):  # the usual record: a few byte searches, no pattern
        return chunk
    return _JSON_UNSAFE.sub(_json_escaped, chunk)


#: What a spreadsheet reads as the start of a formula (or of a cell it may turn into one).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def spreadsheet_cell(value: Any) -> Any:
    """A CSV or XLSX cell that a spreadsheet shows as text and never runs.

    Text is escaped as :func:`terminal_text` escapes it (XLSX cannot hold control
    characters), then text starting with ``= + - @``, a tab or a carriage return gets a
    leading apostrophe (``'=HYPERLINK(…)``), as OWASP recommends against formula
    injection; text that is a plain number (``-3``, ``+1.5``) is left as it is. Other
    values (numbers, dates, None) are returned unchanged.
    """
    if not isinstance(value, str):
        return value
    text = terminal_text(value)
    if text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def spreadsheet_row(values: Iterable[Any]) -> list[Any]:
    """:func:`spreadsheet_cell` of each value."""
    return [spreadsheet_cell(value) for value in values]


#: Text Excel and WPS would turn into something else when they open a CSV file: a range or fraction read as a date
#: (``2-3`` → 3 February, ``1/2`` → 2 January), a digit string with a leading zero or longer than 11 digits (zeros dropped,
#: digits past the 15th lost, shown as ``1.23E+17``), a number in scientific notation (``3e5``), a percentage written as text.
_EXCEL_CONVERTS = re.compile(r"\d{1,4}[-/.]\d{1,2}(?:[-/.]\d{1,4})?|0\d+|\d{12,}|[0-9.]+[eE][+-]?\d+|\d+(?:\.\d+)?%")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def excel_cell(value: Any) -> Any:
    """A CSV cell as Excel and WPS must show it: :func:`spreadsheet_cell`, and text they would convert
    (:data:`_EXCEL_CONVERTS`: ``2-3``, ``0760``, a 18-digit number) written as the text formula ``="2-3"``, which
    both show as the text itself. Dates (``2021-06-30``) and plain numbers are left for them to read as such.

    ``="…"`` is a constant, not a call: it runs nothing, which the guard against formula injection is about.
    """
    cell = spreadsheet_cell(value)
    if isinstance(cell, str) and not _ISO_DATE.fullmatch(cell) and _EXCEL_CONVERTS.fullmatch(cell.strip()):
        return '="' + cell.replace('"', '""') + '"'
    return cell


#: The byte-order mark that makes Excel and WPS read a CSV file as UTF-8 (without it, Excel on Chinese Windows reads GBK).
UTF8_BOM = "\ufeff"


def excel_csv(rows: Iterable[Iterable[Any]]) -> str:
    """CSV text for Excel and WPS: a UTF-8 byte-order mark, then every cell :func:`excel_cell` (lines end in LF,
    which both read)."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    out.write(UTF8_BOM)
    for row in rows:
        writer.writerow([excel_cell(value) for value in row])
    return out.getvalue()
