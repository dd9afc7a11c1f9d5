"""Delivery workers keep templates compiled between messages; a template staff save or reset while
the workers run applies from the next message on (each batch reads the stored templates and the
compiled ones are keyed by their text, so a save through any replica counts)."""

from __future__ import annotations

import uuid
from email.message import EmailMessage

from nats.js import JetStreamContext
from notification_flows import Call, StartNotifications, event, mails_to, person, publish

from netzwerkstatt.contracts import Page
from netzwerkstatt.contracts.events import InvitationIssued
from netzwerkstatt.contracts.notifications import TemplateView
from netzwerkstatt.contracts.registry import PersonCreated
from netzwerkstatt.testing.services import eventually
from notifications_service.mailsink import MailSink

ENGLISH_INVITATION = {"kind": "invitation", "language": "en"}


async def save_subject(call: Call, shipped: TemplateView, subject: str) -> None:
    body = {**ENGLISH_INVITATION, "subject": subject, "text": shipped.text, "html": shipped.html}
    await call("template.save", body, TemplateView)


async def invitation_subject(
    producer: JetStreamContext, sink: MailSink, person_id: uuid.UUID, address: str, title: str
) -> str:
    before = len(mails_to(sink, address))
    facts = event(title=title)
    issued = InvitationIssued(invitation_id=uuid.uuid4(), event=facts, person_id=person_id)
    await publish(producer, issued, subject=facts.event_id)

    async def arrived() -> EmailMessage | None:
        mails = mails_to(sink, address)
        return mails[-1] if len(mails) > before else None

    # Generous: in the whole suite the shared durable consumers first catch up on other tests' events.
    mail: EmailMessage = await eventually(arrived, timeout=30)
    return str(mail["Subject"])


async def test_a_template_saved_or_reset_while_the_workers_run_applies_to_the_next_message(
    start_notifications: StartNotifications, producer: JetStreamContext, mail_sink: MailSink, call: Call
) -> None:
    someone = person(language="en")
    address = someone.email or ""
    await publish(producer, PersonCreated(person=someone), subject=someone.person_id)

    async def subject_of_next(title: str) -> str:
        return await invitation_subject(producer, mail_sink, someone.person_id, address, title)

    async with start_notifications(delivery_workers=1):
        [template] = (await call("template.list", ENGLISH_INVITATION, Page[TemplateView])).items
        try:
            shipped = await subject_of_next("Regionalworkshop Leipzig")
            await save_subject(call, template, "Please reply: {{ event_title }}")
            first_revision = await subject_of_next("Regionalworkshop Dresden")
            await save_subject(call, template, "Your reply is welcome: {{ event_title }}")
            second_revision = await subject_of_next("Regionalworkshop Chemnitz")
            await call("template.reset", ENGLISH_INVITATION, TemplateView)
            shipped_again = await subject_of_next("Regionalworkshop Zwickau")
        finally:
            # Other tests expect the shipped text.
            await call("template.reset", ENGLISH_INVITATION, TemplateView)

    assert shipped == "Invitation: Regionalworkshop Leipzig"
    assert first_revision == "Please reply: Regionalworkshop Dresden"
    assert second_revision == "Your reply is welcome: Regionalworkshop Chemnitz"
    assert shipped_again == "Invitation: Regionalworkshop Zwickau"
