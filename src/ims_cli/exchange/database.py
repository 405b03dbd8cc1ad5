"""`ims export sqlite`: every record kind, tiltak, risk, goal, result, unit and person as the
tables of one SQLite database, with foreign keys and each column's meaning, for analysts' own
tools (Datasette, DB Browser for SQLite, Power BI).

Codes stay codes (`pagar`, `under_behandling`) and dates ISO text, as the records have them, so
that queries filter on what the record formats document. The confidentiality policy decides what
leaves, as for every export: graded text reads «(gradert)», national id numbers are masked. Every
value a row takes from a record is read through the policy (_Source.reader), which knows from the
models which fields are free text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic.fields import FieldInfo

from ims_cli.analytics.risk import Placement, next_evaluation, place
from ims_cli.analytics.tiltak import all_tiltak
from ims_cli.analytics.units import ancestor_at
from ims_cli.confidentiality import field_for, masked, visible, withheld_kind
from ims_cli.config import Config
from ims_cli.kinds import KINDS, Kind
from ims_cli.models.avvik import Avvik, AvvikType, Kilde
from ims_cli.models.common import Gradering, TiltakStatus, TiltakType
from ims_cli.models.egenvurdering import Egenvurdering
from ims_cli.models.lederavtale import Lederavtale, Retning
from ims_cli.models.lg import LedelsensGjennomgang
from ims_cli.models.prosess import Prosess, ProsessType
from ims_cli.models.registers import LovkravRegister, Niva, Organisasjon
from ims_cli.models.revisjon import Revisjon, RevisjonType
from ims_cli.models.ros import Omrade, Ros, highest
from ims_cli.store.database import Column, Table
from ims_cli.store.load import Repository, StoredRecord
from ims_cli.words import either, word


@dataclass(frozen=True)
class Export:
    """What `ims export sqlite` writes, and how many records had their text left out."""

    tables: list[Table]
    hidden: int


Rows = Iterator[tuple[Any, ...]]
Made = tuple[str, tuple[Any, ...]]  # a table's name and a row of it
HIDDEN_MARK = ""  # made once for a record whose text was left out


def _one_of(codes: Any) -> str:
    """The values a Literal allows, in words: «a, b eller c»."""
    return either(get_args(codes))


# Columns whose values come from a list under `verdier:` in ims.yaml: their meaning names that
# list's values, put in by `export` (the meaning written here stands until then).
FROM_CONFIG = "fra ims.yaml"


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _person(name: str, meaning: str) -> Column:
    return (name, "TEXT REFERENCES personer(id)", meaning)


ID = ("id", "TEXT PRIMARY KEY", "postens id")
REF = ("ref", "TEXT PRIMARY KEY", "postens id og delens id: AVV-2026-0042/T1")
UNIT = ("enhet", "TEXT REFERENCES enheter(id)", "enheten (organisasjon.yaml)")
GRADE = ("gradering", "TEXT NOT NULL", _one_of(Gradering))
FILE = ("fil", "TEXT NOT NULL", "filen posten står i, fra roten av depotet")
TEXT = "TEXT"
DAY = "TEXT"  # ISO 8601: SQLite compares and groups such dates as text
NUMBER = "REAL"
WHOLE = "INTEGER"


class _Source:
    """The policy for the text of the records, and what the tables need besides them."""

    def __init__(self, config: Config, audience: str) -> None:
        self.config = config
        self.audience = audience

    def reader(self, record: Any) -> Read:
        """Reads a field of the record or of a part of it as the audience may see it: free text
        (as the model's type says, models.fields) through the policy, codes as they are."""

        def read(owner: Any, name: str) -> Any:
            if owner is None:
                return None
            return field_for(owner, name, record.gradering, self.audience)

        return read


Read = Callable[[Any, str], Any]


def _units(org: Organisasjon | None) -> Table:
    columns = (
        ("id", "TEXT PRIMARY KEY", "enhetens id"),
        ("navn", TEXT, "enhetens navn"),
        ("niva", TEXT, _one_of(Niva)),
        ("overordnet", "TEXT REFERENCES enheter(id)", "enheten over"),
        ("tjenesteomrade", "TEXT REFERENCES enheter(id)", "tjenesteområdet den hører til"),
        _person("leder", "enhetens leder"),
    )
    rows = [
        (u.id, u.navn, u.niva, u.overordnet, ancestor_at(org, u.id, "tjenesteomrade"), u.leder)
        for u in (org.enheter if org else [])
    ]
    return Table("enheter", "en enhet i organisasjonen", columns, rows)


def _people(org: Organisasjon | None) -> Table:
    columns = (
        ("id", "TEXT PRIMARY KEY", "personens id"),
        ("navn", TEXT, "personens navn"),
        ("rolle", TEXT, "rollen"),
    )
    rows = [(p.id, p.navn, p.rolle) for p in (org.personer if org else [])]
    return Table("personer", "en person i organisasjon.yaml", columns, rows)


def _laws(register: LovkravRegister | None) -> Table:
    columns = (
        ("id", "TEXT PRIMARY KEY", "lovkravets id"),
        ("tittel", TEXT, "hva loven krever"),
        ("kilde", TEXT, "lov og paragraf"),
    )
    rows = [(k.id, k.tittel, k.kilde) for k in (register.lovkrav if register else [])]
    return Table("lovkrav", "et lovkrav i lovkrav.yaml", columns, rows)


AVVIK_COLUMNS = (
    ID,
    ("type", TEXT, _one_of(AvvikType)),
    ("tittel", TEXT, "tittelen"),
    ("beskrivelse", TEXT, "beskrivelsen"),
    ("meldt", DAY, "dagen det ble meldt"),
    ("meldt_av", TEXT, "hvem som meldte det: en persons id, innbygger eller anonym"),
    ("kilde", TEXT, _one_of(Kilde)),
    UNIT,
    ("kategori", TEXT, FROM_CONFIG),
    ("underkategori", TEXT, FROM_CONFIG),
    ("alvorlighet", WHOLE, "1–5"),
    ("prosess", "TEXT REFERENCES prosesser(id)", "prosessen det gjelder"),
    ("ros_risiko", "TEXT REFERENCES risikoer(ref)", "ROS-risikoen det gjelder"),
    ("status", TEXT, FROM_CONFIG),
    ("lukket", DAY, "dagen det ble lukket, avvist eller videresendt"),
    ("rotarsak", TEXT, "rotårsaken"),
    ("arsak_kategori", TEXT, "rotårsakens kategori"),
    GRADE,
    FILE,
)


PROCESSES_COLUMNS = (
    ID,
    ("tittel", TEXT, "tittelen"),
    ("type", TEXT, _one_of(ProsessType)),
    _person("eier", "prosesseier"),
    UNIT,
    ("versjon", WHOLE, "versjonsnummeret"),
    ("godkjent", DAY, "dagen versjonen ble godkjent"),
    ("neste_revisjon", DAY, "når prosessen skal revideres, om det er satt"),
    GRADE,
    FILE,
)


ROS_COLUMNS = (
    ID,
    ("tittel", TEXT, "tittelen"),
    ("omrade", TEXT, _one_of(Omrade)),
    UNIT,
    _person("ansvarlig", "ansvarlig for vurderingen"),
    ("dato", DAY, "dagen den ble gjort"),
    ("neste_evaluering", DAY, "når den skal evalueres (satt, eller dato pluss fristen)"),
    GRADE,
    FILE,
)


RISKS_COLUMNS = (
    REF,
    ("ros", "TEXT NOT NULL REFERENCES ros(id)", "ROS-en risikoen står i"),
    ("id", TEXT, "risikoens id i ROS-en"),
    ("trussel", TEXT, "trusselen"),
    ("risikobank", TEXT, "kategorien i risikobanken"),
    ("lovbrudd", WHOLE, "1 når risikoen er et lovbrudd"),
    ("sannsynlighet", WHOLE, "1–5"),
    ("konsekvens", WHOLE, "1–5, den høyeste dimensjonen"),
    ("risiko", WHOLE, "sannsynlighet × konsekvens"),
    ("niva", TEXT, "nivået risikoen har i matrisen (ims.yaml)"),
    ("rest_sannsynlighet", WHOLE, "restrisikoens sannsynlighet"),
    ("rest_konsekvens", WHOLE, "restrisikoens konsekvens"),
    ("restrisiko", WHOLE, "restrisikoens sannsynlighet × konsekvens"),
    ("rest_niva", TEXT, "restrisikoens nivå"),
)


CONSEQUENCES_COLUMNS = (
    ("risiko", "TEXT NOT NULL REFERENCES risikoer(ref)", "risikoen"),
    ("dimensjon", TEXT, FROM_CONFIG),
    ("konsekvens", WHOLE, "konsekvensen i denne dimensjonen"),
    ("rest_konsekvens", WHOLE, "restrisikoens konsekvens i dimensjonen, når den er vurdert slik"),
)


AGREEMENTS_COLUMNS = (
    ID,
    ("aar", WHOLE, "året avtalen gjelder"),
    UNIT,
    _person("leder", "lederen"),
    _person("overordnet", "lederens leder"),
    ("signert_leder", DAY, "dagen lederen signerte"),
    ("signert_overordnet", DAY, "dagen overordnet signerte"),
    GRADE,
    FILE,
)


GOALS_COLUMNS = (
    REF,
    ("lederavtale", "TEXT NOT NULL REFERENCES lederavtaler(id)", "avtalen målet står i"),
    ("id", TEXT, "målets id i avtalen"),
    ("fokusomrade", TEXT, FROM_CONFIG),
    ("beskrivelse", TEXT, "målet"),
    ("indikator", TEXT, "hva som måles"),
    ("retning", TEXT, _one_of(Retning)),
    ("malverdi", NUMBER, "verdien målet er nådd ved"),
    ("akseptabelt", NUMBER, "verdien som er godt nok (gul)"),
)


RESULTS_COLUMNS = (
    ("mal", "TEXT NOT NULL REFERENCES mal(ref)", "målet"),
    ("periode", TEXT, "2026, 2026-1 (halvår) eller 2026-T1 (tertial)"),
    ("verdi", NUMBER, "målt verdi"),
    ("kommentar", TEXT, "kommentaren"),
)


AUDITS_COLUMNS = (
    ID,
    ("type", TEXT, _one_of(RevisjonType)),
    ("tittel", TEXT, "tittelen"),
    UNIT,
    ("planlagt", DAY, "planlagt dag"),
    ("gjennomfort", DAY, "dagen den ble gjennomført"),
    ("revisor", TEXT, "revisor eller tilsynsmyndighet"),
    GRADE,
    FILE,
)


FINDINGS_COLUMNS = (
    REF,
    ("revisjon", "TEXT NOT NULL REFERENCES revisjoner(id)", "revisjonen funnet står i"),
    ("id", TEXT, "funnets id i revisjonen"),
    ("type", TEXT, FROM_CONFIG),
    ("beskrivelse", TEXT, "funnet"),
    ("avvik", "TEXT REFERENCES avvik(id)", "avviket funnet ble ført som"),
)


REVIEWS_COLUMNS = (
    ID,
    ("niva", TEXT, "virksomhet, tjenesteomrade eller kommune"),
    UNIT,
    ("dato", DAY, "dagen for møtet"),
    ("fra", DAY, "første dag i perioden som ble gjennomgått"),
    ("til", DAY, "siste dag i perioden"),
    GRADE,
    FILE,
)

MATURITY_COLUMNS = (
    ("egenvurdering", "TEXT NOT NULL", "egenvurderingens id"),
    UNIT,
    ("dato", DAY, "dagen vurderingen ble gjort"),
    ("omrade", TEXT, "området som er vurdert (internkontroll.omrader i ims.yaml)"),
    ("na", "INTEGER", "modenhet i dag, 1 til 5 (internkontroll.modenhet i ims.yaml)"),
    ("ambisjon", "INTEGER", "modenheten enheten vil nå"),
    ("begrunnelse", TEXT, "hvorfor nivået er satt slik"),
    GRADE,
    FILE,
)


def _tiltak_columns() -> tuple[Column, ...]:
    sources = either([k.name for k in KINDS if k.holds_tiltak])
    return (
        REF,
        ("post", "TEXT NOT NULL", f"posten tiltaket står i ({sources})"),
        ("kilde", TEXT, sources),
        *TILTAK_COLUMNS,
    )


TILTAK_COLUMNS = (
    UNIT,
    ("risiko", "TEXT REFERENCES risikoer(ref)", "ROS-risikoen tiltaket står under"),
    ("beskrivelse", TEXT, "tiltaket"),
    ("type", TEXT, _one_of(TiltakType)),
    _person("ansvarlig", "ansvarlig for tiltaket"),
    ("frist", DAY, "fristen; over fristen er planlagt eller pagar med frist før dagen"),
    ("status", TEXT, _one_of(TiltakStatus)),
    ("fullfort", DAY, "dagen det ble fullført"),
    ("evaluering", TEXT, "om effekten ble oppnådd"),
)


def _avvik(source: _Source, stored: StoredRecord) -> Rows:
    a: Any = stored.record
    f, cause = source.reader(a), a.arsaksanalyse
    yield (
        *(a.id, f(a, "type"), f(a, "tittel"), f(a, "beskrivelse"), _iso(a.meldt)),
        *(f(a, "meldt_av"), f(a, "kilde"), f(a, "enhet"), f(a, "kategori")),
        *(f(a, "underkategori"), f(a, "alvorlighet")),
        *(f(a, "prosess"), f(a, "ros"), f(a, "status"), _iso(a.lukket)),
        *(f(cause, "rotarsak"), f(cause, "kategori"), a.gradering, stored.path),
    )


def _processes(source: _Source, stored: StoredRecord) -> Rows:
    p: Any = stored.record
    f = source.reader(p)
    yield (
        *(p.id, f(p, "tittel"), f(p, "type"), f(p, "eier"), f(p, "enhet"), f(p, "versjon")),
        *(_iso(p.godkjent), _iso(p.neste_revisjon), p.gradering, stored.path),
    )


def _ros(source: _Source, stored: StoredRecord) -> Rows:
    r: Any = stored.record
    f = source.reader(r)
    yield (
        *(r.id, f(r, "tittel"), f(r, "omrade"), f(r, "enhet"), f(r, "ansvarlig"), _iso(r.dato)),
        *(_iso(next_evaluation(r, source.config)), r.gradering, stored.path),
    )


def _placed(placement: Placement | None) -> tuple[Any, ...]:
    if placement is None:
        return (None, None, None, None)
    return (placement.sannsynlighet, placement.konsekvens, placement.score, placement.level)


def _risks(source: _Source, stored: StoredRecord) -> Rows:
    ros: Any = stored.record
    config, f = source.config, source.reader(ros)
    for risk in ros.risikoer:
        rest = risk.restrisiko
        before = place(risk.sannsynlighet, highest(risk.konsekvens), config)
        after = rest and place(rest.sannsynlighet, highest(rest.konsekvens), config)
        yield (
            *(f"{ros.id}/{risk.id}", ros.id, f(risk, "id"), f(risk, "trussel")),
            *(f(risk, "risikobank"), int(risk.lovbrudd), *_placed(before), *_placed(after)),
        )


def _consequences(source: _Source, stored: StoredRecord) -> Rows:
    """A risk's consequence in each dimension, when it is assessed per dimension."""
    ros: Any = stored.record
    for risk in ros.risikoer:
        if not isinstance(risk.konsekvens, dict):
            continue
        rest = risk.restrisiko.konsekvens if risk.restrisiko else None
        for dimension, grade in risk.konsekvens.items():
            after = rest.get(dimension) if isinstance(rest, dict) else None
            yield (f"{ros.id}/{risk.id}", dimension, grade, after)


def _agreements(source: _Source, stored: StoredRecord) -> Rows:
    a: Any = stored.record
    f, signed = source.reader(a), a.signert
    yield (
        *(a.id, f(a, "aar"), f(a, "enhet"), f(a, "leder"), f(a, "overordnet")),
        *(_iso(signed.leder if signed else None), _iso(signed.overordnet if signed else None)),
        *(a.gradering, stored.path),
    )


def _goals(source: _Source, stored: StoredRecord) -> Rows:
    a: Any = stored.record
    f = source.reader(a)
    for g in a.mal:
        yield (
            *(f"{a.id}/{g.id}", a.id, f(g, "id"), f(g, "fokusomrade"), f(g, "beskrivelse")),
            *(f(g, "indikator"), f(g, "retning"), f(g, "malverdi"), f(g, "akseptabelt")),
        )


def _results(source: _Source, stored: StoredRecord) -> Rows:
    a: Any = stored.record
    f = source.reader(a)
    for g in a.mal:
        for r in g.resultater:
            yield (f"{a.id}/{g.id}", f(r, "periode"), f(r, "verdi"), f(r, "kommentar"))


def _audits(source: _Source, stored: StoredRecord) -> Rows:
    r: Any = stored.record
    f = source.reader(r)
    yield (
        *(r.id, f(r, "type"), f(r, "tittel"), f(r, "enhet"), _iso(r.planlagt)),
        *(_iso(r.gjennomfort), f(r, "revisor"), r.gradering, stored.path),
    )


def _findings(source: _Source, stored: StoredRecord) -> Rows:
    r: Any = stored.record
    f = source.reader(r)
    for x in r.funn:
        yield (f"{r.id}/{x.id}", r.id, f(x, "id"), f(x, "type"), f(x, "beskrivelse"), f(x, "avvik"))


def _reviews(source: _Source, stored: StoredRecord) -> Rows:
    g: Any = stored.record
    f, span = source.reader(g), g.periode
    yield (
        *(g.id, f(g, "niva"), f(g, "enhet"), _iso(g.dato)),
        *(_iso(span.fra if span else None), _iso(span.til if span else None)),
        *(g.gradering, stored.path),
    )


def _maturity(source: _Source, stored: StoredRecord) -> Rows:
    ev: Any = stored.record
    f = source.reader(ev)
    for area in ev.omrader:
        yield (
            *(ev.id, f(ev, "enhet"), _iso(ev.dato), f(area, "omrade")),
            *(f(area, "na"), f(area, "ambisjon"), f(area, "begrunnelse"), ev.gradering),
            stored.path,
        )


def _tiltak(source: _Source, stored: StoredRecord) -> Rows:
    record: Any = stored.record
    f = source.reader(record)
    for item in all_tiltak([stored]):
        t = item.tiltak
        under = record.risikoer[int(item.path[1])] if item.path[0] == "risikoer" else None
        yield (
            *(item.ref, record.id, item.kilde, item.enhet, under and f"{record.id}/{under.id}"),
            *(f(t, "beskrivelse"), f(t, "type"), f(t, "ansvarlig"), _iso(t.frist)),
            *(f(t, "status"), _iso(t.fullfort), f(t, "evaluering")),
        )


def _column_type(annotation: Any) -> str | None:
    """The SQLite type of a field that holds one value; None for a list or a part of its own."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _column_type(get_args(annotation)[0])
    if origin in (Union, UnionType):
        found = {_column_type(a) for a in get_args(annotation) if a is not type(None)}
        return found.pop() if len(found) == 1 else None
    if origin is Literal or annotation is str:
        return TEXT
    if isinstance(annotation, type) and issubclass(annotation, date):
        return DAY
    return {int: WHOLE, bool: WHOLE, float: NUMBER}.get(annotation)


def _kind_spec(kind: Kind) -> _Spec:
    """The table of a kind without one of its own below: its id, every field that holds one
    value, its gradering and file; of a withheld kind (a varsel), its id and status only."""
    if withheld_kind(kind.model):
        return _withheld_spec(kind)
    fields = {
        name: (found, info)
        for name, info in kind.model.model_fields.items()
        if name not in ("id", "gradering") and (found := _column_type(info.annotation))
    }

    def meaning(name: str, info: FieldInfo) -> str:
        literal = [a for a in get_args(info.annotation) if get_origin(a) is Literal]
        if get_origin(info.annotation) is Literal:
            literal = [info.annotation]
        return info.description or (_one_of(literal[0]) if literal else word(name))

    columns = (
        ID,
        *((name, found, meaning(name, info)) for name, (found, info) in fields.items()),
        GRADE,
        FILE,
    )

    def rows(source: _Source, stored: StoredRecord) -> Rows:
        r: Any = stored.record
        f = source.reader(r)
        values = (f(r, name) for name in fields)
        yield (
            r.id,
            *(_iso(v) if isinstance(v, date) else v for v in values),
            r.gradering,
            stored.path,
        )

    return _Spec(kind.table_name, f"en post av sorten {kind.name}", columns, (kind.model,), rows)


def _withheld_spec(kind: Kind) -> _Spec:
    """What an export shows of a withheld record (confidentiality.withheld): its id and status."""

    def rows(source: _Source, stored: StoredRecord) -> Rows:
        yield (stored.record.id, kind.status(stored.record))

    status = ("status", TEXT, either(kind.statuses) if kind.statuses else "status")
    return _Spec(
        kind.table_name, f"en post av sorten {kind.name}", (ID, status), (kind.model,), rows
    )


@dataclass(frozen=True)
class _Spec:
    """A table made from records: its name, what a row is, its columns, the kinds of record
    that give rows, and how."""

    name: str
    about: str
    columns: tuple[Column, ...]
    kinds: tuple[type, ...]
    rows: Callable[[_Source, StoredRecord], Rows]


SPECS = (
    _Spec(
        "avvik", "et avvik, en uønsket hendelse eller et forslag", AVVIK_COLUMNS, (Avvik,), _avvik
    ),
    _Spec("prosesser", "en prosessbeskrivelse", PROCESSES_COLUMNS, (Prosess,), _processes),
    _Spec("ros", "en ROS-vurdering", ROS_COLUMNS, (Ros,), _ros),
    _Spec("risikoer", "en risiko i en ROS-vurdering", RISKS_COLUMNS, (Ros,), _risks),
    _Spec(
        "konsekvenser",
        "en risikos konsekvens i én dimensjon",
        CONSEQUENCES_COLUMNS,
        (Ros,),
        _consequences,
    ),
    _Spec("lederavtaler", "en lederavtale", AGREEMENTS_COLUMNS, (Lederavtale,), _agreements),
    _Spec("mal", "et mål i en lederavtale", GOALS_COLUMNS, (Lederavtale,), _goals),
    _Spec("resultater", "et resultat for et mål", RESULTS_COLUMNS, (Lederavtale,), _results),
    _Spec("revisjoner", "en revisjon eller et tilsyn", AUDITS_COLUMNS, (Revisjon,), _audits),
    _Spec("funn", "et funn i en revisjon", FINDINGS_COLUMNS, (Revisjon,), _findings),
    _Spec(
        "ledelsens_gjennomgang",
        "en ledelsens gjennomgang",
        REVIEWS_COLUMNS,
        (LedelsensGjennomgang,),
        _reviews,
    ),
    _Spec(
        "modenhet",
        "et område i en egenvurdering av internkontrollen",
        MATURITY_COLUMNS,
        (Egenvurdering,),
        _maturity,
    ),
)


def _specs() -> list[_Spec]:
    """Every table made from records: those above, one for each other kind, and the tiltak."""
    own = {spec.name for spec in SPECS}
    return [
        *SPECS,
        *(_kind_spec(k) for k in KINDS if k.table_name not in own),
        _Spec(
            "tiltak",
            "et tiltak, hvor det enn står",
            _tiltak_columns(),
            tuple(k.model for k in KINDS if k.holds_tiltak and not withheld_kind(k.model)),
            _tiltak,
        ),
    ]


def kept_as(audience: str) -> str:
    """What the index keeps the rows of a record for the audience under (indexed.load_made):
    they depend on the record, ims.yaml and the audience alone."""
    return f"sqlite:{audience}"


def rows_of(audience: str) -> Callable[[Repository], Callable[[StoredRecord], list[Made]]]:
    """What indexed.load_made makes of each record: what it gives every table, its text as the
    audience may read it and national ids masked, and a mark when its text was left out."""

    def start(repo: Repository) -> Callable[[StoredRecord], list[Made]]:
        source, specs = _Source(repo.config, audience), _specs()

        def rows(stored: StoredRecord) -> list[Made]:
            made: list[Made] = [
                (spec.name, masked(row))
                for spec in specs
                if isinstance(stored.record, spec.kinds)
                for row in spec.rows(source, stored)
            ]
            if not visible(stored.record.gradering, audience):
                made.append((HIDDEN_MARK, ()))
            return made

        return rows

    return start


def _meanings(config: Config) -> dict[tuple[str, str], str]:
    """What the columns from ims.yaml's lists mean there: their values, and the matrix's sizes."""
    vocabulary, risiko = config.vocabulary(), config.risiko
    subs = "; ".join(
        f"{kategori}: {either(values)}"
        for kategori, values in vocabulary.avvik_underkategori.items()
    )
    rows, columns = len(risiko.sannsynlighet), len(risiko.konsekvens)
    return {
        ("avvik", "kategori"): either(vocabulary.avvik_kategori),
        ("avvik", "underkategori"): f"per kategori: {subs}" if subs else "ingen i ims.yaml",
        ("avvik", "status"): either(vocabulary.avvik_status),
        ("mal", "fokusomrade"): either(vocabulary.fokusomrade),
        ("funn", "type"): either(vocabulary.funn_type),
        ("konsekvenser", "dimensjon"): either(vocabulary.konsekvens),
        ("risikoer", "sannsynlighet"): f"1–{rows}",
        ("risikoer", "konsekvens"): f"1–{columns}, den høyeste dimensjonen",
    }


def _described(
    name: str, columns: tuple[Column, ...], meanings: dict[tuple[str, str], str]
) -> tuple[Column, ...]:
    return tuple((c[0], c[1], meanings.get((name, c[0]), c[2])) for c in columns)


def export(
    made: Iterable[Made], org: Organisasjon | None, laws: LovkravRegister | None, config: Config
) -> Export:
    """Every table: the registers first, then what the records made, each table by its key; a
    column from ims.yaml's lists says that repository's values."""
    specs = _specs()
    by_table: dict[str, list[tuple[Any, ...]]] = {spec.name: [] for spec in specs}
    hidden = 0
    for name, row in made:
        if name == HIDDEN_MARK:
            hidden += 1
        else:
            by_table[name].append(row)
    tables = [_units(org), _people(org), _laws(laws)]
    tables = [Table(t.name, t.about, t.columns, [masked(r) for r in t.rows]) for t in tables]
    meanings = _meanings(config)
    for spec in specs:
        rows = sorted(by_table[spec.name], key=lambda r: (r[0], r[1]))
        columns = _described(spec.name, spec.columns, meanings)
        tables.append(Table(spec.name, spec.about, columns, rows))
    return Export(tables, hidden)
