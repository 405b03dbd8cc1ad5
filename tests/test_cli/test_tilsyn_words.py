"""Tilsyn's words: Statsforvalteren concludes with lovbrudd and merknad, Arbeidstilsynet gives a
pålegg with a frist; a pålegg without its frist is an error (B026), one not closed by it is a
deadline finding (F016)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from ims_cli.cli.app import app
from tests.conftest import MakeRepo

runner = CliRunner()
REV = "records/revisjoner/REV-2026-0001.yaml"


def ims(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--repo", str(root), *args])
    return result.exit_code, result.output


def inspected(root: Path, funn: str) -> None:
    """The tilsyn as `ims new revisjon` writes it, carried out, with its funn written in."""
    code, _ = ims(
        root,
        "new",
        "revisjon",
        "--enhet",
        "OPP-SOL",
        "--tittel",
        "Vold og trusler",
        "--type",
        "tilsyn",
        "--planlagt",
        "2026-03-01",
        "--revisor",
        "Arbeidstilsynet",
    )
    assert code == 0
    path = root / "records/revisjoner/REV-2026-0001.yaml"
    text = path.read_text("utf-8").replace("gjennomfort: null", "gjennomfort: 2026-03-01")
    path.write_text(text.replace("funn: []", f"funn:\n{funn}"), "utf-8")


PALEGG = (
    "  - {id: F1, type: lovbrudd, beskrivelse: Ingen risikovurdering}\n"
    "  - {id: F2, type: palegg, beskrivelse: Kartlegg vold og trusler, frist: 2026-05-01}\n"
    "  - {id: F3, type: merknad, beskrivelse: Opplæring bør planlegges}\n"
)


def test_a_palegg_not_closed_by_its_frist_is_a_deadline_finding(make_repo: MakeRepo) -> None:
    root = make_repo()
    inspected(root, PALEGG)
    assert ims(root, "validate")[0] == 0
    assert "F016" not in ims(root, "check", "--as-of", "2026-05-01")[1]
    code, output = ims(root, "check", "--as-of", "2026-05-03")
    assert code == 1
    assert (
        f"{REV}:12:74: feil F016 pålegget F2 i «Vold og trusler» er ikke lukket; rett forholdet, "
        "svar tilsynsmyndigheten, og før inn «lukket» med datoen tilsynet lukket pålegget "
        "(2 dager over fristen 01.05.2026) [REV-2026-0001/F2]"
    ) in output
    text = (root / REV).read_text("utf-8")
    (root / REV).write_text(
        text.replace("frist: 2026-05-01}", "frist: 2026-05-01, lukket: 2026-04-28}")
    )
    assert "F016" not in ims(root, "check", "--as-of", "2026-05-03")[1]


def test_a_palegg_without_frist_is_an_error(make_repo: MakeRepo) -> None:
    root = make_repo()
    inspected(root, PALEGG.replace(", frist: 2026-05-01", ""))
    assert ims(root, "validate") == (
        1,
        f"{REV}:12:20: feil B026 pålegget F2 har ingen frist; før inn «frist» med datoen i "
        "vedtaket om pålegg (tilsynsmyndigheten setter fristen for å rette forholdet) "
        "[REV-2026-0001/F2]\n"
        "4 poster sjekket: 1 feil, 0 advarsler.\n",
    )


def test_a_lovbrudd_becomes_a_tilsynsfunn_and_a_merknad_does_not(make_repo: MakeRepo) -> None:
    root = make_repo()
    inspected(root, PALEGG)
    code, output = ims(root, "revisjon", "avvik", "REV-2026-0001/F1", "--kategori", "hms")
    assert code == 0, output
    made = (root / "records/avvik/2026/AVV-2026-0101.yaml").read_text("utf-8")
    assert "type: tilsynsfunn" in made and "funn: REV-2026-0001/F1" in made
    assert ims(root, "revisjon", "avvik", "REV-2026-0001/F3")[0] == 2
