"""The demo data of the five reports, loaded through the events service's operations by the stack's
seeding: the series, the completed editions entered through ``event.enter_held``, the upcoming ones
created, published and registered for; the names of people from the registry's events after the
registry was loaded through its operations."""

from __future__ import annotations

from datetime import date

from events_helpers import EventsApi

from netzwerkstatt import demo
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.stack.seeding import seed_events, seed_groupwork, seed_registry
from netzwerkstatt.testing.services import eventually


async def test_the_demo_is_seeded_twice_without_change_and_shows_the_13th_ideenwerkstatt(
    api: EventsApi, registry: ServiceRuntime
) -> None:
    await seed_registry(api.connection)
    first = await seed_events(api.connection)
    again = await seed_events(api.connection)
    data = demo.current()
    planned = [event for event in data.events if event.status != "completed"]
    expected = {
        "series": len(data.series),
        "held_events": len(demo.completed_demo_events()),
        "planned_events": len(planned),
        "registrations": sum(len(event.attendee_slugs) for event in planned),
    }
    # Another test of this session may have loaded the demo before: the first run completes it.
    kinds = set(first.created) | set(first.present)
    assert {kind: first.created.get(kind, 0) + first.present.get(kind, 0) for kind in kinds} == expected
    assert (again.created, again.present) == ({}, expected)
    workshop = demo.demo_event("ikoe-ideenwerkstatt-13")
    figures = (await api.call("event.figures", {"event_id": str(workshop.id)}))["figures"]
    assert (figures["districts_represented"], figures["districts_total"]) == (13, 14)
    assert figures["attendees"] == len(workshop.attendee_slugs)
    overview = await api.call("series.get", {"series_id": str(demo.event_series("ikoe-ideenwerkstatt").id)})
    assert [item["edition"] for item in overview["past_editions"]] == [11, 12, 13]
    assert [item["edition"] for item in overview["planned_editions"]] == [14]
    assert [item["text"] for item in overview["open_agreements"]] == [
        "Stammtische von Verwaltung und Unternehmen in zwei Landkreisen erproben"
    ]
    cafe = await api.call("event.get", {"event_id": str(demo.demo_event("ikoe-ideencafe-2025").id)})
    assert cafe["venue"]["name"] == "einewelt haus Magdeburg"
    assert date.fromisoformat(cafe["days"][0]["date"]) > date.today(), "an upcoming event"
    assert cafe["status"] == "published"

    async def speaker() -> str | None:
        agenda = await api.call("agenda.get", {"event_id": str(workshop.id)})
        name: str | None = agenda["items"][0]["speakers"][0].get("name")
        return name

    assert await eventually(speaker) == "Dr. Marlene Voigtländer"


async def test_past_demo_events_are_completed_and_their_overdue_agreements_remind_nobody_on_start(
    api: EventsApi, registry: ServiceRuntime
) -> None:
    await seed_registry(api.connection)
    await seed_events(api.connection)
    for event in demo.DEMO_EVENTS:
        shown = await api.call("event.get", {"event_id": str(event.id)})
        held = date.fromisoformat(shown["days"][-1]["date"]) < date.today()
        assert (shown["status"] == "completed") == held, event.slug
    overdue = [
        agreement
        for event in demo.DEMO_EVENTS
        for agreement in event.agreements
        if agreement.due_on
        and agreement.due_on < date.today()
        and agreement.status in ("open", "in_progress")
    ]
    assert overdue, "the demo shows an overdue agreement"
    async with api.runtime.database.read() as session:
        from events_service.store.agreements import due_candidates

        assert await due_candidates(session, date.today()) == []


async def test_the_demo_has_a_group_work_plan_of_each_format_made_through_the_operations(
    api: EventsApi, registry: ServiceRuntime
) -> None:
    await seed_registry(api.connection)  # the people the plans name reach the events service by event
    await seed_events(api.connection)
    first = await seed_groupwork(api.connection)
    again = await seed_groupwork(api.connection)

    planned = demo.current().groupwork
    assert first.created == {"groupwork_plans": len(planned)}
    assert (again.created, again.present) == ({}, {"groupwork_plans": len(planned)})
    kinds = set()
    for item in planned:
        listed = await api.call("groupwork.list", {"event_id": str(item.event_id)})
        (summary,) = [plan for plan in listed["items"] if plan["title"] == item.title]
        assert summary["participants"] == len(demo.demo_event(item.event_slug).attendee_slugs)
        plan = await api.call("groupwork.get", {"plan_id": summary["id"]})
        kinds.add(plan["kind"])
    assert kinds == {"world_cafe", "speed_consultation", "workshop_choice", "barcamp"}
