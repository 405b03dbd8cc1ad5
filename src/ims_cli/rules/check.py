"""Everything CI gates on: every validation finding plus every deadline that has passed.

What that needs is the same on every day (`Checked`): it is kept whole in the index, with the
generation of the index it came from, so a run on an unchanged repository reads it instead of the
facts of every record; a run after a change works from the facts (rules.facts) and keeps it anew
(indexed.load_checked).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from ims_cli.analytics.deadlines import (
    LOVKRAV_FILE,
    late_findings,
    lovkrav_reviews,
    reports_untreated,
)
from ims_cli.analytics.units import subtree
from ims_cli.config import Config, Frister, Internkontroll
from ims_cli.findings import Finding, sort_key
from ims_cli.models.rebuild import rebuild
from ims_cli.models.registers import Organisasjon
from ims_cli.store.load import Catalogue, finding_from_wire, finding_to_wire, places


@dataclass
class Checked:
    """Every validation finding, every deadline (late or not) and each record's unit, with the
    organisation that names units and their leaders."""

    organisasjon: Organisasjon | None
    record_files: int
    findings: list[Finding]  # of `validate`, located and sorted
    deadlines: list[tuple[Any, ...]]  # as Deadline.to_wire gives them
    units: dict[str, str | None]  # record file -> its unit
    # The internkontroll reports ims.yaml lists (F011 depends on the day), and where they stand.
    reports: Internkontroll
    frister: Frister
    reports_at: tuple[int, int] | None = None

    def to_wire(self) -> tuple[Any, ...]:
        org = self.organisasjon.model_dump() if self.organisasjon else None
        findings = [finding_to_wire(f) for f in self.findings]
        reports = self.reports.model_dump(mode="json")
        frister = self.frister.model_dump()
        settings = (reports, frister, self.reports_at)
        return (org, self.record_files, findings, self.deadlines, self.units, settings)

    @classmethod
    def from_wire(cls, wire: tuple[Any, ...]) -> Checked:
        org, record_files, findings, deadlines, units, settings = wire
        organisasjon = rebuild(Organisasjon, org) if org is not None else None
        found = [finding_from_wire(f) for f in findings]
        reports, frister, at = settings
        kept = (rebuild(Internkontroll, reports), rebuild(Frister, frister), at)
        return cls(organisasjon, record_files, found, deadlines, units, *kept)

    def untreated(self, day: date) -> list[tuple[Any, ...]]:
        """F011 on the day, as Deadline.to_wire gives it, placed at internkontroll.rapporter."""
        config = Config(internkontroll=self.reports, frister=self.frister)
        line, column = self.reports_at or (None, None)
        return [
            replace(d, line=line, column=column).to_wire() for d in reports_untreated(config, day)
        ]


def register_deadlines(catalogue: Catalogue) -> list[tuple[Any, ...]]:
    """The deadlines of the registers (a lovkrav to review again), placed in their file."""
    found = lovkrav_reviews(catalogue.lovkrav, catalogue.config, catalogue.organisasjon)
    if not found:
        return []
    at = places(catalogue.root, LOVKRAV_FILE, [d.path for d in found])
    return [
        replace(d, line=line, column=column).to_wire()
        for d, (line, column) in zip(found, at, strict=True)
    ]


def check(
    checked: Checked, day: date, unit: str | None = None, files: set[str] | None = None
) -> list[Finding]:
    """Every validation finding, then every deadline passed on the day. With a unit, only
    findings in its records and those below it (and repository-wide ones); with `files`, only
    the deadlines of those files (the records a pull request changes)."""
    org = checked.organisasjon
    leaders = {u.id: u.leder for u in org.enheter} if org else {}
    # A deadline nobody owns by name (an avvik left 'meldt') is the unit leader's.
    late = [
        f if f.owner else replace(f, owner=leaders.get(f.unit or ""))
        for f in late_findings([*checked.deadlines, *checked.untreated(day)], day)
        if files is None or f.file in files
    ]
    found = checked.findings + sorted(late, key=sort_key)
    if unit is None:
        return found
    units = subtree(org, unit)

    def belongs(finding: Finding) -> bool:
        owner = checked.units.get(finding.file) or finding.unit
        return owner is None or owner in units  # a file of no unit (ims.yaml) concerns everyone

    return [f for f in found if belongs(f)]
