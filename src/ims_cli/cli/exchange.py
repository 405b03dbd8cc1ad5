"""`ims import ros` and `ims export ros`: the classic ROS sheet in Excel, in and out."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ims_cli.cli.frame import EXIT_USAGE, Command, new_app
from ims_cli.cli.repository import open_ids, open_record


def import_ros(
    ctx: typer.Context,
    fil: Annotated[Path, typer.Argument(metavar="FIL.xlsx", help="Det utfylte ROS-skjemaet.")],
    enhet: Annotated[
        str | None,
        typer.Option("--enhet", metavar="ENHET", help="Enheten. Standard: «Sted:» i skjemaet."),
    ] = None,
    omrade: Annotated[
        str | None,
        typer.Option("--omrade", metavar="OMRÅDE", help="Området. Standard: «Område:» i skjemaet."),
    ] = None,
    record_id: Annotated[
        str | None,
        typer.Option("--id", metavar="ID", help="Id for den nye ROS-en. Standard: neste ledige."),
    ] = None,
    show_only: Annotated[
        bool, typer.Option("--vis", help="Vis posten som ville blitt skrevet, uten å skrive.")
    ] = False,
) -> None:
    """Gjør det klassiske ROS-skjemaet i Excel om til en ROS-post.

    Skjemaet har en rad per risiko med kolonnene Aspekter/forhold og krav, Trusselbeskrivelse,
    S, K, R, Tiltak, Ansvarlig/frist, Overført avvikssystem og Restrisiko S og K, og et hode med
    Sted, Dato, Ansvarlig, Deltakere og Gradering. Sammenslåtte celler, tomme rader, desimalkomma
    og formler i R går fint. Alt som ikke kan leses, meldes med celleadresse (for eksempel C7),
    og da skrives ingenting. Posten sjekkes som i «ims validate» før den skrives.

    Eksempel: [bold]ims import ros Bjerke-ROS.xlsx --enhet HO-BJERKE --omrade hms[/bold]
    """
    from ims_cli.exchange.ros_records import prepare
    from ims_cli.exchange.ros_sheet import SheetProblems, read_sheet
    from ims_cli.store.workbook import read_cells
    from ims_cli.store.write import record_text, write_new

    repo = open_ids(ctx)
    _, cells = read_cells(fil)
    try:
        prepared = prepare(repo, read_sheet(cells, repo.organisasjon, enhet, omrade), record_id)
    except SheetProblems as problems:
        for problem in problems.problems:
            print(f"{fil}!{problem}", file=sys.stderr)
        print(f"ims: {fil}: {len(problems.problems)} feil; ingenting er skrevet", file=sys.stderr)
        raise typer.Exit(EXIT_USAGE) from None
    text = record_text(prepared.text_data, f"Importert fra {fil.name}")
    if show_only:
        print(text, end="")
        return
    write_new(repo.root / prepared.path, text)
    risks = len(prepared.record.risikoer)
    print(f"Skrev {prepared.path} ({prepared.record.id}, {risks} risikoer)")


def export_ros(
    ctx: typer.Context,
    ros_id: Annotated[str, typer.Argument(metavar="ROS-ID", help="ROS-en som skal eksporteres.")],
    xlsx: Annotated[
        Path, typer.Option("--xlsx", metavar="FIL", help="Excel-filen som skal skrives.")
    ],
) -> None:
    """Skriv en ROS som det klassiske ROS-skjemaet i Excel.

    Skjemaet kan fylles ut videre og leses inn igjen med «ims import ros»; ekstra kolonner
    (konsekvens per dimensjon, risikobank, lovkrav) gjør at ingenting går tapt på veien.

    Eksempel: [bold]ims export ros ROS-2026-0001 --xlsx ros.xlsx[/bold]
    """
    from ims_cli.analytics.units import by_id
    from ims_cli.errors import UserError
    from ims_cli.exchange.ros_sheet import write_sheet_layout
    from ims_cli.models.ros import Ros
    from ims_cli.store.workbook import write_sheet

    repo = open_record(ctx, ros_id)
    found = [r.record for r in repo.records if isinstance(r.record, Ros) and r.record.id == ros_id]
    if not found:
        raise UserError(f"fant ingen gyldig ROS med id «{ros_id}»; se «ims validate»")
    units = by_id(repo.organisasjon)
    write_sheet(xlsx, write_sheet_layout(found[0], repo.organisasjon, units))
    print(f"Skrev {xlsx} ({len(found[0].risikoer)} risikoer)")


def register(parent: typer.Typer) -> None:
    export_app = new_app(
        "Eksporter poster til andre formater.\n\n"
        "Eksempel: ims export ros ROS-2026-0001 --xlsx ros.xlsx",
        name="export",
    )
    import_app = new_app(
        "Importer poster fra andre formater.\n\n"
        "Eksempel: ims import ros ROS-skjema.xlsx --enhet HO-BJERKE --omrade hms",
        name="import",
    )
    import_app.command("ros", cls=Command)(import_ros)
    export_app.command("ros", cls=Command)(export_ros)
    parent.add_typer(import_app, name="import")
    parent.add_typer(export_app, name="export")
