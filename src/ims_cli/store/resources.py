"""Files that ship with ims: templates and schemas, in the installed package or a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def shipped(name: str) -> Path:
    """`templates` or `schemas`: inside the wheel they are ims_cli/data/NAME; in a source checkout
    (an editable install) they are the top-level folders of the project."""
    installed = _PACKAGE / "data" / name
    return installed if installed.is_dir() else _PACKAGE.parent.parent / name
