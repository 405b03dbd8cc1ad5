"""A tiltak that is the same piece of work as a tiltak in another record (`samme_som`): listed,
counted and reported once, under the record that owns it; worked there; pointing at a tiltak
that is there."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ims_cli.cli.app import app
from tests.conftest import PROJECT, MakeRepo, findings, summary

runner = CliRunner()
DAY = "2026-11-22"


def ims(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--repo", str(root), *args])
    return result.exit_code, result.output


def test_the_example_agreement_s_tiltak_is_the_ros_s_and_counted_once() -> None:
    _, listed = ims(PROJECT, "tiltak", "list", "--json")
    refs = [t["ref"] for t in json.loads(listed)["tiltak"]]
    assert "ROS-2026-0004/T1" in refs
    assert "LA-2026-0009/T1" not in refs and "ROS-2026-0004/T8" not in refs
    _, checked = ims(PROJECT, "check", "--as-of", DAY, "--format", "json")
    late = [f["ref"] for f in json.loads(checked)["funn"] if f["kode"] == "F001"]
    assert late.count("ROS-2026-0004/T1") == 1 and "LA-2026-0009/T1" not in late


def test_it_is_worked_where_it_is_owned(tmp_path: Path) -> None:
    code, output = ims(PROJECT, "tiltak", "done", "LA-2026-0009/T1", "--dato", "2026-11-01")
    assert code == 2
    assert output == (
        "ims: LA-2026-0009/T1 er det samme tiltaket som ROS-2026-0004/T1 (samme_som); gjør "
        "endringen der: ims tiltak … ROS-2026-0004/T1\n"
    )


ROS = """id: ROS-2026-0002
tittel: Test
omrade: hms
enhet: OPP-SOL
ansvarlig: liv.berg
dato: 2026-02-01
risikoer:
  - id: R1
    trussel: Fall på glatt uteområde
    sannsynlighet: 4
    konsekvens: 4
    tiltak:
      - {id: T1, samme_som: ROS-2026-0001/T1}
"""


def test_a_risk_whose_tiltak_is_another_record_s_has_a_tiltak(make_repo: MakeRepo) -> None:
    """B006 asks a risk over the limit for a tiltak: the one it shares counts."""
    root = make_repo({"records/ros/ROS-2026-0002.yaml": ROS})
    assert summary(root) == []
    (root / "records/ros/ROS-2026-0002.yaml").write_text(
        ROS.replace("ROS-2026-0001/T1", "ROS-2026-0001/T7"), "utf-8"
    )
    assert summary(root) == [("R010", "records/ros/ROS-2026-0002.yaml", 13, 29)]


def test_a_new_tiltak_takes_an_id_no_entry_has(make_repo: MakeRepo) -> None:
    root = make_repo({"records/ros/ROS-2026-0002.yaml": ROS})
    code, output = ims(
        root,
        *("tiltak", "add", "ROS-2026-0002", "--risiko", "R1", "--beskrivelse", "Strø"),
        *("--ansvarlig", "liv.berg", "--frist", "2026-12-01"),
    )
    assert code == 0, output
    assert "ROS-2026-0002/T2 lagt til" in output


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (
            "ROS-2026-0001/T9",
            "samme_som: ROS-2026-0001 har ikke noe eget tiltak «T9»; bruk en av: T1 (et tiltak "
            "som selv har samme_som kan ikke pekes på)",
        ),
        (
            "ROS-2019-7777/T1",
            "samme_som: posten «ROS-2019-7777» finnes ikke; skriv id-en til en post som finnes",
        ),
        (
            "AVV-2026-0100/T1",
            "samme_som: AVV-2026-0100 har ikke noe eget tiltak «T1»; AVV-2026-0100 har ingen egne "
            "tiltak (et tiltak som selv har samme_som kan ikke pekes på)",
        ),
    ],
)
def test_a_pointer_to_nothing_says_what_is_there(
    target: str, message: str, make_repo: MakeRepo
) -> None:
    root = make_repo({"records/ros/ROS-2026-0002.yaml": ROS.replace("ROS-2026-0001/T1", target)})
    (found,) = findings(root)
    assert (found.code, found.message) == ("R010", message)
