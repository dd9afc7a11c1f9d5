"""The events service through the gateway's JSON API: status codes and field details."""

from __future__ import annotations

import uuid

import httpx
from events_helpers import EventsApi, day, in_days, organisation, person


async def test_an_event_is_planned_published_and_registered_for_over_http(
    api: EventsApi, gateway: httpx.AsyncClient
) -> None:
    created = await gateway.post(
        "/api/events",
        json={
            "title": "Regionalworkshop Leipzig",
            "format": "regional_workshop",
            "days": [day(in_days(21), 9, 13)],
            "capacity": 25,
            "organiser": {"name": "IST Dresden", "email": "ist@example.org"},
        },
    )
    assert created.status_code == 201, created.text
    event_id = created.json()["id"]
    assert (await gateway.post(f"/api/events/{event_id}/publish")).json()["status"] == "published"
    someone = await person(api, await organisation(api))
    registered = await gateway.post(f"/api/events/{event_id}/registrations", json={"person_id": str(someone)})
    assert (registered.status_code, registered.json()["status"]) == (201, "confirmed")
    by_phone = await person(api, await organisation(api))
    wrong = await gateway.post(
        f"/api/events/{event_id}/registrations", json={"person_id": str(by_phone), "confirmation": "fax"}
    )
    assert wrong.status_code == 422
    assert [detail["field"] for detail in wrong.json()["error"]["details"]] == ["confirmation"]
    told = await gateway.post(
        f"/api/events/{event_id}/registrations",
        json={"person_id": str(by_phone), "confirmation": "already_confirmed"},
    )
    assert (told.status_code, told.json()["status"]) == (201, "confirmed")
    changed = await gateway.patch(f"/api/events/{event_id}", json={"capacity": 30})
    assert changed.json()["capacity"] == 30
    printable = await gateway.get(f"/api/events/{event_id}/participants")
    assert sorted(row["person_name"] for row in printable.json()["rows"]) == sorted(
        [registered.json()["person_name"], told.json()["person_name"]]
    )


async def test_bad_input_comes_back_as_422_or_404_with_the_field_named(
    api: EventsApi, gateway: httpx.AsyncClient
) -> None:
    reversed_day = {"date": in_days(9).isoformat(), "start": "16:00", "end": "09:00"}
    response = await gateway.post(
        "/api/events",
        json={
            "title": "Netzwerktreffen",
            "format": "network_meeting",
            "days": [reversed_day],
            "organiser": {"name": "IQ"},
        },
    )
    assert response.status_code == 422
    assert [detail["field"] for detail in response.json()["error"]["details"]] == ["days.0.end"]
    missing = await gateway.get(f"/api/events/{uuid.uuid4()}")
    assert missing.status_code == 404
    assert missing.json()["error"]["details"][0]["field"] == "event_id"
    typo = await gateway.post("/api/series", json={"title": "Ideencafé", "format": "ideas_cafe", "pool": []})
    assert typo.status_code == 422
    assert typo.json()["error"]["details"][0]["field"] == "pool"
