"""The JSON Schema of the plan file, generated from :mod:`zsplan.plan.models`.

Editors read it through the ``# yaml-language-server: $schema=plan.schema.json``
line at the top of ``data/plan.yaml``; YAML dates arrive there as strings, which
the schema describes as ``{"type": "string", "format": "date"}``.
"""

from __future__ import annotations

import json

from zsplan.plan.models import PlanFile

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def plan_schema() -> dict:
    """Return the plan file's JSON Schema (draft 2020-12) as a dict."""
    schema = PlanFile.model_json_schema(mode="validation")
    return {"$schema": SCHEMA_DIALECT, "title": "zsplan plan file", **{k: v for k, v in schema.items() if k != "title"}}


def plan_schema_json() -> str:
    """The schema as pretty-printed JSON text, ending in a newline (what ``zsplan schema`` prints)."""
    return json.dumps(plan_schema(), ensure_ascii=False, indent=2) + "\n"
