"""Anonymising what this schema holds about a person erased from the registry. Rows that counts
depend on (registrations, attendance, invitations) stay, with the person's id replaced by a random
one that links to nothing, and the links of their e-mails stop working; names live only in the
projection, which is deleted."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from events_service.store import links
from events_service.store.tables import agenda_items, invitations, registrations


def speaking(person_id: uuid.UUID) -> sa.ColumnElement[bool]:
    """Agenda items the person speaks at. The value is bound as JSON: a string bound to the JSONB
    column would be a JSON string, which contains no speaker."""
    return agenda_items.c.speakers.contains([{"person_id": str(person_id)}])


async def anonymise_rows(session: AsyncSession, person_id: uuid.UUID) -> None:
    targets: tuple[tuple[links.LinkKind, sa.Table], ...] = (
        ("invitation", invitations),
        ("registration", registrations),
    )
    for kind, table in targets:
        ids = list(
            (await session.execute(sa.select(table.c.id).where(table.c.person_id == person_id)))
            .scalars()
            .all()
        )
        for row_id in ids:
            await session.execute(
                table.update().where(table.c.id == row_id).values(person_id=uuid.uuid4(), anonymised=True)
            )
        await links.forget(session, kind, ids)
    await session.execute(
        registrations.update().where(registrations.c.substitute_for == person_id).values(substitute_for=None)
    )
    rows = await session.execute(
        sa.select(agenda_items.c.id, agenda_items.c.speakers).where(speaking(person_id))
    )
    for item_id, speakers in rows.all():
        replaced = [
            {"erased": True} if speaker.get("person_id") == str(person_id) else speaker
            for speaker in speakers
        ]
        await session.execute(
            agenda_items.update().where(agenda_items.c.id == item_id).values(speakers=replaced)
        )
