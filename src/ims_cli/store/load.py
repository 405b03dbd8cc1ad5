"""Read the files of a records repository: every file once, every problem kept as a finding.

What reading a file gives depends only on its bytes; the index (store.index, indexed.py) keeps
it, so a warm run never parses YAML: libyaml and the machinery that explains validation errors
are imported only where a file must be read (~25 ms of start-up).
"""

from __future__ import annotations

import functools
import gc
import marshal
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import BaseModel, ValidationError

from ims_cli.codes import severity
from ims_cli.confidentiality import grade_in, graded, mark, quote
from ims_cli.config import Config
from ims_cli.errors import UserError
from ims_cli.findings import Finding, Fix
from ims_cli.findings import Path as DataPath
from ims_cli.kinds import Kind, kind_of, prefixes_said
from ims_cli.models import REGISTERS, Record
from ims_cli.models.rebuild import rebuild
from ims_cli.models.registers import LovkravRegister, Organisasjon, Risikobank
from ims_cli.models.vocabulary import Vocabulary
from ims_cli.store import files
from ims_cli.store.cache import Stamp, digest
from ims_cli.store.root import CONFIG_FILE, RECORDS_DIR

if TYPE_CHECKING:
    from ims_cli.store import yamlfile
    from ims_cli.store.index import Index


SUFFIXES = (".yaml", ".yml", ".md")
# Parsing costs about half a millisecond a file; from this many files on, all cores share it.
PARALLEL_FROM = 4000
CHUNK = 500


@dataclass(frozen=True)
class Salvaged:
    """The valid parts of an invalid record (the validator's `salvage`), and where its parts
    stand in the file."""

    record: BaseModel
    data: Any  # the record's data as the file has it
    dropped: tuple[DataPath, ...]  # what was left out, as paths into `data`
    whole: bool  # no field of the record was left out (an unknown key or a list item may be)

    def in_file(self, path: DataPath) -> DataPath:
        """A path into the salvaged record as the path into the file's data."""
        return self._places.in_file(path)

    def shown(self, finding: Finding) -> bool:
        """Whether a finding about the salvaged record holds for the file: not about anything
        left out (what the rules look at when a field is, rules.facts.local_findings says)."""
        path = finding.path or ()
        # Left out are the paths that hold it (a prefix of it) and those it holds.
        return path not in self._places.holding and not any(
            path[:end] in self._places.dropped for end in range(len(path) + 1)
        )

    @functools.cached_property
    def _places(self) -> Places:
        return Places(self.data, frozenset(self.dropped))


class Places:
    """Paths into the data with some parts left out, mapped to paths into the data itself; each
    list's kept items are counted once, so mapping every finding of a long list stays linear."""

    def __init__(self, data: Any, dropped: frozenset[DataPath]) -> None:
        self.data = data
        self.dropped = dropped
        self.holding = frozenset(cut[:end] for cut in dropped for end in range(len(cut)))
        self._kept: dict[DataPath, list[int]] = {}

    def in_file(self, path: DataPath) -> DataPath:
        """A path into data with the dropped parts left out as the path into the data: an item
        after one left out stands one place further down the file's list."""
        found: list[str | int] = []
        current = self.data
        for step in path:
            place = step
            if isinstance(step, int) and isinstance(current, list):
                kept = self._kept_of(tuple(found), current)
                place = kept[step] if step < len(kept) else step
            found.append(place)
            try:
                current = current[place]
            except (KeyError, IndexError, TypeError):
                current = None
        return tuple(found)

    def _kept_of(self, at: DataPath, items: list[Any]) -> list[int]:
        kept = self._kept.get(at)
        if kept is None:
            if at in self.holding:
                kept = [i for i in range(len(items)) if (*at, i) not in self.dropped]
            else:
                kept = list(range(len(items)))
            self._kept[at] = kept
        return kept


class Explain(Protocol):
    def __call__(
        self,
        error: ValidationError,
        model: type[BaseModel],
        data: Any,
        file: str,
        people: Mapping[str, str] = ...,
        *,
        vocabulary: Vocabulary = ...,
    ) -> list[Finding]: ...


@dataclass(frozen=True)
class Validator:
    """What the rules say of data its model refuses: the findings that say how to fix it, and the
    valid parts of an invalid record (rules.schema.VALIDATOR). The loader is given it, so the
    store never imports the rules; it holds module-level functions, so it travels to a worker
    process with the files."""

    explain: Explain
    salvage: Callable[
        [type[BaseModel], dict[str, Any], ValidationError, Vocabulary], Salvaged | None
    ]


@dataclass
class FileResult:
    """What one file gave: its findings, and if it parsed its id, its model (if valid) and so on.

    `to_wire` makes it plain values, so results cross process boundaries (and could be cached)
    without pickling pydantic models.
    """

    path: str
    findings: list[Finding] = field(default_factory=list)
    parsed: bool = False
    record_id: str | None = None
    risk_ids: list[str] = field(default_factory=list)  # a ROS's risk ids, also when invalid
    model: BaseModel | None = None
    kind: Kind | None = None
    body: str | None = None
    data: dict[str, Any] | None = None  # the parsed data; goes to the cache only when valid
    places: dict[Any, tuple[int, int]] = field(default_factory=dict)  # yamlfile.PLACED_KEYS
    digest: bytes = b""  # of the file's bytes, when read from disk (cache.digest)
    # The valid parts of an invalid record, for the rules; only while the file is being read.
    salvaged: Salvaged | None = None

    def to_wire(self) -> tuple[Any, ...]:
        """Plain values for marshal: pickling pydantic models costs more than rebuilding them."""
        findings = [finding_to_wire(f) for f in self.findings]
        data = self.data if self.model is not None else None
        return (
            self.path,
            findings,
            self.parsed,
            self.record_id,
            self.risk_ids,
            data,
            self.body,
            self.places,  # marshal keeps a dict with tuple keys as it is
            self.digest,
        )

    @classmethod
    def from_wire(cls, wire: tuple[Any, ...]) -> FileResult:
        path, findings, parsed, record_id, risk_ids, data, body, places, digest = wire
        result = cls(path, [finding_from_wire(f) for f in findings], parsed, record_id, risk_ids)
        result.body, result.digest = body, digest
        result.places = places
        if data is None:
            return result
        # Only data that validated is kept (see to_wire): rebuilt without validating again.
        register = register_name(path)
        if register:
            result.model = rebuild(REGISTERS[register], data)
        else:
            result.kind = kind_of(record_id)
            assert result.kind is not None  # the worker found it valid
            result.model = rebuild(result.kind.model, data)
        result.data = data  # so the result can go on to the cache whole
        return result

    @staticmethod
    def data_from_wire(wire: tuple[Any, ...]) -> dict[str, Any]:
        """The data of a valid file as `to_wire` keeps it, without building its model."""
        _, _, _, _, _, data, _, _, _ = wire
        return dict(data or {})

    def stored(self) -> StoredRecord | None:
        """The record the rules look at: a valid one, or the valid parts of an invalid one."""
        if self.kind is None:
            return None
        if self.model is not None:
            record: Any = self.model
            return StoredRecord(self.path, self.kind, record, self.body)
        if self.salvaged is not None:
            partial: Any = self.salvaged.record
            return StoredRecord(self.path, self.kind, partial, self.body, self.salvaged)
        return None


def finding_to_wire(f: Finding) -> tuple[Any, ...]:
    """A finding of a file with its fix (so `ims validate --fix` reads no file to find what to
    repair), without the facts of a deadline (those are Deadline's)."""
    fix = f.fix.to_wire() if f.fix is not None else None
    return (
        f.code, f.severity, f.file, f.message, f.ref, f.line, f.column, f.path, f.graded, f.counts,
        fix,
    )  # fmt: skip


def finding_from_wire(wire: tuple[Any, ...]) -> Finding:
    code, level, file, message, ref, line, column, path, graded, counts, fix = wire
    repair = Fix.from_wire(fix) if fix is not None else None
    return Finding(
        code, level, file, message, ref, line, column, path, graded=graded, counts=counts,
        fix=repair,
    )  # fmt: skip


@dataclass(frozen=True)
class StoredRecord:
    path: str  # relative to the repository root, with forward slashes
    kind: Kind
    record: Record
    body: str | None = None  # the Markdown body of a process description
    # Set when `record` is only the valid parts of an invalid record (Validator.salvage).
    salvaged: Salvaged | None = None


@dataclass
class Catalogue:
    """What references resolve against, and what reading the files found: the registers and
    every id. Checking a repository needs this and each record's facts, not the records."""

    root: Path
    config: Config
    findings: list[Finding]
    organisasjon: Organisasjon | None = None
    lovkrav: LovkravRegister | None = None
    risikobank: Risikobank | None = None
    # Every id of a file that parsed, valid or not, so one broken record does not make every
    # reference to it dangle: id -> files, and the 'ROS-…/R3' risk references.
    ids: dict[str, list[str]] = field(default_factory=dict)
    risk_refs: set[str] = field(default_factory=set)
    record_files: int = 0  # files that are records (not registers), valid or not
    broken_registers: set[str] = field(default_factory=set)  # present, but invalid

    def add_register(self, name: str, model: BaseModel | None) -> None:
        setattr(self, name, model)
        if model is None:
            self.broken_registers.add(name)

    def add_ids(self, path: str, record_id: str, risk_ids: list[str]) -> None:
        self.ids.setdefault(record_id, []).append(path)
        self.add_ids_of_risks(record_id, risk_ids)

    def add_ids_of_risks(self, record_id: str, risk_ids: list[str]) -> None:
        self.risk_refs.update(f"{record_id}/{risk}" for risk in risk_ids)


@dataclass
class Repository(Catalogue):
    """Everything read from a records repository, typed, with the problems found on the way."""

    records: list[StoredRecord] = field(default_factory=list)
    # file -> the places of the keys deadlines point at, so findings there need no second read
    places: dict[str, dict[Any, tuple[int, int]]] = field(default_factory=dict)


def discover(root: Path) -> list[str]:
    """Record files under records/, sorted; hidden folders and README files are skipped."""
    return sorted(listing(root, stamped=False))


def listing(root: Path, stamped: bool = True) -> dict[str, Stamp | None]:
    """Record files under records/ (as `discover`), each with its stamp when `stamped` (None
    when it cannot be had: read_path says why). Each file is stat-ed relative to its open folder
    (at 100 000 files, by full path costs a third more), on a thread per core: the kernel does
    the work, and every command waits for it."""
    records = root / RECORDS_DIR
    if records.is_symlink() and records.is_dir():
        return {RECORDS_DIR: None}  # a link is not walked: read_path says why (Y009)
    if os.path.lexists(records) and not records.is_dir():
        raise UserError(
            f"{records} er ikke en mappe; postene skal ligge i mappen {RECORDS_DIR}/ ved siden av "
            f"{CONFIG_FILE}"
        )
    batches: list[tuple[str, str, list[str]]] = []  # (prefix, folder, file names)
    folders = [(RECORDS_DIR + "/", str(root / RECORDS_DIR))]
    while folders:
        prefix, folder = folders.pop()
        try:
            with os.scandir(folder) as entries:
                batches.append((prefix, folder, _listed(entries, prefix, folder, folders)))
        except OSError:
            continue  # as os.walk: a folder that cannot be listed is skipped
    if not stamped:
        return {prefix + name: None for prefix, _, names in batches for name in names}
    chunks = [
        (prefix, folder, names[i : i + STAT_CHUNK])
        for prefix, folder, names in batches
        for i in range(0, len(names), STAT_CHUNK)
    ]
    found: dict[str, Stamp | None] = {}
    if len(chunks) < 2:  # one thread's worth
        for part in map(_stamps, chunks):
            found.update(part)
        return found
    from concurrent.futures import ThreadPoolExecutor  # only a repository this big needs it

    with ThreadPoolExecutor(min(4, os.cpu_count() or 1)) as pool:
        for part in pool.map(_stamps, chunks):
            found.update(part)
    return found


STAT_CHUNK = 2000  # files stat-ed by one thread at a time; fewer in all are stat-ed in one


def _stamps(chunk: tuple[str, str, list[str]]) -> dict[str, Stamp | None]:
    """The stamps of some files of one folder, by their path under the root."""
    prefix, folder, names = chunk
    if os.stat not in os.supports_dir_fd:
        return {prefix + name: _stamp(name, folder, folder) for name in names}
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return dict.fromkeys((prefix + name for name in names), None)
    found: dict[str, Stamp | None] = {}
    stat = os.stat  # the loop below runs for every file: no helper call in it
    try:
        for name in names:
            try:
                status = stat(name, dir_fd=handle)
                found[prefix + name] = (status.st_mtime_ns, status.st_size)
            except OSError:
                found[prefix + name] = None
    finally:
        os.close(handle)
    return found


def _listed(
    entries: Iterator[os.DirEntry[str]], prefix: str, folder: str, folders: list[Any]
) -> list[str]:
    """The record files' names in a folder; its sub-folders (not hidden, not links, as os.walk)
    go on `folders`. A link to a folder is listed as a file: it is not walked (it may loop, or
    lead out of the repository), and reading it says so (Y009)."""
    files = []
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            folders.append((f"{prefix}{name}/", f"{folder}{os.sep}{name}"))
        elif name.endswith(SUFFIXES) and name.lower() != "readme.md":
            files.append(name)
        elif entry.is_symlink() and entry.is_dir():
            files.append(name)
    return files


def _stamp(name: str, handle: int | str, folder: str) -> Stamp | None:
    try:
        if isinstance(handle, int):
            status = os.stat(name, dir_fd=handle)
        else:
            status = os.stat(os.path.join(folder, name))
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_size)


def register_name(path: str) -> str | None:
    """'organisasjon' for records/organisasjon.yaml, None for a record file."""
    folder, _, name = path.rpartition("/")
    stem, _, suffix = name.rpartition(".")
    if folder == RECORDS_DIR and suffix in ("yaml", "yml") and stem in REGISTERS:
        return stem
    return None


def record_files(paths: list[str]) -> int:
    """How many of the files are records (not registers), valid or not."""
    top = [p for p in paths if p.count("/") == 1]  # registers are right under records/
    return len(paths) - sum(1 for p in top if register_name(p))


def _problem(path: str, problem: yamlfile.FileProblem) -> Finding:
    return Finding(
        problem.code,
        severity(problem.code),
        path,
        problem.message,
        None,
        problem.line,
        problem.column,
    )


def read_file(
    path: str,
    raw: bytes,
    validator: Validator,
    people: Mapping[str, str] = MappingProxyType({}),
    *,
    vocabulary: Vocabulary,
) -> FileResult:
    """Parse and validate one file against the codes ims.yaml allows (Config.vocabulary). Pure
    on its bytes and those codes, so it can be cached (the index is keyed on ims.yaml) or run in
    a pool. With `people` (names by id), a person written by name gets a fix (--fix)."""
    from ims_cli.store import yamlfile

    result = FileResult(path)
    try:
        yamlfile.check_name(path)
        text = yamlfile.decode(raw)
        document = yamlfile.document_of(path, text)
        data = yamlfile.parse(document, result.places)
    except yamlfile.FileProblem as problem:
        result.findings.append(_problem(path, problem))
        return result
    result.parsed, result.body, result.data = True, document.body, data
    _identify(result, data)
    model = _model_for(path, data, result)
    if model is not None:
        try:
            result.model = model.model_validate(data, context=vocabulary)
        except ValidationError as error:
            found = validator.explain(error, model, data, path, people, vocabulary=vocabulary)
            result.findings.extend(found)
            if result.kind is not None:
                result.salvaged = validator.salvage(model, data, error, vocabulary)
    if not graded(grade_in(data)):
        result.findings.extend(_national_ids(path, text, data.get("id")))
    if PLACEHOLDER in text:
        result.findings.extend(_placeholders(path, text, data.get("id")))
    if any(f.line is None and f.path is not None for f in result.findings):
        result.findings = locate_in(result.findings, document)
    result.findings = mark(result.findings, grade_in(data))
    return result


def _identify(result: FileResult, data: dict[str, Any]) -> None:
    """The id and risk ids of a record, valid or not, so references to it still resolve."""
    record_id = data.get("id")
    if isinstance(record_id, str) and register_name(result.path) is None:
        result.record_id = record_id
        if record_id.startswith("ROS-") and isinstance(data.get("risikoer"), list):
            risks = data["risikoer"]
            result.risk_ids = [str(r["id"]) for r in risks if isinstance(r, dict) and "id" in r]


def _model_for(path: str, data: dict[str, Any], result: FileResult) -> type[BaseModel] | None:
    register = register_name(path)
    if register:
        return REGISTERS[register]
    result.kind = kind_of(data.get("id"))
    if result.kind:
        return result.kind.model
    found = data.get("id")
    what = (
        f"id {quote(found, grade_in(data))} har ukjent prefiks"
        if found
        else "posten har ikke noe id-felt"
    )
    result.findings.append(
        Finding(
            "I001",
            "feil",
            path,
            f"{what}; en post må ha id som begynner med {prefixes_said()}",
            path=("id",) if found else (),
        )
    )
    return None


def locate_in(findings: Iterable[Finding], document: yamlfile.Document) -> list[Finding]:
    """Line and column for the findings that only know their path in the document's data."""
    from ims_cli.store import yamlfile

    table = yamlfile.positions(document)
    return [
        f.at(*yamlfile.locate(table, f.path)) if f.path is not None and f.line is None else f
        for f in findings
    ]


# What the templates of `ims new` put where the user must write: a record is not done until
# every one is replaced.
PLACEHOLDER, PLACEHOLDER_CODE = "<fyll inn>", "S005"


def _placeholders(path: str, text: str, record_id: Any) -> list[Finding]:
    found, start = [], text.find(PLACEHOLDER)
    while start >= 0:
        if text.rfind("#", text.rfind("\n", 0, start) + 1, start) < 0:  # not in a YAML comment
            line = text.count("\n", 0, start) + 1
            column = start - (text.rfind("\n", 0, start) + 1) + 1
            message = f"«{PLACEHOLDER}» står fortsatt her; skriv teksten som skal stå i posten"
            ref = str(record_id) if record_id else None
            found.append(Finding(PLACEHOLDER_CODE, "feil", path, message, ref, line, column))
        start = text.find(PLACEHOLDER, start + 1)
    return found


def _national_ids(path: str, text: str, record_id: Any) -> list[Finding]:
    from ims_cli.national_ids import find_national_ids

    findings = []
    for offset in find_national_ids(text):
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        findings.append(
            Finding(
                "P001",
                "feil",
                path,
                "teksten inneholder et gyldig fødselsnummer eller D-nummer; fjern det, eller "
                "sett «gradering: fortrolig» hvis posten skal inneholde personopplysninger",
                str(record_id) if record_id else None,
                line,
                column,
            )
        )
    return findings


def load_config(
    root: Path, validator: Validator, index: Index | None = None
) -> tuple[Config, list[Finding]]:
    """ims.yaml as a typed config (kept with the index while unchanged); a broken one is
    reported and the defaults are used."""
    path = root / CONFIG_FILE
    if not os.path.lexists(path):
        return rebuild(Config, {}), []
    try:
        status = path.stat()
        stamp = (status.st_mtime_ns, status.st_size)
        kept = index.get("config") if index else None  # (mtime, size, digest, data, findings)
        if kept is not None and (kept[0], kept[1]) == stamp:
            return _config_from(kept)
        raw = files.read(str(root), CONFIG_FILE)
    except (OSError, files.Unreadable) as error:
        problem = error if isinstance(error, files.Unreadable) else files.unreadable(error)
        return rebuild(Config, {}), [unread(CONFIG_FILE, problem)]
    raw_digest = digest(raw)
    if kept is None or kept[2] != raw_digest:
        data, findings = config_data(raw, validator)
        kept = (0, 0, raw_digest, data, [finding_to_wire(f) for f in findings])
    if index:
        from ims_cli.store.index import kept_stamp

        index.put("config", (*kept_stamp(stamp), *kept[2:]))
    return _config_from(kept)


def _config_from(kept: tuple[Any, ...]) -> tuple[Config, list[Finding]]:
    return rebuild(Config, kept[3]), [finding_from_wire(f) for f in kept[4]]


def parse_config(raw: bytes | None, validator: Validator) -> tuple[Config, list[Finding]]:
    """The bytes of an ims.yaml (None when there is none) as a typed config and its problems."""
    data, findings = config_data(raw, validator) if raw is not None else ({}, [])
    return rebuild(Config, data), findings


def config_data(raw: bytes, validator: Validator) -> tuple[dict[str, Any], list[Finding]]:
    """The data of an ims.yaml when it is a valid config, else none (the defaults); and its
    problems."""
    from ims_cli.store import yamlfile

    try:
        document = yamlfile.Document(yamlfile.decode(raw))
        data = yamlfile.parse(document)
        Config.model_validate(data)
        return data, []
    except yamlfile.FileProblem as problem:
        return {}, [_problem(CONFIG_FILE, problem)]
    except ValidationError as error:
        found = validator.explain(error, Config, data, CONFIG_FILE)
        return {}, locate_in(found, document)


def unread(path: str, problem: files.Unreadable) -> Finding:
    """The finding for a file that is not read: too large (at its start) or unreadable."""
    place = 1 if problem.code == "Y005" else None
    return Finding(problem.code, "feil", path, problem.message, None, place, place)


def read_record(
    root: Path, path: str, validator: Validator, *, vocabulary: Vocabulary
) -> StoredRecord | None:
    """One record read again from disk for the rules: a valid one, or the valid parts of an
    invalid one; None when there is nothing of a record to look at (any more)."""
    return read_path(root, path, validator, vocabulary=vocabulary).stored()


def read_path(
    root: Path,
    path: str,
    validator: Validator,
    people: Mapping[str, str] = MappingProxyType({}),
    *,
    vocabulary: Vocabulary,
) -> FileResult:
    """One file from disk; a file that cannot be read is a finding like any other. With
    `people` and `vocabulary`, as read_file has them."""
    try:
        raw = files.read(str(root), path)
    except files.Unreadable as problem:
        return FileResult(path, [unread(path, problem)])
    result = read_file(path, raw, validator, people, vocabulary=vocabulary)
    result.digest = digest(raw)
    return result


# What a loader keeps of a file it read: plain values (marshal-able), made in a worker process
# when there are many files. Module-level functions, so they can be sent to one.
Convert = Callable[[Path, FileResult], tuple[Any, ...]]


def _read_chunk(
    root: Path, paths: list[str], validator: Validator, convert: Convert, vocabulary: Vocabulary
) -> bytes:
    """A worker's share: some files read and converted, with their digests, marshalled."""
    return marshal.dumps([_read_one(root, path, validator, convert, vocabulary) for path in paths])


def _read_one(
    root: Path, path: str, validator: Validator, convert: Convert, vocabulary: Vocabulary
) -> tuple[bytes, tuple[Any, ...]]:
    result = read_path(root, path, validator, vocabulary=vocabulary)
    return result.digest, convert(root, result)


def read_all(
    root: Path,
    paths: list[str],
    validator: Validator,
    convert: Convert,
    advance: Callable[[int], None],
    *,
    vocabulary: Vocabulary,
) -> Iterator[tuple[bytes, tuple[Any, ...]]]:
    """Every file read (its codes checked against `vocabulary`) and converted, with its digest
    (empty when it could not be read), in order; on all cores when there are enough files."""
    workers = min(os.cpu_count() or 1, 8)
    if len(paths) < PARALLEL_FROM or workers < 2:
        for path in paths:
            yield _read_one(root, path, validator, convert, vocabulary)
            advance(1)
        return
    # multiprocessing is slow to import, and only large repositories need it
    from concurrent.futures import ProcessPoolExecutor

    chunks = [paths[i : i + CHUNK] for i in range(0, len(paths), CHUNK)]
    converts, vocabularies = [convert] * len(chunks), [vocabulary] * len(chunks)
    validators = [validator] * len(chunks)
    with ProcessPoolExecutor(workers) as pool:
        chunked = (chunks, validators, converts, vocabularies)
        for blob in pool.map(_read_chunk, [root] * len(chunks), *chunked):
            items = marshal.loads(blob)
            yield from items
            advance(len(items))


@contextmanager
def collector_paused() -> Iterator[None]:
    """Loading makes hundreds of thousands of long-lived objects and no garbage cycles; the cyclic
    collector would walk the growing heap again and again (a third of the time at 100 000 records).
    Afterwards what was loaded is frozen, so later collections skip it too."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


Blobs = Callable[[Path], dict[str, bytes]]  # path -> blob id of each file git vouches for


def stamps_of(root: Path, paths: list[str]) -> dict[str, Stamp | None]:
    """Each file's stamp, None when it has none (see `listing`, which takes them on the way)."""
    return {path: _stamp(path, str(root), str(root)) for path in paths}


def locate(
    root: Path, findings: list[Finding], known: dict[str, dict[Any, tuple[int, int]]] | None = None
) -> list[Finding]:
    """Give line and column to findings that only know their path in the data: from the places
    kept while loading when they are there, otherwise by reading the file's node tree again."""
    tables: dict[str, dict[Any, tuple[int, int]]] = {}
    located = []
    for finding in findings:
        if finding.line is not None or finding.path is None:
            located.append(finding)
            continue
        place = (known or {}).get(finding.file, {}).get(finding.path)
        if place is not None:
            located.append(finding.at(*place))
            continue
        if finding.file not in tables:
            tables[finding.file] = positions(root, finding.file)
        from ims_cli.store import yamlfile

        located.append(finding.at(*yamlfile.locate(tables[finding.file], finding.path)))
    return located


def positions(root: Path, file: str) -> dict[Any, tuple[int, int]]:
    """Line and column of every place in a file's data, read again from disk."""
    from ims_cli.store import yamlfile

    text = yamlfile.decode(files.read(str(root), file))
    return yamlfile.positions(yamlfile.document_of(file, text))


def places(root: Path, file: str, paths: list[Any]) -> list[tuple[int, int]]:
    """Line and column of each path in a file's data (or of its nearest parent), read again."""
    from ims_cli.store import yamlfile

    table = positions(root, file)
    return [yamlfile.locate(table, path) for path in paths]
