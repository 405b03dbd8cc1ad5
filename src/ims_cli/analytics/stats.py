"""Avvik statistics for a selection: counts, closing, causes, processes and the trend."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ims_cli.analytics.dates import add_months
from ims_cli.analytics.duties import breach_status, event_status, injury_status
from ims_cli.analytics.units import children, subtree
from ims_cli.config import Config
from ims_cli.errors import UserError
from ims_cli.models.avvik import Avvik
from ims_cli.models.common import FIRST_YEAR, LAST_YEAR
from ims_cli.models.registers import Organisasjon
from ims_cli.models.vocabulary import CLOSED, SETTLED_ELSEWHERE, is_open
from ims_cli.store.index import Select

_PERIOD = re.compile(r"^(\d{4})(?:-(?:([12])|T([123])|(\d{2})))?$")


@dataclass(frozen=True)
class Period:
    """From and to, both days included."""

    fra: date
    til: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.fra <= day <= self.til

    def previous(self) -> Period:
        """The period of the same length just before, to compare with."""
        length = self.til - self.fra
        end = self.fra - timedelta(days=1)
        return Period(end - length, end)

    def months(self) -> list[str]:
        found, month = [], self.fra.replace(day=1)
        while month <= self.til:
            found.append(f"{month:%Y-%m}")
            month = add_months(month, 1)
        return found

    def __str__(self) -> str:
        return f"{self.fra.isoformat()}–{self.til.isoformat()}"


def period(periode: str | None, fra: date | None, til: date | None, day: date) -> Period:
    """'2026', '2026-1' (halvår), '2026-T2' (tertial), '2026-03', --fra/--til, or the last 12
    months up to the day."""
    if periode is None:
        start = fra or add_months(til or day, -12) + timedelta(days=1)
        return _checked(Period(start, til or day))
    match = _PERIOD.match(periode)
    if not match:
        raise UserError(
            f"--periode «{periode}» er ukjent; skriv et år (2026), et halvår (2026-1), et tertial "
            "(2026-T2) eller en måned (2026-03)"
        )
    year, half, tertial, month = match.groups()
    if not FIRST_YEAR <= int(year) <= LAST_YEAR:
        raise UserError(f"--periode «{periode}»: året må være {FIRST_YEAR}–{LAST_YEAR}")
    first, months = date(int(year), 1, 1), 12
    if half:
        first, months = date(int(year), 6 * int(half) - 5, 1), 6
    elif tertial:
        first, months = date(int(year), 4 * int(tertial) - 3, 1), 4
    elif month:
        if not 1 <= int(month) <= 12:
            raise UserError(f"--periode «{periode}»: måneden må være 01–12")
        first, months = date(int(year), int(month), 1), 1
    return Period(first, add_months(first, months) - timedelta(days=1))


def _checked(span: Period) -> Period:
    if span.til < span.fra:
        raise UserError(f"--fra {span.fra} er etter --til {span.til}")
    return span


@dataclass(frozen=True)
class Reported:
    """What statistics need of an avvik; the index keeps it for each one, so statistics never
    build the avvik themselves."""

    id: str
    meldt: date
    kategori: str
    type: str
    kilde: str | None
    enhet: str
    status: str
    lukket: date | None
    arsak: str | None  # the category of its root cause
    prosess: str | None
    brudd: str | None  # a breach of personal data security: how it was reported
    skade: str | None  # an injury at work: 'lettere', or 'alvorlig:i_tide' and the like
    vold: bool  # violence or threats against an employee
    hendelse: str | None = None  # an alvorlig hendelse (hol. § 12-3 a): 'dodsfall:i_tide' …

    @classmethod
    def of(cls, avvik: Avvik) -> Reported:
        cause = avvik.arsaksanalyse.kategori if avvik.arsaksanalyse else None
        injury = injury_status(avvik)
        skade = ":".join(part for part in injury if part) if injury else None
        event = event_status(avvik)
        return cls(
            avvik.id,
            avvik.meldt,
            avvik.kategori,
            avvik.type,
            avvik.kilde,
            avvik.enhet,
            avvik.status,
            avvik.lukket,
            cause,
            avvik.prosess,
            breach_status(avvik),
            skade,
            bool(avvik.hms and avvik.hms.vold_og_trusler),
            ":".join(event) if event else None,
        )

    def to_wire(self) -> tuple[Any, ...]:
        lukket = self.lukket.isoformat() if self.lukket else None
        meldt = self.meldt.isoformat()
        kinds = (self.kategori, self.type, self.kilde)
        duties = (self.brudd, self.skade, self.vold, self.hendelse)
        return (
            self.id,
            meldt,
            *kinds,
            self.enhet,
            self.status,
            lukket,
            self.arsak,
            self.prosess,
            *duties,
        )

    @classmethod
    def from_wire(cls, wire: tuple[Any, ...]) -> Reported:
        record_id, meldt, kategori, kind, kilde, enhet, status, lukket, arsak, prosess, *duties = (
            wire
        )
        closed = date.fromisoformat(lukket) if lukket else None
        return cls(
            record_id,
            date.fromisoformat(meldt),
            kategori,
            kind,
            kilde,
            enhet,
            status,
            closed,
            arsak,
            prosess,
            *duties,
        )


# The types figures of avvik count (RECORDS.md, Counting); forbedringsforslag and
# positiv_tilbakemelding are counted on their own lines.
DEVIATIONS = frozenset({"avvik", "uonsket_hendelse", "tilsynsfunn", "revisjonsfunn"})


@dataclass(frozen=True)
class Selection:
    enhet: str | None = None  # with its sub-units
    kategori: str | None = None
    type: str | None = None
    kilde: str | None = None

    def admits(self, avvik: Reported, units: set[str] | None) -> bool:
        return (
            (units is None or avvik.enhet in units)
            and (self.kategori is None or avvik.kategori == self.kategori)
            and (self.type is None or avvik.type == self.type)
            and (self.kilde is None or avvik.kilde == self.kilde)
        )


@dataclass
class AvvikStats:
    period: Period
    previous: Period
    total: int
    previous_total: int
    open: int
    closed: int  # lukket: handled by the kommune (what time to close counts)
    closed_in_time: int
    median_days: float | None
    violence: int  # violence and threats against employees
    # settled without being handled here, by status (avvist, videresendt): neither open nor closed
    settled_elsewhere: dict[str, int] = field(default_factory=dict)
    per_month: dict[str, int] = field(default_factory=dict)
    per_month_kategori: dict[str, dict[str, int]] = field(default_factory=dict)
    per_kategori: dict[str, int] = field(default_factory=dict)
    previous_per_kategori: dict[str, int] = field(default_factory=dict)
    per_type: dict[str, int] = field(default_factory=dict)
    per_unit: dict[str, int] = field(default_factory=dict)
    causes: list[tuple[str, int]] = field(default_factory=list)
    others: dict[str, int] = field(default_factory=dict)  # forbedringsforslag … counted apart
    # breaches of personal data security by how they were reported (i_tide, for_sent, ikke_meldt,
    # ikke_meldepliktig); injuries at work by severity, and the serious ones by notification
    breaches: dict[str, int] = field(default_factory=dict)
    injuries: dict[str, int] = field(default_factory=dict)
    notified: dict[str, int] = field(default_factory=dict)
    # alvorlige hendelser in the helse- og omsorgstjeneste (dodsfall, svaert_alvorlig_skade) and
    # how they were reported to Statens helsetilsyn (i_tide, for_sent, ikke_varslet)
    events: dict[str, int] = field(default_factory=dict)
    events_notified: dict[str, int] = field(default_factory=dict)
    processes: list[tuple[str, int]] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)

    @property
    def share_in_time(self) -> float | None:
        return self.closed_in_time / self.closed if self.closed else None

    @property
    def change(self) -> float | None:
        """The change against the previous period, as a share (0.25 is 25 % more)."""
        if not self.previous_total:
            return None
        return (self.total - self.previous_total) / self.previous_total


def needs(span: Period) -> Select:
    """The avvik statistics for a period look at: those reported in it or in the period before."""
    return Select(frozenset({"avvik"}), meldt=(span.previous().fra, span.til))


def selected(
    avvik: Iterable[Reported], selection: Selection, org: Organisasjon | None
) -> list[Reported]:
    units = subtree(org, selection.enhet) if selection.enhet else None
    return [a for a in avvik if selection.admits(a, units)]


def stats(
    avvik: Iterable[Reported],
    selection: Selection,
    span: Period,
    org: Organisasjon | None,
    config: Config,
) -> AvvikStats:
    """The statistics of the avvik reported in the period (by `meldt`) within the selection.
    Figures of avvik count the deviations (DEVIATIONS); improvement suggestions and positive
    feedback are counted on their own, unless a --type asks for them."""
    chosen = selected(avvik, selection, org)
    others = Counter(a.type for a in chosen if a.meldt in span and a.type not in DEVIATIONS)
    if selection.type is None:
        chosen = [a for a in chosen if a.type in DEVIATIONS]
    now = [a for a in chosen if a.meldt in span]
    before = [a for a in chosen if a.meldt in span.previous()]
    closed, in_time, median = _closing(now, config.frister.avvik_lukking_dager)
    result = AvvikStats(
        span,
        span.previous(),
        total=len(now),
        previous_total=len(before),
        open=sum(1 for a in now if is_open(a.status)),
        closed=closed,
        closed_in_time=in_time,
        median_days=median,
        violence=sum(1 for a in now if a.vold),
    )
    result.others = dict(others) if selection.type is None else {}
    elsewhere = Counter(a.status for a in now if a.status in SETTLED_ELSEWHERE)
    result.settled_elsewhere = dict(sorted(elsewhere.items()))
    result.ids = sorted(a.id for a in now)
    _counts(result, now, before, span)
    result.per_unit = _per_unit(now, selection.enhet, org)
    result.breaches = dict(Counter(a.brudd for a in now if a.brudd))
    injuries = [a.skade.split(":") for a in now if a.skade]
    result.injuries = dict(Counter(parts[0] for parts in injuries))
    result.notified = dict(Counter(parts[1] for parts in injuries if len(parts) > 1))
    events = [a.hendelse.split(":") for a in now if a.hendelse]
    result.events = dict(Counter(what for what, _ in events))
    result.events_notified = dict(Counter(how for _, how in events))
    causes = Counter(a.arsak for a in now if a.arsak)
    result.causes = causes.most_common()
    result.processes = Counter(a.prosess for a in now if a.prosess).most_common()
    return result


def _counts(result: AvvikStats, now: list[Reported], before: list[Reported], span: Period) -> None:
    result.per_month = dict.fromkeys(span.months(), 0)
    for a in now:
        month = f"{a.meldt:%Y-%m}"
        result.per_month[month] += 1
        by_kategori = result.per_month_kategori.setdefault(
            a.kategori, dict.fromkeys(span.months(), 0)
        )
        by_kategori[month] += 1
    result.per_kategori = dict(Counter(a.kategori for a in now).most_common())
    result.previous_per_kategori = dict(Counter(a.kategori for a in before))
    result.per_type = dict(Counter(a.type for a in now).most_common())


def _closing(now: list[Reported], limit: int) -> tuple[int, int, float | None]:
    """How many are closed, how many of those within the limit (days), the median days taken.
    Only lukket counts: an avvik avvist or videresendt was not handled here."""
    days = [(a.lukket - a.meldt).days for a in now if a.status == CLOSED and a.lukket]
    closed = sum(1 for a in now if a.status == CLOSED)
    return closed, sum(1 for d in days if d <= limit), statistics.median(days) if days else None


def _per_unit(now: list[Reported], enhet: str | None, org: Organisasjon | None) -> dict[str, int]:
    """Counts per sub-unit one level down (the unit's own avvik under its own id)."""
    if org is None:
        return dict(Counter(a.enhet for a in now).most_common())
    top = enhet or next((u.id for u in org.enheter if u.overordnet is None), None)
    if top is None:
        return {}
    owner = {unit: kid for kid in children(org).get(top, []) for unit in subtree(org, kid)}
    counted = Counter(owner.get(a.enhet, top) for a in now)
    return dict(counted.most_common())
