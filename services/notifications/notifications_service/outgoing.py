"""From stored facts to a finished e-mail: what a queued message knows, its links, its context.

A queued message keeps only the facts it is about (``MessageFacts``); the recipient's name, address,
language and opt-out come from the contacts projection when the message is sent, so a corrected
address or a changed language still applies to messages waiting in the queue.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, ValidationError

from netzwerkstatt.contracts.events import EventFacts, LinkTarget
from notifications_service.messages.calendar import (
    Attendee,
    CalendarFile,
    ParticipationStatus,
    build_calendar,
)
from notifications_service.messages.compose import ComposedEmail, compose_email, validate_address
from notifications_service.messages.context import (
    CONTEXT_TYPES,
    EventDay,
    EventDetails,
    MessageContext,
    Office,
    Recipient,
)
from notifications_service.messages.errors import MessageError
from notifications_service.messages.formatting import FormOfAddress, join_words
from notifications_service.messages.kinds import Language, MessageKind, calendar_method
from notifications_service.messages.templates import TemplateSet, render


class MessageFacts(BaseModel):
    """What one queued message is about. Which fields a kind needs is checked when it is rendered."""

    model_config = ConfigDict(frozen=True)

    event: EventFacts | None = None
    # The invitation or registration whose public page the e-mail links to. Its capability token is
    # asked of the events service when the e-mail is sent, and exists in the e-mail only.
    link: LinkTarget | None = None
    waitlist_position: int | None = None
    changed_fields: list[str] = []
    survey_url: str | None = None
    survey_closes_at: datetime | None = None
    series_title: str | None = None
    agreement_text: str | None = None
    due_date: date | None = None


def invitation_link(invitation_id: uuid.UUID) -> LinkTarget:
    return LinkTarget(kind="invitation", id=invitation_id)


def registration_link(registration_id: uuid.UUID) -> LinkTarget:
    return LinkTarget(kind="registration", id=registration_id)


# The kinds whose e-mail carries a participant's link, and to what.
_LINKED_KINDS: dict[MessageKind, str] = {
    MessageKind.INVITATION: "invitation",
    MessageKind.REGISTRATION_CONFIRMED: "registration",
    MessageKind.PROMOTED: "registration",
    MessageKind.EVENT_CHANGED: "registration",
    MessageKind.WAITLIST_CHANGED: "registration",
    MessageKind.REMINDER: "registration",
    MessageKind.WAITLISTED: "registration",
}


def link_needed(kind: MessageKind, facts: MessageFacts) -> LinkTarget | None:
    """The link whose token the e-mail needs (None: it carries none, or the facts lack it, which
    rendering reports)."""
    wanted = _LINKED_KINDS.get(kind)
    if wanted is None or facts.link is None or facts.link.kind != wanted:
        return None
    return facts.link


@dataclass(frozen=True)
class ContactFacts:
    """A contact as the projection holds it."""

    person_id: str
    given_name: str
    family_name: str
    form_of_address: str
    title: str | None
    email: str | None
    language: str
    unsubscribe_token: str


@dataclass(frozen=True)
class Links:
    """The gateway's public pages (``/p/...``) below the configured public address. Plain text: the
    message's context validates each as a URL once."""

    base_url: str

    def _page(self, *parts: str) -> str:
        return "/".join([self.base_url.rstrip("/"), "p", *(quote(part, safe="") for part in parts)])

    def invitation(self, token: str, answer: str) -> str:
        return f"{self._page('invitation', token)}?answer={quote(answer, safe='')}"

    def invitation_calendar(self, token: str) -> str:
        return self._page("invitation", token, "calendar.ics")

    def registration(self, token: str) -> str:
        return self._page("registration", token)

    def registration_calendar(self, token: str) -> str:
        return self._page("registration", token, "calendar.ics")

    def unsubscribe(self, token: str) -> str:
        return self._page("unsubscribe", token)


@dataclass(frozen=True)
class OutgoingEmail:
    email: ComposedEmail
    address: str
    subject: str
    language: Language


_VENUE_TO_BE_ANNOUNCED = {
    Language.GERMAN: "Ort wird noch bekannt gegeben",
    Language.ENGLISH: "venue to follow",
}

# How a changed field of an event is named in a change notice.
_FIELD_WORDS: dict[str, tuple[str, str]] = {
    "days": ("Datum und Uhrzeit", "date and time"),
    "dates": ("Datum und Uhrzeit", "date and time"),
    "venue": ("Veranstaltungsort", "venue"),
    "title": ("Titel", "title"),
    "format": ("Format", "format"),
    "motto": ("Motto", "motto"),
    "organiser": ("Veranstalter*in", "organiser"),
    "timezone": ("Zeitzone", "time zone"),
}


def event_details(facts: EventFacts, language: Language) -> EventDetails:
    """The event as messages and calendar files show it, in local time of its zone."""
    try:
        zone = ZoneInfo(facts.timezone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise MessageError(f"unknown time zone {facts.timezone!r}", field="event.timezone") from error
    days = [
        EventDay(
            starts_at=datetime.combine(day.date, day.start, tzinfo=zone),
            ends_at=datetime.combine(day.date, day.end, tzinfo=zone),
        )
        for day in sorted(facts.days, key=lambda day: (day.date, day.start))
    ]
    venue = facts.venue
    address = ", ".join(part for part in (venue.room, venue.address) if part) if venue else ""
    return EventDetails(
        event_id=str(facts.event_id),
        title=facts.title,
        days=days,
        venue=venue.name if venue else _VENUE_TO_BE_ANNOUNCED[language],
        address=address,
        description=facts.motto or "",
        version=facts.version,
    )


def change_summary(changed_fields: list[str], language: Language) -> str:
    index = 0 if language is Language.GERMAN else 1
    words = [_FIELD_WORDS[name][index] for name in changed_fields if name in _FIELD_WORDS]
    if not words:
        words = ["Datum, Uhrzeit oder Ort" if index == 0 else "date, time or venue"]
    unique = list(dict.fromkeys(words))
    if language is Language.GERMAN:
        return f"Geändert hat sich: {join_words(unique, language)}."
    return f"What changed: {join_words(unique, language)}."


def cancellation_reason(event: EventFacts, language: Language) -> str:
    reason = (event.cancel_reason or "").strip()
    if not reason:
        return ""
    return f"Grund der Absage: {reason}" if language is Language.GERMAN else f"Reason: {reason}"


def recipient_of(contact: ContactFacts) -> Recipient:
    try:
        form_of_address = FormOfAddress(contact.form_of_address)
    except ValueError:
        form_of_address = FormOfAddress.NEUTRAL
    language = Language.ENGLISH if contact.language == Language.ENGLISH.value else Language.GERMAN
    return Recipient(
        contact_id=contact.person_id,
        first_name=contact.given_name,
        last_name=contact.family_name,
        form_of_address=form_of_address,
        academic_title=contact.title,
        language=language,
        email=contact.email,
    )


def office_of(facts: MessageFacts, default: Office, organiser_email: str | None = None) -> Office:
    """An event's organiser signs its messages, with the address the events service gives for the
    e-mail (not on the facts: they travel on streams); other messages come from the configured office,
    and so do an event's whose organiser has no address."""
    if facts.event is None:
        return default
    return Office(name=facts.event.organiser.name, email=organiser_email or default.email)


def _need(value: Any, field: str, kind: MessageKind) -> Any:
    if value is None:
        raise MessageError(f"a {kind.value} message needs {field}", field=field)
    return value


def build_context(
    kind: MessageKind,
    facts: MessageFacts,
    contact: ContactFacts,
    office: Office,
    links: Links,
    token: str | None = None,
) -> MessageContext:
    recipient = recipient_of(contact)
    language = recipient.language
    values: dict[str, object] = {"recipient": recipient, "office": office}
    if kind is not MessageKind.AGREEMENT_DUE:
        values["event"] = event_details(_need(facts.event, "event", kind), language)
    if kind is MessageKind.INVITATION:
        token = _need(token, "link", kind)
        values |= {
            "accept_link": links.invitation(token, "accept"),
            "decline_link": links.invitation(token, "decline"),
            "calendar_link": links.invitation_calendar(token),
        }
    elif kind in {
        MessageKind.REGISTRATION_CONFIRMED,
        MessageKind.PROMOTED,
        MessageKind.EVENT_CHANGED,
        MessageKind.WAITLIST_CHANGED,
        MessageKind.REMINDER,
        MessageKind.WAITLISTED,
    }:
        token = _need(token, "link", kind)
        values |= {
            "cancel_link": links.registration(token),
            "calendar_link": links.registration_calendar(token),
        }
    if kind is MessageKind.WAITLISTED:
        values["waitlist_position"] = _need(facts.waitlist_position, "waitlist_position", kind)
    if kind in (MessageKind.EVENT_CHANGED, MessageKind.WAITLIST_CHANGED):
        values["change_summary"] = change_summary(facts.changed_fields, language)
    if kind is MessageKind.EVENT_CANCELLED:
        values["cancellation_reason"] = cancellation_reason(_need(facts.event, "event", kind), language)
    if kind is MessageKind.FEEDBACK_REQUEST:
        values["survey_link"] = _need(facts.survey_url, "survey_url", kind)
        closes_at = _need(facts.survey_closes_at, "survey_closes_at", kind)
        values["survey_closes_on"] = closes_at.astimezone(ZoneInfo("Europe/Berlin")).date()
    if kind is MessageKind.SAVE_THE_DATE:
        event = _need(facts.event, "event", kind)
        values["series_title"] = facts.series_title or event.series_title or event.title
    if kind is MessageKind.AGREEMENT_DUE:
        values["agreement_text"] = _need(facts.agreement_text, "agreement_text", kind)
        values["due_date"] = _need(facts.due_date, "due_date", kind)
    values["unsubscribe_link"] = links.unsubscribe(contact.unsubscribe_token)
    context_type = CONTEXT_TYPES[kind]
    allowed = set(context_type.model_fields)
    try:
        return context_type.model_validate({key: value for key, value in values.items() if key in allowed})
    except ValidationError as error:
        problem = error.errors(include_url=False)[0]
        field = ".".join(str(part) for part in problem["loc"]) or "facts"
        raise MessageError(f"{field}: {problem['msg']}", field=field) from error


_PARTICIPATION: dict[MessageKind, ParticipationStatus] = {
    MessageKind.REGISTRATION_CONFIRMED: ParticipationStatus.ACCEPTED,
    MessageKind.PROMOTED: ParticipationStatus.ACCEPTED,
    MessageKind.EVENT_CHANGED: ParticipationStatus.ACCEPTED,
    MessageKind.REGISTRATION_CANCELLED: ParticipationStatus.DECLINED,
}


def calendar_for(kind: MessageKind, context: MessageContext, attendee_email: str) -> CalendarFile | None:
    method = calendar_method(kind)
    event = getattr(context, "event", None)
    if method is None or not isinstance(event, EventDetails):
        return None
    recipient = context.recipient
    attendee = Attendee(
        name=f"{recipient.first_name} {recipient.last_name}",
        email=attendee_email,
        participation=_PARTICIPATION.get(kind, ParticipationStatus.NEEDS_ACTION),
    )
    return build_calendar(
        event, method=method, organizer=context.office, attendee=attendee, language=recipient.language
    )


def build_email(
    kind: MessageKind,
    facts: MessageFacts,
    contact: ContactFacts,
    *,
    default_office: Office,
    links: Links,
    idempotency_key: str,
    templates: TemplateSet | None = None,
    token: str | None = None,
    organiser_email: str | None = None,
) -> OutgoingEmail:
    """Render and compose one message (``token``: of the link the kind needs, see ``link_needed``;
    ``organiser_email``: the address of the event's organiser); raises ``MessageError`` naming what is
    wrong."""
    office = office_of(facts, default_office, organiser_email)
    context = build_context(kind, facts, contact, office, links, token)
    rendered = render(kind, context, templates=templates)
    recipient = context.recipient
    address = validate_address(
        recipient.email, field="recipient.email", owner=f"contact '{recipient.contact_id}'"
    )
    calendar = calendar_for(kind, context, address)
    # The office signs the message and takes the answers; the mail comes from the system's address.
    email = compose_email(
        rendered,
        recipient=recipient,
        sender=Office(name=office.name, email=default_office.email),
        reply_to=office.email,
        idempotency_key=idempotency_key,
        calendar=calendar,
    )
    return OutgoingEmail(email=email, address=address, subject=rendered.subject, language=rendered.language)
