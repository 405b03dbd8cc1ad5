"""A per-file cache of what reading a file gave, so a second run parses only what changed.

A file's result depends only on its bytes (`load.read_file`), so it is kept by path, mtime and size
and a digest of the bytes. A file whose mtime and size are unchanged is not even read; one whose
stamp changed but whose bytes did not (a fresh clone in CI with the cache restored, a branch
switched back and forth) is read and hashed, not parsed. A file touched in the last seconds is
trusted by its bytes only (its mtime may not tell the next change apart, the way git treats
'racy' files).

The cache lives in the user's cache folder, never in the records repository: unmarshalling a file
a pull request could plant there would not be safe. It is dropped whole when ims itself or Python
changes. A cache that cannot be read is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# A file changed less than this many seconds ago is read again next time rather than trusted.
RACY_SECONDS = 2.0
_FORMAT = 5
_BY_BYTES_ONLY = (-1, -1)  # the stamp of an entry whose file was racy when it was cached

# From this many files whose stamps changed (a fresh clone), git is asked which are unchanged.
ASK_GIT_FROM = 100

Stamp = tuple[int, int]  # mtime_ns, size
Entries = dict[str, tuple[int, int, bytes, tuple[Any, ...]]]  # path -> (mtime, size, digest, wire)


_SIZE = 20  # bytes of a digest


def digest(raw: bytes) -> bytes:
    """Of a file's bytes, the way git names a blob: so git's index can vouch for a file that
    has not been read (gitio.worktree)."""
    named = hashlib.sha1(b"blob %d\0" % len(raw), usedforsecurity=False)
    named.update(raw)
    return named.digest()


def _code_files() -> list[Path]:
    return sorted(Path(__file__).resolve().parent.parent.rglob("*.py"))


def _code_stamps(files: list[Path]) -> list[tuple[str, int, int]]:
    """Cheap (a stat per module): when they are as last time, ims has not changed."""
    return [(str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files]


def _code_fingerprint(files: list[Path]) -> str:
    """Changes whenever a module of ims changes, so an edited ims never serves old results. By
    content, not mtime: `pip install` in CI writes the same ims with new mtimes every run."""
    fingerprint = hashlib.sha256(repr((_FORMAT, sys.version)).encode())
    for path in files:
        fingerprint.update(path.name.encode() + b"\0" + path.read_bytes())
    return fingerprint.hexdigest()


def folder() -> Path | None:
    """IMS_CACHE_DIR, else XDG_CACHE_HOME/ims or ~/.cache/ims; None when IMS_NO_CACHE is set."""
    if os.environ.get("IMS_NO_CACHE"):
        return None
    explicit = os.environ.get("IMS_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "ims"


class _CacheFile:
    """One file in the cache folder for a records repository: its content is dropped when ims
    changes, or when the key it was made under is not the one asked for."""

    def __init__(self, root: Path, kind: str, key: str):
        place = folder()
        name = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:24]
        self.path = place / f"{name}.{kind}.marshal" if place else None
        self.key = key
        self.changed = False  # the content must be written, when it is saved
        self.code: list[Path] = []
        self.code_stamps: list[tuple[str, int, int]] = []
        self.fingerprint = ""

    @property
    def enabled(self) -> bool:
        return self.path is not None

    def _load(self) -> Any:
        """The content, or None when there is none to trust."""
        if self.path is None:
            return None
        self.code = _code_files()
        self.code_stamps = _code_stamps(self.code)
        try:
            fingerprint, code_stamps, key, content = marshal.loads(self.path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return None  # none yet, or unreadable: start over
        if code_stamps == self.code_stamps:
            self.fingerprint = fingerprint  # the very same files of ims as last time
        if fingerprint != self._fingerprint() or key != self.key:
            self.changed = True  # written anew even if nothing else changes
            return None
        if code_stamps != self.code_stamps:
            self.changed = True  # the same ims, written anew: keep its new stamps
        return content

    def _fingerprint(self) -> str:
        if not self.fingerprint:
            self.fingerprint = _code_fingerprint(self.code or _code_files())
        return self.fingerprint

    def _store(self, content: Any) -> None:
        """Atomically; a cache that cannot be written is only a slower next run."""
        if self.path is None:
            return
        temporary = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                stamps = self.code_stamps or _code_stamps(_code_files())
                out.write(marshal.dumps((self._fingerprint(), stamps, self.key, content)))
            os.replace(temporary, self.path)
            temporary = None
        except (OSError, ValueError):
            pass
        finally:
            if temporary:
                Path(temporary).unlink(missing_ok=True)


class FileCache(_CacheFile):
    """The cached results of one records repository: what reading each file gave ("results"),
    or another kind of thing made from each file, valid while `key` stays the same (the facts
    `ims check` needs depend on ims.yaml too)."""

    def __init__(self, root: Path, kind: str = "results", key: str = ""):
        super().__init__(root, kind, key)
        entries = self._load()
        self.entries: Entries = entries if isinstance(entries, dict) else {}

    def get(self, path: str, stamp: Stamp) -> tuple[Any, ...] | None:
        """The result of a file whose mtime and size are as they were."""
        entry = self.entries.get(path)
        if entry is None or (entry[0], entry[1]) != stamp:
            return None
        return entry[3]

    def get_same(self, path: str, stamp: Stamp, raw: bytes) -> tuple[Any, ...] | None:
        """The result of a file whose stamp changed but whose bytes are as they were; it is kept
        under the new stamp."""
        entry = self.entries.get(path)
        if entry is None or entry[2] != digest(raw):
            return None
        self.put(path, stamp, entry[2], entry[3])
        return entry[3]

    def put(self, path: str, stamp: Stamp, bytes_digest: bytes, wire: tuple[Any, ...]) -> None:
        if not self.enabled:
            return
        if racy(stamp):
            stamp = _BY_BYTES_ONLY
        self.entries[path] = (stamp[0], stamp[1], bytes_digest, wire)
        self.changed = True

    def keep_only(self, paths: set[str]) -> None:
        """Forget files that are gone."""
        gone = set(self.entries) - paths
        for path in gone:
            del self.entries[path]
        self.changed = self.changed or bool(gone)

    def save(self) -> None:
        if self.changed:
            self._store(self.entries)


def racy(stamp: Stamp) -> bool:
    """Changed so lately that its mtime may not tell the next change apart."""
    return time.time_ns() - stamp[0] < RACY_SECONDS * 1e9


def _any_racy(stamps: dict[str, Stamp | None]) -> bool:
    return any(racy(s) for s in stamps.values() if s is not None)


class Snapshot(_CacheFile):
    """Something worked out from every file of a repository at once, kept with the stamps and
    digests of the files it came from: good as long as each file, and the key, is the same."""

    def get(
        self, stamps: dict[str, Stamp | None], vouch: Callable[[], dict[str, bytes]] | None = None
    ) -> Any:
        """The content, if it was made from these files: each with the same stamp, or, where
        stamps changed (a fresh clone), with the digest `vouch` gives (git's blob ids)."""
        stored = self._load()
        if not isinstance(stored, tuple):
            return None
        kept, digests, content = stored
        if kept == stamps:
            return content
        if vouch is None or kept.keys() != stamps.keys():
            return None
        changed = {path for path, stamp in stamps.items() if kept[path] != stamp}
        if len(changed) < ASK_GIT_FROM:
            return None  # an edit, most likely: asking git costs more than it would save
        vouched = vouch()
        for index, path in enumerate(kept):
            if (
                path in changed
                and vouched.get(path) != digests[index * _SIZE : (index + 1) * _SIZE]
            ):
                return None
        if not _any_racy(stamps):  # under the new stamps: next time, no need to ask
            self._store((stamps, digests, content))
        return content

    def put(self, stamps: dict[str, Stamp | None], digests: dict[str, bytes], content: Any) -> None:
        """Kept unless a file changed too lately to be told apart from its next change. The
        digests go in one string, in the order of the stamps: 100 000 small ones would take
        longer to read back than all the rest."""
        if self.enabled and not _any_racy(stamps):
            joined = b"".join(digests.get(path) or bytes(_SIZE) for path in stamps)
            self._store((stamps, joined, content))


def templates_folder() -> Path | None:
    """Where compiled jinja2 templates are kept (the report's take ~0.2 s to compile); None
    when there is no cache or it cannot be written."""
    place = folder()
    if place is None:
        return None
    try:
        (place / "templates").mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return place / "templates"
