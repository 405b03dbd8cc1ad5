"""Everything CI gates on: every validation finding plus every deadline that has passed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ims_cli.analytics.deadlines import late_findings
from ims_cli.analytics.units import subtree
from ims_cli.findings import Finding, sort_key
from ims_cli.rules.facts import RecordFacts
from ims_cli.rules.run import Places, Reread, repository_findings
from ims_cli.store.load import Catalogue, locate


def check(
    catalogue: Catalogue,
    facts: list[RecordFacts],
    day: date,
    reread: Reread,
    *,
    unit: str | None = None,
    places: Places | None = None,
) -> list[Finding]:
    """With a unit, only findings in its records and those below it (and repository-wide ones)."""
    org = catalogue.organisasjon
    leaders = {u.id: u.leder for u in org.enheter} if org else {}
    late = late_findings((d for record in facts for d in record.deadlines), day)
    # A deadline nobody owns by name (an avvik left 'meldt') is the unit leader's.
    late = [
        f if f.owner else replace(f, owner=leaders.get(f.unit or ""))
        for f in locate(catalogue.root, late, places)
    ]
    found = repository_findings(catalogue, facts, reread, places) + sorted(late, key=sort_key)
    if unit is None:
        return found
    units = subtree(org, unit)
    unit_of_file = {record.path: record.unit for record in facts}

    def belongs(finding: Finding) -> bool:
        owner = unit_of_file.get(finding.file) or finding.unit
        return owner is None or owner in units  # a file of no unit (ims.yaml) concerns everyone

    return [f for f in found if belongs(f)]
