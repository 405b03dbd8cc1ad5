"""Find the records repository: the folder holding ims.yaml."""

from __future__ import annotations

from pathlib import Path

from ims_cli.errors import UserError

CONFIG_FILE = "ims.yaml"
RECORDS_DIR = "records"


def find_root(start: Path, explicit: str | None = None) -> Path:
    """--repo or IMS_REPO when given, otherwise the nearest folder upward with ims.yaml."""
    if explicit:
        root = Path(explicit).expanduser().resolve()
        if not ((root / CONFIG_FILE).is_file() or (root / RECORDS_DIR).is_dir()):
            raise UserError(
                f"{explicit}: ikke et postarkiv for ims (fant verken {CONFIG_FILE} eller "
                f"{RECORDS_DIR}/); pek --repo eller IMS_REPO på mappen med {CONFIG_FILE}"
            )
        return root
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    raise UserError(
        f"fant ingen {CONFIG_FILE} i {start} eller mappene over; gå til postarkivet, "
        "bruk --repo STI, eller opprett et nytt med «ims init»"
    )
