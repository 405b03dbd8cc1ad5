"""`ims revisjon avvik`: an audit's finding becomes an avvik, and the finding points at it."""

from __future__ import annotations

from typing import Annotated

import typer

from ims_cli.cli import completion
from ims_cli.cli.frame import Command, new_app, told
from ims_cli.cli.options import AvvikKategori


def finding_avvik(
    ctx: typer.Context,
    ref: Annotated[
        str,
        typer.Argument(
            metavar="FUNN",
            help="Funnet, som REV-2026-0001/F1.",
            autocompletion=completion.finding_ref,
        ),
    ],
    kategori: AvvikKategori = "tjenestekvalitet",
) -> None:
    """Lag avviket for et funn fra en revisjon eller et tilsyn, og skriv lenken inn i funnet.

    Avviket får neste ledige id, enheten og graderingen til revisjonen, teksten og lovkravene
    til funnet, kilde etter typen revisjon (tilsyn, intern_revisjon, ekstern_revisjon) og type
    tilsynsfunn eller revisjonsfunn (forbedringsforslag for et forbedringsfunn). Meldt er dagen
    revisjonen ble gjennomført. Begge filene sjekkes før noe skrives.

    Eksempel: [bold]ims revisjon avvik REV-2026-0001/F2 --kategori tjenestekvalitet[/bold]
    """
    from datetime import date

    from ims_cli.cli.options import one_of
    from ims_cli.cli.repository import open_repository
    from ims_cli.operations.audits import finding_avvik as make

    repo = open_repository(ctx)
    one_of("--kategori", kategori, repo.config.verdier.avvik_kategori)
    done = make(repo, ref, kategori, date.today())
    told(done.path, done.summary, done.warnings, "Skrev ")


def register(parent: typer.Typer) -> None:
    app = new_app(
        "Arbeid med revisjoner og tilsyn.\n\nEksempel: ims revisjon avvik REV-2026-0001/F2",
        name="revisjon",
    )
    app.command("avvik", cls=Command)(finding_avvik)
    parent.add_typer(app, name="revisjon")
