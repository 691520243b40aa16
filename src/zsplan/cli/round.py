"""Reporting-round commands: ``round open|show|remind|close|reopen|history|submit|accept|return|report|diff``,
and ``task`` (a unit's report on a task)."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from zsplan.cli import shared
from zsplan.cli.shared import BY, FORCE, LANG, SCRIPT, TABLE_OR_JSON, Lang, Script, TableOrJson

round_app = typer.Typer(
    name="round",
    help="Reporting rounds (年中對賬、年底總結): open a period, take the units' sheets, chase, review, lock, report.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

_ROUND = typer.Argument(metavar="ROUND", help="The round's period: 2021H1 (to 30 June), 2021 (the year, to 31 December), 2021H2, 2021Q3.", show_default=False)
_UNIT = typer.Option("--unit", metavar="UNIT", help="The unit (id or Chinese name, either script).", show_default=False)


class ReportFormat(str, Enum):
    """Formats of ``zsplan round report``."""

    md = "md"
    html = "html"


def _labels(lang: Lang | None, script: Script | None) -> Any:
    return shared.labels(lang, script)


@round_app.command("open")
def open_(
    code: Annotated[str, _ROUND],
    due: Annotated[
        dt.date | None,
        typer.Option(
            "--due",
            click_type=shared.DATE,
            metavar="YYYY-MM-DD",
            help="Submissions are due by this day (default: 10 days after the period).",
            show_default=False,
        ),
    ] = None,
    unit: Annotated[
        list[str] | None, typer.Option("--unit", metavar="UNIT", help="A unit asked to report (repeat; default: every responsible unit).", show_default=False)
    ] = None,
    by: Annotated[str | None, BY] = None,
) -> None:
    """Open a reporting round for a period, with its due date and the units asked to report.

    \b
    Examples:
      zsplan round open 2021H1 --due 2021-07-10
      zsplan round open 2021H1 --unit 火炬開發區 --unit 翠亨新區
    """
    from zsplan.render.console import echo
    from zsplan.service.rounds import open_round

    info = open_round(shared.engine(initialise=True), code=code, due=due, units=unit or [], now=shared.now(), by=by or shared.login())
    shared.committed()
    echo(f"opened round {info.id}: {info.period.start} to {info.period.end}, due {info.due}, {len(info.units)} units")


def _show(code: str, output: TableOrJson, lang: Lang | None, script: Script | None, *, remind: bool = False, by: str | None = None) -> None:
    from zsplan.render import rounds as render
    from zsplan.render.console import echo, write_chunks
    from zsplan.service import rounds as service

    engine = shared.ready_engine()
    if remind:
        view = service.remind(engine, code=code, now=shared.now(), by=by or shared.login())
        shared.committed()
        echo(render.reminder_text(view, _labels(lang, script)), newline=False)
        return
    view = service.show_round(engine, code=code, now=shared.now())
    if output is TableOrJson.json:
        write_chunks(render.completeness_json(view))
    else:
        echo(render.completeness_text(view, _labels(lang, script)), newline=False)


@round_app.command()
def show(
    code: Annotated[str, _ROUND],
    output: Annotated[TableOrJson, TABLE_OR_JSON] = TableOrJson.table,
    lang: Annotated[Lang | None, LANG] = None,
    script: Annotated[Script | None, SCRIPT] = None,
) -> None:
    """Show who has reported to a round: per unit on time, late, missing or pending, its submission's state, who and when.

    \b
    Examples:
      zsplan round show 2021H1
      zsplan round show 2021H1 --format json
    """
    _show(code, output, lang, script)


@round_app.command()
def remind(
    code: Annotated[str, _ROUND],
    by: Annotated[str | None, BY] = None,
    script: Annotated[Script | None, SCRIPT] = None,
) -> None:
    """Print the 催報 list, ready to send: each unit that has not reported (or was returned), with what it owes.

    Example: zsplan round remind 2021H1 > 催報.txt
    """
    _show(code, TableOrJson.table, Lang.zh, script, remind=True, by=by)


@round_app.command()
def close(code: Annotated[str, _ROUND], by: Annotated[str | None, BY] = None) -> None:
    """Close a round: entries dated inside its period are refused from now on unless marked --late, and its report is fixed.

    Example: zsplan round close 2021H1
    """
    from zsplan.render.console import echo
    from zsplan.service.rounds import close_round

    info = close_round(shared.ready_engine(), code=code, now=shared.now(), by=by or shared.login())
    shared.committed()
    echo(f"closed round {info.id}: entries dated {info.period.start} to {info.period.end} are locked")


@round_app.command()
def reopen(code: Annotated[str, _ROUND], reason: Annotated[str | None, shared.REASON] = None, by: Annotated[str | None, BY] = None) -> None:
    """Reopen a closed round, with the reason kept in its history.

    Example: zsplan round reopen 2021H1 --reason "火炬開發區補報孵化器認定文件"
    """
    from zsplan.render.console import echo
    from zsplan.service.rounds import reopen_round

    info = reopen_round(shared.ready_engine(), code=code, reason=shared.required(reason, "--reason"), now=shared.now(), by=by or shared.login())
    shared.committed()
    echo(f"reopened round {info.id}")


@round_app.command()
def history(code: Annotated[str, _ROUND], lang: Annotated[Lang | None, LANG] = None, script: Annotated[Script | None, SCRIPT] = None) -> None:
    """List every step of a round: opened, submitted, returned (why), accepted, reminded, closed, reopened (why).

    Example: zsplan round history 2021H1
    """
    from zsplan.render.console import echo
    from zsplan.render.rounds import history_text
    from zsplan.service.rounds import round_history

    info, names = round_history(shared.ready_engine(), code=code)
    echo(history_text(info, names, _labels(lang, script)), newline=False)


@round_app.command()
def submit(
    code: Annotated[str, _ROUND],
    path: Annotated[Path | None, typer.Argument(metavar="[FILE]", help="The unit's filled round sheet (.csv or .xlsx).", show_default=False)] = None,
    unit: Annotated[str | None, _UNIT] = None,
    received: Annotated[
        dt.datetime | None,
        typer.Option(
            "--received",
            click_type=shared.TIMESTAMP,
            metavar="TIMESTAMP",
            help="When the sheet was received (default: now); timeliness is judged on it.",
            show_default=False,
        ),
    ] = None,
    by: Annotated[str | None, BY] = None,
) -> None:
    """Record a unit's submission: its filled round sheet, checked whole and kept for review (not counted until accepted).

    Without FILE, records that the unit reported through 'zsplan task' and 'zsplan log'.

    \b
    Examples:
      zsplan round submit 2021H1 --unit 火炬開發區 torch-2021H1.xlsx
      zsplan round submit 2021H1 --unit 翠亨新區 cuiheng.csv --received 2021-07-08T10:00:00+08:00
    """
    from zsplan.render.console import echo
    from zsplan.service.rounds import submit as record

    result = record(
        shared.ready_engine(),
        code=code,
        unit=shared.required_option(unit, "--unit"),
        path=path,
        received_at=received,
        today=shared.today(),
        now=shared.now(),
        by=by or shared.login(),
    )
    shared.committed()
    late = " (late)" if result.late else ""
    rows = f"{result.rows} row{'s' if result.rows != 1 else ''}"
    echo(f"recorded submission #{result.submission_id} of {result.unit_name} to round {result.round_id}{late}: {rows}, awaiting review")


@round_app.command()
def accept(code: Annotated[str, _ROUND], unit: Annotated[str | None, _UNIT] = None, by: Annotated[str | None, BY] = None) -> None:
    """Accept a unit's submission: its figures go into the ledger and its reports count in the round's report.

    Example: zsplan round accept 2021H1 --unit 火炬開發區
    """
    from zsplan.render.console import echo
    from zsplan.service.rounds import accept as decide

    result = decide(
        shared.ready_engine(), code=code, unit=shared.required_option(unit, "--unit"), today=shared.today(), now=shared.now(), by=by or shared.login()
    )
    shared.committed()
    entries = f"{result.entries} {'entry' if result.entries == 1 else 'entries'}"
    reports = f"{result.reports} report{'s' if result.reports != 1 else ''}"
    echo(f"accepted submission #{result.submission_id} of {result.unit_name}: {entries}, {reports}")


@round_app.command("return")
def return_(
    code: Annotated[str, _ROUND],
    unit: Annotated[str | None, _UNIT] = None,
    reason: Annotated[str | None, shared.REASON] = None,
    by: Annotated[str | None, BY] = None,
) -> None:
    """Return a unit's submission with a reason; nothing of it counts, and the unit sends a new one.

    Example: zsplan round return 2021H1 --unit 市發展改革局 --reason "缺少證明材料"
    """
    from zsplan.render.console import echo
    from zsplan.service.rounds import return_submission

    result = return_submission(
        shared.ready_engine(),
        code=code,
        unit=shared.required_option(unit, "--unit"),
        reason=shared.required(reason, "--reason"),
        now=shared.now(),
        by=by or shared.login(),
    )
    shared.committed()
    echo(f"returned submission #{result.submission_id} of {result.unit_name}")


@round_app.command()
def report(
    code: Annotated[str, _ROUND],
    unit: Annotated[str | None, typer.Option("--unit", metavar="UNIT", help="Only this unit's tasks, narratives and line.", show_default=False)] = None,
    draft: Annotated[bool, typer.Option("--draft", help="Also show submissions awaiting review, marked （待審核）.")] = False,
    output_format: Annotated[ReportFormat, typer.Option("--format", "-f", help="md or html (self-contained).")] = ReportFormat.md,
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write to FILE (default: stdout).", show_default=False)] = None,
    script: Annotated[Script | None, SCRIPT] = None,
    force: Annotated[bool, FORCE] = False,
) -> None:
    """Compile a round's report from accepted submissions: completeness, each unit's narrative per measure, per target 本期新增 and achievements.

    \b
    Examples:
      zsplan round report 2021H1 > 2021年中對賬.md
      zsplan round report 2021H1 --unit 火炬開發區 --format html -o torch.html
      zsplan round report 2021H1 --draft
    """
    from zsplan.io.output import check_output_path, write_output
    from zsplan.render.console import echo
    from zsplan.render.rounds import round_report_html, round_report_markdown
    from zsplan.render.safe import terminal_text
    from zsplan.service.rounds import round_report

    engine = shared.ready_engine()
    suffixes = (f".{output_format.value}",) + ((".htm",) if output_format is ReportFormat.html else ())
    if output is not None:
        check_output_path(output, databases=shared.databases(engine), suffixes=suffixes, force=force)
    data = round_report(engine, code=code, unit=unit, draft=draft, now=shared.now())
    labels = _labels(Lang.zh, script)
    content = terminal_text(round_report_markdown(data, labels) if output_format is ReportFormat.md else round_report_html(data, labels))
    if output is None:
        echo(content, newline=False)
        return
    write_output(output, content, databases=shared.databases(engine), suffixes=suffixes, force=force)
    shared.committed(f"wrote {output}")
    echo(f"wrote {output}")


@round_app.command()
def diff(
    first: Annotated[str, typer.Argument(metavar="ROUND1", help="The earlier round (e.g. 2020).", show_default=False)],
    second: Annotated[
        str | None,
        typer.Argument(metavar="[ROUND2]", help="The later round (e.g. 2021H1); omit it to compare ROUND1 at two --known-at times.", show_default=False),
    ] = None,
    known_at: Annotated[
        list[dt.datetime] | None,
        typer.Option(
            "--known-at", click_type=shared.TIMESTAMP, metavar="TIMESTAMP", help="Two times to compare (UTC, ISO 8601); give it twice.", show_default=False
        ),
    ] = None,
    output: Annotated[TableOrJson, TABLE_OR_JSON] = TableOrJson.table,
    lang: Annotated[Lang | None, LANG] = None,
    script: Annotated[Script | None, SCRIPT] = None,
) -> None:
    """Show what changed since the last round (對賬): late entries, corrections and retractions with reasons, verdicts that flipped and why.

    \b
    Examples:
      zsplan round diff 2020 2021H1
      zsplan round diff 2021H1 --known-at 2021-07-15T00:00:00Z --known-at 2021-08-01T00:00:00Z
      zsplan round diff 2020 2021H1 --format json
    """
    from zsplan.render.console import echo, write_chunks
    from zsplan.render.rounds import diff_json, diff_text
    from zsplan.service.rounds import round_diff

    result = round_diff(shared.ready_engine(), first=first, second=second, known_at=known_at or [], now=shared.now())
    if output is TableOrJson.json:
        write_chunks(diff_json(result))
    else:
        echo(diff_text(result, _labels(lang, script)), newline=False)


def task(
    task_id: Annotated[
        str, typer.Argument(metavar="TASK", help="The task: a measure's id (c3.3.1) or title; 'zsplan status --tasks' lists them.", show_default=False)
    ],
    unit: Annotated[str | None, _UNIT] = None,
    state: Annotated[
        str | None,
        typer.Option("--state", metavar="STATE", help="未啟動, 推進中, 已完成 or 滯後 (not_started, in_progress, completed, delayed).", show_default=False),
    ] = None,
    date: Annotated[
        dt.date | None,
        typer.Option(
            "--date", click_type=shared.DATE, metavar="YYYY-MM-DD", help="The last day of the period reported on (default: today).", show_default=False
        ),
    ] = None,
    progress: Annotated[str | None, typer.Option("--progress", metavar="TEXT", help="進展情況: what was done.", show_default=False)] = None,
    problems: Annotated[str | None, typer.Option("--problems", metavar="TEXT", help="存在問題: what stands in the way.", show_default=False)] = None,
    next_steps: Annotated[str | None, typer.Option("--next", metavar="TEXT", help="下一步工作: what comes next.", show_default=False)] = None,
    evidence: Annotated[str | None, typer.Option("--evidence", metavar="TEXT", help="Evidence: document number, URL or file.", show_default=False)] = None,
    by: Annotated[str | None, BY] = None,
    late: Annotated[bool, shared.LATE] = False,
    lang: Annotated[Lang | None, LANG] = None,
) -> None:
    """Record a unit's report on a task (a measure of the plan): its state, progress, problems, next steps, evidence.

    The lead unit's state sets the task's verdict; co-responsible units contribute.

    \b
    Examples:
      zsplan task c3.3.1 --unit 市科技局 --state 推進中 --date 2021-06-30 --progress "已發布揭榜制指南"
      zsplan task c4.3.1 --unit torch --state completed --date 2021-06-30 --evidence "中火炬〔2021〕12號"
    """
    from zsplan.render.console import echo
    from zsplan.render.rounds import task_report_result
    from zsplan.service.rounds import record_task_report

    today = shared.today()
    result = record_task_report(
        shared.engine(initialise=True),
        task=task_id,
        unit=shared.required_option(unit, "--unit"),
        state=state,
        as_of=date or today,
        progress=progress,
        problems=problems,
        next_steps=next_steps,
        evidence=evidence,
        today=today,
        now=shared.now(),
        by=by or shared.login(),
        late=late,
    )
    shared.committed()
    echo(task_report_result(result, _labels(lang, None)), newline=False)


def register(app: Any) -> None:
    """Add this module's commands to ``app``."""
    app.command()(task)
    app.add_typer(round_app)
