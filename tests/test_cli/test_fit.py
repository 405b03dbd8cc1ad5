"""Output that fits where it is read: on a terminal (COLUMNS, TTY_COMPATIBLE=1 as rich reads it)
as wide as the terminal; into a pipe or a file nothing cut and no trailing spaces."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from ims_cli.cli.app import app
from tests.conftest import PROJECT

runner = CliRunner()
DAY = "2026-11-22"
EXPECTED_PUFF_60 = (
    "PUFF per 22.11.2026\n"
    "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━┳━━━━━━━┳━━━━━━━┳━━━━━━┓\n"
    "┃Enhet                      ┃ P     ┃ U     ┃ Fø    ┃ Fo   ┃\n"
    "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━╇━━━━━━━╇━━━━━━━╇━━━━━━┩\n"
    "│Kommunedirektøren (KD)     │ rød   │ rød   │ gul   │ rød  │\n"
    "│  Oppvekst og utdan… (OPP) │ rød   │ grønn │ gul   │ rød  │\n"
    "│    Solst… (OPP-SOLSTRAND) │ grønn │ grønn │ grønn │ grønn│\n"
    "│    Bak… (OPP-BAKKEHAUGEN) │ rød   │ grønn │ grønn │ gul  │\n"
    "│    Pedagogisk-… (OPP-PPT) │ rød   │ grønn │ gul   │ grønn│\n"
    "│  Helse og omsorg (HO)     │ rød   │ rød   │ gul   │ gul  │\n"
    "│    Bjerke sy… (HO-BJERKE) │ rød   │ rød   │ rød   │ gul  │\n"
    "│    Hjemmetje… (HO-HJEMME) │ rød   │ gul   │ grønn │ gul  │\n"
    "│    Hel… (HO-HELSESTASJON) │ rød   │ grønn │ grønn │ grønn│\n"
    "│  Teknikk og miljø (TEK)   │ rød   │ rød   │ grønn │ rød  │\n"
    "│    Vann og avløp (TEK-VA) │ rød   │ rød   │ grønn │ gul  │\n"
    "│    Eiendom (TEK-EIENDOM)  │ rød   │ grønn │ grønn │ gul  │\n"
    "│  Organisasjon og d… (ORG) │ rød   │ rød   │ rød   │ rød  │\n"
    "│    IKT og digi… (ORG-IKT) │ rød   │ rød   │ gul   │ gul  │\n"
    "│    HR og person… (ORG-HR) │ rød   │ grønn │ rød   │ grønn│\n"
    "└───────────────────────────┴───────┴───────┴───────┴──────┘\n"
    "P = Planlegge, U = Utføre, Fø = Følge opp, Fo = Forbedre\n"
    "15 enheter; røde per fase: Planlegge 14, Utføre 7, Følge opp 3, Forbedre 4\n"
)
TERMINAL_60 = {"TTY_COMPATIBLE": "1", "COLUMNS": "60", "NO_COLOR": "1"}


def ims(*args: str, env: dict[str, str] | None = None) -> str:
    result = runner.invoke(app, ["--repo", str(PROJECT), *args], env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(autouse=True)
def no_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in a shell, where COLUMNS is not exported to a pipe."""
    for name in ("COLUMNS", "TTY_COMPATIBLE", "FORCE_COLOR", "LINES"):
        monkeypatch.delenv(name, raising=False)


def test_a_pipe_gets_the_top_risks_whole() -> None:
    assert ims("risk", "top", "-n", "3") == (
        "Høyeste risikoer før tiltak\n"
        "┏━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━┳━━━━━━━━━━━━━━━━┳━━━━━━━━━━━┓\n"
        "┃Risiko           ┃ Enhet     ┃ Område                ┃ Score  ┃ Tiltak         ┃ Restrisiko┃\n"  # noqa: E501
        "┡━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━╇━━━━━━━━━━━━━━━━╇━━━━━━━━━━━┩\n"
        "│ROS-2026-0001/R1 │ HO-BJERKE │ tjenesteleveranse     │ 16 høy │ 2 (1 fullført) │ 8 middels │\n"  # noqa: E501
        "│ROS-2026-0003/R3 │ KD        │ beredskap             │ 16 høy │ 1              │ 9 middels │\n"  # noqa: E501
        "│ROS-2026-0004/R1 │ ORG-IKT   │ informasjonssikkerhet │ 16 høy │ 2 (1 fullført) │ 8 middels │\n"  # noqa: E501
        "└─────────────────┴───────────┴───────────────────────┴────────┴────────────────┴───────────┘\n"
        "ROS-2026-0001/R1: Legemidler deles ut uten at utdelingen signeres, fordi nyansatte og "
        "vikarer på natt ikke kjenner rutinen. Pasienten kan få dobbel dose.\n"
        "ROS-2026-0003/R3: Overvann og flom i Storelva stenger veier og oversvømmer kjellere i "
        "sentrum.\n"
        "ROS-2026-0004/R1: (gradert)\n"  # a fortrolig ROS: its text never reaches a pipe
    )


def test_a_pipe_gets_no_trailing_spaces_and_nothing_cut() -> None:
    shown = ims("show", "ROS-2026-0001", "--as-of", DAY)
    assert shown.splitlines()[3] == (
        "beskrivelse       Gjennomgang av hele legemiddelforløpet fra bestilling til utdeling og "
        "dokumentasjon, etter økning i avvik om manglende signering høsten 2025."
    )
    for args in (["show", "ROS-2026-0001"], ["show", "LA-2026-0001"], ["risk", "matrix"]):
        lines = (
            ims(*args, "--as-of", DAY).splitlines()
            if args[0] == "show"
            else ims(*args).splitlines()
        )
        assert [line for line in lines if line != line.rstrip()] == []
        assert [line for line in lines if "…" in line] == []


def test_the_risk_matrix_fits_a_terminal_of_60_columns() -> None:
    shown = ims("risk", "matrix", "--enhet", "OPP", env=TERMINAL_60)
    assert shown.split("\n\n")[0] == (
        "Oppvekst og utdanning (OPP) med underenheter – 16 risikoer i 3 ROS: før tiltak\n"
        "┏━━━━━━━━━━━━━━━━━━━┳━━━━━━━┳━━━━━━━┳━━━━━━━┳━━━━━━━┳━━━━━━┓\n"
        "┃Sannsynlighet ↓    ┃       ┃       ┃       ┃       ┃      ┃\n"
        "┃Konsekvens →       ┃   1   ┃   2   ┃   3   ┃   4   ┃   5  ┃\n"
        "┡━━━━━━━━━━━━━━━━━━━╇━━━━━━━╇━━━━━━━╇━━━━━━━╇━━━━━━━╇━━━━━━┩\n"
        "│5 Svært sannsynlig │  · M  │  · M  │  · H  │  · H  │  · H │\n"
        "├───────────────────┼───────┼───────┼───────┼───────┼──────┤\n"
        "│4 Sannsynlig       │  · L  │  3 M  │  · H  │  · H  │  · H │\n"
        "├───────────────────┼───────┼───────┼───────┼───────┼──────┤\n"
        "│3 Moderat          │  · L  │  · M  │  2 M  │  1 H  │  · H │\n"
        "├───────────────────┼───────┼───────┼───────┼───────┼──────┤\n"
        "│2 Lite sannsynlig  │  · L  │  2 L  │  1 M  │  2 M  │  2 M │\n"
        "├───────────────────┼───────┼───────┼───────┼───────┼──────┤\n"
        "│1 Svært lite       │  · L  │  · L  │  · L  │  · L  │  3 M │\n"
        "│sannsynlig         │       │       │       │       │      │\n"
        "└───────────────────┴───────┴───────┴───────┴───────┴──────┘\n"
        "Konsekvens: 1 Svært liten, 2 Liten, 3 Moderat, 4 Alvorlig, 5 Svært alvorlig\n"
        "Nivå etter score (sannsynlighet × konsekvens): L = lav 1–4, M = middels 5–10, H = høy "
        "11–25"
    )


def test_a_wide_terminal_keeps_the_labels_over_the_columns() -> None:
    shown = ims("risk", "matrix", "--enhet", "OPP", env={**TERMINAL_60, "COLUMNS": "100"})
    assert (
        "┃Konsekvens →            ┃ Svært liten ┃ Liten ┃ Moderat ┃ Alvorlig ┃ Svært alvorlig┃"
        in shown
    )
    assert "Konsekvens: 1 Svært liten" not in shown


def test_the_puff_tree_at_60_columns_keeps_every_unit_id() -> None:
    assert ims("puff", "--as-of", DAY, env=TERMINAL_60) == EXPECTED_PUFF_60
