"""`ims report ik`: the yearly internkontroll report to the kommunestyre — golden Markdown, the
maturity chart inside the HTML, numbers that agree with the other commands, and graded text left
out as in `report lg`."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from ims_cli.cli.app import app
from tests.conftest import PROJECT, MakeRepo

runner = CliRunner()
GOLDEN = PROJECT / "tests" / "golden"
DAY = "2026-11-22"
SECTIONS = [
    "Sammendrag",
    "1. Internkontrollsystemet og hvordan det holdes ved like",
    "2. Avvik og uønskede hendelser",
    "3. Personvern og HMS",
    "4. Tilsyn og revisjoner",
    "5. Modenhet i internkontrollen",
    "6. Forbedringstiltak",
]


def ims(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--repo", str(root), *args])
    return result.exit_code, result.output


def report(root: Path, out: Path, *args: str) -> tuple[str, str]:
    code, output = ims(
        root, "report", "ik", "--aar", "2026", "--as-of", DAY, "--ut", str(out), *args
    )
    assert code == 0, output
    stem = "ik-2026" + ("-apen" if "apen" in args else "")
    assert output == f"Skrev {out / stem}.md\nSkrev {out / stem}.html\n"
    return (out / f"{stem}.md").read_text("utf-8"), (out / f"{stem}.html").read_text("utf-8")


def test_markdown_matches_the_golden_file_and_the_html_holds_the_chart(tmp_path: Path) -> None:
    md, page = report(PROJECT, tmp_path)
    assert md == (GOLDEN / "ik-2026.md").read_text("utf-8")
    for section in SECTIONS:
        assert f"## {section}" in md and section in page
    assert sorted(p.name for p in tmp_path.glob("*.png")) == ["ik-2026-modenhet.png"]
    assert page.count('src="data:image/png;base64,') == 1
    assert "http://" not in page and "https://" not in page  # self-contained


def test_the_numbers_agree_with_stats_and_check(tmp_path: Path) -> None:
    md, _ = report(PROJECT, tmp_path)
    stats = json.loads(ims(PROJECT, "stats", "--periode", "2026", "--as-of", DAY, "--json")[1])
    assert f"**Avvik og uønskede hendelser:** {stats['antall']} meldt" in md
    _, checked = ims(PROJECT, "check", "--as-of", DAY, "--format", "json")
    found = json.loads(checked)["funn"]
    late = {code: sum(1 for f in found if f["kode"] == code) for code in ("F002", "F003", "F008")}
    assert (
        f"{late['F003']} av 12 prosessbeskrivelser over revisjonsdatoen, "
        f"{late['F002']} av 8 ROS over evalueringsdatoen, {late['F008']} av 14 lovkrav"
    ) in md


SECRET_EV = """id: EV-2026-0009
enhet: OPP
dato: 2026-10-01
gradering: fortrolig
omrader:
  - omrade: risikostyring
    na: 2
    ambisjon: 3
    begrunnelse: Hemmelig vurdering av rektor
    tiltak:
      - id: T1
        beskrivelse: Hemmelig tiltak
        ansvarlig: liv.berg
        frist: 2027-01-01
        status: planlagt
"""
INTERN_AVVIK = """id: AVV-2026-0101
type: avvik
tittel: Intern tittel om nøkkelskap
meldt: 2026-03-02
enhet: OPP-SOL
kategori: tjenestekvalitet
alvorlighet: 5
status: meldt
"""


def test_graded_text_is_left_out_and_counted(make_repo: MakeRepo, tmp_path: Path) -> None:
    root = make_repo(
        {
            "records/egenvurderinger/EV-2026-0009.yaml": SECRET_EV,
            "records/avvik/AVV-2026-0101.yaml": INTERN_AVVIK,
        }
    )
    md, page = report(root, tmp_path / "intern")
    assert "Hemmelig" not in md and "Hemmelig" not in page
    assert "| risikostyring | 2 Formalisert | 3 Systematisert |  |" in md  # the levels still show
    assert "| EV-2026-0009/T1 | (gradert) | Liv Berg | 01.01.2027 | planlagt |" in md
    assert "- AVV-2026-0101 Intern tittel om nøkkelskap – Solstrand barnehage" in md
    assert "(1 post vises bare som tall)" in md
    md, page = report(root, tmp_path / "apen", "--publikum", "apen")
    assert "nøkkelskap" not in md and "nøkkelskap" not in page  # intern: not for the public
    assert "- AVV-2026-0101 (gradert) – Solstrand barnehage, alvorlighet 5, meldt" in md
    assert "åpen versjon" in md


def test_without_an_egenvurdering_the_report_says_so(make_repo: MakeRepo, tmp_path: Path) -> None:
    md, page = report(make_repo(), tmp_path)
    assert "- **Modenhet:** ingen egenvurdering av internkontrollen ennå" in md
    assert "Ingen enhet har gjort en egenvurdering av internkontrollen ennå." in page
    assert list(tmp_path.glob("*.png")) == []


def test_the_year_must_be_one_that_has_begun(tmp_path: Path) -> None:
    code, output = ims(PROJECT, "report", "ik", "--aar", "2031", "--as-of", DAY)
    assert (code, output) == (2, "ims: --aar 2031: velg et år fra 1900 til 2026\n")


LATE_PROCESS = """---
id: PRO-9.{n}
tittel: Sen prosess {n}
type: hovedprosess
eier: liv.berg
versjon: 1
godkjent: 2024-01-10
neste_revisjon: 2026-01-{n:02d}
---
Tekst.
"""


def test_a_long_list_shows_fifteen_and_says_how_many_more(
    make_repo: MakeRepo, tmp_path: Path
) -> None:
    root = make_repo(
        {f"records/prosesser/9.{n}.md": LATE_PROCESS.format(n=n) for n in range(1, 17)}
    )
    md, page = report(root, tmp_path)
    shown = [line for line in md.splitlines() if line.startswith("- PRO-9.")]
    assert shown[0] == "- PRO-9.1 Sen prosess 1 (revisjon 01.01.2026)"
    assert len(shown) == 15 and shown[-1].startswith("- PRO-9.15 ")  # the earliest due first
    assert "- … og 1 til (16 i alt)" in md
    assert "Her står 15 av 16." in page
