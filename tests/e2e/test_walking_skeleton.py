"""One fact travels end to end: HTTP → gateway → registry (row + event in one transaction) →
outbox relay → JetStream → the events service's projection."""

from __future__ import annotations

import uuid

import httpx
import sqlalchemy as sa

from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.testing.services import eventually


async def test_an_organisation_created_over_http_appears_in_the_events_projection(
    registry: ServiceRuntime, events: ServiceRuntime, gateway: httpx.AsyncClient
) -> None:
    name = f"Jobcenter Leipzig {uuid.uuid4().hex[:6]}"
    response = await gateway.post(
        "/api/organisations",
        json={"name": name, "type": "jobcenter", "region_keys": ["14713"]},
        headers={"X-Correlation-ID": "walking-skeleton-1"},
    )
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["name"] == name
    assert response.headers["X-Correlation-ID"] == "walking-skeleton-1"

    listed = await gateway.get("/api/organisations", params={"name": name})
    assert listed.status_code == 200
    assert [item["id"] for item in listed.json()["items"]] == [created["id"]]

    projection = events.database.table("organisations")

    async def projected() -> object:
        async with events.database.read() as session:
            return (
                (
                    await session.execute(
                        sa.select(projection).where(projection.c.id == uuid.UUID(created["id"]))
                    )
                )
                .mappings()
                .first()
            )

    row = await eventually(projected)
    assert row["name"] == name
    assert row["type"] == "jobcenter"
    assert row["region_keys"] == ["14713"]


async def test_invalid_organisation_is_refused_with_the_field_named_and_nothing_written(
    registry: ServiceRuntime, gateway: httpx.AsyncClient
) -> None:
    name = f"Sozialamt {uuid.uuid4().hex[:6]}"
    response = await gateway.post(
        "/api/organisations", json={"name": name, "type": "castle", "region_keys": ["99999"]}
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert {detail["field"] for detail in error["details"]} == {"type", "region_keys.0"}
    listed = await gateway.get("/api/organisations", params={"name": name})
    assert listed.json()["total"] == 0
