"""References between records and to the registers must resolve."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

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


def _refs(stored: StoredRecord) -> Iterator[tuple[str, Path, str]]:
    """(kind of reference, path, value) for every reference the record makes."""
    record = stored.record
    if record.enhet:
        yield "enhet", ("enhet",), record.enhet
    for path, tiltak in record.all_tiltak():
        yield "person", (*path, "ansvarlig"), tiltak.ansvarlig
    if isinstance(record, Avvik):
        if record.meldt_av and record.meldt_av not in UNNAMED_REPORTERS:
            yield "person", ("meldt_av",), record.meldt_av
        if record.prosess:
            yield "prosess", ("prosess",), record.prosess
        if record.ros:
            yield "ros", ("ros",), record.ros
        for i, lov in enumerate(record.lovkrav):
            yield "lovkrav", ("lovkrav", i), lov
    elif isinstance(record, Ros):
        yield "person", ("ansvarlig",), record.ansvarlig
        for i, person in enumerate(record.deltakere):
            yield "person", ("deltakere", i), person
        for r, risiko in enumerate(record.risikoer):
            if risiko.risikobank:
                yield "risikobank", ("risikoer", r, "risikobank"), risiko.risikobank
            for i, lov in enumerate(risiko.lovkrav):
                yield "lovkrav", ("risikoer", r, "lovkrav", i), lov
    elif isinstance(record, Prosess):
        yield "person", ("eier",), record.eier
        if record.godkjent_av:
            yield "person", ("godkjent_av",), record.godkjent_av
        for i, endring in enumerate(record.endringslogg):
            yield "person", ("endringslogg", i, "av"), endring.av
        for i, lov in enumerate(record.lovkrav):
            yield "lovkrav", ("lovkrav", i), lov
        for i, risk in enumerate(record.risikoer):
            yield "ros", ("risikoer", i), risk
    elif isinstance(record, Lederavtale):
        yield "person", ("leder",), record.leder
        yield "person", ("overordnet",), record.overordnet
    elif isinstance(record, Revisjon):
        for f, funn in enumerate(record.funn):
            if funn.avvik:
                yield "avvik", ("funn", f, "avvik"), funn.avvik
            for i, lov in enumerate(funn.lovkrav):
                yield "lovkrav", ("funn", f, "lovkrav", i), lov
    elif isinstance(record, LedelsensGjennomgang):
        for i, person in enumerate(record.deltakere):
            yield "person", ("deltakere", i), person


def _record_ids(repo: Repository, prefix: str) -> list[str]:
    return [i for i in repo.ids if i.startswith(prefix)]


def _check(kind: str, value: str, known: Known) -> tuple[str, str] | None:
    """(code, message) when the reference does not resolve."""
    repo = known.repo
    if kind == "enhet" and value not in known.units:
        hint = did_you_mean(value, known.units)
        return "R001", f"enheten «{value}» finnes ikke i {ORGANISASJON}{hint}"
    if kind == "person" and value not in known.people:
        hint = did_you_mean(value, known.people)
        return "R002", f"personen «{value}» finnes ikke under personer i {ORGANISASJON}{hint}"
    if kind == "prosess" and value not in repo.ids:
        hint = did_you_mean(value, _record_ids(repo, "PRO-"))
        return "R003", f"prosessen «{value}» finnes ikke{hint}"
    if kind == "ros" and value not in repo.risk_refs:
        ros_id = value.split("/")[0]
        if ros_id not in repo.ids:
            return "R004", f"ROS-en «{ros_id}» finnes ikke{did_you_mean(ros_id, repo.ids)}"
        return "R004", f"ROS-en {ros_id} har ingen risiko «{value.split('/', 1)[1]}»"
    if kind == "avvik" and value not in repo.ids:
        return "R007", f"avviket «{value}» finnes ikke{did_you_mean(value, repo.ids)}"
    if kind == "lovkrav":
        if known.lovkrav is None:
            return "R005", f"lovkravet «{value}» kan ikke slås opp: records/lovkrav.yaml finnes ikke"
        if value not in known.lovkrav:
            hint = did_you_mean(value, known.lovkrav)
            return "R005", f"lovkravet «{value}» finnes ikke i records/lovkrav.yaml{hint}"
    if kind == "risikobank":
        if known.risikobank is None:
            return "R006", f"«{value}» kan ikke slås opp: records/risikobank.yaml finnes ikke"
        if value not in known.risikobank:
            hint = did_you_mean(value, known.risikobank)
            return "R006", f"kategorien «{value}» finnes ikke i records/risikobank.yaml{hint}"
    return None


# Which register a kind of reference is looked up in.
_REGISTER = {"enhet": "organisasjon", "person": "organisasjon", "lovkrav": "lovkrav"}


def record_references(stored: StoredRecord, known: Known) -> Iterator[Finding]:
    repo = known.repo
    for kind, path, value in _refs(stored):
        register = _REGISTER.get(kind, kind)
        if register in repo.broken_registers or (register == "organisasjon" and not repo.organisasjon):
            continue  # the register's own findings (or R009) say what to fix first
        problem = _check(kind, value, known)
        if problem:
            sub = _sub_id(stored, path)
            yield finding(problem[0], stored, path, problem[1], sub)


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
                "R009", "feil", ORGANISASJON,
                "fant ikke records/organisasjon.yaml; lag den med enheter og personer "
                "(se README eller «ims init»)",
            )
        return
    yield from _duplicates(org)
    yield from _hierarchy(org)


def _register_finding(code: str, path: Path, message: str, ref: str) -> Finding:
    return Finding(code, severity(code), ORGANISASJON, message, ref, path=path)


def _duplicates(org: Organisasjon) -> Iterator[Finding]:
    for field, items in (("enheter", org.enheter), ("personer", org.personer)):
        seen: set[str] = set()
        for index, item in enumerate(items):
            if item.id in seen:
                yield _register_finding(
                    "I004", (field, index, "id"), f"«{item.id}» står to ganger i {field}", item.id
                )
            seen.add(item.id)


def _hierarchy(org: Organisasjon) -> Iterator[Finding]:
    units = {e.id: e for e in org.enheter}
    people = {p.id for p in org.personer}
    for index, unit in enumerate(org.enheter):
        path: Path = ("enheter", index)
        if unit.leder and unit.leder not in people:
            yield _register_finding(
                "R002", (*path, "leder"),
                f"lederen «{unit.leder}» finnes ikke under personer{did_you_mean(unit.leder, people)}",
                unit.id,
            )
        parent = units.get(unit.overordnet) if unit.overordnet else None
        if unit.overordnet is None:
            if unit.niva != "kommune":
                yield _register_finding(
                    "R008", path,
                    f"enheten «{unit.id}» ({unit.niva}) mangler overordnet; bare kommunenivået "
                    "står øverst",
                    unit.id,
                )
        elif parent is None:
            hint = did_you_mean(unit.overordnet, units)
            yield _register_finding(
                "R008", (*path, "overordnet"),
                f"overordnet enhet «{unit.overordnet}» finnes ikke{hint}", unit.id,
            )
        elif LEVELS.index(parent.niva) >= LEVELS.index(unit.niva):
            yield _register_finding(
                "R008", (*path, "niva"),
                f"enheten er {unit.niva}, men den overordnede «{parent.id}» er {parent.niva}; "
                "nivået skal gå nedover: kommune → tjenesteomrade → virksomhet → avdeling",
                unit.id,
            )
