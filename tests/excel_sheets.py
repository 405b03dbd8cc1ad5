"""The classic ROS sheet as a unit fills it in by hand, built with openpyxl (no binary fixture)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook

# One row per risk: Nr, Aspekt, Trussel, S, K, R, Tiltak, Ansvarlig/frist, Overført, Rest S, Rest K
RISKS: list[list[Any]] = [
    [
        1,
        "Henting av barn",
        "Barn hentes av person uten avtale med foresatte",
        "2",
        "4",
        None,
        "Oppdatere hentelister\nGå gjennom rutinen på personalmøte",
        "Liv Berg, 01.06.2026\nliv.berg 2026-09-01",
        "Nei",
        1,
        4,
    ],
    [None, None, None, None, None, None, None, None, None, None, None],  # a blank row
    [
        2,
        "Opplysninger om barn",
        "Opplysninger om barn kommer på avveie via e-post",
        "3,0",
        4,
        None,
        "Kryptert e-post",
        "Ola Hansen, 15.03.2026",
        "AVV-2026-0100",
        "2",
        "3",
    ],
    [
        3,
        "Uteområdet",
        "Barn skader seg på lekeapparater",
        2,
        "2",
        None,
        None,
        None,
        None,
        None,
        None,
    ],
]


def classic_sheet(path: Path, rows: list[list[Any]] | None = None, **header: Any) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"] = "Risiko- og sårbarhetsanalyse"
    sheet.merge_cells("A1:K1")
    values = {
        "Sted:": header.get("sted", "Solstrand barnehage"),
        "Dato:": header.get("dato", "14.02.2026"),
        "Ansvarlig:": header.get("ansvarlig", "Liv Berg"),
        "Deltakere:": header.get("deltakere", "Ola Hansen; liv.berg"),
        "Gradering:": header.get("gradering", "Intern"),
    }
    for row, (label, value) in enumerate(values.items(), start=2):
        sheet[f"A{row}"] = label
        sheet[f"C{row}"] = value  # the value sits in a merged block further right
        sheet.merge_cells(f"C{row}:F{row}")
    headings = [
        "Nr",
        "Aspekter/forhold og krav",
        "Trusselbeskrivelse (årsak og virkning)",
        "S",
        "K",
        "R",
        "Tiltak",
        "Ansvarlig/frist",
        "Overført avvikssystem",
    ]
    for column, heading in enumerate(headings, start=1):
        sheet.cell(row=8, column=column, value=heading)
        sheet.merge_cells(start_row=8, start_column=column, end_row=9, end_column=column)
    sheet["J8"] = "Restrisiko"
    sheet.merge_cells("J8:K8")
    sheet["J9"], sheet["K9"] = "S", "K"
    for offset, risk in enumerate(RISKS if rows is None else rows):
        row = 10 + offset
        for column, value in enumerate(risk, start=1):
            if value is not None:
                sheet.cell(row=row, column=column, value=value)
        if risk[3] is not None:
            sheet.cell(row=row, column=6, value=f"=D{row}*E{row}")  # never computed by Excel
    book.save(path)
    return path


def seed_sheet(path: Path) -> Path:
    """The layout the municipality's own template has: «Ansvarlig: <Navn og funksjon>» in the
    header, and one column «Beskrivelse av tiltak og ansvarlig/frist» with «tiltak – ansvarlig –
    frist» on each line."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"] = "ROS-analyse"
    for row, (label, value) in enumerate(
        [
            ("Sted:", "Solstrand barnehage"),
            ("Dato:", "14.02.2026"),
            ("Ansvarlig:", "Liv Berg, styrer"),
        ],
        start=2,
    ):
        sheet[f"A{row}"], sheet[f"B{row}"] = label, value
    headings = [
        "Nr",
        "Aspekter/forhold og krav",
        "Trusselbeskrivelse",
        "S",
        "K",
        "R",
        "Beskrivelse av tiltak og ansvarlig/frist",
    ]
    for column, heading in enumerate(headings, start=1):
        sheet.cell(row=6, column=column, value=heading)
    rows = [
        [
            1,
            "Henting",
            "Barn hentes av feil person",
            2,
            4,
            8,
            "Oppdatere hentelister – Liv Berg – 01.06.2026\n"
            "Rutine på personalmøte - Ola Hansen, kommunalsjef - 2026-09-01",
        ],
        [2, "Uteområdet", "Barn skader seg", 2, 2, 4, None],
    ]
    for offset, values in enumerate(rows):
        for column, value in enumerate(values, start=1):
            if value is not None:
                sheet.cell(row=7 + offset, column=column, value=value)
    book.save(path)
    return path
