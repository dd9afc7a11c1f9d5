"""A group-work plan costs up to about two seconds of CPU: the events service answers its other
requests while one is computed."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest
from events_helpers import EventsApi, organisation, person, published_event

from events_service.planning import operations as planning
from events_service.planning.build import PlanningInput, make_plan

HELD_SECONDS = 3.0


async def test_the_service_answers_a_read_while_a_world_cafe_is_planned(
    api: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    event = await published_event(api)
    organisation_id = await organisation(api)
    for _ in range(4):
        await api.call(
            "registration.register",
            {"event_id": event["id"], "person_id": str(await person(api, organisation_id))},
        )
    # The planner, held until the read below is answered: run on the event loop, it would hold the
    # loop (and the read) for all of HELD_SECONDS.
    loop = asyncio.get_running_loop()
    computing, answered = asyncio.Event(), threading.Event()

    def held_planner(source: PlanningInput) -> Any:
        loop.call_soon_threadsafe(computing.set)
        answered.wait(HELD_SECONDS)
        return make_plan(source)

    monkeypatch.setattr(planning, "make_plan", held_planner)
    parameters = {"kind": "world_cafe", "tables": [{"id": "t1"}, {"id": "t2"}], "rounds": 2}
    plan = asyncio.create_task(
        api.call("groupwork.plan", {"event_id": event["id"], "title": "Weltcafé", "parameters": parameters})
    )
    try:
        await computing.wait()
        read = await api.call("event.get", {"event_id": event["id"]})
        assert read["id"] == event["id"]
        assert not plan.done(), "the read was answered only after the plan"
    finally:
        answered.set()
    planned = await plan
    assert planned["kind"] == "world_cafe"
    assert {p for r in planned["plan"]["rounds"] for t in r["tables"] for p in t["participant_ids"]}
