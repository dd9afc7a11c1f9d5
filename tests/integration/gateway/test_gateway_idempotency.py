"""A state-changing JSON API call retried with the same Idempotency-Key returns the first answer
and acts once; the key cannot be reused for another request."""

from __future__ import annotations

import uuid

import asyncpg
import httpx

from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.testing.servers import PostgresServer


async def test_a_retry_with_the_same_key_returns_the_first_answer_and_creates_nothing_more(
    registry: ServiceRuntime, gateway: httpx.AsyncClient
) -> None:
    name = f"Volkshochschule Zwickau {uuid.uuid4().hex[:8]}"
    body = {"name": name, "type": "adult_education_centre", "region_keys": ["14524"]}
    key = {"Idempotency-Key": uuid.uuid4().hex}

    first = await gateway.post("/api/organisations", json=body, headers=key)
    again = await gateway.post("/api/organisations", json=body, headers=key)

    assert first.status_code == 201, first.text
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    found = await gateway.get("/api/organisations", params={"name": name})
    assert [item["id"] for item in found.json()["items"]] == [first.json()["id"]]

    # Without the key, the same call is a second action (here refused: the name is taken).
    second = await gateway.post("/api/organisations", json=body)
    assert second.status_code == 409


async def test_a_key_used_for_another_request_is_refused_and_changes_nothing(
    registry: ServiceRuntime, gateway: httpx.AsyncClient
) -> None:
    key = {"Idempotency-Key": uuid.uuid4().hex}
    first = {"name": f"IBAS Chemnitz {uuid.uuid4().hex[:8]}", "type": "jobcenter", "region_keys": ["14511"]}
    other = {**first, "name": f"IBAS Plauen {uuid.uuid4().hex[:8]}"}
    assert (await gateway.post("/api/organisations", json=first, headers=key)).status_code == 201

    reused = await gateway.post("/api/organisations", json=other, headers=key)

    assert reused.status_code == 422
    error = reused.json()["error"]
    assert error["details"][0]["field"] == "Idempotency-Key"
    assert error["details"][0]["code"] == "idempotency_key_reused"
    found = await gateway.get("/api/organisations", params={"name": other["name"]})
    assert found.json()["items"] == []
    invalid = await gateway.post(
        "/api/organisations", json=other, headers={"Idempotency-Key": "zu lang " * 40}
    )
    assert invalid.status_code == 422


async def test_a_kept_answer_is_sealed_so_the_table_gives_no_personal_data_away(
    registry: ServiceRuntime, gateway: httpx.AsyncClient, postgres_server: PostgresServer
) -> None:
    family_name = f"Tessendorf{uuid.uuid4().hex[:8]}"
    email = f"{family_name.lower()}@example.org"
    person = {"given_name": "Ilka", "family_name": family_name, "form_of_address": "ms", "emails": [email]}
    key = uuid.uuid4().hex

    first = await gateway.post("/api/people", json=person, headers={"Idempotency-Key": key})
    again = await gateway.post("/api/people", json=person, headers={"Idempotency-Key": key})

    assert first.status_code == 201, first.text
    assert again.json() == first.json()
    connection = await asyncpg.connect(postgres_server.superuser_database_dsn)
    try:
        kept = await connection.fetchval("SELECT body FROM gateway.idempotent_requests WHERE key = $1", key)
    finally:
        await connection.close()
    assert kept is not None
    for needle in (family_name, email, first.json()["id"]):
        assert needle.encode() not in kept


async def test_a_request_without_a_valid_credential_is_refused_and_leaves_no_key_behind(
    registry: ServiceRuntime, gateway: httpx.AsyncClient, postgres_server: PostgresServer
) -> None:
    keys = [uuid.uuid4().hex for _ in range(3)]
    unreadable = b'{"name": '
    credentials = [
        {"Authorization": ""},
        {"Authorization": "Bearer nwst_unknown"},
        {"Authorization": "", "Cookie": "netzwerkstatt_session=ausgedacht"},
    ]

    for key, credential in zip(keys, credentials, strict=True):
        for _ in range(2):  # twice: the second is not taken for a retry of the first
            refused = await gateway.post(
                "/api/organisations",
                content=unreadable,
                headers={**credential, "Idempotency-Key": key, "Content-Type": "application/json"},
            )
            assert refused.status_code in (400, 401, 422), refused.text
            assert "Idempotent-Replayed" not in refused.headers

    connection = await asyncpg.connect(postgres_server.superuser_database_dsn)
    try:
        left = await connection.fetchval(
            "SELECT count(*) FROM gateway.idempotent_requests WHERE key = ANY($1::text[])", keys
        )
    finally:
        await connection.close()
    assert left == 0
