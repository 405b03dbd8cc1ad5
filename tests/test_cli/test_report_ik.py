"""`ims report ik`: the yearly internkontroll report to the kommunestyre — golden Markdown, the
maturity chart inside the HTML, numbers that agree with the other commands, and graded text left
out as in `report lg`."""

from __future__ import annotations

import json
import shutil
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
    command = ["--repo", str(root), "report", "ik", "--aar", "2026", "--as-of", DAY]
    result = runner.invoke(app, [*command, "--ut", str(out), *args])
    assert result.exit_code == 0, result.output
    stem = "ik-2026" + ("-apen" if "apen" in args else "")
    assert result.stdout == f"Skrev {out / stem}.md\nSkrev {out / stem}.html\n"
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
        f"{late['F003']} av 13 prosessbeskrivelser over revisjonsdatoen, "
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


REPORTS = """internkontroll:
  rapporter:
    - {aar: 2025, behandlet: {dato: 2026-04-23, sak: PS 24/26}}
%s"""


def test_the_report_tells_how_last_year_was_treated_and_warns_of_this_one(
    make_repo: MakeRepo, tmp_path: Path
) -> None:
    root = make_repo({"ims.yaml": REPORTS % "    - {aar: 2026, behandlet: null}\n"})
    args = ["--repo", str(root), "report", "ik", "--aar", "2026", "--as-of", DAY]
    result = runner.invoke(app, [*args, "--ut", str(tmp_path)])
    assert result.exit_code == 0, result.output
    md = (tmp_path / "ik-2026.md").read_text("utf-8")
    assert "- **Rapporten for 2025:** behandlet i kommunestyret 23.04.2026, sak PS 24/26.\n" in md
    assert result.stderr == (
        "Merk: rapporten for 2026 er ikke registrert behandlet i kommunestyret (kommuneloven "
        "§ 25-2). Når den er behandlet, før inn «behandlet: {dato: ÅÅÅÅ-MM-DD, sak: …}» for "
        "aar: 2026 under internkontroll.rapporter i ims.yaml.\n"
    )
    treated = REPORTS % "    - {aar: 2026, behandlet: {dato: 2027-04-22, sak: PS 20/27}}\n"
    (root / "ims.yaml").write_text(treated, encoding="utf-8")
    again = runner.invoke(app, [*args, "--ut", str(tmp_path)])
    assert again.exit_code == 0 and again.stderr == ""


def test_f011_warns_when_a_years_report_is_not_treated_in_time(make_repo: MakeRepo) -> None:
    """From the first year listed, each year's report is due in kommunestyret by 30 June of the
    next year (frister.internkontroll_rapport_maaneder, 6)."""
    root = make_repo({"ims.yaml": REPORTS % "    - {aar: 2026, behandlet: null}\n"})

    def f011(day: str) -> list[tuple[str, str, int | None, str, int]]:
        args = ["--repo", str(root), "check", "--as-of", day, "--format", "json"]
        found = json.loads(runner.invoke(app, args).output)["funn"]
        return [
            (f["alvor"], f["fil"], f["linje"], f["frist"], f["dager_forfalt"])
            for f in found
            if f["kode"] == "F011"
        ]

    assert f011("2027-06-30") == []
    assert f011("2027-07-01") == [("advarsel", "ims.yaml", 2, "2027-06-30", 1)]
    args = ["--repo", str(root), "check", "--as-of", "2027-07-01"]
    text = runner.invoke(app, args).output
    assert (
        "ims.yaml:2:3: advarsel F011 internkontrollrapporten for 2026 er ikke registrert behandlet "
        "i kommunestyret (kommuneloven § 25-2); før inn «behandlet: {dato: ÅÅÅÅ-MM-DD, sak: …}» "
        "for aar: 2026 under internkontroll.rapporter i ims.yaml (1 dag over fristen 30.06.2027) "
        "[2026]"
    ) in text


def test_f011_follows_only_the_years_from_the_first_listed(make_repo: MakeRepo) -> None:
    """Without a list nothing is followed up; a year before the first listed is not either."""
    for settings in ("", REPORTS % ""):
        root = make_repo({"ims.yaml": settings})
        args = ["--repo", str(root), "check", "--as-of", "2026-12-01", "--format", "json"]
        found = json.loads(runner.invoke(app, args).output)["funn"]
        assert [f for f in found if f["kode"] == "F011"] == []
        shutil.rmtree(root)
