"""The command table of :mod:`zsplan.cli` (commands built when asked for) matches what the modules register."""

from __future__ import annotations

import importlib

import typer
from typer.testing import CliRunner

from zsplan import cli


def _eager() -> typer.Typer:
    """``app`` as it was built before commands were lazy: every module registered in the table's order."""
    eager = typer.Typer(rich_markup_mode=None)
    for module in dict.fromkeys(cli.COMMANDS.values()):
        importlib.import_module(f"zsplan.cli.{module}").register(eager)
    return eager


def test_the_table_lists_every_command_in_the_order_typer_would() -> None:
    assert list(typer.main.get_group(_eager()).commands) == list(cli.COMMANDS)


def test_listing_the_commands_builds_none() -> None:
    group = typer.main.get_command(cli.app)
    assert list(group.commands) == list(cli.COMMANDS)
    assert group.commands._built == {}  # type: ignore[attr-defined]
    assert "status" in group.commands and "nonsense" not in group.commands


def test_each_lazily_built_command_has_the_eager_help() -> None:
    runner = CliRunner()
    eager = typer.main.get_group(_eager())
    for name, command in eager.commands.items():
        lazy = cli.build_command(name)
        assert lazy is not None and type(lazy) is type(command), name
        assert [param.name for param in lazy.params] == [param.name for param in command.params], name
        assert lazy.help == command.help and lazy.context_settings == command.context_settings, name
        assert runner.invoke(cli.app, [name, "--help"], terminal_width=100).output.startswith(f"Usage: zsplan {name} "), name


def test_an_unknown_command_is_still_suggested() -> None:
    result = CliRunner().invoke(cli.app, ["sttus"])
    assert result.exit_code == 2 and "Did you mean 'status'?" in result.output


def test_the_listed_summaries_are_each_commands_own_first_paragraph() -> None:
    from zsplan.cli.summaries import SUMMARIES

    assert list(SUMMARIES) == list(cli.COMMANDS)
    assert {name: (cli.build_command(name).help or "").split("\n\n")[0] for name in cli.COMMANDS} == SUMMARIES


def test_help_and_completion_list_what_click_would_list_from_the_built_commands() -> None:
    import os
    import subprocess
    import sys

    run = """
import sys, click
from zsplan import cli
if sys.argv[1] == "click":
    cli.Commands.format_commands = click.Group.format_commands
    cli.Commands.shell_complete = click.Group.shell_complete
sys.argv = ["zsplan", *sys.argv[2:]]
cli.main()
"""

    def output(variant: str, *args: str, **env: str) -> str:
        done = subprocess.run([sys.executable, "-c", run, variant, *args], capture_output=True, text=True, env={**os.environ, "COLUMNS": "100", **env})
        return done.stdout

    for args, env in (
        (("--help",), {}),
        ((), {"_ZSPLAN_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "zsplan sta"}),
        ((), {"_ZSPLAN_COMPLETE": "complete_bash", "COMP_WORDS": "zsplan p", "COMP_CWORD": "1"}),
    ):
        listed = output("summaries", *args, **env)
        assert listed and listed == output("click", *args, **env), (args, env)
    assert "Show every target" in output("summaries", _ZSPLAN_COMPLETE="complete_zsh", _TYPER_COMPLETE_ARGS="zsplan sta")
    assert output("summaries", _ZSPLAN_COMPLETE="complete_bash", COMP_WORDS="zsplan p", COMP_CWORD="1").split() == ["plans"]
