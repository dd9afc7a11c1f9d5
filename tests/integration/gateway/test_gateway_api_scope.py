"""The coordinator rule holds in the JSON API as on the pages: a coordinator changes only what
belongs to their networks (organisations, people, the network itself, its events), an API token
without networks changes nothing that belongs to one, and an admin token changes everything."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import sqlalchemy as sa
from fastapi import FastAPI

from gateway_service.security.roles import Role
from gateway_service.testing import csrf_token_in
from netzwerkstatt.service import ServiceRuntime
from tests.integration.events.events_helpers import EventsApi, day, in_days, network, person
from tests.integration.events.events_helpers import organisation as organisation_in_projection
from tests.integration.gateway.test_gateway_authorization import token_client
from tests.integration.gateway.ui_support import post_form, staff_client


async def organisation(client: httpx.AsyncClient, name: str) -> dict[str, Any]:
    body = {"name": f"{name} {uuid.uuid4().hex[:8]}", "type": "jobcenter", "region_keys": ["15002"]}
    response = await client.post("/api/organisations", json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


@asynccontextmanager
async def api_session(app: FastAPI, network_ids: list[uuid.UUID]) -> AsyncIterator[httpx.AsyncClient]:
    """A coordinator's browser session using the JSON API (with its CSRF header)."""
    async with staff_client(app, Role.COORDINATOR, network_ids) as client:
        client.headers["X-CSRF-Token"] = csrf_token_in((await client.get("/")).text)
        yield client


async def test_a_coordinator_changes_organisations_and_the_network_of_their_own_only(
    registry: ServiceRuntime, gateway_app: FastAPI
) -> None:
    async with await token_client(gateway_app, Role.ADMIN) as admin:
        own = await organisation(admin, "Jobcenter Halle (Saale)")
        other = await organisation(admin, "Jobcenter Magdeburg")
        body = {"name": f"Netzwerk Halle {uuid.uuid4().hex[:6]}", "kind": "regional_institutions"}
        created = await admin.post("/api/networks", json=body | {"member_organisation_ids": [own["id"]]})
        own_network = created.json()
        foreign = await admin.post(
            "/api/networks", json=body | {"name": f"Netzwerk Börde {uuid.uuid4().hex[:6]}"}
        )
        foreign_network = foreign.json()

    async with api_session(gateway_app, [uuid.UUID(own_network["id"])]) as coordinator:
        renamed = await coordinator.patch(
            f"/api/organisations/{own['id']}", json={"name": own["name"] + " Süd"}
        )
        assert renamed.status_code == 200, renamed.text
        refused = await coordinator.patch(f"/api/organisations/{other['id']}", json={"name": "Übernommen"})
        assert refused.status_code == 403
        assert refused.json()["error"]["code"] == "forbidden"
        network_refused = await coordinator.patch(
            f"/api/networks/{foreign_network['id']}", json={"name": "Übernommen"}
        )
        assert network_refused.status_code == 403
        person = {"given_name": "Sam", "family_name": "Beispiel", "form_of_address": "neutral"}
        homeless = await coordinator.post("/api/people", json=person)
        assert homeless.status_code == 403
        member = await coordinator.post(
            "/api/people", json=person | {"memberships": [{"organisation_id": own["id"]}]}
        )
        assert member.status_code == 201, member.text

    async with await token_client(gateway_app, Role.COORDINATOR) as token:
        assert (
            await token.patch(f"/api/organisations/{own['id']}", json={"name": "Ohne Netzwerk"})
        ).status_code == 403
    async with await token_client(gateway_app, Role.ADMIN) as admin:
        current = (await admin.get(f"/api/organisations/{other['id']}")).json()
        assert current["name"] == other["name"]
        assert (
            await admin.patch(f"/api/organisations/{other['id']}", json={"name": other["name"] + " Nord"})
        ).status_code == 200


async def test_a_coordinator_creates_and_publishes_events_of_their_network_only(
    events: ServiceRuntime, gateway_app: FastAPI
) -> None:
    api = EventsApi(events, None)
    own, foreign = await network(api, [], ["15002"]), await network(api, [], ["15003"])
    body = {
        "title": f"Netzwerktreffen {uuid.uuid4().hex[:6]}",
        "format": "network_meeting",
        "days": [day(in_days(20))],
        "organiser": {"name": "Integrationsnetzwerk Halle"},
    }
    async with await token_client(gateway_app, Role.ADMIN) as admin:
        theirs = (await admin.post("/api/events", json=body | {"network_id": str(foreign)})).json()

    async with api_session(gateway_app, [own]) as coordinator:
        created = await coordinator.post("/api/events", json=body | {"network_id": str(own)})
        assert created.status_code == 201, created.text
        published = await coordinator.post(f"/api/events/{created.json()['id']}/publish")
        assert published.status_code == 200
        assert published.json()["status"] == "published"
        elsewhere = await coordinator.post("/api/events", json=body | {"network_id": str(foreign)})
        assert elsewhere.status_code == 403
        refused = await coordinator.post(f"/api/events/{theirs['id']}/publish")
        assert refused.status_code == 403
        agenda = await coordinator.put(f"/api/events/{theirs['id']}/agenda", json={"items": []})
        assert agenda.status_code == 403
    async with await token_client(gateway_app, Role.ADMIN) as admin:
        assert (await admin.get(f"/api/events/{theirs['id']}")).json()["status"] == "draft"


async def test_a_coordinator_cancels_and_substitutes_registrations_of_their_networks_events_only(
    events: ServiceRuntime, gateway_app: FastAPI
) -> None:
    api = EventsApi(events, None)
    own, foreign = await network(api, [], ["15002"]), await network(api, [], ["15003"])
    centre = await organisation_in_projection(api, "Jobcenter Halle (Saale)")
    people = [await person(api, centre) for _ in range(4)]
    body = {
        "title": f"Regionalworkshop {uuid.uuid4().hex[:6]}",
        "format": "regional_workshop",
        "days": [day(in_days(25))],
        "organiser": {"name": "IQ Netzwerk Sachsen-Anhalt"},
        "capacity": 10,
    }
    registrations: dict[str, list[dict[str, Any]]] = {}
    async with await token_client(gateway_app, Role.ADMIN) as admin:
        for name, network_id in (("own", own), ("foreign", foreign)):
            created = (await admin.post("/api/events", json=body | {"network_id": str(network_id)})).json()
            await admin.post(f"/api/events/{created['id']}/publish")
            registrations[name] = []
            for person_id in people[:2]:
                response = await admin.post(
                    f"/api/events/{created['id']}/registrations", json={"person_id": str(person_id)}
                )
                assert response.status_code == 201, response.text
                registrations[name].append(response.json())

    async with api_session(gateway_app, [own]) as coordinator:
        mine, theirs = registrations["own"], registrations["foreign"]
        cancelled = await coordinator.post(f"/api/registrations/{mine[0]['id']}/cancel")
        assert (cancelled.status_code, cancelled.json()["status"]) == (200, "cancelled")
        handed = await coordinator.post(
            f"/api/registrations/{mine[1]['id']}/substitute", json={"substitute_person_id": str(people[2])}
        )
        assert handed.status_code == 200, handed.text
        refused = await coordinator.post(f"/api/registrations/{theirs[0]['id']}/cancel")
        assert (refused.status_code, refused.json()["error"]["code"]) == (403, "forbidden")
        not_handed = await coordinator.post(
            f"/api/registrations/{theirs[1]['id']}/substitute", json={"substitute_person_id": str(people[3])}
        )
        assert not_handed.status_code == 403
        missing = await coordinator.post(f"/api/registrations/{uuid.uuid4()}/cancel")
        assert missing.status_code == 404
    async with staff_client(gateway_app, Role.COORDINATOR, [own]) as pages:
        # The page names the coordinator's own event, the registration belongs to another network's:
        # the events service decides from the registration's own event.
        own_event = mine[0]["event_id"]
        mismatched = await post_form(
            pages,
            f"/events/{own_event}/registrations",
            f"/events/{own_event}/registrations/{theirs[0]['id']}/cancel",
            {"confirmed": "yes"},
        )
        assert mismatched.status_code == 403, mismatched.text
    listing = await stored_registrations(api, theirs[0]["event_id"])
    assert {row["person_id"]: row["status"] for row in listing} == {
        str(people[0]): "confirmed",
        str(people[1]): "confirmed",
    }


async def stored_registrations(api: EventsApi, event_id: str) -> list[dict[str, Any]]:
    """The event's registrations as stored, read directly (no gateway rule in the way)."""
    table = api.runtime.database.table("registrations")
    async with api.runtime.database.read() as session:
        rows = await session.execute(sa.select(table).where(table.c.event_id == uuid.UUID(event_id)))
        return [{"person_id": str(row.person_id), "status": row.status} for row in rows]
