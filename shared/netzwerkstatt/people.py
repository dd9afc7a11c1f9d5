"""What every service does with the registry's people: keep a projection of ``PersonFacts`` (the
events service to show names, notifications to write), and remember who was erased.

One upsert for every projection of people and one erasure record table (``erasure_records``, a
kernel table in every schema) instead of a copy per service."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from netzwerkstatt.contracts.registry import PersonFacts
from netzwerkstatt.db import ERASURE_RECORDS, utcnow


def erasure_records(metadata: sa.MetaData) -> sa.Table:
    """The service's erasure record table (added by ``kernel_tables``)."""
    return metadata.tables[ERASURE_RECORDS]


async def is_erased(session: AsyncSession, records: sa.Table, person_id: uuid.UUID) -> bool:
    found = await session.scalar(sa.select(sa.literal(True)).where(records.c.person_id == person_id))
    return bool(found)


async def record_erasure(
    session: AsyncSession, records: sa.Table, person_id: uuid.UUID, erased_at: datetime | None = None
) -> None:
    await session.execute(
        insert(records)
        .values(person_id=person_id, erased_at=erased_at or utcnow())
        .on_conflict_do_nothing(index_elements=[records.c.person_id])
    )


def person_columns(person: PersonFacts) -> dict[str, Any]:
    """The columns every projection of a person shares."""
    return {
        "given_name": person.given_name,
        "family_name": person.family_name,
        "form_of_address": person.form_of_address,
        "title": person.title,
        "email": person.email,
        "language": person.language,
        "consents_to_event_contact": person.consents_to_event_contact,
        "version": person.version,
        "projected_at": utcnow(),
    }


async def upsert_person(
    session: AsyncSession,
    table: sa.Table,
    records: sa.Table,
    person: PersonFacts,
    *,
    key: str = "person_id",
    on_insert: Mapping[str, Any] | None = None,
) -> bool:
    """Keep the newest version of a person in ``table`` (keyed by column ``key``); True when this
    version was written. An erased person is never projected again; ``on_insert`` values (e.g. a
    capability of the service's own) are set only when the row is new and survive updates."""
    if await is_erased(session, records, person.person_id):
        return False
    row = {key: person.person_id, **person_columns(person)}
    statement = insert(table).values(**row, **(on_insert or {}))
    written = await session.scalar(
        statement.on_conflict_do_update(
            index_elements=[table.c[key]],
            set_={column: statement.excluded[column] for column in row if column != key},
            where=table.c.version < statement.excluded.version,
        ).returning(table.c[key])
    )
    return written is not None
