"""The handbook site's pages as plain data: every process, ROS and unit, the lovkrav register and
the risikobank, for one audience on one day (`ims site`).

Text of a record the audience may not see is None here and only counted (the one policy,
confidentiality.visible); national ids are masked where the pages are written. The figures come
from the same functions as `ims puff`, `ims risk`, `ims stats` and `ims tiltak`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from ims_cli.analytics import risk as risks
from ims_cli.analytics.deadlines import process_revision
from ims_cli.analytics.management_review import Goal, goal_row
from ims_cli.analytics.puff import Standing, UnitPuff, puff
from ims_cli.analytics.stats import Period, Reported, Selection, stats
from ims_cli.analytics.tiltak import TiltakItem
from ims_cli.analytics.units import ancestor_at, children, person_names, subtree, unit_names
from ims_cli.confidentiality import field_for, text_for, visible
from ims_cli.config import Config
from ims_cli.kinds import KINDS
from ims_cli.models.common import OPEN_TILTAK, HoldsTiltak, TiltakLists
from ims_cli.models.lederavtale import Lederavtale
from ims_cli.models.lg import LedelsensGjennomgang
from ims_cli.models.prosess import Prosess
from ims_cli.models.registers import Enhet, Organisasjon
from ims_cli.models.ros import Ros
from ims_cli.store.index import Select
from ims_cli.store.load import Repository, StoredRecord

# The kinds whose pages are made here with what else the site knows of them (a process's avvik,
# a ROS's matrices); every other kind with a page (Kind.page) gets a RecordPage.
OWN_PAGES = (Prosess, Ros)
PROCESS_TYPES = {
    "ledelsesprosess": "Ledelsesprosesser",
    "hovedprosess": "Hovedprosesser",
    "stotteprosess": "Støtteprosesser",
}
# How many of a unit's overdue tiltak its page lists by name (the rest are counted).
LISTED = 50


@dataclass(frozen=True)
class Ref:
    """A record referred to: its id, its title when the audience may read it, and a note."""

    id: str
    tittel: str | None
    note: str = ""


@dataclass(frozen=True)
class Change:
    versjon: int
    dato: date
    av: str
    beskrivelse: str | None


@dataclass
class ProcessPage:
    id: str
    tittel: str | None
    type: str
    eier: str
    enhet: str | None
    versjon: int
    godkjent: date
    godkjent_av: str | None
    neste_revisjon: date
    forfalt: bool
    gradering: str
    body: str | None  # Markdown, None when the audience may not read it
    aktiviteter: list[tuple[str, str, str | None]] = field(default_factory=list)
    endringer: list[Change] = field(default_factory=list)
    lovkrav: list[Ref] = field(default_factory=list)
    risikoer: list[Ref] = field(default_factory=list)  # ROS risks it names
    avvik: list[Ref] = field(default_factory=list)


@dataclass(frozen=True)
class RiskRow:
    id: str
    aspekt: str | None
    trussel: str | None
    score: int
    level: str
    after: int | None
    after_level: str | None
    tiltak: int
    lovbrudd: bool


@dataclass
class RosPage:
    id: str
    tittel: str | None
    enhet: str
    omrade: str
    ansvarlig: str
    dato: date
    neste_evaluering: date
    forfalt: bool
    gradering: str
    rows: list[RiskRow] = field(default_factory=list)
    before: list[risks.Cell] = field(default_factory=list)
    after: list[risks.Cell] = field(default_factory=list)
    prosesser: list[Ref] = field(default_factory=list)


@dataclass
class UnitPage:
    enhet: Enhet
    parent: str | None
    kids: list[str]
    puff: UnitPuff | None
    before: list[risks.Cell]
    after: list[risks.Cell]
    risk_count: int
    ros: list[Ref]
    processes: list[Ref]
    open_tiltak: int
    overdue: list[Ref]  # at most LISTED, by frist
    overdue_count: int
    avvik: int  # reported the last 12 months (as counted as avvik)
    avvik_open: int
    per_kategori: dict[str, int]
    goals: list[Goal]


@dataclass(frozen=True)
class RecordPage:
    """A record of a kind whose page is made from what the kind says (Kind.page): its fields
    that hold one value or a list of them, and its tiltak, as the audience may see them."""

    kind: str
    template: str
    id: str
    tittel: str | None
    enhet: str | None
    dato: date | None
    status: str | None
    gradering: str
    fields: list[tuple[str, Any]]  # (name, value); text the audience may not see is "(gradert)"
    tiltak: list[tuple[str, str, date, str, str | None]]  # id, status, frist, ansvarlig, text


@dataclass(frozen=True)
class LovkravRow:
    id: str
    tittel: str
    kilde: str | None
    eier: str | None
    sist_gjennomgatt: date | None
    rapporteringskrav: str | None
    prosesser: list[Ref]
    ros: list[Ref]


@dataclass(frozen=True)
class BankRow:
    id: str
    navn: str
    beskrivelse: str | None
    per_area: dict[str, int]  # tjenesteområde -> how many risks of the category


@dataclass
class Site:
    organisasjon: str
    day: date
    audience: str
    names: dict[str, str]
    people: dict[str, str]
    top: str
    levels: list[str]  # the risk levels, lowest first
    processes: list[ProcessPage] = field(default_factory=list)
    analyses: list[RosPage] = field(default_factory=list)
    units: list[UnitPage] = field(default_factory=list)
    lovkrav: list[LovkravRow] = field(default_factory=list)
    bank: list[BankRow] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)  # the tjenesteområder
    latest_review: Ref | None = None  # the kommune's latest ledelsens gjennomgang
    review_date: date | None = None
    red: list[tuple[str, list[str]]] = field(default_factory=list)  # units' red phases
    hidden: int = 0  # records whose text was left out
    kinds: list[str] = field(default_factory=list)  # kinds whose records have RecordPages
    records: list[RecordPage] = field(default_factory=list)


@dataclass(frozen=True)
class Sources:
    """What the site is made from: `repo` with the processes, ROS, lederavtaler and ledelsens
    gjennomganger built; the avvik and the PUFF standings (with the tiltak) as the index keeps
    them, as `ims stats` and `ims puff` have them."""

    repo: Repository
    avvik: Sequence[Reported]
    standings: Sequence[Standing]  # with each record's tiltak


@dataclass(frozen=True)
class _Parts:
    """The records by kind, as the pages need them."""

    sources: Sources
    org: Organisasjon
    processes: list[Prosess]
    analyses: list[Ros]
    agreements: list[Lederavtale]  # of the day's year
    bodies: dict[str, str | None]
    puff: dict[str, UnitPuff]
    # Looked up once, not per page: 2 000 processes × 37 000 risks would take minutes.
    threats: dict[str, str | None]  # 'ROS-…/R3' -> what can go wrong, as the audience may read
    avvik_of_process: dict[str, list[Reported]]
    avvik_of_unit: dict[str, list[Reported]]
    open_tiltak: dict[str, list[TiltakItem]]  # unit -> its open tiltak
    analyses_of_unit: dict[str, list[Ros]]

    @property
    def config(self) -> Config:
        return self.sources.repo.config


def needs_built() -> Select:
    """The records the site builds: of every kind with a page (Kind.page), and the lederavtaler
    and ledelsens gjennomganger the unit pages and the front page read."""
    return Select(frozenset({"lederavtale", "lg", *(k.name for k in KINDS if k.page)}))


def build(sources: Sources, day: date, audience: str) -> Site:
    """Every page's data for the audience on the day."""
    repo = sources.repo
    org = repo.organisasjon
    assert org is not None
    top = next(u.id for u in org.enheter if u.overordnet is None)
    site = Site(
        repo.config.organisasjon,
        day,
        audience,
        unit_names(org),
        person_names(org),
        top,
        [n.navn for n in repo.config.risiko.nivaer],
    )
    records = [s.record for s in repo.records]
    units = puff(list(sources.standings), repo.config, org, day)
    analyses = _by_id([r for r in records if isinstance(r, Ros)])
    parts = _Parts(
        sources,
        org,
        _by_id([r for r in records if isinstance(r, Prosess)]),
        analyses,
        [r for r in records if isinstance(r, Lederavtale) and r.aar == day.year],
        {s.record.id: s.body for s in repo.records},
        {u.enhet: u for u in units},
        {f"{r.id}/{k.id}": _text(r, audience, k.trussel) for r in analyses for k in r.risikoer},
        _grouped(sorted(sources.avvik, key=lambda a: a.id), lambda a: a.prosess),
        _grouped(sources.avvik, lambda a: a.enhet),
        _grouped(
            (i for s in sources.standings for i in s.tiltak if i.tiltak.status in OPEN_TILTAK),
            lambda i: i.enhet,
        ),
        _grouped(analyses, lambda r: r.enhet),
    )
    site.processes = [_process(p, parts, site) for p in parts.processes]
    site.analyses = [_ros(r, parts, site) for r in parts.analyses]
    red = [(u.enhet, [k for k, p in u.phases.items() if p.status == "rod"]) for u in units]
    site.red = [(unit, phases) for unit, phases in red if phases]
    site.units = [_unit(u, parts, site) for u in org.enheter]
    site.lovkrav = _lovkrav(repo, parts.processes, parts.analyses, site)
    site.areas = children(org).get(top, [])
    site.bank = _bank(repo, parts.analyses, org)
    _review(site, [r for r in records if isinstance(r, LedelsensGjennomgang)])
    site.kinds = [k.name for k in KINDS if k.page and not issubclass(k.model, OWN_PAGES)]
    site.records = [
        _record_page(s, site)
        for s in sorted(repo.records, key=lambda s: s.record.id)
        if s.kind.name in site.kinds
    ]
    site.hidden = sum(1 for r in records if not visible(r.gradering, audience))
    return site


R = TypeVar("R", Prosess, Ros)
T = TypeVar("T")


def _by_id(records: Sequence[R]) -> list[R]:
    return sorted(records, key=lambda r: r.id)


def _text(record: object, audience: str, value: str | None) -> str | None:
    return value if visible(getattr(record, "gradering", "intern"), audience) else None


def _process(p: Prosess, parts: _Parts, site: Site) -> ProcessPage:
    audience, repo = site.audience, parts.sources.repo
    due = process_revision(p, repo.config)
    titles = {k.id: k.tittel for k in (repo.lovkrav.lovkrav if repo.lovkrav else [])}
    return ProcessPage(
        p.id,
        _text(p, audience, p.tittel),
        p.type,
        p.eier,
        p.enhet,
        p.versjon,
        p.godkjent,
        p.godkjent_av,
        due,
        due < site.day,
        p.gradering,
        _text(p, audience, parts.bodies.get(p.id)),
        [(a.id, a.navn, a.ansvar) for a in p.aktiviteter] if visible(p.gradering, audience) else [],
        [
            Change(e.versjon, e.dato, e.av, _text(p, audience, e.beskrivelse))
            for e in sorted(p.endringslogg, key=lambda e: -e.versjon)
        ],
        [Ref(k, titles.get(k)) for k in p.lovkrav],
        [Ref(k, parts.threats.get(k)) for k in p.risikoer],
        [
            Ref(a.id, None, f"{a.status.replace('_', ' ')}, meldt {a.meldt:%d.%m.%Y}")
            for a in parts.avvik_of_process.get(p.id, [])
        ],
    )


def _ros(r: Ros, parts: _Parts, site: Site) -> RosPage:
    audience, config = site.audience, parts.config
    points = risks.risk_points([r], config)
    rows = []
    for risk, point in zip(r.risikoer, points, strict=True):
        after = point.after
        rows.append(
            RiskRow(
                risk.id,
                _text(r, audience, risk.aspekt),
                _text(r, audience, risk.trussel),
                point.before.score,
                point.before.level,
                after.score if after else None,
                after.level if after else None,
                len(risk.tiltak),
                risk.lovbrudd,
            )
        )
    due = risks.next_evaluation(r, config)
    named = [
        Ref(p.id, _text(p, audience, p.tittel))
        for p in parts.processes
        if any(k.startswith(f"{r.id}/") for k in p.risikoer)
    ]
    return RosPage(
        r.id,
        _text(r, audience, r.tittel),
        r.enhet,
        r.omrade,
        r.ansvarlig,
        r.dato,
        due,
        due < site.day,
        r.gradering,
        rows,
        risks.matrix(points, config),
        risks.matrix(points, config, after=True),
        named,
    )


def _unit(unit: Enhet, parts: _Parts, site: Site) -> UnitPage:
    org, config, by_unit = parts.org, parts.config, parts.puff
    scope = sorted(subtree(org, unit.id))  # in order: the page is the same on every run
    mine = _by_id([r for u in scope for r in parts.analyses_of_unit.get(u, [])])
    points = risks.risk_points(mine, config)
    items = [i for u in scope for i in parts.open_tiltak.get(u, [])]
    late = sorted(
        (i for i in items if i.tiltak.overdue(site.day)), key=lambda i: (i.tiltak.frist, i.ref)
    )
    span = Period(date(site.day.year - 1, site.day.month, 1), site.day)
    avvik = [a for u in scope for a in parts.avvik_of_unit.get(u, [])]
    figures = stats(avvik, Selection(unit.id), span, org, config)
    # the puff of a department is its virksomhet's
    shown = by_unit.get(unit.id) or by_unit.get(ancestor_at(org, unit.id, "virksomhet") or "")
    return UnitPage(
        unit,
        unit.overordnet,
        children(org).get(unit.id, []),
        shown,
        risks.matrix(points, config),
        risks.matrix(points, config, after=True),
        len(points),
        [Ref(r.id, _text(r, site.audience, r.tittel), r.omrade) for r in mine],
        [
            Ref(p.id, _text(p, site.audience, p.tittel))
            for p in parts.processes
            if p.enhet == unit.id
        ],
        len(items),
        [
            Ref(
                i.ref,
                _item_text(i, site),
                f"{site.people.get(i.tiltak.ansvarlig, i.tiltak.ansvarlig)}, frist "
                f"{i.tiltak.frist:%d.%m.%Y}",
            )
            for i in late[:LISTED]
        ],
        len(late),
        figures.total,
        figures.open,
        figures.per_kategori,
        [
            goal_row(a, g, site.audience)
            for a in parts.agreements
            if a.enhet == unit.id
            for g in a.mal
        ],
    )


def _grouped(items: Iterable[T], key: Callable[[T], str | None]) -> dict[str, list[T]]:
    found: dict[str, list[T]] = defaultdict(list)
    for item in items:
        found[key(item) or ""].append(item)
    return found


def _item_text(item: TiltakItem, site: Site) -> str | None:
    return item.tiltak.beskrivelse if visible(item.gradering, site.audience) else None


def _lovkrav(
    repo: Repository, processes: Sequence[Prosess], analyses: Sequence[Ros], site: Site
) -> list[LovkravRow]:
    """The register, each requirement with the processes and ROS behind it."""
    behind_p: dict[str, list[Ref]] = defaultdict(list)
    behind_r: dict[str, list[Ref]] = defaultdict(list)
    for p in _by_id(processes):
        for k in p.lovkrav:
            behind_p[k].append(Ref(p.id, _text(p, site.audience, p.tittel)))
    for r in _by_id(analyses):
        named = {k for risk in r.risikoer for k in risk.lovkrav}
        for k in sorted(named):
            behind_r[k].append(Ref(r.id, _text(r, site.audience, r.tittel)))
    return [
        LovkravRow(
            k.id,
            k.tittel,
            k.kilde,
            k.eier,
            k.sist_gjennomgatt,
            k.rapporteringskrav,
            behind_p.get(k.id, []),
            behind_r.get(k.id, []),
        )
        for k in (repo.lovkrav.lovkrav if repo.lovkrav else [])
    ]


def _bank(repo: Repository, analyses: Sequence[Ros], org: Organisasjon) -> list[BankRow]:
    """Each category of the risikobank: how many risks of it each tjenesteområde has assessed."""
    counted: dict[str, Counter[str]] = defaultdict(Counter)
    for r in analyses:
        area = ancestor_at(org, r.enhet, "tjenesteomrade") or r.enhet
        for risk in r.risikoer:
            if risk.risikobank:
                counted[risk.risikobank][area] += 1
    return [
        BankRow(c.id, c.navn, c.beskrivelse, dict(counted.get(c.id, {})))
        for c in (repo.risikobank.risikobank if repo.risikobank else [])
    ]


def _record_page(stored: StoredRecord, site: Site) -> RecordPage:
    record, kind, audience = stored.record, stored.kind, site.audience
    grade = record.gradering
    apart = {"id", "gradering", *(str(at[0]) for at, _ in _lists(record))}
    fields = [
        (name, field_for(record, name, grade, audience))
        for name in type(record).model_fields
        if name not in apart and _plain(getattr(record, name))
    ]
    return RecordPage(
        kind.name,
        kind.page or "",
        record.id,
        text_for(kind.title(record, site.people), grade, audience),
        getattr(record, "enhet", None),
        kind.dated(record),
        kind.status(record),
        grade,
        fields,
        [
            (t.id, t.status, t.frist, t.ansvarlig, text_for(t.beskrivelse, grade, audience))
            for _, t in record.all_tiltak()
        ],
    )


def _lists(record: object) -> TiltakLists:
    return record.tiltak_lists() if isinstance(record, HoldsTiltak) else iter(())


def _plain(value: object) -> bool:
    """A value a page shows as a field: one value, or a list of them (not a part of its own)."""
    if isinstance(value, list):
        return bool(value) and all(isinstance(v, str | int | float | date) for v in value)
    return value is not None and isinstance(value, str | int | float | date)


def _review(site: Site, reviews: Sequence[LedelsensGjennomgang]) -> None:
    """The kommune's latest ledelsens gjennomgang up to the day, with its conclusion."""
    held = [r for r in reviews if r.niva == "kommune" and r.dato <= site.day]
    if not held:
        return
    latest = max(held, key=lambda r: (r.dato, r.id))
    site.latest_review = Ref(latest.id, _text(latest, site.audience, latest.konklusjon))
    site.review_date = latest.dato


def matrix_rows(cells: Sequence[risks.Cell], config: Config) -> list[list[risks.Cell]]:
    """The cells as rows of the table, the highest sannsynlighet first."""
    rows = len(config.risiko.sannsynlighet)
    ordered: list[list[risks.Cell]] = [[] for _ in range(rows)]
    for cell in sorted(cells, key=lambda c: c.konsekvens):
        ordered[rows - cell.sannsynlighet].append(cell)
    return ordered
