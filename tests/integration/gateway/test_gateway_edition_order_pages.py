"""A series' editions on the staff pages, as the coordinators' walkthrough of the IKOE-Ideenwerkstatt
met them: "Frühere Ausgabe eintragen" and "Vergangene Veranstaltung nachtragen" refuse an edition
whose number does not follow the dates, saying which edition is in the way; a past event's unknown
host district and an organiser's address that is none are refused at their fields, the input kept
and nothing saved; "Nächste Ausgabe" leaves the venue empty when the host rotates, and once the next
edition exists the form says so and links to it instead of making a second one."""

from __future__ import annotations

import html
import uuid
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import pytest
from fastapi import FastAPI
from nats.aio.client import Client as NatsClient

from gateway_service.security.roles import Role
from netzwerkstatt.testing.servers import NatsServer, PostgresServer
from tests.integration.events.events_helpers import network
from tests.integration.gateway.service_support import (
    EventsApi,
    admin_connection,
    day,
    events_running,
    in_days,
    unique,
)
from tests.integration.gateway.ui_support import field_error, gateway_running, post_form, staff_client

POOL = ["15081", "15002", "15003"]  # Altmarkkreis Salzwedel, Halle (Saale), Magdeburg


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


async def ikoe(events: EventsApi) -> tuple[uuid.UUID, dict[str, Any], dict[str, Any], dict[str, Any]]:
    """The series with its 13th edition held 46 days ago in Halle (Stadthaus) and the 14th planned."""
    network_id = await network(events, [], POOL)
    series = await events.call(
        "series.create",
        {
            "title": unique("IKOE-Ideenwerkstatt"),
            "format": "ideas_workshop",
            "network_id": str(network_id),
            "organiser_email": "ikoe@example.org",
            "host_pool": POOL,
            "first_edition": 13,
        },
    )
    thirteenth = await events.call(
        "series.record_past_edition",
        {
            "series_id": series["id"],
            "edition": 13,
            "first_day": in_days(-46).isoformat(),
            "host_district_key": "15002",
            "venue": {"name": "Stadthaus Halle"},
            "attendees": 41,
            "organisations": 25,
        },
    )
    fourteenth = await events.call(
        "event.create",
        {
            "series_id": series["id"],
            "title": "14. IKOE-Ideenwerkstatt",
            "days": [day(in_days(134))],
            "host_district_key": "15002",
            "venue": {"name": "Stadthaus Halle"},
            "organiser": {"name": "IKOE"},
        },
    )
    return network_id, series, thirteenth, fourteenth


def german(on: str) -> str:
    return date.fromisoformat(on).strftime("%d.%m.%Y")


async def editions_of(events: EventsApi, series: dict[str, Any]) -> tuple[list[int], int]:
    overview = await events.call("series.get", {"series_id": series["id"]})
    numbers = [row["edition"] for row in overview["past_editions"] + overview["planned_editions"]]
    return sorted(numbers), overview["next_edition"]


async def test_a_past_edition_numbered_after_a_later_one_is_refused_naming_the_edition_in_the_way(
    app: FastAPI, events: EventsApi
) -> None:
    network_id, series, thirteenth, _ = await ikoe(events)
    path = f"/events/series/{series['id']}"
    async with staff_client(app, Role.COORDINATOR, [network_id]) as coordinator:
        refused = await post_form(
            coordinator,
            path,
            f"{path}/past-editions",
            {
                "edition": "20",
                "first_day": in_days(-938).isoformat(),
                "host_district": "Halle (Saale)",
                "attendees": "30",
                "organisations": "18",
            },
        )
    assert refused.status_code == 422
    assert html.unescape(field_error(refused.text, "edition")) == (
        f"Die 13. Ausgabe ist auf den {german(thirteenth['days'][0]['date'])} datiert; eine frühere "
        "Ausgabe braucht eine kleinere Nummer."
    )
    assert 'value="20"' in refused.text
    assert await editions_of(events, series) == ([13, 14], 15)  # "Nächste Ausgabe" stays the 15th


def held_form(**values: str) -> dict[str, str]:
    return {
        "title": unique("Ideenwerkstatt"),
        "format": "ideas_workshop",
        "day_date": in_days(-1000).isoformat(),
        "day_start": "10:00",
        "day_end": "16:00",
        "organiser_name": "IKOE",
    } | values


async def test_an_event_held_before_the_series_editions_is_pointed_to_the_series_history(
    app: FastAPI, events: EventsApi
) -> None:
    network_id, series, _, fourteenth = await ikoe(events)
    values = held_form(series_id=series["id"], host_district_key="Halle (Saale)")
    async with staff_client(app, Role.COORDINATOR, [network_id]) as coordinator:
        refused = await post_form(coordinator, "/events/held/new", "/events/held/new", values)
    assert refused.status_code == 422
    message = html.unescape(field_error(refused.text, "days"))
    assert message.startswith(
        f"Die 14. Ausgabe dieser Reihe ist auf den {german(fourteenth['days'][0]['date'])} datiert; "
        "eine Veranstaltung davor bekommt nicht die nächste Nummer."
    ), message
    assert "„Frühere Ausgabe eintragen“" in message
    assert "earlier_than_editions" not in refused.text
    assert await editions_of(events, series) == ([13, 14], 15)


async def test_a_past_event_with_an_unknown_host_and_an_address_that_is_none_is_refused_at_both(
    app: FastAPI, events: EventsApi
) -> None:
    network_id = await network(events, [], POOL)
    values = held_form(
        network_id=str(network_id),
        format="network_meeting",
        day_date=in_days(-30).isoformat(),
        host_district_key="Nirgendwo",
        organiser_name="",
        organiser_email="kein-mail",
    )
    async with staff_client(app, Role.COORDINATOR, [network_id]) as coordinator:
        refused = await post_form(coordinator, "/events/held/new", "/events/held/new", values)
        # With a name, the address alone is refused; the service names a district that is none too.
        named = await post_form(
            coordinator, "/events/held/new", "/events/held/new", values | {"organiser_name": "IQ Netzwerk"}
        )
    for page in (refused, named):
        assert page.status_code == 422
        assert "Nirgendwo" in html.unescape(field_error(page.text, "host_district_key")), page.text
        assert field_error(page.text, "organiser_email"), page.text
        assert 'value="Nirgendwo"' in page.text
        assert 'value="kein-mail"' in page.text
    assert field_error(refused.text, "organiser_name")  # an address without a name is not dropped
    listed = await events.call("event.list", {"network_ids": [str(network_id)], "upcoming": False})
    assert listed["items"] == []


async def test_the_next_edition_leaves_the_venue_to_a_new_host_and_is_planned_once(
    app: FastAPI, events: EventsApi
) -> None:
    network_id, series, _, fourteenth = await ikoe(events)
    page = f"/events/{fourteenth['id']}"
    form = {
        "next_day_date": in_days(300).isoformat(),
        "next_day_start": "10:00",
        "next_day_end": "16:00",
        "next_host_district_key": "",
    }
    async with staff_client(app, Role.COORDINATOR, [network_id]) as coordinator:
        before = await coordinator.get(page)
        assert f'action="{page}/next-edition"' in before.text
        planned = await post_form(coordinator, page, f"{page}/next-edition", form)
        assert planned.status_code == 303, planned.text
        after = await coordinator.get(page)
        stale = await post_form(coordinator, page, f"{page}/next-edition", form)
    following = await events.call(
        "event.get", {"event_id": planned.headers["location"].split("/")[2].split("?")[0]}
    )
    # The rotation's next host is the Altmarkkreis Salzwedel: Halle's Stadthaus is not its venue.
    assert (following["edition"], following["host_district_key"], following["venue"]) == (15, "15081", None)
    text = html.unescape(after.text)
    assert "Die 15. Ausgabe ist schon angelegt (Entwurf):" in text
    assert f'href="/events/{following["id"]}"' in after.text
    assert f'action="{page}/next-edition"' not in after.text
    assert stale.status_code == 422  # a form opened before is refused: no second draft
    assert await editions_of(events, series) == ([13, 14, 15], 16)
