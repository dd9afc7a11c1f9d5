"""Contract of the events service: the facts it announces (series, events, invitations,
registrations, attendance, agreements). Requests and views are added with their operations."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time

from pydantic import Field

from netzwerkstatt.contracts import View
from netzwerkstatt.envelope import DomainEvent

SERVICE = "events"
TIMEZONE = "Europe/Berlin"


class EventDay(View):
    """One day of an event in local (Europe/Berlin) wall-clock time."""

    date: date
    start: time
    end: time


class Venue(View):
    name: str
    address: str | None = None
    room: str | None = None


class Organiser(View):
    """Who invites: shown in e-mails and as the calendar entry's organizer."""

    name: str
    email: str | None = None


class EventFacts(View):
    """What notifications and feedback need to tell people about an event."""

    event_id: uuid.UUID
    series_id: uuid.UUID | None = None
    series_title: str | None = None
    edition: int | None = None
    format: str
    title: str
    motto: str | None = None
    days: list[EventDay]
    timezone: str = TIMEZONE
    venue: Venue | None = None
    organiser: Organiser
    status: str
    capacity: int | None = None
    registration_deadline: datetime | None = None
    version: int = Field(description="Rises with every change; calendar SEQUENCE follows it")


class EventPublished(DomainEvent, service=SERVICE, name="event.published"):
    event: EventFacts


class EventUpdated(DomainEvent, service=SERVICE, name="event.updated"):
    event: EventFacts
    changed_fields: list[str]
    schedule_changed: bool = Field(description="Dates, times or venue changed: participants are told")


class EventCancelled(DomainEvent, service=SERVICE, name="event.cancelled"):
    event: EventFacts
    reason: str | None = None


class EventCompleted(DomainEvent, service=SERVICE, name="event.completed"):
    event: EventFacts
    attendee_person_ids: list[uuid.UUID] = Field(description="Checked in on at least one day")


class NextEditionPlanned(DomainEvent, service=SERVICE, name="event.next_edition_planned"):
    """Save-the-date: the next edition of a series is planned."""

    event: EventFacts
    previous_event_id: uuid.UUID
    audience_person_ids: list[uuid.UUID]


class InvitationIssued(DomainEvent, service=SERVICE, name="invitation.issued"):
    invitation_id: uuid.UUID
    event: EventFacts
    person_id: uuid.UUID
    token: str = Field(description="Capability for the public accept/decline page")


class InvitationWithdrawn(DomainEvent, service=SERVICE, name="invitation.withdrawn"):
    invitation_id: uuid.UUID
    event_id: uuid.UUID
    person_id: uuid.UUID
    reason: str


class RegistrationFacts(View):
    registration_id: uuid.UUID
    event: EventFacts
    person_id: uuid.UUID
    status: str = Field(description="confirmed, waitlisted, cancelled or declined")
    waitlist_position: int | None = None
    token: str = Field(description="Capability for the public cancel page and calendar download")
    version: int


class RegistrationConfirmed(DomainEvent, service=SERVICE, name="registration.confirmed"):
    registration: RegistrationFacts


class RegistrationWaitlisted(DomainEvent, service=SERVICE, name="registration.waitlisted"):
    registration: RegistrationFacts


class RegistrationPromoted(DomainEvent, service=SERVICE, name="registration.promoted"):
    """A waitlisted registration got a place (a cancellation freed one, or capacity rose)."""

    registration: RegistrationFacts


class RegistrationCancelled(DomainEvent, service=SERVICE, name="registration.cancelled"):
    registration: RegistrationFacts


class InvitationDeclined(DomainEvent, service=SERVICE, name="invitation.declined"):
    invitation_id: uuid.UUID
    event_id: uuid.UUID
    person_id: uuid.UUID


class AttendanceRecorded(DomainEvent, service=SERVICE, name="attendance.recorded"):
    event_id: uuid.UUID
    person_id: uuid.UUID
    day: date
    present: bool


class AgreementFacts(View):
    agreement_id: uuid.UUID
    event_id: uuid.UUID | None
    text: str
    owner_organisation_id: uuid.UUID | None
    owner_person_id: uuid.UUID | None
    due_date: date | None
    status: str = Field(description="open, in_progress, done or dropped")
    version: int


class AgreementCreated(DomainEvent, service=SERVICE, name="agreement.created"):
    agreement: AgreementFacts


class AgreementChanged(DomainEvent, service=SERVICE, name="agreement.changed"):
    agreement: AgreementFacts


class AgreementDue(DomainEvent, service=SERVICE, name="agreement.due"):
    """An open agreement reached its due date (its owner is reminded)."""

    agreement: AgreementFacts
