"""The one JSON encoder behind every ``--format json`` and the export file.

Every JSON output is one document of the same shape::

    {"format": "zsplan-<kind>", "version": N, <context fields>, "records": [
    {…},
    {…}
    ]}

``format`` and ``version`` say what the document is; the context fields (as-of
date, filters, the target asked about) come before ``records``, and the records
come one compact object per line, so a diff reads well and a large document is
written as it is encoded, never held whole. The export file is the same
envelope with ``plan`` and ``entries``.

Dates are ISO 8601 ``YYYY-MM-DD``; timestamps are UTC ISO 8601 with ``Z``.
Chinese is written as UTF-8, unescaped; control characters (C0 and C1), DEL and
bidirectional controls as ``\\uXXXX`` escapes, so a terminal never acts on them. The shapes are JSON Schema files in
``docs/schemas/`` (one per kind, checked in the tests); a breaking change bumps
the kind's version and is listed in CHANGELOG.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

#: Each JSON document kind and the version of its shape (docs/schemas/<kind>.schema.json).
VERSIONS = {"status": 2, "history": 2, "items": 2, "units": 2, "problems": 2, "export": 4, "tasks": 1, "completeness": 1, "round-diff": 1, "plans": 1}


def _encoder() -> Any:
    import orjson

    options = orjson.OPT_UTC_Z | orjson.OPT_NAIVE_UTC

    def encode(value: Any) -> bytes:
        return orjson.dumps(value, option=options)

    return encode


def document(kind: str, records: Iterable[Mapping[str, Any]], *, key: str = "records", **context: Any) -> Iterator[bytes]:
    """The JSON document of ``kind`` as UTF-8 chunks to write in order.

    Args:
        kind: one of :data:`VERSIONS`.
        records: the records, encoded one at a time as they come.
        key: the name of the list (``records``; ``entries`` in an export).
        context: fields written before the list, in the order given.
    """
    from zsplan.render.safe import json_bytes

    encode = _encoder()
    head = {"format": f"zsplan-{kind}", "version": VERSIONS[kind], **context}
    yield json_bytes(encode(head)[:-1]) + b"," + encode(key) + b":["
    separator = b"\n"
    for record in records:
        yield separator + json_bytes(encode(record))
        separator = b",\n"
    yield b"\n]}\n" if separator == b",\n" else b"]}\n"


def document_text(kind: str, records: Iterable[Mapping[str, Any]], *, key: str = "records", **context: Any) -> str:
    """:func:`document` joined into one string (for small documents and files)."""
    return b"".join(document(kind, records, key=key, **context)).decode("utf-8")
