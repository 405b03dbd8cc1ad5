"""`ims export ros ROS-… --xlsx F` then `ims import ros F`: the sheet goes back onto the ROS it
came from, through the round trip, on ROS records that `ims init --eksempel` and `ims new ros`
wrote."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner, Result

from ims_cli.cli.app import app

runner = CliRunner()
EXAMPLE = "records/ros/OPP/ROS-2026-0001.yaml"


def ims(root: Path, *args: str) -> Result:
    return runner.invoke(app, ["--repo", str(root), *args])


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """`ims init --eksempel`, with comments added where people write them, and a ROS from
    `ims new ros` (deltakere: [], the template's comments)."""
    folder = tmp_path / "kvalitet"
    assert runner.invoke(app, ["init", str(folder), "--eksempel"]).exit_code == 0
    path = folder / EXAMPLE
    text = path.read_text("utf-8")
    text = text.replace("    sannsynlighet: 3\n", "    sannsynlighet: 3    # etter møtet 7.11\n")
    text = text.replace("risikoer:\n", "# Risikoene fra møtet\nrisikoer:\n")
    path.write_text(text, "utf-8")
    made = ims(
        folder,
        "new",
        "ros",
        "--enhet",
        "OPP-SOLSTRAND",
        "--tittel",
        "Brannsikkerhet",
        "--omrade",
        "hms",
        "--ansvarlig",
        "liv.berg",
    )
    assert made.exit_code == 0, made.output
    return folder


def exported(root: Path, ros: str, tmp_path: Path) -> Path:
    sheet = tmp_path / f"{ros}.xlsx"
    result = ims(root, "export", "ros", ros, "--xlsx", str(sheet))
    assert result.exit_code == 0, result.output
    return sheet


def ros_files(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in root.glob("records/ros/**/*.yaml")}


@pytest.mark.parametrize("ros", ["ROS-2026-0001", "ROS-2026-0002"])
def test_a_sheet_read_back_unchanged_changes_nothing(root: Path, tmp_path: Path, ros: str) -> None:
    sheet = exported(root, ros, tmp_path)
    before = ros_files(root)
    result = ims(root, "import", "ros", str(sheet))
    path = next(p for p in before if p.stem == ros).relative_to(root)
    assert (result.exit_code, result.stdout) == (
        0,
        f"{path}: skjemaet gir ingen endringer i {ros}\n",
    )
    assert ros_files(root) == before  # no new ROS, nothing rewritten


def test_the_sheet_updates_its_ros_and_keeps_the_comments(root: Path, tmp_path: Path) -> None:
    sheet = exported(root, "ROS-2026-0001", tmp_path)
    book = load_workbook(sheet)
    cells = book.worksheets[0]
    cells["D9"] = 4  # S of R1
    cells["H9"] = f"{cells['H9'].value}\nT2 (korrigerende): Ny rutine for beskjeder"
    cells["I9"] = f"{cells['I9'].value}\nPer Lie (per.lie), 01.03.2027, planlagt"
    for address, value in {
        "A10": "R2",
        "C10": "Brann i kjøkkenet",
        "D10": 2,
        "E10": 5,
        "H10": "T3 (forebyggende): Brannøvelse med barna",
        "I10": "Liv Berg, 01.04.2027",
    }.items():
        cells[address] = value
    book.save(sheet)
    before = ros_files(root)
    dated = (root / EXAMPLE).read_text("utf-8")  # dated from the day of `ims init`
    frist = re.search(r"frist: (\S+)", dated)  # T1's
    neste = re.search(r"^neste_evaluering: \S+\n", dated, re.MULTILINE)
    assert frist is not None and neste is not None

    shown = ims(root, "import", "ros", str(sheet), "--diff")
    assert shown.exit_code == 1
    assert shown.stdout == (
        f"--- a/{EXAMPLE}\n"
        f"+++ b/{EXAMPLE}\n"
        "@@ -16,7 +16,7 @@\n"
        "     risikobank: tjenestekvalitet\n"
        "     lovkrav: [LOV-BHG-1]\n"
        "     lovbrudd: false\n"
        "-    sannsynlighet: 3    # etter møtet 7.11\n"
        "+    sannsynlighet: 4    # etter møtet 7.11\n"
        "     konsekvens: 4\n"
        "     kunnskapsstyrke: middels\n"
        "     eksisterende_tiltak: Hentelister per avdeling\n"
        "@@ -27,4 +27,21 @@\n"
        "         ansvarlig: liv.berg\n"
        f"         frist: {frist.group(1)}\n"
        "         status: planlagt\n"
        "+      - id: T2\n"
        "+        beskrivelse: Ny rutine for beskjeder\n"
        "+        type: korrigerende\n"
        "+        ansvarlig: per.lie\n"
        "+        frist: 2027-03-01\n"
        "+        status: planlagt\n"
        "     restrisiko: {sannsynlighet: 2, konsekvens: 4}\n"
        "+  - id: R2\n"
        "+    trussel: Brann i kjøkkenet\n"
        "+    sannsynlighet: 2\n"
        "+    konsekvens: 5\n"
        "+    tiltak:\n"
        "+      - id: T3\n"
        "+        beskrivelse: Brannøvelse med barna\n"
        "+        type: forebyggende\n"
        "+        ansvarlig: liv.berg\n"
        "+        frist: 2027-04-01\n"
        "+        status: planlagt\n"
    )
    assert ros_files(root) == before  # --diff writes nothing
    assert ims(root, "import", "ros", str(sheet), "--vis").exit_code == 0
    assert ros_files(root) == before  # nor does --vis

    result = ims(root, "import", "ros", str(sheet))
    assert (result.exit_code, result.stdout) == (
        0,
        f"Skrev {EXAMPLE}: oppdatert fra skjemaet (ROS-2026-0001)\n",
    )
    assert len(ros_files(root)) == len(before)  # the same ROS, no new one
    text = (root / EXAMPLE).read_text("utf-8")
    assert "# Risikoene fra møtet\nrisikoer:\n" in text
    assert neste.group(0) in text  # what the sheet does not carry stays
    checked = json.loads(ims(root, "validate", "--json").stdout)
    assert [f for f in checked["funn"] if f["fil"] == EXAMPLE] == []  # (the new ROS has S005)
    again = ims(root, "import", "ros", str(sheet))  # a second time: nothing left to do
    assert again.stdout == f"{EXAMPLE}: skjemaet gir ingen endringer i ROS-2026-0001\n"


def test_what_the_sheet_does_not_carry_is_kept(root: Path, tmp_path: Path) -> None:
    """A tiltak moved with `ims tiltak move` keeps its fristendringer when the sheet comes back
    with another status."""
    move = ["--frist", "2027-03-01", "--begrunnelse", "Venter på skilt"]
    assert ims(root, "tiltak", "move", "ROS-2026-0001/T1", *move).exit_code == 0
    sheet = exported(root, "ROS-2026-0001", tmp_path)
    book = load_workbook(sheet)
    book.worksheets[0]["I9"] = "Liv Berg (liv.berg), 01.03.2027, pågår"
    book.save(sheet)
    result = ims(root, "import", "ros", str(sheet))
    assert result.exit_code == 0, result.output
    text = (root / EXAMPLE).read_text("utf-8")
    assert "        status: pagar\n" in text
    assert "fristendringer:" in text and "Venter på skilt" in text
