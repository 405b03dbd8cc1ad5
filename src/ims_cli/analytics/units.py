"""The unit hierarchy: kommune → tjenesteområde → virksomhet → avdeling."""

from __future__ import annotations

from collections.abc import Mapping

from ims_cli.models.registers import Enhet, Organisasjon


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


def ancestor_at(org: Organisasjon | None, unit: str, level: str) -> str | None:
    """The unit itself or the nearest unit above it at the given level (e.g. its tjenesteområde)."""
    units = by_id(org)
    current = units.get(unit)
    while current is not None:
        if current.niva == level:
            return current.id
        current = units.get(current.overordnet) if current.overordnet else None
    return None
