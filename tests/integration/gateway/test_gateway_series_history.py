"""A series' history on its page, in German: a coordinator enters a past edition (native date inputs,
the host district by name, the counts) and sees it among the editions and in the next host; every
refusal is shown at its field, all at once, in words; a file of past editions is checked first (a
report per row, in the file's own column names) and recorded only on confirmation. Read-only staff
get no forms."""

from __future__ import annotations

import base64
import html
import re
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
    events_running,
    in_days,
    unique,
)
from tests.integration.gateway.ui_support import field_error, gateway_running, post_form, staff_client

POOL = ["15001", "15002", "15003"]  # Dessau-Roßlau, Halle (Saale), Magdeburg
# Codes travel between the services; none of them may reach the page as text.
CODES = re.compile(
    r"\b(duplicate_edition|date_in_future|unknown_district|more_than_attendees|more_than_districts|"
    r"last_day_before_first|invalid_date|invalid_number|missing|host_district_key)\b"
)


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


async def a_series(events: EventsApi) -> tuple[uuid.UUID, dict[str, Any]]:
    network_id = await network(events, [], POOL)
    series = await events.call(
        "series.create",
        {
            "title": unique("IKOE-Ideenwerkstatt"),
            "format": "ideas_workshop",
            "network_id": str(network_id),
            "organiser_email": "ikoe@example.org",
            "host_pool": POOL,
            "first_edition": 14,
        },
    )
    return network_id, series


def german(on: date) -> str:
    return on.strftime("%d.%m.%Y")


def visible(page: str) -> str:
    """The page's text as read: tags, the form's hidden fields and attribute values left out."""
    body = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


async def test_a_past_edition_is_entered_and_every_refusal_is_shown_at_its_field_in_german(
    app: FastAPI, events: EventsApi
) -> None:
    network_id, series = await a_series(events)
    path = f"/events/series/{series['id']}"
    await events.call(
        "series.record_past_edition",
        {
            "series_id": series["id"],
            "edition": 12,
            "first_day": in_days(-400).isoformat(),
            "host_district_key": "15002",
            "attendees": 30,
            "organisations": 18,
        },
    )
    async with staff_client(app, Role.COORDINATOR, [network_id]) as coordinator:
        page = await coordinator.get(path)
        assert "Frühere Ausgabe eintragen" in page.text
        # The default title named is that of the edition before the earliest the series knows.
        assert f"Leer lassen für: 11. {series['title']}" in visible(page.text)
        assert 'type="date"' in page.text
        assert 'list="district-choices"' in page.text
        refused = await post_form(
            coordinator,
            path,
            f"{path}/past-editions",
            {
                "edition": "12",
                "first_day": in_days(3).isoformat(),
                "host_district": "Atlantis",
                "attendees": "20",
                "organisations": "25",
                "districts_represented": "7",
            },
        )
        assert refused.status_code == 422
        assert field_error(refused.text, "edition") == "Diese Ausgabe der Reihe gibt es schon."
        assert "in der Zukunft" in field_error(refused.text, "first_day")
        assert field_error(refused.text, "host_district") == html.escape(
            "Einen Kreis „Atlantis“ kennen wir nicht. Bitte aus der Liste wählen."
        )
        assert field_error(refused.text, "organisations") == "Das sind mehr als die 20 Teilnehmenden."
        assert field_error(refused.text, "districts_represented") == "Das Netzwerk hat nur 3 Kreise."
        assert 'value="Atlantis"' in refused.text  # what was typed stays in the form
        assert not CODES.search(visible(refused.text)), CODES.search(visible(refused.text))

        missing = await post_form(
            coordinator,
            path,
            f"{path}/past-editions",
            {"edition": "11", "first_day": in_days(-800).isoformat(), "host_district": "Magdeburg"},
        )
        assert missing.status_code == 422
        assert field_error(missing.text, "attendees") == "Bitte füllen Sie dieses Feld aus."
        assert field_error(missing.text, "organisations") == "Bitte füllen Sie dieses Feld aus."
        overview = await events.call("series.get", {"series_id": series["id"]})
        assert [row["edition"] for row in overview["past_editions"]] == [12]

        recorded = await post_form(
            coordinator,
            path,
            f"{path}/past-editions",
            {
                "edition": "13",
                "first_day": german(in_days(-30)),  # as people write dates in German
                "last_day": german(in_days(-29)),
                "host_district": "Dessau-Roßlau",
                "venue_name": "Bauhaus Dessau",
                "attendees": "41",
                "organisations": "25",
                "newcomers": "9",
            },
        )
        assert recorded.status_code == 303
        shown = await coordinator.get(recorded.headers["location"])
    text = visible(shown.text)
    assert "Die frühere Ausgabe ist eingetragen." in text
    assert f"13. {series['title']}" in text
    assert "nachgetragen" in text
    assert "<dd>Magdeburg</dd>" in shown.text  # the rotation's next host: the one not yet host
    assert "Nachgetragene Ausgaben" in text
    assert not CODES.search(text)


async def test_a_file_of_past_editions_is_checked_row_by_row_and_recorded_on_confirmation(
    app: FastAPI, events: EventsApi
) -> None:
    network_id, series = await a_series(events)
    path = f"/events/series/{series['id']}"
    bad = (
        "Ausgabe;Datum;Gastgeber-Kreis;Teilnehmende;Organisationen\n"
        f"11;nächsten Mai;Atlantis;28;17\n"
        f"12;{in_days(-400).strftime('%d.%m.%Y')};Halle (Saale);viele;20\n"
    )
    good = (
        "Ausgabe;Datum;Gastgeber-Kreis;Teilnehmende;Organisationen;Ort\n"
        f"11;{in_days(-800).strftime('%d.%m.%Y')};Magdeburg;28;17;Altes Rathaus\n"
        f"12;{german(in_days(-401))} - {german(in_days(-400))};Halle (Saale);34;20;\n"
    )
    async with staff_client(app, Role.COORDINATOR, [network_id]) as coordinator:
        checked = await post_form(
            coordinator,
            path,
            f"{path}/history-import",
            {},
            files={"file": ("ausgaben.csv", bad.encode(), "text/csv")},
        )
        assert checked.status_code == 200
        text = visible(checked.text)
        assert "Prüfbericht: ausgaben.csv" in text
        assert "„nächsten Mai“ ist kein Datum" in text
        assert "Einen Kreis „Atlantis“ kennen wir nicht" in text
        assert "„viele“ ist keine ganze Zahl" in text
        assert "Gastgeber-Kreis" in text
        assert "Teilnehmende" in text
        assert "Jetzt eintragen" not in text
        assert not CODES.search(text), CODES.search(text)
        assert (await events.call("series.get", {"series_id": series["id"]}))["past_editions"] == []

        checked = await post_form(
            coordinator,
            path,
            f"{path}/history-import",
            {},
            files={"file": ("ausgaben.csv", good.encode(), "text/csv")},
        )
        text = visible(checked.text)
        assert "Wird eingetragen" in text
        assert "Magdeburg" in text
        assert "Jetzt eintragen" in text
        assert (await events.call("series.get", {"series_id": series["id"]}))["past_editions"] == []
        hidden = dict(re.findall(r'name="(file_name|content_base64)" value="([^"]*)"', checked.text))
        assert base64.b64decode(hidden["content_base64"]).decode() == good
        done = await post_form(coordinator, path, f"{path}/history-import/run", hidden)
        assert done.status_code == 200
        assert "Eingetragene Ausgaben" in visible(done.text)
        unreadable = await post_form(
            coordinator,
            path,
            f"{path}/history-import",
            {},
            files={"file": ("ausgaben.ods", b"x", "application/octet-stream")},
        )
        assert unreadable.status_code == 422
        assert field_error(unreadable.text, "file").startswith("Die Datei lässt sich nicht lesen.")
    overview = await events.call("series.get", {"series_id": series["id"]})
    assert [(row["edition"], row["host_district_key"]) for row in overview["past_editions"]] == [
        (11, "15003"),
        (12, "15002"),
    ]


async def test_the_history_forms_are_in_english_too_and_not_offered_to_read_only_staff(
    app: FastAPI, events: EventsApi
) -> None:
    network_id, series = await a_series(events)
    path = f"/events/series/{series['id']}"
    async with staff_client(app, Role.COORDINATOR, [network_id]) as coordinator:
        await coordinator.get("/language/en")
        page = await coordinator.get(path)
    assert "Record a past edition" in page.text
    assert "Import past editions" in page.text
    async with staff_client(app, Role.READ_ONLY, [network_id]) as reader:
        page = await reader.get(path)
    assert page.status_code == 200
    assert "past-editions" not in page.text
    assert "history-import" not in page.text
