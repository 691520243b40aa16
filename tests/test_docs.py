"""The documentation is tested: every command has help with an example and a README row naming all its options."""

from __future__ import annotations

import re

import pytest
import typer

from conftest import ROOT
from zsplan.cli import app


def _commands(group, prefix: str = "") -> dict:
    """Every command by its full name (``log``, ``admin grant``); groups are walked, not listed."""
    found = {}
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            found |= _commands(command, f"{prefix}{name} ")
        else:
            found[f"{prefix}{name}"] = command
    return found


COMMANDS = _commands(typer.main.get_command(app))
README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_row(name: str) -> str:
    rows = [line for line in README.splitlines() if re.match(rf"\| `zsplan {name}( |`)", line)]
    assert len(rows) == 1, f"README's command table needs one row for 'zsplan {name}'"
    return rows[0]


def test_the_commands_are_the_documented_ones() -> None:
    assert sorted(COMMANDS) == sorted(
        [
            "validate",
            "plans",
            "schema",
            "load",
            "log",
            "correct",
            "retract",
            "history",
            "items",
            "review",
            "source",
            "note",
            "forecast",
            "import",
            "template",
            "status",
            "explain",
            "units",
            "report",
            "export",
            "backup",
            "verify",
            "bundle",
            "admin setup",
            "admin grant",
            "task",
            "round open",
            "round show",
            "round remind",
            "round close",
            "round reopen",
            "round history",
            "round submit",
            "round accept",
            "round return",
            "round report",
            "round diff",
        ]
    )


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help_with_an_example(runner, name: str) -> None:
    result = runner.invoke(app, [*name.split(), "--help"])
    assert result.exit_code == 0, result.output
    summary = COMMANDS[name].help.strip().splitlines()[0]
    assert summary.endswith(".") and len(summary) > 20
    assert "Example" in result.stdout
    assert f"zsplan {name}" in result.stdout.split("Example", 1)[1]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_a_readme_row_with_all_its_options(name: str) -> None:
    row = readme_row(name)
    options = sorted(
        max((opt for opt in param.opts if opt.startswith("--")), key=len)
        for param in COMMANDS[name].params
        if isinstance(param, typer.core.click.Option) and any(opt.startswith("--") for opt in param.opts) and "--help" not in param.opts
    )
    missing = [option for option in options if option not in row and not (option == "--output" and "-o FILE" in row)]
    assert missing == []
