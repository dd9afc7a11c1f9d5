"""Telling an outage or a race from a bug: a lost or refused connection to the database or to NATS is
something to wait out and retry (the inbox keeps the message, a request is answered ``unavailable``),
never a poison message or an internal error. Likewise a write that lost a race against another one
at the same moment (a unique key both took, a deadlock): the request is answered ``conflict``. And a
database that answers but cannot take the work just now for want of disk, memory or connections
(SQLSTATE class 53): an outage too, though a probe's ``SELECT 1`` may still pass meanwhile."""

from __future__ import annotations

from collections.abc import Iterator

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

# SQLSTATEs of a database short of resources (class 53): insufficient_resources, disk_full,
# out_of_memory, too_many_connections. Not 53400 configuration_limit_exceeded: PostgreSQL raises it
# for a statement or transaction beyond a fixed limit (too many columns or range table entries), which
# the same work meets again however long it waits. 57P03 cannot_connect_now (starting up, shutting
# down, in recovery) is asyncpg's CannotConnectNowError, a connection failure above.
_RESOURCE_SHORTAGES = {
    "53000": "insufficient resources",
    "53100": "disk full",
    "53200": "out of memory",
    "53300": "too many connections",
}


def is_concurrent_write(error: BaseException) -> bool:
    """A write refused by the database because another transaction took the same key, or the two
    waited on each other, at the same moment: the checks before it passed, so asking again is
    answered by them."""
    return any(getattr(linked, "sqlstate", None) in _CONCURRENT_WRITE_STATES for linked in _linked(error))


def is_resource_shortage(error: BaseException) -> bool:
    """The database refused the work for want of disk space, memory or connections: nothing wrong
    with the work itself, to be done again once the operator has made room. The database may well
    answer a probe meanwhile (reads need no disk), so this is told by the error alone."""
    return resource_shortage(error) is not None


def resource_shortage(error: BaseException) -> str | None:
    """What the database is short of (``"disk full"``, say), or ``None`` when that is not the error."""
    for linked in _linked(error):
        shortage = _RESOURCE_SHORTAGES.get(str(getattr(linked, "sqlstate", None)))
        if shortage is not None:
            return shortage
    return None


def is_out_of_memory(error: BaseException) -> bool:
    """The database ran out of memory. Unlike a full disk this may be the work's own doing (a
    statement asking for more than the server has), which no wait cures: callers that hold work
    for it hold it for a while only."""
    return resource_shortage(error) == _RESOURCE_SHORTAGES["53200"]


def _linked(error: BaseException) -> Iterator[BaseException]:
    """The error and every error linked to it, each once. SQLAlchemy keeps the driver's error as
    ``orig``; asyncpg's carries ``sqlstate``."""
    seen: set[int] = set()
    waiting: list[BaseException] = [error]
    while waiting:
        current = waiting.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        waiting.extend(
            linked
            for linked in (current.__cause__, current.__context__, getattr(current, "orig", None))
            if isinstance(linked, BaseException)
        )
