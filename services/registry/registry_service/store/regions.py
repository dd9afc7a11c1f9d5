"""Queries of custom regions (the reference regions are shipped data, not stored)."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from netzwerkstatt.db import utcnow
from registry_service.store.common import Row
from registry_service.store.tables import custom_regions


async def all_custom_regions(session: AsyncSession) -> list[Row]:
    rows = await session.execute(sa.select(custom_regions).order_by(custom_regions.c.key))
    return [dict(row) for row in rows.mappings()]


async def insert_custom_region(
    session: AsyncSession, *, key: str, name: str, district_keys: Sequence[str]
) -> Row:
    row: Row = {
        "key": key,
        "name": name,
        "district_keys": sorted(district_keys),
        "version": 1,
        "created_at": utcnow(),
    }
    await session.execute(custom_regions.insert().values(**row))
    return row
