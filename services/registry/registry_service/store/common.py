"""What the query modules share: a row as a dict, a search text escaped for LIKE, a sort order."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

Row = dict[str, Any]


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def in_order(columns: tuple[sa.ColumnElement[Any], ...], descending: bool) -> list[sa.ColumnElement[Any]]:
    return [column.desc() if descending else column.asc() for column in columns]
