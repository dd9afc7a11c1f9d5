"""The right of access across services: one request to the gateway returns everything every
service holds about a person as one JSON document, with what erasure does to each part."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time, timedelta
from typing import Any

import httpx
import pytest

from gateway_service.security.roles import Role
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.testing.servers import NatsServer, PostgresServer
from netzwerkstatt.testing.services import eventually
from tests.integration.gateway.ui_support import gateway_running, staff_client


async def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


@pytest.mark.slow
async def test_one_request_returns_what_every_service_holds_about_a_person(
    registry: ServiceRuntime,
    events: ServiceRuntime,
    notifications: ServiceRuntime,
    feedback: ServiceRuntime,
    gateway: httpx.AsyncClient,
    monkeypatch: pytest.MonkeyPatch,
    nats_server: NatsServer,
    postgres_server: PostgresServer,
) -> None:
    from events_service import clock

    tag = uuid.uuid4().hex[:6]
    body = {"name": f"Jobcenter Leipzig {tag}", "type": "jobcenter", "region_keys": ["14713"]}
    organisation = await ok(await gateway.post("/api/organisations", json=body), 201)
    email = f"lena.export.{tag}@example.org"
    person = await ok(
        await gateway.post(
            "/api/people",
            json={
                "given_name": "Lena",
                "family_name": f"Auskunft{tag}",
                "emails": [email],
                "consents": ["network_event_contact"],
                "memberships": [{"organisation_id": organisation["id"], "decision_maker": True}],
            },
        ),
        201,
    )
    person_id = person["id"]
    on = clock.today() + timedelta(days=3)
    event = await ok(
        await gateway.post(
            "/api/events",
            json={
                "title": f"Regionalworkshop Leipzig {tag}",
                "format": "regional_workshop",
                "days": [{"date": on.isoformat(), "start": "10:00", "end": "16:00"}],
                "capacity": 25,
                "organiser": {"name": "IQ Netzwerk Sachsen", "email": "iq@example.org"},
            },
        ),
        201,
    )
    event_id = event["id"]
    await ok(await gateway.post(f"/api/events/{event_id}/publish"))

    async def projected() -> bool:
        answer = await gateway.get(f"/api/people/{person_id}/personal-data")
        return answer.status_code == 200 and answer.json()["events"]["person"] is not None

    # Each poll asks all four services; on two cores shared with the fault matrix the person's
    # facts took over 10 s to reach the events service once (3 s alone).
    await eventually(projected, timeout=30, interval=0.25)
    await ok(await gateway.post(f"/api/events/{event_id}/invitations", json={"person_ids": [person_id]}), 201)
    registration = await ok(
        await gateway.post(f"/api/events/{event_id}/registrations", json={"person_id": person_id}), 201
    )
    monkeypatch.setattr(clock, "now", lambda: datetime.combine(on, time(9), tzinfo=UTC))
    await ok(await gateway.post(f"/api/events/{event_id}/start"))
    await ok(
        await gateway.post(
            f"/api/events/{event_id}/attendance",
            json={"registration_id": registration["id"], "day": on.isoformat()},
        )
    )

    async def written_to() -> Any:
        document = await ok(await gateway.get(f"/api/people/{person_id}/personal-data"))
        kinds = {message["kind"] for message in document["notifications"]["messages"]}
        return document if {"invitation", "registration_confirmed"} <= kinds else None

    document = await eventually(written_to, timeout=20)

    assert document["person_id"] == person_id
    assert document["registry"]["person"]["emails"] == [email]
    held = document["events"]
    assert held["person"]["family_name"] == f"Auskunft{tag}"
    assert [item["event_id"] for item in held["invitations"]] == [event_id]
    assert [(item["registration_id"], item["status"]) for item in held["registrations"]] == [
        (registration["id"], "confirmed")
    ]
    assert held["attendance"] == [{"event_id": event_id, "day": on.isoformat(), "present": True}]
    contact = document["notifications"]["contact"]
    assert (contact["email"], contact["given_name"]) == (email, "Lena")
    assert document["notifications"]["registrations_known"] == 1
    # The address is written on a message when it goes out (no mail server here: still pending).
    assert {message["recipient_email"] for message in document["notifications"]["messages"]} <= {email, None}
    assert document["feedback"]["answers_linked_to_person"] is False
    reach = {(part["service"], part["data"]): part["on_erasure"] for part in document["erasure"]}
    assert reach[("events", "registrations")] == "anonymised"
    assert reach[("feedback", "answers")] == "not_linked_to_person"
    assert reach[("gateway", "answers_kept_for_retries")] == "deleted"
    # No capability travels in the document: neither link tokens nor unsubscribe tokens.
    assert "token" not in str(document).lower()

    # Staff find the same document as a download on the person's page; read-only staff do not.
    async with gateway_running(nats_server, postgres_server) as app:
        async with staff_client(app, Role.ADMIN) as staff:
            page = await staff.get(f"/registry/people/{person_id}")
            assert f"/registry/people/{person_id}/personal-data.json" in page.text
            assert "Auskunft nach Art. 15 DSGVO" in page.text
            download = await staff.get(f"/registry/people/{person_id}/personal-data.json")
            assert "attachment" in download.headers["content-disposition"]
            assert download.json()["events"]["registrations"] == document["events"]["registrations"]
        async with staff_client(app, Role.READ_ONLY) as reader:
            assert (await reader.get(f"/registry/people/{person_id}/personal-data.json")).status_code == 403


async def test_the_export_is_refused_for_an_unknown_person_and_when_a_service_is_silent(
    registry: ServiceRuntime, gateway: httpx.AsyncClient
) -> None:
    unknown = await gateway.get(f"/api/people/{uuid.uuid4()}/personal-data")
    assert unknown.status_code == 404
    body = {"given_name": "Timo", "family_name": "Teilweise"}
    person = await ok(await gateway.post("/api/people", json=body), 201)
    # Only the registry runs: a document without the other services would look complete, so none comes.
    partial = await gateway.get(f"/api/people/{person['id']}/personal-data")
    assert partial.status_code == 503, partial.text
