"""Sending e-mail (`ims varsel --smtp`): the only code that talks to an SMTP server.

The connection is TLS whenever the server can: implicit TLS on port 465, otherwise STARTTLS when
the server offers it, and the server's certificate is always verified (the system's CAs, or
the one file --smtp-ca names). A login, with IMS_SMTP_BRUKER and IMS_SMTP_PASSORD (in CI: secret
variables, never a password on the command line), is made only over TLS: a server without it
is refused before anything is sent. Addresses are the email package's own objects, so a sender
with a name (`Kvalitet, Ås kommune <kvalitet@as.kommune.no>`) is written and sent as one.
"""

from __future__ import annotations

import errno
import os
import smtplib
import socket
import ssl
from collections.abc import Iterable, Iterator
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path

from ims_cli.errors import UserError

USER, PASSWORD = "IMS_SMTP_BRUKER", "IMS_SMTP_PASSORD"
IMPLICIT_TLS = {465}  # ports where the connection is TLS from the start (SMTPS)

# Why a certificate was not trusted, by OpenSSL's verify code, in Norwegian.
_UNTRUSTED = {
    10: "sertifikatet er utløpt",
    18: "sertifikatet er selvsignert",
    19: "sertifikatet er utstedt av en CA ims ikke kjenner",
    20: "sertifikatet er utstedt av en CA ims ikke kjenner",
    21: "sertifikatet er utstedt av en CA ims ikke kjenner",
    62: "sertifikatet gjelder et annet vertsnavn",
}


def sender(text: str) -> Address:
    """--fra as one address: `kvalitet@kommune.no`, or with a name, also one with a comma in it
    (`Kvalitet, Ås kommune <kvalitet@kommune.no>`), as people write it."""
    name, bracket, rest = text.rpartition("<")
    if bracket and rest.endswith(">"):  # the name is all before the address, commas and all
        spec, name = rest[:-1].strip(), name.strip().strip('"').strip()
    else:
        spec, name = text.strip(), ""
    try:
        parsed = Address(display_name=name, addr_spec=spec)
    except (ValueError, IndexError):
        parsed = None
    if parsed is None or not parsed.username or not parsed.domain or _defects(parsed):
        raise UserError(
            f"--fra «{text}» er ikke én e-postadresse; skriv for eksempel «kvalitet@kommune.no» "
            "eller «Kvalitet, Ås kommune <kvalitet@kommune.no>»"
        )
    return parsed


def _defects(address: Address) -> bool:
    """Whether the address, written as a header, reads back with a defect (a stray quote)."""
    return bool(policy.default.header_factory("From", str(address)).defects)


def tls_context(ca_file: Path | None) -> ssl.SSLContext:
    """What a server's certificate is checked against: the system's CAs, or only `ca_file`."""
    try:
        return ssl.create_default_context(cafile=str(ca_file) if ca_file else None)
    except (OSError, ssl.SSLError):
        raise UserError(
            f"--smtp-ca {ca_file}: kan ikke leses som et CA-sertifikat (PEM); gi filen med "
            "sertifikatet til den som har utstedt tjenerens sertifikat"
        ) from None


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


def send(
    address: str, messages: Iterable[EmailMessage], envelope: Address, ca_file: Path | None = None
) -> Iterator[tuple[EmailMessage, str]]:
    """Send each message over one connection, from `envelope`; give each message the server
    refused, with why."""
    host, port = server(address)
    context = tls_context(ca_file)
    with _connected(host, port, context) as connection:
        for message in messages:
            try:
                connection.send_message(message, from_addr=envelope.addr_spec)
            except smtplib.SMTPRecipientsRefused as error:
                yield message, f"mottakeren ble avvist ({next(iter(error.recipients.values()))[0]})"
            except smtplib.SMTPException as error:
                yield message, f"ikke sendt ({error})"


def _connected(host: str, port: int, context: ssl.SSLContext) -> smtplib.SMTP:
    """A connection ready to send: over TLS when the server can, logged in when asked to."""
    try:
        if port in IMPLICIT_TLS:
            connection: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=30, context=context)
        else:
            connection = smtplib.SMTP(host, port, timeout=30)
    except ssl.SSLCertVerificationError as error:
        raise _untrusted(host, port, error) from None
    except OSError as error:
        raise UserError(
            f"kan ikke koble til SMTP-tjeneren {host}:{port} ({_reason(error)}); sjekk "
            "adressen i --smtp og at tjeneren tar imot"
        ) from None
    try:
        _secure_and_log_in(connection, host, port, context)
    except BaseException:
        connection.close()
        raise
    return connection


def _secure_and_log_in(
    connection: smtplib.SMTP, host: str, port: int, context: ssl.SSLContext
) -> None:
    try:
        connection.ehlo()
        secure = port in IMPLICIT_TLS
        if not secure and connection.has_extn("starttls"):
            connection.starttls(context=context)
            connection.ehlo()
            secure = True
        user, password = os.environ.get(USER), os.environ.get(PASSWORD)
        if user and password:
            if not secure:
                raise UserError(
                    f"SMTP-tjeneren {host}:{port} tilbyr ikke kryptert forbindelse (STARTTLS), og "
                    "ims sender aldri passordet uten; ingenting er sendt. Bruk en tjener med "
                    "STARTTLS, eller port 465 med TLS"
                )
            connection.login(user, password)
    except ssl.SSLCertVerificationError as error:
        raise _untrusted(host, port, error) from None
    except (smtplib.SMTPException, ssl.SSLError, OSError) as error:
        raise UserError(f"SMTP-tjeneren {host}:{port} godtok ikke tilkoblingen ({error})") from None


def _untrusted(host: str, port: int, error: ssl.SSLCertVerificationError) -> UserError:
    why = _UNTRUSTED.get(error.verify_code, f"OpenSSL: {error.verify_message}")
    return UserError(
        f"SMTP-tjeneren {host}:{port} har et sertifikat ims ikke kan stole på ({why}); "
        "ingenting er sendt. Bruker tjeneren et sertifikat fra kommunens egen CA, gi "
        "CA-sertifikatet med --smtp-ca FIL"
    )
