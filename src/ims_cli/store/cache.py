"""Where ims keeps what it remembers between runs, outside the records repository: the index
(store.index) and compiled report templates; and the digest of a file's bytes they compare.

Never in the records repository: unmarshalling a file a pull request could plant there would not
be safe.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

# A file changed less than this many seconds ago is read again next time rather than trusted.
RACY_SECONDS = 2.0

# From this many files whose stamps changed (a fresh clone), git is asked which are unchanged.
ASK_GIT_FROM = 100

Stamp = tuple[int, int]  # mtime_ns, size


def digest(raw: bytes) -> bytes:
    """Of a file's bytes, the way git names a blob: so git's index can vouch for a file that
    has not been read (gitio.worktree)."""
    named = hashlib.sha1(b"blob %d\0" % len(raw), usedforsecurity=False)
    named.update(raw)
    return named.digest()


def folder() -> Path | None:
    """IMS_CACHE_DIR, else XDG_CACHE_HOME/ims or ~/.cache/ims; None when IMS_NO_CACHE is set."""
    if os.environ.get("IMS_NO_CACHE"):
        return None
    explicit = os.environ.get("IMS_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "ims"


def racy(stamp: Stamp) -> bool:
    """Changed so lately that its mtime may not tell the next change apart."""
    return time.time_ns() - stamp[0] < RACY_SECONDS * 1e9


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
