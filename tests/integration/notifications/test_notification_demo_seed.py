"""The demo contacts arrive as the registry's events after the registry was loaded through its
operations, twice without change: every demo person once, with one unsubscribe token."""

from __future__ import annotations

import nats
import sqlalchemy as sa

from netzwerkstatt import demo
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.stack.seeding import seed_registry
from netzwerkstatt.testing.servers import NatsServer
from netzwerkstatt.testing.services import eventually


async def test_loading_the_demo_twice_gives_every_demo_person_once_with_one_token(
    service: ServiceRuntime, registry: ServiceRuntime, nats_server: NatsServer
) -> None:
    contacts = service.database.table("contacts")
    ids = [person.id for person in demo.PEOPLE]
    query = sa.select(contacts.c.person_id, contacts.c.unsubscribe_token).where(contacts.c.person_id.in_(ids))

    async def projected() -> set[tuple[object, ...]]:
        async with service.database.read() as session:
            rows = {tuple(row) for row in (await session.execute(query)).all()}
        return rows if len(rows) == len(ids) else set()

    admin = nats_server.admin
    connection = await nats.connect(nats_server.url, user=admin.user, password=admin.password)
    try:
        await seed_registry(connection)
        first = await eventually(projected)
        report = await seed_registry(connection)
    finally:
        await connection.close()
    assert report.created == {}, "the second run creates nothing"
    async with service.database.read() as session:
        second = {tuple(row) for row in (await session.execute(query)).all()}
    assert first == second
