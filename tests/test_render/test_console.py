"""The consoles: a spinner for slow steps on a terminal, and nothing at all elsewhere."""

from __future__ import annotations

import io
from datetime import date

import pytest
from rich.console import Console
from rich.text import Text

from ims_cli.analytics.puff import puff, standings
from ims_cli.indexed import load_repository
from ims_cli.render import console
from ims_cli.render import puff as render
from tests.conftest import PROJECT


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


ROWS = [["AVV-2026-0001", Text("2026-01-01 (+3 d)"), "Første"], ["AVV-2026-0002", "", "Andre"]]


def test_into_a_pipe_a_list_is_whole_lines_separated_by_tabs(
    capsys: pytest.CaptureFixture[str],
) -> None:
    long_title = "Første " + "veldig lang tittel " * 10 + "med\tfane"
    console.print_rows("Poster (2)", ("Id", "Frist", "Tittel"), [[*ROWS[0][:2], long_title]])
    assert capsys.readouterr().out.splitlines() == [
        "Id\tFrist\tTittel",
        "AVV-2026-0001\t2026-01-01 (+3 d)\t" + " ".join(long_title.split()),
    ]


def test_a_long_list_is_printed_as_plain_aligned_lines(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(console, "PLAIN_FROM", 2)
    monkeypatch.setattr(console, "stdout", lambda: Console(force_terminal=True))
    console.print_rows("Poster (2)", ("Id", "Frist", "Tittel"), ROWS)
    assert capsys.readouterr().out.splitlines() == [
        "Poster (2)",
        "Id             Frist              Tittel",
        "AVV-2026-0001  2026-01-01 (+3 d)  Første",
        "AVV-2026-0002                     Andre",
    ]


def test_puff_on_a_narrow_terminal_keeps_every_phase(monkeypatch: pytest.MonkeyPatch) -> None:
    repo = load_repository(PROJECT)
    assert repo.organisasjon is not None
    day = date(2026, 11, 22)
    units = puff(standings(repo.records, repo.config), repo.config, repo.organisasjon, day)
    screen = io.StringIO()
    terminal = Console(file=screen, force_terminal=True, width=60, color_system=None)
    monkeypatch.setattr(console, "stdout", lambda: terminal)
    render.print_tree(units, day)
    lines = screen.getvalue().splitlines()
    assert all(len(line) <= 60 for line in lines)
    header = next(line for line in lines if "Planlegge" in line)
    assert all(t in header for t in ("Planlegge", "Utføre", "Følge opp", "Forbedre"))
    first = next(line for line in lines if line.startswith("│Kommunedirekt"))
    assert first.count("rød") + first.count("gul") + first.count("grønn") == 4


def test_the_puff_summary_counts_units_with_their_noun() -> None:
    repo = load_repository(PROJECT)
    assert repo.organisasjon is not None
    units = puff(
        standings(repo.records, repo.config), repo.config, repo.organisasjon, date(2026, 11, 22)
    )
    solstrand = [u for u in units if u.enhet == "OPP-SOLSTRAND"]
    said = "1 enhet; røde per fase: Planlegge 0, Utføre 0, Følge opp 0, Forbedre 0"
    assert render.summary(solstrand) == said
    assert render.summary(units).startswith(f"{len(units)} enheter; røde per fase: Planlegge ")
