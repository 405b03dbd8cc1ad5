"""The risk picture: every ROS risk placed in the matrix before and after its tiltak."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import astuple, dataclass
from datetime import date
from typing import Any, Protocol, TypeVar

from ims_cli.analytics.dates import add_months
from ims_cli.analytics.units import ancestor_at, by_id, subtree
from ims_cli.confidentiality import text_for
from ims_cli.config import Config
from ims_cli.models.registers import Organisasjon
from ims_cli.models.ros import Konsekvens, Ros, highest
from ims_cli.store.load import Catalogue, StoredRecord


@dataclass(frozen=True)
class Placement:
    """A cell of the matrix: sannsynlighet, konsekvens (the highest dimension), score, level."""

    sannsynlighet: int
    konsekvens: int
    score: int
    level: str


@dataclass(frozen=True)
class RiskPoint:
    """One ROS risk with everything the risk views show about it."""

    ref: str  # ROS-2026-0007/R3
    ros: str
    enhet: str
    omrade: str
    risikobank: str | None
    trussel: str
    lovbrudd: bool
    gradering: str
    before: Placement
    after: Placement | None  # from restrisiko; None when it is not assessed
    tiltak: tuple[str, ...]  # the statuses of the risk's tiltak

    @property
    def residual(self) -> Placement:
        """Where the risk stands after tiltak; unchanged when no restrisiko is given."""
        return self.after or self.before

    def to_wire(self) -> tuple[Any, ...]:
        """Plain values for marshal (the index keeps them: indexed.load_made)."""
        after = astuple(self.after) if self.after else None
        return (*astuple(self)[:8], astuple(self.before), after, self.tiltak)

    @classmethod
    def from_wire(cls, wire: tuple[Any, ...]) -> RiskPoint:
        ref, ros, enhet, omrade, risikobank, trussel, lovbrudd, gradering, *placed = wire
        before, after, tiltak = placed
        return cls(
            *(ref, ros, enhet, omrade, risikobank, trussel, lovbrudd, gradering),
            Placement(*before),
            Placement(*after) if after else None,
            tuple(tiltak),
        )


@dataclass(frozen=True)
class Assessed:
    """What the risk views need of one ROS: what selects it, its title, and its risks placed."""

    id: str
    enhet: str
    omrade: str
    tittel: str
    gradering: str
    points: tuple[RiskPoint, ...]

    def to_wire(self) -> tuple[Any, ...]:
        head = (self.id, self.enhet, self.omrade, self.tittel, self.gradering)
        return (*head, tuple(p.to_wire() for p in self.points))

    @classmethod
    def from_wire(cls, wire: tuple[Any, ...]) -> Assessed:
        ros, enhet, omrade, tittel, gradering, points = wire
        placed = tuple(RiskPoint.from_wire(p) for p in points)
        return cls(ros, enhet, omrade, tittel, gradering, placed)


def assessing(
    dimension: str | None,
) -> Callable[[Catalogue], Callable[[StoredRecord], list[tuple[Any, ...]]]]:
    """What indexed.load_made makes of each ROS for the risk views (Assessed, as wire), its risks
    placed by the highest consequence or by `dimension`: it depends on the ROS and ims.yaml."""

    def start(repo: Catalogue) -> Callable[[StoredRecord], list[tuple[Any, ...]]]:
        def make(stored: StoredRecord) -> list[tuple[Any, ...]]:
            ros = stored.record
            if not isinstance(ros, Ros):  # every record is, without the index (IMS_NO_CACHE)
                return []
            points = tuple(risk_points([ros], repo.config, dimension))
            made = Assessed(ros.id, ros.enhet, ros.omrade, ros.tittel, ros.gradering, points)
            return [made.to_wire()]

        return make

    return start


def level_label(name: str) -> str:
    """A risk level as people write it: the config's ASCII key 'hoy' is shown as 'høy'."""
    words = {"hoy": "høy", "hoyest": "høyest", "svart": "svært", "svaert": "svært"}
    return " ".join(words.get(w, w) for w in name.split("_"))


def abbreviations(config: Config) -> dict[str, str]:
    """Short level names for output without colour: the shortest unique upper-case prefixes."""
    names = [n.navn for n in config.risiko.nivaer]
    for length in range(1, max(len(n) for n in names) + 1):
        short = {n: n[:length].upper() for n in names}
        if len(set(short.values())) == len(names):
            return short
    return {n: n for n in names}


def band(config: Config, level: str) -> int:
    """0, 1 or 2: whether a level is drawn as low (green), middle (yellow) or high (red); with
    more than three levels the lowest third is green and the highest third red."""
    top = max(len(config.risiko.nivaer) - 1, 1)
    share = config.risiko.rank(level) / top
    return 0 if share < 1 / 3 else (1 if share < 2 / 3 else 2)


def place(sannsynlighet: int, konsekvens: int, config: Config) -> Placement:
    score = sannsynlighet * konsekvens
    return Placement(
        sannsynlighet, konsekvens, score, config.risiko.cell_level(sannsynlighet, konsekvens)
    )


def _grade(konsekvens: Konsekvens, dimension: str | None) -> int | None:
    """The consequence that places a risk: the highest, or that of one dimension (None when the
    risk is not assessed in it; a single number stands for every dimension)."""
    if dimension is None or isinstance(konsekvens, int):
        return highest(konsekvens)
    return konsekvens.get(dimension)


def risk_points(
    analyses: Iterable[Ros], config: Config, dimension: str | None = None
) -> list[RiskPoint]:
    """Every risk placed in the matrix by its highest consequence, or with `dimension` by its
    consequence in that dimension (ims.yaml verdier.konsekvens), only the risks assessed in it."""
    points = []
    for ros in analyses:
        for risk in ros.risikoer:
            grade = _grade(risk.konsekvens, dimension)
            if grade is None or (dimension and isinstance(risk.konsekvens, int)):
                continue
            rest = risk.restrisiko
            rest_grade = _grade(rest.konsekvens, dimension) if rest else None
            after = place(rest.sannsynlighet, rest_grade, config) if rest and rest_grade else None
            points.append(
                RiskPoint(
                    ref=f"{ros.id}/{risk.id}",
                    ros=ros.id,
                    enhet=ros.enhet,
                    omrade=ros.omrade,
                    risikobank=risk.risikobank,
                    trussel=risk.trussel,
                    lovbrudd=risk.lovbrudd,
                    gradering=ros.gradering,
                    before=place(risk.sannsynlighet, grade, config),
                    after=after,
                    # one that is the same as another record's tiltak has its status there
                    tiltak=tuple(getattr(t, "status", "samme_som") for t in risk.tiltak),
                )
            )
    return points


@dataclass(frozen=True)
class Selection:
    """Which risks a view shows; every part is optional."""

    ros: str | None = None
    enhet: str | None = None  # with every unit below it
    omrade: str | None = None
    risikobank: str | None = None
    dimensjon: str | None = None  # placed by this consequence dimension, not the highest


class Selectable(Protocol):
    """What selects a ROS: a Ros, or what the index keeps of one (Assessed)."""

    @property
    def id(self) -> str: ...

    @property
    def enhet(self) -> str: ...

    @property
    def omrade(self) -> str: ...


S = TypeVar("S", bound=Selectable)


def select(analyses: Iterable[S], selection: Selection, org: Organisasjon | None) -> list[S]:
    units = subtree(org, selection.enhet) if selection.enhet else None
    return [
        ros
        for ros in analyses
        if (selection.ros is None or ros.id == selection.ros)
        and (units is None or ros.enhet in units)
        and (selection.omrade is None or ros.omrade == selection.omrade)
    ]


def filter_points(points: Iterable[RiskPoint], selection: Selection) -> list[RiskPoint]:
    return [p for p in points if selection.risikobank in (None, p.risikobank)]


@dataclass(frozen=True)
class Cell:
    sannsynlighet: int
    konsekvens: int
    score: int
    level: str
    risks: tuple[str, ...]


def matrix(points: Iterable[RiskPoint], config: Config, after: bool = False) -> list[Cell]:
    """Every cell of the matrix, highest sannsynlighet first, with the risks placed in it."""
    placed: dict[tuple[int, int], list[str]] = {}
    for point in points:
        where = point.residual if after else point.before
        placed.setdefault((where.sannsynlighet, where.konsekvens), []).append(point.ref)
    rows, columns = len(config.risiko.sannsynlighet), len(config.risiko.konsekvens)
    return [
        Cell(s, k, s * k, config.risiko.cell_level(s, k), tuple(placed.get((s, k), ())))
        for s in range(rows, 0, -1)
        for k in range(1, columns + 1)
    ]


def top(points: Iterable[RiskPoint], config: Config, count: int) -> list[RiskPoint]:
    """The highest risks before tiltak: by score, then level, then the risk's id."""
    return sorted(
        points,
        key=lambda p: (-p.before.score, -config.risiko.rank(p.before.level), p.ref),
    )[:count]


def next_evaluation(ros: Ros, config: Config) -> date:
    """neste_evaluering, or dato plus ros_evaluering_maaneder."""
    if ros.neste_evaluering is not None:
        return ros.neste_evaluering
    return add_months(ros.dato, config.frister.ros_evaluering_maaneder)


@dataclass(frozen=True)
class AreaStatus:
    omrade: str
    status: str  # "ok" | "forfalt" | "mangler"
    ros: tuple[str, ...]  # the analyses that cover the area, newest first


@dataclass(frozen=True)
class UnitCoverage:
    enhet: str
    navn: str
    tjenesteomrade: str | None
    areas: tuple[AreaStatus, ...]


@dataclass(frozen=True)
class Cover:
    """What the coverage of an area needs of a ROS (the index keeps it, for PUFF)."""

    id: str
    enhet: str
    omrade: str
    dato: date
    due: date  # when it is to be evaluated: next_evaluation

    @classmethod
    def of(cls, ros: Ros, config: Config) -> Cover:
        return cls(ros.id, ros.enhet, ros.omrade, ros.dato, next_evaluation(ros, config))

    def to_wire(self) -> tuple[Any, ...]:
        """Plain values for marshal (dates as ordinals)."""
        return (self.id, self.enhet, self.omrade, self.dato.toordinal(), self.due.toordinal())

    @classmethod
    def from_wire(cls, wire: tuple[Any, ...]) -> Cover:
        ros, enhet, omrade, dato, due = wire
        return cls(ros, enhet, omrade, date.fromordinal(dato), date.fromordinal(due))


def coverage(
    analyses: Iterable[Cover], org: Organisasjon, config: Config, day: date, root: str | None
) -> list[UnitCoverage]:
    """For each virksomhet (under root, if given): is each required area covered by a ROS of the
    virksomhet or a unit below it that is within its evaluation date?"""
    analyses = list(analyses)
    scope = subtree(org, root) if root else None
    result = []
    for unit in org.enheter:
        if unit.niva != "virksomhet" or (scope is not None and unit.id not in scope):
            continue
        own = subtree(org, unit.id)
        mine = sorted((r for r in analyses if r.enhet in own), key=lambda r: r.dato, reverse=True)
        areas = []
        for omrade in config.risiko.pakrevde_omrader:
            covering = [r for r in mine if r.omrade == omrade]
            if not covering:
                status = "mangler"
            elif any(r.due >= day for r in covering):
                status = "ok"
            else:
                status = "forfalt"
            areas.append(AreaStatus(omrade, status, tuple(r.id for r in covering)))
        result.append(
            UnitCoverage(
                unit.id, unit.navn, ancestor_at(org, unit.id, "tjenesteomrade"), tuple(areas)
            )
        )
    return result


def overdue_evaluations(analyses: Iterable[Ros], config: Config, day: date) -> list[Ros]:
    """Analyses past their evaluation date, the most overdue first."""
    late = [r for r in analyses if next_evaluation(r, config) < day]
    return sorted(late, key=lambda r: (next_evaluation(r, config), r.id))


def risikobank_by_area(
    points: Iterable[RiskPoint], org: Organisasjon | None
) -> dict[str, list[str]]:
    """The risikobank categories each tjenesteområde has assessed (in any of its units' ROS)."""
    found: dict[str, set[str]] = {}
    areas = {u: ancestor_at(org, u, "tjenesteomrade") for u in by_id(org)}  # once per unit
    for point in points:
        area = areas.get(point.enhet)
        if area and point.risikobank:
            found.setdefault(area, set()).add(point.risikobank)
    return {area: sorted(categories) for area, categories in sorted(found.items())}


@dataclass(frozen=True)
class CoverageReport:
    """What `ims risk dekning` shows: areas per virksomhet, late evaluations, risikobank use."""

    day: date
    areas: tuple[str, ...]
    units: tuple[UnitCoverage, ...]
    overdue: tuple[tuple[str, str, date], ...]  # (ROS id, tittel as shown, when it was due)
    risikobank: dict[str, list[str]]


def coverage_report(
    analyses: Iterable[Ros],
    org: Organisasjon,
    config: Config,
    day: date,
    root: str | None,
    *,
    audience: str = "intern",
) -> CoverageReport:
    """Which virksomheter have a valid ROS for each required area; the late evaluations with
    their titles as the audience may read them (confidentiality)."""
    scoped = select(analyses, Selection(enhet=root), org)
    late = overdue_evaluations(scoped, config, day)
    return CoverageReport(
        day,
        tuple(config.risiko.pakrevde_omrader),
        tuple(coverage([Cover.of(r, config) for r in scoped], org, config, day, root)),
        tuple(
            (r.id, text_for(r.tittel, r.gradering, audience) or "", next_evaluation(r, config))
            for r in late
        ),
        risikobank_by_area(risk_points(scoped, config), org),
    )
