"""A fødselsnummer written with a separator (150385-10190, 150385 10190, 150385.10190) is one:
found in a record that may not hold it (P001), refused by `ims tiltak add`, masked in exports."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ims_cli.cli.app import app
from tests.conftest import MakeRepo
from tests.national_ids import number

runner = CliRunner()
VALID = number("150385", 100)  # 15038510190
FORMS = [f"{VALID[:6]}-{VALID[6:]}", f"{VALID[:6]} {VALID[6:]}", f"{VALID[:6]}.{VALID[6:]}"]


def ims(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--repo", str(root), *args])
    return result.exit_code, result.output


def test_the_number_is_the_issue_s() -> None:
    assert VALID == "15038510190"


@pytest.mark.parametrize("form", FORMS)
def test_a_separated_number_in_an_intern_record_is_p001(make_repo: MakeRepo, form: str) -> None:
    avvik = "records/avvik/AVV-2026-0100.yaml"
    root = make_repo()
    path = root / avvik
    path.write_text(path.read_text() + f"beskrivelse: Gjaldt {form}\n", encoding="utf-8")
    code, output = ims(root, "validate")
    assert code == 1
    assert f"{avvik}:8:21: feil P001" in output
    assert form not in output


@pytest.mark.parametrize("form", FORMS)
def test_tiltak_add_refuses_a_separated_number(make_repo: MakeRepo, form: str) -> None:
    root = make_repo()
    before = (root / "records/avvik/AVV-2026-0100.yaml").read_text()
    code, output = ims(
        root,
        *("tiltak", "add", "AVV-2026-0100", "--beskrivelse", f"Ring {form}"),
        *("--ansvarlig", "liv.berg", "--frist", "2026-12-01"),
    )
    assert code == 2
    assert "P001" in output and form not in output
    assert (root / "records/avvik/AVV-2026-0100.yaml").read_text() == before


@pytest.mark.parametrize("form", FORMS)
def test_export_tiltak_masks_a_separated_number(
    make_repo: MakeRepo, tmp_path: Path, form: str
) -> None:
    """Wherever the number stands, the export masks it (the fortrolig record's text is left out,
    the intern ROS's shown, the number masked)."""
    graded = f"""id: AVV-2026-0101
type: avvik
tittel: Hendelse
meldt: 2026-03-01
enhet: OPP-SOL
kategori: hms
gradering: fortrolig
status: meldt
tiltak:
  - {{id: T1, beskrivelse: Ring {form}, ansvarlig: liv.berg, frist: 2026-12-01, status: pagar}}
"""
    root = make_repo({"records/avvik/AVV-2026-0101.yaml": graded})
    ros = root / "records/ros/ROS-2026-0001.yaml"
    ros.write_text(ros.read_text().replace("Opplæring", f"Opplæring av {form}"), encoding="utf-8")
    table = tmp_path / "tiltak.csv"
    code, output = ims(root, "export", "tiltak", "--csv", str(table), "--publikum", "intern")
    assert code == 0, output
    text = table.read_text("utf-8-sig")
    assert f"Opplæring av {form[:7]}*****" in text
    assert "AVV-2026-0101/T1" in text and VALID[6:] not in text
