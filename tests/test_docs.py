"""README documents every command and every rule code; every command has Norwegian help."""

from __future__ import annotations

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from ims_cli.cli.app import app
from ims_cli.codes import CODES
from tests.conftest import PROJECT

README = (PROJECT / "README.md").read_text("utf-8")
COMMANDS = sorted(get_command(app).commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Eksempel:" in result.output
    assert "Bruk: ims" in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_readme(command: str) -> None:
    assert f"ims {command}" in README


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_rule_code_is_in_readme(code: str) -> None:
    assert f"| {code} |" in README


def test_readme_gives_the_two_set_up_commands_that_ci_runs() -> None:
    assert "python3 dev.py demo" in README and "python3 dev.py test" in README
    assert "python3 dev.py test" in (PROJECT / ".ci" / "run").read_text("utf-8")
