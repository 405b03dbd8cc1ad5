"""`ims init`: a new records repository that works on the first day: configuration, CI and
pre-commit files, JSON Schemas with the editor settings that use them, a .gitignore, and git."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from ims_cli.analytics.dates import add_months
from ims_cli.errors import UserError
from ims_cli.gitio.revisions import ensure_repository
from ims_cli.models import KINDS
from ims_cli.render.templates import environment, render
from ims_cli.schemas import documents
from ims_cli.store.write import write_new

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment

# template -> where it goes in the new repository
FILES = {
    "ims.yaml.j2": "ims.yaml",
    "organisasjon.yaml.j2": "records/organisasjon.yaml",
    "github-workflow.yml.j2": ".github/workflows/ims.yml",
    "gitlab-ci.yml.j2": ".gitlab-ci.yml",
    "pre-commit-config.yaml.j2": ".pre-commit-config.yaml",
    "gitignore.j2": ".gitignore",
}
# `--eksempel`: one record of each kind, in a small organisation, that validates and is on time.
EXAMPLES = {
    "eksempel/organisasjon.yaml.j2": "records/organisasjon.yaml",
    "eksempel/lovkrav.yaml.j2": "records/lovkrav.yaml",
    "eksempel/risikobank.yaml.j2": "records/risikobank.yaml",
    "eksempel/avvik.yaml.j2": "records/avvik/{aar}/AVV-{aar}-0001.yaml",
    "eksempel/ros.yaml.j2": "records/ros/OPP/ROS-{aar}-0001.yaml",
    "eksempel/prosess.md.j2": "records/prosesser/1-henting-og-bringing.md",
    "eksempel/lederavtale.yaml.j2": "records/lederavtaler/{aar}/LA-{aar}-0001.yaml",
    "eksempel/revisjon.yaml.j2": "records/revisjoner/REV-{aar}-0001.yaml",
    "eksempel/lg.yaml.j2": "records/ledelsens-gjennomgang/LG-{aar}-0001.yaml",
}
# Which files each schema describes, for yaml-language-server (the kind is in the file name).
# Which files each schema is for; every kind of record in YAML, from the one list of kinds (a
# process is Markdown, whose front matter the editor's YAML support does not read).
SCHEMA_FILES = {
    "ims": ["ims.yaml"],
    "organisasjon": ["records/organisasjon.yaml"],
    "lovkrav": ["records/lovkrav.yaml"],
    "risikobank": ["records/risikobank.yaml"],
    **{k.name: [f"records/**/{k.prefix}-*.yaml"] for k in KINDS if not k.markdown},
}


@dataclass(frozen=True)
class Scaffolded:
    written: list[str]
    kept: list[str]  # already there, left as they were
    git_created: bool  # `git init` was run: the folder was not in a git repository


def init(
    target: Path, organisasjon: str, pakke: str, example_day: date | None = None
) -> Scaffolded:
    """Write every scaffold file that is not there yet; never replace one. The pipelines install
    ims from `pakke` (a pip requirement). With `example_day`, an example record of each kind,
    dated around that day."""
    if (target / "ims.yaml").exists():
        raise UserError(f"{target}: har allerede ims.yaml; dette er et postarkiv fra før")
    env = environment("init", None)
    files = {
        name: render(env, template, None, organisasjon=organisasjon, pakke=pakke)
        for template, name in FILES.items()
    }
    if example_day is not None:
        files |= examples(env, example_day)
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


def examples(env: SandboxedEnvironment, day: date) -> dict[str, str]:
    """The example records, dated so that nothing is overdue on the day they are made."""
    start = day - timedelta(days=30)
    values = {
        "aar": start.year,
        "start": start,
        "fra": add_months(start, -12) + timedelta(days=1),
        "frist": day + timedelta(days=60),
        "neste": add_months(start, 12),
    }
    return {
        name.format(aar=start.year): render(env, template, None, **values)
        for template, name in EXAMPLES.items()
    }


def editor_settings() -> str:
    """VS Code's settings: the schemas for the record files, so the editor completes and checks."""
    schemas = {f"./schemas/{name}.schema.json": files for name, files in SCHEMA_FILES.items()}
    settings = {"yaml.schemas": schemas, "files.encoding": "utf8", "files.eol": "\n"}
    return json.dumps(settings, ensure_ascii=False, indent=2) + "\n"
