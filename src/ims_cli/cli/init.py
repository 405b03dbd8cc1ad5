"""`ims init`: start a records repository."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ims_cli.cli.frame import Command


def init(
    path: Annotated[
        Path,
        typer.Argument(metavar="MAPPE", help="Standard: gjeldende mappe.", show_default=False),
    ] = Path("."),
    organisasjon: Annotated[
        str, typer.Option(metavar="NAVN", help="Kommunens navn i rapportene.")
    ] = "Eksempel kommune",
    eksempel: Annotated[
        bool,
        typer.Option(
            "--eksempel",
            help="Legg også inn en eksempelpost av hver sort, i en liten eksempelorganisasjon.",
        ),
    ] = False,
    pakke: Annotated[
        str | None,
        typer.Option(
            metavar="KRAV",
            help="Hvor CI installerer ims fra (alt pip forstår). Standard: der ims som kjører "
            "nå ble installert fra, eller ims-cli==VERSJON når det var en lokal mappe eller fil.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Start et nytt postarkiv: ims.yaml med forklaringer, records/organisasjon.yaml,
    CI for GitHub Actions og GitLab, og pre-commit.

    Filer som finnes fra før, blir stående. Etterpå: fyll inn enheter og personer, og kjør
    «ims validate».

    Eksempel: [bold]ims init kvalitet --organisasjon "Asker kommune"[/bold]
    """
    import sys
    from datetime import date

    from ims_cli.installed import installed_from
    from ims_cli.operations.scaffold import init as scaffold

    day = date.today() if eksempel else None
    source = installed_from()
    result = scaffold(path, organisasjon, pakke or source.requirement, day)
    if not pakke and source.local:
        print(
            f"ims: merk: ims som kjører nå er installert fra {source.local}, som CI ikke har; "
            f"rørledningene installerer derfor {source.requirement} (IMS_PAKKE). Gi --pakke for "
            "å velge noe annet",
            file=sys.stderr,
        )
    for name in result.written:
        print(f"Skrev {path / name}")
    for name in result.kept:
        print(f"Fantes fra før, ikke endret: {path / name}")
    if result.git_created:
        print(f"Opprettet et git-arkiv i {path} (git init), med grenen main.")
    print("Neste steg: fyll inn records/organisasjon.yaml og kjør «ims validate».")


def register(app: typer.Typer) -> None:
    app.command("init", cls=Command)(init)
