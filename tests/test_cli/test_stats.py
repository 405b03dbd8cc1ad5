"""`ims stats` on the example records: the numbers, JSON, charts and usage errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ims_cli.cli.app import app
from tests.conftest import PROJECT

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
    assert document["personvern_brudd"] == {"i_tide": 1}  # AVV-2025-0003
    assert document["personskader"] == {"lettere": 1}  # AVV-2025-0002
    assert document["varsling_alvorlige_personskader"] == {}
    code, output = ims("--periode", "2025", "--as-of", "2026-11-22")
    assert (
        "Brudd på personopplysningssikkerheten: 1 – meldt i tide 1\nPersonskader: lettere 1\n"
        in output
    )
