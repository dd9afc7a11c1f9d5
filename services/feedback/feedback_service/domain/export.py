"""Results as CSV and XLSX, with German headers, for staff who open them in Excel or LibreOffice.

CSV: one file per part, semicolon separated, UTF-8 with byte order mark and decimal commas, which
is what a German Excel expects. XLSX: one workbook, one sheet per part, numbers as numbers.
Free texts come from respondents, so any cell text that a spreadsheet would run as a formula is
neutralised (CSV: a leading apostrophe; XLSX: stored as a plain string).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook

from feedback_service.domain.model import QuestionType
from feedback_service.domain.results import (
    ChoiceResult,
    FreeTextResult,
    RatingResult,
    SeriesComparison,
    SurveyResults,
)

Cell = str | int | Decimal | None

QUESTION_TYPE_NAMES: dict[QuestionType, str] = {
    QuestionType.RATING: "Bewertung (1–5)",
    QuestionType.SINGLE_CHOICE: "Einfachauswahl",
    QuestionType.MULTIPLE_CHOICE: "Mehrfachauswahl",
    QuestionType.FREE_TEXT: "Freitext",
}
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Table:
    title: str  # sheet name in the workbook
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


def summary_table(results: SurveyResults) -> Table:
    return Table(
        title="Übersicht",
        headers=("Kennzahl", "Wert"),
        rows=(
            ("Umfrage", results.title),
            ("Ausgegebene Zugänge", results.tokens_issued),
            ("Antworten", results.responses),
            ("Rücklaufquote (%)", results.response_rate_percent),
            ("Ergebnisse zurückgehalten (zu wenige Antworten)", "ja" if results.withheld else "nein"),
        ),
    )


def questions_table(results: SurveyResults) -> Table:
    rows: list[tuple[Cell, ...]] = []
    for question in results.questions:
        mean = question.mean if isinstance(question, RatingResult) else None
        median = question.median if isinstance(question, RatingResult) else None
        rows.append(
            (
                question.question_key,
                question.text,
                QUESTION_TYPE_NAMES[question.type],
                question.answered,
                mean,
                median,
            )
        )
    return Table(
        title="Fragen",
        headers=("Frage-Schlüssel", "Frage", "Fragetyp", "Antworten", "Mittelwert", "Median"),
        rows=tuple(rows),
    )


def distributions_table(results: SurveyResults) -> Table:
    rows: list[tuple[Cell, ...]] = []
    for question in results.questions:
        if isinstance(question, RatingResult):
            rows.extend(
                (question.question_key, question.text, str(item.value), item.label, item.count, None)
                for item in question.distribution
            )
        elif isinstance(question, ChoiceResult):
            rows.extend(
                (
                    question.question_key,
                    question.text,
                    item.option,
                    item.label,
                    item.count,
                    item.share_percent,
                )
                for item in question.options
            )
    return Table(
        title="Verteilungen",
        headers=("Frage-Schlüssel", "Frage", "Wert", "Bezeichnung", "Anzahl", "Anteil (%)"),
        rows=tuple(rows),
    )


def free_texts_table(results: SurveyResults) -> Table:
    rows: list[tuple[Cell, ...]] = []
    for question in results.questions:
        if isinstance(question, FreeTextResult):
            rows.extend((question.question_key, question.text, text) for text in question.texts)
    return Table(title="Freitexte", headers=("Frage-Schlüssel", "Frage", "Antwort"), rows=tuple(rows))


def series_table(comparison: SeriesComparison) -> Table:
    """One row per question: the mean of each edition, followed by its change to the previous one."""
    headers: list[str] = ["Frage-Schlüssel", "Frage"]
    for index, edition in enumerate(comparison.editions):
        headers.append(f"Mittelwert {edition.edition}")
        if index > 0:
            headers.append(f"Veränderung {edition.edition}")
    headers.append("Veränderung über die Reihe")
    rows: list[tuple[Cell, ...]] = []
    for question in comparison.questions:
        row: list[Cell] = [question.question_key, question.text]
        for index, point in enumerate(question.points):
            row.append(point.mean)
            if index > 0:
                row.append(point.change_to_previous)
        row.append(question.change_over_series)
        rows.append(tuple(row))
    return Table(title="Serienvergleich", headers=tuple(headers), rows=tuple(rows))


def results_tables(results: SurveyResults, series: SeriesComparison | None = None) -> tuple[Table, ...]:
    tables = [
        summary_table(results),
        questions_table(results),
        distributions_table(results),
        free_texts_table(results),
    ]
    if series is not None:
        tables.append(series_table(series))
    return tuple(tables)


def _safe_text(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _csv_cell(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, Decimal):
        return format(cell, "f").replace(".", ",")
    if isinstance(cell, int):
        return str(cell)
    return _safe_text(cell)


def table_to_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_safe_text(header) for header in table.headers])
    writer.writerows([_csv_cell(cell) for cell in row] for row in table.rows)
    return buffer.getvalue().encode("utf-8-sig")


def tables_to_xlsx(tables: Sequence[Table]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(title=table.title)
        sheet.append(list(table.headers))
        for row_number, row in enumerate(table.rows, start=2):
            for column_number, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = sheet.cell(row=row_number, column=column_number, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # never a formula, whatever the text starts with
                elif isinstance(value, Decimal):
                    cell.number_format = "0.00"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def results_xlsx(results: SurveyResults, series: SeriesComparison | None = None) -> bytes:
    return tables_to_xlsx(results_tables(results, series))
