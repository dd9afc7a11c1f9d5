"""Topics added before their names were unique are migrated: labels are trimmed, and of topics whose
labels in a language differ only in case or spacing (Ü and ü count as one) the one added first keeps
its label while each other gets " (2)", " (3)", … appended; from then on the database refuses a
second topic of a name."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

import registry_service
from netzwerkstatt.migrations import upgrade
from netzwerkstatt.stack.postgres import run_psql, with_database
from netzwerkstatt.testing.servers import PostgresServer
from registry_service.settings import RegistrySettings

BEFORE = "0004_paper_without_words"
MIGRATIONS = Path(registry_service.__file__ or "").parent / "migrations"
SCHEMA = "registry"
INSERT = (
    "INSERT INTO topics (code, label_de, label_en, created_at) "
    "VALUES (:code, :label_de, :label_en, :created_at)"
)


async def _query(url: str, statement: str, **values: Any) -> list[dict[str, Any]]:
    engine = create_async_engine(url, connect_args={"server_settings": {"search_path": SCHEMA}})
    try:
        async with engine.begin() as connection:
            result = await connection.execute(sa.text(statement), values)
            return [dict(row) for row in result.mappings()] if result.returns_rows else []
    finally:
        await engine.dispose()


async def test_topics_that_shared_a_name_are_told_apart_and_a_new_twin_is_refused(
    postgres_server: PostgresServer,
) -> None:
    name = "migration_registry_topic_names"
    run_psql(postgres_server.superuser_dsn, "-c", f"DROP DATABASE IF EXISTS {name}")
    run_psql(postgres_server.superuser_dsn, "-c", f"CREATE DATABASE {name}")
    dsn = with_database(postgres_server.superuser_dsn, name)
    run_psql(dsn, "-c", f"CREATE SCHEMA {SCHEMA}")
    url = make_url(dsn).set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)
    settings = RegistrySettings(environment="test", database_url=url)
    await asyncio.to_thread(upgrade, settings, MIGRATIONS, BEFORE)

    start = datetime(2025, 3, 1, tzinfo=UTC)
    stored = [  # (code, German, English, days after start)
        ("wohnen", "Wohnen", "Housing", 1),
        ("wohnen_2", "wohnen ", "Living", 2),
        ("wohnraum", " Wohnen", "housing", 0),
        ("kita", "Kinderbetreuung", "Childcare", 3),
        ("uebersetzung", "Übersetzung", "Translation", 4),
        ("uebersetzen", "übersetzung", "Translating", 5),
    ]
    for code, label_de, label_en, days in stored:
        await _query(
            url,
            INSERT,
            code=code,
            label_de=label_de,
            label_en=label_en,
            created_at=start + timedelta(days=days),
        )

    await asyncio.to_thread(upgrade, settings, MIGRATIONS)
    rows = await _query(url, "SELECT code, label_de, label_en FROM topics ORDER BY code")
    assert [(row["code"], row["label_de"], row["label_en"]) for row in rows] == [
        ("kita", "Kinderbetreuung", "Childcare"),
        ("uebersetzen", "übersetzung (2)", "Translating"),
        ("uebersetzung", "Übersetzung", "Translation"),
        ("wohnen", "Wohnen (2)", "Housing (2)"),
        ("wohnen_2", "wohnen (3)", "Living"),
        ("wohnraum", "Wohnen", "housing"),
    ]
    keys = await _query(url, "SELECT label_de_key, label_en_key FROM topics WHERE code = 'uebersetzung'")
    assert keys == [{"label_de_key": "übersetzung", "label_en_key": "translation"}]
    twin = (
        "INSERT INTO topics (code, label_de, label_en, created_at, label_de_key, label_en_key) "
        "VALUES ('twin', :label_de, :label_en, :created_at, :label_de_key, :label_en_key)"
    )
    for label_de, label_en in (("KINDERBETREUUNG", "Day care"), ("Tagespflege", "childcare")):
        with pytest.raises(sa.exc.IntegrityError):
            await _query(
                url,
                twin,
                label_de=label_de,
                label_en=label_en,
                created_at=start,
                label_de_key=label_de.casefold(),
                label_en_key=label_en.casefold(),
            )
