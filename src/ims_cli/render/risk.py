"""The risk views in the terminal (rich) and as JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ims_cli.analytics.risk import (
    Cell,
    CoverageReport,
    RiskPoint,
    abbreviations,
    band,
    level_label,
)
from ims_cli.confidentiality import text_for
from ims_cli.config import Config
from ims_cli.render.console import stdout
from ims_cli.render.registry import RISK_COVERAGE, RISK_MATRIX, RISK_TOP
from ims_cli.render.results import Matrix, Top
from ims_cli.words import word

STATUS_TEXT = {"ok": "ok", "forfalt": "forfalt", "mangler": "mangler"}


def level_style(config: Config, level: str) -> str:
    """Green for the lowest level, red for the highest, yellow between."""
    return ("black on green3", "black on yellow3", "bold white on red3")[band(config, level)]


def _cell_text(count: int, later: int | None, level: str, short: dict[str, str] | None) -> Text:
    text = str(count) if count else "·"
    if later is not None:
        text = f"{count}→{later}" if count or later else "·"
    if short is not None:
        text += " " + short.get(level, level)
    return Text(text, justify="center")


def grid(
    cells: Sequence[Cell],
    config: Config,
    after: Sequence[Cell] | None,
    plain: bool,
    width: int | None = None,
) -> Group:
    """Sannsynlighet from high to low down, konsekvens rising to the right, one count per cell;
    narrower than `width` (a terminal's), the konsekvens labels are listed under the grid."""
    table = _grid(cells, config, after, plain, labelled=True)
    console = stdout()
    unbounded = console.options.update_width(1 << 14)  # Measurement.get clamps to the width
    if width is None or Measurement.get(console, unbounded, table).minimum <= width:
        return Group(table)
    named = ", ".join(f"{n} {label}" for n, label in enumerate(config.risiko.konsekvens, start=1))
    return Group(_grid(cells, config, after, plain, labelled=False), Text(f"Konsekvens: {named}"))


def _grid(
    cells: Sequence[Cell],
    config: Config,
    after: Sequence[Cell] | None,
    plain: bool,
    labelled: bool,
) -> Table:
    risiko = config.risiko
    short = abbreviations(config) if plain else None
    later = {(c.sannsynlighet, c.konsekvens): len(c.risks) for c in after} if after else None
    texts = {
        (c.sannsynlighet, c.konsekvens): _cell_text(
            len(c.risks),
            later.get((c.sannsynlighet, c.konsekvens), 0) if later is not None else None,
            c.level,
            short,
        )
        for c in cells
    }
    # A narrow terminal takes the labels over more lines; a cell is never narrower than its count.
    widest = max((len(t.plain) for t in texts.values()), default=1)
    table = Table(show_lines=True, pad_edge=False, title_justify="left")
    table.add_column("Sannsynlighet ↓\nKonsekvens →", min_width=len("Sannsynlighet ↓"))
    for number, label in enumerate(risiko.konsekvens, start=1):
        heading = f"{number}\n{label}" if labelled else str(number)
        table.add_column(heading, justify="center", min_width=max(widest, 5))
    for s in range(len(risiko.sannsynlighet), 0, -1):
        row: list[RenderableType] = [Text(f"{s} {risiko.sannsynlighet[s - 1]}")]
        for cell in (c for c in cells if c.sannsynlighet == s):
            text = texts[(s, cell.konsekvens)]
            # The level's colour fills the whole cell, not just the digits.
            row.append(Padding(text, 0, style=level_style(config, cell.level), expand=True))
        table.add_row(*row)
    return table


def legend(config: Config, plain: bool) -> Text:
    short = abbreviations(config)
    if config.risiko.celler:
        parts = [_named(n.navn, short, plain) for n in config.risiko.nivaer]
        return Text("Nivå per celle etter risiko.celler i ims.yaml: " + ", ".join(parts))
    parts, lower = [], 1
    for niva in config.risiko.nivaer:
        parts.append(f"{_named(niva.navn, short, plain)} {lower}–{niva.maks}")
        lower = niva.maks + 1
    return Text("Nivå etter score (sannsynlighet × konsekvens): " + ", ".join(parts), style="dim")


def scales(config: Config) -> list[Text]:
    """What each level of the scales means, when ims.yaml says it (verdier.skala)."""
    skala, risiko = config.verdier.skala, config.risiko
    found = []
    if skala.sannsynlighet:
        found.append(_scale("Sannsynlighet", risiko.sannsynlighet, skala.sannsynlighet))
    if isinstance(skala.konsekvens, list):
        found.append(_scale("Konsekvens", risiko.konsekvens, skala.konsekvens))
    elif isinstance(skala.konsekvens, dict):
        for dimension, described in skala.konsekvens.items():
            name = f"Konsekvens for {word(dimension)}"
            found.append(_scale(name, risiko.konsekvens, described))
    return found


def _scale(name: str, labels: Sequence[str], described: Sequence[str]) -> Text:
    levels = zip(labels, described, strict=False)
    said = "; ".join(f"{n} {label}: {text}" for n, (label, text) in enumerate(levels, 1))
    return Text(f"{name}: {said}", style="dim")


def _named(level: str, short: dict[str, str], plain: bool) -> str:
    return f"{short[level]} = {level_label(level)}" if plain else level_label(level)


def placements(cells: Sequence[Cell]) -> Text:
    """The risks of every non-empty cell, highest score first."""
    text = Text()
    for cell in sorted(cells, key=lambda c: (-c.score, -c.sannsynlighet)):
        if cell.risks:
            where = f"{cell.sannsynlighet}×{cell.konsekvens} {level_label(cell.level)}"
            text.append(f"{where} ({cell.score}): ")
            text.append(", ".join(cell.risks) + "\n")
    return text


def movements(points: Sequence[RiskPoint]) -> Text:
    text = Text()
    for p in points:
        if p.after is None:
            text.append(f"{p.ref}: {_where(p)} – restrisiko ikke vurdert\n", style="dim")
        elif (p.after.sannsynlighet, p.after.konsekvens) != (
            p.before.sannsynlighet,
            p.before.konsekvens,
        ):
            text.append(f"{p.ref}: {_where(p)} → {p.after.sannsynlighet}×{p.after.konsekvens} ")
            text.append(f"({level_label(p.after.level)})\n")
    return text


def _where(p: RiskPoint) -> str:
    return f"{p.before.sannsynlighet}×{p.before.konsekvens} ({level_label(p.before.level)})"


def print_matrix(
    title: str,
    cells: Sequence[Cell],
    config: Config,
    points: Sequence[RiskPoint],
    after: Sequence[Cell] | None = None,
) -> None:
    console = stdout()
    plain = console.no_color or not console.is_terminal
    parts: list[RenderableType] = [
        Text(title, style="bold"),
        grid(cells, config, after, plain, console.width),
        legend(config, plain),
        *scales(config),
        Text(""),
        movements(points) if after is not None else placements(cells),
    ]
    console.print(Group(*parts))


def matrix_json(kind: str, cells: Sequence[Cell]) -> dict[str, object]:
    return {
        "matrise": kind,
        "celler": [
            {
                "sannsynlighet": c.sannsynlighet,
                "konsekvens": c.konsekvens,
                "score": c.score,
                "niva": c.level,
                "risikoer": list(c.risks),
            }
            for c in cells
            if c.risks
        ],
    }


def dumps(document: object) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)


def point_json(p: RiskPoint) -> dict[str, object]:
    rest = p.after
    return {
        "ref": p.ref,
        "enhet": p.enhet,
        "omrade": p.omrade,
        "risikobank": p.risikobank,
        "trussel": text_for(p.trussel.strip(), p.gradering, "intern"),
        "sannsynlighet": p.before.sannsynlighet,
        "konsekvens": p.before.konsekvens,
        "score": p.before.score,
        "niva": p.before.level,
        "tiltak": list(p.tiltak),
        "restrisiko": None
        if rest is None
        else {
            "sannsynlighet": rest.sannsynlighet,
            "konsekvens": rest.konsekvens,
            "score": rest.score,
            "niva": rest.level,
        },
    }


def tiltak_summary(statuses: Sequence[str]) -> str:
    """'3 (1 fullført)' — how many tiltak, how many of them done."""
    if not statuses:
        return "ingen"
    done = statuses.count("fullfort")
    return f"{len(statuses)} ({done} fullført)" if done else str(len(statuses))


def print_top(
    points: Sequence[RiskPoint], config: Config, title: str = "Høyeste risikoer før tiltak"
) -> None:
    table = Table(title=title, title_justify="left", pad_edge=False)
    for header in ("Risiko", "Enhet", "Område", "Score", "Tiltak", "Restrisiko"):
        table.add_column(header, no_wrap=header != "Område")
    for p in points:
        rest = p.after
        table.add_row(
            Text(p.ref),
            p.enhet,
            p.omrade,
            Text(
                f"{p.before.score} {level_label(p.before.level)}",
                style=level_style(config, p.before.level),
            ),
            tiltak_summary(p.tiltak),
            Text(f"{rest.score} {level_label(rest.level)}", style=level_style(config, rest.level))
            if rest
            else Text("–"),
        )
    console = stdout()
    console.print(table)
    for p in points:
        console.print(Text(f"{p.ref}: {text_for(p.trussel.strip(), p.gradering, 'intern')}", "dim"))


@RISK_COVERAGE.renderer("text")
def print_coverage(view: CoverageReport) -> None:
    console = stdout()
    table = Table(title=f"ROS-dekning per virksomhet {view.day}", title_justify="left")
    table.add_column("Virksomhet")
    for omrade in view.areas:
        table.add_column(omrade, justify="center")
    styles = {"ok": "green", "forfalt": "yellow", "mangler": "bold red"}  # missing is worst
    for unit in view.units:
        cells = [Text(STATUS_TEXT[a.status], style=styles[a.status]) for a in unit.areas]
        table.add_row(f"{unit.navn} ({unit.enhet})", *cells)
    console.print(table)
    if view.overdue:
        console.print(Text("ROS som skulle vært evaluert:", style="bold"))
        for ros_id, title, due in view.overdue:
            console.print(f"  {ros_id} {title}: neste evaluering var {due}")
    console.print(Text("Risikobanken per tjenesteområde:", style="bold"))
    for area, categories in view.risikobank.items():
        console.print(f"  {area}: {', '.join(categories)}")


def coverage_json(view: CoverageReport) -> dict[str, object]:
    return {
        "dato": view.day.isoformat(),
        "enheter": [
            {
                "enhet": u.enhet,
                "navn": u.navn,
                "tjenesteomrade": u.tjenesteomrade,
                "omrader": {a.omrade: {"status": a.status, "ros": list(a.ros)} for a in u.areas},
            }
            for u in view.units
        ],
        "forfalt": [
            {"ros": ros_id, "tittel": title, "neste_evaluering": due.isoformat()}
            for ros_id, title, due in view.overdue
        ],
        "risikobank": view.risikobank,
    }


@RISK_COVERAGE.renderer("json")
def _coverage_json(view: CoverageReport) -> str:
    return dumps(coverage_json(view))


@RISK_MATRIX.renderer("json")
def _matrix_json(view: Matrix) -> str:
    if view.shown == "begge":
        document: object = {
            "matrise": "begge",
            "for": matrix_json("for", view.before)["celler"],
            "etter": matrix_json("etter", view.after)["celler"],
        }
    else:
        document = matrix_json(view.shown, view.after if view.shown == "etter" else view.before)
    return dumps(document)


@RISK_MATRIX.renderer("text")
def _matrix_text(view: Matrix) -> None:
    if view.shown == "begge":
        title = f"{view.title}: før → etter tiltak"
        print_matrix(title, view.before, view.config, view.points, view.after)
    elif view.shown == "etter":
        title = f"{view.title}: etter tiltak (restrisiko)"
        print_matrix(title, view.after, view.config, view.points)
    else:
        print_matrix(f"{view.title}: før tiltak", view.before, view.config, view.points)


@RISK_TOP.renderer("json")
def _top_json(view: Top) -> str:
    return dumps({"risikoer": [point_json(p) for p in view.points]})


@RISK_TOP.renderer("text")
def _top_text(view: Top) -> None:
    print_top(view.points, view.config)
