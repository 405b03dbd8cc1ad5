"""Who may read a graded record's text (tjenstlig behov), and the keys it is encrypted to.

`fortrolig`: the leaders of the record's unit and of every unit above it, the people in
`kryptering.alltid` (ims.yaml), and those in the record's own `tilgang`. `strengt_fortrolig`,
and any grade ims does not know (the most restrictive, never the least): its unit's leader and
its `tilgang`, nobody else.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ims_cli.analytics.units import by_id
from ims_cli.models.registers import Organisasjon


@dataclass(frozen=True)
class Reader:
    person: str
    why: str  # «leder for OPP», «alltid (ims.yaml)», «tilgang»


def readers(
    gradering: str,
    unit: str | None,
    tilgang: Sequence[str],
    org: Organisasjon | None,
    alltid: Sequence[str],
) -> list[Reader]:
    """The readers of a graded record, each once, in the order the rule above gives them."""
    units = by_id(org)
    found: list[Reader] = []
    current, seen = unit, set()
    while current and current in units and current not in seen:
        seen.add(current)
        leader = units[current].leder
        if leader:
            found.append(Reader(leader, f"leder for {current}"))
        if gradering != "fortrolig":
            break  # strengt fortrolig: the unit's own leader only
        current = units[current].overordnet
    if gradering == "fortrolig":
        found += [Reader(p, "alltid (ims.yaml)") for p in alltid]
    found += [Reader(p, "tilgang") for p in tilgang]
    first: dict[str, Reader] = {}
    for reader in found:
        first.setdefault(reader.person, reader)
    return list(first.values())


def keys_of(people: Iterable[str], org: Organisasjon | None) -> tuple[dict[str, str], list[str]]:
    """The public key of each person by id, and those who have none in organisasjon.yaml."""
    known = {p.id: p.nokkel for p in org.personer} if org else {}
    keys: dict[str, str] = {}
    missing: list[str] = []
    for person in people:
        key = known.get(person)
        if key:
            keys[person] = key
        else:
            missing.append(person)
    return keys, missing
