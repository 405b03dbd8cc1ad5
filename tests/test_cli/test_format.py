"""`--format`: one option on every command that prints data, `--json` its alias, and a format a
command has not a usage error that names those it has."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ims_cli.cli.app import app
from ims_cli.render.registry import VIEWS, View
from tests.conftest import FIXTURES, MakeRepo
from tests.gitrepo import History

AVVIK = "records/avvik/AVV-2026-0100.yaml"
DAY = "2026-11-22"

# Each command that prints data: its name, a command line, and the formats it has (text first).
FINDINGS = ("text", "json", "github", "junit", "md", "codeclimate")
TEXT_JSON = ("text", "json")
COMMANDS = [
    ("ims list", ("list",), TEXT_JSON),
    ("ims list", ("list", "avvik", "--status", "under_behandling"), TEXT_JSON),
    ("ims show", ("show", "AVV-2026-0100", "--as-of", DAY), TEXT_JSON),
    ("ims tiltak list", ("tiltak", "list", "--as-of", DAY), TEXT_JSON),
    ("ims puff", ("puff", "--as-of", DAY), TEXT_JSON),
    ("ims puff", ("puff", "--enhet", "OPP-SOL", "--as-of", DAY), TEXT_JSON),
    ("ims stats", ("stats", "--periode", "2026", "--as-of", DAY), TEXT_JSON),
    ("ims risk matrix", ("risk", "matrix"), TEXT_JSON),
    ("ims risk matrix", ("risk", "matrix", "--begge"), TEXT_JSON),
    ("ims risk matrix", ("risk", "matrix", "--etter"), TEXT_JSON),
    ("ims risk top", ("risk", "top"), TEXT_JSON),
    ("ims risk dekning", ("risk", "dekning", "--as-of", DAY), TEXT_JSON),
    ("ims check", ("check", "--as-of", DAY), FINDINGS),
    ("ims validate", ("validate",), FINDINGS),
    ("ims diff", ("diff", "HEAD~1..HEAD"), ("text", "md", "json", "github")),
    ("ims log", ("log", "AVV-2026-0100"), TEXT_JSON),
    ("ims varsel", ("varsel", "--as-of", DAY, "--frist-innen", "1000d"), TEXT_JSON),
    ("ims codeowners", ("codeowners", "--check"), TEXT_JSON),
]
IDS = [" ".join(args) for _, args, _ in COMMANDS]


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--repo", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> History:
    """The base records under git, with one change to show in `ims diff` and `ims log`."""
    root = tmp_path_factory.mktemp("format") / "repo"
    shutil.copytree(FIXTURES / "base", root)
    history = History(root)
    text = history.read(AVVIK)
    history.commit({AVVIK: text.replace("status: meldt", "status: under_behandling")}, "Behandles")
    return history


@pytest.mark.parametrize(("command", "args", "formats"), COMMANDS, ids=IDS)
def test_json_is_the_same_as_format_json(
    history: History, command: str, args: tuple[str, ...], formats: tuple[str, ...]
) -> None:
    as_json = run(history.root, *args, "--json")
    assert as_json == run(history.root, *args, "--format", "json")
    json.loads(as_json[1])  # one JSON document on standard output
    assert run(history.root, *args, "--format", "text") == run(history.root, *args)


@pytest.mark.parametrize(("command", "args", "formats"), COMMANDS, ids=IDS)
def test_a_format_the_command_has_not_is_a_usage_error_naming_those_it_has(
    history: History, command: str, args: tuple[str, ...], formats: tuple[str, ...]
) -> None:
    for given in ("yaml", *(f for f in ("github", "md") if f not in formats)):
        code, out, err = run(history.root, *args, "--format", given)
        listed = ", ".join(formats[:-1]) + f" eller {formats[-1]}"
        assert (code, out) == (2, "")
        assert err == f"ims: --format «{given}» finnes ikke for {command}; bruk {listed}\n"


def test_every_format_of_every_view_has_its_renderer_and_no_other() -> None:
    for view in VIEWS:
        assert set(view.renderers()) == set(view.formats), view.command
    assert len({v.command for v in VIEWS}) == len(VIEWS)


def test_a_view_renders_through_the_renderer_registered_for_the_format() -> None:
    view: View[int] = View("ims tall", ("text", "json"), __name__)
    view.renderer("text")(lambda n: f"{n} stk")
    view.renderer("json")(lambda n: json.dumps({"antall": n}))
    assert (view.render("text", 3), view.render("json", 3)) == ("3 stk", '{"antall": 3}')
    with pytest.raises(ValueError, match="ims tall has no format csv"):
        view.renderer("csv")(str)  # a format the view does not name


def test_json_with_another_format_is_a_usage_error(history: History) -> None:
    code, out, err = run(history.root, "validate", "--json", "--format", "md")
    assert (code, out) == (2, "")
    assert err == "ims: --json er det samme som --format json; bruk bare --format md\n"
    assert run(history.root, "validate", "--json", "--format", "json")[0] == 0


def test_a_chart_on_standard_output_refuses_a_data_format_too(history: History) -> None:
    code, _, err = run(history.root, "risk", "matrix", "--svg", "-", "--format", "json")
    assert code == 2
    assert err == (
        "ims: --svg - og --format json skriver begge til standard ut; gi --svg et filnavn\n"
    )


def test_varsel_dry_run_as_json_says_who_would_get_what(history: History) -> None:
    code, out, _ = run(history.root, "varsel", "--as-of", DAY, "--format", "json")
    document = json.loads(out)
    text_code, text, _ = run(history.root, "varsel", "--as-of", DAY)
    assert code == text_code  # 1: someone without an address, in JSON as in text
    assert document["dato"] == DAY and document["frist_innen"] == "2026-12-06"
    people = [f"{r['navn']} <{r['epost'] or 'INGEN ADRESSE'}>" for r in document["varsler"]]
    assert [line.split(":")[0] for line in text.splitlines()[:-1]] == people
    first = document["varsler"][0]["frister"][0]
    assert set(first) == {"kode", "ref", "hva", "frist", "dager_forfalt", "ansvarlig", "fil"}


def test_varsel_formats_only_the_dry_run(history: History, tmp_path: Path) -> None:
    code, _, err = run(history.root, "varsel", "--ut", str(tmp_path / "ut"), "--format", "json")
    assert code == 2
    assert err == (
        "ims: --format json viser hvem som ville fått hva; bruk det uten --smtp og --ut\n"
    )
    assert not (tmp_path / "ut").exists()


def test_codeowners_check_as_json(make_repo: MakeRepo) -> None:
    root = make_repo()
    assert run(root, "codeowners", "--check", "--format", "json")[:2] == (
        1,
        json.dumps({"fil": str(root / "CODEOWNERS"), "status": "mangler"}) + "\n",
    )
    run(root, "codeowners")
    code, out, _ = run(root, "codeowners", "--check", "--json")
    assert (code, json.loads(out)["status"]) == (0, "a_jour")
    code, out, err = run(root, "codeowners", "--format", "json")
    assert (code, out) == (2, "")
    assert err == "ims: --format json sier om filen er à jour; bruk det med --check\n"
