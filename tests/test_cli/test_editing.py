"""`ims tiltak done|move` and `ims avvik status` on a copy of the base repository."""

from __future__ import annotations

import difflib
from pathlib import Path

import yaml
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
        "2030-12-15",
        "--type",
        "korrigerende",
    )
    assert (code, output) == (0, f"{AVVIK}: AVV-2026-0100/T1 lagt til (frist 15.12.2030)\n")
    assert added_lines(before, (root / AVVIK).read_text("utf-8")) == [
        "tiltak:",
        "  - id: T1",
        "    beskrivelse: Oppdatere hentelisten",
        "    type: korrigerende",
        "    ansvarlig: liv.berg",  # the name, as the register has it
        "    frist: 2030-12-15",
        "    status: planlagt",
    ]
    assert summary(root) == []


def test_add_a_tiltak_under_a_risk_with_the_next_free_id(make_repo: MakeRepo) -> None:
    root = make_repo()
    before = (root / ROS).read_text("utf-8")
    args = ["--beskrivelse", "Ny rutine", "--ansvarlig", "ola.hansen", "--frist", "2030-01-10"]
    code, output = ims(root, "tiltak", "add", "ROS-2026-0001/R2", *args)
    assert (code, output) == (0, f"{ROS}: ROS-2026-0001/T2 lagt til (frist 10.01.2030)\n")
    assert added_lines(before, (root / ROS).read_text("utf-8")) == [
        "      - {id: T2, beskrivelse: Ny rutine, ansvarlig: ola.hansen, frist: 2030-01-10, "
        "status: planlagt}"  # in the style of the list's tiltak
    ]
    code, output = ims(root, "tiltak", "add", "ROS-2026-0001", "--risiko", "R1", *args)
    assert (code, output) == (0, f"{ROS}: ROS-2026-0001/T3 lagt til (frist 10.01.2030)\n")
    assert summary(root) == []


def test_add_refuses_what_it_cannot_place_or_what_would_be_wrong(make_repo: MakeRepo) -> None:
    root = make_repo()
    before = {p: (root / p).read_text("utf-8") for p in (AVVIK, ROS)}
    args = ["--beskrivelse", "x", "--ansvarlig", "ola.hansen", "--frist", "2030-01-10"]
    cases = [
        (
            ["ROS-2026-0001", *args],
            "tiltak i ROS-2026-0001 hører til en risiko: gi --risiko (R1, R2), eller skriv "
            "ROS-2026-0001/<risiko>",
        ),
        (["ROS-2026-0001/R9", *args], "ROS-2026-0001 har ingen risiko «R9»; bruk en av: R1, R2"),
        (["ROS-2026-0001/R1", "--risiko", "R1", *args], "sier alt hvor tiltaket hører til"),
        (["AVV-2026-0100", "--risiko", "R1", *args], "--risiko gjelder bare ROS"),
        (["AVV-2026-0100", "--omrade", "kompetanse", *args], "--omrade gjelder bare egenvurd"),
        (["AVV-2026-0100/R1", *args], "AVV-2026-0100/R1: bare ROS-er og egenvurderinger har"),
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


def test_a_frist_already_passed_is_written_with_a_warning(make_repo: MakeRepo) -> None:
    root = make_repo()
    args = ["--beskrivelse", "Rydde", "--ansvarlig", "liv.berg", "--frist", "2020-01-10"]
    result = runner.invoke(app, ["--repo", str(root), "tiltak", "add", "AVV-2026-0100", *args])
    assert result.exit_code == 0
    assert result.stdout == f"{AVVIK}: AVV-2026-0100/T1 lagt til (frist 10.01.2020)\n"
    assert result.stderr == (
        "ims: merk: fristen 10.01.2020 er alt passert, så AVV-2026-0100/T1 er over fristen fra "
        "i dag (F001 i «ims check»); var det en skrivefeil, flytt den med «ims tiltak move "
        "AVV-2026-0100/T1 --frist ÅÅÅÅ-MM-DD --begrunnelse …»\n"
    )
    assert "frist: 2020-01-10" in (root / AVVIK).read_text("utf-8")


def test_an_area_of_an_egenvurdering_takes_a_tiltak(make_repo: MakeRepo) -> None:
    """As a risk of a ROS does: named after the id (EV-…/risikostyring) or by --omrade."""
    root = make_repo()
    assert ims(root, "new", "egenvurdering", "--enhet", "OPP", "--dato", "2026-09-15")[0] == 0
    path = root / "records/egenvurderinger/EV-2026-0001.yaml"
    path.write_text(path.read_text("utf-8").replace("<fyll inn> ", ""), "utf-8")
    args = ["--beskrivelse", "ROS i alle", "--ansvarlig", "ola.hansen", "--frist", "2030-03-01"]
    assert ims(root, "tiltak", "add", "EV-2026-0001/risikostyring", *args) == (
        0,
        "records/egenvurderinger/EV-2026-0001.yaml: EV-2026-0001/T1 lagt til (frist 01.03.2030)\n",
    )
    code, output = ims(root, "tiltak", "add", "EV-2026-0001", "--omrade", "kompetanse", *args)
    assert (code, output.split(": ", 1)[1]) == (0, "EV-2026-0001/T2 lagt til (frist 01.03.2030)\n")
    data = yaml.safe_load(path.read_text("utf-8"))
    areas = {area["omrade"]: [t["id"] for t in area["tiltak"]] for area in data["omrader"]}
    assert (areas["risikostyring"], areas["kompetanse"]) == (["T1"], ["T2"])
    assert summary(root) == []
    listed = ", ".join(area["omrade"] for area in data["omrader"])
    for given, message in [
        (
            ["EV-2026-0001"],
            f"tiltak i EV-2026-0001 hører til et område: gi --omrade ({listed}), eller skriv "
            "EV-2026-0001/<område>",
        ),
        (
            ["EV-2026-0001/okonomi"],
            f"EV-2026-0001 har ikke noe område «okonomi»; bruk en av: {listed}",
        ),
        (
            ["EV-2026-0001", "--risiko", "R1"],
            "--risiko gjelder bare ROS; EV-2026-0001 er ikke en ROS",
        ),
    ]:
        assert ims(root, "tiltak", "add", *given, *args) == (2, f"ims: {message}\n")
