"""ims.yaml: the repository's configuration, every key optional."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from ims_cli.models import vocabulary
from ims_cli.models.common import IsoDate, Model, PersonId, Text
from ims_cli.models.ros import Omrade
from ims_cli.models.vocabulary import CODE_PATTERN, Vocabulary

DEFAULT_SANNSYNLIGHET = [
    "Svært lite sannsynlig",
    "Lite sannsynlig",
    "Moderat",
    "Sannsynlig",
    "Svært sannsynlig",
]
DEFAULT_KONSEKVENS = ["Svært liten", "Liten", "Moderat", "Alvorlig", "Svært alvorlig"]
DEFAULT_DIMENSJONER = list(vocabulary.KONSEKVENS)
Labels = Annotated[list[Text], Field(min_length=2, max_length=10)]
Positive = Annotated[int, Field(ge=1)]


class Niva(Model):
    navn: Text
    maks: Positive


def _default_levels() -> list[Niva]:
    # Constants known to be valid: built without building Niva's validator at start-up.
    levels = [("lav", 4), ("middels", 10), ("hoy", 25)]
    return [Niva.model_construct(navn=navn, maks=maks) for navn, maks in levels]


class Risiko(Model):
    sannsynlighet: Labels = DEFAULT_SANNSYNLIGHET
    konsekvens: Labels = DEFAULT_KONSEKVENS
    dimensjoner: Annotated[list[Text], Field(min_length=1)] = DEFAULT_DIMENSJONER
    # score = sannsynlighet x konsekvens; the first level whose maks holds
    nivaer: Annotated[list[Niva], Field(min_length=1)] = Field(default_factory=_default_levels)
    # For a matrix that is not a product: the level of every cell, one row per sannsynlighet
    # (1 first), one level name per konsekvens. Replaces nivaer's maks for placing risks.
    celler: list[list[Text]] | None = None
    tiltak_kreves_over: Positive = 10
    # Every virksomhet needs a current ROS in each of these areas (ims risk dekning, PUFF).
    pakrevde_omrader: list[Omrade] = ["tjenesteleveranse", "hms", "beredskap"]

    def level(self, score: int) -> str:
        for niva in self.nivaer:
            if score <= niva.maks:
                return niva.navn
        return self.nivaer[-1].navn

    def cell_level(self, sannsynlighet: int, konsekvens: int) -> str:
        """The level of a cell: from the cell table when there is one, else from the score."""
        if self.celler:
            return self.celler[sannsynlighet - 1][konsekvens - 1]
        return self.level(sannsynlighet * konsekvens)

    def rank(self, level: str) -> int:
        """0 for the lowest level, rising; unknown names rank lowest."""
        names = [n.navn for n in self.nivaer]
        return names.index(level) if level in names else 0


# A deadline ten years out is already generous; more is a typo that would leave the calendar.
Days = Annotated[int, Field(ge=1, le=3660)]
Months = Annotated[int, Field(ge=1, le=120)]


class Frister(Model):
    avvik_behandling_dager: Days = 14
    avvik_lukking_dager: Days = 60  # statistics: share of avvik closed within this
    ros_evaluering_maaneder: Months = 12
    prosess_revisjon_maaneder: Months = 24
    lederdialog_maaneder: Months = 6
    lovkrav_gjennomgang_maaneder: Months = 12  # a lovkrav not reviewed for longer is overdue
    # The internkontroll report on a year goes to kommunestyret within this many months after
    # the year (kommuneloven § 25-2); F011 warns when it is not recorded as behandlet by then.
    internkontroll_rapport_maaneder: Months = 6
    # Feedback to a varsler «innen rimelig tid» (arbeidsmiljøloven § 2 A-3): F012 after this.
    varsel_tilbakemelding_dager: Days = 30
    vernerunde_maaneder: Months = 12  # each virksomhet's vernerunde (F013)
    ovelse_maaneder: Months = 24  # the kommune's beredskapsøvelse, at least every other year (F014)
    ovelse_evaluering_dager: Days = 60  # an øvelse evaluated within this (F015)
    beredskapsplan_maaneder: Months = 12  # the beredskapsplan revised at least yearly (F003)


Share = Annotated[float, Field(ge=0, le=1)]


class Puff(Model):
    """Thresholds of the PUFF status: a share above *_gul is yellow, above *_rod red. The
    defaults tolerate a little (one late tiltak in ten is still green), so that red means a
    unit needs help, not that a single date slipped."""

    tiltak_forfalt_gul: Share = 0.1  # share of open tiltak past their frist
    tiltak_forfalt_rod: Share = 0.34
    uten_rotarsak_gul: Share = 0.1  # share of avvik closed the last 12 months without rotårsak
    uten_rotarsak_rod: Share = 0.34
    uten_evaluering_gul: Share = 0.1  # share of tiltak completed the last 12 months, unevaluated
    uten_evaluering_rod: Share = 0.5
    avvik_meldt_rod: Positive = 3  # avvik left 'meldt' too long: one is yellow, this many red
    lg_maaneder: Months = 12  # a ledelsens gjennomgang at least this often
    # A lederdialog or a ledelsens gjennomgang late by at most this many days is yellow, not red.
    toleranse_dager: Annotated[int, Field(ge=0, le=366)] = 30
    andel_rod_barn: Share = 0.5  # a parent is red in a phase when this share of children is
    # A virksomhet without a ROS for this many of risiko.pakrevde_omrader is red; fewer, yellow.
    ros_mangler_rod: Positive = 2
    # Units that must have a signed lederavtale for the year.
    lederavtale_niva: list[Literal["kommune", "tjenesteomrade", "virksomhet"]] = ["virksomhet"]
    # Units that must hold a ledelsens gjennomgang every lg_maaneder.
    lg_niva: list[Literal["kommune", "tjenesteomrade", "virksomhet"]] = [
        "kommune",
        "tjenesteomrade",
        "virksomhet",
    ]


DEFAULT_MODENHET = ["Tilfeldig", "Formalisert", "Systematisert", "Intelligent", "Integrert"]
DEFAULT_IK_OMRADER = [
    "styring_og_ledelse",
    "risikostyring",
    "prosesser_og_rutiner",
    "avvikshandtering",
    "kompetanse",
    "oppfolging_og_rapportering",
]


class Behandling(Model):
    """When kommunestyret treated a report, and in which case."""

    dato: IsoDate
    sak: Text  # the case in kommunestyret, «PS 24/26»


class IkRapport(Model):
    """The kommunedirektør's report on internkontroll for a year (kommuneloven § 25-2)."""

    aar: Annotated[int, Field(ge=1900, le=2199)]
    behandlet: Behandling | None = None  # null until kommunestyret has treated it


class Internkontroll(Model):
    """The yearly internkontroll report (kommuneloven § 25-2) and the egenvurdering (EV): the
    municipality's maturity scale, level 1 first, and the areas it assesses; and the reports
    made, with when kommunestyret treated each (from the first year listed, every year's is
    expected)."""

    modenhet: Annotated[list[Text], Field(min_length=2, max_length=10)] = DEFAULT_MODENHET
    omrader: Annotated[list[Text], Field(min_length=1)] = DEFAULT_IK_OMRADER
    rapporter: list[IkRapport] = Field(default_factory=list)

    def report(self, year: int) -> IkRapport | None:
        return next((r for r in self.rapporter if r.aar == year), None)


class Codeowners(Model):
    """What `ims codeowners` maps besides each process description to its owner."""

    # Each tjenesteområde's folder under records/ros/ to its leader.
    enhetsmapper: bool = False


class Kryptering(Model):
    """Encryption at rest of graded records (sealing.py): on or off, and who reads every
    `fortrolig` record besides the leaders above it (the quality advisers)."""

    pa: bool = False
    alltid: list[PersonId] = Field(default_factory=list)


def _once_each(values: list[str]) -> list[str]:
    twice = sorted({v for v in values if values.count(v) > 1})
    if twice:
        raise PydanticCustomError(
            "ims_dobbel", "{verdier} står mer enn én gang; ta bort den ene", {"verdier": twice}
        )
    return values


def _with_required_statuses(values: list[str]) -> list[str]:
    missing = [s for s in vocabulary.REQUIRED_STATUSES if s not in values]
    if missing:
        raise PydanticCustomError(
            "ims_status",
            "listen må ha med {mangler}: ims setter et nytt avvik til meldt og et behandlet til "
            "lukket",
            {"mangler": " og ".join(missing)},
        )
    return values


# A code in ims.yaml's lists: ASCII snake_case (æ→ae, ø→o, å→a), as the records' keys are.
CodeText = Annotated[str, Field(pattern=CODE_PATTERN)]
Codes = Annotated[list[CodeText], Field(min_length=1), AfterValidator(_once_each)]


class Skala(Model):
    """What each level of the risk matrix's scales means, level 1 first: how often for
    sannsynlighet; for konsekvens one list for every dimension, or one per dimension (harm,
    NOK, days …). As many entries as risiko.sannsynlighet and risiko.konsekvens have labels."""

    sannsynlighet: list[Text] | None = None
    konsekvens: list[Text] | dict[CodeText, list[Text]] | None = None


class Verdier(Model):
    """The kommune's own words (ims.yaml `verdier:`); a list left out keeps ims's own."""

    avvik_kategori: Codes = list(vocabulary.AVVIK_KATEGORI)
    # Per category, its sub-categories (the avvik's `underkategori`); none by default.
    avvik_underkategori: dict[CodeText, Codes] = Field(default_factory=dict)
    avvik_status: Annotated[Codes, AfterValidator(_with_required_statuses)] = list(
        vocabulary.AVVIK_STATUS
    )
    funn_type: Codes = list(vocabulary.FUNN_TYPE)
    fokusomrade: Codes = list(vocabulary.FOKUSOMRADE)
    # The ROS consequence dimensions; left out, risiko.dimensjoner (its older place) holds.
    konsekvens: Codes | None = None
    skala: Skala = Field(default_factory=Skala)


class Innmelding(Model):
    """`ims serve` and `ims import epost`: where reports go and whom the server trusts."""

    gren: Text | None = None  # the branch reports are committed to; None: the one checked out
    # Addresses (or networks, 10.0.0.0/8) of the reverse proxy whose Remote-User header is trusted.
    proxy: list[Text] = Field(default_factory=list)
    # `ims import epost`: the avvik address a message was sent to → the unit it is for.
    adresser: dict[Text, Text] = Field(default_factory=dict)
    enhet: Text | None = None  # the unit of a message sent to no address in `adresser`
    # Reports one address may send per hour to `ims serve` (beyond it: 429, try later).
    per_time: Annotated[int, Field(ge=1, le=100_000)] = 30


class Config(Model):
    """The whole of ims.yaml."""

    organisasjon: Text = "Eksempel kommune"
    risiko: Risiko = Field(default_factory=Risiko)
    frister: Frister = Field(default_factory=Frister)
    puff: Puff = Field(default_factory=Puff)
    codeowners: Codeowners = Field(default_factory=Codeowners)
    internkontroll: Internkontroll = Field(default_factory=Internkontroll)
    kryptering: Kryptering = Field(default_factory=Kryptering)
    verdier: Verdier = Field(default_factory=Verdier)
    innmelding: Innmelding = Field(default_factory=Innmelding)

    @property
    def dimensions(self) -> list[str]:
        """The ROS consequence dimensions: verdier.konsekvens, else risiko.dimensjoner."""
        return self.verdier.konsekvens or self.risiko.dimensjoner

    def vocabulary(self) -> Vocabulary:
        """The codes the records may use, for validating them (models.vocabulary)."""
        verdier = self.verdier
        return Vocabulary(
            avvik_kategori=tuple(verdier.avvik_kategori),
            avvik_underkategori={k: tuple(v) for k, v in verdier.avvik_underkategori.items()},
            avvik_status=tuple(verdier.avvik_status),
            funn_type=tuple(verdier.funn_type),
            fokusomrade=tuple(verdier.fokusomrade),
            konsekvens=tuple(self.dimensions),
        )
