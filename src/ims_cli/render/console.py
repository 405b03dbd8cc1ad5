"""The consoles: colour only on a terminal and never under NO_COLOR (rich honours both); as
wide as the terminal, or as COLUMNS says; into a pipe or a file as wide as what is printed, so
nothing is cut, and without the spaces rich pads a table's lines with."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import IO

from rich.console import Console
from rich.text import Text

# Into a pipe or a file: wide enough for any line ims prints, so rich never cuts a word with «…»
# nor wraps a row; the lines are then only as long as what they hold.
UNLIMITED = 10_000
# Prose such as help is read, not searched: into a pipe it is wrapped as on a usual terminal.
READING = 80


class _Trimmed:
    """A stream that drops the spaces at the end of each line (rich pads table cells to the
    column's width; in a file they are noise that diff and grep see)."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.pending = ""

    def write(self, text: str) -> int:
        lines = (self.pending + text).split("\n")
        self.pending = lines.pop()
        if lines:
            self.stream.write("".join(line.rstrip(" ") + "\n" for line in lines))
        return len(text)

    def flush(self) -> None:
        if self.pending:
            self.stream.write(self.pending)
            self.pending = ""
        self.stream.flush()

    def isatty(self) -> bool:
        return False

    @property
    def encoding(self) -> str:
        return getattr(self.stream, "encoding", None) or "utf-8"


def _console(stderr: bool, prose: bool = False) -> Console:
    # rich alone keeps bold and dim under NO_COLOR; a log read by a machine gets no escapes at all.
    plain = os.environ.get("NO_COLOR", "") != ""
    stream = sys.stderr if stderr else sys.stdout
    # What records say is printed as written: no rich markup ('[/bold]' in a title would crash,
    # '[HO]' would vanish) and no emoji codes. Styles are given as Text and style= instead.
    console = Console(
        file=stream,
        highlight=False,
        soft_wrap=True,
        markup=False,
        emoji=False,
        color_system=None if plain else "auto",
    )
    if not console.is_terminal:  # as rich sees it: a tty, or TTY_COMPATIBLE=1 or FORCE_COLOR
        console.file = _Trimmed(stream)  # type: ignore[assignment]
        if not os.environ.get("COLUMNS", "").isdigit():  # else as wide as COLUMNS says
            console.width = READING if prose else UNLIMITED
    return console


def stdout(prose: bool = False) -> Console:
    """The console for what a command prints; `prose` for text to read, such as help."""
    return _console(stderr=False, prose=prose)


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
