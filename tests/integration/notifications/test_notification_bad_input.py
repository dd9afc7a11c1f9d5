"""Bad input never crashes a consumer: a contact without or with an invalid address, a refused
recipient and an unparsable event are recorded failures; a bad template is a clear error."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from nats.js import JetStreamContext
from notification_flows import Call, StartNotifications, event, mails_to, person, publish

from netzwerkstatt.contracts import Page
from netzwerkstatt.contracts.events import InvitationIssued
from netzwerkstatt.contracts.notifications import DeliveryPage, TemplateView
from netzwerkstatt.contracts.registry import PersonCreated
from netzwerkstatt.errors import InvalidInput
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.stack.processes import free_port
from netzwerkstatt.testing.services import eventually
from notifications_service.mailsink import MailSink, MailStore


async def invite(producer: JetStreamContext, person_id: uuid.UUID) -> uuid.UUID:
    facts = event()
    invitation_id = uuid.uuid4()
    await publish(
        producer,
        InvitationIssued(invitation_id=invitation_id, event=facts, person_id=person_id),
        subject=facts.event_id,
    )
    return invitation_id


async def delivery_of(service: ServiceRuntime, person_id: uuid.UUID, status: str) -> Any:
    messages = service.database.table("messages")

    async def found() -> Any:
        async with service.database.read() as session:
            query = sa.select(messages).where(messages.c.person_id == person_id, messages.c.status == status)
            return (await session.execute(query)).first()

    return await eventually(found)


async def announced_failure(service: ServiceRuntime, message_id: uuid.UUID) -> dict[str, Any]:
    outbox = service.database.table("outbox")
    async with service.database.read() as session:
        envelope = await session.scalar(
            sa.select(outbox.c.envelope).where(
                outbox.c.aggregate == str(message_id), outbox.c.subject == "notifications.evt.delivery.failed"
            )
        )
    assert envelope is not None, "a DeliveryFailed fact is announced"
    data: dict[str, Any] = envelope["data"]
    return data


@pytest.mark.parametrize(
    ("email", "reason"),
    [
        pytest.param(None, "has no e-mail address", id="no address"),
        pytest.param("kim.beispiel(at)example.org", "is not a valid e-mail address", id="invalid address"),
    ],
)
async def test_a_contact_without_a_usable_address_is_a_recorded_failure_and_the_queue_moves_on(
    email: str | None, reason: str, service: ServiceRuntime, producer: JetStreamContext, mail_sink: MailSink
) -> None:
    unreachable = person(email=email)
    reachable = person()
    for someone in (unreachable, reachable):
        await publish(producer, PersonCreated(person=someone), subject=someone.person_id)
    await invite(producer, unreachable.person_id)
    await invite(producer, reachable.person_id)

    failed = await delivery_of(service, unreachable.person_id, "failed")
    await delivery_of(service, reachable.person_id, "sent")

    assert reason in failed.last_error
    assert failed.error_code == "cannot_be_built"
    assert failed.facts is None, "the links of an undeliverable message are not kept"
    fact = await announced_failure(service, failed.id)
    assert fact["permanent"] is True
    assert fact["delivery"]["person_id"] == str(unreachable.person_id)
    assert reason in fact["reason"]
    assert fact["problem"] == "cannot_be_built"
    assert len(mails_to(mail_sink, reachable.email or "")) == 1


class RefusingHandler:
    """An SMTP server that refuses some recipients permanently and others for now."""

    def __init__(self, store: MailStore) -> None:
        self.store = store

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address.startswith("gone"):
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.store.save(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.original_content))
        return "250 Message accepted"


async def test_a_recipient_the_server_refuses_for_good_is_recorded_as_failed_with_the_servers_answer(
    start_notifications: StartNotifications, producer: JetStreamContext, tmp_path: Path, call: Call
) -> None:
    refused = person(email=f"gone-{uuid.uuid4().hex[:6]}@example.org")
    accepted = person()
    for someone in (refused, accepted):
        await publish(producer, PersonCreated(person=someone), subject=someone.person_id)
    port = free_port()
    store = MailStore(tmp_path / "refusing")
    controller = Controller(RefusingHandler(store), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        async with start_notifications(smtp_port=port) as service:
            await invite(producer, refused.person_id)
            await invite(producer, accepted.person_id)
            failed = await delivery_of(service, refused.person_id, "failed")
            await delivery_of(service, accepted.person_id, "sent")
            page = await call(
                "delivery.list", {"status": "failed", "person_id": refused.person_id}, DeliveryPage
            )
    finally:
        controller.stop()

    assert "550" in failed.last_error
    assert failed.attempts == 1, "a permanent refusal is not retried"
    assert [(item.status, item.recipient_email, item.error_code) for item in page.items] == [
        ("failed", refused.email, "recipient_refused")
    ]
    # Mail another test left queued may come in too (the session's database is shared): only these two count.
    ours = [item.to for item in store.messages() if set(item.to) & {refused.email, accepted.email}]
    assert ours == [[accepted.email]]


async def test_an_unparsable_event_is_dead_lettered_and_the_next_one_is_handled(
    service: ServiceRuntime, producer: JetStreamContext, mail_sink: MailSink
) -> None:
    someone = person()
    await publish(producer, PersonCreated(person=someone), subject=someone.person_id)
    garbage_id = str(uuid.uuid4())
    await producer.publish(
        "events.evt.invitation.issued",
        b'{"id": "' + garbage_id.encode() + b'", "data": 42}',
        headers={"Nats-Msg-Id": garbage_id},
    )
    await invite(producer, someone.person_id)

    await eventually(lambda: _received(mail_sink, someone.email or ""))
    dead_letters = service.database.table("dead_letters")
    async with service.database.read() as session:
        dead = await session.scalar(
            sa.select(dead_letters.c.error).where(dead_letters.c.event_id == uuid.UUID(garbage_id))
        )
    assert dead is not None
    assert "not a valid InvitationIssued envelope" in dead


async def _received(sink: MailSink, address: str) -> bool:
    return len(mails_to(sink, address)) == 1


async def test_a_template_with_an_unknown_placeholder_is_refused_naming_the_placeholder_and_the_part(
    service: ServiceRuntime, call: Call
) -> None:
    shipped: list[TemplateView] = (
        await call("template.list", {"kind": "reminder", "language": "de"}, Page[TemplateView])
    ).items
    broken = shipped[0].text.replace("{{ event_title }}", "{{ event_name }}")

    with pytest.raises(InvalidInput) as refused:
        await call(
            "template.save",
            {
                "kind": "reminder",
                "language": "de",
                "subject": shipped[0].subject,
                "text": broken,
                "html": shipped[0].html,
            },
            TemplateView,
        )

    [detail] = refused.value.details
    assert detail.field == "text"
    assert detail.code == "unknown_placeholder"
    assert "{{ event_name }}" in detail.message
    assert "event_title" in detail.message, "the allowed placeholders are listed"
    unchanged: list[TemplateView] = (
        await call("template.list", {"kind": "reminder", "language": "de"}, Page[TemplateView])
    ).items
    assert unchanged[0].customised is False
