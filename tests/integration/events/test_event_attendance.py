"""Attendance per day, no-shows, the printable lists, and participation figures."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from events_helpers import (
    EventsApi,
    day,
    fields,
    in_days,
    moved_clock,
    network,
    organisation,
    person,
    published_event,
)

BERLIN = ZoneInfo("Europe/Berlin")


async def held_event(
    api: EventsApi, monkeypatch: pytest.MonkeyPatch, **fields_: object
) -> tuple[dict[str, Any], list[Any]]:
    """A two-day event with four confirmed participants from three districts, now running."""
    first, second = in_days(2), in_days(3)
    halle = await organisation(api, "Stadt Halle (Saale)", "municipality", regions=["15002"])
    magdeburg = await organisation(api, "Landeshauptstadt Magdeburg", "municipality", regions=["15003"])
    harz = await organisation(api, "Jobcenter Harz", "jobcenter", regions=["15085"])
    net = await network(api, [halle, magdeburg, harz], ["15001", "15002", "15003", "15085"])
    event = await published_event(api, days=[day(first), day(second, 9, 13)], network_id=str(net), **fields_)
    people = [
        await person(api, halle, decision_maker=True),
        await person(api, halle),
        await person(api, magdeburg, decision_maker=True),
        await person(api, harz, started=in_days(-60)),  # joined the network recently
    ]
    registrations = [
        await api.call("registration.register", {"event_id": event["id"], "person_id": str(someone)})
        for someone in people
    ]
    moved_clock(monkeypatch, datetime.combine(first, time(8), tzinfo=UTC))
    await api.call("event.start", {"event_id": event["id"]})
    return event, registrations


async def test_check_in_per_day_and_no_shows(api: EventsApi, monkeypatch: pytest.MonkeyPatch) -> None:
    event, registrations = await held_event(api, monkeypatch)
    first, second = event["days"][0]["date"], event["days"][1]["date"]
    for registration in registrations[:3]:
        await api.call(
            "attendance.record",
            {"event_id": event["id"], "registration_id": registration["id"], "day": first},
        )
    view = await api.call(
        "attendance.record",
        {"event_id": event["id"], "registration_id": registrations[0]["id"], "day": second},
    )
    assert view["present_per_day"] == {first: 3, second: 1}
    assert view["no_shows"] == 0  # the days are not over: the fourth may still come
    after_the_event = datetime.combine(date.fromisoformat(second), time(14), tzinfo=BERLIN)
    moved_clock(monkeypatch, after_the_event)
    view = await api.call("attendance.list", {"event_id": event["id"]})
    assert view["no_shows"] == 1
    no_show = next(row for row in view["rows"] if row["no_show"])
    assert no_show["registration_id"] == registrations[3]["id"]


async def test_nobody_has_missed_a_day_before_it_is_over_unless_marked_absent(
    api: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Started in the morning of its first day, before it begins, nobody is checked in and nobody
    has missed anything yet. Marked absent counts at once; once a day is over, who was not checked
    in did not come that day, and who came on none of the days is a no-show once all are over."""
    event, registrations = await held_event(api, monkeypatch)
    first, second = event["days"][0]["date"], event["days"][1]["date"]

    started = await api.call("attendance.list", {"event_id": event["id"]})
    assert (started["present_per_day"], started["missed_per_day"]) == (
        {first: 0, second: 0},
        {first: 0, second: 0},
    )
    assert started["no_shows"] == 0
    assert not any(row["no_show"] or row["missed_days"] for row in started["rows"])

    present, absent = registrations[0], registrations[1]
    for registration, here in ((present, True), (absent, False)):
        marked = await api.call(
            "attendance.record",
            {"event_id": event["id"], "registration_id": registration["id"], "day": first, "present": here},
        )
    assert marked["missed_per_day"] == {first: 1, second: 0}
    assert marked["no_shows"] == 0  # absent on the first day, but the second may bring them

    moved_clock(monkeypatch, datetime.combine(date.fromisoformat(first), time(17), tzinfo=BERLIN))
    evening = await api.call("attendance.list", {"event_id": event["id"]})
    assert evening["missed_per_day"] == {first: 3, second: 0}
    assert evening["no_shows"] == 0

    moved_clock(monkeypatch, datetime.combine(date.fromisoformat(second), time(14), tzinfo=BERLIN))
    over = await api.call("attendance.list", {"event_id": event["id"]})
    assert over["missed_per_day"] == {first: 3, second: 4}
    assert {row["registration_id"] for row in over["rows"] if row["no_show"]} == {
        registration["id"] for registration in registrations[1:]
    }
    assert over["no_shows"] == 3


async def test_check_in_on_a_day_that_is_not_an_event_day_is_refused(
    api: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    event, registrations = await held_event(api, monkeypatch)
    error = await api.fails(
        "attendance.record",
        {"event_id": event["id"], "registration_id": registrations[0]["id"], "day": in_days(40).isoformat()},
    )
    assert (error.code, fields(error)) == ("rule_violation", {"day"})


async def test_check_in_before_the_event_runs_is_refused(api: EventsApi) -> None:
    event = await published_event(api)
    registration = await api.call(
        "registration.register", {"event_id": event["id"], "person_id": str(await person(api, None))}
    )
    error = await api.fails(
        "attendance.record",
        {"event_id": event["id"], "registration_id": registration["id"], "day": event["days"][0]["date"]},
    )
    assert (error.code, fields(error)) == ("rule_violation", {"event_id"})


async def test_the_printed_lists_get_the_participants_by_organisation_and_a_day_of_the_event(
    api: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    event, registrations = await held_event(api, monkeypatch, venue={"name": "Stadthaus", "room": "Festsaal"})
    listing = await api.call("event.printable", {"event_id": event["id"]})
    assert (listing["day"], listing["venue"]["room"], len(listing["rows"])) == (None, "Festsaal", 4)
    assert registrations[0]["person_name"] in {row["person_name"] for row in listing["rows"]}
    ordered = [(row["organisation_name"] or "", row["person_name"]) for row in listing["rows"]]
    assert ordered == sorted(ordered)
    sheet = await api.call("event.printable", {"event_id": event["id"], "day": event["days"][1]["date"]})
    assert sheet["day"] == event["days"][1]["date"]
    wrong = await api.fails("event.printable", {"event_id": event["id"], "day": "2001-01-01"})
    assert (wrong.code, fields(wrong)) == ("rule_violation", {"day"})


async def test_figures_count_districts_of_the_region_types_decision_makers_and_newcomers(
    api: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    event, registrations = await held_event(api, monkeypatch)
    first = event["days"][0]["date"]
    for registration in registrations:
        await api.call(
            "attendance.record",
            {"event_id": event["id"], "registration_id": registration["id"], "day": first},
        )
    figures = (await api.call("event.figures", {"event_id": event["id"]}))["figures"]
    assert (figures["attendees"], figures["districts_represented"], figures["districts_total"]) == (4, 3, 4)
    assert figures["districts_missing"] == ["15001"]
    assert figures["institution_types"] == {"municipality": 3, "jobcenter": 1}
    assert (figures["decision_makers"], figures["decision_maker_share"]) == (2, 0.5)
    assert figures["newcomers"] == 1
