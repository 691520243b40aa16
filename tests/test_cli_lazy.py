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
