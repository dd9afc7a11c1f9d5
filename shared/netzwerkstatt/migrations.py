"""Versioned migrations per service (Alembic), with the version table inside the service's schema.

A service's ``migrations/env.py`` is two lines: import its metadata and call ``run_env(metadata)``.
Its first revision calls ``create_kernel_tables()`` for the outbox, inbox and dead letters.

Revisions are history: they spell out their tables with ``op`` calls and never import a live table
definition (a revision must mean the same thing whatever the code looks like later). New revisions
are generated from the difference between the migrated schema and the service's metadata
(``make migration SERVICE=events MESSAGE="..."``); ``schema_differences`` is the same comparison,
and a test keeps it empty for every service."""

from __future__ import annotations

import asyncio
import time
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import asyncpg
import sqlalchemy as sa
from alembic import command, context, op
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from netzwerkstatt.logs import get_logger
from netzwerkstatt.outage import is_connection_failure, resource_shortage
from netzwerkstatt.settings import ServiceSettings

VERSION_TABLE = "alembic_version"
# How long ``migrate`` waits for a database that does not accept connections yet, and between tries.
MIGRATE_WAIT_SECONDS = 60.0
MIGRATE_RETRY_SECONDS = 2.0

log = get_logger(__name__)


def alembic_config(settings: ServiceSettings, script_location: Path) -> Config:
    config = Config()
    config.set_main_option("script_location", str(script_location))
    config.attributes["settings"] = settings
    return config


def upgrade(settings: ServiceSettings, script_location: Path, revision: str = "head") -> None:
    """Bring the service's schema to ``revision`` (blocking; run it outside an event loop)."""
    command.upgrade(alembic_config(settings, script_location), revision)


def migrate(
    settings: ServiceSettings, script_location: Path, *, wait_seconds: float = MIGRATE_WAIT_SECONDS
) -> int:
    """The ``migrate`` command: the schema brought to the newest revision, and its exit code.

    A database that does not accept connections yet (a container started before PostgreSQL), or
    one short of disk, memory or connections, is waited out for ``wait_seconds``, one line per
    attempt. A refused sign-in, or a database still away or short after that, ends the command with
    one line naming it, not a traceback; a failing migration itself keeps its traceback."""
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            upgrade(settings, script_location)
        except Exception as error:
            reason = _first_line(_innermost(error))
            if _is_refused_sign_in(error):
                log.error("migrations not applied: the database refused the sign-in", reason=reason)
                return 1
            shortage = resource_shortage(error)
            if shortage is None and not is_connection_failure(error):
                raise
            state = "short of resources" if shortage else "not reachable"
            if time.monotonic() >= deadline:
                log.error(
                    f"migrations not applied: the database is {state}", shortage=shortage, reason=reason
                )
                return 1
            log.warning(f"the database is {state}; trying again", shortage=shortage, reason=reason)
            time.sleep(MIGRATE_RETRY_SECONDS)
            continue
        log.info("migrations applied")
        return 0


def _innermost(error: BaseException) -> BaseException:
    seen = {id(error)}
    while (cause := error.__cause__ or error.__context__) is not None and id(cause) not in seen:
        seen.add(id(cause))
        error = cause
    return error


def _is_refused_sign_in(error: BaseException) -> bool:
    """A wrong password or an unknown role: waiting does not help."""
    current: BaseException | None = error
    seen: set[int] = set()
    while current is not None and id(current) not in seen:
        if isinstance(current, asyncpg.exceptions.InvalidAuthorizationSpecificationError):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0] if text else ''}"


def _comparison_options(schema: str) -> dict[str, Any]:
    """What autogenerate and the drift check compare: everything in the service's schema (types and
    server defaults included) except Alembic's own version table."""

    def include_name(name: str | None, type_: str, parent_names: Mapping[str, str | None]) -> bool:
        return not (type_ == "table" and name == VERSION_TABLE)

    return {
        "compare_type": True,
        "compare_server_default": True,
        "include_name": include_name,
        "version_table": VERSION_TABLE,
        "version_table_schema": schema,
    }


def schema_differences(connection: Connection, metadata: sa.MetaData) -> list[Any]:
    """Alembic's differences between the connected (migrated) schema and ``metadata``; empty when the
    migrations build exactly the tables, columns, indexes and constraints the code declares."""
    migration_context = MigrationContext.configure(connection, opts=_comparison_options("public"))
    return list(compare_metadata(migration_context, metadata))


def new_revision(settings: ServiceSettings, script_location: Path, message: str) -> None:
    """Autogenerate the next numbered revision from the difference between the migrated schema
    (``upgrade`` it first) and the service's metadata (blocking)."""
    config = alembic_config(settings, script_location)
    config.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    numbers = [
        int(path.name[:4]) for path in (script_location / "versions").glob("[0-9][0-9][0-9][0-9]_*.py")
    ]
    revision_id = f"{max(numbers, default=0) + 1:04d}"
    command.revision(config, message=message, autogenerate=True, rev_id=revision_id)


def run_env(metadata: sa.MetaData) -> None:
    """Body of every service's ``env.py``: online migrations over the service's own connection."""
    settings: ServiceSettings = context.config.attributes["settings"]

    def migrate(connection: Connection) -> None:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            **_comparison_options(settings.database_schema),
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


def name_key_v1(name: str) -> str:
    """A name's key as revisions store it (``netzwerkstatt.names.name_key`` when they were written).

    Frozen: a later rule for keys gets a function of its own here, with the revision that rewrites
    the stored keys."""
    return unicodedata.normalize("NFC", " ".join(name.split())).casefold()


def told_apart_v1(names: Iterable[str], longest: int) -> list[str]:
    """Names made distinct by their ``name_key_v1``, in the order given: each trimmed, and one whose
    key an earlier one has gets " (2)", " (3)", … appended (cut to fit ``longest``), so that the
    first keeps its name and staff can still tell the others apart. Frozen, as ``name_key_v1``."""
    taken: set[str] = set()
    distinct: list[str] = []
    for stored in names:
        name = base = stored.strip()
        number = 2
        while name_key_v1(name) in taken:
            suffix = f" ({number})"
            name = f"{base[: longest - len(suffix)]}{suffix}"
            number += 1
        taken.add(name_key_v1(name))
        distinct.append(name)
    return distinct


def create_kernel_tables() -> None:
    """Create the outbox, inbox and dead-letter tables (call from a service's first revision).

    Frozen: this is the kernel tables' first version, as ``netzwerkstatt.db.kernel_tables`` declared
    them then. A later change of the kernel tables adds a new function here for the services' next
    revisions and leaves this one as it is."""
    op.create_table(
        "outbox",
        sa.Column("position", sa.BigInteger, sa.Identity(always=True), primary_key=True),
        sa.Column("event_id", UUID(as_uuid=True), nullable=False, unique=True),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("aggregate", sa.Text, nullable=False),
        sa.Column("envelope", JSONB, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True)),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("last_error", sa.Text),
    )
    op.create_index(
        "outbox_unpublished", "outbox", ["position"], postgresql_where=sa.text("published_at IS NULL")
    )
    op.create_table(
        "inbox",
        sa.Column("event_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("consumer", sa.Text, primary_key=True),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "dead_letters",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("consumer", sa.Text, nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("event_id", UUID(as_uuid=True)),
        sa.Column("body", sa.LargeBinary, nullable=False),
        sa.Column("headers", JSONB, nullable=False),
        sa.Column("error", sa.Text, nullable=False),
        sa.Column("deliveries", sa.Integer, nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("replayed_at", sa.DateTime(timezone=True)),
        sa.Column("replay_error", sa.Text),
    )
