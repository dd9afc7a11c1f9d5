"""The feedback service's operations registry and what its handler modules share."""

from __future__ import annotations

from typing import Annotated, Any

from sqlalchemy.ext.asyncio import AsyncSession

from feedback_service import store
from feedback_service.settings import FeedbackSettings
from netzwerkstatt.contracts.feedback import (
    SERVICE,
    SurveyView,
)
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
