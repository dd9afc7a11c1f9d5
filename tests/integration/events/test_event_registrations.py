"""Registrations: places in arrival order, a first-in first-out waitlist that moves up by itself,
the per-organisation seat limit, substitutes, the deadline, newcomers."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from typing import Any

from events_helpers import EventsApi, fields, organisation, person, published_event

from events_service import clock


async def register(
    api: EventsApi, event: dict[str, Any], person_id: uuid.UUID, **extra: object
) -> dict[str, Any]:
    body = {"event_id": event["id"], "person_id": str(person_id)} | extra
    return await api.call("registration.register", body)  # type: ignore[no-any-return]


async def outbox_subjects(api: EventsApi, aggregate: str) -> list[str]:
    outbox = api.runtime.database.table("outbox")
    async with api.runtime.database.read() as session:
        rows = await session.execute(
            outbox.select().where(outbox.c.aggregate == aggregate).order_by(outbox.c.position)
        )
        return [row.subject for row in rows]


async def test_the_26th_registration_goes_on_the_waitlist(api: EventsApi) -> None:
    event = await published_event(api, capacity=25)
    jobcenter = await organisation(api)
    people = [await person(api, jobcenter) for _ in range(26)]
    results = [await register(api, event, person_id) for person_id in people]
    assert [r["status"] for r in results] == ["confirmed"] * 25 + ["waitlisted"]
    assert results[-1]["waitlist_position"] == 1
    assert await outbox_subjects(api, results[-1]["id"]) == ["events.evt.registration.waitlisted"]
    assert await outbox_subjects(api, results[0]["id"]) == ["events.evt.registration.confirmed"]


async def test_registering_twice_returns_the_first_registration_unchanged(api: EventsApi) -> None:
    event = await published_event(api, capacity=5)
    someone = await person(api, await organisation(api))
    first = await register(api, event, someone)
    again = await register(api, event, someone)
    assert again == first


async def test_sixty_simultaneous_registrations_fill_25_places_and_queue_the_rest_in_arrival_order(
    api: EventsApi,
) -> None:
    event = await published_event(api, capacity=25)
    jobcenter = await organisation(api)
    people = [await person(api, jobcenter) for _ in range(60)]
    results = await asyncio.gather(*(register(api, event, person_id) for person_id in people))
    listing = await api.call("registration.list", {"event_id": event["id"], "limit": 100})
    assert (listing["confirmed"], listing["waitlisted"]) == (25, 35)
    assert len({item["person_id"] for item in listing["items"]}) == 60
    statuses = [item["status"] for item in listing["items"]]  # in arrival order
    assert statuses == ["confirmed"] * 25 + ["waitlisted"] * 35
    assert [item["waitlist_position"] for item in listing["items"][25:]] == list(range(1, 36))
    assert sorted(r["status"] for r in results) == sorted(statuses)
    # Each reply told its place on the waitlist as the listing shows it.
    listed = {item["id"]: item["waitlist_position"] for item in listing["items"]}
    assert {r["id"]: r["waitlist_position"] for r in results} == listed

    # Cancellations promote the first on the waitlist, in order.
    first_waiting = listing["items"][25:28]
    for cancelled in listing["items"][:3]:
        await api.call("registration.cancel", {"registration_id": cancelled["id"]})
    after = await api.call("registration.list", {"event_id": event["id"]})
    by_id = {item["id"]: item for item in after["items"]}
    assert [by_id[item["id"]]["status"] for item in first_waiting] == ["confirmed"] * 3
    assert (after["confirmed"], after["waitlisted"]) == (25, 32)
    assert await outbox_subjects(api, first_waiting[0]["id"]) == [
        "events.evt.registration.waitlisted",
        "events.evt.registration.promoted",
    ]


async def test_raising_the_capacity_promotes_from_the_waitlist(api: EventsApi) -> None:
    event = await published_event(api, capacity=1)
    jobcenter = await organisation(api)
    _, second = [await register(api, event, await person(api, jobcenter)) for _ in range(2)]
    assert second["status"] == "waitlisted"
    await api.call("event.update", {"event_id": event["id"], "capacity": 2})
    listing = await api.call("registration.list", {"event_id": event["id"]})
    assert [item["status"] for item in listing["items"]] == ["confirmed", "confirmed"]


async def test_capacity_below_the_confirmed_count_is_refused_and_nothing_changes(api: EventsApi) -> None:
    event = await published_event(api, capacity=3)
    jobcenter = await organisation(api)
    for _ in range(3):
        await register(api, event, await person(api, jobcenter))
    error = await api.fails("event.update", {"event_id": event["id"], "capacity": 2})
    assert (error.code, fields(error)) == ("rule_violation", {"capacity"})
    assert (await api.call("event.get", {"event_id": event["id"]}))["capacity"] == 3


async def test_the_seat_limit_per_organisation_holds_and_a_substitute_takes_the_seat(api: EventsApi) -> None:
    event = await published_event(api, capacity=10, seats_per_organisation=1)
    jobcenter, agency = await organisation(api), await organisation(api, "Agentur für Arbeit", "agency")
    first = await register(api, event, await person(api, jobcenter))
    colleague = await register(api, event, await person(api, jobcenter))
    other = await register(api, event, await person(api, agency))
    assert (first["status"], colleague["status"], other["status"]) == ("confirmed", "waitlisted", "confirmed")

    deputy = await person(api, jobcenter)
    taken_over = await api.call(
        "registration.substitute", {"registration_id": first["id"], "substitute_person_id": str(deputy)}
    )
    assert (taken_over["status"], taken_over["substitute_for"]) == ("confirmed", first["person_id"])
    listing = await api.call("registration.list", {"event_id": event["id"]})
    by_person = {item["person_id"]: item["status"] for item in listing["items"]}
    assert by_person[first["person_id"]] == "cancelled"
    assert by_person[colleague["person_id"]] == "waitlisted"  # the seat stayed with the organisation


async def test_a_substitute_from_another_organisation_is_refused(api: EventsApi) -> None:
    event = await published_event(api, capacity=10)
    member = await register(api, event, await person(api, await organisation(api)))
    outsider = await person(api, await organisation(api))
    error = await api.fails(
        "registration.substitute", {"registration_id": member["id"], "substitute_person_id": str(outsider)}
    )
    assert error.code == "rule_violation"
    assert "substitute.organisation_id" in fields(error) or "organisation_id" in fields(error)


async def test_registration_after_the_deadline_is_refused(api: EventsApi) -> None:
    closed = clock.now() - timedelta(hours=1)
    event = await api.call(
        "event.create",
        {
            "title": "Regionalworkshop Chemnitz",
            "format": "regional_workshop",
            "days": [
                {"date": (clock.today() + timedelta(days=20)).isoformat(), "start": "10:00", "end": "15:00"}
            ],
            "organiser": {"name": "IQ Netzwerk Sachsen"},
            "registration_opens_at": (closed - timedelta(days=10)).isoformat(),
            "registration_closes_at": closed.isoformat(),
        },
    )
    await api.call("event.publish", {"event_id": event["id"]})
    error = await api.fails(
        "registration.register", {"event_id": event["id"], "person_id": str(await person(api, None))}
    )
    assert (error.code, fields(error)) == ("rule_violation", {"registration_closes_at"})
    assert (await api.call("registration.list", {"event_id": event["id"]}))["items"] == []


async def test_registration_for_a_cancelled_event_is_refused(api: EventsApi) -> None:
    event = await published_event(api)
    await api.call("event.cancel", {"event_id": event["id"]})
    error = await api.fails(
        "registration.register", {"event_id": event["id"], "person_id": str(await person(api, None))}
    )
    assert (error.code, fields(error)) == ("rule_violation", {"event_id"})


async def test_an_unknown_person_is_refused_with_the_field_named(api: EventsApi) -> None:
    event = await published_event(api)
    error = await api.fails(
        "registration.register", {"event_id": event["id"], "person_id": str(uuid.uuid4())}
    )
    assert (error.code, fields(error)) == ("not_found", {"person_id"})
    assert (await api.call("registration.list", {"event_id": event["id"]}))["items"] == []


async def test_a_person_new_to_the_network_is_flagged_as_newcomer(api: EventsApi) -> None:
    event = await published_event(api, capacity=10)
    jobcenter = await organisation(api)
    newcomer = await person(api, jobcenter, started=clock.today() - timedelta(days=30))
    registered = await register(api, event, newcomer)
    assert registered["is_newcomer"] is True


async def test_the_participant_cancels_with_the_token_from_the_email(api: EventsApi) -> None:
    event = await published_event(api, capacity=1)
    jobcenter = await organisation(api)
    first = await register(api, event, await person(api, jobcenter))
    waiting = await register(api, event, await person(api, jobcenter))
    token = await api.link_token("registration", first["id"])
    page = await api.call("registration.by_token", {"token": token})
    assert page["status"] == "confirmed"
    cancelled = await api.call("registration.cancel", {"token": token})
    assert cancelled["status"] == "cancelled"
    listing = await api.call("registration.list", {"event_id": event["id"]})
    assert {item["id"]: item["status"] for item in listing["items"]}[waiting["id"]] == "confirmed"
    error = await api.fails("registration.cancel", {"token": "not-a-valid-token-at-all"})
    assert (error.code, fields(error)) == ("not_found", {"token"})


async def test_staff_read_one_registration_by_its_id_with_its_waitlist_place(api: EventsApi) -> None:
    event = await published_event(api, capacity=1)
    jobcenter = await organisation(api)
    await register(api, event, await person(api, jobcenter))
    waiting = await register(api, event, await person(api, jobcenter))
    found = await api.call("registration.get", {"registration_id": waiting["id"]})
    assert found == waiting
    assert (found["event_id"], found["waitlist_position"]) == (event["id"], 1)
    error = await api.fails("registration.get", {"registration_id": str(uuid.uuid4())})
    assert (error.code, fields(error)) == ("not_found", {"registration_id"})
