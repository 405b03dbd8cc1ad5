"""`ims revisjon avvik`: an audit's finding becomes an avvik, and the finding points at it."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ims_cli.cli.app import app
from tests.conftest import MakeRepo, summary

runner = CliRunner()
REV = "records/revisjoner/REV-2026-0001.yaml"
AUDIT = """id: REV-2026-0001
type: tilsyn
tittel: Tilsyn med barnehagemiljøet
enhet: OPP-SOL
planlagt: 2026-03-01
gjennomfort: 2026-03-10
revisor: Statsforvalteren
gradering: intern
funn:
  - id: F1
    type: avvik
    beskrivelse: Barnehagen hadde ikke rutiner for å gripe inn ved krenkelser.
    lovkrav: [LOV-KL-25-1]
  - id: F2
    type: merknad
    beskrivelse: Planen for barnehagemiljø var ikke kjent for alle ansatte.
"""


# The template's blocks the law asks of some avvik, left as comments when they do not apply
LAW_BLOCKS_COMMENTED = [
    "# personvern:             # brudd på personopplysningssikkerheten (art. 33/34); påkrevd for "
    "kategori personvern",
    "#   brudd: uavklart       # ja | nei | uavklart; med nei: begrunnelse",
    "#   oppdaget: 2026-03-10T09:15   # 72 timer til Datatilsynet regnes herfra",
    "#   risiko: risiko        # lav | risiko | hoy_risiko; med lav: begrunnelse",
    "#   meldt_datatilsynet: null",
    "# hms:                    # personskade eller vold (arbeidsmiljøloven §§ 5-1 og 5-2)",
    "#   personskade: lettere  # ingen | lettere | alvorlig | dodsfall",
    "#   vold_og_trusler: false",
    "#   varslet_arbeidstilsynet: null   # alvorlig eller dodsfall: straks, samme dag",
    "#   varslet_politi: null",
    "#   skriftlig_melding_arbeidstilsynet: null",
    "# pasientsikkerhet:       # alvorlig hendelse i helse- og omsorgstjenesten "
    "(helse- og omsorgstjenesteloven § 12-3 a)",
    "#   alvorlig_hendelse: dodsfall   # nei | dodsfall | svaert_alvorlig_skade",
    "#   varslet_helsetilsynet: null   # straks, samme dag",
]


def ims(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--repo", str(root), *args])
    return result.exit_code, result.output


@pytest.fixture
def root(make_repo: MakeRepo) -> Path:
    return make_repo({REV: AUDIT})


def test_a_finding_becomes_an_avvik_that_it_points_at(root: Path) -> None:
    code, output = ims(root, "revisjon", "avvik", "REV-2026-0001/F1", "--kategori", "hms")
    new = "records/avvik/2026/AVV-2026-0101.yaml"  # after AVV-2026-0100 of the base repository
    assert (code, output) == (
        0,
        f"Skrev {new}: AVV-2026-0101 laget fra REV-2026-0001/F1; {REV} viser til det\n",
    )
    # written as `ims new avvik` writes one: the template's order and comments, the data in it
    assert (root / new).read_text("utf-8") == (
        "# Fra funn REV-2026-0001/F1\n"
        "# Avvik meldt 2026-03-10. Årsaksanalyse og tiltak kommer under behandlingen.\n"
        "id: AVV-2026-0101\n"
        "type: tilsynsfunn        # avvik | uonsket_hendelse | forbedringsforslag | "
        "positiv_tilbakemelding | tilsynsfunn | revisjonsfunn\n"
        "tittel: Barnehagen hadde ikke rutiner for å gripe inn ved krenkelser.\n"
        "beskrivelse: |-\n"
        "  Barnehagen hadde ikke rutiner for å gripe inn ved krenkelser.\n"
        "\n"
        "  (Funn REV-2026-0001/F1: Tilsyn med barnehagemiljøet)\n"
        "meldt: 2026-03-10\n"
        "kilde: tilsyn      # ansatt | innbygger | tilsyn | intern_revisjon | ekstern_revisjon "
        "| ros | vernerunde\n"
        "funn: REV-2026-0001/F1\n"
        "enhet: OPP-SOL\n"
        "kategori: hms   # hms | informasjonssikkerhet | personvern | tjenestekvalitet | miljo | "
        "etikk | okonomi | beredskap\n"
        "gradering: intern       # apen | intern | fortrolig | strengt_fortrolig\n"
        "lovkrav: [LOV-KL-25-1]\n"
        "status: meldt           # meldt | under_behandling | tiltak_iverksatt | lukket | avvist | "
        "videresendt\n" + "".join(line + "\n" for line in LAW_BLOCKS_COMMENTED)
    )
    after = (root / REV).read_text("utf-8")
    diff = difflib.unified_diff(AUDIT.splitlines(), after.splitlines(), lineterm="", n=0)
    assert [line for line in diff if line[:1] in "+-"][2:] == ["+    avvik: AVV-2026-0101"]
    assert summary(root) == []
    code, output = ims(root, "revisjon", "avvik", "REV-2026-0001/F1")
    assert code == 2 and "REV-2026-0001/F1 er allerede ført som AVV-2026-0101" in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["REV-2026-0001/F2"], "er en merknad; den følges ikke opp som avvik"),
        (["REV-2026-0001/F9"], "har ikke noe funn «F9» (F1, F2)"),
        (["REV-2026-0009/F1"], "fant ingen gyldig post REV-2026-0009 (revisjon)"),
        (["REV-2026-0001/F1", "--kategori", "vaer"], "--kategori «vaer» finnes ikke"),
    ],
)
def test_what_cannot_become_an_avvik_is_refused(root: Path, args: list[str], message: str) -> None:
    code, output = ims(root, "revisjon", "avvik", *args)
    assert code == 2 and message in output, output
    assert not (root / "records/avvik/2026").exists()


def test_the_avvik_is_taken_back_when_the_finding_cannot_be_written(root: Path) -> None:
    (root / REV).chmod(0o444)
    code, output = ims(root, "revisjon", "avvik", "REV-2026-0001/F1")
    assert code == 2 and "skrivebeskyttet" in output
    assert list((root / "records/avvik/2026").iterdir()) == []
    assert (root / REV).read_text("utf-8") == AUDIT
