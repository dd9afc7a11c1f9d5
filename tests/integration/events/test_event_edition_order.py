"""A series' edition numbers follow the editions' dates: an edition dated before another has a lower
number. A past edition (``series.record_past_edition``, the history import, ``event.enter_held``)
whose number or date would break that order is refused at its field, naming the edition in the way,
and nothing is saved; the next edition stays the highest number + 1. An event entered as held in a
series takes the next number only when it lies after every edition the series has. A held event's
host must be a district. The next edition planned from an edition takes the venue along only while
the host district stays, and an edition has one next edition."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from events_helpers import EventsApi, day, fields, in_days, network, organisation, unique

POOL = ["15081", "15002", "15003"]  # Altmarkkreis Salzwedel, Halle (Saale), Magdeburg


async def ikoe_series(api: EventsApi) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """The IKOE-Ideenwerkstatt as the walkthrough found it: the 13th held 46 days ago in Halle, the
    14th planned for in 134 days."""
    own = await network(api, [], POOL)
    organiser = await organisation(api, "Auslandsgesellschaft Sachsen-Anhalt", "association", regions=["15"])
    series = await api.call(
        "series.create",
        {
            "title": unique("IKOE-Ideenwerkstatt"),
            "format": "ideas_workshop",
            "network_id": str(own),
            "organiser_organisation_ids": [str(organiser)],
            "organiser_email": "ikoe@example.org",
            "host_pool": POOL,
            "first_edition": 13,
        },
    )
    thirteenth = await api.call("series.record_past_edition", past(series, 13, -46))
    fourteenth = await api.call(
        "event.create",
        {"series_id": series["id"], "title": "14. IKOE-Ideenwerkstatt", "days": [day(in_days(134))]},
    )
    assert (thirteenth["edition"], fourteenth["edition"]) == (13, 14)
    return series, thirteenth, fourteenth


def past(series: dict[str, Any], edition: int, days_from_today: int, host: str = "15002") -> dict[str, Any]:
    on = in_days(days_from_today).isoformat()
    return {
        "series_id": series["id"],
        "edition": edition,
        "first_day": on,
        "host_district_key": host,
        "attendees": 30,
        "organisations": 18,
    }


async def numbers(api: EventsApi, series: dict[str, Any]) -> tuple[list[int], int]:
    overview = await api.call("series.get", {"series_id": series["id"]})
    editions = [row["edition"] for row in overview["past_editions"] + overview["planned_editions"]]
    return sorted(editions), overview["next_edition"]


async def held(api: EventsApi, series: dict[str, Any], on: date, **fields_: Any) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "series_id": series["id"],
        "title": unique("Ideenwerkstatt"),
        "days": [day(on)],
        "host_district_key": "15002",
    } | fields_


async def test_a_held_event_with_a_host_that_is_no_district_is_refused_at_the_host(api: EventsApi) -> None:
    own = await network(api, [], POOL)
    body = {
        "id": str(uuid.uuid4()),
        "title": unique("Netzwerktreffen"),
        "format": "network_meeting",
        "network_id": str(own),
        "days": [day(in_days(-30))],
        "host_district_key": "Nirgendwo",
        "organiser": {"name": "IQ Netzwerk Sachsen-Anhalt"},
    }
    refused = await api.fails("event.enter_held", body)
    assert [(d.field, d.code) for d in refused.details] == [("host_district_key", "unknown_district")]
    bad_mail = await api.fails("event.enter_held", body | {"organiser": {"name": "IQ", "email": "kein-mail"}})
    assert fields(bad_mail) == {"organiser.email"}
    assert (await api.fails("event.get", {"event_id": body["id"]})).code == "not_found"


