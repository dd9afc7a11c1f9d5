"""Queries of people: their e-mail addresses, consents and memberships."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from netzwerkstatt.db import utcnow
from registry_service.store.common import Row, escape_like, in_order, rows_of_each
from registry_service.store.tables import (
    consents,
    memberships,
    organisations,
    people,
    person_emails,
    responsibilities,
)


async def insert_person(
    session: AsyncSession, values: Mapping[str, Any], person_id: uuid.UUID | None = None
) -> Row:
    now = utcnow()
    row: Row = {"id": person_id or uuid.uuid4(), "version": 1, "created_at": now, "updated_at": now, **values}
    await session.execute(people.insert().values(**row))
    return row


async def get_person_row(session: AsyncSession, person_id: uuid.UUID, *, lock: bool = False) -> Row | None:
    query = sa.select(people).where(people.c.id == person_id)
    if lock:
        query = query.with_for_update()
    row = (await session.execute(query)).mappings().first()
    return dict(row) if row else None


async def touch_person(
    session: AsyncSession, person_id: uuid.UUID, changes: Mapping[str, Any] | None = None
) -> Row:
    """Apply changes (if any) and count a new version of the person."""
    values = {**(changes or {}), "updated_at": utcnow(), "version": people.c.version + 1}
    row = (
        (
            await session.execute(
                people.update().where(people.c.id == person_id).values(**values).returning(people)
            )
        )
        .mappings()
        .one()
    )
    return dict(row)


async def replace_emails(session: AsyncSession, person_id: uuid.UUID, emails: Sequence[str]) -> None:
    await session.execute(person_emails.delete().where(person_emails.c.person_id == person_id))
    if emails:
        await session.execute(
            person_emails.insert(),
            [
                {"email": email.lower(), "person_id": person_id, "position": position}
                for position, email in enumerate(emails)
            ],
        )


async def owners_of_emails(session: AsyncSession, emails: Iterable[str]) -> dict[str, uuid.UUID]:
    wanted = [email.lower() for email in emails]
    if not wanted:
        return {}
    rows = await session.execute(sa.select(person_emails).where(person_emails.c.email.in_(wanted)))
    return {row["email"]: row["person_id"] for row in rows.mappings()}


async def emails_of(session: AsyncSession, person_id: uuid.UUID) -> list[str]:
    rows = await session.scalars(
        sa.select(person_emails.c.email)
        .where(person_emails.c.person_id == person_id)
        .order_by(person_emails.c.position)
    )
    return list(rows)


async def replace_consents(session: AsyncSession, person_id: uuid.UUID, kinds: Sequence[str]) -> None:
    """Keep the time of consents given before; record the time of new ones; drop withdrawn ones."""
    await session.execute(
        consents.delete().where(consents.c.person_id == person_id, consents.c.kind.not_in(list(kinds)))
    )
    for kind in kinds:
        await session.execute(
            pg_insert(consents)
            .values(person_id=person_id, kind=kind, given_at=utcnow())
            .on_conflict_do_nothing(index_elements=["person_id", "kind"])
        )


async def consents_of(session: AsyncSession, person_id: uuid.UUID) -> list[Row]:
    rows = await session.execute(
        sa.select(consents).where(consents.c.person_id == person_id).order_by(consents.c.kind)
    )
    return [dict(row) for row in rows.mappings()]


async def memberships_of(
    session: AsyncSession, person_id: uuid.UUID, *, current_only: bool = False
) -> list[Row]:
    query = (
        sa.select(memberships, organisations.c.name.label("organisation_name"))
        .join(organisations, organisations.c.id == memberships.c.organisation_id)
        .where(memberships.c.person_id == person_id)
        .order_by(memberships.c.start_date.nulls_first(), organisations.c.name)
    )
    if current_only:
        query = query.where(memberships.c.end_date.is_(None))
    return [dict(row) for row in (await session.execute(query)).mappings()]


async def people_by_id(session: AsyncSession, person_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Row]:
    if not person_ids:
        return {}
    rows = await session.execute(sa.select(people).where(people.c.id.in_(list(person_ids))))
    return {row["id"]: dict(row) for row in rows.mappings()}


async def emails_of_people(
    session: AsyncSession, person_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[str]]:
    """Each person's e-mail addresses in their order, in one query."""
    query = sa.select(person_emails).order_by(person_emails.c.person_id, person_emails.c.position)
    found = await rows_of_each(session, query, person_emails.c.person_id, person_ids)
    return {person_id: [row["email"] for row in rows] for person_id, rows in found.items()}


async def consents_of_people(
    session: AsyncSession, person_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[Row]]:
    query = sa.select(consents).order_by(consents.c.person_id, consents.c.kind)
    return await rows_of_each(session, query, consents.c.person_id, person_ids)


async def memberships_of_people(
    session: AsyncSession, person_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[Row]]:
    """Each person's memberships in the order ``memberships_of`` gives them, in one query."""
    query = (
        sa.select(memberships, organisations.c.name.label("organisation_name"))
        .join(organisations, organisations.c.id == memberships.c.organisation_id)
        .order_by(memberships.c.person_id, memberships.c.start_date.nulls_first(), organisations.c.name)
    )
    return await rows_of_each(session, query, memberships.c.person_id, person_ids)


async def current_membership(
    session: AsyncSession, person_id: uuid.UUID, organisation_id: uuid.UUID
) -> Row | None:
    row = (
        (
            await session.execute(
                sa.select(memberships).where(
                    memberships.c.person_id == person_id,
                    memberships.c.organisation_id == organisation_id,
                    memberships.c.end_date.is_(None),
                )
            )
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None


async def current_members_among(
    session: AsyncSession, organisation_id: uuid.UUID, person_ids: Iterable[uuid.UUID]
) -> set[uuid.UUID]:
    """Those of the people with a current membership (one not ended) in the organisation. Their
    rows are locked for share until the transaction ends, so a membership ending or a person
    being erased meanwhile waits for the write that relies on it."""
    wanted = sorted(set(person_ids))
    if not wanted:
        return set()
    await session.execute(sa.select(people.c.id).where(people.c.id.in_(wanted)).with_for_update(read=True))
    found = await session.scalars(
        sa.select(memberships.c.person_id).where(
            memberships.c.organisation_id == organisation_id,
            memberships.c.person_id.in_(wanted),
            memberships.c.end_date.is_(None),
        )
    )
    return set(found)


async def save_membership(session: AsyncSession, person_id: uuid.UUID, values: Mapping[str, Any]) -> None:
    existing = await current_membership(session, person_id, values["organisation_id"])
    if existing is None:
        await session.execute(memberships.insert().values(id=uuid.uuid4(), person_id=person_id, **values))
    else:
        await session.execute(memberships.update().where(memberships.c.id == existing["id"]).values(**values))


async def end_membership(session: AsyncSession, membership_id: uuid.UUID, end_date: date) -> None:
    await session.execute(
        memberships.update().where(memberships.c.id == membership_id).values(end_date=end_date)
    )


async def existing_people(session: AsyncSession, ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    wanted = list(set(ids))
    if not wanted:
        return set()
    return set(await session.scalars(sa.select(people.c.id).where(people.c.id.in_(wanted))))


# The columns a list is sorted by, first to last; the id keeps equal ones in a stable order.
_PERSON_ORDER: dict[str, tuple[sa.ColumnElement[Any], ...]] = {
    "family_name": (sa.func.lower(people.c.family_name), sa.func.lower(people.c.given_name)),
    "given_name": (sa.func.lower(people.c.given_name), sa.func.lower(people.c.family_name)),
}


async def list_person_ids(
    session: AsyncSession,
    *,
    name: str | None,
    organisation_id: uuid.UUID | None,
    organisation_ids: Sequence[uuid.UUID] | None,
    topic: str | None,
    decision_makers_only: bool,
    offset: int,
    limit: int,
    sort: Literal["family_name", "given_name"] = "family_name",
    descending: bool = False,
) -> tuple[list[uuid.UUID], int]:
    conditions: list[Any] = []
    if name:
        pattern = f"%{escape_like(name)}%"
        full_name = people.c.given_name + " " + people.c.family_name
        conditions.append(full_name.ilike(pattern, escape="\\"))
    current = sa.select(memberships.c.person_id).where(memberships.c.end_date.is_(None))
    if decision_makers_only:
        current = current.where(memberships.c.decision_maker.is_(True))
    if organisation_id is not None:
        conditions.append(people.c.id.in_(current.where(memberships.c.organisation_id == organisation_id)))
    if organisation_ids is not None:
        conditions.append(
            people.c.id.in_(current.where(memberships.c.organisation_id.in_(list(organisation_ids))))
        )
    elif decision_makers_only and organisation_id is None:
        conditions.append(people.c.id.in_(current))
    if topic is not None:
        named = (
            sa.select(responsibilities.c.contact_person_id)
            .where(responsibilities.c.topic == topic)
            .union(
                sa.select(responsibilities.c.substitute_person_id).where(responsibilities.c.topic == topic)
            )
        )
        conditions.append(people.c.id.in_(named))
    total = await session.scalar(sa.select(sa.func.count()).select_from(people).where(*conditions))
    ids = await session.scalars(
        sa.select(people.c.id)
        .where(*conditions)
        .order_by(*in_order(_PERSON_ORDER[sort], descending), people.c.id)
        .offset(offset)
        .limit(limit)
    )
    return list(ids), int(total or 0)
