"""The first paragraph of each command's help, as ``zsplan --help`` and shell completion list them.

Listing them from here spares building every command (typer reads each one's annotations) to print one
line each; ``tests/test_cli_lazy.py`` checks that each is its command's own first paragraph.
"""

SUMMARIES = {
    "validate": "Check plan files and list every problem, located, in one run.",
    "schema": "Print the JSON Schema of the plan file format (for editors and other tools).",
    "load": "Load or reload a plan file into the database; progress entries are kept.",
    "plans": "List the plans the database holds: id, issue date, targets, measures, title.",
    "log": "Record progress on a target, then show its new standing.",
    "correct": "Replace an entry's figure, item name or date; the original stays in the history.",
    "retract": "Cancel an entry that should not count; it stays in the history.",
    "history": "Show every entry of a target, corrected and retracted ones included: who, when, why.",
    "items": "List the named achievements (台賬) that count for a target.",
    "review": "Verify or reject an entry (who, when and why are kept; zsplan history shows them).",
    "source": "Add a source to an entry: a corroboration when it agrees, a conflict (flagged) when it gives another figure or date.",
    "note": "Keep a progress note on a target or one of its items: shown in explain, status and reports, counting nothing.",
    "forecast": "Keep a published forecast: a value, an item or a milestone expected by a date. Never counted; scored once the date comes.",
    "import": "Record many reports from a sheet: every row is checked first; one bad row rejects the file.",
    "template": "Write a ready-to-fill progress sheet listing the targets a unit is responsible for.",
    "status": "Show every target: target, achieved, gap, percent, deadline, status, lead unit.",
    "explain": "Show every input and intermediate value behind a target's status: the arithmetic of the method.",
    "units": "Rank the responsible units: their targets by status as lead and as co-responsible unit, worst items first.",
    "report": "Write the mid-year or year-end report: an overview, progress, problems and next steps per part of the plan, the units, attachments.",
    "bundle": "Write a report with everything needed to check it later, offline: the report, the ledger, digests.",
    "export": "Write the plan definitions and the full ledger (every entry, superseded ones included) as JSON.",
    "backup": "Copy the SQLite database to PATH, safely while others are writing.",
    "verify": "Check that the ledger and the plan are exactly as zsplan recorded them (hash chain and plan digest).",
    "task": "Record a unit's report on a task (a measure of the plan): its state, progress, problems, next steps, evidence.",
    "admin": "Administer a shared PostgreSQL database: roles for units, analysts and administrators.",
    "round": "Reporting rounds (年中對賬、年底總結): open a period, take the units' sheets, chase, review, lock, report.",
}
