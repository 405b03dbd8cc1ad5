"""`ims vernerunde avvik`: a vernerunde's finding becomes an avvik, and the finding points at it."""

from __future__ import annotations

from typing import Annotated

import typer

from ims_cli.cli import completion
from ims_cli.cli.frame import Command, new_app, told
from ims_cli.cli.options import AvvikKategori


def round_avvik(
    ctx: typer.Context,
    ref: Annotated[
        str,
        typer.Argument(
            metavar="FUNN",
            help="Funnet, som VR-2026-0003/F1.",
            autocompletion=completion.round_finding_ref,
        ),
    ],
    kategori: AvvikKategori = "hms",
) -> None:
    """Lag avviket for et funn fra en vernerunde, og skriv lenken inn i funnet.

    Avviket får neste ledige id, enheten og graderingen til vernerunden, teksten til funnet,
    kilde vernerunde og type avvik. Meldt er dagen vernerunden ble gått. Begge filene sjekkes
    før noe skrives.

    Eksempel: [bold]ims vernerunde avvik VR-2026-0003/F1 --kategori hms[/bold]
    """
    from ims_cli.cli.options import one_of
    from ims_cli.cli.repository import open_repository
    from ims_cli.operations.audits import round_avvik as make

    repo = open_repository(ctx)
    one_of("--kategori", kategori, repo.config.verdier.avvik_kategori)
    done = make(repo, ref, kategori)
    told(done.path, done.summary, done.warnings, "Skrev ")


def register(parent: typer.Typer) -> None:
    app = new_app(
        "Arbeid med vernerunder.\n\nEksempel: ims vernerunde avvik VR-2026-0003/F1",
        name="vernerunde",
    )
    app.command("avvik", cls=Command)(round_avvik)
    parent.add_typer(app, name="vernerunde")
