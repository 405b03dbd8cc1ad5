"""Every record kind ims knows, one module each, and the one registry of them.

A record's kind comes from its id's prefix (AVV-2026-0042 is an avvik), never from its folder.
Every list of kinds, prefix pattern and choice of kind in ims is derived from `KINDS`. To add a
kind: its model in models/, a module here that makes its `Kind`, its line below, and its
template in templates/new/ (README, Development).
"""

from __future__ import annotations

import re

from ims_cli import codes
from ims_cli.kinds import (
    avvik,
    egenvurdering,
    lederavtale,
    lg,
    ovelse,
    prosess,
    revisjon,
    ros,
    varsel,
    vernerunde,
)
from ims_cli.kinds.base import Due, Kind, Ref
from ims_cli.words import either

__all__ = ["KINDS", "Due", "Kind", "Ref", "by_name", "by_prefix", "kind_of", "register"]

# In the order commands list them. Changed only by register() and unregister() (tests).
KINDS: list[Kind] = [
    avvik.KIND,
    ros.KIND,
    prosess.KIND,
    lederavtale.KIND,
    revisjon.KIND,
    lg.KIND,
    egenvurdering.KIND,
    varsel.KIND,
    vernerunde.KIND,
    ovelse.KIND,
]


# Looked up for every record read: kept beside KINDS by register() and unregister().
_BY_PREFIX: dict[str, Kind] = {k.prefix: k for k in KINDS}
_BY_NAME: dict[str, Kind] = {k.name: k for k in KINDS}


def by_prefix(prefix: str) -> Kind | None:
    return _BY_PREFIX.get(prefix)


def by_name(name: str) -> Kind:
    """The kind users call `name` (avvik, ros …); a KeyError for a name no kind has."""
    return _BY_NAME[name]


def named(name: str) -> Kind | None:
    return _BY_NAME.get(name)


def names() -> tuple[str, ...]:
    return tuple(k.name for k in KINDS)


def kind_of(record_id: object) -> Kind | None:
    """The kind named by an id's prefix (AVV-2026-0042 is an avvik), or None."""
    if not isinstance(record_id, str) or "-" not in record_id:
        return None
    return _BY_PREFIX.get(record_id.split("-", 1)[0])


def file_stems(record_id: str) -> list[str]:
    """What a record's file name may start with: its id, and for a kind numbered by hand its
    number alone (prosesser/1.1.2-etikk-og-samfunnsansvar.md for PRO-1.1.2)."""
    kind = kind_of(record_id)
    if kind is None or kind.numbered:
        return [record_id]
    return [record_id, record_id.removeprefix(f"{kind.prefix}-")]


def record_id() -> re.Pattern[str]:
    """Any record's whole id, of every kind (what a user may name on the command line)."""
    return re.compile("|".join(f"(?:{k.id_pattern})" for k in KINDS))


def numbered_id() -> re.Pattern[str]:
    """The start of a file name that is a numbered id (AVV-2026-0042 …), the id as group 1."""
    prefixes = "|".join(re.escape(k.prefix) for k in KINDS if k.numbered)
    return re.compile(rf"^((?:{prefixes})-\d{{4}}-\d{{4,}})")


def prefixes_said() -> str:
    """The prefixes as a message lists them: «AVV-, ROS- … eller EV-»."""
    return either([f"{k.prefix}-" for k in KINDS])


def names_said() -> str:
    """The kinds' names as help lists them: «avvik, ros … eller egenvurdering»."""
    return either(names())


def register(kind: Kind) -> None:
    """Add a kind (and the rule codes it brings); one with a prefix or name in use is refused."""
    if any(k.prefix == kind.prefix or k.name == kind.name for k in KINDS):
        raise ValueError(f"a kind {kind.name} or with prefix {kind.prefix} is registered already")
    clash = set(kind.codes) & set(codes.CODES)
    if clash:
        raise ValueError(f"rule codes in use already: {', '.join(sorted(clash))}")
    KINDS.append(kind)
    _BY_PREFIX[kind.prefix] = kind
    _BY_NAME[kind.name] = kind
    codes.CODES.update(kind.codes)


def unregister(kind: Kind) -> None:
    """Take a kind registered by register() away again (tests)."""
    KINDS.remove(kind)
    del _BY_PREFIX[kind.prefix]
    del _BY_NAME[kind.name]
    for code in kind.codes:
        codes.CODES.pop(code, None)
