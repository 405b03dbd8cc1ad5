"""LG: ledelsens gjennomgang (management review, ISO 9001 9.3)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ims_cli.models.common import (
    Gradering,
    HoldsTiltak,
    IsoDate,
    Kryptert,
    LgId,
    Model,
    PersonId,
    TiltakEntry,
    TiltakLists,
    UnitId,
)


class Periode(Model):
    fra: IsoDate
    til: IsoDate


class LedelsensGjennomgang(HoldsTiltak, Model):
    """A management review (LG-ÅÅÅÅ-NNNN); its beslutninger are followed up as tiltak."""

    id: LgId
    niva: Literal["virksomhet", "tjenesteomrade", "kommune"]
    enhet: UnitId
    dato: IsoDate
    periode: Periode | None = None
    deltakere: list[PersonId] = Field(default_factory=list)
    gradering: Gradering = "intern"
    tilgang: list[PersonId] = Field(default_factory=list)  # readers beyond the grade\'s
    kryptert: Kryptert | None = None  # the encrypted free text (sealing.py)
    konklusjon: str | None = None
    beslutninger: list[TiltakEntry] = Field(default_factory=list)

    def tiltak_lists(self) -> TiltakLists:
        yield ("beslutninger",), self.beslutninger
