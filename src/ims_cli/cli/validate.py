"""`ims validate`: every record against schema, references and the rules of RECORDS.md."""

from __future__ import annotations

from typing import Annotated

import typer

from ims_cli.cli.check import Format, Sammendrag
from ims_cli.cli.frame import EXIT_FINDINGS, EXIT_OK, Command
from ims_cli.cli.repository import open_checked


def validate(
    ctx: typer.Context,
    as_json: Annotated[
        bool, typer.Option("--json", help="Skriv funnene som ett JSON-objekt (se README).")
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="La advarsler også gi exit-kode 1.")
    ] = False,
    output: Format = "text",
    sammendrag: Sammendrag = None,
) -> None:
    """Sjekk alle poster: YAML, skjema, kryssreferanser og reglene for postene.

    Hvert funn har fil:linje:kolonne, en regelkode og en melding som sier hvordan det rettes.
    Exit-kode 0 uten feil, 1 med feil (eller advarsler med --strict), 2 ved bruksfeil.

    Eksempel: [bold]ims validate --json > funn.json[/bold]
    """
    from datetime import date

    from ims_cli.cli.options import one_of
    from ims_cli.findings import count
    from ims_cli.render import check as formats
    from ims_cli.render import findings as render

    one_of("--format", output, formats.FORMATS)
    repo = open_checked(ctx)
    found = repo.findings
    title = "ims validate"
    if as_json or output == "json":
        print(render.to_json(found, repo.record_files))
    elif output == "text":
        render.print_text(found, repo.record_files)
    elif found or output != "github":
        print(formats.formatted(output, found, repo.record_files, date.today(), title))
    if sammendrag:
        formats.append_summary(sammendrag, found, repo.record_files, title)
    failing = count(found, "feil") + (count(found, "advarsel") if strict else 0)
    raise typer.Exit(EXIT_FINDINGS if failing else EXIT_OK)


def register(app: typer.Typer) -> None:
    app.command("validate", cls=Command)(validate)
