"""The events pages against the real events service: a coordinator creates and edits an event of
their network, moves it through its lifecycle, writes the agenda (clashes shown at their rows),
invites a network, keeps registrations with the waitlist, checks people in, prints the lists,
reads the participation figures as a chart and records agreements; series show their editions
and the next host; coordinators of other networks and read-only staff change nothing."""

from __future__ import annotations

import html
import io
import re
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
import sqlalchemy as sa
from babel.dates import format_date
from fastapi import FastAPI
from nats.aio.client import Client as NatsClient
from openpyxl import load_workbook

from events_service.store import projection
from gateway_service import clock as gateway_clock
from gateway_service.security.roles import Role
from gateway_service.testing import csrf_token_in
from gateway_service.web import hints
from netzwerkstatt.contracts.registry import OrganisationCreated
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.testing.servers import NatsServer, PostgresServer
from netzwerkstatt.testing.services import eventually
from tests.integration.events.events_helpers import moved_clock, network, person_facts
from tests.integration.gateway.service_support import (
    EventsApi,
    admin_connection,
    day,
    event_with_places,
    events_running,
    in_days,
    member,
    organisation,
    unique,
)
from tests.integration.gateway.ui_support import (
    call,
    field_error,
    gateway_running,
    hidden_id_in,
    post_form,
    staff_client,
    stale_notice,
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


class Network:
    """A network of two organisations in two districts with members, known to the events service."""

    def __init__(
        self, network_id: uuid.UUID, organisations: list[uuid.UUID], people: list[uuid.UUID]
    ) -> None:
        self.id = network_id
        self.organisations = organisations
        self.people = people


async def a_network(events: EventsApi, members_each: int = 2) -> Network:
    centre = await organisation(events, "Jobcenter Halle (Saale)", "jobcenter", ["15002"])
    agency = await organisation(events, "Agentur für Arbeit Dessau", "employment_agency", ["15001"])
    people = [await member(events, centre) for _ in range(members_each)]
    people += [await member(events, agency, decision_maker=True) for _ in range(members_each)]
    network_id = await network(events, [centre, agency], ["15001", "15002", "15003"])
    return Network(network_id, [centre, agency], people)


async def organisation_known(events: EventsApi, organisation_id: uuid.UUID, name: str) -> None:
    """The events service's copy of an organisation the registry has (as its event would bring it)."""
    async with events.runtime.database.unit_of_work() as uow:
        await projection.upsert_organisation(
            uow.session,
            OrganisationCreated(
                organisation_id=organisation_id, name=name, type="jobcenter", region_keys=["15001"], version=1
            ),
        )


async def person_known(events: EventsApi, organisation_id: uuid.UUID, person_id: uuid.UUID) -> None:
    async with events.runtime.database.unit_of_work() as uow:
        await projection.upsert_person(uow.session, person_facts(organisation_id, person_id=person_id))


def new_event_form(network: uuid.UUID, **values: str) -> dict[str, str]:
    first = in_days(40).isoformat()
    return {
        "title": unique("Regionalworkshop Dessau"),
        "format": "regional_workshop",
        "network_id": str(network),
        "day_date": first,
        "day_start": "10:00",
        "day_end": "16:00",
        "venue_name": "Rathaus Dessau",
        "venue_address": "Zerbster Straße 4, 06844 Dessau-Roßlau",
        "capacity": "25",
        "organiser_name": "IQ Netzwerk Sachsen-Anhalt",
        "organiser_email": "iq@example.org",
    } | values


def event_id_of(response: httpx.Response) -> str:
    match = re.match(r"^/events/([0-9a-f-]{36})", response.headers["location"])
    assert match is not None, response.headers.get("location")
    return match.group(1)


async def published(events: EventsApi, net: Network, capacity: int | None = None) -> dict[str, Any]:
    """A published event of the network in 30 days."""
    return await event_with_places(events, capacity=capacity, network_id=str(net.id))


async def held_event(events: EventsApi, net: Network, held_on: date) -> dict[str, Any]:
    """A Netzwerktreffen of the network held on ``held_on``, entered afterwards (so completed): its
    agreements may fall due, and be overdue, by the gateway's own calendar."""
    return await events.call(  # type: ignore[no-any-return]
        "event.enter_held",
        {
            "title": unique("Netzwerktreffen Halle"),
            "format": "network_meeting",
            "network_id": str(net.id),
            "days": [day(held_on)],
            "organiser": {"name": "IQ Netzwerk Sachsen-Anhalt"},
        },
    )


def on_first_day(monkeypatch: pytest.MonkeyPatch, event: dict[str, Any]) -> None:
    """The events service's clock moved to noon of the event's first day (so that it can start)."""
    first = date.fromisoformat(event["days"][0]["date"])
    moved_clock(monkeypatch, datetime.combine(first, time(12), tzinfo=ZoneInfo("Europe/Berlin")))


async def test_a_coordinator_creates_edits_and_publishes_an_event_of_their_network(
    app: FastAPI, events: EventsApi
) -> None:
    net = await a_network(events)
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        values = new_event_form(net.id)
        created = await post_form(coordinator, "/events/new", "/events/new", values)
        assert created.status_code == 303
        event_id = event_id_of(created)
        page = await coordinator.get(f"/events/{event_id}")
        assert values["title"] in page.text
        assert "Entwurf" in page.text
        assert "Rathaus Dessau" in page.text

        changed = await post_form(
            coordinator,
            f"/events/{event_id}/edit",
            f"/events/{event_id}/edit",
            {**values, "motto": "Arbeit findet Stadt", "capacity": "30"},
        )
        assert changed.status_code == 303
        published_page = await post_form(
            coordinator, f"/events/{event_id}", f"/events/{event_id}/status/publish", {}
        )
        assert published_page.status_code == 303
        page = await coordinator.get(f"/events/{event_id}")
    assert "veröffentlicht" in page.text
    assert "Arbeit findet Stadt" in page.text
    event = await events.call("event.get", {"event_id": event_id})
    assert (event["status"], event["capacity"], event["network_id"]) == ("published", 30, str(net.id))


async def test_a_coordinator_enters_a_past_event_with_its_attendance_list_and_it_is_completed(
    app: FastAPI, events: EventsApi
) -> None:
    net = await a_network(events, members_each=1)
    centre_member, agency_member = net.people
    held_on = in_days(-20).isoformat()
    values = new_event_form(net.id, day_date=held_on)
    attendance_list = {"attendee_id": [str(centre_member), str(agency_member)]}
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        listed = await coordinator.get("/events/events")
        assert 'href="/events/held/new"' in listed.text
        form = await coordinator.get("/events/held/new")
        assert "Vergangene Veranstaltung nachtragen" in form.text
        assert 'name="attendee_id" multiple' in form.text
        assert "registration_closes_at" not in form.text
        entered = await post_form(
            coordinator, "/events/held/new", "/events/held/new", values | attendance_list
        )
        assert entered.status_code == 303, entered.text
        event_id = event_id_of(entered)
        # The same form sent again (a double click, a reload) names the same event: no second one.
        again = await coordinator.post(
            "/events/held/new",
            data=values | attendance_list | {"id": event_id, "csrf_token": csrf_token_in(form.text)},
        )
        assert (again.status_code, event_id_of(again)) == (303, event_id)
        page = await coordinator.get(f"/events/{event_id}")
    assert values["title"] in page.text
    assert "abgeschlossen" in page.text
    event = await events.call("event.get", {"event_id": event_id})
    assert (event["status"], event["network_id"]) == ("completed", str(net.id))
    same_title = await events.call("event.list", {"q": values["title"], "upcoming": False})
    assert [item["id"] for item in same_title["items"]] == [event_id]
    attendance = await events.call("attendance.list", {"event_id": event_id})
    assert attendance["present_per_day"] == {held_on: 2}
    registrations = await events.call("registration.list", {"event_id": event_id})
    assert {item["person_id"] for item in registrations["items"]} == {str(centre_member), str(agency_member)}


async def test_a_past_event_with_a_day_ahead_or_an_unknown_attendee_is_refused_in_words_and_not_saved(
    app: FastAPI, events: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    net = await a_network(events, members_each=1)
    stranger = str(uuid.uuid4())

    async def offered(request: object) -> list[tuple[str, str]]:  # the registry's people, as it lists them
        return [(str(net.people[0]), "Erika Beispiel (Jobcenter Halle (Saale))")]

    monkeypatch.setattr(hints, "attendee_choices", offered)
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        form = await coordinator.get("/events/held/new")
        chosen_id = hidden_id_in(form.text)
        ahead = new_event_form(net.id, day_date=in_days(3).isoformat()) | {
            "id": chosen_id,
            "attendee_id": [str(net.people[0])],
        }
        refused = await post_form(coordinator, "/events/held/new", "/events/held/new", ahead)
        unknown = new_event_form(net.id, day_date=in_days(-3).isoformat()) | {
            "id": chosen_id,
            "attendee_id": [stranger],
        }
        refused_person = await post_form(coordinator, "/events/held/new", "/events/held/new", unknown)
    assert refused.status_code == 422
    assert field_error(refused.text, "days"), refused.text
    # The choice is kept for the next try; the page speaks German, with no code or field key.
    assert f'value="{net.people[0]}" selected' in refused.text
    assert refused_person.status_code == 404  # the person named is not known
    message = field_error(refused_person.text, "attendees")
    assert "nicht (mehr) bekannt" in message, refused_person.text
    assert stranger not in message
    error = await events.fails("event.get", {"event_id": chosen_id})
    assert error.code == "not_found"


async def test_a_new_event_dated_in_the_past_is_refused_with_a_pointer_to_past_editions_and_keeps_the_input(
    app: FastAPI, events: EventsApi
) -> None:
    net = await a_network(events, members_each=1)
    values = new_event_form(net.id, day_date="01.01.2020", registration_closes_at="2019-12-01T12:00")
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        refused = await post_form(coordinator, "/events/new", "/events/new", values)
    assert refused.status_code == 422
    message = field_error(refused.text, "days")
    assert message.startswith("Dieser Termin hat schon begonnen; eine neue Veranstaltung braucht einen"), (
        message
    )
    assert "„Frühere Ausgabe eintragen“" in message
    assert "starts_in_past" not in refused.text
    assert f'value="{html.escape(values["title"])}"' in refused.text
    assert 'value="2020-01-01"' in refused.text
    assert 'value="2019-12-01T12:00"' in refused.text
    listed = await events.call("event.list", {"network_ids": [str(net.id)]})
    assert listed["items"] == []


async def test_the_event_form_names_a_day_line_it_cannot_read_and_the_services_refusals(
    app: FastAPI, events: EventsApi
) -> None:
    net = await a_network(events, members_each=1)
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        unreadable = await post_form(
            coordinator,
            "/events/new",
            "/events/new",
            new_event_form(net.id, day_date="next Tuesday", capacity="zero", title="X"),
        )
        assert unreadable.status_code == 422
        # Every problem in one pass, in German, at its field.
        assert field_error(unreadable.text, "days") == "Bitte ein Datum eingeben, z. B. 20.11.2025."
        assert field_error(unreadable.text, "capacity") == "Bitte eine ganze Zahl eingeben."
        assert field_error(unreadable.text, "title") == "Bitte mindestens 2 Zeichen eingeben."

        german_date = in_days(40).strftime("%d.%m.%Y")
        backwards = new_event_form(net.id, day_date=german_date, day_start="16:00", day_end="10:00")
        refused = await post_form(coordinator, "/events/new", "/events/new", backwards)
        assert refused.status_code == 422
        assert field_error(refused.text, "days") == "Das Ende muss nach dem Beginn liegen."
        assert backwards["title"] in refused.text  # what was typed stays in the form
        assert f'value="{in_days(40).isoformat()}"' in refused.text  # the German date, read


async def test_adding_a_day_adds_one_row_whether_or_not_the_blank_row_was_filled_in(
    app: FastAPI, events: EventsApi
) -> None:
    net = await a_network(events, members_each=1)
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        empty = await coordinator.get("/events/new")
        assert empty.text.count('name="day_date"') == 1
        filled = await post_form(
            coordinator, "/events/new", "/events/new", new_event_form(net.id, add_day="1")
        )
        assert filled.text.count('name="day_date"') == 2  # the day typed in and one new row
        blank = await post_form(
            coordinator, "/events/new", "/events/new", new_event_form(net.id, day_date="", add_day="1")
        )
        assert blank.text.count('name="day_date"') == 2  # the blank row and one new row


async def test_a_refused_target_group_is_named_at_its_field(app: FastAPI, events: EventsApi) -> None:
    net = await a_network(events, members_each=1)
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        values = new_event_form(net.id, target_groups="Jobcenter, " + "x" * 201)
        refused = await post_form(coordinator, "/events/new", "/events/new", values)
        assert refused.status_code == 422
        assert field_error(refused.text, "target_groups") == "Bitte höchstens 200 Zeichen eingeben."
        assert (await events.call("event.list", {"q": values["title"]}))["total"] == 0


async def test_an_unknown_district_is_named_together_with_the_events_services_refusals(
    app: FastAPI, events: EventsApi
) -> None:
    """The event and series forms name a district nobody knows and, in the same answer, what the
    events service refuses; nothing is saved, the input stays."""
    net = await a_network(events, members_each=1)
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        values = new_event_form(net.id, day_start="16:00", day_end="10:00", host_district_key="Atlantis")
        refused = await post_form(coordinator, "/events/new", "/events/new", values)
        assert refused.status_code == 422
        assert field_error(refused.text, "days") == "Das Ende muss nach dem Beginn liegen."
        assert field_error(refused.text, "host_district_key") == "Diese Kreise kennen wir nicht: Atlantis"
        assert 'value="Atlantis"' in refused.text
        assert (await events.call("event.list", {"q": values["title"]}))["total"] == 0

        created = await post_form(coordinator, "/events/new", "/events/new", new_event_form(net.id))
        event_id = event_id_of(created)
        edit = f"/events/{event_id}/edit"
        edited = await post_form(coordinator, edit, edit, values)
        assert edited.status_code == 422
        assert field_error(edited.text, "days") == "Das Ende muss nach dem Beginn liegen."
        assert field_error(edited.text, "host_district_key") == "Diese Kreise kennen wir nicht: Atlantis"
        only_the_district = await post_form(
            coordinator, edit, edit, new_event_form(net.id, host_district_key="Atlantis")
        )
        assert only_the_district.status_code == 422
        assert (await events.call("event.get", {"event_id": event_id}))["host_district_key"] is None

        pool = "Halle (Saale), Atlantis"
        series = {"format": "ideas_workshop", "network_id": str(net.id), "host_pool": pool}
        untitled = await post_form(coordinator, "/events/series", "/events/series", series | {"title": ""})
        assert untitled.status_code == 422
        assert field_error(untitled.text, "title") == "Bitte mindestens 2 Zeichen eingeben."
        assert field_error(untitled.text, "host_pool") == "Diese Kreise kennen wir nicht: Atlantis"
        title = unique("Ideenwerkstatt")
        titled = await post_form(coordinator, "/events/series", "/events/series", series | {"title": title})
        assert titled.status_code == 422
        assert field_error(titled.text, "host_pool") == "Diese Kreise kennen wir nicht: Atlantis"
        assert f'value="{title}"' in titled.text
        # An address the browser lets through (no dot after the @) is refused by the service: the
        # form says so at the field, not only "Bitte prüfen Sie die Eingaben." above it.
        unreachable = series | {"title": title, "host_pool": "Halle (Saale)"}
        unreachable["organiser_email"] = "kim@example"
        refused = await post_form(coordinator, "/events/series", "/events/series", unreachable)
        assert refused.status_code == 422
        assert field_error(refused.text, "organiser_email") == "Bitte eine gültige E-Mail-Adresse eingeben."
    every_series = (await events.call("series.list", {"limit": 500}))["items"]
    assert [item for item in every_series if item["title"] == title] == []


async def test_the_agenda_is_kept_per_day_and_a_room_clash_is_shown_at_its_row(
    app: FastAPI, events: EventsApi
) -> None:
    net = await a_network(events, members_each=1)
    event = await published(events, net)
    first = event["days"][0]["date"]
    rows = {
        "items-0-day": first,
        "items-0-start": "10:00",
        "items-0-end": "10:30",
        "items-0-format": "welcome",
        "items-0-title": "Begrüßung",
        "items-0-room": "",
        "items-0-speakers": "Dr. Kim Beispiel",
        "items-1-day": first,
        "items-1-start": "10:30",
        "items-1-end": "12:00",
        "items-1-format": "workshop",
        "items-1-title": "Workshop Anerkennung",
        "items-1-room": "Raum 1",
        "items-1-speakers": "",
        "items-2-day": first,
        "items-2-start": "",
        "items-2-end": "",
        "items-2-format": "other",
        "items-2-title": "",
        "items-2-room": "",
        "items-2-speakers": "",
    }
    page = f"/events/{event['id']}/agenda"
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        saved = await post_form(coordinator, page, page, rows)
        assert saved.status_code == 303
        shown = await coordinator.get(page)
        assert "Begrüßung" in shown.text
        assert "Workshop Anerkennung" in shown.text
        assert "Dr. Kim Beispiel" in shown.text

        clash = rows | {
            "items-2-start": "11:00",
            "items-2-end": "11:30",
            "items-2-format": "workshop",
            "items-2-title": "Workshop Sprachkurse",
            "items-2-room": "raum 1",
        }
        refused = await post_form(coordinator, page, page, clash)
    assert refused.status_code == 422
    assert field_error(refused.text, "items-2-room") or field_error(refused.text, "items-1-room")
    assert 'value="Workshop Sprachkurse"' in refused.text
    agenda = await events.call("agenda.get", {"event_id": event["id"]})
    assert [item["title"] for item in agenda["items"]] == ["Begrüßung", "Workshop Anerkennung"]


async def named_member(
    events: EventsApi, organisation_id: uuid.UUID, given: str, family: str, title: str | None = None
) -> uuid.UUID:
    """A person of the organisation with the name given, as the events service knows them."""
    facts = person_facts(organisation_id).model_copy(
        update={"given_name": given, "family_name": family, "title": title}
    )
    async with events.runtime.database.unit_of_work() as uow:
        await projection.upsert_person(uow.session, facts)
    return facts.person_id


async def test_agenda_speakers_are_typed_and_shown_by_name_and_the_network_s_people_are_known_by_it(
    app: FastAPI, events: EventsApi
) -> None:
    """No id in the agenda form or on the page: a speaker is typed by name; the events service takes
    a name of a person of the event's network (with or without title) for that person, a name
    nobody there has for a guest, and refuses at the field, nothing saved and values kept, a name
    several people share (unless "Name (Organisation)" tells them apart) and a bracketed reference
    that is no known person."""
    net = await a_network(events, members_each=1)
    centre, agency = net.organisations
    suffix = uuid.uuid4().hex[:6]
    marlene = await named_member(events, centre, "Marlene", f"Voigtländer-{suffix}", "Dr.")
    brandt_centre = await named_member(events, centre, "Jonas", f"Brandt-{suffix}")
    brandt_agency = await named_member(events, agency, "Jonas", f"Brandt-{suffix}")
    event = await published(events, net)
    first = event["days"][0]["date"]

    def row(speakers: str) -> dict[str, str]:
        return {
            "items-0-day": first,
            "items-0-start": "10:00",
            "items-0-end": "10:30",
            "items-0-format": "welcome",
            "items-0-title": "Begrüßung",
            "items-0-room": "",
            "items-0-speakers": speakers,
        }

    async def speakers() -> list[dict[str, Any]]:
        agenda = await events.call("agenda.get", {"event_id": event["id"]})
        return [speaker for item in agenda["items"] for speaker in item["speakers"]]

    page = f"/events/{event['id']}/agenda"
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        form = await coordinator.get(page)
        assert "Kennung" not in form.text
        assert "Personen aus dem Netzwerk werden am Namen erkannt" in form.text
        saved = await post_form(coordinator, page, page, row(f"marlene voigtländer-{suffix}, Eva Extern"))
        assert saved.status_code == 303
        assert [(s["person_id"], s["name"]) for s in await speakers()] == [
            (str(marlene), f"Dr. Marlene Voigtländer-{suffix}"),
            (None, "Eva Extern"),
        ]
        shown = await coordinator.get(page)
        assert f"(Begrüßung; Dr. Marlene Voigtländer-{suffix}, Eva Extern)" in html.unescape(shown.text)
        assert f'value="Dr. Marlene Voigtländer-{suffix}, Eva Extern"' in html.unescape(shown.text)
        assert str(marlene) not in shown.text
        # Saved again as the form shows it, the person stays the person.
        again = await post_form(coordinator, page, page, row(f"Dr. Marlene Voigtländer-{suffix}, Eva Extern"))
        assert again.status_code == 303
        assert [s["person_id"] for s in await speakers()] == [str(marlene), None]

        for typed, words in (
            (
                f"Jonas Brandt-{suffix}",
                f"Mehrere Personen im Netzwerk heißen „Jonas Brandt-{suffix}“; bitte als „Jonas "
                f"Brandt-{suffix} (Organisation)“ angeben.",
            ),
            (
                "Max Muster [12345]",
                "„Max Muster [12345]“ ist keine bekannte Person; bitte nur den Namen eingeben, ohne "
                "Angabe in eckigen Klammern.",
            ),
        ):
            refused = await post_form(coordinator, page, page, row(typed))
            assert refused.status_code == 422
            assert html.unescape(field_error(refused.text, "items-0-speakers") or "") == words
            assert f'value="{typed}"' in html.unescape(refused.text)
            assert [s["person_id"] for s in await speakers()] == [str(marlene), None]  # nothing saved

        async with events.runtime.database.read() as session:
            agency_name = (await projection.names_of_organisations(session, [agency]))[agency]
        chosen = await post_form(coordinator, page, page, row(f"Jonas Brandt-{suffix} ({agency_name})"))
        assert chosen.status_code == 303
        assert [s["person_id"] for s in await speakers()] == [str(brandt_agency)]
        assert str(brandt_centre) not in (await coordinator.get(page)).text


async def test_agenda_times_are_taken_as_written_in_german_like_the_events_day_rows(
    app: FastAPI, events: EventsApi
) -> None:
    net = await a_network(events, members_each=1)
    event = await published(events, net)
    first = event["days"][0]["date"]
    rows = {
        "items-0-day": first,
        "items-0-start": "10.15",
        "items-0-end": "11.45",
        "items-0-format": "impulse",
        "items-0-title": "Impuls Fachkräftesicherung",
        "items-0-room": "",
        "items-0-speakers": "",
    }
    page = f"/events/{event['id']}/agenda"
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        saved = await post_form(coordinator, page, page, rows)
    assert saved.status_code == 303, field_error(saved.text, "items-0-start")
    agenda = await events.call("agenda.get", {"event_id": event["id"]})
    assert [(item["start"][:5], item["end"][:5]) for item in agenda["items"]] == [("10:15", "11:45")]


async def test_inviting_a_network_lists_the_invited_people_and_skips_them_the_second_time(
    app: FastAPI, events: EventsApi
) -> None:
    net = await a_network(events)
    event = await published(events, net)
    page = f"/events/{event['id']}/invitations"
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        issued = await post_form(coordinator, page, page, {"network_ids": str(net.id)})
        assert issued.status_code == 303
        shown = await coordinator.get(issued.headers["location"])
        assert "Einladungen versandt: 4" in shown.text
        assert shown.text.count("<td>ohne Antwort</td>") == 4

        again = await post_form(coordinator, page, page, {"network_ids": str(net.id)})
        shown = await coordinator.get(again.headers["location"])
        assert "Einladungen versandt: 0" in shown.text
        assert "bereits eingeladen: 4" in shown.text

        nobody = await post_form(coordinator, page, page, {})
    assert nobody.status_code == 422
    assert field_error(nobody.text, "network_ids")


async def test_an_invitation_shows_where_the_registration_stands_and_the_counts_say_who_has_not_answered(
    app: FastAPI, events: EventsApi
) -> None:
    net = await a_network(events)  # four people
    event = await published(events, net, capacity=1)
    await events.call("invitation.issue", {"event_id": event["id"], "network_ids": [str(net.id)]})
    first, *_ = [
        await events.call("registration.register", {"event_id": event["id"], "person_id": str(person_id)})
        for person_id in net.people[:3]
    ]
    await events.call("registration.cancel", {"registration_id": first["id"]})  # the next moves up
    async with staff_client(app, Role.READ_ONLY) as reader:
        shown = await reader.get(f"/events/{event['id']}/invitations")
    assert shown.status_code == 200
    counts = shown.text.split('id="invitation-counts">')[1].split("</p>")[0]
    assert counts == (
        "eingeladen: <strong>4</strong> · ohne Antwort: <strong>1</strong> · zugesagt: <strong>1</strong> · "
        "auf der Warteliste: <strong>1</strong> · storniert: <strong>1</strong> · "
        "abgesagt: <strong>0</strong>"
    )
    states = re.findall(r"<td>([^<]*)</td><td>[^<]*</td></tr>", shown.text)  # status, answered at
    assert sorted(states) == ["auf der Warteliste (Platz 1)", "ohne Antwort", "storniert", "zugesagt"]


async def test_the_recipients_are_shown_by_name_before_the_invitations_go_out(
    app: FastAPI, events: EventsApi
) -> None:
    net = await a_network(events)
    event = await published(events, net)
    page = f"/events/{event['id']}/invitations"
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        shown = await post_form(coordinator, page, page, {"network_ids": str(net.id), "preview": "1"})
        assert shown.status_code == 200
        assert "Diese Personen würden eingeladen" in shown.text
        assert "Neu einzuladen: <strong>4</strong>" in shown.text
        assert shown.text.count("<td>neu</td>") == 4
        # Nothing was sent.
        assert "Einladungen versandt" not in shown.text
    listing = await events.call("invitation.list", {"event_id": event["id"]})
    assert listing["items"] == []


async def test_inviting_without_choosing_anyone_says_what_to_choose(app: FastAPI, events: EventsApi) -> None:
    net = await a_network(events)
    event = await published(events, net)
    page = f"/events/{event['id']}/invitations"
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        for preview in ({}, {"preview": "1"}):
            refused = await post_form(coordinator, page, page, preview)
            assert refused.status_code == 422
            assert field_error(refused.text, "network_ids") == (
                "Bitte wählen Sie, wen Sie einladen: Netzwerke, Regionen, Organisationsarten "
                "oder Personen aus dem Register."
            )
            assert "Bitte füllen Sie dieses Feld aus." not in refused.text  # which field? all are optional
    assert (await events.call("invitation.list", {"event_id": event["id"]}))["items"] == []


async def test_registrations_show_the_waitlist_and_a_cancellation_moves_it_up(
    app: FastAPI, events: EventsApi
) -> None:
    net = await a_network(events)
    event = await published(events, net, capacity=2)
    for person_id in net.people[:3]:
        await events.call("registration.register", {"event_id": event["id"], "person_id": str(person_id)})
    page = f"/events/{event['id']}/registrations"
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        shown = await coordinator.get(page)
        assert re.search(r'id="count-confirmed">2<', shown.text)
        assert re.search(r'id="count-waitlisted">1<', shown.text)
        listing = await events.call("registration.list", {"event_id": event["id"]})
        first = next(item for item in listing["items"] if item["status"] == "confirmed")
        waiting = next(item for item in listing["items"] if item["status"] == "waitlisted")
        assert f"<td>1</td><td>{waiting['person_name']}</td>" in shown.text

        asked = await post_form(coordinator, page, f"{page}/{first['id']}/cancel", {})
        assert asked.status_code == 200
        assert f"Anmeldung von {first['person_name']} wirklich stornieren?" in asked.text
        assert "Die Person erhält eine E-Mail" in asked.text
        assert 'name="confirmed" value="yes"' in asked.text
        assert f'href="{page}"' in asked.text  # "Abbrechen" goes back to the list
        unchanged = await events.call("registration.get", {"registration_id": first["id"]})
        assert unchanged["status"] == "confirmed"
        cancelled = await post_form(coordinator, page, f"{page}/{first['id']}/cancel", {"confirmed": "yes"})
        assert cancelled.status_code == 303
        shown = await coordinator.get(cancelled.headers["location"])
    assert f"Die Anmeldung von {first['person_name']} ist storniert" in shown.text
    assert re.search(r'id="count-waitlisted">0<', shown.text)
    listing = await events.call("registration.list", {"event_id": event["id"]})
    assert {item["person_id"]: item["status"] for item in listing["items"]}[
        waiting["person_id"]
    ] == "confirmed"


async def test_staff_register_a_person_confirmed_by_phone_without_a_confirmation_mail(
    app: FastAPI, events: EventsApi
) -> None:
    net = await a_network(events)
    event = await published(events, net, capacity=5)
    page = f"/events/{event['id']}/registrations"
    by_phone, online = net.people[:2]
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        form = (await coordinator.get(page)).text
        assert "Suchen Sie die Person zuerst mit ihrem Namen" in form  # nobody is chosen by an id
        assert "Kennung" not in form
        told = await post_form(
            coordinator, page, page, {"person_id": str(by_phone), "already_confirmed": "on"}
        )
        mailed = await post_form(coordinator, page, page, {"person_id": str(online)})
        assert (told.status_code, mailed.status_code) == (303, 303)
    listing = await events.call("registration.list", {"event_id": event["id"]})
    ids = {item["person_id"]: item["id"] for item in listing["items"] if item["status"] == "confirmed"}
    outbox = events.runtime.database.table("outbox")
    async with events.runtime.database.read() as session:
        rows = await session.execute(
            sa.select(outbox.c.aggregate, outbox.c.envelope).where(
                outbox.c.aggregate.in_(list(ids.values())),
                outbox.c.subject == "events.evt.registration.confirmed",
            )
        )
        confirmation = {row.aggregate: row.envelope["data"]["confirmation"] for row in rows}
    assert confirmation == {ids[str(by_phone)]: "already_confirmed", ids[str(online)]: "mail"}


async def test_staff_are_told_whether_a_person_they_register_has_a_place_or_waits(
    app: FastAPI, events: EventsApi
) -> None:
    net = await a_network(events)
    event = await published(events, net, capacity=2)
    page = f"/events/{event['id']}/registrations"
    first, second, third = net.people[:3]
    for person_id in (first, second):
        await events.call("registration.register", {"event_id": event["id"], "person_id": str(person_id)})
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        waiting = await post_form(
            coordinator, page, page, {"person_id": str(third), "already_confirmed": "on"}
        )
        assert waiting.status_code == 303
        shown = await coordinator.get(waiting.headers["location"])
        listing = await events.call("registration.list", {"event_id": event["id"]})
        name = next(row["person_name"] for row in listing["items"] if row["person_id"] == str(third))
        assert (
            f"Die Veranstaltung ist ausgebucht: {name} steht auf der Warteliste, Platz 1. "
            "Die Person erhält dazu eine E-Mail."
        ) in shown.text
        placed = await post_form(coordinator, page, page, {"person_id": str(net.people[3])})
        shown = await coordinator.get(placed.headers["location"])
        assert "Die Veranstaltung ist ausgebucht" in shown.text  # still full: waits at place 2
        assert "Platz 2." in shown.text
        await events.call("event.update", {"event_id": event["id"], "capacity": 10})
        other = await a_network(events, members_each=1)
        confirmed = await post_form(coordinator, page, page, {"person_id": str(other.people[0])})
        shown = await coordinator.get(confirmed.headers["location"])
        assert "ist angemeldet und erhält eine Bestätigung per E-Mail." in shown.text
        assert "ist angemeldet" not in (await coordinator.get(page)).text  # said once, after the change


async def test_registering_a_person_again_says_they_were_registered_and_sends_no_second_mail(
    app: FastAPI, events: EventsApi
) -> None:
    net = await a_network(events)
    event = await published(events, net, capacity=1)
    page = f"/events/{event['id']}/registrations"
    placed, waiting = net.people[:2]
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        for person_id in (placed, waiting):
            first = await post_form(coordinator, page, page, {"person_id": str(person_id)})
            assert first.status_code == 303
        again = await post_form(coordinator, page, page, {"person_id": str(placed)})
        assert again.status_code == 303
        shown = await coordinator.get(again.headers["location"])
        listing = await events.call("registration.list", {"event_id": event["id"]})
        names = {row["person_id"]: row["person_name"] for row in listing["items"]}
        assert f"{names[str(placed)]} war schon angemeldet" in shown.text
        assert "erhält eine Bestätigung per E-Mail" not in shown.text
        queued = await post_form(coordinator, page, page, {"person_id": str(waiting)})
        shown = await coordinator.get(queued.headers["location"])
        assert f"{names[str(waiting)]} stand schon auf der Warteliste (Platz 1)" in shown.text
        assert "Die Person erhält dazu eine E-Mail." not in shown.text
    assert [row["status"] for row in listing["items"]].count("confirmed") == 1
    assert len(listing["items"]) == 2
    ids = [row["id"] for row in listing["items"]]
    outbox = events.runtime.database.table("outbox")
    async with events.runtime.database.read() as session:
        told = await session.execute(
            sa.select(outbox.c.subject).where(
                outbox.c.aggregate.in_(ids), outbox.c.subject.like("%registration%")
            )
        )
        subjects = sorted(row.subject for row in told)
    # One message each, from the first registration: the second attempt added none.
    assert len(subjects) == 2, subjects


async def test_cancelling_a_registration_promises_a_move_up_only_when_someone_waits(
    app: FastAPI, events: EventsApi
) -> None:
    net = await a_network(events)
    event = await published(events, net, capacity=1)
    page = f"/events/{event['id']}/registrations"
    placed = await events.call(
        "registration.register", {"event_id": event["id"], "person_id": str(net.people[0])}
    )
    cancel = f"/events/{event['id']}/registrations/{placed['id']}/cancel"
    moves_up = "Ihr Platz geht an die erste Person der Warteliste"
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        nobody_waits = await post_form(coordinator, page, cancel, {})
        assert "wirklich stornieren?" in nobody_waits.text
        assert moves_up not in nobody_waits.text
        await events.call("registration.register", {"event_id": event["id"], "person_id": str(net.people[1])})
        someone_waits = await post_form(coordinator, page, cancel, {})
        assert moves_up in someone_waits.text


async def test_check_in_records_attendance_per_day_and_the_lists_print(
    app: FastAPI, events: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    net = await a_network(events, members_each=1)
    second = in_days(31)
    event = await event_with_places(events, network_id=str(net.id), days=[day(in_days(30)), day(second)])
    for person_id in net.people:
        await events.call("registration.register", {"event_id": event["id"], "person_id": str(person_id)})
    registration = (await events.call("registration.list", {"event_id": event["id"]}))["items"][0]
    page = f"/events/{event['id']}/check-in"
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        before = await coordinator.get(page)
        assert "Nicht erschienen" not in before.text  # nobody can have missed an event not yet held
        too_early = await post_form(
            coordinator,
            page,
            page,
            {"registration_id": registration["id"], "day": str(second), "present": "true"},
        )
        assert too_early.status_code == 422
        on_first_day(monkeypatch, event)
        await post_form(coordinator, f"/events/{event['id']}", f"/events/{event['id']}/status/start", {})
        recorded = await post_form(
            coordinator,
            f"{page}?day={second}",
            page,
            {"registration_id": registration["id"], "day": str(second), "present": "true"},
        )
        assert recorded.status_code == 303
        shown = await coordinator.get(recorded.headers["location"])
        assert re.search(r'id="present-count">1<', shown.text)
        first_day = await coordinator.get(page)
        assert re.search(r'id="present-count">0<', first_day.text)

        participants = await coordinator.get(f"/events/{event['id']}/participants")
        assert participants.status_code == 200
        assert registration["person_name"] in participants.text
        assert "<h1>Teilnehmendenliste" in participants.text
        sheet = await coordinator.get(f"/events/{event['id']}/sign-in-sheet", params={"day": str(second)})
        assert sheet.status_code == 200
        assert registration["person_name"] in sheet.text
        assert sheet.text.count('<td class="signature"></td>') == sheet.text.count("<tr>") - 1
        first_sheet = await coordinator.get(f"/events/{event['id']}/sign-in-sheet")
        assert "<h1>Unterschriftenliste" in first_sheet.text
        coordinator.cookies.set("nw_lang", "en")
        english = await coordinator.get(f"/events/{event['id']}/participants")
        assert "<h1>List of participants" in english.text
        coordinator.cookies.set("nw_lang", "de")

        # Registrations and attendance as files for a spreadsheet, in the page's language.
        listed = await coordinator.get(f"/events/{event['id']}/registrations.csv")
        assert listed.headers["content-type"].startswith("text/csv")
        # "anmeldungen-regionalworkshop-halle-…-<first day>.csv": words, the title and the date.
        named = listed.headers["content-disposition"]
        title_slug = re.sub(r"[^a-z0-9]+", "-", event["title"].lower()).strip("-")
        expected = f"anmeldungen-{title_slug}-{event['days'][0]['date']}.csv"
        assert named == f"attachment; filename=\"{expected}\"; filename*=UTF-8''{expected}"
        text = listed.content.decode("utf-8-sig")
        assert text.splitlines()[0].startswith("Name;Organisation;Status;")
        assert f"{registration['person_name']};" in text
        assert ";bestätigt;" in text
        present = (await coordinator.get(f"/events/{event['id']}/attendance.csv")).content.decode("utf-8-sig")
        assert second.strftime("%d.%m.%Y") in present.splitlines()[0]
        assert f"{registration['person_name']};" in present
        assert any(line.endswith(";anwesend") for line in present.splitlines()[1:])
        workbook = load_workbook(
            io.BytesIO((await coordinator.get(f"/events/{event['id']}/attendance.xlsx")).content)
        )
        sheet_rows = list(workbook.active.iter_rows(values_only=True))
        assert registration["person_name"] in {row[0] for row in sheet_rows[1:]}
        # the moment of registering as a date-time cell a spreadsheet sorts, in German local time
        registrations_book = load_workbook(
            io.BytesIO((await coordinator.get(f"/events/{event['id']}/registrations.xlsx")).content)
        )
        [heading, *registered_rows] = list(registrations_book.active.iter_rows(values_only=True))
        at = heading.index("Angemeldet am")
        registered_at = datetime.fromisoformat(registration["registered_at"]).astimezone(
            ZoneInfo("Europe/Berlin")
        )
        row = next(row for row in registered_rows if row[0] == registration["person_name"])
        assert row[at] == registered_at.replace(tzinfo=None, second=0, microsecond=0)
    attendance = await events.call("attendance.list", {"event_id": event["id"]})
    assert attendance["present_per_day"][str(second)] == 1


async def test_before_a_day_is_over_only_who_was_marked_absent_has_not_come(
    app: FastAPI, events: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    net = await a_network(events)  # four people
    event = await event_with_places(events, network_id=str(net.id), days=[day(in_days(30)), day(in_days(31))])
    for person_id in net.people:
        await events.call("registration.register", {"event_id": event["id"], "person_id": str(person_id)})
    first_day = date.fromisoformat(event["days"][0]["date"])
    # Started early in the morning, hours before the first day begins at ten.
    moved_clock(monkeypatch, datetime.combine(first_day, time(7), tzinfo=ZoneInfo("Europe/Berlin")))
    await events.call("event.start", {"event_id": event["id"]})
    page = f"/events/{event['id']}/check-in"
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        morning = await coordinator.get(page)
        absent = (await events.call("registration.list", {"event_id": event["id"]}))["items"][0]
        marked = await post_form(
            coordinator,
            page,
            page,
            {"registration_id": absent["id"], "day": str(first_day), "present": "false"},
        )
        assert marked.status_code == 303
        noon = await coordinator.get(page)
        moved_clock(monkeypatch, datetime.combine(first_day, time(17), tzinfo=ZoneInfo("Europe/Berlin")))
        evening = await coordinator.get(page)

    def status_line(response: httpx.Response) -> str:
        return response.text.split('<p class="big" role="status">')[1].split("</p>")[0].split(": ", 1)[1]

    assert status_line(morning) == (
        'anwesend <strong id="present-count">0</strong> / 4 · nicht erschienen: <strong id="missed-count">0'
        '</strong> · nicht erfasst: <strong id="unrecorded-count">4</strong>'
    )
    assert morning.text.count("nicht erfasst</span>") == 4
    assert "Nicht erschienen" not in morning.text
    assert 'id="missed-count">1<' in noon.text
    assert 'id="unrecorded-count">3<' in noon.text
    # Once the day is over, who was not checked in did not come; nothing is left unrecorded.
    assert 'id="missed-count">4<' in evening.text
    assert "unrecorded-count" not in evening.text
    assert evening.text.count("nicht erschienen (ohne Check-in)") == 3
    assert evening.text.count("<td>abwesend</td>") == 1


async def test_starting_and_check_in_are_offered_only_once_the_event_can_begin(
    app: FastAPI, events: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    net = await a_network(events, members_each=1)
    event = await published(events, net)
    await events.call("registration.register", {"event_id": event["id"], "person_id": str(net.people[0])})
    overview, check_in = f"/events/{event['id']}", f"/events/{event['id']}/check-in"
    first_day = date.fromisoformat(event["days"][0]["date"])
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        before = await coordinator.get(overview)
        assert f"{overview}/status/start" not in before.text  # the events service would refuse it
        assert f"ab ihrem ersten Tag, dem {first_day:%d.%m.%Y}" in before.text
        assert f"{overview}/status/cancel" in before.text
        not_yet = await coordinator.get(check_in)
        assert "Anwesenheit wird erfasst, sobald die Veranstaltung läuft." in not_yet.text
        assert 'name="present"' not in not_yet.text  # no buttons that could only be refused

        on_first_day(monkeypatch, event)
        morning = datetime.combine(first_day, time(8), tzinfo=ZoneInfo("Europe/Berlin"))
        monkeypatch.setattr(gateway_clock, "now", lambda: morning.astimezone(UTC))
        today = await coordinator.get(overview)
        assert f"{overview}/status/start" in today.text
        assert "ab ihrem ersten Tag" not in today.text
        started = await post_form(coordinator, overview, f"{overview}/status/start", {})
        assert started.status_code == 303
        running = await coordinator.get(check_in)
        assert 'name="present" value="true"' in running.text
        assert "sobald die Veranstaltung läuft" not in running.text


async def test_participation_figures_show_districts_and_institution_types_as_charts(
    app: FastAPI, events: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    net = await a_network(events, members_each=1)
    event = await published(events, net)
    for person_id in net.people:
        await events.call("registration.register", {"event_id": event["id"], "person_id": str(person_id)})
    on_first_day(monkeypatch, event)
    await events.call("event.start", {"event_id": event["id"]})
    for item in (await events.call("registration.list", {"event_id": event["id"]}))["items"]:
        await events.call(
            "attendance.record",
            {"event_id": event["id"], "registration_id": item["id"], "day": event["days"][0]["date"]},
        )
    async with staff_client(app, Role.READ_ONLY) as reader:
        page = await reader.get(f"/events/{event['id']}/figures")
    assert page.status_code == 200
    assert '<svg class="chart" id="chart-districts"' in page.text
    assert '<svg class="chart" id="chart-types"' in page.text
    assert "<td>Jobcenter</td><td>1</td>" in page.text
    assert "Veranstaltung absagen" not in page.text


async def test_agreements_are_recorded_at_a_held_event_and_their_status_changes_in_the_list(
    app: FastAPI, events: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    net = await a_network(events, members_each=1)
    event = await event_with_places(events, network_id=str(net.id), days=[day(in_days(3))])
    await events.call("registration.register", {"event_id": event["id"], "person_id": str(net.people[0])})
    page = f"/events/{event['id']}/agreements"
    text = unique("Gemeinsames Infoblatt für Arbeitgeber")
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        assert "während oder nach der Veranstaltung" in (await coordinator.get(page)).text
        due = (in_days(0) + timedelta(days=5)).isoformat()  # by the gateway's calendar: due soon
        on_first_day(monkeypatch, event)
        await events.call("event.start", {"event_id": event["id"]})
        created = await post_form(
            coordinator,
            page,
            page,
            {"text": text, "owner_organisation_id": str(net.organisations[0]), "due_on": due},
        )
        assert created.status_code == 303
        soon = await coordinator.get("/events/agreements", params={"show": "due_soon"})
        assert text in soon.text
        agreement = (await events.call("agreement.list", {"event_id": event["id"]}))["items"][0]
        changed = await post_form(
            coordinator,
            "/events/agreements",
            f"/events/agreements/{agreement['agreement_id']}",
            {"status": "done", "show": "all", "confirmed": "yes"},
        )
        assert changed.status_code == 303
        dashboard = await coordinator.get("/")
    assert text not in dashboard.text  # done: no longer due
    assert (await events.call("agreement.list", {"event_id": event["id"]}))["items"][0]["status"] == "done"


async def test_finishing_an_agreement_asks_first_and_a_change_that_can_be_undone_does_not(
    app: FastAPI, events: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Done and dropped are final (an agreement taken up again is a new one): the list asks before
    either, naming the agreement, and only its "Ja" changes it; open and in progress go back and
    forth, so they change at once."""
    net = await a_network(events, members_each=1)
    event = await published(events, net)
    on_first_day(monkeypatch, event)
    await events.call("event.start", {"event_id": event["id"]})
    text = unique("Praktikumsbörse gemeinsam bewerben")
    agreement = await events.call(
        "agreement.create",
        {"event_id": event["id"], "text": text, "owner_organisation_id": str(net.organisations[0])},
    )
    change = f"/events/agreements/{agreement['agreement_id']}"

    async def status() -> str:
        listed = await events.call("agreement.list", {"event_id": event["id"]})
        return str(listed["items"][0]["status"])

    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        started = await post_form(coordinator, "/events/agreements", change, {"status": "in_progress"})
        assert started.status_code == 303
        assert await status() == "in_progress"
        reopened = await post_form(coordinator, "/events/agreements", change, {"status": "open"})
        assert reopened.status_code == 303
        assert await status() == "open"
        for final, word in (("done", "erledigt"), ("dropped", "verworfen")):
            asked = await post_form(
                coordinator, "/events/agreements", change, {"status": final, "show": "all"}
            )
            assert asked.status_code == 200
            assert f"Vereinbarung „{text}“ wirklich als {word} abschließen?" in html.unescape(asked.text)
            assert "lässt sich nicht rückgängig machen" in asked.text
            assert f'name="status" value="{final}"' in asked.text
            assert 'name="show" value="all"' in asked.text
            assert 'href="/events/agreements?show=all"' in asked.text  # "Abbrechen" goes back to the list
            assert await status() == "open"
        dropped = await post_form(
            coordinator,
            "/events/agreements",
            change,
            {"status": "dropped", "show": "all", "confirmed": "yes"},
        )
        assert dropped.status_code == 303
        assert dropped.headers["location"] == "/events/agreements?show=all"
    assert await status() == "dropped"


async def test_a_coordinator_of_another_network_is_refused_before_being_asked_to_finish_an_agreement(
    app: FastAPI, events: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    net, other = await a_network(events, members_each=1), await a_network(events, members_each=1)
    event = await published(events, net)
    on_first_day(monkeypatch, event)
    await events.call("event.start", {"event_id": event["id"]})
    agreement = await events.call(
        "agreement.create",
        {
            "event_id": event["id"],
            "text": unique("Infoblatt"),
            "owner_organisation_id": str(net.organisations[0]),
        },
    )
    async with staff_client(app, Role.COORDINATOR, [other.id]) as outsider:
        refused = await post_form(
            outsider,
            "/events/agreements",
            f"/events/agreements/{agreement['agreement_id']}",
            {"status": "done"},
        )
    assert refused.status_code == 403
    assert "wirklich" not in refused.text


async def test_completing_an_event_asks_first_and_says_what_follows(
    app: FastAPI, events: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Completing is final (a completed event is read-only, and its survey goes to the attendees):
    the button "Abschließen" asks first; only the confirmation page's "Ja" completes it."""
    net = await a_network(events, members_each=1)
    event = await published(events, net)
    on_first_day(monkeypatch, event)
    await events.call("event.start", {"event_id": event["id"]})
    page, complete = f"/events/{event['id']}", f"/events/{event['id']}/status/complete"
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        shown = await coordinator.get(page)
        assert f'action="{complete}"' in shown.text
        asked = await post_form(coordinator, page, complete, {})
        assert asked.status_code == 200
        assert f"Veranstaltung „{event['title']}“ wirklich abschließen?" in html.unescape(asked.text)
        assert "lässt sich nicht rückgängig machen" in asked.text
        assert "Ja, abschließen" in asked.text
        assert f'href="{page}"' in asked.text
        assert (await events.call("event.get", {"event_id": event["id"]}))["status"] == "running"
        completed = await post_form(coordinator, page, complete, {"confirmed": "yes"})
        assert completed.status_code == 303
    assert (await events.call("event.get", {"event_id": event["id"]}))["status"] == "completed"


async def test_a_coordinator_of_another_network_is_refused_before_being_asked_to_complete_an_event(
    app: FastAPI, events: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    net, other = await a_network(events, members_each=1), await a_network(events, members_each=1)
    event = await published(events, net)
    on_first_day(monkeypatch, event)
    await events.call("event.start", {"event_id": event["id"]})
    async with staff_client(app, Role.COORDINATOR, [other.id]) as outsider:
        refused = await post_form(
            outsider, f"/events/{event['id']}", f"/events/{event['id']}/status/complete", {}
        )
    assert refused.status_code == 403
    assert "wirklich" not in refused.text
    assert (await events.call("event.get", {"event_id": event["id"]}))["status"] == "running"


async def test_a_create_form_sent_twice_makes_one_series_one_event_and_one_agreement(
    app: FastAPI, events: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A double click or a reload after a lost answer sends a form again: the record it names (its
    id, chosen when the form was shown) is made once, and both sendings go on to it."""
    net = await a_network(events, members_each=1)
    title = unique("Ideenwerkstatt")

    async def sent_twice(client: httpx.AsyncClient, page: str, action: str, data: dict[str, str]) -> str:
        form = await client.get(page)
        fields = {"csrf_token": csrf_token_in(form.text), "id": hidden_id_in(form.text)}
        first, second = [await client.post(action, data=data | fields) for _ in range(2)]
        assert first.status_code == second.status_code == 303
        assert first.headers["location"] == second.headers["location"]
        return first.headers["location"]

    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        series_page = await sent_twice(
            coordinator,
            "/events/series",
            "/events/series",
            {"title": title, "format": "ideas_workshop", "network_id": str(net.id)},
        )
        day = (date.today() + timedelta(days=30)).isoformat()
        event_page = await sent_twice(
            coordinator,
            "/events/new",
            "/events/new",
            {
                "title": title,
                "format": "ideas_workshop",
                "network_id": str(net.id),
                "day_date": day,
                "day_start": "10:00",
                "day_end": "16:00",
                "organiser_name": "IQ Netzwerk Sachsen",
            },
        )
        event = await published(events, net)
        await events.call("registration.register", {"event_id": event["id"], "person_id": str(net.people[0])})
        on_first_day(monkeypatch, event)
        await events.call("event.start", {"event_id": event["id"]})
        agreements = f"/events/{event['id']}/agreements"
        await sent_twice(
            coordinator,
            agreements,
            agreements,
            {"text": unique("Infoblatt"), "owner_organisation_id": str(net.organisations[0])},
        )

    every_series = (await events.call("series.list", {"limit": 500}))["items"]
    series = [item for item in every_series if item["title"] == title]
    assert [f"/events/series/{item['id']}" for item in series] == [series_page]
    created = (await events.call("event.list", {"q": title}))["items"]
    assert [f"/events/{item['id']}?saved=1" for item in created] == [event_page]
    assert (await events.call("agreement.list", {"event_id": event["id"]}))["total"] == 1


async def test_an_agreements_due_date_is_taken_as_written_in_german_and_a_wrong_one_is_named(
    app: FastAPI, events: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    net = await a_network(events, members_each=1)
    event = await published(events, net)
    page = f"/events/{event['id']}/agreements"
    text = unique("Ansprechpartner für Arbeitgeber benennen")
    owner = str(net.organisations[0])
    on_first_day(monkeypatch, event)
    await events.call("event.start", {"event_id": event["id"]})
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        wrong = await post_form(
            coordinator, page, page, {"text": text, "owner_organisation_id": owner, "due_on": "32.13.2027"}
        )
        assert wrong.status_code == 422
        assert "Datum" in field_error(wrong.text, "due_on")
        assert 'value="32.13.2027"' in wrong.text
        created = await post_form(
            coordinator, page, page, {"text": text, "owner_organisation_id": owner, "due_on": "15.01.2027"}
        )
        assert created.status_code == 303, field_error(created.text, "due_on")
    agreement = (await events.call("agreement.list", {"event_id": event["id"]}))["items"][0]
    assert agreement["due_date"] == "2027-01-15"


async def test_an_agreement_due_before_its_event_is_refused_in_german_at_its_due_date(
    app: FastAPI, events: EventsApi
) -> None:
    net = await a_network(events, members_each=1)
    held_on = date.today() - timedelta(days=20)
    event = await held_event(events, net, held_on)
    page = f"/events/{event['id']}/agreements"
    owner = str(net.organisations[0])
    day_before = (held_on - timedelta(days=1)).strftime("%d.%m.%Y")
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        early = await post_form(
            coordinator,
            page,
            page,
            {"text": "Infoblatt", "owner_organisation_id": owner, "due_on": day_before},
        )
    assert early.status_code == 422
    assert field_error(early.text, "due_on") == (
        f"Das Fälligkeitsdatum darf nicht vor der Veranstaltung ({held_on:%d.%m.%Y}) liegen."
    )
    assert (await events.call("agreement.list", {"event_id": event["id"]}))["items"] == []


async def test_reopening_a_finished_agreement_is_refused_in_words_about_the_agreement(
    app: FastAPI, events: EventsApi
) -> None:
    net = await a_network(events, members_each=1)
    event = await held_event(events, net, date.today() - timedelta(days=20))
    text = unique("Fotodoku teilen")
    agreement = await events.call(
        "agreement.create",
        {"event_id": event["id"], "text": text, "owner_organisation_id": str(net.organisations[0])},
    )
    await events.call("agreement.change", {"agreement_id": agreement["agreement_id"], "status": "done"})
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        reopened = await post_form(
            coordinator,
            "/events/agreements",
            f"/events/agreements/{agreement['agreement_id']}",
            {"status": "open", "show": "all"},
        )
    assert reopened.status_code == 422
    assert "Eine erledigte oder verworfene Vereinbarung wird nicht wieder geöffnet." in reopened.text
    assert "Stand der Veranstaltung" not in reopened.text


async def responsible_centre(app: FastAPI, events: EventsApi) -> tuple[dict[str, Any], dict[str, Any]]:
    """An organisation and one of its people as the registry knows them (and the events service)."""
    centre = await call(
        app,
        "registry",
        "organisation.create",
        {"name": unique("Jobcenter Dessau-Roßlau"), "type": "jobcenter", "region_keys": ["15001"]},
    )
    contact = await call(
        app,
        "registry",
        "person.create",
        {
            "given_name": "Mara",
            "family_name": unique("Beispiel"),
            "emails": [f"mara.{uuid.uuid4().hex[:8]}@example.org"],
            "memberships": [{"organisation_id": centre["id"]}],
        },
    )
    await organisation_known(events, uuid.UUID(centre["id"]), centre["name"])
    await person_known(events, uuid.UUID(centre["id"]), uuid.UUID(contact["id"]))
    return centre, contact


async def test_an_unfinished_agreement_is_edited_from_both_lists_and_its_form_goes_back_there(
    app: FastAPI, events: EventsApi, registry: ServiceRuntime
) -> None:
    """Text, responsible person (one of the responsible organisation's people) and due date, the
    date taken as written in German; the form goes back to the list it was opened from."""
    net = await a_network(events, members_each=1)
    centre, contact = await responsible_centre(app, events)
    event = await held_event(events, net, date.today() - timedelta(days=20))
    agreement = await events.call(
        "agreement.create",
        {"event_id": event["id"], "text": unique("Infoblatt"), "owner_organisation_id": centre["id"]},
    )
    edit = f"/events/agreements/{agreement['agreement_id']}/edit"
    tab = f"/events/{event['id']}/agreements"
    text = unique("Gemeinsames Infoblatt für Arbeitgeber, zweisprachig")
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        assert f'href="{edit}?back=all"' in (await coordinator.get("/events/agreements?show=all")).text
        assert f'href="{edit}?back=event"' in (await coordinator.get(tab)).text
        form = await coordinator.get(edit, params={"back": "event"})
        assert form.status_code == 200
        assert f'<option value="{contact["id"]}" >Mara {contact["family_name"]}</option>' in form.text
        assert f'href="{tab}"' in form.text  # "Abbrechen" goes back to the event's agreements
        saved = await post_form(
            coordinator,
            f"{edit}?back=event",
            edit,
            {"text": text, "owner_person_id": contact["id"], "due_on": "15.01.2030", "back": "event"},
        )
        assert saved.status_code == 303, saved.text
        assert saved.headers["location"] == tab
        from_list = await post_form(
            coordinator, f"{edit}?back=due_soon", edit, {"text": text, "due_on": "", "back": "due_soon"}
        )
        assert from_list.status_code == 303
        assert from_list.headers["location"] == "/events/agreements?show=due_soon"
    changed = (await events.call("agreement.list", {"event_id": event["id"]}))["items"][0]
    assert (changed["text"], changed["owner_person_id"], changed["due_date"]) == (text, None, None)
    assert changed["owner_organisation_id"] == centre["id"]


async def test_a_refused_agreement_edit_keeps_the_input_and_says_why_at_the_field(
    app: FastAPI, events: EventsApi, registry: ServiceRuntime
) -> None:
    net = await a_network(events, members_each=1)
    centre, contact = await responsible_centre(app, events)
    held_on = date.today() - timedelta(days=20)
    event = await held_event(events, net, held_on)
    before = unique("Praktikumsbörse bewerben")
    agreement = await events.call(
        "agreement.create",
        {"event_id": event["id"], "text": before, "owner_organisation_id": centre["id"]},
    )
    edit = f"/events/agreements/{agreement['agreement_id']}/edit"
    typed = unique("Praktikumsbörse gemeinsam bewerben")
    day_before = (held_on - timedelta(days=1)).strftime("%d.%m.%Y")
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        early = await post_form(
            coordinator, edit, edit, {"text": typed, "owner_person_id": contact["id"], "due_on": day_before}
        )
        assert early.status_code == 422
        assert field_error(early.text, "due_on") == (
            f"Das Fälligkeitsdatum darf nicht vor der Veranstaltung ({held_on:%d.%m.%Y}) liegen."
        )
        assert f">{typed}</textarea>" in html.unescape(early.text)
        assert f'<option value="{contact["id"]}" selected>' in early.text
        wrong = await post_form(coordinator, edit, edit, {"text": typed, "due_on": "32.13.2030"})
        assert wrong.status_code == 422
        assert "Datum" in field_error(wrong.text, "due_on")
        assert 'value="32.13.2030"' in wrong.text
        blank = await post_form(coordinator, edit, edit, {"text": "  ", "due_on": ""})
        assert blank.status_code == 422
        assert field_error(blank.text, "text") == "Bitte füllen Sie dieses Feld aus."
    unchanged = (await events.call("agreement.list", {"event_id": event["id"]}))["items"][0]
    assert (unchanged["text"], unchanged["due_date"], unchanged["version"]) == (before, None, 1)


async def test_an_agreement_changed_since_its_form_was_opened_is_not_overwritten_unless_saved_again(
    app: FastAPI, events: EventsApi
) -> None:
    """The stale save is refused with the input kept and the fields named that differ from what is
    stored now; the form then carries the version stored now, so saving again replaces it."""
    net = await a_network(events, members_each=1)
    event = await held_event(events, net, date.today() - timedelta(days=20))
    agreement = await events.call(
        "agreement.create",
        {
            "event_id": event["id"],
            "text": unique("Infoblatt"),
            "owner_organisation_id": str(net.organisations[0]),
        },
    )
    edit = f"/events/agreements/{agreement['agreement_id']}/edit"
    meanwhile = unique("Infoblatt, von einer Kollegin ergänzt")
    typed = unique("Infoblatt kürzen")
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        opened = await coordinator.get(edit)
        assert '<input type="hidden" name="version" value="1">' in opened.text
        await events.call("agreement.change", {"agreement_id": agreement["agreement_id"], "text": meanwhile})
        stale = await post_form(coordinator, edit, edit, {"text": typed, "due_on": "", "version": "1"})
        notice = stale_notice(stale, 2)
        assert "weichen ab: Vereinbarung." in notice
        assert f">{typed}</textarea>" in html.unescape(stale.text)
        kept = (await events.call("agreement.list", {"event_id": event["id"]}))["items"][0]
        assert (kept["text"], kept["version"]) == (meanwhile, 2)
        again = await coordinator.post(
            edit, data={"text": typed, "due_on": "", "version": "2", "csrf_token": csrf_token_in(stale.text)}
        )
    assert again.status_code == 303, again.text
    saved = (await events.call("agreement.list", {"event_id": event["id"]}))["items"][0]
    assert (saved["text"], saved["version"]) == (typed, 3)


async def test_an_agreement_is_handed_to_another_organisation_of_its_event_which_then_names_its_person(
    app: FastAPI, events: EventsApi, registry: ServiceRuntime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The form offers the organisations registered for the event; a new one takes the agreement
    without the former one's person, and the form opens again to name one of its own."""
    net = await a_network(events, members_each=1)
    centre, contact = await responsible_centre(app, events)
    chamber, expert = await responsible_centre(app, events)
    event = await published(events, net)
    for person_id in (contact["id"], expert["id"]):
        await events.call("registration.register", {"event_id": event["id"], "person_id": person_id})
    on_first_day(monkeypatch, event)
    await events.call("event.start", {"event_id": event["id"]})
    agreement = await events.call(
        "agreement.create",
        {
            "event_id": event["id"],
            "text": unique("Sprechtag Anerkennung einrichten"),
            "owner_organisation_id": centre["id"],
            "owner_person_id": contact["id"],
        },
    )
    edit = f"/events/agreements/{agreement['agreement_id']}/edit"
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        form = await coordinator.get(edit, params={"back": "event"})
        assert f'<option value="{centre["id"]}" selected>{centre["name"]}</option>' in form.text
        assert f'<option value="{chamber["id"]}" >{chamber["name"]}</option>' in form.text
        unknown = await post_form(
            coordinator, edit, edit, {"text": agreement["text"], "owner_organisation_id": str(uuid.uuid4())}
        )
        assert unknown.status_code == 404
        assert field_error(unknown.text, "owner_organisation_id") == "Diesen Eintrag gibt es nicht."
        handed = await post_form(
            coordinator,
            f"{edit}?back=event",
            edit,
            {
                "text": agreement["text"],
                "owner_organisation_id": chamber["id"],
                "owner_person_id": contact["id"],
                "back": "event",
                "version": "1",
            },
        )
        assert handed.status_code == 303, handed.text
        assert handed.headers["location"] == f"{edit}?back=event&handed_over=true"
        again = await coordinator.get(handed.headers["location"])
        assert f"Die Vereinbarung liegt jetzt bei „{chamber['name']}“." in html.unescape(again.text)
        assert f'<option value="{expert["id"]}" >Mara {expert["family_name"]}</option>' in again.text
        assert contact["id"] not in again.text
        named = await post_form(
            coordinator,
            handed.headers["location"],
            edit,
            {
                "text": agreement["text"],
                "owner_organisation_id": chamber["id"],
                "owner_person_id": expert["id"],
                "back": "event",
            },
        )
        assert named.headers["location"] == f"/events/{event['id']}/agreements"
    (now,) = (await events.call("agreement.list", {"event_id": event["id"]}))["items"]
    assert (now["owner_organisation_id"], now["owner_person_id"], now["version"]) == (
        chamber["id"],
        expert["id"],
        3,
    )


async def test_only_an_unfinished_agreement_of_ones_own_network_offers_its_edit_form(
    app: FastAPI, events: EventsApi
) -> None:
    net, other = await a_network(events, members_each=1), await a_network(events, members_each=1)
    event = await held_event(events, net, date.today() - timedelta(days=20))
    agreement = await events.call(
        "agreement.create",
        {
            "event_id": event["id"],
            "text": unique("Fotodoku"),
            "owner_organisation_id": str(net.organisations[0]),
        },
    )
    edit = f"/events/agreements/{agreement['agreement_id']}/edit"
    tab = f"/events/{event['id']}/agreements"
    async with staff_client(app, Role.COORDINATOR, [other.id]) as outsider:
        assert edit not in (await outsider.get(tab)).text
        assert (await outsider.get(edit)).status_code == 403
    async with staff_client(app, Role.READ_ONLY) as reader:
        assert edit not in (await reader.get("/events/agreements")).text
        assert (await reader.get(edit)).status_code == 403
    await events.call("agreement.change", {"agreement_id": agreement["agreement_id"], "status": "done"})
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        assert edit not in (await coordinator.get(tab)).text
        assert edit not in (await coordinator.get("/events/agreements?show=all")).text
        closed = await coordinator.get(edit)
    assert closed.status_code == 422
    assert "Eine abgeschlossene Vereinbarung lässt sich nicht mehr ändern." in closed.text


async def test_an_agreement_shows_who_is_responsible_by_name_in_both_lists(
    app: FastAPI, events: EventsApi, registry: ServiceRuntime, monkeypatch: pytest.MonkeyPatch
) -> None:
    net = await a_network(events, members_each=1)
    centre, contact = await responsible_centre(app, events)
    event = await published(events, net)
    await events.call("registration.register", {"event_id": event["id"], "person_id": str(net.people[0])})
    on_first_day(monkeypatch, event)
    await events.call("event.start", {"event_id": event["id"]})
    for owner in ({"owner_person_id": contact["id"]}, {}):
        await events.call(
            "agreement.create",
            {"event_id": event["id"], "text": unique("Infoblatt"), "owner_organisation_id": centre["id"]}
            | owner,
        )
    async with staff_client(app, Role.READ_ONLY) as reader:
        tab = await reader.get(f"/events/{event['id']}/agreements")
        across = await reader.get("/events/agreements", params={"show": "all"})
    person_name = f"Mara {contact['family_name']}"
    for page in (tab, across):
        assert '<th scope="col">Verantwortlich</th>' in page.text
        assert f"<td>{centre['name']}<br>{person_name}</td>" in page.text
        assert f"<td>{centre['name']}</td>" in page.text
        assert centre["id"] not in page.text
        assert contact["id"] not in page.text


async def test_the_dashboard_marks_an_overdue_agreement_as_the_list_of_agreements_does(
    app: FastAPI, events: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    net = await a_network(events, members_each=1)
    held_on = date.today() - timedelta(days=4000)  # its agreement the earliest due: shown first
    event = await held_event(events, net, held_on)
    text = unique("Ansprechperson AsylbLG benennen")
    overdue = held_on.isoformat()
    await events.call(
        "agreement.create",
        {
            "event_id": event["id"],
            "text": text,
            "owner_organisation_id": str(net.organisations[0]),
            "due_on": overdue,
        },
    )
    async with staff_client(app, Role.READ_ONLY) as reader:
        dashboard = await reader.get("/")
        listed = await reader.get("/events/agreements", params={"show": "due_soon"})
    assert "überfällig" in listed.text.split(text)[1].split("</tr>")[0]
    panel = dashboard.text.split('id="panel-agreements"')[1].split("</section>")[0]
    assert "überfällig" in panel.split(text)[1].split("</li>")[0]


async def test_an_agreement_is_overdue_from_midnight_in_berlin_whatever_the_servers_time_zone(
    app: FastAPI, events: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    net = await a_network(events, members_each=1)
    # Due long ago: on the fake clock every other test's unfinished agreement is overdue as well,
    # and the dashboard shows the five that fell due first.
    due = date.today() - timedelta(days=5000)
    event = await held_event(events, net, due)
    text = unique("Infoblatt abstimmen")
    await events.call(
        "agreement.create",
        {
            "event_id": event["id"],
            "text": text,
            "owner_organisation_id": str(net.organisations[0]),
            "due_on": due.isoformat(),
        },
    )
    # 00:30 in Berlin on the day after it fell due: still the due day itself in UTC.
    after_midnight = datetime.combine(due + timedelta(days=1), time(0, 30), tzinfo=ZoneInfo("Europe/Berlin"))
    monkeypatch.setattr(gateway_clock, "now", lambda: after_midnight.astimezone(UTC))
    async with staff_client(app, Role.READ_ONLY) as reader:
        listed = await reader.get("/events/agreements", params={"show": "all"})
        dashboard = await reader.get("/")
    assert "überfällig" in listed.text.split(text)[1].split("</tr>")[0]
    panel = dashboard.text.split('id="panel-agreements"')[1].split("</section>")[0]
    assert "überfällig" in panel.split(text)[1].split("</li>")[0]


async def test_the_events_agreements_tab_marks_an_overdue_agreement_as_the_list_of_agreements_does(
    app: FastAPI, events: EventsApi
) -> None:
    net = await a_network(events, members_each=1)
    held_on = date.today() - timedelta(days=30)
    event = await held_event(events, net, held_on)
    late, finished = unique("Infoblatt abstimmen"), unique("Fotodoku teilen")
    for text in (late, finished):
        await events.call(
            "agreement.create",
            {
                "event_id": event["id"],
                "text": text,
                "owner_organisation_id": str(net.organisations[0]),
                "due_on": (held_on + timedelta(days=7)).isoformat(),
            },
        )
    done = next(
        item
        for item in (await events.call("agreement.list", {"event_id": event["id"]}))["items"]
        if item["text"] == finished
    )
    await events.call("agreement.change", {"agreement_id": done["agreement_id"], "status": "done"})
    async with staff_client(app, Role.READ_ONLY) as reader:
        tab = await reader.get(f"/events/{event['id']}/agreements")
        listed = await reader.get("/events/agreements", params={"show": "all"})
    for page in (tab, listed):
        assert "überfällig" in page.text.split(late)[1].split("</tr>")[0]
        assert "überfällig" not in page.text.split(finished)[1].split("</tr>")[0]  # done: not overdue


async def test_a_finished_agreement_offers_no_status_to_choose_an_unfinished_one_does(
    app: FastAPI, events: EventsApi
) -> None:
    net = await a_network(events, members_each=1)
    event = await held_event(events, net, date.today() - timedelta(days=30))
    statuses = ("open", "in_progress", "done", "dropped")
    texts = {status: unique(f"Vereinbarung {status}") for status in statuses}
    for status, text in texts.items():
        created = await events.call(
            "agreement.create",
            {"event_id": event["id"], "text": text, "owner_organisation_id": str(net.organisations[0])},
        )
        if status != "open":
            await events.call("agreement.change", {"agreement_id": created["agreement_id"], "status": status})
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        listed = await coordinator.get("/events/agreements", params={"show": "all"})

    def row_of(text: str) -> str:
        return listed.text.split(f"<td>{text}</td>")[1].split("</tr>")[0]

    assert "<select" in row_of(texts["open"])
    assert "<select" in row_of(texts["in_progress"])
    assert "<select" not in row_of(texts["done"])
    assert ">erledigt<" in row_of(texts["done"])
    assert "<select" not in row_of(texts["dropped"])
    assert ">verworfen<" in row_of(texts["dropped"])


async def test_a_series_shows_its_editions_with_attendance_and_suggests_the_next_host(
    app: FastAPI, events: EventsApi
) -> None:
    net = await a_network(events, members_each=1)
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        title = unique("Ideenwerkstatt")
        created = await post_form(
            coordinator,
            "/events/series",
            "/events/series",
            {
                "title": title,
                "format": "ideas_workshop",
                "network_id": str(net.id),
                "host_pool": "15001, 15002",
            },
        )
        assert created.status_code == 303
        series_id = created.headers["location"].rsplit("/", 1)[1]
        edition = await post_form(
            coordinator,
            f"/events/new?series_id={series_id}",
            "/events/new",
            new_event_form(net.id, series_id=series_id, network_id="", host_district_key="15001", format=""),
        )
        assert edition.status_code == 303
        overview = await coordinator.get(f"/events/series/{series_id}")
    assert overview.status_code == 200
    assert title in overview.text
    assert "<dd>Halle (Saale)</dd>" in overview.text  # the rotation's next host, by name
    assert "<td>Dessau-Roßlau</td>" in overview.text


async def test_cancelling_an_event_asks_first_and_says_who_is_told(app: FastAPI, events: EventsApi) -> None:
    net = await a_network(events, members_each=1)
    event = await published(events, net)
    page, cancel = f"/events/{event['id']}", f"/events/{event['id']}/status/cancel"
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        without_reason = await post_form(coordinator, page, cancel, {"reason": ""})
        assert without_reason.status_code == 200
        assert f"Veranstaltung „{event['title']}“ wirklich absagen?" in without_reason.text
        assert "erhalten eine Absage per E-Mail" in without_reason.text
        assert "Es ist kein Grund der Absage angegeben." in without_reason.text
        assert (await events.call("event.get", {"event_id": event["id"]}))["status"] == "published"
        with_reason = await post_form(coordinator, page, cancel, {"reason": "Raum nicht verfügbar"})
        assert "Grund der Absage: Raum nicht verfügbar" in with_reason.text
        assert 'name="reason" value="Raum nicht verfügbar"' in with_reason.text
        cancelled = await post_form(
            coordinator, page, cancel, {"reason": "Raum nicht verfügbar", "confirmed": "yes"}
        )
        assert cancelled.status_code == 303
    cancelled_event = await events.call("event.get", {"event_id": event["id"]})
    assert (cancelled_event["status"], cancelled_event["cancel_reason"]) == (
        "cancelled",
        "Raum nicht verfügbar",
    )


async def test_coordinators_of_other_networks_and_read_only_staff_change_no_event(
    app: FastAPI, events: EventsApi
) -> None:
    net, other = await a_network(events, members_each=1), await a_network(events, members_each=1)
    event = await published(events, net)
    async with staff_client(app, Role.COORDINATOR, [other.id]) as outsider:
        page = await outsider.get(f"/events/{event['id']}")
        assert "Veranstaltung absagen" not in page.text
        refused = await post_form(
            outsider, f"/events/{event['id']}", f"/events/{event['id']}/status/cancel", {}
        )
        assert refused.status_code == 403
        foreign = await post_form(outsider, "/events/new", "/events/new", new_event_form(net.id))
        assert foreign.status_code == 403  # the events service's refusal, at its field
        assert field_error(foreign.text, "network_id") == "Bitte eines Ihrer Netzwerke wählen."
    async with staff_client(app, Role.READ_ONLY) as reader:
        listing = await reader.get("/events/events", params={"q": event["title"]})
        assert event["title"] in listing.text
        assert "Neue Veranstaltung" not in listing.text
        refused = await post_form(
            reader, f"/events/{event['id']}", f"/events/{event['id']}/status/cancel", {}
        )
        assert refused.status_code == 403
    assert (await events.call("event.get", {"event_id": event["id"]}))["status"] == "published"


async def test_a_coordinator_of_another_network_is_told_whose_the_event_is_by_the_networks_name(
    app: FastAPI, events: EventsApi, registry: ServiceRuntime, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = unique("Netzwerk Integration Halle")
    owning = await call(app, "registry", "network.create", {"name": name, "kind": "integration_coordinators"})
    net_id = await network(events, [], ["15002"], uuid.UUID(owning["id"]))
    net = Network(net_id, [], [])
    event = await published(events, net)
    other = await network(events, [], ["15003"])
    async with staff_client(app, Role.COORDINATOR, [other]) as outsider:
        # refused by the page's hint before it asks the events service ...
        page = f"/events/{event['id']}"
        asked = await post_form(outsider, page, f"{page}/status/cancel", {})
        # ... and by the events service itself, which decides
        on_first_day(monkeypatch, event)
        started = await post_form(outsider, page, f"{page}/status/start", {})
    for refused in (asked, started):
        assert refused.status_code == 403
        assert f"Das gehört zum Netzwerk „{name}“, nicht zu Ihren Netzwerken." in refused.text
        assert owning["id"] not in refused.text
    unnamed = await network(events, [], ["15001"])  # one the registry does not know (by that id)
    elsewhere = await published(events, Network(unnamed, [], []))
    async with staff_client(app, Role.COORDINATOR, [other]) as outsider:
        refused = await post_form(
            outsider, f"/events/{elsewhere['id']}", f"/events/{elsewhere['id']}/status/cancel", {}
        )
    assert refused.status_code == 403
    assert "Das gehört zu keinem Ihrer Netzwerke." in refused.text
    assert str(unnamed) not in refused.text


async def test_the_dashboard_shows_the_figures_of_the_last_four_quarters(
    app: FastAPI, events: EventsApi
) -> None:
    net = await a_network(events)
    today = gateway_clock.today()
    current = f"{(today.month - 1) // 3 + 1}/{today.year}"
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        mine = (await coordinator.get("/")).text.split('id="panel-quarters"')[1].split("</section>")[0]
    async with staff_client(app, Role.READ_ONLY) as reader:
        everyone = (await reader.get("/")).text.split('id="panel-quarters"')[1].split("</section>")[0]
    assert "Veranstaltungen Ihrer Netzwerke" in mine
    assert "Alle Veranstaltungen" in everyone
    for panel in (mine, everyone):
        assert panel.count('<th scope="row">') == 4
        assert f'<th scope="row">{current}</th>' in panel  # the current quarter first
        assert "Landkreise und kreisfreie Städte" in panel


async def test_every_events_page_shows_the_demo_events_and_series(
    app: FastAPI, events: EventsApi, registry: ServiceRuntime
) -> None:
    from netzwerkstatt import demo
    from netzwerkstatt.stack.seeding import seed_events, seed_registry

    await seed_registry(events.connection)
    await seed_events(events.connection)
    tabs = ("", "/agenda", "/invitations", "/registrations", "/check-in", "/figures", "/agreements")
    async with staff_client(app, Role.ADMIN) as admin:
        for event in demo.DEMO_EVENTS:
            for tab in tabs:
                page = await admin.get(f"/events/{event.id}{tab}")
                assert page.status_code == 200, f"{event.slug}{tab}: {page.status_code}"
        for series in demo.EVENT_SERIES:
            page = await admin.get(f"/events/series/{series.id}")
            assert page.status_code == 200, series.slug
        for path in ("/events/events", "/events/series", "/events/agreements?show=all", "/"):
            assert (await admin.get(path)).status_code == 200, path


async def test_people_are_found_by_name_and_invited_without_typing_their_ids(
    app: FastAPI, events: EventsApi, registry: ServiceRuntime
) -> None:
    from events_service.store import projection

    suffix = uuid.uuid4().hex[:6]
    centre = await call(
        app,
        "registry",
        "organisation.create",
        {"name": f"Landkreis Harz {suffix}", "type": "jobcenter", "region_keys": ["15085"]},
    )
    person = await call(
        app,
        "registry",
        "person.create",
        {
            "given_name": "Toni",
            "family_name": f"Findbar {suffix}",
            "form_of_address": "neutral",
            "emails": [f"toni.{suffix}@example.org"],
            "memberships": [{"organisation_id": centre["id"]}],
        },
    )

    async def projected() -> bool:
        async with events.runtime.database.read() as session:
            return await projection.person(session, uuid.UUID(person["id"])) is not None

    await eventually(projected)
    event = await event_with_places(events)
    page = f"/events/{event['id']}/invitations"
    async with staff_client(app, Role.ADMIN) as admin:
        found = await admin.get(page, params={"person_name": f"Findbar {suffix}"})
        assert f"Toni Findbar {suffix} (Landkreis Harz {suffix})" in found.text
        issued = await post_form(
            admin, f"{page}?person_name=Findbar+{suffix}", page, {"chosen_people": person["id"]}
        )
        assert issued.status_code == 303
    listed = await events.call("invitation.list", {"event_id": event["id"]})
    assert [item["person_id"] for item in listed["items"]] == [person["id"]]


async def test_events_are_searched_sorted_paged_and_shown_in_a_month_calendar(
    app: FastAPI, events: EventsApi
) -> None:
    net = await a_network(events, members_each=1)
    first = await published(events, net)
    second = await event_with_places(events, network_id=str(net.id), title=first["title"] + " Teil 2")
    async with staff_client(app, Role.READ_ONLY) as reader:
        found = await reader.get("/events/events", params={"q": first["title"].upper(), "sort": "title"})
        assert found.status_code == 200
        assert "2 Einträge insgesamt" in found.text
        assert found.text.index(second["title"]) > found.text.index(first["title"] + "</a>")
        backwards = await reader.get(
            "/events/events", params={"q": first["title"], "sort": "title", "dir": "desc"}
        )
        assert backwards.text.index(second["title"]) < backwards.text.index(first["title"] + "</a>")
        assert 'aria-sort="descending"' in backwards.text
        paged = await reader.get("/events/events", params={"q": first["title"], "size": "10", "page": "9"})
        assert paged.status_code == 200  # a page past the end shows the last one
        assert second["title"] in paged.text
        nonsense = await reader.get("/events/events", params={"sort": "drop table", "size": "-1"})
        assert nonsense.status_code == 200

        month = first["days"][0]["date"][:7]
        calendar = await reader.get("/events/calendar", params={"month": month})
        assert calendar.status_code == 200
        assert f'href="/events/{first["id"]}"' in calendar.text
        assert "Montag" in calendar.text
        this_month = format_date(gateway_clock.today(), "LLLL yyyy", locale="de")
        for wrong in ("13/2025", "0001-01", "9999-12"):
            shown = await reader.get("/events/calendar", params={"month": wrong})
            assert shown.status_code == 200
            assert this_month in shown.text, "this month instead"


async def test_the_next_edition_lists_the_agreements_an_earlier_one_left_open(
    app: FastAPI, events: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    net = await a_network(events, members_each=1)
    series = await events.call(
        "series.create",
        {"title": unique("Ideenwerkstatt"), "format": "ideas_workshop", "network_id": str(net.id)},
    )
    first = await event_with_places(events, network_id=str(net.id), series_id=series["id"], format=None)
    await events.call("registration.register", {"event_id": first["id"], "person_id": str(net.people[0])})
    on_first_day(monkeypatch, first)
    await events.call("event.start", {"event_id": first["id"]})
    text = unique("Fortbildung zur Anerkennung anbieten")
    await events.call(
        "agreement.create",
        {
            "event_id": first["id"],
            "text": text,
            "owner_organisation_id": str(net.organisations[0]),
            "due_on": in_days(31).isoformat(),
        },
    )
    second = await events.call(
        "event.create",
        {
            "series_id": series["id"],
            "title": unique("Ideenwerkstatt"),
            "days": [day(in_days(90))],
            "organiser": {"name": "IKOE", "email": "ikoe@example.org"},
        },
    )
    async with staff_client(app, Role.READ_ONLY) as reader:
        page = await reader.get(f"/events/{second['id']}/agreements")
    assert page.status_code == 200
    assert "Offen aus früheren Ausgaben der Reihe" in page.text
    assert text in page.text
    assert f'href="/events/{first["id"]}/agreements"' in page.text
    # The edition it was made at stands by its title, number and date, not as "frühere Ausgabe".
    carried = html.unescape(page.text).split("Offen aus früheren Ausgaben der Reihe", 1)[1]
    first_day = date.fromisoformat(first["days"][0]["date"]).strftime("%d.%m.%Y")
    assert f"{first['title']} (1. Ausgabe, {first_day})" in carried
    assert "frühere Ausgabe<" not in carried


async def test_an_agreement_is_at_most_1000_characters_and_a_longer_one_is_refused_at_its_field(
    app: FastAPI, events: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Agreements are listed whole (dashboard, follow-up, the next edition): a text of more than
    1,000 characters is refused at the field with the usual words, nothing saved, the text kept."""
    net = await a_network(events, members_each=1)
    event = await published(events, net)
    on_first_day(monkeypatch, event)
    await events.call("event.start", {"event_id": event["id"]})
    page = f"/events/{event['id']}/agreements"
    too_long = "Infoblatt-" * 100 + "x"  # 1,001 characters
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        refused = await post_form(
            coordinator, page, page, {"text": too_long, "owner_organisation_id": str(net.organisations[0])}
        )
        assert refused.status_code == 422
        assert "Bitte höchstens 1000 Zeichen eingeben." in refused.text
        assert too_long in refused.text  # kept in the form
        assert (await events.call("agreement.list", {"event_id": event["id"]}))["items"] == []
        taken = await post_form(
            coordinator,
            page,
            page,
            {"text": too_long[:1000], "owner_organisation_id": str(net.organisations[0])},
        )
        assert taken.status_code == 303


async def test_the_events_list_shows_upcoming_events_first_and_finds_any_event_by_its_words(
    app: FastAPI, events: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    net = await a_network(events, members_each=1)
    words = f"Lernwerkstatt {uuid.uuid4().hex[:6]}"
    soon = await event_with_places(events, network_id=str(net.id), title=f"{words} Frühjahr")
    later_day = date.fromisoformat(soon["days"][0]["date"]) + timedelta(days=60)
    later = await event_with_places(
        events,
        network_id=str(net.id),
        title=f"{words} Herbst",
        days=[{"date": later_day.isoformat(), "start": "10:00", "end": "16:00"}],
    )
    # A day after the first event: it is over, the second one is still ahead.
    over = date.fromisoformat(soon["days"][0]["date"]) + timedelta(days=1)
    moved_clock(monkeypatch, datetime.combine(over, time(12), tzinfo=ZoneInfo("Europe/Berlin")))
    async with staff_client(app, Role.READ_ONLY) as reader:
        upcoming = await reader.get("/events/events", params={"q": words.lower()})
        everything = await reader.get("/events/events", params={"q": words, "period": "all"})

    assert upcoming.status_code == 200
    assert later["title"] in upcoming.text
    assert soon["title"] not in upcoming.text
    assert soon["title"] in everything.text
    assert later["title"] in everything.text
    assert "kommende und laufende" in upcoming.text


async def test_a_filter_that_finds_only_past_events_says_so_and_links_to_them(
    app: FastAPI, events: EventsApi
) -> None:
    net = await a_network(events, members_each=1)
    words = f"Zukunftswerkstatt {uuid.uuid4().hex[:6]}"
    await events.call(
        "event.enter_held",
        {
            "title": words,
            "format": "future_workshop",
            "network_id": str(net.id),
            "days": [day(date.today() - timedelta(days=40))],
            "organiser": {"name": "IQ Landesnetzwerk Berlin"},
        },
    )
    async with staff_client(app, Role.READ_ONLY) as reader:
        # "abgeschlossen" with the period left at "kommende und laufende", as the form sends it
        searched = await reader.get("/events/events", params={"q": words, "status": "completed"})
        link = re.search(r'<a href="([^"]*period=all[^"]*)">Vergangene zeigen</a>', searched.text)
        assert link is not None, searched.text
        past = await reader.get(html.unescape(link[1]))
        nothing = await reader.get("/events/events", params={"q": f"{words} gibt es nicht"})
    assert "Keine kommenden oder laufenden Veranstaltungen, aber vergangene." in searched.text
    assert words in past.text
    assert "Keine Einträge." in nothing.text
    assert "Vergangene zeigen" not in nothing.text


async def test_the_agreement_form_names_every_problem_at_once_at_its_field(
    app: FastAPI, events: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    net = await a_network(events, members_each=1)
    event = await published(events, net)
    page = f"/events/{event['id']}/agreements"
    owner = str(net.organisations[0])
    on_first_day(monkeypatch, event)
    await events.call("event.start", {"event_id": event["id"]})
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        long_and_impossible = await post_form(
            coordinator,
            page,
            page,
            {"text": "x" * 6000, "owner_organisation_id": owner, "due_on": "31.02.2027"},
        )
        assert long_and_impossible.status_code == 422
        assert field_error(long_and_impossible.text, "text") == "Bitte höchstens 1000 Zeichen eingeben."
        assert "Datum" in field_error(long_and_impossible.text, "due_on")
        long_and_nobody = await post_form(
            coordinator, page, page, {"text": "x" * 6000, "owner_organisation_id": "", "due_on": ""}
        )
        assert long_and_nobody.status_code == 422
        assert field_error(long_and_nobody.text, "text") == "Bitte höchstens 1000 Zeichen eingeben."
        assert field_error(long_and_nobody.text, "owner_organisation_id")
    assert (await events.call("agreement.list", {"event_id": event["id"]}))["items"] == []


async def test_a_too_long_cancel_reason_and_an_unknown_next_host_are_named_at_their_fields(
    app: FastAPI, events: EventsApi
) -> None:
    net = await a_network(events, members_each=1)
    series = await events.call(
        "series.create",
        {"title": unique("Netzwerktreffen"), "format": "network_meeting", "network_id": str(net.id)},
    )
    event = await event_with_places(events, network_id=str(net.id), series_id=series["id"], format=None)
    page = f"/events/{event['id']}"
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        cancel = await post_form(
            coordinator, page, f"{page}/status/cancel", {"reason": "R" * 6000, "confirmed": "yes"}
        )
        assert cancel.status_code == 422
        assert field_error(cancel.text, "reason") == "Bitte höchstens 2000 Zeichen eingeben."
        assert 'aria-describedby="reason-hint reason-error"' in cancel.text
        next_edition = await post_form(
            coordinator,
            page,
            f"{page}/next-edition",
            {
                "next_day_date": (
                    date.fromisoformat(event["days"][0]["date"]) + timedelta(days=365)
                ).isoformat(),
                "next_day_start": "10:00",
                "next_day_end": "16:00",
                "next_host_district_key": "Gibtsnicht",
            },
        )
        assert next_edition.status_code == 422
        assert (
            field_error(next_edition.text, "next_host_district_key")
            == "Diese Kreise kennen wir nicht: Gibtsnicht"
        )
        assert 'value="Gibtsnicht"' in next_edition.text
    assert (await events.call("event.get", {"event_id": event["id"]}))["status"] == event["status"]


async def colleague_of(app: FastAPI, events: EventsApi, centre: dict[str, Any]) -> dict[str, Any]:
    """Another person of the organisation, as the registry knows them (and the events service)."""
    colleague: dict[str, Any] = await call(
        app,
        "registry",
        "person.create",
        {
            "given_name": "Timo",
            "family_name": unique("Vertretung"),
            "emails": [f"timo.{uuid.uuid4().hex[:8]}@example.org"],
            "memberships": [{"organisation_id": centre["id"]}],
        },
    )
    await person_known(events, uuid.UUID(centre["id"]), uuid.UUID(colleague["id"]))
    return colleague


async def test_a_colleague_of_the_same_organisation_takes_over_a_registered_persons_place(
    app: FastAPI, events: EventsApi, registry: ServiceRuntime
) -> None:
    net = await a_network(events, members_each=1)
    centre, member = await responsible_centre(app, events)
    colleague = await colleague_of(app, events, centre)
    event = await published(events, net, capacity=5)
    registration = await events.call(
        "registration.register", {"event_id": event["id"], "person_id": member["id"]}
    )
    page = f"/events/{event['id']}/registrations"
    form_page = f"{page}/{registration['id']}/substitute"
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        listing = await coordinator.get(page)
        assert f'href="{form_page}">Vertretung' in listing.text
        form = await coordinator.get(form_page)
        assert form.status_code == 200
        assert f"Vertretung für {registration['person_name']}" in form.text
        assert f'<option value="{colleague["id"]}" >Timo {colleague["family_name"]}</option>' in form.text
        assert f'value="{member["id"]}"' not in form.text  # nobody stands in for themselves
        handed = await post_form(coordinator, form_page, form_page, {"substitute_person_id": colleague["id"]})
        assert handed.status_code == 303, handed.text
        shown = await coordinator.get(handed.headers["location"])
    taken = next(
        row
        for row in (await events.call("registration.list", {"event_id": event["id"]}))["items"]
        if row["person_id"] == colleague["id"]
    )
    assert (
        f"{taken['person_name']} übernimmt den Platz von {registration['person_name']} und erhält "
        "eine Bestätigung per E-Mail" in shown.text
    )
    statuses = {
        item["person_id"]: item["status"]
        for item in (await events.call("registration.list", {"event_id": event["id"]}))["items"]
    }
    assert statuses == {member["id"]: "cancelled", colleague["id"]: "confirmed"}


async def test_a_substitute_the_events_service_refuses_is_said_at_the_choice_and_changes_nothing(
    app: FastAPI, events: EventsApi, registry: ServiceRuntime
) -> None:
    net = await a_network(events, members_each=1)
    _, member = await responsible_centre(app, events)
    event = await published(events, net, capacity=5)
    registration = await events.call(
        "registration.register", {"event_id": event["id"], "person_id": member["id"]}
    )
    form_page = f"/events/{event['id']}/registrations/{registration['id']}/substitute"
    elsewhere = str(net.people[0])  # a person of another organisation
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        refused = await post_form(coordinator, form_page, form_page, {"substitute_person_id": elsewhere})
        assert refused.status_code == 422
        assert (
            field_error(refused.text, "substitute_person_id")
            == "Die Person gehört dieser Organisation nicht an."
        )
        themselves = await post_form(
            coordinator, form_page, form_page, {"substitute_person_id": member["id"]}
        )
        assert themselves.status_code == 422
        assert field_error(themselves.text, "substitute_person_id")
    async with staff_client(app, Role.COORDINATOR, [uuid.uuid4()]) as other:
        assert (await other.get(form_page)).status_code == 403
    async with staff_client(app, Role.READ_ONLY, [net.id]) as reader:
        assert "/substitute" not in (await reader.get(f"/events/{event['id']}/registrations")).text
        assert (await reader.get(form_page)).status_code == 403
    # a registration of another event under this event's address is not found
    other_event = await published(events, net, capacity=5)
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        mismatch = await coordinator.get(
            f"/events/{other_event['id']}/registrations/{registration['id']}/substitute"
        )
    assert mismatch.status_code == 404
    unchanged = await events.call("registration.get", {"registration_id": registration["id"]})
    assert unchanged["status"] == "confirmed"


async def new_series(coordinator: httpx.AsyncClient, net: Network, **fields: str) -> str:
    created = await post_form(
        coordinator,
        "/events/series",
        "/events/series",
        {
            "title": unique("Ideenwerkstatt"),
            "format": "ideas_workshop",
            "network_id": str(net.id),
            "host_pool": "Dessau-Roßlau, Halle (Saale)",
        }
        | fields,
    )
    assert created.status_code == 303
    return str(created.headers["location"].rsplit("/", 1)[1])


async def test_a_series_is_edited_title_organiser_address_and_host_rotation_by_name(
    app: FastAPI, events: EventsApi
) -> None:
    net = await a_network(events, members_each=1)
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        series_id = await new_series(coordinator, net, organiser_email="ikoe@example.org")
        page, edit = f"/events/series/{series_id}", f"/events/series/{series_id}/edit"
        assert f'href="{edit}"' in (await coordinator.get(page)).text
        form = await coordinator.get(edit)
        assert form.status_code == 200
        # the rotation as names, as it was typed
        assert 'value="Dessau-Roßlau, Halle (Saale)"' in form.text
        assert 'value="ikoe@example.org"' in form.text
        title = unique("IKOE-Ideenwerkstatt")
        saved = await post_form(
            coordinator,
            edit,
            edit,
            {"title": title, "organiser_email": "", "host_pool": "Halle (Saale), Dessau-Roßlau, Saalekreis"},
        )
        assert saved.status_code == 303, saved.text
        assert saved.headers["location"] == f"{page}?saved=1"
        shown = await coordinator.get(saved.headers["location"])
    assert "Gespeichert" in shown.text
    assert f"<h1>{title}</h1>" in shown.text
    series = (await events.call("series.get", {"series_id": series_id}))["series"]
    assert (series["title"], series["organiser_email"], series["host_pool"]) == (
        title,
        None,
        ["15002", "15001", "15088"],
    )


async def test_a_refused_series_edit_keeps_the_input_and_says_why_at_the_field(
    app: FastAPI, events: EventsApi
) -> None:
    net = await a_network(events, members_each=1)
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        series_id = await new_series(coordinator, net)
        edit = f"/events/series/{series_id}/edit"
        unknown = await post_form(
            coordinator, edit, edit, {"title": "Ideenwerkstatt", "host_pool": "Atlantis"}
        )
        assert unknown.status_code == 422
        assert "Atlantis" in field_error(unknown.text, "host_pool")
        assert 'value="Atlantis"' in unknown.text
        short = await post_form(coordinator, edit, edit, {"title": "I", "host_pool": "Halle (Saale)"})
        assert short.status_code == 422
        assert field_error(short.text, "title")
        mail = await post_form(
            coordinator,
            edit,
            edit,
            {"title": "Ideenwerkstatt", "organiser_email": "kein-at", "host_pool": ""},
        )
        assert mail.status_code == 422
        assert field_error(mail.text, "organiser_email") == "Bitte eine gültige E-Mail-Adresse eingeben."
    async with staff_client(app, Role.COORDINATOR, [uuid.uuid4()]) as other:
        assert (await other.get(edit)).status_code == 403
        refused = await post_form(
            other, f"/events/series/{series_id}", edit, {"title": "Fremd", "host_pool": ""}
        )
        assert refused.status_code == 403
    async with staff_client(app, Role.READ_ONLY, [net.id]) as reader:
        assert f'href="{edit}"' not in (await reader.get(f"/events/series/{series_id}")).text
    series = (await events.call("series.get", {"series_id": series_id}))["series"]
    assert series["title"] != "Fremd"
    assert series["host_pool"] == ["15001", "15002"]


async def test_a_next_edition_on_a_day_gone_by_is_refused_at_its_day_and_nobody_is_told(
    app: FastAPI, events: EventsApi
) -> None:
    net = await a_network(events, members_each=1)
    series = await events.call(
        "series.create",
        {"title": unique("Netzwerktreffen"), "format": "network_meeting", "network_id": str(net.id)},
    )
    event = await event_with_places(events, network_id=str(net.id), series_id=series["id"], format=None)
    page = f"/events/{event['id']}"
    # 2025 typed for 2027: the save-the-date to the attendees would name a day gone by.
    typo = date.fromisoformat(event["days"][0]["date"]).replace(year=date.today().year - 1)
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        refused = await post_form(
            coordinator,
            page,
            f"{page}/next-edition",
            {"next_day_date": typo.isoformat(), "next_day_start": "10:00", "next_day_end": "16:00"},
        )
        assert refused.status_code == 422
        assert field_error(refused.text, "next_days") == (
            "Der Termin liegt in der Vergangenheit. Bitte einen kommenden Tag wählen."
        )
        assert f'value="{typo.isoformat()}"' in refused.text
    editions = await events.call("event.list", {"series_id": series["id"]})
    assert [item["id"] for item in editions["items"]] == [event["id"]]


async def test_a_refused_status_change_is_not_called_a_problem_of_the_input(
    app: FastAPI, events: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    net = await a_network(events, members_each=1)
    draft = await events.call(
        "event.create",
        {
            "title": unique("Regionalworkshop Halle"),
            "format": "regional_workshop",
            "network_id": str(net.id),
            "days": [day(in_days(3))],
            "organiser": {"name": "IQ Netzwerk Sachsen-Anhalt", "email": "iq@example.org"},
        },
    )
    on_first_day(monkeypatch, draft)  # the draft was never published, and now it has begun
    page = f"/events/{draft['id']}"
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        refused = await post_form(coordinator, page, f"{page}/status/publish", {})
    assert refused.status_code == 422
    alert = refused.text.split('role="alert"')[1].split("</div>")[0]
    assert "Das ließ sich nicht ändern:" in alert
    assert "Eine Veranstaltung, die schon begonnen hat, kann nicht mehr veröffentlicht werden." in alert
    assert "Bitte prüfen Sie die Eingaben." not in alert  # the button has no input to check


async def test_a_series_named_like_one_of_the_network_is_refused_at_its_title_in_german(
    app: FastAPI, events: EventsApi
) -> None:
    net = await a_network(events, members_each=1)
    title = unique("Regionalworkshop Leipzig")
    await events.call(
        "series.create", {"title": title, "format": "regional_workshop", "network_id": str(net.id)}
    )
    async with staff_client(app, Role.COORDINATOR, [net.id]) as coordinator:
        again = await post_form(
            coordinator,
            "/events/series",
            "/events/series",
            {"title": title.lower(), "format": "regional_workshop", "network_id": str(net.id)},
        )
    assert again.status_code == 409
    assert field_error(again.text, "title") == html.escape(
        f"Eine Reihe namens „{title}“ hat dieses Netzwerk schon. Bitte planen Sie dort die nächste "
        "Ausgabe oder nennen Sie die neue Reihe anders.",
        quote=False,
    )
    assert f'value="{title.lower()}"' in again.text
    listed = await events.call("series.list", {"network_id": str(net.id)})
    assert [item["title"] for item in listed["items"]] == [title]
