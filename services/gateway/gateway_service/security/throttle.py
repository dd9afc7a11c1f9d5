"""Counters kept in PostgreSQL, so limits hold across every replica of the gateway.

What they count (an e-mail address typed at the sign-in, a client's address) is kept only as a
digest and only as long as it counts: every write drops whatever has left its window, for every
key, so a mistyped address or a passer-by's IP is not kept once it no longer counts.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from gateway_service.security.secrets import digest
from gateway_service.store import login_failures, request_counters


def now() -> datetime:
    return datetime.now(UTC)


def account_key(email: str) -> str:
    return f"account:{digest(email.strip().lower())}"


def account_at_address_key(email: str, address: str) -> str:
    return f"account-at-address:{digest(email.strip().lower() + chr(0) + address)}"


def address_key(address: str) -> str:
    return f"address:{digest(address)}"


def public_pages_key(address: str) -> str:
    return f"public:{digest(address)}"


async def record_attempt(connection: AsyncConnection, keys: list[str], window: timedelta) -> list[int]:
    """Count a sign-in under each key as failed until its password matches; the rows' ids."""
    moment = now()
    ids = await connection.scalars(
        login_failures.insert()
        .values([{"key": key, "failed_at": moment} for key in keys])
        .returning(login_failures.c.id)
    )
    # Failures that no longer count, of any key: dropped while here.
    await connection.execute(_unlocked_delete(login_failures, login_failures.c.failed_at <= moment - window))
    return list(ids)


async def recent_failures(connection: AsyncConnection, keys: list[str], window: timedelta) -> dict[str, int]:
    """The failures within the window of each key (a key without any is left out)."""
    rows = await connection.execute(
        sa.select(login_failures.c.key, sa.func.count())
        .where(login_failures.c.key.in_(keys), login_failures.c.failed_at > now() - window)
        .group_by(login_failures.c.key)
    )
    return {key: int(count) for key, count in rows}


async def forget_attempt(connection: AsyncConnection, attempt: list[int]) -> None:
    await connection.execute(login_failures.delete().where(login_failures.c.id.in_(attempt)))


async def forget_failures(connection: AsyncConnection, keys: list[str]) -> None:
    await connection.execute(login_failures.delete().where(login_failures.c.key.in_(keys)))


async def count_request(connection: AsyncConnection, key: str) -> int:
    """Count one request in the current minute and return the minute's count so far."""
    window_start = now().replace(second=0, microsecond=0)
    statement = (
        insert(request_counters)
        .values(key=key, window_start=window_start, count=1)
        .on_conflict_do_update(
            index_elements=[request_counters.c.key, request_counters.c.window_start],
            set_={"count": request_counters.c.count + 1},
        )
        .returning(request_counters.c.count)
    )
    count = int(await connection.scalar(statement) or 0)
    if count == 1:
        # The first request of a key in a new minute clears the old minutes, of every key.
        await connection.execute(
            _unlocked_delete(request_counters, request_counters.c.window_start < window_start)
        )
    return count


def _unlocked_delete(table: sa.Table, condition: sa.ColumnElement[bool]) -> sa.Delete:
    """Delete the rows no other transaction is deleting at the same moment (it takes them): sign-ins
    and page requests at the same moment neither wait for each other nor deadlock over old rows."""
    key = list(table.primary_key.columns)
    rows = sa.select(*key).where(condition).with_for_update(skip_locked=True)
    return table.delete().where(sa.tuple_(*key).in_(rows))
