"""`ims codeowners`: process owners from their git handles, and --check for staleness."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from ims_cli.cli.app import app
from tests.conftest import FIXTURES, MakeRepo

runner = CliRunner()
ORG = (
    (FIXTURES / "base" / "records" / "organisasjon.yaml")
    .read_text("utf-8")
    .replace(
        "{id: ola.hansen, navn: Ola Hansen}",
        "{id: ola.hansen, navn: Ola Hansen, git: '@olahansen'}",
    )
)


def ims(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--repo", str(root), "codeowners", *args])
    return result.exit_code, result.output


def test_each_process_goes_to_its_owner(make_repo: MakeRepo) -> None:
    root = make_repo({"records/organisasjon.yaml": ORG})
    assert ims(root) == (0, f"Skrev {root / 'CODEOWNERS'}\n")
    lines = (root / "CODEOWNERS").read_text("utf-8").splitlines()
    assert "/records/prosesser/1.1-opptak.md @olahansen" in lines
    assert lines[0].startswith("# Laget av «ims codeowners»")


def test_an_owner_without_git_handle_is_named(make_repo: MakeRepo) -> None:
    root = make_repo()
    code, output = ims(root)
    assert code == 0 and "ims: ola.hansen har ingen git-bruker i organisasjon.yaml" in output
    text = (root / "CODEOWNERS").read_text("utf-8")
    assert "# /records/prosesser/1.1-opptak.md: ola.hansen har ingen git-bruker" in text


def test_check_finds_a_stale_file(make_repo: MakeRepo) -> None:
    root = make_repo({"records/organisasjon.yaml": ORG, ".github/workflows/x.yml": "on: push\n"})
    assert ims(root)[0] == 0
    assert (root / ".github" / "CODEOWNERS").is_file()  # beside the workflows when .github exists
    assert ims(root, "--check") == (0, "")
    process = root / "records" / "prosesser" / "1.1-opptak.md"
    process.write_text(
        process.read_text("utf-8").replace("eier: ola.hansen", "eier: liv.berg"), encoding="utf-8"
    )
    code, output = ims(root, "--check")
    assert code == 1 and output.endswith("CODEOWNERS: ikke à jour; kjør «ims codeowners»\n")
    (root / ".github" / "CODEOWNERS").unlink()
    code, output = ims(root, "--check")
    assert code == 1 and output.endswith("CODEOWNERS: mangler; kjør «ims codeowners»\n")


def test_unit_folders_when_configured(make_repo: MakeRepo) -> None:
    ros = (FIXTURES / "base" / "records" / "ros" / "ROS-2026-0001.yaml").read_text("utf-8")
    root = make_repo(
        {
            "ims.yaml": "codeowners: {enhetsmapper: true}\n",
            "records/organisasjon.yaml": ORG,
            "records/ros/OPP/ROS-2026-0002.yaml": ros.replace("ROS-2026-0001", "ROS-2026-0002"),
        }
    )
    assert ims(root)[0] == 0
    assert "/records/ros/OPP/ @olahansen" in (root / "CODEOWNERS").read_text("utf-8").splitlines()
