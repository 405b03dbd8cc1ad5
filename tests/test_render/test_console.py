"""The consoles: a spinner for slow steps on a terminal, and nothing at all elsewhere."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from ims_cli.render import console


def test_working_shows_what_is_done_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = io.StringIO()
    terminal = Console(file=screen, force_terminal=True, width=80)
    monkeypatch.setattr(console, "stderr", lambda: terminal)
    with console.working("Samler tallene …") as doing:
        doing("Tegner figurene …")
    shown = screen.getvalue()
    assert "Tegner figurene …" in shown  # the text as it was last set
    assert shown.endswith("\x1b[2K")  # and the line is cleared when the step is done


def test_working_writes_nothing_where_no_one_watches(capsys: pytest.CaptureFixture[str]) -> None:
    with console.working("Tegner …") as doing:
        doing("Skriver …")
    assert capsys.readouterr() == ("", "")
