"""Fictional people and events for the notifications integration tests, and the means to play the
registry's and the events service's part: their facts published to JetStream as their relays do."""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import Awaitable, Callable, Iterator
from contextlib import AbstractAsyncContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from email.message import EmailMessage
from typing import Any
from zoneinfo import ZoneInfo

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Session
from aiosmtpd.smtp import Envelope as SmtpEnvelope
from nats.js import JetStreamContext

from netzwerkstatt.contracts.events import EventDay, EventFacts, PublicOrganiser, RegistrationFacts, Venue
from netzwerkstatt.contracts.registry import PersonFacts
from netzwerkstatt.db import utcnow
from netzwerkstatt.envelope import DomainEvent, Envelope
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.stack.processes import free_port
from notifications_service import queue
from notifications_service.mailsink import MailSink
from notifications_service.messages.kinds import MessageKind
from notifications_service.outgoing import MessageFacts

BERLIN = ZoneInfo("Europe/Berlin")

# Fixture types (see conftest.py): one more replica of the service; a request to one of its subjects.
StartNotifications = Callable[..., AbstractAsyncContextManager[ServiceRuntime]]
Call = Callable[..., Awaitable[Any]]
PUBLIC_URL = "https://netzwerkstatt.example.org"
# The organiser of the test events, as the stand-in of the events service gives it for the e-mails.
ORGANISER_NAME = "Koordinierungsstelle IQ Netzwerk Sachsen"
ORGANISER_EMAIL = "iq-sachsen@example.org"


@dataclass
class SlowServer:
    """A mail server that stores each message, then answers after ``answer_after`` seconds."""

    answer_after: float
    stored: list[bytes] = field(default_factory=list)
    data_received: threading.Event = field(default_factory=threading.Event)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: SmtpEnvelope) -> str:
        content = envelope.content or b""
        self.stored.append(content.encode() if isinstance(content, str) else content)
        self.data_received.set()
        await asyncio.sleep(self.answer_after)
        return "250 OK"


@contextmanager
def serving(handler: SlowServer) -> Iterator[int]:
    """The slow server on a free loopback port."""
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


async def publish(js: JetStreamContext, payload: DomainEvent, *, subject: str | uuid.UUID) -> Envelope[Any]:
    """Publish a fact the way the producer's outbox relay does (Nats-Msg-Id = envelope id)."""
    envelope = Envelope.wrap(payload, subject=str(subject))
    await republish(js, envelope)
    return envelope


async def republish(js: JetStreamContext, envelope: Envelope[Any], *, msg_id: str | None = None) -> None:
    await js.publish(
        envelope.nats_subject,
        envelope.model_dump_json().encode(),
        headers={"Nats-Msg-Id": msg_id or str(envelope.id)},
    )


def person(
    *,
    language: str = "de",
    email: str | None = "auto",
    form_of_address: str = "ms",
    given_name: str = "Kim",
    family_name: str = "Beispiel",
    version: int = 1,
    consents: bool = True,
) -> PersonFacts:
    person_id = uuid.uuid4()
    address = f"{unique('kontakt')}@example.org" if email == "auto" else email
    return PersonFacts(
        person_id=person_id,
        given_name=given_name,
        family_name=family_name,
        form_of_address=form_of_address,
        email=address,
        language=language,
        consents_to_event_contact=consents,
        version=version,
    )


def event(
    *,
    starts_at: datetime | None = None,
    duration: timedelta = timedelta(hours=6),
    version: int = 1,
    status: str = "published",
    title: str | None = None,
    event_id: uuid.UUID | None = None,
) -> EventFacts:
    start = (starts_at or datetime.now(BERLIN) + timedelta(days=30)).astimezone(BERLIN).replace(microsecond=0)
    end = min(start + duration, datetime.combine(start.date(), time(23, 59, 59), tzinfo=BERLIN))
    return EventFacts(
        event_id=event_id or uuid.uuid4(),
        series_id=uuid.uuid4(),
        series_title="Regionalworkshop",
        edition=3,
        format="regional_workshop",
        title=title or unique("Regionalworkshop Leipzig"),
        days=[EventDay(date=start.date(), start=start.time(), end=end.time())],
        venue=Venue(name="Volkshochschule Leipzig", address="Löhrstraße 3–7, 04105 Leipzig", room="Saal 1"),
        organiser=PublicOrganiser(name=ORGANISER_NAME),
        status=status,
        capacity=25,
        version=version,
    )


def moved(facts: EventFacts, *, to: datetime, version: int) -> EventFacts:
    start = to.astimezone(BERLIN).replace(microsecond=0)
    # Within the day, whatever the time the test runs at (a late start still ends after it begins).
    start = min(start, start.replace(hour=23, minute=0, second=0))
    end = min(start + timedelta(hours=6), start.replace(hour=23, minute=59, second=59))
    day = EventDay(date=start.date(), start=start.time(), end=end.time())
    return facts.model_copy(update={"days": [day], "version": version})


def registration(
    facts: EventFacts,
    person_id: uuid.UUID,
    *,
    status: str = "confirmed",
    version: int = 1,
    position: int | None = None,
) -> RegistrationFacts:
    return RegistrationFacts(
        registration_id=uuid.uuid4(),
        event=facts,
        person_id=person_id,
        status=status,
        waitlist_position=position,
        version=version,
    )


@dataclass
class LinkIssuer:
    """Stands in for the events service's ``link.issue``: answers while ``available``, with the
    predictable ``link_token`` of each target, and counts the requests."""

    available: bool = True
    requests: int = 0
    organiser_email: str | None = ORGANISER_EMAIL


def link_token(kind: str, target_id: uuid.UUID) -> str:
    """The token the stand-in of the events service (``link_issuer``) issues for an invitation's or
    registration's link: predictable, so that a test can expect the link in the e-mail."""
    return f"{kind}-{target_id.hex}"


def mails_to(sink: MailSink, address: str) -> list[EmailMessage]:
    """Every mail the sink received for an address, oldest first."""
    return [sink.message(item.id) for item in sink.messages() if address in item.to]


def text_of(mail: EmailMessage) -> str:
    for part in mail.walk():
        if part.get_content_type() == "text/plain" and not part.is_attachment():
            content: str = part.get_content()
            return content
    raise AssertionError("the mail has no plain-text part")


def calendar_of(mail: EmailMessage) -> str | None:
    for part in mail.walk():
        if part.get_content_type() == "text/calendar" and not part.is_attachment():
            content: str = part.get_content()
            return content
    return None


def today() -> date:
    return datetime.now(BERLIN).date()


async def message_not_due(service: ServiceRuntime, person_id: uuid.UUID) -> uuid.UUID:
    """A message to the person queued for tomorrow, so that no delivery worker of the service claims
    it: the test plays the worker. Returns its id."""
    messages = service.database.table("messages")
    async with service.database.unit_of_work() as uow:
        queued = await queue.enqueue(
            uow.session,
            kind=MessageKind.AGREEMENT_DUE,
            person_id=person_id,
            subject_id=str(uuid.uuid4()),
            version=1,
            facts=MessageFacts(agreement_text="Fachkräfteforum vorbereiten", due_date=date.today()),
        )
        later = messages.update().where(messages.c.id == queued.message_id)
        await uow.session.execute(later.values(next_attempt_at=utcnow() + timedelta(days=1)))
    return queued.message_id
