"""Tables as CSV and XLSX files, the one way every service writes a spreadsheet export.

- Both formats carry the same header row; a table's rows are typed cells (text, numbers, dates).
- CSV is what a German Excel opens as it is: UTF-8 with a byte order mark, ``;`` between cells,
  CRLF line ends, decimal commas, dates as ISO dates.
- XLSX cells are typed: numbers as numbers, dates as dates (shown ``DD.MM.YYYY``), text as text.
- Text comes from people (organisation names, free texts), so nothing in a cell ever runs as a
  formula: in CSV a text starting with ``= + - @``, tab or CR gets a leading apostrophe; in XLSX
  every text cell is stored as a string (never a formula), whatever it starts with.

And every CSV/XLSX import reads its file here (``read_table``): UTF-8 CSV (with or without BOM, ``;``
or ``,``) or the first sheet of a workbook, as cell texts numbered by their line in the file; headers
are matched to fields by their names and aliases (``map_columns``), ignoring case, accents and the
spelling of umlauts. A file that cannot be read as a whole raises ``UnreadableFile``.
"""

from __future__ import annotations

import asyncio
import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, ParamSpec, TypeVar
from xml.etree import ElementTree

from netzwerkstatt import loops
from netzwerkstatt.errors import FieldError, InvalidInput

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
        sheet = workbook.create_sheet(title=sheet_title(table.title))
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


# Characters Excel refuses in a sheet's name; an event's title may hold any of them ("Workshop: …").
_NOT_IN_SHEET_TITLES = re.compile(r"[\\/*?:\[\]]")


# German letters spelt out as people do in file names ("Görlitz" → "goerlitz").
_SPELT_OUT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"})


def file_name(*parts: str | date | None, extension: str) -> str:
    """A readable file name of ASCII letters, digits and hyphens from its parts (a title, a date,
    what the file holds): ``umfrage-regionalworkshop-leipzig-2027-02-10-freitexte.csv``. Parts left
    empty are skipped."""
    words = [slug(part.isoformat() if isinstance(part, date) else part) for part in parts if part is not None]
    return f"{'-'.join(word for word in words if word) or 'export'}.{extension}"


def slug(text: str) -> str:
    """Lower-case ASCII letters and digits joined by hyphens ("Görlitz Süd" → "goerlitz-sued");
    empty when nothing of the text survives."""
    plain = unicodedata.normalize("NFKD", text.translate(_SPELT_OUT).casefold()).encode("ascii", "ignore")
    return re.sub(r"[^a-z0-9]+", "-", plain.decode()).strip("-")


def sheet_title(title: str) -> str:
    """The title as a sheet's name Excel takes: without ``\\ / * ? : [ ]``, not starting or ending
    with an apostrophe, at most 31 characters, never empty."""
    cleaned = _NOT_IN_SHEET_TITLES.sub("-", title).strip().strip("'")[:31].strip()
    return cleaned or "-"


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


# -- reading ------------------------------------------------------------------------------------------

MAX_DATA_ROWS = 10_000
# More columns than any import reads: a row with a value beyond them is a file nobody meant to import.
MAX_COLUMNS = 500
# What a cell of a CSV file may hold, at most (the csv module's own limit; a longer cell is refused
# as the file's problem, not read as a longer text).
MAX_CSV_CELL = 131_072
# What a workbook may unpack to: ten thousand rows of some dozens of columns are a few MiB of XML.
MAX_XLSX_UNPACKED = 32 * 1024 * 1024
# The rows (blank ones included) a title above the header may take: a heading, a date line, a source.
TITLE_WINDOW = 5


class UnreadableFile(InvalidInput):
    """The file as a whole cannot be read; nothing in it was checked row by row."""

    def __init__(
        self, message: str, code: str = "unreadable_file", params: dict[str, str | int | float] | None = None
    ) -> None:
        """``code`` says why for the reader: ``unreadable_file`` (not a CSV/XLSX file one can read),
        ``not_utf8`` (a CSV file in another encoding, such as Excel's Windows-1252 CSV; ``line``),
        ``unnamed_column`` (a value in a column without a heading: ``column``, its letter, ``row``),
        ``no_known_columns`` (readable, but none of the expected columns; ``columns`` lists them),
        ``missing_columns`` (a required column missing; ``columns``), ``duplicate_column`` (two
        headers meaning one column: ``first``, ``second``, ``column``)."""
        details = [FieldError(field="file", message=message, code=code, params=params or {})]
        super().__init__(message, details)


@dataclass(frozen=True)
class Sheet:
    """Cell texts of a file; ``rows`` pairs each data row with its number in the file (the first
    row is 1); ``title_rows`` are the numbers of the rows above the header read as its title."""

    headers: list[str]
    rows: list[tuple[int, list[str]]]
    title_rows: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Column:
    """A column an import reads: the field it fills, the header written in templates and shown in
    messages, the other headers accepted for it."""

    field: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False


def fold_header(text: str) -> str:
    """Case-, accent- and umlaut-insensitive form of a header: "Kreisschlüssel", "KREISSCHLUESSEL" and
    "kreisschlussel" fold alike; runs of whitespace count as one."""
    lowered = text.casefold()
    without_marks = "".join(
        char for char in unicodedata.normalize("NFKD", lowered) if not unicodedata.combining(char)
    )
    for spelled_out, letter in (("ae", "a"), ("oe", "o"), ("ue", "u")):
        without_marks = without_marks.replace(spelled_out, letter)
    return " ".join(without_marks.split())


P = ParamSpec("P")
T = TypeVar("T")
# Reading and checking an uploaded file is up to seconds of CPU: one file at a time per process.
_ONE_FILE_AT_A_TIME = asyncio.Semaphore(1)


async def off_the_event_loop(work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run ``work`` (reading or checking an uploaded file) in a worker thread, one file at a time."""
    return await loops.in_worker_thread(_ONE_FILE_AT_A_TIME, work, *args, **kwargs)


def read_table(data: bytes, file_name: str) -> Sheet:
    """The cells of a .csv or .xlsx file as text."""
    suffix = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if suffix == "xlsx":
        return read_xlsx(data)
    if suffix in ("csv", "txt"):
        return read_csv(data)
    raise UnreadableFile(f"{file_name!r}: only .csv and .xlsx files can be imported")


def read_csv(data: bytes) -> Sheet:
    """A CSV file in UTF-8 (with or without BOM), separated by ';' or ','."""
    text = _decode_utf8(data)
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise UnreadableFile("the file is empty: expected a header row and at least one data row")
    # The separator is read from the header: the first line with two values or more (a title above
    # it has one, and no separators but those a spreadsheet pads its rows with).
    first = [line for line in lines if line.strip()][: TITLE_WINDOW + 1]
    header_line = next((line for line in first if _separated_values(line) > 1), first[0])
    delimiter = ";" if header_line.count(";") >= header_line.count(",") and ";" in header_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _sheet_from(_numbered(reader, lambda: reader.line_num))
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise UnreadableFile(
                f"a cell in line {reader.line_num} is longer than {MAX_CSV_CELL} characters"
            ) from None
        raise UnreadableFile(f"line {reader.line_num} cannot be read as CSV ({error})") from None


def read_xlsx(data: bytes) -> Sheet:
    """The first worksheet of an Excel workbook."""
    # openpyxl is imported here because only spreadsheet files need it.
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        # What zipfile unpacks is cut at the sizes the archive states, so their sum bounds the
        # reading: a few compressed bytes may stand for gigabytes of XML.
        unpacked = sum(item.file_size for item in archive.infolist())
        if unpacked > MAX_XLSX_UNPACKED:
            raise UnreadableFile(
                f"the workbook unpacks to {unpacked // (1024 * 1024)} MiB; at most "
                f"{MAX_XLSX_UNPACKED // (1024 * 1024)} MiB can be read"
            )
        _check_row_widths(archive)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, SyntaxError) as error:
        # ElementTree's ParseError is a SyntaxError.
        raise UnreadableFile(f"the file is not a readable .xlsx workbook ({error})") from None
    try:
        sheet = workbook.worksheets[0]
        if isinstance(sheet, ReadOnlyWorksheet):
            # openpyxl would fill every row up to the last column and every missing row up to the
            # last row the sheet declares (a few bytes declaring A1:XFD1048576 become billions of
            # empty cells): the declared size is not used, and rows are read one at a time.
            sheet.reset_dimensions()
        records = (
            (number, [_cell_text(value) for value in values])
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        )
        return _sheet_from(records)
    finally:
        workbook.close()


def _check_row_widths(archive: zipfile.ZipFile) -> None:
    """Refuse a workbook with a worksheet row of more than ``MAX_COLUMNS`` cells, reading the
    worksheets' XML as a stream, before openpyxl (which builds each row whole) reads any of it."""
    for item in archive.infolist():
        if not (item.filename.startswith("xl/worksheets/") and item.filename.endswith(".xml")):
            continue
        row_number = 1
        cells = 0
        with archive.open(item) as source:
            for _, element in ElementTree.iterparse(source, events=("end",)):
                tag = element.tag.rsplit("}", 1)[-1]
                if tag == "c":
                    cells += 1
                    if cells > MAX_COLUMNS:
                        raise UnreadableFile(
                            f"row {row_number} has more than {MAX_COLUMNS} cells; "
                            f"at most {MAX_COLUMNS} columns are read"
                        )
                elif tag == "row":
                    row_number += 1
                    cells = 0
                    element.clear()


def _decode_utf8(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        try:
            as_windows = bytes([byte]).decode("cp1252")
            hint = (
                f"; it looks like Windows-1252/Latin-1 (the byte would be {as_windows!r} there)."
                " Save the file as 'CSV UTF-8' and import it again"
            )
        except UnicodeDecodeError:
            hint = "; save the file as 'CSV UTF-8' and import it again"
        raise UnreadableFile(
            f"the file is not UTF-8 encoded: byte 0x{byte:02x} in line {line} is not valid UTF-8{hint}",
            "not_utf8",
            {"line": line},
        ) from None


def _numbered(reader: Iterable[list[str]], line_number: Callable[[], int]) -> Iterator[tuple[int, list[str]]]:
    """CSV records with the line they start on (a quoted cell may span several lines)."""
    next_start = 1
    for record in reader:
        yield next_start, record
        next_start = line_number() + 1


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        # A date cell comes as midnight of its day: the day is what was written.
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _sheet_from(records: Iterable[tuple[int, list[str]]]) -> Sheet:
    """The header row and the rows after it, read one at a time: a file over the limits is refused
    at the first row past them, before the rest is read. The header is the first row that is not
    blank, unless it and the rows up to a row with more values (within ``TITLE_WINDOW`` rows) hold
    a single value each: those are a title above the header (a heading, a date line). A file of one
    column has none."""
    headers: list[str] | None = None
    window: list[tuple[int, list[str]]] = []  # from the first row with a value, header unknown yet
    rows: list[tuple[int, list[str]]] = []
    title_rows: list[int] = []

    def add(number: int, cells: list[str]) -> None:
        assert headers is not None
        _refuse_values_without_heading(headers, number, cells)
        rows.append((number, cells))
        if len(rows) > MAX_DATA_ROWS:
            raise UnreadableFile(
                f"the file has more than {MAX_DATA_ROWS} rows; "
                f"at most {MAX_DATA_ROWS} can be imported at once"
            )

    def first_row_is_header() -> None:
        nonlocal headers
        headers = window[0][1]
        for number, cells in window[1:]:
            add(number, cells)

    for number, cells in records:
        # A NUL character is no text anyone wrote (and PostgreSQL text cannot hold it): left out.
        cells = _without_trailing_blanks([cell.replace("\x00", "") for cell in cells])
        if len(cells) > MAX_COLUMNS:
            raise UnreadableFile(
                f"row {number} has a value in column {len(cells)}; at most {MAX_COLUMNS} columns are read"
            )
        if headers is not None:
            add(number, cells)
            continue
        values = _values_in(cells)
        if not window and values == 0:
            continue
        if window and values > 1:
            # the rows above held a single value each: a title; this row is the header
            title_rows = [title for title, above in window if _values_in(above)]
            headers = cells
            continue
        window.append((number, cells))
        if values > 1 or len(window) > TITLE_WINDOW:
            first_row_is_header()
    if headers is None and window:  # a short file of one column
        first_row_is_header()
    if headers is None:
        raise UnreadableFile("the file is empty: expected a header row and at least one data row")
    return Sheet(headers=[header.strip() for header in headers], rows=rows, title_rows=title_rows)


def _separated_values(line: str) -> int:
    return max(sum(1 for part in line.split(separator) if part.strip()) for separator in ";,")


def _values_in(cells: list[str]) -> int:
    return sum(1 for cell in cells if cell.strip())


def _refuse_values_without_heading(headers: list[str], number: int, cells: list[str]) -> None:
    """A value in a column without a heading (beside a merged heading cell, or after the last one)
    would be left out unseen: the file is refused, naming the column and the row."""
    for index, cell in enumerate(cells):
        if cell.strip() and (index >= len(headers) or not headers[index].strip()):
            letter = column_letter(index)
            raise UnreadableFile(
                f"column {letter} has no heading but a value in row {number}; give the column a heading "
                "or delete it",
                "unnamed_column",
                {"column": letter, "row": number},
            )


def column_letter(index: int) -> str:
    """A spreadsheet's name of the column at ``index`` (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _without_trailing_blanks(cells: list[str]) -> list[str]:
    """A row without the empty cells after its last value (a spreadsheet's formatted, empty cells)."""
    end = len(cells)
    while end and not cells[end - 1].strip():
        end -= 1
    return cells if end == len(cells) else cells[:end]


def map_columns(headers: list[str], known: tuple[Column, ...]) -> tuple[dict[str, int], list[str]]:
    """Field name → column index; headers matching no field are returned as ignored. None of the
    known columns, two headers meaning one field, or a required column missing make the file
    unreadable."""
    by_name = {
        fold_header(name): column
        for column in known
        for name in (column.header, column.field, *column.aliases)
    }
    indices: dict[str, int] = {}
    ignored: list[str] = []
    for index, header in enumerate(headers):
        if not header:
            continue
        column = by_name.get(fold_header(header))
        if column is None:
            ignored.append(header)
            continue
        if column.field in indices:
            first = headers[indices[column.field]]
            raise UnreadableFile(
                f"the columns {first!r} and {header!r} both mean {column.header!r}; keep one of them",
                "duplicate_column",
                {"first": first, "second": header, "column": column.header},
            )
        indices[column.field] = index
    if not indices:
        raise _none_of_the_columns(known)
    missing = [column for column in known if column.required and column.field not in indices]
    if missing:
        names = "; ".join(
            f"{column.header!r} (also accepted: {', '.join(column.aliases)})" for column in missing
        )
        raise UnreadableFile(
            f"required column missing: {names}",
            "missing_columns",
            {"columns": ", ".join(column.header for column in missing)},
        )
    return indices, ignored


def _none_of_the_columns(known: tuple[Column, ...]) -> UnreadableFile:
    """A readable file with none of the columns an import reads (the wrong file, or another header
    row): the refusal lists the columns expected."""
    expected = ", ".join(column.header for column in known)
    return UnreadableFile(
        f"the file has none of the expected columns: {expected}", "no_known_columns", {"columns": expected}
    )


def columns_by_field(columns: Mapping[str, int], headers: list[str]) -> dict[str, str]:
    """Field name → the header it was read from (what a report shows)."""
    return {field: headers[index] for field, index in columns.items()}


def row_values(cells: list[str], columns: Mapping[str, int]) -> dict[str, str]:
    """A row's trimmed cell texts by field name ("" for a cell the row does not have)."""
    return {field: cells[index].strip() if index < len(cells) else "" for field, index in columns.items()}
