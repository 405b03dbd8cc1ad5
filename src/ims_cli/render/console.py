"""The consoles: colour only on a terminal and never under NO_COLOR (rich honours both)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console


def _console(stderr: bool) -> Console:
    # rich alone keeps bold and dim under NO_COLOR; a log read by a machine gets no escapes at all.
    plain = os.environ.get("NO_COLOR", "") != ""
    # What records say is printed as written: no rich markup ('[/bold]' in a title would crash,
    # '[HO]' would vanish) and no emoji codes. Styles are given as Text and style= instead.
    return Console(
        stderr=stderr,
        highlight=False,
        soft_wrap=True,
        markup=False,
        emoji=False,
        color_system=None if plain else "auto",
    )


def stdout() -> Console:
    return _console(stderr=False)


def stderr() -> Console:
    return _console(stderr=True)


@contextmanager
def progress(label: str, total: int) -> Iterator[Callable[[int], None]]:
    """A bar on stderr while files load, when there are many and stderr is a terminal."""
    console = stderr()
    if not console.is_terminal:
        yield lambda _: None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda done: bar.advance(task, done)


@contextmanager
def working(label: str) -> Iterator[Callable[[str], None]]:
    """A spinner and what is being done, on stderr while a slow step runs (drawing charts,
    writing a report); only on a terminal. The function it gives changes the text."""
    console = stderr()
    if not console.is_terminal:
        yield lambda _: None
        return
    with console.status(label) as status:
        yield status.update
