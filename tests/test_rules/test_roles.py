"""The personvernombud advises and monitors (GDPR art. 38–39): a controller duty given to a
person with `roller: [personvernombud]` is a warning (B024), wherever it is given."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import MakeRepo, findings

ORG = """enheter:
  - {id: KD, navn: Kommunedirektøren, niva: kommune, leder: kari.nordmann}
  - {id: OPP, navn: Oppvekst, niva: tjenesteomrade, overordnet: KD, leder: ola.hansen}
  - {id: OPP-SOL, navn: Solstrand barnehage, niva: virksomhet, overordnet: OPP, leder: liv.berg}
personer:
  - {id: kari.nordmann, navn: Kari Nordmann}
  - {id: ola.hansen, navn: Ola Hansen}
  - {id: liv.berg, navn: Liv Berg}
  - {id: mona.berge, navn: Mona Berge, rolle: Personvernombud, roller: [personvernombud]}
"""
LOVKRAV = """lovkrav:
  - {id: LOV-KL-25-1, tittel: Kommuneloven § 25-1}
  - {id: LOV-GDPR-33, tittel: Personvernforordningen artikkel 33, eier: %s}
"""
BREACH = """id: AVV-2026-0101
type: avvik
tittel: Brev til feil adresse
meldt: 2026-03-01
enhet: OPP-SOL
kategori: personvern
status: under_behandling
personvern: {brudd: ja, oppdaget: 2026-03-01T09:00, risiko: risiko,
  meldt_datatilsynet: 2026-03-02T10:00}
tiltak:
  - {id: T1, beskrivelse: Vurdere risikoen, ansvarlig: %s, frist: 2026-03-02, status: pagar}
"""


def _b024(root: Path) -> list[tuple[str, str | None, int | None]]:
    return [(f.file, f.ref, f.line) for f in findings(root) if f.code == "B024"]


@pytest.mark.parametrize("owner", ["mona.berge", "liv.berg"])
def test_the_ombud_owning_a_requirement_or_a_breach_is_warned_of(
    make_repo: MakeRepo, owner: str
) -> None:
    root = make_repo(
        {
            "records/organisasjon.yaml": ORG,
            "records/lovkrav.yaml": LOVKRAV % owner,
            "records/avvik/AVV-2026-0101.yaml": BREACH % owner,
        }
    )
    expected = [
        ("records/avvik/AVV-2026-0101.yaml", "AVV-2026-0101/T1", 11),
        ("records/lovkrav.yaml", "LOV-GDPR-33", 3),
    ]
    assert _b024(root) == (expected if owner == "mona.berge" else [])
    if owner == "mona.berge":
        found = next(f for f in findings(root) if f.code == "B024")
        assert found.severity == "advarsel"
        assert found.message.startswith("mona.berge er personvernombud, som gir råd og fører")
        assert "art. 38 nr. 6 og art. 39" in found.message


def test_without_the_role_no_one_is_held_to_it(make_repo: MakeRepo) -> None:
    """The title «Personvernombud» in `rolle` is free text; only `roller` is known to the rules."""
    org = ORG.replace(", roller: [personvernombud]", "")
    root = make_repo(
        {
            "records/organisasjon.yaml": org,
            "records/lovkrav.yaml": LOVKRAV % "mona.berge",
            "records/avvik/AVV-2026-0101.yaml": BREACH % "mona.berge",
        }
    )
    assert _b024(root) == []


def test_the_ombud_may_take_part_and_report(make_repo: MakeRepo) -> None:
    """Advising in a ROS meeting or reporting an avvik is no controller duty."""
    root = make_repo({"records/organisasjon.yaml": ORG})
    ros = root / "records/ros/ROS-2026-0001.yaml"
    text = ros.read_text(encoding="utf-8")
    ros.write_text(
        text.replace("ansvarlig: liv.berg\n", "ansvarlig: liv.berg\ndeltakere: [mona.berge]\n", 1),
        encoding="utf-8",
    )
    assert _b024(root) == []
