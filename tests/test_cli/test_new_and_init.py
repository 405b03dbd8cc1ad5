"""`ims new` and `ims init`, with real git repositories for the branch check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from git import Actor, Repo
from typer.testing import CliRunner

from ims_cli import __version__
from ims_cli.cli import new as new_command
from ims_cli.cli.app import app
from ims_cli.installed import Source, from_direct_url
from ims_cli.kinds import KINDS as RECORD_KINDS
from ims_cli.kinds import Kind
from tests.conftest import PROJECT, YEAR, MakeRepo, new_id, summary

runner = CliRunner()

KINDS = {
    "avvik": [
        "--enhet",
        "OPP-SOL",
        "--tittel",
        "Port stod åpen: barn gikk ut",
        "--kategori",
        "hms",
        "--meldt-av",
        "liv.berg",
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
    "egenvurdering": ["--enhet", "OPP", "--dato", "2026-09-15"],
}
EXPECTED = {
    "avvik": f"records/avvik/{YEAR}/{new_id('AVV')}.yaml",  # numbered in today's year
    "ros": f"records/ros/OPP/{new_id('ROS')}.yaml",
    "prosess": "records/prosesser/2.1-tilvenning.md",
    "lederavtale": "records/lederavtaler/2027/LA-2027-0001.yaml",
    "revisjon": "records/revisjoner/REV-2027-0001.yaml",
    "lg": "records/ledelsens-gjennomgang/LG-2026-0001.yaml",
    "egenvurdering": "records/egenvurderinger/EV-2026-0001.yaml",
}


def ims(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--repo", str(root), *args])
    return result.exit_code, result.output


KINDS_IN_YAML = [k for k in RECORD_KINDS if not k.markdown]  # a process is Markdown

# Where each template asks the user to write (S005 until it is filled in).
PLACEHOLDERS = {
    **{"avvik": 1, "ros": 3, "prosess": 5, "lederavtale": 2, "revisjon": 0, "lg": 1},
    "egenvurdering": 6,  # a begrunnelse for each area of ims.yaml
}


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_is_created_valid_but_for_what_is_to_be_filled_in(
    kind: str, make_repo: MakeRepo
) -> None:
    root = make_repo()
    code, output = ims(root, "new", kind, *KINDS[kind])
    hint = "Skriv teksten der det står «<fyll inn>»; «ims validate» viser hvor (S005).\n"
    assert (code, output) == (0, f"Skrev {EXPECTED[kind]}\n" + (hint if PLACEHOLDERS[kind] else ""))
    assert [code for code, *_ in summary(root)] == ["S005"] * PLACEHOLDERS[kind]
    path = root / EXPECTED[kind]
    path.write_text(path.read_text("utf-8").replace("<fyll inn> ", ""), "utf-8")
    assert summary(root) == []


def test_a_new_record_points_editors_at_its_schema(make_repo: MakeRepo) -> None:
    root = make_repo()
    runner.invoke(app, ["--repo", str(root), "schema"])
    assert ims(root, "new", "avvik", *KINDS["avvik"])[0] == 0
    first = (root / EXPECTED["avvik"]).read_text("utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../../schemas/avvik.schema.json"
    assert (root / EXPECTED["avvik"]).parent.joinpath(first.split("=")[1]).resolve().is_file()


def test_missing_options_are_named(make_repo: MakeRepo) -> None:
    code, output = ims(make_repo(), "new", "avvik", "--enhet", "OPP-SOL")
    assert code == 2
    assert (
        output
        == "ims: ims new avvik trenger også --tittel, --kategori, --meldt-av (eller --anonym)\n"
    )


def test_who_reported_an_avvik_is_never_assumed(make_repo: MakeRepo) -> None:
    """Without a terminal, an avvik with nobody named as reporter needs --anonym to say so."""
    root = make_repo()
    given = ["new", "avvik", "--enhet", "OPP-SOL", "--tittel", "Feil dose", "--kategori", "hms"]
    assert ims(root, *given) == (
        2,
        "ims: ims new avvik trenger også --meldt-av (eller --anonym)\n",
    )
    assert not (root / "records" / "avvik" / str(YEAR)).exists()
    assert ims(root, *given, "--anonym", "--meldt-av", "liv.berg") == (
        2,
        "ims: --anonym og --meldt-av liv.berg sier hver sitt; gi bare én av dem\n",
    )
    assert ims(root, "new", "lg", "--enhet", "OPP-SOL", "--anonym") == (
        2,
        "ims: --anonym gjelder bare «ims new avvik» og «ims new varsel»\n",
    )
    code, output = ims(root, *given, "--anonym")
    assert code == 0, output
    assert "meldt_av: anonym " in (root / EXPECTED["avvik"]).read_text("utf-8")


def test_an_invalid_value_is_refused_before_writing(make_repo: MakeRepo) -> None:
    root = make_repo()
    code, output = ims(
        root,
        *("new", "avvik", "--enhet", "OPP-SOL", "--tittel", "x", "--kategori", "ukjent"),
        "--anonym",
    )
    assert code == 2 and "posten ble ikke laget" in output
    assert not (root / "records" / "avvik" / str(YEAR)).exists()


def test_ids_on_other_branches_are_not_reused(make_repo: MakeRepo) -> None:
    root = make_repo()
    files = [p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()]
    repo = Repo.init(root, initial_branch="main")
    someone = Actor("Liv Berg", "liv.berg@example.invalid")
    repo.index.add(files)
    repo.index.commit("Postene", author=someone, committer=someone)
    repo.create_head("annen").checkout()
    other = root / "records" / "avvik" / f"AVV-{YEAR}-0150.yaml"
    other.write_text(f"id: AVV-{YEAR}-0150\n", encoding="utf-8")
    repo.index.add([other.relative_to(root).as_posix()])
    repo.index.commit("Avvik på en annen gren", author=someone, committer=someone)
    repo.heads["main"].checkout()
    assert not other.exists()
    code, output = ims(root, "new", "avvik", *KINDS["avvik"])
    assert code == 0 and output.startswith(f"Skrev records/avvik/{YEAR}/AVV-{YEAR}-0151.yaml\n")


def test_a_repository_can_bring_its_own_template(make_repo: MakeRepo) -> None:
    template = (PROJECT / "templates" / "new" / "avvik.yaml.j2").read_text("utf-8")
    root = make_repo({"templates/new/avvik.yaml.j2": "# Vår egen mal\n" + template})
    assert ims(root, "new", "avvik", *KINDS["avvik"])[0] == 0
    text = (root / EXPECTED["avvik"]).read_text("utf-8")
    assert text.startswith("# Vår egen mal\n") and "tittel: 'Port stod åpen: barn gikk ut'" in text


def test_init_scaffolds_a_repository_that_validates(tmp_path: Path) -> None:
    target = tmp_path / "kvalitet"
    result = runner.invoke(
        app, ["init", str(target), "--organisasjon", "Asker kommune", "--pakke", "ims-cli==9.9"]
    )
    assert result.exit_code == 0
    assert "Opprettet et git-arkiv" in result.output and (target / ".git").is_dir()
    for name in (
        "ims.yaml",
        "records/organisasjon.yaml",
        ".github/workflows/ims.yml",
        ".gitlab-ci.yml",
        ".pre-commit-config.yaml",
    ):
        assert yaml.safe_load((target / name).read_text("utf-8")) is not None
    assert "organisasjon: Asker kommune" in (target / "ims.yaml").read_text("utf-8")
    assert "build/" in (target / ".gitignore").read_text("utf-8").splitlines()
    schemas = sorted(p.name for p in (target / "schemas").iterdir())
    assert "avvik.schema.json" in schemas and len(schemas) == 14
    settings = json.loads((target / ".vscode/settings.json").read_text("utf-8"))
    assert settings["yaml.schemas"]["./schemas/avvik.schema.json"] == ["records/**/AVV-*.yaml"]
    assert all((target / name).is_file() for name in settings["yaml.schemas"])
    # Both pipelines install from IMS_PAKKE, set once at the top, and name no other version.
    workflow = yaml.safe_load((target / ".github/workflows/ims.yml").read_text("utf-8"))
    gitlab = yaml.safe_load((target / ".gitlab-ci.yml").read_text("utf-8"))
    assert workflow["env"]["IMS_PAKKE"] == gitlab["variables"]["IMS_PAKKE"] == "ims-cli==9.9"
    for text in (target / ".github/workflows/ims.yml", target / ".gitlab-ci.yml"):
        installs = [line for line in text.read_text("utf-8").splitlines() if "pip install" in line]
        assert installs and all(
            line.strip().endswith('pip install "$IMS_PAKKE"') for line in installs
        )
    pull_request = workflow["jobs"]["pull-request"]
    assert pull_request["permissions"]["pull-requests"] == "write"
    (restore,) = [s for s in pull_request["steps"] if s.get("uses", "").startswith("actions/cache")]
    assert restore["with"]["path"] == "~/.cache/ims"  # the last run's results, for unchanged files
    assert workflow["jobs"]["frister"]["if"] == "github.event_name != 'pull_request'"
    assert runner.invoke(app, ["--repo", str(target), "validate"]).exit_code == 0
    assert runner.invoke(app, ["--repo", str(target), "schema", "--check"]).exit_code == 0
    again = runner.invoke(app, ["init", str(target)])
    assert again.exit_code == 2 and "har allerede ims.yaml" in again.output


@pytest.mark.parametrize("kind", KINDS_IN_YAML, ids=lambda k: k.name)
def test_init_maps_every_yaml_record_kind_to_its_schema(tmp_path: Path, kind: Kind) -> None:
    target = tmp_path / "kvalitet"
    assert runner.invoke(app, ["init", str(target), "--pakke", "ims-cli==9.9"]).exit_code == 0
    settings = json.loads((target / ".vscode/settings.json").read_text("utf-8"))
    schema = f"./schemas/{kind.name}.schema.json"
    assert settings["yaml.schemas"][schema] == [f"records/**/{kind.prefix}-*.yaml"]
    assert (target / schema).is_file()


def test_init_names_where_the_running_ims_came_from() -> None:
    assert from_direct_url(
        {"url": "https://git.kommune.no/kvalitet/ims.git",
         "vcs_info": {"vcs": "git", "commit_id": "4a10ac0", "requested_revision": "v0.2.0"}}
    ) == Source("ims-cli @ git+https://git.kommune.no/kvalitet/ims.git@4a10ac0")  # fmt: skip
    wheel = "https://pakker.kommune.no/ims_cli-0.2.0-py3-none-any.whl"
    assert from_direct_url({"url": wheel, "archive_info": {}}) == Source(f"ims-cli @ {wheel}")


@pytest.mark.parametrize(
    ("url", "info", "local"),
    [
        ("file:///opt/ims", "dir_info", "/opt/ims"),
        ("file:///srv/deling/ims_cli-0.2.0-py3-none-any.whl", "archive_info",
         "/srv/deling/ims_cli-0.2.0-py3-none-any.whl"),
        ("file:///opt/ims%20cli", "dir_info", "/opt/ims cli"),
    ],
)  # fmt: skip
def test_a_local_install_gives_the_released_version(url: str, info: str, local: str) -> None:
    assert from_direct_url({"url": url, info: {}}) == Source(f"ims-cli=={__version__}", local)


def test_init_from_a_local_folder_says_so_and_writes_the_release(tmp_path: Path) -> None:
    target = tmp_path / "kvalitet"
    result = runner.invoke(app, ["init", str(target)])  # this checkout: an editable folder
    assert result.exit_code == 0
    assert (
        f"ims: merk: ims som kjører nå er installert fra {PROJECT}, som CI ikke har; "
        f"rørledningene installerer derfor ims-cli=={__version__} (IMS_PAKKE). Gi --pakke for "
        "å velge noe annet\n"
    ) in result.output
    workflow = yaml.safe_load((target / ".github/workflows/ims.yml").read_text("utf-8"))
    assert workflow["env"]["IMS_PAKKE"] == f"ims-cli=={__version__}"
    given = runner.invoke(app, ["init", str(tmp_path / "annen"), "--pakke", "ims-cli==9.9"])
    assert given.exit_code == 0 and "merk" not in given.output


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


def test_init_with_examples_gives_one_valid_record_of_each_kind_on_time(tmp_path: Path) -> None:
    target = tmp_path / "eksempel"
    assert runner.invoke(app, ["init", str(target), "--eksempel"]).exit_code == 0
    listed = runner.invoke(app, ["--repo", str(target), "list", "--json"])
    kinds = sorted(post["sort"] for post in json.loads(listed.output)["poster"])
    assert kinds == ["avvik", "lederavtale", "lg", "prosess", "revisjon", "ros"]
    checked = runner.invoke(app, ["--repo", str(target), "check"])
    assert checked.exit_code == 0, checked.output  # valid, and nothing overdue today


def test_at_a_terminal_what_is_missing_is_asked_for_with_its_choices(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(new_command, "interactive", lambda: True)
    root = make_repo()
    result = CliRunner().invoke(
        app,
        ["--repo", str(root), "new", "avvik"],
        input="HO\nOPP-SOL\nFeil dose\nvaer\nhms\n\nanonym\n",
    )
    assert result.exit_code == 0, result.output
    assert "enhet: KD, OPP, OPP-SOL" in result.output
    assert "«HO» er ikke et av valgene for enhet" in result.output
    assert "kategori: hms, informasjonssikkerhet, personvern" in result.output
    assert "meldt_av: anonym, innbygger, kari.nordmann" in result.output
    written = (root / f"records/avvik/{YEAR}").glob("*.yaml")
    text = next(written).read_text("utf-8")
    assert "tittel: Feil dose" in text and "enhet: OPP-SOL" in text and "kategori: hms" in text
    assert "meldt_av: anonym " in text  # asked, and answered, never assumed


def test_rediger_opens_the_editor_and_checks_what_it_left(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo()
    args = [
        "--repo",
        str(root),
        "new",
        "avvik",
        "--enhet",
        "OPP-SOL",
        "--tittel",
        "Feil dose",
        "--kategori",
        "hms",
        "--anonym",
        "--rediger",
    ]
    monkeypatch.setenv("EDITOR", "true")  # closes at once, leaving the placeholder
    monkeypatch.delenv("VISUAL", raising=False)
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "S005" in result.output and "1 funn; rett dem og kjør «ims validate»" in result.output
    monkeypatch.setenv("EDITOR", """sh -c 'sed -i "s/<fyll inn> //" "$0"'""")
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    path = result.output.splitlines()[0].removeprefix("Skrev ")
    assert result.output.splitlines()[-1] == f"{path}: ingen funn"
    assert "<fyll inn>" not in (root / path).read_text("utf-8")


@pytest.mark.parametrize(
    ("kategori", "kind", "block"),
    [
        ("personvern", "avvik", "personvern"),
        ("hms", "uonsket_hendelse", "hms"),
        ("tjenestekvalitet", "avvik", None),
    ],
)
def test_a_new_avvik_says_when_it_happened_and_carries_the_block_the_law_asks(
    make_repo: MakeRepo, kategori: str, kind: str, block: str | None
) -> None:
    """`ims new avvik` writes hendt, and the personvern or hms block its kategori requires
    (B019, B020) — valid but for the description; the other blocks stand commented."""
    root = make_repo()
    args = ["--enhet", "OPP-SOL", "--tittel", "Hendelse", "--kategori", kategori, "--anonym"]
    args += ["--type", kind]
    code, output = ims(root, "new", "avvik", *args, "--dato", "2026-11-19")
    assert code == 0, output
    path = root / "records/avvik/2026/AVV-2026-0101.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    assert str(data["hendt"]) == "2026-11-19" and data["sted"] is None
    present = {name for name in ("personvern", "hms", "pasientsikkerhet") if name in data}
    assert present == ({block} if block else set())
    text = path.read_text("utf-8")
    for name in {"personvern", "hms", "pasientsikkerhet"} - present:
        assert f"# {name}:" in text  # shown, commented
    assert [code for code, *_ in summary(root)] == ["S005"]
    if block == "personvern":  # the 72 hours run from oppdaget, a date alone from 00:00
        checked = runner.invoke(
            app, ["--repo", str(root), "check", "--as-of", "2026-11-21", "--format", "json"]
        )
        found = [f for f in json.loads(checked.output)["funn"] if f["kode"] == "F009"]
        assert [f["frist"] for f in found] == ["2026-11-21"]


def test_the_example_avvik_of_init_says_when_and_where_it_happened(tmp_path: Path) -> None:
    target = tmp_path / "eksempel"
    assert runner.invoke(app, ["init", str(target), "--eksempel"]).exit_code == 0
    (path,) = (target / "records" / "avvik").rglob("AVV-*.yaml")
    data = yaml.safe_load(path.read_text("utf-8"))
    assert str(data["hendt"]).endswith("15:40") and data["sted"]
    assert "# personvern:" in path.read_text("utf-8")
