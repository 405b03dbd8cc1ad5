#!/usr/bin/env python3
"""200 reports sent at once to one `ims serve` on the loopback: response times and throughput.

    .venv/bin/python bench/serve.py [--rapporter 200] [--mappe /tmp/ims-serve-bench]

Makes a records repository with `ims init --eksempel` under git, starts `ims serve` on a free
port, and sends every report concurrently, each as a browser does: the form fetched (its CSRF
token and cookie), then posted. Measured from the post to the receipt. Then checked: as many
files, unique ids and commits by «ims serve» as receipts, and `ims validate` clean.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

IMS = [sys.executable, "-m", "ims_cli"]
FORM = {
    "type": "avvik",
    "enhet": "OPP-SOLSTRAND",
    "kategori": "tjenestekvalitet",
    "beskrivelse": "Signaturlisten for legemidler var ikke fylt ut på natt.",
    "hendt_dato": "01.11.2026",
    "hendt_tid": "22:40",
    "alvorlighet": "3",
}


def repository(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    subprocess.run([*IMS, "init", "--eksempel", str(folder)], check=True, capture_output=True)
    config = folder / "ims.yaml"
    config.write_text(config.read_text("utf-8") + "innmelding:\n  per_time: 100000\n", "utf-8")
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "Postene"]):
        subprocess.run(["git", "-C", str(folder), *command], check=True)
    return folder


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start(root: Path, port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen([*IMS, "--repo", str(root), "serve", "--port", str(port)])
    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/helse").status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("ims serve startet ikke")


async def report(base: str, number: int) -> tuple[float, str | None]:
    async with httpx.AsyncClient(base_url=base, timeout=300) as web:
        page = (await web.get("/meld")).text
        token = re.search(r'name="skjema" value="([^"]+)"', page)
        assert token, page
        form = {**FORM, "tittel": f"Melding nummer {number}", "skjema": token.group(1)}
        started = time.perf_counter()
        reply = await web.post("/meld", data=form)
        took = time.perf_counter() - started
    code = re.search(r'id="sporingskode">([^<]+)<', reply.text)
    return took, code.group(1) if reply.status_code == 200 and code else None


async def burst(base: str, count: int) -> tuple[list[tuple[float, str | None]], float]:
    started = time.perf_counter()
    results = await asyncio.gather(*(report(base, n) for n in range(count)))
    return list(results), time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rapporter", type=int, default=200)
    parser.add_argument("--mappe", type=Path, default=Path("/tmp/ims-serve-bench"))
    args = parser.parse_args()
    root = repository(args.mappe)
    before = len(list((root / "records" / "avvik").rglob("AVV-*.yaml")))
    port = free_port()
    server = start(root, port)
    try:
        results, wall = asyncio.run(burst(f"http://127.0.0.1:{port}", args.rapporter))
    finally:
        server.terminate()
        server.wait(30)
    times = sorted(t for t, code in results if code)
    codes = [code for _, code in results if code]
    files = sorted((root / "records" / "avvik").rglob("AVV-*.yaml"))
    log = ["git", "-C", str(root), "log", "--author=ims serve", "--format=%s"]
    commits = subprocess.run(log, capture_output=True, text=True, check=True).stdout.split("\n")
    check = [*IMS, "--repo", str(root), "validate"]
    validate = subprocess.run(check, capture_output=True, check=False)
    p95 = times[int(0.95 * (len(times) - 1))] if times else float("nan")
    print(f"kvitteringer: {len(codes)} av {args.rapporter}, unike koder: {len(set(codes))}")
    made = len([c for c in commits if c])
    print(f"nye filer: {len(files) - before}, commits av «ims serve»: {made}")
    print(f"ims validate: exit {validate.returncode}")
    print(f"p50 {statistics.median(times):.2f} s, p95 {p95:.2f} s, maks {max(times):.2f} s")
    print(f"{len(codes) / wall:.1f} meldinger per sekund ({wall:.1f} s for alle)")
    return 0 if len(codes) == args.rapporter and validate.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
