"""Sheet commands: ``import`` (sheets and exports) and ``template``."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from zsplan.cli import shared
from zsplan.cli.shared import LANG, SCRIPT, Lang, Script


class Encoding(str, Enum):
    """Encodings of CSV sheets (zsplan.io.sheets.CSV_ENCODINGS)."""

    auto = "auto"
    utf_8 = "utf-8"
    gb18030 = "gb18030"
    gbk = "gbk"
    big5 = "big5"


class SheetFormat(str, Enum):
    """Formats of ``zsplan template``."""

    csv = "csv"
    xlsx = "xlsx"


def import_(
    path: Annotated[Path, typer.Argument(metavar="FILE", help="A .csv, .xlsx or .xls sheet of reports, or a .json export to restore.", show_default=False)],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check every row and say what would be written; write nothing.")] = False,
    by: Annotated[
        str | None, typer.Option("--by", metavar="NAME", help="Who reports, for rows without a 'by' column (default: the login name).", show_default=False)
    ] = None,
    allow_duplicates: Annotated[
        bool, typer.Option("--allow-duplicates", help="Record rows already in the ledger (same target, date, value, by) and a file imported before.")
    ] = False,
    encoding: Annotated[
        Encoding,
        typer.Option("--encoding", help="Encoding of a CSV sheet; auto reads UTF-8 (with or without BOM), else GB18030/GBK as Excel and WPS save it."),
    ] = Encoding.auto,
    lang: Annotated[Lang | None, LANG] = None,
    script: Annotated[Script | None, SCRIPT] = None,
    late: Annotated[bool, shared.LATE] = False,
) -> None:
    """Record many reports from a sheet: every row is checked first; one bad row rejects the file.

    Columns: target, date, value or item, and optionally note, evidence, by,
    basis (累計 cumulative or 本期新增 increment; zsplan template writes a
    ready-to-fill sheet). Dates: 2021-06-30, 2021/6/30, 2021-6-30, 2021.6.30,
    2021年6月30日, or date cells (Excel serial day numbers in .xlsx/.xls). Rows already in the ledger and a file imported before
    are refused unless --allow-duplicates. A .json file made by zsplan export
    is restored into an empty database instead.

    \b
    Examples:
      zsplan import reports-2021H1.xlsx --dry-run
      zsplan import reports-2021H1.xlsx
      zsplan import reports-2021H1-resent.xlsx --allow-duplicates
      zsplan import 火炬開發區-2021H1.csv --encoding gbk
      zsplan --db restored.db import export.json
    """
    from zsplan.render.console import ProgressBar, echo, error
    from zsplan.render.plan import import_summary
    from zsplan.service.sheets import import_export, import_sheet

    words = shared.use_labels(lang, script)
    if path.suffix.lower() == ".json":
        result = import_export(shared.engine(), path, now=shared.now(), today=shared.today(), dry_run=dry_run)
    else:
        with ProgressBar(f"checking {path.name}", "rows") as progress:
            result = import_sheet(
                shared.engine(),
                path,
                dry_run=dry_run,
                today=shared.today(),
                now=shared.now(),
                recorded_by=by or shared.login(),
                on_row=progress,
                allow_duplicates=allow_duplicates,
                encoding=encoding.value,
                late=late,
            )
        if result.encoding not in ("", "utf-8"):
            error(shared.say(f"read {path.name} as {result.encoding.upper()} text"))
        if result.written == 0:
            error(shared.say(f"no row of {path} reports anything (a value, an item or a date); nothing to record"))
    if not dry_run:
        shared.committed()
    if result.notice:
        error(shared.say(result.notice))
    echo(import_summary(result, words))


def template(
    output_format: Annotated[SheetFormat, typer.Option("--format", "-f", help="csv or xlsx.")] = SheetFormat.xlsx,
    unit: Annotated[
        str | None, typer.Option("--unit", metavar="UNIT", help="Only the targets this unit leads or co-owns (id or Chinese name).", show_default=False)
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Where to write (default: zsplan-template.csv/.xlsx; '-' for CSV on stdout).", show_default=False),
    ] = None,
    round_code: Annotated[
        str | None,
        typer.Option(
            "--round",
            metavar="ROUND",
            help="A round sheet (填報表) for --unit: its tasks and targets, last period's figures, instructions in Chinese.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write a ready-to-fill progress sheet listing the targets a unit is responsible for.

    With --round, the unit's round sheet: tasks and targets, last period's
    figures, checklist items, 累計 or 本期新增, instructions in Chinese; send it
    back with 'zsplan round submit'.

    \b
    Examples:
      zsplan template --unit 火炬開發區 -o torch-2021H1.xlsx
      zsplan template --format csv -o -
      zsplan template --round 2021H1 --unit 火炬開發區 -o 火炬開發區-2021H1.xlsx
    """
    if round_code is not None:
        _round_template(round_code, unit, output_format, output)
        return
    from zsplan.errors import UsageError
    from zsplan.io.output import write_output
    from zsplan.io.sheets import template_content
    from zsplan.render.console import echo
    from zsplan.render.plan import template_rows
    from zsplan.service.sheets import template_targets

    to_stdout = output is not None and str(output) == "-"
    if to_stdout and output_format is not SheetFormat.csv:
        raise UsageError("an XLSX workbook cannot go to stdout; give -o FILE or --format csv")
    engine = shared.ready_engine()
    rows = template_rows(template_targets(engine, unit=unit))
    if to_stdout:
        echo(str(template_content(rows, "csv")), newline=False)
        return
    target = output or Path(f"zsplan-template.{output_format.value}")
    if target.exists() or target.is_symlink():
        raise UsageError(f"{target} exists; give another -o FILE")
    write_output(target, template_content(rows, output_format.value, bom=True), databases=shared.databases(engine))
    shared.committed(f"wrote {target}")
    echo(f"wrote {target}: {len(rows)} targets")


def _round_template(code: str, unit: str | None, output_format: SheetFormat, output: Path | None) -> None:
    """``template --round R --unit U``: the unit's round sheet."""
    from zsplan.errors import UsageError
    from zsplan.io.output import write_output
    from zsplan.io.round_sheet import round_sheet_content
    from zsplan.render.console import echo
    from zsplan.render.rounds import round_sheet_notes, round_sheet_rows
    from zsplan.service.rounds import round_sheet

    if unit is None:
        raise UsageError("--round needs --unit: a round sheet is one unit's")
    to_stdout = output is not None and str(output) == "-"
    if to_stdout and output_format is not SheetFormat.csv:
        raise UsageError("an XLSX workbook cannot go to stdout; give -o FILE or --format csv")
    engine = shared.ready_engine()
    data = round_sheet(engine, code=code, unit=unit)
    rows, notes = round_sheet_rows(data), round_sheet_notes(data)
    if to_stdout:
        echo(str(round_sheet_content(rows, "csv", notes)), newline=False)
        return
    target = output or Path(f"{data.info.id}-{data.owed.unit_id}.{output_format.value}")
    if target.exists() or target.is_symlink():
        raise UsageError(f"{target} exists; give another -o FILE")
    write_output(target, round_sheet_content(rows, output_format.value, notes, bom=True), databases=shared.databases(engine))
    shared.committed(f"wrote {target}")
    echo(f"wrote {target}: {len(data.tasks)} tasks, {len(data.targets)} targets for {data.owed.unit_name} in round {data.info.id}")


def register(app: Any) -> None:
    """Add this module's commands to ``app``."""
    app.command("import")(import_)
    app.command()(template)
