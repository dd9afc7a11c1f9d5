"""What the notifications service's queries hand out: one frozen record per kind of row.

Rows become records in the module that queries them (``queue``, ``projections``, ``reminders``);
the rest of the service reads attributes of known types.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from notifications_service.messages.kinds import MessageKind
from notifications_service.outgoing import ContactFacts


@dataclass(frozen=True)
class ClaimedContact:
    """The recipient of a claimed message as the contacts projection holds them now."""

    facts: ContactFacts
    consents_to_event_contact: bool
    opted_out: bool


@dataclass(frozen=True)
class ClaimedMessage:
    """A pending message locked by a delivery worker, with its recipient (None: not a contact)."""

    id: uuid.UUID
    kind: MessageKind
    idempotency_key: str
    person_id: uuid.UUID | None
    subject_id: str
    # What the message is rendered from, as stored: parsed (and refused if it does not parse) when
    # the message is built, so one bad message never stops a batch.
    stored_facts: object
    attempts: int
    created_at: datetime
    contact: ClaimedContact | None


@dataclass(frozen=True)
class DeliveryRecord:
    """One message of the delivery log."""

    id: uuid.UUID
    kind: str
    status: str
    person_id: uuid.UUID | None
    recipient_email: str | None
    subject_id: str
    event_id: uuid.UUID | None
    email_subject: str | None
    language: str | None
    attempts: int
    last_error: str | None
    error_code: str | None
    created_at: datetime
    next_attempt_at: datetime
    sent_at: datetime | None
    updated_at: datetime


@dataclass(frozen=True)
class EventSchedule:
    """When a projected event starts, whether it is on, and the reminder offsets chosen for it."""

    event_id: uuid.UUID
    status: str
    starts_at: datetime
    # None: the service's defaults.
    reminder_offsets_seconds: tuple[int, ...] | None


@dataclass(frozen=True)
class RegistrationRecord:
    registration_id: uuid.UUID
    event_id: uuid.UUID
    person_id: uuid.UUID
    status: str
    version: int


@dataclass(frozen=True)
class InvitationRecord:
    invitation_id: uuid.UUID
    event_id: uuid.UUID
    person_id: uuid.UUID
    declined: bool


@dataclass(frozen=True)
class Subscription:
    """A contact's choice about optional messages."""

    person_id: uuid.UUID
    opted_out_at: datetime | None


@dataclass(frozen=True)
class ReminderJob:
    id: uuid.UUID
    event_id: uuid.UUID
    offset_seconds: int
    event_starts_at: datetime
    due_at: datetime
    status: str
    done_at: datetime | None
    recipients: int | None
