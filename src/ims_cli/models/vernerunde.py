"""VR: vernerunde (internkontrollforskriften § 5, arbeidsmiljøloven § 3-1)."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ims_cli.findings import Path
from ims_cli.models.common import (
    AvvikId,
    Gradering,
    IsoDate,
    Kryptert,
    Model,
    PersonId,
    SammeSom,
    SubId,
    Text,
    Tiltak,
    UnitId,
    VernerundeId,
)


class Vernerundefunn(Model):
    """What the round found; `ims vernerunde avvik` makes it an avvik and fills `avvik`."""

    id: SubId
    beskrivelse: Text
    avvik: AvvikId | None = None


class Vernerunde(Model):
    """A virksomhet's vernerunde (VR-ÅÅÅÅ-NNNN): its leader and verneombud walk the workplace;
    what they find is followed up as avvik."""

    id: VernerundeId
    enhet: UnitId
    dato: IsoDate
    gradering: Gradering = "intern"
    deltakere: list[PersonId] = Field(default_factory=list)
    funn: list[Vernerundefunn] = Field(default_factory=list)
    tilgang: list[PersonId] = Field(default_factory=list)  # readers beyond the grade's
    kryptert: Kryptert | None = None  # the encrypted free text (sealing.py)

    def all_tiltak(self) -> Iterator[tuple[Path, Tiltak]]:
        return iter(())

    def pointers(self) -> Iterator[tuple[Path, SammeSom]]:
        return iter(())
