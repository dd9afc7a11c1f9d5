"""Every kind of message reaches a real SMTP server in the contact's language, with links to the
gateway's public pages that carry the right capability tokens."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta
from email.message import EmailMessage

import pytest
import sqlalchemy as sa
from nats.js import JetStreamContext
from notification_flows import (
    BERLIN,
    PUBLIC_URL,
    calendar_of,
    event,
    link_token,
    mails_to,
    person,
    publish,
    registration,
    text_of,
    unique,
)

from netzwerkstatt.contracts.events import (
    AgreementDue,
    AgreementFacts,
    EventCancelled,
    EventUpdated,
    InvitationIssued,
    NextEditionPlanned,
    RegistrationCancelled,
    RegistrationConfirmed,
    RegistrationPromoted,
    RegistrationWaitlisted,
    Venue,
)
from netzwerkstatt.contracts.notifications import ReminderScheduleView, SendAccepted
from netzwerkstatt.contracts.registry import PersonCreated
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.testing.services import eventually
from notifications_service.mailsink import MailSink

SIGN_OFF = {"de": "Mit freundlichen Grüßen", "en": "Kind regards"}
LINK = re.compile(r"https?://[^\s<>\"]+")


async def mail_of_kind(sink: MailSink, address: str, kind: str) -> EmailMessage:
    """Wait for the address's mail of a kind (its Message-ID starts with the kind)."""

    async def arrived() -> list[EmailMessage]:
        return [mail for mail in mails_to(sink, address) if mail["Message-ID"].startswith(f"<{kind}")]

    mails: list[EmailMessage] = await eventually(arrived)
    assert len(mails) == 1, kind
    return mails[0]


@pytest.mark.parametrize("language", ["de", "en"])
async def test_each_kind_of_message_arrives_in_the_contacts_language_with_working_links(
    language: str, service: ServiceRuntime, producer: JetStreamContext, mail_sink: MailSink, call: object
) -> None:
    someone = person(language=language, form_of_address="mr", family_name="Nowak")
    address = someone.email
    assert address is not None
    await publish(producer, PersonCreated(person=someone), subject=someone.person_id)
    workshop = event(starts_at=datetime.now(BERLIN) + timedelta(days=2))
    other = event()
    received: dict[str, EmailMessage] = {}

    async def expect(kind: str) -> EmailMessage:
        mail = await mail_of_kind(mail_sink, address, kind)
        received[kind] = mail
        return mail

    invitation_id = uuid.uuid4()
    await publish(
        producer,
        InvitationIssued(invitation_id=invitation_id, event=workshop, person_id=someone.person_id),
        subject=workshop.event_id,
    )
    await expect("invitation")
    waiting = registration(workshop, someone.person_id, status="waitlisted", position=2)
    await publish(producer, RegistrationWaitlisted(registration=waiting), subject=waiting.registration_id)
    await expect("waitlisted")
    promoted = waiting.model_copy(update={"status": "confirmed", "waitlist_position": None, "version": 2})
    await publish(producer, RegistrationPromoted(registration=promoted), subject=promoted.registration_id)
    await expect("promoted")
    # Staff choose an offset that lets the reminder fall due two seconds from now.
    start = datetime.combine(workshop.days[0].date, workshop.days[0].start, tzinfo=BERLIN)
    offset = start - datetime.now(BERLIN) - timedelta(seconds=2)
    await call(
        "reminder.configure", {"event_id": workshop.event_id, "offsets": [offset]}, ReminderScheduleView
    )  # type: ignore[operator]
    booked = registration(other, someone.person_id)
    await publish(producer, RegistrationConfirmed(registration=booked), subject=booked.registration_id)
    await expect("registration_confirmed")
    cancelled = booked.model_copy(update={"status": "cancelled", "version": 2})
    await publish(producer, RegistrationCancelled(registration=cancelled), subject=cancelled.registration_id)
    await expect("registration_cancelled")
    changed = workshop.model_copy(update={"venue": Venue(name="Neues Rathaus Leipzig"), "version": 2})
    await publish(
        producer,
        EventUpdated(event=changed, changed_fields=["venue"], schedule_changed=True),
        subject=changed.event_id,
    )
    await expect("event_changed")
    await expect("reminder")
    # Someone on the waiting list of an event that moves hears of it too, without a calendar entry.
    third = event()
    queued = registration(third, someone.person_id, status="waitlisted", position=1)
    await publish(producer, RegistrationWaitlisted(registration=queued), subject=queued.registration_id)

    async def second_waitlist_mail() -> bool:
        # The registration is known (its own mail is out) before the event moves.
        ids = [str(mail["Message-ID"]) for mail in mails_to(mail_sink, address)]
        return sum(message_id.startswith("<waitlisted") for message_id in ids) == 2

    await eventually(second_waitlist_mail)
    moved = third.model_copy(update={"venue": Venue(name="Volkshochschule Leipzig, Saal 2"), "version": 2})
    await publish(
        producer,
        EventUpdated(event=moved, changed_fields=["venue"], schedule_changed=True),
        subject=moved.event_id,
    )
    assert calendar_of(await expect("waitlist_changed")) is None
    survey_url = f"{PUBLIC_URL}/p/feedback/{unique('survey')}"
    link_request = {
        "person_id": someone.person_id,
        "event_id": workshop.event_id,
        "event_title": workshop.title,
        "survey_url": survey_url,
        "closes_at": datetime.now(BERLIN) + timedelta(days=14),
        "idempotency_key": unique("survey-key"),
    }
    accepted = await call("feedback_request.send", link_request, SendAccepted)  # type: ignore[operator]
    assert accepted.duplicate is False
    # Asked again under the same key (feedback settling a lost answer, with a fresh link): the mail
    # queued first stays the only one, with its own link.
    again = await call(  # type: ignore[operator]
        "feedback_request.send",
        link_request | {"survey_url": f"{PUBLIC_URL}/p/feedback/{unique('survey')}"},
        SendAccepted,
    )
    assert (again.duplicate, again.message_id) == (True, accepted.message_id)
    assert survey_url in text_of(await expect("feedback_request"))
    agreement = AgreementFacts(
        agreement_id=uuid.uuid4(),
        event_id=workshop.event_id,
        text="Schnittstellenpapier der Region Leipzig aktualisieren",
        owner_organisation_id=None,
        owner_person_id=someone.person_id,
        due_date=datetime.now(BERLIN).date(),
        status="open",
        version=1,
    )
    await publish(producer, AgreementDue(agreement=agreement), subject=agreement.agreement_id)
    await expect("agreement_due")
    next_edition = event(title=unique("Regionalworkshop Leipzig 2027"))
    await publish(
        producer,
        NextEditionPlanned(
            event=next_edition, previous_event_id=workshop.event_id, audience_person_ids=[someone.person_id]
        ),
        subject=next_edition.event_id,
    )
    await expect("save_the_date")
    await publish(
        producer, EventCancelled(event=changed.model_copy(update={"version": 3})), subject=workshop.event_id
    )
    await expect("event_cancelled")

    contacts = service.database.table("contacts")
    async with service.database.read() as session:
        unsubscribe_token = await session.scalar(
            sa.select(contacts.c.unsubscribe_token).where(contacts.c.person_id == someone.person_id)
        )
    invitation_token = link_token("invitation", invitation_id)
    waiting_token = link_token("registration", waiting.registration_id)
    booked_token = link_token("registration", booked.registration_id)
    queued_token = link_token("registration", queued.registration_id)
    expected_links = {
        "invitation": {
            f"{PUBLIC_URL}/p/invitation/{invitation_token}?answer=accept",
            f"{PUBLIC_URL}/p/invitation/{invitation_token}?answer=decline",
            f"{PUBLIC_URL}/p/invitation/{invitation_token}/calendar.ics",
        },
        "waitlisted": {f"{PUBLIC_URL}/p/registration/{waiting_token}"},
        "promoted": {
            f"{PUBLIC_URL}/p/registration/{waiting_token}",
            f"{PUBLIC_URL}/p/registration/{waiting_token}/calendar.ics",
        },
        "registration_confirmed": {
            f"{PUBLIC_URL}/p/registration/{booked_token}",
            f"{PUBLIC_URL}/p/registration/{booked_token}/calendar.ics",
        },
        "registration_cancelled": set(),
        "waitlist_changed": {f"{PUBLIC_URL}/p/registration/{queued_token}"},
        "event_changed": {
            f"{PUBLIC_URL}/p/registration/{waiting_token}",
            f"{PUBLIC_URL}/p/registration/{waiting_token}/calendar.ics",
        },
        "reminder": {
            f"{PUBLIC_URL}/p/registration/{waiting_token}",
            f"{PUBLIC_URL}/p/registration/{waiting_token}/calendar.ics",
            f"{PUBLIC_URL}/p/unsubscribe/{unsubscribe_token}",
        },
        "feedback_request": {survey_url, f"{PUBLIC_URL}/p/unsubscribe/{unsubscribe_token}"},
        "agreement_due": set(),
        "save_the_date": {f"{PUBLIC_URL}/p/unsubscribe/{unsubscribe_token}"},
        "event_cancelled": set(),
    }
    assert set(received) == set(expected_links)
    for kind, mail in received.items():
        text = text_of(mail)
        assert mail["Content-Language"] == language, kind
        assert SIGN_OFF[language] in text, kind
        assert ("Sehr geehrter Herr Nowak" if language == "de" else "Dear Mr Nowak") in text, kind
        assert set(LINK.findall(text)) - {"mailto"} == expected_links[kind], kind
        if expected_links[kind] & {f"{PUBLIC_URL}/p/unsubscribe/{unsubscribe_token}"}:
            assert mail["List-Unsubscribe"] == f"<{PUBLIC_URL}/p/unsubscribe/{unsubscribe_token}>"
