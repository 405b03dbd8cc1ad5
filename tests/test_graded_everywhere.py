"""Property: whatever a graded record's text is — one word, a word that looks like a code (`HIV`,
`QT1`, `QAB-123`), with a fødselsnummer in any written form — and whatever its grade is written
as (fortrolig, strengt_fortrolig, or misspelt), no output that reaches further than the file
shows it, and no output shows a valid fødselsnummer unmasked.

One small repository (the records `ims init --eksempel` writes, with what they lack added, see
tests/graded_repo.py) is built once; each example copies it, puts the text in every free-text
field of every record but one — which stays intern and holds only the number, so masking is
seen to work where text is shown — and commits, so `ims diff` compares it with the example."""

from __future__ import annotations

import gzip
import re
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from git import Actor, Repo
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from typer.testing import CliRunner

from ims_cli.cli.app import app
from ims_cli.national_ids import find_national_ids
from tests.conftest import only_file
from tests.graded_repo import build, grade, set_text
from tests.national_ids import number, written

TODAY = date.today()
LATER = TODAY.replace(year=TODAY.year + 5, day=min(TODAY.day, 28)).isoformat()
INTERN_RECORD = "records/avvik/*/AVV-*.yaml"  # the example avvik of `ims init --eksempel`
CHART = re.compile(r"data:image/png;base64,[A-Za-z0-9+/=]+")
WHO = Actor("Liv Berg", "liv.berg@example.invalid")

# Words that mean something and look like codes; none of them occurs in any output by itself.
WORDS = ["politianmeldelse", "HIV", "QT1", "QAB-123", "rusbehandling", "Q7", "QX-2026-0001"]
grades = st.sampled_from(
    ["fortrolig", "strengt_fortrolig", "strengt-fortrolig", "fortrolg", "Fortrolig", "hemmelig"]
)
code_like = st.from_regex(r"Q[A-Z]{1,3}(-[0-9]{1,4})?", fullmatch=True)
words = st.sampled_from(WORDS) | code_like
dates = st.builds(
    lambda day, month, year, d: f"{day + (40 if d else 0):02d}{month:02d}{year:02d}",
    st.integers(1, 28),
    st.integers(1, 12),
    st.integers(0, 99),
    st.booleans(),  # a D-nummer: day + 40
)
national_ids = st.builds(
    lambda date_part, start, form: written(number(date_part, start))[form],
    dates,
    st.integers(0, 500),
    st.integers(0, len(written("01019000083")) - 1),
)


@st.composite
def secrets(draw: st.DrawFn) -> tuple[str, str]:
    """(the graded text, the national id in it, as written)."""
    word, fnr = draw(words), draw(national_ids)
    return draw(st.sampled_from([word, f"{word} {fnr}"])), fnr


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = build(tmp_path_factory.mktemp("base") / "repo")
    org = root / "records/organisasjon.yaml"
    org.write_text(org.read_text("utf-8").replace("id: liv.berg,", "id: liv.berg, epost: l@x.no,"))
    git = Repo.init(root, initial_branch="main").git
    git.add("--all")
    git.commit("-m", "Eksempelet", author=f"{WHO.name} <{WHO.email}>")
    return root


def run(root: Path, *args: str) -> str:
    result = CliRunner().invoke(app, ["--repo", str(root), *args])
    assert result.exit_code in (0, 1), (args, result.output)
    return result.output


def outputs(root: Path, out: Path) -> dict[str, str]:
    """Every shared output of the repository, as text."""
    found = {}
    for output_format in ("text", "json", "github", "junit", "md", "codeclimate"):
        found[f"check {output_format}"] = run(
            root, "check", "--as-of", LATER, "--format", output_format
        )
    for output_format in ("md", "json", "text"):
        found[f"diff {output_format}"] = run(
            root, "diff", "HEAD~1..HEAD", "--format", output_format
        )
    run(root, "varsel", "--as-of", LATER, "--ut", str(out / "varsel"))
    run(root, "report", "lg", "--periode", str(TODAY.year), "--ut", str(out / "rapport"))
    run(root, "site", "--ut", str(out / "nettsted"), "--as-of", LATER)
    run(root, "export", "sqlite", str(out / "ims.db"))
    for what in ("avvik", "tiltak", "ros"):
        run(
            root,
            "export",
            what,
            "--csv",
            str(out / f"{what}.csv"),
            "--xlsx",
            str(out / f"{what}.xlsx"),
        )
    found["list"] = run(root, "list")
    found["list json"] = run(root, "list", "--json")
    found["tiltak list json"] = run(root, "tiltak", "list", "--json", "--as-of", LATER)
    found["risk top"] = run(root, "risk", "top")
    found["risk top json"] = run(root, "risk", "top", "--json")
    for path in out.rglob("*"):
        if path.suffix in (".md", ".eml", ".csv", ".html", ".json"):
            text = path.read_text("utf-8", errors="replace")
            found[str(path.relative_to(out))] = CHART.sub("", text)  # base64 holds any letters
        elif path.suffix in (".pf_fragment", ".pf_index", ".pf_meta"):
            found[str(path.relative_to(out))] = gzip.decompress(path.read_bytes()).decode(
                "utf-8", "replace"
            )
        elif path.suffix == ".xlsx":
            cells = [
                str(v)
                for sheet in load_workbook(path).worksheets
                for row in sheet.iter_rows(values_only=True)
                for v in row
                if v is not None
            ]
            found[str(path.relative_to(out))] = "\n".join(cells)
        elif path.suffix == ".db":
            with sqlite3.connect(path) as db:
                names = [
                    r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")
                ]
                cells = [
                    str(v) for n in names for row in db.execute(f'SELECT * FROM "{n}"') for v in row
                ]
            found[str(path.relative_to(out))] = "\n".join(cells)
    return found


@settings(
    max_examples=5,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],  # a failure is told as found: shrinking takes minutes
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(secret=secrets(), gradering=grades)
def test_no_output_shows_graded_text_or_an_unmasked_number(
    base: Path, tmp_path_factory: pytest.TempPathFactory, secret: tuple[str, str], gradering: str
) -> None:
    text, fnr = secret
    work = tmp_path_factory.mktemp("eksempel")
    root = work / "repo"
    shutil.copytree(base, root)
    grade(root, text, gradering)
    set_text(
        root / only_file(root, INTERN_RECORD), f"Gjelder {fnr}", "intern"
    )  # shown, the number masked
    git = Repo(root).git
    git.add("--all")
    git.commit("-m", "Gradert", author=f"{WHO.name} <{WHO.email}>")
    word = text.split(" ")[0]
    for name, shown in outputs(root, work / "ut").items():
        assert word not in shown, (name, word)
        assert list(find_national_ids(shown)) == [], (name, fnr)
        assert fnr[-5:] not in shown.replace(" ", ""), (name, fnr)
