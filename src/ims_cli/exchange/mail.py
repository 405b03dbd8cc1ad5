"""Sending e-mail (`ims varsel --smtp`): the only code that talks to an SMTP server.

STARTTLS is used when the server offers it, and a login when IMS_SMTP_BRUKER and IMS_SMTP_PASSORD
are set (in CI: secret variables), never a password on the command line.
"""

from __future__ import annotations

import errno
import os
import smtplib
import socket
import ssl
from collections.abc import Iterable, Iterator
from email.message import EmailMessage

from ims_cli.errors import UserError

USER, PASSWORD = "IMS_SMTP_BRUKER", "IMS_SMTP_PASSORD"


def server(address: str) -> tuple[str, int]:
    """VERT:PORT as given to --smtp."""
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise UserError(f"--smtp «{address}»: skriv VERT:PORT, for eksempel smtp.kommune.no:587")
    return host, int(port)


def _reason(error: OSError) -> str:
    """Why no connection was made, in Norwegian."""
    if isinstance(error, socket.gaierror):
        return "finner ikke vertsnavnet"
    if isinstance(error, TimeoutError):
        return "fikk ikke svar i tide"
    if error.errno in (errno.ECONNREFUSED, errno.ECONNRESET):
        return "tjeneren avviste tilkoblingen"
    if error.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
        return "nettverket når ikke fram"
    return "nettverksfeil"


def send(address: str, messages: Iterable[EmailMessage]) -> Iterator[tuple[EmailMessage, str]]:
    """Send each message over one connection; give each message the server refused, with why."""
    host, port = server(address)
    try:
        connection = smtplib.SMTP(host, port, timeout=30)
    except OSError as error:
        raise UserError(
            f"kan ikke koble til SMTP-tjeneren {host}:{port} ({_reason(error)}); sjekk "
            "adressen i --smtp og at tjeneren tar imot"
        ) from None
    with connection:
        try:
            connection.ehlo()
            if connection.has_extn("starttls"):
                connection.starttls(context=ssl.create_default_context())
                connection.ehlo()
            user, password = os.environ.get(USER), os.environ.get(PASSWORD)
            if user and password:
                connection.login(user, password)
        except smtplib.SMTPException as error:
            raise UserError(
                f"SMTP-tjeneren {host}:{port} godtok ikke tilkoblingen ({error})"
            ) from None
        for message in messages:
            try:
                connection.send_message(message)
            except smtplib.SMTPRecipientsRefused as error:
                yield message, f"mottakeren ble avvist ({next(iter(error.recipients.values()))[0]})"
            except smtplib.SMTPException as error:
                yield message, f"ikke sendt ({error})"
