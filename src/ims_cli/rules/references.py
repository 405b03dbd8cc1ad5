"""References between records and to the registers must resolve."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ims_cli.codes import severity
from ims_cli.findings import Finding, Path
from ims_cli.models.avvik import Avvik
from ims_cli.models.lederavtale import Lederavtale
from ims_cli.models.lg import LedelsensGjennomgang
from ims_cli.models.prosess import Prosess
from ims_cli.models.registers import LEVELS, Organisasjon
from ims_cli.models.revisjon import Revisjon
from ims_cli.models.ros import Ros
from ims_cli.rules.base import did_you_mean, finding
from ims_cli.store.load import Repository, StoredRecord

ORGANISASJON = "records/organisasjon.yaml"
# meldt_av may name a person or say who reported without naming anyone.
UNNAMED_REPORTERS = frozenset({"anonym", "innbygger"})


@dataclass(frozen=True)
class Known:
    """The ids references may point to."""

    units: set[str]
    people: set[str]
    lovkrav: set[str] | None
    risikobank: set[str] | None
    repo: Repository

    @classmethod
    def of(cls, repo: Repository) -> Known:
        org = repo.organisasjon
        return cls(
            {e.id for e in org.enheter} if org else set(),
            {p.id for p in org.personer} if org else set(),
            {k.id for k in repo.lovkrav.lovkrav} if repo.lovkrav else None,
            {k.id for k in repo.risikobank.risikobank} if repo.risikobank else None,
            repo,
        )


Ref = tuple[str, Path, str]  # (what is referred to, where in the record, the id)


def _avvik_refs(record: Avvik) -> Iterator[Ref]:
    if record.meldt_av and record.meldt_av not in UNNAMED_REPORTERS:
        yield "person", ("meldt_av",), record.meldt_av
    if record.prosess:
        yield "prosess", ("prosess",), record.prosess
    if record.ros:
        yield "ros", ("ros",), record.ros
    for i, lov in enumerate(record.lovkrav):
        yield "lovkrav", ("lovkrav", i), lov


def _ros_refs(record: Ros) -> Iterator[Ref]:
    yield "person", ("ansvarlig",), record.ansvarlig
    for i, person in enumerate(record.deltakere):
        yield "person", ("deltakere", i), person
    for r, risiko in enumerate(record.risikoer):
        if risiko.risikobank:
            yield "risikobank", ("risikoer", r, "risikobank"), risiko.risikobank
        for i, lov in enumerate(risiko.lovkrav):
            yield "lovkrav", ("risikoer", r, "lovkrav", i), lov
        for i, avvik in enumerate(risiko.avvik):
            yield "avvik", ("risikoer", r, "avvik", i), avvik


def _prosess_refs(record: Prosess) -> Iterator[Ref]:
    yield "person", ("eier",), record.eier
    if record.godkjent_av:
        yield "person", ("godkjent_av",), record.godkjent_av
    for i, endring in enumerate(record.endringslogg):
        yield "person", ("endringslogg", i, "av"), endring.av
    for i, lov in enumerate(record.lovkrav):
        yield "lovkrav", ("lovkrav", i), lov
    for i, risk in enumerate(record.risikoer):
        yield "ros", ("risikoer", i), risk


def _lederavtale_refs(record: Lederavtale) -> Iterator[Ref]:
    yield "person", ("leder",), record.leder
    yield "person", ("overordnet",), record.overordnet


def _revisjon_refs(record: Revisjon) -> Iterator[Ref]:
    for f, funn in enumerate(record.funn):
        if funn.avvik:
            yield "avvik", ("funn", f, "avvik"), funn.avvik
        for i, lov in enumerate(funn.lovkrav):
            yield "lovkrav", ("funn", f, "lovkrav", i), lov


def _lg_refs(record: LedelsensGjennomgang) -> Iterator[Ref]:
    for i, person in enumerate(record.deltakere):
        yield "person", ("deltakere", i), person


_KIND_REFS: dict[type, Callable[[Any], Iterator[Ref]]] = {
    Avvik: _avvik_refs,
    Ros: _ros_refs,
    Prosess: _prosess_refs,
    Lederavtale: _lederavtale_refs,
    Revisjon: _revisjon_refs,
    LedelsensGjennomgang: _lg_refs,
}


def _refs(stored: StoredRecord) -> Iterator[Ref]:
    """Every reference the record makes."""
    record = stored.record
    if record.enhet:
        yield "enhet", ("enhet",), record.enhet
    for path, tiltak in record.all_tiltak():
        yield "person", (*path, "ansvarlig"), tiltak.ansvarlig
    yield from _KIND_REFS[type(record)](record)


def _record_ids(repo: Repository, prefix: str) -> list[str]:
    return [i for i in repo.ids if i.startswith(prefix)]


def _unit(value: str, known: Known) -> str | None:
    if value in known.units:
        return None
    return f"enheten «{value}» finnes ikke i {ORGANISASJON}{did_you_mean(value, known.units)}"


def _person(value: str, known: Known) -> str | None:
    if value in known.people:
        return None
    hint = did_you_mean(value, known.people)
    return f"personen «{value}» finnes ikke under personer i {ORGANISASJON}{hint}"


def _process(value: str, known: Known) -> str | None:
    if value in known.repo.ids:
        return None
    return f"prosessen «{value}» finnes ikke{did_you_mean(value, _record_ids(known.repo, 'PRO-'))}"


def _ros_risk(value: str, known: Known) -> str | None:
    if value in known.repo.risk_refs:
        return None
    ros_id, _, risk = value.partition("/")
    if ros_id not in known.repo.ids:
        return f"ROS-en «{ros_id}» finnes ikke{did_you_mean(ros_id, known.repo.ids)}"
    return f"ROS-en {ros_id} har ingen risiko «{risk}»"


def _avvik(value: str, known: Known) -> str | None:
    if value in known.repo.ids:
        return None
    return f"avviket «{value}» finnes ikke{did_you_mean(value, known.repo.ids)}"


def _lovkrav(value: str, known: Known) -> str | None:
    if known.lovkrav is None:
        return f"lovkravet «{value}» kan ikke slås opp: records/lovkrav.yaml finnes ikke"
    if value in known.lovkrav:
        return None
    hint = did_you_mean(value, known.lovkrav)
    return f"lovkravet «{value}» finnes ikke i records/lovkrav.yaml{hint}"


def _risikobank(value: str, known: Known) -> str | None:
    if known.risikobank is None:
        return f"«{value}» kan ikke slås opp: records/risikobank.yaml finnes ikke"
    if value in known.risikobank:
        return None
    hint = did_you_mean(value, known.risikobank)
    return f"kategorien «{value}» finnes ikke i records/risikobank.yaml{hint}"


# What each kind of reference is checked by, and the code it reports.
_CHECKS: dict[str, tuple[str, Callable[[str, Known], str | None]]] = {
    "enhet": ("R001", _unit),
    "person": ("R002", _person),
    "prosess": ("R003", _process),
    "ros": ("R004", _ros_risk),
    "lovkrav": ("R005", _lovkrav),
    "risikobank": ("R006", _risikobank),
    "avvik": ("R007", _avvik),
}


# Which register a kind of reference is looked up in.
_REGISTER = {"enhet": "organisasjon", "person": "organisasjon", "lovkrav": "lovkrav"}


def record_references(stored: StoredRecord, known: Known) -> Iterator[Finding]:
    repo = known.repo
    for kind, path, value in _refs(stored):
        register = _REGISTER.get(kind, kind)
        if register in repo.broken_registers or (
            register == "organisasjon" and not repo.organisasjon
        ):
            continue  # the register's own findings (or R009) say what to fix first
        code, check = _CHECKS[kind]
        message = check(value, known)
        if message:
            yield finding(code, stored, path, message, _sub_id(stored, path))


def _sub_id(stored: StoredRecord, path: Path) -> str | None:
    """The id of the innermost list item on the path (T1 in risikoer[2].tiltak[0])."""
    current: object = stored.record
    sub = None
    for part in path:
        if isinstance(part, int) and isinstance(current, list):
            current = current[part]
            sub = getattr(current, "id", sub)
        elif isinstance(part, str):
            current = getattr(current, part, None)
    return sub


def organisation(repo: Repository) -> Iterator[Finding]:
    """The unit hierarchy: known parents, levels going down, no cycles, one kommune at the top."""
    org = repo.organisasjon
    if org is None:
        if ORGANISASJON not in {f.file for f in repo.findings}:
            yield Finding(
                "R009",
                "feil",
                ORGANISASJON,
                "fant ikke records/organisasjon.yaml; lag den med enheter og personer "
                "(se README eller «ims init»)",
            )
        return
    yield from _duplicates(org)
    yield from _hierarchy(org)


def _register_finding(code: str, path: Path, message: str, ref: str) -> Finding:
    return Finding(code, severity(code), ORGANISASJON, message, ref, path=path)


def _duplicates(org: Organisasjon) -> Iterator[Finding]:
    lists = {"enheter": [e.id for e in org.enheter], "personer": [p.id for p in org.personer]}
    for field, ids in lists.items():
        seen: set[str] = set()
        for index, item_id in enumerate(ids):
            if item_id in seen:
                yield _register_finding(
                    "I004", (field, index, "id"), f"«{item_id}» står to ganger i {field}", item_id
                )
            seen.add(item_id)


def _hierarchy(org: Organisasjon) -> Iterator[Finding]:
    units = {e.id: e for e in org.enheter}
    people = {p.id for p in org.personer}
    for index, unit in enumerate(org.enheter):
        path: Path = ("enheter", index)
        if unit.leder and unit.leder not in people:
            yield _register_finding(
                "R002",
                (*path, "leder"),
                f"lederen «{unit.leder}» finnes ikke under personer"
                + did_you_mean(unit.leder, people),
                unit.id,
            )
        parent = units.get(unit.overordnet) if unit.overordnet else None
        if unit.overordnet is None:
            if unit.niva != "kommune":
                yield _register_finding(
                    "R008",
                    path,
                    f"enheten «{unit.id}» ({unit.niva}) mangler overordnet; bare kommunenivået "
                    "står øverst",
                    unit.id,
                )
        elif parent is None:
            hint = did_you_mean(unit.overordnet, units)
            yield _register_finding(
                "R008",
                (*path, "overordnet"),
                f"overordnet enhet «{unit.overordnet}» finnes ikke{hint}",
                unit.id,
            )
        elif LEVELS.index(parent.niva) >= LEVELS.index(unit.niva):
            yield _register_finding(
                "R008",
                (*path, "niva"),
                f"enheten er {unit.niva}, men den overordnede «{parent.id}» er {parent.niva}; "
                "nivået skal gå nedover: kommune → tjenesteomrade → virksomhet → avdeling",
                unit.id,
            )
