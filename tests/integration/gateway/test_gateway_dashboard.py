"""The dashboard's panel of the next events: the five that start soonest, each with its registration
counts. Its servers are its own: on the session's shared data other modules' events (an event per
permission case, tomorrow at ten) would come first, so which five are shown would depend on what ran
before."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI
from nats.aio.client import Client as NatsClient

from gateway_service.security.roles import Role
from netzwerkstatt.testing.fixtures import servers_of_its_own
from netzwerkstatt.testing.servers import NatsServer, PostgresServer
from tests.integration.gateway.service_support import (
    EventsApi,
    admin_connection,
    day,
    event_with_places,
    events_running,
    in_days,
)
from tests.integration.gateway.test_gateway_event_pages import a_network
from tests.integration.gateway.ui_support import gateway_running, staff_client

module_servers_dir, nats_server, postgres_server = servers_of_its_own()


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


async def test_the_dashboard_shows_the_next_events_with_their_registration_counts(
    app: FastAPI, events: EventsApi
) -> None:
    net = await a_network(events)
    later = await event_with_places(events, capacity=5, network_id=str(net.id), days=[day(in_days(9))])
    soonest = [
        await event_with_places(events, capacity=2, network_id=str(net.id), days=[day(in_days(days))])
        for days in (1, 2, 3, 4, 5)
    ]
    first = soonest[0]
    for person_id in net.people[:3]:
        await events.call("registration.register", {"event_id": first["id"], "person_id": str(person_id)})
    async with staff_client(app, Role.READ_ONLY) as reader:
        dashboard = await reader.get("/")
    panel = dashboard.text.split('id="panel-upcoming"')[1].split("</section>")[0]
    entry = panel.split(first["title"])[1].split("</li>")[0]
    assert "2/2 angemeldet, 1 auf der Warteliste" in entry
    shown = [event["title"] for event in soonest if event["title"] in panel]
    assert shown == [event["title"] for event in soonest]
    assert panel.index(first["title"]) < panel.index(soonest[4]["title"])
    assert later["title"] not in panel
