"""Administration commands: ``export`` and ``backup``."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from zsplan.cli import shared
from zsplan.cli.shared import FORCE


class ExportFormat(str, Enum):
    """Formats of ``zsplan export``."""

    json = "json"


def export(
    output_format: Annotated[ExportFormat, typer.Option("--format", "-f", help="json: the plan and the full ledger.")] = ExportFormat.json,
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write to FILE instead of stdout.", show_default=False)] = None,
    force: Annotated[bool, FORCE] = False,
) -> None:
    """Write the plan definitions and the full ledger (every entry, superseded ones included) as JSON.

    'zsplan import FILE.json' on an empty database restores it exactly.

    Example: zsplan export -o zsplan-2021-12-31.json
    """
    from zsplan.io.output import check_output_path, write_output
    from zsplan.render.console import echo
    from zsplan.render.export import export_json
    from zsplan.service.sheets import export_ledger

    engine = shared.ready_engine()
    protected = shared.databases(engine)
    if output is not None:
        check_output_path(output, databases=protected, suffixes=(".json",), force=force)
    ledger = export_ledger(engine)
    text = export_json(ledger.plan, ledger.entries, exported_at=shared.now())
    if output is None:
        echo(text, newline=False)
        return
    write_output(output, text, databases=protected, suffixes=(".json",), force=force)
    shared.committed(f"wrote {output}")
    echo(f"wrote {output}")


def backup(path: Annotated[Path, typer.Argument(metavar="PATH", help="The new file to write (must not exist).", show_default=False)]) -> None:
    """Copy the SQLite database to PATH, safely while others are writing.

    Example: zsplan backup /backups/zsplan-$(date +%F).db
    """
    from zsplan.render.console import echo
    from zsplan.service.database import backup_database

    size = backup_database(shared.engine(), path)
    shared.committed(f"wrote {path}")
    echo(f"wrote {path} ({size:,} bytes)")


def register(app: Any) -> None:
    """Add this module's commands to ``app``."""
    app.command()(export)
    app.command()(backup)
