"""A records repository read through its index (store.index): the index brought up to date with
the files, then asked for what a command needs, so a warm run builds only those records.

Every loader here gives what reading every file would give; the index only spares the work.
"""

from __future__ import annotations

import marshal
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import date
from functools import partial, wraps
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from pydantic import BaseModel

from ims_cli.analytics.deadlines import CONFIG_FILE, REPORTS, Deadline, across
from ims_cli.analytics.puff import Marks, Standing
from ims_cli.analytics.records import Listed, listed, settled
from ims_cli.analytics.stats import Reported
from ims_cli.analytics.tiltak import TiltakItem
from ims_cli.analytics.units import subtree
from ims_cli.confidentiality import withheld
from ims_cli.config import Config
from ims_cli.findings import Finding, sort_key
from ims_cli.gitio.worktree import identity as repository_identity
from ims_cli.kinds import named
from ims_cli.models import REGISTERS
from ims_cli.models.avvik import Avvik
from ims_cli.models.common import Tiltak
from ims_cli.models.rebuild import rebuild
from ims_cli.rules.check import Checked, register_deadlines
from ims_cli.rules.facts import RecordFacts, config_key, file_facts
from ims_cli.rules.run import repository_findings
from ims_cli.rules.schema import VALIDATOR
from ims_cli.store.index import (
    EVERYTHING,
    FOUND,
    IDENTIFIED,
    REGISTERS_ONLY,
    Broken,
    Index,
    Row,
    Select,
    Unavailable,
    blob,
    discard,
    identified,
    loads,
    location,
    unblob,
)
from ims_cli.store.load import (
    Blobs,
    Catalogue,
    FileResult,
    Repository,
    StoredRecord,
    collector_paused,
    finding_from_wire,
    finding_to_wire,
    listing,
    load_config,
    places,
    read_all,
    read_record,
    record_files,
    register_name,
    stamps_of,
)

__all__ = [
    "EVERYTHING",
    "Select",
    "load_facts",
    "load_listed",
    "load_repository",
    "open_index",
    "read_repository",
]


T = TypeVar("T")


def recovering(load: Callable[..., T]) -> Callable[..., T]:
    """`load`, done again from a new index when the one it read turns out broken."""

    @wraps(load)
    def run(root: Path, *args: Any, **kwargs: Any) -> T:
        try:
            return load(root, *args, **kwargs)
        except Broken:
            _note(f"Merk: indeksen {location(root)} kunne ikke leses og bygges på nytt.")
            discard(root)
            return load(root, *args, **kwargs)

    return run


def file_row(root: Path, result: FileResult, config: Config) -> Row:
    """What the index keeps of a file read (store.index.COLUMNS)."""
    columns: tuple[Any, ...] = (None,) * 10
    if result.model is not None and result.kind is not None:
        record: Any = result.model
        item = listed(StoredRecord(result.path, result.kind, record, result.body))
        columns = (
            item.sort,
            item.tittel,
            item.enhet,
            _iso(item.dato),
            item.status,
            item.gradering,
            _iso(settled(record)),
            marshal.dumps(Reported.of(record).to_wire()) if isinstance(record, Avvik) else None,
            _tiltak_data(result.data or {}, record),
            marshal.dumps(Marks.of(record, config).to_wire()),
        )
    return (
        result.record_id,
        blob(result.risk_ids),
        blob([finding_to_wire(f) for f in result.findings]),
        marshal.dumps(result.to_wire()),
        marshal.dumps(file_facts(root, result, config)),
        *columns,
    )


def _tiltak_data(data: dict[str, Any], record: Any) -> bytes | None:
    """Each tiltak's place in the record's data and its data, as validated."""
    found = []
    for path, _ in record.all_tiltak() if hasattr(record, "all_tiltak") else ():
        value: Any = data
        for step in path:
            value = value[step]
        found.append((path, value))
    return marshal.dumps(found) if found else None


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass
class Opened:
    """The index of a repository, up to date with its files, and its ims.yaml."""

    index: Index
    config: Config
    findings: list[Finding]  # of ims.yaml
    paths: list[str]

    @property
    def selective(self) -> bool:
        """Kept between runs, so worth asking for only some records; in memory, every record
        is built (a run with IMS_NO_CACHE shows what the index must agree with)."""
        return self.index.persistent


def _note(text: str) -> None:
    print(text, file=sys.stderr)


def open_index(
    root: Path,
    paths: list[str] | None = None,
    advance: Callable[[int], None] = lambda _: None,
    known: dict[str, tuple[int, int] | None] | None = None,
    *,
    blobs: Blobs | None = None,
) -> Opened:
    """The index brought up to date: every file under records/ (or the paths given, with their
    stamps from `listing` when known); what changed is read, on all cores when much has."""
    if paths is None:
        known = listing(root)
        paths = sorted(known)
    stamps = known if known is not None else stamps_of(root, paths)
    identity = partial(repository_identity, root) if blobs else None  # git may be asked
    index = Index(root, _note, identity=identity)
    try:
        return _refreshed(index, paths, stamps, advance, blobs)
    except Unavailable:  # another ims is writing it: this run keeps its own, in memory
        index.close()
        return _refreshed(Index(root, in_memory=True), paths, stamps, advance, blobs)


def _refreshed(
    index: Index,
    paths: list[str],
    known: dict[str, tuple[int, int] | None],
    advance: Callable[[int], None],
    blobs: Blobs | None,
) -> Opened:
    root = index.root
    config, findings = load_config(root, VALIDATOR, index)
    index.keyed(config_key(config))
    convert, vocabulary = partial(file_row, config=config), config.vocabulary()

    def read(stale: list[str]) -> Iterator[tuple[bytes, Row]]:
        return read_all(root, stale, VALIDATOR, convert, advance, vocabulary=vocabulary)

    with collector_paused():
        index.refresh(paths, known, read, partial(blobs, root) if blobs else None, advance)
    return Opened(index, config, findings, paths)


def loader(work: Callable[[Opened, Select], T]) -> Callable[..., T]:
    """`work` as a loader of the shape cli.repository.loaded calls — (root, paths, advance,
    known, blobs=, select=) — done on the index brought up to date, which is closed afterwards
    and made anew once when it turns out broken."""

    @wraps(work)
    def load(
        root: Path,
        paths: list[str] | None = None,
        advance: Callable[[int], None] = lambda _: None,
        known: dict[str, tuple[int, int] | None] | None = None,
        *,
        blobs: Blobs | None = None,
        select: Select = EVERYTHING,
    ) -> T:
        opened = open_index(root, paths, advance, known, blobs=blobs)
        try:
            return work(opened, select)
        finally:
            opened.index.close()

    return recovering(load)


def read_repository(opened: Opened, select: Select = EVERYTHING) -> Repository:
    """The repository with the records `select` asks for built (every record by default), and
    the registers and every finding of reading the files, and every id unless `select` says
    otherwise."""
    index, root = opened.index, opened.index.root
    with collector_paused():
        repo = Repository(root, opened.config, list(opened.findings))
        repo.record_files = record_files(opened.paths)
        looked_up = identified(select.ids) if select.lookup and select.ids is not None else None
        ids = repo.ids  # filled here directly: 100 000 method calls would cost a tenth
        if looked_up or select.every_id:
            for path, record_id, risk_ids in index.rows(
                "path, record_id, risk_ids", looked_up or IDENTIFIED
            ):
                ids.setdefault(record_id, []).append(path)
                if risk_ids is not None:
                    repo.add_ids_of_risks(record_id, unblob(risk_ids))
        for (found,) in index.rows("found", looked_up or FOUND):
            if found is not None:
                repo.findings += [finding_from_wire(f) for f in unblob(found)]
        _read_registers(opened, repo)
        chosen = select if opened.selective else EVERYTHING
        units = subtree(repo.organisasjon, chosen.below) if chosen.below else None
        for (wire,) in index.rows("result", chosen, units=units):
            result = _result(wire)
            record: Any = result.model
            assert result.kind is not None  # only valid records are selected
            repo.places[result.path] = result.places
            repo.records.append(StoredRecord(result.path, result.kind, record, result.body))
    repo.findings.sort(key=sort_key)
    return repo


load_repository = loader(read_repository)


def _read_registers(opened: Opened, catalogue: Catalogue) -> None:
    """The registers (organisasjon, lovkrav, risikobank) that parsed, into the catalogue."""
    registers = [p for p in opened.paths if p.count("/") == 1 and register_name(p)]
    for (wire,) in opened.index.rows("result", paths=registers):
        result = _result(wire)
        if result.parsed:  # one that does not parse is reported, not taken as invalid
            catalogue.add_register(register_name(result.path) or "", result.model)


@loader
def load_listed(opened: Opened, _: Select) -> tuple[Repository, list[Listed]]:
    """The repository without its records, and every valid record as `ims list` shows it,
    from the index's columns: no record is built."""
    repo = read_repository(opened, REGISTERS_ONLY)
    columns = "record_id, sort, tittel, enhet, dato, status, path, gradering"
    listed = [
        Listed(i, s, t, e, date.fromisoformat(d) if d else None, st, p, g)
        for i, s, t, e, d, st, p, g in opened.index.rows(columns, EVERYTHING)
    ]
    return repo, listed


@dataclass
class Reports:
    """What `ims stats` needs: no record built, only what the index keeps of each avvik."""

    repo: Repository  # registers and findings; no records, no ids
    avvik: list[Reported]
    processes: dict[str, str]  # id -> tittel


@loader
def load_reported(opened: Opened, select: Select) -> Reports:
    """The avvik `select` asks for as statistics see them, and every process's title."""
    repo = read_repository(opened, REGISTERS_ONLY)
    chosen = replace(select if opened.selective else EVERYTHING, sorts=frozenset({"avvik"}))
    rows = opened.index.rows("reported", chosen)
    avvik = [_decoded(wire, Reported.from_wire) for (wire,) in rows]
    processes: dict[str, str] = dict(
        opened.index.rows("record_id, tittel", Select(frozenset({"prosess"})))
    )
    return Reports(repo, avvik, processes)


def load_made(
    start: Callable[[Repository], Callable[[StoredRecord], Iterable[T]]],
    key: str | None = None,
) -> Callable[..., tuple[Repository, list[T]]]:
    """A loader of what is made of each record `select` asks for: `start`, given the repository
    (its registers, before any record), gives what makes it. Each record is built, used and
    dropped in turn, so an export of 100 000 records keeps only what it makes. With a `key`
    (what is made, and for whom), what is made of a record depends on it and ims.yaml alone,
    is marshal-able, and is kept in the index: a record whose file is unchanged is not built."""

    def work(opened: Opened, select: Select) -> tuple[Repository, list[T]]:
        repo = read_repository(opened, REGISTERS_ONLY)
        chosen = select if opened.selective else EVERYTHING
        units = subtree(repo.organisasjon, chosen.below) if chosen.below else None
        make, made = start(repo), list[T]()
        under = opened.index.made_under()  # asked again when what is made is kept
        if key is None:
            plain = opened.index.rows("result", chosen, units=units)
            rows = [(None, None, wire, None) for (wire,) in plain]
        else:
            rows = opened.index.rows_made(key, chosen, units)
        kept: list[tuple[str, bytes, bytes]] = []
        with collector_paused():
            for path, file_digest, wire, wire_made in rows:
                if wire_made is not None:
                    made.extend(_decoded(wire_made, list))
                    continue
                result = _result(wire)
                record: Any = result.model
                assert result.kind is not None  # only valid records are selected
                mine = list(make(StoredRecord(result.path, result.kind, record, result.body)))
                made.extend(mine)
                if key is not None and file_digest is not None:
                    with suppress(ValueError):  # a value marshal cannot keep: made each time
                        kept.append((path, file_digest, marshal.dumps(mine)))
        if key is not None:
            opened.index.keep_made(key, kept, under)
        return repo, made

    return loader(work)


_ITEMS = "record_id, sort, enhet, path, gradering, tiltak"  # a record's tiltak: _items


@loader
def load_tiltak(opened: Opened, select: Select) -> tuple[Repository, list[TiltakItem]]:
    """The repository without its records, and every tiltak of the records `select` asks for,
    in the order of analytics.tiltak.all_tiltak: only the tiltak are built."""
    repo = read_repository(opened, REGISTERS_ONLY)
    chosen = select if opened.selective else EVERYTHING
    rows = opened.index.rows(_ITEMS, chosen)
    with collector_paused():
        return repo, [item for row in rows for item in _items(row)]


@loader
def load_standings(opened: Opened, select: Select) -> tuple[Repository, list[Standing]]:
    """The repository without its records, and what PUFF needs of each record `select` asks
    for (analytics.puff.Standing): only the tiltak are built."""
    repo = read_repository(opened, REGISTERS_ONLY)
    chosen = select if opened.selective else EVERYTHING
    units = subtree(repo.organisasjon, chosen.below) if chosen.below else None
    columns = f"{_ITEMS}, facts, marks"
    rows = opened.index.rows(columns, chosen, units=units)
    with collector_paused():
        # a varsel is never in PUFF nor on the site (confidentiality.withheld)
        return repo, [_standing(row) for row in rows if not withheld(row[0])]


def _standing(row: Row) -> Standing:
    record_id, sort, enhet, *_, facts, marks = row
    items = _items(row[:-2])
    deadlines = _decoded(facts, _deadlines)
    return Standing(record_id, sort, enhet, items, deadlines, _decoded(marks, Marks.from_wire))


def _deadlines(wire: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    """A valid record's deadlines from its facts (rules.facts.file_facts)."""
    return list(wire[-1][RecordFacts._fields.index("deadlines") - 1])


def _items(row: Row) -> list[TiltakItem]:
    """The tiltak of a record as the index keeps them (the columns _ITEMS)."""
    record_id, sort, enhet, path, grade, wire = row
    kind = named(sort)
    if kind is None or not kind.holds_tiltak or wire is None:
        return []
    return [
        TiltakItem(f"{record_id}/{tiltak.id}", sort, enhet or "", path, place, tiltak, grade)
        for place, tiltak in _decoded(wire, _tiltak)
    ]


@loader
def load_deadlines(opened: Opened, _: Select) -> tuple[Catalogue, list[Deadline]]:
    """The registers, and every valid record's deadlines as `ims check` has them."""
    catalogue, facts = load_facts(opened)
    wires = across(catalogue, (wire for f in facts for wire in f.deadlines))
    return catalogue, [Deadline.from_wire(wire) for wire in wires]


def load_facts(opened: Opened) -> tuple[Catalogue, list[RecordFacts]]:
    """The catalogue (registers, ids, what reading found) and every valid record's facts."""
    catalogue = Catalogue(opened.index.root, opened.config, list(opened.findings))
    facts = []
    with collector_paused():
        for path, wire in opened.index.rows("path, facts"):
            found, parsed, record_id, risk_ids, register_data, record = loads(wire)
            if found:
                catalogue.findings += [finding_from_wire(f) for f in found]
            if record is not None:  # a valid record, as most files are
                catalogue.add_ids(path, record_id, risk_ids)
                facts.append(RecordFacts.from_wire(path, record))
                continue
            register = register_name(path)
            if register and parsed:
                catalogue.add_register(register, _register(register, register_data))
            elif record_id is not None:
                catalogue.add_ids(path, record_id, risk_ids)
        catalogue.record_files = record_files(opened.paths)
    return catalogue, facts


# ---------------------------------------------------------------- what shell completion offers
# From the index's columns: no record is built, and only the records `select` asks for are read.


class Named(NamedTuple):
    """A valid record as shell completion offers it."""

    id: str
    sort: str
    tittel: str | None
    gradering: str | None
    parts: list[str]  # what a tiltak is added under: a ROS's risks, an egenvurdering's areas


# An egenvurdering's areas are read from what reading it gave; no other record's is fetched.
_NAMED = "record_id, sort, tittel, gradering, risk_ids, "
_NAMED += "CASE WHEN sort = 'egenvurdering' THEN result END"


@loader
def load_registers(opened: Opened, _: Select) -> Catalogue:
    """The registers alone (organisasjon, lovkrav, risikobank): no record, id or finding."""
    catalogue = Catalogue(opened.index.root, opened.config, [])
    with collector_paused():
        _read_registers(opened, catalogue)
    return catalogue


@loader
def load_named(opened: Opened, select: Select) -> list[Named]:
    """Each valid record `select` asks for: id, kind, title, grade and parts."""
    rows = opened.index.rows(_NAMED, select)
    return [Named(i, s, t, g, unblob(r) or _areas(w)) for i, s, t, g, r, w in rows]


def _areas(wire: bytes | None) -> list[str]:
    """The areas of an egenvurdering (none of another record)."""
    if wire is None:
        return []
    data = _decoded(wire, FileResult.data_from_wire)
    return [area["omrade"] for area in data.get("omrader") or ()]


@loader
def load_tiltak_data(opened: Opened, select: Select) -> list[tuple[str, str | None, list[Any]]]:
    """Each valid record `select` asks for that has tiltak, with its grade and the data of each
    of its tiltak (as validated)."""
    rows = opened.index.rows("record_id, gradering, tiltak", select)
    return [(i, g, [data for _, data in _decoded(w, list)]) for i, g, w in rows if w is not None]


@loader
def load_data(opened: Opened, select: Select) -> list[tuple[str, dict[str, Any]]]:
    """The data of each valid record `select` asks for, as validated, without building it."""
    rows = opened.index.rows("record_id, result", select)
    return [(i, _decoded(w, FileResult.data_from_wire)) for i, w in rows]


def _result(wire: bytes) -> FileResult:
    return _decoded(wire, FileResult.from_wire)


def _tiltak(wire: list[Any]) -> list[tuple[tuple[Any, ...], Tiltak]]:
    return [(place, rebuild(Tiltak, data)) for place, data in wire]


def _decoded(wire: bytes, build: Callable[[Any], T]) -> T:
    """What a blob of the index holds; one that cannot be read means a broken index."""
    try:
        return build(loads(wire))
    except (ValueError, TypeError, KeyError, AssertionError) as error:
        raise Broken from error


def _register(name: str, data: dict[str, Any] | None) -> BaseModel | None:
    return rebuild(REGISTERS[name], data) if data is not None else None


def checked(opened: Opened, _: Select) -> Checked:
    """What checking needs: kept whole in the index while no file (nor ims.yaml, nor ims) has
    changed."""
    index = opened.index
    # ims.yaml's settings are the index's key; what is wrong with it is not
    made_from = (index.generation, [finding_to_wire(f) for f in opened.findings])
    kept = index.get("checked")
    if kept is not None and kept[0] == made_from:
        return Checked.from_wire(kept[1])
    catalogue, facts = load_facts(opened)
    found = Checked(
        catalogue.organisasjon,
        catalogue.record_files,
        repository_findings(
            catalogue,
            facts,
            partial(
                read_record,
                index.root,
                validator=VALIDATOR,
                vocabulary=opened.config.vocabulary(),
            ),
        ),
        [
            *across(catalogue, (deadline for record in facts for deadline in record.deadlines)),
            *register_deadlines(catalogue),
        ],
        {record.path: record.unit for record in facts},
        catalogue.config.internkontroll,
        catalogue.config.frister,
        _reports_place(catalogue),
    )
    # A file that could not be read is tried again next time: nothing is kept.
    if not any(f.code == "Y009" for f in found.findings):
        index.put("checked", (made_from, found.to_wire()))
    return found


def _reports_place(catalogue: Catalogue) -> tuple[int, int] | None:
    if not catalogue.config.internkontroll.rapporter:
        return None
    ((line, column),) = places(catalogue.root, CONFIG_FILE, [REPORTS])
    return line, column


load_checked = loader(checked)
