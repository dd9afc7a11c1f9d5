"""Tables as CSV and XLSX files, the one way every service writes a spreadsheet export.

- Both formats carry the same header row; a table's rows are typed cells (text, numbers, dates).
- CSV is what a German Excel opens as it is: UTF-8 with a byte order mark, ``;`` between cells,
  CRLF line ends, decimal commas, dates as ISO dates.
- XLSX cells are typed: numbers as numbers, dates as dates (shown ``DD.MM.YYYY``), text as text.
- Text comes from people (organisation names, free texts), so nothing in a cell ever runs as a
  formula: in CSV a text starting with ``= + - @``, tab or CR gets a leading apostrophe; in XLSX
  every text cell is stored as a string (never a formula), whatever it starts with.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

Cell = str | int | float | Decimal | date | None

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_BOM = "\ufeff"


@dataclass(frozen=True)
class Table:
    title: str  # the sheet's name in a workbook (at most 31 characters)
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    preamble: tuple[str, ...] = field(default=())  # XLSX only: lines above the header (a title)


def inert(text: str) -> str:
    """The text as a CSV cell that no spreadsheet evaluates."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_cell(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "ja" if cell else "nein"
    if isinstance(cell, Decimal):
        return format(cell, "f").replace(".", ",")
    if isinstance(cell, float):
        return repr(cell).replace(".", ",")
    if isinstance(cell, int):
        return str(cell)
    if isinstance(cell, datetime):
        return cell.isoformat(sep=" ", timespec="minutes")
    if isinstance(cell, date):
        return cell.isoformat()
    return inert(cell)


def csv_text(table: Table) -> str:
    """The table as CSV text, beginning with the byte order mark."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([inert(header) for header in table.headers])
    writer.writerows([_csv_cell(cell) for cell in row] for row in table.rows)
    return _BOM + buffer.getvalue()


def csv_bytes(table: Table) -> bytes:
    return csv_text(table).encode("utf-8")


def xlsx_bytes(tables: Sequence[Table]) -> bytes:
    """One workbook, one sheet per table, bold headers, typed cells."""
    from openpyxl import Workbook  # only the exports need it
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(title=table.title[:31])
        row_number = 1
        for line in table.preamble:
            _write(sheet, row_number, 1, line).font = Font(bold=True, size=14 if row_number == 1 else 11)
            row_number += 1
        for column_number, header in enumerate(table.headers, start=1):
            _write(sheet, row_number, column_number, header).font = Font(bold=True)
        for row in table.rows:
            row_number += 1
            for column_number, value in enumerate(row, start=1):
                if value is not None:
                    _write(sheet, row_number, column_number, value)
        for column_number, header in enumerate(table.headers, start=1):
            widest = max([len(header), *(len(str(row[column_number - 1] or "")) for row in table.rows)])
            sheet.column_dimensions[sheet.cell(row=1, column=column_number).column_letter].width = min(
                max(widest + 2, 10), 60
            )
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _write(sheet: Any, row: int, column: int, value: Cell) -> Any:
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # a string, never a formula, whatever the text starts with
    elif isinstance(value, bool):
        pass
    elif isinstance(value, Decimal):
        cell.number_format = "0.00"
    elif isinstance(value, datetime):
        cell.number_format = "DD.MM.YYYY HH:MM"
    elif isinstance(value, date):
        cell.number_format = "DD.MM.YYYY"
    return cell
