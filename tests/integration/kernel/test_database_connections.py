"""Pooled database connections: checked before use when they sat idle, not before every transaction,
and never handed out dead after PostgreSQL dropped them."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import asyncpg
import pytest
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql.asyncpg import AsyncAdapt_asyncpg_connection

from netzwerkstatt import db
from netzwerkstatt.db import Database, HeldAutocommit, kernel_tables
from netzwerkstatt.settings import ServiceSettings
from netzwerkstatt.testing.servers import NatsServer, PostgresServer
from netzwerkstatt.testing.services import settings_for


class FeedbackProbeSettings(ServiceSettings):
    service_name = "feedback"


def database(nats_server: NatsServer, postgres_server: PostgresServer) -> Database:
    metadata = sa.MetaData()
    kernel_tables(metadata)
    return Database(settings_for(FeedbackProbeSettings, nats_server, postgres_server), metadata)


async def backend_of(database: Database) -> int:
    async with database.read() as session:
        return int(await session.scalar(sa.text("SELECT pg_backend_pid()")) or 0)


async def drop_connection(postgres_server: PostgresServer, pid: int) -> None:
    """What a restart of PostgreSQL or a network cut does to a pooled connection."""
    admin = await asyncpg.connect(postgres_server.superuser_database_dsn)
    try:
        assert await admin.fetchval("SELECT pg_terminate_backend($1)", pid)
    finally:
        await admin.close()


def count_pings(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every ping of a pooled connection (each costs three round trips)."""
    pings: list[int] = []
    original: Callable[[Any], None] = AsyncAdapt_asyncpg_connection.ping

    def ping(connection: Any) -> None:
        pings.append(1)
        original(connection)

    monkeypatch.setattr(AsyncAdapt_asyncpg_connection, "ping", ping)
    return pings


async def test_a_connection_dropped_while_idle_is_replaced_before_it_is_used(
    nats_server: NatsServer, postgres_server: PostgresServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "PING_AFTER_IDLE_SECONDS", 0.2)
    pings = count_pings(monkeypatch)
    database_ = database(nats_server, postgres_server)
    try:
        first = await backend_of(database_)
        assert pings == []  # a connection just made is not pinged
        await drop_connection(postgres_server, first)
        await asyncio.sleep(0.3)  # idle for longer than the limit
        second = await backend_of(database_)  # no error: the ping found it dead, a new one served
        assert second != first
        assert pings == [1]
    finally:
        await database_.dispose()


async def test_a_connection_in_steady_use_is_not_pinged_and_after_a_drop_the_pool_starts_afresh(
    nats_server: NatsServer, postgres_server: PostgresServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "PING_AFTER_IDLE_SECONDS", 3600.0)  # every connection counts as in use
    pings = count_pings(monkeypatch)
    database_ = database(nats_server, postgres_server)
    try:
        first = await backend_of(database_)
        for _ in range(3):
            assert await backend_of(database_) == first
        assert pings == []
        await drop_connection(postgres_server, first)
        with pytest.raises(sa.exc.DBAPIError) as failure:
            await backend_of(database_)
        assert failure.value.connection_invalidated
        assert await backend_of(database_) != first  # the whole pool was discarded, no second failure
    finally:
        await database_.dispose()


class _Writes:
    """A table for single-statement writes, and who wrote each row."""

    insert = sa.text("INSERT INTO held_writes (number, backend) VALUES (:number, pg_backend_pid())")

    @staticmethod
    async def create(database: Database) -> None:
        async with database.unit_of_work() as uow:
            await uow.session.execute(sa.text("DROP TABLE IF EXISTS held_writes"))
            await uow.session.execute(sa.text("CREATE TABLE held_writes (number int, backend int)"))

    @staticmethod
    async def rows(database: Database) -> list[tuple[int, int]]:
        async with database.read() as session:
            result = await session.execute(sa.text("SELECT number, backend FROM held_writes ORDER BY 1"))
            return [(row.number, row.backend) for row in result]


@pytest.fixture
async def held_writes(
    nats_server: NatsServer, postgres_server: PostgresServer
) -> AsyncIterator[tuple[Database, HeldAutocommit]]:
    """A database with the writes table, and a held autocommit connection of it."""
    database_ = database(nats_server, postgres_server)
    held = database_.held_autocommit()
    try:
        await _Writes.create(database_)
        yield database_, held
    finally:
        await held.close()
        await database_.dispose()


async def test_a_held_autocommit_connection_commits_each_write_at_once_on_one_connection_until_closed(
    held_writes: tuple[Database, HeldAutocommit],
) -> None:
    database_, held = held_writes
    for number in range(3):
        await held.execute(_Writes.insert, {"number": number})
        # Committed at once: another connection sees it while the held one stays open.
        assert [row[0] for row in await _Writes.rows(database_)] == list(range(number + 1))
    assert len({backend for _, backend in await _Writes.rows(database_)}) == 1
    await held.close()
    await held.close()  # closing twice is harmless
    await held.execute(_Writes.insert, {"number": 3})  # taken from the pool again
    assert [row[0] for row in await _Writes.rows(database_)] == [0, 1, 2, 3]


async def test_a_held_connection_that_postgres_dropped_fails_one_write_and_the_next_takes_a_new_one(
    held_writes: tuple[Database, HeldAutocommit], postgres_server: PostgresServer
) -> None:
    database_, held = held_writes
    await held.execute(_Writes.insert, {"number": 1})
    [(_, first_backend)] = await _Writes.rows(database_)
    await drop_connection(postgres_server, first_backend)

    with pytest.raises(sa.exc.DBAPIError):
        await held.execute(_Writes.insert, {"number": 2})
    await held.execute(_Writes.insert, {"number": 3})

    rows = await _Writes.rows(database_)
    assert [number for number, _ in rows] == [1, 3]  # the failed write wrote nothing
    assert rows[1][1] != first_backend


async def test_a_read_sends_each_query_alone_without_a_transaction_around_it(
    nats_server: NatsServer, postgres_server: PostgresServer
) -> None:
    database_ = database(nats_server, postgres_server)
    # now() is the start of the statement's transaction.
    transaction_start = sa.text("SELECT now()")
    try:
        async with database_.read() as session:
            read = [await session.scalar(transaction_start) for _ in range(2)]
        async with database_.unit_of_work() as uow:
            in_unit_of_work = [await uow.session.scalar(transaction_start) for _ in range(2)]
    finally:
        await database_.dispose()

    # No BEGIN before them (one round trip each, not BEGIN, queries, ROLLBACK): each query is a
    # transaction of its own, as it is not in a unit of work.
    assert read[0] != read[1]
    assert in_unit_of_work[0] == in_unit_of_work[1]


async def test_a_write_through_a_read_is_refused_before_it_reaches_the_database(
    nats_server: NatsServer, postgres_server: PostgresServer
) -> None:
    database_ = database(nats_server, postgres_server)
    inbox = database_.table(db.INBOX)
    try:
        async with database_.read() as session:
            with pytest.raises(db.WriteInRead):
                await session.execute(inbox.insert().values(event_id=uuid.uuid4(), consumer="probe"))
            with pytest.raises(db.WriteInRead):
                await session.execute(inbox.delete())
            with pytest.raises(db.WriteInRead):
                await session.execute(sa.text("DELETE FROM inbox"))
            assert await session.scalar(sa.text("SELECT 1")) == 1  # queries still go through
    finally:
        await database_.dispose()
