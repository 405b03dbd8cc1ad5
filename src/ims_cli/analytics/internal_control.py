"""The kommunedirektør's yearly report on internkontroll to the kommunestyre (kommuneloven § 25-2).

Plain data for the templates, from the same functions as `ims stats`, `ims risk dekning`,
`ims check` and the report for ledelsens gjennomgang, so they agree. Text of a record the audience
may not see is left out (None) and only counted, as in `report lg`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from ims_cli.analytics import risk as risks
from ims_cli.analytics.deadlines import lovkrav_reviews, process_revision
from ims_cli.analytics.management_review import Audit, Item, audit_row, needs
from ims_cli.analytics.stats import AvvikStats, Period, Reported, Selection, stats
from ims_cli.analytics.tiltak import all_tiltak
from ims_cli.analytics.units import children, person_names, unit_names
from ims_cli.confidentiality import visible
from ims_cli.models.avvik import Avvik
from ims_cli.models.egenvurdering import Egenvurdering
from ims_cli.models.lg import LedelsensGjennomgang
from ims_cli.models.prosess import Prosess
from ims_cli.models.registers import Enhet
from ims_cli.models.revisjon import Revisjon
from ims_cli.models.ros import Ros
from ims_cli.models.vocabulary import SETTLED, is_open
from ims_cli.store.index import Select
from ims_cli.store.load import Repository, StoredRecord
from ims_cli.words import day as shown
from ims_cli.words import word

# An avvik this serious (alvorlighet 1–5) is named in the report, not only counted.
SERIOUS = 4
# A list longer than this is cut in the report, with how many there are.
LONG = 15


@dataclass(frozen=True)
class Area:
    """One area of internkontroll in one self-assessment: the level now and the ambition."""

    omrade: str
    na: int
    ambisjon: int
    begrunnelse: str | None


@dataclass(frozen=True)
class Assessment:
    """A unit's latest egenvurdering."""

    id: str
    enhet: str
    dato: date
    areas: tuple[Area, ...]


@dataclass(frozen=True)
class ServiceArea:
    """A tjenesteområde's avvik (as counted as avvik) this year and the year before."""

    enhet: str
    navn: str
    avvik: int
    previous: int
    serious: int
    open: int


@dataclass
class IkData:
    organisasjon: str
    kommune: Enhet
    year: int
    period: Period
    day: date
    audience: str
    names: dict[str, str]
    people: dict[str, str] = field(default_factory=dict)
    scale: list[str] = field(default_factory=list)  # the maturity levels, 1 first
    areas: list[str] = field(default_factory=list)  # internkontroll.omrader
    # the system and how it is kept
    processes: int = 0
    processes_approved: int = 0  # approved (again) in the year
    processes_late: list[Item] = field(default_factory=list)
    ros: int = 0
    ros_late: list[Item] = field(default_factory=list)  # past their evaluation date
    required_areas: tuple[str, ...] = ()  # every virksomhet needs a valid ROS for each
    units: int = 0  # virksomheter
    units_short: int = 0  # without a valid ROS for one of the required areas
    lovkrav: int = 0
    lovkrav_kept: int = 0  # with sist_gjennomgatt
    lovkrav_late: list[Item] = field(default_factory=list)
    # avvik, breaches and injuries
    avvik: AvvikStats | None = None
    service_areas: list[ServiceArea] = field(default_factory=list)
    serious: list[Item] = field(default_factory=list)
    # audits and inspections
    audits: list[Audit] = field(default_factory=list)
    # maturity
    assessments: list[Assessment] = field(default_factory=list)
    # improvement tiltak: from the egenvurderinger and the kommune's ledelsens gjennomgang
    tiltak: list[Item] = field(default_factory=list)
    tiltak_status: dict[str, int] = field(default_factory=dict)
    hidden: int = 0  # records of the year whose text was left out
    # When kommunestyret treated the year before's report (date, case), when ims.yaml lists
    # the reports (internkontroll.rapporter); 'ikke' when it is not recorded as treated.
    previous_report: tuple[date, str] | str | None = None


def needs_for(year: int, day: date) -> Select:
    """The records the report looks at: as for ledelsens gjennomgang over the year."""
    return needs(_year(year, day), day)


def _year(year: int, day: date) -> Period:
    # the command only asks for a year that has begun
    return Period(date(year, 1, 1), min(date(year, 12, 31), day))


def build(repo: Repository, year: int, day: date, *, audience: str) -> IkData:
    """Everything the yearly report shows for the whole kommune and the year (up to the day)."""
    org = repo.organisasjon
    assert org is not None
    top = next(u for u in org.enheter if u.overordnet is None)
    names = unit_names(org)
    span = _year(year, day)
    data = IkData(repo.config.organisasjon, top, year, span, day, audience, names)
    data.people = person_names(org)
    data.scale = list(repo.config.internkontroll.modenhet)
    data.areas = list(repo.config.internkontroll.omrader)
    data.previous_report = _previous_report(repo, year)
    _system(data, repo)
    _avvik(data, repo)
    _audits(data, repo.records)
    _maturity(data, repo.records)
    _tiltak(data, repo.records)
    data.hidden = sum(
        1
        for s in repo.records
        if not visible(s.record.gradering, audience) and _dated(s.record) in span
    )
    return data


def _previous_report(repo: Repository, year: int) -> tuple[date, str] | str | None:
    """How the year before's report was treated, once ims.yaml lists reports from that year or
    earlier (kommuneloven § 25-2)."""
    reports = repo.config.internkontroll
    if not reports.rapporter or min(r.aar for r in reports.rapporter) > year - 1:
        return None
    report = reports.report(year - 1)
    if report is None or report.behandlet is None:
        return "ikke"
    return report.behandlet.dato, report.behandlet.sak


def untreated_note(repo: Repository, year: int) -> str | None:
    """What `ims report ik` says when the year's report is not yet recorded as treated."""
    report = repo.config.internkontroll.report(year)
    if report is not None and report.behandlet is not None:
        return None
    return (
        f"Merk: rapporten for {year} er ikke registrert behandlet i kommunestyret (kommuneloven "
        "§ 25-2). Når den er behandlet, før inn «behandlet: {dato: ÅÅÅÅ-MM-DD, sak: …}» for "
        f"aar: {year} under internkontroll.rapporter i ims.yaml."
    )


def _text(record: object, audience: str, value: str | None) -> str | None:
    return value if visible(getattr(record, "gradering", "intern"), audience) else None


def _dated(record: object) -> date | None:
    for name in ("meldt", "dato", "gjennomfort", "planlagt", "godkjent"):
        value = getattr(record, name, None)
        if isinstance(value, date):
            return value
    return None


def _system(data: IkData, repo: Repository) -> None:
    """Processes approved and revised on time, ROS coverage and late evaluations, lovkrav kept."""
    processes = [s.record for s in repo.records if isinstance(s.record, Prosess)]
    data.processes = len(processes)
    data.processes_approved = sum(1 for p in processes if p.godkjent in data.period)
    late = [(p, process_revision(p, repo.config)) for p in processes]
    data.processes_late = [
        Item(p.id, _text(p, data.audience, p.tittel), f"revisjon {shown(due)}", p.enhet, None, due)
        for p, due in sorted(late, key=lambda pair: pair[1])
        if due < data.day
    ]
    analyses = [s.record for s in repo.records if isinstance(s.record, Ros)]
    data.ros = len(analyses)
    assert repo.organisasjon is not None
    report = risks.coverage_report(
        analyses, repo.organisasjon, repo.config, data.day, data.kommune.id, audience=data.audience
    )
    data.required_areas = report.areas
    data.units = len(report.units)
    data.units_short = sum(1 for u in report.units if any(a.status != "ok" for a in u.areas))
    analysis = {r.id: r for r in analyses}
    data.ros_late = [
        Item(
            ros,
            _text(analysis[ros], data.audience, title),
            f"evaluering {shown(due)}",
            None,
            None,
            due,
        )
        for ros, title, due in report.overdue
    ]
    register = repo.lovkrav.lovkrav if repo.lovkrav else []
    data.lovkrav = len(register)
    data.lovkrav_kept = sum(1 for k in register if k.sist_gjennomgatt)
    titles = {k.id: k.tittel for k in register}
    data.lovkrav_late = [
        Item(d.ref, titles.get(d.ref), _owner(data, d.owner, d.due), d.unit, d.owner, d.due)
        for d in lovkrav_reviews(repo.lovkrav, repo.config, repo.organisasjon)
        if d.due < data.day
    ]


def _owner(data: IkData, person: str | None, due: date) -> str:
    who = f", {data.people.get(person, person)}" if person else ""
    return f"frist {shown(due)}{who}"


def _avvik(data: IkData, repo: Repository) -> None:
    """The year's avvik for the kommune (with breaches and injuries), per tjenesteområde against
    the year before, and the serious ones by name."""
    avvik = [s.record for s in repo.records if isinstance(s.record, Avvik)]
    reported = [Reported.of(a) for a in avvik]
    org, config = repo.organisasjon, repo.config
    data.avvik = stats(reported, Selection(data.kommune.id), data.period, org, config)
    assert org is not None
    for kid in children(org).get(data.kommune.id, []):
        figures = stats(reported, Selection(kid), data.period, org, config)
        serious = [a for a in _counted(avvik, figures.ids) if (a.alvorlighet or 0) >= SERIOUS]
        data.service_areas.append(
            ServiceArea(
                kid,
                data.names[kid],
                figures.total,
                figures.previous_total,
                len(serious),
                figures.open,
            )
        )
    counted = _counted(avvik, data.avvik.ids)
    data.serious = [
        Item(
            a.id,
            _text(a, data.audience, a.tittel),
            f"alvorlighet {a.alvorlighet}, {_status(a)}",
            a.enhet,
        )
        for a in sorted(counted, key=lambda a: (-(a.alvorlighet or 0), a.meldt, a.id))
        if (a.alvorlighet or 0) >= SERIOUS
    ]


def _counted(avvik: Sequence[Avvik], ids: Sequence[str]) -> list[Avvik]:
    wanted = set(ids)
    return [a for a in avvik if a.id in wanted]


def _status(avvik: Avvik) -> str:
    if avvik.status in SETTLED and avvik.lukket:
        return f"{word(avvik.status)} {shown(avvik.lukket)}"
    return avvik.status.replace("_", " ")


def _audits(data: IkData, records: Sequence[StoredRecord]) -> None:
    """Tilsyn and revisjoner of the year, with their funn and the avvik still open from them."""
    open_avvik = {
        s.record.id for s in records if isinstance(s.record, Avvik) and is_open(s.record.status)
    }
    audits = [
        r
        for s in records
        if isinstance(r := s.record, Revisjon) and (r.gjennomfort or r.planlagt) in data.period
    ]
    data.audits = [
        replace(
            audit_row(r, data.audience),
            open_avvik=sum(1 for f in r.funn if f.avvik in open_avvik),
        )
        for r in sorted(audits, key=lambda r: (r.gjennomfort or r.planlagt, r.id))
    ]


def _maturity(data: IkData, records: Sequence[StoredRecord]) -> None:
    """The latest egenvurdering of each unit made by the end of the year (and the day)."""
    latest: dict[str, Egenvurdering] = {}
    for s in records:
        ev = s.record
        if not isinstance(ev, Egenvurdering) or ev.dato > data.period.til:
            continue
        before = latest.get(ev.enhet)
        if before is None or (ev.dato, ev.id) > (before.dato, before.id):
            latest[ev.enhet] = ev
    order = {u: i for i, u in enumerate(data.names)}  # organisasjon.yaml's order: kommune first
    data.assessments = [
        Assessment(
            ev.id,
            ev.enhet,
            ev.dato,
            tuple(
                Area(a.omrade, a.na, a.ambisjon, _text(ev, data.audience, a.begrunnelse))
                for a in ev.omrader
            ),
        )
        for ev in sorted(latest.values(), key=lambda ev: order.get(ev.enhet, len(order)))
    ]


def _tiltak(data: IkData, records: Sequence[StoredRecord]) -> None:
    """The improvement tiltak: those of the egenvurderinger shown and of the ledelsens
    gjennomgang at kommune level in the year."""
    shown_ids = {a.id for a in data.assessments}
    sources = [
        s
        for s in records
        if s.record.id in shown_ids
        or (
            isinstance(s.record, LedelsensGjennomgang)
            and s.record.niva == "kommune"
            and s.record.dato in data.period
        )
    ]
    owners = {s.record.id: s.record for s in sources}
    items = list(all_tiltak(sources))
    data.tiltak_status = dict(Counter(i.tiltak.status for i in items))
    data.tiltak = [
        Item(
            i.ref,
            _text(owners[i.ref.split("/")[0]], data.audience, i.tiltak.beskrivelse),
            i.tiltak.status,
            i.enhet,
            data.people.get(i.tiltak.ansvarlig, i.tiltak.ansvarlig),
            i.tiltak.frist,
        )
        for i in sorted(items, key=lambda i: (i.tiltak.frist, i.ref))
    ]
