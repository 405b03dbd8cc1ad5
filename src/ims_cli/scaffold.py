"""`ims init`: a new records repository with configuration, CI and pre-commit files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ims_cli import __version__
from ims_cli.errors import UserError
from ims_cli.render.templates import environment, render
from ims_cli.store.resources import shipped
from ims_cli.store.write import write_new

# template -> where it goes in the new repository
FILES = {
    "ims.yaml.j2": "ims.yaml",
    "organisasjon.yaml.j2": "records/organisasjon.yaml",
    "github-workflow.yml.j2": ".github/workflows/ims.yml",
    "gitlab-ci.yml.j2": ".gitlab-ci.yml",
    "pre-commit-config.yaml.j2": ".pre-commit-config.yaml",
}


@dataclass(frozen=True)
class Scaffolded:
    written: list[str]
    kept: list[str]  # already there, left as they were


def init(target: Path, organisasjon: str) -> Scaffolded:
    """Write every scaffold file that is not there yet; never replace one."""
    if (target / "ims.yaml").exists():
        raise UserError(f"{target}: har allerede ims.yaml; dette er et postarkiv fra før")
    env = environment(shipped("templates") / "init")
    written, kept = [], []
    for template, name in FILES.items():
        path = target / name
        if path.exists():
            kept.append(name)
            continue
        text = render(env, template, None, organisasjon=organisasjon, version=__version__)
        write_new(path, text)
        written.append(name)
    return Scaffolded(written, kept)
