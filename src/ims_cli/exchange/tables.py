"""The tables `ims export` writes to Excel and CSV: one row per avvik or per tiltak, Norwegian
column titles, people and units by name, dates as dates, and the overdue rows marked.

What may leave the repository is decided by the one policy (confidentiality.py): the text of a
record the audience may not read is replaced by «(gradert)», its row still counted, and every
national id number is masked wherever it stands.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ims_cli.analytics.tiltak import TiltakItem
from ims_cli.analytics.units import by_id
from ims_cli.confidentiality import masked, text_for, visible
from ims_cli.models.avvik import Avvik
from ims_cli.models.common import OPEN_TILTAK
from ims_cli.models.registers import Organisasjon
from ims_cli.store.index import Select
from ims_cli.store.workbook import DAY, NUMBER, Column, Table
from ims_cli.words import word


class _Names:
    """People and units by name; an id the registers do not know is shown as it is."""

    def __init__(self, org: Organisasjon | None) -> None:
        self.people = {p.id: p.navn for p in org.personer} if org else {}
        self.units = {u: e.navn for u, e in by_id(org).items()}

    def person(self, person: str | None) -> str | None:
        return self.people.get(person, person) if person else None

    def unit(self, unit: str | None) -> str | None:
        return self.units.get(unit, unit) if unit else None


AVVIK_COLUMNS = (
    Column("Id"),
    Column("Tittel"),
    Column("Type"),
    Column("Kategori"),
    Column("Alvorlighet", NUMBER),
    Column("Enhet"),
    Column("Meldt", DAY),
    Column("Meldt av"),
    Column("Kilde"),
    Column("Prosess"),
    Column("Status"),
    Column("Lukket", DAY),
    Column("Rotårsak"),
    Column("Tiltak", NUMBER),
    Column("Åpne tiltak", NUMBER),
    Column("Forfalte tiltak", NUMBER),
    Column("Gradering"),
)


@dataclass(frozen=True)
class Request:
    """What an export is asked for: the day (for what is overdue), the audience (--publikum),
    and the filters given, in words."""

    day: date
    audience: str = "intern"
    chosen_by: str = ""


def avvik_needs(first: date | None, last: date | None) -> Select:
    """The avvik an export between two days (either may be open) is made from."""
    meldt = (first or date.min, last or date.max) if first or last else None
    return Select(frozenset({"avvik"}), meldt=meldt, every_id=False)


def avvik_table(avvik: Iterable[Avvik], org: Organisasjon | None, request: Request) -> Table:
    """One row per avvik, by id; an avvik with a tiltak over its frist on the day is overdue."""
    names = _Names(org)
    rows, overdue, hidden = [], [], 0
    for a in sorted(avvik, key=lambda a: a.id):
        shown = visible(a.gradering, request.audience)
        hidden += not shown
        cause = a.arsaksanalyse.rotarsak if a.arsaksanalyse else None
        late = sum(t.overdue(request.day) for t in a.tiltak)
        rows.append(
            masked(
                (
                    a.id,
                    text_for(a.tittel, a.gradering, request.audience),
                    word(a.type),
                    word(a.kategori),
                    a.alvorlighet,
                    names.unit(a.enhet),
                    a.meldt,
                    names.person(a.meldt_av) if shown else None,
                    word(a.kilde) or None,
                    a.prosess,
                    word(a.status),
                    a.lukket,
                    text_for(cause, a.gradering, request.audience),
                    len(a.tiltak),
                    sum(t.status in OPEN_TILTAK for t in a.tiltak),
                    late,
                    word(a.gradering),
                )
            )
        )
        overdue.append(late > 0)
    notes = _notes("avvik", "avvik med tiltak over fristen", request, hidden)
    return Table("Avvik", AVVIK_COLUMNS, tuple(rows), tuple(overdue), notes, hidden)


TILTAK_COLUMNS = (
    Column("Tiltak"),
    Column("Kilde"),
    Column("Enhet"),
    Column("Beskrivelse"),
    Column("Type"),
    Column("Ansvarlig"),
    Column("Frist", DAY),
    Column("Status"),
    Column("Fullført", DAY),
    Column("Dager over fristen", NUMBER),
    Column("Evaluering"),
)


def tiltak_table(items: Iterable[TiltakItem], org: Organisasjon | None, request: Request) -> Table:
    """One row per tiltak, in the order given (`ims tiltak list`'s: by frist)."""
    names = _Names(org)
    rows, overdue, hidden = [], [], 0
    for item in items:
        tiltak = item.tiltak
        shown = visible(item.gradering, request.audience)
        hidden += not shown
        days = item.days_overdue(request.day)
        rows.append(
            masked(
                (
                    item.ref,
                    word(item.kilde),
                    names.unit(item.enhet),
                    text_for(tiltak.beskrivelse, item.gradering, request.audience),
                    word(tiltak.type) or None,
                    names.person(tiltak.ansvarlig),
                    tiltak.frist,
                    word(tiltak.status),
                    tiltak.fullfort,
                    days or None,
                    text_for(tiltak.evaluering, item.gradering, request.audience),
                )
            )
        )
        overdue.append(days > 0)
    notes = _notes("tiltak", "tiltak over fristen", request, hidden)
    return Table("Tiltak", TILTAK_COLUMNS, tuple(rows), tuple(overdue), notes, hidden)


def _notes(kind: str, marked: str, request: Request, hidden: int) -> tuple[tuple[str, str], ...]:
    """What the second sheet says about an export: what, when, for whom, and what is left out."""
    left_out = "tekst fra poster som er gradert fortrolig eller strengt fortrolig"
    if request.audience == "apen":
        left_out = "tekst fra poster som ikke er gradert åpen"
    return (
        ("Uttrekk", f"{kind} fra ims, per {request.day:%d.%m.%Y}"),
        ("Utvalg", request.chosen_by or "alle"),
        ("Publikum", request.audience),
        ("Utelatt", f"{left_out}: {hidden} {'rad' if hidden == 1 else 'rader'}"),
        ("Markert", marked),
        ("Fødselsnumre", "maskert (siste fem sifre som *)"),
    )
