"""Agreements (Vereinbarungen): made at an event, owned, due; the open ones carried to the next
edition; the due reminder announced once, however many replicas check at the same time."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from events_helpers import EventsApi, day, fields, in_days, moved_clock, organisation, person, unique

from events_service import clock, due
from events_service.store import projection


async def held_edition(
    api: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> tuple[dict[str, Any], dict[str, Any]]:
    series = await api.call(
        "series.create",
        {"title": unique("Regionalworkshop Leipzig"), "format": "regional_workshop", "host_pool": ["14713"]},
    )
    held_on = in_days(1)
    event = await api.call(
        "event.create",
        {
            "series_id": series["id"],
            "title": "Regionalworkshop",
            "days": [day(held_on)],
            "organiser": {"name": "IST"},
        },
    )
    await api.call("event.publish", {"event_id": event["id"]})
    moved_clock(monkeypatch, datetime.combine(held_on, time(9), tzinfo=UTC))
    await api.call("event.start", {"event_id": event["id"]})
    return series, event


async def test_an_agreement_moves_from_open_to_done_and_not_back(
    api: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, event = await held_edition(api, monkeypatch)
    jobcenter = await organisation(api)
    owner = await person(api, jobcenter)
    agreement = await api.call(
        "agreement.create",
        {
            "event_id": event["id"],
            "text": "Schnittstellenpapier mit Ansprechpartnern abstimmen",
            "owner_organisation_id": str(jobcenter),
            "owner_person_id": str(owner),
            "due_on": in_days(30).isoformat(),
        },
    )
    assert (agreement["status"], agreement["version"]) == ("open", 1)
    progressing = await api.call(
        "agreement.change", {"agreement_id": agreement["agreement_id"], "status": "in_progress"}
    )
    done = await api.call("agreement.change", {"agreement_id": agreement["agreement_id"], "status": "done"})
    assert (progressing["status"], done["status"], done["version"]) == ("in_progress", "done", 3)
    error = await api.fails("agreement.change", {"agreement_id": agreement["agreement_id"], "status": "open"})
    assert (error.code, fields(error)) == ("rule_violation", {"status"})


async def test_an_agreement_needs_a_held_event_and_a_known_owner(api: EventsApi) -> None:
    draft = await api.call(
        "event.create",
        {
            "title": "Netzwerktreffen",
            "format": "network_meeting",
            "days": [day(in_days(9))],
            "organiser": {"name": "IQ"},
        },
    )
    jobcenter = await organisation(api)
    error = await api.fails(
        "agreement.create",
        {"event_id": draft["id"], "text": "Infoblatt", "owner_organisation_id": str(jobcenter)},
    )
    assert (error.code, fields(error)) == ("rule_violation", {"event_id"})


async def test_open_agreements_are_listed_for_the_next_edition(
    api: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    series, event = await held_edition(api, monkeypatch)
    jobcenter = await organisation(api)
    texts = [
        "Digitale Infomaterialien gemeinsam entwickeln",
        "Kommunikationswege festlegen",
        "Fotodoku teilen",
    ]
    created = [
        await api.call(
            "agreement.create",
            {"event_id": event["id"], "text": text, "owner_organisation_id": str(jobcenter)},
        )
        for text in texts
    ]
    await api.call("agreement.change", {"agreement_id": created[2]["agreement_id"], "status": "dropped"})
    overview = await api.call("series.get", {"series_id": series["id"]})
    assert {item["text"] for item in overview["open_agreements"]} == set(texts[:2])


async def test_a_due_agreement_is_announced_once_even_when_replicas_check_at_the_same_time(
    api: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, event = await held_edition(api, monkeypatch)
    jobcenter = await organisation(api)
    agreement = await api.call(
        "agreement.create",
        {
            "event_id": event["id"],
            "text": "Stammtisch mit Arbeitgebern organisieren",
            "owner_organisation_id": str(jobcenter),
            "due_on": (clock.today() + timedelta(days=14)).isoformat(),
        },
    )
    due_day = clock.today() + timedelta(days=14)
    database = api.runtime.database
    rounds = await asyncio.gather(*(due.announce_due(database, due_day) for _ in range(6)))
    announced = [agreement_id for found in rounds for agreement_id in found]
    assert [str(agreement_id) for agreement_id in announced].count(agreement["agreement_id"]) == 1
    outbox = database.table("outbox")
    async with database.read() as session:
        count = await session.scalar(
            sa.select(sa.func.count())
            .select_from(outbox)
            .where(
                outbox.c.aggregate == agreement["agreement_id"],
                outbox.c.subject == "events.evt.agreement.due",
            )
        )
    assert count == 1
    again = await api.call("agreement.check_due", {"today": due_day.isoformat()})
    assert agreement["agreement_id"] not in again["announced"]


async def test_an_agreement_cannot_fall_due_before_its_event_and_a_refused_one_changes_nothing(
    api: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, event = await held_edition(api, monkeypatch)
    event_day = clock.today()
    jobcenter = await organisation(api)
    terms = {"event_id": event["id"], "text": "Infoblatt abstimmen", "owner_organisation_id": str(jobcenter)}

    early = await api.fails(
        "agreement.create", terms | {"due_on": (event_day - timedelta(days=1)).isoformat()}
    )

    assert early.code == "rule_violation"
    assert [(d.field, d.code, d.params) for d in early.details] == [
        ("due_on", "due_before_event", {"event_date": event_day.isoformat()})
    ]
    assert (await api.call("agreement.list", {"event_id": event["id"]}))["items"] == []

    on_the_day = await api.call("agreement.create", terms | {"due_on": event_day.isoformat()})
    moved = await api.fails(
        "agreement.change",
        {"agreement_id": on_the_day["agreement_id"], "due_on": (event_day - timedelta(days=3)).isoformat()},
    )
    assert [(d.field, d.code) for d in moved.details] == [("due_on", "due_before_event")]
    (kept,) = (await api.call("agreement.list", {"event_id": event["id"]}))["items"]
    assert (kept["due_date"], kept["version"]) == (event_day.isoformat(), 1)


async def test_a_finished_agreement_is_not_reopened_and_says_so_with_its_own_code(
    api: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, event = await held_edition(api, monkeypatch)
    jobcenter = await organisation(api)
    agreement = await api.call(
        "agreement.create",
        {"event_id": event["id"], "text": "Fotodoku teilen", "owner_organisation_id": str(jobcenter)},
    )
    await api.call("agreement.change", {"agreement_id": agreement["agreement_id"], "status": "done"})

    reopened = await api.fails(
        "agreement.change", {"agreement_id": agreement["agreement_id"], "status": "open"}
    )

    assert [(d.field, d.code) for d in reopened.details] == [("status", "agreement_final")]


async def test_an_agreement_edited_from_a_version_since_changed_is_refused_as_stale(
    api: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, event = await held_edition(api, monkeypatch)
    jobcenter = await organisation(api)
    agreement = await api.call(
        "agreement.create",
        {"event_id": event["id"], "text": "Infoblatt abstimmen", "owner_organisation_id": str(jobcenter)},
    )
    ref = {"agreement_id": agreement["agreement_id"]}
    first = await api.call(
        "agreement.change", ref | {"text": "Infoblatt zweisprachig", "expected_version": 1}
    )
    assert first["version"] == 2

    stale = await api.fails("agreement.change", ref | {"text": "Infoblatt kürzen", "expected_version": 1})

    assert stale.code == "conflict"
    assert [(d.field, d.code) for d in stale.details] == [("expected_version", "stale_version")]
    (kept,) = (await api.call("agreement.list", {"event_id": event["id"]}))["items"]
    assert (kept["text"], kept["version"]) == ("Infoblatt zweisprachig", 2)
    # without a version (the status dropdown) a change applies to what is there now
    assert (await api.call("agreement.change", ref | {"status": "in_progress"}))["version"] == 3


async def test_an_agreement_handed_to_another_organisation_leaves_the_former_person_behind(
    api: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, event = await held_edition(api, monkeypatch)
    jobcenter = await organisation(api)
    chamber = await organisation(api, "Handwerkskammer zu Leipzig", "chamber")
    agreement = await api.call(
        "agreement.create",
        {
            "event_id": event["id"],
            "text": "Sprechtag Anerkennung im Jobcenter einrichten",
            "owner_organisation_id": str(jobcenter),
            "owner_person_id": str(await person(api, jobcenter)),
        },
    )
    ref = {"agreement_id": agreement["agreement_id"]}

    handed = await api.call("agreement.change", ref | {"owner_organisation_id": str(chamber)})

    assert (handed["owner_organisation_id"], handed["owner_person_id"], handed["version"]) == (
        str(chamber),
        None,
        2,
    )
    contact = await person(api, chamber)
    named = await api.call("agreement.change", ref | {"owner_person_id": str(contact)})
    assert (named["owner_organisation_id"], named["owner_person_id"]) == (str(chamber), str(contact))
    # naming the organisation it lies with already changes nothing, the person stays
    same = await api.call("agreement.change", ref | {"owner_organisation_id": str(chamber)})
    assert (same["owner_person_id"], same["version"]) == (str(contact), 3)
    # handed over together with a person of the new organisation, both are taken
    back_to = await person(api, jobcenter)
    both = await api.call(
        "agreement.change", ref | {"owner_organisation_id": str(jobcenter), "owner_person_id": str(back_to)}
    )
    assert (both["owner_organisation_id"], both["owner_person_id"]) == (str(jobcenter), str(back_to))
    outbox = api.runtime.database.table("outbox")
    async with api.runtime.database.read() as session:
        announced = await session.scalar(
            sa.select(sa.func.count())
            .select_from(outbox)
            .where(
                outbox.c.aggregate == agreement["agreement_id"],
                outbox.c.subject == "events.evt.agreement.changed",
            )
        )
    assert announced == 3


async def test_an_agreement_is_handed_only_to_a_known_organisation_still_working(
    api: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, event = await held_edition(api, monkeypatch)
    jobcenter = await organisation(api)
    closed_down = await organisation(api, "Beratungsstelle Torgau", "counselling")
    async with api.runtime.database.unit_of_work() as uow:
        await projection.archive_organisation(uow.session, closed_down, 2)
    agreement = await api.call(
        "agreement.create",
        {"event_id": event["id"], "text": "Infoblatt abstimmen", "owner_organisation_id": str(jobcenter)},
    )
    ref = {"agreement_id": agreement["agreement_id"]}

    unknown = await api.fails("agreement.change", ref | {"owner_organisation_id": str(uuid.uuid4())})
    archived = await api.fails("agreement.change", ref | {"owner_organisation_id": str(closed_down)})
    cleared = await api.fails("agreement.change", ref | {"owner_organisation_id": None, "text": None})

    assert [(d.field, d.code) for d in unknown.details] == [("owner_organisation_id", "unknown")]
    assert (archived.code, [(d.field, d.code) for d in archived.details]) == (
        "rule_violation",
        [("owner_organisation_id", "archived_owner")],
    )
    assert sorted(d.field for d in cleared.details) == ["owner_organisation_id", "text"]
    await api.call("agreement.change", ref | {"status": "done"})
    finished = await api.fails("agreement.change", ref | {"owner_organisation_id": str(closed_down)})
    assert [(d.field, d.code) for d in finished.details] == [("status", "agreement_closed")]
    (kept,) = (await api.call("agreement.list", {"event_id": event["id"]}))["items"]
    assert (kept["owner_organisation_id"], kept["version"]) == (str(jobcenter), 2)


async def test_an_agreement_is_a_text_of_at_most_1000_characters_created_changed_or_entered_afterwards(
    api: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lists and reminders show an agreement whole, so its text is at most 1,000 characters."""
    _, event = await held_edition(api, monkeypatch)
    jobcenter = await organisation(api)
    terms = {"event_id": event["id"], "owner_organisation_id": str(jobcenter)}

    too_long = await api.fails("agreement.create", terms | {"text": "x" * 1001})

    assert [(d.field, d.code, d.params) for d in too_long.details] == [
        ("text", "string_too_long", {"max_length": 1000})
    ]
    assert (await api.call("agreement.list", {"event_id": event["id"]}))["items"] == []
    made = await api.call("agreement.create", terms | {"text": "x" * 1000})
    changed = await api.fails("agreement.change", {"agreement_id": made["agreement_id"], "text": "y" * 1001})
    assert [(d.field, d.code) for d in changed.details] == [("text", "string_too_long")]
