"""Read a file of the repository safely: a pull request can add any kind of file.

Only a regular file inside the repository is read, and at most MAX_BYTES of it: a link to
/dev/zero or to a file elsewhere on the machine, a FIFO that would block, a device or a file that
grows while it is read becomes an `Unreadable` with a Norwegian reason, never a hang or a crash.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

MAX_BYTES = 2 * 1024 * 1024  # a record larger than this is a mistake (Y005)

# Why a file cannot be read, in Norwegian; other reasons keep the system's own words.
_REASONS = {
    errno.ENOENT: "en lenke som peker til noe som ikke finnes",
    errno.EACCES: "ingen tilgang",
    errno.EPERM: "ingen tilgang",
    errno.ELOOP: "lenker i ring",
    errno.EISDIR: "en mappe, ikke en fil",
    errno.ENXIO: "en spesialfil (FIFO eller socket), ikke en vanlig fil",
}
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class Unreadable(Exception):
    """A file ims will not or cannot read: the rule code (Y005 too large, Y009 otherwise) and
    the reason in Norwegian."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def read(root: str, relative: str) -> bytes:
    """The bytes of a regular file inside `root`, at most MAX_BYTES of them."""
    full = os.path.join(root, relative)
    try:
        handle = os.open(full, _FLAGS | _NOFOLLOW)
    except OSError as error:
        if error.errno != errno.ELOOP or not _NOFOLLOW:
            raise unreadable(error) from None
        handle = _open_link(root, full)  # the file is a link (or a loop of them)
    try:
        return _read_regular(handle)
    finally:
        os.close(handle)


def _open_link(root: str, full: str) -> int:
    """A link is followed only to a file inside the repository; never to a folder."""
    top = os.path.realpath(root)
    target = os.path.realpath(full)
    folder = os.path.isdir(target)
    if target != top and not target.startswith(top + os.sep):
        raise Unreadable(
            "Y009",
            "mappen er en lenke til noe utenfor postarkivet; ims leser bare filer i postarkivet. "
            "Flytt mappen inn i postarkivet, eller fjern lenken"
            if folder
            else "filen er en lenke til noe utenfor postarkivet; ims leser bare filer i "
            "postarkivet. Legg inn filen selv, eller fjern lenken",
        )
    if folder:
        raise Unreadable(
            "Y009",
            "mappen er en lenke til en annen mappe i postarkivet; ims går ikke gjennom lenker "
            "til mapper (de kan gå i ring eller gi de samme postene to ganger). Flytt mappen "
            "hit, eller fjern lenken",
        )
    try:
        return os.open(full, _FLAGS)
    except OSError as error:
        raise unreadable(error) from None


class Linked(Exception):
    """A path that goes through a link; `part` is the leading part of it that is one."""

    def __init__(self, part: str) -> None:
        super().__init__(part)
        self.part = part


def read_unlinked(base: Path, relative: str) -> tuple[bytes, int] | None:
    """The bytes and modification time of a regular file at `relative` (parts split by /)
    below `base` when no part of that path is a link (Linked otherwise, Unreadable for a
    special file); None when there is no file there. A repository's templates are read so:
    a link there could reach any file of the machine."""
    parts = relative.split("/")
    here = base
    for number, part in enumerate(parts, 1):
        here = here / part
        try:
            status = os.lstat(here)
        except (FileNotFoundError, NotADirectoryError):
            return None
        if stat.S_ISLNK(status.st_mode):
            raise Linked("/".join(parts[:number]))
    if stat.S_ISDIR(status.st_mode):
        return None
    try:
        handle = os.open(here, _FLAGS | _NOFOLLOW)
    except OSError as error:
        raise unreadable(error) from None
    try:
        return _read_regular(handle), os.fstat(handle).st_mtime_ns
    finally:
        os.close(handle)


def modified(path: Path) -> int | None:
    """A file's modification time in nanoseconds (without following a link); None when gone."""
    try:
        return os.lstat(path).st_mtime_ns
    except OSError:
        return None


def _read_regular(
    handle: int,
    limit: int = MAX_BYTES,
    advice: str = "fjern den fra records/",
    large: Callable[[int], Unreadable] | None = None,
) -> bytes:
    """At most `limit` bytes of an open regular file: anything else is said what it is, with
    the advice; a file larger than the limit is `large` (a record's Y005 by default)."""
    status = os.fstat(handle)
    kind = what_it_is(status.st_mode)
    if kind is not None:
        raise Unreadable("Y009", f"filen er {kind}, ikke en vanlig fil; {advice}")
    large = large or too_large
    if status.st_size > limit:
        raise large(status.st_size)
    chunks, size = [], 0
    while size <= limit:
        chunk = os.read(handle, limit + 1 - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > limit:  # it grew while being read (or is a device that never ends)
        raise large(size)
    return b"".join(chunks)


def what_it_is(mode: int) -> str | None:
    """What a file that is not a regular file is, in Norwegian; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "en mappe"
    if stat.S_ISFIFO(mode):
        return "en spesialfil (en FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "en spesialfil (en enhet, som /dev/zero)"
    if stat.S_ISSOCK(mode):
        return "en spesialfil (en socket)"
    return "en spesialfil"


def read_given(path: Path, limit: int, advice: str) -> bytes:
    """The bytes of a file a user names on the command line (a workbook to import, a report):
    a regular file anywhere, links followed, at most `limit` bytes. A FIFO is opened without
    waiting for a writer and refused, as a device, a folder or a missing file is: an
    Unreadable that says what the file is, with the advice."""
    try:
        handle = os.open(path, _FLAGS)
    except OSError as error:
        if error.errno == errno.ENOENT:
            raise Unreadable("Y009", "filen finnes ikke") from None
        raise unreadable(error) from None
    try:
        return _read_regular(handle, limit, advice, partial(_given_too_large, limit))
    finally:
        os.close(handle)


def _given_too_large(limit: int, size: int) -> Unreadable:
    return Unreadable(
        "Y005", f"filen er {size // 1024} KiB; ims leser høyst {limit // 1024} KiB av en slik fil"
    )


def too_large(size: int) -> Unreadable:
    return Unreadable(
        "Y005",
        f"filen er {size // 1024} KiB; en post kan være høyst {MAX_BYTES // 1024} KiB. "
        "Del den opp eller flytt vedlegg ut av posten",
    )


# Why a file cannot be written, in Norwegian.
_WRITE_REASONS = {
    errno.ENOENT: "mappen finnes ikke",
    errno.ENOTDIR: "mappen finnes ikke",
    errno.EACCES: "ingen tilgang",
    errno.EPERM: "ingen tilgang",
    errno.EISDIR: "det er en mappe",
    errno.ENOSPC: "disken er full",
    errno.EROFS: "filsystemet er skrivebeskyttet",
}


def write_reason(error: OSError) -> str:
    """Why a file could not be written, in Norwegian where the reason is a common one."""
    return _WRITE_REASONS.get(error.errno or 0, error.strerror or "ukjent feil")


def unreadable(error: OSError) -> Unreadable:
    reason = _REASONS.get(error.errno or 0, error.strerror or "ukjent feil")
    return Unreadable("Y009", f"filen kan ikke leses ({reason}); sjekk rettigheter og lenker")


def temporary_beside(path: Path, folder: Path) -> tuple[int, str]:
    """A temporary file in `folder` to be renamed to `path`, open (the handle) and with the
    permissions `path` has, or for a new file those the umask gives: mkstemp's own are 0600,
    and what ims writes for people must be readable by them."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        mode = 0o666 & ~mask
    os.fchmod(handle, mode)
    return handle, temporary
