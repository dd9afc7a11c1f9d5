"""Right of access: what the feedback service can tell about a person."""

from __future__ import annotations

from feedback_service import store, views
from feedback_service.api.base import operations
from feedback_service.domain.links import invitee_mark
from netzwerkstatt.contracts.feedback import PersonFeedbackData
from netzwerkstatt.contracts.registry import PersonRef
from netzwerkstatt.db import DatabaseDep
from netzwerkstatt.principal import Access


@operations("person.export", access=Access.READ)
async def export_person(request: PersonRef, db: DatabaseDep) -> PersonFeedbackData:
    """What feedback can tell about a person: open surveys they were invited to (found by their
    invitee mark under each survey's pepper) and links still to be handed over. Answers are anonymous:
    whether and what the person answered is held against nobody (right of access)."""
    async with db.read() as session:
        peppers = await store.open_survey_peppers(session)
        marks = {
            survey.survey_id: invitee_mark(survey.pepper, request.person_id)
            for survey in peppers
            if survey.pepper is not None
        }
        invited = await store.surveys_marking(session, marks)
        pending = await store.pending_for_person(session, request.person_id)
    return PersonFeedbackData(
        person_id=request.person_id,
        invited_to_open_surveys=[views.invitation_held(invitation) for invitation in invited],
        links_not_yet_sent=pending,
    )
