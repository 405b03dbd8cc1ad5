"""`ims puff`: the PUFF cycle for every unit, or one unit with its reasons."""

from __future__ import annotations

import sys
from functools import partial
from typing import Annotated

import typer

from ims_cli.cli.frame import Command
from ims_cli.cli.options import (
    AsOf,
    Enhet,
    Output,
    chart_alone,
    one_of,
    output_option,
)


def puff(
    ctx: typer.Context,
    enhet: Enhet = None,
    as_of: AsOf = None,
    sorter: Annotated[
        str,
        typer.Option(
            metavar="REKKEFØLGE", help="tre (standard) eller rød: flest røde faser først."
        ),
    ] = "tre",
    png: Annotated[
        Output | None, output_option("--png", "Tegn varmekart som PNG (eller .svg).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Skriv resultatet som JSON.")] = False,
) -> None:
    """PUFF-status per enhet: Planlegge, Utføre, Følge opp og Forbedre, grønn, gul eller rød.

    Uten --enhet: hele organisasjonen som et tre med en oppsummering. Med --enhet: én enhet med
    alle grunnene og postene bak dem. Reglene og tersklene står i README og i puff: i ims.yaml.

    Eksempel: [bold]ims puff --enhet HO-BJERKE --as-of 2026-11-22[/bold]
    """
    from ims_cli.cli.options import day
    from ims_cli.cli.repository import repository
    from ims_cli.render import puff as render

    alone = chart_alone((png,), as_json)
    sorter = sorter.replace("ø", "o")  # rød as well as rod
    one_of("--sorter", sorter, ("tre", "rod"))
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
    if alone:
        return
    if as_json:
        print(render.to_json(units, when))
    elif enhet:
        render.print_unit(units[0], when)
    else:
        render.print_tree(units, when)


def register(app: typer.Typer) -> None:
    app.command("puff", cls=Command)(puff)
