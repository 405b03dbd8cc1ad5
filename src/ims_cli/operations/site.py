"""`ims site`: the handbook site written to a folder — only the pages whose text changed are
written again, every file an earlier build wrote and this one does not is removed — and indexed
for search by Pagefind (its binary ships in the PyPI package `pagefind[bin]`) from only those
pages; and served on this machine (`ims site --vis`), since a browser lets no page opened from
the disk read the search index. The folder is marked with its audience, so an `apen` site is
never written over an `intern` one."""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ims_cli.errors import UserError
from ims_cli.store.write import remove, remove_tree, write_output

# In the site's folder: which audience its pages are for. A build for another audience is
# refused, and a folder without it is taken only when empty or an older ims site.
MARKER = ".ims-nettsted"
SEARCH = "pagefind"  # Pagefind's index, made again from the pages of each build
_OLDER_SITE = ("index.html", "sok.html", "stil.css")  # what every ims site has


@dataclass(frozen=True)
class Built:
    pages: int  # files of the site (pages and the stylesheet)
    written: int  # of them written now: new or changed
    removed: int  # files of an earlier build this one no longer writes


def claim(folder: Path, audience: str) -> None:
    """Refuse a folder that holds another audience's site, or files that are not a site's: a
    build removes what it does not write, and must neither mix two audiences nor delete
    anything of the user's."""
    marker = folder / MARKER
    if marker.is_file():
        said = marker.read_text("utf-8", errors="replace").partition(":")[2].strip()
        if said != audience:
            raise UserError(
                f"{folder} har nettstedet for publikum {said or 'ukjent'} (står i {marker}); lag "
                f"nettstedet for publikum {audience} i en egen mappe med --ut, eller slett "
                "mappen først"
            )
        return
    if folder.is_file():
        raise UserError(f"{folder} er en fil; --ut må være en mappe")
    found = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
    if found and not all((folder / name).is_file() for name in _OLDER_SITE):
        raise UserError(
            f"{folder} har filer som ikke er fra «ims site» (som {found[0]}); velg en tom mappe "
            "med --ut, så sletter ikke ims noe av ditt"
        )


def write_site(folder: Path, files: Iterable[tuple[str, str]], audience: str) -> Built:
    """Every file into the folder, each written only when its text changed; every other file
    an earlier build left removed, and the folder marked with the audience."""
    claim(folder, audience)
    seen, written = set(), 0
    for relative, text in files:
        seen.add(relative)
        target = folder / relative
        if target.is_file() and target.read_bytes() == text.encode("utf-8"):
            continue
        write_output(target, text)
        written += 1
    removed = _remove_all_but(folder, seen | {MARKER})
    write_output(folder / MARKER, f"publikum: {audience}\n")
    return Built(len(seen), written, removed)


def _remove_all_but(folder: Path, kept: set[str]) -> int:
    """Remove every file under the folder but those kept and the search index (made again by
    index_search), then the folders left empty; how many files were removed."""
    removed = 0
    for path in sorted(folder.rglob("*"), reverse=True):  # a folder's files before the folder
        relative = path.relative_to(folder).as_posix()
        if relative == SEARCH or relative.startswith(f"{SEARCH}/") or relative in kept:
            continue
        if path.is_dir() and not path.is_symlink():
            if not any(path.iterdir()):
                remove(path)
        else:
            remove(path)
            removed += 1
    return removed


def index_search(folder: Path) -> None:
    """The search index beside the pages (folder/pagefind/), made by Pagefind from only the
    pages there now: an earlier build's index would keep what this build left out."""
    remove_tree(folder / SEARCH)
    command = [sys.executable, "-m", "pagefind", "--site", str(folder), "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise UserError(f"søkeindeksen kunne ikke lages (Pagefind: {error})") from None
    if done.returncode != 0:
        why = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["ukjent feil"]
        raise UserError(
            f"søkeindeksen kunne ikke lages (Pagefind: {why[0]}); sidene er skrevet, men søket "
            "virker ikke før dette er rettet"
        )


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """The standard library's file server, without a line on stderr per request."""

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    """The folder served over HTTP on 127.0.0.1 (this machine only, a free port) while the
    block runs, in a thread; its address, ending in /."""
    handler = functools.partial(_Quiet, directory=str(folder))
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    except OSError as error:
        raise UserError(f"kan ikke starte en webserver på 127.0.0.1 ({error.strerror})") from None
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
