"""The mail server down for a while: nothing is lost, everything goes out once it is back, in the
order it was queued per recipient, and no message counts as failed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from nats.js import JetStreamContext
from notification_flows import PUBLIC_URL, Call, StartNotifications, event, mails_to, person, publish, unique

from netzwerkstatt.contracts.events import EventPublished
from netzwerkstatt.contracts.notifications import SendAccepted
from netzwerkstatt.contracts.registry import PersonCreated
from netzwerkstatt.stack.processes import free_port
from netzwerkstatt.testing.services import eventually
from notifications_service.mailsink import MailSink


async def test_mail_queued_while_the_server_is_down_is_sent_in_order_when_it_returns(
    start_notifications: StartNotifications, producer: JetStreamContext, call: Call, tmp_path: Path
) -> None:
    port = free_port()
    people = [person(), person(language="en")]
    for someone in people:
        await publish(producer, PersonCreated(person=someone), subject=someone.person_id)
    workshops = [event(title=unique(f"Netzwerktreffen {number}")) for number in range(3)]
    for workshop in workshops:
        await publish(producer, EventPublished(event=workshop), subject=workshop.event_id)

    async with start_notifications(smtp_port=port) as service:
        messages = service.database.table("messages")
        events = service.database.table("events")

        async def projected() -> bool:
            async with service.database.read() as session:
                count = await session.scalar(
                    sa.select(sa.func.count()).where(events.c.event_id.in_([w.event_id for w in workshops]))
                )
            return bool(count == len(workshops))

        await eventually(projected)
        queued = []
        for workshop in workshops:
            for someone in people:
                accepted: SendAccepted = await call(
                    "feedback_request.send",
                    {
                        "person_id": someone.person_id,
                        "event_id": workshop.event_id,
                        "event_title": workshop.title,
                        "survey_url": f"{PUBLIC_URL}/p/feedback/{unique('survey')}",
                        "closes_at": datetime.now(UTC) + timedelta(days=14),
                        "idempotency_key": unique("outage"),
                    },
                    SendAccepted,
                )
                queued.append(accepted.message_id)

        async def retried() -> bool:
            async with service.database.read() as session:
                rows = (await session.execute(sa.select(messages).where(messages.c.id.in_(queued)))).all()
            return any(row.attempts >= 2 for row in rows) and all(row.status == "pending" for row in rows)

        await eventually(retried)

        with MailSink(store_dir=tmp_path / "late-mail", port=port) as sink:

            async def all_sent() -> bool:
                async with service.database.read() as session:
                    statuses = (
                        await session.scalars(sa.select(messages.c.status).where(messages.c.id.in_(queued)))
                    ).all()
                return list(statuses) == ["sent"] * len(queued)

            await eventually(all_sent, timeout=15)
            for someone in people:
                assert someone.email is not None
                subjects = [str(mail["Subject"]) for mail in mails_to(sink, someone.email)]
                assert [subject.split(" ")[-1] for subject in subjects] == [
                    w.title.split(" ")[-1] for w in workshops
                ]
