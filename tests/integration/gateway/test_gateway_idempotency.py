"""A state-changing JSON API call retried with the same Idempotency-Key returns the first answer
and acts once; the key cannot be reused for another request."""

from __future__ import annotations

import hashlib
import uuid

import asyncpg
import httpx

from gateway_service.idempotency import mention
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


async def kept_rows(postgres_server: PostgresServer, keys: list[str]) -> dict[str, asyncpg.Record]:
    connection = await asyncpg.connect(postgres_server.superuser_database_dsn)
    try:
        rows = await connection.fetch(
            "SELECT key, status, body, mentions FROM gateway.idempotent_requests WHERE key = ANY($1::text[])",
            keys,
        )
    finally:
        await connection.close()
    return {row["key"]: row for row in rows}


async def test_erasing_a_person_forgets_the_kept_answers_about_them_and_their_keys_act_no_second_time(
    registry: ServiceRuntime, gateway: httpx.AsyncClient, postgres_server: PostgresServer
) -> None:
    family_name = f"Wendeborn{uuid.uuid4().hex[:8]}"
    person = {"given_name": "Malte", "family_name": family_name, "form_of_address": "mr"}
    organisation = {
        "name": f"Volkshochschule Plauen {uuid.uuid4().hex[:8]}",
        "type": "adult_education_centre",
        "region_keys": ["14523"],
    }
    about_person, unrelated, erasing = (uuid.uuid4().hex for _ in range(3))

    created = await gateway.post("/api/people", json=person, headers={"Idempotency-Key": about_person})
    assert created.status_code == 201, created.text
    person_id = created.json()["id"]
    other = await gateway.post(
        "/api/organisations", json=organisation, headers={"Idempotency-Key": unrelated}
    )
    assert other.status_code == 201, other.text
    erased = await gateway.post(f"/api/people/{person_id}/erase", headers={"Idempotency-Key": erasing})
    assert erased.status_code == 200, erased.text

    # The retry of the creation acts no second time and gives nothing about the person back.
    retried = await gateway.post("/api/people", json=person, headers={"Idempotency-Key": about_person})
    assert retried.status_code == 410
    error = retried.json()["error"]
    assert error["details"][0] == {
        "field": "Idempotency-Key",
        "message": error["message"],
        "code": "idempotency_answer_erased",
        "params": {},
    }
    assert family_name not in retried.text
    found = await gateway.get("/api/people", params={"name": family_name})
    assert found.json()["items"] == []
    # Answers about others, and the erasure's own answer, are kept as ever.
    kept = await gateway.post("/api/organisations", json=organisation, headers={"Idempotency-Key": unrelated})
    assert kept.status_code == 201
    assert kept.json() == other.json()
    again = await gateway.post(f"/api/people/{person_id}/erase", headers={"Idempotency-Key": erasing})
    assert again.status_code == 200
    assert again.json() == erased.json()
    assert again.headers["Idempotent-Replayed"] == "true"

    rows = await kept_rows(postgres_server, [about_person, unrelated, erasing])
    assert rows[about_person]["body"] is None
    assert rows[about_person]["mentions"] == []
    # Rows keep digests of the ids they mention, never the ids.
    assert rows[erasing]["mentions"]
    for row in rows.values():
        assert person_id not in " ".join(row["mentions"])


async def test_a_request_about_a_person_still_under_way_when_they_are_erased_keeps_no_answer(
    registry: ServiceRuntime, gateway: httpx.AsyncClient, postgres_server: PostgresServer
) -> None:
    family_name = f"Ostermeyer{uuid.uuid4().hex[:8]}"
    created = await gateway.post(
        "/api/people", json={"given_name": "Frauke", "family_name": family_name, "form_of_address": "ms"}
    )
    person_id = created.json()["id"]
    path = f"/api/people/{person_id}"
    body = b'{"phone": "0375 000000"}'
    key = uuid.uuid4().hex
    caller = hashlib.sha256(gateway.headers["Authorization"].encode()).hexdigest()
    digest = hashlib.sha256(b"\n".join([b"PATCH", path.encode(), b"", body])).hexdigest()
    # A PATCH about the person, claimed and still being handled (as by another gateway replica).
    connection = await asyncpg.connect(postgres_server.superuser_database_dsn)
    try:
        await connection.execute(
            "INSERT INTO gateway.idempotent_requests (caller, key, request_digest, created_at, mentions) "
            "VALUES ($1, $2, $3, now(), $4)",
            caller,
            key,
            digest,
            [mention(uuid.UUID(person_id))],
        )
    finally:
        await connection.close()

    erased = await gateway.post(f"/api/people/{person_id}/erase")
    assert erased.status_code == 200, erased.text

    row = (await kept_rows(postgres_server, [key]))[key]
    assert row["status"] == 410
    retried = await gateway.patch(
        path, content=body, headers={"Idempotency-Key": key, "Content-Type": "application/json"}
    )
    assert retried.status_code == 410
    assert retried.json()["error"]["details"][0]["code"] == "idempotency_answer_erased"


async def test_an_answer_to_a_request_naming_more_ids_than_a_row_keeps_is_forgotten_on_any_erasure(
    registry: ServiceRuntime, gateway: httpx.AsyncClient, postgres_server: PostgresServer
) -> None:
    """A row never grows with what a caller sends: past a thousand ids it keeps a wildcard instead."""
    key = uuid.uuid4().hex
    many = {
        "name": "Viele Kennungen",
        "type": "jobcenter",
        "region_keys": [str(uuid.uuid4()) for _ in range(1001)],
    }
    refused = await gateway.post("/api/organisations", json=many, headers={"Idempotency-Key": key})
    assert 400 <= refused.status_code < 500
    assert (await kept_rows(postgres_server, [key]))[key]["mentions"] == ["*"]

    created = await gateway.post(
        "/api/people", json={"given_name": "Ole", "family_name": f"Sandkamp{uuid.uuid4().hex[:8]}"}
    )
    assert created.status_code == 201, created.text
    assert (await gateway.post(f"/api/people/{created.json()['id']}/erase")).status_code == 200

    retried = await gateway.post("/api/organisations", json=many, headers={"Idempotency-Key": key})
    assert retried.status_code == 410
