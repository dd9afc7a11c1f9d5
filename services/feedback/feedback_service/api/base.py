"""The feedback service's operations registry and what its handler modules share."""

from __future__ import annotations

from typing import Annotated

from sqlalchemy.ext.asyncio import AsyncSession

from feedback_service import store, views
from feedback_service.settings import FeedbackSettings
from feedback_service.store.records import SurveyRecord
from netzwerkstatt.contracts.feedback import (
    SERVICE,
    SurveyView,
)
from netzwerkstatt.rpc import Operations, Provided

operations = Operations(SERVICE)
SettingsDep = Annotated[FeedbackSettings, Provided("settings")]


async def survey_view(session: AsyncSession, survey: SurveyRecord) -> SurveyView:
    event = await store.known_event(session, survey.event_id)
    network_id = event.network_id if event is not None else None
    return views.survey_view(survey, await store.survey_counts(session, survey), network_id)
