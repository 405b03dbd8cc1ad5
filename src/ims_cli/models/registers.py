"""The repository's registers: organisasjon (units, people), lovkrav and risikobank."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ims_cli.models.common import IsoDate, Model, PersonId, Text, UnitId

Niva = Literal["kommune", "tjenesteomrade", "virksomhet", "avdeling"]
LEVELS: tuple[str, ...] = ("kommune", "tjenesteomrade", "virksomhet", "avdeling")


class Enhet(Model):
    id: UnitId
    navn: Text
    niva: Niva
    overordnet: UnitId | None = None
    leder: PersonId | None = None


class Person(Model):
    id: PersonId
    navn: Text
    rolle: str | None = None
    git: str | None = None
    epost: str | None = None


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
