"""The figures a coordinating office reports upward, per quarter: events held, attendances, people,
organisations, districts covered and the agreements made at those events."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
from events_helpers import (
    EventsApi,
    day,
    in_days,
    moved_clock,
    network,
    organisation,
    person,
    published_event,
)


async def test_a_held_event_counts_in_its_quarter_with_its_attendees_and_agreements(
    api: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    leipzig = await organisation(api, "Jobcenter Leipzig", regions=["14713"])
    nordsachsen = await organisation(api, "Jobcenter Nordsachsen", regions=["14730"])
    own = await network(api, [leipzig, nordsachsen], ["14713", "14730"])
    held_on = in_days(1)
    event = await published_event(api, network_id=str(own), days=[day(held_on)], capacity=10)
    other = await published_event(api, network_id=str(own), days=[day(in_days(2))])  # not held
    people = [await person(api, leipzig), await person(api, leipzig), await person(api, nordsachsen)]
    registrations = [
        await api.call("registration.register", {"event_id": event["id"], "person_id": str(person_id)})
        for person_id in people
    ]
    await api.call("registration.register", {"event_id": other["id"], "person_id": str(people[0])})

    moved_clock(monkeypatch, datetime.combine(held_on, time(11), tzinfo=UTC))
    await api.call("event.start", {"event_id": event["id"]})
    for index, registration in enumerate(registrations):
        body = {"event_id": event["id"], "registration_id": registration["id"], "day": held_on.isoformat()}
        await api.call("attendance.record", body | {"present": index != 1})  # the second stayed away
    await api.call(
        "agreement.create",
        {"event_id": event["id"], "text": "Gemeinsames Infoblatt", "owner_organisation_id": str(leipzig)},
    )
    await api.call("event.complete", {"event_id": event["id"]})

    result = await api.call("figures.quarters", {"quarters": 2, "network_ids": [str(own)]})

    older, current = result["quarters"]
    assert (current["year"], current["quarter"]) == (held_on.year, (held_on.month - 1) // 3 + 1)
    assert (current["events_held"], current["attendances"], current["people"]) == (1, 2, 2)
    assert (current["organisations"], current["districts_covered"]) == (2, 2)
    assert (current["agreements_made"], current["agreements_open"]) == (1, 1)
    assert (older["events_held"], older["attendances"], older["agreements_made"]) == (0, 0, 0)

    figures = (await api.call("event.figures", {"event_id": event["id"]}))["figures"]
    assert (figures["attendees"], figures["organisations"]) == (2, 2)
    assert figures["represented_district_keys"] == ["14713", "14730"]


async def test_the_number_of_quarters_is_bounded_and_named(api: EventsApi) -> None:
    refused = await api.fails("figures.quarters", {"quarters": 40})
    assert refused.code == "validation_error"
    assert {detail.field for detail in refused.details} == {"quarters"}
