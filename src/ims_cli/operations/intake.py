"""`ims import epost`: messages sent to the avvik address become avvik, each once.

The subject is the title, the text the description, the sender the contact (a person of
organisasjon.yaml by their address, else an innbygger); the unit is the one ims.yaml's
innmelding.adresser gives the address the message was sent to, else innmelding.enhet.
Attachments are listed by name, never stored. A message is known by its Message-ID: a second
run adds nothing. Each one is written and committed as `ims serve` writes a report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from email.headerregistry import Address
from email.message import EmailMessage
from html.parser import HTMLParser
from pathlib import Path

from ims_cli.errors import UserError
from ims_cli.models.avvik import Avvik
from ims_cli.operations.reporting import MAX_TEXT, Report, file_report, title_of
from ims_cli.store.load import Repository


@dataclass
class Imported:
    created: list[tuple[str, str]] = field(default_factory=list)  # (avvik id, Message-ID)
    known: int = 0  # messages imported before
    skipped: list[str] = field(default_factory=list)  # why a message was not imported


class _Text(HTMLParser):
    """The text of an HTML body, for a message that has no plain-text part."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "p", "div", "li", "tr"):
            self.parts.append("\n")


def _body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        text = str(part.get_content())
    except (LookupError, UnicodeError):  # an unknown or wrong charset
        payload = part.get_payload(decode=True)
        text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    if part.get_content_subtype() == "html":
        parser = _Text()
        parser.feed(text)
        text = "".join(parser.parts)
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    text = "\n".join(lines).strip()
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _addresses(message: EmailMessage, header: str) -> list[Address]:
    try:
        value = message[header]
    except (IndexError, ValueError):  # a header the email package cannot read
        return []
    return list(getattr(value, "addresses", ())) if value is not None else []


def _unit(repo: Repository, message: EmailMessage) -> str | None:
    config = repo.config.innmelding
    mapped = {k.casefold(): v for k, v in config.adresser.items()}
    for header in ("To", "Cc", "Delivered-To"):
        for address in _addresses(message, header):
            if address.addr_spec.casefold() in mapped:
                return mapped[address.addr_spec.casefold()]
    return config.enhet


def report_of(repo: Repository, message: EmailMessage, message_id: str) -> Report | str:
    """The report a message makes, or why it makes none (in Norwegian)."""
    unit = _unit(repo, message)
    units = {u.id for u in repo.organisasjon.enheter} if repo.organisasjon else set()
    if unit is None:
        return "ingen enhet: legg adressen til under innmelding.adresser i ims.yaml, eller sett innmelding.enhet"  # noqa: E501
    if unit not in units:
        return f"enheten «{unit}» fra innmelding i ims.yaml finnes ikke i records/organisasjon.yaml"
    body = _body(message)
    subject = " ".join(str(message.get("Subject", "")).split())
    if not body and not subject:
        return "meldingen har verken emne eller tekst"
    sender = next(iter(_addresses(message, "From")), None)
    epost = sender.addr_spec if sender else None
    person = next(
        (
            p.id
            for p in (repo.organisasjon.personer if repo.organisasjon else [])
            if epost and (p.epost or "").casefold() == epost.casefold()
        ),
        None,
    )
    files = tuple(
        str(part.get_filename()) for part in message.iter_attachments() if part.get_filename()
    )
    return Report(
        "ansatt" if person else "innbygger",
        unit,
        "tjenestekvalitet",
        "avvik",
        title_of(subject[:200] or body),
        body or subject,
        person or "innbygger",
        navn=(sender.display_name or None) if sender else None,
        epost=epost,
        melding_id=message_id,
        vedlegg=files,
    )


def import_mail(
    root: Path,
    repo: Repository,
    found: Iterable[EmailMessage],
    today: date,
    load: Callable[[Path], Repository],
) -> Imported:
    """Each message not imported before, as an avvik written and committed."""
    known = {r.record.melding_id for r in repo.records if isinstance(r.record, Avvik)}
    done = Imported()
    for message in found:
        message_id = " ".join(str(message.get("Message-ID", "")).split())
        if not message_id:
            done.skipped.append(f"«{message.get('Subject', '')}»: mangler Message-ID")
            continue
        if message_id in known:
            done.known += 1
            continue
        made = report_of(repo, message, message_id)
        if isinstance(made, str):
            done.skipped.append(f"{message_id}: {made}")
            continue
        try:
            receipt = file_report(root, made, today, load, "Fra e-post")
        except UserError as error:
            done.skipped.append(f"{message_id}: {error}")
            continue
        known.add(message_id)
        done.created.append((receipt.record_id, message_id))
    return done
