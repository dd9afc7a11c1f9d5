"""The right of access as a page to print: a coordinator hands the person an intelligible copy of
what every service holds about them. The page shows what the JSON document holds, per service, in
the person's words: German labels and dates in Europe/Berlin time (English for an English-speaking
person, or when staff choose it), names of organisations and events instead of ids, no UUID, no
code and no English key, and the Art. 15 elements (purposes, recipients, storage, what erasure
would do, the rights). It is guarded as the JSON download is, and refuses what the download
refuses, as pages."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime, time, timedelta
from html.parser import HTMLParser
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from gateway_service.security.roles import Role
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.testing.servers import NatsServer, PostgresServer
from netzwerkstatt.testing.services import eventually
from tests.integration.gateway.ui_support import gateway_running, staff_client

BERLIN = ZoneInfo("Europe/Berlin")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
SNAKE_CASE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
# The document's own codes and keys as single words: statuses, kinds, outcomes and the JSON's keys.
CODES = {
    "confirmed", "issued", "accepted", "pending", "sent", "open", "present", "deleted", "anonymised",
    "scrubbed", "registry", "events", "notifications", "feedback", "gateway", "person", "erasure",
    "invitations", "registrations", "attendance", "status", "kind", "contact", "messages", "state",
    "neutral", "de", "en", "true", "false", "null", "jobcenter",
}  # fmt: skip
# English words that would betray a sentence or a label left untranslated on a German page.
ENGLISH = re.compile(
    r"\b(the|and|of|is|are|not|with|please|should|must|cannot|input|value|field|required|"
    r"invalid|error|none|true|false|unknown|yes|no)\b"
)


class _Text(HTMLParser):
    """A page's text as a reader sees it, without what is marked as user data (translate="no")."""

    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []
        self.everything: list[str] = []
        self._skipped: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skipped or tag in ("script", "style") or ("translate", "no") in attrs:
            self._skipped.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._skipped and self._skipped[-1] == tag:
            self._skipped.pop()

    def handle_data(self, data: str) -> None:
        self.everything.append(data)
        if not self._skipped:
            self.words.append(data)


def text_of(html: str, *, user_data: bool = True) -> str:
    """The visible text, one line per cell, item or text (with user data, or only the page's own
    words)."""
    parser = _Text()
    parser.feed(html)
    lines = (
        line.strip() for line in "\n".join(parser.everything if user_data else parser.words).splitlines()
    )
    return "\n".join(line for line in lines if line)


def section_of(html: str, heading_id: str) -> str:
    """The text of the page's section under the heading with this id."""
    match = re.search(rf'<section[^>]*aria-labelledby="{heading_id}">(.*?)</section>', html, re.S)
    assert match is not None, f"no section {heading_id}"
    return text_of(match.group(1))


def german_date(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def berlin_moment(value: str) -> str:
    moment = datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(BERLIN)
    return moment.strftime("%d.%m.%Y, %H:%M")


async def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


@pytest.mark.slow
async def test_the_page_words_what_every_service_holds_about_a_person_and_prints_without_codes(
    registry: ServiceRuntime,
    events: ServiceRuntime,
    notifications: ServiceRuntime,
    feedback: ServiceRuntime,
    gateway: httpx.AsyncClient,
    monkeypatch: pytest.MonkeyPatch,
    nats_server: NatsServer,
    postgres_server: PostgresServer,
) -> None:
    from events_service import clock

    tag = uuid.uuid4().hex[:6]
    body = {"name": f"Jobcenter Leipzig {tag}", "type": "jobcenter", "region_keys": ["14713"]}
    organisation = await ok(await gateway.post("/api/organisations", json=body), 201)
    network = await ok(
        await gateway.post(
            "/api/networks",
            json={
                "name": f"Netzwerk Leipzig {tag}",
                "kind": "regional_institutions",
                "member_organisation_ids": [organisation["id"]],
                "region_keys": ["14713"],
            },
        ),
        201,
    )
    email = f"lena.seite.{tag}@example.org"
    person = await ok(
        await gateway.post(
            "/api/people",
            json={
                "given_name": "Lena",
                "family_name": f"Auskunft{tag}",
                "form_of_address": "ms",
                "emails": [email],
                "consents": ["network_event_contact", "contact_list_sharing"],
                "memberships": [
                    {
                        "organisation_id": organisation["id"],
                        "function": "Teamleitung Integration",
                        "decision_maker": True,
                        "start_date": "2024-03-01",
                    }
                ],
            },
        ),
        201,
    )
    person_id = person["id"]
    await ok(
        await gateway.post(
            "/api/responsibilities",
            json={
                "topic": "recognition_of_qualifications",
                "organisation_id": organisation["id"],
                "region_key": "14713",
                "contact_person_id": person_id,
            },
        )
    )
    await ok(await gateway.post("/api/interface-papers", json={"network_id": network["id"]}), 201)
    on = clock.today() + timedelta(days=3)
    title = f"Regionalworkshop Leipzig {tag}"
    event = await ok(
        await gateway.post(
            "/api/events",
            json={
                "title": title,
                "format": "regional_workshop",
                "days": [{"date": on.isoformat(), "start": "10:00", "end": "16:00"}],
                "capacity": 25,
                "organiser": {"name": "IQ Netzwerk Sachsen", "email": "iq@example.org"},
            },
        ),
        201,
    )
    event_id = event["id"]
    await ok(await gateway.post(f"/api/events/{event_id}/publish"))

    async def projected() -> bool:
        answer = await gateway.get(f"/api/people/{person_id}/personal-data")
        return answer.status_code == 200 and answer.json()["events"]["person"] is not None

    await eventually(projected, timeout=30, interval=0.25)
    await ok(await gateway.post(f"/api/events/{event_id}/invitations", json={"person_ids": [person_id]}), 201)
    registration = await ok(
        await gateway.post(f"/api/events/{event_id}/registrations", json={"person_id": person_id}), 201
    )
    monkeypatch.setattr(clock, "now", lambda: datetime.combine(on, time(9), tzinfo=UTC))
    await ok(await gateway.post(f"/api/events/{event_id}/start"))
    check_in = {"registration_id": registration["id"], "day": on.isoformat()}
    await ok(await gateway.post(f"/api/events/{event_id}/attendance", json=check_in))
    agreement_text = f"Gemeinsames Infoblatt für Arbeitgeber {tag}"
    agreement = {
        "text": agreement_text,
        "owner_organisation_id": organisation["id"],
        "owner_person_id": person_id,
        "due_on": (on + timedelta(days=30)).isoformat(),
    }
    await ok(await gateway.post(f"/api/events/{event_id}/agreements", json=agreement), 201)
    await ok(await gateway.post(f"/api/events/{event_id}/complete"))

    async def held_everywhere() -> Any:
        document = await ok(await gateway.get(f"/api/people/{person_id}/personal-data"))
        kinds = {message["kind"] for message in document["notifications"]["messages"]}
        written = {"invitation", "registration_confirmed"} <= kinds
        return document if written and document["feedback"]["invited_to_open_surveys"] else None

    document = await eventually(held_everywhere, timeout=45)

    coordinating = [uuid.UUID(network["id"])]
    async with (
        gateway_running(nats_server, postgres_server) as app,
        staff_client(app, Role.COORDINATOR, coordinating) as coordinator,
    ):
        person_page = await coordinator.get(f"/registry/people/{person_id}")
        assert f'href="/registry/people/{person_id}/personal-data"' in person_page.text
        assert "Auskunft nach Art. 15 DSGVO (zum Ausdrucken)" in person_page.text
        page = await coordinator.get(f"/registry/people/{person_id}/personal-data")
        assert page.status_code == 200, page.text
        assert page.headers["cache-control"] == "no-store"
        html = page.text

        # Written for the person: in their language (German here), also for English-speaking staff,
        # who may choose the other one.
        coordinator.cookies.set("nw_lang", "en")
        for_english_staff = await coordinator.get(f"/registry/people/{person_id}/personal-data")
        assert "Auskunft nach Art. 15 DSGVO" in for_english_staff.text
        assert 'href="?language=en"' in for_english_staff.text
        english = await coordinator.get(
            f"/registry/people/{person_id}/personal-data", params={"language": "en"}
        )
        assert english.status_code == 200, english.text
        assert 'href="?language=de"' in english.text

    text = text_of(html)
    # Each service's data under its area, in words.
    master = section_of(html, "registry")
    assert "Stammdaten und Zuständigkeiten" in master
    for shown in ("Anrede", "Frau", "Lena", f"Auskunft{tag}", email, "Deutsch", organisation["name"]):
        assert shown in master, shown
    assert "Teamleitung Integration" in master
    assert "01.03.2024" in master
    assert "Einladungen zu Netzwerkveranstaltungen" in master
    assert "Kontaktdaten im Schnittstellenpapier" in master
    # The responsibility: topic, organisation and district (14713) by name, and the person's role in it.
    duty = f"Anerkennung ausländischer Berufsabschlüsse\n{organisation['name']}\nLeipzig\nAnsprechperson"
    assert duty in master
    assert f"Schnittstellenpapier Netzwerk Leipzig {tag}" in master
    assert berlin_moment(document["registry"]["person"]["created_at"]) in master

    attended = section_of(html, "events")
    assert "Veranstaltungen und Anmeldungen" in attended
    assert title in attended
    assert f"{title}\neingeladen" in attended  # the invitation (no answer by link: "issued")
    assert f"{title}\nbestätigt" in attended  # the registration's status
    registered_at = document["events"]["registrations"][0]["registered_at"]
    assert berlin_moment(registered_at) in attended
    assert german_date(on) in attended
    assert "anwesend" in attended
    assert agreement_text in attended
    assert german_date(on + timedelta(days=30)) in attended

    surveyed = section_of(html, "feedback")
    assert "nie mit einer Person verknüpft" in surveyed
    assert document["feedback"]["invited_to_open_surveys"][0]["title"] in surveyed
    assert f"{document['feedback']['invited_to_open_surveys'][0]['title']}\noffen" in surveyed

    mailed = section_of(html, "notifications")
    assert "Benachrichtigungen und E-Mails" in mailed
    assert f"Einladung\n–\n–\n{title}\nwartend" in mailed  # no mail server here: not yet sent
    assert "Anmeldebestätigung" in mailed
    assert "Feedback-Bitte" in mailed

    # The Art. 15 elements, in plain German.
    for heading in (
        "Zwecke der Verarbeitung",
        "Empfänger",
        "Speicherdauer",
        "Was eine Löschung bewirken würde",
    ):
        assert heading in text, heading
    assert "wird anonymisiert" in text
    assert "ist nie mit Ihnen verknüpft" in text
    for right in ("Berichtigung (Art. 16 DSGVO)", "Löschung (Art. 17 DSGVO)", "Beschwerde"):
        assert right in text, right

    # No id, no code, no English key: neither in the words nor in the user data shown.
    assert UUID.findall(text) == []
    for hidden in (person_id, event_id, registration["id"], organisation["id"], network["id"]):
        assert hidden not in html.replace(f"/registry/people/{person_id}", "")
    assert SNAKE_CASE.findall(text) == []
    words = set(re.findall(r"\b[a-z]+\b", text_of(html, user_data=False)))
    assert words & CODES == set()
    assert ENGLISH.findall(text_of(html, user_data=False)) == []
    assert "14713" not in text

    # Printing leaves the UI out: the page has the print stylesheet, the navigation is screen-only.
    assert 'href="/static/style.css"' in html
    assert 'class="screen-only"' in html

    # In English when chosen: the same page in English words.
    in_english = text_of(english.text)
    assert "Right of access (Art. 15 GDPR)" in in_english
    assert "Personal details and responsibilities" in in_english
    assert "confirmed" in in_english
    assert UUID.findall(in_english) == []
    assert SNAKE_CASE.findall(in_english) == []


async def test_the_page_is_guarded_and_refused_as_the_json_download_is(
    registry: ServiceRuntime,
    gateway: httpx.AsyncClient,
    nats_server: NatsServer,
    postgres_server: PostgresServer,
) -> None:
    person = await ok(
        await gateway.post("/api/people", json={"given_name": "Timo", "family_name": "Teilweise"}), 201
    )
    erased = await ok(
        await gateway.post("/api/people", json={"given_name": "Eva", "family_name": "Weg"}), 201
    )
    await ok(await gateway.post(f"/api/people/{erased['id']}/erase"))

    async def both(client: httpx.AsyncClient, person_id: str) -> tuple[int, int, httpx.Response]:
        download = await client.get(f"/registry/people/{person_id}/personal-data.json")
        page = await client.get(f"/registry/people/{person_id}/personal-data")
        return download.status_code, page.status_code, page

    async with gateway_running(nats_server, postgres_server) as app:
        async with staff_client(app, Role.READ_ONLY) as reader:
            json_status, page_status, page = await both(reader, person["id"])
            assert (json_status, page_status) == (403, 403)
            assert "text/html" in page.headers["content-type"]
            assert "Timo" not in page.text
            shown = await reader.get(f"/registry/people/{person['id']}")
            assert f"/registry/people/{person['id']}/personal-data" not in shown.text
        # A coordinator of none of the person's networks does not look after the record.
        async with staff_client(app, Role.COORDINATOR, [uuid.uuid4()]) as stranger:
            json_status, page_status, page = await both(stranger, person["id"])
            assert (json_status, page_status) == (403, 403)
            assert "Teilweise" not in page.text
        async with staff_client(app, Role.ADMIN) as admin:
            # An unknown or erased person: the same answer as the download's, as a German page.
            for person_id in (str(uuid.uuid4()), erased["id"]):
                json_status, page_status, page = await both(admin, person_id)
                assert (json_status, page_status) == (404, 404)
                assert "text/html" in page.headers["content-type"]
                assert "Nicht gefunden" in page.text
            # Only the registry runs: a page without the other services would look complete, so
            # none comes, as no download comes.
            json_status, page_status, page = await both(admin, person["id"])
            assert (json_status, page_status) == (503, 503)
            assert "text/html" in page.headers["content-type"]
            assert "Teilweise" not in page.text
