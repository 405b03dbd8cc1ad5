"""References between records and to the registers must resolve."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import chain

from ims_cli.codes import severity
from ims_cli.confidentiality import quote
from ims_cli.findings import Finding, Fix, Path
from ims_cli.kinds import Ref, file_stems
from ims_cli.models.avvik import Avvik
from ims_cli.models.fields import is_code
from ims_cli.models.registers import LEVELS, Organisasjon, address_problem, shown_address
from ims_cli.rules.base import close_match, did_you_mean, finding
from ims_cli.store.load import Catalogue, StoredRecord

ORGANISASJON = "records/organisasjon.yaml"


@dataclass(frozen=True)
class Known:
    """The ids references may point to."""

    units: set[str]
    people: set[str]
    lovkrav: set[str] | None
    risikobank: set[str] | None
    repo: Catalogue
    # The tiltak a samme_som may point at ('ROS-2026-0004/T1'), of the records pointed at; None
    # when they were not looked up (a single record about to be written): then not checked.
    tiltak: set[str] | None = None

    @classmethod
    def of(cls, repo: Catalogue, tiltak: set[str] | None = None) -> Known:
        org = repo.organisasjon
        return cls(
            {e.id for e in org.enheter} if org else set(),
            {p.id for p in org.personer} if org else set(),
            {k.id for k in repo.lovkrav.lovkrav} if repo.lovkrav else None,
            {k.id for k in repo.risikobank.risikobank} if repo.risikobank else None,
            repo,
            tiltak,
        )

    def targets(self) -> dict[str, set[str] | dict[str, list[str]]]:
        """What each kind of reference resolves against; a miss is looked at closely."""
        ids = self.repo.ids
        return {
            "enhet": self.units,
            "person": self.people,
            "prosess": ids,
            "ros": self.repo.risk_refs,
            "lovkrav": self.lovkrav or set(),
            "risikobank": self.risikobank or set(),
            "avvik": ids,
            "tiltak": self.tiltak or set(),
            "funn": ids,  # by the audit's id: see _target
        }


def _refs(stored: StoredRecord) -> Iterator[Ref]:
    """Every reference the record makes (of an invalid record, those that are there)."""
    record = stored.record
    if record.enhet:
        yield "enhet", ("enhet",), record.enhet
    for path, tiltak in record.all_tiltak():
        yield "person", (*path, "ansvarlig"), tiltak.ansvarlig
    for ref in stored.kind.refs(record):
        if ref[2] is not None:
            yield ref
    for path, pointer in record.pointers():
        yield "tiltak", (*path, "samme_som"), pointer.samme_som


# What to do when a referred record is not there and no id is close.
_LISTED = "; skriv id-en til {} som finnes («ims list {}» viser dem)"

# What is wrong with a reference, and the id close to it that it may have meant (an unsafe
# fix: `ims validate --fix --unsafe-fixes` writes it).
Problem = tuple[str, str | None]


def _or(meant: str | None, advice: str) -> str:
    """The close match when there is one, else what to do."""
    return did_you_mean(meant) or (advice if advice.startswith(";") else f"; {advice}")


def _record_ids(repo: Catalogue, prefix: str) -> list[str]:
    return [i for i in repo.ids if i.startswith(prefix)]


def _unit(value: str, known: Known) -> Problem | None:
    if value in known.units:
        return None
    meant = close_match(value, known.units)
    hint = _or(meant, "bruk id-en til en enhet derfra, eller legg den til")
    return f"enheten «{value}» finnes ikke i {ORGANISASJON}{hint}", meant


def _person(value: str, known: Known) -> Problem | None:
    if value in known.people:
        return None
    meant = close_match(value, known.people)
    hint = _or(meant, "bruk id-en til en person derfra, eller legg personen til")
    return f"personen «{value}» finnes ikke under personer i {ORGANISASJON}{hint}", meant


def _unreadable(what: str, value: str, known: Known) -> Problem | None:
    """A record whose file could not be read as YAML has no id the catalogue knows: found by
    its file name (a process's may be its number and a slug), it is named as unreadable, not
    as missing."""
    numbers = file_stems(value)[1:]  # of a kind numbered by hand, as a process
    for f in known.repo.findings:
        name = f.file.rpartition("/")[2]
        named = name.startswith(f"{value}.") or any(
            name.startswith((f"{n}.", f"{n}-")) for n in numbers
        )
        if named and f.code.startswith("Y"):
            return (
                f"{what} «{value}» kan ikke leses: {f.file} har en feil ({f.code}); rett den",
                None,
            )
    return None


def _process(value: str, known: Known) -> Problem | None:
    if value in known.repo.ids:
        return None
    unreadable = _unreadable("prosessen", value, known)
    if unreadable:
        return unreadable
    meant = close_match(value, _record_ids(known.repo, "PRO-"))
    hint = _or(meant, _LISTED.format("en prosess", "prosess"))
    return f"prosessen «{value}» finnes ikke{hint}", meant


def _ros_risk(value: str, known: Known) -> Problem | None:
    if value in known.repo.risk_refs:
        return None
    ros_id, _, risk = value.partition("/")
    if ros_id not in known.repo.ids:
        unreadable = _unreadable("ROS-en", ros_id, known)
        if unreadable:
            return unreadable
        meant = close_match(ros_id, known.repo.ids)
        hint = _or(meant, _LISTED.format("en ROS", "ros"))
        return f"ROS-en «{ros_id}» finnes ikke{hint}", f"{meant}/{risk}" if meant else None
    risks = sorted(r.partition("/")[2] for r in known.repo.risk_refs if r.startswith(f"{ros_id}/"))
    choices = f"; bruk en av: {', '.join(risks)}" if risks else "; ROS-en har ingen risikoer ennå"
    return f"ROS-en {ros_id} har ingen risiko «{risk}»{choices}", None


def _avvik(value: str, known: Known) -> Problem | None:
    if value in known.repo.ids:
        return None
    unreadable = _unreadable("avviket", value, known)
    if unreadable:
        return unreadable
    meant = close_match(value, known.repo.ids)
    return f"avviket «{value}» finnes ikke{_or(meant, _LISTED.format('et avvik', 'avvik'))}", meant


def _lovkrav(value: str, known: Known) -> Problem | None:
    if known.lovkrav is None:
        return (
            f"lovkravet «{value}» kan ikke slås opp: records/lovkrav.yaml finnes ikke; "
            "lag registeret (se README) eller fjern henvisningen"
        ), None
    if value in known.lovkrav:
        return None
    meant = close_match(value, known.lovkrav)
    hint = _or(meant, "bruk en id derfra, eller legg lovkravet til")
    return f"lovkravet «{value}» finnes ikke i records/lovkrav.yaml{hint}", meant


def _tiltak(value: str, known: Known) -> Problem | None:
    if known.tiltak is None or value in known.tiltak:  # not looked up: not checked
        return None
    record_id, _, tiltak = value.partition("/")
    if record_id not in known.repo.ids:
        meant = close_match(record_id, known.repo.ids)
        hint = _or(meant, "skriv id-en til en post som finnes")
        return f"samme_som: posten «{record_id}» finnes ikke{hint}", (
            f"{meant}/{tiltak}" if meant else None
        )
    there = sorted(t.partition("/")[2] for t in known.tiltak or () if t.startswith(f"{record_id}/"))
    choices = (
        f"; bruk en av: {', '.join(there)}" if there else f"; {record_id} har ingen egne tiltak"
    )
    return (
        f"samme_som: {record_id} har ikke noe eget tiltak «{tiltak}»{choices} (et tiltak som selv "
        "har samme_som kan ikke pekes på)"
    ), None


def _audit(value: str, known: Known) -> Problem | None:
    """An avvik's funn (REV-2026-0001/F2): its audit must be there. Which findings the audit has
    is not known without reading it; the audit links back to the avvik (funn.avvik)."""
    audit_id, _, funn = value.partition("/")
    if audit_id in known.repo.ids:
        return None
    # a revisjon's funn (REV-…), or a vernerunde's (VR-…)
    prefix, what, kind = (
        ("VR-", "vernerunden", "vernerunde")
        if audit_id.startswith("VR-")
        else ("REV-", "revisjonen", "revisjon")
    )
    unreadable = _unreadable(what, audit_id, known)
    if unreadable:
        return unreadable
    meant = close_match(audit_id, _record_ids(known.repo, prefix))
    hint = _or(meant, _LISTED.format(f"en {kind}", kind))
    return f"funn: {what} «{audit_id}» finnes ikke{hint}", f"{meant}/{funn}" if meant else None


def _risikobank(value: str, known: Known) -> Problem | None:
    if known.risikobank is None:
        return (
            f"«{value}» kan ikke slås opp: records/risikobank.yaml finnes ikke; "
            "lag registeret (se README) eller fjern henvisningen"
        ), None
    if value in known.risikobank:
        return None
    meant = close_match(value, known.risikobank)
    hint = _or(meant, "bruk en id derfra, eller legg kategorien til")
    return f"kategorien «{value}» finnes ikke i records/risikobank.yaml{hint}", meant


# What each kind of reference is checked by, and the code it reports.
_CHECKS: dict[str, tuple[str, Callable[[str, Known], Problem | None]]] = {
    "enhet": ("R001", _unit),
    "person": ("R002", _person),
    "prosess": ("R003", _process),
    "ros": ("R004", _ros_risk),
    "lovkrav": ("R005", _lovkrav),
    "risikobank": ("R006", _risikobank),
    "avvik": ("R007", _avvik),
    "tiltak": ("R010", _tiltak),
    "funn": ("R012", _audit),
}


# Which register a kind of reference is looked up in.
_REGISTER = {"enhet": "organisasjon", "person": "organisasjon", "lovkrav": "lovkrav"}


def unresolved(kind: str, value: str, known: Known) -> tuple[str, str, str | None] | None:
    """(code, message, the id close to it) when a reference does not resolve; None when it
    does, or when its register is missing or broken (the register's own findings, or R009, say
    what to fix)."""
    register = _REGISTER.get(kind, kind)
    if register in known.repo.broken_registers or (
        register == "organisasjon" and not known.repo.organisasjon
    ):
        return None
    code, check = _CHECKS[kind]
    problem = check(value, known)
    return (code, *problem) if problem else None


def _close(value: str, meant: str | None) -> Fix | None:
    """The unsafe fix of a reference: the close id it may have meant."""
    return Fix(value, meant, applicability="unsafe") if meant else None


def record_references(stored: StoredRecord, known: Known) -> Iterator[Finding]:
    grade = stored.record.gradering
    for kind, path, value in _refs(stored):
        problem = unresolved(kind, value, known)
        if problem:
            code, message, meant = problem
            field = next((str(p) for p in reversed(path) if isinstance(p, str)), "")
            if not is_code(field, value):  # free text in a field that may name a person
                message = message.replace(f"«{value}»", quote(value, grade))
            found = finding(code, stored, path, message, _sub_id(stored, path))
            yield replace(found, fix=_close(value, meant)) if meant else found


def referred(stored: StoredRecord) -> tuple[str, ...]:
    """Kind and id of everything the record refers to, once each, flat: (kind, id, kind, id …),
    as one tuple is quicker to cache and read back than one for each reference."""
    pairs = dict.fromkeys((kind, value) for kind, _, value in _refs(stored))
    return tuple(part for pair in pairs for part in pair)


def pointed_at(refs: Sequence[tuple[str, ...]]) -> set[str]:
    """The records whose tiltak a samme_som points at (few: most records point at none)."""
    return {
        value.partition("/")[0]
        for r in refs
        if "tiltak" in r
        for kind, value in zip(r[0::2], r[1::2], strict=True)
        if kind == "tiltak"
    }


def dangling(refs: Sequence[tuple[str, ...]], known: Known) -> list[int]:
    """Which of the records (given by what each refers to, see `referred`) refer to something
    that is not there. Each distinct reference is looked up once: 100 000 records make half a
    million references, but only a few thousand different ones."""
    flat = list(chain.from_iterable(refs))
    targets = known.targets()
    pairs = set(zip(flat[0::2], flat[1::2], strict=True))
    missing = {(kind, value) for kind, value in pairs if _target(kind, value) not in targets[kind]}
    if not missing:
        return []
    return [
        i for i, r in enumerate(refs) if not missing.isdisjoint(zip(r[0::2], r[1::2], strict=True))
    ]


def _target(kind: str, value: str) -> str:
    """What a reference is looked up by: an avvik's funn by its audit."""
    return value.partition("/")[0] if kind == "funn" else value


def claimed_twice(refs: Sequence[tuple[str, ...]]) -> dict[str, list[int]]:
    """Each audit finding that more than one avvik follows up (funn: REV-…/F1), with the records
    (by their place in `refs`, see `referred`) that do."""
    claims: dict[str, list[int]] = {}
    for index, r in enumerate(refs):
        if "funn" in r:
            for kind, value in zip(r[0::2], r[1::2], strict=True):
                if kind == "funn":
                    claims.setdefault(value, []).append(index)
    return {value: claimers for value, claimers in claims.items() if len(claimers) > 1}


def shared_finding(stored: StoredRecord, others: list[str]) -> Finding:
    """R011: an avvik follows up an audit's finding that another avvik follows up too."""
    record = stored.record
    assert isinstance(record, Avvik) and record.funn
    named = ", ".join(others)
    return finding(
        "R011",
        stored,
        ("funn",),
        f"funn {record.funn} følges også opp av {named}; ett funn skal ha ett avvik: slå "
        "avvikene sammen, eller rett «funn» i det som gjelder et annet funn",
    )


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


def organisation(repo: Catalogue) -> Iterator[Finding]:
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
    yield from _addresses(org)


def _register_finding(
    code: str, path: Path, message: str, ref: str, fix: Fix | None = None
) -> Finding:
    return Finding(code, severity(code), ORGANISASJON, message, ref, path=path, fix=fix)


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


def _addresses(org: Organisasjon) -> Iterator[Finding]:
    """Each person's epost is exactly one address: «ims varsel» sends to it."""
    for index, person in enumerate(org.personer):
        problem = address_problem(person.epost) if person.epost is not None else None
        if problem:
            yield _register_finding(
                "S003",
                ("personer", index, "epost"),
                f"«epost» for {person.id}: «{shown_address(person.epost or '')}» {problem}; "
                "skriv én adresse, som kari.nordmann@kommune.no",
                person.id,
            )


def _hierarchy(org: Organisasjon) -> Iterator[Finding]:
    units = {e.id: e for e in org.enheter}
    people = {p.id for p in org.personer}
    for index, unit in enumerate(org.enheter):
        path: Path = ("enheter", index)
        if unit.leder and unit.leder not in people:
            meant = close_match(unit.leder, people)
            yield _register_finding(
                "R002",
                (*path, "leder"),
                f"lederen «{unit.leder}» finnes ikke under personer"
                + _or(meant, "legg personen til der, eller rett id-en"),
                unit.id,
                _close(unit.leder, meant),
            )
        parent = units.get(unit.overordnet) if unit.overordnet else None
        if unit.overordnet is None:
            if unit.niva != "kommune":
                yield _register_finding(
                    "R008",
                    path,
                    f"enheten «{unit.id}» ({unit.niva}) mangler overordnet; bare kommunenivået "
                    "står øverst, så legg til «overordnet: ID» med enheten den hører under",
                    unit.id,
                )
        elif parent is None:
            meant = close_match(unit.overordnet, units)
            hint = _or(meant, "bruk id-en til en enhet i listen")
            yield _register_finding(
                "R008",
                (*path, "overordnet"),
                f"overordnet enhet «{unit.overordnet}» finnes ikke{hint}",
                unit.id,
                _close(unit.overordnet, meant),
            )
        elif LEVELS.index(parent.niva) >= LEVELS.index(unit.niva):
            yield _register_finding(
                "R008",
                (*path, "niva"),
                f"enheten er {unit.niva}, men den overordnede «{parent.id}» er {parent.niva}; "
                "nivået skal gå nedover: kommune → tjenesteomrade → virksomhet → avdeling",
                unit.id,
            )
