"""The gateway's own database answering "cannot connect now" (starting up after a restart) is an
outage: 503 with Retry-After, never a 500."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import asyncpg
import pytest
import sqlalchemy.exc

from gateway_service.database import GatewayDatabase
from gateway_service.settings import GatewaySettings
from netzwerkstatt.errors import Unavailable


def starting_up() -> sqlalchemy.exc.DBAPIError:
    """As SQLAlchemy hands on asyncpg's refusal while PostgreSQL starts: a plain DBAPIError."""
    cause = asyncpg.exceptions.CannotConnectNowError("the database system is starting up")
    try:
        raise sqlalchemy.exc.DBAPIError("SELECT 1", {}, cause) from cause
    except sqlalchemy.exc.DBAPIError as error:
        return error


class Engine:
    """Stands in for the engine: ``begin`` fails as given, or opens a transaction that is not there."""

    def __init__(self, failure: Exception | None = None) -> None:
        self.failure = failure

    @contextlib.asynccontextmanager
    async def begin(self) -> AsyncIterator[object]:
        if self.failure is not None:
            raise self.failure
        yield object()


async def test_a_database_starting_up_is_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    database = GatewayDatabase(GatewaySettings())
    monkeypatch.setattr(database, "engine", Engine(starting_up()))

    with pytest.raises(Unavailable):
        async with database.transaction():
            pass


async def test_a_failing_statement_is_not_taken_for_an_outage(monkeypatch: pytest.MonkeyPatch) -> None:
    database = GatewayDatabase(GatewaySettings())
    monkeypatch.setattr(database, "engine", Engine())

    with pytest.raises(ZeroDivisionError):
        async with database.transaction():
            raise ZeroDivisionError
