"""The unit hierarchy: kommune → tjenesteområde → virksomhet → avdeling."""

from __future__ import annotations

import difflib
from collections.abc import Mapping

from ims_cli.errors import UserError
from ims_cli.models.registers import Enhet, Organisasjon

MISSING = "records/organisasjon.yaml mangler eller er ugyldig; kjør «ims validate»"


def children(org: Organisasjon) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for unit in org.enheter:
        if unit.overordnet:
            found.setdefault(unit.overordnet, []).append(unit.id)
    return found


def subtree(org: Organisasjon | None, unit: str) -> set[str]:
    """The unit and every unit below it."""
    if org is None:
        return {unit}
    below = children(org)
    found, stack = set(), [unit]
    while stack:
        current = stack.pop()
        if current not in found:
            found.add(current)
            stack.extend(below.get(current, []))
    return found


def require_unit(org: Organisasjon | None, unit: str | None) -> None:
    """A unit asked about (--enhet, unit=) must exist in organisasjon.yaml."""
    if unit is None:
        return
    if org is None:
        raise UserError(MISSING)
    if unit not in {u.id for u in org.enheter}:
        raise UserError(f"enheten «{unit}» finnes ikke i records/organisasjon.yaml")


def by_id(org: Organisasjon | None) -> dict[str, Enhet]:
    return {unit.id: unit for unit in org.enheter} if org else {}


def unit_names(org: Organisasjon | None) -> dict[str, str]:
    """Each unit's name by id."""
    return {u.id: u.navn for u in org.enheter} if org else {}


def person_names(org: Organisasjon | None) -> dict[str, str]:
    """Each person's name by id, as people are shown (files keep the ids)."""
    return {p.id: p.navn for p in org.personer} if org else {}


def person_named(people: Mapping[str, str], name: str) -> str | None:
    """The id of the one person with this name (any case); None when none or several have it."""
    named = [p for p, known in people.items() if known.casefold() == name.strip().casefold()]
    return named[0] if len(named) == 1 else None


def person_hint(people: Mapping[str, str], given: str) -> str:
    """What to write instead of a person nobody in organisasjon.yaml is: the closest person of
    this repository by id or name, or one of them as an example (never a name of ims's own)."""
    if not people:
        return "organisasjon.yaml har ingen personer ennå; legg dem inn under «personer»"
    by_text = {**{p: p for p in people}, **{n.casefold(): p for p, n in people.items()}}
    close = difflib.get_close_matches(given.casefold(), list(by_text), n=1, cutoff=0.75)
    if close:
        person = by_text[close[0]]
        return f"mente du «{person}» ({people[person]})?"
    person = next(iter(people))
    return (
        f"skriv person-id-en eller navnet slik det står der, for eksempel «{person}» eller "
        f"«{people[person]}»"
    )


def ancestor_at(org: Organisasjon | None, unit: str, level: str) -> str | None:
    """The unit itself or the nearest unit above it at the given level (e.g. its tjenesteområde)."""
    units = by_id(org)
    current = units.get(unit)
    while current is not None:
        if current.niva == level:
            return current.id
        current = units.get(current.overordnet) if current.overordnet else None
    return None
