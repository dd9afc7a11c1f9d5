"""The district maps against the real events service: an event's page shows which of its network's
districts attended and who hosts it, the series' page which districts came to any edition and where
the next host is, each as an SVG map with the same districts by name in a table next to it."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi import FastAPI
from nats.aio.client import Client as NatsClient

from gateway_service.security.roles import Role
from netzwerkstatt.testing.servers import NatsServer, PostgresServer
from tests.integration.events.events_helpers import moved_clock, network
from tests.integration.gateway.service_support import (
    EventsApi,
    admin_connection,
    event_with_places,
    events_running,
    member,
    organisation,
    unique,
)
from tests.integration.gateway.ui_support import gateway_running, staff_client

NETWORK_KEYS = ("15001", "15002", "15003")  # Dessau-Roßlau, Halle (Saale), Magdeburg


@pytest.fixture(scope="module")
async def connection(nats_server: NatsServer) -> AsyncIterator[NatsClient]:
    async with admin_connection(nats_server) as client:
        yield client


@pytest.fixture(scope="module")
async def events(
    nats_server: NatsServer, postgres_server: PostgresServer, connection: NatsClient
) -> AsyncIterator[EventsApi]:
    async with events_running(nats_server, postgres_server, connection) as api:
        yield api


@pytest.fixture(scope="module")
async def app(nats_server: NatsServer, postgres_server: PostgresServer) -> AsyncIterator[FastAPI]:
    async with gateway_running(nats_server, postgres_server) as gateway:
        yield gateway


def visible_text(page: str) -> str:
    return re.sub(r"<[^>]+>", " ", page)


async def held_edition(events: EventsApi, monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, Any], str]:
    """Edition 1 of a series of a network of three districts, hosted by Dessau-Roßlau and running,
    attended from Halle (Saale) and by a guest from Leipzig; nobody came from Dessau or Magdeburg."""
    halle = await organisation(events, "Jobcenter Halle (Saale)", "jobcenter", ["15002"])
    leipzig = await organisation(events, "Jobcenter Leipzig", "jobcenter", ["14713"])
    dessau = await organisation(events, "Agentur für Arbeit Dessau", "employment_agency", ["15001"])
    people = {name: await member(events, org) for name, org in (("halle", halle), ("leipzig", leipzig))}
    absent = await member(events, dessau)
    network_id = await network(events, [halle, dessau], list(NETWORK_KEYS))
    series = await events.call(
        "series.create",
        {
            "title": unique("Ideenwerkstatt"),
            "format": "ideas_workshop",
            "network_id": str(network_id),
            "host_pool": ["15001", "15003"],
        },
    )
    event = await event_with_places(
        events, network_id=str(network_id), series_id=series["id"], format=None, host_district_key="15001"
    )
    for person in [*people.values(), absent]:
        await events.call("registration.register", {"event_id": event["id"], "person_id": str(person)})
    first = date.fromisoformat(event["days"][0]["date"])
    moved_clock(monkeypatch, datetime.combine(first, time(12), tzinfo=ZoneInfo("Europe/Berlin")))
    await events.call("event.start", {"event_id": event["id"]})
    for item in (await events.call("registration.list", {"event_id": event["id"]}))["items"]:
        if item["person_id"] != str(absent):
            await events.call(
                "attendance.record",
                {"event_id": event["id"], "registration_id": item["id"], "day": event["days"][0]["date"]},
            )
    return event, series["id"]


async def test_the_event_and_the_series_show_their_districts_on_a_map_and_in_a_table(
    app: FastAPI, events: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    event, series_id = await held_edition(events, monkeypatch)
    async with staff_client(app, Role.READ_ONLY) as reader:
        event_page = await reader.get(f"/events/{event['id']}")
        series_page = await reader.get(f"/events/series/{series_id}")
        await reader.get("/language/en", params={"next": "/"})
        english = await reader.get(f"/events/series/{series_id}")
    assert event_page.status_code == 200
    page = event_page.text
    assert '<svg class="chart district-map" id="district-map-event"' in page
    assert "Vertretene Kreise und Städte: 1 / 3" in page
    assert "<title>Halle (Saale): vertreten</title>" in page
    assert "<title>Dessau-Roßlau: nicht vertreten; Gastgeber</title>" in page
    assert "<title>Leipzig: vertreten, nicht im Netzwerk</title>" in page
    assert "<title>Stendal: nicht im Netzwerk</title>" in page  # the rest of Saxony-Anhalt, for orientation
    assert "<td>Halle (Saale)</td><td>vertreten</td>" in page
    assert "<td>Magdeburg</td><td>nicht vertreten</td>" in page
    assert "<td>Dessau-Roßlau</td><td>nicht vertreten; Gastgeber</td>" in page
    assert "© GeoBasis-DE / BKG 2017" in page

    assert series_page.status_code == 200
    page = series_page.text
    assert '<svg class="chart district-map" id="district-map-series"' in page
    assert "Bisher vertretene Kreise und Städte: 1 / 3" in page
    assert "<td>Magdeburg</td><td>nicht vertreten; nächster Gastgeber</td>" in page
    assert "<title>Magdeburg: nicht vertreten; nächster Gastgeber</title>" in page
    assert "<td>Leipzig</td><td>vertreten, nicht im Netzwerk</td>" in page

    for text in (visible_text(event_page.text), visible_text(series_page.text)):
        assert not re.search(r"\b(1500[123]|14713)\b", text)  # names, never keys
    assert "<td>Magdeburg</td><td>not represented; next host</td>" in english.text
    assert "Map: districts represented across the series&#39; editions" in english.text
