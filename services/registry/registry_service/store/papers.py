"""Queries of issued Schnittstellenpapiere."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.ext.asyncio import AsyncSession

from registry_service.store.common import Row
from registry_service.store.tables import interface_papers

# The scope's name as the paper holds it, for lists that title a paper without a title of its own.
_SCOPE_NAME = interface_papers.c.content["scope_name"].astext.label("scope_name")


async def next_paper_version(session: AsyncSession, scope_kind: str, scope_key: str) -> int:
    # Serialise issuing per scope across replicas, so two papers never get the same number.
    await session.execute(
        sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtext(f"paper:{scope_kind}:{scope_key}")))
    )
    latest = await session.scalar(
        sa.select(sa.func.max(interface_papers.c.version)).where(
            interface_papers.c.scope_kind == scope_kind, interface_papers.c.scope_key == scope_key
        )
    )
    return int(latest or 0) + 1


async def insert_paper(session: AsyncSession, row: Mapping[str, Any]) -> None:
    await session.execute(interface_papers.insert().values(**row))


async def get_paper(session: AsyncSession, paper_id: uuid.UUID) -> Row | None:
    row = (
        (await session.execute(sa.select(interface_papers).where(interface_papers.c.id == paper_id)))
        .mappings()
        .first()
    )
    return dict(row) if row else None


async def list_papers(
    session: AsyncSession, *, scope_kind: str | None, scope_key: str | None, offset: int, limit: int
) -> tuple[list[Row], int]:
    conditions: list[Any] = []
    if scope_kind is not None:
        conditions.append(interface_papers.c.scope_kind == scope_kind)
    if scope_key is not None:
        conditions.append(interface_papers.c.scope_key == scope_key)
    total = await session.scalar(sa.select(sa.func.count()).select_from(interface_papers).where(*conditions))
    rows = await session.execute(
        sa.select(
            interface_papers.c.id,
            interface_papers.c.scope_kind,
            interface_papers.c.scope_key,
            interface_papers.c.title,
            _SCOPE_NAME,
            interface_papers.c.version,
            interface_papers.c.issued_at,
        )
        .where(*conditions)
        .order_by(interface_papers.c.issued_at.desc(), interface_papers.c.version.desc())
        .offset(offset)
        .limit(limit)
    )
    return [dict(row) for row in rows.mappings()], int(total or 0)


async def papers_naming(session: AsyncSession, person_id: uuid.UUID, *, lock: bool = False) -> list[Row]:
    query = sa.select(interface_papers, _SCOPE_NAME).where(
        sa.literal(person_id, UUID(as_uuid=True)) == sa.any_(interface_papers.c.person_ids)
    )
    if lock:
        query = query.with_for_update()
    return [dict(row) for row in (await session.execute(query)).mappings()]


async def replace_paper_content(
    session: AsyncSession,
    paper_id: uuid.UUID,
    content: Mapping[str, Any],
    person_ids: Sequence[uuid.UUID],
    redactions: int,
) -> None:
    await session.execute(
        interface_papers.update()
        .where(interface_papers.c.id == paper_id)
        .values(
            content=content,
            person_ids=list(person_ids),
            redactions=interface_papers.c.redactions + redactions,
        )
    )
