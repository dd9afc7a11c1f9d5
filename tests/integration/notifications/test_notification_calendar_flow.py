"""Calendar programs keep one entry per event: the same UID through invitation, change and
cancellation, a SEQUENCE that rises with every change, REQUEST and then CANCEL."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable
from datetime import datetime, timedelta
from email.message import EmailMessage

from icalendar import Calendar
from nats.js import JetStreamContext
from notification_flows import (
    BERLIN,
    calendar_of,
    event,
    mails_to,
    moved,
    person,
    publish,
    registration,
    text_of,
)

from netzwerkstatt.contracts.events import (
    EventCancelled,
    EventPublished,
    EventUpdated,
    InvitationIssued,
    RegistrationConfirmed,
)
from netzwerkstatt.contracts.registry import PersonCreated
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.testing.services import eventually
from notifications_service import projections
from notifications_service.mailsink import MailSink

# A mail passes two consumers, the delivery loop and a link request: on two cores shared by three test
# workers that can take longer than the usual ten seconds of waiting.
MAIL_SECONDS = 30.0


async def test_invitation_change_and_cancellation_carry_one_uid_with_rising_sequence(
    service: ServiceRuntime, producer: JetStreamContext, mail_sink: MailSink
) -> None:
    someone = person(given_name="Ayşe", family_name="Demir")
    address = someone.email
    assert address is not None
    await publish(producer, PersonCreated(person=someone), subject=someone.person_id)
    workshop = event(version=1)

    async def mails(count: int) -> list[Calendar]:
        async def arrived() -> list[str]:
            found = [calendar_of(mail) for mail in mails_to(mail_sink, address)]
            return [text for text in found if text] if len(found) >= count else []

        return [Calendar.from_ical(text) for text in await eventually(arrived, timeout=MAIL_SECONDS)]

    await publish(
        producer,
        InvitationIssued(invitation_id=uuid.uuid4(), event=workshop, person_id=someone.person_id),
        subject=workshop.event_id,
    )
    await mails(1)
    booked = registration(workshop, someone.person_id)
    await publish(producer, RegistrationConfirmed(registration=booked), subject=booked.registration_id)
    await mails(2)
    later = moved(workshop, to=datetime.now(BERLIN) + timedelta(days=40), version=2)
    await publish(
        producer,
        EventUpdated(event=later, changed_fields=["days"], schedule_changed=True),
        subject=later.event_id,
    )
    await mails(3)
    await publish(
        producer,
        EventCancelled(
            event=later.model_copy(update={"status": "cancelled", "version": 3}), reason="Krankheit"
        ),
        subject=later.event_id,
    )
    calendars = await mails(4)
    assert "Grund der Absage: Krankheit" in text_of(mails_to(mail_sink, address)[-1])

    entries = [next(iter(calendar.walk("VEVENT"))) for calendar in calendars]
    assert [str(calendar["METHOD"]) for calendar in calendars] == ["REQUEST", "REQUEST", "REQUEST", "CANCEL"]
    assert {str(entry["UID"]) for entry in entries} == {f"{workshop.event_id}-day1@netzwerkstatt"}
    assert [int(str(entry["SEQUENCE"])) for entry in entries] == [1, 1, 2, 3]
    assert [str(entry["STATUS"]) for entry in entries] == ["CONFIRMED", "CONFIRMED", "CONFIRMED", "CANCELLED"]
    assert [str(entry["ATTENDEE"].params["PARTSTAT"]) for entry in entries[:3]] == [
        "NEEDS-ACTION",
        "ACCEPTED",
        "ACCEPTED",
    ]
    assert all(str(entry["ATTENDEE"]) == f"mailto:{address}" for entry in entries)
    assert all(str(entry["ORGANIZER"]) == "mailto:iq-sachsen@example.org" for entry in entries)
    moved_start = entries[2].decoded("DTSTART")
    assert moved_start.date() == later.days[0].date
    assert str(entries[2]["DTSTART"].params["TZID"]) == "Europe/Berlin"
    assert list(entries[0].walk("VALARM")), "invitations carry an alarm"
    assert not list(entries[3].walk("VALARM"))


async def held_event_version(service: ServiceRuntime, event_id: uuid.UUID) -> int | None:
    async with service.database.read() as session:
        facts = await projections.event_facts(session, event_id)
    return facts.version if facts is not None else None


async def test_a_registration_overtaken_by_a_move_is_confirmed_with_the_new_date(
    service: ServiceRuntime, producer: JetStreamContext, mail_sink: MailSink
) -> None:
    """Changes and registrations arrive on different consumers: a move handled before the
    registration it did not yet know of cannot tell that person, so the confirmation does."""
    someone = person(given_name="Lea", family_name="Brandt")
    assert someone.email is not None
    await publish(producer, PersonCreated(person=someone), subject=someone.person_id)
    workshop = event(version=1)
    await publish(producer, EventPublished(event=workshop), subject=workshop.event_id)
    later = moved(workshop, to=datetime.now(BERLIN) + timedelta(days=50), version=2)
    await publish(
        producer,
        EventUpdated(event=later, changed_fields=["days"], schedule_changed=True),
        subject=later.event_id,
    )
    await eventually(lambda: _is(held_event_version(service, workshop.event_id), 2))

    booked = registration(workshop, someone.person_id)  # registered while version 1 was current
    await publish(producer, RegistrationConfirmed(registration=booked), subject=booked.registration_id)

    mails = await eventually(lambda: _list(mails_to(mail_sink, someone.email or "")), timeout=MAIL_SECONDS)
    calendar = calendar_of(mails[0])
    assert calendar is not None
    entry = next(iter(Calendar.from_ical(calendar).walk("VEVENT")))
    assert entry.decoded("DTSTART").date() == later.days[0].date
    assert int(str(entry["SEQUENCE"])) == 2


async def test_a_registration_overtaken_by_the_cancellation_gets_the_cancellation(
    service: ServiceRuntime, producer: JetStreamContext, mail_sink: MailSink
) -> None:
    someone = person(given_name="Jonas", family_name="Weber")
    assert someone.email is not None
    await publish(producer, PersonCreated(person=someone), subject=someone.person_id)
    workshop = event(version=1)
    await publish(producer, EventPublished(event=workshop), subject=workshop.event_id)
    cancelled = workshop.model_copy(update={"status": "cancelled", "version": 2})
    await publish(producer, EventCancelled(event=cancelled, reason="Krankheit"), subject=workshop.event_id)
    await eventually(lambda: _is(held_event_version(service, workshop.event_id), 2))

    booked = registration(workshop, someone.person_id)
    await publish(producer, RegistrationConfirmed(registration=booked), subject=booked.registration_id)
    invited = person(given_name="Mira", family_name="Kaya")
    assert invited.email is not None
    await publish(producer, PersonCreated(person=invited), subject=invited.person_id)
    await publish(
        producer,
        InvitationIssued(invitation_id=uuid.uuid4(), event=workshop, person_id=invited.person_id),
        subject=workshop.event_id,
    )

    mails = await eventually(lambda: _list(mails_to(mail_sink, someone.email or "")), timeout=MAIL_SECONDS)
    calendar = calendar_of(mails[0])
    assert calendar is not None
    assert str(Calendar.from_ical(calendar)["METHOD"]) == "CANCEL"
    await asyncio.sleep(1.0)  # the invitation was handled by now; nothing was sent for it
    assert len(mails_to(mail_sink, someone.email)) == 1
    assert mails_to(mail_sink, invited.email) == []


async def _is(version: Awaitable[int | None], expected: int) -> bool:
    return await version == expected


async def _list(found: list[EmailMessage]) -> list[EmailMessage]:
    return found
