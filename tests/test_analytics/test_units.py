"""The unit hierarchy and the names people read for ids."""

from __future__ import annotations

from ims_cli.analytics.units import (
    ancestor_at,
    person_named,
    person_names,
    subtree,
    unit_names,
)
from ims_cli.models.registers import Organisasjon

ORG = Organisasjon.model_validate(
    {
        "enheter": [
            {"id": "KOM", "navn": "Kommunen", "niva": "kommune", "leder": "ola.hansen"},
            {"id": "HO", "navn": "Helse", "niva": "tjenesteomrade", "overordnet": "KOM"},
            {"id": "HO-B", "navn": "Bjerke", "niva": "virksomhet", "overordnet": "HO"},
        ],
        "personer": [
            {"id": "ola.hansen", "navn": "Ola Hansen"},
            {"id": "liv.berg", "navn": "Liv Berg"},
            {"id": "liv.berg2", "navn": "Liv Berg"},
        ],
    }
)


def test_names_by_id_and_none_without_a_register() -> None:
    assert unit_names(ORG) == {"KOM": "Kommunen", "HO": "Helse", "HO-B": "Bjerke"}
    assert person_names(ORG)["ola.hansen"] == "Ola Hansen"
    assert unit_names(None) == {} and person_names(None) == {}


def test_a_person_is_found_by_a_name_only_one_person_has() -> None:
    people = person_names(ORG)
    assert person_named(people, "  ola HANSEN ") == "ola.hansen"
    assert person_named(people, "Liv Berg") is None  # two people have it
    assert person_named(people, "Kari Nordmann") is None


def test_the_units_below_and_the_one_above_at_a_level() -> None:
    assert subtree(ORG, "HO") == {"HO", "HO-B"}
    assert subtree(None, "HO") == {"HO"}
    assert ancestor_at(ORG, "HO-B", "tjenesteomrade") == "HO"
    assert ancestor_at(ORG, "HO-B", "virksomhet") == "HO-B"
    assert ancestor_at(ORG, "HO", "virksomhet") is None
