"""Excel workbooks in and out (openpyxl), and tables as CSV: the only code that touches .xlsx
and .csv files."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ims_cli.errors import UserError
from ims_cli.store import files, workbook_check
from ims_cli.store.files import temporary_beside, write_reason
from ims_cli.store.write import write_atomically

# cell address ('C7') -> value; a merged range's value is found at every cell of the range
Cells = dict[str, Any]
TEXT, DAY, NUMBER = "tekst", "dato", "tall"
DATE_FORMAT = "DD.MM.YYYY"  # Excel's code for dd.mm.åååå
OVERDUE_FILL = PatternFill("solid", fgColor="F8D7DA")
HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")


def read_cells(path: Path) -> tuple[str, Cells]:
    """The first sheet's name and values. A formula gives its last computed value, or the
    formula text when the file was never opened in Excel (then nothing was computed)."""
    try:
        raw = files.read_given(path, workbook_check.MAX_BYTES, "pek på arbeidsboken (.xlsx)")
    except files.Unreadable as problem:
        raise UserError(f"{path}: {problem.message}") from None
    refused = workbook_check.problem_of(raw)
    if refused:
        raise UserError(f"{path}: {refused}")
    try:
        values = load_workbook(io.BytesIO(raw), data_only=True).worksheets[0]
        formulas = load_workbook(io.BytesIO(raw), data_only=False).worksheets[0]
    except (BadZipFile, InvalidFileException, KeyError, ValueError):
        raise UserError(
            f"{path}: er ikke en Excel-arbeidsbok ims kan lese; åpne den i Excel og lagre den "
            "som «Excel-arbeidsbok (.xlsx)»"
        ) from None
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


# What makes a spreadsheet take a cell for a formula (or, on some, a command): text that starts
# with one of these is written so that it stays text (CSV injection, OWASP).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Formula:
    """A formula ims writes itself (R = S×K, a level); every other text is written as text."""

    text: str


def as_text(cell: Any) -> None:
    """Keep a cell's text text: a string cell, and Excel's quote prefix when it starts like a
    formula, so that not even editing the cell in Excel makes it live."""
    cell.data_type = "s"
    if cell.value[:1] in FORMULA_START:
        cell.quotePrefix = True


@dataclass(frozen=True)
class Choice:
    """A drop-down: the cells (ranges, separated by spaces), the values to pick from, and a line
    of help that shows when such a cell is selected."""

    cells: str
    values: tuple[str, ...]
    prompt: str = ""


@dataclass(frozen=True)
class Shade:
    """A colour the cells of a range take while a formula, written for its top-left cell as
    Excel's conditional formatting wants it, is true."""

    cells: str
    formula: str
    colour: str


@dataclass
class Layout:
    """A sheet to write: values by address, merged ranges, column widths, bold and wrapped cells,
    fills, and when `protected`, the input ranges left open (white) and everything else locked."""

    title: str
    values: Cells = field(default_factory=dict)  # text is text; ims's own formulas are Formula
    merged: list[str] = field(default_factory=list)
    widths: dict[str, float] = field(default_factory=dict)
    bold: set[str] = field(default_factory=set)
    header_rows: set[int] = field(default_factory=set)
    fills: dict[str, str] = field(default_factory=dict)  # address -> colour, 'DDE5F0'
    inputs: list[str] = field(default_factory=list)
    choices: list[Choice] = field(default_factory=list)
    shades: list[Shade] = field(default_factory=list)
    protected: bool = False
    frozen: str | None = None  # the first cell that scrolls, 'D9'


def write_sheet(path: Path, *layouts: Layout) -> None:
    """A workbook of one sheet per layout, written atomically: a temporary file in the same
    folder, then a rename."""
    book = Workbook()
    book.remove(book.worksheets[0])
    for layout in layouts:
        _lay_out(book.create_sheet(layout.title[:31]), layout)
    _save(book, path)


def _lay_out(sheet: Worksheet, layout: Layout) -> None:
    for address, value in layout.values.items():
        cell = sheet[address]
        cell.value = value.text if isinstance(value, Formula) else value
        if isinstance(value, str):
            as_text(cell)  # text, never a formula: a threat may start with '=' or '-'
        if isinstance(value, date):
            cell.number_format = DATE_FORMAT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for address in layout.bold:
        sheet[address].font = Font(bold=True)
    for row in layout.header_rows:
        for cell in sheet[row]:
            cell.fill = HEADER_FILL
            cell.font = Font(bold=True)
    for address, colour in layout.fills.items():
        sheet[address].fill = PatternFill("solid", fgColor=colour)
    for ranges in layout.merged:
        sheet.merge_cells(ranges)
    for column, width in layout.widths.items():
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = layout.frozen
    _guard(sheet, layout)


def _guard(sheet: Worksheet, layout: Layout) -> None:
    """Drop-downs, colours by formula, and the protection that leaves only the inputs open.
    No password: protection keeps formulas from being overwritten by mistake, not people out."""
    for choice in layout.choices:
        listed = DataValidation(
            type="list", formula1='"' + ",".join(choice.values) + '"', allow_blank=True
        )
        listed.error = "Velg en av verdiene i listen: " + ", ".join(choice.values)
        listed.errorTitle = "Ugyldig verdi"
        listed.prompt, listed.showInputMessage = choice.prompt[:255], bool(choice.prompt)
        for cells in choice.cells.split():
            listed.add(cells)
        sheet.add_data_validation(listed)
    for shade in layout.shades:
        fill = PatternFill("solid", start_color=shade.colour, end_color=shade.colour)
        rule = FormulaRule(formula=[shade.formula], fill=fill)  # type: ignore[no-untyped-call]
        sheet.conditional_formatting.add(shade.cells, rule)
    if not layout.protected:
        return
    white = PatternFill("solid", fgColor="FFFFFF")
    for ranges in layout.inputs:
        for row in sheet[ranges]:
            for cell in row:
                cell.protection = Protection(locked=False)
                cell.fill = white
    sheet.protection.sheet = True
    # widths, heights and filters stay free to change; only the locked cells are kept
    sheet.protection.formatColumns = sheet.protection.formatRows = False
    sheet.protection.autoFilter = sheet.protection.sort = False


def _save(book: Workbook, path: Path) -> None:
    """Write the workbook atomically: a temporary file in the same folder, then a rename."""
    temporary = None
    try:
        handle, temporary = temporary_beside(path, path.resolve().parent)
        os.close(handle)
        book.save(temporary)
        os.replace(temporary, path)
    except OSError as error:
        if temporary:
            Path(temporary).unlink(missing_ok=True)
        raise UserError(f"{path}: kan ikke skrive filen ({write_reason(error)})") from None


@dataclass(frozen=True)
class Column:
    title: str
    kind: str = TEXT  # tekst | dato | tall


@dataclass(frozen=True)
class Table:
    """A table to write: the sheet's title, columns, rows, which rows are overdue (marked),
    notes about it (label, value) for a second sheet, and how many rows had text left out."""

    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    overdue: tuple[bool, ...]
    notes: tuple[tuple[str, str], ...] = ()
    hidden: int = 0


def write_table(path: Path, table: Table) -> None:
    """One table as an Excel workbook, with its notes on a sheet of their own."""
    write_tables(path, [table], table.notes)


def write_tables(
    path: Path, tables: Sequence[Table], notes: Sequence[tuple[str, str]] = ()
) -> None:
    """An Excel workbook of one sheet per table: real dates shown as dd.mm.åååå, a frozen header
    row with filters, widths that fit, the overdue rows marked; the notes on a last sheet."""
    book = Workbook()
    book.remove(book.worksheets[0])
    for table in tables:
        _table_sheet(book.create_sheet(table.title[:31]), table)
    if notes:
        about = book.create_sheet("Om uttrekket")
        for label, value in notes:
            about.append([label, _cell_value(value)])
            as_text(about.cell(about.max_row, 2))
        about.column_dimensions["A"].width = 28
        about.column_dimensions["B"].width = 60
    _save(book, path)


def _table_sheet(sheet: Worksheet, table: Table) -> None:
    sheet.append([c.title for c in table.columns])
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    for number, (row, overdue) in enumerate(zip(table.rows, table.overdue, strict=True), 2):
        sheet.append([_cell_value(v) for v in row])
        # sheet.cell, not sheet[number]: indexing a row scans every cell of the sheet
        for place, column in enumerate(table.columns, 1):
            cell = sheet.cell(number, place)
            if isinstance(cell.value, str):
                as_text(cell)  # text, never a formula: a title may start with '='
            if column.kind == DAY:
                cell.number_format = DATE_FORMAT
            if overdue:
                cell.fill = OVERDUE_FILL
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    _fit(sheet, table)


def _cell_value(value: Any) -> Any:
    """Text without the control characters a workbook cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def _fit(sheet: Worksheet, table: Table) -> None:
    """Each column as wide as its longest value (dates 10), between 8 and 60 characters;
    longer text wraps."""
    for number, column in enumerate(table.columns, start=1):
        values = [row[number - 1] for row in table.rows]
        longest = max(
            [len(column.title) + 3]  # the filter button
            + [10 if isinstance(v, date) else len(str(v)) for v in values if v is not None]
        )
        sheet.column_dimensions[get_column_letter(number)].width = min(max(longest + 1, 8), 60)
        if longest > 60:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=number, max_col=number):
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def write_csv(path: Path, table: Table) -> None:
    """CSV as Excel in Norway opens it: semicolons, UTF-8 with a byte order mark, dates as
    dd.mm.åååå. A cell that Excel would take for a formula (=, +, -, @) starts with an
    apostrophe."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([c.title for c in table.columns])
    writer.writerows([_csv_value(v) for v in row] for row in table.rows)
    write_atomically(path, out.getvalue(), bom=True)


def _csv_value(value: Any) -> Any:
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, str) and value[:1] in FORMULA_START:
        return "'" + value
    return value
