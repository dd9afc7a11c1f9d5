"""The right of access across services (Art. 15 GDPR): one document with everything every service
holds about a person, and what erasure does to each part of it.

Each service answers ``<service>.person.export`` for its own data; the gateway asks all four at once
and refuses (instead of returning a partial document) when one of them does not answer."""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field

from netzwerkstatt import operations as ops
from netzwerkstatt.contracts import View
from netzwerkstatt.contracts.events import PersonEventsData
from netzwerkstatt.contracts.feedback import PersonFeedbackData
from netzwerkstatt.contracts.notifications import PersonNotificationsData
from netzwerkstatt.contracts.registry import PersonExport, PersonRef
from netzwerkstatt.db import utcnow
from netzwerkstatt.rpc import RpcClient

Outcome = Literal["deleted", "anonymised", "scrubbed", "kept_without_person", "not_linked_to_person"]


class ErasureReach(View):
    """What erasing the person does to one kind of data (codes; the documentation words them)."""

    service: str
    data: str
    on_erasure: Outcome


# What ``registry.person.erase`` (and the ``registry.evt.person.erased`` it announces) does, service by
# service. Documented in services/gateway/README.md ("Right of access and erasure"); the erasure
# test across all services checks it.
ERASURE_REACH: tuple[ErasureReach, ...] = (
    ErasureReach(service="registry", data="person", on_erasure="deleted"),
    ErasureReach(service="registry", data="memberships_consents_responsibilities", on_erasure="deleted"),
    ErasureReach(service="registry", data="interface_papers", on_erasure="anonymised"),
    ErasureReach(service="events", data="person_copy", on_erasure="deleted"),
    ErasureReach(service="events", data="invitations", on_erasure="anonymised"),
    ErasureReach(service="events", data="registrations", on_erasure="anonymised"),
    ErasureReach(service="events", data="attendance", on_erasure="kept_without_person"),
    ErasureReach(service="events", data="agenda_speakers", on_erasure="anonymised"),
    ErasureReach(service="notifications", data="contact", on_erasure="deleted"),
    ErasureReach(service="notifications", data="registrations_invitations", on_erasure="deleted"),
    ErasureReach(service="notifications", data="deliveries", on_erasure="scrubbed"),
    ErasureReach(service="feedback", data="invitee_marks_pending_links", on_erasure="deleted"),
    ErasureReach(service="feedback", data="answers", on_erasure="not_linked_to_person"),
    # Sealed answers kept for retries with an Idempotency-Key (``idempotency.forget_answers_about``).
    ErasureReach(service="gateway", data="answers_kept_for_retries", on_erasure="deleted"),
)


class PersonalDataExport(View):
    """Everything every service holds about one person, in one document."""

    person_id: uuid.UUID
    exported_at: datetime
    registry: PersonExport
    events: PersonEventsData
    notifications: PersonNotificationsData
    feedback: PersonFeedbackData
    erasure: list[ErasureReach] = Field(description="What erasing the person does to each part")


async def export_personal_data(client: RpcClient, person_id: uuid.UUID) -> PersonalDataExport:
    """Ask every service at once; an unknown person is refused by the registry, a silent service
    makes the whole export fail (``Unavailable``) rather than look complete."""
    body = PersonRef(person_id=person_id)
    # The registry first: it knows whether the person exists (the others answer for anyone).
    registry = await client.send(ops.registry.PERSON_EXPORT, body)
    events, notifications, feedback = await asyncio.gather(
        client.send(ops.events.PERSON_EXPORT, body),
        client.send(ops.notifications.PERSON_EXPORT, body),
        client.send(ops.feedback.PERSON_EXPORT, body),
    )
    return PersonalDataExport(
        person_id=person_id,
        exported_at=utcnow(),
        registry=registry,
        events=events,
        notifications=notifications,
        feedback=feedback,
        erasure=list(ERASURE_REACH),
    )
