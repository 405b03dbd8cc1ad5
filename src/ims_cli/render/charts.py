"""Charts with matplotlib, written as PNG or SVG files. Imported only when a chart is asked for.

Every chart is drawn at the size it is shown: as wide as the text of an A4 page of the report
(170 mm), so that its smallest text, 9 pt, is 9 pt on paper and on screen. Levels are green,
yellow and red, each with its initial in the cell and a legend (readable in greyscale and without
telling red from green); each kategori has one colour of its own in every chart, none of them a
level's.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ims_cli.analytics.risk import Cell, abbreviations, band, level_label
from ims_cli.config import Config
from ims_cli.errors import UserError
from ims_cli.store.write import write_output

PAGE_WIDTH = 170 / 25.4  # inches: the report's text width on A4
SMALLEST, LARGER, TITLE = 9, 10, 11  # points
DPI = 180  # sharp on screen and on paper at the page's width
# Print-friendly colours for the lowest, middle and highest levels.
GREEN, YELLOW, RED = "#8cc63f", "#ffd23f", "#e4572e"
# One colour per kategori in every chart (Paul Tol's and Okabe & Ito's palettes, which stay apart
# for colour-blind readers), none of them a level's green, yellow or red.
KATEGORI_COLOURS = {
    "hms": "#332288",
    "informasjonssikkerhet": "#88ccee",
    "personvern": "#aa4499",
    "tjenestekvalitet": "#0072b2",
    "miljo": "#44aa99",
    "etikk": "#8c6d46",
    "okonomi": "#e69f00",
    "beredskap": "#666666",
}
# For the categories a kommune adds in ims.yaml: more of the same palettes, each category always
# the same one (by its name), so a chart reads the same in every report.
MORE_COLOURS = ("#cc6677", "#ddcc77", "#117733", "#882255", "#999933", "#56b4e9", "#d55e00")
OTHER = "#bbbbbb"
MAX_REFS_IN_CELL = 2


def kategori_colour(kategori: str) -> str:
    if kategori in KATEGORI_COLOURS:
        return KATEGORI_COLOURS[kategori]
    import zlib

    return MORE_COLOURS[zlib.crc32(kategori.encode()) % len(MORE_COLOURS)]


def level_colour(config: Config, level: str) -> str:
    return (GREEN, YELLOW, RED)[band(config, level)]


def figure(height: float, width: float = PAGE_WIDTH) -> Any:
    """A figure as wide as the page, laid out so that titles, labels and legends fit."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    return pyplot.figure(figsize=(width, height), layout="constrained")


def _draw(axes: Any, cells: Sequence[Cell], config: Config, title: str, names: bool) -> None:
    from matplotlib.patches import Rectangle

    risiko = config.risiko
    short = abbreviations(config)
    rows, columns = len(risiko.sannsynlighet), len(risiko.konsekvens)
    for cell in cells:
        x, y = cell.konsekvens - 1, cell.sannsynlighet - 1
        colour = level_colour(config, cell.level)
        axes.add_patch(Rectangle((x, y), 1, 1, facecolor=colour, edgecolor="white", lw=2))
        axes.text(x + 0.07, y + 0.93, short[cell.level], ha="left", va="top", fontsize=SMALLEST)
        if not cell.risks:
            continue
        middle = y + (0.55 if names else 0.45)
        axes.text(x + 0.5, middle, str(len(cell.risks)), ha="center", va="center", fontsize=14)
        if names:  # R3 alone is clear only when every risk comes from the same ROS
            shown = [r.split("/", 1)[1] for r in cell.risks]
            label = " ".join(shown[:MAX_REFS_IN_CELL])
            if len(shown) > MAX_REFS_IN_CELL:
                label += f" +{len(shown) - MAX_REFS_IN_CELL}"
            axes.text(x + 0.5, y + 0.2, label, ha="center", va="center", fontsize=SMALLEST)
    axes.set_xlim(0, columns)
    axes.set_ylim(0, rows)
    axes.set_xticks([i + 0.5 for i in range(columns)])
    axes.set_xticklabels(
        [f"{i + 1}\n{textwrap.fill(label, 10)}" for i, label in enumerate(risiko.konsekvens)],
        fontsize=SMALLEST,
    )
    axes.set_yticks([i + 0.5 for i in range(rows)])
    axes.set_yticklabels(
        [f"{textwrap.fill(label, 12)} {i + 1}" for i, label in enumerate(risiko.sannsynlighet)],
        fontsize=SMALLEST,
    )
    axes.set_xlabel("Konsekvens", fontsize=LARGER)
    axes.set_ylabel("Sannsynlighet", fontsize=LARGER)
    axes.set_title(title, fontsize=LARGER)
    axes.set_aspect("equal")
    axes.tick_params(length=0)
    for side in axes.spines.values():
        side.set_visible(False)


def matrix_figure(
    title: str, cells: Sequence[Cell], config: Config, after: Sequence[Cell] | None = None
) -> Any:
    """One matrix, or before and after side by side, with a legend of the levels."""
    from matplotlib.patches import Patch

    panels = [("Før tiltak", cells)] + ([("Etter tiltak", after)] if after is not None else [])
    analyses = {ref.split("/", 1)[0] for cell in cells for ref in cell.risks}
    width, height = (PAGE_WIDTH, 4.4) if len(panels) == 2 else (PAGE_WIDTH * 0.75, 5.6)
    drawn = figure(height, width)
    axes = drawn.subplots(1, len(panels), squeeze=False)
    for ax, (label, panel) in zip(axes[0], panels, strict=True):
        _draw(ax, panel, config, label, names=len(analyses) == 1)
    for ax in axes[0][1:]:
        ax.set_ylabel("")
        ax.set_yticklabels([])
    short = abbreviations(config)
    legend = [
        Patch(
            facecolor=level_colour(config, n.navn), label=f"{short[n.navn]} = {level_label(n.navn)}"
        )
        for n in config.risiko.nivaer
    ]
    legend_below(drawn, legend, "Risikonivå")
    title_above(drawn, title)
    return drawn


def legend_below(drawn: Any, handles: list[Any], title: str | None = None) -> None:
    """The figure's legend in one row under it, at the smallest size."""
    drawn.legend(
        handles=handles,
        loc="outside lower center",
        ncol=len(handles),
        fontsize=SMALLEST,
        frameon=False,
        title=title,
        title_fontsize=SMALLEST,
    )


def title_above(drawn: Any, title: str) -> None:
    """The figure's title, wrapped to its width (a bold 11 pt letter is about 7 pt wide)."""
    letters = int(drawn.get_figwidth() * 72 / 7)
    drawn.suptitle(textwrap.fill(title, letters), fontsize=TITLE, fontweight="bold")


def save_matrix(
    path: Path,
    title: str,
    cells: Sequence[Cell],
    config: Config,
    after: Sequence[Cell] | None = None,
    *,
    dpi: int = DPI,
) -> None:
    """One matrix, or before and after side by side; the format follows the file's suffix."""
    check_suffix(path)
    save_figure(matrix_figure(title, cells, config, after), path, dpi)


def check_suffix(path: Path) -> None:
    if path.suffix.lower() not in (".png", ".svg"):
        raise UserError(f"{path}: bruk filendelsen .png eller .svg")


def save_figure(drawn: Any, path: Path, dpi: int) -> None:
    """Write (PNG or SVG by the suffix) and close a figure; a failed write is the user's problem
    to fix, with the reason."""
    import io

    from matplotlib import pyplot

    image = io.BytesIO()
    kind = path.suffix.lower().removeprefix(".")
    try:
        metadata = {"Software": "ims"} if kind == "png" else None
        drawn.savefig(image, format=kind, dpi=dpi, metadata=metadata)
    finally:
        pyplot.close(drawn)
    write_output(path, image.getvalue())


NOW, AMBITION, UNITS = "#0072b2", "#88ccee", "#332288"


def maturity_figure(
    title: str,
    areas: Sequence[str],
    scale: Sequence[str],
    main: dict[str, tuple[int, int]],
    others: dict[str, dict[str, int]],
) -> Any:
    """Internkontroll's maturity per area: the level now as a bar, the ambition as an outlined
    bar behind it, and each other unit's level now as a mark, on the municipality's scale."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from ims_cli.words import word

    drawn = figure(0.55 * len(areas) + 1.9)
    axes = drawn.subplots()
    rows = list(range(len(areas)))[::-1]  # the first area on top
    for y, area in zip(rows, areas, strict=True):
        now, ambition = main.get(area, (0, 0))
        axes.barh(y, ambition, height=0.62, facecolor=AMBITION, edgecolor=NOW, hatch="//", lw=1)
        axes.barh(y, now, height=0.36, color=NOW)
        marks = list(others.get(area, {}).values())
        for i, level in enumerate(marks):  # side by side, so two on one level are both seen
            shift = (i - (len(marks) - 1) / 2) * 0.14
            axes.plot(
                level, y + shift, marker="D", color=UNITS, markersize=6, markeredgecolor="white"
            )
    axes.set_yticks(rows)
    axes.set_yticklabels(
        [textwrap.fill(word(a).capitalize(), 18) for a in areas], fontsize=SMALLEST
    )
    axes.set_xlim(0, len(scale) + 0.2)
    axes.set_xticks(range(1, len(scale) + 1))
    axes.set_xticklabels(
        [f"{n}\n{name}" for n, name in enumerate(scale, start=1)], fontsize=SMALLEST
    )
    axes.set_xlabel("Modenhet", fontsize=LARGER)
    axes.grid(axis="x", color="#dddddd")
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    legend: list[Any] = [
        Patch(color=NOW, label="I dag"),
        Patch(facecolor=AMBITION, edgecolor=NOW, hatch="//", label="Ambisjon"),
    ]
    if others:
        legend.append(
            Line2D(
                [],
                [],
                marker="D",
                color=UNITS,
                lw=0,
                markeredgecolor="white",
                label="Tjenesteområdene i dag",
            )
        )
    legend_below(drawn, legend)
    title_above(drawn, title)
    return drawn
