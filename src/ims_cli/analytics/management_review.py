"""The material for ledelsens gjennomgang (ISO 9001:2015 9.3.2 and 9.3.3) for a unit and a period.

Plain data for the templates; the numbers come from the same functions as `ims stats`,
`ims risk` and `ims puff`, so the report and the commands agree. Text from a record the audience
may not see is left out (None) and only counted: with audience `intern`, records graded
`fortrolig` or `strengt_fortrolig`; with `apen`, every record not graded `apen`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from ims_cli.analytics import risk as risks
from ims_cli.analytics.deadlines import lovkrav_reviews, process_revision
from ims_cli.analytics.diff import Detail
from ims_cli.analytics.puff import TITLES, UnitPuff, puff, standings
from ims_cli.analytics.puff import needs as puff_needs
from ims_cli.analytics.records import settled
from ims_cli.analytics.stats import AvvikStats, Period, Reported, Selection, stats
from ims_cli.analytics.tiltak import TiltakItem, all_tiltak
from ims_cli.analytics.units import by_id, children, person_names, subtree, unit_names
from ims_cli.confidentiality import shared, visible
from ims_cli.models import Record
from ims_cli.models.avvik import Avvik
from ims_cli.models.common import Tiltak
from ims_cli.models.lederavtale import Lederavtale, Mal
from ims_cli.models.lg import LedelsensGjennomgang
from ims_cli.models.prosess import Prosess
from ims_cli.models.registers import Enhet, Organisasjon
from ims_cli.models.revisjon import Revisjon
from ims_cli.models.ros import Ros
from ims_cli.models.vocabulary import is_open
from ims_cli.store.index import Select
from ims_cli.store.load import Repository
from ims_cli.words import day as shown

FEEDBACK_TYPES = ("forbedringsforslag", "positiv_tilbakemelding")
TOP_RISKS = 5
# Rows: a longer list is cut in the report's body, summarised per unit, and given whole in the
# report's appendix (a workbook beside it): 1 888 overdue tiltak made 162 A4 pages.
LONG = 15


@dataclass(frozen=True)
class Item:
    """A record in a list: its id and, when the audience may see it, its title; the unit it
    belongs to, and for a tiltak who has it (by name) and its frist."""

    id: str
    tittel: str | None
    detalj: str = ""
    enhet: str | None = None
    ansvarlig: str | None = None
    frist: date | None = None


@dataclass(frozen=True)
class Long:
    """A list longer than LONG: its rows, and how many belong to each unit one level below the
    report's (its own unit for rows of its own), most first."""

    rows: int
    per_unit: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Decision:
    ref: str
    beskrivelse: str | None
    ansvarlig: str
    frist: date
    status: str
    forfalt: bool


@dataclass(frozen=True)
class Goal:
    enhet: str
    ref: str  # LA-2026-0001/M1
    fokusomrade: str
    beskrivelse: str | None
    malverdi: float
    akseptabelt: float | None
    periode: str | None  # of the latest result
    verdi: float | None
    status: str  # gronn | gul | rod | mangler


@dataclass(frozen=True)
class ProcessRow:
    id: str
    tittel: str | None
    neste_revisjon: date
    forfalt: bool
    avvik: int
    enhet: str | None = None  # the owner's unit; None for a process of the whole kommune


@dataclass(frozen=True)
class Audit:
    id: str
    type: str
    tittel: str | None
    enhet: str
    dato: date
    gjennomfort: bool
    funn: dict[str, int]
    funn_tekst: list[str]
    open_avvik: int = 0  # avvik made of its funn that are not lukket (the yearly report)


@dataclass(frozen=True)
class Resources:
    enhet: str
    budsjett_nok: float | None
    arsverk: float | None


@dataclass(frozen=True)
class SubUnit:
    """One sub-unit's figures, side by side with its siblings."""

    enhet: str
    navn: str
    avvik: int
    apne: int
    andel_lukket_innen_frist: float | None
    tiltak_forfalt: int
    mal_rode: int
    ros_forfalt: int
    puff: dict[str, str]


@dataclass
class ReviewData:
    organisasjon: str
    enhet: Enhet
    period: Period
    day: date
    audience: str
    names: dict[str, str]
    people: dict[str, str] = field(default_factory=dict)  # person id -> name
    previous: LedelsensGjennomgang | None = None
    decisions: list[Decision] = field(default_factory=list)
    lovkrav: list[Item] = field(default_factory=list)
    lovkrav_late: list[Item] = field(default_factory=list)  # not reviewed in time (F008)
    organisation: list[Detail] = field(default_factory=list)  # organisasjon.yaml since fra
    goals: list[Goal] = field(default_factory=list)
    avvik: AvvikStats | None = None
    processes: list[ProcessRow] = field(default_factory=list)
    audits: list[Audit] = field(default_factory=list)
    feedback: dict[str, list[Item]] = field(default_factory=dict)
    hidden: int = 0  # records in the selection whose text was left out
    resources: list[Resources] = field(default_factory=list)
    cells_before: list[risks.Cell] = field(default_factory=list)
    cells_after: list[risks.Cell] = field(default_factory=list)
    top_risks: list[tuple[risks.RiskPoint, str | None]] = field(default_factory=list)
    risk_count: int = 0
    tiltak_status: dict[str, int] = field(default_factory=dict)
    tiltak_overdue: list[Item] = field(default_factory=list)
    coverage: risks.CoverageReport | None = None
    puff: list[UnitPuff] = field(default_factory=list)
    improvements: list[Item] = field(default_factory=list)
    comparison: list[SubUnit] = field(default_factory=list)
    long: dict[str, Long] = field(default_factory=dict)  # list name -> its summary, when long


def goal_status(goal: Mal, verdi: float | None) -> str:
    """Green at or beyond malverdi, yellow up to akseptabelt, red beyond; without a result
    'mangler'."""
    if verdi is None:
        return "mangler"
    sign = 1 if goal.retning == "hoyere_er_bedre" else -1
    if sign * verdi >= sign * goal.malverdi:
        return "gronn"
    if goal.akseptabelt is not None and sign * verdi >= sign * goal.akseptabelt:
        return "gul"
    return "rod"


def needs(span: Period, day: date) -> Select:
    """The records the report looks at: every one but the avvik reported before the period it
    compares with and settled before both the period and the months PUFF looks back."""
    since = puff_needs(day).active_since or span.fra
    return Select(
        meldt=(span.previous().fra, span.til), active_since=min(span.fra, since), every_id=False
    )


def build(
    repo: Repository,
    unit_id: str,
    span: Period,
    day: date,
    *,
    audience: str,
    organisation: Sequence[Detail] = (),
) -> ReviewData:
    """Everything the report shows for the unit (with every unit below it) and the period.

    `organisation` is what changed in organisasjon.yaml in the period (from git, by the caller);
    a unit below kommune level sees the changes to its own units."""
    assert repo.organisasjon is not None
    units = by_id(repo.organisasjon)
    scope = subtree(repo.organisasjon, unit_id)
    names = unit_names(repo.organisasjon)
    data = ReviewData(repo.config.organisasjon, units[unit_id], span, day, audience, names)
    data.people = person_names(repo.organisasjon)
    kommune = data.enhet.niva == "kommune"  # a process without enhet belongs to the kommune
    mine = [
        s
        for s in shared(repo.records)
        if getattr(s.record, "enhet", None) in scope
        or (kommune and getattr(s.record, "enhet", "") is None)
    ]
    records = [s.record for s in mine]
    _previous(data, records, unit_id)
    data.organisation = [d for d in organisation if kommune or str(d.ref).split(".")[0] in scope]
    _performance(data, repo, records, scope)
    _risks(data, repo, scope)
    items = list(all_tiltak(mine))
    # The tiltak of what was still being worked on in the period, not of ten years of avvik
    active = [s for s in mine if (settled(s.record) or span.fra) >= span.fra]
    data.tiltak_status = dict(Counter(i.tiltak.status for i in all_tiltak(active)))
    owners = {s.record.id: s.record for s in mine}
    data.tiltak_overdue = [
        _tiltak_item(i, owners[i.ref.split("/")[0]], data) for i in items if i.tiltak.overdue(day)
    ]
    data.puff = [
        u
        for u in puff(standings(repo.records, repo.config), repo.config, repo.organisasjon, day)
        if u.enhet in scope
    ]
    _improvements(data, records)
    _compare(data, repo, unit_id, items)
    data.hidden = sum(
        1 for r in records if not visible(r.gradering, audience) and _in_period(r, span)
    )
    data.long = _long_lists(data, repo.organisasjon)
    return data


def _long_lists(data: ReviewData, org: Organisasjon) -> dict[str, Long]:
    """The lists too long for the report's body, each counted per unit one level down."""
    lists: dict[str, list[str | None]] = {
        "tiltak": [i.enhet for i in data.tiltak_overdue],
        "mal": [g.enhet for g in data.goals],
        "prosesser": [p.enhet for p in data.processes],
        "forbedringer": [i.enhet for i in data.improvements],
        "puff": [u.enhet for u in data.puff],
    }
    own = data.enhet.id
    owner = {u: kid for kid in children(org).get(own, []) for u in subtree(org, kid)}
    found = {}
    for name, units in lists.items():
        if len(units) > LONG:
            counted = Counter(data.names.get(owner.get(u or own, own), own) for u in units)
            found[name] = Long(len(units), tuple(counted.most_common()))
    return found


def _in_period(record: object, span: Period) -> bool:
    when = (
        getattr(record, "meldt", None)
        or getattr(record, "dato", None)
        or getattr(record, "planlagt", None)
    )
    return when in span if isinstance(when, date) else True


def _text(record: object, audience: str, value: str | None) -> str | None:
    return value if visible(getattr(record, "gradering", "intern"), audience) else None


def _previous(data: ReviewData, records: Sequence[Record], unit_id: str) -> None:
    """a) the latest earlier ledelsens gjennomgang of this very unit, and its beslutninger."""
    earlier = [
        r
        for r in records
        if isinstance(r, LedelsensGjennomgang) and r.enhet == unit_id and r.dato <= data.day
    ]
    if not earlier:
        return
    data.previous = max(earlier, key=lambda r: r.dato)
    data.decisions = [_decision(data.previous, t, data) for _, t in data.previous.all_tiltak()]


def _decision(lg: LedelsensGjennomgang, tiltak: Tiltak, data: ReviewData) -> Decision:
    return Decision(
        f"{lg.id}/{tiltak.id}",
        _text(lg, data.audience, tiltak.beskrivelse),
        tiltak.ansvarlig,
        tiltak.frist,
        tiltak.status,
        tiltak.overdue(data.day),
    )


def _performance(
    data: ReviewData, repo: Repository, records: Sequence[Record], scope: set[str]
) -> None:
    """b) lovkrav and c) goals, avvik, processes, audits and feedback; d) resources."""
    avvik = [r for r in records if isinstance(r, Avvik)]
    reported = [Reported.of(a) for a in avvik]
    data.avvik = stats(
        reported, Selection(data.enhet.id), data.period, repo.organisasjon, repo.config
    )
    years = set(range(data.period.fra.year, data.period.til.year + 1))
    agreements = [r for r in records if isinstance(r, Lederavtale) and r.aar in years]
    data.goals = [
        goal_row(la, m, data.audience)
        for la in sorted(agreements, key=lambda r: (r.enhet, r.id))
        for m in la.mal
    ]
    data.resources = [
        Resources(
            la.enhet,
            la.rammer.budsjett_nok if la.rammer else None,
            la.rammer.arsverk if la.rammer else None,
        )
        for la in sorted(agreements, key=lambda r: r.enhet)
    ]
    in_period = [a for a in avvik if a.meldt in data.period]
    per_process = Counter(a.prosess for a in in_period if a.prosess)
    processes = [r for r in records if isinstance(r, Prosess)]
    data.processes = sorted(
        (_process(p, repo, data, per_process[p.id]) for p in processes),
        key=lambda p: (not p.forfalt, -p.avvik, p.id),
    )
    audits = [
        r
        for r in records
        if isinstance(r, Revisjon) and (r.gjennomfort or r.planlagt) in data.period
    ]
    data.audits = [audit_row(r, data.audience) for r in sorted(audits, key=lambda r: r.planlagt)]
    data.feedback = {
        kind: [
            Item(a.id, _text(a, data.audience, a.tittel), str(a.meldt))
            for a in in_period
            if a.type == kind
        ]
        for kind in FEEDBACK_TYPES
    }
    data.feedback["klager"] = [
        Item(a.id, _text(a, data.audience, a.tittel), str(a.meldt))
        for a in in_period
        if a.kilde == "innbygger" and a.type not in FEEDBACK_TYPES
    ]
    data.lovkrav = _lovkrav(repo, in_period, records, data.period)
    data.lovkrav_late = _lovkrav_late(repo, data, scope)


def goal_row(la: Lederavtale, goal: Mal, audience: str) -> Goal:
    """A goal with its latest result and status, its text as the audience may read it."""
    latest = goal.resultater[-1] if goal.resultater else None
    verdi = latest.verdi if latest else None
    return Goal(
        la.enhet,
        f"{la.id}/{goal.id}",
        goal.fokusomrade,
        _text(la, audience, goal.beskrivelse),
        goal.malverdi,
        goal.akseptabelt,
        str(latest.periode) if latest else None,
        verdi,
        goal_status(goal, verdi),
    )


def _process(p: Prosess, repo: Repository, data: ReviewData, avvik: int) -> ProcessRow:
    due = process_revision(p, repo.config)
    text = _text(p, data.audience, p.tittel)
    return ProcessRow(p.id, text, due, due < data.day, avvik, p.enhet)


def audit_row(r: Revisjon, audience: str) -> Audit:
    """An audit with its funn counted by type, and their text as the audience may read it."""
    shown = visible(r.gradering, audience)
    return Audit(
        r.id,
        r.type,
        r.tittel if shown else None,
        r.enhet,
        r.gjennomfort or r.planlagt,
        r.gjennomfort is not None,
        dict(Counter(f.type for f in r.funn)),
        [f"{f.id} ({f.type}): {f.beskrivelse}" for f in r.funn] if shown else [],
    )


def _lovkrav(
    repo: Repository, avvik: list[Avvik], records: Sequence[Record], span: Period
) -> list[Item]:
    """Legal requirements met in the period: named by avvik reported, ROS carried out or
    processes approved in it."""
    named: Counter[str] = Counter()
    for a in avvik:
        named.update(a.lovkrav)
    for r in records:
        if isinstance(r, Ros) and r.dato in span:
            named.update(k for risk in r.risikoer for k in risk.lovkrav)
        elif isinstance(r, Prosess) and r.godkjent in span:
            named.update(r.lovkrav)
    titles = {k.id: k.tittel for k in (repo.lovkrav.lovkrav if repo.lovkrav else [])}
    return [
        Item(k, titles.get(k), f"{n} post" if n == 1 else f"{n} poster")
        for k, n in sorted(named.items())
    ]


def _lovkrav_late(repo: Repository, data: ReviewData, scope: set[str]) -> list[Item]:
    """Requirements of the unit (or of a unit below it) not reviewed within the set months."""
    titles = {k.id: k.tittel for k in (repo.lovkrav.lovkrav if repo.lovkrav else [])}
    return [
        Item(
            d.ref,
            titles.get(d.ref),
            f"frist {shown(d.due)}" + (f", {data.people.get(d.owner, d.owner)}" if d.owner else ""),
            d.unit,
            d.owner,
            d.due,
        )
        for d in lovkrav_reviews(repo.lovkrav, repo.config, repo.organisasjon)
        if d.due < data.day and d.unit in scope
    ]


def _risks(data: ReviewData, repo: Repository, scope: set[str]) -> None:
    """e) the risk matrix before and after tiltak, the top risks and ROS coverage."""
    analyses = [
        s.record for s in repo.records if isinstance(s.record, Ros) and s.record.enhet in scope
    ]
    points = risks.risk_points(analyses, repo.config)
    data.risk_count = len(points)
    data.cells_before = risks.matrix(points, repo.config)
    data.cells_after = risks.matrix(points, repo.config, after=True)
    threats = {
        f"{r.id}/{k.id}": _text(r, data.audience, k.trussel) for r in analyses for k in r.risikoer
    }
    data.top_risks = [(p, threats.get(p.ref)) for p in risks.top(points, repo.config, TOP_RISKS)]
    assert repo.organisasjon is not None
    data.coverage = risks.coverage_report(
        analyses, repo.organisasjon, repo.config, data.day, data.enhet.id, audience=data.audience
    )


def _tiltak_item(item: TiltakItem, owner: Record, data: ReviewData) -> Item:
    text = _text(owner, data.audience, item.tiltak.beskrivelse)
    person = data.people.get(item.tiltak.ansvarlig, item.tiltak.ansvarlig)
    frist = item.tiltak.frist
    return Item(item.ref, text, f"{person}, frist {shown(frist)}", item.enhet, person, frist)


def _improvements(data: ReviewData, records: Sequence[Record]) -> None:
    """f) open improvement suggestions, and the red PUFF phases to work on."""
    data.improvements = [
        Item(r.id, _text(r, data.audience, r.tittel), "forbedringsforslag, ikke lukket", r.enhet)
        for r in records
        if isinstance(r, Avvik) and r.type == "forbedringsforslag" and is_open(r.status)
    ]
    for unit in data.puff:
        if unit.niva not in ("virksomhet",) and unit.enhet != data.enhet.id:
            continue
        for name, phase in unit.phases.items():
            for reason in phase.reasons:
                if reason.level == "rod" and reason.records:
                    data.improvements.append(
                        Item(unit.enhet, f"{TITLES[name]}: {reason.text}", unit.navn, unit.enhet)
                    )


def _compare(data: ReviewData, repo: Repository, unit_id: str, items: list[TiltakItem]) -> None:
    """Each sub-unit side by side (tjenesteområde and kommune level)."""
    assert repo.organisasjon is not None
    puff_by_unit = {u.enhet: u for u in data.puff}
    avvik = [Reported.of(s.record) for s in repo.records if isinstance(s.record, Avvik)]
    analyses = [s.record for s in repo.records if isinstance(s.record, Ros)]
    for kid in children(repo.organisasjon).get(unit_id, []):
        if kid not in puff_by_unit:  # an avdeling: PUFF and the comparison start at virksomhet
            continue
        scope = subtree(repo.organisasjon, kid)
        figures = stats(avvik, Selection(kid), data.period, repo.organisasjon, repo.config)
        mine = [r for r in analyses if r.enhet in scope]
        late_ros = risks.overdue_evaluations(mine, repo.config, data.day)
        data.comparison.append(
            SubUnit(
                kid,
                data.names[kid],
                figures.total,
                figures.open,
                figures.share_in_time,
                sum(1 for i in items if i.enhet in scope and i.tiltak.overdue(data.day)),
                sum(1 for g in data.goals if g.enhet in scope and g.status == "rod"),
                len(late_ros),
                {name: phase.status for name, phase in puff_by_unit[kid].phases.items()},
            )
        )
