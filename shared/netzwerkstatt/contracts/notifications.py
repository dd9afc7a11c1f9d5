"""Contract of the notifications service: what it is asked to send, and the facts it announces."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Literal

from pydantic import Field, StrictBool

from netzwerkstatt.contracts import Page, PageRequest, Request, View
from netzwerkstatt.envelope import DomainEvent

SERVICE = "notifications"


class SendFeedbackRequest(Request):
    """Asked by the feedback service (request-reply, never an event): e-mail one attendee the
    personal survey link. The link is a one-time capability; notifications keeps it only until the
    e-mail is delivered."""

    person_id: uuid.UUID
    event_id: uuid.UUID
    event_title: str = Field(max_length=300)
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
    problem: str | None = Field(
        default=None,
        description="Why, as a code (see DeliveryView.error_code): unknown_contact, cannot_be_built, "
        "recipient_refused, mail_server_refused or mail_server_unreachable",
    )
    reason: str = Field(description="The detail for operators, such as the mail server's answer")
    permanent: bool


# -- templates --------------------------------------------------------------------------------------

MessageKindName = Literal[
    "invitation",
    "registration_confirmed",
    "waitlisted",
    "promoted",
    "registration_cancelled",
    "event_changed",
    "waitlist_changed",
    "event_cancelled",
    "reminder",
    "feedback_request",
    "agreement_due",
    "save_the_date",
]
LanguageCode = Literal["de", "en"]


class ListTemplates(PageRequest):
    kind: MessageKindName | None = Field(default=None, examples=["invitation"])
    language: LanguageCode | None = Field(default=None, examples=["de"])


class TemplateKey(Request):
    kind: MessageKindName = Field(examples=["invitation"])
    language: LanguageCode = Field(examples=["de"])


class TemplateView(View):
    kind: str
    language: str
    essential: bool = Field(description="Sent even to people who unsubscribed")
    calendar_method: str | None = Field(description="REQUEST or CANCEL when an .ics is attached")
    placeholders: list[str]
    customised: bool
    subject: str
    text: str
    html: str


class PreviewTemplate(TemplateKey):
    """Render with sample data; parts given here replace the stored ones (checked, never saved)."""

    subject: str | None = Field(max_length=300, default=None, examples=["Einladung: {{ event_title }}"])
    text: str | None = Field(default=None, max_length=20000)
    html: str | None = Field(default=None, max_length=40000)


class SaveTemplate(TemplateKey):
    subject: str = Field(min_length=1, max_length=300, examples=["Einladung: {{ event_title }}"])
    text: str = Field(min_length=1, max_length=20000)
    html: str = Field(min_length=1, max_length=40000)


class PreviewView(View):
    kind: str
    language: str
    subject: str
    text: str
    html: str


# -- delivery log -----------------------------------------------------------------------------------

DeliveryStatus = Literal["pending", "sent", "failed", "suppressed", "cancelled"]


class ListDeliveries(PageRequest):
    status: DeliveryStatus | None = Field(default=None, examples=["failed"])
    kind: MessageKindName | None = None
    person_id: uuid.UUID | None = None
    event_id: uuid.UUID | None = None
    recipient_email: str | None = Field(default=None, max_length=320)


class DeliveryView(View):
    message_id: uuid.UUID
    kind: str
    status: str
    person_id: uuid.UUID | None
    recipient_email: str | None
    subject_id: str
    event_id: uuid.UUID | None
    email_subject: str | None
    language: str | None
    attempts: int
    last_error: str | None = Field(description="The detail for operators, such as the mail server's answer")
    error_code: str | None = Field(
        default=None,
        description="Why it waits, failed or was not sent: waiting_for_contact, unknown_contact, "
        "waiting_for_link, cannot_be_built, recipient_refused, mail_server_refused, "
        "mail_server_unreachable, opted_out, no_consent or recipient_erased",
    )
    created_at: datetime
    next_attempt_at: datetime
    sent_at: datetime | None
    updated_at: datetime


DeliveryPage = Page[DeliveryView]


# -- reminders --------------------------------------------------------------------------------------


class EventReminders(Request):
    event_id: uuid.UUID


class ConfigureReminders(EventReminders):
    """Offsets before the event's start, as ISO 8601 durations (``P7D``, ``PT2H``) or seconds."""

    offsets: list[timedelta] = Field(max_length=10, examples=[["P7D", "P1D"]])


class ReminderJobView(View):
    offset: timedelta
    event_starts_at: datetime
    due_at: datetime
    status: str = Field(description="planned, done, dropped or missed")
    recipients: int | None


class ReminderScheduleView(View):
    event_id: uuid.UUID
    offsets: list[timedelta]
    customised: bool
    jobs: list[ReminderJobView]


# -- opt-out ----------------------------------------------------------------------------------------


class ChangeSubscription(Request):
    """From the public unsubscribe page: the token of the link in the e-mail."""

    token: str = Field(min_length=16, max_length=200)
    subscribed: StrictBool = Field(
        default=False,
        description="false unsubscribes, true subscribes again; a boolean only (no text such as "
        '"yes" or "maybe")',
    )


class SubscriptionRef(Request):
    """The token of the unsubscribe link in an e-mail, to show the page of a link that exists."""

    token: str = Field(min_length=16, max_length=200)


class SubscriptionView(View):
    subscribed: bool = Field(description="Receives optional messages (reminders, save-the-dates, surveys)")


# -- local mail sink --------------------------------------------------------------------------------


class ListMail(PageRequest):
    pass


class MailSummary(View):
    id: str
    received_at: datetime
    sender: str
    to: list[str]
    subject: str


MailPage = Page[MailSummary]


# The shape of the ids the local mail sink hands out: its receiving time and a random suffix.
MAIL_ID_PATTERN = r"^\d{8}T\d{12}-[0-9a-f]{12}$"


class GetMail(Request):
    id: str = Field(max_length=200, pattern=MAIL_ID_PATTERN, description="An id as the mail list gives it")


class MailAttachment(View):
    filename: str | None
    content_type: str
    size: int


class CalendarEntry(View):
    """One appointment of a mail's calendar part, as a calendar program would show it."""

    method: str | None = Field(description="request (add or update the entry) or cancel (remove it)")
    status: str | None = Field(description="confirmed, tentative or cancelled, as the entry says")
    title: str
    starts_at: datetime | None
    ends_at: datetime | None
    location: str | None


class MailView(MailSummary):
    text: str | None
    html: str | None
    calendar: str | None = Field(description="The iCalendar part, if any")
    calendar_entries: list[CalendarEntry] = Field(
        default=[], description="The calendar part's appointments, read for people (empty without one)"
    )
    attachments: list[MailAttachment]
    links_hidden: bool = Field(
        default=False,
        description="The participants' personal links are shown without their token: only an "
        "admin reads them whole (each one acts for the person it was sent to)",
    )


# -- right of access (Art. 15 GDPR) -----------------------------------------------------------------


class ContactHeld(View):
    """The copy of the registry's person data notifications keeps to write to the person."""

    given_name: str
    family_name: str
    form_of_address: str
    title: str | None
    email: str | None
    language: str
    consents_to_event_contact: bool
    opted_out_at: datetime | None


class MessageHeld(View):
    """One e-mail to the person in the delivery log (its links are never part of the log)."""

    message_id: uuid.UUID
    kind: str
    status: str
    event_id: uuid.UUID | None
    recipient_email: str | None
    email_subject: str | None
    created_at: datetime
    sent_at: datetime | None


class PersonNotificationsData(View):
    """Everything the notifications service holds about one person (right of access)."""

    person_id: uuid.UUID
    contact: ContactHeld | None = Field(description="None once erased or never projected")
    messages: list[MessageHeld]
    registrations_known: int = Field(description="Registrations kept to write reminders and changes")
    invitations_known: int = Field(description="Invitations kept to write cancellations")
