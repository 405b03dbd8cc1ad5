"""Everything CI gates on: every validation finding plus every deadline that has passed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ims_cli.analytics.deadlines import deadlines
from ims_cli.analytics.units import subtree
from ims_cli.findings import Finding, sort_key
from ims_cli.rules.run import validate
from ims_cli.store.load import Repository, locate


def check(repo: Repository, day: date, unit: str | None = None) -> list[Finding]:
    """With a unit, only findings in its records and those below it (and repository-wide ones)."""
    leaders = {u.id: u.leder for u in repo.organisasjon.enheter} if repo.organisasjon else {}
    # A deadline nobody owns by name (an avvik left 'meldt') is the unit leader's.
    late = [
        f if f.owner else replace(f, owner=leaders.get(f.unit or ""))
        for f in locate(repo.root, deadlines(repo.records, repo.config, day), repo.places)
    ]
    found = validate(repo) + sorted(late, key=sort_key)
    if unit is None:
        return found
    units = subtree(repo.organisasjon, unit)
    unit_of_file = {r.path: r.record.enhet for r in repo.records}

    def belongs(finding: Finding) -> bool:
        owner = unit_of_file.get(finding.file) or finding.unit
        return owner is None or owner in units  # a file of no unit (ims.yaml) concerns everyone

    return [f for f in found if belongs(f)]
