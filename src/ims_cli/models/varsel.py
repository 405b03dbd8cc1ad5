"""VAR: varsel om kritikkverdige forhold (arbeidsmiljøloven kap. 2 A), kept apart from avvik."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from ims_cli.models.common import (
    HoldsTiltak,
    IsoDate,
    Kryptert,
    Model,
    PersonId,
    Text,
    TiltakEntry,
    TiltakLists,
    UnitId,
    VarselId,
)

VarselStatus = Literal["mottatt", "under_behandling", "avsluttet"]
# The grade every varsel has: read by the confidentiality policy also for one whose file says
# otherwise (confidentiality.record_grade).
VARSEL_GRADE = "strengt_fortrolig"
# varsler may name a person or say who it was without naming anyone.
UNNAMED_VARSLERE = frozenset({"anonym", "ekstern"})


def _always_strict(value: object) -> object:
    if value != VARSEL_GRADE:
        raise PydanticCustomError(
            "ims_varsel_gradering",
            "et varsel er alltid strengt_fortrolig (arbeidsmiljøloven kap. 2 A: varslerens "
            "identitet og saken vernes); skriv «gradering: strengt_fortrolig»",
        )
    return value


class Varsel(HoldsTiltak, Model):
    """A varsel about kritikkverdige forhold (VAR-ÅÅÅÅ-NNNN): strengt fortrolig, handled by the
    people in `tilgang`, with feedback to the varsler within frister.varsel_tilbakemelding_dager."""

    id: VarselId
    mottatt: IsoDate
    enhet: UnitId
    gradering: Annotated[Literal["strengt_fortrolig"], BeforeValidator(_always_strict)] = (
        "strengt_fortrolig"
    )
    tilgang: Annotated[list[PersonId], Field(min_length=1)]
    varsler: PersonId  # a person id, «ekstern» or «anonym»
    tema: Text
    vurdering: str | None = None
    konklusjon: str | None = None
    tilbakemelding: IsoDate | None = None
    status: VarselStatus
    tiltak: list[TiltakEntry] = Field(default_factory=list)
    kryptert: Kryptert | None = None  # the encrypted free text (sealing.py)

    def tiltak_lists(self) -> TiltakLists:
        yield ("tiltak",), self.tiltak
