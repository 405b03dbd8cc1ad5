"""The jinja2 environment for record and scaffold templates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined


def _yaml_scalar(value: Any) -> str:
    """A value as a one-line YAML scalar, quoted only when it must be."""
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1 << 20)
    return text.removesuffix("\n...\n").removesuffix("\n")


def environment(*folders: Path, html: bool = False, compiled: Path | None = None) -> Environment:
    """Templates are looked up in order: a records repository's own first, then the shipped ones.
    Undefined variables are errors, so a template can never silently leave a blank. For HTML
    everything a template prints is escaped unless the template marks it safe."""
    env = Environment(
        loader=FileSystemLoader([str(f) for f in folders if f.is_dir()]),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=html,  # YAML and Markdown are not escaped; their renderers do what they need
        # jinja2 checks each template's source against its compiled copy in `compiled`
        bytecode_cache=FileSystemBytecodeCache(str(compiled)) if compiled else None,
    )
    env.filters["yaml"] = _yaml_scalar
    return env
