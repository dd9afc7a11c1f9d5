"""Two journeys in a real browser: a coordinator creates a person with a membership in their
network, issues the network's Schnittstellenpapier and downloads it as CSV; participants answer
a survey by their links on a phone and staff then see the results as charts."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import nats
import pytest
from nats.aio.client import Client as NatsClient
from playwright.async_api import Browser, Page, expect

from gateway_service.database import GatewayDatabase
from gateway_service.security.accounts import NewAccount, create_account
from gateway_service.security.roles import Role
from gateway_service.settings import GatewaySettings
from netzwerkstatt import subjects
from netzwerkstatt.outbox import declare_stream
from netzwerkstatt.rpc import parse_reply
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.testing import ADMIN_HEADERS
from netzwerkstatt.testing.servers import NatsServer, PostgresServer
from netzwerkstatt.testing.services import running
from tests.integration.feedback.feedback_support import (
    SEND_SUBJECT,
    Feedback,
    NotificationsStub,
    event_facts,
    feedback_settings,
    people,
)

Screenshot = Callable[[Page, str], Awaitable[None]]


async def new_staff(settings: GatewaySettings, role: Role, network_ids: list[uuid.UUID]) -> tuple[str, str]:
    email, password = f"staff-{uuid.uuid4().hex[:10]}@example.org", f"Pw-{uuid.uuid4().hex}"
    database = GatewayDatabase(settings)
    try:
        account = NewAccount(email=email, display_name="Kim Koordination", role=role, network_ids=network_ids)
        await create_account(database, account, password)
    finally:
        await database.dispose()
    return email, password


async def sign_in(page: Page, base_url: str, email: str, password: str) -> None:
    await page.goto(f"{base_url}/login")
    await page.get_by_label("E-Mail-Adresse").fill(email)
    await page.get_by_label("Passwort").fill(password)
    await page.get_by_role("button", name="Anmelden").click()
    await expect(page.get_by_role("heading", name="Übersicht")).to_be_visible()


async def test_a_coordinator_creates_a_person_issues_the_network_paper_and_downloads_it_as_csv(
    registry: ServiceRuntime,
    admin_nats: NatsClient,
    gateway_url: str,
    gateway_settings: GatewaySettings,
    chromium: Browser,
    screenshot: Screenshot,
) -> None:
    async def call(operation: str, body: dict[str, Any]) -> Any:
        subject = subjects.operation("registry", operation)
        message = await admin_nats.request(
            subject, json.dumps(body).encode(), timeout=5, headers=ADMIN_HEADERS
        )
        return parse_reply(message.data, Any)

    suffix = uuid.uuid4().hex[:6]
    centre = await call(
        "organisation.create",
        {
            "name": f"Volkshochschule Leipziger Land {suffix}",
            "type": "adult_education_centre",
            "region_keys": ["14729"],
        },
    )
    network = await call(
        "network.create",
        {
            "name": f"Regionalworkshop Leipzig {suffix}",
            "kind": "regional_institutions",
            "coordinating_organisation_id": centre["id"],
            "member_organisation_ids": [centre["id"]],
            "region_keys": ["14729"],
        },
    )
    email, password = await new_staff(gateway_settings, Role.COORDINATOR, [uuid.UUID(network["id"])])
    context = await chromium.new_context(
        viewport={"width": 1280, "height": 900}, locale="de-DE", accept_downloads=True
    )
    page = await context.new_page()
    await sign_in(page, gateway_url, email, password)

    await page.get_by_role("link", name="Register").click()
    await page.get_by_role("navigation", name="Bereich").get_by_role("link", name="Personen").click()
    await page.get_by_role("link", name="Neue Person").click()
    await page.get_by_label("Vorname").fill("Mara")
    await page.get_by_label("Nachname").fill(f"Beispiel {suffix}")
    await page.get_by_label("Anrede").select_option("ms")
    await page.get_by_label("E-Mail-Adressen").fill("keine-adresse")
    await page.get_by_label("Organisation").select_option(label=centre["name"])
    await page.get_by_label("Funktion").fill("Integrationsberatung")
    await page.get_by_label("Kontaktdaten im Schnittstellenpapier").check()
    await page.get_by_role("button", name="Anlegen").click()
    await expect(page.locator("#emails-error")).to_be_visible()
    await screenshot(page, "10-person-form-errors")
    await page.get_by_label("E-Mail-Adressen").fill(f"mara.{suffix}@example.org")
    await page.get_by_role("button", name="Anlegen").click()
    await expect(page.get_by_role("heading", name=f"Mara Beispiel {suffix}")).to_be_visible()
    await expect(page.get_by_role("cell", name="Integrationsberatung")).to_be_visible()
    await screenshot(page, "11-person")

    await (
        page.get_by_role("navigation", name="Bereich")
        .get_by_role("link", name="Schnittstellenpapier")
        .click()
    )
    await page.get_by_label("Netzwerk").select_option(label=network["name"])
    await page.get_by_role("button", name="Vorschau").click()
    await expect(page.get_by_role("heading", name="Lücken", exact=False)).to_be_visible()
    await expect(page.locator("li.gap").first).to_be_visible()
    await screenshot(page, "12-interface-paper-preview")
    await page.get_by_role("button", name="Fassung ausstellen").last.click()
    await expect(page.get_by_text("Die Fassung wurde ausgestellt.")).to_be_visible()
    async with page.expect_download() as downloading:
        await page.get_by_role("link", name="Herunterladen CSV").click()
    download = await downloading.value
    assert download.suggested_filename.endswith(".csv")
    path = await download.path()
    content = path.read_bytes().decode("utf-8-sig")
    assert "Lücke" in content
    await screenshot(page, "13-interface-paper-issued")
    await context.close()


@pytest.fixture
async def admin_nats(nats_server: NatsServer) -> AsyncIterator[NatsClient]:
    admin = nats_server.admin
    connection = await nats.connect(nats_server.url, user=admin.user, password=admin.password)
    for service in ("events", "registry", "feedback"):
        await declare_stream(connection.jetstream(), service)
    yield connection
    await connection.drain()


@pytest.fixture
async def feedback_with_links(
    nats_server: NatsServer, postgres_server: PostgresServer, admin_nats: NatsClient
) -> AsyncIterator[tuple[Feedback, NotificationsStub]]:
    from feedback_service.main import definition

    stub = NotificationsStub()
    subscription = await admin_nats.subscribe(SEND_SUBJECT, queue="notifications", cb=stub.handle)
    async with running(definition(feedback_settings(nats_server, postgres_server))) as runtime:
        yield Feedback(runtime, admin_nats), stub
    await subscription.unsubscribe()


async def test_participants_answer_a_survey_by_link_and_staff_see_the_results_chart(
    feedback_with_links: tuple[Feedback, NotificationsStub],
    gateway_url: str,
    gateway_settings: GatewaySettings,
    chromium: Browser,
    screenshot: Screenshot,
) -> None:
    feedback, stub = feedback_with_links
    facts = event_facts(title="Ideenwerkstatt Magdeburg")
    await feedback.publish_event(facts)
    survey, tokens = await feedback.open_after_completion(facts, people(3), stub)

    phone = await chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, locale="de-DE")
    for number, token in enumerate(tokens.values()):
        page = await phone.new_page()
        await page.goto(f"{gateway_url}/p/feedback/{token}")
        await expect(page.get_by_text(facts.title)).to_be_visible()
        for fieldset in await page.locator("fieldset.question").all():
            radios = fieldset.locator("input[type=radio]")
            if await radios.count():
                await radios.nth(4 - number % 2).check()
        await page.locator("textarea").first.fill(f"Der Austausch am Nachmittag ({number + 1})")
        if number == 0:
            await screenshot(page, "14-public-survey-phone")
        await page.get_by_role("button", name="Absenden").click()
        await expect(page.get_by_text("Vielen Dank für Ihre Rückmeldung!")).to_be_visible()
        await page.close()
    await phone.close()

    email, password = await new_staff(gateway_settings, Role.READ_ONLY, [])
    context = await chromium.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = await context.new_page()
    await sign_in(page, gateway_url, email, password)
    await page.get_by_role("link", name="Feedback").first.click()
    await page.get_by_role("link", name=facts.title).click()
    await expect(page.get_by_role("heading", name=facts.title)).to_be_visible()
    chart = page.get_by_role("img").first
    await expect(chart).to_be_visible()
    assert await page.locator("svg.chart rect.chart-bar").count() > 0
    await expect(page.get_by_text("Der Austausch am Nachmittag (2)")).to_be_visible()
    await screenshot(page, "15-survey-results")
    assert survey["id"]
    await context.close()
