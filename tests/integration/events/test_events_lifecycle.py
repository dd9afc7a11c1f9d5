"""Events: details, the status lifecycle and what may change in each status."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
import sqlalchemy as sa
from events_helpers import EventsApi, day, fields, in_days, moved_clock, network, published_event, unique


async def test_an_event_is_created_as_a_draft_with_its_days_in_berlin_time(api: EventsApi) -> None:
    created = await api.call(
        "event.create",
        {
            "title": unique("Ideencafé"),
            "format": "ideas_cafe",
            "motto": "Wie gelingt Arbeitsmarktintegration vor Ort?",
            "days": [{"date": "2031-03-21", "start": "10:00", "end": "15:00"}],
            "venue": {"name": "einewelt haus Magdeburg", "address": "Schellingstraße 3–4, 39104 Magdeburg"},
            "capacity": 30,
            "target_groups": ["Integrationskoordinator*innen"],
            "funding_note": "Gefördert aus Mitteln des Landes",
            "organiser": {"name": "AGSA", "email": "ikoe@example.org"},
        },
    )
    assert created["status"] == "draft"
    assert created["format"] == "ideas_cafe"
    assert not [name for name in created if name.endswith("_label")], "codes travel; the gateway words them"
    assert created["starts_at"] == "2031-03-21T09:00:00Z"  # CET, one hour ahead of UTC
    assert created["venue"]["name"] == "einewelt haus Magdeburg"


async def test_days_across_the_summer_time_change_keep_their_wall_clock_times(api: EventsApi) -> None:
    created = await api.call(
        "event.create",
        {
            "title": unique("Lernwerkstatt"),
            "format": "learning_workshop",
            "days": [
                {"date": "2030-03-30", "start": "09:00", "end": "17:00"},
                {"date": "2030-03-31", "start": "09:00", "end": "13:00"},
            ],
            "organiser": {"name": "Team MitWirkung"},
        },
    )
    assert created["starts_at"] == "2030-03-30T08:00:00Z"  # CET
    assert created["ends_at"] == "2030-03-31T11:00:00Z"  # CEST


async def test_a_day_ending_before_it_starts_is_refused_and_nothing_is_created(
    api: EventsApi,
) -> None:
    title = unique("Netzwerktreffen")
    error = await api.fails(
        "event.create",
        {
            "title": title,
            "format": "network_meeting",
            "days": [{"date": "2030-05-02", "start": "15:00", "end": "10:00"}],
            "organiser": {"name": "IQ Leipzig"},
        },
    )
    assert error.code == "rule_violation"
    assert fields(error) == {"days.0.end"}
    listed = await api.call("event.list", {"limit": 500}, dict)
    assert title not in {item["title"] for item in listed["items"]}


async def test_an_unknown_format_is_named(api: EventsApi) -> None:
    error = await api.fails(
        "event.create",
        {"title": "Kaffeeklatsch", "format": "coffee", "days": [day(in_days(5))], "organiser": {"name": "X"}},
    )
    assert (error.code, fields(error)) == ("validation_error", {"format"})
    # The same code as any other value outside its list, so a page words it without the list's codes.
    assert [detail.code for detail in error.details] == ["enum"]


async def test_a_published_event_announces_a_new_venue_as_a_schedule_change(api: EventsApi) -> None:
    event = await published_event(api)
    updated = await api.call(
        "event.update", {"event_id": event["id"], "venue": {"name": "Volkshochschule Leipzig"}}
    )
    assert updated["venue"]["name"] == "Volkshochschule Leipzig"
    assert updated["version"] == event["version"] + 1


async def test_an_invalid_transition_is_refused_and_the_status_stays(api: EventsApi) -> None:
    event = await published_event(api)
    error = await api.fails("event.complete", {"event_id": event["id"]})
    assert (error.code, fields(error)) == ("rule_violation", {"status"})
    assert (await api.call("event.get", {"event_id": event["id"]}))["status"] == "published"


async def test_an_event_runs_on_its_first_day_and_completes_on_its_last(
    api: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = in_days(10)
    event = await published_event(api, days=[day(first), day(in_days(11))])
    moved_clock(monkeypatch, datetime.combine(first, time(8), tzinfo=UTC))
    assert (await api.call("event.start", {"event_id": event["id"]}))["status"] == "running"
    error = await api.fails("event.update", {"event_id": event["id"], "title": "Neuer Titel"})
    assert fields(error) == {"title"}
    moved_clock(monkeypatch, datetime.combine(in_days(11), time(15), tzinfo=UTC))
    assert (await api.call("event.complete", {"event_id": event["id"]}))["status"] == "completed"


async def test_a_cancelled_event_keeps_its_reason(api: EventsApi) -> None:
    event = await published_event(api)
    reason = "Raum nicht verfügbar"
    cancelled = await api.call("event.cancel", {"event_id": event["id"], "reason": reason})
    assert (cancelled["status"], cancelled["cancel_reason"]) == ("cancelled", reason)
    # The fact carries it with the event, so every later fact about the event does too: the
    # participants' cancellation e-mails give it, whichever fact leads to them.
    outbox = api.runtime.database.table("outbox")
    async with api.runtime.database.read() as session:
        [envelope] = (
            await session.scalars(
                sa.select(outbox.c.envelope).where(
                    outbox.c.aggregate == event["id"], outbox.c.subject == "events.evt.event.cancelled"
                )
            )
        ).all()
    assert envelope["data"]["event"]["cancel_reason"] == reason


async def test_the_list_of_upcoming_events_of_a_network_leaves_out_past_cancelled_and_foreign_ones(
    api: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    ours, theirs = await network(api, [], ["14713"]), await network(api, [], ["14730"])
    past = await published_event(api, network_id=str(ours), days=[day(in_days(5))])
    ahead = await published_event(api, network_id=str(ours), days=[day(in_days(40))])
    running = await published_event(api, network_id=str(ours), days=[day(in_days(9)), day(in_days(10))])
    cancelled = await published_event(api, network_id=str(ours), days=[day(in_days(50))])
    await api.call("event.cancel", {"event_id": cancelled["id"]})
    foreign = await published_event(api, network_id=str(theirs), days=[day(in_days(40))])
    moved_clock(monkeypatch, datetime.combine(in_days(10), time(8), tzinfo=UTC))

    listed = await api.call("event.list", {"network_ids": [str(ours)], "upcoming": True, "limit": 500}, dict)

    assert [item["id"] for item in listed["items"]] == [running["id"], ahead["id"]]
    assert listed["total"] == 2
    every = await api.call("event.list", {"network_ids": [str(ours), str(theirs)], "limit": 500}, dict)
    assert {item["id"] for item in every["items"]} == {
        event["id"] for event in (past, ahead, running, cancelled, foreign)
    }
    in_order = [item["id"] for item in every["items"]]
    second = await api.call(
        "event.list", {"network_ids": [str(ours), str(theirs)], "offset": 2, "limit": 2}, dict
    )
    assert ([item["id"] for item in second["items"]], second["total"]) == (in_order[2:4], 5)
    beyond = await api.call("event.list", {"network_ids": [str(ours), str(theirs)], "offset": 9}, dict)
    assert (beyond["items"], beyond["total"]) == ([], 5)
