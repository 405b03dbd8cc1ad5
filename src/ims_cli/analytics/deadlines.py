"""Deadlines CI gates on: overdue tiltak, ROS evaluations, process revisions, lederdialog and
avvik left unhandled. A record past its date is still valid; being late is a finding of its own."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta

from ims_cli.analytics.dates import add_months
from ims_cli.analytics.risk import next_evaluation
from ims_cli.analytics.tiltak import all_tiltak
from ims_cli.codes import severity
from ims_cli.config import Config
from ims_cli.findings import Finding
from ims_cli.models.avvik import Avvik
from ims_cli.models.lederavtale import Lederavtale
from ims_cli.models.prosess import Prosess
from ims_cli.models.ros import Ros
from ims_cli.store.load import StoredRecord


def _late(
    code: str,
    stored: StoredRecord,
    *,
    path: tuple[str | int, ...],
    due: date,
    day: date,
    message: str,
    ref: str | None = None,
    owner: str | None = None,
) -> Finding:
    days = (day - due).days
    return Finding(
        code,
        severity(code),
        stored.path,
        f"{' '.join(message.split())} ({days} dager over fristen {due})",  # on one line
        ref or stored.record.id,
        path=path,
        due=due,
        days_overdue=days,
        unit=getattr(stored.record, "enhet", None),
        owner=owner,
    )


def overdue_tiltak(records: Iterable[StoredRecord], day: date) -> Iterator[Finding]:
    stored_by_path = {}
    for stored in records:
        stored_by_path[stored.path] = stored
    for item in all_tiltak(stored_by_path.values()):
        if item.tiltak.overdue(day):
            stored = stored_by_path[item.file]
            yield _late(
                "F001",
                stored,
                path=(*item.path, "frist"),
                due=item.tiltak.frist,
                day=day,
                message=f"tiltaket er ikke fullført: {item.tiltak.beskrivelse}",
                ref=item.ref,
                owner=item.tiltak.ansvarlig,
            )


def overdue_evaluations(
    records: Iterable[StoredRecord], config: Config, day: date
) -> Iterator[Finding]:
    for stored in records:
        record = stored.record
        if isinstance(record, Ros) and (due := next_evaluation(record, config)) < day:
            path = ("neste_evaluering",) if record.neste_evaluering else ("dato",)
            yield _late(
                "F002",
                stored,
                path=path,
                due=due,
                day=day,
                message=f"ROS-en «{record.tittel}» skulle vært evaluert",
                owner=record.ansvarlig,
            )


def process_revision(process: Prosess, config: Config) -> date:
    """When a process is due for revision: neste_revisjon, or godkjent plus the set months."""
    months = config.frister.prosess_revisjon_maaneder
    return process.neste_revisjon or add_months(process.godkjent, months)


def overdue_revisions(
    records: Iterable[StoredRecord], config: Config, day: date
) -> Iterator[Finding]:
    for stored in records:
        record = stored.record
        if not isinstance(record, Prosess):
            continue
        due = process_revision(record, config)
        if due < day:
            path = ("neste_revisjon",) if record.neste_revisjon else ("godkjent",)
            yield _late(
                "F003",
                stored,
                path=path,
                due=due,
                day=day,
                message=f"prosessen «{record.tittel}» skulle vært revidert",
                owner=record.eier,
            )


def overdue_dialogues(
    records: Iterable[StoredRecord], config: Config, day: date
) -> Iterator[Finding]:
    """This year's agreements need a lederdialog every lederdialog_maaneder, counted from the
    last one, or from the start of the year when there has been none."""
    months = config.frister.lederdialog_maaneder
    for stored in records:
        record = stored.record
        if not isinstance(record, Lederavtale) or record.aar != day.year:
            continue
        held = [d.dato for d in record.lederdialog if d.dato <= day]
        last = max(held, default=date(record.aar, 1, 1))
        due = add_months(last, months)
        if due < day:
            what = f"siste lederdialog var {last}" if held else "ingen lederdialog i år"
            yield _late(
                "F004",
                stored,
                path=("lederdialog",) if held else ("aar",),
                due=due,
                day=day,
                message=f"lederdialog mangler: {what}",
                owner=record.overordnet,
            )


def unhandled_avvik(
    records: Iterable[StoredRecord], config: Config, day: date
) -> Iterator[Finding]:
    limit = timedelta(days=config.frister.avvik_behandling_dager)
    for stored in records:
        record = stored.record
        if isinstance(record, Avvik) and record.status == "meldt" and record.meldt + limit < day:
            yield _late(
                "F005",
                stored,
                path=("status",),
                due=record.meldt + limit,
                day=day,
                message=f"avviket er fortsatt meldt, ikke behandlet: {record.tittel}",
            )


def deadlines(records: list[StoredRecord], config: Config, day: date) -> list[Finding]:
    """Every overdue deadline on a day; a deadline equal to the day is not overdue."""
    return [
        *overdue_tiltak(records, day),
        *overdue_evaluations(records, config, day),
        *overdue_revisions(records, config, day),
        *overdue_dialogues(records, config, day),
        *unhandled_avvik(records, config, day),
    ]
