"""Every tiltak in the repository, wherever it sits, as `<record id>/<tiltak id>`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from ims_cli.findings import Path
from ims_cli.kinds import KINDS
from ims_cli.models.common import OPEN_TILTAK, Tiltak
from ims_cli.store.index import Select
from ims_cli.store.load import StoredRecord


def sources() -> tuple[str, ...]:
    """The kinds of record a tiltak can come from, as --kilde names them."""
    return tuple(k.name for k in KINDS if k.holds_tiltak)


@dataclass(frozen=True)
class TiltakItem:
    ref: str  # AVV-2026-0042/T1
    kilde: str  # the kind of its record (sources())
    enhet: str
    file: str
    path: Path  # where the tiltak sits in its record's data
    tiltak: Tiltak
    gradering: str = "intern"  # its record's

    def days_overdue(self, day: date) -> int:
        return (day - self.tiltak.frist).days if self.tiltak.overdue(day) else 0


def all_tiltak(records: Iterable[StoredRecord]) -> Iterator[TiltakItem]:
    for stored in records:
        if not stored.kind.holds_tiltak:
            continue
        source = stored.kind.name
        for path, tiltak in stored.record.all_tiltak():
            yield TiltakItem(
                f"{stored.record.id}/{tiltak.id}",
                source,
                stored.record.enhet or "",  # every kind with tiltak has a unit
                stored.path,
                path,
                tiltak,
                stored.record.gradering,
            )


@dataclass(frozen=True)
class TiltakFilter:
    units: set[str] | None = None  # a unit and everything below it
    ansvarlig: str | None = None
    status: str | None = None
    kilde: str | None = None
    overdue_on: date | None = None  # only tiltak overdue on this day
    due_by: date | None = None  # only open tiltak with frist on or before this day


def needs(wanted: TiltakFilter) -> Select:
    """The records that hold the tiltak a filter can let through: of its kind, and not settled
    when only open tiltak pass (analytics.records.settled)."""
    kinds = frozenset({wanted.kilde} if wanted.kilde else sources())
    open_only = wanted.overdue_on or wanted.due_by or wanted.status in OPEN_TILTAK
    return Select(kinds, active_since=date.max if open_only else None)


def choose(items: Iterable[TiltakItem], wanted: TiltakFilter) -> list[TiltakItem]:
    """The tiltak that pass every filter given, by frist then reference."""
    chosen = [
        item
        for item in items
        if (wanted.units is None or item.enhet in wanted.units)
        and wanted.ansvarlig in (None, item.tiltak.ansvarlig)
        and wanted.status in (None, item.tiltak.status)
        and wanted.kilde in (None, item.kilde)
        and (wanted.overdue_on is None or item.tiltak.overdue(wanted.overdue_on))
        and (
            wanted.due_by is None
            or (item.tiltak.status in OPEN_TILTAK and item.tiltak.frist <= wanted.due_by)
        )
    ]
    return sorted(chosen, key=lambda i: (i.tiltak.frist, i.ref))
