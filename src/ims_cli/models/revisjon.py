"""REV: revisjon eller tilsyn (audit or inspection)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field

from ims_cli.findings import Path
from ims_cli.models.common import (
    AvvikId,
    Gradering,
    IsoDate,
    Kryptert,
    Model,
    PersonId,
    RegisterId,
    RevisjonId,
    SammeSom,
    SubId,
    Text,
    Tiltak,
    UnitId,
)
from ims_cli.models.vocabulary import Listed

RevisjonType = Literal["intern_revisjon", "ekstern_revisjon", "tilsyn", "forvaltningsrevisjon"]
# What an audit or a tilsyn concludes (ims.yaml verdier.funn_type): Statsforvalteren finds
# lovbrudd and gives merknader; Arbeidstilsynet and others give pålegg with a frist (palegg).
FunnType = Annotated[str, Listed("funn_type")]


class Funn(Model):
    id: SubId
    type: FunnType
    beskrivelse: Text
    avvik: AvvikId | None = None
    lovkrav: list[RegisterId] = Field(default_factory=list)
    frist: IsoDate | None = None  # a pålegg's: when the authority wants it corrected (F016)
    lukket: IsoDate | None = None  # the date the authority closed it


class Revisjon(Model):
    """An audit or inspection (REV-ÅÅÅÅ-NNNN) with its findings."""

    id: RevisjonId
    type: RevisjonType
    tittel: Text
    enhet: UnitId
    planlagt: IsoDate
    gjennomfort: IsoDate | None = None
    revisor: str | None = None
    gradering: Gradering = "intern"
    tilgang: list[PersonId] = Field(default_factory=list)  # readers beyond the grade\'s
    kryptert: Kryptert | None = None  # the encrypted free text (sealing.py)
    omfang: str | None = None
    funn: list[Funn] = Field(default_factory=list)

    def all_tiltak(self) -> Iterator[tuple[Path, Tiltak]]:
        return iter(())

    def pointers(self) -> Iterator[tuple[Path, SammeSom]]:
        return iter(())
