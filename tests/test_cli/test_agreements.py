"""`ims lederavtale dialog|resultat|signer` on a lederavtale of the base repository."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ims_cli.cli.app import app
from tests.conftest import MakeRepo, summary

runner = CliRunner()
LA = "records/lederavtaler/LA-2026-0001.yaml"
AGREEMENT = """id: LA-2026-0001
aar: 2026
enhet: OPP-SOL
leder: liv.berg
overordnet: ola.hansen
signert: {leder: 2026-01-10}
mal:
  - id: M1
    fokusomrade: brukere
    beskrivelse: Foresattes tilfredshet
    malverdi: 4.5
    akseptabelt: 4.2
    resultater:
      - {periode: 2026-1, verdi: 4.4}
# oppfølging
lederdialog: []
"""


def ims(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--repo", str(root), *args])
    return result.exit_code, result.output


def changes(before: str, after: str) -> list[str]:
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]


@pytest.fixture
def root(make_repo: MakeRepo) -> Path:
    return make_repo({LA: AGREEMENT})


def test_a_lederdialog_is_added_once(root: Path) -> None:
    args = ["lederavtale", "dialog", "LA-2026-0001", "--dato", "2026-06-12"]
    code, output = ims(root, *args, "--notat", "Tilfredsheten følges opp")
    assert (code, output) == (0, f"{LA}: LA-2026-0001: lederdialog 12.06.2026 skrevet\n")
    assert changes(AGREEMENT, (root / LA).read_text("utf-8")) == [
        "-lederdialog: []",
        "+lederdialog:",
        "+  - {dato: 2026-06-12, referat: Tilfredsheten følges opp}",
    ]
    code, output = ims(root, *args)
    assert code == 2 and "har allerede en lederdialog 12.06.2026" in output
    assert summary(root) == []


def test_a_result_is_added_and_a_correction_replaces_it(root: Path) -> None:
    args = ["lederavtale", "resultat", "LA-2026-0001/M1", "--periode", "2026-2"]
    code, output = ims(root, *args, "--verdi", "4.6")
    assert (code, output) == (0, f"{LA}: LA-2026-0001/M1: resultat 4,6 for 2026-2 skrevet\n")
    once = (root / LA).read_text("utf-8")
    assert changes(AGREEMENT, once) == ["+      - {periode: 2026-2, verdi: 4.6}"]
    code, output = ims(root, *args, "--verdi", "5", "--kommentar", "Rettet tall")
    assert (code, output) == (0, f"{LA}: LA-2026-0001/M1: resultat for 2026-2 er 5 (var 4,6)\n")
    assert changes(once, (root / LA).read_text("utf-8")) == [
        "-      - {periode: 2026-2, verdi: 4.6}",
        "+      - {periode: 2026-2, verdi: 5, kommentar: Rettet tall}",
    ]
    assert summary(root) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["LA-2026-0001/M9", "--periode", "2026", "--verdi", "1"], "har ikke noe mål «M9» (M1)"),
        (["LA-2026-0001/M1", "--periode", "2026-3", "--verdi", "1"], "skriv et år (2026)"),
        (["LA-2026-0009/M1", "--periode", "2026", "--verdi", "1"], "fant ingen gyldig"),
    ],
)
def test_a_result_that_has_no_place_is_refused(root: Path, args: list[str], message: str) -> None:
    code, output = ims(root, "lederavtale", "resultat", *args)
    assert code == 2 and message in output, output
    assert (root / LA).read_text("utf-8") == AGREEMENT


def test_signatures_are_set_once(root: Path) -> None:
    code, output = ims(
        root, "lederavtale", "signer", "LA-2026-0001", "--overordnet", "--dato", "2026-01-20"
    )
    assert (code, output) == (0, f"{LA}: LA-2026-0001: signert av den overordnede 20.01.2026\n")
    assert changes(AGREEMENT, (root / LA).read_text("utf-8")) == [
        "-signert: {leder: 2026-01-10}",
        "+signert: {leder: 2026-01-10, overordnet: 2026-01-20}",
    ]
    code, output = ims(
        root, "lederavtale", "signer", "LA-2026-0001", "--leder", "--dato", "2026-02-01"
    )
    assert code == 2 and "er signert av lederen 10.01.2026; ims endrer ikke" in output
    code, output = ims(root, "lederavtale", "signer", "LA-2026-0001")
    assert code == 2 and "--leder eller --overordnet" in output


@pytest.mark.parametrize("given", ["inf", "-inf", "nan", "1e999"])
def test_a_result_that_is_no_number_to_measure_is_refused(root: Path, given: str) -> None:
    """inf would show the goal green, nan would compare as nothing at all."""
    args = ["lederavtale", "resultat", "LA-2026-0001/M1", "--periode", "2026-2"]
    code, output = ims(root, *args, f"--verdi={given}")
    shown = {"1e999": "inf"}.get(given, given)
    assert (code, output) == (
        2,
        f"ims: --verdi {shown}: skriv et endelig tall, for eksempel 4.2; uendelig (inf) og «ikke "
        "et tall» (nan) kan ikke måles mot målet\n",
    )
    assert (root / LA).read_text("utf-8") == AGREEMENT


def test_a_result_written_as_yaml_s_nan_is_no_number(root: Path) -> None:
    code, output = ims(
        root, "lederavtale", "resultat", "LA-2026-0001/M1", "--periode", "2026", "--verdi=.nan"
    )
    assert code == 2 and "ugyldig verdi for '--verdi': skriv et tall" in output
    assert (root / LA).read_text("utf-8") == AGREEMENT
