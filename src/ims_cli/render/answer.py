"""The e-mail that brings the answer of `ims avvik svar` to the reporter: plain text, Norwegian,
with the tracking code so the status page can be found again."""

from __future__ import annotations

from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid


def answer_email(
    to: str, sender: Address, organisasjon: str, answer: str, code: str | None
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = f"Svar på meldingen din til {organisasjon}"
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=sender.domain)
    lines = ["Hei,", "", "Takk for meldingen. Her er svaret fra kommunen:", "", answer, ""]
    if code:
        lines += [f"Sporingskoden din er {code}. Med den kan du se status for saken.", ""]
    lines += ["Hilsen", organisasjon, "", "(Denne e-posten kan ikke besvares.)"]
    message.set_content("\n".join(lines) + "\n")
    return message
