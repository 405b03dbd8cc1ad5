"""The Excel workbooks ims writes, as an analyst or a ROS owner opens them: dates shown the
Norwegian way, a header that stays and filters, widths that fit, overdue rows marked, and a
sheet to fill in where only the inputs can be changed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from ims_cli.store.workbook import (
    DATE_FORMAT,
    Choice,
    Column,
    Layout,
    Shade,
    Table,
    write_sheet,
    write_tables,
)

LONG = "Rutinen for nattevakt " * 4  # 88 characters: wider than a column may be
TABLE = Table(
    "Tiltak",
    (Column("Id"), Column("Frist", "dato"), Column("Beskrivelse"), Column("Dager", "tall")),
    (
        ("AVV-2026-0001/T1", date(2026, 3, 1), LONG, 12),
        ("AVV-2026-0002/T1", date(2026, 12, 1), "Kort\x07", None),
    ),
    (True, False),
    notes=(("Uttrekk", "=ikke en formel"),),
)


def test_a_table_reads_as_people_read_it(tmp_path: Path) -> None:
    write_tables(tmp_path / "t.xlsx", [TABLE], TABLE.notes)
    book = load_workbook(tmp_path / "t.xlsx")
    sheet, about = book["Tiltak"], book["Om uttrekket"]
    header = sheet[1]
    assert [c.value for c in header] == ["Id", "Frist", "Beskrivelse", "Dager"]
    assert all(c.font.bold and c.fill.fgColor.rgb == "00DDE5F0" for c in header)
    assert (sheet.freeze_panes, sheet.auto_filter.ref) == ("A2", "A1:D3")
    assert sheet["B2"].number_format == DATE_FORMAT and sheet["A2"].number_format == "General"
    late, on_time = sheet[2], sheet[3]
    assert {c.fill.fgColor.rgb for c in late} == {"00F8D7DA"}
    assert {c.fill.fill_type for c in on_time} == {None}
    assert sheet["C3"].value == "Kort"  # a control character a workbook cannot hold, left out
    widths = {k: sheet.column_dimensions[k].width for k in "ABCD"}
    # the longest value + 1; a date 10 + 1; the title + 3 for the filter button; at most 60
    assert widths == {"A": 17, "B": 11, "C": 60, "D": 9}
    assert sheet["C2"].alignment.wrap_text and not sheet["A2"].alignment.wrap_text
    assert (about["A1"].value, about["B1"].value, about["B1"].data_type) == (
        "Uttrekk",
        "=ikke en formel",
        "s",
    )
    assert (about.column_dimensions["A"].width, about.column_dimensions["B"].width) == (28, 60)


def test_a_narrow_column_is_eight_wide(tmp_path: Path) -> None:
    table = Table("T", (Column("N"),), ((1,),), (False,))
    path = tmp_path / "n.xlsx"
    write_tables(path, [table])
    assert load_workbook(path)["T"].column_dimensions["A"].width == 8


def test_a_sheet_to_fill_in_leaves_only_its_inputs_open(tmp_path: Path) -> None:
    layout = Layout(
        "ROS " + "x" * 40,
        values={"A1": "Trussel", "B1": "Sannsynlighet", "A2": "-Brann", "C2": "=B2*2"},
        merged=["D1:E1"],
        widths={"A": 30},
        bold={"A1"},
        header_rows={1},
        fills={"C2": "EEEEEE"},
        inputs=["A2:B2"],
        choices=[Choice("B2", ("1", "2", "3"), "Velg 1–3")],
        shades=[Shade("C2", "C2>4", "F8D7DA")],
        protected=True,
        frozen="A2",
    )
    write_sheet(tmp_path / "ros.xlsx", layout)
    sheet = load_workbook(tmp_path / "ros.xlsx").worksheets[0]
    assert sheet.title == "ROS " + "x" * 27  # Excel's 31 characters
    assert (sheet["A2"].value, sheet["A2"].data_type) == ("-Brann", "s")  # text, no formula
    assert sheet["C2"].value == "=B2*2"
    assert sheet["A1"].font.bold and sheet["B1"].fill.fgColor.rgb == "00DDE5F0"
    assert sheet["C2"].fill.fgColor.rgb == "00EEEEEE"
    assert [str(r) for r in sheet.merged_cells.ranges] == ["D1:E1"]
    assert (sheet.column_dimensions["A"].width, sheet.freeze_panes) == (30, "A2")
    assert sheet.protection.sheet and not sheet.protection.formatColumns
    assert not (sheet.protection.autoFilter or sheet.protection.sort)
    assert [sheet[a].protection.locked for a in ("A2", "B2", "C2")] == [False, False, True]
    assert sheet["A2"].fill.fgColor.rgb == "00FFFFFF"
    (listed,) = sheet.data_validations.dataValidation
    assert (listed.formula1, listed.prompt, listed.showInputMessage) == (
        '"1,2,3"',
        "Velg 1–3",
        True,
    )
    assert listed.error == "Velg en av verdiene i listen: 1, 2, 3"
    (rules,) = sheet.conditional_formatting
    assert rules.rules[0].formula == ["C2>4"]
