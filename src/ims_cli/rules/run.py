"""Run every rule over a loaded repository."""

from __future__ import annotations

from ims_cli.findings import Finding, sort_key
from ims_cli.rules import business, config, identity, references
from ims_cli.store.load import Repository, locate


def validate(repo: Repository) -> list[Finding]:
    """Every finding for the repository: what loading found plus every rule, located and sorted."""
    found = list(repo.findings)
    found += config.risk_levels(repo.config)
    found += config.cell_table(repo.config)
    found += identity.duplicate_ids(repo)
    found += identity.file_names(repo)
    found += references.organisation(repo)
    known = references.Known.of(repo)
    for stored in repo.records:
        found += identity.duplicate_sub_ids(stored)
        found += references.record_references(stored, known)
        found += business.tiltak_dates(stored)
        found += business.avvik_rules(stored)
        found += business.ros_rules(stored, repo.config)
        found += business.prosess_rules(stored)
        found += business.lederavtale_rules(stored)
        found += business.lg_rules(stored)
    return sorted(locate(repo.root, found), key=sort_key)
