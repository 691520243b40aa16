"""Render validation problems as text lines, JSON, or GitHub workflow annotations.

* text: ``PATH:LINE:COLUMN: [rule] message``, one per line (editors jump to them);
* json: a ``zsplan-problems`` document whose records are ``{path, line, column, rule, severity, message}``;
* github: ``::error file=…,line=…,col=…,title=…::message`` workflow commands, so a
  pull request shows each problem on its line.
"""

from __future__ import annotations

from collections.abc import Iterable

from zsplan.plan.problems import Problem


def problems_text(problems: Iterable[Problem]) -> str:
    """One ``PATH:LINE:COLUMN: [rule] message`` line per problem."""
    return "".join(problem.format() + "\n" for problem in problems)


def problems_json(problems: Iterable[Problem]) -> str:
    """The ``zsplan-problems`` JSON document (docs/schemas/problems.schema.json); every problem has severity ``error``."""
    from zsplan.render.jsonout import document_text

    records = ({"path": p.path, "line": p.line, "column": p.column, "rule": p.rule, "severity": "error", "message": p.message} for p in problems)
    return document_text("problems", records)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def problems_github(problems: Iterable[Problem]) -> str:
    """GitHub Actions ``::error`` commands, escaped as the workflow-command syntax requires."""
    lines = []
    for p in problems:
        properties = f"file={_escape_property(p.path)},line={p.line},col={p.column},title={_escape_property('zsplan ' + p.rule)}"
        lines.append(f"::error {properties}::{_escape_data(p.message)}\n")
    return "".join(lines)
