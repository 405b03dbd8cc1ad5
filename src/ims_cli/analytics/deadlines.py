"""Deadlines CI gates on: overdue tiltak, ROS evaluations, process revisions, lederdialog and
avvik left unhandled. A record past its date is still valid; being late is a finding of its own.

Each record's deadlines are worked out once, without the day (`record_deadlines`), so they can be
cached with the record; which of them are late is then a comparison of dates (`late_findings`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from ims_cli.analytics.dates import add_months
from ims_cli.analytics.duties import (
    breach_deadline,
    breach_found,
    event_due,
    happened,
    injury_due,
)
from ims_cli.analytics.risk import next_evaluation
from ims_cli.analytics.tiltak import all_tiltak
from ims_cli.codes import severity
from ims_cli.confidentiality import graded, quote
from ims_cli.config import Config
from ims_cli.findings import Finding, Path
from ims_cli.kinds import Due
from ims_cli.models.avvik import Avvik
from ims_cli.models.lederavtale import Lederavtale
from ims_cli.models.ovelse import Ovelse
from ims_cli.models.prosess import Prosess
from ims_cli.models.registers import LovkravRegister, Organisasjon
from ims_cli.models.revisjon import Revisjon
from ims_cli.models.ros import Ros
from ims_cli.models.vernerunde import Vernerunde
from ims_cli.models.vocabulary import ORDER_FUNN
from ims_cli.store.load import Catalogue, StoredRecord, places
from ims_cli.words import day as shown

# Where Deadline.to_wire puts the dates, as ordinals: lateness is decided on the plain values.
CODE, DUE, UNIT, START, END = 0, 3, 6, 8, 9
# Deadlines told ahead, as a warning, on each day of their window up to and including the day
# they run out (a breach's 72 hours); the finding that they were missed is another code.
AHEAD = frozenset({"F009"})


@dataclass(frozen=True, slots=True)
class Deadline:
    """A date a record must act by: late on a day after it, if that day is within the window
    (a lederdialog is due six months after the last one held, so each stretch between two
    dialogues has a deadline of its own)."""

    code: str
    file: str
    path: Path
    due: date
    message: str
    ref: str
    unit: str | None
    owner: str | None
    start: date = date.min  # the window: start <= day < end
    end: date = date.max
    line: int | None = None  # where path stands in the file, when the loader kept it
    column: int | None = None
    graded: bool = False  # the record's text is confidential (see confidentiality)

    def to_wire(self) -> tuple[Any, ...]:
        """Plain values for marshal (dates as ordinals)."""
        return (
            self.code,
            self.file,
            self.path,
            self.due.toordinal(),
            self.message,
            self.ref,
            self.unit,
            self.owner,
            self.start.toordinal(),
            self.end.toordinal(),
            self.line,
            self.column,
            self.graded,
        )

    @classmethod
    def from_wire(cls, wire: tuple[Any, ...]) -> Deadline:
        code, file, path, due, message, ref, unit, owner, start, end, line, column, graded = wire
        day = date.fromordinal
        return cls(
            code,
            file,
            path,
            day(due),
            message,
            ref,
            unit,
            owner,
            day(start),
            day(end),
            line,
            column,
            graded,
        )


def late_findings(wires: Iterable[tuple[Any, ...]], day: date) -> list[Finding]:
    """The deadlines late on a day, as findings; given as Deadline.to_wire gives them and decided
    on those plain values, as most deadlines of a large repository are not late."""
    ordinal = day.toordinal()
    return [
        _finding(wire, day)
        for wire in wires
        if wire[START] <= ordinal < wire[END]
        and (wire[DUE] < ordinal if wire[CODE] not in AHEAD else wire[DUE] >= ordinal)
    ]


def _finding(wire: tuple[Any, ...], day: date) -> Finding:
    code, file, path, due_ordinal, message, ref, unit, owner, _, _, line, column, graded = wire
    due = date.fromordinal(due_ordinal)
    days = (day - due).days
    if code not in AHEAD:  # one told ahead says when it runs out itself
        message = f"{message} ({days} {'dag' if days == 1 else 'dager'} over fristen {shown(due)})"
    return Finding(
        code, severity(code), file, message, ref, line, column, path, due, days, unit, owner, graded
    )


def _deadline(
    code: str, stored: StoredRecord, path: Path, due: date, message: str, **more: Any
) -> Deadline:
    return Deadline(
        code,
        stored.path,
        path,
        due,
        " ".join(message.split()),  # on one line
        more.pop("ref", None) or stored.record.id,
        getattr(stored.record, "enhet", None),
        more.pop("owner", None),
        **more,
        graded=graded(getattr(stored.record, "gradering", None)),
    )


def _tiltak(stored: StoredRecord) -> Iterator[Deadline]:
    for item in all_tiltak([stored]):
        if item.tiltak.overdue(date.max):  # open: it can be late
            yield _deadline(
                "F001",
                stored,
                (*item.path, "frist"),
                item.tiltak.frist,
                f"tiltaket {quote(item.tiltak.beskrivelse, stored.record.gradering)} er ikke "
                "fullført",
                ref=item.ref,
                owner=item.tiltak.ansvarlig,
            )


def process_revision(process: Prosess, config: Config) -> date:
    """When a process is due for revision: neste_revisjon, or godkjent plus the set months; the
    beredskapsplan at the latest frister.beredskapsplan_maaneder after godkjent."""
    months = config.frister.prosess_revisjon_maaneder
    due = process.neste_revisjon or add_months(process.godkjent, months)
    if process.beredskapsplan:
        return min(due, add_months(process.godkjent, config.frister.beredskapsplan_maaneder))
    return due


def _dialogues(stored: StoredRecord, record: Lederavtale, months: int) -> Iterator[Deadline]:
    """An agreement needs a lederdialog every lederdialog_maaneder in its year, counted from the
    last one held, or from the start of the year when there has been none."""
    year_start, year_end = date(record.aar, 1, 1), date(record.aar + 1, 1, 1)
    held = sorted(d.dato for d in record.lederdialog)
    # The stretches between dialogues held: from each one (or the year's start) to the next.
    lasts: list[date | None] = [None, *held]
    for last, until in zip(lasts, [*held, year_end], strict=True):
        start, end = max(last or year_start, year_start), min(until, year_end)
        if start >= end:
            continue
        what = f"siste lederdialog var {shown(last)}" if last else "ingen lederdialog i år"
        yield _deadline(
            "F004",
            stored,
            ("lederdialog",) if last else ("aar",),
            add_months(last or year_start, months),
            f"lederdialog mangler: {what}",
            owner=record.overordnet,
            start=start,
            end=end,
        )


def record_deadlines(stored: StoredRecord, config: Config) -> list[Deadline]:
    """Every deadline of one record, late or not."""
    return [*_tiltak(stored), *record_own_deadlines(stored, config)]


def record_own_deadlines(stored: StoredRecord, config: Config) -> list[Deadline]:
    """The deadlines of one record that are not its tiltak's (F002–F007, and those its kind
    gives), late or not."""
    record = stored.record
    found = []
    if isinstance(record, Ros):
        found.append(
            _deadline(
                "F002",
                stored,
                ("neste_evaluering",) if record.neste_evaluering else ("dato",),
                next_evaluation(record, config),
                f"ROS-en {quote(record.tittel, record.gradering)} skulle vært evaluert",
                owner=record.ansvarlig,
            )
        )
    elif isinstance(record, Prosess):
        found.append(
            _deadline(
                "F003",
                stored,
                ("neste_revisjon",) if record.neste_revisjon else ("godkjent",),
                process_revision(record, config),
                f"prosessen {quote(record.tittel, record.gradering)} skulle vært revidert"
                + (
                    " (beredskapsplanen revideres minst én gang i året, forskrift om kommunal "
                    "beredskapsplikt § 6)"
                    if record.beredskapsplan
                    else ""
                ),
                owner=record.eier,
            )
        )
    elif isinstance(record, Lederavtale):
        found += _dialogues(stored, record, config.frister.lederdialog_maaneder)
    elif isinstance(record, Avvik):
        found += _avvik_deadlines(stored, record, config)
    elif isinstance(record, Vernerunde):
        found.append(_next_round(stored, record, config))
    elif isinstance(record, Ovelse):
        found.append(_next_exercise(stored, record, config))
    elif isinstance(record, Revisjon):
        found += _orders(stored, record)
    found += (_due(stored, due) for due in stored.kind.deadlines(record, config))
    return found


def _due(stored: StoredRecord, due: Due) -> Deadline:
    """A deadline a kind gives as data (Kind.deadlines)."""
    return _deadline(
        due.code,
        stored,
        due.path,
        due.due,
        due.message,
        ref=due.ref,
        owner=due.owner,
        start=due.start,
        end=due.end,
    )


# Deadlines of which only the latest counts, by what they are of: a virksomhet's next
# vernerunde is due after its latest one (F013, per unit), the kommune's next øvelse after the
# latest øvelse (F014). Each record gives one (`record_deadlines`); `latest` keeps the one.
NEXT_ROUND, NEXT_EXERCISE = "F013", "F014"
RECURRING = {NEXT_ROUND: True, NEXT_EXERCISE: False}  # code: counted per unit


def _next_round(stored: StoredRecord, record: Vernerunde, config: Config) -> Deadline:
    months = config.frister.vernerunde_maaneder
    return _deadline(
        "F013",
        stored,
        ("dato",),
        add_months(record.dato, months),
        f"{record.enhet} har ikke hatt vernerunde siden {shown(record.dato)} "
        f"(frister.vernerunde_maaneder: {months}; internkontrollforskriften § 5 og "
        "arbeidsmiljøloven § 3-1); gå vernerunden med verneombudet og lag posten med "
        f"«ims new vernerunde --enhet {record.enhet}»",
        start=record.dato,
    )


def _next_exercise(stored: StoredRecord, record: Ovelse, config: Config) -> Deadline:
    months = config.frister.ovelse_maaneder
    return _deadline(
        "F014",
        stored,
        ("dato",),
        add_months(record.dato, months),
        f"kommunen har ikke øvd beredskapsplanen siden {shown(record.dato)} "
        f"(frister.ovelse_maaneder: {months}; forskrift om kommunal beredskapsplikt § 7: minst "
        "annethvert år); hold en øvelse og lag posten med «ims new ovelse»",
        start=record.dato,
    )


def latest(wires: Iterable[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Deadlines as Deadline.to_wire gives them, of the RECURRING ones only the latest of each
    unit (or of the kommune): an older vernerunde is not late when a newer one was held."""
    kept: list[tuple[Any, ...]] = []
    newest: dict[tuple[str, str | None], tuple[Any, ...]] = {}
    for wire in wires:
        per_unit = RECURRING.get(wire[CODE])
        if per_unit is None:
            kept.append(wire)
            continue
        key = (wire[CODE], wire[UNIT] if per_unit else None)
        if key not in newest or wire[DUE] > newest[key][DUE]:
            newest[key] = wire
    return kept + list(newest.values())


def rounds_missing(
    org: Organisasjon | None, wires: Iterable[tuple[Any, ...]], config: Config
) -> list[Deadline]:
    """F013 for each virksomhet with no vernerunde at all, due frister.vernerunde_maaneder after
    the first vernerunde the repository holds (before it records any, nothing is followed up),
    placed at the unit in organisasjon.yaml."""
    rounds = [w for w in wires if w[CODE] == "F013"]
    if not rounds or org is None:
        return []
    first = date.fromordinal(min(w[START] for w in rounds))
    held = {w[UNIT] for w in rounds}
    months = config.frister.vernerunde_maaneder
    return [
        Deadline(
            "F013",
            ORGANISATION_FILE,
            ("enheter", index),
            add_months(first, months),
            f"{unit.id} har ingen vernerunde (internkontrollforskriften § 5 og "
            "arbeidsmiljøloven § 3-1: hver virksomhet går vernerunde, frister.vernerunde_maaneder: "
            f"{months}); gå vernerunden med verneombudet og lag posten med «ims new vernerunde "
            f"--enhet {unit.id}»",
            unit.id,
            unit.id,
            unit.leder,
        )
        for index, unit in enumerate(org.enheter)
        if unit.niva == "virksomhet" and unit.id not in held
    ]


def across(catalogue: Catalogue, wires: Iterable[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Every record's deadlines (as Deadline.to_wire gives them) as they hold together: of the
    recurring ones only the latest (`latest`), and F013 for a virksomhet that has had no
    vernerunde at all, placed at the unit in organisasjon.yaml."""
    every = list(wires)
    kept = latest(every)
    missing = rounds_missing(catalogue.organisasjon, every, catalogue.config)
    if not missing:
        return kept
    at = places(catalogue.root, ORGANISATION_FILE, [d.path for d in missing])
    return kept + [
        replace(d, line=line, column=column).to_wire()
        for d, (line, column) in zip(missing, at, strict=True)
    ]


def _orders(stored: StoredRecord, record: Revisjon) -> Iterator[Deadline]:
    """F016: a pålegg from a tilsyn not closed (lukket) by its frist."""
    for index, funn in enumerate(record.funn):
        if funn.type == ORDER_FUNN and funn.frist is not None and funn.lukket is None:
            yield _deadline(
                "F016",
                stored,
                ("funn", index, "frist"),
                funn.frist,
                f"pålegget {funn.id} i {quote(record.tittel, record.gradering)} er ikke lukket; "
                "rett forholdet, svar tilsynsmyndigheten, og før inn «lukket» med "
                "datoen tilsynet lukket pålegget",
                ref=f"{record.id}/{funn.id}",
            )


NOTIFIED = (("varslet_arbeidstilsynet", "Arbeidstilsynet"), ("varslet_politi", "politiet"))
# What an avvik left 'meldt' is called in F005, by its type.
REPORTED_AS = {
    "uonsket_hendelse": "den uønskede hendelsen",
    "forbedringsforslag": "forbedringsforslaget",
    "positiv_tilbakemelding": "tilbakemeldingen",
    "tilsynsfunn": "tilsynsfunnet",
    "revisjonsfunn": "revisjonsfunnet",
}


def _avvik_deadlines(stored: StoredRecord, record: Avvik, config: Config) -> Iterator[Deadline]:
    """Handled in time (F005); a personal data breach reported to Datatilsynet within 72 hours
    (F006, F009 while they run); a serious injury or a death notified to Arbeidstilsynet and
    the police (F007) and an alvorlig hendelse to Statens helsetilsyn (F010), the same day."""
    if record.status == "meldt":
        limit = timedelta(days=config.frister.avvik_behandling_dager)
        yield _deadline(
            "F005",
            stored,
            ("status",),
            record.meldt + limit,
            f"{REPORTED_AS.get(record.type, 'avviket')} {quote(record.tittel, record.gradering)} "
            "er fortsatt meldt, "
            "ikke behandlet",
        )
    yield from _breach(stored, record)
    injury_day = injury_due(record)
    if injury_day is not None and record.hms:
        dead = record.hms.personskade == "dodsfall"
        what = "dødsfallet" if dead else "den alvorlige personskaden"
        for field, whom in NOTIFIED:
            if getattr(record.hms, field) is None:
                yield _deadline(
                    "F007",
                    stored,
                    ("hms", "personskade"),
                    injury_day,
                    f"{what} i {quote(record.tittel, record.gradering)}, "
                    f"{shown(happened(record))}, er ikke varslet til {whom}; varselet skal gis "
                    "straks, samme dag (arbeidsmiljøloven § 5-2); varsle nå og før inn "
                    f"«{field}»",
                )
    event_day = event_due(record)
    if event_day is not None and record.pasientsikkerhet:
        if record.pasientsikkerhet.varslet_helsetilsynet is None:
            yield _deadline(
                "F010",
                stored,
                ("pasientsikkerhet", "alvorlig_hendelse"),
                event_day,
                f"den alvorlige hendelsen i {quote(record.tittel, record.gradering)}, "
                f"{shown(happened(record))}, er ikke varslet til Statens helsetilsyn; varselet "
                "skal gis straks, samme dag (helse- og omsorgstjenesteloven § 12-3 a); varsle nå "
                "og før inn «varslet_helsetilsynet»",
            )


def _breach(stored: StoredRecord, record: Avvik) -> Iterator[Deadline]:
    """A breach not yet reported to Datatilsynet: a warning while its 72 hours run (F009), and
    F006 from the day after they ran out (`ims check` is of a day; the warning names the hour)."""
    deadline = breach_deadline(record)
    if deadline is None or record.personvern is None or record.personvern.meldt_datatilsynet:
        return
    what = (
        f"bruddet på personopplysningssikkerheten i {quote(record.tittel, record.gradering)}, "
        f"oppdaget {shown(breach_found(record))}, er ikke meldt til Datatilsynet"
    )
    # The last day of the 72 hours: a deadline at midnight ends the day before.
    found_day, last_day = breach_found(record), (deadline - timedelta(microseconds=1)).date()
    yield _deadline(
        "F009",
        stored,
        ("personvern", "brudd"),
        last_day,
        f"{what}; fristen på 72 timer går ut {shown(deadline)} (personvernforordningen art. 33 "
        "nr. 1); meld bruddet og før inn «meldt_datatilsynet» med tidspunktet",
        start=date(found_day.year, found_day.month, found_day.day),
        end=last_day + timedelta(days=1),
    )
    yield _deadline(
        "F006",
        stored,
        ("personvern", "brudd"),
        last_day,
        f"{what} innen 72 timer (fristen gikk ut {shown(deadline)}; personvernforordningen "
        "art. 33 nr. 1); meld bruddet nå, begrunn forsinkelsen i meldingen, og før inn "
        "«meldt_datatilsynet» med tidspunktet",
    )


CONFIG_FILE = "ims.yaml"
REPORTS = ("internkontroll", "rapporter")


def report_due(year: int, config: Config) -> date:
    """The last day kommunestyret is expected to have treated the internkontroll report on a
    year: frister.internkontroll_rapport_maaneder after the year ended."""
    months = config.frister.internkontroll_rapport_maaneder
    return add_months(date(year + 1, 1, 1), months) - timedelta(days=1)


def reports_untreated(config: Config, day: date) -> list[Deadline]:
    """F011: from the first year internkontroll.rapporter lists, each year's report that is due
    by the day and not recorded as behandlet (kommuneloven § 25-2). Without the list, nothing
    is followed up: the first entry says from when."""
    listed = config.internkontroll.rapporter
    if not listed:
        return []
    first = min(r.aar for r in listed)
    found = []
    for year in range(first, day.year):
        report = config.internkontroll.report(year)
        if report is not None and report.behandlet is not None:
            continue
        found.append(
            Deadline(
                "F011",
                CONFIG_FILE,
                REPORTS,
                report_due(year, config),
                f"internkontrollrapporten for {year} er ikke registrert behandlet i "
                "kommunestyret (kommuneloven § 25-2); før inn «behandlet: {dato: ÅÅÅÅ-MM-DD, "
                f"sak: …}}» for aar: {year} under internkontroll.rapporter i ims.yaml",
                str(year),
                None,
                None,
            )
        )
    return found


LOVKRAV_FILE = "records/lovkrav.yaml"
ORGANISATION_FILE = "records/organisasjon.yaml"


def lovkrav_reviews(
    register: LovkravRegister | None, config: Config, org: Organisasjon | None
) -> list[Deadline]:
    """A requirement is reviewed again frister.lovkrav_gjennomgang_maaneder after its
    sist_gjennomgatt; one never reviewed (no date) is not counted as late — a register kept
    before the field existed would otherwise fail every pipeline on its first day. It belongs
    to the unit its eier leads, else to the whole kommune."""
    months = config.frister.lovkrav_gjennomgang_maaneder
    units = org.enheter if org else []
    led = {u.leder: u.id for u in reversed(units) if u.leder}  # the highest unit one leads
    top = next((u.id for u in units if u.overordnet is None), None)
    found = []
    for index, krav in enumerate(register.lovkrav if register else []):
        if krav.sist_gjennomgatt is None:
            continue
        found.append(
            Deadline(
                "F008",
                LOVKRAV_FILE,
                ("lovkrav", index, "sist_gjennomgatt"),
                add_months(krav.sist_gjennomgatt, months),
                f"lovkravet «{krav.tittel}» er ikke gjennomgått siden "
                f"{shown(krav.sist_gjennomgatt)}",
                krav.id,
                led.get(krav.eier or "", top),
                krav.eier,
            )
        )
    return found


def deadlines(
    records: Iterable[StoredRecord],
    config: Config,
    day: date,
    code: str | None = None,
    org: Organisasjon | None = None,
) -> list[Finding]:
    """Every deadline of the records overdue on a day (only those of one rule, given its code);
    a deadline equal to the day is not overdue. With the organisation, also each virksomhet
    without a vernerunde (F013, in organisasjon.yaml; without a line: see `across`)."""
    every = [
        deadline.to_wire()
        for stored in records
        for deadline in record_deadlines(stored, config)
        if code in (None, deadline.code)
    ]
    missing = [d.to_wire() for d in rounds_missing(org, every, config)]
    return late_findings([*latest(every), *missing], day)
