"""The upcoming demo events through the operations, with the notifications service running: their
people are registered as confirmed another way, so nobody is sent a confirmation and a second run
announces nothing, while the reminders before the events are planned. On servers of its own:
notifications reads the events service's whole stream, which the other tests fill."""

from __future__ import annotations

import sqlalchemy as sa
from events_helpers import EventsApi

from netzwerkstatt import demo
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.stack.seeding import seed_events, seed_registry
from netzwerkstatt.testing.fixtures import servers_of_its_own
from netzwerkstatt.testing.services import eventually

module_servers_dir, nats_server, postgres_server = servers_of_its_own()


async def test_the_upcoming_demo_events_are_registered_for_without_a_mail_twice_and_their_reminders_planned(
    api: EventsApi, registry: ServiceRuntime, notifications: ServiceRuntime
) -> None:
    await seed_registry(api.connection)
    await seed_events(api.connection)
    upcoming = [event for event in demo.current().events if event.status != "completed"]
    registered = {event.id: len(event.attendee_slugs) for event in upcoming if event.attendee_slugs}
    for event in upcoming:
        shown = await api.call("event.get", {"event_id": str(event.id)})
        assert (shown["status"], shown["edition"]) == (event.status, event.edition), event.slug
        listing = await api.call("registration.list", {"event_id": str(event.id)})
        assert (listing["confirmed"], listing["waitlisted"]) == (len(event.attendee_slugs), 0), event.slug

    registrations = notifications.database.table("registrations")
    messages = notifications.database.table("messages")
    reminder_jobs = notifications.database.table("reminder_jobs")
    event_ids = [event.id for event in upcoming]

    async def projected() -> bool:
        query = (
            sa.select(registrations.c.event_id, sa.func.count())
            .where(registrations.c.event_id.in_(event_ids), registrations.c.status == "confirmed")
            .group_by(registrations.c.event_id)
        )
        async with notifications.database.read() as session:
            counts = {row[0]: row[1] for row in (await session.execute(query)).all()}
        return counts == registered

    await eventually(projected)
    outbox = api.runtime.database.table("outbox")
    announced = sa.select(sa.func.count()).where(
        sa.or_(
            outbox.c.subject.like("events.evt.registration.%"), outbox.c.subject.like("events.evt.event.%")
        )
    )
    async with api.runtime.database.read() as session:
        facts_before = await session.scalar(announced)
    again = await seed_events(api.connection)
    assert again.created == {}
    async with api.runtime.database.read() as session:
        facts_after = await session.scalar(announced)
    assert facts_after == facts_before, "the second run announces nothing"
    async with notifications.database.read() as session:
        mailed = await session.scalar(sa.select(sa.func.count()).where(messages.c.event_id.in_(event_ids)))
        reminded = await session.scalars(
            sa.select(reminder_jobs.c.event_id)
            .where(reminder_jobs.c.event_id.in_(event_ids), reminder_jobs.c.status == "planned")
            .distinct()
        )
        planned = set(reminded.all())
    assert mailed == 0, "nobody is sent a confirmation"
    assert set(registered) <= planned, "the reminders before the events are planned"
