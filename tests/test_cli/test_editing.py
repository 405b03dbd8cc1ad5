"""`ims tiltak done|move` and `ims avvik status` on a copy of the base repository."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from ims_cli.cli.app import app
from tests.conftest import MakeRepo, summary

runner = CliRunner()
ROS = "records/ros/ROS-2026-0001.yaml"
AVVIK = "records/avvik/AVV-2026-0100.yaml"


def ims(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--repo", str(root), *args])
    return result.exit_code, result.output


def test_done_changes_only_that_tiltak(make_repo: MakeRepo) -> None:
    root = make_repo()
    before = (root / ROS).read_text("utf-8")
    code, output = ims(
        root,
        "tiltak",
        "done",
        "ROS-2026-0001/T1",
        "--dato",
        "2026-05-30",
        "--evaluering",
        "Alle har hatt opplæring",
    )
    assert (code, output) == (0, f"{ROS}: ROS-2026-0001/T1 er fullført 2026-05-30\n")
    after = (root / ROS).read_text("utf-8")
    old = "frist: 2026-06-01, status: pagar}"
    new = (
        "frist: 2026-06-01, status: fullfort, fullfort: 2026-05-30, evaluering: Alle har hatt "
        "opplæring}"
    )
    assert before.count(old) == 1
    assert before.replace(old, new) == after  # nothing else in the file changed
    assert summary(root) == []


def test_move_keeps_the_old_frist(make_repo: MakeRepo) -> None:
    root = make_repo()
    code, _ = ims(
        root,
        "tiltak",
        "move",
        "ROS-2026-0001/T1",
        "--frist",
        "2026-09-01",
        "--begrunnelse",
        "Kurs utsatt",
    )
    assert code == 0
    text = (root / ROS).read_text("utf-8")
    assert (
        "frist: 2026-09-01" in text and "fristendringer: [{fra: 2026-06-01, til: 2026-09-01" in text
    )
    assert summary(root) == []


def test_closing_an_avvik_sets_the_date_and_root_cause(make_repo: MakeRepo) -> None:
    root = make_repo()
    code, _ = ims(
        root,
        "avvik",
        "status",
        "AVV-2026-0100",
        "lukket",
        "--dato",
        "2026-03-20",
        "--rotarsak",
        "Beskjed ble gitt muntlig",
    )
    assert code == 0
    text = (root / AVVIK).read_text("utf-8")
    assert text.endswith(
        "status: lukket\nlukket: 2026-03-20\narsaksanalyse: {rotarsak: Beskjed ble gitt muntlig}\n"
    )
    assert summary(root) == []


def test_an_edit_that_would_add_an_error_is_refused(make_repo: MakeRepo) -> None:
    root = make_repo()
    before = (root / AVVIK).read_text("utf-8")
    code, output = ims(root, "avvik", "status", "AVV-2026-0100", "lukket", "--dato", "2026-02-01")
    assert code == 2
    assert "B009" in output and "før meldt" in output
    assert (root / AVVIK).read_text("utf-8") == before


def test_unknown_tiltak_is_a_usage_error(make_repo: MakeRepo) -> None:
    code, output = ims(make_repo(), "tiltak", "done", "ROS-2026-0001/T9")
    assert code == 2 and "har ikke noe tiltak «T9»" in output


def test_opening_a_closed_avvik_again_clears_its_lukket_date(make_repo: MakeRepo) -> None:
    root = make_repo()
    ims(root, "avvik", "status", "AVV-2026-0100", "lukket", "--dato", "2026-03-20")
    code, _ = ims(root, "avvik", "status", "AVV-2026-0100", "under_behandling")
    assert code == 0
    text = (root / AVVIK).read_text("utf-8")
    assert text.endswith("status: under_behandling\nlukket: null\n")
    assert summary(root) == []  # no B004: a lukket date on an open avvik


def test_a_date_in_the_future_is_refused(make_repo: MakeRepo) -> None:
    root = make_repo()
    before = (root / ROS).read_text("utf-8")
    code, output = ims(root, "tiltak", "done", "ROS-2026-0001/T1", "--dato", "2100-01-01")
    assert code == 2 and "--dato 2100-01-01 er fram i tid" in output
    code, output = ims(root, "avvik", "status", "AVV-2026-0100", "lukket", "--dato", "2100-01-01")
    assert code == 2 and "fram i tid" in output
    assert (root / ROS).read_text("utf-8") == before
