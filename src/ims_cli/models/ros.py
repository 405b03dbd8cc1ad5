"""ROS: risiko- og sårbarhetsvurdering."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Discriminator, Field, Tag

from ims_cli.models.common import (
    AvvikId,
    Gradering,
    HoldsTiltak,
    IsoDate,
    Kryptert,
    Model,
    PersonId,
    RegisterId,
    RosId,
    SubId,
    Text,
    TiltakEntry,
    TiltakLists,
    UnitId,
)

Omrade = Literal[
    "tjenesteleveranse",
    "hms",
    "beredskap",
    "informasjonssikkerhet",
    "prosjekt",
    "planarbeid",
    "miljo",
    "samfunnsansvar",
]
Grade = Annotated[int, Field(ge=1)]
# An integer, or one value per dimension from ims.yaml: {liv_og_helse: 2, tjenestekvalitet: 4}
# The tag picks the branch from the value's shape, so a mistake is reported once, for that branch.
Konsekvens = Annotated[
    Annotated[Grade, Tag("tall")]
    | Annotated[dict[str, Grade], Field(min_length=1), Tag("per_dimensjon")],
    Discriminator(lambda value: "per_dimensjon" if isinstance(value, dict) else "tall"),
]


def highest(konsekvens: Konsekvens) -> int:
    """With a consequence per dimension, the risk's consequence is the highest of them."""
    return konsekvens if isinstance(konsekvens, int) else max(konsekvens.values())


class Restrisiko(Model):
    sannsynlighet: Grade
    konsekvens: Konsekvens

    @property
    def score(self) -> int:
        return self.sannsynlighet * highest(self.konsekvens)


class Risiko(Model):
    """One risk in a ROS: what can go wrong, how likely and how bad."""

    id: SubId
    aspekt: str | None = None
    trussel: Text
    risikobank: RegisterId | None = None
    lovkrav: list[RegisterId] = Field(default_factory=list)
    lovbrudd: bool = False
    sannsynlighet: Grade
    konsekvens: Konsekvens
    kunnskapsstyrke: Literal["svak", "middels", "sterk"] | None = None
    eksisterende_tiltak: str | None = None
    tiltak: list[TiltakEntry] = Field(default_factory=list)
    restrisiko: Restrisiko | None = None
    avvik: list[AvvikId] = Field(
        default_factory=list
    )  # avvik the risk was transferred to ("Overført avvikssystem")

    @property
    def score(self) -> int:
        return self.sannsynlighet * highest(self.konsekvens)


class Ros(HoldsTiltak, Model):
    """A ROS record (ROS-ÅÅÅÅ-NNNN)."""

    id: RosId
    tittel: Text
    beskrivelse: str | None = None
    omrade: Omrade
    enhet: UnitId
    risikogruppe: str | None = None
    ansvarlig: PersonId
    deltakere: list[PersonId] = Field(default_factory=list)
    dato: IsoDate
    neste_evaluering: IsoDate | None = None
    gradering: Gradering = "intern"
    tilgang: list[PersonId] = Field(default_factory=list)  # readers beyond the grade\'s
    kryptert: Kryptert | None = None  # the encrypted free text (sealing.py)
    risikoer: Annotated[list[Risiko], Field(min_length=1)]

    def tiltak_lists(self) -> TiltakLists:
        for r, risiko in enumerate(self.risikoer):
            yield ("risikoer", r, "tiltak"), risiko.tiltak
