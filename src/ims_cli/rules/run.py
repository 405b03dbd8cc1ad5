"""Run every rule: over one record about to be written, or over a whole repository."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from ims_cli.analytics.deadlines import NEXT_ROUND
from ims_cli.analytics.units import person_names
from ims_cli.confidentiality import mark
from ims_cli.findings import Finding, Severity, sort_key
from ims_cli.rules import config, encryption, identity, references, roles
from ims_cli.rules.facts import RecordFacts, holding, local_findings, record_facts
from ims_cli.rules.schema import VALIDATOR
from ims_cli.store.load import (
    Catalogue,
    Repository,
    StoredRecord,
    locate,
    read_path,
    read_record,
)
from ims_cli.words import counted

# A record read again: only one whose references do not resolve, to say where they stand.
Reread = Callable[[str], StoredRecord | None]
Places = dict[str, dict[Any, tuple[int, int]]]


def record_findings(
    stored: StoredRecord, repo: Catalogue, known: references.Known | None = None
) -> list[Finding]:
    """Every rule about one record: a record about to be written (an edit, `ims new`, an imported
    sheet) is held to exactly the rules `validate` holds every record to."""
    known = known or references.Known.of(repo)
    found = [
        *local_findings(stored, repo.config),
        *references.record_references(stored, known),
        *roles.record_duties(stored, roles.ombud(repo.organisasjon)),
        *roles.round_participants(stored, repo.organisasjon),
    ]
    return mark(found, stored.record.gradering)


def repository_findings(
    catalogue: Catalogue, facts: list[RecordFacts], reread: Reread, places: Places | None = None
) -> list[Finding]:
    """Every finding of `validate`: what reading found, the rules of ims.yaml and the registers,
    unique ids, and each record's own findings and references; located and sorted."""
    found = list(catalogue.findings)
    found += config.risk_levels(catalogue.config)
    found += config.cell_table(catalogue.config)
    found += config.words(catalogue.config)
    found += identity.duplicate_ids(catalogue)
    found += references.organisation(catalogue)
    refs = [record.refs for record in facts]
    known = references.Known.of(
        catalogue, _tiltak_of(references.pointed_at(refs), catalogue, reread)
    )
    for record in facts:
        found += record.findings
    sealed = [(record.path, record.sealing) for record in facts if record.sealing]
    found += encryption.readers_findings(catalogue, sealed)
    found += _shared_findings(facts, reread)
    found += _ombud_duties(catalogue, facts, reread)
    found += _round_participants(catalogue, facts, reread)
    for index in references.dangling(refs, known):
        stored = reread(facts[index].path)
        if stored is not None:
            referring = references.record_references(stored, known)
            found += holding(stored, mark(referring, stored.record.gradering))
    return capped(sorted(locate(catalogue.root, _meant(catalogue, found), places), key=sort_key))


# Findings shown of one file: a list of 16 000 wrong items is not read finding by finding, and
# the first ones fixed (often by one change) show what is left.
MAX_PER_FILE = 100


def capped(found: list[Finding]) -> list[Finding]:
    """The first MAX_PER_FILE findings of each file (sorted), the rest counted on a line for
    errors and one for warnings, placed at the first one not shown."""
    shown: list[Finding] = []
    rest: dict[str, list[Finding]] = {}
    seen: dict[str, int] = {}
    for finding in found:
        seen[finding.file] = seen.get(finding.file, 0) + 1
        if seen[finding.file] <= MAX_PER_FILE:
            shown.append(finding)
        else:
            rest.setdefault(finding.file, []).append(finding)
    for left in rest.values():
        shown += [line for line in map(partial(_more, left), ("feil", "advarsel")) if line]
    return sorted(shown, key=sort_key)


def _more(left: list[Finding], level: Severity) -> Finding | None:
    """One line for the findings of a severity not shown."""
    mine = [f for f in left if f.severity == level]
    if not mine:
        return None
    first = mine[0]
    what = (
        counted(len(mine), "feil", "feil")
        if level == "feil"
        else counted(len(mine), "advarsel", "advarsler")
    )
    return Finding(
        "Y011",
        level,
        first.file,
        f"… og {what} til i denne filen, den neste her; rett de som vises, så vises resten",
        first.ref.split("/")[0] if first.ref else None,
        first.line,
        first.column,
        counts=len(mine),
    )


def _shared_findings(facts: list[RecordFacts], reread: Reread) -> list[Finding]:
    """R011 for each avvik whose audit finding another avvik follows up too (few: read again)."""
    found: list[Finding] = []
    for claimers in references.claimed_twice([record.refs for record in facts]).values():
        stored = [s for s in (reread(facts[i].path) for i in claimers) if s is not None]
        for one in stored:
            others = [other.record.id for other in stored if other is not one]
            found += holding(
                one, mark([references.shared_finding(one, others)], one.record.gradering)
            )
    return found


def _ombud_duties(catalogue: Catalogue, facts: list[RecordFacts], reread: Reread) -> list[Finding]:
    """B024: a controller duty given to the personvernombud, in the lovkrav register or in a
    record that names the ombud (read again: few do)."""
    ombud = roles.ombud(catalogue.organisasjon)
    if not ombud:
        return []
    found = list(roles.register_duties(catalogue.lovkrav, ombud))
    for record in facts:
        refs = record.refs
        named = zip(refs[0::2], refs[1::2], strict=True)
        if any(kind == "person" and value in ombud for kind, value in named):
            stored = reread(record.path)
            if stored is not None:
                duties = list(roles.record_duties(stored, ombud))
                found += holding(stored, mark(duties, stored.record.gradering))
    return found


def _round_participants(
    catalogue: Catalogue, facts: list[RecordFacts], reread: Reread
) -> list[Finding]:
    """B025 of each vernerunde, read again: those are the records with the deadline of the next
    round (F013), one a virksomhet and year."""
    found: list[Finding] = []
    for record in facts:
        if any(wire[0] == NEXT_ROUND for wire in record.deadlines):
            stored = reread(record.path)
            if stored is not None:
                walked = list(roles.round_participants(stored, catalogue.organisasjon))
                found += holding(stored, mark(walked, stored.record.gradering))
    return found


def _tiltak_of(records: set[str], catalogue: Catalogue, reread: Reread) -> set[str]:
    """The tiltak ('ROS-2026-0004/T1') of the records a samme_som points at, read again."""
    found: set[str] = set()
    for record_id in records:
        for path in catalogue.ids.get(record_id, []):
            stored = reread(path)
            if stored is not None:
                found.update(f"{record_id}/{t.id}" for _, t in stored.record.all_tiltak())
    return found


def _meant(catalogue: Catalogue, found: list[Finding]) -> list[Finding]:
    """A person written by name where an id belongs: when exactly one person has that name, the
    finding says who was meant («mente du liv.berg?»). A file is read and kept without the
    register, so this is asked here, of the few files with such a finding."""
    people = person_names(catalogue.organisasjon)
    files = sorted({f.file for f in found if f.code == "S003" and f.path is not None})
    meant, vocabulary = {}, catalogue.config.vocabulary()
    for file in files if people else ():
        for f in read_path(catalogue.root, file, VALIDATOR, people, vocabulary=vocabulary).findings:
            if f.code == "S003" and f.fix is not None and f.fix.new in people:
                meant[f.file, f.path] = f
    return [meant.get((f.file, f.path), f) if f.code == "S003" else f for f in found]


def validate(repo: Repository) -> list[Finding]:
    """Every finding for a repository loaded whole: its valid records, and the valid parts of
    each invalid one, read again."""
    valid = {stored.path for stored in repo.records}
    invalid = sorted({path for paths in repo.ids.values() for path in paths} - valid)
    vocabulary = repo.config.vocabulary()
    partial = [
        stored
        for path in invalid
        if (stored := read_record(repo.root, path, VALIDATOR, vocabulary=vocabulary))
    ]
    records = [*repo.records, *partial]
    facts = [record_facts(stored, repo.config) for stored in records]
    by_path = {stored.path: stored for stored in records}
    return repository_findings(repo, facts, by_path.get, repo.places)
