"""Run every rule over a loaded repository."""

from __future__ import annotations

from ims_cli.findings import Finding, sort_key
from ims_cli.rules import business, config, identity, references
from ims_cli.store.load import Repository, StoredRecord, locate


def record_findings(
    stored: StoredRecord, repo: Repository, known: references.Known | None = None
) -> list[Finding]:
    """Every rule about one record: `validate` runs it on each, and a record about to be written
    (an edit, `ims new`, an imported sheet) is held to exactly the same rules."""
    known = known or references.Known.of(repo)
    return [
        *identity.duplicate_sub_ids(stored),
        *references.record_references(stored, known),
        *business.tiltak_dates(stored),
        *business.avvik_rules(stored),
        *business.ros_rules(stored, repo.config),
        *business.prosess_rules(stored),
        *business.lederavtale_rules(stored),
        *business.lg_rules(stored),
    ]


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
        found += record_findings(stored, repo, known)
    return sorted(locate(repo.root, found), key=sort_key)
