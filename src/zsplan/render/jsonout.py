"""The JSON encoder behind every ``--format json`` and the export file."""

from __future__ import annotations

import json
from typing import Any


def export_json(document: dict[str, Any]) -> str:
    """The export document as text: UTF-8 Chinese unescaped, one-space indent, a final newline."""
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"
