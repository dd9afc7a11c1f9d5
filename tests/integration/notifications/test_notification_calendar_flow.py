"""Calendar programs keep one entry per event: the same UID through invitation, change and
cancellation, a SEQUENCE that rises with every change, REQUEST and then CANCEL."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

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
)

from netzwerkstatt.contracts.events import (
    EventCancelled,
    EventUpdated,
    InvitationIssued,
    RegistrationConfirmed,
)
from netzwerkstatt.contracts.registry import PersonCreated
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.testing.services import eventually
from notifications_service.mailsink import MailSink


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

        return [Calendar.from_ical(text) for text in await eventually(arrived)]

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
