"""The ``zsplan`` command line: parse arguments, make one core call, render, exit.

This is the only module that imports typer and the only one that prints. Errors
from the core (:class:`zsplan.errors.ZsplanError`) are turned into
``Error: …`` on stderr and the documented exit code here, once.
"""



import datetime as dt
import os
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from zsplan import __version__
from zsplan.errors import ExitCode, PlanFileError, ZsplanError

class _Commands(typer.core.TyperGroup):
    """The command group, where output errors of every command are handled.

    A reader that stops early (``zsplan status | head``) ends the output quietly
    with exit 0, as other Unix tools do; output that cannot be written (a full
    disk) is an error with exit 2.
    """

    def invoke(self, ctx):
        import errno
        import sys

        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more reaches the closed pipe
            raise typer.Exit(0) from None
        except OSError as exc:
            if exc.errno not in (errno.ENOSPC, errno.EIO, errno.EDQUOT):
                raise
            sys.stderr.write(f"Error: cannot write the output: {exc.strerror}\n")
            raise typer.Exit(int(ExitCode.USAGE)) from None


app = typer.Typer(
    cls=_Commands,
    name="zsplan",
    help=(
        "Track the 2019 Zhongshan action plan for the Greater Bay Area international "
        "science-and-technology innovation centre: targets, progress, gaps.\n\n"
        "Start with 'zsplan status'; the bundled plan is loaded on first use."
    ),
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class OutputFormat(str, Enum):
    """Output formats of ``zsplan status``."""

    table = "table"
    json = "json"
    csv = "csv"


class _State:
    db: str | None = None


_state = _State()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"zsplan {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    db: Annotated[
        Optional[str],
        typer.Option(
            "--db",
            metavar="PATH|URL",
            help="Database: a file path or SQLAlchemy URL. Default: $ZSPLAN_DB, else zsplan.db in the user data directory ($XDG_DATA_HOME/zsplan, ~/.local/share/zsplan on Linux).",
            show_default=False,
        ),
    ] = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    """Options shared by every command."""
    _state.db = db


def _err(message: str) -> None:
    from rich.console import Console

    Console(stderr=True, highlight=False, soft_wrap=True, markup=False, emoji=False).print(message)


def _fail(error: ZsplanError) -> typer.Exit:
    _err(f"Error: {error}")
    return typer.Exit(int(error.exit_code))


def _columns(default: int = 160) -> int:
    try:
        value = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        return default
    return value if value > 0 else default


class _TrimmedLines:
    """A text stream that drops the trailing blanks rich pads table lines with."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.pending = ""

    def write(self, text: str) -> int:
        self.pending += text
        *lines, self.pending = self.pending.split("\n")
        for line in lines:
            self.stream.write(line.rstrip(" ") + "\n")
        return len(text)

    def flush(self) -> None:
        if self.pending:
            self.stream.write(self.pending.rstrip(" "))
            self.pending = ""
        self.stream.flush()


class _PlainConsole:
    """Where the status table goes when stdout is not a terminal: plain text, no rich layout engine."""

    is_terminal = False

    def __init__(self, file, width: int) -> None:
        self.file = file
        self.width = width


def _table_out():
    """A rich console on a terminal; plain text to pipes and files (cheaper, and exactly what scripts read)."""
    import sys

    if sys.stdout.isatty():
        return _stdout()
    return _PlainConsole(_TrimmedLines(sys.stdout), _columns())


def _stdout():
    """The console for results: terminal width and colour on a terminal; plain, trimmed text elsewhere."""
    import sys

    from rich.console import Console

    if sys.stdout.isatty():
        return Console(highlight=False, markup=False, emoji=False)
    return Console(file=_TrimmedLines(sys.stdout), width=_columns(), highlight=False, markup=False, emoji=False, no_color=True)


def _engine(initialise: bool = False):
    """The engine for --db / $ZSPLAN_DB / the default, its schema brought up to date and, with
    ``initialise``, the bundled plan loaded into a new database (each said once, on stderr)."""
    from zsplan.config import DB_ENV_VAR, resolve_db_url
    from zsplan.service import prepare_database
    from zsplan.store.db import get_engine

    is_default = not (_state.db or os.environ.get(DB_ENV_VAR))
    engine = get_engine(resolve_db_url(_state.db), create_dirs=is_default)
    for notice in prepare_database(engine, now=_now(), initialise=initialise):
        _err(notice)
    return engine


def _write_chunks(chunks) -> None:
    """Write UTF-8 byte chunks to standard output as they come (text, where standard output has no byte layer)."""
    import sys

    sys.stdout.flush()
    out = getattr(sys.stdout, "buffer", None)
    for chunk in chunks:
        if out is None:
            sys.stdout.write(chunk.decode("utf-8"))
        else:
            out.write(chunk)
    (out or sys.stdout).flush()


def _now() -> dt.datetime:
    """The recording time, UTC."""
    return dt.datetime.now(dt.timezone.utc)


def _ready_engine():
    """An engine on an up-to-date database holding a plan (see :func:`_engine`)."""
    return _engine(initialise=True)


class ProblemFormat(str, Enum):
    """Output formats of ``zsplan validate``."""

    text = "text"
    json = "json"
    github = "github"


@app.command()
def validate(
    paths: Annotated[Optional[list[Path]], typer.Argument(metavar="PATH...", help="Plan files to check (default: the bundled plan).", show_default=False)] = None,
    output: Annotated[ProblemFormat, typer.Option("--format", "-f", help="text (PATH:LINE:COL: [rule] message), json, or github annotations.")] = ProblemFormat.text,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing; the exit code tells.")] = False,
) -> None:
    """Check plan files and list every problem, located, in one run.

    Exit 0 and a one-line summary per file when valid (nothing with --quiet);
    exit 1 with one line per problem, sorted by line, otherwise.

    \b
    Examples:
      zsplan validate data/plan.yaml
      zsplan validate --format github data/plan.yaml    # in a GitHub workflow
    """
    from zsplan.config import bundled_plan_path
    from zsplan.plan.validate import check_plan_file
    from zsplan.render import problems as render

    targets = [(path, str(path)) for path in paths] if paths else [(bundled_plan_path(), str(bundled_plan_path()))]
    problems, summaries = [], []
    try:
        for path, shown in targets:
            result = check_plan_file(path, shown)
            problems += result.problems
            if result.plan is not None:
                summaries.append(_plan_summary(shown, result.plan))
    except ZsplanError as error:
        raise _fail(error) from None
    if not quiet:
        if output is ProblemFormat.json:
            typer.echo(render.problems_json(problems), nl=False)
        elif output is ProblemFormat.github:
            typer.echo(render.problems_github(problems), nl=False)
        else:
            typer.echo(render.problems_text(problems), nl=False)
            for summary in summaries:
                typer.echo(summary)
        if problems:
            _err(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {', '.join(shown for _, shown in targets)}")
    if problems:
        raise typer.Exit(int(ExitCode.PROBLEMS))


def _plan_summary(shown: str, plan) -> str:
    levels = {level: sum(1 for m in plan.measures if m.level == level) for level in ("chapter", "section", "measure", "column")}
    return (
        f"{shown}: valid: {len(plan.measures)} measures ({levels['chapter']} chapters, {levels['section']} sections, "
        f"{levels['measure']} numbered measures, {levels['column']} columns), {len(plan.targets)} targets, {len(plan.units)} units"
    )


@app.command()
def schema() -> None:
    """Print the JSON Schema of the plan file format (for editors and other tools).

    Generated from the same models that validate plan files.

    Example: zsplan schema > data/plan.schema.json
    """
    from zsplan.plan.schema import plan_schema_json

    typer.echo(plan_schema_json(), nl=False)


@app.command()
def load(
    path: Annotated[Optional[Path], typer.Argument(metavar="PATH", help="Plan file to load (default: the bundled plan).", show_default=False)] = None,
) -> None:
    """Load or reload a plan file into the database; progress entries are kept.

    Loading the same definitions again changes nothing. A plan that would drop a
    target with logged progress is refused and nothing is written.

    Example: zsplan load data/plan.yaml
    """
    from zsplan.config import bundled_plan_path
    from zsplan.service import load_plan_file

    target = path or bundled_plan_path()
    try:
        outcome = load_plan_file(_engine(), target, display_path=str(path) if path else str(target), now=_now())
    except PlanFileError as error:
        from zsplan.render.problems import problems_text

        _err(problems_text(error.problems).rstrip("\n")) if error.problems else None
        raise _fail(error) from None
    except ZsplanError as error:
        raise _fail(error) from None
    counts = outcome.counts
    totals = f"{counts['measures']} measures, {counts['targets']} targets, {counts['units']} units"
    if not outcome.changed:
        typer.echo(f"unchanged: the database already holds these definitions ({totals})")
        return
    typer.echo(f"loaded {target}: {totals}; targets added {len(outcome.added)}, updated {len(outcome.updated)}, removed {len(outcome.removed)}")


@app.command(context_settings={"ignore_unknown_options": True})
def log(
    target: Annotated[str, typer.Argument(metavar="TARGET", help="Target id, or its Chinese name (either script).", show_default=False)],
    value: Annotated[
        Optional[str],
        typer.Argument(
            metavar="VALUE",
            help="Stock targets: the level reached. Flow targets: the increment since the last report. Milestones: 1 done (default) or 0.",
            show_default=False,
        ),
    ] = None,
    date: Annotated[
        Optional[str],
        typer.Option("--date", metavar="YYYY-MM-DD", help="As-of date of the figure, YYYY-MM-DD (default: today).", show_default=False),
    ] = None,
    item: Annotated[
        Optional[str],
        typer.Option("--item", metavar="NAME", help="Targets tracked by named items (台賬) and checklists: the achievement's name (or checklist item id).", show_default=False),
    ] = None,
    note: Annotated[Optional[str], typer.Option("--note", metavar="TEXT", help="Free-text remark.", show_default=False)] = None,
    source: Annotated[
        Optional[str],
        typer.Option("--evidence", "--source", metavar="TEXT", help="Evidence: document number, URL or file.", show_default=False),
    ] = None,
    by: Annotated[Optional[str], typer.Option("--by", metavar="NAME", help="Who reports (default: the login name).", show_default=False)] = None,
) -> None:
    """Record progress on a target, then show its new standing.

    Targets counted by value take VALUE; targets tracked by named items take
    --item, one achievement per entry (zsplan status --format json shows each
    target's mode).

    \b
    Examples:
      zsplan log hit_research_staff 32 --date 2021-06-30 --evidence "哈工大中心人員名冊"
      zsplan log torch_national_incubators --item "中山火炬創新創業園" --date 2020-12-01 --evidence "國科發區〔2020〕355號"
      zsplan log drug_institute_five_ones --item industrial_park
      zsplan log second_prai_conference --date 2020-11-30
    """
    from zsplan.render.status import render_log_result
    from zsplan.service import log_progress

    today = dt.date.today()
    try:
        result = log_progress(
            _engine(),
            target=target,
            value=_number(value),
            item=item,
            as_of=_date(date, "--date") if date is not None else today,
            today=today,
            now=_now(),
            recorded_by=by or _login(),
            note=note,
            source=source,
        )
    except ZsplanError as error:
        raise _fail(error) from None
    if result.notice:
        _err(result.notice)
    render_log_result(_stdout(), result.entry.id, result.standing)


def _date(text: str, option: str) -> dt.date:
    """Parse a YYYY-MM-DD option value, saying what is wrong with it otherwise."""
    from zsplan.errors import UsageError

    import re

    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        raise UsageError(f"{option} {text!r} is not a date; write YYYY-MM-DD, e.g. 2021-06-30")
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError as exc:
        raise UsageError(f"{option} {text} is not a valid date ({exc})") from None


def _timestamp(text: str, option: str) -> dt.datetime:
    """Parse an ISO 8601 timestamp option into UTC (a value without a zone is taken as UTC)."""
    from zsplan.errors import UsageError

    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{option} {text!r} is not an ISO 8601 timestamp; write e.g. 2021-07-05T09:00:00Z") from None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc)


def _number(text: str | None) -> float | None:
    """Parse VALUE; a negative number such as -3 arrives here too (it is not taken for an option)."""
    from zsplan.errors import UsageError

    if text is None:
        return None
    try:
        return float(text.strip())
    except ValueError:
        raise UsageError(f"value {text!r} is not a number; give a count such as 3") from None


def _login() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


class HistoryFormat(str, Enum):
    """Output formats of ``zsplan history``."""

    table = "table"
    json = "json"


_REASON = typer.Option("--reason", metavar="TEXT", help="Why (required; kept in the history).", show_default=False)


@app.command(context_settings={"ignore_unknown_options": True})
def correct(
    entry: Annotated[int, typer.Argument(metavar="ENTRY", help="Id of the entry to correct (see zsplan history).", show_default=False)],
    value: Annotated[Optional[str], typer.Argument(metavar="VALUE", help="The corrected value (targets counted by value).", show_default=False)] = None,
    item: Annotated[Optional[str], typer.Option("--item", metavar="NAME", help="The corrected item name (targets tracked by items).", show_default=False)] = None,
    date: Annotated[Optional[str], typer.Option("--date", metavar="YYYY-MM-DD", help="The corrected as-of date (default: the original's).", show_default=False)] = None,
    reason: Annotated[Optional[str], _REASON] = None,
    by: Annotated[Optional[str], typer.Option("--by", metavar="NAME", help="Who corrects (default: the login name).", show_default=False)] = None,
) -> None:
    """Replace an entry's figure, item name or date; the original stays in the history.

    \b
    Examples:
      zsplan correct 12 35 --reason "複核: 35 人, not 32"
      zsplan correct 15 --item "中山翠亨新區創新中心" --reason "full registered name"
    """
    from zsplan.render.status import render_log_result
    from zsplan.service import correct_entry

    today = dt.date.today()
    try:
        result = correct_entry(
            _engine(),
            entry_id=entry,
            value=_number(value),
            item=item,
            as_of=_date(date, "--date") if date is not None else None,
            reason=_required(reason, "--reason"),
            today=today,
            now=_now(),
            recorded_by=by or _login(),
        )
    except ZsplanError as error:
        raise _fail(error) from None
    render_log_result(_stdout(), result.entry.id, result.standing, supersedes=result.entry.supersedes, kind="correction")


@app.command()
def retract(
    entry: Annotated[int, typer.Argument(metavar="ENTRY", help="Id of the entry to cancel (see zsplan history).", show_default=False)],
    reason: Annotated[Optional[str], _REASON] = None,
    by: Annotated[Optional[str], typer.Option("--by", metavar="NAME", help="Who retracts (default: the login name).", show_default=False)] = None,
) -> None:
    """Cancel an entry that should not count; it stays in the history.

    Example: zsplan retract 14 --reason "logged twice"
    """
    from zsplan.render.status import render_log_result
    from zsplan.service import retract_entry

    try:
        result = retract_entry(_engine(), entry_id=entry, reason=_required(reason, "--reason"), now=_now(), recorded_by=by or _login())
    except ZsplanError as error:
        raise _fail(error) from None
    render_log_result(_stdout(), result.entry.id, result.standing, supersedes=result.entry.supersedes, kind="retraction")


@app.command()
def history(
    target: Annotated[str, typer.Argument(metavar="TARGET", help="Target id, or its Chinese name (either script).", show_default=False)],
    output: Annotated[HistoryFormat, typer.Option("--format", "-f", help="table for people; json for scripts.")] = HistoryFormat.table,
) -> None:
    """Show every entry of a target, corrected and retracted ones included: who, when, why.

    Example: zsplan history torch_national_incubators --format json
    """
    from zsplan.render import ledger as render
    from zsplan.service import target_history

    try:
        result = target_history(_ready_engine(), target=target)
    except ZsplanError as error:
        raise _fail(error) from None
    if output is HistoryFormat.json:
        typer.echo(render.history_json(result.rows), nl=False)
    else:
        render.render_history(_stdout(), result.target, result.rows)


@app.command()
def items(
    target: Annotated[str, typer.Argument(metavar="TARGET", help="Target id, or its Chinese name (either script).", show_default=False)],
    as_of: Annotated[Optional[str], typer.Option("--as-of", metavar="YYYY-MM-DD", help="Only items dated by this day.", show_default=False)] = None,
    output: Annotated[HistoryFormat, typer.Option("--format", "-f", help="table for people; json for scripts.")] = HistoryFormat.table,
) -> None:
    """List the named achievements (台賬) that count for a target.

    Example: zsplan items torch_national_incubators
    """
    from zsplan.render import ledger as render
    from zsplan.service import list_items

    try:
        result = list_items(_ready_engine(), target=target, as_of=_date(as_of, "--as-of") if as_of is not None else None)
    except ZsplanError as error:
        raise _fail(error) from None
    if output is HistoryFormat.json:
        typer.echo(render.items_json(result.items), nl=False)
    else:
        render.render_items(_stdout(), result.target, result.items)


class SheetFormat(str, Enum):
    """Formats of ``zsplan template``."""

    csv = "csv"
    xlsx = "xlsx"


class _Progress:
    """A progress line on stderr while long work runs (only on a terminal; silent in pipes and tests).

    Call it with ``(done)`` or ``(done, total)``; without a total it shows a spinner and a count.
    """

    def __init__(self, label: str, unit: str = "") -> None:
        import sys

        self.progress = None
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self.progress = Progress(
                SpinnerColumn(), TextColumn(label), BarColumn(), MofNCompleteColumn(), TextColumn(unit), TimeElapsedColumn(),
                console=Console(stderr=True), transient=True,
            )
            self.task = self.progress.add_task(label, total=None)

    def __enter__(self):
        if self.progress is not None:
            self.progress.start()
        return self

    def __exit__(self, *exc) -> None:
        if self.progress is not None:
            self.progress.stop()

    def __call__(self, done: int, total: int | None = None) -> None:
        if self.progress is not None and (total is not None or done % 500 == 0):
            self.progress.update(self.task, completed=done, total=total)


@app.command("import")
def import_(
    path: Annotated[Path, typer.Argument(metavar="FILE", help="A .csv or .xlsx sheet of reports, or a .json export to restore.", show_default=False)],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check every row and say what would be written; write nothing.")] = False,
    by: Annotated[Optional[str], typer.Option("--by", metavar="NAME", help="Who reports, for rows without a 'by' column (default: the login name).", show_default=False)] = None,
) -> None:
    """Record many reports from a sheet: every row is checked first; one bad row rejects the file.

    Columns: target, date, value or item, and optionally note, evidence, by
    (zsplan template writes a ready-to-fill sheet). A .json file made by
    zsplan export is restored into an empty database instead.

    \b
    Examples:
      zsplan import reports-2021H1.xlsx --dry-run
      zsplan import reports-2021H1.xlsx
      zsplan --db restored.db import export.json
    """
    from zsplan.errors import ImportRefused
    from zsplan.service import import_export, import_sheet

    try:
        if path.suffix.lower() == ".json":
            result = import_export(_engine(), path, now=_now(), dry_run=dry_run)
        else:
            with _Progress(f"checking {path.name}", "rows") as progress:
                result = import_sheet(
                    _engine(), path, dry_run=dry_run, today=dt.date.today(), now=_now(), recorded_by=by or _login(), on_row=progress
                )
    except ImportRefused as error:
        from zsplan.store.bulk import MAX_LISTED

        for line in error.problems[:MAX_LISTED]:
            _err(line)
        if len(error.problems) > MAX_LISTED:
            _err(f"… and {len(error.problems) - MAX_LISTED} more")
        raise _fail(error) from None
    except ZsplanError as error:
        raise _fail(error) from None
    if result.notice:
        _err(result.notice)
    if result.written == 0 and path.suffix.lower() != ".json":
        _err(f"no row of {path} reports anything (a value, an item or a date); nothing to record")
    verb = "would record" if result.dry_run else "recorded"
    targets = len(result.per_target)
    typer.echo(f"{verb} {result.written} entr{'y' if result.written == 1 else 'ies'} for {targets} target{'s' if targets != 1 else ''}" + (" (dry run: nothing written)" if result.dry_run else ""))
    for target_id, count in sorted(result.per_target.items()):
        typer.echo(f"  {target_id}: {count}")


@app.command()
def template(
    output_format: Annotated[SheetFormat, typer.Option("--format", "-f", help="csv or xlsx.")] = SheetFormat.xlsx,
    unit: Annotated[Optional[str], typer.Option("--unit", metavar="UNIT", help="Only the targets this unit leads or co-owns (id or Chinese name).", show_default=False)] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", help="Where to write (default: zsplan-template.csv/.xlsx; '-' for CSV on stdout).", show_default=False)] = None,
) -> None:
    """Write a ready-to-fill progress sheet listing the targets a unit is responsible for.

    \b
    Examples:
      zsplan template --unit 火炬開發區 -o torch-2021H1.xlsx
      zsplan template --format csv -o -
    """
    from zsplan.errors import UsageError
    from zsplan.io.sheets import write_template
    from zsplan.service import template_rows

    try:
        rows = template_rows(_ready_engine(), unit=unit)
        if output is not None and str(output) == "-":
            if output_format is not SheetFormat.csv:
                raise UsageError("an XLSX workbook cannot go to stdout; give -o FILE or --format csv")
            typer.echo(write_template(rows, None, "csv"), nl=False)
            return
        target = output or Path(f"zsplan-template.{output_format.value}")
        if target.exists():
            raise UsageError(f"{target} exists; give another -o FILE")
        write_template(rows, target, output_format.value)
    except ZsplanError as error:
        raise _fail(error) from None
    except OSError as exc:
        raise _fail(UsageError(f"cannot write {exc.filename}: {exc.strerror}")) from None
    typer.echo(f"wrote {target}: {len(rows)} targets")


_FORCE = typer.Option("--force", help="Replace an existing -o FILE of another kind (never a database file).")


def _databases(engine) -> list[Path]:
    """The SQLite file in use, which no output may replace."""
    return [Path(engine.url.database)] if engine.url.get_backend_name() == "sqlite" and engine.url.database else []


class ExportFormat(str, Enum):
    """Formats of ``zsplan export``."""

    json = "json"


@app.command()
def export(
    output_format: Annotated[ExportFormat, typer.Option("--format", "-f", help="json: the plan and the full ledger.")] = ExportFormat.json,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", help="Write to FILE instead of stdout.", show_default=False)] = None,
    force: Annotated[bool, _FORCE] = False,
) -> None:
    """Write the plan definitions and the full ledger (every entry, superseded ones included) as JSON.

    'zsplan import FILE.json' on an empty database restores it exactly.

    Example: zsplan export -o zsplan-2021-12-31.json
    """
    import json

    from zsplan.errors import UsageError
    from zsplan.service import export_document

    from zsplan.io.output import check_output_path, write_output

    try:
        engine = _ready_engine()
        if output is not None:
            check_output_path(output, databases=_databases(engine), suffixes=(".json",), force=force)
        text = json.dumps(export_document(engine, now=_now()), ensure_ascii=False, indent=1) + "\n"
        if output is None:
            typer.echo(text, nl=False)
            return
        write_output(output, text, databases=_databases(engine), suffixes=(".json",), force=force)
    except ZsplanError as error:
        raise _fail(error) from None
    typer.echo(f"wrote {output}")


@app.command()
def backup(
    path: Annotated[Path, typer.Argument(metavar="PATH", help="The new file to write (must not exist).", show_default=False)],
) -> None:
    """Copy the SQLite database to PATH, safely while others are writing.

    Example: zsplan backup /backups/zsplan-$(date +%F).db
    """
    from zsplan.service import backup_database

    try:
        size = backup_database(_engine(), path)
    except ZsplanError as error:
        raise _fail(error) from None
    typer.echo(f"wrote {path} ({size:,} bytes)")


def _required(text: str | None, option: str) -> str:
    from zsplan.errors import UsageError

    if text is None:
        raise UsageError(f"{option} is required: say why, it is kept in the history")
    return text


class Lang(str, Enum):
    """Languages of headers and status words."""

    zh = "zh"
    en = "en"


class Script(str, Enum):
    """Scripts of displayed Chinese."""

    hant = "hant"
    hans = "hans"


_LANG = typer.Option("--lang", help="Headers and status words: zh or en.")
_SCRIPT = typer.Option("--script", help="Show Chinese in Traditional (hant, as the plan writes it) or Simplified (hans).")
_STALE = typer.Option("--stale-days", min=0, metavar="DAYS", help="A target whose last report is older than this is flagged stale.", show_default=True)
_AS_OF = typer.Option("--as-of", metavar="YYYY-MM-DD", help="Judge progress as of this date (default: today).", show_default=False)
_KNOWN_AT = typer.Option("--known-at", metavar="TIMESTAMP", help="Use the ledger as recorded by this UTC time (ISO 8601).", show_default=False)


def _labels(lang: Lang, script: Script):
    from zsplan.render.labels import Labels

    return Labels(lang=lang.value, script=script.value)


@app.command()
def explain(
    target: Annotated[str, typer.Argument(metavar="TARGET", help="Target id, or its Chinese name (either script).", show_default=False)],
    as_of: Annotated[Optional[str], _AS_OF] = None,
    known_at: Annotated[Optional[str], _KNOWN_AT] = None,
    stale_days: Annotated[int, _STALE] = 180,
    lang: Annotated[Lang, _LANG] = Lang.en,
    script: Annotated[Script, _SCRIPT] = Script.hant,
) -> None:
    """Show every input and intermediate value behind a target's status: the arithmetic of the method.

    Example: zsplan explain torch_national_incubators --as-of 2021-06-30
    """
    from zsplan.render.explain import render_explanation
    from zsplan.service import assess_plan

    try:
        result = assess_plan(
            _ready_engine(),
            as_of=_date(as_of, "--as-of") if as_of is not None else dt.date.today(),
            known_at=_timestamp(known_at, "--known-at") if known_at is not None else None,
            stale_days=stale_days,
            target=target,
        )
    except ZsplanError as error:
        raise _fail(error) from None
    render_explanation(_stdout(), result.assessments[0], result.stale_days, _labels(lang, script))


@app.command()
def units(
    as_of: Annotated[Optional[str], _AS_OF] = None,
    known_at: Annotated[Optional[str], _KNOWN_AT] = None,
    output: Annotated[HistoryFormat, typer.Option("--format", "-f", help="table for people; json for scripts.")] = HistoryFormat.table,
    lang: Annotated[Lang, _LANG] = Lang.en,
    script: Annotated[Script, _SCRIPT] = Script.hant,
) -> None:
    """Rank the responsible units: their targets by status as lead and as co-responsible unit, worst items first.

    Example: zsplan units --as-of 2021-06-30
    """
    from zsplan.render.units import render_scorecards, scorecards_json
    from zsplan.service import assess_plan

    try:
        result = assess_plan(
            _ready_engine(),
            as_of=_date(as_of, "--as-of") if as_of is not None else dt.date.today(),
            known_at=_timestamp(known_at, "--known-at") if known_at is not None else None,
        )
    except ZsplanError as error:
        raise _fail(error) from None
    if output is HistoryFormat.json:
        typer.echo(scorecards_json(result.scorecards), nl=False)
    else:
        render_scorecards(_stdout(), f"{result.plan_title} — responsible units as of {result.as_of}", result.scorecards, _labels(lang, script))


class ReportFormat(str, Enum):
    """Formats of ``zsplan report``."""

    md = "md"
    html = "html"
    xlsx = "xlsx"


@app.command()
def report(
    period: Annotated[str, typer.Option("--period", metavar="PERIOD", help="2021H1 (mid-year, to 30 June), 2021 or 2021H2 (year-end), 2021Q3.", show_default=False)],
    output_format: Annotated[ReportFormat, typer.Option("--format", "-f", help="md, html (self-contained, with charts) or xlsx.")] = ReportFormat.md,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", help="Write to FILE (required for xlsx; md and html go to stdout otherwise).", show_default=False)] = None,
    known_at: Annotated[Optional[str], _KNOWN_AT] = None,
    stale_days: Annotated[int, _STALE] = 180,
    lang: Annotated[Lang, _LANG] = Lang.zh,
    script: Annotated[Script, _SCRIPT] = Script.hant,
    force: Annotated[bool, _FORCE] = False,
) -> None:
    """Write the mid-year or year-end report: progress, problems and next steps per chapter, and the units.

    \b
    Examples:
      zsplan report --period 2021H1 > 2021年中對賬.md
      zsplan report --period 2021 --format html -o 2021年底總結.html
      zsplan report --period 2021 --format xlsx -o 2021.xlsx
    """
    from zsplan.errors import UsageError
    from zsplan.io.output import check_output_path, write_output
    from zsplan.render.report import ReportInput, html_report, markdown_report, parse_period, xlsx_report
    from zsplan.service import assess_plan

    labels = _labels(lang, script)
    try:
        try:
            chosen = parse_period(period)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        if output_format is ReportFormat.xlsx and output is None:
            raise UsageError("an XLSX report needs -o FILE")
        suffixes = (f".{output_format.value}",) + ((".htm",) if output_format is ReportFormat.html else ())
        engine = _ready_engine()
        if output is not None:
            check_output_path(output, databases=_databases(engine), suffixes=suffixes, force=force)
        today = dt.date.today()
        as_of = min(chosen.end, today)
        result = assess_plan(
            engine, as_of=as_of, known_at=_timestamp(known_at, "--known-at") if known_at is not None else None, stale_days=stale_days
        )
        data = ReportInput(
            plan_title=result.plan_title,
            period=chosen,
            as_of=as_of,
            known_at=result.known_at,
            assessments=result.assessments,
            scorecards=result.scorecards,
            chapters=result.chapters,
            stale_days=result.stale_days,
        )
        if output_format is ReportFormat.md:
            content: str | bytes = markdown_report(data, labels)
        elif output_format is ReportFormat.html:
            with _Progress("rendering charts") as progress:
                content = html_report(data, labels, on_progress=progress)
        else:
            content = xlsx_report(data, labels)
        if output is None:
            typer.echo(content, nl=False)
            return
        write_output(output, content, databases=_databases(engine), suffixes=suffixes, force=force)
    except ZsplanError as error:
        raise _fail(error) from None
    typer.echo(f"wrote {output}")


@app.command()
def status(
    as_of: Annotated[
        Optional[str],
        typer.Option("--as-of", metavar="YYYY-MM-DD", help="Judge progress as of this date, YYYY-MM-DD (default: today).", show_default=False),
    ] = None,
    unit: Annotated[Optional[str], typer.Option("--unit", metavar="UNIT", help="Only targets this unit leads or co-owns (id or Chinese name).", show_default=False)] = None,
    category: Annotated[Optional[str], typer.Option("--category", metavar="CATEGORY", help="Only targets of this category (lab, team, technology, …).", show_default=False)] = None,
    known_at: Annotated[
        Optional[str],
        typer.Option(
            "--known-at",
            metavar="TIMESTAMP",
            help="Reproduce the figures as recorded by this UTC time (ISO 8601, e.g. 2021-07-05T09:00:00Z): later entries and corrections are ignored.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[OutputFormat, typer.Option("--format", "-f", help="table for people; json or csv for scripts.")] = OutputFormat.table,
    stale_days: Annotated[int, _STALE] = 180,
    lang: Annotated[Lang, _LANG] = Lang.en,
    script: Annotated[Script, _SCRIPT] = Script.hant,
) -> None:
    """Show every target: target, achieved, gap, percent, deadline, status, lead unit.

    Statuses: met, on_track (achieved share ≥ share of time elapsed), behind,
    missed (deadline passed, not met), no_data (nothing reported yet).

    \b
    Examples:
      zsplan status
      zsplan status --as-of 2021-06-30 --unit 市科技局
      zsplan status --format json > status.json
    """
    from zsplan.service import compute_status

    try:
        report = compute_status(
            _ready_engine(),
            as_of=_date(as_of, "--as-of") if as_of is not None else dt.date.today(),
            unit=unit,
            category=category,
            known_at=_timestamp(known_at, "--known-at") if known_at is not None else None,
        )
    except ZsplanError as error:
        raise _fail(error) from None
    from zsplan.render import status as render

    if output is OutputFormat.json:
        _write_chunks(render.status_json(report.standings, stale_days))
    elif output is OutputFormat.csv:
        typer.echo(render.status_csv(report.standings, stale_days), nl=False)
    else:
        title = f"{report.plan_title} — as of {report.as_of}"
        if report.unit is not None:
            title += f" — unit {report.unit.name} ({report.unit.id})"
        if category:
            title += f" — category {category}"
        if report.known_at is not None:
            title += f" — as known at {report.known_at.isoformat().replace('+00:00', 'Z')}"
        out = _table_out()
        render.render_status_table(out, title, report.standings, _labels(lang, script))
        if not out.is_terminal:
            out.file.flush()


def main() -> None:
    """Console-script entry point (output errors are handled by the command group, :class:`_Commands`).

    Garbage collection is tuned for a short-lived command: a province-sized
    plan makes tens of thousands of small objects (targets, standings, JSON
    records), and the default threshold (700 allocations) would have the
    collector rescan them again and again; and what is left at exit is frozen,
    so the collector's final pass does not walk objects about to be freed
    anyway. Reference cycles are still collected, less often.
    """
    import gc

    gc.set_threshold(50_000, 20, 100)
    try:
        app()
    finally:
        gc.freeze()


if __name__ == "__main__":
    main()
