"""Results as CSV and XLSX, with German headers, for staff who open them in Excel or LibreOffice.

CSV: one file per part; XLSX: one workbook, one sheet per part. Both written by the one tabular
export of the kernel (``netzwerkstatt.tabular``: BOM, ``;``, typed cells, formulas neutralised, which
matters most here: free texts come from respondents).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from feedback_service.domain.model import QuestionType
from feedback_service.domain.results import (
    ChoiceResult,
    FreeTextResult,
    RatingResult,
    SeriesComparison,
    SurveyResults,
    round_half_up,
)
from netzwerkstatt import tabular

Cell = str | int | Decimal | None
Table = tabular.Table

QUESTION_TYPE_NAMES: dict[QuestionType, str] = {
    QuestionType.RATING: "Bewertung (1–5)",
    QuestionType.SINGLE_CHOICE: "Einfachauswahl",
    QuestionType.MULTIPLE_CHOICE: "Mehrfachauswahl",
    QuestionType.FREE_TEXT: "Freitext",
}


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
                (
                    question.question_key,
                    question.text,
                    str(item.value),
                    item.label,
                    item.count,
                    _share(item.count, question.answered),
                )
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


def _share(count: int, answered: int) -> Decimal | None:
    """Per cent of those who answered the question, as the choices' shares are counted."""
    return round_half_up(Fraction(count * 100, answered)) if answered else None


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


def table_to_csv(table: Table) -> bytes:
    return tabular.csv_bytes(table)


def tables_to_xlsx(tables: Sequence[Table]) -> bytes:
    return tabular.xlsx_bytes(tables)


def results_xlsx(results: SurveyResults, series: SeriesComparison | None = None) -> bytes:
    return tables_to_xlsx(results_tables(results, series))
