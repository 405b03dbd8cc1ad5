"""`ims varsel`: one reminder per person of what they own that is late or due soon."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ims_cli.cli.frame import EXIT_FINDINGS, Command
from ims_cli.cli.options import (
    AsOf,
    Avsender,
    Json,
    Output,
    SmtpCa,
    format_option,
    output_format,
    output_option,
)
from ims_cli.render.registry import REMINDERS

if TYPE_CHECKING:
    from email.headerregistry import Address

    from ims_cli.analytics.reminders import Reminder, Unusable


def varsel(
    ctx: typer.Context,
    as_of: AsOf = None,
    frist_innen: Annotated[
        str,
        typer.Option("--frist-innen", metavar="TID", help="Ta med frister innen 14d, 3u eller 1m."),
    ] = "14d",
    smtp: Annotated[
        str | None,
        typer.Option("--smtp", metavar="VERT:PORT", help="Send e-post gjennom denne tjeneren."),
    ] = None,
    fra: Avsender = None,
    smtp_ca: SmtpCa = None,
    ut: Annotated[
        Output | None,
        output_option(
            "--ut",
            "Skriv .eml og .md per person i denne mappen i stedet.",
            metavar="MAPPE",
            stdout_means="e-postene som én mbox-fil til standard ut",
        ),
    ] = None,
    torr: Annotated[
        bool, typer.Option("--torr", help="Bare vis hvem som ville fått hva (standard).")
    ] = False,
    output: Annotated[str, format_option(REMINDERS)] = "text",
    as_json: Json = False,
) -> None:
    """Minn hver person på det de eier som er over fristen eller har frist snart.

    Én melding per person: tiltak, ROS-evalueringer, prosessrevisjoner og lederdialoger, på norsk,
    som ren tekst og HTML. Adressen er «epost» i organisasjon.yaml; uten adresse går meldingen til
    lederen for enheten. Tekst fra graderte poster utelates, fødselsnumre maskeres. Innlogging på
    SMTP-tjeneren tas fra IMS_SMTP_BRUKER og IMS_SMTP_PASSORD, og bare over TLS (port 465, eller
    STARTTLS); tjenerens sertifikat sjekkes alltid, mot --smtp-ca FIL når den er gitt. Uten
    --smtp eller --ut vises bare hvem som ville fått hva.

    Eksempel: [bold]ims varsel --smtp smtp.kommune.no:587 --fra kvalitet@kommune.no[/bold]
    """
    from ims_cli.analytics.reminders import reminders, unusable
    from ims_cli.cli.options import day
    from ims_cli.cli.repository import loaded, root
    from ims_cli.cli.tiltak import within
    from ims_cli.errors import UserError
    from ims_cli.exchange.mail import sender, tls_context
    from ims_cli.indexed import load_deadlines

    chosen_format = output_format(output, as_json)
    if smtp and ut:
        raise UserError("velg én av --smtp og --ut")
    if (smtp or ut) and chosen_format != "text":
        raise UserError(
            f"--format {chosen_format} viser hvem som ville fått hva; bruk det uten --smtp og --ut"
        )
    if smtp and not fra:
        raise UserError("--smtp trenger --fra ADRESSE, avsenderen for e-posten")
    from_address = sender(fra) if fra else None
    if smtp:
        tls_context(smtp_ca)  # a CA file that cannot be read is told before any work
    today = day(as_of)
    due_by = within(frist_innen, today)
    catalogue, deadlines = loaded(root(ctx), load_deadlines)
    org = catalogue.organisasjon
    found = reminders(deadlines, org, today, due_by)
    _told_unusable(unusable(org, found))
    reached = [r for r in found if r.epost]
    if smtp and from_address:
        _send(smtp, (from_address, smtp_ca), reached, (today, due_by))
    elif ut and ut.path is None:
        _mailbox(from_address, reached, (today, due_by))
    elif ut and ut.path is not None:
        _write(ut.path, from_address, found, (today, due_by))
    else:
        from ims_cli.render.results import Reminders

        REMINDERS.show(chosen_format, Reminders(found, today, due_by))
    unreached = [r for r in found if not r.epost]
    if unreached:
        who = ", ".join(r.navn for r in unreached)
        people = "person" if len(unreached) == 1 else "personer"
        typer.echo(
            f"Merk: {len(unreached)} {people} uten e-postadresse, og ingen leder over med "
            f"adresse: {who}. Legg inn «epost» i records/organisasjon.yaml.",
            err=True,
        )
        raise typer.Exit(EXIT_FINDINGS)


def _told_unusable(people: list[Unusable]) -> None:
    """On stderr: each person whose address cannot be used, and that their reminder goes as if
    they had none."""
    from ims_cli.models.registers import shown_address
    from ims_cli.render.plain import printable

    for person in people:
        typer.echo(
            printable(
                f"Merk: {person.navn} ({person.person}) har en e-postadresse ims ikke kan bruke: "
                f"«{shown_address(person.epost)}» {person.problem}. Påminnelsen går som om "
                "personen ikke hadde adresse; rett «epost» i records/organisasjon.yaml («ims "
                "validate» viser hvor)."
            ),
            err=True,
        )


def _messages(count: int) -> str:
    return f"{count} {'melding' if count == 1 else 'meldinger'}"


def _send(
    smtp: str, sender: tuple[Address, Path | None], found: list[Reminder], days: tuple[date, date]
) -> None:
    from ims_cli.exchange.mail import send
    from ims_cli.render.varsel import email

    address, ca_file = sender
    messages = [email(r, address, *days) for r in found]
    refused = list(send(smtp, messages, address, ca_file))
    for message, why in refused:
        typer.echo(f"ims: til {message['To']}: {why}", err=True)
    print(f"Sendte {_messages(len(messages) - len(refused))} gjennom {smtp}")
    if refused:
        raise typer.Exit(EXIT_FINDINGS)


def _write(
    folder: Path, sender: Address | None, found: list[Reminder], days: tuple[date, date]
) -> None:
    """One Markdown message per person, and an .eml to send by hand for each with an address."""
    from email.policy import SMTP

    from ims_cli.render.varsel import email, markdown
    from ims_cli.store.write import write_output

    for reminder in found:
        write_output(folder / f"{reminder.person}.md", markdown(reminder, *days))
        if reminder.epost:
            message = email(reminder, sender, *days)
            write_output(folder / f"{reminder.person}.eml", message.as_string(policy=SMTP))
    print(f"Skrev {_messages(len(found))} i {folder}")


def _mailbox(sender: Address | None, found: list[Reminder], days: tuple[date, date]) -> None:
    """The messages with an address, one after another as an mbox file, to standard output."""
    from email.policy import SMTP

    from ims_cli.render.varsel import email

    # mbox: a line that starts «From » in a message is written «>From »
    MBOX = SMTP.clone(linesep="\n", mangle_from_=True)
    for reminder in found:
        message = email(reminder, sender, *days)
        envelope = sender.addr_spec if sender else "ims"
        message.set_unixfrom(f"From {envelope} {days[0].strftime('%a %b %d 00:00:00 %Y')}")
        sys.stdout.write(message.as_string(unixfrom=True, policy=MBOX))
        sys.stdout.write("\n")
    print(f"Skrev {_messages(len(found))} til standard ut", file=sys.stderr)


def register(app: typer.Typer) -> None:
    app.command("varsel", cls=Command)(varsel)
