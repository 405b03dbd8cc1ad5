"""PRO: prosessbeskrivelse, the YAML front matter of a Markdown file."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field

from ims_cli.findings import Path
from ims_cli.models.common import (
    Gradering,
    IsoDate,
    Kryptert,
    Model,
    PersonId,
    ProsessId,
    RegisterId,
    RosRisikoRef,
    SammeSom,
    SubId,
    Text,
    Tiltak,
    UnitId,
)

ProsessType = Literal["ledelsesprosess", "hovedprosess", "stotteprosess"]


class Aktivitet(Model):
    id: SubId
    navn: Text
    ansvar: str | None = None
    beskrivelse: str | None = None


class Endring(Model):
    versjon: Annotated[int, Field(ge=1)]
    dato: IsoDate
    av: PersonId
    beskrivelse: Text


class Prosess(Model):
    """A process description's front matter (PRO-1.1.2); the Markdown body is kept apart."""

    id: ProsessId
    tittel: Text
    type: ProsessType
    eier: PersonId
    enhet: UnitId | None = None
    versjon: Annotated[int, Field(ge=1)]
    godkjent_av: PersonId | None = None
    godkjent: IsoDate
    neste_revisjon: IsoDate | None = None
    # The kommune's beredskapsplan: revised at least every frister.beredskapsplan_maaneder
    # (forskrift om kommunal beredskapsplikt § 6), whatever neste_revisjon says.
    beredskapsplan: bool = False
    gradering: Gradering = "intern"
    tilgang: list[PersonId] = Field(default_factory=list)  # readers beyond the grade\'s
    kryptert: Kryptert | None = None  # the encrypted free text (sealing.py)
    lovkrav: list[RegisterId] = Field(default_factory=list)
    risikoer: list[RosRisikoRef] = Field(default_factory=list)
    aktiviteter: list[Aktivitet] = Field(default_factory=list)
    endringslogg: list[Endring] = Field(default_factory=list)

    def all_tiltak(self) -> Iterator[tuple[Path, Tiltak]]:
        return iter(())

    def pointers(self) -> Iterator[tuple[Path, SammeSom]]:
        return iter(())
