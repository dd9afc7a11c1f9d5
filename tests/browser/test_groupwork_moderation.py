"""A moderator runs group work in the room in a real browser: starts speed consultations with 45 s
per speaker, sees the countdown and the pairs of the plan, reloads mid-round and keeps the remaining
time (the events service holds the timer), marks a no-show and sees the next round adjusted, then
switches a World Café to its next round. Screenshots for the user guide."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import nats
import pytest
from playwright.async_api import Browser, Page, expect

from gateway_service.security.roles import Role
from gateway_service.settings import GatewaySettings
from netzwerkstatt.outbox import declare_stream
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.testing.servers import NatsServer
from tests.browser.test_registry_and_feedback_journeys import new_staff, sign_in
from tests.integration.events.events_helpers import EventsApi, network
from tests.integration.groupwork.groupwork_helpers import cafe, gathering, plan

Screenshot = Callable[[Page, str], Awaitable[None]]


@pytest.fixture(autouse=True)
async def registry_stream(nats_server: NatsServer) -> None:
    """The registry's stream, so that the events service starts without the registry running."""
    admin = nats_server.admin
    connection = await nats.connect(nats_server.url, user=admin.user, password=admin.password)
    try:
        await declare_stream(connection.jetstream(), "registry")
    finally:
        await connection.close()


@pytest.fixture
async def api(events: ServiceRuntime, nats_server: NatsServer) -> AsyncIterator[EventsApi]:
    admin = nats_server.admin
    connection = await nats.connect(nats_server.url, user=admin.user, password=admin.password)
    yield EventsApi(events, connection)
    await connection.close()


async def seconds_in(page: Page, selector: str) -> int:
    """The seconds a timer shows: the speaker's as seconds (45), the round's as minutes (14:58)."""
    shown = await page.locator(selector).inner_text()
    minutes, _, seconds = shown.rpartition(":")
    return int(minutes or 0) * 60 + int(seconds)


def group_texts(view: dict[str, Any], round_number: int) -> list[list[str]]:
    names = view["names"]
    return [
        [names[p] for p in group["speaking_order"]]
        for group in view["plan"]["rounds"][round_number - 1]["groups"]
    ]


async def test_a_moderator_runs_speed_consultations_and_a_world_cafe_in_the_room(
    api: EventsApi,
    gateway_url: str,
    gateway_settings: GatewaySettings,
    chromium: Browser,
    screenshot: Screenshot,
) -> None:
    planning = await network(api, [], ["14713", "14729", "14730"])
    group = await gathering(api, 8, network_id=str(planning))
    event_id = group.event["id"]
    speed = await plan(
        api, event_id, {"kind": "speed_consultation", "rounds": 4, "speaking_seconds": 45}, seed=3
    )
    cafe_plan = await plan(api, event_id, cafe(tables=2, rounds=3), seed=3)
    email, password = await new_staff(gateway_settings, Role.COORDINATOR, [planning])
    context = await chromium.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = await context.new_page()
    await sign_in(page, gateway_url, email, password)

    # Start with 45 s per speaker: the countdown runs and the pairs are the plan's, opener first.
    await page.goto(f"{gateway_url}/events/{event_id}/groupwork/{speed['id']}")
    await page.get_by_role("link", name="Moderationsansicht öffnen").click()
    await expect(page.get_by_text("Noch nicht gestartet")).to_be_visible()
    await page.get_by_label("Sekunden pro Person").fill("45")
    await page.get_by_role("button", name="Starten").click()
    await expect(page.get_by_text("Runde 1 von 4")).to_be_visible()
    await expect(page.locator("#status-label")).to_have_text("Läuft")
    speaker_left = await seconds_in(page, "#speaker-time")
    assert 40 <= speaker_left <= 45
    assert await seconds_in(page, "#round-time") <= 90
    shown = [
        [await speaker.inner_text() for speaker in await item.locator(".speaker").all()]
        for item in await page.locator("#groups li").all()
    ]
    assert shown == group_texts(speed, 1)
    await expect(page.locator(".speaker.speaking")).to_have_count(4)
    await screenshot(page, "groupwork-01-speed-round")

    # A reload mid-round keeps the remaining time: the service holds the timer.
    await asyncio.sleep(2.5)
    before = await seconds_in(page, "#round-time")
    await page.reload()
    await expect(page.get_by_text("Runde 1 von 4")).to_be_visible()
    after = await seconds_in(page, "#round-time")
    assert before - 3 <= after <= before
    assert after < 90

    # A no-show: their partners of the coming rounds get new partners; nobody sits alone.
    absent_id = speed["plan"]["rounds"][1]["groups"][0]["participant_ids"][0]
    absent_name = speed["names"][absent_id]
    await page.get_by_label("Nicht erschienen").select_option(absent_id)
    await page.get_by_role("button", name="Nicht erschienen").click()
    await expect(page.get_by_text(f"Nicht da: {absent_name}")).to_be_visible()
    await page.get_by_role("button", name="Nächste Runde").click()
    await expect(page.get_by_text("Runde 2 von 4")).to_be_visible()
    await expect(page.locator("#groups")).not_to_contain_text(absent_name)
    partner_id = speed["plan"]["rounds"][1]["groups"][0]["participant_ids"][1]
    await expect(page.locator("#groups")).to_contain_text(speed["names"][partner_id])
    adjusted = await api.call("groupwork.get", {"plan_id": speed["id"]})
    assert all(absent_id not in g["participant_ids"] for g in adjusted["plan"]["rounds"][1]["groups"])
    assert [e["round"] for e in adjusted["outcome"]] == [1]
    await screenshot(page, "groupwork-02-speed-no-show")

    # World Café: the round's tables with their topics, then the switch to the next round.
    await page.goto(f"{gateway_url}/events/{event_id}/groupwork/{cafe_plan['id']}/moderation")
    await page.get_by_label("Minuten pro Runde").fill("15")
    await page.get_by_role("button", name="Starten").click()
    await expect(page.get_by_text("Runde 1 von 3")).to_be_visible()
    assert 880 <= await seconds_in(page, "#round-time") <= 900
    await expect(page.locator("#tables")).to_contain_text("Thema 1")
    await page.get_by_role("button", name="Nächste Runde").click()
    await expect(page.get_by_text("Runde 2 von 3")).to_be_visible()
    names = cafe_plan["names"]
    for table in cafe_plan["plan"]["rounds"][1]["tables"]:
        row = page.locator("#tables tr", has_text=table["topic"])
        for person_id in table["participant_ids"]:
            await expect(row).to_contain_text(names[person_id])
    await screenshot(page, "groupwork-03-world-cafe-round-2")
    await context.close()
