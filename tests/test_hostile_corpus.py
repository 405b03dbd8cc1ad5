"""Every command over every hostile repository a pull request or a clone can bring.

Links out of the repository at every level, devices and FIFOs, numbers of thousands of digits,
control characters and noncharacters, formula text, Markdown and HTML payloads, alias bombs, and
templates that include a link, loop or recurse. For each repository and command: no exit 3, no
traceback, no hang past a bound, no control character on a stream, and no marker of a graded
record, of a file outside the repository or of the process's environment in any stream or any
file the command writes. The repositories are built once each; a command runs in-process.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import threading
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import pytest
from typer.testing import CliRunner

from ims_cli.cli.app import app
from ims_cli.render import templates

runner = CliRunner()
AS_OF = "2026-12-07"
BOUND_SECONDS = 30  # far above any command's time here; a hang is what it catches
GRADED = "Kvitnebbmerke"  # one word, as a code would look, in a fortrolig record
SECRET = "Sjoormmerke"  # in a strengt_fortrolig record
OUTSIDE = "Utenforfilmerke"  # in a file outside the repository that a link points at
# The longest entry of the environment the process started with, as /proc/self/environ shows it.
ENVIRONMENT = max(
    Path("/proc/self/environ").read_bytes().decode(errors="replace").split("\0"), key=len
)
FNR, FNR_SPACED = "01019000083", "010190 00083"  # fictional, passes the mod-11 check
MARKERS = (GRADED, SECRET, OUTSIDE, ENVIRONMENT, FNR, FNR_SPACED)
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")

GRADED_AVVIK = f"""id: AVV-2026-0090
type: uonsket_hendelse
tittel: {GRADED}
beskrivelse: {GRADED} {FNR_SPACED}
meldt: 2026-11-01
meldt_av: liv.berg
kilde: ansatt
enhet: OPP-SOLSTRAND
kategori: tjenestekvalitet
alvorlighet: 3
gradering: fortrolig
status: under_behandling
tiltak:
  - {{id: T1, beskrivelse: {GRADED}, ansvarlig: liv.berg, frist: 2026-11-20, status: pagar}}
"""
SECRET_AVVIK = f"""id: AVV-2026-0091
type: avvik
tittel: {SECRET}
beskrivelse: "{SECRET} ![x](https://evil.example/x.png) @kommune/alle"
meldt: 2026-10-01
meldt_av: liv.berg
kilde: ansatt
enhet: OPP-SOLSTRAND
kategori: etikk
alvorlighet: 2
gradering: strengt-fortrolig
status: meldt
"""
# Open records full of what must be neutralised on the way out (not markers: their text may show).
PAYLOAD_AVVIK = """id: AVV-2026-0092
type: avvik
tittel: "Bjelle\\a og retur\\r og ikke-tegn \\uFFFE \\uFFFF og C1 \\x85 slutt"
beskrivelse: "![spor](https://evil.example/p.png) [klikk](javascript:alert(1)) @kommune/alle
  <script>alert(1)</script> =HYPERLINK(\\"https://evil.example\\")"
meldt: 2026-11-02
meldt_av: liv.berg
kilde: ansatt
enhet: OPP-SOLSTRAND
kategori: tjenestekvalitet
alvorlighet: 2
gradering: apen
status: meldt
tiltak:
  - {id: T1, beskrivelse: "=WEBSERVICE(\\"https://evil.example\\")", ansvarlig: liv.berg,
     frist: 2026-11-30, status: planlagt}
"""
HUGE_NUMBER = f"""id: AVV-2026-0093
type: avvik
tittel: Stort tall
meldt: 2026-11-03
enhet: OPP-SOLSTRAND
kategori: hms
alvorlighet: {"9" * 5000}
status: meldt
"""
ALIAS_BOMB = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)
    )
    + "id: AVV-2026-0094\n"
)
OUTSIDE_AVVIK = f"""id: AVV-2026-0095
type: avvik
tittel: {OUTSIDE}
meldt: 2026-11-04
enhet: OPP-SOLSTRAND
kategori: hms
status: meldt
"""


@dataclass(frozen=True)
class Command:
    name: str
    argv: tuple[str, ...]  # {ut} is a fresh output folder
    templates: bool = False  # renders templates a repository can bring


COMMANDS = [
    Command("validate", ("validate",)),
    *(
        Command(f"check-{fmt}", ("check", "--as-of", AS_OF, "--format", fmt))
        for fmt in ("text", "json", "github", "junit", "md", "codeclimate")
    ),
    Command("list", ("list",)),
    Command("list-avvik", ("list", "avvik")),
    Command("show", ("show", "AVV-2026-0092")),
    Command("tiltak-list", ("tiltak", "list")),
    Command("tiltak-list-json", ("tiltak", "list", "--json")),
    Command("tiltak-overdue", ("tiltak", "list", "--forfalt", "--as-of", AS_OF)),
    Command("puff", ("puff", "--as-of", AS_OF)),
    Command("stats", ("stats",)),
    Command("risk-matrix", ("risk", "matrix")),
    Command("risk-matrix-png", ("risk", "matrix", "--png", "{ut}/matrise.png")),
    Command("risk-top", ("risk", "top")),
    Command("risk-dekning", ("risk", "dekning")),
    Command("diff-md", ("diff", "HEAD~1..HEAD", "--format", "md")),
    Command("diff-json", ("diff", "HEAD~1..HEAD", "--format", "json")),
    Command("log", ("log", "AVV-2026-0090")),
    Command("codeowners", ("codeowners", "--ut", "{ut}/CODEOWNERS")),
    Command("varsel", ("varsel", "--as-of", AS_OF, "--ut", "{ut}")),
    Command("export-avvik", ("export", "avvik", "--csv", "{ut}/avvik.csv")),
    Command("export-tiltak", ("export", "tiltak", "--xlsx", "{ut}/tiltak.xlsx")),
    Command("export-ros", ("export", "ros", "ROS-2026-0001", "--xlsx", "{ut}/ros.xlsx")),
    Command("export-sqlite", ("export", "sqlite", "{ut}/ims.sqlite")),
    Command("report-lg", ("report", "lg", "--as-of", AS_OF, "--ut", "{ut}"), templates=True),
    Command("report-ik", ("report", "ik", "--aar", "2026", "--ut", "{ut}"), templates=True),
    Command("site", ("site", "--as-of", AS_OF, "--ut", "{ut}/site"), templates=True),
    Command(
        "new-avvik",
        (
            "new",
            "avvik",
            "--enhet",
            "OPP-SOLSTRAND",
            "--tittel",
            "Ny",
            "--kategori",
            "hms",
            "--meldt-av",
            "liv.berg",
        ),
        templates=True,
    ),
]


def _write(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def _kitchen_sink(root: Path, outside: Path) -> None:
    """Everything at once that leaves the rest of the repository readable."""
    _write(root, "records/avvik/2026/AVV-2026-0092.yaml", PAYLOAD_AVVIK)
    _write(root, "records/avvik/2026/AVV-2026-0094.yaml", ALIAS_BOMB)
    _write(outside, "AVV-2026-0095.yaml", OUTSIDE_AVVIK)
    _write(outside / "mappe", "AVV-2026-0095.yaml", OUTSIDE_AVVIK)
    (root / "records/avvik/2026/AVV-2026-0096.yaml").symlink_to(outside / "AVV-2026-0095.yaml")
    (root / "records/avvik/ute").symlink_to(outside / "mappe")
    (root / "records/avvik/2026/AVV-2026-0097.yaml").symlink_to("/dev/zero")
    (root / "records/avvik/2026/AVV-2026-0098.yaml").symlink_to("/proc/self/environ")
    os.mkfifo(root / "records/avvik/2026/AVV-2026-0099.yaml")


def _record_huge_number(root: Path, outside: Path) -> None:
    _write(root, "records/avvik/2026/AVV-2026-0093.yaml", HUGE_NUMBER)


def _records_linked_out(root: Path, outside: Path) -> None:
    _write(outside / "records/avvik", "AVV-2026-0095.yaml", OUTSIDE_AVVIK)
    shutil.copy(root / "records/organisasjon.yaml", outside / "records")
    shutil.rmtree(root / "records")
    (root / "records").symlink_to(outside / "records")


def _config_fifo(root: Path, outside: Path) -> None:
    (root / "ims.yaml").unlink()
    os.mkfifo(root / "ims.yaml")


def _config_device(root: Path, outside: Path) -> None:
    (root / "ims.yaml").unlink()
    (root / "ims.yaml").symlink_to("/dev/zero")


def _config_huge_number(root: Path, outside: Path) -> None:
    _write(root, "ims.yaml", f"frister:\n  avvik_behandling_dager: {'7' * 5000}\n")


def _template_link(root: Path, outside: Path) -> None:
    for folder, name in (
        ("site", "base.html.j2"),
        ("report", "lg.md.j2"),
        ("new", "avvik.yaml.j2"),
    ):
        (root / "templates" / folder).mkdir(parents=True, exist_ok=True)
        (root / "templates" / folder / "p").symlink_to("/proc/self")
        _write(root, f"templates/{folder}/{name}", '{% include "p/environ" %}\n')


def _template_loop(root: Path, outside: Path) -> None:
    loop = "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}\n"
    for folder, name in (
        ("site", "base.html.j2"),
        ("report", "lg.md.j2"),
        ("new", "avvik.yaml.j2"),
    ):
        _write(root, f"templates/{folder}/{name}", loop)


def _template_recursion(root: Path, outside: Path) -> None:
    for folder, name in (
        ("site", "base.html.j2"),
        ("report", "lg.md.j2"),
        ("new", "avvik.yaml.j2"),
    ):
        _write(root, f"templates/{folder}/{name}", f'{{% include "{name}" %}}\n')


CASES: dict[str, Callable[[Path, Path], None]] = {
    "kitchen-sink": _kitchen_sink,
    "record-huge-number": _record_huge_number,
    "records-linked-out": _records_linked_out,
    "config-fifo": _config_fifo,
    "config-device": _config_device,
    "config-huge-number": _config_huge_number,
    "template-link": _template_link,
    "template-loop": _template_loop,
    "template-recursion": _template_recursion,
}
TEMPLATE_CASES = {"template-link", "template-loop", "template-recursion"}


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def _build(tmp: Path, case: str) -> Path:
    """`ims init --eksempel` with graded records, committed; the case's text changes committed on
    top (so `ims diff` reads them), its links, devices and FIFOs left in the work tree."""
    root, outside = tmp / "repo", tmp / "utenfor"
    outside.mkdir()
    assert runner.invoke(app, ["init", "--eksempel", str(root)]).exit_code == 0
    _write(root, "records/avvik/2026/AVV-2026-0090.yaml", GRADED_AVVIK)
    _write(root, "records/avvik/2026/AVV-2026-0091.yaml", SECRET_AVVIK)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "-c", "user.name=T", "-c", "user.email=t@example.no", "add", "-A")
    _git(root, "-c", "user.name=T", "-c", "user.email=t@example.no", "commit", "-qm", "start")
    CASES[case](root, outside)
    # links go in as links; git refuses a FIFO (an ims.yaml that is one stops the add: none then)
    subprocess.run(
        ["git", "add", "-A", "--ignore-errors"], cwd=root, check=False, capture_output=True
    )
    _git(
        root,
        "-c",
        "user.name=T",
        "-c",
        "user.email=t@example.no",
        "commit",
        "-qm",
        "fiendtlig",
        "--allow-empty",
    )
    return root


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """A case's repository, built the first time a test asks for it."""
    built: dict[str, Path] = {}

    def get(case: str) -> Path:
        if case not in built:
            built[case] = _build(tmp_path_factory.mktemp(case), case)
        return built[case]

    return get


class Hang(Exception):
    pass


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise Hang


def _written(folder: Path) -> Iterator[tuple[str, str]]:
    """Each file a command wrote, as text; a workbook's parts unzipped."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    yield f"{path.name}:{member}", archive.read(member).decode("utf-8", "replace")
        else:
            yield path.name, data.decode("utf-8", "replace")


PAIRS = [
    (case, command)
    for case in CASES
    for command in COMMANDS
    if case not in TEMPLATE_CASES or command.templates
]


@pytest.mark.parametrize(("case", "command"), PAIRS, ids=[f"{c}-{m.name}" for c, m in PAIRS])
def test_a_hostile_repository_is_met_calmly(
    case: str,
    command: Command,
    repository: Callable[[str], Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = repository(case)
    monkeypatch.chdir(root)  # ims diff and ims log ask git in the current folder
    before = {p for p in root.rglob("*.yaml") if ".git" not in p.parts}
    argv = ["--repo", str(root), *(a.replace("{ut}", str(tmp_path)) for a in command.argv)]
    # ims's own template budget, made short: a loop a template brings is stopped by it
    monkeypatch.setattr(templates, "TIME_BUDGET", 2.0)
    # The bound is a signal sent to this thread, which also breaks a wait on a FIFO; not SIGALRM,
    # which the template budget uses.
    previous = signal.signal(signal.SIGUSR1, _alarm)
    timer = threading.Timer(
        BOUND_SECONDS, signal.pthread_kill, (threading.get_ident(), signal.SIGUSR1)
    )
    timer.start()
    try:
        result = runner.invoke(app, argv)
    finally:
        timer.cancel()
        signal.signal(signal.SIGUSR1, previous)
    streams = result.stdout + result.stderr
    assert not isinstance(result.exception, Hang), f"hang past {BOUND_SECONDS} s"
    assert result.exit_code in (0, 1, 2), streams
    assert "Traceback" not in streams
    assert not CONTROL.findall(streams), CONTROL.findall(streams)
    created = {p for p in root.rglob("*.yaml") if ".git" not in p.parts} - before
    outputs = [("stdout+stderr", streams), *_written(tmp_path)]
    for path in created:  # `ims new` wrote a record: it must hold nothing from outside
        outputs.append((path.name, path.read_text("utf-8", "replace")))
        path.unlink()
    for name, text in outputs:
        for marker in MARKERS:
            assert marker not in text, f"{marker} in {name}"
