"""`ims new` and `ims init`, with real git repositories for the branch check."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from git import Actor, Repo
from typer.testing import CliRunner

from ims_cli.cli.app import app
from tests.conftest import PROJECT, MakeRepo, summary

runner = CliRunner()

KINDS = {
    "avvik": [
        "--enhet",
        "OPP-SOL",
        "--tittel",
        "Port stod åpen: barn gikk ut",
        "--kategori",
        "hms",
    ],
    "ros": ["--enhet", "OPP-SOL", "--tittel", "HMS", "--omrade", "hms", "--ansvarlig", "liv.berg"],
    "prosess": ["--id", "2.1", "--tittel", "Tilvenning", "--eier", "ola.hansen", "--enhet", "OPP"],
    "lederavtale": [
        "--enhet",
        "OPP-SOL",
        "--leder",
        "liv.berg",
        "--overordnet",
        "ola.hansen",
        "--aar",
        "2027",
    ],
    "revisjon": [
        "--enhet",
        "OPP-SOL",
        "--tittel",
        "Tilsyn",
        "--type",
        "tilsyn",
        "--planlagt",
        "2027-03-01",
    ],
    "lg": ["--enhet", "OPP-SOL", "--dato", "2026-11-20"],
}
EXPECTED = {
    "avvik": "records/avvik/2026/AVV-2026-0101.yaml",
    "ros": "records/ros/OPP/ROS-2026-0002.yaml",
    "prosess": "records/prosesser/2.1-tilvenning.md",
    "lederavtale": "records/lederavtaler/2027/LA-2027-0001.yaml",
    "revisjon": "records/revisjoner/REV-2027-0001.yaml",
    "lg": "records/ledelsens-gjennomgang/LG-2026-0001.yaml",
}


def ims(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--repo", str(root), *args])
    return result.exit_code, result.output


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_is_created_valid(kind: str, make_repo: MakeRepo) -> None:
    root = make_repo()
    code, output = ims(root, "new", kind, *KINDS[kind])
    assert (code, output) == (0, f"Skrev {EXPECTED[kind]}\n")
    assert summary(root) == []


def test_missing_options_are_named(make_repo: MakeRepo) -> None:
    code, output = ims(make_repo(), "new", "avvik", "--enhet", "OPP-SOL")
    assert code == 2
    assert "ims new avvik trenger også --tittel, --kategori" in output


def test_an_invalid_value_is_refused_before_writing(make_repo: MakeRepo) -> None:
    root = make_repo()
    code, output = ims(
        root, "new", "avvik", "--enhet", "OPP-SOL", "--tittel", "x", "--kategori", "ukjent"
    )
    assert code == 2 and "posten ble ikke laget" in output
    assert not (root / "records" / "avvik" / "2026").exists()


def test_ids_on_other_branches_are_not_reused(make_repo: MakeRepo) -> None:
    root = make_repo()
    files = [p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()]
    repo = Repo.init(root, initial_branch="main")
    someone = Actor("Liv Berg", "liv.berg@example.invalid")
    repo.index.add(files)
    repo.index.commit("Postene", author=someone, committer=someone)
    repo.create_head("annen").checkout()
    other = root / "records" / "avvik" / "AVV-2026-0150.yaml"
    other.write_text("id: AVV-2026-0150\n", encoding="utf-8")
    repo.index.add([other.relative_to(root).as_posix()])
    repo.index.commit("Avvik på en annen gren", author=someone, committer=someone)
    repo.heads["main"].checkout()
    assert not other.exists()
    code, output = ims(root, "new", "avvik", *KINDS["avvik"])
    assert (code, output) == (0, "Skrev records/avvik/2026/AVV-2026-0151.yaml\n")


def test_a_repository_can_bring_its_own_template(make_repo: MakeRepo) -> None:
    template = (PROJECT / "templates" / "new" / "avvik.yaml.j2").read_text("utf-8")
    root = make_repo({"templates/new/avvik.yaml.j2": "# Vår egen mal\n" + template})
    assert ims(root, "new", "avvik", *KINDS["avvik"])[0] == 0
    text = (root / EXPECTED["avvik"]).read_text("utf-8")
    assert text.startswith("# Vår egen mal\n") and "tittel: 'Port stod åpen: barn gikk ut'" in text


def test_init_scaffolds_a_repository_that_validates(tmp_path: Path) -> None:
    target = tmp_path / "kvalitet"
    result = runner.invoke(app, ["init", str(target), "--organisasjon", "Asker kommune"])
    assert result.exit_code == 0
    for name in (
        "ims.yaml",
        "records/organisasjon.yaml",
        ".github/workflows/ims.yml",
        ".gitlab-ci.yml",
        ".pre-commit-config.yaml",
    ):
        assert yaml.safe_load((target / name).read_text("utf-8")) is not None or name.endswith(
            "organisasjon.yaml"
        )
    assert "organisasjon: Asker kommune" in (target / "ims.yaml").read_text("utf-8")
    workflow = yaml.safe_load((target / ".github/workflows/ims.yml").read_text("utf-8"))
    steps = workflow["jobs"]["check"]["steps"]
    assert steps[-1]["run"] == "ims check --format github"
    (restore,) = [s for s in steps if s.get("uses", "").startswith("actions/cache")]
    assert restore["with"]["path"] == "~/.cache/ims"  # the last run's results, for unchanged files
    review = workflow["jobs"]["review"]
    assert review["permissions"]["pull-requests"] == "write"
    assert review["steps"][-1]["env"]["RANGE"] == "origin/${{ github.base_ref }}...HEAD"
    script = review["steps"][-1]["run"]
    assert 'ims diff "$RANGE" --format md > ims-diff.md || status=$?' in script
    assert "gh pr comment" in script and script.rstrip().endswith("exit $status")
    gitlab = yaml.safe_load((target / ".gitlab-ci.yml").read_text("utf-8"))
    assert gitlab["ims-check"]["artifacts"]["reports"]["junit"] == "ims-check.xml"
    assert any("--format md" in line for line in gitlab["ims-diff"]["script"])
    assert runner.invoke(app, ["--repo", str(target), "validate"]).exit_code == 0
    again = runner.invoke(app, ["init", str(target)])
    assert again.exit_code == 2 and "har allerede ims.yaml" in again.output


def test_init_keeps_files_that_are_there(tmp_path: Path) -> None:
    (tmp_path / ".gitlab-ci.yml").write_text("# vår egen\n", encoding="utf-8")
    result = runner.invoke(app, ["init", str(tmp_path)])
    assert result.exit_code == 0 and "Fantes fra før, ikke endret" in result.output
    assert (tmp_path / ".gitlab-ci.yml").read_text("utf-8") == "# vår egen\n"


def test_this_project_offers_a_pre_commit_hook() -> None:
    (hook,) = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert (hook["id"], hook["entry"], hook["language"]) == (
        "ims-validate",
        "ims validate",
        "python",
    )
