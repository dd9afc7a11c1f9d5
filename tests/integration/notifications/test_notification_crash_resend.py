"""A worker that dies after the mail server accepted its mails but before its batch was recorded
sends none of them again: each accepted mail was marked at once, in a statement of its own, before
the worker sent its next one."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import Counter
from typing import Any

import pytest
import sqlalchemy as sa
from nats.js import JetStreamContext
from notification_flows import SlowServer, event, mails_to, message_not_due, person, publish, serving

from netzwerkstatt.contracts.events import InvitationIssued
from netzwerkstatt.contracts.registry import PersonCreated, PersonFacts
from netzwerkstatt.db import UnitOfWork, utcnow
from netzwerkstatt.principal import Principal
from netzwerkstatt.rpc import RpcClient
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.testing.services import eventually
from notifications_service import queue
from notifications_service.delivery import DeliveryWorker
from notifications_service.mailsink import MailSink
from notifications_service.smtp import SmtpSender


class Crash(Exception):
    """The process dying between the SMTP server's acceptance and the batch's commit."""


async def invite(producer: JetStreamContext, people: list[PersonFacts]) -> None:
    """The people become contacts, then each is invited to one event."""
    for someone in people:
        await publish(producer, PersonCreated(person=someone), subject=someone.person_id)
    facts = event()
    for someone in people:
        issued = InvitationIssued(invitation_id=uuid.uuid4(), event=facts, person_id=someone.person_id)
        await publish(producer, issued, subject=facts.event_id)


async def invitations_sent(
    start_notifications: Any, producer: JetStreamContext, count: int = 1
) -> list[PersonFacts]:
    """People invited through one delivery worker, once their mails are recorded as sent."""
    people: list[PersonFacts] = [person() for _ in range(count)]
    async with start_notifications(delivery_workers=1) as runtime:
        await invite(producer, people)
        await all_sent(runtime, people)
    return people


async def one_invitation_sent(start_notifications: Any, producer: JetStreamContext) -> PersonFacts:
    """A person invited through one delivery worker, once the mail is recorded as sent."""
    [someone] = await invitations_sent(start_notifications, producer)
    return someone


def refuse_the_first_mark(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The database refuses the first delivery mark, after the mail server accepted the mail (as in an
    outage); the list counts the refusals."""
    record_accepted = queue.record_accepted
    refusals = [0]

    async def database_gone_once(connection: Any, message: queue.SentMessage) -> None:
        if refusals[0] == 0:
            refusals[0] += 1
            raise ConnectionRefusedError("the database went away")
        await record_accepted(connection, message)

    monkeypatch.setattr(queue, "record_accepted", database_gone_once)
    return refusals


async def all_sent(runtime: ServiceRuntime, people: list[PersonFacts]) -> None:
    """Wait until every person's message is recorded as sent."""
    messages = runtime.database.table("messages")
    query = sa.select(sa.func.count()).where(
        messages.c.person_id.in_([p.person_id for p in people]), messages.c.status == "sent"
    )

    async def recorded() -> bool:
        async with runtime.database.read() as session:
            return bool(await session.scalar(query) == len(people))

    await eventually(recorded, timeout=30)


async def test_mails_accepted_before_a_crash_are_recorded_not_sent_again(
    start_notifications: Any,
    producer: JetStreamContext,
    mail_sink: MailSink,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    recorded = DeliveryWorker._record_sent
    crashes = 0

    async def crash_once(self: DeliveryWorker, uow: UnitOfWork, sent: list[Any]) -> None:
        nonlocal crashes
        if sent and crashes == 0:
            crashes += 1
            raise Crash  # the batch's transaction is rolled back, as if the process died
        await recorded(self, uow, sent)

    monkeypatch.setattr(DeliveryWorker, "_record_sent", crash_once)
    people = [person() for _ in range(3)]
    async with start_notifications(delivery_workers=1) as runtime:
        await invite(producer, people)
        await all_sent(runtime, people)
        marks = runtime.database.table("delivery_marks")
        async with runtime.database.read() as session:
            left = await session.scalar(sa.select(sa.func.count()).select_from(marks))

    assert crashes == 1
    received = [mail for someone in people for mail in mails_to(mail_sink, str(someone.email))]
    assert Counter(str(mail["Message-ID"]) for mail in received) == Counter(
        {str(mail["Message-ID"]): 1 for mail in received}
    )
    assert len(received) == len(people)
    assert left == 0  # the marks go with the batch that records the mails as sent


async def test_a_mark_the_database_refused_is_committed_later_and_the_mail_is_not_sent_again(
    start_notifications: Any,
    producer: JetStreamContext,
    mail_sink: MailSink,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    refusals = refuse_the_first_mark(monkeypatch)
    someone = await one_invitation_sent(start_notifications, producer)

    assert refusals == [1]
    assert len(mails_to(mail_sink, str(someone.email))) == 1


async def test_a_held_back_mark_stored_by_another_worker_while_the_claim_reads_the_marks_is_not_missed(
    start_notifications: Any,
    producer: JetStreamContext,
    mail_sink: MailSink,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The mark the database refused waits in the process; another worker stores it just after this
    worker's claim read the stored marks: the claim still knows the mail went out."""
    accepted_before = queue.accepted_before
    commit_held_back = DeliveryWorker._commit_unmarked
    workers: set[DeliveryWorker] = set()

    async def left_to_the_other_worker(self: DeliveryWorker) -> None:
        workers.add(self)

    async def the_other_worker_stores_it_meanwhile(session: Any, message_ids: list[uuid.UUID]) -> Any:
        stored = await accepted_before(session, message_ids)
        for worker in workers:
            await commit_held_back(worker)
        return stored

    refusals = refuse_the_first_mark(monkeypatch)
    monkeypatch.setattr(DeliveryWorker, "_commit_unmarked", left_to_the_other_worker)
    monkeypatch.setattr(queue, "accepted_before", the_other_worker_stores_it_meanwhile)
    someone = await one_invitation_sent(start_notifications, producer)

    assert refusals == [1]
    assert len(mails_to(mail_sink, str(someone.email))) == 1


async def test_marks_held_back_in_an_outage_are_all_stored_when_two_workers_resume_at_once(
    start_notifications: Any,
) -> None:
    """After an outage each worker of the process first commits the marks the outage held back; two
    doing so at the same moment store every mark and drop none unstored."""
    async with start_notifications(delivery_workers=1) as runtime:
        links = RpcClient(
            runtime.broker, timeout=1.0, principal=Principal.of_service("notifications"), caller="test"
        )
        worker = DeliveryWorker(runtime.settings, runtime.database, links)
        held_back = [
            queue.SentMessage(
                message_id=uuid.uuid4(),
                address=f"person-{number}@example.org",
                subject="Einladung",
                language="de",
                sent_at=utcnow(),
            )
            for number in range(3)
        ]
        worker._unmarked.extend(held_back)

        await asyncio.gather(worker._commit_unmarked(), worker._commit_unmarked())

        marks = runtime.database.table("delivery_marks")
        ids = [mark.message_id for mark in held_back]
        async with runtime.database.read() as session:
            stored = set(
                await session.scalars(sa.select(marks.c.message_id).where(marks.c.message_id.in_(ids)))
            )

    assert stored == set(ids)
    assert worker._unmarked == []


async def test_a_service_stopped_while_the_server_accepts_a_mail_records_it_and_the_next_sends_it_not_again(
    start_notifications: Any, producer: JetStreamContext
) -> None:
    server = SlowServer(answer_after=1.0)
    someone = person()
    with serving(server) as port:
        async with start_notifications(smtp_port=port, delivery_workers=1):
            await invite(producer, [someone])
            assert await asyncio.to_thread(server.data_received.wait, 30), "the mail never reached the server"
            # Stopped (a deploy, say) while the server is about to answer the mail it stored.
        async with start_notifications(smtp_port=port, delivery_workers=1) as runtime:
            await all_sent(runtime, [someone])
            await asyncio.sleep(1.0)  # a second sending would reach the server now
    assert len(server.stored) == 1


async def test_an_erasure_meeting_a_batch_being_sent_waits_for_it_instead_of_deadlocking(
    service: ServiceRuntime,
) -> None:
    """The erasure locks the person's messages before their delivery marks, as a delivery worker does
    (its claim locks the messages, recording the sent batch removes the marks)."""
    person_id = uuid.uuid4()
    message_id = await message_not_due(service, person_id)
    messages = service.database.table("messages")
    sent = queue.SentMessage(
        message_id=message_id,
        address="kim@example.org",
        subject="Erinnerung",
        language="de",
        sent_at=utcnow(),
    )

    async with service.database.unit_of_work() as worker:
        claim = sa.select(messages.c.id).where(messages.c.id == message_id).with_for_update()
        assert await worker.session.scalar(claim) == message_id  # the batch's claim
        async with service.database.autocommit() as connection:
            await queue.record_accepted(connection, sent)  # the mail server accepted it

        async def erase() -> int:
            async with service.database.unit_of_work() as erasure:
                return await queue.scrub_person(erasure.session, person_id)

        erasing = asyncio.create_task(erase())
        await asyncio.sleep(0.5)
        assert not erasing.done(), "the erasure waits for the batch"
        await queue.mark_sent(worker.session, [sent])

    assert await erasing == 1
    async with service.database.read() as session:
        row = (await session.execute(sa.select(messages).where(messages.c.id == message_id))).one()
    assert (row.status, row.person_id, row.recipient_email) == ("sent", None, None)


async def test_a_worker_sends_its_next_mail_only_once_the_last_mails_mark_is_committed(
    start_notifications: Any,
    producer: JetStreamContext,
    mail_sink: MailSink,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """However slow the database, a mail goes out only once the last one's mark is committed: a crash
    at any moment resends at most the one mail whose mark was under way."""
    record_accepted = queue.record_accepted
    send = SmtpSender.send
    moments: list[tuple[str, float]] = []

    async def slow_mark(connection: Any, message: queue.SentMessage) -> None:
        await asyncio.sleep(0.2)  # a database slow to answer
        await record_accepted(connection, message)
        moments.append(("marked", time.monotonic()))

    async def timed_send(self: SmtpSender, email: Any) -> None:
        moments.append(("sending", time.monotonic()))
        await send(self, email)

    monkeypatch.setattr(queue, "record_accepted", slow_mark)
    monkeypatch.setattr(SmtpSender, "send", timed_send)
    people = await invitations_sent(start_notifications, producer, 4)

    steps = [step for step, _ in sorted(moments, key=lambda moment: moment[1])]
    assert steps == ["sending", "marked"] * len(people)
    assert all(len(mails_to(mail_sink, str(someone.email))) == 1 for someone in people)


async def test_a_refused_mark_keeps_the_next_mail_back_until_it_is_stored_and_each_mail_goes_once(
    start_notifications: Any,
    producer: JetStreamContext,
    mail_sink: MailSink,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    refusals = refuse_the_first_mark(monkeypatch)
    people = await invitations_sent(start_notifications, producer, 4)

    assert refusals == [1]
    assert all(len(mails_to(mail_sink, str(someone.email))) == 1 for someone in people)
