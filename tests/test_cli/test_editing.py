"""`ims tiltak done|move` and `ims avvik status` on a copy of the base repository."""

from __future__ import annotations

import difflib
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
    assert (code, output) == (0, f"{ROS}: ROS-2026-0001/T1 er fullført 30.05.2026\n")
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


def added_lines(before: str, after: str) -> list[str]:
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    lines = [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert not [line for line in lines if line.startswith("-")], lines  # nothing else changed
    return [line[1:] for line in lines]


def test_add_a_tiltak_to_an_avvik_with_none(make_repo: MakeRepo) -> None:
    root = make_repo()
    before = (root / AVVIK).read_text("utf-8")
    code, output = ims(
        root,
        "tiltak",
        "add",
        "AVV-2026-0100",
        "--beskrivelse",
        "Oppdatere hentelisten",
        "--ansvarlig",
        "Liv Berg",
        "--frist",
        "2026-12-15",
        "--type",
        "korrigerende",
    )
    assert (code, output) == (0, f"{AVVIK}: AVV-2026-0100/T1 lagt til (frist 15.12.2026)\n")
    assert added_lines(before, (root / AVVIK).read_text("utf-8")) == [
        "tiltak:",
        "  - id: T1",
        "    beskrivelse: Oppdatere hentelisten",
        "    type: korrigerende",
        "    ansvarlig: liv.berg",  # the name, as the register has it
        "    frist: 2026-12-15",
        "    status: planlagt",
    ]
    assert summary(root) == []


def test_add_a_tiltak_under_a_risk_with_the_next_free_id(make_repo: MakeRepo) -> None:
    root = make_repo()
    before = (root / ROS).read_text("utf-8")
    args = ["--beskrivelse", "Ny rutine", "--ansvarlig", "ola.hansen", "--frist", "2027-01-10"]
    code, output = ims(root, "tiltak", "add", "ROS-2026-0001/R2", *args)
    assert (code, output) == (0, f"{ROS}: ROS-2026-0001/T2 lagt til (frist 10.01.2027)\n")
    assert added_lines(before, (root / ROS).read_text("utf-8")) == [
        "      - {id: T2, beskrivelse: Ny rutine, ansvarlig: ola.hansen, frist: 2027-01-10, "
        "status: planlagt}"  # in the style of the list's tiltak
    ]
    code, output = ims(root, "tiltak", "add", "ROS-2026-0001", "--risiko", "R1", *args)
    assert (code, output) == (0, f"{ROS}: ROS-2026-0001/T3 lagt til (frist 10.01.2027)\n")
    assert summary(root) == []


def test_add_refuses_what_it_cannot_place_or_what_would_be_wrong(make_repo: MakeRepo) -> None:
    root = make_repo()
    before = {p: (root / p).read_text("utf-8") for p in (AVVIK, ROS)}
    args = ["--beskrivelse", "x", "--ansvarlig", "ola.hansen", "--frist", "2027-01-10"]
    cases = [
        (["ROS-2026-0001", *args], "tiltak i en ROS hører til en risiko: gi --risiko (R1, R2)"),
        (["ROS-2026-0001/R9", *args], "ROS-2026-0001 har ingen risiko «R9»"),
        (["AVV-2026-0100", "--risiko", "R1", *args], "--risiko gjelder bare ROS"),
        (["PRO-1.1", *args], "PRO-1.1 har ikke tiltak"),
        (["AVV-2026-0100", *args[:2], "--ansvarlig", "nils.nilsen", *args[4:]], "nils.nilsen"),
        (["AVV-2026-0100", *args, "--type", "rask"], "--type «rask» finnes ikke"),
    ]
    for given, message in cases:
        code, output = ims(root, "tiltak", "add", *given)
        assert code == 2 and message in output, (given, output)
    assert {p: (root / p).read_text("utf-8") for p in before} == before


def test_evaluate_a_completed_tiltak_and_only_that(make_repo: MakeRepo) -> None:
    root = make_repo()
    code, output = ims(root, "tiltak", "evaluer", "ROS-2026-0001/T1", "--evaluering", "Virket")
    assert code == 2 and "ROS-2026-0001/T1 er pågår; bare fullførte tiltak evalueres" in output
    ims(root, "tiltak", "done", "ROS-2026-0001/T1", "--dato", "2026-05-30")
    for text in ("Virket delvis", "Virket"):
        code, output = ims(root, "tiltak", "evaluer", "ROS-2026-0001/T1", "--evaluering", text)
        assert (code, output) == (0, f"{ROS}: ROS-2026-0001/T1: evaluering skrevet\n")
    after = (root / ROS).read_text("utf-8")
    assert "status: fullfort, fullfort: 2026-05-30, evaluering: Virket}" in after


def test_cancel_keeps_why_and_when_unless_the_risk_would_be_left_without(
    make_repo: MakeRepo,
) -> None:
    root = make_repo()
    args = ["ROS-2026-0001/T1", "--begrunnelse", "Erstattet av ny rutine", "--dato", "2026-05-02"]
    code, output = ims(root, "tiltak", "avbryt", *args)
    assert code == 2 and "B006 score 3×4 = 12 er over 10" in output  # its risk's only tiltak
    new = ["--beskrivelse", "Ny rutine", "--ansvarlig", "liv.berg", "--frist", "2026-09-01"]
    assert ims(root, "tiltak", "add", "ROS-2026-0001/R2", *new)[0] == 0
    before = (root / ROS).read_text("utf-8")
    code, output = ims(root, "tiltak", "avbryt", *args)
    assert (code, output) == (0, f"{ROS}: ROS-2026-0001/T1 er avbrutt 02.05.2026\n")
    old = "status: pagar}"
    new_line = "status: avbrutt, avbrutt: {dato: 2026-05-02, begrunnelse: Erstattet av ny rutine}}"
    assert (root / ROS).read_text("utf-8") == before.replace(old, new_line)
    code, output = ims(root, "tiltak", "avbryt", *args)
    assert code == 2 and "er avbrutt; bare planlagte og pågående tiltak avbrytes" in output
    assert summary(root) == []


def test_closing_without_a_root_cause_is_written_with_a_warning(make_repo: MakeRepo) -> None:
    root = make_repo()
    code, output = ims(root, "avvik", "status", "AVV-2026-0100", "lukket", "--dato", "2026-03-05")
    assert code == 0
    assert output.splitlines() == [
        f"{AVVIK}: AVV-2026-0100 har status lukket",
        "ims: merk: B005 lukket uten rotårsak; fyll inn «arsaksanalyse: {rotarsak: …}» så "
        "læringen blir med videre (vises i PUFF, fasen Forbedre)",
    ]
