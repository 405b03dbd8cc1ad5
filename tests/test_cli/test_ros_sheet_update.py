"""`ims export ros ROS-… --xlsx F` then `ims import ros F`: the sheet goes back onto the ROS it
came from, through the round trip, on ROS records that `ims init --eksempel` and `ims new ros`
wrote."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import NamedTuple

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner, Result

from ims_cli.cli.app import app

runner = CliRunner()


def ims(root: Path, *args: str) -> Result:
    return runner.invoke(app, ["--repo", str(root), *args])


class Made(NamedTuple):
    """The repository and its two ROS, as ims named them: their ids are numbered in the year
    of their dates, and `ims init --eksempel` dates its example 30 days back."""

    root: Path
    example: str  # the file of the ROS of `ims init --eksempel`
    new: str  # the file of the ROS of `ims new ros`

    def id(self, file: str) -> str:
        return Path(file).stem


@pytest.fixture
def made(tmp_path: Path) -> Made:
    """`ims init --eksempel`, with comments added where people write them, and a ROS from
    `ims new ros` (deltakere: [], the template's comments)."""
    folder = tmp_path / "kvalitet"
    assert runner.invoke(app, ["init", str(folder), "--eksempel"]).exit_code == 0
    (path,) = (folder / "records/ros").rglob("ROS-*.yaml")
    text = path.read_text("utf-8")
    text = text.replace("    sannsynlighet: 3\n", "    sannsynlighet: 3    # etter møtet 7.11\n")
    text = text.replace("risikoer:\n", "# Risikoene fra møtet\nrisikoer:\n")
    path.write_text(text, "utf-8")
    new = ims(
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
    assert new.exit_code == 0, new.output
    written = new.stdout.splitlines()[0]
    assert written.startswith("Skrev records/ros/"), new.stdout
    return Made(folder, path.relative_to(folder).as_posix(), written.removeprefix("Skrev "))


def exported(root: Path, ros: str, tmp_path: Path) -> Path:
    sheet = tmp_path / f"{ros}.xlsx"
    result = ims(root, "export", "ros", ros, "--xlsx", str(sheet))
    assert result.exit_code == 0, result.output
    return sheet


def ros_files(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in root.glob("records/ros/**/*.yaml")}


@pytest.mark.parametrize("which", ["example", "new"])
def test_a_sheet_read_back_unchanged_changes_nothing(
    made: Made, tmp_path: Path, which: str
) -> None:
    root, path = made.root, getattr(made, which)
    ros = made.id(path)
    sheet = exported(root, ros, tmp_path)
    before = ros_files(root)
    result = ims(root, "import", "ros", str(sheet))
    assert (result.exit_code, result.stdout) == (
        0,
        f"{path}: skjemaet gir ingen endringer i {ros}\n",
    )
    assert ros_files(root) == before  # no new ROS, nothing rewritten


def test_the_sheet_updates_its_ros_and_keeps_the_comments(made: Made, tmp_path: Path) -> None:
    root, example, ros = made.root, made.example, made.id(made.example)
    sheet = exported(root, ros, tmp_path)
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
    dated = (root / example).read_text("utf-8")  # dated from the day of `ims init`
    frist = re.search(r"frist: (\S+)", dated)  # T1's
    neste = re.search(r"^neste_evaluering: \S+\n", dated, re.MULTILINE)
    assert frist is not None and neste is not None

    shown = ims(root, "import", "ros", str(sheet), "--diff")
    assert shown.exit_code == 1
    assert shown.stdout == (
        f"--- a/{example}\n"
        f"+++ b/{example}\n"
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
        f"Skrev {example}: oppdatert fra skjemaet ({ros})\n",
    )
    assert len(ros_files(root)) == len(before)  # the same ROS, no new one
    text = (root / example).read_text("utf-8")
    assert "# Risikoene fra møtet\nrisikoer:\n" in text
    assert neste.group(0) in text  # what the sheet does not carry stays
    checked = json.loads(ims(root, "validate", "--json").stdout)
    assert [f for f in checked["funn"] if f["fil"] == example] == []  # (the new ROS has S005)
    again = ims(root, "import", "ros", str(sheet))  # a second time: nothing left to do
    assert again.stdout == f"{example}: skjemaet gir ingen endringer i {ros}\n"


def test_what_the_sheet_does_not_carry_is_kept(made: Made, tmp_path: Path) -> None:
    """A tiltak moved with `ims tiltak move` keeps its fristendringer when the sheet comes back
    with another status."""
    root, ros = made.root, made.id(made.example)
    move = ["--frist", "2027-03-01", "--begrunnelse", "Venter på skilt"]
    assert ims(root, "tiltak", "move", f"{ros}/T1", *move).exit_code == 0
    sheet = exported(root, ros, tmp_path)
    book = load_workbook(sheet)
    book.worksheets[0]["I9"] = "Liv Berg (liv.berg), 01.03.2027, pågår"
    book.save(sheet)
    result = ims(root, "import", "ros", str(sheet))
    assert result.exit_code == 0, result.output
    text = (root / made.example).read_text("utf-8")
    assert "        status: pagar\n" in text
    assert "fristendringer:" in text and "Venter på skilt" in text
