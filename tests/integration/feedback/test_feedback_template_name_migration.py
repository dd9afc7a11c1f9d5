"""Templates stored before names were unique are migrated: names are trimmed, and of templates whose
names differ only in case or spacing (Ü and ü, ß and ss count as one) the ready-made one, else the one
changed first, keeps its name while each other gets " (2)", " (3)", … appended; from then on the
database refuses a second template of a name."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

import feedback_service
from feedback_service.settings import FeedbackSettings
from netzwerkstatt.migrations import upgrade
from netzwerkstatt.stack.postgres import run_psql, with_database
from netzwerkstatt.testing.servers import PostgresServer

BEFORE = "0004_event_network"
MIGRATIONS = Path(feedback_service.__file__ or "").parent / "migrations"
SCHEMA = "feedback"


async def _query(url: str, statement: str, **values: Any) -> list[dict[str, Any]]:
    engine = create_async_engine(url, connect_args={"server_settings": {"search_path": SCHEMA}})
    try:
        async with engine.begin() as connection:
            result = await connection.execute(sa.text(statement), values)
            return [dict(row) for row in result.mappings()] if result.returns_rows else []
    finally:
        await engine.dispose()


async def test_templates_that_shared_a_name_are_told_apart_and_a_new_twin_is_refused(
    postgres_server: PostgresServer,
) -> None:
    name = "migration_feedback_template_names"
    run_psql(postgres_server.superuser_dsn, "-c", f"DROP DATABASE IF EXISTS {name}")
    run_psql(postgres_server.superuser_dsn, "-c", f"CREATE DATABASE {name}")
    dsn = with_database(postgres_server.superuser_dsn, name)
    run_psql(dsn, "-c", f"CREATE SCHEMA {SCHEMA}")
    url = make_url(dsn).set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)
    settings = FeedbackSettings(environment="test", database_url=url)
    await asyncio.to_thread(upgrade, settings, MIGRATIONS, BEFORE)

    insert = (
        "INSERT INTO templates (id, name, language, questions, version, built_in, updated_at) "
        "VALUES (:id, :name, 'de', CAST(:questions AS jsonb), 1, :built_in, :updated_at)"
    )
    start = datetime(2025, 3, 1, tzinfo=UTC)
    stored = [  # (name, built in, days after start)
        ("Auswertung", False, 2),
        ("Veranstaltungsauswertung", True, 9),
        ("auswertung ", False, 1),
        (" Auswertung", False, 3),
        ("Auswertung (2) ", False, 0),
        ("veranstaltungsauswertung", False, 0),
        ("Übersicht Straße", False, 4),
        ("übersicht  STRASSE", False, 5),
    ]
    ids = [uuid.uuid4() for _ in stored]
    for template_id, (named, built_in, days) in zip(ids, stored, strict=True):
        await _query(
            url,
            insert,
            id=template_id,
            name=named,
            questions=json.dumps([]),
            built_in=built_in,
            updated_at=start + timedelta(days=days),
        )

    await asyncio.to_thread(upgrade, settings, MIGRATIONS)
    names = {row["id"]: row["name"] for row in await _query(url, "SELECT id, name FROM templates")}
    assert [names[template_id] for template_id in ids] == [
        "Auswertung (3)",
        "Veranstaltungsauswertung",
        "auswertung",
        "Auswertung (4)",
        "Auswertung (2)",
        "veranstaltungsauswertung (2)",
        "Übersicht Straße",
        "übersicht  STRASSE (2)",
    ]
    keys = {row["name"]: row["name_key"] for row in await _query(url, "SELECT name, name_key FROM templates")}
    assert keys["Übersicht Straße"] == "übersicht strasse"
    with pytest.raises(sa.exc.IntegrityError):
        await _query(
            url,
            "INSERT INTO templates (id, name, language, questions, version, built_in, updated_at, name_key) "
            "VALUES (:id, :name, 'de', CAST(:questions AS jsonb), 1, :built_in, :updated_at, :key)",
            id=uuid.uuid4(),
            name="AUSWERTUNG",
            questions=json.dumps([]),
            built_in=False,
            updated_at=start,
            key="auswertung",
        )
