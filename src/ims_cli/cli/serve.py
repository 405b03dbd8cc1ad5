"""`ims serve`: the reporting forms for employees and innbyggere, over the records repository."""

from __future__ import annotations

from typing import Annotated

import typer

from ims_cli.cli.frame import Command


def serve(
    ctx: typer.Context,
    host: Annotated[
        str,
        typer.Option(
            "--host", metavar="ADRESSE", help="Adressen tjeneren lytter på. Standard: 127.0.0.1."
        ),
    ] = "127.0.0.1",
    port: Annotated[
        int,
        typer.Option("--port", metavar="PORT", min=1, max=65535, help="Porten. Standard: 8000."),
    ] = 8000,
) -> None:
    """Ta imot meldinger fra ansatte og innbyggere i nettleseren: avvik uten git.

    Sidene er /meld (ansatte), /meld/innbygger, /status/KODE (status og svar for en melding med
    sporingskoden fra kvitteringen) og /helse. Hver melding blir ett avvik med neste ledige id,
    sjekket før det skrives og lagret som én commit (forfatter «ims serve») på grenen i ims.yaml
    (innmelding.gren; standard: den som er sjekket ut). Ansattes identitet tas bare fra
    Remote-User-hodet når forespørselen kommer fra en adresse i innmelding.proxy. Kjør bak en
    omvendt proxy med TLS (se README).

    Eksempel: [bold]ims serve --port 8000[/bold]
    """
    import uvicorn

    from ims_cli.cli.repository import root
    from ims_cli.indexed import load_repository
    from ims_cli.operations.reporting import check_branch, recover
    from ims_cli.store.index import Select
    from ims_cli.web.app import Service, application
    from ims_cli.words import counted

    folder = root(ctx)
    service = Service(folder, lambda where: load_repository(where, select=Select(frozenset())))
    config = service.repository().config
    check_branch(folder, config.innmelding.gren)
    recovered = recover(folder, config.vocabulary())
    if recovered:
        print(
            f"Lagret {counted(len(recovered), 'melding', 'meldinger')} som ble skrevet, men ikke "
            f"fikk commit før tjeneren stoppet: {', '.join(recovered)}"
        )
    print(f"ims serve: {folder} på http://{host}:{port}/meld (Ctrl+C stopper)", flush=True)
    uvicorn.run(
        application(service),
        host=host,
        port=port,
        log_level="warning",
        proxy_headers=False,  # web.guard believes forwarded headers only from innmelding.proxy
        server_header=False,
    )


def register(app: typer.Typer) -> None:
    app.command("serve", cls=Command)(serve)
