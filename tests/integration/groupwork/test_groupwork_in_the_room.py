"""Group work in the room: the moderation state and timer kept by the events service, no-shows and
late arrivals with the fewest moves, and the record of who met whom feeding the series' next plan."""

from __future__ import annotations

import uuid
from datetime import datetime
from itertools import combinations
from typing import Any

from tests.integration.events.events_helpers import EventsApi, day, fields, in_days, person, published_event
from tests.integration.groupwork.groupwork_helpers import cafe, gathering, plan, register

SPEED = {"kind": "speed_consultation", "rounds": 5, "speaking_seconds": 45}


async def moderate(api: EventsApi, plan_id: str, action: str, **extra: Any) -> dict[str, Any]:
    result: dict[str, Any] = await api.call(
        "groupwork.moderate", {"plan_id": plan_id, "action": action} | extra
    )
    return result


def pairs_of(view: dict[str, Any], round_number: int) -> set[frozenset[str]]:
    return {frozenset(g["participant_ids"]) for g in view["plan"]["rounds"][round_number - 1]["groups"]}


async def test_the_timer_is_held_by_the_service_and_survives_pause_and_resume(api: EventsApi) -> None:
    group = await gathering(api, 6)
    made = await plan(api, group.event["id"], SPEED, seed=1)
    running = await moderate(api, made["id"], "start", speaking_seconds=45)
    live = running["live"]
    assert (live["status"], live["round"], live["rounds"], live["speaking_seconds"]) == ("running", 1, 5, 45)
    assert datetime.fromisoformat(live["started_at"]) <= datetime.fromisoformat(running["server_time"])
    paused = await moderate(api, made["id"], "pause")
    assert paused["live"]["status"] == "paused"
    assert paused["live"]["started_at"] is None
    assert paused["live"]["elapsed_seconds"] >= 0
    # A second screen reads the same state.
    again = await api.call("groupwork.get", {"plan_id": made["id"]})
    assert again["live"] == paused["live"]
    resumed = await moderate(api, made["id"], "resume")
    assert resumed["live"]["status"] == "running"
    nxt = await moderate(api, made["id"], "next")
    assert nxt["live"]["round"] == 2
    assert nxt["live"]["elapsed_seconds"] == 0
    # Round 1 is recorded as it happened.
    assert [e["round"] for e in nxt["outcome"]] == [1]
    assert {frozenset(g) for g in nxt["outcome"][0]["groups"]} == pairs_of(made, 1)
    skipped = await moderate(api, made["id"], "skip")
    assert skipped["live"]["round"] == 3
    assert [e["round"] for e in skipped["outcome"]] == [1]


async def test_a_no_show_gives_their_partners_new_partners_and_nobody_else_moves(api: EventsApi) -> None:
    group = await gathering(api, 8)
    made = await plan(api, group.event["id"], SPEED, seed=4)
    await moderate(api, made["id"], "start")
    await moderate(api, made["id"], "next")
    absent = group.people[0]
    changed = await moderate(api, made["id"], "no_show", person_id=absent)
    assert changed["live"]["absent"] == [absent]
    for number in (2, 3, 4, 5):
        before, after = pairs_of(made, number), pairs_of(changed, number)
        assert all(absent not in g for g in after)
        # Everyone else keeps their partner (the one left alone may sit in with them as a trio).
        untouched = {g for g in before if not any(x in g for x in _partners(made, number, absent))}
        assert all(any(g <= h for h in after) for g in untouched)
        assert sum(len(g) for g in after) == 7
    # Round 1 already happened with the person: it stays as it was.
    assert pairs_of(changed, 1) == pairs_of(made, 1)
    assert changed["quality"]["repeated_pairs"] >= 0
    late = await person(api, group.organisations[0])
    arrived = await moderate(api, made["id"], "arrived", person_id=str(late))
    assert any(str(late) in g for g in pairs_of(arrived, 2))
    assert str(late) in arrived["names"]


def _partners(view: dict[str, Any], number: int, person_id: str) -> set[str]:
    return {x for g in pairs_of(view, number) if person_id in g for x in g}


async def test_moderation_refuses_what_makes_no_sense_and_changes_nothing(api: EventsApi) -> None:
    group = await gathering(api, 4)
    made = await plan(api, group.event["id"], SPEED, seed=1)
    error = await api.fails("groupwork.moderate", {"plan_id": made["id"], "action": "next"})
    assert (error.code, fields(error)) == ("rule_violation", {"action"})
    error = await api.fails(
        "groupwork.moderate", {"plan_id": made["id"], "action": "start", "speaking_seconds": 90}
    )
    assert error.code == "validation_error"
    assert "speaking_seconds" in fields(error)
    await moderate(api, made["id"], "start")
    error = await api.fails(
        "groupwork.moderate", {"plan_id": made["id"], "action": "no_show", "person_id": str(uuid.uuid4())}
    )
    assert "person_id" in fields(error)
    unchanged = await api.call("groupwork.get", {"plan_id": made["id"]})
    assert unchanged["live"]["absent"] == []
    assert unchanged["plan"] == made["plan"]


async def test_recorded_meetings_of_one_event_lower_the_repeats_of_the_next_in_the_series(
    api: EventsApi,
) -> None:
    series = await api.call(
        "series.create",
        {"title": f"Zukunftswerkstatt {uuid.uuid4().hex[:6]}", "format": "future_workshop", "host_pool": []},
    )
    group = await gathering(api, 8, series_id=series["id"])
    # The first event's speed consultations run in the room; one person does not come.
    consultations = await plan(api, group.event["id"], SPEED | {"rounds": 3}, seed=5)
    await moderate(api, consultations["id"], "start")
    await moderate(api, consultations["id"], "no_show", person_id=group.people[7])
    await moderate(api, consultations["id"], "next")
    await moderate(api, consultations["id"], "next")
    finished = await moderate(api, consultations["id"], "finish")
    assert finished["live"]["status"] == "finished"
    assert [e["round"] for e in finished["outcome"]] == [1, 2, 3]
    met = {frozenset(p) for e in finished["outcome"] for g in e["groups"] for p in combinations(g, 2)}
    assert all(group.people[7] not in pair for pair in met)

    second_event = await published_event(api, series_id=series["id"], days=[day(in_days(60))], capacity=20)
    for person_id in group.people:
        await register(api, second_event["id"], person_id)

    def repeats(view: dict[str, Any]) -> int:
        sat = {
            frozenset(p)
            for t in view["plan"]["rounds"][0]["tables"]
            for p in combinations(t["participant_ids"], 2)
        }
        return len(sat & met)

    ignoring = await plan(api, second_event["id"], cafe(tables=2, rounds=1), seed=3)
    avoiding = await plan(
        api, second_event["id"], cafe(tables=2, rounds=1, avoid_series_encounters=True), seed=3
    )
    assert repeats(avoiding) < repeats(ignoring)
    assert avoiding["quality"]["repeated_encounters"] == repeats(avoiding)
