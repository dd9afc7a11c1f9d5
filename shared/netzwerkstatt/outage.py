"""Telling an outage or a race from a bug: a lost or refused connection to the database or to NATS is
something to wait out and retry (the inbox keeps the message, a request is answered ``unavailable``),
never a poison message or an internal error. Likewise a write that lost a race against another one
at the same moment (a unique key both took, a deadlock): the request is answered ``conflict``."""

from __future__ import annotations

import asyncpg
import nats.errors
import sqlalchemy.exc

_CONNECTION_FAILURES: tuple[type[BaseException], ...] = (
    OSError,  # ConnectionError and socket errors included
    asyncpg.PostgresConnectionError,
    asyncpg.exceptions.CannotConnectNowError,
    asyncpg.exceptions.AdminShutdownError,
    asyncpg.exceptions.CrashShutdownError,
    asyncpg.exceptions.InterfaceError,
    sqlalchemy.exc.InterfaceError,
    sqlalchemy.exc.TimeoutError,  # no pooled connection within the pool's time limit
    nats.errors.ConnectionClosedError,
    nats.errors.NoServersError,
)


def is_connection_failure(error: BaseException) -> bool:
    """A lost or refused connection (database or NATS) anywhere in the error's chain."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, _CONNECTION_FAILURES):
            return True
        if isinstance(current, sqlalchemy.exc.DBAPIError) and current.connection_invalidated:
            return True
        current = current.__cause__ or current.__context__
    return False


# SQLSTATEs of a write that lost a race: unique_violation, deadlock_detected, serialization_failure.
_CONCURRENT_WRITE_STATES = frozenset({"23505", "40P01", "40001"})


def is_concurrent_write(error: BaseException) -> bool:
    """A write refused by the database because another transaction took the same key, or the two
    waited on each other, at the same moment: the checks before it passed, so asking again is
    answered by them. SQLAlchemy keeps the driver's error as ``orig``; asyncpg's carries ``sqlstate``."""
    seen: set[int] = set()
    waiting: list[BaseException] = [error]
    while waiting:
        current = waiting.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if getattr(current, "sqlstate", None) in _CONCURRENT_WRITE_STATES:
            return True
        waiting.extend(
            linked
            for linked in (current.__cause__, current.__context__, getattr(current, "orig", None))
            if isinstance(linked, BaseException)
        )
    return False
