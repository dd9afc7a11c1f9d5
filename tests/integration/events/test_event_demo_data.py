"""The demo data of the five reports, seeded from the shared definition."""

from __future__ import annotations

from events_helpers import EventsApi

from events_service.demo import seed_demo
from netzwerkstatt import demo


async def test_the_demo_is_seeded_twice_without_change_and_shows_the_13th_ideenwerkstatt(
    api: EventsApi,
) -> None:
    await seed_demo(api.runtime.database)
    await seed_demo(api.runtime.database)
    workshop = demo.demo_event("ikoe-ideenwerkstatt-13")
    figures = (await api.call("event.figures", {"event_id": str(workshop.id)}))["figures"]
    assert (figures["districts_represented"], figures["districts_total"]) == (13, 14)
    assert figures["attendees"] == len(workshop.attendee_slugs)
    overview = await api.call("series.get", {"series_id": str(demo.event_series("ikoe-ideenwerkstatt").id)})
    assert [item["edition"] for item in overview["past_editions"]] == [13]
    assert [item["edition"] for item in overview["planned_editions"]] == [14]
    assert [item["text"] for item in overview["open_agreements"]] == [
        "Stammtische von Verwaltung und Unternehmen in zwei Landkreisen erproben"
    ]
    cafe = await api.call("event.get", {"event_id": str(demo.demo_event("ikoe-ideencafe-2025").id)})
    assert (cafe["venue"]["name"], cafe["days"][0]["date"]) == ("einewelt haus Magdeburg", "2025-03-21")
    agenda = await api.call("agenda.get", {"event_id": str(workshop.id)})
    assert agenda["items"][0]["speakers"][0]["name"] == "Dr. Marlene Voigtländer"
