"""Writing new record files: atomic, and never over an existing file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from ims_cli.errors import UserError
from ims_cli.store.edit import write_atomically
from ims_cli.store.files import temporary_beside, write_reason


def record_text(data: dict[str, Any], comment: str) -> str:
    """A new record as readable YAML, keys in the order given, after a one-line comment."""
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    return f"# {comment}\n{body}"


def write_new(path: Path, text: str) -> None:
    """Write a new file atomically (temporary file, fsync, rename); refuse to replace one."""
    if path.exists():
        raise UserError(f"{path}: finnes allerede; velg en annen id eller et annet filnavn")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = temporary_beside(path, path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.link(temporary, path)  # fails if the file appeared meanwhile, unlike a rename
    except FileExistsError:
        raise UserError(f"{path}: finnes allerede") from None
    finally:
        Path(temporary).unlink(missing_ok=True)


def write_output(path: Path, text: str) -> None:
    """A file ims makes for people (a message, a list): its folder made, the file written
    atomically, an older one of the same name replaced."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(f"{path.parent}: kan ikke lage mappen ({write_reason(error)})") from None
    write_atomically(path, text, bom=False)
