"""A registration staff enter as confirmed another way (by phone, on paper, at a partner's desk):
confirmed like any other, announced with ``confirmation: already_confirmed``, and notifications
sends no confirmation for it while the reminders are planned; a registration next to it is
confirmed by e-mail as always. On servers of its own: notifications reads the events service's whole
stream, which the other tests fill."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from events_helpers import (
    EventsApi,
    RegistryFacts,
    fields,
    organisation,
    person,
    person_from_the_registry,
    published_event,
)

from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.testing.fixtures import servers_of_its_own
from netzwerkstatt.testing.services import eventually

module_servers_dir, nats_server, postgres_server = servers_of_its_own()


async def register(api: EventsApi, event: dict[str, Any], person_id: uuid.UUID, **extra: object) -> Any:
    return await api.call(
        "registration.register", {"event_id": event["id"], "person_id": str(person_id)} | extra
    )


async def confirmed_fact(api: EventsApi, registration_id: str) -> dict[str, Any]:
    outbox = api.runtime.database.table("outbox")
    query = sa.select(outbox.c.envelope).where(
        outbox.c.aggregate == registration_id, outbox.c.subject == "events.evt.registration.confirmed"
    )
    async with api.runtime.database.read() as session:
        (envelope,) = (await session.execute(query)).scalars().all()
    return dict(envelope["data"])


async def test_a_registration_confirmed_another_way_gets_its_reminders_but_no_confirmation_mail(
    api: EventsApi, registry_facts: RegistryFacts, notifications: ServiceRuntime
) -> None:
    event = await published_event(api, capacity=5)
    jobcenter = await organisation(api)
    by_phone = await person_from_the_registry(api, registry_facts, jobcenter)
    online = await person_from_the_registry(api, registry_facts, jobcenter)

    told = await register(api, event, by_phone.person_id, confirmation="already_confirmed")
    mailed = await register(api, event, online.person_id)
    assert (told["status"], mailed["status"]) == ("confirmed", "confirmed")
    assert (await confirmed_fact(api, told["id"]))["confirmation"] == "already_confirmed"
    assert (await confirmed_fact(api, mailed["id"]))["confirmation"] == "mail"

    registrations = notifications.database.table("registrations")
    messages = notifications.database.table("messages")
    reminder_jobs = notifications.database.table("reminder_jobs")

    async def both_projected() -> dict[uuid.UUID, str] | None:
        async with notifications.database.read() as session:
            rows = await session.execute(
                sa.select(registrations.c.registration_id, registrations.c.status).where(
                    registrations.c.event_id == uuid.UUID(event["id"])
                )
            )
            found = {row.registration_id: row.status for row in rows}
        return found if len(found) == 2 else None

    projected = await eventually(both_projected)
    assert projected == {uuid.UUID(told["id"]): "confirmed", uuid.UUID(mailed["id"]): "confirmed"}
    async with notifications.database.read() as session:
        queued = (
            await session.execute(
                sa.select(messages.c.subject_id, messages.c.kind).where(
                    messages.c.event_id == uuid.UUID(event["id"])
                )
            )
        ).all()
        planned = await session.scalar(
            sa.select(sa.func.count()).where(
                reminder_jobs.c.event_id == uuid.UUID(event["id"]), reminder_jobs.c.status == "planned"
            )
        )
    assert [tuple(row) for row in queued] == [(mailed["id"], "registration_confirmed")]
    assert planned, "the reminders before the event are planned for the confirmed registrations"


async def test_an_unknown_way_of_confirmation_is_refused_at_its_field_and_registers_nobody(
    api: EventsApi,
) -> None:
    event = await published_event(api, capacity=5)
    jobcenter = await organisation(api)
    someone = await person(api, jobcenter)
    for wrong in ("fax", "", None, 1):
        error = await api.fails(
            "registration.register",
            {"event_id": event["id"], "person_id": str(someone), "confirmation": wrong},
        )
        assert fields(error) == {"confirmation"}, wrong
    listing = await api.call("registration.list", {"event_id": event["id"]})
    assert listing["items"] == []
