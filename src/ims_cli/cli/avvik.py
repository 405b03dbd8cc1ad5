"""`ims avvik status` and `ims avvik svar`: move an avvik through its states, and answer the
reporter, without hand-editing."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ims_cli.cli import completion
from ims_cli.cli.frame import EXIT_FINDINGS, Command, new_app, told
from ims_cli.cli.options import Avsender, SmtpCa, listed

if TYPE_CHECKING:
    from email.headerregistry import Address

    from ims_cli.operations.changes import Answered


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


def svar(
    ctx: typer.Context,
    avvik_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="Avviket, som AVV-2026-0042.", autocompletion=completion.avvik_id
        ),
    ],
    tekst: Annotated[
        str, typer.Option("--tekst", metavar="TEKST", help="Svaret til den som meldte.")
    ],
    smtp: Annotated[
        str | None,
        typer.Option("--smtp", metavar="VERT:PORT", help="Send svaret gjennom denne tjeneren."),
    ] = None,
    fra: Avsender = None,
    smtp_ca: SmtpCa = None,
) -> None:
    """Skriv svaret til den som meldte avviket (feltet svar), og send det på e-post.

    Svaret vises på statussiden til «ims serve» for den som har sporingskoden. Har melderen gitt
    en e-postadresse, sendes svaret dit med --smtp og --fra, med de samme reglene som «ims
    varsel»: innlogging fra IMS_SMTP_BRUKER og IMS_SMTP_PASSORD bare over TLS, og tjenerens
    sertifikat sjekkes alltid. Svaret på et gradert avvik vises ikke på statussiden og sendes
    ikke på e-post.

    Eksempel: [bold]ims avvik svar AVV-2026-0042 --tekst "Rutinen er endret." --smtp
    smtp.kommune.no:587 --fra kvalitet@kommune.no[/bold]
    """
    from ims_cli.cli.repository import open_record
    from ims_cli.errors import UserError
    from ims_cli.exchange.mail import sender, tls_context
    from ims_cli.operations.changes import avvik_answer

    if smtp and not fra:
        raise UserError("--smtp trenger --fra ADRESSE, avsenderen for e-posten")
    from_address = sender(fra) if fra else None
    if smtp:
        tls_context(smtp_ca)  # a CA file that cannot be read is told before anything is written
    repo = open_record(ctx, avvik_id)
    answered = avvik_answer(repo, avvik_id, tekst)
    told(answered.done.path, answered.done.summary, answered.done.warnings)
    if answered.epost is None:
        return
    if answered.shareable is None:
        print("Avviket er gradert: svaret sendes ikke på e-post; gi det til melderen på annen måte")
        return
    if not smtp or from_address is None:
        print(f"Ikke sendt på e-post til {answered.epost}; gi --smtp og --fra for å sende")
        return
    _send(smtp, from_address, smtp_ca, answered, repo.config.organisasjon)


def _send(
    smtp: str, from_address: Address, ca_file: Path | None, answered: Answered, kommune: str
) -> None:
    from ims_cli.exchange.mail import send
    from ims_cli.render.answer import answer_email

    assert answered.epost is not None and answered.shareable is not None
    message = answer_email(answered.epost, from_address, kommune, answered.shareable, answered.code)
    refused = list(send(smtp, [message], from_address, ca_file))
    for _, why in refused:
        typer.echo(f"ims: til {answered.epost}: {why}; svaret er lagret i avviket", err=True)
    if refused:
        raise typer.Exit(EXIT_FINDINGS)
    print(f"Sendte svaret til {answered.epost} gjennom {smtp}")


def register(parent: typer.Typer) -> None:
    app = new_app(
        "Arbeid med avvik.\n\nEksempel: ims avvik status AVV-2026-0021 under_behandling",
        name="avvik",
    )
    app.command("status", cls=Command)(status)
    app.command("svar", cls=Command)(svar)
    parent.add_typer(app, name="avvik")
