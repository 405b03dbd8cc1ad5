"""Find the records repository: the folder holding ims.yaml."""

from __future__ import annotations

import errno
from pathlib import Path

from ims_cli.errors import UserError
from ims_cli.store import files

CONFIG_FILE = "ims.yaml"
RECORDS_DIR = "records"


def find_root(start: Path, explicit: str | None = None) -> Path:
    """--repo or IMS_REPO when given, otherwise the nearest folder upward with ims.yaml."""
    if explicit:
        root = Path(explicit).expanduser().resolve()
        if not (_holds_config(root) or (root / RECORDS_DIR).is_dir()):
            raise UserError(
                f"{explicit}: ikke et postarkiv for ims (fant verken {CONFIG_FILE} eller "
                f"{RECORDS_DIR}/); pek --repo eller IMS_REPO på mappen med {CONFIG_FILE}"
            )
        return root
    start = start.resolve()
    for folder in (start, *start.parents):
        if _holds_config(folder):
            return folder
    raise UserError(
        f"fant ingen {CONFIG_FILE} i {start} eller mappene over; gå til postarkivet, "
        "bruk --repo STI, eller opprett et nytt med «ims init»"
    )


def _holds_config(folder: Path) -> bool:
    """Whether the folder has ims.yaml as a file (or a link to one). Anything else of that name
    (a FIFO, a device, a folder, a link to nothing) is an error, not a reason to look above."""
    path = folder / CONFIG_FILE
    try:
        kind = files.what_it_is(path.stat().st_mode)  # through a link
    except FileNotFoundError:
        if not path.is_symlink():
            return False
        kind = "en lenke som peker til noe som ikke finnes"
    except OSError as error:
        if error.errno != errno.ELOOP:
            return False  # a folder above that may not be looked into
        kind = "en lenke i ring"
    if kind is None:
        return True
    regular = "" if kind.startswith("en lenke") else ", ikke en vanlig fil"
    raise UserError(
        f"{path}: filen er {kind}{regular}; {CONFIG_FILE} skal være en vanlig fil med "
        "innstillingene (se «ims init»)"
    )
