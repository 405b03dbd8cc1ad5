"""The consoles: a spinner for slow steps on a terminal, and nothing at all elsewhere."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from rich.text import Text

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


def test_a_long_list_is_printed_as_plain_aligned_lines(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(console, "PLAIN_FROM", 2)
    rows = [["AVV-2026-0001", Text("2026-01-01 (+3 d)"), "Første"], ["AVV-2026-0002", "", "Andre"]]
    console.print_rows("Poster (2)", ("Id", "Frist", "Tittel"), rows)
    assert capsys.readouterr().out.splitlines() == [
        "Poster (2)",
        "Id             Frist              Tittel",
        "AVV-2026-0001  2026-01-01 (+3 d)  Første",
        "AVV-2026-0002                     Andre",
    ]
