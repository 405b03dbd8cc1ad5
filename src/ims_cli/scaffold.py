"""`ims init`: a new records repository that works on the first day: configuration, CI and
pre-commit files, JSON Schemas with the editor settings that use them, a .gitignore, and git."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ims_cli.errors import UserError
from ims_cli.gitio.revisions import ensure_repository
from ims_cli.models.schemas import documents
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
    "gitignore.j2": ".gitignore",
}
# Which files each schema describes, for yaml-language-server (the kind is in the file name).
SCHEMA_FILES = {
    "ims": ["ims.yaml"],
    "organisasjon": ["records/organisasjon.yaml"],
    "lovkrav": ["records/lovkrav.yaml"],
    "risikobank": ["records/risikobank.yaml"],
    "avvik": ["records/**/AVV-*.yaml"],
    "ros": ["records/**/ROS-*.yaml"],
    "lederavtale": ["records/**/LA-*.yaml"],
    "revisjon": ["records/**/REV-*.yaml"],
    "lg": ["records/**/LG-*.yaml"],
}


@dataclass(frozen=True)
class Scaffolded:
    written: list[str]
    kept: list[str]  # already there, left as they were
    git_created: bool  # `git init` was run: the folder was not in a git repository


def init(target: Path, organisasjon: str, pakke: str) -> Scaffolded:
    """Write every scaffold file that is not there yet; never replace one. The pipelines install
    ims from `pakke` (a pip requirement)."""
    if (target / "ims.yaml").exists():
        raise UserError(f"{target}: har allerede ims.yaml; dette er et postarkiv fra før")
    env = environment(shipped("templates") / "init")
    files = {
        name: render(env, template, None, organisasjon=organisasjon, pakke=pakke)
        for template, name in FILES.items()
    }
    files |= {f"schemas/{name}": text for name, text in documents().items()}
    files[".vscode/settings.json"] = editor_settings()
    written, kept = [], []
    for name, text in files.items():
        path = target / name
        if path.exists():
            kept.append(name)
            continue
        write_new(path, text)
        written.append(name)
    return Scaffolded(written, kept, ensure_repository(target))


def editor_settings() -> str:
    """VS Code's settings: the schemas for the record files, so the editor completes and checks."""
    schemas = {f"./schemas/{name}.schema.json": files for name, files in SCHEMA_FILES.items()}
    settings = {"yaml.schemas": schemas, "files.encoding": "utf8", "files.eol": "\n"}
    return json.dumps(settings, ensure_ascii=False, indent=2) + "\n"
