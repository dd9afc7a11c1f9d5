"""A spreadsheet often carries a title (and a line such as a date) above its header row. Such rows,
each with a single value, are read as titles when a row with more values follows: that row is the
header. A file of a single column keeps its first row as the header."""

import io

from openpyxl import Workbook

from netzwerkstatt.tabular import read_csv, read_xlsx


def test_a_title_and_a_date_line_above_the_header_are_left_out() -> None:
    sheet = read_csv(
        b"Organisationen im Landkreis Leipzig\r\nStand: 01.11.2026\r\n\r\nName;Typ;Kreis\r\n"
        b"Jobcenter Leipzig;jobcenter;Leipzig\r\n"
    )
    assert sheet.headers == ["Name", "Typ", "Kreis"]
    # each row keeps its number in the file
    assert sheet.rows == [(5, ["Jobcenter Leipzig", "jobcenter", "Leipzig"])]
    assert sheet.title_rows == [1, 2]


def test_a_workbooks_title_row_is_left_out_too() -> None:
    book = Workbook()
    book.active.append(["Teilnehmende 2026"])
    book.active.append(["Name", "Organisation"])
    book.active.append(["Kim Beispiel", "VHS Leipzig"])
    data = io.BytesIO()
    book.save(data)
    sheet = read_xlsx(data.getvalue())
    assert (sheet.headers, sheet.rows, sheet.title_rows) == (
        ["Name", "Organisation"],
        [(3, ["Kim Beispiel", "VHS Leipzig"])],
        [1],
    )


def test_a_file_of_one_column_keeps_its_first_row_as_the_header() -> None:
    sheet = read_csv(b"Name\r\nJobcenter Leipzig\r\nVHS Leipzig\r\n")
    assert sheet.headers == ["Name"]
    assert sheet.rows == [(2, ["Jobcenter Leipzig"]), (3, ["VHS Leipzig"])]
    assert sheet.title_rows == []


def test_a_header_in_the_first_row_is_the_header_as_before() -> None:
    sheet = read_csv(b"Name;Typ\r\nJobcenter Leipzig;jobcenter\r\n")
    assert (sheet.headers, sheet.rows, sheet.title_rows) == (
        ["Name", "Typ"],
        [(2, ["Jobcenter Leipzig", "jobcenter"])],
        [],
    )


def test_a_title_padded_with_separators_as_a_spreadsheet_writes_it_is_a_title() -> None:
    sheet = read_csv(b"Teilnehmende;;\r\nName;Organisation;Kreis\r\nKim Beispiel;VHS, Leipzig;Leipzig\r\n")
    assert sheet.headers == ["Name", "Organisation", "Kreis"]
    assert sheet.rows == [(3, ["Kim Beispiel", "VHS, Leipzig", "Leipzig"])]
    assert sheet.title_rows == [1]


def test_commas_in_the_values_of_a_semicolon_file_leave_its_separator_alone() -> None:
    sheet = read_csv("Name;Typ\r\nMüller, Meier, Schulz und Lang;other\r\n".encode())
    assert sheet.rows == [(2, ["Müller, Meier, Schulz und Lang", "other"])]


def test_a_long_file_of_one_column_is_read_as_such() -> None:
    lines = "\r\n".join(["Name", *(f"Organisation {index}" for index in range(20))])
    sheet = read_csv(lines.encode())
    assert sheet.headers == ["Name"]
    assert len(sheet.rows) == 20
