"""`ims export avvik|tiltak`: the rows `ims list` and `ims tiltak list` give, as Excel and CSV
people can use, with the confidentiality policy applied."""

from __future__ import annotations

import csv
import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from ims_cli.analytics.records import RecordFilter
from ims_cli.cli.app import app
from ims_cli.config import Config
from ims_cli.exchange.tables import Request, avvik_lines, avvik_table
from ims_cli.kinds import kind_of
from ims_cli.models.avvik import Avvik
from ims_cli.store.load import Repository, StoredRecord
from tests.conftest import PROJECT, MakeRepo

runner = CliRunner()
DAY = "2026-11-22"
GRADED_TITLE = "Elev slo lærer under friminutt"  # AVV-2025-0002, fortrolig


def ims(root: Path, *args: str) -> str:
    result = runner.invoke(app, ["--repo", str(root), *args])
    assert result.exit_code == 0, result.output
    return result.output


def sheet_rows(path: Path, sheet: int = 0) -> list[tuple[object, ...]]:
    book = load_workbook(path)
    return [tuple(r) for r in book.worksheets[sheet].iter_rows(values_only=True)]


def csv_rows(path: Path) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")  # so that Excel reads UTF-8
    return list(csv.reader(text[1:].splitlines(), delimiter=";"))


@pytest.mark.parametrize(
    "filters", [[], ["--enhet", "HO", "--status", "lukket"], ["--fra", "2026-06-01"]]
)
def test_one_row_per_avvik_ims_list_gives(tmp_path: Path, filters: list[str]) -> None:
    listed = json.loads(ims(PROJECT, "list", "avvik", "--json", *filters))["poster"]
    xlsx, table = tmp_path / "avvik.xlsx", tmp_path / "avvik.csv"
    said = ims(PROJECT, "export", "avvik", "--xlsx", str(xlsx), "--csv", str(table), *filters)
    assert f"Skrev {xlsx} ({len(listed)} avvik" in said
    rows = sheet_rows(xlsx)
    assert rows[0][:3] == ("Id", "Tittel", "Type")
    assert [r[0] for r in rows[1:]] == [p["id"] for p in listed]
    assert [r[0] for r in csv_rows(table)[1:]] == [p["id"] for p in listed]


def test_dates_are_dates_people_by_name_and_the_overdue_marked(tmp_path: Path) -> None:
    xlsx = tmp_path / "avvik.xlsx"
    ims(PROJECT, "export", "avvik", "--xlsx", str(xlsx), "--as-of", DAY)
    sheet = load_workbook(xlsx).worksheets[0]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == sheet.dimensions
    header = [c.value for c in sheet[1]]
    first = {h: c for h, c in zip(header, sheet[2], strict=True)}
    assert first["Id"].value == "AVV-2025-0001"
    assert first["Meldt"].value.date() == date(2025, 1, 14)
    assert first["Meldt"].number_format == "DD.MM.YYYY"
    assert first["Meldt av"].value == "Hilde Ro" and first["Enhet"].value == "Bjerke sykehjem"
    late = header.index("Forfalte tiltak")
    for row in sheet.iter_rows(min_row=2):
        assert (row[0].fill.fgColor.rgb == "00F8D7DA") == (row[late].value > 0), row[0].value
    assert any(row[late].value for row in sheet.iter_rows(min_row=2))
    widths = [sheet.column_dimensions[c].width for c in "ABG"]
    assert widths[0] >= len("AVV-2025-0001") and 8 <= widths[2] <= 60
    notes = dict(sheet_rows(xlsx, 1))
    assert notes["Uttrekk"] == "avvik fra ims, per 22.11.2026"
    assert notes["Utelatt"].endswith(": 6 rader")  # the varsel is no avvik


@pytest.mark.parametrize("audience", ["intern", "apen"])
def test_graded_text_stays_out_of_every_format(tmp_path: Path, audience: str) -> None:
    xlsx, table = tmp_path / "avvik.xlsx", tmp_path / "avvik.csv"
    args = ["--xlsx", str(xlsx), "--csv", str(table), "--publikum", audience]
    ims(PROJECT, "export", "avvik", *args)
    cells = {str(v) for row in sheet_rows(xlsx) for v in row} | {
        v for row in csv_rows(table) for v in row
    }
    assert GRADED_TITLE not in cells and "(gradert)" in cells
    assert "AVV-2025-0002" in cells  # the row is still there, and counted
    intern_title = "Manglende signatur på utdelt legemiddel"  # AVV-2025-0001, intern
    assert (intern_title in cells) == (audience == "intern")


def test_tiltak_as_ims_tiltak_list_gives_them(tmp_path: Path) -> None:
    args = ["--forfalt", "--enhet", "HO", "--as-of", DAY]
    listed = json.loads(ims(PROJECT, "tiltak", "list", "--json", *args))["tiltak"]
    xlsx = tmp_path / "tiltak.xlsx"
    ims(PROJECT, "export", "tiltak", "--xlsx", str(xlsx), *args)
    header, *rows = sheet_rows(xlsx)
    assert [r[0] for r in rows] == [i["ref"] for i in listed] and rows
    days = header.index("Dager over fristen")
    assert [r[days] for r in rows] == [i["dager_forfalt"] for i in listed]
    assert dict(sheet_rows(xlsx, 1))["Utvalg"] == "--enhet HO --forfalt"
    people = {r[header.index("Ansvarlig")] for r in rows}
    assert people and not any("." in p for p in people)  # names, not ids like hilde.ro


FORMULA = """id: AVV-2026-0101
type: avvik
tittel: '=HYPERLINK("http://example.com","klikk")'
meldt: 2026-03-01
enhet: OPP-SOL
kategori: hms
status: meldt
"""


def test_a_title_that_looks_like_a_formula_stays_text(make_repo: MakeRepo, tmp_path: Path) -> None:
    root = make_repo({"records/avvik/AVV-2026-0101.yaml": FORMULA})
    xlsx, table = tmp_path / "a.xlsx", tmp_path / "a.csv"
    ims(root, "export", "avvik", "--xlsx", str(xlsx), "--csv", str(table), "--tekst", "0101")
    cell = load_workbook(xlsx).worksheets[0]["B2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    assert csv_rows(table)[1][1].startswith("'=HYPERLINK")


def test_national_ids_are_masked_wherever_they_stand() -> None:
    fnr = "01019000083"  # fictional, passes the mod-11 check
    avvik = Avvik.model_validate(
        {
            "id": "AVV-2026-0001",
            "type": "avvik",
            "tittel": f"Gjelder {fnr}",
            "meldt": "2026-01-05",
            "enhet": "X",
            "kategori": "hms",
            "status": "meldt",
        }
    )
    request = Request(date(2026, 2, 1))
    stored = StoredRecord("records/avvik/AVV-2026-0001.yaml", kind_of(avvik.id), avvik)
    make = avvik_lines(RecordFilter("avvik"), None, request)(Repository(PROJECT, Config(), []))
    lines = make(stored)
    (row,) = avvik_table(lines, request, Config()).rows
    assert row[1] == "Gjelder 010190*****"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "--xlsx FIL eller --csv FIL"),
        (["--csv", "x.csv", "--status", "apen"], "--status «apen» finnes ikke"),
        (["--csv", "x.csv", "--publikum", "alle"], "--publikum «alle» finnes ikke"),
        (["--csv", "/finnes/ikke/x.csv"], "mappen finnes ikke"),
    ],
)
def test_usage_errors_say_what_to_do(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["--repo", str(PROJECT), "export", "avvik", *args])
    assert result.exit_code == 2 and message in result.output, result.output


def _readme_queries() -> list[str]:
    """The SQL the README shows for `ims export sqlite`, on the day the example records are
    looked at."""
    readme = (PROJECT / "README.md").read_text("utf-8")
    section = readme.split("### `ims export sqlite`", 1)[1].split("\n### ", 1)[0]
    blocks = [b.split("```", 1)[0] for b in section.split("```sql\n")[1:]]
    return [
        b.replace("date('now')", f"'{DAY}'").replace("strftime('%Y', 'now')", "'2026'")
        for b in blocks
    ]


def test_the_sqlite_export_answers_the_joins_the_readme_shows(tmp_path: Path) -> None:
    database = tmp_path / "ims.db"
    said = ims(PROJECT, "export", "sqlite", str(database))
    assert said.startswith(f"Skrev {database} (19 tabeller, ")
    overdue, per_area, risks, goals = _readme_queries()
    with sqlite3.connect(database) as db:
        db.execute("PRAGMA foreign_keys = ON")
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        listed = json.loads(ims(PROJECT, "tiltak", "list", "--forfalt", "--json", "--as-of", DAY))
        people = dict(db.execute("SELECT id, navn FROM personer").fetchall())
        units = dict(db.execute("SELECT id, navn FROM enheter").fetchall())
        assert db.execute(overdue).fetchall() == [
            (i["ref"], people[i["ansvarlig"]], units[i["enhet"]], i["frist"])
            for i in listed["tiltak"]
            if i["kilde"] != "varsel"  # a varsel's tiltak are not exported (withheld)
        ]
        reported = json.loads(
            ims(PROJECT, "list", "avvik", "--fra", "2026-01-01", "--til", "2026-12-31", "--json")
        )["poster"]
        assert sum(count for *_, count in db.execute(per_area)) == len(reported)
        risk_rows = db.execute(risks).fetchall()
        ros_tiltak = db.execute("SELECT COUNT(*) FROM tiltak WHERE kilde = 'ros'").fetchone()
        assert len(risk_rows) == 48 and sum(r[-1] for r in risk_rows) == ros_tiltak[0] > 0
        assert db.execute(goals).fetchall()
        meanings = db.execute("SELECT betydning FROM kolonner WHERE tabell = 'tiltak'").fetchall()
        assert len(meanings) == 12 and all(m for (m,) in meanings)
        cells = {
            str(v)
            for t in ("avvik", "tiltak")
            for row in db.execute(f"SELECT * FROM {t}")
            for v in row
        }
    assert GRADED_TITLE not in cells and "(gradert)" in cells


def test_lederavtaler_one_row_each_with_goals_by_status(tmp_path: Path) -> None:
    xlsx = tmp_path / "la.xlsx"
    said = ims(
        PROJECT, "export", "lederavtaler", "--aar", "2026", "--xlsx", str(xlsx), "--as-of", DAY
    )
    header, *rows = sheet_rows(xlsx)
    listed = json.loads(ims(PROJECT, "list", "lederavtale", "--json"))["poster"]
    assert [r[0] for r in rows] == [
        p["id"] for p in listed
    ] and f"({len(rows)} lederavtaler" in said
    first = dict(zip(header, rows[0], strict=True))
    assert (first["Enhet"], first["Leder"], first["Overordnet"]) == (
        "Solstrand barnehage",
        "Liv Berg",
        "Ola Hansen",
    )
    for row in rows:
        values = dict(zip(header, row, strict=True))
        statuses = ("Grønne", "Gule", "Røde", "Uten resultat")
        assert sum(values[s] for s in statuses) == values["Mål"]


def test_lovkrav_with_what_names_them_and_the_unnamed_marked(tmp_path: Path) -> None:
    xlsx = tmp_path / "lovkrav.xlsx"
    ims(PROJECT, "export", "lovkrav", "--xlsx", str(xlsx), "--as-of", DAY)
    sheet = load_workbook(xlsx).worksheets[0]
    header = [c.value for c in sheet[1]]
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2)}
    assert len(rows) == 14
    medicine = {h: c.value for h, c in zip(header, rows["LOV-FOR-LEGEMIDDEL-4"], strict=True)}
    assert (medicine["Prosesser"], medicine["ROS"]) == ("PRO-2.2.1", "ROS-2026-0001")
    assert medicine["Revisjoner og tilsyn"] == "REV-2026-0001" and medicine["Avvik"] == 8
    unnamed = rows["LOV-FOR-LEDELSE-6"]
    assert unnamed[0].fill.fgColor.rgb == "00F8D7DA"
    assert rows["LOV-FOR-LEGEMIDDEL-4"][0].fill.fgColor.rgb != "00F8D7DA"


@pytest.mark.parametrize("filters", [[], ["--enhet", "OPP"], ["--omrade", "hms"]])
def test_ros_one_row_each_as_ims_list_ros_gives(tmp_path: Path, filters: list[str]) -> None:
    listed = json.loads(ims(PROJECT, "list", "ros", "--json"))["poster"]
    if filters[:1] == ["--enhet"]:
        listed = [p for p in listed if p["enhet"].startswith("OPP")]
    if filters[:1] == ["--omrade"]:
        listed = [p for p in listed if p["id"] in ("ROS-2026-0002", "ROS-2026-0006")]
    xlsx = tmp_path / "ros.xlsx"
    said = ims(PROJECT, "export", "ros", "--xlsx", str(xlsx), "--as-of", DAY, *filters)
    _, *rows = sheet_rows(xlsx)
    assert [r[0] for r in rows] == [p["id"] for p in listed]
    assert said.startswith(f"Skrev {xlsx} ({len(rows)} ROS-er")


def test_ros_rows_hold_the_risks_before_and_after_and_mark_late_evaluations(
    tmp_path: Path,
) -> None:
    table = tmp_path / "ros.csv"
    ims(PROJECT, "export", "ros", "--csv", str(table), "--as-of", DAY)
    header, *rows = csv_rows(table)
    by_id = {r[0]: dict(zip(header, r, strict=True)) for r in rows}
    hms = by_id["ROS-2026-0002"]
    assert (hms["Enhet"], hms["Område"], hms["Ansvarlig"]) == (
        "Hjemmetjenesten øst",
        "HMS",
        "Tor Moen",
    )
    assert (hms["Risikoer"], hms["Høyeste R før tiltak"], hms["Høyeste R etter tiltak"]) == (
        "6",
        "15",
        "10",
    )
    assert (hms["Høy risiko før tiltak"], hms["Høy risiko etter tiltak"]) == ("4", "0")
    assert by_id["ROS-2026-0004"]["Tittel"] == "(gradert)"  # fortrolig
    xlsx = tmp_path / "ros.xlsx"
    ims(PROJECT, "export", "ros", "--xlsx", str(xlsx), "--as-of", DAY)
    sheet = load_workbook(xlsx).worksheets[0]
    marked = {r[0].value for r in sheet.iter_rows(min_row=2) if r[0].fill.fgColor.rgb == "00F8D7DA"}
    # evaluation due 01.09.2026 (ROS-2025-0001) or a tiltak over its frist
    late = {i for i, r in by_id.items() if r["Forfalte tiltak"] != "0"} | {"ROS-2025-0001"}
    assert marked == late


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ROS-2026-0002", "--csv", "x.csv"], "et ROS-skjema skrives bare til Excel: bruk --xlsx"),
        (["ROS-2026-0002", "--xlsx", "x.xlsx", "--enhet", "HO"], "gjelder listen over ROS-er"),
        (["--csv", "x.csv", "--omrade", "vann"], "--omrade «vann» finnes ikke"),
        (["--csv", "x.csv", "--enhet", "NEI"], "NEI"),
    ],
)
def test_ros_usage_errors(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["--repo", str(PROJECT), "export", "ros", *args])
    assert result.exit_code == 2 and message in result.output, result.output
