"""The user's own key: the file `ims nokkel ny` writes and every decryption reads.

Where it is: the file IMS_NOKKEL names, else ~/.config/ims/nokkel.txt. Like ssh's private keys
it must be readable by its owner alone (mode 0600): a key others can read is refused.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ims_cli.errors import UserError

ENV = "IMS_NOKKEL"


def key_path() -> Path:
    """Where the user's key is, or would be written."""
    named = os.environ.get(ENV)
    if named:
        return Path(named).expanduser()
    return Path.home() / ".config" / "ims" / "nokkel.txt"


def read_key() -> tuple[Path, str] | None:
    """The key file's path and text; None when there is none. A file others may read, or one
    that cannot be read, is a UserError that says how to fix it."""
    path = key_path()
    try:
        status = path.stat()
    except FileNotFoundError:
        if os.environ.get(ENV):
            raise UserError(
                f"{ENV} peker på {path}, som ikke finnes; rett {ENV} eller lag en nøkkel med "
                "«ims nokkel ny»"
            ) from None
        return None
    except OSError as error:
        raise UserError(f"{path}: kan ikke leses ({error.strerror})") from None
    if not stat.S_ISREG(status.st_mode):
        raise UserError(f"{path} er ikke en vanlig fil; pek {ENV} på nøkkelfilen")
    loose = stat.S_IMODE(status.st_mode) & 0o077
    if loose:
        raise UserError(
            f"{path} kan leses av andre (modus {stat.S_IMODE(status.st_mode):04o}); en "
            f"privat nøkkel skal bare kunne leses av deg: kjør «chmod 600 {path}»"
        )
    try:
        return path, path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise UserError(
            f"{path} kan ikke leses som en nøkkelfil; lag en ny med «ims nokkel ny»"
        ) from None


def write_key(text: str) -> Path:
    """Write a new key file, readable by its owner alone; an existing key is never replaced."""
    path = key_path()
    if path.exists():
        raise UserError(
            f"{path} finnes allerede; ims overskriver aldri en nøkkel (da kunne du ikke lese det "
            f"som er kryptert til den). Sett {ENV} til en annen fil for å lage en ny"
        )
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as error:
        raise UserError(f"{path}: kan ikke skrives ({error.strerror})") from None
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        file.write(text)
    return path
