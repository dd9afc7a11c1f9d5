"""Helpers of the group work tests: an event with confirmed participants from several organisations
and districts, as the events service keeps them."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from fastapi import FastAPI

from gateway_service.security.accounts import NewAccount, create_account
from gateway_service.security.roles import Role
from gateway_service.testing import sign_in
from tests.integration.events.events_helpers import EventsApi, organisation, person, published_event

ORGANISATIONS = (
    ("Jobcenter Leipzig", "jobcenter", "14713"),
    ("Agentur für Arbeit Leipzig", "employment_agency", "14713"),
    ("Volkshochschule Nordsachsen", "adult_education_centre", "14730"),
    ("Migrationsberatung Landkreis Leipzig", "migration_counselling", "14729"),
)


@dataclass
class Gathering:
    event: dict[str, Any]
    people: list[str]
    organisations: list[uuid.UUID]


async def register(api: EventsApi, event_id: str, person_id: str) -> dict[str, Any]:
    body = {"event_id": event_id, "person_id": person_id}
    registration: dict[str, Any] = await api.call("registration.register", body)
    return registration


async def gathering(api: EventsApi, size: int, **event_fields: Any) -> Gathering:
    """A published event with ``size`` confirmed people, spread over four organisations."""
    event = await published_event(api, capacity=max(size, 1) + 10, **event_fields)
    organisations = [
        await organisation(api, name, type_, [district]) for name, type_, district in ORGANISATIONS
    ]
    people = []
    for index in range(size):
        person_id = str(await person(api, organisations[index % len(organisations)]))
        await register(api, event["id"], person_id)
        people.append(person_id)
    return Gathering(event, people, organisations)


def cafe(tables: int, rounds: int, **extra: Any) -> dict[str, Any]:
    return {
        "kind": "world_cafe",
        "tables": [{"id": f"t{j + 1}", "topic": f"Thema {j + 1}"} for j in range(tables)],
        "rounds": rounds,
    } | extra


async def plan(api: EventsApi, event_id: str, parameters: dict[str, Any], **extra: Any) -> dict[str, Any]:
    body = {"event_id": event_id, "title": "Gruppenarbeit", "parameters": parameters} | extra
    result: dict[str, Any] = await api.call("groupwork.plan", body)
    return result


def seats(plan_view: dict[str, Any], round_number: int) -> dict[str, str]:
    """person id → table id in one World Café round."""
    cafe_round = plan_view["plan"]["rounds"][round_number - 1]
    return {p: t["table_id"] for t in cafe_round["tables"] for p in t["participant_ids"]}


@asynccontextmanager
async def coordinator_of(app: FastAPI, network_ids: list[uuid.UUID]) -> AsyncIterator[httpx.AsyncClient]:
    """A browser-like client signed in as a new coordinator of the networks."""
    suffix = uuid.uuid4().hex[:10]
    email, password = f"coordinator-{suffix}@example.org", f"Pw-{uuid.uuid4().hex}"
    account = NewAccount(
        email=email, display_name=f"Test coordinator {suffix}", role=Role.COORDINATOR, network_ids=network_ids
    )
    await create_account(app.state.database, account, password)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000") as client:
        assert (await sign_in(client, email, password)).status_code == 303
        yield client
