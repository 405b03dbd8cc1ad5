"""Vernerunder (internkontrollforskriften § 5, arbeidsmiljøloven § 3-1): `ims new vernerunde`, the
leader and a verneombud among the deltakere (B025), findings made avvik with `ims vernerunde
avvik`, and each virksomhet's next round due after its latest (F013)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from ims_cli.cli.app import app
from tests.conftest import MakeRepo

runner = CliRunner()
VR = "records/vernerunder/2026/VR-2026-0001.yaml"
ORG = """enheter:
  - {id: KD, navn: Kommunedirektøren, niva: kommune, leder: kari.nordmann}
  - {id: OPP, navn: Oppvekst, niva: tjenesteomrade, overordnet: KD, leder: ola.hansen}
  - {id: OPP-SOL, navn: Solstrand barnehage, niva: virksomhet, overordnet: OPP, leder: liv.berg}
  - {id: OPP-NORD, navn: Nordby skole, niva: virksomhet, overordnet: OPP, leder: ola.hansen}
personer:
  - {id: kari.nordmann, navn: Kari Nordmann, git: kari-n}
  - {id: ola.hansen, navn: Ola Hansen}
  - {id: liv.berg, navn: Liv Berg, git: livberg}
  - {id: eva.nilsen, navn: Eva Nilsen, roller: [verneombud, tillitsvalgt]}
"""


def ims(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--repo", str(root), *args])
    return result.exit_code, result.output


def walked(make_repo: MakeRepo) -> Path:
    root = make_repo({"records/organisasjon.yaml": ORG})
    code, output = ims(root, "new", "vernerunde", "--enhet", "OPP-SOL", "--dato", "2026-03-01")
    assert (code, output) == (0, f"Skrev {VR}\n")
    return root


def test_the_leader_and_a_verneombud_walk_the_round(make_repo: MakeRepo) -> None:
    root = walked(make_repo)
    path = root / VR
    assert "deltakere: [liv.berg]" in path.read_text(
        "utf-8"
    )  # the unit's leader, from the template
    assert ims(root, "validate") == (
        0,
        f"{VR}:7:1: advarsel B025 ingen av deltakerne er verneombud; vernerunden går "
        "virksomhetens leder sammen med verneombudet (internkontrollforskriften § 5 og "
        "arbeidsmiljøloven § 6-2). Før verneombudet inn i deltakere, og gi personen «roller: "
        "[verneombud]» i records/organisasjon.yaml [VR-2026-0001]\n"
        "4 poster sjekket: 0 feil, 1 advarsel.\n",
    )
    text = path.read_text("utf-8")
    path.write_text(text.replace("deltakere: [liv.berg]", "deltakere: [eva.nilsen]"), "utf-8")
    output = ims(root, "validate")[1]
    assert "lederen av OPP-SOL, liv.berg, står ikke blant deltakerne" in output
    path.write_text(text.replace("[liv.berg]", "[liv.berg, eva.nilsen]"), "utf-8")
    assert ims(root, "validate") == (0, "4 poster sjekket: 0 feil, 0 advarsler.\n")


def test_a_finding_becomes_an_avvik_that_it_points_at(make_repo: MakeRepo) -> None:
    root = walked(make_repo)
    path = root / VR
    text = path.read_text("utf-8").replace("[liv.berg]", "[liv.berg, eva.nilsen]")
    path.write_text(text.replace("funn: []", "funn:\n  - {id: F1, beskrivelse: Nødutgang sperret}"))
    assert ims(root, "vernerunde", "avvik", "VR-2026-0001/F1") == (
        0,
        "Skrev records/avvik/2026/AVV-2026-0101.yaml: AVV-2026-0101 laget fra VR-2026-0001/F1; "
        f"{VR} viser til det\n",
    )
    avvik = (root / "records/avvik/2026/AVV-2026-0101.yaml").read_text("utf-8")
    for line in (
        "tittel: Nødutgang sperret",
        "meldt: 2026-03-01",
        "funn: VR-2026-0001/F1",
        "enhet: OPP-SOL",
    ):
        assert line in avvik.splitlines(), line
    assert "\nstatus: meldt " in avvik
    assert "kilde: vernerunde " in avvik and "kategori: hms " in avvik
    assert "beskrivelse: Nødutgang sperret, avvik: AVV-2026-0101}" in path.read_text("utf-8")
    assert ims(root, "validate") == (0, "5 poster sjekket: 0 feil, 0 advarsler.\n")
    assert ims(root, "vernerunde", "avvik", "VR-2026-0001/F1") == (
        2,
        "ims: VR-2026-0001/F1 er allerede ført som AVV-2026-0101\n",
    )
    code, output = ims(root, "vernerunde", "avvik", "VR-2026-0001/F1", "--kategori", "hmss")
    assert (code, output.startswith("ims: --kategori «hmss» finnes ikke; bruk hms, ")) == (2, True)
    assert ims(root, "vernerunde", "avvik", "VR-2026-0001/F9")[1] == (
        "ims: VR-2026-0001 har ikke noe funn «F9» (F1)\n"
    )


def test_a_long_finding_gives_a_title_of_80_characters_at_most(make_repo: MakeRepo) -> None:
    root = walked(make_repo)
    path = root / VR
    whole, cut, over = "N" * 80, "Nødutgangen " * 7 + "sperret", "M" * 81  # 80, 91, 81
    items = (
        f"funn:\n  - {{id: F1, beskrivelse: {whole}}}\n  - {{id: F2, beskrivelse: {cut}}}\n"
        f"  - {{id: F3, beskrivelse: {over}}}"
    )
    path.write_text(path.read_text("utf-8").replace("funn: []", items), "utf-8")
    titles = []
    for finding in ("F1", "F2", "F3"):
        code, output = ims(root, "vernerunde", "avvik", f"VR-2026-0001/{finding}")
        assert code == 0, output
        written = root / output.removeprefix("Skrev ").split(":")[0]  # the avvik ims wrote
        lines = written.read_text("utf-8").splitlines()
        titles.append(next(line for line in lines if line.startswith("tittel: ")))
    assert titles == [f"tittel: {whole}", f"tittel: {cut[:79].rstrip()}…", f"tittel: {over[:79]}…"]
    assert len(titles[1]) == len("tittel: ") + 80  # 79 and the ellipsis


def test_each_virksomhet_goes_a_round_within_the_months(make_repo: MakeRepo) -> None:
    root = walked(make_repo)
    assert "F013" not in ims(root, "check", "--as-of", "2027-03-01")[1]
    code, output = ims(root, "check", "--as-of", "2027-03-02")
    assert code == 1
    assert (
        f"{VR}:5:7: feil F013 OPP-SOL har ikke hatt vernerunde siden 01.03.2026 "
        "(frister.vernerunde_maaneder: 12; internkontrollforskriften § 5 og arbeidsmiljøloven "
        "§ 3-1); gå vernerunden med verneombudet og lag posten med «ims new vernerunde --enhet "
        "OPP-SOL» (1 dag over fristen 01.03.2027) [VR-2026-0001]"
    ) in output
    # a virksomhet with none, from the first round the repository holds, at its unit
    assert (
        "records/organisasjon.yaml:5:5: feil F013 OPP-NORD har ingen vernerunde "
        "(internkontrollforskriften § 5 og arbeidsmiljøloven § 3-1: hver virksomhet går "
        "vernerunde, frister.vernerunde_maaneder: 12); gå vernerunden med verneombudet og lag "
        "posten med «ims new vernerunde --enhet OPP-NORD» (1 dag over fristen 01.03.2027) "
        "[OPP-NORD]"
    ) in output
    assert output.count("F013") == 2  # not the tjenesteområde, not the kommune
    # the latest round counts: the one before is not late
    assert ims(root, "new", "vernerunde", "--enhet", "OPP-SOL", "--dato", "2027-02-15")[0] == 0
    output = ims(root, "check", "--as-of", "2027-03-02")[1]
    assert "OPP-SOL har ikke hatt vernerunde" not in output and "OPP-NORD" in output
    code, output = ims(root, "check", "--as-of", "2028-02-16")
    assert "OPP-SOL har ikke hatt vernerunde siden 15.02.2027" in output
