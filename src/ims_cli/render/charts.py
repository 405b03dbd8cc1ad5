"""Charts with matplotlib, written as PNG or SVG files. Imported only when a chart is asked for."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ims_cli.analytics.risk import Cell, band
from ims_cli.config import Config
from ims_cli.errors import UserError
from ims_cli.store.files import write_reason

# Print-friendly colours for the lowest, middle and highest levels.
GREEN, YELLOW, RED = "#8cc63f", "#ffd23f", "#e4572e"
MAX_REFS_IN_CELL = 3


def _colour(config: Config, level: str) -> str:
    return (GREEN, YELLOW, RED)[band(config, level)]


def _draw(axes: object, cells: Sequence[Cell], config: Config, title: str, names: bool) -> None:
    from matplotlib.axes import Axes
    from matplotlib.patches import Rectangle

    assert isinstance(axes, Axes)
    risiko = config.risiko
    rows, columns = len(risiko.sannsynlighet), len(risiko.konsekvens)
    for cell in cells:
        x, y = cell.konsekvens - 1, cell.sannsynlighet - 1
        axes.add_patch(
            Rectangle((x, y), 1, 1, facecolor=_colour(config, cell.level), edgecolor="white", lw=2)
        )
        if not cell.risks:
            continue
        middle = y + (0.6 if names else 0.5)
        axes.text(
            x + 0.5,
            middle,
            str(len(cell.risks)),
            ha="center",
            va="center",
            fontsize=16,
            fontweight="bold",
        )
        if names:  # R3 alone is clear only when every risk comes from the same ROS
            shown = [r.split("/", 1)[1] for r in cell.risks]
            label = ", ".join(shown[:MAX_REFS_IN_CELL])
            if len(shown) > MAX_REFS_IN_CELL:
                label += f" +{len(shown) - MAX_REFS_IN_CELL}"
            axes.text(x + 0.5, y + 0.25, label, ha="center", va="center", fontsize=7)
    axes.set_xlim(0, columns)
    axes.set_ylim(0, rows)
    axes.set_xticks([i + 0.5 for i in range(columns)])
    axes.set_xticklabels(
        [f"{i + 1}\n{label}" for i, label in enumerate(risiko.konsekvens)], fontsize=8
    )
    axes.set_yticks([i + 0.5 for i in range(rows)])
    axes.set_yticklabels(
        [f"{label} {i + 1}" for i, label in enumerate(risiko.sannsynlighet)], fontsize=8
    )
    axes.set_xlabel("Konsekvens", fontsize=10)
    axes.set_ylabel("Sannsynlighet", fontsize=10)
    axes.set_title(title, fontsize=11)
    axes.set_aspect("equal")
    axes.tick_params(length=0)
    for side in axes.spines.values():
        side.set_visible(False)


def save_matrix(
    path: Path,
    title: str,
    cells: Sequence[Cell],
    config: Config,
    after: Sequence[Cell] | None = None,
    *,
    dpi: int = 200,
) -> None:
    """One matrix, or before and after side by side; the format follows the file's suffix."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    check_suffix(path)
    panels = [("Før tiltak", cells)] + ([("Etter tiltak", after)] if after is not None else [])
    analyses = {ref.split("/", 1)[0] for cell in cells for ref in cell.risks}
    figure, axes = pyplot.subplots(1, len(panels), figsize=(6.2 * len(panels), 5.6), squeeze=False)
    for ax, (label, panel) in zip(axes[0], panels, strict=True):
        _draw(ax, panel, config, label, names=len(analyses) == 1)
    figure.suptitle(textwrap.fill(title, 55 * len(panels)), fontsize=12, fontweight="bold")
    save_figure(figure, path, dpi)


def check_suffix(path: Path) -> None:
    if path.suffix.lower() not in (".png", ".svg"):
        raise UserError(f"{path}: bruk filendelsen .png eller .svg")


def save_figure(figure: Any, path: Path, dpi: int) -> None:
    """Lay out, write (PNG or SVG by the suffix) and close a figure; a failed write is the
    user's problem to fix, with the reason."""
    from matplotlib import pyplot

    figure.tight_layout()
    try:
        figure.savefig(
            path, dpi=dpi, metadata={"Software": "ims"} if path.suffix == ".png" else None
        )
    except OSError as error:
        raise UserError(f"{path}: kan ikke skrive filen ({write_reason(error)})") from None
    finally:
        pyplot.close(figure)
