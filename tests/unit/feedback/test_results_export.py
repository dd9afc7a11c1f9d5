from __future__ import annotations

import csv
import io
from decimal import Decimal

from feedback_builders import demo_series
from openpyxl import load_workbook

from feedback_service.domain.export import (
    distributions_table,
    free_texts_table,
    questions_table,
    results_xlsx,
    series_table,
    summary_table,
    table_to_csv,
)
from feedback_service.domain.results import SurveyResults, compare_series


def latest() -> SurveyResults:
    results: SurveyResults = demo_series()[2].results
    return results


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 byte order mark"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_summary_csv_has_german_headers_and_decimal_commas() -> None:
    rows = read_csv(table_to_csv(summary_table(latest())))
    assert rows == [
        ["Kennzahl", "Wert"],
        ["Umfrage", "13. Ideenwerkstatt"],
        ["Ausgegebene Zugänge", "12"],
        ["Antworten", "6"],
        ["Rücklaufquote (%)", "50,00"],
        ["Ergebnisse zurückgehalten (zu wenige Antworten)", "nein"],
    ]


def test_questions_csv_has_mean_and_median_per_rating() -> None:
    rows = read_csv(table_to_csv(questions_table(latest())))
    assert rows[0] == ["Frage-Schlüssel", "Frage", "Fragetyp", "Antworten", "Mittelwert", "Median"]
    assert rows[1] == [
        "overall",
        "How do you rate the event overall?",
        "Bewertung (1–5)",
        "6",
        "4,67",
        "5,00",
    ]
    assert rows[6] == ["keep", "What should we definitely keep?", "Freitext", "1", "", ""]


def test_distributions_csv_lists_every_scale_value() -> None:
    rows = read_csv(table_to_csv(distributions_table(latest())))
    overall = [row for row in rows[1:] if row[0] == "overall"]
    assert [(row[2], row[3], row[4]) for row in overall] == [
        ("1", "very poor", "0"),
        ("2", "poor", "0"),
        ("3", "fair", "0"),
        ("4", "good", "2"),
        ("5", "very good", "4"),
    ]


def test_every_distribution_row_has_its_share_of_those_who_answered() -> None:
    rows = read_csv(table_to_csv(distributions_table(latest())))
    assert rows[0][5] == "Anteil (%)"
    overall = [row for row in rows[1:] if row[0] == "overall"]
    assert [row[5] for row in overall] == ["0,00", "0,00", "0,00", "33,33", "66,67"]
    assert all(row[5] for row in rows[1:])
    sheet = load_workbook(io.BytesIO(results_xlsx(latest())))["Verteilungen"]
    shares = [row[5] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] == "overall"]
    assert [float(share) for share in shares] == [0, 0, 0, 33.33, 66.67]


def test_free_text_csv_keeps_semicolons_and_quotes_and_defuses_formulas() -> None:
    data = table_to_csv(free_texts_table(latest()))
    rows = read_csv(data)
    assert rows[0] == ["Frage-Schlüssel", "Frage", "Antwort"]
    assert sorted(row[2] for row in rows[1:]) == [
        '\'=HYPERLINK("http://example.org")',
        'Mehr Zeit für das Barcamp; bitte "länger"',
    ]


def test_series_csv_shows_means_and_changes_side_by_side() -> None:
    rows = read_csv(table_to_csv(series_table(compare_series(demo_series()))))
    assert rows[0] == [
        "Frage-Schlüssel",
        "Frage",
        "Mittelwert 11. Ideenwerkstatt",
        "Mittelwert 12. Ideenwerkstatt",
        "Veränderung 12. Ideenwerkstatt",
        "Mittelwert 13. Ideenwerkstatt",
        "Veränderung 13. Ideenwerkstatt",
        "Veränderung über die Reihe",
    ]
    organisation = next(row for row in rows if row[0] == "organisation")
    assert organisation[2:] == ["4,50", "5,00", "0,50", "4,00", "-1,00", "-0,50"]


def test_xlsx_has_one_sheet_per_part_with_numbers_as_numbers() -> None:
    workbook = load_workbook(io.BytesIO(results_xlsx(latest(), compare_series(demo_series()))))
    assert workbook.sheetnames == ["Übersicht", "Fragen", "Verteilungen", "Freitexte", "Serienvergleich"]
    summary = [[cell.value for cell in row] for row in workbook["Übersicht"].iter_rows()]
    assert summary[3] == ["Antworten", 6]
    assert Decimal(str(summary[4][1])) == Decimal("50")
    questions = workbook["Fragen"]
    assert questions["E2"].value == 4.67
    assert questions["E2"].number_format == "0.00"
    series = [[cell.value for cell in row] for row in workbook["Serienvergleich"].iter_rows()]
    topics = next(row for row in series if row[0] == "topics")
    assert topics[2:] == [3.5, 2.67, -0.83, 4, 1.33, 0.5]


def test_xlsx_stores_free_text_that_looks_like_a_formula_as_plain_text() -> None:
    workbook = load_workbook(io.BytesIO(results_xlsx(latest())))
    cells = [row[2] for row in workbook["Freitexte"].iter_rows(min_row=2)]
    formula_like = next(cell for cell in cells if str(cell.value).startswith("="))
    assert formula_like.data_type == "s"
    assert formula_like.value == '=HYPERLINK("http://example.org")'
    assert "Serienvergleich" not in workbook.sheetnames
