"""Telling an outage from a bug: a lost or refused connection to the database or to NATS is
something to wait out and retry (the inbox keeps the message, a request is answered ``unavailable``),
never a poison message or an internal error."""

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
