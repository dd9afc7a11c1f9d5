"""Tables of the registry's own schema and the queries on them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from netzwerkstatt.db import kernel_tables, utcnow
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.ext.asyncio import AsyncSession

metadata = sa.MetaData()
kernel_tables(metadata)

organisations = sa.Table(
    "organisations",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("type", sa.Text, nullable=False),
    sa.Column("region_keys", ARRAY(sa.Text), nullable=False, server_default="{}"),
    sa.Column("archived", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    # The same name may exist in different regions (a Jobcenter per district), not twice in one.
    sa.Index("organisations_name_regions", sa.func.lower(sa.column("name")), "region_keys", unique=True),
)


async def insert_organisation(
    session: AsyncSession, *, name: str, type_: str, region_keys: Sequence[str]
) -> dict[str, Any]:
    now = utcnow()
    row = {
        "id": uuid.uuid4(),
        "name": name,
        "type": type_,
        "region_keys": sorted(region_keys),
        "archived": False,
        "version": 1,
        "created_at": now,
        "updated_at": now,
    }
    await session.execute(organisations.insert().values(**row))
    return row


async def organisation_name_taken(session: AsyncSession, name: str, region_keys: Sequence[str]) -> bool:
    query = sa.select(sa.literal(True)).where(
        sa.func.lower(organisations.c.name) == name.lower(),
        organisations.c.region_keys == sorted(region_keys),
    )
    return bool(await session.scalar(query))


async def list_organisations(
    session: AsyncSession,
    *,
    name: str | None,
    type_: str | None,
    include_archived: bool,
    offset: int,
    limit: int,
) -> tuple[list[dict[str, Any]], int]:
    conditions: list[Any] = []
    if name:
        conditions.append(organisations.c.name.ilike(f"%{_escape_like(name)}%", escape="\\"))
    if type_:
        conditions.append(organisations.c.type == type_)
    if not include_archived:
        conditions.append(organisations.c.archived.is_(False))
    total = await session.scalar(sa.select(sa.func.count()).select_from(organisations).where(*conditions))
    rows = await session.execute(
        sa.select(organisations)
        .where(*conditions)
        .order_by(sa.func.lower(organisations.c.name), organisations.c.id)
        .offset(offset)
        .limit(limit)
    )
    return [dict(row) for row in rows.mappings()], int(total or 0)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
