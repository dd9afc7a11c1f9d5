"""JSON API of the feedback service for staff: templates, surveys, results and their exports.
The public answering pages (by link token) are served in ``gateway_service.web.public``."""

from __future__ import annotations

import base64
import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from pydantic import Field

from gateway_service.routes import Rpc
from gateway_service.web.downloads import disposition
from netzwerkstatt import operations as ops
from netzwerkstatt.contracts import MAX_STORED_INT, Page
from netzwerkstatt.contracts import Request as RequestBody
from netzwerkstatt.contracts.feedback import (
    MAX_QUESTIONS,
    CloseSurvey,
    CopyTemplate,
    CsvPart,
    EditTemplate,
    EnterPaperSurvey,
    ExportFile,
    ExportFormat,
    ExportSeriesResults,
    ExportSurveyResults,
    GetSurvey,
    GetTemplate,
    LanguageCode,
    ListSurveys,
    ListTemplates,
    OpenSurvey,
    QuestionSpec,
    SeriesComparisonView,
    SeriesResultsRequest,
    SurveyResultsRequest,
    SurveyResultsView,
    SurveyView,
    TemplateView,
)

router = APIRouter(prefix="/feedback", tags=["feedback"])


class TemplateCopyBody(RequestBody):
    name: str = Field(min_length=1, max_length=200, examples=["Auswertung Ideenwerkstatt"])


class TemplateEditBody(RequestBody):
    expected_version: int = Field(ge=1, le=MAX_STORED_INT, examples=[1])
    name: str | None = Field(default=None, min_length=1, max_length=200)
    language: LanguageCode | None = None
    questions: list[QuestionSpec] | None = Field(default=None, max_length=MAX_QUESTIONS)


def _download(file: ExportFile) -> Response:
    return Response(
        content=base64.b64decode(file.content_base64),
        media_type=file.content_type,
        headers={"Content-Disposition": disposition(file.filename)},
    )


@router.get("/templates", response_model=Page[TemplateView])
async def list_templates(client: Rpc, query: Annotated[ListTemplates, Query()]) -> Page[TemplateView]:
    return await client.send(ops.feedback.TEMPLATE_LIST, query)


@router.get("/templates/{template_id}", response_model=TemplateView)
async def get_template(template_id: uuid.UUID, client: Rpc) -> TemplateView:
    return await client.send(ops.feedback.TEMPLATE_GET, GetTemplate(template_id=template_id))


@router.post(
    "/templates/{template_id}/copy", status_code=status.HTTP_201_CREATED, response_model=TemplateView
)
async def copy_template(template_id: uuid.UUID, body: TemplateCopyBody, client: Rpc) -> TemplateView:
    request = CopyTemplate(template_id=template_id, name=body.name)
    return await client.send(ops.feedback.TEMPLATE_COPY, request)


@router.patch("/templates/{template_id}", response_model=TemplateView)
async def edit_template(template_id: uuid.UUID, body: TemplateEditBody, client: Rpc) -> TemplateView:
    request = EditTemplate(template_id=template_id, **body.model_dump(exclude_none=True))
    return await client.send(ops.feedback.TEMPLATE_EDIT, request)


@router.post("/surveys", status_code=status.HTTP_201_CREATED, response_model=SurveyView)
async def open_survey(body: OpenSurvey, client: Rpc) -> SurveyView:
    return await client.send(ops.feedback.SURVEY_OPEN, body)


@router.post("/surveys/paper", status_code=status.HTTP_201_CREATED, response_model=SurveyView)
async def enter_paper_survey(body: EnterPaperSurvey, client: Rpc) -> SurveyView:
    """Enter the feedback of a completed event given on printed forms, as a closed survey."""
    return await client.send(ops.feedback.SURVEY_ENTER_PAPER, body)


@router.get("/surveys", response_model=Page[SurveyView])
async def list_surveys(client: Rpc, query: Annotated[ListSurveys, Query()]) -> Page[SurveyView]:
    return await client.send(ops.feedback.SURVEY_LIST, query)


@router.get("/surveys/{survey_id}", response_model=SurveyView)
async def get_survey(survey_id: uuid.UUID, client: Rpc) -> SurveyView:
    return await client.send(ops.feedback.SURVEY_GET, GetSurvey(survey_id=survey_id))


@router.post("/surveys/{survey_id}/close", response_model=SurveyView)
async def close_survey(survey_id: uuid.UUID, client: Rpc) -> SurveyView:
    return await client.send(ops.feedback.SURVEY_CLOSE, CloseSurvey(survey_id=survey_id))


@router.get("/surveys/{survey_id}/results", response_model=SurveyResultsView)
async def survey_results(survey_id: uuid.UUID, client: Rpc) -> SurveyResultsView:
    request = SurveyResultsRequest(survey_id=survey_id)
    return await client.send(ops.feedback.RESULTS_SURVEY, request)


@router.get("/surveys/{survey_id}/export", response_class=Response)
async def export_survey(
    survey_id: uuid.UUID, client: Rpc, format: ExportFormat = "xlsx", part: CsvPart = "questions"
) -> Response:
    request = ExportSurveyResults(survey_id=survey_id, format=format, part=part)
    return _download(await client.send(ops.feedback.RESULTS_EXPORT, request))


@router.get("/series/{series_id}/results", response_model=SeriesComparisonView)
async def series_results(series_id: uuid.UUID, client: Rpc) -> SeriesComparisonView:
    request = SeriesResultsRequest(series_id=series_id)
    return await client.send(ops.feedback.RESULTS_SERIES, request)


@router.get("/series/{series_id}/export", response_class=Response)
async def export_series(series_id: uuid.UUID, client: Rpc, format: ExportFormat = "xlsx") -> Response:
    request = ExportSeriesResults(series_id=series_id, format=format)
    return _download(await client.send(ops.feedback.RESULTS_EXPORT_SERIES, request))
