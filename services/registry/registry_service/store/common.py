"""What the query modules share: a row as a dict, a search text escaped for LIKE, a sort order, and
the rows of many owners read in one query."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

Row = dict[str, Any]


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def in_order(columns: tuple[sa.ColumnElement[Any], ...], descending: bool) -> list[sa.ColumnElement[Any]]:
    return [column.desc() if descending else column.asc() for column in columns]


async def rows_of_each(
    session: AsyncSession,
    query: sa.Select[Any],
    owner: sa.ColumnElement[uuid.UUID],
    owners: Sequence[uuid.UUID],
) -> dict[uuid.UUID, list[Row]]:
    """The rows of ``query`` that belong to each of ``owners`` (by the ``owner`` column), in the
    query's order: one query however many owners, instead of one per owner."""
    found: dict[uuid.UUID, list[Row]] = {key: [] for key in owners}
    if owners:
        rows = await session.execute(query.where(owner.in_(list(owners))))
        for row in rows.mappings():
            found[row[owner]].append(dict(row))
    return found
