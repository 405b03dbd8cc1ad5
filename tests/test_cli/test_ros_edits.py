"""`ims ros vurder|evaluert` on the ROS of the base repository."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ims_cli.cli.app import app
from tests.conftest import MakeRepo, summary

runner = CliRunner()
ROS = "records/ros/ROS-2026-0001.yaml"


def ims(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--repo", str(root), *args])
    return result.exit_code, result.output


def changes(root: Path, before: str) -> list[str]:
    after = (root / ROS).read_text("utf-8")
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]


@pytest.fixture
def root(make_repo: MakeRepo) -> Path:
    return make_repo()


def test_a_rescored_risk_gets_the_day_of_the_assessment(root: Path) -> None:
    before = (root / ROS).read_text("utf-8")
    args = ["ros", "vurder", "ROS-2026-0001/R1", "--sannsynlighet", "1", "--dato", "2026-06-01"]
    code, output = ims(root, *args)
    assert (code, output) == (0, f"{ROS}: ROS-2026-0001/R1: risiko vurdert på nytt 01.06.2026\n")
    assert changes(root, before) == [
        "-dato: 2026-02-01",
        "+dato: 2026-06-01",
        "-    sannsynlighet: 2",
        "+    sannsynlighet: 1",
    ]
    assert summary(root) == []


def test_a_consequence_per_dimension_and_a_new_residual_risk(root: Path) -> None:
    before = (root / ROS).read_text("utf-8")
    day = ["--dato", "2026-02-01"]  # the same day: dato stays
    code, _ = ims(
        root, "ros", "vurder", "ROS-2026-0001/R2", "--konsekvens", "informasjonssikkerhet=2", *day
    )
    assert code == 0
    code, output = ims(
        root, "ros", "vurder", "ROS-2026-0001/R1", "--etter", *day, "--sannsynlighet", "1"
    )
    assert (
        code == 2 and "har ingen restrisiko ennå: gi både --sannsynlighet og --konsekvens" in output
    )
    code, output = ims(
        root,
        "ros",
        "vurder",
        "ROS-2026-0001/R1",
        "--etter",
        *day,
        "--sannsynlighet",
        "1",
        "--konsekvens",
        "3",
    )
    assert (code, output) == (
        0,
        f"{ROS}: ROS-2026-0001/R1: restrisiko vurdert på nytt 01.02.2026\n",
    )
    assert changes(root, before) == [
        "+    restrisiko: {sannsynlighet: 1, konsekvens: 3}",
        "-    konsekvens: {informasjonssikkerhet: 4, omdomme: 3}",
        "+    konsekvens: {informasjonssikkerhet: 2, omdomme: 3}",
    ]
    assert summary(root) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ROS-2026-0001/R1", "--sannsynlighet", "4"], "B006 score 4×4 = 16 er over 10"),
        (
            ["ROS-2026-0001/R2", "--konsekvens", "2"],
            "skriv for eksempel --konsekvens informasjonssikkerhet=2",
        ),
        (["ROS-2026-0001/R7", "--konsekvens", "2"], "har ingen risiko «R7» (R1, R2)"),
        (["ROS-2026-0001/R1", "--konsekvens", "høy"], "skriv et tall (4) eller per dimensjon"),
        (["ROS-2026-0001/R1"], "gi --sannsynlighet, --konsekvens eller begge"),
        (["ROS-2026-0001/R1", "--sannsynlighet", "1", "--dato", "2026-01-01"], "kan ikke være før"),
    ],
)
def test_a_rescoring_that_would_be_wrong_is_refused(
    root: Path, args: list[str], message: str
) -> None:
    before = (root / ROS).read_text("utf-8")
    code, output = ims(root, "ros", "vurder", *args)
    assert code == 2 and message in output, output
    assert (root / ROS).read_text("utf-8") == before


def test_an_evaluation_moves_the_date_and_the_next_one(root: Path) -> None:
    before = (root / ROS).read_text("utf-8")
    code, output = ims(root, "ros", "evaluert", "ROS-2026-0001", "--dato", "2026-10-01")
    message = "ROS-2026-0001: evaluert 01.10.2026, neste evaluering 01.10.2027"
    assert (code, output) == (0, f"{ROS}: {message}\n")
    assert changes(root, before) == ["-dato: 2026-02-01", "+dato: 2026-10-01"]  # none before
    code, output = ims(
        root, "ros", "evaluert", "ROS-2026-0001", "--dato", "2026-11-01", "--neste", "2027-06-01"
    )
    assert code == 0 and "neste evaluering 01.06.2027" in output
    assert "neste_evaluering: 2027-06-01" in (root / ROS).read_text("utf-8")
    code, output = ims(root, "ros", "evaluert", "ROS-2026-0001", "--dato", "2026-11-01")
    assert code == 2 and "er datert 01.11.2026; evalueringen må være senere" in output
    assert summary(root) == []
