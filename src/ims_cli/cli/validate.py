"""`ims validate`: every record against schema, references and the rules of RECORDS.md."""

from __future__ import annotations

from typing import Annotated

import typer

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
) -> None:
    """Sjekk alle poster: YAML, skjema, kryssreferanser og reglene for postene.

    Hvert funn har fil:linje:kolonne, en regelkode og en melding som sier hvordan det rettes.
    Exit-kode 0 uten feil, 1 med feil (eller advarsler med --strict), 2 ved bruksfeil.

    Eksempel: [bold]ims validate --json > funn.json[/bold]
    """
    from ims_cli.findings import count
    from ims_cli.render import findings as render

    repo = open_checked(ctx)
    found = repo.findings
    if as_json:
        print(render.to_json(found, repo.record_files))
    else:
        render.print_text(found, repo.record_files)
    failing = count(found, "feil") + (count(found, "advarsel") if strict else 0)
    raise typer.Exit(EXIT_FINDINGS if failing else EXIT_OK)


def register(app: typer.Typer) -> None:
    app.command("validate", cls=Command)(validate)
