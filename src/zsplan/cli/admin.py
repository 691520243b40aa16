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
    text = export_json(ledger.plan, ledger.entries, exported_at=shared.now(), evidence=ledger.evidence)
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


def verify(
    bundle: Annotated[
        Path | None, typer.Option("--bundle", metavar="FILE", help="Check a report bundle (zsplan bundle) instead, offline.", show_default=False)
    ] = None,
) -> None:
    """Check that the ledger and the plan are exactly as zsplan recorded them (hash chain and plan digest).

    Every entry carries a hash chained to the one before it; an entry changed,
    removed or inserted with another tool breaks the chain there. Exit 0 when
    everything matches; exit 1 naming the first entry that does not. With
    --bundle, check a report bundle: its digests, its ledger's chain, and that
    its report is computed again from that ledger byte for byte.

    \b
    Examples:
      zsplan verify
      zsplan verify --bundle 2021年中對賬.zip
    """
    from zsplan.render.console import echo
    from zsplan.service.admin import verify as verify_ledger

    if bundle is not None:
        from zsplan.cli.bundle import verify_bundle

        echo(shared.say(verify_bundle(bundle)))
        return

    found = verify_ledger(shared.ready_engine())
    plan = (
        "the plan's tables match its definitions"
        if found.plan_checked
        else "the plan's definitions are not stored in this database (made by an older zsplan; 'zsplan load' stores them)"
    )
    echo(shared.say(f"verified: {found.entries:,} entries in an unbroken hash chain, head {found.head}; {plan}"))


roles_app = typer.Typer(
    name="admin",
    help="Administer a shared PostgreSQL database: roles for units, analysts and administrators.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@roles_app.command("setup")
def setup(
    prefix: Annotated[str, typer.Option("--prefix", metavar="NAME", help="Prefix of the group roles' names.")] = "zsplan",
) -> None:
    """Create the roles, grants and row-level security that let each unit record only for its own targets.

    Run it as the owner of zsplan's tables (the role that loaded the plan), and
    again after a plan adds units or an upgrade adds tables.

    Example: zsplan --db postgresql+psycopg://owner@server/zsplan admin setup
    """
    from zsplan.render.console import echo
    from zsplan.service.admin import set_up_roles

    made = set_up_roles(shared.engine(), prefix=prefix)
    units = sum(1 for key in made.roles if key.startswith("unit:"))
    echo(f"roles ready: {made.roles['admin']}, {made.roles['analyst']}, {made.roles['reporter']} and {units} unit roles ({prefix}_unit_<unit id>)")


@roles_app.command("grant")
def grant(
    login: Annotated[str, typer.Argument(metavar="LOGIN", help="The PostgreSQL login role of a person (made if missing).", show_default=False)],
    unit: Annotated[
        str | None, typer.Option("--unit", metavar="UNIT", help="The unit this person reports for (id or Chinese name).", show_default=False)
    ] = None,
    analyst: Annotated[bool, typer.Option("--analyst", help="An analyst: reads everything, records and corrects for any target.")] = False,
    admin: Annotated[bool, typer.Option("--admin", help="An administrator: loads plans and restores exports.")] = False,
) -> None:
    """Let a person's login role report for a unit, review as an analyst, or administer.

    \b
    Examples:
      zsplan admin grant chen_torch --unit 火炬開發區
      zsplan admin grant li_kjj --analyst
    """
    from zsplan.render.console import echo
    from zsplan.service.admin import grant as grant_role

    group = grant_role(shared.engine(), login=login, unit=unit, analyst=analyst, admin=admin)
    echo(f"{login} is now a member of {group}")


def register(app: Any) -> None:
    """Add this module's commands to ``app``."""
    app.command()(export)
    app.command()(backup)
    app.command()(verify)
    app.add_typer(roles_app)
