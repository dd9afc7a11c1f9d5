"""A series' edition numbers follow the editions' dates: an edition dated before another has a lower
number. A past edition (``series.record_past_edition``, the history import, ``event.enter_held``)
whose number or date would break that order is refused at its field, naming the edition in the way,
and nothing is saved; the next edition stays the highest number + 1. An event entered as held in a
series takes the next number only when it lies after every edition the series has. A held event's
host must be a district. The next edition planned from an edition takes the venue along only while
the host district stays, and an edition has one next edition."""

from __future__ import annotations

import base64
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


async def test_a_past_edition_numbered_after_a_later_one_is_refused_naming_it(api: EventsApi) -> None:
    series, thirteenth, _ = await ikoe_series(api)

    # The walkthrough: Ausgabe 20 dated two and a half years ago, before the 13th.
    refused = await api.fails("series.record_past_edition", past(series, 20, -938))

    assert refused.code == "validation_error"
    (detail,) = refused.details
    assert (detail.field, detail.code) == ("edition", "number_after_later_edition")
    assert detail.params == {"edition": 13, "edition_date": thirteenth["days"][0]["date"]}
    assert await numbers(api, series) == ([13, 14], 15)

    # With a number below the 13th it is the series' history, and the next edition stays the 15th.
    twelfth = await api.call("series.record_past_edition", past(series, 12, -938))
    assert twelfth["edition"] == 12
    assert await numbers(api, series) == ([12, 13, 14], 15)


async def test_a_past_edition_numbered_before_an_earlier_one_is_refused_naming_it(api: EventsApi) -> None:
    series, _, _ = await ikoe_series(api)
    await api.call("series.record_past_edition", past(series, 11, -800))

    refused = await api.fails("series.record_past_edition", past(series, 10, -400))

    (detail,) = refused.details
    assert (detail.field, detail.code) == ("edition", "number_before_earlier_edition")
    assert detail.params == {"edition": 11, "edition_date": in_days(-800).isoformat()}
    assert await numbers(api, series) == ([11, 13, 14], 15)


async def test_an_import_keeps_to_the_order_of_the_series_and_of_its_own_rows(api: EventsApi) -> None:
    series, _, _ = await ikoe_series(api)

    def german(on: date) -> str:
        return on.strftime("%d.%m.%Y")

    text = (
        "Ausgabe;Datum;Gastgeber-Kreis;Teilnehmende;Organisationen\n"
        f"20;{german(in_days(-938))};Halle (Saale);30;18\n"
        f"11;{german(in_days(-700))};Magdeburg;30;18\n"
        f"12;{german(in_days(-900))};Magdeburg;30;18\n"
    )
    file = {"file_name": "ausgaben.csv", "content_base64": base64.b64encode(text.encode()).decode()}
    report = await api.call("series.history_import.dry_run", {"series_id": series["id"]} | file)

    problems = {
        (row["row"], problem["field"], problem["code"])
        for row in report["invalid_rows"]
        for problem in row["problems"]
    }
    assert problems == {
        (2, "edition", "number_after_later_edition"),
        (4, "edition", "number_after_later_edition"),  # the 11th of row 3 is dated after it
    }
    assert [row["edition"] for row in report["rows"]] == [11]


async def held(api: EventsApi, series: dict[str, Any], on: date, **fields_: Any) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "series_id": series["id"],
        "title": unique("Ideenwerkstatt"),
        "days": [day(on)],
        "host_district_key": "15002",
    } | fields_


async def test_an_event_held_before_the_series_editions_does_not_take_the_next_number(
    api: EventsApi,
) -> None:
    series, _, fourteenth = await ikoe_series(api)

    # The walkthrough: a Veranstaltung of 2023 entered with the series got the numbers 21, 22, 23.
    body = await held(api, series, in_days(-1000))
    refused = await api.fails("event.enter_held", body)

    assert refused.code == "rule_violation"
    (detail,) = refused.details
    assert (detail.field, detail.code) == ("days", "earlier_than_editions")
    assert detail.params == {"edition": 14, "edition_date": fourteenth["days"][0]["date"]}
    assert (await api.fails("event.get", {"event_id": body["id"]})).code == "not_found"
    assert await numbers(api, series) == ([13, 14], 15)

    # Its number given, it takes its place in the order; a number out of order is refused at it.
    out_of_order = await api.fails("event.enter_held", body | {"edition": 16})
    assert [(d.field, d.code) for d in out_of_order.details] == [("edition", "number_after_later_edition")]
    entered = await api.call("event.enter_held", body | {"edition": 12})
    assert (entered["edition"], entered["status"]) == (12, "completed")
    assert await numbers(api, series) == ([12, 13, 14], 15)


async def test_an_event_held_after_every_edition_takes_the_next_number(api: EventsApi) -> None:
    own = await network(api, [], POOL)
    series = await api.call(
        "series.create",
        {"title": unique("Ideenwerkstatt"), "format": "ideas_workshop", "network_id": str(own)},
    )
    await api.call("series.record_past_edition", past(series, 1, -300))
    body = await held(api, series, in_days(-10), organiser={"name": "IQ Netzwerk Sachsen-Anhalt"})
    entered = await api.call("event.enter_held", body)
    assert entered["edition"] == 2
    assert await numbers(api, series) == ([1, 2], 3)


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


async def test_the_next_edition_keeps_the_venue_only_while_the_host_stays_and_is_planned_once(
    api: EventsApi,
) -> None:
    series, _, fourteenth = await ikoe_series(api)
    await api.call(
        "event.update",
        {"event_id": fourteenth["id"], "host_district_key": "15002", "venue": {"name": "Stadthaus Halle"}},
    )

    # The rotation moves to the Altmarkkreis Salzwedel: Halle's Stadthaus is not its venue.
    rotated = await api.call(
        "event.plan_next_edition", {"event_id": fourteenth["id"], "days": [day(in_days(300))]}
    )
    assert (rotated["edition"], rotated["host_district_key"], rotated["venue"]) == (15, "15081", None)

    # Planned again from the 14th: the 15th exists, no second draft (16th) is made.
    again = await api.fails(
        "event.plan_next_edition", {"event_id": fourteenth["id"], "days": [day(in_days(310))]}
    )
    (detail,) = again.details
    assert (detail.field, detail.code, detail.params["edition"]) == ("event_id", "next_edition_exists", 15)
    assert await numbers(api, series) == ([13, 14, 15], 16)

    # With the host staying, the venue comes along.
    await api.call("event.cancel", {"event_id": rotated["id"]})
    same_host = await api.call(
        "event.plan_next_edition",
        {"event_id": fourteenth["id"], "days": [day(in_days(300))], "host_district_key": "15002"},
    )
    assert (same_host["edition"], same_host["venue"]["name"]) == (16, "Stadthaus Halle")
