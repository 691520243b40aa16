"""Judging commands: ``status``, ``explain``, ``units``, ``report`` (one assessment pipeline behind all four)."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from zsplan.cli import shared
from zsplan.cli.shared import (
    AS_OF,
    DEFAULT_STALE_DAYS,
    FORCE,
    INCLUDE_UNVERIFIED,
    KNOWN_AT,
    LANG,
    SCRIPT,
    STALE,
    TABLE_OR_JSON,
    TARGET,
    VERIFIED_ONLY,
    Lang,
    Script,
    TableOrJson,
)
from zsplan.collector import without_cycle_collection
from zsplan.render.labels import Grading

_UNIT = typer.Option("--unit", metavar="UNIT", help="Only targets this unit leads or co-owns (id or Chinese name).", show_default=False)
_CATEGORY = typer.Option("--category", metavar="CATEGORY", help="Only targets of this category (lab, team, technology, …).", show_default=False)


class StatusFormat(str, Enum):
    """Output formats of ``zsplan status``."""

    table = "table"
    json = "json"
    csv = "csv"


class ReportFormat(str, Enum):
    """Formats of ``zsplan report``."""

    md = "md"
    html = "html"
    xlsx = "xlsx"
    docx = "docx"


_ALL_PLANS = typer.Option("--all-plans", help="Every plan the database holds, one after another (a database may hold several: 'zsplan plans').")


@without_cycle_collection  # what status builds holds no cycles: 0.8 s of a national ledger's 19 s (zsplan.collector)
def status(
    as_of: Annotated[dt.date | None, AS_OF] = None,
    unit: Annotated[str | None, _UNIT] = None,
    category: Annotated[str | None, _CATEGORY] = None,
    known_at: Annotated[dt.datetime | None, KNOWN_AT] = None,
    output: Annotated[StatusFormat, typer.Option("--format", "-f", help="table for people; json or csv for scripts.")] = StatusFormat.table,
    stale_days: Annotated[int, STALE] = DEFAULT_STALE_DAYS,
    lang: Annotated[Lang | None, LANG] = None,
    script: Annotated[Script | None, SCRIPT] = None,
    excel: Annotated[
        bool,
        typer.Option("--excel", help="With --format csv: CSV for Excel and WPS (a UTF-8 byte-order mark; cells such as the range 2-3 kept as text)."),
    ] = False,
    verified_only: Annotated[bool, VERIFIED_ONLY] = False,
    include_unverified: Annotated[bool, INCLUDE_UNVERIFIED] = False,
    tasks: Annotated[
        bool, typer.Option("--tasks", help="List the tasks (measures with responsible units) and their reported state instead of the targets.")
    ] = False,
    all_plans: Annotated[bool, _ALL_PLANS] = False,
) -> None:
    """Show every target: target, achieved, gap, percent, deadline, status, lead unit.

    Statuses: met, on_track (achieved share ≥ share of time elapsed), behind,
    missed (deadline passed, not met), no_data (nothing reported yet), scheduled
    (at the deadline, done only by an event scheduled and not confirmed).
    Rejected entries never count; claims graded C or D count once verified.

    \b
    Examples:
      zsplan status
      zsplan status --as-of 2021-06-30 --unit 市科技局
      zsplan status --format json > status.json
      zsplan status --format csv --excel > status.csv
      zsplan status --as-of 2022-12-31 --verified-only
      zsplan status --tasks --as-of 2021-06-30
      zsplan status --all-plans                 # every plan of the database, one after another
    """
    from zsplan.errors import UsageError
    from zsplan.render import status as render

    words = shared.use_labels(lang, script)
    if excel and output is not StatusFormat.csv:
        raise UsageError("--excel shapes CSV for Excel and WPS; give it with --format csv")
    if all_plans and shared.state.plan:
        raise UsageError("--all-plans reads every plan; leave out --plan")
    if all_plans and (output is not StatusFormat.table or tasks):
        raise UsageError("--all-plans shows the plans' tables one after another; for json or csv (or --tasks) give --plan ID, one plan at a time")
    from zsplan.render.console import echo, table_console, write_chunks
    from zsplan.service.assess import assess_plan

    words = shared.use_labels(lang, script)
    if tasks:
        _task_status(as_of, known_at, unit, category, output, lang, script)
        return

    options: dict[str, Any] = {
        "as_of": as_of or shared.today(),
        "known_at": known_at,
        "stale_days": stale_days,
        "unit": unit,
        "category": category,
        "flags": output is StatusFormat.json,
        "counting": shared.counting(verified_only, include_unverified),
    }
    if all_plans:
        from zsplan.service.assess import assess_plans

        out = table_console()
        words = shared.labels(lang, script)
        for position, each in enumerate(assess_plans(shared.ready_engine(), **options)):
            if position:
                out.file.write("\n")
            render.render_status_table(out, render.status_title(each, words), each.standings, words, evidence=each.evidence)
            if each.pending:
                render.render_pending_list(out, each.pending, words)
        if not out.is_terminal:
            out.file.flush()
        return
    result = assess_plan(shared.read_database(several=True), **options)
    if output is StatusFormat.json:
        write_chunks(
            render.status_json(
                result.standings,
                stale_days,
                plan_title=result.plan_title,
                as_of=result.as_of,
                known_at=result.known_at,
                unit_id=result.unit.id if result.unit else None,
                category=result.category,
                flags=result.flags,
                evidence=result.evidence,
            )
        )
    elif output is StatusFormat.csv:
        echo(render.status_csv(result.standings, stale_days, excel=excel), newline=False)
    else:
        out = table_console()
        words = shared.labels(lang, script)
        render.render_status_table(out, render.status_title(result, words), result.standings, words, evidence=result.evidence)
        if result.pending:
            render.render_pending_list(out, result.pending, words)
        if not out.is_terminal:
            out.file.flush()


def _task_status(
    as_of: dt.date | None, known_at: dt.datetime | None, unit: str | None, category: str | None, output: StatusFormat, lang: Lang | None, script: Script | None
) -> None:
    """``status --tasks``: every task with its verdict (table or JSON)."""
    from zsplan.errors import UsageError
    from zsplan.render.console import echo, write_chunks
    from zsplan.render.rounds import tasks_json, tasks_text
    from zsplan.service.rounds import task_status

    if category is not None or output is StatusFormat.csv:
        raise UsageError("--tasks lists tasks, which have no --category and no CSV; drop that option")
    view = task_status(shared.ready_engine(), as_of=as_of or shared.today(), known_at=known_at, unit=unit)
    if output is StatusFormat.json:
        write_chunks(tasks_json(view))
    else:
        echo(tasks_text(view, shared.labels(lang, script)), newline=False)


def explain(
    target: Annotated[str, TARGET],
    as_of: Annotated[dt.date | None, AS_OF] = None,
    known_at: Annotated[dt.datetime | None, KNOWN_AT] = None,
    stale_days: Annotated[int, STALE] = DEFAULT_STALE_DAYS,
    lang: Annotated[Lang | None, LANG] = None,
    script: Annotated[Script | None, SCRIPT] = None,
    verified_only: Annotated[bool, VERIFIED_ONLY] = False,
    include_unverified: Annotated[bool, INCLUDE_UNVERIFIED] = False,
) -> None:
    """Show every input and intermediate value behind a target's status: the arithmetic of the method.

    Then the evidence beside it: what counts, sources, reviews, conflicts, notes, forecasts and scheduled events.
    A task (a measure with responsible units, such as c3.3.1) is explained by its units' reports.

    \b
    Examples:
      zsplan explain torch_national_incubators --as-of 2021-06-30
      zsplan explain second_prai_conference --as-of 2022-12-31 --verified-only
      zsplan explain c3.3.1 --as-of 2021-06-30
    """
    from zsplan.render.console import echo, stdout_console
    from zsplan.render.explain import render_explanation
    from zsplan.service.assess import assess_plan
    from zsplan.service.reading import is_task

    words = shared.use_labels(lang, script)
    engine = shared.read_database()
    if is_task(engine, target):
        from zsplan.render.rounds import explain_task_text
        from zsplan.service.rounds import explain_task

        explanation = explain_task(shared.ready_engine(), task=target, as_of=as_of or shared.today(), known_at=known_at)
        echo(explain_task_text(explanation, words), newline=False)
        return
    result = assess_plan(
        engine,
        as_of=as_of or shared.today(),
        known_at=known_at,
        stale_days=stale_days,
        target=target,
        detail=True,
        counting=shared.counting(verified_only, include_unverified),
    )
    if result.pending:
        from zsplan.render.explain import render_pending

        render_pending(stdout_console(), result.pending[0], words)
        return
    assessment = result.assessments[0]
    flags = result.flags.get(assessment.standing.target.id, [])
    found = result.evidence.get(assessment.standing.target.id)
    names = None
    if flags and words.lang == "zh":  # a flag names other targets: by their names, as people read them
        from zsplan.service.sheets import template_targets

        names = {spec.id: words.name(spec.name) for spec in template_targets(engine, unit=None)}
    render_explanation(
        stdout_console(),
        assessment,
        result.stale_days,
        words,
        flags=flags,
        names=names,
        evidence=found,
        counting=result.counting,
        revisions=result.revisions,
        known_at=result.known_at,
        links=result.links,
    )


def units(
    as_of: Annotated[dt.date | None, AS_OF] = None,
    known_at: Annotated[dt.datetime | None, KNOWN_AT] = None,
    output: Annotated[TableOrJson, TABLE_OR_JSON] = TableOrJson.table,
    lang: Annotated[Lang | None, LANG] = None,
    script: Annotated[Script | None, SCRIPT] = None,
) -> None:
    """Rank the responsible units: their targets by status as lead and as co-responsible unit, worst items first.

    Example: zsplan units --as-of 2021-06-30
    """
    from zsplan.render.console import echo, stdout_console
    from zsplan.render.units import render_scorecards, scorecards_json, scorecards_title
    from zsplan.service.assess import assess_plan

    words = shared.use_labels(lang, script)
    result = assess_plan(shared.ready_engine(), as_of=as_of or shared.today(), known_at=known_at, detail=True)
    if output is TableOrJson.json:
        echo(scorecards_json(result.scorecards, as_of=result.as_of, known_at=result.known_at), newline=False)
    else:
        render_scorecards(stdout_console(), scorecards_title(result.plan_title, result.as_of, words), result.scorecards, words)
        from zsplan.render.rounds import unit_tasks_text
        from zsplan.service.rounds import task_status

        echo()
        echo(unit_tasks_text(task_status(shared.ready_engine(), as_of=result.as_of, known_at=known_at), words), newline=False)


def report(
    period: Annotated[
        Any,
        typer.Option(
            "--period", click_type=shared.PERIOD, metavar="PERIOD", help="2021H1 (mid-year, to 30 June), 2021 or 2021H2 (year-end), 2021Q3.", show_default=False
        ),
    ],
    output_format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="md, html (self-contained, with charts), xlsx or docx (GB/T 9704 official-document layout).")
    ] = ReportFormat.md,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write to FILE (needed for xlsx and docx; md and html go to stdout else).", show_default=False),
    ] = None,
    known_at: Annotated[dt.datetime | None, KNOWN_AT] = None,
    stale_days: Annotated[int, STALE] = DEFAULT_STALE_DAYS,
    dated: Annotated[
        dt.date | None,
        typer.Option("--dated", click_type=shared.DATE, metavar="YYYY-MM-DD", help="The 成文日期 of docx and html (default: today).", show_default=False),
    ] = None,
    seriously_behind_below: Annotated[
        float, typer.Option("--seriously-behind-below", min=0, metavar="R", help="A behind target with pace ratio R below this is 嚴重滯後 (seriously behind).")
    ] = Grading.seriously_behind_below,
    ahead_from: Annotated[
        float, typer.Option("--ahead-from", min=0, metavar="R", help="An on-track target with pace ratio R at least this is 超進度 (ahead).")
    ] = Grading.ahead_from,
    lang: Annotated[Lang | None, LANG] = None,
    script: Annotated[Script | None, SCRIPT] = None,
    force: Annotated[bool, FORCE] = False,
    verified_only: Annotated[bool, VERIFIED_ONLY] = False,
    include_unverified: Annotated[bool, INCLUDE_UNVERIFIED] = False,
    all_plans: Annotated[bool, _ALL_PLANS] = False,
) -> None:
    """Write the mid-year or year-end report: an overview, progress, problems and next steps per part of the plan, the units, attachments.

    \b
    Examples:
      zsplan report --period 2021H1 > 2021年中對賬.md
      zsplan report --period 2021 --format html -o 2021年底總結.html
      zsplan report --period 2021H1 --format docx -o 2021年中對賬.docx --dated 2021-07-10
      zsplan report --period 2021 --format xlsx -o 2021.xlsx
      zsplan report --period 2021 --all-plans > 2021各規劃.md    # every plan, one after another
    """
    from zsplan.errors import UsageError
    from zsplan.io.output import check_output_path, write_output
    from zsplan.render.console import echo
    from zsplan.service.assess import assess_plan

    words = shared.use_labels(lang, script)
    if all_plans and shared.state.plan:
        raise UsageError("--all-plans reads every plan; leave out --plan")
    if all_plans and output_format in (ReportFormat.xlsx, ReportFormat.docx):
        raise UsageError(f"--all-plans writes md or html (the plans one after another); for {output_format.value} give --plan ID, one file per plan")
    if output_format in (ReportFormat.xlsx, ReportFormat.docx) and output is None:
        raise UsageError(f"an {output_format.value.upper()} report needs -o FILE")
    today = shared.today()
    if period.start > today:
        raise UsageError(f"period {period.code} has not begun (today is {today}): a report covers a past or current period")
    suffixes = (f".{output_format.value}",) + ((".htm",) if output_format is ReportFormat.html else ())
    engine = shared.ready_engine()
    if output is not None:
        check_output_path(output, databases=shared.databases(engine), suffixes=suffixes, force=force)
    as_of = min(period.end, today)
    counted = shared.counting(verified_only, include_unverified)
    grading = Grading(seriously_behind_below=seriously_behind_below, ahead_from=ahead_from)
    if all_plans:
        from zsplan.service.assess import assess_plans

        results = assess_plans(engine, as_of=as_of, known_at=known_at, stale_days=stale_days, detail=True, verify=True, counting=counted)
        parts = [_render_report(each, period, output_format, words, dated=dated or today, grading=grading) for each in results]
        content: str | bytes = _joined_reports([part if isinstance(part, str) else part.decode("utf-8") for part in parts], output_format)
    else:
        result = assess_plan(engine, as_of=as_of, known_at=known_at, stale_days=stale_days, detail=True, verify=True, counting=counted)
        content = _render_report(result, period, output_format, words, dated=dated or today, grading=grading)
    if output is None:
        echo(content if isinstance(content, str) else content.decode("utf-8"), newline=False)
        return
    write_output(output, content, databases=shared.databases(engine), suffixes=suffixes, force=force)
    shared.committed(f"wrote {output}")
    echo(f"wrote {output}")


def _joined_reports(parts: list[str], output_format: ReportFormat) -> str:
    """Several plans' reports as one document: Markdown one after another under a rule; HTML the
    documents' bodies in one page (the first document's head), each plan starting a new printed page."""
    if output_format is ReportFormat.md:
        return "\n---\n\n".join(parts)
    if not parts:
        return ""
    head, _, rest = parts[0].partition("<body")
    bodies: list[str] = []
    for part in parts:
        body = part.split("<body", 1)[1].split(">", 1)[1].rsplit("</body>", 1)[0]
        bodies.append(f'<section style="break-before: page">{body}</section>' if bodies else f"<section>{body}</section>")
    opening = "<body" + rest.split(">", 1)[0] + ">"
    return head + opening + "\n".join(bodies) + "</body></html>\n"


def _render_report(result: Any, period: Any, output_format: ReportFormat, labels: Any, *, dated: dt.date | None = None, grading: Any = None) -> str | bytes:
    """The report of ``result`` (a :class:`zsplan.service.assess.PlanAssessment`) in the chosen format;
    Markdown and HTML with stored control characters escaped, also in a file (it may be shown with cat)."""
    from zsplan.render.console import ProgressBar
    from zsplan.render.report import ReportInput, html_report, markdown_report, xlsx_report
    from zsplan.render.safe import terminal_text

    data = ReportInput(
        plan_title=result.plan_title,
        period=period,
        as_of=result.as_of,
        known_at=result.known_at,
        assessments=result.assessments,
        scorecards=result.scorecards,
        chapters=result.chapters,
        stale_days=result.stale_days,
        flags=result.flags,
        evidence=result.evidence,
        dated=dated,
        grading=grading or Grading(),
    )
    if output_format is ReportFormat.md:
        return terminal_text(markdown_report(data, labels))
    if output_format is ReportFormat.docx:
        from zsplan.render.docx import docx_report

        return docx_report(data, labels)
    if output_format is ReportFormat.html:
        with ProgressBar("rendering charts") as progress:
            return terminal_text(html_report(data, labels, on_progress=progress))
    return xlsx_report(data, labels)


def register(app: Any) -> None:
    """Add this module's commands to ``app``."""
    app.command()(status)
    app.command()(explain)
    app.command()(units)
    app.command()(report)
