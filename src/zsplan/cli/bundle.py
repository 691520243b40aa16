"""Report bundles: ``zsplan bundle`` makes one; ``zsplan verify --bundle`` checks one offline (see :mod:`zsplan.io.bundle`)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

import typer

from zsplan.cli import shared
from zsplan.cli.shared import DEFAULT_STALE_DAYS, FORCE, KNOWN_AT, LANG, SCRIPT, STALE, Lang, Script


def bundle(
    period: Annotated[
        Any, typer.Option("--period", click_type=shared.PERIOD, metavar="PERIOD", help="2021H1 (mid-year), 2021 (year-end), 2021Q3.", show_default=False)
    ],
    output: Annotated[Path, typer.Option("--output", "-o", metavar="FILE", help="The bundle to write (a .zip file).", show_default=False)],
    known_at: Annotated[dt.datetime | None, KNOWN_AT] = None,
    stale_days: Annotated[int, STALE] = DEFAULT_STALE_DAYS,
    lang: Annotated[Lang, LANG] = Lang.zh,
    script: Annotated[Script, SCRIPT] = Script.hant,
    force: Annotated[bool, FORCE] = False,
) -> None:
    """Write a report with everything needed to check it later, offline: the report, the ledger, digests.

    The bundle holds report.md, ledger.json (the plan and every entry with its
    chain hash) and manifest.json (as-of date, zsplan and method versions, chain
    head, the SHA-256 of each file). 'zsplan verify --bundle FILE' recomputes the
    report from the bundled ledger and compares it byte for byte.

    Example: zsplan bundle --period 2021H1 -o 2021年中對賬.zip
    """
    from zsplan import __version__
    from zsplan.analysis import METHOD_VERSION
    from zsplan.cli.report import ReportFormat, _render_report
    from zsplan.errors import UsageError
    from zsplan.io.bundle import bundle_bytes
    from zsplan.io.output import check_output_path, write_output
    from zsplan.render.console import echo
    from zsplan.render.export import export_json
    from zsplan.service.assess import assess_plan
    from zsplan.service.sheets import export_ledger

    engine = shared.ready_engine()
    protected = shared.databases(engine)
    check_output_path(output, databases=protected, suffixes=(".zip",), force=force)
    as_of = min(period.end, shared.today())
    result = assess_plan(engine, as_of=as_of, known_at=known_at, stale_days=stale_days, detail=True, verify=True)
    report = _render_report(result, period, ReportFormat.md, shared.labels(lang, script))
    ledger = export_ledger(engine)
    head = ledger.entries[-1].entry_hash if ledger.entries else None
    if head != result.chain_head:
        raise UsageError("the ledger changed while the bundle was made; make it again")
    manifest = {
        "zsplan_version": __version__,
        "method_version": METHOD_VERSION,
        "period": period.code,
        "as_of": as_of.isoformat(),
        "known_at": None if known_at is None else known_at.isoformat().replace("+00:00", "Z"),
        "stale_days": stale_days,
        "lang": lang.value,
        "script": script.value,
        "chain_head": head,
        "entries": len(ledger.entries),
    }
    files = {
        "report.md": str(report).encode("utf-8"),
        "ledger.json": export_json(ledger.plan, ledger.entries, exported_at=shared.now(), evidence=ledger.evidence).encode("utf-8"),
    }
    write_output(output, bundle_bytes(files, manifest), databases=protected, suffixes=(".zip",), force=force)
    echo(f"wrote {output}: the {period.code} report, a ledger of {len(ledger.entries):,} entries, chain head {head}")


def verify_bundle(path: Path) -> str:
    """Check a bundle offline and say what was verified (one line).

    Raises:
        UsageError: not a bundle; LedgerTampered: a digest, the chain or the report does not match.
    """
    import tempfile

    from zsplan import __version__
    from zsplan.analysis import METHOD_VERSION
    from zsplan.cli.report import ReportFormat, _render_report
    from zsplan.config import resolve_db_url
    from zsplan.errors import LedgerTampered
    from zsplan.io.bundle import read_bundle
    from zsplan.render.report import parse_period
    from zsplan.service.assess import assess_plan
    from zsplan.service.database import open_database
    from zsplan.service.sheets import import_export

    opened = read_bundle(path)
    manifest = opened.manifest
    ledger = json.loads(opened.files["ledger.json"].decode("utf-8"))
    entries = ledger.get("entries") or []
    head = entries[-1].get("hash") if entries else None
    if head != manifest.get("chain_head") or ledger.get("chain_head") != manifest.get("chain_head"):
        raise LedgerTampered(f"{path}: the bundled ledger's chain head is not the one the manifest names", [])
    with tempfile.TemporaryDirectory(prefix="zsplan-bundle-") as scratch:
        snapshot = Path(scratch) / "ledger.json"
        snapshot.write_bytes(opened.files["ledger.json"])
        engine, _ = open_database(resolve_db_url(str(Path(scratch) / "zsplan.db")), create_dirs=False, now=shared.now(), initialise=False)
        import_export(engine, snapshot, now=shared.now())
        known_at = manifest.get("known_at")
        result = assess_plan(
            engine,
            as_of=dt.date.fromisoformat(manifest["as_of"]),
            known_at=None if known_at is None else dt.datetime.fromisoformat(known_at.replace("Z", "+00:00")),
            stale_days=int(manifest["stale_days"]),
            detail=True,
            verify=True,
        )
        again = str(
            _render_report(result, parse_period(manifest["period"]), ReportFormat.md, shared.labels(Lang(manifest["lang"]), Script(manifest["script"])))
        )
        engine.dispose()
    if again.encode("utf-8") != opened.files["report.md"]:
        made_by = (manifest.get("zsplan_version"), manifest.get("method_version"))
        if made_by != (__version__, METHOD_VERSION):
            raise LedgerTampered(
                f"{path}: the digests and the chain verify, but this zsplan ({__version__}, method {METHOD_VERSION}) computes another report "
                f"than the bundle's ({made_by[0]}, method {made_by[1]}); use that version to reproduce it",
                [],
            )
        raise LedgerTampered(f"{path}: report.md does not follow from the bundled ledger (it was edited, or computed from other data)", [])
    return (
        f"verified {path}: the files match their digests, the ledger of {len(entries):,} entries chains to {head}, "
        f"and report.md is computed again from it byte for byte (method {METHOD_VERSION})"
    )


def register(app: Any) -> None:
    """Add this module's commands to ``app``."""
    app.command()(bundle)
