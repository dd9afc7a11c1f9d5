"""Answering (public)."""

from __future__ import annotations

from feedback_service import responding
from feedback_service.api.base import operations
from netzwerkstatt.contracts.feedback import (
    PublicSurveyView,
    ResponseAccepted,
    SubmitResponse,
    SurveyForToken,
)
from netzwerkstatt.db import DatabaseDep
from netzwerkstatt.principal import Access


@operations("survey.for_token", access=Access.TOKEN)
async def survey_for_token(request: SurveyForToken, db: DatabaseDep) -> PublicSurveyView:
    """The questions behind a personal link, and the link's current answers."""
    return await responding.survey_for_token(db, request)


@operations("response.submit", access=Access.TOKEN)
async def submit_response(request: SubmitResponse, db: DatabaseDep) -> ResponseAccepted:
    """Store the link's answers, replacing earlier ones while the survey is open."""
    return await responding.submit_response(db, request)
