"""Tables of the events service's own schema and the queries on them."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from netzwerkstatt.db import kernel_tables, utcnow
from sqlalchemy.dialects.postgresql import ARRAY, UUID, insert
from sqlalchemy.ext.asyncio import AsyncSession

metadata = sa.MetaData()
kernel_tables(metadata)

# Projection of the registry's organisations: what this service shows and groups by.
organisations = sa.Table(
    "organisations",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("type", sa.Text, nullable=False),
    sa.Column("region_keys", ARRAY(sa.Text), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("projected_at", sa.DateTime(timezone=True), nullable=False),
)


async def upsert_organisation(session: AsyncSession, values: dict[str, Any]) -> None:
    """Keep the newest version only: an older event arriving late changes nothing."""
    row = {**values, "projected_at": utcnow()}
    statement = insert(organisations).values(**row)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[organisations.c.id],
            set_={key: statement.excluded[key] for key in row if key != "id"},
            where=organisations.c.version < statement.excluded.version,
        )
    )
