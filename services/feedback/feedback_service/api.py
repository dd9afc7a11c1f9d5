"""The subjects the feedback service answers (request-reply). Thin: parse → rules → store → reply.

Staff operations (templates, surveys, results, exports) and the two public ones the gateway's
feedback page calls with a link token (``survey.for_token``, ``response.submit``)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import SecretBytes
from sqlalchemy.ext.asyncio import AsyncSession

from feedback_service import lifecycle, reporting, responding, store, templating
from feedback_service.settings import FeedbackSettings
from feedback_service.surveys.links import invitee_mark
from netzwerkstatt.contracts.feedback import (
    SERVICE,
    CloseSurvey,
    CopyTemplate,
    EditTemplate,
    ExportFile,
    ExportSeriesResults,
    ExportSurveyResults,
    GetSurvey,
    GetTemplate,
    ListSurveys,
    ListTemplates,
    OpenSurvey,
    PersonFeedbackData,
    PublicSurveyView,
    ResponseAccepted,
    SeriesComparisonView,
    SeriesResultsRequest,
    SubmitResponse,
    SurveyForToken,
    SurveyInvitationHeld,
    SurveyResultsRequest,
    SurveyResultsView,
    SurveyView,
    TemplateView,
)
from netzwerkstatt.contracts.registry import PersonRef
from netzwerkstatt.db import DatabaseDep
from netzwerkstatt.errors import NotFound
from netzwerkstatt.principal import Access
from netzwerkstatt.rpc import Operations, Provided

operations = Operations(SERVICE)
SettingsDep = Annotated[FeedbackSettings, Provided("settings")]


async def survey_view(session: AsyncSession, row: Any) -> SurveyView:
    is_open = row["state"] == "open"
    return SurveyView(
        id=row["id"],
        event_id=row["event_id"],
        title=row["title"],
        series_id=row["series_id"],
        series_title=row["series_title"],
        edition=row["edition"],
        template_id=row["template_id"],
        template_version=row["snapshot"]["template_version"],
        language=row["snapshot"]["language"],
        state=row["state"],
        opened_at=row["opened_at"],
        closes_at=row["closes_at"],
        closed_on=row["closed_on"],
        links_handed_out=await store.count_digests(session, row["id"]) if is_open else row["tokens_issued"],
        links_pending=await store.count_pending(session, row["id"]),
        responses=await store.count_responses(session, row["id"]),
        free_texts_removed=row["free_texts_removed"],
    )


# -- templates --------------------------------------------------------------------------------------


@operations("template.list", access=Access.READ)
async def list_templates(request: ListTemplates, db: DatabaseDep) -> list[TemplateView]:
    """Every survey template, the ready-made ones first."""
    return await templating.list_templates(db)


@operations("template.get", access=Access.READ)
async def get_template(request: GetTemplate, db: DatabaseDep) -> TemplateView:
    """One template with its questions."""
    return await templating.get_template(db, request.template_id)


@operations("template.copy", access=Access.CHANGE)
async def copy_template(request: CopyTemplate, db: DatabaseDep) -> TemplateView:
    """A new, editable template with the same questions (templates belong to no network: any
    coordinator may copy and edit them)."""
    return await templating.copy(db, request)


@operations("template.edit", access=Access.CHANGE)
async def edit_template(request: EditTemplate, db: DatabaseDep) -> TemplateView:
    """Change a template no survey uses yet (a used one is copied instead)."""
    return await templating.edit(db, request)


# -- surveys ----------------------------------------------------------------------------------------


@operations("survey.open", access=Access.CHANGE)
async def open_survey(request: OpenSurvey, db: DatabaseDep, settings: SettingsDep) -> SurveyView:
    """Open an event's survey by hand; announces ``feedback.evt.survey.opened``. Links go out to
    the persons given now and to the event's attendees when it is completed."""
    async with db.unit_of_work() as uow:
        survey = await lifecycle.open_survey(
            uow,
            settings,
            event_id=request.event_id,
            template_id=request.template_id,
            open_for_days=request.open_for_days,
        )
        await lifecycle.invite(uow, survey, request.person_ids)
        return await survey_view(uow.session, await store.survey_row(uow.session, survey["id"]))


@operations("survey.close", access=Access.CHANGE)
async def close_survey(request: CloseSurvey, db: DatabaseDep) -> SurveyView:
    """Close a survey before its time; announces ``feedback.evt.survey.closed``."""
    async with db.unit_of_work() as uow:
        row = await lifecycle.close_survey(uow, request.survey_id)
        return await survey_view(uow.session, row)


@operations("survey.get", access=Access.READ)
async def get_survey(request: GetSurvey, db: DatabaseDep) -> SurveyView:
    async with db.read() as session:
        row = await store.survey_row(session, request.survey_id)
        if row is None:
            raise NotFound.for_field("survey_id", f"no survey {request.survey_id}")
        return await survey_view(session, row)


@operations("survey.list", access=Access.READ)
async def list_surveys(request: ListSurveys, db: DatabaseDep) -> list[SurveyView]:
    """Surveys by event, series or state; a series' editions in order."""
    async with db.read() as session:
        rows = await store.survey_rows(
            session, event_id=request.event_id, series_id=request.series_id, state=request.state
        )
        return [await survey_view(session, row) for row in rows]


# -- answering (public) -----------------------------------------------------------------------------


@operations("survey.for_token", access=Access.TOKEN)
async def survey_for_token(request: SurveyForToken, db: DatabaseDep) -> PublicSurveyView:
    """The questions behind a personal link, and the link's current answers."""
    return await responding.survey_for_token(db, request)


@operations("response.submit", access=Access.TOKEN)
async def submit_response(request: SubmitResponse, db: DatabaseDep) -> ResponseAccepted:
    """Store the link's answers, replacing earlier ones while the survey is open."""
    return await responding.submit_response(db, request)


# -- results ----------------------------------------------------------------------------------------


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


# -- right of access --------------------------------------------------------------------------------


@operations("person.export", access=Access.READ)
async def export_person(request: PersonRef, db: DatabaseDep) -> PersonFeedbackData:
    """What feedback can tell about a person: open surveys they were invited to (found by their
    invitee mark under each survey's pepper) and links still to be handed over. Answers are anonymous:
    whether and what the person answered is held against nobody (right of access)."""
    async with db.read() as session:
        peppers = await store.open_survey_peppers(session)
        marks = {
            row["id"]: invitee_mark(SecretBytes(bytes(row["pepper"])), request.person_id)
            for row in peppers
            if row["pepper"] is not None
        }
        invited = await store.surveys_marking(session, marks)
        pending = await store.pending_for_person(session, request.person_id)
    return PersonFeedbackData(
        person_id=request.person_id,
        invited_to_open_surveys=[SurveyInvitationHeld.model_validate(dict(row)) for row in invited],
        links_not_yet_sent=pending,
    )
