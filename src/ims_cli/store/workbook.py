"""Excel workbooks in and out (openpyxl): the only code that touches .xlsx files."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from ims_cli.errors import UserError

# cell address ('C7') -> value; a merged range's value is found at every cell of the range
Cells = dict[str, Any]


def read_cells(path: Path) -> tuple[str, Cells]:
    """The first sheet's name and values. A formula gives its last computed value, or the
    formula text when the file was never opened in Excel (then nothing was computed)."""
    if not path.is_file():
        raise UserError(f"{path}: filen finnes ikke")
    try:
        values = load_workbook(path, data_only=True).worksheets[0]
        formulas = load_workbook(path, data_only=False).worksheets[0]
    except (OSError, InvalidFileException, KeyError, ValueError) as error:
        raise UserError(f"{path}: kan ikke lese arbeidsboken ({error})") from None
    cells: Cells = {}
    for row in formulas.iter_rows():
        for cell in row:
            value = values[cell.coordinate].value
            if value is None and cell.value is not None:
                value = cell.value  # '=D7*E7' never computed
            if value is not None:
                cells[cell.coordinate] = value
    for merged in formulas.merged_cells.ranges:
        top_left = cells.get(merged.start_cell.coordinate)
        for row in formulas.iter_rows(
            min_row=merged.min_row,
            max_row=merged.max_row,
            min_col=merged.min_col,
            max_col=merged.max_col,
        ):
            for cell in row:
                if top_left is not None:
                    cells[cell.coordinate] = top_left
    return values.title, cells


@dataclass
class Layout:
    """A sheet to write: values by address, merged ranges, column widths, bold and wrapped cells."""

    title: str
    values: Cells = field(default_factory=dict)
    merged: list[str] = field(default_factory=list)
    widths: dict[str, float] = field(default_factory=dict)
    bold: set[str] = field(default_factory=set)
    header_rows: set[int] = field(default_factory=set)


def write_sheet(path: Path, layout: Layout) -> None:
    """Write the workbook atomically: a temporary file in the same folder, then a rename."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = layout.title[:31]
    for address, value in layout.values.items():
        sheet[address] = value
        sheet[address].alignment = Alignment(wrap_text=True, vertical="top")
    for address in layout.bold:
        sheet[address].font = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE5F0")
    for row in layout.header_rows:
        for cell in sheet[row]:
            cell.fill = fill
            cell.font = Font(bold=True)
    for ranges in layout.merged:
        sheet.merge_cells(ranges)
    for column, width in layout.widths.items():
        sheet.column_dimensions[column].width = width
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.resolve().parent
        )
        os.close(handle)
        book.save(temporary)
        os.replace(temporary, path)
    except OSError as error:
        if temporary:
            Path(temporary).unlink(missing_ok=True)
        raise UserError(f"{path}: kan ikke skrive filen ({error.strerror})") from None
