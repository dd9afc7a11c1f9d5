"""Group work through the gateway's JSON API: plan, list, get, re-run, adjust, inputs, sync, exports;
bad input answers with the HTTP status and the fields concerned."""

from __future__ import annotations

import uuid

import httpx

from tests.integration.events.events_helpers import EventsApi
from tests.integration.groupwork.groupwork_helpers import cafe, gathering

BARCAMP = {
    "kind": "barcamp",
    "rooms": [{"id": "r1", "name": "Saal", "capacity": 10}],
    "slots": [{"id": "s1", "label": "11:00"}, {"id": "s2", "label": "13:00"}],
}


def fields_of(response: httpx.Response) -> set[str]:
    return {detail["field"] for detail in response.json()["error"]["details"]}


async def test_a_world_cafe_is_planned_adjusted_and_printed_through_the_gateway(
    api: EventsApi, gateway: httpx.AsyncClient
) -> None:
    group = await gathering(api, 8)
    event_id = group.event["id"]
    body = {"title": "World Café", "parameters": cafe(tables=2, rounds=2), "seed": 5}
    created = await gateway.post(f"/api/events/{event_id}/groupwork", json=body)
    assert created.status_code == 201, created.text
    plan_id = created.json()["id"]
    listed = await gateway.get(f"/api/events/{event_id}/groupwork")
    assert [item["id"] for item in listed.json()["items"]] == [plan_id]
    rerun = await gateway.post(f"/api/groupwork/{plan_id}/rerun", json={})
    assert rerun.json()["plan"] == created.json()["plan"]
    change = {"action": "move_person", "person_id": group.people[0], "round": 1, "table_id": "t2"}
    moved = await gateway.post(f"/api/groupwork/{plan_id}/adjustments", json={"change": change})
    assert moved.status_code == 200, moved.text
    synced = await gateway.post(f"/api/groupwork/{plan_id}/participants/sync")
    assert synced.json()["added"] == []
    page = await gateway.get(f"/api/groupwork/{plan_id}/export.html")
    assert page.headers["content-type"].startswith("text/html")
    assert "Tischkarten" in page.text
    sheet = await gateway.get(f"/api/groupwork/{plan_id}/export.csv")
    assert sheet.headers["content-type"].startswith("text/csv")
    assert "attachment" in sheet.headers["content-disposition"]
    assert sheet.text.startswith("\ufeffRunde;Tisch;Rolle;Name")
    english = await gateway.get(f"/api/groupwork/{plan_id}/export.csv", params={"language": "en"})
    assert english.text.startswith("\ufeffRound;Table;Role;Name")
    workbook = await gateway.get(f"/api/groupwork/{plan_id}/export.xlsx")
    assert workbook.headers["content-type"].startswith("application/vnd.openxmlformats")


async def test_barcamp_inputs_go_through_the_gateway(api: EventsApi, gateway: httpx.AsyncClient) -> None:
    group = await gathering(api, 3)
    created = await gateway.post(
        f"/api/events/{group.event['id']}/groupwork", json={"title": "Barcamp", "parameters": BARCAMP}
    )
    plan_id = created.json()["id"]
    proposal = {"id": "kurse", "title": "Kurse und Arbeit", "giver_ids": [group.people[0]]}
    proposed = await gateway.post(f"/api/groupwork/{plan_id}/proposals", json=proposal)
    assert proposed.status_code == 200, proposed.text
    voted = await gateway.put(
        f"/api/groupwork/{plan_id}/votes", json={"person_id": group.people[1], "session_ids": ["kurse"]}
    )
    assert voted.json()["outdated"] is True
    placed = (await gateway.post(f"/api/groupwork/{plan_id}/rerun", json={})).json()
    assert placed["plan"]["placements"][0]["votes"] == 1
    unknown_vote = await gateway.put(
        f"/api/groupwork/{plan_id}/votes", json={"person_id": group.people[1], "session_ids": ["nichts"]}
    )
    assert unknown_vote.status_code == 422
    assert fields_of(unknown_vote) == {"session_ids.0"}


async def test_bad_requests_answer_with_status_and_fields(api: EventsApi, gateway: httpx.AsyncClient) -> None:
    group = await gathering(api, 2)
    event_id = group.event["id"]
    no_kind = await gateway.post(
        f"/api/events/{event_id}/groupwork", json={"title": "x", "parameters": {"rounds": 2}}
    )
    assert no_kind.status_code == 422
    assert any(field.startswith("parameters") for field in fields_of(no_kind))
    unknown_event = await gateway.post(
        f"/api/events/{uuid.uuid4()}/groupwork", json={"title": "x", "parameters": cafe(2, 1)}
    )
    assert unknown_event.status_code == 404
    assert fields_of(unknown_event) == {"event_id"}
    missing = await gateway.get(f"/api/groupwork/{uuid.uuid4()}")
    assert missing.status_code == 404
    created = await gateway.post(
        f"/api/events/{event_id}/groupwork", json={"title": "x", "parameters": cafe(2, 1)}
    )
    plan_id = created.json()["id"]
    stale = await gateway.post(f"/api/groupwork/{plan_id}/rerun", json={"version": 99})
    assert stale.status_code == 409
    wrong_kind = await gateway.put(
        f"/api/groupwork/{plan_id}/preferences",
        json={"person_id": group.people[0], "ranked_workshop_ids": []},
    )
    assert wrong_kind.status_code == 422
    assert fields_of(wrong_kind) == {"plan_id"}
    bad_format = await gateway.get(f"/api/groupwork/{plan_id}/export.pdf")
    assert bad_format.status_code == 422
