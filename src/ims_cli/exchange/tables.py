"""The tables `ims export` writes to Excel and CSV: one row per avvik or per tiltak, Norwegian
column titles, people and units by name, dates as dates, and the overdue rows marked.

What may leave the repository is decided by the one policy (confidentiality.py): the text of a
record the audience may not read is replaced by «(gradert)», its row still counted, and every
national id number is masked wherever it stands.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from ims_cli.analytics.dates import add_months
from ims_cli.analytics.management_review import goal_status
from ims_cli.analytics.records import RecordFilter, chosen, listed
from ims_cli.analytics.risk import band, next_evaluation, risk_points
from ims_cli.analytics.tiltak import TiltakItem
from ims_cli.analytics.units import person_names, subtree, unit_names
from ims_cli.confidentiality import field_for, masked, shared, visible
from ims_cli.config import Config
from ims_cli.models.avvik import Avvik
from ims_cli.models.common import OPEN_TILTAK
from ims_cli.models.lederavtale import Lederavtale
from ims_cli.models.registers import LovkravRegister, Organisasjon
from ims_cli.models.revisjon import Revisjon
from ims_cli.models.ros import Ros
from ims_cli.store.index import Select
from ims_cli.store.load import Repository, StoredRecord
from ims_cli.store.workbook import DAY, NUMBER, Column, Table
from ims_cli.words import word


class _Names:
    """People and units by name; an id the registers do not know is shown as it is."""

    def __init__(self, org: Organisasjon | None) -> None:
        self.people = person_names(org)
        self.units = unit_names(org)

    def person(self, person: str | None) -> str | None:
        return self.people.get(person, person) if person else None

    def unit(self, unit: str | None) -> str | None:
        return self.units.get(unit, unit) if unit else None


AVVIK_COLUMNS = (
    Column("Id"),
    Column("Tittel"),
    Column("Type"),
    Column("Kategori"),
    Column("Underkategori"),  # only when ims.yaml has sub-categories (avvik_table)
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


Line = tuple[tuple[Any, ...], bool, bool]  # a row, whether it is overdue, whether text is hidden
Start = Callable[[Repository], Callable[[StoredRecord], list[Line]]]  # see indexed.load_made


def _avvik_line(a: Avvik, names: _Names, request: Request) -> Line:
    """An avvik's row; it is overdue with a tiltak over its frist on the day."""
    shown, f = visible(a.gradering, request.audience), _reader(a.gradering, request)
    tiltak = [t for _, t in a.all_tiltak()]  # one the same as another record's is counted there
    late = sum(t.overdue(request.day) for t in tiltak)
    row = (
        *(a.id, f(a, "tittel"), word(a.type)),
        *(word(a.kategori), word(a.underkategori) or None, a.alvorlighet),
        *(names.unit(a.enhet), a.meldt),
        *(names.person(f(a, "meldt_av")), word(a.kilde) or None, f(a, "prosess")),
        *(word(a.status), a.lukket, f(a.arsaksanalyse, "rotarsak")),
        *(len(tiltak), sum(t.status in OPEN_TILTAK for t in tiltak), late),
        word(a.gradering),
    )
    return masked(row), late > 0, not shown


def _reader(gradering: str, request: Request) -> Callable[[Any, str], Any]:
    """Reads a field of a record (or of a part of it) as the audience may see it: free text (as
    the model's type says, models.fields) through the policy, codes as they are."""

    def read(owner: Any, name: str) -> Any:
        return None if owner is None else field_for(owner, name, gradering, request.audience)

    return read


def avvik_lines(wanted: RecordFilter, enhet: str | None, request: Request) -> Start:
    """What indexed.load_made makes of each avvik: its row when it passes the filters of
    `ims list avvik` (`enhet` with the units below it)."""

    def start(repo: Repository) -> Callable[[StoredRecord], list[Line]]:
        names = _Names(repo.organisasjon)
        units = subtree(repo.organisasjon, enhet) if enhet else None
        chosen_by = replace(wanted, units=units)

        def line(stored: StoredRecord) -> list[Line]:
            if not isinstance(stored.record, Avvik) or not chosen([listed(stored)], chosen_by):
                return []
            return [_avvik_line(stored.record, names, request)]

        return line

    return start


_SUB_CATEGORY = [c.title for c in AVVIK_COLUMNS].index("Underkategori")


def avvik_table(lines: Iterable[Line], request: Request, config: Config) -> Table:
    """One row per avvik, by id; with a sub-category column when ims.yaml has sub-categories."""
    by_id = sorted(lines, key=lambda line: line[0][0])
    columns = AVVIK_COLUMNS
    if not config.verdier.avvik_underkategori:
        columns = _without(columns, _SUB_CATEGORY)
        by_id = [(_without(row, _SUB_CATEGORY), late, hid) for row, late, hid in by_id]
    return _table("Avvik", columns, by_id, request, "avvik med tiltak over fristen")


def _without(values: tuple[Any, ...], index: int) -> tuple[Any, ...]:
    return values[:index] + values[index + 1 :]


def _table(
    title: str, columns: tuple[Column, ...], lines: list[Line], request: Request, marked: str
) -> Table:
    hidden = sum(hid for _, _, hid in lines)
    notes = _notes(title.lower(), marked, request, hidden)
    rows, overdue = tuple(r for r, _, _ in lines), tuple(o for _, o, _ in lines)
    return Table(title, columns, rows, overdue, notes, hidden)


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
    lines = [_tiltak_line(item, names, request) for item in shared(items)]
    return _table("Tiltak", TILTAK_COLUMNS, lines, request, "tiltak over fristen")


def _tiltak_line(item: TiltakItem, names: _Names, request: Request) -> Line:
    tiltak, f = item.tiltak, _reader(item.gradering, request)
    days = item.days_overdue(request.day)
    row = (
        *(item.ref, word(item.kilde), names.unit(item.enhet)),
        *(f(tiltak, "beskrivelse"), word(tiltak.type) or None),
        *(names.person(tiltak.ansvarlig), tiltak.frist, word(tiltak.status), tiltak.fullfort),
        *(days or None, f(tiltak, "evaluering")),
    )
    return masked(row), days > 0, not visible(item.gradering, request.audience)


AGREEMENT_COLUMNS = (
    Column("Id"),
    Column("År", NUMBER),
    Column("Enhet"),
    Column("Leder"),
    Column("Overordnet"),
    Column("Signert av leder", DAY),
    Column("Signert av overordnet", DAY),
    Column("Mål", NUMBER),
    Column("Grønne", NUMBER),
    Column("Gule", NUMBER),
    Column("Røde", NUMBER),
    Column("Uten resultat", NUMBER),
    Column("Siste lederdialog", DAY),
    Column("Åpne tiltak", NUMBER),
    Column("Forfalte tiltak", NUMBER),
    Column("Gradering"),
)


def _agreement_line(a: Lederavtale, names: _Names, request: Request) -> Line:
    """A lederavtale's row: its goals by status (the latest result against malverdi and
    akseptabelt, as in the report); it is overdue with a tiltak over its frist."""
    statuses = Counter(
        goal_status(g, g.resultater[-1].verdi if g.resultater else None) for g in a.mal
    )
    signed = a.signert
    tiltak = [t for _, t in a.all_tiltak()]
    late = sum(t.overdue(request.day) for t in tiltak)
    row = (
        *(a.id, a.aar, names.unit(a.enhet), names.person(a.leder), names.person(a.overordnet)),
        *(signed.leder if signed else None, signed.overordnet if signed else None, len(a.mal)),
        *(statuses["gronn"], statuses["gul"], statuses["rod"], statuses["mangler"]),
        max((d.dato for d in a.lederdialog), default=None),
        *(sum(t.status in OPEN_TILTAK for t in tiltak), late, word(a.gradering)),
    )
    return masked(row), late > 0, not visible(a.gradering, request.audience)


def agreement_lines(year: int | None, enhet: str | None, request: Request) -> Start:
    """What indexed.load_made makes of each lederavtale: its row, when it is of the year (if
    given) and of the unit or one below it (if given)."""

    def start(repo: Repository) -> Callable[[StoredRecord], list[Line]]:
        names = _Names(repo.organisasjon)
        units = subtree(repo.organisasjon, enhet) if enhet else None

        def line(stored: StoredRecord) -> list[Line]:
            a = stored.record
            if not isinstance(a, Lederavtale) or year not in (None, a.aar):
                return []
            if units is not None and a.enhet not in units:
                return []
            return [_agreement_line(a, names, request)]

        return line

    return start


def agreements_table(lines: Iterable[Line], request: Request) -> Table:
    """One row per lederavtale, by id."""
    by_id = sorted(lines, key=lambda line: line[0][0])
    title = "Lederavtaler"
    return _table(title, AGREEMENT_COLUMNS, by_id, request, "lederavtaler med tiltak over fristen")


ROS_COLUMNS = (
    Column("Id"),
    Column("Tittel"),
    Column("Enhet"),
    Column("Område"),
    Column("Dato", DAY),
    Column("Ansvarlig"),
    Column("Neste evaluering", DAY),
    Column("Risikoer", NUMBER),
    Column("Høyeste R før tiltak", NUMBER),
    Column("Høyeste R etter tiltak", NUMBER),
    Column("Høy risiko før tiltak", NUMBER),
    Column("Høy risiko etter tiltak", NUMBER),
    Column("Åpne tiltak", NUMBER),
    Column("Forfalte tiltak", NUMBER),
    Column("Gradering"),
)


def _ros_line(ros: Ros, names: _Names, config: Config, request: Request) -> Line:
    """A ROS's row: its risks before and after tiltak (how many are at the highest colour of
    the matrix); it is overdue when its evaluation or one of its tiltak is."""
    points = risk_points([ros], config)
    high_before = sum(band(config, p.before.level) == 2 for p in points)
    high_after = sum(band(config, p.residual.level) == 2 for p in points)
    tiltak = [t for _, t in ros.all_tiltak()]
    late = sum(t.overdue(request.day) for t in tiltak)
    due = next_evaluation(ros, config)
    row = (
        *(ros.id, _reader(ros.gradering, request)(ros, "tittel"), names.unit(ros.enhet)),
        *(word(ros.omrade), ros.dato, names.person(ros.ansvarlig), due, len(points)),
        max((p.before.score for p in points), default=None),
        max((p.residual.score for p in points), default=None),
        *(high_before, high_after, sum(t.status in OPEN_TILTAK for t in tiltak), late),
        word(ros.gradering),
    )
    return masked(row), late > 0 or due < request.day, not visible(ros.gradering, request.audience)


def ros_lines(omrade: str | None, enhet: str | None, request: Request) -> Start:
    """What indexed.load_made makes of each ROS: its row, when it is of the area (if given) and
    of the unit or one below it (if given)."""

    def start(repo: Repository) -> Callable[[StoredRecord], list[Line]]:
        names = _Names(repo.organisasjon)
        units = subtree(repo.organisasjon, enhet) if enhet else None

        def line(stored: StoredRecord) -> list[Line]:
            ros = stored.record
            if not isinstance(ros, Ros) or omrade not in (None, ros.omrade):
                return []
            if units is not None and ros.enhet not in units:
                return []
            return [_ros_line(ros, names, repo.config, request)]

        return line

    return start


def ros_table(lines: Iterable[Line], request: Request) -> Table:
    """One row per ROS, by id."""
    by_id = sorted(lines, key=lambda line: line[0][0])
    marked = "ROS med evaluering eller tiltak over fristen"
    return _table("ROS", ROS_COLUMNS, by_id, request, marked)


LAW_COLUMNS = (
    Column("Id"),
    Column("Tittel"),
    Column("Kilde"),
    Column("Prosesser"),
    Column("ROS"),
    Column("Revisjoner og tilsyn"),
    Column("Avvik", NUMBER),
    Column("Avvik siste år", NUMBER),
)


def law_references(stored: StoredRecord) -> list[tuple[str, str, str, date | None]]:
    """(lovkrav, kind, record id, reported) for each lovkrav a record names (a ROS for any of
    its risks, a revisjon for any of its funn): what indexed.load_made makes of each record."""
    record: Any = stored.record
    named = set(getattr(record, "lovkrav", []))
    if isinstance(record, Ros):
        named |= {law for risk in record.risikoer for law in risk.lovkrav}
    if isinstance(record, Revisjon):
        named |= {law for funn in record.funn for law in funn.lovkrav}
    reported = record.meldt if isinstance(record, Avvik) else None
    return [(law, stored.kind.name, record.id, reported) for law in sorted(named)]


def laws_table(
    register: LovkravRegister | None,
    references: Iterable[tuple[str, str, str, date | None]],
    request: Request,
) -> Table:
    """One row per lovkrav of the register: the processes, ROS and audits that name it, and how
    many avvik do (in all and in the year up to the day); it is marked when nothing names it."""
    by_law: dict[str, dict[str, list[str]]] = {}
    recent: Counter[str] = Counter()
    year_ago = add_months(request.day, -12)
    for law, kind, record_id, reported in references:
        by_law.setdefault(law, {}).setdefault(kind, []).append(record_id)
        recent[law] += bool(reported and year_ago < reported <= request.day)
    lines = []
    for known in register.lovkrav if register else []:
        named = by_law.get(known.id, {})
        row = (
            *(known.id, known.tittel, known.kilde),
            *(", ".join(sorted(named.get(k, []))) or None for k in ("prosess", "ros", "revisjon")),
            *(len(named.get("avvik", [])), recent[known.id]),
        )
        lines.append((masked(row), not named, False))
    return _table("Lovkrav", LAW_COLUMNS, lines, request, "lovkrav som ingen post viser til")


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
