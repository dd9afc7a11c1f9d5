"""A coordinator in a real browser: signs in, finds the dashboard, creates an organisation through
the form (and sees a refused one explained), switches to English, signs out; a participant with a
broken link sees a plain message on a phone-sized screen."""

from __future__ import annotations

import json
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import nats
from playwright.async_api import Browser, Page, expect

from gateway_service.database import GatewayDatabase
from gateway_service.security.roles import Role
from gateway_service.settings import GatewaySettings
from gateway_service.testing import create_staff
from netzwerkstatt import subjects
from netzwerkstatt.rpc import parse_reply
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.testing import ADMIN_HEADERS
from netzwerkstatt.testing.servers import NatsServer

Screenshot = Callable[[Page, str], Awaitable[None]]


async def new_staff(
    settings: GatewaySettings, role: Role, network_ids: list[uuid.UUID] | None = None
) -> tuple[str, str]:
    database = GatewayDatabase(settings)
    try:
        return await create_staff(database, role, name="Kim Koordination", network_ids=network_ids)
    finally:
        await database.dispose()


async def registry_call(nats_server: NatsServer, operation: str, body: dict[str, Any]) -> Any:
    admin = nats_server.admin
    connection = await nats.connect(nats_server.url, user=admin.user, password=admin.password)
    try:
        message = await connection.request(
            subjects.operation("registry", operation),
            json.dumps(body).encode(),
            timeout=5,
            headers=ADMIN_HEADERS,
        )
        return parse_reply(message.data, Any)
    finally:
        await connection.close()


async def test_a_coordinator_signs_in_creates_an_organisation_and_signs_out(
    registry: ServiceRuntime,
    nats_server: NatsServer,
    gateway_url: str,
    gateway_settings: GatewaySettings,
    chromium: Browser,
    screenshot: Screenshot,
) -> None:
    network = await registry_call(
        nats_server,
        "network.create",
        {"name": f"Netzwerk Musterkreis {uuid.uuid4().hex[:6]}", "kind": "regional_institutions"},
    )
    email, password = await new_staff(gateway_settings, Role.COORDINATOR, [uuid.UUID(network["id"])])
    context = await chromium.new_context(viewport={"width": 1280, "height": 800}, locale="de-DE")
    page = await context.new_page()

    await page.goto(f"{gateway_url}/registry/organisations")
    await expect(page.get_by_role("heading", name="Anmelden")).to_be_visible()
    await screenshot(page, "01-login")
    await page.get_by_label("E-Mail-Adresse").fill(email)
    await page.get_by_label("Passwort").fill(password)
    await page.get_by_role("button", name="Anmelden").click()

    await expect(page.get_by_role("heading", name="Organisationen")).to_be_visible()
    await expect(page.get_by_text("Kim Koordination")).to_be_visible()

    await page.get_by_role("link", name="Neue Organisation").click()
    await page.get_by_label("Name").fill("B")
    await page.get_by_label("Art").select_option(label="Jobcenter")
    await page.get_by_label("Regionen").fill("Atlantis")
    await page.get_by_role("button", name="Anlegen").click()
    # Every problem at once, in German, at its field.
    await expect(page.locator("#name-error")).to_have_text("Bitte mindestens 2 Zeichen eingeben.")
    await expect(page.locator("#region_keys-error")).to_have_text("Diese Kreise kennen wir nicht: Atlantis")
    await expect(page.get_by_label("Regionen")).to_have_value("Atlantis")
    await screenshot(page, "02-organisation-form-errors")

    name = f"Jobcenter Musterkreis {uuid.uuid4().hex[:6]}"
    await page.get_by_label("Name").fill(name)
    await page.get_by_label("Regionen").fill("Leipzig")
    await page.get_by_role("button", name="Anlegen").click()
    # The new organisation belongs to the coordinator's network: they may edit it.
    await expect(page.get_by_role("heading", name=name)).to_be_visible()
    await expect(page.get_by_role("link", name="Bearbeiten")).to_be_visible()
    await screenshot(page, "03-organisations")

    await page.get_by_role("link", name="Übersicht").click()
    await expect(page.get_by_role("heading", name="Nächste Veranstaltungen")).to_be_visible()
    await screenshot(page, "04-dashboard")

    await page.get_by_role("link", name="English").click()
    await expect(page.get_by_role("heading", name="Upcoming events")).to_be_visible()
    await page.get_by_role("button", name="Sign out").click()
    await expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    await context.close()


async def test_the_keyboard_reaches_the_skip_link_first_and_focus_is_visible(
    gateway_url: str, chromium: Browser
) -> None:
    page = await chromium.new_page()
    await page.goto(f"{gateway_url}/login")
    await page.keyboard.press("Tab")
    focused = page.locator(":focus")
    await expect(focused).to_have_text("Zum Inhalt springen")
    outline = await focused.evaluate("element => getComputedStyle(element).outlineStyle")
    assert outline == "solid"
    await page.close()


async def test_a_participant_with_a_broken_link_sees_a_plain_message_on_a_phone(
    gateway_url: str, chromium: Browser, screenshot: Screenshot
) -> None:
    context = await chromium.new_context(viewport={"width": 375, "height": 700}, is_mobile=True)
    page = await context.new_page()
    response = await page.goto(f"{gateway_url}/p/registration/not-a-real-token-{uuid.uuid4().hex}")
    assert response is not None
    assert response.status == 503 or response.status == 404
    await expect(page.locator("main")).to_contain_text("Bitte")
    await screenshot(page, "05-public-link-phone")
    await context.close()
