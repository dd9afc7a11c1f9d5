"""The demo contacts are seeded from the shared demo definition, twice without change."""

from __future__ import annotations

import sqlalchemy as sa

from netzwerkstatt import demo
from netzwerkstatt.service import ServiceRuntime
from notifications_service.seed import seed_demo


async def test_seeding_the_demo_contacts_twice_gives_every_demo_person_once_with_one_token(
    service: ServiceRuntime,
) -> None:
    contacts = service.database.table("contacts")
    ids = [person.id for person in demo.PEOPLE]
    query = sa.select(contacts.c.person_id, contacts.c.unsubscribe_token).where(contacts.c.person_id.in_(ids))

    await seed_demo(service.database)
    async with service.database.read() as session:
        first = set((await session.execute(query)).all())
    await seed_demo(service.database)
    async with service.database.read() as session:
        second = set((await session.execute(query)).all())

    assert len(first) == len(ids)
    assert first == second
