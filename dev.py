#!/usr/bin/env python3
"""Set up a virtual environment from nothing and run the demo or the tests.

    python3 dev.py demo   # ims validate and ims check on the example records
    python3 dev.py test   # ruff, mypy and pytest
    python3 dev.py mutate [analytics/risk.py …]   # mutation testing, by hand (minutes)

Needs only Python 3.11+ with venv and pip; the environment lives in .venv/.
"""

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".ims-installed"


def run(*args: str | Path) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    result = subprocess.run([str(a) for a in args], cwd=ROOT, check=False)
    if result.returncode != 0:
        sys.exit(result.returncode)


def ensure_venv() -> None:
    """Create .venv and install ims with its test tools; redo it when pyproject.toml changes."""
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not (BIN / "python").exists():
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    run(BIN / "python", "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(BIN / "python", "-m", "pip", "install", "--quiet", "-e", ".[test]")
    STAMP.write_text(wanted)


def demo() -> None:
    run(BIN / "ims", "validate")
    # The example records have overdue deadlines on purpose: exit 1 is the expected outcome here.
    subprocess.run([str(BIN / "ims"), "check", "--as-of", "2026-11-22"], cwd=ROOT, check=False)


def ensure_debian(package: str) -> None:
    """Install a Debian package whose command the tests run when it is missing (as root)."""
    if shutil.which(package) or not shutil.which("apt-get") or os.geteuid() != 0:
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for args in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", package]):
        print("+", " ".join(args), flush=True)
        subprocess.run(args, cwd=ROOT, check=True, env=env, stdout=subprocess.DEVNULL)


def ensure_chromium() -> None:
    """The HTML report is tested in Debian's chromium; install it when it is missing (as root)."""
    ensure_debian("chromium")


def ensure_age() -> None:
    """What ims encrypts is decrypted by Debian's age in the tests; install it when missing."""
    ensure_debian("age")


def test() -> None:
    ensure_chromium()
    ensure_age()
    run(BIN / "ruff", "check", "src", "tests", "bench", "dev.py")
    run(BIN / "ruff", "format", "--check", "src", "tests", "bench", "dev.py")
    run(BIN / "mypy")
    # on every core (pytest-xdist): the suite is CPU-bound, and its tests share no state
    run(BIN / "pytest", "-n", "auto", *sys.argv[2:])


def golden() -> None:
    """Write the golden reports the tests compare with; run by hand after a deliberate change."""
    for unit in ("KD", "OPP-SOLSTRAND"):
        with tempfile.TemporaryDirectory() as folder:
            run(BIN / "ims", "report", "lg", "--enhet", unit, "--periode", "2026",
                "--as-of", "2026-11-22", "--ut", folder)  # fmt: skip
            shutil.copy(Path(folder) / f"lg-{unit}-2026.md", ROOT / "tests" / "golden")
    with tempfile.TemporaryDirectory() as folder:
        run(BIN / "ims", "report", "ik", "--aar", "2026", "--as-of", "2026-11-22", "--ut", folder)
        shutil.copy(Path(folder) / "ik-2026.md", ROOT / "tests" / "golden")


def mutate() -> None:
    """Mutation testing of analytics/, rules/ and store/ (tests/mutation.py); by hand and weekly."""
    run(BIN / "python", ROOT / "tests" / "mutation.py", *sys.argv[2:])


TASKS = {"demo": demo, "test": test, "golden": golden, "mutate": mutate}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in TASKS:
        sys.exit(f"usage: python3 dev.py {'|'.join(TASKS)} [pytest args]")
    ensure_venv()
    TASKS[sys.argv[1]]()
