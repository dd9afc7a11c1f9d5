"""A triggering fact delivered twice (redelivery, re-publication, or the same fact in a new envelope)
sends one e-mail."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from nats.js import JetStreamContext
from notification_flows import event, mails_to, person, publish, republish

from netzwerkstatt.contracts.events import InvitationIssued
from netzwerkstatt.contracts.registry import PersonCreated
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.testing.services import eventually
from notifications_service.mailsink import MailSink


async def test_the_same_invitation_published_three_times_sends_one_email(
    service: ServiceRuntime, producer: JetStreamContext, mail_sink: MailSink
) -> None:
    someone = person()
    address = someone.email
    assert address is not None
    await publish(producer, PersonCreated(person=someone), subject=someone.person_id)
    facts = event()
    issued = InvitationIssued(invitation_id=uuid.uuid4(), event=facts, person_id=someone.person_id)
    first = await publish(producer, issued, subject=facts.event_id)
    # Past JetStream's duplicate window: the same envelope again, which only the inbox recognises.
    await republish(producer, first, msg_id=f"{first.id}-again")
    # The producer announcing the same fact twice: a new envelope, the same idempotency key.
    second = await publish(producer, issued, subject=facts.event_id)

    inbox = service.database.table("inbox")
    messages = service.database.table("messages")

    async def handled() -> bool:
        async with service.database.read() as session:
            seen = await session.scalar(
                sa.select(sa.func.count()).where(inbox.c.event_id.in_([first.id, second.id]))
            )
            sent = await session.scalar(
                sa.select(sa.func.count()).where(
                    messages.c.person_id == someone.person_id, messages.c.status == "sent"
                )
            )
        return seen == 2 and sent == 1

    await eventually(handled)
    # Give any second e-mail the time to arrive before counting.
    await eventually(lambda: _quiet(mail_sink, address))
    assert len(mails_to(mail_sink, address)) == 1
    async with service.database.read() as session:
        rows = await session.scalar(
            sa.select(sa.func.count()).where(messages.c.person_id == someone.person_id)
        )
    assert rows == 1


async def _quiet(sink: MailSink, address: str) -> bool:
    import asyncio

    before = len(mails_to(sink, address))
    await asyncio.sleep(0.5)
    return len(mails_to(sink, address)) == before
