"""Pieces shared by every record kind: the base model, dates, ids, gradering and tiltak."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

if TYPE_CHECKING:
    from ims_cli.findings import Path

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NORWEGIAN_DATE = re.compile(r"^\s*(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{2}|\d{4})\s*$")
# A date and a time of day, as ISO writes it (the time to the minute or the second): the loader
# keeps it as text, so a record's data stays plain.
_MOMENT = re.compile(r"^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}(?::\d{2})?)$")
_ZONED = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{1,2}:\d{2}.*(?:Z|[+-]\d{2}(?::?\d{2})?)$")


class Model(BaseModel):
    """Base of every record model: unknown keys are errors, types are not coerced."""

    # Validators are built when first used: a run that reads its records from the cache
    # rebuilds them without validating (models.rebuild) and never pays for building them.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


def _norwegian_to_iso(text: str) -> str | None:
    match = _NORWEGIAN_DATE.match(text)
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    if year < 100:
        year += 2000
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


# Dates a record can hold: a year outside these is a typo (9999, 0202), and arithmetic on it
# (a frist plus twelve months) would leave the calendar.
FIRST_YEAR, LAST_YEAR = 1900, 2199


def parse_date(value: object) -> date:
    """Accept a YAML date or an ISO string; explain every other form in Norwegian."""
    parsed = _parse_date(value)
    if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        raise PydanticCustomError(
            "ims_dato",
            "«{verdi}» ligger utenfor årene {fra}–{til}; sjekk årstallet",
            {"verdi": parsed.isoformat(), "fra": FIRST_YEAR, "til": LAST_YEAR},
        )
    return parsed


def _parse_date(value: object) -> date:
    if type(value) is str and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return date.fromisoformat(value)  # the usual case, without the regular expressions
        except ValueError:
            pass
    with_time = isinstance(value, str) and bool(_MOMENT.match(value) or _ZONED.match(value))
    if isinstance(value, datetime) or with_time:
        raise PydanticCustomError(
            "ims_dato",
            "dato med klokkeslett er ikke tillatt; skriv bare datoen: {iso}",
            {"iso": str(value)[:10]},
        )
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        if _ISO_DATE.match(value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
            raise PydanticCustomError(
                "ims_dato", "«{verdi}» er ikke en dato som finnes", {"verdi": value}
            )
        iso = _norwegian_to_iso(value)
        if iso:
            raise PydanticCustomError(
                "ims_dato",
                "norsk datoformat «{verdi}»; skriv datoen som {iso} (ÅÅÅÅ-MM-DD)",
                {"verdi": value, "iso": iso},
            )
    raise PydanticCustomError(
        "ims_dato", "«{verdi}» er ikke en dato; skriv ÅÅÅÅ-MM-DD", {"verdi": str(value)}
    )


IsoDate = Annotated[date, BeforeValidator(parse_date)]


def parse_moment(value: object) -> date:
    """A date (2026-11-19), or a date and a time of day (2026-11-19T09:15): a datetime then, in
    the kommune's own time. A legal clock counted in hours starts at it; a date alone counts
    from 00:00 of that day (`moment`)."""
    if isinstance(value, str) and len(value) > 10:
        found = _MOMENT.match(value)
        if found:
            try:
                moment = datetime.fromisoformat(f"{found[1]}T{found[2]}")
            except ValueError:
                moment = None
            if moment is not None:
                parse_date(found[1])  # the years a record may hold
                return moment
            raise PydanticCustomError(
                "ims_dato", "«{verdi}» er ikke et tidspunkt som finnes", {"verdi": value}
            )
        if _ZONED.match(value):
            raise PydanticCustomError(
                "ims_dato",
                "«{verdi}» har tidssone; skriv tidspunktet i norsk tid uten sone: {uten}",
                {"verdi": value, "uten": value[:16].replace(" ", "T")},
            )
        raise PydanticCustomError(
            "ims_dato",
            "«{verdi}» er ikke en dato eller et tidspunkt; skriv ÅÅÅÅ-MM-DD, eller med "
            "klokkeslett ÅÅÅÅ-MM-DDTtt:mm (2026-11-19T09:15)",
            {"verdi": value},
        )
    return parse_date(value)


def moment(when: date) -> datetime:
    """A date or a date and time as a point in time: a date alone is its 00:00."""
    return when if isinstance(when, datetime) else datetime(when.year, when.month, when.day)


# A date, or a date and a time of day (hendt, personvern.oppdaget …): a datetime when the time is
# given. The schema says both forms; the loader keeps the text, the model parses it.
Moment = Annotated[
    datetime | date,
    BeforeValidator(parse_moment),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2})?)?$",
            "description": "ÅÅÅÅ-MM-DD, eller med klokkeslett ÅÅÅÅ-MM-DDTtt:mm",
        }
    ),
]

# Ids. Units are upper case with dashes (OPP-SOLSTRAND); people are lower case (liv.berg).
UnitId = Annotated[str, Field(pattern=r"^[A-ZÆØÅ0-9][A-ZÆØÅ0-9_-]*$")]
PersonId = Annotated[str, Field(pattern=r"^[a-z0-9æøå][a-z0-9æøå._-]*$")]
SubId = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
Text = Annotated[str, Field(min_length=1)]


class Code:
    """Marks a text field that holds a code — an id from a register, a value from ims.yaml — not
    free text: the confidentiality policy shows it also for a graded record (models.fields)."""

    def __repr__(self) -> str:
        return "CODE"


CODE = Code()
RegisterId = Annotated[str, CODE]  # an id in lovkrav.yaml or risikobank.yaml

AvvikId = Annotated[str, Field(pattern=r"^AVV-[0-9]{4}-[0-9]{4,}$")]
RosId = Annotated[str, Field(pattern=r"^ROS-[0-9]{4}-[0-9]{4,}$")]
ProsessId = Annotated[str, Field(pattern=r"^PRO-[0-9]+(\.[0-9]+)*$")]
LederavtaleId = Annotated[str, Field(pattern=r"^LA-[0-9]{4}-[0-9]{4,}$")]
RevisjonId = Annotated[str, Field(pattern=r"^REV-[0-9]{4}-[0-9]{4,}$")]
LgId = Annotated[str, Field(pattern=r"^LG-[0-9]{4}-[0-9]{4,}$")]
EvId = Annotated[str, Field(pattern=r"^EV-[0-9]{4}-[0-9]{4,}$")]
VarselId = Annotated[str, Field(pattern=r"^VAR-[0-9]{4}-[0-9]{4,}$")]
VernerundeId = Annotated[str, Field(pattern=r"^VR-[0-9]{4}-[0-9]{4,}$")]
OvelseId = Annotated[str, Field(pattern=r"^OV-[0-9]{4}-[0-9]{4,}$")]
# A risk inside a ROS, referred to from outside: ROS-2026-0007/R3
RosRisikoRef = Annotated[str, Field(pattern=r"^ROS-[0-9]{4}-[0-9]{4,}/[A-Za-z0-9][A-Za-z0-9._-]*$")]
# A number people measure or plan with (a result, a target, a budget): never inf or nan (.inf,
# .nan in YAML, 1e999), which would pass every comparison with a target or fail them all.
Number = Annotated[float, Field(allow_inf_nan=False)]
# A finding of a revisjon or a vernerunde, referred to from the avvik that follows it up.
FunnRef = Annotated[str, Field(pattern=r"^(REV|VR)-[0-9]{4}-[0-9]{4,}/[A-Za-z0-9][A-Za-z0-9._-]*$")]

Gradering = Literal["apen", "intern", "fortrolig", "strengt_fortrolig"]
# What stands for a graded record's text where it may not be shown: in an output, and in the file
# itself where the text is encrypted (sealing.py). One constant, never retyped.
HIDDEN = "(gradert)"

# A public key a person is encrypted to (records/organisasjon.yaml `nokkel`): an age X25519
# recipient or an OpenSSH ed25519 public key (many have one for git already).
Nokkel = Annotated[
    str, Field(pattern=r"^(?:age1[02-9ac-hj-np-z]{58}|ssh-ed25519 [A-Za-z0-9+/]+=*(?: .*)?)$")
]


def _armored(value: str) -> str:
    if not value.startswith("-----BEGIN AGE ENCRYPTED FILE-----"):
        raise PydanticCustomError(
            "ims_kryptert",
            "er ikke en kryptert tekst (-----BEGIN AGE ENCRYPTED FILE----- …); hent filen på nytt "
            "fra git",
        )
    return value


# An ASCII-armored age message. Not a code: outputs (ims diff) leave it out as they leave out
# text, rather than print a screenful of base64.
Armor = Annotated[str, Field(min_length=1), AfterValidator(_armored)]


class Kryptert(Model):
    """The free text of a graded record, as one ASCII-armored age message (sealing.py), and the
    readers it is encrypted to, each with the key it was encrypted to."""

    lesere: Annotated[dict[PersonId, Nokkel], Field(min_length=1)]
    tekst: Armor


TiltakType = Literal["korrigerende", "forebyggende", "skadebegrensende", "forbedring"]
TiltakStatus = Literal["planlagt", "pagar", "fullfort", "avbrutt"]
OPEN_TILTAK: frozenset[str] = frozenset({"planlagt", "pagar"})


class Fristendring(Model):
    """A moved deadline, kept so the history of a tiltak shows every frist it had."""

    fra: IsoDate
    til: IsoDate
    dato: IsoDate
    begrunnelse: Text


class Avbrytelse(Model):
    """Why and when a tiltak was cancelled (ims tiltak avbryt)."""

    dato: IsoDate
    begrunnelse: Text


class Tiltak(Model):
    """A measure with owner and deadline; the same shape wherever it appears."""

    id: SubId
    beskrivelse: Text
    type: TiltakType | None = None
    ansvarlig: PersonId
    frist: IsoDate
    status: TiltakStatus
    fullfort: IsoDate | None = None
    evaluering: str | None = None
    fristendringer: list[Fristendring] = Field(default_factory=list)  # ims tiltak move
    avbrutt: Avbrytelse | None = None  # ims tiltak avbryt

    def overdue(self, day: date) -> bool:
        return self.status in OPEN_TILTAK and self.frist < day


# A tiltak elsewhere, referred to from outside: ROS-2026-0004/T1. Of any numbered kind: whether
# that record is there and holds the tiltak is a reference rule's (R010), not the schema's.
TiltakRef = Annotated[str, Field(pattern=r"^[A-Z]+-[0-9]{4}-[0-9]{4,}/[A-Za-z0-9][A-Za-z0-9._-]*$")]


class SammeSom(Model):
    """A tiltak that is the same piece of work as a tiltak in another record: it points at that
    one, carries nothing of its own, and is listed, counted and reported once, there."""

    id: SubId
    samme_som: TiltakRef


def _entry_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "samme_som" if "samme_som" in value else "tiltak"
    return "samme_som" if isinstance(value, SammeSom) else "tiltak"


# An entry in a list of tiltak: a tiltak, or a pointer to the same tiltak in another record.
# all_tiltak() of every record gives the tiltak only; `pointers` gives the others.
TiltakEntry = Annotated[
    Annotated[Tiltak, Tag("tiltak")] | Annotated[SammeSom, Tag("samme_som")],
    Discriminator(_entry_kind),
]


TiltakLists = Iterator[tuple["Path", "list[TiltakEntry]"]]


class HoldsTiltak:
    """A record with lists of tiltak (tiltak_lists): its tiltak (all_tiltak) and the entries
    that point at another record's (pointers)."""

    def tiltak_lists(self) -> TiltakLists:
        raise NotImplementedError

    def all_tiltak(self) -> Iterator[tuple[Path, Tiltak]]:
        return tiltak_in(self.tiltak_lists())

    def pointers(self) -> Iterator[tuple[Path, SammeSom]]:
        return pointers_in(self.tiltak_lists())


def tiltak_in(lists: TiltakLists) -> Iterator[tuple[Path, Tiltak]]:
    """The tiltak of a record's lists, each with its path; a pointer to another record's tiltak
    is not one of them (it is that record's)."""
    for at, entries in lists:
        for index, entry in enumerate(entries):
            if isinstance(entry, Tiltak):
                yield (*at, index), entry


def pointers_in(lists: TiltakLists) -> Iterator[tuple[Path, SammeSom]]:
    """The entries that point at a tiltak in another record (samme_som), each with its path."""
    for at, entries in lists:
        for index, entry in enumerate(entries):
            if isinstance(entry, SammeSom):
                yield (*at, index), entry
