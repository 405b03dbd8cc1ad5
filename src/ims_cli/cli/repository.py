"""Open the records repository a command works on."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from ims_cli.rules.facts import RecordFacts
    from ims_cli.store.load import Catalogue, Repository


def root(ctx: typer.Context) -> Path:
    from ims_cli.store.root import find_root

    return find_root(Path.cwd(), ctx.find_root().obj)


# Below this many files, loading takes well under a second: no bar, and no need to load rich.
PROGRESS_FROM = 3000


def open_repository(ctx: typer.Context) -> Repository:
    """Find and load the repository, with a progress bar when it is large."""
    from ims_cli.store.load import discover, load_repository

    folder = root(ctx)
    paths = discover(folder)
    if len(paths) < PROGRESS_FROM:
        return load_repository(folder, paths)
    from ims_cli.render.console import progress

    with progress("Leser poster", len(paths)) as advance:
        return load_repository(folder, paths, advance)


def open_facts(ctx: typer.Context) -> tuple[Catalogue, list[RecordFacts]]:
    """What checking needs: the registers, every id and each record's facts (see rules.facts)."""
    from ims_cli.rules.facts import load_facts
    from ims_cli.store.load import discover

    folder = root(ctx)
    paths = discover(folder)
    if len(paths) < PROGRESS_FROM:
        return load_facts(folder, paths)
    from ims_cli.render.console import progress

    with progress("Leser poster", len(paths)) as advance:
        return load_facts(folder, paths, advance)
