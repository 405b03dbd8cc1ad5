"""A per-file cache of what reading a file gave, so a second run parses only what changed.

A file's result depends only on its bytes (`load.read_file`), so it is kept by path, mtime and size.
The cache lives in the user's cache folder, never in the records repository: unmarshalling a file
a pull request could plant there would not be safe. It is dropped whole when ims itself or Python
changes, and a file touched in the last seconds is not cached (its mtime may not tell the next
change apart, the way git treats 'racy' files). A cache that cannot be read is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

# A file changed less than this many seconds ago is read again next time rather than trusted.
RACY_SECONDS = 2.0
_FORMAT = 1

Stamp = tuple[int, int]  # mtime_ns, size
Entries = dict[str, tuple[int, int, tuple[Any, ...]]]  # path -> (mtime_ns, size, wire)


def _code_fingerprint() -> str:
    """Changes whenever a module of ims changes, so an edited ims never serves old results."""
    package = Path(__file__).resolve().parent.parent
    stamps = sorted(
        (str(p.relative_to(package)), p.stat().st_mtime_ns) for p in package.rglob("*.py")
    )
    return hashlib.sha256(repr((_FORMAT, sys.version, stamps)).encode()).hexdigest()


def folder() -> Path | None:
    """IMS_CACHE_DIR, else XDG_CACHE_HOME/ims or ~/.cache/ims; None when IMS_NO_CACHE is set."""
    if os.environ.get("IMS_NO_CACHE"):
        return None
    explicit = os.environ.get("IMS_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "ims"


class FileCache:
    """The cached results of one records repository."""

    def __init__(self, root: Path):
        place = folder()
        name = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:24]
        self.path = place / f"{name}.marshal" if place else None
        self.fingerprint = _code_fingerprint() if place else ""
        self.entries: Entries = {}
        self.changed = False
        if self.path is not None:
            self.entries = self._read()

    def _read(self) -> Entries:
        assert self.path is not None
        try:
            fingerprint, entries = marshal.loads(self.path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return {}  # none yet, or unreadable: start over
        return entries if fingerprint == self.fingerprint and isinstance(entries, dict) else {}

    def get(self, path: str, stamp: Stamp) -> tuple[Any, ...] | None:
        entry = self.entries.get(path)
        if entry is None or (entry[0], entry[1]) != stamp:
            return None
        return entry[2]

    @property
    def enabled(self) -> bool:
        return self.path is not None

    def put(self, path: str, stamp: Stamp, wire: tuple[Any, ...]) -> None:
        if not self.enabled or time.time_ns() - stamp[0] < RACY_SECONDS * 1e9:
            return
        self.entries[path] = (stamp[0], stamp[1], wire)
        self.changed = True

    def keep_only(self, paths: set[str]) -> None:
        """Forget files that are gone."""
        gone = set(self.entries) - paths
        for path in gone:
            del self.entries[path]
        self.changed = self.changed or bool(gone)

    def save(self) -> None:
        """Atomically; a cache that cannot be written is only a slower next run."""
        if self.path is None or not self.changed:
            return
        temporary = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                out.write(marshal.dumps((self.fingerprint, self.entries)))
            os.replace(temporary, self.path)
            temporary = None
        except (OSError, ValueError):
            pass
        finally:
            if temporary:
                Path(temporary).unlink(missing_ok=True)


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
