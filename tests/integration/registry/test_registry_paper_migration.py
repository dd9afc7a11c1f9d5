"""Papers issued before the registry stopped storing words are migrated: the default title
("Schnittstellenpapier <scope>") becomes no title and the erased contact's placeholder („[gelöscht]“)
becomes no name; a title staff gave and the names of people not erased stay. Downgrading restores them."""

from __future__ import annotations

import asyncio
import json
import uuid
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

import registry_service
from netzwerkstatt.migrations import alembic_config, upgrade
from netzwerkstatt.stack.postgres import run_psql, with_database
from netzwerkstatt.testing.servers import PostgresServer
from registry_service.settings import RegistrySettings

BEFORE = "0003_erasure_records"
MIGRATIONS = Path(registry_service.__file__ or "").parent / "migrations"
SCHEMA = "registry"


def _contact(name: str | None, person_id: uuid.UUID | None) -> dict[str, Any]:
    return {
        "person_id": str(person_id) if person_id else None,
        "name": name,
        "function": None,
        "email": None,
        "phone": None,
    }


def _content(title: str, scope_name: str, contact: dict[str, Any], substitute: dict[str, Any] | None) -> str:
    return json.dumps(
        {
            "id": None,
            "scope_kind": "region",
            "scope_key": "14713",
            "scope_name": scope_name,
            "title": title,
            "version": 1,
            "issued_at": None,
            "district_keys": ["14713"],
            "institutions": [],
            "entries": [
                {
                    "organisation_id": str(uuid.uuid4()),
                    "organisation_name": "Jobcenter Leipzig",
                    "topic": "recognition",
                    "topic_label": "Anerkennung",
                    "region_key": "14713",
                    "contact": contact,
                    "substitute": substitute,
                }
            ],
            "gaps": [],
            "redactions": 1,
        },
        ensure_ascii=False,
    )


async def _query(url: str, statement: str, **values: Any) -> list[dict[str, Any]]:
    engine = create_async_engine(url, connect_args={"server_settings": {"search_path": SCHEMA}})
    try:
        async with engine.begin() as connection:
            result = await connection.execute(sa.text(statement), values)
            return [dict(row) for row in result.mappings()] if result.returns_rows else []
    finally:
        await engine.dispose()


async def test_stored_words_become_codes_and_come_back_on_downgrade(postgres_server: PostgresServer) -> None:
    name = "migration_registry_paper_words"
    run_psql(postgres_server.superuser_dsn, "-c", f"DROP DATABASE IF EXISTS {name}")
    run_psql(postgres_server.superuser_dsn, "-c", f"CREATE DATABASE {name}")
    dsn = with_database(postgres_server.superuser_dsn, name)
    run_psql(dsn, "-c", f"CREATE SCHEMA {SCHEMA}")
    url = make_url(dsn).set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)
    settings = RegistrySettings(environment="test", database_url=url)
    await asyncio.to_thread(upgrade, settings, MIGRATIONS, BEFORE)

    kept_person = uuid.uuid4()
    untitled, titled = uuid.uuid4(), uuid.uuid4()
    insert = (
        "INSERT INTO interface_papers (id, scope_kind, scope_key, version, title, issued_at, content, "
        "redactions) VALUES (:id, 'region', '14713', :version, :title, now(), CAST(:content AS jsonb), 1)"
    )
    await _query(
        url,
        insert,
        id=untitled,
        version=1,
        title="Schnittstellenpapier Leipzig",
        content=_content(
            "Schnittstellenpapier Leipzig",
            "Leipzig",
            _contact("[gelöscht]", None),
            _contact("Mara B", kept_person),
        ),
    )
    await _query(
        url,
        insert,
        id=titled,
        version=2,
        title="Papier Leipzig 2024",
        content=_content(
            "Papier Leipzig 2024", "Leipzig", _contact("Jona A", kept_person), _contact("[gelöscht]", None)
        ),
    )

    await asyncio.to_thread(upgrade, settings, MIGRATIONS)
    rows = {
        row["id"]: row
        for row in await _query(url, "SELECT id, title, content FROM interface_papers ORDER BY version")
    }
    assert rows[untitled]["title"] is None
    assert rows[untitled]["content"]["title"] is None
    assert rows[untitled]["content"]["entries"][0]["contact"] == _contact(None, None)
    assert rows[untitled]["content"]["entries"][0]["substitute"]["name"] == "Mara B"
    assert rows[titled]["title"] == "Papier Leipzig 2024"
    assert rows[titled]["content"]["title"] == "Papier Leipzig 2024"
    assert rows[titled]["content"]["entries"][0]["contact"]["name"] == "Jona A"
    assert rows[titled]["content"]["entries"][0]["substitute"] == _contact(None, None)
    for row in rows.values():
        assert "gelöscht" not in json.dumps(row["content"], ensure_ascii=False)

    await asyncio.to_thread(command.downgrade, alembic_config(settings, MIGRATIONS), BEFORE)
    restored = {
        row["id"]: row for row in await _query(url, "SELECT id, title, content FROM interface_papers")
    }
    assert restored[untitled]["title"] == "Schnittstellenpapier Leipzig"
    assert restored[untitled]["content"]["title"] == "Schnittstellenpapier Leipzig"
    assert restored[untitled]["content"]["entries"][0]["contact"]["name"] == "[gelöscht]"
    assert restored[titled]["content"]["entries"][0]["substitute"]["name"] == "[gelöscht]"
    assert restored[titled]["content"]["entries"][0]["contact"]["name"] == "Jona A"
