"""`ims puff`: the PUFF cycle for every unit, or one unit with its reasons."""

from __future__ import annotations

import sys
from functools import partial
from typing import Annotated

import typer

from ims_cli.cli import completion
from ims_cli.cli.frame import Command
from ims_cli.cli.options import (
    AsOf,
    Enhet,
    Json,
    Output,
    chart_alone,
    format_option,
    one_of,
    output_format,
    output_option,
)
from ims_cli.render.registry import PUFF

ORDERS = ("tre", "rod")  # --sorter: as the tree of units, or the most red phases first


def puff(
    ctx: typer.Context,
    enhet: Enhet = None,
    as_of: AsOf = None,
    sorter: Annotated[
        str,
        typer.Option(
            metavar="REKKEFØLGE",
            help="tre (standard) eller rød: flest røde faser først.",
            autocompletion=completion.puff_order,
        ),
    ] = "tre",
    png: Annotated[
        Output | None, output_option("--png", "Tegn varmekart som PNG (eller .svg).")
    ] = None,
    output: Annotated[str, format_option(PUFF)] = "text",
    as_json: Json = False,
) -> None:
    """PUFF-status per enhet: Planlegge, Utføre, Følge opp og Forbedre, grønn, gul eller rød.

    Uten --enhet: hele organisasjonen som et tre med en oppsummering. Med --enhet: én enhet med
    alle grunnene og postene bak dem. Reglene og tersklene står i README og i puff: i ims.yaml.

    Eksempel: [bold]ims puff --enhet HO-BJERKE --as-of 2026-11-22[/bold]
    """
    from ims_cli.cli.options import day
    from ims_cli.cli.repository import repository
    from ims_cli.render import puff as render
    from ims_cli.render.results import Puff

    alone = chart_alone((png,), output, as_json)
    chosen_format = output_format(output, as_json)
    sorter = sorter.replace("ø", "o")  # rød as well as rod
    one_of("--sorter", sorter, ORDERS)
    when = day(as_of)
    repo = repository(ctx)
    units = repo.puff(when, enhet)
    if sorter == "rod":
        units = sorted(units, key=lambda u: -sum(p.status == "rod" for p in u.phases.values()))
    if png is not None:
        from ims_cli.render.console import working

        with working("Tegner varmekartet …"):
            where = units[0].navn if enhet else repo.config.organisasjon
            suffix = png.path.suffix.lower() if png.path else ".png"
            png.write(partial(render.heat_map, units=units, day=when, where=where), suffix)
        print(f"Skrev {png}", file=sys.stderr)
    if not alone:
        PUFF.show(chosen_format, Puff(units, when, one_unit=bool(enhet)))


def register(app: typer.Typer) -> None:
    app.command("puff", cls=Command)(puff)
