#!/usr/bin/env python3
"""Time ims against PRODUCT.md's bars, by hand (never from the test suite).

    python bench/run.py                 # start-up and the example records
    python bench/run.py --stor          # also 10 000, 30 000 and 108 000 synthetic records
    python bench/run.py --stor --sizes 108000
    python bench/run.py --kryptert      # ims krypter --alle on 5 400 graded avvik, then ims show
    python bench/run.py --kryptert --stor  # 108 000 records, 5 % encrypted, and 108 000 in clear

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
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
IMS = str(ROOT / ".venv" / "bin" / "ims")


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
        [
            *("new", "avvik", "--tittel", "Ny hendelse", "--enhet", "OPP-SOLSTRAND"),
            *("--kategori", "hms", "--anonym"),
        ],
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
    parser.add_argument("--stor", action="store_true", help="also time synthetic repositories")
    parser.add_argument(
        "--sizes", default=",".join(map(str, SIZES)), help="records, e.g. 10000,108000"
    )
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--kryptert", action="store_true", help="only: ims krypter --alle and ims show (issue 33)"
    )
    args = parser.parse_args()
    if args.kryptert:
        encrypted_large() if args.stor else encrypted(args.runs)
        return
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}")
    report("ims --help", 0.3, [IMS, "--help"], args.runs)
    report("ims check --help", 0.3, [IMS, "check", "--help"], args.runs)
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
        scale([int(size) for size in args.sizes.split(",")])


# Records in each synthetic repository, and the generator's options that make them up.
SIZES = {
    10_000: ["--avvik", "9000", "--ros", "500", "--prosesser", "300", "--lederavtaler", "200"],
    30_000: ["--avvik", "27000", "--ros", "1500", "--prosesser", "900", "--lederavtaler", "600"],
    108_000: [],  # the generator's defaults: PRODUCT.md's ten years of a large municipality
}

Command = tuple[str, float, list[str], Callable[[Path], None]]


def _commands(folder: Path, out: str) -> list[Command]:
    """(what, bar in seconds warm, arguments, what to do before each run) at one size."""
    day = ["--as-of", "2026-11-22"]
    one = _first(folder, "avvik").stem
    nothing: Callable[[Path], None] = lambda _: None  # noqa: E731
    return [
        ("ims check", 2, ["check", *day, "--format", "json"], nothing),
        ("ims validate", 2, ["validate", "--format", "json"], nothing),
        ("ims check, one file changed", 2.5, ["check", *day, "--format", "json"], _change_one),
        ("ims validate, one file changed", 2.5, ["validate", "--format", "json"], _change_one),
        ("ims check, fresh clone + cache", 2, ["check", *day, "--format", "json"], _touch),
        ("ims list avvik --json", 2, ["list", "avvik", "--json"], nothing),
        ("ims show (one record)", 1, ["show", one, "--json"], nothing),
        ("ims log (one record)", 1, ["log", one], nothing),
        ("ims puff --json", 2, ["puff", "--json", *day], nothing),
        (
            "ims puff --enhet V001 (one unit)",
            1,
            ["puff", "--enhet", "V001", "--json", *day],
            nothing,
        ),
        ("ims stats --periode 2026 --json", 2, ["stats", "--periode", "2026", "--json"], nothing),
        ("ims risk matrix --json", 2, ["risk", "matrix", "--json"], nothing),
        (
            "ims tiltak list --forfalt --json",
            2,
            ["tiltak", "list", "--forfalt", "--json", *day],
            nothing,
        ),
        (
            "ims report lg (kommune)",
            10,
            ["report", "lg", "--periode", "2026", *day, "--ut", out],
            nothing,
        ),
        (
            "ims export tiltak --forfalt --xlsx",
            10,
            ["export", "tiltak", "--forfalt", *day, "--xlsx", f"{out}/tiltak.xlsx"],
            nothing,
        ),
        (
            "ims export avvik --csv (every avvik)",
            10,
            ["export", "avvik", "--csv", f"{out}/a.csv"],
            nothing,
        ),
        ("ims export sqlite (everything)", 10, ["export", "sqlite", f"{out}/ims.db"], nothing),
        # The handbook site: "minutes, not hours" (issue 16); the second run writes only what
        # changed (here: nothing, or the pages of the one changed file).
        ("ims site (every page)", 300, ["site", *day, "--ut", f"{out}/nettsted"], nothing),
        (
            "ims site, one file changed",
            300,
            ["site", *day, "--ut", f"{out}/nettsted"],
            _change_one,
        ),
    ]


def scale(sizes: list[int]) -> None:
    """Each command's warm median (of 3, after one run that fills the index) and cold time (the
    index deleted first), at each size, with the peak memory at the largest; as a Markdown table
    for README."""
    figures: dict[str, dict[int, tuple[float, float, float]]] = {}
    bars: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as out:
        env = {**BASE_ENV, "IMS_CACHE_DIR": cache}
        for size in sizes:
            folder = _generated(f"stor-{size}", SIZES[size])
            print(
                f"{size:>7} libyaml alone, every YAML file, all cores: "
                f"{libyaml_floor(folder):.1f} s",
                flush=True,
            )
            for what, bar, args, before in _commands(folder, out):
                ims = [IMS, "--repo", str(folder), *args]
                before(folder)
                shutil.rmtree(cache, ignore_errors=True)
                cold, peak = _measured(ims, env)
                runs = []
                for _ in range(4):  # the first fills the index after a change: left out
                    before(folder)
                    runs.append(_measured(ims, env))
                warm = statistics.median(seconds for seconds, _ in runs[1:])
                peak = max(peak, *(memory for _, memory in runs))
                figures.setdefault(what, {})[size] = (warm, cold, peak)
                bars[what] = bar
                print(
                    f"{size:>7} {what:40s} warm {warm:6.2f} s  cold {cold:6.2f} s  "
                    f"{peak:5.0f} MiB  (bar {bar:g} s{'' if warm < bar else ', OVER'})",
                    flush=True,
                )
    _table(figures, bars, sizes)


# 5 % of 108 000 records, graded fortrolig: the avvik alone, each graded, with a key for everyone.
GRADED = ["--avvik", "5400", "--ros", "0", "--prosesser", "0", "--lederavtaler", "0"]


def encrypted(runs: int) -> None:
    """`ims krypter --alle` on 5 400 graded avvik in clear (once: it encrypts them), then `ims
    show` of one encrypted record with a reader's key and `ims validate` (warm medians)."""
    folder = ROOT / "bench" / "data" / "kryptert-5400"
    generate = [sys.executable, str(ROOT / "bench" / "generate.py"), str(folder)]
    subprocess.run([*generate, *GRADED, "--gradert", "1"], check=True, capture_output=True)
    _under_git(folder)
    with tempfile.TemporaryDirectory() as cache:
        env = {**BASE_ENV, "IMS_CACHE_DIR": cache, "IMS_NOKKEL": str(folder / "nokler/p0.txt")}
        ims = [IMS, "--repo", str(folder)]
        timed([*ims, "validate"], 1, env)  # the index filled, as on an adviser's machine
        seconds, last = timed([*ims, "krypter", "--alle"], 1, env)
        print(f"ims krypter --alle (5 400 graded avvik)      {seconds:7.2f} s  {last[:60]}")
        timed([*ims, "validate"], 1, env)  # the 5 400 files it wrote read into the index once
        one = _first(folder, "avvik").stem
        report("ims show (one encrypted record, with key)", 1, [*ims, "show", one], runs, env)
        keyless = {k: v for k, v in env.items() if k != "IMS_NOKKEL"}
        report("ims validate (5 400 encrypted, no key)", 2, [*ims, "validate"], runs, keyless)


# The 108 000 records of --stor with 5 % of them graded fortrolig: 5 415 of the 100 000 avvik.
GRADED_LARGE = ["--gradert", "0.055"]

# The rows of --stor that issue 33 names (a command that shows no text decrypts nothing).
UNSEALED = (
    "ims validate",
    "ims check",
    "ims puff --json",
    "ims puff --enhet V001 (one unit)",
    "ims stats --periode 2026 --json",
    "ims list avvik --json",
    "ims show (one record)",
    "ims risk matrix --json",
    "ims tiltak list --forfalt --json",
)


def encrypted_large() -> None:
    """Issue 33's bar at scale: the 108 000 records of `--stor` with 5 % of them graded and
    encrypted (`ims krypter --alle` once, timed, then committed), each command warm without a key
    as CI runs it, beside the same command on the unencrypted 108 000 records in the same sitting;
    then `ims show` of one encrypted record without a key and with a reader's."""
    plain = _generated("stor-108000", SIZES[108_000])
    folder = _generated("kryptert-108000", GRADED_LARGE)
    key = {"IMS_NOKKEL": str(folder / "nokler" / "p0.txt")}
    with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as out:
        env = {**BASE_ENV, "IMS_CACHE_DIR": cache}
        if _subject(folder) != "Kryptert":
            ims = [IMS, "--repo", str(folder)]
            timed([*ims, "validate"], 1, env)  # the index filled, as on an adviser's machine
            seconds, last = timed([*ims, "krypter", "--alle"], 1, {**env, **key})
            print(f"ims krypter --alle (108 000 records) {seconds:7.2f} s  {last[:60]}", flush=True)
            _git(folder, "commit", "-qam", "Kryptert")
        sealed = _first_sealed(folder)
        print(f"{os.cpu_count()} cores, load {_load()}; {sealed} is encrypted", flush=True)
        for name in (plain, folder):
            print(f"{name.name}: libyaml alone {libyaml_floor(name):.1f} s", flush=True)
        rows = [(what, bar, args, env) for what, bar, args, _ in _commands(folder, out)]
        rows = [row for row in rows if row[0] in UNSEALED] + [
            ("ims show (one encrypted record, no key)", 1, ["show", sealed], env),
            ("ims show (one encrypted record, with key)", 1, ["show", sealed], {**env, **key}),
        ]
        table = []
        for what, bar, args, with_env in rows:
            clear, (encrypted_s, peak) = (
                _warm([IMS, "--repo", str(name), *args], with_env) for name in (plain, folder)
            )
            verdict = "" if encrypted_s < bar else ", OVER"
            print(
                f"{what:42s} clear {clear[0]:5.2f} s  encrypted {encrypted_s:5.2f} s  "
                f"{peak:4.0f} MiB  (bar {bar:g} s{verdict})",
                flush=True,
            )
            table.append(f"| {what} | {bar:g} s | {clear[0]:.2f} s | {encrypted_s:.2f} s |")
    print(f"load {_load()}\n")
    print("| command | bar (warm) | 108 000 | 108 000, 5 % encrypted, no key |\n|---|---|---|---|")
    print("\n".join(table))


def _warm(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """The median of three runs after one that fills the index, and the peak memory."""
    runs = [_measured(args, env) for _ in range(4)]
    return statistics.median(seconds for seconds, _ in runs[1:]), max(mib for _, mib in runs)


def _table(
    figures: dict[str, dict[int, tuple[float, float, float]]],
    bars: dict[str, float],
    sizes: list[int],
) -> None:
    heads = " | ".join(f"{size:,} warm | cold".replace(",", " ") for size in sizes)
    print(f"\n| command | bar (warm) | {heads} | peak MiB |")
    print("|---" * (3 + 2 * len(sizes)) + "|")
    for what, by_size in figures.items():
        cells = " | ".join(f"{by_size[size][0]:.2f} s | {by_size[size][1]:.1f} s" for size in sizes)
        print(f"| {what} | {bars[what]:g} s | {cells} | {by_size[sizes[-1]][2]:.0f} |")


def _measured(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock seconds and peak memory (MiB) of one run."""
    with tempfile.TemporaryFile() as output:
        start = time.perf_counter()
        child = subprocess.Popen(args, stdout=output, stderr=output, cwd=ROOT, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode not in (0, 1):
            output.seek(0)
            sys.exit(f"{' '.join(args)} failed ({child.returncode}): {output.read().decode()}")
    return seconds, usage.ru_maxrss / 1024


def libyaml_floor(folder: Path) -> float:
    """Seconds for libyaml alone to compose every file's node tree on all cores: what a cold
    run cannot go below with this parser (ims also converts, validates and runs the rules)."""
    files = sorted(str(p) for p in (folder / "records").rglob("*.y*ml"))
    chunks = [files[i : i + 500] for i in range(0, len(files), 500)]
    start = time.perf_counter()
    with ProcessPoolExecutor(os.cpu_count()) as pool:
        composed = sum(pool.map(_compose, chunks))
    assert composed == len(files)
    return time.perf_counter() - start


def _compose(paths: list[str]) -> int:
    for path in paths:
        with open(path, "rb") as handle:
            yaml.compose(handle.read(), Loader=yaml.CSafeLoader)
    return len(paths)


def _first(folder: Path, kind: str) -> Path:
    return min((folder / "records" / kind).rglob("*.yaml"))


def _change_one(folder: Path) -> None:
    """An adviser's edit: one record gets (or loses) a comment line, a minute ago."""
    path = _first(folder, "avvik")
    text = path.read_text(encoding="utf-8")
    note = "# endret i benchmark\n"
    path.write_text(text.removesuffix(note) if text.endswith(note) else text + note, "utf-8")
    _age(path)


def _touch(folder: Path) -> None:
    """What a fresh clone in CI looks like to the index: every file written anew, same bytes,
    and git's index written with them (as checkout does; not timed)."""
    for path in (folder / "records").rglob("*"):
        if path.is_file():
            _age(path)
    subprocess.run(["git", "update-index", "-q", "--refresh"], cwd=folder, check=False)


def _generated(name: str, options: list[str]) -> Path:
    """bench/data/NAME, generated once by bench/generate.py with OPTIONS and committed."""
    folder = ROOT / "bench" / "data" / name
    if not folder.exists():
        generate = [sys.executable, str(ROOT / "bench" / "generate.py"), str(folder)]
        subprocess.run([*generate, *options], check=True, capture_output=True)
    _under_git(folder)
    return folder


def _first_sealed(folder: Path) -> str:
    """The id of the first avvik `ims krypter` encrypted."""
    paths = sorted((folder / "records" / "avvik").rglob("*.yaml"))
    return next(p.stem for p in paths if "\nkryptert:" in p.read_text(encoding="utf-8"))


def _subject(folder: Path) -> str:
    log = ["git", "log", "-1", "--format=%s"]
    return subprocess.run(log, cwd=folder, capture_output=True, check=False).stdout.decode().strip()


def _load() -> str:
    return " ".join(f"{load:.2f}" for load in os.getloadavg())


def _under_git(folder: Path) -> None:
    """The synthetic repository committed once, as a records repository is, and packed: else
    the commit's `git gc --auto` repacks 100 000 objects in the background of the first timings."""
    if not (folder / ".git").exists():
        _git(folder, "init", "-q")
        _git(folder, "add", "-A")
        _git(folder, "-c", "gc.auto=0", "commit", "-q", "-m", "Syntetiske poster")
        _git(folder, "gc", "-q")


def _age(path: Path) -> None:
    past = time.time() - 60
    os.utime(path, (past, past))


if __name__ == "__main__":
    main()
