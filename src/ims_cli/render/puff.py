"""The PUFF status as a tree table, one unit's reasons, JSON and a heat map."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from ims_cli.analytics.puff import PHASES, TITLES, UnitPuff
from ims_cli.render.registry import PUFF
from ims_cli.render.results import Puff
from ims_cli.words import counted
from ims_cli.words import day as shown

SYMBOLS = {"gronn": "grønn", "gul": "gul", "rod": "rød"}
STYLES = {"gronn": "green", "gul": "yellow", "rod": "bold red"}
DEPTH = {"kommune": 0, "tjenesteomrade": 1, "virksomhet": 2}
SHORT_TITLES = {"planlegge": "P", "utfore": "U", "folge_opp": "Fø", "forbedre": "Fo"}


def to_json(units: Sequence[UnitPuff], day: date) -> str:
    return json.dumps(
        {
            "dato": day.isoformat(),
            "enheter": [
                {
                    "enhet": u.enhet,
                    "navn": u.navn,
                    "niva": u.niva,
                    "overordnet": u.overordnet,
                    **{
                        name: {
                            "status": phase.status,
                            "grunner": [
                                {"status": r.level, "tekst": r.text, "poster": list(r.records)}
                                for r in phase.reasons
                            ],
                        }
                        for name, phase in u.phases.items()
                    },
                }
                for u in units
            ],
        },
        ensure_ascii=False,
        indent=2,
    )


def summary(units: Sequence[UnitPuff]) -> str:
    counts = [f"{TITLES[p]} {sum(u.phases[p].status == 'rod' for u in units)}" for p in PHASES]
    return f"{counted(len(units), 'enhet', 'enheter')}; røde per fase: " + ", ".join(counts)


def print_tree(units: Sequence[UnitPuff], day: date) -> None:
    from rich.table import Table
    from rich.text import Text

    from ims_cli.render.console import stdout

    console = stdout()
    if not console.is_terminal:  # into a pipe or a file: one whole line per unit, for grep
        print("\t".join(["Enhet", "Navn", *(TITLES[p] for p in PHASES)]))
        for unit in units:
            statuses = [SYMBOLS[unit.phases[p].status] for p in PHASES]
            print("\t".join([unit.enhet, " ".join(unit.navn.split()), *statuses]))
        return
    table = Table(title=f"PUFF per {shown(day)}", title_justify="left", pad_edge=False)
    # The statuses never give way; a long unit name does (rich would narrow every column), but
    # never its id. Where even an id has no room, the phases are headed by their short names.
    deepest = max((len("  " * DEPTH.get(u.niva, 2) + u.enhet) for u in units), default=0)
    titles = dict(TITLES)
    room = console.width - _phases_width(titles)
    if room < deepest:
        titles, room = dict(SHORT_TITLES), console.width - _phases_width(dict(SHORT_TITLES))
    table.add_column("Enhet", no_wrap=True, overflow="ellipsis", max_width=room)
    for phase in PHASES:
        table.add_column(titles[phase], no_wrap=True, min_width=len(titles[phase]))
    for unit in units:
        indent = "  " * DEPTH.get(unit.niva, 2)
        cells = [
            Text(SYMBOLS[unit.phases[p].status], style=STYLES[unit.phases[p].status])
            for p in PHASES
        ]
        table.add_row(_label(indent, unit.navn, unit.enhet, room), *cells)
    console.print(table)
    if titles != TITLES:
        console.print(", ".join(f"{titles[p]} = {TITLES[p]}" for p in PHASES))
    console.print(summary(units))


def _phases_width(titles: dict[str, str]) -> int:
    """The columns of the phases: each its width, padding and a border; then the outer borders
    and the name's padding."""
    return sum(max(len(titles[p]), *map(len, SYMBOLS.values())) + 3 for p in PHASES) + 2


def _label(indent: str, name: str, unit: str, room: int) -> str:
    """«  Bjerke sykehjem (HO-BJERKE)»; where there is no room, the name gives way and the id,
    which the user types to look closer, stays whole."""
    whole = f"{indent}{name} ({unit})"
    if len(whole) <= room:
        return whole
    keep = room - len(indent) - len(unit) - 4  # « ()» and the ellipsis
    if keep >= 3:
        return f"{indent}{name[:keep].rstrip()}… ({unit})"
    return f"{indent}{unit}" if len(indent) + len(unit) <= room else unit


def print_unit(unit: UnitPuff, day: date) -> None:
    from rich.text import Text

    from ims_cli.render.console import stdout

    console = stdout()
    console.print(Text(f"PUFF for {unit.navn} ({unit.enhet}) per {shown(day)}", style="bold"))
    for name in PHASES:
        phase = unit.phases[name]
        console.print(Text(f"{TITLES[name]}: {SYMBOLS[phase.status]}", style=STYLES[phase.status]))
        for reason in phase.reasons:
            line = Text(f"  - {reason.text}", style=STYLES[reason.level])
            if reason.records:
                line.append(f": {', '.join(reason.records)}", style="cyan")
            console.print(line)
        if not phase.reasons:
            console.print(Text("  - alt i rute", style="green"))


def heat_map(path: Path, units: Sequence[UnitPuff], day: date, where: str, dpi: int = 0) -> None:
    """Units down the side, the four phases across, one coloured cell each."""
    from ims_cli.render.charts import DPI, check_suffix, save_figure

    check_suffix(path)
    save_figure(puff_figure(units, day, where), path, dpi or DPI)


def puff_figure(units: Sequence[UnitPuff], day: date, where: str) -> Any:
    from matplotlib.colors import ListedColormap

    from ims_cli.render.charts import GREEN, LARGER, RED, SMALLEST, YELLOW, figure, title_above

    levels = {"gronn": 0, "gul": 1, "rod": 2}
    grid = [[levels[u.phases[p].status] for p in PHASES] for u in units]
    drawn = figure(max(2.4, 0.3 * len(units) + 1.5))
    axes = drawn.subplots()
    axes.imshow(grid, cmap=ListedColormap([GREEN, YELLOW, RED]), vmin=0, vmax=2, aspect="auto")
    axes.set_xticks(range(len(PHASES)), [TITLES[p] for p in PHASES], fontsize=LARGER)
    axes.xaxis.tick_top()
    labels = ["   " * DEPTH.get(u.niva, 2) + u.navn for u in units]
    axes.set_yticks(range(len(units)), labels, fontsize=SMALLEST)
    for label, unit in zip(axes.get_yticklabels(), units, strict=True):
        label.set_horizontalalignment("left")
        if unit.niva != "virksomhet":
            label.set_fontweight("bold")
    # left-aligned names: pushed out by the longest one's width, measured
    renderer = drawn.canvas.get_renderer()
    widest = max((t.get_window_extent(renderer).width for t in axes.get_yticklabels()), default=0)
    axes.tick_params(axis="y", pad=widest * 72 / drawn.dpi + 6, length=0)
    axes.tick_params(axis="x", length=0)
    axes.set_ylabel("Enhet", fontsize=SMALLEST)
    words = {"gronn": "grønn", "gul": "gul", "rod": "rød"}
    for row, unit in enumerate(units):
        for column, name in enumerate(PHASES):
            status = unit.phases[name].status
            count = len(unit.phases[name].reasons)
            text = words[status] if not count else f"{words[status]} ({count})"
            axes.text(column, row, text, ha="center", va="center", fontsize=SMALLEST)
    axes.set_xticks([x + 0.5 for x in range(len(PHASES) - 1)], minor=True)
    axes.set_yticks([y + 0.5 for y in range(len(units) - 1)], minor=True)
    axes.grid(which="minor", color="white", linewidth=2)
    axes.tick_params(which="minor", length=0)
    for side in axes.spines.values():
        side.set_visible(False)
    title = f"PUFF i {where} per {shown(day)} (antall grunner i parentes)"
    title_above(drawn, title)
    return drawn


@PUFF.renderer("json")
def _puff_json(view: Puff) -> str:
    return to_json(view.units, view.day)


@PUFF.renderer("text")
def _puff_text(view: Puff) -> None:
    if view.one_unit:
        print_unit(view.units[0], view.day)
    else:
        print_tree(view.units, view.day)
