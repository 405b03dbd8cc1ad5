"""Writing files: atomically (a temporary file, then a rename), a new record never over an
existing file, an edited one only when nobody changed it meanwhile."""

from __future__ import annotations

import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from ims_cli.errors import UserError
from ims_cli.store.files import temporary_beside, write_reason

T = TypeVar("T")


def write_new(path: Path, text: str) -> None:
    """Write a new file atomically (temporary file, fsync, rename); refuse to replace one."""
    if path.exists():
        raise UserError(f"{path}: finnes allerede; velg en annen id eller et annet filnavn")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = temporary_beside(path, path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.link(temporary, path)  # fails if the file appeared meanwhile, unlike a rename
    except FileExistsError:
        raise UserError(f"{path}: finnes allerede") from None
    finally:
        Path(temporary).unlink(missing_ok=True)


def write_output(path: Path, text: str | bytes) -> None:
    """A file ims makes for people (a message, a list, a page, a chart): its folder made, the
    file written atomically, an older one of the same name replaced."""
    make_folder(path.parent)
    write_atomically(path, text, bom=False)


def make_folder(folder: Path) -> None:
    """A folder, and the folders above it, made where missing."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(f"{folder}: kan ikke lage mappen ({write_reason(error)})") from None


def append_text(path: Path, text: str) -> None:
    """Text added at the end of a file another program reads as it grows, such as GitHub's
    $GITHUB_STEP_SUMMARY (made when missing): an append, which cannot be atomic."""
    try:
        with path.open("a", encoding="utf-8") as out:
            out.write(text)
    except OSError as error:
        raise UserError(f"{path}: kan ikke skrive filen ({write_reason(error)})") from None


def remove(path: Path) -> None:
    """A file or a link, or an empty folder, gone; nothing when it is not there."""
    if path.is_dir() and not path.is_symlink():
        path.rmdir()
    else:
        path.unlink(missing_ok=True)


def remove_tree(folder: Path) -> None:
    """A folder ims made, with everything in it, gone; a file or link of that name too."""
    if folder.is_dir() and not folder.is_symlink():
        shutil.rmtree(folder)
    else:
        folder.unlink(missing_ok=True)


def editable(root: Path, relative: str) -> Path:
    """The file an edit of a record writes: a link is followed to its target, which must be a
    regular file inside the repository; a read-only file is refused, not overridden."""
    path = root / relative
    try:
        real = path.resolve(strict=True)
        status = real.stat()
    except (OSError, RuntimeError):
        raise UserError(
            f"{relative}: filen kan ikke leses (en lenke i ring eller til noe som ikke finnes)"
        ) from None
    if not real.is_relative_to(root.resolve()):
        raise UserError(
            f"{relative} er en lenke til en fil utenfor postarkivet; ims endrer den ikke"
        )
    if not stat.S_ISREG(status.st_mode):
        raise UserError(f"{relative} er ikke en vanlig fil; ims endrer bare vanlige filer")
    if not status.st_mode & 0o222 or not os.access(real, os.W_OK):
        raise UserError(
            f"{relative} er skrivebeskyttet; gi skrivetilgang (chmod u+w) hvis den skal endres"
        )
    return real


def write_atomically(
    path: Path, text: str | bytes, bom: bool, expected: bytes | None = None
) -> None:
    """A temporary file in the same folder, flushed and synced, then renamed over the original:
    a crash leaves either the old file or the new one, never half of one. With `expected`, the
    file must still hold those bytes just before the rename: a change made meanwhile by another
    program is never overwritten."""
    try:
        handle, temporary = temporary_beside(path, path.parent)
    except OSError as error:
        raise UserError(
            f"{path.parent}: kan ikke skrive i mappen ({write_reason(error)})"
        ) from None
    try:
        with os.fdopen(handle, "wb") as out:
            data = text if isinstance(text, bytes) else text.encode("utf-8")
            out.write(("\ufeff" if bom else "").encode() + data)
            out.flush()
            os.fsync(out.fileno())
        if expected is not None and path.read_bytes() != expected:
            raise UserError(
                f"{path.name} ble endret av et annet program mens ims arbeidet; ingenting er "
                "skrevet. Kjør kommandoen igjen"
            )
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)


def through_stdout(make: Callable[[Path], T], name: str) -> T:
    """What `make` writes to a file, sent to standard output instead: written in a temporary
    folder (the writers of workbooks, databases and charts want a path), then copied out."""
    with tempfile.TemporaryDirectory(prefix="ims-") as folder:
        path = Path(folder) / name
        made = make(path)
        data = path.read_bytes() if path.is_file() else b""
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
    return made


def remove_orphans(folder: Path) -> list[Path]:
    """The temporary files of new records whose writer died before the rename (write_new),
    removed: a temporary file whose record does not exist. Call it under the repository's lock,
    which every creator of a record holds while it writes."""
    removed = []
    for temporary in folder.rglob(".*.tmp") if folder.is_dir() else []:
        name = temporary.name[1:].rsplit(".", 2)[0]  # .AVV-2026-0042.yaml.k3j9.tmp
        if not (temporary.parent / name).exists():
            temporary.unlink(missing_ok=True)
            removed.append(temporary)
    return removed
