"""«-» as a file name: every option that writes a file writes to standard output instead, the line
that says what was written goes to stderr, and a binary format is never spilled onto a terminal."""

from __future__ import annotations

import io
import json
import mailbox
import os
import pty
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner, Result

from ims_cli.cli.app import app
from tests.conftest import PROJECT

runner = CliRunner()
DAY = "2026-11-22"


def ims(*args: str) -> Result:
    return runner.invoke(app, ["--repo", str(PROJECT), *args])


@pytest.fixture(autouse=True)
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty folder: nothing may land there, least of all a file named «-»."""
    folder = tmp_path / "her"
    folder.mkdir()
    monkeypatch.chdir(folder)
    yield folder
    assert list(folder.iterdir()) == []


def both(tmp_path: Path, option: str, suffix: str, *args: str) -> tuple[Result, bytes]:
    """The command with «-», and the bytes it writes to a file when given one."""
    target = tmp_path / f"fil{suffix}"
    to_file = ims(*args, option, str(target))
    assert to_file.exit_code == 0, to_file.output
    return ims(*args, option, "-"), target.read_bytes()


@pytest.mark.parametrize(
    "args",
    [
        ["export", "avvik", "--as-of", DAY],
        ["export", "tiltak", "--as-of", DAY],
        ["export", "lederavtaler", "--as-of", DAY],
        ["export", "lovkrav", "--as-of", DAY],
        ["export", "ros", "--as-of", DAY],
    ],
)
def test_a_table_as_csv_to_standard_output(tmp_path: Path, args: list[str]) -> None:
    result, written = both(tmp_path, "--csv", ".csv", *args)
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == written and written.startswith(b"\xef\xbb\xbf")
    assert result.stderr.startswith("Skrev standard ut (")


def test_a_workbook_to_standard_output(tmp_path: Path) -> None:
    result, written = both(tmp_path, "--xlsx", ".xlsx", "export", "avvik", "--as-of", DAY)
    assert result.exit_code == 0, result.output
    rows = list(load_workbook(io.BytesIO(result.stdout_bytes)).active.iter_rows(values_only=True))
    assert rows == list(load_workbook(io.BytesIO(written)).active.iter_rows(values_only=True))
    assert result.stderr.startswith("Skrev standard ut (")


def test_a_ros_sheet_to_standard_output() -> None:
    result = ims("export", "ros", "ROS-2026-0001", "--xlsx", "-")
    assert result.exit_code == 0, result.output
    book = load_workbook(io.BytesIO(result.stdout_bytes))
    assert book.sheetnames == ["ROS-2026-0001", "Veiledning"]
    assert result.stderr == "Skrev standard ut (7 risikoer)\n"


def test_a_database_to_standard_output(tmp_path: Path) -> None:
    result = ims("export", "sqlite", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(b"SQLite format 3\x00")
    copy = tmp_path / "kopi.db"
    copy.write_bytes(result.stdout_bytes)
    with sqlite3.connect(copy) as db:
        assert db.execute("SELECT COUNT(*) FROM avvik").fetchone()[0] > 0
    assert result.stderr.startswith("Skrev standard ut (")


@pytest.mark.parametrize(
    ("args", "magic"),
    [
        (["risk", "matrix", "--png", "-"], b"\x89PNG"),
        (["risk", "matrix", "--svg", "-"], b"<?xml"),
        (["puff", "--as-of", DAY, "--png", "-"], b"\x89PNG"),
        (["stats", "--periode", "2026", "--png", "-"], b"\x89PNG"),
    ],
)
def test_a_chart_to_standard_output(args: list[str], magic: bytes) -> None:
    result = ims(*args)
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(magic)  # and the chart alone: no view after it
    end = b"</svg>\n" if magic == b"<?xml" else b"IEND\xaeB`\x82"
    assert result.stdout_bytes.endswith(end)
    assert result.stderr == "Skrev standard ut\n"


def test_a_report_as_one_page_to_standard_output() -> None:
    result = ims("report", "lg", "--enhet", "HO", "--periode", "2026", "--as-of", DAY, "--ut", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<!doctype html>")
    assert "data:image/png;base64," in result.stdout  # the charts inside the page
    assert result.stderr == "Skrev rapporten (HTML med figurene) til standard ut\n"


def test_reminders_as_a_mailbox_to_standard_output() -> None:
    result = ims("varsel", "--as-of", DAY, "--ut", "-", "--fra", "kvalitet@eksempel.no")
    assert result.exit_code == 0, result.output
    path = Path("postkasse")
    path.write_bytes(result.stdout_bytes)
    try:
        messages = list(mailbox.mbox(path))
    finally:
        path.unlink()
    assert messages and all(m["From"] == "kvalitet@eksempel.no" for m in messages)
    assert result.stderr == f"Skrev {len(messages)} meldinger til standard ut\n"


def test_codeowners_and_schemas_to_standard_output(tmp_path: Path) -> None:
    result, written = both(tmp_path, "--ut", "", "codeowners")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == written and written.startswith(b"# ")
    schemas = ims("schema", "--ut", "-")
    assert schemas.exit_code == 0, schemas.output
    documents = json.loads(schemas.stdout)
    assert documents == {
        p.name: json.loads(p.read_text("utf-8")) for p in (PROJECT / "schemas").iterdir()
    }


@pytest.mark.parametrize("command", [["validate"], ["check", "--as-of", DAY]])
def test_the_summary_table_after_the_findings(tmp_path: Path, command: list[str]) -> None:
    summary = tmp_path / "sammendrag.md"
    to_file = ims(*command, "--sammendrag", str(summary))
    result = ims(*command, "--sammendrag", "-")
    assert result.exit_code == to_file.exit_code
    assert result.stdout == to_file.stdout + summary.read_text("utf-8")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["site", "--ut", "-"], "--ut -: nettstedet er mange filer; gi en mappe"),
        (
            ["codeowners", "--check", "--ut", "-"],
            "--ut -: --check sammenligner med en fil; gi filnavnet",
        ),
        (
            ["schema", "--check", "--ut", "-"],
            "--ut -: --check sammenligner med en mappe; gi mappen",
        ),
        (
            ["risk", "matrix", "--svg", "-", "--json"],
            "--svg - og --json skriver begge til standard ut; gi --svg et filnavn",
        ),
        (
            ["export", "avvik", "--xlsx", "-", "--csv", "-"],
            "bare ett valg kan skrive til standard ut («-»); --xlsx og --csv ba begge om det",
        ),
    ],
)
def test_where_standard_output_makes_no_sense(args: list[str], said: str) -> None:
    result = ims(*args)
    assert (result.exit_code, result.stderr) == (2, f"ims: {said}\n")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["export", "avvik", "--xlsx", "-"], "--xlsx -: en Excel-fil vises ikke i terminalen"),
        (["export", "sqlite", "-"], "FIL -: en SQLite-database vises ikke i terminalen"),
        (["risk", "matrix", "--png", "-"], "--png -: et PNG-bilde vises ikke i terminalen"),
    ],
)
def test_a_binary_format_is_refused_on_a_terminal(
    args: list[str], said: str, elsewhere: Path
) -> None:
    main, terminal = pty.openpty()
    env = {**os.environ, "IMS_REPO": str(PROJECT), "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "ims_cli", *args],
        stdout=terminal,
        stderr=subprocess.PIPE,
        env=env,
        cwd=elsewhere,
        timeout=60,
        check=False,
    )
    os.close(terminal)
    os.close(main)
    assert done.returncode == 2
    assert done.stderr.decode().startswith(f"ims: {said}; send den videre")
