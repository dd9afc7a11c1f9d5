"""Contacts follow the registry: newest version wins, erasure scrubs the delivery log but keeps the
counts, and an unsubscribed person gets essential messages only."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from nats.errors import TimeoutError as NatsTimeout
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from notification_flows import Call, event, mails_to, message_not_due, person, publish, registration

from netzwerkstatt import subjects
from netzwerkstatt.contracts.events import (
    InvitationIssued,
    NextEditionPlanned,
    RegistrationConfirmed,
    RegistrationWaitlisted,
)
from netzwerkstatt.contracts.notifications import DeliveryFacts, DeliverySent, SubscriptionView
from netzwerkstatt.contracts.registry import PersonCreated, PersonErased, PersonUpdated
from netzwerkstatt.db import utcnow
from netzwerkstatt.errors import InvalidInput, NotFound
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.testing.services import eventually
from notifications_service import projections
from notifications_service.mailsink import MailSink
from notifications_service.messages.kinds import MessageKind


async def contact(service: ServiceRuntime, person_id: uuid.UUID) -> object:
    contacts = service.database.table("contacts")
    async with service.database.read() as session:
        return (await session.execute(sa.select(contacts).where(contacts.c.person_id == person_id))).first()


async def test_an_older_update_arriving_late_does_not_overwrite_the_contact(
    service: ServiceRuntime, producer: JetStreamContext
) -> None:
    original = person(version=1)
    await publish(producer, PersonCreated(person=original), subject=original.person_id)
    newer = original.model_copy(update={"email": "neu@example.org", "language": "en", "version": 3})
    older = original.model_copy(update={"email": "alt@example.org", "version": 2})
    await publish(producer, PersonUpdated(person=newer), subject=original.person_id)

    async def newest() -> object:
        row = await contact(service, original.person_id)
        return row if row is not None and row.version == 3 else None  # type: ignore[attr-defined]

    await eventually(newest)
    late = await publish(producer, PersonUpdated(person=older), subject=original.person_id)
    await eventually(lambda: _handled(service, late.id))
    row = await contact(service, original.person_id)
    assert (row.email, row.language, row.version) == ("neu@example.org", "en", 3)  # type: ignore[attr-defined]


async def _handled(service: ServiceRuntime, event_id: uuid.UUID) -> bool:
    inbox = service.database.table("inbox")
    async with service.database.read() as session:
        return bool(await session.scalar(sa.select(sa.func.count()).where(inbox.c.event_id == event_id)))


async def _settled(service: ServiceRuntime, person_id: uuid.UUID) -> bool:
    return await contact(service, person_id) is not None


async def test_erasure_removes_the_contact_and_scrubs_the_delivery_log_keeping_the_counts(
    service: ServiceRuntime, producer: JetStreamContext, mail_sink: MailSink
) -> None:
    someone = person()
    await publish(producer, PersonCreated(person=someone), subject=someone.person_id)
    booked = registration(event(), someone.person_id)
    await publish(producer, RegistrationConfirmed(registration=booked), subject=booked.registration_id)
    await eventually(lambda: _mail_count(mail_sink, someone.email or "", 1))
    messages = service.database.table("messages")
    async with service.database.read() as session:
        [message_id] = (
            await session.scalars(sa.select(messages.c.id).where(messages.c.person_id == someone.person_id))
        ).all()

    await publish(
        producer,
        PersonErased(person_id=someone.person_id, erased_at=datetime.now(UTC)),
        subject=someone.person_id,
    )

    async def erased() -> bool:
        return await contact(service, someone.person_id) is None

    await eventually(erased)
    async with service.database.read() as session:
        row = (await session.execute(sa.select(messages).where(messages.c.id == message_id))).one()
    assert (row.kind, row.status, row.attempts) == ("registration_confirmed", "sent", 1)
    assert (row.person_id, row.recipient_email, row.email_subject, row.facts) == (None, None, None, None)
    # A late update about the erased person does not bring the contact back.
    await publish(
        producer, PersonUpdated(person=someone.model_copy(update={"version": 9})), subject=someone.person_id
    )
    inbox = service.database.table("inbox")

    async def late_update_handled() -> bool:
        async with service.database.read() as session:
            return bool(
                await session.scalar(
                    sa.select(sa.func.count()).where(inbox.c.consumer == "notifications-person-updated")
                )
            )

    await eventually(late_update_handled)
    assert await contact(service, someone.person_id) is None


async def test_facts_about_an_erased_person_arriving_late_bring_nothing_back(
    service: ServiceRuntime, producer: JetStreamContext
) -> None:
    """The registry's erasure and the events service's facts travel on different streams, so an
    invitation issued just before the erasure may be read after it: it must not bring back a row
    naming the person, nor a message that waits for a contact who will never come."""
    someone = person()
    await publish(producer, PersonCreated(person=someone), subject=someone.person_id)
    await eventually(lambda: _settled(service, someone.person_id))
    await publish(
        producer,
        PersonErased(person_id=someone.person_id, erased_at=datetime.now(UTC)),
        subject=someone.person_id,
    )

    async def erased() -> bool:
        return await contact(service, someone.person_id) is None

    await eventually(erased)
    workshop = event()
    late = [
        await publish(
            producer,
            InvitationIssued(invitation_id=uuid.uuid4(), event=workshop, person_id=someone.person_id),
            subject=workshop.event_id,
        ),
        await publish(
            producer,
            RegistrationConfirmed(registration=registration(workshop, someone.person_id)),
            subject=workshop.event_id,
        ),
        await publish(
            producer,
            RegistrationWaitlisted(
                registration=registration(workshop, someone.person_id, status="waitlisted")
            ),
            subject=workshop.event_id,
        ),
        await publish(
            producer,
            NextEditionPlanned(
                event=event(), previous_event_id=workshop.event_id, audience_person_ids=[someone.person_id]
            ),
            subject=workshop.event_id,
        ),
    ]
    for fact in late:
        await eventually(lambda fact=fact: _handled(service, fact.id))  # type: ignore[misc]
    async with service.database.read() as session:
        for table in ("invitations", "registrations", "messages"):
            rows = service.database.table(table)
            naming = sa.select(sa.func.count()).where(rows.c.person_id == someone.person_id)
            assert await session.scalar(naming) == 0, table


async def test_an_erasure_handled_while_an_invitation_about_the_person_is_being_kept_still_removes_it(
    service: ServiceRuntime, producer: JetStreamContext
) -> None:
    """The invitation's transaction checked before the erasure committed: the erasure waits for it
    and then finds its rows, instead of deleting nothing and leaving them behind."""
    someone = person()
    await publish(producer, PersonCreated(person=someone), subject=someone.person_id)
    await eventually(lambda: _settled(service, someone.person_id))
    workshop = event()
    async with service.database.unit_of_work() as uow:
        assert await projections.erased_among(uow.session, [someone.person_id]) == set()
        await projections.add_invitations(uow.session, workshop, [(uuid.uuid4(), someone.person_id)])
        await publish(
            producer,
            PersonErased(person_id=someone.person_id, erased_at=datetime.now(UTC)),
            subject=someone.person_id,
        )
        await asyncio.sleep(1.0)  # the erasure is handled meanwhile (or waits for this transaction)

    async def erased() -> bool:
        return await contact(service, someone.person_id) is None

    await eventually(erased)
    invitations = service.database.table("invitations")
    async with service.database.read() as session:
        naming = sa.select(sa.func.count()).where(invitations.c.person_id == someone.person_id)
        assert await session.scalar(naming) == 0


async def _mail_count(sink: MailSink, address: str, count: int) -> bool:
    return len(mails_to(sink, address)) == count


async def test_an_unsubscribed_person_gets_their_confirmation_but_no_save_the_date(
    service: ServiceRuntime, producer: JetStreamContext, mail_sink: MailSink, call: Call
) -> None:
    someone = person()
    address = someone.email or ""
    await publish(producer, PersonCreated(person=someone), subject=someone.person_id)
    await eventually(lambda: _settled(service, someone.person_id))
    token = (await contact(service, someone.person_id)).unsubscribe_token  # type: ignore[attr-defined]

    view: SubscriptionView = await call("subscription.change", {"token": token}, SubscriptionView)
    assert view.subscribed is False
    next_edition = event()
    await publish(
        producer,
        NextEditionPlanned(
            event=next_edition, previous_event_id=uuid.uuid4(), audience_person_ids=[someone.person_id]
        ),
        subject=next_edition.event_id,
    )
    booked = registration(event(), someone.person_id)
    await publish(producer, RegistrationConfirmed(registration=booked), subject=booked.registration_id)

    messages = service.database.table("messages")

    async def both_decided() -> list[tuple[str, str]]:
        async with service.database.read() as session:
            rows = (
                await session.execute(
                    sa.select(messages.c.kind, messages.c.status).where(
                        messages.c.person_id == someone.person_id
                    )
                )
            ).all()
        statuses = sorted((row.kind, row.status) for row in rows)
        return statuses if len(statuses) == 2 and "pending" not in {s for _, s in statuses} else []

    assert await eventually(both_decided) == [
        ("registration_confirmed", "sent"),
        ("save_the_date", "suppressed"),
    ]
    assert [str(mail["Subject"]).split(":")[0] for mail in mails_to(mail_sink, address)] == [
        "Anmeldung bestätigt"
    ]
    with pytest.raises(NotFound) as unknown:
        await call("subscription.change", {"token": "x" * 32}, SubscriptionView)
    assert unknown.value.details[0].field == "token"


async def test_a_delivery_fact_recorded_while_the_erasure_waited_for_its_batch_leaves_the_bus_too(
    service: ServiceRuntime, producer: JetStreamContext
) -> None:
    """The erasure waits for a batch that is sending the person a mail; the batch's fact names them.
    The service's bus erasure runs after its own erasure, so it finds that fact and removes it."""
    someone = person()
    await publish(producer, PersonCreated(person=someone), subject=someone.person_id)
    await eventually(lambda: _settled(service, someone.person_id))
    message_id = await message_not_due(service, someone.person_id)
    messages = service.database.table("messages")

    async with service.database.unit_of_work() as batch:
        claim = sa.select(messages.c.id).where(messages.c.id == message_id).with_for_update()
        assert await batch.session.scalar(claim) == message_id
        erased = await publish(
            producer,
            PersonErased(person_id=someone.person_id, erased_at=datetime.now(UTC)),
            subject=someone.person_id,
        )
        await asyncio.sleep(1.0)  # both of the service's consumers of the erasure have it by now
        delivered = DeliveryFacts(
            message_id=message_id,
            kind=MessageKind.AGREEMENT_DUE.value,
            person_id=someone.person_id,
            subject_id="agreement",
            attempts=1,
        )
        await batch.record(DeliverySent(delivery=delivered, sent_at=utcnow()), subject=str(message_id))

    await eventually(lambda: _handled_by(service, erased.id, "notifications-bus-erasure"), timeout=30)
    outbox = service.database.table("outbox")
    needle = str(someone.person_id)
    async with service.database.read() as session:
        naming = sa.select(sa.func.count()).where(sa.cast(outbox.c.envelope, sa.Text).contains(needle))
        assert await session.scalar(naming) == 0
    on_stream = await stored_bodies(producer, "notifications")
    assert not [body for body in on_stream if needle in body]


async def _handled_by(service: ServiceRuntime, event_id: uuid.UUID, consumer: str) -> bool:
    inbox = service.database.table("inbox")
    query = sa.select(sa.func.count()).where(inbox.c.event_id == event_id, inbox.c.consumer == consumer)
    async with service.database.read() as session:
        return bool(await session.scalar(query))


async def stored_bodies(js: JetStreamContext, service: str) -> list[str]:
    """Every message body still stored in the service's stream."""
    subscription = await js.pull_subscribe(
        subjects.events_of(service),
        stream=subjects.stream(service),
        config=ConsumerConfig(deliver_policy=DeliverPolicy.ALL, ack_policy=AckPolicy.NONE),
    )
    bodies: list[str] = []
    try:
        while True:
            try:
                batch = await subscription.fetch(500, timeout=1)
            except (TimeoutError, NatsTimeout):
                break
            bodies += [message.data.decode() for message in batch]
            if batch[-1].metadata.num_pending == 0:
                break
    finally:
        await subscription.unsubscribe()
    return bodies


async def test_a_subscription_changes_only_by_a_yes_or_no_and_unsubscribing_again_keeps_the_first_time(
    service: ServiceRuntime, producer: JetStreamContext, call: Call
) -> None:
    """``subscribed`` is a boolean: any other value ("maybe", or "yes" a form might send) is refused
    at that field and changes nothing. Unsubscribing a second time (a reloaded page) keeps the
    subscription as it is, with the time of the first."""
    someone = person()
    await publish(producer, PersonCreated(person=someone), subject=someone.person_id)
    await eventually(lambda: _settled(service, someone.person_id))
    token = (await contact(service, someone.person_id)).unsubscribe_token  # type: ignore[attr-defined]

    for value in ("maybe", "yes", "false", 0):
        with pytest.raises(InvalidInput) as refused:
            await call("subscription.change", {"token": token, "subscribed": value}, SubscriptionView)
        assert [detail.field for detail in refused.value.details] == ["subscribed"], value
    assert (await contact(service, someone.person_id)).opted_out_at is None  # type: ignore[attr-defined]

    first = await call("subscription.change", {"token": token, "subscribed": False}, SubscriptionView)
    assert first.subscribed is False
    since = (await contact(service, someone.person_id)).opted_out_at  # type: ignore[attr-defined]
    again = await call("subscription.change", {"token": token, "subscribed": False}, SubscriptionView)
    assert again.subscribed is False
    assert (await contact(service, someone.person_id)).opted_out_at == since  # type: ignore[attr-defined]
    shown = await call("subscription.get", {"token": token}, SubscriptionView)
    assert shown.subscribed is False
