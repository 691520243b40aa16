"""Located validation problems: what is wrong, where, and under which rule."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One fault in a plan file.

    Ordering sorts by ``(path, line, column, rule, message)`` so reports list
    problems top to bottom.

    Attributes:
        path: the plan file as the user named it.
        line: 1-based line of the offending key or value (0 when unknown).
        column: 1-based column (0 when unknown).
        rule: a short rule id such as ``duplicate-key`` or ``unknown-unit``.
        message: what is wrong and how to fix it.
    """

    path: str
    line: int
    column: int
    rule: str
    message: str

    def format(self) -> str:
        """Return ``PATH:LINE:COLUMN: [rule] message``, the form editors jump to."""
        return f"{self.path}:{self.line}:{self.column}: [{self.rule}] {self.message}"
