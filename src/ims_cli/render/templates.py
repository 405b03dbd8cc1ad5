"""The jinja2 environment for record, scaffold and report templates.

A records repository may bring its own templates, and a pull request can change them: every
template runs in jinja2's sandbox, where it can read the values it is given and nothing else.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from jinja2 import FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, TemplateError
from jinja2.exceptions import SecurityError, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

from ims_cli.errors import UserError
from ims_cli.words import counted


def _yaml_scalar(value: Any) -> str:
    """A value as a one-line YAML scalar, quoted only when it must be."""
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1 << 20)
    return text.removesuffix("\n...\n").removesuffix("\n")


def environment(
    *folders: Path, html: bool = False, compiled: Path | None = None
) -> SandboxedEnvironment:
    """Templates are looked up in order: a records repository's own first, then the shipped ones.
    Undefined variables are errors, so a template can never silently leave a blank. For HTML
    everything a template prints is escaped unless the template marks it safe."""
    env = SandboxedEnvironment(
        loader=FileSystemLoader([str(f) for f in folders if f.is_dir()]),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=html,  # YAML and Markdown are not escaped; their renderers do what they need
        # jinja2 checks each template's source against its compiled copy in `compiled`
        bytecode_cache=FileSystemBytecodeCache(str(compiled)) if compiled else None,
    )
    env.filters["yaml"] = _yaml_scalar
    env.filters["antall"] = counted  # 1 post, 2 poster
    return env


def render(env: SandboxedEnvironment, name: str, own: Path | None, **values: Any) -> str:
    """A template filled in. A broken or forbidden template the repository brought (in its
    folder `own`) is the user's error, with its place; a shipped one is a bug in ims."""
    try:
        return env.get_template(name).render(**values)
    except TemplateError as error:
        if own is None or not (own / name).is_file():
            raise
        raise _problem(name, error) from None


def _problem(name: str, error: TemplateError) -> UserError:
    if isinstance(error, TemplateSyntaxError):
        where = f"{error.filename or name}:{error.lineno}"
        return UserError(f"{where}: malen har en syntaksfeil; rett den (jinja2: {error.message})")
    if isinstance(error, SecurityError):
        return UserError(
            f"malen {name} prøver å bruke noe den ikke har tilgang til (bare verdiene ims gir "
            "malen kan brukes); rett malen i templates/"
        )
    return UserError(f"malen {name} kan ikke fylles ut; rett malen (jinja2: {error})")
