"""The PUFF cycle (Planlegge, Utføre, Følge opp, Forbedre) per unit and day, with reasons.

A virksomhet is judged on its own records and those of its avdelinger. A tjenesteområde or the
kommune is judged on its own records, and each phase then also takes its children into account:
red when at least `puff.andel_rod_barn` of them are red, yellow when any is not green.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ims_cli.analytics import deadlines
from ims_cli.analytics.dates import add_months
from ims_cli.analytics.risk import Cover, coverage
from ims_cli.analytics.tiltak import TiltakItem, all_tiltak
from ims_cli.analytics.units import children, subtree
from ims_cli.confidentiality import shared
from ims_cli.config import Config
from ims_cli.findings import Finding
from ims_cli.models.avvik import NEEDS_ROOT_CAUSE, Avvik
from ims_cli.models.common import OPEN_TILTAK
from ims_cli.models.lederavtale import Lederavtale
from ims_cli.models.lg import LedelsensGjennomgang
from ims_cli.models.registers import Enhet, Organisasjon
from ims_cli.models.revisjon import Revisjon
from ims_cli.models.ros import Ros
from ims_cli.store.index import Select
from ims_cli.store.load import StoredRecord
from ims_cli.words import counted, word

PHASES = ("planlegge", "utfore", "folge_opp", "forbedre")
TITLES = {
    "planlegge": "Planlegge",
    "utfore": "Utføre",
    "folge_opp": "Følge opp",
    "forbedre": "Forbedre",
}
LEVELS = ("gronn", "gul", "rod")


@dataclass(frozen=True)
class Reason:
    level: str  # gul | rod
    text: str
    records: tuple[str, ...] = ()


@dataclass
class Phase:
    reasons: list[Reason] = field(default_factory=list)

    @property
    def status(self) -> str:
        return max((r.level for r in self.reasons), key=LEVELS.index, default="gronn")

    def add(self, level: str, text: str, records: Iterable[str] = ()) -> None:
        self.reasons.append(Reason(level, text, tuple(records)))


@dataclass
class UnitPuff:
    enhet: str
    navn: str
    niva: str
    overordnet: str | None
    phases: dict[str, Phase]


@dataclass(frozen=True)
class Marks:
    """What PUFF reads of a record besides its tiltak and deadlines; each kind fills its own."""

    status: str | None = None  # an avvik's …
    type: str | None = None
    lukket: date | None = None
    rotarsak: bool = False  # … whether its root cause is found
    aar: int | None = None  # a lederavtale's year …
    signert: bool = False
    mal: tuple[tuple[str, tuple[str, ...]], ...] = ()  # … each goal and its results' periods
    cover: Cover | None = None  # a ROS
    planlagt: date | None = None  # a revisjon's …
    gjennomfort: date | None = None
    dato: date | None = None  # a ledelsens gjennomgang's

    @classmethod
    def of(cls, record: Any, config: Config) -> Marks:
        if isinstance(record, Avvik):
            cause = record.arsaksanalyse and record.arsaksanalyse.rotarsak
            return cls(record.status, record.type, record.lukket, bool(cause))
        if isinstance(record, Lederavtale):
            goals = tuple((g.id, tuple(r.periode for r in g.resultater)) for g in record.mal)
            return cls(aar=record.aar, signert=record.is_signed, mal=goals)
        if isinstance(record, Ros):
            return cls(cover=Cover.of(record, config))
        if isinstance(record, Revisjon):
            return cls(type=record.type, planlagt=record.planlagt, gjennomfort=record.gjennomfort)
        if isinstance(record, LedelsensGjennomgang):
            return cls(dato=record.dato)
        return cls()

    def to_wire(self) -> tuple[Any, ...]:
        """Plain values for marshal (dates as ordinals)."""
        return (
            self.status,
            self.type,
            _ordinal(self.lukket),
            self.rotarsak,
            self.aar,
            self.signert,
            self.mal,
            self.cover.to_wire() if self.cover else None,
            _ordinal(self.planlagt),
            _ordinal(self.gjennomfort),
            _ordinal(self.dato),
        )

    @classmethod
    def from_wire(cls, wire: tuple[Any, ...]) -> Marks:
        status, type_, lukket, rotarsak, aar, signert, mal, cover, planlagt, done, dato = wire
        return cls(
            status,
            type_,
            _day(lukket),
            rotarsak,
            aar,
            signert,
            tuple((goal, tuple(periods)) for goal, periods in mal),
            Cover.from_wire(cover) if cover is not None else None,
            _day(planlagt),
            _day(done),
            _day(dato),
        )


def _ordinal(day: date | None) -> int | None:
    return day.toordinal() if day else None


def _day(ordinal: int | None) -> date | None:
    return date.fromordinal(ordinal) if ordinal is not None else None


@dataclass(frozen=True)
class Standing:
    """What PUFF reads of one record. The index keeps it for every record (the marks, besides
    the tiltak and deadlines it keeps for `ims tiltak` and `ims check`), so PUFF builds none."""

    id: str
    sort: str  # the kind's name: avvik, ros, lederavtale …
    enhet: str | None
    tiltak: list[TiltakItem]
    # Its deadlines as `ims check` has them (Deadline.to_wire): PUFF weighs open tiltak by
    # itself, so those of the tiltak may be left out (the index keeps them, standings() not)
    deadlines: list[tuple[Any, ...]]
    marks: Marks


def standings(records: Iterable[StoredRecord], config: Config) -> list[Standing]:
    """What PUFF (and the site) reads of records that are built; never of a varsel
    (confidentiality.withheld), as indexed.load_standings."""
    return [
        Standing(
            stored.record.id,
            stored.kind.name,
            getattr(stored.record, "enhet", None),
            list(all_tiltak([stored])),
            [d.to_wire() for d in deadlines.record_own_deadlines(stored, config)],
            Marks.of(stored.record, config),
        )
        for stored in shared(records)
    ]


def _share_level(share: float, yellow: float, red: float) -> str | None:
    if share > red:
        return "rod"
    return "gul" if share > yellow else None


@dataclass(frozen=True)
class _Scope:
    """The records a unit is judged on, their deadlines, and the day."""

    unit: Enhet
    records: list[Standing]
    config: Config
    org: Organisasjon
    day: date

    @property
    def tiltak(self) -> Iterator[TiltakItem]:
        return (item for r in self.records for item in r.tiltak)

    def of(self, sort: str) -> list[Standing]:
        return [r for r in self.records if r.sort == sort]

    def late(self, code: str) -> list[Finding]:
        """The deadlines of one rule passed on the day: the rules of `ims check`, so the two
        never disagree."""
        wires = (w for r in self.records for w in r.deadlines if w[0] == code)
        return deadlines.late_findings(wires, self.day)


def _agreements(scope: _Scope) -> list[Standing] | None:
    """The unit's own lederavtaler for the day's year; None for a unit at a level that has
    none (puff.lederavtale_niva)."""
    day, unit = scope.day, scope.unit
    if unit.niva not in scope.config.puff.lederavtale_niva:
        return None
    return [a for a in scope.of("lederavtale") if a.marks.aar == day.year and a.enhet == unit.id]


def _planlegge(scope: _Scope, phase: Phase) -> None:
    day, unit = scope.day, scope.unit
    agreements = _agreements(scope)
    if agreements is not None:
        if not agreements:
            phase.add("rod", f"ingen lederavtale for {day.year}")
        for agreement in agreements:
            if not agreement.marks.signert:
                phase.add("gul", f"lederavtalen for {day.year} er ikke signert", [agreement.id])
    if unit.niva == "virksomhet":
        covers = [r.marks.cover for r in scope.of("ros") if r.marks.cover]
        (covered,) = coverage(covers, scope.org, scope.config, day, unit.id)
        missing = sum(1 for area in covered.areas if area.status == "mangler")
        level = "rod" if missing >= scope.config.puff.ros_mangler_rod else "gul"
        for area in covered.areas:
            if area.status == "mangler":
                phase.add(level, f"ingen ROS for {word(area.omrade)}")
            elif area.status == "forfalt":
                phase.add(
                    "gul", f"ROS for {word(area.omrade)} er forbi evalueringsdatoen", area.ros
                )
    late = [f.ref or "" for f in scope.late("F003")]
    if late:
        noun = counted(len(late), "prosessbeskrivelse", "prosessbeskrivelser")
        phase.add("gul", f"{noun} forbi revisjonsdatoen", late)


_PERIOD_ENDS = {"1": (6, 30), "2": (12, 31), "T1": (4, 30), "T2": (8, 31), "T3": (12, 31)}


def _period_end(period: str) -> date:
    year, _, part = period.partition("-")
    month, day = _PERIOD_ENDS[part]  # a part of the year: halvår 1–2 or tertial T1–T3
    return date(int(year), month, day)


def _missing_results(periods: tuple[str, ...], year: int, day: date) -> bool:
    """A goal lacks results when the latest ended period of its kind has none. The kind comes
    from the results given (tertial 'T1', halvår '1', or the whole year); with no results at
    all, a goal is late once the first half-year has ended. A result for the whole year counts
    for every period."""
    kinds = {p.partition("-")[2][:1] for p in periods}  # '', '1'/'2', 'T'
    parts = ["T1", "T2", "T3"] if "T" in kinds else ["1", "2"] if kinds & {"1", "2"} else ["1"]
    ended = [p for p in parts if _period_end(f"{year}-{p}") < day]
    reported = {p.partition("-")[2] for p in periods}
    if not kinds:
        return bool(ended)  # nothing reported although half a year has gone
    return bool(ended) and ended[-1] not in reported and str(year) not in periods


def _utfore(scope: _Scope, phase: Phase) -> None:
    day, puff = scope.day, scope.config.puff
    open_items = [i for i in scope.tiltak if i.tiltak.status in OPEN_TILTAK]
    late = [i.ref for i in open_items if i.tiltak.overdue(day)]
    if open_items:
        share = len(late) / len(open_items)
        level = _share_level(share, puff.tiltak_forfalt_gul, puff.tiltak_forfalt_rod)
        if level:
            phase.add(level, f"{len(late)} av {len(open_items)} åpne tiltak er over fristen", late)
    for agreement in scope.of("lederavtale"):
        year = agreement.marks.aar
        if year != day.year:
            continue
        goals = [g for g, periods in agreement.marks.mal if _missing_results(periods, year, day)]
        if goals:
            refs = [f"{agreement.id}/{g}" for g in goals]
            phase.add("gul", f"{len(goals)} mål mangler resultater for perioder som er over", refs)


def _folge_opp(scope: _Scope, phase: Phase) -> None:
    day, config = scope.day, scope.config
    if _agreements(scope) == []:  # a unit that should have one, without: no dialogue was held
        phase.add("rod", f"ingen lederdialog uten lederavtale for {day.year}")
    for late in scope.late("F004"):
        level = "rod" if (late.days_overdue or 0) > config.puff.toleranse_dager else "gul"
        phase.add(level, late.message, [late.ref or ""])
    waiting = [f.ref or "" for f in scope.late("F005")]
    if waiting:
        level = "rod" if len(waiting) >= config.puff.avvik_meldt_rod else "gul"
        days = counted(config.frister.avvik_behandling_dager, "dag", "dager")
        phase.add(level, f"{len(waiting)} avvik ikke behandlet innen {days}", waiting)
    # Only what the kommune carries out itself: a tilsyn the authority has not held yet, or an
    # external audit, is no failure of the unit's.
    undone = [
        r.id
        for r in scope.of("revisjon")
        if r.marks.gjennomfort is None
        and r.marks.planlagt
        and r.marks.planlagt < day
        and r.marks.type == "intern_revisjon"
    ]
    if undone:
        noun = counted(len(undone), "planlagt revisjon", "planlagte revisjoner")
        phase.add("gul", f"{noun} ikke gjennomført", undone)


def _forbedre(scope: _Scope, phase: Phase) -> None:
    day, puff = scope.day, scope.config.puff
    year_ago = add_months(day, -12)
    closed = [
        a
        for a in scope.of("avvik")
        if (m := a.marks).status == "lukket"
        and m.type in NEEDS_ROOT_CAUSE
        and m.lukket
        and m.lukket >= year_ago
    ]
    without = [a.id for a in closed if not a.marks.rotarsak]
    if closed:
        level = _share_level(
            len(without) / len(closed), puff.uten_rotarsak_gul, puff.uten_rotarsak_rod
        )
        if level:
            phase.add(
                level, f"{len(without)} av {len(closed)} lukkede avvik mangler rotårsak", without
            )
    done = [i for i in scope.tiltak if i.tiltak.fullfort and i.tiltak.fullfort >= year_ago]
    unevaluated = [i.ref for i in done if not i.tiltak.evaluering]
    if done:
        level = _share_level(
            len(unevaluated) / len(done), puff.uten_evaluering_gul, puff.uten_evaluering_rod
        )
        if level:
            phase.add(
                level,
                f"{len(unevaluated)} av {len(done)} fullførte tiltak mangler evaluering",
                unevaluated,
            )
    reviews = [g for g in scope.of("lg") if g.enhet == scope.unit.id]
    recent = [g for g in reviews if add_months(g.marks.dato or date.min, puff.lg_maaneder) >= day]
    if not recent and scope.unit.niva in puff.lg_niva:
        tolerated = day - timedelta(days=puff.toleranse_dager)
        lenient = [
            g
            for g in reviews
            if add_months(g.marks.dato or date.min, puff.lg_maaneder) >= tolerated
        ]
        phase.add(
            "gul" if lenient else "rod",
            f"ingen ledelsens gjennomgang de siste {puff.lg_maaneder} månedene",
            [g.id for g in reviews],
        )
    late = [i.ref for g in recent for i in g.tiltak if i.tiltak.overdue(day)]
    if late:
        noun = counted(len(late), "beslutning", "beslutninger")
        phase.add("gul", f"{noun} fra ledelsens gjennomgang er forsinket", late)


class _ByUnit:
    """The records of each unit, in the order given: each unit's are found once, not by
    scanning every record for every unit (100 units × 100 000 records)."""

    def __init__(self, records: list[Standing]) -> None:
        self.position = {id(r): i for i, r in enumerate(records)}
        self.records: dict[str | None, list[Standing]] = {}
        for record in records:
            self.records.setdefault(record.enhet, []).append(record)

    def own(self, unit: Enhet, org: Organisasjon) -> list[Standing]:
        """A virksomhet's records with its avdelingers'; any other unit's own."""
        if unit.niva != "virksomhet":
            return self.records.get(unit.id, [])
        found = [r for u in subtree(org, unit.id) for r in self.records.get(u, [])]
        return sorted(found, key=lambda r: self.position[id(r)])


def _judge(
    unit: Enhet, by_unit: _ByUnit, config: Config, org: Organisasjon, day: date
) -> dict[str, Phase]:
    scope = _Scope(unit, by_unit.own(unit, org), config, org, day)
    phases = {name: Phase() for name in PHASES}
    _planlegge(scope, phases["planlegge"])
    _utfore(scope, phases["utfore"])
    _folge_opp(scope, phases["folge_opp"])
    _forbedre(scope, phases["forbedre"])
    return phases


def needs(day: date, unit: str | None = None) -> Select:
    """The records PUFF looks at on a day: those of a unit (a unit is judged on its own), but
    not the avvik that settled more than the twelve months before it that Forbedre looks back
    (analytics.records.settled); for one unit, only those of the unit and the units below it,
    which are all its status depends on."""
    since = add_months(day, -12)
    return Select(active_since=since, below=unit, of_a_unit=True, every_id=False)


def puff(records: list[Standing], config: Config, org: Organisasjon, day: date) -> list[UnitPuff]:
    """Every unit down to virksomhet, parents before children, with its four phases (of records
    as `standings` gives them, or the index keeps them)."""
    below = children(org)
    units = {u.id: u for u in org.enheter if u.niva != "avdeling"}
    by_unit = _ByUnit(records)
    result: dict[str, UnitPuff] = {}

    def visit(unit_id: str) -> UnitPuff:
        unit = units[unit_id]
        phases = _judge(unit, by_unit, config, org, day)
        kids = [visit(c) for c in below.get(unit_id, []) if c in units]
        for name, phase in phases.items():
            _aggregate(phase, kids, name, config.puff.andel_rod_barn)
        result[unit_id] = UnitPuff(unit.id, unit.navn, unit.niva, unit.overordnet, phases)
        return result[unit_id]

    roots = [u for u in units.values() if u.overordnet is None or u.overordnet not in units]
    order: list[str] = []
    for root in roots:
        visit(root.id)
        stack = [root.id]
        while stack:
            current = stack.pop(0)
            order.append(current)
            stack[:0] = [c for c in below.get(current, []) if c in units]
    return [result[u] for u in order]


def _aggregate(phase: Phase, kids: list[UnitPuff], name: str, red_share: float) -> None:
    if not kids:
        return
    red = [k.enhet for k in kids if k.phases[name].status == "rod"]
    yellow = [k.enhet for k in kids if k.phases[name].status == "gul"]
    if red and len(red) / len(kids) >= red_share:
        phase.add("rod", f"{len(red)} av {len(kids)} underenheter er røde", red)
    elif red or yellow:
        phase.add(
            "gul",
            f"{len(red) + len(yellow)} av {len(kids)} underenheter er ikke grønne",
            red + yellow,
        )
