"""Who reads a graded record (issue 33): fortrolig up the hierarchy with kryptering.alltid and
tilgang; strengt fortrolig the unit's leader and tilgang only; an unknown grade as strictly."""

from __future__ import annotations

from ims_cli.analytics.readers import keys_of, readers
from ims_cli.models.registers import Organisasjon

ORG = Organisasjon.model_validate(
    {
        "enheter": [
            {"id": "KD", "navn": "Kommunedirektøren", "niva": "kommune", "leder": "kari"},
            {"id": "OPP", "navn": "Oppvekst", "niva": "tjenesteomrade", "overordnet": "KD",
             "leder": "ola"},
            {"id": "OPP-SOL", "navn": "Solstrand", "niva": "virksomhet", "overordnet": "OPP",
             "leder": "liv"},
            {"id": "OPP-SOL-A", "navn": "Avdeling A", "niva": "avdeling",
             "overordnet": "OPP-SOL"},
        ],
        "personer": [
            {"id": "liv", "navn": "Liv", "nokkel": "age1" + "q" * 58},
            {"id": "eva", "navn": "Eva", "nokkel": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA eva"},
        ],
    }
)  # fmt: skip


def test_fortrolig_is_read_by_every_leader_above_alltid_and_tilgang() -> None:
    found = readers("fortrolig", "OPP-SOL-A", ["per"], ORG, ["eva", "liv"])
    assert [(r.person, r.why) for r in found] == [
        ("liv", "leder for OPP-SOL"),
        ("ola", "leder for OPP"),
        ("kari", "leder for KD"),
        ("eva", "alltid (ims.yaml)"),
        ("per", "tilgang"),
    ]


def test_strengt_fortrolig_and_an_unknown_grade_leave_out_alltid_and_the_leaders_above() -> None:
    for grade in ("strengt_fortrolig", "fortrolg"):
        found = readers(grade, "OPP-SOL", ["per"], ORG, ["eva"])
        assert [r.person for r in found] == ["liv", "per"]


def test_keys_of_names_the_people_without_one() -> None:
    keys, missing = keys_of(["liv", "ola", "eva"], ORG)
    assert list(keys) == ["liv", "eva"] and missing == ["ola"]
