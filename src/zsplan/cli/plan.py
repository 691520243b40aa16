"""Plan commands: ``validate``, ``schema``, ``load``, ``plans``."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from zsplan.cli import shared
from zsplan.cli.shared import LANG, SCRIPT, Lang, Script
from zsplan.errors import ExitCode


class ProblemFormat(str, Enum):
    """Output formats of ``zsplan validate``."""

    text = "text"
    json = "json"
    github = "github"


def validate(
    paths: Annotated[list[Path] | None, typer.Argument(metavar="PATH...", help="Plan files to check (default: the bundled plan).", show_default=False)] = None,
    output: Annotated[
        ProblemFormat, typer.Option("--format", "-f", help="text (PATH:LINE:COL: [rule] message), json, or github annotations.")
    ] = ProblemFormat.text,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing; the exit code tells.")] = False,
    lang: Annotated[Lang | None, LANG] = None,
    script: Annotated[Script | None, SCRIPT] = None,
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
    from zsplan.plan.validate import check_plan_files
    from zsplan.render import problems as render
    from zsplan.render.console import echo, error
    from zsplan.render.plan import plan_summary

    shared.use_labels(lang, script)
    files = [(path, str(path)) for path in paths] if paths else [(bundled_plan_path(), str(bundled_plan_path()))]
    problems, plans = check_plan_files(files)
    if not quiet:
        if output is ProblemFormat.json:
            echo(render.problems_json(problems), newline=False)
        elif output is ProblemFormat.github:
            echo(render.problems_github(problems), newline=False)
        else:
            echo(render.problems_text(problems), newline=False)
            for shown, plan in plans:
                echo(shared.say(plan_summary(shown, plan)))
        if problems:
            error(shared.say(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {', '.join(shown for _, shown in files)}"))
    if problems:
        raise typer.Exit(int(ExitCode.PROBLEMS))


def schema() -> None:
    """Print the JSON Schema of the plan file format (for editors and other tools).

    Generated from the same models that validate plan files.

    Example: zsplan schema > data/plan.schema.json
    """
    from zsplan.plan.schema import plan_schema_json
    from zsplan.render.console import echo

    echo(plan_schema_json(), newline=False)


def load(
    path: Annotated[Path | None, typer.Argument(metavar="PATH", help="Plan file to load (default: the bundled plan).", show_default=False)] = None,
    reason: Annotated[
        str | None, typer.Option("--reason", metavar="TEXT", help="Why the plan amends targets that have progress (or the file's amendment).")
    ] = None,
    effective: Annotated[
        dt.date | None,
        typer.Option("--effective", click_type=shared.DATE, metavar="YYYY-MM-DD", help="First as-of date judged by the amended targets."),
    ] = None,
) -> None:
    """Load or reload a plan file into the database; progress entries are kept.

    Loading the same definitions again changes nothing. A plan that would drop a
    target with logged progress is refused and nothing is written. A plan that changes
    a target with progress is an amendment: each change is shown old → new and needs
    --reason and --effective (or 'amendment:' in the file); earlier as-of dates, and
    --known-at before the load, keep the old target.

    Example: zsplan load data/plan.yaml
    Example: zsplan load amended.yaml --reason "中期評估調整" --effective 2021-07-01
    """
    from zsplan.config import bundled_plan_path
    from zsplan.render.console import echo
    from zsplan.render.plan import load_summary
    from zsplan.service.plan import load_plan_file

    target = path or bundled_plan_path()
    outcome = load_plan_file(shared.engine(), target, display_path=str(target), now=shared.now(), reason=reason, effective=effective)
    shared.committed("loaded")
    echo(load_summary(str(target), outcome))


class PlansFormat(str, Enum):
    """Output formats of ``zsplan plans``."""

    text = "text"
    json = "json"


def plans(
    output: Annotated[PlansFormat, typer.Option("--format", "-f", help="text (a table) or json (docs/schemas/plans.schema.json).")] = PlansFormat.text,
    lang: Annotated[Lang | None, LANG] = None,
    script: Annotated[Script | None, SCRIPT] = None,
) -> None:
    """List the plans the database holds: id, issue date, targets, measures, title.

    A database holds several plans when 'zsplan load' is given plan files with different
    ids; every command then reads the one named by --plan (or $ZSPLAN_PLAN).

    \b
    Examples:
      zsplan plans
      zsplan load examples/cn-14th-fyp-sti.yaml && zsplan plans
      zsplan status --plan cn-14th-fyp-sti-2021
    """
    from zsplan.render.console import echo
    from zsplan.render.plan import plans_json, plans_text
    from zsplan.service.plan import list_plans

    words = shared.use_labels(lang, script)
    found = list_plans(shared.ready_engine())
    echo(plans_json(found) if output is PlansFormat.json else plans_text(found, words), newline=False)


def register(app: Any) -> None:
    """Add this module's commands to ``app``."""
    app.command()(validate)
    app.command()(schema)
    app.command()(load)
    app.command()(plans)
