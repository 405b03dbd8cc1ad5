"""Records as a list to filter: one line each, with the date and status a reader looks for."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date

from ims_cli.confidentiality import text_for
from ims_cli.models import Record
from ims_cli.models.avvik import Avvik
from ims_cli.models.common import OPEN_TILTAK
from ims_cli.models.egenvurdering import Egenvurdering
from ims_cli.models.lederavtale import Lederavtale
from ims_cli.models.lg import LedelsensGjennomgang
from ims_cli.models.prosess import Prosess
from ims_cli.models.revisjon import Revisjon
from ims_cli.models.ros import Ros
from ims_cli.store.load import StoredRecord
from ims_cli.words import day as shown


@dataclass(frozen=True)
class Listed:
    id: str
    sort: str  # avvik, ros, prosess, lederavtale, revisjon, lg, egenvurdering
    tittel: str
    enhet: str | None
    dato: date | None  # what the record is dated by: meldt, dato, godkjent, planlagt …
    status: str | None
    fil: str
    gradering: str


@dataclass(frozen=True)
class RecordFilter:
    sort: str | None = None
    units: set[str] | None = None  # a unit and everything below it
    status: str | None = None
    tekst: str | None = None  # in the id or the title, any case
    fra: date | None = None
    til: date | None = None


def title(record: Record, people: Mapping[str, str] | None = None) -> str:
    """What a record is called; a lederavtale by its leader's name when `people` knows it (the
    index keeps titles without names, which change apart from the record)."""
    if isinstance(record, Lederavtale):
        return f"Lederavtale {record.aar} for {(people or {}).get(record.leder, record.leder)}"
    if isinstance(record, LedelsensGjennomgang):
        return f"Ledelsens gjennomgang {shown(record.dato)}"
    if isinstance(record, Egenvurdering):
        return f"Egenvurdering av internkontrollen {shown(record.dato)}"
    return record.tittel


def dated(record: Record) -> date | None:
    if isinstance(record, Avvik):
        return record.meldt
    if isinstance(record, Ros | LedelsensGjennomgang | Egenvurdering):
        return record.dato
    if isinstance(record, Prosess):
        return record.godkjent
    if isinstance(record, Revisjon):
        return record.gjennomfort or record.planlagt
    return record.signert.leder if record.signert else None


def status(record: Record) -> str | None:
    """The status field where a kind has one, or what stands for it."""
    if isinstance(record, Avvik):
        return record.status
    if isinstance(record, Revisjon):
        return "gjennomfort" if record.gjennomfort else "planlagt"
    if isinstance(record, Lederavtale):
        return "signert" if record.is_signed else "ikke_signert"
    return None


def listed(stored: StoredRecord) -> Listed:
    record = stored.record
    return Listed(
        record.id,
        stored.kind.name,
        title(record),
        getattr(record, "enhet", None),
        dated(record),
        status(record),
        stored.path,
        record.gradering,
    )


def settled(record: Record) -> date | None:
    """The day from which nothing about an avvik changes any more: it is closed and none of its
    tiltak is open, and this is the last day it or a tiltak was closed. None while anything is
    open, when a closing day is missing, and for every other kind."""
    if not isinstance(record, Avvik) or record.status != "lukket" or record.lukket is None:
        return None
    days = [record.lukket]
    for _, tiltak in record.all_tiltak():
        if tiltak.status in OPEN_TILTAK:
            return None
        if tiltak.fullfort:
            days.append(tiltak.fullfort)
    return max(days)


def choose(records: Iterable[StoredRecord], wanted: RecordFilter) -> list[Listed]:
    """The records that pass every filter given, by id."""
    return chosen((listed(s) for s in records if wanted.sort in (None, s.kind.name)), wanted)


def shared(item: Listed, audience: str = "intern") -> Listed:
    """A listed record as a list for the audience may show it: a title it may not read left out,
    national ids masked (confidentiality)."""
    title = text_for(item.tittel, item.gradering, audience)
    return item if title == item.tittel else replace(item, tittel=title or "")


def chosen(items: Iterable[Listed], wanted: RecordFilter, audience: str = "intern") -> list[Listed]:
    """The listed records that pass every filter given, by id, as a list for the audience may
    show them: the words are looked for in what is shown, never in a hidden title."""
    words = wanted.tekst.lower() if wanted.tekst else None
    found = [
        item
        for item in (shared(i, audience) for i in items)
        if wanted.sort in (None, item.sort)
        and (wanted.units is None or item.enhet in wanted.units)
        and wanted.status in (None, item.status)
        and (words is None or words in f"{item.id} {item.tittel}".lower())
        and (wanted.fra is None or (item.dato is not None and item.dato >= wanted.fra))
        and (wanted.til is None or (item.dato is not None and item.dato <= wanted.til))
    ]
    return sorted(found, key=lambda i: i.id)
