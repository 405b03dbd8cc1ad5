"""ims as a library: `import ims_cli`, the README's script, and the commands asking through it."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import uuid
import zipfile
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hatchling.builders.wheel import WheelBuilder
from typer.testing import CliRunner

import ims_cli
from ims_cli import api
from ims_cli.cli.app import app
from ims_cli.errors import UserError
from ims_cli.models.avvik import Avvik
from tests.national_ids import number

PROJECT = Path(__file__).resolve().parent.parent
README = PROJECT / "README.md"
DAY = date(2026, 11, 22)
HEAVY = ("rich", "jinja2", "matplotlib", "openpyxl", "git")
runner = CliRunner()


def _section() -> str:
    text = README.read_text("utf-8")
    start = text.index("\n## ims as a library\n")
    return text[start : text.index("\n## ", start + 1)]


def readme_script() -> tuple[str, str]:
    """The README's library example and the output it says the script prints."""
    code, printed = re.findall(r"```(?:python|text)\n(.*?)```", _section(), re.DOTALL)[:2]
    return code, printed


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the example records (this repository's ims.yaml and records/)."""
    root = tmp_path / "eksempel"
    root.mkdir()
    shutil.copy(PROJECT / "ims.yaml", root)
    shutil.copytree(PROJECT / "records", root / "records")
    return root


def _python(code: str, cwd: Path) -> str:
    env = {k: v for k, v in os.environ.items() if k != "IMS_REPO"}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_readme_script_prints_what_the_readme_says(example: Path) -> None:
    code, printed = readme_script()
    assert len(code.strip().splitlines()) <= 10
    # run from a folder below the repository: it is found upward, as the command finds it
    assert _python(code, example / "records" / "avvik") == printed


def test_the_readme_script_counts_what_ims_check_reports(example: Path) -> None:
    result = runner.invoke(
        app, ["--repo", str(example), "check", "--as-of", "2026-11-22", "--format", "json"]
    )
    assert result.exit_code == 1, result.output
    found = json.loads(result.stdout)["funn"]
    late = Counter(f["enhet"] for f in found if f["kode"] == "F001" and f.get("enhet"))
    assert late  # the example records have overdue tiltak
    assert _python(readme_script()[0], example) == f"{dict(sorted(late.items()))}\n"


def test_import_ims_cli_imports_nothing_else(example: Path) -> None:
    code = (
        "import sys; was = set(sys.modules); import ims_cli; print(sorted(set(sys.modules) - was))"
    )
    assert _python(code, example) == "['__future__', 'ims_cli']\n"


ASKED = f"""
import sys
from datetime import date
import ims_cli
repo = ims_cli.open()
day = date(2026, 11, 22)
list(repo.records("avvik")), repo.validate(), repo.check(day), repo.listed(), repo.puff(day)
repo.risk_matrix(), repo.stats("2026")
print(sorted({{m.split(".")[0] for m in sys.modules}} & set({HEAVY!r})))
"""


def test_asking_the_repository_loads_no_renderer(example: Path) -> None:
    """The first run makes the index and asks git which repository this is (as the command
    does); after that nothing of rich, jinja2, matplotlib, openpyxl or git is imported."""
    first = _python(ASKED, example)
    assert first in ("[]\n", "['git']\n")
    assert _python(ASKED, example) == "[]\n"


def test_open_finds_the_repository_as_the_command_does(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("IMS_REPO", raising=False)
    assert ims_cli.open(example).root == example
    assert ims_cli.open(str(example)).root == example
    monkeypatch.chdir(example / "records" / "avvik")
    assert ims_cli.open().root == example.resolve()
    monkeypatch.setenv("IMS_REPO", str(example))
    monkeypatch.chdir(PROJECT.parent)
    assert ims_cli.open().root == example
    with pytest.raises(UserError, match=r"ikke et postarkiv for ims"):
        ims_cli.open(example / "records" / "avvik")
    monkeypatch.delenv("IMS_REPO")
    monkeypatch.chdir(example.parent)
    with pytest.raises(UserError, match=r"fant ingen ims.yaml i .* eller mappene over"):
        ims_cli.open()
    assert isinstance(ims_cli.open(example), ims_cli.Repository)


def test_records_of_a_kind_are_typed_models_by_id(example: Path) -> None:
    repo = ims_cli.open(example)
    avvik = list(repo.records(Avvik))
    files = list((example / "records" / "avvik").rglob("AVV-*.yaml"))
    assert len(avvik) == len(files) > 0
    assert all(isinstance(a, Avvik) for a in avvik)
    assert [a.id for a in avvik] == sorted(p.stem for p in files)
    assert [r.id for r in repo.records("avvik")] == [a.id for a in avvik]
    assert {type(r).__name__ for r in repo.records("ros")} == {"Ros"}
    with pytest.raises(UserError) as raised:
        list(repo.records("avvk"))
    assert str(raised.value) == (
        "sorten «avvk» finnes ikke; bruk avvik, ros, prosess, lederavtale, revisjon, lg, "
        "egenvurdering, varsel, vernerunde, ovelse"
    )


def _json(*args: str) -> Any:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_library_answers_as_the_commands(example: Path) -> None:
    repo, at = ims_cli.open(example), ["--repo", str(example)]
    listed = _json(*at, "list", "avvik", "--enhet", "HO", "--json")["poster"]
    assert len(listed) > 1
    assert [i.id for i in repo.listed("avvik", enhet="HO")] == [i["id"] for i in listed]
    puff = _json(*at, "puff", "--as-of", "2026-11-22", "--json")["enheter"]
    phases = ("planlegge", "utfore", "folge_opp", "forbedre")
    assert len(puff) > 1
    mine = {u.enhet: [u.phases[p].status for p in phases] for u in repo.puff(DAY)}
    assert mine == {u["enhet"]: [u[p]["status"] for p in phases] for u in puff}
    stats = _json(*at, "stats", "--periode", "2026", "--as-of", "2026-11-22", "--json")
    assert repo.stats("2026", day=DAY).total == stats["antall"] > 0
    matrix = _json(*at, "risk", "matrix", "--json")
    risks = [c.risks for c in repo.risk_matrix() if c.risks]
    assert risks == [tuple(c["risikoer"]) for c in matrix["celler"] if c["risikoer"]]
    with pytest.raises(UserError, match="enheten «XX» finnes ikke"):
        repo.puff(DAY, "XX")


@pytest.mark.parametrize(
    ("args", "method"),
    [
        (["validate"], "checked"),
        (["check", "--as-of", "2026-11-22"], "checked"),
        (["list", "avvik"], "listed"),
        (["puff", "--as-of", "2026-11-22"], "puff"),
    ],
)
def test_the_commands_ask_through_the_library(
    example: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], method: str
) -> None:
    asked: list[str] = []
    real = getattr(api.Repository, method)

    def spy(self: api.Repository, *given: Any, **named: Any) -> Any:
        asked.append(method)
        return real(self, *given, **named)

    monkeypatch.setattr(api.Repository, method, spy)
    result = runner.invoke(app, ["--repo", str(example), *args])
    assert result.exit_code in (0, 1), result.output
    assert asked == [method]


def _graded_example(tmp_path: Path) -> tuple[Path, str]:
    """`ims init --eksempel`, its avvik given a national id in its title and in an overdue
    tiltak."""
    root = tmp_path / "eks"
    assert runner.invoke(app, ["init", str(root), "--eksempel"]).exit_code == 0
    fnr = number("010190")
    path = next((root / "records" / "avvik").rglob("AVV-*.yaml"))
    text = path.read_text("utf-8")
    text = text.replace("tittel: Hentebeskjed", f"tittel: {fnr} Hentebeskjed")
    text = text.replace("beskrivelse: Hentelisten", f"beskrivelse: Ring {fnr}. Hentelisten")
    text = re.sub(r"frist: \d{4}-\d\d-\d\d", "frist: 2026-11-01", text)
    path.write_text(text, "utf-8")
    return path, fnr


def test_records_as_they_are_and_the_rest_for_sharing(tmp_path: Path) -> None:
    path, fnr = _graded_example(tmp_path)
    masked = fnr[:6] + "*****"
    repo = ims_cli.open(path.parents[3])
    (avvik,) = repo.records("avvik")
    assert avvik.tittel.startswith(fnr)  # the record as it is
    late = [f for f in repo.check(DAY) if f.code == "F001"]
    assert [f.message.split(" er ikke")[0] for f in late] == [
        f"tiltaket «Ring {masked}. Hentelisten henger ved porten, og alle beskjeder skrives der»"
    ]
    assert "P001" in {f.code for f in repo.validate()}
    assert not any(fnr in f.message for f in repo.validate())
    assert [i.tittel for i in repo.listed("avvik")] == [f"{masked} Hentebeskjed ikke gitt videre"]
    assert [i.tittel for i in repo.listed("avvik", publikum="apen")] == ["(gradert)"]
    assert [i.id for i in repo.listed("avvik", tekst=fnr[6:])] == []  # looked for in the shown
    path.write_text(path.read_text("utf-8").replace("gradering: intern", "gradering: fortrolig"))
    assert [i.tittel for i in repo.listed("avvik")] == ["(gradert)"]
    assert next(repo.records("avvik")).tittel.startswith(fnr)


def test_the_export_leaves_out_what_its_audience_may_not_read(tmp_path: Path) -> None:
    path, fnr = _graded_example(tmp_path)
    repo = ims_cli.open(path.parents[3])

    def titles(publikum: str) -> list[str]:
        database = tmp_path / f"{publikum}.db"
        made = repo.export(database, publikum=publikum)
        assert bool(made.hidden) == (publikum == "apen")  # every record is intern or apen
        with sqlite3.connect(database) as db:
            return [row[0] for row in db.execute("SELECT tittel FROM avvik")]

    assert titles("intern") == [f"{fnr[:6]}***** Hentebeskjed ikke gitt videre"]
    assert titles("apen") == ["(gradert)"]
    with pytest.raises(UserError) as raised:
        repo.export(tmp_path / "x.db", publikum="alle")
    assert str(raised.value) == "publikum «alle» finnes ikke; bruk intern, apen"
    assert not (tmp_path / "x.db").exists()


def test_a_script_is_type_checked_against_the_package(tmp_path: Path) -> None:
    """py.typed is there and the API is typed: mypy --strict passes the README's script and
    finds the one wrong line."""
    # a module name no cache has seen: mypy keeps a module's errors with the path it had
    script = tmp_path / f"skript_{uuid.uuid4().hex}.py"
    wrong = "first: Avvik = next(repo.records(Avvik))\nwrong: int = repo.validate()\n"
    script.write_text(
        readme_script()[0] + "from ims_cli.models.avvik import Avvik\n" + wrong, "utf-8"
    )
    # the project's settings, and a copy of its cache (warm after `mypy`), left as it was
    cache = tmp_path / "mypy-cache"
    if (PROJECT / ".mypy_cache").is_dir():
        shutil.copytree(PROJECT / ".mypy_cache", cache)
    settings = ["--config-file", str(PROJECT / "pyproject.toml"), "--cache-dir", str(cache)]
    done = subprocess.run(
        [sys.executable, "-m", "mypy", *settings, "--strict", "--no-error-summary", script.name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    line = len(script.read_text("utf-8").splitlines())
    assert done.stdout.splitlines() == [
        f"{script.name}:{line}: error: Incompatible types in assignment (expression has type "
        '"list[Finding]", variable has type "int")  [assignment]'
    ]


def test_the_wheel_ships_py_typed(tmp_path: Path) -> None:
    wheel = next(WheelBuilder(str(PROJECT)).build(directory=str(tmp_path), versions=["standard"]))
    names = zipfile.ZipFile(wheel).namelist()
    assert "ims_cli/py.typed" in names
    assert "ims_cli/api.py" in names
