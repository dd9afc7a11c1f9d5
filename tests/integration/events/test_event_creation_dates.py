"""A new event lies ahead: one whose start has passed is refused at its days (it could never be
published, and as a draft it would take its series' next edition number), with a hint to the way
past editions are entered. Events that exist, a draft whose start has passed or an event that has
begun, stay as editable as their status allows."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from events_helpers import EventsApi, day, fields, in_days, moved_clock, organisation, published_event, unique

BERLIN = ZoneInfo("Europe/Berlin")


async def test_a_new_edition_dated_in_the_past_is_refused_at_its_days_and_takes_no_edition_number(
    api: EventsApi,
) -> None:
    organiser = await organisation(api, "IQ Netzwerk Sachsen-Anhalt", "association", regions=["15"])
    series = await api.call(
        "series.create",
        {
            "title": unique("Regionalworkshop"),
            "format": "regional_workshop",
            "organiser_organisation_ids": [str(organiser)],
        },
    )
    stray = {
        "series_id": series["id"],
        "title": series["title"],
        "days": [{"date": "2020-01-01", "start": "10:00", "end": "16:00"}],
        "registration_closes_at": "2019-12-01T12:00:00+01:00",
    }

    error = await api.fails("event.create", stray)

    assert (error.code, fields(error)) == ("rule_violation", {"days"})
    assert [detail.code for detail in error.details] == ["starts_in_past"]
    assert "past edition" in error.details[0].message
    overview = await api.call("series.get", {"series_id": series["id"]})
    assert overview["planned_editions"] == []
    first = await api.call(
        "event.create", stray | {"days": [day(in_days(30))], "registration_closes_at": None}
    )
    assert first["edition"] == 1


async def test_a_new_event_is_refused_once_its_first_day_has_begun_and_taken_until_then(
    api: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    on = in_days(5)
    moved_clock(monkeypatch, datetime.combine(on, time(11), tzinfo=BERLIN))
    body = {
        "title": unique("Netzwerktreffen Halle"),
        "format": "network_meeting",
        "organiser": {"name": "IQ Netzwerk Sachsen-Anhalt", "email": "iq@example.org"},
    }

    begun = await api.fails("event.create", body | {"days": [day(on, 10, 16)]})
    later_today = await api.call("event.create", body | {"days": [day(on, 12, 16)]})

    assert (begun.code, fields(begun)) == ("rule_violation", {"days"})
    assert later_today["status"] == "draft"


async def test_a_draft_whose_start_has_passed_can_still_be_moved_ahead_and_published(
    api: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    draft = await api.call(
        "event.create",
        {
            "title": unique("Lernwerkstatt Dessau"),
            "format": "learning_workshop",
            "days": [day(in_days(3))],
            "organiser": {"name": "IQ Netzwerk Sachsen-Anhalt", "email": "iq@example.org"},
        },
    )
    moved_clock(monkeypatch, datetime.combine(in_days(4), time(9), tzinfo=BERLIN))

    retitled = await api.call("event.update", {"event_id": draft["id"], "title": draft["title"] + " (neu)"})
    moved = await api.call("event.update", {"event_id": draft["id"], "days": [day(in_days(20))]})
    published = await api.call("event.publish", {"event_id": draft["id"]})

    assert retitled["title"].endswith("(neu)")
    assert date.fromisoformat(moved["days"][0]["date"]) == in_days(20)
    assert published["status"] == "published"


async def test_an_event_that_has_begun_keeps_its_description_editable(
    api: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    event = await published_event(api, days=[day(in_days(10))])
    moved_clock(monkeypatch, datetime.combine(in_days(10), time(12), tzinfo=BERLIN))
    await api.call("event.start", {"event_id": event["id"]})

    changed = await api.call("event.update", {"event_id": event["id"], "description": "Mit Protokoll"})

    assert (changed["status"], changed["description"]) == ("running", "Mit Protokoll")
