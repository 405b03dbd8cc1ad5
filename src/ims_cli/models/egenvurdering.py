"""EV: egenvurdering, a unit's self-assessment of internkontroll maturity per area."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ims_cli.models.common import (
    CODE,
    EvId,
    Gradering,
    HoldsTiltak,
    IsoDate,
    Kryptert,
    Model,
    PersonId,
    Text,
    TiltakEntry,
    TiltakLists,
    UnitId,
)

# The levels of the municipality's maturity scale (ims.yaml: internkontroll.modenhet); how many
# there are is checked against ims.yaml by a rule (B017), not here.
Grade = Annotated[int, Field(ge=1, le=10)]


class Omradevurdering(Model):
    """One area: where internkontroll stands now, where it should be, why, and what it takes."""

    omrade: Annotated[Text, CODE]  # one of ims.yaml's internkontroll.omrader (rule B017)
    na: Grade
    ambisjon: Grade
    begrunnelse: str | None = None
    tiltak: list[TiltakEntry] = Field(default_factory=list)


class Egenvurdering(HoldsTiltak, Model):
    """A self-assessment of internkontroll maturity (EV-ÅÅÅÅ-NNNN)."""

    id: EvId
    enhet: UnitId
    dato: IsoDate
    gradering: Gradering = "intern"
    tilgang: list[PersonId] = Field(default_factory=list)  # readers beyond the grade\'s
    kryptert: Kryptert | None = None  # the encrypted free text (sealing.py)
    vurdert_av: list[PersonId] = Field(default_factory=list)
    omrader: Annotated[list[Omradevurdering], Field(min_length=1)]

    def tiltak_lists(self) -> TiltakLists:
        for a, area in enumerate(self.omrader):
            yield ("omrader", a, "tiltak"), area.tiltak
