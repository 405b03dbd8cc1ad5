"""OV: beredskapsøvelse (forskrift om kommunal beredskapsplikt § 7)."""

from __future__ import annotations

from pydantic import Field

from ims_cli.models.common import (
    Gradering,
    HoldsTiltak,
    IsoDate,
    Kryptert,
    Model,
    OvelseId,
    PersonId,
    Text,
    TiltakEntry,
    TiltakLists,
    UnitId,
)


class Ovelse(HoldsTiltak, Model):
    """An exercise of the beredskapsplan (OV-ÅÅÅÅ-NNNN): evaluated, and what the evaluation
    found followed up as tiltak."""

    id: OvelseId
    enhet: UnitId
    dato: IsoDate
    scenario: Text
    gradering: Gradering = "intern"
    deltakere: list[PersonId] = Field(default_factory=list)
    evaluering: str | None = None
    tiltak: list[TiltakEntry] = Field(default_factory=list)
    tilgang: list[PersonId] = Field(default_factory=list)  # readers beyond the grade's
    kryptert: Kryptert | None = None  # the encrypted free text (sealing.py)

    def tiltak_lists(self) -> TiltakLists:
        yield ("tiltak",), self.tiltak
