"""World Café plans made from the event's registrations, stored, re-run, adjusted by hand and kept up
to date with late registrations and dropouts; the service answers other requests while it plans."""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from itertools import combinations
from typing import Any

import pytest

from events_service.planning import build
from events_service.planning import operations as planning
from tests.integration.events.events_helpers import (
    EventsApi,
    day,
    fields,
    in_days,
    person,
    published_event,
)
from tests.integration.groupwork.groupwork_helpers import cafe, gathering, plan, register, seats

HELD_PLANNER_SECONDS = 3.0
WORKSHOPS = {
    "kind": "workshop_choice",
    "workshops": [
        {"id": "w1", "title": "Fachkräftesicherung", "capacity": 2},
        {"id": "w2", "title": "Anerkennung", "capacity": 2},
    ],
}


async def test_a_world_cafe_seats_every_confirmed_participant_once_per_round(api: EventsApi) -> None:
    group = await gathering(api, 12)
    made = await plan(api, group.event["id"], cafe(tables=3, rounds=3), seed=7)
    assert made["kind"] == "world_cafe"
    assert sorted(made["participant_ids"]) == sorted(group.people)
    for number in (1, 2, 3):
        assert sorted(seats(made, number)) == sorted(group.people)
    assert made["quality"]["size_spread"] == 0
    assert made["quality"]["repeated_encounters"] >= made["quality"]["repeated_encounters_lower_bound"]
    assert set(made["names"]) >= set(group.people)
    stored = await api.call("groupwork.get", {"plan_id": made["id"]})
    assert stored["plan"] == made["plan"]
    assert stored["outdated"] is False


async def test_plans_are_listed_per_event(api: EventsApi) -> None:
    group = await gathering(api, 6)
    first = await plan(api, group.event["id"], cafe(tables=2, rounds=2))
    second = await plan(api, group.event["id"], cafe(tables=3, rounds=2))
    listing = await api.call("groupwork.list", {"event_id": group.event["id"]})
    assert [item["id"] for item in listing["items"]] == [first["id"], second["id"]]
    assert listing["items"][0]["participants"] == 6


async def test_re_running_with_the_same_seed_gives_the_same_plan(api: EventsApi) -> None:
    group = await gathering(api, 10)
    made = await plan(api, group.event["id"], cafe(tables=3, rounds=3), seed=11)
    again = await api.call("groupwork.rerun", {"plan_id": made["id"]})
    assert again["plan"]["rounds"] == made["plan"]["rounds"]
    assert again["version"] == made["version"] + 1
    other = await api.call("groupwork.rerun", {"plan_id": made["id"], "seed": 12})
    assert other["seed"] == 12


async def test_a_re_run_against_an_old_version_is_refused(api: EventsApi) -> None:
    group = await gathering(api, 4)
    made = await plan(api, group.event["id"], cafe(tables=2, rounds=2))
    await api.call("groupwork.rerun", {"plan_id": made["id"]})
    error = await api.fails("groupwork.rerun", {"plan_id": made["id"], "version": made["version"]})
    assert error.code == "conflict"
    assert fields(error) == {"version"}


async def test_moving_a_person_by_hand_changes_only_that_seat_and_measures_the_plan_again(
    api: EventsApi,
) -> None:
    group = await gathering(api, 9)
    made = await plan(api, group.event["id"], cafe(tables=3, rounds=2))
    someone = group.people[0]
    before = seats(made, 2)
    target = next(t for t in ("t1", "t2", "t3") if t != before[someone])
    change = {"action": "move_person", "person_id": someone, "round": 2, "table_id": target}
    moved = await api.call("groupwork.adjust", {"plan_id": made["id"], "change": change})
    after = seats(moved, 2)
    assert after[someone] == target
    unchanged = {p: t for p, t in before.items() if p != someone}
    assert {p: t for p, t in after.items() if p != someone} == unchanged
    assert seats(moved, 1) == seats(made, 1)
    assert moved["quality"]["size_spread"] == 2
    assert moved["adjustments"][0]["person_id"] == someone


async def test_a_table_host_cannot_be_moved_away_from_the_table(api: EventsApi) -> None:
    group = await gathering(api, 6)
    host = group.people[0]
    parameters = cafe(tables=2, rounds=2)
    parameters["tables"][0]["host_ids"] = [host]
    made = await plan(api, group.event["id"], parameters)
    assert all(host in r["tables"][0]["host_ids"] for r in made["plan"]["rounds"])
    change = {"action": "move_person", "person_id": host, "round": 1, "table_id": "t2"}
    error = await api.fails("groupwork.adjust", {"plan_id": made["id"], "change": change})
    assert error.code == "rule_violation"
    assert fields(error) == {"change.person_id"}
    assert "hosts stay" in error.message


async def test_a_move_to_an_unknown_table_names_the_field(api: EventsApi) -> None:
    group = await gathering(api, 4)
    made = await plan(api, group.event["id"], cafe(tables=2, rounds=2))
    change = {"action": "move_person", "person_id": group.people[0], "round": 1, "table_id": "t9"}
    error = await api.fails("groupwork.adjust", {"plan_id": made["id"], "change": change})
    assert error.code == "validation_error"
    assert fields(error) == {"change.table_id"}


async def test_late_registrations_and_dropouts_change_the_plan_as_little_as_possible(api: EventsApi) -> None:
    group = await gathering(api, 12)
    made = await plan(api, group.event["id"], cafe(tables=3, rounds=3))
    dropout = group.people[0]
    registration = next(
        item
        for item in (await api.call("registration.list", {"event_id": group.event["id"]}))["items"]
        if item["person_id"] == dropout
    )
    await api.call("registration.cancel", {"registration_id": registration["id"]})
    late = str(await person(api, group.organisations[1]))
    await register(api, group.event["id"], late)
    assert (await api.call("groupwork.get", {"plan_id": made["id"]}))["outdated"] is True
    synced = await api.call("groupwork.sync_participants", {"plan_id": made["id"]})
    assert synced["added"] == [late]
    assert synced["removed"] == [dropout]
    for number in (1, 2, 3):
        before, after = seats(made, number), seats(synced["plan"], number)
        assert dropout not in after
        assert late in after
        stayed = [p for p in before if p != dropout]
        assert sum(before[p] != after[p] for p in stayed) <= 1
    assert synced["plan"]["outdated"] is False


async def test_too_many_rounds_give_the_best_plan_and_say_why_repeats_are_unavoidable(api: EventsApi) -> None:
    group = await gathering(api, 6)
    made = await plan(api, group.event["id"], cafe(tables=2, rounds=4))
    codes = {notice["code"] for notice in made["notices"]}
    assert "rounds_force_repeated_encounters" in codes
    assert len(made["plan"]["rounds"]) == 4


async def test_an_event_without_participants_gets_the_tables_and_a_clear_notice(api: EventsApi) -> None:
    event = await published_event(api)
    made = await plan(api, event["id"], cafe(tables=2, rounds=2))
    assert [n["code"] for n in made["notices"]] == ["no_participants"]
    assert made["participant_ids"] == []


async def test_avoiding_encounters_of_the_series_keeps_earlier_pairs_apart(api: EventsApi) -> None:
    series = await api.call(
        "series.create",
        {"title": f"Ideencafé {uuid.uuid4().hex[:6]}", "format": "ideas_cafe", "host_pool": []},
    )
    group = await gathering(api, 8, series_id=series["id"])
    first = await plan(api, group.event["id"], cafe(tables=2, rounds=1), seed=3)
    first_pairs = {
        frozenset(pair)
        for table in first["plan"]["rounds"][0]["tables"]
        for pair in combinations(table["participant_ids"], 2)
    }
    second_event = await published_event(api, series_id=series["id"], days=[day(in_days(60))], capacity=20)
    for person_id in group.people:
        await register(api, second_event["id"], person_id)
    avoiding = cafe(tables=2, rounds=1, avoid_series_encounters=True)
    second = await plan(api, second_event["id"], avoiding, seed=3)
    met_again = {
        frozenset(pair)
        for table in second["plan"]["rounds"][0]["tables"]
        for pair in combinations(table["participant_ids"], 2)
    } & first_pairs
    # Two tables of four from two earlier tables of four: at best 2 + 2 earlier pairs sit together.
    assert len(met_again) <= 4
    assert second["quality"]["repeated_encounters"] == len(met_again)


async def test_unknown_plans_and_events_are_not_found(api: EventsApi) -> None:
    error = await api.fails("groupwork.get", {"plan_id": str(uuid.uuid4())})
    assert (error.code, fields(error)) == ("not_found", {"plan_id"})
    error = await api.fails(
        "groupwork.plan", {"event_id": str(uuid.uuid4()), "title": "x", "parameters": cafe(2, 2)}
    )
    assert (error.code, fields(error)) == ("not_found", {"event_id"})


async def test_bad_parameters_name_the_field(api: EventsApi) -> None:
    event = await published_event(api)
    error = await api.fails(
        "groupwork.plan", {"event_id": event["id"], "title": "x", "parameters": cafe(tables=2, rounds=0)}
    )
    assert error.code == "validation_error"
    assert any(f.startswith("parameters.world_cafe.rounds") for f in fields(error)), fields(error)
    twice = cafe(tables=1, rounds=1)
    twice["tables"].append(dict(twice["tables"][0]))
    error = await api.fails("groupwork.plan", {"event_id": event["id"], "title": "x", "parameters": twice})
    assert error.code == "validation_error"
    assert "t1" in error.message


@asynccontextmanager
async def planner_held(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[asyncio.Event]:
    """Planning work started inside (a plan, a re-run, a change by hand, a sync) is held in the worker
    thread that computes it (the event is set once some is); on leaving, it goes on."""
    loop = asyncio.get_running_loop()
    computing, released = asyncio.Event(), threading.Event()

    async def held(work: Callable[..., Any], *args: Any) -> Any:
        def held_work() -> Any:
            loop.call_soon_threadsafe(computing.set)
            released.wait(HELD_PLANNER_SECONDS)
            return work(*args)

        return await build.off_the_loop(held_work)

    monkeypatch.setattr(planning, "off_the_loop", held)
    try:
        yield computing
    finally:
        released.set()


def seated(plan_view: dict[str, Any]) -> set[str]:
    return {p for r in plan_view["plan"]["rounds"] for t in r["tables"] for p in t["participant_ids"]}


async def test_the_service_answers_a_read_while_a_plan_is_computed(
    api: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plan costs up to about two seconds of CPU; run on the service's event loop it would hold up
    every other request for as long. The planner here is held until the read is answered."""
    group = await gathering(api, 4)
    async with planner_held(monkeypatch) as computing:
        planned = asyncio.create_task(plan(api, group.event["id"], cafe(2, 2)))
        await computing.wait()
        read = await api.call("event.get", {"event_id": group.event["id"]})
        assert read["id"] == group.event["id"]
        assert not planned.done(), "the read was answered only after the plan"
    assert seated(await planned) == set(group.people)


async def test_a_registration_for_the_event_is_taken_while_its_plan_is_computed(
    api: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plan is made outside the event's lock, so a registration for the same event does not wait
    for it; the plan, made without the newcomer, is stored as outdated."""
    group = await gathering(api, 4)
    newcomer = str(await person(api, group.organisations[0]))
    async with planner_held(monkeypatch) as computing:
        planned = asyncio.create_task(plan(api, group.event["id"], cafe(2, 2)))
        await computing.wait()
        registration = await register(api, group.event["id"], newcomer)
        assert registration["status"] == "confirmed"
        assert not planned.done(), "the registration waited for the plan"
    view = await planned
    assert seated(view) == set(group.people)
    assert view["outdated"] is True


async def test_a_re_run_is_stored_only_over_the_version_it_was_made_from(
    api: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A preference given while a re-run computes: the re-run plans again from the plan with the
    preference, and one that named the version it expected is refused."""
    group = await gathering(api, 4)
    made = await plan(api, group.event["id"], WORKSHOPS)
    preference = {"plan_id": made["id"], "person_id": group.people[0], "ranked_workshop_ids": ["w2", "w1"]}
    async with planner_held(monkeypatch) as computing:
        rerun = asyncio.create_task(api.call("groupwork.rerun", {"plan_id": made["id"]}))
        expecting = asyncio.create_task(
            api.fails("groupwork.rerun", {"plan_id": made["id"], "version": made["version"]})
        )
        await computing.wait()
        preferred = await api.call("groupwork.set_preferences", preference)
        assert preferred["version"] == made["version"] + 1
    refused = await expecting
    assert refused.code == "conflict"
    assert fields(refused) == {"version"}
    view = await rerun
    assert view["version"] == preferred["version"] + 1
    placed = {a["participant_id"]: a["workshop_id"] for a in view["plan"]["assignments"]}
    assert placed[group.people[0]] == "w2", "the re-run used the preference given meanwhile"


async def test_a_registration_for_the_event_is_taken_while_its_plan_is_brought_up_to_date(
    api: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bringing a plan up to date with the registrations is planned outside the event's lock too."""
    group = await gathering(api, 4)
    made = await plan(api, group.event["id"], cafe(2, 2))
    late, later = [str(await person(api, group.organisations[0])) for _ in range(2)]
    await register(api, group.event["id"], late)
    async with planner_held(monkeypatch) as computing:
        synced = asyncio.create_task(api.call("groupwork.sync_participants", {"plan_id": made["id"]}))
        await computing.wait()
        assert (await register(api, group.event["id"], later))["status"] == "confirmed"
        assert not synced.done(), "the registration waited for the plan"
    changes = await synced
    assert changes["added"] == [late]
    assert seated(changes["plan"]) == {*group.people, late}
    assert changes["plan"]["outdated"] is True, "the later registration is not in it yet"
