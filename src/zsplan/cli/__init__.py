"""The ``zsplan`` command line: parse arguments, make one core call, render, exit.

Only this package imports typer. Commands live in one module per group
(:mod:`.plan`, :mod:`.ledger`, :mod:`.sheets`, :mod:`.report`, :mod:`.admin`);
errors from the core (:class:`zsplan.errors.ZsplanError`) and output errors are
turned into ``Error: …`` on stderr and the documented exit code in one place,
:meth:`Commands.invoke`.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Iterator, MutableMapping
from typing import Annotated, Any

import click
import typer

from zsplan import __version__
from zsplan.cli import shared
from zsplan.errors import ExitCode, ImportRefused, LedgerTampered, PlanFileError, ZsplanError

#: Problem lines an import refusal lists before "… and N more".
MAX_LISTED = 200


class ArgumentNotText(click.ClickException):
    """An argument holds bytes that are not UTF-8 (exit 2, one ``Error:`` line)."""

    exit_code = int(ExitCode.USAGE)


def _tolerant_output() -> None:
    """Output never fails on the terminal's encoding: what it cannot show becomes ``?``.

    Under ``PYTHONIOENCODING=ascii`` or a cp950 console, a Chinese name or ``≥`` would
    otherwise end a command with ``UnicodeEncodeError`` halfway through its output.
    """
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            with contextlib.suppress(ValueError, OSError):
                stream.reconfigure(errors="replace")


def _check_arguments(args: list[str]) -> None:
    """Refuse an argument with bytes that are not UTF-8 (Python keeps them as lone surrogates, which no
    database, file name or terminal takes).

    Raises:
        ArgumentNotText: naming the argument, its bytes shown as ``\\xff``.
    """
    from zsplan.render.safe import terminal_text

    for position, arg in enumerate(args, start=1):
        if any("\udc80" <= char <= "\udcff" for char in arg):
            shown = terminal_text(arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"))
            raise ArgumentNotText(f"argument {position} ({shown!s}) is not UTF-8 text; zsplan reads its arguments as UTF-8")


class Commands(typer.core.TyperGroup):
    """The command group: the one place where errors become messages and exit codes.

    * A :class:`~zsplan.errors.ZsplanError` prints the problems it carries (plan
      problems as ``PATH:LINE:COL: [rule] message``, sheet rows as
      ``row N, column X: …``), then ``Error: <message>`` with fields worded as the
      CLI's options, and exits with the error's code.
    * A reader that stops early (``zsplan status | head``) ends the output quietly
      with exit 0, as other Unix tools do.
    * Output that cannot be written (a full disk) is an error with exit 2 — unless the
      command had already committed its write (:func:`zsplan.cli.shared.committed`): then
      it exits 0 and says on stderr that the confirmation could not be printed.
    * Output never fails on the terminal's encoding (:func:`_tolerant_output`), and an
      argument that is not UTF-8 text is refused before anything runs.

    Anything else is a bug and keeps its traceback.

    Its commands are built when asked for (:class:`_LazyCommands`): ``zsplan status`` imports
    and builds ``status`` alone, ``zsplan --help`` all of them.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = _LazyCommands(self.commands)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Make the output streams tolerant before anything (``--help`` included) is printed."""
        _tolerant_output()
        return super().main(*args, **kwargs)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Refuse arguments that are not UTF-8 text (:func:`_check_arguments`), then parse as click does."""
        _check_arguments(args)
        return super().parse_args(ctx, args)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command, with a ``--plan`` option of its own (:func:`zsplan.cli.shared.plan_option`)."""
        return _with_plan_option(super().get_command(ctx, cmd_name))

    def list_commands(self, ctx: click.Context) -> list[str]:
        """The commands' names in the order of creation, as typer lists them, without building them."""
        return list(self.commands)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The list of commands in ``--help``, one line each from :data:`zsplan.cli.summaries.SUMMARIES`
        (no command is built to print it); as click writes it."""
        from zsplan.cli.summaries import SUMMARIES

        names = self.list_commands(ctx)
        if not names or any(name not in SUMMARIES for name in names):
            super().format_commands(ctx, formatter)
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = [(name, click.Command(name, help=SUMMARIES[name]).get_short_help_str(limit)) for name in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def shell_complete(self, ctx: click.Context, incomplete: str) -> list[Any]:
        """Command names that start with ``incomplete``, with their one line (:data:`zsplan.cli.summaries.SUMMARIES`),
        then what click completes for the group itself (its options)."""
        from click.shell_completion import CompletionItem

        from zsplan.cli.summaries import SUMMARIES

        names = [name for name in self.list_commands(ctx) if name.startswith(incomplete)]
        if any(name not in SUMMARIES for name in names):
            return super().shell_complete(ctx, incomplete)
        items = [CompletionItem(name, help=click.Command(name, help=SUMMARIES[name]).get_short_help_str()) for name in names]
        return items + click.Command.shell_complete(self, ctx, incomplete)

    def invoke(self, ctx: click.Context) -> Any:
        from zsplan.render.console import error as say

        try:
            return super().invoke(ctx)
        except ZsplanError as error:
            from zsplan.render.messages import error_line

            words = shared.message_labels()
            for line in _details(error):
                say(shared.say(line) if isinstance(error, ImportRefused | LedgerTampered) else line)
            say(error_line(error.worded(shared.FIELD_WORDS), words))
            raise typer.Exit(int(error.exit_code)) from None
        except BrokenPipeError as exc:
            _discard_stdout()  # nothing more reaches the closed pipe
            _unconfirmed(exc)
            raise typer.Exit(0) from None
        except OSError as exc:
            if exc.errno not in (errno.ENOSPC, errno.EIO, errno.EDQUOT):
                raise
            _discard_stdout()  # the unwritten rest would fail again when Python exits
            if _unconfirmed(exc):
                raise typer.Exit(0) from None
            sys.stderr.write(f"Error: cannot write the output: {exc.strerror}\n")
            raise typer.Exit(int(ExitCode.USAGE)) from None


def _with_plan_option(command: click.Command | None) -> click.Command | None:
    """Give ``command`` (and, for a group, each of its commands) a ``--plan`` option, once."""
    if command is None or getattr(command, "_zsplan_plan", False):
        return command
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _with_plan_option(sub)
    elif not any("--plan" in getattr(param, "opts", ()) for param in command.params):
        command.params.append(shared.plan_option())
    command._zsplan_plan = True  # type: ignore[attr-defined]
    return command


def _discard_stdout() -> None:
    """Point standard output at the null device (where it has a file descriptor)."""
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _unconfirmed(exc: OSError) -> bool:
    """After a committed write, say on stderr that its confirmation could not be printed; whether it was committed."""
    if shared.state.committed is None:
        return False
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(f"{shared.state.committed}, but the confirmation could not be printed ({exc.strerror or exc})\n")
        sys.stderr.flush()
    return True


def _details(error: ZsplanError) -> list[str]:
    """The lines an error carries besides its message: located plan problems, bad sheet rows."""
    if isinstance(error, PlanFileError) and error.problems:
        from zsplan.render.problems import problems_text

        return [problems_text(error.problems).rstrip("\n")]
    if isinstance(error, LedgerTampered):
        return list(error.details)
    if isinstance(error, ImportRefused):
        lines = list(error.problems[:MAX_LISTED])
        if len(error.problems) > MAX_LISTED:
            lines.append(f"… and {len(error.problems) - MAX_LISTED} more")
        return lines
    return []


app = typer.Typer(
    cls=Commands,
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


def _version(value: bool) -> None:
    if value:
        typer.echo(f"zsplan {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="PATH|URL",
            help=(
                "Database: a file path or SQLAlchemy URL. Default: $ZSPLAN_DB, else zsplan.db in the user data directory "
                "($XDG_DATA_HOME/zsplan, ~/.local/share/zsplan on Linux)."
            ),
            show_default=False,
        ),
    ] = None,
    plan: Annotated[str | None, typer.Option("--plan", metavar="ID", help=shared.PLAN_HELP, show_default=False)] = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    """Options shared by every command."""
    shared.state.db = db
    if plan is not None and not plan.strip():
        raise typer.BadParameter("is empty; give a plan id ('zsplan plans' lists them)", param_hint="'--plan'")
    shared.state.plan = plan.strip() if plan else None
    shared.state.committed = None
    shared.state.labels = None


#: Every command (and group of commands) in the order ``--help`` lists them, and the module of
#: :mod:`zsplan.cli` whose ``register(app)`` adds it: the module is imported, and the command built
#: from its annotations, only when the command is asked for (``tests/test_cli_lazy.py`` checks the
#: table against the modules).
COMMANDS = {
    **dict.fromkeys(("validate", "schema", "load", "plans"), "plan"),
    **dict.fromkeys(("log", "correct", "retract", "history", "items"), "ledger"),
    **dict.fromkeys(("review", "source", "note", "forecast"), "evidence"),
    **dict.fromkeys(("import", "template"), "sheets"),
    **dict.fromkeys(("status", "explain", "units", "report"), "report"),
    "bundle": "bundle",
    **dict.fromkeys(("export", "backup", "verify"), "admin"),
    "task": "round",
    "admin": "admin",
    "round": "round",
}


def build_command(name: str) -> click.Command | None:
    """The click command ``name`` (a command of :data:`COMMANDS`), built as typer builds it for ``app``.

    The module that defines it registers its commands on a scratch :class:`typer.Typer`, and only
    ``name`` is converted (typer reads each command's annotations, a few milliseconds each).
    """
    import importlib

    from typer.main import get_command_from_info, get_command_name, get_group_from_info, solve_typer_info_defaults

    module = importlib.import_module(f"zsplan.cli.{COMMANDS[name]}")
    scratch = typer.Typer(rich_markup_mode=app.rich_markup_mode)
    module.register(scratch)
    for info in scratch.registered_commands:
        if (info.name or get_command_name(info.callback.__name__)) == name:  # type: ignore[union-attr]
            return get_command_from_info(info, pretty_exceptions_short=app.pretty_exceptions_short, rich_markup_mode=app.rich_markup_mode)
    for group in scratch.registered_groups:
        if solve_typer_info_defaults(group).name == name:
            return get_group_from_info(
                group, pretty_exceptions_short=app.pretty_exceptions_short, rich_markup_mode=app.rich_markup_mode, suggest_commands=app.suggest_commands
            )
    return None


class _LazyCommands(MutableMapping[str, click.Command]):
    """The group's commands by name: every name of :data:`COMMANDS` is listed, and built on first access.

    click and typer list the names (``--help``, completion, "did you mean") and get the commands they
    need; listing builds nothing, ``items()`` builds every one.
    """

    def __init__(self, built: MutableMapping[str, click.Command]) -> None:
        self._built: dict[str, click.Command] = dict(built)

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._built:
            command = build_command(name) if name in COMMANDS else None
            if command is None:
                raise KeyError(name)
            self._built[name] = command
        return self._built[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._built[name]

    def __contains__(self, name: object) -> bool:
        return name in COMMANDS or name in self._built

    def __iter__(self) -> Iterator[str]:
        yield from COMMANDS
        yield from (name for name in self._built if name not in COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS) + sum(1 for name in self._built if name not in COMMANDS)


def main() -> None:
    """Console-script entry point.

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
