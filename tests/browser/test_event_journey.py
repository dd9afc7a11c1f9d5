"""The event journey in a real browser with every service running: a coordinator signs in, creates
an event with an agenda (a room clash is shown first), publishes it and invites their network; a
participant accepts by the link read from the e-mail in the local mail sink, others follow until
the event is full, one cancels by the link in their confirmation and the waitlist moves up; the
coordinator checks people in and completes the event (confirmed on the page that asks); the
attendees answer the survey by the link in their e-mail and staff see the results."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import nats
import pytest
import sqlalchemy as sa
from nats.aio.client import Client as NatsClient
from playwright.async_api import Browser, BrowserContext, Page, expect

from events_service import clock
from events_service.store import projection
from gateway_service import clock as gateway_clock
from gateway_service.app import create_app
from gateway_service.security.roles import Role
from gateway_service.settings import GatewaySettings
from gateway_service.testing import migrate, served
from netzwerkstatt import subjects
from netzwerkstatt.outbox import declare_stream
from netzwerkstatt.rpc import parse_reply
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.stack.processes import free_port
from netzwerkstatt.testing import ADMIN_HEADERS
from netzwerkstatt.testing.servers import NatsServer, PostgresServer
from netzwerkstatt.testing.services import eventually, running, settings_for
from notifications_service.mailsink import MailStore
from notifications_service.store import contacts
from tests.browser.test_registry_and_feedback_journeys import new_staff, sign_in
from tests.integration.gateway.service_support import notifications_running

Screenshot = Callable[[Page, str], Awaitable[None]]
BERLIN = ZoneInfo("Europe/Berlin")
PARTICIPANTS = 5


class Stack:
    """Every service in this test's event loop, the gateway served on a port chosen beforehand (the
    links in the e-mails point at it), and the local mail sink's store."""

    def __init__(
        self,
        url: str,
        settings: GatewaySettings,
        mail: MailStore,
        connection: NatsClient,
        notifications: ServiceRuntime,
    ) -> None:
        self.notifications = notifications
        self.url = url
        self.settings = settings
        self.mail = mail
        self.connection = connection

    async def call(self, service: str, operation: str, body: dict[str, Any]) -> Any:
        message = await self.connection.request(
            subjects.operation(service, operation),
            json.dumps(body).encode(),
            timeout=10,
            headers=ADMIN_HEADERS,
        )
        return parse_reply(message.data, Any)

    def links(self, address: str, kind: str) -> list[str]:
        """The links to a public page (invitation, registration, feedback) in the mails to an address."""
        found: list[str] = []
        for entry in self.mail.messages():
            if address in entry.to:
                body = self.mail.message(entry.id).get_body(("plain",))
                text = body.get_content() if body is not None else ""
                found += re.findall(rf"{re.escape(self.url)}/p/{kind}/[^\s<>\"]+", text)
        return found

    async def eventually_links(self, address: str, kind: str) -> list[str]:
        """The links once the mail carrying them has arrived."""

        async def arrived() -> list[str]:
            return self.links(address, kind)

        links: list[str] = await eventually(arrived, timeout=30)
        return links


@pytest.fixture
async def stack(
    nats_server: NatsServer,
    postgres_server: PostgresServer,
    registry: ServiceRuntime,
    events: ServiceRuntime,
    tmp_path: Path,
) -> AsyncIterator[Stack]:
    from feedback_service.main import definition as feedback_definition
    from feedback_service.settings import FeedbackSettings

    admin = nats_server.admin
    connection = await nats.connect(nats_server.url, user=admin.user, password=admin.password)
    for service in ("registry", "events", "feedback"):
        await declare_stream(connection.jetstream(), service)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    feedback_settings = settings_for(
        FeedbackSettings, nats_server, postgres_server, public_url=url, jobs_interval_seconds=0.3
    )
    gateway_settings = settings_for(GatewaySettings, nats_server, postgres_server)
    await migrate(gateway_settings)
    async with (
        notifications_running(nats_server, postgres_server, tmp_path / "mail", url) as notifications,
        running(feedback_definition(feedback_settings)),
    ):
        with served(create_app(gateway_settings), port=port):
            yield Stack(url, gateway_settings, MailStore(tmp_path / "mail"), connection, notifications)
    await connection.drain()


async def a_network_with_people(
    stack: Stack, events: ServiceRuntime, suffix: str
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A jobcenter in a network with five people (created in the registry; the other services learn
    of them from its events)."""
    centre = await stack.call(
        "registry",
        "organisation.create",
        {"name": f"Jobcenter Halle (Saale) {suffix}", "type": "jobcenter", "region_keys": ["15002"]},
    )
    network = await stack.call(
        "registry",
        "network.create",
        {
            "name": f"Integrationsnetzwerk Halle {suffix}",
            "kind": "regional_institutions",
            "coordinating_organisation_id": centre["id"],
            "member_organisation_ids": [centre["id"]],
            "region_keys": ["15002"],
        },
    )
    people = []
    for number, given in enumerate(("Alex", "Bo", "Chris", "Dana", "Eli")[:PARTICIPANTS]):
        people.append(
            await stack.call(
                "registry",
                "person.create",
                {
                    "given_name": given,
                    "family_name": f"Beispiel {suffix}",
                    "form_of_address": "neutral",
                    "emails": [f"{given.lower()}.{number}.{suffix}@example.org"],
                    "memberships": [{"organisation_id": centre["id"], "function": "Beratung"}],
                    "consents": ["network_event_contact"],
                },
            )
        )

    async def known_everywhere() -> bool:
        async with events.database.read() as session:
            if await projection.network(session, uuid.UUID(network["id"])) is None:
                return False
            for person in people:
                if await projection.person(session, uuid.UUID(person["id"])) is None:
                    return False
        async with stack.notifications.database.read() as session:
            count = await session.scalar(
                sa.select(sa.func.count()).where(
                    contacts.c.person_id.in_([uuid.UUID(p["id"]) for p in people])
                )
            )
        return count == len(people)

    await eventually(known_everywhere, timeout=20)
    return network, people


def address(person: dict[str, Any]) -> str:
    return str(person["emails"][0])


async def open_link(phone: BrowserContext, link: str) -> Page:
    page = await phone.new_page()
    await page.goto(link)
    return page


async def test_a_coordinator_runs_an_event_from_invitation_to_survey_results(
    stack: Stack,
    events: ServiceRuntime,
    chromium: Browser,
    screenshot: Screenshot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    suffix = uuid.uuid4().hex[:6]
    network, people = await a_network_with_people(stack, events, suffix)
    email, password = await new_staff(stack.settings, Role.COORDINATOR, [uuid.UUID(network["id"])])
    desk = await chromium.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    phone = await chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, locale="de-DE")
    page = await desk.new_page()
    await sign_in(page, stack.url, email, password)
    await screenshot(page, "20-dashboard")

    # -- the coordinator creates the event with its agenda -------------------------------------------
    title = f"Regionalworkshop Halle {suffix}"
    first_day = clock.today() + timedelta(days=21)
    await page.get_by_role("link", name="Veranstaltungen").first.click()
    await page.get_by_role("link", name="Neue Veranstaltung").click()
    await page.get_by_label("Titel").fill(title)
    await page.get_by_label("Netzwerk").select_option(label=network["name"])
    await page.get_by_label("Art").select_option("regional_workshop")
    await page.get_by_label("Datum 1").fill(first_day.isoformat())
    await page.get_by_label("Name", exact=True).first.fill("Stadthaus Halle")
    await page.get_by_label("Plätze insgesamt").fill("3")
    await page.locator("#organiser_name").fill("Integrationsnetzwerk Halle")
    await page.locator("#organiser_email").fill("netzwerk@example.org")
    await page.get_by_role("button", name="Anlegen").click()
    await expect(page.get_by_role("heading", name=title)).to_be_visible()
    await expect(page.locator(".badge", has_text="Entwurf")).to_be_visible()

    await page.get_by_role("link", name="Programm").click()
    rows = (
        ("10:00", "10:30", "welcome", "Begrüßung", ""),
        ("10:30", "12:00", "workshop", "Workshop Anerkennung", "Raum 1"),
        ("11:00", "11:45", "workshop", "Workshop Sprachkurse", "Raum 1"),
    )
    for index, (start, end, kind, item_title, room) in enumerate(rows):
        await page.locator(f'[name="items-{index}-start"]').fill(start)
        await page.locator(f'[name="items-{index}-end"]').fill(end)
        await page.locator(f'[name="items-{index}-format"]').select_option(kind)
        await page.locator(f'[name="items-{index}-title"]').fill(item_title)
        await page.locator(f'[name="items-{index}-room"]').fill(room)
    await page.get_by_role("button", name="Programm speichern").click()
    await expect(page.get_by_text("Überschneidungen")).to_be_visible()
    await expect(page.locator("#items-2-room-error")).to_contain_text(
        "Der Raum ist zu dieser Zeit schon belegt."
    )
    await screenshot(page, "21-agenda-room-clash")
    await page.locator('[name="items-2-room"]').fill("Raum 2")
    await page.get_by_role("button", name="Programm speichern").click()
    await expect(page.get_by_text("Gespeichert.")).to_be_visible()
    await expect(page.locator("ol.agenda li")).to_have_count(3)
    await screenshot(page, "22-agenda")

    await page.get_by_role("link", name="Überblick").click()
    await page.get_by_role("button", name="Veröffentlichen").click()
    await expect(page.locator(".badge", has_text="veröffentlicht")).to_be_visible()

    # -- invitations go out; the mails arrive in the local mail sink -----------------------------------
    await (
        page.get_by_role("navigation", name="Seiten der Veranstaltung")
        .get_by_role("link", name="Einladungen")
        .click()
    )
    await page.get_by_label(network["name"]).check()
    await page.get_by_role("button", name="Einladungen versenden").click()
    await expect(page.get_by_text(f"Einladungen versandt: {PARTICIPANTS}")).to_be_visible()
    # The page refreshes itself while e-mails are pending.
    await expect(page.get_by_text(f"{PARTICIPANTS} / {PARTICIPANTS} (100 %)")).to_be_visible(timeout=20_000)
    await screenshot(page, "23-invitations-sent")

    first, second, third, fourth = people[:4]
    await page.get_by_role("link", name="Benachrichtigungen").click()
    await (
        page.get_by_role("navigation", name="Bereich")
        .get_by_role("link", name="E-Mails im lokalen Postfach")
        .click()
    )
    await page.get_by_role("row", name=address(first)).get_by_role("link").first.click()
    mail_text = await page.locator("pre.mail-text").first.inner_text()
    await screenshot(page, "24-invitation-mail")
    # Staff read the invitation; the link that answers for the invitee shows without its token.
    assert f"{stack.url}/p/invitation/…?answer=accept" in mail_text, mail_text
    await expect(
        page.get_by_text("Ganz sehen sie nur Administratorinnen und Administratoren.")
    ).to_be_visible()

    # -- participants answer on their phones, by the links in their own mailboxes --------------------
    accept = next(
        item for item in stack.links(address(first), "invitation") if item.endswith("answer=accept")
    )
    participant = await open_link(phone, accept)
    await expect(participant.get_by_text("Bitte bestätigen Sie Ihre Zusage")).to_be_visible()
    await participant.get_by_role("button", name="Ich nehme teil").click()
    await expect(participant.get_by_text("Vielen Dank, Sie sind angemeldet.")).to_be_visible()
    await expect(participant.get_by_role("heading", name=title)).to_be_visible()
    await screenshot(participant, "25-invitation-accepted-phone")
    for person in (second, third, fourth):
        link = next(
            item for item in stack.links(address(person), "invitation") if item.endswith("answer=accept")
        )
        answering = await open_link(phone, link)
        await answering.get_by_role("button", name="Ich nehme teil").click()
        if person is fourth:
            await expect(answering.get_by_text("Sie stehen auf der Warteliste, Platz 1.")).to_be_visible()
            await screenshot(answering, "26-waitlisted-phone")
        else:
            await expect(answering.get_by_text("Vielen Dank, Sie sind angemeldet.")).to_be_visible()
        await answering.close()

    # -- one cancels by the link in the confirmation; the waitlist moves up --------------------------
    cancel_links = await stack.eventually_links(address(second), "registration")
    cancelling = await open_link(phone, next(link for link in cancel_links if not link.endswith(".ics")))
    await expect(cancelling.get_by_text("bestätigt")).to_be_visible()
    await cancelling.get_by_role("button", name="Anmeldung stornieren").click()
    await expect(cancelling.get_by_text("Ihre Anmeldung ist storniert.")).to_be_visible()
    await cancelling.close()

    # Back through the list of events, found by its name among everyone else's.
    await page.goto(f"{stack.url}/events/events")
    await page.get_by_role("searchbox", name="Suchen").fill(title)
    await page.get_by_role("button", name="Filtern").click()
    await page.get_by_role("link", name=title).click()
    await (
        page.get_by_role("navigation", name="Seiten der Veranstaltung")
        .get_by_role("link", name="Anmeldungen")
        .click()
    )
    await expect(page.locator("#count-confirmed")).to_have_text("3")
    await expect(page.locator("#count-waitlisted")).to_have_text("0")
    confirmed = page.get_by_role("region", name="Angemeldet", exact=True)
    await expect(confirmed.get_by_role("cell", name=f"Dana Beispiel {suffix}", exact=True)).to_be_visible()
    await expect(confirmed.get_by_role("cell", name=f"Bo Beispiel {suffix}", exact=True)).to_have_count(0)
    await screenshot(page, "27-registrations-after-cancellation")

    # -- on the day: check-in, then the event is completed ---------------------------------------------
    monkeypatch.setattr(clock, "now", lambda: datetime.combine(first_day, time(9, 30), tzinfo=BERLIN))
    monkeypatch.setattr(gateway_clock, "now", lambda: datetime.combine(first_day, time(9, 30), tzinfo=BERLIN))
    await page.get_by_role("link", name="Überblick").click()
    await page.get_by_role("button", name="Beginnen (Check-in öffnen)").click()
    await expect(page.locator(".badge", has_text="läuft")).to_be_visible()
    await page.get_by_role("link", name="Check-in").click()
    for person in (first, third, fourth):
        name = f"{person['given_name']} {person['family_name']}"
        await page.get_by_role("button", name=f"Anwesend {name}").click()
    await expect(page.locator("#present-count")).to_have_text("3")
    await screenshot(page, "28-check-in")
    await page.get_by_role("link", name="Überblick").click()
    await page.get_by_role("button", name="Abschließen").click()
    await expect(page.get_by_role("heading", name=re.compile("wirklich abschließen"))).to_be_visible()
    await page.get_by_role("button", name="Ja, abschließen").click()
    await expect(page.locator(".badge", has_text="abgeschlossen")).to_be_visible()

    # -- attendees answer the survey by the link in their e-mail -------------------------------------
    for number, person in enumerate((first, third, fourth)):
        links = await stack.eventually_links(address(person), "feedback")
        survey = await open_link(phone, links[0])
        await expect(survey.get_by_text(title)).to_be_visible()
        for fieldset in await survey.locator("fieldset.question").all():
            radios = fieldset.locator("input[type=radio]")
            if await radios.count():
                await radios.nth(4 - number % 2).check()
        await survey.locator("textarea").first.fill(f"Gute Gespräche am Workshoptisch ({number + 1})")
        if number == 0:
            await screenshot(survey, "29-survey-phone")
        await survey.get_by_role("button", name="Absenden").click()
        await expect(survey.get_by_text("Vielen Dank für Ihre Rückmeldung!")).to_be_visible()
        await survey.close()

    await page.get_by_role("link", name="Feedback").first.click()
    await page.get_by_role("link", name=title).first.click()
    await expect(page.get_by_role("heading", name=title)).to_be_visible()
    assert await page.locator("svg.chart rect.chart-bar").count() > 0
    await expect(page.get_by_text("Gute Gespräche am Workshoptisch (3)")).to_be_visible()
    await screenshot(page, "30-survey-results")
    await phone.close()
    await desk.close()
