"""AVV: avvik, uønsket hendelse, forbedringsforslag and the like."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from ims_cli.models.common import (
    AvvikId,
    FunnRef,
    Gradering,
    HoldsTiltak,
    IsoDate,
    Kryptert,
    Model,
    Moment,
    PersonId,
    ProsessId,
    RegisterId,
    RosRisikoRef,
    Text,
    TiltakEntry,
    TiltakLists,
    UnitId,
)
from ims_cli.models.vocabulary import Listed, SubCategory

AvvikType = Literal[
    "avvik",
    "uonsket_hendelse",
    "forbedringsforslag",
    "positiv_tilbakemelding",
    "tilsynsfunn",
    "revisjonsfunn",
]
Kilde = Literal[
    "ansatt", "innbygger", "tilsyn", "intern_revisjon", "ekstern_revisjon", "ros", "vernerunde"
]
# From ims.yaml's `verdier:` (models.vocabulary); the defaults are ims's own lists.
Kategori = Annotated[str, Listed("avvik_kategori")]
Underkategori = Annotated[str, SubCategory()]
AvvikStatus = Annotated[str, Listed("avvik_status")]
# Kinds for which a closed record is expected to name a root cause.
NEEDS_ROOT_CAUSE: frozenset[str] = frozenset({"avvik", "uonsket_hendelse"})


# Cause categories, so recurring causes can be counted (rotarsak is free text and rarely repeats).
Arsakskategori = Literal[
    "rutine",
    "opplaering",
    "kommunikasjon",
    "bemanning",
    "utstyr",
    "it_system",
    "organisering",
    "ytre_forhold",
    "annet",
]


class Arsaksanalyse(Model):
    rotarsak: str | None = None
    kategori: Arsakskategori | None = None  # added to RECORDS.md: for counting causes
    metode: str | None = None
    beskrivelse: str | None = None


class Personvern(Model):
    """A breach of personal data security (GDPR art. 33/34): reported to Datatilsynet within 72
    hours of being discovered unless the risk to the persons is low (art. 33(1)), documented
    either way (art. 33(5)), and told to the persons concerned when the risk is high (art. 34)."""

    brudd: Literal["ja", "nei", "uavklart"]
    oppdaget: Moment | None = None  # date and time; default: hendt, else meldt
    risiko: Literal["lav", "risiko", "hoy_risiko"] | None = None
    meldt_datatilsynet: Moment | None = None  # date and time
    referanse: str | None = None
    registrerte_informert: IsoDate | None = None  # art. 34, expected for hoy_risiko
    begrunnelse: str | None = None  # why not a breach, why low risk, why not reported


class Hms(Model):
    """An injury at work (arbeidsmiljøloven §§ 5-1, 5-2): a serious one or a death is notified
    to Arbeidstilsynet and the police «straks», the same day, and confirmed in writing."""

    personskade: Literal["ingen", "lettere", "alvorlig", "dodsfall"] = "ingen"
    sykefravaer: bool | None = None
    varslet_arbeidstilsynet: IsoDate | None = None
    varslet_politi: IsoDate | None = None
    # The written notice to Arbeidstilsynet that confirms the notification (§ 5-2).
    skriftlig_melding_arbeidstilsynet: IsoDate | None = None
    skademelding_nav: IsoDate | None = None
    vold_og_trusler: bool = False  # violence or threats against an employee (counted for AMU)


class Pasientsikkerhet(Model):
    """An alvorlig hendelse in the helse- og omsorgstjeneste (helse- og omsorgstjenesteloven
    § 12-3 a): a death or a very serious harm to a patient or user, reported to Statens
    helsetilsyn «straks», the same day."""

    alvorlig_hendelse: Literal["nei", "dodsfall", "svaert_alvorlig_skade"]
    varslet_helsetilsynet: Moment | None = None  # date, or date and time
    referanse: str | None = None  # Statens helsetilsyn's case reference
    begrunnelse: str | None = None  # why it is not an alvorlig hendelse


class Kontakt(Model):
    """How the reporter wants the answer (ims serve, ims import epost): a name, an address."""

    navn: str | None = None
    epost: str | None = None


class Avvik(HoldsTiltak, Model):
    """An avvik record (AVV-ÅÅÅÅ-NNNN)."""

    id: AvvikId
    type: AvvikType
    tittel: Text
    beskrivelse: str | None = None
    meldt: IsoDate
    hendt: Moment | None = None  # when it happened (date, or date and time); default: meldt
    sted: str | None = None  # where, free text
    strakstiltak: str | None = None  # what the reporter did at once (ims serve's form)
    meldt_av: str | None = None
    kilde: Kilde | None = None
    funn: FunnRef | None = None  # the audit's finding it follows up (ims revisjon avvik)
    enhet: UnitId
    kategori: Kategori
    underkategori: Underkategori | None = None  # one of ims.yaml's for the kategori
    alvorlighet: Annotated[int, Field(ge=1, le=5)] | None = None
    gradering: Gradering = "intern"
    tilgang: list[PersonId] = Field(default_factory=list)  # readers beyond the grade\'s
    kryptert: Kryptert | None = None  # the encrypted free text (sealing.py)
    prosess: ProsessId | None = None
    ros: RosRisikoRef | None = None
    lovkrav: list[RegisterId] = Field(default_factory=list)
    status: AvvikStatus
    arsaksanalyse: Arsaksanalyse | None = None
    tiltak: list[TiltakEntry] = Field(default_factory=list)
    lukket: IsoDate | None = None
    lukket_av_tilsyn: IsoDate | None = None  # a tilsyn's finding: when the authority closed it
    personvern: Personvern | None = None
    hms: Hms | None = None
    pasientsikkerhet: Pasientsikkerhet | None = None
    svar: str | None = None  # the answer to the reporter (ims avvik svar); on the status page
    kontakt: Kontakt | None = None  # where the answer goes, when the reporter wants one
    # The receipt's tracking code ends with it (ims serve): the status page shows status and svar.
    sporing: Annotated[str, Field(pattern=r"^[0-9A-HJKMNP-TV-Z]{8}$")] | None = None
    melding_id: str | None = None  # the Message-ID of the e-mail it came from (ims import epost)
    vedlegg: list[str] = Field(default_factory=list)  # attachments of that e-mail, not stored

    def tracking_code(self) -> str | None:
        """The code on the receipt: AVV-2026-0042 with sporing K7PX9QMA is 2026-0042-K7PX9QMA."""
        return f"{self.id.removeprefix('AVV-')}-{self.sporing}" if self.sporing else None

    def tiltak_lists(self) -> TiltakLists:
        yield ("tiltak",), self.tiltak
