"""Records as a list to filter: one line each, with the date and status a reader looks for."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date

from ims_cli.confidentiality import text_for
from ims_cli.models import Record
from ims_cli.models.avvik import Avvik
from ims_cli.models.common import OPEN_TILTAK
from ims_cli.models.vocabulary import SETTLED
from ims_cli.store.load import StoredRecord


@dataclass(frozen=True)
class Listed:
    id: str
    sort: str  # the kind's name (kinds)
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


def title(stored: StoredRecord, people: Mapping[str, str] | None = None) -> str:
    """What a record is called; a lederavtale by its leader's name when `people` knows it (the
    index keeps titles without names, which change apart from the record)."""
    return stored.kind.title(stored.record, people or {})


def listed(stored: StoredRecord) -> Listed:
    record = stored.record
    return Listed(
        record.id,
        stored.kind.name,
        title(stored),
        getattr(record, "enhet", None),
        stored.kind.dated(record),
        stored.kind.status(record),
        stored.path,
        record.gradering,
    )


def settled(record: Record) -> date | None:
    """The day from which nothing about an avvik changes any more: it is settled (lukket, avvist
    or videresendt) and none of its tiltak is open, and this is the last day it or a tiltak was
    closed. None while anything is open, when a closing day is missing, and for other kinds."""
    if not isinstance(record, Avvik) or record.status not in SETTLED or record.lukket is None:
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
