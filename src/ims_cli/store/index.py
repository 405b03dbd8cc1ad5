"""The index: what reading each file of a records repository gave, in one SQLite file, so a run
reads only the files that changed and a command builds only the records it needs.

Per file it keeps the stamp (mtime, size) and digest of the bytes it was made from, the file's
ids and findings, what reading it gave and the facts `ims check` needs (as marshal blobs), and
for a valid record the columns commands select by: kind, unit, date, status, when it settled.
A file whose stamp is unchanged is not read; one whose stamp changed but whose bytes did not (a
fresh clone, a branch switched back) is hashed, or vouched for by git's index, not parsed; one
changed in the last seconds is trusted by its bytes only (git's 'racy' files).

It lives in the user's cache folder, never in the records repository: a pull request could plant
a file there, and the blobs are unmarshalled. It is made anew when ims or Python changes, when
ims.yaml says something else, and when it cannot be read (with a one-line note). With IMS_NO_CACHE
it is kept in memory for the one run, and every record is built.
"""

from __future__ import annotations

import hashlib
import marshal
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, suppress
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ims_cli.store import files
from ims_cli.store.cache import ASK_GIT_FROM, Stamp, digest, folder, racy

FORMAT = 7
BUSY_SECONDS = 10.0  # how long to wait for another ims writing the index, then do without
_RACY, _UNREAD = -1, -2  # the mtime kept for a file read while racy, or one that was not read


# What is kept of a file besides its path, stamp and digest, in the order of COLUMNS.
COLUMNS = (
    "record_id",  # the id of a record that parsed, valid or not
    "risk_ids",  # marshal: a ROS's risk ids, also when invalid; NULL when none
    "found",  # marshal: the findings of reading the file; NULL when none
    "result",  # marshal: what reading it gave (load.FileResult.to_wire)
    "facts",  # marshal: what checking needs of it (rules.facts.file_facts)
    # A valid record's columns, as `ims list` shows them (analytics.records.Listed) …
    "sort",
    "tittel",
    "enhet",
    "dato",
    "status",
    "gradering",
    # … and the day from which nothing about it changes any more (analytics.records.settled)
    "settled",
    "reported",  # marshal: what statistics need of an avvik (analytics.stats.Reported)
    "tiltak",  # marshal: (where in the data, data) of each of a record's tiltak
    "marks",  # marshal: what PUFF needs of a record besides (analytics.puff.Marks)
)
Row = tuple[Any, ...]

# Stamps apart from the rest: a fresh clone restamps every file, and that rewrites only them.
_FILES = (
    "CREATE TABLE IF NOT EXISTS stamps "
    "(path TEXT PRIMARY KEY, mtime INTEGER, size INTEGER, digest BLOB)",
    f"CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, {', '.join(COLUMNS)})",
    # What an export made of a file (marshal), by what made it: kept with the digest of the
    # bytes it was made from, and used only while the file still has them.
    "CREATE TABLE IF NOT EXISTS made "
    "(path TEXT, key TEXT, digest BLOB, value BLOB, PRIMARY KEY (path, key))",
)
_INDEXES = (
    "CREATE INDEX IF NOT EXISTS files_record ON files (record_id)",
    "CREATE INDEX IF NOT EXISTS files_sort ON files (sort, dato)",
)
_SCHEMA = ";\n".join(
    ["CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB)", *_FILES, *_INDEXES]
)


class Unavailable(Exception):
    """The index cannot be written now (another ims holds it): this run keeps its own."""


class Broken(Exception):
    """The index holds something that cannot be read back: it is made anew."""


_BUSY = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}


def _busy(error: sqlite3.Error) -> bool:
    return getattr(error, "sqlite_errorcode", None) in _BUSY


@dataclass(frozen=True)
class Select:
    """Which valid records a command needs built; the others stay in the index. An avvik is
    built when it was reported in `meldt` or had something open on or after `active_since`
    (see analytics.records.settled); with neither given, every avvik is."""

    sorts: frozenset[str] | None = None  # None: every kind
    ids: frozenset[str] | None = None
    meldt: tuple[date, date] | None = None
    active_since: date | None = None
    below: str | None = None  # only records of this unit and the units below it
    of_a_unit: bool = False  # only records that belong to a unit (a process may not)
    # Only the ids asked for are looked up (and the findings of their files), not every id:
    # for a command about one record that does not check it against the others
    lookup: bool = False
    # Every id of the repository, for the rules and new ids; without, no id (a tenth of a second
    # at 100 000 records) for a command that reads no reference and makes no id
    every_id: bool = True
    prefix: str | None = None  # only records whose id starts with this (shell completion)

    def where(self, units: Iterable[str] | None = None) -> tuple[str, list[Any]]:
        """As SQL; `units` are those `below` stands for (the organisation knows them)."""
        clauses, values = ["sort IS NOT NULL"], list[Any]()
        if units is not None:
            chosen = sorted(units)
            clauses.append(f"enhet IN ({', '.join('?' * len(chosen))})")
            values += chosen
        if self.of_a_unit:
            clauses.append("enhet IS NOT NULL")
        if self.sorts is not None:
            clauses.append(f"sort IN ({', '.join('?' * len(self.sorts))})")
            values += sorted(self.sorts)
        if self.ids is not None:
            clauses.append(f"record_id IN ({', '.join('?' * len(self.ids))})")
            values += sorted(self.ids)
        if self.prefix is not None:
            clauses.append("substr(record_id, 1, ?) = ?")
            values += [len(self.prefix), self.prefix]
        avvik = []
        if self.meldt is not None:
            avvik.append("dato BETWEEN ? AND ?")
            values += [d.isoformat() for d in self.meldt]
        if self.active_since is not None:
            avvik.append("settled IS NULL OR settled >= ?")
            values.append(self.active_since.isoformat())
        if avvik:
            clauses.append(f"(sort != 'avvik' OR {' OR '.join(avvik)})")
        return " AND ".join(f"({c})" for c in clauses), values


EVERYTHING = Select()
REGISTERS_ONLY = Select(frozenset(), every_id=False)  # no record built, no id looked up


@dataclass(frozen=True)
class Where:
    """A condition of the index's own on the files (not only valid records), as SQL."""

    clause: str
    values: tuple[Any, ...] = ()

    def where(self, units: Iterable[str] | None = None) -> tuple[str, list[Any]]:
        return self.clause, list(self.values)


def identified(ids: Iterable[str]) -> Where:
    """The files of these ids, valid records or not."""
    chosen = tuple(sorted(ids))
    return Where(f"record_id IN ({', '.join('?' * len(chosen))})", chosen)


# A file of a record that parsed (registers have no record id), and a file with findings.
IDENTIFIED, FOUND = Where("record_id IS NOT NULL"), Where("found IS NOT NULL")


def _code_files() -> list[Path]:
    return sorted(Path(__file__).resolve().parent.parent.rglob("*.py"))


def _code_stamps(code: list[Path]) -> list[tuple[str, int, int]]:
    """Cheap (a stat per module): when they are as last time, ims has not changed."""
    return [(str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in code]


def _code_fingerprint(code: list[Path]) -> str:
    """Changes whenever a module of ims changes, so an edited ims never serves old results. By
    content, not mtime: `pip install` in CI writes the same ims with new mtimes every run."""
    fingerprint = hashlib.sha256(repr((FORMAT, sys.version)).encode())
    for path in code:
        fingerprint.update(path.name.encode() + b"\0" + path.read_bytes())
    return fingerprint.hexdigest()


def location(root: Path) -> Path | None:
    """The index file of a repository in the cache folder; None without a cache."""
    place = folder()
    if place is None:
        return None
    name = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:24]
    return place / f"{name}.index.sqlite"


def _pointer(identity: str) -> Path | None:
    """Where the name of the latest index of a repository, wherever cloned, is kept."""
    place = folder()
    name = hashlib.sha256(identity.encode()).hexdigest()[:24]
    return place / f"{name}.latest" if place else None


def discard(root: Path) -> None:
    """The repository's index deleted, so the next run makes it anew."""
    path = location(root)
    if path is not None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


class Index:
    """One repository's index, open for one run."""

    def __init__(
        self,
        root: Path,
        note: Callable[[str], None] = lambda _: None,
        *,
        in_memory: bool = False,
        identity: Callable[[], str | None] | None = None,
    ) -> None:
        self.root = root
        self.path = None if in_memory else location(root)
        self.persistent = self.path is not None
        self.generation = 0
        made = self.path is not None and not self.path.exists()
        self.db = self._open(note)
        if made and identity is not None:
            self._adopt(identity())

    def _adopt(self, identity: str | None) -> None:
        """A new index starts from the latest one of the same repository cloned elsewhere (a
        cache restored into a checkout at another path); its files are then vouched for by
        their bytes or git, as in any fresh clone. This one becomes the latest."""
        pointer = _pointer(identity) if identity else None
        if pointer is None or self.path is None:
            return
        try:
            source = pointer.parent / pointer.read_text("ascii").strip()
            if source != self.path and source.name.endswith(".index.sqlite"):
                with closing(sqlite3.connect(source, timeout=BUSY_SECONDS)) as kept:
                    kept.backup(self.db)
                self._check_code(self.db)
        except (OSError, UnicodeError, sqlite3.Error):
            pass  # none to adopt: made from the files
        with suppress(OSError):
            pointer.write_text(self.path.name, "ascii")

    def _open(self, note: Callable[[str], None]) -> sqlite3.Connection:
        if self.path is None:
            return self._connect(":memory:")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = self._connect(str(self.path))
            self._check_code(db)
            return db
        except sqlite3.DatabaseError as error:
            if _busy(error):  # held by another ims: this run keeps its own
                self.path, self.persistent = None, False
                return self._connect(":memory:")
            note(f"Merk: indeksen {self.path} kunne ikke leses og bygges på nytt.")
        except OSError:
            pass  # no cache folder to be had: this run keeps its own
        try:
            self.path.unlink(missing_ok=True)
            db = self._connect(str(self.path))
            self._check_code(db)
            return db
        except (sqlite3.Error, OSError):
            self.path, self.persistent = None, False
            return self._connect(":memory:")

    @staticmethod
    def _connect(where: str) -> sqlite3.Connection:
        db = sqlite3.connect(where, timeout=BUSY_SECONDS, isolation_level=None)
        db.execute("PRAGMA trusted_schema = OFF")
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
        if tables and "meta" not in tables:
            db.close()
            raise sqlite3.DatabaseError("an SQLite file, but not an index of ims")
        if where != ":memory:":
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")  # a lost last write is only a slower run
        db.executescript(_SCHEMA)
        return db

    def _check_code(self, db: sqlite3.Connection) -> None:
        """Start over when ims or Python is not the one that made the index."""
        code = _code_files()
        stamps = _code_stamps(code)
        kept = dict(db.execute("SELECT key, value FROM meta WHERE key IN ('code', 'stamps')"))
        if kept.get("stamps") == marshal.dumps(stamps):
            return
        fingerprint = _code_fingerprint(code)
        with _writing(db):
            if kept.get("code") != fingerprint.encode():  # its columns may have changed too
                db.execute("DROP TABLE IF EXISTS files")
                db.execute("DROP TABLE IF EXISTS stamps")
                db.execute("DROP TABLE IF EXISTS made")
                db.execute("DELETE FROM meta")
                for statement in (*_FILES, *_INDEXES):
                    db.execute(statement)
            db.execute("REPLACE INTO meta VALUES ('code', ?)", (fingerprint.encode(),))
            db.execute("REPLACE INTO meta VALUES ('stamps', ?)", (marshal.dumps(stamps),))

    def get(self, key: str) -> Any:
        """A value kept with the index (marshal-able), None when there is none."""
        for (value,) in self._execute("SELECT value FROM meta WHERE key = ?", (key,)):
            return loads(value)
        return None

    def _execute(self, query: str, values: Iterable[Any] = ()) -> list[Row]:
        """All rows at once (fetched in C: a generator here cost a tenth of a second at 100 000
        files); an index that cannot be read is Broken."""
        try:
            return self.db.execute(query, tuple(values)).fetchall()
        except sqlite3.DatabaseError as error:
            raise Broken from error

    def put(self, key: str, value: Any) -> None:
        """Kept unless another ims is writing the index: then only a slower next run."""
        try:
            self.db.execute("REPLACE INTO meta VALUES (?, ?)", (key, marshal.dumps(value)))
        except sqlite3.DatabaseError:
            pass  # held by another ims, or no room: only a slower next run

    def keyed(self, key: str) -> None:
        """Forget every file when what the index was made under (ims.yaml) has changed."""
        if self.get("key") == key:
            return
        try:
            with _writing(self.db):
                self.db.execute("DELETE FROM files")
                self.db.execute("DELETE FROM stamps")
                self.db.execute("DELETE FROM made")
                self.db.execute("DELETE FROM meta WHERE key NOT IN ('code', 'stamps', 'config')")
                self.db.execute("REPLACE INTO meta VALUES ('key', ?)", (marshal.dumps(key),))
        except sqlite3.DatabaseError as error:
            raise Unavailable if _busy(error) else Broken from error

    def refresh(
        self,
        paths: list[str],
        known: dict[str, Stamp | None],
        read: Callable[[list[str]], Iterator[tuple[bytes, Row]]],
        blobs: Callable[[], dict[str, bytes]] | None = None,
        advance: Callable[[int], None] = lambda _: None,
    ) -> None:
        """Bring the index up to the files given, with their stamps: `read` makes rows (in the
        order of COLUMNS, with the digest) of those that must be read. Raises Unavailable when
        another ims holds the index."""
        kept = {path: (mtime, size) for path, mtime, size in self._execute(_STAMPS)}
        self.generation = self.get("generation") or 0
        if len(known) == len(paths) and kept == known:  # nothing changed: compared in C
            advance(len(paths))
            return
        stale, restamped = [], []
        for path in paths:
            stamp, entry = known.get(path), kept.get(path)
            if stamp is None or entry is None:
                stale.append(path)
            elif entry != stamp:
                restamped.append(path)
        digests: dict[str, bytes] = dict(self._execute(_DIGESTS)) if restamped else {}
        vouched = blobs() if blobs and len(restamped) >= ASK_GIT_FROM else {}
        same = []
        for path in restamped:
            if vouched.get(path) == digests[path] or self._same_bytes(path, digests[path]):
                same.append(path)
            else:
                stale.append(path)
        gone = kept.keys() - set(paths)
        advance(len(paths) - len(stale))
        if not (stale or same or gone):
            return
        try:
            with _writing(self.db):
                self._write(stale, same, gone, known, read)
        except sqlite3.DatabaseError as error:
            raise Unavailable if _busy(error) else Broken from error

    def _same_bytes(self, path: str, kept: bytes) -> bool:
        try:
            return digest(files.read(str(self.root), path)) == kept
        except files.Unreadable:
            return False

    def _write(
        self,
        stale: list[str],
        same: list[str],
        gone: Iterable[str],
        known: dict[str, Stamp | None],
        read: Callable[[list[str]], Iterator[tuple[bytes, Row]]],
    ) -> None:
        db = self.db
        db.executemany(
            "UPDATE stamps SET mtime = ?, size = ? WHERE path = ?",
            [(*kept_stamp(known[p]), p) for p in same],
        )
        for table in ("stamps", "files", "made"):
            db.executemany(f"DELETE FROM {table} WHERE path = ?", [(p,) for p in gone])
        insert = f"REPLACE INTO files VALUES (?, {', '.join('?' * len(COLUMNS))})"
        stamped: list[Row] = []
        batch: list[Row] = []
        for path, (file_digest, row) in zip(stale, read(stale), strict=True):
            stamp = known.get(path)
            # A file that could not be read (no digest, no stamp) is tried again next time.
            mtime, size = kept_stamp(stamp) if stamp and file_digest else (_UNREAD, 0)
            stamped.append((path, mtime, size, file_digest))
            batch.append((path, *row))
            if len(batch) >= 1000:
                db.executemany(insert, batch)
                batch = []
        db.executemany(insert, batch)
        db.executemany("REPLACE INTO stamps VALUES (?, ?, ?, ?)", stamped)
        if not (stale or gone):
            return  # the same bytes under new stamps: what was made from them still holds
        self.generation += 1
        db.execute("REPLACE INTO meta VALUES ('generation', ?)", (marshal.dumps(self.generation),))

    def rows(
        self,
        columns: str,
        select: Select | Where | None = None,
        paths: list[str] | None = None,
        units: Iterable[str] | None = None,
    ) -> list[Row]:
        """The columns asked for of every file, of the valid records selected (`units`: see
        Select.where), or of the files given; by path."""
        where, values = ("1", []) if select is None else select.where(units)
        if paths is not None:
            where, values = f"path IN ({', '.join('?' * len(paths))})", list(paths)
        query = f"SELECT {columns} FROM files WHERE {where} ORDER BY path"
        return self._execute(query, values)

    def rows_made(self, key: str, select: Select, units: Iterable[str] | None = None) -> list[Row]:
        """(path, digest, result, made) of the valid records selected, by path: `made` is what
        `key` made of the file from the bytes it has now (see keep_made), else None."""
        where, values = select.where(units)
        query = (
            "SELECT path, digest, result, (SELECT value FROM made WHERE made.path = files.path "
            "AND made.key = ? AND made.digest = stamps.digest) FROM files "
            f"JOIN stamps USING (path) WHERE {where} ORDER BY path"
        )
        return self._execute(query, [key, *values])

    def made_under(self) -> Any:
        """What the index is made under now (ims.yaml's key and ims's code): what is made from
        it is kept only while that holds (keep_made)."""
        return self._execute("SELECT key, value FROM meta WHERE key IN ('key', 'code')")

    def keep_made(self, key: str, made: list[tuple[str, bytes, bytes]], under: Any) -> None:
        """Keep what `key` made of files, each (path, digest of the bytes, marshal blob), when
        the index is still made `under` what it was made from (another ims may have changed
        ims.yaml meanwhile); not when another ims is writing: then it is made again next time."""
        if not made or not self.persistent:
            return
        try:
            with _writing(self.db):
                if self.made_under() != under:
                    return
                self.db.executemany(
                    "REPLACE INTO made VALUES (?, ?, ?, ?)", [(p, key, d, v) for p, d, v in made]
                )
        except sqlite3.DatabaseError:
            pass  # held by another ims, or no room: only a slower next run

    def close(self) -> None:
        self.db.close()


_STAMPS = "SELECT path, mtime, size FROM stamps"
_DIGESTS = "SELECT path, digest FROM stamps"


def kept_stamp(stamp: Stamp | None) -> Stamp:
    """A file changed so lately that its mtime may not tell the next change apart is kept
    without its stamp: next time its bytes are compared."""
    assert stamp is not None
    return (_RACY, _RACY) if racy(stamp) else stamp


class _writing:
    """One write transaction, taken at once (so two writers never deadlock)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, *_: object) -> None:
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")


def blob(value: Any) -> bytes | None:
    return marshal.dumps(value) if value else None


def unblob(value: bytes | None) -> Any:
    return loads(value) if value is not None else None


def loads(value: bytes) -> Any:
    """A blob of the index; one that cannot be read means the index is broken."""
    try:
        return marshal.loads(value)
    except (EOFError, ValueError, TypeError) as error:
        raise Broken from error
