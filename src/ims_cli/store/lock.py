"""One writer at a time per folder: edits read, change and rename a record under this lock. And
one creator at a time per repository: the next free id is taken, and the new record written,
under the lock of the repository's own folder (where ims.yaml is), so two `ims new` at once get
two ids.

The lock is the folder's own (flock on its file descriptor), so no lock file is left in the
records repository, and the kernel releases it when a process dies. A writer that does not take
it (an editor) is caught by the check before rename in `write.write_atomically`. On a system
without flock (Windows) only that check protects an edit.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ims_cli.errors import UserError
from ims_cli.store.files import write_reason

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

WAIT_SECONDS = 30.0


@contextmanager
def folder_locked(folder: Path, wait: float = WAIT_SECONDS) -> Iterator[None]:
    """Hold the folder's lock while the block runs; wait for another ims that holds it."""
    if fcntl is None:  # pragma: no cover - Windows
        yield
        return
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError as error:
        raise UserError(f"{folder}: mappen kan ikke åpnes ({write_reason(error)})") from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise UserError(
                        f"en annen ims-kommando har endret filer i {folder} i over "
                        f"{_seconds(wait)}; vent til den er ferdig og prøv igjen"
                    ) from None
                time.sleep(0.02)
        yield
    finally:
        os.close(handle)  # releases the lock


@contextmanager
def repository_locked(root: Path, wait: float = WAIT_SECONDS) -> Iterator[None]:
    """Hold the repository's lock while a new record gets its id and is written. Records live
    under records/, so no edit takes this folder's lock while it holds a record folder's."""
    with folder_locked(root, wait):
        yield


def _seconds(wait: float) -> str:
    """30 sekunder, 1 sekund, 0,2 sekunder."""
    shown = f"{wait:.0f}" if wait >= 1 else f"{wait:.1f}".replace(".", ",")
    return f"{shown} {'sekund' if shown == '1' else 'sekunder'}"
