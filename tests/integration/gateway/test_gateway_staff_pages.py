"""The staff UI over the registry: organisations listed and created through forms with field errors,
pages whose operations do not exist yet say so, German first with an English switch."""

from __future__ import annotations

import re
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import httpx

from gateway_service import i18n
from gateway_service.security.roles import Role
from gateway_service.testing import csrf_token_in, sign_in
from netzwerkstatt.service import ServiceRuntime

StaffFactory = Callable[[Role], Awaitable[tuple[str, str]]]
TEMPLATES = Path(i18n.__file__).parent / "templates"


async def signed_in(browser: httpx.AsyncClient, staff_account: StaffFactory, role: Role) -> None:
    email, password = await staff_account(role)
    assert (await sign_in(browser, email, password)).status_code == 303


async def test_an_admin_creates_an_organisation_of_no_network_through_the_form_and_finds_it_in_the_list(
    registry: ServiceRuntime, browser: httpx.AsyncClient, staff_account: StaffFactory
) -> None:
    await signed_in(browser, staff_account, Role.ADMIN)
    form = await browser.get("/registry/organisations/new")
    name = f"Volkshochschule Testregion {uuid.uuid4().hex[:6]}"
    created = await browser.post(
        "/registry/organisations/new",
        data={
            "name": name,
            "type": "adult_education_centre",
            "region_keys": "14713",
            "csrf_token": csrf_token_in(form.text),
        },
    )
    assert created.status_code == 303, created.text
    shown = await browser.get(created.headers["location"])
    assert name in shown.text
    listed = await browser.get("/registry/organisations", params={"name": name})
    assert "1 Eintrag insgesamt" in listed.text  # one entry: singular


async def test_an_invalid_organisation_form_names_the_fields_and_keeps_the_input(
    registry: ServiceRuntime, browser: httpx.AsyncClient, staff_account: StaffFactory
) -> None:
    await signed_in(browser, staff_account, Role.ADMIN)
    form = await browser.get("/registry/organisations/new")
    name = f"Burg {uuid.uuid4().hex[:6]}"
    refused = await browser.post(
        "/registry/organisations/new",
        data={"name": name, "type": "castle", "region_keys": "99999", "csrf_token": csrf_token_in(form.text)},
    )
    assert refused.status_code == 422
    assert 'id="type-error"' in refused.text
    assert 'id="region_keys-error"' in refused.text
    assert f'value="{name}"' in refused.text


async def test_pages_whose_operations_do_not_exist_yet_say_not_available(
    browser: httpx.AsyncClient, staff_account: StaffFactory
) -> None:
    await signed_in(browser, staff_account, Role.READ_ONLY)
    for path in ("/events/series", "/notifications/failed", "/feedback/surveys", "/registry/organisations"):
        page = await browser.get(path)
        assert page.status_code == 200
        assert "Noch nicht verfügbar" in page.text
    dashboard = await browser.get("/")
    assert dashboard.text.count("Noch nicht verfügbar") == 5  # each panel, the quarter figures too


async def test_the_dead_letter_page_lists_each_service(
    registry: ServiceRuntime, browser: httpx.AsyncClient, staff_account: StaffFactory
) -> None:
    await signed_in(browser, staff_account, Role.ADMIN)
    page = await browser.get("/operations/dead-letters")
    assert page.status_code == 200
    assert "Keine unzustellbaren Nachrichten." in page.text  # the registry answers
    assert "Noch nicht verfügbar" in page.text  # the others are not running in this test


async def test_the_language_switch_turns_the_ui_english_and_back(
    browser: httpx.AsyncClient, staff_account: StaffFactory
) -> None:
    await signed_in(browser, staff_account, Role.READ_ONLY)
    switched = await browser.get("/language/en", params={"next": "/events/series"})
    assert switched.headers["location"] == "/events/series"
    page = await browser.get("/events/series")
    assert '<html lang="en">' in page.text
    assert "Not available yet" in page.text
    await browser.get("/language/de")
    assert "Noch nicht verfügbar" in (await browser.get("/events/series")).text


def test_every_catalogue_key_the_templates_use_exists_in_german_and_english() -> None:
    used: set[str] = set()
    for template in TEMPLATES.rglob("*.html"):
        used |= set(re.findall(r"""t\(["']([a-z_]+\.[a-z_]+)["']\)""", template.read_text()))
    assert used, "no translated texts found"
    missing = sorted(used - i18n.CATALOGUE.keys())
    assert missing == []
    for key, (german, english) in i18n.CATALOGUE.items():
        assert german.strip(), key
        assert english.strip(), key


async def test_the_dead_letter_page_is_for_admins_only_and_says_in_words_where_a_message_came_from(
    registry: ServiceRuntime, browser: httpx.AsyncClient, staff_account: StaffFactory
) -> None:
    letters = registry.database.table("dead_letters")
    async with registry.database.unit_of_work() as uow:
        await uow.session.execute(
            letters.insert().values(
                id=uuid.uuid4(),
                failed_at=datetime.now(UTC),
                consumer="registry-events-projection",
                subject="events.evt.registration.registered",
                event_id=None,
                body=b"{}",
                headers={},
                error="KeyError: 'person_id'",
                deliveries=5,
            )
        )
    for role in (Role.READ_ONLY, Role.COORDINATOR):
        await signed_in(browser, staff_account, role)
        home = await browser.get("/")
        assert "/operations/dead-letters" not in home.text  # no way there in the navigation
        refused = await browser.get("/operations/dead-letters")
        assert refused.status_code == 403
        assert "Keine Berechtigung" in refused.text
        assert "KeyError" not in refused.text
        await browser.post("/logout", data={"csrf_token": csrf_token_in(home.text)})

    await signed_in(browser, staff_account, Role.ADMIN)
    page = await browser.get("/operations/dead-letters")
    assert page.status_code == 200
    headings = re.findall(r"<h2[^>]*>([^<]*)</h2>", page.text)
    assert headings == ["Register", "Veranstaltungen", "Rückmeldungen", "Benachrichtigungen"]
    assert "Nachricht aus dem Bereich „Veranstaltungen“" in page.text
    # The consumer, subject and the service's error are there for the admin, folded away as technical.
    technical = page.text.split("<details>", 1)[1].split("</details>", 1)[0]
    assert "<summary>Technische Angaben (für die Administration)</summary>" in technical
    for detail in ("registry-events-projection", "events.evt.registration.registered", "KeyError"):
        assert detail in technical
        assert page.text.count(detail) == 1
