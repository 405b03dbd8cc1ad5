"""README documents every command and every rule code; every command has Norwegian help."""

from __future__ import annotations

import re
import tomllib
from typing import Any

import pytest
import yaml
from typer.main import get_command
from typer.testing import CliRunner

from ims_cli import __version__
from ims_cli.cli.app import app
from ims_cli.codes import CODES
from tests.conftest import PROJECT

README = (PROJECT / "README.md").read_text("utf-8")


def _commands(group: Any, prefix: str = "") -> list[str]:
    """Every command and group, as users type them after 'ims': 'risk', 'risk matrix' …"""
    found = []
    for name, command in group.commands.items():
        found.append(prefix + name)
        if hasattr(command, "commands"):
            found += _commands(command, f"{prefix}{name} ")
    return sorted(found)


COMMANDS = _commands(get_command(app))


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = CliRunner().invoke(app, [*command.split(), "--help"])
    assert result.exit_code == 0
    assert "Eksempel:" in result.output
    assert "Bruk: ims" in result.output


def _command(path: str) -> Any:
    command = get_command(app)
    for name in path.split():
        command = command.commands[name]  # type: ignore[attr-defined]
    return command


def _words(text: str) -> list[str]:
    return re.sub(r"\[/?[a-z ]+\]|[│╭╮╰╯─]", " ", text).split()


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_the_whole_description_and_every_option_in_norwegian(command: str) -> None:
    result = CliRunner().invoke(app, [*command.split(), "--help"], env={"COLUMNS": "100"})
    shown = _words(result.output)
    described = _words(_command(command).help)
    start = shown.index(described[0])
    assert shown[start : start + len(described)] == described  # all of it, in order
    for param in _command(command).params:
        if param.param_type_name == "option" and not param.hidden:
            assert param.opts[-1] in shown
            assert not param.metavar or param.is_flag or param.metavar in shown
    for english in ("Usage", "Options", "[OPTIONS]", "Commands", "default:"):
        assert english not in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_readme(command: str) -> None:
    assert f"ims {command}" in README


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_rule_code_is_in_readme(code: str) -> None:
    assert f"| {code} |" in README


def test_readme_gives_the_two_set_up_commands_that_ci_runs() -> None:
    assert "python3 dev.py demo" in README and "python3 dev.py test" in README
    assert "python3 dev.py test" in (PROJECT / ".ci" / "run").read_text("utf-8")


def test_the_version_lives_in_one_place_and_the_release_checks_it() -> None:
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text("utf-8"))["project"]
    assert "version" not in project and project["dynamic"] == ["version"]
    assert f"## [{__version__}]" in (PROJECT / "CHANGELOG.md").read_text("utf-8")
    release = yaml.safe_load((PROJECT / ".github/workflows/release.yml").read_text("utf-8"))
    steps = " ".join(s.get("run", "") for s in release["jobs"]["build"]["steps"])
    assert "src/ims_cli/__init__.py" in steps and "CHANGELOG.md" in steps
    assert "twine check" in steps and "ims --version" in steps
    assert release["jobs"]["publish"]["permissions"] == {"id-token": "write"}
