"""LA: lederavtale with BMS goals (balansert målstyring) and lederdialog."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, WithJsonSchema

from ims_cli.models.common import (
    Gradering,
    HoldsTiltak,
    IsoDate,
    Kryptert,
    LederavtaleId,
    Model,
    Number,
    PersonId,
    SubId,
    Text,
    TiltakEntry,
    TiltakLists,
    UnitId,
)
from ims_cli.models.vocabulary import Listed

Fokusomrade = Annotated[str, Listed("fokusomrade")]  # ims.yaml verdier.fokusomrade
Retning = Literal["hoyere_er_bedre", "lavere_er_bedre"]


def _year_as_text(value: object) -> object:
    """`periode: 2026` is an integer in YAML; a whole year is a valid period all the same."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


# 'YYYY', 'YYYY-1'/'YYYY-2' (halvår) or 'YYYY-T1'..'YYYY-T3' (tertial)
_PERIODE = r"^\d{4}(-[12]|-T[123])?$"
Periode = Annotated[
    str,
    Field(pattern=_PERIODE),
    BeforeValidator(_year_as_text),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": _PERIODE},
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ]
        }
    ),
]


class Signert(Model):
    leder: IsoDate | None = None
    overordnet: IsoDate | None = None


class Rammer(Model):
    budsjett_nok: Annotated[Number, Field(ge=0)] | None = None
    arsverk: Annotated[Number, Field(ge=0)] | None = None


class Resultat(Model):
    periode: Periode
    verdi: Number
    kommentar: str | None = None


class Mal(Model):
    """One BMS goal with its indicator, target, acceptable level and results."""

    id: SubId
    fokusomrade: Fokusomrade
    beskrivelse: Text
    indikator: str | None = None
    retning: Retning = "hoyere_er_bedre"
    malverdi: Number
    akseptabelt: Number | None = None
    resultater: list[Resultat] = Field(default_factory=list)


class Lederdialog(Model):
    dato: IsoDate
    referat: str | None = None


class Lederavtale(HoldsTiltak, Model):
    """A leader agreement (LA-ÅÅÅÅ-NNNN) for one unit and year."""

    id: LederavtaleId
    aar: Annotated[int, Field(ge=2000, le=2100)]
    enhet: UnitId
    leder: PersonId
    overordnet: PersonId
    signert: Signert | None = None
    gradering: Gradering = "intern"
    tilgang: list[PersonId] = Field(default_factory=list)  # readers beyond the grade\'s
    kryptert: Kryptert | None = None  # the encrypted free text (sealing.py)
    rammer: Rammer | None = None
    mal: list[Mal] = Field(default_factory=list)
    tiltak: list[TiltakEntry] = Field(default_factory=list)
    lederdialog: list[Lederdialog] = Field(default_factory=list)

    def tiltak_lists(self) -> TiltakLists:
        yield ("tiltak",), self.tiltak

    @property
    def is_signed(self) -> bool:
        return bool(self.signert and self.signert.leder and self.signert.overordnet)
