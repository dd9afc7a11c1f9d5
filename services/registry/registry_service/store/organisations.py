"""Queries of organisations."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from netzwerkstatt.db import utcnow
from registry_service.store.common import Row, escape_like, in_order
from registry_service.store.tables import network_members, organisations, responsibilities


async def insert_organisation(
    session: AsyncSession,
    *,
    name: str,
    type_: str,
    region_keys: Sequence[str],
    organisation_id: uuid.UUID | None = None,
    details: Mapping[str, Any] | None = None,
) -> Row:
    """Insert an organisation; ``details`` holds parent_id, street, postal_code, city, contact_channels."""
    now = utcnow()
    row: Row = {
        "id": organisation_id or uuid.uuid4(),
        "name": name,
        "type": type_,
        "region_keys": sorted(region_keys),
        "archived": False,
        "version": 1,
        "created_at": now,
        "updated_at": now,
        "parent_id": None,
        "street": None,
        "postal_code": None,
        "city": None,
        "contact_channels": [],
        **(details or {}),
    }
    await session.execute(organisations.insert().values(**row))
    return row


async def organisation_name_taken(
    session: AsyncSession, name: str, region_keys: Sequence[str], *, other_than: uuid.UUID | None = None
) -> bool:
    query = sa.select(sa.literal(True)).where(
        sa.func.lower(organisations.c.name) == name.lower(),
        organisations.c.region_keys == sorted(region_keys),
    )
    if other_than is not None:
        query = query.where(organisations.c.id != other_than)
    return bool(await session.scalar(query))


async def get_organisation(
    session: AsyncSession, organisation_id: uuid.UUID, *, lock: bool = False
) -> Row | None:
    query = sa.select(organisations).where(organisations.c.id == organisation_id)
    if lock:
        query = query.with_for_update()
    row = (await session.execute(query)).mappings().first()
    return dict(row) if row else None


async def organisations_by_id(
    session: AsyncSession, ids: Iterable[uuid.UUID], *, share_locked: Iterable[uuid.UUID] = ()
) -> dict[uuid.UUID, Row]:
    """The organisations by id; those in ``share_locked`` locked for share until the transaction
    ends (an archiving of them waits)."""
    wanted = list(set(ids))
    if not wanted:
        return {}
    locked = sorted(set(share_locked) & set(wanted))
    if locked:
        await session.execute(
            sa.select(organisations.c.id).where(organisations.c.id.in_(locked)).with_for_update(read=True)
        )
    rows = await session.execute(sa.select(organisations).where(organisations.c.id.in_(wanted)))
    return {row["id"]: dict(row) for row in rows.mappings()}


async def update_organisation(
    session: AsyncSession, organisation_id: uuid.UUID, changes: Mapping[str, Any]
) -> Row:
    values = {**changes, "updated_at": utcnow(), "version": organisations.c.version + 1}
    if "region_keys" in values:
        values["region_keys"] = sorted(values["region_keys"])
    row = (
        (
            await session.execute(
                organisations.update()
                .where(organisations.c.id == organisation_id)
                .values(**values)
                .returning(organisations)
            )
        )
        .mappings()
        .one()
    )
    return dict(row)


async def is_ancestor(session: AsyncSession, candidate: uuid.UUID, of: uuid.UUID) -> bool:
    """Whether ``candidate`` is ``of`` itself or one of its descendants' parents chain would loop."""
    current: uuid.UUID | None = candidate
    seen: set[uuid.UUID] = set()
    while current is not None and current not in seen:
        if current == of:
            return True
        seen.add(current)
        current = await session.scalar(
            sa.select(organisations.c.parent_id).where(organisations.c.id == current)
        )
    return False


# The columns a list is sorted by, first to last; the id keeps equal ones in a stable order.
_ORGANISATION_ORDER: dict[str, tuple[sa.ColumnElement[Any], ...]] = {
    "name": (sa.func.lower(organisations.c.name),),
    "archived": (organisations.c.archived, sa.func.lower(organisations.c.name)),
}


async def list_organisations(
    session: AsyncSession,
    *,
    name: str | None,
    type_: str | None,
    include_archived: bool,
    offset: int,
    limit: int,
    region_keys: Sequence[str] | None = None,
    network_id: uuid.UUID | None = None,
    network_ids: Sequence[uuid.UUID] | None = None,
    topic: str | None = None,
    types: Sequence[str] | None = None,
    exclude_types: Sequence[str] | None = None,
    sort: Literal["name", "archived"] = "name",
    descending: bool = False,
) -> tuple[list[Row], int]:
    conditions: list[Any] = []
    if name:
        conditions.append(organisations.c.name.ilike(f"%{escape_like(name)}%", escape="\\"))
    if type_:
        conditions.append(organisations.c.type == type_)
    if types is not None:
        conditions.append(organisations.c.type.in_(list(types)))
    if exclude_types is not None:
        conditions.append(organisations.c.type.not_in(list(exclude_types)))
    if not include_archived:
        conditions.append(organisations.c.archived.is_(False))
    if region_keys is not None:
        conditions.append(organisations.c.region_keys.overlap(sa.cast(list(region_keys), ARRAY(sa.Text))))
    if network_id is not None:
        conditions.append(
            organisations.c.id.in_(
                sa.select(network_members.c.organisation_id).where(network_members.c.network_id == network_id)
            )
        )
    if network_ids is not None:
        members_of_any = sa.select(network_members.c.organisation_id).where(
            network_members.c.network_id.in_(list(network_ids))
        )
        conditions.append(organisations.c.id.in_(members_of_any))
    if topic is not None:
        conditions.append(
            organisations.c.id.in_(
                sa.select(responsibilities.c.organisation_id).where(responsibilities.c.topic == topic)
            )
        )
    total = await session.scalar(sa.select(sa.func.count()).select_from(organisations).where(*conditions))
    rows = await session.execute(
        sa.select(organisations)
        .where(*conditions)
        .order_by(*in_order(_ORGANISATION_ORDER[sort], descending), organisations.c.id)
        .offset(offset)
        .limit(limit)
    )
    return [dict(row) for row in rows.mappings()], int(total or 0)
