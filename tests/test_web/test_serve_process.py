"""`ims serve` as a real process on the loopback: a burst of reports sent at once, the server
killed with SIGKILL in the middle of it. Every report that got a receipt is in git, no file is
partial, every file is valid, every id unique; started again, the server commits what was
written but not yet committed."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
from git import Repo

from tests.conftest import YEAR, MakeRepo, findings, new_id
from tests.test_web.test_serve import EMPLOYEE, repository, token
from tests.test_web.test_serve_browser import _free_port

BURST = 20
KILL_AFTER = 6  # receipts


def _started(root: Path, port: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "ims_cli", "--repo", str(root), "serve", "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/helse", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.1)
    server.kill()
    raise AssertionError(server.communicate()[0].decode())


def _report(base: str, number: int, receipts: dict[str, str], enough: threading.Event) -> None:
    try:
        with httpx.Client(base_url=base, timeout=60) as web:
            form = {**EMPLOYEE, "tittel": f"Melding {number}"}
            form["skjema"] = token(web.get("/meld").text)
            reply = web.post("/meld", data=form)
    except httpx.TransportError:
        return  # the server was killed: no receipt, nothing promised
    found = re.search(r'id="sporingskode">([^<]+)<', reply.text)
    if reply.status_code == 200 and found:
        receipts[form["tittel"]] = found.group(1)
        if len(receipts) >= KILL_AFTER:
            enough.set()


def test_a_killed_server_loses_no_receipt_and_leaves_no_partial_file(
    make_repo: MakeRepo,
) -> None:
    root = repository(make_repo, "innmelding:\n  per_time: 1000\n")
    port = _free_port()
    server = _started(root, port)
    receipts: dict[str, str] = {}
    enough = threading.Event()
    senders = [
        threading.Thread(target=_report, args=(f"http://127.0.0.1:{port}", n, receipts, enough))
        for n in range(BURST)
    ]
    for sender in senders:
        sender.start()
    enough.wait(60)
    os.kill(server.pid, signal.SIGKILL)
    server.wait()
    for sender in senders:
        sender.join(60)
    assert KILL_AFTER <= len(receipts) < BURST  # killed in the middle of the burst

    repo = Repo(root)
    committed = {
        blob.path: blob.data_stream.read().decode("utf-8")
        for blob in repo.head.commit.tree.traverse()
        if blob.path.startswith(f"records/avvik/{YEAR}/")  # type: ignore[union-attr]
    }
    for title, code in receipts.items():  # every receipt's report is committed, whole
        record_id = "AVV-" + code.rsplit("-", 1)[0]
        text = committed[f"records/avvik/{YEAR}/{record_id}.yaml"]
        assert f"tittel: {title}\n" in text and f"sporing: {code.rsplit('-', 1)[1]}\n" in text

    server = _started(root, port)  # commits what was written but not committed
    try:
        assert repo.is_dirty(untracked_files=True) is False
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(30)
    files = sorted(p.name for p in (root / f"records/avvik/{YEAR}").iterdir())
    assert all(re.fullmatch(rf"AVV-{YEAR}-\d{{4}}\.yaml", name) for name in files), files
    numbers = [int(name[9:13]) for name in files]
    first = int(new_id("AVV")[-4:])
    assert numbers == list(range(first, first + len(files)))  # unique, none skipped
    assert findings(root) == []
    messages = [c.message for c in repo.iter_commits() if c.author.name == "ims serve"]
    assert len(messages) == len(files)
