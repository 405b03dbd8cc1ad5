"""Reminders (`ims varsel`): which deadlines a person is reminded of, late or soon, and who
receives them when the owner has no address."""

from __future__ import annotations

from datetime import date

from ims_cli.analytics.deadlines import Deadline
from ims_cli.analytics.reminders import reminders
from ims_cli.models.registers import Organisasjon

DAY, SOON = date(2026, 11, 22), date(2026, 12, 6)
ORG = Organisasjon.model_validate(
    {
        "enheter": [
            {"id": "KD", "navn": "K", "niva": "kommune", "leder": "kari"},
            {
                "id": "OPP",
                "navn": "O",
                "niva": "tjenesteomrade",
                "overordnet": "KD",
                "leder": "ola",
            },
            {"id": "SOL", "navn": "S", "niva": "virksomhet", "overordnet": "OPP", "leder": "liv"},
        ],
        "personer": [
            {"id": "kari", "navn": "Kari", "epost": "kari@x.example"},
            {"id": "ola", "navn": "Ola"},
            {"id": "liv", "navn": "Liv", "epost": "liv@x.example"},
            {"id": "per", "navn": "Per", "epost": "per@x.example"},
            {"id": "uten", "navn": "Uten"},
        ],
    }
)


def deadline(ref: str, due: date, owner: str | None = "per", **more: object) -> Deadline:
    fields = {"code": "F001", "unit": "SOL", **more}
    return Deadline(
        str(fields["code"]),
        "f.yaml",
        (),
        due,
        "tiltaket «x» er ikke fullført",
        ref,
        fields["unit"],
        owner,  # type: ignore[arg-type]
        start=fields.get("start", date.min),
        end=fields.get("end", date.max),  # type: ignore[arg-type]
    )


def refs(found: list, what: str = "items") -> dict[str, list[str]]:  # type: ignore[type-arg]
    return {r.person: [i.ref for i in getattr(r, what)] for r in found}


def test_late_is_before_the_day_and_soon_is_up_to_the_window() -> None:
    found = reminders(
        [
            deadline("A/T1", date(2026, 11, 21)),  # one day late
            deadline("A/T2", DAY),  # due today: soon, not late
            deadline("A/T3", SOON),  # the last day of the window
            deadline("A/T4", date(2026, 12, 7)),  # after it
        ],
        ORG,
        DAY,
        SOON,
    )
    assert refs(found, "late") == {"per": ["A/T1"]}
    assert refs(found, "soon") == {"per": ["A/T2", "A/T3"]}
    (per,) = found
    assert [i.days_late for i in per.items] == [1, 0, -14]


def test_a_deadline_counts_only_inside_its_window() -> None:
    found = reminders(
        [
            deadline("B", date(2026, 6, 1), start=DAY),  # the window opens today
            deadline("C", date(2026, 6, 1), end=DAY),  # it closed today
        ],
        ORG,
        DAY,
        SOON,
    )
    assert refs(found) == {"per": ["B"]}


def test_an_avvik_left_meldt_is_the_leaders_of_its_unit() -> None:
    found = reminders(
        [
            deadline("E", date(2026, 6, 1), owner=None, code="F005"),  # SOL: Liv
            deadline("F", date(2026, 6, 2), owner=None, code="F005", unit="OPP"),  # Ola: no
            deadline("G", date(2026, 6, 3), owner=None, code="F005", unit="UKJENT"),  # nobody
        ],
        ORG,
        DAY,
        SOON,
    )
    assert refs(found) == {"liv": ["E"], "kari": ["F"]}
    [kari] = [r for r in found if r.person == "kari"]
    assert (kari.items[0].owner, kari.items[0].owner_name) == ("ola", "Ola")


def test_without_an_address_the_nearest_leader_above_with_one_receives() -> None:
    found = reminders(
        [
            deadline("F", DAY, owner="uten"),  # SOL's leader Liv has an address
            deadline("G", DAY, owner="ola", unit="OPP"),  # Ola leads OPP: up to Kari
            deadline("H", DAY, owner="ukjent", unit="SOL"),  # not in the register
        ],
        ORG,
        DAY,
        SOON,
    )
    assert refs(found) == {"kari": ["G"], "liv": ["F", "H"]}
    assert [i.owner for r in found for i in r.items] == ["ola", "uten", "ukjent"]


def test_a_varsel_s_go_to_its_unit_s_own_leader_at_most_never_above() -> None:
    """A varsel is read by its unit's leader and those in tilgang only (strengt fortrolig):
    its deadlines are never sent up to a leader above the unit."""
    found = reminders(
        [
            deadline("VAR-2026-0001/T1", DAY, owner="uten"),  # SOL's leader Liv: a reader
            deadline("VAR-2026-0002/T1", DAY, owner="uten", unit="OPP"),  # Ola has no address
            deadline("AVV-2026-0001/T1", DAY, owner="uten", unit="OPP"),  # up to Kari
        ],
        ORG,
        DAY,
        SOON,
    )
    assert refs(found) == {
        "kari": ["AVV-2026-0001/T1"],
        "liv": ["VAR-2026-0001/T1"],
        "uten": ["VAR-2026-0002/T1"],  # nobody to send it to: reported as not reached
    }


def test_nobody_to_send_to_stays_with_the_owner_even_in_a_loop_of_units() -> None:
    looped = Organisasjon.model_validate(
        {
            "enheter": [
                {"id": "A", "navn": "A", "niva": "virksomhet", "overordnet": "B", "leder": "uten"},
                {"id": "B", "navn": "B", "niva": "virksomhet", "overordnet": "A"},
            ],
            "personer": [{"id": "uten", "navn": "Uten"}],
        }
    )
    (found,) = reminders([deadline("I", DAY, owner="uten", unit="A")], looped, DAY, SOON)
    assert (found.person, found.navn, found.epost) == ("uten", "Uten", None)


def test_a_person_reads_the_latest_first_and_ties_by_reference() -> None:
    found = reminders(
        [
            deadline("B/T1", SOON),
            deadline("A/T9", date(2026, 11, 21)),
            deadline("C/T2", date(2026, 10, 23)),
            deadline("C/T1", date(2026, 10, 23)),
        ],
        ORG,
        DAY,
        SOON,
    )
    (per,) = found
    assert [(i.ref, i.days_late) for i in per.items] == [
        ("C/T1", 30),
        ("C/T2", 30),
        ("A/T9", 1),
        ("B/T1", -14),
    ]
