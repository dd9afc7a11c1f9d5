"""Counters kept in PostgreSQL, so limits hold across every replica of the gateway."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from gateway_service.store import login_failures, request_counters


def now() -> datetime:
    return datetime.now(UTC)


def account_key(email: str) -> str:
    return f"account:{email.strip().lower()}"


def address_key(address: str) -> str:
    return f"address:{address}"


async def recent_failures(connection: AsyncConnection, key: str, window: timedelta) -> int:
    count = await connection.scalar(
        sa.select(sa.func.count())
        .select_from(login_failures)
        .where(login_failures.c.key == key, login_failures.c.failed_at > now() - window)
    )
    return int(count or 0)


async def record_failure(connection: AsyncConnection, keys: list[str], window: timedelta) -> None:
    moment = now()
    await connection.execute(login_failures.insert(), [{"key": key, "failed_at": moment} for key in keys])
    # Old failures no longer count: drop them while here.
    await connection.execute(
        login_failures.delete().where(
            login_failures.c.key.in_(keys), login_failures.c.failed_at <= moment - window
        )
    )


async def forget_failures(connection: AsyncConnection, key: str) -> None:
    await connection.execute(login_failures.delete().where(login_failures.c.key == key))


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
        # The first request of a new minute clears this key's old minutes.
        await connection.execute(
            request_counters.delete().where(
                request_counters.c.key == key, request_counters.c.window_start < window_start
            )
        )
    return count
