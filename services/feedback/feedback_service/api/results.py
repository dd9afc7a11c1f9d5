"""Results."""

from __future__ import annotations

from feedback_service import reporting
from feedback_service.api.base import operations
from netzwerkstatt.contracts.feedback import (
    ExportFile,
    ExportSeriesResults,
    ExportSurveyResults,
    SeriesComparisonView,
    SeriesResultsRequest,
    SurveyResultsRequest,
    SurveyResultsView,
)
from netzwerkstatt.db import DatabaseDep
from netzwerkstatt.principal import Access


@operations("results.survey", access=Access.READ)
async def survey_results(request: SurveyResultsRequest, db: DatabaseDep) -> SurveyResultsView:
    """Response rate, distributions, means, medians and free texts of one survey."""
    return await reporting.survey_results(db, request.survey_id)


@operations("results.series", access=Access.READ)
async def series_results(request: SeriesResultsRequest, db: DatabaseDep) -> SeriesComparisonView:
    """The editions of a series compared: mean per question and edition, with changes."""
    return await reporting.series_results(db, request.series_id)


@operations("results.export", access=Access.READ)
async def export_survey(request: ExportSurveyResults, db: DatabaseDep) -> ExportFile:
    """One survey's results as XLSX (all tables) or CSV (one table), base64-encoded."""
    return await reporting.export_survey(db, request)


@operations("results.export_series", access=Access.READ)
async def export_series(request: ExportSeriesResults, db: DatabaseDep) -> ExportFile:
    """A series comparison as XLSX or CSV, base64-encoded."""
    return await reporting.export_series(db, request)
