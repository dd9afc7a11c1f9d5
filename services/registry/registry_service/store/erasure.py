"""Erasing a person: every row holding their data goes, references to them are cleared."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from netzwerkstatt.people import is_erased, record_erasure
from registry_service.store.tables import (
    consents,
    erasures,
    memberships,
    metadata,
    people,
    person_emails,
    responsibilities,
)


async def erase_person_rows(
    session: AsyncSession, person_id: uuid.UUID, erased_at: datetime
) -> dict[str, int]:
    """Remove every row holding the person's data; clear references to them. Returns counts per table."""
    counts: dict[str, int] = {}

    async def run(table_name: str, statement: Any) -> None:
        result = await session.execute(statement)
        counts[table_name] = counts.get(table_name, 0) + int(result.rowcount or 0)  # type: ignore[attr-defined]

    await run(
        "responsibilities",
        responsibilities.update()
        .where(responsibilities.c.contact_person_id == person_id)
        .values(contact_person_id=None, version=responsibilities.c.version + 1, updated_at=erased_at),
    )
    await run(
        "responsibilities",
        responsibilities.update()
        .where(responsibilities.c.substitute_person_id == person_id)
        .values(substitute_person_id=None, version=responsibilities.c.version + 1, updated_at=erased_at),
    )
    await run(
        "memberships",
        memberships.update()
        .where(memberships.c.substitute_person_id == person_id)
        .values(substitute_person_id=None),
    )
    await run("memberships", memberships.delete().where(memberships.c.person_id == person_id))
    await run("consents", consents.delete().where(consents.c.person_id == person_id))
    await run("person_emails", person_emails.delete().where(person_emails.c.person_id == person_id))
    await run("people", people.delete().where(people.c.id == person_id))
    # Events that carried the person's data leave the outbox too (PersonErased follows them).
    outbox = metadata.tables["outbox"]
    await run(
        "outbox",
        outbox.delete().where(
            outbox.c.aggregate == str(person_id),
            outbox.c.subject.in_(["registry.evt.person.created", "registry.evt.person.updated"]),
        ),
    )
    await record_erasure(session, erasures, person_id, erased_at)
    return counts


async def was_erased(session: AsyncSession, person_id: uuid.UUID) -> bool:
    return await is_erased(session, erasures, person_id)
