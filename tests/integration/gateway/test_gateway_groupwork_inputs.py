"""The group work plan page's forms against the real events service: staff enter workshop wishes
and move a person to another workshop; for a Barcamp they enter a proposal and votes and move a
session; what the service refuses is listed on the page and changes nothing."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
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
    event_with_places,
    events_running,
    member,
    organisation,
)
from tests.integration.gateway.ui_support import field_error, gateway_running, post_form, staff_client


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


async def plan_for(
    events: EventsApi, parameters: dict[str, Any], people: int = 4
) -> tuple[dict[str, Any], list[str], uuid.UUID]:
    """A plan for an event of a network with ``people`` confirmed; the network's coordinator may
    change it (the coordinator rule)."""
    centre = await organisation(events, "Volkshochschule Halle", "adult_education_centre", ["15002"])
    network_id = await network(events, [centre], ["15002"])
    event = await event_with_places(events, network_id=str(network_id))
    ids = []
    for _ in range(people):
        person_id = await member(events, centre)
        await events.call("registration.register", {"event_id": event["id"], "person_id": str(person_id)})
        ids.append(str(person_id))
    plan = await events.call(
        "groupwork.plan",
        {"event_id": event["id"], "title": "Nachmittag", "parameters": parameters, "seed": 3},
    )
    return plan, ids, network_id


def page_of(plan: dict[str, Any]) -> str:
    return f"/events/{plan['event_id']}/groupwork/{plan['id']}"


async def test_staff_enter_workshop_wishes_and_move_a_person_to_another_workshop(
    app: FastAPI, events: EventsApi
) -> None:
    workshops = [
        {"id": "w1", "title": "Anerkennung", "capacity": 4},
        {"id": "w2", "title": "Sprachkurse", "capacity": 4},
    ]
    plan, people, network_id = await plan_for(events, {"kind": "workshop_choice", "workshops": workshops})
    page = page_of(plan)
    async with staff_client(app, Role.COORDINATOR, [network_id]) as coordinator:
        shown = await coordinator.get(page)
        assert "Workshopwünsche eintragen" in shown.text
        assert "Person umsetzen" in shown.text
        wishes = await post_form(
            coordinator, page, f"{page}/input/preferences", {"person_id": people[0], "choices": ["w2", "w1"]}
        )
        assert wishes.status_code == 303
        assert "Gespeichert" in (await coordinator.get(wishes.headers["location"])).text
        moved = await post_form(
            coordinator, page, f"{page}/input/move_person", {"person_id": people[1], "place_id": "w2"}
        )
        assert moved.status_code == 303
        refused = await post_form(
            coordinator, page, f"{page}/input/move_person", {"person_id": people[1], "place_id": "w9"}
        )
    assert refused.status_code == 422
    assert "Bitte prüfen Sie die Eingabe" in refused.text
    assert field_error(refused.text, "place_id")
    current = await events.call("groupwork.get", {"plan_id": plan["id"]})
    assert current["inputs"]["preferences"][people[0]] == ["w2", "w1"]
    placed = {item["participant_id"]: item["workshop_id"] for item in current["plan"]["assignments"]}
    assert placed[people[1]] == "w2"


async def test_a_move_the_plan_refuses_is_worded_at_its_field_with_the_workshop_it_is_about(
    app: FastAPI, events: EventsApi
) -> None:
    workshops = [
        {"id": "w1", "title": "Anerkennung", "capacity": 2},
        {"id": "w2", "title": "Sprachkurse", "capacity": 2},
    ]
    plan, people, network_id = await plan_for(events, {"kind": "workshop_choice", "workshops": workshops})
    placed = {item["participant_id"]: item["workshop_id"] for item in plan["plan"]["assignments"]}
    someone = next(person for person in people if placed[person] == "w1")
    page = page_of(plan)
    async with staff_client(app, Role.COORDINATOR, [network_id]) as coordinator:
        refused = await post_form(
            coordinator, page, f"{page}/input/move_person", {"person_id": someone, "place_id": "w2"}
        )
    assert refused.status_code == 422
    assert field_error(refused.text, "place_id") == (
        "Der Workshop „Sprachkurse“ ist voll (2 von 2 Plätzen). Bitte zuerst jemanden aus diesem "
        "Workshop umsetzen."
    )
    current = await events.call("groupwork.get", {"plan_id": plan["id"]})
    assert current["plan"] == plan["plan"]


# The key the page makes from the session's title.
KURSE = "integrationskurse-und-arbeit"


async def test_staff_enter_a_barcamp_proposal_and_votes_and_move_the_session(
    app: FastAPI, events: EventsApi
) -> None:
    parameters = {
        "kind": "barcamp",
        "rooms": [
            {"id": "r1", "name": "Saal", "capacity": 20},
            {"id": "r2", "name": "Raum 2", "capacity": 10},
        ],
        "slots": [{"id": "s1", "label": "11:00–11:45"}, {"id": "s2", "label": "12:00–12:45"}],
    }
    plan, people, network_id = await plan_for(events, parameters)
    page = page_of(plan)
    async with staff_client(app, Role.COORDINATOR, [network_id]) as coordinator:
        proposed = await post_form(
            coordinator,
            page,
            f"{page}/input/proposal",
            {"title": "Integrationskurse und Arbeit", "person_id": people[0]},
        )
        assert proposed.status_code == 303
        shown = await coordinator.get(page)
        assert "Stimmen eintragen" in shown.text
        assert "Session verschieben" in shown.text
        voted = await post_form(
            coordinator, page, f"{page}/input/votes", {"person_id": people[1], "choices": KURSE}
        )
        assert voted.status_code == 303
        await events.call("groupwork.rerun", {"plan_id": plan["id"]})
        moved = await post_form(
            coordinator,
            page,
            f"{page}/input/move_session",
            {"session_id": KURSE, "slot_id": "s2", "room_id": "r2"},
        )
        assert moved.status_code == 303, moved.text
    current = await events.call("groupwork.get", {"plan_id": plan["id"]})
    assert [item["id"] for item in current["inputs"]["proposals"]] == [KURSE]
    assert current["inputs"]["votes"][people[1]] == [KURSE]
    placement = next(item for item in current["plan"]["placements"] if item["session_id"] == KURSE)
    assert (placement["slot_id"], placement["room_id"]) == ("s2", "r2")


async def test_plan_pages_name_workshops_sessions_slots_rooms_and_tables_instead_of_their_ids(
    app: FastAPI, events: EventsApi
) -> None:
    workshops = [
        {"id": "w1", "title": "Anerkennung", "capacity": 4},
        {"id": "w2", "title": "Sprachkurse", "capacity": 4},
    ]
    choice, people, network_id = await plan_for(events, {"kind": "workshop_choice", "workshops": workshops})
    barcamp = {
        "kind": "barcamp",
        "rooms": [{"id": "r1", "name": "Saal", "capacity": 20}, {"id": "r2", "capacity": 10}],
        "slots": [{"id": "s1", "label": "11:00–11:45"}],
    }
    camp = await events.call(
        "groupwork.plan", {"event_id": choice["event_id"], "title": "Barcamp", "parameters": barcamp}
    )
    proposals = (
        ("kurse", "Integrationskurse", people[0]),
        ("wohnen", "Wohnen", people[1]),
        ("arbeit", "Arbeitsmarkt", people[2]),
    )
    for session_id, title, giver in proposals:
        proposal = {"plan_id": camp["id"], "id": session_id, "title": title, "giver_ids": [giver]}
        await events.call("groupwork.propose_session", proposal)
    await events.call("groupwork.rerun", {"plan_id": camp["id"]})
    cafe = {"kind": "world_cafe", "tables": [{"id": "t1", "topic": "Anerkennung"}, {"id": "t2"}], "rounds": 1}
    tables = await events.call(
        "groupwork.plan", {"event_id": choice["event_id"], "title": "Café", "parameters": cafe}
    )
    async with staff_client(app, Role.COORDINATOR, [network_id]) as coordinator:
        choice_page = (await coordinator.get(page_of(choice))).text
        camp_page = (await coordinator.get(page_of(camp))).text
        board = (await coordinator.get(f"{page_of(camp)}/moderation")).text
        cafe_page = (await coordinator.get(page_of(tables))).text
        cafe_room = (await coordinator.get(f"{page_of(tables)}/moderation")).text
    assert "<td>Anerkennung</td>" in choice_page or "<td>Sprachkurse</td>" in choice_page
    for raw in (">w1<", ">w2<"):
        assert raw not in choice_page
    # One slot, two rooms: two sessions run at 11:00, one in the Saal, one in the room without a name;
    # the one left over is shown as such.
    assert "<td>Arbeitsmarkt</td><td>Ohne Zeitfenster</td>" in camp_page
    assert "<td>Integrationskurse</td><td>11:00–11:45</td>" in camp_page
    assert "<td>Wohnen</td><td>11:00–11:45</td>" in camp_page
    assert "<td>Saal</td>" in camp_page
    assert "<td>Raum 2</td>" in camp_page
    assert ">Raum 2<" in board
    assert ">Integrationskurse<" in board
    for page in (camp_page, board):
        for raw in (">kurse<", ">wohnen<", ">s1<", ">r1<", ">r2<", "kurse s1"):
            assert raw not in page
    for page in (cafe_page, cafe_room):
        assert ">Tisch 2<" in page
        assert ">t2<" not in page


BARCAMP = {
    "kind": "barcamp",
    "rooms": [{"id": "r1", "name": "Saal", "capacity": 20}],
    "slots": [{"id": "s1", "label": "11:00–11:45"}, {"id": "s2", "label": "12:00–12:45"}],
}


async def test_a_barcamp_proposal_is_made_from_its_title_and_never_replaces_anothers(
    app: FastAPI, events: EventsApi
) -> None:
    plan, people, network_id = await plan_for(events, BARCAMP)
    page = page_of(plan)
    proposal = f"{page}/input/proposal"
    async with staff_client(app, Role.COORDINATOR, [network_id]) as coordinator:
        form = await coordinator.get(page)
        assert "Kurzname" not in form.text
        first = await post_form(
            coordinator, page, proposal, {"title": "Integrationskurse", "person_id": people[0]}
        )
        assert first.status_code == 303
        again = await post_form(
            coordinator, page, proposal, {"title": "Integrationskurse", "person_id": people[0]}
        )
        assert again.status_code == 303
        taken = await post_form(
            coordinator, page, proposal, {"title": "Integrationskurse", "person_id": people[1]}
        )
        # A title whose key another title has gets a key of its own.
        similar = await post_form(
            coordinator, page, proposal, {"title": "Integrationskurse!", "person_id": people[2]}
        )
        assert similar.status_code == 303
    assert taken.status_code == 409
    assert field_error(taken.text, "title") == "Eine andere Session mit diesem Titel ist schon vorgeschlagen."
    assert 'value="Integrationskurse"' in taken.text
    assert f'<option value="{people[1]}" selected>' in taken.text
    current = await events.call("groupwork.get", {"plan_id": plan["id"]})
    assert [(p["title"], p["giver_ids"]) for p in current["inputs"]["proposals"]] == [
        ("Integrationskurse", [people[0]]),
        ("Integrationskurse!", [people[2]]),
    ]


async def test_a_workshop_chosen_twice_is_named_at_the_later_choice_and_the_wishes_are_kept(
    app: FastAPI, events: EventsApi
) -> None:
    workshops = [{"id": f"w{i}", "title": f"Workshop {i}", "capacity": 4} for i in (1, 2, 3)]
    plan, people, network_id = await plan_for(events, {"kind": "workshop_choice", "workshops": workshops})
    page = page_of(plan)
    async with staff_client(app, Role.COORDINATOR, [network_id]) as coordinator:
        refused = await post_form(
            coordinator,
            page,
            f"{page}/input/preferences",
            {"person_id": people[2], "choices": ["w2", "", "w2"]},
        )
    assert refused.status_code == 422
    assert (
        field_error(refused.text, "choices-3")
        == "Dieser Workshop ist schon bei einer früheren Wahl eingetragen."
    )
    assert field_error(refused.text, "choices-1") == ""
    assert re.search(r'id="ranking-3"[^>]*>.*?<option value="w2" selected>', refused.text)
    assert f'<option value="{people[2]}" selected>' in refused.text
    current = await events.call("groupwork.get", {"plan_id": plan["id"]})
    assert people[2] not in current["inputs"].get("preferences", {})


async def test_a_workshop_line_is_told_why_its_seats_are_refused_and_which_line_it_is(
    app: FastAPI, events: EventsApi
) -> None:
    centre = await organisation(events, "Volkshochschule Halle", "adult_education_centre", ["15002"])
    network_id = await network(events, [centre], ["15002"])
    event = await event_with_places(events, network_id=str(network_id))
    page = f"/events/{event['id']}/groupwork"
    form = {"title": "Nachmittag", "kind": "workshop_choice", "rounds": "1", "seed": "0", "group_size": "2"}
    async with staff_client(app, Role.COORDINATOR, [network_id]) as coordinator:
        negative = await post_form(
            coordinator, page, page, form | {"lines": "Workshop A; 12\nWorkshop B: -3", "slots": ""}
        )
        assert negative.status_code == 422
        assert field_error(negative.text, "lines") == "Zeile 2: Der Wert muss mindestens 0 sein."
        without_seats = await post_form(coordinator, page, page, form | {"lines": "Workshop A", "slots": ""})
        assert without_seats.status_code == 422
        assert field_error(without_seats.text, "lines") == (
            "Zeile 1: Bitte die Plätze nach einem Semikolon angeben, z. B. „Workshop A; 12“."
        )
        barcamp = await post_form(
            coordinator,
            page,
            page,
            form
            | {"kind": "barcamp", "lines": "Saal; abc", "slots": "\n".join(f"{n}:00" for n in range(60))},
        )
        assert barcamp.status_code == 422
        assert field_error(barcamp.text, "lines") == "Zeile 1: Bitte eine ganze Zahl eingeben."
        assert field_error(barcamp.text, "slots") == "Bitte höchstens 50 Zeilen eingeben."
    assert (await events.call("groupwork.list", {"event_id": event["id"]}))["items"] == []
