"""Contract of the notifications service: what it is asked to send, and the facts it announces."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import Field

from netzwerkstatt.contracts import Request, View
from netzwerkstatt.envelope import DomainEvent

SERVICE = "notifications"


class SendFeedbackRequest(Request):
    """Asked by the feedback service (request-reply, never an event): e-mail one attendee the
    personal survey link. The link is a one-time capability; notifications keeps it only until the
    e-mail is delivered."""

    person_id: uuid.UUID
    event_id: uuid.UUID
    event_title: str
    survey_url: str = Field(max_length=2000)
    closes_at: datetime
    idempotency_key: str = Field(min_length=8, max_length=200, description="Same key, same e-mail, once")


class SendAccepted(View):
    message_id: uuid.UUID
    duplicate: bool = Field(description="The same request had been accepted before")


class DeliveryFacts(View):
    message_id: uuid.UUID
    kind: str
    person_id: uuid.UUID | None
    subject_id: str = Field(description="Id of what the message is about (event, registration, ...)")
    attempts: int


class DeliverySent(DomainEvent, service=SERVICE, name="delivery.sent"):
    delivery: DeliveryFacts
    sent_at: datetime


class DeliveryFailed(DomainEvent, service=SERVICE, name="delivery.failed"):
    """A message could not be delivered for good (permanent SMTP error, no or invalid address)."""

    delivery: DeliveryFacts
    reason: str
    permanent: bool
