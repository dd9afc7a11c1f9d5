"""What a coordinator does through the published gateway port, as plain HTTP calls: the walking
skeleton (an organisation reaches the events service's projection) and a registration."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import httpx


def retry(call: Callable[[], httpx.Response], *, ok: int, seconds: float = 60) -> httpx.Response:
    """Repeat a request until it answers ``ok``: the services learn of each other's facts by events,
    a moment after the request that caused them."""
    deadline = time.monotonic() + seconds
    while True:
        response = call()
        if response.status_code == ok or time.monotonic() > deadline:
            assert response.status_code == ok, response.text
            return response
        time.sleep(0.5)


def create_organisation(client: httpx.Client, name: str) -> dict[str, Any]:
    response = client.post(
        "/api/organisations", json={"name": name, "type": "jobcenter", "region_keys": ["14730"]}
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def register_someone(client: httpx.Client) -> dict[str, Any]:
    """Organisation, network, person, a published Regionalworkshop, and the person's registration."""
    suffix = uuid.uuid4().hex[:6]
    organisation = create_organisation(client, f"Jobcenter Nordsachsen {suffix}")
    network = client.post(
        "/api/networks",
        json={
            "name": f"Regionalworkshop Nordsachsen {suffix}",
            "kind": "regional_institutions",
            "coordinating_organisation_id": organisation["id"],
            "member_organisation_ids": [organisation["id"]],
            "region_keys": ["14730"],
        },
    )
    assert network.status_code == 201, network.text
    person = client.post(
        "/api/people",
        json={
            "given_name": "Mara",
            "family_name": f"Beispiel {suffix}",
            "emails": [f"mara.{suffix}@example.org"],
            "memberships": [{"organisation_id": organisation["id"], "decision_maker": True}],
        },
    )
    assert person.status_code == 201, person.text
    day = date.today() + timedelta(days=30)
    event = retry(
        lambda: client.post(
            "/api/events",
            json={
                "title": f"Regionalworkshop Nordsachsen {suffix}",
                "format": "regional_workshop",
                "days": [{"date": day.isoformat(), "start": "10:00:00", "end": "16:00:00"}],
                "organiser": {"name": "IQ Netzwerk Sachsen"},
                "capacity": 25,
                "network_id": network.json()["id"],
            },
        ),
        ok=201,
    ).json()
    published = client.post(f"/api/events/{event['id']}/publish")
    assert published.status_code == 200, published.text
    registration = retry(
        lambda: client.post(
            f"/api/events/{event['id']}/registrations", json={"person_id": person.json()["id"]}
        ),
        ok=201,
    ).json()
    assert registration["status"] == "confirmed", registration
    registration["organisation_id"] = organisation["id"]
    return dict(registration)
