"""Open the records repository a command works on."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import typer

if TYPE_CHECKING:
    from ims_cli import api
    from ims_cli.rules.check import Checked
    from ims_cli.store.index import Select
    from ims_cli.store.load import Repository


def root(ctx: typer.Context) -> Path:
    from ims_cli.store.root import find_root

    return find_root(Path.cwd(), ctx.find_root().obj)


T = TypeVar("T")

# Below this many files, loading takes well under a second: no bar, and no need to load rich.
PROGRESS_FROM = 3000


def open_repository(ctx: typer.Context, select: Select | None = None) -> Repository:
    """Find and load the repository, with a progress bar when it is large: the records
    `select` asks for built (every record when not given), and every register, id and finding."""
    from ims_cli.indexed import load_repository
    from ims_cli.store.index import EVERYTHING

    return loaded(root(ctx), partial(load_repository, select=select or EVERYTHING))


def open_record(ctx: typer.Context, record_id: str) -> Repository:
    """The repository with one record built (a reference like AVV-2026-0042/T1 names its
    record), and every register, id and finding: an edit is checked against the others."""
    from ims_cli.store.index import Select

    wanted = frozenset({record_id.partition("/")[0]})
    return open_repository(ctx, Select(ids=wanted, lookup=False))


def open_ids(ctx: typer.Context) -> Repository:
    """The repository with no record built: its registers, ids and findings."""
    from ims_cli.store.index import Select

    return open_repository(ctx, Select(frozenset()))


def open_checked(ctx: typer.Context) -> Checked:
    """What checking needs: every validation finding and deadline (see rules.check)."""
    return repository(ctx).checked()


def repository(ctx: typer.Context) -> api.Repository:
    """The repository as the library has it (ims_cli.open), with a bar while many files load:
    the commands ask it what a script would."""
    return _library(root(ctx))


def loaded(folder: Path, load: Callable[..., T]) -> T:
    """Every file listed (and stamped) once, then loaded: with a bar when there are many."""
    return _library(folder).load(load)


def _library(folder: Path) -> api.Repository:
    from ims_cli.api import Repository

    return Repository(folder, progress=_bar)


def _bar(files: int) -> AbstractContextManager[Callable[[int], None]]:
    if files < PROGRESS_FROM:
        return nullcontext(lambda _: None)
    from ims_cli.render.console import progress

    return progress("Leser poster", files)
