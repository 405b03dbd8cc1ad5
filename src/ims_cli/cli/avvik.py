"""`ims avvik status`: move an avvik through its states without hand-editing."""

from __future__ import annotations

from typing import Annotated

import typer

from ims_cli.cli import completion
from ims_cli.cli.frame import Command, new_app, told
from ims_cli.cli.options import listed


def status(
    ctx: typer.Context,
    avvik_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="Avviket, som AVV-2026-0042.", autocompletion=completion.avvik_id
        ),
    ],
    ny_status: Annotated[
        str,
        typer.Argument(
            metavar="STATUS",
            help=f"En av {listed('avvik_status')}.",
            autocompletion=completion.avvik_status,
        ),
    ],
    dato: Annotated[
        str | None,
        typer.Option("--dato", metavar="DATO", help="Lukket-dato (ÅÅÅÅ-MM-DD). Standard: i dag."),
    ] = None,
    rotarsak: Annotated[
        str | None, typer.Option("--rotarsak", metavar="TEKST", help="Rotårsaken fra analysen.")
    ] = None,
) -> None:
    """Sett status på et avvik; ved lukket, avvist og videresendt settes også lukket-datoen.

    Avvist (ikke et avvik kommunen skal behandle) og videresendt (sendt videre til den som
    skal behandle det) er avsluttet, men telles ikke som lukket i tiden til lukking.

    Endringen sjekkes før den skrives: et avvik som lukkes uten rotårsak gir en advarsel, ikke
    en feil, som i «ims validate».

    Eksempel: [bold]ims avvik status AVV-2026-0021 lukket --rotarsak "Manglet delegering"[/bold]
    """
    from ims_cli.cli.options import past_day
    from ims_cli.cli.repository import open_record
    from ims_cli.operations.changes import avvik_status

    when = past_day(dato, "--dato")
    result = avvik_status(open_record(ctx, avvik_id), avvik_id, ny_status, when, rotarsak)
    told(result.path, result.summary, result.warnings)


def register(parent: typer.Typer) -> None:
    app = new_app(
        "Arbeid med avvik.\n\nEksempel: ims avvik status AVV-2026-0021 under_behandling",
        name="avvik",
    )
    app.command("status", cls=Command)(status)
    parent.add_typer(app, name="avvik")
