"""Queries of networks: their member organisations and sub-projects."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from netzwerkstatt.db import utcnow
from registry_service.store.common import Row, escape_like, rows_of_each
from registry_service.store.tables import network_members, networks, sub_projects


async def get_network(session: AsyncSession, network_id: uuid.UUID, *, lock: bool = False) -> Row | None:
    query = sa.select(networks).where(networks.c.id == network_id)
    if lock:
        query = query.with_for_update()
    row = (await session.execute(query)).mappings().first()
    return dict(row) if row else None


async def network_members_of(session: AsyncSession, network_id: uuid.UUID) -> list[uuid.UUID]:
    rows = await session.scalars(
        sa.select(network_members.c.organisation_id)
        .where(network_members.c.network_id == network_id)
        .order_by(network_members.c.organisation_id)
    )
    return list(rows)


async def sub_projects_of(session: AsyncSession, network_id: uuid.UUID) -> list[Row]:
    rows = await session.execute(
        sa.select(sub_projects)
        .where(sub_projects.c.network_id == network_id)
        .order_by(sub_projects.c.position)
    )
    return [dict(row) for row in rows.mappings()]


async def networks_by_id(session: AsyncSession, network_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Row]:
    if not network_ids:
        return {}
    rows = await session.execute(sa.select(networks).where(networks.c.id.in_(list(network_ids))))
    return {row["id"]: dict(row) for row in rows.mappings()}


async def members_of_networks(
    session: AsyncSession, network_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[uuid.UUID]]:
    """The member organisations of each of the networks, in one query."""
    query = sa.select(network_members).order_by(
        network_members.c.network_id, network_members.c.organisation_id
    )
    found = await rows_of_each(session, query, network_members.c.network_id, network_ids)
    return {network_id: [row["organisation_id"] for row in rows] for network_id, rows in found.items()}


async def sub_projects_of_networks(
    session: AsyncSession, network_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[Row]]:
    """The sub-projects of each of the networks in their order, in one query."""
    query = sa.select(sub_projects).order_by(sub_projects.c.network_id, sub_projects.c.position)
    return await rows_of_each(session, query, sub_projects.c.network_id, network_ids)


async def save_network(
    session: AsyncSession,
    values: Mapping[str, Any],
    *,
    network_id: uuid.UUID,
    members: Sequence[uuid.UUID] | None,
    projects: Sequence[Mapping[str, Any]] | None,
    new: bool,
) -> Row:
    now = utcnow()
    if new:
        row: Row = {
            "id": network_id,
            "version": 1,
            "created_at": now,
            "updated_at": now,
            "archived": False,
            **values,
        }
        await session.execute(networks.insert().values(**row))
    else:
        row = dict(
            (
                await session.execute(
                    networks.update()
                    .where(networks.c.id == network_id)
                    .values(**values, updated_at=now, version=networks.c.version + 1)
                    .returning(networks)
                )
            )
            .mappings()
            .one()
        )
    if members is not None:
        await session.execute(network_members.delete().where(network_members.c.network_id == network_id))
        if members:
            await session.execute(
                network_members.insert(),
                [{"network_id": network_id, "organisation_id": member} for member in dict.fromkeys(members)],
            )
    if projects is not None:
        await session.execute(sub_projects.delete().where(sub_projects.c.network_id == network_id))
        if projects:
            await session.execute(
                sub_projects.insert(),
                [
                    {"id": uuid.uuid4(), "network_id": network_id, "position": position, **project}
                    for position, project in enumerate(projects)
                ],
            )
    return row


async def list_network_ids(
    session: AsyncSession,
    *,
    name: str | None,
    kind: str | None,
    organisation_id: uuid.UUID | None,
    region_keys: Sequence[str] | None,
    include_archived: bool,
    offset: int,
    limit: int,
    ids: Sequence[uuid.UUID] | None = None,
) -> tuple[list[uuid.UUID], int]:
    conditions: list[Any] = []
    if ids is not None:
        conditions.append(networks.c.id.in_(list(ids)))
    if name:
        conditions.append(networks.c.name.ilike(f"%{escape_like(name)}%", escape="\\"))
    if kind:
        conditions.append(networks.c.kind == kind)
    if organisation_id is not None:
        conditions.append(
            sa.or_(
                networks.c.coordinating_organisation_id == organisation_id,
                networks.c.id.in_(
                    sa.select(network_members.c.network_id).where(
                        network_members.c.organisation_id == organisation_id
                    )
                ),
            )
        )
    if region_keys is not None:
        conditions.append(networks.c.region_keys.overlap(sa.cast(list(region_keys), ARRAY(sa.Text))))
    if not include_archived:
        conditions.append(networks.c.archived.is_(False))
    total = await session.scalar(sa.select(sa.func.count()).select_from(networks).where(*conditions))
    found = await session.scalars(
        sa.select(networks.c.id)
        .where(*conditions)
        .order_by(sa.func.lower(networks.c.name), networks.c.id)
        .offset(offset)
        .limit(limit)
    )
    return list(found), int(total or 0)


async def networks_of_organisation(session: AsyncSession, organisation_id: uuid.UUID) -> set[uuid.UUID]:
    """The networks the organisation belongs to: as a member or as the coordinating organisation."""
    members = sa.select(network_members.c.network_id).where(
        network_members.c.organisation_id == organisation_id
    )
    coordinated = sa.select(networks.c.id).where(networks.c.coordinating_organisation_id == organisation_id)
    return set(await session.scalars(sa.union(members, coordinated)))
