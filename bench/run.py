#!/usr/bin/env python3
"""Time ims against PRODUCT.md's bars, by hand (never from the test suite).

    python bench/run.py                 # start-up and the example records
    python bench/run.py --stor          # also 100 000 synthetic records (generated once)

Each figure is the median of several runs of the installed `ims` in .venv, wall clock.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMS = str(ROOT / ".venv" / "bin" / "ims")
STOR = ROOT / "bench" / "data" / "stor"


# An installed ims runs from bytecode (pip compiles it); a shell with PYTHONDONTWRITEBYTECODE
# would compile every module of ims on every run instead, ~0.1 s that users never pay.
BASE_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(
    args: list[str],
    runs: int,
    env: dict[str, str] | None = None,
    before: Callable[[], None] = lambda: None,
) -> tuple[float, str]:
    env = env or BASE_ENV
    times, last = [], ""
    for _ in range(runs):
        before()
        start = time.perf_counter()
        done = subprocess.run(args, capture_output=True, text=True, check=False, cwd=ROOT, env=env)
        times.append(time.perf_counter() - start)
        last = (done.stdout.strip().splitlines() or [""])[-1]
        if done.returncode not in (0, 1):
            sys.exit(f"{' '.join(args)} failed ({done.returncode}): {done.stderr}")
    return statistics.median(times), last


def report(
    what: str,
    bar: float,
    args: list[str],
    runs: int,
    env: dict[str, str] | None = None,
    *,
    before: Callable[[], None] = lambda: None,
) -> None:
    seconds, last = timed(args, runs, env, before)
    verdict = "ok" if seconds < bar else "OVER"
    print(f"{what:45s} {seconds:7.2f} s  (bar {bar:g} s, {verdict})  {last[:60]}", flush=True)


def _git(folder: Path, *args: str) -> None:
    who = ["-c", "user.name=Bench", "-c", "user.email=bench@example.org"]
    subprocess.run(["git", *who, *args], cwd=folder, check=True, capture_output=True)


def example_history(folder: Path) -> Path:
    """A git repository of the example records: registers only, then every record, then a
    pull request's worth of changes made the way advisers make them (ims commands, an editor)."""
    shutil.copy(ROOT / "ims.yaml", folder)
    shutil.copytree(ROOT / "records", folder / "records", ignore=shutil.ignore_patterns("*-*"))
    _git(folder, "init", "-q", "-b", "main")
    _git(folder, "add", ".")
    _git(folder, "commit", "-qm", "Registre")
    shutil.copytree(ROOT / "records", folder / "records", dirs_exist_ok=True)
    _git(folder, "add", ".")
    _git(folder, "commit", "-qm", "Alle poster")
    ims = [IMS, "--repo", str(folder)]
    for command in (
        ["tiltak", "done", "ROS-2026-0001/T2", "--dato", "2026-11-20", "--evaluering", "Virker"],
        ["tiltak", "move", "AVV-2026-0001/T1", "--frist", "2027-01-31", "--begrunnelse", "Ferie"],
        ["avvik", "status", "AVV-2026-0002", "under_behandling"],
        ["new", "avvik", "--tittel", "Ny hendelse", "--enhet", "OPP-SOLSTRAND"],
    ):
        subprocess.run([*ims, *command], check=False, capture_output=True)
    process = next((folder / "records" / "prosesser").glob("2.2.1-*.md"))
    text = process.read_text("utf-8").replace("versjon: 6", "versjon: 7")
    process.write_text(text.replace("# Ansvar\n", "# Ansvar og myndighet\n"), "utf-8")
    ros = folder / "records" / "ros" / "OPP" / "ROS-2026-0005.yaml"
    ros.write_text(ros.read_text("utf-8").replace("sannsynlighet: 3", "sannsynlighet: 2", 1))
    _git(folder, "add", ".")
    _git(folder, "commit", "-qm", "Endringer")
    return folder


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
    report("ims puff (example records)", 0.5, [IMS, "puff", "--as-of", "2026-11-22"], args.runs)
    report("ims stats (kommune, 2026)", 1, [IMS, "stats", "--periode", "2026"], args.runs)
    with tempfile.TemporaryDirectory() as out:
        lg = [IMS, "report", "lg", "--periode", "2026", "--as-of", "2026-11-22", "--ut", out]
        report("ims report lg (kommune, example records)", 3, lg, args.runs)
    with tempfile.TemporaryDirectory() as folder:
        history = example_history(Path(folder))
        diff = [IMS, "--repo", str(history), "diff"]
        report("ims diff, a pull request (6 records)", 1, [*diff, "HEAD~1..HEAD"], args.runs)
        report("ims diff, every example record new", 1, [*diff, "HEAD~2..HEAD~1"], args.runs)
    if args.stor:
        if not STOR.exists():
            subprocess.run(
                [sys.executable, str(ROOT / "bench" / "generate.py"), str(STOR)], check=True
            )
        _under_git(STOR)
        validate = [IMS, "--repo", str(STOR), "validate"]
        report(
            "ims validate, cold (108 000 files)",
            30,
            validate,
            1,
            {**BASE_ENV, "IMS_NO_CACHE": "1"},
        )
        report("ims validate, fills the cache", 30, validate, 1)
        report("ims validate, warm cache (108 000 files)", 2, validate, 3)
        big_check = [IMS, "--repo", str(STOR), "check", "--as-of", "2026-11-22", "--format", "json"]
        cold = {**BASE_ENV, "IMS_NO_CACHE": "1"}
        report("ims check, cold (108 000 files)", 30, big_check, 1, cold)
        report("ims check, warm cache (108 000 files)", 2, big_check, 3)
        report("ims check, one file changed", 2, big_check, 3, before=lambda: _change_one(STOR))
        report("ims check, fresh clone + cache", 2, big_check, 1, before=lambda: _touch(STOR))


def _change_one(folder: Path) -> None:
    """An adviser's edit: one record gets (or loses) a comment line, a minute ago."""
    path = min((folder / "records" / "avvik").rglob("*.yaml"))
    text = path.read_text(encoding="utf-8")
    note = "# endret i benchmark\n"
    path.write_text(text.removesuffix(note) if text.endswith(note) else text + note, "utf-8")
    _age(path)


def _touch(folder: Path) -> None:
    """What a fresh clone in CI looks like to the cache: every file written anew, same bytes,
    and git's index written with them (as checkout does; not timed)."""
    for path in (folder / "records").rglob("*"):
        if path.is_file():
            _age(path)
    subprocess.run(["git", "update-index", "-q", "--refresh"], cwd=folder, check=False)


def _under_git(folder: Path) -> None:
    """The synthetic repository committed once, as a records repository is."""
    if not (folder / ".git").exists():
        _git(folder, "init", "-q")
        _git(folder, "add", "-A")
        _git(folder, "commit", "-q", "-m", "Syntetiske poster")


def _age(path: Path) -> None:
    past = time.time() - 60
    os.utime(path, (past, past))


if __name__ == "__main__":
    main()
