"""Versioned migrations per service (Alembic), with the version table inside the service's schema.

A service's ``migrations/env.py`` is two lines: import its metadata and call ``run_env(metadata)``.
Its first revision calls ``create_kernel_tables()`` for the outbox, inbox and dead letters."""

from __future__ import annotations

import asyncio
from pathlib import Path

import sqlalchemy as sa
from alembic import command, context, op
from alembic.config import Config
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from netzwerkstatt.db import kernel_tables
from netzwerkstatt.settings import ServiceSettings

VERSION_TABLE = "alembic_version"


def alembic_config(settings: ServiceSettings, script_location: Path) -> Config:
    config = Config()
    config.set_main_option("script_location", str(script_location))
    config.attributes["settings"] = settings
    return config


def upgrade(settings: ServiceSettings, script_location: Path, revision: str = "head") -> None:
    """Bring the service's schema to ``revision`` (blocking; run it outside an event loop)."""
    command.upgrade(alembic_config(settings, script_location), revision)


def run_env(metadata: sa.MetaData) -> None:
    """Body of every service's ``env.py``: online migrations over the service's own connection."""
    settings: ServiceSettings = context.config.attributes["settings"]

    def migrate(connection: Connection) -> None:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            version_table=VERSION_TABLE,
            version_table_schema=settings.database_schema,
        )
        with context.begin_transaction():
            context.run_migrations()

    async def run() -> None:
        engine = create_async_engine(
            settings.database_url.get_secret_value(),
            connect_args={"server_settings": {"search_path": settings.database_schema}},
        )
        async with engine.connect() as connection:
            await connection.run_sync(migrate)
            await connection.commit()
        await engine.dispose()

    asyncio.run(run())


def create_kernel_tables() -> None:
    """Create the outbox, inbox and dead-letter tables (call from a service's first revision)."""
    metadata = sa.MetaData()
    kernel_tables(metadata)
    metadata.create_all(op.get_bind())
