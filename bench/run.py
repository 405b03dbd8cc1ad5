#!/usr/bin/env python3
"""Time ims against PRODUCT.md's bars, by hand (never from the test suite).

    python bench/run.py                 # start-up and the example records
    python bench/run.py --stor          # also 100 000 synthetic records (generated once)

Each figure is the median of several runs of the installed `ims` in .venv, wall clock.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMS = str(ROOT / ".venv" / "bin" / "ims")
STOR = ROOT / "bench" / "data" / "stor"


def timed(args: list[str], runs: int, env: dict[str, str] | None = None) -> tuple[float, str]:
    times, last = [], ""
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(args, capture_output=True, text=True, check=False, cwd=ROOT, env=env)
        times.append(time.perf_counter() - start)
        last = (done.stdout.strip().splitlines() or [""])[-1]
        if done.returncode not in (0, 1):
            sys.exit(f"{' '.join(args)} failed ({done.returncode}): {done.stderr}")
    return statistics.median(times), last


def report(
    what: str, bar: float, args: list[str], runs: int, env: dict[str, str] | None = None
) -> None:
    seconds, last = timed(args, runs, env)
    verdict = "ok" if seconds < bar else "OVER"
    print(f"{what:45s} {seconds:7.2f} s  (bar {bar:g} s, {verdict})  {last[:60]}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stor", action="store_true", help="also time 100 000 records")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}")
    report("ims --help", 0.3, [IMS, "--help"], args.runs)
    report("ims validate (example records)", 0.5, [IMS, "validate"], args.runs)
    check = [IMS, "check", "--as-of", "2026-11-22", "--format", "json"]
    report("ims check (example records)", 0.5, check, args.runs)
    if args.stor:
        if not STOR.exists():
            subprocess.run(
                [sys.executable, str(ROOT / "bench" / "generate.py"), str(STOR)], check=True
            )
        validate = [IMS, "--repo", str(STOR), "validate"]
        report(
            "ims validate, cold (108 000 files)",
            30,
            validate,
            1,
            {**os.environ, "IMS_NO_CACHE": "1"},
        )
        report("ims validate, fills the cache", 30, validate, 1)
        report("ims validate, warm cache (108 000 files)", 2, validate, 3)
        big_check = [IMS, "--repo", str(STOR), "check", "--as-of", "2026-11-22", "--format", "json"]
        cold = {**os.environ, "IMS_NO_CACHE": "1"}
        report("ims check, cold (108 000 files)", 30, big_check, 1, cold)
        report("ims check, warm cache (108 000 files)", 2, big_check, 3)


if __name__ == "__main__":
    main()
