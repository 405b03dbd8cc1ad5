"""`ims` builds only the command it runs; every command is still reachable, help lists them all."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from ims_cli.cli.app import app, build, command_word, overview
from tests.conftest import PROJECT

ALL = sorted(get_command(app).commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("args", "word"),
    [
        (["check", "--format", "json"], "check"),
        (["--repo", "records", "tiltak", "list"], "tiltak"),
        (["--repo=records", "puff"], "puff"),
        (["--version"], None),
        (["--help", "check"], None),
        (["-h"], None),
        ([], None),
        (["--repo", "check"], None),  # 'check' is the value of --repo here
    ],
)
def test_the_command_word_skips_global_options(args: list[str], word: str | None) -> None:
    assert command_word(args) == word


@pytest.mark.parametrize("word", ALL)
def test_each_command_is_built_alone(word: str) -> None:
    commands = get_command(build(word)).commands  # type: ignore[attr-defined]
    assert word in commands
    assert len(commands) < len(ALL)


def test_an_unknown_word_builds_everything_so_the_error_can_suggest() -> None:
    assert sorted(get_command(build("chek")).commands) == ALL  # type: ignore[attr-defined]
    result = CliRunner().invoke(build(command_word(["chek"])), ["chek"])
    assert result.exit_code == 2
    assert "Mente du 'check'" in result.output


def test_the_narrow_app_runs_the_command() -> None:
    args = ["--repo", str(PROJECT), "check", "--as-of", "2026-11-22", "--format", "json"]
    narrow = CliRunner().invoke(build(command_word(args)), args)
    full = CliRunner().invoke(app, args)
    assert (narrow.exit_code, narrow.output) == (full.exit_code, full.output)


@pytest.mark.parametrize("args", [[], ["tiltak"], ["risk"]])
def test_a_group_without_a_command_shows_its_help_and_no_empty_error(args: list[str]) -> None:
    result = CliRunner().invoke(build(command_word(args)), args)
    assert result.exit_code == 2
    assert "Kommandoer" in result.stdout
    assert "Feil" not in result.stderr


def test_the_overview_lists_what_the_whole_app_lists() -> None:
    """`ims --help` comes from a light app that never builds the commands' options."""
    light, full = (CliRunner().invoke(a, ["--help"]) for a in (overview(), app))
    assert light.exit_code == full.exit_code == 0
    assert light.output == full.output
    assert sorted(get_command(overview()).commands) == ALL  # type: ignore[attr-defined]


def test_the_process_ends_with_the_code_and_the_whole_output_of_its_command() -> None:
    """`main` leaves without tearing the interpreter down (cli.app.leave): nothing written may
    be lost on the way, and the exit code is the command's."""

    def ims(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "ims_cli", "--repo", str(PROJECT), *args]
        return subprocess.run(command, capture_output=True, text=True, check=False)

    listed = ims("list", "--json")
    assert (listed.returncode, len(json.loads(listed.stdout)["poster"])) == (0, 93)
    assert ims("check", "--as-of", "2026-11-22").returncode == 1
    missing = ims("show", "AVV-2026-9999")
    assert (missing.returncode, missing.stderr) == (
        2,
        "ims: fant ingen gyldig post AVV-2026-9999\n",
    )


def test_shell_completion_of_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    """`ims --install-completion` sets it up; Tab then completes commands and subcommands."""
    # typer asks shellingham which shell runs ims; under a CI runner there may be none to find
    monkeypatch.setattr("shellingham.detect_shell", lambda: ("bash", "/bin/bash"))
    env = {"_IMS_COMPLETE": "complete_bash", "COMP_WORDS": "ims ex", "COMP_CWORD": "1"}
    result = CliRunner().invoke(app, [], env=env, prog_name="ims")
    assert result.output.split() == ["export"]
    env["COMP_WORDS"], env["COMP_CWORD"] = "ims export ", "2"
    result = CliRunner().invoke(app, [], env=env, prog_name="ims")
    assert {"avvik", "tiltak", "sqlite", "lovkrav"} <= set(result.output.split())
    shown = CliRunner().invoke(app, ["--show-completion", "bash"], prog_name="ims")
    assert "_IMS_COMPLETE=complete_bash" in shown.output


def test_tab_completes_subcommands_and_options_of_the_installed_ims() -> None:
    """main() builds only the command typed; under completion the words come from the shell."""

    def complete(words: str, shell: str = "bash") -> list[str]:
        current = len(words.split()) - (0 if words.endswith(" ") else 1)  # the word being typed
        env = {**os.environ, "_IMS_COMPLETE": f"complete_{shell}", "COMP_CWORD": str(current)}
        env["COMP_WORDS" if shell == "bash" else "_TYPER_COMPLETE_ARGS"] = words
        done = subprocess.run(
            [sys.executable, "-m", "ims_cli"], env=env, capture_output=True, text=True, check=True
        )
        return done.stdout.split()

    assert complete("ims export ")[:2] == ["ros", "avvik"]
    assert complete("ims tiltak list --forf") == ["--forfalt"]
    assert "sqlite" in " ".join(complete("ims export s", "zsh"))


def test_ims_starts_without_the_models() -> None:
    """Every run of ims builds its commands first: their help may name the kinds and the models'
    values only as placeholders filled in when help is shown (cli.options.derived), or every
    command would pay for importing the models (~0.1 s)."""
    heavy = ("ims_cli.models", "ims_cli.kinds", "ims_cli.confidentiality", "ims_cli.store")
    code = (
        "import sys; from ims_cli.cli.app import build, overview; "
        "from ims_cli.cli.app import _COMMANDS; overview(); [build(w) for w, _ in _COMMANDS]; "
        f"print(sorted({{m.rsplit('.', 1)[0] for m in sys.modules if m.startswith({heavy!r})}}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout
