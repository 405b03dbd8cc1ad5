"""What ims says at the command line: hints that name this repository's people, global options
wherever they stand, and Ctrl-C at a prompt."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ims_cli.cli.app import app

runner = CliRunner()


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A repository from `ims init --eksempel` whose people are not the usual example's: Liv
    Berg is Siri Dahl here, so a hint that names liv.berg names nobody of this repository."""
    root = tmp_path / "kvalitet"
    result = runner.invoke(app, ["init", str(root), "--eksempel", "--organisasjon", "Ås"])
    assert result.exit_code == 0, result.output
    for path in root.rglob("*"):
        if path.is_file() and path.suffix in (".yaml", ".md") and ".git" not in path.parts:
            text = path.read_text("utf-8")
            text = text.replace("liv.berg", "siri.dahl").replace("Liv Berg", "Siri Dahl")
            path.write_text(text, "utf-8")
    assert runner.invoke(app, ["--repo", str(root), "validate"]).exit_code == 0
    return root


def avvik_id(root: Path) -> str:
    return next(root.glob("records/avvik/**/AVV-*.yaml")).stem


def test_an_unknown_person_is_told_with_a_person_of_this_repository(elsewhere: Path) -> None:
    add = ["tiltak", "add", avvik_id(elsewhere), "--beskrivelse", "Ny rutine", "--frist"]
    result = runner.invoke(
        app, ["--repo", str(elsewhere), *add, "2027-01-01", "--ansvarlig", "Siri Dal"]
    )
    assert (result.exit_code, result.stderr) == (
        2,
        "ims: --ansvarlig: fant ingen person «Siri Dal» i records/organisasjon.yaml; mente du "
        "«siri.dahl» (Siri Dahl)?\n",
    )
    result = runner.invoke(
        app, ["--repo", str(elsewhere), *add, "2027-01-01", "--ansvarlig", "Xyz Qwerty"]
    )
    assert (result.exit_code, result.stderr) == (
        2,
        "ims: --ansvarlig: fant ingen person «Xyz Qwerty» i records/organisasjon.yaml; skriv "
        "person-id-en eller navnet slik det står der, for eksempel «kari.nordmann» eller «Kari "
        "Nordmann»\n",
    )
    assert "liv.berg" not in result.output


def test_a_list_for_an_unknown_person_is_a_usage_error(elsewhere: Path) -> None:
    result = runner.invoke(
        app, ["--repo", str(elsewhere), "tiltak", "list", "--ansvarlig", "liv.berg"]
    )
    assert (result.exit_code, result.stderr) == (
        2,
        "ims: --ansvarlig: fant ingen person «liv.berg» i records/organisasjon.yaml; skriv "
        "person-id-en eller navnet slik det står der, for eksempel «kari.nordmann» eller «Kari "
        "Nordmann»\n",
    )
    result = runner.invoke(
        app, ["--repo", str(elsewhere), "tiltak", "list", "--ansvarlig", "siri.dal"]
    )
    assert (result.exit_code, result.stderr) == (
        2,
        "ims: --ansvarlig: fant ingen person «siri.dal» i records/organisasjon.yaml; mente du "
        "«siri.dahl» (Siri Dahl)?\n",
    )
    by_name = runner.invoke(
        app, ["--repo", str(elsewhere), "tiltak", "list", "--ansvarlig", "Siri Dahl"]
    )
    by_id = runner.invoke(
        app, ["--repo", str(elsewhere), "tiltak", "list", "--ansvarlig", "siri.dahl"]
    )
    assert by_name.exit_code == 0 and by_name.stdout == by_id.stdout


def test_a_malformed_person_id_is_described_without_naming_anyone(elsewhere: Path) -> None:
    path = next(elsewhere.glob("records/avvik/**/AVV-*.yaml"))
    text = path.read_text("utf-8").replace("ansvarlig: siri.dahl", "ansvarlig: Per X")
    path.write_text(text, "utf-8")
    result = runner.invoke(app, ["--repo", str(elsewhere), "validate"])
    assert result.exit_code == 1
    assert (
        "«Per X» har feil form for «ansvarlig»; skriv for eksempel en person-id fra "
        "organisasjon.yaml (små bokstaver, uten mellomrom, som fornavn.etternavn)"
    ) in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "--repo", "{root}"],
        ["validate", "--repo={root}"],
        ["tiltak", "list", "--repo", "{root}", "--status", "planlagt"],
        ["--repo", "{root}", "validate"],
    ],
)
def test_the_repository_may_be_named_after_the_command(
    elsewhere: Path, args: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("IMS_REPO", raising=False)
    monkeypatch.chdir(tmp_path)  # no ims.yaml here or above
    result = runner.invoke(app, [a.replace("{root}", str(elsewhere)) for a in args])
    assert result.exit_code == 0, result.output


def test_ctrl_c_at_a_prompt(elsewhere: Path) -> None:
    """A real terminal: `ims new avvik` asks for what is missing; Ctrl-C there stops it."""
    main, terminal = pty.openpty()
    env = {**os.environ, "IMS_REPO": str(elsewhere), "NO_COLOR": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "ims_cli", "new", "avvik"],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        env=env,
        preexec_fn=_own_terminal,  # noqa: PLW1509 (the test starts no threads)
    )
    os.close(terminal)
    said = _read_until(main, b":")  # the first question
    assert b"enhet" in said.lower()
    os.write(main, b"\x03")
    rest = _read_until(main, None)
    assert process.wait(timeout=30) == 130
    os.close(main)
    assert rest.decode().strip().splitlines()[-1] == "Avbrutt."
    assert b"Traceback" not in rest


def _own_terminal() -> None:
    """In the child: a session of its own with the terminal as its controlling terminal, so
    that Ctrl-C typed there is sent to it as SIGINT."""
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # as a shell sets it (a background job ignores it)


def _read_until(fd: int, mark: bytes | None, seconds: float = 30) -> bytes:
    """What the terminal shows, until `mark` (or until the process closes it)."""
    got = b""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 1024)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        got += chunk
        if mark is not None and mark in got:
            break
    return got
