"""Reading an import file stays within bounds whatever the file declares: a few bytes of XLSX or a
long CSV cell are the file's problem (``UnreadableFile``), never an internal error, gigabytes of
memory or minutes of a service's time."""

import io
import time
import zipfile

import pytest
from openpyxl import Workbook

from netzwerkstatt.tabular import MAX_COLUMNS, MAX_DATA_ROWS, UnreadableFile, read_csv, read_table, read_xlsx

SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def _text_cell(reference: str, text: str) -> bytes:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def workbook_with_sheet(sheet_xml: bytes) -> bytes:
    """A workbook made by openpyxl whose first worksheet's XML is replaced."""
    book = Workbook()
    book.active.append(["Name", "Typ"])
    plain = io.BytesIO()
    book.save(plain)
    source = zipfile.ZipFile(io.BytesIO(plain.getvalue()))
    result = io.BytesIO()
    with zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            target.writestr(
                item.filename, sheet_xml if item.filename == "xl/worksheets/sheet1.xml" else content
            )
    return result.getvalue()


def _refused_quickly(data: bytes, file_name: str = "datei.xlsx") -> str:
    """Refused with its reason, after little work: the CPU time of this process, not the time on the
    clock, which a test worker waiting for one of two busy cores can spend many times over."""
    started = time.process_time()
    with pytest.raises(UnreadableFile) as refused:
        read_table(data, file_name)
    assert time.process_time() - started < 2
    return str(refused.value)


def test_a_sheet_declaring_every_column_and_row_is_read_as_written() -> None:
    # A few bytes: the dimension says A1:XFD1048576, the last row is the sheet's very last.
    last = 1_048_576
    sheet = (
        SHEET_HEAD
        + f'<dimension ref="A1:XFD{last}"/><sheetData>'.encode()
        + b'<row r="1">'
        + _text_cell("A1", "Name")
        + b"</row>"
        + f'<row r="{last}">'.encode()
        + _text_cell(f"A{last}", "x")
        + b"</row>"
        + b"</sheetData></worksheet>"
    )
    data = workbook_with_sheet(sheet)
    assert len(data) < 10_000
    assert f"more than {MAX_DATA_ROWS} rows" in _refused_quickly(data)


def test_a_declared_width_adds_no_columns_to_the_rows() -> None:
    sheet = (
        SHEET_HEAD
        + b'<dimension ref="A1:XFD3"/><sheetData>'
        + b'<row r="1">'
        + _text_cell("A1", "Name")
        + _text_cell("B1", "Typ")
        + b"</row>"
        + b'<row r="3">'
        + _text_cell("A3", "Jobcenter Halle")
        + b"</row>"
        + b"</sheetData></worksheet>"
    )
    table = read_xlsx(workbook_with_sheet(sheet))
    assert table.headers == ["Name", "Typ"]
    assert table.rows == [(2, []), (3, ["Jobcenter Halle"])]


def test_a_value_far_to_the_right_is_refused_naming_the_column_limit() -> None:
    sheet = (
        SHEET_HEAD
        + b"<sheetData>"
        + b'<row r="1">'
        + _text_cell("A1", "Name")
        + _text_cell("XFD1", "y")
        + b"</row>"
        + b"</sheetData></worksheet>"
    )
    assert f"at most {MAX_COLUMNS} columns" in _refused_quickly(workbook_with_sheet(sheet))


def test_a_row_of_millions_of_cells_is_refused_before_it_is_built() -> None:
    sheet = (
        SHEET_HEAD
        + b'<sheetData><row r="1">'
        + b"<c><v>1</v></c>" * 2_000_000
        + b"</row></sheetData></worksheet>"
    )
    data = workbook_with_sheet(sheet)
    assert len(data) < 100_000
    assert f"more than {MAX_COLUMNS} cells" in _refused_quickly(data)


def test_a_workbook_unpacking_to_more_than_the_limit_is_refused() -> None:
    filler = b"<!--" + b" " * (40 * 1024 * 1024) + b"-->"
    sheet = (
        SHEET_HEAD
        + filler
        + b'<sheetData><row r="1">'
        + _text_cell("A1", "Name")
        + b"</row></sheetData></worksheet>"
    )
    assert "MiB" in _refused_quickly(workbook_with_sheet(sheet))


def test_a_workbook_with_a_broken_sheet_is_unreadable() -> None:
    assert "not a readable .xlsx workbook" in _refused_quickly(
        workbook_with_sheet(SHEET_HEAD + b"<sheetData><row>")
    )


def test_a_csv_cell_longer_than_the_csv_reader_takes_is_the_files_problem() -> None:
    data = b"Name;Typ\n" + b"a" * 200_000 + b";jobcenter\n"
    assert "line 2" in _refused_quickly(data, "organisationen.csv")


def test_more_csv_rows_than_an_import_takes_are_refused() -> None:
    data = b"Name;Typ\n" + b"a;b\n" * (MAX_DATA_ROWS + 1)
    assert f"more than {MAX_DATA_ROWS} rows" in _refused_quickly(data, "organisationen.csv")
    assert len(read_csv(b"Name;Typ\n" + b"a;b\n" * MAX_DATA_ROWS).rows) == MAX_DATA_ROWS
