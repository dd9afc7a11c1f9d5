"""Every service's migrations build exactly the tables its code declares: run into an empty schema of a
fresh database, the result is compared with the service's SQLAlchemy metadata by Alembic (tables,
columns, types, server defaults, nullability, indexes, unique constraints, foreign keys). Any
difference fails and names itself; ``make migration SERVICE=<service> MESSAGE=...`` writes the
revision that closes it."""

from __future__ import annotations

import ast
import asyncio
import importlib
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from netzwerkstatt.migrations import schema_differences, upgrade
from netzwerkstatt.settings import ServiceSettings
from netzwerkstatt.stack.postgres import run_psql, with_database
from netzwerkstatt.testing.servers import PostgresServer

# service → (its settings class, the module whose ``metadata`` its migrations/env.py migrates towards)
SERVICES = {
    "registry": ("registry_service.settings.RegistrySettings", "registry_service.store"),
    "events": ("events_service.settings.EventsSettings", "events_service.store"),
    "feedback": ("feedback_service.settings.FeedbackSettings", "feedback_service.store.tables"),
    "notifications": ("notifications_service.settings.NotificationsSettings", "notifications_service.store"),
    "gateway": ("gateway_service.settings.GatewaySettings", "gateway_service.store"),
}


def _service_settings(service: str, database_url: str) -> ServiceSettings:
    module_name, class_name = SERVICES[service][0].rsplit(".", 1)
    settings_type: type[ServiceSettings] = getattr(importlib.import_module(module_name), class_name)
    return settings_type(environment="test", database_url=database_url)


def _metadata(service: str) -> sa.MetaData:
    metadata: sa.MetaData = importlib.import_module(SERVICES[service][1]).metadata
    return metadata


def _migrations(service: str) -> Path:
    package = importlib.import_module(f"{service}_service")
    return Path(package.__file__ or "").parent / "migrations"


@pytest.fixture
def empty_database(postgres_server: PostgresServer, request: pytest.FixtureRequest) -> str:
    """A fresh database with one empty schema named after the service; its superuser URL."""
    service: str = request.node.callspec.params["service"]
    name = f"migration_check_{service}"
    run_psql(postgres_server.superuser_dsn, "-c", f"DROP DATABASE IF EXISTS {name}")
    run_psql(postgres_server.superuser_dsn, "-c", f"CREATE DATABASE {name}")
    database_dsn = with_database(postgres_server.superuser_dsn, name)
    run_psql(database_dsn, "-c", f"CREATE SCHEMA {service}")
    return make_url(database_dsn).set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)


@pytest.mark.parametrize("service", sorted(SERVICES))
async def test_migrations_build_exactly_the_declared_tables(service: str, empty_database: str) -> None:
    settings = _service_settings(service, empty_database)
    await asyncio.to_thread(upgrade, settings, _migrations(service))

    engine = create_async_engine(empty_database, connect_args={"server_settings": {"search_path": service}})
    try:
        async with engine.connect() as connection:
            differences = await connection.run_sync(schema_differences, _metadata(service))
            tables = await connection.scalar(
                sa.text("SELECT count(*) FROM pg_tables WHERE schemaname = :schema"), {"schema": service}
            )
    finally:
        await engine.dispose()

    assert tables, f"{service}: the migrations created no tables in its schema"
    assert differences == [], f"{service}: migrations and tables differ:\n" + "\n".join(
        map(repr, differences)
    )


def test_the_drift_check_sees_a_column_and_an_index_the_migrations_lack() -> None:
    """The comparison itself can fail: a declared column or index missing from the database is a
    difference."""
    declared = sa.MetaData()
    sa.Table(
        "things",
        declared,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text),
        sa.Index("things_by_name", "name"),
    )
    migrated = sa.MetaData()
    sa.Table("things", migrated, sa.Column("id", sa.Integer, primary_key=True))
    engine = sa.create_engine("sqlite://")
    with engine.connect() as connection:
        migrated.create_all(connection)
        differences = schema_differences(connection, declared)
    assert sorted(difference[0] for difference in differences) == ["add_column", "add_index"]


FROZEN_IMPORTS = ("sqlalchemy", "alembic", "netzwerkstatt.migrations")


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_revisions_are_frozen_history(service: str) -> None:
    """A revision spells out its tables: it imports SQLAlchemy, Alembic and the kernel's frozen
    revision helpers only, never a live table definition that could change its meaning later."""
    live_imports = []
    for revision in sorted((_migrations(service) / "versions").glob("*.py")):
        for node in ast.walk(ast.parse(revision.read_text())):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            live_imports += [
                f"{revision.name}: {name}"
                for name in names
                if name != "__future__"
                and not any(name == f or name.startswith(f"{f}.") for f in FROZEN_IMPORTS)
            ]
    assert live_imports == []
