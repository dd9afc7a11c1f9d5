"""Series: edition numbering, host rotation, the overview of past and planned editions, the next
edition planned from the last one, and the agenda without clashes."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, time
from typing import Any

import pytest
from events_helpers import EventsApi, day, fields, in_days, moved_clock, network, organisation, person, unique

from netzwerkstatt.errors import ServiceError


async def ideenwerkstatt(api: EventsApi) -> dict[str, Any]:
    organiser = await organisation(api, "Auslandsgesellschaft Sachsen-Anhalt", "association", regions=["15"])
    return await api.call(  # type: ignore[no-any-return]
        "series.create",
        {
            "title": unique("IKOE-Ideenwerkstatt"),
            "format": "ideas_workshop",
            "organiser_organisation_ids": [str(organiser)],
            "organiser_email": "ikoe@example.org",
            "host_pool": ["15003", "15002", "15085", "15088"],
            "first_edition": 12,
        },
    )


async def edition(api: EventsApi, series: dict[str, Any], host: str, on: int) -> dict[str, Any]:
    return await api.call(  # type: ignore[no-any-return]
        "event.create",
        {
            "series_id": series["id"],
            "title": f"{series['title']}",
            "days": [day(in_days(on)), day(in_days(on + 1), 9, 14)],
            "host_district_key": host,
        },
    )


async def test_editions_are_numbered_and_the_next_host_is_the_one_that_hosted_least_recently(
    api: EventsApi,
) -> None:
    series = await ideenwerkstatt(api)
    twelfth = await edition(api, series, "15003", 40)
    thirteenth = await edition(api, series, "15002", 80)
    assert (twelfth["edition"], thirteenth["edition"]) == (12, 13)
    assert twelfth["organiser"]["email"] == "ikoe@example.org"
    overview = await api.call("series.get", {"series_id": series["id"]})
    assert overview["next_edition"] == 14
    assert overview["next_host_suggestion"] == "15085"  # never hosted, first in the pool
    assert [item["edition"] for item in overview["planned_editions"]] == [12, 13]


async def test_a_series_and_an_edition_keep_the_ids_their_caller_chose_and_a_second_create_is_duplicate_id(
    api: EventsApi,
) -> None:
    series_id, event_id = uuid.uuid4(), uuid.uuid4()
    series_body = {"id": str(series_id), "title": unique("IKOE-Ideencafé"), "format": "ideas_cafe"}
    series = await api.call("series.create", series_body)
    assert series["id"] == str(series_id)
    event_body = {
        "id": str(event_id),
        "series_id": str(series_id),
        "edition": 3,
        "title": series["title"],
        "days": [day(in_days(30))],
        "organiser": {"name": "Auslandsgesellschaft Sachsen-Anhalt"},
    }
    event = await api.call("event.create", event_body)
    assert (event["id"], event["edition"], event["status"]) == (str(event_id), 3, "draft")

    again = await api.fails("series.create", series_body | {"title": unique("Anderer Titel")})
    assert [(detail.field, detail.code) for detail in again.details] == [("id", "duplicate_id")]
    again = await api.fails("event.create", event_body | {"edition": 4})
    assert [(detail.field, detail.code) for detail in again.details] == [("id", "duplicate_id")]
    overview = await api.call("series.get", {"series_id": str(series_id)})
    assert overview["series"]["title"] == series["title"], "the first series is left as it was"
    assert [item["edition"] for item in overview["planned_editions"]] == [3]


async def test_a_create_sent_several_times_at_once_with_one_new_id_makes_one_record_and_refuses_the_rest(
    api: EventsApi,
) -> None:
    """Another system that retries a create must get ``duplicate_id`` for the copies, never an
    internal error from the database's primary key."""
    series_id, event_id = str(uuid.uuid4()), str(uuid.uuid4())
    series_body = {"id": series_id, "title": unique("IKOE-Ideencafé"), "format": "ideas_cafe"}
    event_body = {
        "id": event_id,
        "title": unique("Netzwerktreffen"),
        "format": "network_meeting",
        "days": [day(in_days(30))],
        "organiser": {"name": "Auslandsgesellschaft Sachsen-Anhalt"},
    }
    for operation, body in (("series.create", series_body), ("event.create", event_body)):
        outcomes = await asyncio.gather(
            *(api.call(operation, body) for _ in range(4)), return_exceptions=True
        )
        assert len([outcome for outcome in outcomes if isinstance(outcome, dict)]) == 1, (operation, outcomes)
        refused = [outcome for outcome in outcomes if isinstance(outcome, ServiceError)]
        assert [(d.field, d.code) for error in refused for d in error.details] == [("id", "duplicate_id")] * 3


async def test_an_organiser_address_no_mail_can_reach_is_refused_at_its_field_and_nothing_is_created(
    api: EventsApi,
) -> None:
    title = unique("IKOE-Ideenwerkstatt")
    series_body = {"title": title, "format": "ideas_workshop", "organiser_email": "kein-mail"}
    event_body = {
        "title": title,
        "format": "ideas_workshop",
        "days": [day(in_days(30))],
        "organiser": {"name": "IKOE", "email": "jürgen@example.org"},
    }

    series = await api.fails("series.create", series_body)
    event = await api.fails("event.create", event_body)

    assert [(d.field, d.code) for d in series.details] == [("organiser_email", "invalid_email")]
    assert [(d.field, d.code) for d in event.details] == [("organiser.email", "email_not_ascii")]
    listed = await api.call("event.list", {"q": title})
    assert listed["total"] == 0
    fixed = await api.call("series.create", series_body | {"organiser_email": " IKOE@Example.ORG "})
    assert fixed["organiser_email"] == "IKOE@example.org"


async def test_a_duplicate_district_in_the_pool_is_refused(api: EventsApi) -> None:
    error = await api.fails(
        "series.create", {"title": "Ideencafé", "format": "ideas_cafe", "host_pool": ["15003", "15003"]}
    )
    assert (error.code, fields(error)) == ("validation_error", {"host_pool"})


async def test_planning_the_next_edition_counts_up_and_suggests_the_host(
    api: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    series = await ideenwerkstatt(api)
    last = await api.call(
        "event.create",
        {
            "series_id": series["id"],
            "title": "12. IKOE-Ideenwerkstatt",
            "days": [day(in_days(5))],
            "host_district_key": "15003",
            "capacity": 40,
            "venue": {"name": "Stadthaus Halle"},
        },
    )
    await api.call("event.publish", {"event_id": last["id"]})
    next_one = await api.call(
        "event.plan_next_edition", {"event_id": last["id"], "days": [day(in_days(370)), day(in_days(371))]}
    )
    assert (next_one["edition"], next_one["title"], next_one["status"]) == (
        13,
        "13. IKOE-Ideenwerkstatt",
        "draft",
    )
    assert (next_one["host_district_key"], next_one["capacity"]) == ("15002", 40)
    # The host rotates to another district, which holds it elsewhere: the venue is left to be entered.
    assert next_one["venue"] is None


async def test_the_overview_shows_attendance_per_past_edition(
    api: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    series = await ideenwerkstatt(api)
    held = await edition(api, series, "15003", 3)
    await api.call("event.publish", {"event_id": held["id"]})
    member = await organisation(api)
    registrations = [
        await api.call(
            "registration.register", {"event_id": held["id"], "person_id": str(await person(api, member))}
        )
        for _ in range(3)
    ]
    held_on = in_days(3)
    moved_clock(monkeypatch, datetime.combine(held_on, time(8), tzinfo=UTC))
    await api.call("event.start", {"event_id": held["id"]})
    for registration in registrations[:2]:
        await api.call(
            "attendance.record",
            {"event_id": held["id"], "registration_id": registration["id"], "day": held_on.isoformat()},
        )
    overview = await api.call("series.get", {"series_id": series["id"]})
    summary = overview["past_editions"][0]
    assert (summary["edition"], summary["confirmed"], summary["attended"]) == (12, 3, 2)


async def test_two_items_in_one_room_at_once_and_a_speaker_in_two_places_are_refused(api: EventsApi) -> None:
    series = await ideenwerkstatt(api)
    event = await edition(api, series, "15003", 30)
    first_day = in_days(30).isoformat()
    speaker = {"guest_name": "Dr. Erika Muster"}
    error = await api.fails(
        "agenda.set",
        {
            "event_id": event["id"],
            "items": [
                {
                    "day": first_day,
                    "start": "10:00",
                    "end": "11:00",
                    "format": "impulse",
                    "title": "Impuls",
                    "room": "Saal",
                    "speakers": [speaker],
                },
                {
                    "day": first_day,
                    "start": "10:30",
                    "end": "12:00",
                    "format": "practice_workshop",
                    "title": "Praxisworkshop",
                    "room": "Saal",
                },
                {
                    "day": first_day,
                    "start": "10:45",
                    "end": "11:30",
                    "format": "workshop",
                    "title": "Workshop B",
                    "room": "Raum 2",
                    "speakers": [speaker],
                },
            ],
        },
    )
    assert error.code == "rule_violation"
    assert fields(error) == {"items.1.room", "items.2.speakers"}
    assert (await api.call("agenda.get", {"event_id": event["id"]}))["items"] == []


async def test_an_agenda_of_two_days_with_parallel_workshops_is_kept(api: EventsApi) -> None:
    series = await ideenwerkstatt(api)
    event = await edition(api, series, "15003", 30)
    first_day, second_day = in_days(30).isoformat(), in_days(31).isoformat()
    agenda = await api.call(
        "agenda.set",
        {
            "event_id": event["id"],
            "items": [
                {
                    "day": first_day,
                    "start": "10:00",
                    "end": "10:30",
                    "format": "welcome",
                    "title": "Begrüßung",
                },
                {
                    "day": first_day,
                    "start": "11:00",
                    "end": "12:30",
                    "format": "workshop",
                    "title": "A",
                    "room": "1",
                },
                {
                    "day": first_day,
                    "start": "11:00",
                    "end": "12:30",
                    "format": "workshop",
                    "title": "B",
                    "room": "2",
                },
                {
                    "day": second_day,
                    "start": "09:00",
                    "end": "12:00",
                    "format": "barcamp",
                    "title": "Barcamp",
                },
            ],
        },
    )
    assert [item["format"] for item in agenda["items"]] == ["welcome", "workshop", "workshop", "barcamp"]


async def test_an_event_moved_to_other_dates_takes_its_programme_along_day_by_day(api: EventsApi) -> None:
    series = await ideenwerkstatt(api)
    event = await edition(api, series, "15003", 30)
    first, second = in_days(30).isoformat(), in_days(31).isoformat()
    items = [
        {"day": first, "start": "10:00", "end": "10:30", "format": "welcome", "title": "Begrüßung"},
        {"day": second, "start": "09:00", "end": "12:00", "format": "barcamp", "title": "Barcamp"},
    ]
    await api.call("agenda.set", {"event_id": event["id"], "items": items})

    await api.call(
        "event.update", {"event_id": event["id"], "days": [day(in_days(44)), day(in_days(45), 9, 14)]}
    )

    agenda = await api.call("agenda.get", {"event_id": event["id"]})
    assert [(item["day"], item["title"]) for item in agenda["items"]] == [
        (in_days(44).isoformat(), "Begrüßung"),
        (in_days(45).isoformat(), "Barcamp"),
    ]


async def test_a_day_with_programme_items_cannot_be_dropped_until_they_are_moved(api: EventsApi) -> None:
    series = await ideenwerkstatt(api)
    event = await edition(api, series, "15003", 30)
    second = in_days(31).isoformat()
    items = [{"day": second, "start": "09:00", "end": "12:00", "format": "barcamp", "title": "Barcamp"}]
    await api.call("agenda.set", {"event_id": event["id"], "items": items})

    with pytest.raises(ServiceError) as refused:
        await api.call("event.update", {"event_id": event["id"], "days": [day(in_days(30))]})

    assert [(d.field, d.code) for d in refused.value.details] == [("days", "agenda_on_removed_day")]
    unchanged = await api.call("event.get", {"event_id": event["id"]})
    assert len(unchanged["days"]) == 2
    agenda = await api.call("agenda.get", {"event_id": event["id"]})
    assert [item["day"] for item in agenda["items"]] == [second]


async def test_a_network_has_one_series_of_a_name_whatever_its_spelling(api: EventsApi) -> None:
    own, other = await network(api, [], ["14713"]), await network(api, [], ["14729"])
    title = unique("Regionalworkshop Leipzig")
    first = await api.call(
        "series.create", {"title": title, "format": "regional_workshop", "network_id": str(own)}
    )
    again = await api.fails(
        "series.create",
        {"title": f"  {title.upper()} ", "format": "regional_workshop", "network_id": str(own)},
    )
    assert again.code == "conflict"
    assert [(d.field, d.code, d.params) for d in again.details] == [
        ("title", "series_title_taken", {"title": title})
    ]
    # Another network may name its series alike; a rename onto a taken name is refused too.
    await api.call("series.create", {"title": title, "format": "regional_workshop", "network_id": str(other)})
    second = await api.call(
        "series.create",
        {"title": unique("Ideenwerkstatt"), "format": "ideas_workshop", "network_id": str(own)},
    )
    renamed = await api.fails("series.update", {"series_id": second["id"], "title": title.lower()})
    assert [(d.field, d.code) for d in renamed.details] == [("title", "series_title_taken")]
    # Its own name, as it is, is no conflict.
    await api.call("series.update", {"series_id": first["id"], "title": title, "host_pool": ["14713"]})
    listed = await api.call("series.list", {"network_id": str(own)})
    assert sorted(item["title"] for item in listed["items"]) == sorted([title, second["title"]])
