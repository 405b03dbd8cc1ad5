"""The consoles: colour only on a terminal and never under NO_COLOR (rich honours both)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from rich.console import Console
from rich.text import Text


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


# Above this many rows a list is printed as plain aligned lines: rich lays out a table at about a
# millisecond a row (10 000 rows took 8 s), and a list that long is read with grep or less anyway.
PLAIN_FROM = 500


def print_rows(title: str, headers: Sequence[str], rows: Sequence[Sequence[str | Text]]) -> None:
    """A table of rows; the last column is the one that may wrap (a description, a title). Into
    a pipe or a file: the header and one whole line per row, tab-separated, for grep and cut."""
    from rich.table import Table

    console = stdout()
    if not console.is_terminal:
        for line in [list(headers), *rows]:
            cells = [c.plain if isinstance(c, Text) else c for c in line]
            print("\t".join(" ".join(c.split()) for c in cells))
        return
    if len(rows) >= PLAIN_FROM:
        texts = [[c.plain if isinstance(c, Text) else c for c in row] for row in rows]
        widths = [max(len(h), *(len(r[i]) for r in texts)) for i, h in enumerate(headers[:-1])]
        print(title)
        for line in [list(headers), *texts]:
            padded = [c.ljust(w) for c, w in zip(line, widths, strict=False)]
            print("  ".join([*padded, line[-1]]))
        return
    table = Table(title=title, title_justify="left", pad_edge=False)
    for header in headers[:-1]:
        table.add_column(header, no_wrap=True)
    table.add_column(headers[-1])
    for row in rows:
        table.add_row(*row)
    console.print(table)
