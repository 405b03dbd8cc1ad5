"""The repository's registers: organisasjon (units, people), lovkrav and risikobank."""

from __future__ import annotations

import unicodedata
from email.errors import MessageError
from email.headerregistry import Address
from typing import Literal

from pydantic import Field

from ims_cli.models.common import IsoDate, Model, Nokkel, PersonId, Text, UnitId

Niva = Literal["kommune", "tjenesteomrade", "virksomhet", "avdeling"]
LEVELS: tuple[str, ...] = ("kommune", "tjenesteomrade", "virksomhet", "avdeling")


class Enhet(Model):
    id: UnitId
    navn: Text
    niva: Niva
    overordnet: UnitId | None = None
    leder: PersonId | None = None


# Roles the rules know (the title in `rolle` is free text).
Rolle = Literal["verneombud", "personvernombud", "amu", "tillitsvalgt", "kvalitet"]


class Person(Model):
    id: PersonId
    navn: Text
    rolle: str | None = None
    roller: list[Rolle] = Field(default_factory=list)
    git: str | None = None
    epost: str | None = None
    nokkel: Nokkel | None = None  # the public key graded records are encrypted to (ims nokkel ny)


BESIDES = "er ikke bare adressen (et navn, en kommentar eller <…> rundt den)"


def shown_address(value: str) -> str:
    """An address as a message may show it: an invisible character as its code (<U+2028>)."""
    return "".join(c if c.isprintable() else f"<U+{ord(c):04X}>" for c in value)


def address_problem(value: str) -> str | None:
    """Why `value` is not exactly one e-mail address to send to, in Norwegian; None when it is.
    The email package reads it as an addr-spec (RFC 5322), and what it reads must be all of the
    text: a second address, a name or a comment, or an invisible character, is not."""
    problem = _not_one(value)
    if problem:
        return problem
    try:
        address = Address(addr_spec=value)
    except (ValueError, IndexError, MessageError):
        # IndexError: the email package's parser on an address that ends with @
        if not value.isascii():
            return "har tegn utenfor ASCII (som æ, ø, å) før @"
        return "er ikke en e-postadresse (navn@domene.no)"
    if address.addr_spec != value:
        return BESIDES
    if "." not in address.domain or address.domain.startswith("["):
        return "mangler et domene med punktum etter @ (som kommune.no)"
    return None


def _not_one(value: str) -> str | None:
    """What makes the text more, or other, than one address before it is read as one."""
    if value.count("@") > 1 or any(mark in value for mark in ",;"):
        return "er mer enn én adresse"
    if any(mark in value for mark in "<>()"):
        return BESIDES
    hidden = next((c for c in value if unicodedata.category(c)[0] in "CZ"), None)
    if hidden == " ":
        return "har mellomrom"
    if hidden is not None:
        return f"har et usynlig tegn (U+{ord(hidden):04X})"
    return None


class Organisasjon(Model):
    """records/organisasjon.yaml: the unit hierarchy and the people."""

    enheter: list[Enhet]
    personer: list[Person] = Field(default_factory=list)


class Lovkrav(Model):
    id: Text
    tittel: Text
    kilde: str | None = None
    eier: PersonId | None = None  # who keeps the requirement under review
    sist_gjennomgatt: IsoDate | None = None  # due again after frister.lovkrav_gjennomgang_maaneder
    rapporteringskrav: str | None = None  # to whom and how often something is reported


class LovkravRegister(Model):
    """records/lovkrav.yaml: the register of legal requirements."""

    lovkrav: list[Lovkrav] = Field(default_factory=list)


class Risikokategori(Model):
    id: Text
    navn: Text
    beskrivelse: str | None = None


class Risikobank(Model):
    """records/risikobank.yaml: the catalogue of standard risks."""

    risikobank: list[Risikokategori] = Field(default_factory=list)
