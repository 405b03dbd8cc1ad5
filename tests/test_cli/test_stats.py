"""`ims stats` on the example records: the numbers, JSON, charts and usage errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ims_cli.cli.app import app
from tests.conftest import PROJECT, MakeRepo

runner = CliRunner()


def ims(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--repo", str(PROJECT), "stats", *args])
    return result.exit_code, result.output


def test_json_for_a_tjenesteomrade_and_a_year() -> None:
    code, output = ims("--enhet", "HO", "--periode", "2026", "--json")
    assert code == 0
    result = json.loads(output)
    assert result["periode"] == {"fra": "2026-01-01", "til": "2026-12-31"}
    assert result["forrige_periode"] == {"fra": "2025-01-01", "til": "2025-12-31"}
    assert result["antall"] == sum(result["per_maned"].values()) == len(result["avvik"])
    assert result["antall"] == result["apne"] + result["lukket"]
    assert sum(result["per_enhet"].values()) == result["antall"]
    assert set(result["per_enhet"]) <= {"HO", "HO-BJERKE", "HO-HJEMME", "HO-HELSESTASJON"}
    assert all(a.startswith("AVV-2026-") for a in result["avvik"])


def test_terminal_tables_and_charts(tmp_path: Path) -> None:
    chart = tmp_path / "avvik.png"
    code, output = ims("--periode", "2026", "--png", str(chart), "--as-of", "2026-11-22")
    assert code == 0
    assert output.startswith("Avvik for Eksempel kommune, 2026\n")
    assert "Per kategori" in output and "Hyppigste årsaker" in output
    assert "PRO-2.2.1 Legemiddelhåndtering i sykehjem" in output
    assert chart.read_bytes().startswith(b"\x89PNG")


def test_usage_errors() -> None:
    assert ims("--periode", "i fjor")[0] == 2
    code, output = ims("--periode", "2026", "--fra", "2026-01-01")
    assert code == 2 and "enten --periode eller --fra/--til" in output
    code, output = ims("--enhet", "FINNES-IKKE")
    assert code == 2 and "finnes ikke" in output


@pytest.mark.parametrize("option", ["--kategori", "--type", "--kilde"])
def test_a_filter_value_that_does_not_exist_is_a_usage_error(option: str) -> None:
    result = CliRunner().invoke(app, ["--repo", str(PROJECT), "stats", option, "hsm"])
    assert result.exit_code == 2
    assert f"{option} «hsm» finnes ikke; bruk" in result.output


def test_breaches_and_injuries_are_counted_with_how_they_were_reported() -> None:
    code, output = ims("--periode", "2025", "--json", "--as-of", "2026-11-22")
    assert code == 0
    document = json.loads(output)
    # AVV-2025-0003 in time; AVV-2025-0010 of low risk, with its reason (not to be reported)
    assert document["personvern_brudd"] == {"i_tide": 1, "ikke_meldepliktig": 1}
    assert document["personskader"] == {"lettere": 2}  # AVV-2025-0002, AVV-2025-0017
    assert document["varsling_alvorlige_personskader"] == {}
    assert document["vold_og_trusler"] == 2  # AVV-2025-0002, AVV-2025-0018
    code, output = ims("--periode", "2025", "--as-of", "2026-11-22")
    assert (
        "Brudd på personopplysningssikkerheten: 2 – meldt i tide 1, ikke meldepliktig (lav "
        "risiko) 1\nPersonskader: lettere 2\n" in output
    )


BREACH = """id: AVV-2026-{n:04d}
type: avvik
tittel: Brev til feil adresse
meldt: 2026-03-09
enhet: OPP-SOL
kategori: personvern
status: under_behandling
personvern:
  brudd: ja
  oppdaget: 2026-03-09T14:00
  risiko: risiko
  meldt_datatilsynet: {reported}
"""


def test_a_breach_reported_on_day_three_within_72_hours_counts_as_in_time(
    make_repo: MakeRepo, tmp_path: Path
) -> None:
    """Found on the 9th at 14:00: reported on the 12th at 13:30 is in time, at 14:30 late. The
    day rule these figures once used told kommunestyret the first one was late too."""
    root = make_repo(
        {
            "records/avvik/AVV-2026-0201.yaml": BREACH.format(n=201, reported="2026-03-12T13:30"),
            "records/avvik/AVV-2026-0202.yaml": BREACH.format(n=202, reported="2026-03-12T14:30"),
        }
    )
    args = ["--repo", str(root), "stats", "--periode", "2026-03", "--json"]
    document = json.loads(runner.invoke(app, args).output)
    assert document["personvern_brudd"] == {"i_tide": 1, "for_sent": 1}
    out = tmp_path / "ut"
    args = ["--repo", str(root), "report", "ik", "--aar", "2026", "--as-of", "2026-11-22"]
    result = runner.invoke(app, [*args, "--ut", str(out)])
    assert result.exit_code == 0, result.output
    text = (out / "ik-2026.md").read_text("utf-8")
    assert "Brudd på personopplysningssikkerheten:** 2 – meldt i tide 1, meldt for sent 1" in text
