"""CODEOWNERS from the records: a process's owner reviews every change to it."""

from __future__ import annotations

from dataclasses import dataclass, field

from ims_cli.models.prosess import Prosess
from ims_cli.models.registers import Person
from ims_cli.store.load import Repository

HEADER = (
    "# Laget av «ims codeowners» fra eier i prosessbeskrivelsene og git i organisasjon.yaml.\n"
    "# Ikke rediger for hånd: endre postene og kjør «ims codeowners» på nytt.\n"
)


@dataclass
class Owners:
    text: str
    missing: list[str] = field(default_factory=list)  # people without a git handle


def codeowners(repo: Repository) -> Owners:
    """One line per process description (and, if configured, per tjenesteområde's ROS folder);
    paths are relative to the repository root, as GitHub and GitLab read them."""
    people = {p.id: p for p in repo.organisasjon.personer} if repo.organisasjon else {}
    result = Owners(HEADER)
    lines = ["", "# Prosessbeskrivelser: eieren godkjenner endringer"]
    processes = sorted(
        (r.path, r.record.eier) for r in repo.records if isinstance(r.record, Prosess)
    )
    for path, owner in processes:
        lines.append(_line(path, owner, people, result))
    if repo.config.codeowners.enhetsmapper and repo.organisasjon:
        lines += ["", "# ROS per tjenesteområde: lederen godkjenner endringer"]
        for unit in repo.organisasjon.enheter:
            folder = repo.root / "records" / "ros" / unit.id
            if unit.niva == "tjenesteomrade" and unit.leder and folder.is_dir():
                lines.append(_line(f"records/ros/{unit.id}/", unit.leder, people, result))
    result.text += "\n".join(lines) + "\n"
    return result


def _line(path: str, person: str, people: dict[str, Person], result: Owners) -> str:
    handle = people[person].git if person in people else None
    if not handle:
        result.missing.append(person)
        return f"# /{path}: {person} har ingen git-bruker i organisasjon.yaml"
    return f"/{path} @{handle.lstrip('@')}"
