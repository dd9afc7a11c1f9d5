"""A triggering fact delivered twice (redelivery, re-publication, or the same fact in a new envelope)
sends one e-mail; a mailing's invitations handled together send one e-mail per invitee."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from nats.js import JetStreamContext
from notification_flows import event, mails_to, person, publish, republish

from netzwerkstatt.contracts.events import EventCancelled, InvitationIssued
from netzwerkstatt.contracts.registry import PersonCreated, PersonErased
from netzwerkstatt.db import utcnow
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


async def test_a_mailings_invitations_waiting_together_send_one_email_per_invitee_and_none_to_the_erased(
    start_notifications: Any, producer: JetStreamContext, mail_sink: MailSink
) -> None:
    """Invitations that wait in the stream are handled as one batch: each invitee once (also when
    the same invitation comes twice in it), nobody erased meanwhile, nobody to a cancelled event."""
    invitees = [person() for _ in range(5)]
    erased, to_cancelled = invitees[3], invitees[4]
    workshop, cancelled = event(), event()
    async with start_notifications() as service:
        created = [
            await publish(producer, PersonCreated(person=someone), subject=someone.person_id)
            for someone in invitees
        ]
        gone = await publish(
            producer, PersonErased(person_id=erased.person_id, erased_at=utcnow()), subject=erased.person_id
        )
        called_off = cancelled.model_copy(update={"version": 2, "status": "cancelled"})
        overtaking = await publish(producer, EventCancelled(event=called_off), subject=cancelled.event_id)
        for known in created:  # the contacts are kept before the invitations come
            await eventually(lambda known=known: _handled(service, known.id))  # type: ignore[misc]
        await eventually(lambda: _handled(service, gone.id))
        await eventually(lambda: _handled(service, overtaking.id))

    # Published while the service is away, so that they wait and arrive together.
    issued = [
        InvitationIssued(invitation_id=uuid.uuid4(), event=workshop, person_id=someone.person_id)
        for someone in invitees[:4]
    ] + [InvitationIssued(invitation_id=uuid.uuid4(), event=cancelled, person_id=to_cancelled.person_id)]
    envelopes = [await publish(producer, fact, subject=fact.event.event_id) for fact in issued]
    envelopes.append(await publish(producer, issued[0], subject=workshop.event_id))  # announced twice

    async with start_notifications() as service:
        for envelope in envelopes:
            await eventually(lambda envelope=envelope: _handled(service, envelope.id))  # type: ignore[misc]
        for someone in invitees[:3]:
            assert someone.email is not None
            await eventually(lambda someone=someone: _mails(mail_sink, someone.email, 1))  # type: ignore[misc]
        for someone in invitees:
            assert someone.email is not None
            await eventually(lambda someone=someone: _quiet(mail_sink, someone.email))  # type: ignore[misc]
        counts = {someone.person_id: len(mails_to(mail_sink, someone.email or "")) for someone in invitees}
        assert counts == {someone.person_id: 1 if someone in invitees[:3] else 0 for someone in invitees}
        messages = service.database.table("messages")
        invitations = service.database.table("invitations")
        async with service.database.read() as session:
            queued = await session.scalar(
                sa.select(sa.func.count()).where(
                    messages.c.person_id.in_([someone.person_id for someone in invitees])
                )
            )
            projected = set(
                (
                    await session.scalars(
                        sa.select(invitations.c.person_id).where(
                            invitations.c.event_id.in_([workshop.event_id, cancelled.event_id])
                        )
                    )
                ).all()
            )
    assert queued == 3
    assert projected == {someone.person_id for someone in invitees if someone is not erased}


async def _handled(service: ServiceRuntime, event_id: uuid.UUID) -> bool:
    inbox = service.database.table("inbox")
    async with service.database.read() as session:
        return bool(await session.scalar(sa.select(sa.func.count()).where(inbox.c.event_id == event_id)))


async def _mails(sink: MailSink, address: str | None, count: int) -> bool:
    return len(mails_to(sink, address or "")) == count


async def _quiet(sink: MailSink, address: str) -> bool:
    import asyncio

    before = len(mails_to(sink, address))
    await asyncio.sleep(0.5)
    return len(mails_to(sink, address)) == before
