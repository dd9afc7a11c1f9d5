"""Results for staff: one survey, the editions of a series, and both as CSV or XLSX files."""

from __future__ import annotations

import base64
import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from feedback_service import store, views
from feedback_service.domain.anonymity import SurveyState
from feedback_service.domain.export import (
    distributions_table,
    free_texts_table,
    questions_table,
    results_xlsx,
    series_table,
    summary_table,
    table_to_csv,
    tables_to_xlsx,
)
from feedback_service.domain.results import (
    Edition,
    SeriesComparison,
    SurveyResults,
    compare_series,
    compute_results,
)
from feedback_service.store.records import SurveyRecord
from netzwerkstatt import tabular
from netzwerkstatt.contracts.feedback import (
    ExportFile,
    ExportSeriesResults,
    ExportSurveyResults,
    SeriesComparisonView,
    SurveyResultsView,
)
from netzwerkstatt.db import Database
from netzwerkstatt.errors import InvalidInput, NotFound, RuleViolation

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


async def _results(session: AsyncSession, survey: SurveyRecord) -> SurveyResults:
    answer_sets = await store.all_answers(session, survey.id)
    # While open the digest set is the number of links handed out; after closing only its size is kept.
    issued = (
        survey.tokens_issued
        if survey.state is SurveyState.CLOSED
        else await store.count_digests(session, survey.id)
    )
    return compute_results(survey.snapshot, answer_sets, tokens_issued=issued, title=survey.title)


async def _survey(session: AsyncSession, survey_id: uuid.UUID) -> SurveyRecord:
    survey = await store.survey(session, survey_id)
    if survey is None:
        raise NotFound.for_field("survey_id", f"no survey {survey_id}")
    return survey


async def survey_results(database: Database, survey_id: uuid.UUID) -> SurveyResultsView:
    async with database.read() as session:
        survey = await _survey(session, survey_id)
        results = await _results(session, survey)
    return views.results_view(survey, results)


async def _comparison(
    session: AsyncSession, series_id: uuid.UUID
) -> tuple[list[SurveyRecord], SeriesComparison]:
    surveys = await store.survey_list(session, series_id=series_id)
    if not surveys:
        raise NotFound.for_field("series_id", f"no survey belongs to the series {series_id}")
    editions = [Edition(label=s.edition_label, results=await _results(session, s)) for s in surveys]
    try:
        return surveys, compare_series(editions)
    except ValueError as error:
        raise RuleViolation.for_field("series_id", str(error)) from None


async def series_results(database: Database, series_id: uuid.UUID) -> SeriesComparisonView:
    async with database.read() as session:
        surveys, comparison = await _comparison(session, series_id)
    return views.series_view(series_id, surveys, comparison)


def _file(filename: str, content_type: str, content: bytes) -> ExportFile:
    return ExportFile(
        filename=filename, content_type=content_type, content_base64=base64.b64encode(content).decode()
    )


async def export_survey(database: Database, request: ExportSurveyResults) -> ExportFile:
    async with database.read() as session:
        survey = await _survey(session, request.survey_id)
        results = await _results(session, survey)
    # "umfrage-regionalworkshop-leipzig-2027-02-10-freitexte.csv": the survey's title, the day it
    # opened and the table's German title, as the files' headings are German.
    parts = ("umfrage", survey.title, survey.opened_at.date())
    if request.format == "xlsx":
        return _file(tabular.file_name(*parts, extension="xlsx"), XLSX, results_xlsx(results))
    tables = {
        "summary": summary_table,
        "questions": questions_table,
        "distributions": distributions_table,
        "free_texts": free_texts_table,
    }
    if request.part not in tables:
        raise InvalidInput.for_field("part", "a single survey has no series table; use the series export")
    table = tables[request.part](results)
    return _file(tabular.file_name(*parts, table.title, extension="csv"), CSV, table_to_csv(table))


async def export_series(database: Database, request: ExportSeriesResults) -> ExportFile:
    async with database.read() as session:
        surveys, comparison = await _comparison(session, request.series_id)
    table = series_table(comparison)
    # "reihe-ideenwerkstatt-2027-02-10.csv": the series' title and the day its newest survey opened.
    newest = max(surveys, key=lambda survey: survey.opened_at)
    parts = ("reihe", newest.series_title or newest.title, newest.opened_at.date())
    if request.format == "xlsx":
        return _file(tabular.file_name(*parts, extension="xlsx"), XLSX, tables_to_xlsx([table]))
    return _file(tabular.file_name(*parts, extension="csv"), CSV, table_to_csv(table))
