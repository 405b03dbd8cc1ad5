"""`ims report lg`: golden Markdown, every 9.3.2 section, numbers that agree with the other
commands, confidentiality and escaping, and `ims new lg --fra-rapport`."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from ims_cli.analytics.management_review import build
from ims_cli.analytics.stats import period
from ims_cli.cli.app import app
from ims_cli.indexed import load_repository
from tests.conftest import PROJECT, MakeRepo
from tests.gitrepo import History

runner = CliRunner()
GOLDEN = PROJECT / "tests" / "golden"
DAY = "2026-11-22"
# The golden reports: regenerate with `python3 dev.py golden`, never from a test run.
CASES = {"lg-KD-2026.md": "KD", "lg-OPP-SOLSTRAND-2026.md": "OPP-SOLSTRAND"}
SECTIONS = [
    "a) Status for beslutninger fra forrige ledelsens gjennomgang",
    "b) Endringer i eksterne og interne forhold",
    "c) Ytelse og effektivitet",
    "d) Ressurser",
    "e) Tiltak mot risiko og deres effekt",
    "f) Muligheter for forbedring og PUFF",
    "Resultat av gjennomgangen (9.3.3)",
]


def ims(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--repo", str(root), *args])
    return result.exit_code, result.output


def report(root: Path, out: Path, *args: str) -> tuple[str, str]:
    code, output = ims(root, "report", "lg", "--as-of", DAY, "--ut", str(out), *args)
    assert code == 0, output
    md = next(out.glob("*.md")).read_text("utf-8")
    page = next(out.glob("*.html")).read_text("utf-8")
    return md, page


@pytest.mark.parametrize("name", CASES)
def test_markdown_matches_the_golden_file(name: str, tmp_path: Path) -> None:
    md, page = report(PROJECT, tmp_path, "--enhet", CASES[name], "--periode", "2026")
    assert md == (GOLDEN / name).read_text("utf-8")
    for section in SECTIONS:
        assert f"## {section}" in md
        assert section.split(" (")[0] in page
    charts = sorted(p.name for p in tmp_path.glob("*.png"))
    stem = name.removesuffix(".md")
    assert charts == [f"{stem}-avvik.png", f"{stem}-puff.png", f"{stem}-risiko.png"]
    assert page.count('src="data:image/png;base64,') == 3
    assert "http://" not in page and "https://" not in page  # self-contained


def test_the_numbers_agree_with_stats_risk_and_puff() -> None:
    repo = load_repository(PROJECT)
    data = build(
        repo,
        "HO",
        period("2026", None, None, date(2026, 11, 22)),
        date(2026, 11, 22),
        audience="intern",
    )
    stats = json.loads(ims(PROJECT, "stats", "--enhet", "HO", "--periode", "2026", "--json")[1])
    assert data.avvik is not None
    assert (data.avvik.total, data.avvik.open, data.avvik.closed) == (
        stats["antall"],
        stats["apne"],
        stats["lukket"],
    )
    risk = json.loads(ims(PROJECT, "risk", "matrix", "--enhet", "HO", "--begge", "--json")[1])
    before = {(c["sannsynlighet"], c["konsekvens"]): len(c["risikoer"]) for c in risk["for"]}
    placed = {(c.sannsynlighet, c.konsekvens): len(c.risks) for c in data.cells_before if c.risks}
    assert placed == before and data.risk_count == sum(before.values())
    puff = json.loads(ims(PROJECT, "puff", "--as-of", DAY, "--json")[1])
    statuses = {u["enhet"]: u["planlegge"]["status"] for u in puff["enheter"]}
    assert {u.enhet: u.phases["planlegge"].status for u in data.puff} == {
        u: s for u, s in statuses.items() if u in {p.enhet for p in data.puff}
    }
    assert {c.enhet for c in data.comparison} == {"HO-BJERKE", "HO-HJEMME", "HO-HELSESTASJON"}


def test_a_virksomhet_is_compared_with_nothing_below_it() -> None:
    """Its avdeling (HO-BJERKE-SKJERMET) has no PUFF of its own, so no row beside it."""
    repo = load_repository(PROJECT)
    span = period("2026", None, None, date(2026, 11, 22))
    data = build(repo, "HO-BJERKE", span, date(2026, 11, 22), audience="intern")
    assert data.comparison == []
    assert [u.enhet for u in data.puff] == ["HO-BJERKE"]


SECRET = (
    "id: AVV-2026-0101\ntype: avvik\ntittel: Hemmelig navn i saken\nmeldt: 2026-03-02\n"
    "enhet: OPP-SOL\nkategori: personvern\nstatus: meldt\ngradering: fortrolig\n"
)
SCRIPT = (
    "id: AVV-2026-0102\ntype: forbedringsforslag\ntittel: <script>alert(1)</script>\n"
    "meldt: 2026-03-03\nenhet: OPP-SOL\nkategori: tjenestekvalitet\nstatus: meldt\n"
)


def test_graded_records_count_but_never_show(make_repo: MakeRepo, tmp_path: Path) -> None:
    root = make_repo(
        {"records/avvik/AVV-2026-0101.yaml": SECRET, "records/avvik/AVV-2026-0102.yaml": SCRIPT}
    )
    md, page = report(root, tmp_path / "intern", "--periode", "2026")
    assert "Hemmelig" not in md and "Hemmelig" not in page
    # the graded one is counted; the forbedringsforslag is not an avvik
    assert "- **Avvik:** 2 meldt i perioden" in md
    assert "vises bare som tall" in md
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>" not in md and "&lt;script&gt;alert(1)&lt;/script&gt;" in md
    md, page = report(root, tmp_path / "apen", "--periode", "2026", "--publikum", "apen")
    assert "Hentebeskjed" not in md and "alert" not in md  # graded intern: not for the public
    assert "- **Avvik:** 2 meldt i perioden" in md


def test_a_decision_record_from_the_filled_in_report(make_repo: MakeRepo, tmp_path: Path) -> None:
    root = make_repo()
    md, _ = report(root, tmp_path, "--enhet", "OPP-SOL", "--periode", "2026")
    source = tmp_path / "lg.md"
    source.write_text(md, encoding="utf-8")
    code, output = ims(root, "new", "lg", "--fra-rapport", str(source))
    assert code == 2 and "blokken er ikke fylt ut" in output
    filled = md.replace("    beskrivelse: …", "    beskrivelse: Ny rutine for henting").replace(
        "med unntak av …", "uten unntak."
    )
    source.write_text(filled, encoding="utf-8")
    code, output = ims(root, "new", "lg", "--fra-rapport", str(source))
    assert (code, output) == (0, "Skrev records/ledelsens-gjennomgang/LG-2026-0001.yaml\n")
    record = (root / "records/ledelsens-gjennomgang/LG-2026-0001.yaml").read_text("utf-8")
    assert "id: LG-2026-0001\nniva: virksomhet\nenhet: OPP-SOL\ndato: 2026-11-22" in record
    assert ims(root, "validate")[0] == 0


ADVICE = "ikke en vanlig fil; pek på Markdown-filen fra «ims report lg»"


@pytest.mark.parametrize(
    ("kind", "said"),
    [
        ("device", f"filen er en spesialfil (en enhet, som /dev/zero), {ADVICE}"),
        ("fifo", f"filen er en spesialfil (en FIFO), {ADVICE}"),
        ("folder", f"filen er en mappe, {ADVICE}"),
        ("missing", "filen finnes ikke"),
        ("large", "filen er 3072 KiB; ims leser høyst 2048 KiB av en slik fil"),
        (
            "latin-1",
            "1:2: byte 0xE5 er ikke gyldig UTF-8 (filen er trolig lagret som Windows-1252 eller "
            "Latin-1); lagre filen som UTF-8 i editoren",
        ),
    ],
)
def test_a_report_that_is_no_readable_file_is_said_so(
    make_repo: MakeRepo, tmp_path: Path, kind: str, said: str
) -> None:
    """/dev/zero never ends and a FIFO waits for a writer: neither is read."""
    source = {"device": Path("/dev/zero"), "folder": tmp_path}.get(kind, tmp_path / "lg.md")
    if kind == "fifo":
        os.mkfifo(source)
    elif kind == "large":
        source.write_bytes(b"x" * 3 * 1024 * 1024)
    elif kind == "latin-1":
        source.write_bytes("På møtet".encode("latin-1"))
    code, output = ims(make_repo(), "new", "lg", "--fra-rapport", str(source))
    separator = ":" if kind == "latin-1" else ": "
    assert (code, output) == (2, f"ims: {source}{separator}{said}\n")


def test_changes_to_the_organisation_in_the_period(make_repo: MakeRepo, tmp_path: Path) -> None:
    history = History(make_repo(), when="2025-12-01T10:00:00")
    org = history.read("records/organisasjon.yaml").replace("Solstrand barnehage", "Solstrand FUS")
    history.commit({"records/organisasjon.yaml": org}, "Nytt navn", when="2026-06-01T10:00:00")
    md, page = report(history.root, tmp_path, "--enhet", "OPP-SOL", "--periode", "2026")
    change = "Enhet OPP-SOL, navn: «Solstrand barnehage» → «Solstrand FUS»"
    assert f"- {change}" in md and f"<li>{change}</li>" in page


def test_a_repository_can_bring_its_own_report_template(
    make_repo: MakeRepo, tmp_path: Path
) -> None:
    own = "# {{ r.organisasjon }}: gjennomgang for {{ r.enhet.navn }}, {{ r.avvik.total }} avvik\n"
    root = make_repo({"templates/report/lg.md.j2": own})
    md, page = report(root, tmp_path, "--periode", "2026")
    assert md == "# Testkommune: gjennomgang for Kommunedirektøren, 1 avvik\n"
    assert "a) Status for beslutninger" in page  # the shipped HTML template still applies


def test_a_process_without_unit_belongs_to_the_kommune(make_repo: MakeRepo, tmp_path: Path) -> None:
    root = make_repo()
    md, _ = report(root, tmp_path / "kommune", "--periode", "2026")
    assert "| PRO-1.1 Opptak |" in md  # the base process has no enhet
    md, _ = report(root, tmp_path / "virksomhet", "--enhet", "OPP-SOL", "--periode", "2026")
    assert "PRO-1.1" not in md


def test_usage_errors(tmp_path: Path) -> None:
    code, output = ims(PROJECT, "report", "lg", "--publikum", "alle", "--ut", str(tmp_path))
    assert code == 2 and "--publikum «alle» finnes ikke" in output
    code, output = ims(PROJECT, "report", "lg", "--enhet", "X", "--ut", str(tmp_path))
    assert code == 2 and "enheten «X» finnes ikke" in output


def test_a_period_without_avvik_still_gives_a_report(make_repo: MakeRepo, tmp_path: Path) -> None:
    md, page = report(make_repo(), tmp_path, "--periode", "2025")
    assert all(section in md for section in SECTIONS)
    assert "-avvik.png" not in md and "ims-diagram-" not in page


def test_long_lists_are_cut_summarised_per_unit_and_given_whole_in_the_appendix(
    tmp_path: Path,
) -> None:
    code, output = ims(
        PROJECT,
        "report",
        "lg",
        "--enhet",
        "KD",
        "--periode",
        "2026",
        "--as-of",
        DAY,
        "--ut",
        str(tmp_path),
    )
    assert code == 0, output
    appendix = tmp_path / "lg-KD-2026-vedlegg.xlsx"
    assert f"Skrev {appendix} (de lange listene i sin helhet)" in output
    md = (tmp_path / "lg-KD-2026.md").read_text("utf-8")
    page = (tmp_path / "lg-KD-2026.html").read_text("utf-8")
    data = build(
        load_repository(PROJECT),
        "KD",
        period("2026", None, None, date(2026, 11, 22)),
        date(2026, 11, 22),
        audience="intern",
    )
    goals = len(data.goals)
    assert goals > 15 and md.count("| LA-") == 15  # the first 15 goals, one row each
    where = "hele listen står i vedlegget lg-KD-2026-vedlegg.xlsx, arket «Mål»."
    assert f"Her står 15 av {goals}; {where}" in md
    per_unit = dict(data.long["mal"].per_unit)
    assert sum(per_unit.values()) == goals and set(per_unit) <= {
        "Helse og omsorg",
        "Oppvekst og utdanning",
        "Teknikk og miljø",
        "Organisasjon og digitalisering",
        "Kommunedirektøren",
    }
    assert "lg-KD-2026-vedlegg.xlsx</code>, arket «Mål»" in page
    book = load_workbook(appendix)
    sheet = book["Mål"]
    assert [c.value for c in sheet[1]][:3] == ["Enhet", "Mål", "Beskrivelse"]
    assert sorted(r[1] for r in sheet.iter_rows(min_row=2, values_only=True)) == sorted(
        g.ref for g in data.goals
    )
    # exactly 14 overdue tiltak (LA-2026-0009/T1 is ROS-2026-0004/T1, counted once; the varsel's
    # VAR-2026-0001/T1 is not in the report): shown whole
    assert len(data.tiltak_overdue) == 14 and "tiltak" not in data.long
    assert book.sheetnames == ["Mål", "Om uttrekket"]


def test_the_html_has_no_fill_in_parts_the_markdown_has_them(tmp_path: Path) -> None:
    md, page = report(PROJECT, tmp_path, "--enhet", "OPP-SOLSTRAND", "--periode", "2026")
    assert "> Fyll inn:" in md and "```yaml" in md
    assert "Fyll inn" not in page and "&nbsp;" not in page
    assert not (tmp_path / "lg-OPP-SOLSTRAND-2026-vedlegg.xlsx").exists()  # nothing was long


def test_a_lovkrav_is_late_in_the_report_the_day_after_its_review_was_due() -> None:
    """LOV-FOR-LEGEMIDDEL-4 (Bjerke sykehjem) was last reviewed 10.09.2025: due 10.09.2026."""
    repo = load_repository(PROJECT)

    def late(unit: str, day: date) -> list[str]:
        span = period("2026", None, None, day)
        return [i.id for i in build(repo, unit, span, day, audience="intern").lovkrav_late]

    assert late("HO-BJERKE", date(2026, 9, 10)) == []
    assert late("HO-BJERKE", date(2026, 9, 11)) == ["LOV-FOR-LEGEMIDDEL-4"]
    assert late("HO", date(2026, 9, 11)) == ["LOV-FOR-LEGEMIDDEL-4"]  # a unit below it
    assert late("OPP", date(2026, 9, 11)) == []
