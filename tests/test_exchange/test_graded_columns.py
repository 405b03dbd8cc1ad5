"""Every column of every table `ims export` writes (SQLite, Excel, CSV) takes a graded record's
free text through the policy: the fields that are text come from the models, so a field added to
a model is covered without a list to keep up to date."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from ims_cli.cli.app import app
from tests.conftest import only_file
from tests.graded_repo import build, every_free_text_field, grade

MARK = "Hemmeligmarkør"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = build(tmp_path_factory.mktemp("graded") / "repo")
    assert grade(root, MARK, "fortrolig") == every_free_text_field()
    return root


def ims(root: Path, *args: str) -> str:
    result = CliRunner().invoke(app, ["--repo", str(root), *args])
    assert result.exit_code == 0, result.output
    return result.output


def _cells(database: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(database) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: db.execute(f'SELECT * FROM "{t}"').fetchall() for t in tables}


@pytest.mark.parametrize("audience", ["intern", "apen"])
def test_no_column_of_the_sqlite_export_holds_graded_text(
    repo: Path, tmp_path: Path, audience: str
) -> None:
    database = tmp_path / "ims.db"
    ims(repo, "export", "sqlite", str(database), "--publikum", audience)
    cells = _cells(database)
    leaks = {
        (table, value)
        for table, rows in cells.items()
        for row in rows
        for value in row
        if isinstance(value, str) and MARK in value
    }
    assert not leaks
    # the rows are there, with their codes
    agreement = Path(only_file(repo, "records/lederavtaler/*/LA-*.yaml")).stem  # the example's
    assert any(row[0] == f"{agreement}/M1" for row in cells["mal"])
    assert any(row[0] == "REV-2026-0101" for row in cells["revisjoner"])
    assert ("(gradert)",) in {(r[5],) for r in cells["mal"]}  # the indikator column


@pytest.mark.parametrize("what", ["avvik", "tiltak", "ros", "lederavtaler", "lovkrav"])
def test_no_cell_of_the_excel_and_csv_exports_holds_graded_text(
    repo: Path, tmp_path: Path, what: str
) -> None:
    xlsx, csv = tmp_path / "ut.xlsx", tmp_path / "ut.csv"
    ims(repo, "export", what, "--xlsx", str(xlsx), "--csv", str(csv), "--as-of", "2035-01-01")
    assert MARK not in csv.read_text("utf-8-sig")
    book = load_workbook(xlsx)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            assert not any(isinstance(v, str) and MARK in v for v in row), (sheet.title, row)
