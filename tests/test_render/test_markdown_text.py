"""Record text in Markdown (a PR comment, a CI summary, a Teams message, a report) is shown as it
was written and does nothing: no image loaded, no link, no raw HTML, no @team pinged, no table
broken — one function, `md_text`, used by every Markdown renderer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from ims_cli.cli.app import app
from ims_cli.render.markdown_text import md_text
from tests.conftest import MakeRepo
from tests.gitrepo import History

HOSTILE = [
    "![sporing](https://evil.example/pixel.png)",
    "[klikk her](https://evil.example/login)",
    "@kommune/kvalitet og @ola se på dette",
    "<script>alert(1)</script><img src=x onerror=alert(2)>",
    "se https://evil.example/x og www.evil.example",
    "skriv til liv@evil.example",
    "a | b | c",
    "`kode` *fet* _kursiv_ ~~borte~~ # overskrift",
    "<https://evil.example>",
    "linje én\nlinje to",
]
MENTION = re.compile(r"@[A-Za-z0-9]")  # what GitHub and Teams take for a mention


def rendered(text: str) -> str:
    return str(MarkdownIt("gfm-like", {"linkify": False}).render(text))


@pytest.mark.parametrize("text", HOSTILE)
def test_record_text_does_nothing_in_markdown(text: str) -> None:
    shown = md_text(text)
    assert "\n" not in shown
    html = rendered(f"| a |\n|---|\n| {shown} |\n")
    for tag in ("<img", "<a ", "<script", "<em", "<strong", "<code", "<s>", "<del", "<h1"):
        assert tag not in html, (tag, html)
    assert html.count("<td>") == 1  # the cell stays whole
    assert not MENTION.search(shown)
    assert "://" not in shown and "www." not in shown  # nothing a renderer makes a link of


def test_what_is_read_is_what_was_written() -> None:
    """The escapes are Markdown's own, and the joiners do not show."""
    html = rendered(md_text("5 * 3 = 15, [vedlegg] og @ola"))
    visible = re.sub(r"<[^>]+>", "", html).replace("\u200d", "").strip()
    assert visible == "5 * 3 = 15, [vedlegg] og @ola"


HOSTILE_AVVIK = """id: AVV-2026-0101
type: avvik
tittel: "![x](https://evil.example/p.png) @kommune/kvalitet <script>alert(1)</script>"
meldt: 2026-03-01
enhet: OPP-SOL
kategori: hms
status: under_behandling
tiltak:
  - id: T1
    beskrivelse: "[klikk](https://evil.example) @ola <script>x</script>"
    ansvarlig: liv.berg
    frist: 2026-04-01
    status: pagar
"""


def _clean(markdown: str) -> None:
    html = rendered(markdown)
    assert "<img" not in html and "<a " not in html and "<script" not in html
    assert not re.search(r"@(kommune|ola)", markdown)
    assert "https://" not in markdown


def test_diff_md_neutralises_record_text(make_repo: MakeRepo) -> None:
    history = History(make_repo())
    history.commit({"records/avvik/AVV-2026-0101.yaml": HOSTILE_AVVIK}, "Nytt avvik")
    result = CliRunner().invoke(
        app, ["--repo", str(history.root), "diff", "HEAD~1..HEAD", "--format", "md"]
    )
    assert "AVV-2026-0101" in result.output
    _clean(result.output)


def test_check_md_and_varsel_md_neutralise_record_text(make_repo: MakeRepo, tmp_path: Path) -> None:
    root = make_repo({"records/avvik/AVV-2026-0101.yaml": HOSTILE_AVVIK})
    org = root / "records/organisasjon.yaml"
    org.write_text(org.read_text().replace("id: liv.berg,", "id: liv.berg, epost: liv@x.example,"))
    runner = CliRunner()
    result = runner.invoke(
        app, ["--repo", str(root), "check", "--as-of", "2026-11-22", "--format", "md"]
    )
    assert "AVV-2026-0101/T1" in result.output
    _clean(result.output)
    out = tmp_path / "ut"
    result = runner.invoke(
        app, ["--repo", str(root), "varsel", "--as-of", "2026-11-22", "--ut", str(out)]
    )
    assert result.exit_code == 0, result.output
    teams = (out / "liv.berg.md").read_text("utf-8")
    assert "AVV-2026-0101/T1" in teams
    _clean(teams)
