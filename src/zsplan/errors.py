"""Errors raised by the zsplan core and the exit codes the CLI maps them to.

The core raises these; :mod:`zsplan.cli` converts them once, at the edge, into
``Error: …`` on stderr and an exit code. Anything else that escapes is a bug and
keeps its traceback.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes, documented in the README ("Exit codes").

    * ``OK`` (0): the command did what was asked.
    * ``PROBLEMS`` (1): the input was understood but refused or found faulty:
      validation problems, a reload that would orphan logged progress.
    * ``USAGE`` (2): bad usage: an unknown target, a value or date that cannot be
      accepted, a missing file, an unreachable database.
    """

    OK = 0
    PROBLEMS = 1
    USAGE = 2


#: The input fields a core message may name, written ``{field}`` in the message
#: (``{item} is empty``); each front end words them its own way: the CLI as its
#: options (:data:`zsplan.cli.shared.FIELD_WORDS`), a sheet as its column headers.
FIELDS = ("target", "value", "item", "date", "note", "evidence", "grade", "by", "reason", "as_of", "known_at", "stale_days", "unit", "category", "output")

_FIELD_TOKEN = re.compile(r"\{(" + "|".join(FIELDS) + r")\}")


class ZsplanError(Exception):
    """Base class of every error meant for the user.

    A message may name input fields as ``{item}``, ``{date}`` … (see :data:`FIELDS`);
    ``str(err)`` words them by their plain field names, :meth:`worded` as a front end
    calls them.

    Attributes:
        exit_code: the :class:`ExitCode` the CLI exits with.
        field: the input field at fault, when one is (``value``, ``item``, ``date`` …).
    """

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.template = message
        self.field = field

    def worded(self, words: Mapping[str, str]) -> str:
        """The message with each ``{field}`` replaced by ``words[field]`` (the field's own name where absent)."""
        return _FIELD_TOKEN.sub(lambda match: words.get(match.group(1), match.group(1)), self.template)

    def __str__(self) -> str:
        return self.worded({})


class UsageError(ZsplanError):
    """The user asked for something that cannot be done as asked (exit 2).

    Examples: an unknown target id, a negative count, a date in the future.
    """

    exit_code = ExitCode.USAGE


class ImportRefused(ZsplanError):
    """A bulk import has bad rows; nothing was written (exit 1).

    Attributes:
        problems: ``row N, column X: message`` lines, one per fault.
    """

    exit_code = ExitCode.PROBLEMS

    def __init__(self, message: str, problems: list[str]) -> None:
        super().__init__(message)
        self.problems = problems


class PlanFileError(ZsplanError):
    """A plan file cannot be used: it is missing or has validation problems (exit 1).

    Attributes:
        problems: the located problems (:class:`zsplan.plan.problems.Problem`), possibly empty
            when the file could not be read at all.
    """

    exit_code = ExitCode.PROBLEMS

    def __init__(self, message: str, problems: list | None = None) -> None:
        super().__init__(message)
        self.problems = list(problems or [])


class ReloadRefused(ZsplanError):
    """Loading a plan would drop targets that already have progress entries (exit 1)."""

    exit_code = ExitCode.PROBLEMS


class PermissionRefused(ZsplanError):
    """The database refused a write that the connected role may not make (exit 1).

    On PostgreSQL with roles set up (``zsplan admin setup``), a unit's staff may
    record only for the targets their unit is responsible for; the database's
    row-level security says no, and this error says so in words.
    """

    exit_code = ExitCode.PROBLEMS


class LedgerTampered(ZsplanError):
    """The ledger or the plan's tables are not as zsplan wrote them: the hash chain or the plan's digest does not match (exit 1).

    Attributes:
        details: what does not match, one line each.
    """

    exit_code = ExitCode.PROBLEMS

    def __init__(self, message: str, details: list[str]) -> None:
        super().__init__(message)
        self.details = details


class DatabaseError(ZsplanError):
    """The database cannot be opened or is not a zsplan database (exit 2)."""

    exit_code = ExitCode.USAGE


class RoundRefused(ZsplanError):
    """A reporting round refuses the step (exit 1): an entry dated inside a closed round, a submission to a closed
    round, a decision on a submission that is not awaiting one; nothing is written."""

    exit_code = ExitCode.PROBLEMS
