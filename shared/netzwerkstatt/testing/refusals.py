"""A real PostgreSQL refusal for tests: a trigger raises a chosen SQLSTATE when a row with a chosen
value is inserted, as the server itself does when its disk is full (53100) or its connections are all
taken (53300). The driver's exception then travels through SQLAlchemy exactly as in production."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import sqlalchemy as sa

from netzwerkstatt.db import Database


@asynccontextmanager
async def refused_inserts(
    database: Database, table: str, column: str, value: str, sqlstate: str
) -> AsyncIterator[None]:
    """While the block runs, inserting a row whose ``column`` is ``value`` into the service's
    ``table`` fails with ``sqlstate``; other rows are inserted as ever."""
    schema = database.schema
    trigger = f"refuse_{uuid.uuid4().hex[:12]}"
    async with database.unit_of_work() as uow:
        await uow.session.execute(
            sa.text(
                f"""CREATE FUNCTION {schema}.{trigger}() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.{column} = {_literal(value)} THEN
                        RAISE EXCEPTION 'refused for the test (SQLSTATE {sqlstate})'
                            USING ERRCODE = {_literal(sqlstate)};
                    END IF;
                    RETURN NEW;
                END $$"""
            )
        )
        await uow.session.execute(
            sa.text(
                f"CREATE TRIGGER {trigger} BEFORE INSERT ON {schema}.{table} "
                f"FOR EACH ROW EXECUTE FUNCTION {schema}.{trigger}()"
            )
        )
    try:
        yield
    finally:
        async with database.unit_of_work() as uow:
            await uow.session.execute(sa.text(f"DROP TRIGGER {trigger} ON {schema}.{table}"))
            await uow.session.execute(sa.text(f"DROP FUNCTION {schema}.{trigger}()"))


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
