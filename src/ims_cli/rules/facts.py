"""What checking needs of each record, worked out once and kept in the index: the findings of
the rules that look at the record alone, the ids it refers to, and its deadlines.

`ims check` and `ims validate` on a large repository then never rebuild a record: a warm run reads
these facts, resolves the references against the registers and every id, and compares deadlines
with the day. Only a record whose references do not resolve is read again, for the findings' places.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from typing import Any, NamedTuple

from ims_cli.analytics.deadlines import Deadline, record_deadlines
from ims_cli.confidentiality import mark
from ims_cli.config import Config
from ims_cli.findings import Finding
from ims_cli.rules import business, encryption, identity, references
from ims_cli.rules.encryption import Sealing
from ims_cli.store.load import (
    FileResult,
    StoredRecord,
    finding_from_wire,
    finding_to_wire,
    locate,
)


class RecordFacts(NamedTuple):
    """What the rules need of one valid record."""

    path: str
    unit: str | None
    findings: list[Finding]  # of the rules that need only the record and ims.yaml
    refs: tuple[str, ...]  # kind, id, kind, id … of what it refers to: references.referred
    # Its deadlines as Deadline.to_wire gives them: most are never late, so they are made into
    # findings only when they are (100 000 records may have as many deadlines).
    deadlines: list[tuple[Any, ...]]
    # A graded or encrypted record's grade, readers and keys (rules.encryption); else None.
    sealing: Sealing | None = None

    def to_wire(self) -> tuple[Any, ...]:
        """Plain values without the path (the cache's key): few objects, as 100 000 are read."""
        findings = [finding_to_wire(f) for f in self.findings]
        return (self.unit, findings, self.refs, self.deadlines, self.sealing)

    @classmethod
    def from_wire(cls, path: str, wire: tuple[Any, ...]) -> RecordFacts:
        unit, findings, refs, deadlines, sealing = wire
        if findings:  # seldom: most records have no finding of their own
            findings = [finding_from_wire(f) for f in findings]
        return cls(path, unit, findings, refs, deadlines, sealing)


def local_findings(stored: StoredRecord, config: Config) -> list[Finding]:
    """Every rule about one record that needs nothing else. Of an invalid record missing one of
    its own fields, only the rules that look at each part (a tiltak, a risk, a goal) alone."""
    found = [
        *identity.file_name(stored),
        *identity.duplicate_sub_ids(stored),
        *business.tiltak_dates(stored),
        *business.risk_rules(stored, config),
        *business.goal_levels(stored),
        *business.maturity(stored, config),
    ]
    if stored.salvaged is not None and not stored.salvaged.whole:
        return found
    return [
        *found,
        *business.avvik_rules(stored),
        *business.ros_dates(stored),
        *business.prosess_rules(stored),
        *business.lederavtale_rules(stored),
        *business.lg_rules(stored),
        *business.revisjon_rules(stored),
        *encryption.record_rules(stored, config),
    ]


def record_facts(stored: StoredRecord, config: Config) -> RecordFacts:
    salvaged = stored.salvaged
    # An invalid record's deadlines only when none of its own fields is missing: without its
    # neste_evaluering a ROS would seem due after ims.yaml's months.
    if salvaged is None or salvaged.whole:
        deadlines = record_deadlines(stored, config)
    else:
        deadlines = []
    if salvaged is not None:
        deadlines = [replace(d, path=salvaged.in_file(d.path)) for d in deadlines]
    return RecordFacts(
        stored.path,
        getattr(stored.record, "enhet", None),
        holding(stored, mark(local_findings(stored, config), stored.record.gradering)),
        references.referred(stored),
        [d.to_wire() for d in deadlines],
        encryption.sealing_of(stored),
    )


def holding(stored: StoredRecord, findings: list[Finding]) -> list[Finding]:
    """The findings about a record as they hold for its file: about the valid parts of an
    invalid record, only those that hold with the rest left out, placed where the file has
    them."""
    salvaged = stored.salvaged
    if salvaged is None:
        return findings
    placed = [f if f.path is None else replace(f, path=salvaged.in_file(f.path)) for f in findings]
    return [f for f in placed if salvaged.shown(f)]


def file_facts(root: Path, result: FileResult, config: Config) -> tuple[Any, ...]:
    """A file's facts as plain values for the cache: what reading it found, its ids, a valid
    register's data, and a valid record's facts with their places in the file."""
    facts = None
    stored = result.stored()
    if stored is not None:
        found = record_facts(stored, config)
        facts = found._replace(
            findings=locate(root, found.findings, {result.path: result.places}),
            deadlines=[_placed(d, result.places) for d in found.deadlines],
        ).to_wire()
    register = result.data if result.model is not None and result.kind is None else None
    return (
        [finding_to_wire(f) for f in result.findings],
        result.parsed,
        result.record_id,
        result.risk_ids,
        register,
        facts,
    )


def _placed(wire: tuple[Any, ...], places: dict[Any, tuple[int, int]]) -> tuple[Any, ...]:
    deadline = Deadline.from_wire(wire)
    place = places.get(deadline.path)
    return replace(deadline, line=place[0], column=place[1]).to_wire() if place else wire


def config_key(config: Config) -> str:
    """Changes when a setting the facts depend on changes."""
    return hashlib.blake2b(repr(config.model_dump()).encode(), digest_size=16).hexdigest()
