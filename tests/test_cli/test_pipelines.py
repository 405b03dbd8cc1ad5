"""The pipelines `ims init` writes, run as CI would run them: their shell steps in a fresh virtual
environment that installs ims from IMS_PAKKE (a wheel built from this checkout), against a records
repository in git with a pull-request branch. GitHub's `uses:` steps (checkout, setup-python,
cache) are what the fixture does itself; `gh` is a stand-in that records the comment."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
import venv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from ims_cli.cli.app import app
from tests.conftest import PROJECT

runner = CliRunner()
ROS = "records/ros/HO/ROS-2026-0001.yaml"
PROCESS = "records/prosesser/1.1.2-etikk-og-samfunnsansvar.md"
FAKE_GH = '#!/bin/sh\necho "gh $*" >> "$GH_LOG"\n'


@dataclass
class Ci:
    """A fresh environment with ims installed from IMS_PAKKE, and the records' origin."""

    bin: Path
    wheel: Path
    origin: Path
    tmp: Path


def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Liv Berg", "-c", "user.email=liv@example.invalid", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


@pytest.fixture(scope="module")
def ci(tmp_path_factory: pytest.TempPathFactory) -> Ci:
    tmp = tmp_path_factory.mktemp("ci")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "-w", str(tmp / "dist"), str(PROJECT)],
        check=True,
    )  # fmt: skip
    (wheel,) = (tmp / "dist").glob("ims_cli-*.whl")
    venv.EnvBuilder(with_pip=True).create(tmp / "venv")
    _share_dependencies(tmp / "venv", tmp / "deps")
    (tmp / "bin").mkdir()
    (tmp / "bin" / "gh").write_text(FAKE_GH, "utf-8")
    (tmp / "bin" / "gh").chmod(0o755)
    origin = _records_origin(tmp, wheel)
    return Ci(tmp / "venv" / "bin", wheel, origin, tmp)


def _share_dependencies(environment: Path, folder: Path) -> None:
    """ims's dependencies, as this test run has them, without ims itself: the fresh environment
    installs ims from the wheel with nothing to download."""
    site = Path(sysconfig.get_paths()["purelib"])
    folder.mkdir()
    for entry in site.iterdir():
        if entry.name.startswith(("ims_cli", "__editable__", "_ims_cli")) or entry.suffix == ".pth":
            continue
        (folder / entry.name).symlink_to(entry)
    (purelib,) = environment.glob("lib/python*/site-packages")
    (purelib / "ims-test-dependencies.pth").write_text(f"{folder}\n", "utf-8")


def _records_origin(tmp: Path, wheel: Path) -> Path:
    """A bare repository holding `ims init`'s files and the example records on main."""
    work = tmp / "start"
    result = runner.invoke(app, ["init", str(work), "--pakke", str(wheel)])
    assert result.exit_code == 0, result.output
    for name in ("ims.yaml", "records"):
        subprocess.run(["cp", "-r", str(PROJECT / name), str(work)], check=True)
    _git(work, "add", "--all")
    _git(work, "commit", "-q", "-m", "Postene")
    _git(tmp, "clone", "-q", "--bare", str(work), str(tmp / "origin.git"))
    return tmp / "origin.git"


@pytest.fixture
def checkout(ci: Ci, tmp_path: Path) -> Path:
    """What actions/checkout gives: a clone with origin's branches, on a branch of its own."""
    _git(tmp_path, "clone", "-q", str(ci.origin), "arkiv")
    _git(tmp_path / "arkiv", "checkout", "-q", "-b", "endring")
    return tmp_path / "arkiv"


def _commit(checkout: Path, message: str) -> None:
    _git(checkout, "add", "--all")
    _git(checkout, "commit", "-q", "-m", message)


@dataclass
class Step:
    name: str
    code: int
    output: str


def _environment(ci: Ci, extra: dict[str, str]) -> dict[str, str]:
    path = f"{ci.tmp / 'bin'}{os.pathsep}{ci.bin}{os.pathsep}{os.environ['PATH']}"
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON"))}
    return {**clean, "PATH": path, "PIP_DISABLE_PIP_VERSION_CHECK": "1", **extra}


GITHUB = {
    "github.token": "token",
    "github.event.pull_request.number": "7",
    "github.base_ref": "main",
    "github.sha": "abc",
    "vars.IMS_PUBLIKUM": "",
}


def _expand(value: Any) -> str:
    return re.sub(r"\$\{\{\s*([\w.]+)\s*\}\}", lambda m: GITHUB[m.group(1)], str(value))


def run_github_job(ci: Ci, checkout: Path, job: str) -> Iterator[Step]:
    """The job's `run:` steps in order, as GitHub runs them (bash -e, pipefail), each with the
    workflow's, the job's and its own `env`; a step after a failed one runs only if it says so."""
    workflow = yaml.safe_load((checkout / ".github/workflows/ims.yml").read_text("utf-8"))
    summary = checkout.parent / "summary.md"
    base = {k: _expand(v) for k, v in workflow.get("env", {}).items()}
    base |= {"GITHUB_STEP_SUMMARY": str(summary), "GH_LOG": str(checkout.parent / "gh.log")}
    failed = False
    for step in workflow["jobs"][job]["steps"]:
        if "run" not in step or (failed and step.get("if") != "!cancelled()"):
            continue
        env = base | {k: _expand(v) for k, v in step.get("env", {}).items()}
        ran = _bash(step.get("name", step["run"]), step["run"], checkout, _environment(ci, env))
        failed = failed or ran.code != 0
        yield ran


def run_gitlab_job(ci: Ci, checkout: Path, job: str) -> Step:
    """The job's script as a GitLab runner runs it: one shell, stopping at the first failure."""
    pipeline = yaml.safe_load((checkout / ".gitlab-ci.yml").read_text("utf-8"))
    variables = {**pipeline["variables"], **pipeline[job].get("variables", {})}
    variables |= {"CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main", "IMS_GITLAB_TOKEN": ""}
    script = "\n".join(pipeline[job]["script"])
    return _bash(job, script, checkout, _environment(ci, {k: str(v) for k, v in variables.items()}))


def _bash(name: str, script: str, cwd: Path, env: dict[str, str]) -> Step:
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        check=False,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return Step(name, done.returncode, done.stdout + done.stderr)


def _complete_a_ros_tiltak(checkout: Path) -> None:
    """What an adviser does: `ims tiltak done` on a ROS tiltak, and a commit."""
    result = runner.invoke(app, ["--repo", str(checkout), "tiltak", "done", "ROS-2026-0001/T2"])
    assert result.exit_code == 0, result.output
    _commit(checkout, "Tiltak T2 i ROS-2026-0001 er gjennomført")


def test_a_pull_request_that_completes_a_ros_tiltak_passes(ci: Ci, checkout: Path) -> None:
    _complete_a_ros_tiltak(checkout)
    steps = list(run_github_job(ci, checkout, "pull-request"))
    assert [(s.name, s.code) for s in steps] == [
        ("Installer ims", 0),
        ("Validering av hele postarkivet", 0),
        ("Gjennomgang av endringene", 0),
        ("Frister i postene som endres (stopper ikke pull requesten)", 0),
    ], steps
    assert "D004" not in steps[2].output
    summary = (checkout.parent / "summary.md").read_text("utf-8")
    assert "## Endringer i ledelsessystemet" in summary and "ROS-2026-0001" in summary
    assert "### ims check per" in summary
    assert (checkout.parent / "gh.log").read_text("utf-8").startswith("gh pr comment 7 ")
    # GitLab's merge-request jobs agree.
    for job in ("ims-validering", "ims-gjennomgang"):
        step = run_gitlab_job(ci, checkout, job)
        assert step.code == 0, step.output
    assert (checkout / "gl-code-quality-report.json").is_file()


def test_a_process_changed_without_a_new_version_fails_the_pull_request(
    ci: Ci, checkout: Path
) -> None:
    text = (checkout / PROCESS).read_text("utf-8")
    (checkout / PROCESS).write_text(text + "\nEt nytt avsnitt om varsling.\n", "utf-8")
    _commit(checkout, "Nytt avsnitt")
    steps = {s.name: s for s in run_github_job(ci, checkout, "pull-request")}
    review = steps["Gjennomgang av endringene"]
    assert review.code == 1 and "D001" in review.output
    gitlab = run_gitlab_job(ci, checkout, "ims-gjennomgang")
    assert gitlab.code == 1 and "D001" in (checkout / "ims-diff.md").read_text("utf-8")


def test_the_nightly_gate_fails_on_overdue_deadlines(ci: Ci, checkout: Path) -> None:
    _git(checkout, "checkout", "-q", "main")
    steps = list(run_github_job(ci, checkout, "frister"))
    assert [s.code for s in steps] == [0, 1]
    assert "::error file=" in steps[1].output and "F001" in steps[1].output
    gitlab = run_gitlab_job(ci, checkout, "ims-frister")
    assert gitlab.code == 1 and "forfalte frister" in gitlab.output


def test_the_site_is_built_for_pages_and_public_by_default(ci: Ci, checkout: Path) -> None:
    _git(checkout, "checkout", "-q", "main")
    steps = list(run_github_job(ci, checkout, "nettsted"))
    assert [(s.name, s.code) for s in steps] == [("Installer ims", 0), ("Bygg nettstedet", 0)]
    assert (checkout / "_site" / "index.html").is_file()
    assert "åpen versjon" in (checkout / "_site" / "index.html").read_text("utf-8")
    assert (checkout / "_site" / "pagefind" / "pagefind.js").is_file()
    gitlab = run_gitlab_job(ci, checkout, "pages")
    assert gitlab.code == 0, gitlab.output
    assert "åpen versjon" in (checkout / "public" / "index.html").read_text("utf-8")
