"""Surveys. Opening and closing one is a change of the event's: admins, and coordinators of the
event's network, checked in the write's transaction against the network the events service named."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from feedback_service import clock, lifecycle, store
from feedback_service.api.base import SettingsDep, operations, survey_view
from feedback_service.store.records import EventRecord
from netzwerkstatt.contracts import Page
from netzwerkstatt.contracts.feedback import (
    CloseSurvey,
    GetSurvey,
    ListSurveys,
    OpenSurvey,
    SurveyView,
)
from netzwerkstatt.db import DatabaseDep
from netzwerkstatt.errors import NotFound, RuleViolation
from netzwerkstatt.principal import Access, Principal, require_change


async def _require_event_scope(
    session: AsyncSession, principal: Principal, event_id: uuid.UUID
) -> EventRecord:
    event = await store.known_event(session, event_id)
    if event is None:
        raise NotFound.for_field("event_id", f"no event {event_id} is known to the feedback service")
    require_change(principal, event.network_id)
    return event


def _require_begun(event: EventRecord, today: date) -> None:
    """A survey asks about an event that took place: opened by hand from its first day on (it
    would close before the event otherwise)."""
    if event.first_day is None or event.first_day > today:
        raise RuleViolation.for_field(
            "event_id", "a survey opens on the event's first day at the earliest", "survey_before_event"
        )


@operations("survey.open", access=Access.CHANGE)
async def open_survey(
    request: OpenSurvey, principal: Principal, db: DatabaseDep, settings: SettingsDep
) -> SurveyView:
    """Open an event's survey by hand; announces ``feedback.evt.survey.opened``. Links go out to
    the persons given now and to the event's attendees when it is completed. Opens from the event's
    first day on."""
    async with db.unit_of_work() as uow:
        event = await _require_event_scope(uow.session, principal, request.event_id)
        _require_begun(event, clock.today())
        survey = await lifecycle.open_survey(
            uow,
            settings,
            event_id=request.event_id,
            template_id=request.template_id,
            open_for_days=request.open_for_days,
        )
        await lifecycle.invite(uow, survey, request.person_ids)
        stored = await store.survey(uow.session, survey.id)  # as the database holds it, like a read
        assert stored is not None
        return await survey_view(uow.session, stored)


@operations("survey.close", access=Access.CHANGE)
async def close_survey(request: CloseSurvey, principal: Principal, db: DatabaseDep) -> SurveyView:
    """Close a survey before its time; announces ``feedback.evt.survey.closed``."""
    async with db.unit_of_work() as uow:
        survey = await store.survey(uow.session, request.survey_id, lock="update")
        if survey is not None:
            await _require_event_scope(uow.session, principal, survey.event_id)
        closed = await lifecycle.close_survey(uow, request.survey_id)
        return await survey_view(uow.session, closed)


@operations("survey.get", access=Access.READ)
async def get_survey(request: GetSurvey, db: DatabaseDep) -> SurveyView:
    async with db.read() as session:
        survey = await store.survey(session, request.survey_id)
        if survey is None:
            raise NotFound.for_field("survey_id", f"no survey {request.survey_id}")
        return await survey_view(session, survey)


@operations("survey.list", access=Access.READ)
async def list_surveys(request: ListSurveys, db: DatabaseDep) -> Page[SurveyView]:
    """Surveys by event, series or state; a series' editions in order."""
    async with db.read() as session:
        surveys = await store.survey_list(
            session, event_id=request.event_id, series_id=request.series_id, state=request.state
        )
        page = surveys[request.offset : request.offset + request.limit]
        items = [await survey_view(session, survey) for survey in page]
    return Page[SurveyView](items=items, total=len(surveys), offset=request.offset, limit=request.limit)
