"""Queries of responsibilities and of the topics staff added."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from netzwerkstatt.db import utcnow
from netzwerkstatt.names import name_key
from registry_service.store.common import Row
from registry_service.store.tables import organisations, responsibilities, topics


async def custom_topics(session: AsyncSession) -> list[Row]:
    rows = await session.execute(sa.select(topics).order_by(topics.c.code))
    return [dict(row) for row in rows.mappings()]


async def topics_labelled(session: AsyncSession, label_de: str, label_en: str) -> list[Row]:
    """Topics staff added with either label, whatever its case or spacing."""
    query = sa.select(topics).where(
        sa.or_(topics.c.label_de_key == name_key(label_de), topics.c.label_en_key == name_key(label_en))
    )
    return [dict(row) for row in (await session.execute(query)).mappings()]


async def insert_topic(session: AsyncSession, code: str, label_de: str, label_en: str) -> None:
    await session.execute(
        topics.insert().values(
            code=code,
            label_de=label_de,
            label_en=label_en,
            label_de_key=name_key(label_de),
            label_en_key=name_key(label_en),
            created_at=utcnow(),
        )
    )


async def upsert_responsibility(
    session: AsyncSession,
    *,
    topic: str,
    organisation_id: uuid.UUID,
    region_key: str,
    contact_person_id: uuid.UUID | None,
    substitute_person_id: uuid.UUID | None,
    responsibility_id: uuid.UUID | None = None,
) -> Row:
    """Insert or replace the assignment of (topic, organisation, region); a race ends in one row."""
    now = utcnow()
    inserting = pg_insert(responsibilities).values(
        id=responsibility_id or uuid.uuid4(),
        topic=topic,
        organisation_id=organisation_id,
        region_key=region_key,
        contact_person_id=contact_person_id,
        substitute_person_id=substitute_person_id,
        version=1,
        updated_at=now,
    )
    statement = inserting.on_conflict_do_update(
        constraint="responsibilities_once",
        set_={
            "contact_person_id": inserting.excluded.contact_person_id,
            "substitute_person_id": inserting.excluded.substitute_person_id,
            "version": responsibilities.c.version + 1,
            "updated_at": now,
        },
    ).returning(responsibilities)
    return dict((await session.execute(statement)).mappings().one())


async def get_responsibility(session: AsyncSession, responsibility_id: uuid.UUID) -> Row | None:
    row = (
        (await session.execute(sa.select(responsibilities).where(responsibilities.c.id == responsibility_id)))
        .mappings()
        .first()
    )
    return dict(row) if row else None


async def delete_responsibility(session: AsyncSession, responsibility_id: uuid.UUID) -> None:
    await session.execute(responsibilities.delete().where(responsibilities.c.id == responsibility_id))


async def list_responsibilities(
    session: AsyncSession,
    *,
    topic: str | None = None,
    organisation_ids: Sequence[uuid.UUID] | None = None,
    region_keys: Sequence[str] | None = None,
    person_id: uuid.UUID | None = None,
    offset: int = 0,
    limit: int | None = None,
) -> tuple[list[Row], int]:
    conditions: list[Any] = []
    if topic is not None:
        conditions.append(responsibilities.c.topic == topic)
    if organisation_ids is not None:
        conditions.append(responsibilities.c.organisation_id.in_(list(organisation_ids)))
    if region_keys is not None:
        conditions.append(responsibilities.c.region_key.in_(list(region_keys)))
    if person_id is not None:
        conditions.append(
            sa.or_(
                responsibilities.c.contact_person_id == person_id,
                responsibilities.c.substitute_person_id == person_id,
            )
        )
    total = await session.scalar(sa.select(sa.func.count()).select_from(responsibilities).where(*conditions))
    query = (
        sa.select(responsibilities, organisations.c.name.label("organisation_name"))
        .join(organisations, organisations.c.id == responsibilities.c.organisation_id)
        .where(*conditions)
        .order_by(
            responsibilities.c.topic, sa.func.lower(organisations.c.name), responsibilities.c.region_key
        )
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    return [dict(row) for row in (await session.execute(query)).mappings()], int(total or 0)
