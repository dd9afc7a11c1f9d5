"""The staff page of group work: an event's plans, a plan made through the form (with the fields'
errors when the input is wrong), shown with notices, and re-run by a button."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from fastapi import FastAPI

import gateway_service
from gateway_service.security.roles import Role
from gateway_service.testing import csrf_token_in
from gateway_service.web.groupwork import TEXTS
from tests.integration.events.events_helpers import EventsApi, moved_clock, network
from tests.integration.gateway.ui_support import field_error, staff_client
from tests.integration.groupwork.groupwork_helpers import cafe, coordinator_of, gathering, plan


async def test_a_coordinator_plans_a_world_cafe_through_the_form_and_sees_the_tables(
    api: EventsApi, staff_browser: httpx.AsyncClient, planning_network: uuid.UUID
) -> None:
    group = await gathering(api, 6, network_id=str(planning_network))
    event_id = group.event["id"]
    chooser = await staff_browser.get("/events/groupwork")
    assert f"/events/{event_id}/groupwork" in chooser.text
    form = await staff_browser.get(f"/events/{event_id}/groupwork")
    assert form.status_code == 200
    assert "Neuen Plan erstellen" in form.text
    created = await staff_browser.post(
        f"/events/{event_id}/groupwork",
        data={
            "title": "Nachmittag",
            "kind": "world_cafe",
            "rounds": "2",
            "seed": "1",
            "group_size": "2",
            "lines": "Anerkennung\nSprachkurse",
            "slots": "",
            "csrf_token": csrf_token_in(form.text),
        },
    )
    assert created.status_code == 303, created.text
    page = await staff_browser.get(created.headers["location"])
    assert "World Café: Nachmittag" in page.text
    assert "Runde 2" in page.text
    assert "Sprachkurse" in page.text
    assert "/export.html" in page.text
    # The quality reads as sentences, not as the planner's keys.
    assert "Niemand sitzt zweimal am selben Tisch." in page.text
    assert "aus demselben Kreis" in page.text
    for raw in ("max_district_share", "repeated_encounters", "table_revisits", "size_spread"):
        assert raw not in page.text
    plan_id = re.search(r"/groupwork/([0-9a-f-]{36})/rerun", page.text)
    assert plan_id is not None
    rerun = await staff_browser.post(
        f"/events/{event_id}/groupwork/{plan_id.group(1)}/rerun",
        data={"csrf_token": csrf_token_in(page.text)},
    )
    assert rerun.status_code == 303
    listing = await staff_browser.get(f"/events/{event_id}/groupwork")
    assert "Nachmittag" in listing.text


async def test_a_wrong_form_shows_what_is_wrong_and_keeps_the_input(
    api: EventsApi, staff_browser: httpx.AsyncClient, planning_network: uuid.UUID
) -> None:
    group = await gathering(api, 2, network_id=str(planning_network))
    event_id = group.event["id"]
    form = await staff_browser.get(f"/events/{event_id}/groupwork")
    refused = await staff_browser.post(
        f"/events/{event_id}/groupwork",
        data={
            "title": "Workshops",
            "kind": "workshop_choice",
            "rounds": "",
            "seed": "0",
            "group_size": "2",
            "lines": "Arbeitsmarkt;viele",
            "slots": "",
            "csrf_token": csrf_token_in(form.text),
        },
    )
    assert refused.status_code == 422
    assert "Bitte prüfen Sie die Eingaben" in refused.text
    # The workshop's capacity is wrong; the German page says so in words, not by the field's key.
    assert field_error(refused.text, "lines") == "Zeile 1: Bitte eine ganze Zahl eingeben."
    assert "capacity" not in refused.text
    assert "Arbeitsmarkt;viele" in refused.text
    # A format the form does not offer (an edited form) is named in words, not by its key.
    odd = await staff_browser.post(
        f"/events/{event_id}/groupwork",
        data={"title": "X", "kind": "fishbowl", "lines": "", "csrf_token": csrf_token_in(form.text)},
    )
    assert odd.status_code == 422
    assert field_error(odd.text, "kind") == "Bitte einen der angebotenen Werte wählen."
    assert "kind:" not in odd.text


async def test_each_mistake_of_the_new_plan_form_is_shown_at_its_field_and_names_the_line(
    api: EventsApi, staff_browser: httpx.AsyncClient, planning_network: uuid.UUID
) -> None:
    group = await gathering(api, 2, network_id=str(planning_network))
    event_id = group.event["id"]
    form = await staff_browser.get(f"/events/{event_id}/groupwork")

    async def create(**values: str) -> httpx.Response:
        data = {"title": "Plan", "kind": "world_cafe", "rounds": "1", "seed": "0", "group_size": "2"}
        data |= {"lines": "", "slots": "", "csrf_token": csrf_token_in(form.text)} | values
        return await staff_browser.post(f"/events/{event_id}/groupwork", data=data)

    empty = await create(title="", rounds="0", seed="abc")
    assert empty.status_code == 422
    assert field_error(empty.text, "title") == "Bitte füllen Sie dieses Feld aus."
    assert field_error(empty.text, "rounds") == "Der Wert muss mindestens 1 sein."
    assert field_error(empty.text, "lines") == "Bitte mindestens eine Zeile eingeben."
    assert field_error(empty.text, "seed") == "Bitte eine ganze Zahl eingeben."
    # Lines are counted as the form shows them, empty ones too.
    rooms = "Raum A;10\n\nRaum B;zehn"
    barcamp = await create(kind="barcamp", lines=rooms, slots="11:00–11:45\n" + "x" * 101)
    assert barcamp.status_code == 422
    assert field_error(barcamp.text, "lines") == "Zeile 3: Bitte eine ganze Zahl eingeben."
    assert field_error(barcamp.text, "slots") == "Zeile 2: Bitte höchstens 100 Zeichen eingeben."
    assert 'aria-describedby="lines-hint lines-error"' in barcamp.text
    assert "Raum B;zehn" in barcamp.text
    assert (await api.call("groupwork.list", {"event_id": event_id}))["items"] == []


async def test_a_coordinator_of_another_network_is_refused_group_work_on_pages_and_in_the_api(
    api: EventsApi, gateway_app: FastAPI, planning_network: uuid.UUID
) -> None:
    group = await gathering(api, 4, network_id=str(planning_network))
    event_id = group.event["id"]
    existing = await plan(api, event_id, cafe(tables=2, rounds=1), seed=3)
    elsewhere = await network(api, [], ["15002"])
    async with coordinator_of(gateway_app, [elsewhere]) as outsider:
        form = await outsider.get(f"/events/{event_id}/groupwork")
        assert form.status_code == 200  # looking is allowed; changing is not
        csrf = csrf_token_in(form.text)
        created = await outsider.post(
            f"/events/{event_id}/groupwork",
            data={
                "title": "Fremd",
                "kind": "world_cafe",
                "rounds": "1",
                "seed": "1",
                "group_size": "2",
                "lines": "Thema",
                "slots": "",
                "csrf_token": csrf,
            },
        )
        assert created.status_code == 403
        rerun = await outsider.post(
            f"/events/{event_id}/groupwork/{existing['id']}/rerun", data={"csrf_token": csrf}
        )
        assert rerun.status_code == 403
        # The plan's own event decides, not the event named in the path.
        own_event = await gathering(api, 1, network_id=str(elsewhere))
        moved = await outsider.post(
            f"/events/{own_event.event['id']}/groupwork/{existing['id']}/input/move_person",
            data={"person_id": group.people[0], "place_id": "t2", "round": "1", "csrf_token": csrf},
        )
        assert moved.status_code == 403
        outsider.headers["X-CSRF-Token"] = csrf
        by_api = await outsider.post(
            f"/api/events/{event_id}/groupwork",
            json={"title": "Fremd", "parameters": cafe(tables=2, rounds=1)},
        )
        assert (by_api.status_code, by_api.json()["error"]["code"]) == (403, "forbidden")
        api_rerun = await outsider.post(f"/api/groupwork/{existing['id']}/rerun", json={})
        assert api_rerun.status_code == 403
    listed = await api.call("groupwork.list", {"event_id": event_id})
    assert [item["id"] for item in listed["items"]] == [existing["id"]]
    assert (await api.call("groupwork.get", {"plan_id": existing["id"]}))["version"] == existing["version"]


def test_every_text_of_the_group_work_pages_exists_in_german_and_english() -> None:
    folder = Path(gateway_service.__file__).parent / "templates" / "groupwork"
    used: set[str] = set()
    for template in folder.glob("*.html"):
        used |= set(re.findall(r"""gw\(["']([a-z_]+)["']\)""", template.read_text()))
    assert used
    assert used - TEXTS.keys() == set()
    assert all(german.strip() and english.strip() for german, english in TEXTS.values())


async def test_the_moderation_view_starts_a_round_and_shows_who_meets_whom_and_who_speaks(
    api: EventsApi, staff_browser: httpx.AsyncClient, planning_network: uuid.UUID
) -> None:
    group = await gathering(api, 6, network_id=str(planning_network))
    event_id = group.event["id"]
    made = await plan(
        api, event_id, {"kind": "speed_consultation", "rounds": 3, "speaking_seconds": 45}, seed=2
    )
    base = f"/events/{event_id}/groupwork/{made['id']}/moderation"
    page = await staff_browser.get(base)
    assert page.status_code == 200
    assert "Noch nicht gestartet" in page.text
    assert '<script src="/static/moderation.js"></script>' in page.text
    started = await staff_browser.post(
        f"{base}/start", data={"speaking_seconds": "45", "csrf_token": csrf_token_in(page.text)}
    )
    assert started.status_code == 303
    running = await staff_browser.get(base)
    assert "Runde 1 von 3" in running.text
    assert "Läuft" in running.text
    assert 'data-speaking="45"' in running.text
    assert running.text.count('class="speaker speaking"') == 3
    names = made["names"]
    for group_ in made["plan"]["rounds"][0]["groups"]:
        assert names[group_["speaking_order"][0]] in running.text
    state = await staff_browser.get(f"{base}/state")
    assert state.json()["live"]["status"] == "running"
    refused = await staff_browser.post(
        f"{base}/start", data={"speaking_seconds": "90", "csrf_token": csrf_token_in(running.text)}
    )
    assert refused.status_code == 422
    assert "speaking_seconds" in refused.text
    for raw in ("not_started", "speed_consultation", "repeated_pairs"):
        assert f">{raw}<" not in running.text


async def test_read_only_staff_follow_the_moderation_view_without_its_controls(
    api: EventsApi, gateway_app: FastAPI, planning_network: uuid.UUID
) -> None:
    group = await gathering(api, 6, network_id=str(planning_network))
    made = await plan(api, group.event["id"], cafe(3, 3), seed=1)
    base = f"/events/{group.event['id']}/groupwork/{made['id']}/moderation"
    async with staff_client(gateway_app, Role.READ_ONLY) as reader:
        page = await reader.get(base)
    assert page.status_code == 200
    assert '<output id="round-time">20:00</output>' in page.text  # they see the round
    assert f'action="{base}/' not in page.text  # and no button that could only be refused
    assert "<button" not in page.text.split('id="main"', 1)[1]


async def test_the_moderation_view_shows_a_world_cafe_round_in_minutes_not_seconds(
    api: EventsApi, staff_browser: httpx.AsyncClient, planning_network: uuid.UUID
) -> None:
    group = await gathering(api, 6, network_id=str(planning_network))
    event_id = group.event["id"]
    made = await plan(api, event_id, cafe(3, 3), seed=1)
    base = f"/events/{event_id}/groupwork/{made['id']}/moderation"
    page = await staff_browser.get(base)
    assert '<output id="round-time">20:00</output>' in page.text
    assert "1200 s" not in page.text
    started = await staff_browser.post(
        f"{base}/start", data={"round_minutes": "15", "csrf_token": csrf_token_in(page.text)}
    )
    assert started.status_code == 303
    running = await staff_browser.get(base)
    shown = re.search(r'<output id="round-time">([^<]*)</output>([^<]*)</p>', running.text)
    assert shown is not None
    assert re.fullmatch(r"1[45]:[0-5]\d", shown.group(1)), shown.group(1)
    assert shown.group(2).strip() == ""  # no "s" behind a minutes clock


async def test_the_group_work_page_of_an_event_leads_back_to_the_event(
    api: EventsApi, staff_browser: httpx.AsyncClient, planning_network: uuid.UUID
) -> None:
    group = await gathering(api, 4, network_id=str(planning_network))
    event_id = group.event["id"]
    page = await staff_browser.get(f"/events/{event_id}/groupwork")
    assert page.status_code == 200
    main = page.text.split('<main id="main"')[1]
    assert f'<a href="/events/{event_id}">' in main


async def test_a_plan_made_through_the_form_can_seat_only_those_checked_in(
    api: EventsApi,
    staff_browser: httpx.AsyncClient,
    planning_network: uuid.UUID,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    group = await gathering(api, 6, network_id=str(planning_network))
    event = group.event
    first = date.fromisoformat(event["days"][0]["date"])
    moved_clock(monkeypatch, datetime.combine(first, time(12), tzinfo=ZoneInfo("Europe/Berlin")))
    await api.call("event.start", {"event_id": event["id"]})
    listing = await api.call("registration.list", {"event_id": event["id"]})
    absent = group.people[0]
    for row in listing["items"]:
        await api.call(
            "attendance.record",
            {
                "event_id": event["id"],
                "registration_id": row["id"],
                "day": first.isoformat(),
                "present": row["person_id"] != absent,
            },
        )
    form = await staff_browser.get(f"/events/{event['id']}/groupwork")
    assert '<option value="checked_in"' in form.text
    assert "nur die beim Check-in als anwesend Erfassten" in form.text
    created = await staff_browser.post(
        f"/events/{event['id']}/groupwork",
        data={
            "title": "World Café am Nachmittag",
            "kind": "world_cafe",
            "rounds": "2",
            "seed": "1",
            "group_size": "2",
            "lines": "Anerkennung\nSprachkurse",
            "slots": "",
            "participants": "checked_in",
            "csrf_token": csrf_token_in(form.text),
        },
    )
    assert created.status_code == 303, created.text
    plan_id = created.headers["location"].rsplit("/", 1)[-1]
    made = await api.call("groupwork.get", {"plan_id": plan_id})
    assert sorted(made["participant_ids"]) == sorted(group.people[1:])
