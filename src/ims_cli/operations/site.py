"""`ims site`: the handbook site written to a folder — only the pages whose text changed are
written again, the pages of records that are gone are removed — and indexed for search by
Pagefind (its binary ships in the PyPI package `pagefind[bin]`); and served on this machine
(`ims site --vis`), since a browser lets no page opened from the disk read the search index."""

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
from ims_cli.store.write import write_output

# The folders of the pages made for records: a page there without a record is removed.
RECORD_PAGES = ("prosess", "ros", "enhet")


@dataclass(frozen=True)
class Built:
    pages: int  # files of the site (pages and the stylesheet)
    written: int  # of them written now: new or changed
    removed: int  # pages of records that are gone


def write_site(folder: Path, files: Iterable[tuple[str, str]]) -> Built:
    """Every file into the folder, each written only when its text changed."""
    seen, written = set(), 0
    for relative, text in files:
        seen.add(relative)
        target = folder / relative
        if target.is_file() and target.read_bytes() == text.encode("utf-8"):
            continue
        write_output(target, text)
        written += 1
    removed = 0
    for kind in RECORD_PAGES:
        for page in sorted((folder / kind).glob("*.html")):
            if f"{kind}/{page.name}" not in seen:
                page.unlink()
                removed += 1
    return Built(len(seen), written, removed)


def index_search(folder: Path) -> None:
    """The search index beside the pages (folder/pagefind/), made by Pagefind."""
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
