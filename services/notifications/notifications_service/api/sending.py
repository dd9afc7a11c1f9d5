"""Sending on request."""

from __future__ import annotations

import sqlalchemy as sa
from pydantic import ValidationError

from netzwerkstatt.contracts.notifications import (
    SendAccepted,
    SendFeedbackRequest,
)
from netzwerkstatt.db import DatabaseDep
from netzwerkstatt.errors import NotFound
from netzwerkstatt.principal import Access
from notifications_service import projections, queue, views
from notifications_service.api.base import HTTP_URL, operations
from notifications_service.messages.kinds import MessageKind
from notifications_service.outgoing import MessageFacts
from notifications_service.store import contacts


@operations("feedback_request.send", access=Access.SERVICE)
async def send_feedback_request(request: SendFeedbackRequest, db: DatabaseDep) -> SendAccepted:
    """Queue the e-mail with one attendee's personal survey link (the link is kept until sent)."""
    try:
        HTTP_URL.validate_python(request.survey_url)
    except ValidationError as error:
        raise views.invalid("survey_url", "the survey link must be an http(s) URL") from error
    async with db.unit_of_work() as uow:
        known = await uow.session.scalar(
            sa.select(contacts.c.person_id).where(contacts.c.person_id == request.person_id)
        )
        if known is None:
            raise NotFound.for_field(
                "person_id", f"no contact with id {request.person_id}", "unknown_contact"
            )
        event = await projections.event_facts(uow.session, request.event_id)
        if event is None:
            raise NotFound.for_field("event_id", f"no event with id {request.event_id}", "unknown_event")
        enqueued = await queue.enqueue(
            uow.session,
            kind=MessageKind.FEEDBACK_REQUEST,
            person_id=request.person_id,
            subject_id=str(request.event_id),
            version=0,
            facts=MessageFacts(
                event=event,
                survey_url=request.survey_url,
                survey_closes_at=request.closes_at,
            ),
            key=f"feedback_request:{request.idempotency_key}",
        )
    return SendAccepted(message_id=enqueued.message_id, duplicate=enqueued.duplicate)
