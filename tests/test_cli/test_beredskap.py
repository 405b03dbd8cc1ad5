"""Beredskap (forskrift om kommunal beredskapsplikt): `ims new ovelse`, an øvelse evaluated within
60 days (F015) whose tiltak are tiltak like any other (F001), the kommune's next øvelse due two
years after its latest (F014), and the beredskapsplan revised every year (F003)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from ims_cli.cli.app import app
from tests.conftest import MakeRepo

runner = CliRunner()
OV = "records/ovelser/2026/OV-2026-0001.yaml"


def ims(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--repo", str(root), *args])
    return result.exit_code, result.output


def exercised(root: Path, day: str = "2026-03-01") -> str:
    code, output = ims(
        root, "new", "ovelse", "--enhet", "KD", "--tittel", "Langvarig strømbrudd", "--dato", day
    )
    assert code == 0, output
    return output.removeprefix("Skrev ").strip()


def test_ims_new_ovelse_and_its_evaluation_within_60_days(make_repo: MakeRepo) -> None:
    root = make_repo()
    assert exercised(root) == OV
    assert (root / OV).read_text("utf-8").splitlines()[2:] == [
        "id: OV-2026-0001",
        "enhet: KD",
        "dato: 2026-03-01",
        "scenario: Langvarig strømbrudd",
        "gradering: intern",
        "deltakere: []",
        "evaluering: null",
        "tiltak: []",
    ]
    assert ims(root, "validate")[0] == 0
    assert "F015" not in ims(root, "check", "--as-of", "2026-04-30")[1]
    code, output = ims(root, "check", "--as-of", "2026-05-01")
    assert code == 1
    assert (
        f"{OV}:9:13: feil F015 øvelsen 01.03.2026 er ikke evaluert innen 60 dager (forskrift om "
        "kommunal beredskapsplikt § 7: øvelsen skal evalueres); skriv evalueringen i "
        "«evaluering» og legg det den fant inn som tiltak (1 dag over fristen 30.04.2026) "
        "[OV-2026-0001]"
    ) in output
    # evaluated, what it found a tiltak: that tiltak is followed up as every tiltak is
    text = (root / OV).read_text("utf-8").replace("evaluering: null", "evaluering: Nødstrøm svikt")
    (root / OV).write_text(text, "utf-8")
    code, output = ims(
        root,
        "tiltak",
        "add",
        "OV-2026-0001",
        "--beskrivelse",
        "Skaffe aggregat",
        "--ansvarlig",
        "kari.nordmann",
        "--frist",
        "2026-06-01",
    )
    assert code == 0, output
    output = ims(root, "check", "--as-of", "2026-06-02")[1]
    assert "F015" not in output
    assert "F001 tiltaket «Skaffe aggregat» er ikke fullført" in output
    assert "OV-2026-0001/T1" in ims(root, "tiltak", "list", "--kilde", "ovelse")[1]


def test_the_kommune_exercises_at_least_every_other_year(make_repo: MakeRepo) -> None:
    root = make_repo({"ims.yaml": "frister:\n  ovelse_evaluering_dager: 3000\n"})
    exercised(root)
    assert "F014" not in ims(root, "check", "--as-of", "2028-03-01")[1]
    code, output = ims(root, "check", "--as-of", "2028-03-02")
    assert code == 1
    assert (
        f"{OV}:5:7: feil F014 kommunen har ikke øvd beredskapsplanen siden 01.03.2026 "
        "(frister.ovelse_maaneder: 24; forskrift om kommunal beredskapsplikt § 7: minst "
        "annethvert år); hold en øvelse og lag posten med «ims new ovelse» (1 dag over fristen "
        "01.03.2028) [OV-2026-0001]"
    ) in output
    exercised(root, "2027-10-01")  # any unit's øvelse counts, the latest one
    assert "F014" not in ims(root, "check", "--as-of", "2028-03-02")[1]
    assert output.count("F014") == 1


PLAN = """---
id: PRO-1.5
tittel: Kommunens beredskapsplan
type: ledelsesprosess
eier: kari.nordmann
enhet: KD
versjon: 1
godkjent: 2026-02-10
neste_revisjon: 2028-02-10
beredskapsplan: true
---
# Formål
"""


def test_the_beredskapsplan_is_revised_every_year(make_repo: MakeRepo) -> None:
    root = make_repo({"records/prosesser/1.5-beredskapsplan.md": PLAN})
    assert ims(root, "validate")[0] == 0
    assert "PRO-1.5" not in ims(root, "check", "--as-of", "2027-02-10")[1]
    code, output = ims(root, "check", "--as-of", "2027-02-11")
    assert code == 1
    assert (
        "records/prosesser/1.5-beredskapsplan.md:9:17: feil F003 prosessen «Kommunens "
        "beredskapsplan» skulle vært revidert (beredskapsplanen revideres minst én gang i året, "
        "forskrift om kommunal beredskapsplikt § 6) (1 dag over fristen 10.02.2027) [PRO-1.5]"
    ) in output
    plain = PLAN.replace("beredskapsplan: true\n", "")
    (root / "records/prosesser/1.5-beredskapsplan.md").write_text(plain, "utf-8")
    assert "PRO-1.5" not in ims(root, "check", "--as-of", "2027-02-11")[1]
